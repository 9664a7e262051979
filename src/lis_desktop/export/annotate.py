"""Notes in exported PDFs: a copy of a summary with each note written as a real PDF Highlight
annotation (its colour, the note as its content), as other PDF readers show them.

Only the exported copy gets them: the cached file is read, never written. Notes placed on
another version of the summary are found again by their quotes in the bytes exported (in
memory: the export touches no database); a note whose text is gone is not written, and counted.
Every call holds `document.MUPDF_LOCK`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pymupdf

from lis_desktop import APP_NAME
from lis_desktop.content.anchoring import pages_of
from lis_desktop.content.notes import COLOURS, DEFAULT_COLOUR, Note, place
from lis_desktop.errors import InvalidPdfError
from lis_desktop.export.merge import pdf_date
from lis_desktop.pdf.document import MAX_WORDS_PER_PAGE, MUPDF_LOCK

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Annotated:
    data: bytes  # the PDF with the highlights
    written: int  # notes written as annotations
    not_placed: int  # notes whose text is not in this version (detached), left out


def placed_notes(doc: Any, sha256: str, notes: Sequence[Note]) -> list[Note]:
    """The notes as they stand on the open PDF `doc` (the version `sha256`), by reading order."""
    if all(n.on(sha256) for n in notes):
        return list(notes)
    words = [tuple(tuple(w) for w in page.get_text("words")[:MAX_WORDS_PER_PAGE]) for page in doc]
    return [p.note for p in place(notes, sha256, pages_of(words))]


def placed_in_file(data: bytes, sha256: str, notes: Sequence[Note]) -> list[Note]:
    """`placed_notes` for the PDF bytes `data` (for exports that only list the notes)."""
    if all(n.on(sha256) for n in notes):
        return list(notes)
    with MUPDF_LOCK:
        doc = _open(data)
        try:
            return placed_notes(doc, sha256, notes)
        finally:
            doc.close()


def annotated(data: bytes, sha256: str, notes: Sequence[Note]) -> Annotated:
    """A copy of the PDF `data` (the version `sha256`) with a Highlight annotation per note."""
    with MUPDF_LOCK:
        doc = _open(data)
        try:
            placed = placed_notes(doc, sha256, notes)
            written = 0
            for note in placed:
                if note.on(sha256) and note.rects and 0 <= note.page < doc.page_count:
                    _highlight(doc[note.page], note)
                    written += 1
            out = bytes(doc.tobytes(garbage=1, deflate=True))
        except InvalidPdfError:
            raise
        except Exception as exc:  # PyMuPDF raises plain RuntimeError subclasses
            raise InvalidPdfError("The notes could not be written into the PDF copy.") from exc
        finally:
            doc.close()
    return Annotated(out, written, len(placed) - written)


def _highlight(page: Any, note: Note) -> None:
    annot = page.add_highlight_annot(quads=[pymupdf.Rect(rect) for rect in note.rects])
    red, green, blue = COLOURS.get(note.colour, COLOURS[DEFAULT_COLOUR])[1]
    annot.set_colors(stroke=(red / 255, green / 255, blue / 255))
    annot.set_info(
        content=note.note,
        title=APP_NAME,
        subject="Highlight",
        creationDate=pdf_date(datetime.fromtimestamp(note.created, UTC)),
        modDate=pdf_date(datetime.fromtimestamp(note.updated, UTC)),
    )
    annot.update()


def _open(data: bytes) -> Any:
    try:
        return pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        raise InvalidPdfError("The summary cannot be opened to write its notes.") from exc
