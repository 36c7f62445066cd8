"""The interactive map: events and trajectories into one self-contained, offline HTML page.

:func:`render_map` builds a :class:`folium.Map` that needs no network: Leaflet (from the
``xstatic-leaflet`` package) and geomap's own small script and stylesheet (``geomap/static``) are
inlined, and the basemap is drawn from the gazetteer's polygons (countries, the seas near the data,
the provinces where events are). Online tiles are optional base layers only.

What is drawn:

* point events (precision ``point``/``near``, or any event whose area has no shape) on one canvas
  drawn by map.js from flat arrays, one layer-control entry per category, shape and colour by
  category, size by count, a dark outline when people were killed, paler when claimed, disputed or
  of low confidence; numbered clusters when more than 5,000 are in view;
* district/province/region/sea-level events as the polygon of their place (a region as the union
  of its members, :mod:`geomap.regions`; a dashed circle where only a bounding box is known),
  country-level ones as a thin dashed country outline with a count badge; never as a pin on a
  capital;
* trajectories as lines from launch to target with arrowheads, width by count, dashed when the
  launch is only claimed or is disputed, launch sites marked (a ship when launched from the sea);
* labels (seas, countries, provinces, reference towns) placed by map.js by rank and zoom, and a
  list of every event and trajectory beside the map with filters.

Each layer's data travels as one JSON block, read by ``geomap/static/map.js``; point events'
properties as columns (:mod:`geomap.columns`), the quotes' sentences as one text block. Every string that
came from an article is passed through :func:`html.escape` here, before it reaches a popup.
Element ids are numbered in tree order, so the same input renders byte-identical HTML.
"""

from __future__ import annotations

import base64
import html
import json
import logging
import math
import os
import re
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from .columns import encode_column
from .errors import RenderError
from .files import shared_mode
from .geometry import to_latlon, to_lonlat, to_lonlat_path
from .model import Event, Place, Trajectory
from .links import fallback_date, safe_url
from .regions import area_shape, is_box

__all__ = ["CATEGORIES", "render_map", "save_map"]

log = logging.getLogger(__name__)

#: Category → (legend label, colour, marker shape drawn by map.js).
CATEGORIES: dict[str, tuple[str, str, str]] = {
    "air_strike": ("Air strike", "#d62728", "triangle_down"),
    "missile_strike": ("Missile strike", "#9467bd", "diamond"),
    "drone_strike": ("Drone strike", "#ff7f0e", "arrowhead"),
    "shelling": ("Shelling / artillery", "#8c564b", "circle"),
    "ground_offensive": ("Ground offensive", "#2ca02c", "square"),
    "shootdown": ("Shoot-down", "#e377c2", "star"),
    "airspace_violation": ("Airspace violation", "#1f77b4", "ring"),
    "naval_strike": ("Naval strike", "#17becf", "pentagon"),
    "interception": ("Interception", "#555555", "plus"),
    "clash": ("Armed clash", "#bcbd22", "cross"),
    "explosive": ("Bomb / IED / landmine", "#7f7f7f", "square"),
    "grenade": ("Grenade", "#393b79", "diamond"),
}
_OTHER = ("Other event", "#777777", "circle")
_STATUS_COLORS = {"launched": "#b2182b", "crashed": "#e08214", "intercepted": "#5e3c99"}

# Precisions drawn as the polygon of event.place rather than as a point.
_AREA_PRECISIONS = frozenset({"district", "province", "region", "sea"})
# Drawn polygons: simplification tolerance and islands dropped (degrees), decimals kept. The world
# is drawn coarse for context; near the data (within _DATA_MARGIN_DEG) countries and seas are finer,
# when the data is regional; event areas finest.
_COARSE_TOLERANCE, _COARSE_DIGITS, _COARSE_MIN_AREA = 0.2, 1, 1.0
_DETAIL_TOLERANCE, _DETAIL_DIGITS, _DETAIL_MIN_AREA = 0.02, 2, 0.005
_AREA_TOLERANCE, _DIGITS = 0.005, 3
_DATA_MARGIN_DEG = 5.0
_REGIONAL_SPAN_DEG = (70.0, 50.0)
# Above this many point markers, only markers with fatalities get an outline: on canvas, outlines
# cost as much as the shapes themselves.
_DENSE_POINTS = 20_000
_POINT_DIGITS = 4   # ~10 m: finer than any place a news article names
# Reference towns labelled near the data: at least this many people, at most this many towns.
_TOWN_MIN_POPULATION, _MAX_TOWNS = 50_000, 400

