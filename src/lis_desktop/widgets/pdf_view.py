"""The PDF viewer widget: opens a document off the GUI thread and shows its pages, an empty state,
a password prompt or a clear error. The public contract other widgets rely on lives here."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from lis_desktop import trace
from lis_desktop.document import PageInfo, PdfSession
from lis_desktop.errors import DocumentError, PasswordRequiredError
from lis_desktop.settings import Settings
from lis_desktop.tasks import Runner, TaskRunner
from lis_desktop.widgets import viewer_actions, viewer_state
from lis_desktop.widgets.viewer_canvas import PageCanvas
from lis_desktop.widgets.viewer_panels import NoticePanel
from lis_desktop.widgets.viewer_render import RenderCache, RenderKey, RenderQueue

log = logging.getLogger(__name__)

KNOWN_LAYOUTS = 64  # page sizes of recently opened documents, to paint them again at once


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
        self, settings: Settings, runner: Runner | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self._runner: Runner = runner if runner is not None else TaskRunner(1, self)
        self.cache = RenderCache()
        self.queue = RenderQueue(self._runner, self.cache, self)
        self.canvas = PageCanvas(self.cache)
        self.panel = NoticePanel()
        self.session: PdfSession | None = None
        self._key: str | None = None
        self._path: Path | None = None
        self._doc = ""
        self._serial = 0
        self._opened_at = 0.0
        self._failed_reported = False
        self._layouts: OrderedDict[str, tuple[tuple[float, float], ...]] = OrderedDict()
        self._info_pending: set[int] = set()
        self._last_page = (-1, -1)
        self._save_timer = QTimer(self, singleShot=True, interval=400)
        self._save_timer.timeout.connect(self._save_state)
        self.pages_area = QWidget()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.canvas)
        area_layout = QVBoxLayout(self.pages_area)
        area_layout.setContentsMargins(0, 0, 0, 0)
        area_layout.setSpacing(0)
        area_layout.addWidget(self.splitter, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.panel)
        self.stack.addWidget(self.pages_area)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._connect()
        self.commands = viewer_actions.build(self)
        self.clear()

    def _connect(self) -> None:
        self.panel.import_requested.connect(self.import_requested)
        self.panel.download_requested.connect(self.download_requested)
        self.panel.password_entered.connect(self._on_panel_password_entered)
        self.panel.password_cancelled.connect(self._on_panel_password_cancelled)
        self.panel.password_retry_requested.connect(self._on_panel_password_retry_requested)
        self.canvas.renders_needed.connect(self._on_canvas_renders_needed)
        self.canvas.images_painted.connect(self._on_canvas_images_painted)
        self.canvas.view_changed.connect(self._on_canvas_view_changed)
        self.canvas.page_data_needed.connect(self._on_canvas_page_data_needed)
        self.canvas.link_hovered.connect(self.link_hovered)
        self.queue.rendered.connect(self._on_queue_rendered)
        self.queue.failed.connect(self._on_queue_failed)

    # --- the contract -------------------------------------------------------------------------

    def open_document(self, path: Path, key: str) -> None:
        """Show the PDF at `path`; `key` names it (region id, or the file path). Async."""
        self._leave_document()
        self._key, self._path = key, path
        self._opened_at = time.perf_counter()
        self._failed_reported = False
        try:
            stat = path.stat()
        except OSError as exc:
            self._fail(f"Cannot read '{path.name}': {exc.strerror or exc}.", "open")
            return
        self._doc = f"{path}|{stat.st_mtime_ns}|{stat.st_size}"
        self._state_id = viewer_state.document_id(key, stat.st_size)
        sizes = self._layouts.get(self._doc)
        if sizes is not None:
            self._show_pages(sizes)  # painted from the render cache without waiting
        self._start_open(None)

    def show_empty(self, title: str, message: str, *, can_download: bool) -> None:
        self._leave_document()
        self.panel.show_empty(title, message, can_download=can_download)
        self.stack.setCurrentWidget(self.panel)

    def clear(self) -> None:
        self._leave_document()
        self.panel.show_error("", "")
        self.stack.setCurrentWidget(self.panel)

    def shutdown(self, msecs: int = 5000) -> None:
        """Save the reading position and let running work finish (call before the app quits)."""
        self._leave_document()
        if isinstance(self._runner, TaskRunner):
            self._runner.wait(msecs)

    def current_key(self) -> str | None:
        return self._key

    def page_count(self) -> int:
        return len(self.canvas.sizes) if self.stack.currentWidget() is self.pages_area else 0

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

    def ask_page(self) -> None:
        count = self.page_count()
        if count:
            number, ok = QInputDialog.getInt(
                self, "Go to Page", f"Page (1–{count}):", self.current_page(), 1, count
            )
            if ok:
                self.go_to_page(number)

    def actions_for_menu(self) -> list[QAction | None]:
        """The viewer's actions for the View menu, None marking a separator."""
        names = [
            "zoom_in", "zoom_out", "actual_size", "fit_page", "fit_width", None,
            "rotate_left", "rotate_right", None, "go_to_page",
        ]  # fmt: skip
        return [self.commands[name] if name else None for name in names]

    def toolbar_actions(self) -> list[QAction | None]:
        """A short set for the main toolbar."""
        names = ["zoom_out", "zoom_in", "fit_width", None, "rotate_left", "rotate_right"]
        return [self.commands[name] if name else None for name in names]

    # --- opening ------------------------------------------------------------------------------

    def _start_open(self, password: str | None) -> None:
        self._serial += 1
        serial, path = self._serial, self._path
        assert path is not None
        self._runner.run(
            lambda: PdfSession.open(path, password),
            lambda session: self._on_session_opened(serial, session),
            lambda exc: self._on_session_failed(serial, exc),
        )

    def _on_session_opened(self, serial: int, session: PdfSession) -> None:
        if serial != self._serial:
            self._runner.run(session.close, lambda _: None, lambda _: None)
            return
        self.session = session
        self._layouts[self._doc] = session.page_sizes
        self._layouts.move_to_end(self._doc)
        while len(self._layouts) > KNOWN_LAYOUTS:
            self._layouts.popitem(last=False)
        if self.stack.currentWidget() is not self.pages_area:
            self._show_pages(session.page_sizes)
        self.queue.set_session(session, self._doc)

    def _on_session_failed(self, serial: int, exc: BaseException) -> None:
        if serial != self._serial:
            return
        name = self._path.name if self._path else ""
        if isinstance(exc, PasswordRequiredError):
            trace.emit("password_requested", region=self._key, wrong=exc.wrong)
            self.panel.show_password(name, wrong=exc.wrong)
            self.stack.setCurrentWidget(self.panel)
        elif isinstance(exc, DocumentError):
            self._fail(str(exc), exc.reason)
        else:
            log.error("Opening %s failed", self._path, exc_info=exc)
            self._fail(f"'{name}' cannot be opened.", "open")

    def _fail(self, message: str, reason: str) -> None:
        trace.emit("document_error", region=self._key, reason=reason, message=message)
        self.panel.show_error("This PDF cannot be shown", message)
        self.stack.setCurrentWidget(self.panel)
        self._report_failure(message)

    def _report_failure(self, message: str) -> None:
        if not self._failed_reported:
            self._failed_reported = True
            self.document_failed.emit(self._key or "", message)

    def _on_panel_password_entered(self, password: str) -> None:
        if self._path is not None:
            self._start_open(password)

    def _on_panel_password_cancelled(self) -> None:
        name = self._path.name if self._path else ""
        self.panel.show_password_cancelled(name)
        self._report_failure(f"'{name}' is protected by a password and was not opened.")

    def _on_panel_password_retry_requested(self) -> None:
        name = self._path.name if self._path else ""
        trace.emit("password_requested", region=self._key, wrong=False)
        self.panel.show_password(name, wrong=False)

    def _show_pages(self, sizes: tuple[tuple[float, float], ...]) -> None:
        self.stack.setCurrentWidget(self.pages_area)
        self.canvas.set_document(self._doc, sizes)
        viewer_state.restore(self.settings, self._state_id, self.canvas)
        self._on_canvas_renders_needed()
        self.canvas.setFocus()

    def _leave_document(self) -> None:
        """Remember where the reader was, drop the open document and any work for it."""
        if self._key is not None and self.stack.currentWidget() is self.pages_area:
            self._save_state()
        self._serial += 1
        self._key, self._path, self._doc = None, None, ""
        self._info_pending.clear()
        self._last_page = (-1, -1)
        self.queue.set_session(None, "")
        self.queue.request([])
        self.queue.request([], "thumbs")
        self.canvas.set_document("", ())
        if self.session is not None:
            session, self.session = self.session, None
            self._runner.run(session.close, lambda _: None, self._on_close_failed)

    def _on_close_failed(self, exc: BaseException) -> None:
        log.warning("Closing a document failed: %s", exc)

    def _save_state(self) -> None:
        if self._key is not None and self.canvas.sizes:
            viewer_state.save(self.settings, self._state_id, self.canvas)

    # --- rendering ----------------------------------------------------------------------------

    def _on_canvas_renders_needed(self) -> None:
        if self._doc:
            self.queue.request(self.canvas.wanted_keys())

    def _on_queue_rendered(self, key: RenderKey) -> None:
        if key.doc == self._doc and key.page in self.canvas.visible_pages():
            self.canvas.viewport().update()

    def _on_queue_failed(self, key: RenderKey, message: str, reason: str) -> None:
        if key.doc != self._doc:
            return
        self.canvas.failed[key.page] = message
        self.canvas.viewport().update()
        trace.emit("document_error", region=self._key, reason=reason, message=message)
        self._report_failure(message)

    def _on_canvas_images_painted(self, keys: list[RenderKey]) -> None:
        for key in keys:
            if key.doc != self._doc:
                continue
            image = self.cache.get(key)
            if image is None:
                continue
            ms = round((time.perf_counter() - self._opened_at) * 1000, 1)
            width, height = image.width(), image.height()
            trace.emit(
                "page_rendered", region=self._key, ms=ms, width=width, height=height,
                page=key.page + 1,
            )  # fmt: skip
            self.page_rendered.emit(self._key or "", width, height)

    def _on_canvas_view_changed(self) -> None:
        if self._key is not None:
            self._save_timer.start()
        page = (self.canvas.current_page() + 1, len(self.canvas.sizes))
        if page != self._last_page:
            self._last_page = page
            self.page_changed.emit(*page)
        self.zoom_changed.emit(self.canvas.zoom)

    def _on_canvas_page_data_needed(self, page: int) -> None:
        session = self.session
        if session is None or page in self._info_pending:
            return
        self._info_pending.add(page)
        doc = self._doc
        self._runner.run(
            lambda: session.page_info(page),
            lambda info: self._on_page_info_loaded(doc, page, info),
            lambda exc: log.warning("No text or links for page %d: %s", page + 1, exc),
        )

    def _on_page_info_loaded(self, doc: str, page: int, info: PageInfo) -> None:
        if doc == self._doc:
            self.canvas.page_info[page] = info
            self.canvas.viewport().update()
