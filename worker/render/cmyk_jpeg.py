"""CMYK JPEGs decoded in their own polarity: inverted with an Adobe APP14 marker, plain without.

Photoshop stores CMYK JPEG samples inverted (255 = no ink) and writes an Adobe APP14 marker; libjpeg
writes that marker with every CMYK JPEG it makes and leaves the polarity to the application
(libjpeg.txt). Qt's JPEG reader, like Pillow's, inverts every CMYK JPEG, so one stored plain and
without the marker (a JPEG stream taken out of a PDF, where CMYK samples are plain ink amounts)
came out as its negative: white paper black. Here such a picture is inverted back. The readers
that go by the marker are Wine's copy of Windows' WIC decoder, libvips and Little CMS's jpgicc;
browsers (Chromium, Firefox, WebKit) invert every CMYK JPEG whatever its markers.
"""

from __future__ import annotations

from PySide6.QtGui import QImage

from worker.render.jpeg_segments import header_segments

_APP14 = 0xEE


def adobe_marker(blob: bytes) -> bool:
    """Whether the JPEG ``blob`` has an Adobe APP14 marker before its first scan, as libjpeg
    recognises one (saw_Adobe_marker: "Adobe" in a segment of at least 12 bytes)."""
    return any(
        marker == _APP14 and len(body) >= 10 and body.startswith(b"Adobe") for marker, body in header_segments(blob)
    )


def in_true_polarity(image: QImage, blob: bytes) -> QImage:
    """``image`` as Qt decoded the JPEG ``blob``: a CMYK one without the Adobe marker inverted back
    to the plain samples it stores; anything else as it is."""
    if image.format() != QImage.Format.Format_CMYK8888 or adobe_marker(blob):
        return image
    plain = QImage(image)  # a copy: the decoded image may be shared (cached)
    plain.invertPixels(QImage.InvertMode.InvertRgba)  # all four channels of CMYK8888
    return plain
