"""Find coloured vector figures (maps, charts, coloured panels) in a rendered page image.

Vector figures have no image box in the PDF, so night mode finds them from the pixels: a
chroma mask (how far each pixel is from grey) is scaled down to a coarse grid; cells almost
fully coloured are "dense" (a filled area, not coloured text, whose strokes cover a cell only in
part); dense cells close to each other form a figure, kept when it is big enough on both sides
(a map or a chart, not a coloured rule or bullet). A figure is either `solid` (a coloured panel
filling its box: kept whole, with the text on it) or not (a map or chart on the page: only its
coloured pixels are kept, its white ground and black lines turn night like the page).

Known limits: a chart drawn only in greys, or a map in very pale tints (chroma below
CHROMA_MIN), is not found and is recoloured like text; a big block of coloured text in a very
heavy font could be taken for a figure.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6 import QtCore  # QtCore.Qt at use: the namespace costs ~25 ms to build
from PySide6.QtGui import QImage, QPainter

log = logging.getLogger(__name__)

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in device pixels
Spans = dict[int, list[tuple[int, int]]]  # grid row -> column spans [x0, x1)

GRID_CELLS = 120  # grid cells across the page width (about 5 pt each on an A4 page)
SAMPLE = 4  # chroma samples per cell side
CHROMA_MIN = 12  # a pixel this far from grey is coloured (0..255)
DENSE = 0.7  # share of coloured samples that makes a cell dense
BRIDGE = 4  # dense cells up to this many cells apart belong to the same figure
FULL = 240  # a cell this coloured (0..255) is full: text strokes up to ~100 pt bold never are
MIN_SIDE = 0.08  # a figure is at least this share of the page width on both sides, and has
CORE = 3  # a CORE x CORE block of full cells (a filled area, not a line of large coloured text)
# A legend's swatches are kept too, so that they still match the figure: squarish solid blocks
# of dense cells, at least SWATCH_CELLS on both sides, at most NEAR cells away from a figure.
SWATCH_CELLS = 2
SOLID = 0.75  # share of a swatch's box its dense cells fill
NEAR = 30
COLOUR_STEP = 12  # a swatch matches a figure's colour when both round to the same steps
MAX_FIGURES = 200

_ONES = re.compile(b"1+")
_COLOURED = bytes(255 if c >= CHROMA_MIN else 0 for c in range(256))


@dataclass(frozen=True)
class Figure:
    """A coloured figure in `box`: everything in `inside` keeps its true colours (with the text
    and lines drawn on the figure); in `edges` (around `inside`), only the coloured pixels do:
    coloured text nearby, outside them, is recoloured like the page's."""

    box: Box
    inside: tuple[Box, ...]
    edges: tuple[Box, ...]


