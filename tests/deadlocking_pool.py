"""`python tests/deadlocking_pool.py POOL-ARGS`: `slidepress pool` whose worker thread deadlocks on
its first job, for tests only (the user's `slidepress pool` has no such hook).

The thread takes the pool's non-reentrant ``_guard`` twice, so it waits for itself forever, holding
it; the reaper then blocks on the same lock. The main loop still runs: only the liveness the working
threads prove can tell this pool is hung (worker.pool.liveness).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from worker.jobs.model import Job
from worker.pool.pool import Pool


def _deadlocking_execute(self: Pool, job: Job, token: str) -> None:
    with self._guard:
        self._guard.acquire()  # never returns


if __name__ == "__main__":  # spawned converter children import this module too
    from worker.cli import main

    Pool._execute = _deadlocking_execute  # type: ignore[method-assign]
    sys.exit(main(["pool", *sys.argv[1:]]))
