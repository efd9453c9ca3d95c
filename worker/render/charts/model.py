"""Chart model: what a c:chartSpace part says, read into typed dataclasses (cached values only).

The embedded workbook is never opened: every number and label comes from c:numCache/c:strCache
(or literal c:numLit/c:strLit), as PowerPoint itself draws them.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from enum import Enum

from lxml import etree

from worker.deck.xml import child, children, element_text, local, path

log = logging.getLogger(__name__)


class GroupKind(Enum):
    BAR = "bar"
    LINE = "line"
    AREA = "area"
    PIE = "pie"
    DOUGHNUT = "doughnut"
    SCATTER = "scatter"
    RADAR = "radar"
    BUBBLE = "bubble"
    SURFACE = "surface"


# Plot-area children -> their kind (3-D variants carry Group.three_d and are drawn in 3-D).
GROUP_TAGS: dict[str, GroupKind] = {
    "barChart": GroupKind.BAR,
    "bar3DChart": GroupKind.BAR,
    "lineChart": GroupKind.LINE,
    "line3DChart": GroupKind.LINE,
    "stockChart": GroupKind.LINE,
    "areaChart": GroupKind.AREA,
    "area3DChart": GroupKind.AREA,
    "pieChart": GroupKind.PIE,
    "pie3DChart": GroupKind.PIE,
    "ofPieChart": GroupKind.PIE,
    "doughnutChart": GroupKind.DOUGHNUT,
    "scatterChart": GroupKind.SCATTER,
    "radarChart": GroupKind.RADAR,
    "bubbleChart": GroupKind.BUBBLE,
    "surfaceChart": GroupKind.SURFACE,  # seen from straight above: Excel's contour chart
    "surface3DChart": GroupKind.SURFACE,
}


@dataclass
class Layout:
    """A c:manualLayout: fractions of the chart area (edge mode) or offsets (factor mode)."""

    x: float | None = None
    y: float | None = None
    w: float | None = None
    h: float | None = None
    x_mode: str = "factor"
    y_mode: str = "factor"
    inner: bool = False  # layoutTarget inner: the rectangle is the plot itself, without labels


@dataclass
class TextSpec:
    """Text and the text-property elements that style it (nearest first)."""

    paragraphs: list[str] = field(default_factory=list)
    rpr: list[etree._Element] = field(default_factory=list)  # rPr / defRPr, nearest first
    body_pr: etree._Element | None = None
    # Rich text (c:rich): each line's runs as (text, own rPr, its paragraph's defRPr); a:br and
    # paragraphs start lines. ``outer`` holds the element's own txPr defaults under them.
    runs: list[list[tuple[str, etree._Element | None, etree._Element | None]]] = field(default_factory=list)
    outer: list[etree._Element] = field(default_factory=list)


@dataclass
class Title:
    text: TextSpec
    layout: Layout | None
    overlay: bool
    sp_pr: etree._Element | None
    explicit: bool  # the title has its own c:tx (else the auto text)


@dataclass
class DataLabels:
    show_val: bool = False
    show_percent: bool = False
    show_cat: bool = False
    show_ser: bool = False
    show_bubble_size: bool = False
    show_key: bool = False  # c:showLegendKey: the series' legend key before the text
    position: str = ""
    num_fmt: str | None = None
    separator: str | None = None
    text: TextSpec | None = None
    custom: str | None = None  # one point's c:dLbl/c:tx/c:rich: text typed over the label
    # The custom text's pieces as (field type, cached text); a field ("VALUE", "CELLRANGE"...) is
    # filled in per point, plain text has type "".
    fields: list[tuple[str, str]] = field(default_factory=list)
    show_range: bool = False  # c15:showDataLabelsRange: the series' label cells (Series.label_cells)
    offset: tuple[float, float] | None = None  # c:dLbl manualLayout x, y: moved by fractions of the chart
    # Leader lines to moved labels: c:showLeaderLines (Office honours it on pies and doughnuts) and
    # Office 2013's c15:showLeaderLines (every other chart type), with their line (c:leaderLines or
    # c15:leaderLines spPr).
    leader_lines: bool = False
    c15_leader_lines: bool = False
    leader_sp_pr: etree._Element | None = None
    deleted: set[int] = field(default_factory=set)
    sp_pr: etree._Element | None = None  # the label box's fill and outline
    points: dict[int, DataLabels] = field(default_factory=dict)  # c:dLbl: one point's own labels

    @property
    def any(self) -> bool:
        shown = self.show_val or self.show_percent or self.show_cat or self.show_ser or self.show_bubble_size
        return shown or self.show_key or self.show_range or bool(self.custom)

    def at(self, point: int) -> DataLabels:
        """The labels of one point: its c:dLbl when it has one, else the series' (or group's)."""
        return self.points.get(point, self)


@dataclass
class Marker:
    symbol: str = "auto"  # none, circle, square, diamond, triangle, x, star, dot, dash, plus, auto
    size: float = 5.0
    sp_pr: etree._Element | None = None


@dataclass
class ErrorBars:
    """A series' c:errBars (see error_bars.py)."""

    direction: str = "y"  # x or y
    bar_type: str = "both"  # both, plus, minus
    value_type: str = "fixedVal"  # cust, fixedVal, percentage, stdDev, stdErr
    value: float = 0.0
    plus: list[float | None] = field(default_factory=list)
    minus: list[float | None] = field(default_factory=list)
    end_cap: bool = True
    sp_pr: etree._Element | None = None


