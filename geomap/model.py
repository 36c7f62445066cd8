"""The plain data that flows between pipeline stages.

Every type is a frozen, slotted dataclass. Coordinates are ``(lat, lon)`` everywhere inside
geomap; they are flipped to ``(lon, lat)`` only by :mod:`geomap.geometry` (``to_lonlat``), which
:mod:`geomap.export` and :mod:`geomap.render` call where data becomes shapely or GeoJSON. Missing values are ``None``, never ``0``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

__all__ = [
    "CLAIM_STATUSES",
    "PRECISIONS",
    "kind_family",
    "Article",
    "Event",
    "Mention",
    "Place",
    "Source",
    "Toponym",
    "Trajectory",
]

#: How exactly an event's location is known, finest first (ACLED geo_precision / UCDP where_prec).
PRECISIONS = ("point", "near", "district", "province", "region", "country", "sea")

_FAMILIES = {**dict.fromkeys(("air_strike", "drone_strike", "missile_strike", "shelling", "naval_strike"), "strike"),
             "interception": "air defence", "shootdown": "air defence",
             "ground_offensive": "ground", "clash": "ground"}


def kind_family(category: str) -> str:
    """The family of an event category: every strike is a "strike", interceptions and shoot-downs are
    "air defence", ground offensives and clashes "ground" ("gunmen raided the market" and "stormed
    the market"), any other category is its own family. Two tellings of one event share a family."""
    return _FAMILIES.get(category, category)


#: How an event is attested: plainly reported, claimed by a party, contested, or denied.
CLAIM_STATUSES = ("reported", "claimed", "disputed", "denied")


@dataclass(frozen=True, slots=True)
class Article:
    """One news article: an id (file name without extension, or the JSONL ``id``) and its text."""

    id: str
    text: str
    path: str | None = None
    published: _dt.date | None = None
    url: str | None = None
    title: str | None = None

    def __repr__(self) -> str:
        return f"Article(id={self.id!r}, chars={len(self.text)}, published={self.published})"


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of an article's text: ``text == article.text[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer record.

    ``feature`` is a coarse class used for precision and ranking: one of ``"country"``,
    ``"admin1"``, ``"admin2"``, ``"city"``, ``"region"`` (continents, macro-regions), ``"sea"``
    (seas, gulfs, straits, lakes), ``"river"``, ``"area"`` (plains, valleys, deserts, mountains),
    ``"site"`` (air and naval bases, ports, crossings, dams). ``feature_code`` keeps the finer
    GeoNames-style code (``PPLA``, ``ADM1``, ``PCLI``, ``SEA``, ``AIRB`` ...).
    ``country`` is an ISO 3166-1 alpha-2 code, ``admin1`` the GeoNames admin-1 code.
    ``has_shape`` says whether the gazetteer holds a polygon for it (see ``Gazetteer.shape``).
    """

    id: str
    name: str
    lat: float
    lon: float
    feature: str
    feature_code: str = ""
    country: str | None = None
    admin1: str | None = None
    population: int = 0
    has_shape: bool = False

    def __repr__(self) -> str:
        where = ",".join(x for x in (self.admin1 and f"{self.country}.{self.admin1}", self.country) if x)
        return f"Place({self.name!r}, {self.feature}, {where or '-'}, ({self.lat:.4f}, {self.lon:.4f}))"


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name found in text and what it resolved to.

    ``role`` is ``"literal"`` (the place itself), ``"adjectival"`` ("Turkish airspace"),
    ``"metonym"`` ("Moscow denied": a government speaking, not the scene of anything) or
    ``"unresolved"`` (looks like a place, no gazetteer match: ``place`` is ``None``).
    """

    text: str
    start: int
    end: int
    place: Place | None
    role: str = "literal"
    confidence: float = 1.0

    @property
    def mention(self) -> Mention:
        """The span of text this toponym was read from."""
        return Mention(self.text, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact was read: the document id, the sentence, and its offsets in the article text;
    the article's ``url``, ``title`` and ``published`` date when its metadata gives them."""

    document: str
    sentence: str
    start: int
    end: int
    url: str | None = None
    title: str | None = None
    published: _dt.date | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A military event: what happened, where, by whom, and who says so.

    ``category`` drives the map's icon: ``"air_strike"``, ``"drone_strike"``, ``"missile_strike"``,
    ``"shelling"``, ``"ground_offensive"``, ``"shootdown"``, ``"airspace_violation"``,
    ``"naval_strike"``, ``"interception"``, ``"clash"``.
    ``event_type`` / ``sub_event_type`` follow ACLED ("Explosions/Remote violence" /
    "Air/drone strike"). ``place`` is the gazetteer record the location resolved to;
    ``lat``/``lon`` the representative point drawn; ``precision`` one of :data:`PRECISIONS`.
    ``counts`` keeps every figure reported for the same event when sources disagree.
    """

    id: str
    category: str
    event_type: str
    sub_event_type: str
    location_name: str
    lat: float
    lon: float
    precision: str
    place: Place | None = None
    actor: str | None = None
    target: str | None = None
    weapon: str | None = None
    count: int | None = None
    counts: tuple[int, ...] = ()
    fatalities: int | None = None
    civilian_fatalities: int | None = None
    date: _dt.date | None = None
    date_text: str | None = None
    claimed_by: str | None = None
    claim_status: str = "reported"
    sources: tuple[Source, ...] = field(default_factory=tuple)
    confidence: float = 1.0  # 0-1: how surely the text places it (see geomap.extraction.events)

    @property
    def documents(self) -> tuple[str, ...]:
        """The ids of the documents that report it, in first-seen order."""
        return tuple(dict.fromkeys(s.document for s in self.sources))


@dataclass(frozen=True, slots=True)
class Trajectory:
    """A launch: from ``launch`` to ``target`` along a geodesic ``path`` of ``(lat, lon)`` points.

    ``status`` is ``"launched"`` (reached or aimed at the target), ``"crashed"``,
    ``"intercepted"``. ``crosses`` are the ISO codes of the countries the computed path crosses;
    ``stated_crossings`` the countries the text says it crossed.
    """

    id: str
    category: str
    launch_name: str
    launch_lat: float
    launch_lon: float
    launch_precision: str
    target_name: str
    target_lat: float
    target_lon: float
    target_precision: str
    path: tuple[tuple[float, float], ...]
    distance_km: float
    launch_place: Place | None = None
    target_place: Place | None = None
    weapon: str | None = None
    count: int | None = None
    counts: tuple[int, ...] = ()
    reported_distance_km: float | None = None
    crosses: tuple[str, ...] = ()
    stated_crossings: tuple[str, ...] = ()
    status: str = "launched"
    actor: str | None = None
    date: _dt.date | None = None
    date_text: str | None = None
    claimed_by: str | None = None
    claim_status: str = "reported"
    sources: tuple[Source, ...] = field(default_factory=tuple)
    confidence: float = 1.0  # 0-1: how surely the text places it (see geomap.extraction.events)

    @property
    def documents(self) -> tuple[str, ...]:
        """The ids of the documents that report it, in first-seen order."""
        return tuple(dict.fromkeys(s.document for s in self.sources))
