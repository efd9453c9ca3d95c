"""Handing files to the desktop: open a PDF, show a file in its folder (passed in, so tests record)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QDesktopServices

log = logging.getLogger(__name__)


class Desktop(Protocol):
    def open_file(self, path: Path) -> bool: ...  # False: the desktop has nothing to open it with

    def show_in_folder(self, path: Path) -> bool: ...  # False: nothing here opens folders


class SystemDesktop:
    def open_file(self, path: Path) -> bool:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            log.warning("the desktop could not open %s", path)
            return False
        return True

    def show_in_folder(self, path: Path) -> bool:
        # Select the file where the file manager can; elsewhere open its folder.
        if sys.platform == "win32" and path.exists():
            started, _pid = QProcess.startDetached("explorer.exe", [f"/select,{path}"])
        elif sys.platform == "darwin" and path.exists():
            started, _pid = QProcess.startDetached("open", ["-R", str(path)])
        else:
            started = QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
        if not started:
            log.warning("the desktop could not show %s", path)
        return started


class RecordingDesktop:
    """For tests and the bench: remembers what it was asked to open."""

    def __init__(self, works: bool = True) -> None:
        self.works = works  # False: a desktop with nothing to open files or folders with
        self.opened: list[Path] = []
        self.shown: list[Path] = []

    def open_file(self, path: Path) -> bool:
        self.opened.append(path)
        return self.works

    def show_in_folder(self, path: Path) -> bool:
        self.shown.append(path)
        return self.works
