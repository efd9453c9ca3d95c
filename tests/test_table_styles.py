"""Office's built-in table styles named by id only: every id yields its family's style, the
definitions equal the ones PowerPoint writes into decks, and tables render in the colours the
style and the deck's theme imply."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pptx.util import Inches, Pt
from render_support import blank_slide, close, convert, new_deck, render_page, text_box

from worker.render.table_style_catalog import BUILTIN_TABLE_STYLES, TableStyleFamily, find_builtin
from worker.render.table_styles import builtin_table_style

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
RGB = tuple[int, int, int]


# --- the catalogue -------------------------------------------------------------------------------


def test_every_builtin_id_yields_its_family_and_accent() -> None:
    assert len(BUILTIN_TABLE_STYLES) == 74
    per_family = Counter(style.family for style in BUILTIN_TABLE_STYLES.values())
    assert per_family == {family: 4 if family is TableStyleFamily.DARK_2 else 7 for family in TableStyleFamily}
    for style_id, style in BUILTIN_TABLE_STYLES.items():
        el = builtin_table_style(style_id)
        assert el is not None, style.name
        assert el.tag == f"{{{A}}}tblStyle"
        assert el.get("styleId") == style_id
        assert el.get("styleName") == style.name
        assert el.find(f"{{{A}}}wholeTbl") is not None
        used = {c.get("val") for c in el.iter(f"{{{A}}}schemeClr")}
        accents = {v for v in used if v and v.startswith("accent")}
        if style.accent is None:
            assert not accents, style.name
        elif style.family is TableStyleFamily.DARK_2:
            assert accents == {f"accent{style.accent}", f"accent{style.accent + 1}"}, style.name
        else:
            assert accents == {f"accent{style.accent}"}, style.name
    # Decks write ids in either case; some writers drop the braces.
    lower = "{5c22544a-7ee6-4342-b048-85bdc9fd1c3a}"
    assert builtin_table_style(lower) is not None
    found = find_builtin("5C22544A-7EE6-4342-B048-85BDC9FD1C3A")
    assert found is not None and found.name == "Medium Style 2 - Accent 1"
    assert builtin_table_style("{00000000-0000-0000-0000-000000000000}") is None
    assert builtin_table_style("") is None


def test_names_follow_the_gallery() -> None:
    names = {style.name for style in BUILTIN_TABLE_STYLES.values()}
    assert len(names) == 74
    for expected in (
        "No Style, No Grid",
        "No Style, Table Grid",
        "Themed Style 2 - Accent 6",
        "Light Style 1",
        "Medium Style 4 - Accent 3",
        "Dark Style 2 - Accent 5/Accent 6",
    ):
        assert expected in names


def _canonical(style: etree._Element) -> dict[str, str]:
    """A style's parts as comparable text: empty parts and border sets dropped, the font
    reference's placeholder colour (which writers spell differently) ignored."""
    out: dict[str, str] = {}
    for part in style:
        copy = etree.fromstring(etree.tostring(part))
        for font_ref in copy.iter(f"{{{A}}}fontRef"):
            for c in list(font_ref):
                font_ref.remove(c)
        for name in ("tcBdr", "tcStyle"):
            for el in list(copy.iter(f"{{{A}}}{name}")):
                parent = el.getparent()
                if len(el) == 0 and not el.attrib and parent is not None:
                    parent.remove(el)
        if len(copy):
            out[etree.QName(copy).localname] = etree.tostring(copy, method="c14n").decode()
    return out


# Names PowerPoint 2007's pre-release builds gave the styles ("Medium Style 9", "Themed Style 5"):
# their definitions predate the shipped ones, so they are not the reference.
_PRERELEASE_NAME = re.compile(r"^(Themed|Light|Medium|Dark) Style \d+$")


