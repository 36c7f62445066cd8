"""Small, hand-made map inputs for the render and browser tests: a gazetteer with box-shaped
countries, provinces and a sea, and events/trajectories built directly from the data model."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from geomap.gazetteer import COLUMNS, Gazetteer
from geomap.model import Event, Source, Trajectory

# id, name, lat, lon, feature, code, country, admin1, population, alternates, extent, (W, S, E, N) box
PLACES = [
    ("m:sy", "Syria", 35.0, 38.5, "country", "PCLI", "SY", "", 1, "", (35.7, 32.3, 42.4, 37.3)),
    ("m:tr", "Turkey", 39.0, 35.0, "country", "PCLI", "TR", "", 1, "", (26.0, 36.9, 44.8, 42.1)),
    ("m:iq", "Iraq", 33.0, 44.0, "country", "PCLI", "IQ", "", 1, "", (42.4, 29.1, 48.6, 37.3)),
    ("m:ir", "Iran", 32.0, 54.0, "country", "PCLI", "IR", "", 1, "", (48.6, 25.1, 63.3, 39.7)),
    ("m:sy-hama", "Hama Governorate", 35.2, 37.2, "admin1", "ADM1", "SY", "10", 1, "", (36.3, 34.8, 38.0, 35.6)),
    ("m:sy-idlib", "Idlib Governorate", 35.8, 36.6, "admin1", "ADM1", "SY", "11", 1, "", (36.2, 35.6, 37.0, 36.2)),
    ("m:caspian", "Caspian Sea", 41.9, 50.5, "sea", "SEA", "", "", 0, "", (47.0, 37.0, 54.0, 47.0)),
    ("m:hama", "Hama", 35.13, 36.76, "city", "PPLA", "SY", "10", 1, "", None),
    ("m:idlib", "Idlib", 35.93, 36.63, "city", "PPLA", "SY", "11", 1, "", None),
    ("m:raqqa", "Raqqa", 35.95, 39.01, "city", "PPLA", "SY", "04", 1, "", None),
]


def box_polygon(west: float, south: float, east: float, north: float) -> dict:
    """A box with one extra vertex: a drawn shape, not a bare bounding box (which the map only labels)."""
    middle = (west + east) / 2
    return {"type": "Polygon", "coordinates": [[[west, south], [middle, south - 0.1], [east, south], [east, north],
                                                [west, north], [west, south]]]}


def write_gazetteer(folder: Path) -> Gazetteer:
    """A gazetteer folder with :data:`PLACES` and their box shapes; returns it loaded (no cache)."""
    (folder / "curated").mkdir(parents=True, exist_ok=True)
    lines = ["\t".join(COLUMNS)]
    features = []
    for *row, bbox in PLACES:
        lines.append("\t".join(map(str, row + ["shape" if bbox else ""])))
        if bbox:
            features.append({"type": "Feature", "properties": {"id": row[0]}, "geometry": box_polygon(*bbox)})
    (folder / "curated" / "map.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(folder / "shapes.geojson.gz", "wt", encoding="utf-8") as fh:
        json.dump({"type": "FeatureCollection", "features": features}, fh)
    return Gazetteer.load(folder, use_cache=False)


def source(doc: str, sentence: str) -> Source:
    return Source(document=doc, sentence=sentence, start=0, end=len(sentence))


def sample(gaz: Gazetteer, *, text: str = "") -> tuple[list[Event], list[Trajectory]]:
    """Four point events, one province-level, one country-level event and two trajectories.

    ``text`` is appended to every quote and name, to carry hostile markup into the map.
    """
    p = gaz.get
    day1, day2 = dt.date(2015, 10, 7), dt.date(2015, 10, 8)
    events = [
        Event(id="e1", category="air_strike", event_type="Explosions/Remote violence",
              sub_event_type="Air/drone strike", location_name="Hama" + text, lat=35.13, lon=36.76,
              precision="point", place=p("m:hama"), actor="Russia" + text, count=3, fatalities=7,
              date=day1, date_text="Wednesday", claimed_by="Russian defence ministry", claim_status="claimed",
              sources=(source("doc-a", "Russian jets bombed Hama killing seven." + text),)),
        Event(id="e2", category="air_strike", event_type="Explosions/Remote violence",
              sub_event_type="Air/drone strike", location_name="Idlib", lat=35.93, lon=36.63,
              precision="point", place=p("m:idlib"), actor="Russia", date=day2,
              sources=(source("doc-a", "Strikes also hit Idlib."),)),
        Event(id="e3", category="missile_strike", event_type="Explosions/Remote violence",
              sub_event_type="Shelling/artillery/missile attack", location_name="Raqqa", lat=35.95, lon=39.01,
              precision="point", place=p("m:raqqa"), weapon="cruise missile", count=26, date=day1,
              sources=(source("doc-b", "Twenty-six cruise missiles hit targets in Raqqa."),)),
        Event(id="e4", category="shootdown", event_type="Battles", sub_event_type="Armed clash",
              location_name="Hama", lat=35.3, lon=36.9, precision="near", place=p("m:hama"),
              actor="Syrian rebels", claim_status="claimed", claimed_by="Syrian rebels",
              sources=(source("doc-b", "Rebels claimed to have shot down a helicopter in Hama province."),)),
        Event(id="e5", category="shelling", event_type="Explosions/Remote violence",
              sub_event_type="Shelling/artillery/missile attack", location_name="Hama province",
              lat=35.2, lon=37.2, precision="province", place=p("m:sy-hama"), date=day2,
              sources=(source("doc-b", "Artillery fired in the Hama region."),)),
        Event(id="e6", category="airspace_violation", event_type="Strategic developments",
              sub_event_type="Other", location_name="Turkey", lat=39.0, lon=35.0, precision="country",
              place=p("m:tr"), actor="Russia", claimed_by="NATO", claim_status="reported",
              sources=(source("doc-a", "Russian jets violated Turkish airspace."),)),
    ]
    path = tuple((41.9 + (35.95 - 41.9) * i / 10, 50.5 + (39.01 - 50.5) * i / 10) for i in range(11))
    trajectories = [
        Trajectory(id="t1", category="missile_strike", launch_name="Caspian Sea" + text, launch_lat=41.9,
                   launch_lon=50.5, launch_precision="sea", target_name="Raqqa", target_lat=35.95,
                   target_lon=39.01, target_precision="point", path=path, distance_km=1240.0,
                   launch_place=p("m:caspian"), target_place=p("m:raqqa"), weapon="cruise missile" + text,
                   count=26, reported_distance_km=1450.0, crosses=("IR", "IQ", "SY"),
                   stated_crossings=("IR", "IQ"), date=day1, claimed_by="Russian defence ministry",
                   claim_status="claimed",
                   sources=(source("doc-b", "Twenty-six cruise missiles flew 900 miles across Iran and Iraq."
                                   + text),)),
        Trajectory(id="t2", category="missile_strike", launch_name="Caspian Sea", launch_lat=41.9,
                   launch_lon=50.5, launch_precision="sea", target_name="Iran", target_lat=36.5,
                   target_lon=49.0, target_precision="country", path=((41.9, 50.5), (39.2, 49.8), (36.5, 49.0)),
                   distance_km=620.0, launch_place=p("m:caspian"), weapon="cruise missile", count=4,
                   crosses=("IR",), status="crashed", claim_status="disputed", date=day2,
                   sources=(source("doc-b", "A US official said four of the missiles crashed in Iran."),)),
    ]
    return events, trajectories


#: Markup and template syntax an article could carry; none of it may run, be evaluated, or appear
#: as an element in the map.
HOSTILE = " <script>alert(1)</script><img src=x onerror=alert(1)><svg onload=alert(1)> {{ 7*7 }} {% if x %}"


@dataclass(frozen=True, slots=True)
class ScoredEvent(Event):
    """An event with the extractor's ``confidence`` (0-1), as the rebuilt extractor gives one."""

    confidence: float = 1.0


