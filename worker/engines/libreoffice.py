"""The LibreOffice engine: soffice in a child process, with per-slide progress where it can.

Facts this is built on (DESIGN.md): two soffice processes sharing one profile make the second
exit 0 without a PDF, so each converting process gets its own ``-env:UserInstallation``; the exit
status is never trusted, the file is checked; a deck whose slides are all hidden also gives exit 0
and no PDF, so the deck is looked at first.

Progress: ``soffice --convert-to`` reports nothing per page, and exporting page ranges one at a time
costs a full load per range. So where LibreOffice's Python has the ``uno`` module (see
``libreoffice_uno``), the export runs through ``libreoffice_uno_script.py``, which passes a status
indicator to the PDF filter and prints a line per slide drawn; those become ``progress(i, n)``.
Where it has not, or that route fails for any reason but an unreadable deck, the plain
``soffice --convert-to pdf`` runs instead and progress is coarse: ``(0, n)`` at the start, ``(n, n)``
when the PDF is there. Both routes write into the same per-process folder and are checked alike.

Notes pages come from the PDF filter's ExportOnlyNotesPages; it has no handouts, so those are refused.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from worker.engines import libreoffice_leftovers, libreoffice_uno
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
from worker.output_failures import output_error
from worker.outputs import FOLDER_MISSING, cannot_write_in

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
# impress_pdf_Export's SelectPdfVersion for PDF/A-2b (1 is PDF/A-1b, 3 PDF/A-3b), as the built-in
# engine writes.
LIBREOFFICE_PDF_A2 = 2
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


def _pdf_filter(include_hidden: bool, notes: bool, *, pdf_a: bool = False, lossless_pictures: bool = False) -> str:
    """The --convert-to argument: JSON filter options (LibreOffice 7.4+; older ones ignore them)."""
    options = {"ExportHiddenSlides": include_hidden, "ExportNotesPages": notes, "ExportOnlyNotesPages": notes}
    options.update(lossless_filter_options(lossless_pictures))
    fields = [f'"{k}":{{"type":"boolean","value":"{str(v).lower()}"}}' for k, v in options.items()]
    if pdf_a:
        fields.append(f'"SelectPdfVersion":{{"type":"long","value":"{LIBREOFFICE_PDF_A2}"}}')
    return "pdf:impress_pdf_Export:{" + ",".join(fields) + "}"


def lossless_filter_options(lossless_pictures: bool) -> dict[str, bool]:
    """LibreOffice's PDF filter options for ConvertOptions.lossless_pictures: none by default (its
    own JPEG at quality 90, pictures reduced to 300 dpi); lossless pictures at full resolution with it."""
    return {"UseLosslessCompression": True, "ReduceImageResolution": False} if lossless_pictures else {}


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


class _UnoRouteFailed(Exception):
    """The UNO route did not produce a PDF for a reason the plain command may not share."""

    def __init__(self, message: str, expected: bool = False) -> None:
        super().__init__(message)
        self.expected = expected  # a Python without uno: normal where python3-uno is not installed


class LibreOfficeEngine:
    name = "libreoffice"

    def __init__(
        self,
        executable: Path | None = None,
        profile_root: Path | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        uno_python: Path | None = None,
    ) -> None:
        """``uno_python``: the Python that runs the UNO export script; found beside soffice if None."""
        self.executable = executable if executable is not None else find_soffice()
        if profile_root is None:
            from worker.paths import data_dir

            profile_root = data_dir() / "libreoffice"
        self.profile_root = profile_root
        self.timeout = timeout
        if uno_python is None and self.executable is not None and self.executable.is_file():
            uno_python = libreoffice_uno.find_uno_python(self.executable)
        self.uno_python = uno_python
        self._uno_missing = False  # the script said this Python has no uno: do not ask again

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

    @property
    def temp_dir(self) -> Path:
        """soffice's TMPDIR: what a killed soffice leaves there goes with the folder."""
        return self.profile_root / f"tmp-{os.getpid()}"

    @property
    def profile_url(self) -> str:
        return self.profile_dir.resolve().as_uri()

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
            raise OutputError(
                f"{FOLDER_MISSING}: {target.parent} does not exist; check where it goes or choose another"
            )
        if options.layout.handout_slides is not None:
            # LibreOffice's PDF export has no handout pages; a slides PDF would not be what was asked.
            raise EngineUnavailableError("LibreOffice cannot write handouts: choose the built-in engine")
        warnings: list[str] = []
        check = check_deck(source, options.include_hidden)
        expected = check.slides
        reported = _Reported(progress)
        reported(0, expected or 1)
        self._prune_profiles()
        deadline = time.monotonic() + self.timeout
        # soffice names its output after the deck, so it writes into a folder of this process's own,
        # beside the profile; the PDF then goes to a temp name beside the target (the same name
        # pattern as the built-in engine's, which the pool cleans up) and is renamed into place.
        outdir = self.profile_root / f"out-{os.getpid()}"
        partial = target.with_name(f".{target.name}.partial")
        shutil.rmtree(outdir, ignore_errors=True)
        try:
            outdir.mkdir(parents=True)
            produced = self._run_any(source, outdir, options, reported, cancelled, deadline)
            pages = _count_pages(produced)
            if expected is not None and pages != expected:
                warnings.append(f"LibreOffice wrote {pages} pages for {expected} slides")
            shutil.move(produced, partial)
            partial.replace(target)  # same folder: atomic, never a partial PDF under the final name
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise output_error(cannot_write_in(target.parent, exc), exc) from exc
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        finally:
            shutil.rmtree(outdir, ignore_errors=True)
            libreoffice_leftovers.remove_temp(self.temp_dir)
        reported(pages, pages)
        return ConvertResult(slides=pages, engine=self.name, warnings=warnings)

    def _run_any(
        self,
        source: Path,
        outdir: Path,
        options: ConvertOptions,
        progress: ProgressFn,
        cancelled: CancelledFn,
        deadline: float,
    ) -> Path:
        """The UNO route where this LibreOffice's Python has uno, else (or when it fails) the plain one."""
        python = self.uno_python
        if python is not None and not self._uno_missing and libreoffice_uno.SCRIPT.is_file():
            try:
                return self._run_uno(python, source, outdir, options, progress, cancelled, deadline)
            except _UnoRouteFailed as exc:
                level = logging.INFO if exc.expected else logging.WARNING
                log.log(level, "LibreOffice through UNO: %s; converting with plain soffice instead", exc)
                shutil.rmtree(outdir, ignore_errors=True)
                outdir.mkdir(parents=True)
        return self._run(source, outdir, options, cancelled, deadline)

    def _command(self, source: Path, outdir: Path, options: ConvertOptions) -> list[str]:
        assert self.executable is not None
        return [
            str(self.executable),
            f"-env:UserInstallation={self.profile_url}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nodefault",
            "--nologo",
            "--nolockcheck",
            "--convert-to",
            _pdf_filter(
                options.include_hidden,
                options.layout is PageLayout.NOTES,
                pdf_a=options.pdf_a,
                lossless_pictures=options.lossless_pictures,
            ),
            "--outdir",
            str(outdir),
            str(source.resolve()),
        ]

    def _run(
        self, source: Path, outdir: Path, options: ConvertOptions, cancelled: CancelledFn, deadline: float
    ) -> Path:
        command = self._command(source, outdir, options)
        log.debug("running %s", command)
        self._prepare_folders()
        started = time.monotonic()
        with tempfile.TemporaryFile("w+b") as output:
            proc = _spawn(command, output, output, self._environment(_child_environment()))
            try:
                self._wait(proc, cancelled, deadline)
            finally:
                libreoffice_leftovers.remove_dead_pipes(self.profile_url)
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

    def _run_uno(
        self,
        python: Path,
        source: Path,
        outdir: Path,
        options: ConvertOptions,
        progress: ProgressFn,
        cancelled: CancelledFn,
        deadline: float,
    ) -> Path:
        """Export through the UNO script, turning its "page i n" lines into progress calls."""
        assert self.executable is not None
        pdf = outdir / f"{source.stem}.pdf"
        command = libreoffice_uno.script_command(
            python,
            self.executable,
            self.profile_url,
            source.resolve(),
            pdf,
            options.include_hidden,
            options.layout is PageLayout.NOTES,
            options.pdf_a,
            options.lossless_pictures,
        )
        log.debug("running %s", command)
        self._prepare_folders()
        report = libreoffice_uno.ScriptReport()
        lines: queue.SimpleQueue[str] = queue.SimpleQueue()

        def take_lines() -> None:
            while True:
                try:
                    step = report.read(lines.get_nowait())
                except queue.Empty:
                    return
                if step is not None:
                    progress(*step)

        started = time.monotonic()
        with tempfile.TemporaryFile("w+b") as chatter:
            env = self._environment(libreoffice_uno.script_environment(_child_environment()))
            proc = _spawn(command, subprocess.PIPE, chatter, env)
            assert proc.stdout is not None
            reader = threading.Thread(target=_read_lines, args=(proc.stdout, lines), daemon=True)
            reader.start()
            try:
                self._wait(proc, cancelled, deadline, take_lines)
            finally:
                _kill_group_left(proc)  # soffice.bin outliving a script that gave up on it
                libreoffice_leftovers.remove_dead_pipes(self.profile_url, script_pid=proc.pid)
                reader.join(timeout=5)
                proc.stdout.close()
            take_lines()
            chatter.seek(0)
            text = chatter.read().decode("utf-8", "replace")
        code = proc.returncode
        log.debug("UNO script exit %s in %.1f s: %s", code, time.monotonic() - started, text.strip())
        if code == libreoffice_uno.EXIT_NO_UNO:
            self._uno_missing = True
            raise _UnoRouteFailed(f"{python} has no uno module (no per-slide progress)", expected=True)
        if code == libreoffice_uno.EXIT_LOAD_FAILED:
            raise LibreOfficeFailedError(f"LibreOffice cannot open the deck: {report.error}")
        if code != 0:
            why = report.error or _last_error_line(text) or "no reason given"
            raise _UnoRouteFailed(f"exit status {code} at {report.error_stage or 'start'}: {why}")
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise LibreOfficeFailedError("LibreOffice wrote no PDF")
        return pdf

    def _wait(
        self,
        proc: subprocess.Popen[bytes],
        cancelled: CancelledFn,
        deadline: float,
        tick: Callable[[], None] = lambda: None,
    ) -> None:
        """Until the child exits; killed (with its children) on cancel or timeout."""
        try:
            while proc.poll() is None:
                tick()
                if cancelled():
                    raise ConversionCancelled()
                if time.monotonic() > deadline:
                    raise LibreOfficeTimeoutError(f"LibreOffice took longer than {self.timeout:g} s")
                time.sleep(POLL_SECONDS)
        finally:
            if proc.poll() is None:
                _kill_tree(proc)

    def _prepare_folders(self) -> None:
        self.profile_dir.mkdir(parents=True, exist_ok=True)
        self.temp_dir.mkdir(parents=True, exist_ok=True)

    def _environment(self, env: dict[str, str]) -> dict[str, str]:
        return libreoffice_leftovers.temp_environment(env, self.temp_dir.resolve())

    def _prune_profiles(self) -> None:
        """Remove the profiles (each ~10 MB), output and temp folders of processes that are gone."""
        if not self.profile_root.is_dir():
            return
        for entry in self.profile_root.iterdir():
            kind, _, pid_text = entry.name.partition("-")
            if kind not in ("profile", "out", "tmp") or not pid_text.isdigit() or int(pid_text) == os.getpid():
                continue
            if not _pid_alive(int(pid_text)):
                log.debug("removing stale LibreOffice folder %s", entry)
                shutil.rmtree(entry, ignore_errors=True)


