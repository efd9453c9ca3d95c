"""Text layout rules measured on PowerPoint's own PDF exports, checked on real PDFs we render.

Each test names the measurement it follows; char origins and font sizes come from pdfium.
"""

from __future__ import annotations

import math
import struct
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from PIL import ImageFont
from PySide6.QtCore import QRectF
from render_support import visible_chars
from text_support import render_pdf, styles_for, tx_body

BOX = QRectF(20, 20, 360, 200)


def _glyphs(path: Path) -> list[tuple[str, float, float, float]]:
    """Each visible character of page 1: (char, origin x, baseline from the page top, font size)."""
    return [(c.ch, c.x, c.baseline, c.size) for c in visible_chars(path)]


def _advance_pt(text: str, size_pt: float) -> float:
    """Carlito's advances for ``text`` (Calibri's stand-in), read with FreeType through PIL."""
    face = ImageFont.truetype(str(Path(__file__).parents[1] / "resources" / "fonts" / "Carlito-Regular.ttf"), 1000)
    return face.getlength(text) * size_pt / 1000.0


def _calibri(text: str, size: int, extra: str = "") -> str:
    return f'<a:r><a:rPr lang="en-US" sz="{size}"{extra}><a:latin typeface="Calibri"/></a:rPr><a:t>{text}</a:t></a:r>'


@pytest.mark.parametrize("size", [1250, 1050, 1375])
def test_a_fractional_font_size_is_set_at_that_size(qapp: object, tmp_path: Path, size: int) -> None:
    # PowerPoint sets a 12.5 pt run at 12.5 pt: a centred "total spend (-3% vs plan)" line in
    # o2pgold__08_marketing_report_en (reference_ppt) is 138.25 pt wide, where 13 pt would be 143.6.
    # Qt's font engine rounds sizes to whole pixels (one per point here), so this came out at 13.
    text = "total spend (-3% vs plan)"
    # Kerned from 1 pt up (kern="100"), as the advances read below are.
    run = _calibri(text + "|", size, ' kern="100"')
    body = tx_body(f"<a:p>{run}</a:p>", body_pr='<a:bodyPr wrap="none"/>')
    out = tmp_path / "fractional.pdf"
    render_pdf(out, body, BOX, styles_for(body))
    glyphs = _glyphs(out)
    pt = size / 100.0
    assert {round(g[3], 3) for g in glyphs} == {pt}
    # The bar starts where the text's advances at the true size end.
    assert glyphs[-1][1] - glyphs[0][1] == pytest.approx(_advance_pt(text, pt), abs=0.15)


@pytest.mark.parametrize(("size", "drawn"), [(1000, 7.0), (800, 5.0), (1200, 8.0), (600, 4.0), (1400, 9.0)])
def test_superscripts_and_subscripts_are_two_thirds_at_whole_points(
    qapp: object, tmp_path: Path, size: int, drawn: float
) -> None:
    # PowerPoint's PDFs draw a 10 pt superscript at 7 pt, 8 pt at 5, 12 pt at 8 and 6 pt at 4
    # (github.com/yukiyokotani/office-open-xml-viewer/pull/1383); the shift is the baseline
    # percentage of the run's own size (+9.59 pt for 30 % of 32 pt, github.com/developer0hye/office2pdf/issues/702).
    sup, sub = _calibri("2", size, ' baseline="30000"'), _calibri("3", size, ' baseline="-25000"')
    body = tx_body(f"<a:p>{_calibri('x', size)}{sup}{_calibri('y', size)}{sub}</a:p>")
    out = tmp_path / "scripts.pdf"
    render_pdf(out, body, BOX, styles_for(body))
    by_char = {g[0]: g for g in _glyphs(out)}
    assert by_char["x"][3] == pytest.approx(size / 100.0, abs=0.01)
    assert by_char["2"][3] == pytest.approx(drawn, abs=0.01)
    assert by_char["3"][3] == pytest.approx(drawn, abs=0.01)
    assert by_char["x"][2] - by_char["2"][2] == pytest.approx(0.3 * size / 100.0, abs=0.05)
    assert by_char["3"][2] - by_char["x"][2] == pytest.approx(0.25 * size / 100.0, abs=0.05)


