"""Reading a long document: continuous scroll, only visible pages rendered, keyboard navigation,
go to page, thumbnails, fit modes, rotation, the zoom box and the restored reading position."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from lis_desktop.pdf.render_plan import PX_PER_PT
from lis_desktop.settings import Settings
from lis_desktop.ui.viewer.view import PdfView
from support.pdfs import make_landscape_pdf, make_summary_pdf
from support.viewer import open_and_wait


@pytest.fixture
def long_pdf(tmp_path: Path) -> Path:
    return make_summary_pdf(tmp_path / "long.pdf", title="Long", pages=30, image=False)


def rendered_pages(view: PdfView) -> set[int]:
    """Pages of the document rendered at the current zoom (thumbnails excluded)."""
    return {p for p in range(len(view.canvas.sizes)) if view.cache.get(view.canvas.key_for(p))}


def test_only_visible_pages_and_a_small_look_ahead_are_rendered(
    qtbot: QtBot, view: PdfView, long_pdf: Path
) -> None:
    open_and_wait(qtbot, view, long_pdf, "long")
    qtbot.waitUntil(lambda: 1 in rendered_pages(view), timeout=10000)  # the look-ahead

    assert view.toolbar.page_label.text() == "Page 1 of 30"
    assert rendered_pages(view) <= {0, 1, 2}

    qtbot.keyClick(view.canvas, Qt.Key.Key_End)
    assert view.toolbar.page_label.text() == "Page 30 of 30"
    qtbot.waitUntil(lambda: 29 in rendered_pages(view), timeout=10000)
    assert not rendered_pages(view) & set(range(4, 27))  # the middle was never rendered

    qtbot.keyClick(view.canvas, Qt.Key.Key_Home)
    assert view.toolbar.page_label.text() == "Page 1 of 30"


def test_page_down_and_arrows_scroll(qtbot: QtBot, view: PdfView, long_pdf: Path) -> None:
    open_and_wait(qtbot, view, long_pdf, "long")
    bar = view.canvas.verticalScrollBar()

    qtbot.keyClick(view.canvas, Qt.Key.Key_PageDown)
    assert bar.value() == bar.pageStep()
    qtbot.keyClick(view.canvas, Qt.Key.Key_Down)
    assert bar.value() == bar.pageStep() + bar.singleStep()
    qtbot.keyClick(view.canvas, Qt.Key.Key_PageUp)
    assert bar.value() == bar.singleStep()


def test_go_to_page_with_ctrl_g(
    qtbot: QtBot, view: PdfView, long_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_and_wait(qtbot, view, long_pdf, "long")
    asked: list[tuple[object, ...]] = []

    def get_int(*args: object) -> tuple[int, bool]:
        asked.append(args)
        return 12, True

    monkeypatch.setattr(QInputDialog, "getInt", get_int)
    qtbot.keyClick(view.canvas, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)

    assert asked
    assert "1–30" in str(asked[0][2])
    assert view.toolbar.page_label.text() == "Page 12 of 30"
    qtbot.waitUntil(lambda: 11 in rendered_pages(view), timeout=10000)
    # the thumbnails follow: the current page's thumbnail is selected and drawn
    assert view.thumbs.currentRow() == 11
    qtbot.waitUntil(lambda: view.cache.get(view.thumbs.key_for(11)) is not None, timeout=10000)


def test_thumbnails_for_multi_page_documents_only(
    qtbot: QtBot, view: PdfView, long_pdf: Path, summary_pdf: Path
) -> None:
    open_and_wait(qtbot, view, long_pdf, "long")
    assert view.thumbs.isVisible()
    assert view.thumbs.count() == 30
    first_icon = view.thumbs.key_for(0)
    qtbot.waitUntil(lambda: view.cache.get(first_icon) is not None, timeout=10000)

    item = view.thumbs.item(4)
    view.thumbs.scrollToItem(item)
    qtbot.mouseClick(
        view.thumbs.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.thumbs.visualItemRect(item).center(),
    )
    assert view.toolbar.page_label.text() == "Page 5 of 30"

    view.commands["thumbnails"].trigger()  # the user hides them
    assert not view.thumbs.isVisible()
    view.commands["thumbnails"].trigger()
    assert view.thumbs.isVisible()

    open_and_wait(qtbot, view, summary_pdf, "black-country")
    assert not view.thumbs.isVisible()


def test_fit_page_actual_size_and_zoom_box(qtbot: QtBot, view: PdfView, summary_pdf: Path) -> None:
    open_and_wait(qtbot, view, summary_pdf, "black-country")
    dpr = view.canvas.devicePixelRatioF()

    with qtbot.waitSignal(view.page_rendered, timeout=10000) as fit_page:
        view.commands["fit_page"].trigger()
    assert fit_page.args[2] / dpr <= view.canvas.viewport().height()

    with qtbot.waitSignal(view.page_rendered, timeout=10000) as actual:
        view.commands["actual_size"].trigger()
    assert abs(actual.args[1] - round(595 * PX_PER_PT * dpr)) <= 1
    assert view.toolbar.zoom_box is not None
    assert view.toolbar.zoom_box.currentText() == "100%"

    view.toolbar.zoom_box.lineEdit().selectAll()
    with qtbot.waitSignal(view.page_rendered, timeout=10000) as typed:
        qtbot.keyClicks(view.toolbar.zoom_box.lineEdit(), "150%")
        qtbot.keyClick(view.toolbar.zoom_box.lineEdit(), Qt.Key.Key_Return)
    assert abs(typed.args[1] - round(595 * PX_PER_PT * 1.5 * dpr)) <= 1
    assert view.toolbar.zoom_box.currentText() == "150%"


def test_a_focused_zoom_box_shows_the_zoom_in_use_and_drops_unfinished_typing(
    qtbot: QtBot, view: PdfView, summary_pdf: Path
) -> None:
    open_and_wait(qtbot, view, summary_pdf, "black-country")
    box = view.toolbar.zoom_box
    assert box is not None
    editor = box.lineEdit()
    view.commands["actual_size"].trigger()
    box.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    view.commands["fit_width"].trigger()  # e.g. from the keyboard while the box has focus
    shown = f"{round(view.canvas.zoom * 100)}%"
    assert shown != "100%"
    assert box.currentText() == shown
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # passing through the box changes nothing
    assert view.canvas.fit_mode == "width"
    assert box.currentText() == shown

    box.setFocus()
    qtbot.waitUntil(editor.hasFocus)

    editor.selectAll()
    qtbot.keyClicks(editor, "3")  # typing (completed inline to 300%), not finished with Enter
    typed = editor.text()
    assert typed.startswith("3")
    view.zoom_in()
    assert editor.text() == typed  # what the user types is never overwritten
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # leaves the box: the typing is dropped
    assert not editor.hasFocus()
    assert view.canvas.zoom == pytest.approx(1.1)
    assert box.currentText() == "110%"


def test_rotate_right_turns_the_page(qtbot: QtBot, view: PdfView, summary_pdf: Path) -> None:
    _, width, height = open_and_wait(qtbot, view, summary_pdf, "black-country")
    assert height > width

    with qtbot.waitSignal(view.page_rendered, timeout=10000) as rotated:
        qtbot.keyClick(view.canvas, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    _, width, height = rotated.args
    assert width > height  # portrait shown on its side, still fitting the width

    with qtbot.waitSignal(view.page_rendered, timeout=10000) as back:
        view.commands["rotate_left"].trigger()
    assert back.args[2] > back.args[1]


def test_landscape_pages_fit_the_width(qtbot: QtBot, view: PdfView, tmp_path: Path) -> None:
    landscape = make_landscape_pdf(tmp_path / "wide.pdf")
    _, width, height = open_and_wait(qtbot, view, landscape, "wide")
    assert width > height
    assert view.canvas.horizontalScrollBar().maximum() == 0


def test_reading_position_is_restored_after_a_restart(
    qtbot: QtBot,
    make_view: Callable[..., PdfView],
    settings_file: Path,
    long_pdf: Path,
    summary_pdf: Path,
) -> None:
    first = make_view()
    open_and_wait(qtbot, first, long_pdf, "long")
    first.set_zoom(1.5)
    first.go_to_page(7)
    open_and_wait(qtbot, first, summary_pdf, "black-country")  # leaving saves the position
    first.shutdown()
    first.settings.sync()

    restarted = make_view(settings_=Settings(first.settings.store.__class__(
        str(settings_file), first.settings.store.format())))  # fmt: skip
    open_and_wait(qtbot, restarted, long_pdf, "long")
    assert restarted.canvas.zoom == pytest.approx(1.5)
    assert restarted.current_page() == 7
    assert restarted.toolbar.page_label.text() == "Page 7 of 30"

    # a document never seen opens at fit width on page 1
    other = make_summary_pdf(long_pdf.with_name("other.pdf"), pages=3)
    open_and_wait(qtbot, restarted, other, "other")
    assert restarted.canvas.fit_mode == "width"
    assert restarted.current_page() == 1
