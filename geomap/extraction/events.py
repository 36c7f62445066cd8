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

import hashlib
import logging
import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..geometry import offset_point, representative_point
from ..model import Article, Event, Source, Toponym, kind_family
from .claims import claim_for
from .document import AnnotatedDocument, Sentence, as_document
from .figures import date_of, figures_for
from .lexicons import lexicons
from .matcher import Trigger, WeaponMention, find_triggers, find_weapons
from .scene import (Role, hangs_on_place, is_generic, is_hedged, is_negated, names_a_ship, owned_by_another, place_role,
                    told_for_time)
from .where import contains, located, offset_from, part_of

__all__ = ["MIN_TOPONYM_CONFIDENCE", "REFERRING", "Scene", "TAXONOMY", "document_countries", "document_scenes",
           "extract_events", "linked", "says_where_another_is", "sentence_scenes", "stable_id"]

log = logging.getLogger(__name__)

#: category → (ACLED event type, ACLED sub-event type)
TAXONOMY: dict[str, tuple[str, str]] = {
    "air_strike": ("Explosions/Remote violence", "Air/drone strike"),
    "drone_strike": ("Explosions/Remote violence", "Air/drone strike"),
    "missile_strike": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "naval_strike": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "explosive": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "grenade": ("Explosions/Remote violence", "Grenade"),
    "interception": ("Explosions/Remote violence", "Disrupted weapons use"),
    "shootdown": ("Battles", "Armed clash"),
    "ground_offensive": ("Battles", "Armed clash"),
    "clash": ("Battles", "Armed clash"),
    "airspace_violation": ("Strategic developments", "Other"),
}


def stable_id(*parts: object) -> str:
    """A deterministic short id from ``parts`` (document, offsets, category ...)."""
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


#: A place name resolved to a division with less confidence than this (geoparse's own 0-1), in a
#: country no surer name of the article is in, is no scene or origin: "the Danube" read as a
#: Serbian province at 0.5 in an article about Ukraine would draw a strike in the wrong country.
MIN_TOPONYM_CONFIDENCE = 0.6
#: How far back "the city" may refer, in sentences.
REFER_BACK = 3
_SETTLEMENT_FEATURES = ("city", "site")


@dataclass(frozen=True, slots=True)
class Scene:
    """One trigger's scene in a sentence: the trigger, its category and weapon, and its places.

    ``places`` holds the (toponym, role) pairs where it happened; ``origins`` and ``actors`` the
    places that launched or attacked; ``stops`` where a launch was stopped ("over the Red Sea").
    ``guessed`` says the category came from no weapon or explicit word. Used by
    :func:`extract_events` and by the trajectory extractor.
    """

    sentence: Sentence
    trigger: Trigger
    category: str
    weapon: WeaponMention | None
    guessed: bool
    places: tuple
    origins: tuple
    actors: tuple
    stops: tuple

    def __repr__(self) -> str:
        return (f"Scene({self.trigger.token.text!r}, {self.category}, places={[t.text for t, _ in self.places]}, "
                f"origins={[t.text for t, _ in self.origins]})")


def linked(a: Scene, b: Scene) -> bool:
    """Whether two scenes of one sentence tell one event or flight: the same trigger, or one governs the
    other ("fired 15 missiles into Iraq, and one hit Erbil"; "a drone attack launched from X struck Y")."""
    x, y = a.trigger.token, b.trigger.token
    if x.i == y.i:
        return True
    above_x = [x, *x.ancestors]
    above_y = [y, *y.ancestors]
    common = next((t for t in above_x if any(u.i == t.i for u in above_y)), None)
    if common is None:
        return False
    path = [t for t in above_x + above_y if t.i != common.i and any(a.i == common.i for a in t.ancestors)]
    # a preposition on the way makes the other launch a reference ("in response to a raid on X"); a
    # clause of its own another event ("rockets hit Sderot as Israeli strikes kill dozens in X")
    return not any(t.dep_ in ("prep", "pobj", "pcomp") or (t.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in _OWN_CLAUSE_MARKS for c in t.children)) for t in path)


