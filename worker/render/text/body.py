"""a:bodyPr: insets, anchoring, wrapping, rotation, vertical text, autofit, columns and text warps."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from lxml import etree

from worker.deck.xml import child, local
from worker.render.caches import remember
from worker.render.geometry.custom_xml import adjust_values

log = logging.getLogger(__name__)

EMU_PER_PT = 12700.0
_AUTOFIT = ("noAutofit", "normAutofit", "spAutoFit")
# Vertical text kinds drawn as text turned a quarter; eaVert then stands East Asian glyphs upright
# again (paint.py), which stacks them top to bottom as PowerPoint does.
_VERT_ROTATION = {
    "vert": 90.0,
    "eaVert": 90.0,
    "mongolianVert": 90.0,
    "vert270": 270.0,
}
# Stacked letters (stacked.py): the box stays upright; the value names the columns' direction.
_STACKED = {"wordArtVert": "ltr", "wordArtVertRtl": "rtl"}


@dataclass(frozen=True)
class TextWarp:
    """a:prstTxWarp: the preset (ST_TextShapeType) and its adjust values."""

    preset: str
    adjust: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class BodyProps:
    inset_l: float = 7.2
    inset_t: float = 3.6
    inset_r: float = 7.2
    inset_b: float = 3.6
    anchor: str = "t"
    anchor_center: bool = False
    wrap: bool = True
    rotation: float = 0.0
    vert_rotation: float = 0.0
    upright: bool = False
    upright_ea: bool = False  # eaVert: East Asian characters stand upright in the turned lines
    lines_ltr: bool = False  # mongolianVert: the turned lines run from the box's left to its right
    stacked: str = ""  # wordArtVert "ltr", wordArtVertRtl "rtl": letters stacked in columns
    font_scale: float = 1.0
    spacing_reduction: float = 0.0
    shrink_on_overflow: bool = False
    columns: int = 1
    column_spacing: float = 0.0
    columns_rtl: bool = False  # rtlCol: the first column on the right, the next to its left
    edge_spacing: bool = False  # spcFirstLastPara: spacing also before the first, after the last paragraph
    warp: TextWarp | None = None  # None: the text is drawn flat (no warp, or textNoShape)
    vert_overflow: str = "overflow"  # vertOverflow: "clip" or "ellipsis" cut at the inset box (overflow.py)
    horz_clip: bool = False  # horzOverflow="clip"


def _attr(chain: list[etree._Element], name: str) -> str | None:
    for el in chain:
        value = el.get(name)
        if value is not None:
            return value
    return None


def _number(value: str | None, default: float) -> float:
    """A bodyPr number; malformed ("abc", NaN, infinite, past 32 bits) means ``default``."""
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        return default
    return number if math.isfinite(number) and abs(number) <= 2**31 else default


# Resolved bodies by the content of (own a:bodyPr, *inherited a:bodyPr); BodyProps is frozen, so
# sharing one is safe.
_BODIES: dict[tuple[tuple[object, ...], ...], BodyProps] = {}
_BODIES_LIMIT = 4096


def resolve_body(body_props: list[etree._Element], tx_body: etree._Element | None) -> BodyProps:
    chain = [el for el in body_props if el is not None]
    own = child(tx_body, "bodyPr")
    if own is not None and not any(el is own for el in chain):
        chain.insert(0, own)
    # By content (attributes, and children when there are any: the autofit element), as most
    # bodies write one of a few a:bodyPr.
    key = tuple((tuple(el.attrib.items()), etree.tostring(el, with_tail=False) if len(el) else b"") for el in chain)
    found = _BODIES.get(key)
    if found is None:
        found = remember(_BODIES, key, _resolve(chain), _BODIES_LIMIT)
    return found


def _resolve(chain: list[etree._Element]) -> BodyProps:
    font_scale, spacing_reduction, shrink_on_overflow = 1.0, 0.0, False
    fit = next((c for el in chain for c in el if local(c) in _AUTOFIT), None)
    if fit is not None and local(fit) == "normAutofit":
        scale = fit.get("fontScale")
        reduction = fit.get("lnSpcReduction")
        font_scale = min(max(_number(scale, 100000) / 100000.0, 0.01), 1.0)
        spacing_reduction = min(max(_number(reduction, 0) / 100000.0, 0.0), 0.9)
        shrink_on_overflow = scale is None and reduction is None
    return BodyProps(
        inset_l=max(_number(_attr(chain, "lIns"), 91440) / EMU_PER_PT, 0.0),
        inset_t=max(_number(_attr(chain, "tIns"), 45720) / EMU_PER_PT, 0.0),
        inset_r=max(_number(_attr(chain, "rIns"), 91440) / EMU_PER_PT, 0.0),
        inset_b=max(_number(_attr(chain, "bIns"), 45720) / EMU_PER_PT, 0.0),
        anchor=_attr(chain, "anchor") or "t",
        anchor_center=_attr(chain, "anchorCtr") in ("1", "true"),
        wrap=_attr(chain, "wrap") != "none",
        rotation=_number(_attr(chain, "rot"), 0.0) / 60000.0,
        vert_rotation=_VERT_ROTATION.get(_attr(chain, "vert") or "horz", 0.0),
        upright=_attr(chain, "upright") in ("1", "true"),
        # mongolianVert is eaVert with its lines running left to right (ECMA-376 ST_TextVerticalType):
        # East Asian characters stand upright in both.
        upright_ea=_attr(chain, "vert") in ("eaVert", "mongolianVert"),
        lines_ltr=_attr(chain, "vert") == "mongolianVert",
        stacked=_STACKED.get(_attr(chain, "vert") or "horz", ""),
        font_scale=font_scale,
        spacing_reduction=spacing_reduction,
        shrink_on_overflow=shrink_on_overflow,
        columns=min(max(int(_number(_attr(chain, "numCol"), 1)), 1), 16),
        column_spacing=max(_number(_attr(chain, "spcCol"), 0) / EMU_PER_PT, 0.0),
        columns_rtl=_attr(chain, "rtlCol") in ("1", "true"),
        edge_spacing=_attr(chain, "spcFirstLastPara") in ("1", "true"),
        warp=_warp(chain),
        vert_overflow=_attr(chain, "vertOverflow") or "overflow",
        horz_clip=_attr(chain, "horzOverflow") == "clip",
    )


def _warp(chain: list[etree._Element]) -> TextWarp | None:
    """The nearest a:prstTxWarp, unless it is textNoShape. textPlain is PowerPoint's "Square" warp:
    even unadjusted it stretches the text's ink over the whole text area (a one-character quote mark
    in a square becomes a big quote mark, as LibreOffice also draws it)."""
    found = next((c for el in chain for c in el if local(c) == "prstTxWarp"), None)
    if found is None:
        return None
    preset = found.get("prst") or "textNoShape"
    adjust = tuple(sorted(adjust_values(child(found, "avLst")).items()))
    if preset == "textNoShape":
        return None
    return TextWarp(preset, adjust)
