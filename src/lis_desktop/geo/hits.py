"""Which areas lie under a point, what a click there selects, and keyboard moves between areas.

In 2018 some districts belonged to two LEPs, so a point may lie in two areas: `areas_at` lists
every one, the smaller first (the more specific place, drawn on top), and `choose` makes a click
select the first of them, or, when the selected area is among them, the next one: the other area
is always one click away and never chosen silently in place of the one asked for.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from lis_desktop.geo.areas import Area, MapData, Point, Polygon, Ring


def contains(area: Area, x: float, y: float) -> bool:
    """True when the map point (x, y) lies inside `area` (holes excluded)."""
    x0, y0, x1, y1 = area.box
    if not (x0 <= x <= x1 and y0 <= y <= y1):
        return False
    return any(_in_polygon(polygon, x, y) for polygon in area.polygons)


def _in_polygon(polygon: Polygon, x: float, y: float) -> bool:
    x0, y0, x1, y1 = polygon.box
    if not (x0 <= x <= x1 and y0 <= y <= y1):
        return False
    inside = False
    for ring in polygon.rings:  # even-odd: each ring crossed flips it (holes flip it back)
        if _crossings(ring, x, y) % 2:
            inside = not inside
    return inside


def _crossings(ring: Ring, x: float, y: float) -> int:
    """How many edges of the ring a ray from (x, y) to the east crosses."""
    count = 0
    px, py = ring[-1]
    for qx, qy in ring:
        if (qy > y) != (py > y) and x < (px - qx) * (y - qy) / (py - qy) + qx:
            count += 1
        px, py = qx, qy
    return count


def areas_at(data: MapData, x: float, y: float, among: Iterable[str] | None = None) -> list[str]:
    """Ids of the areas containing the map point (x, y), the smallest first; only those in
    `among` when given."""
    allowed = None if among is None else set(among)
    found = [a for a in data.areas if (allowed is None or a.id in allowed) and contains(a, x, y)]
    return [a.id for a in sorted(found, key=lambda a: a.area)]


def choose(hits: Sequence[str], current: str | None) -> str | None:
    """What a click on `hits` (from `areas_at`) selects: the first, or the one after the
    current selection when it is among them (so a second click reaches the other area)."""
    if not hits:
        return None
    if current in hits:
        return hits[(hits.index(current) + 1) % len(hits)]
    return hits[0]


DIRECTIONS: dict[str, Point] = {
    "left": (-1.0, 0.0),
    "right": (1.0, 0.0),
    "up": (0.0, -1.0),
    "down": (0.0, 1.0),
}


def neighbour(
    data: MapData, area_id: str, direction: str, among: Iterable[str] | None = None
) -> str | None:
    """The nearest area whose anchor lies in `direction` (within 60° of it) from `area_id`'s;
    None when there is none that way."""
    start = data.area(area_id)
    if start is None:
        return None
    ux, uy = DIRECTIONS[direction]
    allowed = None if among is None else set(among)
    best: tuple[float, str] | None = None
    for other in data.areas:
        if other.id == area_id or (allowed is not None and other.id not in allowed):
            continue
        dx, dy = other.anchor[0] - start.anchor[0], other.anchor[1] - start.anchor[1]
        distance = math.hypot(dx, dy)
        along = dx * ux + dy * uy
        if distance == 0 or along < distance * 0.5:  # cos 60° = 0.5
            continue
        # Straight ahead beats off to one side: weigh the sideways part double.
        score = along + 2 * abs(dx * uy - dy * ux)
        if best is None or score < best[0]:
            best = (score, other.id)
    return best[1] if best else None
