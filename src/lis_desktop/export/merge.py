"""The merged PDF: several summaries in one file with nation/region bookmarks (pypdf).

pypdf is imported only here, and only when a merged PDF is made, so starting the app and
the CLI does not pay for it. pypdf is stricter than MuPDF (which shows the summaries): a summary
it cannot read (a loop in its page tree, broken cross-references, AES encryption with only an
owner password, which pypdf could decrypt only with `cryptography`) or that would carry Brotli
streams few viewers read is first rewritten by MuPDF (`render.normalised_pdf`); one that still
cannot be merged is refused with an ExportError naming it.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, BinaryIO

from lis_desktop.errors import ExportError, InvalidPdfError
from lis_desktop.export.render import normalised_pdf

if TYPE_CHECKING:
    from pypdf import PdfReader, PdfWriter

log = logging.getLogger(__name__)
_FEW_VIEWERS_READ = (b"/BrotliDecode",)  # filters MuPDF reads but most viewers do not


@dataclass(frozen=True)
class MergePart:
    title: str  # the region's bookmark
    nation: str  # the bookmark it is grouped under
    load: Callable[[], bytes]  # reads the summary PDF when its turn comes (one at a time)


@dataclass(frozen=True)
class MergeInfo:
    title: str
    subject: str
    keywords: str
    creator: str
    created: datetime


def merge(parts: Sequence[MergePart], info: MergeInfo, out: BinaryIO, cover: bytes | None) -> int:
    """Write the merged PDF to `out` (cover first, if any) and return its page count."""
    from pypdf import PdfReader, PdfWriter  # lazily: only exports need pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its repair notes are not for the user
    writer = PdfWriter()
    if cover is not None:
        writer.append(PdfReader(io.BytesIO(cover)), import_outline=False)
    nations: dict[str, object] = {}
    for part in parts:
        first_page = len(writer.pages)
        writer.append(_reader(part), import_outline=False)
        parent = nations.get(part.nation)
        if parent is None:
            parent = writer.add_outline_item(title=part.nation, page_number=first_page)
            nations[part.nation] = parent
        writer.add_outline_item(title=part.title, page_number=first_page, parent=parent)  # type: ignore[arg-type]
    writer.add_metadata(
        {
            "/Title": info.title,
            "/Subject": info.subject,
            "/Keywords": info.keywords,
            "/Creator": info.creator,
            "/CreationDate": pdf_date(info.created),
            "/ModDate": pdf_date(info.created),
        }
    )
    writer.page_mode = "/UseOutlines"  # open with the bookmarks shown
    _write(writer, out)
    return len(writer.pages)


def _reader(part: MergePart) -> PdfReader:
    """A pypdf reader over the part, its pages all read; rewritten by MuPDF first when pypdf
    cannot read it as it is (ExportError naming it when neither can)."""
    data = part.load()
    if not any(mark in data for mark in _FEW_VIEWERS_READ):
        try:
            return _read(data)
        except Exception as exc:  # pypdf raises many kinds: PdfReadError, DependencyError, ...
            log.info("pypdf cannot read the summary for %s (%r); rewriting it", part.title, exc)
    try:
        return _read(normalised_pdf(data, part.title))
    except InvalidPdfError as exc:
        raise ExportError(f"{exc} It cannot be merged; nothing was exported.") from exc
    except Exception as exc:
        raise ExportError(
            f"The summary for {part.title} cannot be merged ({type(exc).__name__}); export it "
            "as a PDF copy instead. Nothing was exported."
        ) from exc


def _read(data: bytes) -> PdfReader:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:  # decrypting is MuPDF's job (pypdf would need `cryptography`)
        raise ValueError("encrypted")
    for page in reader.pages:  # walks the whole page tree now: a loop in it fails here
        page.mediabox  # noqa: B018
    return reader


def _write(writer: PdfWriter, out: BinaryIO) -> None:
    try:
        writer.write(out)
    except OSError:
        raise  # a full or read-only disk: the exporter says so
    except Exception as exc:
        raise ExportError(
            f"The merged PDF could not be written ({type(exc).__name__}: {exc}); nothing was "
            "exported."
        ) from exc


def pdf_date(moment: datetime) -> str:
    """A PDF date string, e.g. D:20181206093000+00'00'."""
    stamp = moment.strftime("D:%Y%m%d%H%M%S")
    offset = moment.utcoffset()
    if offset is None:
        return stamp
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{stamp}{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"
