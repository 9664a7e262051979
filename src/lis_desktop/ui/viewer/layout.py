"""Where each page sits in the viewer's continuous scroll, and mapping between page points and
view pixels for a given zoom, rotation and device pixel ratio."""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF

# The Qt-free part, shared with the PDF host; re-exported for the viewer's modules.
from lis_desktop.pdf.render_plan import MARGIN as MARGIN
from lis_desktop.pdf.render_plan import MAX_ZOOM as MAX_ZOOM
from lis_desktop.pdf.render_plan import MIN_ZOOM as MIN_ZOOM
from lis_desktop.pdf.render_plan import PX_PER_PT as PX_PER_PT
from lis_desktop.pdf.render_plan import clamp_zoom as clamp_zoom
from lis_desktop.pdf.render_plan import fit_zoom as fit_zoom
from lis_desktop.pdf.render_plan import rotated_size as rotated_size

GAP = 10  # logical pixels between pages
ZOOM_STEPS = (0.1, 0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0,
              4.0, 5.0, 6.0, 8.0)  # fmt: skip


def step_zoom(zoom: float, direction: int) -> float:
    """The next zoom step above (direction > 0) or below the current zoom."""
    if direction > 0:
        return next((z for z in ZOOM_STEPS if z > zoom * 1.01), MAX_ZOOM)
    return next((z for z in reversed(ZOOM_STEPS) if z < zoom / 1.01), MIN_ZOOM)


class PageLayout:
    """Page rectangles (logical pixels, integer-aligned) stacked vertically and centred."""

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
        self.rects: list[QRectF] = []
        self._tops: list[float] = []
        y = float(MARGIN)
        for w, h in dims:
            x = float(math.floor((self.width - w) / 2))
            self.rects.append(QRectF(x, y, w, h))
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
        """The page at content height `y` (the one above when `y` falls in a gap)."""
        return max(0, min(len(self.rects) - 1, bisect.bisect_right(self._tops, y) - 1))

    def pages_between(self, top: float, bottom: float) -> range:
        return range(self.page_at(top), self.page_at(bottom) + 1)

    def to_page(self, index: int, point: QPointF) -> tuple[float, float]:
        """A content point as a point on page `index` (PDF points, unrotated page)."""
        rect = self.rects[index]
        w, h = self.sizes[index]
        sx = rect.width() / (rotated_size((w, h), self.rotation)[0] or 1)
        sy = rect.height() / (rotated_size((w, h), self.rotation)[1] or 1)
        X = (point.x() - rect.x()) / sx
        Y = (point.y() - rect.y()) / sy
        if self.rotation == 90:
            return Y, h - X
        if self.rotation == 180:
            return w - X, h - Y
        if self.rotation == 270:
            return w - Y, X
        return X, Y

    def from_page(self, index: int, x: float, y: float) -> QPointF:
        """A point on page `index` (PDF points) as a content point."""
        rect = self.rects[index]
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
        return QPointF(rect.x() + X * rect.width() / rw, rect.y() + Y * rect.height() / rh)

    def rect_from_page(self, index: int, box: Sequence[float]) -> QRectF:
        a = self.from_page(index, box[0], box[1])
        b = self.from_page(index, box[2], box[3])
        return QRectF(a, b).normalized()
