"""What the window looks like, read back from its painted pixels: a deck's first slide beside its
own name only, bars that start empty, licences as their authors laid them out.

The window runs over a real jobs.db with no pool process, as a user sees it just after a drop
(the decks waiting); thumbnails come from the real helper process.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot
from test_gui_window import drop, wait_submitted
from test_gui_window_endings import fail
from test_gui_window_use import fill_store, gui_home, open_window

from desktop_app.delegates import BAR_INSET, ActionsDelegate, RowAction
from desktop_app.job_model import Column
from desktop_app.main import create_window
from desktop_app.quit_dialog import QuitChoice
from desktop_app.window import MainWindow
from worker.jobs.filtering import StateGroup
from worker.jobs.model import JobState
from worker.jobs.store import JobStore
from worker.paths import DataPaths

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return gui_home(tmp_path, monkeypatch)


def coloured_deck(path: Path, size: tuple[int, int], colour: str) -> Path:
    """A deck of one slide filled with ``colour``, ``size`` EMU wide and high."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(size[0]), Emu(size[1])
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    slide.background.fill.solid()
    slide.background.fill.fore_color.rgb = RGBColor.from_string(colour)
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))
    return path


def window_with_thumbnails(qtbot: QtBot, home: Path) -> MainWindow:
    window = create_window(
        DataPaths(home).ensure(),
        ask_quit=lambda _w, _q: QuitChoice.STOP,
        poll_ms=50,
        supervise_pool=False,  # the decks wait: a thumbnail is of the deck, whatever its state
        thumbnails=True,
        settings_dir=home / "config",
    )
    qtbot.addWidget(window)
    window.resize(1200, 700)
    window.show()
    qtbot.waitExposed(window)
    return window


def near(pixel: QColor, colour: str) -> bool:
    want = QColor(f"#{colour}")
    return max(abs(pixel.red() - want.red()), abs(pixel.green() - want.green()), abs(pixel.blue() - want.blue())) < 40


def extent(image: QImage, left: int, right: int, colour: str) -> tuple[int, int, int] | None:
    """The first and last rows of ``image`` with ``colour`` between x ``left`` and ``right``, and
    the widest run of it on a row (None: not there)."""
    rows = []
    widest = 0
    for y in range(image.height()):
        run = sum(near(image.pixelColor(x, y), colour) for x in range(left, right))
        if run:
            rows.append(y)
            widest = max(widest, run)
    return (rows[0], rows[-1], widest) if rows else None


RED, GREEN, BLUE = "D01010", "10A040", "1040D0"
WIDE = (12_192_000, 6_858_000)  # 16:9
PORTRAIT = (6_858_000, 9_906_000)  # A4 standing up
CLASSIC = (9_144_000, 6_858_000)  # 4:3


def test_a_decks_thumbnail_stays_in_its_own_row(qtbot: QtBot, home: Path, tmp_path: Path) -> None:
    """Before: the thumbnail was drawn 64 px wide at its own height, centred on its row: a 4:3
    slide (48 px) touched the next row's, and a portrait deck's (92 px) covered the thumbnails of
    the rows above and below, so another deck's name sat beside its first slide (seen under Xvfb
    at 150 %). Now each is fitted into its cell, in its proportions, with room round it."""
    folder = tmp_path / "mixed"
    decks = [
        coloured_deck(folder / "1 wide.pptx", WIDE, GREEN),
        coloured_deck(folder / "2 standing.pptx", PORTRAIT, RED),
        coloured_deck(folder / "3 classic.pptx", CLASSIC, BLUE),
        coloured_deck(folder / "4 wide again.pptx", WIDE, GREEN),
    ]
    window = window_with_thumbnails(qtbot, home)
    report = wait_submitted(qtbot, window, lambda: drop(window, decks))
    assert len(report.report.queued) == 4
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=10_000)
    cache = window.thumbnails
    assert cache is not None
    for row in range(4):
        window.model.data(window.model.index(row, Column.THUMB), role=1)  # asks for it, as painting does
    qtbot.waitUntil(lambda: cache.pending() == 0, timeout=60_000)
    qtbot.wait(100)  # the repaint the last thumbnail asked for

    table = window.table
    image = table.viewport().grab().toImage()
    cell = table.visualRect(window.proxy.index(0, Column.THUMB))
    left, right = cell.left(), cell.right() + 1
    rows = {window.proxy.job_at(r).source.name: table.visualRect(window.proxy.index(r, Column.THUMB)) for r in range(4)}  # type: ignore[union-attr]

    standing = extent(image, left, right, RED)
    assert standing is not None
    top, bottom, wide = standing
    own = rows["2 standing.pptx"]
    assert own.top() < top and bottom < own.bottom(), (top, bottom, own)  # within its row, a margin kept
    assert (bottom - top + 1) / wide == pytest.approx(PORTRAIT[1] / PORTRAIT[0], abs=0.12)  # not squashed

    classic = extent(image, left, right, BLUE)
    assert classic is not None
    own = rows["3 classic.pptx"]
    assert own.top() < classic[0] and classic[1] < own.bottom(), (classic, own)
    assert classic[2] / (classic[1] - classic[0] + 1) == pytest.approx(4 / 3, abs=0.12)

    # The wide decks' rows show their own green and nothing of the others'.
    for name in ("1 wide.pptx", "4 wide again.pptx"):
        rect = rows[name]
        band = image.copy(left, rect.top(), right - left, rect.height())
        assert extent(band, 0, band.width(), RED) is None and extent(band, 0, band.width(), BLUE) is None
        assert extent(band, 0, band.width(), GREEN) is not None
    window.close()


