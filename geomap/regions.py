"""The honest shape of an area an event is known only to: a polygon, or a circle when none exists.

The gazetteer keeps a bounding box for curated regions ("the Middle East", "Crimea", "Golan
Heights"). A box drawn on a map claims corners nobody meant, so the map never draws one:

* a region listed in ``geomap/data/region_members.tsv`` is the union of its members' polygons
  (countries by ISO code, first-level divisions by gazetteer id: Crimea is the admin-1 shapes of
  the Autonomous Republic and Sevastopol);
* any other place with a polygon is that polygon;
* a place whose only extent is a box becomes a circle around its point with the area of the box
  (:class:`AreaShape` ``kind="circle"``), drawn dashed: "about here, about this big".

>>> from geomap.gazetteer import default_gazetteer               # doctest: +SKIP
>>> area_shape(default_gazetteer().get("cur:golan-heights"), default_gazetteer()).kind  # doctest: +SKIP
'circle'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .model import Place

__all__ = ["AreaShape", "area_shape", "box_radius_km", "is_box", "region_members"]

_KM_PER_DEGREE = 111.32


@dataclass(frozen=True, slots=True)
class AreaShape:
    """How to draw an area: ``kind`` is ``"polygon"`` (``geometry``, shapely lon/lat) or ``"circle"``
    (``center`` as (lat, lon) and ``radius_km``; ``geometry`` is then the box it stands for)."""

    kind: str
    geometry: object
    center: tuple[float, float] | None = None
    radius_km: float | None = None


@lru_cache(maxsize=1)
def region_members() -> dict[str, tuple[str, ...]]:
    """Region id → its members (ISO country codes or gazetteer ids), from ``data/region_members.tsv``."""
    text = (resources.files("geomap") / "data" / "region_members.tsv").read_text(encoding="utf-8")
    out = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        region, sep, members = line.partition("\t")
        if not sep or not members.strip():
            raise ValueError(f"geomap/data/region_members.tsv line {number}: expected 'region<TAB>members'")
        out[region.strip()] = tuple(m.strip() for m in members.split("|") if m.strip())
    return out


def area_shape(place: Place | None, gazetteer) -> AreaShape | None:
    """The :class:`AreaShape` of ``place``, or ``None`` when the gazetteer has no extent for it."""
    if place is None:
        return None
    return _cached(gazetteer, place.id)


@lru_cache(maxsize=2048)
def _cached(gazetteer, place_id: str) -> AreaShape | None:
    place = gazetteer.get(place_id)
    if place is None:
        return None
    members = region_members().get(place_id)
    if members:
        union = _union(gazetteer, members)
        if union is not None:
            return AreaShape("polygon", union)
    shape = gazetteer.shape(place)
    if shape is None or shape.is_empty:
        return None
    if is_box(shape):
        return AreaShape("circle", shape, (place.lat, place.lon), box_radius_km(shape))
    return AreaShape("polygon", shape)


def _union(gazetteer, members: tuple[str, ...]):
    import shapely

    shapes = []
    for member in members:
        place = gazetteer.country(member) if len(member) == 2 and member.isupper() else gazetteer.get(member)
        shape = gazetteer.shape(place) if place is not None else None
        if shape is not None and not shape.is_empty and not is_box(shape):
            shapes.append(shape)
    if not shapes:
        return None
    return shapely.union_all(shapes).buffer(0)


def is_box(shape) -> bool:
    """Whether ``shape`` is a bare axis-aligned rectangle (a bounding box standing in for a place)."""
    return shape.geom_type == "Polygon" and len(shape.exterior.coords) <= 5 and \
        abs(shape.area - shape.envelope.area) < 1e-9


def box_radius_km(shape) -> float:
    """The radius of the circle with the area of ``shape``'s bounding box, in km."""
    west, south, east, north = shape.bounds
    mid = math.radians((south + north) / 2)
    area = (east - west) * _KM_PER_DEGREE * math.cos(mid) * (north - south) * _KM_PER_DEGREE
    return math.sqrt(max(area, 0.0) / math.pi)
