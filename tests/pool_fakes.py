"""A deliberately controllable engine for pool tests, steered by the deck's keywords property.

Keywords (space separated): ``slow:SECONDS`` per slide, ``hang`` (ignores cancel, never ends),
``balloon:MB`` (holds that much memory), ``transient-once`` / ``crash-once`` (fail or die on the
first attempt only, remembered by a marker file next to the deck), ``permanent``.
The pool process loads it through SLIDEPRESS_ENGINE_FACTORY=tests.pool_fakes:make_engine.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from pptx import Presentation
from pypdf import PdfWriter

from worker.engines.base import CancelledFn, ConvertOptions, ConvertResult, Engine, ProgressFn
from worker.errors import ConversionCancelled, CorruptDeckError, TransientError

FACTORY_SPEC = "tests.pool_fakes:make_engine"


class FakeEngine:
    name = "fake"

    def available(self) -> str | None:
        return None

    def convert(self, source: Path, target: Path, options: ConvertOptions, progress: ProgressFn,
                cancelled: CancelledFn) -> ConvertResult:
        try:
            prs = Presentation(str(source))
        except Exception as exc:
            raise CorruptDeckError(f"Not a readable deck: {type(exc).__name__}") from exc
        words = (prs.core_properties.keywords or "").split()
        flags = {w.partition(":")[0]: w.partition(":")[2] for w in words}
        marker = source.with_name(source.name + ".attempted")
        first_attempt = not marker.exists()
        marker.touch()
        if "permanent" in flags:
            raise CorruptDeckError("This deck is broken on purpose")
        if "transient-once" in flags and first_attempt:
            raise TransientError("A passing problem, on purpose")
        hold = bytearray(int(flags["balloon"]) * 1_048_576) if "balloon" in flags else bytearray()
        if hold:
            hold[::4096] = b"x" * len(hold[::4096])  # touch every page so it is resident
        slides = len(prs.slides)
        delay = float(flags.get("slow") or 0)
        progress(0, slides)
        writer = PdfWriter()
        for i in range(slides):
            if "hang" in flags:
                while True:
                    time.sleep(1)
            if "crash-once" in flags and first_attempt and i == slides // 2:
                os._exit(9)
            if cancelled():
                raise ConversionCancelled()
            time.sleep(delay)
            writer.add_blank_page(width=720, height=540)
            progress(i + 1, slides)
        with open(target, "wb") as f:
            writer.write(f)
        warnings = ["fake engine"] if "warn" in flags else []
        return ConvertResult(slides=slides, engine=self.name, warnings=warnings)


def make_engine(name: str) -> Engine:
    return FakeEngine()


def make_deck(path: Path, slides: int = 3, keywords: str = "", title: str = "") -> Path:
    prs = Presentation()
    for i in range(slides):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = f"{title or path.stem} slide {i + 1}"
    prs.core_properties.keywords = keywords
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))
    return path
