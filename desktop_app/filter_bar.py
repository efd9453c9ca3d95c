"""The bar above the job list: show one group of states, find by name, folder or error."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QStyle, QWidget

from worker.jobs.filtering import JobFilter, StateGroup, group_count
from worker.jobs.model import JobCounts

log = logging.getLogger(__name__)

GROUP_LABELS = {
    StateGroup.ALL: "All",
    StateGroup.ACTIVE: "Waiting or converting",
    StateGroup.DONE: "Done",
    StateGroup.FAILED: "Failed",
    StateGroup.CANCELLED: "Cancelled",
}


class CountsBox(QComboBox):
    """A combo box whose preferred width is at least ``held``; its least width stays its own, so a
    narrow window may still squeeze it."""

    held = 0

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.held), hint.height())


class FilterBar(QWidget):
    changed = Signal(object)  # JobFilter
    failures_asked = Signal()  # the "Show N failed" link was followed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self.group = CountsBox()
        self.group.setObjectName("stateFilter")
        self.group.setToolTip("Show only the jobs in one state")
        self.group.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for group in StateGroup:
            self.group.addItem(GROUP_LABELS[group], group.value)
        self._hold_width_for_counts()
        self.search = QLineEdit()
        self.search.setObjectName("searchField")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("Find by name, folder or error")
        self.search.setAccessibleName("Find jobs")  # a placeholder is gone once typed in
        self.search.setToolTip("Show the jobs whose file, folder or error holds every word typed (Ctrl+F)")
        self.search.installEventFilter(self)
        self.shown = QLabel()
        self.shown.setObjectName("filterCount")
        # After a batch with failures: one click, or Tab then Enter, from a long list to them.
        self.failures = QPushButton()
        self.failures.setObjectName("showFailures")
        self.failures.setFlat(True)
        self.failures.setAutoDefault(True)  # Enter presses it, as Space does
        self.failures.setCursor(Qt.CursorShape.PointingHandCursor)
        # The platform's warning sign: a flat button is otherwise text among the bar's labels.
        self.failures.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
        self.failures.setToolTip("Show only the failed jobs, the first of them selected, to read why")
        self.failures.clicked.connect(self.failures_asked)
        self.failures.hide()
        show_label = QLabel("&Show")
        show_label.setBuddy(self.group)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(show_label)
        layout.addWidget(self.group)
        layout.addWidget(self.search, 1)
        layout.addWidget(self.shown)
        layout.addWidget(self.failures)
        self.group.currentIndexChanged.connect(self._emit)
        self.search.textChanged.connect(self._emit)

    def job_filter(self) -> JobFilter:
        return JobFilter(StateGroup(str(self.group.currentData())), self.search.text())

    def set_group(self, group: StateGroup) -> None:
        self.group.setCurrentIndex(self.group.findData(group.value))

    def reset(self) -> None:
        self.search.clear()
        self.set_group(StateGroup.ALL)

    def _hold_width_for_counts(self) -> None:
        """Room for counts of up to five digits from the start: sized to its items, the box grew a
        few pixels each time a count gained a digit (9 -> 10, 99 -> 100 done) and the find field
        beside it jumped sideways during a batch."""
        # "Waiting or converting" adds three states: 33,333 each makes it five digits too.
        widest = JobCounts(33_333, 33_333, 33_333, succeeded=99_999, failed=99_999, cancelled=99_999)
        texts = [self.group.itemText(i) for i in range(self.group.count())]
        self.update_counts(widest)
        self.group.held = self.group.sizeHint().width()
        for i, text in enumerate(texts):
            self.group.setItemText(i, text)

    def update_counts(self, counts: JobCounts) -> None:
        """Each group's item says how many jobs it holds, as calibre's and mail clients' filters do."""
        for i in range(self.group.count()):
            group = StateGroup(str(self.group.itemData(i)))
            text = GROUP_LABELS[group]
            if group is not StateGroup.ALL:
                text += f" ({group_count(group, counts)})"
            if self.group.itemText(i) != text:
                self.group.setItemText(i, text)

    def update_shown(self, shown: int, total: int) -> None:
        filtering = not self.job_filter().shows_all
        self.shown.setText(f"{shown} of {total} shown" if filtering else "")
        self.shown.setVisible(filtering)

    def offer_failures(self, failed: int) -> None:
        """Offer "Show N failed" (none: hide it)."""
        if failed:
            self.failures.setText(f"Show {failed} failed")
        self.failures.setVisible(failed > 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Escape in the search field clears it first, as in a browser's find bar.
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.search.text()
        ):
            self.search.clear()
            return True
        return super().eventFilter(watched, event)

    def _emit(self) -> None:
        self.changed.emit(self.job_filter())
