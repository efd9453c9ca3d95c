"""Which program last saved a deck, as far as it matters for drawing it.

PowerPoint stores the result of "shrink text on overflow" in each text body (normAutofit's
fontScale and lnSpcReduction), and a bare normAutofit from PowerPoint means the text showed at full
size there: PowerPoint re-fits text only when it is edited, never when a file is opened or exported.
LibreOffice Impress stores its own fit the same way (fontScale when it shrank the text, a bare
normAutofit when it did not). Other writers (python-pptx, report generators) set the flag without
working out a scale, so their overflowing text is ours to fit.
"""

from __future__ import annotations

import logging
from typing import Any

from lxml import etree

from worker.deck.xml import parse

log = logging.getLogger(__name__)

_RT_EXTENDED_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"


def autofit_stored_by_writer(presentation: Any) -> bool:
    """Whether PowerPoint or LibreOffice saved the deck last, so its text bodies carry that
    program's autofit.

    docProps/app.xml names the application, and PowerPoint rewrites its slide count on every save.
    Libraries that fill a PowerPoint template keep the template's app.xml (python-pptx's says
    "Microsoft Macintosh PowerPoint" with 0 slides), so a count that disagrees with the deck means
    another program wrote it. LibreOffice writes no slide count ("LibreOffice/7.4.7.2$Linux_X86_64
    LibreOffice_project/...").
    """
    try:
        blob = bytes(presentation.part.package.part_related_by(_RT_EXTENDED_PROPERTIES).blob)
        root = parse(blob)
    except (KeyError, AttributeError, ValueError, etree.XMLSyntaxError):
        return False
    values = {etree.QName(el).localname: (el.text or "").strip() for el in root if isinstance(el.tag, str)}
    application = values.get("Application", "").lower()
    if application.startswith("libreoffice"):
        return True
    if "powerpoint" not in application:
        return False
    try:
        stated = int(values.get("Slides", ""))
        actual = len(presentation.slides)
    except (ValueError, AttributeError, TypeError):
        return False
    if stated != actual:
        log.debug("app.xml counts %d slides, the deck has %d: not saved by PowerPoint last", stated, actual)
    return stated == actual
