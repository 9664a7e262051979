"""The publication pane: the story as GOV.UK presents it, rendered from the domain Publication.

Attachment links carry `region:<id>` and become `region_selected(id)`; web links open in the
system browser. Colours come from the palette, so light and dark themes both read well; links
are underlined (not told by colour alone). For the keyboard it is one Tab stop whose links the
arrow keys reach, and to a screen reader a document with headings and links
(`ui.accessibility.document`).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable, Mapping

from PySide6.QtCore import QEvent, QObject, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAccessibleInterface,
    QColor,
    QDesktopServices,
    QFont,
    QPalette,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from lis_desktop.domain import Attachment, ChangeNote, Offline, Publication, format_date
from lis_desktop.ui.accessibility import text
from lis_desktop.ui.accessibility.document import PartNode, browse

log = logging.getLogger(__name__)

REGION_SCHEME = "region"
CURRENT_DELAY_MS = 40  # the bold link of the summary shown follows this long after
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def _mix(a: QColor, b: QColor, amount: float) -> str:
    """`a` moved `amount` of the way towards `b`, as #rrggbb."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    ).name()


def _accessible(obj: QObject) -> QAccessibleInterface | None:
    """The pane's interfaces for screen readers, loaded when one first asks (start-up time);
    None (Qt's own) where PySide6 lacks what they need (before 6.8)."""
    try:
        from lis_desktop.ui.accessibility import document_tree
    except ImportError as exc:
        log.info("The publication pane's structure is not told to screen readers: %s", exc)
        return None
    return document_tree.interface(obj)


def describe_link(href: str) -> str:
    """What following a link of the pane does, for a screen reader."""
    url = QUrl(href)
    if url.scheme() == REGION_SCHEME:
        return "Shows this summary"
    if url.scheme() in ("http", "https"):
        return f"Opens {url.host()} in your web browser"
    return href


