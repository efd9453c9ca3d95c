"""The job table model, delegates, settings and batch tracking, without a pool."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from desktop_app.batch import BatchTracker
from desktop_app.delegates import ActionsDelegate, ProgressDelegate, RowAction, action_enabled
from desktop_app.formatting import progress_caption, time_text
from desktop_app.job_model import JOB_ROLE, Column, JobTableModel
from desktop_app.resources import icon
from desktop_app.settings import OutputMode, Settings, SettingsStore
from worker.jobs.model import Job, JobOptions, JobState

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def snapshot(
    job_id: int,
    state: JobState = JobState.QUEUED,
    rev: int = 1,
    done: int = 0,
    total: int = 0,
    position: float | None = None,
    name: str | None = None,
    removed: bool = False,
) -> Job:
    started = T0 if state is not JobState.QUEUED else None
    return Job(
        id=job_id,
        source=Path(f"/decks/{name or f'deck{job_id:03}'}.pptx"),
        output=Path(f"/decks/{name or f'deck{job_id:03}'}.pdf"),
        state=state,
        slides_done=done,
        slides_total=total,
        attempts=1 if started else 0,
        max_attempts=3,
        error="Not a presentation: x" if state is JobState.FAILED else None,
        error_kind=None,
        engine="auto",
        engine_used=None,
        options=JobOptions(),
        warnings=[],
        position=float(job_id if position is None else position),
        created_at=T0,
        started_at=started,
        finished_at=T0 + timedelta(seconds=30) if state.finished else None,
        removed=removed,
        rev=rev,
    )


def test_model_passes_qtmodeltester_through_updates(qtmodeltester: object) -> None:
    model = JobTableModel(clock=lambda: T0 + timedelta(seconds=10))
    model.apply([snapshot(i) for i in range(1, 21)])
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.apply(
        [
            snapshot(3, JobState.RUNNING, rev=2, done=4, total=10),
            snapshot(5, JobState.SUCCEEDED, rev=2, done=3, total=3),
            snapshot(7, JobState.FAILED, rev=2),
            snapshot(8, rev=2, removed=True),
            snapshot(21),
            snapshot(22, position=-1),
        ]
    )
    model.sort(Column.NAME, Qt.SortOrder.DescendingOrder)
    model.sort(Column.PROGRESS)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 21
    assert model.job(8) is None


def test_apply_keeps_newer_snapshots_and_reports_transitions() -> None:
    model = JobTableModel()
    first = model.apply([snapshot(1), snapshot(2)])
    assert [j.id for j in first.added] == [1, 2]
    running = snapshot(1, JobState.RUNNING, rev=5, done=1, total=4)
    changes = model.apply([running])
    assert changes.transitions == [(JobState.QUEUED, running)]
    stale = model.apply([snapshot(1, rev=3)])  # an older submit report arriving late
    assert stale.transitions == [] and model.job(1) is running
    gone = model.apply([snapshot(2, rev=6, removed=True)])
    assert gone.removed == 1 and model.rowCount() == 1


def test_queue_order_follows_position_and_selection_survives_resort(qtbot: QtBot) -> None:
    model = JobTableModel()
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    model.apply([snapshot(i) for i in range(1, 6)])
    view.selectRow(model.row_of(4) or 0)
    model.apply([snapshot(4, rev=2, position=-10)])  # moved to the front
    assert [model.job_at(r).id for r in range(5)] == [4, 1, 2, 3, 5]  # type: ignore[union-attr]
    selected = view.selectionModel().selectedRows()
    assert [model.job_at(i.row()).id for i in selected] == [4]  # type: ignore[union-attr]


def test_texts_a_person_reads() -> None:
    now = T0 + timedelta(seconds=20)
    running = snapshot(1, JobState.RUNNING, done=11, total=40)
    assert progress_caption(running) == "slide 12 of 40"
    assert time_text(running, now, 53.4) == "0:20 · 0:53 left"
    assert time_text(running, now) == "0:20"  # too soon to tell: no time left is guessed
    assert progress_caption(snapshot(2, JobState.SUCCEEDED, done=1, total=1)) == "1 slide"
    assert progress_caption(replace(running, cancel_requested=True)) == "Cancelling…"


def test_a_running_job_no_pool_runs_reads_interrupted_until_the_pool_is_back(qtbot: QtBot) -> None:
    """The pool killed (kill -9) or unable to start: its running job's row stops saying it is
    converting, and its progress bar says what happens next."""
    model = JobTableModel(clock=lambda: T0 + timedelta(seconds=10))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegateForColumn(Column.PROGRESS, ProgressDelegate(view))
    model.apply([snapshot(1, JobState.RUNNING, done=2, total=8), snapshot(2)])

    def texts(row: int) -> tuple[str, str]:
        return model.index(row, Column.STATE).data(), model.index(row, Column.PROGRESS).data()

    assert texts(model.row_of(1) or 0) == ("Converting", "slide 3 of 8")
    with qtbot.waitSignal(model.dataChanged):
        model.set_pool_alive(False)
    assert texts(model.row_of(1) or 0) == ("Interrupted", "Resumes when the converter starts")
    assert texts(model.row_of(2) or 0) == ("Queued", "Queued")  # waiting anyway: nothing to say
    view.show()
    qtbot.waitExposed(view)  # the delegate paints the caption the model gives
    with qtbot.waitSignal(model.dataChanged):
        model.set_pool_alive(True)
    assert texts(model.row_of(1) or 0) == ("Converting", "slide 3 of 8")


def test_a_job_done_with_warnings_says_so_in_its_row(qtbot: QtBot) -> None:
    # 500 jobs: the ones drawn with a stand-in or a placeholder must stand out without a click.
    warned = replace(
        snapshot(1, JobState.SUCCEEDED, done=3, total=3),
        warnings=[
            "Slide 2: its layout is missing; drawn with the master's styles",
            "A chart was drawn as a placeholder",
        ],
    )
    model = JobTableModel(None)
    model.apply([warned, snapshot(2, JobState.SUCCEEDED, done=1, total=1)])
    state = {model.data(model.index(row, Column.NAME)): model.index(row, Column.STATE) for row in range(2)}
    assert model.data(state["deck001.pptx"]) == "Done, 2 warnings"
    tip = model.data(state["deck001.pptx"], Qt.ItemDataRole.ToolTipRole)
    assert tip.splitlines() == warned.warnings
    assert model.data(state["deck002.pptx"]) == "Done"
    assert model.data(state["deck002.pptx"], Qt.ItemDataRole.ToolTipRole) is None
    assert not model.data(state["deck001.pptx"], Qt.ItemDataRole.DecorationRole).isNull()  # a warning sign
    assert model.data(state["deck002.pptx"], Qt.ItemDataRole.DecorationRole) is None


def test_row_buttons_follow_state_and_clicks_emit(qtbot: QtBot) -> None:
    model = JobTableModel()
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = ActionsDelegate({a: icon("cancel") for a in RowAction}, view)
    view.setItemDelegateForColumn(Column.ACTIONS, delegate)
    view.setItemDelegateForColumn(Column.PROGRESS, ProgressDelegate(view))
    view.setColumnWidth(Column.ACTIONS, ActionsDelegate.width() + 6)
    view.verticalHeader().setDefaultSectionSize(40)
    view.resize(1400, 300)
    view.show()
    model.apply([snapshot(1, JobState.RUNNING, done=1, total=3), snapshot(2, JobState.FAILED)])
    assert action_enabled(RowAction.CANCEL, model.job(1))  # type: ignore[arg-type]
    assert not action_enabled(RowAction.RETRY, model.job(1))  # type: ignore[arg-type]
    assert action_enabled(RowAction.RETRY, model.job(2))  # type: ignore[arg-type]
    assert not action_enabled(RowAction.OPEN, model.job(2))  # type: ignore[arg-type]

    def center(row: int, action: RowAction) -> QPoint:
        rect = view.visualRect(model.index(row, Column.ACTIONS))
        return dict(ActionsDelegate.button_rects(rect))[action].center()

    with qtbot.waitSignal(delegate.triggered) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center(1, RowAction.RETRY))
    assert blocker.args[0] == "retry"
    index = blocker.args[1]
    assert isinstance(index, QPersistentModelIndex) and index.data(JOB_ROLE).id == 2
    # A disabled button does nothing.
    with qtbot.assertNotEmitted(delegate.triggered):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center(0, RowAction.RETRY))
    assert not view.grab().isNull()  # both delegates paint without complaint


def test_button_rects_fit_the_cell() -> None:
    cell = QRect(100, 40, ActionsDelegate.width() + 6, 44)
    rects = [r for _a, r in ActionsDelegate.button_rects(cell)]
    assert len(rects) == len(RowAction)
    assert all(cell.contains(r) for r in rects)
    assert all(a.right() < b.left() for a, b in pairwise(rects))


def test_settings_round_trip_and_damaged_file(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "config")
    assert store.load() == Settings()
    chosen = Settings(
        output_mode=OutputMode.FOLDER,
        output_folder=str(tmp_path / "out"),
        engine="builtin",
        workers=3,
        include_hidden=True,
        lossless_pictures=True,
        open_when_done=True,
        notify_when_done=False,
    )
    store.save(chosen)
    assert store.load() == chosen
    assert chosen.submit_options().out_dir == tmp_path / "out"
    assert chosen.submit_options().job_options.lossless_pictures
    assert list((tmp_path / "config").iterdir()) == [store.path]  # no temp file left behind
    store.path.write_text("{not json")
    assert store.load() == Settings()
    store.path.write_text('{"workers": "many", "engine": "builtin"}')
    assert store.load() == Settings(engine="builtin")


@pytest.mark.parametrize("fast", [True, False])
def test_one_batch_result_when_all_its_jobs_end(fast: bool) -> None:
    model = JobTableModel()
    clock = iter(range(100))
    tracker = BatchTracker(clock=lambda: float(next(clock)))
    assert tracker.observe(model.apply([snapshot(1), snapshot(2)]), model.job, active_now=2) is None
    if not fast:
        assert tracker.observe(model.apply([snapshot(1, JobState.RUNNING, rev=2, total=2)]), model.job, 2) is None
        done, _left = tracker.progress(model.job)
        assert done == 0.0
    # Both end within one poll: still one result with both counted.
    result = tracker.observe(
        model.apply(
            [
                replace(snapshot(1, JobState.SUCCEEDED, rev=3, done=2, total=2), warnings=["A chart ..."]),
                snapshot(2, JobState.FAILED, rev=3),
            ]
        ),
        model.job,
        active_now=0,
    )
    assert result is not None and (result.succeeded, result.failed, result.cancelled) == (1, 1, 0)
    assert result.warned == 1
    assert tracker.observe(model.apply([]), model.job, active_now=0) is None
    assert QModelIndex().isValid() is False


def test_thumbnails_come_from_the_helper_process(qtbot: QtBot, tmp_path: Path) -> None:
    from pptx import Presentation
    from test_stored_preview import legacy_deck, metafile_value

    from desktop_app.thumbnails import THUMB_WIDTH, ThumbnailCache

    deck = tmp_path / "thumb.pptx"
    prs = Presentation()
    prs.slides.add_slide(prs.slide_layouts[0]).shapes.title.text = "Hello"
    prs.save(str(deck))
    broken = tmp_path / "broken.pptx"
    broken.write_bytes(b"not a deck")
    old = legacy_deck(tmp_path / "old.ppt", metafile_value())  # its stored 4:3 preview is shown
    cache = ThumbnailCache.in_process()
    try:
        good, bad = replace(snapshot(1), source=deck), replace(snapshot(2), source=broken)
        legacy = replace(snapshot(3), source=old)
        assert cache.get(good) is None and cache.get(bad) is None and cache.get(legacy) is None
        with qtbot.waitSignal(cache.ready, timeout=60_000) as blocker:
            pass
        assert blocker.args == [1]
        pixmap = cache.get(good)
        assert pixmap is not None and pixmap.width() == THUMB_WIDTH and 0 < pixmap.height() < THUMB_WIDTH
        qtbot.waitUntil(lambda: cache.pending() == 0, timeout=60_000)
        assert cache.get(bad) is None  # a deck that cannot be read has no thumbnail, and no crash
        preview = cache.get(legacy)
        assert preview is not None and (preview.width(), preview.height()) == (THUMB_WIDTH, THUMB_WIDTH * 3 // 4)
    finally:
        cache.clear()


def test_settings_dialog_reads_and_returns_every_setting(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop_app.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings(workers=2))
    qtbot.addWidget(dialog)
    assert dialog.next_to_source.isChecked() and not dialog.folder.isEnabled()
    dialog.one_folder.setChecked(True)
    assert dialog.folder.isEnabled()
    dialog.folder.setText(str(tmp_path))
    dialog.engine.setCurrentIndex(dialog.engine.findData("builtin"))
    dialog.workers.setValue(3)
    dialog.include_hidden.setChecked(True)
    dialog.lossless_pictures.setChecked(True)
    dialog.open_when_done.setChecked(True)
    dialog.notify.setChecked(False)
    assert dialog.result_settings() == Settings(
        output_mode=OutputMode.FOLDER,
        output_folder=str(tmp_path),
        engine="builtin",
        workers=3,
        include_hidden=True,
        lossless_pictures=True,
        open_when_done=True,
        notify_when_done=False,
    )


def test_queue_places_follow_the_jobs_still_to_convert() -> None:
    model = JobTableModel()

    def places() -> dict[int, str]:
        return {job.id: model.index(model.row_of(job.id) or 0, Column.QUEUE).data() for job in model.jobs()}

    changes = model.apply([snapshot(i, position=float(i)) for i in range(1, 6)])
    assert changes.queue_moved and places() == {1: "1", 2: "2", 3: "3", 4: "4", 5: "5"}
    changes = model.apply([snapshot(1, JobState.RUNNING, rev=2, total=3, position=1.0)])
    assert not changes.queue_moved and places()[1] == "1"  # converting is still in the queue
    model.apply([snapshot(1, JobState.SUCCEEDED, rev=3, done=3, total=3, position=1.0)])
    model.apply([snapshot(5, rev=3, position=0.0)])  # moved to the front
    model.apply([snapshot(3, JobState.CANCELLED, rev=4, position=3.0)])
    assert places() == {1: "", 2: "2", 3: "", 4: "3", 5: "1"}
    model.apply([snapshot(3, rev=5, position=6.0)])  # retried: the end of the line
    assert places() == {1: "", 2: "2", 3: "4", 4: "3", 5: "1"}


class Ticking:
    """The window's one-second clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_time_left_leaves_out_the_wait_for_the_pool_and_pauses() -> None:
    """Ten decks of two slides, one every 2 s, once the pool is up 20 s after they were queued
    (a cold start, or the window opened on an interrupted batch). The time left is measured from
    the first progress: before, the 20 s with nothing done counted in the pace, and the status bar
    said "2:10 left" where 17 s were left. A pause shows no time left, and the pace after it is
    measured afresh (before, the pause made the estimate too long again)."""
    clock = Ticking()
    model = JobTableModel()
    tracker = BatchTracker(clock=clock)
    jobs = {i: snapshot(i) for i in range(1, 11)}
    tracker.observe(model.apply(list(jobs.values())), model.job, active_now=10)
    rev = 1

    def at(second: float, running: int | None, half: bool, paused: bool = False) -> float | None:
        """The state at ``second``: jobs before ``running`` done, ``running`` at 1 of 2 slides when ``half``."""
        nonlocal rev
        clock.now = second
        rev += 1
        changed = []
        for i, job in jobs.items():
            if running is not None and i < running and job.state is not JobState.SUCCEEDED:
                changed.append(snapshot(i, JobState.SUCCEEDED, rev=rev, done=2, total=2))
            elif i == running:
                changed.append(snapshot(i, JobState.RUNNING, rev=rev, done=1 if half else 0, total=2))
        for job in changed:
            jobs[job.id] = job
        active = sum(j.state.active for j in jobs.values())
        tracker.observe(model.apply(changed), model.job, active_now=active)
        _done, left = tracker.progress(model.job, paused=paused)
        return left

    for second in range(0, 21):  # the pool starting: nothing moves
        assert at(second, None, False) is None
    assert at(21, 1, True) is None  # one second of pace is too little to tell
    assert at(22, 2, False) is None
    left = at(23, 2, True)
    assert left is not None and 17 * 0.8 <= left <= 17 * 1.2, left  # 8.5 decks at 2 s each

    # Paused after deck 3 for a minute: no time left is shown while paused...
    at(24, 3, False)
    for second in range(25, 85):
        assert at(second, 3, False, paused=True) is None
    # ...and once converting again, the minute does not slow the pace: 7 decks left at 2 s each.
    assert at(85, 3, True) is None
    at(86, 4, False)
    left = at(87, 4, True)
    assert left is not None and 13 * 0.8 <= left <= 13 * 1.2, left
    # A slow slide (a second with nothing new) is part of the pace: the time left stays shown.
    assert at(88, 4, True) is not None


