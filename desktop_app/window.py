"""The main window: drop zone, job table, details pane, toolbar and status bar."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSize,
    QStandardPaths,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QSystemTrayIcon,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop_app.about import about_action
from desktop_app.batch import BatchResult, BatchTracker
from desktop_app.bridge import DropReport, PollResult, PoolStatus, QueueClient, submit_dropped
from desktop_app.delegates import (
    ActionsDelegate,
    ProgressDelegate,
    ThumbnailDelegate,
)
from desktop_app.desktop import Desktop
from desktop_app.filter_bar import FilterBar
from desktop_app.formatting import (
    activity_text,
    batch_text,
    batch_tip,
    copied_line,
    counts_text,
    duration,
)
from desktop_app.job_model import JOB_ROLE, Changes, Column, JobFilterModel, JobTableModel
from desktop_app.job_table import FIXED_COLUMNS, JobTable
from desktop_app.quit_dialog import AskQuit, QuitChoice, QuitPrompt, ask_quit_dialog
from desktop_app.resources import app_icon, deck_placeholder, icon
from desktop_app.row_actions import ACTION_ICON, ACTION_KEYS, ACTION_TEXT, RowAction, key_text
from desktop_app.settings import Settings, SettingsStore
from desktop_app.settings_dialog import SettingsDialog, changes_pdfs
from desktop_app.status_bar import MessageBar
from desktop_app.thumbnails import ThumbnailCache
from desktop_app.window_size import FIRST_SIZE, first_size, fit_size, parse_size, starts_maximized
from worker.discovery import PRESENTATION_SUFFIXES
from worker.engines.registry import engine_reasons
from worker.jobs.api import JobQueue
from worker.jobs.filtering import JobFilter, StateGroup, nothing_shown_text
from worker.jobs.model import Job, JobCounts, JobOptions, JobState, LogLine
from worker.jobs.quitting import quit_question

log = logging.getLogger(__name__)

DROP_TITLE = "Drop presentations here"  # the empty first page's title

DEFAULT_WIDTHS = {
    Column.QUEUE: 44,
    Column.THUMB: 76,
    Column.NAME: 260,
    Column.SLIDES: 56,
    Column.PROGRESS: 180,
    Column.STATE: 140,  # "Done, 2 warnings" beside its warning sign
    Column.TIME: 120,
    Column.OUTPUT: 220,
}
# Below this window width the status bar drops the batch's bar (its share is in the text beside
# it): its parts keep their widths, a message gets what is left, and at 800 px it was cut.
OVERALL_BAR_FROM = 1000
# The room a status message is given before the status bar's parts give way to it (_fit_status_parts).
STATUS_MESSAGE_CHARS = 28


def start_folder(last: str) -> str:
    """The folder a file dialog opens in: ``last`` while it exists, else Documents, else home
    (never the process's working directory, which for a desktop launch is / or the install)."""
    for candidate in (last, QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)):
        if candidate and os.path.isdir(candidate):
            return candidate
    return str(Path.home())


def _separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


