"""Content API JSON and body HTML -> domain objects, tolerant of whatever GOV.UK sends.

Any field may be missing, null or of the wrong type: a usable field is used, an unusable one
falls back to the last known publication (with a warning), and only a response that cannot be
the story at all raises ApiFormatError. Nothing here raises anything else.

Hostile input is bounded: at most MAX_ATTACHMENTS attachments are read (from each place), the
body HTML nests at most MAX_HTML_DEPTH tags deep, every step is linear in the input, and the
whole parse gives up after PARSE_SECONDS. Text has C0/C1 control characters and bidirectional
overrides, embeddings and isolates removed, so a title cannot hide or reorder what it shows.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from lis_desktop.domain import (
    Attachment,
    BodyBlock,
    ChangeNote,
    Publication,
    Region,
    normalise_title,
    parse_size,
)
from lis_desktop.errors import ApiFormatError

SITE_URL = "https://www.gov.uk"
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"})
_VOID |= {"source", "track", "wbr"}
_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "div"})
_BLOCKS |= {"section", "ul", "ol", "table", "tr", "td", "th", "figure", "figcaption"}
_SKIP = frozenset({"script", "style", "template", "noscript", "svg"})
_PAGES = re.compile(r"(\d{1,6})\s*pages?\b", re.IGNORECASE)
# C0 and C1 controls, and the bidirectional embeddings, overrides and isolates (U+202A-U+202E,
# U+2066-U+2069): stripped from everything read from the API.
# (Whitespace controls, which str.split() treats as spaces, are left to it.)
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
MAX_ATTACHMENTS = 1000  # the story lists 41; more than this is not the story
MAX_HISTORY = 1000  # change-history entries read
MAX_BODY_BLOCKS = 5000  # paragraphs of the body kept (the story has about 20)
MAX_HTML_DEPTH = 200  # tags nested deeper than this in the body are read as text only
PARSE_SECONDS = 10.0  # the whole parse of one response
_HTML_CHUNK = 64 * 1024  # the body is fed to the HTML parser in pieces, the clock read between


@dataclass(frozen=True)
class ParsedItem:
    publication: Publication
    warnings: tuple[str, ...]


class Deadline:
    """The time a parse may take; `check()` raises ApiFormatError once it has passed."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = PARSE_SECONDS if seconds is None else seconds
        self._end = time.monotonic() + self.seconds

    def check(self) -> None:
        if time.monotonic() > self._end:
            raise ApiFormatError(
                f"GOV.UK's response could not be read within {self.seconds:g} seconds (it is "
                "far larger or more complex than the story); the offline copy is kept."
            )


def check_identity(data: object, *, base_path: str, content_id: str | None) -> str | None:
    """Raise ApiFormatError unless `data` is the story at `base_path` (and, when `content_id`
    is known from an earlier sync, that item); return the item's content_id, if it has one."""
    if not isinstance(data, dict):
        raise ApiFormatError("GOV.UK sent something that is not a Content API item.")
    found = data.get("base_path")
    if not isinstance(found, str) or found.rstrip("/") != base_path.rstrip("/"):
        what = f"the page '{_squash(found)[:200]}'" if isinstance(found, str) else "an item"
        raise ApiFormatError(
            f"GOV.UK sent {what} instead of the story '{base_path}'; nothing was changed."
        )
    item_id = data.get("content_id")
    item_id = _squash(item_id)[:100] if isinstance(item_id, str) else None
    if content_id and item_id and item_id != content_id:
        raise ApiFormatError(
            f"GOV.UK sent another item (content_id {item_id}) at the story's address instead "
            f"of the story (content_id {content_id}); nothing was changed."
        )
    return item_id or None


