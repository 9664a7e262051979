"""What the user sees as 'the library': the regions, the publication and each summary's state.

Combines the bundled snapshot with what the offline cache holds; the CLI and GUI both use it.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from lis_desktop.content import snapshot
from lis_desktop.content.cache import Cache
from lis_desktop.domain import (
    ChangeNote,
    Offline,
    Publication,
    Region,
    format_date,
    region_matches,
)
from lis_desktop.errors import CacheError, UnknownRegionError

log = logging.getLogger(__name__)

NEW_HISTORY_KEY = "sync.new_history"
_KEPT = {"import": "Your imported copy", "sync": "GOV.UK's copy"}


def load_publication(cache: Cache) -> Publication:
    """The story as last synced from GOV.UK, else the bundled snapshot."""
    if not cache.exists():
        return snapshot.load_publication()  # never synced: do not create a cache to find out
    try:
        stored = cache.remote.synced_publication()
        if stored is not None:
            return snapshot.publication_from_dict(json.loads(stored[0]))
    except CacheError as exc:  # the command that needs the cache will say so
        log.info("Showing the bundled story: %s", exc)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("The synced copy of the story is damaged (%r); showing the bundled one", exc)
    return snapshot.load_publication()


def _when(timestamp: float | None) -> str:
    if timestamp is None:
        return "at an unknown time"
    moment = datetime.fromtimestamp(timestamp)
    return f"on {format_date(moment.date())} at {moment:%H:%M}"


def new_history(cache: Cache) -> frozenset[ChangeNote]:
    """Update-history entries that the last sync found new (the UI marks them)."""
    if not cache.exists():
        return frozenset()
    try:
        raw = json.loads(cache.get_meta(NEW_HISTORY_KEY) or "[]")
        return frozenset(ChangeNote(date.fromisoformat(d), str(n)) for d, n in raw)
    except (CacheError, ValueError, TypeError) as exc:
        log.warning("Cannot read which updates are new: %s", exc)
        return frozenset()


@dataclass
class Library:
    regions: tuple[Region, ...]
    publication: Publication
    cache: Cache

    @classmethod
    def load(cls, cache: Cache) -> Library:
        return cls(snapshot.load_regions(), load_publication(cache), cache)

    def new_history(self) -> frozenset[ChangeNote]:
        return new_history(self.cache)

    def reload_publication(self) -> None:
        """Pick up the story a sync just stored."""
        self.publication = load_publication(self.cache)

    def status_details(self) -> dict[str, str]:
        """Per region, why and since when it has its status (for tooltips); may be empty."""
        try:
            records = self.cache.records() if self.cache.exists() else {}
            states = self.cache.remote.attachment_states() if self.cache.exists() else {}
            kept = self.cache.kept_copies() if self.cache.exists() else {}
        except CacheError as exc:
            log.warning("Cannot read the download states: %s", exc)
            return {}
        details: dict[str, str] = {}
        for region in self.regions:
            lines = []
            record, state = records.get(region.id), states.get(region.id)
            if record is not None:
                how = "Imported" if record.source == "import" else "Downloaded"
                lines.append(f"{how} {_when(record.fetched_at)}")
            other = kept.get(region.id)
            if other is not None:
                lines.append(f"{_KEPT[other.source]} is kept too (File ▸ Use … Copy switches)")
            if state is not None and state.last_error:
                lines.append(f"{state.last_error} ({_when(state.error_at)})")
            elif state is not None and state.checked_at:
                lines.append(f"Checked with GOV.UK {_when(state.checked_at)}")
            if lines:
                details[region.id] = "\n".join(lines)
        return details

    def copies(self) -> dict[str, tuple[str | None, str | None]]:
        """Per region with a copy: (source of the copy in use, source of the kept one or None);
        sources are 'import' or 'sync'."""
        if not self.cache.exists():
            return {}
        kept = self.cache.kept_copies()
        return {
            region: (record.source, kept[region].source if region in kept else None)
            for region, record in self.cache.records().items()
        }

    def region(self, region_id: str) -> Region:
        for region in self.regions:
            if region.id == region_id:
                return region
        raise UnknownRegionError(region_id)

    def filtered(self, query: str) -> list[Region]:
        return [r for r in self.regions if region_matches(r, query)]

    def status(self, region_id: str) -> Offline:
        return self.cache.statuses().get(region_id, Offline.MISSING)

    def statuses(self) -> dict[str, Offline]:
        known = self.cache.statuses()
        return {r.id: known.get(r.id, Offline.MISSING) for r in self.regions}

    def pdf_path(self, region_id: str) -> Path | None:
        self.region(region_id)
        return self.cache.pdf_path(region_id)
