"""The map in the real main window: View ▸ Map in the tree's place, a click selecting the region
(the tree follows, the summary shows), the tree's selection outlining the area, overlaps, hover
text, colour modes, the tree's filter fading areas, keyboard and screen-reader moves, zoom and
pan, the attribution on the map, the damaged-file message, and the trace."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QImage, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QMenu
from pytestqt.qtbot import QtBot

from lis_desktop import resources, settings
from lis_desktop.app.instance import Request
from lis_desktop.app.root import apply_request
from lis_desktop.content.cache import Cache
from lis_desktop.errors import ExportWriteError
from lis_desktop.geo.areas import project
from lis_desktop.geo.colouring import BODY_LEGEND, GREEN, ORANGE, ColourBy
from lis_desktop.tasks import TaskRunner
from lis_desktop.ui.dialogs import show_about
from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.map.canvas import ACCESSIBLE_NAME, MapCanvas
from lis_desktop.ui.map.export import MapFormat, MapPicture, save_map
from lis_desktop.ui.map.mode import MapMode
from support.accessibility import Events, interactive_widgets, is_meaningful, label_of, name_of
from support.gui import has_ink, make_window
from support.pdfs import make_summary_pdf

KESWICK = (-3.13, 54.60)  # Cumbria
MANCHESTER = (-2.24, 53.48)  # Greater Manchester
YORK = (-1.08, 53.96)  # Leeds City Region and York, North Yorkshire & East Riding overlap here
ATTRIBUTION_START = "Source: Office for National Statistics"


class FakeTheme:
    """The theme matrix as the map sees it (its two methods)."""

    def columns(self) -> Sequence[tuple[str, str]]:
        return [("clean-growth", "Clean growth"), ("ideas", "Ideas")]

    def counts(self, column_id: str) -> Mapping[str, int | None]:
        if column_id == "clean-growth":
            return {"cumbria": 3, "wales": 0, "greater-manchester": 12}
        return {"cumbria": 1}


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    cache = Cache(tmp_path / "cache")
    cache.import_pdf("cumbria", make_summary_pdf(tmp_path / "cumbria.pdf", title="Cumbria"))
    cache.close()
    win = make_window(tmp_path / "cache", tmp_path / "settings.ini")
    qtbot.addWidget(win)
    win.resize(1200, 860)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.viewer.shutdown()


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    lane = TaskRunner(1)
    yield lane
    lane.wait(10_000)


@pytest.fixture
def mode(window: MainWindow, runner: TaskRunner, qtbot: QtBot) -> MapMode:
    mode = MapMode(window, runner, theme=FakeTheme())
    window.resize(1200, 860)
    return mode


def shown(mode: MapMode, qtbot: QtBot) -> MapCanvas:
    mode.action.trigger()
    canvas = mode.pane.canvas
    qtbot.waitUntil(lambda: canvas.isVisible() and canvas.viewport_ is not None)
    return canvas


def at(canvas: MapCanvas, lon: float, lat: float) -> QPoint:
    view = canvas.viewport_
    assert view is not None
    x, y = view.to_pixels(*project(lon, lat))
    return QPoint(round(x), round(y))


def pixel(canvas: MapCanvas, point: QPoint) -> QColor:
    image = canvas.grab().toImage()
    dpr = image.devicePixelRatio()
    return image.pixelColor(round(point.x() * dpr), round(point.y() * dpr))


def near(colour: QColor, expected: str | QColor, tolerance: int = 12) -> bool:
    other = QColor(expected)
    return all(
        abs(a - b) <= tolerance
        for a, b in zip(colour.getRgb()[:3], other.getRgb()[:3], strict=True)
    )


# -- in the window ----------------------------------------------------------------------------
def test_view_map_takes_the_trees_place_and_back(
    window: MainWindow, mode: MapMode, qtbot: QtBot
) -> None:
    assert mode.action in window.view_menu.actions()
    assert window.navigator.currentWidget() is window.tree
    canvas = shown(mode, qtbot)
    assert window.navigator.currentWidget() is mode.pane
    assert mode.action.isChecked()
    assert canvas.accessibleName() == ACCESSIBLE_NAME
    assert window.settings.get(settings.MAP_SHOWN)
    mode.action.trigger()
    assert window.navigator.currentWidget() is window.tree
    assert not mode.action.isChecked()
    assert not window.settings.get(settings.MAP_SHOWN)


def test_the_toggle_is_beside_the_tree_and_on_the_map(mode: MapMode, window: MainWindow) -> None:
    from PySide6.QtWidgets import QToolButton

    beside_tree = [
        b for b in window.tree.findChildren(QToolButton) if b.defaultAction() is mode.action
    ]
    on_map = [b for b in mode.pane.findChildren(QToolButton) if b.defaultAction() is mode.action]
    assert beside_tree
    assert on_map


def test_the_map_is_traced_once_when_first_drawn(
    mode: MapMode, qtbot: QtBot, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIS_DESKTOP_TRACE", "1")
    with qtbot.waitSignal(mode.map_shown, timeout=10_000) as blocker:
        shown(mode, qtbot)
    assert blocker.args == [41]
    mode.pane.canvas.repaint()
    mode.hide()
    mode.show()
    mode.pane.canvas.repaint()
    events = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line[:1] == "{"]
    traced = [e for e in events if e["event"] == "map_shown"]
    assert len(traced) == 1
    assert traced[0]["features"] == 41
    assert traced[0]["ms"] >= 0


def test_a_click_selects_the_region_and_the_tree_follows(
    window: MainWindow, mode: MapMode, qtbot: QtBot
) -> None:
    canvas = shown(mode, qtbot)
    with qtbot.waitSignal(window.region_shown, timeout=5000) as blocker:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=at(canvas, *KESWICK))
    assert blocker.args == ["cumbria"]
    assert window.current_region_id() == "cumbria"
    assert window.tree.view.currentIndex().data() == "Cumbria"
    assert window.windowTitle().startswith("Cumbria")
    assert canvas.selected == "cumbria"


def test_ctrl_click_or_ctrl_enter_asks_to_compare_the_area_with_the_summary_shown(
    window: MainWindow, mode: MapMode, qtbot: QtBot
) -> None:
    """From the map, an area's summary opens beside the one shown (the window's comparison
    answers `compare_requested`); a plain click still only selects."""
    window.select_region("wales")
    canvas = shown(mode, qtbot)
    with qtbot.waitSignal(window.compare_requested, timeout=5000) as blocker:
        qtbot.mouseClick(
            canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
            at(canvas, *KESWICK),
        )  # fmt: skip
    assert blocker.args == ["wales", "cumbria"]
    assert window.current_region_id() == "wales"  # not selected instead
    canvas.set_focus_area("cumbria")
    with qtbot.waitSignal(window.compare_requested, timeout=5000) as blocker:
        qtbot.keyClick(canvas, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == ["wales", "cumbria"]


def test_a_click_on_the_sea_selects_nothing(
    window: MainWindow, mode: MapMode, qtbot: QtBot
) -> None:
    canvas = shown(mode, qtbot)
    window.select_region("wales")
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=at(canvas, -9.8, 50.2))
    assert window.current_region_id() == "wales"


def test_selecting_in_the_tree_outlines_the_area(
    window: MainWindow, mode: MapMode, qtbot: QtBot
) -> None:
    canvas = shown(mode, qtbot)
    ring = mode.scene.data.area("wales").polygons[0].rings[0]  # type: ignore[union-attr]
    view = canvas.viewport_
    assert view is not None
    points = [QPoint(*map(round, view.to_pixels(*p))) for p in ring[:: max(1, len(ring) // 40)]]
    highlight = canvas.style_().selected

    def outlined() -> int:
        image = canvas.grab().toImage()
        return sum(1 for p in points if near(image.pixelColor(p), highlight, 40))

    window.select_region("cumbria")
    before = outlined()
    window.select_region("wales")
    assert canvas.selected == "wales"
    assert outlined() > max(before, len(points) // 2)


def test_a_click_where_two_areas_overlap_chooses_one_then_the_other(
    window: MainWindow, mode: MapMode, qtbot: QtBot
) -> None:
    canvas = shown(mode, qtbot)
    point = at(canvas, *YORK)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=point)
    assert window.current_region_id() == "leeds-city-region"  # the smaller one
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=point)
    assert window.current_region_id() == "york-north-yorkshire-east-riding"
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=point)
    assert window.current_region_id() == "leeds-city-region"
    assert "Also here: York, North Yorkshire & East Riding" in canvas.hover_text(QPointF(point))


# The offscreen platform cannot raise a popup menu or let it grab the keyboard, and says so.
@pytest.mark.qt_log_ignore(r"^This plugin does not support (raise|grabbing)")
def test_the_context_menu_offers_both_overlapping_areas(
    window: MainWindow, mode: MapMode, qtbot: QtBot
) -> None:
    canvas = shown(mode, qtbot)
    point = at(canvas, *YORK)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, canvas.mapToGlobal(point))
    QApplication.sendEvent(canvas, event)
    (menu,) = [m for m in canvas.findChildren(QMenu, "mapAreasMenu") if m.isVisible()]
    labels = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert labels == [
        "Select Leeds City Region",
        "Select York, North Yorkshire & East Riding",
        "Compare Leeds City Region with the Summary Shown",
        "Compare York, North Yorkshire & East Riding with the Summary Shown",
    ]
    menu.actions()[1].trigger()
    assert window.current_region_id() == "york-north-yorkshire-east-riding"
    with qtbot.waitSignal(window.compare_requested) as blocker:
        menu.actions()[-2].trigger()
    assert blocker.args == ["york-north-yorkshire-east-riding", "leeds-city-region"]
    menu.close()


def test_hover_names_the_area_and_its_status(mode: MapMode, qtbot: QtBot) -> None:
    canvas = shown(mode, qtbot)
    point = at(canvas, *KESWICK)
    move = QMouseEvent(
        QEvent.Type.MouseMove, QPointF(point), QPointF(canvas.mapToGlobal(point)),
        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(canvas, move)
    assert canvas.hovered == "cumbria"
    assert mode.pane.info.text() == "Cumbria — Available offline"
    assert canvas.hover_text(QPointF(point)) == "Cumbria — Available offline"
    other = at(canvas, *MANCHESTER)
    assert canvas.hover_text(QPointF(other)) == "Greater Manchester — Not downloaded"


def test_colour_modes_colour_the_areas_and_the_legend_says_so(
    window: MainWindow, mode: MapMode, qtbot: QtBot
) -> None:
    canvas = shown(mode, qtbot)
    keswick, manchester = at(canvas, *KESWICK), at(canvas, *MANCHESTER)
    assert mode.colouring is not None
    assert mode.colouring.mode is ColourBy.STATUS
    assert near(pixel(canvas, keswick), GREEN[0])  # available offline
    assert not near(pixel(canvas, manchester), GREEN[0])

    mode.pane.colour_box.setCurrentIndex(mode.pane.colour_box.findData("wave"))
    mode.pane.colour_box.activated.emit(mode.pane.colour_box.currentIndex())
    assert mode.colouring.mode is ColourBy.WAVE
    keswick, manchester = at(canvas, *KESWICK), at(canvas, *MANCHESTER)  # a longer legend
    assert near(pixel(canvas, manchester), ORANGE[0])  # wave 1
    assert window.settings.get(settings.MAP_COLOUR_BY) == "wave"
    assert canvas.describe("greater-manchester") == "Greater Manchester — LIS wave 1"
    labels = [entry.label for entry, _s, _t in canvas.layout_().entries]  # type: ignore[union-attr]
    assert "Wave 1 (trailblazers, 2017) (8)" in labels

    mode.set_mode(ColourBy.BODY)
    keswick, manchester = at(canvas, *KESWICK), at(canvas, *MANCHESTER)
    assert canvas.describe("greater-manchester").endswith("Mayoral Combined Authority")
    assert near(pixel(canvas, manchester), ORANGE[0])
    assert not near(pixel(canvas, keswick), ORANGE[0])


def test_theme_mode_colours_by_a_matrix_columns_counts(mode: MapMode, qtbot: QtBot) -> None:
    canvas = shown(mode, qtbot)
    assert mode.pane.colour_box.findData("theme") >= 0
    mode.set_mode(ColourBy.THEME)
    assert mode.pane.theme_box.isVisible()
    assert canvas.describe("cumbria") == "Cumbria — Clean growth: 3 hits"
    assert canvas.describe("wales").endswith("Clean growth: not mentioned")
    assert canvas.describe("dorset").endswith("Clean growth: not offline, no count")
    keswick = at(canvas, *KESWICK)
    manchester = at(canvas, *MANCHESTER)
    assert pixel(canvas, keswick) != pixel(canvas, manchester)
    mode.pane.theme_box.setCurrentIndex(1)
    mode.pane.theme_box.activated.emit(1)
    assert canvas.describe("cumbria") == "Cumbria — Ideas: 1 hit"


def test_without_the_matrix_there_is_no_theme_mode(
    window: MainWindow, runner: TaskRunner, qtbot: QtBot
) -> None:
    mode = MapMode(window, runner)
    shown(mode, qtbot)
    modes = [mode.pane.colour_box.itemData(i) for i in range(mode.pane.colour_box.count())]
    assert modes == ["status", "wave", "body"]


def test_an_import_recolours_the_map(
    window: MainWindow, mode: MapMode, qtbot: QtBot, tmp_path: Path
) -> None:
    canvas = shown(mode, qtbot)
    manchester = at(canvas, *MANCHESTER)
    assert not near(pixel(canvas, manchester), GREEN[0])
    pdf = make_summary_pdf(tmp_path / "gm.pdf", title="Greater Manchester")
    window.import_file("greater-manchester", pdf)
    assert near(pixel(canvas, manchester), GREEN[0])


def test_the_trees_filter_fades_the_areas_it_hides(
    window: MainWindow, mode: MapMode, qtbot: QtBot
) -> None:
    canvas = shown(mode, qtbot)
    keswick = at(canvas, *KESWICK)
    bright = pixel(canvas, keswick)
    window.tree.set_filter("manchester")
    assert canvas.faded == frozenset(r.id for r in window.library.regions) - {"greater-manchester"}
    faded = pixel(canvas, keswick)
    assert faded != bright
    assert faded.lightness() > bright.lightness()  # towards the white background
    assert canvas.focus_order() == ["greater-manchester"]
    assert "hidden by the tree's filter" in canvas.describe("cumbria")
    window.tree.set_filter("")
    assert canvas.faded == frozenset()
    window.tree.set_region_subset(["wales"])  # e.g. the search's hits
    assert "cumbria" in canvas.faded


def test_the_trees_facets_fade_the_areas_they_hide(
    window: MainWindow, mode: MapMode, qtbot: QtBot
) -> None:
    from lis_desktop.search.query import Facets

    canvas = shown(mode, qtbot)
    window.tree.set_facets(Facets(body="MCA"))
    mcas = {r.id for r in window.library.regions if r.body == "MCA"}
    assert canvas.faded == frozenset(r.id for r in window.library.regions) - mcas
    assert set(canvas.focus_order()) == mcas
    window.tree.set_facets(Facets())
    assert canvas.faded == frozenset()


def test_night_mode_draws_the_map_dark(window: MainWindow, mode: MapMode, qtbot: QtBot) -> None:
    canvas = shown(mode, qtbot)
    corner = QPoint(canvas.width() - 5, 5)
    assert pixel(canvas, corner).lightness() > 200
    window.viewer.commands["night_mode"].setChecked(True)
    assert canvas.night
    assert pixel(canvas, corner).lightness() < 60
    assert near(pixel(canvas, at(canvas, *KESWICK)), GREEN[1])


# -- keyboard and screen readers -------------------------------------------------------------
def test_tab_steps_through_the_areas_announcing_each(
    window: MainWindow, mode: MapMode, qtbot: QtBot
) -> None:
    canvas = shown(mode, qtbot)
    window.select_region("black-country")
    canvas.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(canvas.hasFocus)
    order = canvas.focus_order()
    assert order[:2] == ["black-country", "buckinghamshire-thames-valley"]  # the tree's order
    assert canvas.focus_area == "black-country"
    with qtbot.waitSignal(canvas.announced) as blocker:
        qtbot.keyClick(canvas, Qt.Key.Key_Tab)
    assert canvas.focus_area == "buckinghamshire-thames-valley"
    assert blocker.args[0].startswith("Buckinghamshire Thames Valley — Not downloaded")
    assert blocker.args[0].endswith("(2 of 41)")
    assert canvas.accessibleDescription() == blocker.args[0]
    assert mode.pane.info.text().startswith("Buckinghamshire Thames Valley")
    qtbot.keyClick(canvas, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert canvas.focus_area == "black-country"
    qtbot.keyClick(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert canvas.focus_area != "black-country"
    target = canvas.focus_area
    with qtbot.waitSignal(window.region_shown, timeout=5000) as shown_signal:
        qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert shown_signal.args == [target]


def test_tab_leaves_the_map_after_the_last_area(mode: MapMode, qtbot: QtBot) -> None:
    canvas = shown(mode, qtbot)
    canvas.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(canvas.hasFocus)
    canvas.set_focus_area(canvas.focus_order()[-1])
    qtbot.keyClick(canvas, Qt.Key.Key_Tab)
    assert not canvas.hasFocus()
    canvas.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(canvas.hasFocus)
    canvas.set_focus_area(canvas.focus_order()[0])
    qtbot.keyClick(canvas, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert not canvas.hasFocus()  # Ctrl+Tab: out at once


# -- zoom and pan ------------------------------------------------------------------------------
def _wheel(canvas: MapCanvas, point: QPoint, notches: int) -> None:
    event = QWheelEvent(
        QPointF(point), QPointF(canvas.mapToGlobal(point)), QPoint(0, 0), QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(canvas, event)


def test_wheel_keys_and_buttons_zoom_and_pan(mode: MapMode, qtbot: QtBot) -> None:
    canvas = shown(mode, qtbot)
    view = canvas.viewport_
    assert view is not None
    assert view.fitted
    point = at(canvas, *KESWICK)
    _wheel(canvas, point, 2)
    zoomed = canvas.viewport_
    assert zoomed is not None
    assert zoomed.scale > view.scale * 1.5
    assert at(canvas, *KESWICK) == point  # the place under the pointer stays put
    assert canvas.areas_at(QPointF(point)) == ["cumbria"]
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Left)
    assert at(canvas, *KESWICK).x() > point.x()  # the map moves right, showing more west
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert canvas.viewport_.scale < zoomed.scale  # type: ignore[union-attr]
    qtbot.keyClick(canvas, Qt.Key.Key_0)
    assert canvas.viewport_.fitted  # type: ignore[union-attr]
    mode.pane.zoom_in_action.trigger()
    assert not canvas.viewport_.fitted  # type: ignore[union-attr]
    mode.pane.reset_action.trigger()
    assert canvas.viewport_.fitted  # type: ignore[union-attr]


def test_dragging_pans_without_selecting(window: MainWindow, mode: MapMode, qtbot: QtBot) -> None:
    canvas = shown(mode, qtbot)
    window.select_region("wales")
    canvas.zoom_in()
    start = at(canvas, *KESWICK)
    end = start + QPoint(60, 30)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 7):
        move = QMouseEvent(
            QEvent.Type.MouseMove, QPointF(start + QPoint(10 * step, 5 * step)), QPointF(),
            Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
        )  # fmt: skip
        QApplication.sendEvent(canvas, move)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)
    assert window.current_region_id() == "wales"
    moved = at(canvas, *KESWICK)
    assert abs(moved.x() - end.x()) <= 2
    assert abs(moved.y() - end.y()) <= 2


# -- attribution, crispness ------------------------------------------------------------------
def _svg_of(canvas: MapCanvas) -> str:
    from PySide6.QtSvg import QSvgGenerator

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(canvas.size())
    generator.setViewBox(QRectF(0, 0, canvas.width(), canvas.height()))
    painter = QPainter(generator)
    try:
        canvas.render(painter, QPoint(0, 0))
    finally:
        painter.end()
    return bytes(data.data()).decode("utf-8")


def test_the_attribution_and_legend_are_drawn_on_the_map(mode: MapMode, qtbot: QtBot) -> None:
    canvas = shown(mode, qtbot)
    layout = canvas.layout_()
    assert layout is not None
    assert canvas.rect().contains(layout.attribution_rect.toRect())
    assert layout.attribution_rect.top() > layout.map_rect.bottom()
    svg = _svg_of(canvas)
    words = " ".join(svg.replace(">", "> ").split())
    for phrase in ("Office for National Statistics", "Open Government Licence v.3.0"):
        assert all(word in words for word in phrase.split())
    assert "Offline status" in svg
    assert "Available offline (1)" in svg


def test_the_map_is_drawn_at_the_device_pixel_ratio(mode: MapMode, qtbot: QtBot) -> None:
    canvas = shown(mode, qtbot)
    canvas.repaint()
    base = canvas.base_pixmap()
    assert base is not None
    dpr = canvas.devicePixelRatioF()
    assert base.devicePixelRatio() == dpr
    assert (base.width(), base.height()) == (
        round(canvas.width() * dpr),
        round(canvas.height() * dpr),
    )


# -- bad data ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b'{"type": "FeatureCollection", "features": [', "not the app's packed map file"),
        (None, "The map data is missing"),
    ],
)
def test_a_damaged_or_missing_map_file_says_so_and_the_rest_works(
    window: MainWindow,
    runner: TaskRunner,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    content: bytes | None,
    says: str,
) -> None:
    real = resources.read_bytes

    def damaged(name: str) -> bytes:
        if not name.startswith("map/"):
            return real(name)
        if content is None:
            raise resources.ResourceError(f"Cannot read the bundled file '{name}': gone")
        return content

    monkeypatch.setattr(resources, "read_bytes", damaged)
    mode = MapMode(window, runner)
    mode.action.trigger()
    pane = mode.pane
    assert window.navigator.currentWidget() is pane
    assert pane.stack.currentWidget() is pane.message
    assert pane.message.isVisible()
    assert "The map cannot be shown." in pane.message.text()
    assert says in pane.message.text()
    assert not pane.export_action.isEnabled()
    assert mode.open_export() is None
    mode.action.trigger()  # back to the tree, which works as ever
    assert window.navigator.currentWidget() is window.tree
    with qtbot.waitSignal(window.region_shown, timeout=5000):
        window.select_region("wales")
    assert window.windowTitle().startswith("Wales")


# -- exports ----------------------------------------------------------------------------------
def svg_text(svg: str) -> str:
    """The text of an SVG's <text> elements, lines joined by spaces."""
    return " ".join(t.strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg))


