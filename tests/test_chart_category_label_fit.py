"""Category labels that do not fit side by side: turned, thinned out, ellipsized, and kept inside
the chart frame by shrinking the plot (Office's automatic layout)."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Pt
from render_support import blank_slide, convert, new_deck, page_text, render_page, text_angles

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
EMU_PER_PT = 12700
LONG = ["Graphics scanned or imported", "Text only", "ClipArt", "Charts", "Graphics using drawing tools",
        "Tables", "Org. Charts", "Animations"]  # fmt: skip
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _deck(tmp_path: Path, labels: list[str], size: float, frame: tuple[float, float, float, float],
          rot: str | None = None) -> Path:  # fmt: skip
    """One column chart (``frame``: x, y, w, h in pt) whose text is ``size`` pt."""
    data = CategoryChartData()
    data.categories = labels
    data.add_series("S", [float(i % 5 + 1) for i in range(len(labels))])
    prs = new_deck()
    x, y, w, h = (Emu(int(v * EMU_PER_PT)) for v in frame)
    chart = blank_slide(prs).shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, x, y, w, h, data).chart
    chart.has_legend = False
    chart.font.size = Pt(size)
    if rot is not None:
        chart.category_axis.tick_labels.font.size = Pt(size)
        chart.category_axis._element.find(f"{{{C}}}txPr").find(f"{{{A}}}bodyPr").set("rot", rot)
    pdf, _ = convert(prs, tmp_path)
    return pdf


def _char_boxes(pdf: Path) -> list[tuple[str, float, float, float, float]]:
    """Every character on page 1 with its box (left, top, right, bottom), pt from the top left."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        page = doc[0]
        height = page.get_height()
        tp = page.get_textpage()
        out = []
        for i in range(tp.count_chars()):
            ch = tp.get_text_range(i, 1)
            if ch.strip():
                left, bottom, right, top = tp.get_charbox(i)
                out.append((ch, left, height - top, right, height - bottom))
        return out
    finally:
        doc.close()