def test_an_empty_bar_draws_nothing_outside_its_frame(qtbot: QtBot, home: Path, tmp_path: Path) -> None:
    """Before: each waiting deck's bar (and a cancelled one's) had a dark blue line down its left
    side, outside its frame: Fusion draws a chunk under one pixel wide as a line one pixel left of
    the bar (under Xvfb, a 40-deck drop showed 40 of them). A bar with some progress is as before."""
    ids = fill_store(DataPaths(home), tmp_path / "work")  # eight decks wait, no pool to run them
    window = open_window(qtbot, home, 40)
    window.resize(1200, 700)
    table = window.table
    for job_id in (ids["queued"][0], ids["done"][0]):
        row = window.proxy.row_of(job_id)
        assert row is not None
        table.scrollTo(window.proxy.index(row, Column.PROGRESS))
        qtbot.wait(50)
        cell = table.visualRect(window.proxy.index(row, Column.PROGRESS))
        image = table.viewport().grab().toImage()
        scale = image.devicePixelRatio()
        y = round(cell.center().y() * scale)
        background = image.pixelColor(round((cell.left() + 1) * scale), y)
        # Between the cell's edge and the bar's frame (BAR_INSET px in): only the row's background.
        gap = [image.pixelColor(round(x * scale), y) for x in range(cell.left() + 1, cell.left() + BAR_INSET)]
        assert all(pixel == background for pixel in gap), (job_id, [p.name() for p in gap], background.name())
    window.close()


def retry_button_of(window: MainWindow, job_id: int) -> QPoint:
    row = window.proxy.row_of(job_id)
    assert row is not None
    index = window.proxy.index(row, Column.ACTIONS)
    window.table.scrollTo(index)
    return dict(ActionsDelegate.button_rects(window.table.visualRect(index)))[RowAction.RETRY].center()


def test_a_job_retried_from_the_failed_list_stays_there_selected(qtbot: QtBot, home: Path, tmp_path: Path) -> None:
    """Before: Show > Failed, a failed deck selected, its Retry button: the deck left the list as
    it went back to waiting, the selection and the details pane with it ('Select a job to see its
    details'), and when it failed again it came back at the end of the list, not selected (under
    Xvfb). Whether the retry worked had to be looked for. It now stays listed and selected until
    the filter changes, the details following it: waiting, then its new reason."""
    ids = fill_store(DataPaths(home), tmp_path / "work")  # eight failed, no pool: a retry waits
    window = open_window(qtbot, home, 40)
    window.resize(1200, 700)
    window.filter_bar.set_group(StateGroup.FAILED)
    assert window.proxy.rowCount() == 8
    target = ids["failed"][3]
    row = window.proxy.row_of(target)
    assert row is not None
    name = window.table.visualRect(window.proxy.index(row, Column.NAME)).center()
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=name)
    assert [j.id for j in window.selected_jobs()] == [target]

    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=retry_button_of(window, target))
    qtbot.waitUntil(lambda: window.model.job(target).state is JobState.QUEUED, timeout=10_000)  # type: ignore[union-attr]
    assert window.proxy.row_of(target) is not None  # still listed, as waiting
    assert [j.id for j in window.selected_jobs()] == [target]
    assert window.details.job is not None and window.details.job.state is JobState.QUEUED
    assert window.proxy.rowCount() == 8

    store = JobStore(DataPaths(home).jobs_db)
    try:
        fail(store, target, "Password-protected: still a password on it")
    finally:
        store.close()
    qtbot.waitUntil(lambda: window.details.error.text() == "Password-protected: still a password on it", timeout=10_000)
    assert [j.id for j in window.selected_jobs()] == [target]

    # Another filter lets go: a retried deck now waiting leaves the failed list as any other.
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=retry_button_of(window, target))
    qtbot.waitUntil(lambda: window.model.job(target).state is JobState.QUEUED, timeout=10_000)  # type: ignore[union-attr]
    window.filter_bar.set_group(StateGroup.ALL)
    window.filter_bar.set_group(StateGroup.FAILED)
    assert window.proxy.row_of(target) is None
    assert window.proxy.rowCount() == 7
    window.close()
