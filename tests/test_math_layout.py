"""Office Math laid out as PowerPoint lays it out (worker.render.math): bare OMML in a paragraph
(pandoc, Quarto, R Markdown write it so) gets its fractions stacked over a bar, scripts raised or
lowered at a smaller size, radicals drawn, letters in italic, and takes its place in the line.
Each construct is checked on the PDF: where its characters stand, their sizes and the ink drawn."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from render_support import PdfChar as Char
from render_support import page_text, render_page, unwrapped_text_pdf, visible_chars

A14 = "http://schemas.microsoft.com/office/drawing/2010/main"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
DPI = 288.0  # renders: 4 pixels a point


def _chars(pdf: Path) -> list[Char]:
    return visible_chars(pdf)


def _find(chars: list[Char], ch: str, nth: int = 0) -> Char:
    found = [c for c in chars if c.ch == ch]
    assert len(found) > nth, f"{ch!r} not in {[c.ch for c in chars]}"
    return found[nth]


def _r(text: str, sty: str | None = None, rpr: str = "") -> str:
    prop = f'<m:rPr><m:sty m:val="{sty}"/></m:rPr>' if sty else ""
    return f"<m:r>{prop}{rpr}<m:t>{text}</m:t></m:r>"


def _math(body: str, display: bool = False) -> str:
    inner = f"<m:oMath>{body}</m:oMath>"
    if display:
        inner = f"<m:oMathPara>{inner}</m:oMathPara>"
    return f'<a14:m xmlns:a14="{A14}" xmlns:m="{M}">{inner}</a14:m>'


def _pdf(tmp_path: Path, *paragraphs: str, size: int = 3200) -> Path:
    paras = "".join(
        f'<a:p><a:pPr><a:defRPr sz="{size}"/></a:pPr>{p}<a:endParaRPr sz="{size}"/></a:p>' for p in paragraphs
    )
    return unwrapped_text_pdf(tmp_path, paras)


def _ink(pdf: Path) -> np.ndarray:
    """Dark pixels of the page, 4 a point."""
    page = np.asarray(render_page(pdf, dpi=DPI)).astype(int)
    return page.sum(axis=2) < 300


def _px(points: float) -> int:
    return round(points * DPI / 72.0)


def test_fraction_stacks_numerator_over_a_bar_over_denominator(qapp: object, tmp_path: Path) -> None:
    pdf = _pdf(tmp_path, _math(_r("y") + _r("=", "p") + f"<m:f><m:num>{_r('a')}</m:num><m:den>{_r('b')}</m:den></m:f>"))
    chars = _chars(pdf)
    y, a, b = _find(chars, "y"), _find(chars, "a"), _find(chars, "b")
    assert a.baseline < y.baseline - 5 < y.baseline + 5 < b.baseline  # numerator up, denominator down
    assert abs(a.x - b.x) < 3  # one over the other (both centred)
    assert a.size < y.size  # an inline fraction's parts at script size
    ink = _ink(pdf)
    # The bar: a row of ink between the numerator's baseline and the denominator's top, across both.
    rows = ink[_px(a.baseline) + 1 : _px(b.baseline - b.size * 0.5), _px(a.x) : _px(a.right)]
    assert rows.all(axis=1).any()
    assert "".join(page_text(pdf).split()) == "y=ab"


def test_bar_types_linear_skewed_and_no_bar(qapp: object, tmp_path: Path) -> None:
    def frac(kind: str) -> str:
        return f'<m:f><m:fPr><m:type m:val="{kind}"/></m:fPr><m:num>{_r("a")}</m:num><m:den>{_r("b")}</m:den></m:f>'

    linear = _chars(_pdf(tmp_path / "lin", _math(frac("lin"))))
    a, slash, b = _find(linear, "a"), _find(linear, "/"), _find(linear, "b")
    assert a.baseline == slash.baseline == b.baseline and a.x < slash.x < b.x
    skewed = _chars(_pdf(tmp_path / "skw", _math(frac("skw"))))
    a, slash, b = _find(skewed, "a"), _find(skewed, "/"), _find(skewed, "b")
    assert a.baseline < slash.baseline < b.baseline and a.x < slash.x < b.x
    pdf = _pdf(tmp_path / "nobar", _math(frac("noBar")))
    stacked = _chars(pdf)
    a, b = _find(stacked, "a"), _find(stacked, "b")
    assert a.baseline < b.baseline and abs(a.x - b.x) < 3
    between = _ink(pdf)[_px(a.baseline) + 2 : _px(b.baseline - b.size * 0.5), _px(a.x) : _px(a.right)]
    assert not between.all(axis=1).any()  # no bar


def test_display_fraction_keeps_its_parts_at_full_size(qapp: object, tmp_path: Path) -> None:
    body = _r("y") + f"<m:f><m:num>{_r('a')}</m:num><m:den>{_r('b')}</m:den></m:f>"
    chars = _chars(_pdf(tmp_path, _math(body, display=True)))
    y, a, b = _find(chars, "y"), _find(chars, "a"), _find(chars, "b")
    assert abs(a.size - y.size) < 0.5 and abs(b.size - y.size) < 0.5
    assert a.baseline < y.baseline < b.baseline


def test_superscript_and_subscript_are_smaller_and_moved(qapp: object, tmp_path: Path) -> None:
    sup = f"<m:sSup><m:e>{_r('x')}</m:e><m:sup>{_r('2', 'p')}</m:sup></m:sSup>"
    sub = f"<m:sSub><m:e>{_r('y')}</m:e><m:sub>{_r('3', 'p')}</m:sub></m:sSub>"
    both = f"<m:sSubSup><m:e>{_r('z')}</m:e><m:sub>{_r('4', 'p')}</m:sub><m:sup>{_r('5', 'p')}</m:sup></m:sSubSup>"
    pre = f"<m:sPre><m:sub>{_r('6', 'p')}</m:sub><m:sup>{_r('7', 'p')}</m:sup><m:e>{_r('w')}</m:e></m:sPre>"
    chars = _chars(_pdf(tmp_path, _math(sup + _r("+", "p") + sub + _r("+", "p") + both + _r("+", "p") + pre)))
    x, two = _find(chars, "x"), _find(chars, "2")
    assert two.size < x.size * 0.8 and two.baseline < x.baseline - 5 and two.x >= x.right - 1
    y, three = _find(chars, "y"), _find(chars, "3")
    assert three.size < y.size * 0.8 and three.baseline > y.baseline + 3
    z, four, five = _find(chars, "z"), _find(chars, "4"), _find(chars, "5")
    assert five.baseline < z.baseline < four.baseline and abs(four.x - five.x) < 1
    w, six, seven = _find(chars, "w"), _find(chars, "6"), _find(chars, "7")
    assert six.right <= w.x + 1 and seven.right <= w.x + 1 and seven.baseline < w.baseline < six.baseline
    # Nested: a superscript's superscript is smaller still.
    inner = f"<m:sSup><m:e>{_r('k')}</m:e><m:sup>{_r('9', 'p')}</m:sup></m:sSup>"
    nested = f"<m:sSup><m:e>{_r('e')}</m:e><m:sup>{inner}</m:sup></m:sSup>"
    deep = _chars(_pdf(tmp_path / "nested", _math(nested)))
    e, k, nine = _find(deep, "e"), _find(deep, "k"), _find(deep, "9")
    assert nine.size < k.size < e.size and nine.baseline < k.baseline < e.baseline


def test_letters_are_italic_unless_plain_or_normal_text(qapp: object, tmp_path: Path) -> None:
    normal = "<m:r><m:rPr><m:nor/></m:rPr><m:t>n</m:t></m:r>"
    chars = _chars(_pdf(tmp_path, _math(_r("x") + _r("p", "p") + normal + _r("1"))))
    assert "Italic" in _find(chars, "x").font
    assert "Italic" not in _find(chars, "p").font
    assert "Italic" not in _find(chars, "n").font
    assert "Italic" not in _find(chars, "1").font


def test_radical_draws_its_sign_and_overbar(qapp: object, tmp_path: Path) -> None:
    rad = f'<m:rad><m:radPr><m:degHide m:val="1"/></m:radPr><m:deg/><m:e>{_r("b")}</m:e></m:rad>'
    pdf = _pdf(tmp_path, _math(_r("a", "p") + rad))
    chars = _chars(pdf)
    a, b = _find(chars, "a"), _find(chars, "b")
    assert b.baseline == a.baseline
    ink = _ink(pdf)
    top = _px(b.baseline - b.size * 0.95)
    # The sign between a and b: ink from the baseline up to the bar.
    sign = ink[top : _px(b.baseline), _px(a.right) + 1 : _px(b.x)]
    assert sign.any(axis=1).sum() > 0.6 * sign.shape[0]
    # The overbar: a full row of ink over b, above its letters.
    bar = ink[top : _px(b.baseline - b.size * 0.6), _px(b.x) : _px(b.right)]
    assert bar.all(axis=1).any()
    degree = f"<m:rad><m:deg>{_r('3', 'p')}</m:deg><m:e>{_r('c')}</m:e></m:rad>"
    with_degree = _chars(_pdf(tmp_path / "deg", _math(degree)))
    three, c = _find(with_degree, "3"), _find(with_degree, "c")
    assert three.size < c.size and three.baseline < c.baseline and three.x < c.x


def test_nary_limits_over_and_under_in_display_beside_inline(qapp: object, tmp_path: Path) -> None:
    nary = (
        '<m:nary><m:naryPr><m:chr m:val="∑"/><m:limLoc m:val="undOvr"/></m:naryPr>'
        f"<m:sub>{_r('i')}</m:sub><m:sup>{_r('n')}</m:sup><m:e>{_r('x')}</m:e></m:nary>"
    )
    display = _chars(_pdf(tmp_path / "display", _math(nary, display=True)))
    op, i, n, x = (_find(display, c) for c in "∑inx")
    assert n.baseline < op.baseline - op.size * 0.5 and i.baseline > op.baseline
    assert op.x - 2 < i.x < op.right and op.x - 2 < n.x < op.right  # centred over and under
    assert op.size > x.size * 1.2 and x.x > op.right  # a large operator, then its operand
    inline = _chars(_pdf(tmp_path / "inline", _math(nary)))
    op, i, n = (_find(inline, c) for c in "∑in")
    assert i.x >= op.right - 1 and n.x >= op.right - 1  # as scripts
    hidden = nary.replace("</m:naryPr>", '<m:subHide m:val="1"/><m:supHide m:val="1"/></m:naryPr>')
    assert "".join(page_text(_pdf(tmp_path / "hidden", _math(hidden))).split()) == "∑x"


def test_delimiters_grow_around_a_fraction_and_separate(qapp: object, tmp_path: Path) -> None:
    frac = f"<m:f><m:num>{_r('a')}</m:num><m:den>{_r('b')}</m:den></m:f>"
    grown = f"<m:d><m:e>{frac}</m:e></m:d>"
    chars_pr = '<m:dPr><m:begChr m:val="["/><m:sepChr m:val=","/><m:endChr m:val="]"/></m:dPr>'
    plain = f"<m:d>{chars_pr}<m:e>{_r('c')}</m:e><m:e>{_r('d')}</m:e></m:d>"
    pdf = _pdf(tmp_path, _math(grown + plain))
    chars = _chars(pdf)
    assert "".join(page_text(pdf).split()) == "(ab)[c,d]"
    ink = _ink(pdf)

    def height(ch: Char) -> int:
        rows = ink[:, _px(ch.x) : _px(ch.right)].any(axis=1)
        return int(rows.sum())

    assert height(_find(chars, "(")) > 1.3 * height(_find(chars, "["))
    c, comma, d = _find(chars, "c"), _find(chars, ","), _find(chars, "d")
    assert c.x < comma.x < d.x


def test_matrix_and_equation_array_rows(qapp: object, tmp_path: Path) -> None:
    matrix = (
        f"<m:m><m:mr><m:e>{_r('a')}</m:e><m:e>{_r('b')}</m:e></m:mr>"
        f"<m:mr><m:e>{_r('c')}</m:e><m:e>{_r('d')}</m:e></m:mr></m:m>"
    )
    chars = _chars(_pdf(tmp_path, _math(matrix)))
    a, b, c, d = (_find(chars, ch) for ch in "abcd")
    assert a.baseline == b.baseline < c.baseline == d.baseline
    assert a.x < b.x and c.x < d.x and abs(a.x - c.x) < 3
    rows = f"<m:eqArr><m:e>{_r('p')}</m:e><m:e>{_r('q')}</m:e></m:eqArr>"
    array = _chars(_pdf(tmp_path / "eq", _math(rows)))
    assert _find(array, "p").baseline < _find(array, "q").baseline


def test_accent_bar_group_limits_function_box_border_phantom(qapp: object, tmp_path: Path) -> None:
    parts = [
        f'<m:acc><m:accPr><m:chr m:val="\u0302"/></m:accPr><m:e>{_r("a")}</m:e></m:acc>',
        f'<m:bar><m:barPr><m:pos m:val="top"/></m:barPr><m:e>{_r("b")}</m:e></m:bar>',
        f"<m:groupChr><m:e>{_r('c')}</m:e></m:groupChr>",
        f"<m:limLow><m:e>{_r('lim', 'p')}</m:e><m:lim>{_r('k')}</m:lim></m:limLow>",
        f"<m:limUpp><m:e>{_r('d')}</m:e><m:lim>{_r('u')}</m:lim></m:limUpp>",
        f"<m:func><m:fName>{_r('sin')}</m:fName><m:e>{_r('t')}</m:e></m:func>",
        f"<m:box><m:e>{_r('v')}</m:e></m:box>",
        f"<m:borderBox><m:e>{_r('w')}</m:e></m:borderBox>",
        f'<m:phant><m:phantPr><m:show m:val="0"/></m:phantPr><m:e>{_r("z")}</m:e></m:phant>',
        "<m:unknownThing>" + _r("y") + "</m:unknownThing>",
    ]
    pdf = _pdf(tmp_path, _math(_r("+", "p").join(parts)))
    chars = _chars(pdf)
    text = "".join(page_text(pdf).split())
    assert "lim" in text and "sin" in text and "y" in text
    assert "z" not in text  # a hidden phantom takes room only
    assert "ˆ" not in text  # an accent decorates its letter: not text of its own
    ink = _ink(pdf)
    a = _find(chars, "a")
    hat = ink[_px(a.top - a.size * 0.5) : _px(a.top) - 1, _px(a.x) : _px(a.right)]
    assert hat.any()  # the circumflex over the letter
    lim, k = _find(chars, "l"), _find(chars, "k")
    assert k.baseline > lim.baseline and k.size < lim.size
    d, u = _find(chars, "d"), _find(chars, "u")
    assert u.baseline < d.baseline - d.size * 0.5
    assert "Italic" not in _find(chars, "s").font  # function names stand upright
    assert "Italic" in _find(chars, "t").font
    ink = _ink(pdf)
    w = _find(chars, "w")
    frame = ink[_px(w.baseline - w.size * 0.4) : _px(w.baseline), _px(w.x - 6) : _px(w.x)]
    assert frame.all(axis=0).any()  # the border box's left side


def test_inline_math_shares_the_line_with_words(qapp: object, tmp_path: Path) -> None:
    math = _math(_r("E") + _r("=", "p") + f"<m:sSup><m:e>{_r('m')}</m:e><m:sup>{_r('2', 'p')}</m:sup></m:sSup>")
    pdf = _pdf(
        tmp_path,
        f'<a:r><a:rPr lang="en-US" sz="2000"/><a:t>Then </a:t></a:r>{math}'
        f'<a:r><a:rPr lang="en-US" sz="2000"/><a:t> holds.</a:t></a:r>',
    )
    chars = _chars(pdf)
    t, e, two, h = (_find(chars, c) for c in "TE2d")
    assert abs(t.baseline - e.baseline) < 0.5 and abs(h.baseline - e.baseline) < 0.5
    assert t.right <= e.x and h.x >= two.right  # in order, nothing overlapping
    assert two.baseline < e.baseline and two.size < e.size and "Italic" in e.font
    assert "".join(page_text(pdf).split()) == "ThenE=m2holds."


def test_a_tall_equation_opens_its_line(qapp: object, tmp_path: Path) -> None:
    frac = f"<m:f><m:num>{_r('a')}</m:num><m:den>{_r('b')}</m:den></m:f>"
    tall = f"<m:f><m:num>{frac}</m:num><m:den>{frac}</m:den></m:f>"
    word = '<a:r><a:rPr lang="en-US" sz="3200"/><a:t>Next</a:t></a:r>'
    plain = _chars(_pdf(tmp_path / "plain", word, word))
    pdf = _pdf(tmp_path / "tall", _math(tall, display=True), word)
    chars = _chars(pdf)
    pitch = _find(plain, "N", 1).baseline - _find(plain, "N").baseline
    top_a = _find(chars, "a")
    bottom_b = _find(chars, "b", 1)
    assert top_a.baseline - top_a.size * 0.45 >= 40 - 1  # inside the box: the line opened upward
    assert _find(chars, "N").baseline - top_a.size * 0.7 > bottom_b.baseline  # the next line below the math
    assert _find(chars, "N").baseline > 40 + 2 * pitch


def test_display_math_takes_its_justification(qapp: object, tmp_path: Path) -> None:
    para = (
        f'<a14:m xmlns:a14="{A14}" xmlns:m="{M}"><m:oMathPara><m:oMathParaPr><m:jc m:val="right"/></m:oMathParaPr>'
        f"<m:oMath>{_r('q')}</m:oMath></m:oMathPara></a14:m>"
    )
    chars = _chars(_pdf(tmp_path, para))
    assert _find(chars, "q").right > 40 + 600 - 20  # at the right of the 600 pt box


def test_mathematical_italic_letters_are_drawn_as_italic_letters(qapp: object, tmp_path: Path) -> None:
    # PowerPoint and Word store the letters as U+1D400... forms (𝑥, 𝐻): drawn in the letters' italic
    # face, as Cambria Math's own forms are Cambria's italic letters, and read back as plain letters.
    chars = _chars(_pdf(tmp_path, _math(_r("\U0001d465") + _r("=", "p") + _r("\U0001d70b\U0001d41a"))))
    x, pi, a = _find(chars, "x"), _find(chars, "π"), _find(chars, "a")
    assert "Italic" in x.font and "Italic" in pi.font
    assert "Bold" in a.font and "Italic" not in a.font


def test_a_function_names_limit_keeps_italic_letters(qapp: object, tmp_path: Path) -> None:
    lim = f"<m:limLow><m:e>{_r('lim', 'p')}</m:e><m:lim>{_r('n')}</m:lim></m:limLow>"
    chars = _chars(_pdf(tmp_path, _math(f"<m:func><m:fName>{lim}</m:fName><m:e>{_r('a')}</m:e></m:func>")))
    assert "Italic" not in _find(chars, "l").font and "Italic" in _find(chars, "n").font


def _box_pdf(tmp_path: Path, paragraph: str, body: str = "") -> Path:
    """``paragraph`` in a wrapping 300 x 200 pt text box at (40, 40) pt."""
    from render_support import add_xml_shape, blank_slide, convert, new_deck, sp_xml

    tx = f'<p:txBody><a:bodyPr wrap="square">{body}</a:bodyPr><a:lstStyle/><a:p>{paragraph}</a:p></p:txBody>'
    prs = new_deck()
    add_xml_shape(blank_slide(prs), sp_xml(40 * 12700, 40 * 12700, 300 * 12700, 200 * 12700, text=tx))
    tmp_path.mkdir(exist_ok=True)
    return convert(prs, tmp_path)[0]


def test_math_shrinks_with_autofit_centres_and_takes_a_bullet(qapp: object, tmp_path: Path) -> None:
    frac = f"<m:f><m:num>{_r('a')}</m:num><m:den>{_r('b')}</m:den></m:f>"
    para = (
        '<a:pPr algn="ctr"><a:buFont typeface="Arial"/><a:buChar char="•"/><a:defRPr sz="4000"/></a:pPr>'
        f'<a:r><a:rPr lang="en-US"/><a:t>k</a:t></a:r>{_math(_r("x") + frac)}'
    )
    full = _chars(_box_pdf(tmp_path / "full", para))
    half = _chars(_box_pdf(tmp_path / "half", para, '<a:normAutofit fontScale="50000"/>'))
    k, x, a, bullet = _find(full, "k"), _find(full, "x"), _find(full, "a"), _find(full, "•")
    assert abs(x.size - k.size) < 0.5 and a.size < x.size  # the math at its paragraph's size
    assert bullet.right <= k.x  # the bullet before the text
    assert abs((bullet.x + _find(full, "b").right) / 2.0 - (40 + 150)) < 25  # centred with its bullet
    assert abs(_find(half, "x").size - x.size / 2.0) < 1.0  # autofit's scale reaches the math
    assert abs(_find(half, "a").size - a.size / 2.0) < 1.0


def test_a_line_wraps_before_an_equation_as_before_a_word(qapp: object, tmp_path: Path) -> None:
    frac = f"<m:f><m:num>{_r('p')}</m:num><m:den>{_r('q')}</m:den></m:f>"
    words = '<a:r><a:rPr lang="en-US" sz="2000"/><a:t>Words fill most of this first line so that </a:t></a:r>'
    after = '<a:r><a:rPr lang="en-US" sz="2000"/><a:t> ends it.</a:t></a:r>'
    chars = _chars(_box_pdf(tmp_path, words + _math(_r("y") + _r("=", "p") + frac + _r("+", "p") + _r("z")) + after))
    first, y, p, q, z = _find(chars, "W"), _find(chars, "y"), _find(chars, "p"), _find(chars, "q"), _find(chars, "z")
    assert y.baseline > first.baseline + 15  # the whole equation moved to the next line
    assert p.baseline < y.baseline < q.baseline and abs(y.baseline - z.baseline) < 0.01  # and kept its shape
    assert abs(_find(chars, ".").baseline - y.baseline) < 0.01 and _find(chars, ".").x > z.right  # "ends it." follows


def test_deeply_nested_math_keeps_its_text_without_exhausting_the_stack(qapp: object, tmp_path: Path) -> None:
    # 900 superscripts inside one another (a hostile file): laid out to a depth, the rest as text.
    import zipfile

    from render_support import convert

    depth = 900  # 1,800 levels: the deck reader refuses past 2,048 (worker.deck.repair)
    body = "".join(f"<m:sSup><m:e>{_r('x')}</m:e><m:sup>" for _ in range(depth)) + _r("y")
    body += "</m:sup></m:sSup>" * depth
    loose = "<m:unknownThing><m:t>w</m:t></m:unknownThing>"  # text right under an element we do not know
    plain = _pdf(tmp_path / "marker", '<a:r><a:rPr lang="en-US"/><a:t>MARKER</a:t></a:r>')
    source, deck = plain.with_suffix(".pptx"), tmp_path / "deep.pptx"
    # Written into the part as text: lxml's own parser stops at 256 levels without huge_tree.
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(deck, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "ppt/slides/slide1.xml":
                marker = b'<a:r><a:rPr lang="en-US"/><a:t>MARKER</a:t></a:r>'
                assert marker in data
                data = data.replace(marker, _math(body + loose).encode())
            zout.writestr(info, data)
    pdf, _ = convert(deck, tmp_path, name="deep")
    text = "".join(page_text(pdf).split())
    assert text.count("x") == depth and text.endswith("yw")


def test_binary_operators_keep_their_space_in_fractions_and_scripts(qapp: object, tmp_path: Path) -> None:
    """PowerPoint spaces a binary operator at every script level: its PDF of the quadratic formula
    sets '−b ± √…' in the numerator 149 pt wide, and (x − μ)² in an exponent 68 pt; set tight (as
    TeX does in scripts) they were 120 and 56 pt."""
    frac = f"<m:f><m:num>{_r('a')}{_r('+', 'p')}{_r('b')}</m:num><m:den>{_r('c')}</m:den></m:f>"
    sup = f"<m:sSup><m:e>{_r('e')}</m:e><m:sup>{_r('x')}{_r('−', 'p')}{_r('y')}</m:sup></m:sSup>"
    chars = _chars(_pdf(tmp_path, _math(frac + _r(",", "p") + sup)))
    for left, op, right in (("a", "+", "b"), ("x", "−", "y")):
        lc, oc, rc = _find(chars, left), _find(chars, op), _find(chars, right)
        assert lc.size < 30  # a script-level part of a 32 pt equation
        # A medium space (4/18 em) on each side of the operator's glyph box.
        assert oc.x - lc.right > 0.15 * lc.size, (left, op)
        assert rc.x - oc.right > 0.15 * lc.size, (op, right)


def test_a_long_equation_wraps_before_an_operator_inside_its_box(qapp: object, tmp_path: Path) -> None:
    """ECMA-376 22.1.2.16 m:brkBin (default "before"): an equation wider than its line breaks before
    a binary operator or relation, which opens the wrapped line. It ran on one line past the box."""
    terms = "abcdefghijk"
    body = _r("y") + _r("=", "p") + _r(terms[0])
    for letter in terms[1:]:
        body += _r("+", "p") + _r(letter)
    for display in (False, True):
        para = f'<a:pPr><a:defRPr sz="3200"/></a:pPr>{_math(body, display)}'
        chars = _chars(_box_pdf(tmp_path / str(display), para))
        box_right = 40 + 300 - 7.2  # the box's right inset
        assert max(c.right for c in chars) <= box_right + 0.5, display
        lines = sorted({round(c.baseline) for c in chars})
        assert len(lines) >= 2, (display, lines)
        for baseline in lines[1:]:
            on_line = sorted((c for c in chars if round(c.baseline) == baseline), key=lambda c: c.x)
            assert on_line[0].ch == "+", (display, [c.ch for c in on_line])  # the operator opens the line
        first = sorted((c for c in chars if round(c.baseline) == lines[0]), key=lambda c: c.x)
        assert first[-1].ch != "+"  # and does not end the one before
        assert "".join(page_text(_box_pdf(tmp_path / f"t{display}", para)).split()) == "y=" + "+".join(terms)


def test_a_manual_break_starts_a_new_line_of_math(qapp: object, tmp_path: Path) -> None:
    """m:brk in a run's m:rPr: the run starts a new line (ECMA-376 22.1.2.15), in display and inline
    math, and in each equation of an m:oMathPara holding several."""
    broken = '<m:r><m:rPr><m:brk/><m:sty m:val="p"/></m:rPr><m:t>+</m:t></m:r>'
    body = _r("y") + _r("=", "p") + _r("a") + broken + _r("b")
    for display in (False, True):
        chars = _chars(_pdf(tmp_path / str(display), _math(body, display)))
        y, a, plus, b = _find(chars, "y"), _find(chars, "a"), _find(chars, "+"), _find(chars, "b")
        assert abs(y.baseline - a.baseline) < 0.01 and plus.baseline > a.baseline + 20, display
        assert abs(plus.baseline - b.baseline) < 1.0  # an operator's middle is set at Cambria Math's
    both = f"<m:oMath>{body}</m:oMath><m:oMath>{_r('z')}</m:oMath>"
    chars = _chars(
        _pdf(tmp_path / "two", f'<a14:m xmlns:a14="{A14}" xmlns:m="{M}"><m:oMathPara>{both}</m:oMathPara></a14:m>')
    )
    a, plus, z = _find(chars, "a"), _find(chars, "+"), _find(chars, "z")
    assert a.baseline + 20 < plus.baseline < z.baseline - 20  # three lines
    assert _find(chars, "b").x - plus.right > 0.15 * 32  # the operator opening a line keeps its space


def test_each_run_takes_its_own_size_colour_and_normal_text_its_typeface(qapp: object, tmp_path: Path) -> None:
    """A run's own a:rPr sizes and colours its characters (the first run's applied to the whole
    equation before); m:nor text is set in the run's typeface, not the math font."""
    red = '<a:rPr lang="en-US" sz="4800"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:rPr>'
    words = '<m:r><m:rPr><m:nor/></m:rPr><a:rPr lang="en-US"><a:latin typeface="Arial"/></a:rPr><m:t>if</m:t></m:r>'
    body = _r("x") + _r("=", "p") + _r("y", rpr=red) + _r("+", "p") + f"<m:sSup><m:e>{_r('z')}</m:e>"
    big = _r("n", rpr='<a:rPr lang="en-US" sz="6400"/>')
    body += f"<m:sup>{big}</m:sup></m:sSup>{words}"
    pdf = _pdf(tmp_path, _math(body))
    chars = _chars(pdf)
    x, y, z, n = _find(chars, "x"), _find(chars, "y"), _find(chars, "z"), _find(chars, "n")
    assert abs(x.size - 32) < 0.5 and abs(z.size - 32) < 0.5
    assert abs(y.size - 48) < 0.5  # its own 48 pt
    assert abs(n.size - 64 * 23.3 / 32.3) < 0.5  # a 64 pt run in a script: at script size of 64 pt
    page = np.asarray(render_page(pdf, dpi=DPI)).astype(int)

    def reddish(c: Char) -> bool:
        box = page[_px(c.top) : _px(c.bottom), _px(c.x) : _px(c.right)]
        dark = box[box.sum(axis=2) < 600]
        return bool(len(dark)) and bool((dark[:, 0] > dark[:, 2] + 100).mean() > 0.5)

    assert reddish(y) and not reddish(x) and not reddish(z)
    i = _find(chars, "i")
    assert "Liberation" in i.font and "Italic" not in i.font, i.font  # Arial's stand-in, upright


