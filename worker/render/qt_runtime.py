"""A QGuiApplication for processes that paint without a window (converter children, the CLI)."""

from __future__ import annotations

import os

from PySide6.QtGui import QGuiApplication

_app: QGuiApplication | None = None


def ensure_gui_app() -> None:
    """Fonts and painting need a Gui application; headless processes get the offscreen platform."""
    global _app
    if QGuiApplication.instance() is not None:
        return
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication(["slidepress"])
