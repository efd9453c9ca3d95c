"""The window as a person uses a long list: filter, find, read why a deck failed, resize.

The window runs over a real jobs.db written the way the pool writes it (claim, then succeed or
fail), with its real poller and commander threads; no pool runs, so the states stay put.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QLabel, QStyle
from pytestqt.qtbot import QtBot
from test_gui_window import make_deck

from desktop_app.delegates import BAR_INSET, BAR_TEXT_MARGIN, BUTTON, RowAction
from desktop_app.desktop import RecordingDesktop
from desktop_app.job_model import Column
from desktop_app.job_table import COMPACT_ROW_HEIGHT, ROW_HEIGHT
from desktop_app.main import create_window
from desktop_app.quit_dialog import AskQuit, QuitChoice
from desktop_app.settings import Settings, SettingsStore
from desktop_app.window import MainWindow
from worker.jobs.filtering import StateGroup
from worker.jobs.model import JobOptions, JobState
from worker.jobs.store import JobStore, NewJob, Ticket
from worker.paths import DataPaths

Filled = tuple[MainWindow, dict[str, list[int]]]
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PASSWORD = "Password-protected: open it in PowerPoint, remove the password and save again"


def fill_store(paths: DataPaths, root: Path) -> dict[str, list[int]]:
    """Eight folders of the same five decks: three done, one password-protected, one queued."""
    store = JobStore(paths.jobs_db)
    new = []
    for folder in range(1, 9):
        for name in ("budget", "roadmap", "kickoff", "secret", "later"):
            source = root / f"set{folder}" / f"{name}-review-with-a-long-common-tail.pptx"
            new.append(NewJob(f"{folder}-{name}", source, source.with_suffix(".pdf"), JobOptions(), 3))
    inserted, _ = store.insert(new)
    ids: dict[str, list[int]] = {"done": [], "failed": [], "queued": []}
    for job in inserted:
        name = job.source.name.split("-")[0]
        if name == "later":
            ids["queued"].append(job.id)
            continue
        token = uuid.uuid4().hex
        claimed = store.claim(Ticket(job.id, 1), token, 60)
        assert claimed is not None
        if name == "secret":
            store.fail(job.id, token, PASSWORD, "permanent", None)
            ids["failed"].append(job.id)
        else:
            assert store.succeed(job.id, token, 4, "builtin", [])
            job.output.parent.mkdir(parents=True, exist_ok=True)
            job.output.write_bytes(b"%PDF-1.7 stand-in: only its being there matters here")
            ids["done"].append(job.id)
    store.close()
    return ids


def open_window(qtbot: QtBot, home: Path, rows: int, ask_quit: AskQuit | None = None) -> MainWindow:
    """The window as it opens over ``home`` (a restart is closing one and opening another); the
    quit question answers Stop at once unless ``ask_quit`` is given (ask_quit_dialog: the real one)."""
    window = create_window(
        DataPaths(home).ensure(),
        desktop=RecordingDesktop(),
        ask_quit=ask_quit or (lambda _w, _n: QuitChoice.STOP),
        poll_ms=50,
        supervise_pool=False,
        thumbnails=False,
        settings_dir=home / "config",
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # Keyboard shortcuts reach only the active window: a busy machine can activate it late.
    qtbot.waitUntil(window.isActiveWindow, timeout=10_000)
    qtbot.waitUntil(lambda: window.model.rowCount() == rows, timeout=10_000)
    return window


def gui_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder of its own for the window (one worker, no notifications)."""
    home = tmp_path / "home"
    monkeypatch.setenv("SLIDEPRESS_HOME", str(home))
    DataPaths(home).ensure()
    SettingsStore(home / "config").save(Settings(workers=1, notify_when_done=False))
    return home


@pytest.fixture
def filled(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Filled]:
    home = gui_home(tmp_path, monkeypatch)
    ids = fill_store(DataPaths(home), tmp_path / "work")
    window = open_window(qtbot, home, 40)
    yield window, ids
    window.close()