def test_equation_array_rows_align_at_their_ampersands(qapp: object, tmp_path: Path) -> None:
    """m:eqArr's '&' (ECMA-376 22.1.2.32) is an alignment point, not a character: the rows' '='
    stand one over the other, what precedes them flush right. It was drawn, the rows centred."""
    rows = [_r("x") + _r("&amp;=", "p") + _r("1"), _r("abc") + _r("&amp;=", "p") + _r("2") + _r("+", "p") + _r("d")]
    rows.append(_r("u") + _r("&amp;&lt;", "p") + _r("k") + _r("&amp;", "p") + _r("w"))  # a second pair of columns
    arr = "<m:eqArr>" + "".join(f"<m:e>{r}</m:e>" for r in rows) + "</m:eqArr>"
    pdf = _pdf(tmp_path, _math(arr, display=True))
    chars = _chars(pdf)
    assert "&" not in page_text(pdf)
    first, second, less = _find(chars, "=", 0), _find(chars, "=", 1), _find(chars, "<")
    assert abs(first.x - second.x) < 0.01 and abs(first.x - less.x) < 1.5  # one column of relations
    assert abs(_find(chars, "x").right - _find(chars, "c").right) < 1.5  # flush right before them
    assert abs(_find(chars, "1").x - _find(chars, "2").x) < 0.01  # flush left after them
    assert _find(chars, "w").x > _find(chars, "d").right + 0.9 * 32  # the next pair an em on


