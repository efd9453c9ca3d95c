"""Photographs stored lossless go into the PDF as JPEG; pictures where JPEG would show stay lossless;
the lossless-pictures option keeps every picture's exact pixels."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from corpus_support import run_slidepress
from photo_support import photo_deck, photo_pixels, png_of
from PIL import Image, ImageDraw
from pptx.util import Inches
from pypdf import PdfReader
from render_support import blank_slide, convert, new_deck, render_page
from test_render_picture_passthrough import _images

from worker.engines.base import ConvertOptions
from worker.jobs import JobQueue, SubmitOptions
from worker.jobs.model import JobOptions
from worker.paths import DataPaths
from worker.render.picture_jpeg import changed_share


def _terminal(width: int = 480, height: int = 320, seed: int = 2) -> np.ndarray:
    """A terminal screenshot: dense light and red text on a dark ground, with the noise of a screenshot
    that went through JPEG once (so Flate packs it badly and JPEG looks, by size alone, worth it)."""
    rng = np.random.default_rng(seed)
    image = Image.new("RGB", (width, height), (48, 10, 36))
    draw = ImageDraw.Draw(image)
    letters = list("abcdefghijklmnopqrstuvwxyz0123456789 ._-")
    for top in range(0, height, 11):
        line = "".join(rng.choice(letters) for _ in range(78))
        draw.text((4, top), line, fill=(230, 230, 230) if top % 3 else (240, 60, 60))
    pixels = np.asarray(image).astype(float) + rng.normal(0, 3.0, (height, width, 3))
    return np.clip(pixels, 0, 255).astype(np.uint8)


def _diagram(width: int = 480, height: int = 320) -> np.ndarray:
    """Line art: flat boxes, lines and labels on white."""
    image = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for i in range(4):
        draw.rectangle((20 + 110 * i, 60, 110 + 110 * i, 140), fill=(40 + 50 * i, 90, 200 - 40 * i), outline=(0, 0, 0))
        draw.text((30 + 110 * i, 150), f"step {i + 1}", fill=(0, 0, 0))
        draw.line((110 + 110 * i, 100, 130 + 110 * i, 100), fill=(0, 0, 0), width=3)
    return np.asarray(image)


def _convert(
    tmp_path: Path, blob: bytes, size_in: tuple[float, float] = (4.8, 3.2), **options: Any
) -> tuple[Path, Any]:
    """A slide with the PNG at (1 in, 1 in), ``size_in`` inches; the PDF and the picture shape."""
    prs = new_deck()
    source = tmp_path / "picture.png"
    source.write_bytes(blob)
    slide = blank_slide(prs)
    picture = slide.shapes.add_picture(str(source), Inches(1), Inches(1), Inches(size_in[0]), Inches(size_in[1]))
    prs.save(str(tmp_path / "deck.pptx"))
    pdf, _ = convert(tmp_path / "deck.pptx", tmp_path, options=ConvertOptions(**options))
    return pdf, picture


def _only_image(pdf: Path) -> Any:
    (image,) = [i["obj"] for i in _images(pdf)]
    return image


def _chroma_sampling(jpeg: bytes) -> list[int]:
    """Each component's sampling factors byte from the JPEG's frame header (0x11: full resolution)."""
    at = jpeg.find(b"\xff\xc0")
    if at < 0:
        at = jpeg.find(b"\xff\xc2")
    count = jpeg[at + 9]
    return [jpeg[at + 11 + 3 * k] for k in range(count)]


def _shown(pdf: Path, width: int, height: int) -> np.ndarray:
    """The picture's area of the page at 100 dpi (one pixel per picture pixel when placed at 100 dpi)."""
    page = render_page(pdf, dpi=100.0)
    return np.asarray(page.crop((100, 100, 100 + width, 100 + height))).astype(int)


def _pixels_in_pdf(pdf: Path) -> np.ndarray:
    (image,) = PdfReader(str(pdf)).pages[0].images
    assert image.image is not None
    return np.asarray(image.image.convert("RGB"))


def test_photographic_png_goes_in_as_full_colour_jpeg(tmp_path: Path) -> None:
    pixels = photo_pixels()
    blob = png_of(pixels)
    pdf, _ = _convert(tmp_path, blob)
    image = _only_image(pdf)
    assert image["/Filter"] == "/DCTDecode"
    assert image["/ColorSpace"] == "/DeviceRGB"
    assert (image["/Width"], image["/Height"]) == (480, 320)
    jpeg = image._data
    assert len(jpeg) < len(blob) / 4
    assert _chroma_sampling(jpeg) == [0x11, 0x11, 0x11]  # colour kept at full resolution
    # The page shows the photograph: on average within 3 levels, nowhere far off.
    difference = np.abs(_shown(pdf, 480, 320) - pixels.astype(int))
    assert difference.mean() < 3.0
    assert np.percentile(difference, 99.9) < 24


@pytest.mark.parametrize(
    ("kind", "pixels"),
    [
        ("screenshot", _terminal()),  # JPEG halves it, but would smear its text: the error test keeps it
        ("line art", _diagram()),  # Flate packs it under one bit per pixel
        ("icon", photo_pixels(150, 150)),  # photographic, but icon-sized
    ],
)
def test_pictures_where_jpeg_would_show_stay_lossless(tmp_path: Path, kind: str, pixels: np.ndarray) -> None:
    height, width, _ = pixels.shape
    pdf, _ = _convert(tmp_path, png_of(pixels), (width / 100, height / 100))
    assert _only_image(pdf)["/Filter"] == "/FlateDecode", kind
    assert np.array_equal(_pixels_in_pdf(pdf), pixels), kind


