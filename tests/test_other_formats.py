"""Presentations of other programs, given to Slidepress on their own: the job's line says what
they are and what to do (before: "a zip file, but it has no [Content_Types].xml")."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from worker.deck.package import open_deck
from worker.errors import NotAPresentationError, headline


def zipped(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, blob in members.items():
            archive.writestr(name, blob)
    return path


def test_an_opendocument_presentation_is_named(tmp_path: Path) -> None:
    odp = zipped(
        tmp_path / "budget.odp",
        {"mimetype": b"application/vnd.oasis.opendocument.presentation", "content.xml": b"<x/>"},
    )
    with pytest.raises(NotAPresentationError) as caught:
        open_deck(odp)
    message = str(caught.value)
    assert message == (
        "Not a PowerPoint file: budget.odp is an OpenDocument presentation;"
        " save it as .pptx in LibreOffice Impress or PowerPoint"
    )
    assert headline(message) == "Not a PowerPoint file"


def test_a_keynote_presentation_is_named(tmp_path: Path) -> None:
    key = zipped(tmp_path / "talk.key", {"Index/Document.iwa": b"\0", "Metadata/Properties.plist": b"x"})
    with pytest.raises(NotAPresentationError) as caught:
        open_deck(key)
    assert str(caught.value) == (
        "Not a PowerPoint file: talk.key is a Keynote presentation; export it as .pptx from Keynote"
    )


def test_other_opendocument_files_and_plain_zips_keep_their_lines(tmp_path: Path) -> None:
    ods = zipped(tmp_path / "sums.ods", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})
    with pytest.raises(NotAPresentationError) as caught:
        open_deck(ods)
    assert str(caught.value) == "Not a presentation: sums.ods is an OpenDocument spreadsheet"
    plain = zipped(tmp_path / "photos.zip", {"a.jpg": b"\xff\xd8\xff"})
    with pytest.raises(NotAPresentationError) as caught:
        open_deck(plain)
    assert str(caught.value) == "Not a presentation: a zip file, but it has no [Content_Types].xml"
