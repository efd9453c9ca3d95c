"""The LibreOffice engine: found on each OS, its own profile, checked output, cancel and timeout
kill soffice, per-slide progress through UNO where LibreOffice's Python has it (plain soffice where
not), and `auto` hands legacy .ppt decks to it. Real soffice where installed (CI installs it);
stand-in scripts for the failures soffice does not produce on demand."""

from __future__ import annotations

import logging
import os
import re
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pptx
import pytest
from pypdf import PdfReader
from test_pdf_archive import metadata

from worker.engines import libreoffice_uno
from worker.engines.base import ConvertOptions, ConvertResult, PageLayout, never_cancelled, no_progress
from worker.engines.libreoffice import (
    SOFFICE_ENV,
    LibreOfficeEngine,
    LibreOfficeFailedError,
    LibreOfficeTimeoutError,
    find_soffice,
)
from worker.engines.libreoffice_leftovers import SCRIPT_PIPE_PREFIX, single_office_pipe_name
from worker.engines.registry import AutoEngine, engine_reasons, get_engine
from worker.errors import (
    ConversionCancelled,
    EncryptedDeckError,
    EngineUnavailableError,
    LegacyPptError,
    NoVisibleSlidesError,
)

SOFFICE = find_soffice()
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")


def _has_uno(python: Path | None) -> bool:
    if python is None:
        return False
    probe = subprocess.run([str(python), "-c", "import uno"], capture_output=True, check=False)
    return probe.returncode == 0


UNO_PYTHON = libreoffice_uno.find_uno_python(SOFFICE) if SOFFICE is not None else None
needs_uno = pytest.mark.skipif(
    SOFFICE is None or not _has_uno(UNO_PYTHON), reason="LibreOffice's Python has no uno module (python3-uno)"
)
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
LEGACY_PPT = CORPUS / "bad" / "poi__54880_chinese.ppt"
ENCRYPTED = CORPUS / "bad" / "oxsdk__encrypted_pptx.pptx"


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


def page_texts(pdf: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages]


def fake_soffice(folder: Path, body: str) -> Path:
    """A shell script standing in for soffice (POSIX only)."""
    script = folder / "soffice"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def engine(
    tmp_path: Path, executable: Path | None = None, timeout: float = 120, uno_python: Path | None = None
) -> LibreOfficeEngine:
    return LibreOfficeEngine(
        executable=executable or SOFFICE, profile_root=tmp_path / "profiles", timeout=timeout, uno_python=uno_python
    )


class Progress:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def __call__(self, done: int, total: int) -> None:
        self.calls.append((done, total))


# --- finding soffice -------------------------------------------------------------------------


def test_found_on_path_first() -> None:
    found = find_soffice({}, "linux", lambda name: f"/opt/bin/{name}" if name == "libreoffice" else None)
    assert found == Path("/opt/bin/libreoffice")


def test_found_in_windows_program_files(tmp_path: Path) -> None:
    exe = tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe"
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"MZ")
    found = find_soffice({"ProgramFiles": str(tmp_path / "Program Files")}, "win32", lambda name: None)
    assert found == exe


def test_mac_and_windows_defaults_are_the_usual_folders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from worker.engines import libreoffice

    assert r"C:\Program Files\LibreOffice\program\soffice.exe" in libreoffice.WINDOWS_CANDIDATES
    assert "/Applications/LibreOffice.app/Contents/MacOS/soffice" in libreoffice.MAC_CANDIDATES
    app = tmp_path / "LibreOffice.app" / "Contents" / "MacOS" / "soffice"
    app.parent.mkdir(parents=True)
    app.write_bytes(b"")
    monkeypatch.setattr(libreoffice, "MAC_CANDIDATES", (str(app),))
    assert find_soffice({}, "darwin", lambda name: None) == app


