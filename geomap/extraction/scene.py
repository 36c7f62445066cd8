"""Role decisions: what a place name is to an event told in the same sentence.

Each function reads the dependency parse of one sentence (:mod:`geomap.extraction.document`)
and the vocabularies (:mod:`geomap.extraction.lexicons`); none looks at a fixed character window.

:func:`place_role` walks the tree from the place's token to the trigger's:

- below the trigger: the dependency that attaches the place's phrase to the trigger decides.
  Object ("struck Erbil"), passive subject ("Odesa was shelled"), a locative preposition
  ("strikes on Idlib", "drones over Kyiv") → ``scene``; "near", "outside", "off", "50 km north of"
  → ``near``; "at", "against", "toward" → ``aim`` (a target); "from" → ``origin``; active subject
  ("Israel struck"), passive agent ("shelled by Russian forces") or possessor ("Russia's attack")
  → ``actor``, or ``origin`` when the place sits inside the attacker's phrase ("rebels in Yemen
  fired", "bombers that took off from a base in Missouri"); "over" an interception → ``stop``.
  A place inside a subordinate clause is no scene of this trigger.
- beside the trigger, under a common head: under a reporting verb the place in the subject is the
  ``speaker``; under a consequence verb ("five were killed in X in an air strike") or a light
  verb ("X came under shelling", "a missile strike hit X") the place's own attachment decides.
- anything else is ``other``: not this event's place.

Every role carries a confidence (0-1) that says how direct the path was; see :data:`CONFIDENCE`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicons import lexicons, speech_verbs
from .matcher import Trigger
from .where import FINENESS

__all__ = ["CONFIDENCE", "ROLES", "SCENE_ROLES", "Role", "hangs_on_place", "is_generic", "is_hedged", "is_negated",
           "names_a_ship", "owned_by_another", "place_role", "told_for_time"]

#: Every role a place can have to an event.
ROLES = ("scene", "near", "aim", "stop", "origin", "actor", "speaker", "other")
#: Roles that make a place where the event is drawn.
SCENE_ROLES = frozenset({"scene", "near", "aim"})

#: Confidence of a role by the path that gave it: a direct argument of the trigger is surest.
CONFIDENCE = {"direct": 0.9, "prep": 0.85, "inner": 0.75, "beside": 0.65, "clause": 0.5}

_CLAUSE_DEPS = frozenset({"relcl", "advcl", "ccomp", "xcomp", "acl", "parataxis", "csubj", "pcomp"})
_DISTANCE_WORDS = frozenset({"km", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile", "metres",
                             "meters", "kms"})
#: Nouns after a place that make "on X ..." a stretch of land or water: "on Russia's Azov coast".
_SHORE_WORDS = frozenset({"coast", "coastline", "shore", "shores", "bank", "banks", "border", "seaboard"})
#: Words that make "from" a position, not a launch: "across the river from X", "away from X".
_POSITION_WORDS = frozenset({"across", "away", "opposite"})
_DIRECTIONS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                         "north-east", "north-west", "south-east", "south-west"})
#: Prepositions by which a consequence names its cause ("killed in X after an air strike").
_CAUSE_PREPS = frozenset({"after", "following"})
_OTHER_EVENT_PREPS = frozenset({"after", "before", "during", "since", "following", "for", "despite", "amid",
                                "like", "unlike", "than"})


@dataclass(frozen=True, slots=True)
class Role:
    """What a place is to an event: one of :data:`ROLES`, a confidence and the path that said so."""

    name: str
    confidence: float
    via: str

    @property
    def is_scene(self) -> bool:
        """Whether the event is drawn at this place (:data:`SCENE_ROLES`)."""
        return self.name in SCENE_ROLES


_OTHER = Role("other", 0.0, "")


def _chain(token, top) -> list | None:
    """The tokens from ``token`` up to (not including) its ancestor ``top``; None if not an ancestor."""
    out = []
    while token.i != top.i:
        if token.head.i == token.i:
            return None
        out.append(token)
        token = token.head
    return out


def _is_passive(verb) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _owns_a_part(token, place) -> bool:
    """Whether a town is named as the owner of one of its parts ("Eilat's northern beach area", "the
    city's port", "Gaza City's outskirts"): the part lies in the town (``place_nouns.tsv``)."""
    return place is not None and place.feature in ("city", "site") \
        and lexicons().place_nouns.get(token.head.lower_) in ("site", "settlement", "division")


def _ends_a_route(token) -> bool:
    """Whether a place names an end of a road or line that is itself only a reference ("near the
    road to Tartus", ``place_nouns.tsv`` kind ``route``): it only says which road. A strike "on the
    road between A and B" is placed by its ends."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    prep = token.head
    road = prep.head
    lex = lexicons()
    return token.dep_ == "pobj" and prep.lower_ in ("to", "from", "between", "toward", "towards") \
        and lex.place_nouns.get(road.lower_) == "route" and road.dep_ == "pobj" \
        and lex.locatives.get(road.head.lower_) == "near"


def _heading_for(token, trigger_token) -> bool:
    """Whether a place is the object of a verb of heading (``clauses.tsv``: "as it approached the city
    of Eilat", "before it reached Haifa") told in a clause of the launch or interception, or of its
    weapon: where the weapon was going."""
    node = token
    while node.dep_ in ("pobj", "prep", "appos") and node.head.i != node.i and (
            node.dep_ != "prep" or node.lower_ == "of"):
        node = node.head  # "the southern city of Eilat"
    verb = node.head
    if node.dep_ != "dobj" or "heading" not in lexicons().clauses.get(verb.lemma_.lower(), ()):
        return False
    return verb.dep_ in ("advcl", "relcl", "acl", "conj") and (
        verb.head.i == trigger_token.i or verb.head.head.i == trigger_token.i)


def _is_aircraft(token) -> bool:
    """Whether a noun is an aircraft ("bombers", "Su-24 jets"): where it flies is where it launched."""
    lex = lexicons()
    weapon = lex.weapons.get(token.lower_)
    return weapon is not None and weapon.name in ("aircraft", "helicopter") and (token.lemma_, "NOUN") not in lex.triggers


def _inside_attacker(links: list) -> Role | None:
    """Within the attacker's phrase: a place with "in"/"from"/"over" is where it launched from
    ("rebels in Yemen", "bombers flying over the Caspian Sea"), and so is a sea or base naming a
    force ("the Caspian Sea fleet")."""
    if links and links[0].dep_ in ("compound", "nmod", "npadvmod") and lexicons().actors.get(links[0].head.lower_):
        return Role("origin", CONFIDENCE["inner"], "attacker-modifier")
    for tok in links:
        if tok.dep_ == "pobj" and (tok.head.lower_ in ("in", "from", "inside", "at") or (
                tok.head.lower_ in ("over", "above") and (tok.head.head.tag_.startswith("VB")
                                                          or _is_aircraft(tok.head.head)))):
            return Role("origin", CONFIDENCE["inner"], f"attacker-{tok.head.lower_}")
        if tok.dep_ == "pobj" and tok.head.lower_ in ("over", "above"):
            # "launched by the militia over Riyadh": the parser hung the flight's place on the attacker
            return Role("scene", CONFIDENCE["clause"], "over-attacker")
    return None


def _across_from(prep) -> bool:
    """Whether a "from" follows "across the river", "away" or the like, read on the words ("on the
    Danube across the river from X", "20 km away from X"): X is a reference, not a launch site."""
    doc = prep.doc
    for j in range(prep.i - 1, max(-1, prep.i - 6), -1):
        if doc[j].lower_ in _POSITION_WORDS:
            return True
        if doc[j].tag_.startswith("VB") or doc[j].text in (",", ";"):
            return False
    return False


#: Prepositions of a journey's end ("carrying diesel to Europe", "bound for Jeddah").
_DIRECTION_PREPS = frozenset({"to", "toward", "towards", "for"})


def _moved_by_another(links: list) -> bool:
    """Whether the first verb above a place's phrase is a clause of its own that moves something
    without flying or launching it ("a tanker carrying diesel from India", "ships moved from X"):
    its "from" and "to" are that journey's, not the event's launch site or target."""
    verb = next((t for t in links if t.tag_.startswith("VB")), None)
    if verb is None or verb.dep_ not in ("acl", "relcl"):
        return False
    kinds = lexicons().clauses.get(verb.lemma_.lower(), frozenset())
    return "flight" not in kinds and "consequence" not in kinds


def _names_vessel(token) -> bool:
    """Whether a noun is a ship or says one ("a tanker sailing toward X", where the parser made
    "sailing" a noun compounded with "tanker"): where it sails to is its journey's end."""
    nouns = lexicons().place_nouns
    return token.tag_.startswith("NN") and any(nouns.get(w.lower_) == "vessel" for w in (token, *token.children))


def _harmed_in(links: list) -> bool:
    """Whether the place is where a consequence verb says people or things were harmed ("killed ten
    militants in X"): then X is where the blow fell, whatever launch phrase the parser hung it
    under ("launched from a drone — killed ten in X": a launch site kills no one)."""
    lex = lexicons()
    for tok in links:
        head = tok.head.head
        if tok.dep_ == "pobj" and lex.locatives.get(tok.head.lower_) == "scene" and head.tag_.startswith("VB") \
                and "consequence" in lex.clauses.get(head.lemma_.lower(), frozenset()):
            return True
    return False


def _refine(role: Role, links: list, kind: str) -> Role:
    """A scene role made finer by what lies between the place and the attachment."""
    lex = lexicons()
    passed_locative = False  # "towns held by the opposition in the countryside of Hama": Hama is no agent
    for k, tok in enumerate(links):
        if tok.dep_ == "pobj" and lex.vetoes.get(tok.lemma_.lower()) == "phrase":
            return _OTHER  # "in support of the Somali army": no place of the event
        if tok.dep_ == "pcomp" and tok.head.lower_ == "in" and "naming" in lex.clauses.get(tok.lemma_.lower(), ()):
            return _OTHER  # "in what they describe as solidarity with Palestinians in Gaza"
        if tok.dep_ == "poss" and k == 0:
            return Role("actor", CONFIDENCE["inner"], "possessor")
        if tok.dep_ == "agent" and "owner" in lex.clauses.get(tok.head.lemma_.lower(), ()):
            return _OTHER  # "a ship owned by a company in Athens was struck": who owns it, not where
        if tok.dep_ == "nsubj" and k + 1 < len(links) and links[k + 1].dep_ in _CLAUSE_DEPS:
            if links[k + 1].lemma_.lower() in speech_verbs():
                return _OTHER  # "killed two men that Israel said were fighters": a speaker, no attacker
            return Role("actor", CONFIDENCE["inner"], "inner-subject")  # "missiles Russia fired"
        if tok.dep_ == "pobj":
            prep = tok.head.lower_
            meaning = lex.locatives.get(prep)
            if tok.head.dep_ in ("prep", "pcomp") and tok.head.head.lower_ == "from":
                meaning = "origin"  # "from near Pyongyang", "from within Yemen territory"
            if meaning == "part":
                continue  # "27 settlements, including X": X is what the settlements are
            if k == 0 and meaning is None:
                return _OTHER  # the place's own preposition says no place: "the borders with Senegal"
            if meaning == "origin":
                if tok.head.head.lower_ in _DISTANCE_WORDS or _across_from(tok.head):
                    return Role("near", role.confidence, "distance-from")
                if _moved_by_another(links[k + 1:]):
                    return _OTHER  # "a tanker carrying diesel from India was hit": a cargo's origin
                if lex.place_nouns.get(tok.head.head.lower_) == "route":
                    return _OTHER  # "a town on the main road from Erbil": a reference
                if _harmed_in(links[:k]):
                    return Role("scene", min(role.confidence, CONFIDENCE["clause"]), "harmed-in")
                return Role("origin", role.confidence, "inner-from")
            if meaning == "near":
                return Role("near", role.confidence, f"inner-{prep}")
            if meaning == "stop" and kind == "intercept":
                return Role("stop", role.confidence, f"inner-{prep}")
            if meaning == "actor" and tok.head.dep_ == "agent" and not passed_locative:
                return Role("actor", role.confidence, "inner-agent")
            if meaning == "aim" and prep in _DIRECTION_PREPS and (
                    _moved_by_another(links[k + 1:]) or _names_vessel(tok.head.head)):
                return _OTHER  # "a tanker heading to Europe was hit": where it went is no scene
            if meaning in ("scene", "aim"):
                passed_locative = True
            if prep in _OTHER_EVENT_PREPS:
                return _OTHER
        if tok.dep_ in ("advmod", "npadvmod") and any(c.lower_ in _DISTANCE_WORDS for c in tok.subtree) \
                or any(c.dep_ == "npadvmod" and any(d.lower_ in _DISTANCE_WORDS for d in c.subtree)
                       for c in tok.children if c.i < tok.i):
            return Role("near", role.confidence, "offset")  # "30 km west of X", however it was parsed
        if tok.dep_ in _CLAUSE_DEPS and k < len(links) - 1:
            role = Role(role.name, min(role.confidence, CONFIDENCE["clause"]), role.via + "+clause")
    return role


def _below(links: list, trigger: Trigger, place) -> Role:
    """The role of a place whose phrase hangs under the trigger token (``links`` from the place up)."""
    lex = lexicons()
    attach = links[-1]
    dep = attach.dep_
    verb = trigger.token
    kind = trigger.kind
    noun = trigger.token.tag_.startswith("NN")
    if dep in ("nsubj", "csubj") and not noun:
        if kind == "blast" and "consequence" in lex.clauses.get(verb.lemma_.lower(), ()):
            # "a truck bomb at a junction in X killed 80": where the blow that killed was
            return _refine(Role("scene", CONFIDENCE["inner"], "subject-harm"), links[:-1], kind)
        if _is_passive(verb) or kind in ("blast", "crash"):
            return _OTHER if kind in ("blast", "crash") else Role("scene", CONFIDENCE["direct"], "subject-passive")
        return _inside_attacker(links) or Role("actor", CONFIDENCE["direct"], "subject")
    if dep == "nsubjpass":
        return _refine(Role("scene", CONFIDENCE["direct"], "passive-subject"), links[:-1], kind)
    if dep == "agent":
        if len(links) > 2 and links[-2].lower_ in lex.weapons:
            # "struck by a missile 57 miles west of Hodeidah": a weapon is no attacker; where it hit is told
            return _refine(Role("scene", CONFIDENCE["inner"], "weapon-agent"), links[:-2], kind)
        return _inside_attacker(links[:-1]) or Role("actor", CONFIDENCE["direct"], "agent")
    if dep == "poss":
        return Role("actor", CONFIDENCE["direct"], "possessor")
    if dep == "conj" and not noun and attach.tag_.startswith("NN"):
        dep = "dobj"  # "struck a depot and the area around the airport in X": a second object hung on the verb
    if dep in ("dobj", "obj", "attr", "oprd", "dative") or (
            dep == "ccomp" and any(c.lower_ == "what" for c in attach.children)):
        # "fired what is believed to be a missile ... into the Sea of Japan": the clause is the object
        return _refine(Role("scene", CONFIDENCE["direct"], "object"), links[:-1], kind)
    if dep == "prep":
        prep = attach.lower_
        meaning = lex.locatives.get(prep)
        if len(links) > 1 and lex.vetoes.get(links[-2].lemma_.lower()) == "phrase":
            return _OTHER  # "in response to a raid on X", "in support of the army"
        if meaning == "of":
            return _refine(Role("scene", CONFIDENCE["prep"], "of"), links[:-1], kind) if noun else _OTHER
        if meaning == "part":  # "shelled villages across the region, including X"
            return _refine(Role("scene", CONFIDENCE["prep"], "including"), links[:-1], kind)
        if meaning == "origin":
            if any(t.lower_ in _DISTANCE_WORDS for t in (*attach.head.children, *attach.children)
                   if t.dep_ == "npadvmod"):
                return Role("near", CONFIDENCE["prep"], "distance-from")  # "35 km from X", however hung
            if _across_from(attach):
                return Role("near", CONFIDENCE["prep"], "across-from")
            aimed = next((t.head.lower_ for t in links[:-1] if t.dep_ == "pobj"
                          and lex.locatives.get(t.head.lower_) == "aim"), None)
            if aimed:  # "from nearby ships against centres around Tripoli": the parser hung the aim on "from"
                return Role("aim", CONFIDENCE["inner"], f"from-{aimed}")
            if _harmed_in(links[:-1]):
                return Role("scene", CONFIDENCE["clause"], "harmed-in")
            return Role("origin", CONFIDENCE["prep"], "from")
        if meaning == "actor":
            return Role("actor", CONFIDENCE["prep"], "by")
        if meaning == "stop":
            # "intercepted over the Red Sea", "launched over the Caspian": where the flight was, not
            # its target; "drones over Kyiv" struck there
            return Role("stop" if kind in ("intercept", "launch", "cross") else "scene", CONFIDENCE["prep"], prep)
        if meaning == "aim":
            if prep == "to" and kind not in ("launch", "strike"):
                return _OTHER
            return _refine(Role("aim", CONFIDENCE["prep"], prep), links[:-1], kind)
        if meaning in ("scene", "near"):
            return _refine(Role(meaning, CONFIDENCE["prep"], prep), links[:-1], kind)
        if meaning is None and prep in ("with", "using", "via"):
            # "attacked with drones near Tanf": the instrument's phrase says where
            inner = next((lex.locatives.get(t.head.lower_) for t in links[:-1] if t.dep_ == "pobj"), None)
            if inner in ("scene", "near"):
                return Role(inner, CONFIDENCE["inner"], f"{prep}-{inner}")
        return _OTHER
    if dep in ("advmod", "npadvmod"):
        words = {w.lower_ for w in attach.subtree}
        if words & (_DISTANCE_WORDS | _DIRECTIONS) and any(t.dep_ == "pobj" and t.head.lower_ == "of"
                                                             for t in links[:-1]):
            return Role("near", CONFIDENCE["inner"], "offset")  # "50 km north of X"
        return _OTHER
    if dep in ("compound", "nmod", "amod") and noun:
        if links[0].dep_ == dep and place is not None and place.feature == "country":
            return Role("actor", CONFIDENCE["inner"], "country-modifier")
        return Role("scene", CONFIDENCE["inner"], "modifier")
    if dep in ("acl", "relcl"):
        if _harmed_in(links):
            return Role("scene", CONFIDENCE["clause"], "harmed-in")
        for tok in links:
            if tok.dep_ == "agent" or (tok.dep_ == "prep" and tok.lower_ == "from"):
                return Role("origin" if tok.lower_ == "from" else "actor", CONFIDENCE["clause"], "clause")
    return _OTHER


def _beside(up: list, down: list, head, trigger: Trigger, place) -> Role:
    """The role of a place that shares a head with the trigger without either containing the other."""
    lex = lexicons()
    if any(tok.dep_ == "pobj" and lex.vetoes.get(tok.lemma_.lower()) == "phrase" for tok in down):
        return _OTHER  # "launched from Iran at Israel in response to the strike on X": not that strike's places
    kinds = lex.clauses.get(head.lemma_.lower(), frozenset())
    place_side, trigger_side = up[-1], down[-1]
    pdep, tdep = place_side.dep_, trigger_side.dep_
    if pdep == "conj" and place_side.tag_.startswith("NN"):
        pdep = "dobj"  # "killed a man in X and two women in Y": the parser hung the second object on the verb
    reported = tdep == "nsubjpass" and _is_passive(head)  # "strikes were reported in Kotli": no speaker
    if head.lemma_.lower() in speech_verbs() and head.tag_.startswith("VB") and not reported:
        if pdep in ("nsubj", "nsubjpass"):
            return Role("speaker", CONFIDENCE["direct"], "speaker")
        if pdep == "prep" and place_side.lower_ in ("in", "at", "from"):
            return Role("speaker", CONFIDENCE["prep"], "venue")
        return _OTHER
    if not head.tag_.startswith("VB"):
        # two nouns in one phrase: "the port of Tartus and other targets struck"
        if tdep in ("acl", "amod", "relcl") and pdep in ("conj", "appos", "prep"):
            if pdep == "prep" and lex.locatives.get(place_side.lower_) == "origin":
                # "drones from Kursk and Oryol, of which 87 were shot down": where they came from
                return Role("origin", CONFIDENCE["clause"], "beside-noun-from")
            return Role("scene", CONFIDENCE["clause"], "beside-noun")
        return _OTHER
    trigger_is_argument = tdep in ("nsubj", "nsubjpass", "dobj", "obj", "attr", "agent", "prep", "pobj")
    # "consequence": "... killing two in X"; "flight": the parser made "drones fired at X" the
    # clausal subject of "came from Y"
    trigger_in_clause = tdep in ("advcl",) and "consequence" in kinds or tdep == "csubj" and "flight" in kinds
    if reported:
        kinds = kinds | {"light"}
    if not (trigger_is_argument or trigger_in_clause):
        return _OTHER
    if tdep == "prep" and trigger_side.lower_ in _OTHER_EVENT_PREPS and not (
            "consequence" in kinds and trigger_side.lower_ in _CAUSE_PREPS
            and not any(c.dep_ == "npadvmod" for c in trigger_side.children)):
        # "struck X two days after an attack on Y"; but "a fire broke out at X after a drone
        # attack", "three were killed in X following shelling": the consequence tells the scene
        return _OTHER
    if pdep == "prep":
        prep = place_side.lower_
        meaning = lex.locatives.get(prep)
        if meaning == "origin":
            if _across_from(place_side):
                return Role("near", CONFIDENCE["beside"], "across-from")
            return Role("origin", CONFIDENCE["beside"], "beside-from")
        if meaning == "stop" and trigger.kind in ("intercept", "launch", "cross"):
            return Role("stop", CONFIDENCE["beside"], f"beside-{prep}")  # "launched ... intercepted over X"
        if meaning in ("scene", "near", "aim", "stop"):
            role = "scene" if meaning == "stop" else meaning
            return _refine(Role(role, CONFIDENCE["beside"], f"beside-{prep}"), up[:-1], trigger.kind)
        return _OTHER
    if pdep in ("dobj", "obj") and tdep in ("nsubj", "prep", "agent") and kinds & {"consequence", "light"} \
            or pdep in ("dobj", "obj") and tdep == "nsubj":
        if not kinds and any(t.dep_ in _CLAUSE_DEPS for t in up[:-1]):
            return _OTHER  # "the attacks rattled groups which rely on the port": a clause about the object
        return _refine(Role("scene", CONFIDENCE["beside"], "beside-object"), up[:-1], trigger.kind)
    if pdep == "nsubjpass" or (pdep == "nsubj" and (
            _is_passive(head) or (head.lemma_ == "come" and trigger_side.lower_ == "under")
            or (head.lemma_ == "be" and tdep in ("attr", "prep")))) \
            or (pdep == "attr" and head.lemma_ == "be" and tdep == "prep" and trigger_side.lower_ == "among"):
        # "Among the sites hit were a power station in X": what "be" lists among the struck
        return _refine(Role("scene", CONFIDENCE["beside"], "beside-subject"), up[:-1], trigger.kind)
    if pdep == "nsubj" and tdep in ("dobj", "obj") and "light" in kinds:
        return _inside_attacker(up) or Role("actor", CONFIDENCE["beside"], "light-subject")
    return _OTHER


def _modifies_noun(token, place) -> bool:
    """A country naming whose thing a noun is ("US forces", "the Iranian consulate", "Israel's army")."""
    if place is None or place.feature != "country":
        return False
    head = token.head
    return token.dep_ in ("compound", "nmod", "amod", "poss") and head.i != token.i \
        and head.tag_.startswith("NN") and lexicons().place_nouns.get(head.lower_) != "division"


def _hyphen_modifier(token) -> bool:
    """A place in "UK-owned", "Iran-backed", "Hmeimim-based": a description, never the scene."""
    doc = token.doc
    i = token.i
    if i + 2 < len(doc) and doc[i + 1].text in ("-", "‐", "‑") and not doc[i].whitespace_:
        return lexicons().vetoes.get(doc[i + 2].lower_) == "modifier"
    return False


def names_a_ship(token) -> bool:
    """Whether a place name is a ship's ("the submarine Rostov-on-Don", "the landing ship Yamal",
    "the tanker Sounion", "the vessel, the Aegean Dawn,"): it follows a ship noun (``place_nouns.tsv``:
    warship, vessel) or it, or the name it begins, stands in apposition to one."""
    nouns = lexicons().place_nouns
    doc = token.doc
    before = doc[token.i - 1] if token.i else None
    ships = ("warship", "vessel")
    if before is not None and nouns.get(before.lower_) in ships:
        return True
    # "the vessel, the Aegean Dawn,": the place may be the first word of the name in apposition
    name = token.head if token.dep_ == "compound" and token.head.tag_ == "NNP" else token
    return name.dep_ == "appos" and nouns.get(name.head.lower_) in ships


def _right_after(token, verb) -> bool:
    """Whether a place is the word right after an active trigger verb, articles and "town of" aside
    ("struck Al Asad", "shelled the town of Martuni"): its object, whatever the parser made of it."""
    if not verb.tag_.startswith("VB") or _is_passive(verb) or token.i <= verb.i:
        return False
    between = token.doc[verb.i + 1:token.i]
    nouns = lexicons().place_nouns
    return all(w.lower_ in ("the", "a", "of") or w.tag_.startswith("JJ") or nouns.get(w.lower_) == "settlement"
               for w in between)


#: Words that may stand between "from" and the "in" that says where the launch site is ("from an area
#: near Tuz Khurmatu, in ...", "from Huthi-held territory in ..."): determiners, adjectives, nouns.
_SITE_TAGS = ("DT", "JJ", "NN", "HYPH", "CD", "VBN", "POS", ",")


def _says_where_site_is(token, place=None) -> bool:
    """Whether the place's phrase follows a launch site ("launched from X in southern Y", "from
    Huthi-held territory in Y province", "from an area near X, in Y"): then it says where the site
    is, whatever the parser attached it to. Read left to right on the words, not on the tree, which
    often hangs the "in" phrase on the verb."""
    doc = token.doc
    i = token.i - 1
    while i >= 0 and (doc[i].tag_ in ("DT", "JJ", "VBN", "VBD", "HYPH", "POS")
                      or doc[i].dep_ in ("amod", "compound", "poss", "case")):
        i -= 1  # "in occupied Crimea", "in southern Russia", "on Russia's Sea of Azov coast"
    if i < 1 or doc[i].lower_ not in ("in", "on"):
        return False
    if doc[i].lower_ == "on" and not (place is not None and place.feature in ("sea", "river", "area", "region")) \
            and not (token.i + 1 < len(doc) and doc[token.i + 1].lower_ in _SHORE_WORDS):
        return False  # "an attack from Yemen on Eilat": "on" names the target; "on X's coast" the site
    for j in range(i - 1, max(-1, i - 10), -1):
        word = doc[j]
        if word.lower_ == "from":
            return j < i - 1
        if not (word.tag_.startswith(_SITE_TAGS) or word.lower_ in ("near", "of", "outside")):
            return False
    return False


#: Prepositions a listed object may carry between an active trigger verb and a place that is its
#: scene ("targeted the airport, the depot and facilities in X").
_OBJECT_PREPS = frozenset({"in", "at", "on", "near", "outside", "around", "inside"})


def _linear_object(token, verb) -> bool:
    """Whether a place ends the object phrase of an active trigger verb, read on the words: only
    determiners, adjectives, nouns, numbers, commas, "and" and a locative preposition stand between
    them ("targeted the civilian airport, the fuel depot and several facilities in X"). A fallback
    for sentences the parser got wrong (a title's full stop, a quoted list hung on "said")."""
    if not verb.tag_.startswith("VB") or _is_passive(verb) or token.i <= verb.i or token.i - verb.i > 16:
        return False
    nouns = lexicons().place_nouns
    words = token.doc[verb.i + 1:token.i]
    if not words or words[-1].lower_ not in _OBJECT_PREPS | {"the", "of"}:
        return False
    for k, w in enumerate(words):
        if w.lower_ == "of" and not (k and nouns.get(words[k - 1].lower_) == "settlement"):
            return False  # "the embassy of X": X owns, it is not where
        if not (w.tag_.startswith(("DT", "JJ", "NN", "CD", "PRP$")) or w.tag_ in (",", "CC", "HYPH", "``", "''")
                or w.lower_ in _OBJECT_PREPS or w.lower_ == "of"):
            return False
    return True


def place_role(token, trigger: Trigger, place=None) -> Role:
    """What the place at ``token`` is to the event of ``trigger`` (both in one parsed sentence).

    ``place`` is the gazetteer record (its feature tells a country used as a modifier, "US strikes",
    from a town, "Kyiv strikes"). Returns a :class:`Role`; ``Role.is_scene`` says whether the
    event is drawn there.
    """
    t = trigger.token
    if token.i == t.i or token.doc is not t.doc:
        return _OTHER
    if token.dep_ in ("compound", "nmod", "amod") and lexicons().place_nouns.get(token.head.lower_) == "settlement" \
            and place is not None and place.feature not in ("city", "site"):
        return Role("other", 0.0, "describes-town")  # "the eastern Red Sea port city": the city is the scene
    owner_noun = token.dep_ == "poss" or (token.dep_ in ("nmod", "compound")
                                          and lexicons().actors.get(token.head.lower_) is not None)
    if owner_noun and token.head.i != t.i:
        # "Iran's Revolutionary Guard launched", "Yemen's Houthi militia": the attacker's state;
        # "Ukraine's Kharkiv region", "Russia's consulate": an owner, never the scene
        owner = place_role(token.head, trigger)
        if owner.is_scene and token.dep_ == "poss" and _owns_a_part(token, place):
            return Role(owner.name, owner.confidence, "owner-of-part")  # "a hotel in Eilat's beach area"
        if owner.name not in ("actor", "origin"):
            return _OTHER
        if token.dep_ != "poss" and place is not None and place.feature != "country":
            return Role("origin", CONFIDENCE["inner"], "attacker-modifier")  # "the Black Sea Fleet launched"
        return Role("actor", owner.confidence, "possessor")
    if _modifies_noun(token, place):
        return Role("other", 0.0, "country-modifier")
    if _hyphen_modifier(token):
        return Role("other", 0.0, "hyphen-modifier")
    if names_a_ship(token):
        return Role("other", 0.0, "ship-name")
    if _ends_a_route(token):
        return Role("other", 0.0, "route-end")  # "near the road to Tartus": a reference
    if _right_after(token, t):
        return Role("scene", CONFIDENCE["inner"], "adjacent")
    if trigger.kind in ("launch", "intercept") and _heading_for(token, t):
        return Role("aim", CONFIDENCE["clause"], "heading")  # "shot down a drone as it approached Eilat"
    role = _role(token, trigger, place)
    if role.name in ("scene", "aim") and _says_where_site_is(token, place):
        return Role("origin", CONFIDENCE["inner"], "site-in")
    if role is _OTHER and _linear_object(token, t):
        return Role("scene", CONFIDENCE["beside"], "linear-object")
    if role.name == "near" and place is not None and place.feature == "country":
        return Role("other", 0.0, "border")  # "close to the border with Senegal": a reference, no scene
    return role


def _role(token, trigger: Trigger, place) -> Role:
    t = trigger.token
    up = _chain(token, t)
    if up is not None:
        return _below(up, trigger, place)
    down = _chain(t, token)
    if down is not None:
        # the trigger inside the place's phrase: "Erbil, which was struck", "the towns hit overnight"
        if down[-1].dep_ in ("relcl", "acl", "appos"):
            return Role("scene", CONFIDENCE["clause"], "described")
        return _OTHER
    ancestors = {a.i for a in token.ancestors}
    head = next((a for a in t.ancestors if a.i in ancestors), None)
    if head is None:
        return _OTHER
    return _beside(_chain(token, head), _chain(t, head), head, trigger, place)


def is_negated(trigger: Trigger) -> bool:
    """Whether the event is denied by the sentence itself ("did not strike", "no strikes hit")."""
    t = trigger.token
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in t.children):
        return True
    if t.tag_.startswith("VB") and any(c.dep_ in ("nsubj", "nsubjpass") and any(
            d.dep_ == "det" and d.lower_ == "no" for d in c.children) for c in t.children):
        return True  # "no targets had been hit", "no missile struck the city"
    head = t.head
    return t.tag_.startswith("NN") and t.dep_ in ("dobj", "nsubj", "nsubjpass") and any(
        c.dep_ == "neg" for c in head.children)


def is_hedged(trigger: Trigger) -> bool:
    """Whether the event is a threat, plan, hypothesis, drill or test, not something that happened.

    A modal of the trigger ("would strike"), a governing word of intent ("threatened to attack",
    "plans for an offensive", "a bombing campaign"), a conditional ("if ... struck") or a drill
    word in the trigger's clause makes it so (vocabulary: ``lexicons/hedges.tsv``).
    """
    hedges = lexicons().hedges
    t = trigger.token
    clause = t
    if t.dep_ == "ccomp" and hedges.get(t.head.lemma_.lower()) == "head":
        return True  # "the scenario assumes that Iran launches ...", "they fear that Russia attacks"
    for c in t.children:
        if c.dep_ in ("aux", "auxpass") and hedges.get(c.lemma_.lower()) == "aux":
            return True
        if c.dep_ == "mark" and hedges.get(c.lower_) == "mark":
            return True
        if c.dep_ == "amod" and t.tag_.startswith("NN") and hedges.get(c.lemma_.lower()) == "head":
            return True  # "a planned attack on X", "a threatened offensive"
    node = t
    for _ in range(4):
        if node.dep_ not in ("xcomp", "pobj", "prep", "compound", "dobj", "acl", "amod", "nsubj", "conj") \
                or node.head.i == node.i:
            break
        node = node.head
        lemma = node.lemma_.lower()
        if hedges.get(lemma) == "head" or hedges.get(node.lower_) == "head":
            return True
        if node.tag_.startswith("VB"):
            clause = node
            if any(c.dep_ == "aux" and hedges.get(c.lemma_.lower()) == "aux" for c in node.children):
                return True
            if node.dep_ in ("xcomp", "ccomp") and hedges.get(node.head.lemma_.lower()) == "head":
                return True  # "they expect the RSF to attempt an assault on X"
            break
    while clause.dep_ not in ("ROOT", "ccomp", "advcl", "relcl", "conj", "parataxis") and clause.head.i != clause.i:
        clause = clause.head
    if any(c.dep_ == "mark" and hedges.get(c.lower_) == "mark" for c in clause.children):
        return True
    if clause.dep_ == "relcl" and hedges.get(clause.head.lower_) == "near":
        return True  # "drills in which ships fired missiles"
    return any(hedges.get(w.lower_) == "near" for w in clause.subtree)


def is_generic(trigger: Trigger) -> bool:
    """Whether the trigger counts strikes in general, not one event ("90 percent of the strikes",
    "a majority of Russia's strikes", "each strike", "attacked 160 times", "is shelled almost
    daily"): a word of ``lexicons/vetoes.tsv`` governs it, determines it, counts its clause's
    repetitions or tells it as a habit."""
    vetoes = lexicons().vetoes
    node = trigger.token
    if _habitual(node, vetoes):
        return True
    for subject in (c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")):
        if vetoes.get(subject.lemma_.lower()) == "generic":
            return True  # "90 percent of the strikes have targeted ..."
    if any(c.dep_ == "det" and vetoes.get(c.lower_) == "generic" for c in node.children):
        return True  # "each strike on a market pushes more men toward X": any strike, none told
    clause = node.head if node.dep_ in ("pobj", "dobj", "nsubj") and node.head.tag_.startswith(("VB", "IN")) else node
    if clause.tag_ == "IN":
        clause = clause.head
    if any(c.dep_ in ("npadvmod", "advmod", "dobj") and vetoes.get(c.lower_) == "generic"
           and any(d.tag_ == "CD" for d in c.subtree) for c in clause.children):
        return True  # "came under attack more than 160 times": a count of attacks, not one
    for _ in range(4):
        if node.dep_ not in ("pobj", "prep", "acl", "relcl") or node.head.i == node.i:
            break
        node = node.head
        if vetoes.get(node.lemma_.lower()) == "generic":
            return True
    return False


def _habitual(verb, vetoes) -> bool:
    """Whether a verb is told as a habit: a habitual adverb ("shelled daily", "hit repeatedly"),
    "around the clock", or "again and again"."""
    for c in verb.children:
        if c.dep_ in ("advmod", "npadvmod") and vetoes.get(c.lower_) == "habitual":
            return True
        if c.dep_ == "advmod" and c.lower_ == "again" and any(d.lower_ == "again" for d in c.subtree if d is not c):
            return True
        if c.dep_ == "prep" and any(d.dep_ == "pobj" and vetoes.get(d.lower_) == "habitual" for d in c.children):
            return True
    return False


def _same_country(places, a: int, b: int) -> bool:
    """Whether two place tokens were resolved in one country (``places``: index → toponym, or
    only indexes, when nothing more is known)."""
    if not isinstance(places, dict):
        return True
    x, y = getattr(places[a], "place", None), getattr(places[b], "place", None)
    return x is None or y is None or not x.country or not y.country or x.country == y.country


def _coarser(places, a: int, b: int) -> bool:
    """Whether the place at token ``a`` is a coarser kind of place than the one at ``b`` ("Djibo, the
    main town of Soum province": the province says where the town is)."""
    if not isinstance(places, dict):
        return False
    x, y = getattr(places[a], "place", None), getattr(places[b], "place", None)
    return x is not None and y is not None and FINENESS.get(x.feature, 1) > FINENESS.get(y.feature, 1)


def hangs_on_place(token, trigger: Trigger, places) -> bool:
    """Whether a place only says where another named place is ("Kupiansk in Kharkiv province",
    "Izmail port on the Danube", "Erbil, the capital of the Kurdistan Region"): on its way up to the
    trigger it passes another place token (``places``: token indexes) other than as a list member or
    an apposition ("Israel, specifically the city of Eilat": the finer one wins later)."""
    node = token
    stop = trigger.token.i
    located = False  # passed a preposition other than "of": "an area near the border with X"
    while node.head.i != node.i and node.i != stop:
        head = node.head
        if head.i in places and head.i != token.i and (node.dep_ not in ("conj", "appos") or (
                node.dep_ == "appos" and node.i != token.i
                and (((located or _coarser(places, token.i, head.i)) and _same_country(places, head.i, token.i))
                     or any(w.lower_ in _DISTANCE_WORDS for w in node.subtree)))):
            return True  # "Bila Tserkva, about 80 km south of Kyiv": Kyiv only says where
        located = located or (node.dep_ == "prep" and node.lower_ != "of")
        node = head
    return False


#: How an event word may hang on another and still be the same event ("launched a strike on X").
_SAME_EVENT_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "appos", "conj", "compound", "xcomp", "oprd",
                              "acl"})  # "intercepted a missile launched by X": one event


def told_for_time(token) -> bool:
    """Whether a noun is told only to say when this happened, as another event ("a day after a
    missile strike on Dnipro", "since the attack on X", "after a drone strike killed two"): the
    object of such a preposition, or the subject of a clause it opens."""
    if token.dep_ == "pobj":
        return token.head.lower_ in _OTHER_EVENT_PREPS
    return token.dep_ in ("nsubj", "nsubjpass") and any(
        c.dep_ == "mark" and c.lower_ in _OTHER_EVENT_PREPS for c in token.head.children)


def owned_by_another(token, trigger: Trigger, triggers) -> bool:
    """Whether the place at ``token`` belongs to another event word on its way up to ``trigger``
    (``triggers``: the token indexes of every event word of the sentence): "launched drones at
    Israel in response to a raid on a consulate in Syria" — Syria is the raid's, not the launch's.
    An event word that is the trigger's own object or subject ("launched a strike on X") is the
    same event and owns nothing apart."""
    node = token
    while node.head.i != node.i:
        node = node.head
        if node.i == trigger.token.i:
            return False
        if node.i in triggers:
            chain = node
            while chain.head.i != chain.i and chain.i != trigger.token.i:
                if chain.dep_ not in _SAME_EVENT_DEPS:
                    return any(a.i == trigger.token.i for a in node.ancestors)
                chain = chain.head
            return False
    return False
