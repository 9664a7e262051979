"""The map's geometry, Qt-free: the bundled data (equal to its source, checked, projected; its
packed copy what packaging/make_map_data.py makes of it), hit tests (a point in Cumbria hits
Cumbria; a point in an overlap hits both), what a click chooses, keyboard neighbours, fitting,
zoom and pan, and what each colour mode says."""

from __future__ import annotations

import importlib.util
import itertools
import json
import math
from pathlib import Path
from typing import Any

import pytest

from lis_desktop import resources
from lis_desktop.content import snapshot
from lis_desktop.domain import Offline
from lis_desktop.errors import MapDataError
from lis_desktop.geo import areas, colouring, hits, packed
from lis_desktop.geo.areas import project
from lis_desktop.geo.colouring import ColourBy
from lis_desktop.geo.viewport import MARGIN, MAX_ZOOM, Viewport

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT.parent / "shared" / "data"  # CI has ../shared beside the clone, as here
KESWICK = (-3.13, 54.60)
AYLESBURY = (-0.81, 51.82)  # Aylesbury Vale: Buckinghamshire Thames Valley and SEMLEP in 2018
YORK = (-1.08, 53.96)  # York: Leeds City Region and York, North Yorkshire & East Riding
ATLANTIC = (-9.5, 50.0)


@pytest.fixture(scope="module")
def data() -> areas.MapData:
    return packed.load_bundled()


def at(data: areas.MapData, lon: float, lat: float) -> list[str]:
    return hits.areas_at(data, *project(lon, lat))


# -- the bundled data -------------------------------------------------------------------------
def test_the_bundled_map_is_the_shared_source_unchanged() -> None:
    """One source of truth: resources/map holds ../shared/data's file and README as they are."""
    for name in ("lep2018_uk.geojson", "README.md"):
        source = SOURCE / name
        assert source.is_file(), f"{source} is missing: the map's source data sits beside the clone"
        assert resources.read_bytes(f"map/{name}") == source.read_bytes(), name


def test_the_packed_map_is_what_the_script_makes_of_the_geojson(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "make_map_data", ROOT / "packaging/make_map_data.py"
    )
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    made = script.build(tmp_path / "areas.packed")
    assert made.read_bytes() == resources.read_bytes(packed.RESOURCE)


def test_the_packed_map_holds_what_the_geojson_says(data: areas.MapData) -> None:
    source = areas.read_source()
    assert data.ids() == source.ids()
    assert data.attribution == source.attribution
    assert data.box == source.box
    for got, want in zip(data.areas, source.areas, strict=True):
        assert (got.name, got.kind, got.gss, got.ons_name, got.overlaps) == (
            want.name, want.kind, want.gss, want.ons_name, want.overlaps,
        )  # fmt: skip
        assert (got.box, got.area, got.anchor) == (want.box, want.area, want.anchor)
        assert [p.rings for p in got.polygons] == [p.rings for p in want.polygons]
        assert [(p.box, p.area) for p in got.polygons] == [(p.box, p.area) for p in want.polygons]


def test_the_projection_constant_is_cos_54_5_degrees() -> None:
    assert project(1.0, 0.0)[0] == pytest.approx(math.cos(math.radians(54.5)), abs=1e-15)


def test_the_map_has_one_area_per_region_in_the_story_order(data: areas.MapData) -> None:
    regions = [r.id for r in snapshot.load_regions()]
    assert data.ids() == regions
    data.check_regions(regions)
    assert len(data.areas) == 41
    assert data.area("cumbria") is not None
    assert data.area("cumbria").name == "Cumbria"  # type: ignore[union-attr]
    kinds = {a.id: a.kind for a in data.areas}
    assert kinds["scotland"] == "nation"
    assert kinds["black-country"] == "lep"


def test_the_attribution_comes_with_the_data(data: areas.MapData) -> None:
    assert data.attribution.startswith("Source: Office for National Statistics licensed under")
    assert "Open Government Licence v.3.0" in data.attribution
    assert "Crown copyright" in data.attribution


def test_projection_is_the_data_readmes() -> None:
    x, y = project(-3.0, 54.5)
    assert x == pytest.approx(-3.0 * math.cos(math.radians(54.5)))
    assert y == -54.5
    assert areas.unproject(x, y) == pytest.approx((-3.0, 54.5))


def test_areas_are_projected_once_with_their_boxes(data: areas.MapData) -> None:
    cumbria = data.area("cumbria")
    assert cumbria is not None
    x0, y0, x1, y1 = cumbria.box
    west, north = areas.unproject(x0, y0)
    east, south = areas.unproject(x1, y1)
    assert -3.7 < west < east < -2.1  # Cumbria lies between about 3.6° W and 2.2° W
    assert 53.9 < south < north < 55.3
    by_size = sorted(data.areas, key=lambda a: a.area)
    assert by_size[-1].id == "scotland"
    assert by_size[0].id == "black-country"


