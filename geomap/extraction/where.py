"""Where an event is drawn: the place and precision a scene name stands for, from its own words.

A scene's name is read with the words right around it: "Hama province" and "the countryside of
Idlib" are the first-level division, not the city (``province``); "near X", "the outskirts of X",
"50 km north of X" are ``near`` (and a stated offset moves the point: :func:`offset_from`);
"southern Lebanon" is a point in that part of the polygon (:func:`part_of`, ``region``); a town
is a ``point``, a district ``district``, a country ``country``, a sea ``sea``. A coordinated list
("Hama and Idlib provinces") shares the words around the whole list.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace

from ..geometry import great_circle_km, part_point, shapely_point
from ..model import Place, Toponym
from .figures import NUMBER, QUALIFIER, WORD_NUMBER, parse_number

__all__ = ["DISTRICT_KM", "FINENESS", "HOME_SUPPORT", "KM_PER_UNIT", "NAMESAKE_SHARE", "PRECISION_OF_FEATURE",
           "SMALL_ABROAD", "at_home", "contains", "in_its_town", "located", "offset_from", "part_of", "place_of",
           "province_of", "reported_distance"]

_PROVINCE_BEFORE = re.compile(r"\b(?:(provinces?|governorates?|oblasts?|regions?|districts?) of|countryside of|"
                              r"rural (?:parts|areas|outskirts) of|(?:the )?rural)\s+(?:the\s+)?$",
                              re.I)
_NEAR_BEFORE = re.compile(r"\b(?:near|nearby|close to|outside|outskirts of|vicinity of|around|off|off the coast of|"
                          r"off (?:the )?(?:[\w'’-]+ ){0,2}?(?:port|city|town) of|"
                          r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)? of|"
                          r"\d+\s*(?:km|kilometres|kilometers|(?:nautical\s+)?miles)\s+(?:\w+\s+)?(?:of|from))\s+(?:the\s+)?$", re.I)



#: How fine a place of each feature is, finest first: a town in a province is finer than the province.
FINENESS = {"site": 0, "city": 1, "admin2": 2, "area": 3, "river": 3, "admin1": 4, "region": 5, "sea": 6, "country": 7}

PRECISION_OF_FEATURE = {"city": "point", "site": "point", "admin2": "district", "admin1": "province",
                        "region": "region", "area": "region", "river": "region", "country": "country",
                        "sea": "sea"}


def place_of(toponym: Toponym, gazetteer) -> Place | None:
    """The toponym's place, except that a name ending in Sea, Gulf, Strait, Ocean or Bay is the
    water body when the gazetteer has one so named ("the Red Sea", not the Sudanese province)."""
    place = toponym.place
    if place is not None and place.feature != "sea" and re.search(r"\b(?:Sea|Gulf|Strait|Ocean|Bay)\.?$",
                                                                  toponym.text):
        place = next((p for p in gazetteer.lookup(toponym.text.rstrip(".")) if p.feature == "sea"), place)
    return place


def province_of(place: Place, name: str, gazetteer) -> Place | None:
    """The first-level division ``name`` refers to ("Hama province" → Hama Governorate)."""
    if place.feature == "admin1":
        return place
    for candidate in gazetteer.lookup(name):
        if candidate.feature == "admin1" and (place.country is None or candidate.country == place.country):
            return candidate
    if place.country and place.admin1:
        return gazetteer.admin1(place.country, place.admin1)
    return None


_COORDINATOR = re.compile(r"\s*(?:,|and|or|&|, and|, or)\s*(?:the\s+)?")
_PART_OF = r"(?:rural (?:parts|areas|outskirts) of|(?:the )?countryside of|parts of|areas of|outskirts of|rural)"


def located(text: str, toponym: Toponym, gazetteer, *,
            group: Sequence[Toponym] | None = None) -> tuple[Place, str] | None:
    """The place an event at ``toponym`` is drawn at, and its precision.

    ``group`` is the coordinated list the toponym belongs to ("Hama and Idlib provinces",
    "the provinces of Homs, Hama and Raqqa"): words around the whole list apply to each member
    joined by a bare "and" or comma; "the Ghab plain and rural parts of Latakia province" keeps
    the plain a region and makes Latakia a province.
    """
    place = toponym.place
    if place is None:
        return None
    place = place_of(toponym, gazetteer)
    group = list(group) if group else [toponym]
    index = next((i for i, t in enumerate(group) if t is toponym), 0)
    start, end = toponym.start, toponym.end
    while index > 0 and _COORDINATOR.fullmatch(text[group[index - 1].end:start]):
        index -= 1
        start = group[index].start
    index = next((i for i, t in enumerate(group) if t is toponym), 0)
    while index + 1 < len(group) and _COORDINATOR.fullmatch(text[end:group[index + 1].start]):
        index += 1
        end = group[index].end
    before = text[max(0, start - 40):start]
    after = text[end:end + 40]
    province_after = re.match(r"^\s*(provinces?|governorates?|oblasts?|regions?|states?|prefectures?|districts?|"
                              r"count(?:y|ies)|countryside)\b", after, re.I)
    province_before = _PROVINCE_BEFORE.search(before)
    if (province_after or province_before) and place.feature not in ("area", "region", "river"):
        kind = (province_after.group(1) if province_after else province_before.group(0)).lower()
        if kind.startswith(("district", "county", "counties")) and place.feature in ("admin2", "city", "site"):
            return place, "district"
        if place.feature in ("country", "sea"):
            return place, PRECISION_OF_FEATURE[place.feature]
        province = province_of(place, toponym.text, gazetteer)
        if province is not None:
            return province, "province"
        return place, "province"
    if _NEAR_BEFORE.search(before) and place.feature in ("city", "site", "admin2"):
        return place, "near"
    return place, PRECISION_OF_FEATURE.get(place.feature, "point")




_BEARINGS = {"north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0, "south": 180.0,
             "southwest": 225.0, "west": 270.0, "northwest": 315.0}
_OFFSET_BEFORE = re.compile(
    r"\b(?P<n>\d+(?:\.\d+)?|" + WORD_NUMBER + r")\s*(?P<unit>km|kilomet(?:re|er)s?|(?:nautical\s+)?miles|mi)\s+"
    r"(?:\([^)]{0,25}\)\s+)?(?P<dir>(?:north|south)[- ]?(?:east|west)|north|south|east|west)(?:ern)?\s+of\s+(?:the\s+)?"
    r"(?:(?:city|town|village|port|capital)\s+of\s+)?$", re.I)
#: Kilometres per unit of a stated distance.
KM_PER_UNIT = {"km": 1.0, "kilometre": 1.0, "kilometres": 1.0, "kilometer": 1.0, "kilometers": 1.0,
               "mi": 1.609344, "mile": 1.609344, "miles": 1.609344, "nautical miles": 1.852}


def offset_from(text: str, toponym: Toponym) -> tuple[float, float, str] | None:
    """The stated offset before a name ("about 10 km east of", "80 nautical miles southeast of"):
    (km, bearing in degrees, the words); else None."""
    m = _OFFSET_BEFORE.search(text, max(0, toponym.start - 70), toponym.start)
    if m is None:
        return None
    n = float(m.group("n")) if m.group("n")[0].isdigit() else parse_number(m.group("n"))
    unit = " ".join(m.group("unit").lower().split())
    if not n or n > 1000:
        return None
    km = n * KM_PER_UNIT[unit]
    bearing = _BEARINGS[m.group("dir").lower().replace("-", "").replace(" ", "")]
    return km, bearing, m.group().strip()


_DIRECTION_BEFORE = re.compile(
    r"\b(north|south|east|west|central|north[- ]?east|north[- ]?west|south[- ]?east|south[- ]?west)(?:ern)?\s+"
    r"(?:parts? of\s+)?(?:the\s+)?$", re.I)


def part_of(text: str, toponym: Toponym, place: Place, gazetteer) -> tuple[tuple[float, float], str] | None:
    """For "southern Lebanon", "western Iran", "northern Gaza": a point inside that part of the
    place's polygon (the matching third of its bounding box) and the direction word; else None."""
    if place.feature not in ("country", "admin1", "region", "area", "sea") or not place.has_shape:
        return None
    m = _DIRECTION_BEFORE.search(text[max(0, toponym.start - 30):toponym.start])
    if m is None:
        return None
    inside = part_point(place, m.group(1), gazetteer)
    if inside is None:
        return None
    word = m.group(0).strip().split()[0].lower()
    word = word if word.endswith("ern") or word == "central" else word + "ern"
    return inside, word