@dataclass
class TrendlineLabel:
    """A trendline's c:trendlineLbl: where its equation / R² text goes and how it looks."""

    layout: Layout | None = None
    num_fmt: str | None = None  # c:numFmt formatCode (None: Office's compact General)
    text: TextSpec | None = None  # c:txPr (or c:tx/c:rich, whose runs then replace the text)
    sp_pr: etree._Element | None = None


@dataclass
class Trendline:
    """A series' c:trendline (see trendline.py)."""

    kind: str = "linear"  # exp, linear, log, movingAvg, poly, power
    order: int = 2  # poly: 2..6
    period: int = 2  # movingAvg: 2..255
    forward: float = 0.0  # forecast past the last x, in x units
    backward: float = 0.0  # forecast before the first x
    intercept: float | None = None  # the fit's fixed value at x = 0 (linear, exp, poly)
    sp_pr: etree._Element | None = None
    name: str | None = None  # c:name: its legend entry's text (else Excel's automatic name)
    show_equation: bool = False  # c:dispEq
    show_r_squared: bool = False  # c:dispRSqr
    label: TrendlineLabel = field(default_factory=TrendlineLabel)


@dataclass
class Series:
    idx: int
    order: int
    name: str
    categories: list[str]
    values: list[float | None]
    x_values: list[float | None] = field(default_factory=list)
    cat_format: str | None = None
    val_format: str | None = None
    sp_pr: etree._Element | None = None
    point_sp_pr: dict[int, etree._Element] = field(default_factory=dict)
    point_explosion: dict[int, float] = field(default_factory=dict)
    explosion: float = 0.0
    marker: Marker | None = None
    smooth: bool = False
    labels: DataLabels | None = None
    invert_if_negative: bool = False
    invert_sp_pr: etree._Element | None = None  # c14:invertSolidFillFmt: the inverted solid colour
    # Bubble series: c:bubbleSize (None: the element is absent, every bubble has size 1) and c:bubble3D.
    bubble_sizes: list[float | None] | None = None
    size_format: str | None = None
    bubble_3d: bool = False
    error_bars: list[ErrorBars] = field(default_factory=list)
    trendlines: list[Trendline] = field(default_factory=list)
    named: bool = True  # the series has its own c:tx (else ``name`` is Office's "SeriesN")
    label_cells: list[str] = field(default_factory=list)  # c15:datalabelsRange: each point's label cell
    # A multi-level c:cat's outer levels, nearest first: each a list of (first point, text) groups.
    category_levels: list[list[tuple[int, str]]] = field(default_factory=list)


@dataclass
class Axis:
    ax_id: str
    kind: str  # catAx, valAx, dateAx, serAx
    position: str  # b, l, t, r
    deleted: bool = False
    reverse: bool = False
    minimum: float | None = None
    maximum: float | None = None
    log_base: float | None = None
    major_unit: float | None = None
    minor_unit: float | None = None
    disp_unit: float | None = None  # c:dispUnits: tick labels show values divided by this
    disp_unit_label: str | None = None  # its c:dispUnitsLbl text ("Thousands"), None when not shown
    num_fmt: str | None = None
    source_linked: bool = True
    major_grid: etree._Element | None = None  # the c:majorGridlines element (spPr inside)
    minor_grid: etree._Element | None = None
    title: Title | None = None
    tick_label_pos: str = "nextTo"
    major_tick: str = "out"
    minor_tick: str = "none"
    sp_pr: etree._Element | None = None
    text: TextSpec = field(default_factory=TextSpec)
    cross_ax: str = ""
    crosses: str = "autoZero"
    crosses_at: float | None = None
    cross_between: str = ""
    label_skip: int = 0
    base_time_unit: str = ""  # dateAx: days, months or years
    major_time_unit: str = ""  # dateAx: the unit of c:majorUnit (days, months or years)
    no_multi_level: bool = False  # c:noMultiLvlLbl: a multi-level c:cat shows its inner level only


@dataclass
class OfPie:
    """A pie-of-pie or bar-of-pie chart's second plot (c:ofPieChart; see of_pie.py)."""

    kind: str = "pie"  # c:ofPieType: pie or bar
    split_type: str = "auto"  # auto, cust, percent, pos, val
    split_pos: float | None = None  # c:splitPos: a count (pos), a value (val) or a percentage
    custom: set[int] = field(default_factory=set)  # c:custSplit/c:secondPiePt: points in the second plot
    second_size: float = 75.0  # c:secondPieSize: % of the first pie's size (5-200)
    ser_lines: etree._Element | None = None  # c:serLines (spPr inside); None: no lines


@dataclass
class DataTable:
    """The chart's c:dTable: a grid of the values under the plot (see data_table.py)."""

    horizontal: bool = False  # c:showHorzBorder
    vertical: bool = False  # c:showVertBorder
    outline: bool = False  # c:showOutline
    keys: bool = False  # c:showKeys
    text: TextSpec = field(default_factory=TextSpec)
    sp_pr: etree._Element | None = None


