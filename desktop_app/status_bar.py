"""A status bar whose messages end in "…" when cut, and are whole in its tooltip.

QStatusBar paints a message in the room left of its permanent widgets and clips it there: in a
narrow window (1366x768 at 200 %) "…; skipped notes.txt (not a presentation)" lost its end
mid-word, with no sign that anything was missing. Here Qt is given the message elided to that
room (again whenever the room changes), while currentMessage() and the tooltip keep it whole.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QStatusBar, QWidget

# QStatusBar's message rectangle (qstatusbar.cpp, messageRect): from 6 px in to 2 px before the
# first visible permanent widget, or to 12 px before the right edge when none is shown.
_LEFT, _BEFORE_WIDGET, _RIGHT = 6, 2, 12


class MessageBar(QStatusBar):
    # The whole message, when one is shown or cleared (not when it is elided again while painting,
    # as QStatusBar.messageChanged is).
    message_set = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # As QMainWindow makes its own status bar: the permanent widgets never widen the window.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._message = ""
        self._permanent: list[QWidget] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clearMessage)

    def addPermanentWidget(self, widget: QWidget, stretch: int | None = 0) -> None:
        super().addPermanentWidget(widget, stretch or 0)
        self._permanent.append(widget)

    def showMessage(self, text: str, timeout: int | None = 0) -> None:
        """``text`` until the next message, or for ``timeout`` ms when one is given."""
        self._timer.stop()
        if timeout:
            self._timer.start(timeout)
        self._message = text
        self._fit()
        self.message_set.emit(text)

    def clearMessage(self) -> None:
        self._timer.stop()
        self._message = ""
        self.setToolTip("")
        super().clearMessage()
        self.message_set.emit("")

    def currentMessage(self) -> str:
        return self._message

    def parts_width(self, excluding: tuple[QWidget, ...] = ()) -> int:
        """The width the permanent widgets not hidden (``excluding`` aside) take at their size
        hints, with the layout's spacing and the right margin."""
        return self.width_of([w for w in self._permanent if not w.isHidden() and w not in excluding]) + _RIGHT

    def width_of(self, widgets: list[QWidget] | tuple[QWidget, ...]) -> int:
        """What ``widgets`` take in the bar at their size hints, each with the layout's spacing."""
        layout = self.layout()
        spacing = max(layout.spacing(), 0) if layout is not None else 0
        return sum(w.sizeHint().width() + spacing for w in widgets)

    def message_width(self) -> int:
        """The width the current message would like, 0 without one."""
        return self.fontMetrics().horizontalAdvance(self._message) if self._message else 0

    def room(self) -> int:
        """The width Qt paints a message in."""
        right = self.width() - _RIGHT
        shown = [w.x() for w in self._permanent if w.isVisible()]
        if shown:
            right = min(right, min(shown) - _BEFORE_WIDGET)
        return max(right - _LEFT, 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        # The permanent widgets' places change with their texts ("Idle", "Converting 3 of 40"):
        # the room is measured where Qt is about to paint.
        self._fit()
        super().paintEvent(event)

    def _fit(self) -> None:
        if not self._message:
            return
        shown = self.fontMetrics().elidedText(self._message, Qt.TextElideMode.ElideRight, self.room())
        if shown != super().currentMessage():
            super().showMessage(shown)  # repaints once more, with the same text: no loop
        self.setToolTip(self._message if shown != self._message else "")
