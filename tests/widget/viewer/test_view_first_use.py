"""The find bar and the thumbnail sidebar are made when first needed (start-up time); once made
they sit where the user expects them and work: Ctrl+F opens find under the viewer's toolbar,
a multi-page document gets its thumbnails left of the pages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from lis_desktop.ui.viewer.view import PdfView
from support.pdfs import make_summary_pdf
from support.viewer import open_and_wait


def top_left_in(view: PdfView, widget: QWidget) -> QPoint:
    return widget.mapTo(view, QPoint(0, 0))


def test_ctrl_f_opens_the_find_bar_under_the_toolbar_and_finds(
    qtbot: QtBot, view: PdfView, tmp_path: Path
) -> None:
    pdf = make_summary_pdf(tmp_path / "wind.pdf", title="Wind", words="Wind and more wind.")
    open_and_wait(qtbot, view, pdf, "wind")
    view.canvas.setFocus()

    qtbot.keyClick(view.canvas, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)

    bar = view.finder.bar
    assert bar.isVisible()
    assert QApplication.focusWidget() is bar.field
    toolbar_bottom = top_left_in(view, view.toolbar).y() + view.toolbar.height()
    assert toolbar_bottom <= top_left_in(view, bar).y()
    assert top_left_in(view, bar).y() + bar.height() <= top_left_in(view, view.canvas).y()
    qtbot.keyClicks(bar.field, "wind")
    qtbot.waitUntil(lambda: " of " in bar.count.text(), timeout=10000)
    assert bar.count.text() == "1 of 3"

    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_thumbnails_appear_left_of_the_pages_for_a_multi_page_document(
    qtbot: QtBot, view: PdfView, tmp_path: Path
) -> None:
    one = make_summary_pdf(tmp_path / "one.pdf", title="One")
    many = make_summary_pdf(tmp_path / "many.pdf", title="Many", pages=4)

    open_and_wait(qtbot, view, one, "one")
    assert not view.thumbs.isVisible()

    open_and_wait(qtbot, view, many, "many")
    assert view.thumbs.isVisible()
    assert view.thumbs.count() == 4
    thumbs_right = top_left_in(view, view.thumbs).x() + view.thumbs.width()
    assert thumbs_right <= top_left_in(view, view.canvas).x()
    qtbot.waitUntil(lambda: view.cache.get(view.thumbs.key_for(0)) is not None, timeout=10000)