@dataclass
class Group:
    kind: GroupKind
    series: list[Series]
    ax_ids: list[str]
    bar_dir: str = "col"
    grouping: str = "clustered"  # clustered, stacked, percentStacked, standard
    gap_width: float = 150.0
    overlap: float = 0.0
    vary_colors: bool = False
    markers: bool = True  # lineChart c:marker
    stock: bool = False  # a c:stockChart (a line group drawing only the markers its series name)
    scatter_style: str = "lineMarker"
    radar_style: str = "marker"
    first_slice: float = 0.0
    hole_size: float = 50.0
    labels: DataLabels | None = None
    three_d: bool = False
    gap_depth: float = 150.0  # bar3DChart: gap between rows of bars, % of a bar's depth
    shape: str = "box"  # bar3DChart: box, cylinder, cone, coneToMax, pyramid, pyramidToMax
    bubble_scale: float = 100.0  # bubbleChart: % of the default bubble size
    size_represents: str = "area"  # bubbleChart: area or w (width)
    show_neg_bubbles: bool = False
    bubble_3d: bool = False  # bubbleChart-level c:bubble3D (series may set their own)
    hi_low_lines: etree._Element | None = None  # line/stock charts: c:hiLowLines (spPr inside)
    up_down_bars: etree._Element | None = None  # line/stock charts: c:upDownBars
    up_down_gap: float = 150.0  # c:upDownBars/c:gapWidth, % of a bar's width
    wireframe: bool = False  # surface charts: band edges only
    band_sp_pr: dict[int, etree._Element] = field(default_factory=dict)  # surface charts: c:bandFmts
    of_pie: OfPie | None = None  # c:ofPieChart: the split-off points' second pie or bar

    @property
    def xy(self) -> bool:
        """Both axes are value axes: x values come from c:xVal."""
        return self.kind in (GroupKind.SCATTER, GroupKind.BUBBLE)


@dataclass
class View3D:
    """c:view3D with Office's defaults for what it leaves out (angles in degrees)."""

    rot_x: float = 15.0  # elevation: positive looks down on the floor
    rot_y: float = 20.0  # turn about the vertical axis (a 3-D pie's first-slice angle)
    right_angles: bool = False  # rAngAx: oblique projection, x and y axes stay square
    perspective: float = 30.0  # field of view in half degrees (0 = parallel)
    depth_percent: float = 100.0
    h_percent: float | None = None  # None: height chosen to fill the plot area (autoscale)


@dataclass
class Surface:
    """c:floor, c:sideWall or c:backWall: its shape properties (None when the element is absent)."""

    sp_pr: etree._Element | None = None
    present: bool = False


@dataclass
class Legend:
    position: str = "r"
    layout: Layout | None = None
    overlay: bool = False
    deleted_entries: set[int] = field(default_factory=set)
    text: TextSpec = field(default_factory=TextSpec)
    sp_pr: etree._Element | None = None


@dataclass
class Chart:
    groups: list[Group]
    axes: dict[str, Axis]
    title: Title | None
    auto_title_deleted: bool
    legend: Legend | None
    plot_layout: Layout | None
    plot_sp_pr: etree._Element | None
    space_sp_pr: etree._Element | None
    text: TextSpec  # chartSpace c:txPr: defaults for every text
    style: int = 2
    rounded: bool = False
    date1904: bool = False
    blanks: str = "gap"  # c:dispBlanksAs: how line and scatter series draw blank cells (gap, span, zero)
    unsupported: list[str] = field(default_factory=list)
    data_table: DataTable | None = None
    view3d: View3D | None = None
    floor: Surface = field(default_factory=Surface)
    side_wall: Surface = field(default_factory=Surface)
    back_wall: Surface = field(default_factory=Surface)

    @property
    def all_series(self) -> list[Series]:
        return [s for g in self.groups for s in g.series]


# -- reading -------------------------------------------------------------------------------------


def _val(el: etree._Element | None, default: str = "") -> str:
    if el is None:
        return default
    return el.get("val", default)


def _flag(el: etree._Element | None, default: bool) -> bool:
    """CT_Boolean: a missing val means true; a missing element means ``default``."""
    if el is None:
        return default
    return el.get("val", "1").lower() in ("1", "true", "on")


def _float(raw: str | None, default: float | None = None) -> float | None:
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        return default
    return value if math.isfinite(value) else default


def _percent(raw: str | None, default: float) -> float:
    """ST_GapAmount / ST_Overlap: '150' or '150%'."""
    if raw is None:
        return default
    value = _float(raw.rstrip("%"), default)
    return default if value is None else value


def _cache_points(cache: etree._Element | None) -> tuple[int, dict[int, str], str | None]:
    if cache is None:
        return 0, {}, None
    count = int(_float(_val(child(cache, "ptCount"), "0"), 0) or 0)
    points: dict[int, str] = {}
    for pt in children(cache, "pt"):
        idx = int(_float(pt.get("idx"), 0) or 0)
        v = child(pt, "v")
        if v is not None and v.text is not None and 0 <= idx < 100000:
            points[idx] = v.text
    count = max(count, max(points, default=-1) + 1)
    fmt = child(cache, "formatCode")
    return min(count, 100000), points, (fmt.text if fmt is not None else None)


def _data_cache(src: etree._Element | None) -> etree._Element | None:
    """The cache/literal element of a c:cat/c:val/c:tx source."""
    if src is None:
        return None
    for ref in src:
        name = local(ref)
        if name in ("numLit", "strLit"):
            return ref
        if name in ("numRef", "strRef"):
            return child(ref, "numCache") if name == "numRef" else child(ref, "strCache")
        if name == "multiLvlStrRef":
            levels = list(children(child(ref, "multiLvlStrCache"), "lvl"))
            if levels:
                # The innermost level (first) is the category; outer levels group them.
                lvl = levels[0]
                count = child(child(ref, "multiLvlStrCache"), "ptCount")
                if count is not None and child(lvl, "ptCount") is None:
                    lvl.insert(0, etree.fromstring(etree.tostring(count)))
                return lvl
    return None


