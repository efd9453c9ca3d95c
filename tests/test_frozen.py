"""The frozen app, built here with PyInstaller exactly as packaging/build.py builds it for users.

Everything runs from the bundle's executable only (cwd outside the checkout, no PYTHONPATH, no
venv on PATH): `convert`, `export --wait` through the pool it starts itself (pool, resource tracker
and converter children are all the frozen executable), the window offscreen, and in CI (root)
the .deb installed with dpkg -i.

Skip locally with SLIDEPRESS_SKIP_FROZEN=1; reuse a bundle already built with
SLIDEPRESS_FROZEN_DIST=dist (the folder that holds slidepress/).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

import pytest
from corpus_support import REPO, decks, slide_visibility
from photo_support import photo_deck
from pypdf import PdfReader

from worker import __version__
from worker.paths import DataPaths
from worker.pool.lock import pool_alive
from worker.pool.wake import read_pool_info

IN_CI = bool(os.environ.get("CI"))

pytestmark = [
    pytest.mark.frozen,
    pytest.mark.timeout(900),  # the first test pays for the PyInstaller build (about a minute here)
    pytest.mark.skipif(bool(os.environ.get("SLIDEPRESS_SKIP_FROZEN")), reason="SLIDEPRESS_SKIP_FROZEN is set"),
    # In CI a missing PyInstaller is a failure (the build step says so), not a skip.
    pytest.mark.skipif(not IN_CI and find_spec("PyInstaller") is None, reason="pip install -e '.[packaging]'"),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle; CI builds the others"),
]

BUILD = [sys.executable, str(REPO / "packaging" / "build.py")]


def _wait(predicate: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(predicate) and predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    prebuilt = os.environ.get("SLIDEPRESS_FROZEN_DIST")
    if prebuilt:
        return Path(prebuilt).resolve()
    out = tmp_path_factory.mktemp("frozen")
    subprocess.run(
        [*BUILD, "--only", "bundle", "--allow-missing-fonts", "--dist", str(out / "dist"), "--work", str(out / "work")],
        check=True,
        cwd=REPO,
        timeout=780,
    )
    return out / "dist"


@pytest.fixture(scope="module")
def executable(dist: Path) -> Path:
    exe = dist / "slidepress" / "slidepress"
    assert exe.is_file() and os.access(exe, os.X_OK), f"no frozen executable at {exe}"
    return exe


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    home = tmp_path / "home"
    yield home
    # export --wait and the window start a detached pool: stop it as a user's logout would.
    paths = DataPaths(home)
    pid = read_pool_info(paths.pool_info).get("pid")
    if isinstance(pid, int) and pool_alive(paths.pool_lock):
        os.kill(pid, signal.SIGTERM)
        _wait(lambda: not pool_alive(paths.pool_lock), 20)


def frozen_env(home: Path) -> dict[str, str]:
    """The user's environment, minus anything that would let the bundle find the checkout or venv."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    env.update(SLIDEPRESS_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return env


def run(
    exe: Path | str,
    *args: str | Path,
    home: Path,
    cwd: Path,
    timeout: float = 180,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(exe), *map(str, args)],
        env={**frozen_env(home), **(extra_env or {})},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def small_visible_decks(count: int) -> list[Path]:
    """The smallest corpus decks whose slides are all shown (so pages = slides)."""
    found = [d for d in sorted(decks(), key=lambda p: p.stat().st_size) if (v := slide_visibility(d)) and all(v)]
    if len(found) < count:
        pytest.skip("the shared corpus is not beside this checkout")
    return found[:count]


def test_bundle_carries_resources_fonts_and_no_unused_qt(dist: Path, executable: Path) -> None:
    internal = dist / "slidepress" / "_internal"
    assert (internal / "resources" / "icons" / "slidepress.svg").is_file()
    assert (internal / "resources" / "styles" / "app.qss").is_file()
    assert (internal / "LICENSE").is_file()
    assert list((internal / "worker" / "render" / "geometry" / "presets").iterdir())
    assert list((internal / "resources" / "fonts").glob("*.ttf")), "collect_fonts.py found no fonts to bundle"
    names = {p.name for p in internal.rglob("*")}
    for unused in ("QtWebEngineCore", "Qt3DCore", "QtMultimedia", "QtQml", "QtQuick", "QtPdf"):
        assert not any(unused in n for n in names), f"{unused} is in the bundle"
    for unused in ("numpy", "scipy", "skimage", "tkinter", "pytest"):
        assert not (internal / unused).exists(), f"{unused} is in the bundle"


