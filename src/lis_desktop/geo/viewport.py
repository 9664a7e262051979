"""Fit, zoom and pan as plain arithmetic: which map point each pixel of a pane shows.

`Viewport` maps map units (see `areas.project`) to pixels of a rectangle (the part of the pane
the map is drawn in): a uniform scale and an offset. Zoom 1 fits the whole map with a margin;
zooming keeps the map point under the pointer where it is; the centre never leaves the map.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from lis_desktop.geo.areas import Box, Point

MIN_ZOOM = 1.0
MAX_ZOOM = 48.0
STEP = 1.25  # one wheel notch, one + or − key press
MARGIN = 8.0  # pixels around the fitted map


@dataclass(frozen=True)
class Viewport:
    """The map's `box` shown in the pixel rectangle (left, top, width, height)."""

    box: Box
    left: float = 0.0
    top: float = 0.0
    width: float = 1.0
    height: float = 1.0
    zoom: float = MIN_ZOOM  # 1: the whole map fits
    centre: Point | None = None  # the map point at the rectangle's centre; None: the box's

    @property
    def fit_scale(self) -> float:
        """Pixels per map unit at zoom 1."""
        x0, y0, x1, y1 = self.box
        room_w = max(1.0, self.width - 2 * MARGIN)
        room_h = max(1.0, self.height - 2 * MARGIN)
        return min(room_w / max(x1 - x0, 1e-9), room_h / max(y1 - y0, 1e-9))

    @property
    def scale(self) -> float:
        return self.fit_scale * self.zoom

    @property
    def fitted(self) -> bool:
        return self.zoom == MIN_ZOOM and self.centre is None

    def _centre(self) -> Point:
        if self.centre is not None:
            return self.centre
        x0, y0, x1, y1 = self.box
        return ((x0 + x1) / 2, (y0 + y1) / 2)

    def offset(self) -> Point:
        """(dx, dy) with pixel = map point · scale + (dx, dy)."""
        cx, cy = self._centre()
        s = self.scale
        return (self.left + self.width / 2 - cx * s, self.top + self.height / 2 - cy * s)

    def to_pixels(self, x: float, y: float) -> Point:
        dx, dy = self.offset()
        s = self.scale
        return (x * s + dx, y * s + dy)

    def to_map(self, px: float, py: float) -> Point:
        dx, dy = self.offset()
        s = self.scale
        return ((px - dx) / s, (py - dy) / s)

    def visible_box(self) -> Box:
        x0, y0 = self.to_map(self.left, self.top)
        x1, y1 = self.to_map(self.left + self.width, self.top + self.height)
        return (x0, y0, x1, y1)

    # -- changes (each returns a new viewport) ---------------------------------------------
    def resized(self, left: float, top: float, width: float, height: float) -> Viewport:
        return replace(self, left=left, top=top, width=max(1.0, width), height=max(1.0, height))

    def reset(self) -> Viewport:
        return replace(self, zoom=MIN_ZOOM, centre=None)

    def zoomed(self, factor: float, anchor: Point | None = None) -> Viewport:
        """Zoom by `factor`, keeping the map point under the pixel `anchor` (default: the
        centre) where it is; back at zoom 1 the map is fitted again."""
        zoom = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom * factor))
        if zoom == MIN_ZOOM:
            return self.reset()
        if anchor is None:
            anchor = (self.left + self.width / 2, self.top + self.height / 2)
        mx, my = self.to_map(*anchor)
        s = self.fit_scale * zoom
        # keep (mx, my) at `anchor`: centre = m − (anchor − rect centre) / s
        cx = mx - (anchor[0] - self.left - self.width / 2) / s
        cy = my - (anchor[1] - self.top - self.height / 2) / s
        return replace(self, zoom=zoom, centre=self._clamped((cx, cy)))

    def panned(self, dx: float, dy: float) -> Viewport:
        """Move the map by (dx, dy) pixels (a drag to the right moves it right)."""
        if self.fitted and not (dx or dy):
            return self
        cx, cy = self._centre()
        s = self.scale
        return replace(self, centre=self._clamped((cx - dx / s, cy - dy / s)))

    def showing(self, box: Box, *, margin: float = 0.1) -> Viewport:
        """Panned (never zoomed) so that `box`'s centre is in view, when it is not yet."""
        x0, y0, x1, y1 = self.visible_box()
        bx, by = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        inset_x, inset_y = (x1 - x0) * margin, (y1 - y0) * margin
        if x0 + inset_x <= bx <= x1 - inset_x and y0 + inset_y <= by <= y1 - inset_y:
            return self
        return replace(self, centre=self._clamped((bx, by)))

    def _clamped(self, centre: Point) -> Point:
        x0, y0, x1, y1 = self.box
        return (min(max(centre[0], x0), x1), min(max(centre[1], y0), y1))