def category_levels(src: etree._Element | None) -> list[list[tuple[int, str]]]:
    """The outer levels of a multi-level c:cat (c:multiLvlStrCache/c:lvl after the first), nearest
    the axis first: each level's groups as (first point, text), a group spanning up to the next."""
    cache = path(src, "multiLvlStrRef", "multiLvlStrCache")
    out: list[list[tuple[int, str]]] = []
    for lvl in list(children(cache, "lvl"))[1:]:
        _, points, _ = _cache_points(lvl)
        out.append(sorted(points.items()))
    return out


def read_numbers(src: etree._Element | None) -> tuple[list[float | None], str | None]:
    count, points, fmt = _cache_points(_data_cache(src))
    return [_float(points.get(i)) for i in range(count)], fmt


def read_strings(src: etree._Element | None) -> tuple[list[str], str | None]:
    count, points, fmt = _cache_points(_data_cache(src))
    return [points.get(i, "") for i in range(count)], fmt


def _text_spec(tx_pr: etree._Element | None, rich: etree._Element | None = None) -> TextSpec:
    spec = TextSpec()
    body = rich if rich is not None else tx_pr
    if body is None:
        return spec
    spec.body_pr = child(body, "bodyPr")
    for p in children(body, "p"):
        def_rpr = path(p, "pPr", "defRPr")
        if rich is not None:
            text = "".join(element_text(t) for r in p if local(r) in ("r", "fld") for t in children(r, "t"))
            spec.paragraphs.append(text)
            spec.runs.append([])
            for r in p:
                if local(r) == "br":
                    spec.runs.append([])
                elif local(r) in ("r", "fld"):
                    run_text = "".join(element_text(t) for t in children(r, "t"))
                    spec.runs[-1].append((run_text, child(r, "rPr"), def_rpr))
            first_run = next((r for r in p if local(r) in ("r", "fld")), None)
            rpr = child(first_run, "rPr")
            if rpr is not None:
                spec.rpr.append(rpr)
        if def_rpr is not None:
            spec.rpr.append(def_rpr)
    return spec


def _layout(el: etree._Element | None) -> Layout | None:
    manual = path(el, "layout", "manualLayout")
    if manual is None:
        return None
    out = Layout(
        x=_float(_val(child(manual, "x"), "") or None),
        y=_float(_val(child(manual, "y"), "") or None),
        w=_float(_val(child(manual, "w"), "") or None),
        h=_float(_val(child(manual, "h"), "") or None),
        x_mode=_val(child(manual, "xMode"), "factor"),
        y_mode=_val(child(manual, "yMode"), "factor"),
        inner=_val(child(manual, "layoutTarget"), "outer") == "inner",
    )
    if out.x is None and out.y is None and out.w is None and out.h is None:
        return None
    return out


def _title(el: etree._Element | None) -> Title | None:
    if el is None:
        return None
    rich = path(el, "tx", "rich")
    text = _text_spec(child(el, "txPr"), rich)
    if rich is None or child(el, "txPr") is not None:
        text.outer = _text_spec(child(el, "txPr")).rpr
        text.rpr.extend(text.outer)
    str_ref = path(el, "tx", "strRef")
    if rich is None and str_ref is not None:
        values, _ = read_strings(child(el, "tx"))
        text.paragraphs = [" ".join(values)]
    return Title(
        text=text,
        layout=_layout(el),
        overlay=_flag(child(el, "overlay"), False),
        sp_pr=child(el, "spPr"),
        explicit=bool(text.paragraphs),
    )


def _labels(el: etree._Element | None) -> DataLabels | None:
    if el is None:
        return None
    if _flag(child(el, "delete"), False):
        return DataLabels()
    out = _label_props(el, DataLabels())
    # Leader lines belong to the whole c:dLbls (CT_DLbl has none); every point's labels share them.
    out.leader_lines = _flag(child(el, "showLeaderLines"), False)
    out.c15_leader_lines = _c15_flag(el, "showLeaderLines", False)
    out.leader_sp_pr = path(el, "leaderLines", "spPr")
    if out.leader_sp_pr is None:
        out.leader_sp_pr = path(_ext(el, C15_LABELS), "leaderLines", "spPr")
    for lbl in children(el, "dLbl"):
        idx = int(_float(_val(child(lbl, "idx"), "0"), 0) or 0)
        if _flag(child(lbl, "delete"), False):
            out.deleted.add(idx)
        else:
            out.points[idx] = _label_props(lbl, out)
    return out