def _starts(tmp_path: Path, ppr: str, runs: str) -> dict[str, float]:
    """Where each visible character starts, from the text area's left edge (no insets)."""
    body = tx_body(f"<a:p>{ppr}{runs}</a:p>", body_pr='<a:bodyPr lIns="0" tIns="0" rIns="0"/>')
    out = tmp_path / "tabs.pdf"
    render_pdf(out, body, BOX, styles_for(body))
    return {g[0]: g[1] - BOX.left() for g in _glyphs(out)}


def test_tab_stops_count_from_the_text_area_edge_not_the_margin(qapp: object, tmp_path: Path) -> None:
    # A stop at 252 pt lands 252 pt past the box's inset in native PowerPoint exports whatever the
    # paragraph's marL (github.com/developer0hye/office2pdf/pull/1045); default stops (multiples of
    # defTabSz after the last stop) sit on the same ruler as marL.
    br = '<a:br><a:rPr lang="en-US"/></a:br>'
    stop = '<a:tabLst><a:tab pos="1371600" algn="l"/></a:tabLst>'  # 108 pt
    starts = _starts(tmp_path, f'<a:pPr marL="457200" indent="0">{stop}</a:pPr>', _calibri("A\tB\tC", 1800))
    assert starts["A"] == pytest.approx(36.0, abs=0.05)
    assert starts["B"] == pytest.approx(108.0, abs=0.05)  # not marL + 108
    assert starts["C"] == pytest.approx(144.0, abs=0.05)  # the next default stop (2 x 72 pt)
    starts = _starts(tmp_path, '<a:pPr marL="457200" indent="0"/>', _calibri("A\tB", 1800))
    assert starts["B"] == pytest.approx(72.0, abs=0.05)
    # A hanging first line and a continuation line start apart; their stops stay on one ruler
    # (the hanging line also stops at marL first: tests/test_text_hanging_tab.py).
    starts = _starts(
        tmp_path,
        f'<a:pPr marL="457200" indent="-457200">{stop}</a:pPr>',
        _calibri("D\tE\tI", 1800) + br + _calibri("F\tG\tH", 1800),
    )
    assert (starts["D"], starts["F"]) == pytest.approx((0.0, 36.0), abs=0.05)
    assert (starts["E"], starts["I"]) == pytest.approx((36.0, 108.0), abs=0.05)
    assert (starts["G"], starts["H"]) == pytest.approx((108.0, 144.0), abs=0.05)


def _carlito_seat(size_pt: float) -> float:
    """Where a single-spaced Calibri line's baseline sits below its top, unrounded: Calibri's
    usWinAscent share of the 1.2 x size line (see test_a_line_seats_at_its_typefaces_windows_ascent_share),
    read from Carlito's OS/2 table (Carlito has Calibri's usWin figures, 1950/550)."""
    found = ImageFont.truetype(str(Path(__file__).parents[1] / "resources" / "fonts" / "Carlito-Regular.ttf"), 10)
    data = Path(str(found.path)).read_bytes()  # PIL also looks in the system's font folders
    tables = {}
    for i in range(struct.unpack(">H", data[4:6])[0]):
        tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        tables[tag] = offset
    ascent, descent = struct.unpack(">HH", data[tables[b"OS/2"] + 74 : tables[b"OS/2"] + 78])
    return 1.2 * size_pt * ascent / (ascent + descent)


def _whole(value: float) -> float:
    return float(math.floor(value + 0.5))


