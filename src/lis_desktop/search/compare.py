"""The content words two summaries share and those only one of them has, with where each word
sits on its pages (for the comparison to highlight them). Qt-free.

Words are stemmed as the search index stems them (SQLite FTS5's porter tokenizer over unicode61
with diacritics removed: "manufacturers" and "manufacturing" are one word, "café" is "cafe").
Stop words ("the", "and", "our", …) and tokens without a letter (numbers, page numbers) are
no content words and are ignored.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from lis_desktop.pdf.page_text import Rect, Word

# The index's tokenizer (search.index.TOKENIZER; not imported: that module loads the cache).
TOKENIZER = "porter unicode61 remove_diacritics 2"

# Common English function words (after the usual IR stop lists), and a few words every summary
# of the story prints in its furniture.
_STOP_WORDS = """
    a about above after again against all also am an and any are aren as at be because been
    before being below between both but by can cannot could couldn did didn do does doesn doing
    don down during each either etc few for from further had hadn has hasn have haven having he
    her here hers herself him himself his how i if in into is isn it its itself just let ll me
    more most much must mustn my myself no nor not now of off on once one only or other ought
    our ours ourselves out over own per re same shall shan she should shouldn so some such than
    that the their theirs them themselves then there these they this those through thus to too
    under until up upon us ve very via was wasn we well were weren what when where whether which
    while who whom whose why will with within without won would wouldn yet you your yours
    yourself yourselves page
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
_TOKEN = re.compile(r"[^\W_]+")  # unicode61's tokens: runs of letters and digits