_ATTRIBUTION = "Basemap: Natural Earth (public domain) \u00b7 places: GeoNames (CC BY 4.0)"
_CARTO_URL = "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png"
_CARTO_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
                      '&copy; <a href="https://carto.com/attributions">CARTO</a>')
_QUOTES_ID = "geomap-quotes"
_JS_FUNCTIONS = frozenset({"setup", "addBasemap", "addEvents", "addAreas", "addTrajectories", "addLegend",
                           "addTitle", "addTimeFilter", "addList", "finish"})


# --- public API ---------------------------------------------------------------------------------
def render_map(events: Iterable[Event], trajectories: Iterable[Trajectory] = (), *, gazetteer=None,
               title: str | None = None, online_tiles: bool = False, list_panel: bool = True) -> folium.Map:
    """A folium map of ``events`` and ``trajectories`` that works offline from ``file://``.

    ``gazetteer`` supplies the basemap and area polygons (default: the bundled one).
    ``online_tiles=True`` adds OpenStreetMap and CartoDB as optional base layers (never the default).
    ``list_panel`` opens the list of events beside the map (it can be shown or hidden on the page).
    Save it with :func:`save_map`.

    >>> m = render_map([], [])                              # doctest: +SKIP
    >>> save_map(m, "output/conflict_map.html")             # doctest: +SKIP
    """
    if gazetteer is None:
        from .gazetteer import default_gazetteer

        gazetteer = default_gazetteer()
    events = list(events)
    trajectories = list(trajectories)
    data = _MapData(gazetteer)
    for event in events:
        data.add_event(event)
    for trajectory in trajectories:
        data.add_trajectory(trajectory)

    m = _OfflineMap(location=None, tiles=None, control_scale=True, zoom_start=2,
                    world_copy_jump=False, attribution_control=True)
    figure = m.get_root()
    figure.title = html.escape(title) if title else "geomap: conflict map"
    figure.header.add_child(_Raw(_assets()), name="geomap_assets")

    _JsCall("setup", m, payload={**data.setup_config(), "list": bool(list_panel)}).add_to(m)
    # the quotes' sentences, one a line, read by map.js only when a popup first shows one
    figure.html.add_child(_Raw(f'<script type="text/plain" id="{_QUOTES_ID}">{data.quote_lines()}</script>'),
                          name="geomap_quotes")

    base = folium.FeatureGroup(name="Offline basemap", overlay=False, control=True)
    _JsCall("addBasemap", m, payload=data.basemap(), group=True).add_to(base)
    base.add_to(m)
    if online_tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", overlay=False, show=False).add_to(m)
        folium.TileLayer(_CARTO_URL, attr=_CARTO_ATTRIBUTION, name="CartoDB Positron (online)",
                         overlay=False, show=False).add_to(m)

    if data.areas:
        group = folium.FeatureGroup(name="Areas and country-level events")
        _JsCall("addAreas", m, payload={"places": list(data.areas.values())}, group=True).add_to(group)
        group.add_to(m)
    if data.trajectories:
        group = folium.FeatureGroup(name=_counted("Missile and drone trajectories", "_trajectories",
                                                  len(data.trajectories)))
        _JsCall("addTrajectories", m, payload={"type": "FeatureCollection", "features": data.trajectories,
                                               "launches": list(data.launches.values())},
                group=True).add_to(group)
        group.add_to(m)
    for category in data.point_categories():
        label = data.categories[category][0]
        group = folium.FeatureGroup(name=_counted(label, category, data.points[category]["n"]))
        _JsCall("addEvents", m, payload=data.point_block(category), options={"category": category},
                group=True).add_to(group)
        group.add_to(m)

    _JsCall("addLegend", m, options={"categories": data.legend_categories(), "areas": bool(data.areas),
                                     "trajectories": bool(data.trajectories)}).add_to(m)
    _JsCall("addTitle", m, options={"title": title}).add_to(m)
    dates = data.dates()
    if len(dates) > 1:
        _JsCall("addTimeFilter", m, options={"dates": dates}).add_to(m)
    _JsCall("addList", m, options={"open": list_panel}).add_to(m)
    folium.LayerControl(position="topright", collapsed=False).add_to(m)
    _JsCall("finish", m).add_to(m)
    _number_elements(figure)
    return m


