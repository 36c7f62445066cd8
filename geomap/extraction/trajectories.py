"""Missile, rocket and drone flights read from the scenes of an annotated document.

A launch is a scene (:func:`geomap.extraction.events.sentence_scenes`) whose trigger launches
("fired", "launched", "aimed") or whose weapon flies (a missile, rocket or drone). Its origin is a
place in the ``origin`` role ("from the Caspian Sea", "rebels in Yemen fired"), else the launching
state named as a place ("Iran fired ..."); its targets are the scene places of every launch in
the sentence ("... into Iraq, and one hit Erbil"). A launch whose origin is told in one sentence
and targets in the next two (or the reverse) is one flight: the story carries over. Intercepted
launches keep their target; the interception is the status.

Confidence: the product of the origin's and the target's role confidence, times 0.8 when the
origin was only the launching state, times 0.8 when it was carried from another sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..geometry import crossed_countries, distance_km, geodesic_path, representative_point, sea_point_toward
from ..model import Article, Source, Trajectory
from .claims import claim_for
from .document import AnnotatedDocument, as_document
from .events import REFERRING, Scene, document_scenes, linked, stable_id
from .figures import date_of, figures_for, figures_in
from .lexicons import lexicons, speech_verbs
from .scene import CONFIDENCE, Role
from .where import FINENESS, contains, located, part_of, reported_distance

__all__ = ["AIRBORNE", "CARRY", "FLYING", "MAX_STATE_KM", "NEW_STORY", "REFER_BACK", "SAME_END_KM", "extract_trajectories",
           "told_finer"]

#: Categories whose weapon flies from a launch site to a target.
FLYING = frozenset({"missile_strike", "drone_strike"})
#: ... and those whose weapon or aircraft took off from a named site ("The jet took off from X").
AIRBORNE = FLYING | {"air_strike"}
#: How many sentences a launch's origin or targets carry over to when the same weapon is named.
CARRY = 2
#: How far back a launch told as already introduced ("the drones were launched from X") may refer.
REFER_BACK = 4
#: A launching state is a launch site only for targets within this distance of it.
MAX_STATE_KM = 2500.0
#: Two flights of one article whose ends lie this close end at the same place.
SAME_END_KM = 25.0


def _is_launch(scene: Scene) -> bool:
    return scene.category in FLYING or scene.trigger.kind in ("launch", "intercept", "cross") or bool(scene.origins)


def _unique(items):
    out, seen = [], set()
    for item in items:
        if item[0].place.id not in seen:
            seen.add(item[0].place.id)
            out.append(item)
    return out


def _targets(scenes: Sequence[Scene]) -> list[tuple[object, Role, str]]:
    out = []
    for s in scenes:
        status = {"intercept": "intercepted", "crash": "crashed"}.get(s.trigger.kind, "launched")
        for t, r in s.places:
            out.append((t, r, status))
        if not any(o.places for o in scenes if linked(s, o)):
            # "intercepted over Riyadh": a launch stopped over a town was aimed at it
            out += [(t, r, "intercepted") for t, r in s.stops if t.place.feature not in ("sea", "river", "country")]
    if any(r.name != "near" for _, r, _ in out):  # "Bila Tserkva, 80 km south of Kyiv": Kyiv only says where
        out = [(t, r, status) for t, r, status in out if r.name != "near"]
    # the finest target wins over a country or province that holds it
    targets = []
    for t, r, status in out:
        if any(u.place.id != t.place.id and u.place.country == t.place.country
               and FINENESS.get(u.place.feature, 1) < FINENESS.get(t.place.feature, 1)
               and (t.place.feature == "country" or (t.place.feature == "admin1" and u.place.admin1 == t.place.admin1))
               for u, _, _ in out):
            continue
        targets.append((t, r, status))
    return _unique(targets)


def _flights(scenes: Sequence[Scene], gazetteer):
    """(origins, targets) groups of a sentence: each launch with the launches linked to it. A place
    that launched, or one that only says where the launch site is ("from Nyala airport in South
    Darfur"), is no target in its own sentence."""
    groups = []
    named_sites = [(t, r) for s in scenes for t, r in s.origins]  # every launch site the sentence names
    for scene in scenes:
        origins = [(t, r, False) for t, r in scene.origins]
        if not origins and (scene.trigger.kind == "launch" or scene.category in FLYING):
            origins = [(t, r, True) for t, r in scene.actors
                       if t.place.feature in ("country", "admin1") and t.role != "adjectival"]
            origins = origins or [(t, Role("actor", CONFIDENCE["clause"], "speaker-pronoun"), True)
                                  for t in _speaking_state(scene)]
            origins = origins or [(t, Role("actor", CONFIDENCE["clause"], "left-subject"), True)
                                  for t in _unparsed_subject_state(scene)]
        if not origins:
            continue
        stated = [o for o in origins if not o[1].via.startswith("attacker")]
        if stated and len(stated) < len(origins):
            origins = stated  # "warships of the Black Sea Fleet fired from the Mediterranean": the stated site
        named = [o for o in origins if o[1].via != "site-in"]
        if named and len(named) < len(origins):
            origins = named  # "from Primorsko-Akhtarsk on Russia's Azov coast": the coast only says where
        finest = []  # the finest site: "North Korea launched ... from Wonsan" is Wonsan
        for o in origins:
            inside = [(t, r, False) for t, r in named_sites if t is not o[0] and contains(o[0].place, t.place, gazetteer)]
            finest += inside or [o]
        origins = _unique(finest)
        joined = [s for s in scenes if linked(scene, s)]
        launched_from = {o.place.id for o, _, _ in origins}
        sites = [_phrase_head(scene.sentence, o) for o, _, _ in origins]
        # a target hung under the launch site by the parser is still aimed at ("from inside Indian
        # airspace at targets in Muzaffarabad": role "from-at")
        targets = [t for t in _targets(joined) if t[0].place.id not in launched_from
                   and (t[1].via.startswith("from-")
                        or not any(_below(scene.sentence, t[0], site) for site in sites if site is not None))
                   and not any(contains(t[0].place, o.place, gazetteer) for o, _, _ in origins)]
        groups.append((_unique(origins), targets))
    return groups


def _speakers(token) -> list:
    """The subjects of the verbs of saying above a token ("the Ukrainian military said its drones
    struck X": "military"), nearest first."""
    return [c for a in token.ancestors if a.lemma_.lower() in speech_verbs() for c in a.children if c.dep_ == "nsubj"]


def _owning_states(noun, places) -> list:
    """The states a noun is told as belonging to ("Iran's Revolutionary Guards": Iran)."""
    return [places[c.i] for c in noun.children if c.dep_ == "poss" and c.i in places
            and places[c.i].place is not None and places[c.i].place.feature == "country"]


def _speaking_state(scene: Scene) -> list:
    """The state a launch's pronoun subject stands for when it owns the speaker ("Iran's Revolutionary
    Guards said they fired missiles at X": Iran), not a place told about the speaker ("the Houthis,
    who control northern Yemen, say they ...", "Iran-aligned militias")."""
    t = scene.trigger.token
    if not any(c.dep_ == "nsubj" and c.tag_ == "PRP" and c.lower_ in ("it", "they", "we") for c in t.children):
        return []
    return [state for speaker in _speakers(t)[:1] for state in _owning_states(speaker, scene.sentence.places)]


def _unparsed_subject_state(scene: Scene) -> list:
    """The state owning the noun phrase right before a launch verb the parser gave no subject
    ("..., Iran's Revolutionary Guard Corps launched missiles at X", with the phrase hung elsewhere
    in a long sentence): the words say it is the subject."""
    t = scene.trigger.token
    if not t.tag_.startswith("VB") or t.i == 0 or any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
        return []
    noun = t.doc[t.i - 1]
    if not noun.tag_.startswith("NN") or noun.i in scene.sentence.places:
        return []
    return _owning_states(noun, scene.sentence.places)


def _phrase_head(sentence, toponym):
    """The token heading a place's own phrase ("Nyala" in "Nyala airport" is headed by "airport")."""
    index = next((i for i, t in sentence.places.items() if t is toponym), None)
    if index is None:
        return None
    token = sentence.doc[index]
    return token.head if token.dep_ in ("compound", "nmod", "amod") else token


def _below(sentence, toponym, head) -> bool:
    """Whether a place lies inside the phrase headed by ``head`` ("from Nyala airport in South
    Darfur": South Darfur only says where the launch site is)."""
    index = next((i for i, t in sentence.places.items() if t is toponym), None)
    return index is not None and index != head.i and any(a.i == head.i for a in sentence.doc[index].ancestors)


def _refers_back(scenes: Sequence[Scene]) -> bool:
    """Whether a sentence's launch is told as one already introduced: its munition or subject is
    definite, a pronoun or a number ("The drones were launched from X", "Ten struck Y", "It hit Z");
    "Drones also hit a power station" starts a new story."""
    weapons = lexicons().weapons
    for scene in scenes:
        t = scene.trigger.token
        if t.tag_.startswith("NN") and any(d.dep_ == "det" and d.lower_ in REFERRING for d in t.children):
            return True  # "The military strikes landed at ...", "these attacks"
        if t.dep_ == "relcl" and any(w.tag_ in ("WDT", "WP") for w in t.subtree):
            continue  # "112 drones, of which 87 were shot down": "87" is of this sentence's drones
        heads = [t, t.head] if t.dep_ in ("relcl", "acl", "conj", "advcl") else [t]
        for head in heads:
            for c in head.children:
                if c.dep_ not in ("nsubj", "nsubjpass", "dobj"):
                    continue
                if c.tag_ in ("PRP", "CD") or c.lower_ in REFERRING:
                    return True
                # a number introduces what a launch fires ("launched 112 drones"); it refers back
                # only as what struck ("Two missiles hit Y" after "fired ten missiles")
                counted = ("det", "poss") if c.dep_ == "dobj" and scene.trigger.kind == "launch" \
                    else ("det", "nummod", "poss")
                if c.lower_ in weapons and any(d.dep_ in counted and (
                        d.lower_ in REFERRING or d.tag_ in ("CD", "PRP$")) for d in c.children):
                    return True  # "the drones", "these missiles", not "the northern city of Atbara"
        if t.dep_ == "relcl" and t.head.lower_ in weapons and any(
                d.lower_ in REFERRING for d in t.head.children if d.dep_ == "det"):
            return True  # "The drones that struck Odesa were launched from ..."
    return False


def _referred_targets(told: Sequence[tuple], struck: Sequence[tuple], scenes: Sequence[Scene], index: int) -> list:
    """The targets a launch told as already introduced refers to ("The jet took off from X"): those
    of the latest sentence within :data:`REFER_BACK` before it whose launch or strike names its
    weapon ("A jet bombed Y"), else of the latest launch told with targets and no launch site."""
    def recent(items):  # items are in text order: walk back from the end, no further than REFER_BACK
        out = []
        for item in reversed(items):
            if index - item[0] > REFER_BACK:
                break
            if item[0] < index:
                out.append(item)
        return out

    weapons = {s.weapon.name for s in scenes if s.weapon is not None}
    launched = recent(told)
    for _, targets, told_scenes in sorted(launched + recent(struck), key=lambda item: item[0], reverse=True):
        if targets and weapons & {s.weapon.name for s in told_scenes if s.weapon is not None}:
            return targets
    return launched[0][1] if launched else []


def _told_before(scenes: Sequence[Scene]) -> bool:
    """Whether a launch's munition is one the article told of before: definite or a pronoun ("the
    drones were launched from X", "they were fired from Y"), unlike "40 drones" or "a missile"."""
    for scene in scenes:
        for c in scene.trigger.token.children:
            if c.dep_ in ("nsubj", "nsubjpass", "dobj") and (c.tag_ == "PRP" or any(
                    d.dep_ == "det" and d.lower_ in ("the", "these", "those", "this", "that") for d in c.children)):
                return True
    return False


#: A live blog's entry starts with its time ("12:20 - ", "09:45 —"): no launch carries over it.
_LIVE_ENTRY = re.compile(r"\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?\s*)?(?:GMT|UTC|local)?\s*[-–—:|]")

#: Weapon names too common to tie two sentences into one flight.
_GENERIC_WEAPONS = frozenset({"missile", "drone", "rocket", "projectile", "aircraft", "bomb"})


def _same_weapon(before: Sequence[Scene], after: Sequence[Scene]) -> bool:
    """Whether two sentences name the same specific weapon ("Tomahawk missiles" twice): one flight."""
    names = {s.weapon.name for s in before if s.weapon is not None} - _GENERIC_WEAPONS
    return bool(names & {s.weapon.name for s in after if s.weapon is not None})


#: Adverbs that start a new story ("Drones also hit ...", "Separately, ..."): no continuation of a launch.
NEW_STORY = frozenset({"also", "separately", "elsewhere", "meanwhile", "too", "additionally"})


def _another_story(scenes: Sequence[Scene]) -> bool:
    """Whether a sentence says it tells another story (:data:`NEW_STORY`: "its drones also struck X",
    "Separately, ..."): the launch site told before is not this strike's."""
    return any(w.lower_ in NEW_STORY for s in scenes[:1] for w in s.sentence.doc)


def _attackers(scenes: Sequence[Scene]) -> set[str]:
    """The countries a sentence names as the attacker of its launches or strikes: those in the
    trigger's subject ("Russia launched", "Ukrainian drones struck"); a subject owned by a pronoun
    is the speaker's ("the Ukrainian military said its drones struck X"). Not an owner of the
    target ("struck near the US consulate")."""
    out = set()
    for scene in scenes:
        t = scene.trigger.token
        places = scene.sentence.places
        for subject in (c for c in t.children if c.dep_ == "nsubj"):
            phrases = [subject]
            if any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in subject.children):
                phrases += _speakers(t)
            named = [places[w.i] for p in phrases for w in p.subtree if w.i in places]
            # a state or a nationality: a town as the subject is a misparse more often than an attacker
            out |= {t.place.country for t in named if t.place is not None and t.place.country
                    and (t.place.feature == "country" or t.role == "adjectival")}
    return out


