"""Qt-free PyMuPDF access: opening, checking and rendering PDFs.

PyMuPDF does not support use from several threads at once, so every call into it goes
through MUPDF_LOCK, whichever thread (GUI, render worker, sync worker) makes it.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from lis_desktop.errors import DocumentError, InvalidPdfError, PasswordRequiredError
from lis_desktop.pdf.page_text import blocks_text

log = logging.getLogger(__name__)

MUPDF_LOCK = threading.RLock()


class _LazyPyMuPDF:
    """Imports PyMuPDF on first use (~80 ms), so the window can show before it is needed."""

    def __getattr__(self, name: str) -> Any:
        import pymupdf as module

        module.TOOLS.mupdf_display_errors(False)  # damaged files are reported through exceptions
        globals()["pymupdf"] = module  # later look-ups go straight to the module
        return getattr(module, name)


if TYPE_CHECKING:
    import pymupdf
else:
    pymupdf = _LazyPyMuPDF()


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    title: str
    encrypted: bool


@dataclass(frozen=True)
class RenderedPage:
    """Raw RGB(A) samples of one page; the UI wraps them in a QImage without re-encoding.

    `night`: the UI shows the samples in night colours (light on dark); `keep` lists the
    device-pixel rectangles (x0, y0, x1, y1) of the images on the page, kept in true colour.
    `recoloured`: the night colours are already applied (by `night.recoloured`, in the PDF host
    or the in-process engine); the samples are then Qt's Format_RGB32 (0xffRRGGBB words).
    `lasting`: the samples stay valid for as long as they are referenced (memory of their own,
    see page_memory), so an image may wrap them without a copy; otherwise they are valid only
    during the `build` call they are given to. It says how long the samples live, not what they
    are: pages compare equal whatever it is.
    Plain data only: the page may be carried across a process boundary field by field.
    """

    samples: bytes | memoryview
    width: int
    height: int
    stride: int
    alpha: bool
    night: bool = False
    keep: tuple[tuple[int, int, int, int], ...] = ()
    recoloured: bool = False
    lasting: bool = field(default=False, compare=False)


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


# --- The viewer's open document -------------------------------------------------------------

MAX_VIEW_PIXELS = 24_000_000  # a single view render never exceeds this (about 96 MB of RGB)
MAX_WORDS_PER_PAGE = 60_000  # text extraction beyond this is ignored (a pathological page)
MAX_LINKS_PER_PAGE = 5_000
SIZE_BATCH = 100  # page sizes read per hold of MUPDF_LOCK when a document opens
KEPT_PAGES = 8  # loaded Page objects kept for the next render of the same pages
KEPT_LISTS = 2  # display lists of pages drawn in bands (each may hold a large page's content)
NIGHT_BLACK = 0x1E1F22  # the night page background
NIGHT_WHITE = 0xE6E6E6  # the night text colour

Word = tuple[float, float, float, float, str, int, int, int]  # PyMuPDF "words" tuples
T = TypeVar("T")


MAX_KEPT_IMAGES = 500  # image boxes located per page for night mode (a pathological page)


def kept(page: RenderedPage) -> RenderedPage:
    """The default `build` of a render: the page with samples that outlive the call (copied to
    bytes unless they are `lasting` already)."""
    return page if page.lasting else dataclasses.replace(page, samples=bytes(page.samples))


@dataclass(frozen=True)
class LinkInfo:
    """A link area on a page (page coordinates); `uri` for external links, `page` for jumps."""

    rect: tuple[float, float, float, float]
    uri: str = ""
    page: int = -1
    target_y: float = 0.0


@dataclass(frozen=True)
class PageInfo:
    words: tuple[Word, ...]
    links: tuple[LinkInfo, ...]


@dataclass
class PdfSession:
    """An open PDF for the viewer. Use it from one worker at a time; every call holds MUPDF_LOCK."""

    path: Path
    doc: pymupdf.Document
    page_sizes: tuple[tuple[float, float], ...]
    _words: dict[int, tuple[Word, ...]] = field(default_factory=dict)
    _pages: dict[int, pymupdf.Page] = field(default_factory=dict)  # recently used, loaded
    _lists: dict[int, pymupdf.DisplayList] = field(default_factory=dict)  # of banded pages

    @classmethod
    def open(cls, path: Path, password: str | None = None) -> PdfSession:
        """Open `path`, or raise DocumentError (with the failing step) / PasswordRequiredError.

        The page sizes are read in batches, MUPDF_LOCK released and the GIL offered between
        them: a document of thousands of pages never holds the lock for long.
        """
        name = path.name
        with MUPDF_LOCK:
            try:
                doc = pymupdf.open(path, filetype="pdf")
            except Exception as exc:
                raise DocumentError(
                    f"'{name}' is damaged or not a PDF, and cannot be opened.", "open"
                ) from exc
        try:
            with MUPDF_LOCK:
                _unlock(doc, name, password)
                count = _page_count(doc, name)
            sizes: list[tuple[float, float]] = []
            while len(sizes) < count:
                with MUPDF_LOCK:
                    sizes += _page_sizes(doc, name, len(sizes), min(count, len(sizes) + SIZE_BATCH))
                time.sleep(0)  # let the GUI thread run between batches
        except BaseException:
            with MUPDF_LOCK:
                doc.close()
            raise
        return cls(path, doc, tuple(sizes))

    @property
    def page_count(self) -> int:
        return len(self.page_sizes)

    def close(self) -> None:
        with MUPDF_LOCK:
            self._pages.clear()
            self._lists.clear()
            self.doc.close()

    def render(
        self,
        index: int,
        scale: float,
        rotation: int,
        night: bool,
        build: Callable[[RenderedPage], T] = kept,  # type: ignore[assignment]
        rows: tuple[int, int] | None = None,
    ) -> T:
        """Render page `index` at `scale` device pixels per point, capped at MAX_VIEW_PIXELS;
        with `rows` (y0, y1), only that band of rows of the (rotated) page image.

        `build` receives the pixmap's samples as a memoryview valid only during the call (the
        viewer wraps them in a QImage and copies it); by default they are copied to bytes.
        With `night`, the pixels are left as they are: the page is marked night and its image
        boxes are listed in `keep`; `pdf_local.NightSession` (the engines' session) applies the
        night colours before `build`.
        """
        with MUPDF_LOCK:
            page = self._page(index)
            try:
                width, height = page.rect.width, page.rect.height
                pixels = width * height * scale * scale
                if pixels > MAX_VIEW_PIXELS and rows is None:
                    scale *= (MAX_VIEW_PIXELS / pixels) ** 0.5
                matrix = pymupdf.Matrix(scale, scale).prerotate(rotation)
                clip = _band_clip(page.rect, matrix, rows) if rows else None
                source = self._display_list(index, page) if rows else page
                pix = source.get_pixmap(matrix=matrix, clip=clip, alpha=False)
                keep = _image_boxes(page, pix, matrix) if night else ()
                samples = pix.samples_mv
                return build(
                    RenderedPage(samples, pix.width, pix.height, pix.stride, False, night, keep)
                )
            except Exception as exc:
                raise DocumentError(
                    f"Page {index + 1} of '{self.path.name}' cannot be drawn.", "render"
                ) from exc

    def words(self, index: int) -> tuple[Word, ...]:
        """The page's words in content order, each (x0, y0, x1, y1, text, block, line, word)."""
        cached = self._words.get(index)
        if cached is not None:
            return cached
        with MUPDF_LOCK:
            try:
                raw = self._page(index).get_text("words")
            except DocumentError:
                raise
            except Exception:
                log.warning("Cannot extract the text of page %d of %s", index + 1, self.path)
                raw = []
        words = tuple(tuple(w) for w in raw[:MAX_WORDS_PER_PAGE])
        self._words[index] = words
        return words

    def page_info(self, index: int) -> PageInfo:
        words = self.words(index)
        with MUPDF_LOCK:
            try:
                links = _page_links(self.doc, self._page(index))
            except DocumentError:
                raise
            except Exception:
                log.warning("Cannot read the links of page %d of %s", index + 1, self.path)
                links = ()
        return PageInfo(words, links)

    def all_words(self, pages: Sequence[int]) -> dict[int, tuple[Word, ...]]:
        return {index: self.words(index) for index in pages}

    def page_texts(self, pages: Sequence[int] | None = None) -> list[str]:
        """The text of each of `pages` (all by default) for full-text search: its text blocks
        top to bottom, left to right (`page_text.blocks_text`), ligatures expanded and words
        broken at line ends joined. DocumentError when a page or its text cannot be read."""
        wanted = range(self.page_count) if pages is None else pages
        return [self._page_text(index) for index in wanted]

    def _page_text(self, index: int) -> str:
        with MUPDF_LOCK:  # held for one page at a time
            page = self._page(index)
            try:
                blocks = page.get_text("blocks", flags=_search_text_flags(), sort=True)
            except Exception as exc:
                raise DocumentError(
                    f"The text of page {index + 1} of '{self.path.name}' cannot be read.", "text"
                ) from exc
        return blocks_text(blocks)

    def _display_list(self, index: int, page: pymupdf.Page) -> pymupdf.DisplayList:
        """The page's content interpreted once, for a page drawn in bands: each band then
        costs a fraction of interpreting the whole content again (which holds the GIL)."""
        listed = self._lists.get(index)
        if listed is None:
            listed = self._lists[index] = page.get_displaylist()
            while len(self._lists) > KEPT_LISTS:
                self._lists.pop(next(iter(self._lists)))
        return listed

    def _page(self, index: int) -> pymupdf.Page:
        page = self._pages.get(index)
        if page is not None:
            return page
        try:
            page = self.doc.load_page(index)
        except Exception as exc:
            raise DocumentError(
                f"Page {index + 1} of '{self.path.name}' is damaged and cannot be read.",
                "page_load",
            ) from exc
        self._pages[index] = page
        while len(self._pages) > KEPT_PAGES:
            self._pages.pop(next(iter(self._pages)))
        return page


def _search_text_flags() -> int:
    """Whitespace kept, ligatures expanded (so "ﬁ" matches "fi"), words broken at line ends
    joined, text outside the page left out."""
    return int(
        pymupdf.TEXT_PRESERVE_WHITESPACE
        | pymupdf.TEXT_MEDIABOX_CLIP
        | pymupdf.TEXT_DEHYPHENATE
        | pymupdf.TEXT_CID_FOR_UNKNOWN_UNICODE
    )


def _unlock(doc: pymupdf.Document, name: str, password: str | None) -> None:
    if not doc.needs_pass:
        return
    if password is None:
        raise PasswordRequiredError(f"'{name}' is protected by a password.", wrong=False)
    if not doc.authenticate(password):
        raise PasswordRequiredError(f"Wrong password for '{name}'.", wrong=True)


def _page_count(doc: pymupdf.Document, name: str) -> int:
    try:
        count = int(doc.page_count)
    except Exception as exc:
        raise DocumentError(
            f"'{name}' is damaged: its pages cannot be counted.", "page_count"
        ) from exc
    if count < 1:
        raise DocumentError(f"'{name}' has no pages.", "no_pages")
    return count


def _page_sizes(
    doc: pymupdf.Document, name: str, start: int, stop: int
) -> list[tuple[float, float]]:
    sizes = []
    for index in range(start, stop):
        try:
            rect = doc.load_page(index).rect
        except Exception as exc:
            raise DocumentError(
                f"Page {index + 1} of '{name}' is damaged and cannot be read.", "page_load"
            ) from exc
        sizes.append((max(1.0, float(rect.width)), max(1.0, float(rect.height))))
    return sizes


def _band_clip(rect: pymupdf.Rect, matrix: pymupdf.Matrix, rows: tuple[int, int]) -> pymupdf.Rect:
    """The page area (page coordinates) that becomes rows y0..y1 of the page image."""
    image = rect * matrix
    y0, y1 = rows
    y1 = min(y1, y0 + max(1, int(MAX_VIEW_PIXELS / max(1.0, image.width))))
    band = pymupdf.Rect(image.x0, image.y0 + y0, image.x1, image.y0 + y1)
    return band * ~matrix


def _image_boxes(
    page: pymupdf.Page, pix: pymupdf.Pixmap, matrix: pymupdf.Matrix
) -> tuple[tuple[int, int, int, int], ...]:
    """Night mode: the boxes of the page's raster images, in the pixmap's pixels (clipped)."""
    try:
        images = page.get_image_info()
    except Exception:
        log.warning("Cannot locate the images of a page; night mode recolours them too")
        return ()
    boxes = []
    for info in images[:MAX_KEPT_IMAGES]:
        box = (pymupdf.Rect(info["bbox"]) * matrix).irect
        x0, y0 = max(0, box.x0 - pix.x), max(0, box.y0 - pix.y)
        x1, y1 = min(pix.width, box.x1 - pix.x), min(pix.height, box.y1 - pix.y)
        if x0 < x1 and y0 < y1:
            boxes.append((int(x0), int(y0), int(x1), int(y1)))
    return tuple(boxes)


def _page_links(doc: pymupdf.Document, page: pymupdf.Page) -> tuple[LinkInfo, ...]:
    """The first MAX_LINKS_PER_PAGE links of `page`, walking MuPDF's link list directly.

    `Page.links()` and `Page.get_links()` build every link and look up its annotation xref
    in a fresh list of all annotations for each one: quadratic, minutes for 30,000 links.
    """
    links: list[LinkInfo] = []
    link = pymupdf.mupdf.fz_load_links(page.this)  # already loaded with the page: cheap
    while link.m_internal and len(links) < MAX_LINKS_PER_PAGE:
        box = link.rect()
        rect = (float(box.x0), float(box.y0), float(box.x1), float(box.y1))
        uri = str(link.uri() or "")
        if uri and pymupdf.mupdf.fz_is_external_link(uri):
            links.append(LinkInfo(rect, uri=uri))
        else:
            target, y = _resolve(doc, uri)
            if isinstance(target, int) and target >= 0:
                links.append(LinkInfo(rect, page=target, target_y=0.0 if y != y else float(y)))
            else:
                links.append(LinkInfo(rect, uri=f"unsupported:{uri or 'an unsupported target'}"))
        link = link.next()
    return tuple(links)


def _resolve(doc: pymupdf.Document, uri: str) -> tuple[int, float]:
    """The page index and y of an internal link target; -1 when it has none."""
    try:
        target, _x, y = doc.resolve_link(uri) if uri else (-1, 0.0, 0.0)
    except Exception:
        return -1, 0.0
    return (target if isinstance(target, int) else -1), float(y)
