"""Drawing the map with QPainter, the same for the pane, a PNG and an SVG: the areas as
QPainterPaths, the legend and the attribution, laid out in one rectangle.

Paths are built once in map units (`MapScene`) and mapped to pixels per view (so hatching and
line widths are in pixels wherever the picture goes, and an SVG holds pixel coordinates). Areas
are drawn largest first, so a smaller area lies on top of a larger one it overlaps; the larger
one is then hatched in its own colour (invisible on itself, stripes over the smaller one), so
the districts that belonged to both show both colours. Fills are not antialiased (the cost of a
frame is in antialiased fills); the antialiased outlines drawn over them hide the steps.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QTransform,
)

from lis_desktop.geo.areas import Area, MapData
from lis_desktop.geo.colouring import Colouring
from lis_desktop.geo.viewport import Viewport

Key = tuple[float, float, float]  # scale, dx, dy


def _path(area: Area) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)  # holes (and islands) by the even-odd rule
    move, line, close = path.moveTo, path.lineTo, path.closeSubpath
    for polygon in area.polygons:
        for ring in polygon.rings:
            move(*ring[0])
            for x, y in ring[1:]:
                line(x, y)
            close()
    return path


class MapScene:
    """The areas of `data` as paths in map units, their drawing order and their pixel copies
    for the last view asked for."""

    def __init__(self, data: MapData) -> None:
        self.data = data
        self.paths = {area.id: _path(area) for area in data.areas}
        self.order = [a.id for a in sorted(data.areas, key=lambda a: a.area, reverse=True)]
        rank = {area_id: i for i, area_id in enumerate(self.order)}
        # Hatched: areas that a later-drawn (smaller) area overlaps.
        self.hatched = frozenset(
            a.id for a in data.areas if any(rank.get(o, -1) > rank[a.id] for o in a.overlaps)
        )
        self._mapped: tuple[Key, dict[str, QPainterPath]] | None = None

    def viewport(self) -> Viewport:
        return Viewport(self.data.box)

    def mapped(self, viewport: Viewport) -> dict[str, QPainterPath]:
        """The paths in pixels of `viewport`; the last set is kept (most paints reuse it), so
        only the GUI thread may ask (others: `map_paths`)."""
        dx, dy = viewport.offset()
        key = (viewport.scale, dx, dy)
        if self._mapped is None or self._mapped[0] != key:
            self._mapped = (key, self.map_paths(viewport))
        return self._mapped[1]

    def map_paths(self, viewport: Viewport) -> dict[str, QPainterPath]:
        """The paths in pixels of `viewport`, made afresh (safe on any thread)."""
        dx, dy = viewport.offset()
        transform = QTransform(viewport.scale, 0, 0, viewport.scale, dx, dy)
        return {area_id: transform.map(path) for area_id, path in self.paths.items()}


@dataclass(frozen=True)
class MapStyle:
    """Colours of everything but the areas' fills."""

    night: bool
    background: QColor
    outline: QColor
    faded_outline: QColor
    text: QColor
    muted_text: QColor
    selected: QColor
    hover: QColor

    @classmethod
    def from_palette(cls, palette: QPalette, night: bool = False) -> MapStyle:
        """The window's colours; night also when the palette itself is dark."""
        base = palette.color(QPalette.ColorRole.Base)
        night = night or base.lightnessF() < 0.5
        if night and base.lightnessF() >= 0.5:
            base = QColor("#1f2023")
        text = palette.color(QPalette.ColorRole.Text)
        if night and text.lightnessF() < 0.5:
            text = QColor("#e8e8e8")
        return cls._make(night, base, text, palette.color(QPalette.ColorRole.Highlight))

    @classmethod
    def for_print(cls) -> MapStyle:
        """Exports: dark lines on white, whatever the screen shows."""
        return cls._make(False, QColor("#ffffff"), QColor("#1a1a1a"), QColor("#0b57d0"))

    @classmethod
    def _make(cls, night: bool, base: QColor, text: QColor, highlight: QColor) -> MapStyle:
        outline = QColor("#d8d8d8") if night else QColor("#3c3c3c")
        faded = _mix(outline, base, 0.65)
        muted = _mix(text, base, 0.3)
        if highlight.lightnessF() < 0.55 and night:
            highlight = QColor("#8ab4f8")
        return cls(night, base, outline, faded, text, muted, highlight, text)

    def fill(self, colour: str, faded: bool) -> QColor:
        fill = QColor(colour)
        return _mix(fill, self.background, 0.75) if faded else fill


