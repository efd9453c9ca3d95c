"""Decks the renderer does not read (legacy .ppt, OpenDocument) show the preview picture the file
carries as their thumbnail, as a file manager would; without one they have none, as before."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest
from cfb_support import clipboard_thumbnail, compound_file, summary_information
from PIL import Image
from PySide6.QtGui import QImage
from test_metafile import meta, near, rgb, wmf, wmf_brush, wmf_null_pen

from worker.deck import cfb
from worker.deck.preview import PreviewKind, stored_preview
from worker.errors import CorruptDeckError, LegacyPptError, NotAPresentationError
from worker.render.thumbnail import thumbnail

RED, BLUE = 0x0000FF, 0xFF0000  # COLORREFs (0x00BBGGRR)


def slide_picture() -> bytes:
    """A non-placeable WMF as PowerPoint's previews are: a 960 x 720 window, its left half red and
    its right half blue."""
    return wmf(
        meta(0x020B, 0, 0),  # SetWindowOrg
        meta(0x020C, 720, 960),  # SetWindowExt (y, x)
        wmf_null_pen(),
        wmf_brush(RED),
        meta(0x012D, 0),  # SelectObject: the pen
        meta(0x012D, 1),  # the brush
        meta(0x041B, 721, 480, 0, 0),  # Rectangle (bottom, right, top, left)
        wmf_brush(BLUE),
        meta(0x012D, 2),
        meta(0x041B, 721, 961, 0, 480),
        bbox=None,
    )


def legacy_deck(path: Path, thumbnail_value: bytes | None, padding: int = 5000) -> Path:
    """A .ppt as far as its container goes: a PowerPoint Document stream (``padding`` bytes: past
    4 KiB it lies in regular sectors) and a SummaryInformation stream with the thumbnail."""
    streams = {"PowerPoint Document": b"\0" * padding, "Current User": b"\0" * 20}
    if thumbnail_value is not None:
        streams["\x05SummaryInformation"] = summary_information(0x11, thumbnail_value)
    path.write_bytes(compound_file(streams))
    return path


def metafile_value() -> bytes:
    # METAFILEPICT: MM_ANISOTROPIC and a 4:3 suggested size in HIMETRIC, then the WMF.
    return clipboard_thumbnail(3, struct.pack("<hhhh", 8, 25400, 19050, 0) + slide_picture())


def test_compound_file_streams_read_back_from_regular_and_mini_sectors(tmp_path: Path) -> None:
    big, small = bytes(range(256)) * 40, b"current user record"
    path = tmp_path / "two.bin"
    path.write_bytes(compound_file({"Big": big, "Small": small}))
    assert cfb.stream_names(path) == {"Root Entry", "Big", "Small"}
    assert cfb.read_stream(path, "Big", 1 << 20) == big
    assert cfb.read_stream(path, "Small", 1 << 20) == small
    assert cfb.read_stream(path, "Big", 1000) is None  # over the caller's limit
    assert cfb.read_stream(path, "Missing", 1 << 20) is None


def test_a_loop_in_a_streams_sectors_is_refused(tmp_path: Path) -> None:
    data = bytearray(compound_file({"Big": b"x" * 5000}))
    fat = struct.unpack_from("<128I", data, 512)
    looped = next(i for i, v in enumerate(fat) if v == 0xFFFFFFFE and i > 2)  # the stream's last sector
    struct.pack_into("<I", data, 512 + 4 * looped, looped - 1)
    path = tmp_path / "loop.bin"
    path.write_bytes(bytes(data))
    with pytest.raises(cfb.CfbError):
        cfb.read_stream(path, "Big", 1 << 20)


@pytest.mark.parametrize("padding", [5000, 100], ids=["regular sectors", "mini stream"])
def test_a_legacy_decks_thumbnail_is_its_stored_preview(tmp_path: Path, padding: int) -> None:
    deck = legacy_deck(tmp_path / "old.ppt", metafile_value(), padding)
    preview = stored_preview(deck)
    assert preview is not None and preview.kind is PreviewKind.METAFILE
    assert preview.aspect == pytest.approx(4 / 3)
    image = thumbnail(deck, 0, 120)
    assert (image.width(), image.height()) == (120, 90)
    assert near(rgb(image, 30, 45), (255, 0, 0)) and near(rgb(image, 90, 45), (0, 0, 255))
    with pytest.raises(LegacyPptError):
        thumbnail(deck, 1, 120)  # the preview is of the first slide only


def test_a_bitmap_preview_is_drawn_too(tmp_path: Path) -> None:
    # CF_DIB: a 4 x 2 bottom-up 24-bit bitmap, green.
    header = struct.pack("<IiiHHIIiiII", 40, 4, 2, 1, 24, 0, 0, 0, 0, 0, 0)
    deck = legacy_deck(tmp_path / "dib.ppt", clipboard_thumbnail(8, header + b"\x00\xff\x00" * 8))
    image = thumbnail(deck, 0, 40)
    assert (image.width(), image.height()) == (40, 20)
    assert near(rgb(image, 20, 10), (0, 255, 0))


def test_a_legacy_deck_without_a_preview_has_no_thumbnail(tmp_path: Path) -> None:
    for deck, value in (
        (tmp_path / "none.ppt", None),
        (tmp_path / "mac.ppt", struct.pack("<HxxIi", 0x47, 8, -2) + b"PICT"),  # a Macintosh picture
        (tmp_path / "junk.ppt", clipboard_thumbnail(3, b"\0" * 40)),  # not a metafile
    ):
        legacy_deck(deck, value)
        with pytest.raises(LegacyPptError):
            thumbnail(deck, 0, 64)


def test_an_opendocument_decks_thumbnail_is_its_stored_png(tmp_path: Path) -> None:
    picture = tmp_path / "thumb.png"
    Image.new("RGB", (256, 144), (200, 120, 0)).save(picture)
    deck = tmp_path / "talk.odp"
    with zipfile.ZipFile(deck, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.presentation")
        z.write(picture, "Thumbnails/thumbnail.png")
    image = thumbnail(deck, 0, 64)
    assert (image.width(), image.height()) == (64, 36)
    assert near(rgb(image, 32, 18), (200, 120, 0))
    assert image.format() is QImage.Format.Format_ARGB32_Premultiplied


def test_an_opendocument_deck_without_a_thumbnail_has_none(tmp_path: Path) -> None:
    deck = tmp_path / "bare.odp"
    with zipfile.ZipFile(deck, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.presentation")
    with pytest.raises(NotAPresentationError):
        thumbnail(deck, 0, 64)


def test_a_damaged_or_encrypted_preview_member_leaves_the_readers_reason(tmp_path: Path) -> None:
    deck = tmp_path / "locked.odp"
    with zipfile.ZipFile(deck, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.presentation")
        z.writestr("Thumbnails/thumbnail.png", b"\x89PNG" + bytes(range(256)) * 8)
    data = bytearray(deck.read_bytes())
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local and central headers
        at = data.rfind(signature)  # the thumbnail's, written last
        data[at + flags_at] |= 1  # "encrypted": zipfile refuses to read it
    deck.write_bytes(bytes(data))
    assert stored_preview(deck) is None
    with pytest.raises(CorruptDeckError, match="encrypted"):
        thumbnail(deck, 0, 64)