@pytest.mark.parametrize("pct", [90000, 80000])
def test_tight_line_spacing_keeps_the_gap_under_the_baseline(qapp: object, tmp_path: Path, pct: int) -> None:
    # Below 100 % PowerPoint takes the whole cut above the baseline: a line keeps single spacing's
    # gap under it, so a top-anchored 90 % paragraph rises by 10 % of 1.2 x size, not by 10 % of
    # its baseline's depth (github.com/developer0hye/office2pdf/issues/1254 on #1074's probe).
    # Each baseline then lands on a whole point of the body (see the test after this one).
    lines = '<a:br><a:rPr lang="en-US"/></a:br>'.join(_calibri(w, 4000) for w in ("Ab", "Cd", "Ef"))
    body = tx_body(
        f'<a:p><a:pPr><a:lnSpc><a:spcPct val="{pct}"/></a:lnSpc></a:pPr>{lines}</a:p>',
        body_pr='<a:bodyPr tIns="0"/>',
    )
    out = tmp_path / "tight.pdf"
    render_pdf(out, body, BOX, styles_for(body))
    spaced = [g[2] - BOX.top() for g in _glyphs(out) if g[0] in "ACE"]
    line, f, seat = 1.2 * 40.0, pct / 100000.0, _carlito_seat(40.0)
    first = line * f - (line - seat) if f < 1.0 else seat * f
    # Pitch: the percentage of 1.2 x size either way.
    assert spaced == pytest.approx([_whole(first + i * line * f) for i in range(3)], abs=0.02)


@pytest.mark.parametrize(
    ("face", "size", "pct", "seat"),
    [("Arial", 1000, 150000, 14.0), ("Arial", 1250, 150000, 17.0), ("Calibri", 4000, 150000, 54.0),
     ("Arial", 2000, 120000, 22.0), ("Calibri", 2400, 200000, 43.0), ("Arial", 2000, 104600, 19.0),
     ("Malgun Gothic", 2000, 150000, 27.0)],
)  # fmt: skip
def test_wide_line_spacing_seats_at_nine_tenths_of_the_size(
    qapp: object, tmp_path: Path, face: str, size: int, pct: int, seat: float
) -> None:
    # Above 100 % a spcPct line's baseline sits 0.9 x size x the percentage below its top, in
    # every typeface, the percentage first rounded to a whole one as PowerPoint keeps it: native
    # exports of top-anchored Arial at 150 % seat 10 pt lines 14.00 pt and 12.5 pt lines 16.88 pt
    # down (github.com/developer0hye/office2pdf/issues/1254, resolved by #1529), where scaling the
    # single line's Windows-ascent seat put them at 15 and 18. Baselines land on whole points;
    # the pitch stays the percentage of 1.2 x size. Each line holds a Hangul syllable: the lift
    # that raises Korean stand-ins in single spacing does not apply to a seat that reads no font.
    def run(text: str) -> str:
        return f'<a:r><a:rPr lang="en-US" sz="{size}"><a:latin typeface="{face}"/></a:rPr><a:t>{text}</a:t></a:r>'

    brk = f'<a:br><a:rPr lang="en-US" sz="{size}"><a:latin typeface="{face}"/></a:rPr></a:br>'
    lines = brk.join(run(w) for w in ("A가", "C나", "E다"))
    body = tx_body(
        f'<a:p><a:pPr><a:lnSpc><a:spcPct val="{pct}"/></a:lnSpc></a:pPr>{lines}</a:p>', body_pr='<a:bodyPr tIns="0"/>'
    )
    out = tmp_path / "wide.pdf"
    render_pdf(out, body, BOX, styles_for(body))
    got = [g[2] - BOX.top() for g in _glyphs(out) if g[0] in "ACE"]
    pitch = 1.2 * size / 100.0 * pct / 100000.0
    exact = 0.9 * size / 100.0 * round(pct / 1000.0) / 100.0
    assert got[0] == pytest.approx(seat, abs=0.02)
    assert got == pytest.approx([_whole(exact + i * pitch) for i in range(3)], abs=0.02)


