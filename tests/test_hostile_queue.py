"""Hostile decks through the real pool, several processes on one queue, and what the data dir and
the sockets let other users see."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import hostile_support as hs
import pytest
from pool_fakes import PROJECT, PoolProcess, make_deck, stray_files, wait_finished, wait_until
from pypdf import PdfReader

from worker.jobs import JobQueue, JobState
from worker.paths import DataPaths
from worker.pool.wake import read_pool_info

PEAK_LIMIT_KIB = 1536 * 1024
HARNESS_FILES = {"test-pool-stderr.log"}  # written by the test's PoolProcess, not by the app


def peak_kib(pid: int) -> int:
    """VmHWM: the most resident memory the process ever had."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def test_hostile_decks_in_the_real_pool_end_with_a_pdf_or_a_reason(queue: JobQueue, home: Path, tmp_path: Path) -> None:
    makers = [hs.bomb_part, hs.lying_part, hs.png_real_bomb, hs.cyclic_relationships, hs.absurd_geometry]
    decks = [make(tmp_path) for make in makers]
    decks.append(hs.many_shapes(100_000)(tmp_path))  # takes ~45 s: the 5 s time limit stops it
    normal = tmp_path / "normal.pptx"
    normal.write_bytes(hs.base_deck(slides=3))
    decks.append(normal)
    pool = PoolProcess(home, workers=1, fake=False, extra=["--time-limit", "5", "--retry-base", "0.1"]).start()
    peaks: dict[int, int] = {}
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.1):
            for pid in pool.children():
                peaks[pid] = max(peaks.get(pid, 0), peak_kib(pid))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        jobs = queue.submit(decks).queued
        done = {j.source.name: j for j in wait_finished(queue, [j.id for j in jobs], 240)}
    finally:
        stop.set()
        watcher.join()
        pool.stop()
    assert peaks and max(peaks.values()) < PEAK_LIMIT_KIB, peaks
    for name, job in done.items():
        if job.state is JobState.SUCCEEDED:
            assert len(PdfReader(job.output).pages) >= 1
        else:
            assert job.state is JobState.FAILED and job.error and "\n" not in job.error, (name, job.error)
            assert not job.error.startswith("Internal error"), (name, job.error)
    assert done["normal.pptx"].state is JobState.SUCCEEDED
    assert done["shapes_100000.pptx"].error == "Timed out: the conversion took longer than 5 s, the limit for one deck"
    assert done["bomb_part.pptx"].error_kind == "too_large"
    assert stray_files(tmp_path) == []


def export(home: Path, paths: list[Path]) -> subprocess.Popen[bytes]:
    env = dict(os.environ, SLIDEPRESS_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "worker", "export", *map(str, paths)]
    return subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_several_processes_act_on_one_queue_without_corrupting_it(queue: JobQueue, home: Path, tmp_path: Path) -> None:
    decks = [make_deck(tmp_path / "in" / f"d{i:02}.pptx", 2, "slow:0.02") for i in range(24)]
    pool = PoolProcess(home, workers=2, extra=["--retry-base", "0.1"]).start()
    try:
        # Three command lines submit overlapping halves while this process cancels and retries.
        clis = [export(home, decks[:16]), export(home, decks[8:]), export(home, decks[4:20])]
        steered = 0
        while any(c.poll() is None for c in clis) or steered < 20:
            jobs = queue.list()
            if jobs:
                victim = jobs[steered % len(jobs)]
                queue.cancel([victim.id])
                queue.retry([victim.id])
            steered += 1
        for cli in clis:
            _, err = cli.communicate(timeout=60)
            assert cli.returncode == 0, err.decode()
        queue.retry([j.id for j in queue.list(JobState.CANCELLED)])
        ids = [j.id for j in queue.list()]
        done = wait_finished(queue, ids, 120)
        # A second pool for the same data dir refuses to start.
        second = PoolProcess(home, workers=1).start(wait=False)
        assert second.proc is not None and second.proc.wait(30) != 0
    finally:
        pool.stop()
    assert Counter(j.source.name for j in done) == Counter(d.name for d in decks)  # one job per deck
    assert all(j.state is JobState.SUCCEEDED for j in done), [(j.source.name, j.state, j.error) for j in done]
    for db in (DataPaths(home).jobs_db, DataPaths(home).queue_db):
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert stray_files(tmp_path) == []


def socket_inodes(pid: int) -> set[str]:
    found: set[str] = set()
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return found
    for fd in fds:
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            found.add(target[8:-1])
    return found


def network_inodes() -> set[str]:
    """Inodes of every TCP and UDP socket on the machine (IPv4 and IPv6)."""
    found: set[str] = set()
    for table in ("tcp", "tcp6", "udp", "udp6"):
        try:
            lines = Path(f"/proc/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        found.update(line.split()[9] for line in lines if len(line.split()) > 9)
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_data_dir_is_private_and_nothing_listens_on_a_network_port(
    queue: JobQueue, home: Path, tmp_path: Path, qapp: object
) -> None:
    from desktop_app.single_instance import InstanceServer, server_name

    pool = PoolProcess(home, workers=2).start()
    window_server = InstanceServer(server_name(home))
    try:
        assert window_server.listen()
        job = queue.submit([make_deck(tmp_path / "d.pptx", 2)]).queued[0]
        assert wait_finished(queue, [job.id])[0].state is JobState.SUCCEEDED
        assert pool.proc is not None
        wait_until(lambda: len(pool.children()) == 2)
        pids = [os.getpid(), pool.proc.pid, *pool.children()]
        ours = set().union(*(socket_inodes(pid) for pid in pids))
        assert ours, "the pool should hold its wake socket"
        assert not ours & network_inodes()
        # The wake socket and the window's socket are files only this user may use.
        info = read_pool_info(DataPaths(home).pool_info)
        wake = Path(str(info["wake_socket"]))
        local = Path(window_server.server.fullServerName())
        for sock in (wake, local):
            st = sock.stat()
            assert stat.S_ISSOCK(st.st_mode) and st.st_uid == os.getuid(), sock
            assert st.st_mode & 0o077 == 0, (sock, oct(st.st_mode))
        # Everything in the data dir: folders 0700, files 0600.
        root = DataPaths(home).root
        for entry in [root, *root.rglob("*")]:
            if entry.name in HARNESS_FILES or entry.is_symlink():
                continue
            mode = entry.lstat().st_mode
            if stat.S_ISDIR(mode):
                assert mode & 0o777 == 0o700, (entry, oct(mode))
            elif stat.S_ISREG(mode):
                assert mode & 0o777 == 0o600, (entry, oct(mode))
    finally:
        window_server.server.close()
        pool.stop()
