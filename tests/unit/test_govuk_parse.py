"""Reading what GOV.UK sends: Content API JSON and body HTML into the story the app shows."""

from __future__ import annotations

import contextlib
import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lis_desktop.content import snapshot
from lis_desktop.content.parse import (
    match_regions,
    merge_attachments,
    parse_body,
    parse_content_item,
    parse_details_attachments,
    parse_timestamp,
)
from lis_desktop.domain import Attachment
from lis_desktop.errors import ApiFormatError
from support.govuk_server import SHAPES, GovukServer

REGIONS = snapshot.load_regions()
FALLBACK = snapshot.load_publication()
API = "https://www.gov.uk/api/content/government/news/x"


def parse(data: object) -> Any:
    return parse_content_item(data, regions=REGIONS, fallback=FALLBACK, api_url=API)


@pytest.mark.parametrize(
    "value",
    [
        "2018-12-06T10:15:31.000+00:00",
        "2018-12-06T10:15:31Z",
        "2018-12-06T10:15:31+01:00",
        "2018-12-06 10:15",
        "2018-12-06",
        "20181206T101531Z",
        " 2018-12-06T10:15:31.123456789Z ",
    ],
)
def test_timestamps_in_several_iso_forms(value: str) -> None:
    assert parse_timestamp(value) == date(2018, 12, 6)


@pytest.mark.parametrize("value", [None, 42, "", "yesterday", "2018-13-45", ["2018-12-06"]])
def test_unusable_timestamps_are_none(value: object) -> None:
    assert parse_timestamp(value) is None


def test_body_blocks_with_quotes_and_inline_attachments() -> None:
    html = (
        "<p>Business Secretary Greg Clark said:</p>"
        "<blockquote><p>We know that growth</p><p>does not happen &amp; in the abstract.</p>"
        "</blockquote><h2>Industrial Strategy: local summaries</h2>"
        '<p><span id="attachment_1" class="attachment-inline"><a href="/media/a/black.pdf">'
        'Black Country</a> (<span class="type"><abbr title="Portable Document Format">PDF'
        '</abbr></span>, <span class="file-size">298KB</span>, <span class="page-length">1 page'
        "</span>)</span></p><ul><li>one<br>point</li></ul><script>alert(1)</script>"
        "<h2>Industrial Strategy: local summaries</h2>"
    )
    blocks, attachments = parse_body(html, "https://www.gov.uk")
    assert [(b.kind, b.text) for b in blocks] == [
        ("p", "Business Secretary Greg Clark said:"),
        ("quote", "We know that growth"),
        ("quote", "does not happen & in the abstract."),
        ("h", "Industrial Strategy: local summaries"),
        ("li", "one point"),
    ]
    assert attachments == [
        Attachment(
            title="Black Country",
            url="https://www.gov.uk/media/a/black.pdf",
            size=298 * 1024,
            size_text="298KB",
            pages=1,
            format="PDF",
            filename="black.pdf",
        )
    ]


def test_gem_attachment_component(govuk_server: GovukServer) -> None:
    govuk_server.shape = "gem"
    html = govuk_server.content_item()["details"]["body"]
    blocks, attachments = parse_body(html, govuk_server.origin)
    assert len(attachments) == 41
    first = attachments[0]
    assert first.title == "Black Country"
    assert first.url == govuk_server.origin + govuk_server.path_of("black-country")
    assert first.pages == 1
    assert first.size_text is not None
    assert first.size_text.endswith("KB")
    assert all("PDF" not in b.text for b in blocks)  # component text is not body text


def test_details_entries_of_any_type_are_kept_or_skipped() -> None:
    entries = [
        {
            "title": "Wales",
            "url": "https://assets.publishing.service.gov.uk/media/1/w.pdf",
            "file_size": 303104,
            "number_of_pages": 1,
            "content_type": "application/pdf",
        },
        {"title": "Scotland", "url": "/media/2/s.pdf", "file_size": "12", "number_of_pages": True},
        {"title": None, "url": "https://x/y.pdf"},
        {"title": "No link"},
        "not a dict",
        {"title": ["Wales"], "url": 7},
    ]
    found = parse_details_attachments(entries, "https://www.gov.uk")
    assert [(a.title, a.url, a.size, a.pages) for a in found] == [
        ("Wales", "https://assets.publishing.service.gov.uk/media/1/w.pdf", 303104, 1),
        ("Scotland", "https://www.gov.uk/media/2/s.pdf", 12, None),
    ]
    assert parse_details_attachments({"title": "x"}) == []


def test_merge_by_url_or_title_fills_missing_fields() -> None:
    listed = [Attachment("Cheshire & Warrington", url="https://a/new.pdf", size=10)]
    embedded = [
        Attachment("Cheshire and Warrington", url="https://a/old.pdf", size_text="296KB", pages=1),
        Attachment("Wales", url="https://a/new.pdf#x", pages=1),  # same URL: same attachment
        Attachment("Scotland", url="https://a/s.pdf"),
    ]
    merged = merge_attachments(listed, embedded)
    assert [(a.title, a.url, a.size, a.size_text, a.pages) for a in merged] == [
        ("Cheshire & Warrington", "https://a/new.pdf", 10, "296KB", 1),
        ("Scotland", "https://a/s.pdf", None, None, None),
    ]


