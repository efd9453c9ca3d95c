"""WordArt text warps (a:prstTxWarp): the ink goes where the warp puts it, the words stay in the PDF."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image
from render_support import add_xml_shape, blank_slide, convert, new_deck, page_text, render_page, sp_xml

from worker.render.geometry.preset_library import text_warp_library

EMU = 12700  # per point
BOX = (72.0, 144.0, 432.0, 144.0)  # x, y, w, h of the text shape in points
DPI = 144.0
SCALE = DPI / 72.0


def _body(prst: str | None, lines: list[str], adjust: dict[str, int] | None, algn: str, size: int, rpr: str) -> str:
    av = "".join(f'<a:gd name="{k}" fmla="val {v}"/>' for k, v in (adjust or {}).items())
    warp = f'<a:prstTxWarp prst="{prst}"><a:avLst>{av}</a:avLst></a:prstTxWarp>' if prst else ""
    paras = "".join(
        f'<a:p><a:pPr algn="{algn}"/><a:r><a:rPr lang="en-US" sz="{size}" b="1">'
        f'{rpr}<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill><a:latin typeface="Arial"/></a:rPr>'
        f"<a:t>{line}</a:t></a:r></a:p>"
        for line in lines
    )
    return (
        '<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr">'
        f"{warp}</a:bodyPr><a:lstStyle/>{paras}</p:txBody>"
    )


def _deck(
    tmp_path: Path,
    prst: str | None,
    lines: list[str],
    adjust: dict[str, int] | None = None,
    algn: str = "ctr",
    size: int = 4000,
    rpr: str = "",
    name: str = "deck",
) -> Path:
    prs = new_deck()
    slide = blank_slide(prs)
    x, y, w, h = (int(v * EMU) for v in BOX)
    add_xml_shape(slide, sp_xml(x, y, w, h, text=_body(prst, lines, adjust, algn, size, rpr)))
    pdf, _ = convert(prs, tmp_path, name=name)
    return pdf


def _ink(image: Image.Image, rgb: tuple[int, int, int] = (0, 0, 255)) -> set[tuple[int, int]]:
    """Pixels (in points, rounded down) of the text colour."""
    pixels = np.asarray(image, dtype=np.int16)
    near = (np.abs(pixels - np.array(rgb, dtype=np.int16)) < 90).all(axis=2)
    ys, xs = np.nonzero(near)
    return {(int(x / SCALE), int(y / SCALE)) for x, y in zip(xs, ys, strict=True)}


def _columns(ink: set[tuple[int, int]], left: float, right: float) -> tuple[float, float]:
    """Topmost and bottommost ink between x = left and right (points)."""
    ys = [y for x, y in ink if left <= x < right]
    assert ys, f"no ink between x={left} and x={right}"
    return min(ys), max(ys)


def _bounds(ink: set[tuple[int, int]]) -> tuple[int, int, int, int]:
    xs = [x for x, _ in ink]
    ys = [y for _, y in ink]
    return min(xs), min(ys), max(xs), max(ys)


def test_every_preset_of_the_spec_is_transcribed() -> None:
    names = set(text_warp_library.names())
    assert len(names) == 41
    assert {"textNoShape", "textPlain", "textArchUp", "textButtonPour", "textDeflateInflateDeflate"} <= names
    assert text_warp_library.problems() == {}
    # Every preset but textNoShape has its paths; pairs for the envelopes.
    built = {name: text_warp_library.get(name).build(200.0, 100.0) for name in names}  # type: ignore[union-attr]
    assert len(built["textArchUp"].paths) == 1
    assert len(built["textButtonPour"].paths) == 6
    assert len(built["textDeflateInflateDeflate"].paths) == 6
    assert all(built[n].paths for n in names - {"textNoShape"})


def test_chevron_fills_the_box_and_peaks_in_the_middle(tmp_path: Path) -> None:
    pdf = _deck(tmp_path, "textChevron", ["TTTTTTT"])
    ink = _ink(render_page(pdf, dpi=DPI))
    x, y, w, h = BOX
    left, top, right, bottom = _bounds(ink)
    # The text's box is stretched onto the warp: the ink spans the shape from side to side,
    # and from its top (at the peak) to its bottom.
    assert abs(left - x) <= 3 and abs(right - (x + w)) <= 3
    assert abs(top - y) <= 3 and abs(bottom - (y + h)) <= 6  # the stems stand in from the corners
    middle_top, _ = _columns(ink, x + w / 2 - 10, x + w / 2 + 10)
    side_top, _ = _columns(ink, x, x + 20)
    # adj 25000: the sides start a quarter of the height lower than the peak.
    assert middle_top < side_top - 0.15 * h
    assert "TTTTTTT" in page_text(pdf)


def test_arch_up_raises_the_middle_letters(tmp_path: Path) -> None:
    pdf = _deck(tmp_path, "textArchUp", ["ARCHING OVER THE BOX"], size=3200)
    ink = _ink(render_page(pdf, dpi=DPI))
    left, _, right, _ = _bounds(ink)
    span = right - left
    middle_top, middle_bottom = _columns(ink, left + 0.45 * span, left + 0.55 * span)
    ends = [_columns(ink, left, left + 0.08 * span), _columns(ink, right - 0.08 * span, right + 1)]
    assert all(middle_top < end_top - 10 and middle_bottom < end_bottom - 15 for end_top, end_bottom in ends)
    # Centred text sits on the top of the arch, its baseline on the ellipse through the box's top.
    x, y, w, _ = BOX
    assert abs((left + right) / 2 - (x + w / 2)) <= 6
    assert abs(middle_bottom - y) <= 4
    # Follow path: the letters keep their size (32 pt capitals: about 23 pt tall).
    assert 19 <= middle_bottom - middle_top <= 27
    assert "ARCHING OVER THE BOX" in page_text(pdf)


def test_wave_rises_then_falls(tmp_path: Path) -> None:
    pdf = _deck(tmp_path, "textWave1", ["WAVEWAVEWAVE"])
    ink = _ink(render_page(pdf, dpi=DPI))
    x, _, w, _ = BOX
    first_top, first_bottom = _columns(ink, x + 0.2 * w, x + 0.3 * w)
    third_top, third_bottom = _columns(ink, x + 0.7 * w, x + 0.8 * w)
    # textWave1's edges bend up in the first half and down in the second.
    assert first_top < third_top - 8
    assert first_bottom < third_bottom - 8
    assert "WAVEWAVEWAVE" in page_text(pdf)


def test_can_up_bends_both_edges_up(tmp_path: Path) -> None:
    pdf = _deck(tmp_path, "textCanUp", ["IIIIIIIIIIIII"])  # stems from the top edge to the bottom one
    ink = _ink(render_page(pdf, dpi=DPI))
    left, _, right, _ = _bounds(ink)
    middle_top, middle_bottom = _columns(ink, (left + right) / 2 - 8, (left + right) / 2 + 8)
    end_top, end_bottom = _columns(ink, left, left + 8)
    assert middle_top < end_top - 8
    assert middle_bottom < end_bottom - 8
    assert "IIIIIIIIIIIII" in page_text(pdf)


def test_arch_up_pour_fills_the_band_between_two_arcs(tmp_path: Path) -> None:
    pdf = _deck(tmp_path, "textArchUpPour", ["POURING", "TEXT"])
    ink = _ink(render_page(pdf, dpi=DPI))
    x, y, w, h = BOX
    # At the middle the band runs from the top to the inner arc's top, a quarter down.
    middle_top, middle_bottom = _columns(ink, x + w / 2 - 5, x + w / 2 + 5)
    assert middle_top <= y + 4
    assert middle_bottom <= y + 0.3 * h
    # At the sides it comes down to the middle of the box.
    _, side_bottom = _columns(ink, x, x + 8)
    assert side_bottom >= y + 0.4 * h
    text = page_text(pdf)
    assert "POURING" in text and "TEXT" in text


def test_outline_survives_the_warp(tmp_path: Path) -> None:
    outline = '<a:ln w="38100"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:ln>'
    pdf = _deck(tmp_path, "textInflate", ["INFLATE"], rpr=outline)
    image = render_page(pdf, dpi=DPI)
    red = _ink(image, (255, 0, 0))
    blue = _ink(image, (0, 0, 255))
    assert len(red) > 200 and len(blue) > 200
    # The outline follows the glyphs stretched onto the warp: side to side, and at the middle
    # from the top of the upper bulge to the bottom of the lower one.
    x, y, w, h = BOX
    left, top, right, bottom = _bounds(red)
    assert abs(left - x) <= 5 and abs(right - (x + w)) <= 5
    assert abs(top - y) <= 5 and abs(bottom - (y + h)) <= 5


def test_no_shape_warp_changes_nothing(tmp_path: Path) -> None:
    flat = _deck(tmp_path, None, ["Flat text", "two lines"], name="flat")
    same = _deck(tmp_path, "textNoShape", ["Flat text", "two lines"], name="same")
    assert render_page(flat, dpi=DPI).tobytes() == render_page(same, dpi=DPI).tobytes()
    assert page_text(flat) == page_text(same)


def test_plain_warp_stretches_the_text_over_its_box(tmp_path: Path) -> None:
    """textPlain ("Square" in PowerPoint's gallery), even unadjusted: a small quote mark fills the
    square it sits in, as Google Slides' quote decorations rely on."""
    pdf = _deck(tmp_path, "textPlain", ["\u201c"], size=1000)
    x, y, w, h = BOX
    left, top, right, bottom = _bounds(_ink(render_page(pdf, dpi=DPI)))
    assert abs(left - x) <= 5 and abs(right - (x + w)) <= 5
    assert abs(top - y) <= 5 and abs(bottom - (y + h)) <= 5
    assert "\u201c" in page_text(pdf)


def test_adjusted_plain_warp_does_warp(tmp_path: Path) -> None:
    flat = _deck(tmp_path, None, ["Plain"], name="flat")
    warped = _deck(tmp_path, "textPlain", ["Plain"], adjust={"adj": 30000}, name="warped")
    assert render_page(flat, dpi=DPI).tobytes() != render_page(warped, dpi=DPI).tobytes()
    assert "Plain" in page_text(warped)


def _arch_lines(tmp_path: Path, colours: list[str], name: str) -> Image.Image:
    """textArchUp in a 200 pt square (no insets), one centred 'ABCDEF' line per colour."""
    paras = "".join(
        f'<a:p><a:pPr algn="ctr"/><a:r><a:rPr lang="en-US" sz="2400" b="1"><a:solidFill><a:srgbClr val="{c}"/>'
        '</a:solidFill><a:latin typeface="Arial"/></a:rPr><a:t>ABCDEF</a:t></a:r></a:p>'
        for c in colours
    )
    body = (
        '<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr">'
        f'<a:prstTxWarp prst="textArchUp"><a:avLst/></a:prstTxWarp></a:bodyPr><a:lstStyle/>{paras}</p:txBody>'
    )
    prs = new_deck()
    add_xml_shape(blank_slide(prs), sp_xml(200 * EMU, 200 * EMU, 200 * EMU, 200 * EMU, text=body))
    return render_page(convert(prs, tmp_path, name=name)[0], dpi=DPI)


def test_arch_lines_stand_on_concentric_arcs_at_their_own_spacing(tmp_path: Path) -> None:
    """A line stacked outside an arch runs on a concentric ellipse by its own length, so its
    letters keep their spacing: it spans about what the same line on the arch itself spans, not
    the (radius + line pitch) / radius wider fan that pushing glyphs out along the normals makes."""
    alone = _bounds(_ink(_arch_lines(tmp_path, ["0000FF"], "alone")))
    both = _arch_lines(tmp_path, ["FF0000", "0000FF"], "both")
    outer, inner = _bounds(_ink(both, (255, 0, 0))), _bounds(_ink(both, (0, 0, 255)))
    # The last line stays on the arch; the first stands above it.
    assert abs(inner[0] - alone[0]) <= 1 and abs(inner[2] - alone[2]) <= 1
    assert outer[3] < inner[1] + 8
    # Normals would widen the outer line by (100 + 28.8) / 100; its own arc keeps it within a few %.
    width_alone, width_outer = alone[2] - alone[0], outer[2] - outer[0]
    assert 0.9 * width_alone < width_outer < 1.1 * width_alone


def test_turned_text_is_warped_in_its_own_frame(tmp_path: Path) -> None:
    """vert and vert270 text is warped as its lines run: an arch up's crown is the turned frame's
    top, which vert puts at the box's right and vert270 at its left; the text no longer stays
    flat in the middle of the box."""
    crowns = {}
    for vert in ("vert", "vert270"):
        body = (
            f'<p:txBody><a:bodyPr vert="{vert}" wrap="none" anchor="ctr"><a:prstTxWarp prst="textArchUp">'
            '<a:avLst/></a:prstTxWarp></a:bodyPr><a:lstStyle/><a:p><a:pPr algn="ctr"/><a:r>'
            '<a:rPr lang="en-US" sz="2400"><a:solidFill><a:srgbClr val="0000FF"/></a:solidFill>'
            '<a:latin typeface="Arial"/></a:rPr><a:t>Arched</a:t></a:r></a:p></p:txBody>'
        )
        prs = new_deck()
        # 120 pt wide, 400 pt tall, centred at x 300.
        add_xml_shape(blank_slide(prs), sp_xml(240 * EMU, 70 * EMU, 120 * EMU, 400 * EMU, text=body))
        crowns[vert] = _bounds(_ink(render_page(convert(prs, tmp_path, name=vert)[0], dpi=DPI)))
    vert_box, vert270_box = crowns["vert"], crowns["vert270"]
    assert vert_box[0] > 330 and vert270_box[2] < 270
    # Along the box's height the word still sits around its middle (the crown), reading down it.
    assert vert_box[3] - vert_box[1] > 2 * (vert_box[2] - vert_box[0])
    assert abs((vert_box[1] + vert_box[3]) / 2 - 270) < 15


def _marked(tmp_path: Path, prst: str, name: str, attrs: str = "", kids: str = "", bullet: str = "") -> Image.Image:
    """One blue 'Marked' line warped by ``prst``; ``attrs`` and ``kids`` go into its a:rPr,
    ``bullet`` (with a hanging indent) into its a:pPr."""
    ppr = f'<a:pPr algn="ctr" marL="457200" indent="-457200">{bullet}</a:pPr>' if bullet else '<a:pPr algn="ctr"/>'
    body = (
        '<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr">'
        f'<a:prstTxWarp prst="{prst}"><a:avLst/></a:prstTxWarp></a:bodyPr><a:lstStyle/>'
        f'<a:p>{ppr}<a:r><a:rPr lang="en-US" sz="3200" {attrs}><a:solidFill><a:srgbClr val="0000FF"/>'
        f'</a:solidFill>{kids}<a:latin typeface="Arial"/></a:rPr><a:t>Marked</a:t></a:r></a:p></p:txBody>'
    )
    prs = new_deck()
    x, y, w, h = (int(v * EMU) for v in BOX)
    add_xml_shape(blank_slide(prs), sp_xml(x, y, w, h, text=body))
    return render_page(convert(prs, tmp_path, name=name)[0], dpi=DPI)


def test_underline_strike_highlight_and_bullet_are_warped_with_the_text(tmp_path: Path) -> None:
    for prst in ("textWave1", "textArchUp"):
        plain = _ink(_marked(tmp_path, prst, f"{prst}-plain"))
        under = _ink(_marked(tmp_path, prst, f"{prst}-u", attrs='u="sng"'))
        strike = _ink(_marked(tmp_path, prst, f"{prst}-strike", attrs='strike="sngStrike"'))
        # The lines add ink the glyphs alone do not have.
        assert len(under) > 1.05 * len(plain) and len(strike) > 1.03 * len(plain), prst
        # The underline bends with the text: under every stretch of the word, ink lies below
        # the plain glyphs' lowest ink there.
        left, _, right, _ = _bounds(plain)
        for k in range(1, 5):
            a = left + (right - left) * k / 5.0
            b = a + 4.0
            assert _columns(under, a, b)[1] > _columns(plain, a, b)[1], (prst, k)
        lit = _marked(tmp_path, prst, f"{prst}-hl", kids='<a:highlight><a:srgbClr val="FFFF00"/></a:highlight>')
        yellow, blue = _bounds(_ink(lit, (255, 255, 0))), _bounds(_ink(lit, (0, 0, 255)))
        # The highlight lies behind the warped word, around it.
        assert yellow[0] <= blue[0] + 2 and yellow[2] >= blue[2] - 2, prst
        assert yellow[1] <= blue[1] + 2 and yellow[3] >= blue[3] - 2, prst
        bullet = '<a:buClr><a:srgbClr val="FF0000"/></a:buClr><a:buFont typeface="Arial"/><a:buChar char="&#8226;"/>'
        page = _marked(tmp_path, prst, f"{prst}-bullet", bullet=bullet)
        dot, word = _bounds(_ink(page, (255, 0, 0))), _bounds(_ink(page, (0, 0, 255)))
        # The bullet is drawn, left of the word.
        assert dot[2] < word[0], prst


def test_a_gradient_fill_spans_the_warped_text(tmp_path: Path) -> None:
    gradient = (
        '<a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="FF0000"/></a:gs>'
        '<a:gs pos="100000"><a:srgbClr val="00FF00"/></a:gs></a:gsLst><a:lin ang="0"/></a:gradFill>'
    )
    pdf = _deck(tmp_path, "textInflate", ["INFLATE"], rpr=gradient)
    image = render_page(pdf, dpi=DPI)
    x, _y, w, _h = BOX
    red = {p for p in _ink(image, (230, 20, 0)) if p[0] < x + w / 4}
    green = {p for p in _ink(image, (20, 230, 0)) if p[0] > x + 3 * w / 4}
    assert len(red) > 100 and len(green) > 100, (len(red), len(green))  # red at the left, green at the right


def test_an_inner_shadow_follows_the_warped_glyphs(tmp_path: Path) -> None:
    shadow = (
        f'<a:effectLst><a:innerShdw dist="{int(4 * EMU)}" dir="0"><a:srgbClr val="FF0000"/></a:innerShdw></a:effectLst>'
    )
    pdf = _deck(tmp_path, "textInflate", ["INFLATE"], rpr=shadow)
    image = render_page(pdf, dpi=DPI)
    red, blue = _ink(image, (255, 0, 0)), _ink(image, (0, 0, 255))
    assert len(red) > 100 and len(blue) > 200, (len(red), len(blue))
    # Inside the glyphs: every red pixel has blue ink within the shadow's reach to its right.
    inside = [p for p in red if any((p[0] + dx, p[1]) in blue for dx in range(1, 8))]
    assert len(inside) > 0.8 * len(red)
