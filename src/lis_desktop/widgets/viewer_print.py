"""Printing: the Qt print dialog, then each page rendered on the worker at the printer's
resolution (capped like any render) and painted onto the printer one page after another."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRectF, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from lis_desktop.document import PdfSession
from lis_desktop.widgets.viewer_render import image_from_samples

if TYPE_CHECKING:
    from lis_desktop.widgets.pdf_view import PdfView

log = logging.getLogger(__name__)

RunJob = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]


def print_document(view: PdfView) -> None:
    """Ask for a printer and pages (Qt print dialog), then print them."""
    if view.session is None:
        return
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    current = view.canvas.current_page()
    pages = ask_pages(view, printer, view.session.page_count, current)
    if pages:
        print_to(view, printer, pages)


def print_to(view: PdfView, printer: QPrinter, pages: list[int] | None) -> PrintJob | None:
    """Print on an already set-up printer; the job reports `finished(ok, message)`."""
    if view.session is None:
        return None
    chosen = list(range(view.session.page_count)) if pages is None else pages
    job = PrintJob(view.run_job, view.session, printer, chosen, view)
    job.finished.connect(lambda _ok, message: view.status_message.emit(message))
    job.finished.connect(job.deleteLater)
    job.start()
    return job


def ask_pages(parent: QWidget, printer: QPrinter, page_count: int, current: int) -> list[int]:
    """Show the print dialog; the chosen page indexes, or [] when cancelled."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print")
    dialog.setMinMax(1, page_count)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintCurrentPage, True)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return []
    return chosen_pages(printer, page_count, current)


def chosen_pages(printer: QPrinter, page_count: int, current: int) -> list[int]:
    mode = printer.printRange()
    if mode == QPrinter.PrintRange.CurrentPage:
        return [current]
    if mode == QPrinter.PrintRange.PageRange:
        first, last = max(1, printer.fromPage()), min(page_count, printer.toPage() or page_count)
        return list(range(first - 1, last))
    return list(range(page_count))


class PrintJob(QObject):
    """Prints `pages` of `session` on `printer`, rendering one page at a time off the GUI thread."""

    finished = Signal(bool, str)  # succeeded, message for the user

    def __init__(
        self,
        run_job: RunJob,
        session: PdfSession,
        printer: QPrinter,
        pages: list[int],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._run_job = run_job
        self._session = session
        self._printer = printer
        self._pages = pages
        self._done = 0
        self._painter = QPainter()

    def start(self) -> None:
        if not self._pages:
            self.finished.emit(False, "Nothing to print.")
        elif not self._painter.begin(self._printer):
            self.finished.emit(False, "The printer could not be started.")
        else:
            self._render_next()

    def _render_next(self) -> None:
        if self._done >= len(self._pages):
            self._painter.end()
            count = len(self._pages)
            self.finished.emit(
                True, f"Sent {count} page{'s' if count != 1 else ''} to the printer."
            )
            return
        page = self._pages[self._done]
        target = self._target()
        width, height = self._session.page_sizes[page]
        scale = min(target.width() / width, target.height() / height)
        session = self._session
        self._run_job(
            lambda: session.render(page, scale, 0, False, image_from_samples),
            self._on_page_rendered,
            self._on_page_failed,
        )

    def _target(self) -> QRectF:
        dpi = self._printer.resolution()
        return QRectF(self._printer.pageLayout().paintRectPixels(dpi).translated(0, 0))

    def _on_page_rendered(self, image: QImage) -> None:
        if self._done > 0 and not self._printer.newPage():
            self._painter.end()
            self.finished.emit(False, "The printer stopped accepting pages.")
            return
        target = self._target()
        width, height = self._session.page_sizes[self._pages[self._done]]
        scale = min(target.width() / width, target.height() / height)
        w, h = width * scale, height * scale
        box = QRectF((target.width() - w) / 2, (target.height() - h) / 2, w, h)
        self._painter.drawImage(box, image)
        self._done += 1
        self._render_next()

    def _on_page_failed(self, exc: BaseException) -> None:
        log.error("Printing page failed", exc_info=exc)
        self._painter.end()
        self.finished.emit(False, f"Printing stopped: {exc}")