_DISTANCE = re.compile(
    r"\b" + QUALIFIER + r"(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + NUMBER + r")\s*"
    r"(?P<unit>nautical miles|miles|mi|km|kilometres|kilometers)\b(?!\s+(?:north|south|east|west|from|of)\b)",
    re.I)


def reported_distance(text: str) -> float | None:
    """The flight distance a sentence states ("flew 900 miles", "a range of 1,500 km") in km, or
    None; a distance that places something ("40 km north of X", "50 miles from") is no flight."""
    m = _DISTANCE.search(text)
    if m is None:
        return None
    n = parse_number(m.group("n"))
    if n is None:
        return None
    return round(n * KM_PER_UNIT[" ".join(m.group("unit").lower().split())], 1)


def contains(outer: Place, inner: Place, gazetteer) -> bool:
    """Whether ``outer`` holds ``inner``: a country or province by the gazetteer's codes, a region,
    area or sea by its polygon ("the Kurdistan Region capital of Erbil")."""
    if outer.id == inner.id or FINENESS.get(outer.feature, 1) <= FINENESS.get(inner.feature, 1):
        return False
    if outer.feature in ("region", "area") and outer.has_shape:
        shape = gazetteer.shape(outer)
        return shape is not None and shape.contains(shapely_point((inner.lat, inner.lon)))
    if not outer.country or outer.country != inner.country:
        return False
    if outer.feature == "country":
        return True
    if outer.feature == "admin1":
        if inner.admin1 or not outer.has_shape:
            return bool(outer.admin1) and outer.admin1 == inner.admin1
        shape = gazetteer.shape(outer)  # a curated site with no admin-1 code: its polygon says
        return shape is not None and shape.contains(shapely_point((inner.lat, inner.lon)))
    return False


