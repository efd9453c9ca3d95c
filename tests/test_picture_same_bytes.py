"""A picture stored twice in a deck (two media parts with the same bytes, as PowerPoint leaves a
logo pasted into two layouts) is decoded once: the second part gets the first one's pixels."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from worker.render import images


def _png(colour: tuple[int, int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (64, 48), colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    seen: list[bytes] = []
    decoded = images._decoded

    def counting(blob: bytes, *args: Any) -> Any:
        seen.append(blob)
        return decoded(blob, *args)

    monkeypatch.setattr(images, "_decoded", counting)
    return seen


def test_same_bytes_in_two_parts_decode_once(qapp: Any, decodes: list[bytes]) -> None:
    blob = _png((200, 30, 40, 128))
    copy = bytes(bytearray(blob))  # another bytes object, as each part holds its own
    cache = images.ImageCache()
    first = cache.get("/ppt/media/image1.png", blob)
    second = cache.get("/ppt/media/image7.png", copy)
    assert first is not None and second is not None
    assert len(decodes) == 1
    assert second.pixelColor(10, 10) == first.pixelColor(10, 10)
    assert cache.size("/ppt/media/image7.png", copy) == first.size()
    # Scaled sizes are shared too; other bytes are decoded on their own.
    assert cache.get("/ppt/media/image7.png", copy, (32, 24)) is cache.get("/ppt/media/image1.png", blob, (32, 24))
    other = cache.get("/ppt/media/image2.png", _png((10, 200, 40, 255)))
    assert other is not None and other.pixelColor(0, 0).green() == 200
    assert len(decodes) == 2
