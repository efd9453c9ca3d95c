"""What a killed soffice leaves behind, and how the engine keeps it out of the user's temp folder.

soffice cleans up after itself when it quits, but a cancel or a timeout kills it, and then it leaves:
- its temp folder (``lu*.tmp``, sometimes megabytes), made where TMPDIR / TMP / TEMP point: each
  converting process gives soffice a private one beside its profile and removes it afterwards;
- on POSIX, its pipe sockets: ``OSL_PIPE_<uid>_SingleOfficeIPC_<digest of the profile URL>`` and, on
  the UNO route, ``OSL_PIPE_<uid>_slidepress-<script pid>-*`` (libreoffice_uno_script.py's
  connection), always in /tmp (/var/tmp when /tmp is not writable), whatever TMPDIR says. Both
  names belong to this process alone (its own profile, its own script), and a socket is removed only
  when nothing listens on it any more, as soffice itself treats a stale one.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import socket
import stat
import time
from pathlib import Path

log = logging.getLogger(__name__)

PIPE_FOLDERS = (Path("/tmp"), Path("/var/tmp"))  # sal's fixed places for pipes, not TMPDIR
DYING_SECONDS = 3.0
SCRIPT_PIPE_PREFIX = "slidepress-"  # libreoffice_uno_script.py names its pipe PREFIX + pid + "-" + random


def single_office_pipe_name(profile_url: str) -> str:
    """The single-instance pipe soffice makes for a profile: MD5 of the URL's UTF-16 code units,
    each byte in hex without a leading zero (desktop's CreateMD5FromString)."""
    digest = hashlib.md5(profile_url.encode("utf-16-le"), usedforsecurity=False).digest()
    return "SingleOfficeIPC_" + "".join(format(byte, "x") for byte in digest)


def temp_environment(env: dict[str, str], folder: Path) -> dict[str, str]:
    """``env`` with every temp variable soffice may read (TMPDIR on POSIX, TMP/TEMP on Windows)
    pointing at ``folder``."""
    return {**env, "TMPDIR": str(folder), "TMP": str(folder), "TEMP": str(folder)}


def remove_temp(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def remove_dead_pipes(profile_url: str, script_pid: int | None = None) -> list[Path]:
    """Unlink this process's soffice pipe sockets that nothing listens on; the ones removed."""
    if os.name != "posix":
        return []  # named pipes on Windows are kernel objects: nothing is left on disk
    prefix = f"OSL_PIPE_{os.getuid()}_"
    removed: list[Path] = []
    for folder in PIPE_FOLDERS:
        candidates = [folder / (prefix + single_office_pipe_name(profile_url))]
        if script_pid is not None:
            with contextlib.suppress(OSError):
                candidates += folder.glob(f"{prefix}{SCRIPT_PIPE_PREFIX}{script_pid}-*")
        for path in candidates:
            if _is_dead_socket(path):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
    if removed:
        log.debug("removed stale soffice pipes %s", removed)
    return removed


def _is_dead_socket(path: Path) -> bool:
    """Refused within DYING_SECONDS: a killed soffice's socket may still answer for a moment,
    until the kernel has finished the process off."""
    try:
        if not stat.S_ISSOCK(path.lstat().st_mode):
            return False
    except OSError:
        return False
    deadline = time.monotonic() + DYING_SECONDS
    while True:
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.settimeout(1.0)
            probe.connect(str(path))
        except (ConnectionRefusedError, FileNotFoundError):
            return True
        except OSError:
            return False  # a timeout or a permission problem: not ours to judge
        finally:
            probe.close()
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