def shown_ids(window: MainWindow) -> set[int]:
    jobs = (window.proxy.job_at(row) for row in range(window.proxy.rowCount()))
    return {job.id for job in jobs if job is not None}


def test_the_state_filter_shows_one_group_and_says_how_many(qtbot: QtBot, filled: Filled) -> None:
    window, ids = filled
    bar = window.filter_bar
    assert bar.isVisible() and not bar.shown.isVisible()  # nothing hidden: no "x of y"
    labels = [bar.group.itemText(i) for i in range(bar.group.count())]
    assert labels == ["All", "Waiting or converting (8)", "Done (24)", "Failed (8)", "Cancelled (0)"]

    # A person opens the combo with the keyboard (Alt+S, its mnemonic) and picks "Failed".
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert bar.group.hasFocus()
    for _ in range(3):
        qtbot.keyClick(bar.group, Qt.Key.Key_Down)
    assert bar.group.currentText() == "Failed (8)"
    assert shown_ids(window) == set(ids["failed"])
    assert bar.shown.isVisible() and bar.shown.text() == "8 of 40 shown"

    # Retry on every shown row: select all, Retry; the retried jobs stay in view, waiting again,
    # until the filter changes (the user watches how the retry goes where it was started).
    window.table.setFocus()
    window.table.selectAll()
    assert window.row_actions[RowAction.RETRY].isEnabled()
    window.row_actions[RowAction.RETRY].trigger()
    qtbot.waitUntil(lambda: bar.group.currentText() == "Failed (0)", timeout=10_000)
    assert shown_ids(window) == set(ids["failed"]) and bar.shown.text() == "8 of 40 shown"
    assert {job.state for job in window.selected_jobs()} == {JobState.QUEUED}
    assert window.details.job is not None and window.details.job.state is JobState.QUEUED  # not stale
    # Picking the group again lets them go: no failed job is left to show.
    bar.set_group(StateGroup.ALL)
    bar.set_group(StateGroup.FAILED)
    assert window.proxy.rowCount() == 0 and bar.shown.text() == "0 of 40 shown"
    assert window.details.job is None  # no stale details of a row that is no longer shown


def test_find_matches_folder_name_and_error_words(qtbot: QtBot, filled: Filled) -> None:
    window, ids = filled
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.filter_bar.search
    assert search.hasFocus()
    qtbot.keyClicks(search, "set3 ROADMAP")
    assert len(shown_ids(window)) == 1
    job = window.proxy.job_at(0)
    assert job is not None and job.source.parent.name == "set3" and job.source.name.startswith("roadmap-")

    search.clear()
    qtbot.keyClicks(search, "password")  # the words of the error find every protected deck
    assert shown_ids(window) == set(ids["failed"])
    # Escape clears the field and shows everything again.
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == "" and window.proxy.rowCount() == 40


def test_row_buttons_and_selection_act_on_the_shown_rows(qtbot: QtBot, filled: Filled) -> None:
    """With rows hidden, view rows and model rows differ: a click must open the row it is on."""
    window, _ids = filled
    window.filter_bar.search.setText("set5 kickoff")
    assert window.proxy.rowCount() == 1
    window.table.selectRow(0)
    selected = window.selected_jobs()
    assert [j.source.parent.name for j in selected] == ["set5"]
    index = window.proxy.index(0, Column.NAME)
    rect = window.table.visualRect(index)
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    desktop = window.desktop
    assert isinstance(desktop, RecordingDesktop)
    qtbot.waitUntil(lambda: len(desktop.opened) == 1, timeout=5_000)
    assert desktop.opened == [selected[0].output]

    # A PDF deleted since it was made: Enter says so in the status bar instead of doing nothing.
    selected[0].output.unlink()
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    bar = window.statusBar()
    qtbot.waitUntil(lambda: "no longer there" in bar.currentMessage(), timeout=5_000)
    assert bar.currentMessage() == f"Could not open: {selected[0].output.name} is no longer there (moved or deleted)"
    assert len(desktop.opened) == 1


