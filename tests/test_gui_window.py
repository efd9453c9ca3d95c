"""The real window against a real pool process: drops, progress, cancel, retry, pause, restart."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import hostile_support as hs
import pytest
from pptx import Presentation
from pptx.util import Inches
from pypdf import PdfReader
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFileOpenEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.batch import BatchResult
from desktop_app.bridge import DropReport
from desktop_app.delegates import ActionsDelegate, RowAction
from desktop_app.desktop import RecordingDesktop
from desktop_app.file_open import FileOpenListener
from desktop_app.job_model import Column
from desktop_app.main import create_window
from desktop_app.pool_control import pool_pid, stop_pool
from desktop_app.quit_dialog import QuitChoice
from desktop_app.settings import Settings, SettingsStore
from desktop_app.single_instance import InstanceServer, server_name
from desktop_app.window import MainWindow
from worker.errors import headline
from worker.jobs.model import Job, JobState
from worker.paths import DataPaths
from worker.pool.lock import pool_alive

ROOT = Path(__file__).resolve().parents[1]
BATCH_TIMEOUT = 180_000  # ms; a cold converter child on a busy machine is slow to start

# The offscreen platform cannot size native windows; nothing the window does is wrong.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def make_deck(path: Path, slides: int, label: str = "Deck") -> Path:
    """A real deck: a title and a few bullets and shapes per slide."""
    prs = Presentation()
    for i in range(slides):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"{label} {path.stem}, slide {i + 1}"
        body = slide.placeholders[1].text_frame
        body.text = "First point"
        for k in range(3):
            body.add_paragraph().text = f"Point {k + 2} with some more words to lay out"
        box = slide.shapes.add_shape(1 + i % 5, Inches(6), Inches(5), Inches(2), Inches(1))
        box.text_frame.text = f"Shape {i}"
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))
    return path


def drop(window: MainWindow, paths: list[Path]) -> None:
    """What a file manager does: a drag enter, then a drop with file URLs."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    center = window.rect().center()
    enter = QDragEnterEvent(
        center, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(center), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, event)
    assert event.isAccepted()


def row_button(window: MainWindow, job_id: int, action: RowAction) -> QPoint:
    row = window.proxy.row_of(job_id)  # the row shown, which the filter bar may move
    assert row is not None
    index = window.proxy.index(row, Column.ACTIONS)
    window.table.scrollTo(index)
    rect = window.table.visualRect(index)
    for act, button in ActionsDelegate.button_rects(rect):
        if act is action:
            return button.center()
    raise AssertionError(action)


def click_row_button(qtbot: QtBot, window: MainWindow, job_id: int, action: RowAction) -> None:
    viewport = window.table.viewport()
    qtbot.mouseMove(viewport, row_button(window, job_id, action))
    # Where the button is once the move's events ran: a late resize (the window maximized by the
    # platform) refits the columns, and a position found before it would miss the button.
    QApplication.processEvents()
    pos = row_button(window, job_id, action)
    qtbot.mouseMove(viewport, pos)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=pos)


def job(window: MainWindow, job_id: int) -> Job:
    found = window.model.job(job_id)
    assert found is not None
    return found


class Windows:
    """Opens windows over one data dir and closes them (stopping the pool) at the end."""

    def __init__(self, qtbot: QtBot, home: Path) -> None:
        self.qtbot = qtbot
        self.paths = DataPaths(home).ensure()
        self.config = home / "config"
        self.desktop = RecordingDesktop()
        self.open: list[MainWindow] = []
        SettingsStore(self.config).save(Settings(workers=2, notify_when_done=False))

    def new(self, on_quit: QuitChoice = QuitChoice.STOP) -> MainWindow:
        window = create_window(
            self.paths,
            desktop=self.desktop,
            ask_quit=lambda _w, _n: on_quit,
            poll_ms=100,
            settings_dir=self.config,
        )
        self.qtbot.addWidget(window)
        window.show()
        self.qtbot.waitUntil(lambda: window.polls > 0 and window.pool.alive, timeout=60_000)
        self.open.append(window)
        return window

    def close(self, window: MainWindow) -> None:
        window.close()
        self.open.remove(window)

    def close_all(self) -> None:
        for window in list(self.open):
            self.close(window)
        stop_pool(self.paths)


