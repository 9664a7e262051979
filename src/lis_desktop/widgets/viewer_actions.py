"""The viewer's commands as QActions with standard shortcuts, for the View menu and toolbar."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from lis_desktop.widgets.pdf_view import PdfView

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
    return a
