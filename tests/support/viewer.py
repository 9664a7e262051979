"""Helpers for the viewer's widget tests."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lis_desktop.pdf.document import MUPDF_LOCK
from lis_desktop.ui.viewer.view import PdfView


def open_and_wait(qtbot: QtBot, view: PdfView, path: Path, key: str) -> tuple[str, int, int]:
    """Open a document and wait until its first page is painted; returns page_rendered's args."""
    with qtbot.waitSignal(view.page_rendered, timeout=15000) as blocker:
        view.open_document(path, key)
    assert blocker.args is not None
    key_, width, height = blocker.args
    return key_, width, height


def trace_events(stderr: str, event: str) -> list[dict[str, object]]:
    records = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    return [record for record in records if record.get("event") == event]


def screen(view: PdfView) -> QImage:
    """What the user sees of the pages right now."""
    return view.canvas.viewport().grab().toImage()


def page_pixel(view: PdfView, page: int, x: float, y: float) -> QColor:
    """The colour on screen at point (x, y) of a page (PDF points)."""
    canvas = view.canvas
    content = canvas.layout_.from_page(page, x, y)
    pos = content - QPointF(
        canvas.horizontalScrollBar().value(), canvas.verticalScrollBar().value()
    )
    image = screen(view)
    dpr = image.devicePixelRatio()
    return image.pixelColor(round(pos.x() * dpr), round(pos.y() * dpr))


def view_pos(view: PdfView, page: int, x: float, y: float) -> QPointF:
    """Where point (x, y) of a page (PDF points) is in the viewport right now."""
    canvas = view.canvas
    content = canvas.layout_.from_page(page, x, y)
    return content - QPointF(
        canvas.horizontalScrollBar().value(), canvas.verticalScrollBar().value()
    )


def mouse(view: PdfView, kind: str, pos: QPointF, pressed: bool = True) -> None:
    """Send a left-button mouse event (press, move with the button held or not, release)."""
    types = {
        "press": QEvent.Type.MouseButtonPress,
        "move": QEvent.Type.MouseMove,
        "release": QEvent.Type.MouseButtonRelease,
        "double": QEvent.Type.MouseButtonDblClick,
    }
    left = Qt.MouseButton.LeftButton
    button = Qt.MouseButton.NoButton if kind == "move" else left
    buttons = left if (pressed and kind != "release") else Qt.MouseButton.NoButton
    viewport = view.canvas.viewport()
    event = QMouseEvent(
        types[kind], pos, viewport.mapToGlobal(pos), button, buttons,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(viewport, event)


def word_box(path: Path, page: int, text: str) -> tuple[float, float, float, float]:
    """The box of the first occurrence of `text` on a page, found independently with PyMuPDF."""
    with MUPDF_LOCK:
        doc = pymupdf.open(path)
        try:
            rect = doc[page].search_for(text)[0]
            return rect.x0, rect.y0, rect.x1, rect.y1
        finally:
            doc.close()
