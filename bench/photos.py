"""A deck of phone photographs: `slidepress convert`'s wall time, peak memory and PDF size.

The deck is made on the fly: 20 slides (16:9) with 30 distinct 4032 x 3024 JPEGs (gradients, soft
blobs and sensor-like noise, so they compress as photos do: 2-4 MB each), drawn as decks use them:
full-height, full-bleed (cropped top and bottom), half-slide, thumbnails, one cropped to a detail,
and one photo drawn at two sizes on two slides. `--profile` runs the conversion under cProfile in
this process instead and prints where the time went.

    python -m bench.photos [--keep DIR] [--profile] [--lossless]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import resource
import sys
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageFilter
from pptx import Presentation
from pptx.util import Emu, Inches

from bench.corpus_run import REPO, machine

sys.path.insert(0, str(REPO / "tests"))

from corpus_support import run_slidepress_measured

PHOTO_SIZE = (4032, 3024)
PHOTOS = 30
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)


def photo(index: int, size: tuple[int, int] = PHOTO_SIZE) -> bytes:
    """A photo-like JPEG: smooth colour fields, blurred shapes and grain, different for each ``index``."""
    width, height = size
    channels = []
    for c in range(3):
        # Soft structure: a tiny random field blown up (the lighting and shapes of a scene).
        field = Image.effect_noise((8 + (index + c) % 5, 6 + (index * 3 + c) % 4), 90 + 10 * c)
        field = field.resize(size, Image.Resampling.BICUBIC)
        ramp = Image.linear_gradient("L").rotate((index * 37 + c * 120) % 360).resize(size)
        channels.append(ImageChops.add(ImageChops.multiply(field, ramp), field, scale=1.6))
    image = Image.merge("RGB", channels)
    # Detail at every scale: mid-size texture and fine grain, as a sensor and a scene give.
    texture = Image.effect_noise((width // 16, height // 16), 40).resize(size, Image.Resampling.BICUBIC)
    grain = Image.effect_noise(size, 10).filter(ImageFilter.GaussianBlur(0.7))
    detail = ImageChops.add(texture, grain, scale=2.0, offset=-64)
    image = ImageChops.add(image, Image.merge("RGB", (detail, detail, detail)), scale=1.0, offset=-32)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def crop(picture: Any, left: float, top: float, right: float, bottom: float) -> None:
    picture.crop_left, picture.crop_top, picture.crop_right, picture.crop_bottom = left, top, right, bottom


def photo_deck(folder: Path, count: int = PHOTOS) -> Path:
    """The deck described in the module's docstring, written to ``folder``."""
    photos = [photo(i) for i in range(count)]
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H

    def slide() -> Any:
        return prs.slides.add_slide(prs.slide_layouts[6])

    def add(target: Any, index: int, x: int, y: int, w: int, h: int) -> Any:
        return target.shapes.add_picture(io.BytesIO(photos[index % count]), Emu(x), Emu(y), Emu(w), Emu(h))

    full_h_w = SLIDE_H * 4 // 3
    for i in range(0, 8):  # full height, centred (10 x 7.5 in)
        add(slide(), i, (SLIDE_W - full_h_w) // 2, 0, full_h_w, SLIDE_H)
    for i in range(8, 12):  # full bleed: the photo's middle 16:9 band
        crop(add(slide(), i, 0, 0, SLIDE_W, SLIDE_H), 0.0, 0.125, 0.0, 0.125)
    for i in range(12, 20, 2):  # two half-slide photos side by side
        s = slide()
        half = SLIDE_W // 2 - Inches(0.3)
        add(s, i, Inches(0.2), Inches(1.5), half, half * 3 // 4)
        add(s, i + 1, SLIDE_W // 2 + Inches(0.1), Inches(1.5), half, half * 3 // 4)
    for first in (20, 24):  # a contact sheet of four thumbnails
        s = slide()
        for k in range(4):
            add(s, first + k, Inches(0.5 + 3.2 * k), Inches(2.5), Inches(3.0), Inches(2.25))
    s = slide()  # a detail: a tenth of the photo shown at 6 x 4.5 in
    crop(add(s, 28, Inches(3.6), Inches(1.5), Inches(6), Inches(4.5)), 0.35, 0.35, 0.33, 0.33)
    s = slide()  # a photo seen before (slide 1, full height) again as a small inset beside another
    add(s, 29, 0, 0, full_h_w, SLIDE_H)
    add(s, 0, full_h_w + Inches(0.3), Inches(0.5), Inches(2.6), Inches(1.95))
    target = folder / "photos.pptx"
    prs.save(str(target))
    return target


def profile(deck: Path, target: Path, lossless: bool) -> None:
    from worker.cli import main

    args = ["convert", str(deck), str(target)] + (["--lossless-pictures"] if lossless else [])
    profiler = cProfile.Profile()
    profiler.enable()
    main(args)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(35)
    stats.sort_stats("tottime").print_stats(20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the deck and PDF here instead of a temp dir")
    parser.add_argument("--profile", action="store_true", help="cProfile the conversion in this process")
    parser.add_argument("--lossless", action="store_true", help="convert with --lossless-pictures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="slidepress-photos-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        deck = folder / "photos.pptx"
        if not deck.exists():
            deck = photo_deck(folder)
        target = folder / ("photos-lossless.pdf" if args.lossless else "photos.pdf")
        if args.profile:
            profile(deck, target, args.lossless)
            return 0
        extra = ["--lossless-pictures"] if args.lossless else []
        # CPU time as well as wall time: on a shared machine it is the steadier figure.
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        measured = run_slidepress_measured("convert", deck, target, *extra, timeout=600)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        if measured.returncode != 0:
            print(measured.stderr, file=sys.stderr)
            return 1
        print(f"Photo deck, `slidepress convert{' --lossless-pictures' if args.lossless else ''}` — {machine()}")
        width, height = PHOTO_SIZE
        print(f"deck {deck.stat().st_size / 2**20:.1f} MiB, 20 slides, {PHOTOS} photos of {width} x {height}")
        print(f"time {measured.seconds:.1f} s (CPU {cpu:.1f} s), ", end="")
        print(f"peak memory {measured.peak_rss_mib:,.0f} MiB, PDF {target.stat().st_size / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
