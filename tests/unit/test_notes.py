"""Notes kept beside the summaries: anchored by their quoted text on known pages, found again on
a new version (moved to page 2, or detached and kept when the text is gone), untouched by an
integrity repair and a forced re-download, and carried over a schema upgrade of a cache made by
the previous version."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pymupdf
import pytest

from lis_desktop.content import cache as cache_module
from lis_desktop.content import govuk
from lis_desktop.content.anchoring import PageText, anchor_words, find_quote, pages_of, read_words
from lis_desktop.content.cache import Cache, sha256_file
from lis_desktop.content.database import Database
from lis_desktop.content.notebook import Notebook
from lis_desktop.content.notes import (
    TABLES,
    NoteNotFoundError,
    NoteStatus,
    QuoteNotFoundError,
    matching,
)
from lis_desktop.content.snapshot import load_regions
from lis_desktop.content.sync import SyncOptions, sync
from lis_desktop.content.sync_report import Outcome, SyncReport
from lis_desktop.domain import Offline
from lis_desktop.errors import NotOfflineError
from support.govuk_server import GovukServer
from support.pdfs import make_text_pdf, summary_pdf_bytes

QUOTE = "offshore wind fleet"


def text_pdf(path: Path, *pages: list[str]) -> Path:
    """A PDF whose pages hold these lines, top to bottom."""
    return make_text_pdf(
        path, [[(100.0 + 20 * i, line) for i, line in enumerate(p)] for p in pages]
    )


def box_of(path: Path, page: int, text: str) -> pymupdf.Rect:
    """Where `text` is on a page, found independently with PyMuPDF's own search."""
    doc = pymupdf.open(path)
    try:
        return doc[page].search_for(text)[0]
    finally:
        doc.close()


def covers(rects: tuple[tuple[float, float, float, float], ...], box: pymupdf.Rect) -> bool:
    """True when the highlight's rectangles cover `box` (to a point) and little else."""
    union = pymupdf.Rect(rects[0])
    for rect in rects[1:]:
        union |= pymupdf.Rect(rect)
    return (
        abs(union.x0 - box.x0) < 2
        and abs(union.x1 - box.x1) < 2
        and union.y0 <= box.y0 + 2
        and union.y1 >= box.y1 - 2
    )


@pytest.fixture
def notebook(cache_dir: Path, tmp_path: Path) -> Notebook:
    version_1 = text_pdf(
        tmp_path / "v1.pdf", ["Key strengths", f"The {QUOTE} on the Humber", "Ports and logistics"]
    )
    cache = Cache(cache_dir)
    cache.import_pdf("humber", version_1)
    return Notebook(cache)


# -- anchoring on known texts ------------------------------------------------------------------
def test_a_quote_is_anchored_on_its_page_with_its_words_rectangles(
    notebook: Notebook, cache_dir: Path
) -> None:
    note = notebook.add("humber", "Offshore  wind FLEET", "Biggest in the world", page=0)
    path = notebook.cache.pdf_path("humber")
    assert path is not None
    assert (note.page, note.quote, note.note) == (0, QUOTE, "Biggest in the world")
    assert note.status is NoteStatus.ANCHORED
    assert note.sha256 == sha256_file(path)
    assert covers(note.rects, box_of(path, 0, QUOTE))
    assert note.prefix.endswith("Humber The ") or note.prefix.endswith("The ")
    assert note.suffix.startswith(" on the Humber")


def test_a_quote_twice_on_a_page_is_told_apart_by_its_context(tmp_path: Path) -> None:
    words = pymupdf.open(
        text_pdf(tmp_path / "twice.pdf", ["Clean growth in ports.", "Clean growth in homes."])
    )[0].get_text("words")
    page = PageText(0, [tuple(w) for w in words])
    first = find_quote([page], "Clean growth", suffix=" in ports.")
    second = find_quote([page], "Clean growth", suffix=" in homes.")
    assert first is not None
    assert second is not None
    assert first.rects[0][1] < second.rects[0][1]  # the second line is lower on the page
    assert find_quote([page], "Clean growth", prefix="ports.", suffix=" in homes") == second


