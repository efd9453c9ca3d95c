"""Stand-ins set as wide as the typefaces they stand in for (worker.render.latin_widths).

Segoe UI, Georgia, Tahoma, Trebuchet MS and Aptos have no open metric twin; their stand-ins'
advances are scaled to each face's published average width, so text breaks where PowerPoint's does."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QRawFont
from render_support import add_xml_shape, blank_slide, convert, new_deck, sp_xml, text_box

from worker.render import latin_widths
from worker.render.fonts import FontResolver

EMU_PER_PT = 12700


@pytest.fixture(scope="module")
def resolver() -> FontResolver:
    fonts = FontResolver()
    fonts.ensure_registered()
    return fonts


def _average(family: str) -> float:
    font = QFont(family)
    font.setPixelSize(1000)
    average = latin_widths.average_em(QRawFont.fromFont(font))
    assert average is not None
    return average


def test_the_weighting_measures_arials_twin_at_arials_published_width(qapp: object, resolver: FontResolver) -> None:
    # Liberation Sans has Arial's advances; Capsize publishes Arial's average as 913/2048 em.
    assert _average("Liberation Sans") == pytest.approx(913 / 2048, abs=0.0005)


@pytest.mark.parametrize(
    ("typeface", "stand_in"),
    [("Segoe UI", "Noto Sans"), ("Georgia", "Noto Serif"), ("Aptos", "Noto Sans"), ("Tahoma", "DejaVu Sans Condensed")],
)
def test_a_wide_stand_in_is_scaled_to_the_typefaces_average(
    qapp: object, resolver: FontResolver, typeface: str, stand_in: str
) -> None:
    assert resolver.family(typeface) == stand_in
    scale = resolver.latin_width_scale(typeface, stand_in)
    assert scale < 0.99
    assert _average(stand_in) * scale == pytest.approx(latin_widths.AVERAGE_EM[typeface.lower()], rel=1e-6)


@pytest.mark.parametrize(
    ("typeface", "stand_in", "published_em"),
    [
        # Capsize's xWidthAvg / unitsPerEm for each face; the stand-ins differ by 3 to 11 %.
        ("Lucida Grande", "DejaVu Sans", 1007 / 2048),
        ("Work Sans", "Noto Sans", 499 / 1000),
        ("Playfair Display", "Liberation Serif", 452 / 1000),
    ],
)
def test_more_faces_are_set_at_their_published_average(
    qapp: object, resolver: FontResolver, typeface: str, stand_in: str, published_em: float
) -> None:
    assert resolver.family(typeface) == stand_in
    scale = resolver.latin_width_scale(typeface, stand_in)
    assert _average(stand_in) * scale == pytest.approx(published_em, rel=1e-6)


def test_metric_twins_embedded_faces_and_close_stand_ins_keep_their_advances(
    qapp: object, resolver: FontResolver
) -> None:
    assert resolver.latin_width_scale("Arial", "Liberation Sans") == 1.0  # a metric twin: no figure needed
    assert resolver.latin_width_scale("Roboto", "Liberation Sans") == 1.0  # within a percent
    assert resolver.latin_width_scale("Segoe UI", "Segoe UI Embedded") == 1.0  # the deck's own font


def _label(typeface: str, width_pt: float) -> str:
    # Office 365's sensitivity label: 8 pt, no insets, a box PowerPoint sized to the one line it set.
    body = (
        '<p:txBody><a:bodyPr wrap="square" lIns="0" tIns="0" rIns="0" bIns="0"><a:spAutoFit/></a:bodyPr>'
        f'<a:p><a:r><a:rPr lang="en-US" sz="800"><a:latin typeface="{typeface}"/></a:rPr>'
        "<a:t>Sensitivity: Internal</a:t></a:r></a:p></p:txBody>"
    )
    return sp_xml(63500, 500000, round(width_pt * EMU_PER_PT), 121920, text=body)


def test_an_aptos_label_powerpoint_set_on_one_line_stays_on_one_line(qapp: object, tmp_path: Path) -> None:
    """github.com/developer0hye/office2pdf/issues/1712: PowerPoint set this label on one line in a
    67.38 pt box; Noto Sans at its own advances needs 71.8 pt and wrapped "Internal" under it."""
    prs = new_deck()
    add_xml_shape(blank_slide(prs), _label("Aptos", 67.38))
    pdf, _ = convert(prs, tmp_path)
    first, second = text_box(pdf, "Sensitivity"), text_box(pdf, "Internal")
    assert first is not None and second is not None
    assert second[1] == pytest.approx(first[1], abs=0.5)  # the same line
    assert second[2] - first[0] < 67.38


def test_a_segoe_ui_line_is_set_as_wide_as_segoe_ui_sets_it(qapp: object, tmp_path: Path) -> None:
    words = "Quarterly revenue grew in every region"
    prs = new_deck()
    for typeface in ("Segoe UI", "Noto Sans"):  # the second: Noto Sans itself, at its own advances
        add_xml_shape(blank_slide(prs), _label(typeface, 400).replace("Sensitivity: Internal", words))
    pdf, _ = convert(prs, tmp_path)
    segoe, noto = text_box(pdf, words, 0), text_box(pdf, words, 1)
    assert segoe is not None and noto is not None
    scale = (908 / 2048) / _average("Noto Sans")
    assert (segoe[2] - segoe[0]) / (noto[2] - noto[0]) == pytest.approx(scale, abs=0.01)


def test_chart_text_in_a_wide_stand_in_is_scaled_too(qapp: object, tmp_path: Path) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches, Pt

    prs = new_deck()
    for typeface in ("Aptos", "Noto Sans"):
        data = CategoryChartData()
        data.categories = ["Quarterly revenue", "Other"]
        data.add_series("S", (3, 4))
        frame = blank_slide(prs).shapes.add_chart(
            XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(0.5), Inches(0.5), Inches(9), Inches(6), data
        )
        frame.chart.font.name = typeface
        frame.chart.font.size = Pt(18)
        frame.chart.has_legend = False
    pdf, _ = convert(prs, tmp_path)
    aptos, noto = text_box(pdf, "Quarterly revenue", 0), text_box(pdf, "Quarterly revenue", 1)
    assert aptos is not None and noto is not None
    scale = latin_widths.AVERAGE_EM["aptos"] / _average("Noto Sans")
    assert (aptos[2] - aptos[0]) / (noto[2] - noto[0]) == pytest.approx(scale, abs=0.01)
