"""PySide6's import hook asks of every module imported after Qt whether its source names PySide6
(worker/render/__init__.py answers it from the file's bytes instead of inspect.getsource)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# In a fresh process: every renderer module imported while inspect.getsource is counted, then
# PySide6's verdict on each compared with its own check (run on the module afterwards).
_SCRIPT = r"""
import inspect, json, pkgutil, sys
asked = []
original_getsource = inspect.getsource
def counting(obj):
    asked.append(getattr(obj, "__name__", "?"))
    return original_getsource(obj)
import shiboken6
feature = sys.modules["shibokensupport.feature"]
own = feature._mod_uses_pyside  # PySide6's check
inspect.getsource = counting
import worker.render
names = [m.name for m in pkgutil.walk_packages(worker.render.__path__, "worker.render.")]
for name in names:
    __import__(name)  # through the hook (importlib.import_module goes around it)
inspect.getsource = original_getsource
verdicts = {
    name: [feature.pyside_feature_dict.get(name), 0 if own(sys.modules[name]) else -1] for name in names
}
print(json.dumps({"asked": [n for n in asked if n.startswith("worker.")], "verdicts": verdicts}))
"""


def test_modules_are_not_read_through_inspect_and_get_pysides_verdict() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, cwd=REPO, check=True, timeout=120
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["asked"] == []
    # (A module imported as a package's attribute, "from . import x", is never shown to the hook.)
    verdicts = {name: pair for name, pair in found["verdicts"].items() if pair[0] is not None}
    assert len(verdicts) > 100
    assert {name: v for name, v in verdicts.items() if v[0] != v[1]} == {}
    # Both kinds are there: modules that use Qt (0) and modules that do not (-1).
    assert {ours for ours, _ in verdicts.values()} == {0, -1}
