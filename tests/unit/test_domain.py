"""Pure functions: the tree filter's matching, sizes and dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lis_desktop.content import snapshot
from lis_desktop.domain import (
    filter_matches,
    format_date,
    normalise_title,
    parse_size,
    region_matches,
    slugify,
)

REGIONS = snapshot.load_regions()


def titles_matching(query: str) -> list[str]:
    return [r.title for r in REGIONS if region_matches(r, query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cheshire and warrington", ["Cheshire & Warrington"]),
        ("Cheshire & Warrington", ["Cheshire & Warrington"]),
        ("CHESHIRE", ["Cheshire & Warrington"]),
        ("manc", ["Greater Manchester"]),
        ("stoke on trent", ["Stoke-on-Trent & Staffordshire"]),
        ("Stóke-ón", ["Stoke-on-Trent & Staffordshire"]),
        ("york east", ["York, North Yorkshire & East Riding"]),
        ("derby, notting", ["Derby, Derbyshire, Nottingham & Nottinghamshire"]),
    ],
)
def test_filter_ignores_case_accents_punctuation_and_ampersand(
    query: str, expected: list[str]
) -> None:
    assert titles_matching(query) == expected


def test_filter_partial_words_match_several() -> None:
    assert titles_matching("north") == [
        "North East",
        "York, North Yorkshire & East Riding",
        "Northern Ireland",
    ]


def test_filter_without_match_and_empty_filter() -> None:
    assert titles_matching("atlantis") == []
    assert len(titles_matching("")) == 41
    assert len(titles_matching("  &  ")) == 41


@given(st.text())
def test_filter_never_raises_and_title_matches_itself(text: str) -> None:
    filter_matches(text, "Cheshire & Warrington")
    assert filter_matches(text, text)


def test_slugs_follow_the_design_rule() -> None:
    assert slugify("Cambridge & Peterborough Combined Authority Business Board") == (
        "cambridge-peterborough-combined-authority-business-board"
    )
    assert slugify("Stoke-on-Trent & Staffordshire") == "stoke-on-trent-staffordshire"


def test_normalised_titles_match_across_spellings() -> None:
    assert normalise_title("Cheshire and Warrington") == normalise_title("Cheshire & Warrington")
    assert normalise_title("  York, North Yorkshire & East Riding ") == normalise_title(
        "York North Yorkshire and East Riding"
    )


def test_sizes_and_dates() -> None:
    assert parse_size("298KB") == 298 * 1024
    assert parse_size("1.5MB") == 1572864
    assert parse_size("lots") is None
    assert format_date(date(2018, 12, 3)) == "3 December 2018"
