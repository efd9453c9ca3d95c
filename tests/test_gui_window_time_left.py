"""The time left as the window shows it while real decks convert in a real pool: a row's Time
column and the status bar, read on every poll."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import hostile_support as hs
import pytest
from pytestqt.qtbot import QtBot
from test_gui_window import BATCH_TIMEOUT, Windows, drop, open_windows, wait_submitted

from desktop_app.job_model import Column
from desktop_app.window import MainWindow
from worker.jobs.model import JobState

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

LEFT = re.compile(r"(\d+(?::\d\d)+) left")


@pytest.fixture
def windows(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Windows]:
    yield from open_windows(qtbot, tmp_path, monkeypatch)


def seconds(text: str) -> int:
    total = 0
    for part in text.split(":"):
        total = total * 60 + int(part)
    return total


def left_in(text: object) -> str | None:
    found = LEFT.search(str(text or ""))
    return found.group(1) if found else None


def rows_left(window: MainWindow) -> dict[int, str | None]:
    """Each converting row's time left as its Time column reads now."""
    shown = {}
    for row in range(window.model.rowCount()):
        job = window.model.job_at(row)
        if job is not None and job.state is JobState.RUNNING:
            shown[job.id] = left_in(window.model.index(row, Column.TIME).data())
    return shown


def test_one_converting_deck_has_one_time_left_in_its_row_and_the_status_bar(
    qtbot: QtBot, windows: Windows, tmp_path: Path
) -> None:
    """Before, the row estimated from the time since the job started (opening the deck counted
    in its pace) and the status bar from the pace it saw itself, from 2.5 s after the first
    progress: side by side they said "0:08 left" and "0:06 left" (Xvfb, 150 slides), and the row
    told a time while the status bar told none. Both now show the one estimate made for both."""
    window = windows.new()
    deck = hs.many_slides(150, hs.table_xml(24))(tmp_path)  # ~0.1 s a slide: many polls part-way
    seen: list[tuple[str | None, str | None]] = []

    def record() -> None:
        for row in rows_left(window).values():
            seen.append((row, left_in(window.eta_label.text())))

    window.polled.connect(record)
    report = wait_submitted(qtbot, window, lambda: drop(window, [deck]))
    job_id = report.report.queued[0].id
    qtbot.waitUntil(lambda: window.model.job(job_id).state is JobState.SUCCEEDED, timeout=BATCH_TIMEOUT)  # type: ignore[union-attr]
    told = [pair for pair in seen if pair != (None, None)]
    assert told, f"no time left was shown in {len(seen)} polls"
    assert all(row == bar for row, bar in told), told


def test_several_decks_the_status_bar_tells_the_whole_batch(qtbot: QtBot, windows: Windows, tmp_path: Path) -> None:
    """Three decks, two at a time: the status bar's time is for all three and says so, and it is
    never less than a converting row's (the batch ends no sooner than its slowest deck)."""
    window = windows.new()
    decks = []
    for i in range(3):
        folder = tmp_path / f"deck{i}"
        folder.mkdir()
        decks.append(hs.many_slides(100, hs.table_xml(24))(folder))  # ~10 s each: paces to tell
    told: list[tuple[str, list[str], str]] = []

    def record() -> None:
        bar = window.eta_label.text()
        bar_left = left_in(bar)
        if bar_left is not None:
            rows = [left for left in rows_left(window).values() if left is not None]
            told.append((bar_left, rows, bar))

    window.polled.connect(record)
    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT) as finished:
        wait_submitted(qtbot, window, lambda: drop(window, decks))
    assert finished.args[0].succeeded == 3
    assert any(rows for _left, rows, _bar in told), told  # rows and the batch were told together
    for bar_left, rows, bar in told:
        assert bar.endswith(" left for all 3"), bar
        assert all(seconds(bar_left) >= seconds(row) for row in rows), (bar, rows)


def test_a_deck_finishing_its_pdf_is_said_so_and_no_zero_time_is_told(
    qtbot: QtBot, windows: Windows, tmp_path: Path
) -> None:
    """After its last slide a deck's PDF is finished (outline, links, fonts: half a second for
    these 150 slides of tables). Before, its row and the status bar read "0:00 left" meanwhile,
    and its bar "slide 150 of 150"; now the bar says "Finishing the PDF…" and no time is told
    until the batch's end is. Read on every poll, as a person sees it."""
    window = windows.new()
    deck = hs.many_slides(150, hs.table_xml(24))(tmp_path)
    finishing: list[tuple[str, str, str]] = []
    before: list[str] = []

    def record() -> None:
        for row in range(window.model.rowCount()):
            job = window.model.job_at(row)
            if job is None or job.state is not JobState.RUNNING:
                continue
            shown = tuple(str(window.model.index(row, c).data() or "") for c in (Column.PROGRESS, Column.TIME))
            if job.slides_done >= job.slides_total > 0:
                finishing.append((shown[0], shown[1], window.eta_label.text()))
            elif left_in(shown[1]) is not None:
                before.append(shown[1])

    window.polled.connect(record)
    with qtbot.waitSignal(window.batch_finished, timeout=BATCH_TIMEOUT) as finished:
        wait_submitted(qtbot, window, lambda: drop(window, [deck]))
    assert finished.args[0].succeeded == 1
    assert before, "no time left was told while the slides were drawn"
    assert finishing, "no poll came while the PDF was finished"
    for caption, time_shown, bar in finishing:
        assert left_in(time_shown) is None and left_in(bar) is None, finishing
        assert caption == "Finishing the PDF…", caption
