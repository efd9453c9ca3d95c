"""Short texts the window shows for jobs: durations, ETAs, progress captions, counts."""

from __future__ import annotations

from datetime import datetime

from worker.engines.base import PageLayout
from worker.errors import headline
from worker.jobs.model import Job, JobCounts, JobState

STATE_LABELS = {
    JobState.QUEUED: "Queued",
    JobState.RUNNING: "Converting",
    JobState.RETRYING: "Retrying",
    JobState.SUCCEEDED: "Done",
    JobState.FAILED: "Failed",
    JobState.CANCELLED: "Cancelled",
}

# Engines as the settings name them (the job records "builtin"; people read "Built-in").
ENGINE_LABELS = {
    "auto": "Automatic",
    "builtin": "Built-in",
    "libreoffice": "LibreOffice",
}


def engine_label(name: str) -> str:
    return ENGINE_LABELS.get(name, name)


# A converting deck whose slides are all drawn, while its PDF is finished (Job.finishing): its
# last slide is no longer being drawn, and no time is left to tell.
FINISHING_CAPTION = "Finishing the PDF…"

# A job recorded as running while no pool is alive to run it (see Job.interrupted).
INTERRUPTED_LABEL = "Interrupted"
INTERRUPTED_CAPTION = "Resumes when the converter starts"


# A deck whose run was cut off part-way converts again from slide 1 (a PDF is made in one go):
# its row says so, rather than its bar going back to 0 without a word (Job.started_again).
STARTED_AGAIN_LABEL = "Converting again"
STARTS_AGAIN_CAPTION = "Starts again from slide 1"


def started_again_text(job: Job) -> str:
    """Why a deck converts again from slide 1: the row's tooltip, the details pane."""
    if job.slides_total:
        reached = f"with {job.cut_off_at} of {job.slides_total} slides converted"
    else:
        reached = f"with {job.cut_off_at} slide{'s' if job.cut_off_at != 1 else ''} converted"
    if job.cut_off_by == "lost":
        why = f"The converter stopped unexpectedly {reached} (it was ended, or the computer shut down)"
    else:
        why = f"The converter was stopped {reached} (Slidepress was closed, or restarted it for new settings)"
    return f"{why}: this deck converts again from slide 1, since a PDF is made in one go."


def state_text(job: Job, pool_alive: bool = True) -> str:
    """The State column: a finished job that drew something differently says so at a glance
    ("Done, 2 warnings"); the warnings are in its tooltip and the details pane."""
    if job.interrupted(pool_alive):
        return INTERRUPTED_LABEL
    if job.started_again and job.state is JobState.RUNNING:
        return STARTED_AGAIN_LABEL
    label = STATE_LABELS[job.state]
    count = len(job.warnings)
    if job.state is JobState.SUCCEEDED and count:
        return f"{label}, {count} warning{'s' if count != 1 else ''}"
    return label


def layout_label(layout: PageLayout) -> str:
    """PowerPoint's print-layout names: "Full page slides", "Notes pages", "Handouts, 6 slides per page"."""
    n = layout.handout_slides
    if n is not None:
        return f"Handouts, {n} slide{'s' if n != 1 else ''} per page"
    return "Notes pages" if layout is PageLayout.NOTES else "Full page slides"


def job_layout_text(layout: str) -> str:
    """A job's layout as the details pane shows it; a value this version does not know, as is."""
    try:
        return layout_label(PageLayout(layout))
    except ValueError:
        return layout


def duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def elapsed(job: Job, now: datetime) -> float | None:
    if job.started_at is None:
        return None
    end = job.finished_at if job.finished_at is not None and job.state.finished else now
    return max(0.0, (end - job.started_at).total_seconds())


def time_text(job: Job, now: datetime, left: float | None = None, pool_alive: bool = True) -> str:
    """The Time column: time spent, and for a converting deck the time ``left`` estimated for it
    (desktop_app.estimate, which the status bar's figure comes from too)."""
    spent = elapsed(job, now)
    if spent is None:
        return ""
    if job.state is JobState.RUNNING and pool_alive and left is not None:
        return f"{duration(spent)} · {duration(left)} left"
    return duration(spent)


