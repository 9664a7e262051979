"""The theme matrix: regions x themes. Each theme is a column holding a query in the search
language; each cell the number of hits of that query in one region's summary (search.counting),
or None when that summary is not available offline (never 0).

The nine preset columns are the national Industrial Strategy's five foundations of productivity
and four Grand Challenges; users add their own. Also here: the columns' settings format, the
shading steps and palettes the matrix (and the map) colour counts with, and the exports (JSON for
the CLI, CSV, Markdown, each with a provenance sidecar).

The map and other views colour regions by a column through `column_counts`,
`Matrix.column_counts`, `heat_level` and `heat_colour`; nothing here imports Qt.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from lis_desktop import APP_NAME, version
from lis_desktop.atomic import StagedFiles
from lis_desktop.content.library import Library
from lis_desktop.digests import sha256_hex
from lis_desktop.domain import Publication, Region, format_date, slugify
from lis_desktop.errors import ExportWriteError, SearchQueryError
from lis_desktop.search.index import SearchIndex
from lis_desktop.search.query import check_text, parse_query

log = logging.getLogger(__name__)


# -- columns -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    id: str  # stable: presets' ids never change; added columns get a slug of their label
    label: str
    query: str  # in the search language
    preset: bool = False


PRESETS: tuple[Column, ...] = tuple(
    Column(slugify(label), label, query, preset=True)
    for label, query in (
        # The five foundations of productivity
        ("Ideas", 'innovation OR research OR science OR "R&D"'),
        ("People", "skills OR apprenticeships OR training OR workforce OR employment"),
        (
            "Infrastructure",
            'infrastructure OR transport OR broadband OR "full fibre" OR rail OR railway '
            "OR housing",
        ),
        (
            "Business environment",
            '"business environment" OR "business support" OR SMEs OR "start-ups" '
            'OR "scale-ups" OR exporting OR "access to finance"',
        ),
        ("Places", 'places OR communities OR towns OR "inclusive growth" OR "quality of life"'),
        # The four Grand Challenges
        (
            "AI & data economy",
            '"artificial intelligence" OR AI OR data OR digital OR automation',
        ),
        (
            "Clean growth",
            '"clean growth" OR decarbonisation OR "low carbon" OR "net zero" OR "clean energy" '
            'OR "renewable energy"',
        ),
        (
            "Future of mobility",
            'mobility OR automotive OR "electric vehicles" OR "autonomous vehicles" '
            'OR "connected vehicles"',
        ),
        (
            "Ageing society",
            '"ageing society" OR "healthy ageing" OR "ageing population" OR "older people" '
            'OR "life sciences" OR "health and care"',
        ),
    )
)
PRESET_IDS = frozenset(c.id for c in PRESETS)
COLUMNS_FORMAT = 1  # the settings JSON's version


def check_column(column: Column) -> None:
    """SearchQueryError naming the column when its label is empty or its query malformed."""
    if not column.label.strip():
        raise SearchQueryError("A column needs a name.")
    check_text(column.label, "A column's name")
    try:
        parse_query(column.query)
    except SearchQueryError as exc:
        raise SearchQueryError(f"Column '{column.label}': {exc}") from exc


def new_column_id(label: str, taken: Iterable[str]) -> str:
    """A slug of `label` no other column has ('hydrogen', then 'hydrogen-2', ...)."""
    used = set(taken)
    base = slugify(label) or "column"
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def add_column(columns: Sequence[Column], label: str, query: str) -> tuple[Column, ...]:
    """`columns` with a new one at the end (checked: SearchQueryError names it)."""
    column = Column(new_column_id(label, (c.id for c in columns)), label.strip(), query.strip())
    check_column(column)
    return (*columns, column)


def parse_column_spec(spec: str) -> tuple[str, str]:
    """'LABEL=QUERY' (as the CLI's --column takes it) -> (label, query)."""
    label, sep, query = spec.partition("=")
    if not sep or not label.strip():
        raise SearchQueryError(
            f"--column {spec!r}: write it as LABEL=QUERY, "
            "e.g. --column 'Hydrogen=hydrogen OR \"fuel cells\"'."
        )
    if not query.strip():
        raise SearchQueryError(f"Column '{label.strip()}' has no query after '='.")
    return label.strip(), query.strip()


def columns_with(added: Iterable[tuple[str, str]]) -> tuple[Column, ...]:
    """The presets, then a column for each (label, query), checked."""
    columns: tuple[Column, ...] = PRESETS
    for label, query in added:
        columns = add_column(columns, label, query)
    return columns


def load_columns(text: str) -> tuple[Column, ...]:
    """Columns from their settings JSON: the presets (with any edited queries) first, then the
    added ones. Anything unreadable is left out (logged), so bad settings never lose the presets."""
    if not text.strip():
        return PRESETS
    try:
        data = json.loads(text)
        edited = data.get("presets", {})
        added = data.get("added", [])
        if not isinstance(edited, dict) or not isinstance(added, list):
            raise TypeError("presets must be an object and added a list")
    except (ValueError, TypeError, AttributeError) as exc:
        log.warning("Ignoring unreadable matrix columns in the settings: %s", exc)
        return PRESETS
    columns = [_edited_preset(p, edited.get(p.id)) for p in PRESETS]
    for item in added:
        column = _stored_column(item, [c.id for c in columns])
        if column is not None:
            columns.append(column)
    return tuple(columns)


def _edited_preset(preset: Column, query: object) -> Column:
    if not isinstance(query, str):
        return preset
    column = Column(preset.id, preset.label, query, preset=True)
    try:
        check_column(column)
    except SearchQueryError as exc:
        log.warning("Ignoring a stored query for %s: %s", preset.label, exc)
        return preset
    return column


def _stored_column(item: object, taken: list[str]) -> Column | None:
    if not isinstance(item, dict):
        return None
    label, query, wanted = item.get("label"), item.get("query"), item.get("id")
    if not isinstance(label, str) or not isinstance(query, str):
        return None
    column_id = wanted if isinstance(wanted, str) and wanted and wanted not in taken else None
    column = Column(column_id or new_column_id(label, taken), label, query)
    try:
        check_column(column)
    except SearchQueryError as exc:
        log.warning("Ignoring a stored matrix column: %s", exc)
        return None
    return column


def dump_columns(columns: Sequence[Column]) -> str:
    """The settings JSON for `columns`: edited preset queries and the added columns in order."""
    defaults = {p.id: p.query for p in PRESETS}
    edited = {c.id: c.query for c in columns if c.preset and c.query != defaults.get(c.id)}
    added = [{"id": c.id, "label": c.label, "query": c.query} for c in columns if not c.preset]
    return json.dumps({"format": COLUMNS_FORMAT, "presets": edited, "added": added})


def default_query(column: Column) -> str | None:
    """A preset's own query (to reset an edited one); None for an added column."""
    return next((p.query for p in PRESETS if p.id == column.id), None)


# -- the matrix ----------------------------------------------------------------------------------
class RegionState(StrEnum):
    """Why a row has (or has no) counts."""

    COUNTED = "offline"
    NOT_OFFLINE = "not offline"
    INDEXING = "indexing"  # offline, its text not in the search index yet
    UNREADABLE = "unreadable"  # offline, but its text could not be read


@dataclass(frozen=True)
class Matrix:
    """Counts for every region (in the given order) and column."""

    columns: tuple[Column, ...]
    regions: tuple[Region, ...]
    hits: dict[str, dict[str, int]]  # counted region -> column id -> hits
    first_pages: dict[str, dict[str, int]]  # counted region -> column id -> first page with hits
    sha256: dict[str, str]  # counted region -> SHA-256 of the summary the counts came from
    states: dict[str, RegionState]
    computed_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def column(self, column_id: str) -> Column:
        for column in self.columns:
            if column.id == column_id:
                return column
        raise KeyError(column_id)

    def state(self, region_id: str) -> RegionState:
        return self.states.get(region_id, RegionState.NOT_OFFLINE)

    def count(self, region_id: str, column_id: str) -> int | None:
        """Hits of the column's query in the region's summary; None when not counted."""
        row = self.hits.get(region_id)
        return None if row is None else row.get(column_id, 0)

    def first_page(self, region_id: str, column_id: str) -> int:
        """The first page (0-based) holding the column's hits in that summary (0 when none)."""
        return self.first_pages.get(region_id, {}).get(column_id, 0)

    def row_total(self, region_id: str) -> int | None:
        row = self.hits.get(region_id)
        return None if row is None else sum(row.get(c.id, 0) for c in self.columns)

    def counted(self, region_ids: Iterable[str] | None = None) -> list[str]:
        """The regions (of `region_ids`, default all) that have counts."""
        ids = [r.id for r in self.regions] if region_ids is None else list(region_ids)
        return [r for r in ids if r in self.hits]

    def column_total(self, column_id: str, region_ids: Iterable[str] | None = None) -> int:
        return sum(self.hits[r].get(column_id, 0) for r in self.counted(region_ids))

    def mentions(self, column_id: str, region_ids: Iterable[str] | None = None) -> int:
        """How many regions (of those counted) mention the column's theme at all."""
        return sum(1 for r in self.counted(region_ids) if self.hits[r].get(column_id, 0) > 0)

    def column_max(self, column_id: str, region_ids: Iterable[str] | None = None) -> int:
        return max((self.hits[r].get(column_id, 0) for r in self.counted(region_ids)), default=0)

    def column_counts(self, column_id: str) -> dict[str, int | None]:
        """Every region's count for one column (None: not counted), e.g. to colour a map."""
        return {r.id: self.count(r.id, column_id) for r in self.regions}


def compute_matrix(
    index: SearchIndex,
    columns: Sequence[Column],
    clock: Callable[[], datetime] | None = None,
    *,
    offline: Collection[str] | None = None,
) -> Matrix:
    """Count every column over every region the index knows (SearchQueryError names a column
    whose query is malformed). With `offline` (the regions the cache holds, which the index may
    not have caught up with), an offline region not in the index yet is INDEXING, and one the
    index still has but the cache no longer holds is NOT_OFFLINE. Fast, but it reads the index:
    the window runs it on a worker."""
    for column in columns:
        check_column(column)
    result = index.hit_counts([c.query for c in columns])
    counted = [r for r in result.indexed if offline is None or r in offline]
    hits: dict[str, dict[str, int]] = {region: {} for region in counted}
    first: dict[str, dict[str, int]] = {region: {} for region in counted}
    for column, found in zip(columns, result.queries, strict=True):
        for region in counted:
            hits[region][column.id] = found.hits.get(region, 0)
            if region in found.first_page:
                first[region][column.id] = found.first_page[region]
    states = {r: RegionState.INDEXING for r in (offline or ())}
    states.update({r: RegionState.INDEXING for r in result.pending})
    states.update({r: RegionState.UNREADABLE for r in result.unreadable})
    states.update({r: RegionState.COUNTED for r in counted})
    if offline is not None:
        states = {r: state for r, state in states.items() if r in offline}
    sha256 = {r: result.indexed[r] for r in counted}
    when = (clock or (lambda: datetime.now(UTC)))()
    return Matrix(tuple(columns), index.regions, hits, first, sha256, states, when)


def column_counts(
    index: SearchIndex, column: Column, *, offline: Collection[str] | None = None
) -> dict[str, int | None]:
    """One column's count for every region (None: not counted): what a map colours areas by.
    Reads the index: call it off the GUI thread (as compute_matrix)."""
    return compute_matrix(index, [column], offline=offline).column_counts(column.id)


# -- rows as the window shows them ---------------------------------------------------------------
TOTAL = "total"  # the id of the row totals' column (and a sort key)
TITLE = "title"  # sorts rows by region title

OutlineEntry = tuple[int, str, str | None]  # (depth, title, region id or None for a heading)


class RowKind(StrEnum):
    HEADING = "heading"  # a nation or ONS-region group, as the tree shows it
    REGION = "region"
    TOTAL = "total"  # the column totals over the regions shown
    MENTIONS = "mentions"  # per column, how many of the regions shown mention it


@dataclass(frozen=True)
class MatrixRow:
    kind: RowKind
    title: str
    depth: int = 0
    region_id: str | None = None
    members: tuple[str, ...] = ()  # the regions a heading, total or mentions row sums over


def arrange_rows(
    outline: Sequence[OutlineEntry],
    sort_by: str | None = None,
    matrix: Matrix | None = None,
    *,
    descending: bool = True,
) -> list[MatrixRow]:
    """The rows for what the region tree shows (`outline`, in its order): its headings and
    regions, or, sorted by a column (TOTAL, TITLE), the regions ranked with no headings (no
    count last); then the total and mentions rows."""
    regions = [(title, rid) for _depth, title, rid in outline if rid is not None]
    members = tuple(rid for _title, rid in regions)
    if sort_by is None or (matrix is None and sort_by != TITLE):
        rows = _outline_rows(outline)
    else:
        ranked = sorted(
            range(len(regions)), key=lambda i: _sort_key(regions[i], sort_by, matrix, descending)
        )
        rows = [MatrixRow(RowKind.REGION, regions[i][0], 0, regions[i][1]) for i in ranked]
    rows.append(MatrixRow(RowKind.TOTAL, "Total", members=members))
    rows.append(MatrixRow(RowKind.MENTIONS, "Regions mentioning it", members=members))
    return rows


def _outline_rows(outline: Sequence[OutlineEntry]) -> list[MatrixRow]:
    rows = []
    for position, (depth, title, region_id) in enumerate(outline):
        if region_id is not None:
            rows.append(MatrixRow(RowKind.REGION, title, depth, region_id))
            continue
        under = []
        for later_depth, _title, later_id in outline[position + 1 :]:
            if later_depth <= depth:
                break
            if later_id is not None:
                under.append(later_id)
        rows.append(MatrixRow(RowKind.HEADING, title, depth, members=tuple(under)))
    return rows


def _sort_key(
    region: tuple[str, str], sort_by: str, matrix: Matrix | None, descending: bool
) -> tuple[int, int | str]:
    title, region_id = region
    if sort_by == TITLE or matrix is None:
        return (0, title.casefold())
    value = matrix.row_total(region_id) if sort_by == TOTAL else matrix.count(region_id, sort_by)
    if value is None:
        return (1, 0)  # no count: always last, in the tree's order
    return (0, -value if descending else value)


def row_value(matrix: Matrix, row: MatrixRow, column_id: str) -> int | None:
    """A row's number in a column (TOTAL: the row's total): a region's count, a heading's or
    the total row's sum over its counted regions, the mentions row's number of regions; None
    when nothing under the row is counted."""
    if row.kind is RowKind.REGION:
        assert row.region_id is not None
        return (
            matrix.row_total(row.region_id)
            if column_id == TOTAL
            else matrix.count(row.region_id, column_id)
        )
    counted = matrix.counted(row.members)
    if not counted:
        return None
    ids = [c.id for c in matrix.columns] if column_id == TOTAL else [column_id]
    if row.kind is RowKind.MENTIONS:
        return sum(1 for r in counted if any(matrix.hits[r].get(c, 0) for c in ids))
    return sum(matrix.hits[r].get(c, 0) for r in counted for c in ids)


# -- shading (the matrix's cells, the map's areas) ----------------------------------------------
# Colour-blind-safe sequential palettes, few hits to many. Light: ColorBrewer YlGnBu (light to
# dark, for a light background). Night: viridis (dark to bright, for a dark background).
HEAT_LIGHT = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84")
HEAT_DARK = ("#440154", "#443983", "#31688e", "#21918c", "#35b779", "#90d743", "#fde725")
HEAT_STEPS = len(HEAT_LIGHT)


def heat_level(count: int | None, maximum: int, steps: int = HEAT_STEPS) -> int:
    """0 for no hits (or no count), else 1..steps in proportion to `maximum` (the column's most)."""
    if not count or count <= 0 or maximum <= 0:
        return 0
    return max(1, min(steps, -(-count * steps // maximum)))


def heat_colour(level: int, *, dark: bool) -> str | None:
    """The palette colour for a level from heat_level; None for level 0 (left unshaded)."""
    if level <= 0:
        return None
    palette = HEAT_DARK if dark else HEAT_LIGHT
    return palette[min(level, len(palette)) - 1]


def ink_for(background: str) -> str:
    """Black or white text, whichever contrasts more with `background` ('#rrggbb')."""
    luminance = _luminance(background)
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


def _luminance(colour: str) -> float:
    """WCAG relative luminance of '#rrggbb'."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


# -- output --------------------------------------------------------------------------------------
def cell_text(matrix: Matrix, region_id: str, column_id: str | None = None) -> str:
    """A cell as text: the count, or why there is none ('not offline', 'indexing', ...)."""
    value = matrix.row_total(region_id) if column_id is None else matrix.count(region_id, column_id)
    return str(value) if value is not None else matrix.state(region_id).value


def to_json(matrix: Matrix, region_ids: Sequence[str] | None = None) -> dict[str, Any]:
    """The CLI's JSON: columns (presets first), then a row per region with its counts (None
    when the summary is not offline); totals and mentions per column."""
    ids = [r.id for r in matrix.regions] if region_ids is None else list(region_ids)
    titles = {r.id: r.title for r in matrix.regions}
    return {
        "columns": [
            {"id": c.id, "label": c.label, "query": c.query, "preset": c.preset}
            for c in matrix.columns
        ],
        "rows": [
            {
                "region": region,
                "title": titles.get(region, region),
                "status": matrix.state(region).value,
                "counts": {c.id: matrix.count(region, c.id) for c in matrix.columns},
                "total": matrix.row_total(region),
            }
            for region in ids
        ],
        "totals": {c.id: matrix.column_total(c.id, ids) for c in matrix.columns},
        "mentions": {c.id: matrix.mentions(c.id, ids) for c in matrix.columns},
        "counted": len(matrix.counted(ids)),
        "computed_at": matrix.computed_at.isoformat(timespec="seconds"),
    }


def to_csv(matrix: Matrix, region_ids: Sequence[str] | None = None) -> str:
    """One row per region: id, title, status, a count per column (empty when there is none,
    the status says why) and the row's total. The queries are in the provenance sidecar."""
    ids = [r.id for r in matrix.regions] if region_ids is None else list(region_ids)
    titles = {r.id: r.title for r in matrix.regions}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["region", "title", "status", *(c.label for c in matrix.columns), "total"])
    for region in ids:
        counts = [matrix.count(region, c.id) for c in matrix.columns]
        total = matrix.row_total(region)
        writer.writerow(
            [
                region,
                titles.get(region, region),
                matrix.state(region).value,
                *("" if n is None else n for n in counts),
                "" if total is None else total,
            ]
        )
    return out.getvalue()


def to_markdown(
    matrix: Matrix,
    publication: Publication,
    sources: Mapping[str, SummarySource],
    region_ids: Sequence[str] | None = None,
) -> str:
    """A briefing-ready table with totals, then each column's query and each summary's source."""
    ids = [r.id for r in matrix.regions] if region_ids is None else list(region_ids)
    titles = {r.id: r.title for r in matrix.regions}
    labels = [_md(c.label) for c in matrix.columns]
    lines = [
        "# Theme matrix: Industrial Strategy local summaries",
        "",
        f"Hits of each theme's query in the text of {len(matrix.counted(ids))} of {len(ids)} "
        f"summaries, counted on {format_date(matrix.computed_at.date())} from the GOV.UK news "
        f"story “{publication.title}” ({publication.url}).",
        "",
        "| Region | " + " | ".join(labels) + " | Total |",
        "|---|" + "---:|" * (len(labels) + 1),
    ]
    for region in ids:
        cells = [cell_text(matrix, region, c.id) for c in matrix.columns]
        row = [_md(titles.get(region, region)), *cells, cell_text(matrix, region)]
        lines.append("| " + " | ".join(row) + " |")
    totals = [str(matrix.column_total(c.id, ids)) for c in matrix.columns]
    grand = sum(matrix.column_total(c.id, ids) for c in matrix.columns)
    counted = len(matrix.counted(ids))
    mentions = [f"{matrix.mentions(c.id, ids)} of {counted}" for c in matrix.columns]
    lines.append("| **Total** | " + " | ".join(totals) + f" | {grand} |")
    lines.append("| **Regions mentioning it** | " + " | ".join(mentions) + " | |")
    lines += ["", "## Columns", "", "| Column | Query |", "|---|---|"]
    lines += [f"| {_md(c.label)} | `{c.query.replace('`', '')}` |" for c in matrix.columns]
    lines += ["", "## Sources", ""]
    for region in ids:
        lines.append(_source_line(titles.get(region, region), matrix, sources.get(region), region))
    lines += ["", f"Crown copyright, {publication.licence}. Made with {APP_NAME} {version()}."]
    return "\n".join(lines) + "\n"


def _source_line(title: str, matrix: Matrix, source: SummarySource | None, region: str) -> str:
    digest = matrix.sha256.get(region)
    if digest is None:
        return f"- {_md(title)}: {matrix.state(region).value}"
    where = source.url if source is not None and source.url else "imported PDF"
    return f"- {_md(title)}: {where} (SHA-256 `{digest}`)"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


@dataclass(frozen=True)
class SummarySource:
    """Where a region's offline summary came from, for the provenance of an export."""

    url: str | None
    obtained_by: str  # 'sync' (downloaded) or 'import'
    imported_file: str | None = None


def summary_sources(library: Library) -> dict[str, SummarySource]:
    """Each offline summary's source URL (as downloaded, or as GOV.UK lists it) and origin."""
    sources = {}
    for region, record in library.cache.records().items():
        attachment = library.publication.attachment_for(region)
        url = record.url or (attachment.url if attachment else None)
        sources[region] = SummarySource(url, record.source, record.original_name)
    return sources


class ExportFormat(StrEnum):
    CSV = "csv"
    MARKDOWN = "md"
    PNG = "png"


SIDECAR_SUFFIX = ".provenance.json"  # as every export's sidecar (export.exporter)
SIDECAR_SCHEMA = 1


def sidecar_path(target: Path) -> Path:
    return target.with_name(target.name + SIDECAR_SUFFIX)


def provenance(
    matrix: Matrix,
    publication: Publication,
    sources: Mapping[str, SummarySource],
    fmt: ExportFormat,
    target: Path,
    sha256: str,
    region_ids: Sequence[str],
    exported_at: datetime,
) -> dict[str, Any]:
    """The sidecar: the file, each column's query, the date, and each summary's URL and SHA-256."""
    titles = {r.id: r.title for r in matrix.regions}
    entries = []
    for region in region_ids:
        source = sources.get(region)
        entries.append(
            {
                "region": region,
                "region_title": titles.get(region, region),
                "status": matrix.state(region).value,
                "source_url": source.url if source is not None else None,
                "source_sha256": matrix.sha256.get(region),
                "obtained_by": source.obtained_by if source is not None else None,
                "imported_file": source.imported_file if source is not None else None,
            }
        )
    return {
        "schema": SIDECAR_SCHEMA,
        "format": f"matrix-{fmt.value}",
        "file": target.name,
        "sha256": sha256,
        "exported_at": exported_at.isoformat(timespec="seconds"),
        "counted_at": matrix.computed_at.isoformat(timespec="seconds"),
        "app": APP_NAME,
        "app_version": version(),
        "story_title": publication.title,
        "story_url": publication.url,
        "published": publication.published.isoformat(),
        "updated": publication.updated.isoformat(),
        "licence": publication.licence,
        "counts": "hits of each column's query in the summary's text, as search counts them",
        "columns": [{"id": c.id, "label": c.label, "query": c.query} for c in matrix.columns],
        "sources": entries,
    }


def export_matrix(
    matrix: Matrix,
    publication: Publication,
    sources: Mapping[str, SummarySource],
    fmt: ExportFormat,
    target: Path,
    region_ids: Sequence[str] | None = None,
    *,
    png: bytes | None = None,
    clock: Callable[[], datetime] | None = None,
) -> tuple[Path, Path]:
    """Write the matrix (CSV, Markdown, or `png`: a picture made by the UI) and its sidecar
    together or not at all (ExportWriteError says why); returns both paths. `sources` comes
    from summary_sources (read it where the library's cache may be used)."""
    ids = [r.id for r in matrix.regions] if region_ids is None else list(region_ids)
    if fmt is ExportFormat.CSV:
        data = to_csv(matrix, ids).encode("utf-8-sig")  # the BOM lets spreadsheets read UTF-8
    elif fmt is ExportFormat.MARKDOWN:
        data = to_markdown(matrix, publication, sources, ids).encode("utf-8")
    else:
        assert png is not None, "a PNG export needs the picture"
        data = png
    exported_at = (clock or (lambda: datetime.now(UTC)))()
    record = provenance(
        matrix,
        publication,
        sources,
        fmt,
        target,
        sha256_hex(data),
        ids,
        exported_at,
    )
    try:
        with StagedFiles(overwrite=True) as staged:
            with staged.writer(target) as out:
                out.write(data)
            with staged.writer(sidecar_path(target)) as out:
                out.write(json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8"))
            staged.commit()
    except OSError as exc:
        raise ExportWriteError(
            f"The matrix could not be saved in '{target.parent}' ({exc.strerror or exc}); "
            "nothing was written."
        ) from exc
    return target, sidecar_path(target)
