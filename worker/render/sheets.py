"""Which layout and master a slide is drawn with, and what the job is told when one is unusable.

A slide inherits from its layout, the layout from its master. In a damaged deck either may be
missing (no relationship, or one naming a part not in the package) or unreadable (a stand-in, see
worker/deck/repair.py), and the slide's or layout's own relationships may be unreadable (empty ones
stand in). Like PowerPoint's repair, the slide is still drawn: without its layout straight on a
master, without a usable master on the deck's first readable one, and with the presentation's
defaults (default theme and colour map) when the deck has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.parts.slide import SlideLayoutPart, SlideMasterPart

from worker.deck.relations import related_by
from worker.deck.repair import has_unreadable_rels, is_stand_in, why_unreadable
from worker.deck.xml import A, P, child, rel_id


@dataclass(frozen=True)
class SlideSheets:
    layout: SlideLayoutPart | None  # None: the slide is drawn straight on ``master``
    master: SlideMasterPart | None  # None: the presentation's defaults stand in
    problem: str | None  # what is wrong, for the job's warning ("{its} layout is missing; ...")


def slide_sheets(slide_part: Any, presentation_part: Any) -> SlideSheets:
    """The layout and master ``slide_part`` is drawn with, and the first problem met on the way."""
    layout = related_by(slide_part, RT.SLIDE_LAYOUT)
    if not isinstance(layout, SlideLayoutPart):
        master = first_master(presentation_part)
        if has_unreadable_rels(slide_part):  # its pictures are gone too: drawn as placeholders
            return SlideSheets(
                None, master, "{its} relationships are unreadable; drawn without {its} layout and pictures"
            )
        return SlideSheets(None, master, f"{{its}} layout is missing; drawn with {_styles(master)}")
    master = related_by(layout, RT.SLIDE_MASTER)
    problem = None
    if is_stand_in(layout._element):
        problem = f"{{its}} layout is unreadable ({why_unreadable(layout._element)})"
    if not isinstance(master, SlideMasterPart) or is_stand_in(master._element):
        if not isinstance(master, SlideMasterPart):
            why = "relationships are unreadable" if has_unreadable_rels(layout) else "master is missing"
        else:
            why = f"master is unreadable ({why_unreadable(master._element)})"
        master = first_master(presentation_part)
        problem = problem or f"{{its}} layout's {why}"
        return SlideSheets(layout, master, f"{problem}; drawn with {_styles(master, 'the first master')}")
    if problem is not None:
        problem = f"{problem}; drawn with {_styles(master)}"
    return SlideSheets(layout, master, problem)


def first_master(presentation_part: Any) -> SlideMasterPart | None:
    """The deck's first readable master, in the presentation's order; None when there is none."""
    rels = presentation_part.rels
    listed = child(presentation_part._element, "sldMasterIdLst")
    rids = [rel_id(el, "id") for el in listed] if listed is not None else []
    rids += [rid for rid, rel in rels.items() if rel.reltype == RT.SLIDE_MASTER]
    for rid in rids:
        rel = rels.get(rid) if rid is not None else None
        if rel is None or rel.is_external:
            continue
        try:
            part = rel.target_part
        except (KeyError, ValueError):  # a target python-pptx did not load
            continue
        if isinstance(part, SlideMasterPart) and not is_stand_in(part._element):
            return part
    return None


def _styles(master: SlideMasterPart | None, which: str = "the master") -> str:
    return f"{which}'s styles" if master is not None else "the default styles"


class SlideWarnings:
    """The job's warnings about whole slides: one line per problem, naming every slide it hit
    ("Slides 2-4, 7: their layout is missing; ...") rather than one line per slide.

    Lines are kept in the renderer's shared warning list, which is only ever appended to, so a
    problem's line is updated in place as more slides show it."""

    def __init__(self, warnings: list[str]) -> None:
        self.warnings = warnings
        self._lines: dict[str, tuple[int, list[int]]] = {}

    def add(self, number: int, problem: str) -> None:
        """Record that slide ``number`` has ``problem`` (a line with "{its}" for its/their)."""
        index, numbers = self._lines.get(problem, (-1, []))
        if number in numbers:
            return
        if index < 0:
            index = len(self.warnings)
            self.warnings.append("")
        numbers.append(number)
        self._lines[problem] = (index, numbers)
        its = "its" if len(numbers) == 1 else "their"
        self.warnings[index] = f"{_slides_label(numbers)}: {problem.format(its=its)}"


def _slides_label(numbers: list[int]) -> str:
    """'Slide 4', 'Slides 2, 4', 'Slides 2-5, 9'."""
    if len(numbers) == 1:
        return f"Slide {numbers[0]}"
    ordered = sorted(set(numbers))
    spans: list[str] = []
    start = prev = ordered[0]
    for n in [*ordered[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        spans.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return "Slides " + ", ".join(spans)


# PowerPoint's default master (Office theme): title and body placeholders as fractions of the
# slide, and the text sizes of its title and body styles (hundredths of a point).
_TITLE_BOX = (0.06875, 0.05324, 0.8625, 0.19329)
_BODY_BOX = (0.06875, 0.26620, 0.8625, 0.63450)
_BODY_SIZES = (2800, 2400, 2000, 1800, 1800, 1800, 1800, 1800, 1800)


def default_master_xml(width_pt: float, height_pt: float) -> bytes:
    """A master of presentation defaults for a deck with no usable master: the title and body
    placeholders where PowerPoint's default master has them, so slide placeholders that give no
    position of their own are still drawn."""

    def placeholder(sid: int, kind: str, box: tuple[float, float, float, float], anchor: str) -> str:
        x, y, w, h = (round(v * s * 12700) for v, s in zip(box, (width_pt, height_pt) * 2, strict=True))
        return (
            f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{kind}"/><p:cNvSpPr/><p:nvPr><p:ph type="{kind}"/></p:nvPr>'
            f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr anchor="{anchor}"/>'
            "<a:lstStyle/><a:p/></p:txBody></p:sp>"
        )

    body_levels = "".join(
        f'<a:lvl{i}pPr marL="{228600 + (i - 1) * 457200}" indent="-228600"><a:buFont typeface="Arial"/>'
        f'<a:buChar char="&#8226;"/><a:defRPr sz="{size}"/></a:lvl{i}pPr>'
        for i, size in enumerate(_BODY_SIZES, start=1)
    )
    return (
        f'<p:sldMaster xmlns:a="{A}" xmlns:p="{P}"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/>'
        "<p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>"
        f"{placeholder(2, 'title', _TITLE_BOX, 'ctr')}{placeholder(3, 'body', _BODY_BOX, 't')}</p:spTree></p:cSld>"
        '<p:txStyles><p:titleStyle><a:lvl1pPr><a:defRPr sz="4400"/></a:lvl1pPr></p:titleStyle>'
        f"<p:bodyStyle>{body_levels}</p:bodyStyle><p:otherStyle/></p:txStyles></p:sldMaster>"
    ).encode()