def test_unavailable_with_a_reason(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "no-such-soffice"))
    reason = engine_reasons()["libreoffice"]
    assert reason is not None and "not installed" in reason and "\n" not in reason
    with pytest.raises(EngineUnavailableError, match="not installed"):
        get_engine("libreoffice")
    missing = LibreOfficeEngine(executable=tmp_path / "gone", profile_root=tmp_path)
    assert missing.available() is not None
    with pytest.raises(EngineUnavailableError):
        missing.convert(tmp_path / "x.pptx", tmp_path / "x.pdf", ConvertOptions(), no_progress, never_cancelled)


# --- real conversions ------------------------------------------------------------------------


@needs_soffice
def test_converts_visible_slides_with_own_profile(tmp_path: Path) -> None:
    deck = build_deck(tmp_path / "talk.pptx", ["Hello", "Secret", "World"], hidden=frozenset({1}))
    out = tmp_path / "out"
    out.mkdir()
    progress = Progress()
    eng = engine(tmp_path)
    result = eng.convert(deck, out / "talk.pdf", ConvertOptions(), progress, never_cancelled)
    assert result == ConvertResult(slides=2, engine="libreoffice", warnings=[])
    assert page_texts(out / "talk.pdf") == ["Hello", "World"]
    # Per slide through UNO, (0, 2) then (2, 2) without it: either way it only goes up, to the end.
    assert progress.calls[0] == (0, 2) and progress.calls[-1] == (2, 2)
    assert [done for done, _ in progress.calls] == sorted({done for done, _ in progress.calls})
    assert sorted(p.name for p in out.iterdir()) == ["talk.pdf"]  # no temp folder or partial file left
    assert (tmp_path / "profiles" / f"profile-{os.getpid()}" / "user").is_dir()


@needs_soffice
def test_include_hidden(tmp_path: Path) -> None:
    deck = build_deck(tmp_path / "talk.pptx", ["Hello", "Secret", "World"], hidden=frozenset({1}))
    result = engine(tmp_path).convert(
        deck, tmp_path / "all.pdf", ConvertOptions(include_hidden=True), no_progress, never_cancelled
    )
    assert result.slides == 3
    assert page_texts(tmp_path / "all.pdf") == ["Hello", "Secret", "World"]


@needs_soffice
@pytest.mark.parametrize("route", ["uno", "plain"])
def test_pdf_a_asks_libreoffice_for_pdf_a_2b(tmp_path: Path, route: str) -> None:
    if route == "uno" and not _has_uno(UNO_PYTHON):
        pytest.skip("LibreOffice's Python has no uno module (python3-uno)")
    # Our own Python has no uno: the engine falls back to plain soffice and its filter options.
    eng = engine(tmp_path, uno_python=UNO_PYTHON if route == "uno" else Path(sys.executable))
    deck = build_deck(tmp_path / "talk.pptx", ["Kept", "For ever"])
    target = tmp_path / "archive.pdf"
    result = eng.convert(deck, target, ConvertOptions(pdf_a=True), no_progress, never_cancelled)
    assert result.slides == 2
    packet = metadata(target)
    assert re.search(rb"pdfaid:part(>|=\")2", packet), packet[:400]
    plain = tmp_path / "plain.pdf"
    eng.convert(deck, plain, ConvertOptions(), no_progress, never_cancelled)
    assert b"pdfaid" not in metadata(plain)


def test_all_hidden_is_no_visible_slides_without_running_soffice(tmp_path: Path) -> None:
    deck = build_deck(tmp_path / "hidden.pptx", ["A", "B"], hidden=frozenset({0, 1}))
    marker = tmp_path / "ran"
    never = fake_soffice(tmp_path, f"touch {marker}")
    with pytest.raises(NoVisibleSlidesError):
        engine(tmp_path, never).convert(deck, tmp_path / "h.pdf", ConvertOptions(), no_progress, never_cancelled)
    assert not marker.exists() and not (tmp_path / "h.pdf").exists()


