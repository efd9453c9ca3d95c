"""Expanding dropped paths into decks: folders recursively, skipping what is not a deck."""

from __future__ import annotations

import logging
import os
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

# Legacy .ppt/.pps are included: they fail with a reason a person understands.
PRESENTATION_SUFFIXES = frozenset({".pptx", ".pptm", ".ppsx", ".ppsm", ".potx", ".potm", ".ppt", ".pps", ".pot"})


@dataclass(frozen=True)
class FoundDeck:
    source: Path
    root: Path | None  # the dropped folder it was found in; None for a dropped file


@dataclass
class Discovery:
    decks: list[FoundDeck] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    missing: list[Path] = field(default_factory=list)


def is_lock_file(path: Path) -> bool:
    """Office's owner files (``~$deck.pptx``) exist while a deck is open; they are not decks."""
    return path.name.startswith("~$")


def is_regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def expand(paths: list[Path]) -> Discovery:
    """Dropped files are taken as they are (a non-deck then fails with a clear reason); folders
    are searched recursively for presentations, skipping lock, hidden and other files."""
    found = Discovery()
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            found.missing.append(path)
            continue
        if path.is_dir():
            root = path.resolve()
            _walk(root, root, found, seen, visited_dirs=set())
        else:
            resolved = path.resolve()
            if not is_regular_file(resolved):
                # A pipe or a device would block whoever reads it (hashing, converting) forever.
                found.skipped["not a regular file"] += 1
            elif is_lock_file(resolved):
                found.skipped["lock file"] += 1
            elif resolved not in seen:
                seen.add(resolved)
                found.decks.append(FoundDeck(resolved, None))
    return found


def _walk(
    root: Path,
    folder: Path,
    found: Discovery,
    seen: set[Path],
    visited_dirs: set[tuple[int, int]],
) -> None:
    try:
        st = folder.stat()
    except OSError:
        found.skipped["unreadable folder"] += 1
        return
    ident = (st.st_dev, st.st_ino)
    if ident in visited_dirs:  # a symlink loop, or the same folder linked twice
        found.skipped["folder link loop"] += 1
        return
    visited_dirs.add(ident)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name.casefold())
    except OSError as exc:
        log.warning("cannot list %s: %s", folder, exc)
        found.skipped["unreadable folder"] += 1
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            found.skipped["hidden"] += 1
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            found.skipped["unreadable"] += 1
            continue
        if is_dir:
            _walk(root, path, found, seen, visited_dirs)
            continue
        if is_lock_file(path):
            found.skipped["lock file"] += 1
        elif path.suffix.lower() not in PRESENTATION_SUFFIXES:
            found.skipped["not a presentation"] += 1
        elif not is_regular_file(path):
            found.skipped["not a regular file"] += 1
        else:
            # Keep the path as found under the dropped root so --out can mirror the structure.
            if path.resolve() in seen:
                continue
            seen.add(path.resolve())
            found.decks.append(FoundDeck(path, root))
