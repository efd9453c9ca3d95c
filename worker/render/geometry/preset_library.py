"""The preset shapes (presets/part*.txt) and text warps (presets/text_warps.txt): each file read once
on first use, each preset compiled on first use."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from .compiled import CompiledGeometry, compile_geometry
from .model import GeometrySource
from .preset_format import parse_presets

log = logging.getLogger(__name__)

PRESET_DIR = Path(__file__).resolve().parent / "presets"


class PresetLibrary:
    """Preset definitions from the files of one folder matching ``pattern``; thread-safe, loaded lazily."""

    def __init__(self, directory: Path = PRESET_DIR, pattern: str = "part*.txt") -> None:
        self._directory = directory
        self._pattern = pattern
        self._lock = threading.Lock()
        self._sources: dict[str, GeometrySource] | None = None
        self._folded: dict[str, str] = {}
        self._compiled: dict[str, CompiledGeometry] = {}

    def _load(self) -> dict[str, GeometrySource]:
        sources: dict[str, GeometrySource] = {}
        files = sorted(self._directory.glob(self._pattern))
        if not files:
            log.warning("no preset shape files in %s", self._directory)
        for file in files:
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                log.warning("cannot read preset file %s: %s", file, exc)
                continue
            for name, source in parse_presets(text, file.name).items():
                if name in sources:
                    log.warning("preset %r defined in more than one file; %s wins", name, file.name)
                sources[name] = source
        log.debug("loaded %d preset shapes from %d files", len(sources), len(files))
        return sources

    def _ensure(self) -> dict[str, GeometrySource]:
        sources = self._sources
        if sources is None:
            with self._lock:
                if self._sources is None:
                    loaded = self._load()
                    self._folded = {name.lower(): name for name in loaded}
                    self._sources = loaded
                sources = self._sources
        return sources

    def names(self) -> list[str]:
        return sorted(self._ensure())

    def get(self, name: str) -> CompiledGeometry | None:
        """The compiled preset, or None if there is no such shape."""
        compiled = self._compiled.get(name)
        if compiled is not None:
            return compiled
        sources = self._ensure()
        key = name if name in sources else self._folded.get(name.lower())
        if key is None:
            return None
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = compile_geometry(sources[key])
            if compiled.problems:
                log.warning("preset %r: %s", key, "; ".join(compiled.problems))
        # Racing threads compile the same immutable result; either copy may be kept.
        self._compiled[name] = self._compiled[key] = compiled
        return compiled

    def problems(self) -> dict[str, tuple[str, ...]]:
        """Every preset's transcription problems (compiling all of them)."""
        found = {}
        for name in self.names():
            compiled = self.get(name)
            if compiled is not None and compiled.problems:
                found[name] = compiled.problems
        return found


default_library = PresetLibrary()
# The text warps (ST_TextShapeType) share the format and the guide machinery, not the names.
text_warp_library = PresetLibrary(pattern="text_warps.txt")
