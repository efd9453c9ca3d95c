"""Engines by name: ``auto`` picks the best one available here."""

from __future__ import annotations

from worker.engines.base import Engine
from worker.errors import EngineUnavailableError

ENGINE_NAMES = ("auto", "builtin", "libreoffice")


def get_engine(name: str) -> Engine:
    """The engine called ``name``; raises EngineUnavailableError with the reason when unusable."""
    if name in ("auto", "builtin"):
        from worker.engines.builtin import BuiltinEngine

        return BuiltinEngine()
    if name == "libreoffice":
        raise EngineUnavailableError("The LibreOffice engine is not available in this version")
    raise EngineUnavailableError(f"Unknown engine '{name}'")
