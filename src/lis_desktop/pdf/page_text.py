"""Pure text logic: find hits, search terms and selections on a page's words, and a page's
text for full-text search made of its text blocks.

Works on PyMuPDF "words" tuples (x0, y0, x1, y1, text, block, line, word) in content order,
which is the reading order of the page, and on its "blocks" tuples (x0, y0, x1, y1, text,
number, type); imports neither Qt nor PyMuPDF.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

Rect = tuple[float, float, float, float]
Word = tuple[float, float, float, float, str, int, int, int]
Run = tuple[int, int, Rect]  # first word, last word, box of a line run
Block = tuple[float, float, float, float, str, int, int]  # type 0: text, 1: image

_FTS_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
# Two words are on one row of a selection when their heights overlap by this share of the smaller
# one, and the next starts at most ROW_GAP heights right of the previous (or slightly left of it).
ROW_OVERLAP = 0.6
ROW_GAP = 3.0
ROW_TOLERANCE = 0.5


def blocks_text(blocks: Sequence[Block]) -> str:
    """The text of a page's text blocks, given in reading order: each block's whitespace
    collapsed to single spaces, one block a line, blocks with no text left out."""
    paragraphs = (" ".join(str(block[4]).split()) for block in blocks if block[6] == 0)
    return "\n".join(paragraph for paragraph in paragraphs if paragraph)


def joined_text(words: Sequence[Word]) -> tuple[str, list[tuple[int, int]]]:
    """The page text (a space between words, a newline between lines) and each word's span."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    previous: tuple[int, int] | None = None
    for word in words:
        line = (word[5], word[6])
        if previous is not None:
            parts.append(" " if line == previous else "\n")
            position += 1
        spans.append((position, position + len(word[4])))
        parts.append(word[4])
        position += len(word[4])
        previous = line
    return "".join(parts), spans


def find_in_words(
    words: Sequence[Word], query: str, *, match_case: bool = False, whole_words: bool = False
) -> list[tuple[Rect, ...]]:
    """Every occurrence of `query` on the page, each as the rectangles it covers (one per line)."""
    terms = query.split()
    if not terms or not words:
        return []
    pattern = r"\s+".join(re.escape(term) for term in terms)
    if whole_words:
        pattern = rf"(?<!\w){pattern}(?!\w)"
    regex = re.compile(pattern, 0 if match_case else re.IGNORECASE)
    text, spans = joined_text(words)
    return [span_rects(words, spans, m.start(), m.end()) for m in regex.finditer(text)]


def span_rects(
    words: Sequence[Word], spans: Sequence[tuple[int, int]], start: int, end: int
) -> tuple[Rect, ...]:
    """The rectangles (one per line) covering characters [start, end) of the page text that
    `joined_text` made of `words` (with its `spans`); part of a word where the range cuts it."""
    rects: list[Rect] = []
    last_line: tuple[int, int] | None = None
    for word, (w_start, w_end) in zip(words, spans, strict=True):
        if w_end <= start or w_start >= end:
            continue
        rect = _part_of_word(word, w_start, w_end, max(start, w_start), min(end, w_end))
        line = (word[5], word[6])
        if rects and line == last_line:
            x0, y0, x1, y1 = rects[-1]
            rects[-1] = (min(x0, rect[0]), min(y0, rect[1]), max(x1, rect[2]), max(y1, rect[3]))
        else:
            rects.append(rect)
        last_line = line
    return tuple(rects)


def character_box(
    words: Sequence[Word], spans: Sequence[tuple[int, int]], offset: int
) -> Rect | None:
    """The box of the character at `offset` of the page text (`joined_text`); a space or line
    break between words is the gap after the word before it; None past the end."""
    index = bisect.bisect_right(spans, offset, key=lambda span: span[0]) - 1
    if index < 0 or offset >= (spans[-1][1] if spans else 0):
        return None
    word, (start, end) = words[index], spans[index]
    if offset < end:
        return _part_of_word(word, start, end, offset, offset + 1)
    right = word[2]
    after = words[index + 1] if index + 1 < len(words) else None
    same_line = after is not None and (after[5], after[6]) == (word[5], word[6])
    gap_end = after[0] if after is not None and same_line and after[0] > right else right + 1.0
    return (right, word[1], gap_end, word[3])


