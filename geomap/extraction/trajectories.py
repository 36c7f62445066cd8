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

from collections.abc import Sequence

from ..model import Source, Trajectory
from ..events import find_claim, find_count, find_date, located, part_of, representative_point, stable_id
from ..trajectories import crossed_countries, geodesic_path, sea_point_toward
from .document import AnnotatedDocument
from .events import Scene, sentence_scenes
from .scene import Role

__all__ = ["CARRY", "FLYING", "MAX_STATE_KM", "extract_trajectories"]

#: Categories whose weapon flies from a launch site to a target.
FLYING = frozenset({"missile_strike", "drone_strike"})
#: How many sentences a launch's origin or targets carry over to.
CARRY = 2
#: A launching state is a launch site only for targets within this distance of it.
MAX_STATE_KM = 2500.0
_FEATURE_FINENESS = {"site": 0, "city": 1, "admin2": 2, "area": 3, "admin1": 4, "region": 5, "sea": 6, "country": 7}


def _is_launch(scene: Scene) -> bool:
    return scene.category in FLYING or scene.trigger.kind in ("launch", "intercept") or bool(scene.origins)


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
        status = "intercepted" if s.trigger.kind == "intercept" else "launched"
        for t, r in s.places:
            out.append((t, r, status))
    # the finest target wins over a country or province that holds it
    targets = []
    for t, r, status in out:
        if any(u.place.id != t.place.id and u.place.country == t.place.country
               and _FEATURE_FINENESS.get(u.place.feature, 1) < _FEATURE_FINENESS.get(t.place.feature, 1)
               and (t.place.feature == "country" or (t.place.feature == "admin1" and u.place.admin1 == t.place.admin1))
               for u, _, _ in out):
            continue
        targets.append((t, r, status))
    return _unique(targets)


def _linked(a: Scene, b: Scene) -> bool:
    """Whether two launches of one sentence tell one flight: the same trigger, or one governs the
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
    # a preposition on the way makes the other launch a reference ("in response to a raid on X")
    return not any(t.dep_ in ("prep", "pobj", "pcomp") for t in path)


def _flights(scenes: Sequence[Scene]):
    """(origins, targets) groups of a sentence: each launch with the launches linked to it."""
    groups = []
    for scene in scenes:
        origins = [(t, r, False) for t, r in scene.origins]
        if not origins and (scene.trigger.kind == "launch" or scene.category in FLYING):
            origins = [(t, r, True) for t, r in scene.actors
                       if t.place.feature in ("country", "admin1") and t.role != "adjectival"]
        if not origins:
            continue
        linked = [s for s in scenes if _linked(scene, s)]
        groups.append((_unique(origins), _targets(linked)))
    return groups


def extract_trajectories(document: AnnotatedDocument, *, gazetteer) -> list[Trajectory]:
    """The launches an annotated article reports, one trajectory per launch site and target.

    Within a sentence a launch site pairs with the targets of its own launch and of the launches
    linked to it in the parse; a sentence with targets and no launch site takes the site told in
    the last two sentences, and a launch site with no target takes the targets told next.
    """
    launches = []
    default = None
    for sentence in document.sentences:
        scenes = sentence_scenes(sentence, default_category=default)
        for s in scenes:
            if not s.guessed:
                default = s.category
        mine = [s for s in scenes if _is_launch(s)]
        if mine:
            launches.append((sentence, mine))
    out: list[Trajectory] = []
    seen: set[tuple[str, str]] = set()
    last = None  # (sentence index, origins) of the last launch site told
    waiting = None  # (sentence index, origins) of a launch site still without a target
    for sentence, scenes in launches:
        groups = _flights(scenes)
        pairs = []
        for origins, targets in groups:
            if targets:
                pairs.append((origins, targets, False))
            elif not any(o[2] for o in origins):
                waiting = (sentence.index, origins)
            if origins:
                last = (sentence.index, origins)
        if not groups:
            targets = _targets(scenes)
            if targets and waiting is not None and sentence.index - waiting[0] <= CARRY:
                pairs.append((waiting[1], targets, True))
                waiting = None
            elif targets and last is not None and sentence.index - last[0] <= CARRY \
                    and all(s.category in FLYING for s in scenes):
                pairs.append((last[1], targets, True))
        for origins, targets, carried in pairs:
            for origin, orole, implied in origins:
                for target, trole, status in targets:
                    if origin.place.id == target.place.id or (implied and origin.place.country == target.place.country):
                        continue
                    key = (origin.place.id, target.place.id)
                    if key in seen:
                        continue
                    flight = _build(document, sentence, scenes, origin, orole, implied, target, trole, status,
                                    carried, gazetteer)
                    if flight is not None:
                        seen.add(key)
                        out.append(flight)
    return out


def _build(document, sentence, scenes, origin, orole, implied, target, trole, status, carried, gazetteer):
    text = document.text
    launch = located(text, origin, gazetteer)
    aim = located(text, target, gazetteer)
    if launch is None or aim is None:
        return None
    launch_place, launch_precision = launch
    target_place, target_precision = aim
    if launch_precision == "province" and implied:
        launch_precision = "province"
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
    path, km = geodesic_path(start, end)
    if implied and km > MAX_STATE_KM:
        return None
    weapon_scene = next((s for s in scenes if s.weapon is not None and s.category in FLYING), None) or next(
        (s for s in scenes if s.weapon is not None), None)
    category = weapon_scene.category if weapon_scene else next(
        (s.category for s in scenes if s.category in FLYING), "missile_strike")
    s = sentence.text
    claim = find_claim(s)
    count = find_count(s)
    date, date_text = find_date(s, document.article.published)
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
        date=date, date_text=date_text, claimed_by=claim.by, claim_status=claim.status,
        sources=(Source(document.article.id, s, sentence.start, sentence.end),),
        confidence=round(confidence, 2),
    )
