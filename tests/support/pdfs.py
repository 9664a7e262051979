"""Generated PDFs that look like the real local summaries: one A4 page with headings,
paragraphs and a photograph-like image, about 300 KB."""

from __future__ import annotations

import functools
import random
from pathlib import Path

import pymupdf

A4 = pymupdf.paper_rect("a4")

LOREM = (
    "Our area has a strong base in advanced manufacturing, digital industries and clean energy. "
    "Productivity has grown faster than the national average since 2010, yet skills gaps remain "
    "in engineering and construction. The Local Enterprise Partnership will work with universities "
    "and colleges to raise investment in research and development and to support exporters."
)


def photo_pixmap(width: int = 380, height: int = 260, seed: int = 1) -> pymupdf.Pixmap:
    """A noisy, colourful RGB image: compresses badly, like a photograph, and has true colours."""
    rng = random.Random(seed)
    data = bytearray()
    for y in range(height):
        for x in range(width):
            base_r = 40 + (x * 180) // width
            base_g = 90 + (y * 120) // height
            data += bytes(
                (
                    min(255, base_r + rng.randrange(40)),
                    min(255, base_g + rng.randrange(40)),
                    min(255, 30 + rng.randrange(60)),
                )
            )
    return pymupdf.Pixmap(pymupdf.csRGB, width, height, bytes(data), False)


@functools.lru_cache(maxsize=4)
def _photo(seed: int) -> pymupdf.Pixmap:
    return photo_pixmap(seed=seed)


def make_summary_pdf(
    path: Path,
    title: str = "Black Country",
    words: str = "",
    pages: int = 1,
    image: bool = True,
    seed: int = 1,
) -> Path:
    """Write a summary-like PDF to `path` and return it. `words` is added as its own paragraph."""
    doc = pymupdf.open()
    pix = _photo(seed) if image else None
    for number in range(pages):
        page = doc.new_page(width=A4.width, height=A4.height)
        page.insert_text((50, 70), "Industrial Strategy", fontsize=12, fontname="helv")
        page.insert_text((50, 100), title, fontsize=24, fontname="hebo")
        y = 130.0
        rect = pymupdf.Rect(50, y, A4.width - 50, y + 110)
        page.insert_textbox(rect, LOREM, fontsize=10, fontname="helv")
        y += 120
        page.insert_text((50, y), "Key strengths", fontsize=14, fontname="hebo")
        y += 10
        if words:
            page.insert_textbox(
                pymupdf.Rect(50, y, A4.width - 50, y + 80), words, fontsize=10, fontname="helv"
            )
        y += 90
        if pix is not None and number == 0:
            page.insert_image(pymupdf.Rect(50, y, 50 + 380, y + 260), pixmap=pix)
        page.insert_text((50, A4.height - 40), f"Page {number + 1}", fontsize=8, fontname="helv")
    doc.set_metadata({"title": f"{title} — Industrial Strategy local summary"})
    doc.save(path)
    doc.close()
    return path


def make_zero_page_pdf(path: Path) -> Path:
    """A syntactically valid PDF whose page tree is empty (PyMuPDF refuses to save one)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def summary_pdf_bytes(title: str, words: str = "", seed: int = 1) -> bytes:
    """A summary-like PDF (about 300 KB) as bytes, for servers and fixtures."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4.width, height=A4.height)
    page.insert_text((50, 70), "Industrial Strategy", fontsize=12, fontname="helv")
    page.insert_text((50, 100), title, fontsize=24, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(50, 130, A4.width - 50, 240), LOREM, fontsize=10)
    if words:
        page.insert_textbox(pymupdf.Rect(50, 250, A4.width - 50, 330), words, fontsize=10)
    page.insert_image(pymupdf.Rect(50, 340, 430, 600), pixmap=_photo(seed))
    doc.set_metadata({"title": f"{title} — Industrial Strategy local summary"})
    data = doc.tobytes()
    doc.close()
    return bytes(data)
