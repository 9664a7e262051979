"""Write resources/selftest/summary.pdf, the page `lis-desktop --self-test` renders and imports.

    python packaging/make_selftest_pdf.py [OUT.pdf]

Run once; the output is committed (about 14 KB) so that every bundle carries the same file. It
looks like a local summary: one A4 page with a heading, paragraphs, a bar chart and a photo-like
image, so rendering it exercises text, vector and image drawing in PyMuPDF.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "selftest" / "summary.pdf"

BLUE = (0x1D / 255, 0x70 / 255, 0xB8 / 255)
RED = (0xD4 / 255, 0x35 / 255, 0x1C / 255)
GREY = (0x50 / 255, 0x5A / 255, 0x5F / 255)
TEXT = (
    "This page is carried inside LIS Desktop so that the app can check itself: the self-test "
    "opens it, draws it, imports it into a temporary offline cache and reads it back. It looks "
    "like one of the 41 Industrial Strategy local summaries: a title, short paragraphs, a chart "
    "and a picture on one A4 page."
)
STRENGTHS = (
    "Advanced manufacturing and engineering; digital and creative industries; clean growth and "
    "offshore wind; life sciences; a strong network of universities and colleges."
)
CHART = (("Productivity", 0.82), ("Employment", 0.64), ("R&D", 0.47), ("Exports", 0.71))


def photo_jpeg(width: int = 240, height: int = 160, seed: int = 7) -> bytes:
    """A small noisy RGB image, JPEG-encoded, standing in for the summaries' photographs."""
    rng = random.Random(seed)
    data = bytearray()
    for y in range(height):
        for x in range(width):
            data += bytes(
                (
                    min(255, 40 + (x * 160) // width + rng.randrange(30)),
                    min(255, 100 + (y * 110) // height + rng.randrange(30)),
                    min(255, 60 + rng.randrange(50)),
                )
            )
    pix = pymupdf.Pixmap(pymupdf.csRGB, width, height, bytes(data), False)
    return bytes(pix.tobytes("jpeg", jpg_quality=70))


def build(out: Path) -> Path:
    doc = pymupdf.open()
    a4 = pymupdf.paper_rect("a4")
    page = doc.new_page(width=a4.width, height=a4.height)
    page.draw_rect(pymupdf.Rect(0, 0, a4.width, 90), color=None, fill=BLUE)
    page.insert_text((50, 45), "Industrial Strategy", fontsize=13, fontname="helv", color=(1, 1, 1))
    page.insert_text(
        (50, 75), "LIS Desktop self-test summary", fontsize=22, fontname="hebo", color=(1, 1, 1)
    )
    page.insert_textbox(pymupdf.Rect(50, 115, a4.width - 50, 200), TEXT, fontsize=11)
    page.insert_text((50, 230), "Key strengths", fontsize=15, fontname="hebo", color=BLUE)
    page.insert_textbox(pymupdf.Rect(50, 240, a4.width - 50, 300), STRENGTHS, fontsize=11)
    page.insert_text((50, 330), "Growth indicators", fontsize=15, fontname="hebo", color=BLUE)
    for row, (label, share) in enumerate(CHART):
        top = 345 + row * 28
        page.insert_text((50, top + 14), label, fontsize=10, color=GREY)
        page.draw_rect(pymupdf.Rect(150, top, 150 + 300 * share, top + 18), color=None, fill=RED)
    page.insert_image(pymupdf.Rect(50, 470, 290, 630), stream=photo_jpeg())
    page.insert_textbox(
        pymupdf.Rect(310, 470, a4.width - 50, 630),
        "Contains public sector information licensed under the Open Government Licence v3.0.",
        fontsize=9,
        color=GREY,
    )
    page.insert_text((50, a4.height - 40), "Page 1 of 1", fontsize=8, color=GREY)
    doc.set_metadata(
        {
            "title": "LIS Desktop self-test summary",
            "author": "LIS Desktop",
            "creationDate": "D:20181206000000Z",
            "modDate": "D:20181206000000Z",
            "producer": "LIS Desktop packaging/make_selftest_pdf.py",
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(out, garbage=4, deflate=True, no_new_id=True)
    doc.close()
    return out


if __name__ == "__main__":
    target = build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(f"make_selftest_pdf: wrote {target} ({target.stat().st_size} bytes)")
