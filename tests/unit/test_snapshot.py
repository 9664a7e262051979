"""The bundled snapshot: 41 regions with stable ids, and the publication as GOV.UK lists it."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from lis_desktop.content import snapshot
from lis_desktop.domain import slugify


def test_snapshot_has_41_regions_by_nation() -> None:
    regions = snapshot.load_regions()
    assert len(regions) == 41
    assert Counter(r.nation for r in regions) == {
        "England": 38,
        "Scotland": 1,
        "Wales": 1,
        "Northern Ireland": 1,
    }


def test_region_ids_are_unique_stable_slugs() -> None:
    regions = snapshot.load_regions()
    ids = [r.id for r in regions]
    assert len(set(ids)) == 41
    for region in regions:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", region.id)
        assert region.id == slugify(region.title)
    assert {"black-country", "northern-ireland"} <= set(ids)
    assert "cambridge-peterborough-combined-authority-business-board" in ids
    assert "derby-derbyshire-nottingham-nottinghamshire" in ids


def test_region_facts_match_the_design_table() -> None:
    by_id = {r.id: r for r in snapshot.load_regions()}
    assert by_id["greater-manchester"].body == "MCA"
    assert by_id["greater-manchester"].wave == 1
    assert by_id["sheffield-city-region"].ons_regions == (
        "Yorkshire and the Humber",
        "East Midlands",
    )
    assert by_id["scotland"].body == "Devolved"
    assert by_id["scotland"].wave is None
    assert by_id["wales"].ons_regions == ()
    assert sum(1 for r in by_id.values() if r.body == "MCA") == 6


def test_publication_dates_history_and_attachments() -> None:
    pub = snapshot.load_publication()
    assert pub.title == "Local Industrial Strategies to drive growth across the country"
    assert pub.published == date(2018, 12, 3)
    assert pub.updated == date(2018, 12, 6)
    notes = [(n.date, n.note) for n in pub.history_newest_first()]
    assert notes == [
        (date(2018, 12, 6), "Industrial Strategy local summaries added."),
        (date(2018, 12, 3), "First published."),
    ]
    assert len(pub.attachments) == 41
    black_country = pub.attachment_for("black-country")
    assert black_country is not None
    assert black_country.listing() == "PDF, 298KB, 1 page"
    assert pub.attachment_for("heart-of-the-south-west").size_text == "300KB"  # type: ignore[union-attr]
    quotes = [b.text for b in pub.body if b.kind == "quote"]
    assert quotes[0].startswith("We know that growth does not happen in the abstract")
    assert {a.region for a in pub.attachments} == {r.id for r in snapshot.load_regions()}