@pytest.mark.skipif(not ENCRYPTED.exists(), reason="corpus not found")
def test_encrypted_deck_is_refused_before_soffice(tmp_path: Path) -> None:
    never = fake_soffice(tmp_path, "exit 0")
    with pytest.raises(EncryptedDeckError):
        engine(tmp_path, never).convert(ENCRYPTED, tmp_path / "e.pdf", ConvertOptions(), no_progress, never_cancelled)


@needs_soffice
def test_two_processes_convert_at_once(tmp_path: Path) -> None:
    """Each process has its own profile, so two soffice at once both write their PDF."""
    decks = [build_deck(tmp_path / f"d{i}.pptx", [f"Deck {i}"]) for i in range(2)]
    code = (
        "import sys; from pathlib import Path;"
        "from worker.engines.libreoffice import LibreOfficeEngine;"
        "from worker.engines.base import ConvertOptions, no_progress, never_cancelled;"
        "e = LibreOfficeEngine(profile_root=Path(sys.argv[3]));"
        "print(e.convert(Path(sys.argv[1]), Path(sys.argv[2]), ConvertOptions(), no_progress, never_cancelled))"
    )
    repo = Path(__file__).resolve().parents[1]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(d), str(d.with_suffix(".pdf")), str(tmp_path / "profiles")], cwd=repo
        )
        for d in decks
    ]
    assert [p.wait(timeout=180) for p in procs] == [0, 0]
    assert [page_texts(d.with_suffix(".pdf")) for d in decks] == [["Deck 0"], ["Deck 1"]]
    assert len(list((tmp_path / "profiles").glob("profile-*"))) == 2


@needs_soffice
@pytest.mark.skipif(not LEGACY_PPT.exists(), reason="corpus not found")
def test_auto_hands_legacy_ppt_to_libreoffice(tmp_path: Path) -> None:
    with pytest.raises(LegacyPptError):
        get_engine("builtin").convert(LEGACY_PPT, tmp_path / "b.pdf", ConvertOptions(), no_progress, never_cancelled)
    auto = get_engine("auto")
    assert isinstance(auto, AutoEngine)
    auto.libreoffice.profile_root = tmp_path / "profiles"  # type: ignore[attr-defined]
    result = auto.convert(LEGACY_PPT, tmp_path / "a.pdf", ConvertOptions(), no_progress, never_cancelled)
    assert result.engine == "libreoffice" and result.slides >= 1
    assert len(PdfReader(tmp_path / "a.pdf").pages) == result.slides


def test_auto_uses_builtin_for_pptx(tmp_path: Path) -> None:
    deck = build_deck(tmp_path / "talk.pptx", ["Hello"])
    result = get_engine("auto").convert(deck, tmp_path / "t.pdf", ConvertOptions(), no_progress, never_cancelled)
    assert result.engine == "builtin"
    assert page_texts(tmp_path / "t.pdf") == ["Hello"]


@pytest.mark.skipif(not LEGACY_PPT.exists(), reason="corpus not found")
def test_auto_without_libreoffice_keeps_the_legacy_error(tmp_path: Path) -> None:
    from worker.engines.builtin import BuiltinEngine

    auto = AutoEngine(BuiltinEngine(), lambda: LibreOfficeEngine(executable=tmp_path / "gone", profile_root=tmp_path))
    with pytest.raises(LegacyPptError):
        auto.convert(LEGACY_PPT, tmp_path / "a.pdf", ConvertOptions(), no_progress, never_cancelled)


# --- failures soffice does not produce on demand ---------------------------------------------

posix_only = pytest.mark.skipif(os.name != "posix", reason="stand-in soffice is a shell script")


@posix_only
def test_exit_zero_without_pdf_is_an_error(tmp_path: Path) -> None:
    deck = build_deck(tmp_path / "talk.pptx", ["Hello"])
    silent = fake_soffice(tmp_path, "echo 'Error: source file could not be loaded'; exit 0")
    with pytest.raises(LibreOfficeFailedError, match="source file could not be loaded"):
        engine(tmp_path, silent).convert(deck, tmp_path / "t.pdf", ConvertOptions(), no_progress, never_cancelled)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf" or p.name.startswith(".")) == []


