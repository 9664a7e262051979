"""What a sync tells its caller: progress while it runs, and a report when it ends (Qt-free)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from lis_desktop.content.cache import Cache
from lis_desktop.domain import Attachment, ChangeNote, Region


class SyncStatus(StrEnum):
    OK = "ok"  # every listed summary checked or downloaded
    PARTIAL = "partial"  # the story synced, some summaries failed
    OFFLINE = "offline"  # GOV.UK could not be reached; nothing changed
    FAILED = "failed"  # GOV.UK answered with an error or unreadable data; nothing changed
    CANCELLED = "cancelled"


class Outcome(StrEnum):
    DOWNLOADED = "downloaded"
    UNCHANGED = "unchanged"  # 304 Not Modified: the offline copy is current
    FAILED = "failed"
    REMOVED = "removed"  # no longer listed on GOV.UK; the offline copy is kept
    SKIPPED = "skipped"  # cancelled before it ran


@dataclass(frozen=True)
class SyncProgress:
    message: str
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int


@dataclass(frozen=True)
class RegionResult:
    region: str
    title: str
    outcome: Outcome
    message: str | None
    size: int  # body bytes received


@dataclass(frozen=True)
class SyncReport:
    status: SyncStatus
    message: str
    results: tuple[RegionResult, ...]
    new_history: tuple[ChangeNote, ...]
    other_attachments: tuple[Attachment, ...]
    warnings: tuple[str, ...]
    available: int
    total: int
    missing: tuple[tuple[str, str], ...]  # (region id, why) for each summary not offline
    bytes_downloaded: int
    finished_at: float

    @property
    def online(self) -> bool:
        return self.status is not SyncStatus.OFFLINE

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome is outcome)

    @classmethod
    def build(
        cls,
        status: SyncStatus | None,
        message: str,
        results: Sequence[RegionResult],
        regions: Sequence[Region],
        cache: Cache,
        cancelled: bool,
        new_history: tuple[ChangeNote, ...],
        others: tuple[Attachment, ...],
        warnings: tuple[str, ...],
        bytes_downloaded: int,
    ) -> SyncReport:
        available = [r for r in regions if cache.pdf_path(r.id) is not None]
        failures = [r for r in results if r.outcome is Outcome.FAILED]
        if status is None:
            if cancelled:
                status = SyncStatus.CANCELLED
            else:
                status = SyncStatus.PARTIAL if failures else SyncStatus.OK
        summary = f"{len(available)} of {len(regions)} summaries available offline"
        return cls(
            status=status,
            message=_message(status, message, len(failures), summary),
            results=tuple(results),
            new_history=new_history,
            other_attachments=others,
            warnings=warnings,
            available=len(available),
            total=len(regions),
            missing=_missing(regions, {r.id for r in available}, results, cache, message),
            bytes_downloaded=bytes_downloaded,
            finished_at=time.time(),
        )

    def to_json(self) -> dict[str, Any]:
        """The `lis-desktop-cli sync --json` document (documented in README)."""
        return {
            "status": self.status.value,
            "online": self.online,
            "message": self.message,
            "available": self.available,
            "total": self.total,
            "bytes_downloaded": self.bytes_downloaded,
            "downloaded": self.count(Outcome.DOWNLOADED),
            "unchanged": self.count(Outcome.UNCHANGED),
            "failed": self.count(Outcome.FAILED),
            "regions": [
                {
                    "id": r.region,
                    "title": r.title,
                    "outcome": r.outcome.value,
                    "message": r.message,
                    "bytes": r.size,
                }
                for r in self.results
            ],
            "missing": [{"id": region, "reason": why} for region, why in self.missing],
            "new_history": [{"date": n.date.isoformat(), "note": n.note} for n in self.new_history],
            "other_attachments": [{"title": a.title, "url": a.url} for a in self.other_attachments],
            "warnings": list(self.warnings),
        }


def _message(status: SyncStatus, cause: str, failures: int, summary: str) -> str:
    if status is SyncStatus.CANCELLED:
        return f"Sync cancelled; {summary}."
    if status is SyncStatus.OK:
        return f"Sync finished; {summary}."
    if status is SyncStatus.PARTIAL:
        plural = "summary" if failures == 1 else "summaries"
        return f"Sync finished, {failures} {plural} failed; {summary}."
    return f"{cause.rstrip('.')}. The offline cache is intact: {summary}."


def _missing(
    regions: Sequence[Region],
    available: set[str],
    results: Sequence[RegionResult],
    cache: Cache,
    message: str,
) -> tuple[tuple[str, str], ...]:
    by_region = {r.region: r for r in results}
    states = cache.remote.attachment_states()
    missing: list[tuple[str, str]] = []
    for region in regions:
        if region.id in available:
            continue
        result = by_region.get(region.id)
        state = states.get(region.id)
        if result is not None and result.message:
            why = result.message
        elif result is not None and result.outcome is Outcome.SKIPPED:
            why = "not downloaded: the sync was cancelled."
        elif result is None and message:
            why = f"not available offline: {message}"
        elif state is not None and state.last_error:
            why = state.last_error
        else:
            why = "not available offline: GOV.UK does not list it."
        missing.append((region.id, why))
    return tuple(missing)
