"""The notes of the GUI: reads and writes through the cache's notes store on the GUI thread (a
few rows of SQLite), placing notes on new versions of their summaries on a worker with its own
connection (that reads the PDFs' words), and every change on an undo stack.

It says when a region's notes changed (`changed`) and what happened, in words (`message`), for
the status bar and screen readers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from lis_desktop.content.anchoring import Anchor
from lis_desktop.content.cache import Cache
from lis_desktop.content.notebook import Notebook
from lis_desktop.content.notes import Note, NotesStore
from lis_desktop.errors import LisError
from lis_desktop.tasks import Runner

log = logging.getLogger(__name__)


def short(text: str, limit: int = 60) -> str:
    """A quote as a message shows it: one line, cut with "…" when long."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class NotesService(QObject):
    """Notes over `cache` (the GUI thread's); work that reads PDFs runs on `runner`."""

    changed = Signal(str)  # region whose notes changed, "" when several did
    message = Signal(str)  # what happened, as a user reads it

    def __init__(self, cache: Cache, runner: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self.store: NotesStore = cache.notes
        self._root = cache.root
        self._runner = runner
        self.undo_stack = QUndoStack(self)
        self._placing = False
        self._again: set[str] | None = None  # regions to place once the running pass ends
        self._again_all = False

    # -- reading --------------------------------------------------------------------------------
    def notes(self, region: str | None = None) -> list[Note]:
        """The stored notes (of `region`, or all); [] when the cache cannot be read (said)."""
        if not self.cache.exists():
            return []
        try:
            return self.store.list(region)
        except LisError as exc:
            log.warning("Cannot read the notes: %s", exc)
            self.message.emit(f"The notes cannot be read: {exc}")
            return []

    def note(self, note_id: int) -> Note | None:
        try:
            return self.store.get(note_id)
        except LisError:
            return None

    def version(self, region: str) -> str | None:
        """The SHA-256 of the region's summary in use (what its highlights are drawn on)."""
        try:
            record = self.cache.record(region) if self.cache.exists() else None
        except LisError:
            return None
        return record.sha256 if record is not None else None

    # -- placing notes on new versions ------------------------------------------------------------
    def reconcile(self, regions: Iterable[str] | None = None) -> None:
        """Place the notes (of `regions`, or all) on their summaries' versions in use, in the
        background; `changed` says which regions' notes moved or were detached."""
        wanted = None if regions is None else set(regions)
        if self._placing:  # one pass at a time; the next one covers what was asked meanwhile
            if wanted is None:
                self._again_all = True
            else:
                self._again = (self._again or set()) | wanted
            return
        self._placing = True
        root = self._root

        def job() -> list[str]:
            own = Cache(root)  # its own connection: this runs on a worker thread
            try:
                return Notebook(own).reconcile(wanted) if own.exists() else []
            finally:
                own.close()

        self._runner.run(job, self._on_placed, self._on_place_failed)

    def _on_placed(self, changed: list[str]) -> None:
        self._placing = False
        if len(changed) == 1:
            self.changed.emit(changed[0])
        elif changed:
            self.changed.emit("")
        self._place_again()

    def _on_place_failed(self, exc: BaseException) -> None:
        self._placing = False
        if not isinstance(exc, LisError):
            raise exc
        log.warning("Notes not placed on the new versions: %s", exc)
        self._place_again()

    def _place_again(self) -> None:
        again, again_all = self._again, self._again_all
        self._again, self._again_all = None, False
        if again_all:
            self.reconcile()
        elif again:
            self.reconcile(again)

    # -- changing notes (undoable) ----------------------------------------------------------------
    def add(self, region: str, sha256: str, anchor: Anchor, text: str, colour: str) -> Note | None:
        """Store a new highlight; None (and a message) when it cannot be stored."""
        try:
            note = self.store.add(region, sha256, anchor, text, colour)
        except LisError as exc:
            self.message.emit(f"The highlight was not saved: {exc}")
            return None
        self.undo_stack.push(_Presence(self, note, added=True))
        what = "note" if note.note else "highlight"
        self._changed(
            note.region, f"Added a {what} on page {note.page + 1}: “{short(note.quote)}”."
        )
        return note

    def edit(self, note_id: int, text: str, colour: str) -> None:
        try:
            before = self.store.get(note_id)
            after = self.store.edit(note_id, text, colour)
        except LisError as exc:
            self.message.emit(f"The note was not saved: {exc}")
            return
        if (before.note, before.colour) == (after.note, after.colour):
            return
        self.undo_stack.push(_Edited(self, before, after))
        self._changed(after.region, f"Note saved: “{short(after.quote)}”.")

    def remove(self, note_id: int) -> None:
        try:
            note = self.store.remove(note_id)
        except LisError as exc:
            self.message.emit(f"The highlight was not removed: {exc}")
            return
        self.undo_stack.push(_Presence(self, note, added=False))
        self._changed(note.region, f"Removed the highlight “{short(note.quote)}” (Undo: Ctrl+Z).")

    def _changed(self, region: str, message: str) -> None:
        self.changed.emit(region)
        self.message.emit(message)

    def replay(self, region: str, work: Callable[[], object], message: str) -> None:
        """Undo or redo a change; a cache that refuses it says so (nothing else changes)."""
        try:
            work()
        except LisError as exc:
            self.message.emit(f"That could not be undone or redone: {exc}")
            return
        self._changed(region, message)


class _Change(QUndoCommand):
    """A change to the notes already made when pushed: the first redo does nothing."""

    def __init__(self, service: NotesService, text: str) -> None:
        super().__init__(text)
        self._service = service
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._redo()

    def _redo(self) -> None:
        raise NotImplementedError


class _Presence(_Change):
    """A highlight added (`added`) or removed: undo and redo take it away or put it back."""

    def __init__(self, service: NotesService, note: Note, *, added: bool) -> None:
        super().__init__(service, "Highlight" if added else "Remove Highlight")
        self._note, self._added = note, added

    def undo(self) -> None:
        self._put(present=not self._added, done="Undone")

    def _redo(self) -> None:
        self._put(present=self._added, done="Redone")

    def _put(self, *, present: bool, done: str) -> None:
        note, store = self._note, self._service.store
        state = "is back" if present else "is removed"
        message = f"{done}: the highlight “{short(note.quote)}” {state}."
        work = (lambda: store.restore(note)) if present else (lambda: store.remove(note.id))
        self._service.replay(note.region, work, message)


class _Edited(_Change):
    def __init__(self, service: NotesService, before: Note, after: Note) -> None:
        super().__init__(service, "Edit Note")
        self._before, self._after = before, after

    def undo(self) -> None:
        self._put(self._before, "Undone: the note is as it was.")

    def _redo(self) -> None:
        self._put(self._after, "Redone: the note is changed again.")

    def _put(self, state: Note, message: str) -> None:
        store = self._service.store
        work = lambda: store.edit(state.id, state.note, state.colour)  # noqa: E731
        self._service.replay(state.region, work, message)