@posix_only
def test_garbage_pdf_is_an_error(tmp_path: Path) -> None:
    deck = build_deck(tmp_path / "talk.pptx", ["Hello"])
    # The last argument is the deck; --outdir's value comes two before it.
    broken = fake_soffice(tmp_path, 'for a; do prev2=$prev; prev=$a; done; echo junk > "$prev2/talk.pdf"')
    with pytest.raises(LibreOfficeFailedError, match="unreadable PDF"):
        engine(tmp_path, broken).convert(deck, tmp_path / "t.pdf", ConvertOptions(), no_progress, never_cancelled)
    assert not (tmp_path / "t.pdf").exists()


def _hanging_soffice(tmp_path: Path) -> tuple[Path, Path]:
    """A launcher that starts a child (like soffice → soffice.bin) and both hang; pids noted."""
    pids = tmp_path / "pids"
    script = fake_soffice(tmp_path, f"sleep 300 & echo $! >> {pids}; echo $$ >> {pids}; wait")
    return script, pids


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purpose.
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "zombie" in status.read_text())


@posix_only
def test_cancel_kills_soffice_and_its_child(tmp_path: Path) -> None:
    deck = build_deck(tmp_path / "talk.pptx", ["Hello"])
    script, pids = _hanging_soffice(tmp_path)
    stop = threading.Event()
    threading.Timer(1.0, stop.set).start()
    started = time.monotonic()
    with pytest.raises(ConversionCancelled):
        engine(tmp_path, script).convert(deck, tmp_path / "t.pdf", ConvertOptions(), no_progress, stop.is_set)
    assert time.monotonic() - started < 15
    noted = [int(p) for p in pids.read_text().split()]
    assert len(noted) == 2
    deadline = time.monotonic() + 5
    while any(_alive(p) for p in noted) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(p) for p in noted)
    assert not (tmp_path / "t.pdf").exists() and not list(tmp_path.glob(".t.pdf*"))
    assert not (tmp_path / "profiles" / f"out-{os.getpid()}").exists()


@posix_only
def test_timeout_kills_soffice(tmp_path: Path) -> None:
    deck = build_deck(tmp_path / "talk.pptx", ["Hello"])
    script, pids = _hanging_soffice(tmp_path)
    with pytest.raises(LibreOfficeTimeoutError, match="longer than 1 s"):
        engine(tmp_path, script, timeout=1).convert(
            deck, tmp_path / "t.pdf", ConvertOptions(), no_progress, never_cancelled
        )
    time.sleep(0.2)
    assert not any(_alive(int(p)) for p in pids.read_text().split())


