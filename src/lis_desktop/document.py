"""Qt-free PyMuPDF access: opening, checking and rendering PDFs.

PyMuPDF does not support use from several threads at once, so every call into it goes
through MUPDF_LOCK, whichever thread (GUI, render worker, sync worker) makes it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from lis_desktop.errors import InvalidPdfError

MUPDF_LOCK = threading.RLock()
MAX_RENDER_PIXELS = 40_000_000  # ~160 MB of RGBA: larger renders are scaled down

pymupdf.TOOLS.mupdf_display_errors(False)  # damaged files are reported through exceptions


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    title: str
    encrypted: bool


@dataclass(frozen=True)
class RenderedPage:
    """Raw RGB(A) samples of one page; the UI wraps them in a QImage without re-encoding."""

    samples: bytes
    width: int
    height: int
    stride: int
    alpha: bool


def inspect_pdf(path: Path) -> PdfInfo:
    """Check that `path` is a readable PDF with at least one page, or raise InvalidPdfError."""
    try:
        head = _read_head(path)
    except OSError as exc:
        raise InvalidPdfError(f"Cannot read '{path.name}': {exc.strerror or exc}.") from exc
    if not head:
        raise InvalidPdfError(f"'{path.name}' is empty.")
    if b"%PDF-" not in head:
        raise InvalidPdfError(f"'{path.name}' is not a PDF file.")
    with MUPDF_LOCK:
        try:
            doc = pymupdf.open(path, filetype="pdf")
        except Exception as exc:  # PyMuPDF raises plain RuntimeError/FileDataError subclasses
            raise InvalidPdfError(f"'{path.name}' is damaged and cannot be opened.") from exc
        try:
            if doc.needs_pass:
                raise InvalidPdfError(f"'{path.name}' is protected by a password.")
            try:
                pages = doc.page_count
                if pages > 0:
                    doc.load_page(0)
            except Exception as exc:
                raise InvalidPdfError(
                    f"'{path.name}' is damaged: its pages cannot be read."
                ) from exc
            if pages < 1:
                raise InvalidPdfError(f"'{path.name}' has no pages.")
            title = str((doc.metadata or {}).get("title") or "")
            return PdfInfo(pages=pages, title=title, encrypted=bool(doc.is_encrypted))
        finally:
            doc.close()


def _read_head(path: Path) -> bytes:
    with path.open("rb") as f:
        return f.read(1024)


def render_page(
    path: Path, index: int, zoom: float, rotation: int = 0, alpha: bool = False
) -> RenderedPage:
    """Render one page at `zoom` (1.0 = 72 dpi), capped at MAX_RENDER_PIXELS."""
    with MUPDF_LOCK:
        try:
            doc = pymupdf.open(path, filetype="pdf")
        except Exception as exc:
            raise InvalidPdfError(f"'{path.name}' cannot be opened.") from exc
        try:
            page = doc.load_page(index)
            rect = page.rect
            pixels = rect.width * rect.height * zoom * zoom
            if pixels > MAX_RENDER_PIXELS:
                zoom *= (MAX_RENDER_PIXELS / pixels) ** 0.5
            matrix = pymupdf.Matrix(zoom, zoom).prerotate(rotation)
            pix = page.get_pixmap(matrix=matrix, alpha=alpha)
            return RenderedPage(
                samples=bytes(pix.samples),
                width=pix.width,
                height=pix.height,
                stride=pix.stride,
                alpha=alpha,
            )
        except InvalidPdfError:
            raise
        except Exception as exc:
            raise InvalidPdfError(f"Page {index + 1} of '{path.name}' cannot be drawn.") from exc
        finally:
            doc.close()
