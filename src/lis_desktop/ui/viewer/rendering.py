"""Rendering for the viewer: a render cache and a queue where the latest request wins.

Only one render is in flight at a time on the (single-thread) runner; each new request replaces
the list of wanted pages (`wishes.RenderWishes`), so stale requests never start. The QImage is
built on the worker straight from the pixmap samples (with their stride) and copied before the
pixmap is freed.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from lis_desktop.errors import DocumentError
from lis_desktop.pdf.api import PdfDocument, PdfEngine
from lis_desktop.pdf.document import RenderedPage
from lis_desktop.pdf.night.images import image_from_samples as image_from_samples
from lis_desktop.pdf.page_memory import SpareMemory
from lis_desktop.pdf.render_plan import BAND_PIXELS as BAND_PIXELS
from lis_desktop.pdf.render_plan import FirstPageGuess as FirstPageGuess
from lis_desktop.pdf.render_plan import RenderKey as RenderKey
from lis_desktop.tasks import Runner
from lis_desktop.ui.viewer.wishes import RenderWishes

log = logging.getLogger(__name__)

CACHE_BYTES = 320 * 1024 * 1024


@dataclass
class Opened:
    session: PdfDocument
    key: RenderKey | None
    image: QImage | None


def open_and_render(
    engine: PdfEngine,
    path: Path,
    password: str | None,
    guess: FirstPageGuess | None,
    build: Callable[[RenderedPage], QImage],
) -> Opened:
    """Worker side: open the document and render the page the view will show first, in one
    request to the engine (for the PDF host: one round trip)."""
    return Opened(*engine.open_and_render(path, password, guess, build))


class PageImages:
    """The viewer's `build` of page images, on its worker, for either engine: like
    `image_from_samples`, but the samples are copied into memory made ready while the worker
    was idle when there is some (`page_memory`): the render cache keeps every image, so each
    needs fresh memory, whose page faults cost more than the copy itself (1.4 of 1.8 ms for a
    page 1000 px wide)."""

    def __init__(self) -> None:
        self._spares = SpareMemory()

    def __call__(self, page: RenderedPage) -> QImage:
        if not page.lasting:
            samples = memoryview(page.samples).cast("B")
            spare = self._spares.take(samples.nbytes)
            if spare is not None:
                spare[:] = samples
                page = replace(page, samples=memoryview(spare), lasting=True)
        return image_from_samples(page)

    @property
    def wanted(self) -> bool:
        """`prepare` would make memory for the next large page image."""
        return self._spares.wanted

    def prepare(self) -> None:
        """Make the memory for the next large page image (on the worker, while it is idle)."""
        self._spares.prepare()


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

    def __contains__(self, key: object) -> bool:
        return key in self._images

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
        self.images = PageImages()  # the build of every page image, also of first pages
        self._session: PdfDocument | None = None
        self._wishes = RenderWishes()
        self._busy = False

    def set_session(self, session: PdfDocument | None, doc: str) -> None:
        self._session = session
        self._wishes.doc = doc
        self._pump()

    def add(self, key: RenderKey, image: QImage) -> None:
        """A page rendered elsewhere (e.g. with the opening of its document)."""
        image.setDevicePixelRatio(key.dpr)
        self.cache.put(key, image)

    def request(self, keys: list[RenderKey], channel: str = "view") -> None:
        """Replace the wanted pages of `channel` (most important first) and start rendering."""
        self._wishes.want(keys, channel)
        self._pump()

    def pending(self) -> bool:
        """A render is running or wanted (and not known to be in the cache)."""
        return self._busy or self._wishes.waiting(self.cache.__contains__)

    def _cached(self, key: RenderKey) -> bool:
        return self.cache.get(key) is not None  # get: a key wanted again is used recently

    def _pump(self) -> None:
        if self._busy or self._session is None:
            return
        key = self._wishes.next(self._cached)
        if key is None:
            self._make_spare()
            return
        session, build = self._session, self.images
        self._busy = True

        def job() -> QImage:
            return session.render(key.page, key.scale, key.rotation, key.night, build, key.rows)

        self._runner.run(job, lambda image: self._on_job_done(key, image), self._job_failed(key))

    def _make_spare(self) -> None:
        """Nothing to render: memory for the next large page image, if it needs some."""
        if self.images.wanted:
            self._busy = True
            self._runner.run(self.images.prepare, self._on_spare_made, self._on_spare_failed)

    def _on_spare_made(self, _result: object) -> None:
        self._busy = False
        self._pump()

    def _on_spare_failed(self, exc: BaseException) -> None:
        log.warning("No memory made ahead of the next page image: %s", exc)
        self._busy = False  # not pumped: wanted again, it would only fail again

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
            self._wishes.failed(key)
            self.failed.emit(key, message, reason)
            self._pump()

        return on_error
