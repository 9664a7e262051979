"""What export needs from PyMuPDF: page images, text with its headings, and a cover page.

Every call holds `document.MUPDF_LOCK`. Headings are recognised by font size and weight
relative to the document's body text, which is how the summaries mark them.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymupdf

from lis_desktop.errors import InvalidPdfError
from lis_desktop.pdf.document import MUPDF_LOCK

log = logging.getLogger(__name__)

HEADING_RATIO = 1.3  # a line this much larger than the body text is a heading
MAX_HEADING_CHARS = 200
_TEXT_FLAGS = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES
_MD_ESCAPE = re.compile(r"^([#>*+\-=|]|\d+[.)])")


@dataclass(frozen=True)
class TextBlock:
    """A paragraph (level 0) or a heading (level 1-6) in reading order."""

    text: str
    level: int
    page: int


@dataclass(frozen=True)
class _Line:
    text: str
    size: float
    bold: bool
    block: int
    page: int


@dataclass(frozen=True)
class CoverEntry:
    title: str
    nation: str
    source: str  # a URL, or where an imported file came from
    retrieved: str  # a date as people read it


def page_count(path: Path) -> int:
    with MUPDF_LOCK, _open(path) as doc:
        return int(doc.page_count)


def render_png(path: Path, index: int, dpi: int) -> bytes:
    """Page `index` as PNG bytes at `dpi` (A4 at 150 dpi is 1240 x 1754 pixels)."""
    with MUPDF_LOCK, _open(path) as doc:
        try:
            page = doc.load_page(index)
            # Round to the nearest pixel (A4 at 150 dpi: 1240 x 1754); MuPDF rounds outwards.
            width = max(1, round(page.rect.width * dpi / 72))
            height = max(1, round(page.rect.height * dpi / 72))
            matrix = pymupdf.Matrix(width / page.rect.width, height / page.rect.height)
            pix = page.get_pixmap(matrix=matrix, alpha=False)
            pix.set_dpi(dpi, dpi)
            return bytes(pix.tobytes("png"))
        except Exception as exc:  # PyMuPDF raises plain RuntimeError subclasses
            raise InvalidPdfError(f"Page {index + 1} of '{path.name}' cannot be drawn.") from exc


def extract_blocks(path: Path) -> list[TextBlock]:
    """The text of every page in reading order, with headings told apart from paragraphs."""
    with MUPDF_LOCK, _open(path) as doc:
        try:
            lines = [line for page in doc for line in _page_lines(page)]
        except InvalidPdfError:
            raise
        except Exception as exc:
            raise InvalidPdfError(f"The text of '{path.name}' cannot be read.") from exc
    return _to_blocks(lines)


def to_plain_text(blocks: Sequence[TextBlock]) -> str:
    return "".join(f"{block.text}\n\n" for block in blocks).rstrip("\n") + "\n"


def to_markdown(blocks: Sequence[TextBlock]) -> str:
    parts: list[str] = []
    page = blocks[0].page if blocks else 0
    for block in blocks:
        if block.page != page:
            parts.append("---")
            page = block.page
        if block.level:
            parts.append(f"{'#' * block.level} {block.text}")
        else:
            parts.append(_MD_ESCAPE.sub(r"\\\1", block.text))
    return "\n\n".join(parts) + "\n"


def _page_lines(page: Any) -> Iterator[_Line]:
    data = page.get_text("dict", sort=True, flags=_TEXT_FLAGS)
    for block_no, block in enumerate(data.get("blocks", ())):
        if block.get("type") != 0:
            continue
        for line in block.get("lines", ()):
            spans = [s for s in line.get("spans", ()) if s.get("text", "").strip()]
            if not spans:
                continue
            text = " ".join("".join(s["text"] for s in line["spans"]).split())
            weights = Counter[float]()
            for span in spans:
                weights[round(float(span["size"]) * 2) / 2] += len(span["text"].strip())
            bold = all(_is_bold(s) for s in spans)
            yield _Line(text, weights.most_common(1)[0][0], bold, block_no, page.number)


def _is_bold(span: dict[str, Any]) -> bool:
    font = str(span.get("font", "")).lower()
    return bool(int(span.get("flags", 0)) & pymupdf.TEXT_FONT_BOLD) or any(
        mark in font for mark in ("bold", "black", "heavy", "-bo", "semibold")
    )


def _to_blocks(lines: list[_Line]) -> list[TextBlock]:
    if not lines:
        return []
    sizes = Counter[float]()
    for line in lines:
        sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0]
    levels = _heading_levels(lines, body)
    blocks: list[TextBlock] = []
    previous: tuple[int, int, int] | None = None  # (page, block, level) of the last line
    for line in lines:
        level = levels.get((line.size, line.bold), 0) if len(line.text) <= MAX_HEADING_CHARS else 0
        key = (line.page, line.block, level)
        if blocks and key == previous:
            last = blocks[-1]
            blocks[-1] = TextBlock(f"{last.text} {line.text}", level, line.page)
        else:
            blocks.append(TextBlock(line.text, level, line.page))
        previous = key
    return blocks


def _heading_levels(lines: list[_Line], body: float) -> dict[tuple[float, bool], int]:
    """Map each (size, bold) style used by headings to a level: larger first, bold-only last."""
    styles = {
        (line.size, line.bold)
        for line in lines
        if line.size >= body * HEADING_RATIO or (line.bold and line.size >= body)
    }
    ordered = sorted(styles, key=lambda style: (-style[0], not style[1]))
    return {style: min(index + 1, 6) for index, style in enumerate(ordered)}


@contextlib.contextmanager
def _open(path: Path) -> Iterator[Any]:
    """Open a PDF with PyMuPDF and close it afterwards; the caller holds MUPDF_LOCK."""
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:
        raise InvalidPdfError(f"'{path.name}' cannot be opened.") from exc
    try:
        yield doc
    finally:
        doc.close()


def normalised_pdf(data: bytes, name: str) -> bytes:
    """`data` rewritten by MuPDF for a stricter reader (pypdf) and any viewer: decrypted (an
    owner password only restricts printing or copying), page tree rebuilt (a loop in it is
    dropped), cross-references repaired, every stream Flate-compressed (no Brotli).

    InvalidPdfError naming `name` when MuPDF cannot read it either."""
    with MUPDF_LOCK:
        try:
            source = pymupdf.open(stream=data, filetype="pdf")
        except Exception as exc:
            raise InvalidPdfError(f"The summary for {name} is damaged and cannot be read.") from exc
        try:
            if source.needs_pass:
                raise InvalidPdfError(f"The summary for {name} is protected by a password.")
            clean = pymupdf.open()
            try:
                clean.insert_pdf(source)
                return bytes(clean.tobytes(garbage=3, deflate=True, expand=255))
            finally:
                clean.close()
        except InvalidPdfError:
            raise
        except Exception as exc:  # PyMuPDF raises plain RuntimeError subclasses
            raise InvalidPdfError(f"The pages of the summary for {name} cannot be read.") from exc
        finally:
            source.close()


# -- cover page ---------------------------------------------------------------------------
A4 = pymupdf.paper_rect("a4")
_MARGIN = 56.0
_ENTRY_HEIGHT = 30.0


def make_cover(heading: str, intro: Sequence[str], entries: Sequence[CoverEntry]) -> bytes:
    """A PDF (one page, or more for a long list) listing the regions included and sources."""
    with MUPDF_LOCK:
        doc = pymupdf.open()
        try:
            fonts = _Fonts(pymupdf.Font("helv"), pymupdf.Font("hebo"))  # full Unicode Latin
            page, y = _cover_page(doc, fonts, heading, intro)
            for entry in entries:
                if y + _ENTRY_HEIGHT > A4.height - _MARGIN:
                    page, y = _cover_page(doc, fonts, f"{heading} (continued)", ())
                y = _cover_entry(page, fonts, y, entry)
            doc.subset_fonts()
            return bytes(doc.tobytes(garbage=3, deflate=True))
        finally:
            doc.close()


@dataclass(frozen=True)
class _Fonts:
    regular: Any
    bold: Any


def _write(page: Any, at: tuple[float, float], text: str, font: Any, size: float) -> None:
    writer = pymupdf.TextWriter(page.rect)
    writer.append(at, text, font=font, fontsize=size)
    writer.write_text(page)


def _cover_page(doc: Any, fonts: _Fonts, heading: str, intro: Sequence[str]) -> tuple[Any, float]:
    page = doc.new_page(width=A4.width, height=A4.height)
    _write(page, (_MARGIN, _MARGIN + 20), heading, fonts.bold, 20)
    y = _MARGIN + 48
    for line in intro:
        _write(page, (_MARGIN, y), line, fonts.regular, 10)
        y += 15
    if intro:
        y += 10
        _write(page, (_MARGIN, y), "Regions included", fonts.bold, 13)
        y += 22
    return page, y


def _cover_entry(page: Any, fonts: _Fonts, y: float, entry: CoverEntry) -> float:
    _write(page, (_MARGIN, y), f"{entry.title} ({entry.nation})", fonts.bold, 10)
    detail = f"{entry.source} (retrieved {entry.retrieved})"
    _write(page, (_MARGIN + 12, y + 13), detail, fonts.regular, 8)
    if entry.source.startswith("https://"):
        width = fonts.regular.text_length(entry.source, fontsize=8)
        rect = pymupdf.Rect(_MARGIN + 12, y + 5, _MARGIN + 12 + width, y + 15)
        page.insert_link({"kind": pymupdf.LINK_URI, "from": rect, "uri": entry.source})
    return y + _ENTRY_HEIGHT
