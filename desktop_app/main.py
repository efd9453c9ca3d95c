"""Starting the window: ``slidepress`` and ``slidepress gui PATH...`` land in :func:`run_gui`."""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from desktop_app.bridge import POLL_INTERVAL_MS, QueueClient
from desktop_app.desktop import Desktop, SystemDesktop
from desktop_app.file_open import FileOpenListener
from desktop_app.quit_dialog import AskQuit, QuitChoice, ask_quit_dialog
from desktop_app.resources import app_icon, deck_placeholder, style_sheet
from desktop_app.settings import SettingsStore
from desktop_app.single_instance import InstanceServer, send_to_running, server_name
from desktop_app.thumbnails import ThumbnailCache
from desktop_app.window import MainWindow
from worker.logging_setup import setup_logging
from worker.paths import DataPaths, config_dir, data_paths
from worker.render.qt_runtime import quiet_qt_notes

log = logging.getLogger(__name__)

GIL_SWITCH_SECONDS = 0.001


def application() -> QApplication:
    existing = QCoreApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # The poller, commander and thumbnail threads run Python too; a shorter GIL switch interval
    # hands the GUI thread the GIL back sooner when it wants it (fewer visible stalls).
    sys.setswitchinterval(GIL_SWITCH_SECONDS)
    quiet_qt_notes()
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Slidepress")
    app.setApplicationDisplayName("Slidepress")
    app.setOrganizationName("Slidepress")
    app.setDesktopFileName("slidepress")
    app.setWindowIcon(app_icon())
    return app


def create_window(
    paths: DataPaths,
    *,
    desktop: Desktop | None = None,
    ask_quit: AskQuit = ask_quit_dialog,
    poll_ms: int | None = None,
    supervise_pool: bool = True,
    thumbnails: bool = True,
    settings_dir: Path | None = None,
) -> MainWindow:
    """The window over the queue in ``paths``, its threads started (tests and the bench use this)."""
    app = application()
    if not app.styleSheet():
        app.setStyleSheet(style_sheet())
    store = SettingsStore(settings_dir if settings_dir is not None else config_dir())
    settings = store.load()
    client = QueueClient(paths, settings.effective_workers, poll_ms=poll_ms or POLL_INTERVAL_MS)
    cache = ThumbnailCache.in_process(deck_placeholder()) if thumbnails else None
    tray = None
    if QSystemTrayIcon.isSystemTrayAvailable():
        tray = QSystemTrayIcon(app_icon())
        tray.setToolTip("Slidepress")
        tray.setVisible(settings.notify_when_done)
    window = MainWindow(
        client,
        settings,
        store,
        desktop if desktop is not None else SystemDesktop(),
        thumbnails=cache,
        ask_quit=ask_quit,
        tray=tray,
    )
    client.setParent(window)
    if cache is not None:
        cache.setParent(window)
    if tray is not None:
        tray.setParent(window)
        tray.activated.connect(lambda _reason: _raise(window))
    client.start(supervise_pool=supervise_pool)
    return window


def _raise(window: MainWindow) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def _close_on_signals(window: MainWindow) -> None:
    """Ctrl+C in a terminal or SIGTERM at logout: close without asking, stopping the pool
    (unfinished jobs resume on the next start)."""

    def close(_signum: int, _frame: object) -> None:
        window.ask_quit = lambda _w, _n: QuitChoice.STOP
        QTimer.singleShot(0, window.close)

    for name in ("SIGINT", "SIGTERM"):
        signum = getattr(signal, name, None)
        if signum is not None:
            signal.signal(signum, close)
    # Python runs signal handlers only between bytecodes: wake the interpreter now and then.
    ticker = QTimer(window)
    ticker.setInterval(300)
    ticker.timeout.connect(lambda: None)
    ticker.start()


def run_gui(paths: Sequence[str]) -> int:
    data = data_paths()
    setup_logging(data.logs_dir, "gui")
    app = application()
    name = server_name(data.root)
    # A second launch hands its files to the open window ("Open with Slidepress") and exits.
    if send_to_running(name, list(paths)):
        log.info("passed %d paths to the running window", len(paths))
        return 0
    server = InstanceServer(name)
    if not server.listen():
        log.warning("cannot listen on %s: %s", name, server.server.errorString())
    window = create_window(data)

    def receive(received: list[str]) -> None:
        _raise(window)
        window.add_paths([Path(p) for p in received])

    server.received.connect(receive)
    opened = FileOpenListener(window)
    app.installEventFilter(opened)
    opened.opened.connect(receive)
    _close_on_signals(window)
    window.show()
    if paths:
        window.add_paths([Path(p) for p in paths])
    code = app.exec()
    server.close()
    return code
