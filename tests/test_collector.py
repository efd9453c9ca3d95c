"""The converter child's garbage-collector settings (worker/pool/collector.py)."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import gc
from worker.pool.collector import YOUNG_THRESHOLD, settle_after_warm_up
warm = [[i] for i in range(50_000)]  # what warm-up leaves behind, still referenced
settle_after_warm_up()
assert gc.get_freeze_count() >= 50_000, gc.get_freeze_count()
assert gc.get_threshold()[0] == YOUNG_THRESHOLD
cycle = []
cycle.append(cycle)
del cycle
assert gc.collect() >= 1  # garbage made after warm-up is still collected
print("ok")
"""


def test_warm_up_objects_are_frozen_and_later_garbage_still_collected() -> None:
    # In a child process: freezing the test process's own objects would change every later test.
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
