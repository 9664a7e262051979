"""The map in a packed form the app reads in a few milliseconds (the first draw waits for it).

`resources/map/areas.packed` is made from the GeoJSON (the source: `areas.parse` checks and
projects it) by `packaging/make_map_data.py`; a test checks that the bundled file is exactly
what the script makes of the bundled GeoJSON. Layout: a magic line, a little-endian uint32 and
that many bytes of JSON (the areas' properties, boxes, areas and each ring's point count), then
every projected point as two little-endian float64s, ring after ring. Reading it rebuilds the
same `MapData` as parsing the GeoJSON, without the parse and the projection (about 15 ms).
"""

from __future__ import annotations

import json
import math
import struct
import sys
from array import array
from typing import Any

from lis_desktop.errors import MapDataError
from lis_desktop.geo.areas import Area, Box, MapData, Point, Polygon, Ring, read_resource

RESOURCE = "map/areas.packed"
MAGIC = b"LIS Desktop map areas 1\n"
_LENGTH = struct.Struct("<I")


def load_bundled() -> MapData:
    """The map the app shows; MapDataError (what is wrong) when it is missing or damaged."""
    return unpack(read_resource(RESOURCE))


def pack(data: MapData) -> bytes:
    """The packed bytes of `data` (deterministic: the same data gives the same bytes)."""
    points = array("d", (c for a in data.areas for p in a.polygons for r in p.rings for pt in r
                         for c in pt))  # fmt: skip
    if sys.byteorder == "big":
        points.byteswap()
    header = {
        "attribution": data.attribution,
        "box": list(data.box),
        "areas": [_area_header(a) for a in data.areas],
    }
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return MAGIC + _LENGTH.pack(len(head)) + head + points.tobytes()


def _area_header(area: Area) -> dict[str, Any]:
    return {
        "id": area.id,
        "name": area.name,
        "kind": area.kind,
        "gss": area.gss,
        "ons_name": area.ons_name,
        "overlaps": list(area.overlaps),
        "box": list(area.box),
        "area": area.area,
        "anchor": list(area.anchor),
        "polygons": [
            {"box": list(p.box), "area": p.area, "rings": [len(r) for r in p.rings]}
            for p in area.polygons
        ],
    }


def unpack(raw: bytes) -> MapData:
    """The map from packed bytes; MapDataError saying what is wrong when they are damaged."""
    if not raw.startswith(MAGIC):
        raise MapDataError("The map data is damaged: it is not the app's packed map file.")
    start = len(MAGIC) + _LENGTH.size
    if len(raw) < start:
        raise MapDataError("The map data is damaged: it is cut short.")
    (length,) = _LENGTH.unpack_from(raw, len(MAGIC))
    try:
        header = json.loads(raw[start : start + length].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MapDataError("The map data is damaged: its list of areas cannot be read.") from exc
    points = array("d")
    body = raw[start + length :]
    if len(body) % points.itemsize:
        raise MapDataError("The map data is damaged: it is cut short.")
    points.frombytes(body)
    if sys.byteorder == "big":
        points.byteswap()
    if not math.isfinite(math.fsum(points)):
        raise MapDataError("The map data is damaged: it has a coordinate that is not a number.")
    try:
        return _rebuild(header, points)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise MapDataError("The map data is damaged: its list of areas is incomplete.") from exc


def _rebuild(header: dict[str, Any], points: array[float]) -> MapData:
    cursor = 0
    built = []
    for item in header["areas"]:
        polygons = []
        for polygon in item["polygons"]:
            rings: list[Ring] = []
            for count in polygon["rings"]:
                end = cursor + 2 * int(count)
                if end > len(points) or count < 4:
                    raise ValueError("a ring runs past the points")
                flat = points[cursor:end]
                rings.append(tuple(zip(flat[0::2], flat[1::2], strict=True)))
                cursor = end
            polygons.append(Polygon(tuple(rings), _box(polygon["box"]), float(polygon["area"])))
        built.append(
            Area(
                id=str(item["id"]),
                name=str(item["name"]),
                kind=str(item["kind"]),
                gss=str(item["gss"]),
                ons_name=str(item["ons_name"]),
                overlaps=tuple(str(o) for o in item["overlaps"]),
                polygons=tuple(polygons),
                box=_box(item["box"]),
                area=float(item["area"]),
                anchor=_point(item["anchor"]),
            )
        )
    if cursor != len(points) or not built:
        raise ValueError("points left over")
    attribution = header["attribution"]
    if not isinstance(attribution, str) or not attribution.strip():
        raise MapDataError("The map data is damaged: its attribution (licence) is missing.")
    return MapData(tuple(built), attribution, _box(header["box"]))


def _box(values: Any) -> Box:
    x0, y0, x1, y1 = (float(v) for v in values)
    return (x0, y0, x1, y1)


def _point(values: Any) -> Point:
    x, y = (float(v) for v in values)
    return (x, y)