def _label_props(el: etree._Element, base: DataLabels) -> DataLabels:
    """A c:dLbls' (or one c:dLbl's) label properties; what it leaves out comes from ``base``."""

    def flag(name: str, inherited: bool) -> bool:
        own = child(el, name)
        return _flag(own, False) if own is not None else inherited

    tx_pr = child(el, "txPr")
    out = DataLabels(
        show_val=flag("showVal", base.show_val),
        show_percent=flag("showPercent", base.show_percent),
        show_cat=flag("showCatName", base.show_cat),
        show_ser=flag("showSerName", base.show_ser),
        show_bubble_size=flag("showBubbleSize", base.show_bubble_size),
        show_key=flag("showLegendKey", base.show_key),
        position=_val(child(el, "dLblPos")) or base.position,
        num_fmt=base.num_fmt,
        separator=base.separator,
        text=_text_spec(tx_pr) if tx_pr is not None or base.text is None else base.text,
        sp_pr=child(el, "spPr") if child(el, "spPr") is not None else base.sp_pr,
        show_range=_c15_flag(el, "showDataLabelsRange", base.show_range),
        leader_lines=base.leader_lines,
        c15_leader_lines=base.c15_leader_lines,
        leader_sp_pr=base.leader_sp_pr,
    )
    layout = _layout(el) if local(el) == "dLbl" else None
    if layout is not None and layout.x_mode != "edge" and layout.y_mode != "edge":
        # Factor mode (the default and what Office writes): moved from the default position by
        # fractions of the chart's width and height.
        out.offset = (layout.x or 0.0, layout.y or 0.0)
    fmt = child(el, "numFmt")
    if fmt is not None and fmt.get("sourceLinked", "0") != "1":
        out.num_fmt = fmt.get("formatCode")
    rich = path(el, "tx", "rich")
    if rich is not None and local(el) == "dLbl":
        # Text typed over one label replaces what it shows; its runs' own properties style it.
        out.text = _text_spec(tx_pr, rich)
        out.text.rpr.extend(base.text.rpr if tx_pr is None and base.text is not None else _text_spec(tx_pr).rpr)
        out.custom = "\n".join(out.text.paragraphs)
        out.fields = _rich_fields(rich, _field_table(el))
    str_ref = path(el, "tx", "strRef")
    if str_ref is not None and local(el) == "dLbl":
        # Text linked to a cell: its cached value replaces the label.
        values, _ = read_strings(child(el, "tx"))
        out.custom = " ".join(v for v in values if v)
        out.fields = []
    sep = child(el, "separator")
    if sep is not None:
        out.separator = sep.text or ""
    return out


C15_LABELS = "{CE6537A1-D6FC-4f65-9D91-7224C49458BB}"  # c:ext uri of c:dLbl(s)' Office 2013 additions
C15_SERIES = "{02D57815-91ED-43cb-92C2-25804820EDAC}"  # c:ext uri of c:ser's Office 2013 additions


def _ext(el: etree._Element | None, uri: str) -> etree._Element | None:
    return next((e for e in children(child(el, "extLst"), "ext") if e.get("uri", "").upper() == uri.upper()), None)


def _invert_sp_pr(ser: etree._Element) -> etree._Element | None:
    """The spPr of a series' c14:invertSolidFillFmt (Office 2010's colour for inverted negative
    points), in whichever c:ext it sits."""
    for ext in children(child(ser, "extLst"), "ext"):
        found = child(child(ext, "invertSolidFillFmt"), "spPr")
        if found is not None:
            return found
    return None


def _c15_flag(el: etree._Element, name: str, inherited: bool) -> bool:
    own = child(_ext(el, C15_LABELS), name)
    return _flag(own, False) if own is not None else inherited


def _field_table(el: etree._Element) -> dict[str, str]:
    """c15:dlblFieldTable: the cached text of fields linked to one cell, by the field's id."""
    out: dict[str, str] = {}
    for entry in children(child(_ext(el, C15_LABELS), "dlblFieldTable"), "dlblFTEntry"):
        guid = child(entry, "txfldGUID")
        _, points, _ = _cache_points(child(entry, "dlblFieldTableCache"))
        if guid is not None and guid.text:
            out[guid.text.strip().upper()] = " ".join(points[i] for i in sorted(points))
    return out


def _rich_fields(rich: etree._Element, table: dict[str, str]) -> list[tuple[str, str]]:
    """A label's rich text as (field type, text) pieces, paragraphs and breaks as "\n"."""
    out: list[tuple[str, str]] = []
    for n, p in enumerate(children(rich, "p")):
        if n:
            out.append(("", "\n"))
        for r in p:
            name = local(r)
            if name == "br":
                out.append(("", "\n"))
            elif name in ("r", "fld"):
                text = "".join(element_text(t) for t in children(r, "t"))
                kind = (r.get("type") or "").upper() if name == "fld" else ""
                cell = table.get((r.get("id") or "").strip().upper())
                if cell is not None:
                    kind, text = "", cell  # a field linked to a cell shows that cell's cached text
                out.append((kind, text))
    return out


def _label_cells(el: etree._Element) -> list[str]:
    """c15:datalabelsRange/c15:dlblRangeCache: the cell text of each point's label."""
    rng = child(_ext(el, C15_SERIES), "datalabelsRange")
    count, points, _ = _cache_points(child(rng, "dlblRangeCache"))
    return [points.get(i, "") for i in range(count)]


def _marker(el: etree._Element | None) -> Marker | None:
    if el is None:
        return None
    size = _float(_val(child(el, "size"), "5"), 5.0) or 5.0
    return Marker(symbol=_val(child(el, "symbol"), "auto"), size=min(max(size, 2.0), 72.0), sp_pr=child(el, "spPr"))