def chroma(image: QImage) -> QImage:
    """How far each pixel is from grey, as a Format_Grayscale8 image (0 for greys).

    |C - Y| per channel (Difference with the luma), then the larger of the red and blue
    differences averaged with the green one (Lighten with the red/blue-swapped image)."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    luma = image.convertToFormat(QImage.Format.Format_Grayscale8)
    painter = QPainter(rgb)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Difference)
    painter.drawImage(0, 0, luma)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Lighten)
    painter.drawImage(0, 0, rgb.rgbSwapped())
    painter.end()
    return rgb.convertToFormat(QImage.Format.Format_RGB888).convertToFormat(
        QImage.Format.Format_Grayscale8
    )


@dataclass(frozen=True)
class _Grid:
    """The page image cut into cells: which are dense and which full of colour."""

    width: int  # of the page image, in pixels
    height: int
    columns: int
    rows: int
    dense: list[bytes]  # per row, b"1" for a dense cell, b"0" for another
    full: list[bytes]
    sample: QImage  # the page image, SAMPLE pixels per cell side

    def px(self, c0: float, r0: float, c1: float, r1: float) -> Box:
        """Cells [c0, c1) x [r0, r1) in pixels."""
        cell_w, cell_h = self.width / self.columns, self.height / self.rows
        return (
            max(0, round(c0 * cell_w)),
            max(0, round(r0 * cell_h)),
            min(self.width, round(c1 * cell_w)),
            min(self.height, round(r1 * cell_h)),
        )


def find_figures(day: QImage, skip: Sequence[Box] = ()) -> list[Figure]:
    """The coloured vector figures of a page image, then their legends' swatches; none
    inside the `skip` boxes (images, kept whole anyway)."""
    grid = _grid(day)
    figures, areas = _big_figures(grid, skip)
    if figures:
        figures += _swatches(grid, figures, areas)
    return figures[:MAX_FIGURES]


def _within(box: Box, outer: Box, slack: int = 2) -> bool:
    return (
        box[0] >= outer[0] - slack
        and box[1] >= outer[1] - slack
        and box[2] <= outer[2] + slack
        and box[3] <= outer[3] + slack
    )


def _grid(day: QImage) -> _Grid:
    width, height = day.width(), day.height()
    columns = max(1, min(GRID_CELLS, width // 2))
    rows = max(1, round(height * columns / width))
    modes = QtCore.Qt.TransformationMode
    ignore = QtCore.Qt.AspectRatioMode.IgnoreAspectRatio
    sample = day.scaled(columns * SAMPLE, rows * SAMPLE, ignore, modes.FastTransformation)
    coloured = _gray(chroma(sample), _COLOURED)
    cells = coloured.scaled(columns, rows, ignore, modes.SmoothTransformation)
    dense, full = _bitmap(cells, round(DENSE * 255)), _bitmap(cells, FULL)
    return _Grid(width, height, columns, rows, dense, full, sample)


def _big_figures(grid: _Grid, skip: Sequence[Box]) -> tuple[list[Figure], list[tuple[Box, bool]]]:
    """Figures big on both sides, with a filled core; and the cells where each one is, with
    whether it is cut by the top or bottom of the image."""
    figures, areas = [], []
    least = MIN_SIDE * grid.width
    for spans in _groups(_runs(grid.dense, BRIDGE), BRIDGE):
        c0, r0, c1, r1 = _bounds(spans)
        x0, y0, x1, y1 = grid.px(c0, r0, c1, r1)
        cut = r0 == 0 or r1 == grid.rows  # cut by the top or bottom of a band of a large page
        box = grid.px(c0 - 1, r0 - 1, c1 + 1, r1 + 1)
        if (
            (y1 - y0 >= least or cut)
            and x1 - x0 >= least
            and not any(_within(box, outer) for outer in skip)
            and _has_core(grid.full, (c0, r0, c1, r1))
        ):
            cells = _merged(_inside(grid.dense, spans))
            inside = tuple(grid.px(*cell) for cell in cells)
            edges = tuple(grid.px(x0 - 2, y0 - 2, x1 + 2, y1 + 2) for x0, y0, x1, y1 in cells)
            figures.append(Figure(box, inside, edges))
            areas.append(((c0, r0, c1, r1), cut))
    return figures, areas


def _swatches(grid: _Grid, figures: list[Figure], areas: list[tuple[Box, bool]]) -> list[Figure]:
    """Squarish solid blocks near a figure, of a colour found in it (a legend's keys; not
    the letters of a heading nearby, unless they have the colour of a fill). Next to a figure
    cut by the edge of a band of a large page, whose other colours may be in the next band,
    the colour is not checked."""
    near = [((c0 - NEAR, r0 - NEAR, c1 + NEAR, r1 + NEAR), cut) for (c0, r0, c1, r1), cut in areas]
    candidates = [
        (box, any(cut for area, cut in near if _overlaps(box, area)))
        for spans in _groups(_runs(grid.dense, 0), 0)
        if _squarish_block(spans, grid.rows)
        and any(_overlaps(box := _bounds(spans), area) for area, _cut in near)
        and not any(_overlaps(grid.px(*box), figure.box) for figure in figures)
    ]
    if not candidates:
        return []
    colours = _CellColours(grid)
    found = set().union(*(colours.quantised(area, step=2) for area, _cut in areas))
    swatches = []
    for (c0, r0, c1, r1), by_cut in candidates:
        if by_cut or _neighbours(colours.quantised((c0, r0, c1, r1))) & found:
            around = grid.px(c0 - 1, r0 - 1, c1 + 1, r1 + 1)
            swatches.append(Figure(around, (), (around,)))
    return swatches


def _neighbours(colours: set[tuple[int, int, int]]) -> set[tuple[int, int, int]]:
    """The quantised colours and those one step away (a colour near a step boundary)."""
    steps = (-1, 0, 1)
    return {
        (r + i, g + j, b + k) for r, g, b in colours for i in steps for j in steps for k in steps
    }


def _squarish_block(spans: Spans, rows: int) -> bool:
    """A solid block about as high as wide; or, cut by the top or bottom of the image (a band
    of a large page), the part of one in it."""
    c0, r0, c1, r1 = _bounds(spans)
    w, h = c1 - c0, r1 - r0
    if r0 == 0 or r1 == rows:
        shaped = SWATCH_CELLS <= w <= 4 * SWATCH_CELLS and h <= 2 * w
    else:
        shaped = min(w, h) >= SWATCH_CELLS and max(w, h) <= 2 * min(w, h)
    return shaped and _count(spans) >= SOLID * w * h


class _CellColours:
    """The mean colour of each grid cell."""

    def __init__(self, grid: _Grid) -> None:
        small = grid.sample.scaled(
            grid.columns,
            grid.rows,
            QtCore.Qt.AspectRatioMode.IgnoreAspectRatio,
            QtCore.Qt.TransformationMode.SmoothTransformation,
        ).convertToFormat(QImage.Format.Format_RGB888)
        self._data, self._stride = bytes(small.constBits()), small.bytesPerLine()
        self._full = grid.full

    def quantised(self, box: Box, step: int = 1) -> set[tuple[int, int, int]]:
        """The colours of the full cells of `box` (every `step`-th), in COLOUR_STEP steps."""
        c0, r0, c1, r1 = box
        full, data, found = self._full, self._data, set()
        for y in range(max(0, r0), min(len(full), r1), step):
            for x in range(max(0, c0), min(len(full[y]), c1), step):
                if full[y][x] == 49:
                    i = y * self._stride + 3 * x
                    found.add((data[i] // COLOUR_STEP, data[i + 1] // COLOUR_STEP,
                               data[i + 2] // COLOUR_STEP))  # fmt: skip
        return found


def _merged(cells: list[tuple[int, int, int]]) -> list[Box]:
    """Row runs (row, x0, x1) as boxes (x0, y0, x1, y1), runs alike in consecutive rows joined."""
    growing: dict[tuple[int, int], list[int]] = {}  # (x0, x1) -> [first row, last row + 1]
    boxes = []
    for y, x0, x1 in sorted(cells):
        rows = growing.get((x0, x1))
        if rows is not None and rows[1] == y:
            rows[1] = y + 1
            continue
        if rows is not None:
            boxes.append((x0, rows[0], x1, rows[1]))
        growing[(x0, x1)] = [y, y + 1]
    return boxes + [(x0, top, x1, end) for (x0, x1), (top, end) in growing.items()]


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _gray(image: QImage, table: bytes) -> QImage:
    """`image` (Grayscale8) with every byte mapped through `table`."""
    data = bytes(image.constBits()).translate(table)
    return QImage(data, image.width(), image.height(), image.bytesPerLine(), image.format()).copy()


def _bitmap(grid: QImage, threshold: int) -> list[bytes]:
    """The grid's rows as b"1" (value >= threshold) and b"0" cells."""
    table = bytes(49 if v >= threshold else 48 for v in range(256))
    data, stride, width = bytes(grid.constBits()), grid.bytesPerLine(), grid.width()
    return [data[y * stride : y * stride + width].translate(table) for y in range(grid.height())]


