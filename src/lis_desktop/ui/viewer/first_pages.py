"""The first page painted of the last documents read, kept on disk, so that reopening one (the
summary read last at start, a file opened again) paints its page at once, before the PDF host
has even loaded PyMuPDF; the document itself is opened a moment later and its sharp pages
replace the kept one (or, if it can no longer be read, the failure is shown).

A document is known by its identity string (path, modification time and size: the one render
keys carry), so a file changed since is not shown from here. The store is the OS cache folder's
(regenerable: a cleaner may empty it) and holds at most KEEP documents; anything unreadable in
it is ignored. Only the GUI thread uses it; saving waits until the page is on screen.

With each save it also keeps, in the entry of the document shown, the window's *look*
(`look_source`, the main viewer's `first_look`): where that page is in the window, which
ui/first_look.py paints at the next start that shows it, before the window's frame is built.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import astuple, dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QImage

from lis_desktop.atomic import atomic_write_bytes
from lis_desktop.digests import sha256_hex
from lis_desktop.pdf.render_plan import RenderKey
from lis_desktop.ui.viewer.kept_index import INDEX, VERSION, entries, valid_look

log = logging.getLogger(__name__)

KEEP = 12  # documents
SAVE_DELAY_MS = 1500  # after the page is painted: its first seconds on screen are the user's
MAX_PAGES = 2000  # a layout this long is not kept (the index stays small)

Sizes = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Kept:
    sizes: Sizes  # every page's size in points: the layout, known before the document opens
    key: RenderKey
    image: QImage


class FirstPages(QObject):
    """`load(doc)` at opening; `keep(doc, sizes, key, image)` once a page of it is painted."""

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self._pending: tuple[str, str, Sizes, RenderKey, QImage] | None = None
        self._timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self.look_source: Callable[[], dict[str, object] | None] | None = None

    def load(self, doc: str) -> Kept | None:
        """The page kept for `doc`, or None (never kept, changed since, or unreadable)."""
        pending = self._pending
        if pending is not None and pending[0] == doc:
            return Kept(pending[2], pending[3], pending[4])
        entry = next((e for e in entries(self.folder) if e.get("doc") == doc), None)
        if entry is None:
            return None
        try:
            sizes = tuple((float(w), float(h)) for w, h in entry["sizes"])
            key = RenderKey(doc, *entry["key"][1:6])
            image = QImage(str(self.folder / str(entry["file"])))
        except (KeyError, TypeError, ValueError) as exc:
            log.info("Ignored a kept first page of %s: %s", doc, exc)
            return None
        if image.isNull() or not sizes or not 0 <= key.page < len(sizes):
            return None
        return Kept(sizes, key, image)

    def keep(self, doc: str, name: str, sizes: Sizes, key: RenderKey, image: QImage) -> None:
        """Keep `image` (the page `key` of `doc`, shown as `name`: a region id or the file's
        path) a moment from now; the last one asked wins."""
        if key.rows is not None or not sizes or len(sizes) > MAX_PAGES:
            return  # a band of a huge page, or a very long document: not worth keeping
        self._pending = (doc, name, sizes, key, image)
        self._timer.start()

    def flush(self) -> None:
        """Write what is waiting now, and the window's look for the page shown (also at exit)."""
        self._timer.stop()
        pending, self._pending = self._pending, None
        look = valid_look(self.look_source()) if self.look_source is not None else None
        if pending is None and look is None:
            return
        try:
            kept = entries(self.folder)
            if pending is not None:
                kept = self._write_page(pending, kept)
            seen = next((e for e in kept if look is not None and e.get("doc") == look["doc"]), None)
            if seen is not None and seen.get("look") != look:
                seen["look"] = look
            elif pending is None:
                return  # nothing new to write
            index = {"version": VERSION, "documents": kept[:KEEP]}
            atomic_write_bytes(self.folder / INDEX, json.dumps(index).encode())
        except OSError as exc:  # a full or read-only disk: the next start opens it as usual
            log.info("Cannot keep the first page of %s: %s", pending[0] if pending else "", exc)

    def _write_page(
        self, pending: tuple[str, str, Sizes, RenderKey, QImage], kept: list[dict[str, object]]
    ) -> list[dict[str, object]]:
        """Write the page's image; the index's documents with it first (the oldest beyond
        KEEP have their images removed)."""
        doc, shown_as, sizes, key, image = pending
        name = sha256_hex(doc.encode("utf-8", "surrogatepass"))[:24] + ".png"
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / name
        part = path.with_suffix(".part.png")  # the format follows the name
        if not image.save(str(part), quality=100):  # 100: no deflate, fast to write and read
            raise OSError("the image could not be written")
        part.replace(path)
        entry: dict[str, object] = {"doc": doc, "name": shown_as, "sizes": [list(s) for s in sizes],
                 "key": list(astuple(key)), "file": name}  # fmt: skip
        kept = [entry, *(e for e in kept if e.get("doc") != doc)]
        for old in kept[KEEP:]:
            (self.folder / str(old.get("file", ""))).unlink(missing_ok=True)
        return kept
