"""Which parts of a page night mode keeps in true colour, at several zooms: filled figures yes,
large coloured heading text never (it must turn light to stay readable on the dark page)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from lis_desktop.pdf.document import MUPDF_LOCK, PdfSession
from lis_desktop.pdf.local import NightSession
from lis_desktop.ui.viewer.rendering import BAND_PIXELS, image_from_samples
from support.pdfs import (
    chart_bar_rects,
    legend_swatches,
    make_big_headings_pdf,
    make_chart_summary_pdf,
    make_map_summary_pdf,
    map_regions,
)


def render(session: PdfSession, width: int, night: bool) -> QImage:
    scale = width / session.page_sizes[0][0]
    return session.render(0, scale, 0, night, image_from_samples)


@pytest.fixture
def headings(tmp_path: Path) -> Iterator[PdfSession]:
    session = NightSession.open(make_big_headings_pdf(tmp_path / "headings.pdf"))
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


def at(image: QImage, scale: float, x: float, y: float) -> tuple[int, int, int]:
    colour = image.pixelColor(round(x * scale), round(y * scale))
    return colour.red(), colour.green(), colour.blue()


@pytest.mark.parametrize("width", [300, 480, 575, 760, 1000, 1400])
def test_chart_bars_and_banner_keep_their_colours_at_every_zoom(tmp_path: Path, width: int) -> None:
    session = NightSession.open(make_chart_summary_pdf(tmp_path / "chart.pdf"))
    try:
        day, night = render(session, width, False), render(session, width, True)
    finally:
        session.close()
    scale = width / session.page_sizes[0][0]
    for bar in chart_bar_rects():  # every bar, also the last one, close to the others
        x, y = (bar.x0 + bar.x1) / 2, (bar.y0 + bar.y1) / 2
        assert at(night, scale, x, y) == at(day, scale, x, y), bar
    banner = [(300, 20), (560, 80)]  # the panel, with its white title on it (true colours)
    for x, y in banner:
        assert at(night, scale, x, y) == at(day, scale, x, y)
    assert at(night, scale, 300, 200)[0] < 60  # the page around is dark


@pytest.mark.parametrize("width", [260, 480, 700, 1000, 1400])
def test_map_and_legend_keep_their_colours_and_its_heading_turns_light_at_every_zoom(
    tmp_path: Path, width: int
) -> None:
    path = make_map_summary_pdf(tmp_path / "map.pdf")
    session = NightSession.open(path)
    try:
        day, night = render(session, width, False), render(session, width, True)
        with MUPDF_LOCK:
            heading = session.doc.load_page(0).search_for("Where the strengths are")[0]
    finally:
        session.close()
    scale = width / session.page_sizes[0][0]
    points = [centre for *_, corners in map_regions() for centre in [_centre(corners)]]
    points += [((s.x0 + s.x1) / 2, (s.y0 + s.y1) / 2) for s in legend_swatches()]
    for x, y in points:
        assert max(abs(a - b) for a, b in zip(at(night, scale, x, y), at(day, scale, x, y),
                                              strict=True)) <= 3, (x, y)  # fmt: skip
    ink = [
        (x, y)
        for x in range(round(heading.x0 * scale), round(heading.x1 * scale))
        for y in range(round(heading.y0 * scale), round(heading.y1 * scale))
        if day.pixelColor(x, y).lightness() < 80
    ]
    assert ink
    assert all(night.pixelColor(x, y).lightness() > 120 for x, y in ink)


def _centre(corners: list[tuple[float, float]]) -> tuple[float, float]:
    return sum(x for x, _ in corners) / 4, sum(y for _, y in corners) / 4


@pytest.mark.parametrize("width", [1600, 2400])
def test_a_large_page_drawn_in_bands_keeps_the_map_and_every_swatch(
    tmp_path: Path, width: int
) -> None:
    session = NightSession.open(make_map_summary_pdf(tmp_path / "map.pdf"))
    scale = width / session.page_sizes[0][0]
    height = round(session.page_sizes[0][1] * scale)
    step = BAND_PIXELS // width  # as the viewer cuts a large page
    try:
        day = render(session, width, False)
        bands = [
            (y, session.render(0, scale, 0, True, image_from_samples, (y, min(height, y + step))))
            for y in range(0, height, step)
        ]
    finally:
        session.close()
    assert len(bands) >= 3

    def night_at(x: float, y: float) -> tuple[int, int, int]:
        px, py = round(x * scale), round(y * scale)
        top, band = next((top, band) for top, band in reversed(bands) if top <= py)
        colour = band.pixelColor(px, py - top)
        return colour.red(), colour.green(), colour.blue()

    points = [_centre(corners) for *_, corners in map_regions()]
    points += [((s.x0 + s.x1) / 2, (s.y0 + s.y1) / 2) for s in legend_swatches()]
    for x, y in points:
        assert night_at(x, y) == at(day, scale, x, y), (x, y)
    assert night_at(20, 20)[0] < 60
