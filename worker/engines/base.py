"""The engine interface every converter implements.

``convert(source, target, options, progress, cancelled)`` reports ``progress(done, total)`` per
slide, checks ``cancelled()`` between slides and raises ``worker.errors`` types. A cancelled or
failed conversion leaves no file at ``target``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Protocol, runtime_checkable

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]


class PageLayout(str, Enum):
    """What a PDF page holds: a slide, a notes page, or a handout of n slides."""

    SLIDES = "slides"
    NOTES = "notes"
    HANDOUT_1 = "handout-1"
    HANDOUT_2 = "handout-2"
    HANDOUT_3 = "handout-3"
    HANDOUT_4 = "handout-4"
    HANDOUT_6 = "handout-6"
    HANDOUT_9 = "handout-9"

    @property
    def handout_slides(self) -> int | None:
        """Slides per page of a handout layout, else None."""
        prefix, _, count = self.value.partition("-")
        return int(count) if prefix == "handout" else None


@dataclass(frozen=True)
class ConvertOptions:
    include_hidden: bool = False
    layout: PageLayout = PageLayout.SLIDES
    pdf_a: bool = False  # write PDF/A-2b, for archives
    # Every picture keeps its exact pixels: photographs stored lossless are not turned into JPEG and
    # no picture is downsampled (for archives; the PDF can be several times larger).
    lossless_pictures: bool = False


@dataclass
class ConvertResult:
    slides: int
    engine: str
    warnings: list[str] = field(default_factory=list)


class Engine(Protocol):
    name: str

    def available(self) -> str | None:
        """None when usable here, else a one-line reason why not."""

    def convert(
        self,
        source: Path,
        target: Path,
        options: ConvertOptions,
        progress: ProgressFn,
        cancelled: CancelledFn,
    ) -> ConvertResult: ...


@runtime_checkable
class WarmsUp(Protocol):
    """An engine with work to do once per process before its first conversion."""

    def warm_up(self) -> None: ...


def warm_up(engine: Engine) -> None:
    """Do ``engine``'s once-per-process work now (a pool child before it claims jobs), if it has any."""
    if isinstance(engine, WarmsUp):
        engine.warm_up()


def no_progress(done: int, total: int) -> None:
    """A progress callback for callers that do not show progress."""


def never_cancelled() -> bool:
    return False
