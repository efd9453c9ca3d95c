"""The UNO route of the LibreOffice engine: which Python runs the export script, its command line,
and what its output lines mean.

LibreOffice's Python bridge only works in a Python built for it: on Windows and macOS the one inside
the install, on Linux distributions the system python3 with python3-uno (Debian's
libreoffice-core-nogui only recommends python3-uno, so it can be missing). The script exits with
``EXIT_NO_UNO`` when it cannot import ``uno``, which costs one Python start-up to find out.
"""

from __future__ import annotations

import logging
import re
import sys
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

SCRIPT = Path(__file__).with_name("libreoffice_uno_script.py")
# The script's exit statuses (it is standalone, so these are repeated there).
EXIT_NO_UNO = 3
EXIT_NO_CONNECTION = 4
EXIT_LOAD_FAILED = 5
EXIT_EXPORT_FAILED = 6
LINUX_SYSTEM_PYTHON = Path("/usr/bin/python3")
_PAGE_LINE = re.compile(r"page (\d+) (\d+)")
_ERROR_LINE = re.compile(r"error (\w+) (.*)")


def find_uno_python(soffice: Path, platform: str = sys.platform) -> Path | None:
    """The Python that comes with this soffice (not checked for ``uno``: the script says so)."""
    program = soffice.resolve().parent  # /usr/bin/soffice is a link into .../program/
    if platform == "win32":
        candidates = [program / "python.exe"]
    elif platform == "darwin":
        candidates = [program.parent / "Resources" / "python"]  # LibreOffice.app/Contents/MacOS/soffice
    else:
        # The Document Foundation's own builds ship program/python; distributions use the system one.
        candidates = [program / "python", LINUX_SYSTEM_PYTHON]
    return next((c for c in candidates if c.is_file()), None)


def script_command(
    python: Path,
    soffice: Path,
    profile_url: str,
    source: Path,
    target: Path,
    include_hidden: bool,
    notes: bool,
    pdf_a: bool = False,
    lossless_pictures: bool = False,
) -> list[str]:
    command = [str(python), str(SCRIPT), "--soffice", str(soffice), "--profile", profile_url]
    if include_hidden:
        command.append("--include-hidden")
    if notes:
        command.append("--notes")
    if pdf_a:
        command.append("--pdf-a")
    if lossless_pictures:
        command.append("--lossless-pictures")
    return [*command, str(source), str(target)]


def script_environment(environ: dict[str, str]) -> dict[str, str]:
    """Our environment minus what would make LibreOffice's Python load our modules or libraries."""
    env = dict(environ)
    for name in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONUSERBASE", "VIRTUAL_ENV"):
        env.pop(name, None)
    # A frozen (PyInstaller) app points LD_LIBRARY_PATH at its bundle and keeps the user's value aside.
    if "LD_LIBRARY_PATH_ORIG" in env:
        env["LD_LIBRARY_PATH"] = env.pop("LD_LIBRARY_PATH_ORIG")
    elif getattr(sys, "frozen", False):
        env.pop("LD_LIBRARY_PATH", None)
    return env


@dataclass
class ScriptReport:
    """What the script has said so far: pages drawn of the total, and why it stopped if it did."""

    done: int = 0
    total: int | None = None
    error_stage: str | None = None
    error: str = ""

    def read(self, line: str) -> tuple[int, int] | None:
        """Take one output line; the new (done, total) when it reports progress."""
        line = line.strip()
        page = _PAGE_LINE.fullmatch(line)
        if page:
            self.done, self.total = int(page.group(1)), int(page.group(2))
            return self.done, self.total
        error = _ERROR_LINE.fullmatch(line)
        if error:
            self.error_stage, self.error = error.group(1), error.group(2)
        elif line:
            log.debug("UNO script: %s", line)
        return None