def test_definitions_equal_the_ones_powerpoint_writes(corpus: Path) -> None:
    """Decks PowerPoint saved carry the definitions of the built-in styles they use."""
    known_names = {style.name for style in BUILTIN_TABLE_STYLES.values()}
    compared: set[str] = set()
    for deck in sorted((corpus / "decks").glob("*.pptx")):
        try:
            with zipfile.ZipFile(deck) as z:
                root = etree.fromstring(z.read("ppt/tableStyles.xml"))
        except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
            continue
        for stored in root.iter(f"{{{A}}}tblStyle"):
            builtin = find_builtin(stored.get("styleId", ""))
            name = stored.get("styleName", "")
            if builtin is None or not name:
                continue
            if name in known_names:
                assert name == builtin.name, f"{deck.name}: {stored.get('styleId')} is {name}"
            elif _PRERELEASE_NAME.match(name):
                continue
            ours = builtin_table_style(builtin.style_id)
            assert ours is not None
            assert _canonical(ours) == _canonical(stored), f"{deck.name}: {name}"
            compared.add(builtin.style_id)
    if not compared:
        pytest.skip("no deck in the corpus stores a built-in table style")
    # Every family that PowerPoint decks in the corpus use is covered, not one style.
    assert len(compared) >= 25
    assert len({BUILTIN_TABLE_STYLES[i].family for i in compared}) >= 8


# --- rendering -----------------------------------------------------------------------------------

# The table: 3 columns of 144 pt and 5 rows of 36 pt from (72, 72); one word in the first cell.
X0, Y0, COL, ROW, ROWS = 72.0, 72.0, 144.0, 36.0, 5
DPI = 144.0


@dataclass(frozen=True)
class ThemeColors:
    """The deck's theme colours, read straight from its XML (the default colour map)."""

    dk1: RGB
    lt1: RGB
    accent1: RGB
    accent2: RGB
    accent3: RGB
    accent4: RGB
    accent5: RGB
    accent6: RGB

    @property
    def tx1(self) -> RGB:
        return self.dk1

    @property
    def bg1(self) -> RGB:
        return self.lt1


