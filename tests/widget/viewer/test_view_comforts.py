"""Reading comforts: auto-scroll while drag-selecting past an edge, Esc, the context menu,
double-click on a word, and pinch zoom."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QGuiApplication,
    QNativeGestureEvent,
    QPointingDevice,
)
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from lis_desktop.ui.viewer.view import PdfView
from support.pdfs import make_links_pdf, make_summary_pdf
from support.viewer import mouse, open_and_wait, page_pixel, view_pos, word_box


@pytest.fixture
def long_pdf(tmp_path: Path) -> Path:
    return make_summary_pdf(tmp_path / "long.pdf", words="Ports and wind", pages=3, image=False)


def is_selected(colour: QColor) -> bool:
    return colour.blue() > 200 and colour.red() < 230


def centre(box: tuple[float, float, float, float]) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def above_ink(box: tuple[float, float, float, float]) -> tuple[float, float]:
    """A point inside a word's box but above its letters (the highlight shows unmixed there)."""
    return (box[0] + box[2]) / 2, box[1] + 1.5


def copied(qtbot: QtBot, view: PdfView) -> str:
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(view.canvas, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(QGuiApplication.clipboard().text()), timeout=10000)
    return QGuiApplication.clipboard().text()


def test_drag_past_the_bottom_edge_auto_scrolls_faster_further_out_and_stops_on_release(
    qtbot: QtBot, view: PdfView, long_pdf: Path
) -> None:
    open_and_wait(qtbot, view, long_pdf, "long")
    qtbot.waitUntil(lambda: 0 in view.canvas.page_info, timeout=10000)
    bar, height = view.canvas.verticalScrollBar(), view.canvas.viewport().height()
    start = view_pos(view, 0, *centre(word_box(long_pdf, 0, "Industrial")))
    mouse(view, "press", start)
    mouse(view, "move", QPointF(start.x(), height + 10))  # just past the edge
    assert bar.value() == 0  # nothing moves before the first step
    view.canvas.pointer.auto_scroll()
    near = bar.value()
    mouse(view, "move", QPointF(start.x(), height + 150))  # far past it: faster
    view.canvas.pointer.auto_scroll()
    assert 0 < near < bar.value() - near

    qtbot.waitUntil(lambda: view.current_page() == 2, timeout=10000)  # it keeps scrolling
    mouse(view, "release", QPointF(start.x(), height + 150))
    stopped = bar.value()
    qtbot.wait(100)  # a few auto-scroll intervals: nothing moves any more
    assert bar.value() == stopped
    text = copied(qtbot, view)
    assert text.startswith("Industrial Strategy\nBlack Country\n"), text[:60]
    assert "Page 1" in text  # the selection followed the pointer onto the next page


def test_drag_above_the_top_edge_scrolls_up(qtbot: QtBot, view: PdfView, long_pdf: Path) -> None:
    open_and_wait(qtbot, view, long_pdf, "long")
    view.go_to_page(2)
    bar = view.canvas.verticalScrollBar()
    qtbot.waitUntil(lambda: 1 in view.canvas.page_info, timeout=10000)
    top = bar.value()
    mouse(view, "press", QPointF(200, 200))
    mouse(view, "move", QPointF(200, -40))
    qtbot.waitUntil(lambda: bar.value() < top - 100, timeout=10000)
    mouse(view, "release", QPointF(200, -40))
    assert not view.canvas.pointer.auto_scrolling()


def test_drag_past_the_right_edge_of_a_zoomed_page_scrolls_sideways(
    qtbot: QtBot, view: PdfView, summary_pdf: Path
) -> None:
    open_and_wait(qtbot, view, summary_pdf, "black-country")
    view.canvas.set_zoom(4.0)  # the page is now far wider than the pane
    hbar, vbar = view.canvas.horizontalScrollBar(), view.canvas.verticalScrollBar()
    qtbot.waitUntil(lambda: hbar.maximum() > view.canvas.viewport().width(), timeout=10000)
    first, last = word_box(summary_pdf, 0, "Our"), word_box(summary_pdf, 0, "Productivity")
    hbar.setValue(0)
    vbar.setValue(round(view_pos(view, 0, *centre(first)).y() + vbar.value()) - 100)
    top, start = vbar.value(), view_pos(view, 0, *centre(first))
    assert view_pos(view, 0, *centre(last)).x() > view.canvas.viewport().width()  # out of view
    qtbot.waitUntil(lambda: 0 in view.canvas.page_info, timeout=10000)

    mouse(view, "press", start)
    mouse(view, "move", QPointF(view.canvas.viewport().width() + 60, start.y()))
    qtbot.waitUntil(lambda: hbar.value() == hbar.maximum(), timeout=10000)
    mouse(view, "release", QPointF(view.canvas.viewport().width() + 60, start.y()))
    assert not view.canvas.pointer.auto_scrolling()
    assert vbar.value() == top  # along the line: no scrolling up or down
    text = copied(qtbot, view)
    assert text.startswith("Our area")
    assert "Productivity" in text  # the selection followed the pointer along the line


