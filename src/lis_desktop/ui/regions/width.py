"""How wide the region tree wants to be, worked out from the font and the style alone, so that
the window's frame can give the tree its place before the tree itself is built."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QStyle

NAMES_IN_FULL = 39  # of the 41 region names, how many the tree's first width shows in full
TREE_MARGINS = (6, 6, 0, 4)  # the tree pane's layout margins: left, top, right, bottom


def preferred_tree_width(
    titles: Iterable[str],
    metrics: QFontMetrics | None = None,
    style: QStyle | None = None,
    *,
    indentation: int | None = None,
    frame: int | None = None,
) -> int:
    """A width that shows all but the longest region names in full (with their status icon,
    the body column, the indentation, a scroll bar and the margins). By default in the font,
    style, indentation and frame a QTreeView gets in this application."""
    metrics = metrics or QFontMetrics(QApplication.font())  # what the tree uses, unless styled
    style = style or QApplication.style()
    names = sorted(metrics.horizontalAdvance(title) for title in titles)
    if not names:
        return 200
    name = names[min(len(names), NAMES_IN_FULL) - 1]
    icon = style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
    scroll_bar = style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    if indentation is None:
        indentation = style.pixelMetric(QStyle.PixelMetric.PM_TreeViewIndentation)
    if frame is None:
        frame = style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth)
    body = metrics.horizontalAdvance("MCA") + metrics.averageCharWidth() * 3
    chrome = 2 * frame + TREE_MARGINS[0] + TREE_MARGINS[2]
    padding = metrics.averageCharWidth() * 4  # the cells' own margins, the icon's gap
    return name + icon + indentation + body + scroll_bar + chrome + padding
