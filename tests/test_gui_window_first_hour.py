"""A new user's first hour with the window, driven as a person meets it: Settings changed over a
waiting batch, an output folder on a read-only disk, the first start's empty page.

The window runs over a real jobs.db (see test_gui_window_use.fill_store) with no pool, so the
states stay put and what is dropped stays queued.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible, QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot
from test_gui_window import BATCH_TIMEOUT, Windows, drop, job, make_deck, open_windows, wait_submitted
from test_gui_window_use import fill_store, gui_home, open_window

from desktop_app.job_model import Column
from desktop_app.settings import SettingsStore
from desktop_app.settings_dialog import SettingsDialog
from desktop_app.status_bar import MessageBar
from desktop_app.window import MainWindow
from worker.jobs.model import JobState
from worker.jobs.store import JobStore, Ticket
from worker.paths import DataPaths

Filled = tuple[MainWindow, dict[str, list[int]]]
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return gui_home(tmp_path, monkeypatch)


@pytest.fixture
def filled(qtbot: QtBot, home: Path, tmp_path: Path) -> Iterator[Filled]:
    ids = fill_store(DataPaths(home), tmp_path / "work")
    window = open_window(qtbot, home, 40)
    yield window, ids
    window.close()


def open_settings_by_key(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    # Where the keyboard is: the list, or the first page's Add Files button while it is empty.
    target = window.table if window.table.isVisible() else window.empty_add_files
    window.activateWindow()  # a window's keys reach it while it is the active one
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    target.setFocus()
    qtbot.keyClick(target, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.settings_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def tick(qtbot: QtBot, box: object) -> None:
    from PySide6.QtWidgets import QAbstractButton

    assert isinstance(box, QAbstractButton)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def press_ok(qtbot: QtBot, dialog: SettingsDialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


# -- 1: Settings say which presentations they reach ----------------------------------------------


def test_settings_over_a_waiting_batch_say_the_queue_keeps_its_settings(
    qtbot: QtBot, filled: Filled, home: Path, tmp_path: Path
) -> None:
    """Seen under Xvfb: with three decks waiting, PDF/A ticked in Settings and OK; the three came
    out without PDF/A and nothing had said so (a tooltip on the box, for those who hover). A job
    keeps the options it was added with; the dialog now says so in sight, with the count, and the
    status bar repeats it when a change that makes PDFs otherwise is saved over a waiting queue."""
    window, ids = filled
    queued = ids["queued"]
    dialog = open_settings_by_key(qtbot, window)
    note = dialog.scope_note
    assert note.isVisible()
    assert note.text().startswith("Where and how PDFs are made applies to presentations added from now on")
    assert "The 8 already in the queue convert with the settings they were added with." in note.text()
    # Whole, not cut at its first line.
    assert note.height() >= note.heightForWidth(note.width())

    # A job ends while the dialog is open (the window keeps polling behind it): the count follows.
    JobStore(DataPaths(home).jobs_db).cancel([queued[0]])
    qtbot.waitUntil(lambda: "The 7 already in the queue" in note.text(), timeout=5_000)

    tick(qtbot, dialog.pdf_a)
    assert dialog.pdf_a.isChecked()
    press_ok(qtbot, dialog)
    assert SettingsStore(home / "config").load().pdf_a
    message = window.statusBar().currentMessage()
    assert message == "Saved for new presentations; the 7 in the queue keep their settings"
    # What was said is so: the waiting jobs keep theirs, a deck added now takes the new ones.
    assert not any(job.options.pdf_a for job in (window.model.job(i) for i in queued[1:]) if job is not None)
    deck = make_deck(tmp_path / "added-after.pptx", 1)
    report = wait_submitted(qtbot, window, lambda: drop(window, [deck]))
    new = report.report.queued[0]
    assert new.options.pdf_a


def test_settings_without_a_queue_or_without_a_pdf_change_say_no_more(qtbot: QtBot, filled: Filled) -> None:
    """Workers or notices apply at once: no word about the queue in the status bar for them."""
    window, _ids = filled
    dialog = open_settings_by_key(qtbot, window)
    dialog.workers.setValue(dialog.workers.value() + 1)
    press_ok(qtbot, dialog)
    assert "Saved for new presentations" not in window.statusBar().currentMessage()

    empty = SettingsDialog(window.settings, in_queue=0)
    qtbot.addWidget(empty)
    assert empty.scope_note.text() == (
        "Where and how PDFs are made applies to presentations added from now on, and to retried ones."
    )
    one = SettingsDialog(window.settings, in_queue=1)
    qtbot.addWidget(one)
    assert one.scope_note.text().endswith("The one already in the queue converts with the settings it was added with.")


# -- 2: an output folder on a read-only disk is refused in Settings --------------------------------


@contextmanager
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write in: a read-only bind mount for root (whom permissions do not
    stop), a folder without write permission for anyone else."""
    folder = tmp_path / "read-only"
    (folder / "inside").mkdir(parents=True)
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    mount = shutil.which("mount")
    if mount is None or subprocess.run([mount, "--bind", str(folder), str(folder)], check=False).returncode:
        pytest.skip("running as root without the right to mount: no read-only folder to be had")
    try:
        subprocess.run([mount, "-o", "remount,ro,bind", str(folder)], check=True)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_an_output_folder_on_a_read_only_disk_is_refused_when_ok_is_pressed(
    qtbot: QtBot, filled: Filled, home: Path, tmp_path: Path
) -> None:
    """Seen under Xvfb: a folder on a read-only disk was taken by Settings without a word; every
    deck added next then failed with 'Output folder read-only'. It is refused as a file's path
    is: said under the folder field, the dialog left open and the settings unsaved."""
    window, _ids = filled
    before = (home / "config" / "settings.json").read_text()
    with read_only_folder(tmp_path) as folder:
        with pytest.raises(OSError):
            (folder / "probe.pdf").write_bytes(b"")  # it is read-only indeed
        dialog = open_settings_by_key(qtbot, window)
        tick(qtbot, dialog.one_folder)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        for typed in (folder, folder / "inside", folder / "PDFs" / "2024"):
            dialog.folder.clear()
            qtbot.keyClicks(dialog.folder, str(typed))
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
            assert window.settings_dialog is dialog and dialog.isVisible(), typed
            assert dialog.folder_note_box.isVisible(), typed
            said = dialog.folder_note.text()
            nearest = folder if typed.parent.name == "PDFs" else typed
            if os.geteuid() == 0:
                assert said == f"{nearest} is on a read-only disk: choose a folder the PDFs can be saved in.", said
            else:
                assert said == f"You may not save in {nearest}: choose a folder of your own for the PDFs.", said
            assert dialog.focusWidget() is dialog.folder
            assert (home / "config" / "settings.json").read_text() == before
        # A folder that can take them is kept, as before.
        writable = tmp_path / "PDFs"
        dialog.folder.clear()
        qtbot.keyClicks(dialog.folder, str(writable))
        press_ok(qtbot, dialog)
    saved = json.loads((home / "config" / "settings.json").read_text())
    assert saved["output_mode"] == "folder" and saved["output_folder"] == str(writable)


