"""Export one deck to PDF through LibreOffice's UNO API, printing per-slide progress.

Not imported by Slidepress: ``worker.engines.libreoffice`` runs this file with LibreOffice's own
Python (the system python3 with python3-uno on Linux distributions, ``program/python`` inside the
install on Windows, ``Contents/Resources/python`` on macOS), so it needs only the standard library
and ``uno``, and stays valid on the older Pythons LibreOffice bundles.

    python libreoffice_uno_script.py --soffice PATH --profile URL [--include-hidden] [--notes]
        [--lossless-pictures] SOURCE PDF

It starts soffice as its own child (same process group: killing the group stops both) with the
given profile and a private pipe connection (no TCP port), loads the deck hidden and stores it with
the impress_pdf_Export filter, passing a status indicator in the media descriptor. LibreOffice's PDF
export calls ``setValue(k)`` after drawing slide ``k`` (0-based) of the whole deck, hidden slides
included, with ``start(text, slide_count)`` first; this script turns that into pages of the PDF.

stdout carries the protocol, one line each, nothing else:
    page I N         I of the N pages the PDF will have are drawn (I = 0 once the deck is loaded)
    error STAGE MSG  why it stopped (STAGE: uno, connect, load, export)
soffice's own output goes to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import time
import uuid
from typing import Any

EXIT_NO_UNO = 3  # this Python has no uno module: the caller uses plain soffice instead
EXIT_NO_CONNECTION = 4  # soffice did not start or did not answer on the pipe
EXIT_LOAD_FAILED = 5  # LibreOffice cannot open the deck
EXIT_EXPORT_FAILED = 6
CONNECT_SECONDS = 120.0  # a first start creates the profile and restarts soffice once
CONNECT_POLL_SECONDS = 0.05
QUIT_SECONDS = 30.0

try:
    import uno
    import unohelper
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException
    from com.sun.star.task import XStatusIndicator
except ImportError as exc:
    print(f"error uno {exc}", flush=True)
    sys.exit(EXIT_NO_UNO)


def say(line: str) -> None:
    print(line, flush=True)


def prop(name: str, value: object) -> PropertyValue:
    item = PropertyValue()
    item.Name = name
    item.Value = value
    return item


class PageProgress(unohelper.Base, XStatusIndicator):
    """The export's status indicator: slide values in, PDF pages out.

    ``shown[k]`` says whether slide k becomes a page. When the export's range is not the slide count
    (a LibreOffice that counts differently), values are scaled to pages instead."""

    def __init__(self, shown: list[bool]) -> None:
        self.pages_after: list[int] = []  # pages written once slide k is done
        count = 0
        for visible in shown:
            count += 1 if visible else 0
            self.pages_after.append(count)
        self.total = count
        self.range = len(shown)
        self.last = 0

    def start(self, text: str, value_range: int) -> None:
        self.range = value_range

    def setValue(self, value: int) -> None:
        slides_done = value + 1
        if self.range == len(self.pages_after) and 0 < slides_done <= self.range:
            pages = self.pages_after[slides_done - 1]
        elif self.range > 0:
            pages = min(self.total, round(slides_done * self.total / self.range))
        else:
            return
        if pages > self.last:
            self.last = pages
            say(f"page {pages} {self.total}")

    def end(self) -> None:
        pass

    def setText(self, text: str) -> None:
        pass

    def reset(self) -> None:
        pass


def start_soffice(soffice: str, profile: str, pipe: str) -> subprocess.Popen[bytes]:
    command = [
        soffice,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nodefault",
        "--nologo",
        "--nolockcheck",
        f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
    ]
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=sys.stderr, stderr=subprocess.STDOUT)


def connect(proc: subprocess.Popen[bytes], pipe: str) -> Any:
    """The office's component context, once soffice answers on the pipe."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if proc.poll() is not None:
                raise RuntimeError(f"soffice exited with status {proc.returncode} before answering") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"soffice did not answer within {CONNECT_SECONDS:g} s") from None
            time.sleep(CONNECT_POLL_SECONDS)


def slides_shown(document: Any, include_hidden: bool) -> list[bool]:
    pages = document.getDrawPages()
    return [include_hidden or bool(pages.getByIndex(k).Visible) for k in range(pages.getCount())]