def test_sum_signs_are_as_tall_as_cambria_maths_inline_and_in_display(qapp: object, tmp_path: Path) -> None:
    """PowerPoint's ∑ (Cambria Math) in a 24 pt equation: 22.0 pt of ink inline, 45.7 pt in display
    math (its own renders of ustc's slides 15 and 40). Caladea's ∑ was drawn 16.2 and 22.3 pt tall.
    PowerPoint's stands 0.16 em after a fraction's bar (slide 36)."""
    from scipy import ndimage

    sub, body = _r("i"), _r("x")
    nary = f'<m:nary><m:naryPr><m:chr m:val="∑"/></m:naryPr><m:sub>{sub}</m:sub><m:sup/><m:e>{body}</m:e></m:nary>'
    frac = f"<m:f><m:num>{_r('1')}</m:num><m:den>{_r('2')}</m:den></m:f>"
    for display, height in ((False, 22.0), (True, 45.7)):
        pdf = _pdf(tmp_path / str(display), _math(frac + nary, display), size=2400)
        op = _find(_chars(pdf), "∑")
        labels, _ = ndimage.label(_ink(pdf))
        inside = labels[_px(op.top) : _px(op.bottom), _px(op.x) : _px(op.right)]
        sign = labels == np.bincount(inside[inside > 0]).argmax()  # the glyph's ink, whole
        rows = np.nonzero(sign.any(axis=1))[0]
        top, bottom = rows[0] * 72.0 / DPI, (rows[-1] + 1) * 72.0 / DPI
        assert abs((bottom - top) - height) < 1.5, (display, bottom - top)
        # Centred on the axis: the fraction bar's height (0.296 em above the baseline).
        axis = _find(_chars(pdf), "x").baseline - 0.296 * 24
        assert abs((top + bottom) / 2.0 - axis) < 1.0, (display, (top + bottom) / 2.0, axis)
        # A thin space from the fraction, not the grown face's side bearing (0.64 em in display).
        columns = np.nonzero(sign.any(axis=0))[0]
        before = np.nonzero((_ink(pdf) & ~sign)[:, : columns[0]].any(axis=0))[0]
        assert (columns[0] - before[-1]) * 72.0 / DPI < 0.35 * 24, display


