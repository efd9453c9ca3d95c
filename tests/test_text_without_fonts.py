"""Text in scripts no font covers, on a machine with only the bundled fonts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from corpus_support import run_slidepress
from lxml import etree
from pptx.util import Inches, Pt
from pypdf import PdfReader
from render_support import blank_slide, new_deck

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
LINUX_ONLY = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="hides the OS fonts through fontconfig")


def _convert_without_os_fonts(tmp_path: Path, text: str, cs_typeface: str = "") -> PdfReader:
    """``text`` on a slide, converted in a child whose fontconfig sees no fonts (only ours)."""
    prs = new_deck()
    box = blank_slide(prs).shapes.add_textbox(Inches(1), Inches(1), Inches(8), Inches(2))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(20)
    if cs_typeface:
        run.font._rPr.append(etree.fromstring(f'<a:cs xmlns:a="{A_NS}" typeface="{cs_typeface}"/>'))
    deck = tmp_path / "scripts.pptx"
    prs.save(str(deck))
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{empty}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    out = tmp_path / "scripts.pdf"
    result = run_slidepress("convert", deck, out, extra_env={"FONTCONFIG_FILE": str(config), "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    return PdfReader(str(out))


def _font_names(pdf: PdfReader) -> set[str]:
    fonts: Any = pdf.pages[0]["/Resources"]["/Font"]  # type: ignore[index]
    return {str(fonts[key].get_object()["/BaseFont"]).lstrip("/").split("+")[-1] for key in fonts}


@LINUX_ONLY
def test_a_script_no_font_covers_converts_instead_of_crashing(tmp_path: Path) -> None:
    # Where the run's font lacks a script Qt's fallback finds no font for (Thaana, even beside
    # Noto Sans Thaana) it shapes the text with its box engine, whose raw font has no family:
    # asking it for its name (the colour-glyph check) killed the converter.
    pdf = _convert_without_os_fonts(tmp_path, "Dhivehi ދިވެހި text", cs_typeface="Arial")
    text = pdf.pages[0].extract_text()
    assert "Dhivehi" in text and "text" in text


@LINUX_ONLY
def test_indic_and_other_scripts_draw_with_the_fonts_the_app_brings(tmp_path: Path) -> None:
    # A machine without Bengali, Tamil, Khmer or Ethiopic fonts drew them as filled boxes.
    pdf = _convert_without_os_fonts(tmp_path, "বাংলা தமிழ் ខ្មែរ ኢትዮጵያ")
    names = _font_names(pdf)
    for face in ("NotoSansBengali", "NotoSansTamil", "NotoSansKhmer", "NotoSansEthiopic"):
        assert any(name.startswith(face) for name in names), (face, names)


@LINUX_ONLY
def test_syriac_and_bengali_in_an_unknown_font_draw_with_their_own_faces(tmp_path: Path) -> None:
    # "Estrangelo Edessa" and "Vrinda" (Office's theme fonts for them) are not here: their text
    # took the Arabic stand-in, and Qt's fallback drew Syriac as boxes.
    pdf = _convert_without_os_fonts(tmp_path, "ܣܘܪܝܝܐ বাংলা", cs_typeface="Estrangelo Edessa")
    names = _font_names(pdf)
    for face in ("NotoSansSyriac", "NotoSansBengali"):
        assert any(name.startswith(face) for name in names), (face, names)
