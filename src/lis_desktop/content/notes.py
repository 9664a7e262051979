"""The user's highlights and notes, kept in the offline cache's database beside the summaries
(never in the PDFs, whose SHA-256 must stay GOV.UK's): region, the SHA-256 of the summary
version the highlight was placed on, page, rectangles, the quoted text with a little context,
the note, its colour and dates. `cache.Cache` holds one store as `cache.notes`, over its own
database; this module owns its table (`TABLES`, one of the cache's migrations).

Notes are the user's own data: no sync, repair or re-import deletes one. When a summary is
replaced by another version, `place` finds each note's quote again (`anchoring`); a note whose
text is gone is kept, *detached*, with its quote.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from lis_desktop.content.anchoring import Anchor, PageText, find_quote, tidy
from lis_desktop.content.database import Database
from lis_desktop.domain import filter_matches
from lis_desktop.errors import LisError
from lis_desktop.pdf.page_text import Rect

TABLES = """
    CREATE TABLE notes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        region TEXT NOT NULL,
        sha256 TEXT NOT NULL,            -- the summary version `page` and `rects` belong to
        page INTEGER NOT NULL,           -- 0-based
        rects TEXT NOT NULL,             -- JSON [[x0, y0, x1, y1], ...] in PDF points
        quote TEXT NOT NULL,
        prefix TEXT NOT NULL DEFAULT '',
        suffix TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        colour TEXT NOT NULL DEFAULT 'yellow',
        status TEXT NOT NULL DEFAULT 'anchored',  -- a NoteStatus value
        checked_sha256 TEXT,             -- the version a detached note was last looked for in
        created REAL NOT NULL,
        updated REAL NOT NULL
    );
    CREATE INDEX notes_by_region ON notes (region);
