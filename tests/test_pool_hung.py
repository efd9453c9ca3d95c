"""A pool that hangs without dying (stopped, deadlocked) is replaced by whoever waits on it; one
stopped briefly, or asleep together with its watcher, is left alone.

Real pools, real `slidepress export --wait` processes as the watchers, real SQLite; thresholds are
shortened through the pool's flags and SLIDEPRESS_POOL_HUNG_AFTER."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from pool_fakes import FACTORY_SPEC, PROJECT, PoolProcess, make_deck, pdfs_under, wait_until
from pytestqt.qtbot import QtBot

from desktop_app.bridge import QueueClient
from worker.jobs import JobQueue, JobState
from worker.paths import DataPaths
from worker.pool.lock import pool_alive
from worker.pool.wake import read_pool_info
from worker.pool.watchdog import HUNG_AFTER_ENV, HUNG_REASON, PoolWatch, Replaced, descendants, kill_tree

FAST_STAMPS = ["--stamp-every", "0.3", "--retry-base", "0.1"]
REPLACED_LINE = "the worker pool stopped answering; a new one took over"


WATCHERS: list[subprocess.Popen[str]] = []


@pytest.fixture
def pools(home: Path) -> Iterator[list[PoolProcess]]:
    """The test's pools; in the end its watchers (which could start pools), its pools and whatever
    pool serves ``home`` then (a fresh one a watcher started) are stopped."""
    started: list[PoolProcess] = []
    yield started
    while WATCHERS:
        watcher = WATCHERS.pop()
        with contextlib.suppress(OSError):
            os.kill(watcher.pid, signal.SIGCONT)
        watcher.kill()
        watcher.communicate()
    for pool in started:
        if pool.proc is not None:
            with contextlib.suppress(OSError):
                os.kill(pool.proc.pid, signal.SIGCONT)
        pool.stop()
    pid = read_pool_info(DataPaths(home).pool_info).get("pid")
    if isinstance(pid, int) and pool_alive(DataPaths(home).pool_lock):
        kill_tree(pid)


def export_wait(home: Path, decks: Sequence[Path], hung_after: float) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env.update(
        SLIDEPRESS_HOME=str(home),
        SLIDEPRESS_ENGINE_FACTORY=FACTORY_SPEC,
        QT_QPA_PLATFORM="offscreen",
        **{HUNG_AFTER_ENV: str(hung_after)},
    )
    command = [sys.executable, "-m", "worker", "export", "--wait", *map(str, decks)]
    watcher = subprocess.Popen(
        command, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    WATCHERS.append(watcher)
    return watcher


def log_text(home: Path, name: str) -> str:
    path = home / "logs" / f"{name}.log"
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def running(queue: JobQueue, count: int) -> bool:
    jobs = queue.store.list(JobState.RUNNING)
    return len(jobs) == count and all(j.slides_done >= 1 for j in jobs)


def test_a_pool_stopped_for_good_is_replaced_once_and_every_job_ends_done(
    queue: JobQueue, home: Path, tmp_path: Path, pools: list[PoolProcess]
) -> None:
    """Two watchers (two windows, two `export --wait`) see the pool stop answering; one kills its
    whole tree and starts a fresh pool, the other leaves it be; the jobs it held come back as retries."""
    decks = [make_deck(tmp_path / "in" / f"d{i}.pptx", 6, "slow:0.2") for i in range(4)]
    ids = [j.id for j in queue.submit(decks).queued]
    pool = PoolProcess(home, workers=2, extra=FAST_STAMPS).start()
    pools.append(pool)
    assert pool.proc is not None
    wait_until(lambda: running(queue, 2))
    held = {j.id for j in queue.store.list(JobState.RUNNING)}
    children = pool.children()
    assert len(children) == 2
    watchers = [export_wait(home, decks, 4.0) for _ in range(2)]
    os.kill(pool.proc.pid, signal.SIGSTOP)  # for good: only the watchdog's kill ends it
    errs = [w.communicate(timeout=60)[1] for w in watchers]
    assert [w.returncode for w in watchers] == [0, 0], errs
    assert pool.proc.wait(5) == -signal.SIGKILL
    assert not any(alive(pid) for pid in children)  # its converters went with it
    assert sum(err.count(REPLACED_LINE) for err in errs) == 1
    assert log_text(home, "cli").count("has not answered for") == 1
    assert log_text(home, "pool").count("pool serving") == 2  # the stopped one and one fresh pool
    jobs = queue.store.get_many(ids)
    assert [j.state for j in jobs] == [JobState.SUCCEEDED] * 4
    for job in jobs:
        assert job.attempts == (2 if job.id in held else 1)
        said = [line.message for line in queue.log_lines(job.id)]
        assert (HUNG_REASON in said) == (job.id in held)
    assert pdfs_under(tmp_path / "in") == [d.with_suffix(".pdf") for d in decks]


def test_a_pool_stopped_briefly_or_asleep_with_its_watcher_is_left_alone(
    queue: JobQueue, home: Path, tmp_path: Path, pools: list[PoolProcess]
) -> None:
    """Stopped for less than the threshold, then resumed: left alone. Stopped for longer, but
    together with the watcher (a laptop asleep): the watcher counts its own awake time, so it is
    left alone too."""
    decks = [make_deck(tmp_path / "in" / f"d{i}.pptx", 16, "slow:0.25") for i in range(2)]
    ids = [j.id for j in queue.submit(decks).queued]
    pool = PoolProcess(home, workers=1, extra=FAST_STAMPS).start()
    pools.append(pool)
    assert pool.proc is not None
    wait_until(lambda: running(queue, 1))
    watcher = export_wait(home, decks, 5.0)
    assert watcher.stderr is not None
    assert "already queued" in watcher.stderr.readline()  # it watches from here on
    time.sleep(1)
    os.kill(pool.proc.pid, signal.SIGSTOP)
    time.sleep(2.5)  # half the threshold
    os.kill(pool.proc.pid, signal.SIGCONT)
    time.sleep(1)
    # The laptop goes to sleep: the pool freezes, the watcher a moment later (it has seen the
    # pool's last stamp by then); they wake in the other order, the pool stamping a moment later.
    assert queue.counts().running == 1
    os.kill(pool.proc.pid, signal.SIGSTOP)
    time.sleep(1.2)
    os.kill(watcher.pid, signal.SIGSTOP)
    time.sleep(6)  # more than the threshold
    os.kill(watcher.pid, signal.SIGCONT)
    time.sleep(1)
    os.kill(pool.proc.pid, signal.SIGCONT)
    err = watcher.communicate(timeout=60)[1]
    assert watcher.returncode == 0, err
    assert pool.proc.poll() is None  # the same pool served the batch
    assert "stopped answering" not in err and "has not answered" not in log_text(home, "cli")
    assert [(j.state, j.attempts) for j in queue.store.get_many(ids)] == [(JobState.SUCCEEDED, 1)] * 2


def test_a_pool_whose_worker_deadlocked_is_replaced(
    queue: JobQueue, home: Path, tmp_path: Path, pools: list[PoolProcess]
) -> None:
    """The pool's main loop and its wake listener run on; the worker thread and the reaper wait on
    a lock forever (tests/deadlocking_pool.py). The working threads stop proving the pool alive."""
    decks = [make_deck(tmp_path / "in" / f"d{i}.pptx", 3, "slow:0.05") for i in range(3)]
    ids = [j.id for j in queue.submit(decks).queued]
    script = Path(__file__).with_name("deadlocking_pool.py")
    pool = PoolProcess(home, workers=1, extra=[*FAST_STAMPS, "--late-after", "1"], script=script).start()
    pools.append(pool)
    assert pool.proc is not None
    wait_until(lambda: queue.counts().running == 1)
    watcher = export_wait(home, decks, 4.0)
    err = watcher.communicate(timeout=60)[1]
    assert watcher.returncode == 0, err
    assert REPLACED_LINE in err
    assert pool.proc.wait(5) == -signal.SIGKILL
    assert "has not come round for over 1 s" in log_text(home, "pool")
    jobs = queue.store.get_many(ids)
    assert [(j.state, j.attempts) for j in jobs] == [(JobState.SUCCEEDED, 2)] + [(JobState.SUCCEEDED, 1)] * 2
    assert HUNG_REASON in [line.message for line in queue.log_lines(ids[0])]


def test_the_windows_pool_keeper_replaces_a_stopped_pool_off_the_gui_thread(
    qtbot: QtBot, queue: JobQueue, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's keeper starts the pool (detached, leading its own process group), notices it
    stopped answering, kills its group and starts a new one, and says so in one line; the GUI
    thread polls on throughout."""
    monkeypatch.setenv("SLIDEPRESS_ENGINE_FACTORY", FACTORY_SPEC)
    monkeypatch.setenv(HUNG_AFTER_ENV, "3.5")
    paths = DataPaths(home)
    decks = [make_deck(tmp_path / "in" / f"d{i}.pptx", 6, "slow:0.2") for i in range(2)]
    ids = [j.id for j in queue.submit(decks).queued]
    client = QueueClient(paths, workers=1, poll_ms=100, pool_check_ms=250)
    messages: list[str] = []
    client.pool_message.connect(messages.append)
    polls: list[float] = []
    client.changed.connect(lambda _result: polls.append(time.monotonic()))
    client.start()
    try:
        qtbot.waitUntil(lambda: running(queue, 1), timeout=30_000)
        first = read_pool_info(paths.pool_info).get("pid")
        assert isinstance(first, int) and os.getpgid(first) == first
        children = descendants(first)
        os.kill(first, signal.SIGSTOP)
        stopped = time.monotonic()
        qtbot.waitUntil(lambda: all(j.state.finished for j in queue.store.get_many(ids)), timeout=40_000)
        assert messages == ["The worker pool stopped answering; a new one took over"]
        assert not alive(first) and not any(alive(pid) for pid in children)
        assert read_pool_info(paths.pool_info).get("pid") not in (None, first)
        assert [(j.state, j.attempts) for j in queue.store.get_many(ids)] == [
            (JobState.SUCCEEDED, 2),
            (JobState.SUCCEEDED, 1),
        ]
        # The GUI thread kept receiving polls while the keeper waited, killed and started.
        after = [t - stopped for t in polls if t > stopped]
        assert max(b - a for a, b in zip([0.0, *after], after, strict=False)) < 2.0
    finally:
        client.shutdown(stop_pool_too=True)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the lock's holder is read from /proc/locks")
def test_a_stamp_naming_another_process_than_the_lock_holder_kills_nothing(queue: JobQueue, home: Path) -> None:
    """Only the process holding pool.lock is killed: a stamp left by an earlier pool, whose pid now
    names some other process, while a pool that keeps no stamp holds the lock, kills nothing."""
    paths = DataPaths(home)
    hold = (
        "import fcntl, sys, time; f = open(sys.argv[1], 'a+b'); fcntl.flock(f, fcntl.LOCK_EX);"
        " print(flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", hold, str(paths.pool_lock)], stdout=subprocess.PIPE)
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert holder.stdout is not None and holder.stdout.readline()  # it holds the lock
        paths.pool_stamp.write_text(json.dumps({"pid": bystander.pid}))
        watch = PoolWatch(paths, hung_after=0.4)
        wait_until(watch.hung, timeout=10, interval=0.05)
        assert watch.replace(queue.store, lambda: pytest.fail("no pool is to be started")) is Replaced.ANSWERS
        assert holder.poll() is None and bystander.poll() is None
    finally:
        for process in (holder, bystander):
            process.kill()
            process.wait()