def _other_side(before: Sequence[Scene], after: Sequence[Scene]) -> bool:
    """Whether two sentences name different attackers (:func:`_attackers`): "Russia launched drones
    from X" is no launch of "the Ukrainian military said its drones struck Y"."""
    a, b = _attackers(before), _attackers(after)
    return bool(a and b and not a & b)


def _continues(launched: Sequence[Scene], hits: Sequence[Scene]) -> bool:
    """Whether a sentence soon after a launch with no target tells where that launch hit: the
    same flying weapon (a drone launch, then drones hitting) — "launched 60 drones from X. Drones
    hit Y and Z." The launch was left open, so the next strike of its kind closes it, unless the
    sentence says it is another story (:data:`NEW_STORY`)."""
    flown = {s.category for s in launched if s.category in FLYING}
    return not _another_story(hits) and bool(flown & {s.category for s in hits})


def extract_trajectories(document: AnnotatedDocument | Article, *, gazetteer=None, scenes=None) -> list[Trajectory]:
    """The launches an annotated article reports, one trajectory per launch site and target.

    Within a sentence a launch site pairs with the targets of its own launch and of the launches
    linked to it in the parse. Across sentences (at most :data:`CARRY` apart) a launch told as one
    already introduced ("The missiles were launched from X", "Ten struck Y") pairs with the targets
    or the launch site told before it. ``scenes`` are
    :func:`~geomap.extraction.events.document_scenes` (``placed_only=False``) when the caller has them.
    """
    document, gazetteer = as_document(document, gazetteer)
    launches = []
    struck = []  # (sentence index, targets, scenes) of the strikes told with no launch ("A jet bombed X")
    for sentence, sentence_scenes_ in scenes or document_scenes(document, gazetteer=gazetteer, placed_only=False):
        mine = [s for s in sentence_scenes_ if _is_launch(s)]
        if mine:
            launches.append((sentence, mine, _flights(mine, gazetteer), _targets(mine)))
        hits = [s for s in sentence_scenes_ if not _is_launch(s) and s.places and s.weapon is not None
                and s.category in AIRBORNE]
        if hits:
            struck.append((sentence.index, _targets(hits), hits))
    out: list[Trajectory] = []
    seen: set[tuple[str, str]] = set()
    details = {}  # sentence index -> later launch sentences that only tell more of the same flight
    for k, (sentence, _, _, _) in enumerate(launches):
        details[sentence.index] = [(s, sc) for s, sc, groups, targets in launches[k + 1:k + 1 + CARRY]
                                   if s.index - sentence.index <= CARRY and not groups and not targets]
    last_origins = None  # (sentence index, origins) of the last launch site told
    last_targets = None  # (sentence index, targets, scenes) of the last targets told with no launch site
    told_targets: list[tuple] = []  # every such (sentence index, targets, scenes), in order
    open_launch = False  # whether the last launch site was told with no target
    for sentence, scenes, groups, targets in launches:
        if _LIVE_ENTRY.match(sentence.text):  # a live blog's new entry tells a new story
            last_origins = last_targets = None
            told_targets = []
            open_launch = False
        pairs = []
        back = _refers_back(scenes)
        told_sites = []  # every launch site of the sentence, for the sentences that carry on
        for origins, targets in groups:
            told_sites += [o for o in origins if all(o[0].place.id != t[0].place.id for t in told_sites)]
            open_launch = False
            if targets:
                pairs.append((origins, targets, False))
            elif back and not any(o[2] for o in origins) \
                    and (referred := _referred_targets(told_targets, struck, scenes, sentence.index)):
                # "The drones were launched from X": the targets of the last strike by that weapon
                pairs.append((origins, referred, True))
            else:
                # open: a launch told with no blow of its own ("launched 60 drones from X")
                open_launch = not _told_before(scenes) and not any(o[2] for o in origins) and not any(
                    s.trigger.kind in ("strike", "blast") and s.trigger.token.tag_.startswith("VB") for s in scenes)
            last_origins = (sentence.index, told_sites, scenes)
        if not groups:
            if targets:
                same = last_origins is not None and (_same_weapon(last_origins[2], scenes) or (
                    open_launch and sentence.index - last_origins[0] <= CARRY and _continues(last_origins[2], scenes)))
                # the targets of the launches told as already introduced, not of another event in
                # the sentence ("it launched the drones as punishment for targeting a consulate in X")
                told = [s for s in scenes if _refers_back([s])]
                carried = _targets([s for s in scenes if any(linked(s, r) for r in told)]) if back else targets
                if carried and last_origins is not None and not _another_story(scenes) \
                        and not _other_side(last_origins[2], scenes) and (
                        (back and sentence.index - last_origins[0] <= REFER_BACK)
                        or (same and sentence.index - last_origins[0] <= CARRY)):
                    pairs.append((last_origins[1], carried, True))  # "Ten struck Y"
                    open_launch = False
                last_targets = (sentence.index, targets, scenes)
                told_targets.append(last_targets)
        for origins, targets, carried in pairs:
            for origin, orole, implied in origins:
                for target, trole, status in targets:
                    if origin.place.id == target.place.id or (implied or origin.place.feature == "country") \
                            and origin.place.country == target.place.country:
                        continue  # a state does not fire at a town of its own
                    key = (origin.place.id, target.place.id)
                    if key in seen:
                        continue
                    flight = _build(document, sentence, scenes, origin, orole, implied, target, trole, status,
                                    carried, gazetteer, details.get(sentence.index, ()))
                    if flight is not None:
                        seen.add(key)
                        out.append(flight)
    return told_finer(out)


