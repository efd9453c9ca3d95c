"""Whatever breaks, the batch finishes: killed converters, a killed pool, hangs, memory, errors."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from pool_fakes import (
    JOURNAL_ENV,
    PoolProcess,
    make_deck,
    pdfs_under,
    stray_files,
    wait_finished,
    wait_until,
)

from worker.jobs import Job, JobQueue, JobState
from worker.pool import child


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "journal.txt"
    monkeypatch.setenv(JOURNAL_ENV, str(path))
    return path


def starts(journal: Path) -> Counter[str]:
    if not journal.exists():
        return Counter()
    return Counter(line.split()[1] for line in journal.read_text().splitlines() if line.startswith("start"))


def test_killed_converter_child_is_replaced_and_the_job_retried(queue: JobQueue, home: Path, tmp_path: Path) -> None:
    pool = PoolProcess(home, extra=["--retry-base", "0.1"]).start()
    try:
        deck = make_deck(tmp_path / "in" / "d.pptx", 20, "slow:0.05")
        job = queue.submit([deck]).queued[0]

        def mid_deck() -> bool:
            j = queue.get(job.id)
            return j is not None and j.state is JobState.RUNNING and j.slides_done >= 3

        wait_until(mid_deck)
        (child,) = pool.children()
        os.kill(child, signal.SIGKILL)
        done = wait_finished(queue, [job.id])[0]
        assert done.state is JobState.SUCCEEDED and done.attempts == 2
        assert any("stopped unexpectedly" in line.message for line in queue.log_lines(job.id))
        assert pdfs_under(tmp_path / "in") == [tmp_path / "in" / "d.pdf"]
        assert stray_files(tmp_path / "in") == []
    finally:
        pool.stop()


def test_killed_pool_then_new_pool_completes_every_job_once(
    queue: JobQueue, home: Path, tmp_path: Path, journal: Path
) -> None:
    decks = [make_deck(tmp_path / "in" / f"d{i:02}.pptx", 6, "slow:0.03") for i in range(12)]
    ids = [j.id for j in queue.submit(decks).queued]
    pool = PoolProcess(home, workers=2, extra=["--retry-base", "0.1"]).start()
    try:
        wait_until(lambda: queue.counts().succeeded >= 3)
        wait_until(lambda: queue.counts().running >= 1)
        children = pool.children()
        pool.kill()
        assert queue.counts().running >= 1  # left running by the dead pool
        wait_until(lambda: not any(alive(pid) for pid in children), timeout=5)  # no orphan converts on
        pool = PoolProcess(home, workers=2, extra=["--retry-base", "0.1"]).start()
        jobs = wait_finished(queue, ids, timeout=90)
    finally:
        pool.stop()
    assert [j.state for j in jobs] == [JobState.SUCCEEDED] * len(ids)
    assert pdfs_under(tmp_path / "in") == [d.with_suffix(".pdf") for d in decks]  # no "(2)" duplicates
    assert stray_files(tmp_path / "in") == []
    started = starts(journal)
    # Every attempt counted was one real start, except that a job the dead pool had claimed but not
    # yet handed to its converter (the kill can land in that instant) counts an attempt that never
    # started; at most the jobs running at the kill were interrupted.
    unstarted = 0
    for job in jobs:
        assert job.attempts in (1, 2)
        assert started[str(job.source)] in (job.attempts, job.attempts - 1)
        unstarted += job.attempts - started[str(job.source)]
    assert unstarted <= 2  # two workers
    assert sum(j.attempts == 2 for j in jobs) >= 1
    # The orphaned converters stop without a word: before, each printed two BrokenPipeError
    # tracebacks (its progress, then its result, sent to the dead pool) into the pool's stderr log.
    assert "Traceback" not in pool.stderr()


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie awaiting its reaping does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_time_and_memory_limits_kill_the_converter_and_say_why(queue: JobQueue, home: Path, tmp_path: Path) -> None:
    pool = PoolProcess(home, extra=["--time-limit", "1.5", "--memory-limit", "300"]).start()
    try:
        hang = make_deck(tmp_path / "hang.pptx", 2, "hang")
        balloon = make_deck(tmp_path / "balloon.pptx", 2, "balloon:600 slow:2")
        good = make_deck(tmp_path / "good.pptx", 2)
        ids = [j.id for j in queue.submit([hang, balloon, good]).queued]
        jobs = wait_finished(queue, ids)
    finally:
        pool.stop()
    assert [j.state for j in jobs] == [JobState.FAILED, JobState.FAILED, JobState.SUCCEEDED]
    assert jobs[0].error == "Timed out: the conversion took longer than 1.5 s, the limit for one deck"
    assert jobs[1].error == "Deck too large: converting it took more than 300 MB of memory, the limit for one deck"
    assert jobs[0].attempts == jobs[1].attempts == 1
    assert pdfs_under(tmp_path) == [tmp_path / "good.pdf"]


def test_transient_errors_retry_with_backoff_and_permanent_ones_do_not(
    queue: JobQueue, home: Path, tmp_path: Path
) -> None:
    pool = PoolProcess(home, extra=["--retry-base", "0.2"]).start()
    try:
        flaky = make_deck(tmp_path / "flaky.pptx", 2, "transient-once")
        crashy = make_deck(tmp_path / "crashy.pptx", 4, "crash-once")
        doomed = make_deck(tmp_path / "doomed.pptx", 4, "crash")
        broken = make_deck(tmp_path / "broken.pptx", 1, "permanent")
        ids = [j.id for j in queue.submit([flaky, crashy, doomed, broken]).queued]
        saw_retrying = False
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            jobs = queue.store.get_many(ids)
            saw_retrying |= any(j.state is JobState.RETRYING for j in jobs)
            if all(j.state.finished for j in jobs):
                break
            time.sleep(0.02)
    finally:
        pool.stop()
    assert saw_retrying
    assert [(j.state, j.attempts) for j in jobs] == [
        (JobState.SUCCEEDED, 2),
        (JobState.SUCCEEDED, 2),
        (JobState.FAILED, 3),
        (JobState.FAILED, 1),
    ]
    assert jobs[2].error is not None and "stopped unexpectedly" in jobs[2].error
    assert jobs[3].error == "This deck is broken on purpose"
    assert stray_files(tmp_path) == []


def _recover_after_a_dead_pool(
    queue: JobQueue, home: Path, tmp_path: Path, decks: int, attempts: int
) -> tuple[list[Path], list[Job]]:
    """``decks`` queued, the first left by a pool killed mid-conversion as it leaves it in jobs.db
    (claimed at its ``attempts``-th attempt, `running` under that pool's token, its lease never to
    be renewed); then a real pool starts and runs them all."""
    paths = [make_deck(tmp_path / "in" / f"d{i}.pptx", 2) for i in range(decks)]
    ids = [j.id for j in queue.submit(paths).queued]
    ticket = next(t for t in queue.store.queued_tickets() if t.job_id == ids[0])
    assert queue.store.claim(ticket, "token-of-the-dead-pool", 60.0) is not None
    with queue.store.write() as (conn, rev):
        conn.execute("UPDATE jobs SET attempts = ?, rev = ? WHERE id = ?", (attempts, rev, ids[0]))
    pool = PoolProcess(home).start()
    try:
        return paths, wait_finished(queue, ids)
    finally:
        pool.stop()


def test_a_job_interrupted_by_a_dead_pool_resumes_first(
    queue: JobQueue, home: Path, tmp_path: Path, journal: Path
) -> None:
    """After a crash or power cut, the deck that was converting is the first the next pool starts
    (HandBrake resumes its queue so), not sent behind the rest after a back-off; its attempt is
    still counted."""
    decks, jobs = _recover_after_a_dead_pool(queue, home, tmp_path, 4, attempts=1)
    assert [(j.state, j.attempts) for j in jobs] == [(JobState.SUCCEEDED, 2)] + [(JobState.SUCCEEDED, 1)] * 3
    first = next(line for line in journal.read_text().splitlines() if line.startswith("start"))
    assert first.split()[1] == str(decks[0])


def test_a_deck_that_outlived_its_attempts_across_crashes_fails_with_its_reason(
    queue: JobQueue, home: Path, tmp_path: Path
) -> None:
    """A deck running at every one of its attempts' crashes is not started a fourth time: it could
    be what takes the machine down."""
    _, jobs = _recover_after_a_dead_pool(queue, home, tmp_path, 2, attempts=3)
    assert [(j.state, j.attempts) for j in jobs] == [(JobState.FAILED, 3), (JobState.SUCCEEDED, 1)]
    assert jobs[0].error == "The pool stopped while converting this deck"


class _AsksIfCancelled:
    """An engine that asks for cancellation between slides, as every engine does."""

    def convert(
        self, source: Path, target: Path, options: object, progress: object, cancelled: Callable[[], bool]
    ) -> None:
        cancelled()
        raise AssertionError("a converter whose pool is gone went on converting")


def test_a_converter_whose_pool_died_mid_deck_ends_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The pool was killed while its converter read for a "cancel" between slides: the read failed
    # (EOFError, or ConnectionResetError), surfaced from the engine as an "internal error" and
    # printed a traceback into the next pool's stderr log (seen in test_killed_pool_then_new_pool_...).
    pool_end, conn = multiprocessing.Pipe()
    pool_end.close()
    exits: list[int] = []

    def exit_now(code: int) -> None:
        exits.append(code)
        raise SystemExit(code)

    monkeypatch.setattr(child.os, "_exit", exit_now)
    request = child.ConvertRequest(1, str(tmp_path / "d.pptx"), str(tmp_path / "d.pdf"), "asks", False)
    with pytest.raises(SystemExit):
        child._convert(conn, lambda _name: _AsksIfCancelled(), {}, request)  # type: ignore[arg-type,return-value]
    assert exits == [3]
    assert "Traceback" not in capsys.readouterr().err


def test_memory_a_converter_kept_from_earlier_decks_does_not_fail_the_next(
    queue: JobQueue, home: Path, tmp_path: Path
) -> None:
    """Three copies of a deck that converts well alone all convert in a row: a converter that holds
    what earlier decks left (here 150 MB each, over a quarter of the 400 MB limit) is replaced
    before the next one. A deck that meets the limit in a converter holding what an earlier deck
    left (80 MB, under a quarter) is tried again in a fresh one, where it fits. On the old code
    the third copy failed ("used more than 400 MB"), and so did the big deck, at once."""
    pool = PoolProcess(home, extra=["--memory-limit", "400", "--retry-base", "0.1"]).start()
    try:
        copies = [make_deck(tmp_path / f"copy {n}.pptx", 2, "leak:150 slow:0.5") for n in (1, 2, 3)]
        ids = [j.id for j in queue.submit(copies).queued]
        jobs = wait_finished(queue, ids)
        assert [(j.state, j.attempts, j.error) for j in jobs] == [(JobState.SUCCEEDED, 1, None)] * 3
        small = make_deck(tmp_path / "small.pptx", 1, "leak:80")
        big = make_deck(tmp_path / "big.pptx", 2, "balloon:300 slow:0.5")
        ids = [j.id for j in queue.submit([small, big]).queued]
        small_job, big_job = wait_finished(queue, ids)
    finally:
        pool.stop()
    assert small_job.state is JobState.SUCCEEDED
    assert (big_job.state, big_job.attempts) == (JobState.SUCCEEDED, 2), big_job.error
    assert pdfs_under(tmp_path) == sorted(p.with_suffix(".pdf") for p in [*copies, small, big])


def test_a_deck_converting_while_the_machine_sleeps_is_not_timed_out(
    queue: JobQueue, home: Path, tmp_path: Path
) -> None:
    """The machine sleeping (here: the pool and its converter stopped, as a closed laptop stops
    them) longer than the time limit mid-deck is not the deck's time: it converts on waking. On
    the old code the deck failed "Timed out", for good, as soon as the pool ran again (the sleep
    counted on a clock that runs through it, as Windows' does through a suspend)."""
    pool = PoolProcess(home, extra=["--time-limit", "4"]).start()
    try:
        deck = make_deck(tmp_path / "d.pptx", 12, "slow:0.25")
        hung = make_deck(tmp_path / "hung.pptx", 2, "hang")
        job, hung_job = queue.submit([deck, hung]).queued

        def mid_deck() -> bool:
            j = queue.get(job.id)
            return j is not None and j.state is JobState.RUNNING and j.slides_done >= 2

        wait_until(mid_deck)
        assert pool.proc is not None
        sleepers = [pool.proc.pid, *pool.children()]
        for pid in sleepers:
            os.kill(pid, signal.SIGSTOP)
        time.sleep(6)
        for pid in sleepers:
            os.kill(pid, signal.SIGCONT)
        done, timed_out = wait_finished(queue, [job.id, hung_job.id])
    finally:
        pool.stop()
    assert (done.state, done.attempts, done.error) == (JobState.SUCCEEDED, 1, None)
    assert pdfs_under(tmp_path) == [tmp_path / "d.pdf"]
    # A converter that hangs while the machine is awake still meets the limit.
    assert timed_out.state is JobState.FAILED
    assert timed_out.error == "Timed out: the conversion took longer than 4 s, the limit for one deck"


def test_a_retry_noted_before_the_clock_was_set_back_is_not_held_for_that_long(
    queue: JobQueue, home: Path, tmp_path: Path
) -> None:
    """A deck's attempt failed and its retry was noted 2 s ahead; then the clock was set back an
    hour (an NTP fix of a clock an hour fast, as a dual-boot machine that keeps local time in its
    hardware clock starts). Its attempt's start and its back-off now lie an hour ahead: the pool
    retries it at once. On the old code it sat 'retrying' for the hour."""
    deck = make_deck(tmp_path / "d.pptx", 2)
    job = queue.submit([deck]).queued[0]
    ticket = next(t for t in queue.store.queued_tickets() if t.job_id == job.id)
    assert queue.store.claim(ticket, "token", 60.0) is not None
    assert queue.store.fail(job.id, "token", "A passing problem", "transient", 2.0) is JobState.RETRYING
    with queue.store.write() as (conn, rev):
        conn.execute(
            "UPDATE jobs SET started_at = started_at + 3600, not_before = not_before + 3600, rev = ? WHERE id = ?",
            (rev, job.id),
        )
    pool = PoolProcess(home).start()
    try:
        (done,) = wait_finished(queue, [job.id], timeout=20)
    finally:
        pool.stop()
    assert (done.state, done.attempts, done.error) == (JobState.SUCCEEDED, 2, None)
    assert pdfs_under(tmp_path) == [tmp_path / "d.pdf"]


def test_a_folder_probe_left_by_a_killed_pool_is_removed_by_the_next(
    queue: JobQueue, home: Path, tmp_path: Path
) -> None:
    """The pool asks an output folder whether it takes a file with an empty hidden file it removes
    at once; a kill -9 in between (seen once in fifteen kills of a 500-deck chaos run) left
    ".slidepress-probe-<pid>-<thread>" among the user's PDFs for good. The next pool's clean-up of
    the folders of unfinished jobs removes it as it removes leftover temp PDFs."""
    probe = tmp_path / "in" / ".slidepress-probe-31730-139845946817408"
    probe.parent.mkdir(parents=True)
    probe.touch()
    decks, jobs = _recover_after_a_dead_pool(queue, home, tmp_path, 2, attempts=1)
    assert [j.state for j in jobs] == [JobState.SUCCEEDED] * 2
    assert not probe.exists()
    assert stray_files(tmp_path / "in") == []
    assert pdfs_under(tmp_path / "in") == [d.with_suffix(".pdf") for d in decks]
