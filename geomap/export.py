"""Events and trajectories out: GeoJSON, GeoPackage, CSV and JSON Lines.

Every format is made from one list of features built by :func:`features`, where our ``(lat, lon)``
pairs become ``(lon, lat)`` shapely geometries (through :mod:`geomap.geometry`'s one flip):

- ``kind="event"``: a Point at the event's representative location;
- ``kind="trajectory"``: a LineString along the geodesic path, first coordinate the launch site,
  last the target (a MultiLineString, cut at ±180°, if the path crosses the antimeridian, as
  RFC 7946 §3.1.9 asks);
- ``kind="area"`` (only when a gazetteer is given): the Polygon of the province, region, country
  or sea an event is located in at that precision, one per place, listing its events.

:func:`to_geodataframe` turns them into one ``GeoDataFrame(crs="EPSG:4326")`` with a ``kind``
column; :func:`to_geojson` into an RFC 7946 FeatureCollection; :func:`write` picks the format
from the file's extension and writes atomically. Output is deterministic: the same events give
byte-identical files (features sorted by kind and id, coordinates rounded to 6 decimals, no
timestamps).

Feature properties (GeoJSON, JSON Lines; GeoPackage stores lists as JSON text)::

    id, kind, category, event_type, sub_event_type, actor, target, weapon, count, counts,
    fatalities, civilian_fatalities, date (ISO 8601 or null), date_text, location_name, precision,
    claimed_by, claim_status, confidence (0-1, see geomap.extraction.events), documents (list of ids), quotes (list of {document, sentence, start,
    end}), corroboration (number of documents)

trajectories add ``launch_name, launch_precision, target_name, target_precision, distance_km,
reported_distance_km, distance_difference_km, crosses, stated_crossings, status``; areas carry
``id, kind, place_id, location_name, precision, events, documents``.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import RenderError
from .files import shared_mode
from .geometry import shapely_point, split_antimeridian, to_lonlat_path
from .links import fallback_date, source_records
from .model import Event, Trajectory

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "Feature",
    "dumps",
    "features",
    "format_for",
    "spreadsheet_safe",
    "to_geodataframe",
    "to_geojson",
    "write",
]

log = logging.getLogger(__name__)

#: Output formats by file extension.
FORMATS = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".csv": "csv", ".jsonl": "jsonl"}

#: Columns of the CSV export: ACLED's names first, ours after.
CSV_COLUMNS = (
    "event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "country", "location",
    "latitude", "longitude", "geo_precision", "fatalities", "notes", "source",
    "kind", "category", "target", "weapon", "count", "counts", "civilian_fatalities", "date_text",
    "precision", "claimed_by", "claim_status", "confidence", "corroboration", "launch_name", "launch_latitude",
    "launch_longitude", "target_name", "distance_km", "reported_distance_km", "crosses",
    "stated_crossings", "status", "date_is_publication", "source_url", "source_title", "published",
)

# ACLED geo_precision: 1 the named town, 2 near it or within its district, 3 a larger region.
_GEO_PRECISION = {"point": 1, "near": 2, "district": 2, "province": 3, "region": 3, "country": 3, "sea": 3}

# Precisions at which an event stands for an extent, drawn as an area when its shape is known.
_AREA_PRECISIONS = ("district", "province", "region", "country", "sea")

# A trajectory's ACLED types when its category is not in the events taxonomy.
_DEFAULT_TRAJECTORY_TYPE = ("Explosions/Remote violence", "Shelling/artillery/missile attack")

_KIND_ORDER = {"event": 0, "trajectory": 1, "area": 2}
_DIGITS = 6  # ~0.1 m: more would only make the files noisy


@dataclass(frozen=True, slots=True)
class Feature:
    """One output feature: its properties (JSON values) and a shapely geometry in lon/lat."""

    properties: dict[str, Any]
    geometry: Any
    country: str | None = None  # ISO code of the place, for the CSV's ACLED ``country`` column

    @property
    def kind(self) -> str:
        return self.properties["kind"]

    def to_geojson(self) -> dict[str, Any]:
        """The RFC 7946 Feature dict, with the feature id also as the member ``id``."""
        return {"type": "Feature", "id": self.properties["id"], "geometry": _geometry_json(self.geometry),
                "properties": self.properties}


# -- features: where (lat, lon) becomes (lon, lat), through geomap.geometry -----------------
def features(events: Iterable[Event], trajectories: Iterable[Trajectory], *,
             gazetteer=None) -> list[Feature]:
    """Every event, trajectory and (with a ``gazetteer``) area as a :class:`Feature`, sorted.

    Areas are the shapes (``gazetteer.shape(place)``) of the places that events at district,
    province, region, country or sea precision stand for; places without a shape get none.
    """
    events = sorted(events, key=_sort_key)
    trajectories = sorted(trajectories, key=_sort_key)
    out = [Feature(_event_properties(ev), _point(ev.lat, ev.lon), ev.place and ev.place.country)
           for ev in events]
    out += [Feature(_trajectory_properties(tr), _line(_path_of(tr)), tr.target_place and tr.target_place.country)
            for tr in trajectories]
    if gazetteer is not None:
        out += _areas(events, gazetteer)
    return _unique_ids(out)


def _sort_key(item: Event | Trajectory) -> tuple:
    # Ids come first; the rest only orders items that share an id, so output never depends on input order.
    if isinstance(item, Trajectory):
        where = (item.launch_name, item.target_name, item.launch_lat, item.launch_lon, item.target_lat, item.target_lon)
    else:
        where = (item.location_name, "", item.lat, item.lon, 0.0, 0.0)
    return (item.id, item.category, *where, tuple((s.document, s.start, s.end) for s in item.sources))


def _unique_ids(feats: list[Feature]) -> list[Feature]:
    """GeoJSON feature ids must be unique: a repeated id gets ``-2``, ``-3`` ... in sorted order."""
    seen: dict[str, int] = {}
    out = []
    for f in feats:
        fid = f.properties["id"]
        seen[fid] = seen.get(fid, 0) + 1
        if seen[fid] > 1:
            log.debug("feature id %r repeats; writing it as %r", fid, f"{fid}-{seen[fid]}")
            f = Feature({**f.properties, "id": f"{fid}-{seen[fid]}"}, f.geometry, f.country)
        out.append(f)
    return out


def _point(lat: float, lon: float):
    return shapely_point((round(lat, _DIGITS), round(lon, _DIGITS)))


def _line(path: Sequence[tuple[float, float]]):
    from shapely.geometry import LineString, MultiLineString

    coords = [(round(lon, _DIGITS), round(lat, _DIGITS)) for lon, lat in to_lonlat_path(path)]
    parts = split_antimeridian(coords, digits=_DIGITS)
    return LineString(parts[0]) if len(parts) == 1 else MultiLineString(parts)


def _path_of(tr: Trajectory) -> list[tuple[float, float]]:
    """The drawn path: the geodesic points, pinned to the launch site and the target."""
    launch, target = (tr.launch_lat, tr.launch_lon), (tr.target_lat, tr.target_lon)
    inner = [tuple(p) for p in tr.path]
    if inner and _close(inner[0], launch):
        inner = inner[1:]
    if inner and _close(inner[-1], target):
        inner = inner[:-1]
    return [launch, *inner, target]


def _close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) < 1e-9 and abs(a[1] - b[1]) < 1e-9


def _geometry_json(geom) -> dict[str, Any]:
    from shapely.geometry import mapping

    return json.loads(json.dumps(mapping(geom)))  # tuples to lists, as in any parsed GeoJSON


def _num(value: float | None, digits: int = 1) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)


def _quotes(item: Event | Trajectory) -> list[dict[str, Any]]:
    return [{"document": s.document, "sentence": s.sentence, "start": s.start, "end": s.end}
            for s in item.sources]


def _common(item: Event | Trajectory) -> dict[str, Any]:
    documents = list(item.documents)
    corroboration = getattr(item, "corroboration", None)
    date, from_publication = fallback_date(item)
    return {
        "weapon": item.weapon,
        "count": item.count,
        "counts": list(item.counts),
        "date": date.isoformat() if date else None,
        "date_is_publication": from_publication,
        "date_text": item.date_text,
        "claimed_by": item.claimed_by,
        "claim_status": item.claim_status,
        "confidence": item.confidence,
        "documents": documents,
        "quotes": _quotes(item),
        "sources": source_records(item),
        "corroboration": corroboration if corroboration is not None else len(documents),
    }


def _event_properties(ev: Event) -> dict[str, Any]:
    common = _common(ev)
    return {
        "id": ev.id, "kind": "event", "category": ev.category,
        "event_type": ev.event_type, "sub_event_type": ev.sub_event_type,
        "actor": ev.actor, "target": ev.target, "weapon": common.pop("weapon"),
        "count": common.pop("count"), "counts": common.pop("counts"),
        "fatalities": ev.fatalities, "civilian_fatalities": ev.civilian_fatalities,
        "date": common.pop("date"), "date_text": common.pop("date_text"),
        "location_name": ev.location_name, "precision": ev.precision,
        **common,
    }


def _trajectory_properties(tr: Trajectory) -> dict[str, Any]:
    common = _common(tr)
    from .extraction.events import TAXONOMY  # a Trajectory carries no ACLED types: the events' taxonomy names them

    default_types = TAXONOMY.get(tr.category, _DEFAULT_TRAJECTORY_TYPE)
    reported = _num(tr.reported_distance_km)
    distance = _num(tr.distance_km)
    return {
        "id": tr.id, "kind": "trajectory", "category": tr.category,
        "event_type": getattr(tr, "event_type", None) or default_types[0],
        "sub_event_type": getattr(tr, "sub_event_type", None) or default_types[1],
        "actor": tr.actor, "target": getattr(tr, "target", None) or tr.target_name,
        "weapon": common.pop("weapon"), "count": common.pop("count"), "counts": common.pop("counts"),
        "fatalities": getattr(tr, "fatalities", None),
        "civilian_fatalities": getattr(tr, "civilian_fatalities", None),
        "date": common.pop("date"), "date_text": common.pop("date_text"),
        "location_name": tr.target_name, "precision": tr.target_precision,
        **common,
        "launch_name": tr.launch_name, "launch_precision": tr.launch_precision,
        "target_name": tr.target_name, "target_precision": tr.target_precision,
        "distance_km": distance, "reported_distance_km": reported,
        "distance_difference_km": _num(distance - reported) if distance is not None and reported is not None
        else None,
        "crosses": list(tr.crosses), "stated_crossings": list(tr.stated_crossings),
        "status": tr.status,
    }


def _areas(events: list[Event], gazetteer) -> list[Feature]:
    by_place: dict[str, tuple[Any, list[Event]]] = {}
    for ev in events:
        if ev.place is not None and ev.place.has_shape and ev.precision in _AREA_PRECISIONS:
            by_place.setdefault(ev.place.id, (ev.place, []))[1].append(ev)
    out = []
    for place_id in sorted(by_place):
        place, evs = by_place[place_id]
        shape = gazetteer.shape(place)
        if shape is None or shape.is_empty:
            log.debug("no shape for %s; its area is not drawn", place)
            continue
        from shapely import set_precision

        props = {
            "id": f"area:{place_id}", "kind": "area", "place_id": place_id, "location_name": place.name,
            "precision": evs[0].precision, "events": [ev.id for ev in evs],
            "documents": sorted({d for ev in evs for d in ev.documents}),
        }
        out.append(Feature(props, set_precision(shape, 10 ** -_DIGITS)))
    return out


# -- GeoDataFrame ---------------------------------------------------------------------------
_INT_COLUMNS = ("count", "fatalities", "civilian_fatalities", "corroboration")
_FLOAT_COLUMNS = ("confidence", "distance_km", "reported_distance_km", "distance_difference_km")


def to_geodataframe(events: Iterable[Event], trajectories: Iterable[Trajectory], *, gazetteer=None):
    """One ``GeoDataFrame(crs="EPSG:4326")``: a row per feature, a ``kind`` column to tell them apart.

    List properties (documents, quotes, counts, crosses) stay Python lists; integer columns use
    pandas' nullable ``Int64`` so a missing count is ``<NA>``, never ``0`` or ``NaN``.

    >>> frame = to_geodataframe(events, trajectories)          # doctest: +SKIP
    >>> frame[frame.kind == "event"].plot()                     # doctest: +SKIP
    """
    return _frame(features(events, trajectories, gazetteer=gazetteer))


def _frame(feats: list[Feature]):
    import geopandas as gpd
    import pandas as pd

    columns: dict[str, None] = {}
    for f in feats:
        columns.update(dict.fromkeys(f.properties))
    data = {name: pd.Series([f.properties.get(name) for f in feats], dtype=object) for name in columns}
    for name in _INT_COLUMNS:
        if name in data:
            data[name] = data[name].astype("Int64")
    for name in _FLOAT_COLUMNS:
        if name in data:
            data[name] = data[name].astype("Float64")
    return gpd.GeoDataFrame(data, geometry=[f.geometry for f in feats], crs="EPSG:4326")


# -- serialisations -------------------------------------------------------------------------
def to_geojson(events: Iterable[Event], trajectories: Iterable[Trajectory], *, gazetteer=None) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection of the events (Points) and trajectories (LineStrings).

    With a ``gazetteer``, areas (Polygons of region-level events) are added after them.
    An empty input gives ``{"type": "FeatureCollection", "features": []}``.
    """
    return {"type": "FeatureCollection",
            "features": [f.to_geojson() for f in features(events, trajectories, gazetteer=gazetteer)]}


