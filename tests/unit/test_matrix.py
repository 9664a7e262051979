"""The theme matrix (Qt-free): counts against known texts (repeats, phrases across line breaks,
stemming, OR/AND/NOT and prefixes as search reads them), null for summaries not offline, the
columns (presets, added ones, their settings), totals, shading, and the CSV/Markdown exports
with their provenance sidecar."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lis_desktop.content.cache import Cache
from lis_desktop.content.library import Library
from lis_desktop.content.snapshot import load_regions
from lis_desktop.errors import ExportWriteError, SearchQueryError
from lis_desktop.search import matrix
from lis_desktop.search.index import SearchIndex, sources_from_cache, update_index
from lis_desktop.search.matrix import Column, ExportFormat, RegionState
from lis_desktop.search.text import extract_pages
from support.pdfs import make_summary_pdf, make_text_pdf

REGIONS = load_regions()
CLEAN = "clean-growth"
WHEN = datetime(2019, 3, 1, 9, 30, tzinfo=UTC)


def text_index(pages: dict[str, list[str]]) -> SearchIndex:
    """An in-memory index holding exactly these page texts per region."""
    index = SearchIndex(None, REGIONS)
    index.set_wanted({region: f"sha-{region}" for region in pages})
    for region, texts in pages.items():
        index.store(region, f"sha-{region}", texts, None)
    return index


def counts(pages: dict[str, list[str]], query: str) -> dict[str, int | None]:
    index = text_index(pages)
    try:
        column = Column("q", "Q", query)
        return {r: n for r, n in matrix.column_counts(index, column).items() if r in pages}
    finally:
        index.close()


# -- counting against known texts ----------------------------------------------------------------
def test_a_summary_saying_clean_growth_three_times_counts_three(
    cache_dir: Path, tmp_path: Path
) -> None:
    words = "Clean growth first. Our clean growth plan is bold. CLEAN GROWTH for everyone."
    pdf = make_summary_pdf(tmp_path / "humber.pdf", title="Humber", words=words, body_text="")
    cache = Cache(cache_dir)
    cache.import_pdf("humber", pdf)
    index = SearchIndex.for_cache(cache, REGIONS)
    update_index(index, sources_from_cache(cache))
    table = matrix.compute_matrix(index, matrix.PRESETS)
    assert table.count("humber", CLEAN) == 3
    assert table.count("humber", "ideas") == 0
    assert table.state("humber") is RegionState.COUNTED
    index.close()
    cache.close()


def test_a_phrase_split_across_a_line_break_still_counts(cache_dir: Path, tmp_path: Path) -> None:
    pdf = make_text_pdf(
        tmp_path / "wrap.pdf",
        [[(100, "Our plan for clean"), (300, "growth across the county, and clean growth.")]],
    )
    (text,) = extract_pages(pdf)
    assert "clean\ngrowth" in text  # the phrase really is broken over two lines
    cache = Cache(cache_dir)
    cache.import_pdf("cumbria", pdf)
    index = SearchIndex.for_cache(cache, REGIONS)
    update_index(index, sources_from_cache(cache))
    assert matrix.compute_matrix(index, matrix.PRESETS).count("cumbria", CLEAN) == 2
    index.close()
    cache.close()


def test_stemming_as_search_does() -> None:
    pages = {"wales": ["Manufacturers and manufacturing; a manufacturer. Manufacture!"]}
    assert counts(pages, "manufacturer") == {"wales": 4}
    assert counts(pages, "manufacturing") == {"wales": 4}
    assert counts({"wales": ["Decarbonising homes and decarbonisation"]}, "decarbonisation") == {
        "wales": 2
    }
    assert counts({"wales": ["The Société Générale café"]}, "societe CAFE") == {"wales": 2}


def test_or_and_not_and_prefix_as_search_reads_them() -> None:
    pages = {
        "humber": ["Offshore wind and more wind. Hydrogen."],
        "wales": ["Onshore wind farms."],
        "scotland": ["Hydrogen and hydrology."],
    }
    assert counts(pages, "wind OR hydrogen") == {"humber": 3, "wales": 1, "scotland": 1}
    # all words must match: Wales has no hydrogen, so none of its wind counts
    assert counts(pages, "wind hydrogen") == {"humber": 3, "wales": 0, "scotland": 0}
    assert counts(pages, "wind -offshore") == {"humber": 0, "wales": 1, "scotland": 0}
    assert counts(pages, "hydro*") == {"humber": 1, "wales": 0, "scotland": 2}
    assert counts(pages, '"offshore wind"') == {"humber": 1, "wales": 0, "scotland": 0}


def test_overlapping_terms_count_once_as_search_highlights_them() -> None:
    pages = {"humber": ["Clean growth, and growth."]}
    assert counts(pages, '"clean growth" OR growth') == {"humber": 2}  # not 3


def test_hits_are_summed_over_pages_and_the_first_page_is_known() -> None:
    index = text_index({"greater-manchester": ["No themes here.", "Graphene.", "Graphene!"]})
    table = matrix.compute_matrix(index, [Column("g", "Graphene", "graphene")])
    assert table.count("greater-manchester", "g") == 2
    assert table.first_page("greater-manchester", "g") == 1
    index.close()


VOCABULARY = ["wind", "winds", "offshore", "clean", "growth", "hydrogen", "port", "ports", "the"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(
        st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=30), min_size=1, max_size=3
    ),
    query=st.sampled_from(
        [
            "wind",
            '"offshore wind"',
            "wind OR port",
            '"clean growth" OR growth',
            "port*",
            "wind -hydrogen",
            "clean growth",
            '"the wind" OR wind OR "wind the"',
        ]
    ),
)
def test_counts_equal_the_hits_search_highlights(texts: list[list[str]], query: str) -> None:
    pages = {"humber": [" ".join(words) for words in texts]}
    index = text_index(pages)
    try:
        searched = sum(g.hits for g in index.search(query).regions)
        assert matrix.column_counts(index, Column("q", "Q", query))["humber"] == searched
    finally:
        index.close()


# -- regions without counts ----------------------------------------------------------------------
def test_regions_not_offline_are_none_never_zero() -> None:
    index = text_index({"humber": ["wind"]})
    table = matrix.compute_matrix(index, matrix.PRESETS)
    assert table.count("humber", CLEAN) == 0
    assert table.count("wales", CLEAN) is None
    assert table.row_total("wales") is None
    assert table.state("wales") is RegionState.NOT_OFFLINE
    assert matrix.cell_text(table, "wales", CLEAN) == "not offline"
    rows = {row["region"]: row for row in matrix.to_json(table)["rows"]}
    assert rows["wales"]["counts"][CLEAN] is None
    assert rows["humber"]["counts"][CLEAN] == 0
    index.close()


def test_summaries_not_indexed_yet_or_unreadable_say_so() -> None:
    index = SearchIndex(None, REGIONS)
    index.set_wanted({"humber": "a", "wales": "b", "scotland": "c"})
    index.store("humber", "a", ["clean growth"], None)
    index.store("scotland", "c", [], "'scotland.pdf' cannot be opened for search.")
    table = matrix.compute_matrix(index, matrix.PRESETS)
    assert table.count("humber", CLEAN) == 1
    assert table.state("wales") is RegionState.INDEXING
    assert table.count("wales", CLEAN) is None
    assert table.state("scotland") is RegionState.UNREADABLE
    assert table.count("scotland", CLEAN) is None
    assert table.counted() == ["humber"]
    index.close()


# -- columns -------------------------------------------------------------------------------------
def test_nine_presets_the_foundations_then_the_grand_challenges() -> None:
    assert [c.label for c in matrix.PRESETS] == [
        "Ideas",
        "People",
        "Infrastructure",
        "Business environment",
        "Places",
        "AI & data economy",
        "Clean growth",
        "Future of mobility",
        "Ageing society",
    ]
    assert [c.id for c in matrix.PRESETS][-3:] == [CLEAN, "future-of-mobility", "ageing-society"]
    for column in matrix.PRESETS:
        matrix.check_column(column)  # every preset is a valid query
        assert column.preset


def test_added_columns_come_after_the_presets_with_unique_ids() -> None:
    columns = matrix.columns_with([("Hydrogen", "hydrogen"), ("Hydrogen", "fuel cells")])
    assert [c.id for c in columns[9:]] == ["hydrogen", "hydrogen-2"]
    assert columns[:9] == matrix.PRESETS
    same_label = matrix.columns_with([("Clean growth", "solar")])
    assert same_label[-1].id == "clean-growth-2"
    assert not same_label[-1].preset


def test_a_malformed_query_names_its_column() -> None:
    with pytest.raises(SearchQueryError, match=r"^Column 'Hydrogen': Malformed query: 'OR'"):
        matrix.columns_with([("Hydrogen", "hydrogen OR")])
    with pytest.raises(SearchQueryError, match="Column 'Quotes': Malformed query: a quotation"):
        matrix.check_column(Column("q", "Quotes", '"open'))
    with pytest.raises(SearchQueryError, match="LABEL=QUERY"):
        matrix.parse_column_spec("no equals sign")
    with pytest.raises(SearchQueryError, match="Column 'Empty' has no query"):
        matrix.parse_column_spec("Empty=  ")
    with pytest.raises(SearchQueryError, match="Column 'Nul': The query contains a NUL"):
        matrix.columns_with([("Nul", "wind\x00farm")])
    with pytest.raises(SearchQueryError, match="A column's name contains bytes that are not text"):
        matrix.columns_with([("\udcff", "wind")])  # a command line that is not UTF-8
    assert matrix.parse_column_spec(" Ports = port* OR harbour ") == ("Ports", "port* OR harbour")
    assert matrix.parse_column_spec("Eq=a=b") == ("Eq", "a=b")


def test_columns_round_trip_through_the_settings() -> None:
    edited = [
        Column(c.id, c.label, "solar OR wind", preset=True) if c.id == CLEAN else c
        for c in matrix.PRESETS
    ]
    columns = matrix.add_column(edited, "Ports", 'port* OR "freeport"')
    loaded = matrix.load_columns(matrix.dump_columns(columns))
    assert loaded == columns
    assert loaded[6].query == "solar OR wind"
    assert matrix.default_query(loaded[6]) == matrix.PRESETS[6].query
    assert matrix.default_query(loaded[-1]) is None


@pytest.mark.parametrize(
    "stored",
    ["", "not json", "[1, 2]", '{"presets": [], "added": {}}', '{"added": [5, {"label": 1}]}'],
)
def test_unreadable_column_settings_keep_the_presets(stored: str) -> None:
    assert matrix.load_columns(stored) == matrix.PRESETS


def test_a_stored_malformed_query_is_left_out_not_fatal() -> None:
    stored = json.dumps(
        {
            "presets": {CLEAN: "wind OR"},
            "added": [{"id": "bad", "label": "Bad", "query": '"'}, {"label": "Ok", "query": "ok"}],
        }
    )
    loaded = matrix.load_columns(stored)
    assert loaded[6] == matrix.PRESETS[6]
    assert [(c.id, c.label) for c in loaded[9:]] == [("ok", "Ok")]


# -- totals and shading --------------------------------------------------------------------------
def test_totals_and_mentions_over_the_rows_shown() -> None:
    index = text_index(
        {
            "humber": ["clean growth and net zero"],
            "wales": ["net zero"],
            "scotland": ["whisky"],
        }
    )
    table = matrix.compute_matrix(index, matrix.PRESETS)
    assert table.column_total(CLEAN) == 3
    assert table.mentions(CLEAN) == 2
    assert table.column_total(CLEAN, ["humber", "scotland", "black-country"]) == 2
    assert table.mentions(CLEAN, ["scotland", "black-country"]) == 0
    assert table.column_max(CLEAN) == 2
    assert table.row_total("humber") == 2
    data = matrix.to_json(table)
    assert data["totals"][CLEAN] == 3
    assert data["mentions"][CLEAN] == 2
    index.close()


def test_heat_levels_scale_to_the_column_and_zero_stays_unshaded() -> None:
    assert matrix.heat_level(0, 10) == 0
    assert matrix.heat_level(None, 10) == 0
    assert matrix.heat_level(10, 10) == matrix.HEAT_STEPS
    assert matrix.heat_level(1, 100) == 1
    assert [matrix.heat_level(n, 7) for n in range(8)] == [0, 1, 2, 3, 4, 5, 6, 7]
    assert matrix.heat_colour(0, dark=False) is None
    assert matrix.heat_colour(1, dark=False) == matrix.HEAT_LIGHT[0]
    assert matrix.heat_colour(7, dark=True) == matrix.HEAT_DARK[-1]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((matrix._luminance(a), matrix._luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("palette", [matrix.HEAT_LIGHT, matrix.HEAT_DARK])
def test_every_shade_has_readable_text_and_grows_steadily(palette: tuple[str, ...]) -> None:
    for colour in palette:
        assert _contrast(colour, matrix.ink_for(colour)) >= 4.5  # WCAG AA for the count
    lightness = [matrix._luminance(c) for c in palette]
    # sequential: lightness changes in one direction only (no hue alone carries the order)
    assert lightness == sorted(lightness) or lightness == sorted(lightness, reverse=True)


def test_light_shades_darken_and_night_shades_brighten() -> None:
    assert matrix._luminance(matrix.HEAT_LIGHT[0]) > matrix._luminance(matrix.HEAT_LIGHT[-1])
    assert matrix._luminance(matrix.HEAT_DARK[0]) < matrix._luminance(matrix.HEAT_DARK[-1])


# -- exports -------------------------------------------------------------------------------------
@pytest.fixture
def library(cache_dir: Path, tmp_path: Path) -> Iterator[Library]:
    cache = Cache(cache_dir)
    for region, words in (("humber", "Clean growth, net zero."), ("wales", "Steel | ports.")):
        pdf = make_summary_pdf(tmp_path / f"{region}.pdf", words=words, body_text="")
        cache.import_pdf(region, pdf)
    yield Library.load(cache)
    cache.close()


@pytest.fixture
def table(library: Library) -> Iterator[matrix.Matrix]:
    index = SearchIndex.for_cache(library.cache, REGIONS)
    update_index(index, sources_from_cache(library.cache))
    columns = matrix.columns_with([("Ports | harbours", "port*")])
    yield matrix.compute_matrix(index, columns, clock=lambda: WHEN)
    index.close()


def test_csv_has_a_row_per_region_with_empty_cells_where_not_offline(
    table: matrix.Matrix,
) -> None:
    rows = list(csv.DictReader(io.StringIO(matrix.to_csv(table, ["humber", "wales", "cumbria"]))))
    assert [r["region"] for r in rows] == ["humber", "wales", "cumbria"]
    assert rows[0]["Clean growth"] == "2"
    assert rows[0]["total"] == "2"
    assert rows[1]["Ports | harbours"] == "1"
    assert rows[2]["status"] == "not offline"
    assert rows[2]["Clean growth"] == ""
    assert list(rows[0])[:4] == ["region", "title", "status", "Ideas"]


def test_markdown_has_the_table_totals_queries_and_sources(
    table: matrix.Matrix, library: Library
) -> None:
    sources = matrix.summary_sources(library)
    text = matrix.to_markdown(table, library.publication, sources, ["humber", "wales", "cumbria"])
    assert "| Region | Ideas | People |" in text
    assert "| Humber | 0 | 0 | 0 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | 2 |" in text
    assert "| Cumbria | not offline |" in text
    assert "| **Total** |" in text
    assert "| **Regions mentioning it** | 0 of 2 |" in text
    assert "Ports \\| harbours" in text  # a | in a label does not break the table
    assert f"| Clean growth | `{matrix.PRESETS[6].query}` |" in text
    assert f"SHA-256 `{table.sha256['humber']}`" in text
    assert "counted on 1 March 2019" in text
    assert "Open Government Licence v3.0" in text


@pytest.mark.parametrize("fmt", [ExportFormat.CSV, ExportFormat.MARKDOWN])
def test_an_export_writes_the_file_and_its_provenance_sidecar(
    table: matrix.Matrix, library: Library, tmp_path: Path, fmt: ExportFormat
) -> None:
    target = tmp_path / f"matrix.{fmt.value}"
    sources = matrix.summary_sources(library)
    written, sidecar = matrix.export_matrix(
        table, library.publication, sources, fmt, target, ["humber", "cumbria"], clock=lambda: WHEN
    )
    assert written == target
    assert sidecar == tmp_path / f"matrix.{fmt.value}.provenance.json"
    record = json.loads(sidecar.read_text())
    assert record["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()
    assert record["exported_at"] == "2019-03-01T09:30:00+00:00"
    assert record["columns"][6] == {
        "id": CLEAN,
        "label": "Clean growth",
        "query": matrix.PRESETS[6].query,
    }
    assert record["columns"][-1]["query"] == "port*"
    humber, cumbria = record["sources"]
    assert humber["source_sha256"] == library.cache.records()["humber"].sha256
    assert humber["source_url"] == library.publication.attachment_for("humber").url
    assert humber["obtained_by"] == "import"
    assert (cumbria["region"], cumbria["status"], cumbria["source_sha256"]) == (
        "cumbria",
        "not offline",
        None,
    )
    assert record["story_url"] == library.publication.url


def test_an_export_that_cannot_be_written_leaves_nothing(
    table: matrix.Matrix, library: Library, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-folder" / "matrix.csv"
    pub, sources = library.publication, matrix.summary_sources(library)
    with pytest.raises(ExportWriteError, match="nothing was written"):
        matrix.export_matrix(table, pub, sources, ExportFormat.CSV, missing)
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "matrix.csv.provenance.json").mkdir()  # the sidecar's name is taken by a folder
    with pytest.raises(ExportWriteError):
        matrix.export_matrix(table, pub, sources, ExportFormat.CSV, folder / "matrix.csv")
    assert not (folder / "matrix.csv").exists()
    assert [p.name for p in folder.iterdir()] == ["matrix.csv.provenance.json"]


# -- rows as the window shows them ---------------------------------------------------------------
OUTLINE: list[matrix.OutlineEntry] = [
    (0, "England", None),
    (1, "Humber", "humber"),
    (1, "Cumbria", "cumbria"),
    (1, "Dorset", "dorset"),
    (0, "Scotland", "scotland"),
    (0, "Wales", "wales"),
]


@pytest.fixture
def small() -> Iterator[matrix.Matrix]:
    index = text_index(
        {
            "humber": ["clean growth, net zero and low carbon"],
            "dorset": ["net zero"],
            "scotland": ["whisky and skills"],
            "wales": ["clean growth"],
        }
    )
    yield matrix.compute_matrix(index, matrix.PRESETS)
    index.close()


def test_rows_follow_the_tree_with_headings_then_totals(small: matrix.Matrix) -> None:
    rows = matrix.arrange_rows(OUTLINE, None, small)
    assert [(r.kind.value, r.title, r.depth) for r in rows] == [
        ("heading", "England", 0),
        ("region", "Humber", 1),
        ("region", "Cumbria", 1),
        ("region", "Dorset", 1),
        ("region", "Scotland", 0),
        ("region", "Wales", 0),
        ("total", "Total", 0),
        ("mentions", "Regions mentioning it", 0),
    ]
    england, total, mentions = rows[0], rows[-2], rows[-1]
    assert england.members == ("humber", "cumbria", "dorset")
    assert matrix.row_value(small, england, CLEAN) == 4  # Cumbria is not offline: not summed
    assert matrix.row_value(small, rows[2], CLEAN) is None
    assert matrix.row_value(small, total, CLEAN) == 5
    assert matrix.row_value(small, mentions, CLEAN) == 3
    assert matrix.row_value(small, mentions, matrix.TOTAL) == 4  # every counted region
    assert matrix.row_value(small, rows[1], matrix.TOTAL) == 3


def test_sorting_ranks_regions_without_headings_and_no_count_last(small: matrix.Matrix) -> None:
    ranked = matrix.arrange_rows(OUTLINE, CLEAN, small)
    assert [r.region_id for r in ranked[:-2]] == [
        "humber",
        "dorset",
        "wales",
        "scotland",
        "cumbria",
    ]
    rising = matrix.arrange_rows(OUTLINE, CLEAN, small, descending=False)
    assert [r.region_id for r in rising[:-2]] == [
        "scotland",
        "dorset",
        "wales",
        "humber",
        "cumbria",
    ]
    by_title = matrix.arrange_rows(OUTLINE, matrix.TITLE, small)
    assert [r.title for r in by_title[:3]] == ["Cumbria", "Dorset", "Humber"]
    by_total = matrix.arrange_rows(OUTLINE, matrix.TOTAL, small)
    assert by_total[0].region_id == "humber"


def test_regions_the_cache_holds_but_the_index_lacks_are_indexing() -> None:
    index = text_index({"humber": ["net zero"], "dorset": ["net zero"]})
    table = matrix.compute_matrix(index, matrix.PRESETS, offline={"humber", "wales"})
    assert table.count("humber", CLEAN) == 1
    assert table.state("wales") is RegionState.INDEXING  # imported, not indexed yet
    assert table.count("dorset", CLEAN) is None  # deleted from the cache since it was indexed
    assert table.state("dorset") is RegionState.NOT_OFFLINE
    assert matrix.column_counts(index, matrix.PRESETS[6], offline={"humber"})["dorset"] is None
    index.close()
