"""Damaged, empty, protected and failing PDFs: a clear message in the viewer, a trace line, and
the viewer keeps working."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lis_desktop.errors import DocumentError
from lis_desktop.pdf.document import PdfSession
from lis_desktop.pdf.local import LocalEngine
from lis_desktop.ui.viewer.view import PdfView
from support.pdfs import (
    make_bad_page_count_pdf,
    make_bad_page_pdf,
    make_damaged_pdf,
    make_encrypted_pdf,
    make_zero_page_pdf,
)
from support.viewer import open_and_wait, screen, trace_events


@pytest.mark.parametrize(
    ("make", "reason", "words"),
    [
        (make_damaged_pdf, "open", "damaged or not a PDF"),
        (make_zero_page_pdf, "no_pages", "has no pages"),
        (make_bad_page_count_pdf, "page_count", "pages cannot be counted"),
        (make_bad_page_pdf, "page_load", "Page 1 of"),
    ],
)
def test_broken_pdf_shows_a_clear_message_and_the_viewer_recovers(
    qtbot: QtBot,
    view: PdfView,
    tmp_path: Path,
    summary_pdf: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    make: Callable[[Path], Path],
    reason: str,
    words: str,
) -> None:
    monkeypatch.setenv("LIS_DESKTOP_TRACE", "1")
    broken = make(tmp_path / "broken.pdf")

    with qtbot.waitSignal(view.document_failed, timeout=10000) as failed:
        view.open_document(broken, "broken")

    assert failed.args[0] == "broken"
    assert words in failed.args[1]
    assert view.panel.isVisible()
    assert words in view.panel.message.text()
    assert "cannot be shown" in view.panel.title.text()
    qtbot.wait(600)  # nothing shown later (such as an "Opening…" notice) replaces the message
    assert words in view.panel.message.text()
    errors = trace_events(capsys.readouterr().err, "document_error")
    assert [e["reason"] for e in errors] == [reason]
    assert errors[0]["region"] == "broken"
    # the next document opens normally
    key, width, _ = open_and_wait(qtbot, view, summary_pdf, "black-country")
    assert key == "black-country"
    assert width > 100


def test_missing_file_is_reported(qtbot: QtBot, view: PdfView, tmp_path: Path) -> None:
    with qtbot.waitSignal(view.document_failed, timeout=5000) as failed:
        view.open_document(tmp_path / "gone.pdf", "gone")
    assert "Cannot read 'gone.pdf'" in failed.args[1]
    assert "Cannot read" in view.panel.message.text()


def test_a_page_that_fails_to_render_says_so_on_the_page(
    qtbot: QtBot,
    make_view: Callable[..., PdfView],
    summary_pdf: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("LIS_DESKTOP_TRACE", "1")
    view = make_view(engine=LocalEngine())  # PyMuPDF in this process, where the test breaks it

    def broken_render(self: PdfSession, index: int, *args: object, **kwargs: object) -> object:
        raise DocumentError(f"Page {index + 1} of 'x.pdf' cannot be drawn.", "render")

    monkeypatch.setattr(PdfSession, "render", broken_render)
    with qtbot.waitSignal(view.document_failed, timeout=10000) as failed:
        view.open_document(summary_pdf, "black-country")

    assert "cannot be drawn" in failed.args[1]
    qtbot.waitUntil(lambda: has_red_text(view))
    errors = trace_events(capsys.readouterr().err, "document_error")
    assert errors
    assert errors[0]["reason"] == "render"


def has_red_text(view: PdfView) -> bool:
    image = screen(view)
    return any(
        (c := image.pixelColor(x, y)).red() > 200 and c.green() < 80 and c.blue() < 80
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 3)
    )


def test_password_prompt_wrong_then_right(
    qtbot: QtBot,
    view: PdfView,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("LIS_DESKTOP_TRACE", "1")
    locked = make_encrypted_pdf(tmp_path / "locked.pdf", password="s3cret")

    view.open_document(locked, "locked")
    qtbot.waitUntil(lambda: view.panel.password.isVisible(), timeout=10000)
    qtbot.wait(600)  # the prompt stays: no later notice replaces it
    assert view.panel.password.isVisible()
    assert view.panel.title.text() == "Password required"
    assert trace_events(capsys.readouterr().err, "password_requested")

    qtbot.keyClicks(view.panel.password, "wrong")
    qtbot.keyClick(view.panel.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "not right" in view.panel.message.text(), timeout=10000)
    assert view.panel.password.isVisible()
    assert view.panel.password.text() == ""

    with qtbot.waitSignal(view.page_rendered, timeout=10000) as rendered:
        qtbot.keyClicks(view.panel.password, "s3cret")
        qtbot.mouseClick(view.panel.open_button, Qt.MouseButton.LeftButton)
    assert rendered.args[0] == "locked"


def test_password_cancel_leaves_a_clear_message(
    qtbot: QtBot, view: PdfView, tmp_path: Path
) -> None:
    locked = make_encrypted_pdf(tmp_path / "locked.pdf")
    view.open_document(locked, "locked")
    qtbot.waitUntil(lambda: view.panel.password.isVisible(), timeout=10000)

    with qtbot.waitSignal(view.document_failed, timeout=5000):
        qtbot.mouseClick(view.panel.cancel_button, Qt.MouseButton.LeftButton)

    assert "protected by a password" in view.panel.message.text()
    assert not view.panel.password.isVisible()
    assert view.panel.retry_button.isVisible()
    qtbot.mouseClick(view.panel.retry_button, Qt.MouseButton.LeftButton)
    assert view.panel.password.isVisible()