def _mix(colour: QColor, towards: QColor, amount: float) -> QColor:
    """`colour` moved `amount` (0..1) of the way to `towards`."""
    keep = 1 - amount
    return QColor.fromRgbF(
        colour.redF() * keep + towards.redF() * amount,
        colour.greenF() * keep + towards.greenF() * amount,
        colour.blueF() * keep + towards.blueF() * amount,
    )


def area_fills(
    scene: MapScene, colouring: Colouring, style: MapStyle, faded: Collection[str]
) -> dict[str, QColor]:
    fallback = "#999999"
    fills = {}
    for area_id in scene.order:
        swatch = colouring.swatch(area_id)
        colour = swatch.colour(style.night) if swatch else fallback
        fills[area_id] = style.fill(colour, area_id in faded)
    return fills


def paint_areas(
    painter: QPainter,
    scene: MapScene,
    viewport: Viewport,
    fills: Mapping[str, QColor],
    style: MapStyle,
    faded: Collection[str],
    paths: Mapping[str, QPainterPath] | None = None,
) -> None:
    """Fill every area, hatch the overlapped ones, then outline them all (`paths`: the areas
    in pixels, by default the scene's cached ones)."""
    paths = scene.mapped(viewport) if paths is None else paths
    painter.save()
    painter.setClipRect(QRectF(viewport.left, viewport.top, viewport.width, viewport.height))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setRenderHint(QPainter.RenderHint.NonCosmeticBrushPatterns)  # hatch scales with DPR
    painter.setPen(Qt.PenStyle.NoPen)
    for area_id in scene.order:
        painter.setBrush(fills[area_id])
        painter.drawPath(paths[area_id])
    for area_id in scene.order:
        if area_id in scene.hatched:
            painter.setBrush(QBrush(fills[area_id], Qt.BrushStyle.BDiagPattern))
            painter.drawPath(paths[area_id])
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    pen, faded_pen = _hairline(style.outline), _hairline(style.faded_outline)
    for area_id in scene.order:
        painter.setPen(faded_pen if area_id in faded else pen)
        painter.drawPath(paths[area_id])
    painter.restore()


def _hairline(colour: QColor) -> QPen:
    """One device pixel wide: Qt draws these on a fast path. A wider pen goes through its
    stroker, whose outline of a coast as intricate as Scotland's takes 100 ms and more to fill
    at a device pixel ratio of 2 (benchmarks/map_bench.py)."""
    pen = QPen(colour, 1)
    pen.setCosmetic(True)
    return pen


