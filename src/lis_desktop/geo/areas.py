"""The 41 areas from the bundled GeoJSON: checked feature by feature, projected once.

The file is `resources/map/lep2018_uk.geojson` (a copy of `../shared/data`, checked equal by a
test): one feature per region, keyed by the app's region id, WGS84 longitude/latitude. Anything
that does not look like that raises `MapDataError` saying what and where, so the map pane can say
so while the rest of the app carries on. The app reads the packed copy made from it (`packed`).
"""

from __future__ import annotations

import json
import math
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lis_desktop import resources
from lis_desktop.errors import MapDataError, ResourceError

RESOURCE = "map/lep2018_uk.geojson"
PARALLEL = 54.5  # degrees north: the data README's projection, x = lon · cos(54.5°), y = −lat
# cos(54.5°) written out, not computed: the C library's cosine may differ in its last bit from
# one system to another, and the packed copy of the map must come out the same everywhere.
_X_SCALE = 0.5807029557109398
KINDS = ("lep", "nation")

Point = tuple[float, float]
Ring = tuple[Point, ...]
Box = tuple[float, float, float, float]  # min x, min y, max x, max y (map units)


def project(lon: float, lat: float) -> Point:
    """Map units: x east, y down (screen order); one unit is a degree of latitude."""
    return (lon * _X_SCALE, -lat)


def unproject(x: float, y: float) -> Point:
    """Longitude and latitude of a point in map units."""
    return (x / _X_SCALE, -y)


@dataclass(frozen=True, eq=False)
class Polygon:
    """An outer ring and its holes (even-odd: a point inside an odd number of rings is in)."""

    rings: tuple[Ring, ...]
    box: Box  # of the outer ring
    area: float  # the outer ring's less its holes'


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: no hashing of outlines
class Area:
    id: str
    name: str
    kind: str  # "lep" or "nation"
    gss: str
    ons_name: str
    overlaps: tuple[str, ...]  # ids of areas sharing a whole district with this one
    polygons: tuple[Polygon, ...]
    box: Box
    area: float  # map units squared
    anchor: Point  # the centre of its largest polygon's box (keyboard moves, scrolling to it)


@dataclass(frozen=True, eq=False)
class MapData:
    areas: tuple[Area, ...]  # in the file's (the story's) order
    attribution: str
    box: Box
    _by_id: dict[str, Area] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {a.id: a for a in self.areas})

    def area(self, area_id: str) -> Area | None:
        return self._by_id.get(area_id)

    def ids(self) -> list[str]:
        return [a.id for a in self.areas]

    def check_regions(self, region_ids: Iterable[str]) -> None:
        """MapDataError unless there is exactly one area for each of these regions."""
        wanted, have = list(region_ids), set(self.ids())
        missing = [r for r in wanted if r not in have]
        extra = sorted(have - set(wanted))
        if missing:
            shown = ", ".join(missing[:3]) + (" …" if len(missing) > 3 else "")
            raise MapDataError(f"The map data has no area for {len(missing)} regions ({shown}).")
        if extra:
            raise MapDataError(f"The map data has areas for unknown regions ({', '.join(extra)}).")


def read_source() -> MapData:
    """The bundled GeoJSON, parsed (the app reads its packed copy: `packed.load_bundled`)."""
    return parse(read_resource(RESOURCE))


def read_resource(name: str) -> bytes:
    try:
        return resources.read_bytes(name)
    except ResourceError as exc:
        raise MapDataError(f"The map data is missing. {exc}") from exc


def parse(raw: bytes) -> MapData:
    """The areas of a GeoJSON FeatureCollection of (Multi)Polygons with id and name properties."""
    try:
        document = json.loads(raw)
    except UnicodeDecodeError as exc:
        raise MapDataError("The map data is damaged: it is not UTF-8 text.") from exc
    except json.JSONDecodeError as exc:
        raise MapDataError(
            f"The map data is damaged: not valid JSON (line {exc.lineno}, column {exc.colno})."
        ) from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise MapDataError("The map data is damaged: it is not a GeoJSON FeatureCollection.")
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise MapDataError("The map data is damaged: it holds no areas.")
    attribution = document.get("attribution")
    if not isinstance(attribution, str) or not attribution.strip():
        raise MapDataError("The map data is damaged: its attribution (licence) is missing.")
    areas = tuple(_area(feature, number) for number, feature in enumerate(features, 1))
    ids = [a.id for a in areas]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise MapDataError(f"The map data is damaged: two areas for {', '.join(duplicates)}.")
    return MapData(areas, attribution.strip(), _union(a.box for a in areas))


