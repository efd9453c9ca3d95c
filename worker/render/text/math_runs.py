"""Office Math in a paragraph (a14:m holding m:oMath or m:oMathPara) read as plain runs: each
m:r's text in document order with its a:rPr, so an equation's characters are laid out and
searchable. PowerPoint writes equations inside mc:AlternateContent with a picture of the text box as
the fallback (drawn; these runs then lie under it invisibly); a writer that puts the math in a
paragraph bare gets it drawn as a line of text, its structure (fractions, scripts) flattened."""

from __future__ import annotations

import copy
import logging

from lxml import etree

from worker.deck.xml import A

log = logging.getLogger(__name__)

A14_MATH = "{http://schemas.microsoft.com/office/drawing/2010/main}m"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_M_RUN, _M_TEXT = f"{{{_M}}}r", f"{{{_M}}}t"
_A_RPR = f"{{{A}}}rPr"


def is_math(el: etree._Element) -> bool:
    return el.tag == A14_MATH


def math_runs(math: etree._Element) -> list[etree._Element]:
    """a:r elements standing for the math's runs (a:rPr copied, m:t text joined)."""
    out: list[etree._Element] = []
    for m_run in math.iter(_M_RUN):
        text = "".join(t.text or "" for t in m_run.iter(_M_TEXT))
        if not text:
            continue
        run = etree.Element(f"{{{A}}}r")
        rpr = next((c for c in m_run if c.tag == _A_RPR), None)
        if rpr is not None:
            run.append(copy.deepcopy(rpr))
        etree.SubElement(run, f"{{{A}}}t").text = text
        out.append(run)
    return out
