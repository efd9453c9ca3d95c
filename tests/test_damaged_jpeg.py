"""A damaged JPEG (cut short, scrambled scan data) is drawn as far as it can be read, the job says
which picture is damaged, and the decoder's complaints stay off stderr. A JPEG whose only flaw is
a few stray bytes before its end marker, which every reader shows whole, is not called damaged."""

from __future__ import annotations

import io
import random
from pathlib import Path

import hostile_support as hs
import pytest
from PIL import Image
from render_support import close, convert, pixel, render_page
from test_render_picture_passthrough import _images

# hs.base_deck(picture=True) puts its picture at (72 pt, 144 pt), 288 x 216 pt.
LEFT, TOP, WIDTH, HEIGHT = 72.0, 144.0, 288.0, 216.0
GREY = (128, 128, 128)  # what libjpeg makes of blocks it has no data for


def _gradient_jpeg() -> bytes:
    image = Image.new("RGB", (400, 300))
    image.putdata([(x * 255 // 400, 60, 200) for y in range(300) for x in range(400)])
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _scan_start(jpeg: bytes) -> int:
    sos = jpeg.index(b"\xff\xda")
    return sos + 2 + int.from_bytes(jpeg[sos + 2 : sos + 4], "big")


def truncated(jpeg: bytes) -> bytes:
    return jpeg[: len(jpeg) // 2]


def scrambled(jpeg: bytes) -> bytes:
    """Scan data overwritten with noise from a third of the way on (no 0xFF: markers stay intact)."""
    start = _scan_start(jpeg)
    at = start + (len(jpeg) - start) // 3
    noise = random.Random(7).randbytes(400).replace(b"\xff", b"\x00")
    return jpeg[:at] + noise + jpeg[at + 400 :]


def stray_bytes(jpeg: bytes) -> bytes:
    return jpeg[:-2] + b"\x00\x00\x00" + jpeg[-2:]


def _deck(folder: Path, jpeg: bytes, effect: str = "") -> Path:
    parts = hs.replace_media(hs.parts_of(hs.base_deck(picture=True)), jpeg, ".jpeg")
    if effect:
        slide = parts[hs.SLIDE1].decode()
        blip = '<a:blip r:embed="rId2"/>'
        assert blip in slide
        parts[hs.SLIDE1] = slide.replace(blip, f'<a:blip r:embed="rId2">{effect}</a:blip>').encode()
    return hs.write_zip(folder / "picture.pptx", parts)


@pytest.mark.parametrize("damage", [truncated, scrambled])
@pytest.mark.parametrize("effect", ["", "<a:grayscl/>"])
def test_damaged_jpeg_is_drawn_as_far_as_it_reads_and_named_in_a_warning(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], damage: object, effect: str
) -> None:
    assert callable(damage)
    blob = damage(_gradient_jpeg())
    pdf, result = convert(_deck(tmp_path, blob, effect), tmp_path)
    said = [w for w in result.warnings if "image1.jpeg" in w]
    assert len(said) == 1, result.warnings
    assert said[0].startswith("Slide 1: picture image1.jpeg is damaged"), said[0]
    page = render_page(pdf)
    # The first rows are intact: drawn, not a placeholder. The gradient's left end is blue (grey
    # scale: dark), its right end red and blue.
    left, right = pixel(page, LEFT + WIDTH * 0.1, TOP + 5), pixel(page, LEFT + WIDTH * 0.9, TOP + 5)
    if effect:
        assert left[0] < 90 and close(left, (left[0],) * 3, 4), left
    else:
        assert left[0] < 60 and left[2] > 170 and right[0] > 200 and right[2] > 170, (left, right)
    bottom = pixel(page, LEFT + WIDTH * 0.5, TOP + HEIGHT - 5)
    assert close(bottom, GREY, 30), bottom  # lost rows are grey, as PowerPoint and libjpeg show them
    # The PDF holds what was read, not the damaged bytes a PDF reader would have to cope with.
    assert all(image["raw"] != blob for image in _images(pdf))
    err = capfd.readouterr().err
    assert "JPEG" not in err, err


def test_stray_bytes_before_the_end_marker_are_not_damage(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    blob = stray_bytes(_gradient_jpeg())
    pdf, result = convert(_deck(tmp_path, blob), tmp_path)
    assert not [w for w in result.warnings if "image1.jpeg" in w or "picture" in w.lower()], result.warnings
    assert [image["raw"] for image in _images(pdf)] == [blob]  # still embedded as it is
    assert "JPEG" not in capfd.readouterr().err
