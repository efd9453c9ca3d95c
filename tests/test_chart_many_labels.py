"""Charts with very many data labels, and text of many runs: the cost per label stays small.

Found by the sixth fuzz round: a bar chart of 50,000 long mixed-script labels (11512) and a chart
of 200,000 labels (11415) ran past the pool's limits (1.5 GB, 30 s)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPointF, QTextBoundaryFinder
from PySide6.QtGui import QColor, QFont, QGlyphRun, QPainter, QPdfWriter, QRawFont, QTextLayout, QTextLine, QTextOption
from render_support import count_calls

from worker.render import glyph_runs
from worker.render.charts.model import TextSpec
from worker.render.charts.text import Font, TextStyler
from worker.render.glyph_runs import WITH_STRING_INDEXES, draw_glyph_run, with_text_ends
from worker.render.qt_runtime import ensure_gui_app


class _CountingLine:
    """A QTextLine whose glyphRuns calls are counted."""

    def __init__(self, line: QTextLine) -> None:
        self.line = line
        self.calls = 0

    def glyphRuns(self, start: int, length: int, flags: Any) -> list[QGlyphRun]:
        self.calls += 1
        return list(self.line.glyphRuns(start, length, flags))


def _laid_out(text: str, family: str = "Carlito") -> tuple[QTextLayout, QTextLine]:
    ensure_gui_app()
    font = QFont(family)
    font.setPixelSize(10)
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(1.0e6)
    layout.endLayout()
    return layout, line


def _one_cluster_at_a_time(line: QTextLine, text: str) -> list[tuple[QRawFont, list[int], list[int]]]:
    """The definition _reindex follows: each grapheme cluster's glyphs, asked for alone, with the
    cluster's start, consecutive glyphs in one font joined."""
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Grapheme, text)
    found: list[tuple[QRawFont, list[int], list[int]]] = []
    lo = 0
    n = len(text.encode("utf-16-le")) // 2
    while lo < n:
        hi = finder.toNextBoundary()
        hi = n if hi < 0 else hi
        for run in line.glyphRuns(lo, hi - lo, WITH_STRING_INDEXES):
            glyphs = list(run.glyphIndexes())
            if found and found[-1][0] == run.rawFont():
                found[-1][1].extend(glyphs)
                found[-1][2].extend([lo] * len(glyphs))
            elif glyphs:
                found.append((run.rawFont(), glyphs, [lo] * len(glyphs)))
        lo = hi
    return found


def _expected(runs: list[QGlyphRun], line: QTextLine, text: str) -> list[list[int]] | None:
    """Each run's indexes by that definition (the run is found there by its font and glyphs, in
    order), or None when some run is not found."""
    found = _one_cluster_at_a_time(line, text)
    at = 0
    out: list[list[int]] = []
    for run in runs:
        while at < len(found) and not (found[at][0] == run.rawFont() and found[at][1] == list(run.glyphIndexes())):
            at += 1
        if at == len(found):
            return None
        out.append(found[at][2])
        at += 1
    return out


@pytest.mark.parametrize(
    ("text", "mended", "most"),
    [
        ("売上推移" * 150 + "2024", True, 40),  # a Latin run after CJK: Qt indexes it 0, 0, 0, 0
        ("x" * 300 + "; 漢字テスト0; " + "y" * 300 + "; 12.5%", False, 80),  # Han and kana: one run asked singly
        ("North8 Øst12 日本7 " * 30 + "e\u0301a\u0308\u0323 👍🏽 👨\u200d👩\u200d👧 𝐀𝐁 " * 5, False, 400),
    ],
)
def test_a_long_label_of_several_fonts_is_reindexed_in_spans(text: str, mended: bool, most: int) -> None:
    """Qt gives the later runs of an item cut by font the item's first index: such lines were
    asked again one grapheme at a time (3.4 M glyphRuns calls for 11512's labels). Spans of
    clusters are asked for now, the indexes (and the lines given up on) as before.
    Before: 604, 617 and 560 calls (one per cluster)."""
    n = len(text.encode("utf-16-le")) // 2
    _, line = _laid_out(text)
    runs = list(line.glyphRuns(0, n, WITH_STRING_INDEXES))
    assert len({run.rawFont().familyName() for run in runs}) > 1  # some characters fall back
    assert not glyph_runs._rising(runs, 0)  # Qt's own indexes are the ones to mend
    expected = _expected(runs, line, text)
    assert (expected is not None) == mended
    counting = _CountingLine(line)
    assert glyph_runs._reindex(runs, counting, text, 0, n) == mended  # type: ignore[arg-type]
    assert counting.calls <= most
    if expected is not None:
        assert [list(run.stringIndexes()) for run in runs] == expected
        assert with_text_ends(runs, line, text, 0, n)[-1].sourceString() == text


def test_upright_text_is_drawn_without_asking_for_its_positions(tmp_path: Path, monkeypatch: Any) -> None:
    """Only synthetic italics need a run's positions (their baseline): asking built a QPointF per
    glyph, 15 of 91 profiled seconds of 11415's labels. Before: one call per run."""
    text = "Sales 2024: 14.11 漢字テスト"
    layout, _ = _laid_out(text)
    runs = list(layout.glyphRuns())
    asked = count_calls(monkeypatch, QGlyphRun, "positions")
    writer = QPdfWriter(str(tmp_path / "runs.pdf"))
    painter = QPainter(writer)
    for run in runs:
        draw_glyph_run(painter, QPointF(100.0, 100.0), run)
    painter.end()
    assert len(runs) > 1
    assert asked == []


class _Fonts:
    """The font side of a slide's context that laying out a chart line uses."""

    def qfont(self, family: str, size: float, bold: bool, italic: bool) -> QFont:
        font = QFont(family)
        font.setPointSizeF(size)
        font.setBold(bold)
        font.setItalic(italic)
        return font


def test_a_chart_keeps_a_bounded_number_of_laid_out_lines() -> None:
    """Every distinct label's QTextLayout was kept for the whole chart: 11512's 33,000 long labels
    held about 1 GB of its 1.9 GB peak (0.9 GB now). Before: 5,000 lines kept."""
    ensure_gui_app()
    ctx = type("Ctx", (), {"fonts": _Fonts()})()
    styler = TextStyler(ctx, TextSpec(), 10.0)
    font = Font("Carlito", 10.0, False, False, QColor(0, 0, 0))
    for i in range(5000):
        styler.line(f"label {i}", font)
        assert styler.line(f"label {i}", font) is styler.line(f"label {i}", font)  # measured and drawn: one layout
    assert len(styler._cache) <= 2048
