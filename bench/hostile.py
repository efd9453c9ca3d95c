"""Hostile decks: each case's outcome, wall time and the converter's peak memory, as a table.

Every deck is generated on the fly (tests/hostile_support.py) and converted by `slidepress convert`
in a child process, whose peak resident set comes from os.wait4. The bounds are the per-job time
limit of the pool and 1.5 GiB of memory. The slow cases the test suite skips are included.

    python -m bench.hostile [--only WORD] [--keep DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.corpus_run import REPO, machine

sys.path.insert(0, str(REPO / "tests"))

import hostile_support as hs
from corpus_support import run_slidepress_measured

from worker.pool.supervisor import Limits

PEAK_LIMIT_MIB = 1536


@dataclass
class Row:
    case: str
    outcome: str
    seconds: float
    peak_mib: float
    size_kib: float

    @property
    def within(self) -> bool:
        return self.seconds < Limits().time_limit and self.peak_mib < PEAK_LIMIT_MIB


def outcome(returncode: int, stderr: str, target: Path) -> str:
    if returncode == 0 and target.exists():
        from pypdf import PdfReader

        return f"PDF, {len(PdfReader(target).pages)} pages"
    ours = [ln for ln in stderr.splitlines() if ln.startswith("slidepress: ") and "warning:" not in ln]
    if ours:
        return ours[-1].removeprefix("slidepress: ")[:90]
    tail = stderr.strip().splitlines()[-1:] or ["(no message)"]
    return f"exit {returncode}: {tail[0][:80]}"


def run(cases: list[hs.Case], folder: Path) -> list[Row]:
    rows = []
    for case in cases:
        deck = case.make(folder)
        target = folder / f"{deck.stem}.pdf"
        measured = run_slidepress_measured("convert", deck, target, timeout=Limits().time_limit)
        row = Row(
            case.name,
            outcome(measured.returncode, measured.stderr, target),
            measured.seconds,
            measured.peak_rss_mib,
            deck.stat().st_size / 1024,
        )
        rows.append(row)
        print(f"  {row.case}: {row.seconds:.1f} s, {row.peak_mib:.0f} MiB", file=sys.stderr, flush=True)
        deck.unlink()
        target.unlink(missing_ok=True)
    return rows


def table(rows: list[Row]) -> str:
    lines = [
        "| case | file | outcome | time | peak memory | bounded |",
        "|---|---:|---|---:|---:|:---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.case} | {r.size_kib:,.0f} KiB | {r.outcome} | {r.seconds:.1f} s | {r.peak_mib:,.0f} MiB "
            f"| {'yes' if r.within else 'NO'} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only cases whose name contains this")
    parser.add_argument("--keep", type=Path, help="write the decks and PDFs here instead of a temp dir")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="slidepress-hostile-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        secret = folder / "private.txt"
        secret.write_text(hs.SECRET)
        cases = hs.deck_cases(include_slow=True)
        # Nothing listens at this port: a fetch would fail, but the point is that none is tried.
        cases.append(hs.Case("external entities (XXE), links", lambda f: hs.xxe(f, secret, "http://127.0.0.1:9")))
        if args.only:
            cases = [c for c in cases if args.only.lower() in c.name.lower()]
        started = time.perf_counter()
        rows = run(cases, folder)
        total = time.perf_counter() - started
    print(f"Hostile decks, `slidepress convert` per deck — {machine()}")
    print(f"bounds: {Limits().time_limit:g} s per job, {PEAK_LIMIT_MIB} MiB peak; total {total:.0f} s\n")
    print(table(rows))
    return 0 if all(r.within for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
