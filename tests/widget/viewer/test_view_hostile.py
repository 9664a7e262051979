"""Hostile documents (legal PDFs on which PyMuPDF calls are slow) never freeze the viewer.

The app's viewer runs PyMuPDF in the PDF host process; the in-process engine (LocalEngine, used
by the host itself and by fault-injection tests) must not freeze the GUI either, so each test
checks it too."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from lis_desktop.pdf import document
from lis_desktop.pdf.document import MUPDF_LOCK
from lis_desktop.pdf.local import LocalEngine
from lis_desktop.ui.viewer.view import PdfView
from support.pdfs import make_many_links_pdf, make_many_pages_pdf
from support.viewer import mouse, open_and_wait, view_pos


def recording(calls: list[str], fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn`, noting the name of the thread of every call."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(threading.current_thread().name)
        return fn(*args, **kwargs)

    return wrapper


def test_the_gui_keeps_running_while_a_3000_page_document_opens_in_process(
    qtbot: QtBot, make_view: Callable[..., PdfView], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = make_view(engine=LocalEngine())
    path = make_many_pages_pdf(tmp_path / "many.pdf", pages=3000)
    events: list[str] = []

    def read_batch(*args: Any) -> list[tuple[float, float]]:
        events.append("batch")
        time.sleep(0.003)  # a slow page tree: each batch holds the lock for a while
        return sizes(*args)

    sizes = document._page_sizes
    monkeypatch.setattr(document, "_page_sizes", read_batch)

    def on_tick() -> None:  # GUI work that needs PyMuPDF, as any other thread's work may
        with MUPDF_LOCK:
            events.append("tick")

    ticker = QTimer(interval=1)
    ticker.timeout.connect(on_tick)
    ticker.start()
    try:
        open_and_wait(qtbot, view, path, "many")
    finally:
        ticker.stop()

    first, last = events.index("batch"), len(events) - 1 - events[::-1].index("batch")
    assert events.count("batch") == 30  # 3,000 pages read 100 at a time
    assert events[first:last].count("tick") >= 3  # the GUI got the lock between batches
    assert view.toolbar.page_label.text() == "Page 1 of 3000"
    view.go_to_page(3000)
    qtbot.waitUntil(lambda: view.toolbar.page_label.text() == "Page 3000 of 3000", timeout=5000)
    thumbs = view.thumbs  # the sidebar, laid out in steps, follows to the last page too
    assert thumbs.isVisible()
    last = thumbs.item(2999)
    qtbot.waitUntil(
        lambda: thumbs.visualItemRect(last).intersects(thumbs.viewport().rect()), timeout=10000
    )


@pytest.mark.parametrize("engine", ["host", "in-process"])
def test_hovering_a_page_with_30000_links_leaves_pymupdf_to_the_worker(
    qtbot: QtBot,
    make_view: Callable[..., PdfView],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    engine: str,
) -> None:
    view = make_view(engine=LocalEngine() if engine == "in-process" else None)
    path = make_many_links_pdf(tmp_path / "links.pdf", links=30000)
    calls: list[str] = []
    monkeypatch.setattr(document, "_page_links", recording(calls, document._page_links))
    monkeypatch.setattr(pymupdf.Page, "get_text", recording(calls, pymupdf.Page.get_text))
    monkeypatch.setattr(pymupdf.Document, "load_page", recording(calls, pymupdf.Document.load_page))

    open_and_wait(qtbot, view, path, "links")
    qtbot.waitUntil(lambda: 0 in view.canvas.page_info, timeout=30000)
    links = view.canvas.page_info[0].links
    assert len(links) == document.MAX_LINKS_PER_PAGE  # the rest of the 30,000 are not read
    targets = []
    for link in links[:200:20]:
        x0, y0, x1, y1 = link.rect
        with qtbot.waitSignal(view.link_hovered, timeout=2000) as hovered:
            mouse(view, "move", view_pos(view, 0, (x0 + x1) / 2, (y0 + y1) / 2), pressed=False)
        targets.append(hovered.args)
        assert targets[-1] == [link.uri]
    assert ["https://example.org/link/0"] in targets
    if engine == "host":
        assert calls == []  # no PyMuPDF call in this process at all: the host made them
    else:
        assert calls  # PyMuPDF was used: to open, draw and read the page...
        assert threading.main_thread().name not in calls  # ...never on the GUI thread


def test_the_gui_keeps_running_while_the_host_opens_a_3000_page_document(
    qtbot: QtBot, view: PdfView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_many_pages_pdf(tmp_path / "many.pdf", pages=3000)
    calls: list[str] = []
    monkeypatch.setattr(pymupdf.Document, "load_page", recording(calls, pymupdf.Document.load_page))
    events: list[str] = []
    ticker = QTimer(interval=1)
    ticker.timeout.connect(lambda: events.append("tick"))
    view.page_rendered.connect(lambda *_: events.append("painted"))
    ticker.start()
    try:
        events.append("open")
        open_and_wait(qtbot, view, path, "many")
    finally:
        ticker.stop()

    assert events[events.index("open") : events.index("painted")].count("tick") >= 3
    assert calls == []  # the 3,000 pages were read in the host, not here
    assert view.toolbar.page_label.text() == "Page 1 of 3000"
    view.go_to_page(3000)
    qtbot.waitUntil(lambda: view.toolbar.page_label.text() == "Page 3000 of 3000", timeout=5000)
