"""Every readable deck of the shared corpus converts with the built-in engine to a PDF with one page
per visible slide; a deck whose slides are all hidden fails with NoVisibleSlidesError.

The decks are converted by warm child processes (as the pool does): a crash in the renderer fails
that deck's test, not the session, and Qt state stays out of this process.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_support import CORPUS, convert_corpus, decks, slide_visibility
from pypdf import PdfReader

from worker.errors import ErrorKind

DECKS = decks()
pytestmark = pytest.mark.skipif(not DECKS, reason=f"corpus not found at {CORPUS}")

Results = tuple[Path, dict[str, dict[str, object]]]


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Results:
    out = tmp_path_factory.mktemp("corpus_pdfs")
    return out, convert_corpus(out, DECKS)


@pytest.fixture(scope="module")
def converted_with_hidden(tmp_path_factory: pytest.TempPathFactory) -> Results:
    out = tmp_path_factory.mktemp("corpus_pdfs_hidden")
    all_hidden = [d for d in DECKS if not any(slide_visibility(d))]
    return out, convert_corpus(out, all_hidden, include_hidden=True)


@pytest.mark.parametrize("deck", DECKS, ids=lambda p: p.name)
def test_deck_converts_to_one_page_per_visible_slide(deck: Path, converted: Results) -> None:
    out, results = converted
    record = results[deck.name]
    assert "crash" not in record, record
    visible = sum(slide_visibility(deck))
    pdf = out / f"{deck.stem}.pdf"
    if visible == 0:
        assert record.get("kind") == ErrorKind.NO_VISIBLE_SLIDES.value, record
        assert not pdf.exists()
        return
    assert "kind" not in record, record
    assert len(PdfReader(pdf).pages) == visible == record["pages"]


def test_all_hidden_decks_convert_with_include_hidden(converted_with_hidden: Results) -> None:
    out, results = converted_with_hidden
    if not results:
        pytest.skip("no deck in the corpus has every slide hidden")
    for name, record in results.items():
        deck = CORPUS / "decks" / name
        assert "kind" not in record and "crash" not in record, record
        assert len(PdfReader(out / f"{deck.stem}.pdf").pages) == len(slide_visibility(deck))
