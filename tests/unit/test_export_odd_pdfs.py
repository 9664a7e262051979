"""Real-world PDFs that import and show fine but that pypdf cannot merge as they are (a loop in
the page tree, Brotli streams, broken cross-references, AES with only an owner password): every
export format works for them, and a merged PDF holds their pages, readable by any viewer."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pymupdf
import pytest

from lis_desktop.content.cache import Cache
from lis_desktop.content.library import Library
from lis_desktop.errors import ExportError
from lis_desktop.export.exporter import Exporter, ExportFormat, ExportRequest
from lis_desktop.export.merge import MergeInfo, MergePart, merge
from support.pdfs import ODD_PDFS, make_summary_pdf


@pytest.fixture
def library(cache_dir: Path) -> Iterator[Library]:
    cache = Cache(cache_dir)
    yield Library.load(cache)
    cache.close()


def page_texts(data: bytes) -> list[str]:
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return [page.get_text() for page in doc]


@pytest.mark.parametrize("kind", sorted(ODD_PDFS))
def test_an_odd_pdf_merges_and_exports_in_every_format(
    library: Library, tmp_path: Path, kind: str
) -> None:
    odd = ODD_PDFS[kind](tmp_path / f"{kind}.pdf")
    expected = page_texts(odd.read_bytes())[0].split("\n")[0]
    library.cache.import_pdf("wales", odd)  # the app shows it: it imports
    library.cache.import_pdf("scotland", make_summary_pdf(tmp_path / "s.pdf", title="Scotland"))
    out = tmp_path / "out"
    out.mkdir()
    exporter = Exporter(library)
    result = exporter.export(
        ExportRequest(("wales", "scotland"), ExportFormat.MERGED_PDF, out / "m.pdf", cover=True)
    )
    merged = result.files[0].read_bytes()
    texts = page_texts(merged)
    assert len(texts) == 3  # the cover, then Scotland and Wales in tree order
    assert "Scotland" in texts[1]
    assert expected in texts[2]
    assert b"/BrotliDecode" not in merged  # readable by viewers without Brotli
    assert b"/Encrypt" not in merged
    from pypdf import PdfReader  # a second, stricter reader can read every page

    assert len(PdfReader(io.BytesIO(merged)).pages) == 3
    for fmt in ("pdf", "png", "txt", "md"):
        done = exporter.export(ExportRequest(("wales",), ExportFormat(fmt), out / f"w.{fmt}"))
        assert done.files[0].stat().st_size > 0


def test_a_summary_nothing_can_read_is_refused_by_name(tmp_path: Path) -> None:
    info = MergeInfo("t", "s", "k", "c", __import__("datetime").datetime(2018, 12, 6))
    good = make_summary_pdf(tmp_path / "g.pdf").read_bytes()
    load: Callable[[], bytes] = lambda: b"%PDF-1.4\n garbage that no reader can use"  # noqa: E731
    parts = [MergePart("Wales", "Wales", lambda: good), MergePart("Black Country", "England", load)]
    with pytest.raises(ExportError, match=r"Black Country.*nothing was exported"):
        merge(parts, info, io.BytesIO(), None)
