"""Where a deck's PDF goes, and writing it there atomically.

Next to the source by default, or under ``--out DIR`` mirroring the dropped folder's structure.
A file the app did not produce is never overwritten: the next free "name (2).pdf" is used.
"""

from __future__ import annotations

import errno
import logging
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

log = logging.getLogger(__name__)

TEMP_MARK = ".slidepress-tmp-"
# An empty file made to ask a folder whether it takes a new file, removed at once; a process
# killed in between leaves it behind, and the next pool's clean-up removes it with the temp files.
PROBE_MARK = ".slidepress-probe-"


# What a notes or handout PDF adds to the deck's name, so one deck's slides, notes and handouts
# live side by side instead of pushing each other to "name (2).pdf".
_LAYOUT_SUFFIXES = {"notes": " (notes)"}


def layout_suffix(layout: str) -> str:
    if layout in _LAYOUT_SUFFIXES:
        return _LAYOUT_SUFFIXES[layout]
    prefix, _, count = layout.partition("-")
    return f" (handout {count})" if prefix == "handout" and count.isdigit() else ""


def desired_output(source: Path, root: Path | None, out_dir: Path | None, layout: str = "slides") -> Path:
    """The PDF name a deck should get before any collision is resolved."""
    name = fit_name(source.stem, f"{layout_suffix(layout)}.pdf")
    if out_dir is None:
        return source.parent / name
    if root is not None:
        try:
            relative = source.parent.relative_to(root)
        except ValueError:
            relative = Path()
        # The dropped folder's own name is kept: dropping "talks/" gives OUT/talks/...
        return out_dir / root.name / relative / name
    return out_dir / name


def numbered(path: Path, n: int) -> Path:
    return path if n <= 1 else path.with_name(fit_name(path.stem, f" ({n}){path.suffix}"))


MAX_NAME_BYTES = 255  # a file name's limit on every file system the app runs on


def fit_name(stem: str, tail: str) -> str:
    """``stem + tail`` within a file name's bytes: a deck whose name is near the limit gets a PDF
    whose " (notes)" or " (2)" would not fit, so its stem is shortened (whole characters)."""
    budget = MAX_NAME_BYTES - len(os.fsencode(tail))
    while stem and len(os.fsencode(stem)) > budget:
        stem = stem[:-1]
    return stem + tail


def choose_output(desired: Path, taken: Callable[[Path], bool], ours: Callable[[Path], bool]) -> Path:
    """``desired`` or the first "name (n).pdf" that is neither another job's target (``taken``)
    nor a file we did not produce (``ours(path)``: an existing file is one of our PDFs)."""
    n = 1
    while True:
        candidate = numbered(desired, n)
        if not taken(candidate) and (not candidate.exists() or ours(candidate)):
            return candidate
        n += 1


# File names hold at most 255 bytes; engines add their own suffixes (".partial", ".qt") to the temp name.
MAX_TEMP_NAME_BYTES = 200


def temp_path(output: Path, job_id: int) -> Path:
    """The engine writes here, in the target folder, so the final rename is atomic. A long stem is
    shortened (whole characters) so the temp name and what engines derive from it stay valid."""
    tail = f"{TEMP_MARK}{job_id}.pdf"
    stem = output.stem
    budget = MAX_TEMP_NAME_BYTES - 1 - len(os.fsencode(tail))
    while len(os.fsencode(stem)) > budget:
        stem = stem[:-1]
    return output.with_name(f".{stem}{tail}")


def remove_temp(temp: Path) -> None:
    """Remove a temp output and whatever an engine derived from its name (``.name.partial``)."""
    remove_quietly(temp)
    try:
        derived = list(temp.parent.glob(f".{glob_escape(temp.name)}*"))
    except OSError:
        return
    for path in derived:
        remove_quietly(path)


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def is_temp(path: Path) -> bool:
    """A file of ours to remove after a crash: a temp output or a folder probe."""
    return path.name.startswith(".") and (TEMP_MARK in path.name or path.name.startswith(PROBE_MARK))


def publish(temp: Path, output: Path) -> None:
    """Move the finished temp file into place (atomic on one filesystem, replacing our old PDF)."""
    os.replace(temp, output)


# Where hard links are not to be had (FAT and exFAT drives, some network shares).
_NO_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS}


