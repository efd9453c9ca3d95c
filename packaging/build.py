"""Build Slidepress for the OS this runs on: the one-folder app, then that OS's installers.

    python packaging/build.py                      # fonts, icons, bundle, installers for this OS
    python packaging/build.py --only bundle        # just dist/slidepress/ (what the tests run)
    python packaging/build.py --fonts keep         # use resources/fonts/ as it is (CI copies it in)
    python packaging/build.py --fast --dist D --work W   # quick compression, other folders (tests)

Outputs (never committed): dist/slidepress/ (the bundle; dist/Slidepress.app on macOS) and
Linux  dist/slidepress-VERSION-linux-ARCH.tar.gz, dist/slidepress_VERSION_ARCH.deb
macOS  dist/Slidepress-VERSION.dmg
Windows dist/Slidepress-VERSION-setup.exe (needs Inno Setup's iscc on PATH)
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

log = logging.getLogger("build")


def version() -> str:
    """The one version: worker/__init__.py's __version__ (pyproject.toml reads it too)."""
    text = (ROOT / "worker" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if found is None:
        raise SystemExit("worker/__init__.py has no __version__")
    return found.group(1)


def collect_fonts(no_cjk: bool, allow_missing: bool) -> None:
    command = [sys.executable, str(HERE / "collect_fonts.py")] + (["--no-cjk"] if no_cjk else [])
    code = subprocess.call(command)
    if code and not allow_missing:
        raise SystemExit("fonts are missing (see above); install them or pass --allow-missing-fonts")


def build_bundle(dist: Path, work: Path) -> Path:
    """DIST/slidepress/ with PyInstaller (the spec names what goes in and what stays out)."""
    from make_icons import make_icons

    make_icons(work / "icons")
    started = time.monotonic()
    subprocess.check_call(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work / "pyinstaller"),
            str(HERE / "slidepress.spec"),
        ],
        cwd=ROOT,
        env={**os.environ, "SLIDEPRESS_ICON_DIR": str(work / "icons")},
    )
    log.info("bundle built in %.0f s: %s", time.monotonic() - started, dist / "slidepress")
    return dist / "slidepress"


def build_installers(ver: str, dist: Path, work: Path, fast: bool, only_deb: bool = False) -> list[Path]:
    bundle = dist / "slidepress"
    if not (work / "icons" / "slidepress.png").exists():  # a bundle built with another --work
        from make_icons import make_icons

        make_icons(work / "icons")
    if sys.platform.startswith("linux"):
        from linux_installers import build_deb, build_tarball

        deb = build_deb(bundle, ver, dist, work, fast)
        return [deb] if only_deb else [build_tarball(bundle, ver, dist, work, fast), deb]
    if sys.platform == "darwin":
        from macos_installer import build_dmg

        return [build_dmg(dist / "Slidepress.app", ver, dist, work)]
    if sys.platform == "win32":
        from windows_installer import build_setup

        return [build_setup(bundle, ver, dist, work)]
    raise SystemExit(f"no installer recipe for {sys.platform}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--only",
        choices=("bundle", "installers", "deb"),
        help="one step (installers and deb reuse the bundle in --dist)",
    )
    parser.add_argument(
        "--fonts",
        choices=("collect", "keep"),
        default="collect",
        help="collect: copy the fonts from this system first; keep: bundle resources/fonts/ as is",
    )
    parser.add_argument("--no-cjk", action="store_true", help="leave the CJK fonts (~90 MB) out")
    parser.add_argument("--allow-missing-fonts", action="store_true")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the bundle and installers go")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller's and the stages' scratch")
    parser.add_argument("--fast", action="store_true", help="light compression (tests); releases leave it off")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="build: %(message)s")

    ver = version()
    dist, work = args.dist.resolve(), args.work.resolve()
    if args.only not in ("installers", "deb"):
        if args.fonts == "collect":
            collect_fonts(args.no_cjk, args.allow_missing_fonts)
        build_bundle(dist, work)
    if args.only != "bundle":
        for path in build_installers(ver, dist, work, args.fast, only_deb=args.only == "deb"):
            log.info("wrote %s (%.1f MB)", path, path.stat().st_size / 1e6)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
