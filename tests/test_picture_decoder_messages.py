"""A broken picture is said once, in the job's warning: the decoder's own complaints (libpng writes
"libpng error: ..." straight to the process's stderr, past Qt's message handler) stay out of the
terminal, the pool's stderr log and the window."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

from corpus_support import run_slidepress
from PIL import Image
from pool_fakes import PoolProcess, wait_finished
from pptx.util import Inches
from render_support import blank_slide, close, new_deck, pixel, render_page

from worker.jobs import JobQueue, JobState

RED, BLUE = (220, 30, 30), (30, 60, 220)
# Two broken pictures (slides 1 and 2), each named once.
PLACEHOLDERS = [f"A picture that could not be decoded (image{n}.png) was drawn as a placeholder" for n in (2, 3)]
# The picture of slide 3, whose chunks are whole but whose pixel data stops halfway: its rows are
# drawn, black below (worker/render/png_rows.py).
CUT_SHORT = "Slide 3: picture image4.png is damaged (its pixel data ends early); drawn as far as it could be read"


def halves_png(shade: int = 0) -> bytes:
    image = Image.new("RGB", (200, 100), RED)
    image.paste(BLUE, (100, 0, 200, 100))
    image.putpixel((0, 0), (shade, shade, shade))  # each picture its own part
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def damaged_pixels(blob: bytes) -> bytes:
    """Bytes of the IDAT overwritten: the chunk's CRC no longer matches ("IDAT: CRC error" or,
    past it, "incorrect data check")."""
    data = bytearray(blob)
    at = data.index(b"IEND") - 30
    data[at : at + 10] = b"\xff" * 10
    return bytes(data)


def damaged_header(blob: bytes) -> bytes:
    """The IHDR chunk's CRC wrong: libpng gives up reading the header ("IHDR: CRC error")."""
    data = bytearray(blob)
    data[29:33] = struct.pack(">I", zlib.crc32(b"nonsense"))
    return bytes(data)


def cut_short(blob: bytes) -> bytes:
    """The pixel data cut in the middle of its stream (a truncated copy)."""
    start = blob.index(b"IDAT") - 4
    length = struct.unpack(">I", blob[start : start + 4])[0]
    body = blob[start + 8 : start + 8 + length][: length // 2]
    chunk = struct.pack(">I", len(body)) + b"IDAT" + body + struct.pack(">I", zlib.crc32(b"IDAT" + body))
    return blob[:start] + chunk + blob[start + 12 + length :]


def deck_with_broken_pictures(folder: Path) -> Path:
    """Slide 1: a good picture (left) beside a damaged one; slides 2 and 3: other damage. Each is
    added whole (python-pptx reads it) and damaged in its part afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    prs = new_deck()
    damage: list[list[Callable[[bytes], bytes] | None]] = [[None, damaged_pixels], [damaged_header], [cut_short]]
    shade = 0
    for n, row in enumerate(damage):
        slide = blank_slide(prs)
        for i, spoil in enumerate(row):
            shade += 1
            blob = halves_png(shade)
            path = folder / f"picture-{n}-{i}.png"
            path.write_bytes(blob)
            picture = slide.shapes.add_picture(str(path), Inches(1 + 4.5 * i), Inches(1), Inches(4), Inches(2))
            path.unlink()
            if spoil is not None:
                part = slide.part.related_part(picture._element.blipFill.blip.rEmbed)
                part._blob = spoil(blob)
    deck = folder / "broken pictures.pptx"
    prs.save(str(deck))
    return deck


def assert_good_picture_drawn(pdf: Path) -> None:
    page = render_page(pdf)
    assert close(pixel(page, 72 + 72, 72 + 72), RED, 12)
    assert close(pixel(page, 72 + 216, 72 + 72), BLUE, 12)


def test_convert_says_a_broken_picture_once_and_nothing_from_the_decoder(tmp_path: Path) -> None:
    """Before: 'libpng error: IDAT: incorrect data check' and more on stderr beside the warning."""
    deck = deck_with_broken_pictures(tmp_path / "in")
    pdf = tmp_path / "out.pdf"
    result = run_slidepress("convert", deck, pdf)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [f"slidepress: warning: {said}" for said in [*PLACEHOLDERS, CUT_SHORT]]
    assert_good_picture_drawn(pdf)


def test_a_pool_job_with_broken_pictures_warns_once_and_its_log_stays_clean(
    queue: JobQueue, home: Path, tmp_path: Path
) -> None:
    """The converter children share the pool's stderr (pool-stderr.log when the window starts it):
    before, libpng's lines landed there with no job or deck named."""
    deck = deck_with_broken_pictures(tmp_path / "in")
    job = queue.submit([deck]).queued[0]
    pool = PoolProcess(home, fake=False).start()
    try:
        (done,) = wait_finished(queue, [job.id], timeout=120)
    finally:
        pool.stop()
    assert (done.state, done.warnings) == (JobState.SUCCEEDED, [*PLACEHOLDERS, CUT_SHORT])
    assert_good_picture_drawn(done.output)
    assert "libpng" not in pool.stderr()
    assert "libpng" not in (home / "logs" / "pool.log").read_text()


def profile_with_a_bad_illuminant() -> bytes:
    """An sRGB ICC profile whose header's PCS illuminant (bytes 68-79) is not D50: Qt refuses the
    profile ("qt.gui.icc: Invalid ICC illuminant") and decodes the pixels without it."""
    from PIL import ImageCms

    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[68:80] = struct.pack(">3i", 0x10000, 0x10000, 0x10000)
    return bytes(profile)


def test_a_picture_with_a_broken_colour_profile_is_drawn_and_stderr_stays_clean(tmp_path: Path) -> None:
    """Found by the mutation fuzzer (bytes flipped in a JPEG's ICC segment). Before, the converted
    deck was right but stderr held 'qt.gui.icc: Invalid ICC illuminant' once per look at the
    picture, naming no deck."""
    prs = new_deck()
    slide = blank_slide(prs)
    for i, kind in enumerate(("JPEG", "PNG")):
        image = Image.new("RGB", (200, 100), RED)
        image.paste(BLUE, (100, 0, 200, 100))
        out = io.BytesIO()
        image.save(out, kind, icc_profile=profile_with_a_bad_illuminant(), quality=95)
        slide.shapes.add_picture(out, Inches(1), Inches(1 + 2.5 * i), Inches(4), Inches(2))
    deck = tmp_path / "bad profile.pptx"
    prs.save(str(deck))
    pdf = tmp_path / "out.pdf"
    result = run_slidepress("convert", deck, pdf)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    page = render_page(pdf)
    for top in (72, 72 + 180):
        assert close(pixel(page, 72 + 72, top + 72), RED, 12)
        assert close(pixel(page, 72 + 216, top + 72), BLUE, 12)
