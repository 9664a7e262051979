"""Find, search terms and selection on page words, without Qt or PyMuPDF."""

from __future__ import annotations

from lis_desktop.pdf.page_text import (
    find_in_words,
    joined_text,
    line_runs,
    nearest_word,
    runs_rects,
    search_terms,
    selected_text,
    word_rects,
)


def words(*lines: str) -> list[tuple[float, float, float, float, str, int, int, int]]:
    """Words laid out 10 points per character, one line every 20 points."""
    out = []
    for line_no, line in enumerate(lines):
        x = 0.0
        for word_no, text in enumerate(line.split()):
            out.append((x, line_no * 20.0, x + 10 * len(text), line_no * 20.0 + 12, text, 0,
                        line_no, word_no))  # fmt: skip
            x += 10 * len(text) + 10
    return out


PAGE = words("Offshore wind power", "WIND farms and windy days")


def test_joined_text_keeps_lines() -> None:
    text, spans = joined_text(PAGE)
    assert text == "Offshore wind power\nWIND farms and windy days"
    assert text[spans[3][0] : spans[3][1]] == "WIND"


def test_find_ignores_case_by_default_and_finds_parts_of_words() -> None:
    hits = find_in_words(PAGE, "wind")
    assert len(hits) == 3
    assert hits[2] == ((150.0, 20.0, 190.0, 32.0),)  # "wind" of "windy": 4 of its 5 letters


def test_match_case_and_whole_words() -> None:
    assert len(find_in_words(PAGE, "WIND", match_case=True)) == 1
    assert len(find_in_words(PAGE, "wind", whole_words=True)) == 2
    assert find_in_words(PAGE, "win", whole_words=True) == []


def test_a_phrase_across_a_line_break_gives_one_rect_per_line() -> None:
    hits = find_in_words(PAGE, "power wind")
    assert len(hits) == 1
    assert len(hits[0]) == 2


def test_search_terms_keep_phrases_and_drop_operators() -> None:
    assert search_terms('"offshore wind" OR ceramics AND -games*') == [
        "offshore wind",
        "ceramics",
        "games",
    ]
    assert search_terms("   ") == []


def test_selection_text_and_rects_in_reading_order() -> None:
    first = nearest_word(PAGE, 95, 5)  # on "wind"
    last = nearest_word(PAGE, 75, 25)  # on "farms"
    assert selected_text(PAGE, first, last) == "wind power\nWIND farms"
    assert word_rects(PAGE, first, last) == [(90.0, 0.0, 190.0, 12.0), (0.0, 20.0, 100.0, 32.0)]
    assert nearest_word([], 0, 0) == -1


def test_words_set_each_on_a_line_of_its_own_are_one_rect_per_row() -> None:
    # Two rows of three short words, every word a "line" of its own (as on some generated pages).
    page = [
        (col * 20.0, row * 10.0, col * 20.0 + 8, row * 10.0 + 4, f"w{n}", 0, n, 0)
        for n, (row, col) in enumerate((r, c) for r in range(2) for c in range(3))
    ]
    assert word_rects(page, 0, 5) == [(0.0, 0.0, 48.0, 4.0), (0.0, 10.0, 48.0, 14.0)]
    assert word_rects(page, 1, 4) == [(20.0, 0.0, 48.0, 4.0), (0.0, 10.0, 28.0, 14.0)]


def test_distant_words_on_one_row_keep_their_own_rects() -> None:
    # A table row: two cells far apart (more than three word heights) are not joined.
    page = [(0.0, 0.0, 30.0, 10.0, "Region", 0, 0, 0), (200.0, 0.0, 230.0, 10.0, "42", 1, 0, 0)]
    assert word_rects(page, 0, 1) == [(0.0, 0.0, 30.0, 10.0), (200.0, 0.0, 230.0, 10.0)]


def test_rects_from_the_page_runs_are_those_of_the_selected_words() -> None:
    grid = [
        (col * 20.0, row * 10.0, col * 20.0 + 8, row * 10.0 + 4, f"w{n}", 0, n, 0)
        for n, (row, col) in enumerate((r, c) for r in range(3) for c in range(4))
    ]
    for page in (PAGE, grid):
        runs = line_runs(page)
        for first in range(len(page)):
            for last in range(first, len(page)):
                assert runs_rects(page, runs, first, last) == word_rects(page, first, last)
    assert len(line_runs(grid)) == 3