def test_operators_take_cambria_maths_advance_and_ink(qapp: object, tmp_path: Path) -> None:
    """Cambria Math's =, −, ± advance 0.747 em with 0.62 em of ink (PowerPoint's PDF of the qmd
    demo: its '=' 20.1 pt wide at 32.3 pt); Caladea's advance 0.554 em with 0.43 em of ink."""
    em = 32.0
    plain = _chars(_pdf(tmp_path / "plain", _math(_r("a") + _r("b"))))
    pdf = _pdf(tmp_path / "eq", _math(_r("a") + _r("=", "p") + _r("b") + _r("+", "p") + _r("c")))
    chars, ink = _chars(pdf), _ink(pdf)
    a_advance = _find(plain, "b").x - _find(plain, "a").x
    # 'a', a thick space, '=' in its advance, a thick space, then 'b'.
    assert abs((_find(chars, "b").x - _find(chars, "a").x) - (a_advance + (2 * 5 / 18 + 0.747) * em)) < 0.3
    for op in "=+":
        glyph = _find(chars, op)
        band = ink[_px(glyph.top) : _px(glyph.bottom), _px(glyph.x - 2) : _px(glyph.right + 2)]
        columns = np.nonzero(band.any(axis=0))[0]
        width = (columns[-1] - columns[0] + 1) * 72.0 / DPI
        assert abs(width - 0.622 * em) < 1.0, (op, width)  # its ink as wide as Cambria Math's
        middle = _find(chars, "a").baseline - (glyph.top + glyph.bottom) / 2.0
        assert abs(middle - 0.289 * em) < 0.5, (op, middle)  # its middle at Cambria Math's


