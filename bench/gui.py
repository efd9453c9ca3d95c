"""GUI bench: launch time, adding 1,000 files, GUI-thread stalls under load, memory with 10,000 jobs.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui.py          (or under xvfb-run)

Each figure runs against a fresh SLIDEPRESS_HOME in a temporary folder, with a real pool process
where jobs must run. Stalls are measured by a 5 ms GUI-thread timer: the longest gap between two of
its ticks, minus 5 ms, is the longest time the GUI thread was busy (polling, applying, painting).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Running bench/gui.py puts bench/ first on sys.path, where bench/queue.py would shadow the
# standard library's queue (imported by logging.handlers) and slow every start.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

STALL_TICK_MS = 5


def rss_mb() -> float:
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1_048_576
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_deck(path: Path, slides: int) -> Path:
    from pptx import Presentation

    prs = Presentation()
    for i in range(slides):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"Bench slide {i + 1}"
        slide.placeholders[1].text_frame.text = "Some words to lay out on the slide, and a few more."
    prs.save(str(path))
    return path


class StallMeter:
    """Longest gap between ticks of a short GUI-thread timer."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(STALL_TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.worst = 0.0

    def start(self) -> None:
        self.last = time.perf_counter()
        self.worst = 0.0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.worst

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, (now - self.last) * 1000 - STALL_TICK_MS)
        self.last = now


def wait(predicate: object, timeout: float) -> bool:
    """Run the real event loop (as app.exec() does) until ``predicate()`` or the timeout."""
    from PySide6.QtCore import QEventLoop, QTimer

    assert callable(predicate)
    loop = QEventLoop()
    deadline = time.monotonic() + timeout
    result = [False]

    def check() -> None:
        if predicate():
            result[0] = True
            loop.quit()
        elif time.monotonic() >= deadline:
            loop.quit()

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(check)
    timer.start()
    check()
    if not result[0]:
        loop.exec()
    timer.stop()
    return result[0]


def child_launch(home: Path, started: float) -> None:
    """Run in a fresh process: print seconds from process start to a shown, loaded window."""
    os.environ["SLIDEPRESS_HOME"] = str(home)
    from desktop_app.desktop import RecordingDesktop
    from desktop_app.main import create_window
    from desktop_app.quit_dialog import QuitChoice
    from worker.paths import data_paths

    window = create_window(
        data_paths(), desktop=RecordingDesktop(), settings_dir=home / "config", ask_quit=lambda _w, _n: QuitChoice.STOP
    )
    window.show()
    ok = wait(lambda: window.polls > 0 and window.isVisible(), 30)
    usable = time.time() - started
    pool_ok = wait(lambda: window.pool.alive, 60)
    with_pool = time.time() - started
    window.close()
    print(json.dumps({"usable": usable if ok else None, "pool": with_pool if pool_ok else None}))


def child_memory(home: Path, jobs: int) -> None:
    """Run in a fresh process: RSS before and after a window shows ``jobs`` jobs."""
    os.environ["SLIDEPRESS_HOME"] = str(home)
    from PySide6.QtWidgets import QApplication

    from desktop_app.desktop import RecordingDesktop
    from desktop_app.main import application, create_window
    from worker.jobs.model import JobOptions
    from worker.jobs.store import JobStore, NewJob
    from worker.paths import data_paths

    paths = data_paths()
    store = JobStore(paths.jobs_db)
    store.insert(
        [
            NewJob(f"bench-{i}", Path(f"/nowhere/deck{i:05}.pptx"), Path(f"/nowhere/deck{i:05}.pdf"), JobOptions(), 3)
            for i in range(jobs)
        ]
    )
    store.close()
    app = application()
    app.processEvents()
    base = rss_mb()
    began = time.perf_counter()
    window = create_window(paths, desktop=RecordingDesktop(), supervise_pool=False, settings_dir=home / "config")
    window.show()
    ok = wait(lambda: window.model.rowCount() == jobs, 120)
    loaded = time.perf_counter() - began
    for _ in range(20):  # let it paint and settle
        QApplication.processEvents()
        time.sleep(0.01)
    meter = StallMeter()
    meter.start()
    window.table.scrollToBottom()
    wait(lambda: False, 1.0)
    scroll_stall = meter.stop()
    after = rss_mb()
    window.client.shutdown(stop_pool_too=False)
    print(
        json.dumps(
            {
                "rows": window.model.rowCount() if ok else None,
                "base_mb": base,
                "after_mb": after,
                "load_s": loaded,
                "first_apply_ms": window.max_apply_ms,
                "scroll_stall_ms": scroll_stall,
            }
        )
    )