def open_windows(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Windows]:
    """The body of a ``windows`` fixture: a private data dir, its windows closed at the end."""
    home = tmp_path / "home"
    monkeypatch.setenv("SLIDEPRESS_HOME", str(home))
    opened = Windows(qtbot, home)
    yield opened
    opened.close_all()


@pytest.fixture
def windows(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Windows]:
    yield from open_windows(qtbot, tmp_path, monkeypatch)


def wait_submitted(qtbot: QtBot, window: MainWindow, act: Callable[[], None]) -> DropReport:
    with qtbot.waitSignal(window.submitted, timeout=30_000) as blocker:
        act()
    report = blocker.args[0]
    assert isinstance(report, DropReport)
    return report


def test_drop_of_decks_converts_with_live_progress(qtbot: QtBot, windows: Windows, tmp_path: Path) -> None:
    window = windows.new()
    assert window.stack.currentWidget() is window.empty
    assert window.act_about in window.toolbar.actions()  # Help: version and licences
    folder = tmp_path / "talks"
    # Long enough that several 250 ms polls see them part-way: title-only slides are fast (2 ms
    # each on a fast machine), a 24 x 24 table's slide takes ~0.1 s.
    decks = [make_deck(folder / f"talk{i}.pptx", 200 + 50 * i) for i in range(2)]
    decks.append(hs.many_slides(40, hs.table_xml(24))(folder))
    (folder / "~$talk0.pptx").write_bytes(b"owner file")
    (folder / "notes.txt").write_text("not a deck")
    loose = make_deck(tmp_path / "loose.pptx", 4)

    captions: set[str] = set()
    partial: set[int] = set()

    def record() -> None:
        for row in range(window.model.rowCount()):
            j = window.model.job_at(row)
            assert j is not None
            captions.add(str(window.model.index(row, Column.PROGRESS).data()))
            if j.state is JobState.RUNNING and 0 < j.slides_done < j.slides_total:
                partial.add(j.id)

    window.polled.connect(record)
    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT) as finished:
        report = wait_submitted(qtbot, window, lambda: drop(window, [folder, loose]))
    assert len(report.report.queued) == 4
    assert report.skipped == ""  # the lock file and notes.txt are not worth a word
    assert window.stack.currentWidget() is window.list_page
    result = finished.args[0]
    assert isinstance(result, BatchResult)
    assert (result.succeeded, result.failed, result.cancelled) == (4, 0, 0)

    jobs = window.model.jobs()
    assert {j.source for j in jobs} == {d.resolve() for d in [*decks, loose]}
    for j in jobs:
        assert j.state is JobState.SUCCEEDED and j.progress == 1.0
        assert len(PdfReader(j.output).pages) == j.slides_total == j.slides_done
    # The bars advanced through "slide k of n" while the decks converted.
    assert partial, "no poll saw a deck part-way through"
    assert any(re.fullmatch(r"slide \d+ of \d+", c) for c in captions), captions
    assert "Queued" in captions or any(c.startswith("Starting") for c in captions)

    # Enter opens the selected PDFs; Delete removes the finished rows.
    window.table.setFocus()
    window.table.selectAll()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sorted(windows.desktop.opened) == sorted(j.output for j in jobs), timeout=10_000)
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=10_000)
    assert window.stack.currentWidget() is window.empty
    assert all(j.output.exists() for j in jobs), "removing a row must keep its PDF"


def test_cancel_of_a_running_row(qtbot: QtBot, windows: Windows, tmp_path: Path) -> None:
    window = windows.new()
    # Each slide a 24 x 24 table (~0.1 s a slide): title-only slides convert at 2 ms each, so a
    # fast machine finished 160 of them before the click arrived.
    deck = hs.many_slides(120, hs.table_xml(24))(tmp_path)
    report = wait_submitted(qtbot, window, lambda: drop(window, [deck]))
    job_id = report.report.queued[0].id
    qtbot.waitUntil(
        lambda: job(window, job_id).state is JobState.RUNNING and job(window, job_id).slides_done >= 1,
        timeout=BATCH_TIMEOUT,
    )
    click_row_button(qtbot, window, job_id, RowAction.CANCEL)
    qtbot.waitUntil(lambda: job(window, job_id).state is JobState.CANCELLED, timeout=30_000)
    cancelled = job(window, job_id)
    assert cancelled.finished_at is not None and cancelled.error is None
    assert not cancelled.output.exists()
    # No temp file left beside the deck (the test's data dir also lives in tmp_path).
    assert [p.name for p in tmp_path.iterdir() if p.is_file() and p.suffix != ".pptx"] == []


