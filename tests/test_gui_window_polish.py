"""The window's second polish round, driven as a person uses it over a real jobs.db.

Jobs are written the way the pool writes them (claim, then succeed or fail); no pool runs, so
the states stay put unless a test moves them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette, QStandardItemModel
from PySide6.QtWidgets import QApplication, QFileDialog, QTableView
from pytestqt.qtbot import QtBot
from test_gui_window import make_deck
from test_gui_window_use import fill_store, gui_home, open_window

from desktop_app.bridge import PoolStatus
from desktop_app.delegates import RowAction, action_tip
from desktop_app.desktop import RecordingDesktop
from desktop_app.job_model import Column
from desktop_app.settings import Settings, SettingsStore
from desktop_app.window import MainWindow
from worker.jobs.filtering import StateGroup
from worker.jobs.model import JobCounts, JobOptions, JobState
from worker.jobs.store import JobStore, NewJob, Ticket
from worker.paths import DataPaths

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return gui_home(tmp_path, monkeypatch)


@pytest.fixture
def filled(qtbot: QtBot, home: Path, tmp_path: Path) -> Iterator[tuple[MainWindow, dict[str, list[int]]]]:
    ids = fill_store(DataPaths(home), tmp_path / "work")
    window = open_window(qtbot, home, 40)
    yield window, ids
    window.close()


def finish(store: JobStore, job_id: int) -> None:
    token = uuid.uuid4().hex
    assert store.claim(Ticket(job_id, 1), token, 60) is not None
    assert store.succeed(job_id, token, 3, "builtin", [])


def new_jobs(root: Path, names: list[str]) -> list[NewJob]:
    jobs = []
    for name in names:
        source = root / f"{name}.pptx"
        jobs.append(NewJob(name, source, source.with_suffix(".pdf"), JobOptions(), 3))
    return jobs


# -- 4: the batch progress after a restart -------------------------------------------------------


def test_a_restart_shows_the_share_of_the_batch_already_done(qtbot: QtBot, home: Path, tmp_path: Path) -> None:
    """An earlier batch (5 decks, all done) does not count; of the batch under way 3 of 8 are
    done, so the window opened now says 38 %, not 0 % as if it had just begun."""
    store = JobStore(DataPaths(home).jobs_db)
    earlier, _ = store.insert(new_jobs(tmp_path / "monday", [f"old{i}" for i in range(5)]))
    for job in earlier:
        finish(store, job.id)
    current, _ = store.insert(new_jobs(tmp_path / "tuesday", [f"new{i}" for i in range(8)]))
    for job in current[:3]:
        finish(store, job.id)
    store.close()

    window = open_window(qtbot, home, 13)
    qtbot.waitUntil(window.eta_label.isVisible, timeout=5_000)  # the bar, too, in a window of 1000 px
    assert window.batch.members == {job.id for job in current}
    assert window.overall.value() == 375  # of 1000
    assert window.eta_label.text().startswith("38%")

    # The batch goes on: one more done moves the bar from there, and the end is one result of 8.
    store = JobStore(DataPaths(home).jobs_db)
    finish(store, current[3].id)
    qtbot.waitUntil(lambda: window.overall.value() == 500, timeout=5_000)
    with qtbot.waitSignal(window.batch_finished, timeout=10_000) as finished:
        for job in current[4:]:
            finish(store, job.id)
    store.close()
    assert finished.args[0].succeeded == 8
    assert not window.overall.isVisible() and not window.eta_label.isVisible()
    window.close()


def test_a_batch_that_ended_while_closed_is_not_announced_on_start(qtbot: QtBot, home: Path, tmp_path: Path) -> None:
    store = JobStore(DataPaths(home).jobs_db)
    for job in store.insert(new_jobs(tmp_path, ["a", "b"]))[0]:
        finish(store, job.id)
    store.close()
    window = open_window(qtbot, home, 2)
    with qtbot.assertNotEmitted(window.batch_finished, wait=500):
        pass
    assert not window.overall.isVisible() and window.batch.members == set()
    window.close()


# -- 3: the status bar in a user's words ----------------------------------------------------------


def test_the_status_bar_says_what_is_happening_with_room_between_its_parts(
    qtbot: QtBot, filled: tuple[MainWindow, dict[str, list[int]]], home: Path
) -> None:
    window, ids = filled
    bar = window.statusBar()
    window._on_pool_status(PoolStatus(alive=True, workers=2))
    # Eight decks wait and none converts yet: the pool takes two at a time.
    assert window.pool_label.text() == "Converting 2 at a time"
    assert "2 converter processes" in window.pool_label.toolTip()

    # Ctrl+P pauses: the bar says so once, in its own words (no "Paused · 8 queued").
    window.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.pool_label.text() == "Paused", timeout=5_000)
    assert window.counts_label.text() == "8 queued, 24 done, 8 failed"
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.pool_label.text() == "Converting 2 at a time", timeout=5_000)

    # The last waiting deck alone: one at a time; then nothing left to do: idle.
    store = JobStore(DataPaths(home).jobs_db)
    for job_id in ids["queued"][1:]:
        assert store.cancel([job_id])[0] == [job_id]
    qtbot.waitUntil(lambda: window.pool_label.text() == "Converting one at a time", timeout=5_000)
    finish(store, ids["queued"][0])
    store.close()
    qtbot.waitUntil(lambda: window.pool_label.text() == "Idle", timeout=5_000)

    # The parts of the bar stand apart: no two touch, and none is cut.
    QApplication.processEvents()
    parts = sorted(
        (w for w in (window.pool_label, window.counts_label, window.overall, window.eta_label) if w.isVisible()),
        key=lambda w: w.mapTo(bar, w.rect().topLeft()).x(),
    )
    assert len(parts) >= 2
    for left, right in pairwise(parts):
        left_end = left.mapTo(bar, left.rect().topRight()).x()
        right_start = right.mapTo(bar, right.rect().topLeft()).x()
        assert right_start - left_end >= 8, (left.objectName(), right.objectName())
    for label in (window.pool_label, window.counts_label):
        room = label.contentsRect().width()
        assert label.fontMetrics().horizontalAdvance(label.text()) <= room
        assert label.contentsMargins().left() >= 8 and label.contentsMargins().right() >= 8


# -- 5: no Output path for a job that made no PDF --------------------------------------------------


def test_details_say_a_failed_job_made_no_pdf(qtbot: QtBot, filled: tuple[MainWindow, dict[str, list[int]]]) -> None:
    window, ids = filled
    pane = window.details
    table = window.table
    table.setFocus()
    for kind, expect_made in (("failed", False), ("queued", False), ("done", True)):
        row = window.proxy.row_of(ids[kind][0])
        assert row is not None
        index = window.proxy.index(row, 1)
        table.scrollTo(index)  # a person clicks the row
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
        job = pane.job
        assert job is not None and job.id == ids[kind][0]
        text = pane.output.text()
        if expect_made:
            assert text == str(job.output)
            assert pane.output.foregroundRole() == QPalette.ColorRole.WindowText
        else:
            assert str(job.output) in text and text != str(job.output)
            assert text.startswith("None made" if kind == "failed" else "Will be written to")
            assert pane.output.foregroundRole() == QPalette.ColorRole.PlaceholderText
            grey = pane.output.palette().color(QPalette.ColorRole.PlaceholderText)
            assert grey != pane.output.palette().color(QPalette.ColorRole.WindowText)


# -- 8: a filter that lets nothing through says so -------------------------------------------------


def test_an_empty_filter_says_what_it_found_none_of(
    qtbot: QtBot, filled: tuple[MainWindow, dict[str, list[int]]]
) -> None:
    window, _ids = filled
    bar = window.filter_bar
    hint = window.table.nothing_shown
    assert not hint.isVisible()
    # Alt+S and the arrow keys to "Cancelled (0)": no rows, and the view says why.
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    for _ in range(4):
        qtbot.keyClick(bar.group, Qt.Key.Key_Down)
    assert bar.group.currentText() == "Cancelled (0)"
    assert window.proxy.rowCount() == 0
    assert hint.isVisible() and "No cancelled jobs" in hint.text()
    viewport = window.table.viewport().rect()
    assert hint.geometry() == viewport  # centred over the whole empty view

    # Words nothing holds, in all jobs and in one group.
    bar.set_group(StateGroup.ALL)
    assert not hint.isVisible()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(bar.search, "xyz")
    assert hint.isVisible() and "No job matches \u201cxyz\u201d" in hint.text()
    bar.set_group(StateGroup.FAILED)
    assert "No failed job matches \u201cxyz\u201d" in hint.text()

    # Its link shows everything again.
    hint.linkActivated.emit("all")
    assert bar.job_filter().shows_all and window.proxy.rowCount() == 40 and not hint.isVisible()


# -- 1: the file dialogs open where the user last chose from ----------------------------------------


class DialogStub:
    """Stands in for the OS file dialogs: records where each opened and answers a set choice."""

    def __init__(self) -> None:
        self.opened_in: list[str] = []
        self.answer = ""

    def files(self, _parent: object, _title: str, folder: str, _filter: str) -> tuple[list[str], str]:
        self.opened_in.append(folder)
        return ([self.answer] if self.answer else []), ""  # nothing chosen: Cancel

    def folder(self, _parent: object, _title: str, folder: str) -> str:
        self.opened_in.append(folder)
        return self.answer


def test_file_dialogs_open_in_the_last_folder_used_even_after_a_restart(
    qtbot: QtBot, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "user"
    (user / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(user))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(user / ".config"))  # no user-dirs.dirs: ~/Documents
    stub = DialogStub()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", stub.files)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", stub.folder)
    talks = make_deck(tmp_path / "talks" / "2024" / "keynote.pptx", 1)

    window = open_window(qtbot, home, 0)
    # The first time: Documents, not the working directory the app was started from.
    stub.answer = str(talks)
    window.activateWindow()  # as the window manager does for a new window
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    window.empty_add_files.setFocus()
    with qtbot.waitSignal(window.submitted, timeout=30_000):
        qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert stub.opened_in == [str(user / "Documents")]
    window.close()

    # After a restart, Add Folder (Ctrl+Shift+O) opens where the file was chosen from.
    window = open_window(qtbot, home, 1)
    window.table.setFocus()
    stub.answer = str(talks.parent)
    with qtbot.waitSignal(window.submitted, timeout=30_000):
        qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert stub.opened_in[-1] == str(talks.parent)
    # A folder chosen: next time its parent opens, where its siblings are.
    stub.answer = ""
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert stub.opened_in[-1] == str(talks.parent.parent)

    # The remembered folder deleted since: back to Documents.
    talks.unlink()
    talks.parent.rmdir()
    talks.parent.parent.rmdir()
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert stub.opened_in[-1] == str(user / "Documents")
    window.close()


# -- 2: keyboard shortcuts for the row actions ------------------------------------------------------


def click_row(qtbot: QtBot, window: MainWindow, job_id: int) -> None:
    row = window.proxy.row_of(job_id)
    assert row is not None
    index = window.proxy.index(row, 1)
    window.table.scrollTo(index)
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=window.table.visualRect(index).center())


def test_select_all_then_delete_cancels_first_and_removes_only_when_pressed_again(
    qtbot: QtBot, filled: tuple[MainWindow, dict[str, list[int]]]
) -> None:
    """Ctrl+A, Delete to stop a batch: the eight waiting jobs are cancelled and the 32 done and
    failed ones stay listed, reasons and all; a second Delete removes them, as it does a single
    cancelled job. Before, the one press also removed all 32 finished jobs from the list."""
    window, ids = filled
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(window.selected_jobs()) == 40
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.counts.cancelled == 8, timeout=5_000)
    with qtbot.waitSignal(window.polled, timeout=5_000):
        window.client.poll_now()  # one poll more: a removal would have shown by now
    assert window.model.rowCount() == 40
    assert (window.counts.succeeded, window.counts.failed) == (24, 8)
    assert all(window.model.job(i) is not None for i in ids["done"] + ids["failed"])

    qtbot.keyClick(window.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=5_000)


def test_row_actions_have_keys_and_menus_and_tips_show_them(
    qtbot: QtBot, filled: tuple[MainWindow, dict[str, list[int]]]
) -> None:
    window, ids = filled
    desktop = window.desktop
    assert isinstance(desktop, RecordingDesktop)

    # Delete on a waiting job cancels it; Delete again removes it from the list.
    queued = ids["queued"][0]
    click_row(qtbot, window, queued)
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: (job := window.model.job(queued)) is not None and job.state is JobState.CANCELLED)
    click_row(qtbot, window, queued)
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.model.job(queued) is None)

    # Ctrl+R retries a failed one.
    failed = ids["failed"][0]
    click_row(qtbot, window, failed)
    qtbot.keyClick(window.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: (job := window.model.job(failed)) is not None and job.state is JobState.QUEUED)

    # Ctrl+E shows a done one's PDF in its folder; Enter (keypad too) opens it.
    done = ids["done"][0]
    click_row(qtbot, window, done)
    pdf = window.selected_jobs()[0].output
    qtbot.keyClick(window.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: desktop.shown == [pdf], timeout=5_000)
    qtbot.keyClick(window.table, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    qtbot.waitUntil(lambda: desktop.opened == [pdf], timeout=5_000)

    # In the find field Delete and Enter edit the text, and act on no job.
    window.filter_bar.search.setFocus()
    qtbot.keyClicks(window.filter_bar.search, "set")
    qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_Delete)
    qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert window.model.job(done) is not None and desktop.opened == [pdf]

    # The keys are written where a person looks for them: menu entries, buttons' tips.
    texts = {a.text().split("\t")[0]: a.text() for a in window.row_actions.values()}
    assert texts["Cancel"].endswith("\tDel") and window.act_remove.text().endswith("\tDel")
    assert window.row_actions[RowAction.RETRY].shortcut().toString() == "Ctrl+R"
    assert window.row_actions[RowAction.SHOW].shortcut().toString() == "Ctrl+E"
    assert window.row_actions[RowAction.OPEN].shortcut().toString() == "Enter"
    job = window.model.job(done)
    assert job is not None
    assert action_tip(RowAction.RETRY, job).endswith("(Ctrl+R)")
    assert action_tip(RowAction.SHOW, job).endswith("(Ctrl+E)")


# -- 6: "#" heads a column of queue places, the thumbnails have their own ----------------------------


def header_texts(window: MainWindow) -> list[str]:
    header = window.table.horizontalHeader()
    return [
        str(window.proxy.headerData(header.logicalIndex(v), Qt.Orientation.Horizontal)) for v in range(header.count())
    ]


def test_the_number_column_numbers_the_queue_and_sits_apart_from_the_thumbnails(
    qtbot: QtBot, filled: tuple[MainWindow, dict[str, list[int]]]
) -> None:
    window, ids = filled
    assert header_texts(window)[:3] == ["#", "", "Name"]  # "#" over numbers, nothing over pictures
    places = {
        job.id: window.proxy.index(row, Column.QUEUE).data()
        for row in range(window.proxy.rowCount())
        if (job := window.proxy.job_at(row)) is not None
    }
    # The eight waiting jobs are 1..8 in the order they will convert; finished ones have none.
    assert [places[i] for i in ids["queued"]] == [str(n) for n in range(1, 9)]
    assert {places[i] for i in ids["done"] + ids["failed"]} == {""}
    # A retried job keeps its place (HandBrake's Reset): ahead of the waiting jobs listed after it.
    click_row(qtbot, window, ids["failed"][0])
    qtbot.keyClick(window.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    row_of = window.proxy.row_of
    qtbot.waitUntil(lambda: window.proxy.index(row_of(ids["failed"][0]) or 0, Column.QUEUE).data() == "1")
    assert window.proxy.index(row_of(ids["queued"][0]) or 0, Column.QUEUE).data() == "2"


def test_a_header_layout_saved_before_the_number_column_puts_it_first(qtbot: QtBot, home: Path, tmp_path: Path) -> None:
    """Settings written by the previous version hold eight columns, thumbnails first."""
    old_model = QStandardItemModel(1, 8)
    old_view = QTableView()
    old_view.setModel(old_model)
    old_header = old_view.horizontalHeader()
    old_header.resizeSection(Column.OUTPUT, 333)
    state = bytes(old_header.saveState().toBase64().data()).decode()
    SettingsStore(home / "config").save(Settings(workers=1, notify_when_done=False, header_state=state))
    fill_store(DataPaths(home), tmp_path / "work")
    window = open_window(qtbot, home, 40)
    assert header_texts(window)[:3] == ["#", "", "Name"]
    window.resize(1400, 700)  # room for every column as saved (a narrower one squeezes them)
    QApplication.processEvents()
    assert window.table.horizontalHeader().sectionSize(Column.OUTPUT) == 333  # the rest as saved
    window.close()


# -- 7: a re-sort keeps the selected row in view ----------------------------------------------------


def test_sorting_by_a_header_click_keeps_the_selected_row_in_view(
    qtbot: QtBot, filled: tuple[MainWindow, dict[str, list[int]]]
) -> None:
    window, ids = filled
    window.resize(900, 520)
    QApplication.processEvents()
    table = window.table
    header = table.horizontalHeader()
    chosen = ids["failed"][0]  # fourth in queue order, near the end by name
    click_row(qtbot, window, chosen)

    def in_view() -> bool:
        row = window.proxy.row_of(chosen)
        assert row is not None
        rect = table.visualRect(window.proxy.index(row, Column.NAME))
        return rect.top() >= 0 and rect.bottom() <= table.viewport().height()

    for _ in range(2):  # Name ascending (the row moves far down), then descending (far up)
        x = header.sectionViewportPosition(Column.NAME) + header.sectionSize(Column.NAME) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
        QApplication.processEvents()
        assert header.sortIndicatorSection() == Column.NAME
        assert [j.id for j in window.selected_jobs()] == [chosen]
        assert in_view()


def test_the_find_field_stays_put_while_counts_grow(
    qtbot: QtBot, filled: tuple[MainWindow, dict[str, list[int]]]
) -> None:
    """The state box beside the find field names each group's count; as a batch's counts gain
    digits (8 -> 1,008 done) the box kept its width and the find field did not move (it moved
    right by a few pixels with every digit)."""
    window, _ids = filled
    bar = window.filter_bar
    qtbot.waitUntil(lambda: bar.group.itemText(2) == "Done (24)", timeout=5_000)
    where = (bar.group.width(), bar.search.x())
    for grown in (JobCounts(queued=8, succeeded=1_008, failed=8), JobCounts(queued=12_345, succeeded=67_890)):
        bar.update_counts(grown)
        layout = bar.layout()
        assert layout is not None
        layout.activate()
        assert (bar.group.width(), bar.search.x()) == where, grown


def test_the_details_name_engines_as_the_settings_do(
    qtbot: QtBot, filled: tuple[MainWindow, dict[str, list[int]]]
) -> None:
    """A converted job's details say "Built-in" and a failed automatic one's "Automatic", the names
    Settings offers (they said "builtin" and "auto", the code's names)."""
    window, ids = filled
    click_row(qtbot, window, ids["done"][0])
    qtbot.waitUntil(lambda: window.details.job is not None and window.details.job.id == ids["done"][0])
    assert window.details.engine.text() == "Built-in"
    click_row(qtbot, window, ids["failed"][0])
    qtbot.waitUntil(lambda: window.details.job is not None and window.details.job.id == ids["failed"][0])
    assert window.details.engine.text() == "Automatic"
