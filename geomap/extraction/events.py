"""Military events read from an annotated document: what happened, where, who says so.

For each parsed sentence (:mod:`~geomap.extraction.document`), every trigger
(:mod:`~geomap.extraction.matcher`) that is neither negated nor hedged
(:func:`~geomap.extraction.scene.is_hedged`) becomes one event at each place whose role to it is a
scene (:func:`~geomap.extraction.scene.place_role`). A place that contains another scene of the
same trigger ("a village in Idlib province") gives way to the finer one; "the city" with no name
refers back to the last town named. The category comes from the trigger, else from the weapon
nearest to it in the parse, else from the article's last weapon.

Confidence
----------
Every event carries ``confidence`` in 0-1: the confidence of the role path that placed it
(:data:`~geomap.extraction.scene.CONFIDENCE`: a direct object or passive subject 0.9, a locative
preposition 0.85, a nested phrase 0.75, a place beside the trigger 0.65, across a clause 0.5),
times 0.8 when the place was only referred to ("the city"), times 0.8 when the category had to be
guessed (no weapon or explicit trigger), times 0.9 for country-wide events.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ..model import Event, Place, Source, Toponym, kind_family
from ..events import (TAXONOMY, find_claim, find_date, find_fatalities, find_count, located, offset_from,
                      part_of, representative_point, stable_id)
from .document import AnnotatedDocument, Sentence
from .lexicons import lexicons
from .matcher import Trigger, WeaponMention, find_triggers, find_weapons
from .scene import Role, is_generic, is_hedged, is_negated, place_role

__all__ = ["Scene", "extract_events", "sentence_scenes"]

log = logging.getLogger(__name__)

_FINENESS = {"site": 0, "city": 1, "admin2": 2, "area": 3, "river": 3, "admin1": 4, "region": 5, "sea": 6,
             "country": 7}
#: How far back "the city" may refer, in sentences.
REFER_BACK = 3
_SETTLEMENT_FEATURES = ("city", "site")


class Scene:
    """One trigger's scene in a sentence: the trigger, its category and weapon, and its places.

    ``places`` holds (toponym, role) pairs; ``origins`` and ``actors`` the places that launched or
    attacked. Used by :func:`extract_events` and by the trajectory extractor.
    """

    __slots__ = ("trigger", "category", "weapon", "guessed", "places", "origins", "actors", "stops", "sentence")

    def __init__(self, sentence, trigger, category, weapon, guessed, places, origins, actors, stops):
        self.sentence = sentence
        self.trigger = trigger
        self.category = category
        self.weapon = weapon
        self.guessed = guessed
        self.places = places
        self.origins = origins
        self.actors = actors
        self.stops = stops

    def __repr__(self) -> str:
        return (f"Scene({self.trigger.token.text!r}, {self.category}, places={[t.text for t, _ in self.places]}, "
                f"origins={[t.text for t, _ in self.origins]})")


def _weapon_for(trigger: Trigger, weapons: Sequence[WeaponMention]) -> WeaponMention | None:
    """The weapon of an event: one in the trigger's own phrase, else the nearest in the tree."""
    if not weapons:
        return None
    t = trigger.token
    doc = t.doc
    subtree = {w.i for w in t.subtree}
    children = {c.i for c in t.children}
    inside = [w for w in weapons if w.end in subtree or w.end == t.i or w.end in children]
    pool = inside or weapons
    return min(pool, key=lambda w: abs(w.end - t.i))


def _names_force(doc) -> bool:
    """Whether a sentence names fighters or an armed group (``lexicons/actors.tsv``)."""
    actors = lexicons().actors
    words = [t.lower_ for t in doc]
    return any(w in actors for w in words) or any(" ".join(words[i:i + 2]) in actors for i in range(len(words)))


def _is_military(doc, weapons: Sequence[WeaponMention], trigger: Trigger, recent_weapon: bool) -> bool:
    """Whether a trigger tells a military event here.

    A word that needs a weapon ("fell", "crashed", "used") needs one as its own subject or object
    ("a missile fell"); one that needs a force ("captured", "clashes") needs fighters named in the
    sentence; a generic one ("hit", "attacked") needs either.
    """
    t = trigger.token
    needs = trigger.word.needs
    if needs == "weapon":
        heads = {w.end for w in weapons}
        return any(c.i in heads for c in t.children) or t.head.i in heads or any(
            c.i in heads for c in t.children for c in c.children if c.dep_ == "pobj")
    if needs == "force":
        return _names_force(doc)
    if trigger.category != "weapon" or weapons or recent_weapon:
        return True
    return _names_force(doc)


