"""The job as the window, the command line and the pool see it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    RETRYING = "retrying"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)

    @property
    def active(self) -> bool:
        return not self.finished


@dataclass(frozen=True)
class JobOptions:
    """What a job converts with; part of the job's idempotency key."""

    engine: str = "auto"
    include_hidden: bool = False
    layout: str = "slides"  # a worker.engines.base.PageLayout value: slides, notes, handout-N
    pdf_a: bool = False
    lossless_pictures: bool = False  # every picture keeps its exact pixels (ConvertOptions)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"engine": self.engine, "include_hidden": self.include_hidden}
        # Only when not the default: the job keys of default PDFs stay what they were before these options.
        if self.layout != "slides":
            data["layout"] = self.layout
        if self.pdf_a:
            data["pdf_a"] = True
        if self.lossless_pictures:
            data["lossless_pictures"] = True
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> JobOptions:
        return cls(
            engine=str(data.get("engine", "auto")),
            include_hidden=bool(data.get("include_hidden")),
            layout=str(data.get("layout", "slides")),
            pdf_a=bool(data.get("pdf_a")),
            lossless_pictures=bool(data.get("lossless_pictures")),
        )


@dataclass(frozen=True)
class SubmitOptions:
    """How dropped paths become jobs."""

    engine: str = "auto"
    include_hidden: bool = False
    layout: str = "slides"  # a worker.engines.base.PageLayout value
    pdf_a: bool = False
    lossless_pictures: bool = False
    out_dir: Path | None = None  # None: the PDF goes next to its source
    force: bool = False  # convert again even when an up-to-date PDF exists
    # Among several named files, skip (and name) those with another extension: a file manager's
    # multi-selection holds strays. The command line takes every named file and says why it fails.
    skip_strays: bool = False

    @property
    def job_options(self) -> JobOptions:
        return JobOptions(
            engine=self.engine,
            include_hidden=self.include_hidden,
            layout=self.layout,
            pdf_a=self.pdf_a,
            lossless_pictures=self.lossless_pictures,
        )


@dataclass
class Job:
    """A snapshot of one row of jobs.db. Mutating it changes nothing: use the JobQueue."""

    id: int
    source: Path
    output: Path
    state: JobState
    slides_done: int
    slides_total: int
    attempts: int
    max_attempts: int
    error: str | None
    error_kind: str | None
    engine: str
    engine_used: str | None
    options: JobOptions
    warnings: list[str]
    position: float
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    cancel_requested: bool = False
    removed: bool = False  # only ever True in changed_since(): the window drops the row
    rev: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    # Its last run was cut off at this slide (the pool was stopped, "stopped", or died, "lost")
    # and the deck starts again from slide 1; 0: no run of it was cut off since it was queued.
    cut_off_at: int = 0
    cut_off_by: str | None = None

    @property
    def started_again(self) -> bool:
        """Waiting or converting again from slide 1 after a run cut off part-way."""
        return self.cut_off_at > 0 and self.state in (JobState.QUEUED, JobState.RUNNING)

    @property
    def progress(self) -> float:
        if self.state is JobState.SUCCEEDED:
            return 1.0
        if self.slides_total <= 0:
            return 0.0
        return min(1.0, self.slides_done / self.slides_total)

    @property
    def finishing(self) -> bool:
        """Converting with every slide drawn: its PDF is being finished (outline, links, fonts),
        which takes a moment more; no slide is left to estimate a time from."""
        return self.state is JobState.RUNNING and 0 < self.slides_total <= self.slides_done

    def interrupted(self, pool_alive: bool) -> bool:
        """Recorded as running while no pool is alive: its run was cut off (the pool was killed,
        or stopped with jobs under way) and nothing is converting it. The next pool to start
        queues it again (worker/pool/pool.py), so it is waiting, not lost."""
        return self.state is JobState.RUNNING and not pool_alive

    def to_json(self, pool_alive: bool = True) -> dict[str, Any]:
        """The object `slidepress jobs --json` prints (DESIGN.md's contract). ``state`` keeps the
        contract's values: a running job no pool runs is "running" with ``interrupted`` true."""
        return {
            "id": self.id,
            "source": str(self.source),
            "output": str(self.output),
            "state": self.state.value,
            "interrupted": self.interrupted(pool_alive),
            "progress": round(self.progress, 4),
            "slides_done": self.slides_done,
            "slides_total": self.slides_total,
            "attempts": self.attempts,
            "error": self.error,
            "engine": self.engine_used or self.engine,
            "created_at": iso(self.created_at),
            "started_at": iso(self.started_at),
            "finished_at": iso(self.finished_at),
            "warnings": list(self.warnings),
            "position": self.position,
            "options": self.options.to_dict(),
        }


class SubmitOutcome(StrEnum):
    QUEUED = "queued"  # a new job, or an old one queued again
    ALREADY_QUEUED = "already_queued"  # the same file and options are queued or running
    UP_TO_DATE = "up_to_date"  # its PDF was made and is still there (use force)


@dataclass
class SubmitReport:
    """What one submit did with each dropped path."""

    queued: list[Job] = field(default_factory=list)
    already_queued: list[Job] = field(default_factory=list)
    up_to_date: list[Job] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count (see worker.discovery)
    not_presentations: list[Path] = field(default_factory=list)  # strays among several named files
    missing: list[Path] = field(default_factory=list)  # dropped paths that do not exist
    unreadable: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def jobs(self) -> list[Job]:
        """Every job the submitted decks map to, in submission order of kind."""
        return [*self.queued, *self.already_queued, *self.up_to_date]


@dataclass(frozen=True)
class JobCounts:
    queued: int = 0
    running: int = 0
    retrying: int = 0
    succeeded: int = 0
    failed: int = 0
    cancelled: int = 0

    @property
    def active(self) -> int:
        return self.queued + self.running + self.retrying

    @property
    def total(self) -> int:
        return self.active + self.succeeded + self.failed + self.cancelled


@dataclass(frozen=True)
class LogLine:
    job_id: int
    at: datetime
    level: str
    message: str


# Aliases for signatures inside classes whose ``list`` method hides the builtin.
JobList = list[Job]
IdList = list[int]
StrList = list[str]
LogList = list[LogLine]


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="milliseconds")


def from_epoch(seconds: float | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC)