def told_finer(flights: Sequence[Trajectory]) -> list[Trajectory]:
    """``flights`` of one article without those it also tells more finely: a flight from a country
    when another flight to the same target leaves from a place in that country ("Ukraine launched
    drones at Saratov" ... "the drones that hit Saratov took off from the Sumy region"), and a flight
    at a country when another from the same launch site reaches a place in it."""
    def near(a, b) -> bool:
        return distance_km(a, b) <= SAME_END_KM

    # only flights into or out of the same country can tell another more finely
    by_country: dict[str, list[Trajectory]] = {}
    for u in flights:
        if u.launch_place is not None and u.target_place is not None:
            for code in {u.launch_place.country, u.target_place.country}:
                by_country.setdefault(code, []).append(u)

    def finer(t: Trajectory) -> bool:
        codes = {t.launch_place.country} if t.launch_precision == "country" else set()
        if t.target_precision == "country":
            codes.add(t.target_place.country)
        for u in (u for code in codes for u in by_country.get(code, ())):
            if u is t:
                continue
            if (t.launch_precision == "country" and u.launch_precision != "country"
                    and u.launch_place.country == t.launch_place.country
                    and (u.target_place.id == t.target_place.id
                         or near((u.target_lat, u.target_lon), (t.target_lat, t.target_lon)))):
                return True
            if (t.target_precision == "country" and u.target_precision != "country"
                    and u.target_place.country == t.target_place.country
                    and (u.launch_place.id == t.launch_place.id
                         or near((u.launch_lat, u.launch_lon), (t.launch_lat, t.launch_lon)))):
                return True
        return False

    return [t for t in flights if t.launch_place is None or t.target_place is None or not finer(t)]


