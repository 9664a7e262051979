"""The viewer's arithmetic, Qt-free (so that it is tested without a widget): zoom steps and
typed zooms, where each page sits in the continuous column and how page points map to the
column's pixels, and how fast a drag past an edge scrolls.

`layout.PageLayout` puts the same geometry into Qt's points and rectangles for painting.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from lis_desktop.pdf.render_plan import MARGIN, MAX_ZOOM, MIN_ZOOM, PX_PER_PT, rotated_size

GAP = 10  # logical pixels between pages
ZOOM_STEPS = (0.1, 0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0,
              4.0, 5.0, 6.0, 8.0)  # fmt: skip
FIT_CHOICES = {"Fit Width": "width", "Fit Page": "page"}
AUTO_SCROLL_MS = 16  # one auto-scroll step a frame
MIN_STEP, MAX_STEP = 2, 80  # pixels a step, right past the edge and far past it
STEP_PER_PIXEL = 0.35  # how fast the speed grows with the distance past the edge


def step_zoom(zoom: float, direction: int) -> float:
    """The next zoom step above (direction > 0) or below the current zoom."""
    if direction > 0:
        return next((z for z in ZOOM_STEPS if z > zoom * 1.01), MAX_ZOOM)
    return next((z for z in reversed(ZOOM_STEPS) if z < zoom / 1.01), MIN_ZOOM)


def parse_zoom(text: str) -> str | float | None:
    """What a zoom box entry asks for: "width" or "page" (fit), a zoom (1.5 for "150%" or
    "150", also "150,5"), or None when it means nothing."""
    if text in FIT_CHOICES:
        return FIT_CHOICES[text]
    match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*%?\s*", text)
    if match is None:
        return None
    value = float(match.group(1).replace(",", ".")) / 100
    return value if value > 0 else None


def auto_scroll_step(distance: float) -> int:
    """Pixels to scroll each step while the pointer is `distance` pixels past an edge."""
    if distance <= 0:
        return 0
    return min(MAX_STEP, MIN_STEP + round(distance * STEP_PER_PIXEL))


def past(position: float, extent: float) -> float:
    """How far `position` lies beyond 0..extent: negative before it, positive after, else 0."""
    if position < 0:
        return position
    return max(0.0, position - extent)


@dataclass(frozen=True)
class Box:
    """A rectangle in logical pixels of the column (x, y: its top left)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x + self.width and self.y <= y <= self.bottom


class PageGeometry:
    """Page boxes (logical pixels, integer-aligned) stacked vertically and centred, for page
    `sizes` (PDF points) at `zoom`, `rotation` and device pixel ratio `dpr`, in a column at
    least `min_width` wide."""

    def __init__(
        self,
        sizes: Sequence[tuple[float, float]],
        zoom: float,
        rotation: int,
        dpr: float,
        min_width: int,
    ) -> None:
        self.sizes = tuple(sizes)
        self.zoom = zoom
        self.rotation = rotation
        self.dpr = dpr
        self.scale = zoom * PX_PER_PT  # logical pixels per point
        dims = [self._pixel_size(size) for size in self.sizes]
        widest = max((w for w, _ in dims), default=0.0)
        self.width = max(min_width, math.ceil(widest) + 2 * MARGIN)
        self.boxes: list[Box] = []
        self._tops: list[float] = []
        y = float(MARGIN)
        for w, h in dims:
            x = float(math.floor((self.width - w) / 2))
            self.boxes.append(Box(x, y, w, h))
            self._tops.append(y)
            y += math.ceil(h) + GAP
        self.height = int(y - GAP + MARGIN)

    def _pixel_size(self, size: tuple[float, float]) -> tuple[float, float]:
        w, h = rotated_size(size, self.rotation)
        # whole device pixels, rounded as MuPDF rounds a pixmap's size, so that the page image
        # is drawn 1:1 and stays crisp
        return (
            max(1, math.ceil(w * self.scale * self.dpr - 0.001)) / self.dpr,
            max(1, math.ceil(h * self.scale * self.dpr - 0.001)) / self.dpr,
        )

    def page_at(self, y: float) -> int:
        """The page at column height `y` (the one above when `y` falls in a gap)."""
        return max(0, min(len(self.boxes) - 1, bisect.bisect_right(self._tops, y) - 1))

    def pages_between(self, top: float, bottom: float) -> range:
        return range(self.page_at(top), self.page_at(bottom) + 1)

    def to_page(self, index: int, x: float, y: float) -> tuple[float, float]:
        """A column point as a point on page `index` (PDF points, unrotated page)."""
        box = self.boxes[index]
        w, h = self.sizes[index]
        rw, rh = rotated_size((w, h), self.rotation)
        X = (x - box.x) / (box.width / (rw or 1))
        Y = (y - box.y) / (box.height / (rh or 1))
        if self.rotation == 90:
            return Y, h - X
        if self.rotation == 180:
            return w - X, h - Y
        if self.rotation == 270:
            return w - Y, X
        return X, Y

    def from_page(self, index: int, x: float, y: float) -> tuple[float, float]:
        """A point on page `index` (PDF points) as a column point."""
        box = self.boxes[index]
        w, h = self.sizes[index]
        rw, rh = rotated_size((w, h), self.rotation)
        if self.rotation == 90:
            X, Y = h - y, x
        elif self.rotation == 180:
            X, Y = w - x, h - y
        elif self.rotation == 270:
            X, Y = y, w - x
        else:
            X, Y = x, y
        return box.x + X * box.width / rw, box.y + Y * box.height / rh

    def relative_spot(self, x: float, y: float) -> tuple[float, float]:
        """A column point in page units, whatever the zoom: (how far across the page at that
        height it lies, in page widths from its left edge; that page's index plus how far down
        it lies, in page heights). (0, 2.5) is the left edge, half-way down page 3."""
        if not self.boxes:
            return 0.0, 0.0
        page = self.page_at(y)
        box = self.boxes[page]
        return (x - box.x) / (box.width or 1), page + (y - box.y) / (box.height or 1)

    def from_relative(self, across: float, down: float) -> tuple[float, float]:
        """The column point of a `relative_spot` (pages beyond the last one: the last one)."""
        if not self.boxes:
            return 0.0, 0.0
        page = max(0, min(len(self.boxes) - 1, math.floor(down)))
        box = self.boxes[page]
        return box.x + across * box.width, box.y + (down - page) * box.height

    def box_from_page(self, index: int, rect: Sequence[float]) -> Box:
        """A rectangle on page `index` (x0, y0, x1, y1 in PDF points) as a column box."""
        ax, ay = self.from_page(index, rect[0], rect[1])
        bx, by = self.from_page(index, rect[2], rect[3])
        return Box(min(ax, bx), min(ay, by), abs(bx - ax), abs(by - ay))