def test_adding_while_filtered_shows_the_new_jobs(qtbot: QtBot, filled: Filled, tmp_path: Path) -> None:
    window, _ids = filled
    window.filter_bar.set_group(StateGroup.FAILED)
    deck = make_deck(tmp_path / "new" / "fresh.pptx", 1)
    with qtbot.waitSignal(window.submitted, timeout=30_000):
        window.add_paths([deck])
    assert window.filter_bar.group.currentText() == "All"
    assert any(job.source == deck for job in (window.proxy.job_at(r) for r in range(window.proxy.rowCount())) if job)


def label_clipped(label: QLabel) -> bool:
    """A wrapped label shorter than the height its text needs at its width shows cut lines."""
    need = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
    return label.isVisible() and label.height() < need


def test_details_of_a_long_path_are_never_cut_in_a_short_pane(qtbot: QtBot, filled: Filled) -> None:
    window, ids = filled
    window.resize(QSize(760, 560))
    window.table.selectRow(window.proxy.row_of(ids["failed"][0]) or 0)
    pane = window.details
    assert pane.job is not None and pane.job.id == ids["failed"][0]
    window.splitter.setSizes([420, 140])  # a person drags the details pane small
    QApplication.processEvents()
    labels = [pane.name, pane.source, pane.output, pane.state, pane.attempts, pane.engine, pane.timing, pane.error]
    assert not [label.objectName() or label.text() for label in labels if label_clipped(label)]
    # The facts scroll rather than squeeze: the reason, last, can be scrolled into view.
    pane.facts.ensureWidgetVisible(pane.error)
    QApplication.processEvents()
    top_left = pane.error.mapTo(pane.facts.viewport(), pane.error.rect().topLeft())
    assert 0 <= top_left.y() < pane.facts.viewport().height()


def test_the_details_count_tries_out_of_the_most_only_while_more_may_come(qtbot: QtBot, filled: Filled) -> None:
    """A finished deck's tries are a count ("1"); "1 of 3" read as if two more were on their way for
    a password-protected deck that will never be tried again. A waiting one keeps "of 3"."""
    window, ids = filled
    pane = window.details
    for group, expected in (("failed", "1"), ("done", "1"), ("queued", "0 of 3")):
        window.table.selectRow(window.proxy.row_of(ids[group][0]) or 0)
        assert pane.job is not None and pane.job.id == ids[group][0]
        assert pane.attempts.text() == expected, group


def test_a_failed_row_says_why_and_names_keep_their_ends(qtbot: QtBot, filled: Filled) -> None:
    window, ids = filled
    row = window.proxy.row_of(ids["failed"][0])
    assert row is not None
    assert window.proxy.index(row, Column.STATE).data() == "Failed"
    assert window.proxy.index(row, Column.PROGRESS).data() == "Password-protected"  # not "Failed" twice
    # Eight copies share a long name start; the view elides the middle, so the ends still differ.
    window.resize(QSize(900, 600))
    QApplication.processEvents()
    name_width = window.table.columnWidth(Column.NAME)
    metrics = window.table.fontMetrics()
    names = [
        "kickoff-review-with-a-long-common-tail-546328557689241.pptx",
        "kickoff-review-with-a-long-common-tail-625443492737843.pptx",
    ]
    shown = {metrics.elidedText(n, window.table.textElideMode(), name_width - 12) for n in names}
    assert len(shown) == 2 and all(text.endswith(".pptx") for text in shown)


