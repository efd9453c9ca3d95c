"""Where the shared corpus is, and facts about a deck read straight from its XML (an oracle that
shares no code with worker.deck)."""

from __future__ import annotations

import json
import os
import posixpath
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

REPO = Path(__file__).resolve().parents[1]
# The repository is checked out beside shared/.
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _rel_targets(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, name = posixpath.split(part)
    rels = ElementTree.fromstring(z.read(posixpath.join(folder, "_rels", name + ".rels")))
    return {
        r.get("Id", ""): posixpath.normpath(posixpath.join(folder, r.get("Target", ""))).lstrip("/")
        for r in rels
        if r.get("TargetMode") != "External"
    }


def slide_visibility(path: Path) -> list[bool]:
    """For each slide of sldIdLst in order, whether it is shown (Strict or Transitional)."""
    with zipfile.ZipFile(path) as z:
        main = "ppt/presentation.xml"
        for rel in ElementTree.fromstring(z.read("_rels/.rels")):
            if rel.get("Type", "").endswith("/officeDocument"):
                main = rel.get("Target", main).lstrip("/")
        targets = _rel_targets(z, main)
        shown: list[bool] = []
        pres = ElementTree.fromstring(z.read(main))
        # Only the top-level list: p14 section lists repeat slide ids without relationships.
        listed: list[ElementTree.Element] = next((list(el) for el in pres if _local(el.tag) == "sldIdLst"), [])
        for el in listed:
            if _local(el.tag) == "sldId":
                rid = next(v for k, v in el.attrib.items() if k.startswith("{") and _local(k) == "id")
                slide = ElementTree.fromstring(z.read(targets[rid]))
                shown.append(slide.get("show") not in ("0", "false"))
        return shown


def run_slidepress(
    *args: str | Path, timeout: float = 120, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`slidepress ARGS` as a user runs it, in a child process (with ``extra_env`` set)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO), **(extra_env or {}))
    return subprocess.run(
        [sys.executable, "-m", "worker", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=REPO,
        check=False,
    )


def decks() -> list[Path]:
    folder = CORPUS / "decks"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in {".pptx", ".ppsx", ".potx", ".pptm"})


def convert_batch(out_dir: Path, sources: list[Path], include_hidden: bool) -> None:
    """Convert decks one after another in this (warm) process, printing one JSON line per deck."""
    from worker.engines.base import ConvertOptions, never_cancelled, no_progress
    from worker.engines.registry import get_engine
    from worker.errors import ConversionError

    engine = get_engine("builtin")
    for source in sources:
        target = out_dir / f"{source.stem}.pdf"
        started = time.perf_counter()
        record: dict[str, object] = {"deck": source.name}
        try:
            result = engine.convert(
                source, target, ConvertOptions(include_hidden=include_hidden), no_progress, never_cancelled
            )
            record.update(pages=result.slides, warnings=len(result.warnings))
        except ConversionError as exc:
            record.update(kind=exc.kind.value, message=str(exc))
        record["seconds"] = round(time.perf_counter() - started, 3)
        print(json.dumps(record), flush=True)


def convert_corpus(out_dir: Path, sources: list[Path], include_hidden: bool = False) -> dict[str, dict[str, object]]:
    """Results by deck name, from child processes; a deck that kills its child is recorded as such
    and the rest go on in a new child."""
    results: dict[str, dict[str, object]] = {}
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    todo = list(sources)
    while todo:
        args = [sys.executable, str(Path(__file__)), str(out_dir), "1" if include_hidden else "0"]
        child = subprocess.run(
            [*args, *map(str, todo)], capture_output=True, text=True, env=env, cwd=REPO, check=False, timeout=1800
        )
        for line in child.stdout.splitlines():
            if line.startswith("{"):
                record = json.loads(line)
                results[str(record["deck"])] = record
        todo = [p for p in todo if p.name not in results]
        if todo:  # the child died on todo[0]
            tail = " | ".join(child.stderr.strip().splitlines()[-3:])
            results[todo[0].name] = {"deck": todo[0].name, "crash": f"exit {child.returncode}: {tail}"}
            todo = todo[1:]
    return results


if __name__ == "__main__":
    convert_batch(Path(sys.argv[1]), [Path(p) for p in sys.argv[3:]], sys.argv[2] == "1")


@dataclass
class Measured:
    returncode: int
    stderr: str
    seconds: float
    peak_rss_mib: float
    cpu_seconds: float = 0.0  # the child's user + system time: steady on a machine busy with other work


# The CLI, noting its own peak resident set (VmHWM, the high-water mark of the memory it was
# exec'd into) in the file named by $SLIDEPRESS_TEST_PEAK on its way out.
_MEASURED_CLI = """
import os, sys
from worker.cli import main
try:
    code = main()
finally:
    try:
        with open("/proc/self/status") as status:
            peak = next((line.split()[1] for line in status if line.startswith("VmHWM:")), "")
    except OSError:
        peak = ""
    with open(os.environ["SLIDEPRESS_TEST_PEAK"], "w") as out:
        out.write(peak)
sys.exit(code)
"""


def run_slidepress_measured(*args: str | Path, timeout: float = 120) -> Measured:
    """`slidepress ARGS` in a child, with its own wall and CPU time and peak resident set.

    The peak is the child's VmHWM where Linux gives one: os.wait4's ru_maxrss also counts the
    memory of the test process the child was forked from (vfork shares it until exec), so a
    large test process would be charged to a small child."""
    with tempfile.TemporaryDirectory() as scratch, tempfile.TemporaryFile("w+") as err:
        peak_file = Path(scratch) / "peak"
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO), SLIDEPRESS_TEST_PEAK=str(peak_file))
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", _MEASURED_CLI, *map(str, args)],
            stdout=subprocess.DEVNULL,
            stderr=err,
            text=True,
            env=env,
            cwd=REPO,
        )
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: tell Popen so
        seconds = time.perf_counter() - started
        err.seek(0)
        noted = peak_file.read_text() if peak_file.exists() else ""
        # VmHWM and ru_maxrss are in KiB on Linux.
        peak_kib = int(noted) if noted.isdigit() else usage.ru_maxrss
        cpu = usage.ru_utime + usage.ru_stime
        return Measured(proc.returncode, err.read(), seconds, peak_kib / 1024, cpu)
