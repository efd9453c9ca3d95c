"""Delegates that paint a job's progress bar and its row buttons (no widgets per row)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QHelpEvent, QIcon, QMouseEvent, QPainter, QPalette, QPen, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionToolButton,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from desktop_app.colours import FAILURE_RED, LEAST_GRAPHIC_CONTRAST, readable_on
from desktop_app.formatting import progress_caption
from desktop_app.job_model import JOB_ROLE, THUMB_LOADED_ROLE
from desktop_app.resources import RESOURCES
from desktop_app.row_actions import RowAction, action_enabled, action_tip
from worker.jobs.model import Job, JobState

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex
BUTTON = 26
GAP = 3
PROGRESS_MAX = 1000


BAR_TEXT_MARGIN = 4  # px kept clear at each end of a progress bar's caption
BAR_INSET = 4  # px between a progress bar and its cell's sides
THUMB_MARGIN = 2  # px kept clear round a thumbnail, so two tall ones never touch


class ProgressDelegate(QStyledItemDelegate):
    """A progress bar with "slide 12 of 40", tinted by state."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        job = index.data(JOB_ROLE)
        if not isinstance(job, Job):
            super().paint(painter, option, index)
            return
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        widget = option.widget
        style = widget.style() if isinstance(widget, QWidget) else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, widget)

        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(BAR_INSET, 6, -BAR_INSET, -6)
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        bar.direction = option.direction
        bar.fontMetrics = option.fontMetrics
        bar.palette = QPalette(option.palette)
        bar.minimum = 0
        bar.maximum = PROGRESS_MAX
        bar.progress = round(job.progress * PROGRESS_MAX)
        if job.state is JobState.FAILED:
            bar.progress = PROGRESS_MAX
            bar.palette.setColor(QPalette.ColorRole.Highlight, QColor("#c0392b"))
        elif job.state is JobState.CANCELLED:
            bar.progress = 0
        elif job.state is JobState.SUCCEEDED:
            bar.palette.setColor(QPalette.ColorRole.Highlight, QColor("#2e8b57"))
        # The model's caption: it knows whether a pool is alive to run a running job.
        caption = index.data(Qt.ItemDataRole.DisplayRole)
        text = caption if isinstance(caption, str) else progress_caption(job)
        # The style centres and clips a caption wider than the bar, cutting both ends ("eate the
        # output folder /mn"): keep its start, which says what went wrong; the tooltip has it all.
        room = bar.rect.width() - 2 * BAR_TEXT_MARGIN
        bar.text = option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        bar.textVisible = True
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        # Fusion draws a chunk under one pixel wide (every waiting or cancelled deck's) as a dark
        # line one pixel left of the bar, outside its frame: keep the bar within its own sides
        # (not its top and bottom: the style's light line above the groove is part of the look).
        painter.save()
        sides = QRect(bar.rect.left(), option.rect.top(), bar.rect.width(), option.rect.height())
        painter.setClipRect(sides, Qt.ClipOperation.IntersectClip)
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(180, 32)


BROKEN_ICON = 36  # px, the placeholder's size: the "broken document" a deck that failed unread gets
BADGE = 14  # px across, the failure mark on a failed deck's own thumbnail


