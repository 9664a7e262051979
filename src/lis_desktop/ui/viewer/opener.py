"""Opening the viewer's document: off the GUI thread, with the first page rendered in the same
request, a password when one is needed, and the reasons when it cannot be opened.

The opener owns the document being shown: its key, path and identity, its saved reading position,
and once open, the session (the open document in the engine), which it closes when the view
leaves it. It says what happens through its signals; what to show is the view's business.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from lis_desktop.errors import DocumentError, PasswordRequiredError
from lis_desktop.pdf.api import PdfDocument, PdfEngine
from lis_desktop.pdf.document import RenderedPage
from lis_desktop.settings import Settings, reading_position_key
from lis_desktop.tasks import Runner
from lis_desktop.ui.viewer import positions
from lis_desktop.ui.viewer.first_pages import FirstPages
from lis_desktop.ui.viewer.positions import SavedPosition
from lis_desktop.ui.viewer.rendering import FirstPageGuess, Opened, open_and_render

log = logging.getLogger(__name__)

KNOWN_LAYOUTS = 64  # page sizes of recently opened documents, to paint them again at once
Sizes = tuple[tuple[float, float], ...]


class DocumentOpener(QObject):
    """Opens one document at a time on the worker; the latest `open` wins."""

    opening = Signal()  # a document whose layout is not known yet is about to be opened
    layout_known = Signal(str, object, object)  # doc, page sizes, SavedPosition | None
    first_page_rendered = Signal(object, object)  # RenderKey, QImage
    page_kept = Signal(object, object)  # RenderKey, QImage: a page kept from an earlier reading
    opened = Signal(object)  # the session (pdf.api.PdfDocument); its layout came before
    slow = Signal(str)  # file name: the opening takes a while ("Opening…")
    password_needed = Signal(str, bool)  # file name, whether the last one given was wrong
    failed = Signal(str, str)  # message for the user, trace reason

    def __init__(
        self,
        engine: PdfEngine,
        runner: Runner,
        settings: Settings,
        build: Callable[[RenderedPage], QImage],
        first_page_guess: Callable[[str, SavedPosition | None], FirstPageGuess],
        parent: QObject | None = None,
        first_pages: FirstPages | None = None,
    ) -> None:
        """`build` makes page images (on the worker); `first_page_guess(doc, saved)` says what
        the view will show first of a document whose page sizes are not known yet;
        `first_pages` has the first page of documents read before (see first_pages.py)."""
        super().__init__(parent)
        self.first_pages = first_pages
        self.with_password = False  # the document open now needed a password (never kept)
        self._engine = engine
        self._runner = runner
        self._settings = settings
        self._build = build
        self._guess = first_page_guess
        self.key: str | None = None
        self.path: Path | None = None
        self.doc = ""  # path, mtime and size: the identity render keys carry
        self.state_id = ""  # where its reading position is saved
        self.saved: SavedPosition | None = None
        self.opened_at = 0.0
        self.session: PdfDocument | None = None
        self._serial = 0
        self._layouts: OrderedDict[str, Sizes] = OrderedDict()
        self._slow_timer = QTimer(self, singleShot=True, interval=400)
        self._slow_timer.timeout.connect(self._on_slow_timer_timeout)
        self._later_timer = QTimer(self, singleShot=True, interval=60)
        self._later_timer.timeout.connect(self._on_later_timer_timeout)

    def open(self, path: Path, key: str, position: SavedPosition | None = None) -> None:
        """Open the PDF at `path` as `key` (after `forget`), at `position` or else where the
        reader left it. A document opened before shows its layout at once (`layout_known`) and
        is opened once painted (`open_now_if_waiting`)."""
        self.key, self.path = key, path
        self.opened_at = time.perf_counter()
        try:
            stat = path.stat()
        except OSError as exc:
            self.failed.emit(f"Cannot read '{path.name}': {exc.strerror or exc}.", "open")
            return
        self.doc = f"{path}|{stat.st_mtime_ns}|{stat.st_size}"
        self.state_id = positions.document_id(key, stat.st_size)
        saved = self._settings.get_raw(reading_position_key(self.state_id))
        self.saved = position or positions.decode(saved, self.state_id)
        sizes = self._layouts.get(self.doc)
        kept = self.first_pages.load(self.doc) if sizes is None and self.first_pages else None
        if kept is not None:  # read before: its page at once, the document opened once painted
            self._layouts[self.doc] = sizes = kept.sizes
            self.page_kept.emit(kept.key, kept.image)
        if sizes is None:
            self.opening.emit()
            self._start(None)
            self._slow_timer.start()
        else:
            self.layout_known.emit(self.doc, sizes, self.saved)  # painted from the render cache
            self._later_timer.start()  # opened once painted: the worker would compete with it

    def layout_known_now(self) -> bool:
        """The page sizes of the document being shown are known (`layout_known` was emitted)."""
        return bool(self.doc) and self.doc in self._layouts

    def enter_password(self, password: str) -> None:
        if self.path is not None:
            self._start(password)

    def forget(self) -> None:
        """Let go of the document: results of work started for it are dropped, and its session
        is closed on the worker."""
        self._serial += 1
        self._later_timer.stop()
        self._slow_timer.stop()
        self.key, self.path, self.doc = None, None, ""
        if self.session is not None:
            session, self.session = self.session, None
            self._runner.run(session.close, _ignored, self._on_close_failed)

    def open_now_if_waiting(self) -> None:
        """Painted from the cache: now open the document for its text and links."""
        if self._later_timer.isActive():
            self._later_timer.stop()
            self._on_later_timer_timeout()

    def _start(self, password: str | None) -> None:
        self.with_password = password is not None
        self._serial += 1
        serial, path, engine, build = self._serial, self.path, self._engine, self._build
        assert path is not None
        known = self.doc in self._layouts  # already painted from the cache: just open
        guess = None if known else self._guess(self.doc, self.saved)
        self._runner.run(
            lambda: open_and_render(engine, path, password, guess, build),
            lambda opened: self._on_session_opened(serial, opened),
            lambda exc: self._on_session_failed(serial, exc),
        )

    def _on_slow_timer_timeout(self) -> None:
        if self.path is not None and self.session is None:
            self.slow.emit(self.path.name)

    def _on_later_timer_timeout(self) -> None:
        if self.path is not None and self.session is None:
            self._start(None)

    def _on_session_opened(self, serial: int, opened: Opened) -> None:
        session = opened.session
        if serial != self._serial:
            self._runner.run(session.close, _ignored, _ignored)
            return
        self._slow_timer.stop()
        self.session = session
        known = self.doc in self._layouts
        self._layouts[self.doc] = session.page_sizes
        self._layouts.move_to_end(self.doc)
        while len(self._layouts) > KNOWN_LAYOUTS:
            self._layouts.popitem(last=False)
        if opened.key is not None and opened.image is not None:
            self.first_page_rendered.emit(opened.key, opened.image)
        if not known:
            self.layout_known.emit(self.doc, session.page_sizes, self.saved)
        self.opened.emit(session)

    def _on_session_failed(self, serial: int, exc: BaseException) -> None:
        if serial != self._serial:
            return
        self._slow_timer.stop()  # the prompt or the error replaces "Opening…"
        name = self.path.name if self.path else ""
        if isinstance(exc, PasswordRequiredError):
            self.password_needed.emit(name, exc.wrong)
        elif isinstance(exc, DocumentError):
            self.failed.emit(str(exc), exc.reason)
        else:
            log.error("Opening %s failed", self.path, exc_info=exc)
            self.failed.emit(f"'{name}' cannot be opened.", "open")

    def _on_close_failed(self, exc: BaseException) -> None:
        log.warning("Closing a document failed: %s", exc)


def _ignored(_result: object) -> None:
    pass