#: Subordinators that open a clause telling another event ("as", "while", "after" ...).
_OWN_CLAUSE_MARKS = frozenset({"as", "while", "when", "after", "before", "since", "whereas"})


def _weapon_for(trigger: Trigger, weapons: Sequence[WeaponMention]) -> WeaponMention | None:
    """The weapon of an event: an argument of the trigger or of the verb above it ("missiles flew ...
    before hitting"), else one inside the trigger's phrase, else the nearest in the sentence."""
    t = trigger.token
    doc = t.doc
    triggers = lexicons().triggers
    # "the attack on the city came after a missile strike on Dnipro": "missile" is that strike's
    weapons = [w for w in weapons if not (
        doc[w.end].dep_ == "compound" and doc[w.end].head.i != t.i and told_for_time(doc[w.end].head)
        and (doc[w.end].head.lemma_.lower(), "NOUN") in triggers)]
    if not weapons:
        return None
    near = {t.i, *(c.i for c in t.children)}
    # a strike told as the reason or the time of another ("in response to Israeli strikes on X",
    # "after a raid on Y") takes no weapon from the rest of the sentence
    apart = told_for_time(t) or any(lexicons().vetoes.get(a.lemma_.lower()) == "phrase" for a in t.ancestors)
    clause = t
    if t.dep_ in ("advcl", "xcomp", "pcomp", "acl", "conj", "dobj", "nsubj", "pobj") and not apart:
        clause = next((a for a in t.ancestors if a.tag_.startswith("VB")), t.head)  # "flew ... before hitting"
    near |= {clause.i, *(c.i for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "agent"))}

    launch = trigger.kind == "launch"

    def rank(w: WeaponMention) -> tuple[int, int, int]:
        """Arguments of the trigger or its clause first, then its own phrase, then the rest; nearest
        first, but what a launch fires before what fired it ("bombers launched cruise missiles")."""
        head = doc[w.end]
        if w.end in near or head.head.i in (t.i, clause.i) and head.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj",
                                                                            "compound", "agent"):
            fired = launch and head.head.i == t.i and head.dep_ in ("dobj", "nsubjpass")
            return 0, 0 if fired or not launch else 1, abs(w.end - t.i)
        if any(a.i == t.i for a in head.ancestors) and head.head.lower_ not in ("for", "of"):
            return 1, 1, abs(w.end - t.i)
        return 2, 1, abs(w.end - t.i)

    best = min(weapons, key=rank)
    return None if apart and rank(best)[0] == 2 else best


def _aims_at_vessel(trigger: Trigger) -> bool:
    """Whether the trigger's object (or passive subject) is a merchant ship (``place_nouns``: vessel)."""
    nouns = lexicons().place_nouns
    t = trigger.token
    objects = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
    objects += [g for c in t.children if c.dep_ == "prep" and c.lower_ in ("on", "against") for g in c.children]
    return any(nouns.get(o.lower_) == "vessel" or nouns.get(o.lemma_.lower()) == "vessel" for o in objects)


def _names_force(doc) -> bool:
    """Whether a sentence names fighters or an armed group (``lexicons/actors.tsv``)."""
    actors = lexicons().actors
    words = [t.lower_ for t in doc]
    return any(w in actors for w in words) or any(" ".join(words[i:i + 2]) in actors for i in range(len(words)))


#: Words that stand for things told before ("the drones", "they", "ten of them", "the last crashed
#: into X", "another hit Y"): a launch or strike told with them is one already introduced.
REFERRING = frozenset({"the", "these", "those", "this", "that", "they", "it", "them", "both", "all", "each",
                       "one", "some", "most", "many", "several", "others", "rest", "remainder", "last",
                       "another"})


