"""The PDF viewer widget: shows a document's pages (opened by `viewer_open`), an empty state, a
password prompt or a clear error. The public contract other widgets rely on lives here."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QPoint, QPointF, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from lis_desktop import trace
from lis_desktop.errors import LisError
from lis_desktop.pdf.api import PdfDocument, PdfEngine
from lis_desktop.settings import NIGHT_MODE, VIEWER_THUMBNAILS, Settings
from lis_desktop.tasks import Runner, ScopedRunner
from lis_desktop.ui.viewer import actions as viewer_actions
from lis_desktop.ui.viewer import features as viewer_features
from lis_desktop.ui.viewer import positions as viewer_state
from lis_desktop.ui.viewer.actions import ViewerActions
from lis_desktop.ui.viewer.canvas import PageCanvas
from lis_desktop.ui.viewer.notice import Notice
from lis_desktop.ui.viewer.opener import DocumentOpener
from lis_desktop.ui.viewer.panel import NoticePanel
from lis_desktop.ui.viewer.rendering import RenderCache, RenderKey, RenderQueue
from lis_desktop.ui.viewer.toolbar import ViewerToolbar

if TYPE_CHECKING:  # printing (QtPrintSupport) is loaded when first used
    from PySide6.QtPrintSupport import QPrinter

    from lis_desktop.ui.viewer.finder import Finder
    from lis_desktop.ui.viewer.printing import PrintJob
    from lis_desktop.ui.viewer.thumbnails import ThumbnailList

log = logging.getLogger(__name__)

T = TypeVar("T")


class PdfView(QWidget):
    """Shows one PDF (or an empty state); rendering runs on a single-thread runner."""

    import_requested = Signal()
    download_requested = Signal()
    page_rendered = Signal(str, int, int)  # key, width, height (device pixels)
    document_failed = Signal(str, str)  # key, message
    link_hovered = Signal(str)  # link target for the status bar, "" when none
    status_message = Signal(str)  # a short notice for the status bar
    page_changed = Signal(int, int)  # current page (1-based), page count
    zoom_changed = Signal(float)  # 1.0 = 100%

    def __init__(
        self,
        settings: Settings,
        engine: PdfEngine,
        runner: Runner,
        parent: QWidget | None = None,
    ) -> None:
        """`engine` opens the documents (the app's PDF host process, which several views may
        share; tests may give `LocalEngine`), and `runner` is the serial lane its requests are
        made on. Both belong to whoever made them (the composition root), who also stops them."""
        super().__init__(parent)
        self.settings = settings
        self._runner = ScopedRunner(runner, self)  # what comes back after the view is gone drops
        self.engine = engine
        self.cache = RenderCache()
        self.queue = RenderQueue(self._runner, self.cache, self)
        self.canvas = PageCanvas(self.cache)
        self.panel = NoticePanel()
        self.session: PdfDocument | None = None
        self._last_page = (-1, -1)
        self._save_timer = QTimer(self, singleShot=True, interval=400)
        self._save_timer.timeout.connect(self._save_state)
        # Made on first use: the thumbnail sidebar when a document is shown, the find bar when
        # find is used; neither is on screen at start-up.
        self._thumbs: ThumbnailList | None = None
        self._finder: Finder | None = None
        self.notice = Notice(self.canvas.viewport())
        self.commands = ViewerActions(self)
        self.toolbar = ViewerToolbar(self.commands.by_name)
        self.page_data = viewer_features.PageData(self)
        self._build_layout()
        self.opener = DocumentOpener(self)
        self._connect()
        self._on_canvas_selection_changed()
        self._apply_night()  # as chosen before ("on"/"off"), or following the OS theme
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_style_changed)
        self.clear()

    def _build_layout(self) -> None:
        """The toolbar and the pages in one page of a stack, the panel in the other. The find
        bar (under the toolbar) and the thumbnails (left of the pages) come when first used."""
        self.pages_area = QWidget()
        self._pages_row = QHBoxLayout()
        self._pages_row.setContentsMargins(0, 0, 0, 0)
        self._pages_row.setSpacing(0)
        self._pages_row.addWidget(self.canvas, 1)
        self._area_column = QVBoxLayout(self.pages_area)
        self._area_column.setContentsMargins(0, 0, 0, 0)
        self._area_column.setSpacing(0)
        self._area_column.addWidget(self.toolbar)
        self._area_column.addLayout(self._pages_row, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.panel)
        self.stack.addWidget(self.pages_area)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def _connect(self) -> None:
        self._connect_actions()
        self.toolbar.zoom_chosen.connect(self._on_toolbar_zoom_chosen)
        self.zoom_changed.connect(self.toolbar.show_zoom)
        self.panel.import_requested.connect(self.import_requested)
        self.panel.download_requested.connect(self.download_requested)
        self.canvas.renders_needed.connect(self._on_canvas_renders_needed)
        self.canvas.images_painted.connect(self._on_canvas_images_painted)
        self.canvas.view_changed.connect(self._on_canvas_view_changed)
        self.canvas.page_data_needed.connect(self.page_data.load)
        self.canvas.link_hovered.connect(self.link_hovered)
        self.canvas.selection.changed.connect(self._on_canvas_selection_changed)
        self.canvas.context_menu_requested.connect(self._on_canvas_context_menu_requested)
        self.canvas.link_activated.connect(lambda link: viewer_features.activate_link(self, link))
        self.queue.rendered.connect(self._on_queue_rendered)
        self.queue.failed.connect(self._on_queue_failed)
        self.status_message.connect(self.notice.show_message)
        self.link_hovered.connect(self.notice.show_message)

    def _connect_actions(self) -> None:
        commands = {
            "zoom_in": self.zoom_in,
            "zoom_out": self.zoom_out,
            "actual_size": self.actual_size,
            "fit_page": self.fit_page,
            "fit_width": self.fit_width,
            "rotate_left": lambda: self.rotate(-90),
            "rotate_right": lambda: self.rotate(90),
            "go_to_page": self.ask_page,
            "find": self.open_find,
            "find_next": self.find_next,
            "find_previous": self.find_previous,
            "copy": self.copy,
            "select_all": self.select_all,
            "print": self.print_document,
        }
        for name, command in commands.items():
            self.commands[name].triggered.connect(lambda _checked=False, run=command: run())
        self.commands["night_mode"].toggled.connect(self.set_night_mode)
        self.commands["thumbnails"].toggled.connect(self.set_thumbnails_visible)

    @property
    def thumbs(self) -> ThumbnailList:
        """The thumbnail sidebar left of the pages (hidden for one-page documents)."""
        if self._thumbs is None:
            from lis_desktop.ui.viewer.thumbnails import ThumbnailList

            thumbs = ThumbnailList(self.cache)
            thumbs.hide()  # shown for documents of more than one page
            self.queue.rendered.connect(thumbs.on_rendered)
            thumbs.page_chosen.connect(self.canvas.go_to_page)
            thumbs.renders_needed.connect(lambda keys: self.queue.request(keys, "thumbs"))
            self._pages_row.insertWidget(self._pages_row.indexOf(self.canvas), thumbs)
            self._thumbs = thumbs
        return self._thumbs

    @property
    def finder(self) -> Finder:
        """Find in the document: its bar sits under the viewer's toolbar while open."""
        if self._finder is None:
            from lis_desktop.ui.viewer.finder import Finder

            finder = Finder(self)
            column = self._area_column
            column.insertWidget(column.indexOf(self.toolbar) + 1, finder.bar)
            self._finder = finder
        return self._finder

    # --- the contract -------------------------------------------------------------------------

    def open_document(self, path: Path, key: str) -> None:
        """Show the PDF at `path`; `key` names it (region id, or the file path). Async."""
        self._leave_document()
        self.opener.open(path, key)

    def show_empty(self, title: str, message: str, *, can_download: bool) -> None:
        self._leave_document()
        self.panel.show_empty(title, message, can_download=can_download)
        self.stack.setCurrentWidget(self.panel)

    def clear(self) -> None:
        self._leave_document()
        self.panel.show_error("", "")
        self.stack.setCurrentWidget(self.panel)

    def shutdown(self) -> None:
        """Save the reading position and let go of the document (before the window closes; the
        engine and its lane are stopped by their owner)."""
        self._leave_document()

    def current_key(self) -> str | None:
        return self.opener.key

    def page_count(self) -> int:
        return len(self.canvas.sizes) if self.opener.shown else 0

    def zoom_in(self, anchor: QPointF | None = None) -> None:
        self.canvas.zoom_step(1, anchor)

    def zoom_out(self, anchor: QPointF | None = None) -> None:
        self.canvas.zoom_step(-1, anchor)

    def fit_width(self) -> None:
        self.canvas.set_fit_mode("width")

    def fit_page(self) -> None:
        self.canvas.set_fit_mode("page")

    def actual_size(self) -> None:
        self.canvas.set_zoom(1.0)

    def go_to_page(self, number: int) -> None:
        """Scroll to page `number` (1-based)."""
        self.canvas.go_to_page(number - 1)

    def current_page(self) -> int:
        return self.canvas.current_page() + 1

    def rotate(self, degrees: int) -> None:
        """Rotate the view (not the file) by a multiple of 90 degrees."""
        self.canvas.rotate(degrees)
        self._reset_thumbnails()

    def set_zoom(self, zoom: float) -> None:
        """Zoom to `zoom` (1.0 = 100%) around the middle of the view."""
        self.canvas.set_zoom(zoom)

    def show_search_hits(self, page_index: int, query: str) -> None:
        """Highlight the words and phrases of a full-text search on that page and scroll to it."""
        self.finder.show_search_hits(page_index, query)

    def open_find(self) -> None:
        if self.opener.key is not None:
            self.finder.open()

    def find_next(self) -> None:
        self.finder.step(1)

    def find_previous(self) -> None:
        self.finder.step(-1)

    def copy(self) -> None:
        viewer_features.copy_selection(self)

    def select_all(self) -> None:
        self.canvas.selection.select_all(len(self.canvas.sizes))

    def set_night_mode(self, on: bool) -> None:
        """Dark pages with light text (photographs keep their colours); remembered."""
        self.settings.set(NIGHT_MODE, "on" if on else "off")
        self._apply_night()

    def night_mode(self) -> bool:
        return self.canvas.night

    def set_thumbnails_visible(self, visible: bool) -> None:
        self.settings.set(VIEWER_THUMBNAILS, visible)
        self._reset_thumbnails()

    def print_document(self) -> None:
        """Ask for a printer and pages (Qt print dialog), then print them."""
        from lis_desktop.ui.viewer import printing as viewer_print

        viewer_print.print_document(self)

    def print_to(self, printer: QPrinter, pages: list[int] | None = None) -> PrintJob | None:
        """Print on an already set-up printer; the job reports `finished(ok, message)`."""
        from lis_desktop.ui.viewer import printing as viewer_print

        return viewer_print.print_to(self, printer, pages)

    def run_job(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run PyMuPDF work on the viewer's worker (never on the GUI thread)."""
        self._runner.run(fn, on_done, on_error or self._on_job_failed)

    def _on_job_failed(self, exc: BaseException) -> None:
        log.error("Viewer work failed", exc_info=exc)
        self.status_message.emit(str(exc) if isinstance(exc, LisError) else "Something failed.")

    def _on_style_changed(self) -> None:
        if self.settings.get(NIGHT_MODE) not in ("on", "off"):
            self._apply_night()

    def _apply_night(self) -> None:
        if viewer_features.apply_night(self):
            self._on_canvas_renders_needed()
            self._reset_thumbnails()

    def _reset_thumbnails(self) -> None:
        viewer_features.reset_thumbnails(self, self.opener.doc)

    def ask_page(self) -> None:
        """Ctrl+G: ask for a page number and go there."""
        viewer_features.ask_page(self)

    def actions_for_menu(self) -> list[QAction | None]:
        """The viewer's actions for the View menu, None marking a separator."""
        return self.commands.listed(viewer_actions.MENU)

    # --- opening ------------------------------------------------------------------------------

    def show_pages(
        self,
        doc: str,
        sizes: tuple[tuple[float, float], ...],
        saved: viewer_state.SavedPosition | None,
    ) -> None:
        """Put the pages of `doc` on the canvas at the saved (or default) position."""
        self.stack.setCurrentWidget(self.pages_area)
        self.canvas.set_document(doc, sizes)
        self._reset_thumbnails()
        layout = self.pages_area.layout()
        if layout is not None:
            layout.activate()  # the canvas gets its final width before the zoom is worked out
        viewer_state.restore(self.canvas, saved)
        self._on_canvas_renders_needed()
        viewer_features.focus_pages(self)

    def on_document_opened(self) -> None:
        if self._finder is not None:
            self._finder.on_document_opened()

    def _leave_document(self) -> None:
        """Remember where the reader was, drop the open document and any work for it."""
        if self.opener.key is not None and self.opener.shown:
            self._save_state()
        self.opener.forget()
        self.page_data.reset()
        self._last_page = (-1, -1)
        self.notice.clear()  # e.g. a link target from the document being left
        if self._finder is not None:
            self._finder.reset()
        self.queue.set_session(None, "")
        self.queue.request([])
        self.queue.request([], "thumbs")
        # The canvas keeps showing the old pages until the next document is ready: repainting
        # it now would only compete with the worker opening the next one.
        if self.session is not None:
            session, self.session = self.session, None
            self._runner.run(session.close, lambda _: None, self._on_close_failed)

    def _on_close_failed(self, exc: BaseException) -> None:
        log.warning("Closing a document failed: %s", exc)

    def _save_state(self) -> None:
        if self.opener.key is not None and self.canvas.sizes:
            viewer_state.save(self.settings, self.opener.state_id, self.canvas)

    # --- rendering ----------------------------------------------------------------------------

    def _on_canvas_renders_needed(self) -> None:
        if self.opener.doc:
            self.queue.request(self.canvas.wanted_keys())

    def _on_queue_rendered(self, key: RenderKey) -> None:
        if key.doc == self.opener.doc and key.page in self.canvas.visible_pages():
            self.canvas.viewport().update()

    def _on_queue_failed(self, key: RenderKey, message: str, reason: str) -> None:
        if key.doc != self.opener.doc:
            return
        self.canvas.set_page_failed(key.page, message)
        trace.emit("document_error", region=self.opener.key, reason=reason, message=message)
        self.opener.report_failure(message)

    def _on_canvas_images_painted(self, pages: list[tuple[RenderKey, int, int]]) -> None:
        for key, width, height in pages:
            if key.doc != self.opener.doc:
                continue
            ms = round((time.perf_counter() - self.opener.opened_at) * 1000, 1)
            trace.emit(
                "page_rendered", region=self.opener.key, ms=ms, width=width, height=height,
                page=key.page + 1,
            )  # fmt: skip
            self.page_rendered.emit(self.opener.key or "", width, height)
        self.opener.open_now_if_waiting()

    def _on_toolbar_zoom_chosen(self, wanted: str | float) -> None:
        if wanted == "width":
            self.fit_width()
        elif wanted == "page":
            self.fit_page()
        elif isinstance(wanted, float):
            self.set_zoom(wanted)
        self.canvas.setFocus()

    def _on_canvas_selection_changed(self) -> None:
        self.commands["copy"].setEnabled(not self.canvas.selection.is_empty())

    def _on_canvas_context_menu_requested(self, pos: QPointF, global_pos: QPoint) -> None:
        from lis_desktop.ui.viewer import context_menu as viewer_menu

        viewer_menu.show(self, pos, global_pos)

    def _on_canvas_view_changed(self) -> None:
        if self.opener.key is not None:
            self._save_timer.start()
        page = (self.canvas.current_page() + 1, len(self.canvas.sizes))
        if page != self._last_page:
            self._last_page = page
            self.toolbar.show_page(*page)
            if self._thumbs is not None:
                self._thumbs.show_current(page[0] - 1)
            self.page_changed.emit(*page)
        self.zoom_changed.emit(self.canvas.zoom)
