"""The font substitution table, symbol-font remapping and Qt registration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase, QFontInfo, QRawFont

from worker.render.fonts import SUBSTITUTES, FontResolver, Script, is_symbol_font, symbol_char


@pytest.mark.parametrize(
    ("typeface", "family"),
    [
        ("Calibri", "Carlito"),
        ("Calibri Light", "Carlito"),
        ("Cambria", "Caladea"),
        ("Arial", "Liberation Sans"),
        ("Helvetica", "Liberation Sans"),
        ("Arial Narrow", "Liberation Sans Narrow"),
        ("Times New Roman", "Liberation Serif"),
        ("Courier New", "Liberation Mono"),
        ("Verdana", "DejaVu Sans"),
        ("MS Gothic", "Noto Sans CJK JP"),
        ("ＭＳ Ｐゴシック", "Noto Sans CJK JP"),
        ("MS Mincho", "Noto Serif CJK JP"),
        ("SimSun", "Noto Serif CJK SC"),
        ("Microsoft YaHei", "Noto Sans CJK SC"),
        ("PMingLiU", "Noto Serif CJK TC"),
    ],
)
def test_substitution_table_picks_installed_open_fonts(qapp: object, typeface: str, family: str) -> None:
    resolver = FontResolver.shared()
    assert resolver.family(typeface) == family
    assert resolver.has_family(family)


@pytest.mark.parametrize("typeface", ["Malgun Gothic", "맑은 고딕"])
def test_malgun_gothic_hangul_and_latin_take_their_own_stand_ins(qapp: object, typeface: str) -> None:
    # Its Hangul is drawn in Noto Sans CJK KR; its Latin letters are Segoe UI's design, wider than
    # the CJK font's, so they take Segoe UI's stand-in.
    resolver = FontResolver.shared()
    assert resolver.family(typeface, Script.EA) == "Noto Sans CJK KR"
    assert resolver.family(typeface, Script.LATIN) == "Noto Sans"


def test_unknown_fonts_fall_back_by_kind_and_script(qapp: object) -> None:
    resolver = FontResolver.shared()
    assert resolver.family("No Such Sans 123") == "Liberation Sans"
    assert resolver.family("No Such Serif Roman") == "Liberation Serif"
    assert resolver.family("No Such Mono") == "Liberation Mono"
    assert resolver.family("No Such Font", Script.EA) == "Noto Sans CJK JP"
    assert resolver.family("", Script.CS) == "Noto Sans Arabic"
    assert resolver.script_default("Hebr", Script.CS) == "Noto Sans Hebrew"
    assert resolver.script_default("Hang", Script.EA) == "Noto Sans CJK KR"


def test_installed_font_missing_from_the_table_is_used_as_is(qapp: object) -> None:
    assert FontResolver.shared().family("DejaVu Serif") == "DejaVu Serif"


def test_every_substitute_family_is_known_to_qt(qapp: object) -> None:
    resolver = FontResolver.shared()
    missing = sorted({fam for fam in SUBSTITUTES.values() if not resolver.has_family(fam)})
    assert missing == []


def test_qfont_draws_with_the_substitute_at_one_unit_per_point(qapp: object) -> None:
    from worker.render.text.layout import reference_device

    resolver = FontResolver.shared()
    font = resolver.qfont(resolver.family("Calibri"), 24.0, bold=True)
    assert QFontInfo(font).family() == "Carlito"
    raw = QRawFont.fromFont(font)
    # On the 96-dpi reference device a 24 pt font is 24 pixels (= 24 pt on the painter).
    assert reference_device().logicalDpiY() == 96
    assert raw.pixelSize() == pytest.approx(24.0, abs=0.01)


def test_symbol_fonts_map_to_unicode() -> None:
    assert is_symbol_font("Wingdings") and is_symbol_font("symbol") and not is_symbol_font("Arial")
    assert symbol_char("Wingdings", "§") == "\u25aa"
    assert symbol_char("Wingdings", "\uf0a7") == "\u25aa"  # the private-use copy
    assert symbol_char("Wingdings", "Ø") == "\u27a2"
    assert symbol_char("Wingdings", "ü") == "\u2714"
    assert symbol_char("Symbol", "\u00b7") == "\u2022"
    assert symbol_char("Symbol", "a") == "α"
    assert symbol_char("Wingdings", "\u00a4") == "\u25c9"
    assert symbol_char("Arial", "x") == "x"
    assert symbol_char("Webdings", "n") == "\u25cf"  # the big round dot tables of marks use
    assert symbol_char("Webdings", "a") == "\u2714"


def test_bundled_font_folder_is_registered(qapp: object, tmp_path: Path) -> None:
    # A private folder with one font file: the resolver registers it with Qt on first use.
    source = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
    if not source.exists():
        pytest.skip("DejaVu fonts not installed")
    (tmp_path / "DejaVuSansMono.ttf").write_bytes(source.read_bytes())
    before = set(QFontDatabase.applicationFontFamilies(0)) if QFontDatabase.applicationFontFamilies(0) else set()
    resolver = FontResolver([tmp_path])
    resolver.ensure_registered()
    assert resolver.has_family("DejaVu Sans Mono")
    assert isinstance(before, set)


_FACE_IN_USE = """
import sys
import os
import subprocess
import sys
from pathlib import Path
from PySide6.QtGui import QFont, QGuiApplication, QRawFont
from worker.render.fonts import FontResolver
app = QGuiApplication(sys.argv)
FontResolver([Path(sys.argv[1])]).ensure_registered()
font = QFont("Liberation Serif")
font.setBold(True)
print(len(QRawFont.fromFont(font).fontTable("glyf")))
"""


def _glyf_length(file: Path) -> int:
    data = file.read_bytes()
    count = int.from_bytes(data[4:6], "big")
    for i in range(count):
        entry = data[12 + 16 * i : 28 + 16 * i]
        if entry[:4] == b"glyf":
            return int.from_bytes(entry[12:16], "big")
    raise AssertionError(f"{file} has no glyf table")


def test_bundled_font_wins_over_another_version_installed_in_the_os(tmp_path: Path) -> None:
    # Debian's fonts-liberation (1.07) and fonts-liberation2 (2.1) both name their faces
    # "Liberation Serif"; the bundled copy must be the one drawn, in the first deck of a process too.
    versions = {_glyf_length(f): f for f in Path("/usr/share/fonts").rglob("LiberationSerif-Bold.ttf") if f.is_file()}
    if len(versions) < 2:
        pytest.skip("needs two versions of Liberation Serif Bold installed (fonts-liberation and fonts-liberation2)")
    for length, file in sorted(versions.items()):
        folder = tmp_path / str(length)
        folder.mkdir()
        (folder / file.name).write_bytes(file.read_bytes())
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        command = [sys.executable, "-c", _FACE_IN_USE, str(folder)]
        done = subprocess.run(command, check=False, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert int(done.stdout.split()[-1]) == length, (file, done.stdout)
