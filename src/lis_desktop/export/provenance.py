"""Where an exported file came from: the summaries it was made of and the sidecar record.

The sidecar (`<exported file>.provenance.json`) names the source URL, the news story, its
dates, when the summary was retrieved, the SHA-256 of the source file and the app version,
so that someone citing a government document can show exactly what they used.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lis_desktop import APP_NAME, __version__
from lis_desktop.content.cache import SummaryRecord
from lis_desktop.domain import Publication, Region, format_date
from lis_desktop.errors import ExportError, NotOfflineError
from lis_desktop.export.merge import MergeInfo
from lis_desktop.export.render import CoverEntry, make_cover

log = logging.getLogger(__name__)

SIDECAR_SCHEMA = 1


@dataclass
class Source:
    """One region's offline summary as an export uses it; checked against the cache record."""

    region: Region
    path: Path
    record: SummaryRecord
    url: str | None
    _sha256: str | None = field(default=None, repr=False)

    @property
    def retrieved_at(self) -> datetime:
        return datetime.fromtimestamp(self.record.fetched_at, UTC)

    @property
    def sha256(self) -> str:
        """The file's SHA-256, checked against what the cache recorded when it was stored."""
        if self._sha256 is None:
            self.read()
        assert self._sha256 is not None
        return self._sha256

    def read(self) -> bytes:
        """The file's bytes, checked against the cache record (ExportError if it changed)."""
        data = self.load()
        self.check(hashlib.sha256(data).hexdigest())
        return data

    def load(self) -> bytes:
        """The file's bytes, unchecked: call `check` with their SHA-256 before trusting them."""
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise NotOfflineError(
                f"The offline summary for {self.region.title} cannot be read "
                f"({exc.strerror or exc}); nothing was exported."
            ) from exc

    def check(self, digest: str) -> None:
        if digest != self.record.sha256:
            raise ExportError(
                f"The offline summary for {self.region.title} changed on disk since it was "
                "stored (SHA-256 differs); download or import it again. Nothing was exported."
            )
        self._sha256 = digest


def source_entry(source: Source) -> dict[str, Any]:
    return {
        "region": source.region.id,
        "region_title": source.region.title,
        "nation": source.region.nation,
        "source_url": source.url,
        "retrieved_at": source.retrieved_at.isoformat(timespec="seconds"),
        "source_sha256": source.sha256,
        "source_size": source.record.size,
        "obtained_by": source.record.source,  # 'sync' (downloaded) or 'import'
        "imported_file": source.record.original_name,
    }


def provenance(
    pub: Publication,
    sources: Sequence[Source],
    fmt: str,
    target: Path,
    sha256: str,
    exported_at: datetime,
    extra: dict[str, Any],
) -> dict[str, Any]:
    """The sidecar for one exported file; a single-region export repeats its source on top."""
    entries = [source_entry(s) for s in sources]
    record: dict[str, Any] = {
        "schema": SIDECAR_SCHEMA,
        "format": fmt,
        "file": target.name,
        "sha256": sha256,
        "exported_at": exported_at.isoformat(timespec="seconds"),
        "app": APP_NAME,
        "app_version": __version__,
    }
    if len(entries) == 1:
        record.update(entries[0])
    record.update(
        {
            "story_title": pub.title,
            "story_url": pub.url,
            "published": pub.published.isoformat(),
            "updated": pub.updated.isoformat(),
            "licence": pub.licence,
            **extra,
            "sources": entries,
        }
    )
    return record


def merge_info(pub: Publication, sources: Sequence[Source], exported_at: datetime) -> MergeInfo:
    """The merged PDF's title, subject, keywords and dates."""
    titles = [s.region.title for s in sources]
    title = (
        f"{titles[0]} — Industrial Strategy local summary"
        if len(titles) == 1
        else f"Industrial Strategy local summaries — {len(titles)} regions"
    )
    return MergeInfo(
        title=title,
        subject=f"Industrial Strategy local summaries from the GOV.UK news story "
        f"“{pub.title}” ({pub.url}): {', '.join(titles)}",
        keywords=", ".join(["Local Industrial Strategy", "Industrial Strategy", *titles]),
        creator=f"{APP_NAME} {__version__}",
        created=exported_at,
    )


def cover_pdf(pub: Publication, sources: Sequence[Source], exported_at: datetime) -> bytes:
    """The cover page(s): the story, then each region with its source and retrieval date."""
    entries = [
        CoverEntry(
            s.region.title,
            s.region.nation,
            s.url or f"imported from '{s.record.original_name or s.path.name}'",
            format_date(s.retrieved_at.date()),
        )
        for s in sources
    ]
    intro = [
        f"{len(sources)} of the summaries attached to the GOV.UK news story",
        f"“{pub.title}”",
        f"(published {format_date(pub.published)}, updated {format_date(pub.updated)}):",
        pub.url,
        f"Exported on {format_date(exported_at.date())} with {APP_NAME} {__version__}. "
        f"Crown copyright, {pub.licence}.",
    ]
    return make_cover("Industrial Strategy: local summaries", intro, entries)
