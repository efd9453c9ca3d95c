"""The family names Qt will list for a font (``QFontDatabase.applicationFontFamilies``), told before
the font is added.

Adding a font to Qt is cheap, removing one is not: Qt then drops its whole database and, at the
next font query, reads every OS font and every application font again (our bundled CJK collections
alone take some 45 ms). ``DeckFonts`` needs a font's families to decide whether to add it renamed;
knowing them beforehand saves adding the original only to remove it again.

On Linux Qt registers application fonts through fontconfig (QFontconfigDatabase): for each face it
asks ``FcFreeTypeQueryFace`` for the face's pattern and lists the pattern's first family, then each
further family that names a subfamily (same family language as the first, a different style); the
other families become aliases. Asking the same fontconfig and FreeType libraries (the ones Qt has
loaded) the same question gives the same list. Elsewhere, or when the libraries are not loaded, the
answer is None and the caller asks Qt. A list that turns out to differ from Qt's (``distrust``)
stops the predictions for the process.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
import threading

log = logging.getLogger(__name__)

# Qt names a deck font after its file (deck_font_files), or ":qmemoryfonts/<id>" when added from
# data; fontconfig takes a family from that name when the font has none. Such a family is not known
# beforehand: this name marks it.
_PROBE_NAME = "slidepress-family-probe"
_PROBE_FILE = f":qmemoryfonts/{_PROBE_NAME}".encode()


class _Fontconfig:
    """FreeType and fontconfig as Qt has loaded them, with one FreeType library of our own."""

    def __init__(self) -> None:
        mode = os.RTLD_NOLOAD | os.RTLD_NOW  # only the copies already in the process (Qt's)
        self.fc = ctypes.CDLL("libfontconfig.so.1", mode=mode)
        self.ft = ctypes.CDLL("libfreetype.so.6", mode=mode)
        pointer = ctypes.c_void_p
        self.ft.FT_Init_FreeType.argtypes = [ctypes.POINTER(pointer)]
        self.ft.FT_New_Memory_Face.argtypes = [pointer, ctypes.c_char_p, ctypes.c_long, ctypes.c_long,
                                               ctypes.POINTER(pointer)]  # fmt: skip
        self.ft.FT_Done_Face.argtypes = [pointer]
        self.fc.FcFreeTypeQueryFace.argtypes = [pointer, ctypes.c_char_p, ctypes.c_uint, pointer]
        self.fc.FcFreeTypeQueryFace.restype = pointer
        self.fc.FcPatternGetString.argtypes = [pointer, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
        self.fc.FcPatternDestroy.argtypes = [pointer]
        self.library = pointer()
        if self.ft.FT_Init_FreeType(ctypes.byref(self.library)) != 0:
            raise OSError("FT_Init_FreeType failed")

    def _string(self, pattern: int, name: bytes, index: int) -> str | None:
        value = ctypes.c_char_p()
        if self.fc.FcPatternGetString(pattern, name, index, ctypes.byref(value)) != 0 or value.value is None:
            return None
        return value.value.decode("utf-8", "replace")

    def families(self, data: bytes) -> list[str] | None:
        """QFontconfigDatabase::addApplicationFont's families for ``data``, face by face."""
        found: list[str] = []
        index, count = 0, 1
        while index < count:
            face = ctypes.c_void_p()
            if self.ft.FT_New_Memory_Face(self.library, data, len(data), index, ctypes.byref(face)) != 0:
                return found  # Qt stops at the first face it cannot open, too
            count = ctypes.cast(face, ctypes.POINTER(ctypes.c_long))[0]  # FT_FaceRec.num_faces
            pattern = self.fc.FcFreeTypeQueryFace(face, _PROBE_FILE, index, None)
            self.ft.FT_Done_Face(face)
            if not pattern:
                return found
            try:
                names = self._face_families(pattern)
            finally:
                self.fc.FcPatternDestroy(pattern)
            if names is None:
                return None
            found += names
            index += 1
        return found

    def _face_families(self, pattern: int) -> list[str] | None:
        first = self._string(pattern, b"family", 0)
        if first is None:
            return []
        # Qt compares QStrings, for which a missing value and an empty one are equal.
        lang = self._string(pattern, b"familylang", 0) or ""
        style = self._string(pattern, b"style", 0) or ""
        names = [first]
        everything = [first]
        index = 1
        while (other := self._string(pattern, b"family", index)) is not None:
            everything.append(other)
            other_lang = self._string(pattern, b"familylang", index)
            other_style = self._string(pattern, b"style", index)
            if (lang if other_lang is None else other_lang) == lang and (
                style if other_style is None else other_style
            ) != style:
                names.append(other)  # a subfamily, registered as a font of its own
            index += 1
        return None if _PROBE_NAME in everything else names


_lock = threading.Lock()
_state: dict[str, _Fontconfig | None] = {}


def _fontconfig() -> _Fontconfig | None:
    if "fc" not in _state:
        found = None
        if sys.platform.startswith("linux"):
            try:
                found = _Fontconfig()
            except (OSError, AttributeError) as exc:
                log.debug("fontconfig not usable for family names: %s", exc)
        _state["fc"] = found
    return _state["fc"]


def app_font_families(data: bytes) -> list[str] | None:
    """The families ``QFontDatabase.applicationFontFamilies`` will list once ``data`` is added
    (empty when Qt will not load it); None when that cannot be told without adding it."""
    with _lock:
        fontconfig = _fontconfig()
        return fontconfig.families(data) if fontconfig is not None else None


def distrust(told: list[str], listed: list[str]) -> None:
    """Qt listed other families than told: tell no more in this process (the caller asks Qt)."""
    log.warning("Qt lists %s for an added font, %s were expected: asking Qt from now on", listed, told)
    with _lock:
        _state["fc"] = None
