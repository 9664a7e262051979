"""The viewer's commands as QActions with standard shortcuts, for the View menu and toolbar."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from lis_desktop.ui.viewer.view import PdfView

Key = QKeySequence.StandardKey
WINDOW = Qt.ShortcutContext.WindowShortcut
LOCAL = Qt.ShortcutContext.WidgetWithChildrenShortcut


class ViewerActions:
    """Creates the actions on `owner` (so their shortcuts work) and keeps them by name."""

    def __init__(self, owner: QWidget) -> None:
        self._owner = owner
        self.by_name: dict[str, QAction] = {}

    def add(
        self,
        name: str,
        text: str,
        slot: Callable[[], object],
        shortcuts: list[QKeySequence] | None = None,
        *,
        icon: str = "",
        context: Qt.ShortcutContext = WINDOW,
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self._owner)
        action.setObjectName(f"viewer_{name}")
        if icon:
            action.setIcon(QIcon.fromTheme(icon))
        if shortcuts:
            action.setShortcuts(shortcuts)
        action.setShortcutContext(context)
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(lambda _checked: slot())
        else:
            action.triggered.connect(lambda _checked=False: slot())
        self._owner.addAction(action)
        self.by_name[name] = action
        return action

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]

    def listed(self, names: tuple[str | None, ...]) -> list[QAction | None]:
        return [self.by_name[name] if name else None for name in names]


MENU = (
    "zoom_in", "zoom_out", "actual_size", "fit_page", "fit_width", None,
    "rotate_left", "rotate_right", None, "go_to_page", "find", "find_next", "find_previous",
    None, "copy", "select_all", None, "night_mode", "thumbnails", None, "print",
)  # fmt: skip


def keys(*items: Key | str) -> list[QKeySequence]:
    """Shortcut lists from standard keys and portable strings, without duplicates."""
    result: list[QKeySequence] = []
    for item in items:
        sequences = (
            QKeySequence.keyBindings(item) if isinstance(item, Key) else [QKeySequence(item)]
        )
        for sequence in sequences:
            if not sequence.isEmpty() and sequence not in result:
                result.append(sequence)
    return result


def build(view: PdfView) -> ViewerActions:
    """All viewer actions, connected to `view`, in the order the View menu lists them."""
    a = ViewerActions(view)
    a.add("zoom_in", "Zoom &In", view.zoom_in, keys(Key.ZoomIn, "Ctrl+=", "Ctrl++"),
          icon="zoom-in")  # fmt: skip
    a.add("zoom_out", "Zoom &Out", view.zoom_out, keys(Key.ZoomOut, "Ctrl+-"), icon="zoom-out")
    a.add("actual_size", "&Actual Size", view.actual_size, keys("Ctrl+0"), icon="zoom-original")
    a.add("fit_page", "Fit &Page", view.fit_page, keys("Ctrl+1"), icon="zoom-fit-best")
    a.add("fit_width", "Fit &Width", view.fit_width, keys("Ctrl+2"), icon="zoom-fit-width")
    a.add("rotate_left", "Rotate &Left", lambda: view.rotate(-90), keys("Ctrl+["),
          icon="object-rotate-left")  # fmt: skip
    a.add("rotate_right", "Rotate &Right", lambda: view.rotate(90), keys("Ctrl+]"),
          icon="object-rotate-right")  # fmt: skip
    a.add("go_to_page", "&Go to Page…", view.ask_page, keys("Ctrl+G"), icon="go-jump")
    build_more(view, a)
    return a


def build_more(view: PdfView, a: ViewerActions) -> None:
    a.add("find", "&Find…", view.open_find, keys(Key.Find), icon="edit-find")
    a.add("find_next", "Find &Next", view.find_next, keys("F3"), icon="go-down")
    a.add("find_previous", "Find Pre&vious", view.find_previous, keys("Shift+F3"), icon="go-up")
    a.add("copy", "&Copy", view.copy, keys(Key.Copy), icon="edit-copy", context=LOCAL)
    a.add("select_all", "Select &All", view.select_all, keys(Key.SelectAll),
          icon="edit-select-all", context=LOCAL)  # fmt: skip
    a.add("night_mode", "&Night Mode", lambda: view.set_night_mode(a["night_mode"].isChecked()),
          icon="weather-clear-night", checkable=True)  # fmt: skip
    a.add("thumbnails", "&Thumbnails",
          lambda: view.set_thumbnails_visible(a["thumbnails"].isChecked()),
          keys("F7"), icon="view-preview", checkable=True)  # fmt: skip
    a.add("print", "&Print…", view.print_document, keys(Key.Print), icon="document-print")
