"""PDF text strings written as pypdf writes a TextStringObject, without importing pypdf.

The finishing step writes the document's metadata and one outline title per page as text strings.
They were pypdf objects; importing pypdf (its whole package loads with any of its modules) took
~50 ms of every `slidepress convert` process, which otherwise needs pypdf only for decks with links
or a PDF it cannot patch. tests/test_pdf_strings.py holds this to pypdf's bytes.
"""

from __future__ import annotations

# PDFDocEncoding (ISO 32000-1 D.2) as pypdf reads it: Latin-1 but for these codes; the codes pypdf
# leaves undefined (None here) encode no character, and neither does code 0.
_NOT_LATIN_1: dict[int, str | None] = {
    22: None,
    24: "\u02d8",  # breve
    25: "\u02c7",  # caron
    26: "\u02c6",  # circumflex
    27: "\u02d9",  # dot above
    28: "\u02dd",  # double acute
    29: "\u02db",  # ogonek
    30: "\u02da",  # ring above
    31: "\u02dc",  # small tilde
    127: None,
    128: "\u2022",  # bullet
    129: "\u2020",  # dagger
    130: "\u2021",  # double dagger
    131: "\u2026",  # ellipsis
    132: "\u2014",  # em dash
    133: "\u2013",  # en dash
    134: "\u0192",  # florin
    135: "\u2044",  # fraction slash
    136: "\u2039",  # single left angle quote
    137: "\u203a",  # single right angle quote
    138: "\u2212",  # minus
    139: "\u2030",  # per mille
    140: "\u201e",  # double low quote
    141: "\u201c",  # left double quote
    142: "\u201d",  # right double quote
    143: "\u2018",  # left single quote
    144: "\u2019",  # right single quote
    145: "\u201a",  # single low quote
    146: "\u2122",  # trade mark
    147: "\ufb01",  # fi
    148: "\ufb02",  # fl
    149: "\u0141",  # L with stroke
    150: "\u0152",  # OE
    151: "\u0160",  # S with caron
    152: "\u0178",  # Y with diaeresis
    153: "\u017d",  # Z with caron
    154: "\u0131",  # dotless i
    155: "\u0142",  # l with stroke
    156: "\u0153",  # oe
    157: "\u0161",  # s with caron
    158: "\u017e",  # z with caron
    159: None,
    160: "\u20ac",  # euro
    173: None,
}


def _codes() -> dict[str, int]:
    codes: dict[str, int] = {}
    for code in range(1, 256):
        char = _NOT_LATIN_1[code] if code in _NOT_LATIN_1 else chr(code)
        if char is not None:
            codes[char] = code
    return codes


PDF_DOC_CODES = _codes()  # character -> its code

# pypdf writes each byte of the string that is not an ASCII letter, digit or space as an octal escape.
_KEPT = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ")
_ESCAPED = [bytes((b,)) if b in _KEPT else b"\\%03o" % b for b in range(256)]


def text_string(value: str) -> bytes:
    """``value`` as a PDF literal string: PDFDocEncoding when every character has a code there,
    else UTF-16BE after its byte order mark; as pypdf's TextStringObject(value) writes itself."""
    try:
        encoded = bytes([PDF_DOC_CODES[char] for char in value])
    except KeyError:
        encoded = b"\xfe\xff" + value.encode("utf-16be")
    return b"(" + b"".join(_ESCAPED[b] for b in encoded) + b")"