def parse_timestamp(value: object) -> date | None:
    """The calendar date of an ISO-8601 value ('2018-12-06T09:30:00.000+00:00', '…Z', a date)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    match = re.match(r"(\d{4})-?(\d{2})-?(\d{2})(?:$|[T ])", text)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_body(
    html: str, base_url: str = SITE_URL, deadline: Deadline | None = None
) -> tuple[list[BodyBlock], list[Attachment]]:
    """The body's text blocks (blockquotes as 'quote') and the attachments embedded in it
    (the first MAX_ATTACHMENTS)."""
    deadline = deadline or Deadline()
    collector = _BodyCollector()
    for start in range(0, len(html), _HTML_CHUNK):
        deadline.check()
        collector.feed(html[start : start + _HTML_CHUNK])
    collector.close()
    deadline.check()
    attachments = [_embedded_attachment(raw, base_url) for raw in collector.attachments]
    blocks = _drop_empty_headings(collector.blocks)[:MAX_BODY_BLOCKS]
    return blocks, [a for a in attachments if a is not None]


def _drop_empty_headings(blocks: list[BodyBlock]) -> list[BodyBlock]:
    """A heading with no text before the next heading or the end (it only introduced the
    attachments, which the app lists itself) is not kept."""
    kept: list[BodyBlock] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == "h" and (following is None or following.kind == "h"):
            continue
        kept.append(block)
    return kept


def parse_details_attachments(
    value: object, base_url: str = SITE_URL, deadline: Deadline | None = None
) -> list[Attachment]:
    """`details.attachments`: keep every entry (of the first MAX_ATTACHMENTS) that has a title
    and a usable URL."""
    if not isinstance(value, list):
        return []
    deadline = deadline or Deadline()
    found: list[Attachment] = []
    for entry in _checked(value[:MAX_ATTACHMENTS], deadline):
        if not isinstance(entry, dict):
            continue
        title = _text(entry.get("title"))
        url = _url(entry.get("url"), base_url)
        if not title or not url:
            continue
        size = _count(entry.get("file_size"))
        found.append(
            Attachment(
                title=title,
                url=url,
                size=size,
                pages=_count(entry.get("number_of_pages")),
                format=_format(entry.get("content_type"), url),
                filename=_text(entry.get("filename")) or None,
                content_type=_text(entry.get("content_type")) or None,
            )
        )
    return found


def merge_attachments(*sources: Iterable[Attachment]) -> list[Attachment]:
    """One entry per attachment (same URL or same normalised title), fields filled in order.

    Linear: the entries merged so far are indexed by URL key and by normalised title."""
    merged: list[Attachment] = []
    by_url: dict[str, int] = {}
    by_title: dict[str, int] = {}
    for source in sources:
        for att in source:
            url_key = _url_key(att.url) if att.url else ""
            title_key = normalise_title(att.title)
            index = by_url.get(url_key) if url_key else None
            if index is None and title_key:
                index = by_title.get(title_key)
            if index is None:
                index = len(merged)
                merged.append(att)
            else:
                merged[index] = _fill(merged[index], att)
            if url_key:
                by_url.setdefault(url_key, index)
            if title_key:
                by_title.setdefault(title_key, index)
    return merged


def match_regions(attachments: Iterable[Attachment], regions: Sequence[Region]) -> list[Attachment]:
    """Set each attachment's region by normalised title; unmatched ones keep region None."""
    by_title = {normalise_title(r.title): r.id for r in regions}
    return [replace(a, region=by_title.get(normalise_title(a.title))) for a in attachments]


def parse_content_item(
    data: object, *, regions: Sequence[Region], fallback: Publication, api_url: str
) -> ParsedItem:
    """A Content API item -> Publication; raises ApiFormatError only when it is not the story
    (or it cannot be read within PARSE_SECONDS)."""
    if not isinstance(data, dict):
        raise ApiFormatError("GOV.UK sent something that is not a Content API item.")
    deadline = Deadline()
    warnings: list[str] = []
    details = data.get("details")
    if not isinstance(details, dict):
        warnings.append("The GOV.UK response has no readable 'details'.")
        details = {}
    blocks, attachments = _story_parts(details, regions, _site_of(api_url), deadline, warnings)
    title = _text(data.get("title"))
    published = parse_timestamp(data.get("first_published_at"))
    updated = parse_timestamp(data.get("public_updated_at")) or parse_timestamp(
        data.get("updated_at")
    )
    history = sorted(
        _history(details.get("change_history"), deadline), key=lambda n: n.date, reverse=True
    )
    for ok, name in (
        (bool(title), "title"),
        (published is not None, "first publication date"),
        (updated is not None, "last update date"),
        (bool(blocks), "body text"),
        (bool(history), "change history"),
    ):
        if not ok:
            warnings.append(f"The GOV.UK response has no usable {name}; kept the last known one.")
    publication = replace(
        fallback,
        title=title or fallback.title,
        url=_page_url(data.get("base_path")) or fallback.url,
        api_url=api_url,
        published=published or fallback.published,
        updated=updated or fallback.updated,
        description=_text(data.get("description")) or fallback.description,
        body=tuple(blocks) or fallback.body,
        history=tuple(history) or fallback.history,
        attachments=tuple(attachments),
    )
    return ParsedItem(publication, tuple(warnings))


