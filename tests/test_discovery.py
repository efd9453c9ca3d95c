"""Which files a drop or `slidepress export` contributes, and what is said about the rest.

A folder contributes its PowerPoint files only (by extension, as a file manager's filter would);
its PDFs (Slidepress's own output beside the decks, or anyone's), pictures and the rest are not
worth a word, while presentations in formats Slidepress cannot read are named. A file named on
its own is taken as it is (it fails with the reader's reason); among several named files a stray
non-presentation is skipped and named.
"""

from __future__ import annotations

from pathlib import Path

from test_gui_window import make_deck

from worker.discovery import expand, skipped_summary
from worker.jobs.api import JobQueue
from worker.jobs.model import JobState


def test_a_folder_contributes_its_powerpoint_files_only(tmp_path: Path) -> None:
    root = tmp_path / "talks"
    make_deck(root / "a.pptx", 1)
    make_deck(root / "sub" / "b.ppsx", 1)
    (root / "old.ppt").write_bytes(b"\xd0\xcf\x11\xe0")  # legacy: queued, it fails with its reason
    (root / "a.pdf").write_bytes(b"%PDF-1.7")
    (root / "README").write_text("no extension")
    (root / "budget.odp").write_bytes(b"PK\x03\x04")
    (root / "keynote.key").mkdir()  # Keynote decks are often folders (packages)
    (root / "keynote.key" / "Index.zip").write_bytes(b"PK\x03\x04")
    (root / "zipped.key").write_bytes(b"PK\x03\x04")
    found = expand([root])
    assert sorted(d.source.name for d in found.decks) == ["a.pptx", "b.ppsx", "old.ppt"]
    assert found.skipped == {"other file": 2, "Keynote presentation": 2, "OpenDocument presentation": 1}
    assert found.not_presentations == []
    assert skipped_summary(found.skipped, found.not_presentations) == (
        "skipped 3 presentations Slidepress cannot read (Keynote, OpenDocument)"
    )


def test_pdfs_lock_and_hidden_files_in_a_folder_go_unmentioned(tmp_path: Path) -> None:
    root = tmp_path / "talks"
    make_deck(root / "a.pptx", 1)
    (root / "a.pdf").write_bytes(b"%PDF-1.7")
    (root / "~$a.pptx").write_bytes(b"owner")
    (root / ".DS_Store").write_bytes(b"x")
    found = expand([root])
    assert [d.source.name for d in found.decks] == ["a.pptx"]
    assert found.skipped == {"other file": 1, "lock file": 1, "hidden": 1}
    assert skipped_summary(found.skipped, found.not_presentations) == ""


def test_named_files_are_taken_and_strays_among_several_dropped_are_named(tmp_path: Path) -> None:
    pdf = tmp_path / "handout.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    alone = expand([pdf])
    assert [d.source for d in alone.decks] == [pdf.resolve()]

    deck = make_deck(tmp_path / "deck.pptx", 1)
    blob = tmp_path / "download"  # no extension: it may well be a deck, the reader tells
    blob.write_bytes(deck.read_bytes())
    notes = tmp_path / "notes.txt"
    notes.write_text("x")
    named = expand([deck, blob, notes, pdf])  # the command line: every named file is a job
    assert [d.source.name for d in named.decks] == ["deck.pptx", "download", "notes.txt", "handout.pdf"]
    assert named.not_presentations == []
    several = expand([deck, blob, notes, pdf], skip_strays=True)  # a multi-selection dropped
    assert [d.source.name for d in several.decks] == ["deck.pptx", "download"]
    assert several.not_presentations == [notes.resolve(), pdf.resolve()]
    assert skipped_summary(several.skipped, several.not_presentations) == "skipped 2 files that are not presentations"
    assert skipped_summary({}, [notes]) == "skipped notes.txt (not a presentation)"
    # A presentation of another program among them is one Slidepress cannot read, not a stray.
    odp = tmp_path / "budget.odp"
    odp.write_bytes(b"PK\x03\x04")
    mixed = expand([deck, odp], skip_strays=True)
    assert [d.source.name for d in mixed.decks] == ["deck.pptx"] and mixed.not_presentations == []
    assert skipped_summary(mixed.skipped, mixed.not_presentations) == (
        "skipped 1 presentation Slidepress cannot read (OpenDocument)"
    )


def test_a_folder_submitted_again_beside_its_pdfs(queue: JobQueue, tmp_path: Path) -> None:
    """The case a user met: output beside the decks, the folder added again. The PDFs are not
    jobs, failed or otherwise, and nothing is said about them."""
    root = tmp_path / "talks"
    deck = make_deck(root / "a.pptx", 1)
    first = queue.submit([root])
    assert [j.source for j in first.queued] == [deck.resolve()]
    deck.with_suffix(".pdf").write_bytes(b"%PDF-1.7 as if converted")
    again = queue.submit([root])
    assert again.queued == [] and [j.source for j in again.already_queued] == [deck.resolve()]
    assert again.not_presentations == []
    assert skipped_summary(again.skipped, again.not_presentations) == ""
    assert [j.state for j in queue.list()] == [JobState.QUEUED]


def test_a_folders_decks_come_in_the_file_managers_order(tmp_path: Path) -> None:
    """Numbers as numbers, case aside, folders among files by name: "talk 2" before "talk 10"
    (before, "talk 10" came between "talk 1" and "talk 2", so a lecture series queued out of order)."""
    root = tmp_path / "course"
    for name in ("talk 10.pptx", "talk 2.pptx", "Talk 3.pptx", "talk 1.pptx", "week 2/a.pptx", "week 10/a.pptx"):
        make_deck(root / name, 1)
    found = expand([root])
    assert [str(d.source.relative_to(root)) for d in found.decks] == [
        "talk 1.pptx",
        "talk 2.pptx",
        "Talk 3.pptx",
        "talk 10.pptx",
        "week 2/a.pptx",
        "week 10/a.pptx",
    ]
