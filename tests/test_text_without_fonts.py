"""Text in scripts no font covers, on a machine with only the bundled fonts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pptx.util import Inches, Pt
from pypdf import PdfReader
from render_support import blank_slide, new_deck


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="hides the OS fonts through fontconfig")
def test_a_script_no_font_covers_converts_instead_of_crashing(tmp_path: Path) -> None:
    # Without any Bengali or Tamil font Qt shapes those runs with its box engine, whose raw font
    # has no family: asking it for its name (the colour-glyph check) killed the converter.
    prs = new_deck()
    box = blank_slide(prs).shapes.add_textbox(Inches(1), Inches(1), Inches(8), Inches(2))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "Bengali বাংলা and Tamil தமிழ்"
    run.font.size = Pt(20)
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
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FONTCONFIG_FILE=str(config), HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "worker", "convert", str(deck), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=Path(__file__).resolve().parents[1],
        check=False,
    )
    assert result.returncode == 0, result.stderr
    text = PdfReader(str(out)).pages[0].extract_text()
    assert "Bengali" in text and "Tamil" in text
