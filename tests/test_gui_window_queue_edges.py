"""The queue's rough edges a person met, driven through the window over a real jobs.db: a retried
deck keeps its row, the batch's bar never goes back when work is cancelled or cleared, a failed
deck's thumbnail says it failed, and a deck started again after Slidepress was closed says why.

The pool's part is played on the store (claim, progress, cancel, release), as the pool writes it.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_gui_window_endings import fail
from test_gui_window_looks import coloured_deck, window_with_thumbnails
from test_gui_window_use import fill_store, gui_home, open_window

from desktop_app.bridge import PoolStatus
from desktop_app.colours import FAILURE_RED, LEAST_GRAPHIC_CONTRAST, contrast, readable_on
from desktop_app.delegates import ActionsDelegate, RowAction
from desktop_app.formatting import STARTED_AGAIN_LABEL, STARTS_AGAIN_CAPTION
from desktop_app.job_model import Column
from desktop_app.main import create_window
from desktop_app.quit_dialog import QuitChoice
from desktop_app.window import MainWindow
from worker.jobs.model import JobOptions, JobState
from worker.jobs.store import JobStore, NewJob, Ticket
from worker.paths import DataPaths

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return gui_home(tmp_path, monkeypatch)


def button_of(window: MainWindow, job_id: int, action: RowAction) -> QPoint:
    row = window.proxy.row_of(job_id)
    assert row is not None
    index = window.proxy.index(row, Column.ACTIONS)
    window.table.scrollTo(index)
    return dict(ActionsDelegate.button_rects(window.table.visualRect(index)))[action].center()


def click(qtbot: QtBot, window: MainWindow, at: QPoint) -> None:
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=at)


def queued(store: JobStore, names: list[str], root: Path) -> list[int]:
    new = [NewJob(name, root / f"{name}.pptx", root / f"{name}.pdf", JobOptions(), 3) for name in names]
    inserted, _ = store.insert(new)
    return [job.id for job in inserted]


def claim(store: JobStore, job_id: int) -> str:
    token = uuid.uuid4().hex
    job = store.get(job_id)
    assert job is not None
    assert store.claim(Ticket(job_id, int(job.extra["ticket"])), token, 60) is not None
    return token


# -- 1: Retry keeps the deck's row ----------------------------------------------------------------


def test_a_retried_deck_keeps_its_row_and_its_place_after_a_restart(qtbot: QtBot, home: Path, tmp_path: Path) -> None:
    """Before: Retry on the fourth of 40 rows (a password-protected deck) sent it to the end of
    the list, row 40 (under Xvfb): Retry gave it a place after every other job's, and the list
    is in queue order. HandBrake's Reset keeps an item where it is; so does Retry now, and the
    deck converts when the queue reaches it: it is first of those waiting ("#" 1), ahead of the
    decks below it. Closing and opening the window again finds it there still."""
    ids = fill_store(DataPaths(home), tmp_path / "work")  # 40 rows; the fourth failed
    window = open_window(qtbot, home, 40)
    window.resize(1200, 700)
    target = ids["failed"][0]
    assert window.proxy.row_of(target) == 3
    click(qtbot, window, button_of(window, target, RowAction.RETRY))
    qtbot.waitUntil(lambda: window.model.job(target).state is JobState.QUEUED, timeout=10_000)  # type: ignore[union-attr]
    assert window.proxy.row_of(target) == 3
    assert window.proxy.index(3, Column.QUEUE).data() == "1"  # the first to convert of those waiting
    waiting = [window.proxy.index(window.proxy.row_of(i) or 0, Column.QUEUE).data() for i in ids["queued"]]
    assert waiting == [str(n) for n in range(2, 10)]
    window.close()

    again = open_window(qtbot, home, 40)  # a restart of the app: the place is in jobs.db
    assert again.proxy.row_of(target) == 3
    assert again.proxy.index(3, Column.QUEUE).data() == "1"
    again.close()


# -- 2: the batch's bar never goes back -------------------------------------------------------------


def test_cancelling_or_clearing_a_deck_never_moves_the_batch_bar_back(qtbot: QtBot, home: Path, tmp_path: Path) -> None:
    """Before: with two decks converting (30 and 270 of 300 slides: 50 %), cancelling the second
    counted it as done whole: the bar leapt to 55 %, though nothing more was converted, and the
    text still said "left for both"; counting it out would have sent it back to 10 %. The rule
    now: done work stays counted, work that will not be done leaves the batch; the bar is the
    work done over that, and only added work moves it back."""
    store = JobStore(DataPaths(home).jobs_db)
    try:
        first, second = queued(store, ["first", "second"], tmp_path)
        window = open_window(qtbot, home, 2)
        seen: list[int] = []
        window.polled.connect(lambda: seen.append(window.overall.value()))
        tokens = {job_id: claim(store, job_id) for job_id in (first, second)}
        store.set_progress(first, tokens[first], 30, 300)
        store.set_progress(second, tokens[second], 270, 300)
        qtbot.waitUntil(lambda: window.overall.value() == 500, timeout=10_000)  # (0.1 + 0.9) / 2

        click(qtbot, window, button_of(window, second, RowAction.CANCEL))
        qtbot.waitUntil(lambda: window.model.job(second).cancel_requested, timeout=10_000)  # type: ignore[union-attr]
        assert store.finish_cancelled(second, tokens[second])
        qtbot.waitUntil(lambda: window.model.job(second).state is JobState.CANCELLED, timeout=10_000)  # type: ignore[union-attr]
        # Its 270 slides stay done; its last 30 leave: (0.1 + 0.9) / (1 + 0.9).
        assert window.overall.value() == 526
        assert window.eta_label.text() == "53%"  # one deck left to convert: not "for both"

        window.act_clear.trigger()  # Clear Finished: the cancelled row goes, its share stays
        qtbot.waitUntil(lambda: window.model.job(second) is None, timeout=10_000)
        assert window.overall.value() == 526

        store.set_progress(first, tokens[first], 150, 300)
        qtbot.waitUntil(lambda: window.overall.value() == round(1000 * 1.4 / 1.9), timeout=10_000)
        assert seen == sorted(seen)  # after every poll: never back
        window.close()
    finally:
        store.close()


# -- 3: a failed deck's thumbnail says so -----------------------------------------------------------


def cell_image(window: MainWindow, job_id: int) -> QImage:
    row = window.proxy.row_of(job_id)
    assert row is not None
    rect = window.table.visualRect(window.proxy.index(row, Column.THUMB))
    return window.table.viewport().grab(rect).toImage()


def count(image: QImage, colour: QColor, within: int = 40) -> int:
    found = 0
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if (
                max(
                    abs(pixel.red() - colour.red()),
                    abs(pixel.green() - colour.green()),
                    abs(pixel.blue() - colour.blue()),
                )
                < within
            ):
                found += 1
    return found


@pytest.mark.parametrize("dark", [False, True])
def test_a_failed_deck_looks_failed_in_its_thumbnail_cell(qtbot: QtBot, home: Path, tmp_path: Path, dark: bool) -> None:
    """Before: a deck that could not be read showed the same presentation icon as every deck
    still waiting, and one that failed after its first slide was drawn looked like one that
    converted (under Xvfb). Now the unreadable one is a red "broken document" and the other
    keeps its first slide with a red mark; a waiting deck keeps the plain icon. In light and dark
    palettes the red reads on the row's background."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    palette = QPalette(app.palette())
    if dark:
        for role, colour in (
            (QPalette.ColorRole.Base, "#1e1e1e"),
            (QPalette.ColorRole.AlternateBase, "#262626"),
            (QPalette.ColorRole.Window, "#2b2b2b"),
            (QPalette.ColorRole.Text, "#eeeeee"),
            (QPalette.ColorRole.WindowText, "#eeeeee"),
        ):
            palette.setColor(role, QColor(colour))
    before = QPalette(app.palette())
    app.setPalette(palette)
    try:
        work = tmp_path / "work"
        blue = coloured_deck(work / "blue.pptx", (12192000, 6858000), "2255CC")
        broken = work / "broken.pptx"
        broken.write_bytes(b"PK\x03\x04 not a whole zip")
        waiting = work / "waiting.pptx"
        waiting.write_bytes(broken.read_bytes())
        store = JobStore(DataPaths(home).jobs_db)
        new = [NewJob(p.stem, p, p.with_suffix(".pdf"), JobOptions(), 3) for p in (blue, broken, waiting)]
        inserted, _ = store.insert(new)
        ids = [job.id for job in inserted]
        window = window_with_thumbnails(qtbot, home)
        qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=10_000)
        assert window.thumbnails is not None
        thumbs = window.thumbnails
        qtbot.waitUntil(lambda: thumbs.loaded(ids[0]) and thumbs.pending() == 0, timeout=60_000)
        fail(store, ids[0], "The output folder refused the PDF")  # after its first slide was drawn
        fail(store, ids[1], "Corrupt deck: the file ends early")
        store.close()
        qtbot.waitUntil(lambda: window.model.job(ids[1]).state is JobState.FAILED, timeout=10_000)  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: window.model.job(ids[0]).state is JobState.FAILED, timeout=10_000)  # type: ignore[union-attr]

        base = window.table.palette().color(QPalette.ColorRole.Base)
        red = readable_on(FAILURE_RED, base, LEAST_GRAPHIC_CONTRAST)
        assert contrast(red, base) >= LEAST_GRAPHIC_CONTRAST
        failed_later, failed_read, still_waiting = (cell_image(window, i) for i in ids)
        assert count(failed_read, red) > 40  # the broken document, in red
        assert count(still_waiting, red) == 0  # the plain placeholder
        assert count(failed_later, QColor("#2255CC")) > 500  # its own first slide, kept
        assert count(failed_later, red) > 40  # with the failure mark
        window.close()
    finally:
        app.setPalette(before)


