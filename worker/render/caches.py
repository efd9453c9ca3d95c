"""The one rule of the renderer's small memo tables: a table that fills up is emptied whole.

Decks repeat a few values (fonts, text properties, colours) thousands of times, so these tables
hit almost always; emptying one now and then costs a few misses, where keeping order for
least-recently-used eviction would cost every hit.
"""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


def remember(table: dict[K, V], key: K, value: V, limit: int) -> V:
    """Store ``value`` under ``key``, emptying ``table`` first when it holds ``limit`` entries."""
    if len(table) >= limit:
        table.clear()
    table[key] = value
    return value