@posix_only
def test_stale_profiles_of_dead_processes_are_removed(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / "profiles" / f"profile-{dead.pid}"
    stale_out = tmp_path / "profiles" / f"out-{dead.pid}"
    mine = tmp_path / "profiles" / f"profile-{os.getpid()}"
    for folder in (stale, stale_out, mine):
        (folder / "user").mkdir(parents=True)
    deck = build_deck(tmp_path / "talk.pptx", ["Hello"])
    silent = fake_soffice(tmp_path, "exit 0")
    with pytest.raises(LibreOfficeFailedError):
        engine(tmp_path, silent).convert(deck, tmp_path / "t.pdf", ConvertOptions(), no_progress, never_cancelled)
    assert not stale.exists() and not stale_out.exists() and mine.exists()


def _notes_deck(path: Path, count: int) -> None:
    """A deck of ``count`` titled slides, each with notes."""
    prs = pptx.Presentation()
    for i in range(count):
        slide = prs.slides.add_slide(prs.slide_layouts[0])
        assert slide.shapes.title is not None
        slide.shapes.title.text_frame.text = f"Slide {i + 1}"
        notes = slide.notes_slide.notes_text_frame
        assert notes is not None
        notes.text = f"Notes for {i + 1}"
    prs.save(str(path))


@needs_soffice
def test_notes_pages(tmp_path: Path) -> None:
    _notes_deck(tmp_path / "notes.pptx", 2)
    options = ConvertOptions(layout=PageLayout.NOTES)
    deck, out = tmp_path / "notes.pptx", tmp_path / "n.pdf"
    result = engine(tmp_path).convert(deck, out, options, no_progress, never_cancelled)
    assert result.slides == 2
    page = PdfReader(tmp_path / "n.pdf").pages[0]
    assert float(page.mediabox.height) > float(page.mediabox.width)  # notes paper, not the slide
    texts = page_texts(out)
    assert len(texts) == 2 and all(f"Notes for {n}" in t for n, t in zip((1, 2), texts, strict=True)), texts


def test_handouts_are_refused(tmp_path: Path) -> None:
    deck = build_deck(tmp_path / "talk.pptx", ["Hello"])
    never = fake_soffice(tmp_path, "exit 0") if os.name == "posix" else tmp_path
    options = ConvertOptions(layout=PageLayout.HANDOUT_6)
    with pytest.raises(EngineUnavailableError, match="handouts"):
        engine(tmp_path, never).convert(deck, tmp_path / "h.pdf", options, no_progress, never_cancelled)


# --- per-slide progress through UNO, and the plain fallback -----------------------------------


def busy_deck(path: Path, slides: int, boxes: int) -> Path:
    """Slides full of text boxes: LibreOffice takes a while per slide, so a cancel lands mid-export."""
    prs = pptx.Presentation()
    for i in range(slides):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        for k in range(boxes):
            left, top = pptx.util.Inches((k % 10) * 0.95), pptx.util.Inches((k // 10) * 0.7)
            box = slide.shapes.add_textbox(left, top, pptx.util.Inches(0.9), pptx.util.Inches(0.6))
            box.text_frame.text = f"Slide {i + 1} box {k}"
    prs.save(str(path))
    return path


def _script_pipes() -> list[Path]:
    """The UNO script's sockets in /tmp, of every process (their names carry the script's pid)."""
    return list(Path("/tmp").glob(f"OSL_PIPE_{os.getuid()}_{SCRIPT_PIPE_PREFIX}*"))


def soffice_running_with(profile: Path) -> list[int]:
    """Pids of processes whose command line names this profile (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cmdline = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
            except OSError:
                continue
            if str(profile) in cmdline and _alive(int(entry.name)):
                found.append(int(entry.name))
    return found


@needs_uno
def test_progress_steps_through_every_visible_slide(tmp_path: Path) -> None:
    titles = [f"Title {n}" for n in range(1, 9)]
    deck = build_deck(tmp_path / "eight.pptx", titles, hidden=frozenset({2, 5}))
    progress = Progress()
    result = engine(tmp_path).convert(deck, tmp_path / "e.pdf", ConvertOptions(), progress, never_cancelled)
    assert result == ConvertResult(slides=6, engine="libreoffice", warnings=[])
    # LibreOffice draws all 8 slides; the two hidden ones add no page, so they add no step.
    assert progress.calls == [(done, 6) for done in range(7)]
    assert page_texts(tmp_path / "e.pdf") == [t for i, t in enumerate(titles) if i not in (2, 5)]

    progress = Progress()
    options = ConvertOptions(include_hidden=True)
    result = engine(tmp_path).convert(deck, tmp_path / "all.pdf", options, progress, never_cancelled)
    assert result.slides == 8
    assert progress.calls == [(done, 8) for done in range(9)]
    assert page_texts(tmp_path / "all.pdf") == titles


@needs_uno
def test_notes_pages_progress_per_slide(tmp_path: Path) -> None:
    _notes_deck(tmp_path / "notes.pptx", 3)
    progress = Progress()
    options = ConvertOptions(layout=PageLayout.NOTES)
    result = engine(tmp_path).convert(tmp_path / "notes.pptx", tmp_path / "n.pdf", options, progress, never_cancelled)
    assert result.slides == 3 and progress.calls == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert all(f"Notes for {n}" in t for n, t in zip((1, 2, 3), page_texts(tmp_path / "n.pdf"), strict=True))


@needs_uno
@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="finds soffice through /proc")
def test_cancel_midway_through_the_export_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user_temp = tmp_path / "user-temp"  # where the user's TMPDIR points
    user_temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(user_temp))
    pipes_before = set(_script_pipes())
    deck = busy_deck(tmp_path / "busy.pptx", slides=80, boxes=40)
    stop = threading.Event()
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        if 0 < done < total:
            stop.set()  # the first slide is in the PDF, the last is not: cancel now

    eng = engine(tmp_path)
    with pytest.raises(ConversionCancelled):
        eng.convert(deck, tmp_path / "busy.pdf", ConvertOptions(), progress, stop.is_set)
    assert stop.is_set() and calls[-1][0] < 80, calls
    assert not (tmp_path / "busy.pdf").exists() and not list(tmp_path.glob(".busy.pdf*"))
    assert not (tmp_path / "profiles" / f"out-{os.getpid()}").exists()
    deadline = time.monotonic() + 5
    while soffice_running_with(eng.profile_dir) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert soffice_running_with(eng.profile_dir) == []
    # Nothing of the killed soffice in the user's temp folder or among /tmp's sockets.
    assert list(user_temp.iterdir()) == [] and not eng.temp_dir.exists()
    office_pipe = Path("/tmp") / f"OSL_PIPE_{os.getuid()}_{single_office_pipe_name(eng.profile_url)}"
    assert not office_pipe.exists()
    assert [p for p in set(_script_pipes()) - pipes_before if not _alive(int(p.name.split("-")[1]))] == []
    # The killed soffice left its profile behind; the next deck still converts with it.
    small = build_deck(tmp_path / "next.pptx", ["Next", "Deck"])
    progress = Progress()
    assert eng.convert(small, tmp_path / "next.pdf", ConvertOptions(), progress, never_cancelled).slides == 2
    assert progress.calls == [(0, 2), (1, 2), (2, 2)] and page_texts(tmp_path / "next.pdf") == ["Next", "Deck"]


@needs_soffice
def test_python_without_uno_falls_back_to_plain_soffice(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    if _has_uno(Path(sys.executable)):
        pytest.skip("this test's Python has uno")
    caplog.set_level(logging.INFO, logger="worker.engines.libreoffice")
    deck = build_deck(tmp_path / "talk.pptx", ["Hello", "Secret", "World"], hidden=frozenset({1}))
    eng = engine(tmp_path, uno_python=Path(sys.executable))
    for name in ("one.pdf", "two.pdf"):
        progress = Progress()
        result = eng.convert(deck, tmp_path / name, ConvertOptions(), progress, never_cancelled)
        assert result == ConvertResult(slides=2, engine="libreoffice", warnings=[])
        assert progress.calls == [(0, 2), (2, 2)]  # coarse, as documented
        assert page_texts(tmp_path / name) == ["Hello", "World"]
    # Asked once: the second deck goes straight to plain soffice.
    assert sum("has no uno module" in r.getMessage() for r in caplog.records) == 1


def fake_python(folder: Path, body: str) -> Path:
    """A shell script standing in for LibreOffice's Python running the UNO script (POSIX only)."""
    script = folder / "fake-python"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@needs_soffice
@posix_only
def test_uno_route_failing_falls_back_to_plain_soffice(tmp_path: Path) -> None:
    deck = build_deck(tmp_path / "talk.pptx", ["Hello", "World"])
    broken = fake_python(tmp_path, "echo 'error connect soffice did not answer'; exit 4")
    progress = Progress()
    result = engine(tmp_path, uno_python=broken).convert(
        deck, tmp_path / "t.pdf", ConvertOptions(), progress, never_cancelled
    )
    assert result.slides == 2 and page_texts(tmp_path / "t.pdf") == ["Hello", "World"]
    assert progress.calls == [(0, 2), (2, 2)]


@posix_only
def test_deck_libreoffice_cannot_open_fails_without_a_second_try(tmp_path: Path) -> None:
    deck = build_deck(tmp_path / "talk.pptx", ["Hello"])
    marker = tmp_path / "plain-ran"
    never = fake_soffice(tmp_path, f"touch {marker}")
    refusing = fake_python(tmp_path, "echo 'page 0 1'; echo 'error load General input/output error'; exit 5")
    with pytest.raises(LibreOfficeFailedError, match="cannot open the deck: General input/output error"):
        engine(tmp_path, never, uno_python=refusing).convert(
            deck, tmp_path / "t.pdf", ConvertOptions(), no_progress, never_cancelled
        )
    assert not marker.exists() and not (tmp_path / "t.pdf").exists()


def test_uno_python_is_the_one_shipped_with_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "opt" / "libreoffice" / "program"
    program.mkdir(parents=True)
    soffice = program / "soffice"
    soffice.write_bytes(b"")
    monkeypatch.setattr(libreoffice_uno, "LINUX_SYSTEM_PYTHON", tmp_path / "usr-bin-python3")
    assert libreoffice_uno.find_uno_python(soffice, "linux") is None
    (tmp_path / "usr-bin-python3").write_bytes(b"")  # a distribution's soffice: the system python3
    assert libreoffice_uno.find_uno_python(soffice, "linux") == tmp_path / "usr-bin-python3"
    (program / "python").write_bytes(b"")  # The Document Foundation's build: its own python first
    assert libreoffice_uno.find_uno_python(soffice, "linux") == program / "python"
    (program / "python.exe").write_bytes(b"")
    assert libreoffice_uno.find_uno_python(program / "soffice.exe", "win32") == program / "python.exe"
    app = tmp_path / "LibreOffice.app" / "Contents"
    (app / "MacOS").mkdir(parents=True)
    (app / "Resources").mkdir()
    (app / "Resources" / "python").write_bytes(b"")
    assert libreoffice_uno.find_uno_python(app / "MacOS" / "soffice", "darwin") == app / "Resources" / "python"


def test_script_output_lines() -> None:
    report = libreoffice_uno.ScriptReport()
    assert report.read("page 3 7\n") == (3, 7)
    assert report.read("Warning: failed to launch javaldx") is None
    assert report.read("error export Disk full") is None
    assert (report.done, report.total, report.error_stage, report.error) == (3, 7, "export", "Disk full")


@needs_soffice
@pytest.mark.parametrize("route", ["uno", "plain"])
def test_lossless_pictures_keep_exact_pixels(tmp_path: Path, route: str) -> None:
    """LibreOffice writes a photograph stored as PNG as its own JPEG; with the option, as lossless
    pixels at full size (UseLosslessCompression, no ReduceImageResolution), through either route."""
    from photo_support import photo_deck, photo_pixels
    from test_picture_jpeg import _only_image, _pixels_in_pdf

    if route == "plain" and _has_uno(Path(sys.executable)):
        pytest.skip("this test's Python has uno")
    deck = photo_deck(tmp_path / "photo.pptx")
    eng = engine(tmp_path, uno_python=Path(sys.executable) if route == "plain" else None)
    if route == "uno" and eng.uno_python is None:
        pytest.skip("no Python with uno next to LibreOffice")
    eng.convert(deck, tmp_path / "plain.pdf", ConvertOptions(), no_progress, never_cancelled)
    eng.convert(deck, tmp_path / "kept.pdf", ConvertOptions(lossless_pictures=True), no_progress, never_cancelled)
    assert _only_image(tmp_path / "plain.pdf")["/Filter"] == "/DCTDecode"
    assert _only_image(tmp_path / "kept.pdf")["/Filter"] == "/FlateDecode"
    assert np.array_equal(_pixels_in_pdf(tmp_path / "kept.pdf"), photo_pixels())
