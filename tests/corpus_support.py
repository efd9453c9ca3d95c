"""Where the shared corpus is, and facts about a deck read straight from its XML (an oracle that
shares no code with worker.deck)."""

from __future__ import annotations

import os
import posixpath
import subprocess
import sys
import zipfile
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
        for el in ElementTree.fromstring(z.read(main)).iter():
            if _local(el.tag) == "sldId":
                rid = next(v for k, v in el.attrib.items() if k.startswith("{") and _local(k) == "id")
                slide = ElementTree.fromstring(z.read(targets[rid]))
                shown.append(slide.get("show") not in ("0", "false"))
        return shown


def run_slidepress(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`slidepress ARGS` as a user runs it, in a child process."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "worker", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=REPO,
        check=False,
    )
