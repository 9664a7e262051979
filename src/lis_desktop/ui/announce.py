"""Telling screen readers what just happened (a note saved, the comparison unlocked)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleEvent


def announce(widget: QObject, text: str) -> None:
    """Tell screen readers `text` (an announcement where Qt has them, 6.8 and later; else an
    alert from `widget`, whose accessible description carries the text)."""
    from PySide6 import QtGui

    event_type = getattr(QtGui, "QAccessibleAnnouncementEvent", None)
    if event_type is not None:
        QAccessible.updateAccessibility(event_type(widget, text))
        return
    if hasattr(widget, "setAccessibleDescription"):
        widget.setAccessibleDescription(text)
    QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.Alert))
