"""The viewer's commands: a table of specs (text, standard shortcuts, icon) made into QActions.

The view connects each action to its own method (`PdfView._connect`); the View menu, the
viewer's toolbar and the context menu list them by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QWidget

Key = QKeySequence.StandardKey
WINDOW = Qt.ShortcutContext.WindowShortcut
LOCAL = Qt.ShortcutContext.WidgetWithChildrenShortcut


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str
    shortcuts: tuple[Key | str, ...] = ()
    icon: str = ""
    context: Qt.ShortcutContext = WINDOW
    checkable: bool = False
    hidden: bool = False  # shown by a feature that takes it on (e.g. notes' highlights)


# In the order the View menu lists them.
SPECS = (
    ActionSpec("zoom_in", "Zoom &In", (Key.ZoomIn, "Ctrl+=", "Ctrl++"), "zoom-in"),
    ActionSpec("zoom_out", "Zoom &Out", (Key.ZoomOut, "Ctrl+-"), "zoom-out"),
    ActionSpec("actual_size", "&Actual Size", ("Ctrl+0",), "zoom-original"),
    ActionSpec("fit_page", "Fit &Page", ("Ctrl+1",), "zoom-fit-best"),
    ActionSpec("fit_width", "Fit &Width", ("Ctrl+2",), "zoom-fit-width"),
    ActionSpec("rotate_left", "Rotate &Left", ("Ctrl+[",), "object-rotate-left"),
    ActionSpec("rotate_right", "Rotate &Right", ("Ctrl+]",), "object-rotate-right"),
    ActionSpec("go_to_page", "&Go to Page…", ("Ctrl+G",), "go-jump"),
    ActionSpec("find", "&Find…", (Key.Find,), "edit-find"),
    ActionSpec("find_next", "Find &Next", ("F3",), "go-down"),
    ActionSpec("find_previous", "Find Pre&vious", ("Shift+F3",), "go-up"),
    ActionSpec("copy", "&Copy", (Key.Copy,), "edit-copy", LOCAL),
    ActionSpec("select_all", "Select &All", (Key.SelectAll,), "edit-select-all", LOCAL),
    ActionSpec("night_mode", "&Night Mode", (), "weather-clear-night", checkable=True),
    ActionSpec("thumbnails", "&Thumbnails", ("F7",), "view-preview", checkable=True),
    ActionSpec("print", "&Print…", (Key.Print,), "document-print"),
    # Notes: ui/notes/highlights.py connects these and shows them.
    ActionSpec("highlight", "&Highlight", ("Ctrl+H",), "format-text-highlight", LOCAL, hidden=True),
    ActionSpec(
        "highlight_note",
        "Highlight with &Note…",
        ("Ctrl+Shift+H",),
        "document-edit",
        LOCAL,
        hidden=True,
    ),
    ActionSpec("edit_note", "&Edit Note…", (), "document-properties", hidden=True),
    ActionSpec("remove_highlight", "&Remove Highlight", (), "edit-delete", hidden=True),
)
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


class ViewerActions:
    """The actions of `SPECS`, made on `owner` (so that their shortcuts work), by name."""

    def __init__(self, owner: QWidget) -> None:
        self.by_name: dict[str, QAction] = {}
        for spec in SPECS:
            self.by_name[spec.name] = _action(owner, spec)

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]

    def listed(self, names: tuple[str | None, ...]) -> list[QAction | None]:
        """The actions of `names` in order, None marking a separator."""
        return [self.by_name[name] if name else None for name in names]

    def set_window_wide(self, on: bool) -> None:
        """Shortcuts that work anywhere in the window (as specified), or (False) only with the
        focus in the owner: two views in one window must not both answer Ctrl++."""
        for spec in SPECS:
            self.by_name[spec.name].setShortcutContext(spec.context if on else LOCAL)

    def set_checked(self, name: str, checked: bool) -> None:
        """Show a checkable action's state without triggering it."""
        action = self.by_name[name]
        blocked = action.blockSignals(True)
        action.setChecked(checked)
        action.blockSignals(blocked)


def _action(owner: QWidget, spec: ActionSpec) -> QAction:
    action = QAction(spec.text, owner)
    action.setObjectName(f"viewer_{spec.name}")
    if spec.icon:
        action.setIcon(QIcon.fromTheme(spec.icon))
    if spec.shortcuts:
        action.setShortcuts(keys(*spec.shortcuts))
    action.setShortcutContext(spec.context)
    action.setCheckable(spec.checkable)
    action.setVisible(not spec.hidden)
    action.setEnabled(not spec.hidden)
    owner.addAction(action)
    return action
