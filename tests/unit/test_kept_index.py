"""The kept first pages' index, as the app's entry reads it before Qt: is the page a launch will
show first kept, and still the file's current one? (Yes: the PDF host may load PyMuPDF after
that page is painted.)"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from lis_desktop.app import arguments, entry
from lis_desktop.pdf.render_plan import FirstPageGuess
from lis_desktop.ui.viewer.kept_index import (
    INDEX,
    VERSION,
    identity,
    kept_for_launch,
    launch_guess,
    look_for_launch,
)


def kept(*args: str) -> bool:
    """What the entry makes of a launch with these arguments."""
    return entry.page_kept(arguments.parse_arguments(list(args)))


def write_index(folder: Path, *kept: tuple[str, Path]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    documents = [{"doc": identity(path), "name": name} for name, path in kept]
    (folder / INDEX).write_text(json.dumps({"version": VERSION, "documents": documents}))


def test_a_file_or_region_read_before_is_kept_until_it_changes(tmp_path: Path) -> None:
    folder, mine, humber = tmp_path / "kept", tmp_path / "mine.pdf", tmp_path / "humber.pdf"
    mine.write_bytes(b"%PDF-1.7 one")
    humber.write_bytes(b"%PDF-1.7 two")
    write_index(folder, (str(mine), mine), ("humber", humber))
    assert kept_for_launch(folder, str(mine), None)
    assert kept_for_launch(folder, None, "humber")
    assert kept_for_launch(folder, None, None)  # the region read last: humber (not the file)
    assert not kept_for_launch(folder, None, "solent")
    assert not kept_for_launch(folder, str(tmp_path / "other.pdf"), None)
    humber.write_bytes(b"%PDF-1.7 two, changed")  # another size: its kept page is stale
    os.utime(humber, ns=(1, 1))
    assert not kept_for_launch(folder, None, "humber")
    assert not kept_for_launch(folder, None, None)


@pytest.mark.parametrize("index", ["", "{not json", '{"version": 99, "documents": []}', "[]"])
def test_no_readable_index_means_nothing_kept(tmp_path: Path, index: str) -> None:
    (tmp_path / INDEX).write_text(index)
    assert not kept_for_launch(tmp_path, None, None)
    assert not kept_for_launch(tmp_path / "missing", None, "humber")


def test_the_entry_reads_the_launch_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "kept"
    humber = tmp_path / "humber.pdf"
    humber.write_bytes(b"%PDF-1.7")
    write_index(folder, ("humber", humber))
    from lis_desktop import paths

    monkeypatch.setattr(paths, "first_pages_dir", lambda: folder)
    assert kept("--cache-dir", str(tmp_path), "--region", "humber")
    assert kept("--region=humber")
    assert kept()  # reopens the region read last
    assert not kept("--region", "solent")
    assert not kept(str(tmp_path / "new.pdf"))
    assert kept("--offline", str(humber))  # the same file, whatever it was read as


@pytest.mark.parametrize(
    "bad", ["a\x00b.pdf", "~no-such-user-here/x.pdf", "\udcff.pdf", "x" * 5000]
)
def test_a_hostile_file_argument_is_no_kept_page_and_no_crash(bad: str) -> None:
    assert kept(bad) is False


def write_look(folder: Path, name: str, path: Path, **changes: object) -> dict[str, object]:
    doc = identity(path)
    key = [doc, 0, 0.75, 0, 1.0, False, None]
    look: dict[str, object] = {
        "doc": doc, "name": name, "window": [1280, 800], "dpr": 1.0,
        "viewport": [300, 90, 600, 660], "page": [310, 100, 580, 820],
        "background": "#9f9f9f", "key": key,
    }  # fmt: skip
    look.update(changes)
    entry = {"doc": doc, "name": name, "key": key, "file": "page.png", "look": look}
    folder.mkdir(parents=True, exist_ok=True)
    index = {"version": VERSION, "documents": [entry]}
    (folder / INDEX).write_text(json.dumps(index))
    return look


def test_the_look_is_for_its_own_page_only_while_it_is_current(tmp_path: Path) -> None:
    folder, humber, mine = tmp_path / "kept", tmp_path / "humber.pdf", tmp_path / "mine.pdf"
    humber.write_bytes(b"%PDF-1.7 two")
    mine.write_bytes(b"%PDF-1.7 one")
    look = write_look(folder, "humber", humber)
    assert look_for_launch(folder, None, "humber") == {**look, "file": "page.png"}
    assert look_for_launch(folder, None, "solent") is None  # another region
    assert look_for_launch(folder, None, None) is None  # a first start: no region yet
    assert look_for_launch(folder, str(humber), None) is None  # a file, not the region
    write_look(folder, str(mine), mine)
    assert look_for_launch(folder, str(mine), None) is not None  # a file read before
    mine.write_bytes(b"%PDF-1.7 one, changed")
    os.utime(mine, ns=(1, 1))
    assert look_for_launch(folder, str(mine), None) is None  # changed since: not its look


@pytest.mark.parametrize(
    "change",
    [
        {"window": [1280]},
        {"page": [1, 2, 3, "4"]},
        {"dpr": True},
        {"viewport": None},
        {"background": 7},
        {"key": ["another", 0, 1.0, 0, 1.0, False, None]},  # not the page kept: another zoom
        {"page": [1e9, 0, 10, 10]},
    ],
)
def test_a_look_that_is_not_whole_or_not_the_kept_page_is_ignored(
    tmp_path: Path, change: dict[str, object]
) -> None:
    humber = tmp_path / "humber.pdf"
    humber.write_bytes(b"%PDF-1.7 two")
    write_look(tmp_path, "humber", humber, **change)
    assert look_for_launch(tmp_path, None, "humber") is None


def test_a_file_never_read_is_guessed_where_the_most_recent_look_had_the_viewer(
    tmp_path: Path,
) -> None:
    humber, new = tmp_path / "humber.pdf", tmp_path / "new.pdf"
    humber.write_bytes(b"%PDF-1.7 two")
    new.write_bytes(b"%PDF-1.7 never read")
    assert launch_guess(tmp_path / "kept", str(new)) is None  # no look yet: nowhere to guess
    write_look(tmp_path / "kept", "humber", humber, thumbs=0)  # its viewer's area: 600 x 660
    expected = FirstPageGuess(identity(new) or "", "width", 1.0, 0, 1.0, False, (600, 660), 0)
    assert launch_guess(tmp_path / "kept", str(new)) == expected  # page 1 at that width
    night_key = [identity(humber), 0, 0.75, 0, 1.0, True, None]
    write_look(tmp_path / "kept", "humber", humber, thumbs=0, key=night_key, dpr=2.0)
    guess = launch_guess(tmp_path / "kept", str(new))
    assert guess is not None
    assert (guess.night, guess.dpr) == (True, 2.0)  # as that page was: in night mode, at 2x
    write_look(tmp_path / "kept", "humber", humber, thumbs=120)  # another viewer's area
    assert launch_guess(tmp_path / "kept", str(new)) is None
    assert launch_guess(tmp_path / "kept", str(tmp_path / "gone.pdf")) is None
