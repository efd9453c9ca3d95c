"""Crafted hostile decks, each through `slidepress convert` in a child process: every one ends in
bounded time and memory with a correct PDF or one line saying why not.

The decks are generated here (tests/hostile_support.py); the slow cases (100,000 shapes, 2,000
slides, 24 huge pictures) are marked slow and measured by bench/hostile.py.
"""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import hostile_support as hs
import pytest
from corpus_support import Measured, run_slidepress_measured
from pypdf import PdfReader

from worker.deck.package import SourceChangedError, open_deck
from worker.errors import UnreadableFileError
from worker.pool.supervisor import Limits

TIME_LIMIT = Limits().time_limit  # what the pool would allow one deck
PEAK_LIMIT_MIB = 1536  # the converter child's peak resident set
# What the one-line reason starts with, per error kind.
REASONS = {"too_large": "Deck too large", "corrupt": "Corrupt deck"}


def reason_lines(measured: Measured) -> list[str]:
    """The CLI's own lines (Qt and libpng may also write to stderr; those are not ours)."""
    return [line for line in measured.stderr.splitlines() if line.startswith("slidepress: ") and "warning:" not in line]


def check_case(case: hs.Case, folder: Path) -> tuple[Measured, Path]:
    deck = case.make(folder)
    target = folder / f"{deck.stem}.pdf"
    measured = run_slidepress_measured("convert", deck, target, timeout=TIME_LIMIT)
    assert measured.seconds < TIME_LIMIT
    assert measured.peak_rss_mib < PEAK_LIMIT_MIB, f"peak {measured.peak_rss_mib:.0f} MiB"
    assert "Traceback" not in measured.stderr, measured.stderr[-2000:]
    if measured.returncode == 0:
        assert case.pages is not None, f"{case.name} should have been refused"
        assert len(PdfReader(target).pages) == case.pages
    else:
        assert measured.returncode == 1, measured.stderr[-2000:]
        lines = reason_lines(measured)
        assert len(lines) == 1, measured.stderr[-2000:]
        assert any(lines[0].startswith(f"slidepress: {REASONS[k]}") for k in case.kinds), lines[0]
        assert not target.exists()
        assert not [p for p in folder.iterdir() if p.name.startswith(".")], "a partial file was left"
    return measured, target


def case_params(include_slow: bool) -> list[object]:
    return [
        pytest.param(case, id=case.name, marks=[pytest.mark.slow] if case.slow else [])
        for case in hs.deck_cases(include_slow)
    ]


@pytest.mark.parametrize("case", case_params(include_slow=True))
def test_hostile_deck_ends_bounded(case: hs.Case, tmp_path: Path) -> None:
    check_case(case, tmp_path)


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<!ENTITY leaked 'FETCHED'>")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def http_recorder() -> Iterator[str]:
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_external_entities_read_and_fetch_nothing(tmp_path: Path, http_recorder: str) -> None:
    secret = tmp_path / "private.txt"
    secret.write_text(hs.SECRET)
    case = hs.Case("xxe", lambda folder: hs.xxe(folder, secret, http_recorder), pages=1)
    out = tmp_path / "out"
    out.mkdir()
    measured, pdf = check_case(case, out)
    assert measured.returncode == 0
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert hs.SECRET not in text and "FETCHED" not in text
    assert "Entities" in text  # the slide itself was drawn
    assert _Recorder.requests == []


def test_absurd_geometry_still_draws_the_sane_shapes(tmp_path: Path) -> None:
    case = hs.Case("absurd geometry", hs.absurd_geometry, pages=1)
    _, pdf = check_case(case, tmp_path)
    reader = PdfReader(pdf)
    assert "still drawn" in reader.pages[0].extract_text()
    box = reader.pages[0].mediabox  # the absurd slide size fell back to 4:3
    assert (float(box.width), float(box.height)) == (720.0, 540.0)


def test_a_chart_too_large_to_read_is_a_placeholder_and_the_rest_is_drawn(tmp_path: Path) -> None:
    case = hs.Case("chart", hs.chart_of_numbers(100), pages=1)
    measured, pdf = check_case(case, tmp_path)
    assert measured.peak_rss_mib < 600, measured.peak_rss_mib
    said = [ln for ln in measured.stderr.splitlines() if "warning:" in ln]
    assert said == [
        "slidepress: warning: Slide 1: a chart is unreadable (100 MB of data; charts over 16 MB are not drawn);"
        " drawn as a placeholder"
    ]
    from render_support import close, pixel, render_page

    assert close(pixel(render_page(pdf), 100, 50), (235, 235, 235), 6)  # the placeholder's grey box


def test_relationships_of_the_wrong_kind_still_give_notes_pages(tmp_path: Path) -> None:
    deck = hs.parts_of_the_wrong_kind(tmp_path)
    target = tmp_path / "notes.pdf"
    measured = run_slidepress_measured("convert", deck, target, "--layout", "notes", timeout=TIME_LIMIT)
    assert measured.returncode == 0 and "Traceback" not in measured.stderr, measured.stderr[-2000:]
    pages = PdfReader(target).pages
    assert len(pages) == 2
    assert "Wrong kinds 2" in pages[1].extract_text() and "note 2" in pages[1].extract_text()


def test_fonts_that_fail_to_load_fall_back(tmp_path: Path) -> None:
    _, pdf = check_case(hs.Case("fonts", hs.bad_fonts, pages=1), tmp_path)
    text = PdfReader(pdf).pages[0].extract_text()
    assert all(f"font {i}" in text for i in range(5))  # the sixth is in Wingdings: symbols, as in PowerPoint


def test_a_deck_rewritten_while_it_is_read_is_retried_not_mixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck = tmp_path / "d.pptx"
    deck.write_bytes(hs.base_deck(slides=2))
    from worker.deck import opc

    real = opc.inspect_package

    def rewrite_meanwhile(archive: object) -> object:
        with open(deck, "r+b") as f:  # another program saves over the file in place
            f.seek(0, os.SEEK_END)
            f.write(b"\0" * 10)
        return real(archive)  # type: ignore[arg-type]

    monkeypatch.setattr(opc, "inspect_package", rewrite_meanwhile)
    with pytest.raises(SourceChangedError) as err:
        open_deck(deck)
    assert not err.value.permanent and "changed while it was being read" in str(err.value)


def test_a_deck_replaced_or_deleted_after_opening_is_read_whole(tmp_path: Path) -> None:
    deck = tmp_path / "d.pptx"
    deck.write_bytes(hs.base_deck(slides=2))
    opened = open_deck(deck)
    other = tmp_path / "other.pptx"
    other.write_bytes(hs.base_deck(slides=5))
    os.replace(other, deck)  # an atomic save of another version
    assert len(opened.slides(include_hidden=False)) == 2
    deck.unlink()
    assert len(opened.slides(include_hidden=False)) == 2


def test_a_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    fifo = tmp_path / "deck.pptx"
    os.mkfifo(fifo)
    measured = run_slidepress_measured("convert", fifo, tmp_path / "out.pdf", timeout=60)
    assert measured.returncode == 1
    assert len(reason_lines(measured)) == 1 and measured.seconds < 30
    with pytest.raises(UnreadableFileError, match="Not a regular file"):
        open_deck(fifo)