# -- 3: the first start says where the PDFs go ---------------------------------------------------


def test_the_empty_window_says_where_the_pdfs_will_be_and_follows_settings(
    qtbot: QtBot, home: Path, tmp_path: Path
) -> None:
    """Seen under Xvfb at a first start: 'Each becomes a PDF, converted on this computer', and
    nothing said where; a new user had to find Settings, or convert one deck, to learn it."""
    window = open_window(qtbot, home, 0)
    assert window.stack.currentWidget() is window.empty
    hint = window.empty.findChild(QLabel, "emptyHint")
    assert isinstance(hint, QLabel) and hint.isVisible()
    assert hint.text() == (
        "PowerPoint files or whole folders. Each becomes a PDF in the same folder, converted on this computer."
    )
    dialog = open_settings_by_key(qtbot, window)
    tick(qtbot, dialog.one_folder)
    chosen = tmp_path / "Class PDFs"
    qtbot.keyClicks(dialog.folder, str(chosen))
    press_ok(qtbot, dialog)
    assert hint.text() == (
        f"PowerPoint files or whole folders. Each becomes a PDF in {chosen}, converted on this computer."
    )
    window.close()
    # Kept across a restart, as the setting is.
    again = open_window(qtbot, home, 0)
    again_hint = again.empty.findChild(QLabel, "emptyHint")
    assert isinstance(again_hint, QLabel) and f"Each becomes a PDF in {chosen}," in again_hint.text()
    again.close()