def publish_new(temp: Path, output: Path) -> None:
    """Move the finished temp file to ``output`` only if nothing is there: another queue or program
    may have made that file since we looked, and a file the app did not produce is never replaced.
    Raises FileExistsError then."""
    if os.name == "nt":
        os.rename(temp, output)  # Windows' rename never replaces a file
        return
    try:
        os.link(temp, output)  # fails if output exists, atomically, unlike exists() then rename
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        if output.exists() or output.is_symlink():
            raise FileExistsError(errno.EEXIST, "File exists", str(output)) from exc
        os.replace(temp, output)
        return
    remove_quietly(temp)


def remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("cannot remove %s: %s", path, exc)


def clean_temp_files(folders: Iterable[Path]) -> int:
    """Remove our leftover temp files (from a crash or a kill) in ``folders``."""
    removed = 0
    for folder in set(folders):
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            if is_temp(entry):
                remove_quietly(entry)
                removed += 1
    return removed


def folder_problem(folder: Path) -> OSError | None:
    """Why no new file can be made in ``folder`` now (gone, not a folder, read-only), or None.
    An empty probe file: cheaper than finding out after a whole deck was painted."""
    probe = folder / f"{PROBE_MARK}{os.getpid()}-{threading.get_ident()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return None
    except OSError as exc:
        return exc
    os.close(fd)
    remove_quietly(probe)
    return None


# What went wrong, in the few words a failed row's bar holds ("Headline: detail", worker.errors.headline).
DISK_FULL = "Output disk full"
FOLDER_MISSING = "Output folder missing"
_HEADLINES = {
    errno.EROFS: "Output folder read-only",
    errno.EACCES: "No permission to write",
    errno.EPERM: "No permission to write",
    errno.ENOSPC: DISK_FULL,
    errno.EDQUOT: DISK_FULL,
    errno.ENOENT: FOLDER_MISSING,
}
IN_THE_WAY = "A file is in the way"


def output_headline(exc: OSError) -> str:
    return _HEADLINES.get(exc.errno or 0, "Cannot write the PDF")


def cannot_write_in(folder: Path, exc: OSError) -> str:
    """The one line for an output folder that takes no PDF."""
    reason = exc.strerror or str(exc)
    return f"{output_headline(exc)}: cannot write the PDF in {folder} ({reason}); check that folder or choose another"


# Windows's sharing and lock violations: a viewer or a scanner holds the old PDF open.
_LOCKED_WINERRORS = frozenset({32, 33})
IN_USE = "PDF open in another program"
IN_USE_OR_READ_ONLY = "PDF in use or read-only"


def replace_headline(exc: OSError) -> str:
    """The few words for a PDF that could not take the place of the one already there."""
    if getattr(exc, "winerror", None) in _LOCKED_WINERRORS:
        return IN_USE
    if exc.errno in (errno.EACCES, errno.EPERM):
        # Windows says "access denied" both for a PDF open in a viewer and for a read-only one.
        return IN_USE_OR_READ_ONLY
    return _HEADLINES.get(exc.errno or 0, "Cannot replace the PDF")


def cannot_publish(target: Path, exc: OSError, replacing: bool) -> str:
    """The one line for a finished PDF that could not be moved to ``target``: the cause first (a
    failed row's bar holds only that), then the file and what to do."""
    reason = exc.strerror or str(exc)
    if replacing:
        return (
            f"{replace_headline(exc)}: cannot replace {target} ({reason});"
            " close it in the program that has it open or make it writable, then retry"
        )
    return f"{output_headline(exc)}: cannot write {target} ({reason}); check that folder"


def cannot_create(folder: Path, exc: OSError) -> str:
    """The one line for an output folder that cannot be made, naming a file in its way."""
    for parent in (folder, *folder.parents):
        if parent.exists() or parent.is_symlink():
            if parent == folder and not parent.is_dir():
                return (
                    f"{IN_THE_WAY}: cannot create the output folder {folder}, a file has its name;"
                    " move it or choose another"
                )
            if not parent.is_dir():
                return (
                    f"{IN_THE_WAY}: cannot create the output folder {folder}, {parent} is a file, not a folder;"
                    " move it away or choose another folder"
                )
            break
    reason = exc.strerror or str(exc)
    return (
        f"{output_headline(exc)}: cannot create the output folder {folder} ({reason});"
        " check where it goes or choose another"
    )