@pytest.mark.parametrize("width", [700, 1200, 1580])
def test_the_row_buttons_stay_at_the_right_edge_and_names_keep_room(qtbot: QtBot, filled: Filled, width: int) -> None:
    window, _ids = filled
    window.resize(QSize(width, 700))
    QApplication.processEvents()
    table = window.table
    header = table.horizontalHeader()
    viewport = table.viewport().width()
    right_edge = header.sectionViewportPosition(Column.ACTIONS) + header.sectionSize(Column.ACTIONS)
    # Name keeps room for 24 characters while the others can narrow, and always 8.
    least = (24 if width >= 1200 else 8) * table.fontMetrics().averageCharWidth()
    assert header.sectionSize(Column.NAME) >= least
    if header.length() > viewport:  # too narrow even for every column's least: it scrolls sideways
        assert table.horizontalScrollBar().isVisible()
    else:  # no empty band right of the buttons
        assert right_edge == viewport
    # Widening another column takes the room from Name, and the buttons stay at the edge.
    if width == 1580:
        before = header.sectionSize(Column.NAME)
        header.resizeSection(Column.OUTPUT, header.sectionSize(Column.OUTPUT) + 100)
        assert header.sectionSize(Column.NAME) == before - 100
        assert header.sectionViewportPosition(Column.ACTIONS) + header.sectionSize(Column.ACTIONS) == viewport


def text_room(window: MainWindow, column: int) -> int:
    """The width a cell's text has in ``column``: the view's item margins (and a progress
    bar's insets and caption margins) taken off."""
    table = window.table
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    if column == Column.PROGRESS:
        margin += 2 * (BAR_INSET + BAR_TEXT_MARGIN)
    return table.columnWidth(column) - margin


@pytest.mark.parametrize(
    ("size", "dropped"),
    [
        ((1920, 1080), []),
        ((1024, 600), []),
        ((800, 500), [Column.OUTPUT]),
        # 1366x768 at 200 %: 683 device-independent pixels, the window maximized, and 9/10 of it.
        ((683, 384), [Column.OUTPUT, Column.SLIDES, Column.TIME]),
        ((614, 345), [Column.OUTPUT, Column.SLIDES, Column.TIME, Column.THUMB]),
    ],
)
def test_every_column_is_seen_whole_without_scrolling_sideways(
    qtbot: QtBot, filled: Filled, size: tuple[int, int], dropped: list[Column]
) -> None:
    """Before, at 800x500 the columns kept their widths (1,221 px in all) and the list scrolled
    sideways: Output and the row buttons were out of sight. Now the columns give way, Name
    eliding in the middle as calibre's does, and each stays wider than its header. Below that,
    where Name would fall under 24 characters, the columns that say least go, as in HandBrake's
    queue: at 614 px (1366x768 at 200 %) the list scrolled sideways, Name at 8 characters."""
    window, _ids = filled
    window.resize(QSize(*size))
    QApplication.processEvents()
    table = window.table
    header = table.horizontalHeader()
    assert table.verticalScrollBar().isVisible()  # 40 rows: its width is not room for columns
    assert not table.horizontalScrollBar().isVisible()
    assert table.dropped_columns() == dropped
    assert header.sectionSize(Column.NAME) >= 24 * table.fontMetrics().averageCharWidth()
    viewport = table.viewport().width()
    assert header.sectionViewportPosition(Column.ACTIONS) + header.sectionSize(Column.ACTIONS) == viewport
    head = header.fontMetrics()
    arrow = header.sectionSizeFromContents(Column.QUEUE).width() - head.horizontalAdvance("#")
    for column in (c for c in Column if c not in dropped):
        text = str(window.model.headerData(column, Qt.Orientation.Horizontal))
        need = head.horizontalAdvance(text) + (arrow if column == header.sortIndicatorSection() else 0)
        assert header.sectionSize(column) > need, (column.name, header.sectionSize(column), need)
    # The cells that are not elided on purpose (names and outputs are, in the middle) show whole.
    cells = table.fontMetrics()
    for column in (c for c in (Column.SLIDES, Column.PROGRESS, Column.STATE, Column.TIME) if c not in dropped):
        texts = {str(window.proxy.index(row, column).data() or "") for row in range(window.proxy.rowCount())}
        # And a converting deck's, which this list without a pool has none of.
        texts.add(
            {Column.PROGRESS: "slide 120 of 150", Column.STATE: "Converting", Column.TIME: "0:08 · 0:07 left"}.get(
                column, ""
            )
        )
        wide = [t for t in texts if cells.horizontalAdvance(t) > text_room(window, column)]
        assert not wide, (column.name, table.columnWidth(column), wide)
    assert header.sectionSize(Column.NAME) >= 8 * cells.averageCharWidth()

    # Sorting by another column makes room for its arrow (shown, if it had been left out: it says
    # why the rows are in that order), and nothing scrolls.
    table.sortByColumn(Column.SLIDES, Qt.SortOrder.AscendingOrder)
    QApplication.processEvents()
    assert Column.SLIDES not in table.dropped_columns()
    assert header.sectionSize(Column.SLIDES) >= header.sectionSizeFromContents(Column.SLIDES).width()
    assert not table.horizontalScrollBar().isVisible()


