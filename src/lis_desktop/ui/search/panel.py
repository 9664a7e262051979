"""The "Search text" panel: query field, facet choices, and the results listed by region with
snippets whose matching words are highlighted. Thin: it shows a SearchResult and emits intents."""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QAction,
    QFont,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPalette,
    QResizeEvent,
    QStandardItem,
    QStandardItemModel,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QWidget,
)

from lis_desktop.domain import NATIONS, Region
from lis_desktop.search.query import (
    BODIES,
    NO_WAVE,
    WAVES,
    Facets,
    NoteHit,
    PageHit,
    SearchResult,
    ons_regions,
    plural,
)
from lis_desktop.ui.accessibility.announce import Throttle, announce
from lis_desktop.ui.accessibility.names import name_combo

log = logging.getLogger(__name__)

REGION_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_ROLE = Qt.ItemDataRole.UserRole + 2
HTML_ROLE = Qt.ItemDataRole.UserRole + 3
NOTE_ROLE = Qt.ItemDataRole.UserRole + 4
HIT_STYLE = "background-color: #ffd84d; color: #000000; font-weight: bold;"  # not colour alone
AnyIndex = QModelIndex | QPersistentModelIndex


def snippet_html(hit: PageHit) -> str:
    """'p. 1  …the <mark>Offshore wind</mark> fleet…' as escaped rich text."""
    return f"<b>p.&nbsp;{hit.page + 1}</b>&nbsp; " + marked_html(hit.snippet, hit.spans)


