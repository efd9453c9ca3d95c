"""The window over a big batch, as a person runs one: clear it, drop the folder again, sort it,
read why decks failed.

The window runs over a real jobs.db; the pool's part (claim, write the PDF, note it, succeed) is
played on the store, so no converter runs and the states stay put.
"""

from __future__ import annotations

import errno
import os
import uuid
from collections.abc import Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyle, QStyleOption, QStyleOptionProgressBar, QWidget
from pytestqt.qtbot import QtBot
from test_gui_window import make_deck
from test_gui_window_use import gui_home, open_window

from desktop_app.delegates import RowAction
from desktop_app.job_model import Column
from worker.jobs import JobQueue
from worker.jobs.model import Job, JobState
from worker.jobs.store import JobStore, Ticket
from worker.outputs import cannot_create
from worker.paths import DataPaths

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def convert_as_the_pool_does(home: Path, jobs: Sequence[Job]) -> None:
    """Each job claimed, its PDF written and noted as ours, then succeeded."""
    store = JobStore(DataPaths(home).jobs_db)
    for job in jobs:
        token = uuid.uuid4().hex
        assert store.claim(Ticket(job.id, int(job.extra["ticket"])), token, 60) is not None
        job.output.write_bytes(b"%PDF-1.7 stand-in for " + job.source.name.encode())
        st = job.output.stat()
        assert store.record_output(job.id, token, st.st_size, st.st_mtime_ns)
        assert store.succeed(job.id, token, 1, "builtin", [])
    store.close()


