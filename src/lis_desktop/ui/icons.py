"""Small icons: the offline-status markers (painted, so they follow the palette and any DPI) and
the application icon from the bundled resources."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from lis_desktop import resources
from lis_desktop.domain import Offline
from lis_desktop.errors import ResourceError

log = logging.getLogger(__name__)

APP_ICON_NAMES = ("lis-desktop.svg", "lis-desktop.png", "app.svg", "app.png")

STATUS_TEXT = {
    Offline.AVAILABLE: "Available offline",
    Offline.MISSING: "Not downloaded",
    Offline.UPDATE_AVAILABLE: "Available offline — an update is available",
    Offline.FAILED: "Download failed",
    Offline.CORRUPT: "The offline copy is damaged",
}

_COLOURS = {
    Offline.AVAILABLE: "#2e7d32",
    Offline.MISSING: "#8a8f98",
    Offline.UPDATE_AVAILABLE: "#1565c0",
    Offline.FAILED: "#c62828",
    Offline.CORRUPT: "#e65100",
}


def status_icon(status: Offline, size: int = 16) -> QIcon:
    """A round marker, told apart by its shape as well as its colour: filled with a tick
    (offline), hollow (missing), an arrow (update), '!' (failed), a cross (damaged)."""
    icon = QIcon()
    for scale in (1, 2):
        icon.addPixmap(_paint_status(status, size, scale))
    return icon


def _paint_status(status: Offline, size: int, scale: int) -> QPixmap:
    pixmap = QPixmap(size * scale, size * scale)
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    colour = QColor(_COLOURS[status])
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    circle = QRectF(2.5, 2.5, size - 5, size - 5)
    if status == Offline.MISSING:
        painter.setPen(QPen(colour, 1.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(circle)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(circle)
        _paint_glyph(painter, status, size)
    painter.end()
    return pixmap


def _paint_glyph(painter: QPainter, status: Offline, size: int) -> None:
    pen = QPen(QColor("white"), 1.6)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    s = size / 16
    path = QPainterPath()
    if status == Offline.AVAILABLE:
        path.moveTo(QPointF(5 * s, 8.2 * s))
        path.lineTo(QPointF(7.2 * s, 10.4 * s))
        path.lineTo(QPointF(11 * s, 5.8 * s))
    elif status == Offline.UPDATE_AVAILABLE:
        path.moveTo(QPointF(8 * s, 4.8 * s))
        path.lineTo(QPointF(8 * s, 11 * s))
        path.moveTo(QPointF(5.4 * s, 8.6 * s))
        path.lineTo(QPointF(8 * s, 11.2 * s))
        path.lineTo(QPointF(10.6 * s, 8.6 * s))
    elif status == Offline.CORRUPT:
        path.moveTo(QPointF(5.6 * s, 5.6 * s))
        path.lineTo(QPointF(10.4 * s, 10.4 * s))
        path.moveTo(QPointF(10.4 * s, 5.6 * s))
        path.lineTo(QPointF(5.6 * s, 10.4 * s))
    else:
        path.moveTo(QPointF(8 * s, 4.6 * s))
        path.lineTo(QPointF(8 * s, 8.8 * s))
        path.moveTo(QPointF(8 * s, 11 * s))
        path.lineTo(QPointF(8 * s, 11.2 * s))
    painter.drawPath(path)


def install_icon_fallbacks() -> None:
    """Let QIcon.fromTheme find our bundled action icons when the desktop has no icon theme
    (Windows, macOS, minimal Linux); a real theme's icons still win."""
    try:
        folder = resources.resource_root().joinpath("icons").joinpath("actions")
    except ResourceError as exc:
        log.warning("No bundled action icons: %s", exc)
        return
    if folder.is_dir():
        paths = QIcon.fallbackSearchPaths()
        if str(folder) not in paths:
            QIcon.setFallbackSearchPaths([*paths, str(folder)])


def themed_icon(name: str, fallback: QIcon | Callable[[], QIcon]) -> QIcon:
    """The theme's (or our bundled) icon `name`, else `fallback` (called only when needed)."""
    icon = QIcon.fromTheme(name)
    if not icon.isNull():
        return icon
    return fallback() if callable(fallback) else fallback


def app_icon() -> QIcon | None:
    """The window icon from resources/icons, when the installation carries one."""
    try:
        folder = resources.resource_root().joinpath("icons")
        if not folder.is_dir():
            return None
        for name in APP_ICON_NAMES:
            candidate = folder.joinpath(name)
            if candidate.is_file():
                icon = QIcon(str(Path(str(candidate))))
                return None if icon.isNull() else icon
    except (ResourceError, OSError) as exc:
        log.warning("No application icon: %s", exc)
    return None
