"""The context menu on the viewer's pages, made of the viewer's own actions (`viewer_actions`) plus
"Copy Link Address" when the pointer is on a web or mail link."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from lis_desktop.ui.viewer.view import PdfView

ENTRIES = (
    "copy", "copy_link", "select_all", None, "zoom_in", "zoom_out", "fit_width", "fit_page", None,
    "rotate_left", "rotate_right", None, "night_mode",
)  # fmt: skip


def build(view: PdfView, pos: QPointF) -> QMenu:
    """The menu for a right-click at viewport position `pos`."""
    menu = QMenu(view)
    menu.setObjectName("viewer_context_menu")
    link = view.canvas.link_at(pos)
    for name in ENTRIES:
        if name is None:
            menu.addSeparator()
        elif name != "copy_link":
            menu.addAction(view.commands[name])
        elif link is not None and link.uri and not link.uri.startswith("unsupported:"):
            _add_copy_link(menu, link.uri)
    return menu


def _add_copy_link(menu: QMenu, uri: str) -> None:
    action = menu.addAction("Copy &Link Address")
    action.setObjectName("viewer_copy_link")
    action.triggered.connect(lambda: QGuiApplication.clipboard().setText(uri))


def show(view: PdfView, pos: QPointF, global_pos: QPoint) -> QMenu:
    """Pop the menu up at `global_pos` (it deletes itself once closed)."""
    menu = build(view, pos)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    menu.popup(global_pos)
    return menu
