"""Why a PDF could not be written, said first in a few words a failed row's bar can hold."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from worker.errors import headline
from worker.outputs import cannot_create, cannot_write_in


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
