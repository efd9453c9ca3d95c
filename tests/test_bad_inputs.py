"""Every file in the corpus' bad/ folder ends in the right typed error, quickly and in bounded memory.

Each file goes through `slidepress convert` in a child process (exit status, one stderr line,
wall time, peak RSS of that child from os.wait4) and through ``open_deck`` in this process (the
error's type). What each file should give is read from BAD_MANIFEST.tsv's description of what is
wrong with it, so files added to the folder are checked the same way.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from corpus_support import CORPUS, run_slidepress_measured, slide_visibility
from pypdf import PdfReader

from worker.deck.package import open_deck
from worker.errors import ConversionError, ErrorKind

BAD = CORPUS / "bad"
SECONDS = 20.0  # interpreter, Qt and python-pptx start-up included
PEAK_RSS_MIB = 300  # a child converting nothing peaks near 85 MiB

# Words of a manifest description -> the outcome; the first match wins. None means it converts.
EXPECTED: list[tuple[tuple[str, ...], ErrorKind | None]] = [
    (("encrypted", "password"), ErrorKind.ENCRYPTED),
    (("legacy binary", "binary .ppt", ".ppt renamed"), ErrorKind.LEGACY_PPT),
    (("zero slides", "no slides"), ErrorKind.NO_VISIBLE_SLIDES),
    ((".thmx", "theme"), ErrorKind.NOT_A_PRESENTATION),
    (("variant",), None),
    (("truncated", "corrupt", "damaged", "missing part", "fuzzer"), ErrorKind.CORRUPT),
]


def bad_files() -> list[Path]:
    if not BAD.is_dir():
        return []
    return sorted(p for p in BAD.iterdir() if p.is_file() and p.suffix.lower() != ".tsv")


def descriptions() -> dict[str, str]:
    manifest = BAD / "BAD_MANIFEST.tsv"
    if not manifest.exists():
        return {}
    with manifest.open(newline="") as fh:
        return {row["file"]: row["what_is_wrong"] for row in csv.DictReader(fh, delimiter="\t")}


def expected_outcome(description: str) -> ErrorKind | None:
    text = description.lower()
    for words, outcome in EXPECTED:
        if any(w in text for w in words):
            return outcome
    pytest.fail(f"no expectation for a file described as {description!r}")


pytestmark = pytest.mark.skipif(not bad_files(), reason=f"corpus not found at {BAD}")


@pytest.mark.parametrize("path", bad_files(), ids=lambda p: p.name)
def test_bad_input(path: Path, tmp_path: Path) -> None:
    outcome = expected_outcome(descriptions().get(path.name, "unknown"))
    target = tmp_path / f"{path.stem}.pdf"

    # The built-in engine: `auto` hands legacy .ppt files to LibreOffice where it is installed.
    result = run_slidepress_measured("convert", path, target, "--engine", "builtin")
    assert result.seconds < SECONDS, f"{path.name} took {result.seconds:.1f} s"
    assert result.peak_rss_mib < PEAK_RSS_MIB, f"{path.name} peaked at {result.peak_rss_mib:.0f} MiB"

    if outcome is None:
        assert result.returncode == 0, result.stderr
        assert len(PdfReader(target).pages) == sum(slide_visibility(path))
        return

    assert result.returncode == 1
    assert not target.exists()
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr

    with pytest.raises(ConversionError) as caught:
        open_deck(path).slides(include_hidden=False)
    assert caught.value.kind is outcome
    assert lines[0] == f"slidepress: {caught.value}"
    assert 10 < len(str(caught.value)) < 300