#: How many other names of an article must lie in a country before a name read abroad is taken
#: for its namesake there ("Tripoli" in an article that names Nabatieh, Beirut and Lebanon).
HOME_SUPPORT = 2
#: ... and the namesake must be a town of some size beside the place it replaces: at least this
#: share of its population (the Lebanese Tripoli is 17% of the Libyan one; a Damascus in Arkansas
#: is 1% of Syria's capital, which stays) ...
NAMESAKE_SHARE = 0.1
#: ... unless the place read abroad is smaller than this (a village, a site).
SMALL_ABROAD = 10_000
_MOVABLE = frozenset({"city", "site", "admin2", "admin1", "area"})


def _folded(name: str) -> str:
    """A name without case or accents, for comparing spellings ("Léré" and "Lere")."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))


def at_home(toponyms: Sequence[Toponym], gazetteer) -> tuple[Toponym, ...]:
    """The article's toponyms, each name read in a country the article is not otherwise about moved
    to its namesake in a country the article is about, when the gazetteer has one.

    A name's own mentions do not count toward its country: an article naming Nabatieh, Beirut and
    Lebanon means the Lebanese Tripoli, however big the Libyan one is. A country counts when at
    least :data:`HOME_SUPPORT` other distinct names lie in it, and at least half as many as in the
    country the article names most (an article about Iran and Israel that names two US officials'
    towns is not about the United States). The namesake must not be a hamlet beside a city
    (:data:`NAMESAKE_SHARE`, :data:`SMALL_ABROAD`). Countries, seas and regions stay as they were
    read; so does a name with no namesake in those countries.
    """
    names_in: dict[str, set[str]] = {}
    for t in toponyms:
        if t.place is not None and t.place.country and t.role != "unresolved":
            names_in.setdefault(t.place.country, set()).add(_folded(t.text))
    out = []
    homes: dict[str, set[str]] = {}  # per name: the countries the article is about, its own mentions aside
    moved: dict[str, Place | None] = {}
    for t in toponyms:
        place = t.place
        if place is None or place.feature not in _MOVABLE:
            out.append(t)
            continue
        key = _folded(t.text)
        if key not in homes:
            support = {c: len(names - {key}) for c, names in names_in.items()}
            floor = max(HOME_SUPPORT, max(support.values(), default=0) / 2)
            homes[key] = {c for c, n in support.items() if n >= floor}
        home = homes[key]
        if not home or place.country in home:
            out.append(t)
            continue
        if key not in moved:
            namesakes = [p for p in gazetteer.lookup(t.text) if p.country in home and _folded(p.name) == key
                         and (place.population < SMALL_ABROAD or p.population >= place.population * NAMESAKE_SHARE)]
            moved[key] = max(namesakes, key=lambda p: p.population, default=None)
        out.append(t if moved[key] is None else replace(t, place=moved[key]))
    return tuple(out)


#: How far from its town a district named as the town's ("Kherson's Dniprovskyi district") may lie.
DISTRICT_KM = 30.0
#: A district, neighbourhood or quarter named after the place name.
_DISTRICT_AFTER = re.compile(r"\s+(?:district|neighbou?rhood|quarter|suburb|microdistrict|area)\b", re.IGNORECASE)
#: "X's " or "the city's " right before the place name: whose district it is.
_OWNER_BEFORE = re.compile(r"(?:(?P<city>the (?:city|town|capital|port)(?:'s|’s))|(?:'s|’s))\s+$", re.IGNORECASE)
#: "the (northwestern) district of " right before the place name.
_DISTRICT_OF_BEFORE = re.compile(r"\b(?:district|neighbou?rhood|quarter|suburb) of\s+$", re.IGNORECASE)
#: A sentence that opens with "In X," names the town the rest of it happens in.
_OPENS_WITH = re.compile(r"(?:^|[.!?]\s+|\n\s*)In\s+$")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
#: How far back "the city's" looks for its town.
_CITY_BACK = 600


def in_its_town(text: str, toponyms: Sequence[Toponym], gazetteer) -> tuple[Toponym, ...]:
    """The toponyms, each district named as a town's ("Kherson's Dniprovskyi district", "the city's
    Zavodskoy district", "In Tehran, ... the district of Saadat Abad") kept within :data:`DISTRICT_KM`
    of that town: moved to a namesake there, or to the town itself when the gazetteer knows no such
    district (the Dniprovskyi district of Kyiv is not the one in Kherson)."""
    def town(u: Toponym) -> bool:
        return u.place is not None and u.place.feature == "city"

    out = list(toponyms)
    for k, t in enumerate(out):
        if t.place is None or not (_DISTRICT_AFTER.match(text, t.end)
                                   or _DISTRICT_OF_BEFORE.search(text, max(0, t.start - 40), t.start)):
            continue
        before = _OWNER_BEFORE.search(text, max(0, t.start - 24), t.start)
        if before is None:
            # "In Tehran, a drone crashed ... in the district of Saadat Abad": the town the
            # sentence opens with
            towns = [u for u in out[:k] if town(u) and u.role == "literal"
                     and _OPENS_WITH.search(text, max(0, u.start - 4), u.start)
                     and not _SENTENCE_END.search(text, u.end, t.start)]
        elif before.group("city"):
            towns = [u for u in out[:k] if town(u) and u.role == "literal" and t.start - u.end <= _CITY_BACK]
        else:
            towns = [u for u in out[:k] if u.end == before.start() and town(u)]
        if not towns:
            continue
        owner = towns[-1].place
        here = (owner.lat, owner.lon)
        if great_circle_km((t.place.lat, t.place.lon), here) <= DISTRICT_KM:
            continue
        near = [p for p in gazetteer.lookup(t.text) if great_circle_km((p.lat, p.lon), here) <= DISTRICT_KM]
        out[k] = replace(t, place=max(near, key=lambda p: p.population) if near else owner)
    return tuple(out)
