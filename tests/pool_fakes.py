"""A deliberately controllable engine for pool tests, steered by the deck's keywords property.

Keywords (space separated): ``slow:SECONDS`` per slide, ``hang`` (ignores cancel, never ends),
``balloon:MB`` (holds that much memory), ``leak:MB`` (holds that much after the job too, as a
converter's allocator keeps what a big deck freed), ``transient-once`` / ``crash-once`` (fail or die on the
first attempt only, remembered by a marker file next to the deck), ``crash`` (always dies),
``permanent``, ``warn``.
The pool process loads it through SLIDEPRESS_ENGINE_FACTORY=tests.pool_fakes:make_engine.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from pptx import Presentation
from pypdf import PdfWriter

from worker.engines.base import CancelledFn, ConvertOptions, ConvertResult, Engine, ProgressFn
from worker.errors import ConversionCancelled, CorruptDeckError, TransientError
from worker.jobs import Job, JobQueue
from worker.outputs import is_temp
from worker.paths import DataPaths
from worker.pool.lock import pool_alive
from worker.pool.wake import read_pool_info

FACTORY_SPEC = "tests.pool_fakes:make_engine"
JOURNAL_ENV = "SLIDEPRESS_FAKE_JOURNAL"  # a file the fake engine notes each start and end in


_KEPT: list[bytearray] = []  # what ``leak:MB`` decks left behind in this converter process


def _resident(mb: int) -> bytearray:
    hold = bytearray(mb * 1_048_576)
    if hold:
        hold[::4096] = b"x" * len(hold[::4096])  # touch every page so it is resident
    return hold


class FakeEngine:
    name = "fake"

    def available(self) -> str | None:
        return None

    def convert(
        self, source: Path, target: Path, options: ConvertOptions, progress: ProgressFn, cancelled: CancelledFn
    ) -> ConvertResult:
        try:
            prs = Presentation(str(source))
        except Exception as exc:
            raise CorruptDeckError(f"Not a readable deck: {type(exc).__name__}") from exc
        words = (prs.core_properties.keywords or "").split()
        flags = {w.partition(":")[0]: w.partition(":")[2] for w in words}
        marker = source.with_name(source.name + ".attempted")
        first_attempt = not marker.exists()
        marker.touch()
        journal = os.environ.get(JOURNAL_ENV)
        if journal:
            with open(journal, "a", encoding="utf-8") as f:
                f.write(f"start {source} {time.time()}\n")
        if "permanent" in flags:
            raise CorruptDeckError("This deck is broken on purpose")
        if "transient-once" in flags and first_attempt:
            raise TransientError("A passing problem, on purpose")
        hold = _resident(int(flags.get("balloon") or 0))
        if "leak" in flags:
            _KEPT.append(_resident(int(flags["leak"])))
        slides = len(prs.slides)
        delay = float(flags.get("slow") or 0)
        progress(0, slides)
        writer = PdfWriter()
        for i in range(slides):
            if "hang" in flags:
                while True:
                    time.sleep(1)
            if (("crash-once" in flags and first_attempt) or "crash" in flags) and i == slides // 2:
                os._exit(9)
            if cancelled():
                raise ConversionCancelled()
            time.sleep(delay)
            writer.add_blank_page(width=720, height=540)
            progress(i + 1, slides)
        with open(target, "wb") as f:
            writer.write(f)
        del hold  # a balloon is held until the PDF is written
        if journal:
            with open(journal, "a", encoding="utf-8") as f:
                f.write(f"end {source} {time.time()}\n")
        warnings = ["fake engine"] if "warn" in flags else []
        return ConvertResult(slides=slides, engine=self.name, warnings=warnings)


def make_engine(name: str) -> Engine:
    return FakeEngine()


def make_deck(path: Path, slides: int = 3, keywords: str = "", title: str = "") -> Path:
    prs = Presentation()
    for i in range(slides):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = f"{title or path.stem} slide {i + 1}"
    prs.core_properties.keywords = keywords
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))
    return path


# -- running a real pool process in tests --------------------------------------------------------

PROJECT = Path(__file__).resolve().parents[1]


class PoolProcess:
    """``python -m worker pool`` for one data dir, as a real separate process."""

    def __init__(
        self, home: Path, workers: int = 1, fake: bool = True, extra: Sequence[str] = (), script: Path | None = None
    ) -> None:
        self.home = home
        self.script = script  # run this instead of `-m worker`; it passes its arguments to `pool`
        self.workers = workers
        self.fake = fake
        self.extra = list(extra)
        self.proc: subprocess.Popen[bytes] | None = None

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["SLIDEPRESS_HOME"] = str(self.home)
        env["QT_QPA_PLATFORM"] = "offscreen"
        if self.fake:
            env["SLIDEPRESS_ENGINE_FACTORY"] = FACTORY_SPEC
        else:
            env.pop("SLIDEPRESS_ENGINE_FACTORY", None)
        return env

    def start(self, wait: bool = True) -> PoolProcess:
        entry = ["-m", "worker", "pool"] if self.script is None else [str(self.script)]
        command = [sys.executable, *entry, "--workers", str(self.workers), *self.extra]
        self.home.mkdir(parents=True, exist_ok=True)
        with open(self.home / "test-pool-stderr.log", "ab") as err:
            self.proc = subprocess.Popen(command, cwd=PROJECT, env=self.env(), stderr=err)
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 30.0) -> None:
        paths = DataPaths(self.home)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            info = read_pool_info(paths.pool_info)
            if self.proc is not None and info.get("pid") == self.proc.pid and pool_alive(paths.pool_lock):
                return
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"pool exited: {self.stderr()}")
            time.sleep(0.05)
        raise TimeoutError("pool did not start")

    def stderr(self) -> str:
        try:
            return (self.home / "test-pool-stderr.log").read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def children(self) -> list[int]:
        """Pids of the converter children (Linux /proc)."""
        assert self.proc is not None
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid != self.proc.pid:
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            # spawn children run spawn_main; multiprocessing's resource tracker does not
            if b"spawn_main" in cmdline:
                found.append(int(entry.name))
        return found

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def wait_until(predicate: Callable[[], bool], timeout: float = 30.0, interval: float = 0.02) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise TimeoutError(f"condition not met within {timeout} s")


def wait_finished(queue: JobQueue, ids: Sequence[int], timeout: float = 60.0) -> list[Job]:
    def done() -> bool:
        return all(j.state.finished for j in queue.store.get_many(ids))

    wait_until(done, timeout, 0.05)
    return queue.store.get_many(ids)


def pdfs_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.pdf"))


def stray_files(folder: Path) -> list[Path]:
    """Temp or partial outputs left behind."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and (is_temp(p) or p.name.endswith(".partial")))
