"""The frozen executable's entry point: one program for every role.

``slidepress`` (the window), ``slidepress convert|export|jobs|...`` (the command line),
``slidepress pool`` (started detached by the window and ``export --wait``), and the converter and
thumbnail children, which multiprocessing's spawn method starts as ``slidepress
--multiprocessing-fork ...`` (and its resource tracker as ``slidepress -c ...``):
``multiprocessing.freeze_support()`` must run first so a child runs its task and exits instead of
opening a second window.

``SLIDEPRESS_SMOKE_QUIT_MS=N`` (tests and bench/bundle.py only): once the window is shown, print
``slidepress-smoke: window shown`` to stderr and close the window N ms later through its normal
close path, so a frozen build can be started and quit without a display or a person.
"""

from __future__ import annotations

import multiprocessing
import os
import sys

SMOKE_ENV = "SLIDEPRESS_SMOKE_QUIT_MS"
SMOKE_POLL_MS = 20


def _install_smoke_quit(delay_ms: int) -> None:
    # The window code creates its QApplication through desktop_app.main.application(), which
    # returns an existing one: create it here so a timer can watch for the window.
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.main import application

    app = application()
    watcher = QTimer(app)
    watcher.setInterval(SMOKE_POLL_MS)

    def look() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if w.isWindow() and w.isVisible()]
        if not shown:
            return
        watcher.stop()
        print("slidepress-smoke: window shown", file=sys.stderr, flush=True)
        # close(), not app.quit(): the window's closeEvent saves state and stops its threads.
        QTimer.singleShot(delay_ms, lambda: [w.close() for w in shown])

    watcher.timeout.connect(look)
    watcher.start()


def main() -> int:
    multiprocessing.freeze_support()  # a spawned child runs here and never returns
    from worker.cli import main as cli_main

    argv = sys.argv[1:]
    smoke = os.environ.get(SMOKE_ENV)
    if smoke and (not argv or argv[0] == "gui"):
        _install_smoke_quit(int(smoke))
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
