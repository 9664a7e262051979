"""Full-text search (Qt-free): every query form, facets, accents, stemming, bad queries, and an
index that is incremental, survives restart and rebuilds itself when deleted or damaged."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lis_desktop.content.cache import Cache
from lis_desktop.content.snapshot import load_regions
from lis_desktop.domain import Offline
from lis_desktop.errors import InvalidPdfError, SearchIndexError, SearchQueryError
from lis_desktop.pdf.api import PdfEngine
from lis_desktop.pdf.host.parent import PdfHost
from lis_desktop.pdf.local import LocalEngine
from lis_desktop.search.index import (
    SearchIndex,
    SearchResult,
    hit_phrases,
    sources_from_cache,
    update_index,
)
from lis_desktop.search.query import NO_WAVE, Facets, parse_facets
from lis_desktop.search.text import engine_extractor, extract_pages, read_pages
from support.pdfs import (
    make_bad_page_pdf,
    make_damaged_pdf,
    make_encrypted_pdf,
    make_summary_pdf,
    make_text_pdf,
    make_zero_page_pdf,
)
from support.processes import engine_for_test

REGIONS = load_regions()

# The only words on each generated summary besides its title (body_text="" drops the lorem).
WORDS = {
    "humber": "Offshore wind turbines line the Humber estuary; more wind than anywhere.",
    "leeds-city-region": "Digital health, financial services and onshore wind farms.",
    "greater-lincolnshire": "Offshore wind maintenance and agri-food processing.",
    "wales": "Offshore wind in the Irish Sea, steel manufacturers and the Société Cardiff.",
    "scotland": "Whisky distilling, life sciences and offshore oil and gas.",
    "black-country": "Advanced manufacturing of ceramics and metals; café quarter.",
    "greater-manchester": "Graphene research at the university.",
}


def hits(result: SearchResult) -> dict[str, int]:
    return {group.region: group.hits for group in result.regions}


def found(result: SearchResult) -> set[str]:
    return {group.region for group in result.regions}


@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("summaries")
    for region, words in WORDS.items():
        pages = 2 if region == "greater-manchester" else 1
        title = next(r.title for r in REGIONS if r.id == region)
        make_summary_pdf(
            folder / f"{region}.pdf", title=title, words=words, body_text="", pages=pages
        )
    return folder


@pytest.fixture
def cache(cache_dir: Path, pdf_dir: Path) -> Iterator[Cache]:
    store = Cache(cache_dir)
    for region in WORDS:
        store.import_pdf(region, pdf_dir / f"{region}.pdf")
    yield store
    store.close()


@pytest.fixture
def index(cache: Cache) -> Iterator[SearchIndex]:
    idx = SearchIndex.for_cache(cache, REGIONS)
    update_index(idx, sources_from_cache(cache))
    yield idx
    idx.close()


# -- query forms ---------------------------------------------------------------------------------
def test_all_words_must_match(index: SearchIndex) -> None:
    assert found(index.search("offshore turbines")) == {"humber"}
    assert found(index.search("wind")) == {
        "humber",
        "leeds-city-region",
        "greater-lincolnshire",
        "wales",
    }


def test_exact_phrase(index: SearchIndex) -> None:
    assert found(index.search('"offshore wind"')) == {"humber", "greater-lincolnshire", "wales"}
    assert found(index.search('"wind offshore"')) == set()


def test_prefix(index: SearchIndex) -> None:
    assert found(index.search("distil*")) == {"scotland"}
    assert found(index.search("turb*")) == {"humber"}
    assert found(index.search('"offshore wi"*')) == {"humber", "greater-lincolnshire", "wales"}


def test_or(index: SearchIndex) -> None:
    assert found(index.search("whisky OR ceramics")) == {"scotland", "black-country"}
    assert found(index.search("offshore whisky OR turbines")) == {"scotland", "humber"}


def test_exclusion(index: SearchIndex) -> None:
    assert found(index.search("offshore -gas")) == {"humber", "greater-lincolnshire", "wales"}
    assert found(index.search("offshore NOT gas")) == found(index.search("offshore -gas"))
    assert found(index.search('wind -"Irish Sea" -estuary')) == {
        "leeds-city-region",
        "greater-lincolnshire",
    }


def test_case_and_accents_are_ignored(index: SearchIndex) -> None:
    assert found(index.search("OFFSHORE Turbines")) == {"humber"}
    assert found(index.search("cafe")) == {"black-country"}
    assert found(index.search("CAFÉ")) == {"black-country"}
    assert found(index.search("societe")) == {"wales"}
    assert found(index.search("société cardiff")) == {"wales"}


def test_english_stemming(index: SearchIndex) -> None:
    # porter gives manufacturer, manufacturers and manufacturing the same stem
    assert found(index.search("manufacturer")) == {"black-country", "wales"}
    assert found(index.search("manufacturing")) == {"black-country", "wales"}
    assert found(index.search("sciences")) == found(index.search("science")) == {"scotland"}


def test_snippet_highlights_the_matching_words(index: SearchIndex) -> None:
    (page,) = index.search("manufacturer").regions[0].pages
    marked = [page.snippet[start:end] for start, end in page.spans]
    assert marked in (["manufacturing"], ["manufacturers"])
    (page,) = index.search('"offshore wind" estuary', Facets(nation="England")).pages[:1]
    assert sorted(page.snippet[s:e].lower() for s, e in page.spans) == [
        "estuary",
        "offshore wind",
    ]


def test_hit_counts_and_pages(index: SearchIndex) -> None:
    result = index.search("wind")
    counts = hits(result)
    assert counts["humber"] == 2  # "wind" twice on its page
    assert counts["wales"] == 1
    assert result.regions[0].region == "humber"  # most hits first
    manchester = index.search("graphene").regions[0]
    assert [p.page for p in manchester.pages] == [0, 1]
    assert manchester.hits == 2
    assert manchester.title == "Greater Manchester"


def test_a_large_result_is_cut_at_the_limit_but_every_page_counted(index: SearchIndex) -> None:
    result = index.search("graphene", limit=1)
    assert result.truncated
    (manchester,) = result.regions
    assert (len(manchester.pages), manchester.matched_pages, manchester.more_pages) == (1, 2, 1)
    assert not index.search("graphene").truncated


# -- facets --------------------------------------------------------------------------------------
def test_facets_narrow_the_search(index: SearchIndex) -> None:
    yorkshire = parse_facets(REGIONS, ons_region="Yorkshire and the Humber")
    # Greater Lincolnshire reaches into Yorkshire and the Humber as a secondary ONS region
    assert found(index.search('"offshore wind"', yorkshire)) == {"humber", "greater-lincolnshire"}
    assert found(index.search('"offshore wind"', Facets(nation="Wales"))) == {"wales"}
    assert found(index.search("offshore", Facets(body="Devolved"))) == {"wales", "scotland"}
    assert found(index.search("offshore", Facets(wave=NO_WAVE))) == {"wales", "scotland"}


def test_facets_combine_with_each_other(index: SearchIndex) -> None:
    lep_yorkshire = parse_facets(REGIONS, body="lep", ons_region="yorkshire & the humber")
    assert found(index.search("wind", lep_yorkshire)) == {
        "humber",
        "leeds-city-region",
        "greater-lincolnshire",
    }
    assert found(index.search("wind", parse_facets(REGIONS, body="MCA", wave="3"))) == set()
    wave1 = parse_facets(REGIONS, nation="england", wave="1")
    assert found(index.search("ceramics OR graphene", wave1)) == {
        "black-country",
        "greater-manchester",
    }
    assert found(index.search("ceramics", parse_facets(REGIONS, wave="2"))) == set()


def test_unknown_facet_values_are_refused_with_the_choices() -> None:
    with pytest.raises(SearchQueryError, match="Choose one of: LEP, MCA, Devolved"):
        parse_facets(REGIONS, body="council")
    with pytest.raises(SearchQueryError, match="Yorkshire and the Humber"):
        parse_facets(REGIONS, ons_region="Atlantis")
    with pytest.raises(SearchQueryError, match="1, 2, 3 or none"):
        parse_facets(REGIONS, wave="4")


# -- empty and malformed queries -----------------------------------------------------------------
@pytest.mark.parametrize("query", ["", "   ", "&& —"])
def test_empty_query_asks_for_words(index: SearchIndex, query: str) -> None:
    with pytest.raises(SearchQueryError, match="Type a word"):
        index.search(query)


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ('"offshore wind', "quotation mark"),
        ('wind "', "quotation mark"),
        ("OR", "'OR' needs a word on both sides"),
        ("OR wind", "'OR' needs a word on both sides"),
        ("wind OR", "'OR' needs a word on both sides"),
        ("wind OR OR solar", "'OR' needs a word on both sides"),
        ("AND", "'AND' needs a word"),
        ("wind -", "'-' must be followed by a word"),
        ("-", "'-' must be followed by a word"),
        ("*", "'*' must follow the start of a word"),
        ("wi*nd", "'*' goes at the end of a word"),
        ("wind OR -coal", "cannot be part of an OR"),
        ("-coal", "at least one word to find"),
        ("NOT coal", "at least one word to find"),
        ("wind NOT", "'NOT' must be followed by a word"),
        ("wind NOT OR coal", "'NOT' must be followed by a word"),
        ("wind\x00farm", "contains a NUL character"),
        ('"offshore\x00"', "contains a NUL character"),
        ("\udcffwind", "bytes that are not text"),  # from a command line that is not UTF-8
    ],
)
def test_malformed_queries_say_why(index: SearchIndex, query: str, reason: str) -> None:
    with pytest.raises(SearchQueryError, match=reason):
        index.search(query)
    assert found(index.search("whisky")) == {"scotland"}  # the index is unharmed


@pytest.mark.parametrize(
    ("query", "same_as"),
    [
        ("wind)", "wind"),
        ("(wind", "wind"),
        ("^wind", "wind"),
        ("{wind}", "wind"),
        ("wind; ", "wind"),
        ("body:wind", '"body wind"'),
        ("wind NEAR(", "wind near"),
        ("wind AND turbines", "wind turbines"),
    ],
)
def test_fts5_syntax_in_user_text_is_just_text(
    index: SearchIndex, query: str, same_as: str
) -> None:
    assert index.search(query).regions == index.search(same_as).regions


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.sampled_from(list('wind "-*ORAND()^:{}é ')), max_size=24))
def test_any_text_gives_results_or_a_clear_message(index: SearchIndex, query: str) -> None:
    outcome: SearchResult | SearchQueryError
    try:
        outcome = index.search(query)
    except SearchQueryError as exc:
        outcome = exc
    if isinstance(outcome, SearchQueryError):
        assert str(outcome).startswith(("Malformed query:", "Type a word", "A search needs"))
    else:
        assert outcome.total == len(WORDS)


def test_hit_phrases_are_the_words_as_written_on_the_page() -> None:
    text = "Our Offshore\nwind fleet; manufacturing at the Café. Coal is gone."
    assert hit_phrases(text, '"offshore wind" manufacturer cafe') == [
        "Offshore wind",
        "manufacturing",
        "Café",
    ]
    assert hit_phrases(text, "fleet -coal") == []  # the page does not match the search
    assert hit_phrases(text, "fleet OR hydrogen -nuclear") == ["fleet"]
    # once whatever its case: a viewer finding both would highlight each hit twice
    assert hit_phrases("Clean growth and clean growth; CLEAN GROWTH.", '"clean growth"') == [
        "Clean growth"
    ]


# -- extraction ----------------------------------------------------------------------------------
def test_text_comes_out_in_reading_order(tmp_path: Path) -> None:
    pdf = make_text_pdf(
        tmp_path / "order.pdf",
        [[(500, "Bottom paragraph drawn first."), (100, "Top paragraph drawn second.")]],
    )
    (text,) = extract_pages(pdf)
    assert text.index("Top paragraph") < text.index("Bottom paragraph")


@pytest.fixture
def host() -> PdfHost:
    return engine_for_test()  # stopped when the test ends


def test_the_pdf_host_reads_the_text_read_here(host: PdfHost, pdf_dir: Path) -> None:
    for path in sorted(pdf_dir.glob("*.pdf")):
        assert read_pages(host, path) == extract_pages(path)
    pages = read_pages(host, pdf_dir / "greater-manchester.pdf")
    assert [page.count("Graphene research") for page in pages] == [1, 1]


@pytest.mark.parametrize("in_host", [False, True], ids=["here", "host"])
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (make_damaged_pdf, "'bad.pdf' cannot be opened for search."),
        (make_encrypted_pdf, "'bad.pdf' is protected by a password."),
        (make_bad_page_pdf, "The text of 'bad.pdf' cannot be read."),
    ],
)
def test_an_unreadable_summary_is_told_the_same_by_both_engines(
    tmp_path: Path, make: Callable[[Path], Path], message: str, in_host: bool
) -> None:
    path = make(tmp_path / "bad.pdf")
    engine: PdfEngine = engine_for_test() if in_host else LocalEngine()
    with pytest.raises(InvalidPdfError) as raised:
        read_pages(engine, path)
    assert str(raised.value) == message
    assert read_pages(engine, make_zero_page_pdf(tmp_path / "empty.pdf")) == []


def test_a_pdf_host_that_was_stopped_fails_the_pass_not_the_summary(
    cache: Cache, pdf_dir: Path
) -> None:
    engine = engine_for_test()
    engine.stop()  # the window is closing
    index = SearchIndex.for_cache(cache, REGIONS)
    with pytest.raises(SearchIndexError, match="was not indexed: The PDF viewer was closed"):
        update_index(index, sources_from_cache(cache), extract=engine_extractor(engine))
    assert index.hit_counts([]).unreadable == {}  # nothing stored as the summary's error


def test_a_phrase_broken_across_lines_is_found(cache_dir: Path, tmp_path: Path) -> None:
    long = "word " * 17 + "offshore wind " + "filler " * 30
    pdf = make_summary_pdf(tmp_path / "wrap.pdf", words=long, body_text="")
    cache = Cache(cache_dir)
    cache.import_pdf("humber", pdf)
    index = SearchIndex.for_cache(cache, REGIONS)
    update_index(index, sources_from_cache(cache))
    assert found(index.search('"offshore wind filler"')) == {"humber"}


# -- the index over time -------------------------------------------------------------------------
def test_reindexing_only_touches_changed_summaries(
    cache: Cache, index: SearchIndex, tmp_path: Path
) -> None:
    assert update_index(index, sources_from_cache(cache)).indexed == []
    new = make_summary_pdf(tmp_path / "new.pdf", words="Hydrogen valley.", body_text="")
    cache.import_pdf("humber", new)
    report = update_index(index, sources_from_cache(cache))
    assert report.indexed == ["humber"]
    assert found(index.search("hydrogen")) == {"humber"}
    assert found(index.search("turbines")) == set()


def test_a_summary_that_goes_away_leaves_the_index(cache: Cache, index: SearchIndex) -> None:
    cache.mark("scotland", Offline.CORRUPT, "changed on disk")
    report = update_index(index, sources_from_cache(cache))
    assert report.removed == ["scotland"]
    assert found(index.search("whisky")) == set()


def test_search_during_indexing_is_partial_and_says_so(cache: Cache) -> None:
    index = SearchIndex.for_cache(cache, REGIONS)
    seen: list[SearchResult] = []

    def progress(done: int, total: int, region: str) -> None:
        if done == 3:
            seen.append(index.search("offshore"))

    report = update_index(index, sources_from_cache(cache), progress, cancelled=lambda: bool(seen))
    assert report.cancelled
    (partial,) = seen
    assert (partial.indexed, partial.total, partial.complete) == (3, len(WORDS), False)
    assert found(partial) < {"humber", "greater-lincolnshire", "wales", "scotland"}
    update_index(index, sources_from_cache(cache))
    full = index.search("offshore")
    assert full.complete
    assert found(full) == {"humber", "greater-lincolnshire", "wales", "scotland"}


def test_the_index_survives_a_restart(cache: Cache, index: SearchIndex) -> None:
    index.close()
    again = SearchIndex.for_cache(cache, REGIONS)
    assert again.stale() == []
    result = again.search("graphene")
    assert result.complete
    assert found(result) == {"greater-manchester"}


def test_a_deleted_index_is_rebuilt(cache: Cache, index: SearchIndex) -> None:
    assert not index.needs_update
    cache.search_index_path.unlink()
    result = index.search("whisky")  # the open index notices the file went away
    assert (found(result), result.total) == (set(), 0)
    assert index.needs_update  # and says it must be filled again
    assert len(update_index(index, sources_from_cache(cache)).indexed) == len(WORDS)
    assert found(index.search("whisky")) == {"scotland"}
    assert cache.search_index_path.is_file()


def test_garbage_written_over_an_open_index_is_survived(cache: Cache, index: SearchIndex) -> None:
    path = cache.search_index_path
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.write(b"\xba\xad" * (size // 2))
    outcome = index.search("whisky")  # rebuilt empty, or served from what SQLite already read
    assert found(outcome) <= {"scotland"}
    update_index(index, sources_from_cache(cache))
    assert found(index.search("whisky")) == {"scotland"}


@pytest.mark.parametrize("damage", ["garbage", "truncated", "version"])
def test_a_damaged_index_is_rebuilt(cache: Cache, index: SearchIndex, damage: str) -> None:
    index.close()
    path = cache.search_index_path
    if damage == "garbage":
        path.write_bytes(b"\x00garbage\xff" * 5000)
    elif damage == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3] + b"\xde\xad" * 3000)
    else:
        with sqlite3.connect(path) as db:
            db.execute("PRAGMA user_version = 99")
    fresh = SearchIndex.for_cache(cache, REGIONS)
    assert fresh.stale() == []  # nothing is wanted yet: the old, damaged content is gone
    assert fresh.needs_update
    update_index(fresh, sources_from_cache(cache))
    assert found(fresh.search("whisky")) == {"scotland"}
    fresh.close()
    with sqlite3.connect(path) as db:  # the rebuilt file is a sound database again
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_unreadable_summary_is_reported_and_the_rest_indexed(
    cache: Cache, cache_dir: Path
) -> None:
    broken = cache.pdf_path("wales")
    assert broken is not None
    broken.write_bytes(b"%PDF-1.7\nthis is not a pdf any more")
    index = SearchIndex.for_cache(cache, REGIONS)
    report = update_index(index, sources_from_cache(cache))
    assert list(report.failed) == ["wales"]
    assert "wales.pdf" in report.failed["wales"]
    assert found(index.search("offshore")) == {"humber", "greater-lincolnshire", "scotland"}
    assert update_index(index, sources_from_cache(cache)).indexed == []  # not retried forever


def test_an_index_that_cannot_be_written_is_kept_in_memory(cache: Cache, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("in the way")
    index = SearchIndex(blocker / "search.sqlite3", REGIONS)
    update_index(index, sources_from_cache(cache))
    assert found(index.search("whisky")) == {"scotland"}
    assert index.path is None  # said in the log; nothing written anywhere
    assert blocker.read_text() == "in the way"
