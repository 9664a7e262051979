"""Where a highlight sits in a summary: its page, its rectangles and the text it quotes, with a
little of the text around it; and finding that text again in another version of the summary.

A highlight is anchored by what it quotes, as the web's text-quote selectors are: the quote and
a few words either side, so that the same quote twice on a page is told apart by its context.
Text is compared folded (Unicode compatibility forms, typographic quotes and dashes as typed,
runs of white space as one space), case-sensitively first, then ignoring case. Works on PyMuPDF
"words" tuples (see `pdf.page_text`); Qt-free, and reads no file but in `read_words`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lis_desktop.pdf.document import PdfSession
from lis_desktop.pdf.page_text import Rect, Word, joined_text, span_rects

CONTEXT = 40  # characters of context kept either side of a quote
_TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-",
    }
)  # fmt: skip
_SOFT_HYPHEN = "\u00ad"


@dataclass(frozen=True)
class Anchor:
    """A highlight's place in one version of a summary: page index (0-based), rectangles in PDF
    points (one per line), the quoted text and some text before and after it."""

    page: int
    rects: tuple[Rect, ...]
    quote: str
    prefix: str = ""
    suffix: str = ""


def tidy(text: str) -> str:
    """Text as it is stored and shown: runs of white space as one space, trimmed."""
    return " ".join(text.split())


class _Folded:
    """A text folded for comparison, with the index in the original of each folded character."""

    def __init__(self, text: str, *, ignore_case: bool) -> None:
        chars: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(text):
            if char.isspace():
                if chars and chars[-1] != " ":
                    chars.append(" ")
                    origin.append(index)
                continue
            if char < "\x80":  # most of the text: nothing to normalise
                chars.append(char.lower() if ignore_case else char)
                origin.append(index)
                continue
            if char == _SOFT_HYPHEN:
                continue
            folded = unicodedata.normalize("NFKC", char).translate(_TYPOGRAPHIC)
            if ignore_case:
                folded = folded.casefold()
            for part in folded:
                chars.append(part)
                origin.append(index)
        self.text = "".join(chars)
        self.origin = origin

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) of folded characters [start, end)."""
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str, *, ignore_case: bool = False) -> str:
    return _Folded(text, ignore_case=ignore_case).text.strip()


@dataclass
class PageText:
    """One page's words and text, folded both ways once (a page is searched for many quotes)."""

    index: int
    words: Sequence[Word]

    def __post_init__(self) -> None:
        self.text, self.spans = joined_text(self.words)
        self._folded: dict[bool, _Folded] = {}

    def folded(self, ignore_case: bool) -> _Folded:
        if ignore_case not in self._folded:
            self._folded[ignore_case] = _Folded(self.text, ignore_case=ignore_case)
        return self._folded[ignore_case]

    def anchor(self, start: int, end: int) -> Anchor:
        """The anchor of characters [start, end) of the page text."""
        prefix = self.text[max(0, start - CONTEXT) : start]
        suffix = self.text[end : end + CONTEXT]
        rects = span_rects(self.words, self.spans, start, end)
        quote = tidy(self.text[start:end])
        return Anchor(self.index, rects, quote, _spaced(prefix), _spaced(suffix))


def _spaced(text: str) -> str:
    """Context as stored: white space runs as one space, its ends kept (they separate words)."""
    return re.sub(r"\s+", " ", text)


def pages_of(words_by_page: Sequence[Sequence[Word]]) -> list[PageText]:
    return [PageText(index, words) for index, words in enumerate(words_by_page)]


def anchor_words(page: PageText, first: int, last: int) -> Anchor | None:
    """The anchor of words [first, last] of a page (a selection); None when it has no words."""
    if not page.words:
        return None
    first, last = max(0, first), min(len(page.words) - 1, last)
    if first > last:
        return None
    return page.anchor(page.spans[first][0], page.spans[last][1])


def find_quote(
    pages: Sequence[PageText],
    quote: str,
    prefix: str = "",
    suffix: str = "",
    *,
    hint: int | None = None,
    only: int | None = None,
) -> Anchor | None:
    """Where `quote` is in the pages, or None when it is nowhere (or only on other pages than
    `only`). Of several places, the one whose surrounding text best matches `prefix` and
    `suffix` wins, then the one on page `hint`, then the first."""
    chosen = [p for p in pages if only is None or p.index == only]
    for ignore_case in (False, True):
        wanted = fold(quote, ignore_case=ignore_case)
        if not wanted:
            return None
        before = fold(prefix, ignore_case=ignore_case) if prefix.strip() else ""
        after = fold(suffix, ignore_case=ignore_case) if suffix.strip() else ""
        best: tuple[float, int, int] | None = None  # context score, -page, -start
        best_place: tuple[PageText, int, int] | None = None
        for page in chosen:
            folded = page.folded(ignore_case)
            for start in _occurrences(folded.text, wanted):
                end = start + len(wanted)
                score: float = _common_tail(before, folded.text[:start].rstrip())
                score += _common_head(after, folded.text[end:].lstrip())
                score += 0.5 if page.index == hint else 0.0
                key = (score, -page.index, -start)
                if best is None or key > best:
                    best, best_place = key, (page, start, end)
        if best_place is not None:
            page, start, end = best_place
            return page.anchor(*page.folded(ignore_case).span(start, end))
    return None


def _occurrences(text: str, wanted: str) -> list[int]:
    found, start = [], text.find(wanted)
    while start >= 0:
        found.append(start)
        start = text.find(wanted, start + 1)
    return found


def _common_tail(a: str, b: str) -> int:
    """How many characters `a` and `b` share at their ends."""
    a = a.rstrip()
    count = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        count += 1
    return count


def _common_head(a: str, b: str) -> int:
    a = a.lstrip()
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def read_words(path: Path) -> list[tuple[Word, ...]]:
    """The words of every page of the PDF at `path` (InvalidPdfError when it cannot be read)."""
    session = PdfSession.open(path)
    try:
        return [session.words(index) for index in range(session.page_count)]
    finally:
        session.close()