def _crossings(sentence) -> list[str]:
    """Countries a sentence says a flight crossed ("flew across Iran and Iraq"), as ISO codes."""
    out = []
    for index, toponym in sentence.places.items():
        token = sentence.doc[index]
        while token.dep_ == "conj" and token.head.i != token.i:
            token = token.head
        if (toponym.place is not None and toponym.place.feature == "country" and token.dep_ == "pobj"
                and token.head.lower_ in ("across", "over", "through", "via")
                and token.head.head.lemma_.lower() in ("fly", "travel", "pass", "cross", "overfly", "transit")):
            out.append(toponym.place.country)
    return list(dict.fromkeys(out))


def _build(document, sentence, scenes, origin, orole, implied, target, trole, status, carried, gazetteer,
           details=()):
    text = document.text
    launch = located(text, origin, gazetteer)
    aim = located(text, target, gazetteer)
    if launch is None or aim is None:
        return None
    launch_place, launch_precision = launch
    target_place, target_precision = aim
    start = representative_point(launch_place, gazetteer)
    end = representative_point(target_place, gazetteer)
    launch_name = launch_place.name if launch_precision in ("country", "province") else origin.text.rstrip(".,")
    target_name = target_place.name if target_precision in ("country", "province") else target.text.rstrip(".,")
    part = part_of(text, origin, launch_place, gazetteer)
    if part is not None:
        start, launch_name, launch_precision = part[0], f"{part[1]} {launch_name}", "region"
    part = part_of(text, target, target_place, gazetteer)
    if part is not None:
        end, target_name, target_precision = part[0], f"{part[1]} {target_name}", "region"
    if launch_precision == "sea":
        start = sea_point_toward(launch_place, start, end, gazetteer)
    path, km = geodesic_path(start, end, min_points=16)
    if implied and km > MAX_STATE_KM:
        return None
    weapon_scene = next((s for s in scenes if s.weapon is not None and s.category in FLYING), None) or next(
        (s for s in scenes if s.weapon is not None), None)
    category = weapon_scene.category if weapon_scene else next(
        (s.category for s in scenes if s.category in FLYING), "missile_strike")
    s = sentence.text
    token = next((x.trigger.token for x in scenes if any(t is target for t, _ in x.places)), scenes[0].trigger.token)
    claim = claim_for(sentence.doc[:], token)
    claimed_by = sentence.words_at(*claim.speaker_span) if claim.speaker_span and claim.claimed_by else None
    told = [(sentence, scenes), *details]
    count = next((c for sent, group in reversed(told)
                  for c in (figures_for(sent.doc[:], x.trigger.token).count for x in group) if c), None)
    if count is None:  # "Twenty-six cruise missiles flew 900 miles": the munitions told apart from a verb
        count = next((f.value for sent, _ in reversed(told) for f in figures_in(sent.doc[:])
                      if f.kind == "count" and not f.part), None)
    reported = next((d for d in (reported_distance(sent.text) for sent, _ in told) if d), None)
    stated = tuple(dict.fromkeys(c for sent, _ in told for c in _crossings(sent)))
    date, date_text = date_of(s, document.article.published)
    confidence = orole.confidence * trole.confidence * (0.8 if implied else 1.0) * (0.8 if carried else 1.0)
    return Trajectory(
        id=stable_id(document.article.id, sentence.start, launch_place.id, target_place.id, status),
        category=category if category in FLYING or category == "shelling" or category == "air_strike"
        else "missile_strike",
        launch_name=launch_name, launch_lat=start[0], launch_lon=start[1], launch_precision=launch_precision,
        target_name=target_name, target_lat=end[0], target_lon=end[1], target_precision=target_precision,
        path=path, distance_km=round(km, 1), launch_place=launch_place, target_place=target_place,
        weapon=weapon_scene.weapon.name if weapon_scene else None,
        count=count, counts=(count,) if count is not None else (),
        status=status, crosses=crossed_countries(path, gazetteer),
        reported_distance_km=reported, stated_crossings=stated,
        date=date, date_text=date_text, claimed_by=claimed_by, claim_status=claim.status,
        sources=tuple(Source(document.article.id, sent.text, sent.start, sent.end) for sent, _ in told),
        confidence=round(confidence, 2),
    )
