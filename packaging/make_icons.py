"""The app icon for each OS, drawn from resources/icons/slidepress.svg with Qt (no other tool needed).

    python packaging/make_icons.py [--dest build/icons]

Writes slidepress.png (256 px, Linux), slidepress.ico (Windows: PNG entries 16-256 px) and
slidepress.icns (macOS: PNG entries 16-1024 px). Both containers hold PNG data, which Windows
Vista+ and macOS 10.7+ read, so no image library is needed to pack them.
"""

from __future__ import annotations

import argparse
import logging
import os
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

log = logging.getLogger("make_icons")

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "slidepress.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns element types that hold PNG data, by pixel size.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
)


def render_png(svg: bytes, size: int) -> bytes:
    renderer = QSvgRenderer(QByteArray(svg))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stub says bytes; PySide6 wants str
    return bytes(data.data())


def pack_ico(pngs: dict[int, bytes]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def pack_icns(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def make_icons(dest: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = SVG.read_bytes()
    sizes = sorted({*ICO_SIZES, *(size for _, size in ICNS_TYPES)})
    pngs = {size: render_png(svg, size) for size in sizes}
    dest.mkdir(parents=True, exist_ok=True)
    written = {
        dest / "slidepress.png": pngs[256],
        dest / "slidepress.ico": pack_ico({s: pngs[s] for s in ICO_SIZES}),
        dest / "slidepress.icns": pack_icns(pngs),
    }
    for path, data in written.items():
        path.write_bytes(data)
        log.info("wrote %s (%d bytes)", path, len(data))
    return list(written)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dest", type=Path, default=ROOT / "build" / "icons")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    make_icons(args.dest)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