class ThumbnailDelegate(QStyledItemDelegate):
    """The first slide, centred in its cell with a thin frame (a white slide needs an edge).

    A failed deck is told apart from a waiting one here too: one whose first slide could be drawn
    keeps it, with a red failure mark on its corner; one that could not be read gets a "broken
    document" in the same red instead of the placeholder every waiting deck shows. Both are drawn
    as vectors in the palette's colours, so they are sharp at any scale and read on dark themes.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._broken: dict[str, QSvgRenderer] = {}

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        background.icon = QIcon()
        background.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
        background.state &= ~QStyle.StateFlag.State_HasFocus
        widget = option.widget
        style = widget.style() if isinstance(widget, QWidget) else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, widget)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if not isinstance(pixmap, QPixmap) or pixmap.isNull():
            return
        job = index.data(JOB_ROLE)
        failed = isinstance(job, Job) and job.state is JobState.FAILED
        red = readable_on(FAILURE_RED, option.palette.color(QPalette.ColorRole.Base), LEAST_GRAPHIC_CONTRAST)
        if failed and index.data(THUMB_LOADED_ROLE) is False:
            self._paint_broken(painter, option.rect, red)
            return
        # Fitted into the cell in its own proportions: drawn at its own size, a 4:3 slide (64x48)
        # touched the next row's and a portrait deck's (64x92) covered its neighbours' thumbnails.
        room = option.rect.adjusted(THUMB_MARGIN, THUMB_MARGIN, -THUMB_MARGIN, -THUMB_MARGIN).size()
        size = pixmap.deviceIndependentSize().toSize()
        if size.width() > room.width() or size.height() > room.height():
            size = size.scaled(room, Qt.AspectRatioMode.KeepAspectRatio)
        rect = QRect(0, 0, max(size.width(), 1), max(size.height(), 1))
        rect.moveCenter(option.rect.center())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(rect, pixmap)
        if not pixmap.hasAlpha():  # the placeholder icon has no edge to draw
            painter.setPen(option.palette.color(QPalette.ColorRole.Mid))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        if failed:
            self._paint_badge(painter, rect, red, option.palette.color(QPalette.ColorRole.Base))
        painter.restore()

    def _paint_broken(self, painter: QPainter, cell: QRect, colour: QColor) -> None:
        renderer = self._broken.get(colour.name())
        if renderer is None:
            svg = (RESOURCES / "icons" / "broken-deck.svg").read_text(encoding="utf-8")
            renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", colour.name()).encode("utf-8")))
            self._broken[colour.name()] = renderer
        side = min(BROKEN_ICON, cell.height() - 2 * THUMB_MARGIN, cell.width() - 2 * THUMB_MARGIN)
        target = QRectF(0, 0, side, side)
        target.moveCenter(QRectF(cell).center())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, target)
        painter.restore()

    @staticmethod
    def _paint_badge(painter: QPainter, thumb: QRect, colour: QColor, ring: QColor) -> None:
        """A red disc with a white "!" on the thumbnail's lower right corner, ringed in the
        background's colour so it stands off any slide."""
        side = min(BADGE, thumb.height(), thumb.width())
        disc = QRectF(0, 0, side, side)
        disc.moveBottomRight(QRectF(thumb).bottomRight())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(ring, 1.5))
        painter.setBrush(colour)
        painter.drawEllipse(disc)
        mark = QPen(QColor("white"), max(1.5, side / 7), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(mark)
        centre = disc.center()
        painter.drawLine(QPointF(centre.x(), disc.top() + side * 0.27), QPointF(centre.x(), centre.y() + side * 0.08))
        painter.drawPoint(QPointF(centre.x(), disc.bottom() - side * 0.25))


@dataclass(frozen=True)
class _Hit:
    row: int
    action: RowAction


class ActionsDelegate(QStyledItemDelegate):
    """Cancel, Retry, Open PDF and Show in folder, painted as tool buttons in one cell."""

    triggered = Signal(str, QPersistentModelIndex)  # RowAction value, the row's index

    def __init__(self, icons: dict[RowAction, QIcon], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._icons = icons
        self._hover: _Hit | None = None
        self._pressed: _Hit | None = None

    @staticmethod
    def button_rects(rect: QRect) -> list[tuple[RowAction, QRect]]:
        top = rect.top() + (rect.height() - BUTTON) // 2
        out = []
        for i, action in enumerate(RowAction):
            out.append((action, QRect(rect.left() + GAP + i * (BUTTON + GAP), top, BUTTON, BUTTON)))
        return out

    def button_at(self, rect: QRect, pos: QPoint) -> RowAction | None:
        for action, button in self.button_rects(rect):
            if button.contains(pos):
                return action
        return None

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().paint(painter, option, index)
        job = index.data(JOB_ROLE)
        if not isinstance(job, Job):
            return
        widget = option.widget
        style = widget.style() if isinstance(widget, QWidget) else QApplication.style()
        for action, rect in self.button_rects(option.rect):
            enabled = action_enabled(action, job)
            button = QStyleOptionToolButton()
            button.rect = rect
            button.palette = option.palette
            button.icon = self._icons.get(action, QIcon())
            button.iconSize = QSize(16, 16)
            button.toolButtonStyle = Qt.ToolButtonStyle.ToolButtonIconOnly
            button.subControls = QStyle.SubControl.SC_ToolButton
            state = QStyle.StateFlag.State_AutoRaise
            if enabled:
                state |= QStyle.StateFlag.State_Enabled
                hit = _Hit(index.row(), action)
                if self._pressed == hit:
                    state |= QStyle.StateFlag.State_Sunken | QStyle.StateFlag.State_MouseOver
                elif self._hover == hit:
                    state |= QStyle.StateFlag.State_Raised | QStyle.StateFlag.State_MouseOver
            button.state = state
            style.drawComplexControl(QStyle.ComplexControl.CC_ToolButton, button, painter, widget)

    def set_icons(self, icons: dict[RowAction, QIcon]) -> None:
        self._icons = icons

    @staticmethod
    def width() -> int:
        return GAP + len(RowAction) * (BUTTON + GAP)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(self.width(), BUTTON + 6)

    def editorEvent(self, event: QEvent, model: object, option: QStyleOptionViewItem, index: AnyIndex) -> bool:
        if not isinstance(event, QMouseEvent):
            return False
        job = index.data(JOB_ROLE)
        if not isinstance(job, Job):
            return False
        action = self.button_at(option.rect, event.position().toPoint())
        hit = None if action is None or not action_enabled(action, job) else _Hit(index.row(), action)
        kind = event.type()
        if kind == QEvent.Type.MouseMove:
            if hit != self._hover:
                self._hover = hit
                self._repaint(option)
            return False
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self._pressed = hit
            self._repaint(option)
            return hit is not None
        if kind == QEvent.Type.MouseButtonRelease:
            pressed, self._pressed = self._pressed, None
            self._repaint(option)
            if hit is not None and pressed == hit:
                self.triggered.emit(hit.action.value, QPersistentModelIndex(index))
                return True
        return False

    def helpEvent(
        self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem, index: AnyIndex
    ) -> bool:
        job = index.data(JOB_ROLE)
        if event.type() == QEvent.Type.ToolTip and isinstance(job, Job):
            action = self.button_at(option.rect, event.pos())
            if action is not None:
                QToolTip.showText(event.globalPos(), action_tip(action, job), view)
                return True
        return super().helpEvent(event, view, option, index)

    def clear_hover(self) -> None:
        self._hover = None
        self._pressed = None

    @staticmethod
    def _repaint(option: QStyleOptionViewItem) -> None:
        widget = option.widget
        if isinstance(widget, QAbstractItemView):
            widget.viewport().update(option.rect)