def add_and_stall(home: Path, files: int, seconds: float, thumbnails: bool = True) -> dict[str, float | int]:
    os.environ["SLIDEPRESS_HOME"] = str(home)
    from desktop_app.desktop import RecordingDesktop
    from desktop_app.main import create_window
    from desktop_app.quit_dialog import QuitChoice
    from desktop_app.settings import Settings, SettingsStore
    from worker.jobs.model import JobState
    from worker.paths import data_paths

    folder = home.parent / "decks"
    folder.mkdir(parents=True)
    deck = make_deck(folder / "deck0000.pptx", 30)
    for i in range(1, files):
        shutil.copyfile(deck, folder / f"deck{i:04}.pptx")
    SettingsStore(home / "config").save(Settings(workers=2, notify_when_done=False))
    window = create_window(
        data_paths(),
        desktop=RecordingDesktop(),
        settings_dir=home / "config",
        ask_quit=lambda _w, _n: QuitChoice.STOP,
        thumbnails=thumbnails,
    )
    window.show()
    wait(lambda: window.polls > 0 and window.pool.alive, 60)
    window.act_pause.trigger()  # all 1,000 stay queued while they are added
    wait(lambda: window.paused, 10)
    meter = StallMeter()
    meter.start()
    done: list[float] = []
    window.submitted.connect(lambda _r: done.append(time.perf_counter()))
    began = time.perf_counter()
    window.add_paths([folder])  # what a drop of the folder does
    wait(lambda: bool(done), 300)
    add_s = done[0] - began if done else float("nan")
    add_stall = meter.stop()
    rows = window.model.rowCount()

    window.act_pause.trigger()  # two run, the rest stay queued
    wait(lambda: window.counts.running >= 2, 60)
    window.max_apply_ms = 0.0
    polls = window.polls
    meter.start()
    wait(lambda: False, seconds)
    stall = meter.stop()
    result = {
        "files": files,
        "rows": rows,
        "add_s": add_s,
        "add_stall_ms": add_stall,
        "stall_ms": stall,
        "apply_ms": window.max_apply_ms,
        "polls": window.polls - polls,
        "running": window.counts.running,
        "queued": window.counts.queued,
        "succeeded": sum(j.state is JobState.SUCCEEDED for j in window.model.jobs()),
    }
    window.close()
    return result