def test_a_folder_dropped_again_after_clear_finished_is_not_converted_again(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: Clear Finished forgot the jobs, and dropping the same unchanged folder again queued
    every deck anew (500 decks converted twice, their PDFs replaced by the same PDFs)."""
    home = gui_home(tmp_path, monkeypatch)
    folder = tmp_path / "talks"
    decks = [make_deck(folder / f"talk {i}.pptx", 1) for i in range(3)]
    queue = JobQueue(DataPaths(home))
    first = queue.submit(decks).queued
    convert_as_the_pool_does(home, first)
    tasks = queue.tasks.pending()  # no pool took the first tasks: only new ones would add to them
    pdfs = {job.output: job.output.stat().st_mtime_ns for job in first}

    window = open_window(qtbot, home, 3)
    clear = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.table, Qt.Key.Key_Delete, clear)  # Clear Finished
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=5_000)

    with qtbot.waitSignal(window.submitted, timeout=10_000):
        window.add_paths([folder])  # what a drop of the folder does
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=5_000)
    shown = [window.model.job_at(row) for row in range(3)]
    assert sorted(job.id for job in shown if job is not None) == sorted(job.id for job in first)
    assert all(job is not None and job.state is JobState.SUCCEEDED for job in shown)
    assert "3 already converted" in window.statusBar().currentMessage()
    assert queue.counts().queued == 0 and queue.tasks.pending() == tasks
    assert {out: out.stat().st_mtime_ns for out in pdfs} == pdfs  # untouched
    assert sorted(p.name for p in folder.iterdir()) == sorted([*(d.name for d in decks), *(p.name for p in pdfs)])

    # A deck changed since is converted again, into its own PDF (not "talk 0 (2).pdf").
    make_deck(decks[0], 2)
    with qtbot.waitSignal(window.submitted, timeout=10_000):
        window.add_paths([decks[0]])
    again = queue.list(JobState.QUEUED)
    assert [job.output.name for job in again] == ["talk 0.pdf"]
    window.close()


def test_a_click_on_name_sorts_numbered_decks_as_a_file_manager_does(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: 'talk 10' came before 'talk 2', and '9 intro' after '10 outro' (the names were
    compared character by character), unlike Explorer, Finder or Files."""
    home = gui_home(tmp_path, monkeypatch)
    names = ["talk 10.pptx", "talk 2.pptx", "Talk 1.pptx", "talk 2b.pptx", "10 outro.pptx", "9 intro.pptx"]
    decks = [make_deck(tmp_path / "talks" / name, 1) for name in names]
    JobQueue(DataPaths(home)).submit(decks)
    window = open_window(qtbot, home, len(names))
    header = window.table.horizontalHeader()
    x = header.sectionViewportPosition(Column.NAME) + header.sectionSize(Column.NAME) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    assert header.sortIndicatorSection() == Column.NAME
    shown = [window.proxy.index(row, Column.NAME).data() for row in range(window.proxy.rowCount())]
    ascending = ["9 intro.pptx", "10 outro.pptx", "Talk 1.pptx", "talk 2.pptx", "talk 2b.pptx", "talk 10.pptx"]
    if header.sortIndicatorOrder() is Qt.SortOrder.DescendingOrder:
        ascending.reverse()
    assert shown == ascending
    window.close()


class ProgressTexts:
    """Stands in for the table's style: notes each progress bar's text, its width and the bar's as the delegate
    hands it over, then draws it with the real style."""

    def __init__(self, style: QStyle) -> None:
        self.style = style
        self.drawn: list[tuple[str, int, int]] = []  # text, its width, the bar's width

    def drawControl(
        self, element: QStyle.ControlElement, option: QStyleOption, painter: QPainter, widget: QWidget | None = None
    ) -> None:
        if element == QStyle.ControlElement.CE_ProgressBar and isinstance(option, QStyleOptionProgressBar):
            self.drawn.append((option.text, option.fontMetrics.horizontalAdvance(option.text), option.rect.width()))
        self.style.drawControl(element, option, painter, widget)

    def __getattr__(self, name: str) -> object:
        return getattr(self.style, name)  # what else the view asks (its margins), as the real one


def fail_as_the_pool_does(home: Path, job: Job, reason: str) -> None:
    store = JobStore(DataPaths(home).jobs_db)
    token = uuid.uuid4().hex
    assert store.claim(Ticket(job.id, int(job.extra["ticket"])), token, 60) is not None
    store.fail(job.id, token, reason, "permanent", None)
    store.close()


def test_a_failed_row_says_why_within_its_bar(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: an output folder on a read-only disk read 'eate the output folder /mnt/ro/ta' in the
    row's red bar (the line's headline held the folder; the centred text was cut at both ends).
    The reason now leads in a few words, and any caption too long for the bar ends in an ellipsis;
    the whole line is in the tooltip."""
    home = gui_home(tmp_path, monkeypatch)
    decks = [make_deck(tmp_path / "talks" / f"{name}.pptx", 1) for name in ("budget", "roadmap")]
    jobs = JobQueue(DataPaths(home)).submit(decks).queued
    folder = tmp_path / "out" / "talks"
    read_only = cannot_create(folder, OSError(errno.EROFS, os.strerror(errno.EROFS), str(folder)))
    long_one = f"Could not finish {folder / 'roadmap.pdf'} because of something long: and more"
    fail_as_the_pool_does(home, jobs[0], read_only)
    fail_as_the_pool_does(home, jobs[1], long_one)

    window = open_window(qtbot, home, 2)
    qtbot.waitUntil(lambda: all(job.state is JobState.FAILED for job in window.model.jobs()))
    style = ProgressTexts(window.table.style())
    monkeypatch.setattr(window.table, "style", lambda: style)
    window.table.viewport().grab()  # paints the rows
    drawn = {text: (text_width, bar_width) for text, text_width, bar_width in style.drawn}
    assert "Output folder read-only" in drawn
    shortened = [text for text in drawn if text.startswith("Could not finish ")]
    assert len(shortened) == 1 and shortened[0].endswith("\u2026")
    assert all(text_width <= bar_width - 8 for text_width, bar_width in drawn.values())
    tips = {window.proxy.index(row, Column.PROGRESS).data(Qt.ItemDataRole.ToolTipRole) for row in range(2)}
    assert tips == {read_only, long_one}
    window.close()


def test_select_all_over_a_big_batch_reads_rows_not_every_cell(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the selected jobs were read with selectedRows(), which asks the model for the flags
    of every cell of every row, and the window read them on each selection change and each poll:
    Ctrl+A over the 500-deck batch stalled the window 135-260 ms, and every poll while they stayed
    selected cost ~70 ms (Xvfb heartbeat and cProfile). The rows now come from the selection's
    ranges; the window still acts on every selected job, in the shown order."""
    home = gui_home(tmp_path, monkeypatch)
    decks = [make_deck(tmp_path / "talks" / "talk 0.pptx", 1)]
    decks += [decks[0].with_name(f"talk {i}.pptx") for i in range(1, 300)]
    for copy in decks[1:]:
        copy.write_bytes(decks[0].read_bytes())
    queue = JobQueue(DataPaths(home))
    jobs = queue.submit(decks).queued
    window = open_window(qtbot, home, len(jobs))
    asked = 0
    flags = window.model.flags

    def counted(index: object) -> Qt.ItemFlag:
        nonlocal asked
        asked += 1
        return flags(index)  # type: ignore[arg-type]

    monkeypatch.setattr(window.model, "flags", counted)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert [job.id for job in window.selected_jobs()] == [job.id for job in jobs]
    assert window.act_front.isEnabled() and window.row_actions[RowAction.CANCEL].isEnabled()
    assert asked < len(jobs), f"{asked} flags() calls for {len(jobs)} rows"

    qtbot.keyClick(window.table, Qt.Key.Key_Delete)  # cancels every waiting job selected
    qtbot.waitUntil(lambda: queue.counts().cancelled == len(jobs), timeout=10_000)
    qtbot.waitUntil(lambda: all(job.state is JobState.CANCELLED for job in window.model.jobs()), timeout=10_000)
    window.close()


def test_clear_finished_during_a_batch_leaves_its_result_whole(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three of four decks convert, the user clears them off the list (Ctrl+Shift+Delete) while
    the fourth waits, then it converts: the batch converted four, and says so (it said "1 converted")."""
    home = gui_home(tmp_path, monkeypatch)
    window = open_window(qtbot, home, 0)
    for i in range(4):
        make_deck(tmp_path / "talks" / f"talk {i}.pptx", 1)
    with qtbot.waitSignal(window.submitted, timeout=10_000):
        window.add_paths([tmp_path / "talks"])
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=10_000)
    jobs = sorted(window.model.jobs(), key=lambda j: j.id)
    convert_as_the_pool_does(home, jobs[:3])
    qtbot.waitUntil(lambda: window.counts.succeeded == 3, timeout=10_000)
    window.table.setFocus()
    qtbot.waitUntil(window.act_clear.isEnabled, timeout=10_000)  # the shortcut needs it enabled
    clear = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.table, Qt.Key.Key_Delete, clear)  # Clear Finished
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=10_000)
    with qtbot.waitSignal(window.batch_finished, timeout=10_000) as finished:
        convert_as_the_pool_does(home, jobs[3:])
    assert (finished.args[0].succeeded, finished.args[0].total) == (4, 4)
    assert window.statusBar().currentMessage().startswith("Batch finished: 4 converted")


def test_a_job_back_from_clear_finished_keeps_its_log(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A converted deck cleared off the list, then its folder dropped again: the job comes back
    (not converted twice) and its details show the log of its conversion (it was empty: clearing
    deleted the log while keeping the job)."""
    home = gui_home(tmp_path, monkeypatch)
    folder = tmp_path / "talks"
    make_deck(folder / "talk.pptx", 1)
    queue = JobQueue(DataPaths(home))
    (job,) = queue.submit([folder]).queued
    convert_as_the_pool_does(home, [job])
    queue.store.add_log(job.id, "INFO", "done: 1 slide with builtin")  # as the pool logs it

    window = open_window(qtbot, home, 1)
    window.table.setFocus()
    clear = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.table, Qt.Key.Key_Delete, clear)  # Clear Finished
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=5_000)
    with qtbot.waitSignal(window.submitted, timeout=10_000):
        window.add_paths([folder])
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5_000)
    qtbot.keyClick(window.table, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: window.details.job is not None and window.details.job.id == job.id, timeout=5_000)
    qtbot.waitUntil(lambda: "done: 1 slide" in window.details.log_view.toPlainText(), timeout=5_000)