def _series(el: etree._Element, kind: GroupKind) -> Series:
    idx = int(_float(_val(child(el, "idx"), "0"), 0) or 0)
    order = int(_float(_val(child(el, "order"), str(idx)), idx) or 0)
    names, _ = read_strings(child(el, "tx"))
    name = " ".join(n for n in names if n) if names else ""
    tx_v = path(el, "tx", "v")
    if not name and tx_v is not None:
        name = tx_v.text or ""
    if kind in (GroupKind.SCATTER, GroupKind.BUBBLE):
        values, val_fmt = read_numbers(child(el, "yVal"))
        x_src = child(el, "xVal")
        x_values, cat_fmt = read_numbers(x_src)
        categories, _ = read_strings(x_src)
        if x_values and all(v is None for v in x_values):
            x_values = []
    else:
        values, val_fmt = read_numbers(child(el, "val"))
        cat_src = child(el, "cat")
        x_values = []
        categories, cat_fmt = read_strings(cat_src)
    series = Series(
        idx=idx,
        order=order,
        name=name or f"Series{idx + 1}",
        named=bool(name),
        categories=categories,
        values=values,
        x_values=x_values,
        cat_format=cat_fmt,
        val_format=val_fmt,
        sp_pr=child(el, "spPr"),
        explosion=_percent(_val(child(el, "explosion")) or None, 0.0),
        marker=_marker(child(el, "marker")),
        smooth=_flag(child(el, "smooth"), False),
        labels=_labels(child(el, "dLbls")),
        invert_if_negative=_flag(child(el, "invertIfNegative"), False),
        invert_sp_pr=_invert_sp_pr(el),
        label_cells=_label_cells(el),
        category_levels=category_levels(child(el, "cat")) if kind not in (GroupKind.SCATTER, GroupKind.BUBBLE) else [],
    )
    if kind is GroupKind.BUBBLE:
        size_src = child(el, "bubbleSize")
        if size_src is not None:
            series.bubble_sizes, series.size_format = read_numbers(size_src)
        series.bubble_3d = _flag(child(el, "bubble3D"), False)
    for bars in children(el, "errBars"):
        series.error_bars.append(_error_bars(bars, kind))
    for trend in children(el, "trendline"):
        series.trendlines.append(_trendline(trend))
    for dpt in children(el, "dPt"):
        pidx = int(_float(_val(child(dpt, "idx"), "0"), 0) or 0)
        sp_pr = child(dpt, "spPr")
        if sp_pr is not None:
            series.point_sp_pr[pidx] = sp_pr
        explosion = child(dpt, "explosion")
        if explosion is not None:
            series.point_explosion[pidx] = _percent(explosion.get("val"), 0.0)
    return series


def _trendline(el: etree._Element) -> Trendline:
    def number(name: str) -> float | None:
        return _float(_val(child(el, name)) or None)

    name = child(el, "name")
    order = int(number("order") or 2)
    period = int(number("period") or 2)
    return Trendline(
        kind=_val(child(el, "trendlineType"), "linear"),
        order=min(max(order, 2), 6),
        period=min(max(period, 2), 255),
        forward=max(number("forward") or 0.0, 0.0),
        backward=max(number("backward") or 0.0, 0.0),
        intercept=number("intercept"),
        sp_pr=child(el, "spPr"),
        name=(name.text or "") if name is not None else None,
        show_equation=_flag(child(el, "dispEq"), False),
        show_r_squared=_flag(child(el, "dispRSqr"), False),
        label=_trendline_label(child(el, "trendlineLbl")),
    )


def _trendline_label(el: etree._Element | None) -> TrendlineLabel:
    if el is None:
        return TrendlineLabel()
    fmt = child(el, "numFmt")
    rich = path(el, "tx", "rich")
    text = _text_spec(child(el, "txPr"), rich)
    if rich is not None:
        text.outer = _text_spec(child(el, "txPr")).rpr
        text.rpr.extend(text.outer)
    return TrendlineLabel(
        layout=_layout(el),
        num_fmt=fmt.get("formatCode") if fmt is not None and fmt.get("sourceLinked", "0") != "1" else None,
        text=text,
        sp_pr=child(el, "spPr"),
    )


def _error_bars(el: etree._Element, kind: GroupKind) -> ErrorBars:
    xy = kind in (GroupKind.SCATTER, GroupKind.BUBBLE)
    return ErrorBars(
        direction=_val(child(el, "errDir"), "y") if xy else "y",
        bar_type=_val(child(el, "errBarType"), "both"),
        value_type=_val(child(el, "errValType"), "fixedVal"),
        value=_float(_val(child(el, "val")) or None, 0.0) or 0.0,
        plus=read_numbers(child(el, "plus"))[0],
        minus=read_numbers(child(el, "minus"))[0],
        end_cap=not _flag(child(el, "noEndCap"), False),
        sp_pr=child(el, "spPr"),
    )


def _group(el: etree._Element, kind: GroupKind) -> Group:
    tag = local(el)
    series = [_series(s, kind) for s in children(el, "ser")]
    series.sort(key=lambda s: s.order)
    grouping = _val(child(el, "grouping"), "clustered" if kind is GroupKind.BAR else "standard")
    group = Group(
        kind=kind,
        series=series,
        ax_ids=[_val(a) for a in children(el, "axId")],
        bar_dir=_val(child(el, "barDir"), "col"),
        grouping=grouping,
        gap_width=_percent(_val(child(el, "gapWidth")) or None, 150.0),
        overlap=_percent(_val(child(el, "overlap")) or None, 100.0 if "tacked" in grouping else 0.0),
        vary_colors=_flag(child(el, "varyColors"), kind in (GroupKind.PIE, GroupKind.DOUGHNUT)),
        markers=_flag(child(el, "marker"), True),
        scatter_style=_val(child(el, "scatterStyle"), "lineMarker"),
        radar_style=_val(child(el, "radarStyle"), "marker"),
        first_slice=_percent(_val(child(el, "firstSliceAng")) or None, 0.0),
        hole_size=_percent(_val(child(el, "holeSize")) or None, 50.0),
        labels=_labels(child(el, "dLbls")),
        three_d="3D" in tag,
        gap_depth=_percent(_val(child(el, "gapDepth")) or None, 150.0),
        shape=_val(child(el, "shape"), "box"),
        bubble_scale=min(max(_percent(_val(child(el, "bubbleScale")) or None, 100.0), 0.0), 300.0),
        size_represents=_val(child(el, "sizeRepresents"), "area"),
        show_neg_bubbles=_flag(child(el, "showNegBubbles"), False),
        bubble_3d=_flag(child(el, "bubble3D"), False),
        hi_low_lines=child(el, "hiLowLines"),
        up_down_bars=child(el, "upDownBars"),
        up_down_gap=_percent(_val(child(child(el, "upDownBars"), "gapWidth")) or None, 150.0),
    )
    if tag == "stockChart":
        group.markers = False
        group.stock = True
    if kind is GroupKind.SURFACE:
        group.wireframe = _flag(child(el, "wireframe"), False)
        for band in children(child(el, "bandFmts"), "bandFmt"):
            sp_pr = child(band, "spPr")
            idx = _float(_val(child(band, "idx")) or None)
            if sp_pr is not None and idx is not None:
                group.band_sp_pr[int(idx)] = sp_pr
    if tag == "ofPieChart":
        group.of_pie = _of_pie(el)
    if kind is GroupKind.BAR and "tacked" in grouping and child(el, "overlap") is None:
        group.overlap = 100.0
    return group


