"""One event, several reports: combine what different sentences and articles say about it.

Stage: events / trajectories → **merge** → export / render.

Two events are the same when they have the same category, the same place (same gazetteer id,
or two point-precision places less than :data:`NEAR_KM` apart) and compatible dates (either is
unknown, or they are at most :data:`DATE_SLACK_DAYS` apart). Two trajectories are the same when
they have the same status and their launch sites and targets are the same places (or within
:data:`TRAJECTORY_KM`), with compatible dates.

Inside one article more folds into one (:func:`consolidate`, run per article before
:func:`merge`): a news page names the same strike in its headline, its lede and its body, each
time with other words ("US and British warplanes strike Hodeidah" over "a wave of air and
missile strikes ... hitting the port of Hodeidah"). So, within one article:

- events of the same kind at the same place with compatible dates are one event (two kinds of
  strike on one town, "shelled El Fasher ... a drone struck its hospital", stay two);
- a line with no closing punctuation (headline, sub-heading, teaser: "Train bombed in
  Balochistan") only adds what the body does not say: its event folds into a body event at the
  same place, or inside the province or country it names; a bulleted one ("- Ukraine says it
  struck ...": a link to another story) adds nothing of its own;
- a country-wide event ("precise strikes on military targets in Iran") folds into the article's
  events of the same kind at named places in that country, and one in a part of a country
  ("strikes across southern Lebanon") into those of the same family (strikes, ground fighting,
  ...) inside it; a province keeps its own event.

A merged record keeps every source (``sources``; ``documents`` are their distinct document ids,
the corroboration count is ``len(documents)``) and every figure: ``counts`` holds each distinct
count in the order reported, so "4" and "26" cruise missiles stay side by side, and ``count``
stays the first one read, never silently replaced. Who says so is joined ("Russia's defence
ministry; a US official"); a report that is disputed or denied anywhere stays so.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from .errors import GazetteerError
from .geometry import great_circle_km, shapely_point
from .model import Event, Source, Trajectory, kind_family

log = logging.getLogger(__name__)

__all__ = ["DATE_SLACK_DAYS", "MAX_SPEAKERS", "NEAR_KM", "SAME_TOWN_KM", "TRAJECTORY_KM", "Merger", "combine",
           "consolidate", "merge"]

#: Two point-precision events closer than this are the same place.
NEAR_KM = 25.0
#: Two point events with different names closer than this are the same town under two records.
SAME_TOWN_KM = 5.0
#: Launch sites / targets of two trajectories closer than this are the same.
TRAJECTORY_KM = 50.0
#: Dates at most this many days apart are compatible ("overnight" reported the next day).
DATE_SLACK_DAYS = 1

_FINE = ("point", "near")
_STRIKES = {"missile_strike", "drone_strike", "air_strike", "shelling"}
#: Air defence: one attack with the strike it stopped or that its debris caused, in one article...
_AIR_DEFENCE = {"interception", "shootdown"}
#: ... unless what was shot down is a crewed aircraft (weapons.tsv names), an event of its own.
_CREWED = {"aircraft", "helicopter"}
_STATUS_RANK = {"reported": 0, "claimed": 1, "disputed": 2, "denied": 3}


def merge(events: Iterable[Event], trajectories: Iterable[Trajectory]) -> tuple[list[Event], list[Trajectory]]:
    """Combine duplicate events and trajectories; return ``(events, trajectories)`` in first-seen order.

    Candidates are looked up by place and day (see :class:`Merger`), so a large corpus merges in
    about linear time.

    >>> merge([], [])
    ([], [])
    """
    merger = Merger()
    merger.add(events, trajectories)
    return merger.result()


class Merger:
    """The cross-article merge, fed as results arrive: what :func:`merge` does, one article at a time.

    ``add`` each article's events and trajectories in input order; :meth:`result` then equals
    :func:`merge` of everything added. Only the merged records are held (one per distinct event,
    with every source), never the reports already folded into them.

    A keyed reduce: a record is filed under its place (gazetteer id, and a 0.5° grid cell for
    point-precision places) and its day; a new report is compared only with the records filed
    under its own keys on compatible days (within :data:`DATE_SLACK_DAYS`, any day when either
    date is unknown), in first-seen order, and folds into the first that is the same.

    >>> merger = Merger()
    >>> merger.add([], [])
    >>> merger.result()
    ([], [])
    """

    def __init__(self) -> None:
        self._events = _Reduce(_event_keys, lambda pile, e: _same_event(pile.head, e, documents=pile.documents))
        self._trajectories = _Reduce(_trajectory_keys,
                                     lambda pile, t: _same_trajectory(pile.head, t, sources=pile.seen))

    def add(self, events: Iterable[Event] = (), trajectories: Iterable[Trajectory] = ()) -> None:
        """Fold more reports in, in the order given."""
        for event in events:
            self._events.add(event)
        for trajectory in trajectories:
            self._trajectories.add(trajectory)

    def result(self) -> tuple[list[Event], list[Trajectory]]:
        """The merged ``(events, trajectories)`` so far, each in first-seen order."""
        return self._events.result(), self._trajectories.result()


def consolidate(events: Sequence[Event], text: str, *, gazetteer=None) -> list[Event]:
    """Fold the events one article reports several times into one each (see the module docstring).

    ``events`` are one article's, as :func:`geomap.extraction.events.extract_events` returns them; ``text``
    is that article's text (its lines tell headlines from the body). With ``gazetteer``, an area's
    polygon says what lies inside it (a sea, a front line); without, countries and provinces by
    their codes. Every source is kept.
    """
    def within(coarse: Event, fine: Event) -> bool:
        return _within(coarse, fine) or (gazetteer is not None and _inside_shape(coarse, fine, gazetteer))

    body: list[Event] = []
    summary: list[Event] = []
    for event in events:
        (summary if _in_summary_line(text, event) else body).append(event)
    # the body's events fold as merge() folds articles: blocked by place and day, linear in the events
    reduce = _Reduce(_event_keys, lambda pile, e: _same_event(pile.head, e, documents=pile.documents))
    for event in body:
        reduce.add(event)
    kept = reduce.result()
    # A country-wide event beside finer ones of the same kind in that country says nothing more;
    # nor does a part of a country ("strikes across southern Lebanon" beside the towns hit), nor a
    # sea-wide one ("attacked three merchant vessels in the Red Sea") beside the ships it names.
    # A province keeps its own event: real reports name a province and a town in it as two places.
    out = list(kept)
    for event in [e for e in kept if e.precision in ("country", "sea", "region")]:
        j = next((j for j, f in enumerate(out) if f.precision not in ("country", "sea", "region")
                  and (f.category == event.category if event.precision == "country" else _family(f) == _family(event))
                  and within(event, f) and _dates_compatible(event.date, f.date)), None)
        if j is not None:
            out[j] = _combine(out[j], event)
            out = [e for e in out if e is not event]
    for event in summary:
        for i, other in enumerate(out):
            # a headline's event is the body's at that place, whatever kind its words suggest
            if _same_event(other, replace(event, category=other.category)) or within(event, other):
                out[i] = _combine(other, event)
                break
        else:
            if not _is_teaser(text, event):
                out.append(event)
    return out


_TEASER = re.compile(r"\s*[-–•*·]\s")


def _is_teaser(text: str, event: Event) -> bool:
    """Whether an event was read from a bulleted line with no closing punctuation: a link to another
    story ("- Ukraine says it struck landing craft in Crimea"), which tells nothing of its own here."""
    return bool(event.sources) and _TEASER.match(_line(text, event.sources[0])) is not None


def _line(text: str, source: Source) -> str:
    """The whole line of ``text`` a source sentence was read from."""
    start = text.rfind("\n", 0, source.start) + 1
    end = text.find("\n", source.end)
    return text[start:end if end >= 0 else len(text)]


_CLOSING = re.compile(r"[.!?…:][\"'”’)\]]*\s*$")


def _in_summary_line(text: str, event: Event) -> bool:
    """Whether ``event`` was read from a line of its own with no closing punctuation (a headline)."""
    if not event.sources:
        return False
    line = _line(text, event.sources[0]).strip()
    return bool(line) and len(line) <= 300 and _CLOSING.search(line) is None and "\n" in text


def _family(event: Event) -> str:
    return kind_family(event.category)


def _within(coarse: Event, fine: Event) -> bool:
    """Whether ``fine`` lies inside the province or country ``coarse`` is known only to."""
    if coarse.place is None or fine.place is None or fine.precision in ("country", "sea"):
        return False
    # "eastern Ukraine", "northern Hama": a part of a country or province holds what the whole does
    whole = coarse.place.feature if coarse.precision == "region" else None
    if coarse.precision == "country" or whole == "country":
        return fine.place.country is not None and fine.place.country == coarse.place.country
    if (coarse.precision == "province" or whole == "admin1") and fine.precision not in ("province", "region"):
        return (coarse.place.country == fine.place.country and coarse.place.admin1 is not None
                and coarse.place.admin1 == fine.place.admin1)
    return False


#: An area holds the events within this many degrees of its polygon (about 10 km: coasts, borders).
_EDGE_DEGREES = 0.1


_EDGES: dict[tuple[int, str], object] = {}


def _inside_shape(coarse: Event, fine: Event, gazetteer) -> bool:
    """Whether ``fine``'s point lies in the polygon of the area ``coarse`` is known only to."""
    if coarse.place is None or not coarse.place.has_shape or fine.precision in ("country", "sea", "province"):
        return False
    key = (id(gazetteer), coarse.place.id)
    if key not in _EDGES:
        try:
            shape = gazetteer.shape(coarse.place)
        except GazetteerError as err:  # a broken shapes file must not lose the article: no fold
            log.warning("no shape for %s: %s", coarse.place.id, err)
            shape = None
        _EDGES[key] = shape.buffer(_EDGE_DEGREES) if shape is not None and not shape.is_empty else None
    edge = _EDGES[key]
    return edge is not None and edge.contains(shapely_point((fine.lat, fine.lon)))


