"""Stacked text (a:bodyPr vert="wordArtVert", "wordArtVertRtl"): one upright letter on top of another.

ECMA-376 ST_TextVerticalType: wordArtVert is vertical text "one letter on top of another", and
wordArtVertRtl the same with its columns running right to left rather than left to right. The box
does not turn (PowerPoint's "Stacked" text direction): each paragraph starts a column of letters,
one letter a line apart down it, centred across it; a column that reaches the bottom of the box
goes on in the next one when the text wraps. The text is laid out as lines of one character each
(a copy of the body with a break after every character), so line spacing, fonts and colours are
the ordinary ones; this module then moves those lines into their columns.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass

from lxml import etree

from worker.deck.xml import A, child, element_text, local
from worker.render.text.layout import BodyBox, LineBox, ParagraphBox

log = logging.getLogger(__name__)

_BREAK = f"{{{A}}}br"


def stacked_copy(tx_body: etree._Element) -> etree._Element:
    """``tx_body`` with a line break after each character (a column of lines one letter long), a
    new paragraph at each line break (a new column) and no bullets or indents."""
    body = copy.deepcopy(tx_body)
    for p in list(body.iterfind(f"{{{A}}}p")):
        ppr = child(p, "pPr")
        if ppr is None:
            ppr = etree.Element(f"{{{A}}}pPr")
            p.insert(0, ppr)
        for name in ("marL", "indent"):
            ppr.set(name, "0")
        for bullet in [c for c in ppr if local(c).startswith("bu")]:
            ppr.remove(bullet)
        ppr.insert(0, etree.Element(f"{{{A}}}buNone"))
        pieces: list[list[etree._Element]] = [[]]  # the paragraph's content between its line breaks
        end: etree._Element | None = None
        for el in list(p):
            if el is ppr:
                continue
            p.remove(el)
            name = local(el)
            if name == "br":
                pieces.append([])
            elif name in ("r", "fld"):
                pieces[-1].extend(_letters(el))
            elif name == "endParaRPr":
                end = el
        paragraphs = [p] + [copy.deepcopy(p) for _ in pieces[1:]]
        for para, letters in zip(paragraphs, pieces, strict=True):
            for index, letter in enumerate(letters):
                para.append(letter)
                if index < len(letters) - 1:
                    br = etree.SubElement(para, _BREAK)
                    rpr = child(letter, "rPr")
                    if rpr is not None:
                        br.append(copy.deepcopy(rpr))
            if end is not None:
                para.append(copy.deepcopy(end))
        anchor = p
        for para in paragraphs[1:]:
            anchor.addnext(para)
            anchor = para
    return body


def _letters(run: etree._Element) -> list[etree._Element]:
    """One run per character of ``run``'s text (a field keeps its own element: its text is
    worked out later, so it stays one piece)."""
    t = child(run, "t")
    text = element_text(t) if t is not None else ""
    if local(run) == "fld" or len(text) <= 1:
        return [run]
    letters = []
    for ch in text:
        letter = copy.deepcopy(run)
        letter_t = child(letter, "t")
        if letter_t is not None:
            letter_t.text = ch
            for node in list(letter_t):  # an entity reference, with the text after it
                letter_t.remove(node)
        letters.append(letter)
    return letters


@dataclass
class Stack:
    width: float  # of all the columns, side by side
    height: float  # of the tallest column


def stack_columns(body: BodyBox, height: float, wrap: bool, rtl: bool) -> Stack:
    """Move ``body``'s one-letter lines into columns from x 0: a column per paragraph, and another
    where a wrapping column would pass ``height``; each letter centred across its column, each
    column as wide as its lines are tall (letters sit on a square pitch, as in a vertical line)."""
    columns: list[list[tuple[ParagraphBox, LineBox]]] = []
    for para in body.paragraphs:
        columns.append([])
        shift = 0.0
        for line in para.lines:
            top = line.baseline - line.ascent
            if not columns[-1]:
                shift = top
            elif wrap and top - shift + line.ascent + line.descent > height:
                columns.append([])
                shift = top
            line.baseline -= shift
            columns[-1].append((para, line))
    pitches = [max((ln.ascent + ln.descent for _, ln in col), default=0.0) for col in columns]
    total = sum(pitches)
    tallest = 0.0
    left = 0.0
    for col, pitch in zip(columns, pitches, strict=True):
        x0 = total - left - pitch if rtl else left
        left += pitch
        for para, line in col:
            line.x = x0 + (pitch - para.line_width(line)) / 2.0
            # The line's own start offset (Qt places glyphs from the line's position).
            line.place()
            tallest = max(tallest, line.baseline + line.descent)
    body.bounds = (0.0, total)
    body.height = tallest
    return Stack(total, tallest)
