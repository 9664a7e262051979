"""The thumbnails sidebar: small page images (only those scrolled into view are rendered)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QWidget

from lis_desktop.pdf.render_plan import rotated_size
from lis_desktop.ui.viewer.rendering import RenderCache, RenderKey

THUMB_WIDTH = 96  # logical pixels


class ThumbnailList(QListWidget):
    """One item per page; asks for renders of the visible items and shows them as icons."""

    page_chosen = Signal(int)  # page index
    renders_needed = Signal(list)  # [RenderKey] for the thumbnails in view

    def __init__(self, cache: RenderCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self.doc = ""
        self.sizes: tuple[tuple[float, float], ...] = ()
        self.rotation = 0
        self.night = False
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(False)
        self.setLayoutMode(QListView.LayoutMode.Batched)  # thousands of pages: laid out in
        self.setBatchSize(200)  # steps between events, never in one long freeze
        self.setSpacing(6)
        self.setIconSize(QSize(THUMB_WIDTH, round(THUMB_WIDTH * 1.5)))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFixedWidth(THUMB_WIDTH + 48)
        self.setAccessibleName("Page thumbnails")
        self._follow = -1  # the current page, scrolled to once the batched layout reaches it
        self._follow_tries = 0
        self._follow_timer = QTimer(self, singleShot=True, interval=40)
        self._follow_timer.timeout.connect(self._scroll_to_current)
        self._timer = QTimer(self, singleShot=True, interval=30)
        self._timer.timeout.connect(self._request_visible)
        self.verticalScrollBar().valueChanged.connect(lambda _value: self._timer.start())
        self.itemClicked.connect(lambda item: self.page_chosen.emit(self.row(item)))

    def set_document(
        self, doc: str, sizes: tuple[tuple[float, float], ...], rotation: int, night: bool
    ) -> None:
        self.doc, self.sizes, self.rotation, self.night = doc, sizes, rotation, night
        self.clear()
        blanks: dict[int, QIcon] = {}  # one shared blank per height: thousands of pages are cheap
        for number, size in enumerate(sizes, start=1):
            w, h = rotated_size(size, rotation)
            height = max(1, round(THUMB_WIDTH * h / w))
            if height not in blanks:
                blanks[height] = self._blank(height)
            item = QListWidgetItem(blanks[height], str(number))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Page {number}")
            self.addItem(item)
        self._timer.start()

    def key_for(self, page: int) -> RenderKey:
        w, _ = rotated_size(self.sizes[page], self.rotation)
        zoom = round(THUMB_WIDTH / w, 4)
        return RenderKey(self.doc, page, zoom, self.rotation, self.devicePixelRatioF(), self.night)

    def show_current(self, page: int) -> None:
        if 0 <= page < self.count() and self.currentRow() != page:
            self.blockSignals(True)
            self.setCurrentRow(page)
            self.blockSignals(False)
            self._follow, self._follow_tries = page, 0
            self._scroll_to_current()

    def _scroll_to_current(self) -> None:
        """Scroll to the current page; while the batched layout has not reached it, try again
        a little later (the layout goes on between events)."""
        page, self._follow = self._follow, -1
        if not 0 <= page < self.count() or page != self.currentRow():
            return
        item = self.item(page)
        self.scrollToItem(item)
        seen = self.visualItemRect(item).intersects(self.viewport().rect())
        if self.isVisible() and not seen and self._follow_tries < 100:  # at most a few seconds
            self._follow, self._follow_tries = page, self._follow_tries + 1
            self._follow_timer.start()

    def on_rendered(self, key: RenderKey) -> None:
        if key.doc != self.doc or not 0 <= key.page < self.count():
            return
        if key == self.key_for(key.page):
            image = self.cache.get(key)
            if image is not None:
                self.item(key.page).setIcon(_icon(QPixmap.fromImage(image)))

    def _blank(self, height: int) -> QIcon:
        pixmap = QPixmap(THUMB_WIDTH, height)
        pixmap.fill(QColor(0x1E1F22) if self.night else QColor("white"))
        return _icon(pixmap)

    def _request_visible(self) -> None:
        if not self.isVisible() or not self.sizes:
            return
        view = self.viewport().rect()
        keys = []
        first = self.indexAt(view.topLeft() + QPoint(THUMB_WIDTH // 2, 1)).row()
        last = self.indexAt(view.bottomLeft() + QPoint(THUMB_WIDTH // 2, -1)).row()
        rows = range(max(0, first - 1), (last if last >= 0 else self.count() - 1) + 2)
        for row in rows:  # only the rows near the visible ones: thousands of pages stay cheap
            if row < self.count() and self.visualItemRect(self.item(row)).intersects(view):
                key = self.key_for(row)
                if self.cache.get(key) is None:
                    keys.append(key)
                else:
                    self.on_rendered(key)
        self.renders_needed.emit(keys)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self._timer.start()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._timer.start()


def _icon(pixmap: QPixmap) -> QIcon:
    """The page as it is also when selected (the selection shows around it, not over it)."""
    painter = QPainter(pixmap)
    painter.setPen(QColor(150, 150, 150))
    edge = QRectF(QPointF(0, 0), pixmap.deviceIndependentSize()).adjusted(0.5, 0.5, -0.5, -0.5)
    painter.drawRect(edge)  # a page edge on a white list
    painter.end()
    icon = QIcon()
    icon.addPixmap(pixmap, QIcon.Mode.Normal)
    icon.addPixmap(pixmap, QIcon.Mode.Selected)
    return icon
