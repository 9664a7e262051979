"""Qt-free arithmetic of the viewer's renders: the zoom that fits a page, the key of a page image,
and the page the view will show first once a document is open.

It lives below the UI so that the PDF host process (`pdf_host`) can work out the first render
of a document in the same request that opens it: one round trip instead of two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PX_PER_PT = 96 / 72  # 100% zoom shows a page at its physical size on a 96-dpi logical screen
MARGIN = 10  # logical pixels around the column of pages
MIN_ZOOM, MAX_ZOOM = 0.1, 8.0
# A page image larger than this is rendered in bands of rows, one worker job each: PyMuPDF holds
# the GIL while it renders, so the GUI thread waits for at most one band (a few milliseconds).
BAND_PIXELS = 1_600_000


def clamp_zoom(zoom: float) -> float:
    return min(MAX_ZOOM, max(MIN_ZOOM, zoom))


def rotated_size(size: tuple[float, float], rotation: int) -> tuple[float, float]:
    return (size[1], size[0]) if rotation in (90, 270) else size


def fit_zoom(
    mode: str,
    sizes: Sequence[tuple[float, float]],
    rotation: int,
    viewport: tuple[int, int],
    page: int,
) -> float:
    """The zoom at which the widest page fits the viewport's width ("width"), or page `page`
    fits it whole ("page")."""
    view_w = max(50, viewport[0] - 2 * MARGIN)
    view_h = max(50, viewport[1] - 2 * MARGIN)
    widest = max(rotated_size(s, rotation)[0] for s in sizes)
    zoom = view_w / (widest * PX_PER_PT)
    if mode == "page":
        w, h = rotated_size(sizes[page], rotation)
        zoom = min(view_w / (w * PX_PER_PT), view_h / (h * PX_PER_PT))
    return clamp_zoom(zoom)


@dataclass(frozen=True)
class RenderKey:
    """One rendered page image: document identity, page, zoom, rotation, device ratio, night."""

    doc: str
    page: int
    zoom: float  # logical pixels per point
    rotation: int
    dpr: float
    night: bool
    rows: tuple[int, int] | None = None  # a band of the page image (large pages), or all of it

    @property
    def scale(self) -> float:
        """Device pixels per point."""
        return self.zoom * self.dpr


@dataclass(frozen=True)
class FirstPageGuess:
    """What the view will show first once a document is open, so that the worker can render
    that page in the same job as the opening (one trip to the worker instead of two)."""

    doc: str
    mode: str
    zoom: float
    page: int
    dpr: float
    night: bool
    viewport: tuple[int, int]
    thumbs_width: int  # taken from the viewport for documents of more than one page

    def key(self, sizes: tuple[tuple[float, float], ...]) -> RenderKey | None:
        """The whole-page render the view will want first; None when it will want bands."""
        page = max(0, min(self.page, len(sizes) - 1))
        width = self.viewport[0] - (self.thumbs_width if len(sizes) > 1 else 0)
        if self.mode in ("width", "page"):
            zoom = fit_zoom(self.mode, sizes, 0, (width, self.viewport[1]), page)
        else:
            zoom = clamp_zoom(self.zoom)
        scale = round(zoom * PX_PER_PT, 7)
        w, h = sizes[page]
        if w * h * (scale * self.dpr) ** 2 > BAND_PIXELS:
            return None
        return RenderKey(self.doc, page, scale, 0, self.dpr, self.night)
