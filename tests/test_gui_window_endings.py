"""How the window's work ends, driven as a person meets it: a quit asked while jobs finish, a PDF
that could not be replaced, a long batch that ended with a few failures.

The window runs over a real jobs.db with no pool process; the pool's part is played on the store
(claim, then succeed or fail), or by the pool's own code for the PDF it could not replace.
"""

from __future__ import annotations

import errno
import os
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from test_gui_window import drop, make_deck, wait_submitted
from test_gui_window_polish import finish
from test_gui_window_use import fill_store, gui_home, open_window

import worker.pool.pool as pool_module
from desktop_app.bridge import PoolStatus
from desktop_app.colours import contrast
from desktop_app.job_model import Column
from desktop_app.quit_dialog import QuitChoice, ask_quit_dialog
from desktop_app.window import MainWindow
from worker.jobs import JobQueue, SubmitOptions
from worker.jobs.filtering import StateGroup
from worker.jobs.model import JobCounts, JobState
from worker.jobs.quitting import quit_question
from worker.jobs.store import JobStore, Ticket
from worker.paths import DataPaths
from worker.pool.pool import Pool, PoolConfig

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return gui_home(tmp_path, monkeypatch)


def real_window(qtbot: QtBot, home: Path, rows: int) -> MainWindow:
    """The window as the app makes it, with the real quit question (open_window stubs it)."""
    return open_window(qtbot, home, rows, ask_quit=ask_quit_dialog)


def open_message_box() -> QMessageBox | None:
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    return boxes[0] if boxes else None


# -- 1: the quit question stays true --------------------------------------------------------------


def test_the_quit_question_follows_the_jobs_that_end_while_it_is_open(qtbot: QtBot, home: Path, tmp_path: Path) -> None:
    """Before: the dialog kept "8 presentations are still waiting or converting" while they all
    finished behind it, and still asked to stop them when nothing was left. It now counts down as
    jobs end, and once none is left it closes and the window quits, as the user asked. Its advice
    follows the count: "Stop it now? It will convert" for one (it said "them" and "They" for one)."""
    ids = fill_store(DataPaths(home), tmp_path / "work")  # eight jobs wait among 40
    window = real_window(qtbot, home, 40)
    window._on_pool_status(PoolStatus(alive=True, workers=1))  # a pool converting them
    store = JobStore(DataPaths(home).jobs_db)
    texts: list[tuple[str, str]] = []

    def while_asked() -> None:
        # Runs inside the dialog's own event loop, as the user reads it.
        qtbot.waitUntil(lambda: open_message_box() is not None, timeout=5_000)
        box = open_message_box()
        assert box is not None
        try:
            texts.append((box.text(), box.informativeText()))
            for job_id in ids["queued"][:-1]:
                finish(store, job_id)
            qtbot.waitUntil(lambda: box.text() != texts[0][0], timeout=10_000)
            texts.append((box.text(), box.informativeText()))
            finish(store, ids["queued"][-1])
            qtbot.waitUntil(lambda: not box.isVisible(), timeout=10_000)
        finally:
            if box.isVisible():
                box.reject()  # a Cancel: the window stays, and the asserts below say why

    QTimer.singleShot(0, while_asked)
    try:
        window.close()  # the title bar's close button; the dialog's loop runs in here
    finally:
        store.close()
        window.ask_quit = lambda _w, _q: QuitChoice.STOP  # pytest-qt's closing at the end must not ask
    later = "will convert the next time Slidepress starts. Or keep converting in the background."
    assert texts == [
        ("8 presentations are still waiting or converting.", f"Stop them now? They {later}"),
        ("1 presentation is still waiting or converting.", f"Stop it now? It {later}"),
    ]
    assert not window.isVisible()  # it quit once nothing was left to wait for


def test_a_paused_quit_asks_only_about_what_is_converting() -> None:
    """Paused, a quit stops only the jobs under way (the waiting ones wait either way)."""
    counts = JobCounts(queued=6, running=2)
    assert quit_question(counts, paused=False, pool_alive=True).text == (
        "8 presentations are still waiting or converting."
    )
    assert quit_question(counts, paused=True, pool_alive=True).text == "2 presentations are still converting."
    assert quit_question(JobCounts(queued=6), paused=True, pool_alive=True).left == 0
    assert quit_question(counts, paused=False, pool_alive=False).left == 0  # no pool: nothing stops


