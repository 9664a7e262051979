"""Highlights in the viewer, a satellite of a PdfView given its canvas, its actions, its opener
and its lane: the notes of the summary shown drawn on its pages (`canvas.set_marks`), Highlight
and Highlight with Note… from the selection (or, with nothing selected, from a typed quote, so
that the keyboard alone can make one), the note shown on hover, a click on a highlight to edit
it, and Edit Note…/Remove Highlight in the context menu over one.

It imports nothing of the view; the notes themselves are the service's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QHelpEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from lis_desktop.content.anchoring import Anchor, PageText, anchor_words, find_quote, pages_of
from lis_desktop.content.notes import DEFAULT_COLOUR, Note, colour_label
from lis_desktop.pdf.document import Word
from lis_desktop.ui.notes.dialog import NoteDialog
from lis_desktop.ui.notes.look import marks
from lis_desktop.ui.notes.service import NotesService, short
from lis_desktop.ui.viewer.canvas import PageCanvas
from lis_desktop.ui.viewer.opener import DocumentOpener

log = logging.getLogger(__name__)

LAYER = "notes"
ACTIONS = ("highlight", "highlight_note", "edit_note", "remove_highlight")
HIT_SLOP = 1.5  # points around a highlight that still count as on it

RunJob = Callable[[Callable[[], Any], Callable[[Any], None]], None]


class Highlights(QObject):
    """Draws and makes the notes of the region shown in one viewer."""

    drawn = Signal()  # the highlights on the pages were drawn anew

    def __init__(
        self,
        canvas: PageCanvas,
        actions: Mapping[str, QAction],
        opener: DocumentOpener,
        run_job: RunJob,
        service: NotesService,
        is_region: Callable[[str], bool],
        parent: QWidget,
    ) -> None:
        """`run_job` runs PyMuPDF work on the viewer's lane (the view's `run_job`);
        `is_region` tells a region id from the key of a file opened from outside."""
        super().__init__(parent)
        self.canvas = canvas
        self.actions = actions
        self.opener = opener
        self._run_job = run_job
        self.service = service
        self._is_region = is_region
        self.region: str | None = None  # the region whose summary is shown
        self.sha256: str | None = None  # the version shown
        self.notes: list[Note] = []  # drawn on it
        self.colour = DEFAULT_COLOUR  # the colour of the last highlight made
        self._pressed: QPointF | None = None
        self._clicked: Note | None = None  # edited unless the click becomes a double-click
        self._click_timer = QTimer(self, singleShot=True)
        self._click_timer.timeout.connect(self._on_click_timer_timeout)
        self._context_note: Note | None = None
        self.dialog: NoteDialog | None = None  # the note dialog while open
        for name in ACTIONS:
            actions[name].setVisible(name in ("highlight", "highlight_note"))
        self._connect()
        if opener.layout_known_now():  # made after the document was laid out (the app's start)
            self._on_opener_layout_known(opener.doc, None, None)
        else:
            self.update_actions()

    def _connect(self) -> None:
        self.opener.opening.connect(self._on_opener_opening)
        self.opener.layout_known.connect(self._on_opener_layout_known)
        self.canvas.selection.changed.connect(self.update_actions)
        self.service.changed.connect(self._on_service_changed)
        self.actions["highlight"].triggered.connect(lambda: self.highlight(with_note=False))
        self.actions["highlight_note"].triggered.connect(lambda: self.highlight(with_note=True))
        self.actions["edit_note"].triggered.connect(self._on_edit_note_triggered)
        self.actions["remove_highlight"].triggered.connect(self._on_remove_triggered)
        self.actions["night_mode"].toggled.connect(self.refresh)  # night shades of the colours
        self.canvas.viewport().installEventFilter(self)

    # -- what is shown -----------------------------------------------------------------------------
    def shown_region(self) -> str | None:
        """The region whose summary the viewer shows now (None for a file, or none)."""
        if self.region is not None and self.opener.key == self.region:
            return self.region
        return None

    def refresh(self) -> None:
        """Draw the notes of the summary shown, as the service has them now."""
        region = self.shown_region()
        notes = self.service.notes(region) if region is not None else []
        self.notes = [n for n in notes if n.on(self.sha256)]
        self.canvas.set_marks(LAYER, marks(self.notes, self.canvas.night))
        self.update_actions()
        self.drawn.emit()

    def update_actions(self) -> None:
        shown = self.shown_region() is not None
        self.actions["highlight"].setEnabled(shown and not self.canvas.selection.is_empty())
        self.actions["highlight_note"].setEnabled(shown)

    def note_at(self, pos: QPointF) -> Note | None:
        """The highlight under a viewport position (the last drawn, if they overlap)."""
        if not self.notes or not self.canvas.layout_.rects:
            return None
        page, x, y = self.canvas.spot_at(pos)
        for note in reversed(self.notes):
            if note.page == page and any(
                x0 - HIT_SLOP <= x <= x1 + HIT_SLOP and y0 - HIT_SLOP <= y <= y1 + HIT_SLOP
                for x0, y0, x1, y1 in note.rects
            ):
                return note
        return None

    def _on_opener_opening(self) -> None:
        self.region = self.sha256 = None
        self.notes = []
        self.update_actions()

    def _on_opener_layout_known(self, _doc: str, _sizes: object, _saved: object) -> None:
        key = self.opener.key
        self.region = key if key is not None and self._is_region(key) else None
        self.sha256 = self.service.version(self.region) if self.region else None
        self.refresh()  # the canvas dropped the marks of the last document
        if self.region is not None:
            self.service.reconcile([self.region])  # a new version: the notes find their places

    def _on_service_changed(self, region: str) -> None:
        if region in ("", self.region):
            self.refresh()

    # -- making highlights -------------------------------------------------------------------------
    def highlight(self, *, with_note: bool) -> None:
        """Highlight the selection (asking for a note first `with_note`); with nothing
        selected, ask for the text to highlight."""
        region = self.shown_region()
        if region is None:
            return
        selection = self.canvas.selection
        bounds = selection.bounds()
        if bounds is None:
            if with_note:
                self._ask_quote(region)
            return
        (page, _first), (last_page, _last) = bounds
        words = selection.words(page)
        if words is None:
            session = self.opener.session
            if session is not None:
                spans = last_page > page
                self._run_job(
                    lambda: session.words(page),
                    lambda w: self._made(w, with_note=with_note, spans_pages=spans),
                )
            return
        self._made(words, with_note=with_note, spans_pages=last_page > page)

    def _made(
        self, words: Sequence[Word], *, with_note: bool = False, spans_pages: bool = False
    ) -> None:
        bounds = self.canvas.selection.bounds()
        region, sha256 = self.shown_region(), self.sha256
        if bounds is None or region is None or sha256 is None:
            return
        (page, first), (last_page, last) = bounds
        anchor = anchor_words(PageText(page, words), first, last if last_page == page else 1 << 30)
        if anchor is None:
            self.service.message.emit("There is no text there to highlight.")
            return
        if spans_pages:
            self.service.message.emit(
                f"A highlight stays on one page: the selected text on page {page + 1} is used."
            )
        if with_note:
            self._open_dialog(NoteDialog(anchor.quote, colour=self.colour, parent=self._parent()))
            assert self.dialog is not None
            self.dialog.saved.connect(
                lambda _q, text, colour: self._add(region, sha256, anchor, text, colour)
            )
        else:
            self._add(region, sha256, anchor, "", self.colour)

    def _ask_quote(self, region: str) -> None:
        dialog = NoteDialog("", colour=self.colour, ask_quote=True, parent=self._parent())
        self._open_dialog(dialog)
        dialog.saved.connect(
            lambda quote, text, colour: self._find_and_add(region, quote, text, colour)
        )

    def _find_and_add(self, region: str, quote: str, text: str, colour: str) -> None:
        """Look for a typed quote in the summary (the page shown first), then highlight it."""
        session, sha256 = self.opener.session, self.sha256
        if session is None or sha256 is None or self.shown_region() != region:
            self.service.message.emit("The summary is still opening; try again in a moment.")
            return
        current = self.canvas.current_page()
        count = session.page_count

        def found(words: dict[int, tuple[Word, ...]]) -> None:
            pages = pages_of([words[index] for index in range(count)])
            anchor = find_quote(pages, quote, hint=current)
            if anchor is None:
                self.service.message.emit(f"“{short(quote)}” is not in this summary.")
            elif self.shown_region() == region:
                self._add(region, sha256, anchor, text, colour)

        self._run_job(lambda: session.all_words(range(count)), found)

    def _add(self, region: str, sha256: str, anchor: Anchor, text: str, colour: str) -> None:
        self.colour = colour
        note = self.service.add(region, sha256, anchor, text, colour)
        if note is not None:
            self.canvas.selection.clear()  # the highlight shows, not the selection over it
            if note.rects:
                self.canvas.scroll_to_rect(note.page, note.rects[0])

    # -- editing highlights ----------------------------------------------------------------------
    def edit(self, note: Note) -> None:
        dialog = NoteDialog(note.quote, note.note, note.colour, editing=True, parent=self._parent())
        self._open_dialog(dialog)
        dialog.saved.connect(lambda _q, text, colour: self.service.edit(note.id, text, colour))
        dialog.remove_requested.connect(lambda: self.service.remove(note.id))

    def _on_edit_note_triggered(self) -> None:
        if self._context_note is not None:
            self.edit(self._context_note)

    def _on_remove_triggered(self) -> None:
        if self._context_note is not None:
            self.service.remove(self._context_note.id)

    def _open_dialog(self, dialog: NoteDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        dialog.open()

    def _on_dialog_finished(self, dialog: NoteDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _parent(self) -> QWidget:
        return self.canvas.window()

    # -- the pointer over highlights ---------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            return self._on_tooltip(event)
        if kind == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            self._on_context_menu(QPointF(event.pos()))
        elif kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            left = event.button() == Qt.MouseButton.LeftButton
            self._pressed = event.position() if left else None
        elif kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            self._on_release(event)
        elif kind == QEvent.Type.MouseButtonDblClick:
            self._click_timer.stop()  # a double-click selects a word, even in a highlight
        return False  # the canvas handles every event as before

    def _on_tooltip(self, event: QHelpEvent) -> bool:
        note = self.note_at(QPointF(event.pos()))
        if note is None:
            QToolTip.hideText()
            return False
        QToolTip.showText(event.globalPos(), tooltip(note), self.canvas.viewport())
        return True

    def _on_context_menu(self, pos: QPointF) -> None:
        self._context_note = self.note_at(pos)
        on_note = self._context_note is not None
        for name in ("edit_note", "remove_highlight"):
            self.actions[name].setVisible(on_note)
            self.actions[name].setEnabled(on_note)

    def _on_release(self, event: QMouseEvent) -> None:
        pressed, self._pressed = self._pressed, None
        if pressed is None or event.button() != Qt.MouseButton.LeftButton:
            return
        moved = (event.position() - pressed).manhattanLength()
        if moved > QApplication.startDragDistance() or not self.canvas.selection.is_empty():
            return
        if self.canvas.link_at(event.position()) is not None:
            return  # a link under the highlight is followed
        self._clicked = self.note_at(event.position())
        if self._clicked is not None:
            self._click_timer.start(QApplication.doubleClickInterval())

    def _on_click_timer_timeout(self) -> None:
        note, self._clicked = self._clicked, None
        if note is not None and any(n.id == note.id for n in self.notes):
            self.edit(note)


def tooltip(note: Note) -> str:
    """What hovering a highlight shows: its quote, its note and its colour."""
    lines = [f"“{short(note.quote, 120)}”"]
    lines.append(note.note if note.note else "No note: click to add one.")
    lines.append(f"{colour_label(note.colour)} highlight, page {note.page + 1}")
    return "\n".join(lines)
