"""The built-in engine: python-pptx reads the deck, QPainter paints it into a PDF."""

from __future__ import annotations

import contextlib
import importlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from worker.engines.base import CancelledFn, ConvertOptions, ConvertResult, PageLayout, ProgressFn
from worker.errors import ConversionCancelled, ConversionError, OutputError
from worker.output_failures import output_error
from worker.outputs import FOLDER_MISSING, cannot_write_in, folder_problem

if TYPE_CHECKING:
    from worker.deck.package import Deck

log = logging.getLogger(__name__)


# Renderer modules imported on first use (so that `slidepress convert` of a plain deck starts fast),
# loaded up front by a warm pool child.
_LAZY_MODULES = (
    "worker.deck.package",
    "worker.render.document",
    "worker.render.embedded_fonts",
    "worker.render.tables",
    "worker.render.smartart",
    "worker.render.charts",
    "worker.render.chartex",
    "worker.render.metafile.emf",
    "worker.render.metafile.wmf",
    "PySide6.QtSvg",
)


class BuiltinEngine:
    name = "builtin"

    def available(self) -> str | None:
        return None

    def warm_up(self) -> None:
        """What every process's first conversion would otherwise pay: Qt's Gui application, the
        bundled fonts registered, and the renderer's modules, lazily imported ones included."""
        from worker.render.fonts import FontResolver
        from worker.render.qt_runtime import ensure_gui_app

        ensure_gui_app()
        FontResolver.shared().ensure_registered()
        for module in _LAZY_MODULES:
            importlib.import_module(module)

    def convert(
        self,
        source: Path,
        target: Path,
        options: ConvertOptions,
        progress: ProgressFn,
        cancelled: CancelledFn,
    ) -> ConvertResult:
        # Qt is imported here, in the process that converts, never in the pool or the window's model.
        from worker.deck.package import open_deck
        from worker.render.document import write_pdf
        from worker.render.embedded_fonts import deck_fonts
        from worker.render.fonts import FontResolver
        from worker.render.png_rows import forget_rows
        from worker.render.qt_runtime import ensure_gui_app
        from worker.render.text import forget_deck_text

        ensure_gui_app()
        deck = open_deck(Path(source))
        slides = deck.slides(options.include_hidden)
        progress(0, len(slides))
        target = Path(target)
        if not target.parent.is_dir():
            raise OutputError(
                f"{FOLDER_MISSING}: {target.parent} does not exist; check where it goes or choose another"
            )
        unwritable = folder_problem(target.parent)
        if unwritable is not None:
            raise output_error(cannot_write_in(target.parent, unwritable), unwritable)
        partial = target.with_name(f".{target.name}.partial")
        fonts = FontResolver.shared()
        fonts.ensure_registered()
        try:
            with deck_fonts(deck.presentation, fonts):
                if options.layout is PageLayout.SLIDES:
                    rendered = write_pdf(
                        deck, slides, partial, fonts, progress, cancelled, lossless_pictures=options.lossless_pictures
                    )
                    converted = rendered.pages
                else:
                    from worker.render.paper_document import write_paper_pdf

                    rendered = write_paper_pdf(
                        deck,
                        slides,
                        partial,
                        fonts,
                        options.layout,
                        progress,
                        cancelled,
                        lossless_pictures=options.lossless_pictures,
                    )
                    converted = len(slides)  # a handout page holds several
            if options.pdf_a:
                _make_archival(partial, deck, rendered.warnings)
            partial.replace(target)
        except (ConversionError, ConversionCancelled):
            _discard(partial)
            raise
        except OSError as exc:
            _discard(partial)
            raise output_error(cannot_write_in(target.parent, exc), exc) from exc
        except BaseException:
            _discard(partial)
            raise
        finally:
            forget_deck_text()  # a warm converter keeps nothing of this deck for the next one
            forget_rows()
        return ConvertResult(slides=converted, engine=self.name, warnings=[*deck.warnings, *rendered.warnings])


def _make_archival(pdf: Path, deck: Deck, warnings: list[str]) -> None:
    from worker.render.pdf_archive import ArchiveError, DocumentInfo, make_archival

    props = deck.properties
    info = DocumentInfo(props.title or deck.path.stem, props.author, props.subject, props.keywords)
    try:
        make_archival(pdf, info)
    except ArchiveError as exc:
        # The PDF itself is fine: deliver it, and say plainly that it is not PDF/A.
        log.warning("%s: %s", deck.path, exc)
        warnings.append(f"The PDF could not be made PDF/A: {exc}")


def _discard(partial: Path) -> None:
    """Remove a partial PDF; a folder that turned read-only must not hide the real error."""
    with contextlib.suppress(OSError):
        partial.unlink(missing_ok=True)