def test_png_and_svg_exports_carry_the_title_legend_and_attribution(
    mode: MapMode, qtbot: QtBot, tmp_path: Path
) -> None:
    shown(mode, qtbot)
    assert mode.scene is not None
    assert mode.colouring is not None
    picture = MapPicture(mode.scene, mode.colouring)
    png = save_map(picture, MapFormat.PNG, 900, 1200, tmp_path / "map")
    assert png == tmp_path / "map.png"
    image = QImage(str(png))
    assert (image.width(), image.height()) == (900, 1200)
    assert has_ink(image.copy(0, 1120, 900, 80))  # legend and attribution at the bottom
    assert near(image.pixelColor(890, 10), "#ffffff", 0)  # exports are on white
    svg_path = save_map(picture, MapFormat.SVG, 800, 1000, tmp_path / "map.svg")
    svg = svg_path.read_text(encoding="utf-8")
    assert 'viewBox="0 0 800 1000"' in svg
    text = svg_text(svg)
    assert mode.scene.data.attribution in text
    assert "The 41 Local Industrial Strategy areas (2018): Offline status" in text
    assert "Available offline (1)" in text
    assert "Not downloaded (40)" in text
    assert svg.count("<path") >= 41


def test_the_export_dialog_saves_the_chosen_format_and_size(
    window: MainWindow, mode: MapMode, qtbot: QtBot, tmp_path: Path
) -> None:
    shown(mode, qtbot)
    mode.set_mode(ColourBy.WAVE)
    dialog = mode.open_export()
    assert dialog is not None
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("svg"))
    dialog.width_box.setValue(600)
    dialog.height_box.setValue(700)
    dialog.path_edit.setText(str(tmp_path / "areas"))
    dialog.export_button.click()
    target = tmp_path / "areas.svg"
    qtbot.waitUntil(lambda: "Saved the map" in dialog.message.text(), timeout=10_000)
    assert dialog.message.text() == f"Saved the map as {target}."
    assert "Wave 1 (trailblazers, 2017) (8)" in svg_text(target.read_text(encoding="utf-8"))
    assert window.settings.get(settings.MAP_EXPORT_FORMAT) == "svg"
    assert window.settings.get(settings.MAP_EXPORT_WIDTH) == 600
    assert window.settings.get(settings.MAP_EXPORT_HEIGHT) == 700

    dialog.path_edit.setText(str(tmp_path / "no such folder" / "areas.svg"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "does not exist" in dialog.message.text(), timeout=10_000)
    assert dialog.isVisible()  # stays open for another try
    assert dialog.export_button.isEnabled()
    assert not (tmp_path / "no such folder").exists()
    dialog.close()


def test_exports_refuse_sizes_out_of_range(mode: MapMode, qtbot: QtBot, tmp_path: Path) -> None:
    shown(mode, qtbot)
    assert mode.scene is not None
    assert mode.colouring is not None
    with pytest.raises(ExportWriteError, match="between 200 and 10000 pixels"):
        save_map(MapPicture(mode.scene, mode.colouring), MapFormat.PNG, 50, 500, tmp_path / "m")
    assert not (tmp_path / "m.png").exists()


# -- About, the second launch -----------------------------------------------------------------
def test_about_shows_the_map_datas_attribution(window: MainWindow) -> None:
    box = show_about(window)
    text = box.text()
    box.close()
    assert "Office for National Statistics" in text
    assert "Open Government Licence v.3.0" in text
    assert "Crown copyright and database right 2016-2017" in text


def test_a_launch_asking_for_the_map_is_handed_over() -> None:
    request = Request(view="map")
    assert Request.decode(request.encode()) == request
    assert Request.decode(b'{"file": null, "view": 7}') == Request()


def test_apply_request_shows_the_view_asked_for(
    window: MainWindow, mode: MapMode, qtbot: QtBot
) -> None:
    apply_request(window, Request(region="wales", view="map"), {"map": mode.show})
    assert window.current_region_id() == "wales"
    assert window.navigator.currentWidget() is mode.pane
    qtbot.waitUntil(lambda: mode.pane.canvas.selected == "wales")


def test_where_two_areas_overlap_both_colours_show(mode: MapMode, qtbot: QtBot) -> None:
    """Chesterfield was in Sheffield City Region (an MCA) and in D2N2 (a LEP) in 2018: by body
    type the smaller, Sheffield's, is drawn and D2N2's colour is hatched over it there."""
    canvas = shown(mode, qtbot)
    mode.set_mode(ColourBy.BODY)
    for _ in range(6):
        canvas.zoom_in(QPointF(at(canvas, -1.42, 53.24)))
    image = canvas.grab().toImage()

    def colours_around(lon: float, lat: float) -> list[QColor]:
        centre = at(canvas, lon, lat)
        dpr = image.devicePixelRatio()
        return [
            image.pixelColor(round((centre.x() + dx) * dpr), round((centre.y() + dy) * dpr))
            for dx in range(-5, 6)
            for dy in range(-5, 6)
        ]

    mca, lep = BODY_LEGEND["MCA"][1][0], BODY_LEGEND["LEP"][1][0]
    overlap = colours_around(-1.42, 53.24)  # Chesterfield: in both
    assert any(near(c, mca) for c in overlap)
    assert any(near(c, lep) for c in overlap)
    alone = colours_around(-1.36, 53.43)  # Rotherham: in Sheffield City Region only
    assert any(near(c, mca) for c in alone)
    assert not any(near(c, lep) for c in alone)


def test_screen_readers_read_the_map_name_and_the_focused_area(mode: MapMode, qtbot: QtBot) -> None:
    from PySide6.QtGui import QAccessible

    canvas = shown(mode, qtbot)
    QAccessible.setActive(True)  # as when a screen reader runs: the events are really sent
    try:
        canvas.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(canvas.hasFocus)
        with qtbot.waitSignal(canvas.announced) as blocker:
            qtbot.keyClick(canvas, Qt.Key.Key_Tab)
        interface = QAccessible.queryAccessibleInterface(canvas)
        assert interface.text(QAccessible.Text.Name) == "Map of the 41 areas"
        assert interface.text(QAccessible.Text.Description) == blocker.args[0]
        assert "Overlaps South East Midlands" in blocker.args[0]
    finally:
        QAccessible.setActive(False)


def test_a_click_on_an_area_the_search_hides_says_why_nothing_opens(
    window: MainWindow, mode: MapMode, qtbot: QtBot
) -> None:
    canvas = shown(mode, qtbot)
    window.tree.set_region_subset(["wales"])  # as the search narrows the tree to its hits
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=at(canvas, *KESWICK))
    assert window.current_region_id() != "cumbria"
    assert window.statusBar().currentMessage() == (
        "Cumbria is not among the regions shown: close the search to choose it."
    )


