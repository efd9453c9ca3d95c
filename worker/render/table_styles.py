"""Office's built-in table styles that decks use without storing them in tableStyles.xml."""

from __future__ import annotations

from lxml import etree

from worker.deck.xml import A

# PowerPoint's default for new tables, "Medium Style 2 - Accent 1": decks often name it by id only.
MEDIUM_STYLE_2_ACCENT_1 = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"


def _medium_style_2(accent: str, style_id: str) -> etree._Element:
    def border(width: int) -> str:
        return f'<a:ln w="{width}" cmpd="sng"><a:solidFill><a:schemeClr val="lt1"/></a:solidFill></a:ln>'

    def fill(tint: int | None) -> str:
        mod = f'<a:tint val="{tint}"/>' if tint is not None else ""
        return f'<a:fill><a:solidFill><a:schemeClr val="{accent}">{mod}</a:schemeClr></a:solidFill></a:fill>'

    font = '<a:fontRef idx="minor"><a:prstClr val="black"/></a:fontRef>'
    text_dark = f'<a:tcTxStyle>{font}<a:schemeClr val="dk1"/></a:tcTxStyle>'
    text_light = f'<a:tcTxStyle b="on">{font}<a:schemeClr val="lt1"/></a:tcTxStyle>'
    edges = "".join(
        f"<a:{edge}>{border(12700)}</a:{edge}>" for edge in ("left", "right", "top", "bottom", "insideH", "insideV")
    )
    xml = (
        f'<a:tblStyle xmlns:a="{A}" styleId="{style_id}" styleName="Medium Style 2">'
        f"<a:wholeTbl>{text_dark}<a:tcStyle><a:tcBdr>{edges}</a:tcBdr>{fill(20000)}</a:tcStyle></a:wholeTbl>"
        f"<a:band1H><a:tcStyle><a:tcBdr/>{fill(40000)}</a:tcStyle></a:band1H>"
        "<a:band2H><a:tcStyle><a:tcBdr/></a:tcStyle></a:band2H>"
        f"<a:band1V><a:tcStyle><a:tcBdr/>{fill(40000)}</a:tcStyle></a:band1V>"
        "<a:band2V><a:tcStyle><a:tcBdr/></a:tcStyle></a:band2V>"
        f"<a:lastCol>{text_light}<a:tcStyle><a:tcBdr/>{fill(None)}</a:tcStyle></a:lastCol>"
        f"<a:firstCol>{text_light}<a:tcStyle><a:tcBdr/>{fill(None)}</a:tcStyle></a:firstCol>"
        f"<a:lastRow>{text_light}<a:tcStyle><a:tcBdr><a:top>{border(38100)}</a:top></a:tcBdr>{fill(None)}"
        "</a:tcStyle></a:lastRow>"
        f"<a:firstRow>{text_light}<a:tcStyle><a:tcBdr><a:bottom>{border(38100)}</a:bottom></a:tcBdr>"
        f"{fill(None)}</a:tcStyle></a:firstRow>"
        "</a:tblStyle>"
    )
    return etree.fromstring(xml)


def builtin_table_style(style_id: str) -> etree._Element | None:
    if style_id.upper() == MEDIUM_STYLE_2_ACCENT_1:
        return _medium_style_2("accent1", style_id)
    return None
