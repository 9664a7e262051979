"""The text of a rich-text document as a screen reader should hear it: Qt's raw document text
holds frame markers (a table cell starts with U+FDD0), line and paragraph separators and object
placeholders that must not be read out. Qt-free; offsets map back to document positions."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

NEWLINES = frozenset("\u2028\u2029\n\r")  # line and paragraph separators
BREAKS = frozenset("\ufdd0\ufdd1\ufdd2\ufdd3")  # start/end of a frame (tables, cells)
DROPPED = frozenset("\ufffc\ufeff\u200b\u00ad")  # objects, zero-width marks, soft hyphens
SPACES = frozenset("\u00a0\u2007\u202f\t")


def speakable(raw: str) -> tuple[str, list[int]]:
    """`raw` with every separator a plain newline, frame markers a newline between cells (never
    two in a row), invisible marks dropped and odd spaces plain; and, for each character of the
    result, its position in `raw`."""
    chars: list[str] = []
    positions: list[int] = []
    for position, char in enumerate(raw):
        if char in DROPPED:
            continue
        if char in NEWLINES or char in BREAKS:
            if not chars or chars[-1] == "\n":
                continue  # a cell marker right after a line end, or at the start
            char = "\n"
        elif char in SPACES:
            char = " "
        chars.append(char)
        positions.append(position)
    while chars and chars[-1] == "\n":
        chars.pop()
        positions.pop()
    return "".join(chars), positions


def text_offset(positions: Sequence[int], position: int) -> int:
    """The offset in the speakable text of document position `position` (the next character
    kept when that one was dropped)."""
    return bisect.bisect_left(positions, position)