# -- hit tests --------------------------------------------------------------------------------
def test_a_point_inside_cumbria_hits_cumbria(data: areas.MapData) -> None:
    assert at(data, *KESWICK) == ["cumbria"]


@pytest.mark.parametrize(
    ("point", "expected"),
    [
        (AYLESBURY, ["buckinghamshire-thames-valley", "south-east-midlands"]),
        (YORK, ["leeds-city-region", "york-north-yorkshire-east-riding"]),
    ],
)
def test_a_point_in_an_overlap_hits_both_smaller_first(
    data: areas.MapData, point: tuple[float, float], expected: list[str]
) -> None:
    found = at(data, *point)
    assert found == expected
    sizes = [data.area(i).area for i in found]  # type: ignore[union-attr]
    assert sizes == sorted(sizes)
    for one, other in (expected, expected[::-1]):
        assert other in data.area(one).overlaps  # type: ignore[union-attr]


def test_the_sea_and_holes_hit_nothing(data: areas.MapData) -> None:
    assert at(data, *ATLANTIC) == []
    cheshire = data.area("cheshire-warrington")
    assert cheshire is not None
    (polygon,) = cheshire.polygons
    assert len(polygon.rings) == 2  # an outline with a hole in it
    hole = polygon.rings[1]
    inside_hole = (sum(p[0] for p in hole) / len(hole), sum(p[1] for p in hole) / len(hole))
    assert not hits.contains(cheshire, *inside_hole)
    assert hits.contains(cheshire, *project(-2.58, 53.39))  # Warrington


def test_areas_at_can_be_limited(data: areas.MapData) -> None:
    x, y = project(*YORK)
    assert hits.areas_at(data, x, y, among=["york-north-yorkshire-east-riding"]) == [
        "york-north-yorkshire-east-riding"
    ]


def test_a_click_chooses_the_smaller_and_the_other_is_one_click_away() -> None:
    both = ["leeds-city-region", "york-north-yorkshire-east-riding"]
    assert hits.choose(both, None) == "leeds-city-region"
    assert hits.choose(both, "cumbria") == "leeds-city-region"
    assert hits.choose(both, "leeds-city-region") == "york-north-yorkshire-east-riding"
    assert hits.choose(both, "york-north-yorkshire-east-riding") == "leeds-city-region"
    assert hits.choose(["cumbria"], "cumbria") == "cumbria"
    assert hits.choose([], "cumbria") is None


def test_keyboard_neighbours_go_the_way_asked(data: areas.MapData) -> None:
    assert hits.neighbour(data, "cumbria", "down") == "lancashire"
    assert hits.neighbour(data, "cumbria", "right") == "tees-valley"
    assert hits.neighbour(data, "london", "up") == "hertfordshire"
    assert hits.neighbour(data, "cornwall-isles-of-scilly", "left") is None
    assert hits.neighbour(data, "london", "up", among=["london", "scotland"]) == "scotland"


# -- damaged data -----------------------------------------------------------------------------
def _feature(**geometry: Any) -> dict[str, Any]:
    ring = [[-3.0, 54.0], [-2.0, 54.0], [-2.0, 55.0], [-3.0, 54.0]]
    return {
        "type": "Feature",
        "properties": {"id": "cumbria", "name": "Cumbria"},
        "geometry": geometry or {"type": "Polygon", "coordinates": [ring]},
    }


def _collection(*features: dict[str, Any], attribution: object = "Source: ONS") -> bytes:
    doc = {"type": "FeatureCollection", "attribution": attribution, "features": list(features)}
    return json.dumps(doc).encode()


def test_a_small_valid_collection_parses() -> None:
    parsed = areas.parse(_collection(_feature()))
    assert parsed.ids() == ["cumbria"]
    assert parsed.areas[0].area == pytest.approx(0.5 * math.cos(math.radians(54.5)))


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"", "not valid JSON (line 1, column 1)"),
        (b'{"type": "FeatureCollection", "features": [', "not valid JSON"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b'{"type": "Topology"}', "not a GeoJSON FeatureCollection"),
        (_collection(), "holds no areas"),
        (_collection(_feature(), attribution=""), "attribution (licence) is missing"),
        (_collection(_feature(), _feature()), "two areas for cumbria"),
        (_collection({"type": "Feature", "properties": {}}), "area 1 has no id or name"),
        (_collection(_feature(type="Point", coordinates=[0, 0])), "'cumbria' is not a polygon"),
        (
            _collection(_feature(type="Polygon", coordinates=[[["a", "b"]] * 4])),
            "'cumbria' has a bad coordinate",
        ),
        (
            _collection(_feature(type="Polygon", coordinates=[[[0, 0], [1, 1], [0, 0]]])),
            "ring of under 4 points",
        ),
        (
            _collection(_feature(type="Polygon", coordinates=[[[0, 95], [1, 1], [1, 0], [0, 95]]])),
            "coordinate off the globe",
        ),
        (
            json.dumps(json.loads(_collection(_feature()))).replace("-2.0", "NaN").encode(),
            "coordinate off the globe",
        ),
    ],
)
def test_damaged_data_says_what_is_wrong(raw: bytes, says: str) -> None:
    with pytest.raises(MapDataError, match="The map data is damaged") as caught:
        areas.parse(raw)
    assert says in str(caught.value)


