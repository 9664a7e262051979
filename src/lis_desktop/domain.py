"""Domain objects (frozen dataclasses) and the pure functions that work on them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")


class Offline(StrEnum):
    """Whether a region's summary can be read without the network."""

    MISSING = "missing"
    AVAILABLE = "available"
    UPDATE_AVAILABLE = "update_available"
    FAILED = "failed"
    CORRUPT = "corrupt"


@dataclass(frozen=True)
class Region:
    id: str
    title: str
    nation: str
    body: str  # "LEP", "MCA" or "Devolved"
    wave: int | None
    ons_regions: tuple[str, ...]


@dataclass(frozen=True)
class ChangeNote:
    date: date
    note: str


@dataclass(frozen=True)
class BodyBlock:
    kind: str  # "p", "quote", "h" or "li"
    text: str


@dataclass(frozen=True)
class Attachment:
    title: str
    url: str | None = None
    size: int | None = None  # bytes
    size_text: str | None = None  # as listed, e.g. "298KB"
    pages: int | None = None
    format: str = "PDF"
    filename: str | None = None
    content_type: str | None = None
    region: str | None = None  # region id, None when it matches no region
    removed: bool = False  # no longer listed on GOV.UK; the offline copy is kept

    def listing(self) -> str:
        """'PDF, 298KB, 1 page' as GOV.UK lists it."""
        parts = [self.format or "PDF"]
        size = self.size_text or (format_size(self.size) if self.size is not None else None)
        if size:
            parts.append(size)
        if self.pages is not None:
            parts.append(f"{self.pages} page" + ("" if self.pages == 1 else "s"))
        return ", ".join(parts)


@dataclass(frozen=True)
class Publication:
    title: str
    url: str
    api_url: str
    published: date
    updated: date
    body: tuple[BodyBlock, ...]
    history: tuple[ChangeNote, ...]
    attachments: tuple[Attachment, ...]
    description: str = ""
    document_type: str = "News story"
    licence: str = "Open Government Licence v3.0"
    licence_url: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def body_text(self) -> str:
        return "\n\n".join(block.text for block in self.body)

    def history_newest_first(self) -> tuple[ChangeNote, ...]:
        return tuple(sorted(self.history, key=lambda n: n.date, reverse=True))

    def attachment_for(self, region_id: str) -> Attachment | None:
        return next((a for a in self.attachments if a.region == region_id), None)


def tree_order_key(region: Region) -> tuple[int, str]:
    """Where a region stands in the region tree (and so in a merged export): nations in
    NATIONS order, then titles alphabetically, ignoring case."""
    nation = NATIONS.index(region.nation) if region.nation in NATIONS else len(NATIONS)
    return (nation, region.title.casefold())


def slugify(title: str) -> str:
    """The stable region id: lower case, '&' dropped, other runs of characters become '-'."""
    text = strip_accents(title).lower().replace("&", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Fold case, accents, punctuation and '&'/'and' so that titles compare as people read them."""
    text = strip_accents(text).casefold().replace("&", " and ")
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


def normalise_title(text: str) -> str:
    """A key for matching attachment titles to regions: normalised, with 'and' dropped."""
    return " ".join(w for w in normalise(text).split() if w != "and")


def filter_matches(query: str, *fields: str) -> bool:
    """True when every word of the query appears (as part of a word) in one of the fields."""
    words = [w for w in normalise_title(query).split()]
    if not words:
        return True
    haystack = " ".join(normalise_title(f) for f in fields)
    return all(w in haystack for w in words)


def region_matches(region: Region, query: str) -> bool:
    return filter_matches(query, region.title)


def format_size(size: int) -> str:
    """Bytes as GOV.UK lists them: '298KB', '1.2MB'."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)}KB"
    return f"{size / (1024 * 1024):.1f}MB"


def parse_size(text: str) -> int | None:
    """'298KB' -> 305152; None when it is not a size."""
    match = re.fullmatch(r"\s*([\d.]+)\s*(bytes?|KB|MB|GB)\s*", text, re.IGNORECASE)
    if not match:
        return None
    factor = {"b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[match.group(2)[0].lower()]
    try:
        return int(float(match.group(1)) * factor)
    except ValueError:
        return None


def format_date(value: date) -> str:
    """'3 December 2018', as GOV.UK writes dates."""
    return f"{value.day} {value:%B %Y}"
