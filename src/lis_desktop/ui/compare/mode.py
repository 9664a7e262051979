"""Two summaries side by side: the comparison takes the viewer's place (the window's viewer on
one side, a second viewer on the other, both on the app's one PDF engine), keeps their zoom
and scroll locked unless unlocked, swaps them, marks shared and unique words on request, and
gives the window back its single viewer as it was when it closes.

The entry point for other features is `CompareMode.compare(first, second)` (the window's
`compare_requested(first, second)` signal calls it for those that do not know this mode: a
launch with `--compare`, the matrix, the map); `show_beside(region, page, query)` opens a
search hit beside the summary shown. Built by app.py (`install_compare`)."""

from __future__ import annotations

import functools
import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from lis_desktop import APP_NAME, settings, trace
from lis_desktop.errors import LisError
from lis_desktop.search.compare import WordComparison
from lis_desktop.search.query import plural
from lis_desktop.tasks import Runner
from lis_desktop.ui.compare.chooser import RegionChooser
from lis_desktop.ui.compare.lock import ViewLock
from lis_desktop.ui.compare.pane import ComparePane, PaneFrame, title_of
from lis_desktop.ui.compare.words import WordMarks, word_list
from lis_desktop.ui.main_window import MainWindow, show_error
from lis_desktop.ui.viewer.positions import SavedPosition
from lis_desktop.ui.viewer.view import PdfView

log = logging.getLogger(__name__)