def test_wide_exact_spacing_keeps_the_scaled_seat(qapp: object, tmp_path: Path) -> None:
    # The 0.9 x size seat is spcPct's alone: an exact rule above the single line keeps its own
    # path, the Windows-ascent seat scaled by the equivalent percentage (github.com/developer0hye/office2pdf/pull/1529
    # leaves spcPts as #1349 made it). 40 pt Calibri under spcPts 6000 (125 %).
    lines = '<a:br><a:rPr lang="en-US"/></a:br>'.join(_calibri(w, 4000) for w in ("Ab", "Cd", "Ef"))
    body = tx_body(
        f'<a:p><a:pPr><a:lnSpc><a:spcPts val="6000"/></a:lnSpc></a:pPr>{lines}</a:p>', body_pr='<a:bodyPr tIns="0"/>'
    )
    out = tmp_path / "exact_wide.pdf"
    render_pdf(out, body, BOX, styles_for(body))
    got = [g[2] - BOX.top() for g in _glyphs(out) if g[0] in "ACE"]
    assert got == pytest.approx([_whole(_carlito_seat(40.0) * 1.25 + i * 60.0) for i in range(3)], abs=0.02)


def test_baselines_land_on_whole_points_of_the_body(qapp: object, tmp_path: Path) -> None:
    # PowerPoint rounds each line's baseline, as a position in the text body, to a whole point:
    # 17 pt Arial paragraphs 20.4 + 10 pt apart land on 142.08, 172.08, 203.04, 233.04 (tops 0,
    # 30.4, 60.8, 91.2 below 126.0) in a native export, not on the unrounded 172.4 and 233.2
    # (github.com/developer0hye/office2pdf/issues/1259); every wrapped line rounds on its own
    # (#1584). 14.5 pt lines 17.4 pt apart show it finely: the seat keeps its fraction, the
    # baseline does not.
    after = '<a:pPr><a:spcAft><a:spcPts val="1000"/></a:spcAft></a:pPr>'
    paras = "".join(f"<a:p>{after}{_calibri(w, 1450)}</a:p>" for w in ("Ab", "Cd", "Ef", "Gh"))
    body = tx_body(paras, body_pr='<a:bodyPr tIns="0"/>')
    out = tmp_path / "whole.pdf"
    render_pdf(out, body, BOX, styles_for(body))
    got = [g[2] - BOX.top() for g in _glyphs(out) if g[0] in "ACEG"]
    seat = _carlito_seat(14.5)
    assert got == pytest.approx([_whole(i * 27.4 + seat) for i in range(4)], abs=0.02)
    assert [g - math.floor(g) for g in got] == pytest.approx([0.0] * 4, abs=0.02)
    # A ctr-anchored body rounds inside the body, which then moves as a whole.
    body = tx_body(paras, body_pr='<a:bodyPr tIns="0" bIns="0" anchor="ctr"/>')
    render_pdf(out, body, BOX, styles_for(body))
    centred = [g[2] for g in _glyphs(out) if g[0] in "ACEG"]
    assert [c - centred[0] for c in centred] == pytest.approx([g - got[0] for g in got], abs=0.02)


@pytest.mark.parametrize(("size", "points"), [(4000, 4000), (4000, 3600), (2800, 3300), (2000, 1500)])
def test_exact_line_spacing_seats_lines_like_the_equivalent_percentage(
    qapp: object, tmp_path: Path, size: int, points: int
) -> None:
    # An exact rule (spcPts) behaves as the equivalent percentage of the 1.2 x size line: the same
    # seat model with the stated pitch (native PowerPoint exports, github.com/developer0hye/office2pdf/pull/1349,
    # customGeo slide 23: 28 pt bullets under spcPts 3300 advance 33 pt on every wrapped line).
    def baselines(ppr: str) -> list[float]:
        lines = '<a:br><a:rPr lang="en-US"/></a:br>'.join(_calibri(w, size) for w in ("Ab", "Cd", "Ef"))
        body = tx_body(f"<a:p>{ppr}{lines}</a:p>", body_pr='<a:bodyPr tIns="0"/>')
        out = tmp_path / "exact.pdf"
        render_pdf(out, body, BOX, styles_for(body))
        return [g[2] for g in _glyphs(out) if g[0] in "ACE"]

    pct = round(points / (1.2 * size) * 100000)
    exact = baselines(f'<a:pPr><a:lnSpc><a:spcPts val="{points}"/></a:lnSpc></a:pPr>')
    percent = baselines(f'<a:pPr><a:lnSpc><a:spcPct val="{pct}"/></a:lnSpc></a:pPr>')
    assert exact[1] - exact[0] == pytest.approx(points / 100.0, abs=0.05)
    assert exact[2] - exact[1] == pytest.approx(points / 100.0, abs=0.05)
    assert exact == pytest.approx(percent, abs=0.05)


