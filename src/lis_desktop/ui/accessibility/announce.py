"""Announcements: status changes said to a screen reader as they happen (Qt's announcement
event; AT-SPI's `object:announcement`, which Orca speaks), not only painted.

`announce` says one message now. `Throttle` says a stream of progress messages at a bearable
pace (the first, then one every few seconds, and the last). `StatusAnnouncer` says what the
status bar shows: the window's messages about syncs, imports, exports, errors and the like."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from PySide6 import QtGui
from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QStatusBar, QWidget

PROGRESS_INTERVAL = 5.0  # seconds between two announcements of the same progress
ANNOUNCEMENT = getattr(QtGui, "QAccessibleAnnouncementEvent", None)  # Qt 6.8 and later


def announce(source: QObject, message: str, *, assertive: bool = False) -> None:
    """Say `message` (from the widget `source`); assertive interrupts what is being said."""
    message = message.strip()
    if not message:
        return
    if ANNOUNCEMENT is None:  # Qt before 6.8: an alert from `source`, described by the message
        if isinstance(source, QWidget):
            source.setAccessibleDescription(message)
        QAccessible.updateAccessibility(QAccessibleEvent(source, QAccessible.Event.Alert))
        return
    event = ANNOUNCEMENT(source, message)
    politeness = QAccessible.AnnouncementPoliteness
    event.setPoliteness(politeness.Assertive if assertive else politeness.Polite)
    QAccessible.updateAccessibility(event)


def topic(message: str) -> str:
    """What a message is about: its words before the first number ("Indexing summaries for
    search: 3 of 41…" and "… 4 of 41…" are one topic)."""
    return re.split(r"\d", message, maxsplit=1)[0].strip()


class Throttle:
    """Says messages of one topic at most every `interval` seconds; another topic, or a message
    marked `final`, is said at once."""

    def __init__(
        self,
        source: QObject,
        interval: float = PROGRESS_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._source = source
        self._interval = interval
        self._clock = clock
        self._topic: str | None = None
        self._said_at = 0.0

    def say(self, message: str, *, final: bool = False, assertive: bool = False) -> bool:
        """Announce `message` unless one of its topic was said less than `interval` ago; True
        when it was said."""
        now, about = self._clock(), topic(message)
        if not final and about == self._topic and now - self._said_at < self._interval:
            return False
        self._topic, self._said_at = (None if final else about), now
        announce(self._source, message, assertive=assertive)
        return True


class StatusAnnouncer(QObject):
    """Announces each message the status bar shows (progress messages throttled); a message
    shown with `show_quietly` (a hovered link's target) is not said."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self._bar = bar
        self._throttle = Throttle(bar)
        self._quiet: str | None = None
        bar.messageChanged.connect(self._on_bar_message_changed)

    def show_quietly(self, message: str, timeout: int = 0) -> None:
        self._quiet = message
        self._bar.showMessage(message, timeout)

    def _on_bar_message_changed(self, message: str) -> None:
        quiet, self._quiet = self._quiet, None
        if message and message != quiet:
            self._throttle.say(message)
