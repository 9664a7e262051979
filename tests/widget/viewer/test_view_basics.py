"""The viewer shows a summary at fit width, zooms, and shows the empty state."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lis_desktop.pdf.document import PdfSession
from lis_desktop.pdf.local import LocalEngine
from lis_desktop.pdf.render_plan import MARGIN, PX_PER_PT
from lis_desktop.ui.viewer.view import PdfView
from support.pdfs import make_summary_pdf
from support.viewer import open_and_wait, page_pixel, trace_events, word_box


def is_colourful(colour: object) -> bool:
    r, g, b = colour.red(), colour.green(), colour.blue()  # type: ignore[attr-defined]
    return max(r, g, b) - min(r, g, b) > 60


def test_summary_renders_page_one_at_fit_width(
    qtbot: QtBot, view: PdfView, summary_pdf: Path
) -> None:
    key, width, height = open_and_wait(qtbot, view, summary_pdf, "black-country")

    assert key == "black-country"
    dpr = view.canvas.devicePixelRatioF()
    expected = (view.canvas.viewport().width() - 2 * MARGIN) * dpr
    assert abs(width - expected) <= 2
    assert abs(height / width - 842 / 595) < 0.01  # A4 proportions
    # the page image is drawn 1:1 on the screen's pixels (no resampling blur)
    slot = view.canvas.layout_.rects[0]
    assert (width, height) == (round(slot.width() * dpr), round(slot.height() * dpr))
    # the photograph shows in colour and the margin is white paper
    assert is_colourful(page_pixel(view, 0, 200, 450))
    assert page_pixel(view, 0, 20, 20).lightness() > 245
    # and the title is drawn in black: its darkest pixel is near black
    x0, y0, x1, y1 = word_box(summary_pdf, 0, "Black")
    steps = [(x0 + (x1 - x0) * i / 12, y0 + (y1 - y0) * j / 8) for i in range(13) for j in range(9)]
    assert min(page_pixel(view, 0, x, y).lightness() for x, y in steps) < 60


def test_page_rendered_trace_line(
    qtbot: QtBot, view: PdfView, summary_pdf: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("LIS_DESKTOP_TRACE", "1")
    started = time.perf_counter()
    _, width, height = open_and_wait(qtbot, view, summary_pdf, "black-country")
    waited_ms = (time.perf_counter() - started) * 1000

    events = trace_events(capsys.readouterr().err, "page_rendered")
    assert events[0]["region"] == "black-country"
    assert (events[0]["width"], events[0]["height"]) == (width, height)
    # milliseconds from the open to the page painted: within the time this test waited
    assert 0 < events[0]["ms"] <= waited_ms + 1


def test_zoom_shortcuts_render_larger_and_smaller(
    qtbot: QtBot, view: PdfView, summary_pdf: Path
) -> None:
    _, fit, _ = open_and_wait(qtbot, view, summary_pdf, "black-country")
    ctrl = Qt.KeyboardModifier.ControlModifier

    with qtbot.waitSignal(view.page_rendered, timeout=10000) as bigger:
        qtbot.keyClick(view.canvas, Qt.Key.Key_Equal, ctrl)
    assert bigger.args[1] > fit

    with qtbot.waitSignal(view.page_rendered, timeout=10000) as smaller:
        qtbot.keyClick(view.canvas, Qt.Key.Key_Minus, ctrl)
        qtbot.keyClick(view.canvas, Qt.Key.Key_Minus, ctrl)
    assert smaller.args[1] < fit
    assert view.canvas.horizontalScrollBar().maximum() == 0  # narrower than the window


def wheel(view: PdfView, pos: QPointF, delta: int) -> None:
    event = QWheelEvent(
        pos,
        view.canvas.viewport().mapToGlobal(pos),
        QPoint(0, 0),
        QPoint(0, delta),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.canvas.viewport(), event)


def test_ctrl_wheel_zooms_and_keeps_the_point_under_the_cursor(
    qtbot: QtBot, view: PdfView, summary_pdf: Path
) -> None:
    _, fit, _ = open_and_wait(qtbot, view, summary_pdf, "black-country")
    cursor = QPointF(300, 400)
    before = view.canvas.spot_at(cursor)

    with qtbot.waitSignal(view.page_rendered, timeout=10000) as zoomed:
        wheel(view, cursor, 120)
        wheel(view, cursor, 120)

    assert zoomed.args[1] > fit * 1.15
    page, x, y = view.canvas.spot_at(cursor)
    assert page == before[0]
    assert abs(x - before[1]) < 1.5
    assert abs(y - before[2]) < 1.5


def test_a_new_document_wins_over_one_still_opening(
    qtbot: QtBot, view: PdfView, tmp_path: Path
) -> None:
    first = make_summary_pdf(tmp_path / "first.pdf", title="First")
    second = make_summary_pdf(tmp_path / "second.pdf", title="Second", image=False)
    keys: list[str] = []
    view.page_rendered.connect(lambda key, *_: keys.append(key))

    view.open_document(first, "first")
    with qtbot.waitSignal(view.page_rendered, timeout=10000):
        view.open_document(second, "second")

    assert view.current_key() == "second"
    assert "first" not in keys
    assert not is_colourful(page_pixel(view, 0, 200, 450))  # the second has no photograph


def test_empty_state_offers_import_and_download(qtbot: QtBot, view: PdfView) -> None:
    view.show_empty("Cumbria", "This summary is not available offline.", can_download=False)

    assert view.panel.title.text() == "Cumbria"
    assert "not available offline" in view.panel.message.text()
    assert view.panel.import_button.isVisible()
    assert not view.panel.download_button.isVisible()
    with qtbot.waitSignal(view.import_requested, timeout=1000):
        qtbot.mouseClick(view.panel.import_button, Qt.MouseButton.LeftButton)

    view.show_empty("Cumbria", "Not downloaded yet.", can_download=True)
    assert view.panel.download_button.isVisible()
    with qtbot.waitSignal(view.download_requested, timeout=1000):
        qtbot.mouseClick(view.panel.download_button, Qt.MouseButton.LeftButton)
    assert view.current_key() is None


def test_clear_forgets_the_document(qtbot: QtBot, view: PdfView, summary_pdf: Path) -> None:
    open_and_wait(qtbot, view, summary_pdf, "black-country")
    view.clear()
    assert view.current_key() is None
    assert view.page_count() == 0


def test_large_zoom_renders_in_bands_and_stays_sharp(
    qtbot: QtBot, view: PdfView, summary_pdf: Path
) -> None:
    open_and_wait(qtbot, view, summary_pdf, "black-country")
    dpr = view.canvas.devicePixelRatioF()

    with qtbot.waitSignal(view.page_rendered, timeout=10000) as zoomed:
        view.set_zoom(4.0)

    assert abs(zoomed.args[1] - round(595 * PX_PER_PT * 4 * dpr)) <= 1
    bands = [k for k in view.cache.entries() if k.zoom == view.canvas.key_for(0).zoom]
    assert bands
    assert all(k.rows is not None for k in bands)  # never one huge render
    view.canvas.scroll_to_rect(0, (200, 440, 210, 460))
    qtbot.waitUntil(lambda: is_colourful(page_pixel(view, 0, 205, 450)), timeout=10000)


def test_a_slow_document_says_it_is_opening(
    qtbot: QtBot,
    make_view: Callable[..., PdfView],
    summary_pdf: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view = make_view(engine=LocalEngine())  # PyMuPDF in this process, where the test holds it
    open_and_wait(qtbot, view, summary_pdf, "black-country")
    slow = make_summary_pdf(tmp_path / "slow.pdf", title="Slow")
    release = threading.Event()
    real_open = PdfSession.open.__func__  # type: ignore[attr-defined]

    def held_open(cls: type[PdfSession], path: Path, password: str | None = None) -> PdfSession:
        release.wait(30)  # the worker is held until the test has seen the notice
        return real_open(cls, path, password)  # type: ignore[no-any-return]

    monkeypatch.setattr(PdfSession, "open", classmethod(held_open))
    view.open_document(slow, "slow")
    try:
        qtbot.waitUntil(lambda: "Opening “slow.pdf”" in view.panel.message.text(), timeout=5000)
        assert view.panel.isVisible()  # the previous summary is no longer on show
    finally:
        release.set()
    qtbot.waitUntil(lambda: view.page_count() == 1, timeout=10000)
    assert view.pages_area.isVisible()
