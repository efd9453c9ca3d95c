"""The LibreOffice engine: ``soffice --headless --convert-to pdf`` in a child process.

Facts this is built on (DESIGN.md): two soffice processes sharing one profile make the second
exit 0 without a PDF, so each converting process gets its own ``-env:UserInstallation``; the exit
status is never trusted, the file is checked; a deck whose slides are all hidden also gives exit 0
and no PDF, so the deck is looked at first.

Progress: soffice reports nothing per page on the command line, and exporting page ranges one at a
time costs a full load per range. So progress is honest but coarse: ``(0, n)`` when soffice starts,
``(n, n)`` when the PDF is there.

Notes pages come from the PDF filter's ExportOnlyNotesPages; it has no handouts, so those are refused.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from worker.engines.base import CancelledFn, ConvertOptions, ConvertResult, PageLayout, ProgressFn
from worker.errors import (
    ConversionCancelled,
    EngineUnavailableError,
    ErrorKind,
    LegacyPptError,
    OutputError,
    PermanentError,
    UnreadableFileError,
)

log = logging.getLogger(__name__)

WINDOWS_CANDIDATES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
MAC_CANDIDATES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "~/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
# Not in the contract: points Slidepress at one particular soffice (portable installs, tests).
SOFFICE_ENV = "SLIDEPRESS_SOFFICE"
DEFAULT_TIMEOUT = 600.0
POLL_SECONDS = 0.1


class LibreOfficeFailedError(PermanentError):
    """soffice ran but wrote no usable PDF: the same deck fails the same way again."""

    kind = ErrorKind.CORRUPT


class LibreOfficeTimeoutError(PermanentError):
    kind = ErrorKind.TIMEOUT


def find_soffice(
    environ: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    which: Callable[[str], str | None] = shutil.which,
) -> Path | None:
    """The soffice executable: $SLIDEPRESS_SOFFICE, then PATH, then the usual install folders."""
    env = os.environ if environ is None else environ
    explicit = env.get(SOFFICE_ENV)
    if explicit:
        candidate = Path(explicit).expanduser()
        return candidate if candidate.is_file() else None
    for name in ("soffice", "libreoffice"):
        found = which(name)
        if found:
            return Path(found)
    if platform == "win32":
        bases = [env.get("ProgramFiles"), env.get("ProgramFiles(x86)"), env.get("ProgramW6432")]
        folders = [str(Path(b) / "LibreOffice" / "program" / "soffice.exe") for b in bases if b]
        candidates: tuple[str, ...] = (*folders, *WINDOWS_CANDIDATES)
    elif platform == "darwin":
        candidates = MAC_CANDIDATES
    else:
        candidates = ("/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice")
    for text in candidates:
        candidate = Path(text).expanduser()
        if candidate.is_file():
            return candidate
    return None


@dataclass(frozen=True)
class DeckCheck:
    """What is known about a deck before soffice sees it."""

    slides: int | None  # None for a legacy .ppt: only LibreOffice reads it


def check_deck(source: Path, include_hidden: bool) -> DeckCheck:
    """Refuse what LibreOffice would silently mishandle (exit 0, no PDF or a blank page): no visible
    slides, encrypted, corrupt, not a deck. A legacy .ppt passes: LibreOffice converts it."""
    from worker.deck.package import open_deck

    try:
        deck = open_deck(source)
    except LegacyPptError:
        return DeckCheck(slides=None)
    return DeckCheck(slides=len(deck.slides(include_hidden)))


def _pdf_filter(include_hidden: bool, notes: bool) -> str:
    """The --convert-to argument: JSON filter options (LibreOffice 7.4+; older ones ignore them)."""
    options = {"ExportHiddenSlides": include_hidden, "ExportNotesPages": notes, "ExportOnlyNotesPages": notes}
    fields = ",".join(f'"{k}":{{"type":"boolean","value":"{str(v).lower()}"}}' for k, v in options.items())
    return "pdf:impress_pdf_Export:{" + fields + "}"


def _pid_alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # no cheap, safe check here: keep the profile
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class LibreOfficeEngine:
    name = "libreoffice"

    def __init__(
        self,
        executable: Path | None = None,
        profile_root: Path | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.executable = executable if executable is not None else find_soffice()
        if profile_root is None:
            from worker.paths import data_dir

            profile_root = data_dir() / "libreoffice"
        self.profile_root = profile_root
        self.timeout = timeout

    def available(self) -> str | None:
        if self.executable is None:
            return "LibreOffice is not installed (no soffice on PATH or in the usual install folders)"
        if not self.executable.is_file():
            return f"LibreOffice is not installed: {self.executable} is missing"
        return None

    @property
    def profile_dir(self) -> Path:
        """One profile per converting process: two soffice sharing one make the second fail."""
        return self.profile_root / f"profile-{os.getpid()}"

    def convert(
        self,
        source: Path,
        target: Path,
        options: ConvertOptions,
        progress: ProgressFn,
        cancelled: CancelledFn,
    ) -> ConvertResult:
        reason = self.available()
        if reason is not None:
            raise EngineUnavailableError(reason)
        assert self.executable is not None
        source, target = Path(source), Path(target)
        if not source.is_file():
            raise UnreadableFileError(f"File not found: {source}")
        if not target.parent.is_dir():
            raise OutputError(f"The output folder does not exist: {target.parent}")
        if options.layout.handout_slides is not None:
            # LibreOffice's PDF export has no handout pages; a slides PDF would not be what was asked.
            raise EngineUnavailableError("LibreOffice cannot write handouts: choose the built-in engine")
        warnings: list[str] = []
        check = check_deck(source, options.include_hidden)
        expected = check.slides
        progress(0, expected or 1)
        self._prune_profiles()
        # soffice names its output after the deck, so it writes into a folder of this process's own,
        # beside the profile; the PDF then goes to a temp name beside the target (the same name
        # pattern as the built-in engine's, which the pool cleans up) and is renamed into place.
        outdir = self.profile_root / f"out-{os.getpid()}"
        partial = target.with_name(f".{target.name}.partial")
        shutil.rmtree(outdir, ignore_errors=True)
        try:
            outdir.mkdir(parents=True)
            produced = self._run(source, outdir, options, cancelled)
            pages = _count_pages(produced)
            if expected is not None and pages != expected:
                warnings.append(f"LibreOffice wrote {pages} pages for {expected} slides")
            shutil.move(produced, partial)
            partial.replace(target)  # same folder: atomic, never a partial PDF under the final name
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise OutputError(f"Cannot write the PDF: {exc.strerror or exc}") from exc
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        finally:
            shutil.rmtree(outdir, ignore_errors=True)
        progress(pages, pages)
        return ConvertResult(slides=pages, engine=self.name, warnings=warnings)

    def _command(self, source: Path, outdir: Path, options: ConvertOptions) -> list[str]:
        assert self.executable is not None
        return [
            str(self.executable),
            f"-env:UserInstallation={self.profile_dir.resolve().as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nodefault",
            "--nologo",
            "--nolockcheck",
            "--convert-to",
            _pdf_filter(options.include_hidden, options.layout is PageLayout.NOTES),
            "--outdir",
            str(outdir),
            str(source.resolve()),
        ]

    def _run(self, source: Path, outdir: Path, options: ConvertOptions, cancelled: CancelledFn) -> Path:
        command = self._command(source, outdir, options)
        log.debug("running %s", command)
        self.profile_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile("w+b") as output:
            proc = _spawn(command, output)
            started = time.monotonic()
            try:
                while proc.poll() is None:
                    if cancelled():
                        raise ConversionCancelled()
                    if time.monotonic() - started > self.timeout:
                        raise LibreOfficeTimeoutError(f"LibreOffice took longer than {self.timeout:g} s")
                    time.sleep(POLL_SECONDS)
            finally:
                if proc.poll() is None:
                    _kill_tree(proc)
            output.seek(0)
            text = output.read().decode("utf-8", "replace")
        log.debug("soffice exit %s in %.1f s: %s", proc.returncode, time.monotonic() - started, text.strip())
        pdfs = sorted(outdir.glob("*.pdf"))
        if not pdfs or pdfs[0].stat().st_size == 0:
            # Exit 0 with no PDF happens (a shared profile, an unreadable deck): say what soffice said.
            said = _last_error_line(text)
            detail = f": {said}" if said else f" (exit status {proc.returncode})"
            raise LibreOfficeFailedError(f"LibreOffice wrote no PDF{detail}")
        if proc.returncode != 0:
            log.warning("soffice exited %s but wrote %s", proc.returncode, pdfs[0].name)
        return pdfs[0]

    def _prune_profiles(self) -> None:
        """Remove the profiles (each ~10 MB) and output folders of processes that are gone."""
        if not self.profile_root.is_dir():
            return
        for entry in self.profile_root.iterdir():
            kind, _, pid_text = entry.name.partition("-")
            if kind not in ("profile", "out") or not pid_text.isdigit() or int(pid_text) == os.getpid():
                continue
            if not _pid_alive(int(pid_text)):
                log.debug("removing stale LibreOffice folder %s", entry)
                shutil.rmtree(entry, ignore_errors=True)


def _spawn(command: list[str], output: IO[bytes]) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    # Our Qt settings must not steer LibreOffice's own Qt plugin, if it has one.
    env.pop("QT_QPA_PLATFORM", None)
    if sys.platform == "win32":
        flags = subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.CREATE_NO_WINDOW
        return subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT, env=env, creationflags=flags
        )
    # Its own process group: a cancel kills soffice.bin, the launcher's child, too.
    return subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT, env=env, start_new_session=True
    )


def _kill_tree(proc: subprocess.Popen[bytes]) -> None:
    """soffice is a launcher with soffice.bin as its child: kill both."""
    if os.name == "posix":
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    else:
        subprocess.run(
            ["taskkill", "/PID", str(proc.pid), "/T", "/F"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    with contextlib.suppress(OSError):
        proc.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


def _count_pages(pdf: Path) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return len(PdfReader(pdf).pages)
    except (PdfReadError, ValueError, OSError) as exc:
        raise LibreOfficeFailedError(f"LibreOffice wrote an unreadable PDF: {exc}") from exc


def _last_error_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    return (errors or lines or [""])[-1][:200]