def offset_at(words: Sequence[Word], spans: Sequence[tuple[int, int]], x: float, y: float) -> int:
    """The offset in the page text of the character nearest to page point (x, y); -1 for a
    page without words."""
    index = nearest_word(words, x, y)
    if index < 0:
        return -1
    x0, _, x1, _ = words[index][:4]
    start, end = spans[index]
    share = 0.0 if x1 <= x0 else min(max((x - x0) / (x1 - x0), 0.0), 0.999)
    return start + int(share * (end - start))


def _part_of_word(word: Word, w_start: int, w_end: int, start: int, end: int) -> Rect:
    """The share of a word's box holding characters [start, end) (glyphs taken as equal width)."""
    x0, y0, x1, y1 = word[:4]
    length = max(1, w_end - w_start)
    width = x1 - x0
    return (x0 + width * (start - w_start) / length, y0, x0 + width * (end - w_start) / length, y1)


def search_terms(query: str) -> list[str]:
    """The words and "quoted phrases" of a full-text search query, without FTS operators."""
    terms: list[str] = []
    for phrase in re.findall(r'"([^"]+)"', query):
        cleaned = " ".join(re.findall(r"\w+", phrase))
        if cleaned:
            terms.append(cleaned)
    rest = re.sub(r'"[^"]*"', " ", query)
    for token in re.findall(r"[\w'-]+", rest):
        token = token.strip("'-")
        if token and token not in _FTS_OPERATORS:
            terms.append(token)
    return terms


def nearest_word(words: Sequence[Word], x: float, y: float) -> int:
    """Index of the word closest to the point (0 when the point is in one); -1 for no words."""
    best, best_distance = -1, float("inf")
    for index, word in enumerate(words):
        dx = max(word[0] - x, 0.0, x - word[2])
        dy = max(word[1] - y, 0.0, y - word[3])
        distance = dx * dx + dy * dy * 4  # prefer the same line over a nearby word above/below
        if distance < best_distance:
            best, best_distance = index, distance
    return best


def selected_text(words: Sequence[Word], first: int, last: int) -> str:
    """The plain text of words[first..last] in reading order, lines separated by newlines."""
    chosen = words[max(0, first) : last + 1]
    text, _ = joined_text(chosen)
    return text


def word_rects(words: Sequence[Word], first: int, last: int) -> list[Rect]:
    """Selection rectangles for words[first..last]: one per line run (see `line_runs`)."""
    return [box for _, _, box in line_runs(words[max(0, first) : last + 1])]


def line_runs(words: Sequence[Word]) -> list[Run]:
    """The words grouped into line runs: (first index, last index, box) each.

    A word joins the run before it when it is on the same text line, or when it sits on the same
    row just right of the previous word (pages that put every word on a line of its own), so a
    selection of thousands of words is painted as a few rectangles. (One tight loop: pages of
    tens of thousands of words go through it.)
    """
    runs: list[Run] = []
    line: tuple[int, int] | None = None
    start = 0
    rx0 = ry0 = rx1 = ry1 = right = 0.0
    for index, (x0, y0, x1, y1, _, block, line_no, _) in enumerate(words):
        if line is not None:
            if (block, line_no) == line:
                joins = True
            else:  # the same row: heights overlap enough, and it starts just right of the last
                height = min(ry1 - ry0, y1 - y0)
                gap = x0 - right
                joins = (
                    height > 0
                    and min(ry1, y1) - max(ry0, y0) >= ROW_OVERLAP * height
                    and -ROW_TOLERANCE * height <= gap <= ROW_GAP * height
                )
            if joins:
                rx0, ry0, rx1, ry1 = min(rx0, x0), min(ry0, y0), max(rx1, x1), max(ry1, y1)
                line, right = (block, line_no), x1
                continue
            runs.append((start, index - 1, (rx0, ry0, rx1, ry1)))
        start = index
        rx0, ry0, rx1, ry1 = x0, y0, x1, y1
        line, right = (block, line_no), x1
    if line is not None:
        runs.append((start, len(words) - 1, (rx0, ry0, rx1, ry1)))
    return runs


def runs_rects(words: Sequence[Word], runs: Sequence[Run], first: int, last: int) -> list[Rect]:
    """Selection rectangles for words[first..last] from the page's `line_runs`, worked out
    before: whole runs are taken as they are, only the runs at both ends are cut."""
    i = max(0, bisect.bisect_right(runs, first, key=lambda run: run[0]) - 1)
    j = bisect.bisect_right(runs, last, key=lambda run: run[0]) - 1
    rects: list[Rect] = []
    for start, end, box in runs[i : j + 1]:
        if first <= start and end <= last:
            rects.append(box)
        else:
            rects += word_rects(words, max(start, first), min(end, last))
    return rects
