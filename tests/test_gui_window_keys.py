"""The job list driven by keys and the filter, as a person reads a long list: one row is one job."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot
from test_gui_window import make_deck
from test_gui_window_use import fill_store, open_window

from desktop_app.desktop import RecordingDesktop
from desktop_app.job_model import Column
from desktop_app.job_table import focus_frame_colour
from desktop_app.settings import Settings, SettingsStore
from desktop_app.window import MainWindow
from worker.jobs.filtering import StateGroup
from worker.jobs.model import JobState
from worker.paths import DataPaths

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    home = tmp_path / "home"
    monkeypatch.setenv("SLIDEPRESS_HOME", str(home))
    fill_store(DataPaths(home).ensure(), tmp_path / "work")  # 40 jobs: done, failed, queued
    SettingsStore(home / "config").save(Settings(workers=1, notify_when_done=False))
    shown = open_window(qtbot, home, 40)
    shown.resize(QSize(1000, 520))  # room for a few rows: most of the list is scrolled off
    QApplication.processEvents()
    yield shown
    shown.close()


def selected_rows(window: MainWindow) -> list[int]:
    return sorted(index.row() for index in window.table.selectionModel().selectedRows())


def row_in_view(window: MainWindow, row: int) -> bool:
    rect = window.table.visualRect(window.proxy.index(row, 0))
    return rect.top() >= 0 and rect.bottom() <= window.table.viewport().height()


def about_shown_by_f1(qtbot: QtBot, widget: QWidget) -> list[str]:
    """F1 on ``widget``: the titles of the modal dialogs it opened (each closed at once)."""
    shown: list[str] = []

    def close_about() -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            shown.append(modal.windowTitle())
            modal.close()

    QTimer.singleShot(200, close_about)
    qtbot.keyClick(widget, Qt.Key.Key_F1)
    return shown


def test_home_and_end_go_to_the_first_and_last_job(qtbot: QtBot, window: MainWindow) -> None:
    table = window.table
    last = window.proxy.rowCount() - 1
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    start = table.currentIndex().row()
    assert selected_rows(window) == [start] and start > 0

    # End: the last job, selected, in view and in the details pane (not the last cell of the row).
    qtbot.keyClick(table, Qt.Key.Key_End)
    assert table.currentIndex().row() == last
    assert selected_rows(window) == [last]
    assert row_in_view(window, last)
    last_job = window.proxy.job_at(last)
    assert last_job is not None and window.details.job is not None and window.details.job.id == last_job.id

    # Home: back to the first job.
    qtbot.keyClick(table, Qt.Key.Key_Home)
    assert table.currentIndex().row() == 0 and selected_rows(window) == [0] and row_in_view(window, 0)

    # Shift+End selects from here to the end of the list, as in a file manager.
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ShiftModifier)
    assert selected_rows(window) == list(range(1, last + 1))


def test_changing_the_filter_keeps_the_selected_job_in_view(qtbot: QtBot, window: MainWindow) -> None:
    """Pick a failed job in "Failed", then show "All" to see it among the others: it stays
    selected and the list scrolls to it, instead of showing some other place in the list."""
    window.filter_bar.set_group(StateGroup.FAILED)
    assert window.proxy.rowCount() == 8
    table = window.table
    table.setFocus()
    table.setCurrentIndex(window.proxy.index(7, Column.NAME))  # a click on the last failed job
    failed = window.selected_jobs()
    assert len(failed) == 1

    window.filter_bar.set_group(StateGroup.ALL)
    assert window.proxy.rowCount() == 40
    row = window.proxy.row_of(failed[0].id)
    assert row is not None and row > 8  # further down in the whole list than it was in "Failed"
    assert selected_rows(window) == [row]
    qtbot.waitUntil(lambda: row_in_view(window, row), timeout=2_000)

    # Back to "Failed": the same job, in view again.
    window.filter_bar.set_group(StateGroup.FAILED)
    again = window.proxy.row_of(failed[0].id)
    assert again is not None
    qtbot.waitUntil(lambda: row_in_view(window, again), timeout=2_000)


def test_show_in_folder_says_why_when_nothing_is_shown(qtbot: QtBot, window: MainWindow) -> None:
    """Ctrl+E (Show in folder) on a machine with no file manager, or for a folder deleted since,
    says so in the status bar; before, nothing happened at all."""
    done = next(j for j in window.model.jobs() if j.state is JobState.SUCCEEDED)
    window.desktop = RecordingDesktop(works=False)  # a bare session: nothing opens folders
    table = window.table
    table.setFocus()
    table.setCurrentIndex(window.proxy.index(window.proxy.row_of(done.id) or 0, Column.NAME))
    bar = window.statusBar()
    qtbot.keyClick(table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bar.currentMessage().startswith("Could not show"), timeout=5_000)
    assert bar.currentMessage() == f"Could not show {done.output.name}: no file manager here opens its folder"

    # The folder was deleted since: said so, and the desktop is not asked to open nothing.
    desktop = RecordingDesktop()
    window.desktop = desktop
    shutil.rmtree(done.output.parent)
    bar.clearMessage()
    qtbot.keyClick(table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bar.currentMessage().startswith("Could not show"), timeout=5_000)
    assert bar.currentMessage() == (
        f"Could not show {done.output.name}: its folder {done.output.parent} is no longer there"
    )
    assert desktop.shown == []


def test_move_to_front_keeps_the_moved_job_in_view(qtbot: QtBot, window: MainWindow) -> None:
    """The last waiting job moved to the front goes to the top of the list: the view follows it,
    so the job just acted on is still seen selected (before, the view stayed at the bottom)."""
    window.filter_bar.set_group(StateGroup.ACTIVE)
    table = window.table
    rows = window.proxy.rowCount()
    assert rows == 8
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_End)
    (moved,) = window.selected_jobs()
    assert not row_in_view(window, 0)  # the list is longer than the view

    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)  # Move to Front
    qtbot.waitUntil(lambda: window.proxy.row_of(moved.id) == 0, timeout=5_000)
    assert [j.id for j in window.selected_jobs()] == [moved.id]
    qtbot.waitUntil(lambda: row_in_view(window, 0), timeout=2_000)


def test_every_toolbar_command_has_a_key(qtbot: QtBot, window: MainWindow) -> None:
    """Keyboard only: toolbar buttons take no focus and there is no menu bar, so a command
    without a key cannot be reached at all (Retry All Failed, Clear Finished, Settings on Linux,
    where the platform has no Preferences key, and About)."""
    for action in window.toolbar.actions():
        if action.isSeparator() or not action.text():
            continue
        assert not action.shortcut().isEmpty(), action.text()
        assert action.shortcut().toString(QKeySequence.SequenceFormat.NativeText) in action.toolTip()

    table = window.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.counts.failed == 0 and window.counts.queued == 16, timeout=5_000)
    qtbot.keyClick(table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.model.rowCount() == 16, timeout=5_000)  # the 24 done ones went

    qtbot.keyClick(table, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.settings_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.settings_dialog is None, timeout=5_000)

    assert about_shown_by_f1(qtbot, table) == ["About Slidepress"]


def test_added_decks_are_shown_where_they_landed(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """New jobs go to the end of a long list: the view scrolls to them, as calibre shows the books
    just added (before, only the status bar said anything happened)."""
    assert row_in_view(window, 0) and not row_in_view(window, window.proxy.rowCount() - 1)
    decks = [make_deck(tmp_path / "new" / f"added {i}.pptx", 1) for i in range(2)]
    with qtbot.waitSignal(window.submitted, timeout=30_000) as blocker:
        window.add_paths(decks)
    report = blocker.args[0]
    first = window.proxy.row_of(report.report.queued[0].id)
    assert first is not None and first >= 40
    qtbot.waitUntil(lambda: row_in_view(window, first), timeout=2_000)
    assert window.selected_jobs() == []  # shown, not selected: the selection is the user's

    # Again with the list scrolled to its end and a job selected further up: the next ones
    # land below the end and are shown too.
    window.table.selectRow(3)
    window.table.scrollToBottom()
    QApplication.processEvents()
    more = [make_deck(tmp_path / "more" / f"later {i}.pptx", 1) for i in range(3)]
    with qtbot.waitSignal(window.submitted, timeout=30_000) as blocker:
        window.add_paths(more)
    last = window.proxy.row_of(blocker.args[0].report.queued[-1].id)
    assert last is not None and last == window.proxy.rowCount() - 1
    qtbot.waitUntil(lambda: row_in_view(window, last), timeout=2_000)
    assert selected_rows(window) == [3]


def focusable_chain(window: MainWindow) -> list[QWidget]:
    """The widgets Tab goes through, from the job list round to it again."""
    chain: list[QWidget] = []
    widget = window.table.nextInFocusChain()
    while widget is not None and widget is not window.table and len(chain) < 500:
        if widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return [window.table, *chain]


def test_a_narrow_window_is_used_with_the_keyboard_alone(qtbot: QtBot, window: MainWindow) -> None:
    """1366x768 at 200 %, 614 px: the toolbar's commands were partly in its overflow, which takes
    no focus (now they show as icons). Before, Quit had no key where the platform names none (Linux without a desktop's
    theme), so a keyboard alone could not quit; and the job list, the find field, the details'
    facts, warnings and log had no name for a screen reader (no label names them as a buddy)."""
    window.resize(QSize(614, 345))
    QApplication.processEvents()
    table = window.table
    assert not table.horizontalScrollBar().isVisible()
    named = [a for a in window.toolbar.actions() if a.text() and not a.isSeparator()]
    # Every command is in sight, as an icon (its name moves to its tooltip): Qt's overflow menu
    # took no focus and hid Settings and About.
    assert all(window.toolbar.widgetForAction(a).isVisible() for a in named)

    # Move through the list, and the details pane follows; Tab reaches the details.
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_End)
    last = window.proxy.job_at(window.proxy.rowCount() - 1)
    assert last is not None and window.details.job is not None and window.details.job.id == last.id
    # Every widget Tab reaches is named, by itself or by a label's buddy.
    buddies = {label.buddy() for label in window.findChildren(QLabel) if label.buddy() is not None}
    window.details.warnings_box.show()  # a deck with warnings shows them
    chain = focusable_chain(window)
    unnamed = [w.objectName() or type(w).__name__ for w in chain if not w.accessibleName() and w not in buddies]
    assert not unnamed, unnamed

    # The icons' tooltips say what they do and their keys.
    for action in named:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert action.toolTip() and (not keys or keys in action.toolTip()), action.text()
    for action in (window.act_settings, window.act_about):
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert keys and keys in action.toolTip(), action.text()
    qtbot.keyClick(table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.counts.failed == 0, timeout=5_000)
    assert about_shown_by_f1(qtbot, table) == ["About Slidepress"]
    window.activateWindow()  # back from the dialog, as the window manager does
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    table.setFocus()

    # Quit: a key, said where a person looks for it (the tooltip; there is no menu bar).
    quit_keys = window.act_quit.shortcut()
    assert not quit_keys.isEmpty()
    assert quit_keys.toString(QKeySequence.SequenceFormat.NativeText) in window.act_quit.toolTip()
    qtbot.keySequence(table, quit_keys)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)


def frame_shown(window: MainWindow, row: int) -> bool:
    """Whether the focus frame's colour is on ``row``'s left, top and right edges, as painted."""
    table = window.table
    image = table.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    frame = table.row_frame(row)
    colour = focus_frame_colour(table.palette()).rgb()
    middle = frame.center().y()
    points = [(frame.left(), middle), (frame.center().x(), frame.top()), (frame.right(), middle)]
    return all(image.pixelColor(round(x * ratio), round(y * ratio)).rgb() == colour for x, y in points)


def test_the_list_shows_which_job_the_keyboard_is_on(qtbot: QtBot, window: MainWindow) -> None:
    """Tabbing into the list from the find field frames the current job's row, selected or not, and
    the frame follows the arrow keys and goes when Tab leaves the list (before, the rows' painters
    drew no focus mark: nothing on screen said the list had the keyboard, or on which job)."""
    table = window.table
    search = window.filter_bar.search
    search.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(search, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is table
    qtbot.waitUntil(lambda: table.currentIndex().isValid(), timeout=5_000)
    first = table.currentIndex().row()
    assert frame_shown(window, first) and not frame_shown(window, first + 1)

    qtbot.keyClick(table, Qt.Key.Key_Down)  # selects the next job: the frame shows on the selection too
    assert selected_rows(window) == [first + 1]
    assert frame_shown(window, first + 1) and not frame_shown(window, first)

    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not table
    assert not frame_shown(window, first + 1)
