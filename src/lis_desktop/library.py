"""What the user sees as 'the library': the regions, the publication and each summary's state.

Combines the bundled snapshot with what the offline cache holds; the CLI and GUI both use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lis_desktop import snapshot
from lis_desktop.cache import Cache
from lis_desktop.domain import Offline, Publication, Region, region_matches
from lis_desktop.errors import UnknownRegionError


@dataclass
class Library:
    regions: tuple[Region, ...]
    publication: Publication
    cache: Cache

    @classmethod
    def load(cls, cache: Cache) -> Library:
        return cls(snapshot.load_regions(), snapshot.load_publication(), cache)

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

    def offline_count(self) -> int:
        return sum(1 for r in self.regions if self.cache.pdf_path(r.id) is not None)
