"""First-slide thumbnails, rendered away from the GUI thread and cached per job.

The engine's ``worker.render.thumbnail.thumbnail(source, slide_index, width) -> QImage`` opens and
paints the deck in Python. In a thread of the window's process that work (and importing the
renderer) competes with the GUI thread for the GIL, which showed as 60-200 ms stalls in
bench/gui.py; so by default it runs in one spawned helper process, and a reader thread that
blocks on the pipe (without the GIL) hands the pixels back. The thread backend remains for tests.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import multiprocessing
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtGui import QImage, QPixmap

from worker.jobs.model import Job

log = logging.getLogger(__name__)

THUMB_WIDTH = 64
CACHE_SIZE = 600  # pixmaps kept; 64x36 each, so a few MB at most
MAX_RESTARTS = 3  # a helper that keeps dying (a deck that crashes Qt) is given up on
THUMBNAIL_MODULE = "worker.render.thumbnail"
Render = Callable[[Path, int, int], QImage]


def engine_has_thumbnails() -> bool:
    try:
        return importlib.util.find_spec(THUMBNAIL_MODULE) is not None
    except (ImportError, ValueError):
        return False


def engine_thumbnail() -> Render | None:
    """The engine's thumbnail function (imported on first call), or None when it has none."""
    if not engine_has_thumbnails():
        return None

    def render(source: Path, slide: int, width: int) -> QImage:
        module = importlib.import_module(THUMBNAIL_MODULE)
        image: QImage = module.thumbnail(source, slide, width)
        return image

    return render


class Backend(Protocol):
    def request(self, job_id: int, source: Path, width: int) -> None: ...

    def close(self) -> None: ...


class _Signals(QObject):
    done = Signal(int, object)  # job id, QImage or None


# -- in threads (tests, or where spawning a process is not wanted) -----------------------------


class _Job(QRunnable):
    def __init__(self, job_id: int, source: Path, width: int, render: Render, signals: _Signals) -> None:
        super().__init__()
        self.job_id, self.source, self.width, self.render, self.signals = job_id, source, width, render, signals

    def run(self) -> None:
        image: QImage | None
        try:
            image = self.render(self.source, 0, self.width)
        except Exception as exc:  # a deck that cannot be read has no thumbnail; the job says why
            log.debug("no thumbnail for %s: %s", self.source, exc)
            image = None
        self.signals.done.emit(self.job_id, image)


class ThreadBackend:
    def __init__(self, render: Render, signals: _Signals, threads: int = 1) -> None:
        self._render = render
        self._signals = signals
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(threads)

    def request(self, job_id: int, source: Path, width: int) -> None:
        self._pool.start(_Job(job_id, source, width, self._render, self._signals))

    def close(self) -> None:
        self._pool.clear()
        self._pool.waitForDone()


# -- in a helper process -----------------------------------------------------------------------


