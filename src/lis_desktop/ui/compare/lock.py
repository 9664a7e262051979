"""The lock between the comparison's two viewers: while locked, a zoom or a scroll in either
moves the other (as `alignment.Alignment` says); unlocked, each moves on its own; Re-align
locks again from where each stands. A pane that shows a new document leads: the other follows
it, aligned anew."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from lis_desktop.ui.compare.alignment import SAME, Alignment, Zoom
from lis_desktop.ui.viewer.canvas import PageCanvas
from lis_desktop.ui.viewer.view import PdfView


def zoom_of(canvas: PageCanvas) -> Zoom:
    return Zoom(canvas.fit_mode, canvas.zoom)


def apply_zoom(canvas: PageCanvas, zoom: Zoom) -> None:
    """Give `canvas` that zoom, doing nothing when it has it (a fit it already fits with)."""
    if zoom.mode != "free":
        if canvas.fit_mode != zoom.mode:
            canvas.set_fit_mode(zoom.mode)
    elif canvas.fit_mode != "free" or abs(canvas.zoom - zoom.zoom) > SAME * zoom.zoom:
        canvas.set_zoom(zoom.zoom)


class ViewLock(QObject):
    """Keeps the second view's zoom and place in step with the first's, and the first's with
    the second's, while `locked`."""

    changed = Signal(bool)  # locked

    def __init__(self, first: PdfView, second: PdfView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.views = (first, second)
        self.locked = False
        self.alignment = Alignment()
        self._seen = [Zoom("width", 1.0), Zoom("width", 1.0)]  # each pane's zoom, last synced
        self._docs = ["", ""]  # each pane's document, last synced
        self._following = False  # a follower moving: its own view_changed is no lead
        self._new_leader = 0  # the pane whose new document the other follows, once shown
        self._new_timer = QTimer(self, singleShot=True, interval=0)
        self._connect()

    def _connect(self) -> None:
        first, second = self.views
        first.canvas.view_changed.connect(self._on_first_view_changed)
        second.canvas.view_changed.connect(self._on_second_view_changed)
        self._new_timer.timeout.connect(self._on_new_timer_timeout)

    # -- what the comparison asks ----------------------------------------------------------
    def start(self) -> None:
        """Locked, aligned as at the start (same zoom, same place), both documents new."""
        self.alignment = Alignment()
        self._docs = ["", ""]
        self._set_locked(True)

    def stop(self) -> None:
        self._new_timer.stop()
        self._set_locked(False)

    def lock(self) -> None:
        """Lock again as aligned before: the second pane comes back into step with the first."""
        self._set_locked(True)
        self._follow(0, zoom_too=True)

    def unlock(self) -> None:
        self._set_locked(False)

    def realign(self) -> None:
        """Lock again from where each pane stands now (their offset and zoom ratio kept)."""
        first, second = (view.canvas for view in self.views)
        if first.sizes and second.sizes:
            self.alignment = Alignment.between(
                first.relative_position(), second.relative_position(),
                zoom_of(first), zoom_of(second),
            )  # fmt: skip
            self._remember()
        self._set_locked(True)

    def _set_locked(self, locked: bool) -> None:
        if locked != self.locked:
            self.locked = locked
            self.changed.emit(locked)

    # -- following --------------------------------------------------------------------------
    def _on_first_view_changed(self) -> None:
        self._on_view_changed(0)

    def _on_second_view_changed(self) -> None:
        self._on_view_changed(1)

    def _on_view_changed(self, leader: int) -> None:
        if not self.locked or self._following:
            return
        canvas = self.views[leader].canvas
        if not canvas.sizes:
            return
        if canvas.doc != self._docs[leader]:
            # A new document: the view is still putting it where the reader left it; the
            # other pane follows once that is done, aligned as at the start.
            self._docs[leader] = canvas.doc
            self._new_leader = leader
            self._new_timer.start()
            return
        if self._new_timer.isActive():
            return
        self._follow(leader, zoom_too=zoom_of(canvas) != self._seen[leader])

    def _on_new_timer_timeout(self) -> None:
        if self.locked:
            self.alignment = Alignment()
            self._follow(self._new_leader, zoom_too=True)

    def _follow(self, leader: int, *, zoom_too: bool) -> None:
        lead, follower = self.views[leader].canvas, self.views[1 - leader].canvas
        if not (lead.sizes and follower.sizes):
            return
        first = leader == 0
        self._following = True
        try:
            if zoom_too:
                apply_zoom(follower, self.alignment.zoom_for(zoom_of(lead), first))
            follower.set_relative_position(
                *self.alignment.place_for(lead.relative_position(), first)
            )
        finally:
            self._following = False
        self._remember()

    def _remember(self) -> None:
        for index, view in enumerate(self.views):
            self._seen[index] = zoom_of(view.canvas)
            self._docs[index] = view.canvas.doc
