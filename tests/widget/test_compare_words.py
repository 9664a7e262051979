"""Shared and unique words in a real comparison, on known texts: a word both summaries use is
shaded in both panes, a word one of them uses alone is underlined there only; later pages of a
multi-page summary too; a summary without text (a scanned page) says so and nothing is marked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from lis_desktop import settings
from lis_desktop.search.compare import WordComparison
from lis_desktop.ui.compare.words import LAYER, SHARED_COLOUR, UNIQUE_COLOUR
from lis_desktop.ui.viewer.view import PdfView
from support.compare import TIMEOUT, CompareApp, compare_and_wait, compare_app, show_region
from support.pdfs import make_scanned_pdf, make_text_pdf, stock_cache
from support.viewer import screen, view_pos, word_box

A, B, C = "greater-manchester", "liverpool-city-region", "black-country"


@pytest.fixture
def pdfs(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    return {
        A: make_text_pdf(
            folder / "a.pdf",
            [[(100, "Offshore wind turbines"), (130, "and ceramics")], [(100, "Hydrogen valleys")]],
        ),
        B: make_text_pdf(folder / "b.pdf", [[(100, "Wind farms and hydrogen")]]),
        C: make_scanned_pdf(folder / "c.pdf"),
    }


@pytest.fixture
def running(qtbot: QtBot, tmp_path: Path, pdfs: dict[str, Path]) -> Iterator[CompareApp]:
    stock_cache(tmp_path / "cache", pdfs)
    with compare_app(qtbot, tmp_path / "cache", tmp_path / "settings.ini") as started:
        show_region(qtbot, started.window, A)
        yield started


def words_on(qtbot: QtBot, running: CompareApp) -> WordComparison:
    mode = running.mode
    with qtbot.waitSignal(
        mode.words.compared, timeout=TIMEOUT, check_params_cb=lambda result: result is not None
    ) as done:
        mode.words_action.setChecked(True)
    result = done.args[0]
    assert isinstance(result, WordComparison)
    return result


def colours_in(view: PdfView, page: int, box: tuple[float, float, float, float]) -> list[QColor]:
    """The colours on screen inside a box of a page (PDF points)."""
    image = screen(view)
    dpr = image.devicePixelRatio()
    top_left = view_pos(view, page, box[0], box[1])
    bottom_right = view_pos(view, page, box[2], box[3])
    out = []
    for y in range(round(top_left.y() * dpr), round(bottom_right.y() * dpr) + 1):
        for x in range(round(top_left.x() * dpr), round(bottom_right.x() * dpr) + 1):
            if 0 <= x < image.width() and 0 <= y < image.height():
                out.append(image.pixelColor(x, y))
    return out


def shaded(colours: list[QColor]) -> bool:
    """Some pixels are the light blue of a shared word."""
    return any(c.blue() > 200 and c.blue() - c.red() > 40 for c in colours)


def underlined(colours: list[QColor]) -> bool:
    """Some pixels are the vermilion of a word only one summary has."""
    return any(c.red() > 180 and c.green() < 150 and c.blue() < 80 for c in colours)


def marked(
    view: PdfView, page: int, box: tuple[float, float, float, float], colour: QColor
) -> bool:
    """A mark of that colour covers the middle of the word's box (or lies under it)."""
    x = (box[0] + box[2]) / 2
    for mark in view.canvas.marks(LAYER):
        if mark.page != page or mark.colour != colour:
            continue
        if any(r[0] <= x <= r[2] and box[1] - 2 <= r[1] <= box[3] + 2 for r in mark.rects):
            return True
    return False


