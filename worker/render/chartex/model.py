"""Office 2016 chart model: what a cx:chartSpace part (MS-ODRAWXML chartex) says, cached values only.

Each cx:series names a layout (waterfall, funnel, clusteredColumn, paretoLine, boxWhisker, treemap,
sunburst, regionMap) and a cx:data block of dimensions: string dimensions (categories, one cx:lvl per
hierarchy level, the leaf level first) and numeric ones (val, size...), each with its cached points.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

from lxml import etree

from worker.deck.xml import attr_bool, child, children, local, path
from worker.render.charts.model import TextSpec, _text_spec

log = logging.getLogger(__name__)

MAX_POINTS = 100000
# Layouts we draw; regionMap needs map data we do not have (its fallback picture stays).
DRAWN_LAYOUTS = frozenset({"waterfall", "funnel", "clusteredColumn", "paretoLine", "boxWhisker", "treemap", "sunburst"})


@dataclass
class Data:
    """One cx:data block: string levels (leaf first) and numeric values, by point index."""

    levels: list[list[str]] = field(default_factory=list)
    values: list[float | None] = field(default_factory=list)
    format_code: str | None = None

    @property
    def count(self) -> int:
        return max([len(self.values), *(len(lvl) for lvl in self.levels)], default=0)

    def category(self, idx: int) -> str:
        if not self.levels or idx >= len(self.levels[0]):
            return ""
        return self.levels[0][idx]


@dataclass
class Labels:
    """cx:dataLabels: where and what a series' labels show."""

    pos: str = ""
    show_value: bool = True
    show_category: bool = False
    show_series: bool = False
    format_code: str | None = None
    text: TextSpec = field(default_factory=TextSpec)
    separator: str = ", "
    hidden: set[int] = field(default_factory=set)


@dataclass
class Binning:
    interval_closed: str = "r"  # "r": (a, b]; "l": [a, b)
    underflow: float | None = None  # None: automatic (no underflow bin)
    overflow: float | None = None
    bin_size: float | None = None
    bin_count: int | None = None


@dataclass
class Visibility:
    connector_lines: bool = True
    mean_line: bool = False
    mean_marker: bool = True
    nonoutliers: bool = False
    outliers: bool = True


@dataclass
class Series:
    layout: str
    index: int  # position among the chart's series
    name: str = ""
    data: Data = field(default_factory=Data)
    sp_pr: etree._Element | None = None
    point_sp_pr: dict[int, etree._Element] = field(default_factory=dict)
    labels: Labels | None = None
    hidden: bool = False
    owner_idx: int | None = None  # paretoLine: the histogram series it accumulates
    format_idx: int | None = None  # the series' place in the automatic colour cycle
    axis_ids: list[str] = field(default_factory=list)
    subtotals: set[int] = field(default_factory=set)
    visibility: Visibility = field(default_factory=Visibility)
    binning: Binning | None = None
    aggregation: bool = False
    quartile_method: str = "exclusive"
    parent_label_layout: str = "overlapping"
    # Its cx:dataId names no cx:data block (or it has none and is not a Pareto line, which draws
    # its owner's): the series is drawn without values, and the job is told.
    data_missing: bool = False


@dataclass
class Axis:
    ax_id: str
    is_category: bool
    hidden: bool = False
    gap_width: float | None = None  # fraction of a bar's width
    minimum: float | None = None
    maximum: float | None = None
    major: float | None = None
    major_grid: bool = False
    grid_sp_pr: etree._Element | None = None
    tick_labels: bool = False
    format_code: str | None = None
    percent_units: bool = False  # cx:units unit="percentage"
    text: TextSpec = field(default_factory=TextSpec)
    sp_pr: etree._Element | None = None
    title: TextSpec | None = None
    title_text: str = ""


@dataclass
class Title:
    text: str
    spec: TextSpec
    pos: str = "t"
    overlay: bool = False


@dataclass
class Legend:
    pos: str = "t"
    overlay: bool = False
    text: TextSpec = field(default_factory=TextSpec)
    sp_pr: etree._Element | None = None


@dataclass
class ChartEx:
    series: list[Series]
    axes: dict[str, Axis]
    title: Title | None = None
    legend: Legend | None = None
    text: TextSpec = field(default_factory=TextSpec)
    space_sp_pr: etree._Element | None = None
    plot_sp_pr: etree._Element | None = None

    @property
    def layouts(self) -> set[str]:
        return {s.layout for s in self.series}

    def series_without_data(self) -> list[str]:
        """The shown series whose data is missing, as a warning names them ('series "Sales"', 'series 2')."""
        missing = [s for s in self.series if s.data_missing and not s.hidden]
        return [f'series "{s.name}"' if s.name else f"series {s.index + 1}" for s in missing]

    def axis(self, category: bool, secondary: bool = False) -> Axis | None:
        found = [a for a in self.axes.values() if a.is_category == category]
        if secondary:
            return found[1] if len(found) > 1 else None
        return found[0] if found else None


