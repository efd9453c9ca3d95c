"""The window's size across starts at different display scales (QT_SCALE_FACTOR, which a Qt
process reads once at its start: each start is a process of its own)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Opens the window over HOME, resizes it when asked, prints the screen's room and the window's
# size in device-independent pixels, and closes it as a person does (its state is saved).
START = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from desktop_app.desktop import RecordingDesktop
from desktop_app.main import create_window
from desktop_app.quit_dialog import QuitChoice
from worker.paths import DataPaths

home = Path(sys.argv[1])
window = create_window(
    DataPaths(home).ensure(), desktop=RecordingDesktop(), supervise_pool=False, thumbnails=False,
    settings_dir=home / "config", ask_quit=lambda _w, _q: QuitChoice.STOP,
)
window.show()
QApplication.processEvents()
if len(sys.argv) > 2 and sys.argv[2] == "normal":
    window.showNormal()  # un-maximized by the user, not resized
    QApplication.processEvents()
elif len(sys.argv) > 2:
    window.resize(int(sys.argv[2]), int(sys.argv[3]))
    QApplication.processEvents()
room = window.screen().availableGeometry().size()
print(json.dumps({"room": room.toTuple(), "size": window.size().toTuple(), "maximized": window.isMaximized()}))
window.close()
"""


def start(home: Path, scale: float, *resize: int | str) -> tuple[tuple[int, int], tuple[int, int]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=str(scale), SLIDEPRESS_HOME=str(home))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    done = subprocess.run(
        [sys.executable, "-c", START, str(home), *map(str, resize)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    (room_w, room_h), (width, height) = shown["room"], shown["size"]
    return (room_w, room_h), (width, height)


def start_maximized(home: Path, scale: float) -> tuple[bool, tuple[int, int], tuple[int, int]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=str(scale), SLIDEPRESS_HOME=str(home))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    done = subprocess.run(
        [sys.executable, "-c", START, str(home)], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    (room_w, room_h), (width, height) = shown["room"], shown["size"]
    return bool(shown["maximized"]), (room_w, room_h), (width, height)


def test_the_window_keeps_its_size_across_display_scales(tmp_path: Path) -> None:
    """Before: a 1200x715 window saved at 100 % came back 355x290 at 150 % and 266x266 at 200 %
    (Qt fits its geometry blob to the new screen, badly), was saved so, and stayed that small back
    at 100 %: two rows of the list in a window a third of the screen. Seen under Xvfb at 1366x768."""
    home = tmp_path / "home"
    assert start(home, 1, 1200, 715)[1] == (1200, 715)  # offscreen's screen is 800x800: made larger
    for scale in (1.5, 2):
        room, size = start(home, scale)
        # As large as the user made it, within nine tenths of the screen's room.
        assert size == (min(1200, room[0] * 9 // 10), min(715, room[1] * 9 // 10)), (scale, room, size)
    room, size = start(home, 1)
    assert size == (min(1200, room[0] * 9 // 10), min(715, room[1] * 9 // 10))
    # A size the user chose on the small screen is theirs: kept as it is.
    start(home, 2, 300, 200)
    assert start(home, 2)[1] == (300, 200)


def test_a_small_screen_gives_the_window_all_its_room_on_the_first_start(tmp_path: Path) -> None:
    """Before, the first start took nine tenths of the screen's room: 614x345 of the 683x384
    that 1366x768 at 200 % offers, one column and a row fewer for nothing. A screen narrower than
    the usual 1200 px window now starts maximized; one wide enough keeps the usual size."""
    for scale in (2, 1.25):
        maximized, room, size = start_maximized(tmp_path / f"home-{scale}", scale)
        # All the room but the frame's few pixels (offscreen's is 1 px a side).
        assert maximized and room[0] < 1200 and size[0] > room[0] - 8 and size[1] > room[1] - 8, (scale, room, size)
    # Closed maximized, it comes back so.
    assert start_maximized(tmp_path / "home-2", 2)[0]
    # Offscreen's screen is 800x800 pixels: at 50 % it is 1600 wide, room for the usual window.
    maximized, room, size = start_maximized(tmp_path / "home-wide", 0.5)
    assert not maximized and room[0] >= 1200 and size == (1200, 720), (room, size)


def test_a_size_fitted_to_a_small_screen_is_not_kept_as_the_users(tmp_path: Path) -> None:
    """A first start at 200 % fits the usual window to the screen's room (and maximizes it); the
    user un-maximized it, never resized it, and closed it. Its fitted size was saved as if chosen,
    so the window came back 614x345 on the next start at 100 % (seen under Xvfb at 1366x768)."""
    home = tmp_path / "home"
    room, size = start(home, 1.5, "normal")
    assert size[0] < 1200 and room[0] < 1200  # fitted to 533 x 533
    room, size = start(home, 0.5)
    assert room[0] >= 1200 and size == (1200, 720), (room, size)
