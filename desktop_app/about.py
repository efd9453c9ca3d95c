"""Help > About: the version, our licence, the bundled fonts' licences and the libraries we ship.

Hook it into a menu with ``help_menu.addAction(about_action(window))``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.resources import RESOURCES, app_icon
from worker import __version__

log = logging.getLogger(__name__)

# The source checkout's root, or the frozen bundle's data folder (the spec puts LICENSE there).
LICENSE_FILE = RESOURCES.parent / "LICENSE"
FONT_LICENCES = RESOURCES / "fonts" / "licenses"
TEXT_ROLE = Qt.ItemDataRole.UserRole
LICENCE_COLUMNS = 80  # the dialog opens this many characters wide where the screen has room


@dataclass(frozen=True)
class Component:
    """A library the installers ship, with the licence it is used under."""

    name: str
    licence: str
    url: str


COMPONENTS = (
    Component("Qt 6 and PySide6", "GNU LGPL v3 (dynamically linked, unmodified)", "https://www.qt.io/licensing"),
    Component("Python", "Python Software Foundation License", "https://docs.python.org/3/license.html"),
    Component("python-pptx", "MIT", "https://github.com/scanny/python-pptx"),
    Component("lxml (libxml2, libxslt)", "BSD-3-Clause (MIT)", "https://lxml.de"),
    Component("pypdf", "BSD-3-Clause", "https://github.com/py-pdf/pypdf"),
    Component("Huey", "MIT", "https://github.com/coleifer/huey"),
    Component("platformdirs", "MIT", "https://github.com/tox-dev/platformdirs"),
    Component("Pillow", "MIT-CMU", "https://python-pillow.org"),
)


@dataclass(frozen=True)
class LicenceText:
    title: str
    text: str


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        log.warning("cannot read %s", path)
        return ""


def licence_texts(licence_file: Path = LICENSE_FILE, font_licences: Path = FONT_LICENCES) -> list[LicenceText]:
    """Ours first, then one entry per bundled font package, then the libraries."""
    texts = [LicenceText("Slidepress (MIT)", read_text(licence_file) or "MIT License")]
    files = sorted(font_licences.glob("*.txt")) if font_licences.is_dir() else []
    for path in files:
        package = path.name.removesuffix(".txt").removesuffix(".copyright")
        texts.append(LicenceText(f"Font: {package}", read_text(path)))
    if not files:
        texts.append(
            LicenceText(
                "Fonts",
                "No fonts are bundled with this copy: Slidepress uses the fonts installed on this system.",
            )
        )
    libraries = "\n\n".join(f"{c.name}\n  {c.licence}\n  {c.url}" for c in COMPONENTS)
    texts.append(LicenceText("Libraries", libraries))
    return texts


class AboutDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None = None,
        licence_file: Path = LICENSE_FILE,
        font_licences: Path = FONT_LICENCES,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Slidepress")
        self.setWindowIcon(app_icon())

        tabs = QTabWidget(self)
        tabs.addTab(self._about_tab(), "About")
        tabs.addTab(self._licences_tab(licence_texts(licence_file, font_licences)), "Licences")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        about_qt = buttons.addButton("About Qt", QDialogButtonBox.ButtonRole.HelpRole)
        about_qt.clicked.connect(lambda: QMessageBox.aboutQt(self))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.resize(self._first_size())

    def _first_size(self) -> QSize:
        """Room for the list and a licence's 80 columns, within nine tenths of the screen."""
        view = self.licence_view
        columns = view.fontMetrics().horizontalAdvance("M" * LICENCE_COLUMNS)
        chrome = (
            view.frameWidth() * 2 + view.verticalScrollBar().sizeHint().width() + 2 * view.document().documentMargin()
        )
        width = self.licence_list.maximumWidth() + round(columns + chrome) + 60  # the tab's and dialog's margins
        wanted = QSize(max(640, width), 480)
        screen = self.screen().availableGeometry().size()
        return wanted.boundedTo(QSize(screen.width() * 9 // 10, screen.height() * 9 // 10))

    def _about_tab(self) -> QWidget:
        tab = QWidget(self)
        icon = QLabel(tab)
        icon.setPixmap(app_icon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.summary = QLabel(
            f"<h2>Slidepress {__version__}</h2>"
            "<p>Converts PowerPoint presentations to PDF, in batches, offline.</p>"
            "<p>Copyright © 2026 The Slidepress authors. Released under the MIT licence.</p>"
            "<p>Office fonts are replaced by open, metric-compatible fonts (Carlito, Caladea, "
            "Liberation, Noto, DejaVu) under their own licences: see Licences.</p>",
            tab,
        )
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout(tab)
        row.addWidget(icon)
        row.addWidget(self.summary, 1)
        return tab

    def _licences_tab(self, texts: list[LicenceText]) -> QWidget:
        tab = QWidget(self)
        self.licence_list = QListWidget(tab)
        self.licence_view = QPlainTextEdit(tab)
        self.licence_view.setReadOnly(True)
        # Licences come hard-wrapped (70 to 98 columns): wrapped again to the view in a
        # proportional font, every other line broke after a word or two. Shown as laid out, in
        # the fixed-pitch font they were laid out for; a longer line scrolls sideways.
        self.licence_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.licence_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        for entry in texts:
            item = QListWidgetItem(entry.title)
            item.setData(TEXT_ROLE, entry.text)
            self.licence_list.addItem(item)
        self.licence_list.currentItemChanged.connect(self._show_licence)
        self.licence_list.setCurrentRow(0)
        self.licence_list.setMaximumWidth(220)
        row = QHBoxLayout(tab)
        row.addWidget(self.licence_list)
        row.addWidget(self.licence_view, 1)
        return tab

    def _show_licence(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        self.licence_view.setPlainText(str(current.data(TEXT_ROLE)) if current is not None else "")

    def licence_titles(self) -> list[str]:
        return [self.licence_list.item(i).text() for i in range(self.licence_list.count())]


def show_about(parent: QWidget | None = None) -> None:
    AboutDialog(parent).exec()


def about_action(parent: QWidget) -> QAction:
    """The Help menu's "About Slidepress" item (on macOS Qt moves it to the application menu)."""
    action = QAction("&About Slidepress", parent)
    action.setMenuRole(QAction.MenuRole.AboutRole)
    action.triggered.connect(lambda: show_about(parent))
    return action
