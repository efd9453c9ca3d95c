"""Expanding dropped paths into decks: folders recursively, skipping what is not a deck.

The rule, for the window and the command line alike:
- a folder contributes its PowerPoint files, by extension, as a file manager's filter would
  (reading every file to guess would be slow on a large share). Its PDFs (Slidepress's own output
  beside the decks, or anyone's), pictures, lock and hidden files are counted and not mentioned;
  presentations in formats Slidepress cannot read (Keynote, OpenDocument) are, as a user may have
  expected them converted;
- a named file is taken as it is: it converts, or fails with the reader's one-line reason
  ("… is a PDF"); the command line names files on purpose;
- except among several files dropped on the window (``skip_strays``: a file manager's
  multi-selection), where one with another extension is a stray: it is skipped and named. One
  without an extension is taken: it may well be a deck.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

_DIGITS = re.compile(r"(\d+)")


@functools.lru_cache(maxsize=8192)
def natural_key(name: str) -> tuple[str | int, ...]:
    """Names compared as a file manager does: "talk 2" before "talk 10", case aside. Text and
    numbers alternate (the split starts with text, maybe empty), so like is compared with like."""
    return tuple(int(part) if i % 2 else part for i, part in enumerate(_DIGITS.split(name.casefold())))


# Legacy .ppt/.pps are included: they fail with a reason a person understands.
PRESENTATION_SUFFIXES = frozenset({".pptx", ".pptm", ".ppsx", ".ppsm", ".potx", ".potm", ".ppt", ".pps", ".pot"})
# Presentations of other programs, by the skip reason that names them.
UNREADABLE_KINDS = {
    ".key": "Keynote presentation",
    ".odp": "OpenDocument presentation",
    ".otp": "OpenDocument presentation",
    ".fodp": "OpenDocument presentation",
    ".sxi": "OpenOffice presentation",
}
# Skip reasons counted and not mentioned: files nobody expects converted.
UNMENTIONED = frozenset({"other file", "hidden", "lock file"})


@dataclass(frozen=True)
class FoundDeck:
    source: Path
    root: Path | None  # the dropped folder it was found in; None for a dropped file


@dataclass
class Discovery:
    decks: list[FoundDeck] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> count
    missing: list[Path] = field(default_factory=list)
    not_presentations: list[Path] = field(default_factory=list)  # strays among several named files


def is_lock_file(path: Path) -> bool:
    """Office's owner files (``~$deck.pptx``) exist while a deck is open; they are not decks."""
    return path.name.startswith("~$")


def is_regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def expand(paths: list[Path], skip_strays: bool = False) -> Discovery:
    """Dropped files are taken as they are (a non-deck then fails with a clear reason); folders
    are searched recursively for presentations, skipping lock, hidden and other files."""
    found = Discovery()
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            found.missing.append(path)
            continue
        if path.is_dir() and path.suffix.lower() in UNREADABLE_KINDS:
            found.skipped[UNREADABLE_KINDS[path.suffix.lower()]] += 1  # a Keynote package
        elif path.is_dir():
            root = path.resolve()
            _walk(root, root, found, seen, visited_dirs=set())
        else:
            resolved = path.resolve()
            if not is_regular_file(resolved):
                # A pipe or a device would block whoever reads it (hashing, converting) forever.
                found.skipped["not a regular file"] += 1
            elif is_lock_file(resolved):
                found.skipped["lock file"] += 1
            elif skip_strays and len(paths) > 1 and path.suffix.lower() in UNREADABLE_KINDS:
                found.skipped[UNREADABLE_KINDS[path.suffix.lower()]] += 1  # named as a folder's would be
            elif skip_strays and len(paths) > 1 and path.suffix and path.suffix.lower() not in PRESENTATION_SUFFIXES:
                found.not_presentations.append(resolved)
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
        # In the file manager's order, so a folder's decks queue as its window lists them
        # ("deck-2" before "deck-10"), as the window's Name column sorts them.
        entries = sorted(os.scandir(folder), key=lambda e: (natural_key(e.name), e.name))
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
        suffix = path.suffix.lower()
        if suffix in UNREADABLE_KINDS:  # a file, or a folder that is a Keynote package
            found.skipped[UNREADABLE_KINDS[suffix]] += 1
            continue
        if is_dir:
            _walk(root, path, found, seen, visited_dirs)
            continue
        if is_lock_file(path):
            found.skipped["lock file"] += 1
        elif suffix not in PRESENTATION_SUFFIXES:
            found.skipped["other file"] += 1
        elif not is_regular_file(path):
            found.skipped["not a regular file"] += 1
        else:
            # Keep the path as found under the dropped root so --out can mirror the structure.
            if path.resolve() in seen:
                continue
            seen.add(path.resolve())
            found.decks.append(FoundDeck(path, root))


def skipped_summary(skipped: dict[str, int], not_presentations: list[Path]) -> str:
    """What a person is told about the files a submit left out ("" when nothing is worth it):
    presentations Slidepress cannot read by kind, strays by name, and trouble (an unreadable
    folder, a link loop); PDFs, pictures, lock and hidden files go unmentioned."""
    parts = []
    if len(not_presentations) == 1:
        parts.append(f"{not_presentations[0].name} (not a presentation)")
    elif not_presentations:
        parts.append(f"{len(not_presentations)} files that are not presentations")
    kinds = {reason: n for reason, n in skipped.items() if reason in UNREADABLE_KINDS.values()}
    if kinds:
        total = sum(kinds.values())
        names = ", ".join(sorted({reason.removesuffix(" presentation") for reason in kinds}))
        parts.append(f"{total} presentation{'s' if total != 1 else ''} Slidepress cannot read ({names})")
    for reason, n in sorted(skipped.items()):
        if reason not in UNMENTIONED and reason not in kinds and n:
            parts.append(f"{n} {reason}")
    return "skipped " + ", ".join(parts) if parts else ""
