"""The settings dialog: output folder, engine, workers and what happens when jobs finish."""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.settings import MAX_WORKERS, OutputMode, Settings
from worker.engines.registry import ENGINE_NAMES

log = logging.getLogger(__name__)

ENGINE_LABELS = {
    "auto": "Automatic (best available)",
    "builtin": "Built-in",
    "libreoffice": "LibreOffice",
}


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Slidepress Settings")
        self._base = settings

        self.next_to_source = QRadioButton("&Next to each presentation")
        self.one_folder = QRadioButton("In &one folder:")
        group = QButtonGroup(self)
        group.addButton(self.next_to_source)
        group.addButton(self.one_folder)
        self.folder = QLineEdit(settings.output_folder)
        self.folder.setPlaceholderText("Choose a folder…")
        self.folder.setToolTip("PDFs of dropped folders keep their sub-folders under this one")
        self.browse = QPushButton("&Browse…")
        self.browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.one_folder)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        output = QVBoxLayout()
        output.addWidget(self.next_to_source)
        output.addLayout(folder_row)
        (self.one_folder if settings.output_mode is OutputMode.FOLDER else self.next_to_source).setChecked(True)
        self.one_folder.toggled.connect(self._sync)

        self.engine = QComboBox()
        for name in ENGINE_NAMES:
            self.engine.addItem(ENGINE_LABELS.get(name, name), name)
        self.engine.setCurrentIndex(max(0, self.engine.findData(settings.engine)))
        self.engine.setToolTip("Which converter draws the PDFs; applies to jobs added from now on")

        self.workers = QSpinBox()
        self.workers.setRange(1, MAX_WORKERS)
        self.workers.setValue(settings.effective_workers)
        self.workers.setToolTip("How many presentations convert at the same time")

        self.include_hidden = QCheckBox("Include &hidden slides")
        self.include_hidden.setChecked(settings.include_hidden)
        self.open_when_done = QCheckBox("&Open each PDF when it is done")
        self.open_when_done.setChecked(settings.open_when_done)
        self.notify = QCheckBox("&Notify me when a batch finishes")
        self.notify.setChecked(settings.notify_when_done)

        form = QFormLayout()
        form.addRow("Save PDFs", output)
        form.addRow("&Engine", self.engine)
        form.addRow("&Workers", self.workers)
        form.addRow("", self.include_hidden)
        form.addRow("", self.open_when_done)
        form.addRow("", self.notify)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._sync()

    def _sync(self) -> None:
        on = self.one_folder.isChecked()
        self.folder.setEnabled(on)
        self.browse.setEnabled(on)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Save PDFs in", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def result_settings(self) -> Settings:
        mode = (
            OutputMode.FOLDER
            if self.one_folder.isChecked() and self.folder.text().strip()
            else OutputMode.NEXT_TO_SOURCE
        )
        return replace(
            self._base,
            output_mode=mode,
            output_folder=self.folder.text().strip(),
            engine=str(self.engine.currentData()),
            workers=self.workers.value(),
            include_hidden=self.include_hidden.isChecked(),
            open_when_done=self.open_when_done.isChecked(),
            notify_when_done=self.notify.isChecked(),
        )
