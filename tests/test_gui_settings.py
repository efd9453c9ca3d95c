"""The settings dialog's page layouts and engine list, and the details pane's pages row, without a pool."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QLabel, QWidget
from pytestqt.qtbot import QtBot
from test_gui_model import snapshot

from desktop_app.details import DetailsPane
from desktop_app.settings import Settings, SettingsStore
from desktop_app.settings_dialog import SettingsDialog
from worker.engines.base import PageLayout
from worker.engines.libreoffice import SOFFICE_ENV, find_soffice
from worker.jobs.model import JobOptions

# The offscreen platform cannot size native windows; nothing the dialog does is wrong.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PAGE_LABELS = [
    "Full page slides",
    "Notes pages",
    "Handouts, 1 slide per page",
    "Handouts, 2 slides per page",
    "Handouts, 3 slides per page",
    "Handouts, 4 slides per page",
    "Handouts, 6 slides per page",
    "Handouts, 9 slides per page",
]


def open_dialog(qtbot: QtBot, settings: Settings) -> SettingsDialog:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def engine_item_enabled(dialog: SettingsDialog, name: str) -> bool:
    model = dialog.engine.model()
    assert isinstance(model, QStandardItemModel)
    return model.item(dialog.engine.findData(name)).isEnabled()


def test_settings_files_without_pages_load_as_slides(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    # A file written before layouts existed.
    store.path.write_text(json.dumps({"engine": "builtin", "workers": 3, "include_hidden": True}))
    old = store.load()
    assert old == Settings(engine="builtin", workers=3, include_hidden=True)
    assert old.layout is PageLayout.SLIDES and old.submit_options().layout == "slides"
    # One from a newer version with a layout this one does not know: that key alone falls back.
    store.path.write_text(json.dumps({"engine": "builtin", "layout": "poster"}))
    assert store.load() == Settings(engine="builtin")
    chosen = Settings(layout=PageLayout.NOTES)
    store.save(chosen)
    assert json.loads(store.path.read_text())["layout"] == "notes"
    assert store.load() == chosen
    assert chosen.submit_options().job_options == JobOptions(layout="notes")


def test_pages_are_powerpoints_print_layouts_and_round_trip(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, Settings(workers=2))
    texts = [dialog.pages.itemText(i) for i in range(dialog.pages.count()) if dialog.pages.itemData(i)]
    assert texts == PAGE_LABELS
    assert dialog.pages.currentText() == "Full page slides"
    dialog.pages.setCurrentIndex(dialog.pages.findText("Handouts, 6 slides per page"))
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    chosen = dialog.result_settings()
    assert chosen == Settings(workers=2, layout=PageLayout.HANDOUT_6)
    store = SettingsStore(tmp_path)
    store.save(chosen)
    again = open_dialog(qtbot, store.load())
    assert again.pages.currentText() == "Handouts, 6 slides per page"
    assert again.result_settings().submit_options().layout == "handout-6"


def test_pdf_a_is_ticked_kept_and_reaches_new_jobs(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, Settings(workers=2))
    assert not dialog.pdf_a.isChecked()
    # On its box: the check box spans the form's width, its text only part of it.
    qtbot.mouseClick(dialog.pdf_a, Qt.MouseButton.LeftButton, pos=QPoint(6, dialog.pdf_a.height() // 2))
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    chosen = dialog.result_settings()
    assert chosen == Settings(workers=2, pdf_a=True)
    store = SettingsStore(tmp_path)
    store.save(chosen)
    again = open_dialog(qtbot, store.load())
    assert again.pdf_a.isChecked()
    assert again.result_settings().submit_options().job_options == JobOptions(pdf_a=True)


def test_an_engine_that_cannot_run_here_is_shown_disabled_with_its_reason(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The machine's LibreOffice, as the registry finds it, is a file that is not there.
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "no-such" / "soffice"))
    dialog = open_dialog(qtbot, Settings(engine="libreoffice"))
    assert dialog.engine.itemData(0) == "auto"
    index = dialog.engine.findData("libreoffice")
    assert dialog.engine.itemText(index) == "LibreOffice — not installed"
    reason = dialog.engine.itemData(index, Qt.ItemDataRole.ToolTipRole)
    assert isinstance(reason, str) and reason.startswith("LibreOffice is not installed")
    assert not engine_item_enabled(dialog, "libreoffice")
    assert engine_item_enabled(dialog, "auto") and engine_item_enabled(dialog, "builtin")
    # The saved choice still shows, with why it will not work.
    assert dialog.engine.currentData() == "libreoffice"
    assert dialog.engine_note.isVisible() and reason in dialog.engine_note.text()
    assert dialog.result_settings().engine == "libreoffice"  # not changed behind the person's back

    # Moving away hides the note, and the keyboard cannot move back onto it.
    dialog.engine.setCurrentIndex(0)
    assert not dialog.engine_note.isVisible()
    qtbot.keyClick(dialog.engine, Qt.Key.Key_Down)
    assert dialog.engine.currentData() == "builtin"
    qtbot.keyClick(dialog.engine, Qt.Key.Key_Down)
    assert dialog.engine.currentData() == "builtin"


def test_an_installed_libreoffice_is_choosable_but_warns_about_handouts(qtbot: QtBot) -> None:
    if find_soffice() is None:
        pytest.skip("LibreOffice is not installed here")
    dialog = open_dialog(qtbot, Settings(engine="libreoffice"))
    index = dialog.engine.findData("libreoffice")
    assert dialog.engine.itemText(index) == "LibreOffice"
    assert engine_item_enabled(dialog, "libreoffice")
    assert dialog.engine.itemData(index, Qt.ItemDataRole.ToolTipRole) is None
    assert not dialog.engine_note.isVisible()
    dialog.pages.setCurrentIndex(dialog.pages.findData("notes"))
    assert not dialog.engine_note.isVisible()  # LibreOffice writes notes pages
    dialog.pages.setCurrentIndex(dialog.pages.findData("handout-4"))
    assert dialog.engine_note.isVisible() and "cannot write handouts" in dialog.engine_note.text()
    dialog.engine.setCurrentIndex(dialog.engine.findData("auto"))
    assert not dialog.engine_note.isVisible()


def test_mnemonics_are_unique_and_tab_follows_the_form(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, Settings())
    texts = [w.text() for w in dialog.findChildren(QAbstractButton)] + [
        w.text() for w in dialog.findChildren(QLabel) if w.buddy() is not None
    ]
    keys = [m.group(1).lower() for t in texts for m in [re.search(r"&(\w)", t)] if m]
    assert len(keys) == len(set(keys)) >= 8, texts

    dialog.activateWindow()
    dialog.one_folder.setChecked(True)  # the folder field and Browse take part in the order
    dialog.pages.setFocus()
    qtbot.waitUntil(dialog.pages.hasFocus, timeout=5_000)
    order: list[QWidget] = []
    for _ in range(3):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        order.append(dialog.focusWidget())
    assert order == [dialog.include_hidden, dialog.pdf_a, dialog.lossless_pictures]


def test_details_show_pages_only_for_notes_and_handouts(qtbot: QtBot) -> None:
    pane = DetailsPane()
    qtbot.addWidget(pane)
    pane.show()
    handouts = replace(snapshot(1), options=JobOptions(layout="handout-6"))
    pane.show_job(handouts)
    assert pane.pages.isVisible() and pane.pages.text() == "Handouts, 6 slides per page"
    pane.show_job(replace(snapshot(2), options=JobOptions(layout="notes", include_hidden=True)))
    assert pane.pages.text() == "Notes pages" and "(include hidden slides)" in pane.engine.text()
    pane.show_job(replace(snapshot(4), options=JobOptions(include_hidden=True, lossless_pictures=True)))
    assert "(include hidden slides, lossless pictures)" in pane.engine.text()
    pane.show_job(snapshot(3))
    assert not pane.pages.isVisible()
    pane.show_job(replace(snapshot(4), options=JobOptions(pdf_a=True, include_hidden=True)))
    assert pane.engine.text().endswith("(include hidden slides, PDF/A)")
