"""Selection painting: each row of a selection is one band, also on pages that set every word on a
line of its own, and the band follows a zoom and a new selection."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from pytestqt.qtbot import QtBot

from lis_desktop.ui.viewer.canvas import Mark
from lis_desktop.ui.viewer.view import PdfView
from support.pdfs import make_many_spans_pdf, make_summary_pdf
from support.viewer import mouse, open_and_wait, page_pixel, view_pos, word_box


def is_selected(colour: QColor) -> bool:
    return colour.blue() > 200 and colour.red() < 230


def gap_colour(view: PdfView, pdf: Path) -> QColor:
    """The colour between the first two words of the first row ("w0" and "w1")."""
    first, second = word_box(pdf, 0, "w0"), word_box(pdf, 0, "w1")
    return page_pixel(view, 0, (first[2] + second[0]) / 2, (first[1] + first[3]) / 2)


def test_select_all_paints_each_row_as_one_band_that_follows_zoom_and_new_selections(
    qtbot: QtBot, view: PdfView, tmp_path: Path
) -> None:
    pdf = make_many_spans_pdf(tmp_path / "spans.pdf", spans=600)  # 10 rows of 60 words
    open_and_wait(qtbot, view, pdf, "spans")
    qtbot.waitUntil(lambda: 0 in view.canvas.page_info, timeout=10000)
    assert not is_selected(gap_colour(view, pdf))

    qtbot.keyClick(view.canvas, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert is_selected(gap_colour(view, pdf))  # the space between words is part of the band
    w0 = word_box(pdf, 0, "w0")
    below = page_pixel(view, 0, w0[0] + 1, w0[3] + 20)  # between two rows: not selected
    assert not is_selected(below)

    with qtbot.waitSignal(view.page_rendered, timeout=10000):
        view.zoom_in()  # the band is laid out again at the new zoom
    view.canvas.horizontalScrollBar().setValue(0)
    view.canvas.verticalScrollBar().setValue(0)
    assert is_selected(gap_colour(view, pdf))
    assert not is_selected(page_pixel(view, 0, w0[0] + 1, w0[3] + 20))

    QGuiApplication.clipboard().clear()
    qtbot.keyClick(view.canvas, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text().startswith("w0\nw1\nw2")

    w2 = word_box(pdf, 0, "w2")  # a new selection, "w2" alone: the old band goes
    mouse(view, "press", view_pos(view, 0, w2[0] + 0.5, (w2[1] + w2[3]) / 2))
    mouse(view, "release", view_pos(view, 0, w2[0] + 0.5, (w2[1] + w2[3]) / 2))
    assert not is_selected(gap_colour(view, pdf))


def test_marks_are_painted_over_their_words_and_go_with_the_document(
    qtbot: QtBot, view: PdfView, summary_pdf: Path, tmp_path: Path
) -> None:
    """A feature's highlights (notes, the words two summaries share) are painted where their
    words are, in their colour, and a new document starts without them."""
    open_and_wait(qtbot, view, summary_pdf, "black-country")
    x0, y0, x1, y1 = word_box(summary_pdf, 0, "offshore")
    centre = ((x0 + x1) / 2, (y0 + y1) / 2)
    before = page_pixel(view, 0, *centre)
    view.canvas.set_marks("test", [Mark(0, ((x0, y0, x1, y1),), QColor(0, 200, 0, 160))])
    qtbot.waitUntil(lambda: page_pixel(view, 0, *centre).green() > 150)
    marked = page_pixel(view, 0, *centre)
    assert marked.red() < 150
    assert marked.blue() < 150
    assert page_pixel(view, 0, 520, centre[1]).lightness() > 245  # the paper beside: unmarked
    assert before.green() < 150 or before.red() > 200  # it was not green before
    assert view.canvas.marks("test")
    other = make_summary_pdf(tmp_path / "other.pdf", title="Wales", words="offshore wind")
    open_and_wait(qtbot, view, other, "wales")
    assert view.canvas.marks("test") == ()
