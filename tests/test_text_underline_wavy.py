"""Wavy underlines (u="wavy", "wavyDbl", "wavyHeavy") as PowerPoint draws them: fine 45-degree
zigzags 1/30 of the font size tall. PowerPoint 2016's PDF of python-pptx-interface's
general_example_01 (an 18 pt wavyDbl run) fills two zigzags 0.6 pt tall, of period 1.2 pt, in
0.12 pt lines, the second 0.72 pt below the first: 1.44 pt from the top of one to the bottom of
the other. We drew waves 1.5 pt tall of period 6 pt in the font's underline thickness, 2.5
thicknesses apart: a band about 6 pt deep."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from render_support import add_xml_shape, blank_slide, convert, new_deck, render_page, sp_xml

DPI = 1200.0
PX = DPI / 72.0  # pixels per point


def _underline_mask(tmp_path: Path, kind: str, size_pt: int) -> np.ndarray:
    """Red pixels of a black "mmmm" run (no descenders) whose underline is filled red."""
    prs = new_deck(4.0, 1.5)
    slide = blank_slide(prs)
    run = (
        f'<a:r><a:rPr lang="en-US" sz="{size_pt * 100}" u="{kind}">'
        '<a:solidFill><a:srgbClr val="000000"/></a:solidFill><a:latin typeface="Arial"/>'
        '<a:uFill><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:uFill></a:rPr>'
        "<a:t>mmmm</a:t></a:r>"
    )
    text = f'<p:txBody><a:bodyPr wrap="none"/><a:lstStyle/><a:p>{run}</a:p></p:txBody>'
    add_xml_shape(slide, sp_xml(91440, 91440, 3200400, 1097280, text=text))
    pdf, result = convert(prs, tmp_path, name=f"{kind}{size_pt}")
    assert result.slides == 1
    image = np.asarray(render_page(pdf, dpi=DPI)).astype(int)
    # anti-aliased hairlines are pink rather than red: any pixel clearly redder than it is grey
    return (image[:, :, 0] - np.maximum(image[:, :, 1], image[:, :, 2])) > 40


def _band_and_period(mask: np.ndarray) -> tuple[float, float]:
    """The underline's depth (top of its ink to bottom) and the period of its top edge, in points,
    over the middle half of its length."""
    rows, cols = np.nonzero(mask)
    left, right = cols.min(), cols.max()
    middle = slice(left + (right - left) // 4, right - (right - left) // 4)
    depth = (rows.max() - rows.min() + 1) / PX
    sub = mask[:, middle]
    top = np.argmax(sub, axis=0).astype(float)  # first red row of each column
    highs = np.nonzero((top[1:-1] < top[:-2]) & (top[1:-1] <= top[2:]))[0]  # the zigzag's crests
    period = float(np.diff(highs).mean()) / PX if len(highs) > 1 else float("inf")
    return depth, period


def test_a_double_wavy_underline_is_two_fine_zigzags(tmp_path: Path) -> None:
    depth, period = _band_and_period(_underline_mask(tmp_path, "wavyDbl", 18))
    assert depth == pytest.approx(1.44 + 0.12, abs=0.35)
    assert period == pytest.approx(1.2, abs=0.25)


def test_a_wavy_underline_scales_with_its_text(tmp_path: Path) -> None:
    small_depth, small_period = _band_and_period(_underline_mask(tmp_path, "wavy", 18))
    big_depth, big_period = _band_and_period(_underline_mask(tmp_path, "wavy", 36))
    assert small_depth == pytest.approx(0.6 + 0.12, abs=0.3)
    assert small_period == pytest.approx(1.2, abs=0.25)
    assert big_period == pytest.approx(2 * small_period, rel=0.2)
    assert big_depth == pytest.approx(2 * small_depth, rel=0.25)