def marked_html(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` escaped, with its `spans` highlighted as search hits are."""
    parts, last = [], 0
    for start, end in spans:
        parts.append(html.escape(text[last:start]))
        parts.append(f'<span style="{HIT_STYLE}">{html.escape(text[start:end])}</span>')
        last = end
    parts.append(html.escape(text[last:]))
    return "".join(parts)


def note_hit_html(hit: NoteHit) -> str:
    """'Black Country · p. 1  “quote” — note' as escaped rich text."""
    where = "detached" if hit.detached else f"p.&nbsp;{hit.page + 1}"
    quote = marked_html(hit.quote, hit.quote_spans)
    line = f"<b>{html.escape(hit.title)} · {where}</b>&nbsp; “{quote}”"
    if hit.text:
        line += f" — {marked_html(hit.text, hit.text_spans)}"
    return line


class SnippetDelegate(QStyledItemDelegate):
    """Draws the rich-text snippet rows, wrapped to the view's width."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view

    def _document(self, index: AnyIndex, option: QStyleOptionViewItem, width: int) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(2)
        doc.setHtml(str(index.data(HTML_ROLE)))
        doc.setTextWidth(max(80, width))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        if index.data(HTML_ROLE) is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(index, opt, opt.rect.width())
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else self._view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.translate(opt.rect.topLeft())
        painter.setClipRect(opt.rect.translated(-opt.rect.topLeft()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        if index.data(HTML_ROLE) is None:
            return super().sizeHint(option, index)
        depth = 1 if index.parent().isValid() else 0
        width = self._view.viewport().width() - self._view.indentation() * (depth + 1) - 4
        doc = self._document(index, option, width)
        return QSize(width, int(doc.size().height()) + 2)


class _ResultsView(QTreeView):
    resized = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.modifiers = Qt.KeyboardModifier.NoModifier  # held at the last click or key

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.resized.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.modifiers = event.modifiers()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.modifiers = event.modifiers()
        super().keyPressEvent(event)


class SearchPanel(QWidget):
    """Query, facets, results. Emits what the user asked for; decides nothing."""

    search_requested = Signal(str, object)  # query text, Facets
    result_activated = Signal(str, int)  # region id, page index
    beside_requested = Signal(str, int)  # region id, page index: beside the summary shown
    note_activated = Signal(int)  # note id: a hit in the user's notes
    closed = Signal()

    def __init__(self, regions: Sequence[Region], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit(clearButtonEnabled=True)
        self.field.setPlaceholderText('Search text: words, "a phrase", manufact*, OR, -word')
        self.field.setToolTip(
            'All words must match. "exact phrase", prefix*, wind OR solar, -exclude.\n'
            "Case, accents and word endings are ignored."
        )
        self.field.setAccessibleName("Search the text of all summaries")
        self.field.setAccessibleDescription(
            'All words must match; "a phrase", prefix*, OR and -word narrow it. Enter goes to '
            "the results"
        )
        close = QToolButton(autoRaise=True)
        close.setText("✕")
        close.setToolTip("Close search (Esc)")
        close.setAccessibleName("Close search")
        self.nation = self._combo("Any nation", [(n, n) for n in NATIONS], "nation")
        self.body = self._combo("Any body", [(b, b) for b in BODIES], "body (LEP or MCA)")
        waves: list[tuple[str, object]] = [(f"Wave {w}", w) for w in WAVES]
        self.wave = self._combo(
            "Any wave", [*waves, ("No wave (devolved)", NO_WAVE)], "Local Industrial Strategy wave"
        )
        self.ons = self._combo(
            "Any ONS region", [(o, o) for o in ons_regions(regions)], "ONS region"
        )
        self.status = QLabel(wordWrap=True)
        self.status.setAccessibleName("Search status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = QStandardItemModel(self)
        self.results = _ResultsView()
        self.results.setModel(self.model)
        self.results.setHeaderHidden(True)
        self.results.setUniformRowHeights(False)
        self.results.setWordWrap(True)
        self.results.setItemDelegate(SnippetDelegate(self.results))
        self.results.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.results.setAccessibleName("Search results")
        self.beside_action = QAction("Open &Beside the Summary Shown", self.results)
        self.beside_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.beside_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.beside_action.setStatusTip("Compare this hit's summary with the one shown")
        self.results.addAction(self.beside_action)
        self.results.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._layout(close)
        self._said = Throttle(self.status)  # results grow as the index fills: said calmly
        self._typing = QTimer(self, singleShot=True, interval=250)
        self._relayout = QTimer(self, singleShot=True, interval=50)
        self._connect(close)

    def _combo(self, any_label: str, choices: list[tuple[str, object]], what: str) -> QComboBox:
        """A filter of the results, named by what it filters (its value is read as such)."""
        combo = QComboBox()
        combo.addItem(any_label, None)
        for label, value in choices:
            combo.addItem(label, value)
        combo.setProperty("filters", what)  # named once in the panel (name_combo)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        return combo

    def _layout(self, close: QToolButton) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 6, 0, 0)  # lines up with the region tree below
        grid.setSpacing(4)
        grid.addWidget(self.field, 0, 0, 1, 2)
        grid.addWidget(close, 0, 2)
        grid.addWidget(self.nation, 1, 0)
        grid.addWidget(self.body, 1, 1, 1, 2)
        grid.addWidget(self.wave, 2, 0)
        grid.addWidget(self.ons, 2, 1, 1, 2)
        grid.addWidget(self.status, 3, 0, 1, 3)
        grid.addWidget(self.results, 4, 0, 1, 3)
        grid.setRowStretch(4, 1)
        for combo in (self.nation, self.body, self.wave, self.ons):
            name_combo(combo, f"Filter results by {combo.property('filters')}")

    def _connect(self, close: QToolButton) -> None:
        self.field.textChanged.connect(self._typing.start)
        self.field.returnPressed.connect(self._on_field_return_pressed)
        self._typing.timeout.connect(self._request)
        for combo in (self.nation, self.body, self.wave, self.ons):
            combo.currentIndexChanged.connect(self._on_combo_changed)
        close.clicked.connect(self.closed)
        self.results.activated.connect(self._on_results_activated)
        self.results.clicked.connect(self._on_results_activated)
        self.beside_action.triggered.connect(self._on_beside_action_triggered)
        self.results.resized.connect(self._relayout.start)
        self._relayout.timeout.connect(self.results.doItemsLayout)

    # -- what the user asked for -----------------------------------------------------------------
    def query(self) -> str:
        return self.field.text().strip()

    def facets(self) -> Facets:
        wave = self.wave.currentData()
        return Facets(
            nation=self.nation.currentData(),
            body=self.body.currentData(),
            wave=None if wave is None else int(wave),
            ons_region=self.ons.currentData(),
        )

    def focus_query(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def _request(self) -> None:
        self._typing.stop()
        self.search_requested.emit(self.query(), self.facets())

    def _on_field_return_pressed(self) -> None:
        self._request()
        if self.model.rowCount():
            self.results.setFocus()
            self.results.setCurrentIndex(self.model.index(0, 0))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
            return
        super().keyPressEvent(event)

    def _on_combo_changed(self) -> None:
        for combo in (self.nation, self.body, self.wave, self.ons):
            combo.setToolTip(combo.currentText())  # a long ONS region name is cut in the box
        self._request()

    def _on_results_activated(self, index: QModelIndex) -> None:
        note = index.data(NOTE_ROLE)
        if note is not None:
            self.note_activated.emit(int(note))
            return
        region = index.data(REGION_ROLE)
        if region is None:
            return
        beside = self.results.modifiers & Qt.KeyboardModifier.ControlModifier  # Ctrl+click
        signal = self.beside_requested if beside else self.result_activated
        signal.emit(str(region), int(index.data(PAGE_ROLE)))

    def _on_beside_action_triggered(self) -> None:
        index = self.results.currentIndex()
        region = index.data(REGION_ROLE)
        if region is not None:
            self.beside_requested.emit(str(region), int(index.data(PAGE_ROLE)))

    # -- showing results -------------------------------------------------------------------------
    def show_message(self, text: str) -> None:
        """A notice or an error (e.g. a malformed query); the previous results are cleared."""
        self.model.clear()
        self.status.setText(text)
        announce(self.status, text)

    def show_result(self, result: SearchResult, status: str) -> None:
        self.model.clear()
        bold = QFont(self.font())
        bold.setBold(True)
        if result.notes:
            self.model.appendRow(self._notes_group(result.notes, bold))
        for group in result.regions:
            label = f"{group.title}  ·  {plural(group.hits, 'hit')}"
            if group.more_pages:
                label += f" (+{plural(group.more_pages, 'more page')})"
            top = QStandardItem(label)
            top.setFont(bold)
            top.setData(f"<b>{html.escape(label)}</b>", HTML_ROLE)  # wraps a long title
            top.setData(group.region, REGION_ROLE)
            top.setData(group.pages[0].page if group.pages else 0, PAGE_ROLE)
            for hit in group.pages:
                child = QStandardItem(f"p. {hit.page + 1}  {hit.snippet}")
                child.setData(group.region, REGION_ROLE)
                child.setData(hit.page, PAGE_ROLE)
                child.setData(snippet_html(hit), HTML_ROLE)
                child.setToolTip(hit.snippet)
                top.appendRow(child)
            self.model.appendRow(top)
        self.results.expandAll()
        self.status.setText(status)
        self._said.say(status)

    @staticmethod
    def _notes_group(hits: Sequence[NoteHit], bold: QFont) -> QStandardItem:
        """The hits in the user's notes, listed first, each opening its highlight."""
        label = f"Your notes  ·  {plural(len(hits), 'note')}"
        top = QStandardItem(label)
        top.setFont(bold)
        top.setData(f"<b>{html.escape(label)}</b>", HTML_ROLE)
        top.setData(hits[0].note_id, NOTE_ROLE)
        for hit in hits:
            where = "detached" if hit.detached else f"page {hit.page + 1}"
            text = f"Note on {hit.title}, {where}: “{hit.quote}”" + (
                f" — {hit.text}" if hit.text else ""
            )
            child = QStandardItem(text)
            child.setData(hit.note_id, NOTE_ROLE)
            child.setData(hit.region, REGION_ROLE)
            child.setData(hit.page, PAGE_ROLE)
            child.setData(note_hit_html(hit), HTML_ROLE)
            child.setData(text, Qt.ItemDataRole.AccessibleTextRole)
            child.setToolTip(text)
            top.appendRow(child)
        return top
