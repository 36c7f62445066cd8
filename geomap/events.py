"""Military events read from article sentences: what happened, where, by whom, who says so.

Stage: toponyms (place names found in text) → **events** → trajectories / merge / export.

Taxonomy
--------
Every event has a ``category`` (the map's icon) mapped onto ACLED's event / sub-event types:

=====================  ============================  ======================================
category               ACLED event type              ACLED sub-event type
=====================  ============================  ======================================
air_strike             Explosions/Remote violence    Air/drone strike
drone_strike           Explosions/Remote violence    Air/drone strike
missile_strike         Explosions/Remote violence    Shelling/artillery/missile attack
shelling               Explosions/Remote violence    Shelling/artillery/missile attack
naval_strike           Explosions/Remote violence    Shelling/artillery/missile attack
explosive              Explosions/Remote violence    Remote explosive/landmine/IED
grenade                Explosions/Remote violence    Grenade
interception           Explosions/Remote violence    Disrupted weapons use
shootdown              Battles                       Armed clash
ground_offensive       Battles                       Armed clash
clash                  Battles                       Armed clash
airspace_violation     Strategic developments        Other
=====================  ============================  ======================================

``naval_strike`` is an attack on a ship or vessel; missiles fired *from* ships are
``missile_strike`` (their flight is a :class:`~geomap.model.Trajectory`).

Figures
-------
Counts and fatalities record the lowest figure stated, as ACLED does: "at least seven" → 7,
"more than 20" → 20, "a dozen" → 12, "dozens" → 12, "several" / "a few" → 3, "hundreds" → 100.

Where
-----
Each trigger takes the first place after it in its clause (a place inside the trigger phrase
counts: "violations of Turkish airspace"), else a place before it introduced by "in", "at",
"near" ... or the subject of a passive ("Odesa was hit"). Coordinated places are one group and
one event each: "the countryside of Hama and Idlib provinces" is two province-level events.
Precision: ``point`` (a town or site), ``near`` ("near X", "outskirts of X", "50 km north of X"),
``district``, ``province`` ("X province", "the provinces of X and Y", "rural X", "the
countryside of X": located at the first-level division, not its capital), ``region`` (areas,
"southern Lebanon": a point in that part of the polygon), ``country`` and ``sea``. A country
gives way to a town of it later in the sentence ("struck villages in southern Lebanon, killing
three in Bint Jbeil"); "the city" refers back to the last town named.

What is not an event
--------------------
Meetings, speeches and visits have no trigger word. Threats and hypotheticals ("ready to
defend", "threatened", "would", "could", "if", "to avoid a clash"), negations ("was not
intercepted"), references to an attack told elsewhere ("a day after the drone attack on Tel
Aviv", "in retaliation for"), missile tests and drills, generic statistics ("90 percent of the
strikes", "most of the attacks", "a bombing campaign", "accused") and disasters ("earthquakes
struck") are skipped. Clashes and offensives need a combatant in the sentence ("a man attacked
his car" is none). An event needs a place that is the scene: metonyms ("Moscow said"),
possessives ("Russia's defence ministry"), subjects of active verbs ("Israel struck"), agents
("fired by Iran"), modifiers ("US forces", "Saudi capital"), ship names, speech venues ("a
meeting in Brussels", "told reporters in London"), names inside "-based"/"-made" compounds and
launch sites ("from the Caspian Sea", "warships in the Caspian Sea fired") never are. A launch
aimed at a country ("fired missiles at Israel") is left to its
:class:`~geomap.model.Trajectory` instead of a country-wide dot; "fired missiles at targets in
Syria" says where strikes fell and stays an event.

Who says so
-----------
``claimed_by`` is the speaker nearest before the trigger ("X said", "according to X", or a
trailing ", X said"). ``claim_status``: ``denied`` when the sentence says denied, ``disputed``
when rejected / disputed / dismissed, ``claimed`` when the speaker is a party (a ministry,
army, official, government, armed group, or a capital speaking), else ``reported`` (activists,
monitors, witnesses, media).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from .extraction.figures import NUMBER, QUALIFIER, WEEKDAYS, WORD_NUMBER, parse_number
from .extraction.figures import date_of as find_date
from .geometry import geodesic_path, offset_point, part_point, representative_point
from .merge import combine
from .model import Article, Event, Mention, Place, Source, Toponym, kind_family
from .sentences import split_sentences

__all__ = ["TAXONOMY", "extract_events"]

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

# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------
# parse_number, NUMBER, QUALIFIER and the vague-number table live in geomap.extraction.figures.
_WORD_NUMBER = WORD_NUMBER


# ---------------------------------------------------------------------------------------------
# Lexicon
# ---------------------------------------------------------------------------------------------
# Weapons, most specific first; the category a generic verb ("struck", "hit") takes from them.
WEAPONS: tuple[tuple[str, str, str], ...] = (
    # regex, canonical weapon, category
    (r"ballistic missiles?", "ballistic missile", "missile_strike"),
    (r"cruise missiles?", "cruise missile", "missile_strike"),
    (r"hypersonic missiles?", "hypersonic missile", "missile_strike"),
    (r"anti-ship missiles?", "anti-ship missile", "missile_strike"),
    (r"anti-tank missiles?", "anti-tank missile", "clash"),
    (r"(?:kamikaze |suicide |attack |one-way attack |FPV )?drones?|UAVs?|Shaheds?|unmanned aerial vehicles?|"
     r"loitering munitions?|Lancets?|Harops?|Gerans?(?:-2)?|quadcopters?",
     "drone", "drone_strike"),
    (r"missiles?|Storm Shadows?|SCALPs?|ATACMS|Tomahawks?|Kalibrs?|Iskanders?|Kinzhals?|Kh-\d+\w*",
     "missile", "missile_strike"),
    (r"rockets?(?! launchers?)", "rocket", "missile_strike"),
    (r"rocket launchers?|MLRS|Grads?|HIMARS", "rocket artillery", "shelling"),
    (r"artillery|howitzers?|shells?|mortars?|tank fire", "artillery", "shelling"),
    (r"barrel bombs?", "barrel bomb", "air_strike"),
    (r"(?:guided |glide |gliding |aerial )bombs?", "guided bomb", "air_strike"),
    (r"helicopters?|gunships?", "helicopter", "air_strike"),
    (r"(?:fighter )?jets?|warplanes?|(?:fighter |military )?aircraft|bombers?|air ?force|fighter planes?",
     "aircraft", "air_strike"),
    (r"(?:improvised explosive devices?|IEDs?|roadside bombs?|car bombs?|landmines?|mines?|"
     r"explosive devices?|suicide (?:bomb|vest)s?)", "explosive device", "explosive"),
)
_WEAPON_RE = [(re.compile(r"\b(?:" + rx + r")\b", re.I), name, cat) for rx, name, cat in WEAPONS]

# Triggers, most specific first. A later trigger overlapping an earlier one is dropped.
_TRIGGERS: tuple[tuple[str, str], ...] = (
    ("airspace_violation", r"\b(?:violat\w*|breach\w*|intru\w*|strayed|incursions?)\b[^.;]{0,60}?\bair ?space\b"),
    ("airspace_violation", r"\bair ?space (?:violations?|incursions?)\b"),
    ("shootdown", r"\b(?:shot|shoot(?:s|ing)?) down\b|\bdowned\b|\bshootdown\b|\bshot\b[^.;]{0,30}\bdown\b"),
    ("interception", r"(?<!\ban )(?<!\ba )(?<!\bthe )\bintercept(?:ed|s|ing|ions?)\b(?:\s+and\s+destroyed\b)?|"
                     r"\bair defen[cs]es? (?:destroyed|repelled)\b"),
    ("generic", r"\bexplosions? (?:(?:were|was) )?(?:also |again |later )?(?:rocked|heard|reported|shook|hit|"
                r"ripped through)\b|"
                r"\b(?:killed|wounded|injured|hit|struck|damaged)\s+(?:[\w'’-]+\s+){0,4}?by\s+(?:a\s+|an\s+)?"
                r"(?:falling\s+|stray\s+)?"
                r"(?:missile|rocket|drone|shell|debris|shrapnel|fragments?|projectile|torpedo|"
                r"(?:sea|naval|uncrewed|unmanned) (?:drone|surface vessel|boat))\b|\b(?:debris|shrapnel|fragments?)\s+"
                r"(?:from\s+[^.;]{0,40}?)?(?:fell|hit|struck|landed|damaged|wounded|killed)\b"),
    ("explosive", r"\b(?:roadside|car|suicide|truck) bomb(?:s|ings?|ers?)?\b|\bIEDs?\b|\blandmines?\b|"
                  r"\b(?:bomb|explosive|device|blast)s? (?:had |was |were )?(?:exploded|went off|detonated|ripped)\b|"
                  r"\bimprovised explosive\b|\bexplosive device\b"),
    ("generic", r"\b(?:drones?|missiles?|rockets?|shells?|projectiles?|UAVs?)\s+(?:\w+\s+){0,2}?"
                r"(?:crashed|slammed|smashed|plunged|ploughed|plowed) into\s+(?:an?|the|two|several)\s+(?=[a-z])"),
    ("drone_strike", r"\bdrone[ -](?:strikes?|attacks?|raids?)\b|\bdrones? (?:had |have |has |also |later )?"
                     r"(?:struck|hit|attacked|targeted|slammed|damaged|sank|set fire to|set ablaze)\b"),
    ("missile_strike", r"\b(?:cruise |ballistic |hypersonic )?missile (?:strikes?|attacks?|barrages?)\b|"
                       r"\b(?:missiles?|rockets?) (?:had |has |have |also |later )?(?:struck|hit|slammed|landed|rained|wounded|"
                       r"killed|injured|damaged|fell|exploded|splashed|set fire to)\b"),
    ("shelling", r"\bshell(?:ed|ing|ings)\b|\bartillery (?:fire|strikes?|barrages?|attacks?)\b|"
                 r"\brocket (?:fire|attacks?|barrages?)\b|\bmortar (?:fire|attacks?|rounds?|shells?)\b|"
                 r"\bbombard(?:ed|ment|ments|ing)\b|\b(?:rockets?|shells?|mortar rounds?) (?:struck|hit|landed|slammed|fell|exploded)\b"),
    ("grenade", r"\bgrenade (?:attacks?|blasts?|explosions?)\b|"
                r"\b(?:threw|lobbed|hurled|tossed) (?:a |an |two |several )?"
                r"(?:hand )?grenades?\b"),
    ("air_strike", r"\bair[ -]?strikes?\b|\bair[ -]raids?\b(?! (?:sirens?|alerts?|warnings?|shelters?|alarms?))|"
                   r"\bair attacks?\b|\bbombing runs?\b|\bbomb(?:ed|s|ing|ings)\b|"
                   r"\bsorties\b"),
    ("naval_strike", r"\b(?:attack(?:ed|s|ing)?|struck|hit|targeted|targeting|strikes? on|attacks? on|damaged|"
                     r"sank|sunk)\s+"
                     r"(?:an?|the|two|"
                     r"three|several|another)?\s*(?:[\w'’-]+\s+){0,3}?(?:ships?|vessels?|tankers?|freighters?|"
                     r"container ships?|cargo ships?|carriers?|destroyers?|frigates?|warships?|bulk carriers?)\b"),
    ("ground_offensive", r"\b(?:ground |military |new )?offensives?\b(?!\s+(?!in\b|on\b|against\b|into\b|toward|"
                         r"near\b|to\b|by\b|of\b|around\b|at\b|that\b|which\b|was\b|is\b|has\b|had\b|began\b|"
                         r"continued\b|aimed\b|backed\b)[a-z])|\bassault(?:s|ed)?\b|\bstormed\b|\bcaptured\b|"
                         r"\bseized\b|\bpushed (?:(?:further|deeper) )?(?:into|toward|towards)\b|"
                         r"\badvanced (?:(?:further|deeper) )?(?:into|on|toward|towards)\b|\bencircled\b|\bbesieged\b|"
                         r"\bincursions? into\b|\b(?:new|ground|military) operation\b|\brecaptured\b|\boverran\b"),
    ("clash", r"\bclash(?:es|ed)?\b|\bfirefights?\b|\bgun ?battles?\b|\bambush(?:ed|es)?\b|\bheavy fighting\b|"
              r"\bfighting (?:broke out|erupted)\b|\battacked\b|\battacks? (?:on|against)\b|\braided\b|\braids? (?:on|in)\b|"
              r"\b(?:fired|opened fire|firing) (?:on|at|upon)\b"),
    # Generic launch / hit verbs: the category comes from the weapon named nearby.
    ("generic", r"\b(?:fired|firing|launched|struck|hit|hitting|pounded|pounding|targeted|targeting|"
                r"strikes?(?! groups?\b)|striking|"
                r"shot|lobbed|destroyed|dropped)\b"),
)
_TRIGGER_RE = [(cat, re.compile(rx, re.I)) for cat, rx in _TRIGGERS]

# A generic verb needs an object or actor that makes it military.
_CASUALTIES = re.compile(r"\b(?:killed|killing|wounded|wounding|injured|dead|destroyed|damaged)\b", re.I)
_COMBATANTS = re.compile(
    r"\b(?:troops|forces|soldiers|army|military|militants?|rebels?|insurgents?|fighters|jihadists?|gunmen|militias?|"
    r"paramilitar\w+|separatists|guerrillas|Houthis?|Hezbollah|Hamas|Taliban|al-Shabaab|JNIM|Islamic State|ISIS|"
    r"Wagner|RSF|IDF|regime|brigades?|battalions?|marines|commandos|tanks|armou?red|warplanes|jets|convoy|"
    r"army post|checkpoint|garrison|front ?line)\b", re.I)
_DISASTER = re.compile(r"\b(?:earthquakes?|quakes?|storms?(?! shadows?)|hurricanes?|cyclones?|typhoons?|floods?|"
                       r"tornado\w*|"
                       r"lightning|wildfires?|tsunami|outbreak|virus|epidemic|pandemic|landslides?|avalanche|"
                       r"heatwave|drought|(?:car|bus|train|truck|vehicle) (?:crash|accident))\b", re.I)
_MILITARY_CONTEXT = re.compile(
    r"\b(?:targets?|positions?|bases?|depots?|airbases?|air bases?|barracks|checkpoints?|headquarters|"
    r"command (?:centers?|centres?|posts?)|warplanes?|jets?|aircraft|forces|troops|army|military|navy|air ?force|"
    r"compounds?|hideouts?|camps?|installations?|launch(?:ers| sites?)|munitions?|Lancets?|bombers?|"
    r"Shaheds?|Gerans?|quadcopters?|"
    r"warships?|militants|rebels|insurgents|fighters|missiles?|rockets?|drones?|artillery|bombs?|projectiles?|"
    r"torpedo(?:es)?)\b", re.I)

# Words that make a clause hypothetical, a threat, or a generality.
_NOT_REAL = re.compile(
    r"\b(?:would|could|might|may|will|shall|should|threat\w*|ready to|prepared to|able to|plan(?:s|ned)? to|"
    r"vow\w*|if|unless|to avoid|to prevent|to stop|to reduce|chances? of|fears? of|risk of|calls? for|"
    r"called for|calling for|allow(?:s|ed|ing)?|permit\w*|authori[sz]\w*|until|prospect of|possibility of|looming|impending|imminent|demand(?:s|ed|ing)?|urged|pause[sd]? (?:in|of)|lull in|suspen\w+|moratorium|warn(?:s|ed)? (?:of|against|that)|in case|possible|potential|deny|denies|"
    r"to defend|intend\w*|stop|halt|end to|protest\w*|retaliation for|response to|revenge for|avenge|test[- ]fir\w*|test[- ]launch\w*|tested|"
    r"drills?|exercises?|rehears\w*)\b", re.I)
_OFF_COAST = re.compile(r"\s+(?:(?:about|some|around|nearly|roughly)\s+)?(?:\d+\s+(?:nautical\s+)?(?:miles|km|kilomet\w+)\s+)?"
                        r"off\s+(?:the\s+)?(?:coast\s+of\s+)?(?:[\w'’-]+\s+){0,2}?"
                        r"(?:(?:port|city|town)\s+(?:city\s+)?"
                        r"of\s+)?", re.I)
_STRIKE_KINDS = ("air_strike", "drone_strike", "missile_strike", "shelling", "naval_strike")
_ANAPHOR = re.compile(r"\b(?:the|(?-i:[A-Z])\w+(?:'s|’s))\s+(?:(?:second|third)[- ]largest\s+|largest\s+|main\s+|"
                      r"(?:north|south|east|west)(?:ern)?\s+|port\s+|frontline\s+|front-line\s+)?"
                      r"(?:city|town|village|port|capital|camp)\b(?:'s|’s)?", re.I)
_GENERALITY = re.compile(r"\b(?:bombing|air|military|drone|missile) campaign\b|"
                         r"(?:per ?cent|%|majority) of (?:the |its |their )?(?:\w+ )?(?:strikes|attacks|raids|bombings|"
                         r"shelling|targets)|\bmost of the (?:strikes|attacks|raids|bombings)|\baccus\w+|"
                         r"\bcampaign has|\bsince the start|\bevery day\b|\bdaily\b|\broutinely\b|\bregularly\b|"
                         r"\bso far this year\b|\b(?:the|since the) war (?:began|started)\b|\brepeated (?:drone |air |missile )?(?:strikes|attacks|shelling)\b|\b(?:exercises?|drills?|war games|manoeuvres|maneuvers|mock|simulated)\b|"
                         r"\bunacceptable\b|\bmust (?:stop|end|cease)\b|\brecalled that\b|\bin total\b|\bto date\b|"
                         r"\bover the (?:past|last) (?:year|years|months|weeks)\b|\bevery (?:interception|strike|attack)\b|\b(?:began|started|first)\s+(?:[\w-]+\s+){0,2}?(?:attacking|targeting|striking|"
                         r"firing|launching|shelling|bombing)\b|"
                         r"\b(?:months|weeks|years|decades) of (?:[\w-]+ )?(?:attacks|strikes|shelling|bombing|"
                         r"bombardments?|raids|fighting|war)\b|\bduring the (?:[\w-]+ ){0,2}war\b|"
                         r"\b(?:more than|over|nearly|some|at least|about)\s+(?:\d{3,}|\d{1,3},\d{3})\s+(?:[\w-]+\s+)?"
                         r"(?:attacks|strikes|raids|air ?strikes)\b", re.I)

# Where a clause starts, for the actor and hypothetical look-back.
_CLAUSE_START = re.compile(r"(?:[,;:—–(“”\"]|\b(?:that|as|while|when|after|before|and|but|which|who|because|"
                           r"said|says|say|claimed|reported|showing|of|by|ahead)\b)", re.I)

# Speech venues and diplomatic settings: a place here is where people talked, not the scene.
_VENUE_BEFORE = re.compile(
    r"(?:\b(?:meeting|meetings|met|meet|summit|talks|conference|gathered|convened|hosted|ministers|leaders|"
    r"chiefs|delegation|negotiations|visit(?:ed|ing|s)?|trip|travel(?:l?ed|s)?|arrived|returned)\s+"
    r"(?:[\w'’-]+\s+){0,6}?"
    r"|\b(?:said|says|spoke|speaking|told reporters|telling reporters|told journalists|telling journalists|"
    r"interview|press conference|news conference|briefing|remarks|statement|analyst|expert|researcher|professor|"
    r"correspondent)\s+(?:based\s+)?)"
    r"(?:in|to|at)\s+(?:the\s+)?$"
    r"|\b(?:telephoned|called|phoned|briefed|informed|alerted)\s+(?:[\w'’-]+\s+){0,3}?(?:in|at)\s+(?:the\s+)?$"
    r"|\b(?:speech|address|statement|broadcast|message|video|remarks|interview)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:from|in|at)\s+(?:the\s+)?$", re.I)
_VENUE_AFTER = re.compile(r"^(?:'s)?\s*(?:meeting|summit|talks|conference|ministerial|visit|-based|-made|-backed|"
                          r"-led|-born|-funded|-supplied|-brokered|-linked|-bound|-flagged|-owned|-operated|"
                          r"-registered|-aligned|-allied|-affiliated)", re.I)
_ORIGIN_BEFORE = re.compile(
    r"(?:(?P<from>\bfrom\s+(?:(?:the|a|an|its|their|his|over|near|inside|within|off|of|occupied|positions?|areas?|"
    r"\d+|two|three|four|five|six|seven|eight|nine|ten|several|governorates?|provinces?|regions?|districts?|"
    r"air|airports?|airfields?|airstrips?|naval|military|direction|around|outside|beyond|behind|"
    r"(?!(?:at|towards?|against|into|on|onto|targeting|hitting|and|but|which|where|when|to|by|with)\s)[a-z][\w-]*(?:ed|al|ic|ive)|"
    r"parts?|territory|sites?|bases?|launchers?|launch sites?|platforms?|warships?|ships?|vessels?|submarines?|"
    r"bombers?|aircraft|jets?|planes?|fighters?|boats?|northern|southern|eastern|western|central|north|south|east|"
    r"west|[\w]+-(?:controlled|held|occupied|run)|(?-i:[A-Z])[\w-]*(?:'s|’s|ian|ean|ese|ish|i)|"
    r"(?-i:[A-Z])[\w]*-?\d[\w-]*)\s+){0,7}?)|"
    r"(?P<from_site>\bfrom\s+(?:the\s+)?(?:[\w-]+\s+)?(?:sites?|bases?|positions?|areas?|launchers?|airfields?|air ?bases?|"
    r"airports?|airstrips?|"
    r"territory|launch sites?|launch pads?)\s+(?:(?!(?:at|towards?|against|into|targeting|hitting|striking)\s)[\w-]+\s+){0,5}?"
    r"(?:in|on|near|inside|across|of|along)\s+(?:the\s+)?"
    r"(?:(?-i:[A-Z])[\w-]*(?:'s|’s)\s+)?)|"
    r"\b(?P<platform>warships?|ships?|vessels?|submarines?|fleet|flotilla|launchers?|bombers?|aircraft|platforms?|"
    r"batteries|positions|territory|areas|sites|bases|stationed|deployed|based)\s+(?:\w+\s+){0,2}?"
    r"(?:in|on|off|over)\s+(?:the\s+)?(?:(?-i:[A-Z])[\w-]*(?:ian|ean|ese|ish|i)\s+)?)(?:the\s+)?$", re.I)
# "from the Kursk and Belgorod regions": the second name of a list after "from".
_ORIGIN_LIST_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?(?:(?-i:[A-Z])[\w'’-]*\s+){1,3}(?:(?:regions?|provinces?)\s+)?"
                                 r"(?:and|or|,)\s+(?:the\s+)?$")
# "from the Primorsko-Akhtarsk area on Russia's Sea of Azov coast": the second name says where the
# first is, and is part of the launch site too.
_ORIGIN_PLACE_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?(?:(?-i:[A-Z])[\w'’-]*\s+){1,3}(?:(?:area|region|district|"
                                  r"province|coast|outskirts|base|airfield)\s+)?(?:on|in|near|of|off)\s+(?:the\s+)?"
                                  r"(?:(?-i:[A-Z])[\w-]*(?:'s|’s)\s+)?$", re.I)
_NOT_FROM = re.compile(r"(?:\bacross\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:river|border|bay|strait|street|road|frontier|"
                       r"water|(?-i:[A-Z])[\w-]+)|\bkm|"
                       r"\bkilomet\w+|\bmiles|\bmetres|\bmeters|\baway|\bfar|\bdistance|\bjust|\bminutes|\bhours|"
                       r"\bdays|\bfled|\bflee\w*|\bdisplaced|\breturn\w*|\bevacuated|\bwithdr[ae]w\w*|\bretreat\w*|"
                       r"\bspeech|\baddress|\bstatement|\bbroadcast|\bspeaking|\bremarks|\bmessage|\bvideo|\breporting|"
                       r"\badvanc\w*|\bmov(?:ed|ing)|\bpush(?:ed|ing)|\bmarch\w*|\bdriv(?:en|ing)|\broad|\bhighway|\broute|"
                       r"\bwriting)\s*$",
                       re.I)
_LAUNCH_AFTER = re.compile(r"^\s*(?:[\w'’-]+\s+){0,3}?(?:fired|launched|shot(?! down)|lobbed|sent|fire|launch)\b",
                           re.I)
_ORIGIN_AFTER = re.compile(r"^\s*(?:Sea\s+)?(?:fleet|flotilla)\b", re.I)

_PROVINCE_BEFORE = re.compile(r"\b(?:(provinces?|governorates?|oblasts?|regions?|districts?) of|countryside of|"
                              r"rural (?:parts|areas|outskirts) of|(?:the )?rural)\s+(?:the\s+)?$",
                              re.I)
_NEAR_BEFORE = re.compile(r"\b(?:near|nearby|close to|outside|outskirts of|vicinity of|around|off|off the coast of|"
                          r"off (?:the )?(?:[\w'’-]+ ){0,2}?(?:port|city|town) of|"
                          r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)? of|"
                          r"\d+\s*(?:km|kilometres|kilometers|(?:nautical\s+)?miles)\s+(?:\w+\s+)?(?:of|from))\s+(?:the\s+)?$", re.I)

_ATTRIBUTION_VERBS = r"(?:said|says|say|claimed|claims|claim|confirmed|confirms|reported|reports|announced|" \
                     r"announces|stated|added|told|insisted|alleged|acknowledged|posted|wrote)"
# The speaker: up to eight words before a verb of saying (found first, then looked back from, so
# that a long sentence costs linear time).
_ATTRIBUTION_VERB = re.compile(r"\s+" + _ATTRIBUTION_VERBS + r"\b", re.I)
_SPEAKER_WORD = re.compile(r"[A-Za-z][\w'’.-]*")
_ACCORDING = re.compile(r"\baccording to\s+((?:the\s+)?[^,.;]{2,80}?)(?=[,.;]|\s+(?:on|in|which|who)\b|$)", re.I)
_SAID_AFTER = re.compile(r"[,\"”]\s*" + r"(?:said|says|according to|claimed|reported)\s+((?:the\s+)?[^,.;]{2,60}?)"
                         r"\s*(?:[,.;]|$)", re.I)
_PARTY_WORDS = re.compile(
    r"\b(?:ministry|minister|military|army|forces|force|command|commander|spokes\w+|official|officials|government|"
    r"presiden\w*|navy|rebels?|militants?|insurgents?|group|kremlin|pentagon|idf|houthis?|hamas|hezbollah|"
    r"taliban|rsf|militia\w*|fighters|troops|authorities|state media|defen[cs]e|general|regime|jihadists?|"
    r"islamic state|wagner|jnim)\b", re.I)
_OBSERVERS = re.compile(r"\b(?:activists?|observ\w+|monitor\w*|witness\w*|residents?|medics?|doctors?|hospital|"
                        r"journalists?|reporters?|media|agency|Reuters|AFP|AP|BBC|CNN|Al Jazeera|UN|UNICEF|OCHA|ACLED|"
                        r"Amnesty|HRW|sources?|correspondents?|analysts?|experts?)\b", re.I)
_DISPUTED = re.compile(r"\b(?:rejected|disputed|dismissed|refuted|contested|contradicted|questioned)\b", re.I)
_DENIED = re.compile(r"\b(?:denied|denies|deny)\b", re.I)

_ACTOR_NOUNS = (r"(?:warplanes?|(?:fighter )?jets|aircraft|air ?force|bombers|forces|troops|army|military|navy|"
                r"warships?|ships|fleet|militants|rebels|fighters|insurgents|militias?|jihadists|gunmen|soldiers|"
                r"drones|helicopters|gunships|artillery|police|Houthis|Hezbollah|Hamas|IDF|RSF|Taliban|al-Shabaab|"
                r"paramilitar(?:y|ies)|air defen[cs]es|units?|battalions?|brigades?|regime|government|coalition|"
                r"Islamic State|ISIS|"
                r"militants|separatists|commandos|(?<!sub)marines|submarines?|special forces)")
_ACTOR_BEFORE = re.compile(
    r"(\b(?:the\s+|its\s+|their\s+)?(?:(?-i:[A-Z])[\w'’.-]*(?:-[A-Za-z]+)?\s+|pro-[\w-]+\s+){0,3}"
    r"(?:(?!(?:the|its|their|and|or|of|in|on|at|by|with|from|to|a|an)\s)[a-z][\w-]*\s+){0,2}"
    r"" + _ACTOR_NOUNS + r"(?:\s+(?-i:[A-Z])[\w'’-]*)*)\b(?:\s+[\w'’-]+){0,5}\s*$", re.I)
_ACTOR_BY = re.compile(r"^\s*(?:\w+\s+){0,3}?by\s+((?:the\s+)?(?:(?-i:[A-Z])[\w'’.-]*\s+|pro-[\w-]+\s+|regime\s+|"
                       r"government\s+){0,4}" + _ACTOR_NOUNS + r")\b", re.I)
_ACTOR_PROPER = re.compile(r"((?:the\s+)?(?<![\w-])(?:(?:al|el|ad|an|as|ash|at|az)-)?[A-Z][\w'’-]+"
                           r"(?:\s+[A-Z][\w'’-]+){0,3})\s+"
                           r"(?:also\s+|reportedly\s+|again\s+|"
                           r"then\s+|had\s+|has\s+|have\s+)?$")
_ACTOR_ADJ = re.compile(r"((?:[A-Z][\w'’.-]+(?:-led|-backed)?\s+){1,3})(?:\w+\s+)?$")

# Dates are read by geomap.extraction.figures.date_of, imported above as find_date.
_WEEKDAYS = WEEKDAYS


# ---------------------------------------------------------------------------------------------
# Small helpers shared with geomap.trajectories
# ---------------------------------------------------------------------------------------------
def find_weapon(text: str, near: int | None = None) -> tuple[str, str, int] | None:
    """The weapon named in ``text`` (closest to offset ``near`` when given): (weapon, category, offset)."""
    found = find_weapons(text)
    if not found:
        return None
    if near is None:
        return min(found, key=lambda f: f[2])
    return min(found, key=lambda f: abs(f[2] - near))


def find_weapons(text: str) -> list[tuple[str, str, int]]:
    """Every weapon named in ``text``, most specific wording first: (weapon, category, offset)."""
    found = []
    taken: list[tuple[int, int]] = []
    for rx, name, cat in _WEAPON_RE:
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((name, cat, m.start()))
    return found


_COUNT_RE = re.compile(
    r"(?<![\w-])" + QUALIFIER + r"(?P<n>" + NUMBER + r")(?![\w-])(?:\s+of\s+(?:the|its|their)?)?(?:\s+[\w-]+){0,3}?\s+"
    r"(?P<what>missiles?|rockets?|drones?|shells?|air ?strikes?|strikes?|raids?|targets?|bombs?|projectiles?|"
    r"munitions?|sorties|UAVs?|Shaheds?|rounds|barrel bombs)\b", re.I)


def find_count(text: str) -> int | None:
    """The number of munitions, strikes or targets a sentence states ("Twenty-six cruise missiles" → 26)."""
    for m in _COUNT_RE.finditer(text):
        value = parse_number(m.group("n"))
        if value is not None and not (1900 <= value <= 2100 and m.group("n").isdigit()):
            return value
    return None


_VICTIMS = r"(?:civilians?|people|persons?|residents?|villagers?|children|child|women|woman|men|man|boys?|girls?|" \
           r"members?|soldiers?|troops|fighters|militants|" \
           r"rebels|servicemen|police(?:men)?|officers|members|workers|sailors|crew|passengers|worshippers|pupils|" \
           r"students|others|Palestinians|Israelis|Ukrainians|Syrians|Lebanese|Yemenis|Sudanese|Iraqis)"
_CIVILIANS = re.compile(r"civilian|residents?|villagers?|child|children|wom[ae]n|boys?|girls?|passengers|worshippers|"
                        r"pupils|students", re.I)
_FATALITY_RES = (
    re.compile(r"\bkill(?:ed|ing|s)\s+" + QUALIFIER + r"(?P<n>" + NUMBER + r")\s+(?:[\w-]+\s+){0,2}?(?P<who>" + _VICTIMS
               + r")\b", re.I),
    re.compile(r"\b" + QUALIFIER + r"(?P<n>" + NUMBER + r")\s+(?:[\w-]+\s+){0,2}?(?P<who>" + _VICTIMS + r")\s+"
               r"(?:\w+\s+){0,3}?(?:were|was|have been|had been|are|being)?\s*(?:killed|dead|died)\b", re.I),
    re.compile(r"\b(?:death toll|killing|killed)\s+(?:\w+\s+){0,3}?(?:to|of|at)?\s*" + QUALIFIER + r"(?P<n>\d[\d,]*)"
               r"(?:\s+(?P<who>" + _VICTIMS + r"))?", re.I),
)


def find_fatalities(text: str) -> tuple[int | None, int | None]:
    """(fatalities, civilian fatalities) a sentence states: "killed at least seven civilians" → (7, 7)."""
    for rx in _FATALITY_RES:
        m = rx.search(text)
        if m:
            n = parse_number(m.group("n"))
            if n is None:
                continue
            who = m.group("who") or ""
            return n, (n if _CIVILIANS.search(who) else None)
    return None, None


@dataclass(frozen=True, slots=True)
class Claim:
    """Who says so, and whether it is a party's claim, contested or denied."""

    by: str | None
    status: str
    span: tuple[int, int] | None = None