def _span(tmp_path: Path, kern: str) -> float:
    """How far "AVAVAVAV|" runs at 20 pt Calibri from its first glyph to the bar, with ``kern``."""
    body = tx_body(f"<a:p>{_calibri('AVAVAVAV|', 2000, kern)}</a:p>", body_pr='<a:bodyPr wrap="none"/>')
    out = tmp_path / "kern.pdf"
    render_pdf(out, body, BOX, styles_for(body))
    glyphs = _glyphs(out)
    return glyphs[-1][1] - glyphs[0][1]


def test_pairs_are_kerned_only_from_the_runs_kern_size_up(qapp: object, tmp_path: Path) -> None:
    # a:rPr kern is the smallest size PowerPoint kerns at (Office's default styles say 1200); a
    # run whose styles never state one is not kerned, as in WordprocessingML (ECMA-376 17.3.2.19).
    # Chart labels at 11.97 pt under kern="1200" print at their plain advances
    # (github.com/developer0hye/office2pdf/issues/1845).
    plain = _span(tmp_path, "")
    assert _span(tmp_path, ' kern="2400"') == pytest.approx(plain, abs=0.01)  # 20 pt is below 24
    assert plain == pytest.approx(4 * (_advance_pt("A", 20.0) + _advance_pt("V", 20.0)), abs=0.15)  # no pairs
    assert _span(tmp_path, ' kern="1200"') < plain - 1.0  # AV, VA pairs pulled together
    # 0 is "no kerning": what PowerPoint writes beside b="0" spc="0" when it spells every default out.
    assert _span(tmp_path, ' kern="0"') == pytest.approx(plain, abs=0.01)


def test_faces_without_a_legacy_kern_table_are_not_kerned(qapp: object, tmp_path: Path) -> None:
    # PowerPoint kerns from the 'kern' table only, never from OpenType GPOS pairs
    # (github.com/rsms/inter/issues/796): Noto Sans has GPOS pairs only, Liberation Sans both.
    def span(typeface: str, kern: str) -> float:
        rpr = f'<a:rPr lang="en-US" sz="2000"{kern}><a:latin typeface="{typeface}"/></a:rPr>'
        run = f"<a:r>{rpr}<a:t>AVAVAVAV|</a:t></a:r>"
        body = tx_body(f"<a:p>{run}</a:p>", body_pr='<a:bodyPr wrap="none"/>')
        out = tmp_path / "kern.pdf"
        render_pdf(out, body, BOX, styles_for(body))
        glyphs = _glyphs(out)
        return glyphs[-1][1] - glyphs[0][1]

    assert span("Noto Sans", ' kern="1200"') == pytest.approx(span("Noto Sans", ""), abs=0.01)
    assert span("Liberation Sans", ' kern="1200"') < span("Liberation Sans", "") - 1.0


# Arial's OS/2 usWinAscent / usWinDescent (per 2048 units), as quoted with the probes below;
# Liberation Sans, its stand-in, carries the same pair.
ARIAL_SHARE = 1854 / (1854 + 434)