def test_missing_areas_are_named() -> None:
    parsed = areas.parse(_collection(_feature()))
    with pytest.raises(MapDataError, match=r"no area for 2 regions \(wales, scotland\)"):
        parsed.check_regions(["cumbria", "wales", "scotland"])
    with pytest.raises(MapDataError, match="unknown regions"):
        parsed.check_regions([])


PACKED = packed.pack(areas.parse(_collection(_feature())))


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"", "not the app's packed map file"),
        (b'{"type": "FeatureCollection"}', "not the app's packed map file"),
        (packed.MAGIC, "cut short"),
        (PACKED[:-3], "cut short"),
        (PACKED[:-16], "list of areas is incomplete"),
        (PACKED + b"\0" * 16, "list of areas is incomplete"),
        (PACKED.replace(b'"areas":[', b'"areas":{', 1), "list of areas cannot be read"),
        (PACKED[:-8] + b"\x00\x00\x00\x00\x00\x00\xf8\x7f", "not a number"),
        (PACKED.replace(b'"id":', b'"ix":', 1), "list of areas is incomplete"),
    ],
)
def test_a_damaged_packed_map_says_so(raw: bytes, says: str) -> None:
    with pytest.raises(MapDataError, match="The map data is damaged") as caught:
        packed.unpack(raw)
    assert says in str(caught.value)


def test_packing_keeps_everything() -> None:
    small = areas.parse(_collection(_feature()))
    again = packed.unpack(packed.pack(small))
    assert again.ids() == ["cumbria"]
    assert again.areas[0].polygons[0].rings == small.areas[0].polygons[0].rings
    assert again.attribution == "Source: ONS"


def test_a_missing_map_file_is_a_map_data_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = resources.read_bytes

    def without_map(name: str) -> bytes:
        if name.startswith("map/"):
            raise resources.ResourceError(f"Cannot read the bundled file '{name}': not found")
        return real(name)

    monkeypatch.setattr(resources, "read_bytes", without_map)
    with pytest.raises(MapDataError, match="The map data is missing"):
        packed.load_bundled()


# -- fit, zoom, pan ---------------------------------------------------------------------------
def test_fitting_shows_the_whole_map_inside_the_margin(data: areas.MapData) -> None:
    view = Viewport(data.box).resized(10, 20, 300, 500)
    x0, y0, x1, y1 = data.box
    left, top = view.to_pixels(x0, y0)
    right, bottom = view.to_pixels(x1, y1)
    assert left >= 10 + MARGIN - 1e-6
    assert top >= 20 + MARGIN - 1e-6
    assert right <= 310 - MARGIN + 1e-6
    assert bottom <= 520 - MARGIN + 1e-6
    assert max(right - left - (300 - 2 * MARGIN), bottom - top - (500 - 2 * MARGIN)) == (
        pytest.approx(0, abs=1e-6)
    )  # fills one dimension exactly
    assert view.to_map(*view.to_pixels(-2.0, -54.0)) == pytest.approx((-2.0, -54.0))


def test_zoom_keeps_the_point_under_the_pointer(data: areas.MapData) -> None:
    view = Viewport(data.box).resized(0, 0, 400, 600)
    anchor = (123.0, 456.0)
    before = view.to_map(*anchor)
    zoomed = view.zoomed(2.0, anchor)
    assert zoomed.scale == pytest.approx(view.scale * 2)
    assert zoomed.to_map(*anchor) == pytest.approx(before)
    assert not zoomed.fitted
    assert zoomed.zoomed(0.5).fitted  # back at zoom 1: the whole map again
    assert view.zoomed(1000).zoom == MAX_ZOOM
    assert view.zoomed(0.001).fitted


