"""Distances, geodesics, offsets, crossings and the one (lat, lon) / (lon, lat) flip."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import shapely
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import geomap
from geomap import geometry
from geomap.gazetteer import default_gazetteer
from geomap.geometry import (
    crossed_countries,
    distance_km,
    geodesic_path,
    great_circle_km,
    great_circle_km_array,
    offset_point,
    part_point,
    representative_point,
    sea_point_toward,
    shapely_point,
    split_antimeridian,
    to_latlon,
    to_lonlat,
    to_lonlat_path,
    wrap_lon,
)

lats = st.floats(min_value=-80, max_value=80, allow_nan=False)
lons = st.floats(min_value=-180, max_value=180, allow_nan=False)
points = st.tuples(lats, lons)

TEHRAN, TEL_AVIV = (35.6892, 51.3890), (32.0853, 34.7818)
CASPIAN, ALEPPO = (41.9, 50.5), (36.2021, 37.1343)
SANAA, EILAT = (15.3694, 44.1910), (29.5577, 34.9519)
KYIV, MOSCOW = (50.4501, 30.5234), (55.7558, 37.6173)
KAMCHATKA, ANCHORAGE = (56.0, 160.0), (61.2181, -149.9003)


@pytest.fixture(scope="module")
def gaz():
    return default_gazetteer()


def test_the_module_lists_its_public_names():
    assert geometry.__all__ == sorted(geometry.__all__)
    for name in geometry.__all__:
        assert getattr(geometry, name) is not None, name
        if callable(getattr(geometry, name)):
            assert getattr(geometry, name).__doc__, name


# -- the flip --------------------------------------------------------------------------------------
@settings(deadline=None)
@given(points)
def test_flip_and_back_is_the_identity(point):
    assert to_latlon(to_lonlat(point)) == point
    assert to_latlon(shapely_point(point)) == point
    assert shapely_point(point).x == point[1] and shapely_point(point).y == point[0]


@settings(deadline=None)
@given(st.lists(points, max_size=30))
def test_a_path_flips_point_by_point(path):
    assert to_lonlat_path(path) == [(lon, lat) for lat, lon in path]
    assert [to_latlon(xy) for xy in to_lonlat_path(path)] == path


@settings(deadline=None)
@given(st.lists(points, min_size=1, max_size=30))
def test_an_unwrapped_path_never_jumps_across_the_map_and_wraps_back(path):
    coords = to_lonlat_path(path, unwrap=True)
    assert all(abs(b[0] - a[0]) <= 180 for a, b in zip(coords, coords[1:]))
    for (lon, lat), (lat0, lon0) in zip(coords, path):
        assert lat == lat0
        turns = (lon - lon0) / 360
        assert turns == pytest.approx(round(turns), abs=1e-9)  # the same meridian


@settings(deadline=None)
@given(st.floats(min_value=-1e4, max_value=1e4, allow_nan=False))
def test_wrapped_longitudes_stay_on_the_map(lon):
    wrapped = wrap_lon(lon)
    assert -180 <= wrapped <= 180
    assert (wrapped - lon) / 360 == pytest.approx(round((wrapped - lon) / 360), abs=1e-9)


@settings(deadline=None)
@given(st.lists(st.tuples(lons, lats), max_size=30))
def test_a_line_cut_at_the_antimeridian_keeps_every_point_and_never_jumps(coords):
    parts = split_antimeridian(coords)
    jumps = sum(abs(b[0] - a[0]) > 180 for a, b in zip(coords, coords[1:]))
    assert len(parts) == (1 + jumps if coords else 0)
    kept = []
    for i, part in enumerate(parts):
        assert all(abs(b[0] - a[0]) <= 180 for a, b in zip(part, part[1:]))
        if i > 0:
            assert abs(part[0][0]) == 180 and part[0][1] == parts[i - 1][-1][1]  # the cut, on both sides
            part = part[1:]
        if i < len(parts) - 1:
            assert abs(part[-1][0]) == 180
            part = part[:-1]
        kept += part
    assert kept == [tuple(c) for c in coords]


def test_a_cut_lies_at_the_antimeridian_between_the_two_latitudes():
    (west_part, east_part) = split_antimeridian([(175.0, 60.0), (-175.0, 70.0)])
    assert west_part[-1][0] == 180.0 and east_part[0][0] == -180.0
    assert west_part[-1][1] == east_part[0][1] == pytest.approx(65.0)


# -- distances ------------------------------------------------------------------------------------
@settings(deadline=None)
@given(points, points)
def test_distance_is_symmetric_non_negative_and_zero_only_at_the_same_point(a, b):
    d = distance_km(a, b)
    assert d >= 0
    assert d == pytest.approx(distance_km(b, a), rel=1e-9, abs=1e-6)
    assert distance_km(a, a) == 0
    assert great_circle_km(a, b) == pytest.approx(great_circle_km(b, a), abs=1e-6)


@settings(deadline=None)
@given(points, points)
def test_the_sphere_and_the_ellipsoid_agree_within_a_percent(a, b):
    assert great_circle_km(a, b) == pytest.approx(distance_km(a, b), rel=0.006, abs=0.01)


def test_known_distances():
    # a degree of latitude and of longitude at the equator on WGS84; antipodes on the equator meet over a pole
    assert distance_km((0.0, 0.0), (1.0, 0.0)) == pytest.approx(110.574, abs=0.001)
    assert distance_km((0.0, 0.0), (0.0, 1.0)) == pytest.approx(111.319, abs=0.001)
    assert distance_km((0.0, 0.0), (0.0, 180.0)) == pytest.approx(20003.93, abs=0.01)


@settings(max_examples=50, deadline=None)
@given(points, points)
def test_distance_agrees_with_geographiclib_through_geopy(a, b):
    from geopy.distance import geodesic

    assert distance_km(a, b) == pytest.approx(geodesic(a, b).km, abs=1e-3)


@settings(deadline=None)
@given(points, st.lists(points, min_size=1, max_size=20))
def test_the_array_distance_is_the_scalar_one(a, others):
    lats_, lons_ = np.array([p[0] for p in others]), np.array([p[1] for p in others])
    got = great_circle_km_array(a, lats_, lons_)
    assert got.tolist() == pytest.approx([great_circle_km(a, p) for p in others], abs=1e-6)


# -- offsets --------------------------------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(points, st.floats(min_value=0, max_value=3000), st.floats(min_value=0, max_value=360, exclude_max=True))
def test_an_offset_point_lies_that_far_away(point, km, bearing):
    moved = offset_point(point, km, bearing)
    assert -90 <= moved[0] <= 90 and -180 <= moved[1] <= 180
    assert distance_km(point, moved) == pytest.approx(km, abs=0.005)  # moved is rounded to about a metre


def test_offsets_go_the_way_the_bearing_says():
    north, east = offset_point(KYIV, 10, 0), offset_point(KYIV, 10, 90)
    assert north[0] > KYIV[0] and north[1] == pytest.approx(KYIV[1], abs=1e-4)
    assert east[1] > KYIV[1] and east[0] == pytest.approx(KYIV[0], abs=1e-3)
    assert offset_point(KYIV, 0, 123) == (round(KYIV[0], 5), round(KYIV[1], 5))


# -- geodesics ------------------------------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(lats, lons, lats, lons, st.integers(min_value=0, max_value=40))
def test_a_geodesic_path_keeps_its_ends_exactly_and_walks_in_small_steps(lat1, lon1, lat2, lon2, min_points):
    path, km = geodesic_path((lat1, lon1), (lat2, lon2), min_points=min_points)
    assert path[0] == (lat1, lon1) and path[-1] == (lat2, lon2)
    assert len(path) >= max(2, min_points)
    assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lat, lon in path)
    assert km == pytest.approx(distance_km((lat1, lon1), (lat2, lon2)), abs=1e-6)
    steps = [distance_km(a, b) for a, b in zip(path, path[1:])]
    assert max(steps) <= 75.0 + 1e-6 or len(path) == 2 and km == 0
    # the points lie on the geodesic: the steps add up to its length
    assert sum(steps) == pytest.approx(km, rel=1e-6, abs=1e-6)


def test_a_degenerate_path_is_its_point_repeated():
    path, km = geodesic_path(KYIV, KYIV, min_points=5)
    assert km == 0 and path == (KYIV,) * 5


def test_a_path_over_the_antimeridian_jumps_from_180_to_minus_180():
    path, km = geodesic_path(KAMCHATKA, ANCHORAGE, min_points=16)
    assert any(lon > 170 for _, lon in path) and any(lon < -170 for _, lon in path)
    assert 2500 < km < 3500


# -- points of places -----------------------------------------------------------------------------
def _first(gaz, name, feature):
    return next(p for p in gaz.lookup(name) if p.feature == feature)


def test_sea_points_lie_in_the_water(gaz):
    for name in ("Black Sea", "Red Sea", "Caspian Sea", "Mediterranean Sea"):
        sea = _first(gaz, name, "sea")
        shape = gaz.shape(sea)
        assert shape is not None, name
        assert shape.contains(shapely_point(representative_point(sea, gaz))), name


def test_a_city_is_drawn_at_its_own_point(gaz):
    kyiv = _first(gaz, "Kyiv", "city")
    assert representative_point(kyiv, gaz) == (kyiv.lat, kyiv.lon)


@pytest.mark.parametrize("direction, west_of, south_of", [
    ("west", True, None), ("east", False, None), ("north", None, False), ("south", None, True),
    ("south-west", True, True), ("North East", False, False)])
def test_a_part_of_a_country_lies_in_that_part(gaz, direction, west_of, south_of):
    iran = _first(gaz, "Iran", "country")
    lat, lon = part_point(iran, direction, gaz)
    assert gaz.shape(iran).contains(shapely_point((lat, lon)))
    west, south, east, north = gaz.shape(iran).bounds
    if west_of is not None:
        assert (lon < west + (east - west) / 3) if west_of else (lon > east - (east - west) / 3)
    if south_of is not None:
        assert (lat < south + (north - south) / 3) if south_of else (lat > north - (north - south) / 3)


def test_a_part_needs_a_polygon_and_a_compass_word(gaz):
    assert part_point(_first(gaz, "Kyiv", "city"), "west", gaz) is None
    with pytest.raises(ValueError, match="upward"):
        part_point(_first(gaz, "Iran", "country"), "upward", gaz)


def test_a_launch_from_a_long_sea_starts_in_the_water_facing_the_target(gaz):
    med = _first(gaz, "Mediterranean Sea", "sea")
    raqqa = (35.95, 39.01)
    usual = representative_point(med, gaz)
    start = sea_point_toward(med, usual, raqqa, gaz)
    assert gaz.shape(med).contains(shapely_point(start))
    assert distance_km(start, raqqa) < distance_km(usual, raqqa) - 500


def test_a_launch_from_a_small_sea_keeps_its_usual_point(gaz):
    black = _first(gaz, "Black Sea", "sea")
    usual = representative_point(black, gaz)
    assert sea_point_toward(black, usual, (46.48, 30.73), gaz) == usual  # Odesa


# -- crossings ------------------------------------------------------------------------------------
def reference_crossings(path, gaz) -> dict[str, int]:
    """The straightforward computation: every segment against every full-detail country polygon.
    Each country's code and the index of the first segment that touches it."""
    segments = [shapely.LineString(part) for a, b in zip(path, path[1:])
                for part in split_antimeridian([to_lonlat(a), to_lonlat(b)]) if len(part) == 2]
    first: dict[str, int] = {}
    for place, shape in gaz.shapes("country"):
        if shape is None or not place.country:
            continue
        hits = np.flatnonzero(shapely.intersects(shape, np.array(segments, dtype=object)))
        if len(hits):
            first[place.country] = min(first.get(place.country, len(segments)), int(hits[0]))
    return first


