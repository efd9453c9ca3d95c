"""GDI objects (pens, brushes, fonts) and the constants the EMF and WMF players share."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from PySide6.QtGui import QColor, QImage

# Hard limits that keep hostile files bounded (records, points, bitmap pixels, nesting).
MAX_BLOB_BYTES = 128 * 1024 * 1024
MAX_RECORDS = 1_000_000
MAX_POINTS_TOTAL = 8_000_000
MAX_POINTS_RECORD = 2_000_000
MAX_SAVE_DEPTH = 512
MAX_BITMAP_PIXELS = 40_000_000
MAX_TEXT_CHARS = 8192
MAX_COORD = 1e9


class BkMode(IntEnum):
    TRANSPARENT = 1
    OPAQUE = 2


class MapMode(IntEnum):
    TEXT = 1
    LOMETRIC = 2
    HIMETRIC = 3
    LOENGLISH = 4
    HIENGLISH = 5
    TWIPS = 6
    ISOTROPIC = 7
    ANISOTROPIC = 8


# Millimetres per logical unit of the fixed mapping modes (their y axis points up).
FIXED_MAP_MM = {
    MapMode.LOMETRIC: 0.1,
    MapMode.HIMETRIC: 0.01,
    MapMode.LOENGLISH: 0.254,
    MapMode.HIENGLISH: 0.0254,
    MapMode.TWIPS: 25.4 / 1440.0,
}


class PenStyle(IntEnum):
    SOLID = 0
    DASH = 1
    DOT = 2
    DASHDOT = 3
    DASHDOTDOT = 4
    NULL = 5
    INSIDEFRAME = 6
    USERSTYLE = 7
    ALTERNATE = 8


class BrushStyle(IntEnum):
    SOLID = 0
    NULL = 1
    HATCHED = 2
    PATTERN = 3
    DIBPATTERN = 5
    DIBPATTERNPT = 6


class ClipMode(IntEnum):
    AND = 1
    OR = 2
    XOR = 3
    DIFF = 4
    COPY = 5


# Text alignment bits (TA_*).
TA_UPDATECP = 0x0001
TA_RIGHT = 0x0002
TA_CENTER = 0x0006
TA_HMASK = 0x0006
TA_BOTTOM = 0x0008
TA_BASELINE = 0x0018
TA_VMASK = 0x0018

# ExtTextOut options.
ETO_OPAQUE = 0x0002
ETO_CLIPPED = 0x0004
ETO_GLYPH_INDEX = 0x0010
ETO_PDY = 0x2000

# Raster operations we tell apart.
ROP_SRCCOPY = 0x00CC0020
ROP_SRCAND = 0x008800C6
ROP_SRCPAINT = 0x00EE0086
ROP_SRCINVERT = 0x00660046
ROP_PATCOPY = 0x00F00021
ROP_BLACKNESS = 0x00000042
ROP_WHITENESS = 0x00FF0062
ROP_DSTCOPY = 0x00AA0029


def colorref(value: int) -> QColor:
    """A COLORREF (0x00BBGGRR; palette flags in the high byte ignored)."""
    return QColor(value & 0xFF, (value >> 8) & 0xFF, (value >> 16) & 0xFF)


@dataclass(frozen=True)
class Pen:
    style: int = PenStyle.SOLID
    width: float = 0.0  # logical units; 0 = one device pixel
    color: QColor = field(default_factory=lambda: QColor(0, 0, 0))
    cosmetic: bool = True
    cap: int = 0  # PS_ENDCAP_* bits (0x0F00)
    join: int = 0  # PS_JOIN_* bits (0xF000)
    dashes: tuple[float, ...] = ()

    @property
    def visible(self) -> bool:
        return (self.style & 0x0F) != PenStyle.NULL


@dataclass(frozen=True)
class Brush:
    style: int = BrushStyle.SOLID
    color: QColor = field(default_factory=lambda: QColor(255, 255, 255))
    hatch: int = 0
    image: QImage | None = None
    mono: bool = False  # a monochrome pattern: its dark (0) pixels take the text colour, light (1) the background

    @property
    def visible(self) -> bool:
        return self.style != BrushStyle.NULL


@dataclass(frozen=True)
class Font:
    height: float = 0.0  # LOGFONT lfHeight: < 0 em height, > 0 cell height, 0 default
    width: float = 0.0  # lfWidth: average character width (condensed/expanded text), 0 = the font's own
    escapement: float = 0.0  # tenths of a degree, counter-clockwise
    weight: int = 400
    italic: bool = False
    underline: bool = False
    strikeout: bool = False
    charset: int = 0
    face: str = ""


@dataclass(frozen=True)
class Palette:
    colors: tuple[QColor, ...] = ()


@dataclass(frozen=True)
class Region:
    rects: tuple[tuple[float, float, float, float], ...] = ()  # device-space x0, y0, x1, y1


GdiObject = Pen | Brush | Font | Palette | Region

NULL_PEN = Pen(style=PenStyle.NULL)
NULL_BRUSH = Brush(style=BrushStyle.NULL)
BLACK_PEN = Pen()
WHITE_BRUSH = Brush()


def stock_object(index: int) -> GdiObject | None:
    """Windows stock objects by their index (without the 0x80000000 flag)."""
    grays = {0: 255, 1: 192, 2: 128, 3: 64, 4: 0}
    if index in grays:
        g = grays[index]
        return Brush(color=QColor(g, g, g))
    if index == 5:
        return NULL_BRUSH
    if index == 6:
        return Pen(color=QColor(255, 255, 255))
    if index == 7:
        return BLACK_PEN
    if index == 8:
        return NULL_PEN
    if index in (10, 11, 16):
        return Font(height=-12, face="Courier New")
    if index in (12, 13, 14, 17):
        return Font(height=-12, face="Arial")
    if index == 18:
        return WHITE_BRUSH
    if index == 19:
        return BLACK_PEN
    return None


# Code pages for LOGFONT charsets (8-bit strings in WMF text and EMR_EXTTEXTOUTA).
CHARSET_CODEC = {
    0: "cp1252",
    77: "mac_roman",
    128: "cp932",
    129: "cp949",
    130: "johab",
    134: "gbk",
    136: "cp950",
    161: "cp1253",
    162: "cp1254",
    163: "cp1258",
    177: "cp1255",
    178: "cp1256",
    186: "cp1257",
    204: "cp1251",
    222: "cp874",
    238: "cp1250",
    255: "cp437",
}
SYMBOL_CHARSET = 2
DEFAULT_CHARSET = 1

# DEFAULT_CHARSET means "the system's code page": guess it from the typeface a file asks for.
_FACE_CODECS = (
    (("yahei", "simsun", "simhei", "nsimsun", "dengxian", "kaiti", "fangsong", "宋体", "黑体", "楷体"), "gbk"),
    (("mincho", "gothic", "meiryo", "ｍｓ", "明朝", "ゴシック"), "cp932"),
    (("malgun", "gulim", "batang", "dotum", "gungsuh", "굴림", "바탕", "돋움"), "cp949"),
    (("mingliu", "jhenghei", "細明體", "新細明體"), "cp950"),
)


def charset_codec(charset: int, face: str = "") -> str:
    if charset == DEFAULT_CHARSET:
        name = face.lower()
        for keys, codec in _FACE_CODECS:
            if any(k in name for k in keys):
                return codec
    return CHARSET_CODEC.get(charset, "cp1252")


def decode_ansi(data: bytes, charset: int, face: str = "") -> str:
    if charset == SYMBOL_CHARSET:
        return data.decode("latin-1")  # symbol fonts: code points kept, mapped at draw time
    return data.decode(charset_codec(charset, face), errors="replace")
