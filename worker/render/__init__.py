"""The built-in renderer: paints slides with QPainter into PDFs and images."""

from __future__ import annotations

import sys
from types import ModuleType

import shiboken6  # noqa: F401  (loads shibokensupport, whose import hook is patched below)


def _mentions_pyside(module: ModuleType) -> bool | None:
    """Whether a module's source file names PySide6; None when it has no source file to read."""
    file = getattr(module, "__file__", None)
    if not isinstance(file, str) or not file.endswith(".py"):
        return None
    try:
        with open(file, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return None


def _faster_feature_check() -> None:
    """PySide6 asks of every module imported after it whether its source names "PySide6" (for
    ``from __feature__ import ...``), through inspect.getsource: tokenize and linecache for each of
    the ~230 modules a `slidepress convert` process imports after Qt, some 60 ms of its ~450 ms CPU
    on a one-slide deck. The same question is answered here by reading the file's bytes; modules
    without a source file still go to PySide6's own check."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or getattr(original, "_slidepress", False):
        return

    def uses_pyside(module: ModuleType) -> bool:
        found = _mentions_pyside(module)
        return bool(original(module)) if found is None else found

    uses_pyside._slidepress = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]


_faster_feature_check()
