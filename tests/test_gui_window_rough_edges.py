"""The window's known rough edges, driven as a person meets them: a short window, a folder added
again, Tab through the details pane.

The window runs over a real jobs.db (see test_gui_window_use.fill_store) with no pool, so the
states stay put and what is dropped stays queued.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QStatusBar, QWidget
from pytestqt.qtbot import QtBot
from test_gui_window import drop, make_deck, wait_submitted
from test_gui_window_polish import click_row, finish
from test_gui_window_use import PASSWORD, fill_store, gui_home, open_window

from desktop_app.job_table import ROW_HEIGHT
from desktop_app.window import MainWindow
from desktop_app.window_size import first_size
from worker.jobs.store import JobStore
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


def settle(qtbot: QtBot) -> None:
    """Let posted layout requests run (a window grows, if it does, on a later event)."""
    for _ in range(3):
        QApplication.processEvents()
        qtbot.wait(20)


def fully_shown(widget: QWidget, inside: QWidget) -> bool:
    """Whether ``widget`` lies whole within ``inside``'s rectangle (both visible)."""
    if not (widget.isVisible() and inside.isVisible()):
        return False
    top_left = widget.mapTo(inside, widget.rect().topLeft())
    return inside.rect().contains(top_left) and inside.rect().contains(top_left + widget.rect().bottomRight())


# -- 1: a selection never resizes the window -----------------------------------------------------


@pytest.mark.parametrize("size", [QSize(900, 300), QSize(360, 240), QSize(1300, 740)])
def test_selecting_a_job_in_a_short_window_keeps_its_size(qtbot: QtBot, filled: Filled, size: QSize) -> None:
    """Before, the details pane's lowest height (its facts and log) plus the list's pushed a
    900x300 window to 380 px the moment a job was selected, and past a 2x screen's bottom."""
    window, ids = filled
    window.resize(size)
    settle(qtbot)
    assert window.size() == size  # nothing selected yet: the window is as the user made it
    click_row(qtbot, window, ids["failed"][0])
    settle(qtbot)
    assert window.details.job is not None and window.details.job.id == ids["failed"][0]
    assert window.size() == size
    # Still useful: at least one whole row of the list and the pane's start are there to see.
    assert window.table.viewport().height() >= ROW_HEIGHT
    assert window.details.isVisible() and window.details.height() > 0
    if size.height() >= 300:
        # The facts and the log scroll each in their place; the pane as a whole need not (a third
        # scroll bar beside theirs).
        assert not window.details.scroller.verticalScrollBar().isVisible()
    # Twice as large (QT_SCALE_FACTOR=2 on a 1366x768 screen is 683x384 to the window): the
    # lowest height must leave room for the title bar.
    assert window.minimumSizeHint().height() * 2 <= 768 - 60
    assert window.minimumSize().height() * 2 <= 768 - 60


def test_a_window_of_ordinary_height_shows_the_details_whole(qtbot: QtBot, filled: Filled) -> None:
    """Lower minimums must not starve the pane where there is room: the failed job's facts and
    its reason are all in view at 1300x740."""
    window, ids = filled
    window.resize(1300, 740)
    settle(qtbot)
    click_row(qtbot, window, ids["failed"][0])
    settle(qtbot)
    details = window.details
    for label in (details.name, details.source, details.state, details.error):
        assert fully_shown(label, details.facts.viewport()), label.text()
    assert details.log_view.height() >= 4 * details.log_view.fontMetrics().height()


# -- 2: a folder added again ------------------------------------------------------------------------


def test_adding_a_folder_again_says_nothing_about_its_pdfs(qtbot: QtBot, filled: Filled, tmp_path: Path) -> None:
    """A folder holding PDFs beside its decks (Slidepress's own output, or anyone's) is scanned
    for presentations only: its PDFs and other files are not "skipped" problems; a Keynote or
    OpenDocument deck there, which a user may expect converted, is named."""
    window, _ids = filled
    folder = tmp_path / "talks"
    make_deck(folder / "talk.pptx", 1)
    (folder / "talk.pdf").write_bytes(b"%PDF-1.7 made earlier")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (folder / "README").write_text("no extension, not a deck")
    report = wait_submitted(qtbot, window, lambda: drop(window, [folder]))
    assert [j.source.name for j in report.report.queued] == ["talk.pptx"]
    assert report.skipped == ""
    assert window.statusBar().currentMessage() == "Queued 1 presentation"

    (folder / "old.key").write_bytes(b"PK\x03\x04 keynote")
    (folder / "budget.odp").write_bytes(b"PK\x03\x04 opendocument")
    again = wait_submitted(qtbot, window, lambda: drop(window, [folder]))
    assert again.report.queued == [] and len(again.report.already_queued) == 1
    assert window.statusBar().currentMessage() == (
        "1 already in the queue; skipped 2 presentations Slidepress cannot read (Keynote, OpenDocument)"
    )


