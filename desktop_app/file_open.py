"""Files the OS asks the running app to open: macOS's Finder ("Open With", a deck dropped on the
Dock icon) sends a QFileOpenEvent to the application rather than putting paths on the command
line. Windows and Linux start the executable with the paths, handled in main.run_gui."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QFileOpenEvent

log = logging.getLogger(__name__)


class FileOpenListener(QObject):
    """Emits ``opened`` with the path of each file-open request the application receives."""

    opened = Signal(list)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = event.file() or event.url().toLocalFile()
            if path:
                log.info("asked to open %s", path)
                self.opened.emit([path])
                return True
        return super().eventFilter(watched, event)
