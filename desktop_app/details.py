"""The details pane: everything about the selected job, its reason, warnings and log lines."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
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

from desktop_app.formatting import STATE_LABELS, duration, elapsed, job_layout_text, output_text
from worker.engines.base import PageLayout
from worker.jobs.model import Job, LogLine

log = logging.getLogger(__name__)


def _value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


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
        palette = self.error.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#c0392b"))
        self.error.setPalette(palette)

        self.warnings = QPlainTextEdit()
        self.warnings.setReadOnly(True)
        self.warnings.setMaximumHeight(90)
        self.warnings_box = QGroupBox("Warnings")
        QVBoxLayout(self.warnings_box).addWidget(self.warnings)

        self.log_view = QPlainTextEdit()
        self.log_view.setObjectName("jobLog")
        self.log_view.setReadOnly(True)
        self.log_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        log_box = QGroupBox("Log")
        QVBoxLayout(log_box).addWidget(self.log_view)

        # Facts and the reason on the left; warnings and the log, which run long, on the right.
        # In a scroll area: a short pane (a small window, the splitter dragged down) scrolls the
        # facts instead of squeezing each row until paths and descenders are cut off.
        facts_body = QWidget()
        left = QVBoxLayout(facts_body)
        left.setContentsMargins(0, 0, 4, 0)
        left.addLayout(form)
        left.addWidget(self.error)
        left.addStretch(1)
        self.facts = QScrollArea()
        self.facts.setObjectName("detailsFacts")
        self.facts.setWidget(facts_body)
        self.facts.setWidgetResizable(True)
        self.facts.setFrameShape(QFrame.Shape.NoFrame)
        self.facts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.facts.viewport().setAutoFillBackground(False)
        facts_body.setAutoFillBackground(False)
        right = QVBoxLayout()
        right.addWidget(self.warnings_box)
        right.addWidget(log_box, 1)
        self.body = QWidget()
        body = QHBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.facts, 2)
        body.addLayout(right, 3)

        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.body, 1)
        self.show_job(None)

    def show_job(self, job: Job | None) -> bool:
        """Show ``job``; True when its log should be (re)loaded."""
        self.job = job
        self.placeholder.setVisible(job is None)
        self.body.setVisible(job is not None)
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
        self.state.setText(state)
        self.attempts.setText(f"{job.attempts} of {job.max_attempts}")
        engine = job.engine_used or job.engine
        flags = (
            (job.options.include_hidden, "include hidden slides"),
            (job.options.pdf_a, "PDF/A"),
            (job.options.lossless_pictures, "lossless pictures"),
        )
        extras = [text for on, text in flags if on]
        self.engine.setText(engine + (f" ({', '.join(extras)})" if extras else ""))
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
