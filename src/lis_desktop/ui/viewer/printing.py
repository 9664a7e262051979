"""Printing: the Qt print dialog, then each page rendered on the worker at the printer's
resolution (capped like any render) and painted onto the printer one page after another."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRectF, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from lis_desktop.pdf.api import PdfDocument
from lis_desktop.ui.viewer.rendering import BAND_PIXELS, image_from_samples

log = logging.getLogger(__name__)

MAX_PRINT_DPI = 600  # pages are printed as images; finer adds megabytes, not sharpness
RunJob = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]


def print_document(
    parent: QWidget,
    session: PdfDocument,
    current: int,
    run_job: RunJob,
    on_finished: Callable[[bool, str], None],
) -> PrintJob | None:
    """Ask for a printer and pages (Qt print dialog; `current` is the page index shown), then
    start printing them; None when cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    pages = ask_pages(parent, printer, session.page_count, current)
    return start(session, printer, pages, run_job, on_finished, parent) if pages else None


def start(
    session: PdfDocument,
    printer: QPrinter,
    pages: list[int] | None,
    run_job: RunJob,
    on_finished: Callable[[bool, str], None],
    parent: QObject | None = None,
) -> PrintJob:
    """Print `pages` (all when None) on an already set-up printer; `on_finished(ok, message)`
    is called at the end, and the job then deletes itself."""
    chosen = list(range(session.page_count)) if pages is None else pages
    job = PrintJob(run_job, session, printer, chosen, parent)
    job.finished.connect(on_finished)
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
    """Prints `pages` of `session` on `printer`. Each page is rendered off the GUI thread in
    bands of rows (PyMuPDF holds the GIL while rendering: small jobs keep the GUI responsive)
    and painted onto the printer band by band."""

    finished = Signal(bool, str)  # succeeded, message for the user

    def __init__(
        self,
        run_job: RunJob,
        session: PdfDocument,
        printer: QPrinter,
        pages: list[int],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._run_job = run_job
        self._session = session
        self._printer = printer
        self._pages = pages
        self._done = 0  # pages finished
        self._bands: list[tuple[int, int]] = []  # rows of the current page still to print
        self._painter = QPainter()

    def start(self) -> None:
        if not self._pages:
            self.finished.emit(False, "Nothing to print.")
        elif not self._painter.begin(self._printer):
            self.finished.emit(False, "The printer could not be started.")
        else:
            self._start_page()

    def _geometry(self) -> tuple[float, QRectF]:
        """Device pixels per point for the current page, and where it goes on the paper."""
        dpi = self._printer.resolution()
        area = QRectF(self._printer.pageLayout().paintRectPixels(dpi))
        width, height = self._session.page_sizes[self._pages[self._done]]
        fit = min(area.width() / width, area.height() / height)
        w, h = width * fit, height * fit
        box = QRectF((area.width() - w) / 2, (area.height() - h) / 2, w, h)
        return min(fit, MAX_PRINT_DPI / 72), box

    def _start_page(self) -> None:
        if self._done >= len(self._pages):
            self._painter.end()
            count = len(self._pages)
            self.finished.emit(
                True, f"Sent {count} page{'s' if count != 1 else ''} to the printer."
            )
            return
        if self._done > 0 and not self._printer.newPage():
            self._painter.end()
            self.finished.emit(False, "The printer stopped accepting pages.")
            return
        scale, _ = self._geometry()
        width, height = self._session.page_sizes[self._pages[self._done]]
        pixels_w, pixels_h = max(1, round(width * scale)), max(1, round(height * scale))
        rows = max(16, BAND_PIXELS // pixels_w)
        self._bands = [(y, min(pixels_h, y + rows)) for y in range(0, pixels_h, rows)]
        self._next_band(pixels_h)

    def _next_band(self, pixels_h: int) -> None:
        if not self._bands:
            self._done += 1
            self._start_page()
            return
        band = self._bands.pop(0)
        page, session = self._pages[self._done], self._session
        scale, _ = self._geometry()
        self._run_job(
            lambda: session.render(page, scale, 0, False, image_from_samples, band),
            lambda image: self._on_band_rendered(band, pixels_h, image),
            self._on_page_failed,
        )

    def _on_band_rendered(self, band: tuple[int, int], pixels_h: int, image: QImage) -> None:
        _, box = self._geometry()
        top = box.top() + box.height() * band[0] / pixels_h
        bottom = box.top() + box.height() * band[1] / pixels_h
        self._painter.drawImage(QRectF(box.left(), top, box.width(), bottom - top), image)
        self._next_band(pixels_h)

    def _on_page_failed(self, exc: BaseException) -> None:
        log.error("Printing page failed", exc_info=exc)
        self._painter.end()
        self.finished.emit(False, f"Printing stopped: {exc}")
