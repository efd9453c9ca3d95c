"""`slidepress convert SRC DST`: real processes, real decks, real PDFs."""

from __future__ import annotations

import argparse
import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pptx
import pytest
from corpus_support import run_slidepress
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication

from worker.cli import COMMANDS, build_parser, with_command
from worker.cli_convert import ProgressLine, run_convert, target_path


def build_deck(path: Path, titles: list[str], hidden: frozenset[int] = frozenset()) -> Path:
    prs = pptx.Presentation()
    for i, title in enumerate(titles):
        slide = prs.slides.add_slide(prs.slide_layouts[0])
        assert slide.shapes.title is not None
        slide.shapes.title.text_frame.text = title
        if i in hidden:
            slide._element.set("show", "0")
    prs.save(str(path))
    return path


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def test_converts_deck_to_pdf(tmp_path: Path) -> None:
    deck = build_deck(tmp_path / "talk.pptx", ["Hello", "Hidden", "World"], hidden=frozenset({1}))
    out = tmp_path / "talk-out.pdf"
    result = run_slidepress("convert", deck, out, "--engine", "builtin")
    assert result.returncode == 0, result.stderr
    assert len(PdfReader(out).pages) == 2
    assert not list(tmp_path.glob("*.partial"))


def test_include_hidden(tmp_path: Path) -> None:
    deck = build_deck(tmp_path / "talk.pptx", ["Hello", "Hidden", "World"], hidden=frozenset({1}))
    out = tmp_path / "all.pdf"
    result = run_slidepress("convert", deck, out, "--include-hidden")
    assert result.returncode == 0, result.stderr
    assert len(PdfReader(out).pages) == 3


def test_target_folder_gets_stem_pdf(tmp_path: Path) -> None:
    deck = build_deck(tmp_path / "quarterly.pptx", ["Q3"])
    outdir = tmp_path / "out"
    outdir.mkdir()
    result = run_slidepress("convert", deck, outdir)
    assert result.returncode == 0, result.stderr
    assert len(PdfReader(outdir / "quarterly.pdf").pages) == 1


def test_missing_source_is_one_clear_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.pptx"
    result = run_slidepress("convert", missing, tmp_path / "x.pdf")
    assert result.returncode == 1
    lines = error_lines(result.stderr)
    assert len(lines) == 1
    assert lines[0].startswith("slidepress: ")
    assert "does not exist" in lines[0] and str(missing) in lines[0]
    assert not (tmp_path / "x.pdf").exists()


def test_not_a_presentation(tmp_path: Path) -> None:
    notes = tmp_path / "notes.pptx"
    notes.write_text("just some text, renamed\n")
    result = run_slidepress("convert", notes, tmp_path / "notes.pdf")
    assert result.returncode == 1
    assert error_lines(result.stderr) == [
        "slidepress: Not a presentation: notes.pptx is neither a .pptx (zip) nor an Office file"
    ]
    assert not (tmp_path / "notes.pdf").exists()


def test_all_hidden_fails_without_output(tmp_path: Path) -> None:
    deck = build_deck(tmp_path / "hidden.pptx", ["A", "B"], hidden=frozenset({0, 1}))
    result = run_slidepress("convert", deck, tmp_path / "hidden.pdf")
    assert result.returncode == 1
    assert error_lines(result.stderr) == [
        "slidepress: No visible slides: all 2 slides are hidden; include hidden slides to convert it"
    ]
    assert not (tmp_path / "hidden.pdf").exists()


def test_unavailable_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deck = build_deck(tmp_path / "d.pptx", ["A"])
    # SLIDEPRESS_SOFFICE names the one soffice to use: a missing one makes LibreOffice unavailable.
    monkeypatch.setenv("SLIDEPRESS_SOFFICE", str(tmp_path / "no-soffice"))
    result = run_slidepress("convert", deck, tmp_path / "d.pdf", "--engine", "libreoffice")
    assert result.returncode == 1
    lines = error_lines(result.stderr)
    assert len(lines) == 1 and "LibreOffice is not installed" in lines[0]
    assert not (tmp_path / "d.pdf").exists()


