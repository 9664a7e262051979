"""The comparison in the viewer's place: its toolbar (lock, Re-align, swap, the words' legend,
close) over a splitter holding two panes, each a title bar naming its summary over a viewer;
below a width the panes stack. Thin: it shows what it is told and says what the user asked.

Keys: each pane is a stop of the window's F6 (`window.panes`: registered by the comparison);
Ctrl+Tab and Ctrl+Shift+Tab switch between the two; Esc in the second pane closes it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lis_desktop.ui.accessibility.names import name_toolbar
from lis_desktop.ui.compare.alignment import stacked
from lis_desktop.ui.compare.words import SHARED_COLOUR, UNIQUE_COLOUR
from lis_desktop.ui.viewer.view import PdfView


class Swatch(QWidget):
    """A legend's sample of a mark: a shaded box, or a bar under a word."""

    def __init__(self, colour: QColor, underline: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colour, self.underline = colour, underline
        self.setFixedSize(QSize(22, 14))

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        painter.setPen(QColor(90, 90, 90))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        box = QRectF(3, 3, self.width() - 6, self.height() - 6)
        if self.underline:
            box.setTop(box.bottom() - 3)
        painter.fillRect(box, self.colour)
        painter.end()


class Legend(QWidget):
    """What the two marks mean: "▇ In both: 42 words  ▁ Only in one" (each pane's title bar
    counts its own), the words themselves in the tooltips."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shared_label = QLabel()
        self.unique_label = QLabel()
        self.note_label = QLabel()  # "nothing to compare", "comparing…"
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.setSpacing(4)
        self.shared_swatch = Swatch(SHARED_COLOUR, False)
        self.shared_swatch.setAccessibleName("Blue shading: words in both summaries")
        self.unique_swatch = Swatch(UNIQUE_COLOUR, True)
        self.unique_swatch.setAccessibleName("Red underline: words in one summary only")
        for widget in (self.shared_swatch, self.shared_label):
            layout.addWidget(widget)
        layout.addSpacing(10)
        for widget in (self.unique_swatch, self.unique_label, self.note_label):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setAccessibleName("Words legend")
        self.show_note("")

    def show_counts(self, shared: str, unique: str, shared_tip: str, unique_tip: str) -> None:
        self.note_label.hide()
        for widget in (self.shared_swatch, self.shared_label, self.unique_swatch):
            widget.show()
        self.unique_label.show()
        self.shared_label.setText(shared)
        self.unique_label.setText(unique)
        self.shared_label.setToolTip(shared_tip)
        self.unique_label.setToolTip(unique_tip)
        self.shared_swatch.setToolTip(shared_tip)
        self.unique_swatch.setToolTip(unique_tip)
        self.setAccessibleDescription(f"{shared}. {unique}.")

    def show_note(self, text: str) -> None:
        for widget in (self.shared_swatch, self.shared_label, self.unique_swatch):
            widget.hide()
        self.unique_label.hide()
        self.note_label.setText(text)
        self.note_label.setVisible(bool(text))
        self.setAccessibleDescription(text)


class TitleBar(QFrame):
    """A pane's title: the summary it shows, a note (its words), and for the second pane a
    close button."""

    close_requested = Signal()

    def __init__(self, closable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareTitleBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.title = QLabel()
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel()
        self.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 2, 2)
        layout.addWidget(self.title)
        layout.addWidget(self.note, 1)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Close this pane (Esc)")
        self.close_button.setAccessibleName("Close this pane")
        self.close_button.clicked.connect(self.close_requested)
        layout.addWidget(self.close_button)
        if not closable:  # hidden, but its room kept: both title bars are as high
            policy = self.close_button.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            self.close_button.setSizePolicy(policy)
            self.close_button.hide()
        self._active = False
        self.set_active(False)

    def set_title(self, text: str) -> None:
        self.title.setText(text)
        self.title.setToolTip(text)

    def set_note(self, text: str, tip: str = "") -> None:
        self.note.setText(f"  {text}" if text else "")
        self.note.setToolTip(tip or text)

    def set_active(self, active: bool) -> None:
        """The pane the keyboard's zoom and find work on: its title is bold, its bar tinted."""
        self._active = active
        font = self.title.font()
        font.setBold(active)
        self.title.setFont(font)
        palette = QApplication.palette(self)
        window = palette.color(QPalette.ColorRole.Window)
        if active:
            tint = palette.color(QPalette.ColorRole.Highlight)
            window = QColor(
                (window.red() * 3 + tint.red()) // 4,
                (window.green() * 3 + tint.green()) // 4,
                (window.blue() * 3 + tint.blue()) // 4,
            )
        palette.setColor(QPalette.ColorRole.Window, window)
        self.setPalette(palette)
        self.setAccessibleDescription("active pane" if active else "")

    def is_active(self) -> bool:
        return self._active


class PaneFrame(QWidget):
    """One side of the comparison: a title bar over a viewer (given with `set_viewer`)."""

    close_requested = Signal()

    def __init__(self, closable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.closable = closable
        self.title_bar = TitleBar(closable, self)
        self.title_bar.close_requested.connect(self.close_requested)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(self.title_bar)
        self.viewer: PdfView | None = None

    def set_viewer(self, viewer: PdfView) -> None:
        """Put `viewer` under the title bar (taking it from where it was)."""
        self.viewer = viewer
        self._layout.addWidget(viewer, 1)
        viewer.show()

    def take_viewer(self) -> PdfView | None:
        """Let go of the viewer (the caller puts it elsewhere)."""
        viewer, self.viewer = self.viewer, None
        if viewer is not None:
            self._layout.removeWidget(viewer)
        return viewer

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.closable:
            self.close_requested.emit()
            return
        super().keyPressEvent(event)


class ComparePane(QWidget):
    """The toolbar (over `actions`, None a separator) and the two panes; `frames[0]` holds the
    window's viewer, `frames[1]` the second one. `swapped`: the second is on the left/top."""

    close_requested = Signal()  # Esc in the second pane, or its title bar's close button
    orientation_changed = Signal()  # side by side, or stacked

    def __init__(self, actions: Sequence[QAction | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparePane")
        self.toolbar = QToolBar("Comparison", self)
        self.toolbar.setObjectName("compareToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in actions:
            if action is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(action)
        name_toolbar(self.toolbar, "Comparison toolbar", "More comparison commands")
        self.status = QLabel(self)  # locked or not, for screen readers too
        self.status.setObjectName("compareStatus")
        self.legend = Legend(self)
        info = QHBoxLayout()
        info.setContentsMargins(8, 2, 8, 2)
        info.addWidget(self.status)
        info.addWidget(self.legend, 1)
        self.frames = (PaneFrame(False), PaneFrame(True))
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("compareSplitter")
        self.splitter.setChildrenCollapsible(False)
        for frame in self.frames:
            self.splitter.addWidget(frame)
            frame.setMinimumSize(160, 160)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addLayout(info)
        layout.addWidget(self.splitter, 1)
        self._install_keys()
        self.frames[1].close_requested.connect(self.close_requested)

    def _install_keys(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, step in (
            (QKeySequence.StandardKey.NextChild, 1),
            (QKeySequence.StandardKey.PreviousChild, -1),
        ):
            for sequence in QKeySequence.keyBindings(keys):
                shortcut = QShortcut(sequence, self)
                shortcut.setContext(context)
                shortcut.activated.connect(lambda s=step: self.focus_other_pane(s))

    # -- showing -----------------------------------------------------------------------------
    def swapped(self) -> bool:
        return self.splitter.indexOf(self.frames[1]) == 0

    def set_swapped(self, swapped: bool) -> None:
        if swapped != self.swapped():
            sizes = self.splitter.sizes()
            self.splitter.insertWidget(0, self.ordered()[1])
            self.splitter.setSizes(list(reversed(sizes)))

    def ordered(self) -> tuple[PaneFrame, PaneFrame]:
        """The frames in reading order (left or top first)."""
        first, second = self.splitter.widget(0), self.splitter.widget(1)
        assert isinstance(first, PaneFrame)
        assert isinstance(second, PaneFrame)
        return first, second

    def set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(text)

    def even_split(self) -> None:
        total = sum(self.splitter.sizes()) or self._extent()
        self.splitter.setSizes([total // 2, total - total // 2])

    def _extent(self) -> int:
        return self.splitter.height() if self.is_stacked() else self.splitter.width()

    def is_stacked(self) -> bool:
        return self.splitter.orientation() == Qt.Orientation.Vertical

    def settle(self) -> None:
        """Lay the panes out now (not at the next pass of the event loop), so that a viewer
        opening a document knows its size."""
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.update_orientation()
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def update_orientation(self) -> None:
        """Side by side, or one above the other when the comparison is narrow."""
        wanted = Qt.Orientation.Vertical if stacked(self.width()) else Qt.Orientation.Horizontal
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
            self.even_split()
            self.orientation_changed.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.update_orientation()

    # -- keys --------------------------------------------------------------------------------
    def pane_with_focus(self) -> PaneFrame | None:
        focused = QApplication.focusWidget()
        if focused is None:
            return None
        return next((f for f in self.frames if f.isAncestorOf(focused)), None)

    def focus_other_pane(self, step: int = 1) -> None:
        """Focus the other pane's pages (from outside the panes: the first in reading order)."""
        ordered = self.ordered()
        current = self.pane_with_focus()
        if current is None:
            target = ordered[0] if step > 0 else ordered[1]
        else:
            target = ordered[1 - ordered.index(current)]
        if target.viewer is not None:
            target.viewer.canvas.setFocus(Qt.FocusReason.OtherFocusReason)


def title_of(key: str | None, titles: Mapping[str, str]) -> str:
    """A pane's title: the region's, or a file's name."""
    if not key:
        return ""
    return titles[key] if key in titles else Path(key).name