def _of_pie(el: etree._Element) -> OfPie:
    size = _percent(_val(child(el, "secondPieSize")) or None, 75.0)
    custom: set[int] = set()
    for pt in children(child(el, "custSplit"), "secondPiePt"):
        idx = _float(pt.get("val"))
        if idx is not None and 0 <= idx < 100000:
            custom.add(int(idx))
    return OfPie(
        kind=_val(child(el, "ofPieType"), "pie"),
        split_type=_val(child(el, "splitType"), "auto"),
        split_pos=_float(_val(child(el, "splitPos")) or None),
        custom=custom,
        second_size=min(max(size, 5.0), 200.0),
        ser_lines=child(el, "serLines"),
    )


def _data_table(el: etree._Element | None) -> DataTable | None:
    if el is None:
        return None
    return DataTable(
        horizontal=_flag(child(el, "showHorzBorder"), False),
        vertical=_flag(child(el, "showVertBorder"), False),
        outline=_flag(child(el, "showOutline"), False),
        keys=_flag(child(el, "showKeys"), False),
        text=_text_spec(child(el, "txPr")),
        sp_pr=child(el, "spPr"),
    )


def _axis(el: etree._Element) -> Axis:
    scaling = child(el, "scaling")
    fmt = child(el, "numFmt")
    title = _title(child(el, "title"))
    log_base = _float(_val(child(scaling, "logBase")) or None)
    axis = Axis(
        ax_id=_val(child(el, "axId")),
        kind=local(el),
        position=_val(child(el, "axPos"), "b"),
        deleted=_flag(child(el, "delete"), False),
        reverse=_val(child(scaling, "orientation"), "minMax") == "maxMin",
        minimum=_float(_val(child(scaling, "min")) or None),
        maximum=_float(_val(child(scaling, "max")) or None),
        log_base=log_base if log_base is not None and log_base > 1 else None,
        major_unit=_float(_val(child(el, "majorUnit")) or None),
        minor_unit=_float(_val(child(el, "minorUnit")) or None),
        num_fmt=fmt.get("formatCode") if fmt is not None else None,
        source_linked=fmt is None or fmt.get("sourceLinked", "0") == "1",
        major_grid=child(el, "majorGridlines"),
        minor_grid=child(el, "minorGridlines"),
        title=title,
        tick_label_pos=_val(child(el, "tickLblPos"), "nextTo"),
        major_tick=_val(child(el, "majorTickMark"), "out"),
        minor_tick=_val(child(el, "minorTickMark"), "none"),
        sp_pr=child(el, "spPr"),
        text=_text_spec(child(el, "txPr")),
        cross_ax=_val(child(el, "crossAx")),
        crosses=_val(child(el, "crosses"), "autoZero"),
        crosses_at=_float(_val(child(el, "crossesAt")) or None),
        cross_between=_val(child(el, "crossBetween")),
        label_skip=int(_float(_val(child(el, "tickLblSkip")) or None, 0) or 0),
        base_time_unit=_val(child(el, "baseTimeUnit")),
        major_time_unit=_val(child(el, "majorTimeUnit")),
        no_multi_level=_flag(child(el, "noMultiLvlLbl"), False),
    )
    if axis.major_unit is not None and axis.major_unit <= 0:
        axis.major_unit = None
    if axis.minor_unit is not None and axis.minor_unit <= 0:
        axis.minor_unit = None
    axis.disp_unit, axis.disp_unit_label = _display_units(child(el, "dispUnits"))
    return axis


# c:builtInUnit values and the label Office shows for them (ECMA-376 21.2.3.5 ST_BuiltInUnit).
BUILT_IN_UNITS: dict[str, tuple[float, str]] = {
    "hundreds": (1e2, "Hundreds"),
    "thousands": (1e3, "Thousands"),
    "tenThousands": (1e4, "x 10000"),
    "hundredThousands": (1e5, "x 100000"),
    "millions": (1e6, "Millions"),
    "tenMillions": (1e7, "x 10000000"),
    "hundredMillions": (1e8, "x 100000000"),
    "billions": (1e9, "Billions"),
    "trillions": (1e12, "Trillions"),
}