class _Reduce:
    """Fold each item into the first kept record it is ``same`` as, among those sharing a block.

    A block is an index key (see :func:`_event_keys`) and a day. Each record grows in a
    :class:`_Pile`, so folding one more report in costs the size of that report, not of the
    record: the same strike told by 16,000 articles merges in linear time.
    """

    def __init__(self, keys, same) -> None:
        self.keys, self.same = keys, same
        self.piles: list[_Pile] = []
        self.index: dict[tuple, dict[int | None, list[int]]] = {}

    def add(self, item) -> None:
        day = None if item.date is None else item.date.toordinal()
        found: set[int] = set()
        for key in self.keys(item):
            block = self.index.get(key)
            if not block:
                continue
            if day is None:
                for members in block.values():
                    found.update(members)
            else:
                for d in (None, *range(day - DATE_SLACK_DAYS, day + DATE_SLACK_DAYS + 1)):
                    found.update(block.get(d, ()))
        for i in sorted(found):
            if self.same(self.piles[i], item):
                self.piles[i].add(item)
                return
        self.piles.append(_Pile(item))
        for key in self.keys(item, own=True):
            # a record whose date is learnt later stays under None: still found by every date
            self.index.setdefault(key, {}).setdefault(day, []).append(len(self.piles) - 1)

    def result(self) -> list:
        return [pile.result() for pile in self.piles]


