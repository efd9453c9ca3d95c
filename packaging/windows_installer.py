"""The Windows installer: Inno Setup compiles packaging/windows/slidepress.iss over the bundle."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger("build.windows")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_ISCC = Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")) / "Inno Setup 6" / "ISCC.exe"


def iscc() -> str:
    found = shutil.which("iscc") or (str(DEFAULT_ISCC) if DEFAULT_ISCC.exists() else None)
    if found is None:
        raise SystemExit("Inno Setup 6 (ISCC.exe) not found: install it (choco install innosetup) or put it on PATH")
    return found


def build_setup(bundle: Path, version: str, dist: Path, build: Path) -> Path:
    """dist/Slidepress-VERSION-setup.exe: Start-menu entry, .pptx/.ppsx/.potx association, uninstaller."""
    subprocess.check_call(
        [
            iscc(),
            f"/DAppVersion={version}",
            f"/DSourceDir={bundle}",
            f"/DOutputDir={dist}",
            f"/DIconFile={build / 'icons' / 'slidepress.ico'}",
            f"/DLicenseFile={ROOT / 'LICENSE'}",
            str(HERE / "windows" / "slidepress.iss"),
        ]
    )
    return dist / f"Slidepress-{version}-setup.exe"