def test_column_widths_chosen_in_a_wide_window_come_back_after_a_narrow_one(
    qtbot: QtBot, filled: Filled, tmp_path: Path
) -> None:
    """A narrow window squeezes the columns; widened again, they are as the user made them, and
    a restart at a narrow size does not save the squeezed widths as theirs."""
    window, _ids = filled
    window.resize(QSize(1580, 700))
    QApplication.processEvents()
    header = window.table.horizontalHeader()
    header.resizeSection(Column.PROGRESS, 240)  # a person drags Progress wider
    window.resize(QSize(800, 500))
    QApplication.processEvents()
    assert header.sectionSize(Column.PROGRESS) < 240
    assert not window.table.horizontalScrollBar().isVisible()
    window.resize(QSize(1580, 700))
    QApplication.processEvents()
    assert header.sectionSize(Column.PROGRESS) == 240
    window.resize(QSize(800, 500))
    QApplication.processEvents()
    window.close()  # saved while narrow
    again = open_window(qtbot, tmp_path / "home", 40)  # the filled fixture's data folder
    again.resize(QSize(1580, 700))
    QApplication.processEvents()
    assert again.table.horizontalHeader().sectionSize(Column.PROGRESS) == 240
    again.close()


def test_a_status_message_is_not_cut_in_a_small_window(qtbot: QtBot, filled: Filled) -> None:
    """At 800 px the status bar's parts (what the converter does, the counts, the batch's bar and
    its share) kept their widths, the bar up to 180 px, and a message had what was left: "Queued
    12 presentatio". Below 1000 px the batch's bar now gives way; its share is still said."""
    window, _ids = filled
    window.resize(QSize(800, 500))
    window.statusBar().showMessage("Queued 12 presentations")
    window.eta_label.setText("68% · 12:34 left for all 12")  # as while a pool converts the batch
    QApplication.processEvents()
    assert window.eta_label.isVisible()  # the eight queued decks are a batch under way
    shown = [w for w in (window.pool_label, window.counts_label, window.overall, window.eta_label) if w.isVisible()]
    first = min(w.geometry().left() for w in shown)
    room = first - window.statusBar().contentsRect().left()
    need = window.statusBar().fontMetrics().horizontalAdvance("Queued 12 presentations") + 8
    assert room >= need, (room, need)
    window.resize(QSize(1580, 700))
    QApplication.processEvents()
    assert window.overall.isVisible()


def test_rows_without_their_thumbnail_are_compact(qtbot: QtBot, filled: Filled) -> None:
    """At 614 px (1366x768 at 200 %) the thumbnail is left out and rows need only the bar and the
    row buttons: before, they kept the thumbnail's height and a small screen showed three rows.
    Wider, the thumbnail and its height come back."""
    window, _ids = filled
    table = window.table
    window.resize(QSize(614, 345))
    QApplication.processEvents()
    assert Column.THUMB in table.dropped_columns()
    assert BUTTON < table.rowHeight(0) == COMPACT_ROW_HEIGHT < ROW_HEIGHT
    window.resize(QSize(1024, 600))
    QApplication.processEvents()
    assert Column.THUMB not in table.dropped_columns()
    assert table.rowHeight(0) == ROW_HEIGHT
