"""First-slide thumbnails, rendered off the GUI thread and cached per job.

The engine's ``worker.render.thumbnail.thumbnail(source, slide_index, width) -> QImage`` opens
and paints the deck, which can take a while: it runs in a QThreadPool (QImage is safe to paint in
any thread); only the QImage -> QPixmap step happens on the GUI thread.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtGui import QImage, QPixmap

from worker.jobs.model import Job

log = logging.getLogger(__name__)

THUMB_WIDTH = 64
CACHE_SIZE = 600  # pixmaps kept; 64x36 each, so a few MB at most
Render = Callable[[Path, int, int], QImage]


THUMBNAIL_MODULE = "worker.render.thumbnail"


def engine_thumbnail() -> Render | None:
    """The engine's thumbnail function, or None when the engine has none.

    The renderer is imported on first use, in a pool thread: importing it (fonts, shapes, text)
    on the GUI thread would add a second to the window's start.
    """
    try:
        if importlib.util.find_spec(THUMBNAIL_MODULE) is None:
            return None
    except (ImportError, ValueError):
        return None

    def render(source: Path, slide: int, width: int) -> QImage:
        module = importlib.import_module(THUMBNAIL_MODULE)
        image: QImage = module.thumbnail(source, slide, width)
        return image

    return render


class _Signals(QObject):
    done = Signal(int, object)  # job id, QImage or None


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


class ThumbnailCache(QObject):
    ready = Signal(int)  # job id

    def __init__(
        self,
        render: Render | None,
        placeholder: QPixmap | None = None,
        width: int = THUMB_WIDTH,
        threads: int = 2,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._render = render
        self._placeholder = placeholder
        self._width = width
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._signals = _Signals(self)
        self._signals.done.connect(self._on_done)
        self._cache: OrderedDict[int, QPixmap | None] = OrderedDict()
        self._pending: set[int] = set()

    def get(self, job: Job) -> QPixmap | None:
        """The cached thumbnail, or the placeholder while it loads (or when there is none)."""
        if job.id in self._cache:
            self._cache.move_to_end(job.id)
            return self._cache[job.id] or self._placeholder
        if self._render is not None and job.id not in self._pending:
            self._pending.add(job.id)
            self._pool.start(_Job(job.id, job.source, self._width, self._render, self._signals))
        return self._placeholder

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)

    def clear(self) -> None:
        self._pool.clear()
        self._pool.waitForDone()

    @Slot(int, object)
    def _on_done(self, job_id: int, image: object) -> None:
        self._pending.discard(job_id)
        pixmap = QPixmap.fromImage(image) if isinstance(image, QImage) and not image.isNull() else None
        self._cache[job_id] = pixmap
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        if pixmap is not None:
            self.ready.emit(job_id)
