"""What one picture's playback may spend, the metafiles nested inside it included.

A metafile can hold another as an EMF+ image and draw it many times, and that one can do the same:
400 draws on each of a few levels cost minutes and gigabytes when every nested playback counts
only its own records against its own clock. One budget per top-level picture is shared by all of
its playbacks: records (EMF+ records inside comments too), nested playbacks and time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from .objects import MAX_RECORDS

log = logging.getLogger(__name__)

DEADLINE_SECONDS = 20.0  # for one picture, everything nested in it included
MAX_NESTED_PLAYS = 1000  # metafile images drawn inside one picture; real files draw a handful
_CLOCK_EVERY = 500  # records between looks at the clock


def damaged_record_note(offset: int, total: int) -> str:
    """What the job is told when a record's size runs past the file (or is no size at all): the
    playback stops there, as GDI's does, and the rest of the picture is lost."""
    return f"a record's size is damaged at byte {offset:,} of {total:,}; the rest of the picture was not drawn"


@dataclass
class Budget:
    deadline: float
    records: int = 0
    nested: int = 0
    spent: bool = False
    notes: list[str] = field(default_factory=list)  # what was left out of the picture, for the job

    def note(self, message: str) -> None:
        if message not in self.notes and len(self.notes) < 8:
            log.info("metafile: %s", message)
            self.notes.append(message)

    def record(self) -> bool:
        """Count one record: False once the picture has had its share (playback then stops)."""
        if self.spent:
            return False
        self.records += 1
        if self.records > MAX_RECORDS or (self.records % _CLOCK_EVERY == 0 and time.monotonic() > self.deadline):
            log.info("metafile playback stopped after %d records (limit)", self.records)
            self.spent = True
        return not self.spent

    def in_time(self) -> bool:
        """False once the picture's deadline has passed (long loops inside one record ask)."""
        if time.monotonic() > self.deadline:
            log.info("metafile playback stopped: past its deadline")
            self.spent = True
        return not self.spent

    def nest(self) -> bool:
        """Count one nested metafile playback: False when it is not to be played."""
        self.nested += 1
        if self.nested == MAX_NESTED_PLAYS + 1:
            log.info("metafile images drawn more than %d times in one picture: the rest are left out", MAX_NESTED_PLAYS)
        return self.nested <= MAX_NESTED_PLAYS and self.record()


_ACTIVE: ContextVar[Budget | None] = ContextVar("metafile_budget", default=None)


def active_budget() -> Budget:
    """The budget of the picture being played, or a fresh one outside any."""
    return _ACTIVE.get() or Budget(time.monotonic() + DEADLINE_SECONDS)


@contextmanager
def picture_budget() -> Iterator[Budget]:
    """A budget for a top-level picture; inside one already being played, that picture's."""
    active = _ACTIVE.get()
    if active is not None:
        yield active
        return
    budget = Budget(time.monotonic() + DEADLINE_SECONDS)
    token = _ACTIVE.set(budget)
    try:
        yield budget
    finally:
        _ACTIVE.reset(token)