def _page_url(base_path: object) -> str | None:
    """The story's page on www.gov.uk; a base_path pointing anywhere else is ignored."""
    if not isinstance(base_path, str) or not base_path.startswith("/") or "//" in base_path:
        return None
    return _url(base_path, SITE_URL)


def _story_parts(
    details: dict[str, object],
    regions: Sequence[Region],
    base: str,
    deadline: Deadline,
    warnings: list[str],
) -> tuple[list[BodyBlock], list[Attachment]]:
    """Body blocks, and the attachments from `details.attachments` and the body, merged."""
    blocks: list[BodyBlock] = []
    embedded: list[Attachment] = []
    body_html = details.get("body")
    if isinstance(body_html, str):
        blocks, embedded = parse_body(body_html, base, deadline)
    raw = details.get("attachments")
    listed = parse_details_attachments(raw, base, deadline)
    if len(embedded) >= MAX_ATTACHMENTS or (isinstance(raw, list) and len(raw) > MAX_ATTACHMENTS):
        warnings.append(
            f"The GOV.UK response lists more than {MAX_ATTACHMENTS} attachments; only the "
            f"first {MAX_ATTACHMENTS} were read."
        )
    attachments = match_regions(merge_attachments(listed, embedded), regions)
    deadline.check()
    if not attachments:
        raise ApiFormatError(
            "The GOV.UK response lists no summaries; the offline copies are kept as they are."
        )
    return blocks, attachments


def _history(value: object, deadline: Deadline) -> list[ChangeNote]:
    if not isinstance(value, list):
        return []
    notes: dict[ChangeNote, None] = {}  # in order, each once
    for entry in _checked(value[:MAX_HISTORY], deadline):
        if not isinstance(entry, dict):
            continue
        when = parse_timestamp(entry.get("public_timestamp"))
        note = _text(entry.get("note"))
        if when is not None and note:
            notes.setdefault(ChangeNote(when, note))
    return list(notes)


def _checked(items: Sequence[object], deadline: Deadline, every: int = 256) -> Iterator[object]:
    """`items`, with the deadline checked every `every` of them."""
    for index, item in enumerate(items):
        if index % every == 0:
            deadline.check()
        yield item


def _embedded_attachment(raw: dict[str, list[str]], base_url: str) -> Attachment | None:
    links = list(zip(raw.get("href", []), raw.get("link", []), strict=False))
    chosen = next(((h, t) for h, t in links if _squash(t)), links[0] if links else None)
    if chosen is None:
        return None
    url = _url(chosen[0], base_url)
    title = _squash(chosen[1]) or _squash(" ".join(raw.get("title", [])))
    if not url or not title:
        return None
    attrs = [_squash(t) for t in raw.get("size", []) + raw.get("pages", []) + raw.get("attr", [])]
    size_text = next((a for a in attrs if parse_size(a) is not None), None)
    pages = next((int(m[1]) for a in attrs if (m := _PAGES.search(a))), None)
    fmt = _squash(" ".join(raw.get("format", []))) or _format(None, url)
    return Attachment(
        title=title,
        url=url,
        size=parse_size(size_text) if size_text else None,
        size_text=size_text.replace(" ", "") if size_text else None,
        pages=pages,
        format=fmt[:16],
        filename=urlsplit(url).path.rsplit("/", 1)[-1] or None,
    )


