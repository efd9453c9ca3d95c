"""The queue's command line, run as a user runs it (`python -m worker ...`), against real pools."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pool_fakes import FACTORY_SPEC, PROJECT, make_deck, pdfs_under, wait_until

from worker.paths import DataPaths
from worker.pool.lock import pool_alive
from worker.pool.wake import read_pool_info


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    home = tmp_path / "home"
    yield home
    # export starts a detached pool: stop it like a user would (SIGTERM), then make sure it is gone.
    paths = DataPaths(home)
    pid = read_pool_info(paths.pool_info).get("pid")
    if isinstance(pid, int) and pool_alive(paths.pool_lock):
        os.kill(pid, signal.SIGTERM)
        wait_until(lambda: not pool_alive(paths.pool_lock), timeout=20)


def slidepress(home: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(SLIDEPRESS_HOME=str(home), SLIDEPRESS_ENGINE_FACTORY=FACTORY_SPEC, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "worker", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_export_wait_json_succeeds_with_the_contract_fields(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "talks"
    make_deck(folder / "a.pptx", 2)
    make_deck(folder / "sub" / "b.pptx", 3)
    (folder / "~$a.pptx").write_bytes(b"lock")
    (folder / "readme.txt").write_text("x")
    out = tmp_path / "out"
    run = slidepress(home, "export", str(folder), "--out", str(out), "--wait", "--json")
    assert run.returncode == 0, run.stderr
    jobs = json.loads(run.stdout)
    assert sorted(j["state"] for j in jobs) == ["succeeded", "succeeded"]
    for job in jobs:
        assert set(job) >= {
            "id",
            "source",
            "output",
            "state",
            "progress",
            "slides_done",
            "slides_total",
            "attempts",
            "error",
            "engine",
            "created_at",
            "started_at",
            "finished_at",
        }
        assert job["progress"] == 1.0 and job["error"] is None and job["attempts"] == 1
        assert job["finished_at"].endswith("+00:00")
    assert pdfs_under(out) == [out / "talks" / "a.pdf", out / "talks" / "sub" / "b.pdf"]
    listed = slidepress(home, "jobs", "--json")
    assert [j["id"] for j in json.loads(listed.stdout)] == [j["id"] for j in jobs]
    # the same files again: up to date, nothing converted twice; --force converts again
    again = slidepress(home, "export", str(folder), "--out", str(out), "--wait")
    assert again.returncode == 0 and "2 up to date" in again.stderr
    forced = slidepress(home, "export", str(folder), "--out", str(out), "--wait", "--force", "--json")
    assert forced.returncode == 0 and len(json.loads(forced.stdout)) == 2
    assert pdfs_under(out) == [out / "talks" / "a.pdf", out / "talks" / "sub" / "b.pdf"]


def test_export_wait_exits_1_when_a_job_fails_and_retry_requeues(home: Path, tmp_path: Path) -> None:
    good = make_deck(tmp_path / "good.pptx", 1)
    bad = make_deck(tmp_path / "bad.pptx", 1, "permanent")
    run = slidepress(home, "export", str(good), str(bad), "--wait")
    assert run.returncode == 1
    assert "This deck is broken on purpose" in run.stderr
    failed = json.loads(slidepress(home, "jobs", "--json", "--state", "failed").stdout)
    assert [Path(j["source"]).name for j in failed] == ["bad.pptx"]
    assert failed[0]["error"] == "This deck is broken on purpose"
    make_deck(bad, 1)
    retried = slidepress(home, "retry", "--failed")
    assert retried.returncode == 0 and f"queued {failed[0]['id']} again" in retried.stdout
    wait_until((tmp_path / "bad.pdf").exists)


def test_pause_cancel_resume(home: Path, tmp_path: Path) -> None:
    assert slidepress(home, "pause").returncode == 0
    decks = [make_deck(tmp_path / f"d{i}.pptx", 1) for i in range(3)]
    queued = slidepress(home, "export", *map(str, decks), "--json")
    assert queued.returncode == 0, queued.stderr
    ids = [j["id"] for j in json.loads(queued.stdout)]
    listing = slidepress(home, "jobs")
    assert "paused" in listing.stderr and listing.stdout.count("queued") == 3
    cancelled = slidepress(home, "cancel", str(ids[0]))
    assert cancelled.returncode == 0 and cancelled.stdout.strip() == f"cancelled {ids[0]}"
    assert slidepress(home, "resume").returncode == 0

    def states() -> list[str]:
        return [j["state"] for j in json.loads(slidepress(home, "jobs", "--json").stdout)]

    wait_until(lambda: states() == ["cancelled", "succeeded", "succeeded"], timeout=60, interval=0.2)
    assert not (tmp_path / "d0.pdf").exists()


def test_usage_errors_exit_2(home: Path, tmp_path: Path) -> None:
    assert slidepress(home, "cancel").returncode == 2
    assert slidepress(home, "retry").returncode == 2
    assert slidepress(home, "jobs", "--state", "bogus").returncode == 2
    assert slidepress(home, "export", str(tmp_path / "missing.pptx")).returncode == 2
    assert slidepress(home, "export").returncode == 2


def test_second_pool_refuses(home: Path, tmp_path: Path) -> None:
    make_deck(tmp_path / "d.pptx", 1)
    assert slidepress(home, "export", str(tmp_path / "d.pptx"), "--wait").returncode == 0
    second = slidepress(home, "pool", "--workers", "1")
    assert second.returncode == 1 and "already running" in second.stderr


def test_progress_display_draws_a_line_per_running_job_on_a_terminal(tmp_path: Path) -> None:
    import io
    from datetime import UTC, datetime

    from worker.cli_queue import ProgressDisplay
    from worker.jobs import Job, JobOptions, JobState

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def job(i: int, state: JobState, done: int) -> Job:
        return Job(
            id=i,
            source=tmp_path / f"d{i}.pptx",
            output=tmp_path / f"d{i}.pdf",
            state=state,
            slides_done=done,
            slides_total=4,
            attempts=1,
            max_attempts=3,
            error=None,
            error_kind=None,
            engine="auto",
            engine_used=None,
            options=JobOptions(),
            warnings=[],
            position=i,
            created_at=datetime.now(UTC),
            started_at=None,
            finished_at=None,
        )

    screen = Terminal()
    display = ProgressDisplay(screen)
    display.show([job(1, JobState.RUNNING, 2), job(2, JobState.QUEUED, 0)])
    display.show([job(1, JobState.SUCCEEDED, 4), job(2, JobState.RUNNING, 1)])
    text = screen.getvalue()
    assert "[##########..........]  50%     2/4 running  d1.pptx" in text
    assert "\x1b[2F" in text  # the second frame redraws over the first
    assert text.rstrip("\n").endswith("1/2 done") or "1/2 done" in text.splitlines()[-1]


def test_unusable_data_folder_is_one_clear_line(home: Path, tmp_path: Path) -> None:
    home.write_text("a file where Slidepress's data folder should be")
    deck = make_deck(tmp_path / "decks" / "a.pptx", 1)
    for args in (("jobs",), ("export", str(deck), "--out", str(tmp_path / "out"))):
        result = slidepress(home, *args)
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == [
            f"slidepress: Slidepress cannot write its data in {home}: File exists"
        ]


def test_export_wait_says_once_that_a_full_data_disk_holds_the_batch(home: Path, tmp_path: Path) -> None:
    """While the data disk is full the pool records nothing and waits: `export --wait` says why its
    progress stands still, in one line, and carries on when space returns. The free space is
    reported by the test (a full disk needs root to make); the pool and the jobs are real."""
    import io

    from pool_fakes import PoolProcess, wait_finished

    from worker.cli_queue import wait_for
    from worker.jobs import JobQueue, JobState

    queue = JobQueue(DataPaths(home).ensure())
    decks = [make_deck(tmp_path / "in" / f"d{i}.pptx", 20, "slow:0.2") for i in range(3)]  # ~12 s
    ids = [j.id for j in queue.submit(decks).queued]
    pool = PoolProcess(home).start()
    readings = iter([0, 0, 10 << 30])  # full at the first two looks (5 s apart), then not
    err = io.StringIO()
    try:
        jobs = wait_for(queue, ids, err, interval=0.05, free_space=lambda folder: next(readings, 10 << 30))
        wait_finished(queue, ids)
    finally:
        pool.stop()
        queue.close()
    assert [j.state for j in jobs] == [JobState.SUCCEEDED] * 3
    notices = [line for line in err.getvalue().splitlines() if "full" in line]
    assert notices == [
        f"slidepress: the disk holding Slidepress's data is full ({home}): the batch waits until some space is freed"
    ]


def test_jobs_says_a_killed_pools_running_job_is_interrupted_until_a_pool_resumes_it(
    home: Path, tmp_path: Path
) -> None:
    """kill -9 of the pool leaves its job recorded as running, with nobody running it: `jobs` says
    it was interrupted and resumes when a pool starts (the next pool queues it again), and says
    running once a pool has it again."""
    from pool_fakes import PoolProcess, wait_finished

    from worker.jobs import JobQueue

    queue = JobQueue(DataPaths(home).ensure())
    deck = make_deck(tmp_path / "in" / "slow.pptx", 8, "slow:0.5")
    (job_id,) = [j.id for j in queue.submit([deck]).queued]
    pool = PoolProcess(home).start()
    try:
        wait_until(lambda: (j := queue.get(job_id)) is not None and j.slides_done >= 1, timeout=30)
        pool.kill()
        listing = slidepress(home, "jobs")
        assert listing.returncode == 0, listing.stderr
        (line,) = listing.stdout.splitlines()
        assert line.split()[:2] == [str(job_id), "interrupted"], line
        assert "resumes when the pool starts" in line
        assert "slidepress pool" in listing.stderr  # how to start one
        (listed,) = json.loads(slidepress(home, "jobs", "--json").stdout)
        assert listed["state"] == "running" and listed["interrupted"] is True  # the contract's states
        assert [j["id"] for j in json.loads(slidepress(home, "jobs", "--json", "--state", "running").stdout)] == [
            job_id
        ]

        pool = PoolProcess(home).start()  # it queues the job again and runs it
        (again,) = json.loads(slidepress(home, "jobs", "--json").stdout)
        assert again["interrupted"] is False
        wait_finished(queue, [job_id])
    finally:
        pool.stop()
        queue.close()
    (done,) = json.loads(slidepress(home, "jobs", "--json").stdout)
    assert done["state"] == "succeeded" and done["interrupted"] is False
