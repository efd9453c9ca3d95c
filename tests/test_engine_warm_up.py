"""A pool child warms its engine before it claims a job: Qt, the fonts and every renderer module
are loaded then, not during the first conversion that needs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from corpus_support import REPO

_PROBE = """
import json, sys
from worker.engines.base import warm_up
from worker.engines.registry import get_engine
lazy = [
    "worker.render.tables", "worker.render.smartart", "worker.render.metafile.emf", "PySide6.QtSvg",
    "worker.render.charts", "worker.render.chartex",
]
before = [name in sys.modules for name in lazy]
warm_up(get_engine("auto"))
from PySide6.QtGui import QFontDatabase, QGuiApplication
from worker.render.fonts import FontResolver
print(json.dumps({
    "before": before,
    "after": [name in sys.modules for name in lazy],
    "app": QGuiApplication.instance() is not None,
    "carlito": "Carlito" in QFontDatabase.families(),
    "registered": FontResolver.shared()._registered,
}))
"""


def test_warm_up_loads_qt_fonts_and_the_lazily_imported_renderer() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    result = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120, env=env, cwd=REPO, check=False
    )
    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout.strip().splitlines()[-1])
    assert state["before"] == [False] * 6  # `slidepress convert` keeps them lazy
    assert state["after"] == [True] * 6
    assert state["app"] and state["carlito"] and state["registered"]


_CONVERT_PROBE = """
import json, sys
from pathlib import Path
from pptx import Presentation
from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.registry import get_engine
folder = Path(sys.argv[1])
prs = Presentation()
prs.slides.add_slide(prs.slide_layouts[1]).shapes.title.text = "Agenda"
prs.save(folder / "plain.pptx")
engine = get_engine("builtin")
engine.convert(folder / "plain.pptx", folder / "plain.pdf", ConvertOptions(), no_progress, never_cancelled)
print(json.dumps([name in sys.modules for name in ("worker.render.charts", "worker.render.chartex")]))
"""


def test_a_deck_without_charts_never_loads_the_chart_renderers(tmp_path: Path) -> None:
    """A third of the renderer's import time, which every one-off `slidepress convert` would pay."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    result = subprocess.run(
        [sys.executable, "-c", _CONVERT_PROBE, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [False, False]
