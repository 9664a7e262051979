"""The scrolling surface of the viewer: pages in one continuous column, painted from the render
cache, with zoom (anchored at the cursor), find-hit and selection highlights, and links.

It owns what it paints (the document's page sizes and layout, zoom, rotation, night, each page's
words and links, pages that failed, the find hits, the selection); others change it through its
methods and learn of changes from its signals. Its mouse handling is `pointer.Pointer`'s."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from lis_desktop.pdf.document import NIGHT_BLACK, LinkInfo, PageInfo
from lis_desktop.pdf.page_text import Rect, Run
from lis_desktop.pdf.render_plan import MARGIN, clamp_zoom, fit_zoom
from lis_desktop.ui.viewer.geometry import step_zoom
from lis_desktop.ui.viewer.layout import PageLayout
from lis_desktop.ui.viewer.pointer import Pointer
from lis_desktop.ui.viewer.positions import SavedPosition
from lis_desktop.ui.viewer.rendering import BAND_PIXELS, RenderCache, RenderKey
from lis_desktop.ui.viewer.selection import Selection

log = logging.getLogger(__name__)

HIT_COLOUR = QColor(255, 200, 0, 110)
CURRENT_HIT_COLOUR = QColor(255, 90, 0, 150)
SELECTION_ALPHA = 90  # the selection: the system's highlight colour, see-through
LOOK_AHEAD = 0.5  # screens rendered beyond the visible part, each way


@dataclass(frozen=True)
class Mark:
    """Rectangles on a page (PDF points) painted in a colour (with its alpha) over the page."""

    page: int
    rects: tuple[Rect, ...]
    colour: QColor


class PageCanvas(QAbstractScrollArea):
    """Shows the pages of one document; PdfView feeds it sizes, page data and the cache."""

    images_painted = Signal(list)  # [(RenderKey, width, height)] pages newly painted in full
    renders_needed = Signal()
    view_changed = Signal()  # zoom, scroll or rotation changed
    link_hovered = Signal(str)  # target, "" when the cursor leaves a link
    link_activated = Signal(object)  # LinkInfo
    page_data_needed = Signal(int)  # page index whose words/links are not known yet
    context_menu_requested = Signal(QPointF, QPoint)  # viewport position, global position

    def __init__(self, cache: RenderCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Our own viewport: handing out Qt's would make PySide load every QWidget subclass it
        # has not loaded yet to find its type (~10 ms at start-up). paintEvent fills it all.
        self.setViewport(QWidget())
        # paintEvent paints every pixel: Qt need not fill the background first.
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.cache = cache
        self.doc = ""
        self.sizes: tuple[tuple[float, float], ...] = ()
        self.zoom = 1.0
        self.fit_mode = "width"  # "width", "page" or "free"
        self.rotation = 0
        self._night = False
        self._failed: dict[int, str] = {}
        self._page_info: dict[int, PageInfo] = {}
        self._hits: list[tuple[int, tuple[Rect, ...]]] = []
        self._current_hit = -1
        self._marks: dict[str, tuple[Mark, ...]] = {}  # by layer, painted in layer order
        self.selection = Selection(self)
        self._announced: set[RenderKey] = set()
        self.pointer = Pointer(self, self)
        self.layout_ = PageLayout((), 1.0, 0, 1.0, 0)
        self._request_timer = QTimer(self, singleShot=True, interval=0)
        self._request_timer.timeout.connect(self.renders_needed)
        self._data_wanted: set[int] = set()
        self._data_timer = QTimer(self, singleShot=True, interval=40)
        self._data_timer.timeout.connect(self._on_data_timer_timeout)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.verticalScrollBar().setAccessibleName("Scroll the pages")
        self.horizontalScrollBar().setAccessibleName("Scroll the pages sideways")
        self._connect()

    def _connect(self) -> None:
        self.verticalScrollBar().valueChanged.connect(self._on_scrollbar_moved)
        self.horizontalScrollBar().valueChanged.connect(self._on_scrollbar_moved)
        self.selection.changed.connect(self.viewport().update)
        self.pointer.link_hovered.connect(self.link_hovered)
        self.pointer.link_activated.connect(self.link_activated)
        self.pointer.selection_started.connect(self._on_pointer_selection_started)
        self.pointer.selection_extended.connect(self._on_pointer_selection_extended)
        self.pointer.word_chosen.connect(self._on_pointer_word_chosen)

    # --- what it shows, read-only to others ---------------------------------------------------

    @property
    def night(self) -> bool:
        return self._night

    @property
    def page_info(self) -> Mapping[int, PageInfo]:
        """The words and links of the pages known so far."""
        return MappingProxyType(self._page_info)

    @property
    def failed(self) -> Mapping[int, str]:
        """Pages that cannot be drawn, with why."""
        return MappingProxyType(self._failed)

    @property
    def hits(self) -> Sequence[tuple[int, tuple[Rect, ...]]]:
        """The find hits highlighted: (page, rectangles of one hit)."""
        return tuple(self._hits)

    @property
    def current_hit(self) -> int:
        return self._current_hit

    def marks(self, layer: str) -> tuple[Mark, ...]:
        return self._marks.get(layer, ())

    # --- changing what it shows ---------------------------------------------------------------

    def set_night(self, night: bool) -> bool:
        """Paint the pages in night colours (or not); True when that changed."""
        if night == self._night:
            return False
        self._night = night
        self.viewport().update()
        return True

    def set_page_data(self, page: int, info: PageInfo, runs: Sequence[Run] | None = None) -> None:
        """A page's words and links (and its words' line runs) arrived from the worker."""
        self._page_info[page] = info
        self.selection.set_page(page, info, runs)
        self.viewport().update()

    def set_page_failed(self, page: int, message: str) -> None:
        self._failed[page] = message
        self.viewport().update()

    def set_marks(self, layer: str, marks: Sequence[Mark]) -> None:
        """Paint `marks` (highlights of words on the pages, e.g. notes or the words two
        summaries share) as the layer `layer`, under the find hits and the selection; an empty
        sequence removes the layer. Layers are painted in the order they were first set."""
        if marks:
            self._marks[layer] = tuple(marks)
        else:
            self._marks.pop(layer, None)
        self.viewport().update()

    def set_hits(self, hits: Sequence[tuple[int, tuple[Rect, ...]]], current: int) -> None:
        """Highlight `hits`; the one at `current` stands out and is scrolled into view."""
        self._hits, self._current_hit = list(hits), current
        if 0 <= current < len(self._hits):
            page, rects = self._hits[current]
            if rects:
                self.scroll_to_rect(page, rects[0])
        self.viewport().update()

    # --- document and geometry --------------------------------------------------------------

    def set_document(self, doc: str, sizes: Sequence[tuple[float, float]]) -> None:
        self.doc = doc
        self.sizes = tuple(sizes)
        self._failed.clear()
        self._page_info.clear()
        self._hits, self._current_hit = [], -1
        self._marks.clear()
        self.selection.forget_pages()
        self._announced.clear()
        self.pointer.reset()
        self.rotation = 0
        self._relayout()

    def dpr(self) -> float:
        return float(self.viewport().devicePixelRatioF())

    def key_for(self, page: int, rows: tuple[int, int] | None = None) -> RenderKey:
        scale = round(self.layout_.scale, 7)
        return RenderKey(self.doc, page, scale, self.rotation, self.dpr(), self._night, rows)

    def _relayout(self, anchor: QPointF | None = None) -> None:
        spot = self.spot_at(anchor) if anchor is not None and self.layout_.rects else None
        if self.fit_mode != "free" and self.sizes:
            self.zoom = self._fit_zoom(self.fit_mode)
        width = self.viewport().width()
        self._announced.clear()  # a new zoom or rotation: each page painted is announced again
        self.layout_ = PageLayout(self.sizes, self.zoom, self.rotation, self.dpr(), width)
        self.horizontalScrollBar().setRange(0, max(0, self.layout_.width - width))
        self.verticalScrollBar().setRange(0, max(0, self.layout_.height - self.viewport().height()))
        self.horizontalScrollBar().setPageStep(width)
        self.verticalScrollBar().setPageStep(self.viewport().height())
        self.verticalScrollBar().setSingleStep(40)
        self.horizontalScrollBar().setSingleStep(40)
        if spot is not None and anchor is not None:
            page, x, y = spot
            target = self.layout_.from_page(page, x, y)
            self.horizontalScrollBar().setValue(round(target.x() - anchor.x()))
            self.verticalScrollBar().setValue(round(target.y() - anchor.y()))
        self.viewport().update()
        self.view_changed.emit()
        self._request_timer.start()

    def _fit_zoom(self, mode: str) -> float:
        size = self.viewport().size()
        page = self.current_page()
        return fit_zoom(mode, self.sizes, self.rotation, (size.width(), size.height()), page)

    def spot_at(self, anchor: QPointF) -> tuple[int, float, float]:
        """The page point under a viewport position."""
        return self._spot(anchor + QPointF(self._offset()))

    def _spot(self, content: QPointF) -> tuple[int, float, float]:
        """The page point at a content point."""
        page = self.layout_.page_at(content.y())
        x, y = self.layout_.to_page(page, content)
        return page, x, y

    def _offset(self) -> QPoint:
        return QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def content_point(self, pos: QPointF) -> QPointF:
        return pos + QPointF(self._offset())

    def viewport_rect(self, page: int, box: Rect) -> QRectF:
        """Where a page rectangle (PDF points) is in the viewport now."""
        return self.layout_.rect_from_page(page, box).translated(-QPointF(self._offset()))

    def page_in_viewport(self, page: int) -> QRectF:
        """Where the whole of `page` is in the viewport now (perhaps partly outside it)."""
        return QRectF(self.layout_.rects[page]).translated(-QPointF(self._offset()))

    def request_page_data(self, page: int) -> None:
        """Load the words and links of `page` soon if they are not known (e.g. a screen reader
        asks for the text of a page not painted yet)."""
        if page not in self._page_info and 0 <= page < len(self.sizes):
            self._data_wanted.add(page)
            self._data_timer.start()

    # --- zoom, rotation, navigation ---------------------------------------------------------

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        if anchor is None:
            anchor = QPointF(self.viewport().width() / 2, self.viewport().height() / 2)
        self.fit_mode = "free"
        self.zoom = clamp_zoom(zoom)
        self._relayout(anchor)

    def zoom_step(self, direction: int, anchor: QPointF | None = None) -> None:
        self.set_zoom(step_zoom(self.zoom, direction), anchor)

    def set_fit_mode(self, mode: str) -> None:
        page = self.current_page()
        self.fit_mode = mode
        self._relayout()
        self.go_to_page(page)

    def rotate(self, degrees: int) -> None:
        page = self.current_page()
        self.rotation = (self.rotation + degrees) % 360
        self._relayout()
        self.go_to_page(page)

    def reading_position(self) -> SavedPosition | None:
        """Where the reader is: zoom mode, zoom and the page point at the top left."""
        if not self.layout_.rects:
            return None
        page, x, y = self.spot_at(QPointF(0, 0))
        return SavedPosition(self.fit_mode, self.zoom, page, x, y)

    def restore_position(self, saved: SavedPosition | None) -> None:
        """Go back where the reader left the document (fit width on page 1 if new)."""
        if saved is None:
            self.set_fit_mode("width")
            self.go_to_page(0)
            return
        if saved.mode == "free":
            self.set_zoom(saved.zoom)
        else:
            self.set_fit_mode(saved.mode)
        page = min(saved.page, len(self.sizes) - 1)
        target = self.layout_.from_page(page, saved.x, saved.y)
        self.verticalScrollBar().setValue(round(target.y()))
        self.horizontalScrollBar().setValue(round(target.x()))

    def relative_position(self) -> tuple[float, float]:
        """Where the view stands whatever the zoom: its top left corner in page units, (page
        widths across, page index plus page heights down; `geometry.PageGeometry.relative_spot`).
        Another view can be kept in step with it (a comparison of two summaries)."""
        offset = self._offset()
        return self.layout_.geometry.relative_spot(offset.x(), offset.y())

    def set_relative_position(self, across: float, down: float) -> None:
        """Scroll the view's top left corner to a `relative_position` (as near as the scroll
        range allows)."""
        if self.layout_.rects:
            x, y = self.layout_.geometry.from_relative(across, down)
            self.horizontalScrollBar().setValue(round(x))
            self.verticalScrollBar().setValue(round(y))

    def current_page(self) -> int:
        if not self.layout_.rects:
            return 0
        bar = self.verticalScrollBar()
        if bar.value() >= bar.maximum() > 0:
            return len(self.layout_.rects) - 1
        return self.layout_.page_at(bar.value() + self.viewport().height() / 3)

    def go_to_page(self, page: int, y: float = 0.0) -> None:
        if not self.layout_.rects:
            return
        page = max(0, min(page, len(self.layout_.rects) - 1))
        point = self.layout_.from_page(page, 0.0, y) if y else self.layout_.rects[page].topLeft()
        self.verticalScrollBar().setValue(round(point.y() - MARGIN))

    def scroll_to_rect(self, page: int, box: Rect) -> None:
        """Bring a page rectangle into view, centred when it was outside."""
        rect = self.layout_.rect_from_page(page, box)
        view = QRectF(QPointF(self._offset()), self.viewport().size().toSizeF())
        if not view.adjusted(0, 20, 0, -20).contains(rect):
            self.verticalScrollBar().setValue(round(rect.center().y() - view.height() / 2))
            if not (view.left() <= rect.left() and rect.right() <= view.right()):
                self.horizontalScrollBar().setValue(round(rect.center().x() - view.width() / 2))

    def visible_pages(self) -> range:
        if not self.layout_.rects:
            return range(0)
        top = self.verticalScrollBar().value()
        return self.layout_.pages_between(top, top + self.viewport().height())

    def wanted_keys(self) -> list[RenderKey]:
        """What is visible (top to bottom), then a small look-ahead above and below."""
        if not self.layout_.rects:
            return []
        top, height = self.verticalScrollBar().value(), self.viewport().height()
        ahead = height * LOOK_AHEAD
        keys: list[RenderKey] = []
        for a, b in ((top, top + height), (top - ahead, top + height + ahead)):
            for page in self.layout_.pages_between(max(0.0, a), b):
                keys += [key for key, _ in self.tiles(page, a, b) if key not in keys]
        return keys

    def tiles(self, page: int, top: float, bottom: float) -> list[tuple[RenderKey, QRectF]]:
        """The renders that cover page `page` between content heights `top` and `bottom`, and
        where each is drawn: the whole page, or bands of rows when the page image is large."""
        rect = self.layout_.rects[page]
        dpr = self.dpr()
        width, height = round(rect.width() * dpr), round(rect.height() * dpr)
        if width * height <= BAND_PIXELS:
            return [(self.key_for(page), rect)]
        rows = max(16, BAND_PIXELS // max(1, width))
        tiles = []
        for y0 in range(0, height, rows):
            y1 = min(height, y0 + rows)
            band = QRectF(rect.x(), rect.y() + y0 / dpr, rect.width(), (y1 - y0) / dpr)
            if band.bottom() >= top and band.top() <= bottom:
                tiles.append((self.key_for(page, (y0, y1)), band))
        return tiles

    # --- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), self.palette().dark())
        offset = self._offset()
        painter.translate(-offset.x(), -offset.y())
        top, bottom = offset.y(), offset.y() + self.viewport().height()
        fresh: list[tuple[RenderKey, int, int]] = []
        missing = False
        for page in self.visible_pages():
            rect = self.layout_.rects[page]
            complete, size = self._paint_page(painter, page, top, bottom)
            missing = missing or (not complete and page not in self._failed)
            if size is not None:
                fresh.append((self.key_for(page), *size))
            if page in self._failed:
                painter.setPen(Qt.GlobalColor.red)
                flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap  # long messages
                painter.drawText(rect.adjusted(16, 0, -16, 0), flags, self._failed[page])
            self._paint_overlays(painter, page)
            if page not in self._page_info:
                self._data_wanted.add(page)
        painter.end()
        if fresh:
            self.images_painted.emit(fresh)
        if self._data_wanted:
            self._data_timer.start()  # text and links after the pages are on screen
        if missing:
            self._request_timer.start()

    def _paint_page(
        self, painter: QPainter, page: int, top: float, bottom: float
    ) -> tuple[bool, tuple[int, int] | None]:
        """Draw the page's renders (or a scaled stand-in while they come); returns whether it
        is complete, and its size in device pixels when this paint shows something new."""
        rect = self.layout_.rects[page]
        complete, new, size = True, False, None
        fallback: QImage | None = None
        tiles = [
            (key, target, self.cache.get(key)) for key, target in self.tiles(page, top, bottom)
        ]
        if any(image is None for *_, image in tiles):  # else the images cover the paper
            painter.fillRect(rect, QColor(NIGHT_BLACK) if self._night else Qt.GlobalColor.white)
        for key, target, image in tiles:
            if image is not None:
                painter.drawImage(target, image)
                if key not in self._announced:
                    self._announced.add(key)
                    new = True
                    size = (image.width(), image.height()) if key.rows is None else None
                continue
            complete = False
            fallback = fallback or self.cache.fallback(key)
            if fallback is not None:
                painter.save()
                painter.setClipRect(target)
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                painter.drawImage(rect, fallback)
                painter.restore()
        if not (complete and new):
            return complete, None
        dpr = self.dpr()
        return True, size or (round(rect.width() * dpr), round(rect.height() * dpr))

    def _on_data_timer_timeout(self) -> None:
        wanted, self._data_wanted = self._data_wanted, set()
        for page in sorted(wanted):
            if page not in self._page_info and page < len(self.sizes):
                self.page_data_needed.emit(page)

    def _paint_overlays(self, painter: QPainter, page: int) -> None:
        for layer in self._marks.values():
            for mark in layer:
                if mark.page == page:
                    for box in mark.rects:
                        painter.fillRect(self.layout_.rect_from_page(page, box), mark.colour)
        for number, (hit_page, rects) in enumerate(self._hits):
            if hit_page != page:
                continue
            current = number == self._current_hit
            colour = CURRENT_HIT_COLOUR if current else HIT_COLOUR
            for box in rects:
                rect = self.layout_.rect_from_page(page, box).adjusted(-1, -1, 1, 1)
                painter.fillRect(rect, colour)
                if current:  # framed too: the current match is not told by colour alone
                    self._frame(painter, rect)
        selection = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        selection.setAlpha(SELECTION_ALPHA)
        for rect in self.selection.content_rects(page, self.layout_):
            painter.fillRect(rect, selection)

    def _frame(self, painter: QPainter, rect: QRectF) -> None:
        """A frame round the current find hit, dark on day pages and light on night ones."""
        painter.save()
        pen = QPen(QColor(255, 255, 255) if self._night else QColor(0, 0, 0), 2)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(-1, -1, 1, 1))
        painter.restore()

    # --- events -----------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.sizes:
            anchor = QPointF(0, 0)
            self._relayout(anchor if self.layout_.rects else None)

    def _on_scrollbar_moved(self) -> None:
        self.view_changed.emit()
        self._request_timer.start()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.zoom_step(1 if delta > 0 else -1, event.position())
            event.accept()
            return
        super().wheelEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.DevicePixelRatioChange and self.sizes:
            self._relayout(QPointF(0, 0))  # moved to a screen of another density: re-render

    def viewportEvent(self, event: object) -> bool:
        if isinstance(event, QNativeGestureEvent) and (
            event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            self.set_zoom(self.zoom * (1.0 + event.value()), event.position())
            return True
        return bool(super().viewportEvent(event))  # type: ignore[arg-type]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        bar = self.verticalScrollBar()
        if event.key() == Qt.Key.Key_Home:
            bar.setValue(bar.minimum())
        elif event.key() == Qt.Key.Key_End:
            bar.setValue(bar.maximum())
        elif event.key() == Qt.Key.Key_Escape and not self.selection.is_empty():
            self.selection.clear()
        elif event.key() == Qt.Key.Key_Space:
            step = -bar.pageStep() if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 0
            bar.setValue(bar.value() + (step or bar.pageStep()))
        else:
            super().keyPressEvent(event)

    def link_at(self, pos: QPointF) -> LinkInfo | None:
        if not self.layout_.rects:
            return None
        content = self.content_point(pos)
        page = self.layout_.page_at(content.y())
        info = self._page_info.get(page)
        if info is None or not self.layout_.rects[page].contains(content):
            return None
        x, y = self.layout_.to_page(page, content)
        for link in info.links:
            x0, y0, x1, y1 = link.rect
            if x0 <= x <= x1 and y0 <= y <= y1:
                return link
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)  # not ours: the parent may want it
            return
        self.pointer.press(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.pointer.move(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.pointer.release(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.pointer.double_click(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.context_menu_requested.emit(QPointF(event.pos()), event.globalPos())

    def _on_pointer_selection_started(self, content: QPointF) -> None:
        if self.layout_.rects:
            self.selection.start(self._spot(content))

    def _on_pointer_selection_extended(self, content: QPointF) -> None:
        if self.layout_.rects:
            self.selection.extend(self._spot(content))

    def _on_pointer_word_chosen(self, content: QPointF) -> None:
        if self.layout_.rects:
            self.selection.select_word(self._spot(content))
