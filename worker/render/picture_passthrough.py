"""JPEG and PNG pictures embedded in the PDF as their original bytes, not re-encoded by Qt.

QPdfEngine decodes nothing itself: it takes a QImage and compresses its pixels again (deflate for
lossless pictures, a fresh JPEG for the others). That was a third of the time spent on slides with
photos, and every JPEG lost a generation of quality. PDF readers decode JPEG (DCTDecode) and PNG's
zlib stream with its row predictors (FlateDecode, Predictor 15) directly, so a picture drawn as it
is stored can go into the PDF untouched:

1. while painting, a tiny stand-in image carrying a magic signature and an id is drawn where the
   picture goes (same transform, clip and opacity);
2. when the PDF is finished, each stand-in image object is swapped for the original bytes.

Pictures that need pixels changed (recolouring, alpha, downscaling for size, CMYK,
interlacing) are decoded by Qt; their pixels are then deflated here (``encoded_picture``) and swapped
in the same way, because Qt's own deflate of them was most of their cost.

Photographs among the lossless pictures (stored PNGs and decoded pixels alike) go in as JPEG, their
alpha as a deflated soft mask (see picture_jpeg), unless the conversion keeps pictures lossless.
"""

from __future__ import annotations

import logging
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtGui import QColor, QImage

from worker.render import deflate
from worker.render.jpeg_segments import SOS, header_segments
from worker.render.pdf_patch import PatchError, PdfPatch, Ref, Value, stream_body
from worker.render.picture_jpeg import pdf_engine_jpeg, photo_jpeg, worth_trying
from worker.render.png_rows import whole_rows

log = logging.getLogger(__name__)

# Two fixed pixels no real 4 x 1 picture carries, then the id and its complement: a stand-in is
# recognised only when all four agree. Colourful on purpose: Qt writes grey images as DeviceGray.
_MAGIC = (0x5A17C3, 0x3CE15A)
_STAND_IN_WIDTH = 4
# zlib level of the pictures deflated here. Over the corpus, levels 4, 5 and 6 take 0.18, 0.21 and
# 0.27 s and write 4.98, 4.87 and 4.84 MB: level 5 costs the PDFs 0.1 % in size for a fifth less time.
PICTURE_COMPRESSION = 5


@dataclass(frozen=True)
class StoredPicture:
    """A picture's bytes as a PDF image stream takes them."""

    data: bytes
    width: int
    height: int
    filter: str  # "/DCTDecode" or "/FlateDecode"
    color_space: str  # "/DeviceRGB", "/DeviceGray" or "/Indexed"
    bits: int
    colors: int = 3  # components per pixel in the PNG predictor rows
    palette: bytes = b""  # RGB triplets for an indexed PNG
    predictor: bool = True  # rows start with PNG filter bytes (Predictor 15); False: plain samples
    alpha: bytes = b""  # a deflated 8-bit soft mask, width x height, when the picture has one
    damage: str = ""  # what was wrong with the picture's data (see png_rows), for the job's warning


def stored_picture(blob: bytes) -> StoredPicture | None:
    """The picture as an embeddable stream, when its bytes can go into a PDF unchanged."""
    try:
        if blob.startswith(b"\xff\xd8"):
            return _jpeg(blob)
        if blob.startswith(b"\x89PNG\r\n\x1a\n"):
            return _png(blob)
    except (struct.error, IndexError, ValueError):
        return None
    return None


def encoded_picture(image: QImage, photo: bool = False) -> StoredPicture | None:
    """Decoded pixels as the PDF image streams Qt would write (8-bit RGB or grey, and a soft mask
    where some pixel is not opaque), deflated by zlib-ng; with ``photo``, as JPEG where picture_jpeg
    finds them photographic. None for 1-bit pictures, which Qt draws as stencil masks in the brush's
    colour."""
    if image.isNull() or image.depth() == 1:
        return None
    width, height = image.width(), image.height()
    alpha = b""
    if image.hasAlphaChannel():
        plane = _samples(image.convertToFormat(QImage.Format.Format_Alpha8), width)
        if plane.count(255) != len(plane):
            alpha = deflate.compress(plane, PICTURE_COMPRESSION)
        if image.format() != QImage.Format.Format_ARGB32:
            image = image.convertToFormat(QImage.Format.Format_ARGB32)  # colours not premultiplied
    colours = image.convertToFormat(QImage.Format.Format_RGB888)
    rgb = _samples(colours, 3 * width)
    gray = image.allGray()
    space = "/DeviceGray" if gray else "/DeviceRGB"
    data = deflate.compress(rgb[0::3] if gray else rgb, PICTURE_COMPRESSION)
    if photo and worth_trying(width * height, len(data)):
        jpeg = photo_jpeg(colours.convertToFormat(QImage.Format.Format_Grayscale8) if gray else colours, len(data))
        if jpeg is not None:
            return StoredPicture(jpeg, width, height, "/DCTDecode", space, 8, 1 if gray else 3, alpha=alpha)
    return StoredPicture(data, width, height, "/FlateDecode", space, 8, 1 if gray else 3, predictor=False, alpha=alpha)


