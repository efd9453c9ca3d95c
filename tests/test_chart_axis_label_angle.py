"""Category labels turned by the angle their axis' txPr sets (a:bodyPr rot)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Pt
from render_support import text_angles

from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
MONTHS = ["January", "February", "March", "April"]


def _label_angles(tmp_path: Path, rot: str | None, labels: list[str] = MONTHS) -> dict[str, float]:
    """Degrees (counter-clockwise on the page) each category label's text runs at."""
    data = CategoryChartData()
    data.categories = labels
    data.add_series("S", [float(i + 1) for i in range(len(labels))])
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(457200), Emu(457200), Emu(7315200),
                                   Emu(5486400), data).chart  # fmt: skip
    chart.has_legend = False
    chart.category_axis.tick_labels.font.size = Pt(14)  # writes c:txPr with an a:bodyPr
    if rot is not None:
        chart.category_axis._element.find(f"{{{C}}}txPr").find(f"{{{A}}}bodyPr").set("rot", rot)
    deck = tmp_path / "angle.pptx"
    prs.save(str(deck))
    pdf = tmp_path / "angle.pdf"
    BuiltinEngine().convert(deck, pdf, ConvertOptions(), no_progress, never_cancelled)
    return text_angles(pdf, labels)


@pytest.mark.parametrize(("rot", "degrees"), [(None, 0.0), ("-60000000", 0.0), ("-2700000", 45.0), ("-5400000", 90.0)])
def test_labels_turn_by_the_set_angle(qapp: object, tmp_path: Path, rot: str | None, degrees: float) -> None:
    # Short labels in wide bands: left to Office (no rot, or the automatic value) they stay level.
    angles = _label_angles(tmp_path, rot)
    assert set(angles) == set(MONTHS)
    for angle in angles.values():
        assert angle == pytest.approx(degrees, abs=1.0)


LONG = [f"Quarterly{i:02d}Results" for i in range(12)]  # one word each: too wide for its band, no wrap


def test_long_labels_turn_by_45_degrees_when_left_automatic(qapp: object, tmp_path: Path) -> None:
    angles = _label_angles(tmp_path, None, LONG)
    assert angles and all(a == pytest.approx(45.0, abs=1.0) for a in angles.values())


def test_an_explicit_angle_of_0_keeps_long_labels_level(qapp: object, tmp_path: Path) -> None:
    # rot="0" is Format Axis' custom angle 0 degrees, not "automatic": Office skips labels rather
    # than turning them.
    angles = _label_angles(tmp_path, "0", LONG)
    assert angles and all(a == pytest.approx(0.0, abs=1.0) for a in angles.values())
    assert len(angles) < len(LONG)
