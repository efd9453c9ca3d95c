"""Shared test set-up: Qt offscreen, a private data dir per test session, the corpus location."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
