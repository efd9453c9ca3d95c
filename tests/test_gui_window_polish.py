"""The window's second polish round, driven as a person uses it over a real jobs.db.

Jobs are written the way the pool writes them (claim, then succeed or fail); no pool runs, so
the states stay put unless a test moves them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_gui_window_use import fill_store

from desktop_app.desktop import RecordingDesktop
from desktop_app.main import create_window
from desktop_app.settings import Settings, SettingsStore
from desktop_app.window import MainWindow, QuitChoice
from worker.jobs.model import JobOptions
from worker.jobs.store import JobStore, NewJob, Ticket
from worker.paths import DataPaths

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def open_window(qtbot: QtBot, home: Path, rows: int) -> MainWindow:
    """The window as it opens over ``home`` (a restart is closing one and opening another)."""
    window = create_window(
        DataPaths(home).ensure(),
        desktop=RecordingDesktop(),
        ask_quit=lambda _w, _n: QuitChoice.STOP,
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


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("SLIDEPRESS_HOME", str(home))
    DataPaths(home).ensure()
    SettingsStore(home / "config").save(Settings(workers=1, notify_when_done=False))
    return home


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
    qtbot.waitUntil(window.overall.isVisible, timeout=5_000)
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
    assert not window.overall.isVisible()
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
