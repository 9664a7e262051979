"""The window's first look: the page read last, painted where the viewer showed it, before the
window's frame (menus, toolbar, viewer, panes) is even built.

At each save of a kept first page, and at exit, the viewer writes where that page was in the
window (`PdfView.first_look`, into the kept pages' index). A start that shows the same page
again, in a window restored at the same size and pixel ratio, shows the window with only that:
the viewer's area in its background colour and the page in it. The frame is built a moment later
around it and paints the same page at the same place, so that nothing moves; the menus, toolbar
and panes arrive around it.

A page never kept (a file never read) is rendered at once for its first look (`render_look`),
where the last look at this window size had the viewer's area, and handed to the first pages'
store so that the viewer paints that same render. For a file, the app's entry had the PDF host
render it ahead, before Qt was imported (`PdfHost.open_ahead`): `ahead_look` shows that render
before the window's services exist, if it is the page this window wants. Any other start (a
resized window, a changed file, a document to be reopened where it was left) shows nothing
early, as before.
"""

from __future__ import annotations

import logging
from dataclasses import astuple
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, QPoint, QRectF, QSize, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QMainWindow, QWidget

from lis_desktop.errors import DocumentError
from lis_desktop.pdf.night.images import image_from_samples
from lis_desktop.pdf.render_plan import FirstPageGuess, RenderKey, fit_zoom
from lis_desktop.settings import VIEWER_THUMBNAILS, Settings, reading_position_key
from lis_desktop.ui.viewer import kept_index, positions
from lis_desktop.ui.viewer.geometry import PageGeometry
from lis_desktop.ui.viewer.kept_index import look_for_launch
from lis_desktop.ui.viewer.night_mode import night_chosen

if TYPE_CHECKING:
    from lis_desktop.pdf.api import PdfDocument, PdfEngine
    from lis_desktop.tasks import Runner
    from lis_desktop.ui.viewer.first_pages import FirstPages

log = logging.getLogger(__name__)

WAIT_MS = 250  # at most, for the window system to let the look be painted
WAIT_RENDER_MS = 400  # at most, for the PDF host to render a page not kept (else as before)