def test_the_quit_question_says_decks_under_way_start_again_from_slide_1() -> None:
    """A PDF is made in one go, so a deck stopped part-way converts again from its first slide;
    the question said they would all "resume"."""
    later = "the next time Slidepress starts"
    tail = ". Or keep converting in the background."
    assert quit_question(JobCounts(queued=6), paused=False, pool_alive=True).advice == (
        f"Stop them now? They will convert {later}{tail}"
    )
    assert quit_question(JobCounts(queued=6, running=1), paused=False, pool_alive=True).advice == (
        f"Stop them now? They will convert {later} (the one under way from slide 1 again){tail}"
    )
    assert quit_question(JobCounts(queued=6, running=2), paused=False, pool_alive=True).advice == (
        f"Stop them now? They will convert {later} (the 2 under way from slide 1 again){tail}"
    )
    assert quit_question(JobCounts(queued=6, running=2), paused=True, pool_alive=True).advice == (
        f"Stop them now? They will convert {later}, from slide 1 again{tail}"
    )
    assert quit_question(JobCounts(running=1), paused=False, pool_alive=True).advice == (
        f"Stop it now? It will convert {later}, from slide 1 again{tail}"
    )


# -- 2: a PDF that cannot be replaced says why first ----------------------------------------------


def test_a_pdf_that_cannot_be_replaced_leads_with_the_cause(
    qtbot: QtBot, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the row's bar read "Cannot replace /home/…/quarterly-results.pdf" cut short, the one
    output failure that led with its path; it now says why in the bar's few words, as "Output
    folder read-only" or "Output disk full" do, and the path follows in the tooltip and details."""
    from pool_fakes import FACTORY_SPEC

    deep = tmp_path / "shared" / "department of long names" / "quarter three" / "final versions"
    deck = make_deck(deep / "quarterly-results-for-the-board-final-v2.pptx", 1)
    paths = DataPaths(home)
    queue = JobQueue(paths)
    pool = Pool(paths, PoolConfig(workers=1, factory_spec=FACTORY_SPEC))
    try:
        first = queue.submit([deck]).queued[0]
        pool._run_ticket(queue.store.queued_tickets()[0])
        queue.submit([deck], SubmitOptions(force=True))  # again, over its own PDF (open in a viewer)

        def refused(temp: Path, target: Path) -> None:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target))

        monkeypatch.setattr(pool_module, "publish", refused)
        pool._run_ticket(queue.store.queued_tickets()[0])
    finally:
        pool._child().stop()
        queue.close()
    window = real_window(qtbot, home, 1)  # the same job, run again
    (failed,) = window.model.jobs()
    assert failed.state is JobState.FAILED and failed.error is not None
    row = window.proxy.row_of(failed.id)
    assert row is not None
    bar = window.proxy.index(row, Column.PROGRESS)
    assert bar.data() == "PDF in use or read-only"
    whole = bar.data(Qt.ItemDataRole.ToolTipRole)
    assert whole == failed.error
    assert whole.startswith(f"PDF in use or read-only: cannot replace {first.output} (Permission denied)")
    window.table.setFocus()
    window.table.selectRow(row)
    assert window.details.error.text().startswith("PDF in use or read-only: cannot replace")
    window.close()


# -- 3: the failures of a long batch are one click away -------------------------------------------


def fail(store: JobStore, job_id: int, reason: str) -> None:
    token = uuid.uuid4().hex
    job = store.get(job_id)
    assert job is not None
    assert store.claim(Ticket(job_id, int(job.extra["ticket"])), token, 60) is not None
    store.fail(job_id, token, reason, "permanent", None)