def _theme_colors(deck: Path) -> ThemeColors:
    with zipfile.ZipFile(deck) as z:
        theme = etree.fromstring(z.read("ppt/theme/theme1.xml"))
    scheme = theme.find(f".//{{{A}}}clrScheme")
    assert scheme is not None
    found: dict[str, RGB] = {}
    for slot in scheme:
        value = slot[0].get("lastClr") or slot[0].get("val") or "000000"
        found[etree.QName(slot).localname] = (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
    return ThemeColors(**{name: found[name] for name in ThemeColors.__dataclass_fields__})


def _linear(c: int) -> float:
    v = c / 255.0
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _srgb(v: float) -> int:
    v = min(max(v, 0.0), 1.0)
    s = v * 12.92 if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055
    return round(s * 255)


def tint(color: RGB, amount: float) -> RGB:
    """ECMA-376 tint, as Office computes it: towards white in linear light."""
    r, g, b = (_srgb(_linear(c) * amount + (1 - amount)) for c in color)
    return r, g, b


def shade(color: RGB, amount: float) -> RGB:
    r, g, b = (_srgb(_linear(c) * amount) for c in color)
    return r, g, b


def over(color: RGB, alpha: float, under: RGB) -> RGB:
    r, g, b = (round(c * alpha + u * (1 - alpha)) for c, u in zip(color, under, strict=True))
    return r, g, b


WHITE: RGB = (255, 255, 255)
Expected = Callable[[ThemeColors], RGB]


@dataclass
class Case:
    style_id: str
    flags: dict[str, str]
    # (what, x pt, y pt, the colour the style implies from the theme's)
    samples: list[tuple[str, float, float, Expected]]
    header_text: Expected  # the header word's colour
    solid_theme_fills: bool = False  # theme fill styles 2 and 3 made solid, for the Themed styles


def _cell_centre(row: int, col: int) -> tuple[float, float]:
    # Right of the cell's middle, clear of the header word at its left.
    return X0 + COL * col + COL * 0.75, Y0 + ROW * row + ROW / 2


FIRST_BANDED = {"firstRow": "1", "bandRow": "1"}

CASES: dict[str, Case] = {
    "Themed Style 1 - Accent 2": Case(
        "{284E427A-3D55-4303-BF80-6455036E1DE7}",
        FIRST_BANDED,
        [
            ("header fill", *_cell_centre(0, 1), lambda t: t.accent2),
            (
                "band row over the table background",
                *_cell_centre(1, 1),
                lambda t: over(t.accent2, 0.4, tint(t.accent2, 0.5)),
            ),
            ("unbanded row: the theme's second fill", *_cell_centre(2, 1), lambda t: tint(t.accent2, 0.5)),
        ],
        lambda t: t.lt1,
        solid_theme_fills=True,
    ),
    "Themed Style 2 - Accent 4": Case(
        "{E269D01E-BC32-4049-B463-5C60D7B0CCD2}",
        FIRST_BANDED,
        [
            ("header on the theme's third fill", *_cell_centre(0, 1), lambda t: t.accent4),
            ("band row: light wash", *_cell_centre(1, 1), lambda t: over(t.lt1, 0.2, t.accent4)),
            ("unbanded row", *_cell_centre(2, 1), lambda t: t.accent4),
            ("rule under the header (theme line 3)", X0 + COL * 1.5, Y0 + ROW, lambda t: t.lt1),
        ],
        lambda t: t.lt1,
        solid_theme_fills=True,
    ),
    "Light Style 1 - Accent 3": Case(
        "{C083E6E3-FA7D-4D7B-A595-EF9225AFEA82}",
        FIRST_BANDED,
        [
            ("rule above the table", X0 + COL * 1.5, Y0, lambda t: t.accent3),
            ("rule under the header", X0 + COL * 1.5, Y0 + ROW, lambda t: t.accent3),
            ("header has no fill", *_cell_centre(0, 1), lambda t: t.lt1),
            ("band row", *_cell_centre(1, 1), lambda t: over(t.accent3, 0.2, t.lt1)),
            ("unbanded row", *_cell_centre(2, 1), lambda t: t.lt1),
            ("no vertical lines", X0 + COL, Y0 + ROW * 2.5, lambda t: t.lt1),
        ],
        lambda t: t.tx1,
    ),
    "Light Style 2 - Accent 5": Case(
        "{5A111915-BE36-4E01-A7E5-04B1672EAD32}",
        FIRST_BANDED,
        [
            ("header fill", *_cell_centre(0, 1), lambda t: t.accent5),
            ("body has no fill", *_cell_centre(2, 1), lambda t: t.lt1),
        ],
        lambda t: t.lt1,
    ),
    "Light Style 3 - Accent 6": Case(
        "{E8B1032C-EA38-4F05-BA0D-38AFFFC7BED3}",
        FIRST_BANDED,
        [
            ("vertical grid line", X0 + COL, Y0 + ROW * 2.5, lambda t: t.accent6),
            ("rule under the header", X0 + COL * 1.5, Y0 + ROW, lambda t: t.accent6),
            ("band row", *_cell_centre(1, 1), lambda t: over(t.accent6, 0.2, t.lt1)),
            ("unbanded row", *_cell_centre(2, 1), lambda t: t.lt1),
        ],
        lambda t: t.tx1,
    ),
    "Medium Style 1 - Accent 1": Case(
        "{B301B821-A1FF-4177-AEE7-76D212191A09}",
        FIRST_BANDED,
        [
            ("header fill", *_cell_centre(0, 1), lambda t: t.accent1),
            ("band row", *_cell_centre(1, 1), lambda t: tint(t.accent1, 0.2)),
            ("unbanded row", *_cell_centre(2, 1), lambda t: t.lt1),
            ("line between rows", X0 + COL * 1.5, Y0 + ROW * 3, lambda t: t.accent1),
            ("no vertical lines", X0 + COL, Y0 + ROW * 2.5, lambda t: t.lt1),
        ],
        lambda t: t.lt1,
    ),
    "Medium Style 2": Case(
        "{073A0DAA-6AF3-43AB-8588-CEC1D06C72B9}",
        FIRST_BANDED,
        [
            ("header fill", *_cell_centre(0, 1), lambda t: t.dk1),
            ("band row", *_cell_centre(1, 1), lambda t: tint(t.dk1, 0.4)),
            ("unbanded row", *_cell_centre(2, 1), lambda t: tint(t.dk1, 0.2)),
            ("light grid line", X0 + COL, Y0 + ROW * 2.5, lambda t: t.lt1),
        ],
        lambda t: t.lt1,
    ),
    "Medium Style 3 - Accent 2": Case(
        "{85BE263C-DBD7-4A20-BB59-AAB30ACAA65A}",
        FIRST_BANDED,
        [
            ("rule above the table", X0 + COL * 1.5, Y0, lambda t: t.dk1),
            ("header fill", *_cell_centre(0, 1), lambda t: t.accent2),
            ("band row", *_cell_centre(1, 1), lambda t: tint(t.dk1, 0.2)),
            ("unbanded row", *_cell_centre(2, 1), lambda t: t.lt1),
        ],
        lambda t: t.lt1,
    ),
    "Medium Style 4 - Accent 5": Case(
        "{22838BEF-8BB2-4498-84A7-C5851F593DF1}",
        FIRST_BANDED,
        [
            ("header: tinted like the body", *_cell_centre(0, 1), lambda t: tint(t.accent5, 0.2)),
            ("band row", *_cell_centre(1, 1), lambda t: tint(t.accent5, 0.4)),
            ("grid line", X0 + COL, Y0 + ROW * 2.5, lambda t: t.accent5),
        ],
        lambda t: t.dk1,
    ),
    "Dark Style 1 - Accent 6": Case(
        "{AF606853-7671-496A-8E4F-DF71F8EC918B}",
        {"firstRow": "1", "bandRow": "1", "firstCol": "1"},
        [
            ("header fill", *_cell_centre(0, 1), lambda t: t.dk1),
            ("band row", *_cell_centre(1, 1), lambda t: shade(t.accent6, 0.6)),
            ("unbanded row", *_cell_centre(2, 1), lambda t: t.accent6),
            ("first column", *_cell_centre(2, 0), lambda t: shade(t.accent6, 0.6)),
            ("rule right of the first column", X0 + COL, Y0 + ROW * 2.5, lambda t: t.lt1),
        ],
        lambda t: t.lt1,
    ),
    "Dark Style 2 - Accent 3/Accent 4": Case(
        "{91EBBBCC-DAD2-459C-BE2E-F6DE35CF9A28}",
        {"firstRow": "1", "bandRow": "1", "lastRow": "1"},
        [
            ("header in the second accent", *_cell_centre(0, 1), lambda t: t.accent4),
            ("band row", *_cell_centre(1, 1), lambda t: tint(t.accent3, 0.4)),
            ("unbanded row", *_cell_centre(2, 1), lambda t: tint(t.accent3, 0.2)),
            ("total row", *_cell_centre(4, 1), lambda t: tint(t.accent3, 0.2)),
        ],
        lambda t: t.lt1,
    ),
}

_SOLID_FILLS = (
    "<a:fillStyleLst>"
    '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    '<a:solidFill><a:schemeClr val="phClr"><a:tint val="50000"/></a:schemeClr></a:solidFill>'
    '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    "</a:fillStyleLst>"
)


def _build(path: Path, case: Case) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    frame = slide.shapes.add_table(ROWS, 3, Inches(X0 / 72), Inches(Y0 / 72), Inches(3 * COL / 72), Inches(1))
    table = frame.table
    for r in range(ROWS):
        table.rows[r].height = Pt(ROW)
    table.cell(0, 0).text = "Head"
    run = table.cell(0, 0).text_frame.paragraphs[0].runs[0]
    run.font.size = Pt(20)
    tbl_pr = table._tbl.tblPr
    for flag in ("firstRow", "bandRow", "firstCol", "lastRow", "lastCol", "bandCol"):
        tbl_pr.attrib.pop(flag, None)
    for flag, value in case.flags.items():
        tbl_pr.set(flag, value)
    style_id = tbl_pr.find(f"{{{A}}}tableStyleId")
    assert style_id is not None
    style_id.text = case.style_id
    prs.save(str(path))
    with zipfile.ZipFile(path) as z:
        # python-pptx's template stores no style definitions: the id alone names the style.
        assert b"<a:tblStyle " not in z.read("ppt/tableStyles.xml")
    if case.solid_theme_fills:
        _rewrite_theme(path)


def _rewrite_theme(path: Path) -> None:
    copy = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "ppt/theme/theme1.xml":
                text = re.sub(r"<a:fillStyleLst>.*?</a:fillStyleLst>", _SOLID_FILLS, data.decode(), flags=re.S)
                data = text.encode()
            dst.writestr(info, data)
    copy.replace(path)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Image.Image, ThemeColors]]:
    folder = tmp_path_factory.mktemp("table_styles")
    out = {}
    for i, (name, case) in enumerate(CASES.items()):
        deck = folder / f"style{i}.pptx"
        _build(deck, case)
        pdf, _ = convert(deck, folder, f"style{i}")
        out[name] = (pdf, render_page(pdf, dpi=DPI), _theme_colors(deck))
    return out


