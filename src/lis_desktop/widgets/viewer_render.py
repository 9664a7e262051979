"""Rendering for the viewer: a render cache and a queue where the latest request wins.

Only one render is in flight at a time on the (single-thread) runner; each new request replaces
the list of wanted pages, so stale requests never start. The QImage is built on the worker straight
from the pixmap samples (with their stride) and copied before the pixmap is freed.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from lis_desktop.document import PdfSession, RenderedPage
from lis_desktop.errors import DocumentError
from lis_desktop.tasks import Runner
from lis_desktop.widgets.viewer_layout import PX_PER_PT, clamp_zoom, fit_zoom
from lis_desktop.widgets.viewer_night import night_image

log = logging.getLogger(__name__)

CACHE_BYTES = 320 * 1024 * 1024
# A page image larger than this is rendered in bands of rows, one worker job each: PyMuPDF holds
# the GIL while it renders, so the GUI thread waits for at most one band (a few milliseconds).
BAND_PIXELS = 1_600_000


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


@dataclass
class Opened:
    session: PdfSession
    key: RenderKey | None
    image: QImage | None


def open_and_render(path: Path, password: str | None, guess: FirstPageGuess | None) -> Opened:
    """Worker side: open the document and render the page the view will show first."""
    session = PdfSession.open(path, password)
    key = guess.key(session.page_sizes) if guess is not None else None
    if key is None:
        return Opened(session, None, None)
    try:
        image = session.render(key.page, key.scale, key.rotation, key.night, image_from_samples)
    except DocumentError:
        image = None  # the render queue tries again and reports the failure
    return Opened(session, key, image)


def image_from_samples(page: RenderedPage) -> QImage:
    """Wrap pixmap samples in a QImage (no re-encoding) and copy it so it outlives the pixmap;
    a night page is recoloured on the way (into a new image, so no copy is needed then)."""
    fmt = QImage.Format.Format_RGBA8888 if page.alpha else QImage.Format.Format_RGB888
    image = QImage(page.samples, page.width, page.height, page.stride, fmt)
    return night_image(image, page.keep) if page.night else image.copy()


class RenderCache:
    """Least-recently-used page images, bounded by their size in bytes."""

    def __init__(self, budget: int = CACHE_BYTES) -> None:
        self._budget = budget
        self._used = 0
        self._images: OrderedDict[RenderKey, QImage] = OrderedDict()

    def get(self, key: RenderKey) -> QImage | None:
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def put(self, key: RenderKey, image: QImage) -> None:
        old = self._images.pop(key, None)
        if old is not None:
            self._used -= old.sizeInBytes()
        self._images[key] = image
        self._used += image.sizeInBytes()
        while self._used > self._budget and len(self._images) > 1:
            _, dropped = self._images.popitem(last=False)
            self._used -= dropped.sizeInBytes()

    def fallback(self, key: RenderKey) -> QImage | None:
        """Any image of the same page and look (another zoom): shown scaled while rendering."""
        best: QImage | None = None
        for other, image in self._images.items():
            if (other.doc, other.page, other.rotation, other.night, other.rows) == (
                key.doc,
                key.page,
                key.rotation,
                key.night,
                None,
            ) and (best is None or image.width() > best.width()):
                best = image
        return best

    def __len__(self) -> int:
        return len(self._images)

    def entries(self) -> list[RenderKey]:
        return list(self._images)


class RenderQueue(QObject):
    """Renders wanted pages one at a time, newest wishes first; results land in the cache."""

    rendered = Signal(object)  # RenderKey
    failed = Signal(object, str, str)  # RenderKey, message, reason

    def __init__(self, runner: Runner, cache: RenderCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.cache = cache
        self._session: PdfSession | None = None
        self._doc = ""
        self._wanted: dict[str, list[RenderKey]] = {"view": [], "thumbs": []}
        self._failed: set[tuple[str, int]] = set()
        self._busy = False

    def set_session(self, session: PdfSession | None, doc: str) -> None:
        self._session = session
        self._doc = doc
        self._pump()

    def add(self, key: RenderKey, image: QImage) -> None:
        """A page rendered elsewhere (e.g. with the opening of its document)."""
        image.setDevicePixelRatio(key.dpr)
        self.cache.put(key, image)

    def request(self, keys: list[RenderKey], channel: str = "view") -> None:
        """Replace the wanted pages of `channel` (most important first) and start rendering."""
        self._wanted[channel] = list(keys)
        self._pump()

    def is_failed(self, doc: str, page: int) -> bool:
        return (doc, page) in self._failed

    def _next(self) -> RenderKey | None:
        for channel in ("view", "thumbs"):
            wanted = self._wanted[channel]
            while wanted:
                key = wanted.pop(0)
                if key.doc != self._doc or (key.doc, key.page) in self._failed:
                    continue
                if self.cache.get(key) is None:
                    return key
        return None

    def _pump(self) -> None:
        if self._busy or self._session is None:
            return
        key = self._next()
        if key is None:
            return
        session = self._session
        self._busy = True

        def job() -> QImage:
            return session.render(
                key.page, key.scale, key.rotation, key.night, image_from_samples, key.rows
            )

        self._runner.run(job, lambda image: self._on_job_done(key, image), self._job_failed(key))

    def _on_job_done(self, key: RenderKey, image: QImage) -> None:
        self._busy = False
        image.setDevicePixelRatio(key.dpr)
        self.cache.put(key, image)
        self.rendered.emit(key)
        self._pump()

    def _job_failed(self, key: RenderKey) -> Callable[[BaseException], None]:
        def on_error(exc: BaseException) -> None:
            self._busy = False
            if isinstance(exc, DocumentError):
                message, reason = str(exc), exc.reason
            else:
                log.error("Rendering page %d failed", key.page + 1, exc_info=exc)
                message, reason = f"Page {key.page + 1} cannot be drawn.", "render"
            self._failed.add((key.doc, key.page))
            self.failed.emit(key, message, reason)
            self._pump()

        return on_error
