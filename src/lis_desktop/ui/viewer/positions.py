"""Per-document reading position (page, zoom, scroll) saved in the settings across restarts."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF

from lis_desktop.settings import VIEWER_DOCUMENTS, Settings

if TYPE_CHECKING:
    from lis_desktop.ui.viewer.canvas import PageCanvas

log = logging.getLogger(__name__)


def document_id(key: str, size: int) -> str:
    """A settings-safe id for a document: its key (region id or file path) and its size."""
    return hashlib.sha1(f"{key}|{size}".encode(), usedforsecurity=False).hexdigest()[:20]


def save(settings: Settings, doc_id: str, canvas: PageCanvas) -> None:
    if not canvas.layout_.rects:
        return
    page, x, y = canvas.spot_at(QPointF(0, 0))
    state = {
        "mode": canvas.fit_mode,
        "zoom": round(canvas.zoom, 4),
        "page": page,
        "x": round(x, 2),
        "y": round(y, 2),
    }
    settings.set_raw(f"{VIEWER_DOCUMENTS}/{doc_id}", json.dumps(state))


@dataclass(frozen=True)
class SavedPosition:
    """Where the reader was in a document: zoom mode and zoom, and the point at the top left."""

    mode: str = "width"
    zoom: float = 1.0
    page: int = 0
    x: float = 0.0
    y: float = 0.0


def load(settings: Settings, doc_id: str) -> SavedPosition | None:
    raw = settings.get_raw(f"{VIEWER_DOCUMENTS}/{doc_id}")
    if not raw:
        return None
    try:
        state = json.loads(str(raw))
        mode = str(state["mode"])
        return SavedPosition(
            mode if mode in ("width", "page", "free") else "width",
            float(state["zoom"]),
            max(0, int(state["page"])),
            float(state["x"]),
            float(state["y"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("Ignoring a damaged saved position for %s: %s", doc_id, exc)
        return None


def restore(canvas: PageCanvas, saved: SavedPosition | None) -> None:
    """Put the canvas back where the reader left the document (fit width on page 1 if new)."""
    if saved is None:
        canvas.set_fit_mode("width")
        canvas.go_to_page(0)
        return
    if saved.mode == "free":
        canvas.set_zoom(saved.zoom)
    else:
        canvas.set_fit_mode(saved.mode)
    page = min(saved.page, len(canvas.sizes) - 1)
    target = canvas.layout_.from_page(page, saved.x, saved.y)
    canvas.verticalScrollBar().setValue(round(target.y()))
    canvas.horizontalScrollBar().setValue(round(target.x()))
