"""The index of the first pages kept on disk (see first_pages.py), Qt-free: the app's entry reads
it before Qt is even imported, to know whether the page a launch asks for was kept, in which case
the PDF host may load PyMuPDF after that page is painted rather than compete with the start."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

INDEX = "index.json"
VERSION = 1


def entries(folder: Path) -> list[dict[str, Any]]:
    """The kept documents, the most recent first; [] when there is no readable index."""
    try:
        index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(index, dict) or index.get("version") != VERSION:
        return []
    found = index.get("documents")
    return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []


def identity(path: str | os.PathLike[str]) -> str | None:
    """A document's identity as the viewer knows it (path, modification time, size)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return f"{os.fspath(path)}|{stat.st_mtime_ns}|{stat.st_size}"


def kept_for_launch(folder: Path, file: str | None, region: str | None) -> bool:
    """Whether the page a launch will show first is kept and still current: `file`'s (an
    absolute path), `region`'s, or with neither the region read last (the most recent kept)."""
    known = entries(folder)
    if file is not None:
        return any(e.get("doc") == identity(file) for e in known)
    regions = [e for e in known if isinstance(e.get("name"), str) and "/" not in e["name"]]
    chosen = next((e for e in regions if e["name"] == region), None) if region else None
    if region is None:
        chosen = regions[0] if regions else None
    doc = chosen.get("doc") if chosen is not None else None
    return isinstance(doc, str) and identity(doc.rsplit("|", 2)[0]) == doc
