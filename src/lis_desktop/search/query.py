"""The search language people type, translated into a safe SQLite FTS5 MATCH expression; the
facets (nation, body type, LIS wave, ONS region) that narrow a search to some regions; and the
shape of search results.

Syntax: words (all must match), "exact phrases", prefix*, OR between two terms, -exclusion
(also NOT word); AND is accepted and changes nothing.
User text never reaches FTS5 as syntax: every term becomes a quoted FTS5 string.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lis_desktop.domain import NATIONS, Region, normalise
from lis_desktop.errors import SearchQueryError

BODIES = ("LEP", "MCA", "Devolved")
WAVES = (1, 2, 3)
NO_WAVE = 0  # the facet value for regions without a LIS wave (the devolved nations)

_OPERATORS = {"OR", "AND"}
HIT_START, HIT_END = "\ue000", "\ue001"  # private-use markers: never in extracted text


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False
    prefix: bool = False
    negated: bool = False

    def fts(self) -> str:
        quoted = '"' + self.text.replace('"', '""') + '"'
        return quoted + " *" if self.prefix else quoted


@dataclass(frozen=True)
class Query:
    """A parsed query: groups of alternatives that must all match, and terms that must not."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]

    def fts(self) -> str:
        parts = []
        for group in self.groups:
            alternatives = " OR ".join(t.fts() for t in group)
            parts.append(f"({alternatives})" if len(group) > 1 else alternatives)
        expr = "(" + " AND ".join(parts) + ")"
        for term in self.excluded:
            expr = f"({expr} NOT {term.fts()})"
        return expr


def _malformed(why: str) -> SearchQueryError:
    return SearchQueryError(f"Malformed query: {why}")


def _has_word(text: str) -> bool:
    """True when FTS5's unicode61 tokenizer finds at least one token (letters or digits)."""
    return any(unicodedata.category(c)[0] in "LN" for c in text)


def _tokens(text: str) -> list[Term | str]:
    """Split the raw query into terms and operator strings ('OR', 'AND')."""
    out: list[Term | str] = []
    i, n = 0, len(text)
    negate_next = False  # after a NOT
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = after_not = negate_next
        negate_next = False
        if text[i] == "-":
            negated = True
            i += 1
            if i >= n or text[i].isspace():
                raise _malformed("'-' must be followed by a word to leave out, as in -coal.")
        if text[i] == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise _malformed('a quotation mark (") is not closed.')
            body, i = text[i + 1 : end], end + 1
            prefix = i < n and text[i] == "*"
            i += 1 if prefix else 0
            out.append(Term(body, phrase=True, prefix=prefix, negated=negated))
            continue
        start = i
        while i < n and not text[i].isspace() and text[i] != '"':
            i += 1
        word = text[start:i]
        if word == "NOT" and not negated:
            negate_next = True
            continue
        if word in _OPERATORS | {"NOT"} and after_not:
            raise _malformed("'NOT' must be followed by a word to leave out.")
        if word in _OPERATORS and not negated:
            out.append(word)
            continue
        prefix = word.endswith("*")
        word = word.rstrip("*") if prefix else word
        if "*" in word:
            raise _malformed("'*' goes at the end of a word, as in manufact*.")
        if prefix and not word:
            raise _malformed("'*' must follow the start of a word, as in manufact*.")
        out.append(Term(word, prefix=prefix, negated=negated))
    if negate_next:
        raise _malformed("'NOT' must be followed by a word to leave out.")
    return out


def check_text(text: str, what: str = "The query") -> None:
    """SearchQueryError when `text` holds what no search can use: a NUL character, or bytes
    that are not text (lone surrogates, as a command line that is not UTF-8 gives them)."""
    if "\x00" in text:
        raise SearchQueryError(f"{what} contains a NUL character; type it without.")
    if any("\ud800" <= c <= "\udfff" for c in text):
        raise SearchQueryError(f"{what} contains bytes that are not text (not UTF-8).")


def parse_query(text: str) -> Query:
    """Parse what the user typed; raise SearchQueryError with a readable reason when it is bad."""
    check_text(text)
    items = [t for t in _tokens(text) if not isinstance(t, Term) or _has_word(t.text)]
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    prev: Term | str | None = None
    for item in items:
        if isinstance(item, str):
            if not isinstance(prev, Term):
                raise _malformed(f"'{item}' needs a word on both sides, as in wind {item} solar.")
            if item == "OR" and prev.negated:
                raise _malformed("an excluded word (-word) cannot be part of an OR.")
        elif prev == "OR":
            if item.negated:
                raise _malformed("an excluded word (-word) cannot be part of an OR.")
            groups[-1].append(item)
        elif item.negated:
            excluded.append(item)
        else:
            groups.append([item])
        prev = item
    if isinstance(prev, str):
        raise _malformed(f"'{prev}' needs a word on both sides, as in wind {prev} solar.")
    if not groups:
        if excluded:
            raise SearchQueryError(
                "A search needs at least one word to find; -word only leaves results out."
            )
        raise SearchQueryError("Type a word or phrase to search for.")
    return Query(tuple(tuple(g) for g in groups), tuple(excluded))


