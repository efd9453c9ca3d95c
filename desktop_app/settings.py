"""The window's settings: a JSON file in the user config dir, written atomically."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

from worker.engines.base import PageLayout
from worker.jobs.model import SubmitOptions

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
MAX_WORKERS = 16


class OutputMode(StrEnum):
    NEXT_TO_SOURCE = "next_to_source"
    FOLDER = "folder"


def default_workers() -> int:
    # Each worker is a whole converter process: half the cores, at most four, is a calm default.
    return max(1, min(4, (os.cpu_count() or 2) // 2))


@dataclass
class Settings:
    output_mode: OutputMode = OutputMode.NEXT_TO_SOURCE
    output_folder: str = ""
    engine: str = "auto"
    workers: int = 0  # 0: default_workers()
    include_hidden: bool = False
    lossless_pictures: bool = False  # every picture keeps its exact pixels (no JPEG, no downsampling)
    layout: PageLayout = PageLayout.SLIDES  # what each PDF page holds: a slide, notes, a handout
    pdf_a: bool = False  # PDF/A-2b, for archives
    open_when_done: bool = False
    notify_when_done: bool = True
    last_folder: str = ""  # where Add Files / Add Folder last chose from; they open there next
    # Window state, base64 of Qt's saveGeometry/saveState blobs.
    geometry: str = ""
    header_state: str = ""
    splitter_state: str = ""
    # The window's own size ("1200x715", device-independent pixels, not maximised): Qt's geometry
    # blob comes back shrunk on a screen of another scale, and a shrunk window is saved again.
    window_size: str = ""

    @property
    def effective_workers(self) -> int:
        return self.workers if 0 < self.workers <= MAX_WORKERS else default_workers()

    def submit_options(self) -> SubmitOptions:
        out_dir = None
        if self.output_mode is OutputMode.FOLDER and self.output_folder:
            out_dir = Path(self.output_folder)
        return SubmitOptions(
            engine=self.engine,
            include_hidden=self.include_hidden,
            layout=self.layout.value,
            pdf_a=self.pdf_a,
            lossless_pictures=self.lossless_pictures,
            out_dir=out_dir,
            skip_strays=True,
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["output_mode"] = self.output_mode.value
        data["layout"] = self.layout.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        settings = cls()
        known = {f.name: f for f in fields(cls)}
        for name, raw in data.items():
            if name not in known:
                continue
            default = getattr(settings, name)
            value: object
            try:
                if isinstance(default, Enum):
                    value = type(default)(raw)  # an unknown value (a newer version's) keeps the default
                elif isinstance(default, bool):
                    value = bool(raw)
                elif isinstance(default, int):
                    value = int(raw)
                else:
                    value = str(raw)
            except (TypeError, ValueError):
                log.warning("ignoring bad setting %s=%r", name, raw)
                continue
            setattr(settings, name, value)
        return settings


class SettingsStore:
    """Reads and writes one settings file; a damaged file gives the defaults, never a crash."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / SETTINGS_FILE

    def load(self) -> Settings:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Settings()
        except (OSError, ValueError) as exc:
            log.warning("cannot read %s (%s); using defaults", self.path, exc)
            return Settings()
        return Settings.from_dict(data) if isinstance(data, dict) else Settings()

    def save(self, settings: Settings) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".json", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(settings.to_dict(), f, indent=2, sort_keys=True)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
