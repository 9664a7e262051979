"""Night mode v2 in the viewer: a dark page with light text, coloured headings that keep their
hue and stay readable, and a photograph, a vector map and its legend in their true colours."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from lis_desktop.pdf.document import NIGHT_BLACK
from lis_desktop.settings import NIGHT_MODE, Settings
from lis_desktop.ui.viewer.view import PdfView
from support.pdfs import MAP_PHOTO, NAVY, TEAL, legend_swatches, make_map_summary_pdf, map_regions
from support.viewer import open_and_wait, screen, word_box
from viewer.test_night_colours import RGB, contrast, hex_rgb, hue_distance

Point = tuple[float, float]


@pytest.fixture
def map_pdf(tmp_path: Path) -> Path:
    return make_map_summary_pdf(tmp_path / "map.pdf")


@pytest.fixture
def view(make_view: Callable[..., PdfView]) -> PdfView:
    """Tall enough to show the whole page at fit width."""
    return make_view(840, 1260)


def colours(view: PdfView, points: list[Point]) -> list[RGB]:
    """The colours on screen at points of page 1 (PDF points), from one grab."""
    image, canvas = screen(view), view.canvas
    scroll = QPointF(canvas.horizontalScrollBar().value(), canvas.verticalScrollBar().value())
    found = []
    for x, y in points:
        pos = (canvas.layout_.from_page(0, x, y) - scroll) * image.devicePixelRatio()
        colour = image.pixelColor(round(pos.x()), round(pos.y()))
        found.append((colour.red(), colour.green(), colour.blue()))
    return found


def centre(corners: list[Point]) -> Point:
    return sum(x for x, _ in corners) / 4, sum(y for _, y in corners) / 4


def ink(view: PdfView, path: Path, word: str) -> tuple[Point, RGB]:
    """The darkest day pixel along the middle of `word` (its text colour) and where it is."""
    x0, y0, x1, y1 = word_box(path, 0, word)
    points = [(x0 + (x1 - x0) * i / 60, y0 + (y1 - y0) * j / 6) for i in range(61) for j in (3, 4)]
    found = colours(view, points)
    best = min(range(len(points)), key=lambda i: sum(found[i]))
    return points[best], found[best]


def close(a: RGB, b: RGB, tolerance: int = 3) -> bool:
    return all(abs(p - q) <= tolerance for p, q in zip(a, b, strict=True))


def to_rgb(colour: tuple[float, float, float]) -> RGB:
    r, g, b = (round(c * 255) for c in colour)
    return r, g, b


def switch_to_night(qtbot: QtBot, view: PdfView) -> None:
    with qtbot.waitSignal(view.page_rendered, timeout=10000):
        view.commands["night_mode"].trigger()
    assert view.night_mode()


def test_night_mode_chosen_before_is_on_when_the_viewer_starts(
    qtbot: QtBot, make_view: Callable[..., PdfView], settings: Settings, map_pdf: Path
) -> None:
    settings.set(NIGHT_MODE, "on")  # chosen in an earlier session
    view = make_view(840, 1260)
    assert view.night_mode()
    assert view.commands["night_mode"].isChecked()
    open_and_wait(qtbot, view, map_pdf, "map")
    (margin,) = colours(view, [(20, 20)])
    assert close(margin, hex_rgb(NIGHT_BLACK))  # the first page painted is already dark


def test_night_page_is_dark_with_light_body_text(
    qtbot: QtBot, view: PdfView, map_pdf: Path
) -> None:
    open_and_wait(qtbot, view, map_pdf, "map")
    switch_to_night(qtbot, view)
    margin, blank = colours(view, [(20, 20), (500, 790)])
    assert close(margin, hex_rgb(NIGHT_BLACK))
    assert close(blank, hex_rgb(NIGHT_BLACK))
    x0, y0, x1, y1 = word_box(map_pdf, 0, "manufacturing")
    body = colours(view, [(x0 + (x1 - x0) * i / 40, (y0 + y1) / 2) for i in range(41)])
    assert max(QColor(*c).lightness() for c in body) > 180  # light text
    assert all(max(c) - min(c) <= 12 for c in body)  # still grey, not tinted


def test_map_legend_and_photograph_keep_their_true_colours(
    qtbot: QtBot, view: PdfView, map_pdf: Path
) -> None:
    open_and_wait(qtbot, view, map_pdf, "map")
    regions = [centre(corners) for _label, _fill, corners in map_regions()]
    swatches = [((s.x0 + s.x1) / 2, (s.y0 + s.y1) / 2) for s in legend_swatches()]
    photo = [(MAP_PHOTO.x0 + MAP_PHOTO.width * f, MAP_PHOTO.y0 + MAP_PHOTO.height * f)
             for f in (0.1, 0.5, 0.9)]  # fmt: skip
    points = regions + swatches + photo
    day = colours(view, points)
    for (_label, fill, _corners), colour in zip(map_regions(), day, strict=False):
        assert close(colour, to_rgb(fill), 2)  # the test samples the map's fills

    switch_to_night(qtbot, view)
    night = colours(view, points)
    for point, before, after in zip(points, day, night, strict=True):
        assert close(before, after), f"{point}: {before} by day, {after} by night"


@pytest.mark.parametrize(("word", "colour"), [("Lincolnshire", NAVY), ("strengths", TEAL)])
def test_coloured_headings_keep_their_hue_and_are_readable(
    qtbot: QtBot, view: PdfView, map_pdf: Path, word: str, colour: tuple[float, float, float]
) -> None:
    open_and_wait(qtbot, view, map_pdf, "map")
    where, day = ink(view, map_pdf, word)
    assert close(day, to_rgb(colour), 6)  # the darkest pixel is the heading's ink

    switch_to_night(qtbot, view)
    (night,) = colours(view, [where])
    assert hue_distance(night, to_rgb(colour)) <= 12
    assert contrast(night, hex_rgb(NIGHT_BLACK)) >= 4.5  # WCAG AA


def test_thumbnails_are_drawn_in_night_colours_too(
    qtbot: QtBot, view: PdfView, tmp_path: Path
) -> None:
    path = make_map_summary_pdf(tmp_path / "two.pdf", pages=2)
    open_and_wait(qtbot, view, path, "two")
    thumbs, cache = view.thumbs, view.cache
    qtbot.waitUntil(lambda: cache.get(thumbs.key_for(0)) is not None, timeout=10000)
    day = cache.get(thumbs.key_for(0))

    switch_to_night(qtbot, view)
    qtbot.waitUntil(lambda: cache.get(thumbs.key_for(0)) is not None, timeout=10000)
    night = cache.get(thumbs.key_for(0))
    assert thumbs.key_for(0).night
    assert day is not None
    assert night is not None

    def at(image: QImage, x: float, y: float) -> RGB:
        scale = image.width() / 595.0
        c = image.pixelColor(round(x * scale), round(y * scale))
        return c.red(), c.green(), c.blue()

    assert close(at(night, 20, 20), hex_rgb(NIGHT_BLACK))
    for x, y in [centre(corners) for _l, _f, corners in map_regions()] + [
        ((MAP_PHOTO.x0 + MAP_PHOTO.x1) / 2, (MAP_PHOTO.y0 + MAP_PHOTO.y1) / 2)
    ]:
        assert close(at(night, x, y), at(day, x, y), 4)