def test_escape_clears_the_selection_and_closes_a_focused_find_bar(
    qtbot: QtBot, view: PdfView, summary_pdf: Path
) -> None:
    open_and_wait(qtbot, view, summary_pdf, "black-country")
    qtbot.waitUntil(lambda: 0 in view.canvas.page_info, timeout=10000)
    word = word_box(summary_pdf, 0, "Productivity")
    qtbot.keyClick(view.canvas, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert is_selected(page_pixel(view, 0, *above_ink(word)))
    assert view.commands["copy"].isEnabled()

    qtbot.keyClick(view.canvas, Qt.Key.Key_Escape)
    assert not is_selected(page_pixel(view, 0, *above_ink(word)))
    assert not view.commands["copy"].isEnabled()

    qtbot.keyClick(view.canvas, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.finder.bar.isVisible()
    qtbot.keyClick(view.finder.bar.field, Qt.Key.Key_Escape)
    assert not view.finder.bar.isVisible()


# The offscreen platform cannot raise a popup menu or let it grab the keyboard, and says so.
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore(r"^This plugin does not support (raise|grabbing)")


def right_click(view: PdfView, pos: QPointF) -> QMenu:
    viewport = view.canvas.viewport()
    point = pos.toPoint()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    shown = [m for m in view.findChildren(QMenu, "viewer_context_menu") if m.isVisible()]
    assert len(shown) == 1
    return shown[0]


def entries(menu: QMenu) -> dict[str, bool]:
    """Menu entry text (without the & of its mnemonic) -> enabled."""
    return {a.text().replace("&", ""): a.isEnabled() for a in menu.actions() if a.text()}


@OFFSCREEN_POPUP
def test_context_menu_offers_the_viewer_actions(
    qtbot: QtBot, view: PdfView, summary_pdf: Path
) -> None:
    open_and_wait(qtbot, view, summary_pdf, "black-country")
    qtbot.waitUntil(lambda: 0 in view.canvas.page_info, timeout=10000)
    menu = right_click(view, QPointF(300, 300))
    assert entries(menu) == {
        "Copy": False, "Select All": True, "Zoom In": True, "Zoom Out": True, "Fit Width": True,
        "Fit Page": True, "Rotate Left": True, "Rotate Right": True, "Night Mode": True,
    }  # fmt: skip
    listed = [a for a in view.actions_for_menu() if a is not None]
    assert all(a in listed for a in menu.actions() if a.text())  # the same actions, not copies

    zoom = view.canvas.zoom
    next(a for a in menu.actions() if a.text() == "Zoom &In").trigger()
    menu.close()
    assert view.canvas.zoom > zoom

    menu = right_click(view, QPointF(300, 300))
    next(a for a in menu.actions() if a.text() == "Select &All").trigger()
    menu.close()
    menu = right_click(view, QPointF(300, 300))
    assert entries(menu)["Copy"] is True  # now there is a selection to copy
    menu.close()


@OFFSCREEN_POPUP
def test_context_menu_on_a_link_copies_its_address(
    qtbot: QtBot, view: PdfView, tmp_path: Path
) -> None:
    pdf = make_links_pdf(tmp_path / "links.pdf")
    open_and_wait(qtbot, view, pdf, "links")
    qtbot.waitUntil(lambda: 0 in view.canvas.page_info, timeout=10000)
    menu = right_click(view, view_pos(view, 0, *centre(word_box(pdf, 0, "GOV.UK website"))))
    assert "Copy Link Address" in entries(menu)
    QGuiApplication.clipboard().clear()
    next(a for a in menu.actions() if a.text() == "Copy &Link Address").trigger()
    menu.close()
    assert QGuiApplication.clipboard().text() == "https://www.gov.uk/"

    menu = right_click(view, view_pos(view, 0, 400, 700))  # not on a link
    assert "Copy Link Address" not in entries(menu)
    menu.close()


def test_double_click_selects_the_word(qtbot: QtBot, view: PdfView, summary_pdf: Path) -> None:
    open_and_wait(qtbot, view, summary_pdf, "black-country")
    qtbot.waitUntil(lambda: 0 in view.canvas.page_info, timeout=10000)
    pos = view_pos(view, 0, *centre(word_box(summary_pdf, 0, "national")))
    for kind in ("press", "release", "double", "release"):
        mouse(view, kind, pos)
    assert is_selected(page_pixel(view, 0, *above_ink(word_box(summary_pdf, 0, "national"))))
    assert copied(qtbot, view) == "national"


def test_pinch_zooms_around_the_fingers(qtbot: QtBot, view: PdfView, summary_pdf: Path) -> None:
    open_and_wait(qtbot, view, summary_pdf, "black-country")
    canvas, viewport = view.canvas, view.canvas.viewport()
    box = word_box(summary_pdf, 0, "Productivity")
    fingers = view_pos(view, 0, box[0], box[1])  # the corner of a word
    zoom = canvas.zoom
    event = QNativeGestureEvent(
        Qt.NativeGestureType.ZoomNativeGesture, QPointingDevice.primaryPointingDevice(), 2,
        fingers, fingers, viewport.mapToGlobal(fingers), 0.5, QPointF(0, 0),
    )  # fmt: skip
    with qtbot.waitSignal(view.page_rendered, timeout=10000):
        QApplication.sendEvent(viewport, event)
    assert canvas.zoom == pytest.approx(zoom * 1.5)
    assert view.toolbar.zoom_box is not None
    assert view.toolbar.zoom_box.currentText() == f"{round(zoom * 150)}%"
    after = view_pos(view, 0, box[0], box[1])  # the word's corner is still under the fingers
    assert abs(after.x() - fingers.x()) <= 1
    assert abs(after.y() - fingers.y()) <= 1
