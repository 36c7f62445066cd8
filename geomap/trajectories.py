"""Missile, rocket and drone flights: from the launch site to the target, along the great circle.

Stage: toponyms → events → **trajectories** → merge → export / render.

A sentence yields a trajectory when it names a launched weapon, an origin and a target.

Origin
    a stated one: "from the Black Sea", "from western Iran", "from Russia's Kursk region",
    "warships in the Caspian Sea fired", "Russia's Caspian Sea fleet"; else the launching
    country when it is the subject ("Iran fired 180 ballistic missiles at Israel", "a drone
    launched by Yemen's Houthis") — only for missiles and drones, and only for targets within
    2,500 km of it. Seas are drawn at a point inside the water; "western Iran" in the western
    third of Iran's polygon.
Target
    the first place after the launch verb that is not the origin, not a speaker and not a
    route: "at Eilat", "targets in Syria" (country precision, for the map to show the
    uncertainty), "against Syrian rebels", "at Kyiv and Lviv" (one flight each). "Intercepted
    over Jizan" ends there with status ``"intercepted"``, unless a later target follows
    ("intercepted over Iraq and Syria before reaching Israel").
Context
    the next sentences that refer back to the weapons ("Twenty-six cruise missiles flew 900
    miles across Iran and Iraq ...", "The missiles ...") lend count, weapon, reported distance
    and stated crossings; a sentence that only says where the weapons came from ("The bombs were
    launched from aircraft over the Belgorod region") takes its target from the sentence before.
    Outcomes ("four of the missiles crashed into Iran", "three drones were shot down over
    Jordan") become flights of their own with status ``"crashed"`` / ``"intercepted"``, their
    count, and the claim status of their own sentence ("which was rejected by ..." → disputed).

Geometry: the path is a geodesic on the WGS84 ellipsoid (``pyproj.Geod.npts``), one point per
about 75 km and never fewer than 16, as ``(lat, lon)`` tuples with longitudes in [-180, 180]
(a flight over the antimeridian jumps from 180 to -180 between two points). ``distance_km`` is
the geodesic length; ``reported_distance_km`` the stated one ("900 miles", "nearly a thousand
miles", "1,500 km"), in km. ``crosses`` lists the ISO codes of the countries whose gazetteer
polygon the path passes over, in flight order, launch and target countries included;
``stated_crossings`` the countries the text says it crossed ("across Iran and Iraq").
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from .events import (
    KM_PER_UNIT,
    NUMBER,
    QUALIFIER,
    find_claim,
    find_count,
    find_date,
    find_weapon,
    find_weapons,
    is_origin,
    located,
    parse_number,
    part_of,
    place_of,
    resolve_inputs,
    sentence_toponyms,
    stable_id,
)
from .geometry import crossed_countries, distance_km, geodesic_path, representative_point, sea_point_toward
from .model import Article, Mention, Place, Source, Toponym, Trajectory
from .sentences import split_sentences

__all__ = ["extract_trajectories"]

log = logging.getLogger(__name__)

_DISTANCE_RE = re.compile(
    r"\b" + QUALIFIER + r"(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + NUMBER + r")\s*"
    r"(?P<unit>nautical miles|miles|mi|km|kilometres|kilometers)\b", re.I)
_LAUNCH_VERB = re.compile(r"\b(?:fired|fires|fire|launched|launches|launch|shot|lobbed|flew|sent|struck|hit|dropped|"
                          r"pounded|bombarded|hammered|shelled|exploded|crashed|slammed|landed|sorties|raids|"
                          r"targeted|attacked|strikes?|barrage|salvo)\b", re.I)
_LONG_RANGE = ("missile_strike", "drone_strike")
_CROSSING_RE = re.compile(r"\b(?:across|over|through|crossing|via|traversing|transiting)\s+(?:the\s+)?", re.I)
_OUTCOME_RE = re.compile(
    r"\b(?:" + QUALIFIER + r"(?P<n>" + NUMBER + r")\s+(?:of\s+(?:the|its|their|these|those)\s+)?)?"
    r"(?:[\w-]+\s+){0,3}?(?:missiles?|rockets?|drones?|projectiles?|UAVs?)\s+(?:\w+\s+){0,2}?"
    r"(?P<verb>crashed|came down|went down|were intercepted|was intercepted|"
    r"were shot down|was shot down|were downed|was downed)\s+(?:\w+\s+){0,2}?(?:in|into|on|over|near)\s+",
    re.I)
_TARGET_PREP = re.compile(r"\b(?:at|against|on|towards?|targeting|into|hitting|struck|hit|in)\s+"
                          r"(?:[\w'’-]+\s+){0,4}?$",
                          re.I)


def extract_trajectories(article: Article, *, gazetteer=None,
                         toponyms: list[Toponym] | None = None) -> list[Trajectory]:
    """The launches an article reports, each from its launch site to its target.

    ``gazetteer`` defaults to the bundled one, ``toponyms`` to :func:`geomap.toponyms.geoparse`.
    One launch aimed at several places ("at Kyiv and Lviv") is one trajectory per target.
    """
    gazetteer, toponyms = resolve_inputs(article, gazetteer, toponyms)
    text = article.text
    sentences = _clauses(split_sentences(text))
    per_sentence = [sentence_toponyms(s, toponyms) for s in sentences]
    out: list[Trajectory] = []
    for i, sentence in enumerate(sentences):
        weapon = find_weapon(sentence.text)
        launched = weapon is not None and weapon[1] in _LONG_RANGE + ("shelling",)
        if not launched and not re.search(r"\b(?:fired|launched|strikes?|bombs?|shelled|took off|taken off|sorties|"
                                          r"taking off|flew|flown|flying)\b", sentence.text, re.I):
            continue
        if _only_hypothetical(sentence.text):
            continue  # "the group would strike any US warship in the Red Sea if ...": a threat
        # The story goes on in following sentences that name a weapon and no origin of their own.
        window = []
        for j in range(i + 1, min(i + 3, len(sentences))):
            nxt = sentences[j]
            found = find_weapon(nxt.text)
            if (_origin(text, nxt, per_sentence[j], gazetteer) is not None or found is None
                    or found[1] not in _LONG_RANGE):
                break
            if not (_CONTINUES.match(nxt.text) or _OUTCOME_RE.search(nxt.text)):
                break  # a new story ("Israel struck targets in Damascus ...")
            window.append(j)
        details = [j for j in window if not _OUTCOME_RE.search(sentences[j].text)]
        # "launched four Kalibr missiles from a submarine in the Black Sea and two Iskanders from occupied
        # Crimea toward the Odesa region": one flight from each stated launch site.
        for origin in _origins(text, sentence, per_sentence[i], gazetteer):
            targets = _targets(text, sentence, per_sentence[i], origin, gazetteer)
            if origin[2] == "implied":
                # "Iran launched missiles at Israel": the country is the launch site only for a
                # long-range weapon and a target within reach of it.
                if not launched or weapon[1] not in _LONG_RANGE:
                    continue
                origin = (origin[0], origin[1], "country")
                targets = [t for t in targets if _reach_km(origin[1], t[1]) <= _MAX_IMPLIED_KM]
            for j in details:
                if targets:
                    break
                targets = _targets(text, sentences[j], per_sentence[j], origin, gazetteer, need_verb=False)
            context = []
            if not targets and i > 0 and (_CONTINUES.match(sentence.text) or _REFERS_BACK.search(sentence.text)
                                          or (origin[2] != "implied" and _PASSIVE_LAUNCH.search(sentence.text))):
                # "Russian aircraft dropped bombs on Kharkiv. The bombs were launched from over Belgorod.";
                # "Russia pounded Ukraine ... Missiles were launched from bombers over the Caspian Sea, while
                # Kalibr missiles came from ships in the Black Sea": the nearest earlier clause with a target.
                for k in range(i - 1, max(-1, i - 6), -1):
                    if k < i - 2 and not _same_weapon(sentence, sentences[k]):
                        continue  # past a quote or two, only a sentence about the same weapon
                    targets = _targets(text, sentences[k], per_sentence[k], origin, gazetteer)
                    if targets:
                        context = [sentences[k]]
                        out = _without_implied(out, sentences[k], origin[1])
                        break
            if not targets:
                continue
            texts = [sentence] + [sentences[j] for j in details]
            mains = [_build(article, texts, origin, target, gazetteer, per_sentence, sentences,
                            status="intercepted" if _STOPPED_OVER.search(text[max(sentence.start, target[0].start - 50):
                                                                              target[0].start]) else "launched",
                            context=context) for target in targets]
            out.extend(mains)
            for j in window:
                out.extend(_outcomes(article, sentences[j], per_sentence[j], origin, mains[0], gazetteer))
    return _finest_launch_sites(out)


def _finest_launch_sites(flights: list[Trajectory]) -> list[Trajectory]:
    """Drop a line from a whole launching country ("Iran fired missiles at Israel") when the
    article also says where in that country the same target was fired at from ("launched from
    Kermanshah province"), and a line at a whole country when the same launch site's flights end
    at places inside it: the finer ends tell the same flight better."""
    def finer(t: Trajectory, c: Trajectory) -> bool:
        return (t is not c and t.launch_precision != "country" and t.status == c.status
                and t.launch_place is not None and t.target_place is not None and c.target_place is not None
                and t.launch_place.country == c.launch_place.country and t.target_place.id == c.target_place.id)

    def finer_target(t: Trajectory, c: Trajectory) -> bool:
        return (t is not c and t.target_precision != "country" and t.status == c.status
                and t.launch_place is not None and c.launch_place is not None and t.target_place is not None
                and t.launch_place.id == c.launch_place.id and t.target_place.country == c.target_place.country)

    return [c for c in flights if not (c.launch_precision == "country" and c.launch_place is not None
                                       and any(finer(t, c) for t in flights))
            and not (c.target_precision == "country" and c.target_place is not None
                     and any(finer_target(t, c) for t in flights))]


def _only_hypothetical(sentence: str) -> bool:
    """Whether every trigger word of ``sentence`` is a threat, a hypothesis or a negation."""
    from .events import _is_hypothetical, _triggers

    found = _triggers(sentence)
    return bool(found) and all(_is_hypothetical(sentence, t) for t in found)


def _same_weapon(a: Mention, b: Mention) -> bool:
    """Whether two sentences name a weapon of the same kind ("the bombs" ... "two guided bombs")."""
    kinds = {w[1] for w in find_weapons(a.text)}
    return bool(kinds & {w[1] for w in find_weapons(b.text)})


# A sentence that goes on about the same weapons: "Twenty-six cruise missiles flew ...",
# "The missiles ...", "They ...", "All 14 drones ...".
_CONTINUES = re.compile(
    r"^[\"“]?(?:They\b|(?:The|These|Those|All|Some|Most|Several|Both|Each|Two|Three|Four|Five|Six|Seven|Eight|Nine|"
    r"Ten|Eleven|Twelve|Dozens|Hundreds|Many|Another|(?:Twenty|Thirty|Forty|Fifty|Sixty|Seventy|Eighty|Ninety)"
    r"(?:-[a-z]+)?|\d[\d,]*)\s+(?:of\s+(?:the|them)\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:missiles?|rockets?|drones?|projectiles?|UAVs?|Shaheds?|munitions|warheads?|bombs?)\b"
    r"|(?:Missiles?|Rockets?|Drones?|Projectiles?)\b)")


# "were launched from", "came from": a launch told in the passive goes on about a strike already named.
_PASSIVE_LAUNCH = re.compile(r"\b(?:(?:was|were|had been|have been|being)\s+(?:\w+\s+)?(?:launched|fired)|came|come|"
                             r"(?:had|have)\s+(?:taken off|flown)|took off|crossed)\s+from\b", re.I)

# Clause breaks inside a sentence that start another launch ("..., while Kalibr missiles came from ...").
_CLAUSE_BREAK = re.compile(r",\s+(?:while|whereas)\s+|;\s+")


def _clauses(sentences: list[Mention]) -> list[Mention]:
    """Split sentences at ", while" and ";" so that each launch keeps its own origin."""
    out = []
    for sentence in sentences:
        start = 0
        for m in _CLAUSE_BREAK.finditer(sentence.text):
            out.append(Mention(sentence.text[start:m.start()], sentence.start + start, sentence.start + m.start()))
            start = m.end()
        out.append(Mention(sentence.text[start:], sentence.start + start, sentence.end))
    return out


def _without_implied(out: list[Trajectory], sentence: Mention, origin: Place) -> list[Trajectory]:
    """Drop the lines drawn from a launching country for ``sentence`` once a later clause states where in
    that country (or off it) the launch came from: "Iran fired missiles at Israel. ... launched from western Iran"."""
    return [t for t in out if not (t.launch_precision == "country" and t.sources and t.sources[0].start == sentence.start
                                   and t.launch_place is not None and t.launch_place.country == origin.country)]


# "was intercepted over Jizan": where the flight ended, not a country it crossed.
_STOPPED_OVER = re.compile(r"\b(?:intercepted|shot down|downed|destroyed)\s+(?:\w+\s+){0,3}?(?:over|above|near)\s+"
                           r"(?:the\s+)?$", re.I)

_REFERS_BACK = re.compile(r"\b(?:the|these|those)\s+(?:[\w-]+\s+){0,3}?(?:missiles?|rockets?|drones?|projectiles?|bombs?)\b",
                          re.I)

# "against Syrian rebels", "at Israeli cities": an adjective that stands for its country.
_PEOPLE_AFTER = re.compile(r"^\s+(?:\w+\s+)?(?:rebels|forces|troops|army|military|targets|positions|militants|"
                           r"territory|"
                           r"cities|towns|villages|bases|soil|infrastructure|opposition|insurgents|fighters)\b", re.I)

_FEATURE_FINENESS = {"site": 0, "city": 1, "admin2": 2, "area": 3, "admin1": 4, "region": 5, "sea": 6, "country": 7}
_LAUNCHED_BY = re.compile(r"^(?:'s|’s)?\s+(?:[A-Z][\w-]*\s+){0,3}(?:\w+\s+){0,2}?(?:has |have |had |also |then |"
                          r"reportedly |again |on \w+ )?(?:fired|launched|shot(?! down)|lobbed|sent)\b"
                          r"|^(?:'s|’s)\s+[^.;]{0,60}?\b(?:they|it)\s+(?:had\s+|has\s+|have\s+)?(?:fired|launched)\b")


def _origins(text: str, sentence: Mention, toponyms: list[Toponym], gazetteer) -> list[tuple[Toponym, Place, str]]:
    """Every launch site a sentence states, each after its own "from" ("from a submarine in the
    Black Sea and ... from occupied Crimea"); a name that only says where the site before it is
    ("from the Primorsko-Akhtarsk area on Russia's Sea of Azov coast") is part of that site. With
    fewer than two, the one origin :func:`_origin` finds."""
    stated = _stated(text, toponyms)
    groups: list[list[Toponym]] = []
    for t in stated:
        if groups and t.start - groups[-1][-1].end < 60 and _LOCATES_PREVIOUS.match(text, groups[-1][-1].end, t.start) \
                and "from" not in text[groups[-1][-1].end:t.start].lower().split():
            groups[-1].append(t)
            continue
        groups.append([t])
    if len(groups) < 2:
        origin = _origin(text, sentence, toponyms, gazetteer, stated=stated)
        return [origin] if origin is not None else []
    out: list[tuple[Toponym, Place, str]] = []
    for group in groups:
        site = _finest_site(group, gazetteer)
        if all(o[1].id != site[1].id for o in out):
            out.append(site)
    # "from inside Yemeni territory, from the governorate of Saada": one site, the finer one
    return [o for o in out if not (o[1].feature == "country" and any(
        p is not o and p[1].country == o[1].country and p[1].feature != "country" for p in out))]


# "the X area on Russia's Sea of Azov coast", "bases near Tabriz, in East Azerbaijan": the second
# name says where the first launch site is.
_LOCATES_PREVIOUS = re.compile(r"(?:\s+(?:area|region|district|province|coast|outskirts|base|airfield))?\s+"
                               r"(?:on|in|near|of|off)\s+(?:the\s+)?(?:[A-Z][\w-]*(?:'s|’s)\s+)?$|,\s*(?:in\s+)?$")


def _stated(text: str, toponyms: list[Toponym]) -> list[Toponym]:
    """The toponyms that are stated launch sites ("from the Black Sea", "warships in the Caspian Sea fired")."""
    stated = []
    for t in toponyms:
        if t.place is None or t.role == "metonym" or not is_origin(text, t):
            continue
        if re.match(r"^(?:'s|’s)\s+(?:[a-z]+\s+)?[A-Z]", text[t.end:t.end + 30]):
            continue  # "from Russia's Kursk region": the region is the origin
        stated.append(t)
    return stated


def _finest_site(toponyms: list[Toponym], gazetteer) -> tuple[Toponym, Place, str]:
    """The finest of the names of one launch site, with its place and precision."""
    t = min(toponyms, key=lambda x: _FEATURE_FINENESS.get(x.place.feature, 8))
    place = place_of(t, gazetteer)
    return t, place, _origin_precision(place)


def _origin(text: str, sentence: Mention, toponyms: list[Toponym], gazetteer, *,
            stated: list[Toponym] | None = None) -> tuple[Toponym, Place, str] | None:
    """Where a launch came from: a stated origin ("from the Black Sea"), else the launching country
    when it is the subject ("Iran launched", "Yemen's Houthis fired"). ``stated`` are the sentence's
    stated launch sites when the caller has them already."""
    stated = _stated(text, toponyms) if stated is None else stated
    if stated:
        return _finest_site(stated, gazetteer)
    for t in toponyms:
        if t.place is None or t.place.feature != "country" or t.role == "adjectival":
            continue
        head = text[sentence.start:t.start]
        if re.search(r"\b(?:launched|fired|sent|operated|flown)\s+by\s+(?:the\s+)?$", head) and \
                re.match(r"^(?:'s|’s)\s", text[t.end:t.end + 4]):
            return t, t.place, "implied"  # "a drone launched by Yemen's Houthis"
        if re.search(r"\b(?:at|on|against|in|into|towards?|over|near)\s+(?:the\s+)?$", head, re.I):
            continue
        if _LAUNCHED_BY.match(text[t.end:t.end + 80]):
            return t, t.place, "implied"
    return None


#: An origin implied by the launching country is believed only for targets this close to it.
_MAX_IMPLIED_KM = 2500.0


def _reach_km(a: Place, b: Place) -> float:
    return distance_km((a.lat, a.lon), (b.lat, b.lon))


def _origin_precision(place: Place) -> str:
    return {"sea": "sea", "country": "country", "admin1": "province", "admin2": "district", "region": "region",
            "area": "region"}.get(place.feature, "point")


def _targets(text: str, sentence: Mention, toponyms: list[Toponym], origin, gazetteer, *,
             need_verb: bool = True) -> list[tuple[Toponym, Place, str]]:
    """The targets of a launch sentence: the first place after the launch verb that is not the
    origin, with the places coordinated with it ("at Kyiv and Lviv")."""
    from .events import _COORDINATOR, _PASSIVE_GAP, _SCENE_BREAK, _eligible, _says_where_another_is, is_container

    origin_toponym = origin[0]
    verbs = list(_LAUNCH_VERB.finditer(sentence.text))
    verb = verbs[0] if verbs else None
    if verb is None and need_verb:
        return []
    verb_at = sentence.start + (verb.start() if verb else 0)
    found: list[tuple[Toponym, Place, str]] = []
    stopped: list[tuple[Toponym, Place, str]] = []  # "intercepted over Jizan", if no target follows
    adjectival: list[tuple[Toponym, Place, str]] = []  # "at Russian positions", if no place is named
    for t in toponyms:
        if t is origin_toponym or t.place is None or t.start < verb_at:
            continue
        if origin_toponym is not None and origin_toponym.end <= t.start and is_container(text, origin_toponym, t):
            continue  # "aircraft flying over the Belgorod region of Russia": where the launch site is
        if _says_where_another_is(text, t, toponyms):
            continue  # "taken off from the Bagram air base, north of Kabul": Kabul only says where
        nearest = max((sentence.start + v.end() for v in verbs if sentence.start + v.end() <= t.start), default=verb_at)
        if _SCENE_BREAK.search(text, nearest, t.start) or _CHARGE.search(text, nearest, t.start):
            break  # "a charge that, if true, would widen the war beyond Nagorno-Karabakh"
        if found and is_container(text, found[-1][0], t):
            continue  # "at militant bases in Idlib, Syria"
        if found:
            if _COORDINATOR.fullmatch(text[found[-1][0].end:t.start]) and _eligible(text, t, "missile_strike"):
                where = located(text, t, gazetteer)
                if where is not None and not same_place(where[0], origin[1]):
                    found.append((t, where[0], where[1]))
                continue
            if found is stopped:  # "intercepted over Iraq and Syria before reaching Israel"
                found = []  # a later target wins; the stopped places stay the fallback
            else:
                break
            if t.start < verb_at:
                continue
        before = text[max(sentence.start, t.start - 50):t.start]
        crossing = _CROSSING_RE.search(text[max(sentence.start, t.start - 25):t.start])
        if crossing and not _TARGET_PREP.search(before[-12:]) and not _STOPPED_OVER.search(before):
            continue  # "across Iran and Iraq" is the route, not the target
        if t.role == "adjectival":
            # "against Syrian rebels": the country of the adjective, at country precision.
            if t.place.feature == "country" and re.search(r"\b(?:at|against|on|targeting)\s+(?:\w+\s+){0,2}$",
                                                            before) and _PEOPLE_AFTER.match(text[t.end:t.end + 40]):
                if not adjectival:
                    adjectival.append((t, t.place, "country"))
            continue
        if (t.place.feature == "country" and not adjectival and re.match(r"^(?:'s|’s)\s", text[t.end:t.end + 3])
                and _HIT_BEFORE.search(before) and not same_place(t.place, origin[1])):
            adjectival.append((t, t.place, "country"))  # "pounded Ukraine's power grid", if nothing finer
            continue
        if not _eligible(text, t, "missile_strike") or same_place(t.place, origin[1]):
            continue
        where = located(text, t, gazetteer)
        if where is None or same_place(where[0], origin[1]):
            continue
        if not found and not stopped and _STOPPED_OVER.search(before):
            found = stopped
        found.append((t, where[0], where[1]))
    if not found and not stopped:
        # "Odesa was targeted by Kalibr missiles fired from the Black Sea": the passive subject.
        for t in toponyms:
            if t.start >= verb_at or t.place is None or t is origin_toponym:
                continue
            gap = text[t.end:t.end + 40]
            if re.match(_PASSIVE_GAP.pattern + r"(?:targeted|hit|struck|attacked|bombarded|shelled)\s+by\b", gap,
                        re.I) and not same_place(t.place, origin[1]):
                where = located(text, t, gazetteer)
                if where is not None:
                    return [(t, where[0], where[1])]
    result = found or stopped or adjectival
    if result and all(r[2] == "country" for r in result):
        return _named_within(text, sentence, toponyms, result, gazetteer) or result
    return result


_CHARGE = re.compile(r"\b(?:a (?:charge|claim|accusation|allegation) (?:that|which)|if true|denied|denies)\b", re.I)


# "pounded Ukraine's power grid": a hit verb right before a country's possessive (not "launched from Russia's").
_HIT_BEFORE = re.compile(r"\b(?:pounded|struck|hit|targeted|attacked|bombarded|hammered|shelled)\s+(?:at\s+|on\s+)?$",
                         re.I)


_AIMED_AT = re.compile(r"\b(?:target(?:ed|ing|s)?|aim(?:ed|ing) at|hitting|hit|striking|struck)\s+(?:the\s+)?"
                       r"(?:[a-z]+\s+)?$", re.I)


def _named_within(text: str, sentence: Mention, toponyms: list[Toponym], countries, gazetteer):
    """Places inside the target country that the sentence says were aimed at: "fired missiles at Israel,
    saying they had targeted the Nevatim and Hatzerim air bases" ends at the two bases."""
    from .events import _COORDINATOR, _eligible

    codes = {c[1].country for c in countries}
    last = max(c[0].end for c in countries)
    named: list[tuple[Toponym, Place, str]] = []
    for t in toponyms:
        if t.start < last or t.place is None or t.place.country not in codes or t.place.feature == "country":
            continue
        aimed = _AIMED_AT.search(text[max(sentence.start, t.start - 40):t.start])
        listed = named and _COORDINATOR.fullmatch(text[named[-1][0].end:t.start])
        if not (aimed or listed) or not _eligible(text, t, "missile_strike"):
            if named:
                break
            continue
        where = located(text, t, gazetteer)
        if where is not None:
            named.append((t, where[0], where[1]))
    return named


def same_place(a: Place, b: Place) -> bool:
    return a.id == b.id


def _crossing_names(text: str, toponyms: list[Toponym]) -> tuple[str, ...]:
    """Countries the text says a flight crossed: "across Iran and Iraq", "over Jordan, Iraq"."""
    names: list[str] = []
    previous: Toponym | None = None  # the last name of the current "across ..." list
    for t in toponyms:
        if t.place is None or t.place.feature != "country":
            previous = None
            continue
        crossing = _CROSSING_RE.search(text[max(0, t.start - 20):t.start])
        listed = crossing is not None and crossing.end() == min(20, t.start)
        joined = previous is not None and re.fullmatch(r"\s*(?:,|and|, and)\s*", text[previous.end:t.start])
        if listed or joined:
            if t.place.country and t.place.country not in names:
                names.append(t.place.country)
            previous = t
        else:
            previous = None
    return tuple(names)


def _reported_distance(text: str) -> float | None:
    m = _DISTANCE_RE.search(text)
    if m is None:
        return None
    n = parse_number(m.group("n"))
    if n is None:
        return None
    return round(n * KM_PER_UNIT[" ".join(m.group("unit").lower().split())], 1)


def _build(article: Article, texts: list[Mention], origin, target, gazetteer, per_sentence, sentences, *,
           status: str, count: int | None = None, claim=None, context: Sequence[Mention] = (),
           start_at: tuple[float, float] | None = None) -> Trajectory:
    launch_t, launch_place, launch_precision = origin
    target_t, target_place, target_precision = target
    start = representative_point(launch_place, gazetteer)
    end = representative_point(target_place, gazetteer)
    launch_name = launch_t.text.rstrip(".,") if launch_precision != "country" else launch_place.name
    target_name = target_place.name if target_precision in ("country", "province") else target_t.text.rstrip(".,")
    part = part_of(article.text, launch_t, launch_place, gazetteer)
    if part is not None:  # "from western Iran"
        start, launch_name, launch_precision = part[0], f"{part[1]} {launch_name}", "region"
    part = part_of(article.text, target_t, target_place, gazetteer)
    if part is not None:
        end, target_name, target_precision = part[0], f"{part[1]} {target_name}", "region"
    if start_at is not None:  # an outcome ("four crashed in Iran") flew from where its launch did
        start = start_at
    elif launch_precision == "sea":
        start = sea_point_toward(launch_place, start, end, gazetteer)
    path, km = geodesic_path(start, end, min_points=16)
    # The weapon that flew: a missile or drone before artillery before aircraft, the most specific
    # wording ("cruise missile" over "missile") first.
    rank = {"missile_strike": 0, "drone_strike": 0, "shelling": 1, "air_strike": 2}
    weapons = [w for m in texts + list(context) for w in find_weapons(m.text) if w[1] in rank]
    weapon = min(weapons, key=lambda w: (rank[w[1]], " " not in w[0]), default=None)
    if count is None:
        counts = [c for c in (find_count(m.text) for m in texts) if c is not None]
        count = counts[-1] if counts else None  # later detail ("Twenty-six cruise missiles") is most specific
    reported = next((d for d in (_reported_distance(m.text) for m in texts) if d is not None), None)
    stated: list[str] = []
    for m in texts:
        index = sentences.index(m) if m in sentences else None
        tops = per_sentence[index] if index is not None else []
        stated += [c for c in _crossing_names(article.text, tops) if c not in stated]
    if claim is None:
        claims = [find_claim(m.text) for m in texts]
        claim = next((c for c in claims if c.by), claims[0])
    date, date_text = None, None
    for m in texts:
        date, date_text = find_date(m.text, article.published)
        if date_text:
            break
    from .events import _actor, _triggers  # the actor finder works on the launch verb

    actor = None
    trig = next(iter(_triggers(texts[0].text)), None)
    if trig is not None:
        actor = _actor(texts[0].text, trig)
    return Trajectory(
        id=stable_id(article.id, texts[0].start, launch_place.id, target_place.id, status),
        category=weapon[1] if weapon else "missile_strike",
        launch_name=launch_name,
        launch_lat=start[0], launch_lon=start[1], launch_precision=launch_precision,
        target_name=target_name,
        target_lat=end[0], target_lon=end[1], target_precision=target_precision,
        path=path, distance_km=round(km, 1), launch_place=launch_place, target_place=target_place,
        weapon=weapon[0] if weapon else None, count=count, counts=(count,) if count is not None else (),
        reported_distance_km=reported, crosses=crossed_countries(path, gazetteer), stated_crossings=tuple(stated),
        status=status, actor=actor, date=date, date_text=date_text,
        claimed_by=claim.by, claim_status=claim.status,
        sources=tuple(Source(article.id, m.text, m.start, m.end) for m in texts),
    )


def _outcomes(article: Article, sentence: Mention, toponyms: list[Toponym], origin, main: Trajectory,
              gazetteer) -> list[Trajectory]:
    out = []
    for m in _OUTCOME_RE.finditer(sentence.text):
        at = sentence.start + m.end()
        place_t = next((t for t in toponyms if t.start >= at and t.place is not None and t.role != "metonym"), None)
        if place_t is None or place_t.start - at > 20:
            continue
        where = located(article.text, place_t, gazetteer)
        if where is None or (where[1] == "country" and where[0].country == (main.target_place.country if
                                                                          main.target_place else None)):
            continue  # "intercepted over Saudi Arabia" says less than the main line to Riyadh
        verb = m.group("verb").lower()
        status = "intercepted" if ("intercept" in verb or "down" in verb) else "crashed"
        count = parse_number(m.group("n")) if m.group("n") else None
        claim = find_claim(sentence.text)
        trajectory = _build(article, [sentence], origin, (place_t, where[0], where[1]), gazetteer,
                            [toponyms], [sentence], status=status, count=count, claim=claim,
                            start_at=(main.launch_lat, main.launch_lon))
        if trajectory.weapon is None or trajectory.weapon == "missile":
            trajectory = _replace(trajectory, weapon=main.weapon or trajectory.weapon)
        out.append(trajectory)
    return out


def _replace(trajectory: Trajectory, **changes) -> Trajectory:
    from dataclasses import replace

    return replace(trajectory, **changes)