class MainWindow(QMainWindow):
    polled = Signal()  # after each poll was applied (tests wait on it)
    submitted = Signal(object)  # DropReport
    batch_finished = Signal(object)  # BatchResult

    def __init__(
        self,
        client: QueueClient,
        settings: Settings,
        store: SettingsStore,
        desktop: Desktop,
        *,
        thumbnails: ThumbnailCache | None = None,
        ask_quit: AskQuit = ask_quit_dialog,
        tray: QSystemTrayIcon | None = None,
    ) -> None:
        super().__init__()
        self.client = client
        self.settings = settings
        self.store = store
        self.desktop = desktop
        self.thumbnails = thumbnails
        self.ask_quit = ask_quit
        self.tray = tray
        self.counts = JobCounts()
        self.paused = False
        self.pool = PoolStatus(False, starting=True)
        self.batch = BatchTracker()
        self.last_batch: BatchResult | None = None
        self.polls = 0
        self.max_apply_ms = 0.0
        self._closed = False
        self._loaded = False
        self._follow_selection = False  # scroll to the selection once its rows moved
        self.settings_dialog: SettingsDialog | None = None  # while it is open
        self._quit_prompt: QuitPrompt | None = None  # while the quit question is open
        self._failures_unseen = False  # a batch ended with failures the user has not gone to yet
        self._data_problem = ""  # why the jobs cannot be read now (bridge.Poller.unavailable)
        self._fitted: tuple[QSize, QSize] | None = None  # (size fitted to a small screen, the size saved)
        # Which engines can run looks at the disk (PATH, install folders): never on this thread.
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="engines")
        self._engine_reasons: Future[dict[str, str | None]] = executor.submit(engine_reasons)
        executor.shutdown(wait=False)  # the one look-up finishes on its own

        self.setWindowTitle("Slidepress")
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)

        self.model = JobTableModel(thumbnails, parent=self, time_left=self.batch.time_left.job)
        self.model.set_pool_alive(self.pool.alive)  # until the pool keeper's first look
        self.proxy = JobFilterModel(self.model, parent=self)
        if thumbnails is not None:
            thumbnails.ready.connect(self.model.thumbnail_ready)
        self._build_actions()
        self._build_table()
        self._build_empty_page()
        self._build_layout()
        self._build_status_bar()
        self._restore_state()
        self.details.setVisible(False)

        client.changed.connect(self._on_changed)
        client.pool_status.connect(self._on_pool_status)
        client.pool_message.connect(self._on_pool_message)
        client.data_problem.connect(self._on_data_problem)
        client.request_failed.connect(self._on_request_failed)
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self._update_actions()
        self._update_status()

    # -- building ------------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        icon_name: str | None,
        slot: Callable[[], object],
        tip: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
            self.__dict__.setdefault("_icon_names", {})[action] = icon_name
        action.setStatusTip(tip)
        if shortcut is not None:
            action.setShortcut(shortcut)
        self._tip(action, tip)
        action.triggered.connect(slot)
        return action

    @staticmethod
    def _tip(action: QAction, tip: str) -> None:
        """A tooltip that names the action's key, the one way to learn it without a menu bar."""
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})" if keys else tip)

    def _build_actions(self) -> None:
        self.act_add_files = self._action(
            "Add &Files…",
            "add-file",
            self.choose_files,
            "Add presentations to the queue",
            QKeySequence.StandardKey.Open,
        )
        self.act_add_folder = self._action(
            "Add F&older…",
            "add-folder",
            self.choose_folder,
            "Add every presentation in a folder and its sub-folders",
            "Ctrl+Shift+O",
        )
        self.act_pause = self._action(
            "&Pause Queue", "pause", self.toggle_pause, "Start no new conversions; running ones finish", "Ctrl+P"
        )
        self.act_retry_failed = self._action(
            "Retry All &Failed",
            "retry",
            self.retry_all_failed,
            "Convert every failed presentation again, with the settings as they are now",
            "Ctrl+Shift+R",
        )
        self.act_clear = self._action(
            "&Clear Finished",
            "clear",
            self.clear_finished,
            "Remove finished jobs from the list (their PDFs stay)",
            "Ctrl+Shift+Del",
        )
        self.act_front = self._action(
            "Move to F&ront", "front", self.move_to_front, "Convert the selected queued presentations next", "Ctrl+Home"
        )
        self.act_settings = self._action(
            "&Settings…",
            "settings",
            self.open_settings,
            "Output folder, engine, workers",
            # Linux has no Preferences key, and no menu bar here reaches Settings otherwise.
            QKeySequence.StandardKey.Preferences
            if QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
            else "Ctrl+,",
        )
        self.act_copy = self._action(
            "&Copy",
            "copy",
            self.copy_selected,
            "Copy the selected jobs' files, states and reasons",
            QKeySequence.StandardKey.Copy,
        )
        # Only while the list has focus: Ctrl+C in the find field or the log copies their text.
        self.act_copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_find = self._action(
            "&Find…", None, self.focus_search, "Find jobs by name, folder or error", QKeySequence.StandardKey.Find
        )
        self.act_quit = self._action(
            "&Quit",
            None,
            self.close,
            "Quit Slidepress",
            # As Settings: without a desktop's theme Linux names no Quit key, and with no menu bar
            # and no title bar's close button under the keyboard the window could not be quit.
            QKeySequence.StandardKey.Quit if QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) else "Ctrl+Q",
        )
        self.row_actions: dict[RowAction, QAction] = {}
        for row_action in RowAction:
            act = self._action(
                ACTION_TEXT[row_action],
                ACTION_ICON[row_action],
                self._selection_slot(row_action),
                ACTION_TEXT[row_action],
                ACTION_KEYS[row_action],
            )
            self.row_actions[row_action] = act
        # Enter (either key) opens the PDF of the selected row only while the list has the focus:
        # in the find field it must not.
        opening = self.row_actions[RowAction.OPEN]
        opening.setShortcuts([ACTION_KEYS[RowAction.OPEN], QKeySequence(Qt.Key.Key_Return)])
        opening.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_remove = self._action(
            "Re&move from List",
            "remove",
            self.remove_selected,
            "Remove the selected finished jobs (their PDFs stay)",
        )
        # Delete does what fits each selected job (cancel a waiting one, remove a finished one),
        # as in a download list; Cancel and Remove show the key in menus without holding it, or
        # the two would make one ambiguous shortcut.
        delete = ACTION_KEYS[RowAction.CANCEL]
        self.row_actions[RowAction.CANCEL].setShortcut(QKeySequence())
        self.act_delete = QAction("Cancel or Remove", self)
        self.act_delete.setShortcut(delete)
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.act_delete.triggered.connect(self.cancel_or_remove_selected)
        for act, tip in (
            (self.row_actions[RowAction.CANCEL], "Cancel the selected waiting or converting presentations"),
            (self.act_remove, "Remove the selected finished jobs (their PDFs stay)"),
        ):
            act.setText(f"{act.text()}\t{key_text(delete)}")
            act.setToolTip(f"{tip} ({key_text(delete)})")
        for act in (
            self.act_add_files,
            self.act_add_folder,
            self.act_pause,
            self.act_settings,
            self.act_find,
            self.act_quit,
            self.row_actions[RowAction.RETRY],
            self.row_actions[RowAction.SHOW],
        ):
            self.addAction(act)

    def _selection_slot(self, action: RowAction) -> Callable[[], None]:
        def slot() -> None:
            self.act_on_selection(action)

        return slot

    def _build_table(self) -> None:
        self.table = JobTable(self)
        self.table.setAccessibleName("Jobs")
        self.table.setModel(self.proxy)
        self.progress_delegate = ProgressDelegate(self.table)
        self.actions_delegate = ActionsDelegate({a: icon(ACTION_ICON[a]) for a in RowAction}, self.table)
        self.actions_delegate.triggered.connect(self._on_row_button)
        self.thumb_delegate = ThumbnailDelegate(self.table)
        self.table.setItemDelegateForColumn(Column.THUMB, self.thumb_delegate)
        self.table.setItemDelegateForColumn(Column.PROGRESS, self.progress_delegate)
        self.table.setItemDelegateForColumn(Column.ACTIONS, self.actions_delegate)
        header = self.table.horizontalHeader()
        actions_width = ActionsDelegate.width() + 6
        self.table.fixed_widths = {Column.THUMB: DEFAULT_WIDTHS[Column.THUMB], Column.ACTIONS: actions_width}
        for column, width in DEFAULT_WIDTHS.items():
            header.resizeSection(column, width)
        header.resizeSection(Column.ACTIONS, actions_width)
        # A column left out while the view was still small (before the window's first layout)
        # reported no resize: its default is its preferred width all the same.
        self.table.prefer({c: w for c, w in DEFAULT_WIDTHS.items() if c not in FIXED_COLUMNS and c != Column.NAME})
        self._set_header_modes()
        self.table.setSortingEnabled(True)
        header.moveSection(header.visualIndex(Column.QUEUE), 0)
        self.table.sortByColumn(Column.QUEUE, Qt.SortOrder.AscendingOrder)
        # Once the view has laid the sorted rows out (it scrolls after its own re-sort too).
        header.sortIndicatorChanged.connect(lambda: QTimer.singleShot(0, self, self._keep_selection_in_view))
        self.table.addAction(self.act_delete)
        self.table.addAction(self.row_actions[RowAction.OPEN])
        self.table.addAction(self.act_copy)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.doubleClicked.connect(self._on_double_click)
        self.table.nothing_shown.linkActivated.connect(lambda _link: self.filter_bar.reset())

    def _set_header_modes(self) -> None:
        """Fixed thumbnails and buttons; the rest can be dragged (Name fits itself, see JobTable)."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in FIXED_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        self.table.fit_columns()

    def _show_jobs(self, ids: Sequence[int]) -> None:
        """Scroll so the rows of ``ids`` are seen: as many as fit, the first of them always."""
        rows = [row for row in (self.proxy.row_of(i) for i in ids) if row is not None]
        if not rows:
            return
        # Rows just added below the end: the scroll bar's range grows only at the view's next
        # layout, and a scroll beyond the old range would stop short of them.
        self.table.updateGeometries()
        for row in (max(rows), min(rows)):
            self.table.scrollTo(self.proxy.index(row, Column.NAME), QAbstractItemView.ScrollHint.EnsureVisible)

    def _keep_selection_in_view(self, filtered: bool = False) -> None:
        """After a re-sort the selected row has moved: bring it into view, in the middle when it
        was scrolled off, as a file manager does. With no row selected, new ``filtered`` rows
        are shown from their top: the old rows' scroll offset left the first one half cut off."""
        current = self.table.currentIndex()
        rows = self.table.selected_rows()
        if not (current.isValid() and self.table.selectionModel().isRowSelected(current.row(), QModelIndex())):
            current = self.proxy.index(rows[0], Column.NAME) if rows else QModelIndex()
        if not current.isValid():
            if filtered:
                self.table.scrollToTop()
            return
        shown = self.table.visualRect(current)
        if shown.top() < 0 or shown.bottom() > self.table.viewport().height():
            self.table.scrollTo(current, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _build_empty_page(self) -> None:
        content = QWidget()
        content.setObjectName("emptyPage")
        title = self.empty_title = QLabel(DROP_TITLE)
        title.setObjectName("emptyTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = self.empty_hint = QLabel()
        hint.setObjectName("emptyHint")
        hint.setTextFormat(Qt.TextFormat.PlainText)  # a folder's name is shown as it is
        self._say_where_pdfs_go()
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        art = QLabel()
        art.setPixmap(icon("deck").pixmap(QSize(72, 72)))
        art.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_add_files = QPushButton(icon("add-file"), "Add Files…")
        self.empty_add_files.clicked.connect(self.choose_files)
        self.empty_add_folder = QPushButton(icon("add-folder"), "Add Folder…")
        self.empty_add_folder.clicked.connect(self.choose_folder)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.empty_add_files)
        buttons.addWidget(self.empty_add_folder)
        buttons.addStretch(1)
        layout = QVBoxLayout(content)
        layout.addStretch(2)
        layout.addWidget(art)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addStretch(3)
        # In a scroll area: the stack is as tall as its tallest page's lowest height, and this
        # page's (art, title, hint, buttons) would keep a short window from being short.
        self.empty = QScrollArea()
        self.empty.setWidget(content)
        self.empty.setWidgetResizable(True)
        self.empty.setFrameShape(QFrame.Shape.NoFrame)
        self.empty.setMinimumHeight(1)  # its own lowest height (two scroll bars) is no floor either

    def _build_layout(self) -> None:
        toolbar = QToolBar("Queue", self)
        toolbar.setObjectName("queueToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setIconSize(QSize(20, 20))
        toolbar.addAction(self.act_add_files)
        toolbar.addAction(self.act_add_folder)
        toolbar.addSeparator()
        toolbar.addAction(self.act_pause)
        toolbar.addAction(self.act_retry_failed)
        toolbar.addAction(self.act_clear)
        toolbar.addAction(self.act_front)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addAction(self.act_settings)
        self.act_about = about_action(self)
        self.act_about.setShortcut(QKeySequence.StandardKey.HelpContents)  # F1: the only help there is
        self._tip(self.act_about, "Version, licences of Slidepress and the bundled fonts")
        toolbar.addAction(self.act_about)
        self.addToolBar(toolbar)
        self.toolbar = toolbar
        self._toolbar_needs = 0  # its width with the buttons named, once found too narrow

        from desktop_app.details import DetailsPane

        self.details = DetailsPane()
        self.details.warnings.setAcceptDrops(False)
        self.details.log_view.setAcceptDrops(False)
        self.filter_bar = FilterBar()
        self.filter_bar.changed.connect(self._on_filter)
        self.filter_bar.failures_asked.connect(self.show_failures)
        self.list_page = QWidget()
        page = QVBoxLayout(self.list_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(0)
        page.addWidget(self.filter_bar)
        page.addWidget(self.table, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.list_page)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.setCentralWidget(self.splitter)
        self.setTabOrder(self.empty_add_files, self.empty_add_folder)
        self.setTabOrder(self.filter_bar.group, self.filter_bar.search)
        self.setTabOrder(self.filter_bar.search, self.filter_bar.failures)
        self.setTabOrder(self.filter_bar.failures, self.table)
        # As the eye reads the details pane: the facts on its left, then warnings and the log.
        self.setTabOrder(self.table, self.details.facts)
        self.setTabOrder(self.details.facts, self.details.warnings)
        self.setTabOrder(self.details.warnings, self.details.log_view)

    def _build_status_bar(self) -> None:
        bar = MessageBar()
        self.setStatusBar(bar)
        bar.message_set.connect(lambda _text: self._fit_status_parts())
        self.pool_label = QLabel()
        self.pool_label.setObjectName("activity")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("jobCounts")
        self.counts_label.setToolTip("Jobs in the list, by state")
        for label in (self.pool_label, self.counts_label):
            label.setContentsMargins(8, 0, 8, 0)  # room between neighbours, not text against text
        self.overall = QProgressBar()
        self.overall.setRange(0, 1000)
        self.overall.setMaximumWidth(180)
        self.overall.setTextVisible(False)
        self.overall.setToolTip("Progress of the current batch")
        self.overall.setAccessibleName("Batch progress")
        self.eta_label = QLabel()
        self.eta_label.setContentsMargins(4, 0, 8, 0)
        bar.addPermanentWidget(self.pool_label)
        self.pool_separator = _separator()
        bar.addPermanentWidget(self.pool_separator)
        bar.addPermanentWidget(self.counts_label)
        self.overall_separator = _separator()
        bar.addPermanentWidget(self.overall_separator)
        bar.addPermanentWidget(self.overall)
        bar.addPermanentWidget(self.eta_label)

    def _restore_state(self) -> None:
        s = self.settings
        if s.geometry:
            self.restoreGeometry(QByteArray.fromBase64(s.geometry.encode()))
            saved = parse_size(s.window_size)
            screen = self.screen()
            if saved is not None and screen is not None and not self.isMaximized() and self.size() != saved:
                # Qt fitted the blob to a screen of another scale (1200x715 came back 355x290 at
                # 150 %, 266x266 at 200 %): the size the user chose, within the screen's room.
                self.resize(fit_size(saved, screen.availableGeometry().size()))
                self._fitted = (self.size(), saved)  # kept for the next start unless resized
        else:
            screen = self.screen()
            room = screen.availableGeometry().size() if screen is not None else FIRST_SIZE
            self.resize(first_size(room))  # also the size it comes back to from maximized
            if self.size() != FIRST_SIZE:
                # Fitted to this screen, not chosen: a later start on a roomier one (another
                # scale, another monitor) gets the usual size, unless the user resizes it.
                self._fitted = (self.size(), FIRST_SIZE)
            if starts_maximized(room):
                self.setWindowState(Qt.WindowState.WindowMaximized)
        if s.header_state:
            header = self.table.horizontalHeader()
            if self.table.restore_header(QByteArray.fromBase64(s.header_state.encode())):
                if header.visualIndex(Column.QUEUE) == header.count() - 1:
                    header.moveSection(header.count() - 1, 0)  # saved before "#" existed: it goes first
                self.table.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())
            self._set_header_modes()  # a layout saved by an older version named other modes
        if s.splitter_state:
            self.splitter.restoreState(QByteArray.fromBase64(s.splitter_state.encode()))
        else:
            self.splitter.setSizes([470, 190])

    def _size_to_save(self) -> QSize:
        size = self.normalGeometry().size()
        if self._fitted is not None and self._fitted[0] == size:
            return self._fitted[1]  # still as fitted to this screen: the next may have the room
        return size

    def _save_state(self) -> None:
        self.settings = replace(
            self.settings,
            geometry=bytes(self.saveGeometry().toBase64().data()).decode(),
            window_size="{}x{}".format(*self._size_to_save().toTuple()),
            header_state=bytes(self.table.header_state().toBase64().data()).decode(),
            splitter_state=bytes(self.splitter.saveState().toBase64().data()).decode(),
        )
        try:
            self.store.save(self.settings)
        except OSError as exc:
            log.warning("cannot save settings: %s", exc)

    # -- adding --------------------------------------------------------------------------------

    def choose_files(self) -> None:
        patterns = " ".join(f"*{s}" for s in sorted(PRESENTATION_SUFFIXES))
        files, _ = QFileDialog.getOpenFileNames(
            self, "Add Presentations", self._dialog_folder(), f"Presentations ({patterns})"
        )
        if files:
            chosen = [Path(f) for f in files]
            self._remember_folder(chosen[0].parent)
            self.add_paths(chosen)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a Folder of Presentations", self._dialog_folder())
        if folder:
            # Its parent: the next folder wanted is most often a sibling of this one.
            self._remember_folder(Path(folder).parent)
            self.add_paths([Path(folder)])

    def _dialog_folder(self) -> str:
        """Where the file dialogs open: the folder last chosen from, else Documents, else home."""
        return start_folder(self.settings.last_folder)

    def _remember_folder(self, folder: Path) -> None:
        self.settings = replace(self.settings, last_folder=str(folder))
        try:
            self.store.save(self.settings)  # now, not at quit: a crash must not forget it
        except OSError as exc:
            log.warning("cannot save settings: %s", exc)

    def add_paths(self, paths: Sequence[Path]) -> None:
        """Queue dropped or chosen paths; hashing and probing happen on the commander thread."""
        if not paths:
            return
        options = self.settings.submit_options()
        items = list(paths)
        self.statusBar().showMessage(f"Adding {len(items)} item{'s' if len(items) != 1 else ''}…")
        self.client.call(lambda q: submit_dropped(q, items, options), self._on_submitted)

    def _on_submitted(self, result: object) -> None:
        if not isinstance(result, DropReport):
            return
        report = result.report
        changes = self.model.apply(report.jobs)
        if changes.queue_moved:
            self.table.repaint_column(Column.QUEUE)
        self.batch.note(changes)
        if self.batch.members:
            self.batch.note_left_out(report.skipped, report.not_presentations)
        fresh = [job for job in report.jobs if job.state.active]
        if fresh and not any(self.proxy.job_filter.matches(job) for job in fresh):
            self.filter_bar.reset()  # what was just added must not vanish behind the filter
        self._update_empty()
        if report.queued:
            # New jobs land at the end of what may be a long list: show them, as calibre shows the
            # books just added (the selection stays the user's).
            ids = [job.id for job in report.queued]
            QTimer.singleShot(0, self, lambda: self._show_jobs(ids))
        parts = []
        if report.queued:
            parts.append(f"queued {len(report.queued)} presentation{'s' if len(report.queued) != 1 else ''}")
        if report.already_queued:
            parts.append(f"{len(report.already_queued)} already in the queue")
        if report.up_to_date:
            parts.append(f"{len(report.up_to_date)} already converted")
        if result.skipped:
            parts.append(result.skipped)
        if report.missing:
            parts.append(f"{len(report.missing)} not found")
        if report.unreadable:
            parts.append(f"{len(report.unreadable)} unreadable")
        text = "; ".join(parts) if parts else result.nothing_found
        self.statusBar().showMessage(text[:1].upper() + text[1:], 15000)
        self.submitted.emit(result)

    # -- drag and drop -------------------------------------------------------------------------

    @staticmethod
    def _local_paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._local_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._local_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._local_paths(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_paths(paths)

    # -- filtering -----------------------------------------------------------------------------

    def focus_search(self) -> None:
        if self.stack.currentWidget() is self.list_page:
            self.filter_bar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.filter_bar.search.selectAll()

    def _on_filter(self, job_filter: object) -> None:
        if isinstance(job_filter, JobFilter):
            self.proxy.set_job_filter(job_filter)
        # The selected job keeps its selection but sits elsewhere in the new rows: show it, once
        # the view has laid them out (a scroll offset kept from the old rows shows another place).
        QTimer.singleShot(0, self, lambda: self._keep_selection_in_view(filtered=True))
        self.filter_bar.update_shown(self.proxy.rowCount(), self.model.rowCount())
        self._update_nothing_shown()
        self._update_failures_link()
        self._on_selection()

    def _update_failures_link(self) -> None:
        if self.proxy.job_filter.group is StateGroup.FAILED or not self.counts.failed:
            self._failures_unseen = False  # the user went there, or retried or removed them all
        self.filter_bar.offer_failures(self.counts.failed if self._failures_unseen else 0)

    def show_failures(self) -> None:
        """Every failed job, the first selected so the details pane says why at once."""
        self.filter_bar.search.clear()
        self.filter_bar.set_group(StateGroup.FAILED)
        if self.proxy.rowCount():
            self.table.selectRow(0)
            self.table.scrollToTop()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_nothing_shown(self) -> None:
        nothing = self.proxy.rowCount() == 0 and self.model.rowCount() > 0
        self.table.show_nothing_shown(nothing_shown_text(self.proxy.job_filter) if nothing else None)

    # -- acting on jobs ------------------------------------------------------------------------

    def selected_jobs(self) -> list[Job]:
        return [job for job in map(self.proxy.job_at, self.table.selected_rows()) if job is not None]

    def copy_selected(self) -> None:
        """The selected jobs as lines of text, for a mail or a ticket: what a user asked to
        paste was the reason a deck failed, which the details pane shows one job at a time."""
        jobs = self.selected_jobs()
        if jobs:
            lines = [copied_line(job, self.pool.alive) for job in jobs]
            QApplication.clipboard().setText("\n".join(lines) + "\n")

    def act_on_selection(self, action: RowAction) -> None:
        self.perform(action, self.selected_jobs())

    def perform(self, action: RowAction, jobs: Sequence[Job]) -> None:
        if action is RowAction.CANCEL:
            ids = [j.id for j in jobs if j.state.active]
            if ids:
                self._call(lambda q: q.cancel(ids))
        elif action is RowAction.RETRY:
            ids = [j.id for j in jobs if j.state in (JobState.FAILED, JobState.CANCELLED)]
            options = self._retry_options()
            if ids:
                self.proxy.keep_shown(ids)  # a retry from "Failed" is watched where it was started
                self._call(lambda q: q.retry(ids, options))
        elif action is RowAction.OPEN:
            self.open_outputs(jobs)
        elif action is RowAction.SHOW:
            self.show_in_folders(jobs)

    @Slot(str, QPersistentModelIndex)
    def _on_row_button(self, action: str, index: QPersistentModelIndex) -> None:
        job = index.data(JOB_ROLE)
        if not isinstance(job, Job):
            return
        selected = self.selected_jobs()
        # A button on a selected row acts on the whole selection; elsewhere on its own row.
        targets = selected if any(j.id == job.id for j in selected) else [job]
        self.perform(RowAction(action), targets)

    def _on_double_click(self, index: QModelIndex) -> None:
        if index.column() == Column.ACTIONS:
            return
        job = index.data(JOB_ROLE)
        if isinstance(job, Job):
            self.open_outputs([job])

    def open_outputs(self, jobs: Sequence[Job]) -> None:
        """Open the PDFs of done jobs; one moved or deleted since is said so instead of nothing
        happening (whether it is there is asked on the commander thread: a network drive can stall)."""
        paths = [job.output for job in jobs if job.state is JobState.SUCCEEDED]
        if paths:
            self.client.call(lambda _q: [(p, p.is_file()) for p in paths], self._on_outputs_checked)

    def _on_outputs_checked(self, checked: object) -> None:
        if not isinstance(checked, list):
            return
        problems = []
        for path, there in checked:
            if not there:
                problems.append(f"{path.name} is no longer there (moved or deleted)")
            elif not self.desktop.open_file(path):
                problems.append(f"no program here opens {path.name}")
        if problems:
            self.statusBar().showMessage("Could not open: " + "; ".join(problems), 15000)

    def show_in_folders(self, jobs: Sequence[Job]) -> None:
        """Show each job's PDF (else its deck) in the file manager; a folder deleted since, or a
        desktop with no file manager, is said so (whether it is there is asked off this thread)."""
        paths = [job.output if job.state is JobState.SUCCEEDED else job.source for job in jobs[:10]]
        # Ten file-manager windows is already plenty.
        self.client.call(lambda _q: [(p, p.parent.is_dir()) for p in paths], self._on_folders_checked)

    def _on_folders_checked(self, checked: object) -> None:
        if not isinstance(checked, list):
            return
        problems = []
        for path, there in checked:
            if not there:
                problems.append(f"{path.name}: its folder {path.parent} is no longer there")
            elif not self.desktop.show_in_folder(path):
                problems.append(f"{path.name}: no file manager here opens its folder")
        if problems:
            self.statusBar().showMessage("Could not show " + "; ".join(problems), 15000)

    def cancel_or_remove_selected(self) -> None:
        """Delete: cancel the selected jobs still to do; once none is left to cancel, remove the
        finished ones. One press never does both: Ctrl+A, Delete to stop a batch must not also
        take every done and failed job, with its reason, off the list."""
        jobs = self.selected_jobs()
        cancel = [j.id for j in jobs if j.state.active and not j.cancel_requested]
        if cancel:
            self._call(lambda q: q.cancel(cancel))
            return
        remove = [j.id for j in jobs if j.state.finished]
        if remove:
            self._call(lambda q: q.remove(remove))

    def remove_selected(self) -> None:
        ids = [j.id for j in self.selected_jobs() if j.state.finished]
        if ids:
            self._call(lambda q: q.remove(ids))

    def toggle_pause(self) -> None:
        if self.paused:
            self._call(lambda q: q.resume())
        else:
            self._call(lambda q: q.pause())
        self.paused = not self.paused  # shown at once; the next poll confirms it
        self._update_actions()

    def retry_all_failed(self) -> None:
        options = self._retry_options()
        self.proxy.keep_shown(j.id for j in self.model.jobs() if j.state is JobState.FAILED)
        self._call(lambda q: q.retry_failed(options))

    def _retry_options(self) -> JobOptions:
        # A retry converts with the settings as they are now: an error that names a setting
        # ("include hidden slides to convert it") is answered by changing it, then Retry.
        return self.settings.submit_options().job_options

    def clear_finished(self) -> None:
        ids = [j.id for j in self.model.jobs() if j.state.finished]
        if ids:
            self._call(lambda q: q.remove(ids))

    def move_to_front(self) -> None:
        ids = [j.id for j in self.selected_jobs() if j.state is JobState.QUEUED]

        def front(q: JobQueue) -> int:
            # The last one moved ends up first: move in reverse so the selection keeps its order.
            return sum(q.move_to_front(i) for i in reversed(ids))

        def moved(_result: object) -> None:
            self._follow_selection = True  # the moved rows reach the view with the next poll
            self.client.poll_now()

        if ids:
            self.client.call(front, moved)

    def _call(self, fn: Callable[[JobQueue], object]) -> None:
        self.client.call(fn, lambda _result: self.client.poll_now())

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid() and not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            self.table.selectRow(index.row())
        menu = QMenu(self)
        for act in self.row_actions.values():
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(self.act_front)
        menu.addAction(self.act_remove)
        menu.addSeparator()
        menu.addAction(self.act_copy)
        self._update_actions()
        menu.popup(self.table.viewport().mapToGlobal(pos))

    # -- settings ------------------------------------------------------------------------------

    def open_settings(self) -> None:
        """Window-modal and without a nested event loop: the table keeps updating behind it."""
        if self.settings_dialog is not None:
            self.settings_dialog.raise_()
            return
        try:
            reasons = self._engine_reasons.result(timeout=0.3)
        except FutureTimeout:
            reasons = {}  # still looking (a slow network drive on PATH): every engine offered
        except Exception:  # a failed look-up must not keep the settings closed
            log.exception("could not tell which engines can run")
            reasons = {}
        dialog = SettingsDialog(self.settings, self, reasons=reasons, in_queue=self.counts.active)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_settings(dialog.result_settings()))
        dialog.finished.connect(self._settings_closed)
        self.settings_dialog = dialog
        dialog.open()

    def _settings_closed(self) -> None:
        self.settings_dialog = None

    def _say_where_pdfs_go(self) -> None:
        """The first page says where the PDFs will be, the first thing a new user looks for."""
        if self._data_problem:
            return  # the page says why the jobs are not shown until they can be read
        out_dir = self.settings.submit_options().out_dir
        where = "in the same folder" if out_dir is None else f"in {out_dir}"
        self.empty_hint.setText(
            f"PowerPoint files or whole folders. Each becomes a PDF {where}, converted on this computer."
        )

    def apply_settings(self, settings: Settings) -> None:
        old_workers = self.settings.effective_workers
        if changes_pdfs(self.settings, settings) and self.counts.active:
            # The dialog said so too; this is said where the user looks next, the list unchanged.
            n = self.counts.active
            those = "the one in the queue keeps its" if n == 1 else f"the {n} in the queue keep their"
            # Short: the status bar's room beside the converter's state is some 70 characters.
            self.statusBar().showMessage(f"Saved for new presentations; {those} settings", 30000)
        self.settings = settings
        self._say_where_pdfs_go()
        try:
            self.store.save(settings)
        except OSError as exc:
            log.warning("cannot save settings: %s", exc)
        if settings.effective_workers != old_workers:
            self.client.set_workers(settings.effective_workers)
        self._update_notifier()

    def _update_notifier(self) -> None:
        if self.tray is not None:
            self.tray.setVisible(self.settings.notify_when_done)

    # -- updates from the queue ----------------------------------------------------------------

    @Slot(object)
    def _on_changed(self, result: PollResult) -> None:
        began = time.perf_counter()
        changes = self.model.apply(result.jobs)
        if changes.queue_moved:
            self.table.repaint_column(Column.QUEUE)
            if self._follow_selection:
                # Jobs the user moved to the front went to the top: show them where they went.
                self._follow_selection = False
                QTimer.singleShot(0, self, self._keep_selection_in_view)
        if self.settings_dialog is not None and result.counts.active != self.counts.active:
            self.settings_dialog.set_in_queue(result.counts.active)
        self.counts = result.counts
        self.paused = result.paused
        if changes.transitions and self.settings.open_when_done:
            for old, job in changes.transitions:
                if old is not None and old.active and job.state is JobState.SUCCEEDED:
                    self.desktop.open_file(job.output)
        finished = self.batch.observe(changes, self.model.job, result.counts.active, result.batch_started)
        if finished is not None:
            self._batch_finished(finished)
        self._say_started_again(changes)
        selected = self.details.job
        if selected is not None:
            current = self.model.job(selected.id)
            if current is None or current.rev != selected.rev:
                self._show_details(current)
        if not self._loaded:
            self._loaded = True
            if self.model.rowCount() and self.table.currentIndex().row() < 0:
                self.table.setFocus()
        self._update_empty()
        self.filter_bar.update_counts(result.counts)
        self.filter_bar.update_shown(self.proxy.rowCount(), self.model.rowCount())
        self._update_nothing_shown()
        self._update_failures_link()
        self._update_actions()
        self._update_status()
        self._update_quit_prompt()
        self.polls += 1
        self.max_apply_ms = max(self.max_apply_ms, (time.perf_counter() - began) * 1000)
        self.polled.emit()

    def _say_started_again(self, changes: Changes) -> None:
        """Decks whose run was cut off part-way (Slidepress closed, the converter restarted) start
        again from slide 1: said once, when the window first sees them or sees them go back to
        waiting, so a bar back at 0 is not left to be puzzled over (their rows say so too)."""
        again = [
            job
            for old, job in changes.transitions
            if job.started_again and (old is None or (old is JobState.RUNNING and job.state is JobState.QUEUED))
        ]
        if not again:
            return
        what = again[0].source.name if len(again) == 1 else f"{len(again)} presentations"
        verb = "converts" if len(again) == 1 else "convert"
        # The window's first poll: the converter stopped with the app; later, it was restarted.
        why = "Slidepress was closed" if not self._loaded else "the converter was restarted"
        self.statusBar().showMessage(f"{what} {verb} again from slide 1: {why} part-way through", 30000)

    def _batch_finished(self, result: BatchResult) -> None:
        self.last_batch = result
        if result.failed:
            # Among 500 rows the failures are hard to find: the filter bar offers to show them.
            self._failures_unseen = True
            self._update_failures_link()
        text = f"Batch finished: {result.succeeded} converted"
        if result.warned:
            text += f" ({result.warned} with warnings)"
        if result.failed:
            text += f", {result.failed} failed"
        if result.cancelled:
            text += f", {result.cancelled} cancelled"
        text += f" in {duration(result.seconds)}"
        if result.skipped:
            text += f"; {result.skipped}"
        log.info("%s", text)
        self.statusBar().showMessage(text, 30000)
        if self.settings.notify_when_done and self.tray is not None and self.tray.isVisible():
            kind = QSystemTrayIcon.MessageIcon.Warning if result.failed else QSystemTrayIcon.MessageIcon.Information
            self.tray.showMessage("Slidepress", text, kind, 8000)
        elif self.settings.notify_when_done:
            QApplication.alert(self)  # no tray here: at least flash the taskbar entry
        self.batch_finished.emit(result)

    @Slot(object)
    def _on_pool_status(self, status: PoolStatus) -> None:
        self.pool = status
        self.model.set_pool_alive(status.alive)
        self._update_status()
        self._update_quit_prompt()

    def _update_quit_prompt(self) -> None:
        if self._quit_prompt is not None:
            self._quit_prompt.update(quit_question(self.counts, self.paused, self.pool.alive))

    @Slot(str)
    def _on_pool_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)

    @Slot(str)
    def _on_data_problem(self, text: str) -> None:
        """The jobs cannot be read (the data folder's disk is full or read-only): said until they
        can be, since the list shows none of them meanwhile."""
        bar = self.statusBar()
        if text:
            bar.showMessage(text)
        elif bar.currentMessage() == self._data_problem:
            bar.clearMessage()
        self._data_problem = text
        # The empty page is what shows meanwhile: it must not invite a first drop over a queue
        # that is only unreadable for now.
        if text:
            self.empty_title.setText("Your jobs cannot be read just now")
            self.empty_hint.setText(f"{text}. Slidepress tries again by itself and shows them once it can.")
        else:
            self.empty_title.setText(DROP_TITLE)
            self._say_where_pdfs_go()

    @Slot(str)
    def _on_request_failed(self, text: str) -> None:
        self.statusBar().showMessage(f"That did not work: {text}", 15000)

    def _on_selection(self) -> None:
        jobs = self.selected_jobs()
        self._show_details(jobs[0] if len(jobs) == 1 else (jobs[-1] if jobs else None))
        self._update_actions(jobs)

    def _show_details(self, job: Job | None) -> None:
        if self.details.show_job(job) and job is not None:
            self._load_log(job.id)

    def _load_log(self, job_id: int) -> None:
        self.client.call(lambda q: q.log_lines(job_id), lambda lines: self._on_log(job_id, lines))

    def _on_log(self, job_id: int, lines: object) -> None:
        if isinstance(lines, list):
            self.details.show_log(job_id, [line for line in lines if isinstance(line, LogLine)])

    def _tick(self) -> None:
        self._update_status()  # the running rows' times with it
        # The pool may log a job's last lines after its last change: refresh the shown log too.
        shown = self.details.job
        if shown is not None and self.isVisible() and self.client.pending() < 3:
            self._load_log(shown.id)

    def _update_empty(self) -> None:
        has_rows = self.model.rowCount() > 0
        page = self.list_page if has_rows else self.empty
        if self.stack.currentWidget() is not page:
            self.stack.setCurrentWidget(page)
            self.details.setVisible(has_rows)  # nothing to detail on the drop page

    def _update_actions(self, selected: list[Job] | None = None) -> None:
        jobs = self.selected_jobs() if selected is None else selected
        states = {j.state for j in jobs}
        self.row_actions[RowAction.CANCEL].setEnabled(any(s.active for s in states))
        self.row_actions[RowAction.RETRY].setEnabled(bool(states & {JobState.FAILED, JobState.CANCELLED}))
        self.row_actions[RowAction.OPEN].setEnabled(JobState.SUCCEEDED in states)
        self.row_actions[RowAction.SHOW].setEnabled(bool(jobs))
        self.act_remove.setEnabled(any(s.finished for s in states))
        self.act_delete.setEnabled(bool(states))
        self.act_front.setEnabled(JobState.QUEUED in states)
        self.act_retry_failed.setEnabled(self.counts.failed > 0)
        self.act_clear.setEnabled(self.counts.succeeded + self.counts.failed + self.counts.cancelled > 0)
        if self.paused:
            self.act_pause.setText("&Resume Queue")
            self.act_pause.setIcon(self._icon("resume"))
            self._tip(self.act_pause, "Start converting again")
        else:
            self.act_pause.setText("&Pause Queue")
            self.act_pause.setIcon(self._icon("pause"))
            self._tip(self.act_pause, "Start no new conversions; running ones finish")

    def changeEvent(self, event: QEvent) -> None:
        # Icons are tinted with the palette's text colour: redo them when the OS theme flips.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ThemeChange, QEvent.Type.ApplicationPaletteChange):
            self._restyle()
            self.__dict__["_icons"] = {}
            names: dict[QAction, str] = self.__dict__.get("_icon_names", {})
            for action, name in names.items():
                action.setIcon(icon(name))
            if hasattr(self, "actions_delegate"):
                self.actions_delegate.set_icons({a: icon(ACTION_ICON[a]) for a in RowAction})
                self._update_actions()
            if hasattr(self, "details"):
                self.details.colour_error()
            thumbnails: ThumbnailCache | None = self.__dict__.get("thumbnails")
            if thumbnails is not None:  # the waiting decks' icon is tinted too
                thumbnails.set_placeholder(deck_placeholder())
                self.table.viewport().update()
        super().changeEvent(event)

    def _restyle(self) -> None:
        """Hand the new palette to every widget. With an application style sheet set (ours holds
        fonts only), Qt passes a new application palette to top-level windows alone: after the
        desktop turned dark the list, details and toolbar stayed light inside a dark window.
        Setting the sheet again repolishes every widget from the new palette (that sends style
        changes, not palette changes: no loop)."""
        app = QApplication.instance()
        if not isinstance(app, QApplication) or not app.styleSheet() or self.__dict__.get("_restyling"):
            return
        self.__dict__["_restyling"] = True
        try:
            app.setStyleSheet(app.styleSheet())
        finally:
            self.__dict__["_restyling"] = False

    def _icon(self, name: str) -> QIcon:
        cache: dict[str, QIcon] = self.__dict__.setdefault("_icons", {})
        if name not in cache:
            cache[name] = icon(name)
        return cache[name]

    def _update_status(self) -> None:
        counts = self.counts
        self.counts_label.setText(counts_text(counts))
        pool = self.pool
        self.pool_label.setText(activity_text(self.paused, counts, pool.workers, pool.alive, pool.starting))
        if pool.alive and pool.workers:
            processes = f"{pool.workers} converter process{'es' if pool.workers != 1 else ''} running"
        else:
            processes = "The converter runs in processes of its own" if pool.alive else "The converter is not running"
        self.pool_label.setToolTip(f"{processes}; how many at a time is set in Settings")
        done, left = self.batch.progress(self.model.job, paused=self.paused, pool_alive=pool.alive)
        # The rows' times left were estimated with the batch's just now: show them together.
        self.model.refresh_running()
        members = len(self.batch.members)
        self.overall.setVisible(self._overall_shown())
        self.overall_separator.setVisible(members > 0)
        self.eta_label.setVisible(members > 0)
        self.overall.setValue(round(done * 1000))
        # "for both" / "for all 4": the decks the batch still converts, not those cancelled.
        decks = self.batch.decks
        self._eta_texts = (
            (batch_text(done, left, decks), batch_text(done, left, decks, short=True)) if members else ("", "")
        )
        self.eta_label.setToolTip(batch_tip(decks))
        self._fit_status_parts()

    def _fit_status_parts(self) -> None:
        """Parts of the status bar give way when there is no room for all: Qt squeezed them, cut
        the counts mid-word ('259 done, 18 fa' in a 614 px window, seen under Xvfb at 200 %) and
        left a message a lone '…'. Least needed first: the converter's activity (the counts say
        how many convert and the toolbar whether the queue is paused; its text goes to the
        counts' tooltip), then the batch's 'for all N' (its tooltip says it). A message is given
        up to STATUS_MESSAGE_CHARS of room."""
        if not hasattr(self, "_eta_texts"):
            return  # not before the status bar's first update
        bar = self.statusBar()
        assert isinstance(bar, MessageBar)
        metrics = bar.fontMetrics()
        room = bar.width() - min(bar.message_width(), STATUS_MESSAGE_CHARS * metrics.averageCharWidth())
        full, short = self._eta_texts
        eta_metrics = self.eta_label.fontMetrics()
        activity = (self.pool_label, self.pool_separator)
        # The other parts with the batch's full text, whatever the label holds now.
        others = bar.parts_width(excluding=activity)
        if not self.eta_label.isHidden():
            others += eta_metrics.horizontalAdvance(full) - eta_metrics.horizontalAdvance(self.eta_label.text())
        activity_width = bar.width_of(activity)
        show_activity = others + activity_width <= room
        whole = others + (activity_width if show_activity else 0) <= room
        for widget in activity:
            if widget.isHidden() == show_activity:
                widget.setVisible(show_activity)
        text = full if whole else short
        if self.eta_label.text() != text:
            self.eta_label.setText(text)
        tip = "Jobs in the list, by state"
        self.counts_label.setToolTip(tip if show_activity else f"{self.pool_label.text()}. {tip}")

    def resizeEvent(self, event: QResizeEvent) -> None:
        # The batch's bar comes and goes with the room (OVERALL_BAR_FROM).
        super().resizeEvent(event)
        if hasattr(self, "overall"):  # not before the status bar is built
            self.overall.setVisible(self._overall_shown())
            self._fit_status_parts()
        if hasattr(self, "toolbar"):
            self._fit_toolbar()

    def _fit_toolbar(self) -> None:
        """Icons alone where the named buttons do not fit (a narrow window, 200 % on a laptop):
        Qt hid the last ones, Settings and About, behind a » menu. Their names stay in tooltips."""
        bar = self.toolbar
        beside = Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        if bar.toolButtonStyle() == beside:
            need = bar.sizeHint().width()
            if bar.width() < need:
                self._toolbar_needs = need
                bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        elif bar.width() >= self._toolbar_needs:
            bar.setToolButtonStyle(beside)

    def _overall_shown(self) -> bool:
        return bool(self.batch.members) and self.width() >= OVERALL_BAR_FROM

    # -- closing -------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed:
            event.accept()
            return
        stop = True
        question = quit_question(self.counts, self.paused, self.pool.alive)
        if question.left:
            # Polls go on while the question is open (its dialog runs an event loop): they
            # update it through the prompt, and may settle it when the last job ends.
            prompt = self._quit_prompt = QuitPrompt(question, self)
            try:
                choice = self.ask_quit(self, prompt)
            finally:
                self._quit_prompt = None
                prompt.deleteLater()
            if choice is QuitChoice.CANCEL:
                event.ignore()
                return
            stop = choice is QuitChoice.STOP
        self._closed = True
        self._save_state()
        self.hide()
        self._clock.stop()
        if self.thumbnails is not None:
            self.thumbnails.clear()
        # An idle pool is stopped too: the next window or `export --wait` starts one.
        self.client.shutdown(stop_pool_too=stop)
        if self.tray is not None:
            self.tray.hide()
        event.accept()