class _Reported:
    """Passes progress on, never backwards and never the same step twice."""

    def __init__(self, progress: ProgressFn) -> None:
        self.progress = progress
        self.last: tuple[int, int] | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.last is not None and ((done, total) == self.last or done < self.last[0]):
            return
        self.last = (done, total)
        self.progress(done, total)


def _read_lines(stream: IO[bytes], lines: queue.SimpleQueue[str]) -> None:
    for raw in stream:
        lines.put(raw.decode("utf-8", "replace"))


def _child_environment() -> dict[str, str]:
    env = dict(os.environ)
    # Our Qt settings must not steer LibreOffice's own Qt plugin, if it has one.
    env.pop("QT_QPA_PLATFORM", None)
    return env


def _spawn(
    command: list[str], stdout: IO[bytes] | int, stderr: IO[bytes] | int, env: dict[str, str]
) -> subprocess.Popen[bytes]:
    if sys.platform == "win32":
        flags = subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.CREATE_NO_WINDOW
        return subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, env=env, creationflags=flags
        )
    # Its own process group: a cancel kills soffice.bin, the launcher's child, too.
    return subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, env=env, start_new_session=True
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


def _kill_group_left(proc: subprocess.Popen[bytes]) -> None:
    """After the leader exited, what is left of its process group (POSIX; a no-op when empty)."""
    if os.name == "posix" and proc.returncode is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)


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