def test_a_vector_arrow_spans_its_letter_not_a_whole_arrow(qapp: object, tmp_path: Path) -> None:
    """PowerPoint's arrow over an r is 9.0 pt long at 24 pt, the r 10.4 pt wide and ')' 1.8 pt after
    it (ustc's slide 41). A whole '→' (15.1 pt) widened the r's box: ')' stood 11.2 pt after it."""
    vector = f'<m:acc><m:accPr><m:chr m:val="\u20d7"/></m:accPr><m:e>{_r("r")}</m:e></m:acc>'
    pdf = _pdf(tmp_path, _math(f"<m:d><m:e>{vector}</m:e></m:d>"), size=2400)
    chars = _chars(pdf)
    r, close = _find(chars, "r"), _find(chars, ")")
    assert close.x - r.right < 0.2 * 24, close.x - r.right
    ink = _ink(pdf)
    # The arrow: the ink above the r's top.
    above = ink[_px(r.top - 8) : _px(r.top) - 1, _px(r.x - 1) : _px(close.x)]
    columns = np.nonzero(above.any(axis=0))[0]
    assert (columns[-1] - columns[0] + 1) * 72.0 / DPI < 11.0


def test_a_deck_end_lets_go_of_its_laid_out_math(qapp: object, tmp_path: Path) -> None:
    """The math text laid out for a deck (its fonts may be the deck's own) is not kept for the
    next deck a warm converter takes."""
    from worker.render.math import boxes

    _pdf(tmp_path, _math(_r("x") + _r("=", "p") + _r("1", "p")))
    assert boxes._line_layout.cache_info().currsize == 0
    assert boxes._ink.cache_info().currsize == 0


def test_each_equation_has_its_own_budget_of_pieces(qapp: object, tmp_path: Path) -> None:
    """An equation past omml.MAX_PIECES sets its rest as plain text; the next equation is laid out
    whole all the same (the budget was counted across a body's equations)."""
    from worker.render.math.omml import MAX_PIECES

    long = _math(_r("x+") * (MAX_PIECES + 100))
    frac = _math(f"<m:f><m:num>{_r('a')}</m:num><m:den>{_r('b')}</m:den></m:f>")
    chars = _chars(_pdf(tmp_path, long + frac))
    a, b = _find(chars, "a"), _find(chars, "b")
    assert a.baseline < b.baseline - 5 and abs(a.x - b.x) < 3  # stacked, not set in a row
