"""The details pane: everything about the selected job, its reason, warnings and log lines."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.colours import FAILURE_RED, readable_on
from desktop_app.formatting import (
    STATE_LABELS,
    duration,
    elapsed,
    engine_label,
    job_layout_text,
    output_text,
    started_again_text,
)
from worker.engines.base import PageLayout
from worker.jobs.model import Job, LogLine

log = logging.getLogger(__name__)

# The pane's lowest height, in lines of text: in a short window the list gets the rest, and the
# pane's contents scroll.
SHORTEST_LINES = 2


def _value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _boxed(box: QGroupBox, view: QWidget) -> None:
    # Narrow margins: the style's own (9 px a side) would make a short pane scroll as a whole.
    layout = QVBoxLayout(box)
    layout.setContentsMargins(4, 2, 4, 4)
    layout.addWidget(view)


class DetailsPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job: Job | None = None
        self._log_job: int | None = None
        self._log_rev = -1
        self.placeholder = QLabel("Select a job to see its details.")
        self.placeholder.setWordWrap(True)

        self.name = _value_label()
        self.source = _value_label()
        self.output = _value_label()
        self.state = _value_label()
        self.attempts = _value_label()
        self.engine = _value_label()
        self.pages = _value_label()
        self.timing = _value_label()
        self.form = form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Source", self.source)
        form.addRow("Output", self.output)
        form.addRow("State", self.state)
        form.addRow("Attempts", self.attempts)
        form.addRow("Engine", self.engine)
        form.addRow("Pages", self.pages)  # shown only for notes pages and handouts
        form.addRow("Time", self.timing)

        self.error = _value_label()
        self.error.setObjectName("errorText")
        self.colour_error()

        self.warnings = QPlainTextEdit()
        self.warnings.setReadOnly(True)
        self.warnings.setMaximumHeight(90)
        # Text views scroll: a short pane shows a line or two of them rather than the window
        # growing to fit their default heights.
        self.warnings.setMinimumHeight(self._lines_high(1))
        self.warnings.setAccessibleName("Warnings")  # a group box's title names no buddy
        self.warnings_box = QGroupBox("Warnings")
        _boxed(self.warnings_box, self.warnings)

        self.log_view = QPlainTextEdit()
        self.log_view.setObjectName("jobLog")
        self.log_view.setReadOnly(True)
        self.log_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.log_view.setMinimumHeight(self._lines_high(1))
        self.log_view.setAccessibleName("Log")
        log_box = QGroupBox("Log")
        _boxed(log_box, self.log_view)

        # The reason and facts on the left; warnings and the log, which run long, on the right.
        # The reason first: it is what a failed job's reader came for, and a pane of ordinary
        # height would scroll it out of view below the eight facts.
        # In a scroll area: a short pane (a small window, the splitter dragged down) scrolls the
        # facts instead of squeezing each row until paths and descenders are cut off.
        facts_body = QWidget()
        left = QVBoxLayout(facts_body)
        left.setContentsMargins(0, 0, 4, 0)
        left.addWidget(self.error)
        left.addLayout(form)
        left.addStretch(1)
        self.facts = QScrollArea()
        self.facts.setObjectName("detailsFacts")
        self.facts.setAccessibleName("Job details")
        self.facts.setWidget(facts_body)
        self.facts.setWidgetResizable(True)
        self.facts.setFrameShape(QFrame.Shape.NoFrame)
        self.facts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.facts.viewport().setAutoFillBackground(False)
        self.facts.setMinimumHeight(self._lines_high(1))  # a scroll area's own floor is two scroll bars
        facts_body.setAutoFillBackground(False)
        right = QVBoxLayout()
        right.addWidget(self.warnings_box)
        right.addWidget(log_box, 1)
        self.body = QWidget()
        body = QHBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.facts, 2)
        body.addLayout(right, 3)

        # The whole body scrolls too once the pane is shorter than a line of the facts beside the
        # log's box: its lowest height then sets no floor to the window's.
        self.scroller = QScrollArea()
        self.scroller.setObjectName("detailsBody")
        self.scroller.setWidget(self.body)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the facts and the log inside
        self.scroller.viewport().setAutoFillBackground(False)
        self.body.setAutoFillBackground(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 0)  # the splitter's handle is the gap above
        layout.addWidget(self.placeholder)
        layout.addWidget(self.scroller, 1)
        # One lowest height whatever is shown (the placeholder or a job): a selection showing
        # taller contents made the window grow to fit them, past a small screen's bottom at 2x.
        self.setMinimumHeight(self._lines_high(SHORTEST_LINES))
        self.show_job(None)

    def colour_error(self) -> None:
        """The reason in red, light enough on a dark desktop (#c0392b is 2.5:1 on Breeze Dark).
        The window calls it again when the desktop's palette changes."""
        # The application's: the pane's own palette is not always resolved anew by then.
        palette = QPalette(QApplication.palette(self))
        background = palette.color(QPalette.ColorRole.Window)
        palette.setColor(QPalette.ColorRole.WindowText, readable_on(FAILURE_RED, background))
        self.error.setPalette(palette)

    def _lines_high(self, lines: int) -> int:
        """The height of a text view showing ``lines`` lines (frame and margins included)."""
        return lines * self.fontMetrics().lineSpacing() + 12

    def show_job(self, job: Job | None) -> bool:
        """Show ``job``; True when its log should be (re)loaded."""
        self.job = job
        self.placeholder.setVisible(job is None)
        self.scroller.setVisible(job is not None)
        if job is None:
            self._log_job = None
            return False
        self.name.setText(job.source.name)
        self.source.setText(str(job.source))
        text, made = output_text(job)
        self.output.setText(text)
        # No PDF (failed, or not made yet): greyed, so nobody goes looking for it there.
        self.output.setForegroundRole(QPalette.ColorRole.WindowText if made else QPalette.ColorRole.PlaceholderText)
        state = STATE_LABELS[job.state]
        if job.cancel_requested and job.state.active:
            state += " (cancelling)"
        elif job.started_again:
            state += f". {started_again_text(job)}"
        self.state.setText(state)
        # "of 3" only while another try may come: a failed, cancelled or done deck's "1 of 3" read
        # as if two more tries were on their way.
        tries = f"{job.attempts} of {job.max_attempts}" if job.state.active else str(job.attempts)
        self.attempts.setText(tries)
        engine = job.engine_used or job.engine
        flags = (
            (job.options.include_hidden, "include hidden slides"),
            (job.options.pdf_a, "PDF/A"),
            (job.options.lossless_pictures, "lossless pictures"),
        )
        extras = [text for on, text in flags if on]
        self.engine.setText(engine_label(engine) + (f" ({', '.join(extras)})" if extras else ""))
        self.pages.setText(job_layout_text(job.options.layout))
        self.form.setRowVisible(self.pages, job.options.layout != PageLayout.SLIDES.value)
        spent = elapsed(job, datetime.now(UTC))
        self.timing.setText(duration(spent) if spent is not None else "not started")
        self.error.setText(job.error or "")
        self.error.setVisible(bool(job.error))
        self.warnings.setPlainText("\n".join(job.warnings))
        self.warnings_box.setVisible(bool(job.warnings))
        reload = job.id != self._log_job or job.rev != self._log_rev
        if job.id != self._log_job:
            self.log_view.clear()
        self._log_job, self._log_rev = job.id, job.rev
        return reload

    def show_log(self, job_id: int, lines: list[LogLine]) -> None:
        if job_id != self._log_job:
            return  # the selection moved on while the lines were read
        text = "\n".join(f"{line.at.astimezone():%H:%M:%S} {line.level:<7} {line.message}" for line in lines)
        if text != self.log_view.toPlainText():
            self.log_view.setPlainText(text)
            bar = self.log_view.verticalScrollBar()
            bar.setValue(bar.maximum())
