"""lis-desktop-cli: the app's services without a window, for scripts, tests and benchmarks.

Exit status: 0 success; 1 bad input or a failure (one line on stderr; for sync also a summary
that is not available offline, or a response that is not the story); 3 sync could not reach
GOV.UK (the offline cache is intact); 130 interrupted."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

from lis_desktop import __version__, paths
from lis_desktop.content import govuk
from lis_desktop.content.cache import SOURCES, Cache
from lis_desktop.content.library import Library
from lis_desktop.content.notebook import Notebook
from lis_desktop.content.notes import COLOURS, DEFAULT_COLOUR
from lis_desktop.content.sync import SyncOptions, SyncProgress, sync
from lis_desktop.content.sync_report import Outcome, SyncStatus
from lis_desktop.domain import NATIONS, Offline, format_date
from lis_desktop.errors import LisError
from lis_desktop.export.exporter import DEFAULT_DPI, Exporter, ExportFormat, ExportRequest
from lis_desktop.search import matrix
from lis_desktop.search.index import SearchIndex, SearchResult, sources_from_cache, update_index
from lis_desktop.search.query import BODIES, parse_facets, parse_query

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_UNREACHABLE = 3  # sync: GOV.UK could not be reached; nothing changed
MAX_LIMIT = 100_000
COPIES = {"imported": "import", "govuk": "sync"}  # `use`'s words -> the cache's sources


class CliError(LisError):
    """Bad command-line usage."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise CliError(f"{self.prog}: {message} (see --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="lis-desktop-cli", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--cache-dir", help="offline cache folder (default: the user data folder)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("regions", help="list the 41 regions and whether each is offline")
    p.add_argument("--filter", default="", help="show only regions whose title matches")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_regions)

    p = sub.add_parser("publication", help="show the news story, its history and attachments")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_publication)

    p = sub.add_parser("import", help="attach a PDF you have to a region")
    p.add_argument("file", type=Path)
    p.add_argument("--region", required=True, help="region id (see 'regions')")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser(
        "use",
        help="choose which copy of a summary is used: your imported one or GOV.UK's",
        description="A sync never replaces a summary you imported: when GOV.UK's copy differs "
        "it is kept beside yours. 'use ID govuk' switches to it, 'use ID imported' back.",
    )
    p.add_argument("id", metavar="ID", help="region id (see 'regions')")
    p.add_argument("copy", choices=sorted(COPIES), help="which copy to use")
    p.set_defaults(handler=cmd_use)

    p = sub.add_parser("sync", help="download the story and the summaries from GOV.UK")
    p.add_argument("--api-url", default=govuk.API_URL, help="Content API item to read")
    p.add_argument(
        "--allow-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="also allow this origin, e.g. http://127.0.0.1:8123 (for testing)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_sync)
    p = sub.add_parser(
        "export",
        help="save summaries as a PDF copy, one merged PDF, PNG pages, text or Markdown",
        description="With one ID (or merged-pdf) -o is the file to write, or an existing folder "
        "to write the default name into; with several IDs, -o is a folder (created if its "
        "parent exists). A provenance sidecar <file>.provenance.json is written beside each file.",
    )
    p.add_argument("ids", nargs="+", metavar="ID", help="region ids (see 'regions')")
    p.add_argument("--format", required=True, choices=[f.value for f in ExportFormat])
    p.add_argument("-o", "--output", required=True, type=Path, metavar="PATH")
    p.add_argument("--dpi", type=int, help=f"PNG resolution (default {DEFAULT_DPI})")
    p.add_argument("--cover", action="store_true", help="merged-pdf: start with a cover page")
    p.add_argument("--force", action="store_true", help="overwrite files that exist")
    _add_with_notes(p)
    p.set_defaults(handler=cmd_export)
    _add_notes_commands(sub)

    p = sub.add_parser(
        "search",
        help="search the text of every summary available offline",
        description='Words must all match; "exact phrase", prefix*, OR, -exclusion. '
        "Case, accents and word endings are ignored (manufacturer finds manufacturing).",
    )
    p.add_argument("query", help="e.g. '\"offshore wind\" OR hydrogen -nuclear'")
    p.add_argument("--nation", help=", ".join(NATIONS))
    p.add_argument("--body", help=", ".join(BODIES))
    p.add_argument("--ons-region", help="e.g. 'Yorkshire and the Humber'")
    p.add_argument("--wave", help="LIS wave: 1, 2, 3 or none")
    p.add_argument(
        "--limit", type=int, default=1000, help=f"at most this many pages (1000; 1-{MAX_LIMIT})"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser(
        "matrix",
        help="the theme matrix: hits of each theme's query in every summary",
        description="Rows are the 41 regions, columns the Industrial Strategy's five foundations "
        "and four Grand Challenges (each a query in the search language), then any --column. "
        "A count is the hits of the column's query in that summary; 'not offline' (null in "
        "JSON, empty in CSV) when the summary is not available offline.",
    )
    p.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="LABEL=QUERY",
        help="add a column, e.g. 'Hydrogen=hydrogen OR \"fuel cells\"' (repeatable)",
    )
    output = p.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true")
    output.add_argument("--csv", action="store_true")
    p.set_defaults(handler=cmd_matrix)
    return parser


def cmd_regions(args: argparse.Namespace, library: Library) -> int:
    _verify_offline_copies(library)
    statuses = library.statuses()
    copies = library.copies()
    rows = [
        {
            "id": r.id,
            "title": r.title,
            "nation": r.nation,
            "body": r.body,
            "wave": r.wave,
            "ons_regions": list(r.ons_regions),
            "offline": statuses[r.id] in (Offline.AVAILABLE, Offline.UPDATE_AVAILABLE),
            "status": statuses[r.id].value,
            "copy": _copy_word(copies.get(r.id, (None, None))[0]),
            "other_copy": _copy_word(copies.get(r.id, (None, None))[1]),
        }
        for r in library.filtered(args.filter)
    ]
    if args.json:
        _print_json(rows)
        return 0
    for row in rows:
        wave = row["wave"] if row["wave"] is not None else "-"
        mark = "offline" if row["offline"] else row["status"]
        print(f"{row['id']:<58} {row['body']:<8} wave {wave}  {mark}")
    print(f"Showing {len(rows)} of {len(library.regions)}")
    return 0


def cmd_publication(args: argparse.Namespace, library: Library) -> int:
    pub = library.publication
    if args.json:
        _print_json(
            {
                "title": pub.title,
                "url": pub.url,
                "published": pub.published.isoformat(),
                "updated": pub.updated.isoformat(),
                "body_text": pub.body_text,
                "history": [
                    {"date": n.date.isoformat(), "note": n.note} for n in pub.history_newest_first()
                ],
                "attachments": [
                    {
                        "title": a.title,
                        "region": a.region,
                        "size": a.size,
                        "size_text": a.size_text,
                        "pages": a.pages,
                        "url": a.url,
                        "removed": a.removed,
                    }
                    for a in pub.attachments
                ],
                "licence": pub.licence,
            }
        )
        return 0
    print(pub.title)
    print(f"Published {format_date(pub.published)}")
    print(f"Last updated {format_date(pub.updated)}")
    print()
    for block in pub.body:
        print(f"    “{block.text}”" if block.kind == "quote" else block.text)
        print()
    print("Updates:")
    for note in pub.history_newest_first():
        print(f"  {format_date(note.date)} — {note.note}")
    print()
    print("Attachments:")
    for att in pub.attachments:
        print(f"  {att.title} — {att.listing()}")
    print()
    print(f"{pub.url}\nContains public sector information licensed under the {pub.licence}.")
    return 0


def cmd_import(args: argparse.Namespace, library: Library) -> int:
    region = library.region(args.region)
    record = library.cache.import_pdf(region.id, args.file)
    plural = "" if record.pages == 1 else "s"
    print(f"Imported '{args.file.name}' for {region.title} ({record.pages} page{plural}).")
    return 0


def cmd_use(args: argparse.Namespace, library: Library) -> int:
    region = library.region(args.id)
    record = library.cache.use_copy(region.id, COPIES[args.copy])
    other = library.cache.kept_copy(region.id)
    kept = f"; the {SOURCES[other.source]} copy is kept" if other is not None else ""
    name = f" '{record.original_name}'" if record.original_name else ""
    print(f"{region.title}: using the {SOURCES[record.source]} copy{name}{kept}.")
    return 0


def _copy_word(source: str | None) -> str | None:
    """The cache's source of a copy as `regions --json` and `use` say it."""
    return {value: word for word, value in COPIES.items()}.get(source or "")


def _verify_offline_copies(library: Library) -> None:
    """Re-hash the cached files (about 40 ms for all 41) so a damaged one is never listed as
    offline; a cache that cannot be written is reported by the command itself."""
    if not library.cache.exists():
        return
    try:
        library.cache.verify()
    except LisError as exc:
        log.info("Could not verify the offline copies: %s", exc)


def cmd_sync(args: argparse.Namespace, library: Library) -> int:
    """Exit 0 when every summary is available offline; else one stderr line per missing one
    (and 3 when GOV.UK could not be reached, 1 when it sent something that is not the story)."""
    origins = tuple(govuk.parse_origin(o) for o in args.allow_origin)
    with govuk.GovukClient(govuk.ClientOptions(allow_origins=origins)) as client:
        client.check_url(args.api_url)
        report = sync(
            client,
            library.cache,
            library.regions,
            _ProgressPrinter(),
            lambda: False,
            SyncOptions(api_url=args.api_url),
        )
    if args.json:
        _print_json(report.to_json())
    else:
        print(report.message)
        for note in report.new_history:
            print(f"New update: {format_date(note.date)} — {note.note}")
        for result in report.results:
            if result.outcome is Outcome.DOWNLOADED and result.message:
                print(f"{result.region}: {result.message}")
    if report.status is SyncStatus.FAILED:
        _note(report.message)
    for region, why in report.missing:
        sys.stderr.write(f"lis-desktop-cli: {region}: {why}\n")
    if report.status is SyncStatus.OFFLINE:
        return EXIT_UNREACHABLE
    return EXIT_FAILED if report.missing or report.status is SyncStatus.FAILED else EXIT_OK


class _ProgressPrinter:
    """Sync progress on stderr: one line whenever a file completes."""

    def __init__(self) -> None:
        self._last: tuple[str, int] | None = None

    def __call__(self, progress: SyncProgress) -> None:
        key = (progress.message, progress.files_done)
        if key == self._last or sys.stderr is None:
            return
        self._last = key
        line = progress.message
        if progress.files_total:
            line = (
                f"{line} {progress.files_done}/{progress.files_total} files, "
                f"{progress.bytes_done / 1e6:.1f}/{progress.bytes_total / 1e6:.1f} MB"
            )
        sys.stderr.write(f"sync: {line}\n")
        sys.stderr.flush()


def cmd_export(args: argparse.Namespace, library: Library) -> int:
    fmt = ExportFormat(args.format)
    if args.dpi is not None and fmt is not ExportFormat.PNG:
        raise CliError("--dpi applies to --format png only")
    if args.cover and fmt is not ExportFormat.MERGED_PDF:
        raise CliError("--cover applies to --format merged-pdf only")
    request = ExportRequest(
        region_ids=tuple(args.ids),
        format=fmt,
        target=args.output,
        dpi=DEFAULT_DPI if args.dpi is None else args.dpi,
        cover=args.cover,
        force=args.force,
        with_notes=args.with_notes,
    )
    result = Exporter(library).export(request)
    for path in result.files:
        print(path)
    plural = "" if len(result.files) == 1 else "s"
    print(f"Exported {len(result.files)} file{plural}, each with a provenance sidecar.")
    return 0


def _add_with_notes(export: argparse.ArgumentParser) -> None:
    export.add_argument(
        "--with-notes",
        action="store_true",
        help="pdf, merged-pdf: write your notes into the copy as PDF highlights (md always "
        "lists them)",
    )


# -- notes ---------------------------------------------------------------------------------
def _add_notes_commands(sub: Any) -> None:
    p = sub.add_parser(
        "notes",
        help="your highlights and notes on the summaries",
        description="Notes are kept beside the summaries in the offline cache (never in the "
        "PDFs) and follow a summary to its new version by their quoted text.",
    )
    notes = p.add_subparsers(dest="notes_command", required=True, parser_class=_Parser)
    a = notes.add_parser("add", help="highlight a quote in a summary, with a note")
    a.add_argument("id", metavar="ID", help="region id (see 'regions')")
    a.add_argument("--quote", required=True, metavar="TEXT", help="text of the summary")
    a.add_argument("--note", default="", metavar="TEXT", help="your note on it")
    a.add_argument("--page", type=int, metavar="N", help="look for the quote on page N only")
    a.add_argument("--colour", default=DEFAULT_COLOUR, choices=list(COLOURS))
    a.set_defaults(handler=cmd_notes_add)
    ls = notes.add_parser("list", help="list the notes, of one summary or all")
    ls.add_argument("id", nargs="?", metavar="ID", help="region id (default: all regions)")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_notes_list)
    rm = notes.add_parser("remove", help="remove a note")
    rm.add_argument("note_id", type=int, metavar="NOTE_ID", help="as 'notes list' shows it")
    rm.set_defaults(handler=cmd_notes_remove)
    ex = notes.add_parser(
        "export",
        help="all notes as Markdown or CSV, with a provenance sidecar",
        description="The file's extension chooses the format: .md (Markdown, grouped by "
        "region) or .csv (one note per row, UTF-8). A provenance sidecar "
        "<file>.provenance.json is written beside it.",
    )
    ex.add_argument("ids", nargs="*", metavar="ID", help="only these regions (default: all)")
    ex.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.md|FILE.csv")
    ex.add_argument("--force", action="store_true", help="overwrite files that exist")
    ex.set_defaults(handler=cmd_notes_export)