def _has_weapon(doc, weapons: Sequence[WeaponMention], t, munition: bool, recent_weapon: bool) -> bool:
    """Whether a trigger that needs a weapon has one as its own subject, object or phrase ("a missile
    fell"; with ``munition``, one that is fired, not an aircraft: "rockets crossed from Lebanon", not
    "jets crossed into its airspace"), not one of an event told to say when ("killed in X two days
    after a drone attack on Y"). A number or a word of :data:`REFERRING` as the subject stands for
    the weapons told before ("20 rockets crossed from Lebanon. One fell near X", "the last crashed
    into X"), not "one of which", told in this sentence."""
    heads = {w.end for w in weapons if (not munition or w.category != "air_strike") and not told_for_time(
        doc[w.end]) and not (doc[w.end].dep_ == "compound" and told_for_time(doc[w.end].head))}
    arguments = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "agent", "prep", "attr")]
    if t.dep_ in ("conj", "advcl") and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
        # "rockets fired from Lebanon exploded near X", "a drone flew undetected into X and slammed
        # into a building": the verbs share their subject, however the parser joined them
        head = t.head
        while head.dep_ in ("conj", "acomp", "xcomp") and not any(c.dep_ == "nsubj" for c in head.children):
            head = head.head
        arguments += [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if t.head.i in heads or any(w.i in heads for c in arguments for w in c.subtree):
        return True
    return recent_weapon and any(c.dep_ in ("nsubj", "nsubjpass") and (c.tag_ == "CD" or c.lower_ in REFERRING)
                                 and not any(w.tag_ == "WDT" for w in c.subtree) for c in arguments)


def _is_military(doc, weapons: Sequence[WeaponMention], trigger: Trigger, recent_weapon: bool) -> bool:
    """Whether a trigger tells a military event here.

    A word that needs a weapon ("fell", "crashed", "used") or a munition ("crossed") needs one of its
    own (:func:`_has_weapon`); one that needs a force ("captured", "clashes") needs fighters named in
    the sentence, a weapon naming it ("came under artillery fire") or, for "came under fire", a
    weapon told before; one that needs a listing ("targets") tells an event only as what a light
    verb lists ("the targets included X"); a generic one ("hit", "attacked") needs either a weapon
    or fighters.
    """
    t = trigger.token
    needs = trigger.word.needs
    if needs in ("weapon", "munition"):
        return _has_weapon(doc, weapons, t, needs == "munition", recent_weapon)
    if needs == "force":
        return _names_force(doc) or any(doc[w.end].head.i == t.i and doc[w.end].dep_ in ("compound", "amod")
                                        for w in weapons) or (recent_weapon and t.head.lower_ == "under")
    if needs == "listing":  # "the targets included X": the subject of a light verb ("include", "be")
        return t.dep_ in ("nsubj", "nsubjpass") and "light" in lexicons().clauses.get(t.head.lemma_.lower(), ())
    if trigger.category != "weapon" or weapons or recent_weapon:
        return True
    return _names_force(doc)


def _real_triggers(doc, weapons: Sequence[WeaponMention], default_category: str | None) -> list[Trigger]:
    """The sentence's event words that tell something that happened: not negated, hedged, generic
    or a disaster, and military ("Shelling hit the village": "hit" takes the category of its
    subject "shelling")."""
    vetoes = lexicons().vetoes
    # a disaster is a noun: "a storm hit the coast", not "gunmen stormed a police station"
    disaster = not weapons and any(vetoes.get(t.lemma_.lower()) == "disaster" and t.tag_.startswith("NN") for t in doc)
    triggers = find_triggers(doc)
    told = {t.token.i: t for t in triggers if t.category != "weapon"}
    out = []
    for trigger in triggers:
        t = trigger.token
        subject = next((told[c.i] for c in t.children
                        if c.dep_ in ("nsubj", "nsubjpass", "aux", "csubj", "amod") and c.i in told), None)
        if subject is None and t.dep_ in ("acl", "relcl") and t.head.i in told:
            subject = told[t.head.i]  # "the assault targeted X" parsed as a noun with its clause
        if trigger.category == "weapon" and subject is not None:
            trigger = Trigger(trigger.token, replace(trigger.word, category=subject.category))
        if is_negated(trigger) or is_hedged(trigger) or is_generic(trigger) or disaster \
                or not _is_military(doc, weapons, trigger, default_category is not None):
            continue
        out.append(trigger)
    return out


def _category(trigger: Trigger, weapon: WeaponMention | None, default: str | None) -> tuple[str, bool]:
    """The event's category and whether it was guessed (no weapon, no explicit word)."""
    if trigger.category in ("weapon", "clash") and _aims_at_vessel(trigger):
        return "naval_strike", False  # "attacked a tanker", "a bulk carrier was struck"
    named = weapon is not None and trigger.kind != "ground" and trigger.token.doc[weapon.end].dep_ == "compound" \
        and trigger.token.doc[weapon.end].head.i == trigger.token.i
    if trigger.category != "weapon" and not named:  # "missile fire" is a missile's, "fire" alone shelling
        return trigger.category, False
    if weapon is not None:
        return weapon.category, False
    return default or ("clash" if trigger.word.lemma == "attack" else "air_strike"), True


def _trusted(sentence: Sentence, toponym: Toponym, countries: frozenset[str]) -> bool:
    """Whether a toponym may place an event: resolved, no dateline, and not a division read with
    low confidence in a country the article is not otherwise about."""
    return toponym.place is not None and not sentence.is_dateline(toponym) and not (
        toponym.confidence < MIN_TOPONYM_CONFIDENCE and toponym.place.feature in ("admin1", "admin2")
        and toponym.place.country not in countries)


def sentence_scenes(sentence: Sentence, *, default_category: str | None = None,
                    countries: frozenset[str] | None = None, gazetteer=None) -> list[Scene]:
    """Every real event told in a parsed sentence, with the role of each of its places.

    ``countries`` are the countries the article's surer place names are in (see
    :data:`MIN_TOPONYM_CONFIDENCE`); ``None`` trusts every name. With ``gazetteer``, a scene that
    holds the event's own launch site only says where the site is ("launched from Nyala airport
    in South Darfur") and is dropped.
    """
    doc = sentence.doc
    if doc is None:
        return []
    if countries is None:
        countries = frozenset(t.place.country for t in sentence.toponyms if t.place is not None)
    weapons = find_weapons(doc)
    triggers = _real_triggers(doc, weapons, default_category)
    told_at = frozenset(t.token.i for t in triggers)
    # a ship's name is no place another hangs on ("struck the frigate Novorossiysk near Sevastopol")
    places = {i: t for i, t in sentence.places.items() if not names_a_ship(doc[i])}
    out = []
    for trigger in triggers:
        weapon = _weapon_for(trigger, weapons)
        category, guessed = _category(trigger, weapon, default_category)
        roles: dict[str, list] = {"scene": [], "origin": [], "actor": [], "stop": []}
        for index, toponym in sentence.places.items():
            token = doc[index]
            if not _trusted(sentence, toponym, countries) or owned_by_another(token, trigger, told_at):
                continue
            role = place_role(token, trigger, toponym.place)
            if toponym.role == "adjectival" and not (category == "airspace_violation" and role.is_scene) \
                    and not (role.name == "origin" and _names_an_area(token)):
                continue
            if role.is_scene:
                if toponym.role != "metonym" and not hangs_on_place(token, trigger, places) \
                        and not says_where_another_is(sentence, toponym):
                    roles["scene"].append((toponym, role))
            elif role.name in roles:
                roles[role.name].append((toponym, role))
        if gazetteer is not None and roles["origin"]:
            roles["scene"] = [(t, r) for t, r in roles["scene"]
                              if not any(contains(t.place, o.place, gazetteer) for o, _ in roles["origin"])]
        out.append(Scene(sentence, trigger, category, weapon, guessed, tuple(roles["scene"]), tuple(roles["origin"]),
                         tuple(roles["actor"]), tuple(roles["stop"])))
    return out


#: The words between two places when the second says where the first is ("Kanbalu in Sagaing",
#: "Turbat, in Kech district", "the air base in neighbouring Punjab state", "Izmail on the Danube").
_CONTAINER_GAP = re.compile(r",?\s+(?P<prep>in|on)\s+(?:the\s+)?(?:[a-z]+\s+)?")
#: What a place after "on" must be to say where the one before it is: "Izmail on the Danube", not
#: "an attack from Yemen on Eilat".
_ON_FEATURES = frozenset({"river", "sea", "area"})


def says_where_another_is(sentence: Sentence, toponym: Toponym) -> bool:
    """Whether a place right after another one and "in" or "on" only says where that one is ("a market
    in Kanbalu in Sagaing", "a camp outside Turbat, in Kech district", "Izmail port on the Danube"):
    the first is the scene, however the parser attached the second, unless the second lies inside the
    first. After "on" only a river, sea or area says so ("an attack from Yemen on Eilat" is Eilat's)."""
    text = sentence.text
    for other in sentence.toponyms:
        gap = _CONTAINER_GAP.fullmatch(text, other.end - sentence.start, toponym.start - sentence.start) \
            if other.end <= toponym.start else None
        if gap is not None and other.place is not None and toponym.place is not None \
                and (gap.group("prep") == "in" or toponym.place.feature in _ON_FEATURES) \
                and not (other.place.feature in ("country", "admin1") and toponym.place.country == other.place.country
                         and toponym.place.feature not in ("country", "admin1")):
            return True
    return False


def _names_an_area(token) -> bool:
    """Whether an adjective names the area of its noun ("from Iranian territory", "from Syrian
    airspace", "from Yemeni waters"): the noun is a division (``place_nouns.tsv``)."""
    return token.dep_ == "amod" and lexicons().place_nouns.get(token.head.lower_) == "division"


def document_countries(document: AnnotatedDocument) -> frozenset[str]:
    """The countries of an article's place names resolved with confidence (see
    :data:`MIN_TOPONYM_CONFIDENCE`)."""
    return frozenset(t.place.country for t in document.toponyms
                     if t.place is not None and t.place.country and t.confidence >= MIN_TOPONYM_CONFIDENCE)


#: How a place is told when it is only a reference point ("Tikrit, about 170 km north of Baghdad").
_REFERENCE_VIAS = frozenset({"offset", "distance-from"})


def _finest(places: list[tuple[Toponym, Role]], gazetteer) -> list[tuple[Toponym, Role]]:
    """The places with every container of another one dropped ("a village in X district"), and a
    reference point dropped when the scene is named ("stormed a police station in Tikrit, about
    170 km north of Baghdad": Baghdad only says where Tikrit is; "villages east of the river near
    the town of Rufaa": Rufaa)."""
    if any(r.name in ("scene", "aim") or r.name == "near" and r.via not in _REFERENCE_VIAS for _, r in places):
        places = [(t, r) for t, r in places if not (r.name == "near" and r.via in _REFERENCE_VIAS)]
    return [(t, r) for t, r in places
            if not any(contains(t.place, u.place, gazetteer) for u, _ in places if u is not t)]


def _possessive(text: str, toponym: Toponym) -> bool:
    """Whether a town is named as an owner ("since Khartoum's airport closed"): "the city" of a
    later sentence means a town told as a place, not one named for what it owns."""
    return text[toponym.end:toponym.end + 2] in ("'s", "’s")


def _town(text: str, toponym: Toponym) -> bool:
    """Whether "the city" may refer to this name: a town told as a place, not as an owner ("Khartoum's
    airport") or a description ("the London-based monitor")."""
    return toponym.place is not None and toponym.role == "literal" \
        and toponym.place.feature in _SETTLEMENT_FEATURES and not _possessive(text, toponym) \
        and text[toponym.end:toponym.end + 1] not in ("-", "‐", "‑")


def _capital(toponym: Toponym) -> bool:
    """Whether a name is a country's capital, however it is used ("Moscow's mayor", "Kyiv said")."""
    return toponym.place is not None and toponym.place.feature_code == "PPLC" and toponym.role != "adjectival"


def _referred(sentence: Sentence, trigger: Trigger, last_towns, towns_here, last_capitals=()) -> Toponym | None:
    """The town "the city" / "the port" in the trigger's phrase refers to, if any: the last town
    named before it, in an earlier sentence (``last_towns``) or earlier in this one (``towns_here``).
    "The capital" is the last capital named, even as an owner or a speaker ("Moscow's mayor said
    drones flying toward the capital were downed"; ``last_capitals``)."""
    nouns = lexicons().place_nouns
    t = trigger.token
    for tok in t.subtree if t.tag_.startswith("VB") else list(t.subtree) + list(t.head.subtree):
        owner = tok.head if tok.dep_ == "compound" else tok  # "the city centre": "the" hangs on "centre"
        if nouns.get(tok.lower_) == "settlement" and tok.i not in sentence.places and not any(
                c.dep_ == "prep" and c.lower_ == "of" for c in tok.children) and any(
                c.lower_ in ("the", "this") or c.dep_ == "poss" for c in owner.children):
            role = place_role(tok, trigger)
            if not role.is_scene:
                continue
            at = sentence.offset(tok)
            if tok.lower_ == "capital":
                before = [(i, top) for i, top in last_capitals if top.end <= at]
            else:
                before = [*last_towns, *((sentence.index, top) for top in towns_here if top.end <= at)]
            if before and sentence.index - before[-1][0] <= REFER_BACK:
                town = before[-1][1]
                return Toponym(town.text, at, at + len(tok.text), town.place, role="literal",
                               confidence=town.confidence)
    return None


def document_scenes(document: AnnotatedDocument, *, gazetteer,
                    placed_only: bool = True) -> tuple[tuple[Sentence, tuple[Scene, ...]], ...]:
    """Every sentence of an annotated article with its scenes (:func:`sentence_scenes`).

    A trigger with no weapon of its own takes the category of the last one told with one: of the
    last scene with a place when ``placed_only`` (what the events read), of any scene otherwise
    (what the trajectories read, where a launch with no place still names the weapon)."""
    default: str | None = None
    countries = document_countries(document)
    out = []
    for sentence in document.sentences:
        scenes = tuple(sentence_scenes(sentence, default_category=default, countries=countries,
                                       gazetteer=gazetteer))
        default = next((s.category for s in reversed(scenes)
                        if not s.guessed and (s.places or s.stops or not placed_only)), default)
        out.append((sentence, scenes))
    return tuple(out)


def extract_events(document: AnnotatedDocument | Article, *, gazetteer=None, scenes=None) -> list[Event]:
    """The military events an annotated article reports, one per trigger and scene place.

    Within a sentence one family of event at one place is one event. Repeats across sentences are
    folded later by :func:`geomap.merge.consolidate`. ``scenes`` are :func:`document_scenes` of the
    document when the caller has them already.
    """
    document, gazetteer = as_document(document, gazetteer)
    article = document.article
    events: list[Event] = []
    last_towns: deque[tuple[int, Toponym]] = deque(maxlen=8)  # "the city" looks only a few names back
    last_capitals: deque[tuple[int, Toponym]] = deque(maxlen=4)
    for sentence, sentence_scenes_ in scenes or document_scenes(document, gazetteer=gazetteer):
        seen: set[tuple[str, str]] = set()
        # attackers and launch sites: never what "the city" means
        bystanders = {t.start for scene in sentence_scenes_ for t, _ in scene.actors + scene.origins}
        towns_here = [t for t in sentence.toponyms if t.start not in bystanders and _town(document.text, t)]
        last_capitals.extend((sentence.index, t) for t in sentence.toponyms if _capital(t))
        for scene in sentence_scenes_:
            places = list(scene.places)
            if not places and not any(other.places for other in sentence_scenes_ if linked(scene, other)):
                # "shot down over X": where it was stopped stands for the target only when the
                # sentence names no target ("an attack on Eilat ... downed over the desert": Eilat)
                land = [(t, r) for t, r in scene.stops if t.place.feature not in ("sea", "river")]
                places = [(t, Role("scene", r.confidence * 0.8, "stopped-over")) for t, r in land]
            factor = 1.0
            if not places:
                town = _referred(sentence, scene.trigger, last_towns, towns_here, last_capitals)
                if town is None:
                    continue
                places, factor = [(town, Role("scene", 0.7, "referred"))], 0.8
            if scene.guessed:
                factor *= 0.8
            told = _told(document, sentence, scene)
            found = []
            for toponym, role in _finest(places, gazetteer):
                if scene.trigger.kind in ("crash", "cross") and toponym.place.feature == "country":
                    continue  # "four missiles crashed into Iran": a failed launch, not a strike on Iran
                event = _event(document, sentence, scene, told, toponym, role, places, gazetteer, factor)
                if event is not None:
                    found.append(event)
            # as located: "in Sagaing Region's Sagaing Township" is the township, not the region too
            for event in found:
                if any(other is not event and other.place is not None and event.place is not None
                       and other.place.id != event.place.id and contains(event.place, other.place, gazetteer)
                       for other in found):
                    continue
                key = (kind_family(event.category), event.place.id if event.place else event.location_name)
                if key in seen:
                    continue
                seen.add(key)
                events.append(event)
        last_towns.extend((sentence.index, toponym) for toponym in towns_here)
    log.debug("%s: %d events", article.id, len(events))
    return events


@dataclass(frozen=True, slots=True)
class _Told:
    """What a scene's sentence says of it, whatever place it is drawn at: who says so, the figures,
    the date (read once per scene, not once per place)."""

    claimed_by: str | None
    claim_status: str
    figures: object
    date: object
    date_text: str | None
    at: int


def _told(document, sentence: Sentence, scene: Scene) -> _Told:
    token = scene.trigger.token
    at = sentence.offset(token) - sentence.start
    claim = claim_for(sentence.doc[:], token)
    claimed_by = sentence.words_at(*claim.speaker_span) if claim.speaker_span and claim.claimed_by else None
    date, date_text = date_of(sentence.text, document.article.published, near=at)
    return _Told(claimed_by, claim.status, figures_for(sentence.doc[:], token), date, date_text, at)


def _event(document, sentence: Sentence, scene: Scene, told: _Told, toponym: Toponym, role: Role, group, gazetteer,
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
            (lat, lon), name = offset_point((lat, lon), *offset[:2]), f"{offset[2]} {name}"
    figures = told.figures
    confidence = role.confidence * factor * (0.9 if precision == "country" else 1.0)
    category = scene.category
    return Event(
        id=stable_id(document.article.id, sentence.start, told.at, category, place.id),
        category=category,
        event_type=TAXONOMY[category][0],
        sub_event_type=TAXONOMY[category][1],
        location_name=name,
        lat=lat, lon=lon, precision=precision, place=place,
        actor=_actor_text(scene), target=None, weapon=scene.weapon.name if scene.weapon else None,
        count=figures.count, counts=(figures.count,) if figures.count is not None else (),
        fatalities=figures.fatalities, civilian_fatalities=figures.civilian_fatalities,
        date=told.date, date_text=told.date_text,
        claimed_by=told.claimed_by, claim_status=told.claim_status,
        sources=(Source(document.article.id, sentence.text, sentence.start, sentence.end),),
        confidence=round(confidence, 2),
    )


def _actor_text(scene: Scene) -> str | None:
    """Who did it: the subject of an active trigger or the agent of a passive one, as written."""
    t = scene.trigger.token
    for child in t.children:
        if child.dep_ == "nsubj" and t.tag_.startswith("VB") and scene.trigger.kind not in ("blast", "crash"):
            return _phrase(scene.sentence, child)
        if child.dep_ == "agent":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return _phrase(scene.sentence, objs[0])
    if scene.actors:
        return scene.actors[0][0].text
    return None


def _phrase(sentence: Sentence, token) -> str:
    """The article's words for a noun phrase, its relative clauses left out, at most 80 characters."""
    inside = {w.i for w in token.subtree}
    clauses = {w.i for w in token.subtree if w.dep_ in ("relcl", "acl") and w.i != token.i}
    cut = {w.i for c in clauses for w in token.doc[c].subtree}
    kept = sorted(i for i in inside - cut if token.doc[i].dep_ != "punct")
    if not kept:
        return sentence.words(token)
    start, end = sentence.bounds[kept[0]][0], sentence.bounds[kept[-1]][1]
    return sentence.text[start:end][:80]
