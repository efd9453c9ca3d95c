"""The rows of very large tables kept as serialized XML until they are read.

A parsed table takes ~2.7 KB of libxml2 nodes a cell (tc, txBody, bodyPr, lstStyle, p, r, rPr, t,
tcPr and their attributes): a slide with one 500 x 500 table held ~650 MiB for its 43 MB of XML.
Parts that may hold such a table are parsed here, pulling events for tables and rows only: once a
table has more than CUT_CELLS cells, its rows leave the tree in blocks of about BLOCK_CELLS cells,
each block's rows serialized into the text of a ROWS element that takes their place in the a:tbl
(with their heights, for the grid). The rows are parsed again, a block at a time, when the table is
read: every reader of a table's rows goes through ``table_rows`` (``row_heights`` for the heights),
and readers that search a subtree for an element go through ``iter_with_rows``.

Tables up to CUT_CELLS cells (all but a few hand-made decks') stay parsed as they are, and parts
smaller than MIN_BYTES or without a table are parsed as before, in one call.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pptx.oxml
from lxml import etree

from worker.deck.xml import local, safe_parser

# The element standing for a block of rows (a namespace of our own: no reader of DrawingML takes
# it for one of its elements).
ROWS_NS = "urn:x-slidepress:table-rows"
ROWS = f"{{{ROWS_NS}}}rows"

# A table's rows stay parsed up to this many cells (~5.5 MB of nodes): past it, its rows are cut.
CUT_CELLS = 2048
# Cells in a block of rows: what one read of a cut table holds parsed at a time (~2.8 MB).
BLOCK_CELLS = 1024
# A part this small cannot hold more than CUT_CELLS cells (each at least "<a:tc><a:txBody>...").
MIN_BYTES = 64 * 1024
_FEED = 1 << 20

# python-pptx's parser options and element classes (worker/deck/preloaded.py's parser), for the
# rows parsed again: a cell reads as python-pptx would have parsed it.
_ROWS_PARSER = safe_parser(remove_blank_text=True)
_ROWS_PARSER.set_element_class_lookup(pptx.oxml.element_class_lookup)


def may_cut(blob: str | bytes) -> bool:
    """Whether a part's XML is large enough to hold a table whose rows would be cut."""
    return isinstance(blob, bytes) and len(blob) >= MIN_BYTES and b"tbl" in blob