def cmd_notes_add(args: argparse.Namespace, library: Library) -> int:
    region = library.region(args.id)
    if args.page is not None and args.page < 1:
        raise CliError(f"--page must be 1 or more, not {args.page}")
    page = None if args.page is None else args.page - 1
    note = Notebook(library.cache).add(
        region.id, args.quote, args.note, page=page, colour=args.colour, title=region.title
    )
    print(f"Added note {note.id} to {region.title}, page {note.page + 1}: “{note.quote}”")
    return 0


def cmd_notes_list(args: argparse.Namespace, library: Library) -> int:
    region = library.region(args.id).id if args.id else None
    notes = Notebook(library.cache).notes(region) if library.cache.exists() else []
    titles = {r.id: r.title for r in library.regions}
    if args.json:
        _print_json([n.to_json(titles.get(n.region)) for n in notes])
        return 0
    shown = ""
    for note in notes:
        if note.region != shown:
            shown = note.region
            print(titles.get(note.region, note.region))
        where = "detached" if note.detached else f"page {note.page + 1}"
        text = f" — {' '.join(note.note.split())}" if note.note else ""
        print(f"  [{note.id}] {where}: “{note.quote}”{text}")
    if not notes:
        print("No notes yet: add one with 'notes add ID --quote TEXT --note TEXT'.")
        return 0
    regions = len({n.region for n in notes})
    print(f"{_plural(len(notes), 'note')} on {_plural(regions, 'summary')}.")
    return 0