def _area(feature: Any, number: int) -> Area:
    where = f"area {number}"
    properties = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(properties, dict):
        raise MapDataError(f"The map data is damaged: {where} has no properties.")
    area_id, name = properties.get("id"), properties.get("name")
    if not isinstance(area_id, str) or not area_id or not isinstance(name, str) or not name:
        raise MapDataError(f"The map data is damaged: {where} has no id or name.")
    where = f"the area '{area_id}'"
    polygons = _polygons(feature.get("geometry"), where)
    overlaps = properties.get("overlaps") or []
    if not isinstance(overlaps, list) or not all(isinstance(o, str) for o in overlaps):
        raise MapDataError(f"The map data is damaged: {where} lists its overlaps wrongly.")
    largest = max(polygons, key=lambda p: p.area)
    return Area(
        id=area_id,
        name=name,
        kind=str(properties.get("kind") or "lep"),
        gss=str(properties.get("gss") or ""),
        ons_name=str(properties.get("ons_name") or name),
        overlaps=tuple(overlaps),
        polygons=polygons,
        box=_union(p.box for p in polygons),
        area=sum(p.area for p in polygons),
        anchor=((largest.box[0] + largest.box[2]) / 2, (largest.box[1] + largest.box[3]) / 2),
    )


def _polygons(geometry: Any, where: str) -> tuple[Polygon, ...]:
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if kind == "Polygon":
        parts = [coordinates]
    elif kind == "MultiPolygon" and isinstance(coordinates, list):
        parts = coordinates
    else:
        raise MapDataError(f"The map data is damaged: {where} is not a polygon.")
    if not parts:
        raise MapDataError(f"The map data is damaged: {where} has no outline.")
    return tuple(_polygon(part, where) for part in parts)


def _polygon(part: Any, where: str) -> Polygon:
    if not isinstance(part, list) or not part:
        raise MapDataError(f"The map data is damaged: {where} has an empty polygon.")
    checked = [_ring(ring, where) for ring in part]
    outer, *holes = (abs(area) for _points, area, _box in checked)
    return Polygon(tuple(c[0] for c in checked), checked[0][2], max(0.0, outer - sum(holes)))


def _ring(ring: Any, where: str) -> tuple[Ring, float, Box]:
    """Projected points, signed area and box; checked in bulk (a pass per check, not a call
    per point: the file has 19,000 of them and the first draw waits for this)."""
    try:
        points = tuple([(lon * _X_SCALE, -lat) for lon, lat in ring])
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        total = math.fsum(xs) + math.fsum(ys)  # NaN or infinity anywhere shows here
    except (TypeError, ValueError) as exc:  # not numbers, not pairs, not a list
        raise MapDataError(f"The map data is damaged: {where} has a bad coordinate.") from exc
    if len(points) < 4:
        raise MapDataError(f"The map data is damaged: {where} has a ring of under 4 points.")
    if not math.isfinite(total) or not (
        -180.0 * _X_SCALE <= min(xs) <= max(xs) <= 180.0 * _X_SCALE
        and -90.0 <= min(ys) <= max(ys) <= 90.0
    ):
        raise MapDataError(f"The map data is damaged: {where} has a coordinate off the globe.")
    return points, _shoelace(xs, ys), (min(xs), min(ys), max(xs), max(ys))


def _shoelace(xs: list[float], ys: list[float]) -> float:
    """Signed area of a closed ring (in C loops: map, fsum)."""
    ahead_x, ahead_y = xs[1:] + xs[:1], ys[1:] + ys[:1]
    forward = math.fsum(map(operator.mul, xs, ahead_y))
    return (forward - math.fsum(map(operator.mul, ahead_x, ys))) / 2


def _union(boxes: Iterable[Box]) -> Box:
    items = list(boxes)
    return (
        min(b[0] for b in items),
        min(b[1] for b in items),
        max(b[2] for b in items),
        max(b[3] for b in items),
    )
