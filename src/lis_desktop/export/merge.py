"""The merged PDF: several summaries in one file with nation/region bookmarks (pypdf).

pypdf is imported only here, and only when a merged PDF is made, so starting the app and
the CLI does not pay for it.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

log = logging.getLogger(__name__)


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

    writer = PdfWriter()
    if cover is not None:
        writer.append(PdfReader(io.BytesIO(cover)), import_outline=False)
    nations: dict[str, object] = {}
    for part in parts:
        first_page = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(part.load())), import_outline=False)
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
    writer.write(out)
    return len(writer.pages)


def pdf_date(moment: datetime) -> str:
    """A PDF date string, e.g. D:20181206093000+00'00'."""
    stamp = moment.strftime("D:%Y%m%d%H%M%S")
    offset = moment.utcoffset()
    if offset is None:
        return stamp
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{stamp}{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"
