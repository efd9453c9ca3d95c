"""The settings dialog: where PDFs go, what their pages hold, engine, workers, what happens at the end."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop_app import formatting
from desktop_app.formatting import layout_label
from desktop_app.settings import MAX_WORKERS, OutputMode, Settings
from worker.engines.base import PageLayout
from worker.engines.registry import ENGINE_NAMES, engine_reasons

log = logging.getLogger(__name__)

ENGINE_LABELS = {**formatting.ENGINE_LABELS, "auto": "Automatic (best available)"}
# LibreOffice's PDF export has no handout pages; its engine refuses them (worker.engines.libreoffice).
NO_HANDOUTS = frozenset({"libreoffice"})


def short_reason(label: str, reason: str) -> str:
    """The few words a combo item can carry: "not installed" from "LibreOffice is not installed (…)"."""
    first = re.split(r" \(|: ", reason, maxsplit=1)[0].rstrip(".")
    prefix = f"{label} is "
    return first[len(prefix) :] if first.startswith(prefix) else "unavailable"


FOLDER_CHECK_SECONDS = 0.5  # a stalled network drive is not waited on longer: the jobs will say


def typed_folder(text: str) -> str:
    """The folder typed, with "~" expanded as a shell would (the pool has no shell to do it)."""
    text = text.strip()
    return os.path.expanduser(text) if text else ""


def _nearest_existing(folder: Path) -> Path | None:
    """``folder`` or its nearest parent that exists (the pool makes the rest)."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return candidate
    return None


def _disk_problem(folder: Path) -> str:
    """Why the disk will not take PDFs in ``folder``, or "" (asked of the disk: call off the GUI thread)."""
    nearest = _nearest_existing(folder)
    if nearest is None:
        return ""
    if not nearest.is_dir():
        return f"{nearest} is a file, not a folder: choose a folder for the PDFs."
    try:
        read_only = bool(os.statvfs(nearest).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        read_only = False
    if read_only:
        return f"{nearest} is on a read-only disk: choose a folder the PDFs can be saved in."
    # The folders to make, or the PDFs, go in here: writing and entering it are both needed.
    if not os.access(nearest, os.W_OK | os.X_OK):
        return f"You may not save in {nearest}: choose a folder of your own for the PDFs."
    return ""


def folder_problem(text: str) -> str:
    """Why PDFs cannot be saved in the folder typed, or "" when they can be tried there. The disk is
    asked on a thread of its own, waited on briefly."""
    folder = typed_folder(text)
    if not folder:
        return ""
    if not os.path.isabs(folder):
        # A relative path would be taken from wherever Slidepress was started, often "/".
        example = Path.home() / "PDFs"
        return f"“{text.strip()}” is not a full path: type one such as {example}, or choose a folder with Browse."
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="folder-check")
    try:
        return executor.submit(_disk_problem, Path(folder)).result(timeout=FOLDER_CHECK_SECONDS)
    except (FutureTimeout, OSError):
        return ""
    finally:
        executor.shutdown(wait=False)


def scope_text(in_queue: int) -> str:
    """What the PDF settings (where, pages, hidden slides, PDF/A, pictures, engine) reach."""
    text = "Where and how PDFs are made applies to presentations added from now on, and to retried ones."
    if in_queue == 1:
        return f"{text} The one already in the queue converts with the settings it was added with."
    if in_queue > 1:
        return f"{text} The {in_queue} already in the queue convert with the settings they were added with."
    return text


