"""Notes in exports, as text: the "Notes" section of a summary's Markdown export, and the
notes-only exports across summaries (Markdown grouped by region, and CSV for spreadsheets).

Each note says its page, colour and date, its quote and its note; a detached note (its text is
not in the summary version in use) says so and keeps its quote. Qt-free, no PyMuPDF.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import UTC, datetime

from lis_desktop import APP_NAME, __version__
from lis_desktop.content.notes import Note, colour_label, iso_time
from lis_desktop.domain import Publication, Region, format_date

NOTES_HEADING = "Notes"
CSV_COLUMNS = (
    "id", "region", "region_title", "page", "status", "colour", "quote", "note", "created",
    "updated", "summary_sha256", "source_url",
)  # fmt: skip
_MD_ESCAPE = re.compile(r"^([#>*+\-=|]|\d+[.)])")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run as a formula


def _date(timestamp: float) -> str:
    return format_date(datetime.fromtimestamp(timestamp, UTC).date())


def note_markdown(note: Note) -> str:
    """One note: where and when, the quote as a block quote, then the note."""
    where = "Detached: its text is not in this version of the summary" if note.detached else ""
    where = where or f"Page {note.page + 1}"
    lines = [f"**{where}** · {colour_label(note.colour)} · {_date(note.created)}", ""]
    lines += ["> " + _MD_ESCAPE.sub(r"\\\1", line) for line in note.quote.splitlines() or [""]]
    if note.note:
        lines += ["", *note.note.splitlines()]
    return "\n".join(lines)


def markdown_section(notes: Sequence[Note], level: int = 2) -> str:
    """The "Notes" section appended to a summary's Markdown export ("" without notes)."""
    if not notes:
        return ""
    parts = [f"{'#' * level} {NOTES_HEADING}", *(note_markdown(n) for n in notes)]
    return "\n\n".join(parts) + "\n"


def notes_markdown(
    groups: Sequence[tuple[Region, Sequence[Note]]], pub: Publication, exported_at: datetime
) -> str:
    """Every note, grouped by region in tree order, under a title saying where they are from."""
    count = sum(len(notes) for _, notes in groups)
    plural = "note" if count == 1 else "notes"
    summaries = "summary" if len(groups) == 1 else "summaries"
    parts = [
        "# Notes on the Industrial Strategy local summaries",
        f"From the summaries attached to the GOV.UK news story “{pub.title}” (published "
        f"{format_date(pub.published)}, updated {format_date(pub.updated)}): {pub.url}",
        f"{count} {plural} on {len(groups)} {summaries}, exported on "
        f"{format_date(exported_at.date())} with {APP_NAME} {__version__}. Crown copyright, "
        f"{pub.licence}.",
    ]
    for region, notes in groups:
        parts.append(markdown_section(notes, level=2).replace(NOTES_HEADING, region.title, 1))
    return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"


def notes_csv(groups: Sequence[tuple[Region, Sequence[Note]]], urls: dict[str, str | None]) -> str:
    """Every note as a row of CSV (RFC 4180), with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for region, notes in groups:
        for note in notes:
            writer.writerow(
                [
                    note.id,
                    region.id,
                    region.title,
                    note.page + 1,
                    note.status.value,
                    note.colour,
                    _cell(note.quote),
                    _cell(note.note),
                    iso_time(note.created),
                    iso_time(note.updated),
                    note.sha256,
                    urls.get(region.id) or "",
                ]
            )
    return out.getvalue()


def _cell(text: str) -> str:
    """Text a spreadsheet shows as written, never runs as a formula (OWASP's advice)."""
    return f"'{text}" if text.startswith(_FORMULA) else text