def screenshots(folder: Path, home: Path) -> None:
    """The window empty, with a batch in progress, and with a failure selected (for the README)."""
    os.environ["SLIDEPRESS_HOME"] = str(home)
    from desktop_app.desktop import RecordingDesktop
    from desktop_app.main import create_window
    from desktop_app.quit_dialog import QuitChoice
    from desktop_app.settings import Settings, SettingsStore
    from worker.jobs.model import JobState
    from worker.paths import data_paths

    folder.mkdir(parents=True, exist_ok=True)
    decks = home.parent / "Quarterly reviews"
    decks.mkdir(parents=True)
    names = ["Kickoff", "Roadmap 2027", "Sales by region", "Hiring plan", "Design review", "All hands"]
    sources = [make_deck(decks / f"{name}.pptx", 30 + 25 * i) for i, name in enumerate(names)]
    (decks / "Budget (damaged).pptx").write_bytes(b"PK\x03\x04 this zip was cut short")
    SettingsStore(home / "config").save(Settings(workers=2, notify_when_done=False))
    window = create_window(
        data_paths(), desktop=RecordingDesktop(), settings_dir=home / "config", ask_quit=lambda _w, _n: QuitChoice.STOP
    )
    window.resize(1200, 700)
    window.show()
    wait(lambda: window.polls > 0 and window.pool.alive, 60)
    wait(lambda: False, 0.5)
    window.grab().save(str(folder / "empty.png"))
    window.add_paths([decks])
    wait(lambda: sum(j.state is JobState.RUNNING and j.slides_done > 5 for j in window.model.jobs()) >= 2, 120)
    wait(lambda: any(j.state is JobState.FAILED for j in window.model.jobs()), 60)
    running = [j for j in window.model.jobs() if j.state is JobState.RUNNING]
    if running:
        window.table.selectRow(window.model.row_of(running[0].id) or 0)
    wait(lambda: False, 1.0)  # thumbnails and the log arrive
    window.grab().save(str(folder / "batch-in-progress.png"))
    wait(lambda: window.counts.active == 0, 300)
    failed = [j for j in window.model.jobs() if j.state is JobState.FAILED]
    if failed:
        window.table.selectRow(window.model.row_of(failed[0].id) or 0)
    wait(lambda: False, 1.0)
    window.grab().save(str(folder / "failure-details.png"))
    window.close()
    del sources


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=10000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--no-thumbnails", action="store_true", help="measure stalls without thumbnails")
    parser.add_argument("--only-stall", action="store_true", help="skip the launch and memory figures")
    parser.add_argument("--screenshots", help="save screenshots of the window in this folder and stop")
    parser.add_argument("--child", choices=["launch", "memory"])
    parser.add_argument("--home")
    parser.add_argument("--started", type=float, default=0.0)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.child == "launch":
        child_launch(Path(args.home), args.started)
        return 0
    if args.child == "memory":
        child_memory(Path(args.home), args.jobs)
        return 0

    from PySide6 import __version__ as pyside

    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"PySide6 {pyside}, QPA {os.environ['QT_QPA_PLATFORM']}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        if args.screenshots:
            from desktop_app.main import application

            application()
            screenshots(Path(args.screenshots).resolve(), Path(tmp) / "shots" / "home")
            return 0
        if args.only_stall:
            from desktop_app.main import application

            application()
            stats = add_and_stall(Path(tmp) / "add" / "home", args.files, args.seconds, not args.no_thumbnails)
            print(stats)
            return 0
        launches = []
        for n in range(3):  # a cold first start (disk cache, pyc) differs from the next ones
            home = Path(tmp) / f"launch{n}" / "home"
            started = time.time()
            out = subprocess.run(
                [sys.executable, __file__, "--child", "launch", "--home", str(home), "--started", str(started)],
                capture_output=True,
                text=True,
                check=True,
            )
            launches.append(json.loads(out.stdout.strip().splitlines()[-1]))
        usable = ", ".join(f"{x['usable']:.2f}" for x in launches)
        pool = ", ".join(f"{x['pool']:.2f}" for x in launches)
        print(f"launch to usable window (process start to the jobs shown), 3 runs: {usable} s; pool alive at {pool} s")

        from desktop_app.main import application

        application()
        stats = add_and_stall(Path(tmp) / "add" / "home", args.files, args.seconds)
        print(
            f"add {stats['files']} files (folder drop, hashed off the GUI thread): {stats['add_s']:.2f} s "
            f"to {stats['rows']} rows; longest GUI stall meanwhile {stats['add_stall_ms']:.1f} ms"
        )
        print(
            f"longest GUI-thread stall over {args.seconds:g} s with {stats['queued']} queued and "
            f"{stats['running']} running: {stats['stall_ms']:.1f} ms (target < 50 ms); "
            f"longest poll apply {stats['apply_ms']:.1f} ms over {stats['polls']} polls; "
            f"{stats['succeeded']} converted meanwhile"
        )

        home = Path(tmp) / "memory" / "home"
        out = subprocess.run(
            [sys.executable, __file__, "--child", "memory", "--home", str(home), "--jobs", str(args.jobs)],
            capture_output=True,
            text=True,
            check=True,
        )
        mem = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"memory with {mem['rows']} jobs in the table: {mem['after_mb']:.0f} MB RSS "
            f"({mem['after_mb'] - mem['base_mb']:.0f} MB over a bare QApplication); loaded in "
            f"{mem['load_s']:.2f} s, first apply {mem['first_apply_ms']:.0f} ms, "
            f"scroll-to-bottom stall {mem['scroll_stall_ms']:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
