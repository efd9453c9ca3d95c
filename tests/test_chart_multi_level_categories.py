"""Multi-level category axes (c:cat/c:multiLvlStrRef): the inner level labels the ticks, each outer
level's groups are labelled beyond it, centred on their categories, with lines between the groups;
c:noMultiLvlLbl keeps the inner level only.

Charts are made by python-pptx (which writes c:multiLvlStrRef for sub-categories), converted by the
built-in engine to real PDFs; label places are read from the PDF's text, lines from its raster.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Pt

from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
GROUPS = {"East": ["Ant", "Bee", "Cat"], "West": ["Dog", "Eel"], "North": ["Fox", "Gnu", "Hen"]}
SCALE = 2.0


def _convert(tmp_path: Path, kind: XL_CHART_TYPE, no_multi: bool = False, three_d: bool = False) -> pypdfium2.PdfPage:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    data = CategoryChartData()
    for outer, inner in GROUPS.items():
        group = data.add_category(outer)
        for name in inner:
            group.add_sub_category(name)
    data.add_series("S", (3, 10, 6, 13, 9, 5, 12, 8))
    frame = slide.shapes.add_chart(kind, Emu(457200), Emu(457200), Pt(576), Pt(432), data)
    frame.chart.has_legend = False
    frame.chart.font.size = Pt(12)
    for el in frame.chart._chartSpace.iter(f"{{{C}}}noMultiLvlLbl"):
        el.set("val", "1" if no_multi else "0")
    if three_d:
        # python-pptx writes no 3-D bars: the same chart as c:bar3DChart with a c:view3D.
        space = frame.chart._chartSpace
        bars = space.find(f".//{{{C}}}barChart")
        bars.tag = f"{{{C}}}bar3DChart"
        for overlap in bars.findall(f"{{{C}}}overlap"):
            bars.remove(overlap)
        space.find(f"{{{C}}}chart/{{{C}}}plotArea").addprevious(
            etree.fromstring(
                f'<c:view3D xmlns:c="{C}"><c:rotX val="15"/><c:rotY val="20"/><c:rAngAx val="1"/></c:view3D>'
            )
        )
    deck, out = tmp_path / "levels.pptx", tmp_path / "levels.pdf"
    prs.save(str(deck))
    BuiltinEngine().convert(deck, out, ConvertOptions(), no_progress, never_cancelled)
    return pypdfium2.PdfDocument(str(out))[0]


def _where(page: pypdfium2.PdfPage, text: str) -> tuple[float, float] | None:
    """Centre (x, y from the top, pt) of ``text`` on the page, None when it is not there."""
    textpage = page.get_textpage()
    found = textpage.search(text, match_whole_word=True).get_next()
    if found is None:
        return None
    boxes = [textpage.get_charbox(i) for i in range(found[0], found[0] + found[1])]
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    bottom, top = min(b[1] for b in boxes), max(b[3] for b in boxes)
    return (left + right) / 2, page.get_height() - (top + bottom) / 2


def _inked(page: pypdfium2.PdfPage, x: float, y: float) -> bool:
    """Whether anything but white is drawn within 1.5 pt of (x, y)."""
    img = np.asarray(page.render(scale=SCALE).to_pil().convert("L")).astype(int)
    px, py = round(x * SCALE), round(y * SCALE)
    return bool((img[py - 3 : py + 4, px - 3 : px + 4] < 200).any())


def test_column_chart_labels_outer_groups_below_the_ticks(tmp_path: Path) -> None:
    page = _convert(tmp_path, XL_CHART_TYPE.COLUMN_CLUSTERED)
    inner = {name: _where(page, name) for names in GROUPS.values() for name in names}
    assert all(p is not None for p in inner.values())
    for outer, names in GROUPS.items():
        at = _where(page, outer)
        assert at is not None, f"group label {outer} missing"
        xs = [inner[n][0] for n in names]  # type: ignore[index]
        assert at[1] > inner[names[0]][1] + 8  # type: ignore[index]  # a row below the tick labels
        # Centred on its categories' span (the centre of its first and last bands).
        assert abs(at[0] - (xs[0] + xs[-1]) / 2) < 2.0
    # A line runs between East and West through the group row; none between Ant and Bee there.
    row_y = _where(page, "West")[1]  # type: ignore[index]
    cat, dog = inner["Cat"], inner["Dog"]
    ant, bee = inner["Ant"], inner["Bee"]
    assert _inked(page, (cat[0] + dog[0]) / 2, row_y)  # type: ignore[index]
    assert not _inked(page, (ant[0] + bee[0]) / 2, row_y)  # type: ignore[index]


def test_bar_chart_labels_outer_groups_left_of_the_ticks(tmp_path: Path) -> None:
    page = _convert(tmp_path, XL_CHART_TYPE.BAR_CLUSTERED)
    west, dog, eel = _where(page, "West"), _where(page, "Dog"), _where(page, "Eel")
    assert west is not None and dog is not None and eel is not None
    assert west[0] < min(dog[0], eel[0]) - 8
    assert abs(west[1] - (dog[1] + eel[1]) / 2) < 2.0


def test_no_multi_level_label_keeps_the_inner_level(tmp_path: Path) -> None:
    page = _convert(tmp_path, XL_CHART_TYPE.COLUMN_CLUSTERED, no_multi=True)
    assert _where(page, "Dog") is not None
    assert all(_where(page, outer) is None for outer in GROUPS)


def test_3d_column_chart_labels_outer_groups_below_the_ticks(tmp_path: Path) -> None:
    page = _convert(tmp_path, XL_CHART_TYPE.COLUMN_CLUSTERED, three_d=True)
    for outer, names in GROUPS.items():
        at, first, last = _where(page, outer), _where(page, names[0]), _where(page, names[-1])
        assert at is not None and first is not None and last is not None
        assert at[1] > max(first[1], last[1]) + 8
        assert abs(at[0] - (first[0] + last[0]) / 2) < 3.0