def test_a_waiting_decks_icon_follows_a_theme_change(qtbot: QtBot, home: Path, tmp_path: Path) -> None:
    """When the desktop turns dark while the window is open, the list turns dark with it (with the
    app's style sheet set, Qt gave the new palette to the main window only: the list stayed
    white), and the presentation icon of a deck without a thumbnail, tinted with the palette's
    text colour once at start, is made again (it stayed dark on dark)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QPalette(app.palette())
    try:
        waiting = tmp_path / "work" / "waiting.pptx"
        waiting.parent.mkdir(parents=True)
        waiting.write_bytes(b"PK\x03\x04 not a whole zip")  # no thumbnail: the icon stays
        store = JobStore(DataPaths(home).jobs_db)
        (job,), _ = store.insert([NewJob("waiting", waiting, waiting.with_suffix(".pdf"), JobOptions(), 3)])
        store.close()
        window = window_with_thumbnails(qtbot, home)
        qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=10_000)
        assert window.thumbnails is not None
        thumbs = window.thumbnails
        qtbot.waitUntil(lambda: thumbs.pending() == 0, timeout=60_000)
        light_ink = before.color(QPalette.ColorRole.WindowText)
        assert count(cell_image(window, job.id), light_ink) > 40
        dark = QPalette(before)
        for role, colour in (
            (QPalette.ColorRole.Base, "#1e1e1e"),
            (QPalette.ColorRole.Window, "#2b2b2b"),
            (QPalette.ColorRole.Text, "#eeeeee"),
            (QPalette.ColorRole.WindowText, "#eeeeee"),
        ):
            dark.setColor(role, QColor(colour))
        app.setPalette(dark)
        QApplication.processEvents()
        assert window.table.viewport().palette().color(QPalette.ColorRole.Base) == QColor("#1e1e1e")
        cell = cell_image(window, job.id)
        assert count(cell, QColor("#eeeeee")) > 40
        assert count(cell, light_ink, within=12) == 0  # the old icon (the dark ground is #1e1e1e)
        window.close()
    finally:
        app.setPalette(before)


# -- 4: a deck started again after the app was closed says so ---------------------------------------


def test_a_deck_cut_off_by_closing_the_app_says_it_starts_again(qtbot: QtBot, home: Path, tmp_path: Path) -> None:
    """Before: a deck converting when Slidepress was closed (Stop and Quit) was waiting again at
    the next start, and converted from slide 1, its bar back at 0, with no word of why (under
    Xvfb: "slide 100 of 300", then "slide 5 of 300"). It now says so: the status bar when the
    window opens, the row's caption while it waits, "Converting again" while it converts, and
    the tooltip and details how far it had got."""
    store = JobStore(DataPaths(home).jobs_db)
    try:
        (deck,) = queued(store, ["talk"], tmp_path)
        token = claim(store, deck)
        store.set_progress(deck, token, 100, 300)
        assert store.release(deck, token) is not None  # what the pool does when it is stopped
        window = open_window(qtbot, home, 1)  # the next start
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() != "", timeout=10_000)
        assert window.statusBar().currentMessage().startswith("talk.pptx converts again from slide 1")
        assert "Slidepress was closed" in window.statusBar().currentMessage()
        row = window.proxy.row_of(deck)
        assert row is not None
        assert window.proxy.index(row, Column.PROGRESS).data() == STARTS_AGAIN_CAPTION
        tip = window.proxy.index(row, Column.PROGRESS).data(Qt.ItemDataRole.ToolTipRole)
        assert "with 100 of 300 slides converted" in tip and "again from slide 1" in tip

        window._on_pool_status(PoolStatus(alive=True, workers=1))  # a pool converting it
        token = claim(store, deck)
        store.set_progress(deck, token, 5, 300)
        qtbot.waitUntil(lambda: window.proxy.index(row, Column.STATE).data() == STARTED_AGAIN_LABEL, timeout=10_000)
        assert window.proxy.index(row, Column.PROGRESS).data() == "slide 6 of 300"
        name = window.table.visualRect(window.proxy.index(row, Column.NAME)).center()
        click(qtbot, window, name)
        assert "with 100 of 300 slides converted" in window.details.state.text()

        assert store.succeed(deck, token, 300, "builtin", [])
        qtbot.waitUntil(lambda: window.proxy.index(row, Column.STATE).data() == "Done", timeout=10_000)
        window.close()
    finally:
        store.close()


# -- the data folder's disk full at start ----------------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the file size limit (RLIMIT_FSIZE) is Linux's")
def test_a_window_opened_on_a_full_data_disk_says_why_then_shows_the_jobs_once_it_has_room(
    qtbot: QtBot, home: Path, tmp_path: Path
) -> None:
    """Seen under Xvfb with the data folder on a full (or read-only) disk and 300 jobs in jobs.db:
    the window's threads died opening jobs.db (a traceback on stderr), and it showed "No jobs" and
    "Starting the converter…" for as long as it stayed open, even once the disk had room. A file
    size limit of 0 refuses every write that needs room, as a full disk does: opening jobs.db in
    WAL mode needs its shared-memory file to grow."""
    import resource
    import signal

    fill_store(DataPaths(home), tmp_path / "work")
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG, not death, past the limit
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, hard))
    try:
        window = create_window(
            DataPaths(home),
            ask_quit=lambda _w, _n: QuitChoice.STOP,
            poll_ms=50,
            supervise_pool=False,
            thumbnails=False,
            settings_dir=home / "config",
        )
        qtbot.addWidget(window)
        window.show()
        said = f"Slidepress cannot write its data in {home}: the disk refused the write (is it full?)"
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == said, timeout=10_000)
        assert window.model.rowCount() == 0
        # The empty page says the jobs are unreadable for now, not "Drop presentations here".
        assert window.empty_title.text() == "Your jobs cannot be read just now"
        assert window.empty_hint.text().startswith(said)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old_handler)
    qtbot.waitUntil(lambda: window.model.rowCount() == 40, timeout=10_000)  # the disk has room again
    assert window.statusBar().currentMessage() == ""
    assert window.empty_title.text() == "Drop presentations here"
    window.close()