def _grazed(path, gaz, countries) -> bool:
    """Whether the path passes within the simplification tolerance of each of these countries'
    borders: only there may the simplified polygons and the full ones disagree."""
    line = shapely.LineString([to_lonlat(p) for p in path])
    tol = geometry.CROSSING_TOLERANCE_DEG * 1.5
    shapes = {place.country: shape for place, shape in gaz.shapes("country") if shape is not None}
    return all(shapes[c].boundary.distance(line) <= tol for c in countries if c in shapes)


def assert_same_as_reference(path, gaz) -> tuple[str, ...]:
    got = crossed_countries(path, gaz)
    ref = reference_crossings(path, gaz)
    assert set(got) == set(ref) or _grazed(path, gaz, set(got) ^ set(ref)), (got, ref)
    order = [ref[c] for c in got if c in ref]
    assert order == sorted(order), (got, ref)  # flight order: by the first segment over each country
    return got


@pytest.mark.parametrize("start, end, must, first, last", [
    (TEHRAN, TEL_AVIV, {"IQ", "JO"}, "IR", "IL"),
    (CASPIAN, ALEPPO, {"IR", "TR"}, None, "SY"),
    (SANAA, EILAT, {"SA"}, "YE", "IL"),
    (KYIV, MOSCOW, set(), "UA", "RU"),
    (KAMCHATKA, ANCHORAGE, set(), "RU", "US"),  # over the antimeridian
    ((33.5, 36.3), (31.5, 34.45), set(), "SY", None),  # Damascus to Gaza: short, by several borders
])
def test_crossings_match_the_full_detail_polygons(gaz, start, end, must, first, last):
    path, _ = geodesic_path(start, end, min_points=16)
    got = assert_same_as_reference(path, gaz)
    assert must <= set(got)
    assert first is None or got[0] == first
    assert last is None or got[-1] == last