def cmd_notes_remove(args: argparse.Namespace, library: Library) -> int:
    note = library.cache.notes.remove(args.note_id)
    print(f"Removed note {note.id}: “{note.quote}”")
    return 0


def cmd_notes_export(args: argparse.Namespace, library: Library) -> int:
    Notebook(library.cache).reconcile(args.ids or None)
    result = Exporter(library).export_notes(args.output, force=args.force, region_ids=args.ids)
    print(result.files[0])
    print("Exported the notes, with a provenance sidecar.")
    return 0


def cmd_search(args: argparse.Namespace, library: Library) -> int:
    if not 1 <= args.limit <= MAX_LIMIT:
        raise CliError(f"--limit must be between 1 and {MAX_LIMIT:,} pages")
    facets = parse_facets(
        library.regions,
        nation=args.nation,
        body=args.body,
        wave=args.wave,
        ons_region=args.ons_region,
    )
    parse_query(args.query)  # a malformed query fails before any indexing work
    with _updated_index(library) as index:
        result = index.search(args.query, facets, limit=args.limit)
    if result.total == 0:
        _note("No summaries are available offline to search: import or sync them first.")
    if args.json:
        _print_json(_search_rows(result))
        return 0
    for group in result.regions:
        print(f"{group.title} — {_plural(group.hits, 'hit')}")
        for page in group.pages:
            print(f"  page {page.page + 1}: {_marked(page.snippet, page.spans)}")
    where = f" {result.facets.describe()}" if not result.facets.is_any() else ""
    print(
        f"{_plural(result.hits, 'hit')} in {_plural(len(result.regions), 'summary')}{where} "
        f"({result.total} searched)."
    )
    return 0


