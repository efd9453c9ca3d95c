"""Python's cyclic garbage collector, tuned for a converter child.

A deck's conversion makes hundreds of thousands of short-lived objects (XML proxies, layout
records), so with the default thresholds the collector ran ~300 times per corpus run, each time also
walking everything warm-up loaded (Qt wrappers, fonts, modules), which never becomes garbage.
Freezing that and collecting the young generation every 20,000 allocations instead of 700 cut
collector time from 0.37 s to 0.14 s over the corpus, for ~4 % more peak memory.
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger(__name__)

YOUNG_THRESHOLD = 20_000
OLDER_THRESHOLD = 20


def settle_after_warm_up() -> None:
    """Collect once, move every surviving object out of the collector's sight, and collect less
    often from now on. Called once in a converter child after warm-up."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, OLDER_THRESHOLD, OLDER_THRESHOLD)
    log.debug("%d objects frozen after warm-up", gc.get_freeze_count())