def engine_jpeg_picture(image: QImage, soft_mask: bool = False) -> StoredPicture | None:
    """Decoded pixels (a JPEG picture recoloured or scaled; with ``soft_mask``, a raster with partly
    transparent pixels, such as a reflection) as the streams QPdfEngine would write of them: the
    same coded picture, encoded by Pillow in a third of the time, and the alpha as the 8-bit soft
    mask Qt writes when some pixel is partly transparent. None for what is left to Qt: 1-bit
    pictures, any with a pixel not opaque unless ``soft_mask``, and those whose pixels are only
    clear or opaque (Qt writes a 1-bit mask for them)."""
    if image.isNull() or image.depth() == 1:
        return None
    width, height = image.width(), image.height()
    alpha = b""
    if image.hasAlphaChannel():
        plane = _samples(image.convertToFormat(QImage.Format.Format_Alpha8), width)
        if plane.count(255) != len(plane):
            if not soft_mask or not plane.translate(None, b"\x00\xff"):
                return None
            alpha = deflate.compress(plane, PICTURE_COMPRESSION)
            image = image.convertToFormat(QImage.Format.Format_ARGB32)  # colours not premultiplied
    # Qt's engine converts every other format to (A)RGB32 and its writer takes the red, green and
    # blue bytes: three components even for a grey picture, as RGB888 gives them here.
    jpeg = pdf_engine_jpeg(image.convertToFormat(QImage.Format.Format_RGB888))
    if jpeg is None:
        return None
    return StoredPicture(jpeg, width, height, "/DCTDecode", "/DeviceRGB", 8, 3, alpha=alpha)


def masked_color(color: QColor, mask: QImage) -> StoredPicture:
    """``color`` seen through ``mask`` (Grayscale8, its levels the alpha), as the PDF image streams
    Qt would write for that ARGB32 picture: flat samples (grey when the colour is) and a soft mask.
    Blurred shadows and glows are drawn so; Qt JPEG-encoded their flat colour and deflated the mask."""
    width, height = mask.width(), mask.height()
    gray = color.red() == color.green() == color.blue()
    sample = bytes((color.red(),) if gray else (color.red(), color.green(), color.blue()))
    return StoredPicture(
        deflate.compress(sample * (width * height), PICTURE_COMPRESSION),
        width,
        height,
        "/FlateDecode",
        "/DeviceGray" if gray else "/DeviceRGB",
        8,
        len(sample),
        predictor=False,
        alpha=deflate.compress(_samples(mask, width), PICTURE_COMPRESSION),
    )


def _samples(image: QImage, row: int) -> bytes:
    """The image's rows of ``row`` bytes each, without the padding Qt keeps at each row's end."""
    # Sliced from Qt's buffer directly: one copy of the pixels, not two.
    data = memoryview(image.constBits())
    stride, height = image.bytesPerLine(), image.height()
    if stride == row:
        return bytes(data[: row * height])
    return b"".join(data[y * stride : y * stride + row] for y in range(height))


def _jpeg(blob: bytes) -> StoredPicture | None:
    for marker, segment in header_segments(blob):
        if marker in (0xC0, 0xC1, 0xC2):  # baseline, extended, progressive Huffman
            if len(segment) < 6:
                return None
            precision = segment[0]
            height, width = struct.unpack(">HH", segment[1:5])
            components = segment[5]
            if precision != 8 or width == 0 or height == 0 or components not in (1, 3):
                return None
            space = "/DeviceGray" if components == 1 else "/DeviceRGB"
            return StoredPicture(blob, width, height, "/DCTDecode", space, 8, components)
        if 0xC3 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return None  # lossless, hierarchical or arithmetic-coded: left to the decoder
        if marker == SOS:
            return None  # scan data before any frame header
    return None


