"""Reading positions: where the reader was in a document (zoom mode, zoom, the page point at the
top left), kept per document across restarts as JSON in the settings. Qt-free."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from lis_desktop.digests import sha1_hex

log = logging.getLogger(__name__)

MODES = ("width", "page", "free")


def document_id(key: str, size: int) -> str:
    """A settings-safe id for a document: its key (region id or file path) and its size. SHA-1
    as ever (positions saved by earlier versions are found), without loading OpenSSL."""
    return sha1_hex(f"{key}|{size}".encode())[:20]


@dataclass(frozen=True)
class SavedPosition:
    """Where the reader was in a document: zoom mode and zoom, and the point at the top left."""

    mode: str = "width"
    zoom: float = 1.0
    page: int = 0
    x: float = 0.0
    y: float = 0.0


def encode(position: SavedPosition) -> str:
    return json.dumps(
        {
            "mode": position.mode,
            "zoom": round(position.zoom, 4),
            "page": position.page,
            "x": round(position.x, 2),
            "y": round(position.y, 2),
        }
    )


def decode(raw: object, doc_id: str = "") -> SavedPosition | None:
    """The position saved as `raw`; None when nothing was saved or it is damaged (logged)."""
    if not raw:
        return None
    try:
        state = json.loads(str(raw))
        mode = str(state["mode"])
        return SavedPosition(
            mode if mode in MODES else "width",
            float(state["zoom"]),
            max(0, int(state["page"])),
            float(state["x"]),
            float(state["y"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("Ignoring a damaged saved position for %s: %s", doc_id, exc)
        return None