def test_pan_moves_the_map_and_stops_at_its_edge(data: areas.MapData) -> None:
    view = Viewport(data.box).resized(0, 0, 400, 600).zoomed(4.0)
    moved = view.panned(40, -20)
    before, after = view.to_pixels(-2.0, -54.0), moved.to_pixels(-2.0, -54.0)
    assert (after[0] - before[0], after[1] - before[1]) == pytest.approx((40, -20))
    far = view.panned(1e6, 1e6)
    cx, cy = far.to_map(200, 300)
    assert (cx, cy) == pytest.approx((data.box[0], data.box[1]))  # the centre stays on the map
    assert moved.reset().fitted


def test_showing_pans_an_area_into_view_only_when_it_is_out_of_it(data: areas.MapData) -> None:
    cornwall = data.area("cornwall-isles-of-scilly")
    assert cornwall is not None
    view = Viewport(data.box).resized(0, 0, 400, 600).zoomed(8.0, (200, 50))  # the far north
    mx, my = view.to_map(200, 300)
    assert view.showing((mx - 0.01, my - 0.01, mx + 0.01, my + 0.01)) is view  # in view already
    shown = view.showing(cornwall.box)
    x0, y0, x1, y1 = shown.visible_box()
    cx, cy = (cornwall.box[0] + cornwall.box[2]) / 2, (cornwall.box[1] + cornwall.box[3]) / 2
    assert x0 <= cx <= x1
    assert y0 <= cy <= y1
    assert shown.zoom == view.zoom


# -- colour modes -----------------------------------------------------------------------------
REGIONS = snapshot.load_regions()


def test_status_colouring_counts_and_words_each_state() -> None:
    statuses = {"cumbria": Offline.AVAILABLE, "wales": Offline.FAILED}
    result = colouring.by_status(REGIONS, statuses, {Offline.FAILED: "Download failed (tree)"})
    assert result.mode is ColourBy.STATUS
    assert [s.label for s in result.swatches] == [
        "Available offline",
        "Not downloaded",
        "Download failed",
    ]
    assert result.count("available") == 1
    assert result.count("missing") == 39
    assert result.values["wales"] == "Download failed (tree)"
    assert result.values["cumbria"] == "Available offline"
    assert result.swatch("cumbria") != result.swatch("scotland")


def test_wave_and_body_colourings_follow_the_regions() -> None:
    waves = colouring.by_wave(REGIONS)
    assert waves.values["greater-manchester"] == "LIS wave 1"
    assert waves.values["scotland"] == "No LIS wave"
    assert [waves.count(k) for k in ("1", "2", "3", "None")] == [8, 6, 24, 3]
    bodies = colouring.by_body(REGIONS)
    assert bodies.values["tees-valley"] == "Mayoral Combined Authority"
    assert bodies.values["wales"] == "Devolved nation"
    assert bodies.count("LEP") + bodies.count("MCA") + bodies.count("Devolved") == 41


def test_theme_colouring_tells_not_offline_from_zero() -> None:
    counts: dict[str, int | None] = {r.id: None for r in REGIONS}
    counts.update({"humber": 0, "wales": 3, "scotland": 12, "cumbria": 1})
    result = colouring.by_theme(REGIONS, "Clean growth", counts)
    assert result.title == "Clean growth: hits"
    assert result.values["humber"] == "Clean growth: not mentioned"
    assert result.values["london"] == "Clean growth: not offline, no count"
    assert result.values["wales"] == "Clean growth: 3 hits"
    assert result.values["cumbria"] == "Clean growth: 1 hit"
    assert result.swatch("humber") != result.swatch("london")
    labels = [s.label for s in result.swatches]
    assert labels == ["Not offline (no count)", "Not mentioned", "1 hit", "3 hits", "12 hits"]
    shades = [result.swatch(r).day for r in ("cumbria", "wales", "scotland")]  # type: ignore[union-attr]
    assert len(set(shades)) == 3


def test_counts_fall_in_at_most_four_classes() -> None:
    assert colouring.count_bins([]) == []
    assert colouring.count_bins([2, 2, 5]) == [(2, 2), (5, 5)]
    bins = colouring.count_bins(range(1, 41))
    assert len(bins) == 4
    assert bins[0][0] == 1
    assert bins[-1][1] == 40
    assert all(a[1] < b[0] for a, b in itertools.pairwise(bins))


def test_palettes_differ_by_night_and_within_each_mode() -> None:
    for result in (
        colouring.by_status(REGIONS, {"cumbria": Offline.AVAILABLE}),
        colouring.by_wave(REGIONS),
        colouring.by_body(REGIONS),
    ):
        days = [s.day for s in result.swatches]
        nights = [s.night for s in result.swatches]
        assert len(set(days)) == len(days)
        assert len(set(nights)) == len(nights)
        assert set(days).isdisjoint(nights)


def test_every_offline_status_has_a_colour_and_a_label() -> None:
    assert set(colouring.STATUS_LEGEND) == set(Offline)
