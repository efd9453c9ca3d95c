"""Keeping the picture decoders' own complaints off the process's stderr.

libpng, inside Qt's PNG reader, reports a broken picture with ``fprintf(stderr, "libpng error: ...")``:
Qt gives it no error function, so the line never reaches Qt's message handler. The renderer already
says once, in the job's warnings, that a picture could not be decoded; the same news on stderr lands
in the terminal or the pool's stderr log with no deck named, once per look at the picture. So decodes
run with file descriptor 2 pointed at a temporary file: the decoder's lines go to this module's log
(debug), and anything else written in that instant (another thread's output) goes back to stderr.

libjpeg's complaints ("Corrupt JPEG data: premature end of data segment") and Qt SVG's come through
Qt's message handler instead (categories qt.gui.imageio.jpeg, qt.svg): during a decode a handler of
ours takes those, and passes every other message on to the handler it replaced.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from typing import IO, Any

from PySide6.QtCore import QMessageLogContext, QtMsgType, qFormatLogMessage, qInstallMessageHandler
from PySide6.QtGui import QImage

from worker.render.cmyk_jpeg import in_true_polarity
from worker.render.svg_sandbox import readable_picture

log = logging.getLogger(__name__)

_DECODER_PREFIXES = (b"libpng ",)
# Qt's picture readers (qt.gui.imageio.jpeg, ...), its format plugins (qt.imageformats.tiff: "JPEG
# compression support is not configured"), its SVG renderer ("Could not create image") and the ICC
# profile parser the readers call for a picture's embedded colour profile ("Invalid ICC illuminant":
# the profile is ignored, the pixels decoded).
_QT_DECODER_CATEGORIES = ("qt.gui.imageio", "qt.imageformats", "qt.svg", "qt.gui.icc")
_STDERR = 2

_lock = threading.RLock()  # fd 2 is the process's: one capture at a time
_depth = 0
_sink: IO[bytes] | None = None
_sink_pid = 0


@contextlib.contextmanager
def decoder_messages() -> Iterator[list[str]]:
    """Run a decode with the decoder's stderr lines and Qt messages caught; the list holds them
    after the block."""
    global _depth
    said: list[str] = []
    with _lock:
        if _depth:  # a decode inside a decode: the outer capture catches it
            yield said
            return
        sink = _sink_file()
        saved = None if sink is None else _redirect(sink)
        handler = _QtMessages(said)
        handler.previous = qInstallMessageHandler(handler)
        _depth += 1
        try:
            yield said
        finally:
            _depth -= 1
            qInstallMessageHandler(handler.previous)
            if sink is not None and saved is not None:
                said.extend(_restore(saved, sink))


class _QtMessages:
    """A Qt message handler keeping the picture readers' messages and handing on the others."""

    def __init__(self, said: list[str]) -> None:
        self.said = said
        self.previous: Callable[[QtMsgType, QMessageLogContext, str], Any] | None = None

    def __call__(self, kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if (context.category or "").startswith(_QT_DECODER_CATEGORIES):
            self.said.append(message)
        elif self.previous is not None:
            self.previous(kind, context, message)
        else:
            # As Qt's default handler prints it; while fd 2 points at the sink, its lines that are
            # not the decoder's go back to stderr when the capture ends.
            with contextlib.suppress(OSError):
                os.write(_STDERR, (qFormatLogMessage(kind, context, message) + "\n").encode(errors="replace"))


def image_from_data(blob: bytes) -> QImage:
    """``QImage.fromData(blob)`` without the decoder's lines on stderr (null when undecodable);
    an SVG is first reduced to what it holds (worker/render/svg_sandbox.py)."""
    readable = readable_picture(blob)
    if readable is None:
        return QImage()
    with decoder_messages() as said:
        image = in_true_polarity(QImage.fromData(readable), readable)
    if image.isNull() and said:
        log.debug("picture could not be decoded: %s", "; ".join(said))
    return image


def _sink_file() -> IO[bytes] | None:
    """This process's temporary file for caught output (a file, not a pipe: a pipe's buffer could
    fill and block the decoder)."""
    global _sink, _sink_pid
    if _sink is None or _sink_pid != os.getpid():
        try:
            _sink = tempfile.TemporaryFile(prefix="slidepress-decoder-")  # noqa: SIM115 - kept for the process
        except OSError as exc:
            log.debug("decoder messages not caught: %s", exc)
            return None
        _sink_pid = os.getpid()
    return _sink


def _redirect(sink: IO[bytes]) -> int | None:
    """Point fd 2 at ``sink``; returns a copy of the old fd 2, or None when there is none (a
    windowed process on Windows) or it cannot be copied."""
    with contextlib.suppress(AttributeError, OSError, ValueError):  # no stderr, or a closed one
        sys.stderr.flush()  # Python's own buffered text belongs to the real stderr
    try:
        saved = os.dup(_STDERR)
    except OSError:
        return None
    try:
        sink.seek(0)
        sink.truncate()
        os.dup2(sink.fileno(), _STDERR)
    except OSError:
        os.close(saved)
        return None
    return saved


def _restore(saved: int, sink: IO[bytes]) -> list[str]:
    """Put fd 2 back; returns the decoder's lines and writes anything else back to stderr.
    C's stderr is unbuffered: what the decoder wrote is in the file by now."""
    os.dup2(saved, _STDERR)
    os.close(saved)
    try:
        sink.seek(0)
        caught = sink.read()
    except OSError:
        return []
    said: list[str] = []
    others: list[bytes] = []
    for line in caught.splitlines(keepends=True):
        if line.startswith(_DECODER_PREFIXES):
            said.append(line.decode(errors="replace").strip())
        else:
            others.append(line)
    rest = memoryview(b"".join(others))
    with contextlib.suppress(OSError):
        while rest:
            rest = rest[os.write(_STDERR, rest) :]
    return said
