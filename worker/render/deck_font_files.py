"""Deck fonts handed to Qt under names no earlier font had: files in a private folder.

Qt names a font added from memory after its slot in the application font list
(``:qmemoryfonts/N``) and reuses the slots of removed fonts. On Linux its font engines are
FreeType faces, cached by file name and face index (QFreetypeFace::getFace, keyed by
QFontEngine::FaceId) for as long as any engine, QRawFont, glyph run or text layout holds one. A
font added into the slot of a removed font that is still held there is then drawn from the old
face: another deck's glyphs and font program in the PDF, silently. So each deck font is written to
a file whose name is never used again in the process (a counter and the data's digest) and added by
path: its FaceId cannot meet a removed font's. The file is deleted when the font leaves Qt (a face
still open on it keeps reading the unlinked file, as files do on POSIX), the folder when the
process ends, and folders of processes that died without cleaning up when the next process makes
its own.

Windows and macOS keep the memory path: there Qt's engines hold the font itself (DirectWrite
IDWriteFontFace from the data, whether read from a file or not; CoreText descriptors made from the
data), not a name looked up in a cache, so a slot's reuse cannot reach a removed font; and a file
there would be worse (GDI's AddFontResourceEx locks it until removal, CoreText reads a registered
URL lazily, so deleting it early breaks drawing).
"""

from __future__ import annotations

import atexit
import hashlib
import itertools
import logging
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFontDatabase

log = logging.getLogger(__name__)

# Where Qt's font engines are FreeType faces cached by file name (fontconfig, plain FreeType).
FONTS_AS_FILES = not sys.platform.startswith(("win", "darwin"))
FOLDER_PREFIX = "slidepress-fonts-"  # then the owning process's id, "-" and mkdtemp's random part


class _Folder:
    """This process's folder and the files in it, by font id."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.owner = 0  # the process that made ``path``: a forked child makes a folder of its own
        self.files: dict[int, Path] = {}

    def current(self) -> Path:
        if self.path is not None and self.owner == os.getpid():
            return self.path
        self.files.clear()  # a forked child's inherited fonts and files are its parent's
        root = Path(tempfile.gettempdir())
        _sweep(root)
        self.path = Path(tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-", dir=root))
        self.owner = os.getpid()
        atexit.register(_remove_folder, self.path, self.owner)
        return self.path


_lock = threading.Lock()
_names = itertools.count()  # file names are never reused within a process
_folder = _Folder()


def folder() -> Path:
    """This process's folder of deck font files, made on first use."""
    with _lock:
        return _folder.current()


def _sweep(root: Path) -> None:
    """Remove the folders of processes that ended without removing theirs (killed, crashed)."""
    try:
        entries = list(root.glob(f"{FOLDER_PREFIX}*"))
    except OSError as exc:
        log.debug("cannot list %s for stale font folders: %s", root, exc)
        return
    for entry in entries:
        pid_text = entry.name.removeprefix(FOLDER_PREFIX).split("-", 1)[0]
        if pid_text.isdigit() and entry.is_dir() and not _alive(int(pid_text)):
            log.debug("removing the font folder of ended process %s: %s", pid_text, entry)
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive, and its folder is not ours to remove
        return True
    return True


def _remove_folder(made: Path, owner: int) -> None:
    if os.getpid() == owner:  # not in a forked child, whose parent still uses the folder
        shutil.rmtree(made, ignore_errors=True)


def add_font(data: bytes, digest: bytes | None = None) -> int:
    """Add ``data`` (whose SHA-256 is ``digest``, when known) to Qt as an application font under a
    name never used before; its font id (-1 when Qt refused it)."""
    if not FONTS_AS_FILES:
        return QFontDatabase.addApplicationFontFromData(QByteArray(data))
    digest = digest or hashlib.sha256(data).digest()
    path: Path | None = None
    try:
        with _lock:
            path = _folder.current() / f"{next(_names)}-{digest.hex()[:16]}.font"
        path.write_bytes(data)
    except OSError as exc:
        # No usable temporary folder (full, read-only): the deck still gets its font, from memory.
        log.warning("cannot write a deck font to %s (%s): adding it from memory", path, exc)
        if path is not None:
            path.unlink(missing_ok=True)
        return QFontDatabase.addApplicationFontFromData(QByteArray(data))
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        path.unlink(missing_ok=True)
    else:
        with _lock:
            _folder.files[font_id] = path
    return font_id


def remove_font(font_id: int) -> None:
    """Remove a font ``add_font`` added from Qt, and its file."""
    QFontDatabase.removeApplicationFont(font_id)
    with _lock:
        path = _folder.files.pop(font_id, None)
    if path is not None:
        path.unlink(missing_ok=True)
