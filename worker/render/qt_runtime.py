"""A QGuiApplication for processes that paint without a window (converter children, the CLI)."""

from __future__ import annotations

import os

from PySide6.QtCore import QLoggingCategory
from PySide6.QtGui import QGuiApplication

# While it looks for a font that shapes a script (Thai, Tamil, Georgian...), Qt notes at info level
# every fallback family that lacks it: dozens of lines per deck on the terminal, none of them a
# problem or anything a user can act on. Warnings stay on.
QUIET_QT_RULES = "qt.text.font.db.info=false"

_app: QGuiApplication | None = None


def quiet_qt_notes() -> None:
    """Silence Qt's informational font-fallback notes (QT_LOGGING_RULES still overrides this)."""
    QLoggingCategory.setFilterRules(QUIET_QT_RULES)


def ensure_gui_app() -> None:
    """Fonts and painting need a Gui application; headless processes get the offscreen platform."""
    global _app
    if QGuiApplication.instance() is not None:
        return
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    quiet_qt_notes()
    _app = QGuiApplication(["slidepress"])