SHORTCUT = QKeySequence("Ctrl+Shift+C")
CTRL_ENTER = [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")]
LOCKED = "Zoom and scroll locked."
UNLOCKED = "Zoom and scroll unlocked: each pane moves on its own."


class CompareMode(QObject):
    """The comparison of the window's viewer (`first`) with a `second` viewer."""

    shown = Signal(str, str)  # both panes painted after opening: the keys, left (top) first

    def __init__(
        self, window: MainWindow, second: PdfView, runner: Runner, parent: QObject | None = None
    ) -> None:
        """`second` is a viewer on the window's PDF engine and lane; `runner` compares words."""
        super().__init__(parent or window)
        self.window = window
        self.first = window.viewer
        self.second = second
        self._open = False
        # The single view's zoom and place, and its document, given back on close.
        self._before: tuple[str, SavedPosition | None] = ("", None)
        self._waiting: set[str] = set()  # keys whose first paint completes the opening
        self._painted = ["", ""]  # what each viewer painted last (key)
        self._pending_hits: tuple[str, int, str] | None = None  # for the second pane
        self._previous_region: str | None = None  # shown before the current one (the chooser)
        self._current_region: str | None = None
        self._titles = {r.id: r.title for r in window.library.regions}
        self._build_actions()
        tools = [self.lock_action, self.realign_action, self.swap_action, None, self.words_action]
        self.pane = ComparePane([*tools, None, self.close_action], window)
        self.pane.frames[1].set_viewer(second)
        second.set_shortcuts_window_wide(False)  # the window's viewer has them until compared
        window.add_center_view(self.pane)
        for frame in self.pane.frames:  # each pane a stop of F6 (inside the center's)
            window.panes.add(frame, functools.partial(_pages_of, frame))
        self.lock = ViewLock(self.first, second, self)
        self.words = WordMarks(self.first, second, runner, self)
        self._install()
        self._connect()
        self._update_actions()

    # -- construction ------------------------------------------------------------------------
    def _build_actions(self) -> None:
        window = self.window

        def action(text: str, tip: str, icon: str = "", keys: str = "") -> QAction:
            made = QAction(text, window)
            made.setStatusTip(tip)
            made.setToolTip(f"{tip} ({keys})" if keys else tip)
            if icon:
                made.setIcon(QIcon.fromTheme(icon))
            if keys:
                made.setShortcut(QKeySequence(keys))
                made.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            return made

        self.compare_action = action(
            "&Compare Side by Side…", "Show another summary beside this one",
            "view-split-left-right", SHORTCUT.toString(),
        )  # fmt: skip
        self.compare_action.setCheckable(True)
        self.compare_action.setIconText("Compare")
        self.compare_with_action = action(
            "Compare &with…", "Show a summary beside the one shown (Ctrl+Enter in the tree)"
        )
        self.compare_with_action.setShortcuts(CTRL_ENTER)
        self.compare_with_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.lock_action = action(
            "&Lock Zoom and Scroll", "Zoom and scroll both panes together", "object-locked",
            "Ctrl+Shift+K",
        )  # fmt: skip
        self.lock_action.setCheckable(True)
        self.lock_action.setIconText("Locked")
        self.realign_action = action(
            "&Re-align", "Lock again from where each pane stands now", "view-refresh",
            "Ctrl+Shift+R",
        )  # fmt: skip
        self.swap_action = action(
            "&Swap Sides", "Exchange the two panes", "object-flip-horizontal", "Ctrl+Shift+X"
        )
        self.swap_action.setIconText("Swap")
        self.words_action = action(
            "Shared and &Unique Words",
            "Shade the words both summaries use; underline those only one uses",
            "format-text-underline", "Ctrl+Shift+W",
        )  # fmt: skip
        self.words_action.setCheckable(True)
        self.words_action.setIconText("Words")
        self.close_action = action("Close &Comparison", "Back to one summary (Esc)", "window-close")
        self.close_action.setIconText("Close")

    def _install(self) -> None:
        window = self.window
        window.view_menu.addSeparator()
        window.view_menu.addAction(self.compare_action)
        self.menu = QMenu("Compa&rison", window)
        for item in (self.lock_action, self.realign_action, self.swap_action, self.words_action):
            self.menu.addAction(item)
        self.menu.addSeparator()
        self.menu.addAction(self.close_action)
        window.view_menu.addMenu(self.menu)
        window.toolbar.addAction(self.compare_action)
        tree = window.tree.view
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        tree.addAction(self.compare_with_action)
        self.words_action.setChecked(window.settings.get(settings.COMPARE_WORDS))
        self.pane.set_status(LOCKED)

    def _connect(self) -> None:
        self.compare_action.triggered.connect(self._on_compare_action_triggered)
        self.compare_with_action.triggered.connect(self.compare_from_tree)
        self.lock_action.toggled.connect(self._on_lock_action_toggled)
        self.realign_action.triggered.connect(self.lock.realign)
        self.swap_action.triggered.connect(self.swap)
        self.words_action.toggled.connect(self._on_words_action_toggled)
        self.close_action.triggered.connect(self.close)
        self.pane.close_requested.connect(self.close)
        self.pane.orientation_changed.connect(self._update_titles)
        self.lock.changed.connect(self._on_lock_changed)
        self.words.compared.connect(self._on_words_compared)
        self.words.failed.connect(self._show_message)
        self.window.compare_requested.connect(self._on_window_compare_requested)
        self.window.region_shown.connect(self._on_window_region_shown)
        self.window.center_changed.connect(self._on_window_center_changed)
        self.window.tree.selection_changed.connect(self._update_actions)
        self.window.tree.region_selected.connect(self._update_actions)
        for view in (self.first, self.second):
            view.document_opened.connect(self._on_view_document_opened)
            view.page_rendered.connect(self._on_view_page_rendered)
            view.document_failed.connect(self._on_view_document_failed)
        self.second.status_message.connect(self._show_message)
        # Night mode is the window's: switched in either pane, both follow.
        self.first.commands["night_mode"].toggled.connect(self.second.set_night_mode)
        self.second.commands["night_mode"].toggled.connect(self.first.set_night_mode)
        self.second.link_hovered.connect(self._on_second_link_hovered)

    # -- the entry points --------------------------------------------------------------------
    def is_open(self) -> bool:
        return self._open

    def compare(self, first: str, second: str) -> bool:
        """Show region `first` and region `second` side by side (`first` on the left), the
        window's viewer keeping whichever of them it shows. False, with a message in the status
        bar, when they cannot be compared (unknown, the same, or not available offline)."""
        problem = self._problem(first, second)
        if problem:
            self._refuse(problem)
            return False
        swapped = self.first.current_key() == second  # the viewer keeps it, on the right
        kept, other = (second, first) if swapped else (first, second)
        entering = not self._open
        if entering:
            self._enter()  # laid out first: both open at their pane's size
        if not swapped and self.first.current_key() != first:
            self.window.select_region(first)
        if entering or self._painted[0] != kept:
            self._waiting.add(kept)  # painted anew at its pane's size
        self._show(other, swapped=swapped)
        return True

    def show_beside(self, region: str, page: int = 0, query: str = "") -> bool:
        """Open `region` beside the summary shown, with the hits of a search `query` on
        `page` highlighted (a search hit opened beside)."""
        first = self.shown_region() or ""
        if region == first and not self._open:
            self.first.show_search_hits(page, query)
            self._show_message("That hit is in the summary shown: it is highlighted there.")
            return False
        if not self.compare(first, region):
            return False
        if query:
            if self.second.current_key() == region and not self._waiting & {region}:
                self.second.show_search_hits(page, query)
            else:
                self._pending_hits = (region, page, query)
        return True

    def shown_region(self) -> str | None:
        """The region the window's viewer shows (also while a search hides it in the tree)."""
        key = self.first.current_key()
        return key if key in self._titles else self.window.current_region_id()

    def compare_from_tree(self) -> None:
        """Compare the region shown with the other one selected in the tree (that one on the
        left: the region shown is the one Ctrl-clicked last), or ask which."""
        first = self.shown_region()
        if first is None:
            self._show_message("Select a region first: its summary is compared with another.")
            return
        others = [r for r in self.window.tree.selected_region_ids() if r != first]
        if len(others) == 1:
            self.compare(others[0], first)
        else:
            self.choose()

    def choose(self) -> RegionChooser | None:
        """Ask which summary to show beside the one shown."""
        first = self.shown_region()
        if first is None:
            self._show_message("Select a region first: its summary is compared with another.")
            return None
        regions = [r for r in self.window.library.regions if r.id != first]
        offline = {r.id: self._offline(r.id) for r in regions}
        others = [r for r in self.window.tree.selected_region_ids() if r != first]
        current_second = self.second.current_key() if self._open else None
        preselect = current_second or (others[0] if others else self._previous_region)
        chooser = RegionChooser(self._titles[first], regions, offline, preselect, self.window)
        chooser.chosen.connect(lambda region: self.compare(first, region))
        chooser.open()
        return chooser

    def close(self) -> None:
        """The single viewer again, as it was before the comparison (the zoom and the place;
        only the zoom when it shows another summary now)."""
        if not self._open:
            return
        self._open = False
        self._unselect_pair()
        self.lock.stop()
        self.words.set_enabled(False)
        place = self.first.canvas.reading_position()
        showing = self.window.center.currentWidget() is self.pane
        had_focus = self.pane.pane_with_focus() is not None
        viewer = self.pane.frames[0].take_viewer()
        assert viewer is self.first
        self.window.center.insertWidget(0, viewer)
        if showing:
            self.window.show_center_view(None)
        doc, before = self._before
        if before is not None and place is not None:
            if doc != viewer.canvas.doc:
                before = SavedPosition(before.mode, before.zoom, place.page, place.x, place.y)
            viewer.canvas.restore_position(before)  # kept as the viewer gets its width back
        self.second.clear()
        self._set_active(0, bar=False)
        self.second.set_shortcuts_window_wide(False)
        self._waiting.clear()
        self._pending_hits = None
        QApplication.instance().focusChanged.disconnect(self._on_app_focus_changed)  # type: ignore[union-attr]
        if had_focus:
            viewer.canvas.setFocus(Qt.FocusReason.OtherFocusReason)
        key = self.first.current_key()
        title = f"{title_of(key, self._titles)} — {APP_NAME}" if key else APP_NAME
        self.window.setWindowTitle(title)
        self._save()
        self._update_actions()

    def swap(self) -> None:
        if self._open:
            self.pane.set_swapped(not self.pane.swapped())
            self._update_titles()
            self._save()

    def restore(self) -> None:
        """Bring back the comparison open at the last exit (beside the region shown)."""
        store = self.window.settings
        second = store.get(settings.COMPARE_REGION)
        first = self.shown_region()
        if not second or not first:
            return
        if self._problem(first, second):
            log.info("The comparison with %s was not restored", second)
            store.set(settings.COMPARE_REGION, "")
            return
        if store.get(settings.COMPARE_SWAPPED):
            self.compare(second, first)
        else:
            self.compare(first, second)

    # -- opening and closing -----------------------------------------------------------------
    def _problem(self, first: str, second: str) -> str:
        """Why `first` and `second` cannot be compared ("" when they can)."""
        for region in (first, second):
            if not region:
                return "Select a region first: its summary is compared with another."
            if region not in self._titles:
                return (
                    f"Unknown region '{region}': nothing was compared. "
                    "lis-desktop-cli regions lists the region ids."
                )
        if first == second:
            return f"Choose two different summaries to compare: both are {self._titles[first]}."
        for region in (first, second):
            if not self._offline(region):
                return (
                    f"The summary for {self._titles[region]} is not available offline yet: "
                    "download or import it to compare it."
                )
        return ""

    def _offline(self, region: str) -> bool:
        try:
            return self.window.library.pdf_path(region) is not None
        except LisError:
            return False

    def _refuse(self, message: str) -> None:
        trace.emit("compare_refused", message=message)
        self._show_message(message, 15000)

    def _show(self, other: str, *, swapped: bool) -> None:
        """Open `other` in the second pane (on the left when `swapped`)."""
        self.pane.set_swapped(swapped)
        if self.second.current_key() != other:
            path = self.window.library.pdf_path(other)
            assert path is not None  # checked by _problem
            self._waiting.add(other)
            self._painted[1] = ""
            place = self.first.canvas.reading_position() if self.first.page_count() else None
            title = f"{self._titles[other]} summary"  # what a screen reader calls it
            self.second.open_document(path, other, title, position=place)
        elif not self._waiting:
            self._emit_shown()
        self._update_titles()
        self._select_pair()
        self._save()

    def _enter(self) -> None:
        """Take the window's viewer into the first pane and show the comparison in its place,
        laid out at once (the second viewer's first page is rendered at its final size)."""
        self._open = True
        self._before = (self.first.canvas.doc, self.first.canvas.reading_position())
        self.pane.frames[0].set_viewer(self.first)
        self.window.show_center_view(self.pane)
        self.pane.update_orientation()
        self.pane.even_split()
        self.pane.settle()
        self.lock.start()
        self.lock_action.setChecked(True)
        QApplication.instance().focusChanged.connect(self._on_app_focus_changed)  # type: ignore[union-attr]
        focused = QApplication.focusWidget()
        self._set_active(1 if focused is not None and self.second.isAncestorOf(focused) else 0)
        self.words.set_enabled(self.words_action.isChecked())  # as chosen the last time
        self._update_actions()

    def _emit_shown(self) -> None:
        first, second = self.pane.ordered()
        keys = [f.viewer.current_key() or "" for f in (first, second) if f.viewer is not None]
        trace.emit("compare_shown", first=keys[0], second=keys[1])
        self.shown.emit(keys[0], keys[1])

    def _save(self) -> None:
        store = self.window.settings
        store.set(settings.COMPARE_REGION, (self.second.current_key() or "") if self._open else "")
        store.set(settings.COMPARE_SWAPPED, self._open and self.pane.swapped())

    def _select_pair(self) -> None:
        """The tree shows both regions selected (and Export… offers both), unless the user
        selected others."""
        tree = self.window.tree
        current, second = self.window.current_region_id(), self.second.current_key()
        if current and second and tree.tree_selection() in ([], [current]):
            tree.select_also([second])

    def _unselect_pair(self) -> None:
        tree = self.window.tree
        current, second = self.window.current_region_id(), self.second.current_key()
        if current and second and sorted(tree.tree_selection()) == sorted([current, second]):
            tree.select_also([second], selected=False)

    # -- what shows --------------------------------------------------------------------------
    def _update_titles(self) -> None:
        if not self._open:
            return
        names = []
        for place, frame in zip(("left", "right"), self.pane.ordered(), strict=True):
            view = frame.viewer
            title = title_of(view.current_key() if view is not None else None, self._titles)
            side = place if not self.pane.is_stacked() else ("top" if place == "left" else "bottom")
            frame.title_bar.set_title(title)
            frame.setAccessibleName(f"{title} ({side} pane)")
            names.append(title)
        self.window.setWindowTitle(f"{names[0]} and {names[1]} — {APP_NAME}")

    def _update_actions(self, *_args: object) -> None:
        for item in (self.lock_action, self.realign_action, self.swap_action, self.close_action):
            item.setEnabled(self._open)
        self.compare_action.setChecked(self._open)
        first = self.shown_region()
        others = [r for r in self.window.tree.selected_region_ids() if r != first]
        if first and len(others) == 1:
            self.compare_with_action.setText(f"Compare with {self._titles[others[0]]}")
        else:
            self.compare_with_action.setText("Compare &with…")
        self.compare_with_action.setEnabled(first is not None)

    def _set_active(self, index: int, *, bar: bool = True) -> None:
        """The pane the window's shortcuts (zoom, find, …) work on: the one last focused."""
        views = (self.first, self.second)
        views[1 - index].set_shortcuts_window_wide(False)
        views[index].set_shortcuts_window_wide(True)
        for number, frame in enumerate(self.pane.frames):
            frame.title_bar.set_active(bar and number == index)

    def _show_message(self, message: str, timeout: int = 8000) -> None:
        self.window.statusBar().showMessage(message, timeout)

    # -- slots -------------------------------------------------------------------------------
    def _on_compare_action_triggered(self, checked: bool) -> None:
        if self._open and self.window.center.currentWidget() is not self.pane:
            self.window.show_center_view(self.pane)  # back from a view shown in its place
        elif not checked:
            self.close()
        else:
            self.compare_from_tree()
        self._update_actions()

    def _on_window_compare_requested(self, first: str, second: str) -> None:
        """A launch (`--compare`) or another feature asked: a problem gets a dialog too."""
        problem = self._problem(first, second)
        if problem:
            self._refuse(problem)
            show_error(self.window, "Cannot compare", problem)
        else:
            self.compare(first, second)

    def _on_lock_action_toggled(self, checked: bool) -> None:
        if checked:
            self.lock.lock()
        else:
            self.lock.unlock()

    def _on_lock_changed(self, locked: bool) -> None:
        blocked = self.lock_action.blockSignals(True)
        self.lock_action.setChecked(locked)
        self.lock_action.blockSignals(blocked)
        self.lock_action.setIconText("Locked" if locked else "Unlocked")
        self.lock_action.setIcon(QIcon.fromTheme("object-locked" if locked else "object-unlocked"))
        text = LOCKED if locked else UNLOCKED
        self.pane.set_status(text)
        if self._open:
            self._show_message(text, 4000)  # the window says its status messages aloud

    def _on_words_action_toggled(self, on: bool) -> None:
        self.window.settings.set(settings.COMPARE_WORDS, on)
        self.words.set_enabled(on and self._open)

    def _on_words_compared(self, result: WordComparison | None) -> None:
        legend = self.pane.legend
        for frame in self.pane.frames:
            frame.title_bar.set_note("")
        if not (self._open and self.words.enabled):
            legend.show_note("")
            return
        if result is None:
            legend.show_note("Comparing the words…")
            return
        titles = [title_of(v.current_key(), self._titles) for v in (self.first, self.second)]
        sides = (result.first, result.second)
        words = result.words
        only = (len(words.only_first), len(words.only_second))
        lists = (words.only_first, words.only_second)
        for frame, side, count, alone in zip(self.pane.frames, sides, only, lists, strict=True):
            notes = [f"{plural(count, 'word')} only here"] if result.comparable else []
            notes += [n for n in (_pages_note(side.pages, side.pages_without_text),) if n]
            tip = f"Underlined red, only here: {word_list(alone)}" if alone else ""
            frame.title_bar.set_note("; ".join(notes), tip)
        if not result.comparable:
            empty = [t for t, s in zip(titles, sides, strict=True) if not s.has_text]
            verb = "has" if len(empty) == 1 else "have"
            legend.show_note(
                f"Nothing to compare: {' and '.join(empty)} {verb} no text (a scanned page?)."
            )
            return
        legend.show_counts(
            f"In both: {plural(len(words.shared), 'word')}",
            "Only in one summary",
            f"Shaded blue, in both summaries: {word_list(words.shared)}",
            f"Underlined red, only in {titles[0]}: {word_list(words.only_first)}\n"
            f"Only in {titles[1]}: {word_list(words.only_second)}",
        )

    def _on_window_region_shown(self, region: str) -> None:
        if region != self._current_region:
            self._previous_region, self._current_region = self._current_region, region
        if self._open:
            self._update_titles()
            self._select_pair()

    def _on_window_center_changed(self) -> None:
        self._update_actions()

    def _on_view_document_opened(self, _key: str) -> None:
        if self._open:
            self._update_titles()
            self.words.refresh()

    def _on_view_page_rendered(self, key: str, _width: int, _height: int) -> None:
        self._painted[0 if self.sender() is self.first else 1] = key
        if not self._open:
            return
        if self._pending_hits is not None and self.sender() is self.second:
            region, page, query = self._pending_hits
            if region == key:
                self._pending_hits = None
                self.second.show_search_hits(page, query)
        if key in self._waiting:
            self._waiting.discard(key)
            if not self._waiting:
                self._emit_shown()

    def _on_view_document_failed(self, key: str, message: str) -> None:
        self._waiting.discard(key)  # no paint comes; the pane says why
        if self.sender() is self.second:
            log.warning("Cannot show %s beside: %s", key, message)
            self._show_message(message, 15000)

    def _on_second_link_hovered(self, target: str) -> None:
        if target:
            self.window.statusBar().showMessage(target)
        else:
            self.window.statusBar().clearMessage()

    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        for index, frame in enumerate(self.pane.frames):
            if frame.isAncestorOf(new):
                self._set_active(index)


def _pages_of(frame: PaneFrame) -> QWidget | None:
    """Where F6 enters a pane: its viewer's pages, once shown."""
    canvas = frame.viewer.canvas if frame.viewer is not None else None
    return canvas if canvas is not None and canvas.isVisible() else None


def _pages_note(pages: int, empty: tuple[int, ...]) -> str:
    """'Page 2 has no text' / 'No text on 3 of 5 pages' for a pane's title bar."""
    if not empty:
        return ""
    if len(empty) == pages:
        return "no text on its pages (scanned?)"
    if len(empty) == 1:
        return f"page {empty[0] + 1} has no text"
    return f"no text on {len(empty)} of {pages} pages"