def _display_units(el: etree._Element | None) -> tuple[float | None, str | None]:
    """A value axis' display unit and the text of its label (None when the label is absent)."""
    if el is None:
        return None, None
    custom = _float(_val(child(el, "custUnit")) or None)
    built_in = BUILT_IN_UNITS.get(_val(child(el, "builtInUnit"), "thousands"))
    if custom is not None and custom > 0:
        unit, name = custom, f"x {format(custom, 'g')}"
    elif built_in is not None:
        unit, name = built_in
    else:
        return None, None
    label = child(el, "dispUnitsLbl")
    if label is None:
        return unit, None
    title = _title(label)
    if title is not None and title.explicit and title.text.paragraphs:
        name = "\n".join(title.text.paragraphs)
    return unit, name


def _blanks(chart_el: etree._Element, groups: list[Group]) -> str:
    """c:dispBlanksAs, with blank cells of line, scatter, radar and area series made zeros when it
    says "zero" (so they scale the axis and take a marker like any 0; an area comes down to the
    axis there, as python-pptx's and PowerPoint's area charts, which say "zero", show it). Office
    leaves a gap when the element is missing; present without val it is the schema's default, zero."""
    el = child(chart_el, "dispBlanksAs")
    blanks = "gap" if el is None else el.get("val", "zero")
    if blanks == "zero":
        for group in groups:
            if group.kind in (GroupKind.LINE, GroupKind.SCATTER, GroupKind.RADAR, GroupKind.AREA):
                for series in group.series:
                    series.values = [0.0 if v is None else v for v in series.values]
    return blanks


def _style_number(space: etree._Element) -> int:
    style = child(space, "style")
    if style is None:
        for alt in children(space, "AlternateContent"):
            for branch in alt:
                found = child(branch, "style")
                if found is not None:
                    style = found
                    break
    value = int(_float(_val(style, "2"), 2) or 2)
    if value > 100:  # c14:style: 100 + the classic number
        value -= 100
    return value if 1 <= value <= 48 else 2


def _view3d(el: etree._Element | None, pie: bool) -> View3D:
    view = View3D(rot_x=30.0 if pie else 15.0, rot_y=0.0 if pie else 20.0)
    if el is None:
        return view
    rot_x = _float(_val(child(el, "rotX")) or None)
    rot_y = _float(_val(child(el, "rotY")) or None)
    if rot_x is not None:
        view.rot_x = min(max(rot_x, -90.0), 90.0)
    if rot_y is not None:
        view.rot_y = rot_y % 360.0
    view.right_angles = _flag(child(el, "rAngAx"), False)
    perspective = _float(_val(child(el, "perspective")) or None)
    if perspective is not None:
        view.perspective = min(max(perspective, 0.0), 240.0)
    depth = _float((_val(child(el, "depthPercent")) or "").rstrip("%") or None)
    if depth is not None:
        view.depth_percent = min(max(depth, 20.0), 2000.0)
    height = _float((_val(child(el, "hPercent")) or "").rstrip("%") or None)
    if height is not None:
        view.h_percent = min(max(height, 5.0), 500.0)
    return view


def _surface(el: etree._Element | None) -> Surface:
    return Surface(sp_pr=child(el, "spPr"), present=el is not None)


def read_chart(space: etree._Element) -> Chart | None:
    """The chart of a c:chartSpace element; None when it has no plot area."""
    chart_el = child(space, "chart")
    plot = child(chart_el, "plotArea")
    if chart_el is None or plot is None:
        return None
    groups: list[Group] = []
    unsupported: list[str] = []
    axes: dict[str, Axis] = {}
    for el in plot:
        name = local(el)
        kind = GROUP_TAGS.get(name)
        if kind is not None:
            groups.append(_group(el, kind))
        elif name.endswith("Chart"):  # every plot type of the schema is drawn: one from elsewhere
            unsupported.append(name)
        elif name in ("catAx", "valAx", "dateAx", "serAx"):
            axis = _axis(el)
            axes[axis.ax_id] = axis
    # Cross-axis facts live on the value axis (crossBetween) but matter to both.
    for axis in axes.values():
        other = axes.get(axis.cross_ax)
        if other is not None and not other.cross_between and axis.cross_between:
            other.cross_between = axis.cross_between
    legend_el = child(chart_el, "legend")
    legend = None
    if legend_el is not None:
        legend = Legend(
            position=_val(child(legend_el, "legendPos"), "r"),
            layout=_layout(legend_el),
            overlay=_flag(child(legend_el, "overlay"), False),
            text=_text_spec(child(legend_el, "txPr")),
            sp_pr=child(legend_el, "spPr"),
        )
        for entry in children(legend_el, "legendEntry"):
            if _flag(child(entry, "delete"), False):
                legend.deleted_entries.add(int(_float(_val(child(entry, "idx"), "0"), 0) or 0))
    blanks = _blanks(chart_el, groups)
    return Chart(
        groups=groups,
        axes=axes,
        title=_title(child(chart_el, "title")),
        auto_title_deleted=_flag(child(chart_el, "autoTitleDeleted"), False),
        legend=legend,
        plot_layout=_layout(plot),
        plot_sp_pr=child(plot, "spPr"),
        space_sp_pr=child(space, "spPr"),
        text=_text_spec(child(space, "txPr")),
        style=_style_number(space),
        rounded=_flag(child(space, "roundedCorners"), False),
        date1904=_flag(child(space, "date1904"), False),
        blanks=blanks,
        unsupported=unsupported,
        data_table=_data_table(child(plot, "dTable")),
        view3d=_view3d(child(chart_el, "view3D"), all(g.kind is GroupKind.PIE for g in groups))
        if any(g.three_d for g in groups)
        else None,
        floor=_surface(child(chart_el, "floor")),
        side_wall=_surface(child(chart_el, "sideWall")),
        back_wall=_surface(child(chart_el, "backWall")),
    )