def _png(blob: bytes) -> StoredPicture | None:
    blob, damage = whole_rows(blob)
    pos = 8
    header: tuple[int, ...] | None = None
    palette = b""
    idat: list[bytes] = []
    while pos + 8 <= len(blob):
        length, kind = struct.unpack(">I4s", blob[pos : pos + 8])
        body = blob[pos + 8 : pos + 8 + length]
        if len(body) != length:
            return None
        if kind in _CRITICAL and blob[pos + 8 + length : pos + 12 + length] != _crc(kind, body):
            return None  # libpng refuses a damaged critical chunk: so does the decoded path, alike
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body[:13])
        elif kind == b"PLTE":
            palette = body
        elif kind == b"tRNS":
            return None  # transparency needs a soft mask: decoded path
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None or not idat:
        return None
    width, height, bits, color_type, compression, filtering, interlace = header
    if width == 0 or height == 0 or compression or filtering or interlace:
        return None
    if color_type == 0 and bits in (1, 2, 4, 8):
        space, colors = "/DeviceGray", 1
    elif color_type == 2 and bits == 8:
        space, colors = "/DeviceRGB", 3
    elif color_type == 3 and bits in (1, 2, 4, 8) and palette and len(palette) % 3 == 0:
        space, colors = "/Indexed", 1
    else:
        return None  # alpha channels and 16-bit samples: decoded path
    data = b"".join(idat)
    if not _inflates(data):
        return None
    indexed = palette if color_type == 3 else b""
    return StoredPicture(data, width, height, "/FlateDecode", space, bits, colors, indexed, damage=damage)


_CRITICAL = (b"IHDR", b"PLTE", b"IDAT")


def _crc(kind: bytes, body: bytes) -> bytes:
    return zlib.crc32(body, zlib.crc32(kind)).to_bytes(4, "big")


def _inflates(data: bytes) -> bool:
    """Whether the zlib stream starts sanely (a damaged picture goes to Qt, which copes or fails)."""
    try:
        zlib.decompressobj().decompress(data[:4096], 64)
    except zlib.error:
        return False
    return True


