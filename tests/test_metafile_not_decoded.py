"""EMF and WMF pictures go straight to the metafile painter: no raster decoder (Qt's readers, then
Pillow) is tried on them first. Those never read a metafile; trying them cost time on every one
and logged each as a picture that could not be decoded."""

from __future__ import annotations

import logging
from pathlib import Path

import hostile_support as hs
import pytest
from render_support import close, convert, pixel, render_page
from test_metafile import BLUE, NULL_PEN, brush, emf, meta, rectangle, select, wmf, wmf_brush, wmf_null_pen

from worker.render import images

# hs.base_deck(picture=True)'s picture: 1 in from the left, 2 in from the top, 4 x 3 in.
PICTURE_CENTRE = (72 + 144, 144 + 108)


@pytest.mark.parametrize(
    ("suffix", "blob"),
    [
        (".emf", emf(brush(1, BLUE), select(1), NULL_PEN, rectangle(0, 0, 100, 100))),
        (
            ".wmf",
            wmf(wmf_brush(BLUE), meta(0x012D, 0), wmf_null_pen(), meta(0x012D, 1), meta(0x041B, 1000, 1000, 0, 0)),
        ),
    ],
    ids=["emf", "wmf"],
)
def test_a_metafile_picture_is_drawn_without_trying_the_raster_decoders(
    suffix: str, blob: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    tried: list[bytes] = []
    decoded = images._decoded

    def spy(blob: bytes, *args: object) -> object:
        tried.append(blob)
        return decoded(blob, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(images, "_decoded", spy)
    caplog.set_level(logging.INFO, logger="worker.render.images")
    parts = hs.replace_media(hs.parts_of(hs.base_deck(picture=True)), blob, suffix=suffix)
    pdf, result = convert(hs.write_zip(tmp_path / f"deck{suffix}.pptx", parts), tmp_path)
    assert close(pixel(render_page(pdf), *PICTURE_CENTRE), (0, 0, 255))  # drawn by the metafile painter
    assert result.warnings == []
    assert not any(images.is_metafile(b) for b in tried)
    assert not [r for r in caplog.records if "could not be decoded" in r.getMessage()]