def changes_pdfs(old: Settings, new: Settings) -> bool:
    """Whether ``new`` makes PDFs otherwise than ``old``: where, or how (workers and notices aside)."""
    return old.submit_options() != new.submit_options()


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        reasons: Mapping[str, str | None] | None = None,
        in_queue: int = 0,
    ) -> None:
        """``reasons``: engine name → why it cannot run here (None: it can); asked of the registry
        if not given (a few file look-ups for soffice, cheap enough when a person opens the dialog).
        ``in_queue``: how many presentations are waiting or converting (see ``set_in_queue``)."""
        super().__init__(parent)
        self.setWindowTitle("Slidepress Settings")
        chars = self.fontMetrics().averageCharWidth()
        self.setMinimumWidth(70 * chars)  # room for a folder path beside "In one folder:"
        self._base = settings
        self.reasons = dict(engine_reasons() if reasons is None else reasons)

        self.next_to_source = QRadioButton("&Next to each presentation")
        self.one_folder = QRadioButton("In one &folder:")
        group = QButtonGroup(self)
        group.addButton(self.next_to_source)
        group.addButton(self.one_folder)
        self.folder = QLineEdit(settings.output_folder)
        self.folder.setPlaceholderText("Choose a folder…")
        self.folder.setAccessibleName("Output folder")  # its radio button names it to the eye only
        self.folder.setToolTip("PDFs of dropped folders keep their sub-folders under this one")
        self.browse = QPushButton("&Browse…")
        self.browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.one_folder)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        # Says why the folder typed cannot take the PDFs when OK is pressed, instead of every job
        # failing later ("A file is in the way").
        self.folder_note = QLabel()
        self.folder_note.setObjectName("folderNote")
        self.folder_note.setWordWrap(True)
        self.folder_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_note.setMinimumWidth(48 * chars)  # as the engine's note: its row keeps its lines
        self.folder_note_box = self._warning_box(self.folder_note)
        self.folder_note_box.hide()
        self.folder.textEdited.connect(lambda _text: self.folder_note_box.hide())
        output = QVBoxLayout()
        output.addWidget(self.next_to_source)
        output.addLayout(folder_row)
        output.addWidget(self.folder_note_box)
        (self.one_folder if settings.output_mode is OutputMode.FOLDER else self.next_to_source).setChecked(True)
        self.one_folder.toggled.connect(self._sync)

        self.pages = QComboBox()
        for page_layout in PageLayout:
            if page_layout is PageLayout.HANDOUT_1:
                self.pages.insertSeparator(self.pages.count())
            self.pages.addItem(layout_label(page_layout), page_layout.value)
        self.pages.setCurrentIndex(max(0, self.pages.findData(settings.layout.value)))
        self.pages.setToolTip(
            "What each PDF page holds, as PowerPoint prints it: one slide, a slide with its notes, "
            "or several slides; applies to presentations added from now on"
        )
        self.include_hidden = QCheckBox("Include &hidden slides")
        self.include_hidden.setChecked(settings.include_hidden)
        self.pdf_a = QCheckBox("PDF/&A for archiving")
        self.pdf_a.setChecked(settings.pdf_a)
        self.pdf_a.setToolTip(
            "Writes PDF/A-2b (ISO 19005-2), the format archives keep: fonts embedded, colours "
            "device-independent, metadata in the file; applies to presentations added from now on"
        )
        self.lossless_pictures = QCheckBox("Keep pictures &lossless")
        self.lossless_pictures.setChecked(settings.lossless_pictures)
        self.lossless_pictures.setToolTip(
            "Every picture keeps its exact pixels: photographs are not turned into JPEG and large "
            "pictures are not reduced; PDFs can be several times larger. Applies to presentations "
            "added from now on"
        )

        self.engine = QComboBox()
        self._fill_engines(settings.engine)
        self.engine.setToolTip("Which converter draws the PDFs; applies to presentations added from now on")
        # Says why the chosen engine (or engine and pages together) cannot work, instead of a job failing later.
        self.engine_note = QLabel()
        self.engine_note.setObjectName("engineNote")
        self.engine_note.setWordWrap(True)
        self.engine_note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # A wrapped label asks for the height of a narrow column; this keeps its row to its lines.
        self.engine_note.setMinimumWidth(48 * chars)
        self.engine_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.engine_note_box = self._warning_box(self.engine_note)

        self.workers = QSpinBox()
        self.workers.setRange(1, MAX_WORKERS)
        self.workers.setValue(settings.effective_workers)
        self.workers.setToolTip("How many presentations convert at the same time")
        # A two-digit count: a spin box the width of the dialog would look like a text field.
        self.workers.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

        self.open_when_done = QCheckBox("&Open each PDF when it is done")
        self.open_when_done.setChecked(settings.open_when_done)
        self.notify = QCheckBox("No&tify me when a batch finishes")
        self.notify.setChecked(settings.notify_when_done)

        form = QFormLayout()
        form.addRow("Save PDFs", output)
        form.addRow("&Pages", self.pages)
        form.addRow("", self.include_hidden)
        form.addRow("", self.pdf_a)
        form.addRow("", self.lossless_pictures)
        form.addRow("&Engine", self.engine)
        form.addRow("", self.engine_note_box)
        form.addRow("&Workers", self.workers)
        form.addRow("", self.open_when_done)
        form.addRow("", self.notify)

        # A job keeps the options it was added with: said where it is seen, not in tooltips only,
        # or PDF/A ticked over a waiting batch is taken to reach it (it does not).
        self.scope_note = QLabel()
        self.scope_note.setObjectName("scopeNote")
        self.scope_note.setWordWrap(True)
        self.scope_note.setMinimumWidth(48 * chars)
        self.scope_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.set_in_queue(in_queue)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = self._column = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.scope_note)
        layout.addStretch(1)
        layout.addWidget(buttons)

        chain = [
            self.next_to_source,
            self.one_folder,
            self.folder,
            self.browse,
            self.pages,
            self.include_hidden,
            self.pdf_a,
            self.lossless_pictures,
            self.engine,
            self.workers,
            self.open_when_done,
            self.notify,
            buttons,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

        self.engine.currentIndexChanged.connect(self._sync)
        self.pages.currentIndexChanged.connect(self._sync)
        self._sync()

    def set_in_queue(self, count: int) -> None:
        """Say which presentations the PDF settings reach, ``count`` being those waiting or
        converting now (the window calls this as jobs end while the dialog is open)."""
        self.scope_note.setText(scope_text(count))
        if self.isVisible():
            self._fit_height()

    def _warning_box(self, note: QLabel) -> QWidget:
        """``note`` beside the platform's warning sign."""
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(icon)
        row.addWidget(note, 1)
        return box

    def accept(self) -> None:
        problem = folder_problem(self.folder.text()) if self.one_folder.isChecked() else ""
        if problem:
            self.folder_note.setText(problem)
            self.folder_note_box.show()
            self._fit_height()
            self.folder.setFocus(Qt.FocusReason.OtherFocusReason)
            self.folder.selectAll()
            return
        super().accept()

    def _fit_height(self) -> None:
        """Grow to the height the contents need at the dialog's width: a note shown (or wrapping
        to another line) while the dialog is open is otherwise cut at its first line."""
        layout = self._column
        layout.activate()
        need = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        need = max(need, layout.totalMinimumSize().height())
        if need > self.height():
            self.resize(self.width(), need)

    def _fill_engines(self, current: str) -> None:
        model = self.engine.model()
        assert isinstance(model, QStandardItemModel)
        for name in ENGINE_NAMES:  # "auto" first: the default, and never unavailable on its own
            label = ENGINE_LABELS.get(name, name)
            reason = self.reasons.get(name)
            if reason is None:
                self.engine.addItem(label, name)
                continue
            self.engine.addItem(f"{label} — {short_reason(label, reason)}", name)
            index = self.engine.count() - 1
            self.engine.setItemData(index, reason, Qt.ItemDataRole.ToolTipRole)
            item = model.item(index)
            # Not choosable; still shown (and current) when the saved settings name it.
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        found = self.engine.findData(current)
        if found < 0:
            log.info("unknown engine %r in the settings; showing the default", current)
        self.engine.setCurrentIndex(max(0, found))

    def engine_problem(self) -> str:
        """Why jobs added with the chosen engine and pages would fail, or "" when they would not."""
        name = str(self.engine.currentData())
        reason = self.reasons.get(name)
        if reason is not None:
            return f"{reason}. Presentations added with this engine will fail: choose another engine."
        layout = PageLayout(str(self.pages.currentData()))
        if name in NO_HANDOUTS and layout.handout_slides is not None:
            label = ENGINE_LABELS.get(name, name)
            return f"{label} cannot write handouts: choose the automatic or built-in engine for them."
        return ""

    def _sync(self) -> None:
        on = self.one_folder.isChecked()
        self.folder.setEnabled(on)
        self.browse.setEnabled(on)
        if not on:
            self.folder_note_box.hide()
        problem = self.engine_problem()
        self.engine_note.setText(problem)
        self.engine_note_box.setVisible(bool(problem))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Save PDFs in", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def result_settings(self) -> Settings:
        mode = (
            OutputMode.FOLDER
            if self.one_folder.isChecked() and typed_folder(self.folder.text())
            else OutputMode.NEXT_TO_SOURCE
        )
        return replace(
            self._base,
            output_mode=mode,
            output_folder=typed_folder(self.folder.text()),
            engine=str(self.engine.currentData()),
            workers=self.workers.value(),
            include_hidden=self.include_hidden.isChecked(),
            pdf_a=self.pdf_a.isChecked(),
            lossless_pictures=self.lossless_pictures.isChecked(),
            layout=PageLayout(str(self.pages.currentData())),
            open_when_done=self.open_when_done.isChecked(),
            notify_when_done=self.notify.isChecked(),
        )