def test_typographic_quotes_dashes_and_case_are_found_as_typed(tmp_path: Path) -> None:
    doc = pymupdf.open()
    writer = pymupdf.TextWriter(doc.new_page().rect)  # a font with the typographic characters
    writer.append((50, 100), "The region’s “Grand Challenges” – AI", font=pymupdf.Font("helv"))
    writer.write_text(doc[0])
    doc.save(tmp_path / "t.pdf")
    pages = pages_of(read_words(tmp_path / "t.pdf"))
    found = find_quote(pages, 'the region\'s "grand challenges" - ai')
    assert found is not None
    assert found.quote == "The region’s “Grand Challenges” – AI"  # as the page writes it


def test_a_selection_of_words_is_anchored_with_its_text_and_context(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "s.pdf", ["Skills gaps remain in engineering and construction."])
    [words] = read_words(path)
    anchor = anchor_words(PageText(0, words), 3, 4)  # "in engineering"
    assert anchor is not None
    assert anchor.quote == "in engineering"
    assert anchor.prefix == "Skills gaps remain "
    assert anchor.suffix == " and construction."
    assert covers(anchor.rects, box_of(path, 0, "in engineering"))


def test_the_quote_is_found_on_page_2_after_a_new_version_put_it_there(
    notebook: Notebook, tmp_path: Path
) -> None:
    note = notebook.add("humber", QUOTE, "Keep an eye on this")
    version_2 = text_pdf(
        tmp_path / "v2.pdf",
        ["A new first page", "Contents"],
        ["Key strengths", "Ports and logistics", f"The {QUOTE} on the Humber"],
    )
    notebook.cache.import_pdf("humber", version_2)  # the summary is replaced
    assert notebook.reconcile() == ["humber"]
    [moved] = notebook.notes("humber")
    assert moved.id == note.id
    assert (moved.page, moved.status, moved.note) == (1, NoteStatus.ANCHORED, "Keep an eye on this")
    assert moved.sha256 == sha256_file(notebook.cache.pdf_path("humber") or Path())
    assert covers(moved.rects, box_of(version_2, 1, QUOTE))
    assert notebook.reconcile() == []  # placed once: nothing more to do


def test_a_note_whose_text_is_gone_is_kept_detached_and_comes_back_with_its_text(
    notebook: Notebook, tmp_path: Path
) -> None:
    note = notebook.add("humber", QUOTE, "Gone next year?")
    original = notebook.cache.pdf_path("humber")
    assert original is not None
    kept = tmp_path / "kept.pdf"
    kept.write_bytes(original.read_bytes())
    notebook.cache.import_pdf("humber", text_pdf(tmp_path / "v3.pdf", ["Hydrogen and ports"]))
    [detached] = notebook.notes("humber")
    assert detached.status is NoteStatus.DETACHED
    assert (detached.id, detached.quote, detached.note) == (note.id, QUOTE, "Gone next year?")
    assert (detached.rects, detached.sha256) == (note.rects, note.sha256)  # where it was
    assert notebook.reconcile() == []  # looked for once in this version, not again

    notebook.cache.import_pdf("humber", kept)  # the version with its text is back
    [back] = notebook.notes("humber")
    assert back.status is NoteStatus.ANCHORED
    assert (back.page, back.rects) == (note.page, note.rects)