def export(
    context: Any,
    source: str,
    target: str,
    include_hidden: bool,
    notes: bool,
    pdf_a: bool = False,
    lossless: bool = False,
) -> int:
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    load_props = (prop("Hidden", True), prop("ReadOnly", True), prop("MacroExecutionMode", 0))
    try:
        document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, load_props)
    except Exception as exc:  # IllegalArgumentException, IOException: both mean "cannot open"
        say(f"error load {_message(exc)}")
        return EXIT_LOAD_FAILED
    if document is None:
        say("error load LibreOffice cannot open this file")
        return EXIT_LOAD_FAILED
    try:
        indicator = PageProgress(slides_shown(document, include_hidden))
        say(f"page 0 {indicator.total}")
        options = [
            prop("ExportHiddenSlides", include_hidden),
            prop("ExportNotesPages", notes),
            prop("ExportOnlyNotesPages", notes),
        ]
        if pdf_a:
            # impress_pdf_Export's SelectPdfVersion 2: PDF/A-2b (LIBREOFFICE_PDF_A2 in libreoffice.py;
            # this script runs in LibreOffice's own Python and imports nothing of ours).
            options.append(prop("SelectPdfVersion", 2))
        if lossless:  # every picture's exact pixels: no JPEG, no reduction to 300 dpi
            options += [prop("UseLosslessCompression", True), prop("ReduceImageResolution", False)]
        filter_data = uno.Any("[]com.sun.star.beans.PropertyValue", tuple(options))
        store_props = (
            prop("FilterName", "impress_pdf_Export"),
            prop("FilterData", filter_data),
            prop("StatusIndicator", indicator),
        )
        # uno.invoke: FilterData must reach LibreOffice typed as a sequence of PropertyValue.
        uno.invoke(document, "storeToURL", (uno.systemPathToFileUrl(target), store_props))
    except Exception as exc:
        say(f"error export {_message(exc)}")
        return EXIT_EXPORT_FAILED
    finally:
        with contextlib.suppress(Exception):  # a document soffice already dropped: quitting cleans up
            document.close(True)
    return 0


def quit_soffice(context: Any, proc: subprocess.Popen[bytes]) -> None:
    """Ask the office to quit; one that never answered is killed (on POSIX the caller then kills
    what is left of the process group: soffice.bin is the launcher's child)."""
    if context is None:
        stop(proc)
        return
    try:
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        desktop.terminate()
    except Exception:  # terminate() drops the connection mid-call: expected
        pass
    try:
        proc.wait(timeout=QUIT_SECONDS)
    except subprocess.TimeoutExpired:
        stop(proc)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    if sys.platform == "win32":
        kill = ["taskkill", "/PID", str(proc.pid), "/T", "/F"]
        subprocess.run(kill, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    proc.kill()
    proc.wait()


def _message(exc: BaseException) -> str:
    text = getattr(exc, "Message", "") or str(exc) or type(exc).__name__
    return " ".join(text.split())[:300]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--soffice", required=True)
    parser.add_argument("--profile", required=True, help="the -env:UserInstallation URL")
    parser.add_argument("--include-hidden", action="store_true")
    parser.add_argument("--notes", action="store_true")
    parser.add_argument("--pdf-a", action="store_true")
    parser.add_argument("--lossless-pictures", action="store_true")
    parser.add_argument("source")
    parser.add_argument("target")
    args = parser.parse_args()
    # libreoffice_leftovers finds a killed run's socket by this pattern (this script's pid).
    pipe = f"slidepress-{os.getpid()}-{uuid.uuid4().hex[:12]}"
    proc = start_soffice(args.soffice, args.profile, pipe)
    context = None
    try:
        try:
            context = connect(proc, pipe)
        except Exception as exc:
            say(f"error connect {_message(exc)}")
            return EXIT_NO_CONNECTION
        return export(
            context,
            os.path.abspath(args.source),
            os.path.abspath(args.target),
            args.include_hidden,
            args.notes,
            args.pdf_a,
            args.lossless_pictures,
        )
    finally:
        quit_soffice(context, proc)


if __name__ == "__main__":
    sys.exit(main())