def sentence_scenes(sentence: Sentence, *, default_category: str | None = None) -> list[Scene]:
    """Every real event told in a parsed sentence, with the role of each of its places."""
    doc = sentence.doc
    if doc is None:
        return []
    weapons = find_weapons(doc)
    vetoes = lexicons().vetoes
    disaster = any(vetoes.get(t.lemma_.lower()) == "disaster" for t in doc)
    out = []
    for trigger in find_triggers(doc):
        if is_negated(trigger) or is_hedged(trigger) or is_generic(trigger) or (disaster and not weapons) \
                or not _is_military(doc, weapons, trigger, default_category is not None):
            continue
        weapon = _weapon_for(trigger, weapons)
        guessed = False
        category = trigger.category
        if category == "weapon":
            if weapon is not None:
                category = weapon.category
            else:
                category, guessed = default_category or (
                    "clash" if trigger.word.lemma == "attack" else "air_strike"), True
        places, origins, actors, stops = [], [], [], []
        for index, toponym in sentence.places.items():
            if toponym.place is None:
                continue
            role = place_role(doc[index], trigger, toponym.place)
            if toponym.role == "adjectival" and not (category == "airspace_violation" and role.is_scene):
                continue
            if role.is_scene and toponym.role != "metonym":
                places.append((toponym, role))
            elif role.name == "origin":
                origins.append((toponym, role))
            elif role.name == "actor":
                actors.append((toponym, role))
            elif role.name == "stop":
                stops.append((toponym, role))
        out.append(Scene(sentence, trigger, category, weapon, guessed, places, origins, actors, stops))
    return out


def _contains(outer: Place, inner: Place) -> bool:
    """Whether ``outer`` (a country or province) holds ``inner`` by the gazetteer's codes."""
    if outer.id == inner.id or not outer.country or outer.country != inner.country:
        return False
    if _FINENESS.get(outer.feature, 1) <= _FINENESS.get(inner.feature, 1):
        return False
    if outer.feature == "country":
        return True
    if outer.feature == "admin1":
        return bool(outer.admin1) and outer.admin1 == inner.admin1
    return False


def _finest(places: list[tuple[Toponym, Role]]) -> list[tuple[Toponym, Role]]:
    """The places with every container of another one dropped ("a village in X district")."""
    return [(t, r) for t, r in places if not any(_contains(t.place, u.place) for u, _ in places if u is not t)]


def _referred(sentence: Sentence, trigger: Trigger, last_towns: list[tuple[int, Toponym]]) -> Toponym | None:
    """The town "the city" / "the port" in the trigger's phrase refers to, if any."""
    nouns = lexicons().place_nouns
    t = trigger.token
    for tok in t.subtree if t.tag_.startswith("VB") else list(t.subtree) + list(t.head.subtree):
        if nouns.get(tok.lower_) == "settlement" and tok.i not in sentence.places and not any(
                c.dep_ == "prep" and c.lower_ == "of" for c in tok.children) and any(
                c.lower_ in ("the", "this") or c.dep_ == "poss" for c in tok.children):
            role = place_role(tok, trigger)
            if not role.is_scene:
                continue
            at = sentence.offset(tok)
            before = [(i, top) for i, top in last_towns if i < sentence.index or top.end <= at]
            if before and sentence.index - before[-1][0] <= REFER_BACK:
                town = before[-1][1]
                return Toponym(town.text, at, at + len(tok.text), town.place, role="literal",
                               confidence=town.confidence)
    return None