def test_retry_of_a_failed_row_shows_its_reason(qtbot: QtBot, windows: Windows, tmp_path: Path) -> None:
    window = windows.new()
    bad = tmp_path / "broken.pptx"
    bad.write_bytes(b"this is not a zip file at all")
    report = wait_submitted(qtbot, window, lambda: drop(window, [bad]))
    job_id = report.report.queued[0].id
    qtbot.waitUntil(lambda: job(window, job_id).state is JobState.FAILED, timeout=BATCH_TIMEOUT)
    failed = job(window, job_id)
    assert failed.error and "broken.pptx" in failed.error

    row = window.model.row_of(job_id)
    assert row is not None
    window.table.selectRow(row)
    assert window.details.error.isVisible()
    assert window.details.error.text() == failed.error
    qtbot.waitUntil(lambda: "failed" in window.details.log_view.toPlainText(), timeout=10_000)
    assert window.model.index(row, Column.PROGRESS).data() == headline(failed.error) == "Not a presentation"
    assert window.model.index(row, Column.STATE).data(Qt.ItemDataRole.ToolTipRole) == failed.error

    click_row_button(qtbot, window, job_id, RowAction.RETRY)
    # A failed job only changes through a retry: failed again with a newer revision means it ran
    # again (it may fail faster than one poll, so its queued/running states need not be seen).
    qtbot.waitUntil(
        lambda: job(window, job_id).state is JobState.FAILED and job(window, job_id).rev > failed.rev,
        timeout=BATCH_TIMEOUT,
    )
    again = job(window, job_id)
    assert again.attempts == 1 and again.error == failed.error
    # The log shows both runs; lines written after the last change still arrive (the pane polls).
    qtbot.waitUntil(lambda: window.details.log_view.toPlainText().count("attempt 1 of") == 2, timeout=10_000)
    assert window.details.error.text() == again.error


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="chmod/chattr semantics are Linux's here")
def test_a_folder_that_refuses_the_pdf_fails_at_once_and_retry_converts_once_fixed(
    qtbot: QtBot, windows: Windows, tmp_path: Path
) -> None:
    """Before, the row sat 'Retrying (attempt 2 of 3)' and 3 of 3 for 6 s, though no retry could
    pass while the folder refused the file."""
    from test_pool_outputs import unwritable, writable

    folder = tmp_path / "locked"
    deck = make_deck(folder / "talk.pptx", 2)
    unwritable(folder)
    try:
        window = windows.new()
        report = wait_submitted(qtbot, window, lambda: drop(window, [deck]))
        job_id = report.report.queued[0].id
        qtbot.waitUntil(lambda: job(window, job_id).state.finished, timeout=BATCH_TIMEOUT)
        failed = job(window, job_id)
    finally:
        writable(folder)
    assert (failed.state, failed.attempts) == (JobState.FAILED, 1)
    assert failed.error is not None and failed.error.startswith(
        f"No permission to write: cannot write the PDF in {folder} ("
    )
    click_row_button(qtbot, window, job_id, RowAction.RETRY)
    qtbot.waitUntil(lambda: job(window, job_id).state is JobState.SUCCEEDED, timeout=BATCH_TIMEOUT)
    assert len(PdfReader(folder / "talk.pdf").pages) == 2


