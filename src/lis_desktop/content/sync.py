"""Sync with GOV.UK: fetch the story, store it, and bring every summary PDF into the cache.

Qt-free. Downloads run on a small thread pool (bounded concurrency, retries with backoff,
conditional requests); every database write and every file adoption happens on the calling
thread, so the cache is only ever used from one thread. Nothing good is lost: a file enters the
cache only after it verifies, and a failure leaves the previous copy and its record as they were.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import httpx

from lis_desktop.content import govuk, library, snapshot
from lis_desktop.content import parse as govuk_parse
from lis_desktop.content.cache import Cache, write_error
from lis_desktop.content.remote import AttachmentState, Remote
from lis_desktop.content.snapshot import publication_to_dict
from lis_desktop.content.sync_report import (
    Outcome,
    RegionResult,
    SyncProgress,
    SyncReport,
    SyncStatus,
)
from lis_desktop.domain import Attachment, ChangeNote, Publication, Region
from lis_desktop.errors import (
    ApiFormatError,
    CacheError,
    DownloadRejectedError,
    HttpStatusError,
    IncompleteDownloadError,
    LisError,
    NetworkError,
    OfflineError,
    UnreachableError,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

KNOWN_HISTORY_KEY = "sync.known_history"
CONTENT_ID_KEY = "sync.content_id"  # the story's content_id, as GOV.UK first sent it
_PDF_TYPES = {"application/pdf", "application/x-pdf", "application/octet-stream", ""}
_PDF_TYPES |= {"binary/octet-stream", "application/download", "application/force-download"}

__all__ = ["SyncOptions", "SyncProgress", "SyncReport", "sync"]


@dataclass(frozen=True)
class SyncOptions:
    api_url: str = govuk.API_URL
    max_workers: int = 6
    retries: int = 2  # extra attempts after a 5xx, a timeout or a cut-short download
    backoff: float = 0.5  # seconds before the first retry, doubled each time
    max_pdf_bytes: int = 20 * 1024 * 1024
    chunk_size: int = 64 * 1024
    only: frozenset[str] | None = None  # download just these regions (the viewer's Download)


class _Cancelled(Exception):
    """Raised inside a worker when the user cancelled; never leaves this module."""


@dataclass(frozen=True)
class _Job:
    attachment: Attachment
    region: str
    url: str
    headers: dict[str, str]
    have_copy: bool  # a good copy is cached (a failure then leaves it in place)
    url_changed: bool


@dataclass(frozen=True)
class _Fetched:
    temp: Path | None  # None: 304 Not Modified
    etag: str | None
    last_modified: str | None
    size: int


def sync(
    client: govuk.GovukClient,
    cache: Cache,
    regions: Sequence[Region],
    progress: Callable[[SyncProgress], None],
    cancelled: Callable[[], bool],
    options: SyncOptions | None = None,
) -> SyncReport:
    """Run one sync; returns a report (offline, HTTP and format problems are statuses in it).

    Raises only LisError subclasses the caller shows as they are (e.g. SyncBusyError,
    CacheError when the cache folder cannot be written).
    """
    with cache.remote.sync_lock():
        cache.remove_stale_downloads()
        cache.verify()  # a copy changed on disk is marked corrupt, then downloaded again
        return _Sync(client, cache, regions, progress, cancelled, options or SyncOptions()).run()


class _Sync:
    def __init__(
        self,
        client: govuk.GovukClient,
        cache: Cache,
        regions: Sequence[Region],
        progress: Callable[[SyncProgress], None],
        cancelled: Callable[[], bool],
        options: SyncOptions,
    ) -> None:
        self.client, self.cache, self.regions = client, cache, tuple(regions)
        self.progress, self.cancelled, self.options = progress, cancelled, options
        self.results: list[RegionResult] = []
        self._bytes = 0
        self._bytes_lock = threading.Lock()
        self._pause_event = threading.Event()  # never set: an interruptible sleep
        self._lost = threading.Event()  # a download found GOV.UK unreachable
        self._bytes_total = 0
        self._files_total = 0
        self._story_validators: tuple[str | None, str | None] = (None, None)
        self._content_id: str | None = None
        self._old_states = cache.remote.attachment_states()
        self._states: dict[str, AttachmentState] = {}

    # -- the story ------------------------------------------------------------------------
    def run(self) -> SyncReport:
        baseline = library.load_publication(self.cache)
        self._emit("Checking GOV.UK for updates…")
        try:
            publication, warnings = self._fetch_story(baseline)
        except OfflineError as exc:
            return self._finish(SyncStatus.OFFLINE, f"Offline: {exc}")
        except (NetworkError, ApiFormatError) as exc:
            return self._finish(SyncStatus.FAILED, str(exc))
        if self.cancelled():
            return self._finish(SyncStatus.CANCELLED, "Sync cancelled.")
        try:
            new_notes = self._new_history(publication)
            publication = _keep_removed(publication, baseline)
            self._save_story(publication)
        except CacheError as exc:  # e.g. a full disk: nothing downloaded, the report says why
            return self._finish(SyncStatus.FAILED, str(exc), warnings=warnings)
        self._mark_removed(publication)
        self._download_all(self._plan(publication, recheck=bool(new_notes)))
        others = tuple(a for a in publication.attachments if a.region is None)
        if self._lost.is_set():  # the network went away midway: say so, as for no network
            lost = "Offline: the connection to GOV.UK was lost during the sync"
            return self._finish(SyncStatus.OFFLINE, lost, new_notes, others, warnings)
        return self._finish(None, "", new_notes, others, warnings)

    def _fetch_story(self, baseline: Publication) -> tuple[Publication, tuple[str, ...]]:
        stored = self.cache.remote.synced_publication()
        etag, modified = (stored[1], stored[2]) if stored else (None, None)
        url = self.options.api_url
        response = self._retrying(
            lambda: self.client.get_json(url, etag=etag, last_modified=modified)
        )
        self._story_validators = (response.etag, response.last_modified)
        _check_not_redirected(url, response.url)
        if response.not_modified:
            return baseline, ()
        self._content_id = govuk_parse.check_identity(
            response.data,
            base_path=govuk.STORY_BASE_PATH,
            content_id=self.cache.get_meta(CONTENT_ID_KEY),
        )
        parsed = govuk_parse.parse_content_item(
            response.data, regions=self.regions, fallback=baseline, api_url=url
        )
        for warning in parsed.warnings:
            log.warning("%s", warning)
        return parsed.publication, parsed.warnings

    def _save_story(self, publication: Publication) -> None:
        self.cache.remote.save_publication(
            json.dumps(publication_to_dict(publication)), *self._story_validators
        )
        if self._content_id and self.cache.get_meta(CONTENT_ID_KEY) is None:
            self.cache.set_meta(CONTENT_ID_KEY, self._content_id)

    def _new_history(self, publication: Publication) -> tuple[ChangeNote, ...]:
        raw = self.cache.get_meta(KNOWN_HISTORY_KEY)
        if raw is None:  # never synced: the bundled snapshot is what the user has seen
            known = {(n.date.isoformat(), n.note) for n in snapshot.load_publication().history}
        else:
            known = {(str(d), str(n)) for d, n in json.loads(raw)}
        new = tuple(n for n in publication.history if (n.date.isoformat(), n.note) not in known)
        known |= {(n.date.isoformat(), n.note) for n in new}
        self.cache.set_meta(KNOWN_HISTORY_KEY, json.dumps(sorted(known)))
        self.cache.set_meta(
            library.NEW_HISTORY_KEY, json.dumps([[n.date.isoformat(), n.note] for n in new])
        )
        return new

    def _mark_removed(self, publication: Publication) -> None:
        for att in publication.attachments:
            if not att.removed or att.region is None:
                continue
            message = "GOV.UK no longer lists this summary; the offline copy is kept."
            if self.cache.pdf_path(att.region) is None:
                message = "GOV.UK no longer lists this summary, and it is not available offline."
            self._save_state(att, Remote.REMOVED, message, checked=True)
            self.results.append(RegionResult(att.region, att.title, Outcome.REMOVED, message, 0))

    # -- the files ------------------------------------------------------------------------
    def _plan(self, publication: Publication, *, recheck: bool) -> list[_Job]:
        jobs: list[_Job] = []
        for att in publication.attachments:
            if att.region is None or att.removed or not att.url:
                continue
            if self.options.only is not None and att.region not in self.options.only:
                continue
            record = self.cache.synced_record(att.region)  # GOV.UK's copy, in use or kept
            have_copy = self.cache.pdf_path(att.region) is not None
            same_url = record is not None and record.url == att.url
            headers = {}
            if have_copy and same_url and record is not None and not recheck:
                headers = govuk.conditional_headers(record.etag, record.last_modified)
            jobs.append(_Job(att, att.region, att.url, headers, have_copy, not same_url))
            self._bytes_total += att.size or 0
        self._files_total = len(jobs)
        return jobs

    def _download_all(self, jobs: list[_Job]) -> None:
        self._emit("Downloading summaries…")
        workers = max(1, min(self.options.max_workers, len(jobs)))
        with ThreadPoolExecutor(workers, thread_name_prefix="lis-sync") as pool:
            futures = {pool.submit(self._retrying, _bind(self._fetch, job)): job for job in jobs}
            pending: set[Future[_Fetched]] = set(futures)
            while pending:
                done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
                for future in done:
                    self._complete(futures[future], future)
                if self.cancelled():
                    for future in pending:
                        future.cancel()
                self._emit("Downloading summaries…")

    def _fetch(self, job: _Job) -> _Fetched:
        if self.cancelled():
            raise _Cancelled
        if self._lost.is_set():  # fail fast: no point in 41 rounds of retries when offline
            raise OfflineError("GOV.UK stopped answering during the sync.")
        with self.client.open(job.url, job.headers) as response:
            if response.status_code == 304 and job.headers:
                return _Fetched(None, job.headers.get("If-None-Match"), None, 0)
            govuk.raise_for_status(response, f"The summary for {job.attachment.title}")
            self._check_headers(response, job)
            temp = self.cache.temp_file(job.region)
            try:
                size = self._save_body(response, temp, job)
            except BaseException:
                temp.unlink(missing_ok=True)
                raise
            headers = response.headers
            return _Fetched(temp, headers.get("etag"), headers.get("last-modified"), size)

    def _check_headers(self, response: httpx.Response, job: _Job) -> None:
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in _PDF_TYPES:
            what = "a web page" if "html" in kind else f"'{kind}'"
            raise DownloadRejectedError(f"GOV.UK sent {what} instead of the PDF for {job.url}.")
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > self.options.max_pdf_bytes:
            raise DownloadRejectedError(_too_large(int(length), self.options.max_pdf_bytes))

    def _save_body(self, response: httpx.Response, temp: Path, job: _Job) -> int:
        """Stream the body into `temp`; a full or read-only disk is a CacheError."""
        try:
            return self._write_body(response, temp, job)
        except OSError as exc:
            raise CacheError(write_error(self.cache.root, exc)) from exc

    def _write_body(self, response: httpx.Response, temp: Path, job: _Job) -> int:
        size, head, digest = 0, b"", hashlib.sha256()
        with temp.open("wb") as out, govuk.translate_errors(job.url):
            for chunk in response.iter_bytes(self.options.chunk_size):
                if self.cancelled():
                    raise _Cancelled
                if len(head) < 1024:
                    head += chunk[: 1024 - len(head)]
                    if len(head) >= 5 and not head.startswith(b"%PDF-"):
                        raise DownloadRejectedError(f"{job.url} is not a PDF file.")
                size += len(chunk)
                if size > self.options.max_pdf_bytes:
                    raise DownloadRejectedError(_too_large(size, self.options.max_pdf_bytes))
                out.write(chunk)
                digest.update(chunk)
                with self._bytes_lock:
                    self._bytes += len(chunk)
            out.flush()
            os.fsync(out.fileno())
        if not head.startswith(b"%PDF-"):
            raise DownloadRejectedError(f"{job.url} is not a PDF file.")
        expected = response.headers.get("content-length", "")
        encoded = response.headers.get("content-encoding", "identity") != "identity"
        if expected.isdigit() and int(expected) != size and not encoded:
            raise IncompleteDownloadError(f"The download of {job.url} was cut short.")
        return size

    def _complete(self, job: _Job, future: Future[_Fetched]) -> None:
        att = job.attachment
        if future.cancelled():
            self.results.append(RegionResult(job.region, att.title, Outcome.SKIPPED, None, 0))
            return
        note = None
        try:
            fetched = future.result()
            if fetched.temp is None:
                self._save_state(att, Remote.CURRENT, None, checked=True)
                self._bytes_total -= att.size or 0  # a 304 costs no body
                outcome, size = Outcome.UNCHANGED, 0
            else:
                adopted = self.cache.adopt_download(
                    job.region,
                    fetched.temp,
                    url=job.url,
                    etag=fetched.etag,
                    last_modified=fetched.last_modified,
                )
                self._save_state(att, Remote.CURRENT, None, checked=True)
                outcome, size = Outcome.DOWNLOADED, fetched.size
                note = _kept_note(job.region) if self.cache.record(job.region) != adopted else None
            self.results.append(RegionResult(job.region, att.title, outcome, note, size))
        except _Cancelled:
            self.results.append(RegionResult(job.region, att.title, Outcome.SKIPPED, None, 0))
        except LisError as exc:
            if isinstance(exc, UnreachableError):
                self._lost.set()
            status = Remote.UPDATE_AVAILABLE if job.have_copy and job.url_changed else Remote.FAILED
            self._save_state(att, status, str(exc))
            self.results.append(RegionResult(job.region, att.title, Outcome.FAILED, str(exc), 0))

    # -- helpers --------------------------------------------------------------------------
    def _retrying(self, call: Callable[[], T]) -> T:
        for attempt in range(self.options.retries + 1):
            try:
                return call()
            except (OfflineError, IncompleteDownloadError, HttpStatusError) as exc:
                server = not isinstance(exc, HttpStatusError) or exc.status >= 500
                last = attempt == self.options.retries or self._lost.is_set()
                if not server or last or self.cancelled():
                    raise
                log.info("Retrying after: %s", exc)
                self._sleep(self.options.backoff * 2**attempt)
        raise AssertionError("unreachable")

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.cancelled() and (left := deadline - time.monotonic()) > 0:
            self._pause_event.wait(min(left, 0.05))

    def _save_state(
        self, att: Attachment, status: Remote, error: str | None, *, checked: bool = False
    ) -> None:
        """Note what GOV.UK said about `att` (stored in one transaction when the sync ends)."""
        assert att.region is not None
        now = time.time()
        old = self._old_states.get(att.region)
        rec = self.cache.synced_record(att.region) or self.cache.record(att.region)
        error_at = now
        if old is not None and old.status is status and old.last_error == error:
            error_at = old.error_at or now  # "since when" for a lasting problem
        self._states[att.region] = AttachmentState(
            region=att.region,
            title=att.title,
            url=att.url,
            etag=rec.etag if rec else None,
            last_modified=rec.last_modified if rec else None,
            sha256=rec.sha256 if rec else None,
            size=rec.size if rec else None,
            pages=rec.pages if rec else None,
            fetched_at=rec.fetched_at if rec else None,
            checked_at=now if checked else (old.checked_at if old else None),
            status=status,
            last_error=error,
            error_at=error_at if error else None,
        )

    def _emit(self, message: str) -> None:
        done = sum(1 for r in self.results if r.outcome is not Outcome.REMOVED)
        with self._bytes_lock:
            received = self._bytes
        self.progress(
            SyncProgress(
                message, done, self._files_total, received, max(self._bytes_total, received)
            )
        )

    def _finish(
        self,
        status: SyncStatus | None,
        message: str,
        new_notes: tuple[ChangeNote, ...] = (),
        others: tuple[Attachment, ...] = (),
        warnings: tuple[str, ...] = (),
    ) -> SyncReport:
        try:
            self.cache.remote.save_attachment_states(self._states.values())
        except CacheError as exc:  # the files and their records are consistent already
            log.warning("Cannot store what the sync learnt: %s", exc)
            warnings = (*warnings, f"What this sync learnt could not be stored: {exc}")
        report = SyncReport.build(
            status,
            message,
            self.results,
            self.regions,
            self.cache,
            self.cancelled(),
            new_notes,
            others,
            warnings,
            self._bytes,
        )
        try:
            self._record_attempt(report)
        except CacheError as exc:
            log.warning("Cannot record the sync's outcome: %s", exc)
        self._emit(report.message)
        return report

    def _record_attempt(self, report: SyncReport) -> None:
        self.cache.set_meta("sync.last_attempt_at", str(report.finished_at))
        self.cache.set_meta("sync.last_status", report.status.value)
        self.cache.set_meta("sync.last_message", report.message)
        if report.status in (SyncStatus.OK, SyncStatus.PARTIAL):
            self.cache.set_meta("sync.last_success_at", str(report.finished_at))


def _keep_removed(publication: Publication, baseline: Publication) -> Publication:
    """Attachments the last known story had for a region, now gone upstream: kept, marked."""
    present = {a.region for a in publication.attachments if a.region is not None}
    gone = tuple(
        replace(a, removed=True)
        for a in baseline.attachments
        if a.region is not None and a.region not in present
    )
    return replace(publication, attachments=publication.attachments + gone) if gone else publication


def _kept_note(region: str) -> str:
    return (
        "GOV.UK's copy differs from your imported one: it was kept beside it, and your "
        f"imported copy stays in use ('lis-desktop-cli use {region} govuk', or File ▸ Use "
        "GOV.UK Copy in the app, switches)."
    )


def _check_not_redirected(asked: str, answered: str) -> None:
    """A redirect to another path is another page, not the story (ApiFormatError)."""
    if not answered:
        return
    path = urlsplit(answered).path
    if path.rstrip("/") != urlsplit(asked).path.rstrip("/"):
        raise ApiFormatError(
            f"GOV.UK redirected the story's address to another page ('{path[:200]}'); "
            "nothing was changed."
        )


def _bind(fn: Callable[[_Job], _Fetched], job: _Job) -> Callable[[], _Fetched]:
    return lambda: fn(job)


def _too_large(size: int, limit: int) -> str:
    return f"The file is too large ({size / 1e6:.1f} MB; the limit is {limit / 1e6:.1f} MB)."
