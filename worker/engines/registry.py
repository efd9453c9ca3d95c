"""Engines by name: ``auto`` picks one per deck."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from worker.engines.base import CancelledFn, ConvertOptions, ConvertResult, Engine, ProgressFn, warm_up
from worker.errors import EngineUnavailableError, LegacyPptError

log = logging.getLogger(__name__)

ENGINE_NAMES = ("auto", "builtin", "libreoffice")


class AutoEngine:
    """The built-in engine, unless it cannot read the deck and LibreOffice can (a legacy binary
    .ppt). ConvertResult.engine names the engine that ran, and the job records it."""

    name = "auto"

    def __init__(self, builtin: Engine, libreoffice: Callable[[], Engine]) -> None:
        self.builtin = builtin
        self._make_libreoffice = libreoffice
        self._libreoffice: Engine | None = None

    def available(self) -> str | None:
        return self.builtin.available()

    def warm_up(self) -> None:
        warm_up(self.builtin)  # LibreOffice is found on first need

    @property
    def libreoffice(self) -> Engine:
        # Made on first need: finding soffice walks PATH and the install folders.
        if self._libreoffice is None:
            self._libreoffice = self._make_libreoffice()
        return self._libreoffice

    def convert(
        self,
        source: Path,
        target: Path,
        options: ConvertOptions,
        progress: ProgressFn,
        cancelled: CancelledFn,
    ) -> ConvertResult:
        try:
            return self.builtin.convert(source, target, options, progress, cancelled)
        except LegacyPptError as exc:
            reason = self.libreoffice.available()
            if reason is not None:
                log.info("legacy .ppt and no LibreOffice: %s", reason)
                raise
            log.info("%s: %s; converting with LibreOffice", source, exc)
            return self.libreoffice.convert(source, target, options, progress, cancelled)


def _builtin() -> Engine:
    from worker.engines.builtin import BuiltinEngine

    return BuiltinEngine()


def _libreoffice() -> Engine:
    from worker.engines.libreoffice import LibreOfficeEngine

    return LibreOfficeEngine()


def engine_reasons() -> dict[str, str | None]:
    """Each engine's name → None when usable here, else the one-line reason why not."""
    return {"auto": None, "builtin": _builtin().available(), "libreoffice": _libreoffice().available()}


def get_engine(name: str) -> Engine:
    """The engine called ``name``; raises EngineUnavailableError with the reason when unusable."""
    if name == "auto":
        return AutoEngine(_builtin(), _libreoffice)
    if name == "builtin":
        return _builtin()
    if name == "libreoffice":
        engine = _libreoffice()
        reason = engine.available()
        if reason is not None:
            raise EngineUnavailableError(reason)
        return engine
    raise EngineUnavailableError(f"Unknown engine '{name}'")
