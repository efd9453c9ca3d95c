"""The list of jobs: one row per deck, columns fitted to the window's width (left out in order
when it is narrow), a frame round the keyboard's row, and a message in place of rows a filter
hides."""

from __future__ import annotations

import html
import logging
import math

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QStyle, QTableView, QWidget

from desktop_app.delegates import BAR_INSET, BAR_TEXT_MARGIN
from desktop_app.formatting import FINISHING_CAPTION, INTERRUPTED_LABEL, STATE_LABELS
from desktop_app.job_model import Column

log = logging.getLogger(__name__)

ROW_HEIGHT = 44
# Rows without the thumbnail (left out of a narrow window) need only the bar and the buttons: a
# small screen at 200 % shows five rows where it showed three.
COMPACT_ROW_HEIGHT = 32
NAME_MIN_CHARS = 24  # Name's room while others can give way (JobTable.fit_columns)
NAME_LEAST_CHARS = 8  # and the least it (and Output) keeps when none can
THUMB_SIZE = QSize(64, 36)
FIXED_COLUMNS = (Column.THUMB, Column.ACTIONS)  # sized to what they draw; the rest fit the view
# What a narrow window leaves out, first to last, before Name would have less than NAME_MIN_CHARS
# (at 200 % on a 1366x768 screen, 683 px): as HandBrake's queue and calibre's jobs keep the name
# and the progress. What each said is elsewhere: Output in the details pane, Slides and a deck's
# state in its bar's caption ("slide 5 of 150", "12 slides", a failure's reason), the time left
# in the status bar; Name, Progress and the row buttons always stay.
DROP_ORDER = (Column.OUTPUT, Column.SLIDES, Column.TIME, Column.THUMB, Column.QUEUE, Column.STATE)
# What a column's cells must show whole at its least width (a failure's reason, "Done, 2
# warnings" and times of an hour or more are elided; their tooltips and the details say them).
CELL_TEXTS = {
    # A failed row's reason leads with a headline of a few words (worker.errors.headline) so that
    # the bar holds it: the longest of worker.outputs', and the common ones of decks, whole.
    Column.PROGRESS: (
        "slide 888 of 888",
        FINISHING_CAPTION,
        "Output folder read-only",
        "Password-protected",
        "Not a presentation",
    ),
    Column.STATE: (*STATE_LABELS.values(), INTERRUPTED_LABEL),
    Column.TIME: ("88:88 · 88:88 left",),
    Column.SLIDES: ("8888",),
    Column.QUEUE: ("8888",),
}

FOCUS_FRAME_WIDTH = 2


def focus_frame_colour(palette: QPalette) -> QColor:
    """The current row's frame: the selection colour, darker, so it shows on a selected row too."""
    return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight).darker(170)


class JobTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        # Copies of a folder share names that differ at the end ("…-546328557689241.pptx"): keep it.
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setMouseTracking(True)
        self.setIconSize(THUMB_SIZE)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as users expect
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        # Fixed heights: ResizeToContents would measure every one of 10,000 rows.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        # Each column's width as the user (or the defaults) chose it, and whether fit_columns is
        # resizing sections (its own resizes are not the user's choice).
        self._preferred: dict[int, int] = {}
        self._fitting = False
        # The fixed columns' widths, known while they are hidden too (a hidden section's size is 0).
        self.fixed_widths: dict[int, int] = {}
        header.sectionResized.connect(self._on_section_resized)
        # The sorted column's header needs room for its arrow.
        header.sortIndicatorChanged.connect(lambda *_: self.fit_columns())
        # Said in place of rows when the filter lets none through ("No cancelled jobs").
        self.nothing_shown = QLabel(self.viewport())
        self.nothing_shown.setObjectName("nothingShown")
        self.nothing_shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing_shown.setWordWrap(True)
        self.nothing_shown.setTextFormat(Qt.TextFormat.RichText)
        self.nothing_shown.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.nothing_shown.hide()

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        # One row is one job: Home and End go to the first and last job, as in a file list.
        # Qt's table moves along the row to its first or last cell, which selects nothing new.
        model = self.model()
        ends = (QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd)
        if action in ends and model is not None and model.rowCount() > 0:
            row = 0 if action is QAbstractItemView.CursorAction.MoveHome else model.rowCount() - 1
            return model.index(row, max(self.currentIndex().column(), Column.NAME))
        return super().moveCursor(action, modifiers)

    # -- where the keyboard is: a frame round the current row while the list has the focus ------
    # The rows are painted by the delegates, which draw no focus mark; tabbing into the list
    # showed nothing, so a keyboard user could not tell the list had the focus, or on which job.

    def row_rect(self, row: int) -> QRect:
        """The viewport rectangle of ``row`` across the whole view."""
        return QRect(0, self.rowViewportPosition(row), self.viewport().width(), self.rowHeight(row))

    def row_frame(self, row: int) -> QRect:
        """The focus frame of ``row``: its rectangle, the pen's width inside its edges."""
        half = FOCUS_FRAME_WIDTH // 2
        return self.row_rect(row).adjusted(half, half, -FOCUS_FRAME_WIDTH, -FOCUS_FRAME_WIDTH)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        current = self.currentIndex()
        if not self.hasFocus() or not current.isValid():
            return
        painter = QPainter(self.viewport())
        try:
            painter.setPen(QPen(focus_frame_colour(self.palette()), FOCUS_FRAME_WIDTH))
            painter.drawRect(self.row_frame(current.row()))
        finally:
            painter.end()

    def _update_row(self, row: int) -> None:
        if row >= 0:
            self.viewport().update(self.row_rect(row))

    def currentChanged(
        self, current: QModelIndex | QPersistentModelIndex, previous: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().currentChanged(current, previous)
        self._update_row(previous.row())
        self._update_row(current.row())

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._update_row(self.currentIndex().row())

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._update_row(self.currentIndex().row())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        # A key that moves along the list selects where it lands. Qt selects only when the cursor
        # moved: on the one row a search left, or on the first row with Home, it selected nothing,
        # and Delete, Ctrl+R and the details had no job (Ctrl moves the cursor alone, on purpose).
        moving = event.key() in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
            Qt.Key.Key_Home,
            Qt.Key.Key_End,
            Qt.Key.Key_PageUp,
            Qt.Key.Key_PageDown,
        )
        plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        current = self.currentIndex()
        if moving and plain and current.isValid() and not self.selectionModel().hasSelection():
            self.selectRow(current.row())

    def selected_rows(self) -> list[int]:
        """The shown rows selected, top to bottom. Read from the selection's ranges: selectedRows()
        asks the model for the flags of every cell of every row (16,000 calls, ~70 ms, for 500
        selected jobs), and the window asks on each selection change and each poll."""
        rows: set[int] = set()
        selection = self.selectionModel().selection()
        for i in range(selection.count()):
            selected = selection.at(i)
            rows.update(range(selected.top(), selected.bottom() + 1))
        return sorted(rows)

    def show_nothing_shown(self, text: str | None) -> None:
        """``text`` over the empty view, with a link back to every job; None hides it."""
        if text is None:
            self.nothing_shown.hide()
            return
        self.nothing_shown.setText(
            f"<p style='font-size:large'>{html.escape(text)}</p><p><a href='all'>Show all jobs</a></p>"
        )
        self.nothing_shown.setGeometry(self.viewport().rect())
        self.nothing_shown.show()

    def repaint_column(self, column: int) -> None:
        """Paint a column's visible cells again (see Changes.queue_moved)."""
        x = self.columnViewportPosition(column)
        if x >= 0 or x + self.columnWidth(column) > 0:
            self.viewport().update(x, 0, self.columnWidth(column), self.viewport().height())

    def restore_header(self, state: QByteArray) -> bool:
        """A saved header layout; its widths are the user's (see header_state), not a squeeze."""
        header = self.horizontalHeader()
        self._fitting = True
        try:
            restored = header.restoreState(state)
            if restored:
                for column in range(header.count()):
                    header.setSectionHidden(column, False)  # fit_columns leaves out what the room cannot hold
                self._preferred = {c: header.sectionSize(c) for c in range(header.count()) if c != Column.NAME}
        finally:
            self._fitting = False
        self.fit_columns()
        return restored

    def header_state(self) -> QByteArray:
        """The header's layout to save, with the widths the user chose rather than those a narrow
        window squeezed them to: the next start on a wide screen shows them as chosen."""
        header = self.horizontalHeader()
        self._fitting = True
        try:
            for column in range(header.count()):
                header.setSectionHidden(column, False)  # left out for want of room, not by choice
            for column, width in self._preferred.items():
                header.resizeSection(column, width)
            return header.saveState()
        finally:
            self._fitting = False
            self.fit_columns()

    def least_width(self, column: int) -> int:
        """The narrowest a column is shown: its header's text (with the sort arrow when sorted by
        it) and what its cells must show whole; names and outputs are elided in the middle."""
        header = self.horizontalHeader()
        if column == header.sortIndicatorSection():
            heading = header.sectionSizeFromContents(column).width()
        else:
            text = str(self.model().headerData(column, Qt.Orientation.Horizontal) or "")
            margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
            heading = header.fontMetrics().horizontalAdvance(text) + 2 * margin + 2
        metrics = self.fontMetrics()
        cell = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1) + 2
        content = CELL_TEXTS.get(Column(column))
        if content:
            cell += max(metrics.horizontalAdvance(t) for t in content)
            if column == Column.PROGRESS:
                cell += 2 * (BAR_INSET + BAR_TEXT_MARGIN)
        elif column in (Column.NAME, Column.OUTPUT):
            cell += NAME_LEAST_CHARS * metrics.averageCharWidth()  # an elided name's two ends
        return max(heading, cell, header.minimumSectionSize())  # Qt's floor for any section

    def fit_columns(self) -> None:
        """Every column within the view, so nothing needs a sideways scroll bar: Name takes the
        width the others leave (a wide window shows whole names, the row buttons at its right
        edge). In a narrow one Name, eliding in the middle, goes down to NAME_MIN_CHARS; then the
        others narrow together towards their least (the widths the user chose come back when
        there is room), and Name down to its own (only below ~700 px does the table scroll).
        Qt's Stretch mode has no minimum."""
        if self._fitting:
            return
        # Resizing sections may show or hide a scroll bar, which changes the room: fit again then.
        for _ in range(3):
            room = self.viewport().width()
            self._fit_columns_to(room)
            if self.viewport().width() == room:
                break

    def _fit_columns_to(self, room: int) -> None:
        header = self.horizontalHeader()
        least = {c: self.least_width(c) for c in range(header.count()) if c not in FIXED_COLUMNS}
        shown = self._columns_for(room, least)
        self._fitting = True
        try:
            for column in range(header.count()):
                header.setSectionHidden(column, column not in shown)
        finally:
            self._fitting = False
        row_height = ROW_HEIGHT if Column.THUMB in shown else COMPACT_ROW_HEIGHT
        if self.verticalHeader().defaultSectionSize() != row_height:
            self.verticalHeader().setDefaultSectionSize(row_height)
        fixed = sum(self.fixed_widths.get(c, header.sectionSize(c)) for c in shown if c in FIXED_COLUMNS)
        widths = {
            c: max(least[c], self._preferred.get(c, header.sectionSize(c)))
            for c in shown
            if c != Column.NAME and c not in FIXED_COLUMNS
        }
        comfortable = NAME_MIN_CHARS * self.fontMetrics().averageCharWidth()
        spare = room - fixed - sum(widths.values())
        if spare < comfortable:
            # Each narrows by its share of the room it has beyond its least: a State column's
            # blank end goes as soon as an Output's elided name.
            slack = {c: widths[c] - least[c] for c in widths}
            total = sum(slack.values())
            share = min(1.0, (comfortable - spare) / total) if total > 0 else 0.0
            for column, room_beyond in slack.items():
                take = math.ceil(room_beyond * share) if share < 1 else room_beyond
                widths[column] -= take
                spare += take
        if Column.NAME in shown:
            widths[Column.NAME] = max(least[Column.NAME], spare)
        self._fitting = True
        try:
            for column, width in widths.items():
                if header.sectionSize(column) != width:
                    header.resizeSection(column, width)
        finally:
            self._fitting = False

    def _columns_for(self, room: int, least: dict[int, int]) -> list[int]:
        """The columns shown in ``room``: all while Name keeps NAME_MIN_CHARS with the others at
        their least, else fewer, left out in DROP_ORDER (a column at 8 characters, "kic…pdf",
        tells less than a Name with room, and a sideways scroll hides the row buttons). The column
        the list is sorted by stays: it says why the rows are in that order."""
        header = self.horizontalHeader()
        name = max(least[Column.NAME], NAME_MIN_CHARS * self.fontMetrics().averageCharWidth())
        shown = list(range(header.count()))
        for column in (c for c in DROP_ORDER if c != header.sortIndicatorSection()):
            need = sum(self.fixed_widths.get(c, 0) if c in FIXED_COLUMNS else least[c] for c in shown)
            if need - least[Column.NAME] + name <= room:
                break
            shown.remove(column)
        return shown

    def dropped_columns(self) -> list[int]:
        """The columns the window is too narrow for just now (see DROP_ORDER)."""
        header = self.horizontalHeader()
        return [c for c in DROP_ORDER if header.isSectionHidden(c)]

    def prefer(self, widths: dict[int, int]) -> None:
        """Columns' widths as chosen (the defaults), given back whenever there is room."""
        self._preferred.update(widths)
        self.fit_columns()

    def _on_section_resized(self, section: int, _old: int, new: int) -> None:
        # A column left out for want of room reads 0 wide, and Qt says so again whenever the
        # model's rows are re-laid out (a re-sort): that is not the user's width.
        if self._fitting or new == 0 or self.horizontalHeader().isSectionHidden(section):
            return
        if section != Column.NAME:
            self._preferred[section] = new  # the user dragged it: their width, when there is room
            self.fit_columns()

    def viewportEvent(self, event: QEvent) -> bool:
        # The viewport, not the table: a vertical scroll bar coming or going changes its width too.
        handled = super().viewportEvent(event)
        if event.type() == QEvent.Type.Resize:
            self.fit_columns()
            self.nothing_shown.setGeometry(self.viewport().rect())
        return handled