@dataclass
class StandIns:
    """Pictures drawn as stand-ins in one PDF, by id; each picture gets one stand-in image.

    ``lossless``: no picture is turned into JPEG (the conversion keeps every picture's exact pixels)."""

    lossless: bool = False
    pictures: list[StoredPicture] = field(default_factory=list)
    _images: dict[str, QImage] = field(default_factory=dict)
    _stored: dict[str, StoredPicture | None] = field(default_factory=dict)
    _photos: dict[str, StoredPicture] = field(default_factory=dict)

    def stored(self, key: str, blob: bytes) -> StoredPicture | None:
        """``stored_picture`` of the picture part ``key``, worked out once per deck."""
        if key not in self._stored:
            self._stored[key] = stored_picture(blob)
        return self._stored[key]

    def as_photo(self, key: str, picture: StoredPicture, decoded: Callable[[], QImage | None]) -> StoredPicture:
        """The stored lossless picture ``key`` as JPEG when picture_jpeg finds it photographic, else
        ``picture`` itself; ``decoded`` gives its pixels (called only when the bytes make it a candidate)."""
        if (
            self.lossless
            or picture.filter != "/FlateDecode"
            or not worth_trying(picture.width * picture.height, len(picture.data))
        ):
            return picture
        if key not in self._photos:
            self._photos[key] = picture
            image = decoded()
            if (
                image is not None
                and not image.isNull()
                and image.depth() != 1
                and (image.width(), image.height()) == (picture.width, picture.height)
            ):
                gray = image.allGray()
                colours = image
                if gray or image.format() != QImage.Format.Format_RGB32:  # RGB32 photo_jpeg reads as it is
                    colours = image.convertToFormat(
                        QImage.Format.Format_Grayscale8 if gray else QImage.Format.Format_RGB888
                    )
                jpeg = photo_jpeg(colours, len(picture.data))
                if jpeg is not None:
                    space = "/DeviceGray" if gray else "/DeviceRGB"
                    self._photos[key] = StoredPicture(
                        jpeg, picture.width, picture.height, "/DCTDecode", space, 8, 1 if gray else 3
                    )
        return self._photos[key]

    def image_for(self, key: str, picture: StoredPicture) -> QImage:
        """The stand-in for the picture part ``key`` (the same QImage each time, so Qt writes it once)."""
        image = self._images.get(key)
        if image is None:
            ident = len(self.pictures)
            self.pictures.append(picture)
            # A picture with a soft mask gets a stand-in with one: one half-transparent pixel makes Qt
            # write an /SMask object, which the swap then fills with the picture's mask.
            image = QImage(_STAND_IN_WIDTH, 1, QImage.Format.Format_ARGB32)
            for x, rgb in enumerate((*_MAGIC, ident, ident ^ 0xFFFFFF)):
                color = QColor.fromRgb(rgb)
                if picture.alpha and x == _STAND_IN_WIDTH - 1:
                    color.setAlpha(128)
                image.setPixelColor(x, 0, color)
            self._images[key] = image
        return image

    def one_off(self, picture: StoredPicture) -> QImage:
        """The stand-in for a picture drawn once (a blurred shadow's raster): nothing shares it."""
        return self.image_for(f"\0one-off {len(self.pictures)}", picture)

    def one_off_pixels(self, image: QImage) -> QImage | None:
        """The stand-in for pixels drawn once (a gradient's raster), deflated by ``encoded_picture``
        instead of by Qt's engine; None where Qt must draw them (1-bit images)."""
        picture = encoded_picture(image)
        return None if picture is None else self.one_off(picture)

    def one_off_engine_jpeg(self, image: QImage) -> QImage | None:
        """The stand-in for a raster drawn once without LosslessImageRendering (a reflection), as
        ``engine_jpeg_picture`` with its soft mask writes it; None where Qt must draw it."""
        picture = engine_jpeg_picture(image, soft_mask=True)
        return None if picture is None else self.one_off(picture)

    def encoded(self, key: str, image: QImage, photo: bool = False) -> StoredPicture | None:
        """``encoded_picture`` of ``image``, once per ``key`` (a picture drawn again is written once);
        ``photo``: a picture that may go in as JPEG (unless ``lossless``)."""
        if key not in self._stored:
            self._stored[key] = encoded_picture(image, photo and not self.lossless)
        return self._stored[key]

    def engine_jpeg(self, key: str, image: QImage) -> StoredPicture | None:
        """``engine_jpeg_picture`` of ``image``, once per ``key`` (as ``encoded``)."""
        if key not in self._stored:
            self._stored[key] = engine_jpeg_picture(image)
        return self._stored[key]

    def picture_for(self, pixels: bytes) -> StoredPicture | None:
        """The picture a stand-in's decoded RGB samples name, if they are a stand-in's."""
        if len(pixels) != 3 * _STAND_IN_WIDTH:
            return None
        values = [int.from_bytes(pixels[i : i + 3], "big") for i in range(0, len(pixels), 3)]
        if tuple(values[:2]) != _MAGIC or values[2] ^ 0xFFFFFF != values[3]:
            return None
        ident = values[2]
        return self.pictures[ident] if ident < len(self.pictures) else None


def swap_stand_ins(writer: Any, stand_ins: StandIns) -> list[Any]:
    """Replace every stand-in image object in ``writer``'s pages (a pypdf writer or reader) by its
    picture, in place. Returns the references of the objects replaced."""
    if not stand_ins.pictures:
        return []
    done: set[int] = set()
    swapped: list[Any] = []
    for page in writer.pages:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        if xobjects is None:
            continue
        for ref in xobjects.get_object().values():
            if ref.idnum in done:
                continue
            image = ref.get_object()
            if image.get("/Subtype") != "/Image" or image.get("/Width") != _STAND_IN_WIDTH or image.get("/Height") != 1:
                continue
            if image.get("/ColorSpace") != "/DeviceRGB":
                continue
            try:
                picture = stand_ins.picture_for(image.get_data())
            except Exception:  # a stream we cannot read is simply not a stand-in
                continue
            mask_ref = image.raw_get("/SMask") if "/SMask" in image else None
            if picture is None or (mask_ref is not None) != bool(picture.alpha):
                continue
            done.add(ref.idnum)
            swapped.append(ref)
            _set_stream(image, _image_entries(picture), picture.data)
            if mask_ref is not None:
                swapped.append(mask_ref)
                _set_stream(mask_ref.get_object(), _mask_entries(picture), picture.alpha)
    _log_missing(len(done), stand_ins)
    return swapped


