"""Hostile Content API responses: the parser's work stays linear and bounded (attachments, history,
HTML depth, JSON depth, a deadline), hidden characters are stripped, and a response for another
item is refused before anything is replaced."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lis_desktop.content import govuk, parse, snapshot
from lis_desktop.content.parse import (
    MAX_ATTACHMENTS,
    check_identity,
    merge_attachments,
    parse_body,
    parse_content_item,
)
from lis_desktop.domain import Attachment
from lis_desktop.errors import ApiFormatError

REGIONS = snapshot.load_regions()
FALLBACK = snapshot.load_publication()
API = govuk.API_URL


def item(attachments: list[dict[str, Any]], **top: Any) -> dict[str, Any]:
    return {
        "base_path": govuk.STORY_BASE_PATH,
        "title": "Local Industrial Strategies",
        "details": {"body": "<p>Text</p>", "attachments": attachments},
        **top,
    }


def attachments(count: int) -> list[dict[str, Any]]:
    return [{"title": f"Annex {n}", "url": f"/media/{n}/annex.pdf"} for n in range(count)]


def test_merging_attachments_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = parse.normalise_title

    def counting(text: str) -> str:
        nonlocal calls
        calls += 1
        return real(text)

    monkeypatch.setattr(parse, "normalise_title", counting)
    listed = [Attachment(f"Annex {n}", f"https://x/{n}.pdf") for n in range(3000)]
    embedded = [Attachment(f"annex {n}", None, size=n) for n in range(3000)]
    merged = merge_attachments(listed, embedded)
    assert len(merged) == 3000
    assert merged[7].size == 7  # filled from the entry with the same normalised title
    assert calls == 6000  # one key per entry (the quadratic merge compared every pair)


def test_more_attachments_than_the_cap_are_read_up_to_it_with_a_warning() -> None:
    result = parse_content_item(
        item(attachments(MAX_ATTACHMENTS + 500)), regions=REGIONS, fallback=FALLBACK, api_url=API
    )
    assert len(result.publication.attachments) == MAX_ATTACHMENTS
    assert any(f"more than {MAX_ATTACHMENTS} attachments" in w for w in result.warnings)


def test_a_parse_that_takes_too_long_is_a_format_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse, "PARSE_SECONDS", -1.0)
    with pytest.raises(ApiFormatError, match="could not be read within -1 seconds"):
        parse_content_item(item(attachments(10)), regions=REGIONS, fallback=FALLBACK, api_url=API)


def test_deeply_nested_html_is_read_as_text() -> None:
    depth = 20_000
    html = "<div>" * depth + "deep text" + "</div>" * depth + "<p>after</p>"
    blocks, _ = parse_body(html)
    assert [b.text for b in blocks] == ["deep text", "after"]


@pytest.mark.parametrize(("depth", "refused"), [(64, False), (65, True), (100_000, True)])
def test_json_nested_too_deep_is_refused_before_decoding(depth: int, refused: bool) -> None:
    body = b'{"a": ' * depth + b"1" + b"}" * depth
    if refused:
        with pytest.raises(ApiFormatError, match="nested more than 64 levels"):
            govuk.decode_json(body)
    else:
        assert isinstance(govuk.decode_json(body), dict)


def test_brackets_inside_strings_do_not_count() -> None:
    text = json.dumps({"body": "[" * 5000 + '\\"{' * 100})
    assert govuk.decode_json(text.encode())["body"].startswith("[[[")


def test_control_and_bidi_characters_are_stripped() -> None:
    raw = item(
        [{"title": "Black\u202e Country\x00", "url": "/media/1/bc.pdf"}],
        title="Local\u2067 Industrial\x1b Strategies",
        description="Line one\nline two\u200b",
    )
    raw["details"]["body"] = "<p>A &#8238;quote&#x202C; with a bell\x07.</p>"
    raw["details"]["change_history"] = [
        {"public_timestamp": "2018-12-06", "note": "\u2066Added.\u2069"}
    ]
    pub = parse_content_item(raw, regions=REGIONS, fallback=FALLBACK, api_url=API).publication
    assert pub.title == "Local Industrial Strategies"
    assert pub.attachments[0].title == "Black Country"
    assert pub.attachments[0].region == "black-country"
    assert pub.body[0].text == "A quote with a bell."
    assert pub.history[0].note == "Added."
    assert pub.description == "Line one line two\u200b"  # ordinary text and spaces stay


def test_a_link_with_hidden_characters_is_not_followed() -> None:
    raw = item([{"title": "Wales", "url": "/media/1/wa\u202eles.pdf"}, *attachments(1)])
    pub = parse_content_item(raw, regions=REGIONS, fallback=FALLBACK, api_url=API).publication
    assert [a.title for a in pub.attachments] == ["Annex 0"]


@pytest.mark.parametrize(
    ("data", "known", "message"),
    [
        ([], None, "not a Content API item"),
        ({"title": "x"}, None, "sent an item instead of the story"),
        ({"base_path": "/government/statistics/x"}, None, "the page '/government/statistics/x'"),
        ({"base_path": govuk.STORY_BASE_PATH, "content_id": "b"}, "a", "content_id b"),
    ],
)
def test_another_item_is_refused(data: object, known: str | None, message: str) -> None:
    with pytest.raises(ApiFormatError, match=message):
        check_identity(data, base_path=govuk.STORY_BASE_PATH, content_id=known)


def test_the_story_is_accepted_and_its_content_id_returned() -> None:
    story = {"base_path": govuk.STORY_BASE_PATH + "/", "content_id": "abc"}
    assert check_identity(story, base_path=govuk.STORY_BASE_PATH, content_id=None) == "abc"
    assert check_identity(story, base_path=govuk.STORY_BASE_PATH, content_id="abc") == "abc"
