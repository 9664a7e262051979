"""Page text for the search index, read by a PDF engine (`PdfDocument.page_texts`: blocks in
reading order), with the search's hit markers taken out and the engine's errors told as the
index stores them.

The window reads through its PDF host (`engine_extractor`), so that PyMuPDF never loads in its
process and a hostile summary meets the host's deadline; the CLI reads in its own process
(`extract_pages`), where PyMuPDF loads only when a summary actually has to be read.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path

from lis_desktop.errors import (
    DocumentError,
    InvalidPdfError,
    PasswordRequiredError,
    SearchIndexError,
)
from lis_desktop.pdf.api import PdfEngine
from lis_desktop.pdf.local import LocalEngine
from lis_desktop.search.query import HIT_END, HIT_START

log = logging.getLogger(__name__)

Extract = Callable[[Path], list[str]]  # the text of each page of a summary, or InvalidPdfError


def extract_pages(path: Path) -> list[str]:
    """The text of each page, read with PyMuPDF in this process."""
    return read_pages(LocalEngine(), path)


def engine_extractor(engine: PdfEngine) -> Extract:
    """An Extract that reads each summary with `engine` (the window's PDF host)."""
    return functools.partial(read_pages, engine)


def read_pages(engine: PdfEngine, path: Path) -> list[str]:
    """The text of each page of `path`, read by `engine`: InvalidPdfError when it cannot be
    (the index keeps that as the summary's error); SearchIndexError once the engine is closed."""
    try:
        document = engine.open(path)
    except DocumentError as exc:
        if exc.reason == "no_pages":
            return []
        raise _search_error(path.name, exc, opening=True) from exc
    except PasswordRequiredError as exc:
        raise InvalidPdfError(f"'{path.name}' is protected by a password.") from exc
    try:
        pages = document.page_texts()
    except DocumentError as exc:
        raise _search_error(path.name, exc, opening=False) from exc
    finally:
        document.close()
    return [text.replace(HIT_START, "").replace(HIT_END, "") for text in pages]


def _search_error(name: str, exc: DocumentError, *, opening: bool) -> Exception:
    if exc.reason == "closed":  # the app is closing: not the summary's fault, nothing stored
        return SearchIndexError(f"'{name}' was not indexed: {exc}")
    log.info("Cannot read %s for search: %s", name, exc)
    if opening and exc.reason == "open":
        return InvalidPdfError(f"'{name}' cannot be opened for search.")
    return InvalidPdfError(f"The text of '{name}' cannot be read.")
