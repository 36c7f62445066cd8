"""Role decisions on sentences written here: what a place is to the event told beside it."""

from __future__ import annotations

import pytest

from geomap.extraction.document import annotate
from geomap.extraction.matcher import find_triggers, find_weapons
from geomap.extraction.scene import is_generic, is_hedged, is_negated, place_role
from geomap.gazetteer import default_gazetteer
from geomap.model import Article
from geomap.toponyms import geoparse


@pytest.fixture(scope="module")
def gaz():
    return default_gazetteer()


def roles(text: str, gaz, trigger_word: str) -> dict[str, str]:
    """{place name: role} for every place of a one-sentence text, relative to ``trigger_word``."""
    document = annotate(Article("t", text), geoparse(text, gazetteer=gaz))
    (sentence,) = [s for s in document.sentences if s.doc is not None]
    trigger = next(t for t in find_triggers(sentence.doc) if t.token.lower_ == trigger_word)
    return {sentence.toponym(sentence.doc[i]).text.rstrip(".,"): place_role(sentence.doc[i], trigger, top.place).name
            for i, top in sentence.places.items() if top.place is not None}


@pytest.mark.parametrize("text, trigger, expected", [
    # the object, the passive subject and a locative are the scene
    ("Russian bombers struck Kramatorsk before dawn.", "struck", {"Kramatorsk": "scene"}),
    ("The town of Avdiivka was shelled by artillery on Tuesday.", "shelled", {"Avdiivka": "scene"}),
    ("Several drones crashed into apartment blocks in Kharkiv overnight.", "crashed", {"Kharkiv": "scene"}),
    ("An air strike on Idlib killed four people.", "strike", {"Idlib": "scene"}),
    # the attacker is no scene, in any of its disguises
    ("Israel struck a warehouse in Sidon overnight.", "struck", {"Israel": "actor", "Sidon": "scene"}),
    ("Odesa was hit by missiles fired by Russia.", "hit", {"Odesa": "scene"}),
    ("Houthi rebels in Yemen fired a missile at Eilat.", "fired", {"Yemen": "origin", "Eilat": "aim"}),
    ("Bombers that took off from a base in Missouri struck targets near Kandahar.", "struck",
     {"Missouri": "origin", "Kandahar": "near"}),
    # launch sites
    ("Warships fired cruise missiles from the Caspian Sea at targets in Syria.", "fired",
     {"Caspian Sea": "origin", "Syria": "aim"}),
    ("The Black Sea Fleet launched missiles at Odesa.", "launched", {"Black Sea": "origin", "Odesa": "aim"}),
    # "from X in Y": Y says where the launch site is
    ("Russia fired missiles from Kursk in western Russia at Sumy.", "fired",
     {"Russia": "origin", "Kursk": "origin", "Sumy": "aim"}),
    # a speaker inside the object's clause is no attacker
    ("A drone strike on Nabatieh killed two men that Israel said were fighters.", "strike",
     {"Nabatieh": "scene", "Israel": "other"}),
    # a distance is a reference, not an origin
    ("Shells landed 40 km from Zaporizhzhia, the governor said.", "landed", {"Zaporizhzhia": "near"}),
    # speakers and owners
    ("Officials in Baghdad said rockets hit Balad air base.", "hit", {"Baghdad": "speaker"}),
    ("Drones struck the Russian consulate in Aleppo.", "struck", {"Aleppo": "scene"}),
    ("US forces were attacked with drones near Tanf.", "attacked", {"Tanf": "near"}),
    # lists share their role
    ("Missiles were launched against the cities of Lviv, Rivne and Lutsk.", "launched",
     {"Lviv": "aim", "Rivne": "aim", "Lutsk": "aim"}),
    # an interception over the sea stops there; the aim is the target
    ("Air defences intercepted a missile over the Red Sea.", "intercepted", {"Red Sea": "stop"}),
    # a toll of another incident is not this strike's scene
    ("Drones struck Dnipro two days after an attack on Poltava.", "struck", {"Dnipro": "scene", "Poltava": "other"}),
])
def test_place_roles(text, trigger, expected, gaz):
    got = roles(text, gaz, trigger)
    assert {k: got.get(k) for k in expected} == expected, got


def _trigger(text: str, word: str, gaz):
    document = annotate(Article("t", text), geoparse(text, gazetteer=gaz))
    (sentence,) = [s for s in document.sentences if s.doc is not None]
    return next(t for t in find_triggers(sentence.doc) if t.token.lower_ == word)


@pytest.mark.parametrize("text, word, hedged", [
    ("The militia threatened to strike Haifa if the raids continue.", "strike", True),
    ("Russia could launch missiles at Lviv within hours.", "launch", True),
    ("If drones attack Kursk again, the army will respond.", "attack", True),
    ("The navy held drills in which ships fired missiles into the Baltic Sea.", "fired", True),
    ("The army plans to bomb Raqqa next week.", "bomb", True),
    ("The raids answered warnings of a planned attack on Monguno.", "attack", True),
    ("Officers expect the rebels to attempt an assault on Tawila within weeks.", "assault", True),
    ("Drones attacked Kursk on Monday.", "attacked", False),
    ("The rebels attempted an assault on Tawila on Monday.", "assault", False),
    ("Officials warned residents after missiles hit Sumy.", "hit", False),
])
def test_threats_plans_conditions_and_drills_are_hedged(text, word, hedged, gaz):
    assert is_hedged(_trigger(text, word, gaz)) is hedged


@pytest.mark.parametrize("text, word, negated", [
    ("The missile did not hit Tel Aviv.", "hit", True),
    ("No strikes hit Kherson on Sunday.", "strikes", True),
    ("The missile hit Tel Aviv.", "hit", False),
])
def test_negations(text, word, negated, gaz):
    assert is_negated(_trigger(text, word, gaz)) is negated


def test_a_share_of_all_strikes_is_no_event(gaz):
    assert is_generic(_trigger("Ninety percent of the strikes targeted Idlib, the monitor said.", "targeted", gaz))
    assert not is_generic(_trigger("Two strikes targeted Idlib, the monitor said.", "targeted", gaz))


def test_weapons_are_found_longest_first(gaz):
    text = "Jets struck Homs with cruise missiles and Shahed drones."
    doc = annotate(Article("t", text), geoparse(text, gazetteer=gaz)).sentences[0].doc
    assert [(w.name, w.category) for w in find_weapons(doc)] == [
        ("aircraft", "air_strike"), ("cruise missile", "missile_strike"), ("drone", "drone_strike")]