def cmd_matrix(args: argparse.Namespace, library: Library) -> int:
    # Malformed columns fail before any indexing work, naming the column.
    columns = matrix.columns_with(matrix.parse_column_spec(spec) for spec in args.column)
    with _updated_index(library) as index:
        table = matrix.compute_matrix(index, columns)
    if not table.hits:
        _note("No summaries are available offline to count: import or sync them first.")
    if args.json:
        _print_json(matrix.to_json(table))
    elif args.csv:
        sys.stdout.write(matrix.to_csv(table).replace("\r\n", "\n"))
    else:
        _print_matrix(table)
    return 0


def _print_matrix(table: matrix.Matrix) -> None:
    """Columns numbered with their queries, then one line per region."""
    for number, column in enumerate(table.columns, start=1):
        print(f"[{number}] {column.label}: {column.query}")
    width = max(len(r.title) for r in table.regions)
    cells = [max(len(str(n)), 4) for n in range(1, len(table.columns) + 1)]
    header = "".join(f"{f'[{n}]':>{w + 1}}" for n, w in enumerate(cells, start=1))
    print(f"{'':<{width}}{header} {'total':>6}")
    for region in table.regions:
        counts = [matrix.cell_text(table, region.id, c.id) for c in table.columns]
        if table.row_total(region.id) is None:
            print(f"{region.title:<{width}} {table.state(region.id).value}")
            continue
        line = "".join(f"{n:>{w + 1}}" for n, w in zip(counts, cells, strict=True))
        print(f"{region.title:<{width}}{line} {matrix.cell_text(table, region.id):>6}")
    counted = len(table.counted())
    print(f"{_plural(counted, 'summary')} counted of {len(table.regions)}.")