def dumps(events: Iterable[Event], trajectories: Iterable[Trajectory], *, format: str = "geojson",
          gazetteer=None) -> str:
    """The text of a ``"geojson"``, ``"jsonl"`` (one Feature per line) or ``"csv"`` export."""
    feats = features(events, trajectories, gazetteer=gazetteer)
    if format == "geojson":
        collection = {"type": "FeatureCollection", "features": [f.to_geojson() for f in feats]}
        return _json(collection) + "\n"
    if format == "jsonl":
        return "".join(_json(f.to_geojson()) + "\n" for f in feats)
    if format == "csv":
        return _csv(feats)
    raise RenderError(f"cannot write format {format!r} as text: expected 'geojson', 'jsonl' or 'csv' "
                      "('gpkg' is binary: use write() with a .gpkg path)")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _csv(feats: list[Feature]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for f in feats:
        if f.kind != "area":
            writer.writerow({name: _cell(value) for name, value in _csv_row(f).items()})
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    value = spreadsheet_safe(value)
    if isinstance(value, str) and "\r" in value:
        # csv quotes a cell holding "\n" but not one holding a bare "\r", which readers take for a row end
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


# A cell starting with one of these is read as a formula by Excel, LibreOffice and Google Sheets
# (OWASP, "CSV Injection"): article text, ids, file names and place names are untrusted.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell value a spreadsheet shows as text: a string starting with ``=``, ``+``, ``-``, ``@``,
    tab or carriage return gets a leading ``'`` (OWASP's rule); numbers and other strings are unchanged.

    >>> spreadsheet_safe("=1+1"), spreadsheet_safe(-3.5), spreadsheet_safe("Hama")
    ("'=1+1", -3.5, 'Hama')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _csv_row(f: Feature) -> dict[str, Any]:
    p = f.properties
    trajectory = p["kind"] == "trajectory"
    # Events sit at their point; a trajectory is filed at its target, its launch site beside it.
    lon, lat = (f.geometry.coords[0] if not trajectory else _last_coord(f.geometry))
    launch = _first_coord(f.geometry) if trajectory else (None, None)
    country = f.country or ""
    joined = lambda values: "; ".join(map(str, values))  # noqa: E731
    return {
        "event_id_cnty": p["id"], "event_date": p["date"] or "", "event_type": p["event_type"],
        "sub_event_type": p["sub_event_type"], "actor1": p["actor"] or "", "country": country,
        "location": p["location_name"], "latitude": lat, "longitude": lon,
        "geo_precision": _GEO_PRECISION.get(p["precision"], ""),
        "fatalities": _blank(p["fatalities"]),
        "notes": " | ".join(q["sentence"] for q in p["quotes"]),
        "source": joined(p["documents"]),
        "kind": p["kind"], "category": p["category"], "target": p["target"] or "",
        "weapon": p["weapon"] or "", "count": _blank(p["count"]), "counts": joined(p["counts"]),
        "civilian_fatalities": _blank(p["civilian_fatalities"]), "date_text": p["date_text"] or "",
        "precision": p["precision"], "claimed_by": p["claimed_by"] or "", "claim_status": p["claim_status"],
        "corroboration": p["corroboration"],
        "launch_name": p.get("launch_name", ""), "launch_latitude": _blank(launch[1]),
        "launch_longitude": _blank(launch[0]), "target_name": p.get("target_name", ""),
        "distance_km": _blank(p.get("distance_km")), "reported_distance_km": _blank(p.get("reported_distance_km")),
        "crosses": joined(p.get("crosses", ())), "stated_crossings": joined(p.get("stated_crossings", ())),
        "status": p.get("status", ""),
        "date_is_publication": "yes" if p.get("date_is_publication") else "",
        "source_url": joined(s["url"] or "" for s in p.get("sources", ())),
        "source_title": joined(s["title"] or "" for s in p.get("sources", ())),
        "published": joined(s["published"] or "" for s in p.get("sources", ())),
    }


