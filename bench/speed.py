"""Slides per second: the built-in engine against LibreOffice, side by side on the same decks.

Three ways, each over every deck of ../shared/corpus/decks:
  builtin warm   one process converting deck after deck (as a pool worker's warm child does;
                 one untimed deck, then the child's own warm-up, first load Qt, the fonts and every
                 renderer module, as the child does before it claims a job)
  libreoffice    one `soffice --headless --convert-to pdf` process per deck, as users run it, with
                 its own profile (created by one untimed conversion first, so profile creation
                 is not counted)
  builtin cli    one `slidepress convert DECK OUT/` process per deck (start-up included)
The first two are timed deck by deck in turn (each deck by the built-in engine, then by
LibreOffice), so both see the machine at the same speed.
Slides are the pages of the PDFs produced. The target is >= 10x LibreOffice.

    python -m bench.speed [--limit N] [--skip-libreoffice] [--verbose]
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.corpus_run import CORPUS, REPO, DeckRun, convert_in_process, list_decks, machine, pdf_pages, quiet_logging
from worker.engines.base import warm_up
from worker.engines.registry import get_engine
from worker.pool.collector import settle_after_warm_up
from worker.render.embedded_fonts import forget_decoded_fonts

LO_TIMEOUT = 300


@dataclass
class Mode:
    name: str
    runs: list[DeckRun]
    seconds: float

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.runs)

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        failed = sum(1 for r in self.runs if r.error)
        return (
            f"{self.name:<16} {self.pages:5d} slides in {self.seconds:7.1f} s = {self.rate:6.1f} slides/s"
            f"  ({len(self.runs)} decks, {failed} without PDF)"
        )


def compile_bytecode() -> None:
    """Compile the project as an installed app is (pip and the bundle ship bytecode): where the
    environment sets PYTHONDONTWRITEBYTECODE, every `slidepress convert` child would otherwise
    compile the renderer from source again, about a second of each call on this machine."""
    for package in ("worker", "desktop_app"):
        compileall.compile_dir(str(REPO / package), quiet=1)


def run_cli(decks: list[Path], out: Path) -> Mode:
    out.mkdir(parents=True, exist_ok=True)
    compile_bytecode()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    runs: list[DeckRun] = []
    started = time.perf_counter()
    for deck in decks:
        t0 = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "worker", "convert", str(deck), str(out)],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            check=False,
        )
        pdf = out / f"{deck.stem}.pdf"
        error = "" if done.returncode == 0 else (done.stderr.strip().splitlines() or ["?"])[-1]
        runs.append(DeckRun(deck, time.perf_counter() - t0, pages=pdf_pages(pdf) if not error else 0, error=error))
    return Mode("builtin cli", runs, time.perf_counter() - started)


def soffice_convert(soffice: str, profile: Path, deck: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(deck),
        ],
        capture_output=True,
        text=True,
        timeout=LO_TIMEOUT,
        check=False,
    )


class LibreOfficeRunner:
    """One soffice call per deck with one profile, created by an untimed conversion first."""

    def __init__(self, soffice: str, first_deck: Path, out: Path) -> None:
        self.soffice, self.out = soffice, out
        out.mkdir(parents=True, exist_ok=True)
        self.profile = Path(tempfile.mkdtemp(prefix="slidepress_lo_profile_"))
        with tempfile.TemporaryDirectory(prefix="slidepress_lo_warm_") as warm_folder:
            soffice_convert(soffice, self.profile, first_deck, Path(warm_folder))

    def convert(self, deck: Path) -> DeckRun:
        pdf = self.out / f"{deck.stem}.pdf"
        pdf.unlink(missing_ok=True)
        t0 = time.perf_counter()
        try:
            soffice_convert(self.soffice, self.profile, deck, self.out)
            error = "" if pdf.exists() else "no PDF"  # soffice exits 0 even when it wrote nothing
        except subprocess.TimeoutExpired:
            error = f"timed out after {LO_TIMEOUT} s"
        return DeckRun(deck, time.perf_counter() - t0, pages=pdf_pages(pdf), error=error)

    def close(self) -> None:
        shutil.rmtree(self.profile, ignore_errors=True)


def run_paired(decks: list[Path], out: Path, lo: LibreOfficeRunner | None) -> tuple[Mode, Mode | None]:
    """Each deck by the warm built-in engine, then by LibreOffice, deck after deck: this VM's speed
    drifts by 15 % from one minute to the next, so timing one engine's whole pass and then the
    other's compared two different machines. Each mode's time is the sum of its decks' times."""
    warm: list[DeckRun] = []
    office: list[DeckRun] = []
    for deck in decks:
        warm += convert_in_process("builtin", [deck], out / "warm")
        if lo is not None:
            office.append(lo.convert(deck))
    warm_mode = Mode("builtin warm", warm, sum(r.seconds for r in warm))
    return warm_mode, Mode("libreoffice", office, sum(r.seconds for r in office)) if lo is not None else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--decks", type=Path, default=CORPUS / "decks")
    parser.add_argument("--limit", type=int, help="only the first N decks")
    parser.add_argument("--skip-libreoffice", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    quiet_logging(args.verbose)

    decks = list_decks(args.decks, args.limit)
    out = REPO / "bench" / "out" / "speed"
    print(machine())
    print(f"{len(decks)} decks from {args.decks}")

    # Like LibreOffice's untimed profile-creating run: a warm child has Qt, fonts and the renderer
    # loaded before its first job (worker/pool/child.py warms its engine), so one untimed deck
    # comes first, then the child's own warm-up.
    with tempfile.TemporaryDirectory(prefix="slidepress_warmup_") as warm_folder:
        convert_in_process("builtin", decks[:1], Path(warm_folder))
    warm_up(get_engine("builtin"))
    forget_decoded_fonts()  # the warm-up deck is timed again below; a child never saw it
    settle_after_warm_up()  # as the child does once warm (worker/pool/collector.py)
    soffice = shutil.which("soffice")
    lo = None
    if not args.skip_libreoffice and soffice is not None:
        lo = LibreOfficeRunner(soffice, decks[0], out / "libreoffice")
    try:
        warm, office = run_paired(decks, out, lo)
    finally:
        if lo is not None:
            lo.close()
    print(warm.line(), flush=True)
    if office is None:
        print("libreoffice      skipped" + ("" if soffice else " (soffice not found)"))
    else:
        print(office.line(), flush=True)
        print(f"ratio builtin warm / libreoffice: {warm.rate / office.rate:.1f}x" if office.rate else "ratio: n/a")
    cli = run_cli(decks, out / "cli")
    print(cli.line(), flush=True)
    if office is not None and office.rate:
        print(f"ratio builtin cli / libreoffice: {cli.rate / office.rate:.1f}x (LibreOffice timed in the paired pass)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