class _Pile:
    """A merged record under construction.

    ``head`` carries the merged single values (actor, date, status ...); its own ``sources``,
    ``counts`` and ``stated_crossings`` are stale. The lists here hold the merged ones, each with a
    set beside it, so adding a report never rescans what is already kept.
    """

    __slots__ = ("head", "sources", "seen", "documents", "counts", "crossings")

    def __init__(self, item):
        self.head = item
        self.sources = list(item.sources)
        self.seen = set(item.sources)
        self.documents = {s.document for s in item.sources}
        self.counts = _Unique(item.counts)
        self.crossings = _Unique(item.stated_crossings) if isinstance(item, Trajectory) else None

    def add(self, new) -> None:
        """Fold ``new``'s sources and figures in; the kept values win where both have one."""
        kept = self.head
        for source in new.sources:
            if source not in self.seen:
                self.seen.add(source)
                self.sources.append(source)
                self.documents.add(source.document)
        self.counts.extend(new.counts)
        changes: dict[str, object] = {
            "claim_status": _status(kept.claim_status, new.claim_status),
            "claimed_by": _join(kept.claimed_by, new.claimed_by),
            "confidence": max(kept.confidence, new.confidence),  # a second telling never makes it less sure
        }
        for name in ("actor", "weapon", "count", "date", "date_text"):
            if getattr(kept, name) is None and getattr(new, name) is not None:
                changes[name] = getattr(new, name)
        if isinstance(kept, Event):
            if kept.category in _AIR_DEFENCE and new.category not in _AIR_DEFENCE:
                changes.update(category=new.category, event_type=new.event_type, sub_event_type=new.sub_event_type)
            for name in ("target", "fatalities", "civilian_fatalities"):
                if getattr(kept, name) is None and getattr(new, name) is not None:
                    changes[name] = getattr(new, name)
            if kept.precision == "near" and new.precision == "point":
                changes.update(lat=new.lat, lon=new.lon, precision="point", place=new.place,
                               location_name=new.location_name)
        else:
            if kept.reported_distance_km is None and new.reported_distance_km is not None:
                changes["reported_distance_km"] = new.reported_distance_km
            self.crossings.extend(new.stated_crossings)
            if new.weapon and kept.weapon and " " in new.weapon and " " not in kept.weapon:
                changes["weapon"] = new.weapon  # "cruise missile" says more than "missile"
        if any(getattr(kept, name) != value for name, value in changes.items()):
            self.head = replace(kept, **changes)

    def result(self):
        """The merged record: ``head`` with every source and figure."""
        extra = {"stated_crossings": self.crossings.values()} if self.crossings is not None else {}
        return replace(self.head, sources=tuple(self.sources), counts=self.counts.values(), **extra)