def _first_coord(geom) -> tuple[float, float]:
    return (geom.geoms[0] if hasattr(geom, "geoms") else geom).coords[0]


def _last_coord(geom) -> tuple[float, float]:
    return (geom.geoms[-1] if hasattr(geom, "geoms") else geom).coords[-1]


def _blank(value: Any) -> Any:
    return "" if value is None else value


# -- files ------------------------------------------------------------------------------------
def format_for(path: str | os.PathLike) -> str:
    """The export format named by ``path``'s extension; raises :class:`RenderError` if unknown."""
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        raise RenderError(
            f"cannot tell the export format of {str(path)!r} from its extension {suffix!r}: expected one of "
            f"{', '.join(FORMATS)}; rename the file or pass format='geojson'|'gpkg'|'csv'|'jsonl'") from None


def write(events: Iterable[Event], trajectories: Iterable[Trajectory], path: str | os.PathLike, *,
          format: str | None = None, gazetteer=None) -> Path:
    """Write the events and trajectories to ``path``; the format follows from the extension.

    ``.geojson``/``.json``: a FeatureCollection; ``.gpkg``: a GeoPackage with layers ``events``,
    ``trajectories`` and, with a ``gazetteer``, ``areas``; ``.csv``: ACLED-style columns
    (:data:`CSV_COLUMNS`); ``.jsonl``: one GeoJSON Feature per line. The file is written to a
    temporary name in the same folder and renamed into place, so a failure leaves no partial file.
    Returns the path written. Raises :class:`RenderError` when it cannot be written.
    """
    path = Path(path)
    format = format or format_for(path)
    if format not in set(FORMATS.values()):
        raise RenderError(f"unknown export format {format!r}: expected 'geojson', 'gpkg', 'csv' or 'jsonl'")
    folder = path.parent
    if not folder.is_dir():
        raise RenderError(f"cannot write {str(path)!r}: folder {str(folder)!r} does not exist; create it first")
    try:
        if format == "gpkg":
            _write_gpkg(features(events, trajectories, gazetteer=gazetteer), path)
        else:
            _write_text(dumps(events, trajectories, format=format, gazetteer=gazetteer), path)
    except RenderError:
        raise
    except OSError as err:
        raise RenderError(f"cannot write {str(path)!r}: {err}") from err
    log.info("wrote %s (%s)", path, format)
    return path


