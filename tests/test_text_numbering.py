"""Auto-numbering schemes and how numbering continues and restarts across paragraphs."""

from __future__ import annotations

import pytest
from text_support import make_context, tx_body

from worker.render.text.build import BodyBuilder, BuildOptions
from worker.render.text.numbering import format_autonum


@pytest.mark.parametrize(
    ("scheme", "n", "text"),
    [
        ("arabicPeriod", 1, "1."),
        ("arabicParenR", 12, "12)"),
        ("arabicParenBoth", 3, "(3)"),
        ("arabicPlain", 4, "4"),
        ("alphaLcParenR", 1, "a)"),
        ("alphaUcPeriod", 28, "BB."),
        ("alphaLcParenBoth", 26, "(z)"),
        ("romanLcPeriod", 3, "iii."),
        ("romanUcParenR", 14, "XIV)"),
        ("circleNumDbPlain", 2, "②"),
        ("circleNumWdBlackPlain", 1, "❶"),
        ("arabicDbPeriod", 5, "５．"),
        ("ea1JpnChsDbPeriod", 7, "７．"),
        ("ea1ChsPeriod", 12, "十二．"),
        ("hebrew2Minus", 2, "ב-"),
        ("thaiNumPeriod", 3, "๓."),
        ("noSuchScheme", 2, "2."),
    ],
)
def test_format_autonum(scheme: str, n: int, text: str) -> None:
    assert format_autonum(scheme, n) == text


def _bullets(inner: str) -> list[str | None]:
    builder = BodyBuilder(make_context(), tx_body(inner), [], None)
    return [p.bullet.text if p.bullet else None for p in builder.build(BuildOptions())]


def _item(lvl: int, scheme: str = "arabicPeriod", text: str = "x", extra: str = "") -> str:
    return (
        f'<a:p><a:pPr lvl="{lvl}"><a:buAutoNum type="{scheme}"{extra}/></a:pPr>'
        f'<a:r><a:rPr lang="en-US"/><a:t>{text}</a:t></a:r></a:p>'
    )


def test_deeper_levels_restart_after_a_shallower_paragraph(qapp: object) -> None:
    inner = _item(0) + _item(1, "alphaLcPeriod") + _item(1, "alphaLcPeriod") + _item(0) + _item(1, "alphaLcPeriod")
    assert _bullets(inner) == ["1.", "a.", "b.", "2.", "a."]


def test_empty_paragraphs_show_no_number_and_do_not_break_the_sequence(qapp: object) -> None:
    empty = '<a:p><a:pPr><a:buAutoNum type="arabicPeriod"/></a:pPr><a:endParaRPr lang="en-US"/></a:p>'
    assert _bullets(_item(0) + empty + _item(0)) == ["1.", None, "2."]


def test_an_unnumbered_paragraph_restarts_the_level_and_start_at_applies(qapp: object) -> None:
    plain = '<a:p><a:pPr><a:buNone/></a:pPr><a:r><a:rPr lang="en-US"/><a:t>plain</a:t></a:r></a:p>'
    inner = _item(0, extra=' startAt="5"') + _item(0, extra=' startAt="5"') + plain + _item(0)
    assert _bullets(inner) == ["5.", "6.", None, "1."]


def test_scheme_change_restarts(qapp: object) -> None:
    assert _bullets(_item(0) + _item(0) + _item(0, "romanUcPeriod")) == ["1.", "2.", "I."]
