"""The viewer's pure logic, without a widget or Qt: fit and step zoom, typed zooms, the page
column's layout and point mapping, auto-scroll speed, the latest-wins order of renders, and
saved reading positions."""

from __future__ import annotations

import logging

import pytest

from lis_desktop.pdf.render_plan import MARGIN, MAX_ZOOM, MIN_ZOOM, PX_PER_PT, RenderKey, fit_zoom
from lis_desktop.ui.viewer import positions
from lis_desktop.ui.viewer.geometry import (
    GAP,
    MAX_STEP,
    MIN_STEP,
    PageGeometry,
    auto_scroll_step,
    parse_zoom,
    past,
    step_zoom,
)
from lis_desktop.ui.viewer.positions import SavedPosition
from lis_desktop.ui.viewer.wishes import RenderWishes
from support.imports import qt_loaded_by

A4 = (595.0, 842.0)


def test_the_viewers_arithmetic_loads_no_qt() -> None:
    viewer = "lis_desktop.ui.viewer"
    assert qt_loaded_by(f"{viewer}.geometry", f"{viewer}.wishes", f"{viewer}.positions") == []


# -- zoom ---------------------------------------------------------------------------------------
def test_fit_width_makes_the_widest_page_fill_the_pane_less_its_margins() -> None:
    zoom = fit_zoom("width", [A4, (420.0, 595.0)], 0, (1000, 700), 0)
    assert zoom * PX_PER_PT * 595 == pytest.approx(1000 - 2 * MARGIN)


def test_fit_page_shows_the_page_whole_and_turns_with_the_rotation() -> None:
    upright = fit_zoom("page", [A4], 0, (1000, 900), 0)
    assert upright * PX_PER_PT * 842 == pytest.approx(900 - 2 * MARGIN)  # the height limits
    turned = fit_zoom("page", [A4], 90, (1000, 900), 0)
    assert turned * PX_PER_PT * 842 == pytest.approx(1000 - 2 * MARGIN)  # now the width does


def test_fitting_a_tiny_pane_stays_within_the_zoom_limits() -> None:
    assert fit_zoom("width", [A4], 0, (1, 1), 0) == MIN_ZOOM
    assert fit_zoom("width", [(1.0, 1.0)], 0, (5000, 5000), 0) == MAX_ZOOM


@pytest.mark.parametrize(
    ("zoom", "direction", "expected"),
    [(1.0, 1, 1.1), (1.0, -1, 0.9), (1.05, 1, 1.1), (1.05, -1, 1.0), (8.0, 1, MAX_ZOOM),
     (0.1, -1, MIN_ZOOM), (0.57, 1, 0.67), (0.57, -1, 0.5)],
)  # fmt: skip
def test_zoom_steps_go_to_the_next_step_from_anywhere(
    zoom: float, direction: int, expected: float
) -> None:
    assert step_zoom(zoom, direction) == expected


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [("150%", 1.5), ("150", 1.5), (" 75 % ", 0.75), ("150,5%", 1.505), ("Fit Width", "width"),
     ("Fit Page", "page"), ("abc", None), ("0%", None), ("", None), ("-50%", None)],
)  # fmt: skip
def test_typed_zooms_are_understood_or_refused(typed: str, wanted: str | float | None) -> None:
    assert parse_zoom(typed) == wanted


# -- the page column ----------------------------------------------------------------------------
def test_pages_are_stacked_centred_with_a_gap_and_pixel_aligned() -> None:
    geometry = PageGeometry([A4, (420.0, 595.0)], 1.0, 0, 1.5, 600)
    first, second = geometry.boxes
    assert first.y == MARGIN
    assert second.y >= first.bottom + GAP - 1
    assert abs((first.x + first.width / 2) - geometry.width / 2) <= 1  # centred
    assert abs((second.x + second.width / 2) - geometry.width / 2) <= 1
    for box in geometry.boxes:  # whole device pixels: the page image is drawn 1:1
        assert (box.width * 1.5) == pytest.approx(round(box.width * 1.5))
        assert (box.height * 1.5) == pytest.approx(round(box.height * 1.5))
    assert geometry.height >= second.bottom + MARGIN - 1
    assert first.width + 2 * MARGIN <= geometry.width < first.width + 2 * MARGIN + 1  # no waste
    assert PageGeometry([A4], 0.2, 0, 1.0, 600).width == 600  # a narrow page: the pane's width


