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


# How a view holding none of a group's jobs says so; with words, "No failed job matches 'x'".
NONE_IN_GROUP = {
    StateGroup.ALL: "No jobs",
    StateGroup.ACTIVE: "No job is waiting or converting",
    StateGroup.DONE: "No job is done yet",
    StateGroup.FAILED: "No failed jobs",
    StateGroup.CANCELLED: "No cancelled jobs",
}
GROUP_ADJECTIVE = {
    StateGroup.ALL: "",
    StateGroup.ACTIVE: "waiting or converting ",
    StateGroup.DONE: "converted ",
    StateGroup.FAILED: "failed ",
    StateGroup.CANCELLED: "cancelled ",
}


def nothing_shown_text(job_filter: JobFilter) -> str:
    """What a list shows in place of rows when the filter lets none through."""
    if not job_filter.words:
        return NONE_IN_GROUP[job_filter.group]
    return f"No {GROUP_ADJECTIVE[job_filter.group]}job matches \u201c{job_filter.text.strip()}\u201d"
