"""Whether the viewer shows pages in night mode: a module of its own, light enough for the
window's first look (ui/first_look.py) to ask before the viewer is even imported."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from lis_desktop.settings import NIGHT_MODE, Settings


def night_wanted(settings: Settings) -> bool:
    """Night mode as the user set it, or following the OS dark theme when left on automatic."""
    chosen = night_chosen(settings)
    return os_prefers_dark() if chosen is None else chosen


def night_chosen(settings: Settings) -> bool | None:
    """Night mode as the user set it (on or off), or None when left on automatic: what the
    window's first look can know without asking the OS, which the frame does right after."""
    mode = settings.get(NIGHT_MODE)
    return mode == "on" if mode in ("on", "off") else None


def os_prefers_dark() -> bool:
    from PySide6 import QtCore  # QtCore.Qt at use: building that namespace takes ~25 ms

    return QGuiApplication.styleHints().colorScheme() == QtCore.Qt.ColorScheme.Dark
