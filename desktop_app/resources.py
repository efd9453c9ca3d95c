"""Icons and the style sheet from resources/: SVGs tinted with the palette's text colour.

The SVGs draw with ``currentColor``; each icon is rendered at several sizes (times the screen's
device pixel ratio) for the normal and disabled modes, so it stays sharp on high-DPI screens and
readable in light and dark themes.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

log = logging.getLogger(__name__)

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
ICON_SIZES = (16, 20, 24, 32, 48)


@cache
def _svg_text(name: str) -> str:
    path = RESOURCES / "icons" / f"{name}.svg"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        log.warning("missing icon %s", path)
        return ""


def render_svg(svg: str, size: int, ratio: float, color: QColor | None) -> QPixmap:
    text = svg if color is None else svg.replace("currentColor", color.name())
    renderer = QSvgRenderer(QByteArray(text.encode("utf-8")))
    side = max(1, round(size * ratio))
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, side, side))
    painter.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def icon(name: str, palette: QPalette | None = None) -> QIcon:
    svg = _svg_text(name)
    result = QIcon()
    if not svg:
        return result
    pal = palette if palette is not None else QGuiApplication.palette()
    normal = pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
    disabled = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    if normal == disabled:
        disabled = QColor(normal)
        disabled.setAlphaF(0.35)
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen is not None else 1.0
    for size in ICON_SIZES:
        result.addPixmap(render_svg(svg, size, ratio, normal), QIcon.Mode.Normal)
        result.addPixmap(render_svg(svg, size, ratio, disabled), QIcon.Mode.Disabled)
    return result


def deck_placeholder() -> QPixmap:
    """A deck's thumbnail until its first slide is drawn (and when it cannot be): the presentation
    icon in the palette's text colour."""
    return icon("deck").pixmap(36, 36)


def app_icon() -> QIcon:
    svg = _svg_text("slidepress")
    result = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        result.addPixmap(render_svg(svg, size, 1.0, None))
    return result


def icon_size(pixels: int) -> QSize:
    return QSize(pixels, pixels)


def style_sheet() -> str:
    try:
        return (RESOURCES / "styles" / "app.qss").read_text(encoding="utf-8")
    except OSError:
        return ""
