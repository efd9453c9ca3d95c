"""SVG pictures from strangers draw only what they hold: an <image> naming a file on this machine
or a URL draws nothing (as in PowerPoint, which loads no outside resource for an SVG), entities
are never expanded, and Qt SVG's complaints stay off stderr."""

from __future__ import annotations

import base64
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from render_support import (
    add_svg_pictures,
    blank_slide,
    close,
    convert,
    new_deck,
    page_text,
    pixel,
    png_bytes,
    render_page,
)

RED, GREEN, BLUE = (255, 0, 0), (0, 255, 0), (0, 0, 255)
SVG_HEAD = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100">'
)
GREEN_RECT = '<rect width="100" height="100" fill="#00ff00"/>'


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []
    picture = b""

    def do_GET(self) -> None:
        _Recorder.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(_Recorder.picture)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def http_recorder() -> Iterator[str]:
    _Recorder.requests = []
    _Recorder.picture = png_bytes(20, 20, [(255, 0, 0, 255)])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _laughs() -> str:
    levels = "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    return f'<!DOCTYPE svg [<!ENTITY lol "lol">{levels}]>'


def _deck(folder: Path, svgs: list[str]) -> Path:
    """One 72 pt square picture per SVG, 108 pt apart from (36, 72); each with a blue PNG fallback."""
    fallback = folder / "fallback.png"
    fallback.write_bytes(png_bytes(20, 20, [(0, 0, 255, 255)]))
    prs = new_deck()
    slide = blank_slide(prs)
    add_svg_pictures(prs, slide, fallback, svgs)
    deck = folder / "svg.pptx"
    prs.save(str(deck))
    return deck


