"""The map widget: the areas drawn with QPainterPaths, fitted to the widget, zoomed (wheel,
+/−) and panned (drag, arrow keys); hover names the area under the pointer, a click chooses one
(`geo.hits.choose`: where two areas overlap, a second click chooses the other; the context menu
lists both), and the keyboard steps through the areas (Tab, Ctrl+arrows), announcing each.

Thin: it shows what it is given (scene, colouring, faded areas, selection) and emits ids. The
areas are painted once into a pixmap at the screen's device pixel ratio (crisp on HiDPI) and
repainted only when the view or the colours change; hover, selection and focus outlines, legend
and attribution are drawn over it on each paint.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QContextMenuEvent,
    QCursor,
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QMenu, QSizePolicy, QToolTip, QWidget

from lis_desktop.geo import hits
from lis_desktop.geo.colouring import Colouring
from lis_desktop.geo.viewport import STEP, Viewport
from lis_desktop.ui.accessibility.announce import announce
from lis_desktop.ui.map import render
from lis_desktop.ui.map.render import Fonts, MapLayout, MapScene, MapStyle

log = logging.getLogger(__name__)

ACCESSIBLE_NAME = "Map of the 41 areas"
PAN_FRACTION = 0.125  # of the map's width or height, per arrow key press
_ARROWS = {
    Qt.Key.Key_Left: ("left", (1, 0)),
    Qt.Key.Key_Right: ("right", (-1, 0)),
    Qt.Key.Key_Up: ("up", (0, 1)),
    Qt.Key.Key_Down: ("down", (0, -1)),
}


class MapCanvas(QWidget):
    """Draws the areas; emits `area_chosen(id)` for a click or Enter, and says what the pointer
    or the keyboard is on (`pointed(id)`, `focused(id)`, `announced(text)`)."""

    area_chosen = Signal(str)  # a click, Enter or the context menu chose this area
    compare_chosen = Signal(str)  # Ctrl+click, Ctrl+Enter or the context menu: beside the shown
    pointed = Signal(str)  # the area under the pointer, "" when none
    focused = Signal(str)  # the area the keyboard is on, "" when none
    announced = Signal(str)  # what was announced to screen readers (the focused area's text)
    first_drawn = Signal(int)  # the map was drawn for the first time, with this many areas
    view_changed = Signal()  # zoomed, panned or reset

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapCanvas")
        self.setAccessibleName(ACCESSIBLE_NAME)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 200)
        self.scene: MapScene | None = None
        self.colouring: Colouring | None = None
        self.faded: frozenset[str] = frozenset()
        self.selected: str | None = None
        self.hovered: str | None = None
        self.focus_area: str | None = None
        self.pointer_text = ""  # what the pointer is on (and what else is there), for the pane
        self._pointed_text = ""
        self.night = False
        self.order: list[str] = []  # keyboard order (the tree's); set with the scene
        self._base_view: Viewport | None = None  # zoom and centre (sized on layout)
        self._layout: MapLayout | None = None
        self._view: Viewport | None = None
        self._base: QPixmap | None = None
        self._press: QPointF | None = None
        self._dragging = False
        self._drawn = False

    # -- what it shows ---------------------------------------------------------------------
    def set_scene(self, scene: MapScene, order: Sequence[str]) -> None:
        self.scene = scene
        known = set(scene.paths)
        self.order = [i for i in order if i in known] + [i for i in scene.order if i not in order]
        self._base_view = scene.viewport()
        self._relayout()

    def set_colouring(self, colouring: Colouring) -> None:
        self.colouring = colouring
        self._relayout()  # the legend may have more or fewer rows
        self._refresh_texts()

    def set_faded(self, region_ids: Iterable[str]) -> None:
        faded = frozenset(region_ids)
        if faded != self.faded:
            self.faded = faded
            if self.focus_area in faded:  # Tab no longer reaches it
                self.set_focus_area(None)
            self._relayout()

    def set_selected(self, region_id: str | None) -> None:
        """Outline this area (the region shown); the keyboard starts from it next time."""
        if region_id != self.selected:
            self.selected = region_id
            if not self.hasFocus():
                self.focus_area = None
            self._invalidate()  # the selection is drawn with the areas

    def set_night(self, night: bool) -> None:
        if night != self.night:
            self.night = night
            self._invalidate()

    def style_(self) -> MapStyle:
        return MapStyle.from_palette(self.palette(), self.night)

    @property
    def viewport_(self) -> Viewport | None:
        """The current view (fit, zoom, pan) in this widget's pixels."""
        return self._view

    def layout_(self) -> MapLayout | None:
        return self._layout

    # -- zoom and pan ------------------------------------------------------------------------
    def zoom_in(self, anchor: QPointF | None = None) -> None:
        self._zoom(STEP, anchor)

    def zoom_out(self, anchor: QPointF | None = None) -> None:
        self._zoom(1 / STEP, anchor)

    def _zoom(self, factor: float, anchor: QPointF | None) -> None:
        if self._view is None:
            return
        point = None if anchor is None else (anchor.x(), anchor.y())
        self._set_view(self._view.zoomed(factor, point))

    def pan(self, dx: float, dy: float) -> None:
        if self._view is not None:
            self._set_view(self._view.panned(dx, dy))

    def reset_view(self) -> None:
        if self._view is not None:
            self._set_view(self._view.reset())

    def _set_view(self, view: Viewport) -> None:
        if view == self._view:
            return
        self._view = view
        self._base_view = view
        self._base = None
        self.update()
        self.view_changed.emit()

    # -- texts ---------------------------------------------------------------------------------
    def summary(self, region_id: str) -> str:
        """The area's name and what its colour says: "Cumbria — Available offline"."""
        area = self.scene.data.area(region_id) if self.scene is not None else None
        if area is None:
            return ""
        parts = [area.name]
        if self.colouring is not None and region_id in self.colouring.values:
            parts.append(self.colouring.values[region_id])
        if region_id in self.faded:
            parts.append("hidden by the tree's filter")
        return " — ".join(parts)

    def overlaps_text(self, region_id: str) -> str:
        """ "Overlaps Leeds City Region and Humber", or "" for an area that overlaps none."""
        area = self.scene.data.area(region_id) if self.scene is not None else None
        if area is None or self.scene is None:
            return ""
        partners = [self.scene.data.area(o) for o in area.overlaps]
        names = [p.name for p in partners if p is not None]
        return f"Overlaps {_and(names)}" if names else ""

    def describe(self, region_id: str) -> str:
        """All of it in one line, for screen readers: summary, then the areas it overlaps."""
        overlaps = self.overlaps_text(region_id)
        return self.summary(region_id) + (f". {overlaps}" if overlaps else "")

    def areas_at(self, pos: QPointF) -> list[str]:
        """Ids of the areas under a widget position, the smaller first."""
        if self.scene is None or self._view is None or not self._map_contains(pos):
            return []
        x, y = self._view.to_map(pos.x(), pos.y())
        return hits.areas_at(self.scene.data, x, y)

    def _map_contains(self, pos: QPointF) -> bool:
        return self._view is not None and self._map_rect().contains(pos)

    def hover_text(self, pos: QPointF) -> str:
        """The tooltip: what the pointer is on, a line each: summary, the areas it overlaps
        and, in an overlap, the other area here and how to choose it."""
        return self._text_for(self.areas_at(pos), overlaps=True)

    def _text_for(self, found: Sequence[str], *, overlaps: bool) -> str:
        if not found:
            return ""
        lines = [self.summary(found[0])]
        if overlaps and self.overlaps_text(found[0]):
            lines.append(self.overlaps_text(found[0]))
        if len(found) > 1 and self.scene is not None:
            others = [self.scene.data.area(i) for i in found[1:]]
            also = _and([a.name for a in others if a is not None])
            lines.append(f"Also here: {also} (click again, or right-click, to choose)")
        return "\n".join(lines)

    def _refresh_texts(self) -> None:
        """New colours: the description says the new meaning (read when asked, not spoken:
        a sync recolours the map many times)."""
        if self.focus_area:
            self._announce(self.focus_area, speak=False)

    # -- keyboard focus between areas ------------------------------------------------------------
    def focus_order(self) -> list[str]:
        """The areas Tab steps through: the tree's order, without those its filter hides."""
        return [i for i in self.order if i not in self.faded] or list(self.order)

    def move_focus(self, step: int) -> bool:
        """Tab (+1) or Shift+Tab (−1) to the next area; False past the last (or first)."""
        order = self.focus_order()
        if not order:
            return False
        if self.focus_area not in order:
            self.set_focus_area(order[0] if step > 0 else order[-1])
            return True
        index = order.index(self.focus_area) + step
        if not 0 <= index < len(order):
            return False
        self.set_focus_area(order[index])
        return True

    def move_focus_towards(self, direction: str) -> None:
        """Ctrl+arrow: to the nearest area that way."""
        if self.scene is None:
            return
        if self.focus_area is None:
            self.move_focus(1)
            return
        target = hits.neighbour(self.scene.data, self.focus_area, direction, self.focus_order())
        if target is not None:
            self.set_focus_area(target)

    def set_focus_area(self, region_id: str | None, *, scroll: bool = True) -> None:
        """The keyboard's area (dashed outline, announced); with `scroll`, panned into view."""
        if region_id == self.focus_area:
            return
        self.focus_area = region_id
        if scroll and region_id and self.scene is not None and self._view is not None:
            area = self.scene.data.area(region_id)
            if area is not None:
                self._set_view(self._view.showing(area.box))
        self.update()
        self.focused.emit(region_id or "")
        if region_id is not None:
            self._announce(region_id)

    def _announce(self, region_id: str, *, speak: bool = True) -> None:
        """The area's text for screen readers: the map's description (read with the map's
        name on focus, and when it changes) and, with `speak`, an announcement."""
        order = self.focus_order()
        place = f" ({order.index(region_id) + 1} of {len(order)})" if region_id in order else ""
        text = self.describe(region_id) + place
        self.setAccessibleDescription(text)
        QAccessible.updateAccessibility(
            QAccessibleEvent(self, QAccessible.Event.DescriptionChanged)
        )
        if speak:
            announce(self, text)
            self.announced.emit(text)

    def focusNextPrevChild(self, next_: bool) -> bool:
        if self.hasFocus() and self.move_focus(1 if next_ else -1):
            return True
        return super().focusNextPrevChild(next_)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.focus_area is None or self.focus_area not in self.focus_order():
            order = self.focus_order()
            if order:
                backwards = event.reason() == Qt.FocusReason.BacktabFocusReason
                start = self.selected if self.selected in order else None
                self.set_focus_area(start or (order[-1] if backwards else order[0]))
        elif self.focus_area is not None:
            self._announce(self.focus_area, speak=False)  # read with the map's name
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if key in _ARROWS:
            direction, (sx, sy) = _ARROWS[Qt.Key(key)]
            if ctrl:
                self.move_focus_towards(direction)
            elif self._view is not None:
                step_x, step_y = self._view.width * PAN_FRACTION, self._view.height * PAN_FRACTION
                self.pan(sx * step_x, sy * step_y)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key in (Qt.Key.Key_0, Qt.Key.Key_Home):
            self.reset_view()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self.focus_area and ctrl and key != Qt.Key.Key_Space:
                self.compare_chosen.emit(self.focus_area)
            elif self.focus_area:
                self.area_chosen.emit(self.focus_area)
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and ctrl:
            # Ctrl+Tab leaves the map at once, as it leaves other widgets that take Tab.
            forward = key == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ShiftModifier
            QWidget.focusNextPrevChild(self, forward)
        else:
            super().keyPressEvent(event)

    # -- pointer -------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self._dragging = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            delta = pos - self._press
            if self._dragging or delta.manhattanLength() >= QApplication.startDragDistance():
                self._dragging = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self._press = pos
                self.pan(delta.x(), delta.y())
                return
        self._hover(pos)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            dragged, self._press, self._dragging = self._dragging, None, False
            if not dragged:
                ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
                self._click(event.position(), compare=ctrl)
            self._hover(event.position())
        super().mouseReleaseEvent(event)

    def _click(self, pos: QPointF, *, compare: bool = False) -> None:
        chosen = hits.choose(self.areas_at(pos), self.selected)
        if chosen is not None:
            self.set_focus_area(chosen, scroll=False)
            (self.compare_chosen if compare else self.area_chosen).emit(chosen)

    def _hover(self, pos: QPointF) -> None:
        found = self.areas_at(pos)
        self.pointer_text = self._text_for(found, overlaps=False)
        hovered = found[0] if found else None
        cursor = Qt.CursorShape.PointingHandCursor if found else Qt.CursorShape.OpenHandCursor
        self.setCursor(cursor)
        if hovered != self.hovered or self.pointer_text != self._pointed_text:
            self.hovered = hovered
            self._pointed_text = self.pointer_text
            self.update()
            self.pointed.emit(hovered or "")
        if QToolTip.isVisible():
            self._show_tooltip(pos, QCursor.pos())

    def leaveEvent(self, event: QEvent) -> None:
        self.pointer_text = self._pointed_text = ""
        if self.hovered is not None:
            self.hovered = None
            self.update()
            self.pointed.emit("")
        super().leaveEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        notches = event.angleDelta().y() / 120
        if notches:
            self._zoom(STEP**notches, event.position())
        event.accept()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self._show_tooltip(QPointF(event.pos()), event.globalPos())
            return True
        return super().event(event)

    def _show_tooltip(self, pos: QPointF, global_pos: QPoint) -> None:
        text = self.hover_text(pos)
        if text:
            QToolTip.showText(global_pos, text, self)
        else:
            QToolTip.hideText()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Every area under the pointer (both, in an overlap), or the keyboard's area."""
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            found = self.areas_at(QPointF(event.pos()))
        else:
            found = [self.focus_area] if self.focus_area else []
        if not found or self.scene is None:
            return
        menu = QMenu(self)
        menu.setObjectName("mapAreasMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.setAccessibleName("Areas here")
        for region_id in found:
            area = self.scene.data.area(region_id)
            if area is not None:
                action = menu.addAction(f"Select {area.name}")
                action.triggered.connect(lambda _c=False, r=region_id: self.area_chosen.emit(r))
        menu.addSeparator()
        for region_id in found:
            area = self.scene.data.area(region_id)
            if area is not None:
                action = menu.addAction(f"Compare {area.name} with the Summary Shown")
                action.triggered.connect(lambda _c=False, r=region_id: self.compare_chosen.emit(r))
        menu.popup(event.globalPos())

    # -- painting ------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(280, 460)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def _relayout(self) -> None:
        if self.scene is None or self.colouring is None:
            self._layout, self._view = None, None
            self.update()
            return
        fonts = Fonts.from_font(self.font())
        entries = render.legend_entries(self.colouring, self.style_(), len(self.faded))
        size = QSizeF(self.width(), self.height())
        self._layout = render.compute_layout(
            size, fonts, self.colouring.title, entries, self.scene.data.attribution
        )
        self._view = render.map_viewport(self.scene, self._layout, self._base_view)
        self._invalidate()

    def _invalidate(self) -> None:
        self._base = None
        self.update()

    def base_pixmap(self) -> QPixmap | None:
        """The areas as last drawn (at the device pixel ratio), or None before."""
        return self._base

    def _paint_base(self) -> QPixmap:
        assert self.scene is not None
        assert self.colouring is not None
        assert self._view is not None
        dpr = self.devicePixelRatioF()
        pixmap = QPixmap(QSize(round(self.width() * dpr), round(self.height() * dpr)))
        pixmap.setDevicePixelRatio(dpr)
        style = self.style_()
        pixmap.fill(style.background)
        painter = QPainter(pixmap)
        fills = render.area_fills(self.scene, self.colouring, style, self.faded)
        render.paint_areas(painter, self.scene, self._view, fills, style, self.faded)
        paths = self.scene.mapped(self._view)
        if self.selected in paths:
            painter.setClipRect(self._map_rect())
            render.outline_area(painter, paths[self.selected], style.selected, 3.0)
        painter.end()
        return pixmap

    def _map_rect(self) -> QRectF:
        view = self._view
        assert view is not None
        return QRectF(view.left, view.top, view.width, view.height)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        style = self.style_()
        if self.scene is None or self.colouring is None or self._layout is None:
            painter.fillRect(self.rect(), style.background)
            return
        if self._base is None:
            self._base = self._paint_base()
        painter.drawPixmap(0, 0, self._base)
        self._paint_marks(painter, style)
        fonts = Fonts.from_font(self.font())
        render.paint_legend(painter, self._layout, fonts, self.colouring.title, style)
        render.paint_attribution(painter, self._layout, fonts, self.scene.data.attribution, style)
        painter.end()  # the window's focus ring shows that the map has the focus
        if not self._drawn:
            self._drawn = True
            self.first_drawn.emit(len(self.scene.paths))

    def _paint_marks(self, painter: QPainter, style: MapStyle) -> None:
        """Over the areas (and the selection, drawn with them): hover (text colour) and the
        keyboard's area (dashed)."""
        assert self.scene is not None
        assert self._view is not None
        paths = self.scene.mapped(self._view)
        painter.save()
        painter.setClipRect(self._map_rect())
        if self.hovered in paths and self.hovered != self.selected:
            render.outline_area(painter, paths[self.hovered], style.hover, 2.0)
        if self.hasFocus() and self.focus_area in paths:
            render.outline_area(painter, paths[self.focus_area], style.text, 2.0, dashed=True)
        painter.restore()


def _and(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