def _write_text(text: str, path: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, shared_mode())  # mkstemp makes it private (0600); an export is for sharing
        os.replace(tmp, path)
    except BaseException:
        _unlink(tmp)
        raise


# GDAL stamps each layer's gpkg_contents.last_change with the clock; a fixed stamp makes the same
# events give a byte-identical GeoPackage (OGR_CURRENT_DATE, GDAL >= 3.2).
_GPKG_TIMESTAMP = "1970-01-01T00:00:00.000Z"


def _write_gpkg(feats: list[Feature], path: Path) -> None:
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    # GDAL wants to create the file itself, so it goes into a private folder beside the target.
    tmp_dir = tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.")
    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _GPKG_TIMESTAMP})
    try:
        tmp = Path(tmp_dir) / path.name
        layers = (("events", "event", "Point"), ("trajectories", "trajectory", "LineString"),
                  ("areas", "area", "MultiPolygon"))
        for layer, kind, geometry_type in layers:
            chosen = [f for f in feats if f.kind == kind]
            if kind == "area" and not chosen:
                continue
            frame = _frame(chosen) if chosen else _empty_frame()
            for name in frame.columns:
                if name != "geometry" and frame[name].dtype == object:
                    frame[name] = frame[name].map(_gpkg_value)
            if kind == "area":
                from shapely.geometry import MultiPolygon

                frame = frame.set_geometry([g if g.geom_type == "MultiPolygon" else MultiPolygon([g])
                                            for g in frame.geometry], crs="EPSG:4326")
            elif kind == "trajectory":
                geometry_type = "Unknown" if any(f.geometry.geom_type != "LineString" for f in chosen) \
                    else geometry_type
            pyogrio.write_dataframe(frame, tmp, layer=layer, driver="GPKG", geometry_type=geometry_type)
        os.chmod(tmp, shared_mode())
        os.replace(tmp, path)
    except (DataSourceError, DataLayerError) as err:
        # GDAL words a full disk as whatever SQLite statement failed first: say what it most likely is
        said = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise RenderError(f"cannot write {str(path)!r}: {_disk_hint(path.parent)}GDAL said: "
                          f"{said[:160]}{'...' if len(said) > 160 else ''}") from err
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})
        shutil.rmtree(tmp_dir, ignore_errors=True)


def _disk_hint(folder: Path) -> str:
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return ""
    if free < 1 << 20:
        return f"the disk is full ({free // 1024} kB free in {str(folder)!r}); free some space and try again; "
    if not os.access(folder, os.W_OK):
        return f"the folder {str(folder)!r} is not writable; "
    return "is the disk full, or a file size limit reached? "


def _empty_frame():
    import geopandas as gpd

    return gpd.GeoDataFrame({"id": [], "kind": []}, geometry=[], crs="EPSG:4326")


def _gpkg_value(value: Any) -> Any:
    """GeoPackage columns hold scalars: lists and dicts become JSON text."""
    if isinstance(value, (list, dict)):
        return _json(value)
    return value



def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
