"""``slidepress convert SRC DST``: one deck, now, in this process, without the queue."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path
from typing import TextIO

from worker.engines.base import ConvertOptions, PageLayout, never_cancelled
from worker.engines.registry import get_engine
from worker.errors import ConversionError, UnreadableFileError

log = logging.getLogger(__name__)


class ProgressLine:
    """'slides 3/12' rewritten in place on a terminal; silent when stderr is a file or a pipe."""

    def __init__(self, stream: TextIO, label: str) -> None:
        self._stream = stream
        self._label = label
        self._enabled = stream.isatty()
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self._enabled:
            return
        self._stream.write(f"\r{self._label}: slide {done}/{total}")
        self._stream.flush()
        self._shown = True

    def finish(self) -> None:
        if self._shown:
            self._stream.write("\n")
            self._stream.flush()


def target_path(source: Path, target: str | Path) -> Path:
    """DST itself, or DST/<stem>.pdf when DST is an existing folder or is written as one (ends in
    a separator: 'out/' that does not exist yet is a missing folder, not a file named 'out')."""
    as_folder = isinstance(target, str) and target.endswith(tuple(sep for sep in (os.sep, os.altsep) if sep))
    target = Path(target)
    return target / f"{source.stem}.pdf" if as_folder or target.is_dir() else target


def run_convert(args: argparse.Namespace) -> int:
    source = Path(args.source)
    target = target_path(source, str(args.target))
    progress = ProgressLine(sys.stderr, source.name)
    started = time.perf_counter()
    try:
        if not source.is_file():
            what = (
                "is a folder" if source.is_dir() else "is not a regular file" if source.exists() else "does not exist"
            )
            raise UnreadableFileError(f"Source {what}: {source}")
        engine = get_engine(args.engine)
        result = engine.convert(
            source,
            target,
            ConvertOptions(
                include_hidden=bool(args.include_hidden),
                layout=PageLayout(getattr(args, "layout", PageLayout.SLIDES.value)),
                pdf_a=bool(getattr(args, "pdf_a", False)),
                lossless_pictures=bool(getattr(args, "lossless_pictures", False)),
            ),
            progress,
            never_cancelled,
        )
    except ConversionError as exc:
        progress.finish()
        log.info("convert %s failed: %s (%s)", source, exc, exc.kind.value)
        print(f"slidepress: {exc}", file=sys.stderr)
        return 1
    progress.finish()
    elapsed = time.perf_counter() - started
    log.info("converted %s -> %s: %d slides in %.2f s", source, target, result.slides, elapsed)
    for warning in result.warnings:
        print(f"slidepress: warning: {warning}", file=sys.stderr)
    if sys.stderr.isatty():
        print(f"{target} ({result.slides} slides, {elapsed:.1f} s)", file=sys.stderr)
    return 0