"""

# Highlight colours from the Okabe-Ito palette, told apart with the common colour-vision
# deficiencies, and none blue like the selection (every highlight is also underlined, and
# named where it is listed).
COLOURS: dict[str, tuple[str, tuple[int, int, int]]] = {
    "yellow": ("Yellow", (240, 228, 66)),
    "orange": ("Orange", (230, 159, 0)),
    "green": ("Green", (0, 158, 115)),
    "pink": ("Pink", (204, 121, 167)),
}
DEFAULT_COLOUR = "yellow"
MAX_NOTE_CHARS = 20_000
MAX_QUOTE_CHARS = 5_000


class NoteStatus(StrEnum):
    ANCHORED = "anchored"  # placed on the summary version in use
    DETACHED = "detached"  # its quoted text is not in the version in use; kept with its quote


class NoteNotFoundError(LisError):
    def __init__(self, note_id: int) -> None:
        super().__init__(f"There is no note {note_id}. Run 'lis-desktop-cli notes list'.")
        self.note_id = note_id


class QuoteNotFoundError(LisError):
    """The text to highlight is not in the summary (or not on the page asked for)."""


@dataclass(frozen=True)
class Note:
    id: int
    region: str
    sha256: str
    page: int  # 0-based
    rects: tuple[Rect, ...]
    quote: str
    prefix: str
    suffix: str
    note: str
    colour: str
    status: NoteStatus
    checked_sha256: str | None
    created: float
    updated: float

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.page, self.rects, self.quote, self.prefix, self.suffix)

    @property
    def detached(self) -> bool:
        return self.status is NoteStatus.DETACHED

    def on(self, sha256: str | None) -> bool:
        """True when the note is placed on the summary version `sha256` (to draw or write)."""
        return self.status is NoteStatus.ANCHORED and self.sha256 == sha256

    def to_json(self, title: str | None = None) -> dict[str, Any]:
        """The CLI's JSON shape: id, region, page (1-based), quote, note, created, updated
        (ISO 8601), status ('anchored' or 'detached'), and more."""
        return {
            "id": self.id,
            "region": self.region,
            "region_title": title,
            "page": self.page + 1,
            "quote": self.quote,
            "note": self.note,
            "colour": self.colour,
            "created": iso_time(self.created),
            "updated": iso_time(self.updated),
            "status": self.status.value,
            "sha256": self.sha256,
        }


def iso_time(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")


def colour_label(colour: str) -> str:
    return COLOURS.get(colour, (colour.title(), (0, 0, 0)))[0]


def check_colour(colour: str) -> str:
    if colour not in COLOURS:
        raise LisError(f"Unknown colour '{colour}'; choose one of {', '.join(COLOURS)}.")
    return colour


def check_text(note: str) -> str:
    text = note.strip()
    if len(text) > MAX_NOTE_CHARS:
        raise LisError(f"The note is too long ({len(text)} characters; at most {MAX_NOTE_CHARS}).")
    return text


# -- finding notes again in a new version ------------------------------------------------------
@dataclass(frozen=True)
class Placement:
    """A note as it stands on a summary version: moved (new anchor), detached, or as it was."""

    note: Note
    changed: bool


def place(notes: Iterable[Note], sha256: str, pages: Sequence[PageText]) -> list[Placement]:
    """Each note on the summary version `sha256` whose `pages` are given: a note placed on
    another version is looked for by its quote (moved, or detached when it is gone); a note
    already placed on it, or already looked for in it, stays as it is."""
    result = []
    for note in notes:
        if note.sha256 == sha256:  # placed on this version (again, if it was detached)
            back = note.detached
            moved = replace(note, status=NoteStatus.ANCHORED) if back else note
            result.append(Placement(moved, back))
        elif note.detached and note.checked_sha256 == sha256:
            result.append(Placement(note, False))
        else:
            result.append(Placement(_placed(note, sha256, pages), True))
    return result


def needs_placing(notes: Iterable[Note], sha256: str) -> bool:
    """True when `place` would change one of `notes` on the version `sha256`."""
    return any(
        (n.sha256 != sha256 and n.checked_sha256 != sha256) or (n.sha256 == sha256 and n.detached)
        for n in notes
    )


def _placed(note: Note, sha256: str, pages: Sequence[PageText]) -> Note:
    found = find_quote(pages, note.quote, note.prefix, note.suffix, hint=note.page)
    if found is None:
        return replace(note, status=NoteStatus.DETACHED, checked_sha256=sha256)
    return replace(
        note,
        sha256=sha256,
        page=found.page,
        rects=found.rects,
        prefix=found.prefix,
        suffix=found.suffix,
        status=NoteStatus.ANCHORED,
        checked_sha256=sha256,
    )


def matching(notes: Iterable[Note], text: str, titles: dict[str, str]) -> list[Note]:
    """The notes whose quote, note, colour or region title contain every word of `text`."""
    return [
        n
        for n in notes
        if filter_matches(text, n.quote, n.note, colour_label(n.colour), titles.get(n.region, ""))
    ]


# -- the store ---------------------------------------------------------------------------------
_FIELDS = (
    "id, region, sha256, page, rects, quote, prefix, suffix, note, colour, status, "
    "checked_sha256, created, updated"
)


class NotesStore:
    """The notes table in the cache database `db`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def list(self, region: str | None = None) -> list[Note]:
        """The notes (of `region`, or all), by region, then page, then top to bottom."""
        if region is None:
            rows = self._db.query(f"SELECT {_FIELDS} FROM notes")
        else:
            rows = self._db.query(f"SELECT {_FIELDS} FROM notes WHERE region = ?", (region,))
        return sorted((_to_note(r) for r in rows), key=_reading_order)

    def get(self, note_id: int) -> Note:
        rows = self._db.query(f"SELECT {_FIELDS} FROM notes WHERE id = ?", (note_id,))
        if not rows:
            raise NoteNotFoundError(note_id)
        return _to_note(rows[0])

    def add(
        self, region: str, sha256: str, anchor: Anchor, note: str = "", colour: str = DEFAULT_COLOUR
    ) -> Note:
        quote = tidy(anchor.quote)
        if not quote:
            raise QuoteNotFoundError("There is no text to highlight: select some words first.")
        if len(quote) > MAX_QUOTE_CHARS:
            raise QuoteNotFoundError(
                f"The highlight is too long ({len(quote)} characters; at most {MAX_QUOTE_CHARS})."
            )
        now = time.time()
        with self._db.transaction() as db:
            cursor = db.execute(
                """INSERT INTO notes (region, sha256, page, rects, quote, prefix, suffix, note,
                                      colour, status, checked_sha256, created, updated)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    region,
                    sha256,
                    anchor.page,
                    _rects_json(anchor.rects),
                    quote,
                    anchor.prefix,
                    anchor.suffix,
                    check_text(note),
                    check_colour(colour),
                    NoteStatus.ANCHORED.value,
                    sha256,
                    now,
                    now,
                ),
            )
            note_id = int(cursor.lastrowid or 0)
        return self.get(note_id)

    def restore(self, note: Note) -> Note:
        """Put back a note exactly as it was (undoing its removal)."""
        self.save([note])
        return self.get(note.id)

    def save(self, notes: Sequence[Note]) -> None:
        """Write these notes as they are (put back, e.g.), in one transaction."""
        marks = ", ".join("?" for _ in range(14))
        self._db.write_many(
            f"INSERT OR REPLACE INTO notes ({_FIELDS}) VALUES ({marks})",
            [_row(n) for n in notes],
        )

    def save_places(self, notes: Sequence[Note]) -> None:
        """Write where these notes now stand (anchor and status only: a note edited or removed
        meanwhile keeps its text, or stays removed), in one transaction."""
        self._db.write_many(
            """UPDATE notes SET sha256 = ?, page = ?, rects = ?, prefix = ?, suffix = ?,
                                status = ?, checked_sha256 = ?
               WHERE id = ?""",
            [
                (
                    n.sha256,
                    n.page,
                    _rects_json(n.rects),
                    n.prefix,
                    n.suffix,
                    n.status.value,
                    n.checked_sha256,
                    n.id,
                )
                for n in notes
            ],
        )

    def edit(self, note_id: int, note: str, colour: str) -> Note:
        changed = self._db.write(
            "UPDATE notes SET note = ?, colour = ?, updated = ? WHERE id = ?",
            (check_text(note), check_colour(colour), time.time(), note_id),
        )
        if not changed:
            raise NoteNotFoundError(note_id)
        return self.get(note_id)

    def remove(self, note_id: int) -> Note:
        note = self.get(note_id)
        self._db.write("DELETE FROM notes WHERE id = ?", (note_id,))
        return note

    def count(self) -> int:
        return int(self._db.query("SELECT count(*) FROM notes")[0][0])


def _reading_order(note: Note) -> tuple[str, int, float, float, int]:
    top, left = (note.rects[0][1], note.rects[0][0]) if note.rects else (0.0, 0.0)
    return (note.region, note.page, round(top, 1), left, note.id)


def _rects_json(rects: Sequence[Rect]) -> str:
    return json.dumps([[round(v, 2) for v in rect] for rect in rects])


def _row(note: Note) -> tuple[object, ...]:
    return (
        note.id,
        note.region,
        note.sha256,
        note.page,
        _rects_json(note.rects),
        note.quote,
        note.prefix,
        note.suffix,
        note.note,
        note.colour,
        note.status.value,
        note.checked_sha256,
        note.created,
        note.updated,
    )


def _to_note(row: Any) -> Note:
    try:
        rects = tuple(
            (float(r[0]), float(r[1]), float(r[2]), float(r[3])) for r in json.loads(row["rects"])
        )
    except (ValueError, TypeError, IndexError, KeyError):
        rects = ()  # damaged rectangles: the note keeps its quote (and is found again by it)
    try:
        status = NoteStatus(row["status"])
    except ValueError:
        status = NoteStatus.DETACHED
    return Note(
        id=int(row["id"]),
        region=str(row["region"]),
        sha256=str(row["sha256"]),
        page=int(row["page"]),
        rects=rects,
        quote=str(row["quote"]),
        prefix=str(row["prefix"]),
        suffix=str(row["suffix"]),
        note=str(row["note"]),
        colour=str(row["colour"]),
        status=status,
        checked_sha256=row["checked_sha256"],
        created=float(row["created"]),
        updated=float(row["updated"]),
    )
