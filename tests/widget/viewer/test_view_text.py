"""Find in document, search-hit highlighting, text selection and copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from pytestqt.qtbot import QtBot

from lis_desktop.ui.viewer.view import PdfView
from support.pdfs import make_summary_pdf
from support.viewer import mouse, open_and_wait, page_pixel, view_pos, word_box

WORDS = "Wind power grows. WIND farms need ports. Windy days help."


@pytest.fixture
def wind_pdf(tmp_path: Path) -> Path:
    return make_summary_pdf(tmp_path / "wind.pdf", title="Wind", words=WORDS, pages=3, image=False)


def centre_colour(view: PdfView, page: int, box: tuple[float, float, float, float]) -> QColor:
    return page_pixel(view, page, (box[0] + box[2]) / 2, box[1] + 1.5)


def is_highlighted(colour: QColor) -> bool:
    return colour.red() > 200 and colour.blue() < 190


def find(qtbot: QtBot, view: PdfView, text: str) -> None:
    qtbot.keyClick(view.canvas, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.finder.bar.isVisible()
    view.finder.bar.field.selectAll()
    qtbot.keyClicks(view.finder.bar.field, text)
    qtbot.waitUntil(lambda: " of " in view.finder.bar.count.text(), timeout=10000)


def test_find_counts_highlights_and_steps_through_hits(
    qtbot: QtBot, view: PdfView, wind_pdf: Path
) -> None:
    open_and_wait(qtbot, view, wind_pdf, "wind")
    find(qtbot, view, "wind")
    count = view.finder.bar.count

    assert count.text() == "1 of 12"  # the title Wind, Wind, WIND and Windy on each page
    first = word_box(wind_pdf, 0, "Wind")
    x0, y0, _, y1 = word_box(wind_pdf, 0, "Wind power")
    second = (x0, y0, x0 + 12, y1)  # the "Wind" of "Wind power"
    current, other = centre_colour(view, 0, first), centre_colour(view, 0, second)
    assert is_highlighted(current)
    assert is_highlighted(other)
    assert current != other  # the current hit looks different

    qtbot.keyClick(view.finder.bar.field, Qt.Key.Key_Return)
    assert count.text() == "2 of 12"
    assert centre_colour(view, 0, second) == current

    qtbot.keyClick(view.canvas, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view.canvas, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert count.text() == "12 of 12"  # wrapped to the last hit, on the last page
    assert view.current_page() == 3
    qtbot.keyClick(view.canvas, Qt.Key.Key_F3)
    assert count.text() == "1 of 12"
    assert view.current_page() == 1


def test_find_options_match_case_and_whole_words(
    qtbot: QtBot, view: PdfView, wind_pdf: Path
) -> None:
    open_and_wait(qtbot, view, wind_pdf, "wind")
    find(qtbot, view, "wind")
    bar = view.finder.bar

    bar.whole_words.setChecked(True)
    qtbot.waitUntil(lambda: bar.count.text() == "1 of 9", timeout=10000)  # not "Windy"
    bar.match_case.setChecked(True)
    qtbot.waitUntil(lambda: bar.count.text() == "No matches", timeout=10000)
    bar.whole_words.setChecked(False)
    qtbot.waitUntil(lambda: bar.count.text() == "No matches", timeout=10000)
    bar.field.setText("Wind")
    qtbot.waitUntil(lambda: bar.count.text() == "1 of 9", timeout=10000)  # Wind, Windy, title

    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert not view.canvas.hits


def test_show_search_hits_highlights_query_terms_on_that_page(
    qtbot: QtBot, view: PdfView, wind_pdf: Path
) -> None:
    view.open_document(wind_pdf, "wind")
    view.show_search_hits(1, '"farms need" OR ports')  # before the document finished opening
    qtbot.waitUntil(lambda: bool(view.canvas.hits), timeout=10000)

    assert {page for page, _ in view.canvas.hits} == {1}
    assert len(view.canvas.hits) == 2  # the phrase and the word
    qtbot.waitUntil(lambda: view.current_page() == 2, timeout=5000)
    assert is_highlighted(centre_colour(view, 1, word_box(wind_pdf, 1, "farms")))
    assert not is_highlighted(centre_colour(view, 1, word_box(wind_pdf, 1, "power")))


def test_drag_selects_text_and_ctrl_c_copies_it_in_reading_order(
    qtbot: QtBot, view: PdfView, summary_pdf: Path
) -> None:
    open_and_wait(qtbot, view, summary_pdf, "black-country")
    qtbot.waitUntil(lambda: 0 in view.canvas.page_info, timeout=10000)
    start = word_box(summary_pdf, 0, "Productivity")
    end = word_box(summary_pdf, 0, "average")

    mouse(view, "press", view_pos(view, 0, start[0] + 2, (start[1] + start[3]) / 2))
    mouse(view, "move", view_pos(view, 0, 300, 200))
    mouse(view, "move", view_pos(view, 0, end[2] - 2, (end[1] + end[3]) / 2))
    mouse(view, "release", view_pos(view, 0, end[2] - 2, (end[1] + end[3]) / 2))
    assert is_selected(centre_colour(view, 0, start))
    assert is_selected(centre_colour(view, 0, word_box(summary_pdf, 0, "national")))
    assert not is_selected(centre_colour(view, 0, word_box(summary_pdf, 0, "Local")))

    QGuiApplication.clipboard().clear()
    qtbot.keyClick(view.canvas, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == (
        "Productivity has\ngrown faster than the national average"
    )


def is_selected(colour: QColor) -> bool:
    return colour.blue() > 200 and colour.red() < 230


def test_select_all_copies_every_page(qtbot: QtBot, view: PdfView, wind_pdf: Path) -> None:
    open_and_wait(qtbot, view, wind_pdf, "wind")
    QGuiApplication.clipboard().clear()

    qtbot.keyClick(view.canvas, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.canvas, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Page 3" in QGuiApplication.clipboard().text(), timeout=10000)

    text = QGuiApplication.clipboard().text()
    assert text.startswith("Industrial Strategy\nWind\nOur area has")
    assert text.index("Page 1") < text.index("Page 2") < text.index("Page 3")


def test_search_hits_follow_the_index_rules(qtbot: QtBot, view: PdfView, summary_pdf: Path) -> None:
    open_and_wait(qtbot, view, summary_pdf, "black-country")
    view.show_search_hits(0, "manufacturer")  # the index matches the stem: "manufacturing"
    qtbot.waitUntil(lambda: bool(view.canvas.hits), timeout=10000)

    assert len(view.canvas.hits) == 1
    assert is_highlighted(centre_colour(view, 0, word_box(summary_pdf, 0, "manufacturing")))
