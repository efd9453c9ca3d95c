"""One table model over job snapshots, updated from the poller's "changed since" batches."""

from __future__ import annotations

import logging
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from desktop_app.formatting import progress_caption, started_again_text, state_text, time_text
from desktop_app.row_actions import actions_text
from worker.discovery import natural_key
from worker.jobs.filtering import JobFilter
from worker.jobs.model import Job, JobState

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex
JOB_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
# Whether the thumbnail cell's picture is the deck's own first slide (False: the placeholder while
# it is made, or for a deck that could not be read; None: no thumbnails in this window).
THUMB_LOADED_ROLE = Qt.ItemDataRole.UserRole + 3


class Column(IntEnum):
    THUMB = 0
    NAME = 1
    SLIDES = 2
    PROGRESS = 3
    STATE = 4
    TIME = 5
    OUTPUT = 6
    ACTIONS = 7
    # Last in the model so a header layout saved before it existed still restores; the window
    # shows it first.
    QUEUE = 8


HEADERS = {
    Column.QUEUE: "#",
    Column.THUMB: "",
    Column.NAME: "Name",
    Column.SLIDES: "Slides",
    Column.PROGRESS: "Progress",
    Column.STATE: "State",
    Column.TIME: "Time",
    Column.OUTPUT: "Output",
    Column.ACTIONS: "Actions",
}
HEADER_TIPS = {
    Column.QUEUE: "Place in the queue of the jobs still to convert; sorting by it shows the queue order",
    Column.THUMB: "First slide",
    Column.TIME: "Time spent converting, and the estimate of what is left",
}
# What a screen reader names a header Qt shows without text ("#" is read as it is).
HEADER_NAMES = {Column.THUMB: "First slide", Column.QUEUE: "Place in the queue"}
STATE_ORDER = {s: i for i, s in enumerate(JobState)}


class Thumbnails(Protocol):
    def get(self, job: Job) -> QPixmap | None: ...

    def loaded(self, job_id: int) -> bool: ...


@dataclass
class Changes:
    """What one ``apply`` did: new rows, and jobs whose state moved (for notifications)."""

    added: list[Job] = field(default_factory=list)
    transitions: list[tuple[JobState | None, Job]] = field(default_factory=list)
    removed: int = 0
    # Finished jobs that ran again between two polls (a retried deck failing again in
    # milliseconds): no state moved, yet they were a batch.
    reran: list[Job] = field(default_factory=list)
    # A job joined, left or moved in the queue: the places shown in the "#" column changed. The
    # view repaints that column; no signal per row (a job leaving the head moves every place).
    queue_moved: bool = False


def now_utc() -> datetime:
    return datetime.now(UTC)


