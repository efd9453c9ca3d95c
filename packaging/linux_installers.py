"""Linux installers from the one-folder bundle: a .deb (dpkg-deb over a staged tree) and a tar.gz.

Both carry the .desktop entry, the icon and the MIME declarations that put Slidepress under
"Open with" for .pptx, .ppsx and .potx.
"""

from __future__ import annotations

import logging
import os
import platform
import shutil
import subprocess
import tarfile
from pathlib import Path

log = logging.getLogger("build.linux")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LINUX = HERE / "linux"
SVG_ICON = ROOT / "resources" / "icons" / "slidepress.svg"
INSTALL_DIR = "opt/slidepress"

# What the bundle does not carry (PyInstaller leaves the C library, GL and X/Wayland client libraries
# to the system). Depends: what `convert`, `export` and the pool need; Recommends: what the window
# needs on a desktop (apt installs Recommends by default, dpkg -i does not insist on them).
DEPENDS = "libc6 (>= 2.31), libfontconfig1, libfreetype6, libglib2.0-0, libegl1, libgl1, libxkbcommon0, libdbus-1-3"
RECOMMENDS = (
    "libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, "
    "libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xinerama0, libxcb-xkb1, libwayland-client0, "
    "libwayland-cursor0, libwayland-egl1, shared-mime-info, desktop-file-utils"
)


def deb_arch() -> str:
    try:
        return subprocess.check_output(["dpkg", "--print-architecture"], text=True).strip()
    except (OSError, subprocess.CalledProcessError):
        return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def add_desktop_files(share: Path, icon_png: Path) -> None:
    """share/applications, share/mime/packages and share/icons under ``share``."""
    (share / "applications").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(LINUX / "slidepress.desktop", share / "applications" / "slidepress.desktop")
    (share / "mime" / "packages").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(LINUX / "slidepress-mime.xml", share / "mime" / "packages" / "slidepress.xml")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SVG_ICON, scalable / "slidepress.svg")
    raster = share / "icons" / "hicolor" / "256x256" / "apps"
    raster.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(icon_png, raster / "slidepress.png")


def _fresh(folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def build_tarball(bundle: Path, version: str, dist: Path, build: Path, fast: bool = False) -> Path:
    """slidepress-VERSION/ = the bundle + share/ + install-user.sh, packed as a tar.gz."""
    name = f"slidepress-{version}"
    stage = _fresh(build / "tarball") / name
    shutil.copytree(bundle, stage, symlinks=True)
    add_desktop_files(stage / "share", build / "icons" / "slidepress.png")
    shutil.copy2(LINUX / "install-user.sh", stage / "install-user.sh")
    target = dist / f"{name}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=1 if fast else 9) as tar:
        tar.add(stage, arcname=name)
    return target


def _installed_size_kb(tree: Path) -> int:
    total = sum(p.lstat().st_size for p in tree.rglob("*") if p.is_file() and not p.is_symlink())
    return (total + 1023) // 1024


def build_deb(bundle: Path, version: str, dist: Path, build: Path, fast: bool = False) -> Path:
    """A .deb: /opt/slidepress (the bundle), /usr/bin/slidepress -> it, menu entry, icon, MIME."""
    arch = deb_arch()
    stage = _fresh(build / "deb" / f"slidepress_{version}_{arch}")
    shutil.copytree(bundle, stage / INSTALL_DIR, symlinks=True)
    (stage / "usr" / "bin").mkdir(parents=True)
    os.symlink(f"/{INSTALL_DIR}/slidepress", stage / "usr" / "bin" / "slidepress")
    add_desktop_files(stage / "usr" / "share", build / "icons" / "slidepress.png")
    doc = stage / "usr" / "share" / "doc" / "slidepress"
    doc.mkdir(parents=True)
    shutil.copyfile(ROOT / "LICENSE", doc / "copyright")

    control = stage / "DEBIAN"
    control.mkdir()
    (control / "control").write_text(
        "\n".join(
            [
                "Package: slidepress",
                f"Version: {version}",
                "Section: graphics",
                "Priority: optional",
                f"Architecture: {arch}",
                "Maintainer: The Slidepress authors <slidepress@localhost>",
                f"Installed-Size: {_installed_size_kb(stage)}",
                f"Depends: {DEPENDS}",
                f"Recommends: {RECOMMENDS}",
                "Description: offline batch converter of PowerPoint presentations to PDF",
                " Slidepress converts .pptx, .ppsx and .potx decks to PDF without Office,",
                " LibreOffice or a network: drop decks or folders on the window, or use the",
                " slidepress command line. Open fonts metric-compatible with Office's are bundled.",
                "",
            ]
        ),
        encoding="utf-8",
    )
    for script in ("postinst", "postrm"):
        shutil.copyfile(LINUX / script, control / script)
        (control / script).chmod(0o755)

    target = dist / f"slidepress_{version}_{arch}.deb"
    # --root-owner-group: files owned by root in the package whoever builds it (no fakeroot needed).
    # xz for releases (about 40 % of the bundle's size); gzip -1 where speed matters more (tests).
    compression = ["-Zgzip", "-z1"] if fast else ["-Zxz", "-z6"]
    subprocess.check_call(
        ["dpkg-deb", "--root-owner-group", *compression, "--build", str(stage), str(target)], stdout=subprocess.DEVNULL
    )
    return target