def test_a_batch_with_failures_offers_to_show_them(qtbot: QtBot, home: Path, tmp_path: Path) -> None:
    """Before: a 60-deck batch ending with two failures said so in the status bar for 30 s, and the
    user scrolled the list to find the red rows (or knew the Show filter). The filter bar now
    offers "Show 2 failed": it shows them, the first selected with its reason in the details."""
    window = real_window(qtbot, home, 0)
    folder = tmp_path / "talks"
    decks = [make_deck(folder / "talk 00.pptx", 1)]
    for i in range(1, 60):
        decks.append(decks[0].with_name(f"talk {i:02}.pptx"))
        decks[-1].write_bytes(decks[0].read_bytes())
    report = wait_submitted(qtbot, window, lambda: drop(window, [folder]))
    jobs = sorted(report.report.queued, key=lambda job: job.source.name)
    assert len(jobs) == 60
    link = window.filter_bar.failures
    assert not link.isVisible()

    store = JobStore(DataPaths(home).jobs_db)
    broken = {jobs[23].id: "Corrupt deck: the file ends early", jobs[47].id: "Password-protected: remove it"}
    with qtbot.waitSignal(window.batch_finished, timeout=20_000):
        for job in jobs:
            if job.id in broken:
                fail(store, job.id, broken[job.id])
            else:
                finish(store, job.id)
    store.close()
    assert link.isVisible() and link.text() == "Show 2 failed"
    window.table.setFocus()
    window.table.scrollToBottom()

    # A person with a keyboard: Tab from the find field reaches the link, Enter follows it.
    window.filter_bar.search.setFocus()
    qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_Tab)
    assert link.hasFocus()
    qtbot.keyClick(link, Qt.Key.Key_Return)
    assert window.filter_bar.job_filter().group is StateGroup.FAILED
    assert [window.proxy.job_at(row).id for row in range(window.proxy.rowCount())] == sorted(broken)  # type: ignore[union-attr]
    selected = window.selected_jobs()
    assert [job.id for job in selected] == [window.proxy.job_at(0).id]  # type: ignore[union-attr]
    assert window.details.error.text() == broken[selected[0].id]
    assert window.table.hasFocus()
    assert not link.isVisible()  # there already: nothing to offer

    # Back to all: the link does not come back for failures the user has seen.
    window.filter_bar.set_group(StateGroup.ALL)
    assert not link.isVisible()
    window.close()


def test_the_failures_link_can_be_clicked_and_leaves_when_they_are_retried(
    qtbot: QtBot, home: Path, tmp_path: Path
) -> None:
    window = real_window(qtbot, home, 0)
    decks = [make_deck(tmp_path / "in" / f"deck {i}.pptx", 1) for i in range(3)]
    report = wait_submitted(qtbot, window, lambda: drop(window, decks))
    store = JobStore(DataPaths(home).jobs_db)
    with qtbot.waitSignal(window.batch_finished, timeout=20_000):
        finish(store, report.report.queued[0].id)
        fail(store, report.report.queued[1].id, "Corrupt deck: no slides")
        finish(store, report.report.queued[2].id)
    store.close()
    link = window.filter_bar.failures
    assert link.isVisible() and link.text() == "Show 1 failed"
    # Ctrl+Shift+R retries every failed job: nothing is left to show.
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not link.isVisible(), timeout=10_000)

    store = JobStore(DataPaths(home).jobs_db)
    with qtbot.waitSignal(window.batch_finished, timeout=20_000):
        fail(store, report.report.queued[1].id, "Corrupt deck: still no slides")
    store.close()
    assert link.isVisible()
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    assert window.filter_bar.job_filter().group is StateGroup.FAILED
    assert [job.id for job in window.selected_jobs()] == [report.report.queued[1].id]
    window.close()


# -- a dark desktop ------------------------------------------------------------------------------


def test_contrast_is_wcags_ratio() -> None:
    """The figures WCAG's own examples give: black on white 21:1, #777 on white 4.48:1."""
    assert contrast(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)


def dark_palette() -> QPalette:
    """The main colours a dark desktop theme (KDE's Breeze Dark) hands Qt."""
    palette = QPalette()
    for role, colour in {
        QPalette.ColorRole.Window: "#2a2e32",
        QPalette.ColorRole.WindowText: "#fcfcfc",
        QPalette.ColorRole.Base: "#1b1e20",
        QPalette.ColorRole.AlternateBase: "#232629",
        QPalette.ColorRole.Text: "#fcfcfc",
        QPalette.ColorRole.Button: "#31363b",
        QPalette.ColorRole.ButtonText: "#fcfcfc",
        QPalette.ColorRole.Highlight: "#3daee9",
        QPalette.ColorRole.HighlightedText: "#fcfcfc",
    }.items():
        palette.setColor(role, QColor(colour))
    return palette