def _at(image: Image.Image, x: float, y: float) -> RGB:
    value = image.getpixel((int(x * DPI / 72), int(y * DPI / 72)))
    assert isinstance(value, tuple)
    return value[0], value[1], value[2]


def _text_color(pdf: Path, image: Image.Image, background: RGB) -> RGB:
    """The glyph colour of the header word: its pixel least like the cell's fill."""
    box = text_box(pdf, "Head")
    assert box is not None
    left, top, right, bottom = (v * DPI / 72 for v in box)
    pixels = [
        image.getpixel((x, y)) for x in range(int(left), int(right) + 1) for y in range(int(top), int(bottom) + 1)
    ]
    rgb = [(p[0], p[1], p[2]) for p in pixels if isinstance(p, tuple)]
    return max(rgb, key=lambda p: sum(abs(a - b) for a, b in zip(p, background, strict=True)))


@pytest.mark.parametrize("name", list(CASES))
def test_builtin_style_renders_its_colours(
    name: str, rendered: dict[str, tuple[Path, Image.Image, ThemeColors]]
) -> None:
    case = CASES[name]
    pdf, page, colors = rendered[name]
    for what, x, y, expr in case.samples:
        expected = expr(colors)
        got = _at(page, x, y)
        assert close(got, expected, 10), f"{name}: {what} at ({x}, {y}) is {got}, expected {expected}"
    header_fill = _at(page, *_cell_centre(0, 0))
    expected_text = case.header_text(colors)
    got_text = _text_color(pdf, page, header_fill)
    assert close(got_text, expected_text, 24), f"{name}: header text {got_text}, expected {expected_text}"