def swap_patched_stand_ins(patch: PdfPatch, resources: list[dict[bytes, Value]], stand_ins: StandIns) -> None:
    """``swap_stand_ins`` on a file being patched: ``resources`` are its pages' resource
    dictionaries; only the image dictionaries are parsed, and only a stand-in's pixels read."""
    if not stand_ins.pictures:
        return
    done: set[int] = set()
    for page_resources in resources:
        xobjects = patch.dictionary(page_resources.get(b"/XObject", {}))
        for ref in xobjects.values():
            if not isinstance(ref, Ref):
                raise PatchError("an XObject that is not an object of its own")
            if ref.number in done:
                continue
            image = patch.dictionary(ref)
            if image.get(b"/Subtype") != b"/Image" or image.get(b"/Width") != b"%d" % _STAND_IN_WIDTH:
                continue
            if image.get(b"/Height") != b"1" or image.get(b"/ColorSpace") != b"/DeviceRGB":
                continue
            try:
                picture = stand_ins.picture_for(patch.stream_data(ref.number))
            except PatchError:  # a stream we cannot read is simply not a stand-in
                continue
            mask_ref = image.get(b"/SMask")
            if picture is None or (mask_ref is not None) != bool(picture.alpha):
                continue
            if mask_ref is not None and not isinstance(mask_ref, Ref):
                raise PatchError("a soft mask that is not an object of its own")
            done.add(ref.number)
            patch.replace(ref.number, stream_body(_raw_entries(image, _image_entries(picture)), picture.data))
            if isinstance(mask_ref, Ref):
                mask = patch.dictionary(mask_ref)
                patch.replace(mask_ref.number, stream_body(_raw_entries(mask, _mask_entries(picture)), picture.alpha))
    _log_missing(len(done), stand_ins)


def _log_missing(swapped: int, stand_ins: StandIns) -> None:
    if swapped < len(stand_ins.pictures):
        # Qt writes nothing for a picture drawn entirely outside the page: then there is nothing to swap.
        log.info(
            "%d of %d stand-in pictures were not in the PDF", len(stand_ins.pictures) - swapped, len(stand_ins.pictures)
        )


# An image dictionary's entries for a picture, as plain values: int, str (a name), bytes (a string),
# list and dict. These entries of the stand-in's dictionary are dropped first.
_Entry = int | str | bytes | list[Any] | dict[str, Any]
_REPLACED = ("/Filter", "/DecodeParms", "/Decode", "/ColorSpace")


def _image_entries(picture: StoredPicture) -> dict[str, _Entry]:
    entries: dict[str, _Entry] = {
        "/Width": picture.width,
        "/Height": picture.height,
        "/BitsPerComponent": picture.bits,
        "/Filter": picture.filter,
    }
    if picture.color_space == "/Indexed":
        entries["/ColorSpace"] = ["/Indexed", "/DeviceRGB", len(picture.palette) // 3 - 1, picture.palette]
    else:
        entries["/ColorSpace"] = picture.color_space
    if picture.filter == "/FlateDecode" and picture.predictor:
        entries["/DecodeParms"] = {
            "/Predictor": 15,
            "/Colors": picture.colors,
            "/BitsPerComponent": picture.bits,
            "/Columns": picture.width,
        }
    return entries


def _mask_entries(picture: StoredPicture) -> dict[str, _Entry]:
    return {
        "/Width": picture.width,
        "/Height": picture.height,
        "/BitsPerComponent": 8,
        "/Filter": "/FlateDecode",
        "/ColorSpace": "/DeviceGray",
    }


def _raw_entries(image: dict[bytes, Value], entries: dict[str, _Entry]) -> dict[bytes, Value]:
    kept = {key: value for key, value in image.items() if key.decode("latin-1") not in _REPLACED}
    kept.update({key.encode(): _raw(value) for key, value in entries.items()})
    return kept


def _raw(value: _Entry) -> Value:
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, bytes):
        return b"<" + value.hex().encode() + b">"
    if isinstance(value, list):
        return [_raw(item) for item in value]
    return {key.encode(): _raw(item) for key, item in value.items()}


def _pypdf(value: _Entry) -> Any:
    from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, NameObject, NumberObject

    if isinstance(value, int):
        return NumberObject(value)
    if isinstance(value, str):
        return NameObject(value)
    if isinstance(value, bytes):
        return ByteStringObject(value)
    if isinstance(value, list):
        return ArrayObject([_pypdf(item) for item in value])
    return DictionaryObject({NameObject(key): _pypdf(item) for key, item in value.items()})


def _set_stream(image: Any, entries: dict[str, _Entry], data: bytes) -> None:
    """An image XObject's entries and (encoded) bytes; pypdf writes the bytes verbatim."""
    from pypdf.generic import NameObject, StreamObject

    for key in _REPLACED:
        image.pop(key, None)
    for key, value in entries.items():
        image[NameObject(key)] = _pypdf(value)
    StreamObject.set_data(image, data)
    if hasattr(image, "decoded_self"):
        image.decoded_self = None
