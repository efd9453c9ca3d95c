"""From a:txBody XML to resolved paragraphs: text, run pieces with fonts and colours, bullets.

Nothing here depends on the box width, so layout (layout.py) can be repeated cheaply while autofit
searches for a font scale.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from lxml import etree
from PySide6.QtGui import QColor, QFont

from worker.deck.xml import A, R, child, children, local
from worker.render.fonts import FontResolver, Script, is_symbol_font, symbol_char, without_ligatures
from worker.render.text.context import TextContext, fonts_of
from worker.render.text.numbering import format_autonum
from worker.render.text.props import (
    FILL_TAGS,
    BulletKind,
    ParaProps,
    RunProps,
    SpacingKind,
    font_ref_defaults,
    level_chain,
    resolve_paragraph,
    resolve_run,
    run_chain,
)
from worker.render.text.scripts import split_by_slot, theme_script

log = logging.getLogger(__name__)

LINE_BREAK = "\u2028"  # QTextLayout's forced line break inside a paragraph
SUPERSCRIPT_SCALE = 2.0 / 3.0
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
_SLIDE_PART = re.compile(r"slide(\d+)\.xml$")


def u16len(text: str) -> int:
    """Length in UTF-16 code units: QTextLayout positions count those, not Python characters."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Piece:
    """A stretch of one run in one font slot: the unit that gets a QTextCharFormat."""

    start: int  # UTF-16 offsets in the paragraph text
    end: int
    props: RunProps
    font: QFont
    color: QColor | None  # None: not painted (noFill)
    shift: float  # baseline shift in points, positive up
    underline: str
    link: str | None


@dataclass
class BulletText:
    text: str
    font: QFont
    color: QColor | None
    image: bytes | None = None
    size: float = 18.0


@dataclass
class Paragraph:
    text: str
    pieces: list[Piece]
    props: ParaProps
    base_font: QFont  # the first run's font (or endParaRPr's for an empty paragraph)
    first_size: float
    bullet: BulletText | None = None
    empty: bool = False


@dataclass
class BuildOptions:
    font_scale: float = 1.0
    spacing_reduction: float = 0.0  # subtracted from percentage line spacing (normAutofit)


@dataclass
class _Counter:
    """Auto-number state per level: PowerPoint restarts deeper levels when a shallower one appears."""

    values: dict[int, tuple[str, int]] = field(default_factory=dict)