@contextlib.contextmanager
def _updated_index(library: Library) -> Iterator[SearchIndex]:
    """The search index, brought up to date with the offline summaries first."""
    index = SearchIndex.for_cache(library.cache, library.regions)
    try:
        report = update_index(index, sources_from_cache(library.cache), progress=_index_note)
        for region, error in report.failed.items():
            _note(f"{library.region(region).title}: {error}")
        yield index
    finally:
        index.close()


def _index_note(done: int, total: int, region: str) -> None:
    if done == 0:
        _note(f"Indexing {_plural(total, 'summary')} for search…")


def _note(message: str) -> None:
    sys.stderr.write(f"lis-desktop-cli: {message}\n")


def _plural(count: int, noun: str) -> str:
    if count == 1:
        return f"1 {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") else f"{count} {noun}s"


def _marked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start], "[", text[start:end], "]"]
        last = end
    return "".join([*out, text[last:]])


def _search_rows(result: SearchResult) -> list[dict[str, Any]]:
    return [
        {
            "region": group.region,
            "title": group.title,
            "page": page.page + 1,
            "snippet": page.snippet,
            "highlights": [list(span) for span in page.spans],
            "hits": page.hits,
            "region_hits": group.hits,
        }
        for group in result.regions
        for page in group.pages
    ]


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def main(argv: Sequence[str] | None = None) -> int:
    _guard_stdio()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        args = build_parser().parse_args(argv)
        root = paths.cache_dir(args.cache_dir)
        problem = paths.path_problem(root)
        if problem is not None:
            raise CliError(f"The offline cache folder {problem}.")
        cache = Cache(root)
        cache.remove_stale_temp_files()  # what an interrupted import or download left
        try:
            handler: Callable[[argparse.Namespace, Library], int] = args.handler
            return handler(args, Library.load(cache))
        finally:
            cache.close()
    except LisError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("Interrupted.", code=130)
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the promise: one line, never a traceback
        log.debug("Unexpected error", exc_info=True)
        return _fail(f"Unexpected error: {exc.__class__.__name__}: {exc}")


def _guard_stdio() -> None:
    """Started without a console (pythonw, a GUI launcher) the streams are None: write nowhere."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def _fail(message: str, code: int = 1) -> int:
    sys.stderr.write(
        f"lis-desktop-cli: {message}\n" if not message.startswith("lis-") else f"{message}\n"
    )
    return code


if __name__ == "__main__":
    sys.exit(main())