def test_pause_holds_the_queue_and_resume_runs_it(qtbot: QtBot, windows: Windows, tmp_path: Path) -> None:
    window = windows.new()
    window.act_pause.trigger()
    qtbot.waitUntil(lambda: window.paused and window.pool_label.text() == "Paused", timeout=10_000)
    assert window.act_pause.text() == "&Resume Queue"
    decks = [make_deck(tmp_path / f"p{i}.pptx", 3) for i in range(3)]
    report = wait_submitted(qtbot, window, lambda: drop(window, decks))
    ids = [j.id for j in report.report.queued]
    start = window.polls
    qtbot.waitUntil(lambda: window.polls >= start + 15, timeout=30_000)  # ~1.5 s of polls
    assert [job(window, i).state for i in ids] == [JobState.QUEUED] * 3

    # Move the last one to the front while paused: it is first in the list and starts first.
    window.table.selectRow(window.model.row_of(ids[2]) or 0)
    assert window.act_front.isEnabled()
    window.act_front.trigger()
    qtbot.waitUntil(
        lambda: window.model.job_at(0) is not None and window.model.job_at(0).id == ids[2],  # type: ignore[union-attr]
        timeout=10_000,
    )
    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT):
        window.act_pause.trigger()
    finished = [job(window, i) for i in ids]
    assert [j.state for j in finished] == [JobState.SUCCEEDED] * 3
    order = sorted(finished, key=lambda j: j.started_at or datetime.max.replace(tzinfo=UTC))
    # Two workers take the first two at once; the moved one must be one of them, not the last.
    assert order[-1].id != ids[2], [(j.id, j.started_at) for j in order]
    assert not window.paused and window.act_pause.text() == "&Pause Queue"


def test_restart_shows_the_same_jobs_and_loses_none(qtbot: QtBot, windows: Windows, tmp_path: Path) -> None:
    window = windows.new()
    done = make_deck(tmp_path / "done.pptx", 2)
    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT):
        wait_submitted(qtbot, window, lambda: drop(window, [done]))
    window.act_pause.trigger()
    qtbot.waitUntil(lambda: window.paused, timeout=10_000)
    waiting = make_deck(tmp_path / "waiting.pptx", 2)
    wait_submitted(qtbot, window, lambda: drop(window, [waiting]))
    before = {j.id: j.state for j in window.model.jobs()}
    assert sorted(before.values()) == sorted([JobState.SUCCEEDED, JobState.QUEUED])
    windows.close(window)  # asks, and the test answers "stop": the pool stops too
    assert not window.client.paths.pool_lock.exists() or stop_pool(windows.paths) is not False

    again = windows.new()
    qtbot.waitUntil(lambda: again.model.rowCount() == 2, timeout=10_000)
    assert {j.id: j.state for j in again.model.jobs()} == before
    assert again.paused
    with qtbot.waitSignal(again.batch_finished, timeout=BATCH_TIMEOUT):
        again.act_pause.trigger()
    assert {j.state for j in again.model.jobs()} == {JobState.SUCCEEDED}


