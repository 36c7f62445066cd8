"""Geometry on the WGS84 ellipsoid: distances, geodesics, offsets, crossings, and the coordinate flip.

Every distance, great circle, offset and country crossing that geomap computes is here, and so is
the one place where our ``(lat, lon)`` pairs become the ``(lon, lat)`` order of shapely and GeoJSON
(:func:`to_lonlat`, :func:`to_lonlat_path`, :func:`shapely_point`) and back (:func:`to_latlon`).
Everything else in the package speaks ``(lat, lon)``, as geopy does; shapely, pyproj and GeoJSON
speak x before y, i.e. ``(lon, lat)``, and mixing the two silently puts Tehran in the Indian Ocean.

Points are ``(lat, lon)`` tuples in degrees. Longitudes come back in [-180, 180]; a path over the
antimeridian jumps from 180 to -180 between two points (:func:`split_antimeridian` cuts it there,
``to_lonlat_path(..., unwrap=True)`` makes it continuous for a web map).

Distances
    :func:`distance_km` is the geodesic on the WGS84 ellipsoid (pyproj, accurate to millimetres);
    :func:`great_circle_km` the haversine on a sphere of mean radius, cheap enough for the many
    comparisons of merging and reverse geocoding (within 0.5% of the geodesic).
Places
    :func:`representative_point` is where a place with a polygon is drawn, :func:`part_point`
    a point in a part of it ("western Iran"), :func:`sea_point_toward` where in a sea a launch
    at a target starts.
Crossings
    :func:`crossed_countries` lists the countries a path flies over, against simplified and
    prepared country polygons made once per gazetteer and country, with an LRU cache of paths.

Heavy libraries (pyproj, shapely, geopy) are imported on first use.
"""

from __future__ import annotations

import logging
import math
import weakref
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import GazetteerError

if TYPE_CHECKING:
    from .model import Place

__all__ = [
    "EARTH_RADIUS_KM",
    "clear_crossing_cache",
    "crossed_countries",
    "distance_km",
    "geodesic_path",
    "great_circle_km",
    "great_circle_km_array",
    "offset_point",
    "part_point",
    "prepare_crossings",
    "representative_point",
    "sea_point_toward",
    "shapely_point",
    "split_antimeridian",
    "to_latlon",
    "to_lonlat",
    "to_lonlat_path",
    "wrap_lon",
]

log = logging.getLogger(__name__)

#: Mean radius of the Earth in km (IUGG), for :func:`great_circle_km`.
EARTH_RADIUS_KM = 6371.0088

#: Tolerance (degrees, about 1 km) of the simplified country polygons the crossings are tested against.
CROSSING_TOLERANCE_DEG = 0.01
#: Paths remembered per gazetteer by :func:`crossed_countries`.
_CROSSING_CACHE_SIZE = 8192
#: Decimals of the path coordinates that key the crossing cache (about 10 m).
_CROSSING_KEY_DIGITS = 4

#: How far inside a sea a launch from it is drawn, in degrees (about 100 km, then 50, then 20).
OFFSHORE_DEGREES = (1.0, 0.5, 0.2)
#: A launch from a sea is drawn from its usual point unless the part facing the target lies farther away.
SEA_SHIFT_KM = 500.0

#: Features whose polygon, when they have one, decides where they are drawn.
_AREA_FEATURES = ("sea", "country", "admin1", "region", "area")


# -- the flip: (lat, lon) <-> (lon, lat) -----------------------------------------------------
def to_lonlat(point: Sequence[float]) -> tuple[float, float]:
    """``(lat, lon)`` to the ``(lon, lat)`` (x, y) order of shapely and GeoJSON.

    >>> to_lonlat((35.69, 51.39))
    (51.39, 35.69)
    """
    lat, lon = point
    return lon, lat