def test_svg_pictures_load_nothing_from_outside_the_deck(
    tmp_path: Path, http_recorder: str, capfd: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "private.png"  # a picture of this machine's that must not reach the PDF
    secret.write_bytes(png_bytes(20, 20, [(255, 0, 0, 255)]))
    own = png_bytes(4, 4, [(0, 255, 0, 255)])
    inline = "data:image/png;base64," + base64.b64encode(own).decode()
    svgs = [
        f'{SVG_HEAD}{GREEN_RECT}<image width="100" height="100" href="{secret}"/></svg>',
        f'{SVG_HEAD}{GREEN_RECT}<image width="100" height="100" xlink:href="{secret.as_uri()}"/></svg>',
        f'{SVG_HEAD}{GREEN_RECT}<image width="100" height="100" xlink:href="private.png"/></svg>',
        f'{SVG_HEAD}{GREEN_RECT}<image width="100" height="100" xlink:href="{http_recorder}/p.png"/></svg>',
        f'{SVG_HEAD}<image width="100" height="100" xlink:href="{inline}"/></svg>',  # the SVG's own picture
    ]
    pdf, _ = convert(_deck(tmp_path, svgs), tmp_path)
    page = render_page(pdf)
    for i in range(len(svgs)):
        for x, y in ((10, 10), (60, 60)):
            assert close(pixel(page, 36 + i * 108 + x, 72 + y), GREEN, 20), (i, pixel(page, 36 + i * 108 + x, 72 + y))
    assert _Recorder.requests == []
    assert "qt.svg" not in capfd.readouterr().err


def test_svg_entities_are_not_expanded_and_cost_nothing(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "private.txt"
    secret.write_text("SLIDEPRESS-SECRET-7f3a")
    svgs = [
        f'{_laughs()}{SVG_HEAD}{GREEN_RECT}<text y="50">&lol9;</text></svg>',
        f'<!DOCTYPE svg [<!ENTITY s SYSTEM "{secret.as_uri()}">]>{SVG_HEAD}{GREEN_RECT}<text y="50">&s;</text></svg>',
    ]
    started = time.perf_counter()
    pdf, _ = convert(_deck(tmp_path, svgs), tmp_path)
    assert time.perf_counter() - started < 20
    page = render_page(pdf)
    for i in range(len(svgs)):  # drawn from the fallback or as the green square: never expanded
        assert close(pixel(page, 36 + i * 108 + 60, 72 + 60), BLUE, 20) or close(
            pixel(page, 36 + i * 108 + 60, 72 + 60), GREEN, 20
        )
    assert "SECRET" not in page_text(pdf) and "lollol" not in page_text(pdf)
    assert "qt.svg" not in capfd.readouterr().err


@pytest.mark.parametrize("packed", [False, True], ids=["svg", "svgz"])
def test_a_picture_part_that_is_an_svg_loads_nothing_from_outside_either(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], packed: bool
) -> None:
    """Qt's image readers read SVG (and gzipped SVG) too: a picture part holding one, with no PNG
    beside it, goes through the same reduction."""
    import gzip

    import hostile_support as hs

    secret = tmp_path / "private.png"
    secret.write_bytes(png_bytes(20, 20, [(255, 0, 0, 255)]))
    svg = f'{SVG_HEAD}{GREEN_RECT}<image width="100" height="100" href="{secret}"/></svg>'.encode()
    blob = gzip.compress(svg) if packed else svg
    parts = hs.replace_media(hs.parts_of(hs.base_deck(picture=True)), blob)  # named .png, holding an SVG
    pdf, _ = convert(hs.write_zip(tmp_path / "svg_part.pptx", parts), tmp_path)
    page = render_page(pdf)
    # hs.base_deck's picture: (72, 144) pt, 288 x 216 pt.
    for x, y in ((90, 160), (200, 250)):
        assert not close(pixel(page, x, y), RED, 60), pixel(page, x, y)
    assert "qt.svg" not in capfd.readouterr().err


def _use_laughs(levels: int) -> str:
    """``levels`` groups each drawing the one before ten times with <use>: 10**levels rectangles."""
    groups = ['<g id="l0"><rect width="1" height="1" fill="#ff0000"/></g>']
    for i in range(1, levels + 1):
        groups.append(f'<g id="l{i}">' + f'<use xlink:href="#l{i - 1}"/>' * 10 + "</g>")
    return f'{SVG_HEAD}<defs>{"".join(groups)}</defs>{GREEN_RECT}<use xlink:href="#l{levels}"/></svg>'


@pytest.mark.timeout(120)
def test_svg_use_chains_that_multiply_are_not_expanded(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """A billion laughs made of <use> (ten uses of ten uses ... of a rectangle) has no entities to
    refuse: Qt SVG draws every one of the 10**9 rectangles (it ran past 120 s). Such an SVG is not
    drawn, its PNG is; a use cycle falls back too; an SVG with a few thousand uses is drawn."""
    svgs = [
        _use_laughs(9),
        f'{SVG_HEAD}{GREEN_RECT}<g id="a"><use xlink:href="#b"/></g><g id="b"><use xlink:href="#a"/></g></svg>',
        _use_laughs(3).replace('fill="#ff0000"', 'fill="#00ff00"'),  # 1000 green squares of 1 unit
    ]
    started = time.perf_counter()
    pdf, _ = convert(_deck(tmp_path, svgs), tmp_path)
    assert time.perf_counter() - started < 30
    page = render_page(pdf)
    assert close(pixel(page, 36 + 60, 72 + 60), BLUE, 20), pixel(page, 36 + 60, 72 + 60)
    assert close(pixel(page, 36 + 108 + 60, 72 + 60), BLUE, 20), pixel(page, 36 + 108 + 60, 72 + 60)
    assert close(pixel(page, 36 + 216 + 60, 72 + 60), GREEN, 20), pixel(page, 36 + 216 + 60, 72 + 60)
    assert "qt.svg" not in capfd.readouterr().err


def _plain_png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A one-colour RGB PNG of any size, cheaply: a first row, then rows filtered 'Up' to it."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    packer = zlib.compressobj(1)
    data = packer.compress(b"\x00" + bytes(rgb) * width)
    same = b"\x02" + bytes(3 * width)
    data += b"".join(packer.compress(same) for _ in range(height - 1)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def test_an_svg_holding_a_picture_qt_svg_cannot_decode_falls_back_to_its_png(tmp_path: Path) -> None:
    """An <image> with a data: PNG of 9000 x 8200 (295 MB of pixels, over Qt's 256 MB allocation
    limit) is drawn as nothing by Qt SVG: the picture came out blank. Such an SVG gives way to
    the PNG PowerPoint stored beside it; a small inline picture is still drawn from the SVG."""
    huge = "data:image/png;base64," + base64.b64encode(_plain_png(9000, 8200, (255, 0, 0))).decode()
    small = "data:image/png;base64," + base64.b64encode(_plain_png(40, 40, (0, 255, 0))).decode()
    svgs = [
        f'{SVG_HEAD}<image width="100" height="100" xlink:href="{huge}"/></svg>',
        f'{SVG_HEAD}<image width="100" height="100" xlink:href="{small}"/></svg>',
    ]
    pdf, _ = convert(_deck(tmp_path, svgs), tmp_path)
    page = render_page(pdf)
    assert close(pixel(page, 36 + 60, 72 + 60), BLUE, 20), pixel(page, 36 + 60, 72 + 60)
    assert close(pixel(page, 36 + 108 + 60, 72 + 60), GREEN, 20), pixel(page, 36 + 108 + 60, 72 + 60)