def _plain(token: str) -> str:
    """Lower case without diacritics, as the tokenizer sees a token."""
    decomposed = unicodedata.normalize("NFKD", token.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def content_tokens(text: str) -> list[str]:
    """The content words of `text` as plain tokens (stop words and numbers left out)."""
    tokens = (_plain(t) for t in _TOKEN.findall(text))
    return [t for t in tokens if t not in STOP_WORDS and any(c.isalpha() for c in t)]


def stems(tokens: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each distinct token's stems (usually one) by the index's own tokenizer."""
    distinct = list(dict.fromkeys(tokens))
    found: dict[int, list[str]] = defaultdict(list)
    db = sqlite3.connect(":memory:")
    try:
        db.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, tokenize = '{TOKENIZER}')")
        db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        db.executemany("INSERT INTO t(rowid, body) VALUES (?, ?)", enumerate(distinct, start=1))
        for term, row in db.execute("SELECT term, doc FROM v ORDER BY doc, offset"):
            found[int(row)].append(str(term))
    finally:
        db.close()
    return {token: tuple(found.get(row, ())) for row, token in enumerate(distinct, start=1)}


@dataclass(frozen=True)
class TextComparison:
    """Content-word stems in both texts and in one only, each with the form most often seen
    (most frequent first)."""

    shared: tuple[str, ...]
    only_first: tuple[str, ...]
    only_second: tuple[str, ...]


def _stem_counts(tokens: Sequence[str], stem_of: Mapping[str, tuple[str, ...]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for token in tokens:
        counts.update(stem_of.get(token, ()))
    return counts


def compare_token_lists(
    first: Sequence[str],
    second: Sequence[str],
    stem_of: Mapping[str, tuple[str, ...]] | None = None,
) -> TextComparison:
    """Compare two texts given as content tokens (`content_tokens`); `stem_of` (from `stems`)
    when the caller has it already."""
    stem_of = stem_of if stem_of is not None else stems([*first, *second])
    a, b = _stem_counts(first, stem_of), _stem_counts(second, stem_of)
    forms: dict[str, Counter[str]] = defaultdict(Counter)  # stem -> its surface forms
    for token in (*first, *second):
        for stem in stem_of.get(token, ()):
            forms[stem][token] += 1
    shown = {stem: seen.most_common(1)[0][0] for stem, seen in forms.items()}
    both = a + b

    def listed(chosen: Iterable[str]) -> tuple[str, ...]:
        return tuple(shown[s] for s in sorted(chosen, key=lambda s: (-both[s], shown[s])))

    return TextComparison(
        listed(a.keys() & b.keys()), listed(a.keys() - b.keys()), listed(b.keys() - a.keys())
    )


def compare_texts(first: str, second: str) -> TextComparison:
    """The content words two texts share and those only one of them has."""
    return compare_token_lists(content_tokens(first), content_tokens(second))


# -- on the pages ----------------------------------------------------------------------------
PageWords = Mapping[int, Sequence[Word]]  # page index -> its words (PyMuPDF "words" tuples)


@dataclass(frozen=True)
class SideMarks:
    """Where one summary's content words are: boxes (PDF points) of its words shared with the
    other summary, and of those only it has, by page; and its pages without any text."""

    shared: dict[int, tuple[Rect, ...]] = field(default_factory=dict)
    unique: dict[int, tuple[Rect, ...]] = field(default_factory=dict)
    pages: int = 0
    pages_without_text: tuple[int, ...] = ()

    @property
    def has_text(self) -> bool:
        return len(self.pages_without_text) < self.pages

    @property
    def shared_count(self) -> int:
        """Words (occurrences) marked as shared."""
        return sum(len(boxes) for boxes in self.shared.values())

    @property
    def unique_count(self) -> int:
        return sum(len(boxes) for boxes in self.unique.values())


@dataclass(frozen=True)
class WordComparison:
    """Two summaries' content words compared: the words (as `TextComparison`) and each side's
    marks. When either has no text at all nothing is marked: what it says is unknown."""

    words: TextComparison
    first: SideMarks
    second: SideMarks

    @property
    def comparable(self) -> bool:
        return self.first.has_text and self.second.has_text


def _word_tokens(pages: PageWords) -> dict[int, list[list[str]]]:
    return {page: [content_tokens(w[4]) for w in words] for page, words in pages.items()}


def _without_text(pages: PageWords) -> tuple[int, ...]:
    return tuple(sorted(p for p, words in pages.items() if not any(w[4].strip() for w in words)))


def _side(
    pages: PageWords,
    tokens: Mapping[int, list[list[str]]],
    stem_of: Mapping[str, tuple[str, ...]],
    shared: frozenset[str],
) -> SideMarks:
    """A word is shared when one of its stems is in both ("co-operation" beside "operation")."""
    both: dict[int, tuple[Rect, ...]] = {}
    only: dict[int, tuple[Rect, ...]] = {}
    for page, words in pages.items():
        in_both: list[Rect] = []
        alone: list[Rect] = []
        for word, word_tokens in zip(words, tokens[page], strict=True):
            word_stems = {s for t in word_tokens for s in stem_of.get(t, ())}
            if word_stems:
                box = (word[0], word[1], word[2], word[3])
                (in_both if word_stems & shared else alone).append(box)
        if in_both:
            both[page] = tuple(in_both)
        if alone:
            only[page] = tuple(alone)
    return SideMarks(both, only, len(pages), _without_text(pages))


def compare_pages(first: PageWords, second: PageWords) -> WordComparison:
    """Compare two documents' words (every page of each, as the viewer reads them)."""
    tokens_a, tokens_b = _word_tokens(first), _word_tokens(second)
    flat_a = [t for page in tokens_a.values() for word in page for t in word]
    flat_b = [t for page in tokens_b.values() for word in page for t in word]
    a_marks = SideMarks(pages=len(first), pages_without_text=_without_text(first))
    b_marks = SideMarks(pages=len(second), pages_without_text=_without_text(second))
    if not (a_marks.has_text and b_marks.has_text):
        return WordComparison(TextComparison((), (), ()), a_marks, b_marks)
    stem_of = stems([*flat_a, *flat_b])
    shared = frozenset(_stem_counts(flat_a, stem_of)) & frozenset(_stem_counts(flat_b, stem_of))
    return WordComparison(
        compare_token_lists(flat_a, flat_b, stem_of),
        _side(first, tokens_a, stem_of, shared),
        _side(second, tokens_b, stem_of, shared),
    )
