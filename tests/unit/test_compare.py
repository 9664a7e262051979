"""Comparing two summaries, without Qt: the content words two texts share and those only one
has (stemmed as the search index stems them, stop words and numbers left out), where those
words sit on the pages, and the arithmetic of two locked panes (their offsets and zoom ratio,
when they stack)."""

from __future__ import annotations

import pytest

from lis_desktop.pdf.page_text import Word
from lis_desktop.search import index
from lis_desktop.search.compare import (
    TOKENIZER,
    compare_pages,
    compare_texts,
    content_tokens,
    stems,
)
from lis_desktop.ui.compare.alignment import STACK_BELOW, Alignment, Zoom, stacked
from lis_desktop.ui.viewer.geometry import PageGeometry
from support.imports import qt_loaded_by

A4 = (595.0, 842.0)


def words(*texts: str, y: float = 100.0) -> tuple[Word, ...]:
    """PyMuPDF-like words on one line, 60 points apart."""
    return tuple(
        (50.0 + 60 * i, y, 100.0 + 60 * i, y + 12, text, 0, 0, i) for i, text in enumerate(texts)
    )


def box(word: Word) -> tuple[float, float, float, float]:
    return word[0], word[1], word[2], word[3]


# -- words ----------------------------------------------------------------------------------
def test_shared_and_unique_words_of_two_known_texts() -> None:
    result = compare_texts(
        "Offshore wind and advanced manufacturing: the universities of the region.",
        "The manufacturers build wind turbines, and a university trains engineers.",
    )
    assert set(result.shared) == {"wind", "manufacturing", "universities"}
    assert set(result.only_first) == {"offshore", "advanced", "region"}
    assert set(result.only_second) == {"build", "turbines", "trains", "engineers"}


def test_stop_words_numbers_and_page_furniture_are_no_content_words() -> None:
    assert content_tokens("The 2030 target and our £1.2bn fund, Page 3") == [
        "target", "2bn", "fund",
    ]  # fmt: skip
    result = compare_texts("the and of 2018 page", "THE AND OF 2018 Page")
    assert result.shared == result.only_first == result.only_second == ()


def test_case_and_accents_do_not_matter_and_the_commonest_form_is_shown() -> None:
    result = compare_texts("Café CAFÉ cafés", "cafe")
    assert result.shared == ("cafe",)
    result = compare_texts("wind wind Winds", "winds")
    assert result.shared == ("wind",)


def test_shared_words_are_listed_most_frequent_first() -> None:
    result = compare_texts("wind wind wind steel ceramics", "ceramics wind steel steel")
    assert result.shared == ("wind", "steel", "ceramics")


@pytest.mark.parametrize(
    ("written", "searched"),
    [
        ("manufacturers", "manufacturing"),
        ("universities", "university"),
        ("Café", "cafe"),
        ("innovation", "innovative"),
        ("skills", "skilled"),
        ("energy", "energetic"),
    ],
)
def test_words_are_stemmed_as_the_search_index_stems_them(written: str, searched: str) -> None:
    """A word counts as shared exactly when a search for one finds the other."""
    assert TOKENIZER == index.TOKENIZER
    same_stem = stems([written.lower()])[written.lower()] == stems([searched])[searched]
    found = bool(index.hit_phrases(written, searched))
    assert same_stem == found
    assert bool(compare_texts(written, searched).shared) == found


# -- on the pages ---------------------------------------------------------------------------
def test_a_word_in_both_is_marked_in_both_and_a_word_in_one_only_there() -> None:
    first = {0: words("Offshore", "wind", "and", "ceramics")}
    second = {0: words("Wind", "farms")}
    result = compare_pages(first, second)
    assert result.comparable
    assert result.first.shared == {0: (box(first[0][1]),)}
    assert result.first.unique == {0: (box(first[0][0]), box(first[0][3]))}  # "and" is no word
    assert result.second.shared == {0: (box(second[0][0]),)}
    assert result.second.unique == {0: (box(second[0][1]),)}
    assert (result.first.shared_count, result.first.unique_count) == (1, 2)
    assert result.words.only_first == ("ceramics", "offshore")


def test_words_on_later_pages_of_multi_page_documents_are_marked_there() -> None:
    first = {0: words("Steel"), 1: words("Hydrogen", "valleys"), 2: words("Steel")}
    second = {0: words("hydrogen")}
    result = compare_pages(first, second)
    assert result.first.shared == {1: (box(first[1][0]),)}
    assert result.first.unique == {0: (box(first[0][0]),), 1: (box(first[1][1]),),
                                   2: (box(first[2][0]),)}  # fmt: skip
    assert result.first.pages == 3