def _arial(text: str, size: int) -> str:
    return f'<a:r><a:rPr lang="en-US" sz="{size}"><a:latin typeface="Arial"/></a:rPr><a:t>{text}</a:t></a:r>'


def _baselines(tmp_path: Path, paragraphs: str, width: float = BOX.width()) -> list[tuple[str, float]]:
    """The first character and baseline (below the box top) of each drawn line of a top-anchored
    body without insets."""
    body = tx_body(paragraphs, body_pr='<a:bodyPr lIns="0" tIns="0" rIns="0" bIns="0"/>')
    out = tmp_path / "seat.pdf"
    render_pdf(out, body, QRectF(BOX.left(), BOX.top(), width, BOX.height()), styles_for(body))
    lines: list[tuple[str, float]] = []
    for ch, _x, y, _size in _glyphs(out):
        if not lines or abs(lines[-1][1] - (y - BOX.top())) > 0.5:
            lines.append((ch, y - BOX.top()))
    return lines


PRIME_SIZES = [11, 13, 17, 23, 29, 37, 43, 53, 61]


@pytest.mark.parametrize("size", PRIME_SIZES)
def test_a_line_seats_at_its_typefaces_windows_ascent_share(qapp: object, tmp_path: Path, size: int) -> None:
    # Native PowerPoint 16 exports of zero-inset top-anchored Arial boxes at prime sizes 11-61 pt
    # put the first baseline at Arial's usWinAscent share of the 1.2 x size line, 0.97238 em
    # (rounded to a whole point of the body), not at the glyphs centred in it (0.94664 em with
    # Liberation Sans's ascent and descent): github.com/developer0hye/office2pdf/pull/1258, and
    # #1260 (a 32 pt label at 30.96 pt below its content top). At 37 pt that is 36 pt, not 35.
    lines = _baselines(tmp_path, f"<a:p>{_arial('Hx', size * 100)}</a:p>")
    assert lines == [("H", _whole(1.2 * size * ARIAL_SHARE))]


@pytest.mark.parametrize("size", PRIME_SIZES)
def test_the_paragraph_marks_typeface_shares_its_last_lines_box(qapp: object, tmp_path: Path, size: int) -> None:
    # Changing only <a:endParaRPr>'s typeface of an Arial deck moves every seat: a Calibri mark
    # seats Arial text at 0.94377 em (github.com/developer0hye/office2pdf/pull/1258): the line box
    # takes the most either face puts above the baseline and below it, scaled back to 1.2 em. A
    # paragraph without an endParaRPr keeps its runs' own seat (#1645).
    mark = f'<a:endParaRPr lang="en-US" sz="{size * 100}"><a:latin typeface="Calibri"/></a:endParaRPr>'
    calibri = 1950 / (1950 + 550)
    shared = ARIAL_SHARE / (ARIAL_SHARE + 1.0 - calibri)
    assert 1.2 * shared == pytest.approx(0.94377, abs=5e-5)
    lines = _baselines(tmp_path, f"<a:p>{_arial('Hx', size * 100)}{mark}</a:p>")
    assert lines == [("H", _whole(1.2 * size * shared))]
    bare = f'<a:endParaRPr lang="en-US" sz="{size * 100}"/>'  # Calibri from the theme
    assert _baselines(tmp_path, f"<a:p>{_arial('Hx', size * 100)}{bare}</a:p>") == lines
    absent = _baselines(tmp_path, f"<a:p>{_arial('Hx', size * 100)}</a:p>")
    assert absent == [("H", _whole(1.2 * size * ARIAL_SHARE))]


