"""Photographs for picture tests: pixels a JPEG coder sees as a photograph, and a deck holding one."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image
from pptx.util import Inches
from render_support import blank_slide, new_deck


def photo_pixels(width: int = 480, height: int = 320, seed: int = 1) -> np.ndarray:
    """Smooth colour fields with a little sensor-like noise: what a photograph looks like to a coder."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(float)
    red = 128 + 90 * np.sin(x / 37.0) * np.cos(y / 53.0)
    green = 120 + 80 * np.cos((x + y) / 61.0)
    blue = 110 + 70 * np.sin(np.hypot(x - width / 2, y - height / 2) / 29.0)
    pixels = np.stack([red, green, blue], -1) + rng.normal(0, 3.0, (height, width, 3))
    return np.clip(pixels, 0, 255).astype(np.uint8)


def png_of(pixels: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="PNG")
    return out.getvalue()


def photo_deck(path: Path) -> Path:
    prs = new_deck()
    picture = path.with_suffix(".png")
    picture.write_bytes(png_of(photo_pixels()))
    blank_slide(prs).shapes.add_picture(str(picture), Inches(1), Inches(1), Inches(4.8), Inches(3.2))
    prs.save(str(path))
    return path