class _Unique:
    """Values in first-seen order, each once (the record's own repeats kept): counts, crossings."""

    __slots__ = ("items", "seen")

    def __init__(self, values: Sequence):
        self.items = list(values)
        self.seen = set(values)

    def extend(self, values: Sequence) -> None:
        for value in values:
            if value not in self.seen:
                self.seen.add(value)
                self.items.append(value)

    def values(self) -> tuple:
        return tuple(self.items)


# Grid cells of half a degree (about 55 km north-south) hold every pair closer than NEAR_KM or
# TRAJECTORY_KM in the same or a neighbouring cell.
_CELL = 0.5


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _CELL), math.floor(lon / _CELL)


def _cells(lat: float, lon: float, own: bool) -> list[tuple[int, int]]:
    y, x = _cell(lat, lon)
    if own:
        return [(y, x)]
    wrap = round(360 / _CELL)
    return [(y + dy, (x + dx + wrap // 2) % wrap - wrap // 2) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]


def _event_keys(event: Event, own: bool = False) -> list[tuple]:
    family = "strike" if event.category in _STRIKES or event.category in _AIR_DEFENCE else _family(event)
    keys: list[tuple] = [(family, "id", event.place.id)] if event.place is not None else []
    if event.precision in _FINE:
        keys += [(family, "cell", c) for c in _cells(event.lat, event.lon, own)]
    return keys


def _trajectory_keys(t: Trajectory, own: bool = False) -> list[tuple]:
    return [(t.status, a, b) for a in _cells(t.launch_lat, t.launch_lon, own)
            for b in _cells(t.target_lat, t.target_lon, own)]


def _name_key(name: str) -> str:
    from .gazetteer import normalize

    return normalize(name)


def _dates_compatible(a, b) -> bool:
    return a is None or b is None or abs((a - b).days) <= DATE_SLACK_DAYS


def _same_event(a: Event, b: Event, *, documents: set[str] | None = None) -> bool:
    """Whether ``a`` and ``b`` tell one event; ``documents`` are ``a``'s when ``a`` is a merge in progress."""
    if not _dates_compatible(a.date, b.date):
        return False
    if a.category != b.category:
        # One article may tell one attack in two categories: a strike and the interception of its
        # munition ("missiles were fired at Kyiv ... debris from a downed missile hit Kyiv"), a strike
        # with its weapon and without ("drones hit X ... the attack on the city"), a raid and an
        # assault ("gunmen raided the market in X", "stormed the market"). Two weapons named at one
        # place are two strikes, and a crewed aircraft shot down is an event of its own.
        kinds = {a.category, b.category}
        documents = documents if documents is not None else set(a.documents)
        stopped = len(kinds & _STRIKES) == 1 and bool(kinds & _AIR_DEFENCE) and not any(
            e.category in _AIR_DEFENCE and e.weapon in _CREWED for e in (a, b))
        one_attack = stopped or _family(a) == _family(b) and (
            a.weapon is None or b.weapon is None or a.weapon == b.weapon)
        if not (one_attack and not documents.isdisjoint(b.documents)):
            return False
    if a.place is not None and b.place is not None and a.place.id == b.place.id:
        # "the southern Red Sea" and "the Red Sea off Hodeidah" are drawn apart: different parts.
        return great_circle_km((a.lat, a.lon), (b.lat, b.lon)) <= NEAR_KM
    if a.precision not in _FINE or b.precision not in _FINE:
        return False
    km = great_circle_km((a.lat, a.lon), (b.lat, b.lon))
    # Two differently named towns 15 km apart (Khan Younis, Nuseirat) are two events; the same
    # town under two records, or "near X" and a place beside X, are one.
    same_name = _name_key(a.location_name) == _name_key(b.location_name)
    if not same_name and a.place is not None and b.place is not None and a.place.country != b.place.country:
        return False  # "a base near Safed" and a village across the border 18 km away
    return km <= NEAR_KM and (same_name or "near" in (a.precision, b.precision) or km <= SAME_TOWN_KM)


def _same_trajectory(a: Trajectory, b: Trajectory, *, sources: set | None = None) -> bool:
    """Whether ``a`` and ``b`` tell one launch; ``sources`` are ``a``'s when ``a`` is a merge in progress."""
    if a.status != b.status or not _dates_compatible(a.date, b.date):
        return False
    sources = sources if sources is not None else set(a.sources)
    if not sources.isdisjoint(b.sources) and a.target_place is not None and b.target_place is not None \
            and a.target_place.id != b.target_place.id:
        return False  # "targeted the Nevatim and Hatzerim air bases": one sentence, two named targets
    return (_same_end(a.launch_place, b.launch_place, (a.launch_lat, a.launch_lon), (b.launch_lat, b.launch_lon))
            and _same_end(a.target_place, b.target_place, (a.target_lat, a.target_lon),
                          (b.target_lat, b.target_lon)))


def _same_end(pa, pb, a: tuple[float, float], b: tuple[float, float]) -> bool:
    if pa is not None and pb is not None and pa.id == pb.id:
        return True
    return great_circle_km(a, b) <= TRAJECTORY_KM


def combine(kept, new):
    """``kept`` with ``new``'s sources and figures added (see :func:`merge`)."""
    return _combine(kept, new)


def _combine(kept, new):
    """``kept`` with ``new``'s sources and figures added; ``kept``'s own values win where both have one."""
    pile = _Pile(kept)
    pile.add(new)
    return pile.result()


def _status(a: str, b: str) -> str:
    if a == b:
        return a
    if "denied" in (a, b) or "disputed" in (a, b):
        return "disputed" if "reported" in (a, b) or "claimed" in (a, b) else max(a, b, key=_STATUS_RANK.get)
    return "reported"  # a party's claim confirmed by an independent report


#: At most this many speakers are named in a merged ``claimed_by``; every source is still kept.
MAX_SPEAKERS = 6


def _join(a: str | None, b: str | None) -> str | None:
    """Speakers joined with "; ", each once, at most :data:`MAX_SPEAKERS` of them."""
    if not a or not b:
        return a or b
    parts = [p.strip() for p in a.split(";")]
    new = [p.strip() for p in b.split(";") if p.strip() not in parts]
    return "; ".join((parts + new)[:MAX_SPEAKERS])
