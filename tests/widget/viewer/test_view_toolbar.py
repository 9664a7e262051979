"""The viewer's toolbar in a narrow pane: commands overflow into the toolbar's extension menu
(Find last of all), and a long notice floats over the pages instead of pushing them out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from lis_desktop.ui.viewer.view import PdfView
from support.viewer import open_and_wait

LONG = "Link not opened: “javascript:” links are not allowed (javascript:alert(1))." * 2


def shown_commands(view: PdfView) -> set[str]:
    bar = view.toolbar
    shown = set()
    for action in bar.actions():
        widget = bar.widgetForAction(action)
        if action.text() and widget is not None and widget.isVisible():
            shown.add(action.text().replace("&", ""))
    return shown


def extension_button_shown(view: PdfView) -> bool:
    buttons = view.toolbar.findChildren(QToolButton, "qt_toolbar_ext_button")
    return any(button.isVisible() for button in buttons)


def test_a_narrow_pane_keeps_zoom_and_find_and_offers_the_rest_in_the_extension_menu(
    qtbot: QtBot, make_view: Callable[..., PdfView], summary_pdf: Path
) -> None:
    view = make_view(width=505, height=700)  # the viewer pane of a 1024x768 window
    open_and_wait(qtbot, view, summary_pdf, "black-country")
    shown = shown_commands(view)
    assert {"Zoom Out", "Zoom In", "Find…"} <= shown
    assert view.toolbar.zoom_box is not None
    assert view.toolbar.zoom_box.isVisible()
    commands = {a.text().replace("&", "") for a in view.toolbar.actions() if a.text()}
    assert shown == commands or extension_button_shown(view)  # the rest: behind the » button

    view.status_message.emit(LONG)
    qtbot.waitUntil(view.notice.isVisible, timeout=5000)
    assert shown_commands(view) == shown  # the notice took nobody's place
    notice = view.notice.geometry()
    assert view.canvas.viewport().rect().contains(notice)  # over the pages, bottom left
    assert notice.bottom() > view.canvas.viewport().height() - 40
    assert view.notice.shown_text() != LONG  # too long for the pane: elided in the middle…
    assert view.notice.shown_text().startswith("Link not opened")
    assert view.notice.shown_text().endswith("alert(1)).")  # …keeping both ends


def test_a_wide_pane_shows_every_command(
    qtbot: QtBot, make_view: Callable[..., PdfView], summary_pdf: Path
) -> None:
    view = make_view(width=1000, height=700)
    open_and_wait(qtbot, view, summary_pdf, "black-country")
    view.status_message.emit("Copied 12 words.")
    commands = {a.text().replace("&", "") for a in view.toolbar.actions() if a.text()}
    assert shown_commands(view) == commands
    assert not extension_button_shown(view)
    assert view.notice.shown_text() == "Copied 12 words."
