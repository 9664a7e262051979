"""Helpers for the viewer's widget tests."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from lis_desktop.widgets.pdf_view import PdfView


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
