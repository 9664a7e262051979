"""Where each page sits in the viewer's continuous scroll, in Qt's points and rectangles for the
canvas to paint with: `geometry.PageGeometry` (the Qt-free arithmetic) as QRectF and QPointF."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF

from lis_desktop.ui.viewer.geometry import Box, PageGeometry


def qrect(box: Box) -> QRectF:
    return QRectF(box.x, box.y, box.width, box.height)


class PageLayout:
    """A page geometry for painting: page rectangles and point mapping with Qt types."""

    def __init__(
        self,
        sizes: Sequence[tuple[float, float]],
        zoom: float,
        rotation: int,
        dpr: float,
        min_width: int,
    ) -> None:
        self.geometry = PageGeometry(sizes, zoom, rotation, dpr, min_width)
        self.sizes = self.geometry.sizes
        self.scale = self.geometry.scale  # logical pixels per point
        self.width, self.height = self.geometry.width, self.geometry.height
        self.rects = [qrect(box) for box in self.geometry.boxes]

    def page_at(self, y: float) -> int:
        """The page at content height `y` (the one above when `y` falls in a gap)."""
        return self.geometry.page_at(y)

    def pages_between(self, top: float, bottom: float) -> range:
        return self.geometry.pages_between(top, bottom)

    def to_page(self, index: int, point: QPointF) -> tuple[float, float]:
        """A content point as a point on page `index` (PDF points, unrotated page)."""
        return self.geometry.to_page(index, point.x(), point.y())

    def from_page(self, index: int, x: float, y: float) -> QPointF:
        """A point on page `index` (PDF points) as a content point."""
        return QPointF(*self.geometry.from_page(index, x, y))

    def rect_from_page(self, index: int, box: Sequence[float]) -> QRectF:
        return qrect(self.geometry.box_from_page(index, box))