@lru_cache(maxsize=256)
def _speakers(text: str) -> tuple[tuple[str, tuple[int, int]], ...]:
    """Every "X said" speaker of a sentence, with its span: up to eight words before the verb."""
    out = []
    previous = 0
    for verb in _ATTRIBUTION_VERB.finditer(text):
        window = max(previous, verb.start() - 120)
        previous = verb.end()
        words = []
        for token in reversed(list(re.finditer(r"\S+", text[window:verb.start()]))):
            if len(words) == 8 or not _SPEAKER_WORD.fullmatch(token.group()):
                break
            words.append(token)
        if not words:
            continue
        phrase_end = window + words[0].end()
        who = _trim_attribution(text[window + words[-1].start():phrase_end])
        if who and (who[0].isupper() or _PARTY_WORDS.search(who) or _OBSERVERS.search(who)
                    or re.match(r"(?:the|a|an|local|regional|state)\s", who, re.I)):
            out.append((who, (phrase_end - len(who), phrase_end)))
    return tuple(out)


def find_claim(text: str, near: int | None = None) -> Claim:
    """The attribution of a sentence: ``"Russia's defence ministry said ..."`` → claimed by the ministry.

    With several speakers ("the army said it repelled an attack, while the RSF claimed it had
    captured the town"), the one speaking last before offset ``near`` is chosen.
    """
    found: list[tuple[str, tuple[int, int]]] = []
    for m in _ACCORDING.finditer(text):
        found.append((m.group(1), m.span(1)))
    found += _speakers(text)
    if not found:
        m = _SAID_AFTER.search(text)
        if m:
            found.append((m.group(1), m.span(1)))
    found.sort(key=lambda f: f[1])
    by, span = None, None
    if found:
        before = [f for f in found if near is not None and f[1][1] <= near]
        by, span = before[-1] if before else found[0]
    status = "reported"
    if _DENIED.search(text):
        status = "denied"
    elif _DISPUTED.search(text):
        status = "disputed"
    elif by and (_PARTY_WORDS.search(by) or re.search(r"\bclaim", text, re.I)):
        status = "claimed"
    elif by and re.fullmatch(r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?", by) and not _OBSERVERS.search(by):
        status = "claimed"  # "Moscow confirmed", "Israel said": a government speaking
    elif re.search(r"\bclaimed\b", text, re.I):
        status = "claimed"
    return Claim(by.strip() if by else None, status, span)


_ATTRIBUTION_LEAD = re.compile(r"^(?:.*\b(?:that|but|however|meanwhile|also|while|after|before|as|when)\b\s+|"
                                r".*[,;:\"“”]\s*)",
                               re.I)


def _trim_attribution(phrase: str) -> str:
    who = _ATTRIBUTION_LEAD.sub("", phrase).strip()
    who = re.sub(r"^(?:But|And|However|Meanwhile|Also)\s+", "", who)
    words = who.split()
    if not words or len(words) > 9:
        return ""
    if words[0].lower() in ("it", "he", "she", "they", "we", "i", "this", "which", "who", "officials"):
        return who if words[0].lower() == "officials" else ""
    return who


def stable_id(*parts: object) -> str:
    """A deterministic short id from ``parts`` (document, offsets, category ...)."""
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


def resolve_inputs(article: Article, gazetteer, toponyms):
    """The gazetteer and toponyms to use: defaults are the bundled gazetteer and geoparse."""
    if gazetteer is None:
        from .gazetteer import default_gazetteer

        gazetteer = default_gazetteer()
    if toponyms is None:
        from .toponyms import geoparse  # imported lazily: geoparse loads its own indexes

        toponyms = geoparse(article.text, gazetteer=gazetteer)
    return gazetteer, sorted(toponyms, key=lambda t: t.start)


def sentence_toponyms(sentence: Mention, toponyms: Sequence[Toponym]) -> list[Toponym]:
    """The toponyms inside ``sentence``, in text order."""
    return [t for t in toponyms if sentence.start <= t.start and t.end <= sentence.end]


def is_speech_venue(text: str, toponym: Toponym) -> bool:
    """Whether ``toponym`` names where officials met or spoke ("a meeting in Brussels")."""
    before = text[max(0, toponym.start - 60):toponym.start]
    after = text[toponym.end:toponym.end + 20]
    return bool(_VENUE_BEFORE.search(before) or _VENUE_AFTER.search(after))


def is_origin(text: str, toponym: Toponym) -> bool:
    """Whether ``toponym`` is where something was launched from ("from the Caspian Sea", "Black Sea fleet")."""
    before = text[max(0, toponym.start - 120):toponym.start]
    after = text[toponym.end:toponym.end + 60]
    fleet = _ORIGIN_AFTER.search(after)
    if fleet:  # "the Caspian Sea fleet launched", not "struck the Black Sea Fleet headquarters"
        return bool(_LAUNCH_AFTER.match(after[fleet.end():])
                    or re.search(r"\bfrom\s+(?:the\s+)?(?:\w+(?:'s|’s)\s+)?$", before))
    m = _ORIGIN_BEFORE.search(before)
    if m is None:
        return bool(_ORIGIN_LIST_BEFORE.search(before) or _ORIGIN_PLACE_BEFORE.search(before))
    if m.group("from") or m.group("from_site"):
        # "across the river from Romania", "40 km from Kharkiv": a distance, not a launch site
        return _NOT_FROM.search(before[:m.start()]) is None
    # "intercepted 12 rockets from Vampire launchers over the Belgorod region": where they were stopped.
    if re.search(r"\bover\s+(?:the\s+)?$", before) and re.search(
            r"\b(?:intercept\w*|shot down|downed|destroyed)\b", before[max(0, m.start() - 80):m.start()], re.I):
        return False
    # "warships in the Caspian Sea fired" is a launch platform; "a ship in the Red Sea" a target.
    # "fired from Yemen towards vessels in the Red Sea": the vessels after "towards" are the target.
    # "the bombs were dropped by Su-34 aircraft flying over the Belgorod region": the platform's place too.
    return bool(re.search(r"\bfrom\s+(?:(?!(?:at|towards?|against|on|into|targeting)\s)[\w'’-]+\s+){0,3}$",
                          before[:m.start()]) or _LAUNCH_AFTER.match(after)
                or re.search(r"\b(?:launched|fired|dropped|released|shot)\s+(?:\w+\s+){0,2}?by\s+(?:[\w-]+\s+){0,3}$",
                             before[:m.start()]))


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


# ---------------------------------------------------------------------------------------------
# Extraction
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Trigger:
    category: str
    start: int  # offsets in the sentence
    end: int
    weapon: str | None
    weak: bool = False  # a generic word ("attack", "hit") whose category is a guess


_DESTROYED_MUNITION = re.compile(
    r"\b(?:drones?|missiles?|rockets?|UAVs?|projectiles?|Shaheds?)\b[^.;]{0,60}?\b(?:were|was|had been|have been)\s+"
    r"(?:\w+\s+)?(?:destroyed|shot|downed)\b|"
    r"\b(?:destroyed|downed|shot down)[\"”’']?\s+(?:[\w-]+\s+){0,3}(?:drones?|missiles?|rockets?|"
    r"UAVs?|Shaheds?)\b", re.I)


def _triggers(sentence: str, default: str | None = None, told: str | None = None) -> list[_Trigger]:
    """Trigger words of ``sentence``; a generic verb with no weapon named takes ``default`` (the
    kind of the strike the previous sentence told: "The group said it had targeted ..." after
    rockets), or ``air_strike``. "Explosions were heard in Kyiv" is a strike only right after one.
    "The strike on the Ryazan refinery" refers back to the article's last strike, of kind ``told``."""
    found: list[_Trigger] = []
    for cat, rx in _TRIGGER_RE:
        for m in rx.finditer(sentence):
            if any(t.start < m.end() and m.start() < t.end for t in found):
                continue
            weapon = find_weapon(sentence, near=m.start())
            launch_verb = _LAUNCH_WORD.fullmatch(m.group()) is not None
            if (launch_verb and _BY_AFTER.match(sentence, m.end())) or _HIT_WORD.fullmatch(m.group()):
                # "the missiles had been fired by Indian aircraft", "cruise missiles ... before hitting
                # plants": what was fired, or what hits, is the subject, the weapon nearest before the verb.
                weapon = _subject_weapon(sentence, m.start()) or weapon
            elif launch_verb:
                # "bombers launched cruise missiles": what is launched is the object, after the verb.
                after = find_weapon(sentence[m.end():m.end() + 60])
                if after is not None:
                    weapon = (after[0], after[1], m.end() + after[2])
            category = cat
            if cat in ("generic", "clash", "ground_offensive") and _DISASTER.search(sentence):
                continue
            if cat in ("clash", "ground_offensive") and not _COMBATANTS.search(sentence):
                continue  # "a man attacked his car", "arson attacks on synagogues", "police seized"
            if cat == "generic":
                word = m.group().lower()
                casualty_word = word.startswith(("strike", "killed", "wounded", "injured", "debris", "shrapnel",
                                                 "fragment"))
                if word.startswith("explosion"):
                    if default is None and not _MILITARY_CONTEXT.search(sentence):
                        continue
                elif not (_MILITARY_CONTEXT.search(sentence) or (casualty_word and _CASUALTIES.search(sentence))
                          or (word.startswith("strike") and default is not None)):
                    continue  # "The strikes hit a shopping centre" right after a strike is told
                if re.match(r"\s*by\s+(?:a|an|the)\s+(?:car|vehicle|truck|train|bus|motorbike|bicycle)\b",
                            sentence[m.end():]):
                    continue
                word = m.group().lower()
                if weapon is not None and abs(weapon[2] - m.start()) < 80:
                    category = weapon[1]
                elif word in ("fired", "firing", "launched", "shot", "lobbed", "destroyed", "dropped"):
                    continue  # "launched an investigation", "fired a commander"
                else:
                    # a bare verb goes on with the last strike told; "an Israeli strike" is from the air
                    # "The strikes hit ..." goes on with the strike just told; a lone "strike" is from the air
                    category = default or "air_strike"
                    if word.startswith("strike") and default not in ("missile_strike", "drone_strike", "shelling"):
                        category = "air_strike"
                    if word.startswith("explosion") and told:
                        category = told  # explosions after "shot down 30 of 40 missiles" are the missiles
                    if told and re.search(r"\b(?:the|these|those|this|that)\s+$", sentence[max(0, m.start() - 7):
                                                                                           m.start()], re.I):
                        category = told
            if (category == "clash" and told in _STRIKE_KINDS and m.group().lower().startswith(("attack", "raid"))
                    and re.search(r"\b(?:the|these|those|this|that)\s+(?:\w+\s+)?$", sentence[max(0, m.start() - 20):
                                                                                      m.start()], re.I)):
                category = told  # "killed in the raids on the capital": the strikes just told
            if (category == "clash" and m.group().lower().startswith(("attack", "raid", "fir")) and weapon is not None
                    and weapon[1] in _STRIKE_KINDS and (abs(weapon[2] - m.start()) < 40 or re.search(
                        r"\bwith\s+(?:\w+\s+){0,2}$", sentence[max(0, weapon[2] - 20):weapon[2]]))):
                category = weapon[1]  # "a drone attack on ..."
            if cat in ("generic", "shootdown") and (m.group().lower() in ("destroyed", "shot") or cat == "shootdown") \
                    and _DESTROYED_MUNITION.search(sentence):
                category = "interception"  # "41 drones were destroyed", "destroyed 11 missiles"
            weak = cat in ("generic", "clash") and not m.group().lower().startswith(("clash", "fire", "gun"))
            found.append(_Trigger(category, m.start(), m.end(), weapon[0] if weapon else None, weak))
    return sorted(found, key=lambda t: t.start)


_LAUNCH_WORD = re.compile(r"fired|firing|launched|lobbed|shot", re.I)
_HIT_WORD = re.compile(r"hit|hitting|struck|striking|pounded|pounding|targeted|targeting", re.I)
_BY_AFTER = re.compile(r"\s+by\b")


def _subject_weapon(sentence: str, verb_at: int) -> tuple[str, str, int] | None:
    """The weapon named nearest before ``verb_at`` in the 120 characters before it, if any."""
    start = max(0, verb_at - 120)
    found = find_weapons(sentence[start:verb_at])
    if not found:
        return None
    name, kind, at = max(found, key=lambda w: w[2])
    return name, kind, start + at


def _clause_before(sentence: str, index: int) -> str:
    head = sentence[:index]
    starts = [m.end() for m in _CLAUSE_START.finditer(head)]
    return head[starts[-1]:] if starts else head


_STRONG_BOUNDARY = re.compile(r"(?:[,;:—–(]|\b(?:that|as|while|when|after|before|and|but|which|who|because)\b)",
                              re.I)


def _is_hypothetical(sentence: str, trigger: _Trigger) -> bool:
    window = sentence[max(0, trigger.start - 70):trigger.start]
    starts = [m.end() for m in _STRONG_BOUNDARY.finditer(sentence, 0, trigger.start)]
    clause = sentence[starts[-1]:trigger.start] if starts else sentence[:trigger.start]
    local = clause if len(clause) < len(window) else window
    if _NOT_REAL.search(local + sentence[trigger.start:trigger.end]):
        return True
    # "was not intercepted", "a day after the drone attack on Tel Aviv" (told elsewhere).
    if re.search(r"\b(?:not|never|no|failed to|without|any)\s+(?:\w+\s+){0,2}$|\b(?:after|following|since|before|despite|amid|"
                 r"(?:in )?response to|condemn\w*)\s+(?:the|these|those|this|that)\s+(?:[\w-]+\s+){0,2}$", sentence[max(0, trigger.start - 40):trigger.start], re.I):
        return True
    # "... without warning" is real; "to defend against any threats" is not: look a little after too.
    return bool(re.match(r"^\s*[\"“”']?\s*(?:would|could|might|will)\b", sentence[trigger.end:]))


def _actor(sentence: str, trigger: _Trigger, claimed_by: str | None = None) -> str | None:
    """Who did it: the noun phrase before the trigger ("Russian warplanes bombed"), the agent of a
    passive ("was hit by Israeli jets"), the subject of "launched"/"carried out" before a noun
    trigger ("Russian forces launched a drone attack"), or the speaker of "its drones struck"."""
    head = sentence[:trigger.start]
    if claimed_by and re.search(r"\b(?:its|their)\s+(?:own\s+)?$", head):
        return claimed_by  # "Ukraine said its drones struck ..."
    actor = _find_actor(sentence, trigger)
    if actor is None or actor.lower() in _NOT_ACTORS:
        m = None
        for m in _LAUNCHER.finditer(head):
            pass
        actor = _clean_np(m.group(1)) if m else None
    if actor is None or actor.lower() in _NOT_ACTORS or re.search(r"\b(?:Sea|Ocean|Gulf|region|province)$", actor) \
            or re.fullmatch(r"(?:missiles?|rockets?|drones?|shells?|bombs?|artillery)", actor, re.I):
        return None
    return actor


_LAUNCHER = re.compile(
    r"((?:the\s+)?(?:(?-i:[A-Z])[\w'’.-]*(?:-[A-Za-z]+)?\s+|pro-[\w-]+\s+|allied\s+|regime\s+|government\s+){0,4}"
    r"(?:" + _ACTOR_NOUNS + r"|(?-i:[A-Z])[\w'’-]+))\s+(?:\w+\s+)?(?:launched|carried out|conducted|staged|mounted|"
    r"unleashed|began|started)\b", re.I)


def _find_actor(sentence: str, trigger: _Trigger) -> str | None:
    claimant = re.search(r"((?:[A-Z][\w'’-]*\s+)*[\w'’-]+)\s+(?:claimed|said|say|says|vowed) (?:to|it|they) "
                         r"(?:have |had )?$", sentence[:trigger.start])
    if claimant:  # "Syrian rebels claimed to have shot down"
        return _clean_np(claimant.group(1))
    head = _clause_before(sentence, trigger.start)[-90:]
    m = _ACTOR_BY.match(sentence[trigger.end:])
    if m:
        return _clean_np(m.group(1))
    m = _ACTOR_BEFORE.search(head)
    if m and not re.search(r"[,;]", head[m.end(1):]):
        return _clean_np(m.group(1))
    m = _ACTOR_PROPER.search(head)
    if m:
        words = m.group(1).split()
        if words[-1].lower().rstrip("'s’") not in _WEEKDAYS and words[-1].lower() not in _NOT_ACTORS:
            return _clean_np(m.group(1))
    m = _ACTOR_ADJ.search(head[-40:])
    if m:
        return _clean_np(m.group(1))
    return None


_NOT_ACTORS = frozenset("the on in but and a an it they he she we this that which who also meanwhile its their "
                        "there another one two some most many".split())


def _clean_np(np: str) -> str:
    np = re.sub(r"^(?:the|its|their|an?|On|In|But|And|Meanwhile|Also)\s+", "", np.strip(), flags=re.I)
    np = re.sub(r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:'s|’s)?\s+", "", np)
    np = re.sub(r"(?:\s+(?:then|also|later|again|reportedly|had|have|has))+$", "", np)
    return np.strip(" ,")


_TARGET_STOP = re.compile(r"[,.;:]|\s(?:in|near|on (?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*|overnight|killing|according|"
                          r"as|after|before|while|which|with|from|and killed|since|during|late|early)\b", re.I)


def _target(sentence: str, trigger: _Trigger) -> str | None:
    rest = sentence[trigger.end:trigger.end + 140]
    m = re.match(r"^\s*(?:(?!in\b|near\b)[\w-]+\s+){0,4}?(?:at(?! least| most)|against|on|targeting|into|"
                 r"toward|towards)\s+", rest, re.I)
    if m and trigger.category not in ("shootdown", "interception"):
        rest = rest[m.end():]
    elif trigger.category == "airspace_violation":
        return None
    elif trigger.category in ("ground_offensive", "shootdown", "interception"):
        rest = rest.lstrip()
    else:
        rest = rest.lstrip()
        if not re.match(r"^(?:a|an|the|\d|[A-Z]|several|two|three|four|five|dozens|targets|positions)", rest):
            return None
    stop = _TARGET_STOP.search(rest)
    phrase = re.sub(r"^(?:in|into|on|at|over|by)\s+(?:the\s+)?", "", (rest[:stop.start()] if stop else rest).strip())
    if not phrase or len(phrase.split()) > 12 or re.match(r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*day$", phrase):
        return None
    return phrase


# A place named before its trigger is the scene only after a locative preposition ("In Odesa, drones ...").
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|outside|over|across|around|inside|into|on|of|from the town of)\s+"
                              r"(?:the\s+)?(?:[\w'’-]+\s+){0,2}?$", re.I)


_PASSIVE_GAP = re.compile(r"\s+(?:was|were|is|are|has been|have been|had been|came under|came|again)\s+"
                          r"(?:(?:again|also|heavily|repeatedly|reportedly|heavy|intense|fresh|renewed|massive|"
                          r"new|overnight)\s+)?", re.I)


_ADMIN_WORD = r"(?:region|province|oblast|governorate|district|state|county|area)"
_CONTAINER_GAP = re.compile(r",\s*(?:in\s+(?:the\s+)?)?|\s+(?:" + _ADMIN_WORD + r"\s+)?(?:of|in)\s+(?:the\s+)?"
                            r"(?:[a-z-]+\s+)?|\s+" + _ADMIN_WORD + r"\s*,\s*", re.I)


def is_container(text: str, inner: Toponym, outer: Toponym) -> bool:
    """Whether ``outer`` just says where ``inner`` is: "Idlib, Syria", "Kharkiv, Ukraine", "the
    Belgorod region of Russia", "Sirsa in Haryana", "Mir Ali, in North Waziristan"."""
    if inner.place is None or outer.place is None or not _CONTAINER_GAP.fullmatch(text[inner.end:outer.start]):
        return False
    if outer.place.feature == "country":
        return inner.place.country == outer.place.country and inner.place.feature != "country"
    if outer.place.feature in ("region", "area", "admin2"):
        same_province = outer.place.feature != "admin2" or not (inner.place.admin1 and outer.place.admin1) \
            or inner.place.admin1 == outer.place.admin1
        return (inner.place.feature in ("city", "site", "admin2") and inner.place.country == outer.place.country
                and inner.place.id != outer.place.id and same_province)
    # "Ramenskoye, Moscow region": the text says the province holds the town, whatever the codes say.
    stated = re.match(r",\s*$", text[inner.end:outer.start]) and re.match(r"\s+" + _ADMIN_WORD + r"\b",
                                                                         text[outer.end:outer.end + 15], re.I)
    return (outer.place.feature == "admin1" and inner.place.feature in ("city", "site", "admin2")
            and inner.place.country == outer.place.country
            and (inner.place.admin1 == outer.place.admin1 or bool(stated)))


def _says_where_another_is(text: str, toponym: Toponym, toponyms: Sequence[Toponym]) -> bool:
    """Whether ``toponym`` only locates the name before it: a container ("the Belgorod region of
    Russia") or a reference point in an apposition ("Chuhuiv, east of Kharkiv, was struck")."""
    before = [t for t in toponyms if t.end <= toponym.start and toponym.start - t.end < 60]
    if not before:
        return False
    previous = before[-1]
    if is_container(text, previous, toponym):
        return True
    gap = text[previous.end:toponym.start]
    return bool(_APPOSITION_GAP.fullmatch(gap)) and re.match(
        r"\s*(?:" + _ADMIN_WORD + r"\s*)?,", text[toponym.end:toponym.end + 16], re.I) is not None


_APPOSITION_GAP = re.compile(r",\s+(?:(?:the|a)\s+(?:[a-z]+\s+)?(?:town|city|capital|port|village|hub)\s+of\s+(?:the\s+)?|"
                             r"(?:(?:just|about|some|roughly|barely|only|nearly|less than|more than)\s+)?"
                             r"(?:a\s+(?:[a-z]+\s+)?(?:town|city|village|suburb|district)\s+)?"
                             r"(?:(?:\d+|a few|several)\s*(?:km|kilomet\w+|miles)\s+(?:\([^)]{0,20}\)\s+)?(?:away\s+)?)?"
                             r"(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of|outside|near|close to|next to|"
                             r"from|off|across\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?from)\s+(?:the\s+)?"
                             r"(?:[a-z]+\s+)?(?:(?:city|town|port|village)\s+of\s+)?)", re.I)


_SCENE_BREAK = re.compile(r"\b(?:(?:in )?what (?:they|it|he|she|the group|officials) (?:call|describe)|which (?:they|it) "
                          r"(?:call|describe)|solidarity with|in support of|on behalf of|in protest|describ\w+ as|"
                          r"calling (?:it|them)|home to|rather than|instead of|in response to|in retaliation for|to avenge|"
                          r"after|before(?!\s+(?:reaching|hitting|striking|(?:it|they)\s+reached))|following)\b", re.I)


_PARTICIPLE = re.compile(r"\b(?:missiles?|rockets?|drones?|UAVs?|projectiles?|shells?|Shaheds?)\s+(?:that\s+had\s+been\s+|"
                         r"(?:which|that)\s+(?:were|was)\s+)?$", re.I)
_REFERENCE_BEFORE = re.compile(r"\b(?:the|this|that|these|those|(?-i:[A-Z])\w+day(?:'s|’s))\s+(?:[\w-]+\s+){0,2}$",
                               re.I)
_NOUN_TRIGGER = re.compile(r"(?:attacks?|strikes?|air ?strikes?|shelling|bombardment|raids?|offensive|assault|bombing|"
                           r"barrage|targeting)\b", re.I)


def _is_coarse(group: Sequence[Toponym]) -> bool:
    return all(t.place is not None and t.place.feature in ("country", "admin1", "region", "area") for t in group)


def _location_groups(sentence: Mention, text: str, candidates: list[Toponym]) -> list[list[Toponym]]:
    """Coordinated toponyms form a group: "Homs, Hama and Raqqa" is one group of three."""
    groups: list[list[Toponym]] = []
    previous: Toponym | None = None  # the last name seen, a container included
    for t in candidates:
        if groups and (is_container(text, groups[-1][-1], t) or (previous is not None and is_container(text, previous, t)
                                                                 and is_container(text, groups[-1][-1], previous))):
            previous = t
            continue  # "Idlib, Syria", "Ramenskoye, Moscow region, Russia": where the place is, no second place
        previous = t
        if groups:
            gap = text[groups[-1][-1].end:t.start]
            road = re.fullmatch(r"\s*[-–—]\s*", gap) and _ROAD_AFTER.match(text, t.end)
            if _COORDINATOR.fullmatch(gap) or road or re.fullmatch(
                    r"\s*(?:provinces?|governorates?|regions?|oblasts?|plain|valley|city|town)?\s*(?:,|and|, and)\s*"
                    r"(?:the\s+)?(?:" + _PART_OF + r"\s+)?(?:the\s+)?", gap, re.I) or re.fullmatch(
                    # "on the Qandil mountains and in Duhok province": a second scene after its own preposition
                    r"\s*(?:mountains?|provinces?|governorates?|regions?|districts?|valley|city|town)?\s*(?:,?\s*(?:and|as well as)"
                    r"|,(?=\s*(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:over|in|near)\b))"
                    r"\s+(?:also\s+)?(?:(?:an?|another|the)\s+(?:[\w-]+\s+){0,2}?[a-z][\w-]*\s+|\d+\s+|(?:more|others?|"
                    r"several|some|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+)?(?:in|on|near|around|at|over)\s+"
                    r"(?:the\s+)?(?:nearby\s+|neighbou?ring\s+|adjacent\s+)?", gap, re.I):
                # "... and a camp in Muzaffarabad", "41 over the Bryansk region, 17 over the Saratov region and
                # nine over the Black Sea", "in the port of Hodeidah and at the nearby Ras Isa terminal"
                groups[-1].append(t)
                continue
        groups.append([t])
    return groups


_MODIFIED_NOUN = re.compile(
    r"^\s+(?:(?!(?:from|in|on|at|by|to|with|into|over|near|and|or|after|before|as|for|of|the|a|an|its|their|"
    r"overnight|late|early|last|this|since|while|when|where|which|who)\b)(?:[a-z]+|-)\s+)?"
    r"(?:capital|city|forces|troops|military|army|officials?|government|hospital|mayor|governor|"
    r"embassy|navy|jets|warplanes|authorities|media|territory|side|coalition|conflict|war|regime|drones|missiles|"
    r"militants|fighters|soldiers|police|president|leader|minister|ministry|spokesman|delegation|counterpart|"
    r"intelligence|officers?|defen[cs]es?|troops|units|crisis|campaign|embassy|consulate|personnel|"
    r"sailors|warships?|carriers?|destroyers?|aircraft|envoy|diplomats?|citizens|nationals)\b")


_AGENT_VERB = re.compile(
    r"^\s+(?!(?:has|have|had)\s+been\b)(?:also |then |again |reportedly |later |on \w+ |(?:has|have|had) (?!been))?"
    r"(?:\w+ed|said|says|fired|shot|struck|hit|launched|sent|began|vowed|claimed|did|does|will|would|recalled|"
    r"carried|has|have|had|says|warns|denies|disputes|rejects|insists|maintains|argues|accuses|blames|condemns|"
    r"claims|states|hitting|striking|firing|launching|targeting|pounding|"
    r"(?:is|are|was|were) (?!(?:hit|struck|shelled|bombed|attacked|targeted|pounded|under)\b)\w+ing)\b(?!\s+by\b)")


def _eligible(text: str, toponym: Toponym, category: str) -> bool:
    if toponym.place is None:
        return False
    if toponym.role == "metonym":
        return False
    if toponym.role == "adjectival":
        after = text[toponym.end:toponym.end + 25]
        # "Turkish airspace", "Syrian provinces of": adjectives name the scene only in these phrases.
        return category in ("airspace_violation", "shootdown", "interception") and bool(
            re.match(r"^\s*air ?space\b", after, re.I))
    if toponym.role not in ("literal", "unresolved"):
        return False
    if is_speech_venue(text, toponym) or is_origin(text, toponym):
        return False
    after = text[toponym.end:toponym.end + 60]
    # "Saudi capital", "US forces", "Hamas militants": a name used as a modifier is not the scene.
    # "US strikes back", "Russia strikes Kyiv": a country before a strike word is who strikes.
    if _MODIFIED_NOUN.match(after) or (toponym.place.feature == "country" and re.match(
            r"^\s+(?:[a-z]+\s+)?(?:base|bases|outposts?|logistics|border|ships?|vessels?|tankers?|strikes?|attacks?|"
            r"raids?|air ?strikes?|"
            r"airstrikes?|shelling|bombing|bombardment|missiles?|drones?|jets|warplanes)\b", after)):
        return False
    # "a 'Palestine-2' missile", "Burkan-2H": a weapon's model name, not a place.
    if re.match(r"^[-–]\d", after):
        return False
    # "across the Nile from Khartoum", "4 km from Russia": a reference point, not the scene.
    if re.search(r"\b(?:(?:across\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?|\d+\s*(?:km|kilomet\w+|miles)\s+(?:\w+\s+)?|away\s+|"
                 r"withdraw\w*\s+|retreat\w*\s+|fle(?:e|d|eing)\s+|escap\w+\s+|driven out\s+|expelled\s+)from|"
                 r"(?:road|highway|route|motorway)\s+(?:to|towards?))\s+(?:the\s+)?$",
                 text[max(0, toponym.start - 50):toponym.start], re.I):
        return False  # "withdrawing from Djibo", "near the road to Tartus": not where it happened
    # "on the border with Saudi Arabia": the neighbour is not the scene.
    if re.search(r"\b(?:border|frontier|boundary)\s+with\s+(?:the\s+)?$", text[max(0, toponym.start - 30):toponym.start]):
        return False
    # "vessels linked to Israel", "ships bound for Eilat": whose, or where to, not the scene.
    if re.search(r"\b(?:linked|bound|headed|heading|sailing|destined|tied|connected|belonging|owned|flagged|"
                 r"registered|travell?ing|en route)\s+(?:to|for|by|with)\s+(?:the\s+)?$",
                 text[max(0, toponym.start - 40):toponym.start]):
        return False
    # "the Black Sea port of Odesa", "the Red Sea city of Hodeidah": Odesa is the scene.
    if re.match(r"^\s+(?:[a-z-]+\s+)?(?:port|city|town|village|enclave|capital|suburb|island|resort|harbou?r|"
                r"hub|neighbou?rhood)\s+of\s+[A-Z]", after):
        return False
    # "flew 900 miles across Iran and Iraq": the route, not the scene.
    if re.search(r"\b(?:across|through|via|crossing|traversing)\s+(?:the\s+)?"
                 r"(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*(?:,\s*|\s+and\s+|\s+or\s+))*$|"
                 r"\b(?:flew|flying|flown|passed|passing|crossed)\s+(?:[\w'’-]+\s+){0,5}?(?:over|above)\s+(?:the\s+)?$",
                 text[max(0, toponym.start - 60):toponym.start]):
        return False
    # "missiles fired by Iran": the agent of a passive, not the scene.
    if re.search(r"\bby\s+(?:the\s+)?$", text[max(0, toponym.start - 8):toponym.start]):
        return False
    # "the Black Sea Fleet headquarters", "Central Command": a name inside an organisation's name.
    if re.match(r"^\s+(?:[A-Z][a-z]+\s+)?(?:(?i:fleet|flotilla)|Command|Army|Forces|Brigade|Corps|Guards?|Council|"
                r"Ministry|Group)\b", after):  # "US Central Command" too
        return False
    # "United Kingdom Maritime Trade Operations", "the China-Pakistan Economic Corridor": a country in
    # an organisation's name ("the Gwadar Port Authority complex" is in Gwadar, though).
    if toponym.place.feature == "country" and re.match(
            r"^(?:[-–][A-Z][\w-]*)?\s+(?:[A-Z][a-z]+\s+){0,2}(?:Operations|Agency|Observatory|News|Radio|Television|"
            r"Broadcasting|Times|Post|Herald|Institute|Center|Centre|Committee|Authority|Office|Service|Network|"
            r"Company|Corporation|University|Airways|Airlines|Mission|Movement|Party|Front|Corridor|Council)\b", after):
        return False
    # "the tanker Marlin Luanda", "USS Carney": a ship's name is not a place.
    if re.search(r"\b(?:tanker|ship|vessel|carrier|freighter|destroyer|frigate|cruiser|boat|USS|HMS|MV|MT)\s+"
                 r"(?:[A-Z][\w'’.-]*\s+){0,3}$", text[max(0, toponym.start - 50):toponym.start]):
        return False
    # A possessive names an actor ("Russia's defence ministry", "Moscow's campaign") unless a
    # part of the place follows ("Kyiv's outskirts", "Gaza's Jabalia camp", "Turkey's airspace").
    # A country's possessive never is the scene: "Iran's Sistan-Baluchestan province" is.
    if re.match(r"^(?:'s|’s)\s", after):
        if toponym.place.feature == "country":
            return bool(re.match(r"^(?:'s|’s)\s+(?:air ?space|territory|territorial waters)", after))
        return bool(re.match(r"^(?:'s|’s)\s+(?:(?:northern|southern|eastern|western|central|main|largest|second|"
                             r"biggest|old|border|industrial)\s+)*(?:air ?space|outskirts|suburbs?|districts?|"
                             r"neighbou?rhoods?|centre|center|port|airport|harbou?r|coast|city|capital|region|"
                             r"province|border|[A-Z])", after))
    # A place as the subject of a verb is an actor ("Israel struck", "Iran launched", "Turkey said").
    # "Odesa was hit", "Kharkiv came under fire" are passive: the place is the scene.
    if not _LOCATIVE_BEFORE.search(text[max(0, toponym.start - 30):toponym.start]) and _AGENT_VERB.match(after):
        return False
    return True


def extract_events(article: Article, *, gazetteer=None, toponyms: list[Toponym] | None = None) -> list[Event]:
    """The military events an article reports, one per sentence, category and place.

    ``gazetteer`` defaults to :func:`geomap.gazetteer.default_gazetteer`; ``toponyms`` to
    :func:`geomap.toponyms.geoparse` over the article text. A definite reference ("the attack on
    Mariupol") to a place the article already has an event for adds its sentence to that event.
    Other repeats are folded later: within the article by :func:`geomap.merge.consolidate`
    (headlines, country- and sea-wide sentences), across articles by :func:`geomap.merge.merge`.

    >>> from geomap.model import Article
    >>> [(e.category, e.location_name, e.precision)
    ...  for e in extract_events(Article("a", "Russian jets bombed Idlib province on Monday."))]
    [('air_strike', 'Idlib', 'province')]
    """
    gazetteer, toponyms = resolve_inputs(article, gazetteer, toponyms)
    text = article.text
    events: list[Event] = []
    last_town: Toponym | None = None  # what "the city" refers back to
    last_kind: str | None = None  # what a bare "struck" means: the kind of the strike just told
    told: str | None = None  # what "the strike" means: the kind of the article's last strike
    for sentence in split_sentences(text):
        here = sentence_toponyms(sentence, toponyms)
        found, kinds, refs = _sentence_events(article, sentence, here, gazetteer, last_town=last_town,
                                              default=last_kind, told=told)
        for event in found:
            # "the attack on Mariupol was a land grab": the attack already told, whatever its kind
            j = None
            if event.id in refs and event.place is not None:
                j = next((j for j, e in enumerate(events) if e.place is not None and e.place.id == event.place.id),
                         None)
            if j is None:
                events.append(event)
            else:
                events[j] = combine(events[j], event)
        last_kind = kinds[-1] if kinds else None
        told = next((k for k in reversed(kinds) if k in _STRIKE_KINDS), told)
        for t in here:
            if t.place is not None and t.role == "literal" and t.place.feature in ("city", "site") \
                    and not is_speech_venue(text, t):
                last_town = t
    return events


def _inside_container(text: str, toponym: Toponym, toponyms: list[Toponym]) -> Toponym:
    """``toponym``, or the place it is said to lie in when it resolved to another country:
    "Dera in Khyber Pakhtunkhwa province" read as an Ethiopian Dera is the province."""
    if toponym.place is None or toponym.place.feature not in ("city", "site", "admin2"):
        return toponym
    container = next((t for t in toponyms if t.start > toponym.end), None)
    if (container is None or container.place is None or container.role != "literal"
            or container.place.feature not in ("country", "admin1")
            or re.match(r"(?:'s|’s)\b", text[container.end:container.end + 2])  # "Sudzha, Ukraine's commander said"
            or not re.fullmatch(r"(?:\s+[A-Z][\w'’-]*){0,3}(?:,\s*|\s+in\s+(?:the\s+)?(?:\w+\s+){0,2}?)",
                                text[toponym.end:container.start])):
        return toponym
    if container.place.country and toponym.place.country and container.place.country != toponym.place.country:
        return container
    return toponym


# "the city's Kyivskyi district": a part of the town the anaphor refers to, whatever else the name means.
_PART_OF_REFERRED = re.compile(r"\bthe\s+(?:city|capital|town|port)(?:'s|’s)\s+$", re.I)


def _referred_town(text: str, sentence: Mention, trig: _Trigger, toponyms: list[Toponym],
                   last_town: Toponym | None) -> Toponym | None:
    """The town "the city" / "Ukraine's second-largest city" after ``trig`` refers to: the last town
    named before it (in this sentence, such as a dateline, or an earlier one), placed at the words."""
    anaphor = _ANAPHOR.search(sentence.text, trig.end)
    if anaphor is None:
        return None
    at = sentence.start + anaphor.start()
    here = [t for t in toponyms if t.end <= at and t.place is not None and t.role == "literal"
            and t.place.feature in ("city", "site") and not is_speech_venue(text, t)]
    town = here[-1] if here else last_town
    if town is None:
        return None
    return Toponym(town.text, at, sentence.start + anaphor.end(), town.place)


def _sentence_events(article: Article, sentence: Mention, toponyms: list[Toponym], gazetteer, *,
                     last_town: Toponym | None = None,
                     default: str | None = None, told: str | None = None) -> tuple[list[Event], list[str]]:
    """The events of one sentence, the kinds of its definite (non-generic) triggers, and the ids of
    the events named by a definite noun ("the attack on X"), which may repeat one told before."""
    s = sentence.text
    if _GENERALITY.search(s):
        return [], [], set()
    triggers = [t for t in _triggers(s, default, told) if not _is_hypothetical(s, t)]
    # "shot down three cruise missiles fired from Yemen towards vessels in the Red Sea": a participle
    # after the munition describes it, it is not a second event.
    triggers = [t for k, t in enumerate(triggers) if not (k and _PARTICIPLE.search(s, max(0, t.start - 40), t.start)
                                                        and re.match(r"(?:fired|launched)\b", s[t.start:], re.I))]
    if not triggers:
        return [], [], set()
    text = article.text
    fatalities, civilians = find_fatalities(s)
    count = find_count(s)
    out: list[Event] = []
    refs: set[str] = set()  # events named by a definite noun ("the attack on X"): told before, if at all
    seen: set[tuple[str, str]] = set()
    # "Iran launched drones at Israel": the flight is a trajectory; a country-wide event would only
    # repeat it. "Fired missiles at targets in Syria" does say where strikes fell: it stays.
    launched_from = any(t.place is not None and (is_origin(text, t) or (
        t.place.feature == "country" and t.role != "adjectival"
        and re.match(r"^(?:'s|’s)?\s+(?:[\w-]+\s+){0,3}?(?:fired|launched)\b", text[t.end:t.end + 60])))
        for t in toponyms)
    for i, trig in enumerate(triggers):
        claim = find_claim(s, near=trig.start)
        # Unresolved names stay in the candidates so they block a farther, wrong place.
        candidates = [t for t in toponyms if not _PART_OF_REFERRED.search(text[max(0, t.start - 25):t.start])
                      and not _says_where_another_is(text, t, toponyms) and (
                      (t.place is None and t.role == "unresolved") or
                      (_eligible(text, t, trig.category)
                       and not (claim.span and claim.span[0] <= t.start - sentence.start < claim.span[1])))]
        referred = _referred_town(text, sentence, trig, toponyms, last_town)
        if referred is not None and i + 1 < len(triggers) and referred.start >= sentence.start + triggers[i + 1].start:
            referred = None  # "The strikes followed an attack on a detachment in the town": the town is the attack's
        if not candidates:
            if referred is None:
                continue
            candidates = [referred]
        groups = _location_groups(sentence, text, candidates)
        abs_trigger = sentence.start + trig.start
        # "violations of Turkish airspace", "killed in Beersheba by a falling missile": the scene
        # may sit inside the trigger phrase itself.
        after_at = abs_trigger
        # "began attacking ships ... in what they describe as solidarity with Palestinians in Gaza":
        # past a break like this, a name is no longer where the trigger happened.
        after = [g for g in groups if g[0].start >= after_at
                 and not _SCENE_BREAK.search(text, abs_trigger + (trig.end - trig.start), g[0].start)]
        before = [g for g in groups if g[-1].end <= abs_trigger]
        next_trigger = triggers[i + 1].start + sentence.start if i + 1 < len(triggers) else sentence.end
        if after and after[0][0].start < next_trigger:
            group = after[0]
            if before and _is_coarse(group) and re.fullmatch(
                    r"\s*(?:In|At|Near|Outside|Inside|Over)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}",
                    text[sentence.start:before[-1][0].start]) and text.startswith(",", before[-1][-1].end) and all(
                    t.place is not None and t.place.feature in ("city", "site", "admin2")
                    and t.place.country in {g.place.country for g in group} for t in before[-1]):
                # "In Beersheba, a missile struck a street near Soroka Medical Center, the main
                # hospital in southern Israel": the town, not the region around it.
                group = before[-1]
        elif before and abs_trigger - before[-1][-1].end < 120 and (_LOCATIVE_BEFORE.search(
                text[max(sentence.start, before[-1][0].start - 30):before[-1][0].start])
                or _PASSIVE_GAP.fullmatch(text[before[-1][-1].end:abs_trigger])):
            group = before[-1]
            if referred is not None and _is_coarse(group) and referred.start > abs_trigger:
                # "In Kirkuk province, where IS holds Hawija, aircraft struck a depot on the outskirts of
                # the town": the town, not the province
                group = [referred]
        elif referred is not None:
            group = [referred]  # "KHARKIV (AP) — Russian forces pounded Ukraine's second-largest city"
        else:
            continue
        if all(t.place is not None and t.place.feature == "country" for t in group):
            # "struck several villages in southern Lebanon, killing three fighters in Bint Jbeil":
            # a town later in the sentence, in that country, says where.
            codes = {t.place.country for t in group}
            finer = [t for g in after for t in g if t.start > group[-1].end and t.place is not None
                     and t.place.feature in ("city", "site", "admin2") and t.place.country in codes]
            if finer:
                group = finer
        group = [_inside_container(text, t, toponyms) for t in group]
        if len(group) == 1 and group[0].place is not None and place_of(group[0], gazetteer).feature == "sea":
            # "in the Red Sea off the Yemeni port of Hodeidah": off the town, not mid-sea.
            coast = next((t for t in toponyms if t.start > group[0].end and t.place is not None
                          and t.place.feature in ("city", "site") and _OFF_COAST.fullmatch(
                              text[group[0].end:t.start])), None)
            if coast is not None:
                group = [coast]
        date, date_text = find_date(s, article.published, near=trig.start)
        first = len(out)
        for toponym in group:
            where = located(text, toponym, gazetteer, group=group)
            if where is None:
                continue
            place, precision = where
            aimed_at = re.search(r"\b(?:at|against|towards?|on|into)\s+(?:the\s+)?$",
                                 text[max(0, toponym.start - 15):toponym.start])
            if launched_from and aimed_at and (precision == "country" or (
                    precision in ("province", "region") and re.search(r"\btowards?\s+(?:the\s+)?$", aimed_at.group())))\
                    and (trig.weak or trig.category in ("missile_strike", "drone_strike")):
                continue  # "fired missiles at Israel", "toward the Odesa region": the trajectory says it
            if trig.weak and any(e.place is not None and e.place.id == place.id for e in out):
                continue  # "fired missiles at Israel ... in its first direct attack on Israel": one event
            if trig.category == "airspace_violation" and place.feature != "country" and place.country:
                country = gazetteer.country(place.country)
                place, precision = (country, "country") if country is not None else (place, precision)
            key = (kind_family(trig.category), place.id)  # one family at one place in a sentence: one event
            if key in seen:
                continue  # "fired a ballistic missile at a container ship in the Gulf of Aden": one strike
            seen.add(key)
            lat, lon = representative_point(place, gazetteer)
            name = place.name if precision in ("province", "country") else toponym.text.rstrip(".,")
            part = part_of(text, toponym, place, gazetteer)
            if part is not None:  # "southern Lebanon": the southern part, not the whole country
                (lat, lon), direction = part
                name, precision = f"{direction} {name}", "region"
            offset = offset_from(text, toponym) if precision == "near" else None
            if offset is not None:  # "a farm about 10 km east of Chuhuiv": 10 km east of it
                (lat, lon), phrase = offset_point((lat, lon), *offset[:2]), offset[2]
                name = f"{phrase} {name}"
            event_id = stable_id(article.id, sentence.start, trig.start, trig.category, place.id)
            if _REFERENCE_BEFORE.search(s, max(0, trig.start - 30), trig.start) and _NOUN_TRIGGER.match(
                    s, trig.start):
                refs.add(event_id)
            out.append(Event(
                id=event_id,
                category=trig.category,
                event_type=TAXONOMY[trig.category][0],
                sub_event_type=TAXONOMY[trig.category][1],
                location_name=name,
                lat=lat, lon=lon, precision=precision, place=place,
                actor=_actor(s, trig, claim.by), target=_target(s, trig), weapon=trig.weapon,
                count=count, counts=(count,) if count is not None else (),
                fatalities=fatalities, civilian_fatalities=civilians,
                date=date, date_text=date_text,
                claimed_by=claim.by, claim_status=claim.status,
                sources=(Source(article.id, s, sentence.start, sentence.end),),
            ))
        if len(out) - first == 2 and _is_between(text, group):
            out[first:] = [_between(*out[first:])]
    # "gunmen stormed a hotel in Mogadishu after a car bomb blew open its gate": one complex attack, told
    # by its assault; the bomb that opened the way is part of it.
    assaulted = {e.place.id for e in out if e.category in ("ground_offensive", "clash") and e.place is not None}
    out = [e for e in out if not (e.category == "explosive" and e.place is not None and e.place.id in assaulted)]
    return out, [t.category for t in triggers if not t.weak or t.weapon is not None], refs


# "the Balakliia-Izium highway": a road between the two towns.
_ROAD_WORDS = r"(?:highway|road|motorway|railway|rail line|route)"
_ROAD_AFTER = re.compile(r"\s+" + _ROAD_WORDS + r"\b", re.I)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:the\s+)?(?:(?:towns?|cities|villages)\s+of\s+)?$", re.I)
#: Two towns farther apart than this are two scenes even after "between".
_BETWEEN_MAX_KM = 150.0


