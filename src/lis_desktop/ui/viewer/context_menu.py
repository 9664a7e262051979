"""The context menu on the viewer's pages, made of the viewer's own actions (`actions`) plus
"Copy Link Address" when the pointer is on a web or mail link (the notes' entries show when a
feature has made them visible)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu, QWidget

from lis_desktop.pdf.document import LinkInfo

ENTRIES = (
    "copy", "copy_link", "select_all", None,
    "highlight", "highlight_note", "edit_note", "remove_highlight", None,
    "zoom_in", "zoom_out", "fit_width", "fit_page", None,
    "rotate_left", "rotate_right", None, "night_mode",
)  # fmt: skip


def build(parent: QWidget, actions: Mapping[str, QAction], link: LinkInfo | None) -> QMenu:
    """The menu for a right-click on the pages, where the pointer is on `link` (or none)."""
    menu = QMenu(parent)
    menu.setObjectName("viewer_context_menu")
    for name in ENTRIES:
        if name is None:
            menu.addSeparator()
        elif name != "copy_link":
            if actions[name].isVisible():  # hidden: a feature's entry, not on offer here
                menu.addAction(actions[name])
        elif link is not None and link.uri and not link.uri.startswith("unsupported:"):
            _add_copy_link(menu, link.uri)
    return menu


def _add_copy_link(menu: QMenu, uri: str) -> None:
    action = menu.addAction("Copy &Link Address")
    action.setObjectName("viewer_copy_link")
    action.triggered.connect(lambda: QGuiApplication.clipboard().setText(uri))


def show(
    parent: QWidget, actions: Mapping[str, QAction], link: LinkInfo | None, global_pos: QPoint
) -> QMenu:
    """Pop the menu up at `global_pos` (it deletes itself once closed)."""
    menu = build(parent, actions, link)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    menu.popup(global_pos)
    return menu
