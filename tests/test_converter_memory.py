"""A warm converter keeps nothing of a deck once it is converted: the text caches let go of the
deck's package, and the memory the deck freed goes back to the system, so the pool's memory limit
and its replacing of converters measure the next deck alone."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from pathlib import Path

import hostile_support as hs
import pytest

from worker.deck import package
from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine

ROOT = Path(__file__).resolve().parents[1]


def test_a_converted_deck_leaves_nothing_of_itself_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tables of 144 cells: their text builders (each holding its drawing context, and through it
    # the whole package) outnumber the cache's usual room, so the cache was full of this deck.
    deck = hs.many_slides(10, hs.table_xml(12))(tmp_path)
    opened: list[weakref.ref[object]] = []
    real_open = package.open_deck

    def open_and_watch(path: Path) -> package.Deck:
        found = real_open(path)
        opened.append(weakref.ref(found.presentation.part))
        return found

    monkeypatch.setattr(package, "open_deck", open_and_watch)
    BuiltinEngine().convert(deck, tmp_path / "out.pdf", ConvertOptions(), no_progress, never_cancelled)
    gc.collect()
    assert len(opened) == 1 and opened[0]() is None, "the deck's package is still held"


_MEASURE = """
import sys
from pathlib import Path
from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine
from worker.pool.collector import release_after_job

def rss():
    with open("/proc/self/status") as fh:
        return int(fh.read().split("VmRSS:")[1].split()[0]) // 1024

engine = BuiltinEngine()
engine.convert(Path(sys.argv[2]), Path(sys.argv[3]), ConvertOptions(), no_progress, never_cancelled)
release_after_job()
fresh = rss()
engine.convert(Path(sys.argv[1]), Path(sys.argv[3]), ConvertOptions(), no_progress, never_cancelled)
held = rss()
release_after_job()
print(fresh, held, rss())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's arenas; RSS read from /proc")
def test_a_converter_gives_a_big_decks_memory_back(tmp_path: Path) -> None:
    big = hs.many_slides(60, hs.table_xml(24))(tmp_path)
    small = hs.table(2)(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(big), str(small), str(tmp_path / "out.pdf")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    fresh, held, released = (int(v) for v in done.stdout.split())
    assert held - fresh > 80, (fresh, held, released)  # the deck did cost memory
    assert released - fresh < 40, (fresh, held, released)