def _fill(first: Attachment, later: Attachment) -> Attachment:
    """Keep `first`'s values, take `later`'s where `first` has none."""
    return replace(
        first,
        url=first.url or later.url,
        size=first.size if first.size is not None else later.size,
        size_text=first.size_text or later.size_text,
        pages=first.pages if first.pages is not None else later.pages,
        filename=first.filename or later.filename,
        content_type=first.content_type or later.content_type,
    )


def _url_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc.lower()}{parts.path}"


def _site_of(api_url: str) -> str:
    try:
        parts = urlsplit(api_url)
    except ValueError:
        return SITE_URL
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else SITE_URL


def _url(value: object, base_url: str) -> str | None:
    if not isinstance(value, str) or not value.strip() or len(value) > 2000:
        return None
    if _UNSAFE_CHARS.search(value.strip()):  # a link with hidden characters is not followed
        return None
    try:
        url = urljoin(base_url + "/", value.strip())
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def _text(value: object) -> str:
    return _squash(value) if isinstance(value, str) else ""


def _squash(text: str) -> str:
    """Whitespace runs as one space, control and bidi-override characters removed."""
    return " ".join(_UNSAFE_CHARS.sub("", text).split())


def _count(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 2**53 else None
    if isinstance(value, str) and value.strip().isdigit() and len(value) < 16:
        return int(value.strip())
    return None


def _format(content_type: object, url: str) -> str:
    if isinstance(content_type, str) and "pdf" in content_type.lower():
        return "PDF"
    return "PDF" if url.lower().split("?")[0].endswith(".pdf") else "File"


class _BodyCollector(HTMLParser):
    """One pass over the body HTML: text blocks, and govspeak / gem-c attachment components."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[BodyBlock] = []
        self.attachments: list[dict[str, list[str]]] = []
        self._stack: list[tuple[str, str]] = []  # (tag, role)
        self._text: list[str] = []
        self._att: dict[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br":
                self._text.append(" ")
            return
        if len(self._stack) >= MAX_HTML_DEPTH:  # deeper tags count as text: bounded work
            return
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        role = self._role(tag, classes)
        if role == "att":
            self._flush()
            self._att = {}
        elif role in ("block", "quote"):
            self._flush()
        elif role.startswith("att-") and self._att is not None:
            field = role[4:]
            self._att.setdefault(field, []).append("")
            if field == "link":
                self._att.setdefault("href", []).append(values.get("href") or "")
        self._stack.append((tag, role))

    def _role(self, tag: str, classes: set[str]) -> str:
        if tag in _SKIP:
            return "skip"
        if self._att is None:
            if "attachment-inline" in classes or "gem-c-attachment" in classes:
                return "att"
            if tag == "blockquote":
                return "quote"
            return "block" if tag in _BLOCKS else ""
        if tag == "a":
            return "att-link"
        for name, field in (
            ("file-size", "size"),
            ("page-length", "pages"),
            ("gem-c-attachment__attribute", "attr"),
            ("gem-c-attachment__title", "title"),
        ):
            if name in classes:
                return f"att-{field}"
        return "att-format" if tag == "abbr" else ""

    def handle_endtag(self, tag: str) -> None:
        if all(open_tag != tag for open_tag, _ in self._stack):
            return
        while self._stack:
            open_tag, role = self._stack[-1]
            if role in ("block", "quote"):
                self._flush()
            elif role == "att" and self._att is not None:
                if len(self.attachments) < MAX_ATTACHMENTS:
                    self.attachments.append(self._att)
                self._att = None
            self._stack.pop()
            if open_tag == tag:
                return

    def handle_data(self, data: str) -> None:
        roles = [role for _, role in self._stack]
        if "skip" in roles:
            return
        if self._att is None:
            self._text.append(data)
            return
        fields = [r[4:] for r in roles if r.startswith("att-")]
        for field in reversed(fields):
            values = self._att.get(field)
            if values:
                values[-1] += data
        if not fields and "att" not in roles:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        text = _squash("".join(self._text))
        self._text = []
        if not text:
            return
        kind = "p"
        for tag, role in reversed(self._stack):
            if role == "quote":
                kind = "quote"
                break
            if role == "block" and tag in ("li", "h1", "h2", "h3", "h4", "h5", "h6"):
                kind = "li" if tag == "li" else "h"
                break
        self.blocks.append(BodyBlock(kind=kind, text=text))
