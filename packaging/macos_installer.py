"""The macOS disk image: Slidepress.app (built by the spec's BUNDLE step) beside an Applications link."""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger("build.macos")


def build_dmg(app: Path, version: str, dist: Path, build: Path) -> Path:
    """dist/Slidepress-VERSION.dmg: drag Slidepress.app onto Applications to install."""
    stage = build / "dmg"
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir(parents=True)
    # ditto keeps the bundle's symlinks, extended attributes and code signatures intact.
    subprocess.check_call(["ditto", str(app), str(stage / app.name)])
    (stage / "Applications").symlink_to("/Applications")
    target = dist / f"Slidepress-{version}.dmg"
    target.unlink(missing_ok=True)
    subprocess.check_call(
        ["hdiutil", "create", "-volname", "Slidepress", "-srcfolder", str(stage), "-ov", "-format", "UDZO", str(target)]
    )
    return target
