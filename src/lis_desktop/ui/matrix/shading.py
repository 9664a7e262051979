"""The heat map's look: a delegate that shades each count cell by its level (a colour-blind-safe
sequential palette from search.matrix: YlGnBu on light backgrounds, viridis at night) with the
count always written in black or white for contrast, hatches cells without a count, and frames
the current cell; and the legend that explains the shades in words."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from lis_desktop.search.matrix import HEAT_STEPS, heat_colour, ink_for
from lis_desktop.ui.matrix.model import HEAT_ROLE, STATE_ROLE, STATE_TEXT

AnyIndex = QModelIndex | QPersistentModelIndex


def is_dark(palette: QPalette) -> bool:
    """True when the palette's base (where cells are drawn) is a dark colour."""
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def night_palette(palette: QPalette) -> QPalette:
    """`palette` turned dark (for night mode on a light desktop): dark base, light text."""
    dark = QPalette(palette)
    for role, colour in (
        (QPalette.ColorRole.Base, "#1e1f22"),
        (QPalette.ColorRole.AlternateBase, "#26282c"),
        (QPalette.ColorRole.Window, "#26282c"),
        (QPalette.ColorRole.Button, "#2f3237"),
        (QPalette.ColorRole.Text, "#e8e8e8"),
        (QPalette.ColorRole.WindowText, "#e8e8e8"),
        (QPalette.ColorRole.ButtonText, "#e8e8e8"),
        (QPalette.ColorRole.PlaceholderText, "#a0a0a0"),
        (QPalette.ColorRole.Highlight, "#4a90d9"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.ToolTipBase, "#2f3237"),
        (QPalette.ColorRole.ToolTipText, "#e8e8e8"),
    ):
        dark.setColor(role, QColor(colour))
    return dark


class HeatDelegate(QStyledItemDelegate):
    """Paints count cells shaded by HEAT_ROLE; `dark` picks the night palette."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dark = False

    def initStyleOption(self, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().initStyleOption(option, index)
        # The chosen cell keeps its shade (a selection fill would hide it, and look like one);
        # paint() frames it instead.
        option.state &= ~QStyle.StateFlag.State_Selected
        level = index.data(HEAT_ROLE)
        colour = heat_colour(level, dark=self.dark) if isinstance(level, int) else None
        if colour is not None:
            option.backgroundBrush = QBrush(QColor(colour))
            ink = QColor(ink_for(colour))
            for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
                option.palette.setColor(group, QPalette.ColorRole.Text, ink)
        elif index.data(STATE_ROLE) in STATE_TEXT and index.column() > 0:
            mid = option.palette.color(QPalette.ColorRole.PlaceholderText)
            option.palette.setColor(QPalette.ColorRole.Text, mid)
            option.backgroundBrush = QBrush(_hatch(option.palette), Qt.BrushStyle.BDiagPattern)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().paint(painter, option, index)
        chosen = option.state & (QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus)
        if chosen:  # a frame that shows on every shade: the highlight, lined with the base
            focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
            width = 3 if focused else 2
            painter.save()
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Highlight), width))
            inset = (width + 1) // 2
            painter.drawRect(option.rect.adjusted(inset, inset, -inset, -inset))
            painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Base), 1))
            painter.drawRect(option.rect.adjusted(width, width, -width - 1, -width - 1))
            painter.restore()


def _hatch(palette: QPalette) -> QColor:
    colour = QColor(palette.color(QPalette.ColorRole.Text))
    colour.setAlphaF(0.12)
    return colour


class HeatLegend(QWidget):
    """'No hits  [shades]  most in the column', and that a hatched cell has no count."""

    SWATCH = 18

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dark = False
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Shading legend")
        self.setAccessibleDescription(
            "Each cell is shaded from light to dark (at night, dark to bright) in "
            f"{HEAT_STEPS} steps by its hits relative to the most in its column; "
            "0 is unshaded; a hatched cell has no count because its summary is not offline."
        )
        self.setToolTip(self.accessibleDescription())

    def set_dark(self, dark: bool) -> None:
        self.dark = dark
        self.update()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        width = sum(metrics.horizontalAdvance(label) for label in self._labels())
        height = max(self.SWATCH, metrics.height()) + 6
        return QSize(width + self.SWATCH * (HEAT_STEPS + 1) + 40, height)

    @staticmethod
    def _labels() -> tuple[str, str, str]:
        return ("Fewer hits", "most in the column", "no count (not offline)")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        fewer, most, none = self._labels()
        x, top = 0, (self.height() - self.SWATCH) // 2
        painter.setPen(text)
        x = self._label(painter, x, fewer) + 6
        for level in range(1, HEAT_STEPS + 1):
            colour = heat_colour(level, dark=self.dark)
            assert colour is not None
            painter.fillRect(QRect(x, top, self.SWATCH, self.SWATCH), QColor(colour))
            x += self.SWATCH
        painter.setPen(text)
        x = self._label(painter, x + 6, most) + 18
        swatch = QRect(x, top, self.SWATCH, self.SWATCH)
        painter.fillRect(swatch, QBrush(_hatch(self.palette()), Qt.BrushStyle.BDiagPattern))
        painter.drawRect(swatch.adjusted(0, 0, -1, -1))
        self._label(painter, x + self.SWATCH + 6, none)
        painter.end()

    def _label(self, painter: QPainter, x: int, text: str) -> int:
        width = self.fontMetrics().horizontalAdvance(text)
        painter.drawText(QRect(x, 0, width + 2, self.height()), Qt.AlignmentFlag.AlignVCenter, text)
        return x + width