def test_regions_matched_by_normalised_title() -> None:
    matched = match_regions(
        [
            Attachment("Cambridge and Peterborough Combined Authority Business Board"),
            Attachment("STOKE-ON-TRENT & STAFFORDSHIRE"),
            Attachment("Isle of Wight"),
        ],
        REGIONS,
    )
    assert [a.region for a in matched] == [
        "cambridge-peterborough-combined-authority-business-board",
        "stoke-on-trent-staffordshire",
        None,
    ]


@pytest.mark.parametrize("shape", SHAPES)
def test_content_item_in_every_shape(govuk_server: GovukServer, shape: str) -> None:
    govuk_server.shape = shape
    govuk_server.history.reverse()  # order is not guaranteed
    result = parse_content_item(
        govuk_server.content_item(),
        regions=REGIONS,
        fallback=FALLBACK,
        api_url=govuk_server.api_url,
    )
    pub = result.publication
    assert result.warnings == ()
    assert pub.title == FALLBACK.title
    assert (pub.published, pub.updated) == (date(2018, 12, 3), date(2018, 12, 6))
    assert sorted(a.region or "" for a in pub.attachments) == sorted(r.id for r in REGIONS)
    assert all(a.url and a.url.startswith(govuk_server.origin) for a in pub.attachments)
    assert [n.note for n in pub.history] == [
        "Industrial Strategy local summaries added.",
        "First published.",
    ]
    assert [b.kind for b in pub.body].count("quote") == 2
    assert pub.url == FALLBACK.url


def test_missing_null_and_wrong_typed_fields_fall_back(govuk_server: GovukServer) -> None:
    item = govuk_server.content_item()
    item.update(title=None, first_published_at=42, public_updated_at=["x"], description=7)
    item["base_path"] = "//evil.example/phish"
    item["details"]["change_history"] = [{"note": 5}, "x", {"public_timestamp": None}]
    item["details"]["body"] = {"html": "no"}
    result = parse(item)
    pub = result.publication
    assert (pub.title, pub.published, pub.updated) == (
        FALLBACK.title,
        FALLBACK.published,
        FALLBACK.updated,
    )
    assert pub.history == FALLBACK.history
    assert pub.body == FALLBACK.body
    assert pub.url == FALLBACK.url
    assert len(pub.attachments) == 41
    assert any("title" in w for w in result.warnings)
    assert any("change history" in w for w in result.warnings)


@pytest.mark.parametrize(
    "data",
    [None, [], "text", 3, {}, {"details": None}, {"details": {"attachments": None, "body": ""}}],
)
def test_not_the_story_is_a_typed_error(data: object) -> None:
    with pytest.raises(ApiFormatError, match=r"GOV\.UK"):
        parse(data)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = ["title", "first_published_at", "public_updated_at", "details", "base_path", "description"]
DETAIL_FIELDS = ["body", "attachments", "change_history"]


@settings(max_examples=150, deadline=None)
@given(data=JSON)
def test_any_json_parses_or_raises_the_typed_error(data: object) -> None:
    with contextlib.suppress(ApiFormatError):
        parse(data)


@settings(max_examples=150, deadline=None)
@given(
    top=st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=4),
    details=st.dictionaries(st.sampled_from(DETAIL_FIELDS), JSON, max_size=3),
)
def test_damaged_real_items_parse_or_raise_the_typed_error(
    top: dict[str, Any], details: dict[str, Any]
) -> None:
    item: dict[str, Any] = json.loads(json.dumps(REAL_ITEM))
    item["details"].update(details)
    item.update(top)
    try:
        result = parse(item)
    except ApiFormatError:
        return
    assert result.publication.attachments
    assert all(a.url for a in result.publication.attachments)


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("<>/=\"' abcpspan&;#x1-")) | st.characters(), max_size=200
    )
)
def test_any_body_html_parses(html: str) -> None:
    blocks, attachments = parse_body(html)
    assert all(b.text for b in blocks)
    assert all(a.title and a.url for a in attachments)


REAL_ITEM: dict[str, Any] = {
    "title": "Local Industrial Strategies to drive growth across the country",
    "first_published_at": "2018-12-03T00:01:00.000+00:00",
    "public_updated_at": "2018-12-06T10:15:31Z",
    "details": {
        "body": (
            '<p>Text</p><p><span class="attachment-inline"><a href="/media/1/wales.pdf">Wales</a>'
            ' (<span class="file-size">296KB</span>, <span class="page-length">1 page</span>)'
            "</span></p>"
        ),
        "attachments": [{"title": "Scotland", "url": "https://www.gov.uk/media/2/s.pdf"}],
        "change_history": [
            {"public_timestamp": "2018-12-03T00:01:00Z", "note": "First published."}
        ],
    },
}
