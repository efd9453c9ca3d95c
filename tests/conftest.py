"""Shared test set-up: Qt offscreen, a private data dir per test session, the corpus location."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from worker.jobs import JobQueue
from worker.paths import DataPaths

# Before any Qt import: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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
