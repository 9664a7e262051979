"""Viewer features that act on the whole view: links, copying the selection, night mode."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QInputDialog

from lis_desktop.pdf.api import PdfDocument
from lis_desktop.pdf.document import LinkInfo, PageInfo, Word
from lis_desktop.pdf.page_text import Run, line_runs
from lis_desktop.settings import NIGHT_MODE, VIEWER_THUMBNAILS, Settings
from lis_desktop.ui.viewer.positions import SavedPosition
from lis_desktop.ui.viewer.rendering import FirstPageGuess

if TYPE_CHECKING:
    from lis_desktop.ui.viewer.view import PdfView

log = logging.getLogger(__name__)

SAFE_SCHEMES = ("http", "https", "mailto")


def activate_link(view: PdfView, link: LinkInfo) -> None:
    """Jump to an internal target; open web and mail links outside; refuse anything else."""
    if link.page >= 0:
        view.canvas.go_to_page(link.page, link.target_y)
        return
    url = QUrl(link.uri)
    scheme = url.scheme().lower()
    if url.isValid() and scheme in SAFE_SCHEMES:
        if not QDesktopServices.openUrl(url):
            view.status_message.emit(f"No application could open {link.uri}")
        return
    shown = link.uri.removeprefix("unsupported:")
    label = f"“{scheme}:” links" if scheme and scheme != "unsupported" else "This kind of link"
    view.status_message.emit(f"Link not opened: {label} are not allowed ({shown[:80]}).")


def copy_selection(view: PdfView) -> None:
    """Put the selected text on the clipboard, fetching the words of off-screen pages first."""
    selection = view.canvas.selection
    pages = list(selection.pages())
    if not pages:
        return
    known = {p: view.canvas.page_info[p].words for p in pages if p in view.canvas.page_info}
    missing = [p for p in pages if p not in known]
    session = view.session
    if not missing or session is None:
        _set_clipboard(view, selection.text(known))
        return

    def with_words(words: dict[int, tuple[Word, ...]]) -> None:
        _set_clipboard(view, selection.text({**known, **words}))

    view.run_job(lambda: _words(session, missing), with_words)


def _words(session: PdfDocument, pages: list[int]) -> dict[int, tuple[Word, ...]]:
    return session.all_words(pages)


def _set_clipboard(view: PdfView, text: str) -> None:
    if text:
        QGuiApplication.clipboard().setText(text)
        view.status_message.emit(f"Copied {len(text.split())} words.")


def night_wanted(settings: Settings) -> bool:
    """Night mode as the user set it, or following the OS dark theme when left on automatic."""
    mode = settings.get(NIGHT_MODE)
    if mode in ("on", "off"):
        return mode == "on"
    return os_prefers_dark()


def os_prefers_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_night(view: PdfView) -> bool:
    """Show pages in night mode when wanted; True when that changed."""
    night = night_wanted(view.settings)
    view.commands.set_checked("night_mode", night)
    return view.canvas.set_night(night)


def reset_thumbnails(view: PdfView, doc: str) -> None:
    """Thumbnails for documents of more than one page, unless the user hid them."""
    sizes = view.canvas.sizes
    show = len(sizes) > 1 and view.settings.get(VIEWER_THUMBNAILS)
    view.commands.set_checked("thumbnails", bool(show))
    view.commands["thumbnails"].setEnabled(len(sizes) > 1)
    if show:
        view.thumbs.set_document(doc, sizes, view.canvas.rotation, view.canvas.night)
    view.thumbs.setVisible(bool(show))


def focus_pages(view: PdfView) -> None:
    """Give the pages the keyboard focus (arrows, Page Down scroll them at once), unless the
    user is elsewhere in the window: stepping through the regions tree with the arrow keys
    must not lose the tree's focus to each summary it shows."""
    focused = QApplication.focusWidget()
    if focused is None or focused is view or view.isAncestorOf(focused):
        view.canvas.setFocus()


def ask_page(view: PdfView) -> None:
    count = view.page_count()
    if count:
        number, ok = QInputDialog.getInt(
            view, "Go to Page", f"Page (1–{count}):", view.current_page(), 1, count
        )
        if ok:
            view.go_to_page(number)


def first_page_guess(view: PdfView, doc: str, saved: SavedPosition | None) -> FirstPageGuess:
    """What the view will show first of `doc`, worked out before its page sizes are known."""
    saved = saved or SavedPosition()
    size = view.canvas.viewport().size()
    thumbs_shown = view.thumbs.width() if view.thumbs.isVisible() else 0
    thumbs_wanted = view.thumbs.width() if view.settings.get(VIEWER_THUMBNAILS) else 0
    full = (size.width() + thumbs_shown, size.height())
    return FirstPageGuess(
        doc, saved.mode, saved.zoom, saved.page, view.canvas.dpr(),
        night_wanted(view.settings), full, thumbs_wanted,
    )  # fmt: skip


def _text_and_links(session: PdfDocument, page: int) -> tuple[PageInfo, list[Run]]:
    """A page's words and links, and the line runs a selection of its words is painted as."""
    info = session.page_info(page)
    return info, line_runs(info.words)


class PageData(QObject):
    """Loads the words and links of pages as they come into view, on the viewer's worker."""

    def __init__(self, view: PdfView) -> None:
        super().__init__(view)
        self._view = view
        self._pending: set[int] = set()

    def reset(self) -> None:
        self._pending.clear()

    def load(self, page: int) -> None:
        view, session = self._view, self._view.session
        if session is None or page in self._pending:
            return
        self._pending.add(page)
        doc = view.canvas.doc

        def loaded(result: tuple[PageInfo, list[Run]]) -> None:
            info, runs = result
            if doc == view.canvas.doc and view.session is session:
                view.canvas.set_page_data(page, info, runs)

        view.run_job(lambda: _text_and_links(session, page), loaded, self._on_job_failed(page))

    def _on_job_failed(self, page: int) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            log.warning("No text or links for page %d: %s", page + 1, exc)

        return failed
