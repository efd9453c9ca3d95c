"""The question asked when the window closes while decks are converting: stop, keep converting
in the background, or stay."""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from worker.jobs.quitting import QuitQuestion

log = logging.getLogger(__name__)


class QuitChoice(StrEnum):
    STOP = "stop"  # stop the pool; unfinished jobs resume on next start
    KEEP = "keep"  # leave the pool converting in the background
    CANCEL = "cancel"


class QuitPrompt(QObject):
    """The quit question while it is open: the window updates it as jobs finish, so the dialog
    never asks about jobs that are done (``changed`` carries the new QuitQuestion)."""

    changed = Signal(object)

    def __init__(self, question: QuitQuestion, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.question = question

    def update(self, question: QuitQuestion) -> None:
        if question != self.question:
            self.question = question
            self.changed.emit(question)


AskQuit = Callable[[QWidget, QuitPrompt], QuitChoice]


def ask_quit_dialog(parent: QWidget, prompt: QuitPrompt) -> QuitChoice:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Quit Slidepress")
    box.setText(prompt.question.text)
    box.setInformativeText(prompt.question.advice)
    stop = box.addButton("&Stop and Quit", QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton("&Keep Converting", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(stop)
    settled = False

    def follow(question: QuitQuestion) -> None:
        nonlocal settled
        if question.left:
            box.setText(question.text)
            box.setInformativeText(question.advice)
            return
        # Nothing is left to stop or keep: the person asked to quit, so quit.
        settled = True
        box.done(0)

    prompt.changed.connect(follow)
    try:
        box.exec()
    finally:
        prompt.changed.disconnect(follow)
    clicked = box.clickedButton()
    if settled or clicked is stop:
        return QuitChoice.STOP
    if clicked is keep:
        return QuitChoice.KEEP
    return QuitChoice.CANCEL
