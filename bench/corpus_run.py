"""What both benches share: the corpus, the machine, and converting decks with an engine."""

from __future__ import annotations

import logging
import os
import platform
import time
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.registry import get_engine
from worker.errors import ConversionError

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
DECKCHECK = SHARED / "tools" / "deckcheck.py"
DECK_SUFFIXES = {".pptx", ".pptm", ".ppsx", ".ppsm", ".potx", ".potm"}


@dataclass
class DeckRun:
    deck: Path
    seconds: float
    pages: int = 0
    error: str = ""


def list_decks(folder: Path, limit: int | None = None) -> list[Path]:
    decks = sorted(p for p in folder.iterdir() if p.suffix.lower() in DECK_SUFFIXES)
    return decks[:limit] if limit else decks


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"machine: {model}, {os.cpu_count()} logical cores, {system}, Python {platform.python_version()}"


def pdf_pages(path: Path) -> int:
    return len(PdfReader(path).pages) if path.exists() else 0


def convert_in_process(engine_name: str, decks: list[Path], out: Path) -> list[DeckRun]:
    """Convert each deck in this process (warm: Qt, fonts and python-pptx loaded once)."""
    engine = get_engine(engine_name)
    out.mkdir(parents=True, exist_ok=True)
    runs: list[DeckRun] = []
    for deck in decks:
        target = out / f"{deck.stem}.pdf"
        target.unlink(missing_ok=True)
        started = time.perf_counter()
        try:
            result = engine.convert(deck, target, ConvertOptions(), no_progress, never_cancelled)
            runs.append(DeckRun(deck, time.perf_counter() - started, pages=result.slides))
        except ConversionError as exc:
            runs.append(DeckRun(deck, time.perf_counter() - started, error=f"{exc.kind.value}: {exc}"))
        except Exception as exc:  # a renderer bug: report it with the deck and go on
            log.exception("%s crashed the engine", deck.name)
            runs.append(DeckRun(deck, time.perf_counter() - started, error=f"crash: {type(exc).__name__}: {exc}"))
    return runs


def quiet_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.CRITICAL, format="%(name)s: %(message)s")
