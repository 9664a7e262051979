"""Notes in exports, read back: real PDF Highlight annotations (the note as content) in a copy
and in a merged PDF, while a plain copy stays byte-identical to the cached file; the Markdown
export's notes; the notes-only Markdown and CSV with their provenance; search in notes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pymupdf
import pytest

from lis_desktop.content.cache import Cache, sha256_file
from lis_desktop.content.library import Library
from lis_desktop.content.notebook import Notebook
from lis_desktop.content.notes import COLOURS, Note
from lis_desktop.errors import ExportError, ExportExistsError, SearchQueryError
from lis_desktop.export.exporter import Exporter, ExportFormat, ExportRequest, sidecar_path
from lis_desktop.search.notes import search_notes
from support.pdfs import make_summary_pdf, region_summaries, stock_cache

STOCKED = ["black-country", "scotland", "wales"]
NOW = datetime(2026, 3, 4, 10, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def summaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return region_summaries(tmp_path_factory.mktemp("summaries"), STOCKED)


@pytest.fixture
def library(cache_dir: Path, summaries: dict[str, Path]) -> Iterator[Library]:
    stock_cache(cache_dir, summaries, url=True)
    cache = Cache(cache_dir)
    yield Library.load(cache)
    cache.close()


@pytest.fixture
def notes(library: Library) -> list[Note]:
    book = Notebook(library.cache)
    return [
        book.add("black-country", "Unique words for black country", "Cite in the briefing"),
        book.add("black-country", "advanced manufacturing", colour="green"),
        book.add("wales", "offshore wind", "Celtic Sea: compare with Scotland", colour="pink"),
    ]


@pytest.fixture
def exporter(library: Library) -> Exporter:
    return Exporter(library, clock=lambda: NOW)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def annotations(path: Path) -> list[tuple[int, str, str, tuple[float, ...], pymupdf.Rect]]:
    """(page, type, content, colour, rect) of every annotation, read back with PyMuPDF."""
    doc = pymupdf.open(path)
    try:
        return [
            (page.number, a.type[1], a.info["content"], tuple(a.colors["stroke"]), a.rect)
            for page in doc
            for a in page.annots()
        ]
    finally:
        doc.close()


def words_under(path: Path, page: int, rect: pymupdf.Rect) -> str:
    """The words of a page whose middle is inside `rect` (under a highlight)."""
    doc = pymupdf.open(path)
    try:
        words = doc[page].get_text("words")
        middle = [(w[4], pymupdf.Point((w[0] + w[2]) / 2, (w[1] + w[3]) / 2)) for w in words]
        return " ".join(text for text, point in middle if point in rect)
    finally:
        doc.close()


def test_a_plain_pdf_copy_stays_byte_identical_when_the_summary_has_notes(
    exporter: Exporter, library: Library, notes: list[Note], out: Path
) -> None:
    cached = library.pdf_path("black-country")
    assert cached is not None
    [target] = exporter.export(ExportRequest(("black-country",), ExportFormat.PDF, out)).files
    assert target.read_bytes() == cached.read_bytes()
    assert annotations(target) == []


def test_with_notes_the_copy_has_a_highlight_per_note_and_the_cache_is_untouched(
    exporter: Exporter, library: Library, notes: list[Note], out: Path
) -> None:
    cached = library.pdf_path("black-country")
    assert cached is not None
    before = cached.read_bytes()
    target = out / "annotated.pdf"
    exporter.export(ExportRequest(("black-country",), ExportFormat.PDF, target, with_notes=True))
    found = annotations(target)
    assert [(page, kind, content) for page, kind, content, *_ in found] == [
        (0, "Highlight", ""),  # in reading order: "advanced manufacturing" is in the first
        (0, "Highlight", "Cite in the briefing"),  # paragraph, the unique words further down
    ]
    green = tuple(c / 255 for c in COLOURS["green"][1])
    assert found[0][3] == pytest.approx(green, abs=0.01)
    assert words_under(target, 0, found[0][4]) == "advanced manufacturing,"
    assert words_under(target, 0, found[1][4]) == "Unique words for black country"
    assert cached.read_bytes() == before  # the cached summary keeps GOV.UK's bytes
    side = json.loads(sidecar_path(target).read_text(encoding="utf-8"))
    assert (side["with_notes"], side["notes"], side["notes_not_placed"]) == (True, 2, 0)
    assert side["source_sha256"] == sha256_file(cached) != side["sha256"] == sha256_file(target)


def test_the_merged_pdf_carries_each_summary_s_highlights_on_its_own_page(
    exporter: Exporter, notes: list[Note], out: Path
) -> None:
    target = out / "merged.pdf"
    request = ExportRequest(
        ("wales", "black-country"), ExportFormat.MERGED_PDF, target, with_notes=True
    )
    exporter.export(request)
    found = [(page, content) for page, _kind, content, *_ in annotations(target)]
    # Tree order: England (Black Country, page 0) before Wales (page 1).
    assert sorted(found) == [
        (0, ""),
        (0, "Cite in the briefing"),
        (1, "Celtic Sea: compare with Scotland"),
    ]
    side = json.loads(sidecar_path(target).read_text(encoding="utf-8"))
    assert side["notes"] == 3


def test_notes_on_an_older_version_are_written_where_the_text_now_is(
    exporter: Exporter, library: Library, notes: list[Note], out: Path, tmp_path: Path
) -> None:
    moved = make_summary_pdf(
        tmp_path / "new.pdf",
        title="Black Country",
        words="Foreword first. Unique words for black country, moved.",
        body_text="",
    )
    library.cache.import_pdf("black-country", moved)  # nobody looked at the notes since
    target = out / "new.pdf"
    exporter.export(ExportRequest(("black-country",), ExportFormat.PDF, target, with_notes=True))
    [(page, _kind, content, _colour, rect)] = annotations(target)
    assert (page, content) == (0, "Cite in the briefing")
    assert words_under(target, 0, rect) == "Unique words for black country,"
    side = json.loads(sidecar_path(target).read_text(encoding="utf-8"))
    assert (side["notes"], side["notes_not_placed"]) == (1, 1)  # "advanced manufacturing": gone


def test_the_markdown_export_lists_the_notes_with_quote_note_and_page(
    exporter: Exporter, notes: list[Note], out: Path
) -> None:
    target = out / "summary.md"
    exporter.export(ExportRequest(("black-country",), ExportFormat.MD, target))
    text = target.read_text(encoding="utf-8")
    body, section = text.split("\n## Notes\n")
    assert "Unique words for black country" in body  # the summary's text, then its notes
    assert "**Page 1** · Yellow · 2" in section  # page, colour and date
    assert "> Unique words for black country\n\nCite in the briefing" in section
    assert "> advanced manufacturing" in section
    assert "Celtic Sea" not in text  # Wales's note belongs to Wales
    side = json.loads(sidecar_path(target).read_text(encoding="utf-8"))
    assert side["notes"] == 2


def test_with_notes_is_refused_for_formats_that_cannot_carry_them(
    exporter: Exporter, notes: list[Note], out: Path
) -> None:
    for fmt in (ExportFormat.PNG, ExportFormat.TXT):
        with pytest.raises(ExportError, match="PDF, merged PDF and Markdown only"):
            exporter.export(ExportRequest(("wales",), fmt, out / "x", with_notes=True))
    assert list(out.iterdir()) == []


# -- notes only ------------------------------------------------------------------------------
def test_notes_only_markdown_groups_every_note_by_region_with_provenance(
    exporter: Exporter, library: Library, notes: list[Note], out: Path
) -> None:
    target = out / "notes.md"
    exporter.export_notes(target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Notes on the Industrial Strategy local summaries\n")
    assert "3 notes on 2 summaries, exported on 4 March 2026" in text
    assert text.index("## Black Country") < text.index("## Wales")
    assert "> offshore wind\n\nCeltic Sea: compare with Scotland" in text
    side = json.loads(sidecar_path(target).read_text(encoding="utf-8"))
    assert side["format"] == "notes-md"
    assert side["notes"] == 3
    assert side["regions"] == ["black-country", "wales"]
    wales = library.cache.record("wales")
    assert wales is not None
    [source] = [s for s in side["sources"] if s["region"] == "wales"]
    assert source["source_url"] == wales.url
    assert source["source_sha256"] == wales.sha256
    assert (side["published"], side["updated"]) == ("2018-12-03", "2018-12-06")
    assert side["sha256"] == sha256_file(target)


def test_notes_only_csv_has_a_row_per_note_for_spreadsheets(
    exporter: Exporter, library: Library, notes: list[Note], out: Path
) -> None:
    target = out / "notes.csv"
    Notebook(library.cache).add("scotland", "offshore wind", '=HYPERLINK("http://x")')
    exporter.export_notes(target)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with its mark: Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [(r["region"], r["page"], r["quote"]) for r in rows] == [
        ("black-country", "1", "advanced manufacturing"),  # in reading order
        ("black-country", "1", "Unique words for black country"),
        ("scotland", "1", "offshore wind"),
        ("wales", "1", "offshore wind"),
    ]
    assert rows[3]["note"] == "Celtic Sea: compare with Scotland"
    assert rows[3]["status"] == "anchored"
    assert rows[3]["colour"] == "pink"
    assert rows[2]["note"] == '\'=HYPERLINK("http://x")'  # shown as text, never run
    wales = library.cache.record("wales")
    assert wales is not None
    assert rows[3]["source_url"] == wales.url
    assert datetime.fromisoformat(rows[1]["created"]).tzinfo is not None
    side = json.loads(sidecar_path(target).read_text(encoding="utf-8"))
    assert side["format"] == "notes-csv"
    assert side["notes"] == 4


def test_notes_only_export_refuses_what_it_cannot_write_and_leaves_nothing(
    exporter: Exporter, library: Library, notes: list[Note], out: Path
) -> None:
    with pytest.raises(ExportError, match=r"Markdown \(\.md\) or CSV \(\.csv\)"):
        exporter.export_notes(out / "notes.txt")
    with pytest.raises(ExportError, match="no notes to export"):
        exporter.export_notes(out / "notes.md", region_ids=["scotland"])
    assert list(out.iterdir()) == []
    (out / "notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportExistsError, match="already exists"):
        exporter.export_notes(out / "notes.md")
    assert (out / "notes.md").read_text(encoding="utf-8") == "mine"
    assert not sidecar_path(out / "notes.md").exists()
    exporter.export_notes(out / "notes.md", force=True)
    assert (out / "notes.md").read_text(encoding="utf-8").startswith("# Notes")


# -- search --------------------------------------------------------------------------------
def test_search_finds_notes_by_their_text_and_quote_as_it_finds_the_summaries(
    notes: list[Note],
) -> None:
    titles = {"black-country": "Black Country", "wales": "Wales"}
    [hit] = search_notes(notes, "celtic", titles=titles)
    assert (hit.note_id, hit.region, hit.title, hit.page) == (notes[2].id, "wales", "Wales", 0)
    assert hit.text[slice(*hit.text_spans[0])] == "Celtic"
    assert [h.note_id for h in search_notes(notes, "manufacturer")] == [notes[1].id]  # stemmed
    assert [h.note_id for h in search_notes(notes, '"briefing" OR celtic')] == [
        notes[0].id,
        notes[2].id,
    ]
    assert search_notes(notes, "wind", regions={"black-country"}) == ()  # the facets apply
    assert search_notes(notes, "nuclear") == ()
    with pytest.raises(SearchQueryError):
        search_notes(notes, '"unbalanced')
