"""Text painted into images: colours, highlight, invisible text, inheritance, vertical text, autofit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from lxml import etree
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage
from render_support import blank_slide, convert, new_deck, pixel, render_page
from text_support import ink_bounds, make_context, pixels, render_image, styles_for, tx_body, xml

from worker.render.text import TextStyleSources, measure_text_height

BOX = QRectF(20, 20, 300, 200)
SCALE = 2.0


def _count(image: QImage, kind: str) -> int:
    px = pixels(image).astype(int)
    r, g, b = px[..., 0], px[..., 1], px[..., 2]
    masks = {
        "red": (r > 180) & (g < 90) & (b < 90),
        "yellow": (r > 200) & (g > 200) & (b < 60),
        "blue": (b > 150) & (r < 100),
        "dark": (r < 60) & (g < 60) & (b < 60),
    }
    return int(masks[kind].sum())


def _p(text: str, rpr: str = '<a:rPr lang="en-US" sz="3200"/>', ppr: str = "") -> str:
    return f"<a:p>{ppr}<a:r>{rpr}<a:t>{text}</a:t></a:r></a:p>"


def test_run_colour_and_default_text_colour(qapp: object) -> None:
    body = tx_body(
        _p("Red", '<a:rPr lang="en-US" sz="3200"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:rPr>')
        + _p("Black")
    )
    image = render_image(body, BOX, styles_for(body), SCALE)
    assert _count(image, "red") > 50
    assert _count(image, "dark") > 50


def test_no_fill_text_is_invisible_and_highlight_is_painted(qapp: object) -> None:
    hidden = tx_body(_p("Hidden", '<a:rPr lang="en-US" sz="3200"><a:noFill/></a:rPr>'))
    assert ink_bounds(render_image(hidden, BOX, styles_for(hidden), 1.0)) is None
    marked = tx_body(
        _p("Marked", '<a:rPr lang="en-US" sz="3200"><a:highlight><a:srgbClr val="FFFF00"/></a:highlight></a:rPr>')
    )
    assert _count(render_image(marked, BOX, styles_for(marked), SCALE), "yellow") > 100


def test_list_style_levels_and_font_ref_colour(qapp: object) -> None:
    master = xml(
        "<a:bodyStyle>"
        '<a:lvl1pPr><a:defRPr sz="1200"><a:solidFill><a:srgbClr val="0000FF"/></a:solidFill></a:defRPr></a:lvl1pPr>'
        '<a:lvl2pPr><a:defRPr sz="4800"/></a:lvl2pPr>'
        "</a:bodyStyle>"
    )
    small = tx_body('<a:p><a:r><a:rPr lang="en-US"/><a:t>Hxg</a:t></a:r></a:p>')
    big = tx_body('<a:p><a:pPr lvl="1"/><a:r><a:rPr lang="en-US"/><a:t>Hxg</a:t></a:r></a:p>')
    small_ink = ink_bounds(render_image(small, BOX, styles_for(small, master), 1.0))
    big_ink = ink_bounds(render_image(big, BOX, styles_for(big, master), 1.0))
    assert small_ink is not None and big_ink is not None
    assert 3.0 < big_ink.height() / small_ink.height() < 5.0  # 48 pt against 12 pt
    blue = render_image(small, BOX, styles_for(small, master), 4.0)
    assert _count(blue, "blue") > 10
    # The shape style's fontRef colour beats the master's list style, but not the run's own colour.
    font_ref = xml('<a:fontRef idx="minor"><a:srgbClr val="FF0000"/></a:fontRef>')
    styled = render_image(small, BOX, styles_for(small, master, font_ref=font_ref), 4.0)
    assert _count(styled, "red") > 10
    assert _count(styled, "blue") == 0


def test_vertical_text_is_taller_than_wide(qapp: object) -> None:
    body = tx_body(_p("Vertical text"), body_pr='<a:bodyPr vert="vert" wrap="none"/>')
    ink = ink_bounds(render_image(body, QRectF(150, 20, 60, 260), styles_for(body), 1.0))
    assert ink is not None and ink.height() > 2 * ink.width()


def test_autofit_shrinks_overflowing_text_into_the_box(qapp: object) -> None:
    text = "".join(_p(f"Line number {i} of a long list") for i in range(12))
    box = QRectF(20, 20, 300, 150)
    plain = tx_body(text)
    fitted = tx_body(text, body_pr="<a:bodyPr><a:normAutofit/></a:bodyPr>")
    plain_ink = ink_bounds(render_image(plain, box, styles_for(plain), 1.0, page=(400, 700)))
    fitted_ink = ink_bounds(render_image(fitted, box, styles_for(fitted), 1.0, page=(400, 700)))
    assert plain_ink is not None and fitted_ink is not None
    assert plain_ink.bottom() > box.bottom() + 50  # 12 lines of 32 pt cannot fit in 150 pt
    assert fitted_ink.bottom() <= box.bottom() and fitted_ink.top() >= box.top()


def test_stored_font_scale_is_applied(qapp: object) -> None:
    full = tx_body(_p("Scaled"))
    half = tx_body(_p("Scaled"), body_pr='<a:bodyPr><a:normAutofit fontScale="50000"/></a:bodyPr>')
    full_ink = ink_bounds(render_image(full, BOX, styles_for(full), 1.0))
    half_ink = ink_bounds(render_image(half, BOX, styles_for(half), 1.0))
    assert full_ink is not None and half_ink is not None
    assert abs(half_ink.width() / full_ink.width() - 0.5) < 0.08


def test_measure_text_height_grows_with_text_and_narrowness(qapp: object) -> None:
    ctx = make_context()
    one = tx_body(_p("word " * 3))
    many = tx_body(_p("word " * 40))
    styles = TextStyleSources([], [], None)
    h_one = measure_text_height(ctx, one, 300, styles)
    h_many = measure_text_height(ctx, many, 300, styles)
    h_narrow = measure_text_height(ctx, many, 150, styles)
    # One 32 pt line (PowerPoint's single spacing: 1.2 x size) plus 7.2 pt of default insets.
    assert abs(h_one - (32 * 1.2 + 7.2)) < 0.5
    assert h_many > 2 * h_one and h_narrow > h_many


def test_split_word_height_after_a_whole_word_measure_matches_a_fresh_measure(qapp: object) -> None:
    # SmartArt's fit measures a box with whole words, then with words split where wider than the
    # line; the second answer may come from the first layout, and must be what a body measured
    # afresh gives: the same where every word fits, more lines where one word is wider than the box.
    ctx = make_context()
    styles = TextStyleSources([], [], None)
    short = _p("fits on lines of its own " * 6)
    long = _p("a " + "W" * 30 + " word wider than the box")
    for inner, splits in ((short, False), (long, True)):
        measured = tx_body(inner)
        whole = measure_text_height(ctx, measured, 200, styles, whole_words=True)
        split = measure_text_height(ctx, measured, 200, styles)
        fresh = measure_text_height(ctx, tx_body(inner), 200, styles)
        assert split == fresh
        assert split > whole + 30 if splits else split == whole


def test_paragraphs_without_runs_draw_nothing_but_still_take_height(qapp: object) -> None:
    # Empty placeholders are skipped when painting: no bullet, underline or highlight shows for a
    # paragraph without text, while a table row still grows by its empty lines.
    ppr = '<a:pPr marL="342900" indent="-342900"><a:buFont typeface="Arial"/><a:buChar char="&#8226;"/></a:pPr>'
    mark = '<a:highlight><a:srgbClr val="FFFF00"/></a:highlight>'
    end = f'<a:endParaRPr lang="en-US" sz="4000" u="sng">{mark}</a:endParaRPr>'
    empty = tx_body(f"<a:p>{ppr}{end}</a:p>" * 3)
    assert ink_bounds(render_image(empty, BOX, styles_for(empty), 1.0)) is None
    one = tx_body(f'<a:p>{ppr}<a:r><a:rPr lang="en-US" sz="4000"/><a:t>x</a:t></a:r>{end}</a:p>')
    ink = ink_bounds(render_image(one, BOX, styles_for(one), 1.0))
    assert ink is not None and ink.left() < BOX.left() + 15  # the bullet hangs at the box's left
    height = measure_text_height(make_context(), empty, 300, TextStyleSources([], [], None))
    assert abs(height - (3 * 40 * 1.2 + 7.2)) < 0.5


def test_ea_vert_stands_east_asian_characters_upright_and_stacks_them(qapp: object) -> None:
    # "一" is one horizontal stroke: turned with the line (vert) it is a tall bar; eaVert keeps it
    # upright (wide) while the characters still run down the column.
    box = QRectF(150, 20, 80, 260)
    rpr = '<a:rPr lang="ja-JP" sz="3200"/>'

    def ink(text: str, vert: str) -> QRectF:
        body = tx_body(_p(text, rpr), body_pr=f'<a:bodyPr vert="{vert}" wrap="none"/>')
        found = ink_bounds(render_image(body, box, styles_for(body), 1.0))
        assert found is not None
        return found

    turned = ink("\u4e00", "vert")
    upright = ink("\u4e00", "eaVert")
    assert turned.height() > 3 * turned.width()
    assert upright.width() > 3 * upright.height()
    column = ink("\u4e00\u4e00\u4e00", "eaVert")
    assert column.height() > 50 and column.width() == upright.width()
    # mongolianVert is eaVert with its lines running left to right: the same upright characters.
    mongolian = ink("\u4e00", "mongolianVert")
    assert mongolian.width() > 3 * mongolian.height()


def test_ea_vert_leaves_half_width_characters_turned_with_the_line(qapp: object) -> None:
    # eaVert stands East Asian characters upright; half-width digits and punctuation in the same
    # run stay turned with the line (Unicode vertical orientation R), as PowerPoint draws them.
    # "-" is a horizontal stroke: turned with the line it is a tall bar below the upright "一".
    box = QRectF(150, 20, 80, 260)
    rpr = '<a:rPr lang="ja-JP" sz="3200"/>'
    body = tx_body(_p("\u4e00-", rpr), body_pr='<a:bodyPr vert="eaVert" wrap="none"/>')
    image = render_image(body, box, styles_for(body), 1.0)
    alone = tx_body(_p("\u4e00", rpr), body_pr='<a:bodyPr vert="eaVert" wrap="none"/>')
    one = ink_bounds(render_image(alone, box, styles_for(alone), 1.0))
    assert one is not None
    ink = pixels(image).min(axis=2) < 200
    ink[: int(one.bottom()) + 3, :] = False  # what lies below the upright "一": the hyphen
    ys, xs = np.nonzero(ink)
    assert len(xs) > 0
    assert ys.max() - ys.min() > 2 * (xs.max() - xs.min() + 1)


def test_a_link_takes_the_theme_hyperlink_colour_over_its_runs_own(qapp: object, tmp_path: Path) -> None:
    # PowerPoint paints links in the theme's hlink colour (blue here) even when the run is red,
    # unless the link asks for the text colour (ahyp:hlinkClr val="tx", Office 2019).
    prs = new_deck()
    slide = blank_slide(prs)
    keep = (
        '<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:ext uri="{A12FA001-AC4F-418D-AE19-62706E023703}">'
        '<ahyp:hlinkClr xmlns:ahyp="http://schemas.microsoft.com/office/drawing/2018/hyperlinkcolor" val="tx"/>'
        "</a:ext></a:extLst>"
    )
    for i, ext in enumerate(("", keep)):
        box = slide.shapes.add_textbox(Inches(1), Inches(1 + 2 * i), Inches(6), Inches(1))
        run = box.text_frame.paragraphs[0].add_run()
        run.text = "MMMM"
        run.font.size = Pt(60)
        run.font.color.rgb = RGBColor(0xFF, 0, 0)
        run.hyperlink.address = "https://example.com/"
        if ext:
            run._r.rPr.find(qn("a:hlinkClick")).append(etree.fromstring(ext))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=72)
    inked = []
    for top in (72, 216):
        colours = [pixel(page, x, y) for x in range(80, 300, 2) for y in range(top + 10, top + 60, 2)]
        inked.append([c for c in colours if min(c) < 100])  # well inside the glyphs
    linked, kept = inked
    assert linked and all(c[2] > 150 and c[0] < 120 for c in linked)  # blue
    assert kept and all(c[0] > 150 and c[2] < 120 for c in kept)  # red


def test_arabic_run_in_a_centred_left_to_right_paragraph_is_centred(qapp: object) -> None:
    # A left-to-right paragraph (no rtl) whose first line is an Arabic run and a trailing space
    # before a line break: the line is centred on its ink, not started at the box's middle.
    arabic = (
        "\u0627\u0644\u062c\u0645\u0647\u0648\u0631\u064a\u0629 "  # republic
        "\u0627\u0644\u062c\u0632\u0627\u0626\u0631\u064a\u0629 "  # algerian
    )
    body = tx_body(
        '<a:p><a:pPr algn="ctr"/>'
        f'<a:r><a:rPr lang="ar-DZ" sz="2400"/><a:t>{arabic}</a:t></a:r>'
        '<a:br><a:rPr lang="fr-FR" sz="2400"/></a:br>'
        '<a:r><a:rPr lang="fr-FR" sz="2400"/><a:t>R\u00e9publique</a:t></a:r></a:p>',
        '<a:bodyPr lIns="0" rIns="0" tIns="0" bIns="0" anchor="t"/>',
    )
    image = render_image(body, BOX, styles_for(body), SCALE)
    first_line = image.copy(0, 0, image.width(), int((BOX.top() + 30) * SCALE))
    ink = ink_bounds(first_line)
    assert ink is not None
    centre = ink.center().x() / SCALE
    assert abs(centre - BOX.center().x()) < 3.0, (centre, BOX.center().x())


def test_emoji_are_drawn_in_colour_in_the_pdf(qapp: object, tmp_path: Path) -> None:
    """PowerPoint draws emoji with Segoe UI Emoji, in colour; the bundled colour emoji font stands
    in on every OS instead of empty boxes (black outlines)."""
    prs = new_deck()
    slide = blank_slide(prs)
    box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(6), Inches(1.5))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "Done \u2705 \U0001f680"
    run.font.size = Pt(60)
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    px = [pixel(page, x, y) for x in range(72, 72 * 7) for y in range(72, 72 * 2 + 36)]
    green = sum(1 for r, g, b in px if g > r + 30 and g > b + 60)  # the check mark's green square
    assert green > 400, green


def test_each_distinct_emoji_is_one_sharp_picture_in_the_pdf(qapp: object, tmp_path: Path) -> None:
    """Qt writes a colour glyph as a new 72 dpi JPEG at every occurrence (blurred when zoomed, and
    a deck of emoji grows by kilobytes each); drawn as pictures, each distinct emoji is stored once,
    losslessly, at 128 px per em."""
    from pypdf import PdfReader

    prs = new_deck()
    slide = blank_slide(prs)
    box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(8), Inches(4))
    box.text_frame.word_wrap = True
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "Launch \U0001f680 done \u2705 " * 15
    run.font.size = Pt(20)
    pdf, _ = convert(prs, tmp_path)
    page = PdfReader(pdf).pages[0]
    xobjects: Any = page["/Resources"]["/XObject"]  # type: ignore[index]
    images = [obj.get_object() for obj in xobjects.values()]
    images = [im for im in images if im["/Subtype"] == "/Image"]
    assert len(images) == 2, [(im["/Width"], im["/Height"]) for im in images]
    assert all(im["/Width"] >= 100 and im["/Filter"] == "/FlateDecode" for im in images)
    assert all("/SMask" in im for im in images)  # the emoji's transparent corners stay transparent
    assert "Launch" in page.extract_text()
    rendered = render_page(pdf)
    px = [pixel(rendered, x, y) for x in range(72, 72 * 9) for y in range(72, 72 * 3)]
    assert sum(1 for r, g, b in px if g > r + 30 and g > b + 60) > 100  # the check marks' green