def save_map(m: folium.Map, path: str | os.PathLike) -> Path:
    """Write the map's HTML to ``path`` atomically (a temporary file, then a rename); return the path.

    Raises :class:`RenderError` when the file cannot be written; no partial file is left behind.
    """
    path = Path(path)
    text = m.get_root().render()
    write_atomic(path, text.encode("utf-8"))
    return path


def write_atomic(path: str | os.PathLike, content: bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file in the same folder and a rename."""
    path = Path(path)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.chmod(tmp, shared_mode())  # mkstemp makes 0600; a map is meant to be shared
        os.replace(tmp, path)
    except OSError as err:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        raise RenderError(f"cannot write {str(path)!r}: {err}; check the folder exists and is writable") from err



def _counted(label: str, key: str, count: int) -> str:
    """A layer-control name whose count map.js keeps in step with the filters (``label`` is escaped)."""
    return f'{label} (<span class="geomap-count" data-key="{html.escape(key)}">{count}</span>)'


# --- folium elements ----------------------------------------------------------------------------
class _OfflineMap(folium.Map):
    """A folium Map without folium's CDN assets (jQuery, Bootstrap, Font Awesome, awesome-markers)."""

    default_js: list = []
    default_css: list = []


class _Raw(Element):
    """Text put into the page as is (the inlined assets); never article text."""

    def __init__(self, text: str):
        super().__init__()
        self._name = "Raw"
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _JsCall(MacroElement):
    """A call ``geomap.<function>([group,] map[, data], options)`` into map.js.

    ``payload`` goes into a ``<script type="application/json">`` block (HTML-safe JSON) and is
    parsed in the browser; ``options`` through ``tojson``. No value is ever spliced into code.
    """

    _template = Template("""
        {% macro html(this, kwargs) %}
        {%- if this.payload is not none %}
        <script type="application/json" id={{ this.get_name()|tojson }}>{{ this.payload }}</script>
        {%- endif %}
        {% endmacro %}
        {% macro script(this, kwargs) %}
            geomap.{{ this.function }}(
                {%- if this.group %}{{ this._parent.get_name() }}, {% endif -%}
                {{ this.map.get_name() }}
                {%- if this.payload is not none %}, geomap.data({{ this.get_name()|tojson }}){% endif -%}
                , {{ this.options|tojson }});
        {% endmacro %}
    """)

    def render(self, **kwargs) -> None:
        # MacroElement.render wraps each macro's output in Element(text), which compiles the text as
        # a Jinja template: "{{" in an article would be evaluated. The output goes in as is instead.
        figure = self.get_root()
        module = self._template.module
        figure.html.add_child(_Raw(str(module.html(self, kwargs))), name=self.get_name())
        figure.script.add_child(_Raw(str(module.script(self, kwargs))), name=self.get_name())

    def __init__(self, function: str, m: folium.Map, *, payload=None, options: dict | None = None,
                 group: bool = False):
        super().__init__()
        if function not in _JS_FUNCTIONS:
            raise ValueError(f"unknown map.js function {function!r}; expected one of {sorted(_JS_FUNCTIONS)}")
        self._name = "geomap_" + function
        self.function = function
        self.map = m
        self.group = group
        self.payload = None if payload is None else _html_safe_json(payload)
        self.options = options or {}


def _number_elements(figure: Figure) -> None:
    """Replace folium's random element ids by a counter in tree order: same input, same HTML."""
    counter = 0
    stack: list[Element] = [figure]
    while stack:
        element = stack.pop(0)
        counter += 1
        element._id = str(counter)
        children = list(element._children.values())
        if isinstance(element, Figure):
            children = [element.header, element.html, element.script] + children
        stack[0:0] = children


def _html_safe_json(obj) -> str:
    """Compact JSON that cannot close a <script> element (``<``, ``>``, ``&`` escaped)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


@lru_cache(maxsize=1)
def _assets() -> str:
    """Leaflet's CSS (images as data: URIs) and JS, then geomap's own, as inline tags."""
    import xstatic.pkg.leaflet as xleaflet

    leaflet = Path(xleaflet.BASE_DIR)
    css = (leaflet / "leaflet.css").read_text(encoding="utf-8")

    def inline_image(match: re.Match) -> str:
        data = base64.b64encode((leaflet / "images" / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    css = re.sub(r"url\(images/([\w.-]+\.png)\)", inline_image, css)
    js = (leaflet / "leaflet.js").read_text(encoding="utf-8")
    js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", js)
    static = resources.files("geomap") / "static"
    own_css = (static / "map.css").read_text(encoding="utf-8")
    own_js = (static / "map.js").read_text(encoding="utf-8")
    for name, text in (("leaflet.js", js), ("map.js", own_js), ("leaflet.css", css), ("map.css", own_css)):
        if "</script" in text.lower() or "</style" in text.lower():
            raise RenderError(f"{name} contains a closing tag and cannot be inlined; reinstall xstatic-leaflet")
    return (f"<style>{css}</style>\n<style>{own_css}</style>\n"
            f"<script>{js}</script>\n<script>{own_js}</script>")


# --- turning events into drawable data ----------------------------------------------------------
_SPECIAL = re.compile(r"[&<>\"'{}]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;", "{": "&#123;", "}": "&#125;"}


def _esc(value) -> str | None:
    """``html.escape`` plus braces: escaped text can pass any template without being read as one."""
    if value is None:
        return None
    text = str(value)
    return _SPECIAL.sub(lambda m: _ENTITIES[m.group()], text) if _SPECIAL.search(text) else text


def _compact(props: dict) -> dict:
    return {k: v for k, v in props.items() if v not in (None, "", [], ())}


def _confidence(item) -> float | None:
    """The extractor's confidence (0-1) when it gives one and it is below 1; ``None`` means certain."""
    value = getattr(item, "confidence", None)
    if not _finite(value):
        return None
    value = min(max(float(value), 0.0), 1.0)
    return None if value >= 1.0 else round(value, 2)


def _min_zoom(area_deg2: float, *, offset: float = 0.0) -> int:
    """The zoom from which a label of a place this big (square degrees) may show."""
    return int(min(max(math.ceil(5.5 - 1.5 * math.log10(max(area_deg2, 1e-4)) + offset), 1), 10))


def _town_min_zoom(population: int) -> int:
    for threshold, zoom in ((3_000_000, 4), (1_000_000, 5), (300_000, 6), (100_000, 7)):
        if population >= threshold:
            return zoom
    return 8


class _MapData:
    """Events and trajectories sorted into the JSON blocks map.js draws."""

    def __init__(self, gazetteer):
        self.gazetteer = gazetteer
        self.categories: dict[str, tuple[str, str, str]] = dict(CATEGORIES)
        self.points: dict[str, dict] = {}
        self.areas: dict[str, dict] = {}
        self.trajectories: list[dict] = []
        self.launches: dict[tuple, dict] = {}
        self.quotes: list[list] = []
        self._quote_index: dict[tuple[str, str], int] = {}
        self.docs: list[list] = []
        self._doc_index: dict[str, int] = {}
        self.kinds: list[str] = []
        self._kind_index: dict[str, int] = {}
        self._shapes: dict[str, object] = {}
        self._lats: list[float] = []
        self._lons: list[float] = []
        self._dates: set[str] = set()
        self._countries: set[str] = set()
        self._provinces: dict[str, Place] = {}

    # -- events -------------------------------------------------------------------------------
    def add_event(self, event: Event) -> None:
        if event.category not in self.categories:
            self.categories[event.category] = (_esc(event.category.replace("_", " ")).capitalize(), *_OTHER[1:])
        props = self._common(event)
        kind = " / ".join(dict.fromkeys(x for x in (event.event_type, event.sub_event_type) if x))
        place = event.place
        props.update(l=_esc(event.location_name), p=None if event.precision == "point" else _esc(event.precision),
                     e=self._kind(kind) if kind else None, co=_esc(place.country) if place is not None else None,
                     g=_esc(event.target), f=event.fatalities, cf=event.civilian_fatalities)
        if place is not None:
            self._note_place(place)
        area = self._area_of(event)
        if area is None:
            lat, lon = event.lat, event.lon
            if not (_finite(lat) and _finite(lon)):
                log.warning("event %s at %r has no usable coordinates (%r, %r); not drawn",
                            event.id, event.location_name, lat, lon)
                return
            self._extend(lat, lon)
            block = self.points.get(event.category)
            if block is None:  # every event gives the same keys: one list per key, no dict per event
                block = self.points[event.category] = {"xy": [], "n": 0, "cols": {key: [] for key in props}}
            block["xy"] += [round(v, _POINT_DIGITS) for v in to_lonlat((lat, lon))]
            block["n"] += 1
            for column, value in zip(block["cols"].values(), props.values()):
                column.append(None if value == "" or value == [] else value)
            return
        props = _compact(props)
        area_place, shape, level = area
        entry = self.areas.get(area_place.id)
        if entry is None:
            west, south, east, north = shape.geometry.bounds
            self._extend(south, west)
            self._extend(north, east)
            entry = self.areas[area_place.id] = {"name": _esc(area_place.name), "level": level,
                                                 "size": round(shape.geometry.area, 4), "events": []}
            if shape.kind == "circle":
                lat, lon = shape.center
                entry.update(label=[round(lat, 3), round(lon, 3)],
                             circle=[round(lat, 4), round(lon, 4), round(shape.radius_km * 1000)])
            else:
                point = shape.geometry.representative_point()
                entry.update(label=[round(v, 3) for v in to_latlon(point)],
                             geometry=_geojson_geometry(shape.geometry, _AREA_TOLERANCE, _DIGITS))
        entry["events"].append({**props, "k": event.category})

    def _common(self, item: Event | Trajectory) -> dict:
        date, from_publication = fallback_date(item)
        if date is not None:
            self._dates.add(date.isoformat())
        return {
            "i": _esc(item.id), "a": _esc(item.actor), "w": _esc(item.weapon), "n": item.count,
            "ns": list(item.counts) if len(set(item.counts)) > 1 else None,
            "d": date.isoformat() if date else None, "dp": 1 if from_publication else None,
            "dt": _esc(item.date_text), "c": _confidence(item),
            "cb": _esc(item.claimed_by), "cs": None if item.claim_status == "reported" else _esc(item.claim_status),
            "q": [self._quote(s) for s in item.sources],
        }

    def _kind(self, kind: str) -> int:
        """Index of an "event type / sub-event type" text in the shared table (few, repeated often)."""
        index = self._kind_index.get(kind)
        if index is None:
            index = self._kind_index[kind] = len(self.kinds)
            self.kinds.append(_esc(kind))
        return index

    def _doc(self, source) -> int:
        """Index of a source document in the shared table: [id, url, title, published]."""
        index = self._doc_index.get(source.document)
        if index is None:
            index = self._doc_index[source.document] = len(self.docs)
            published = getattr(source, "published", None)
            self.docs.append([_esc(source.document), _esc(safe_url(getattr(source, "url", None))),
                              _esc(getattr(source, "title", None)), published.isoformat() if published else None])
        else:  # the first source of a document may lack metadata that a later one has
            doc = self.docs[index]
            if doc[1] is None:
                doc[1] = _esc(safe_url(getattr(source, "url", None)))
            if doc[2] is None:
                doc[2] = _esc(getattr(source, "title", None))
        return index

    def _quote(self, source) -> int:
        key = (source.document, " ".join(source.sentence.split()))
        index = self._quote_index.get(key)
        if index is None:
            index = self._quote_index[key] = len(self.quotes)
            self.quotes.append([_esc(key[1]), self._doc(source)])
        else:
            self._doc(source)
        return index

    def _area_of(self, event: Event):
        """The place whose shape stands for ``event``, its :class:`AreaShape`, and ``"area"``/``"country"``."""
        place, gaz = event.place, self.gazetteer
        if place is None:
            return None
        if event.precision == "country":
            country = place if place.feature == "country" else (gaz.country(place.country) if place.country else None)
            shape = self._area_shape(country)
            return (country, shape, "country") if shape is not None else None
        if event.precision not in _AREA_PRECISIONS:
            return None
        shape = self._area_shape(place)
        if shape is None and place.feature not in ("admin1", "sea", "region") and place.country and place.admin1:
            place = gaz.admin1(place.country, place.admin1)
            shape = self._area_shape(place)
        return (place, shape, "area") if shape is not None else None

    def _area_shape(self, place: Place | None):
        return area_shape(place, self.gazetteer) if place is not None else None

    def _shape(self, place: Place | None):
        if place is None:
            return None
        if place.id not in self._shapes:
            shape = self.gazetteer.shape(place)
            self._shapes[place.id] = shape if shape is not None and not shape.is_empty else None
        return self._shapes[place.id]

    def _note_place(self, place: Place) -> None:
        if place.country:
            self._countries.add(place.country)
        if place.feature == "admin1":
            self._provinces.setdefault(place.id, place)
        elif place.country and place.admin1:
            province = self.gazetteer.admin1(place.country, place.admin1)
            if province is not None:
                self._provinces.setdefault(province.id, province)

    def _country_name(self, code: str) -> str:
        """"Iran (IR)" for "IR"; the code alone when the gazetteer does not know it."""
        country = self.gazetteer.country(code) if code else None
        return _esc(f"{country.name} ({code})" if country is not None else code)

    def _extend(self, lat: float, lon: float) -> None:
        self._lats.append(lat)
        self._lons.append(lon)

    # -- trajectories -------------------------------------------------------------------------
    def add_trajectory(self, trajectory: Trajectory) -> None:
        t = trajectory
        if t.category not in self.categories:
            self.categories[t.category] = (_esc(t.category.replace("_", " ")).capitalize(), *_OTHER[1:])
        props = self._common(t)
        target_country = t.target_place.country if t.target_place is not None else None
        props.update(k=t.category, ln=_esc(t.launch_name), tn=_esc(t.target_name), st=_esc(t.status),
                     co=_esc(target_country),
                     km=round(t.distance_km), rkm=None if t.reported_distance_km is None else round(t.reported_distance_km),
                     x=[self._country_name(c) for c in t.crosses],
                     sx=[self._country_name(c) for c in t.stated_crossings])
        path = [p for p in (t.path or ((t.launch_lat, t.launch_lon), (t.target_lat, t.target_lon)))
                if _finite(p[0]) and _finite(p[1])]
        if len(path) < 2:
            log.warning("trajectory %s (%r to %r) has no usable path; not drawn", t.id, t.launch_name, t.target_name)
            return
        coords = _unwrap(path)
        for lon, lat in coords:
            self._extend(lat, lon)
        self.trajectories.append({"type": "Feature", "properties": _compact(props),
                                  "geometry": {"type": "LineString", "coordinates": coords}})
        for place in (t.launch_place, t.target_place):
            if place is not None:
                self._note_place(place)
        self._countries.update(t.crosses)
        sea = t.launch_precision == "sea" or (t.launch_place is not None and t.launch_place.feature == "sea")
        key = (t.launch_name, round(t.launch_lat, 4), round(t.launch_lon, 4))
        self.launches.setdefault(key, {"name": _esc(t.launch_name), "lat": coords[0][1], "lon": coords[0][0],
                                       "sea": sea})

    # -- outputs ------------------------------------------------------------------------------
    def point_categories(self) -> list[str]:
        order = list(CATEGORIES)
        return sorted(self.points, key=lambda c: (order.index(c) if c in order else len(order), c))

    def point_block(self, category: str) -> dict:
        """The point events of ``category`` for map.js: coordinates ``[lon, lat, ...]`` and their
        properties as columns (:mod:`geomap.columns`)."""
        block = self.points[category]
        return {"n": block["n"], "xy": block["xy"],
                "cols": {key: encode_column(values) for key, values in block["cols"].items()
                         if values.count(None) < len(values)}}

    def legend_categories(self) -> list[str]:
        used = set(self.points) | {e["k"] for a in self.areas.values() for e in a["events"]}
        order = list(CATEGORIES)
        return sorted(used, key=lambda c: (order.index(c) if c in order else len(order), c))

    def setup_config(self) -> dict:
        categories = {k: {"label": v[0], "color": v[1], "shape": v[2]} for k, v in self.categories.items()}
        categories["_other"] = {"label": _OTHER[0], "color": _OTHER[1], "shape": _OTHER[2]}
        countries = sorted(self._countries)
        return {"categories": categories, "order": list(self.categories), "docs": self.docs,
                "quoteDocs": [doc for _text, doc in self.quotes], "quoteBlock": _QUOTES_ID,
                "kinds": self.kinds, "statusColors": _STATUS_COLORS, "bounds": self.bounds(),
                "attribution": _ATTRIBUTION, "countries": [[c, self._country_name(c)] for c in countries],
                "points": sum(b["n"] for b in self.points.values()),
                "dense": sum(b["n"] for b in self.points.values()) > _DENSE_POINTS}

    def quote_lines(self) -> str:
        """The quotes' sentences (escaped, so no ``<`` can end the script element), one a line, in
        the order of their indexes."""
        return "\n".join(text.replace("\n", " ").replace("\r", " ").replace("\x00", "\ufffd")
                         for text, _doc in self.quotes)

    def dates(self) -> list[str]:
        return sorted(self._dates)

    def bounds(self) -> list[list[float]] | None:
        if not self._lats:
            return None
        return [[min(self._lats), min(self._lons)], [max(self._lats), max(self._lons)]]

    def basemap(self) -> dict:
        """Countries (coarse worldwide, finer and clipped near the data), seas near the data, provinces,
        and the labels map.js places by rank and zoom: ``[name, lat, lon, kind, min zoom, rank]``."""
        gaz = self.gazetteer
        labels = []
        countries = []
        for place, geometry, label, area in _country_basemap(gaz):
            countries.append({"geometry": geometry})
            has_data = place.country in self._countries
            labels.append([_esc(place.name), *label, "country", _min_zoom(area, offset=-1.0 if has_data else 0.0),
                           round(3 + math.log10(max(area, 1e-3)) + (2 if has_data else 0), 2)])
        box = self._data_box()
        detail = []
        if box is not None and _box_is_regional(box):
            for _place, shape in _sorted_shapes(gaz, "country"):
                if shape.intersects(box):
                    clipped = _drop_specks(shape.intersection(box), _DETAIL_MIN_AREA)
                    if clipped is not None:
                        # the fill is clipped to the box; the outline is the country's own border only,
                        # so the box's edges are not drawn as if they were borders
                        detail.append({"geometry": _geojson_geometry(clipped, _DETAIL_TOLERANCE, _DETAIL_DIGITS),
                                       "border": _geojson_geometry(clipped.boundary.difference(box.exterior),
                                                                   _DETAIL_TOLERANCE, _DETAIL_DIGITS)})
        elif box is not None:
            # data spread wide: the finer outline only of the countries events are in, so a reader
            # zoomed onto a front line still sees its coast and borders
            for place, shape in _sorted_shapes(gaz, "country"):
                if place.country in self._countries:
                    fine = _drop_specks(shape, _DETAIL_MIN_AREA)
                    if fine is not None:
                        detail.append({"geometry": _geojson_geometry(fine, _DETAIL_TOLERANCE, _DETAIL_DIGITS),
                                       "border": _geojson_geometry(fine.boundary, _DETAIL_TOLERANCE, _DETAIL_DIGITS)})
        seas = []
        for place, shape in _sorted_shapes(gaz, "sea"):
            point = shape.representative_point()
            area = shape.area
            labels.append([_esc(place.name), *(round(v, 3) for v in to_latlon(point)), "sea", _min_zoom(area, offset=0.5),
                           round(2.5 + math.log10(max(area, 1e-3)), 2)])
            if box is not None and not shape.intersects(box):
                continue
            item = {"name": _esc(place.name)}
            if not is_box(shape):  # a bounding box stands in for an unknown coastline: label only
                item["geometry"] = _geojson_geometry(shape, _DETAIL_TOLERANCE, _DETAIL_DIGITS)
            seas.append(item)
        provinces = []
        for place_id in sorted(self._provinces):
            shape = self._shape(self._provinces[place_id])
            if shape is None:
                continue
            point = shape.representative_point()
            provinces.append({"geometry": _geojson_geometry(shape, _AREA_TOLERANCE, _DIGITS),
                              "name": _esc(self._provinces[place_id].name)})
            labels.append([_esc(self._provinces[place_id].name), *(round(v, 3) for v in to_latlon(point)), "province",
                           max(5, _min_zoom(shape.area, offset=1.0)), round(1 + math.log10(max(shape.area, 1e-3)), 2)])
        named = {label[0] for label in labels if label[3] == "province"}
        for entry in self.areas.values():  # the regions and districts events are known to, by name
            if entry["level"] == "area" and entry["name"] not in named:
                size = max(entry["size"], 1e-3)
                labels.append([entry["name"], *entry["label"], "area", _min_zoom(size, offset=0.5),
                               round(5 + math.log10(size), 2)])
        labels.extend(self._towns(box))
        return {"country": countries, "detail": detail, "sea": seas, "province": provinces, "labels": labels}

    def _towns(self, box) -> list[list]:
        """Reference towns: the most populous places within the data's extent, so a front line has
        context without tiles."""
        if box is None:
            return []
        west, south, east, north = box.bounds
        out = []
        for town in self.gazetteer.towns(_TOWN_MIN_POPULATION):
            if south <= town.lat <= north and west <= town.lon <= east:
                out.append([_esc(town.name), round(town.lat, 3), round(town.lon, 3), "town",
                            _town_min_zoom(town.population), round(math.log10(max(town.population, 1)) / 2, 2)])
                if len(out) >= _MAX_TOWNS:
                    break
        return out

    def _data_box(self):
        from shapely.geometry import box

        if not self._lats:
            return None
        m = _DATA_MARGIN_DEG
        return box(max(min(self._lons) - m, -180), max(min(self._lats) - m, -90),
                   min(max(self._lons) + m, 180), min(max(self._lats) + m, 90))


def _box_is_regional(box) -> bool:
    west, south, east, north = box.bounds
    return east - west <= _REGIONAL_SPAN_DEG[0] and north - south <= _REGIONAL_SPAN_DEG[1]




def _drop_specks(shape, min_area: float):
    """``shape`` without the polygons smaller than ``min_area`` (square degrees); None if nothing is left."""
    from shapely.geometry import MultiPolygon, Polygon

    parts = [p for p in getattr(shape, "geoms", [shape]) if isinstance(p, Polygon) and p.area >= min_area]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def _sorted_shapes(gazetteer, feature: str) -> list[tuple[Place, object]]:
    return sorted(gazetteer.shapes(feature), key=lambda pair: pair[0].id)


@lru_cache(maxsize=4)
def _country_basemap(gazetteer) -> tuple[tuple[Place, dict, list[float], float], ...]:
    """Every country of ``gazetteer``, coarse (the world for context), cached per gazetteer."""
    out = []
    for place, shape in _sorted_shapes(gazetteer, "country"):
        point = shape.representative_point()
        coarse = _drop_specks(shape, _COARSE_MIN_AREA) or shape
        out.append((place, _geojson_geometry(coarse, _COARSE_TOLERANCE, _COARSE_DIGITS),
                    [round(v, 3) for v in to_latlon(point)], shape.area))
    return tuple(out)


def _geojson_geometry(shape, tolerance: float, digits: int) -> dict:
    """A simplified GeoJSON geometry (lon, lat) rounded to ``digits`` decimals."""
    import shapely
    from shapely.geometry import mapping

    simple = shape.simplify(tolerance, preserve_topology=True)
    if simple.is_empty:
        simple = shape
    rounded = shapely.transform(simple, lambda xy: xy.round(digits))
    return json.loads(json.dumps(mapping(rounded)))


def _finite(value) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value)


def _unwrap(path) -> list[list[float]]:
    """(lat, lon) points to GeoJSON [lon, lat], longitudes made continuous across the antimeridian."""
    return [[round(lon, 4), round(lat, 4)] for lon, lat in to_lonlat_path(path, unwrap=True)]