def parse_part(blob: str | bytes) -> etree._Element:
    """The part's XML parsed as python-pptx parses it (pptx.oxml.parse_xml), with the rows of
    tables over CUT_CELLS cells left as serialized blocks (see the module's notes)."""
    if not isinstance(blob, bytes) or not may_cut(blob):
        return pptx.oxml.parse_xml(blob)
    parser = etree.XMLPullParser(
        events=("start", "end"),
        tag=("{*}tbl", "{*}tr"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
        remove_blank_text=True,
    )
    parser.set_element_class_lookup(pptx.oxml.element_class_lookup)
    tables: list[_Cutter] = []
    for start in range(0, len(blob), _FEED):
        parser.feed(blob[start : start + _FEED])
        _handle(parser, tables)
    root = parser.close()
    _handle(parser, tables)
    return root


class _Cutter:
    """One a:tbl being parsed: its finished rows not yet cut, and its cell count so far."""

    def __init__(self, tbl: etree._Element) -> None:
        self.tbl = tbl
        self.cells = 0
        self.pending: list[etree._Element] = []
        self.pending_cells = 0
        self.cutting = False

    def row_ended(self, tr: etree._Element) -> None:
        cells = len(tr)
        self.cells += cells
        self.pending.append(tr)
        self.pending_cells += cells
        if not self.cutting and self.cells > CUT_CELLS:
            self.cutting = True
        if self.cutting and self.pending_cells >= BLOCK_CELLS:
            self.cut()

    def cut(self) -> None:
        """Replace the pending rows (consecutive children of the table) by one ROWS element."""
        if not self.pending:
            return
        index = self.tbl.index(self.pending[0])
        # Each row serialized alone declares the namespaces in scope (a few hundred bytes a row).
        # Moving the rows under one element declaring them instead took 6 times as long (lxml
        # reconciles every node's namespace as it moves).
        serialized = []
        heights = [tr.get("h") for tr in self.pending]
        for tr in self.pending:
            _drop_entity_references(tr)
            serialized.append(etree.tostring(tr))
            tr.clear()  # emptied first: removing a row whole walks all its nodes
            self.tbl.remove(tr)
        # The rows' heights stay readable without parsing them (a table's grid is laid out first).
        rows = etree.Element(ROWS, h=json.dumps(heights))
        rows.text = b"".join(serialized).decode("ascii")  # tostring's default escapes to ASCII
        self.tbl.insert(index, rows)
        self.pending.clear()
        self.pending_cells = 0


def _drop_entity_references(tr: etree._Element) -> None:
    """Remove the references to entities of the part's DTD, keeping the text after them: parsed
    again without that DTD, they would not be well-formed. Readers leave a reference's own text
    out anyway (worker/deck/xml.py element_text)."""
    for ref in list(tr.iter(etree.Entity)):
        parent = ref.getparent()
        if parent is None:
            continue
        if ref.tail:
            previous = ref.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + ref.tail
            else:
                parent.text = (parent.text or "") + ref.tail
        parent.remove(ref)  # (lxml removes its tail with it)


def _handle(parser: etree.XMLPullParser, tables: list[_Cutter]) -> None:
    for event, el in parser.read_events():
        if not isinstance(el, etree._Element):  # start-ns events and the like: none asked for
            continue
        name = local(el)
        if name == "tbl":
            if event == "start":
                tables.append(_Cutter(el))
            elif tables and tables[-1].tbl is el:
                done = tables.pop()
                if done.cutting:
                    done.cut()
        elif event == "end" and name == "tr" and tables and el.getparent() is tables[-1].tbl:
            tables[-1].row_ended(el)


def _block_rows(rows: etree._Element) -> list[etree._Element]:
    block = etree.fromstring(b"<rows>" + (rows.text or "").encode("ascii") + b"</rows>", _ROWS_PARSER)
    return [tr for tr in block if local(tr) == "tr"]


def table_rows(tbl: etree._Element | None) -> Iterator[etree._Element]:
    """The a:tr rows of ``tbl`` in order, cut rows parsed a block at a time: a reader that keeps
    no row once past it holds one block at a time."""
    if tbl is None:
        return
    for el in tbl:
        tag = el.tag
        if tag == ROWS:
            yield from _block_rows(el)
        elif isinstance(tag, str) and tag[0] == "{" and local(el) == "tr":
            yield el


def row_heights(tbl: etree._Element | None) -> list[str | None]:
    """Each row's a:tr/@h as written (None where absent), in order, without parsing cut rows."""
    if tbl is None:
        return []
    found: list[str | None] = []
    for el in tbl:
        tag = el.tag
        if tag == ROWS:
            found.extend(json.loads(el.get("h") or "[]"))
        elif isinstance(tag, str) and tag[0] == "{" and local(el) == "tr":
            found.append(el.get("h"))
    return found


def has_cut_rows(tbl: etree._Element | None) -> bool:
    """Whether ``tbl``'s rows are held as serialized blocks (a table over CUT_CELLS cells)."""
    return tbl is not None and next(tbl.iterchildren(ROWS), None) is not None


def iter_with_rows(el: etree._Element, *tags: str) -> Iterator[etree._Element]:
    """``el.iter(*tags)``, the cut rows of tables within it included (parsed for the search)."""
    yield from el.iter(*tags)
    for rows in el.iter(ROWS):
        for tr in _block_rows(rows):
            yield from tr.iter(*tags)


__all__ = ["ROWS", "has_cut_rows", "iter_with_rows", "may_cut", "parse_part", "row_heights", "table_rows"]
