"""Steering a real pool process: cancel, retry, pause, order, restarts, one pool per data dir."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pool_fakes import PoolProcess, make_deck, pdfs_under, stray_files, wait_finished, wait_until

from worker.jobs import JobQueue, JobState
from worker.paths import DataPaths


@pytest.fixture
def pool(home: Path) -> Iterator[PoolProcess]:
    proc = PoolProcess(home, workers=1, extra=["--retry-base", "0.1"]).start()
    yield proc
    proc.stop()


def running(queue: JobQueue, job_id: int, slides: int = 1) -> bool:
    job = queue.get(job_id)
    return job is not None and job.state is JobState.RUNNING and job.slides_done >= slides


def test_cancel_queued_and_running_jobs(queue: JobQueue, pool: PoolProcess, tmp_path: Path) -> None:
    slow = make_deck(tmp_path / "in" / "slow.pptx", 40, "slow:0.1")
    waiting = make_deck(tmp_path / "in" / "waiting.pptx", 2)
    ids = [j.id for j in queue.submit([slow, waiting]).queued]
    wait_until(lambda: running(queue, ids[0]))
    assert queue.cancel([ids[1]]) == [ids[1]]
    assert queue.get(ids[1]).state is JobState.CANCELLED  # type: ignore[union-attr]  # at once
    asked = time.monotonic()
    assert queue.cancel([ids[0]]) == [ids[0]]
    wait_until(lambda: queue.get(ids[0]).state is JobState.CANCELLED, timeout=5)  # type: ignore[union-attr]
    assert time.monotonic() - asked < 1.0
    assert pdfs_under(tmp_path / "in") == [] and stray_files(tmp_path / "in") == []
    # Retry queues a cancelled job again with attempts reset, and it completes.
    assert queue.retry(ids) == ids
    jobs = wait_finished(queue, ids)
    assert [j.state for j in jobs] == [JobState.SUCCEEDED, JobState.SUCCEEDED]
    assert [j.attempts for j in jobs] == [1, 1]


def test_cancel_of_a_job_ignoring_cancel_kills_its_converter(
    queue: JobQueue, pool: PoolProcess, tmp_path: Path
) -> None:
    stuck = make_deck(tmp_path / "hang.pptx", 2, "hang")
    job = queue.submit([stuck]).queued[0]
    wait_until(lambda: running(queue, job.id, 0) and bool(pool.children()))
    before = set(pool.children())
    asked = time.monotonic()
    queue.cancel([job.id])
    wait_until(lambda: queue.get(job.id).state is JobState.CANCELLED, timeout=5)  # type: ignore[union-attr]
    assert time.monotonic() - asked < 1.0
    # the stuck converter was replaced by a fresh one for the next job
    after = make_deck(tmp_path / "after.pptx", 1)
    nxt = queue.submit([after]).queued[0]
    assert wait_finished(queue, [nxt.id])[0].state is JobState.SUCCEEDED
    assert not before & set(pool.children())


def test_retry_of_failed_jobs(queue: JobQueue, pool: PoolProcess, tmp_path: Path) -> None:
    broken = make_deck(tmp_path / "broken.pptx", 1, "permanent")
    job = queue.submit([broken]).queued[0]
    failed = wait_finished(queue, [job.id])[0]
    assert failed.state is JobState.FAILED and failed.attempts == 1
    assert failed.error == "This deck is broken on purpose"
    make_deck(broken, 1)  # the user fixed the deck
    assert queue.retry_failed() == [job.id]
    done = wait_finished(queue, [job.id])[0]
    assert done.state is JobState.SUCCEEDED and done.attempts == 1 and done.error is None


def test_pause_and_resume_survive_a_restart(queue: JobQueue, home: Path, tmp_path: Path) -> None:
    pool = PoolProcess(home).start()
    try:
        slow = make_deck(tmp_path / "slow.pptx", 10, "slow:0.05")
        nxt = make_deck(tmp_path / "next.pptx", 1)
        first = queue.submit([slow]).queued[0]
        wait_until(lambda: running(queue, first.id))
        queue.pause()
        second = queue.submit([nxt]).queued[0]
        # the running job finishes; nothing new starts
        assert wait_finished(queue, [first.id])[0].state is JobState.SUCCEEDED
        time.sleep(0.5)
        assert queue.get(second.id).state is JobState.QUEUED  # type: ignore[union-attr]
        pool.stop()
        pool = PoolProcess(home).start()
        time.sleep(0.5)
        assert queue.is_paused() and queue.get(second.id).state is JobState.QUEUED  # type: ignore[union-attr]
        queue.resume()
        assert wait_finished(queue, [second.id])[0].state is JobState.SUCCEEDED
    finally:
        pool.stop()


def test_jobs_start_in_order_and_move_to_front(queue: JobQueue, pool: PoolProcess, tmp_path: Path) -> None:
    queue.pause()
    decks = [make_deck(tmp_path / f"d{i}.pptx", 1) for i in range(4)]
    ids = [j.id for j in queue.submit(decks).queued]
    assert queue.move_to_front(ids[2])
    queue.resume()
    jobs = wait_finished(queue, ids)
    started = [j.id for j in sorted(jobs, key=lambda j: j.started_at or j.created_at)]
    assert started == [ids[2], ids[0], ids[1], ids[3]]


def test_a_retried_job_converts_in_its_place(queue: JobQueue, pool: PoolProcess, tmp_path: Path) -> None:
    """Retry keeps a job's place in the queue (the window's row and "#"): the pool starts it
    before the jobs queued after it, not after them as it did when Retry sent it to the end."""
    first = queue.submit([make_deck(tmp_path / "bad.pptx", 1, "permanent")]).queued[0]
    wait_finished(queue, [first.id])
    queue.pause()
    later = [j.id for j in queue.submit([make_deck(tmp_path / f"d{i}.pptx", 1) for i in range(3)]).queued]
    assert queue.retry([first.id]) == [first.id]
    assert [j.id for j in queue.list(JobState.QUEUED)] == [first.id, *later]
    queue.resume()
    jobs = wait_finished(queue, [first.id, *later])
    started = [j.id for j in sorted(jobs, key=lambda j: j.started_at or j.created_at)]
    assert started == [first.id, *later]


def test_a_run_cut_off_part_way_is_noted_for_the_window(queue: JobQueue, home: Path, tmp_path: Path) -> None:
    """A pool stopped (the app closed) or killed while converting queues the deck again from
    slide 1; how far it had got, and how, is kept so the window can say why it starts again."""
    job = queue.submit([make_deck(tmp_path / "slow.pptx", 60, "slow:0.1")]).queued[0]
    pool = PoolProcess(home, workers=1).start()
    try:
        wait_until(lambda: running(queue, job.id, 5))
    finally:
        pool.stop()
    stopped = queue.get(job.id)
    assert stopped is not None and stopped.state is JobState.QUEUED and stopped.slides_done == 0
    assert stopped.cut_off_at >= 5 and stopped.cut_off_by == "stopped" and stopped.started_again
    pool = PoolProcess(home, workers=1).start()
    try:
        wait_until(lambda: running(queue, job.id, 3))
    finally:
        pool.kill()
    reached = queue.get(job.id)
    assert reached is not None
    pool = PoolProcess(home, workers=1).start()  # recovers the run the killed pool left
    try:
        wait_until(lambda: (j := queue.get(job.id)) is not None and j.cut_off_by == "lost")
        lost = queue.get(job.id)
        assert lost is not None and lost.cut_off_at >= reached.slides_done >= 3
        queue.cancel([job.id])
    finally:
        pool.stop()
    assert queue.retry([job.id]) == [job.id]  # a Retry starts afresh: nothing to explain
    retried = queue.get(job.id)
    assert retried is not None and retried.cut_off_at == 0 and not retried.started_again


def test_second_pool_refuses_to_start(pool: PoolProcess, home: Path) -> None:
    second = PoolProcess(home).start(wait=False)
    assert second.proc is not None
    assert second.proc.wait(30) == 1
    assert "already running" in second.stderr()


def test_jobs_states_and_errors_survive_a_restart(queue: JobQueue, home: Path, tmp_path: Path) -> None:
    pool = PoolProcess(home).start()
    try:
        good = make_deck(tmp_path / "good.pptx", 2, "warn")
        bad = make_deck(tmp_path / "bad.pptx", 1, "permanent")
        ids = [j.id for j in queue.submit([good, bad]).queued]
        before = wait_finished(queue, ids)
    finally:
        pool.stop()
    reopened = JobQueue(DataPaths(home))
    after = reopened.store.get_many(ids)
    assert [(j.state, j.error, j.attempts, j.warnings, j.output) for j in after] == [
        (j.state, j.error, j.attempts, j.warnings, j.output) for j in before
    ]
    assert after[0].state is JobState.SUCCEEDED and after[0].warnings == ["fake engine"]
    assert after[1].state is JobState.FAILED
    assert any("done" in line.message for line in reopened.log_lines(ids[0]))


def test_resubmission_of_the_same_file(queue: JobQueue, pool: PoolProcess, tmp_path: Path) -> None:
    deck = make_deck(tmp_path / "d.pptx", 1)
    job = queue.submit([deck]).queued[0]
    wait_finished(queue, [job.id])
    report = queue.submit([deck])
    assert [j.id for j in report.up_to_date] == [job.id] and report.queued == []
    (tmp_path / "d.pdf").unlink()  # output gone: queued again
    again = queue.submit([deck])
    assert [j.id for j in again.queued] == [job.id]
    wait_finished(queue, [job.id])
    from worker.jobs import SubmitOptions

    forced = queue.submit([deck], SubmitOptions(force=True))
    assert [j.id for j in forced.queued] == [job.id]
    wait_finished(queue, [job.id])
    assert pdfs_under(tmp_path) == [tmp_path / "d.pdf"]  # our own PDF is replaced, never duplicated


def test_start_latency_after_idle(queue: JobQueue, pool: PoolProcess, tmp_path: Path) -> None:
    decks = [make_deck(tmp_path / f"d{i}.pptx", 1) for i in range(3)]
    time.sleep(3)  # let the workers back off to their slowest poll (bench/queue.py idles a minute)
    latencies = []
    for deck in decks:
        submitted = time.time()
        job = queue.submit([deck]).queued[0]
        done = wait_finished(queue, [job.id])[0]
        assert done.started_at is not None
        latencies.append(done.started_at.timestamp() - submitted)
        time.sleep(2.5)
    assert statistics.median(latencies) < 0.15, latencies


def converter_pids(queue: JobQueue, job_id: int) -> list[int]:
    return [int(line.message.rsplit(" ", 1)[1]) for line in queue.log_lines(job_id) if " in process " in line.message]


def test_converter_is_reused_then_recycled(queue: JobQueue, home: Path, tmp_path: Path) -> None:
    pool = PoolProcess(home, extra=["--recycle-after", "2"]).start()
    try:
        ids = [j.id for j in queue.submit([make_deck(tmp_path / f"d{i}.pptx", 1) for i in range(3)]).queued]
        wait_finished(queue, ids)
    finally:
        pool.stop()
    pids = [converter_pids(queue, i)[0] for i in ids]
    assert pids[0] == pids[1] != pids[2]


def test_stopping_the_pool_puts_running_jobs_back_uncounted(queue: JobQueue, home: Path, tmp_path: Path) -> None:
    pool = PoolProcess(home).start()
    job = queue.submit([make_deck(tmp_path / "slow.pptx", 30, "slow:0.05")]).queued[0]
    try:
        wait_until(lambda: running(queue, job.id))
    finally:
        pool.stop()  # SIGTERM: a clean stop
    back = queue.get(job.id)
    assert back is not None and back.state is JobState.QUEUED and back.attempts == 0
    assert stray_files(tmp_path) == []
    # Huey's consumer signalled the job interrupted while its thread was still releasing it, and
    # the thread's own bookkeeping then raised KeyError into the pool's log.
    assert "Traceback" not in (DataPaths(home).logs_dir / "pool.log").read_text(errors="replace")
    pool = PoolProcess(home).start()
    try:
        done = wait_finished(queue, [job.id])[0]
    finally:
        pool.stop()
    assert done.state is JobState.SUCCEEDED and done.attempts == 1


def test_the_log_counts_slides_in_words(queue: JobQueue, pool: PoolProcess, tmp_path: Path) -> None:
    """The job's log, read in the window's details pane, says "1 slide", not "1 slides"."""
    ids = [queue.submit([make_deck(tmp_path / f"d{n}.pptx", n)]).queued[0].id for n in (1, 2)]
    wait_finished(queue, ids)
    done = [[line.message for line in queue.log_lines(i) if line.message.startswith("done: ")] for i in ids]
    assert done[0][0].startswith("done: 1 slide in ")
    assert done[1][0].startswith("done: 2 slides in ")
