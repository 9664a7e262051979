"""A rich-text browser (the publication pane) as a document for assistive technology and the
keyboard: `browse(browser)` makes it

- one Tab stop: Tab and Shift+Tab leave it (a QTextBrowser otherwise stops at every link);
- browsed with the arrow keys as in a text browser: Down and Up go to the next and previous
  link on screen (the page scrolls a line when none is), Enter or Space follows it, Page Up,
  Page Down, Home and End scroll;
- a document to a screen reader (its interfaces are in `document_tree`): its text without the
  layout's invisible characters, and its headings (with their level) and links as children with
  those roles, each link focused in turn as the arrow keys reach it (a focus event).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QAccessibleTextUpdateEvent,
    QKeyEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from lis_desktop.ui.accessibility import plain

log = logging.getLogger(__name__)

LinkWords = Callable[[str], str]  # what a link's target is, said after its name


@dataclass(frozen=True)
class Part:
    """A heading or a link of the document: its document positions [start, end) and text."""

    kind: str  # "heading" or "link"
    start: int
    end: int
    text: str
    level: int = 0  # headings: 1 for <h1>
    href: str = ""  # links


def document_parts(doc: QTextDocument) -> list[Part]:
    """The headings and links of `doc` in document order (a link split into several fragments
    by formatting is one link)."""
    parts: list[Part] = []
    block = doc.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if level > 0 and block.text().strip():
            parts.append(
                Part("heading", block.position(), block.position() + block.length() - 1,
                     plain.speakable(block.text())[0], level=level)
            )  # fmt: skip
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            char_format = fragment.charFormat()
            href = char_format.anchorHref() if char_format.isAnchor() else ""
            if href:
                start, end = fragment.position(), fragment.position() + fragment.length()
                last = parts[-1] if parts else None
                if (
                    last is not None
                    and last.kind == "link"
                    and last.href == href
                    and (last.end == start)
                ):
                    text_ = last.text + fragment.text()
                    parts[-1] = Part("link", last.start, end, text_, href=href)
                else:
                    parts.append(Part("link", start, end, fragment.text(), href=href))
            it += 1
        block = block.next()
    return [
        Part(p.kind, p.start, p.end, plain.speakable(p.text)[0].strip(), p.level, p.href)
        for p in parts
    ]


class PartNode(QObject):
    """A heading or link as an object Qt's accessibility can keep an interface for (it drops
    the interface when the node goes, as the document is shown anew)."""

    def __init__(self, owner: BrowsedDocument, part: Part) -> None:
        super().__init__(owner)
        self.owner = owner
        self.part = part


class BrowsedDocument(QObject):
    """The keyboard behaviour and the structure of one browser (see the module docstring)."""

    def __init__(self, browser: QTextBrowser, describe_link: LinkWords | None = None) -> None:
        super().__init__(browser)
        self.setObjectName("browsedDocument")
        self.browser = browser
        self._describe_link = describe_link
        self._nodes: list[PartNode] = []
        self._revision = -1
        self._told_revision = -1  # what assistive technology was last told of
        self._told_text = ""
        self._text = ""
        self._positions: list[int] = []
        self._current: Part | None = None  # the link the arrow keys reached
        self._rebuild_timer = QTimer(self, singleShot=True, interval=0)
        self._rebuild_timer.timeout.connect(self._on_rebuild_timer_timeout)
        browser.setTabChangesFocus(True)
        browser.installEventFilter(self)
        browser.document().contentsChanged.connect(self._rebuild_timer.start)
        self.refresh()
        self._told_revision, self._told_text = self._revision, self._text

    # -- what is in the document -------------------------------------------------------------
    def refresh(self) -> bool:
        """Read the document again if it changed; True when it did."""
        doc = self.browser.document()
        if doc.revision() == self._revision:
            return False
        self._revision = doc.revision()
        self._text, self._positions = plain.speakable(doc.toRawText())
        self._nodes = self._renewed(document_parts(doc))
        self._current = self._same_link(self._current)
        return True

    def _renewed(self, parts: list[Part]) -> list[PartNode]:
        """Nodes for `parts`: the old node of a heading or link that is still there (it only
        moved) is kept, so that assistive technology keeps its object; the others go."""
        old: dict[tuple[str, str, str], list[PartNode]] = {}
        for node in self._nodes:
            old.setdefault((node.part.kind, node.part.text, node.part.href), []).append(node)
        nodes = []
        for part in parts:
            same = old.get((part.kind, part.text, part.href))
            node = same.pop(0) if same else PartNode(self, part)
            node.part = part
            nodes.append(node)
        for gone in (node for left in old.values() for node in left):
            gone.setParent(None)
            gone.deleteLater()
        return nodes

    def speakable_text(self) -> str:
        self.refresh()
        return self._text

    def nodes(self) -> list[PartNode]:
        self.refresh()
        return list(self._nodes)

    def links(self) -> list[Part]:
        return [node.part for node in self.nodes() if node.part.kind == "link"]

    def headings(self) -> list[Part]:
        return [node.part for node in self.nodes() if node.part.kind == "heading"]

    def current_link(self) -> Part | None:
        return self._current

    def node_for(self, part: Part | None) -> PartNode | None:
        return next((n for n in self.nodes() if n.part == part), None)

    def link_description(self, part: Part) -> str:
        return self._describe_link(part.href) if self._describe_link is not None else part.href

    def _same_link(self, part: Part | None) -> Part | None:
        """The link of the new document standing where `part` stood in the old one."""
        if part is None:
            return None
        links = [n.part for n in self._nodes if n.part.kind == "link"]
        return next((p for p in links if p.href == part.href and p.text == part.text), None)

    def _on_rebuild_timer_timeout(self) -> None:
        """The document was shown anew: keep the link reached, tell assistive technology."""
        self.refresh()
        if self._revision == self._told_revision:
            return
        if self._current is not None:
            self._select(self._current, announce=False)
        old, self._told_text, self._told_revision = self._told_text, self._text, self._revision
        browser = self.browser
        QAccessible.updateAccessibility(QAccessibleEvent(browser, QAccessible.Event.ObjectReorder))
        QAccessible.updateAccessibility(QAccessibleTextUpdateEvent(browser, 0, old, self._text))

    # -- positions ---------------------------------------------------------------------------
    def document_position(self, offset: int) -> int:
        self.refresh()
        if not self._positions:
            return 0
        return self._positions[max(0, min(offset, len(self._positions) - 1))]

    def text_offset(self, position: int) -> int:
        self.refresh()
        return plain.text_offset(self._positions, position)

    def viewport_rect(self, start: int, end: int) -> QRect:
        """Where document positions [start, end) are, in viewport coordinates (their first
        line)."""
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(start)
        first = self.browser.cursorRect(cursor)
        cursor.setPosition(max(start, end))
        last = self.browser.cursorRect(cursor)
        right = last.right() if last.top() == first.top() else self.browser.viewport().width()
        return QRect(first.left(), first.top(), max(1, right - first.left()), first.height())

    def global_rect(self, start: int, end: int) -> QRect:
        rect = self.viewport_rect(start, end)
        return QRect(self.browser.viewport().mapToGlobal(rect.topLeft()), rect.size())

    def is_shown(self, part: Part) -> bool:
        return self.browser.viewport().rect().intersects(self.viewport_rect(part.start, part.end))

    # -- the keyboard ------------------------------------------------------------------------
    def step(self, direction: int) -> Part | None:
        """Down (1) or Up (-1): the next link on screen that way, else scroll a line."""
        links = self.links()
        viewport = self.browser.viewport().rect()
        current = self._current if self._current in links and self.is_shown(self._current) else None

        def ahead(part: Part) -> bool:
            if current is not None:
                return part.start > current.start if direction > 0 else part.start < current.start
            rect = self.viewport_rect(part.start, part.end)
            return (
                rect.top() >= viewport.top()
                if direction > 0
                else rect.bottom() <= viewport.bottom()
            )

        candidates = [p for p in links if ahead(p)]
        target = (candidates[0] if direction > 0 else candidates[-1]) if candidates else None
        if target is not None and self.is_shown(target):
            self._select(target)
            return target
        bar = self.browser.verticalScrollBar()
        bar.setValue(bar.value() + direction * bar.singleStep())
        if target is not None and self.is_shown(target):
            self._select(target)
            return target
        return None

    def _select(self, part: Part, *, announce: bool = True) -> None:
        self._current = part
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(part.start)
        cursor.setPosition(part.end, QTextCursor.MoveMode.KeepAnchor)
        self.browser.setTextCursor(cursor)
        self.browser.ensureCursorVisible()
        node = self.node_for(part)
        if announce and node is not None and self.browser.hasFocus():
            QAccessible.updateAccessibility(QAccessibleEvent(node, QAccessible.Event.Focus))

    def follow(self, part: Part | None = None) -> bool:
        """Follow `part` (the current link by default), as a click on it would."""
        part = part or self._current
        if part is None or part.kind != "link":
            return False
        self.browser.anchorClicked.emit(QUrl(part.href))
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.browser or event.type() != QEvent.Type.KeyPress:
            return False
        if not isinstance(event, QKeyEvent):
            return False
        key, mods = event.key(), event.modifiers()
        if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            forward = key == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ShiftModifier
            return bool(QWidget.focusNextPrevChild(self.browser, forward))
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.step(1 if key == Qt.Key.Key_Down else -1)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self._current:
            return self.follow()
        return False


# -- accessible interfaces ---------------------------------------------------------------------
def browsed(browser: QWidget) -> BrowsedDocument | None:
    found = browser.findChild(BrowsedDocument, "browsedDocument")
    return found if isinstance(found, BrowsedDocument) else None


def browse(browser: QTextBrowser, describe_link: LinkWords | None = None) -> BrowsedDocument:
    """Make `browser` browsable as the module docstring says; `describe_link` says what a
    link's target is (its address by default). What a screen reader reads of it comes from
    `document_tree`, which the browser's owner registers (see `document_tree.interface`)."""
    return BrowsedDocument(browser, describe_link)
