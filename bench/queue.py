"""Queue benchmarks: submission rate, start latency after idling, idle CPU, per-job overhead and
corpus throughput with 1 and 2 workers (optionally LibreOffice side by side).

    .venv/bin/python bench/queue.py [--idle 60] [--samples 5] [--libreoffice]

Prints figures with the machine noted; not a timed test. Linux only (/proc for CPU time).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from pptx import Presentation  # noqa: E402

from worker.jobs import Job, JobQueue, JobState  # noqa: E402
from worker.paths import DataPaths  # noqa: E402
from worker.pool.launcher import ensure_pool  # noqa: E402
from worker.pool.lock import pool_alive  # noqa: E402
from worker.pool.wake import read_pool_info  # noqa: E402

CORPUS = PROJECT.parent / "shared" / "corpus" / "decks"
TICKS = os.sysconf("SC_CLK_TCK")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def one_slide_deck(path: Path, text: str = "Hello") -> Path:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = text
    slide.placeholders[1].text_frame.text = "A one-slide deck"
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))
    return path


@contextmanager
def pool(home: Path, workers: int) -> Iterator[int]:
    paths = DataPaths(home).ensure()
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if not ensure_pool(paths, workers, timeout=60):
        raise RuntimeError("the pool did not start")
    pid = read_pool_info(paths.pool_info).get("pid")
    assert isinstance(pid, int)
    try:
        yield pid
    finally:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        while pool_alive(paths.pool_lock) and time.monotonic() < deadline:
            time.sleep(0.05)


def wait_finished(queue: JobQueue, ids: Sequence[int], timeout: float = 3600) -> list[Job]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        jobs = queue.store.get_many(ids)
        if all(j.state.finished for j in jobs):
            return jobs
        time.sleep(0.01)
    raise TimeoutError("jobs did not finish")


def cpu_seconds(pid: int) -> float:
    """CPU time of ``pid`` and its live children."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def bench_submit(work: Path, n: int = 1000) -> None:
    src = one_slide_deck(work / "src.pptx")
    folder = work / "many"
    folder.mkdir()
    for i in range(n):
        shutil.copy(src, folder / f"deck{i:04}.pptx")
    queue = JobQueue(DataPaths(work / "home-submit").ensure())
    started = time.perf_counter()
    report = queue.submit([folder])
    batch = time.perf_counter() - started
    assert len(report.queued) == n
    queue2 = JobQueue(DataPaths(work / "home-submit-1by1").ensure())
    files = sorted(folder.iterdir())
    started = time.perf_counter()
    for f in files:
        queue2.submit([f])
    single = time.perf_counter() - started
    print(f"submit {n} jobs as one drop:      {n / batch:8.0f} jobs/s ({batch:.2f} s)")
    print(f"submit {n} jobs one call each:    {n / single:8.0f} jobs/s ({single:.2f} s)")


def bench_idle(work: Path, idle: float, samples: int, spacing: float) -> None:
    home = work / "home-idle"
    queue = JobQueue(DataPaths(home).ensure())
    decks = [one_slide_deck(work / "idle" / f"d{i}.pptx", f"deck {i}") for i in range(samples + 1)]
    with pool(home, 1) as pid:
        warm = queue.submit([decks[0]]).queued[0]  # the converter is warm from here on
        wait_finished(queue, [warm.id])
        cpu0, t0 = cpu_seconds(pid), time.monotonic()
        time.sleep(idle)
        cpu1, t1 = cpu_seconds(pid), time.monotonic()
        latencies = []
        for deck in decks[1:]:
            submitted = time.time()
            job = queue.submit([deck]).queued[0]
            done = wait_finished(queue, [job.id])[0]
            assert done.started_at is not None and done.state is JobState.SUCCEEDED
            latencies.append((done.started_at.timestamp() - submitted) * 1000)
            time.sleep(spacing)
    print(f"idle CPU of the pool over {t1 - t0:.0f} s:  {100 * (cpu1 - cpu0) / (t1 - t0):.2f} % of one core")
    print(
        f"start latency after {idle:.0f} s idle ({samples} jobs, {spacing:.0f} s apart): "
        f"median {statistics.median(latencies):.1f} ms, worst {max(latencies):.1f} ms"
    )