def test_only_a_wrapped_paragraphs_last_line_takes_the_marks_face(qapp: object, tmp_path: Path) -> None:
    # A wrapped Arial paragraph with a Calibri mark: its first line seats like Arial alone and only
    # the last line shares the mark's box (native width and mark-face probes,
    # github.com/developer0hye/office2pdf/pull/1585 on #1177: 143.04 wrapped, 142.08 unwrapped).
    size = 37
    mark = '<a:endParaRPr lang="en-US" sz="3700"><a:latin typeface="Calibri"/></a:endParaRPr>'
    lines = _baselines(tmp_path, f"<a:p>{_arial('Hx Hx Hx Hx Jy', size * 100)}{mark}</a:p>", width=120.0)
    assert len(lines) >= 2
    pitch = 1.2 * size
    shared = ARIAL_SHARE / (ARIAL_SHARE + 1.0 - 1950 / 2500)
    alone = [_whole(i * pitch + 1.2 * size * ARIAL_SHARE) for i in range(len(lines) - 1)]
    last = _whole((len(lines) - 1) * pitch + 1.2 * size * shared)
    assert [y for _ch, y in lines] == [*alone, last]
    assert lines[-1][0] == "J"


def test_a_typeface_without_known_windows_metrics_keeps_the_even_split(qapp: object, tmp_path: Path) -> None:
    # Verdana is drawn with DejaVu Sans, whose OS/2 figures are not Verdana's: a line whose box it
    # shares (here as the mark's face) keeps the glyphs centred in the 1.2 x size line, as before
    # (Liberation Sans's ascent and descent are Arial's 1854/434 per 2048), not Arial's share.
    mark = '<a:endParaRPr lang="en-US" sz="3700"><a:latin typeface="Verdana"/></a:endParaRPr>'
    lines = _baselines(tmp_path, f"<a:p>{_arial('Hx', 3700)}{mark}</a:p>")
    centred = (1.2 + (1854 - 434) / 2048) / 2 * 37  # 35.03
    assert lines == [("H", _whole(centred))]
    assert _whole(centred) != _whole(1.2 * 37 * ARIAL_SHARE)  # 36


def _matrices(path: Path) -> dict[str, tuple[float, float]]:
    """Each visible character of page 1 -> its text matrix's (c / d, b) (slant and rotation)."""
    doc = pdfium.PdfDocument(str(path))
    try:
        text = doc[0].get_textpage()
        out = {}
        for i in range(text.count_chars()):
            ch = text.get_text_range(i, 1)
            if ch.strip():
                m = pdfium_raw.FS_MATRIX()
                pdfium_raw.FPDFText_GetMatrix(text, i, m)
                out[ch] = (m.c / m.d, m.b)
        return out
    finally:
        doc.close()


def test_italic_in_a_typeface_without_an_italic_face_slants_as_powerpoint_does(qapp: object, tmp_path: Path) -> None:
    # PowerPoint slants italic text whose typeface has no italic face by 0.34 of the height above
    # the baseline: its PDF sets o2pgold 04_training_deck_ko's 15 pt Malgun Gothic quiz line at
    # [15 0 5.098 15] (reference_ppt p3; Word's exports measure the same 0.34,
    # github.com/developer0hye/office2pdf/issues/686). Qt's own synthesis wrote 0.3.
    hangul = '<a:r><a:rPr lang="ko-KR" sz="1500" i="1"><a:ea typeface="Malgun Gothic"/></a:rPr><a:t>퀴즈</a:t></a:r>'
    latin = _calibri("Quiz", 1500, ' i="1"')  # Carlito has an italic face: drawn as it is
    body = tx_body(f"<a:p>{hangul}{latin}</a:p>")
    out = tmp_path / "slant.pdf"
    render_pdf(out, body, BOX, styles_for(body))
    matrices = _matrices(out)
    assert matrices["퀴"][0] == pytest.approx(0.34, abs=0.002)
    assert matrices["즈"][0] == pytest.approx(0.34, abs=0.002)
    assert matrices["Q"][0] == pytest.approx(0.0, abs=0.002)
    # The slant pivots on the baseline: the glyphs keep their origins.
    glyphs = {g[0]: g for g in _glyphs(out)}
    assert glyphs["퀴"][2] == pytest.approx(glyphs["Q"][2], abs=0.01)
