"""The converter child: a warm ``spawn`` process that runs one engine.convert at a time.

It imports the engines (and so Qt) only here, never in the pool. Messages over the pipe:
parent → child ``("convert", ConvertRequest)``, ``("cancel",)``, ``("stop",)``;
child → parent ``("ready", pid)``, ``("progress", done, total)``, ``("done", slides, engine, warnings)``,
``("error", kind, permanent, message)``.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import os
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from worker.engines.base import ConvertOptions, Engine, PageLayout, warm_up
from worker.output_failures import passes_by_itself
from worker.outputs import PROBE_MARK, cannot_write_in
from worker.pool.collector import release_after_job, settle_after_warm_up

log = logging.getLogger(__name__)

EngineFactory = Callable[[str], Engine]
DEFAULT_FACTORY = "worker.engines.registry:get_engine"


@dataclass(frozen=True)
class ConvertRequest:
    job_id: int
    source: str
    target: str
    engine: str
    include_hidden: bool
    layout: str = "slides"  # a PageLayout value
    pdf_a: bool = False
    lossless_pictures: bool = False


def resolve_factory(spec: str) -> EngineFactory:
    """``"package.module:function"`` → the engine factory it names (picklable by name)."""
    module_name, _, attr = spec.partition(":")
    factory = getattr(importlib.import_module(module_name), attr)
    if not callable(factory):
        raise TypeError(f"{spec} is not callable")
    result: EngineFactory = factory
    return result


def child_main(conn: Connection, factory_spec: str, warm_engine: str | None) -> None:
    """The child's whole life: warm up, then convert on request until told to stop."""
    logging.basicConfig(level=logging.WARNING)
    _watch_parent()
    factory = resolve_factory(factory_spec)
    engines: dict[str, Engine] = {}
    if warm_engine:
        try:
            engines[warm_engine] = factory(warm_engine)
            warm_up(engines[warm_engine])
        except Exception as exc:  # reported again, per job, when the engine is asked for
            log.warning("warming engine %s failed: %s", warm_engine, exc)
    settle_after_warm_up()
    _send(conn, ("ready", os.getpid()))
    while True:
        try:
            message: tuple[Any, ...] = conn.recv()
        except (EOFError, OSError):
            return
        if message[0] == "stop":
            return
        if message[0] == "convert":
            outcome = _convert(conn, factory, engines, message[1])
            release_after_job()  # before the reply: the pool reads this process's memory after it
            _send(conn, outcome)
        # a late "cancel" for a job already finished is ignored


def _send(conn: Connection, message: tuple[Any, ...]) -> None:
    """Send to the pool; a pool that is gone (killed) ends this process at once and quietly, as
    _watch_parent would within half a second: no one is left to report to, and the next pool
    converts the deck again."""
    try:
        conn.send(message)
    except OSError:  # BrokenPipeError, ConnectionResetError
        os._exit(3)


def _watch_parent() -> None:
    """Exit when the pool dies (even by kill -9), so no orphan keeps converting a deck that the
    next pool will convert again."""
    ppid = os.getppid()
    parent = multiprocessing.parent_process()  # its sentinel also works on Windows, where pids stay

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != ppid or (parent is not None and not parent.is_alive()):
                os._exit(3)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


PROBE_BYTES = 4 << 20


def output_problem(folder: Path) -> OSError | None:
    """Why ``folder`` cannot take a PDF now (full, read-only, not ours, gone), or None."""
    probe = folder / f"{PROBE_MARK}{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            left = memoryview(b"\0" * PROBE_BYTES)
            while left:  # a nearly full disk takes a short write first, then says ENOSPC
                left = left[os.write(fd, left) :]
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        return exc
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()
    return None


def _convert(
    conn: Connection,
    factory: EngineFactory,
    engines: dict[str, Engine],
    req: ConvertRequest,
) -> tuple[Any, ...]:
    from worker.errors import ConversionError

    cancelled_flag = False

    def cancelled() -> bool:
        nonlocal cancelled_flag
        try:
            while not cancelled_flag and conn.poll():
                if conn.recv()[0] == "cancel":
                    cancelled_flag = True
        except (EOFError, OSError):  # the pool is gone (killed): end as _send does, quietly
            os._exit(3)
        return cancelled_flag

    def progress(done: int, total: int) -> None:
        _send(conn, ("progress", int(done), int(total)))

    try:
        engine = engines.get(req.engine)
        if engine is None:
            engine = engines[req.engine] = factory(req.engine)
        target = Path(req.target)
        result = engine.convert(
            Path(req.source),
            target,
            ConvertOptions(
                include_hidden=req.include_hidden,
                layout=PageLayout(req.layout),
                pdf_a=req.pdf_a,
                lossless_pictures=req.lossless_pictures,
            ),
            progress,
            cancelled,
        )
        if not target.is_file() or target.stat().st_size == 0:
            return ("error", "internal", True, "The engine reported success but wrote no PDF")
        return ("done", int(result.slides), str(result.engine), [str(w) for w in result.warnings])
    except ConversionError as exc:
        return ("error", exc.kind.value, exc.permanent, str(exc))
    except MemoryError:
        return ("error", "too_large", True, "The deck needs more memory than is available")
    except Exception as exc:
        # A full or read-only output folder surfaces as whatever the writer tripped on (Qt writes
        # short files silently, pypdf then finds them truncated): ask the folder itself. The user
        # can fix that: it is retried when it may pass by itself (a full disk), else fails at once.
        problem = output_problem(Path(req.target).parent)
        if problem is not None:
            reason = cannot_write_in(Path(req.target).parent, problem)
            return ("error", "output", not passes_by_itself(problem), reason)
        # An engine bug: the deck will fail the same way again, so it is permanent.
        traceback.print_exc()
        message = " ".join(f"Internal error: {type(exc).__name__}: {exc}".split())
        return ("error", "internal", True, message[:500])