def to_lonlat_path(path: Sequence[Sequence[float]], *, unwrap: bool = False) -> list[tuple[float, float]]:
    """A path of ``(lat, lon)`` points as ``(lon, lat)`` pairs.

    With ``unwrap=True`` the longitudes are made continuous across the antimeridian (179 then 181,
    not 179 then -179), which is what a web map needs to draw the short way round.

    >>> to_lonlat_path([(64.7, 177.5), (65.0, -179.0)])
    [(177.5, 64.7), (-179.0, 65.0)]
    >>> to_lonlat_path([(64.7, 177.5), (65.0, -179.0)], unwrap=True)
    [(177.5, 64.7), (181.0, 65.0)]
    """
    out: list[tuple[float, float]] = []
    previous = None
    for lat, lon in path:
        if unwrap and previous is not None:
            lon += 360.0 * round((previous - lon) / 360.0)
        out.append((lon, lat))
        previous = lon
    return out


def to_latlon(xy) -> tuple[float, float]:
    """A shapely point, or a ``(lon, lat)`` pair, back to ``(lat, lon)``.

    >>> to_latlon((51.39, 35.69))
    (35.69, 51.39)
    >>> from shapely import Point
    >>> to_latlon(Point(51.39, 35.69))
    (35.69, 51.39)
    """
    if hasattr(xy, "x") and hasattr(xy, "y"):
        return xy.y, xy.x
    lon, lat = xy
    return lat, lon


def shapely_point(point: Sequence[float]):
    """The shapely ``Point`` of a ``(lat, lon)`` pair.

    >>> shapely_point((35.69, 51.39)).wkt
    'POINT (51.39 35.69)'
    """
    from shapely import Point

    return Point(*to_lonlat(point))


def wrap_lon(lon: float) -> float:
    """``lon`` brought into [-180, 180].

    >>> wrap_lon(190.0), wrap_lon(-180.0), wrap_lon(540.0)
    (-170.0, -180.0, -180.0)
    """
    return lon if -180.0 <= lon <= 180.0 else ((lon + 180.0) % 360.0) - 180.0


def split_antimeridian(coords: Sequence[tuple[float, float]], *,
                       digits: int | None = None) -> list[list[tuple[float, float]]]:
    """Cut a ``(lon, lat)`` line where it jumps across ±180°, the latitude of the cut interpolated
    (and rounded to ``digits`` when given). One part when it does not cross.

    >>> split_antimeridian([(170.0, 60.0), (-170.0, 62.0)])
    [[(170.0, 60.0), (180.0, 61.0)], [(-180.0, 61.0), (-170.0, 62.0)]]
    >>> split_antimeridian([(30.5, 50.4), (37.6, 55.8)])
    [[(30.5, 50.4), (37.6, 55.8)]]
    """
    if not coords:
        return []
    parts = [[tuple(coords[0])]]
    for (lon0, lat0), (lon1, lat1) in zip(coords, coords[1:]):
        if abs(lon1 - lon0) > 180:
            edge = 180.0 if lon0 > 0 else -180.0
            span = 360.0 - abs(lon1 - lon0)  # the short way round
            frac = abs(edge - lon0) / span if span else 0.0
            lat = lat0 + (lat1 - lat0) * frac
            if digits is not None:
                lat = round(lat, digits)
            parts[-1].append((edge, lat))
            parts.append([(-edge, lat)])
        parts[-1].append((lon1, lat1))
    return parts