def _float(raw: str | None) -> float | None:
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _points(lvl: etree._Element) -> dict[int, str]:
    out: dict[int, str] = {}
    for pt in children(lvl, "pt"):
        try:
            idx = int(pt.get("idx", "-1"))
        except ValueError:
            continue
        if 0 <= idx < MAX_POINTS:
            out[idx] = pt.text or ""
    return out


def _count(lvl: etree._Element, points: dict[int, str]) -> int:
    try:
        declared = int(lvl.get("ptCount", "0"))
    except ValueError:
        declared = 0
    return min(max(declared, max(points, default=-1) + 1), MAX_POINTS)


def _data(el: etree._Element) -> Data:
    data = Data()
    for dim in el:
        name = local(dim)
        if name == "strDim" and dim.get("type", "cat") == "cat":
            for lvl in children(dim, "lvl"):
                pts = _points(lvl)
                data.levels.append([pts.get(i, "") for i in range(_count(lvl, pts))])
        elif name == "numDim" and not data.values and dim.get("type", "val") in ("val", "size", "y", "x"):
            num = child(dim, "lvl")
            if num is None:
                continue
            pts = _points(num)
            data.values = [_float(pts.get(i)) for i in range(_count(num, pts))]
            data.format_code = num.get("formatCode")
    return data


def _tx_text(tx: etree._Element | None) -> tuple[str, etree._Element | None]:
    """The text of a cx:tx (cx:txData/cx:v, or cx:rich's paragraphs) and its rich body."""
    if tx is None:
        return "", None
    v = path(tx, "txData", "v")
    if v is not None:
        return v.text or "", None
    rich = child(tx, "rich")
    if rich is not None:
        lines = ["".join(t.text or "" for t in p.iter("{*}t")) for p in children(rich, "p")]
        return "\n".join(lines), rich
    return "", None


def _labels(el: etree._Element) -> Labels:
    labels = Labels(pos=el.get("pos", ""))
    vis = child(el, "visibility")
    if vis is not None:
        labels.show_value = attr_bool(vis, "value", True)
        labels.show_category = attr_bool(vis, "categoryName", False)
        labels.show_series = attr_bool(vis, "seriesName", False)
    fmt = child(el, "numFmt")
    if fmt is not None:
        labels.format_code = fmt.get("formatCode")
    labels.text = _text_spec(child(el, "txPr"))
    sep = child(el, "separator")
    if sep is not None and sep.text is not None:
        labels.separator = sep.text
    for hidden in children(el, "dataLabelHidden"):
        idx = _float(hidden.get("idx"))
        if idx is not None:
            labels.hidden.add(int(idx))
    return labels


def _binning(el: etree._Element) -> Binning:
    binning = Binning(interval_closed=el.get("intervalClosed", "r"))
    binning.underflow = _float(el.get("underflow"))  # "auto" reads as None
    binning.overflow = _float(el.get("overflow"))
    size_el, count_el = child(el, "binSize"), child(el, "binCount")
    size = _float(size_el.get("val") if size_el is not None else None)
    count = _float(count_el.get("val") if count_el is not None else None)
    binning.bin_size = size if size is not None and size > 0 else None
    binning.bin_count = int(count) if count is not None and count >= 1 else None
    return binning


def _layout_pr(series: Series, el: etree._Element | None) -> None:
    if el is None:
        return
    for sub in el:
        name = local(sub)
        if name == "subtotals":
            for idx in children(sub, "idx"):
                value = _float(idx.get("val"))
                if value is not None:
                    series.subtotals.add(int(value))
        elif name == "visibility":
            vis = series.visibility
            vis.connector_lines = attr_bool(sub, "connectorLines", vis.connector_lines)
            vis.mean_line = attr_bool(sub, "meanLine", vis.mean_line)
            vis.mean_marker = attr_bool(sub, "meanMarker", vis.mean_marker)
            vis.nonoutliers = attr_bool(sub, "nonoutliers", vis.nonoutliers)
            vis.outliers = attr_bool(sub, "outliers", vis.outliers)
        elif name == "binning":
            series.binning = _binning(sub)
        elif name == "aggregation":
            series.aggregation = True
        elif name == "statistics":
            series.quartile_method = sub.get("quartileMethod", "exclusive")
        elif name == "parentLabelLayout":
            series.parent_label_layout = sub.get("val", "overlapping")