def test_a_failed_jobs_reason_is_readable_on_a_dark_desktop(qtbot: QtBot, home: Path, tmp_path: Path) -> None:
    """Before: the details pane's reason was #c0392b whatever the theme, 2.4:1 against Breeze
    Dark's window (dim red on charcoal; 4.5:1 is the least for text). Its red now follows the
    palette: at a start on a dark desktop, and when the desktop flips while the window is open."""
    fill_store(DataPaths(home), tmp_path / "work")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    app.setPalette(dark_palette())
    try:
        window = real_window(qtbot, home, 40)
        window.ask_quit = lambda _w, _q: QuitChoice.STOP
        window.filter_bar.set_group(StateGroup.FAILED)
        window.table.setFocus()
        window.table.selectRow(0)
        error = window.details.error
        assert error.isVisible() and error.text().startswith("Password-protected")
        for palette in (dark_palette(), light, dark_palette()):
            app.setPalette(palette)
            QApplication.processEvents()
            # The label paints no background of its own: its text lies on the window's.
            assert not error.autoFillBackground()
            text = error.palette().color(QPalette.ColorRole.WindowText)
            ground = palette.color(QPalette.ColorRole.Window)
            assert contrast(text, ground) >= 4.5, (text.name(), ground.name())
            assert text.red() > 1.5 * max(text.green(), text.blue())  # still a red: it says "failed"
    finally:
        app.setPalette(light)


# -- keyboard only ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", [Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End])
def test_a_key_in_the_list_selects_a_job_when_none_is(qtbot: QtBot, home: Path, tmp_path: Path, key: Qt.Key) -> None:
    """Before: found by its name (Ctrl+F, "secret set3"), the one job shown was the list's current
    row but not selected; Tab to the list and Down, Home or End moved nowhere, so selected nothing:
    no details, and Delete or Ctrl+R had nothing to act on. Under Xvfb the details kept saying
    "Select a job to see its details". A key that moves in a list with no selection now selects."""
    ids = fill_store(DataPaths(home), tmp_path / "work")
    window = real_window(qtbot, home, 40)
    window.ask_quit = lambda _w, _q: QuitChoice.STOP
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.filter_bar.search, "secret set3")
    assert window.proxy.rowCount() == 1
    window.table.setCurrentIndex(window.proxy.index(0, Column.NAME))  # where the list's cursor stood
    window.table.clearSelection()
    window.filter_bar.search.setFocus()
    qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_Tab)  # past "Show N failed" when shown
    while not window.table.hasFocus():
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert window.selected_jobs() == []
    qtbot.keyClick(window.table, key)
    assert [job.id for job in window.selected_jobs()] == [ids["failed"][2]]
    assert window.details.job is not None and window.details.job.id == ids["failed"][2]
    window.close()


def test_a_retry_that_fails_again_between_two_polls_is_a_batch(qtbot: QtBot, home: Path, tmp_path: Path) -> None:
    """Before: a password-protected deck retried fails again in milliseconds; when the window's
    poll saw it only failed, as before, no batch began or ended for it. Under Xvfb, Retry All
    Failed over 4 failures said 'Batch finished: 1 converted, 2 failed' (3 had failed), and a
    retry of only such decks said nothing at all, nor offered to show them."""
    ids = fill_store(DataPaths(home), tmp_path / "work")
    window = real_window(qtbot, home, 40)
    window.ask_quit = lambda _w, _q: QuitChoice.STOP
    queue = JobQueue(DataPaths(home))
    with qtbot.waitSignal(window.batch_finished, timeout=10_000):  # the eight waiting jobs end
        for job_id in ids["queued"]:
            finish(queue.store, job_id)
    again = ids["failed"][:2]
    with qtbot.waitSignal(window.batch_finished, timeout=10_000) as ended:
        # The pool's part at once, before a poll can see the jobs waiting or converting.
        assert sorted(queue.retry(again)) == sorted(again)
        for job_id in again:
            fail(queue.store, job_id, "Password-protected: still")
    queue.close()
    result = ended.args[0]
    assert (result.succeeded, result.failed, result.cancelled) == (0, 2, 0)
    assert window.statusBar().currentMessage().startswith("Batch finished: 0 converted, 2 failed")
    assert window.filter_bar.failures.isVisible()
    window.close()
