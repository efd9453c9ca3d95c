"""A PNG drawn as it is stored is checked for whole rows once per conversion, not once for the
PDF's stream and again when its pixels are decoded (to tell whether it is a photograph): the check
inflates the whole picture, and did so twice for every such PNG."""

from __future__ import annotations

from pathlib import Path

import pytest
from photo_support import photo_deck, photo_pixels
from render_support import close, convert, pixel, render_page

from worker.render import png_rows


def test_photo_png_inflated_once_and_drawn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counted: list[int] = []
    inflated_length = png_rows._inflated_length

    def counting(stream: bytes, limit: int, kept: list[bytes] | None = None) -> tuple[int, bool, bool]:
        counted.append(limit)
        return inflated_length(stream, limit, kept)

    monkeypatch.setattr(png_rows, "_inflated_length", counting)
    # A fresh cache of checks: another test converting the same photograph earlier in the process
    # (test_picture_jpeg's) would leave its answer there, and nothing would be inflated here.
    monkeypatch.setattr(png_rows, "_RECENT", {})
    pdf, _ = convert(photo_deck(tmp_path / "photo.pptx"), tmp_path)
    assert len(counted) == 1
    # The picture is there: photo_deck puts its 480 x 320 pixels at 1 in, 4.8 x 3.2 in (0.15 pt a pixel).
    page = render_page(pdf)
    source = photo_pixels()
    for px, py in ((100, 100), (240, 160), (400, 250)):
        expected = tuple(int(v) for v in source[py, px])
        assert close(pixel(page, 72 + px * 0.72, 72 + py * 0.72), expected, 24)  # type: ignore[arg-type]
