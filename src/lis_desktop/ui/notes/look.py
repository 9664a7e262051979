"""How notes look and sound: the highlight colours on the page (a fill, an underline, and a
tab at the start of a highlight that has a note, so that colour is never the only sign).
What happened is told to screen readers with `ui.accessibility.announce.announce`."""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QPixmap

from lis_desktop.content.notes import COLOURS, DEFAULT_COLOUR, Note
from lis_desktop.pdf.page_text import Rect
from lis_desktop.ui.viewer.canvas import Mark

FILL_ALPHA = 110
NIGHT_FILL_ALPHA = 150
UNDERLINE = 1.2  # points
TAB = 2.5  # points: the mark left of a highlight that has a note


def colour(name: str) -> QColor:
    red, green, blue = COLOURS.get(name, COLOURS[DEFAULT_COLOUR])[1]
    return QColor(red, green, blue)


def swatch(name: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(colour(name))
    return QIcon(pixmap)


def marks(notes: list[Note], night: bool) -> list[Mark]:
    """The marks that draw `notes` on the pages: each line of a highlight filled in its
    colour and underlined in a darker shade; a tab before the first line when it has a note."""
    result = []
    for note in notes:
        base = colour(note.colour)
        fill = QColor(base)
        fill.setAlpha(NIGHT_FILL_ALPHA if night else FILL_ALPHA)
        edge = base.lighter(130) if night else base.darker(180)
        lines: list[Rect] = [
            (x0, y1 - UNDERLINE / 2, x1, y1 + UNDERLINE / 2) for x0, _, x1, y1 in note.rects
        ]
        result.append(Mark(note.page, note.rects, fill))
        result.append(Mark(note.page, tuple(lines), edge))
        if note.note and note.rects:
            x0, y0, _, y1 = note.rects[0]
            result.append(Mark(note.page, ((x0 - TAB - 1.0, y0, x0 - 1.0, y1),), edge))
    return result