# -- distances, geodesics, offsets -----------------------------------------------------------
@lru_cache(maxsize=1)
def _geod():
    from pyproj import Geod

    return Geod(ellps="WGS84")


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The geodesic distance in km between two ``(lat, lon)`` points on the WGS84 ellipsoid.

    >>> round(distance_km((35.69, 51.39), (32.08, 34.78)))
    1586
    >>> distance_km((10.0, 20.0), (10.0, 20.0))
    0.0
    """
    (lat1, lon1), (lat2, lon2) = a, b
    return abs(_geod().inv(lon1, lat1, lon2, lat2)[2]) / 1000.0


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The haversine distance in km between two ``(lat, lon)`` points on a sphere of
    :data:`EARTH_RADIUS_KM`: several times cheaper than :func:`distance_km`, within 0.5% of it.

    >>> round(great_circle_km((35.69, 51.39), (32.08, 34.78)))
    1583
    """
    (lat1, lon1), (lat2, lon2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def great_circle_km_array(point: tuple[float, float], lats, lons):
    """:func:`great_circle_km` from one ``(lat, lon)`` point to arrays of latitudes and longitudes
    (degrees, numpy arrays); a numpy array of km.

    >>> import numpy as np
    >>> great_circle_km_array((0.0, 0.0), np.array([0.0, 0.0]), np.array([0.0, 1.0])).round(1).tolist()
    [0.0, 111.2]
    """
    import numpy as np

    lat1, lon1 = math.radians(point[0]), math.radians(point[1])
    lats, lons = np.radians(lats), np.radians(lons)
    h = np.sin((lats - lat1) / 2) ** 2 + math.cos(lat1) * np.cos(lats) * np.sin((lons - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


def geodesic_path(start: tuple[float, float], end: tuple[float, float], *, spacing_km: float = 75.0,
                  min_points: int = 2) -> tuple[tuple[tuple[float, float], ...], float]:
    """The great-circle path from ``start`` to ``end`` (both ``(lat, lon)``) and its length in km.

    One point about every ``spacing_km`` and never fewer than ``min_points``; the first and last
    points are ``start`` and ``end`` exactly, the others have longitudes in [-180, 180].

    >>> path, km = geodesic_path((41.9, 50.5), (35.0, 38.3), min_points=16)
    >>> len(path) >= 16, path[0] == (41.9, 50.5), path[-1] == (35.0, 38.3), round(km)
    (True, True, True, 1310)
    >>> geodesic_path((1.0, 2.0), (1.0, 2.0))
    (((1.0, 2.0), (1.0, 2.0)), 0.0)
    """
    geod = _geod()
    (lat1, lon1), (lat2, lon2) = start, end
    _, _, metres = geod.inv(lon1, lat1, lon2, lat2)
    km = metres / 1000.0
    n = max(min_points, 2, math.ceil(km / spacing_km) + 1)
    if n == 2:
        middle = []  # pyproj's npts refuses to give no points
    elif km > 0:
        middle = geod.npts(lon1, lat1, lon2, lat2, n - 2)
    else:
        middle = [(lon1, lat1)] * (n - 2)
    path = [start] + [(lat, wrap_lon(lon)) for lon, lat in middle] + [end]
    return tuple(path), km


def offset_point(point: tuple[float, float], km: float, bearing: float) -> tuple[float, float]:
    """The point ``km`` from ``point`` (``(lat, lon)``) on ``bearing`` degrees clockwise from north,
    on the WGS84 ellipsoid, rounded to 5 decimals (about a metre).

    >>> offset_point((0.0, 0.0), 111.32, 90.0)
    (0.0, 1.0)
    """
    from geopy.distance import geodesic

    moved = geodesic(kilometers=km).destination(point, bearing)
    return round(moved.latitude, 5), round(moved.longitude, 5)


# -- points of places ------------------------------------------------------------------------
def _shape_of(place: "Place", gazetteer):
    """The polygon of ``place``, or None when it has none or the shapes file is broken (logged)."""
    try:
        shape = gazetteer.shape(place) if place.has_shape else None
    except GazetteerError as err:  # a broken shapes file must not lose the event or the flight
        log.warning("no shape for %s: %s", place.id, err)
        return None
    return None if shape is None or shape.is_empty else shape


_REPRESENTATIVE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def representative_point(place: "Place", gazetteer) -> tuple[float, float]:
    """Where to draw ``place``, ``(lat, lon)``: its point, unless that lies outside its own
    polygon (a sea whose point is on the shore), then a point guaranteed inside the polygon.
    Cached per gazetteer and place."""
    if place.feature not in _AREA_FEATURES or not place.has_shape:
        return place.lat, place.lon
    cache = _REPRESENTATIVE.setdefault(gazetteer, {})
    if place.id not in cache:
        point = (place.lat, place.lon)
        shape = _shape_of(place, gazetteer)
        if shape is not None and not shape.contains(shapely_point(point)):
            point = to_latlon(shape.representative_point())
        cache[place.id] = point
    return cache[place.id]


#: The compass words :func:`part_point` takes (after lower-casing and dropping spaces and hyphens).
_DIRECTIONS = ("north", "south", "east", "west", "central", "northeast", "northwest", "southeast", "southwest")


def part_point(place: "Place", direction: str, gazetteer) -> tuple[float, float] | None:
    """A point inside one part of ``place``'s polygon, ``(lat, lon)``: the part is the third of its
    bounding box that ``direction`` names ("west", "northeast", "central", ...). None when the
    place has no polygon or that part of the box holds none of it.

    >>> from geomap.gazetteer import default_gazetteer
    >>> gaz = default_gazetteer()
    >>> iran = gaz.lookup("Iran")[0]
    >>> part_point(iran, "west", gaz)[1] < iran.lon
    True
    """
    direction = direction.lower().replace(" ", "").replace("-", "")
    if direction not in _DIRECTIONS:
        raise ValueError(f"direction {direction!r} is not one of {', '.join(_DIRECTIONS)}")
    if place.feature not in _AREA_FEATURES or not place.has_shape:
        return None
    shape = _shape_of(place, gazetteer)
    if shape is None:
        return None
    from shapely.geometry import box

    west, south, east, north = shape.bounds  # shapely bounds are (lon, lat)
    dx, dy = (east - west) / 3, (north - south) / 3
    x0, x1, y0, y1 = west, east, south, north
    if direction == "central":
        x0, x1, y0, y1 = west + dx, east - dx, south + dy, north - dy
    if direction.startswith("north"):
        y0 = north - dy
    if direction.startswith("south"):
        y1 = south + dy
    if direction.endswith("east"):
        x0 = east - dx
    if direction.endswith("west"):
        x1 = west + dx
    piece = shape.intersection(box(x0, y0, x1, y1))
    if piece.is_empty:
        return None
    return to_latlon(piece.representative_point())


_OFFSHORE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _offshore_water(sea: "Place", gazetteer):
    """The sea's polygon shrunk by the first inset of :data:`OFFSHORE_DEGREES` that leaves water
    (cached per gazetteer and sea); None without a usable polygon."""
    cache = _OFFSHORE.setdefault(gazetteer, {})
    if sea.id not in cache:
        water = None
        shape = _shape_of(sea, gazetteer)
        if shape is not None:
            water = next((w for w in (shape.buffer(-inset) for inset in OFFSHORE_DEGREES) if not w.is_empty), None)
        cache[sea.id] = water
    return cache[sea.id]


def sea_point_toward(sea: "Place", usual: tuple[float, float], target: tuple[float, float],
                     gazetteer) -> tuple[float, float]:
    """Where in ``sea`` a launch at ``target`` is drawn from (all ``(lat, lon)``): its ``usual``
    point, unless the water facing the target, about 100 km offshore (50 or 20 in a narrow sea),
    lies more than :data:`SEA_SHIFT_KM` from it, as in a long sea ("Kalibr missiles from the
    Mediterranean at Raqqa" start in its east, not off Sardinia)."""
    water = _offshore_water(sea, gazetteer)
    if water is None:
        return usual
    from shapely.ops import nearest_points

    lat, lon = to_latlon(nearest_points(water, shapely_point(target))[0])
    facing = (round(lat, 5), round(lon, 5))
    return facing if distance_km(usual, facing) > SEA_SHIFT_KM else usual


# -- crossings -------------------------------------------------------------------------------
class _CountryIndex:
    """The country polygons of one gazetteer in an STRtree, each simplified by ``tolerance`` and
    prepared the first time a path comes near it (a run that never leaves the Middle East does not
    pay for the Pacific); with an LRU cache of the crossings of paths."""

    def __init__(self, gazetteer, tolerance: float):
        import numpy as np
        import shapely

        codes, geoms = [], []
        for place, geom in gazetteer.shapes("country"):
            if geom is not None and not geom.is_empty:
                codes.append(place.country)
                geoms.append(geom)
        self.codes = codes
        self.tolerance = tolerance
        self.full = np.array(geoms, dtype=object)
        self.simple = np.full(len(geoms), None, dtype=object)
        self.tree = shapely.STRtree(self.full) if geoms else None
        self.crossings = lru_cache(maxsize=_CROSSING_CACHE_SIZE)(self._crossings)

    def _prepared(self, indexes):
        """The simplified, prepared polygons at ``indexes``, made on first use."""
        import numpy as np
        import shapely

        for i in np.unique(indexes).tolist():
            if self.simple[i] is None:
                full = self.full[i]
                simple = shapely.simplify(full, self.tolerance, preserve_topology=True) if self.tolerance else full
                simple = full if simple.is_empty else simple
                shapely.prepare(simple)
                self.simple[i] = simple
        return self.simple[indexes]

    def _crossings(self, key: bytes) -> tuple[str, ...]:
        import numpy as np
        import shapely

        path = [tuple(p) for p in np.frombuffer(key, dtype=float).reshape(-1, 2).tolist()]
        segments = shapely.linestrings(np.array(_segments(path), dtype=float))
        seg_idx, geom_idx = self.tree.query(segments)  # bounding boxes of the full polygons
        hit = shapely.intersects(self._prepared(geom_idx), segments[seg_idx])
        return _in_flight_order(seg_idx[hit].tolist(), geom_idx[hit].tolist(), self.codes)


def _segments(path: Sequence[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Consecutive ``(lat, lon)`` points as two-point ``(lon, lat)`` segments, a segment over the
    antimeridian cut in two at ±180."""
    out = []
    for a, b in zip(path, path[1:]):
        parts = split_antimeridian([to_lonlat(a), to_lonlat(b)])
        out.extend(part for part in parts if len(part) == 2)
    return out


def _in_flight_order(seg_idx: list[int], geom_idx: list[int], codes: list[str]) -> tuple[str, ...]:
    """Country codes ordered by the first segment that touches each polygon (ties: query order)."""
    first: dict[int, int] = {}
    for s, g in zip(seg_idx, geom_idx):
        first[g] = min(first.get(g, s), s)
    out: list[str] = []
    for g in sorted(first, key=first.get):
        code = codes[g]
        if code and code not in out:
            out.append(code)
    return tuple(out)


_COUNTRY_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _country_index(gazetteer, tolerance: float = CROSSING_TOLERANCE_DEG) -> _CountryIndex:
    per_gazetteer = _COUNTRY_INDEXES.setdefault(gazetteer, {})
    if tolerance not in per_gazetteer:
        per_gazetteer[tolerance] = _CountryIndex(gazetteer, tolerance)
    return per_gazetteer[tolerance]


def prepare_crossings(gazetteer) -> None:
    """Build now, rather than on the first :func:`crossed_countries` calls, the simplified and
    prepared polygons of every country of ``gazetteer`` (about 0.4 s on the bundled one), so that a
    worker process pays for them once, at start-up."""
    index = _country_index(gazetteer)
    if index.tree is not None:
        index._prepared(range(len(index.codes)))


def clear_crossing_cache() -> None:
    """Forget the crossings of the paths seen so far, for every gazetteer (the prepared polygons stay)."""
    for per_gazetteer in list(_COUNTRY_INDEXES.values()):
        for index in per_gazetteer.values():
            index.crossings.cache_clear()


def crossed_countries(path: Sequence[tuple[float, float]], gazetteer) -> tuple[str, ...]:
    """ISO codes of the countries whose polygons ``path`` (``(lat, lon)`` points) passes over,
    in flight order, the launch and target countries included; ``()`` for fewer than two points.

    The polygons are the gazetteer's, each simplified to about 1 km and prepared the first time a
    path comes near it; a path already seen (to about 10 m) is answered from a cache.

    >>> from geomap.gazetteer import default_gazetteer
    >>> path, _ = geodesic_path((35.69, 51.39), (32.08, 34.78), min_points=16)  # Tehran to Tel Aviv
    >>> crossed_countries(path, default_gazetteer())
    ('IR', 'IQ', 'JO', 'SY', 'PS', 'IL')
    """
    if len(path) < 2:
        return ()
    index = _country_index(gazetteer)
    if index.tree is None:
        return ()
    import numpy as np

    key = np.round(np.asarray(path, dtype=float).reshape(-1, 2), _CROSSING_KEY_DIGITS).tobytes()
    return index.crossings(key)