def test_every_control_of_the_map_is_named_and_f6_enters_the_map(
    window: MainWindow, mode: MapMode, qtbot: QtBot, accessibility_events: Events
) -> None:
    canvas = shown(mode, qtbot)
    mode.set_mode(ColourBy.THEME)  # the theme column's box shown too
    unnamed = [
        f"{type(w).__name__} {w.objectName()!r}"
        for w in interactive_widgets(mode.pane)
        if not is_meaningful(label_of(w) if isinstance(w, QComboBox) else name_of(w))
    ]
    assert not unnamed
    assert name_of(canvas) == "Map of the 41 areas"
    assert window.panes.shown()[0] is mode.pane  # the map is the left pane's stop
    window.publication.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(window.publication.hasFocus)
    qtbot.keyClick(window.publication, Qt.Key.Key_F6)
    assert canvas.hasFocus()
    accessibility_events.clear()
    qtbot.keyClick(canvas, Qt.Key.Key_Tab)
    (said,) = accessibility_events.announcements()
    assert said == canvas.accessibleDescription()
    assert said.startswith(canvas.summary(canvas.focus_area or ""))


def test_without_the_map_its_reason_takes_the_focus(
    window: MainWindow, runner: TaskRunner, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = resources.read_bytes
    monkeypatch.setattr(
        resources, "read_bytes", lambda n: b"damaged" if n.startswith("map/") else real(n)
    )
    mode = MapMode(window, runner)
    mode.action.trigger()
    qtbot.waitUntil(mode.pane.message.hasFocus)
    assert name_of(mode.pane.message) == "Map not available"
    window.publication.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(window.publication.hasFocus)
    qtbot.keyClick(window.publication, Qt.Key.Key_F6)
    assert mode.pane.message.hasFocus()
