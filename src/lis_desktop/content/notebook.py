"""The user's notes over the offline cache: highlights added by quote or from a selection, and
every note kept in line with the summary version in use (`reconcile`).

A note is found again by its quoted text only in a copy whose file still matches the SHA-256
the cache recorded: a summary changed on disk (which the next check marks corrupt and a sync
downloads again) never moves or detaches a note. PyMuPDF is used to read a summary's words, so
`reconcile` and `add` belong on a worker thread in the GUI; listing is a database read.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lis_desktop.content.anchoring import Anchor, PageText, find_quote, pages_of, read_words
from lis_desktop.content.cache import Cache, sha256_file
from lis_desktop.content.notes import DEFAULT_COLOUR, Note, QuoteNotFoundError, needs_placing, place
from lis_desktop.errors import CacheError, InvalidPdfError, NotOfflineError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Version:
    """The summary file in use for a region, checked against its recorded SHA-256."""

    region: str
    path: Path
    sha256: str


class Notebook:
    """Notes of the summaries in `cache` (one thread at a time, as the cache)."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self.store = cache.notes

    def version(self, region: str) -> Version | None:
        """The region's summary in use, when it is offline and unchanged on disk."""
        path = self.cache.pdf_path(region)
        record = self.cache.record(region)
        if path is None or record is None:
            return None
        try:
            intact = sha256_file(path) == record.sha256
        except OSError:
            intact = False
        return Version(region, path, record.sha256) if intact else None

    def notes(self, region: str | None = None) -> list[Note]:
        """The notes (of `region`, or all), placed on the summary versions in use."""
        self.reconcile(None if region is None else [region])
        return self.store.list(region)

    def reconcile(self, regions: Iterable[str] | None = None) -> list[str]:
        """Find every note placed on another version of its summary in the version in use
        (moved, or detached when its text is gone); the regions whose notes changed. A cache
        that cannot be written keeps the notes as they were stored."""
        notes = self.store.list()
        wanted = None if regions is None else set(regions)
        by_region: dict[str, list[Note]] = {}
        for note in notes:
            if wanted is None or note.region in wanted:
                by_region.setdefault(note.region, []).append(note)
        records = self.cache.records()
        placed: dict[str, list[Note]] = {}
        for region, region_notes in by_region.items():
            record = records.get(region)
            if record is None or not needs_placing(region_notes, record.sha256):
                continue
            version = self.version(region)
            pages = self._pages(version) if version is not None else None
            if version is None or pages is None:
                continue  # not offline, damaged or unreadable: the notes stay as they are
            moved = [p.note for p in place(region_notes, version.sha256, pages) if p.changed]
            if moved:
                placed[region] = moved
        if not placed or not self._save([n for moved in placed.values() for n in moved]):
            return []
        return list(placed)

    def add(
        self,
        region: str,
        quote: str,
        note: str = "",
        *,
        page: int | None = None,
        colour: str = DEFAULT_COLOUR,
        title: str | None = None,
    ) -> Note:
        """Highlight `quote` in the region's summary (on page `page`, 0-based, if given)."""
        name = title or region
        version = self.version(region)
        if version is None:
            raise NotOfflineError(
                f"The summary for {name} is not available offline: download it or import the "
                "PDF first."
            )
        pages = self._pages(version)
        if pages is None:
            raise NotOfflineError(f"The summary for {name} cannot be read; import it again.")
        if page is not None and not 0 <= page < len(pages):
            plural = "" if len(pages) == 1 else "s"
            raise QuoteNotFoundError(
                f"The summary for {name} has {len(pages)} page{plural}: there is no page "
                f"{page + 1}."
            )
        found = find_quote(pages, quote, only=page)
        if found is None:
            where = f" on page {page + 1}" if page is not None else ""
            raise QuoteNotFoundError(f"“{_short(quote)}” is not in the summary for {name}{where}.")
        return self.add_anchor(region, version.sha256, found, note, colour)

    def add_anchor(
        self, region: str, sha256: str, anchor: Anchor, note: str = "", colour: str = DEFAULT_COLOUR
    ) -> Note:
        """Store a highlight placed on the summary version `sha256` (e.g. from a selection)."""
        return self.store.add(region, sha256, anchor, note, colour)

    def _pages(self, version: Version) -> list[PageText] | None:
        try:
            return pages_of(read_words(version.path))
        except InvalidPdfError as exc:
            log.warning("Cannot read the words of %s for its notes: %s", version.path, exc)
            return None

    def _save(self, notes: list[Note]) -> bool:
        try:
            self.store.save_places(notes)
        except CacheError as exc:
            log.info("Notes not updated for the new version: %s", exc)
            return False
        return True


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