# Every cell's flags, made once: Qt asks for them per cell (thousands of times when a big batch
# is selected), and or-ing three enum members in Python each time showed in the profile.
ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class JobTableModel(QAbstractTableModel):
    def __init__(
        self,
        thumbnails: Thumbnails | None = None,
        clock: Callable[[], datetime] = now_utc,
        parent: QObject | None = None,
        time_left: Callable[[int], float | None] | None = None,
    ) -> None:
        super().__init__(parent)
        # A converting job's time left by its id, as estimated with the batch's (desktop_app.estimate).
        self._time_left = time_left
        self._jobs: list[Job] = []
        self._rows: dict[int, int] = {}
        self._thumbnails = thumbnails
        self._clock = clock
        self._sort_column = int(Column.QUEUE)
        # The jobs still to convert in the pool's order, as (position, id); a job's place in the
        # queue is found by bisection when its cell is painted, so a job leaving the head does not
        # renumber (and signal) every other row.
        self._queue: list[tuple[float, int]] = []
        self._queue_key: dict[int, tuple[float, int]] = {}
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._warning: QPixmap | None = None
        # Whether a pool is alive to run the jobs recorded as running (see Job.interrupted).
        self._pool_alive = True

    # -- Qt model interface --------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._jobs)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return HEADER_NAMES.get(column)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return ROW_FLAGS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._jobs) or not 0 <= index.column() < len(Column):
            return None
        job = self._jobs[index.row()]
        column = Column(index.column())
        if role == JOB_ROLE:
            return job
        if role == SORT_ROLE:
            return sort_key(job, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(job, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(job, column)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == Column.ACTIONS:
            # The row's buttons are drawn, not widgets: a screen reader read the cell as empty.
            return actions_text(job)
        if role == Qt.ItemDataRole.DecorationRole and column == Column.THUMB and self._thumbnails is not None:
            return self._thumbnails.get(job)
        if role == THUMB_LOADED_ROLE and self._thumbnails is not None:
            return self._thumbnails.loaded(job.id)
        if role == Qt.ItemDataRole.DecorationRole and column == Column.STATE and job.warnings:
            return self._warning_icon()
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.SLIDES, Column.QUEUE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, job: Job, column: Column) -> str | None:
        if column == Column.QUEUE:
            key = self._queue_key.get(job.id)
            return str(bisect_left(self._queue, key) + 1) if key is not None else ""
        if column == Column.NAME:
            return job.source.name
        if column == Column.SLIDES:
            return str(job.slides_total) if job.slides_total else ""
        if column == Column.PROGRESS:
            return progress_caption(job, self._pool_alive)
        if column == Column.STATE:
            return state_text(job, self._pool_alive)
        if column == Column.TIME:
            left = self._time_left(job.id) if self._time_left is not None else None
            return time_text(job, self._clock(), left, self._pool_alive)
        if column == Column.OUTPUT:
            return job.output.name if job.state is JobState.SUCCEEDED else ""
        return None

    def _warning_icon(self) -> QPixmap:
        # A pixmap, not an icon: the view's icon size is the thumbnails', far too big for a sign.
        if self._warning is None:
            sign = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self._warning = sign.pixmap(16, 16)
        return self._warning

    def _tooltip(self, job: Job, column: Column) -> str | None:
        if column == Column.NAME:
            return str(job.source)
        if column == Column.OUTPUT:
            return str(job.output)
        if column in (Column.STATE, Column.PROGRESS) and job.error:
            return job.error
        if column in (Column.STATE, Column.PROGRESS) and job.started_again:
            return started_again_text(job)
        if column == Column.STATE and job.warnings:
            return "\n".join(job.warnings)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column):
            return
        self._sort_column, self._sort_order = column, order
        self._resort()

    # -- updates -------------------------------------------------------------------------------

    def apply(self, jobs: Iterable[Job]) -> Changes:
        """Merge snapshots: update known rows, add new ones, drop removed ones.

        A snapshot older than the row's (lower ``rev``) is ignored, so a submit's immediate report
        and the poller's later batch can arrive in either order.
        """
        changes = Changes()
        removed_rows: list[int] = []
        fresh: list[Job] = []
        touched_rows: list[int] = []
        seen_new: set[int] = set()
        resort = False
        column = Column(self._sort_column)
        for job in jobs:
            row = self._rows.get(job.id)
            if row is None:
                if not job.removed and job.id not in seen_new:
                    seen_new.add(job.id)
                    fresh.append(job)
                    changes.transitions.append((None, job))
                continue
            old = self._jobs[row]
            if job.rev < old.rev:
                continue
            if job.removed:
                removed_rows.append(row)
                changes.queue_moved |= self._leave_queue(job.id)
                continue
            if old.state is not job.state:
                changes.transitions.append((old.state, job))
            elif job.state.finished and job.started_at is not None and job.started_at != old.started_at:
                changes.reran.append(job)
            if (old.state.active, old.position) != (job.state.active, job.position):
                self._leave_queue(job.id)
                self._join_queue(job)
                changes.queue_moved = True
            if sort_key(old, column) != sort_key(job, column):
                resort = True
            self._jobs[row] = job
            touched_rows.append(row)
        for first, last in _ranges(touched_rows):
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1))
        if removed_rows:
            self._remove_rows(removed_rows)
            changes.removed = len(removed_rows)
        if fresh:
            start = len(self._jobs)
            self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
            self._jobs.extend(fresh)
            for i, job in enumerate(fresh, start=start):
                self._rows[job.id] = i
            self.endInsertRows()
            changes.added = fresh
            resort = True
        if resort:
            self._resort()
        if fresh:
            waiting = [(job.position, job.id) for job in fresh if job.state.active]
            if waiting:
                self._queue_key.update((key[1], key) for key in waiting)
                self._queue = sorted(self._queue + waiting)
                changes.queue_moved = True
        return changes

    def set_pool_alive(self, alive: bool) -> None:
        """A pool died or came back: running jobs read interrupted while none is alive."""
        if alive == self._pool_alive:
            return
        self._pool_alive = alive
        rows = [i for i, job in enumerate(self._jobs) if job.state is JobState.RUNNING]
        first_column, last_column = min(Column.PROGRESS, Column.TIME), max(Column.PROGRESS, Column.TIME)
        for first, last in _ranges(rows):
            self.dataChanged.emit(
                self.index(first, first_column), self.index(last, last_column), [Qt.ItemDataRole.DisplayRole]
            )

    def refresh_running(self) -> None:
        """Repaint the time column of running jobs (their elapsed time moves without a change)."""
        rows = [i for i, job in enumerate(self._jobs) if job.state is JobState.RUNNING]
        for first, last in _ranges(rows):
            self.dataChanged.emit(
                self.index(first, Column.TIME), self.index(last, Column.TIME), [Qt.ItemDataRole.DisplayRole]
            )

    def thumbnail_ready(self, job_id: int) -> None:
        row = self._rows.get(job_id)
        if row is not None:
            index = self.index(row, Column.THUMB)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    # -- lookups -------------------------------------------------------------------------------

    def job_at(self, row: int) -> Job | None:
        return self._jobs[row] if 0 <= row < len(self._jobs) else None

    def job(self, job_id: int) -> Job | None:
        row = self._rows.get(job_id)
        return None if row is None else self._jobs[row]

    def row_of(self, job_id: int) -> int | None:
        return self._rows.get(job_id)

    def jobs(self) -> list[Job]:
        return list(self._jobs)

    # -- internals -----------------------------------------------------------------------------

    def _remove_rows(self, rows: Sequence[int]) -> None:
        for first, last in reversed(_ranges(sorted(rows))):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._jobs[first : last + 1]
            self.endRemoveRows()
        self._rows = {job.id: i for i, job in enumerate(self._jobs)}

    def _join_queue(self, job: Job) -> None:
        if job.state.active:
            key = (job.position, job.id)
            self._queue_key[job.id] = key
            insort(self._queue, key)

    def _leave_queue(self, job_id: int) -> bool:
        key = self._queue_key.pop(job_id, None)
        if key is None:
            return False
        del self._queue[bisect_left(self._queue, key)]
        return True

    def _resort(self) -> None:
        column = Column(self._sort_column)
        reverse = self._sort_order == Qt.SortOrder.DescendingOrder
        ordered = sorted(self._jobs, key=lambda j: sort_key(j, column), reverse=reverse)
        if [j.id for j in ordered] == [j.id for j in self._jobs]:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._jobs[p.row()].id if 0 <= p.row() < len(self._jobs) else None for p in persistent]
        self._jobs = ordered
        self._rows = {job.id: i for i, job in enumerate(self._jobs)}
        moved = []
        for p, job_id in zip(persistent, ids, strict=True):
            row = self._rows.get(job_id) if job_id is not None else None
            moved.append(QModelIndex() if row is None else self.index(row, p.column()))
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()