def _char_origins(pdf: Path, char: str) -> list[tuple[float, float]]:
    """Baseline origins (pt from the top left) of every ``char`` on page 1."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        page = doc[0]
        height = page.get_height()
        tp = page.get_textpage()
        out = []
        for i in range(tp.count_chars()):
            if tp.get_text_range(i, 1) == char:
                x, y = ctypes.c_double(), ctypes.c_double()
                pdfium_c.FPDFText_GetCharOrigin(tp.raw, i, ctypes.byref(x), ctypes.byref(y))
                out.append((x.value, height - y.value))
        return out
    finally:
        doc.close()


def test_turned_labels_stay_inside_the_chart_frame(qapp: object, tmp_path: Path) -> None:
    # A half-slide chart with long labels at 18 pt (oxsdk O12Typical page 9): turned by 45 degrees,
    # the first one reaches far left of its band; Office moves the plot's left edge in rather than
    # paint it past the chart's edge.
    frame = (36.0, 171.0, 318.0, 311.0)
    pdf = _deck(tmp_path, LONG, 18.0, frame)
    boxes = _char_boxes(pdf)
    label_chars = [b for b in boxes if b[2] > 300.0]  # below the plot's top: the category labels
    assert label_chars
    left, top, w, h = frame
    assert min(b[1] for b in label_chars) >= left - 0.5
    assert max(b[3] for b in label_chars) <= left + w + 0.5
    assert max(b[4] for b in label_chars) <= top + h + 0.5
    # The plot gave way: the first column starts right of where the value axis alone would put it.
    image = render_page(pdf)
    row = top + h * 0.45
    blue = [x for x in range(int(left), int(left + w)) if _bar(image.getpixel((x, int(row))))]
    if not blue:  # the first column may be short: look lower in the plot
        row = top + h * 0.55
        blue = [x for x in range(int(left), int(left + w)) if _bar(image.getpixel((x, int(row))))]
    assert blue and blue[0] > left + 60.0


def _bar(rgb: object) -> bool:
    assert isinstance(rgb, tuple)
    r, g, b = rgb[:3]
    return b > 150 and r < 120 and g < 160


def test_too_long_turned_labels_are_ellipsized(qapp: object, tmp_path: Path) -> None:
    # A quarter-slide chart at 24 pt: whole, the turned labels would leave the plot a sliver.
    # Office cuts them at a word's end and adds an ellipsis; short ones stay whole.
    frame = (20.0, 20.0, 340.0, 250.0)
    pdf = _deck(tmp_path, LONG, 24.0, frame)
    text = page_text(pdf)
    assert "\u2026" in text
    assert "imported" not in text  # the longest label lost its last words
    assert "ClipArt" in text  # short enough to stay whole
    boxes = _char_boxes(pdf)
    assert max(b[4] for b in boxes) <= frame[1] + frame[3] + 0.5
    assert min(b[1] for b in boxes) >= frame[0] - 0.5


def test_crowded_short_labels_turn_and_then_thin_out(qapp: object, tmp_path: Path) -> None:
    # Twelve months at 18 pt in a small chart: too wide level, too tall even turned to draw every
    # one. Office turns them first, then draws every other (not level labels thinned out).
    pdf = _deck(tmp_path, MONTHS, 18.0, (20.0, 20.0, 340.0, 250.0))
    angles = text_angles(pdf, MONTHS)
    assert 2 <= len(angles) < len(MONTHS)
    assert all(a == pytest.approx(45.0, abs=1.0) for a in angles.values())


def test_a_turned_left_label_ends_short_of_its_band_centre(qapp: object, tmp_path: Path) -> None:
    # The same ellipsized label turned 45 degrees left and right over one category: turned right it
    # starts on the anchor, turned left its ellipsis starts on the (inset) anchor: the baseline's
    # offset from the box centre shifts the two origins equally and oppositely, so twice the band's
    # centre less their sum is the inset: 0.279 em before the centre (office2pdf #1036).
    size = 20.0
    label = ["Graphics scanned or imported by the team last year"]
    frame = (20.0, 20.0, 300.0, 250.0)
    right = _deck(tmp_path / "r", label, size, frame, rot="2700000")
    left = _deck(tmp_path / "l", label, size, frame, rot="-2700000")
    start = _char_origins(right, "G")
    dots = _char_origins(left, "\u2026")
    assert start and dots
    centre = _bar_centre(render_page(left), frame)
    assert centre == pytest.approx(_bar_centre(render_page(right), frame), abs=1.0)
    inset = 2.0 * centre - (start[0][0] + dots[0][0])
    assert inset == pytest.approx(0.279 * size, abs=1.0)


def _bar_centre(image: object, frame: tuple[float, float, float, float]) -> float:
    left, top, w, h = frame
    for y in range(int(top + 30), int(top + h)):
        xs = [x for x in range(int(left), int(left + w)) if _bar(image.getpixel((x, y)))]  # type: ignore[attr-defined]
        if xs:
            return (xs[0] + xs[-1] + 1) / 2.0
    raise AssertionError("no column found")


@pytest.fixture(autouse=True)
def _dirs(tmp_path: Path) -> None:
    (tmp_path / "r").mkdir()
    (tmp_path / "l").mkdir()


def test_a_5000_character_label_is_cut_by_halving_not_one_character_at_a_time(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One label of 5,000 letters without a space and one of 1,000 words: each is cut to the longest
    # prefix that fits (a character cut, a word cut), found in a few dozen measurements; one
    # character shorter at a time took thousands (seconds, and 600 MB of laid-out text).
    from worker.render.charts import axis_fit

    measured: list[str] = []
    shorten = axis_fit.shorten

    def counting(frame: object, geom: object, text: str, limit: float) -> str | None:
        size = frame.styler.size  # type: ignore[attr-defined]
        original = size

        def size_counted(part: str, font: object) -> object:
            measured.append(part)
            return original(part, font)

        frame.styler.size = size_counted  # type: ignore[attr-defined]
        try:
            return shorten(frame, geom, text, limit)  # type: ignore[arg-type]
        finally:
            frame.styler.size = original  # type: ignore[attr-defined]

    monkeypatch.setattr(axis_fit, "shorten", counting)
    frame = (20.0, 20.0, 340.0, 250.0)
    letters, words = "L" * 5000, " ".join(f"w{i}" for i in range(1000))
    pdf = _deck(tmp_path, [letters, words, "Charts"], 24.0, frame)
    text = page_text(pdf)
    assert "LLLL\u2026" in text and "w0 w1" in text and "w999" not in text
    assert "Charts" in text
    boxes = _char_boxes(pdf)
    assert max(b[4] for b in boxes) <= frame[1] + frame[3] + 0.5
    assert min(b[1] for b in boxes) >= frame[0] - 0.5
    assert 0 < len(measured) < 200, len(measured)