def test_a_word_in_both_is_shaded_in_both_and_a_word_in_one_underlined_only_there(
    qtbot: QtBot, running: CompareApp, pdfs: dict[str, Path]
) -> None:
    first, second, mode = running.first, running.second, running.mode
    compare_and_wait(qtbot, mode, A, B)
    with qtbot.waitSignals([first.page_rendered, second.page_rendered], timeout=TIMEOUT):
        first.set_zoom(1.5)  # large words for the pixels; the second pane follows
    first.canvas.verticalScrollBar().setValue(0)
    first.canvas.horizontalScrollBar().setValue(0)  # the words at the top left, in both
    result = words_on(qtbot, running)
    assert set(result.words.shared) == {"wind", "hydrogen"}
    assert set(result.words.only_first) == {"offshore", "turbines", "ceramics", "valleys"}
    assert result.words.only_second == ("farms",)
    wind_a, wind_b = word_box(pdfs[A], 0, "wind"), word_box(pdfs[B], 0, "Wind")
    offshore, farms = word_box(pdfs[A], 0, "Offshore"), word_box(pdfs[B], 0, "farms")
    assert marked(first, 0, wind_a, SHARED_COLOUR)
    assert marked(second, 0, wind_b, SHARED_COLOUR)
    assert marked(first, 0, offshore, UNIQUE_COLOUR)
    assert not marked(first, 0, offshore, SHARED_COLOUR)
    assert marked(second, 0, farms, UNIQUE_COLOUR)
    assert not marked(second, 0, wind_b, UNIQUE_COLOUR)
    qtbot.waitUntil(lambda: shaded(colours_in(first, 0, wind_a)))  # what the reader sees
    assert shaded(colours_in(second, 0, wind_b))
    assert underlined(colours_in(first, 0, offshore))
    assert not shaded(colours_in(first, 0, offshore))
    assert underlined(colours_in(second, 0, farms))
    assert not underlined(colours_in(second, 0, wind_b))
    legend = mode.pane.legend
    assert legend.shared_label.text() == "In both: 2 words"
    assert legend.unique_label.text() == "Only in one summary"
    assert "wind" in legend.shared_label.toolTip()  # not by colour alone: the words are named
    assert "farms" in legend.unique_label.toolTip()
    assert mode.pane.frames[0].title_bar.note.text().strip() == "4 words only here"
    assert mode.pane.frames[1].title_bar.note.text().strip() == "1 word only here"
    assert "farms" in mode.pane.frames[1].title_bar.note.toolTip()
    assert running.window.settings.get(settings.COMPARE_WORDS)


def test_words_on_the_later_pages_of_a_multi_page_summary_are_marked(
    qtbot: QtBot, running: CompareApp, pdfs: dict[str, Path]
) -> None:
    compare_and_wait(qtbot, running.mode, A, B)
    words_on(qtbot, running)
    first = running.first
    assert marked(first, 1, word_box(pdfs[A], 1, "Hydrogen"), SHARED_COLOUR)
    assert marked(first, 1, word_box(pdfs[A], 1, "valleys"), UNIQUE_COLOUR)
    first.go_to_page(2)
    qtbot.waitUntil(lambda: shaded(colours_in(first, 1, word_box(pdfs[A], 1, "Hydrogen"))))


def test_the_highlight_chosen_before_comes_with_the_next_comparison(
    qtbot: QtBot, running: CompareApp
) -> None:
    mode = running.mode
    compare_and_wait(qtbot, mode, A, B)
    words_on(qtbot, running)
    mode.close()
    assert running.first.canvas.marks(LAYER) == ()  # the single view shows no comparison
    with qtbot.waitSignal(
        mode.words.compared, timeout=TIMEOUT, check_params_cb=lambda result: result is not None
    ):
        mode.compare(A, B)
    assert running.first.canvas.marks(LAYER)
    assert running.second.canvas.marks(LAYER)


def test_turning_the_highlight_off_removes_the_marks(qtbot: QtBot, running: CompareApp) -> None:
    compare_and_wait(qtbot, running.mode, A, B)
    words_on(qtbot, running)
    running.mode.words_action.setChecked(False)
    assert running.first.canvas.marks(LAYER) == ()
    assert running.second.canvas.marks(LAYER) == ()
    assert not running.mode.pane.legend.shared_label.isVisibleTo(running.mode.pane)


def test_another_summary_in_a_pane_is_compared_anew(
    qtbot: QtBot, running: CompareApp, pdfs: dict[str, Path]
) -> None:
    mode = running.mode
    compare_and_wait(qtbot, mode, A, B)
    words_on(qtbot, running)
    with qtbot.waitSignal(
        mode.words.compared, timeout=TIMEOUT, check_params_cb=lambda result: result is not None
    ) as done:
        running.window.select_region(C)  # the first pane now shows a scanned summary
    assert not done.args[0].comparable
    assert running.second.canvas.marks(LAYER) == ()


def test_a_summary_without_text_says_so_and_nothing_is_marked(
    qtbot: QtBot, running: CompareApp
) -> None:
    mode = running.mode
    compare_and_wait(qtbot, mode, A, C)
    result = words_on(qtbot, running)
    assert not result.comparable
    assert running.first.canvas.marks(LAYER) == ()
    assert running.second.canvas.marks(LAYER) == ()
    assert mode.pane.legend.note_label.text() == (
        "Nothing to compare: Black Country has no text (a scanned page?)."
    )
    assert mode.pane.frames[1].title_bar.note.text().strip() == "no text on its pages (scanned?)"
