"""A job row's actions (Cancel, Retry, Open PDF, Show in folder): their names, keys and when
each applies. Shared by the row buttons' delegate, the window's menus and the model's words for
a screen reader."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from worker.jobs.model import Job, JobState


class RowAction(StrEnum):
    CANCEL = "cancel"
    RETRY = "retry"
    OPEN = "open"
    SHOW = "show"


ACTION_TEXT = {
    RowAction.CANCEL: "Cancel",
    RowAction.RETRY: "Retry",
    RowAction.OPEN: "Open PDF",
    RowAction.SHOW: "Show in folder",
}
ACTION_ICON = {
    RowAction.CANCEL: "cancel",
    RowAction.RETRY: "retry",
    RowAction.OPEN: "open-pdf",
    RowAction.SHOW: "show-folder",
}

# The keys that do a row action on the selection, as desktop apps have them: Delete cancels a
# waiting or converting job (and removes a finished one), Enter opens, Ctrl+R retries (reload),
# Ctrl+E shows the file in the file manager (Explorer).
ACTION_KEYS = {
    RowAction.CANCEL: QKeySequence(Qt.Key.Key_Delete),
    RowAction.RETRY: QKeySequence("Ctrl+R"),
    RowAction.OPEN: QKeySequence(Qt.Key.Key_Enter),
    RowAction.SHOW: QKeySequence("Ctrl+E"),
}


def key_text(keys: QKeySequence) -> str:
    """A shortcut as this platform writes it ("Ctrl+R", "⌘R")."""
    return keys.toString(QKeySequence.SequenceFormat.NativeText)


def action_enabled(action: RowAction, job: Job) -> bool:
    if action is RowAction.CANCEL:
        return job.state.active and not job.cancel_requested
    if action is RowAction.RETRY:
        return job.state in (JobState.FAILED, JobState.CANCELLED)
    if action is RowAction.OPEN:
        return job.state is JobState.SUCCEEDED
    return True  # the output's folder once done, else the source's


def action_tip(action: RowAction, job: Job) -> str:
    if action is RowAction.SHOW:
        where = job.output if job.state is JobState.SUCCEEDED else job.source
        return f"Show {where.name} in its folder ({key_text(ACTION_KEYS[action])})"
    return f"{ACTION_TEXT[action]} {job.source.name} ({key_text(ACTION_KEYS[action])})"


def actions_text(job: Job) -> str:
    """What a screen reader says for a row's buttons (drawn, not widgets of their own): the
    actions that apply, each with its key: "Retry (Ctrl+R), Show in folder (Ctrl+E)"."""
    return ", ".join(
        f"{ACTION_TEXT[action]} ({key_text(ACTION_KEYS[action])})"
        for action in RowAction
        if action_enabled(action, job)
    )