# -- 4: a deck deleted while it waits says so in its row --------------------------------------------


@pytest.fixture
def windows(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Windows]:
    yield from open_windows(qtbot, tmp_path, monkeypatch)


def test_a_deck_deleted_while_it_waits_says_file_not_found_in_its_bar(
    qtbot: QtBot, windows: Windows, tmp_path: Path
) -> None:
    """Seen under Xvfb: a deck deleted while queued failed with its red bar reading
    'File not found (moved, ren…', where other reasons read whole ('Corrupt deck', 'Output folder
    read-only'): the message put its detail in the headline the bar shows. Now 'File not found',
    whole, and the path and the likely causes in the tooltip and the details pane."""
    window = windows.new()
    window.act_pause.trigger()
    qtbot.waitUntil(lambda: window.paused, timeout=10_000)
    decks = [make_deck(tmp_path / "talks" / f"{name}.pptx", 1) for name in ("kept", "deleted")]
    report = wait_submitted(qtbot, window, lambda: drop(window, decks))
    ids = {j.source.stem: j.id for j in report.report.queued}
    decks[1].unlink()
    window.act_pause.trigger()
    qtbot.waitUntil(lambda: job(window, ids["deleted"]).state is JobState.FAILED, timeout=BATCH_TIMEOUT)
    failed = job(window, ids["deleted"])
    assert failed.error == f"File not found: {decks[1]} (moved, renamed or deleted?)"
    row = window.proxy.mapFromSource(window.model.index(window.model.row_of(failed.id) or 0, Column.PROGRESS))
    caption = row.data()
    assert caption == "File not found"
    # Whole in the bar (its text's room is the column less the bar's frame and margins).
    bar_room = window.table.columnWidth(Column.PROGRESS) - 24
    assert window.table.fontMetrics().horizontalAdvance(caption) < bar_room
    state = row.siblingAtColumn(Column.STATE)
    assert state.data(Qt.ItemDataRole.ToolTipRole) == failed.error
    window.table.selectRow(row.row())
    assert window.details.error.text() == failed.error
    qtbot.waitUntil(lambda: job(window, ids["kept"]).state is JobState.SUCCEEDED, timeout=BATCH_TIMEOUT)


# -- 5: a narrow status bar gives way instead of cutting its counts --------------------------------


def settle(qtbot: QtBot) -> None:
    for _ in range(4):
        QApplication.processEvents()
        qtbot.wait(20)