def test_usage_error_exits_2(tmp_path: Path) -> None:
    result = run_slidepress("convert", tmp_path / "d.pptx")
    assert result.returncode == 2
    assert "usage:" in result.stderr


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_only_on_a_terminal() -> None:
    tty, pipe = FakeTty(), io.StringIO()
    for stream in (tty, pipe):
        line = ProgressLine(stream, "deck.pptx")
        line(1, 2)
        line(2, 2)
        line.finish()
    assert tty.getvalue() == "\rdeck.pptx: slide 1/2\rdeck.pptx: slide 2/2\n"
    assert pipe.getvalue() == ""


def test_run_convert_in_process_reports_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> None:
    # qapp: painting here needs a Gui application; let pytest-qt own it so widget tests still work.
    deck = build_deck(tmp_path / "p.pptx", ["A", "B", "C"])
    stderr = FakeTty()
    monkeypatch.setattr(sys, "stderr", stderr)
    args = argparse.Namespace(source=str(deck), target=str(tmp_path), engine="builtin", include_hidden=False)
    assert run_convert(args) == 0
    assert "p.pptx: slide 3/3" in stderr.getvalue()
    assert len(PdfReader(tmp_path / "p.pdf").pages) == 3


def test_target_path(tmp_path: Path) -> None:
    assert target_path(Path("a/b.pptx"), tmp_path) == tmp_path / "b.pdf"
    assert target_path(Path("a/b.pptx"), tmp_path / "c.pdf") == tmp_path / "c.pdf"


def test_complex_scripts_leave_the_terminal_quiet(tmp_path: Path) -> None:
    """Thai, Tamil and Georgian text sends Qt through its fallback fonts; its per-font notes
    ("OpenType support missing for ...") must not reach the user's terminal."""
    prs = pptx.Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(pptx.util.Inches(1), pptx.util.Inches(1), pptx.util.Inches(8), pptx.util.Inches(2))
    box.text_frame.text = "ภาษาไทย தமிழ் ქართული"
    deck = tmp_path / "scripts.pptx"
    prs.save(str(deck))
    out = tmp_path / "scripts.pdf"
    result = run_slidepress("convert", deck, out)
    assert result.returncode == 0, result.stderr
    assert "ภาษาไทย" in PdfReader(out).pages[0].extract_text()
    assert "qt.text" not in result.stderr and "OpenType" not in result.stderr, result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the file size limit (RLIMIT_FSIZE) is Linux's")
def test_a_write_that_fails_midway_is_one_clear_line_and_leaves_nothing(tmp_path: Path) -> None:
    """Qt's PDF writer ignores failed writes: a full disk used to end in a traceback from reading
    the cut-off file. A file size limit makes the writes fail the same way a full disk does."""
    import resource  # Unix only

    deck = build_deck(tmp_path / "talk.pptx", [f"Slide {n} " + "words " * 40 for n in range(40)])
    out = tmp_path / "out"
    out.mkdir()

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1", HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "worker", "convert", str(deck), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=Path(__file__).resolve().parents[1],
        preexec_fn=limit_file_size,
        check=False,
    )
    assert result.returncode == 1
    assert error_lines(result.stderr) == [f"slidepress: PDF came out incomplete: cannot write the PDF in {out}"]
    assert list(out.iterdir()) == []


def test_a_path_given_alone_opens_the_window_with_it_and_a_typo_stays_a_usage_error(tmp_path: Path) -> None:
    deck = tmp_path / "talk.pptx"
    pptx.Presentation().save(str(deck))
    assert with_command([str(deck), str(tmp_path)]) == ["gui", str(deck), str(tmp_path)]
    assert with_command(["export", str(deck)]) == ["export", str(deck)]
    assert with_command(["exprot", str(deck)]) == ["exprot", str(deck)]  # not a path: argparse says so
    # Every command the parser knows is one with_command leaves in place.
    assert "{" + ",".join(COMMANDS) + "}" in build_parser().format_usage()
    done = run_slidepress("exprot", str(deck))
    assert done.returncode == 2
    assert "invalid choice: 'exprot'" in done.stderr
