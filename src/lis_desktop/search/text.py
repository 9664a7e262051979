"""Page text for the search index: PyMuPDF extraction in reading order, under MUPDF_LOCK.

Its own module so that the search index, the CLI and the window load PyMuPDF only when a
summary actually has to be read.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

from lis_desktop.errors import InvalidPdfError
from lis_desktop.pdf.document import MUPDF_LOCK
from lis_desktop.search.query import HIT_END, HIT_START

# Whitespace kept, ligatures expanded (so "ﬁ" matches "fi"), words broken at line ends joined.
TEXT_FLAGS = (
    pymupdf.TEXT_PRESERVE_WHITESPACE
    | pymupdf.TEXT_MEDIABOX_CLIP
    | pymupdf.TEXT_DEHYPHENATE
    | pymupdf.TEXT_CID_FOR_UNKNOWN_UNICODE
)


def extract_pages(path: Path) -> list[str]:
    """The text of each page, blocks in reading order (top to bottom, left to right)."""
    with MUPDF_LOCK:
        try:
            doc = pymupdf.open(path, filetype="pdf")
        except Exception as exc:  # PyMuPDF raises plain RuntimeError subclasses
            raise InvalidPdfError(f"'{path.name}' cannot be opened for search.") from exc
        try:
            if doc.needs_pass:
                raise InvalidPdfError(f"'{path.name}' is protected by a password.")
            return [_page_text(page) for page in doc]
        except InvalidPdfError:
            raise
        except Exception as exc:
            raise InvalidPdfError(f"The text of '{path.name}' cannot be read.") from exc
        finally:
            doc.close()


def _page_text(page: pymupdf.Page) -> str:
    blocks = page.get_text("blocks", flags=TEXT_FLAGS, sort=True)
    paragraphs = (" ".join(str(b[4]).split()) for b in blocks if b[6] == 0)
    text = "\n".join(p for p in paragraphs if p)
    return text.replace(HIT_START, "").replace(HIT_END, "")
