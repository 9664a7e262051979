"""Export: a summary (or several) as a PDF copy, a merged PDF, PNG pages, text or Markdown,
each with a provenance sidecar saying where it came from.

All files of one export appear together or not at all (`atomic.StagedFiles`): a read-only
folder, a full disk, a summary that is not available offline or a cancel leaves nothing
behind and changes nothing else. Qt-free; the CLI and the export dialog both use `Exporter`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from lis_desktop import paths
from lis_desktop.atomic import StagedFiles
from lis_desktop.content.cache import sha256_file
from lis_desktop.content.library import Library
from lis_desktop.content.notes import Note
from lis_desktop.domain import Region, tree_order_key
from lis_desktop.errors import (
    ExportCancelledError,
    ExportError,
    ExportExistsError,
    ExportWriteError,
    LisError,
    NotOfflineError,
)
from lis_desktop.export import annotate
from lis_desktop.export import render as export_render
from lis_desktop.export.leftovers import remove_stale_export_parts
from lis_desktop.export.merge import MergePart, merge
from lis_desktop.export.notes import markdown_section as notes_markdown_section
from lis_desktop.export.notes import notes_csv, notes_markdown
from lis_desktop.export.provenance import Source, cover_pdf, merge_info, provenance

log = logging.getLogger(__name__)


class ExportFormat(StrEnum):
    PDF = "pdf"
    MERGED_PDF = "merged-pdf"
    PNG = "png"
    TXT = "txt"
    MD = "md"


SUFFIXES = {
    ExportFormat.PDF: ".pdf",
    ExportFormat.MERGED_PDF: ".pdf",
    ExportFormat.PNG: ".png",
    ExportFormat.TXT: ".txt",
    ExportFormat.MD: ".md",
}
DPI_CHOICES = (96, 150, 300)
DEFAULT_DPI = 150
MIN_DPI, MAX_DPI = 36, 600
SIDECAR_SUFFIX = ".provenance.json"
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
# What an export killed mid-write leaves: `.<file>.XXXXXXXX.part` (atomic.StagedFiles).

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class ExportRequest:
    region_ids: tuple[str, ...]
    format: ExportFormat
    target: Path  # a file, or a folder (several regions, or an existing folder)
    dpi: int = DEFAULT_DPI
    cover: bool = False
    force: bool = False
    with_notes: bool = False  # pdf, merged-pdf: the notes as PDF highlights in the copy


NOTES_FORMATS = (ExportFormat.PDF, ExportFormat.MERGED_PDF, ExportFormat.MD)
NOTES_SUFFIXES = {".md": "notes-md", ".csv": "notes-csv"}  # notes-only exports


@dataclass(frozen=True)
class ExportResult:
    files: tuple[Path, ...]  # what the user asked for, in order
    sidecars: tuple[Path, ...]  # one provenance file beside each


@dataclass(frozen=True)
class _Job:
    target: Path
    sources: tuple[Source, ...]
    page: int | None = None  # PNG: which page
    extra: dict[str, Any] = field(default_factory=dict)
    notes: tuple[Note, ...] = ()  # the sources' notes, for the formats that carry them


@dataclass(frozen=True)
class ExportPlan:
    """What an export will write, worked out from the cache (on the GUI thread if need be);
    `Exporter.run` then only reads the summaries and writes files."""

    request: ExportRequest
    jobs: tuple[_Job, ...]
    folder_export: bool

    @property
    def files(self) -> list[Path]:
        return [job.target for job in self.jobs]

    @property
    def targets(self) -> list[Path]:
        """Every file the export writes, sidecars included."""
        return [p for job in self.jobs for p in (job.target, sidecar_path(job.target))]

    def existing(self) -> list[Path]:
        return [p for p in self.targets if p.exists()]

    def with_force(self, force: bool = True) -> ExportPlan:
        return replace(self, request=replace(self.request, force=force))


def default_name(title: str, fmt: ExportFormat, count: int = 1) -> str:
    """'Black Country — Industrial Strategy local summary.pdf', safe on every OS."""
    if fmt is ExportFormat.MERGED_PDF:
        plural = "region" if count == 1 else "regions"
        stem = f"Industrial Strategy local summaries — {count} {plural}"
    else:
        stem = f"{title} — Industrial Strategy local summary"
    return _UNSAFE.sub("-", stem) + SUFFIXES[fmt]


def sidecar_path(target: Path) -> Path:
    return target.with_name(target.name + SIDECAR_SUFFIX)


class Exporter:
    """Exports summaries from the library's offline cache."""

    def __init__(self, library: Library, clock: Callable[[], datetime] | None = None) -> None:
        self.library = library
        self._clock = clock or (lambda: datetime.now(UTC))

    # -- planning ---------------------------------------------------------------------------
    def validate(self, request: ExportRequest) -> None:
        if not request.region_ids:
            raise ExportError("Choose at least one region to export.")
        for region_id in request.region_ids:
            self.library.region(region_id)
        if request.format is ExportFormat.PNG and not MIN_DPI <= request.dpi <= MAX_DPI:
            raise ExportError(f"The resolution must be between {MIN_DPI} and {MAX_DPI} dpi.")
        if request.with_notes and request.format not in NOTES_FORMATS:
            raise ExportError("Notes can be exported into PDF, merged PDF and Markdown only.")
        problem = paths.path_problem(request.target)
        if problem is not None:
            raise ExportError(f"The export destination {problem}; nothing was exported.")

    def is_folder_export(self, request: ExportRequest) -> bool:
        """Several files, one per region: the destination is a folder."""
        ids = set(request.region_ids)
        return request.format is not ExportFormat.MERGED_PDF and len(ids) > 1

    def plan(self, request: ExportRequest) -> ExportPlan:
        """Check the request and the summaries; raise ExportError or NotOfflineError."""
        jobs = self._plan(request, self._sources(request))
        if request.format is ExportFormat.MD or request.with_notes:
            jobs = [replace(job, notes=self._notes_of(job.sources)) for job in jobs]
        return ExportPlan(request, tuple(jobs), self.is_folder_export(request))

    def _notes_of(self, sources: tuple[Source, ...]) -> tuple[Note, ...]:
        return tuple(n for s in sources for n in self.library.cache.notes.list(s.region.id))

    # -- exporting --------------------------------------------------------------------------
    def export(
        self,
        request: ExportRequest,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> ExportResult:
        """Write the export, or raise an ExportError (or NotOfflineError) leaving nothing."""
        return self.run(self.plan(request), progress, cancelled)

    def export_notes(
        self, target: Path, *, force: bool = False, region_ids: Sequence[str] = ()
    ) -> ExportResult:
        """Every note (of `region_ids`, or of all summaries) as Markdown (.md) or CSV (.csv),
        grouped by region in tree order, with a provenance sidecar; all of it or nothing."""
        target = target.expanduser()
        kind = NOTES_SUFFIXES.get(target.suffix.lower())
        if kind is None:
            raise ExportError(
                f"Notes are exported as Markdown (.md) or CSV (.csv): '{target.name}' is neither."
            )
        if target.is_dir() or not target.parent.is_dir():
            raise ExportWriteError(f"Choose a file in a folder that exists, not '{target}'.")
        groups = self._notes_by_region(region_ids)
        notes = [note for _, region_notes in groups for note in region_notes]
        sources = self._sources_with_notes([region.id for region, _ in groups])
        exported_at = self._clock()
        if kind == "notes-md":
            data = notes_markdown(groups, self.library.publication, exported_at).encode()
        else:  # with a byte order mark: spreadsheets then read it as UTF-8
            data = notes_csv(groups, {s.region.id: s.url for s in sources}).encode("utf-8-sig")
        extra = {
            "notes": len(notes),
            "notes_detached": sum(1 for n in notes if n.detached),
            "regions": [region.id for region, _ in groups],
        }
        digest = hashlib.sha256(data).hexdigest()
        record = provenance(
            self.library.publication, sources, kind, target, digest, exported_at, extra
        )
        if not force:
            self._check_existing(ExportRequest((), ExportFormat.MD, target), [_Job(target, ())])
        with _staging(force, target.parent) as staged:
            with staged.writer(target) as out:
                out.write(data)
            _write_sidecar(staged, target, record)
        return ExportResult((target,), (sidecar_path(target),))

    def _notes_by_region(self, region_ids: Sequence[str]) -> list[tuple[Region, list[Note]]]:
        """The notes of `region_ids` (or all), grouped by region in tree order."""
        wanted = {self.library.region(region_id).id for region_id in region_ids}
        groups: dict[str, list[Note]] = {}
        for note in self.library.cache.notes.list():
            if note.region in wanted or not wanted:
                groups.setdefault(note.region, []).append(note)
        if not groups:
            raise ExportError("There are no notes to export: highlight some text first.")
        regions = sorted((self.library.region(r) for r in groups), key=tree_order_key)
        return [(region, groups[region.id]) for region in regions]

    def _sources_with_notes(self, regions: Sequence[str]) -> list[Source]:
        """The offline summaries of `regions`, for the provenance (unreadable ones left out)."""
        sources = []
        for region_id in regions:
            try:
                [source] = self._sources(ExportRequest((region_id,), ExportFormat.PDF, Path()))
                source.sha256  # noqa: B018 - read and checked against the cache record
            except LisError as exc:
                log.info("Notes of %s exported without their source: %s", region_id, exc)
                continue
            sources.append(source)
        return sources

    def run(
        self,
        plan: ExportPlan,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> ExportResult:
        """Write a planned export; touches no database, so it may run on a worker thread."""
        request, jobs = plan.request, list(plan.jobs)
        created = self._prepare_folder(plan)
        remove_stale_export_parts(jobs[0].target.parent)
        try:
            self._check_existing(request, jobs)
            self._write_all(request, jobs, progress, cancelled)
        except BaseException:
            if created is not None:
                _remove_if_empty(created)
            raise
        files = tuple(job.target for job in jobs)
        log.info("Exported %d %s file(s) to %s", len(files), request.format, files[0].parent)
        return ExportResult(files, tuple(sidecar_path(f) for f in files))

    def _write_all(
        self,
        request: ExportRequest,
        jobs: list[_Job],
        progress: Progress | None,
        cancelled: Cancelled | None,
    ) -> None:
        exported_at = self._clock()
        with _staging(request.force, jobs[0].target.parent) as staged:
            for done, job in enumerate(jobs):
                if cancelled is not None and cancelled():
                    raise ExportCancelledError("Export cancelled; nothing was written.")
                if progress is not None:
                    progress(done, len(jobs))
                digest, extra = self._write_job(request, job, staged, exported_at)
                record = provenance(
                    self.library.publication,
                    job.sources,
                    request.format.value,
                    job.target,
                    digest,
                    exported_at,
                    {**job.extra, **extra, **_page(job)},
                )
                _write_sidecar(staged, job.target, record)
        if progress is not None:
            progress(len(jobs), len(jobs))

    def _write_job(
        self, request: ExportRequest, job: _Job, staged: StagedFiles, exported_at: datetime
    ) -> tuple[str, dict[str, Any]]:
        """Stage one file; return its SHA-256 and what the sidecar should add about it."""
        fmt = request.format
        if fmt is ExportFormat.PDF and request.with_notes:
            return self._write_annotated(job, staged)
        if fmt is ExportFormat.PDF:
            return self._write_copy(job.sources[0], job.target, staged), {}
        if fmt is ExportFormat.MERGED_PDF:
            return self._write_merged(request, job, staged, exported_at)
        source = job.sources[0]
        checked = source.read()  # checked against the cache record before anything is made
        extra: dict[str, Any] = {}
        if fmt is ExportFormat.PNG:
            assert job.page is not None
            data = export_render.render_png(source.path, job.page, request.dpi)
        elif fmt is ExportFormat.MD:
            text = export_render.to_markdown(export_render.extract_blocks(source.path))
            notes = annotate.placed_in_file(checked, source.sha256, job.notes)
            if notes:
                text += "\n" + notes_markdown_section(notes)
                extra = {"notes": len(notes)}
            data = text.encode("utf-8")
        else:
            data = export_render.to_plain_text(export_render.extract_blocks(source.path)).encode()
        with staged.writer(job.target) as out:
            out.write(data)
        return hashlib.sha256(data).hexdigest(), extra

    def _write_annotated(self, job: _Job, staged: StagedFiles) -> tuple[str, dict[str, Any]]:
        """The summary's copy with its notes as PDF highlights (the cached file untouched)."""
        source = job.sources[0]
        result = annotate.annotated(source.read(), source.sha256, job.notes)
        with staged.writer(job.target) as out:
            out.write(result.data)
        digest = sha256_file(staged.staged_path(job.target))
        return digest, _notes_extra([result])

    def _write_copy(self, source: Source, target: Path, staged: StagedFiles) -> str:
        with staged.writer(target) as out:
            out.write(source.read())
        digest = sha256_file(staged.staged_path(target))  # read back what reached the disk
        if digest != source.sha256:
            raise ExportError(
                f"The copy of {source.region.title} did not match the offline summary "
                "after writing (SHA-256 differs); nothing was exported."
            )
        return digest

    def _write_merged(
        self, request: ExportRequest, job: _Job, staged: StagedFiles, exported_at: datetime
    ) -> tuple[str, dict[str, Any]]:
        pub, sources = self.library.publication, job.sources
        cover = cover_pdf(pub, sources, exported_at) if request.cover else None
        # Each summary is read and checked when pypdf needs it: one at a time in memory.
        annotated: list[annotate.Annotated] = []
        parts = [
            MergePart(s.region.title, s.region.nation, self._loader(s, job, annotated))
            if request.with_notes
            else MergePart(s.region.title, s.region.nation, s.read)
            for s in sources
        ]
        with staged.writer(job.target) as out:
            pages = merge(parts, merge_info(pub, sources, exported_at), out, cover)
        digest = sha256_file(staged.staged_path(job.target))  # what reached the file
        extra = _notes_extra(annotated) if request.with_notes else {}
        return digest, {"pages": pages, "cover": request.cover, **extra}

    @staticmethod
    def _loader(source: Source, job: _Job, done: list[annotate.Annotated]) -> Callable[[], bytes]:
        """Reads `source` with its notes written in as highlights, when the merge needs it."""
        notes = [n for n in job.notes if n.region == source.region.id]

        def load() -> bytes:
            result = annotate.annotated(source.read(), source.sha256, notes)
            done.append(result)
            return result.data

        return load

    # -- helpers ----------------------------------------------------------------------------
    def _sources(self, request: ExportRequest) -> list[Source]:
        self.validate(request)
        ids = list(dict.fromkeys(request.region_ids))
        if request.format is ExportFormat.MERGED_PDF:  # tree order, whatever the selection order
            ids.sort(key=lambda region_id: tree_order_key(self.library.region(region_id)))
        sources = []
        for region_id in ids:
            region = self.library.region(region_id)
            path = self.library.pdf_path(region_id)
            record = self.library.cache.record(region_id)
            if path is None or record is None:
                raise NotOfflineError(
                    f"The summary for {region.title} is not available offline: download it "
                    "or import the PDF first. Nothing was exported."
                )
            attachment = self.library.publication.attachment_for(region_id)
            url = record.url or (attachment.url if attachment else None)
            sources.append(Source(region, path, record, url))
        return sources

    def _plan(self, request: ExportRequest, sources: list[Source]) -> list[_Job]:
        fmt, target = request.format, request.target.expanduser()
        if not target.is_dir() and not target.suffix and not self.is_folder_export(request):
            target = target.with_name(target.name + SUFFIXES[fmt])
        if fmt is ExportFormat.MERGED_PDF:
            if target.is_dir():
                target = target / default_name("", fmt, len(sources))
            return [_Job(target, tuple(sources))]
        if self.is_folder_export(request):
            if target.exists() and not target.is_dir():
                raise ExportError(
                    f"'{target}' is a file: to export several regions, choose a folder."
                )
            paths = [target / default_name(s.region.title, fmt) for s in sources]
        else:
            is_dir = target.is_dir()
            paths = [target / default_name(sources[0].region.title, fmt) if is_dir else target]
        if fmt is not ExportFormat.PNG:
            return [_Job(p, (s,)) for p, s in zip(paths, sources, strict=True)]
        jobs = []
        for path, source in zip(paths, sources, strict=True):
            count = export_render.page_count(source.path)
            for page in range(count):
                name = path if count == 1 else path.with_stem(f"{path.stem} (page {page + 1})")
                jobs.append(_Job(name, (source,), page=page, extra={"dpi": request.dpi}))
        return jobs

    @staticmethod
    def _prepare_folder(plan: ExportPlan) -> Path | None:
        """Create the destination folder of a several-region export; return it if created."""
        folder = plan.jobs[0].target.parent
        if folder.is_dir():
            return None
        if not plan.folder_export or not folder.parent.is_dir():
            raise ExportWriteError(f"The folder '{folder}' does not exist; nothing was exported.")
        try:
            folder.mkdir()
        except OSError as exc:
            raise ExportWriteError(write_failure_message(folder, exc)) from exc
        return folder

    @staticmethod
    def _check_existing(request: ExportRequest, jobs: list[_Job]) -> None:
        if request.force:
            return
        for job in jobs:
            for path in (job.target, sidecar_path(job.target)):
                if path.exists():
                    raise ExportExistsError(_exists_message(path))


@contextlib.contextmanager
def _staging(force: bool, folder: Path) -> Iterator[StagedFiles]:
    """Files staged in `folder` and committed together, with errors a user can act on."""
    try:
        with StagedFiles(overwrite=force) as staged:
            yield staged
            staged.commit()
    except FileExistsError as exc:
        raise ExportExistsError(_exists_message(Path(exc.filename or folder))) from exc
    except OSError as exc:
        raise ExportWriteError(write_failure_message(folder, exc)) from exc


def _write_sidecar(staged: StagedFiles, target: Path, record: dict[str, Any]) -> None:
    with staged.writer(sidecar_path(target)) as out:
        out.write(json.dumps(record, ensure_ascii=False, indent=2).encode())


def _notes_extra(results: list[annotate.Annotated]) -> dict[str, Any]:
    """What the sidecar says of the notes written into a PDF."""
    return {
        "with_notes": True,
        "notes": sum(r.written for r in results),
        "notes_not_placed": sum(r.not_placed for r in results),
    }


def _page(job: _Job) -> dict[str, Any]:
    return {} if job.page is None else {"page": job.page + 1}


def _exists_message(path: Path) -> str:
    return f"'{path}' already exists; choose another name or allow overwriting (--force)."


def write_failure_message(folder: Path, exc: OSError) -> str:
    """Why nothing could be written into `folder`, in words (also the map's exports)."""
    if exc.errno == errno.ENOSPC:
        return f"The disk holding '{folder}' is full; nothing was exported."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"The folder '{folder}' cannot be written (read-only); nothing was exported."
    if exc.errno == errno.ENOENT:
        return f"The folder '{folder}' does not exist; nothing was exported."
    return f"Cannot write to '{folder}': {exc.strerror or exc}; nothing was exported."


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        log.debug("Left the export folder %s in place (not empty)", folder)


__all__ = [
    "DPI_CHOICES",
    "ExportFormat",
    "ExportPlan",
    "ExportRequest",
    "ExportResult",
    "Exporter",
    "default_name",
    "remove_stale_export_parts",
    "sidecar_path",
    "write_failure_message",
]