class PublicationPane(QTextBrowser):
    """Read-only story view; emits `region_selected(id)` when an attachment is clicked."""

    region_selected = Signal(str)

    def __init__(self, publication: Publication, parent: QWidget | None = None) -> None:
        # Before the widget is made: made while assistive technology listens (the window is
        # shown before its panes are complete), it is asked for its interface at once.
        text.register(PublicationPane, _accessible)
        text.register(PartNode, _accessible)
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName("Publication")
        self.setAccessibleDescription(
            "The GOV.UK story and its local summaries; Up and Down go from link to link, "
            "Enter follows a link"
        )
        self.document().setDocumentMargin(14)
        self._publication = publication
        self._current: str | None = None
        self._bold: str | None = None  # the region whose links the document shows in bold
        # The bold link follows the summary shown a moment later: the page asked for at the same
        # time is painted first (changing the story's text takes ~5 ms of the GUI thread).
        self._current_timer = QTimer(self, singleShot=True, interval=CURRENT_DELAY_MS)
        self._current_timer.timeout.connect(self._on_current_timer_timeout)
        self._statuses: Mapping[str, Offline] = {}
        self._new_history: frozenset[ChangeNote] = frozenset()
        self._html = ""
        self.anchorClicked.connect(self._on_self_anchor_clicked)
        self._render()
        self.browsing = browse(self, describe_link)

    def set_publication(self, publication: Publication) -> None:
        self._publication = publication
        self._render()

    def set_current_region(self, region_id: str | None) -> None:
        """Show `region_id`'s link in bold (the summary shown). The links' weight is changed in
        place: setting the whole story anew would delay the page being painted by ~6 ms."""
        if region_id != self._current:
            self._current = region_id
            self._current_timer.start()  # once the page asked for with it is painted, mostly

    def _on_current_timer_timeout(self) -> None:
        if self._bold == self._current:
            return
        if self._html and self._embolden({self._bold: False, self._current: True}):
            self._bold = self._current
            self._html = self.to_html()  # what the document shows now
        else:
            self._render()

    def _embolden(self, weights: dict[str | None, bool]) -> bool:
        """Set the weight of each region's links (bold or not), in one pass over the story;
        False when a region to be made bold has no link in it (None: no region)."""
        hrefs = {f"{REGION_SCHEME}:{html.escape(r)}": bold for r, bold in weights.items() if r}
        found = {href for href, bold in hrefs.items() if not bold}  # need not be there
        block = self.document().begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                bold = hrefs.get(fragment.charFormat().anchorHref()) if fragment.isValid() else None
                if bold is not None:
                    cursor = QTextCursor(self.document())
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(),
                                       QTextCursor.MoveMode.KeepAnchor)  # fmt: skip
                    weight = QTextCharFormat()
                    weight.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
                    cursor.mergeCharFormat(weight)
                    found.add(fragment.charFormat().anchorHref())
                fragments += 1
            block = block.next()
        return found >= set(hrefs)

    def set_statuses(self, statuses: Mapping[str, Offline]) -> None:
        self._statuses = dict(statuses)
        self._render()

    def set_new_history(self, notes: Iterable[ChangeNote]) -> None:
        """Mark these update-history entries as new (the last sync saw them first)."""
        new = frozenset(notes)
        if new != self._new_history:
            self._new_history = new
            self._render()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._render()

    # -- rendering ------------------------------------------------------------------------
    def _render(self) -> None:
        text = self.to_html()
        self._bold = self._current  # to_html() shows it in bold
        if text == self._html:
            return
        self._html = text
        scroll = self.verticalScrollBar().value()
        self.setHtml(text)
        self.verticalScrollBar().setValue(scroll)

    def to_html(self) -> str:
        pub = self._publication
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        accent = pal.color(QPalette.ColorRole.Highlight)
        muted = _mix(text, base, 0.38)
        quote_bg = _mix(base, accent, 0.08)
        link = pal.color(QPalette.ColorRole.Link).name()
        style = (
            f"body {{ color: {text.name()}; }}"
            f"a {{ color: {link}; text-decoration: underline; }}"
            f".kicker {{ color: {muted}; font-size: small; }}"
            f".meta {{ color: {muted}; }}"
            f"h1 {{ font-size: x-large; font-weight: 600; margin-top: 2px; margin-bottom: 8px; }}"
            "h2 { font-size: medium; font-weight: 600; margin-top: 18px; margin-bottom: 4px; }"
            f".att {{ color: {muted}; }}"
            f".fine {{ color: {muted}; font-size: small; }}"
        )
        parts = [
            f"<html><head><style>{style}</style></head><body>",
            f"<p class='kicker'>{html.escape(pub.document_type)}</p>",
            f"<h1>{html.escape(pub.title)}</h1>",
            f"<p class='meta'>Published {format_date(pub.published)}<br>"
            f"Last updated {format_date(pub.updated)}</p>",
            self._body_html(accent.name(), quote_bg),
            "<h2>Updates to this page</h2>",
            self._history_html(muted),
            "<h2>Industrial Strategy: local summaries</h2>",
            self._attachments_html(),
            f"<p style='margin-top: 16px'><a href='{html.escape(pub.url)}'>"
            "View this page on GOV.UK ↗</a></p>",
            f"<p class='fine'>Contains public sector information licensed under the "
            f"<a href='{html.escape(pub.licence_url or OGL_URL)}'>"
            f"{html.escape(pub.licence)}</a>. © Crown copyright.</p>",
            "</body></html>",
        ]
        return "".join(parts)

    def _body_html(self, accent: str, quote_bg: str) -> str:
        out: list[str] = []
        quotes: list[str] = []

        def flush() -> None:
            if quotes:
                out.append(
                    "<table width='100%' cellspacing='0' cellpadding='0' "
                    "style='margin-top: 4px; margin-bottom: 12px'><tr>"
                    f"<td width='4' bgcolor='{accent}'></td>"
                    f"<td bgcolor='{quote_bg}' style='padding: 8px 12px'>"
                    + "".join(f"<p><i>“{html.escape(q)}”</i></p>" for q in quotes)
                    + "</td></tr></table>"
                )
                quotes.clear()

        for block in self._publication.body:
            if block.kind == "quote":
                quotes.append(block.text)
                continue
            flush()
            tag = {"h": "h2", "li": "li"}.get(block.kind, "p")
            out.append(f"<{tag}>{html.escape(block.text)}</{tag}>")
        flush()
        return "".join(out)

    def _history_html(self, muted: str) -> str:
        return "".join(
            f"<p style='margin-top: 2px; margin-bottom: 2px'>"
            f"<span style='color: {muted}'>{format_date(note.date)}</span> — "
            f"{html.escape(note.note)}"
            + (" <b class='new'>New</b>" if note in self._new_history else "")
            + "</p>"
            for note in self._publication.history_newest_first()
        )

    def _attachments_html(self) -> str:
        listed = [a for a in self._publication.attachments if a.region]
        others = [a for a in self._publication.attachments if not a.region]
        out = self._attachment_table(listed)
        if others:  # on GOV.UK but matching no region: shown, never dropped
            out += "<h2>Other attachments</h2>" + self._attachment_table(others)
        return out

    def _attachment_table(self, attachments: list[Attachment]) -> str:
        rows = [self._attachment_row(a) for a in attachments]
        return "<table cellspacing='0' cellpadding='0'>" + "".join(rows) + "</table>"

    def _attachment_row(self, att: Attachment) -> str:
        title = html.escape(att.title)
        if att.region:
            title = f"<a href='{REGION_SCHEME}:{html.escape(att.region)}'>{title}</a>"
            if att.region == self._current:
                title = f"<b>{title}</b>"
        mark = ""
        if att.region and self._statuses.get(att.region) in (
            Offline.AVAILABLE,
            Offline.UPDATE_AVAILABLE,
        ):
            mark = " <span class='att'>· offline</span>"
        if att.removed:
            mark += " <span class='att'>· no longer on GOV.UK</span>"
        elif not att.region and att.url:
            title = f"<a href='{html.escape(att.url)}'>{title}</a>"
        return (
            f"<tr><td style='padding: 2px 0'>{title} "
            f"<span class='att'>— {html.escape(att.listing())}</span>{mark}</td></tr>"
        )

    # -- links ----------------------------------------------------------------------------
    def _on_self_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == REGION_SCHEME:
            self.region_selected.emit(url.path())
        elif url.scheme() in ("http", "https"):
            if not QDesktopServices.openUrl(url):
                log.warning("Could not open %s in the browser", url.toString())
        else:
            log.warning("Ignored a link with scheme %r", url.scheme())