@dataclass(frozen=True)
class Facets:
    """Narrows a search to regions; None means 'any'. Values are canonical (see parse_facets)."""

    nation: str | None = None
    body: str | None = None
    wave: int | None = None  # 1, 2, 3, or NO_WAVE
    ons_region: str | None = None

    def matches(self, region: Region) -> bool:
        if self.nation is not None and region.nation != self.nation:
            return False
        if self.body is not None and region.body != self.body:
            return False
        if self.wave is not None and (region.wave or NO_WAVE) != self.wave:
            return False
        return self.ons_region is None or self.ons_region in region.ons_regions

    def is_any(self) -> bool:
        return self == Facets()

    def describe(self) -> str:
        """'in Yorkshire and the Humber, LEP, wave 3' — for messages; '' when no facet is set."""
        parts = [p for p in (self.ons_region, self.nation, self.body) if p]
        if self.wave is not None:
            parts.append(f"wave {self.wave}" if self.wave else "no wave")
        return ("in " + ", ".join(parts)) if parts else ""


def ons_regions(regions: Iterable[Region]) -> list[str]:
    """The ONS regions named in the snapshot, sorted."""
    return sorted({name for region in regions for name in region.ons_regions})


def _pick(kind: str, value: str, choices: Sequence[str]) -> str:
    wanted = normalise(value)
    for choice in choices:
        if normalise(choice) == wanted:
            return choice
    raise SearchQueryError(f"Unknown {kind} '{value}'. Choose one of: {', '.join(choices)}.")


def parse_facets(
    regions: Sequence[Region],
    *,
    nation: str | None = None,
    body: str | None = None,
    wave: str | int | None = None,
    ons_region: str | None = None,
) -> Facets:
    """Facets from loosely typed values (CLI flags), matched case- and accent-insensitively."""
    wave_value: int | None = None
    if wave is not None and str(wave).strip():
        text = normalise(str(wave))
        if text in ("none", "no wave", "0", "devolved"):
            wave_value = NO_WAVE
        elif text.removeprefix("wave ") in {str(w) for w in WAVES}:
            wave_value = int(text.removeprefix("wave "))
        else:
            raise SearchQueryError(f"Unknown LIS wave '{wave}'. Choose 1, 2, 3 or none.")
    return Facets(
        nation=_pick("nation", nation, NATIONS) if nation else None,
        body=_pick("body type", body, BODIES) if body else None,
        wave=wave_value,
        ons_region=_pick("ONS region", ons_region, ons_regions(regions)) if ons_region else None,
    )


# -- results ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PageHit:
    region: str
    page: int  # 0-based page index
    snippet: str  # plain text around the hits, "…" where it was cut
    spans: tuple[tuple[int, int], ...]  # highlighted [start, end) ranges of `snippet`
    hits: int  # highlighted matches on the whole page


@dataclass(frozen=True)
class RegionHits:
    region: str
    title: str
    pages: tuple[PageHit, ...]  # the best-ranked matching pages, with snippets, in page order
    matched_pages: int = 0  # every matching page, including those beyond the result limit

    @property
    def hits(self) -> int:
        return sum(p.hits for p in self.pages)

    @property
    def more_pages(self) -> int:
        """Matching pages not listed (the search hit its limit)."""
        return max(0, self.matched_pages - len(self.pages))


@dataclass(frozen=True)
class NoteHit:
    """A note whose quote or text matches a search (`search.notes`)."""

    note_id: int
    region: str
    title: str
    page: int  # 0-based page index of the highlight
    quote: str  # the quoted text, "…" where it was cut
    quote_spans: tuple[tuple[int, int], ...]  # highlighted [start, end) ranges of `quote`
    text: str  # the note, "…" where it was cut
    text_spans: tuple[tuple[int, int], ...]
    detached: bool = False  # its text is not in the summary version in use


@dataclass(frozen=True)
class SearchResult:
    query: str
    facets: Facets
    regions: tuple[RegionHits, ...]  # most hits first
    indexed: int  # summaries (within the facets) whose text is in the index
    total: int  # summaries (within the facets) available offline
    truncated: bool = False  # more pages matched than were returned
    notes: tuple[NoteHit, ...] = ()  # the user's notes that match, in reading order

    @property
    def complete(self) -> bool:
        return self.indexed >= self.total

    @property
    def pages(self) -> list[PageHit]:
        return [page for region in self.regions for page in region.pages]

    @property
    def hits(self) -> int:
        return sum(r.hits for r in self.regions)


def split_marked(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Text with HIT_START/HIT_END markers -> plain text and the marked [start, end) ranges."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    position, start = 0, -1
    for part in re.split(f"({HIT_START}|{HIT_END})", marked):
        if part == HIT_START:
            start = position
        elif part == HIT_END:
            if 0 <= start < position:
                spans.append((start, position))
            start = -1
        else:
            plain.append(part)
            position += len(part)
    return "".join(plain).replace("\n", " "), tuple(spans)


def plural(count: int, noun: str) -> str:
    """'1 hit', '3 hits', '2 summaries'."""
    if count == 1:
        return f"1 {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") else f"{count} {noun}s"


def describe_result(result: SearchResult) -> str:
    """One line for a status label: what was found, where, and whether the index is complete."""
    where = f" {result.facets.describe()}" if not result.facets.is_any() else ""
    if result.total == 0 and not where:
        return "No summaries are available offline yet: import or sync them to search their text."
    if result.total == 0:
        return f"No matches{where}: none of those summaries is available offline."
    if result.regions:
        line = f"{plural(result.hits, 'hit')} in {plural(len(result.regions), 'summary')}{where}"
    elif result.notes:
        line = f"No matches in the summaries' text{where}"
    else:
        line = f"No matches{where}"
    if result.notes:
        line += f"; {plural(len(result.notes), 'note')} of yours"
    if result.truncated:
        line += " (best pages shown)"
    if not result.complete:
        line += f" — {result.indexed} of {result.total} summaries indexed so far"
    return line + "."
