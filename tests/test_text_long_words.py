"""Lines inside a very long word are laid out in time linear in the word, breaking as Qt does.

In WrapAtWordBoundaryOrAnywhere mode Qt lays each line out whole words first: a line inside a
word gathers the rest of the word before breaking it anywhere, so every line cost the rest of the
word and its format ranges. The fifth fuzz round's 50,000-letter word in 15,250 runs took 21 s of
CPU. layout._LongWords lays such lines out breaking anywhere at once, where Qt would come to the
same answer; everything else is left to Qt. The breaks must not move."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QRectF
from text_support import pdf_text, render_pdf, styles_for, tx_body

from worker.render.text import layout


def _run(text: str, size: str = "1200", face: str = "Arial") -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return f'<a:r><a:rPr lang="en-US" sz="{size}"><a:latin typeface="{face}"/></a:rPr><a:t>{text}</a:t></a:r>'


def _paragraphs() -> str:
    """Long words of several kinds, each a paragraph, in a narrow column."""
    alternating = "".join(_run("abcdefghij", "1000" if i % 2 else "1400") for i in range(700)) + _run(" and a tail")
    soft = "\u00ad".join(["Donaudampfschifffahrtsgesellschaft"] * 30)
    paras = [
        alternating,
        _run("x\t" + "q" * 900 + " after the tab"),
        _run(soft + " end"),
        _run("word " * 20 + "m" * 700 + " then " + "n" * 300),
        _run("สวัสดีครับ" * 60, face="Tahoma"),
        _run("漢字かなカナ" * 80, face="MS Mincho"),
        _run("http://example.com/" + "a-b/c_d.e?f=g&" * 60),
        _run("\U0001d400\U0001d401" * 200, face="Cambria Math"),
        _run("\u200b".join(["zwsp"] * 150)),
        _run("\u00a0".join(["nbsp"] * 150)),
    ]
    out = "".join(f"<a:p>{p}</a:p>" for p in paras)
    # Justified and right-to-left long words too.
    out += f'<a:p><a:pPr algn="just"/>{_run("j" * 800 + " end of it")}</a:p>'
    out += f'<a:p><a:pPr algn="r" rtl="1"/>{_run("שלום" * 200 + " עולם")}</a:p>'
    return out


def _render(path: Path) -> None:
    body = tx_body(_paragraphs(), '<a:bodyPr lIns="0" rIns="0" wrap="square"/>')
    render_pdf(path, body, QRectF(20, 20, 150, 6000), styles_for(body), page=(190.0, 6040.0))


def test_long_words_break_exactly_where_qt_breaks_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = tmp_path / "fast.pdf", tmp_path / "slow.pdf"
    made: list[object] = []
    find = layout._LongWords.find

    def counted(lay: object, para: layout.Paragraph) -> object:
        found = find(lay, para)  # type: ignore[arg-type]
        made.append(found)
        return found

    monkeypatch.setattr(layout._LongWords, "find", staticmethod(counted))
    _render(fast)
    assert sum(m is not None for m in made) >= 8  # the long words are taken the quick way
    monkeypatch.setattr(layout._LongWords, "find", staticmethod(lambda lay, para: None))
    _render(slow)
    assert pdf_text(fast) == pdf_text(slow)
    docs = [pdfium.PdfDocument(str(p)) for p in (fast, slow)]
    try:
        fast_px, slow_px = (np.asarray(d[0].render(scale=1.0).to_pil()) for d in docs)
    finally:
        for d in docs:
            d.close()
    assert np.array_equal(fast_px, slow_px)


@pytest.mark.timeout(120)
def test_a_word_of_eight_thousand_runs_lays_out_in_a_fraction_of_the_time(tmp_path: Path) -> None:
    # 80,000 letters in 8,000 runs of two sizes (their format ranges cannot join): 14.5 s of CPU
    # before (every line walked the rest of the word), 0.44 s now.
    xml = "".join(_run("abcdefghij", "1000" if i % 2 else "1200") for i in range(8000))
    body = tx_body(f"<a:p>{xml}</a:p>", '<a:bodyPr lIns="0" rIns="0" wrap="square"/>')
    start = time.process_time()
    render_pdf(tmp_path / "word.pdf", body, QRectF(20, 20, 360, 2000), styles_for(body), page=(400.0, 2040.0))
    spent = time.process_time() - start
    assert spent < 3.0, f"{spent:.1f} s of CPU"
    assert "".join(pdf_text(tmp_path / "word.pdf").split()).startswith("abcdefghij" * 20)