def world_sample(gaz: Gazetteer) -> tuple[list[Event], list[Trajectory]]:
    """Events on the real gazetteer, each built to show one thing a reader must be able to do.

    * ``sy-country`` (Syria, country-level) over ``hama-province`` (Hama Governorate);
    * ``kh-missile`` and ``kh-shelling`` at one point in Kharkiv;
    * ``golan`` (a region with no polygon: a circle) and ``mideast`` (a region drawn from its members);
    * ``faint`` with a confidence of 0.3; sources whose metadata carry a ``javascript:`` URL
      (``doc-js``) and an https one (``doc-web``); ``undated`` falls back to its publication date.
    """
    hama, syria = gaz.get("gn:170015"), gaz.get("gn:163843")
    kharkiv, golan, mideast = gaz.get("gn:706483"), gaz.get("cur:golan-heights"), gaz.get("cur:middle-east")
    web = dict(url="https://news.example.org/kharkiv-night", title="A night of strikes on Kharkiv",
               published=dt.date(2024, 5, 2))
    hostile = dict(url="javascript:alert(document.domain)", title="Shelling report <b>bold</b>",
                   published=dt.date(2024, 5, 3))

    def src(doc: str, sentence: str, **meta) -> tuple[Source, ...]:
        return (Source(document=doc, sentence=sentence, start=0, end=len(sentence), **meta),)

    def ev(id, category, name, place, precision, sentence, *, doc="doc-w", cls=Event, lat=None, lon=None,
           meta=None, **extra):
        return cls(id=id, category=category, event_type="Explosions/Remote violence", sub_event_type="Shelling",
                   location_name=name, lat=place.lat if lat is None else lat, lon=place.lon if lon is None else lon,
                   precision=precision, place=place, sources=src(doc, sentence, **(meta or {})), **extra)

    day = dt.date(2024, 5, 1)
    events = [
        ev("sy-country", "air_strike", "Syria", syria, "country", "Warplanes struck targets somewhere in Syria.",
           date=day),
        ev("hama-province", "shelling", "Hama province", hama, "province",
           "Guns pounded villages across Hama province.", date=day),
        ev("kh-missile", "missile_strike", "Kharkiv", kharkiv, "point", "A missile slammed into central Kharkiv.",
           doc="doc-web", meta=web, date=day),
        ev("kh-shelling", "shelling", "Kharkiv", kharkiv, "point", "Shells also fell on central Kharkiv.",
           doc="doc-js", meta=hostile, claim_status="claimed", claimed_by="a regional governor", date=day),
        ev("golan", "shelling", "Golan Heights", golan, "region", "Rockets landed on the Golan Heights.",
           date=dt.date(2024, 5, 4)),
        ev("mideast", "airspace_violation", "Middle East", mideast, "region",
           "Drones were seen over the Middle East.", date=dt.date(2024, 5, 4)),
        ev("faint", "drone_strike", "Kharkiv", kharkiv, "near", "A drone may have hit a depot outside Kharkiv.",
           cls=ScoredEvent, confidence=0.3, lat=50.2, lon=36.6, date=dt.date(2024, 5, 4)),
        ev("undated", "drone_strike", "Kharkiv", kharkiv, "near", "Drones hit a substation near Kharkiv.",
           doc="doc-web", meta=web, lat=49.8, lon=36.0),
    ]
    return events, []