def test_the_page_at_a_height_is_the_one_above_in_a_gap() -> None:
    geometry = PageGeometry([A4, A4, A4], 0.5, 0, 1.0, 400)
    first, second, _third = geometry.boxes
    assert geometry.page_at(0) == 0
    assert geometry.page_at(first.bottom + GAP / 2) == 0  # in the gap
    assert geometry.page_at(second.y + 1) == 1
    assert geometry.page_at(10**9) == 2
    assert list(geometry.pages_between(first.y, second.y + 1)) == [0, 1]


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_page_points_map_to_the_column_and_back_at_any_rotation(rotation: int) -> None:
    geometry = PageGeometry([A4, (300.0, 500.0)], 1.3, rotation, 1.0, 800)
    for page, (x, y) in ((0, (50.0, 100.0)), (1, (299.0, 1.0)), (0, (0.0, 0.0))):
        cx, cy = geometry.from_page(page, x, y)
        assert geometry.boxes[page].contains(cx, cy)
        assert geometry.to_page(page, cx, cy) == pytest.approx((x, y))


def test_a_page_rectangle_maps_to_a_column_box_at_any_rotation() -> None:
    geometry = PageGeometry([A4], 1.0, 90, 1.0, 800)
    box = geometry.box_from_page(0, (0.0, 0.0, 595.0, 842.0))  # the whole page
    page = geometry.boxes[0]
    assert (box.x, box.y, box.width, box.height) == pytest.approx(
        (page.x, page.y, page.width, page.height)
    )
    assert page.width > page.height  # turned on its side


# -- auto-scroll ----------------------------------------------------------------------------------
def test_auto_scroll_speeds_up_with_the_distance_past_the_edge() -> None:
    assert auto_scroll_step(0) == 0
    assert auto_scroll_step(-5) == 0
    assert auto_scroll_step(1) == MIN_STEP
    steps = [auto_scroll_step(d) for d in range(1, 400, 20)]
    assert steps == sorted(steps)
    assert steps[-1] == MAX_STEP
    assert past(-3, 100) == -3
    assert past(50, 100) == 0
    assert past(130, 100) == 30


# -- the order of renders ---------------------------------------------------------------------
def key(page: int, doc: str = "a", zoom: float = 1.0) -> RenderKey:
    return RenderKey(doc, page, zoom, 0, 1.0, False)


def test_the_latest_wish_wins_and_the_view_comes_before_the_thumbnails() -> None:
    wishes = RenderWishes()
    wishes.doc = "a"
    wishes.want([key(5), key(6)])
    wishes.want([key(9, zoom=0.2)], "thumbs")
    wishes.want([key(1), key(2)])  # the user scrolled on: pages 5 and 6 are not wanted now
    order = []
    while (next_key := wishes.next(lambda _k: False)) is not None:
        order.append(next_key)
    assert order == [key(1), key(2), key(9, zoom=0.2)]


def test_renders_of_another_document_failed_pages_and_cached_images_are_passed_over() -> None:
    wishes = RenderWishes()
    wishes.doc = "a"
    wishes.failed(key(2))
    wishes.want([key(1, doc="old"), key(2), key(3), key(4)])
    assert wishes.waiting(lambda k: k == key(3))
    assert wishes.next(lambda k: k == key(3)) == key(4)
    assert wishes.next(lambda _k: False) is None
    assert not wishes.waiting(lambda _k: False)


# -- reading positions --------------------------------------------------------------------------
def test_a_reading_position_survives_a_round_trip_through_the_settings() -> None:
    position = SavedPosition("free", 1.2345678, 7, 12.345, 678.9)
    back = positions.decode(positions.encode(position))
    assert back == SavedPosition("free", 1.2346, 7, 12.35, 678.9)


@pytest.mark.parametrize(
    "raw", ["{not json", '{"mode": "width"}', '{"mode": 1, "zoom": "x", "page": 0, "x": 0, "y": 0}']
)
def test_a_damaged_saved_position_is_ignored_and_logged(
    raw: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        assert positions.decode(raw, "doc-1") is None
    assert "doc-1" in caplog.text


def test_an_odd_saved_position_is_made_sane() -> None:
    raw = '{"mode": "sideways", "zoom": 2, "page": -4, "x": 1, "y": 2}'
    assert positions.decode(raw) == SavedPosition("width", 2.0, 0, 1.0, 2.0)
    assert positions.decode(None) is None
    assert positions.decode("") is None


def test_document_ids_are_stable_and_tell_documents_apart() -> None:
    assert positions.document_id("black-country", 300) == positions.document_id(
        "black-country", 300
    )
    assert positions.document_id("black-country", 300) != positions.document_id(
        "black-country", 301
    )
    assert positions.document_id("a", 1).isalnum()


def test_document_ids_are_those_earlier_versions_saved_positions_under() -> None:
    # the ids hashlib's SHA-1 gave: a position saved before is found after an update
    assert positions.document_id("black-country", 300) == "f4c9b61d2e243e31497d"
    assert positions.document_id("/home/u/Ünïcode file.pdf", 123456) == "31b54bc162cb172434f6"
