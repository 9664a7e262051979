"""The index of the first pages kept on disk (see first_pages.py), Qt-free: the app's entry reads
it before Qt is even imported, to know whether the page a launch asks for was kept, in which case
the PDF host may load PyMuPDF after that page is painted rather than compete with the start.

Each document's entry also keeps the *look* of the window when its page was last seen
(`look_for_launch`):
the window's size, where the viewer's area and the kept page were in it, and the viewer's
background; a start whose window comes back at that size paints that page there before the
window's frame is even built (see ui/first_look.py)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # loaded where a guess is made: `kept_for_launch` needs json alone
    from lis_desktop.pdf.render_plan import FirstPageGuess

INDEX = "index.json"
VERSION = 1


def read_index(folder: Path) -> dict[str, Any]:
    """The index as written, or {} when there is none this version can read."""
    try:
        index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(index, dict) or index.get("version") != VERSION:
        return {}
    return index


def entries(folder: Path) -> list[dict[str, Any]]:
    """The kept documents, the most recent first; [] when there is no readable index."""
    found = read_index(folder).get("documents")
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


def look_for_launch(folder: Path, file: str | None, region: str | None) -> dict[str, Any] | None:
    """The window's look when the page this launch shows (`file`, an absolute path, or else
    `region`) was last seen, if its document is unchanged and its page is still kept at the
    size it was seen at: the look (see `valid_look`) with "file", the kept image's file name."""
    name = file if file is not None else region  # what the viewer named it: path or region
    if name is None:
        return None
    entry = next((e for e in entries(folder) if e.get("name") == name), None)
    look = valid_look(entry.get("look")) if entry is not None else None
    if entry is None or look is None or look["doc"] != entry.get("doc"):
        return None
    if identity(look["doc"].rsplit("|", 2)[0]) != look["doc"] or look["key"] != entry.get("key"):
        return None  # changed since, or seen at another zoom than the page kept
    if not isinstance(entry.get("file"), str):
        return None
    return {**look, "file": entry["file"]}


def valid_look(look: object) -> dict[str, Any] | None:
    """`look` if it has what a first look needs: "doc" and "name" (strings), "window" (width,
    height), "viewport" and "page" (x, y, width, height in the window), "dpr" (a number),
    "background" (a colour's name) and "key" (the kept page's render key as a list)."""
    if not isinstance(look, dict):
        return None
    if not all(isinstance(look.get(k), str) for k in ("doc", "name", "background")):
        return None
    if not isinstance(look.get("key"), list) or not _number(look.get("dpr")):
        return None
    shapes = {"window": 2, "viewport": 4, "page": 4}
    for name, length in shapes.items():
        value = look.get(name)
        if not (isinstance(value, list) and len(value) == length and all(map(_number, value))):
            return None
    return look


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) < 1e6


def recent_look(folder: Path, window: tuple[int, int], dpr: float) -> dict[str, Any] | None:
    """The most recent look taken in a window of this size and pixel ratio, its viewer's area
    showing no thumbnails: where a page not kept would be shown."""
    for look in _plain_looks(folder):
        if abs(look["dpr"] - dpr) <= 1e-3 and [round(v) for v in look["window"]] == list(window):
            return look
    return None


def _plain_looks(folder: Path) -> Iterator[dict[str, Any]]:
    """The valid looks whose viewer's area showed no thumbnails, the most recent first."""
    for entry in entries(folder):
        look = valid_look(entry.get("look"))
        if look is not None and look.get("thumbs") == 0:
            yield look


def first_page_guess(look: dict[str, Any], doc: str, dpr: float, night: bool) -> FirstPageGuess:
    """What the viewer renders first of a document not read before (`doc`, its identity),
    shown in the viewer's area of `look`: page 1 at the width of that area."""
    from lis_desktop.pdf.render_plan import FirstPageGuess

    _x, _y, width, height = look["viewport"]
    return FirstPageGuess(doc, "width", 1.0, 0, dpr, night, (round(width), round(height)), 0)


def launch_guess(folder: Path, file: str) -> FirstPageGuess | None:
    """Before Qt is imported: the `first_page_guess` for `file` (absolute; not kept) in the
    most recent look, in night mode if that look's page was, for the PDF host to render it
    ahead (`PdfHost.open_ahead`). The window renders it so only if it comes back at that look's
    size and ratio, not read before, with night mode as it was (ui/first_look.py)."""
    doc = identity(file)
    look = next(_plain_looks(folder), None)
    if doc is None or look is None:
        return None
    return first_page_guess(look, doc, float(look["dpr"]), look_night(look))


def look_night(look: dict[str, Any]) -> bool:
    """Whether the page of `look` was rendered in night mode."""
    key = look["key"]
    return len(key) > 5 and key[5] is True  # a render key's fields: see RenderKey