def sort_key(job: Job, column: Column) -> tuple[Any, ...]:
    """Sort keys end with the queue position so equal keys keep the queue order."""
    tail = (job.position, job.id)
    if column == Column.NAME:
        return (natural_key(job.source.name), *tail)
    if column == Column.SLIDES:
        return (job.slides_total, *tail)
    if column == Column.PROGRESS:
        return (job.progress, *tail)
    if column == Column.STATE:
        return (STATE_ORDER[job.state], *tail)
    if column == Column.TIME:
        started = job.started_at.timestamp() if job.started_at else 0.0
        return (started, *tail)
    if column == Column.OUTPUT:
        return (natural_key(str(job.output)), *tail)
    return tail


def _ranges(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted row numbers, so one signal covers a run."""
    runs: list[tuple[int, int]] = []
    for row in sorted(rows):
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


class JobFilterModel(QSortFilterProxyModel):
    """The rows the filter bar lets through, in the order the job model keeps them.

    Sorting stays in ``JobTableModel`` (it keeps the queue order as the tie-break): this proxy
    only hides rows, and a job whose state changes moves in or out of view on its own.
    """

    def __init__(self, source: JobTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._filter = JobFilter()
        # Jobs the user retried from this view: they stay listed until the filter changes, so a
        # deck retried from "Failed" keeps its row, its selection and the details while it runs
        # again, and is seen failing again or done (a mail client keeps a message just read in
        # its "Unread" view the same way).
        self._kept: set[int] = set()
        self.setSourceModel(source)
        self.setDynamicSortFilter(True)
        # What the filter reads (JOB_ROLE) changes only with a whole-row update; a change of text
        # alone (the time column each second, queue places) then passes through without the
        # proxy testing every row of it again.
        self.setFilterRole(JOB_ROLE)
        self.setSortRole(SORT_ROLE)

    @property
    def job_filter(self) -> JobFilter:
        return self._filter

    def set_job_filter(self, job_filter: JobFilter) -> None:
        if job_filter == self._filter:
            return
        self.beginFilterChange()
        self._filter = job_filter
        self._kept.clear()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def keep_shown(self, job_ids: Iterable[int]) -> None:
        """Keep these jobs listed until the filter changes, whatever state they go to."""
        if not self._filter.shows_all:
            self._kept.update(job_ids)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if self._filter.shows_all:
            return True
        job = self._source.job_at(source_row)
        return job is not None and (job.id in self._kept or self._filter.matches(job))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._source.sort(column, order)

    def job_at(self, row: int) -> Job | None:
        index = self.index(row, 0)
        # Straight to the source's list: data() through both models costs ~60 us a row, which a
        # selection of every job of a big batch pays on each poll.
        return self._source.job_at(self.mapToSource(index).row()) if index.isValid() else None

    def row_of(self, job_id: int) -> int | None:
        """The shown row of a job; None when it is filtered out (or gone)."""
        row = self._source.row_of(job_id)
        if row is None:
            return None
        mapped = self.mapFromSource(self._source.index(row, 0))
        return mapped.row() if mapped.isValid() else None