def test_a_summary_changed_on_disk_never_moves_or_detaches_a_note(
    notebook: Notebook, tmp_path: Path
) -> None:
    note = notebook.add("humber", QUOTE, "Mine")
    notebook.cache.import_pdf(
        "humber", text_pdf(tmp_path / "v2.pdf", ["Elsewhere", f"The {QUOTE}"])
    )
    path = notebook.cache.pdf_path("humber")
    assert path is not None
    text_pdf(path, ["Tampered: nothing of the text"])  # changed behind the cache's back
    [same] = notebook.notes("humber")  # the file no longer matches its SHA-256: not used
    assert same == note
    assert notebook.cache.verify() == ["humber"]
    [same] = notebook.notes("humber")
    assert same == note


def synced(server: GovukServer, root: Path) -> SyncReport:
    """A sync of the cache at `root` from the local GOV.UK stand-in."""
    origin = govuk.parse_origin(server.origin)
    options = SyncOptions(api_url=server.api_url, backoff=0.01, max_pdf_bytes=1_000_000)
    cache = Cache(root)
    try:
        with govuk.GovukClient(govuk.ClientOptions(allow_origins=(origin,))) as client:
            return sync(client, cache, load_regions(), lambda _p: None, lambda: False, options)
    finally:
        cache.close()


def test_notes_survive_corruption_and_the_forced_re_download_of_the_same_file(
    govuk_server: GovukServer, cache_dir: Path
) -> None:
    synced(govuk_server, cache_dir)
    cache = Cache(cache_dir)
    notebook = Notebook(cache)
    note = notebook.add("wales", "Wales local summary", "Compare with Scotland")
    path = cache.pdf_path("wales")
    assert path is not None
    path.write_bytes(b"%PDF-1.4 damaged")  # the integrity check marks it corrupt
    assert cache.verify() == ["wales"]
    assert cache.pdf_path("wales") is None
    assert notebook.notes("wales") == [note]  # kept as it was, nothing to place it on

    report = synced(govuk_server, cache_dir)  # downloads the summary again: the same file
    assert [r.region for r in report.results if r.outcome is Outcome.DOWNLOADED] == ["wales"]
    assert notebook.reconcile() == []
    [kept] = notebook.notes("wales")
    assert kept == note  # same version: the same place, the same note
    assert kept.on(cache.record("wales").sha256)  # type: ignore[union-attr]


def test_a_sync_bringing_a_new_version_moves_the_note_with_its_text(
    govuk_server: GovukServer, cache_dir: Path
) -> None:
    synced(govuk_server, cache_dir)
    cache = Cache(cache_dir)
    notebook = Notebook(cache)
    note = notebook.add("wales", "Wales local summary", "On the first version")
    moved_text = summary_pdf_bytes("Wales", words="Foreword. Wales local summary, revised.")
    govuk_server.replace_pdf("wales", moved_text)
    synced(govuk_server, cache_dir)
    [moved] = notebook.notes("wales")
    assert moved.status is NoteStatus.ANCHORED
    current = cache.record("wales")
    assert current is not None
    assert moved.sha256 == current.sha256 != note.sha256
    assert moved.rects != note.rects  # the text moved on the page: so did the highlight
    assert moved.note == "On the first version"


def test_a_note_needs_its_summary_offline_and_its_quote_in_it(notebook: Notebook) -> None:
    with pytest.raises(NotOfflineError, match="Wales is not available offline"):
        notebook.add("wales", "anything", title="Wales")
    with pytest.raises(QuoteNotFoundError, match="“nuclear” is not in the summary for Humber"):
        notebook.add("humber", "nuclear", title="Humber")
    with pytest.raises(QuoteNotFoundError, match="has 1 page: there is no page 2"):
        notebook.add("humber", QUOTE, page=1, title="Humber")
    with pytest.raises(QuoteNotFoundError, match="not in the summary for humber on page 1"):
        notebook.add("humber", "Hydrogen", page=0)
    assert notebook.store.count() == 0