def progress_caption(job: Job, pool_alive: bool = True) -> str:
    if job.interrupted(pool_alive):
        return INTERRUPTED_CAPTION
    if job.state is JobState.RUNNING:
        if job.cancel_requested:
            return "Cancelling…"
        if job.slides_total <= 0:
            return "Starting…"
        if job.finishing:
            return FINISHING_CAPTION
        return f"slide {min(job.slides_done + 1, job.slides_total)} of {job.slides_total}"
    if job.state is JobState.SUCCEEDED:
        n = job.slides_total or job.slides_done
        return f"{n} slide{'s' if n != 1 else ''}" if n else "Done"
    if job.state is JobState.QUEUED and job.started_again:
        return STARTS_AGAIN_CAPTION
    if job.state is JobState.RETRYING:
        return f"Retrying (attempt {job.attempts + 1} of {job.max_attempts})"
    if job.state is JobState.FAILED and job.error:
        return headline(job.error)  # the State column already says "Failed": say why
    return STATE_LABELS[job.state]


def counts_text(counts: JobCounts) -> str:
    parts = []
    for state in JobState:
        n = getattr(counts, state.value)
        if n:
            parts.append(f"{n} {STATE_LABELS[state].lower()}")
    return ", ".join(parts) if parts else "No jobs"


def output_text(job: Job) -> tuple[str, bool]:
    """The details pane's Output line and whether a PDF is there to be had (else it is greyed):
    a failed job made none, and a waiting one has not made it yet."""
    if job.state is JobState.SUCCEEDED:
        return str(job.output), True
    if job.state.active:
        return f"Will be written to {job.output}", False
    return f"None made (it would have been {job.output})", False


def activity_text(paused: bool, counts: JobCounts, workers: int | None, alive: bool, starting: bool) -> str:
    """What the converter is doing, in a user's words: "Converting 2 at a time", "Paused", "Idle"."""
    if paused:
        return f"Paused, {counts.running} finishing" if counts.running else "Paused"
    if starting and not alive:
        return "Starting the converter\u2026"
    if not alive:
        return "Converter not running"
    busy = counts.running + counts.queued
    if busy:
        # The workers, not the running count: that dips to 0 between one deck and the next.
        at_once = min(workers or max(counts.running, 1), busy)
        return "Converting one at a time" if at_once == 1 else f"Converting {at_once} at a time"
    if counts.retrying:
        return "Waiting to retry"
    return "Idle"


def batch_text(done: float, left: float | None, members: int, short: bool = False) -> str:
    """The status bar's share of the batch done and its time left: "55% · 0:08 left" for one deck
    (its row's figure), "0:30 left for both" for two, "38% · 1:20 left for all 4" for more (their
    rows show their own). ``short``: without "for ..." (a narrow window; the tooltip says it)."""
    if not members:
        return ""
    text = f"{round(done * 100)}%"
    if left is not None:
        whole = "" if members == 1 or short else " for both" if members == 2 else f" for all {members}"
        text += f" · {duration(left)} left{whole}"
    return text


def batch_tip(members: int) -> str:
    if members > 1:
        return (
            f"The batch of {members} presentations: the share converted and the time until all are done;"
            " each row's Time column has its own"
        )
    return "The share of the presentation converted and the time left, as its row's Time column says"


def copied_line(job: Job, pool_alive: bool = True) -> str:
    """A job as the list's Copy puts it: the deck, its state, then why it failed or its PDF."""
    parts = [str(job.source), state_text(job, pool_alive)]
    if job.error and job.state in (JobState.FAILED, JobState.CANCELLED):
        parts.append(job.error)
    elif job.state is JobState.SUCCEEDED:
        parts.append(str(job.output))
        parts.extend(job.warnings)
    return "\t".join(parts)