def test_a_folder_without_presentations_is_named(qtbot: QtBot, filled: Filled, tmp_path: Path) -> None:
    """ "No presentations found" alone left a user who dropped the wrong folder guessing which."""
    window, _ids = filled
    folder = tmp_path / "Lesson plans"
    folder.mkdir()
    (folder / "week1.docx").write_bytes(b"PK\x03\x04 word")
    wait_submitted(qtbot, window, lambda: drop(window, [folder]))
    assert window.statusBar().currentMessage() == "No presentations found in the folder Lesson plans"
    other = tmp_path / "Scans"
    other.mkdir()
    wait_submitted(qtbot, window, lambda: drop(window, [folder, other]))
    assert window.statusBar().currentMessage() == "No presentations found in the 2 items dropped"


def test_a_search_shows_its_results_from_the_top(qtbot: QtBot, filled: Filled) -> None:
    """With no row selected, the list kept the old rows' scroll offset in pixels after a search,
    so the first result stood half cut off at the top (seen under Xvfb)."""
    window, _ids = filled
    window.resize(QSize(1000, 420))
    settle(qtbot)
    table = window.table
    bar = table.verticalScrollBar()
    bar.setValue(bar.maximum() - table.rowHeight(0) // 2)  # mid-row, as a wheel leaves it
    settle(qtbot)
    qtbot.keyClicks(window.filter_bar.search, "budget")
    settle(qtbot)
    assert window.proxy.rowCount() > 1
    assert bar.value() == 0
    assert table.visualRect(window.proxy.index(0, 0)).top() == 0


def test_ctrl_c_copies_the_selected_jobs_with_their_reasons(qtbot: QtBot, filled: Filled) -> None:
    """To mail why decks failed, a user had the details pane one job at a time, selectable with
    the mouse only. Ctrl+C on the list (and Copy in its menu) copies each selected job's deck,
    state and reason, or its PDF, a line each."""
    window, ids = filled
    window.resize(1300, 740)
    click_row(qtbot, window, ids["failed"][0])
    failed, done = window.model.job(ids["failed"][0]), window.model.job(ids["done"][0])
    assert failed is not None and done is not None
    row = window.proxy.row_of(done.id)
    assert row is not None
    index = window.proxy.index(row, 1)
    qtbot.mouseClick(
        window.table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        window.table.visualRect(index).center(),
    )
    QApplication.clipboard().clear()
    qtbot.keyClick(window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = sorted(QApplication.clipboard().text().splitlines())
    assert lines == sorted(
        [
            f"{failed.source}\tFailed\t{PASSWORD}",
            f"{done.source}\tDone\t{done.output}",
        ]
    )
    # In the find field Ctrl+C copies the field's own text, not the jobs.
    window.filter_bar.search.setText("budget")
    window.filter_bar.search.selectAll()
    window.filter_bar.search.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "budget"


def test_a_narrow_window_shows_every_toolbar_button_as_an_icon(qtbot: QtBot, filled: Filled) -> None:
    """At 200 % on a laptop (683 px) Qt hid Settings and About behind a » menu; the buttons now
    drop their names where the named ones do not fit, and take them back with the room."""
    window, _ids = filled
    bar = window.toolbar
    named = [a for a in bar.actions() if a.text() and not a.isSeparator()]
    window.resize(QSize(1300, 740))
    settle(qtbot)
    assert bar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    window.resize(QSize(600, 500))
    settle(qtbot)
    assert bar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
    hidden = [a.text() for a in named if (w := bar.widgetForAction(a)) is None or not w.isVisible()]
    assert hidden == []
    window.resize(QSize(1300, 740))
    settle(qtbot)
    assert bar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon


def test_a_dropped_file_that_is_no_presentation_gets_its_reason(qtbot: QtBot, filled: Filled, tmp_path: Path) -> None:
    """One file dropped on its own is what the user asked for: it is queued and fails with the
    reader's own line ("… is a PDF"); among several dropped files a stray PDF is only counted."""
    window, _ids = filled
    pdf = tmp_path / "handout.pdf"
    pdf.write_bytes(b"%PDF-1.7 someone's handout")
    alone = wait_submitted(qtbot, window, lambda: drop(window, [pdf]))
    assert [j.source.name for j in alone.report.queued] == ["handout.pdf"]
    assert window.statusBar().currentMessage() == "Queued 1 presentation"

    deck = make_deck(tmp_path / "loose" / "deck.pptx", 1)
    other = tmp_path / "loose" / "notes.txt"
    other.write_text("x")
    several = wait_submitted(qtbot, window, lambda: drop(window, [deck, other]))
    assert [j.source.name for j in several.report.queued] == ["deck.pptx"]
    assert window.statusBar().currentMessage() == "Queued 1 presentation; skipped notes.txt (not a presentation)"


def test_a_message_too_long_for_a_narrow_window_ends_in_an_ellipsis(
    qtbot: QtBot, filled: Filled, tmp_path: Path
) -> None:
    """At 614 px (1366x768 at 200 %) the status bar's counts leave the message little room. Qt cut
    "...; skipped notes.txt (not a presentation)" mid-word with no sign anything was missing: now it
    ends in "…" and its tooltip holds it whole; widened again, the window shows it all."""
    window, _ids = filled
    window.resize(QSize(614, 345))
    settle(qtbot)
    bar = window.statusBar()
    deck = make_deck(tmp_path / "loose" / "deck.pptx", 1)
    other = tmp_path / "loose" / "notes.txt"
    other.write_text("x")
    wait_submitted(qtbot, window, lambda: drop(window, [deck, other]))
    whole = "Queued 1 presentation; skipped notes.txt (not a presentation)"
    assert bar.currentMessage() == whole
    settle(qtbot)
    painted = QStatusBar.currentMessage(bar)  # the text Qt paints
    assert painted.endswith("…") and whole.startswith(painted[:-1])
    assert bar.fontMetrics().horizontalAdvance(painted) <= window.pool_label.x() - 8  # Qt paints from 6 px in
    assert bar.toolTip() == whole

    window.resize(QSize(1300, 500))
    settle(qtbot)
    bar.repaint()
    assert QStatusBar.currentMessage(bar) == whole and bar.toolTip() == ""


# -- 3: Tab moves as the eye reads ----------------------------------------------------------------


def test_tab_goes_from_the_list_to_the_facts_then_the_log(qtbot: QtBot, filled: Filled) -> None:
    window, ids = filled
    window.resize(1300, 740)
    click_row(qtbot, window, ids["failed"][0])
    settle(qtbot)
    window.filter_bar.group.setFocus(Qt.FocusReason.OtherFocusReason)
    order: list[QWidget] = [window.filter_bar.group]
    for _ in range(5):
        widget = QApplication.focusWidget()
        assert widget is not None
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        assert focused is not None
        order.append(focused)
    details = window.details
    assert order == [
        window.filter_bar.group,
        window.filter_bar.search,
        window.table,
        details.facts,
        details.log_view,
        window.filter_bar.group,  # round again, past the toolbar (its buttons take no focus)
    ]
    # Shift+Tab walks back the same way.
    qtbot.keyClick(window.filter_bar.group, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is details.log_view
    qtbot.keyClick(details.log_view, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is details.facts


def test_the_batch_summary_repeats_what_its_drops_left_out(qtbot: QtBot, home: Path, tmp_path: Path) -> None:
    """The drop's line ("skipped 1 presentation Slidepress cannot read") gave way to "Batch
    finished" a second later, or after 15 s: someone who dropped a folder and came back at the
    end never learnt that its OpenDocument deck was left out."""
    window = open_window(qtbot, home, 0)
    folder = tmp_path / "talks"
    make_deck(folder / "talk.pptx", 1)
    (folder / "budget.odp").write_bytes(b"PK\x03\x04 opendocument")
    loose = tmp_path / "notes.txt"
    loose.write_text("x")
    report = wait_submitted(qtbot, window, lambda: drop(window, [folder, loose]))
    assert window.statusBar().currentMessage() == (
        "Queued 1 presentation; skipped notes.txt (not a presentation), "
        "1 presentation Slidepress cannot read (OpenDocument)"
    )
    store = JobStore(DataPaths(home).jobs_db)
    with qtbot.waitSignal(window.batch_finished, timeout=10_000):
        finish(store, report.report.queued[0].id)
    store.close()
    message = window.statusBar().currentMessage()
    assert message.startswith("Batch finished: 1 converted in ")
    assert message.endswith(
        "; skipped notes.txt (not a presentation), 1 presentation Slidepress cannot read (OpenDocument)"
    )

    # The next batch starts afresh: what the first one's drops left out is not said again.
    again = make_deck(tmp_path / "more" / "next.pptx", 1)
    second = wait_submitted(qtbot, window, lambda: drop(window, [again]))
    store = JobStore(DataPaths(home).jobs_db)
    with qtbot.waitSignal(window.batch_finished, timeout=10_000):
        finish(store, second.report.queued[0].id)
    store.close()
    assert "skipped" not in window.statusBar().currentMessage()
    window.close()


# -- the first start on a small or magnified screen ------------------------------------------------


def test_the_first_window_fits_the_screen(qtbot: QtBot, home: Path) -> None:
    """With no saved size the window opened at 1200x720 whatever the screen: at 200 % on a
    1920x1080 laptop (960x540 to the window) its status bar and Settings were off the screen."""
    window = open_window(qtbot, home, 0)
    screen = window.screen()
    assert screen is not None
    room = screen.availableGeometry()
    assert window.width() <= room.width() and window.height() <= room.height()
    assert room.contains(window.frameGeometry().topLeft())
    # Where the screen is large, the usual first size.
    assert first_size(QSize(2560, 1400)) == QSize(1200, 720)
    assert first_size(QSize(960, 540)) == QSize(864, 486)  # nine tenths of the screen
    window.close()