class FirstLook(QWidget):
    """The central widget of a window that has no frame yet: the look's page on its viewer's
    background, drawn only while the window has the size the look was taken at."""

    painted = Signal()

    def __init__(self, look: dict[str, Any], image: QImage, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Loading")
        self.look = look
        self.image = image
        self.window_size = QSize(*(round(v) for v in look["window"]))
        self.viewport = QRectF(*look["viewport"])
        self.page = QRectF(*look["page"])
        # The viewer's background as a 1x1 image drawn over its area: QPainter.fillRect, like
        # every call with an overload taking a Qt.* enum, makes PySide6 build the whole Qt
        # namespace (~25 ms) the first time, which the frame can pay after this look is shown.
        self.background = QImage(1, 1, QImage.Format.Format_RGB32)
        self.background.setPixel(0, 0, QColor(look["background"]).rgb())
        self.drew_page = False

    def fits(self) -> bool:
        """Whether the window is as it was when the look was taken."""
        window = self.window()
        same_ratio = abs(window.devicePixelRatioF() - float(self.look["dpr"])) < 1e-3
        return window.size() == self.window_size and same_ratio

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.drew_page = self.fits()
        if self.drew_page:
            origin = QPoint(self.mapTo(self.window(), QPoint(0, 0)))
            viewport = self.viewport.translated(-origin.x(), -origin.y())
            painter.drawImage(viewport, self.background)
            painter.setClipRect(viewport)
            painter.drawImage(self.page.translated(-origin.x(), -origin.y()), self.image)
        painter.end()
        handle = self.window().windowHandle()
        if handle is not None and handle.isExposed():  # on screen: not only in the backing store
            self.painted.emit()


def load_look(folder: Path, file: str | None, region: str | None) -> FirstLook | None:
    """The first look for a launch showing `file` (absolute) or `region`, or None."""
    look = look_for_launch(folder, file, region)
    if look is None:
        return None
    image = QImage(str(folder / look["file"]))
    if image.isNull():
        log.info("The first look's page could not be read: %s", look["file"])
        return None
    image.setDevicePixelRatio(float(look["dpr"]))
    return FirstLook(look, image)


def show_first_look(window: QMainWindow, look: FirstLook) -> bool:
    """Show `window` (restored to its size already) with `look` as its content, and return once
    that is painted (WAIT_MS at most); False, and nothing shown, when the window has another
    size than the look's."""
    if window.size() != look.window_size or window.isMaximized() or window.isFullScreen():
        look.deleteLater()
        return False
    window.setCentralWidget(look)
    loop = QEventLoop()
    look.painted.connect(loop.quit)
    QTimer.singleShot(WAIT_MS, loop.quit)
    window.show()
    loop.exec()
    QGuiApplication.sync()  # the window system has the pixels before the frame is built
    return True


def render_look(
    window: QMainWindow,
    engine: PdfEngine,
    runner: Runner,
    first_pages: FirstPages,
    path: Path,
    name: str,
    settings: Settings,
) -> FirstLook | None:
    """The first look of a page not kept (a file never read, a summary not kept), rendered
    now by `engine` (the PDF host, loading PyMuPDF meanwhile) for the viewer's area as the last
    look at this window size had it, at the viewer's default (fit width, page 1); the page is
    given to `first_pages` for the viewer to paint it at once too. None when there is no such
    look, the document was read before (the viewer goes back to where the reader left it), needs
    a password, cannot be rendered within WAIT_RENDER_MS, or has pages and thumbnails (another
    viewer area)."""
    wanted = _wanted_look(window, first_pages.folder, path, name, settings)
    if wanted is None:
        return None
    base, guess = wanted
    opened = _render(engine, runner, path, guess)
    return _rendered_look(base, guess, name, opened, first_pages, settings)


def ahead_look(
    window: QMainWindow,
    engine: PdfEngine,
    first_pages: FirstPages,
    path: Path,
    name: str,
    settings: Settings,
) -> FirstLook | None:
    """`render_look` for a file the launch asked the PDF host to render ahead (the entry's
    `PdfHost.open_ahead`, before Qt was imported), before the window's services exist: the
    page the host rendered, if it is the one this window wants (the window came back at the
    look's size, the file was not read before, night mode is as it was) and it is there within
    WAIT_RENDER_MS; else None, and the viewer gets the host's reply as it opens the file."""
    wanted = _wanted_look(window, first_pages.folder, path, name, settings)
    if wanted is None:
        return None
    base, guess = wanted
    if not engine.ahead_ready(path, guess, WAIT_RENDER_MS / 1000):
        return None
    try:
        session, key, image = engine.open_and_render(path, None, guess, image_from_samples)
    except DocumentError as exc:
        log.info("No first look: %s", exc)
        return None
    session.close()  # the viewer opens it for itself
    opened = (tuple(session.page_sizes), key, image)
    return _rendered_look(base, guess, name, opened, first_pages, settings)


def _wanted_look(
    window: QMainWindow, folder: Path, path: Path, name: str, settings: Settings
) -> tuple[dict[str, Any], FirstPageGuess] | None:
    """The last look at this window's size (the base of a new look) and what the viewer will
    render first of `path` in it; None when there is no such look or the viewer will open the
    document elsewhere (it was read before)."""
    size, dpr = window.size(), window.devicePixelRatioF()
    base = kept_index.recent_look(folder, (size.width(), size.height()), dpr)
    doc = kept_index.identity(path)
    if base is None or doc is None or _read_before(settings, name, path):
        return None
    # On automatic, the colours of the last look: asking the OS makes PySide6 build its whole
    # Qt namespace (~13 ms). Should the OS have changed theme since, the frame's viewer renders
    # the page anew in its colours as soon as it opens the file.
    chosen = night_chosen(settings)
    night = kept_index.look_night(base) if chosen is None else chosen
    return base, kept_index.first_page_guess(base, doc, dpr, night)


def _rendered_look(
    base: dict[str, Any],
    guess: FirstPageGuess,
    name: str,
    opened: tuple[tuple[tuple[float, float], ...], RenderKey | None, QImage | None] | None,
    first_pages: FirstPages,
    settings: Settings,
) -> FirstLook | None:
    """The look of the page `guess` rendered (`opened`: the page sizes, its key and image), in
    the viewer's area of `base`, the page kept in `first_pages`; None without a page."""
    if opened is None:
        return None
    sizes, key, image = opened
    if key is None or image is None or (len(sizes) > 1 and settings.get(VIEWER_THUMBNAILS)):
        return None
    vx, vy, _vw, _vh = base["viewport"]
    zoom = fit_zoom("width", sizes, 0, guess.viewport, 0)
    box = PageGeometry(sizes, zoom, 0, guess.dpr, guess.viewport[0]).boxes[0]  # page 1's top
    look = {
        "doc": guess.doc, "name": name, "window": base["window"], "dpr": guess.dpr,
        "viewport": base["viewport"], "page": [vx + box.x, vy + box.y, box.width, box.height],
        "background": base["background"], "key": list(astuple(key)),
    }  # fmt: skip
    first_pages.keep(guess.doc, name, sizes, key, image)  # the viewer paints it from there
    return FirstLook(look, image)


def _read_before(settings: Settings, name: str, path: Path) -> bool:
    """Whether the viewer keeps a reading position for this document (it opens it there)."""
    try:
        size = path.stat().st_size
    except OSError:
        return True
    return bool(settings.get_raw(reading_position_key(positions.document_id(name, size))))


def _render(
    engine: PdfEngine, runner: Runner, path: Path, guess: FirstPageGuess
) -> tuple[tuple[tuple[float, float], ...], RenderKey | None, QImage | None] | None:
    """Open `path` and render `guess`'s page on `runner`, waiting WAIT_RENDER_MS at most; the
    document is closed again (the viewer opens it for itself)."""
    loop = QEventLoop()
    found: list[tuple[tuple[tuple[float, float], ...], RenderKey | None, QImage | None]] = []
    waiting = True

    def done(opened: tuple[PdfDocument, RenderKey | None, QImage | None]) -> None:
        session, key, image = opened
        runner.run(session.close, _ignored, _ignored)
        if waiting:
            found.append((tuple(session.page_sizes), key, image))
            loop.quit()

    def failed(exc: BaseException) -> None:
        log.info("No first look: %s", exc)  # a password, a damaged file: the viewer says so
        loop.quit()

    runner.run(lambda: engine.open_and_render(path, None, guess, image_from_samples), done, failed)
    QTimer.singleShot(WAIT_RENDER_MS, loop.quit)
    loop.exec()
    waiting = False
    return found[0] if found else None


def _ignored(_value: object) -> None:
    pass
