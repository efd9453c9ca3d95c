"""Text that is huge but legal: a paragraph of tens of thousands of runs converts in time that
grows with its length, not with its length squared (each line used to look at every run of its
paragraph: 50,000 runs took 81 s, 100,000 would pass the pool's time limit)."""

from __future__ import annotations

from pathlib import Path

import hostile_support as hs
from corpus_support import run_slidepress_measured
from pypdf import PdfReader

RUNS = 50_000
# CPU time, which other work on the machine does not stretch. Before: 37-42 s; now about 4 s.
SECONDS = 15.0


def _runs_deck(folder: Path, count: int) -> Path:
    """A text box 2.5 in wide and the slide high, one paragraph of ``count`` 1 pt runs, first and last marked."""
    runs = ['<a:r><a:rPr lang="en-US" sz="100"/><a:t>ab </a:t></a:r>'] * count
    runs[0] = '<a:r><a:rPr lang="en-US" sz="100"/><a:t>FIRSTRUN </a:t></a:r>'
    runs[-1] = '<a:r><a:rPr lang="en-US" sz="100"/><a:t>LASTRUN</a:t></a:r>'
    shape = (
        '<p:sp><p:nvSpPr><p:cNvPr id="5" name="runs"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2286000" cy="6858000"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        '<p:txBody><a:bodyPr wrap="square"/><a:lstStyle/><a:p>' + "".join(runs) + "</a:p></p:txBody></p:sp>"
    )
    parts = hs.with_slide_tree(hs.parts_of(hs.base_deck()), shape)
    return hs.write_zip(folder / f"runs_{count}.pptx", parts)


def test_a_paragraph_of_50000_runs_converts_in_linear_time(tmp_path: Path) -> None:
    deck = _runs_deck(tmp_path, RUNS)
    target = tmp_path / "runs.pdf"
    measured = run_slidepress_measured("convert", deck, target, timeout=300)
    assert measured.returncode == 0, measured.stderr[-2000:]
    assert measured.cpu_seconds < SECONDS, f"{measured.cpu_seconds:.1f} s of CPU"
    text = PdfReader(target).pages[0].extract_text()
    assert "FIRSTRUN" in text and "LASTRUN" in text
    assert text.count("a") == text.count("b") == RUNS - 2  # every run drawn (extraction splits a few)