class BodyBuilder:
    def __init__(
        self,
        ctx: TextContext,
        tx_body: etree._Element,
        list_styles: list[etree._Element],
        font_ref: etree._Element | None,
    ) -> None:
        self.ctx = ctx
        self.fonts: FontResolver = fonts_of(ctx)
        self.tx_body = tx_body
        self.list_styles = [s for s in list_styles if s is not None]
        own = self.list_styles[0] if self.list_styles else None
        self.own_count = 1 if own is not None and own.getparent() is tx_body else 0
        self.font_ref_el = font_ref_defaults(font_ref)
        self._default_color = self._scheme_color("tx1") or QColor(0, 0, 0)
        self._link_color = self._scheme_color("hlink") or QColor(5, 99, 193)

    def _scheme_color(self, name: str) -> QColor | None:
        holder = etree.Element(f"{{{A}}}solidFill")
        etree.SubElement(holder, f"{{{A}}}schemeClr").set("val", name)
        return self.ctx.color(holder)

    def build(self, options: BuildOptions) -> list[Paragraph]:
        paragraphs: list[Paragraph] = []
        counter = _Counter()
        for p in children(self.tx_body, "p"):
            para = self._paragraph(p, options)
            self._number(para, counter, options)
            paragraphs.append(para)
        return paragraphs

    # -- paragraphs --------------------------------------------------------------------------------

    def _paragraph(self, p: etree._Element, options: BuildOptions) -> Paragraph:
        ppr = child(p, "pPr")
        level = 0
        if ppr is not None:
            try:
                level = min(max(int(ppr.get("lvl", "0")), 0), 8)
            except ValueError:
                level = 0
        chain = level_chain(ppr, self.list_styles, level)
        props = resolve_paragraph(chain, level)
        if props.line_spacing.kind is SpacingKind.PERCENT and options.spacing_reduction:
            reduced = max(props.line_spacing.value - options.spacing_reduction, 0.1)
            props.line_spacing = type(props.line_spacing)(SpacingKind.PERCENT, reduced)
        name = f"lvl{level + 1}pPr"
        levels = [el for el in (child(lst, name) for lst in self.list_styles) if el is not None]
        own_levels = levels[: self.own_count] if self.own_count and child(self.list_styles[0], name) is not None else []
        other_levels = levels[len(own_levels) :] + [
            el for el in (child(lst, "defPPr") for lst in self.list_styles) if el is not None
        ]

        text_parts: list[str] = []
        pieces: list[Piece] = []
        pos = 0
        first_props: RunProps | None = None
        first_font: QFont | None = None
        for el in p:
            tag = local(el)
            if tag not in ("r", "br", "fld"):
                continue
            rpr = child(el, "rPr")
            run = resolve_run(run_chain(rpr, own_levels, other_levels, self.font_ref_el), self._color)
            self._finish_run(run, rpr, options)
            text = LINE_BREAK if tag == "br" else self._run_text(el)
            if not text:
                continue
            for start, end, slot in split_by_slot(text):
                chunk = text[start:end]
                family, chunk = self._family(run, slot, chunk)
                size = run.size * (SUPERSCRIPT_SCALE if run.baseline else 1.0)
                font = self.fonts.qfont(family, size, run.bold, run.italic)
                if slot is Script.LATIN:
                    without_ligatures(font)
                if run.cap == "all":
                    font.setCapitalization(QFont.Capitalization.AllUppercase)
                elif run.cap == "small":
                    font.setCapitalization(QFont.Capitalization.SmallCaps)
                length = u16len(chunk)
                underline = run.underline
                if run.link and not run.link_explicit_underline:
                    underline = "sng"
                pieces.append(
                    Piece(
                        pos,
                        pos + length,
                        run,
                        font,
                        run.color if run.visible else None,
                        run.baseline * run.size,
                        underline,
                        run.link,
                    )
                )
                text_parts.append(chunk)
                pos += length
                if first_props is None and tag != "br":
                    first_props, first_font = run, font
        end_rpr = child(p, "endParaRPr")
        end_run = resolve_run(run_chain(end_rpr, own_levels, other_levels, self.font_ref_el), self._color)
        self._finish_run(end_run, end_rpr, options)
        text = "".join(text_parts)
        empty = not text.replace(LINE_BREAK, "")
        if first_props is None or first_font is None:
            first_props = end_run
            family, _ = self._family(end_run, Script.LATIN, "")
            first_font = self.fonts.qfont(family, end_run.size, end_run.bold, end_run.italic)
        if text.endswith(LINE_BREAK):
            # A trailing break still opens a line sized by the paragraph end mark.
            family, _ = self._family(end_run, Script.LATIN, "")
            font = self.fonts.qfont(family, end_run.size, end_run.bold, end_run.italic)
            pieces.append(Piece(pos, pos + 1, end_run, font, None, 0.0, "none", None))
            text += " "
        para = Paragraph(text, pieces, props, first_font, first_props.size, empty=empty)
        if not empty:
            para.bullet = self._bullet(props, first_props, first_font, options)
        return para

    def _run_text(self, el: etree._Element) -> str:
        t = child(el, "t")
        text = (t.text or "") if t is not None else ""
        if local(el) == "fld":
            kind = el.get("type", "")
            if kind == "slidenum":
                text = str(self.ctx.slide_number)
            elif kind.startswith("datetime"):
                text = self.ctx.date_text(kind)
        text = text.replace("\x0b", LINE_BREAK).replace("\r\n", LINE_BREAK).replace("\n", LINE_BREAK)
        return _CONTROL.sub("", text)

    def _color(self, el: etree._Element) -> QColor | None:
        return self.ctx.color(el)

    def _finish_run(self, run: RunProps, rpr: etree._Element | None, options: BuildOptions) -> None:
        run.size = max(run.size * options.font_scale, 1.0)
        run.spacing *= options.font_scale
        explicit_fill = rpr is not None and any(local(c) in FILL_TAGS for c in rpr)
        link = child(rpr, "hlinkClick") if rpr is not None else None
        if link is not None:
            run.link = self._link_target(link)
            run.link_explicit_color = explicit_fill
            run.link_explicit_underline = rpr is not None and rpr.get("u") is not None
            if run.link is not None and not explicit_fill:
                run.color = QColor(self._link_color)
        if run.visible and run.color is None:
            run.color = QColor(self._default_color)

    def _link_target(self, link: etree._Element) -> str | None:
        action = link.get("action", "") or ""
        r_id = link.get(f"{{{R}}}id")
        if "jump=" in action:
            jump = action.split("jump=", 1)[1]
            number = self.ctx.slide_number
            targets = {"nextslide": number + 1, "previousslide": max(number - 1, 1), "firstslide": 1}
            return f"#slide:{targets[jump]}" if jump in targets else None
        if not r_id:
            return None
        target = self.ctx.rel_target(r_id)
        if not target:
            return None
        if self.ctx.rel_is_external(r_id):
            return target
        # An internal slide: the context may know slide order; else the part name's number.
        lookup = getattr(self.ctx, "slide_number_of", None)
        if callable(lookup):
            found = lookup(target)
            if isinstance(found, int):
                return f"#slide:{found}"
        match = _SLIDE_PART.search(target)
        return f"#slide:{match.group(1)}" if match else None

    def _family(self, run: RunProps, slot: Script, chunk: str) -> tuple[str, str]:
        """The drawing family for a piece; symbol-font text is remapped to Unicode."""
        typeface = {Script.LATIN: run.latin, Script.EA: run.ea, Script.CS: run.cs}[slot]
        typeface = self._theme_typeface(typeface, slot, chunk, run.lang)
        if run.sym and any(0xF000 <= ord(c) <= 0xF0FF for c in chunk):
            typeface = run.sym
        if is_symbol_font(typeface):
            chunk = "".join(symbol_char(typeface, c) if not c.isspace() else c for c in chunk)
        if not typeface.strip() and slot is not Script.LATIN:
            return self.fonts.script_default(theme_script(chunk, run.lang, slot), slot), chunk
        return self.fonts.family(typeface, slot), chunk

    def _theme_typeface(self, typeface: str, slot: Script, chunk: str, lang: str) -> str:
        if not typeface.startswith("+"):
            return typeface
        theme = getattr(self.ctx, "theme", None)
        scheme = getattr(theme, "major_font" if typeface.startswith("+mj") else "minor_font", None)
        if scheme is None:
            return ""
        kind = typeface[4:] if len(typeface) >= 6 else "lt"
        name = {"lt": "latin", "ea": "ea", "cs": "cs"}.get(kind, "latin")
        value = str(getattr(scheme, name, "") or "")
        if not value and slot is not Script.LATIN:
            scripts = getattr(scheme, "scripts", {}) or {}
            value = str(scripts.get(theme_script(chunk, lang, slot), ""))
        return value

    # -- bullets -----------------------------------------------------------------------------------

    def _bullet(self, props: ParaProps, run: RunProps, run_font: QFont, options: BuildOptions) -> BulletText | None:
        spec = props.bullet
        if spec.kind is BulletKind.NONE:
            return None
        size = run.size
        if spec.size is not None:
            if spec.size.kind is SpacingKind.PERCENT:
                size = run.size * spec.size.value
            else:
                size = spec.size.value * options.font_scale
        size = max(size, 1.0)
        color = run.color if run.visible else None
        if spec.color_el is not None:
            color = self.ctx.color(spec.color_el) or color
        image: bytes | None = None
        text = spec.char
        typeface = spec.typeface
        if spec.kind is BulletKind.AUTONUM:
            text = ""  # filled in by _number
        elif spec.kind is BulletKind.BLIP:
            image = self._blip(spec.blip_id)
            text = "\u2022"
            typeface = None
        if typeface:
            slot = Script.LATIN
            typeface = self._theme_typeface(typeface, slot, text, run.lang)
            if is_symbol_font(typeface):
                text = symbol_char(typeface, text)
            family = self.fonts.family(typeface, slot)
            font = self.fonts.qfont(family, size, False, False)
        else:
            font = QFont(run_font)
            font.setPointSizeF(size * 72.0 / 96.0)
            if spec.kind is not BulletKind.AUTONUM:
                font.setBold(False)
                font.setItalic(False)
        return BulletText(text, font, color, image, size)

    def _blip(self, r_id: str | None) -> bytes | None:
        related = getattr(self.ctx, "related_blob", None)
        if not r_id or not callable(related):
            return None
        found = related(r_id)
        if isinstance(found, tuple) and found and isinstance(found[0], bytes):
            return found[0]
        return None

    def _number(self, para: Paragraph, counter: _Counter, options: BuildOptions) -> None:
        level = para.props.level
        if para.empty:
            return  # empty paragraphs neither show nor advance a number
        for deeper in [lv for lv in counter.values if lv > level]:
            del counter.values[deeper]
        spec = para.props.bullet
        if spec.kind is not BulletKind.AUTONUM or para.bullet is None:
            counter.values.pop(level, None)
            return
        previous = counter.values.get(level)
        n = previous[1] + 1 if previous is not None and previous[0] == spec.scheme else spec.start_at
        counter.values[level] = (spec.scheme, n)
        para.bullet.text = format_autonum(spec.scheme, n)
