"""Which parts of a page night mode keeps in true colour, at several zooms: filled figures yes,
large coloured heading text never (it must turn light to stay readable on the dark page)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from lis_desktop.document import MUPDF_LOCK, PdfSession
from lis_desktop.widgets.viewer_render import image_from_samples
from support.pdfs import make_big_headings_pdf


def render(session: PdfSession, width: int, night: bool) -> QImage:
    scale = width / session.page_sizes[0][0]
    return session.render(0, scale, 0, night, image_from_samples)


@pytest.fixture
def headings(tmp_path: Path) -> Iterator[PdfSession]:
    session = PdfSession.open(make_big_headings_pdf(tmp_path / "headings.pdf"))
    yield session
    session.close()


@pytest.mark.parametrize("width", [400, 700, 1000, 1300])
def test_large_coloured_headings_turn_light_and_the_green_block_stays(
    headings: PdfSession, width: int
) -> None:
    day, night = render(headings, width, False), render(headings, width, True)
    scale = width / headings.page_sizes[0][0]
    with MUPDF_LOCK:
        page = headings.doc.load_page(0)
        blocks = page.get_text("dict")["blocks"]
        lines = [line["bbox"] for b in blocks if b["type"] == 0 for line in b["lines"]]
    assert len(lines) == 5
    ink = 0
    for x0, y0, x1, y1 in lines:
        for y in range(round(y0 * scale), round(y1 * scale)):
            for x in range(round(x0 * scale), round(x1 * scale), 2):
                lightness = day.pixelColor(x, y).lightness()
                if lightness < 90:  # the heading's navy ink
                    ink += 1
                    assert night.pixelColor(x, y).lightness() > 150, (x, y)
                elif lightness == 255:  # the paper between and inside the letters
                    assert night.pixelColor(x, y).lightness() < 60, (x, y)
    assert ink > 1000
    block = round(425 * scale), round(700 * scale)
    assert night.pixelColor(*block) == day.pixelColor(*block)