def test_photo_with_alpha_gets_jpeg_and_a_soft_mask(tmp_path: Path) -> None:
    pixels = photo_pixels()
    rgba = np.dstack([pixels, np.full(pixels.shape[:2], 255, np.uint8)])
    rgba[:, :240, 3] = 0  # left half transparent
    pdf, _ = _convert(tmp_path, png_of(rgba))
    image = _only_image(pdf)
    assert image["/Filter"] == "/DCTDecode"
    mask = image["/SMask"].get_object()
    assert mask["/Filter"] == "/FlateDecode"
    assert (mask["/Width"], mask["/Height"]) == (480, 320)
    shown = _shown(pdf, 480, 320)
    assert np.abs(shown[:, 10:230] - 255).max() <= 2  # the white slide through the transparent half
    assert np.abs(shown[:, 250:] - pixels[:, 250:].astype(int)).mean() < 3.0


def test_recoloured_photo_goes_in_as_grey_jpeg(tmp_path: Path) -> None:
    """A picture whose pixels are decoded to be changed (here turned grey) is tested the same way."""
    pixels = photo_pixels()
    prs = new_deck()
    (tmp_path / "picture.png").write_bytes(png_of(pixels))
    picture = blank_slide(prs).shapes.add_picture(str(tmp_path / "picture.png"), Inches(1), Inches(1))
    blip = picture._element.blipFill.find("{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
    blip.append(blip.makeelement("{http://schemas.openxmlformats.org/drawingml/2006/main}grayscl", {}))
    pdf, _ = convert(prs, tmp_path)
    image = _only_image(pdf)
    assert image["/Filter"] == "/DCTDecode"
    assert image["/ColorSpace"] == "/DeviceGray"
    shown = _shown(pdf, 480, 320)
    assert np.abs(shown[..., 0] - shown[..., 2]).max() <= 2  # grey


def test_lossless_option_keeps_every_picture_exact(tmp_path: Path) -> None:
    pixels = photo_pixels()
    pdf, _ = _convert(tmp_path, png_of(pixels), lossless_pictures=True)
    assert _only_image(pdf)["/Filter"] == "/FlateDecode"
    assert np.array_equal(_pixels_in_pdf(pdf), pixels)


def test_lossless_option_does_not_downsample(tmp_path: Path) -> None:
    """A 1500-pixel-wide picture placed 2 inches wide (750 dpi) is reduced by default, kept whole
    with the option."""
    pixels = photo_pixels(1500, 1000)
    blob = png_of(pixels)
    default, _ = _convert(tmp_path, blob, (2.0, 4.0 / 3.0))
    assert _only_image(default)["/Width"] < 1500
    (tmp_path / "deck.pdf").unlink()
    kept, _ = _convert(tmp_path, blob, (2.0, 4.0 / 3.0), lossless_pictures=True)
    assert _only_image(kept)["/Width"] == 1500
    assert np.array_equal(_pixels_in_pdf(kept), pixels)


def test_changed_share_counts_samples_moved_past_the_threshold(qapp: Any) -> None:
    from PySide6.QtGui import QImage

    flat = np.full((100, 200, 3), 120, np.uint8)
    out = io.BytesIO()
    Image.fromarray(flat).save(out, format="JPEG", quality=95)  # a flat picture survives JPEG exactly
    moved = flat.copy()
    moved[10, :50] = (170, 120, 120)  # 50 pixels, one sample each moved by 50 levels
    moved[20, :50] = (130, 130, 130)  # 50 pixels moved by 10 levels: under the threshold
    image = QImage(moved.tobytes(), 200, 100, 600, QImage.Format.Format_RGB888).copy()
    assert changed_share(image, out.getvalue()) == pytest.approx(50 / (3 * 200 * 100))


def test_command_line_option_reaches_the_engine(tmp_path: Path) -> None:
    deck = photo_deck(tmp_path / "photo.pptx")
    plain = run_slidepress("convert", deck, tmp_path / "plain.pdf", "--engine", "builtin")
    kept = run_slidepress("convert", deck, tmp_path / "kept.pdf", "--engine", "builtin", "--lossless-pictures")
    assert plain.returncode == 0 and kept.returncode == 0, (plain.stderr, kept.stderr)
    assert _only_image(tmp_path / "plain.pdf")["/Filter"] == "/DCTDecode"
    assert _only_image(tmp_path / "kept.pdf")["/Filter"] == "/FlateDecode"
    assert np.array_equal(_pixels_in_pdf(tmp_path / "kept.pdf"), photo_pixels())


def test_lossless_pictures_are_part_of_the_job(tmp_path: Path) -> None:
    deck = photo_deck(tmp_path / "photo.pptx")
    queue = JobQueue(DataPaths(tmp_path / "home").ensure())
    try:
        plain = queue.submit([deck], SubmitOptions(out_dir=tmp_path / "a"))
        kept = queue.submit([deck], SubmitOptions(out_dir=tmp_path / "b", lossless_pictures=True))
        again = queue.submit([deck], SubmitOptions(out_dir=tmp_path / "b", lossless_pictures=True))
        assert len(plain.queued) == 1 and len(kept.queued) == 1 and not again.queued
        stored = queue.store.get_many([plain.queued[0].id, kept.queued[0].id])
        assert [j.options.lossless_pictures for j in stored] == [False, True]
    finally:
        queue.close()
    # Default jobs keep the options (and so the job keys) they had before this option.
    assert JobOptions().to_dict() == {"engine": "auto", "include_hidden": False}
    assert JobOptions.from_dict(JobOptions(lossless_pictures=True).to_dict()).lossless_pictures
