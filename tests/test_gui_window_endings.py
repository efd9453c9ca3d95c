"""How the window's work ends, driven as a person meets it: a quit asked while jobs finish, a PDF
that could not be replaced, a long batch that ended with a few failures.

The window runs over a real jobs.db with no pool process; the pool's part is played on the store
(claim, then succeed or fail), or by the pool's own code for the PDF it could not replace.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from test_gui_window_polish import finish
from test_gui_window_use import fill_store, gui_home

from desktop_app.bridge import PoolStatus
from desktop_app.desktop import RecordingDesktop
from desktop_app.main import create_window
from desktop_app.window import MainWindow, QuitChoice
from worker.jobs.model import JobCounts
from worker.jobs.quitting import quit_question
from worker.jobs.store import JobStore
from worker.paths import DataPaths

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return gui_home(tmp_path, monkeypatch)


def real_window(qtbot: QtBot, home: Path, rows: int) -> MainWindow:
    """The window as the app makes it, with the real quit question (open_window stubs it)."""
    window = create_window(
        DataPaths(home).ensure(),
        desktop=RecordingDesktop(),
        poll_ms=50,
        supervise_pool=False,
        thumbnails=False,
        settings_dir=home / "config",
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.model.rowCount() == rows, timeout=10_000)
    return window


def open_message_box() -> QMessageBox | None:
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    return boxes[0] if boxes else None


# -- 1: the quit question stays true --------------------------------------------------------------


def test_the_quit_question_follows_the_jobs_that_end_while_it_is_open(qtbot: QtBot, home: Path, tmp_path: Path) -> None:
    """Before: the dialog kept "8 presentations are still waiting or converting" while they all
    finished behind it, and still asked to stop them when nothing was left. It now counts down as
    jobs end, and once none is left it closes and the window quits, as the user asked."""
    ids = fill_store(DataPaths(home), tmp_path / "work")  # eight jobs wait among 40
    window = real_window(qtbot, home, 40)
    window._on_pool_status(PoolStatus(alive=True, workers=1))  # a pool converting them
    store = JobStore(DataPaths(home).jobs_db)
    texts: list[str] = []

    def while_asked() -> None:
        # Runs inside the dialog's own event loop, as the user reads it.
        qtbot.waitUntil(lambda: open_message_box() is not None, timeout=5_000)
        box = open_message_box()
        assert box is not None
        try:
            texts.append(box.text())
            for job_id in ids["queued"][:-1]:
                finish(store, job_id)
            qtbot.waitUntil(lambda: box.text() != texts[0], timeout=10_000)
            texts.append(box.text())
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
    assert texts == [
        "8 presentations are still waiting or converting.",
        "1 presentation is still waiting or converting.",
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