def outline_area(
    painter: QPainter, path: QPainterPath, colour: QColor, width: float, *, dashed: bool = False
) -> None:
    """A highlight about `width` pixels wide around one area (selection, hover, keyboard focus):
    hairlines side by side, a device pixel apart (see `_hairline` for why not one wide pen)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = _hairline(colour)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    step = 1 / max(1.0, painter.device().devicePixelRatioF())
    reach = max(0, round((width - 1) / 2 / step))
    offsets = [(0.0, 0.0)] + [offset for k in range(1, reach + 1) for offset in _around(k * step)]
    for dx, dy in offsets:
        painter.translate(dx, dy)
        painter.drawPath(path)
        painter.translate(-dx, -dy)
    painter.restore()


def _around(d: float) -> list[tuple[float, float]]:
    return [(d, 0.0), (-d, 0.0), (0.0, d), (0.0, -d)]


# -- legend and attribution -----------------------------------------------------------------
SWATCH = "swatch"
HATCH = "hatch"
FADED = "faded"


@dataclass(frozen=True)
class LegendEntry:
    kind: str  # SWATCH, HATCH (overlapping areas) or FADED (hidden by the tree's filter)
    label: str
    colour: QColor | None = None


def legend_entries(
    colouring: Colouring, style: MapStyle, faded_count: int, *, overlaps: bool = True
) -> list[LegendEntry]:
    """The legend: each colour with how many areas have it, then the hatching and fading."""
    entries = [
        LegendEntry(SWATCH, f"{s.label} ({colouring.count(s.key)})", QColor(s.colour(style.night)))
        for s in colouring.swatches
    ]
    if overlaps:
        entries.append(LegendEntry(HATCH, "Hatched: in two areas (2018 overlaps)"))
    if faded_count:
        entries.append(LegendEntry(FADED, f"Faded: hidden by the tree's filter ({faded_count})"))
    return entries


@dataclass
class MapLayout:
    """Where each part goes in a picture of `size`: title, map, legend, attribution."""

    size: QSizeF
    padding: float
    title_rect: QRectF | None = None
    map_rect: QRectF = field(default_factory=QRectF)
    heading_rect: QRectF = field(default_factory=QRectF)
    entries: list[tuple[LegendEntry, QRectF, QRectF]] = field(default_factory=list)
    attribution_rect: QRectF = field(default_factory=QRectF)


@dataclass(frozen=True)
class Fonts:
    legend: QFont
    heading: QFont
    small: QFont
    title: QFont | None = None

    @classmethod
    def from_font(cls, font: QFont) -> Fonts:
        """Fonts for the pane, from the widget's font."""
        heading = QFont(font)
        heading.setBold(True)
        small = QFont(font)
        if font.pointSizeF() > 0:
            small.setPointSizeF(max(7.0, font.pointSizeF() * 0.82))
        else:
            small.setPixelSize(max(9, round(font.pixelSize() * 0.82)))
        return cls(font, heading, small)

    @classmethod
    def for_pixels(cls, width: float, height: float) -> Fonts:
        """Fonts for an export of that size: legible when the picture is shown whole."""
        px = max(11, min(32, round(min(width, height * 0.8) / 60)))
        legend = QFont()
        legend.setPixelSize(px)
        heading = QFont(legend)
        heading.setBold(True)
        small = QFont()
        small.setPixelSize(max(9, round(px * 0.8)))
        title = QFont()
        title.setPixelSize(round(px * 1.4))
        title.setBold(True)
        return cls(legend, heading, small, title)


def compute_layout(
    size: QSizeF,
    fonts: Fonts,
    heading: str,
    entries: Sequence[LegendEntry],
    attribution: str,
    title: str | None = None,
) -> MapLayout:
    """Bottom up: the attribution (wrapped), the legend (entries flowing in rows), and the map
    in what is left; a title on top for exports."""
    w, h = size.width(), size.height()
    legend_fm = QFontMetricsF(fonts.legend)
    pad = max(6.0, legend_fm.height() * 0.5)
    layout = MapLayout(size, pad)
    inner = max(10.0, w - 2 * pad)
    flags = int(Qt.TextFlag.TextWordWrap)
    room = QRectF(0, 0, inner, 10_000)
    small_h = QFontMetricsF(fonts.small).boundingRect(room, flags, attribution).height()
    bottom = h - pad
    layout.attribution_rect = QRectF(pad, bottom - small_h, inner, small_h)
    bottom -= small_h + pad * 0.6
    rows = _flow(entries, legend_fm, inner)
    line = legend_fm.height() * 1.25
    top = bottom - line * len(rows)
    for row_index, row in enumerate(rows):
        y = top + row_index * line
        for entry, x, text_w in row:
            box = legend_fm.height() * 0.8
            swatch = QRectF(pad + x, y + (line - box) / 2, box, box)
            text = QRectF(swatch.right() + box * 0.4, y, text_w, line)
            layout.entries.append((entry, swatch, text))
    heading_h = QFontMetricsF(fonts.heading).height() * 1.2
    layout.heading_rect = QRectF(pad, top - heading_h, inner, heading_h)
    map_top = pad
    if title is not None and fonts.title is not None:
        title_h = QFontMetricsF(fonts.title).height() * 1.3
        layout.title_rect = QRectF(pad, pad, inner, title_h)
        map_top += title_h
    map_bottom = max(map_top + 20, layout.heading_rect.top() - pad * 0.5)
    layout.map_rect = QRectF(0, map_top, w, map_bottom - map_top)
    return layout