# -- the store ---------------------------------------------------------------------------------
def test_edit_remove_and_restore_keep_the_note_s_identity(notebook: Notebook) -> None:
    note = notebook.add("humber", QUOTE, "First thoughts")
    edited = notebook.store.edit(note.id, "  Second thoughts ", "green")
    assert (edited.note, edited.colour, edited.created) == (
        "Second thoughts",
        "green",
        note.created,
    )
    assert edited.updated >= note.updated
    removed = notebook.store.remove(note.id)
    assert notebook.store.list() == []
    with pytest.raises(NoteNotFoundError, match="There is no note"):
        notebook.store.remove(note.id)
    assert notebook.store.restore(removed) == edited
    assert notebook.add("humber", "Ports").id > note.id  # ids are never reused


def test_placing_a_note_never_undoes_an_edit_made_meanwhile(notebook: Notebook) -> None:
    note = notebook.add("humber", QUOTE, "Old text")
    other = Notebook(Cache(notebook.cache.root))  # e.g. the worker placing notes
    stale = other.store.get(note.id)
    notebook.store.edit(note.id, "New text", "pink")
    other.store.save_places([stale])
    assert notebook.store.get(note.id).note == "New text"
    notebook.store.remove(note.id)
    other.store.save_places([stale])
    assert notebook.store.list() == []  # a removed note is not brought back either


def test_the_filter_matches_quote_note_colour_and_region(notebook: Notebook) -> None:
    wind = notebook.add("humber", QUOTE, "Biggest in Europe", colour="orange")
    ports = notebook.add("humber", "Ports and logistics", "Grimsby")
    titles = {"humber": "Humber"}
    notes = notebook.store.list()
    assert matching(notes, "europe", titles) == [wind]
    assert matching(notes, "WIND", titles) == [wind]
    assert matching(notes, "orange", titles) == [wind]
    assert matching(notes, "humber grimsby", titles) == [ports]
    assert matching(notes, "nuclear", titles) == []


# -- the schema --------------------------------------------------------------------------------
def test_a_cache_made_by_the_previous_version_gains_notes_and_keeps_everything(
    cache_dir: Path, summary_pdf: Path
) -> None:
    before = cache_module.MIGRATIONS.index(TABLES)  # the schema as the previous version made it
    old = Database(cache_dir / cache_module.DB_NAME, cache_module.MIGRATIONS[:before])
    (cache_dir / "summaries").mkdir()
    target = cache_dir / "summaries" / "black-country.pdf"
    target.write_bytes(summary_pdf.read_bytes())
    sha = sha256_file(target)
    with old.transaction() as db:
        db.execute(
            "INSERT INTO summaries VALUES (?, ?, ?, ?, 1, 'import', 'bc.pdf', NULL, NULL, NULL, "
            "1544000000, 'available', NULL, NULL)",
            ("black-country", target.name, sha, target.stat().st_size),
        )
        db.execute("INSERT INTO meta VALUES ('sync.last_status', 'ok')")
        db.execute(
            "INSERT INTO attachments (region, title, status) VALUES ('wales', 'Wales', 'failed')"
        )
        db.execute(  # GOV.UK's copy kept beside the imported one (schema 3)
            "INSERT INTO kept_copies SELECT * FROM summaries WHERE region = 'black-country'"
        )
    assert int(old.query("PRAGMA user_version")[0][0]) == before
    old.close()

    cache = Cache(cache_dir)  # this version opens it: migrated
    assert cache.statuses() == {"black-country": Offline.AVAILABLE, "wales": Offline.FAILED}
    assert cache.get_meta("sync.last_status") == "ok"
    assert cache.pdf_path("black-country") == target
    assert cache.kept_copy("black-country") == cache.record("black-country")
    note = Notebook(cache).add("black-country", "advanced ceramics", "From the old cache")
    cache.close()
    version = sqlite3.connect(cache_dir / cache_module.DB_NAME).execute("PRAGMA user_version")
    assert version.fetchone()[0] == cache_module.SCHEMA_VERSION
    again = Cache(cache_dir)
    assert again.notes.list() == [note]  # and kept when opened again
    again.close()