def _is_between(text: str, group: list[Toponym]) -> bool:
    """"ambushed a convoy between Mopti and Djenne", "on the Balakliia-Izium highway": one scene
    on the road, not two towns."""
    if len(group) != 2 or not all(t.place is not None and t.place.feature in ("city", "site") for t in group):
        return False
    gap = text[group[0].end:group[1].start]
    if re.fullmatch(r"\s*[-–—]\s*", gap):
        return bool(_ROAD_AFTER.match(text, group[1].end))
    return (bool(_BETWEEN_BEFORE.search(text[max(0, group[0].start - 40):group[0].start]))
            and re.fullmatch(r"\s+and\s+", gap) is not None)


def _between(a: Event, b: Event) -> Event:
    """One event halfway between the two towns of ``a`` and ``b`` (both kept when they lie far apart)."""
    path, km = geodesic_path((a.lat, a.lon), (b.lat, b.lon), min_points=3)
    if km > _BETWEEN_MAX_KM:
        return a
    lat, lon = path[len(path) // 2]
    return replace(a, id=stable_id(a.id, b.id), location_name=f"between {a.location_name} and {b.location_name}",
                   lat=lat, lon=lon, precision="near", place=None)


_BEARINGS = {"north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0, "south": 180.0,
             "southwest": 225.0, "west": 270.0, "northwest": 315.0}
_OFFSET_BEFORE = re.compile(
    r"\b(?P<n>\d+(?:\.\d+)?|" + _WORD_NUMBER + r")\s*(?P<unit>km|kilomet(?:re|er)s?|(?:nautical\s+)?miles|mi)\s+"
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