def test_frozen_convert_writes_one_page_per_slide(executable: Path, home: Path, tmp_path: Path) -> None:
    deck = small_visible_decks(1)[0]
    target = tmp_path / "out.pdf"
    done = run(executable, "convert", deck, target, home=home, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(PdfReader(target).pages) == len(slide_visibility(deck))


def test_frozen_convert_writes_a_photograph_as_jpeg(executable: Path, home: Path, tmp_path: Path) -> None:
    """The bundle carries what photographs need (Pillow's JPEG coder, imported on first use only,
    which PyInstaller must still find): the frozen app puts the photo in as DCTDecode."""
    deck = photo_deck(tmp_path / "photo.pptx")
    target = tmp_path / "photo.pdf"
    done = run(executable, "convert", deck, target, home=home, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(PdfReader(target).pages) == 1
    assert b"/DCTDecode" in target.read_bytes()  # the picture's dictionary (plain, not in a stream)


def _children(pid: int) -> list[int]:
    # Each thread lists the children it started (the pool's workers start converters from threads).
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _exe_of(pid: int) -> Path:
    return Path(os.readlink(f"/proc/{pid}/exe"))


def test_frozen_export_wait_runs_through_its_own_frozen_pool(executable: Path, home: Path, tmp_path: Path) -> None:
    sources = small_visible_decks(3)
    out = tmp_path / "pdfs"
    done = run(executable, "export", *sources, "--out", out, "--wait", "--json", home=home, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    jobs = json.loads(done.stdout)
    assert [j["state"] for j in jobs] == ["succeeded"] * 3
    for job, source in zip(jobs, sources, strict=True):
        assert len(PdfReader(job["output"]).pages) == len(slide_visibility(source))

    # The pool that converted them is the frozen executable, and so is each of its children
    # (converter and multiprocessing's resource tracker): nothing fell back to a Python.
    paths = DataPaths(home)
    pid = read_pool_info(paths.pool_info).get("pid")
    assert isinstance(pid, int) and pool_alive(paths.pool_lock)
    assert _exe_of(pid) == executable.resolve()
    children = _children(pid)
    assert children, "the pool has no converter child"
    for child in children:
        assert _exe_of(child) == executable.resolve()
    os.kill(pid, signal.SIGTERM)
    assert _wait(lambda: not pool_alive(paths.pool_lock), 20), "the frozen pool did not stop on SIGTERM"


def test_frozen_window_starts_offscreen_and_quits_cleanly(executable: Path, home: Path, tmp_path: Path) -> None:
    done = run(executable, home=home, cwd=tmp_path, timeout=120, extra_env={"SLIDEPRESS_SMOKE_QUIT_MS": "500"})
    assert done.returncode == 0, done.stderr
    assert "slidepress-smoke: window shown" in done.stderr
    # The window started a pool and, closing with nothing to do, stopped it again.
    paths = DataPaths(home)
    assert "starting a pool" in (paths.logs_dir / "gui.log").read_text()
    assert _wait(lambda: not pool_alive(paths.pool_lock), 20), "the pool outlived the window"
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not (IN_CI or os.environ.get("SLIDEPRESS_TEST_DPKG")), reason="installs a package: CI only")
@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("dpkg-deb") is None, reason="needs root and dpkg")
def test_deb_installs_with_dpkg_and_the_installed_command_converts(dist: Path, home: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    subprocess.run(
        [*BUILD, "--only", "deb", "--fast", "--dist", str(dist), "--work", str(work)], check=True, cwd=REPO, timeout=600
    )
    debs = sorted(dist.glob(f"slidepress_{__version__}_*.deb"))
    assert len(debs) == 1
    installed = subprocess.run(["dpkg", "-i", str(debs[0])], capture_output=True, text=True, check=False)
    try:
        assert installed.returncode == 0, installed.stderr
        assert Path("/usr/bin/slidepress").resolve() == Path("/opt/slidepress/slidepress")
        desktop = Path("/usr/share/applications/slidepress.desktop").read_text()
        assert "application/vnd.openxmlformats-officedocument.presentationml.slideshow" in desktop
        assert Path("/usr/share/mime/packages/slidepress.xml").is_file()
        deck = small_visible_decks(1)[0]
        target = tmp_path / "installed.pdf"
        done = run("slidepress", "convert", deck, target, home=home, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert len(PdfReader(target).pages) == len(slide_visibility(deck))
    finally:
        subprocess.run(["dpkg", "--purge", "slidepress"], capture_output=True, check=False)
    assert not Path("/opt/slidepress").exists()
