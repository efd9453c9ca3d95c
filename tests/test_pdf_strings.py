"""The finishing step writes metadata and outline titles as pypdf writes text strings, without
importing pypdf: a `slidepress convert` of a deck without links never loads it (~50 ms a process)."""

from __future__ import annotations

import subprocess
import sys
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from pypdf._codecs import _pdfdoc_encoding_rev
from pypdf.generic import TextStringObject, create_string_object
from render_support import blank_slide, new_deck

from worker.render.pdf_strings import PDF_DOC_CODES, text_string

REPO = Path(__file__).resolve().parent.parent


def _pypdf(value: str) -> bytes:
    out = BytesIO()
    TextStringObject(value).write_to_stream(out)
    return out.getvalue()


def test_pdf_doc_codes_are_pypdfs() -> None:
    assert _pdfdoc_encoding_rev == PDF_DOC_CODES


def test_every_character_and_some_titles_as_pypdf_writes_them() -> None:
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue  # surrogates: no text holds them alone
        assert text_string(chr(code)) == _pypdf(chr(code)), hex(code)
    for value in (
        "",
        "Slide 12",
        "Q3 (draft) \\ 50% – “results” • next…",
        "Café Œuvre ½ € ™ ﬁ",
        "Revenue\u00ad2024",  # a soft hyphen: not in PDFDocEncoding, so the whole title is UTF-16
        "日本語のタイトル",
        "Emoji 🙂 title",
        "tab\tand\nnewline",
    ):
        assert text_string(value) == _pypdf(value)
        out = BytesIO()
        create_string_object(value).write_to_stream(out)
        assert text_string(value) == out.getvalue()


def test_convert_without_links_does_not_import_pypdf_and_titles_read_back(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    box = slide.shapes.add_textbox(914400, 914400, 4 * 914400, 914400)
    box.text_frame.text = "Hello"
    prs.core_properties.title = "Année – “Q3” 日本"
    prs.core_properties.author = "Zoë (ops)"
    blank_slide(prs)
    deck = tmp_path / "deck.pptx"
    prs.save(str(deck))
    script = (
        "import sys\n"
        "from worker.cli import main\n"
        "code = main(['convert', sys.argv[1], sys.argv[2]])\n"
        "print('pypdf loaded' if 'pypdf' in sys.modules else 'pypdf not loaded')\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(deck), str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "pypdf not loaded"
    reader = PdfReader(tmp_path / "deck.pdf")
    assert reader.metadata is not None
    assert reader.metadata.title == "Année – “Q3” 日本"
    assert reader.metadata.author == "Zoë (ops)"
    assert [item.title for item in reader.outline] == ["Slide 1", "Slide 2"]  # type: ignore[union-attr]