def test_a_narrow_window_keeps_the_counts_whole_and_room_for_a_message(
    qtbot: QtBot, home: Path, tmp_path: Path
) -> None:
    """Seen under Xvfb after a start at 200 %: in a 614 px window the status bar read
    '222 queued, 1 converting, 259 done, 18 fa' (the failures cut mid-word) and 'Queued 500
    presentations' was a lone '…'. The converter's activity now gives way first, its text in
    the counts' tooltip; the counts stay whole and a message keeps room to be read."""
    ids = fill_store(DataPaths(home), tmp_path / "work")
    store = JobStore(DataPaths(home).jobs_db)
    assert store.claim(Ticket(ids["queued"][0], 1), uuid.uuid4().hex, 600) is not None
    store.cancel([ids["queued"][1]])
    window = open_window(qtbot, home, 40)
    bar = window.statusBar()
    assert isinstance(bar, MessageBar)
    counts = window.counts_label
    qtbot.waitUntil(lambda: counts.text() == "6 queued, 1 converting, 24 done, 8 failed, 1 cancelled", timeout=5_000)

    def whole(label: QLabel) -> bool:
        return label.width() >= label.sizeHint().width()

    window.resize(1200, 500)
    settle(qtbot)
    assert window.pool_label.isVisible() and whole(window.pool_label) and whole(counts)
    assert counts.toolTip() == "Jobs in the list, by state"

    for width in (614, 500, 440):
        window.resize(width, 500)
        settle(qtbot)
        assert counts.isVisible() and whole(counts), width
        # Shown whole, or not at all (at 500 px there is no room for both).
        assert whole(window.pool_label) if window.pool_label.isVisible() else width <= 500
        if not window.pool_label.isVisible():
            assert counts.toolTip() == f"{window.pool_label.text()}. Jobs in the list, by state"

    window.resize(683, 500)  # 1366x768 at 200 %, maximized
    bar.showMessage("Batch finished: 462 converted, 38 failed in 1:00", 30_000)
    settle(qtbot)
    assert whole(counts)
    # The message's start can be read (before, 76 px: '…' alone).
    assert bar.room() >= 20 * bar.fontMetrics().averageCharWidth()
    bar.clearMessage()
    window.resize(1200, 500)
    settle(qtbot)
    assert window.pool_label.isVisible()  # back once there is room
    window.close()


# -- 6: a screen reader hears what a row's buttons do ------------------------------------------------


def test_a_screen_reader_hears_each_rows_actions_and_every_header(qtbot: QtBot, filled: Filled) -> None:
    """Read through Qt's accessibility interface, as a screen reader does: the Actions cells
    (buttons drawn by a delegate, no widgets of their own) were read as empty and the
    thumbnails' header had no name. Each Actions cell now names the actions that apply to its
    row, with their keys; the thumbnails' header is 'First slide', '#' is 'Place in the queue'."""
    window, ids = filled
    QAccessible.setActive(True)
    try:
        table = QAccessible.queryAccessibleInterface(window.table)
        assert table is not None and table.text(QAccessible.Text.Name) == "Jobs"
        children = [table.child(i) for i in range(table.childCount())]
        headers = [c.text(QAccessible.Text.Name) for c in children if c.role() == QAccessible.Role.ColumnHeader]
        assert sorted(headers) == sorted(
            ["First slide", "Place in the queue", "Name", "Slides", "Progress", "State", "Time", "Output", "Actions"]
        )
        rows = [c for c in children if c.role() in (QAccessible.Role.RowHeader, QAccessible.Role.Cell)]
        width = len(headers) + 1  # a row header, then a cell under each column header
        heard: dict[int, str] = {}
        for row in range(window.proxy.rowCount()):
            job = window.proxy.job_at(row)
            assert job is not None
            cells = rows[row * width + 1 : (row + 1) * width]
            heard[job.id] = cells[headers.index("Actions")].text(QAccessible.Text.Name)
            assert cells[headers.index("Name")].text(QAccessible.Text.Name) == job.source.name
    finally:
        QAccessible.setActive(False)
    delete = QKeySequence(Qt.Key.Key_Delete).toString(QKeySequence.SequenceFormat.NativeText)
    enter = QKeySequence(Qt.Key.Key_Enter).toString(QKeySequence.SequenceFormat.NativeText)
    assert {heard[i] for i in ids["queued"]} == {f"Cancel ({delete}), Show in folder (Ctrl+E)"}
    assert {heard[i] for i in ids["failed"]} == {"Retry (Ctrl+R), Show in folder (Ctrl+E)"}
    assert {heard[i] for i in ids["done"]} == {f"Open PDF ({enter}), Show in folder (Ctrl+E)"}