def test_one_converting_deck_has_one_time_left_without_its_opening() -> None:
    """A ten-slide deck that takes 3 s to open, then converts a slide a second. Its row's time
    left and the batch's are one figure, and the opening is not part of the pace: at slide 5,
    5 s are left (the row's old estimate from the job's start said 7 s, the status bar another)."""
    clock = Ticking()
    model = JobTableModel()
    tracker = BatchTracker(clock=clock)
    tracker.observe(model.apply([snapshot(1)]), model.job, active_now=1)
    rev = 1
    lefts: list[tuple[float | None, float | None]] = []
    for second in range(1, 13):
        clock.now = second
        rev += 1
        done = max(0, second - 3)
        changes = model.apply([snapshot(1, JobState.RUNNING, rev=rev, done=done, total=10)])
        tracker.observe(changes, model.job, active_now=1)
        _done, left = tracker.progress(model.job)
        lefts.append((tracker.time_left.job(1), left))
    assert all(row == bar for row, bar in lefts), lefts
    assert lefts[7] == (5.0, 5.0)  # second 8: 5 of 10 done, 4 slides in 4 s since the first
    assert lefts[0] == (None, None)  # opening: too soon to tell


def test_the_status_bars_time_left_names_the_decks_it_covers() -> None:
    from desktop_app.formatting import batch_text

    assert batch_text(0.55, 8, 1) == "55% · 0:08 left"  # the row's own figure
    assert batch_text(0.33, 18, 2) == "33% · 0:18 left for both"
    assert batch_text(0.38, 80, 4) == "38% · 1:20 left for all 4"
    assert batch_text(0.1, None, 3) == "10%"  # too soon to tell