@pytest.mark.parametrize("command", [["gui"], []], ids=["gui", "bare-path"])
def test_second_launch_queues_into_the_open_window(
    qtbot: QtBot, windows: Windows, tmp_path: Path, command: list[str]
) -> None:
    """``slidepress gui DECK`` and plain ``slidepress DECK`` (as a terminal user types it) both
    hand the deck to the open window."""
    window = windows.new()
    server = InstanceServer(server_name(windows.paths.root))
    assert server.listen()
    server.received.connect(lambda paths: window.add_paths([Path(p) for p in paths]))
    deck = make_deck(tmp_path / "opened with.pptx", 2)
    env = dict(os.environ, SLIDEPRESS_HOME=str(windows.paths.root), QT_QPA_PLATFORM="offscreen")
    second = subprocess.Popen(
        [sys.executable, "-m", "worker", *command, str(deck)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        with qtbot.waitSignal(window.submitted, timeout=60_000) as blocker:
            qtbot.waitUntil(lambda: second.poll() is not None, timeout=60_000)
    finally:
        # Had it not handed over, the second launch would be a whole window left running.
        if second.poll() is None:
            second.kill()
            second.wait(timeout=10)
    assert second.returncode == 0, second.stderr.read() if second.stderr else ""
    report = blocker.args[0]
    assert isinstance(report, DropReport)
    assert [j.source for j in report.report.queued] == [deck.resolve()]
    server.close()


def test_a_deck_the_os_asks_to_open_is_queued(qtbot: QtBot, windows: Windows, tmp_path: Path) -> None:
    """macOS's Finder ("Open With", a deck dropped on the Dock icon) sends the running app a
    QFileOpenEvent instead of a command line: the deck becomes a job like a dropped one."""
    window = windows.new()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    listener = FileOpenListener(window)
    app.installEventFilter(listener)
    listener.opened.connect(lambda paths: window.add_paths([Path(p) for p in paths]))
    deck = make_deck(tmp_path / "from finder.pptx", 1)

    def open_from_finder() -> None:
        QApplication.sendEvent(app, QFileOpenEvent(str(deck)))

    try:
        report = wait_submitted(qtbot, window, open_from_finder)
    finally:
        app.removeEventFilter(listener)
    assert [j.source for j in report.report.queued] == [deck.resolve()]


def test_settings_persist_and_workers_change_without_losing_jobs(
    qtbot: QtBot, windows: Windows, tmp_path: Path
) -> None:
    window = windows.new()
    qtbot.waitUntil(lambda: window.pool.workers == 2, timeout=30_000)
    window.act_pause.trigger()
    qtbot.waitUntil(lambda: window.paused, timeout=10_000)
    report = wait_submitted(qtbot, window, lambda: drop(window, [make_deck(tmp_path / "w.pptx", 2)]))
    job_id = report.report.queued[0].id
    out = tmp_path / "pdfs"
    window.apply_settings(Settings(workers=1, notify_when_done=False, output_mode=window.settings.output_mode))
    qtbot.waitUntil(lambda: window.pool.alive and window.pool.workers == 1, timeout=60_000)
    saved = json.loads((windows.config / "settings.json").read_text())
    assert saved["workers"] == 1
    assert job(window, job_id).state is JobState.QUEUED
    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT):
        window.act_pause.trigger()
    assert job(window, job_id).state is JobState.SUCCEEDED
    assert not out.exists()


def test_a_pool_that_dies_is_restarted_and_the_window_says_so(qtbot: QtBot, windows: Windows, tmp_path: Path) -> None:
    window = windows.new()
    pid = pool_pid(windows.paths)
    assert pid is not None
    messages: list[str] = []
    window.client.pool_message.connect(messages.append)
    os.kill(pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: any("restarted" in m for m in messages), timeout=60_000)
    assert any("stopped unexpectedly" in m for m in messages)
    # The new pool writes its pid file as it starts, which may come just after the message.
    qtbot.waitUntil(lambda: window.pool.alive and pool_pid(windows.paths) not in (None, pid), timeout=30_000)
    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT) as finished:
        wait_submitted(qtbot, window, lambda: drop(window, [make_deck(tmp_path / "after.pptx", 2)]))
    assert finished.args[0].succeeded == 1


def test_quit_can_keep_converting_and_the_layout_persists(qtbot: QtBot, windows: Windows, tmp_path: Path) -> None:
    window = windows.new(on_quit=QuitChoice.KEEP)
    # Sixty slides: still converting when the window closes (the quit question needs a job under
    # way; a paused queue with none converting is not asked about).
    report = wait_submitted(qtbot, window, lambda: drop(window, [make_deck(tmp_path / "kept.pptx", 60)]))
    job_id = report.report.queued[0].id
    qtbot.waitUntil(lambda: window.counts.running == 1, timeout=BATCH_TIMEOUT)
    header = window.table.horizontalHeader()
    window.table.sortByColumn(Column.NAME, Qt.SortOrder.DescendingOrder)
    window.resize(1400, 540)  # Output shown: a narrow window leaves it out (DROP_ORDER)
    QApplication.processEvents()
    header.resizeSection(Column.OUTPUT, 333)  # Name fits the width left (JobTable.fit_columns)
    window.resize(760, 540)  # inside the offscreen screen (800x600): restoring clamps to it
    windows.close(window)  # "keep converting": the pool outlives the window
    assert pool_alive(windows.paths.pool_lock)

    again = windows.new()
    header = again.table.horizontalHeader()
    assert header.sortIndicatorSection() == Column.NAME
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert (again.width(), again.height()) == (760, 540)
    # The width the user gave Output, squeezed in 760 px, is theirs again once there is room.
    again.resize(1400, 540)
    QApplication.processEvents()
    assert header.sectionSize(Column.OUTPUT) == 333
    qtbot.waitUntil(lambda: again.model.job(job_id) is not None, timeout=10_000)
    # Converted by the pool that outlived the window (or finishing under the new one).
    qtbot.waitUntil(lambda: job(again, job_id).state is JobState.SUCCEEDED, timeout=BATCH_TIMEOUT)


