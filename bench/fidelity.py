"""How faithfully an engine renders the corpus, scored by ../shared/tools/deckcheck.py.

Converts every deck of ../shared/corpus/decks into bench/out/<engine>/, then scores the PDFs
against LibreOffice's references (reference_lo/) and PowerPoint's (reference_ppt/, only the decks
that have one), and scores LibreOffice's own PDFs against PowerPoint's in the same run: that is
the bar to clear.

    python -m bench.fidelity [--engine builtin] [--tsv] [--limit N] [--verbose]
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus_run import CORPUS, DECKCHECK, REPO, convert_in_process, list_decks, machine, quiet_logging

log = logging.getLogger(__name__)


def deckcheck(decks: Path, pdfs: Path, ref: Path | None, tsv: Path | None) -> str:
    """deckcheck's summary line for PDFs in ``pdfs`` (per-deck rows go to ``tsv`` when given)."""
    cmd = [sys.executable, str(DECKCHECK), "corpus", "--decks", str(decks), "--pdfs", str(pdfs)]
    if ref is not None:
        cmd += ["--ref", str(ref)]
    if tsv is not None:
        cmd += ["--tsv", str(tsv)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return f"deckcheck failed ({done.returncode}): {done.stderr.strip().splitlines()[-1:]}"
    return done.stdout.strip().splitlines()[-1]


def decks_with_reference(decks: list[Path], ref: Path, into: Path) -> Path:
    """A folder of links to the decks that have a PDF in ``ref``: deckcheck scores a whole folder."""
    into.mkdir(parents=True, exist_ok=True)
    for deck in decks:
        if (ref / f"{deck.stem}.pdf").exists():
            (into / deck.name).symlink_to(deck)
    return into


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", default="builtin", choices=("builtin", "auto", "libreoffice"))
    parser.add_argument("--decks", type=Path, default=CORPUS / "decks")
    parser.add_argument("--tsv", action="store_true", help="keep per-deck rows in bench/out/<engine>/*.tsv")
    parser.add_argument("--limit", type=int, help="only the first N decks (a quick look)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    quiet_logging(args.verbose)

    out = REPO / "bench" / "out" / args.engine
    decks = list_decks(args.decks, args.limit)
    print(machine())
    started = time.perf_counter()
    runs = convert_in_process(args.engine, decks, out)
    seconds = time.perf_counter() - started
    pages = sum(r.pages for r in runs)
    print(f"convert: {len(decks)} decks, {pages} pages in {seconds:.1f} s with '{args.engine}' in-process")
    for run in runs:
        if run.error:
            print(f"  failed: {run.deck.name}: {run.error}")

    with tempfile.TemporaryDirectory(prefix="fidelity_") as scratch:
        score(args, decks, out, Path(scratch))
    print(f"PDFs in {out}")
    if args.tsv:
        print(f"per-deck rows: {out}/*.tsv")
    return 0


def score(args: argparse.Namespace, decks: list[Path], out: Path, scratch: Path) -> None:
    """deckcheck's lines against both references; ``scratch`` holds the folders of symlinks."""
    deck_dir = args.decks
    if args.limit:  # deckcheck scores a folder: give it only the decks converted
        deck_dir = scratch / "decks"
        deck_dir.mkdir()
        for deck in decks:
            (deck_dir / deck.name).symlink_to(deck)
    ref_lo, ref_ppt = CORPUS / "reference_lo", CORPUS / "reference_ppt"
    ppt_decks = decks_with_reference(decks, ref_ppt, scratch / "ppt")

    def tsv(name: str) -> Path | None:
        return out / f"{name}.tsv" if args.tsv else None

    scoring = time.perf_counter()
    print(f"{args.engine} vs reference_lo:  {deckcheck(deck_dir, out, ref_lo, tsv('vs_reference_lo'))}")
    print(f"{args.engine} vs reference_ppt: {deckcheck(ppt_decks, out, ref_ppt, tsv('vs_reference_ppt'))}")
    lo_line = deckcheck(ppt_decks, ref_lo, ref_ppt, tsv("libreoffice_vs_reference_ppt"))
    print(f"libreoffice vs reference_ppt: {lo_line}")
    print(f"scoring took {time.perf_counter() - scoring:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
