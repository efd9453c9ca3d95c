"""packaging/collect_fonts.py never rewrites a font file in place (running converters map them)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]


def _collect_fonts() -> ModuleType:
    spec = importlib.util.spec_from_file_location("collect_fonts", REPO / "packaging" / "collect_fonts.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("collect_fonts", module)
    spec.loader.exec_module(module)
    return module


def test_fonts_are_replaced_by_rename_and_identical_ones_left_alone(tmp_path: Path) -> None:
    install_font = _collect_fonts().install_font
    source = tmp_path / "Font-Regular.ttf"
    source.write_bytes(b"\x00\x01\x00\x00" + bytes(range(256)) * 40)
    dest = tmp_path / "fonts" / "Font-Regular.ttf"
    dest.parent.mkdir()
    install_font(source, dest)
    assert dest.read_bytes() == source.read_bytes()
    first = dest.stat().st_ino
    with dest.open("rb") as held:  # as a converter's mapping holds it
        install_font(source, dest)
        assert dest.stat().st_ino == first  # the same bytes: not touched
        source.write_bytes(b"\x00\x01\x00\x00" + bytes(range(255, -1, -1)) * 40)
        install_font(source, dest)
        assert dest.stat().st_ino != first  # a new file renamed into place...
        assert held.read(8) == b"\x00\x01\x00\x00\x00\x01\x02\x03"  # ...and the open one kept its bytes
    assert dest.read_bytes() == source.read_bytes()
    assert sorted(p.name for p in dest.parent.iterdir()) == ["Font-Regular.ttf"]  # no partial file left
