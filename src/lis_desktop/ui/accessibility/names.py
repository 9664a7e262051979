"""Names for what Qt leaves unnamed, names by a symbol or by its value: a toolbar's overflow
button; toolbar buttons' tooltips that give the shortcut (toolbar buttons take no keyboard
focus: each command is in a menu, where its shortcut shows, and the tooltip says it too); and
combo boxes, which Qt names by their current value on Linux (AT-SPI takes a combo box's label
from a "labelled by" relation: `name_combo` gives it a hidden label)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QActionEvent, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QToolBar, QToolButton

OVERFLOW_BUTTON = "qt_toolbar_ext_button"  # Qt's name for a toolbar's "»" button


def plain_text(action: QAction) -> str:
    """The action's text without its mnemonic ampersand and trailing ellipsis."""
    text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip("…").strip()


def with_shortcut(action: QAction) -> str:
    """ "Zoom In (Ctrl++)": the action's text and its first shortcut."""
    base = plain_text(action)
    shortcut = action.shortcut()
    if shortcut.isEmpty():
        return base
    return f"{base} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})"


def shortcut_tooltip(action: QAction) -> None:
    """Give `action` a tooltip naming its shortcut, unless it has a tooltip of its own."""
    if action.isSeparator() or not action.text():
        return
    if action.toolTip() in (plain_text(action), action.text(), action.iconText()):
        action.setToolTip(with_shortcut(action))


class _ToolbarNames(QObject):
    """Gives the actions added to a toolbar later their tooltips too."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ActionAdded and isinstance(event, QActionEvent):
            action = event.action()
            if action is not None:
                shortcut_tooltip(action)
        return False


def name_combo(combo: QComboBox, name: str, description: str = "") -> QLabel:
    """Name `combo` (once it is in its parent): its accessible name (Windows, macOS) and a hidden
    label that is its buddy (Linux); an editable one's text field is named too."""
    combo.setAccessibleName(name)
    if description:
        combo.setAccessibleDescription(description)
    editor = combo.lineEdit()
    if editor is not None:
        editor.setAccessibleName(name)
        editor.setAccessibleDescription(description)
    parent = combo.parentWidget()
    assert parent is not None, "name_combo needs the combo box in its parent"
    label = QLabel(name, parent)
    label.setObjectName(f"{combo.objectName() or 'combo'}Label")
    label.setBuddy(combo)
    label.hide()
    return label


def name_toolbar(toolbar: QToolBar, name: str, more: str) -> None:
    """Name `toolbar` and its overflow button (`more`: "More viewer commands"), and give its
    buttons tooltips with their shortcuts (now, and for actions added later)."""
    toolbar.setAccessibleName(name)
    overflow = toolbar.findChild(QToolButton, OVERFLOW_BUTTON)
    if overflow is not None:
        overflow.setAccessibleName(more)
        overflow.setToolTip(more)
    for action in toolbar.actions():
        shortcut_tooltip(action)
    toolbar.installEventFilter(_ToolbarNames(toolbar))
