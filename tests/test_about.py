"""The About dialog: version, our licence, one entry per bundled font licence, the libraries."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.about import LICENSE_FILE, AboutDialog, about_action, licence_texts
from worker import __version__


def test_our_licence_file_is_found_in_the_checkout() -> None:
    assert LICENSE_FILE.is_file()
    assert "MIT License" in LICENSE_FILE.read_text(encoding="utf-8")


def test_dialog_lists_ours_then_each_font_licence_then_libraries(qtbot: QtBot, tmp_path: Path) -> None:
    licence = tmp_path / "LICENSE"
    licence.write_text("MIT License\nCopyright test\n", encoding="utf-8")
    fonts = tmp_path / "licenses"
    fonts.mkdir()
    (fonts / "fonts-crosextra-carlito.copyright.txt").write_text("SIL Open Font License 1.1 (Carlito)", "utf-8")
    (fonts / "fonts-dejavu-core.copyright.txt").write_text("Bitstream Vera Fonts Copyright", "utf-8")

    dialog = AboutDialog(licence_file=licence, font_licences=fonts)
    qtbot.addWidget(dialog)
    assert f"Slidepress {__version__}" in dialog.summary.text()
    assert dialog.licence_titles() == [
        "Slidepress (MIT)",
        "Font: fonts-crosextra-carlito",
        "Font: fonts-dejavu-core",
        "Libraries",
    ]
    assert dialog.licence_view.toPlainText().startswith("MIT License")
    dialog.licence_list.setCurrentRow(1)
    assert "Carlito" in dialog.licence_view.toPlainText()
    dialog.licence_list.setCurrentRow(3)
    assert "LGPL" in dialog.licence_view.toPlainText()


def test_without_bundled_fonts_it_says_system_fonts_are_used(tmp_path: Path) -> None:
    texts = licence_texts(tmp_path / "LICENSE", tmp_path / "absent")
    assert [t.title for t in texts] == ["Slidepress (MIT)", "Fonts", "Libraries"]
    assert "installed on this system" in texts[1].text


def test_about_action_opens_the_dialog(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop_app import about

    opened: list[QWidget | None] = []
    parent = QWidget()
    qtbot.addWidget(parent)
    action = about_action(parent)
    monkeypatch.setattr(about, "show_about", opened.append)  # the real one would block in exec()
    action.trigger()
    assert opened == [parent]
    assert action.menuRole() is QAction.MenuRole.AboutRole


def test_installed_version_is_worker_version() -> None:
    """One place: pyproject.toml reads its version from worker.__version__."""
    from importlib.metadata import version

    assert version("slidepress") == __version__


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_a_licence_reads_as_its_authors_laid_it_out(qtbot: QtBot) -> None:
    """Before: the licences (hard-wrapped at 70-98 columns) were wrapped again to a 360 px view
    in a proportional font, so every other line broke after a word or two ('...to any person' /
    'obtaining a copy' / 'of this software...'; seen under Xvfb). Each line is now one line, in the
    fixed-pitch font, and the dialog opens wide enough for our own licence's lines whole."""
    from PySide6.QtGui import QFontInfo
    from PySide6.QtWidgets import QApplication

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    view = dialog.licence_view
    dialog.findChild(QTabWidget).setCurrentIndex(1)  # type: ignore[union-attr]
    qtbot.waitUntil(view.isVisible)
    assert view.toPlainText().startswith("MIT License")
    lines = LICENSE_FILE.read_text(encoding="utf-8").split("\n")
    document = view.document()
    assert document.blockCount() == len(lines)
    blocks = [document.findBlockByNumber(i) for i in range(document.blockCount())]
    for block in blocks:
        document.documentLayout().blockBoundingRect(block)  # lays the block out at the view's width
    wrapped = [block.text() for block in blocks]
    shown = [block.layout().lineCount() for block in blocks]
    assert shown == [1] * len(lines), [text for text, count in zip(wrapped, shown, strict=True) if count != 1]
    assert QFontInfo(view.font()).fixedPitch()
    # Wide enough for its longest line, or as wide as the screen allows (then a sideways bar).
    screen = QApplication.primaryScreen().availableGeometry()
    assert dialog.frameGeometry().width() <= screen.width()
    assert view.horizontalScrollBar().maximum() == 0 or dialog.width() >= screen.width() * 0.9 - 1
