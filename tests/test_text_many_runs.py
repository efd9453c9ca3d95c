"""A paragraph of very many runs in one font lays out with its runs' format ranges joined.

Qt's line breaking walks a layout's format ranges for every line: a fuzzed deck's SmartArt shape
held one 50,000-letter word in 15,000 runs and took 50 s to convert. Past layout.JOIN_RANGES_FROM
pieces, neighbours in the same font share a range; below it every run keeps its own (Qt shapes
across a joined boundary, and ordinary decks stay as they were)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from text_support import pdf_chars, pdf_text, render_pdf, styles_for, tx_body

from worker.render.text import layout


def _ranges_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runs: list[str], size: str = "1800") -> list[int]:
    seen: list[int] = []
    made = layout._formats

    def counted(para: layout.Paragraph) -> list[object]:
        ranges = made(para)
        seen.append(len(ranges))
        return list(ranges)

    monkeypatch.setattr(layout, "_formats", counted)
    font = '<a:latin typeface="Arial"/>'
    xml = "".join(
        f'<a:r><a:rPr lang="en-US" sz="{size if i % 3 else "1800"}">{font}</a:rPr><a:t>{t}</a:t></a:r>'
        for i, t in enumerate(runs)
    )
    body = tx_body(f"<a:p>{xml}</a:p>", '<a:bodyPr lIns="0" rIns="0" wrap="square"/>')
    pdf = tmp_path / "runs.pdf"
    render_pdf(pdf, body, QRectF(20, 20, 360, 2000), styles_for(body), page=(400.0, 2040.0))
    assert "".join(pdf_text(pdf).split()) == "".join("".join(runs).split())
    assert len([ch for ch, _ in pdf_chars(pdf) if ch.strip()]) == len("".join("".join(runs).split()))
    return seen


def test_thousands_of_runs_in_one_font_share_a_range(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runs = ["ab", "c", "de"] * (layout.JOIN_RANGES_FROM // 3 + 1)
    assert len(runs) > layout.JOIN_RANGES_FROM
    assert _ranges_of(tmp_path, monkeypatch, runs)[0] == 1


def test_runs_in_other_sizes_keep_their_own_ranges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runs = ["ab", "c", "de"] * (layout.JOIN_RANGES_FROM // 3 + 1)
    # Every third run is 18 pt, the others 12 pt: each 18 pt run and each pair of 12 pt ones.
    assert _ranges_of(tmp_path, monkeypatch, runs, size="1200")[0] == 2 * len(runs) // 3


def test_an_ordinary_paragraph_keeps_a_range_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _ranges_of(tmp_path, monkeypatch, ["Section header in the ", "treck", " theme"])[0] == 3
