"""Deck fonts reach Qt under names never used before, so nothing of an earlier deck's font can
draw a later deck's text; their files live in a private folder that is emptied as fonts leave Qt
and removed when the process ends (or, after a crash, by the next process to add one).

Each scenario runs in a process of its own: the stale-engine one holds a font engine of a removed
font, which (with slot-named fonts) could reach fonts that later tests add."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from worker.render import deck_font_files
from worker.render.fonts import RESOURCE_FONTS, _os_font_dirs

TESTS = Path(__file__).resolve().parent

pytestmark = pytest.mark.skipif(
    not deck_font_files.FONTS_AS_FILES, reason="deck fonts are files only where Qt's engines are FreeType faces"
)


@pytest.fixture(scope="module")
def caladea() -> Path:
    """Caladea, with Carlito beside it (bundled, or the system's as test_embedded_fonts finds them)."""
    for folder in [RESOURCE_FONTS, *_os_font_dirs()]:
        for found in sorted(folder.rglob("Caladea-Regular.ttf")) if folder.is_dir() else []:
            if found.with_name("Carlito-Regular.ttf").is_file():
                return found
    pytest.fail("Caladea-Regular.ttf and Carlito-Regular.ttf are neither bundled nor installed side by side")


_HEAD = """
import sys
from pathlib import Path
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QRawFont
app = QGuiApplication([])
sys.path.insert(0, sys.argv[1])
from test_embedded_fonts import build_deck, convert, pdf_fonts, renamed_font
from worker.render import deck_font_files, embedded_fonts
caladea, carlito, tmp = Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
"""

# Deck A's font stays held by a raw font (as a cache of glyph runs or QRawFonts would hold it)
# after it left Qt; deck B then adds a different font, which takes the slot A's font had.
_STALE = (
    _HEAD
    + """
a = renamed_font(caladea, "Slidepress A Test", "SlidepressATest")
convert(build_deck(tmp / "a.pptx", a, typeface="Face A"), tmp / "a.pdf")
# Some font leaves Qt (any deck's, say), so Qt rebuilds its database; then the raw font is made.
QFontDatabase.removeApplicationFont(QFontDatabase.addApplicationFont(str(caladea)))
held = QRawFont.fromFont(QFont("Face A"))
print("held", held.familyName())
embedded_fonts.drop_kept_fonts()
b = renamed_font(carlito, "Slidepress B Test", "SlidepressBTest")
convert(build_deck(tmp / "b.pptx", b, typeface="Face B"), tmp / "b.pdf")
# The held font still reads its own outlines though its file is gone.
(glyph,) = held.glyphIndexesForString("Z")  # not drawn before: read now
print("held glyph", held.pathForGlyph(glyph).elementCount() > 0, held.familyName())
print("A", *sorted(pdf_fonts(tmp / "a.pdf")))
print("B", *sorted(pdf_fonts(tmp / "b.pdf")))
"""
)


def _run(script: str, tmp_path: Path, caladea: Path, *extra: str) -> list[str]:
    carlito = caladea.with_name("Carlito-Regular.ttf")
    result = subprocess.run(
        [sys.executable, "-c", script, str(TESTS), str(caladea), str(carlito), str(tmp_path), *extra],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_a_held_engine_of_a_removed_font_never_draws_a_later_decks_text(tmp_path: Path, caladea: Path) -> None:
    lines = _run(_STALE, tmp_path, caladea)
    assert lines[0] == "held Face A"
    assert lines[1] == "held glyph True Face A"
    assert lines[2] == "A SlidepressATest"
    # Deck B's PDF embeds deck B's font (Carlito's outlines), not the held one.
    assert lines[3] == "B SlidepressBTest"
    page = _page_text(tmp_path / "b.pdf")
    assert "Embedded words" in page


def _page_text(pdf: Path) -> str:
    from pypdf import PdfReader

    return PdfReader(pdf).pages[0].extract_text() or ""


_FOLDER = (
    _HEAD
    + """
a = renamed_font(caladea, "Slidepress A Test", "SlidepressATest")
convert(build_deck(tmp / "a.pptx", a, typeface="Face A"), tmp / "a.pdf")
folder = deck_font_files.folder()
print("folder", folder)
print("kept", len(list(folder.iterdir())))
embedded_fonts.drop_kept_fonts()
print("dropped", len(list(folder.iterdir())))
b = renamed_font(carlito, "Slidepress B Test", "SlidepressBTest")
convert(build_deck(tmp / "b.pptx", b, typeface="Face B"), tmp / "b.pdf")
print("kept", len(list(folder.iterdir())))
"""
)


def test_font_files_leave_with_their_fonts_and_the_folder_at_exit(tmp_path: Path, caladea: Path) -> None:
    lines = _run(_FOLDER, tmp_path, caladea)
    folder = Path(lines[0].removeprefix("folder "))
    assert folder.parent == tmp_path and folder.name.startswith(deck_font_files.FOLDER_PREFIX)
    assert lines[1:] == ["kept 1", "dropped 0", "kept 1"]
    assert not folder.exists()  # the process ended: its folder went with it


_SWEEP = (
    _HEAD
    + """
stale = Path(sys.argv[5])
print("stale there", stale.is_dir())
a = renamed_font(caladea, "Slidepress A Test", "SlidepressATest")
convert(build_deck(tmp / "a.pptx", a, typeface="Face A"), tmp / "a.pdf")
print("stale there", stale.is_dir())
print("live there", Path(sys.argv[6]).is_dir())
"""
)


def test_a_dead_processs_folder_is_swept_and_a_live_ones_left(tmp_path: Path, caladea: Path) -> None:
    ended = [sys.executable, "-c", "import os; print(os.getpid())"]
    dead = subprocess.run(ended, capture_output=True, text=True, check=True)
    stale = tmp_path / f"{deck_font_files.FOLDER_PREFIX}{int(dead.stdout)}-x1"
    stale.mkdir()
    (stale / "0-abc.ttf").write_bytes(b"font")
    live = tmp_path / f"{deck_font_files.FOLDER_PREFIX}{os.getpid()}-x2"  # this test's process: alive
    live.mkdir()
    lines = _run(_SWEEP, tmp_path, caladea, str(stale), str(live))
    assert lines == ["stale there True", "stale there False", "live there True"]