def _flow(
    entries: Sequence[LegendEntry], fm: QFontMetricsF, width: float
) -> list[list[tuple[LegendEntry, float, float]]]:
    """Entries placed left to right in rows no wider than `width`: (entry, x, text width)."""
    box = fm.height() * 0.8
    gap = fm.height() * 0.9
    rows: list[list[tuple[LegendEntry, float, float]]] = [[]]
    x = 0.0
    for entry in entries:
        text_w = min(fm.horizontalAdvance(entry.label) + 1, width - box * 1.4)
        need = box * 1.4 + text_w
        if rows[-1] and x + need > width:
            rows.append([])
            x = 0.0
        rows[-1].append((entry, x, text_w))
        x += need + gap
    return [row for row in rows if row]


def paint_legend(
    painter: QPainter, layout: MapLayout, fonts: Fonts, heading: str, style: MapStyle
) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(style.text)
    painter.setFont(fonts.heading)
    align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    painter.drawText(layout.heading_rect, int(align), heading)
    painter.setFont(fonts.legend)
    for entry, swatch, text in layout.entries:
        _paint_swatch(painter, entry, swatch, style)
        painter.setPen(style.text)
        label = QFontMetricsF(fonts.legend).elidedText(
            entry.label, Qt.TextElideMode.ElideRight, text.width()
        )
        painter.drawText(text, int(align), label)
    painter.restore()


def _paint_swatch(painter: QPainter, entry: LegendEntry, rect: QRectF, style: MapStyle) -> None:
    painter.setPen(QPen(style.outline, 0.8))
    if entry.kind == SWATCH and entry.colour is not None:
        painter.setBrush(entry.colour)
        painter.drawRect(rect)
    elif entry.kind == HATCH:
        painter.setBrush(style.fill("#D3D6DB" if not style.night else "#565A61", False))
        painter.drawRect(rect)
        painter.setBrush(QBrush(style.outline, Qt.BrushStyle.BDiagPattern))
        painter.drawRect(rect)
    else:
        painter.setPen(QPen(style.faded_outline, 0.8))
        painter.setBrush(style.fill("#D3D6DB" if not style.night else "#565A61", True))
        painter.drawRect(rect)


def paint_attribution(
    painter: QPainter, layout: MapLayout, fonts: Fonts, attribution: str, style: MapStyle
) -> None:
    painter.save()
    painter.setFont(fonts.small)
    painter.setPen(style.muted_text)
    painter.drawText(layout.attribution_rect, int(Qt.TextFlag.TextWordWrap), attribution)
    painter.restore()


def paint_title(
    painter: QPainter, layout: MapLayout, fonts: Fonts, title: str, style: MapStyle
) -> None:
    if layout.title_rect is None or fonts.title is None:
        return
    painter.save()
    painter.setFont(fonts.title)
    painter.setPen(style.text)
    align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    painter.drawText(layout.title_rect, int(align), title)
    painter.restore()


def map_viewport(scene: MapScene, layout: MapLayout, base: Viewport | None = None) -> Viewport:
    """`base` (zoom and centre) fitted into the layout's map rectangle."""
    rect = layout.map_rect
    viewport = base if base is not None else scene.viewport()
    return viewport.resized(rect.left(), rect.top(), rect.width(), rect.height())


def paint_whole(
    painter: QPainter,
    scene: MapScene,
    colouring: Colouring,
    style: MapStyle,
    size: QSizeF,
    *,
    faded: Collection[str] = (),
    title: str | None = None,
    viewport: Viewport | None = None,
    own_paths: bool = False,
) -> MapLayout:
    """Everything, for an export: background, title, areas, legend and attribution
    (`own_paths`: map the paths afresh rather than use the pane's cached copy)."""
    fonts = Fonts.for_pixels(size.width(), size.height())
    entries = legend_entries(colouring, style, len(faded))
    attribution = scene.data.attribution
    layout = compute_layout(size, fonts, colouring.title, entries, attribution, title)
    painter.fillRect(QRectF(QPointF(0, 0), size), style.background)
    if title is not None:
        paint_title(painter, layout, fonts, title, style)
    view = map_viewport(scene, layout, viewport)
    paths = scene.map_paths(view) if own_paths else None
    fills = area_fills(scene, colouring, style, faded)
    paint_areas(painter, scene, view, fills, style, faded, paths)
    paint_legend(painter, layout, fonts, colouring.title, style)
    paint_attribution(painter, layout, fonts, attribution, style)
    return layout