def bench_overhead(work: Path, runs: int = 10) -> None:
    home = work / "home-overhead"
    queue = JobQueue(DataPaths(home).ensure())
    decks = [one_slide_deck(work / "overhead" / f"d{i}.pptx", f"deck {i}") for i in range(runs + 1)]
    totals, inner = [], []
    with pool(home, 1):
        wait_finished(queue, [queue.submit([decks[0]]).queued[0].id])
        for deck in decks[1:]:
            started = time.perf_counter()
            job = queue.submit([deck]).queued[0]
            done = wait_finished(queue, [job.id])[0]
            totals.append(time.perf_counter() - started)
            assert done.started_at and done.finished_at
            inner.append((done.finished_at - done.started_at).total_seconds())
    direct = []
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for deck in decks[1:4]:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "worker", "convert", str(deck), str(work / "direct.pdf")],
            cwd=PROJECT,
            env=env,
            check=True,
            capture_output=True,
        )
        direct.append(time.perf_counter() - started)
    total, run = statistics.median(totals), statistics.median(inner)
    print(
        f"1-slide deck through the warm queue: {total * 1000:.0f} ms submit→succeeded "
        f"(of which {run * 1000:.0f} ms claimed→succeeded; queue overhead {1000 * (total - run):.0f} ms)"
    )
    print(
        f"`slidepress convert` of the same deck: {statistics.median(direct) * 1000:.0f} ms "
        f"(new process: Python, Qt and fonts start each time)"
    )


def bench_corpus(work: Path, workers: int) -> tuple[float, int, int]:
    home = work / f"home-corpus-{workers}"
    queue = JobQueue(DataPaths(home).ensure())
    out = work / f"out-{workers}"
    from worker.jobs import SubmitOptions

    decks = sorted(CORPUS.glob("*.pptx"))
    with pool(home, workers):
        started = time.perf_counter()
        report = queue.submit(decks, SubmitOptions(out_dir=out))
        jobs = wait_finished(queue, [j.id for j in report.queued])
        wall = time.perf_counter() - started
    ok = [j for j in jobs if j.state is JobState.SUCCEEDED]
    pages = sum(j.slides_total for j in ok)
    for job in jobs:
        if job.state is not JobState.SUCCEEDED:
            print(f"    {job.state.value}: {job.source.name}: {job.error}")
    print(
        f"corpus, {workers} worker(s): {len(decks)} decks in {wall:.1f} s "
        f"({60 * len(decks) / wall:.0f} decks/min, {pages / wall:.1f} pages/s), {len(ok)} succeeded"
    )
    return wall, len(decks), pages


def bench_libreoffice(work: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        print("LibreOffice: not installed")
        return
    decks = sorted(CORPUS.glob("*.pptx"))
    out = work / "lo-out"
    profile = work / "lo-profile"
    started = time.perf_counter()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, decks),
        ],
        check=False,
        capture_output=True,
        timeout=3600,
    )
    wall = time.perf_counter() - started
    made = len(list(out.glob("*.pdf")))
    print(f"LibreOffice (one soffice, same corpus): {wall:.1f} s ({60 * len(decks) / wall:.0f} decks/min), {made} PDFs")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle", type=float, default=60.0, help="seconds the pool idles before latency")
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--spacing", type=float, default=5.0, help="idle seconds between latency samples")
    parser.add_argument("--libreoffice", action="store_true", help="also time LibreOffice on the corpus")
    parser.add_argument("--skip-corpus", action="store_true")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="slidepress-bench-") as tmp:
        work = Path(tmp)
        os.environ.pop("SLIDEPRESS_ENGINE_FACTORY", None)  # the real engine throughout
        bench_submit(work)
        bench_idle(work, args.idle, args.samples, args.spacing)
        bench_overhead(work)
        if not args.skip_corpus:
            bench_corpus(work, 1)
            bench_corpus(work, 2)
            if args.libreoffice:
                bench_libreoffice(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
