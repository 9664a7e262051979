"""Per-document reading position (page, zoom, scroll) saved in the settings across restarts."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF

from lis_desktop.settings import VIEWER_DOCUMENTS, Settings

if TYPE_CHECKING:
    from lis_desktop.widgets.viewer_canvas import PageCanvas

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


def restore(settings: Settings, doc_id: str, canvas: PageCanvas) -> bool:
    """Put the canvas back where the reader left this document; False when nothing is known."""
    raw = settings.get_raw(f"{VIEWER_DOCUMENTS}/{doc_id}")
    if not raw:
        canvas.set_fit_mode("width")
        return False
    try:
        state = json.loads(str(raw))
        mode, zoom = str(state["mode"]), float(state["zoom"])
        page, x, y = int(state["page"]), float(state["x"]), float(state["y"])
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("Ignoring a damaged saved position for %s: %s", doc_id, exc)
        canvas.set_fit_mode("width")
        return False
    if mode in ("width", "page"):
        canvas.set_fit_mode(mode)
    else:
        canvas.set_zoom(zoom)
    canvas.go_to_page(page)
    target = canvas.layout_.from_page(min(page, len(canvas.sizes) - 1), x, y)
    canvas.verticalScrollBar().setValue(round(target.y()))
    canvas.horizontalScrollBar().setValue(round(target.x()))
    return True
