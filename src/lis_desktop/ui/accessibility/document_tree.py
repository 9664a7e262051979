"""What a screen reader reads of a browsed document (`document.BrowsedDocument`): the browser
is a document whose text is its speakable text and whose children are its headings (with their
level) and links (which a screen reader can follow: their press action).

Loaded when assistive technology first asks (these interface classes cost start-up time): the
browser's owner registers `interface` for its class and for `PartNode` with `text.register`.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QPoint, QRect
from PySide6.QtGui import (
    QAccessible,
    QAccessibleActionInterface,
    QAccessibleAttributesInterface,
    QAccessibleInterface,
    QAccessibleObject,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from lis_desktop.ui.accessibility import text
from lis_desktop.ui.accessibility.document import BrowsedDocument, PartNode, browsed


def interface(obj: QObject) -> QAccessibleInterface | None:
    """The interface of a browsed document's browser, or of one of its headings and links."""
    if isinstance(obj, PartNode):
        return LinkAccessible(obj) if obj.part.kind == "link" else HeadingAccessible(obj)
    if isinstance(obj, QTextBrowser):  # its parts once it is browsed (an ObjectReorder says so)
        return DocumentAccessible(obj)  # also when asked while it is being made
    return None


class DocumentAccessible(text.TextAccessible):
    """The browser: a document whose text is what is read, whose children are its parts."""

    def __init__(self, browser: QWidget) -> None:
        super().__init__(browser, QAccessible.Role.Document)

    def _doc(self) -> BrowsedDocument | None:
        return browsed(self.widget())

    def plain_text(self) -> str:
        doc = self._doc()
        return doc.speakable_text() if doc is not None else ""

    def _nodes(self) -> list[PartNode]:
        doc = self._doc()
        return doc.nodes() if doc is not None else []

    def childCount(self) -> int:
        return len(self._nodes())

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        nodes = self._nodes()
        return (
            QAccessible.queryAccessibleInterface(nodes[index]) if 0 <= index < len(nodes) else None
        )

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        target = child.object() if child is not None else None
        return next((i for i, node in enumerate(self._nodes()) if node is target), -1)

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:  # type: ignore[override]
        doc = self._doc()
        for node in self._nodes():
            if doc is not None and doc.global_rect(node.part.start, node.part.end).contains(x, y):
                return QAccessible.queryAccessibleInterface(node)
        return None

    def focusChild(self) -> QAccessibleInterface | None:  # type: ignore[override]
        doc = self._doc()
        node = doc.node_for(doc.current_link()) if doc is not None else None
        if node is None or not self.widget().hasFocus():
            return None
        return QAccessible.queryAccessibleInterface(node)

    def character_rect(self, offset: int) -> QRect:
        doc = self._doc()
        if doc is None or not 0 <= offset < self.characterCount():
            return QRect()
        position = doc.document_position(offset)
        return doc.global_rect(position, position + 1)

    def offset_at(self, point: QPoint) -> int:
        doc = self._doc()
        if doc is None:
            return -1
        browser = doc.browser
        cursor = browser.cursorForPosition(browser.viewport().mapFromGlobal(point))
        return doc.text_offset(cursor.position())

    def show_range(self, start: int, end: int) -> None:
        doc = self._doc()
        if doc is None:
            return
        rect = doc.viewport_rect(doc.document_position(start), doc.document_position(end))
        if not doc.browser.viewport().rect().contains(rect):
            bar = doc.browser.verticalScrollBar()
            bar.setValue(bar.value() + rect.center().y() - doc.browser.viewport().height() // 2)


class _PartAccessible(QAccessibleObject):
    """A heading or a link: its role, its text as its name, where it is."""

    def __init__(self, node: PartNode) -> None:
        QAccessibleObject.__init__(self, node)
        self._node = node

    def _alive(self) -> bool:
        return shiboken6.isValid(self._node) and shiboken6.isValid(self._node.owner.browser)

    def parent(self) -> QAccessibleInterface | None:  # type: ignore[override]
        if not self._alive():
            return None
        return QAccessible.queryAccessibleInterface(self._node.owner.browser)

    def childCount(self) -> int:
        return 0

    def child(self, _index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        return None

    def indexOfChild(self, _child: QAccessibleInterface) -> int:
        return -1

    def role(self) -> QAccessible.Role:
        return (
            QAccessible.Role.Heading if self._node.part.kind == "heading" else QAccessible.Role.Link
        )

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            return self._node.part.text
        if (
            kind == QAccessible.Text.Description
            and self._node.part.kind == "link"
            and self._alive()
        ):
            return self._node.owner.link_description(self._node.part)
        return ""

    def rect(self) -> QRect:
        if not self._alive():
            return QRect()
        return self._node.owner.global_rect(self._node.part.start, self._node.part.end)

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        if not self._alive():
            state.invalid = True
            return state
        doc = self._node.owner
        if not doc.is_shown(self._node.part):
            state.offscreen = True
        if self._node.part.kind == "link":
            state.focusable = True
            state.linked = True
            state.focused = doc.current_link() == self._node.part and doc.browser.hasFocus()
        return state


class LinkAccessible(_PartAccessible, QAccessibleActionInterface):
    """A link, which a screen reader can follow (its press action)."""

    def __init__(self, node: PartNode) -> None:
        _PartAccessible.__init__(self, node)
        QAccessibleActionInterface.__init__(self)

    def interface_cast(self, kind: QAccessible.InterfaceType) -> shiboken6.VoidPtr:  # type: ignore[override]
        if kind == QAccessible.InterfaceType.ActionInterface:
            return text.interface_pointer(self, True)
        return shiboken6.VoidPtr(0)

    def actionNames(self) -> list[str]:
        return [QAccessibleActionInterface.pressAction()]

    def doAction(self, name: str) -> None:
        if name == QAccessibleActionInterface.pressAction() and self._alive():
            self._node.owner.follow(self._node.part)

    def keyBindingsForAction(self, name: str) -> list[str]:
        return ["Return"] if name == QAccessibleActionInterface.pressAction() else []


class HeadingAccessible(_PartAccessible, QAccessibleAttributesInterface):
    """A heading, with its level (1 for the title)."""

    def __init__(self, node: PartNode) -> None:
        _PartAccessible.__init__(self, node)
        QAccessibleAttributesInterface.__init__(self)

    def interface_cast(self, kind: QAccessible.InterfaceType) -> shiboken6.VoidPtr:  # type: ignore[override]
        if kind == QAccessible.InterfaceType.AttributesInterface:
            return text.interface_pointer(self, True)
        return shiboken6.VoidPtr(0)

    def attributeKeys(self) -> list[QAccessible.Attribute]:
        return [QAccessible.Attribute.Level]

    def attributeValue(self, key: QAccessible.Attribute) -> object:
        return self._node.part.level if key == QAccessible.Attribute.Level else None