def test_pages_chosen_in_settings_reach_the_jobs_added_next(qtbot: QtBot, windows: Windows, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    window = windows.new()
    window.act_settings.trigger()
    dialog = window.settings_dialog
    assert dialog is not None and dialog.isModal()
    qtbot.waitExposed(dialog)
    assert dialog.pages.currentText() == "Full page slides"
    dialog.pages.setCurrentIndex(dialog.pages.findText("Handouts, 6 slides per page"))
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert window.settings_dialog is None

    # Saved, and read back the same by the next window.
    saved = json.loads((windows.config / "settings.json").read_text())
    assert saved["layout"] == "handout-6"
    assert SettingsStore(windows.config).load().layout.value == "handout-6"

    deck = make_deck(tmp_path / "handout.pptx", 7)
    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT) as finished:
        report = wait_submitted(qtbot, window, lambda: drop(window, [deck]))
    assert finished.args[0].succeeded == 1
    done = job(window, report.report.queued[0].id)
    assert done.options.layout == "handout-6"
    # Seven slides, six to a portrait page: two pages, the seventh slide alone on the second.
    reader = PdfReader(done.output)
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert float(box.width) < float(box.height)
    first = " ".join((reader.pages[0].extract_text() or "").split())
    second = " ".join((reader.pages[1].extract_text() or "").split())
    assert all(f"slide {n}" in first for n in range(1, 7)) and "slide 7" not in first
    assert "slide 7" in second and "slide 6" not in second

    window.table.selectRow(window.model.row_of(done.id) or 0)
    assert window.details.pages.isVisible()
    assert window.details.pages.text() == "Handouts, 6 slides per page"


def test_an_output_folder_that_cannot_be_is_said_in_settings_and_home_is_understood(
    qtbot: QtBot, windows: Windows, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file's path, or a folder typed without its start ("pdfs", taken from wherever Slidepress
    was started), is refused under the folder field when OK is pressed, the dialog left open; "~/PDFs"
    is the home folder's, as in a shell. Before, OK took all three: every job then failed ("A file
    is in the way"), or its PDF went to "pdfs" or "~" under the window's working folder."""
    from PySide6.QtWidgets import QDialogButtonBox

    window = windows.new()
    home = tmp_path / "person"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))  # after the pool started: only the dialog reads it
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    before = (windows.config / "settings.json").read_text()

    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.settings_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.one_folder, Qt.MouseButton.LeftButton, pos=QPoint(6, dialog.one_folder.height() // 2))
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    deep = a_file / "a folder name long enough to wrap the note onto more lines than one" / "PDFs"
    for typed, said in (
        ("pdfs", "“pdfs” is not a full path"),
        (str(a_file), f"{a_file} is a file, not a folder"),
        (str(deep), f"{a_file} is a file, not a folder"),
    ):
        dialog.folder.clear()
        qtbot.keyClicks(dialog.folder, typed)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert window.settings_dialog is dialog and dialog.isVisible(), typed
        assert dialog.folder_note_box.isVisible() and dialog.folder_note.text().startswith(said)
        note = dialog.folder_note  # whole: the dialog grew to its lines (it was cut at the first)
        assert note.height() >= note.heightForWidth(note.width()) > note.fontMetrics().lineSpacing(), typed
        assert dialog.focusWidget() is dialog.folder  # to be typed again
        assert (windows.config / "settings.json").read_text() == before
    qtbot.keyClick(dialog.folder, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.folder, "~/PDFs")
    assert not dialog.folder_note_box.isVisible()  # typing again takes the complaint away
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert json.loads((windows.config / "settings.json").read_text())["output_folder"] == str(home / "PDFs")

    deck = make_deck(tmp_path / "talk.pptx", 2)
    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT) as finished:
        report = wait_submitted(qtbot, window, lambda: drop(window, [deck]))
    assert finished.args[0].succeeded == 1
    done = job(window, report.report.queued[0].id)
    assert done.output == home / "PDFs" / "talk.pdf"
    assert len(PdfReader(done.output).pages) == 2