def test_a_word_joining_a_shared_part_counts_as_shared() -> None:
    result = compare_pages({0: words("co-operation")}, {0: words("operation")})
    assert result.first.shared == {0: (box(words("co-operation")[0]),)}


def test_pages_without_text_are_named_and_a_document_without_text_marks_nothing() -> None:
    partly = {0: words("Steel"), 1: (), 2: words(" ")}
    result = compare_pages(partly, {0: words("steel")})
    assert result.first.pages_without_text == (1, 2)
    assert result.first.has_text
    scanned = compare_pages({0: words("Steel", "hydrogen")}, {0: (), 1: ()})
    assert not scanned.comparable
    assert not scanned.second.has_text
    assert scanned.first.shared == scanned.first.unique == {}
    assert scanned.words.shared == scanned.words.only_first == ()


# -- two locked panes -----------------------------------------------------------------------
def test_aligned_panes_follow_each_other_at_the_same_place_and_zoom() -> None:
    aligned = Alignment()
    assert aligned.place_for((0.1, 1.25), leader_is_first=True) == (0.1, 1.25)
    assert aligned.zoom_for(Zoom("width", 0.8), True) == Zoom("width", 0.8)
    assert aligned.zoom_for(Zoom("free", 1.5), False) == Zoom("free", 1.5)


def test_re_aligned_panes_keep_their_offset_and_zoom_ratio_both_ways() -> None:
    aligned = Alignment.between((0.0, 0.5), (0.2, 1.75), Zoom("free", 1.0), Zoom("free", 2.0))
    assert aligned.place_for((0.0, 2.0), leader_is_first=True) == pytest.approx((0.2, 3.25))
    assert aligned.place_for((0.2, 3.25), leader_is_first=False) == pytest.approx((0.0, 2.0))
    assert aligned.zoom_for(Zoom("free", 1.5), True) == Zoom("free", 3.0)
    assert aligned.zoom_for(Zoom("free", 3.0), False) == Zoom("free", 1.5)
    assert aligned.zoom_for(Zoom("width", 0.5), True) == Zoom("free", 1.0)  # fit: ratio kept


def test_panes_fitting_the_same_way_keep_fitting_whatever_their_zooms() -> None:
    aligned = Alignment.between((0, 0), (0, 1), Zoom("width", 0.7), Zoom("width", 0.5))
    assert aligned.ratio == 1.0
    assert aligned.zoom_for(Zoom("page", 0.4), True) == Zoom("page", 0.4)


def test_narrow_comparisons_stack() -> None:
    assert stacked(STACK_BELOW - 1)
    assert not stacked(STACK_BELOW)


@pytest.mark.parametrize("zoom", [0.5, 1.0, 2.0])
@pytest.mark.parametrize("rotation", [0, 90])
def test_a_place_in_page_units_is_the_same_spot_at_any_zoom(zoom: float, rotation: int) -> None:
    sizes = [A4, A4, (842.0, 595.0)]
    here = PageGeometry(sizes, 1.0, rotation, 1.0, 800)
    there = PageGeometry(sizes, zoom, rotation, 2.0, 800)
    box = here.boxes[1]
    spot = here.relative_spot(box.x + box.width / 4, box.y + box.height / 2)
    assert spot == pytest.approx((0.25, 1.5))
    x, y = there.from_relative(*spot)
    other = there.boxes[1]
    assert (x, y) == pytest.approx((other.x + other.width / 4, other.y + other.height / 2))
    assert there.relative_spot(x, y) == pytest.approx(spot)


def test_places_beyond_the_pages_stay_on_the_nearest_page() -> None:
    geometry = PageGeometry([A4, A4], 1.0, 0, 1.0, 800)
    last = geometry.boxes[1]
    assert geometry.from_relative(0.0, 7.5)[1] == pytest.approx(last.y + 6.5 * last.height)
    assert geometry.relative_spot(0, 0)[1] < 0  # in the margin above the first page
    assert PageGeometry([], 1.0, 0, 1.0, 800).relative_spot(5, 5) == (0.0, 0.0)


def test_the_comparisons_arithmetic_and_words_load_no_qt() -> None:
    assert qt_loaded_by("lis_desktop.ui.compare.alignment", "lis_desktop.search.compare") == []
