"""Opening a document for the viewer: off the GUI thread, with an "Opening…" notice, the password
prompt and the error states. It also knows which document the view shows (key, path, identity)."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

from lis_desktop import trace
from lis_desktop.errors import DocumentError, PasswordRequiredError
from lis_desktop.ui.viewer import features as viewer_features
from lis_desktop.ui.viewer import positions as viewer_state
from lis_desktop.ui.viewer.rendering import Opened, open_and_render

if TYPE_CHECKING:
    from lis_desktop.ui.viewer.view import PdfView

log = logging.getLogger(__name__)

KNOWN_LAYOUTS = 64  # page sizes of recently opened documents, to paint them again at once


class DocumentOpener(QObject):
    """Opens the view's document on its worker; shows the pages, a password prompt or an error."""

    def __init__(self, view: PdfView) -> None:
        super().__init__(view)
        self._view = view
        self.key: str | None = None
        self.path: Path | None = None
        self.doc = ""  # path, mtime and size: the identity render keys carry
        self.state_id = ""
        self.saved: viewer_state.SavedPosition | None = None
        self.opened_at = 0.0
        self.shown = False  # the current document's pages are on the canvas
        self._serial = 0
        self._failed_reported = False
        self._layouts: OrderedDict[str, tuple[tuple[float, float], ...]] = OrderedDict()
        self._opening_notice = QTimer(self, singleShot=True, interval=400)
        self._opening_notice.timeout.connect(self._on_opening_notice_timeout)
        self._open_later = QTimer(self, singleShot=True, interval=60)
        self._open_later.timeout.connect(self._on_open_later_timeout)
        view.panel.password_entered.connect(self._on_panel_password_entered)
        view.panel.password_cancelled.connect(self._on_panel_password_cancelled)
        view.panel.password_retry_requested.connect(self._on_panel_password_retry_requested)

    def open(self, path: Path, key: str) -> None:
        """Show the PDF at `path` (the view has left the previous document). Async."""
        self.key, self.path = key, path
        self.opened_at = time.perf_counter()
        self._failed_reported = False
        try:
            stat = path.stat()
        except OSError as exc:
            self.fail(f"Cannot read '{path.name}': {exc.strerror or exc}.", "open")
            return
        self.doc = f"{path}|{stat.st_mtime_ns}|{stat.st_size}"
        self.state_id = viewer_state.document_id(key, stat.st_size)
        self.saved = viewer_state.load(self._view.settings, self.state_id)
        sizes = self._layouts.get(self.doc)
        if sizes is None:
            self._lay_out_pages()
            self._start(None)
            self._opening_notice.start()  # the old pages stay up only for a moment
        else:
            self._show_pages(sizes)  # painted from the render cache without waiting
            self._open_later.start()  # opened once painted: the worker would compete with it

    def forget(self) -> None:
        """Drop the current document: results of work started for it are ignored."""
        self._serial += 1
        self._open_later.stop()
        self._opening_notice.stop()
        self.shown = False
        self.key, self.path, self.doc = None, None, ""

    def open_now_if_waiting(self) -> None:
        """Painted from the cache: now open the document for its text and links."""
        if self._open_later.isActive():
            self._open_later.stop()
            self._on_open_later_timeout()

    def _lay_out_pages(self) -> None:
        """The first page is rendered with the opening, at the zoom worked out from the size the
        canvas will have: a pages area not shown (never laid out at this size) is shown first,
        empty, so that the guess is right and the page need not be rendered again."""
        view = self._view
        if not view.pages_area.isVisible():
            view.canvas.set_document("", ())
            view.stack.setCurrentWidget(view.pages_area)
            viewer_features.focus_pages(view)  # as once shown (else the zoom box could take it)
            layout = view.pages_area.layout()
            if layout is not None:
                layout.activate()

    def _start(self, password: str | None) -> None:
        self._serial += 1
        serial, path, view = self._serial, self.path, self._view
        assert path is not None
        known = self.doc in self._layouts  # already painted from the cache: just open
        guess = None if known else viewer_features.first_page_guess(view, self.doc, self.saved)
        view.run_job(
            lambda: open_and_render(view.engine, path, password, guess, view.queue.images),
            lambda opened: self._on_session_opened(serial, opened),
            lambda exc: self._on_session_failed(serial, exc),
        )

    def _on_opening_notice_timeout(self) -> None:
        if self.path is not None and not self.shown:
            self._view.panel.show_error("", f"Opening “{self.path.name}”…")
            self._view.stack.setCurrentWidget(self._view.panel)

    def _on_open_later_timeout(self) -> None:
        if self.path is not None and self._view.session is None:
            self._start(None)

    def _on_session_opened(self, serial: int, opened: Opened) -> None:
        session, view = opened.session, self._view
        if serial != self._serial:
            view.run_job(session.close, lambda _: None, lambda _: None)
            return
        self._opening_notice.stop()
        if opened.key is not None and opened.image is not None:
            view.queue.add(opened.key, opened.image)
        view.session = session
        self._layouts[self.doc] = session.page_sizes
        self._layouts.move_to_end(self.doc)
        while len(self._layouts) > KNOWN_LAYOUTS:
            self._layouts.popitem(last=False)
        if not self.shown:
            self._show_pages(session.page_sizes)
            # Painted now, all that waits to be painted (as the event loop's next pass would),
            # before the worker starts on other pages or other events come first.
            QCoreApplication.sendPostedEvents(view.window(), QEvent.Type.UpdateRequest)
        view.queue.set_session(session, self.doc)
        view.on_document_opened()

    def _on_session_failed(self, serial: int, exc: BaseException) -> None:
        if serial != self._serial:
            return
        self._opening_notice.stop()  # the prompt or the error replaces "Opening…"
        name = self.path.name if self.path else ""
        if isinstance(exc, PasswordRequiredError):
            trace.emit("password_requested", region=self.key, wrong=exc.wrong)
            self._view.panel.show_password(name, wrong=exc.wrong)
            self._view.stack.setCurrentWidget(self._view.panel)
        elif isinstance(exc, DocumentError):
            self.fail(str(exc), exc.reason)
        else:
            log.error("Opening %s failed", self.path, exc_info=exc)
            self.fail(f"'{name}' cannot be opened.", "open")

    def fail(self, message: str, reason: str) -> None:
        """Show an error state instead of the document (traced and reported once)."""
        self._opening_notice.stop()
        trace.emit("document_error", region=self.key, reason=reason, message=message)
        self._view.panel.show_error("This PDF cannot be shown", message)
        self._view.stack.setCurrentWidget(self._view.panel)
        self.report_failure(message)

    def report_failure(self, message: str) -> None:
        """Emit the view's `document_failed` once per opening."""
        if not self._failed_reported:
            self._failed_reported = True
            self._view.document_failed.emit(self.key or "", message)

    def _on_panel_password_entered(self, password: str) -> None:
        if self.path is not None:
            self._start(password)

    def _on_panel_password_cancelled(self) -> None:
        name = self.path.name if self.path else ""
        self._view.panel.show_password_cancelled(name)
        self.report_failure(f"'{name}' is protected by a password and was not opened.")

    def _on_panel_password_retry_requested(self) -> None:
        name = self.path.name if self.path else ""
        trace.emit("password_requested", region=self.key, wrong=False)
        self._view.panel.show_password(name, wrong=False)

    def _show_pages(self, sizes: tuple[tuple[float, float], ...]) -> None:
        self.shown = True
        self._view.show_pages(self.doc, sizes, self.saved)