def test_unknown_style_id_draws_an_unstyled_table(tmp_path: Path) -> None:
    case = Case("{00000000-0000-0000-0000-000000000000}", FIRST_BANDED, [], lambda t: t.tx1)
    deck = tmp_path / "unknown.pptx"
    _build(deck, case)
    pdf, _ = convert(deck, tmp_path, "unknown")
    page = render_page(pdf, dpi=DPI)
    for row in range(ROWS):
        assert close(_at(page, *_cell_centre(row, 1)), WHITE, 4)


def _build_without_style_id(path: Path) -> None:
    """A table as PptxGenJS writes one (and PowerPoint a table pasted from Word): ``<a:tblPr/>``,
    no style id, no flags, cells without fills; the deck's tableStyles.xml names Medium Style 2 -
    Accent 1 as its default (``def``)."""
    prs = new_deck()
    slide = blank_slide(prs)
    frame = slide.shapes.add_table(ROWS, 3, Inches(X0 / 72), Inches(Y0 / 72), Inches(3 * COL / 72), Inches(1))
    for r in range(ROWS):
        frame.table.rows[r].height = Pt(ROW)
    tbl_pr = frame.table._tbl.tblPr
    for name in list(tbl_pr.attrib):
        del tbl_pr.attrib[name]
    for el in list(tbl_pr):
        tbl_pr.remove(el)
    prs.save(str(path))
    with zipfile.ZipFile(path) as z:
        assert b'def="{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"' in z.read("ppt/tableStyles.xml")


def test_table_without_style_id_is_unstyled(tmp_path: Path) -> None:
    """The list's ``def`` is the style new tables get when inserted (ECMA-376 21.1.4.2.27); a
    table that names no style has none, so its unfilled cells show the slide behind them."""
    deck = tmp_path / "no_style_id.pptx"
    _build_without_style_id(deck)
    pdf, _ = convert(deck, tmp_path, "no_style_id")
    page = render_page(pdf, dpi=DPI)
    for row in range(ROWS):
        for col in range(3):
            got = _at(page, *_cell_centre(row, col))
            assert close(got, WHITE, 4), f"cell ({row}, {col}) is {got}: a style's fill was drawn"
