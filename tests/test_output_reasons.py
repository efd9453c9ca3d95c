"""Why a PDF could not be written, said first in a few words a failed row's bar can hold."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from pool_fakes import make_deck

from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine
from worker.errors import ConversionError, headline
from worker.outputs import cannot_create, cannot_write_in
from worker.render.pdf_finish import check_written


def oserror(code: int, path: Path) -> OSError:
    return OSError(code, os.strerror(code), str(path))


@pytest.mark.parametrize(
    ("code", "head"),
    [
        (errno.EROFS, "Output folder read-only"),
        (errno.EACCES, "No permission to write"),
        (errno.EPERM, "No permission to write"),
        (errno.ENOSPC, "Output disk full"),
        (errno.EDQUOT, "Output disk full"),
        (errno.ENOENT, "Output folder missing"),
        (errno.EIO, "Cannot write the PDF"),
    ],
)
def test_an_output_failure_leads_with_what_went_wrong(tmp_path: Path, code: int, head: str) -> None:
    """Before: 'Cannot create the output folder /mnt/ro/talks: Read-only file system; ...' and
    'Cannot write the PDF in DIR: ...' put the folder in the headline, so a row's bar read
    'Cannot create the output fo…' and never why."""
    folder = tmp_path / "out" / "talks"
    created = cannot_create(folder, oserror(code, folder))
    written = cannot_write_in(folder, oserror(code, folder))
    assert headline(created) == headline(written) == head
    reason = os.strerror(code)
    assert (
        created == f"{head}: cannot create the output folder {folder} ({reason}); check where it goes or choose another"
    )
    assert written == f"{head}: cannot write the PDF in {folder} ({reason}); check that folder or choose another"


def test_a_file_in_the_way_of_the_output_folder_is_named(tmp_path: Path) -> None:
    in_the_way = tmp_path / "out"
    in_the_way.write_text("not a folder")
    with pytest.raises(OSError) as itself:
        in_the_way.mkdir(parents=True)
    assert cannot_create(in_the_way, itself.value) == (
        f"A file is in the way: cannot create the output folder {in_the_way}, a file has its name;"
        " move it or choose another"
    )
    below = in_the_way / "talks"
    with pytest.raises(OSError) as parent:
        below.mkdir(parents=True)
    assert cannot_create(below, parent.value) == (
        f"A file is in the way: cannot create the output folder {below}, {in_the_way} is a file, not a folder;"
        " move it away or choose another folder"
    )


def test_a_disk_that_fills_while_the_pdf_is_written_is_said_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: 'Cannot write the PDF: No space left on device', with no folder and a headline
    that said nothing of the disk."""
    deck = make_deck(tmp_path / "talk.pptx", 2)
    out = tmp_path / "out"
    out.mkdir()
    real_replace = Path.replace

    def full(self: Path, target: str | os.PathLike[str]) -> Path:
        if Path(target).parent == out:
            raise oserror(errno.ENOSPC, Path(target))
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", full)
    with pytest.raises(ConversionError) as failed:
        BuiltinEngine().convert(deck, out / "talk.pdf", ConvertOptions(), no_progress, never_cancelled)
    assert not failed.value.permanent  # a full disk may be cleaned: retried
    assert str(failed.value) == (
        f"Output disk full: cannot write the PDF in {out} (No space left on device);"
        " check that folder or choose another"
    )
    assert list(out.iterdir()) == []


def test_a_missing_output_folder_and_an_incomplete_pdf_lead_with_why(tmp_path: Path) -> None:
    deck = make_deck(tmp_path / "talk.pptx", 1)
    gone = tmp_path / "gone"
    with pytest.raises(ConversionError) as missing:
        BuiltinEngine().convert(deck, gone / "talk.pdf", ConvertOptions(), no_progress, never_cancelled)
    assert headline(str(missing.value)) == "Output folder missing"
    short = tmp_path / "short.pdf"
    short.write_bytes(b"%PDF-1.4 and then nothing")
    with pytest.raises(ConversionError) as incomplete:
        check_written(short)
    assert str(incomplete.value) == f"PDF came out incomplete: cannot write the PDF in {tmp_path}"
