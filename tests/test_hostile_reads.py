"""A deck whose bytes cannot be read (a disk or network error mid-read) and a target folder that
does not exist yet: each ends with one plain line or the PDF where it was meant to go, through
the real CLI, never a traceback or a file named like the folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import hostile_support as hs
import pytest
from corpus_support import run_slidepress
from pypdf import PdfReader

from worker.deck.package import open_deck
from worker.errors import UnreadableFileError

# A regular file whose every read at offset 0 fails with EIO, as a failing disk or a dropped
# network share does: address 0 of a process's memory is never mapped.
FAILING_FILE = Path("/proc/self/mem")

needs_failing_file = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not FAILING_FILE.exists(), reason="needs Linux /proc/self/mem"
)


@needs_failing_file
def test_a_deck_that_fails_to_read_is_named_in_one_line(tmp_path: Path) -> None:
    deck = tmp_path / "failing.pptx"
    deck.symlink_to(FAILING_FILE)
    with pytest.raises(UnreadableFileError, match=r"^Cannot read failing\.pptx: Input/output error"):
        open_deck(deck)
    result = run_slidepress("convert", deck, tmp_path / "out.pdf")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    ours = [line for line in result.stderr.splitlines() if line.startswith("slidepress: ")]
    assert ours == ["slidepress: Cannot read failing.pptx: Input/output error (a disk or network error?)"]
    assert not (tmp_path / "out.pdf").exists()


def test_a_target_ending_in_a_separator_is_a_folder(tmp_path: Path) -> None:
    """'pdfs/' names a folder: missing, it is said to be missing (as for any missing output
    folder) instead of the PDF becoming a file called 'pdfs'; present, the PDF goes inside."""
    deck = hs.write_zip(tmp_path / "talk.pptx", hs.parts_of(hs.base_deck(title="Folder")))
    folder = tmp_path / "pdfs"
    result = run_slidepress("convert", deck, str(folder) + os.sep)
    assert result.returncode == 1
    assert not folder.exists(), "the PDF was written as a file named like the folder"
    assert result.stderr.splitlines()[-1] == (
        f"slidepress: Output folder missing: {folder} does not exist; check where it goes or choose another"
    )
    folder.mkdir()
    result = run_slidepress("convert", deck, str(folder) + os.sep)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Folder 1" in PdfReader(folder / "talk.pdf").pages[0].extract_text()
