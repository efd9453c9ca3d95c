"""The ``slidepress`` command line (the contract is in DESIGN.md).

Exit status: 0 success, 1 a job failed or was cancelled, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from worker.engines.base import PageLayout
from worker.engines.registry import ENGINE_NAMES

LAYOUT_NAMES = [layout.value for layout in PageLayout]
COMMANDS = ("gui", "convert", "export", "jobs", "cancel", "retry", "pause", "resume", "pool")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse exits 2 on usage errors already; keep its one-line message.
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="slidepress", description="Convert presentations to PDF, in batches, offline.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    gui = sub.add_parser("gui", help="open the window, queueing PATHs")
    gui.add_argument("paths", nargs="*")

    conv = sub.add_parser("convert", help="convert one deck now, without the queue")
    conv.add_argument("source")
    conv.add_argument("target")
    conv.add_argument("--engine", choices=ENGINE_NAMES, default="auto")
    conv.add_argument("--include-hidden", action="store_true")
    conv.add_argument("--layout", choices=LAYOUT_NAMES, default="slides", help="slides, notes pages or handouts")
    conv.add_argument("--pdf-a", action="store_true", help="write PDF/A-2b, for archiving")
    conv.add_argument(
        "--lossless-pictures",
        action="store_true",
        help="keep every picture's exact pixels (no JPEG, no downsampling; larger PDFs)",
    )

    exp = sub.add_parser("export", help="queue decks (folders are searched recursively)")
    exp.add_argument("paths", nargs="+")
    exp.add_argument("--out")
    exp.add_argument("--engine", choices=ENGINE_NAMES, default="auto")
    exp.add_argument("--include-hidden", action="store_true")
    exp.add_argument("--layout", choices=LAYOUT_NAMES, default="slides", help="slides, notes pages or handouts")
    exp.add_argument("--pdf-a", action="store_true", help="write PDF/A-2b, for archiving")
    exp.add_argument(
        "--lossless-pictures",
        action="store_true",
        help="keep every picture's exact pixels (no JPEG, no downsampling; larger PDFs)",
    )
    exp.add_argument("--force", action="store_true")
    exp.add_argument("--wait", action="store_true")
    exp.add_argument("--json", action="store_true")

    jobs = sub.add_parser("jobs", help="list jobs")
    jobs.add_argument("--json", action="store_true")
    jobs.add_argument("--state")

    cancel = sub.add_parser("cancel", help="cancel jobs")
    cancel.add_argument("ids", nargs="*", type=int)
    cancel.add_argument("--all", action="store_true")

    retry = sub.add_parser("retry", help="queue failed or cancelled jobs again")
    retry.add_argument("ids", nargs="*", type=int)
    retry.add_argument("--failed", action="store_true")

    sub.add_parser("pause", help="stop starting new jobs")
    sub.add_parser("resume", help="start jobs again")

    pool = sub.add_parser("pool", help="run the worker pool in the foreground")
    pool.add_argument("--workers", type=int)
    # Not in the contract: limits for tests, benchmarks and unusual machines.
    pool.add_argument("--time-limit", type=float, help="seconds one deck may take (default 600)")
    pool.add_argument("--memory-limit", type=int, help="MB a converter may use (default 1536)")
    pool.add_argument("--recycle-after", type=int, help="jobs per converter process (default 50)")
    pool.add_argument("--retry-base", type=float, help="back-off unit in seconds (retry n waits base*2^n)")
    pool.add_argument("--stamp-every", type=float, help="seconds between the pool's liveness stamps (default 1)")
    pool.add_argument(
        "--late-after", type=float, help="seconds a pool thread may stay silent before the stamp stops (default 60)"
    )
    return parser


def with_command(argv: Sequence[str]) -> list[str]:
    """``argv`` with ``gui`` put first when it starts with an existing file or folder: desktop apps
    open what they are given (``slidepress talk.pptx``, a file manager's "Open with"), where
    ``slidepress PATH`` was a usage error. A mistyped command stays one."""
    args = list(argv)
    if args and not args[0].startswith("-") and args[0] not in COMMANDS and Path(args[0]).expanduser().exists():
        return ["gui", *args]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(with_command(sys.argv[1:] if argv is None else argv))
    command = args.command or "gui"
    if command == "convert":
        from worker.cli_convert import run_convert

        return run_convert(args)
    if command == "gui":
        from desktop_app.main import run_gui

        return run_gui(list(getattr(args, "paths", []) or []))
    from worker.cli_queue import run_queue_command

    return run_queue_command(command, args)


if __name__ == "__main__":
    sys.exit(main())
