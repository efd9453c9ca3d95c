"""Copy the open fonts the renderer substitutes for Office fonts into resources/fonts/.

Font binaries are not kept in git. Installers run this on a build machine that has the fonts
(Debian/Ubuntu: fonts-crosextra-carlito fonts-crosextra-caladea fonts-liberation
fonts-liberation2 fonts-noto-cjk fonts-noto-core fonts-noto-color-emoji fonts-dejavu-core
fonts-dejavu-extra) and bundle
the folder; the licence texts are copied next to the fonts, into resources/fonts/licenses/.

    python packaging/collect_fonts.py [--dest DIR] [--no-cjk] [--search DIR ...]

Exit status 1 when a font is missing (the list is printed), 0 otherwise.
"""

from __future__ import annotations

import argparse
import filecmp
import logging
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from worker.render.fonts import FONT_FILES, RESOURCE_FONTS  # noqa: E402

log = logging.getLogger("collect_fonts")

DEFAULT_SEARCH = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts")
CJK_FILES = {"NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc", "NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc"}


@dataclass(frozen=True)
class Licence:
    file_prefix: str  # font files whose name starts with this
    package: str  # the Debian package whose copyright file holds the licence text
    licence: str


LICENCES = (
    Licence("Carlito", "fonts-crosextra-carlito", "OFL-1.1"),
    Licence("Caladea", "fonts-crosextra-caladea", "OFL-1.1"),
    Licence("LiberationSansNarrow", "fonts-liberation", "GPL-2 with font exception"),
    Licence("Liberation", "fonts-liberation2", "OFL-1.1"),
    Licence("NotoSansCJK", "fonts-noto-cjk", "OFL-1.1"),
    Licence("NotoSerifCJK", "fonts-noto-cjk", "OFL-1.1"),
    Licence("NotoColorEmoji", "fonts-noto-color-emoji", "OFL-1.1"),
    Licence("Noto", "fonts-noto-core", "OFL-1.1"),
    Licence("DejaVu", "fonts-dejavu-core", "Bitstream Vera / public domain"),
)


def wanted_files(include_cjk: bool) -> list[str]:
    names = sorted({name for files in FONT_FILES.values() for name in files})
    return [n for n in names if include_cjk or n not in CJK_FILES]


def find(names: list[str], search: list[Path]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in search:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            # fonts-liberation2 before fonts-liberation: the first copy of a name wins.
            if path.name in names and path.name not in found and "liberation2" in str(path):
                found[path.name] = path
        for path in sorted(folder.rglob("*")):
            if path.name in names and path.name not in found:
                found[path.name] = path
    return found


def licence_of(name: str) -> Licence | None:
    return next((lic for lic in LICENCES if name.startswith(lic.file_prefix)), None)


def copy_licences(names: list[str], dest: Path) -> None:
    folder = dest / "licenses"
    folder.mkdir(parents=True, exist_ok=True)
    for package in sorted({lic.package for n in names if (lic := licence_of(n)) is not None}):
        source = Path("/usr/share/doc") / package / "copyright"
        if source.exists():
            shutil.copyfile(source, folder / f"{package}.copyright.txt")
        else:
            log.warning("licence file of %s not found at %s; add it by hand", package, source)


def install_font(source: Path, dest: Path) -> None:
    """Copy ``source`` to ``dest`` unless it is there already, by renaming a full copy into place.

    A running converter has the fonts of resources/fonts mapped into memory: rewriting a file in
    place under it (a test or a packaging run beside a working app) killed it with SIGBUS. A
    rename leaves the old file to whoever has it open."""
    if dest.is_file() and filecmp.cmp(source, dest, shallow=False):
        return
    partial = dest.with_name(dest.name + ".partial")
    shutil.copyfile(source, partial)
    os.replace(partial, dest)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dest", type=Path, default=RESOURCE_FONTS)
    parser.add_argument("--no-cjk", action="store_true", help="skip the Noto CJK collections (~90 MB)")
    parser.add_argument("--search", type=Path, action="append", help="font folders to search")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    names = wanted_files(not args.no_cjk)
    found = find(names, list(args.search or DEFAULT_SEARCH))
    args.dest.mkdir(parents=True, exist_ok=True)
    for name, path in sorted(found.items()):
        install_font(path, args.dest / name)
    copy_licences(sorted(found), args.dest)
    missing = [n for n in names if n not in found]
    log.info("copied %d font files to %s", len(found), args.dest)
    for name in missing:
        log.error("missing: %s", name)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