def test_a_dropped_folders_decks_queue_in_the_order_its_folder_lists_them(
    qtbot: QtBot, windows: Windows, tmp_path: Path
) -> None:
    """Dropped, a lecture series lists (by queue place, the window's first sort) and converts as a
    file manager lists it: "lecture 2" second, not "lecture 10"."""
    window = windows.new()
    folder = tmp_path / "course"
    for n in (1, 2, 3, 10, 11, 20):
        make_deck(folder / f"lecture {n}.pptx", 1)
    wait_submitted(qtbot, window, lambda: drop(window, [folder]))
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 6, timeout=10_000)
    header = window.table.horizontalHeader()
    assert header.sortIndicatorSection() == Column.QUEUE
    shown = [window.proxy.index(row, Column.NAME).data() for row in range(window.proxy.rowCount())]
    assert shown == [f"lecture {n}.pptx" for n in (1, 2, 3, 10, 11, 20)]


def test_retry_after_ticking_what_the_error_asked_for_converts(qtbot: QtBot, windows: Windows, tmp_path: Path) -> None:
    """A deck whose slides are all hidden fails with "include hidden slides to convert it". The
    user ticks that in Settings and presses the row's Retry: it converts, hidden slides included
    (before, Retry ran the job with its old options and it failed the same way again)."""
    from PySide6.QtWidgets import QDialogButtonBox

    prs = Presentation()
    for i in range(2):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = f"Backup slide {i + 1}"
        slide._element.set("show", "0")  # PowerPoint's Hide Slide
    deck = tmp_path / "backup.pptx"
    prs.save(str(deck))

    window = windows.new()
    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT) as finished:
        report = wait_submitted(qtbot, window, lambda: drop(window, [deck]))
    assert finished.args[0].failed == 1
    job_id = report.report.queued[0].id
    error = job(window, job_id).error
    assert error is not None and "include hidden slides" in error

    window.act_settings.trigger()
    dialog = window.settings_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.include_hidden.setFocus()
    qtbot.keyClick(dialog.include_hidden, Qt.Key.Key_Space)
    assert dialog.include_hidden.isChecked()
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT) as finished:
        click_row_button(qtbot, window, job_id, RowAction.RETRY)
    assert finished.args[0].succeeded == 1
    done = job(window, job_id)
    assert done.state is JobState.SUCCEEDED and done.options.include_hidden
    texts = [" ".join((page.extract_text() or "").split()) for page in PdfReader(done.output).pages]
    assert texts == ["Backup slide 1", "Backup slide 2"]


def test_quitting_a_paused_queue_asks_nothing_and_keeps_it(qtbot: QtBot, windows: Windows, tmp_path: Path) -> None:
    """Paused with nothing converting, quitting stops nothing: the window does not ask "Stop them
    now? ... Or keep converting" (nothing would convert either way), and the waiting jobs and the
    pause are there at the next start."""
    window = windows.new(on_quit=QuitChoice.CANCEL)  # were it asked, the quit would be refused
    window.act_pause.trigger()
    qtbot.waitUntil(lambda: window.paused, timeout=10_000)
    report = wait_submitted(qtbot, window, lambda: drop(window, [make_deck(tmp_path / "later.pptx", 2)]))
    job_id = report.report.queued[0].id
    qtbot.waitUntil(lambda: window.counts.queued == 1, timeout=10_000)
    windows.close(window)
    assert not window.isVisible()

    again = windows.new()
    qtbot.waitUntil(lambda: again.model.job(job_id) is not None, timeout=10_000)
    assert again.paused and job(again, job_id).state is JobState.QUEUED
