"""Typed conversion errors, each with a one-line message a person understands.

Permanent errors fail a job at once; transient ones are retried with back-off.
"""

from __future__ import annotations

from enum import Enum


class ErrorKind(str, Enum):
    NOT_A_PRESENTATION = "not_a_presentation"
    CORRUPT = "corrupt"
    ENCRYPTED = "encrypted"
    LEGACY_PPT = "legacy_ppt"
    NO_VISIBLE_SLIDES = "no_visible_slides"
    UNREADABLE = "unreadable"
    TOO_LARGE = "too_large"
    OUTPUT = "output"
    CANCELLED = "cancelled"
    ENGINE_UNAVAILABLE = "engine_unavailable"
    TIMEOUT = "timeout"
    WORKER_LOST = "worker_lost"
    INTERNAL = "internal"


class ConversionError(Exception):
    """Base of every error a conversion reports. ``str(err)`` is the user-facing line."""

    kind: ErrorKind = ErrorKind.INTERNAL
    permanent: bool = True

    def __init__(self, message: str) -> None:
        # One line only: the window and `jobs --json` show it as is.
        super().__init__(" ".join(message.split()))

    @property
    def message(self) -> str:
        return str(self)


def headline(message: str) -> str:
    """A reason's first words, before its detail: "Password-protected", "Corrupt deck". Messages
    are written "Headline: detail" so that a list row, too narrow for the line, can still say why."""
    head, sep, _detail = message.partition(": ")
    return head if sep and head else message


class PermanentError(ConversionError):
    permanent = True


class TransientError(ConversionError):
    """Worth retrying: a locked file, a full disk being cleaned, a lost worker."""

    permanent = False


class NotAPresentationError(PermanentError):
    kind = ErrorKind.NOT_A_PRESENTATION


class CorruptDeckError(PermanentError):
    kind = ErrorKind.CORRUPT


class EncryptedDeckError(PermanentError):
    kind = ErrorKind.ENCRYPTED


class LegacyPptError(PermanentError):
    kind = ErrorKind.LEGACY_PPT


class NoVisibleSlidesError(PermanentError):
    kind = ErrorKind.NO_VISIBLE_SLIDES


class UnreadableFileError(PermanentError):
    kind = ErrorKind.UNREADABLE


class DeckTooLargeError(PermanentError):
    kind = ErrorKind.TOO_LARGE


class OutputError(TransientError):
    """Writing the PDF failed in a way that can pass by itself (a full disk being cleaned, a network
    folder or drive coming back, a file a virus scanner holds for a moment): retried."""

    kind = ErrorKind.OUTPUT


class OutputRefusedError(PermanentError):
    """The target refuses the PDF (a file in the folder's place, read-only, no permission): no retry
    can pass until the user acts, so the job fails at once; their Retry works once they have."""

    kind = ErrorKind.OUTPUT


class EngineUnavailableError(PermanentError):
    kind = ErrorKind.ENGINE_UNAVAILABLE


class ConversionCancelled(ConversionError):
    kind = ErrorKind.CANCELLED
    permanent = True

    def __init__(self, message: str = "Cancelled") -> None:
        super().__init__(message)
