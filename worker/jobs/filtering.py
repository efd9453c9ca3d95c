"""Which jobs a list shows: a group of states and words to find (the window's filter bar)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from worker.jobs.model import Job, JobCounts, JobState


class StateGroup(StrEnum):
    """The groups a person filters by; "Waiting" covers every state that is not over yet."""

    ALL = "all"
    ACTIVE = "active"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


GROUP_STATES: dict[StateGroup, frozenset[JobState]] = {
    StateGroup.ALL: frozenset(JobState),
    StateGroup.ACTIVE: frozenset(s for s in JobState if s.active),
    StateGroup.DONE: frozenset({JobState.SUCCEEDED}),
    StateGroup.FAILED: frozenset({JobState.FAILED}),
    StateGroup.CANCELLED: frozenset({JobState.CANCELLED}),
}


def group_count(group: StateGroup, counts: JobCounts) -> int:
    return sum(getattr(counts, state.value) for state in GROUP_STATES[group])


@dataclass(frozen=True)
class JobFilter:
    group: StateGroup = StateGroup.ALL
    text: str = ""

    @cached_property  # matches() runs for every row of a long list
    def words(self) -> tuple[str, ...]:
        return tuple(self.text.casefold().split())

    @property
    def shows_all(self) -> bool:
        return self.group is StateGroup.ALL and not self.words

    def matches(self, job: Job) -> bool:
        """Every word must appear in the deck's path or its error: "set2 password" finds the
        password-protected decks of one folder."""
        if job.state not in GROUP_STATES[self.group]:
            return False
        words = self.words
        if not words:
            return True
        haystack = f"{job.source}\n{job.error or ''}".casefold()
        return all(word in haystack for word in words)