def _runs(bitmap: list[bytes], bridge: int) -> list[list[tuple[int, int]]]:
    """Per row, its runs of b"1" cells [x0, x1), runs up to `bridge` cells apart joined."""
    rows = []
    for line in bitmap:
        runs: list[tuple[int, int]] = []
        for match in _ONES.finditer(line):
            x0, x1 = match.span()
            if runs and x0 - runs[-1][1] <= bridge:
                runs[-1] = (runs[-1][0], x1)
            else:
                runs.append((x0, x1))
        rows.append(runs)
    return rows


def _groups(rows: list[list[tuple[int, int]]], bridge: int) -> list[Spans]:
    """Groups of runs that touch within `bridge` cells, as their spans by row."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def root(node: tuple[int, int]) -> tuple[int, int]:
        while parent[node] != node:
            parent[node] = node = parent[parent[node]]
        return node

    for y, runs in enumerate(rows):
        for i, (x0, x1) in enumerate(runs):
            parent[(y, i)] = (y, i)
            for above in range(max(0, y - max(1, bridge)), y):
                for j, (a0, a1) in enumerate(rows[above]):
                    if a0 - bridge <= x1 and x0 <= a1 + bridge:
                        parent[root((above, j))] = root((y, i))
    groups: dict[tuple[int, int], Spans] = {}
    for y, i in parent:
        groups.setdefault(root((y, i)), {}).setdefault(y, []).append(rows[y][i])
    return list(groups.values())


def _count(spans: Spans) -> int:
    return sum(x1 - x0 for row in spans.values() for x0, x1 in row)


def _bounds(spans: Spans) -> tuple[int, int, int, int]:
    return (
        min(x0 for row in spans.values() for x0, _ in row),
        min(spans),
        max(x1 for row in spans.values() for _, x1 in row),
        max(spans) + 1,
    )


def _has_core(full: list[bytes], box: Box) -> bool:
    """Whether `box` (cells) holds a CORE x CORE block of full cells (less high if it is)."""
    c0, r0, c1, r1 = box
    core, height = b"1" * CORE, min(CORE, r1 - r0)
    for y in range(r0, r1 - height + 1):
        start = full[y].find(core, c0, c1)
        while start >= 0:
            if all(full[y + dy][start : start + CORE] == core for dy in range(1, height)):
                return True
            start = full[y].find(core, start + 1, c1)
    return False


def _inside(dense: list[bytes], spans: Spans) -> list[tuple[int, int, int]]:
    """(row, x0, x1) runs of the figure's cells kept whole: its dense cells and the holes
    they enclose (the text on a coloured panel, a lake on a map), without the cells along
    its outline (there only the coloured pixels are kept)."""
    c0, r0, c1, r1 = _bounds(spans)
    w, h = c1 - c0 + 2, r1 - r0 + 2  # with a ring of outside cells
    solid = [[False] * w for _ in range(h)]
    for y in range(r0, r1):
        for match in _ONES.finditer(dense[y], c0, c1):
            x0, x1 = match.span()
            solid[y - r0 + 1][x0 - c0 + 1 : x1 - c0 + 1] = [True] * (x1 - x0)
    outside = [[False] * w for _ in range(h)]
    todo = [(0, 0)]
    outside[0][0] = True
    while todo:
        x, y = todo.pop()
        for nx, ny in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
            if 0 <= nx < w and 0 <= ny < h and not outside[ny][nx] and not solid[ny][nx]:
                outside[ny][nx] = True
                todo.append((nx, ny))
    cells = [[not cell for cell in row] for row in outside]
    inside = []
    for y in range(1, h - 1):
        x = 1
        while x < w - 1:
            start = x
            while x < w - 1 and _core_cell(cells, x, y):
                x += 1
            if x > start:
                inside.append((r0 + y - 1, c0 + start - 1, c0 + x - 1))
            x += 1
    return inside


def _core_cell(cells: list[list[bool]], x: int, y: int) -> bool:
    return (
        cells[y][x] and cells[y][x - 1] and cells[y][x + 1] and cells[y - 1][x] and cells[y + 1][x]
    )
