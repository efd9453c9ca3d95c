"""Date and time fields take today's date in the field run's language, as PowerPoint updates them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from render_support import add_xml_shape, blank_slide, convert, new_deck, page_text, sp_xml

from worker.render.date_fields import DateField, field_text

EMU_PT = 12700
NOW = dt.datetime(2026, 3, 7, 14, 5, 9)


def _text(kind: str, lang: str) -> str:
    return field_text(DateField(kind, lang, "saved text"), NOW)


def test_the_short_date_follows_the_run_language() -> None:
    # datetime1 (and "datetime", datetimeFigureOut) is the language's short date: PowerPoint's
    # first Date and Time entry for that language.
    assert _text("datetime1", "en-US") == "3/7/2026"
    assert _text("datetime1", "en-GB") == "07/03/2026"
    assert _text("datetime1", "de-DE") == "07.03.2026"
    assert _text("datetime1", "fr-FR") == "07/03/2026"
    assert _text("datetime1", "ja-JP") == "2026/03/07"
    assert _text("datetime1", "zh-CN") == "2026/3/7"
    assert _text("datetime1", "ko-KR") == "2026-03-07"
    assert _text("datetime", "de-DE") == _text("datetimeFigureOut", "de-DE") == "07.03.2026"
    # No language, or one nobody knows: the United States form.
    assert _text("datetime1", "") == _text("datetime1", "xx-YY") == "3/7/2026"


def test_named_and_clock_forms() -> None:
    # English: the forms ECMA-376 and MS-OI29500 list (English, United States).
    assert _text("datetime2", "en-US") == "Saturday, March 7, 2026"
    assert _text("datetime3", "en-US") == "7 March 2026"
    assert _text("datetime4", "en-US") == "March 7, 2026"
    assert _text("datetime5", "en-US") == "7-Mar-26"
    assert _text("datetime6", "en-US") == "March 26"
    assert _text("datetime7", "en-US") == "Mar-26"
    assert _text("datetime8", "en-US") == "3/7/2026 2:05 PM"
    assert _text("datetime9", "en-US") == "3/7/2026 2:05:09 PM"
    assert _text("datetime12", "en-US") == "2:05 PM"
    assert _text("datetime13", "en-US") == "2:05:09 PM"
    # 24-hour times read the same in every language.
    assert _text("datetime10", "de-DE") == "14:05"
    assert _text("datetime11", "ja-JP") == "14:05:09"
    # Names and AM/PM in other languages are not computed: the saved text (right format) stays.
    assert _text("datetime2", "de-DE") == "saved text"
    assert _text("datetime12", "fr-FR") == "saved text"


def _field(kind: str, lang: str, saved: str) -> str:
    return (
        '<p:txBody><a:bodyPr wrap="none"/><a:lstStyle/><a:p>'
        f'<a:fld id="{{B2C3D4E5-0000-4000-8000-00000000000{len(lang) % 10}}}" type="{kind}">'
        f'<a:rPr lang="{lang}" sz="1800"><a:latin typeface="Arial"/></a:rPr><a:t>{saved}</a:t></a:fld>'
        "</a:p></p:txBody>"
    )


def test_a_slide_shows_today_in_each_field_runs_language(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    fields = [("datetime1", "de-DE", "1.1.2000"), ("datetime1", "ja-JP", "2000/1/1"), ("datetime2", "fr-FR", "lundi")]
    for sid, (kind, lang, saved) in enumerate(fields):
        add_xml_shape(
            slide,
            sp_xml(72 * EMU_PT, (72 + 60 * sid) * EMU_PT, 300 * EMU_PT, 40 * EMU_PT, text=_field(kind, lang, saved),
                   sid=100 + sid),
        )  # fmt: skip
    before = dt.datetime.now()
    pdf, _ = convert(prs, tmp_path)
    after = dt.datetime.now()
    text = page_text(pdf)
    days = {before.date(), after.date()}
    assert any(f"{d.day:02d}.{d.month:02d}.{d.year}" in text for d in days)
    assert any(f"{d.year}/{d.month:02d}/{d.day:02d}" in text for d in days)
    assert "1.1.2000" not in text and "2000/1/1" not in text
    assert "lundi" in text
