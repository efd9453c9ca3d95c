"""Shared test set-up: Qt offscreen, a private data dir per test session, the corpus location."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from worker.jobs import JobQueue
from worker.paths import DataPaths

# Before any Qt import: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Code that falls back to the user's data folder (the LibreOffice engine's profiles, the CLI's queue)
# must not write into the real one while tests run: the session gets its own, removed at exit.
# pytest-xdist's workers inherit the controller's environment: each makes its own again, so two
# workers never share a queue or a LibreOffice profile.
_MADE_HOME = "SLIDEPRESS_TEST_SESSION_HOME"
if "SLIDEPRESS_HOME" not in os.environ or os.environ["SLIDEPRESS_HOME"] == os.environ.get(_MADE_HOME):
    _SESSION_HOME = tempfile.mkdtemp(prefix="slidepress_test_home_")
    os.environ["SLIDEPRESS_HOME"] = os.environ[_MADE_HOME] = _SESSION_HOME
    atexit.register(shutil.rmtree, _SESSION_HOME, ignore_errors=True)

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "decks").is_dir():
        pytest.skip("the shared corpus is not beside this checkout")
    return CORPUS


@pytest.fixture(scope="session", autouse=True)
def _widgets_application(qapp: object) -> object:
    """pytest-qt's QApplication, made before any test: the renderer would otherwise make a
    QGuiApplication first (worker/render/qt_runtime.py), and the GUI tests need widgets."""
    return qapp


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A data folder of the test's own (modules with a pool to stop define their own)."""
    return tmp_path / "home"


@pytest.fixture
def queue(home: Path) -> Iterator[JobQueue]:
    """The job queue over ``home``, closed after the test."""
    q = JobQueue(DataPaths(home).ensure())
    yield q
    q.close()
