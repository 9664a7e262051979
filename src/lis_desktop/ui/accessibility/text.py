"""Accessible interfaces written in Python, for widgets whose text Qt cannot see by itself: the
pages (painted images; their words come from the PDF) and the publication's headings and links.

Qt asks its factories for an object's interface the first time assistive technology (or a test)
wants it; `register(cls, make)` makes `make(obj)` the interface of every `cls` object. Qt keeps
the interface until the object is destroyed. `TextAccessible` is a widget interface with a text
interface (Qt's QAccessibleTextInterface): a screen reader reads it by character, word and line.

WORKAROUND (PySide6 6.11): an interface written in Python hands Qt its other interfaces through
`interface_cast`, which returns a C++ pointer: it must be a `shiboken6.VoidPtr` (a plain int, even
0, crashes the process), and a Python object deriving from two Qt interfaces is two C++ objects,
the text interface being the second of `shiboken6.getCppPointer(self)`. PySide6 does not bind
`QAccessibleTextInterface.selection()` and `attributes()` (their out-parameters), so the
interfaces here report no text selection and no text attributes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QPoint, QRect
from PySide6.QtGui import QAccessible, QAccessibleInterface, QAccessibleTextInterface
from PySide6.QtWidgets import QAccessibleWidget, QWidget

log = logging.getLogger(__name__)

Maker = Callable[[QObject], QAccessibleInterface | None]

# Qt's list of accessibility factories is the process's: one factory of ours serves every class
# registered, from any window.
_makers: dict[type, Maker] = {}


def register(cls: type[QObject], make: Maker) -> None:
    """`make(obj)` becomes the accessible interface of each `cls` object (subclasses too)."""
    if not _makers:
        QAccessible.installFactory(_factory)
    _makers.setdefault(cls, make)


def _factory(_key: str, obj: QObject | None) -> QAccessibleInterface | None:
    if obj is None:
        return None
    for klass in type(obj).__mro__:
        make = _makers.get(klass)
        if make is not None:
            return make(obj)
    return None


def interface_pointer(iface: shiboken6.Object, second: bool) -> shiboken6.VoidPtr:
    """The C++ pointer Qt expects from `interface_cast` (see the WORKAROUND above): the
    object's second C++ base (an extra interface such as the text interface) when `second`."""
    pointers = shiboken6.getCppPointer(iface)
    return shiboken6.VoidPtr(pointers[1] if second else pointers[0])


class TextAccessible(QAccessibleWidget, QAccessibleTextInterface):
    """A widget's interface with read-only text: subclasses give `plain_text()` and, to let a
    screen reader (or a magnifier) follow the reading on screen, `character_rect()`,
    `offset_at()` and `show_range()`."""

    def __init__(self, widget: QWidget, role: QAccessible.Role) -> None:
        QAccessibleWidget.__init__(self, widget, role)
        QAccessibleTextInterface.__init__(self)
        self._caret = 0

    # -- for subclasses ----------------------------------------------------------------------
    def plain_text(self) -> str:
        raise NotImplementedError

    def character_rect(self, offset: int) -> QRect:
        """Where character `offset` is, in screen coordinates (empty: not shown)."""
        return QRect()

    def offset_at(self, point: QPoint) -> int:
        """The character at screen point `point`, -1 for none."""
        return -1

    def show_range(self, start: int, end: int) -> None:
        """Scroll characters [start, end) into view."""

    def describe(self, kind: QAccessible.Text) -> str:
        """The name, description, etc. (Qt's by default: the widget's accessible name...)."""
        return str(QAccessibleWidget.text(self, kind))

    # -- QAccessibleInterface ----------------------------------------------------------------
    def interface_cast(self, kind: QAccessible.InterfaceType) -> shiboken6.VoidPtr:  # type: ignore[override]
        if kind == QAccessible.InterfaceType.TextInterface:
            return interface_pointer(self, True)
        return shiboken6.VoidPtr(QAccessibleWidget.interface_cast(self, kind))

    def state(self) -> QAccessible.State:
        state = QAccessibleWidget.state(self)
        state.readOnly = True
        state.multiLine = True
        state.selectableText = True
        return state

    # -- QAccessibleTextInterface (text(start, end) shares its name with text(kind)) ---------
    def text(self, *args: object) -> str:
        if len(args) == 1:
            kind = args[0]
            assert isinstance(kind, QAccessible.Text)
            return self.describe(kind)
        start, end = int(args[0]), int(args[1])  # type: ignore[call-overload]
        return self.plain_text()[max(0, start) : end]

    def characterCount(self) -> int:
        return len(self.plain_text())

    def cursorPosition(self) -> int:
        return min(self._caret, self.characterCount())

    def setCursorPosition(self, position: int) -> None:
        self._caret = max(0, min(position, self.characterCount()))
        self.show_range(self._caret, self._caret + 1)

    def selectionCount(self) -> int:
        return 0  # selection() is not bound by PySide6: none is reported

    def addSelection(self, _start: int, _end: int) -> None:
        pass

    def removeSelection(self, _index: int) -> None:
        pass

    def setSelection(self, _index: int, _start: int, _end: int) -> None:
        pass

    def characterRect(self, offset: int) -> QRect:
        return self.character_rect(offset)

    def offsetAtPoint(self, point: QPoint) -> int:
        return self.offset_at(point)

    def scrollToSubstring(self, start: int, end: int) -> None:
        self.show_range(start, end)

    def reset_caret(self) -> None:
        """The text was replaced: reading starts again at its beginning."""
        self._caret = 0