@settings(max_examples=25, deadline=None)
@given(st.tuples(st.floats(12, 45), st.floats(25, 62)), st.tuples(st.floats(12, 45), st.floats(25, 62)))
def test_any_middle_east_flight_crosses_what_the_full_polygons_say(gaz, start, end):
    assume(distance_km(start, end) > 1)
    path, _ = geodesic_path(start, end, min_points=16)
    assert_same_as_reference(path, gaz)


def test_a_repeated_flight_gives_the_same_answer(gaz):
    path, _ = geodesic_path(SANAA, EILAT, min_points=16)
    assert crossed_countries(list(path), gaz) == crossed_countries(path, gaz) == crossed_countries(path, gaz)


@pytest.mark.parametrize("path", [(), (TEHRAN,), [TEHRAN]])
def test_no_crossing_without_two_points(gaz, path):
    assert crossed_countries(path, gaz) == ()


def test_a_flight_over_open_sea_crosses_nothing(gaz):
    path, _ = geodesic_path((-40.0, -120.0), (-45.0, -110.0), min_points=16)  # the South Pacific
    assert crossed_countries(path, gaz) == ()


def test_a_flight_inside_one_country_crosses_only_it(gaz):
    path, _ = geodesic_path((32.0, 52.0), (30.0, 55.0), min_points=16)  # inside Iran
    assert crossed_countries(path, gaz) == ("IR",)


# -- the one flip ---------------------------------------------------------------------------------
def test_no_other_module_builds_shapely_points_or_flips_latitudes_itself():
    package = Path(geomap.__file__).parent
    flips = re.compile(r"\bPoint\(\s*\w*\.?lon|\(\s*\w+\.y\s*,\s*\w+\.x\s*\)|\[round\(\w+\.y\b")
    offenders = [f"{path.name}:{n}" for path in sorted(package.rglob("*.py")) if path.name != "geometry.py"
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if flips.search(line)]
    assert offenders == []


def test_the_examples_in_the_docstrings_hold():
    import doctest

    result = doctest.testmod(geometry)
    assert result.attempted > 10 and result.failed == 0