def extract_events(document: AnnotatedDocument, *, gazetteer) -> list[Event]:
    """The military events an annotated article reports, one per trigger and scene place.

    Within a sentence one family of event at one place is one event. Repeats across sentences are
    folded later by :func:`geomap.merge.consolidate`.
    """
    article = document.article
    text = article.text
    events: list[Event] = []
    last_towns: list[tuple[int, Toponym]] = []
    default: str | None = None
    for sentence in document.sentences:
        seen: set[tuple[str, str]] = set()
        for scene in sentence_scenes(sentence, default_category=default):
            places = list(scene.places)
            if not places:
                land = [(t, r) for t, r in scene.stops if t.place.feature not in ("sea", "river")]
                places = [(t, Role("scene", r.confidence * 0.8, "stopped-over")) for t, r in land]
            factor = 1.0
            if not places:
                town = _referred(sentence, scene.trigger, last_towns)
                if town is None:
                    continue
                places, factor = [(town, Role("scene", 0.7, "referred"))], 0.8
            if scene.guessed:
                factor *= 0.8
            else:
                default = scene.category
            for toponym, role in _finest(places):
                event = _event(document, sentence, scene, toponym, role, places, gazetteer, factor)
                if event is None:
                    continue
                key = (kind_family(event.category), event.place.id if event.place else event.location_name)
                if key in seen:
                    continue
                seen.add(key)
                events.append(event)
        for toponym in sentence.toponyms:
            if toponym.place is not None and toponym.role == "literal" \
                    and toponym.place.feature in _SETTLEMENT_FEATURES:
                last_towns.append((sentence.index, toponym))
    log.debug("%s: %d events", article.id, len(events))
    return events


def _event(document, sentence: Sentence, scene: Scene, toponym: Toponym, role: Role, group, gazetteer,
           factor: float) -> Event | None:
    text = document.text
    where = located(text, toponym, gazetteer, group=[t for t, _ in group])
    if where is None:
        return None
    place, precision = where
    if role.name == "near" and precision == "point":
        precision = "near"
    if scene.category == "airspace_violation" and place.feature != "country" and place.country:
        country = gazetteer.country(place.country)
        place, precision = (country, "country") if country is not None else (place, precision)
    lat, lon = representative_point(place, gazetteer)
    name = place.name if precision in ("province", "country") else toponym.text.rstrip(".,")
    part = part_of(text, toponym, place, gazetteer)
    if part is not None:
        (lat, lon), direction = part
        name, precision = f"{direction} {name}", "region"
    if precision == "near":
        offset = offset_from(text, toponym)
        if offset is not None:
            from ..events import offset_point

            (lat, lon), name = offset_point((lat, lon), *offset[:2]), f"{offset[2]} {name}"
    s = sentence.text
    at = sentence.offset(scene.trigger.token) - sentence.start
    claim = find_claim(s, near=at)
    fatalities, civilians = find_fatalities(s)
    count = find_count(s)
    date, date_text = find_date(s, document.article.published, near=at)
    confidence = role.confidence * factor * (0.9 if precision == "country" else 1.0)
    category = scene.category
    return Event(
        id=stable_id(document.article.id, sentence.start, at, category, place.id),
        category=category,
        event_type=TAXONOMY[category][0],
        sub_event_type=TAXONOMY[category][1],
        location_name=name,
        lat=lat, lon=lon, precision=precision, place=place,
        actor=_actor_text(scene), target=None, weapon=scene.weapon.name if scene.weapon else None,
        count=count, counts=(count,) if count is not None else (),
        fatalities=fatalities, civilian_fatalities=civilians,
        date=date, date_text=date_text,
        claimed_by=claim.by, claim_status=claim.status,
        sources=(Source(document.article.id, s, sentence.start, sentence.end),),
        confidence=round(confidence, 2),
    )


def _actor_text(scene: Scene) -> str | None:
    """Who did it: the subject of an active trigger or the agent of a passive one, as written."""
    t = scene.trigger.token
    for child in t.children:
        if child.dep_ == "nsubj" and t.tag_.startswith("VB") and scene.trigger.kind != "blast":
            return _phrase(child)
        if child.dep_ == "agent":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return _phrase(objs[0])
    if scene.actors:
        return scene.actors[0][0].text
    return None


def _phrase(token) -> str:
    words = [w for w in token.subtree if w.dep_ not in ("relcl", "punct", "acl") and not any(
        a.dep_ in ("relcl", "acl") and a.i in {x.i for x in token.subtree} for a in w.ancestors if a.i != token.i)]
    return " ".join(w.text for w in words)[:80] or token.text
