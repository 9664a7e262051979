"""The PDF viewer widget: a document's pages, or an empty state, a password prompt or a clear
error in their place. It composes its parts and joins their signals in `_connect`; the public
contract other widgets rely on lives here.

The parts own their state and import nothing of this module: the opener (the document being
shown and its session), the canvas (what is painted) with its pointer and selection, the render
queue and cache, page data (words and links), the actions, the toolbar, the finder, thumbnails,
printing, the context menu and links.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import astuple
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QImage
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QInputDialog,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from lis_desktop import trace
from lis_desktop.errors import LisError
from lis_desktop.pdf.api import PdfDocument, PdfEngine
from lis_desktop.pdf.document import LinkInfo, PageInfo, Word
from lis_desktop.pdf.page_text import Run
from lis_desktop.settings import NIGHT_MODE, VIEWER_THUMBNAILS, Settings, reading_position_key
from lis_desktop.tasks import Runner, ScopedRunner
from lis_desktop.ui.viewer import links, positions
from lis_desktop.ui.viewer.accessible import PageSpeech
from lis_desktop.ui.viewer.actions import MENU, ViewerActions
from lis_desktop.ui.viewer.canvas import PageCanvas
from lis_desktop.ui.viewer.first_pages import FirstPages
from lis_desktop.ui.viewer.night_mode import night_wanted
from lis_desktop.ui.viewer.notice import Notice
from lis_desktop.ui.viewer.opener import DocumentOpener, Sizes
from lis_desktop.ui.viewer.page_data import PageData
from lis_desktop.ui.viewer.panel import NoticePanel
from lis_desktop.ui.viewer.positions import SavedPosition
from lis_desktop.ui.viewer.rendering import FirstPageGuess, RenderCache, RenderKey, RenderQueue
from lis_desktop.ui.viewer.toolbar import ViewerToolbar

if TYPE_CHECKING:  # printing (QtPrintSupport) is loaded when first used
    from PySide6.QtPrintSupport import QPrinter

    from lis_desktop.ui.viewer.finder import Finder
    from lis_desktop.ui.viewer.printing import PrintJob
    from lis_desktop.ui.viewer.thumbnails import ThumbnailList

log = logging.getLogger(__name__)

T = TypeVar("T")


class PdfView(QWidget):
    """Shows one PDF (or an empty state); its engine's requests run on a serial lane."""

    import_requested = Signal()
    download_requested = Signal()
    page_rendered = Signal(str, int, int)  # key, width, height (device pixels)
    document_failed = Signal(str, str)  # key, message
    link_hovered = Signal(str)  # link target for the status bar, "" when none
    status_message = Signal(str)  # a short notice for the status bar
    page_changed = Signal(int, int)  # current page (1-based), page count
    zoom_changed = Signal(float)  # 1.0 = 100%
    document_opened = Signal(str)  # key: its session is open (words, links, find, copy)

    def __init__(
        self,
        settings: Settings,
        engine: PdfEngine,
        runner: Runner,
        parent: QWidget | None = None,
        first_pages: FirstPages | None = None,
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
        self.speech = PageSpeech(self.canvas, self)  # what a screen reader is told
        self.panel = NoticePanel()
        self.notice = Notice(self.canvas.viewport())
        self.commands = ViewerActions(self)
        self.toolbar = ViewerToolbar(self.commands.by_name)
        self.page_data = PageData(self._runner, self)
        self.opener = DocumentOpener(
            engine, self._runner, settings, self.queue.images, self._first_page_guess, self,
            first_pages,
        )  # fmt: skip
        self._kept: RenderKey | None = None  # the page of the document shown given to first_pages
        if first_pages is not None:
            first_pages.look_source = self.first_look
        self._shown = False  # the pages of the document being opened are on the canvas
        self._failure_reported = False  # document_failed is emitted once per opening
        self._last_page = (-1, -1)
        self._save_timer = QTimer(self, singleShot=True, interval=400)
        # Made on first use: the thumbnail sidebar when a document is shown, the find bar when
        # find is used; neither is on screen at start-up.
        self._thumbs: ThumbnailList | None = None
        self._finder: Finder | None = None
        self._build_layout()
        self._connect()
        self._on_selection_changed()
        self._apply_night()  # as chosen before ("on"/"off"), or following the OS theme
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
        self.opener.opening.connect(self._on_opener_opening)
        self.opener.layout_known.connect(self._on_opener_layout_known)
        self.opener.first_page_rendered.connect(self._on_opener_first_page_rendered)
        self.opener.page_kept.connect(self._on_opener_first_page_rendered)
        self.opener.opened.connect(self._on_opener_opened)
        self.opener.slow.connect(self._on_opener_slow)
        self.opener.password_needed.connect(self._on_opener_password_needed)
        self.opener.failed.connect(self._on_opener_failed)
        self.panel.import_requested.connect(self.import_requested)
        self.panel.download_requested.connect(self.download_requested)
        self.panel.password_entered.connect(self.opener.enter_password)
        self.panel.password_cancelled.connect(self._on_panel_password_cancelled)
        self.panel.password_retry_requested.connect(self._on_panel_password_retry_requested)
        self.canvas.renders_needed.connect(self._on_canvas_renders_needed)
        self.canvas.images_painted.connect(self._on_canvas_images_painted)
        self.canvas.view_changed.connect(self._on_canvas_view_changed)
        self.canvas.page_data_needed.connect(self.page_data.load)
        self.canvas.link_hovered.connect(self.link_hovered)
        self.canvas.link_activated.connect(self._on_canvas_link_activated)
        self.canvas.context_menu_requested.connect(self._on_canvas_context_menu_requested)
        self.canvas.selection.changed.connect(self._on_selection_changed)
        self.page_data.loaded.connect(self._on_page_data_loaded)
        self.queue.rendered.connect(self._on_queue_rendered)
        self.queue.failed.connect(self._on_queue_failed)
        self.toolbar.zoom_chosen.connect(self._on_toolbar_zoom_chosen)
        self.zoom_changed.connect(self.toolbar.show_zoom)
        self.status_message.connect(self.notice.show_message)
        self.link_hovered.connect(self.notice.show_message)
        self._save_timer.timeout.connect(self._save_position)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_style_changed)

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

            finder = Finder(self.canvas, self._runner, self)
            finder.set_session(self.opener.session)
            column = self._area_column
            column.insertWidget(column.indexOf(self.toolbar) + 1, finder.bar)
            self._finder = finder
        return self._finder

    # --- the contract -------------------------------------------------------------------------

    def open_document(
        self, path: Path, key: str, title: str = "", *, position: SavedPosition | None = None
    ) -> None:
        """Show the PDF at `path`; `key` names it (region id, or the file path), `title` is
        what assistive technology calls it (the file's name by default). Async. It opens where
        the reader left it, or at `position` (e.g. where another view stands)."""
        self._leave_document()
        self.speech.set_title(title or path.name)
        self.opener.open(path, key, position)

    def show_empty(self, title: str, message: str, *, can_download: bool) -> None:
        self._leave_document()
        self.panel.show_empty(title, message, can_download=can_download)
        self.stack.setCurrentWidget(self.panel)

    def clear(self) -> None:
        self._leave_document()
        self.panel.show_error("", "")
        self.stack.setCurrentWidget(self.panel)

    def shutdown(self) -> None:
        """Save the reading position, the kept page and the window's look, and let go of the
        document (before the window closes; the engine and its lane are stopped by their
        owner)."""
        if self.opener.first_pages is not None:
            self.opener.first_pages.flush()  # asks first_look() while the page is still shown
        self._leave_document()

    def first_look(self) -> dict[str, object] | None:
        """Where the page kept of the document shown is in the window now, for the next start
        to paint it there first (see ui/first_look.py); None when it is not on screen as kept
        (another zoom, night mode changed, the viewer hidden, no page kept)."""
        key = self._kept
        canvas = self.canvas
        if key is None or key.doc != canvas.doc or not canvas.isVisible() or not self._shown:
            return None
        if key.page >= len(canvas.layout_.rects) or canvas.key_for(key.page) != key:
            return None
        window = self.window()
        origin = QPointF(canvas.viewport().mapTo(window, QPoint(0, 0)))
        viewport = canvas.viewport().rect()
        page = canvas.page_in_viewport(key.page).translated(origin)
        return {
            "doc": key.doc, "name": self.opener.key or "",
            "window": [window.width(), window.height()], "dpr": key.dpr,
            "viewport": [origin.x(), origin.y(), viewport.width(), viewport.height()],
            "page": [page.x(), page.y(), page.width(), page.height()],
            "background": canvas.palette().dark().color().name(), "key": list(astuple(key)),
            "thumbs": self.thumbs.width() if self.thumbs.isVisible() else 0,
        }  # fmt: skip

    @property
    def session(self) -> PdfDocument | None:
        """The document open in the engine, once it is."""
        return self.opener.session

    def current_key(self) -> str | None:
        return self.opener.key

    def page_count(self) -> int:
        return len(self.canvas.sizes) if self._shown else 0

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

    def set_zoom(self, zoom: float) -> None:
        """Zoom to `zoom` (1.0 = 100%) around the middle of the view."""
        self.canvas.set_zoom(zoom)

    def go_to_page(self, number: int) -> None:
        """Scroll to page `number` (1-based)."""
        self.canvas.go_to_page(number - 1)

    def current_page(self) -> int:
        return self.canvas.current_page() + 1

    def ask_page(self) -> None:
        """Ctrl+G: ask for a page number and go there."""
        count = self.page_count()
        if count:
            number, ok = QInputDialog.getInt(
                self, "Go to Page", f"Page (1–{count}):", self.current_page(), 1, count
            )
            if ok:
                self.go_to_page(number)

    def rotate(self, degrees: int) -> None:
        """Rotate the view (not the file) by a multiple of 90 degrees."""
        self.canvas.rotate(degrees)
        self._reset_thumbnails()

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
        """Put the selected text on the clipboard, fetching the words of off-screen pages first."""
        selection = self.canvas.selection
        pages = list(selection.pages())
        if not pages:
            return
        known = {p: words for p in pages if (words := selection.words(p)) is not None}
        missing = [p for p in pages if p not in known]
        session = self.opener.session
        if not missing or session is None:
            self._put_on_clipboard(selection.text(known))
            return

        def with_words(words: dict[int, tuple[Word, ...]]) -> None:
            self._put_on_clipboard(selection.text({**known, **words}))

        self.run_job(lambda: session.all_words(missing), with_words)

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
        session = self.opener.session
        if session is not None:
            from lis_desktop.ui.viewer import printing

            current = self.canvas.current_page()
            printing.print_document(self, session, current, self.run_job, self._on_printed)

    def print_to(self, printer: QPrinter, pages: list[int] | None = None) -> PrintJob | None:
        """Print on an already set-up printer; the job reports `finished(ok, message)`."""
        session = self.opener.session
        if session is None:
            return None
        from lis_desktop.ui.viewer import printing

        return printing.start(session, printer, pages, self.run_job, self._on_printed, self)

    def set_shortcuts_window_wide(self, on: bool) -> None:
        """Whether the viewer's shortcuts (zoom, find, …) work anywhere in the window (the
        default) or only with the focus in this view: of two views in one window, only one
        may take them window-wide."""
        self.commands.set_window_wide(on)

    def actions_for_menu(self) -> list[QAction | None]:
        """The viewer's actions for the View menu, None marking a separator."""
        return self.commands.listed(MENU)

    def run_job(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run PyMuPDF work on the viewer's lane (never on the GUI thread)."""
        self._runner.run(fn, on_done, on_error or self._on_job_failed)

    # --- the document -------------------------------------------------------------------------

    def _leave_document(self) -> None:
        """Remember where the reader was, drop the open document and any work for it."""
        if self.opener.key is not None and self._shown:
            self._save_position()
        self.opener.forget()
        self.page_data.set_session(None)
        if self._finder is not None:
            self._finder.set_session(None)
        self._shown = False
        self._kept = None
        self._failure_reported = False
        self._last_page = (-1, -1)
        self.notice.clear()  # e.g. a link target from the document being left
        self.queue.set_session(None, "")
        self.queue.request([])
        self.queue.request([], "thumbs")
        # The canvas keeps showing the old pages until the next document is ready: repainting
        # it now would only compete with the worker opening the next one.

    def _show_pages(self, doc: str, sizes: Sizes, saved: SavedPosition | None) -> None:
        """Put the pages of `doc` on the canvas at the saved (or default) position."""
        self._shown = True
        self.stack.setCurrentWidget(self.pages_area)
        self.canvas.set_document(doc, sizes)
        self._reset_thumbnails()
        self._area_column.activate()  # the canvas gets its final width before the zoom
        self.canvas.restore_position(saved)
        self._on_canvas_renders_needed()
        self._focus_pages()

    def _first_page_guess(self, doc: str, saved: SavedPosition | None) -> FirstPageGuess:
        """What the view will show first of `doc`, worked out before its page sizes are known
        (the first page is rendered with the opening, at this guess)."""
        saved = saved or SavedPosition()
        size = self.canvas.viewport().size()
        thumbs_shown = self.thumbs.width() if self.thumbs.isVisible() else 0
        thumbs_wanted = self.thumbs.width() if self.settings.get(VIEWER_THUMBNAILS) else 0
        full = (size.width() + thumbs_shown, size.height())
        return FirstPageGuess(
            doc, saved.mode, saved.zoom, saved.page, self.canvas.dpr(),
            night_wanted(self.settings), full, thumbs_wanted,
        )  # fmt: skip

    def _focus_pages(self) -> None:
        """Give the pages the keyboard focus (arrows, Page Down scroll them at once), unless the
        user is elsewhere in the window: stepping through the regions tree with the arrow keys
        must not lose the tree's focus to each summary it shows."""
        focused = QApplication.focusWidget()
        if focused is None or focused is self or self.isAncestorOf(focused):
            self.canvas.setFocus()

    def _save_position(self) -> None:
        position = self.canvas.reading_position() if self.opener.key is not None else None
        if position is not None and self.canvas.sizes:
            key = reading_position_key(self.opener.state_id)
            self.settings.set_raw(key, positions.encode(position))

    def _report_failure(self, message: str) -> None:
        """Emit `document_failed` once per opening."""
        if not self._failure_reported:
            self._failure_reported = True
            self.document_failed.emit(self.opener.key or "", message)

    def _on_opener_opening(self) -> None:
        """A pages area not shown yet is laid out (empty) at the size it will have before the
        first page is guessed, so that the guess is right and the page need not be rendered
        again."""
        if not self.pages_area.isVisible():
            self.canvas.set_document("", ())
            self.stack.setCurrentWidget(self.pages_area)
            self._focus_pages()  # as once shown (else the zoom box could take it)
            self._area_column.activate()

    def _on_opener_layout_known(self, doc: str, sizes: Sizes, saved: SavedPosition) -> None:
        if self._shown:
            return
        self._show_pages(doc, sizes, saved)
        if self.opener.session is not None:  # the opening brought it (not the known layouts)
            # Painted now, all that waits to be painted (as the event loop's next pass would),
            # before the worker starts on other pages or other events come first.
            QCoreApplication.sendPostedEvents(self.window(), QEvent.Type.UpdateRequest)

    def _on_opener_first_page_rendered(self, key: RenderKey, image: QImage) -> None:
        self.queue.add(key, image)

    def _on_opener_opened(self, session: PdfDocument) -> None:
        self.queue.set_session(session, self.opener.doc)
        self.page_data.set_session(session)
        if self._finder is not None:
            self._finder.set_session(session)
        self.document_opened.emit(self.opener.key or "")

    def _on_opener_slow(self, name: str) -> None:
        if not self._shown:
            self.panel.show_error("", f"Opening “{name}”…")
            self.stack.setCurrentWidget(self.panel)

    def _on_opener_password_needed(self, name: str, wrong: bool) -> None:
        trace.emit("password_requested", region=self.opener.key, wrong=wrong)
        self.panel.show_password(name, wrong=wrong)
        self.stack.setCurrentWidget(self.panel)

    def _on_opener_failed(self, message: str, reason: str) -> None:
        trace.emit("document_error", region=self.opener.key, reason=reason, message=message)
        self.panel.show_error("This PDF cannot be shown", message)
        self.stack.setCurrentWidget(self.panel)
        self._report_failure(message)

    def _on_panel_password_cancelled(self) -> None:
        name = self.opener.path.name if self.opener.path else ""
        self.panel.show_password_cancelled(name)
        self._report_failure(f"'{name}' is protected by a password and was not opened.")

    def _on_panel_password_retry_requested(self) -> None:
        name = self.opener.path.name if self.opener.path else ""
        trace.emit("password_requested", region=self.opener.key, wrong=False)
        self.panel.show_password(name, wrong=False)

    def _on_page_data_loaded(self, page: int, info: PageInfo, runs: list[Run]) -> None:
        if self.canvas.doc == self.opener.doc:
            self.canvas.set_page_data(page, info, runs)
            self.speech.page_data_arrived(page)

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
        self._report_failure(message)

    def _on_canvas_images_painted(self, pages: list[tuple[RenderKey, int, int]]) -> None:
        for key, width, height in pages:
            if key.doc != self.opener.doc:
                continue
            self._keep_first_page(key)
            ms = round((time.perf_counter() - self.opener.opened_at) * 1000, 1)
            trace.emit(
                "page_rendered", region=self.opener.key, ms=ms, width=width, height=height,
                page=key.page + 1,
            )  # fmt: skip
            self.page_rendered.emit(self.opener.key or "", width, height)
        self.opener.open_now_if_waiting()

    def _keep_first_page(self, key: RenderKey) -> None:
        """The first page painted of each opening, for the next time it is opened (never of a
        document that needed a password: its pages are not written anywhere)."""
        first_pages = self.opener.first_pages
        if self._kept is not None or first_pages is None or self.opener.with_password:
            return
        image = self.cache.get(key)
        if image is not None and self.canvas.sizes:
            self._kept = key
            name = self.opener.key or ""
            first_pages.keep(key.doc, name, tuple(self.canvas.sizes), key, image)

    # --- the rest of what the parts say -------------------------------------------------------

    def _on_canvas_view_changed(self) -> None:
        if self.opener.key is not None:
            self._save_timer.start()
        page = (self.canvas.current_page() + 1, len(self.canvas.sizes))
        if page != self._last_page:
            self._last_page = page
            self.toolbar.show_page(*page)
            self.speech.show_page(*page)
            if self._thumbs is not None:
                self._thumbs.show_current(page[0] - 1)
            self.page_changed.emit(*page)
        self.zoom_changed.emit(self.canvas.zoom)

    def _on_canvas_link_activated(self, link: LinkInfo) -> None:
        message = links.follow(link, self.canvas.go_to_page)
        if message:
            self.status_message.emit(message)

    def _on_canvas_context_menu_requested(self, pos: QPointF, global_pos: QPoint) -> None:
        from lis_desktop.ui.viewer import context_menu

        context_menu.show(self, self.commands.by_name, self.canvas.link_at(pos), global_pos)

    def _on_selection_changed(self) -> None:
        self.commands["copy"].setEnabled(not self.canvas.selection.is_empty())

    def _on_toolbar_zoom_chosen(self, wanted: str | float) -> None:
        if wanted == "width":
            self.fit_width()
        elif wanted == "page":
            self.fit_page()
        elif isinstance(wanted, float):
            self.set_zoom(wanted)
        self.canvas.setFocus()

    def _on_style_changed(self) -> None:
        if self.settings.get(NIGHT_MODE) not in ("on", "off"):
            self._apply_night()

    def _on_printed(self, _ok: bool, message: str) -> None:
        self.status_message.emit(message)

    def _on_job_failed(self, exc: BaseException) -> None:
        log.error("Viewer work failed", exc_info=exc)
        self.status_message.emit(str(exc) if isinstance(exc, LisError) else "Something failed.")

    def _put_on_clipboard(self, text: str) -> None:
        if text:
            QGuiApplication.clipboard().setText(text)
            self.status_message.emit(f"Copied {len(text.split())} words.")

    def _apply_night(self) -> None:
        """Show pages in night mode when wanted (the action shows it too)."""
        night = night_wanted(self.settings)
        self.commands.set_checked("night_mode", night)
        if self.canvas.set_night(night):
            self._on_canvas_renders_needed()
            self._reset_thumbnails()

    def _reset_thumbnails(self) -> None:
        """Thumbnails for documents of more than one page, unless the user hid them."""
        sizes = self.canvas.sizes
        show = len(sizes) > 1 and self.settings.get(VIEWER_THUMBNAILS)
        self.commands.set_checked("thumbnails", bool(show))
        self.commands["thumbnails"].setEnabled(len(sizes) > 1)
        if show:
            self.thumbs.set_document(
                self.opener.doc, sizes, self.canvas.rotation, self.night_mode()
            )
        self.thumbs.setVisible(bool(show))