def _child_main(conn: Connection) -> None:
    """The helper: render requests one by one, send raw ARGB32 pixels back."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never open a display connection from here
    module: Any = importlib.import_module(THUMBNAIL_MODULE)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        job_id, source, width = message
        try:
            image = module.thumbnail(Path(source), 0, int(width)).convertToFormat(QImage.Format.Format_ARGB32)
            reply = (job_id, image.width(), image.height(), image.bytesPerLine(), bytes(image.constBits()))
        except Exception as exc:
            reply = (job_id, 0, 0, 0, str(exc).encode("utf-8", "replace"))
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


class ProcessBackend:
    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._ctx = multiprocessing.get_context("spawn")
        self._proc: BaseProcess | None = None
        self._conn: Connection | None = None
        self._reader: threading.Thread | None = None
        self._lock = threading.Lock()
        self._restarts = 0
        self._closed = False
        # Start the helper from a plain thread: spawning (and the imports it does the first time)
        # would otherwise cost the GUI thread tens of milliseconds when the first row appears.
        threading.Thread(target=self._ensure, name="thumbnail-start", daemon=True).start()

    def _ensure(self) -> Connection | None:
        with self._lock:
            return self._ensure_locked()

    def _ensure_locked(self) -> Connection | None:
        if self._conn is not None and self._proc is not None and self._proc.is_alive():
            return self._conn
        if self._closed or self._restarts > MAX_RESTARTS:
            return None
        if self._proc is not None:
            self._restarts += 1
            log.warning("the thumbnail helper stopped; starting it again")
        parent, child = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(target=_child_main, args=(child,), name="slidepress-thumbnails", daemon=True)
        proc.start()
        child.close()
        self._proc, self._conn = proc, parent
        self._reader = threading.Thread(target=self._read, args=(parent,), name="thumbnail-reader", daemon=True)
        self._reader.start()
        return parent

    def request(self, job_id: int, source: Path, width: int) -> None:
        conn = self._ensure()
        if conn is None:
            self._signals.done.emit(job_id, None)
            return
        try:
            conn.send((job_id, str(source), width))
        except (OSError, ValueError):
            self._signals.done.emit(job_id, None)

    def _read(self, conn: Connection) -> None:
        while True:
            try:
                job_id, width, height, stride, data = conn.recv()
            except (EOFError, OSError, ValueError, TypeError):
                return
            image: QImage | None = None
            if width and height:
                # copy(): the QImage must own its pixels once ``data`` goes away.
                image = QImage(data, width, height, stride, QImage.Format.Format_ARGB32).copy()
            self._signals.done.emit(job_id, image)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            proc, conn = self._proc, self._conn
            self._proc = self._conn = None
        if proc is not None:
            # Nothing in the helper is worth waiting for: requests may be queued behind a slow deck.
            proc.kill()
            proc.join(5)
        if conn is not None:
            conn.close()
        if self._reader is not None:
            self._reader.join(2)  # no emit may race the window's teardown


# -- the cache the model asks ------------------------------------------------------------------


class ThumbnailCache(QObject):
    ready = Signal(int)  # job id

    def __init__(
        self,
        backend: Callable[[_Signals], Backend] | None,
        placeholder: QPixmap | None = None,
        width: int = THUMB_WIDTH,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._width = width
        self._placeholder = placeholder
        self._signals = _Signals(self)
        self._signals.done.connect(self._on_done)
        self._backend = backend(self._signals) if backend is not None else None
        self._cache: OrderedDict[int, QPixmap | None] = OrderedDict()
        self._pending: set[int] = set()

    @classmethod
    def in_threads(cls, render: Render, placeholder: QPixmap | None = None) -> ThumbnailCache:
        return cls(lambda signals: ThreadBackend(render, signals), placeholder)

    @classmethod
    def in_process(cls, placeholder: QPixmap | None = None) -> ThumbnailCache:
        return cls(ProcessBackend if engine_has_thumbnails() else None, placeholder)

    def get(self, job: Job) -> QPixmap | None:
        """The cached thumbnail, or the placeholder while it loads (or when there is none)."""
        if job.id in self._cache:
            self._cache.move_to_end(job.id)
            return self._cache[job.id] or self._placeholder
        if self._backend is not None and job.id not in self._pending:
            self._pending.add(job.id)
            self._backend.request(job.id, job.source, self._width)
        return self._placeholder

    def set_placeholder(self, placeholder: QPixmap | None) -> None:
        """Show ``placeholder`` for decks without their own thumbnail from now on (the icon is
        tinted with the palette's text colour, so a theme change makes a new one)."""
        self._placeholder = placeholder

    def loaded(self, job_id: int) -> bool:
        """Whether the deck's own first slide is cached (not the placeholder)."""
        return self._cache.get(job_id) is not None

    def pending(self) -> int:
        return len(self._pending)

    def clear(self) -> None:
        if self._backend is not None:
            self._backend.close()
            self._backend = None

    @Slot(int, object)
    def _on_done(self, job_id: int, image: object) -> None:
        self._pending.discard(job_id)
        pixmap = QPixmap.fromImage(image) if isinstance(image, QImage) and not image.isNull() else None
        self._cache[job_id] = pixmap
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        if pixmap is not None:
            self.ready.emit(job_id)
