"""Frozen bundle bench: size on disk (total and by part) and start time of the frozen window offscreen.

    .venv/bin/python bench/bundle.py                 # builds dist/slidepress/ first if it is missing
    .venv/bin/python bench/bundle.py --dist dist --runs 5

Start time: from exec of the frozen executable until the window is shown (the entry point prints a
line once it is visible, SLIDEPRESS_SMOKE_QUIT_MS), then the window closes itself. The first run
after dropping the page cache (root only; otherwise after a fresh build) is "cold"; the rest warm.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOWN = b"slidepress-smoke: window shown"


@dataclass(frozen=True)
class Start:
    shown_s: float  # exec -> window visible
    exited_s: float  # exec -> process gone (includes the close delay and the pool's stop)
    returncode: int


def tree_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def size_report(bundle: Path) -> list[tuple[str, int]]:
    internal = bundle / "_internal"
    parts = {
        "fonts": internal / "resources" / "fonts",
        "Qt + PySide6": internal / "PySide6",
        "lxml": internal / "lxml",
        "Pillow": internal / "PIL",
    }
    rows = [(name, tree_size(path)) for name, path in parts.items() if path.exists()]
    total = tree_size(bundle)
    rows.append(("everything else (Python, libs)", total - sum(size for _, size in rows)))
    rows.append(("total", total))
    return rows


def drop_page_cache() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def start_window(exe: Path, close_ms: int = 200, timeout: float = 120) -> Start:
    with tempfile.TemporaryDirectory(prefix="slidepress-bench-") as home:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env.update(SLIDEPRESS_HOME=home, QT_QPA_PLATFORM="offscreen", SLIDEPRESS_SMOKE_QUIT_MS=str(close_ms))
        started = time.perf_counter()
        proc = subprocess.Popen([str(exe)], env=env, cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        shown = float("nan")
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith(SHOWN):
                shown = time.perf_counter() - started
                break
        proc.stderr.read()
        code = proc.wait(timeout)
        return Start(shown, time.perf_counter() - started, code)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--runs", type=int, default=5, help="warm starts after the cold one")
    args = parser.parse_args(argv)

    bundle = args.dist / "slidepress"
    exe = bundle / ("slidepress.exe" if sys.platform == "win32" else "slidepress")
    fresh_build = False
    if not exe.exists():
        subprocess.check_call(
            [
                sys.executable,
                str(ROOT / "packaging" / "build.py"),
                "--only",
                "bundle",
                "--allow-missing-fonts",
                "--dist",
                str(args.dist),
            ]
        )
        fresh_build = True

    print(f"bundle {bundle}")
    for name, size in size_report(bundle):
        print(f"  {name:<32} {size / 1_048_576:8.1f} MiB")

    dropped = drop_page_cache()
    cold = start_window(exe)
    how = "page cache dropped" if dropped else ("first run after build" if fresh_build else "cache NOT dropped")
    print(
        f"cold start ({how}): window shown after {cold.shown_s:.2f} s, exited after {cold.exited_s:.2f} s, "
        f"exit {cold.returncode}"
    )
    warm = [start_window(exe) for _ in range(args.runs)]
    shown = [w.shown_s for w in warm]
    print(
        f"warm start x{len(warm)}: window shown median {statistics.median(shown):.2f} s "
        f"(min {min(shown):.2f}, max {max(shown):.2f}); exit codes {sorted({w.returncode for w in warm})}"
    )
    return 0 if cold.returncode == 0 and all(w.returncode == 0 for w in warm) else 1


if __name__ == "__main__":
    raise SystemExit(main())
