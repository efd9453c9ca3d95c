"""Run-level reflections (a:rPr/a:effectLst/a:reflection, ECMA-376 20.1.8.50): PowerPoint mirrors
each line of the runs that carry one below that line, fading out, as Text Effects > Reflection does."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from render_support import add_xml_shape, blank_slide, convert, new_deck, page_text, render_page, sp_xml, text_box

EMU_PT = 12700
BLACK = '<a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
# Full strength and no fade: the copy is the plain mirror image, easy to measure.
PLAIN = 'stA="100000" endA="100000" endPos="100000" dist="0" dir="5400000" sy="-100000" algn="bl" rotWithShape="0"'
FADING = 'stA="90000" endA="0" endPos="100000" dist="0" dir="5400000" sy="-100000" algn="bl" rotWithShape="0"'


def _run(text: str, reflection: str | None) -> str:
    effects = f"<a:effectLst><a:reflection {reflection}/></a:effectLst>" if reflection else ""
    return f'<a:r><a:rPr lang="en-US" sz="4000" b="1">{BLACK}{effects}</a:rPr><a:t>{text}</a:t></a:r>'


def _deck(tmp_path: Path, paragraphs: list[str]) -> tuple[Path, Image.Image]:
    """A box at (40, 40) pt with the given paragraphs (each a run list), 100 pt apart."""
    body = "".join(
        f'<a:p><a:pPr><a:spcBef><a:spcPts val="{0 if i == 0 else 6000}"/></a:spcBef></a:pPr>{runs}</a:p>'
        for i, runs in enumerate(paragraphs)
    )
    tx = f'<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0"/><a:lstStyle/>{body}</p:txBody>'
    prs = new_deck()
    add_xml_shape(blank_slide(prs), sp_xml(40 * EMU_PT, 40 * EMU_PT, 500 * EMU_PT, 400 * EMU_PT, text=tx))
    pdf, _ = convert(prs, tmp_path)
    return pdf, render_page(pdf)


def _ink(page: Image.Image, x0: float, x1: float, y: int) -> int:
    """How many pixels of row ``y`` between ``x0`` and ``x1`` are darker than the page."""
    count = 0
    for x in range(int(x0), int(x1) + 1):
        value = page.getpixel((x, y))
        assert isinstance(value, tuple)
        count += max(value[:3]) < 235
    return count


def _glyphs(pdf: Path, needle: str) -> tuple[float, float, float, float]:
    found = text_box(pdf, needle)
    assert found is not None, needle
    return found


def test_a_run_reflection_mirrors_its_line_below_it(tmp_path: Path) -> None:
    pdf, page = _deck(tmp_path, [_run("TTTT", PLAIN)])
    left, top, right, bottom = _glyphs(pdf, "TTTT")
    height = bottom - top
    rows = range(int(bottom) + 2, int(bottom + 2.5 * height))
    inked = {y: _ink(page, left, right, y) for y in rows}
    assert sum(1 for n in inked.values() if n) > 0.6 * height, inked  # a copy as tall as the glyphs
    # Upside down: the T's bar, its widest rows, is the part farthest from the line.
    widest = max(inked, key=lambda y: inked[y])
    narrow = [y for y, n in inked.items() if 0 < n < 0.5 * inked[widest]]
    assert narrow and max(narrow) < widest, (narrow, widest)
    # The text layer keeps the words once: the copy is a picture.
    assert page_text(pdf).count("TTTT") == 1


def test_without_a_reflection_nothing_is_drawn_below_the_line(tmp_path: Path) -> None:
    pdf, page = _deck(tmp_path, [_run("TTTT", None)])
    left, top, right, bottom = _glyphs(pdf, "TTTT")
    assert not any(_ink(page, left, right, y) for y in range(int(bottom) + 2, int(bottom + 2 * (bottom - top))))


def test_the_copy_fades_out_away_from_the_line(tmp_path: Path) -> None:
    pdf, page = _deck(tmp_path, [_run("IIII", FADING)])
    left, top, right, bottom = _glyphs(pdf, "IIII")
    height = bottom - top
    # The stems' copy: darkest next to the line, paler further down.
    x = int((left + right) / 2)
    column = [x + dx for dx in range(-40, 40)]

    def darkest(y: int) -> int:
        values = [page.getpixel((cx, y)) for cx in column]
        return min(max(v[:3]) for v in values if isinstance(v, tuple))

    start = next(y for y in range(int(bottom) + 2, int(bottom + 2 * height)) if darkest(y) < 235)
    near = min(darkest(y) for y in range(start, start + 4))
    far = min(darkest(y) for y in range(int(start + 0.75 * height), int(start + 0.9 * height)))
    assert near < 130, near
    assert far > near + 40, (near, far)


def test_each_line_is_mirrored_below_itself(tmp_path: Path) -> None:
    pdf, page = _deck(tmp_path, [_run("TTTT", PLAIN), _run("HHHH", PLAIN)])
    for word in ("TTTT", "HHHH"):
        left, top, right, bottom = _glyphs(pdf, word)
        below = range(int(bottom) + 2, int(bottom + 1.5 * (bottom - top)))
        assert sum(1 for y in below if _ink(page, left, right, y)) > 0.5 * (bottom - top), word


def test_only_the_runs_that_carry_it_are_mirrored(tmp_path: Path) -> None:
    pdf, page = _deck(tmp_path, [_run("TTTT", PLAIN) + _run(" HHHH", None)])
    t_left, top, t_right, bottom = _glyphs(pdf, "TTTT")
    h_left, _, h_right, _ = _glyphs(pdf, "HHHH")
    below = range(int(bottom) + 2, int(bottom + 2 * (bottom - top)))
    assert any(_ink(page, t_left, t_right, y) for y in below)
    assert not any(_ink(page, h_left + 2, h_right, y) for y in below)


def test_the_distance_moves_the_copy_down(tmp_path: Path) -> None:
    far = PLAIN.replace('dist="0"', f'dist="{30 * EMU_PT}"')
    pdf, page = _deck(tmp_path, [_run("TTTT", PLAIN)])
    left, _, right, bottom = _glyphs(pdf, "TTTT")
    near_start = next(y for y in range(int(bottom) + 2, int(bottom) + 120) if _ink(page, left, right, y))
    pdf, page = _deck(tmp_path, [_run("TTTT", far)])
    left, _, right, bottom = _glyphs(pdf, "TTTT")
    far_start = next(y for y in range(int(bottom) + 2, int(bottom) + 120) if _ink(page, left, right, y))
    assert 27 <= far_start - near_start <= 33, (near_start, far_start)
