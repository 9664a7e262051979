"""Helpers for accessibility tests: what Qt's accessibility tells assistive technology about a
widget (its interface's name, role, states, relations), and a recorder of the accessibility
events the app sends (announcements, focus moves, text changes)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QObject
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QAccessibleInterface,
    QAccessibleTextUpdateEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QLineEdit,
    QWidget,
)

SYMBOLS = set("‹›✕×<>«»+-–—…/\\|▾▸•·")


def interface(obj: QObject) -> QAccessibleInterface:
    iface = QAccessible.queryAccessibleInterface(obj)
    assert iface is not None, f"{obj!r} has no accessible interface"
    return iface


def name_of(obj: QObject) -> str:
    return str(interface(obj).text(QAccessible.Text.Name))


def label_of(widget: QWidget) -> str:
    """What AT-SPI names a widget by on Linux: its "labelled by" relation, else its name."""
    iface = interface(widget)
    for other, relation in iface.relations(QAccessible.RelationFlag.Label):
        if relation & QAccessible.RelationFlag.Label:
            return str(other.text(QAccessible.Text.Name))
    return str(iface.text(QAccessible.Text.Name))


def is_meaningful(name: str) -> bool:
    """A name that says something: not empty, not a lone symbol like ‹ or ✕."""
    stripped = name.strip()
    return bool(stripped) and not all(c in SYMBOLS or c.isspace() for c in stripped)


def interactive_widgets(root: QWidget) -> list[QWidget]:
    """The shown widgets a user can act on: those taking the keyboard focus, buttons (toolbar
    buttons take no focus but a click), fields, lists and trees."""
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QAbstractScrollArea)
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or (widget.isWindow() and widget is not root):
            continue
        takes_focus = widget.focusPolicy() != widget.focusPolicy().NoFocus
        if isinstance(widget, kinds) or takes_focus:
            found.append(widget)
    return found


@dataclass
class Heard:
    kind: QAccessible.Event
    source: object  # the QObject (or interface's object) the event came from
    message: str = ""  # announcements
    text: str = ""  # text updates: the new text


@dataclass
class Events:
    """The accessibility events the app's Python code sent, in order."""

    heard: list[Heard] = field(default_factory=list)

    def announcements(self) -> list[str]:
        return [h.message for h in self.heard if h.kind == QAccessible.Event.Announcement]

    def of(self, kind: QAccessible.Event) -> list[Heard]:
        return [h for h in self.heard if h.kind == kind]

    def clear(self) -> None:
        self.heard.clear()


@pytest.fixture
def accessibility_events(monkeypatch: pytest.MonkeyPatch) -> Events:
    """Records every event sent through QAccessible.updateAccessibility (and still sends it)."""
    events = Events()
    real = QAccessible.updateAccessibility

    def record(event: QAccessibleEvent) -> None:
        heard = Heard(event.type(), event.object())
        if isinstance(event, QAccessibleAnnouncementEvent):
            heard.message = event.message()
        if isinstance(event, QAccessibleTextUpdateEvent):
            heard.text = event.textInserted()
        events.heard.append(heard)
        real(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(record))
    return events