def _series(el: etree._Element, index: int, datas: dict[str, Data]) -> Series:
    series = Series(layout=el.get("layoutId", ""), index=index)
    series.name = _tx_text(child(el, "tx"))[0]
    series.hidden = attr_bool(el, "hidden", False)
    owner = _float(el.get("ownerIdx"))
    series.owner_idx = int(owner) if owner is not None else None
    fmt_idx = _float(el.get("formatIdx"))
    series.format_idx = int(fmt_idx) if fmt_idx is not None else None
    data_id = child(el, "dataId")
    found = datas.get(data_id.get("val", "")) if data_id is not None else None
    if found is not None:
        series.data = found
    series.data_missing = found is None and series.layout != "paretoLine"
    series.sp_pr = child(el, "spPr")
    for pt in children(el, "dataPt"):
        idx = _float(pt.get("idx"))
        sp = child(pt, "spPr")
        if idx is not None and sp is not None:
            series.point_sp_pr[int(idx)] = sp
    labels = child(el, "dataLabels")
    if labels is not None:
        series.labels = _labels(labels)
    series.axis_ids = [a.get("val", a.text or "") for a in children(el, "axisId")]
    _layout_pr(series, child(el, "layoutPr"))
    return series


def _axis(el: etree._Element) -> Axis:
    cat = child(el, "catScaling")
    axis = Axis(ax_id=el.get("id", ""), is_category=cat is not None, hidden=attr_bool(el, "hidden", False))
    if cat is not None:
        gap = cat.get("gapWidth")
        axis.gap_width = _float(gap) if gap not in (None, "auto") else None
    val = child(el, "valScaling")
    if val is not None:
        for attr, name in (("minimum", "min"), ("maximum", "max"), ("major", "majorUnit")):
            raw = val.get(name)
            setattr(axis, attr, _float(raw) if raw != "auto" else None)
    grid = child(el, "majorGridlines")
    axis.major_grid = grid is not None
    axis.grid_sp_pr = child(grid, "spPr")
    axis.tick_labels = child(el, "tickLabels") is not None
    fmt = child(el, "numFmt")
    if fmt is not None:
        axis.format_code = fmt.get("formatCode")
    units = child(el, "units")
    axis.percent_units = units is not None and units.get("unit") == "percentage"
    axis.text = _text_spec(child(el, "txPr"))
    axis.sp_pr = child(el, "spPr")
    title = child(el, "title")
    if title is not None:
        text, rich = _tx_text(child(title, "tx"))
        axis.title = _text_spec(child(title, "txPr"), rich)
        axis.title_text = text or "Axis Title"
    return axis


def read_chartex(space: etree._Element) -> ChartEx | None:
    """The chart of a cx:chartSpace, or None when it holds no series."""
    if local(space) != "chartSpace":
        return None
    datas: dict[str, Data] = {}
    for data in children(child(space, "chartData"), "data"):
        datas[data.get("id", "")] = _data(data)
    chart_el = child(space, "chart")
    region = path(chart_el, "plotArea", "plotAreaRegion")
    series = [_series(el, i, datas) for i, el in enumerate(children(region, "series"))]
    if not series:
        return None
    axes = {a.ax_id: a for a in (_axis(el) for el in children(path(chart_el, "plotArea"), "axis"))}
    chart = ChartEx(series=series, axes=axes)
    chart.text = _text_spec(child(space, "txPr"))
    chart.space_sp_pr = child(space, "spPr")
    chart.plot_sp_pr = path(region, "plotSurface", "spPr")
    title_el = child(chart_el, "title")
    if title_el is not None:
        text, rich = _tx_text(child(title_el, "tx"))
        # A title without text reads "Chart Title" in Office 2016 charts, whatever the series.
        chart.title = Title(
            text=text or "Chart Title",
            spec=_text_spec(child(title_el, "txPr"), rich),
            pos=title_el.get("pos", "t"),
            overlay=attr_bool(title_el, "overlay", False),
        )
    legend_el = child(chart_el, "legend")
    if legend_el is not None:
        chart.legend = Legend(
            pos=legend_el.get("pos", "t"),
            overlay=attr_bool(legend_el, "overlay", False),
            text=_text_spec(child(legend_el, "txPr")),
            sp_pr=child(legend_el, "spPr"),
        )
    return chart
