"""Events and trajectories from short articles written here, through the real gazetteer and parser.

Each case is one mechanism from issue 7, never a sentence special-cased in the code: the scene of a
strike, the places that are not (attacker, speaker, launch base, container), lists and passives,
"the city" told before, which figure is whose, and launches from a state, a base or a sea.
"""

from __future__ import annotations

import math

import pytest

from geomap.extraction.events import TAXONOMY, extract_events
from geomap.extraction.trajectories import extract_trajectories
from geomap.gazetteer import default_gazetteer
from geomap.geometry import great_circle_km
from geomap.merge import consolidate
from geomap.model import PRECISIONS, Article


@pytest.fixture(scope="module")
def gaz():
    return default_gazetteer()


def events(text: str, gaz):
    return consolidate(extract_events(Article("t", text), gazetteer=gaz), text, gazetteer=gaz)


def places(text: str, gaz) -> set[str]:
    return {e.location_name.rstrip(".") for e in events(text, gaz)}


def flights(text: str, gaz) -> set[tuple[str, str]]:
    return {(t.launch_name, t.target_name) for t in extract_trajectories(Article("t", text), gazetteer=gaz)}


@pytest.mark.parametrize("text, expected", [
    # the scene, however the sentence is built
    ("Russian jets bombed Saraqib on Monday, a monitor said.", {"Saraqib"}),
    ("The town of Bakhmut was being shelled by Russian forces on Friday.", {"Bakhmut"}),
    ("Drones were launched overnight against the cities of Sumy, Poltava and Chernihiv.",
     {"Sumy", "Poltava", "Chernihiv"}),
    ("An air strike hit a market in Maarat al-Numan, killing nine people.", {"Maarat al-Numan"}),
    ("Five civilians were killed in Rafah in an Israeli air strike, medics said.", {"Rafah"}),
    # the attacker, the speaker, the base and the owner are no scene
    ("Israel struck a weapons depot in Baalbek, the Israeli army said.", {"Baalbek"}),
    ("Britain's defence ministry said Russian missiles hit Kharkiv.", {"Kharkiv"}),
    ("Bombers that took off from a base in Missouri struck targets in Kandahar.", {"Kandahar"}),
    ("The Pentagon said a drone attack in Tanf wounded three US troops.", {"Tanf"}),
    # "in support of", "in response to": no place of this event; a sea naming a port is the port
    ("US jets struck militants near Jilib in support of the Somali army, the command said.", {"Jilib"}),
    ("Fighting flared in Sudan. Later, drones struck the eastern Red Sea port city again.", set()),
    ("The town of Shusha came under fire from Azerbaijani forces overnight.", {"Shusha"}),
    # objects the parser hangs elsewhere: a second victim group, "what is believed to be"
    ("An air strike killed a man in Jabalia and two women in the southern city of Rafah.", {"Jabalia", "Rafah"}),
    # a border is a reference; a strike "reported in" a town happened there
    ("Militants attacked army posts in Kayes, close to the border with Senegal, the army said.", {"Kayes"}),
    ("Missile strikes were also reported in Kotli and Bagh, officials said.", {"Kotli", "Bagh"}),
    # one strike at the finest place named, never also its province or country
    ("Shelling hit the village of Kupiansk in Kharkiv province, wounding two.", {"Kupiansk"}),
    # a parenthesis between dashes: those killed "in X" died where the blow fell, not at a launch site
    ("A missile strike — believed to have come from a US drone — killed four militants in Khost, officials said.",
     {"Khost"}),
    # a quoted list the parser hangs on "said": the list is still the verb's object
    ('The spokesman said the militia had "shelled the market, the school and two clinics in Kadugli with '
     'mortars" on Friday.', {"Kadugli"}),
    # what the targets included is where the raids struck
    ("Jets carried out raids overnight, and the targets included sites near Baalbek and Hermel, the agency said.",
     {"Baalbek", "Hermel"}),
    # a launch stopped over a desert was aimed at the target the sentence names
    ("The group fired drones at Eilat; the army said they were downed over the Negev.", {"Eilat"}),
    # a consequence names its cause: the fire is where the attack was; "two days after" is another event
    ("A fire broke out at a fuel depot in Kramatorsk after a drone attack overnight, officials said.",
     {"Kramatorsk"}),
    ("Three people were killed in Kherson two days after a drone attack on Mykolaiv.", {"Mykolaiv"}),
    # an attempt happened; a strike denied by its own subject did not
    ("Sea drones tried to attack Novorossiysk overnight, and explosions were heard near the port.",
     {"Novorossiysk"}),
    ("No missiles hit Kyiv overnight, the air force said.", set()),
    # "the capital" is the capital named before, even as an owner, not the last town
    ("Drones hit a depot in Bila Tserkva on Sunday. Kyiv's mayor said air defences had shot down 12 drones "
     "flying toward the capital overnight.", {"Bila Tserkva", "Kyiv"}),
    # a dateline with the day before the month is still a dateline; "the assault targeted X"
    ("KHARTOUM, 3 May — Drones struck Kassala on Sunday, the army said.", {"Kassala"}),
    ("The deadliest assault targeted Djibo, the main town of Soum province, at dawn on Saturday.", {"Djibo"}),
])
def test_the_scene_and_only_the_scene(text, expected, gaz):
    assert places(text, gaz) == expected


@pytest.mark.parametrize("text", [
    "The militia threatened to strike Haifa if Israel does not stop.",
    "Russia could launch missiles at Lviv in the coming days, officials warned.",
    "The navy held drills in which ships fired missiles into the Baltic Sea.",
    "The missile did not hit Tel Aviv, the army said.",
    "A bombing campaign against Raqqa has lasted for two years.",
    "Ministers met in Brussels to discuss the strikes.",
    "Ninety percent of the strikes targeted Idlib, the monitor said.",
    "An earthquake hit Hatay province on Monday.",
    "Each air strike on a market in Kharkiv drives more men to enlist, an official said.",
    "Militias have attacked Ain al-Asad air base more than 40 times this year.",
])
def test_threats_plans_drills_denials_meetings_and_statistics_are_no_event(text, gaz):
    assert events(text, gaz) == []


def test_the_city_refers_back_to_the_town_told_before(gaz):
    text = "Kharkiv was quiet on Sunday morning. By noon, Russian missiles struck the city, the mayor said."
    (event,) = events(text, gaz)
    assert event.location_name == "Kharkiv" and event.category == "missile_strike"
    assert event.confidence < 0.9  # only referred to


def test_the_city_is_no_town_named_only_as_an_owner(gaz):
    text = ("Drones struck Kassala at dawn. The attack came weeks after Khartoum's airport reopened. "
            "A depot on the edge of the city was also hit.")
    assert places(text, gaz) == {"Kassala"}


def test_figures_belong_to_their_event(gaz):
    text = "Russian drones hit Odesa, killing two people and wounding 11, a week after a rocket killed nine in Izium."
    by_place = {e.location_name: e for e in events(text, gaz)}
    assert by_place["Odesa"].fatalities == 2


def test_every_event_has_a_documented_category_precision_and_confidence(gaz):
    text = ("Ukrainian drones attacked the Russian city of Belgorod on Tuesday. Russian jets bombed villages in "
            "Sumy province. Houthi forces fired a ballistic missile at Eilat, the Israeli army said.")
    found = events(text, gaz)
    assert {e.location_name for e in found} >= {"Belgorod", "Eilat"}
    for e in found:
        assert e.category in TAXONOMY and (e.event_type, e.sub_event_type) == TAXONOMY[e.category]
        assert e.precision in PRECISIONS and 0.0 < e.confidence <= 1.0
        assert e.sources and e.sources[0].document == "t"


@pytest.mark.parametrize("text, expected", [
    # the launching state named as a place gives the origin
    ("Iran fired 15 ballistic missiles at Erbil overnight, officials said.", {("Iran", "Erbil")}),
    # a launch site stated with "from", a sea, a base
    ("Warships fired cruise missiles from the Caspian Sea at targets in Syria.", {("Caspian Sea", "Syria")}),
    ("Houthi rebels in Yemen launched a missile at Eilat.", {("Yemen", "Eilat")}),
    # a stated launch site beats the fleet's home sea; the finest site wins over the country holding it
    ("Warships of the Black Sea Fleet fired cruise missiles at Idlib from the eastern Mediterranean Sea.",
     {("eastern Mediterranean Sea", "Idlib")}),
    # "from near", "from within": still the launch site
    ("North Korea fired what is believed to be a ballistic missile from near Pyongyang into the Sea of Japan.",
     {("Pyongyang", "Sea of Japan")}),
    # the attacker's state named as its owner
    ("Saudi air defences intercepted a missile launched by Yemen's Houthi militia over Riyadh.", {("Yemen", "Riyadh")}),
    # the targets come in the next sentence; the country they are in is no target of its own
    ("Iran fired 12 missiles into Iraq on Tuesday. Ten struck Ain al-Asad and two hit Erbil.",
     {("Iran", "Ain al-Asad"), ("Iran", "Erbil")}),
    # a launch told with no target is closed by the next strike of its weapon, a sentence on
    ("Russia launched 40 drones from Kursk overnight. Air defences shot down 30. Drones hit Sumy and Konotop.",
     {("Kursk", "Sumy"), ("Kursk", "Konotop")}),
    # the launching state gives way to the site the same sentence names inside it
    ("North Korea launched two missiles toward the Sea of Japan, which were fired from Hamhung.",
     {("Hamhung", "Sea of Japan")}),
    # "from X in Y": Y says where the launch site is, whatever the parser hung it on
    ("The drones were fired from rebel-held territory in Idlib province at Latakia.", {("Idlib", "Latakia")}),
])
def test_launches_become_trajectories(text, expected, gaz):
    assert expected <= flights(text, gaz)


def test_an_intercepted_launch_is_a_trajectory_to_its_target_with_that_status(gaz):
    text = "Houthi rebels in Yemen fired a missile at Eilat. Israel's air defences intercepted it over the Red Sea."
    (flight,) = [t for t in extract_trajectories(Article("t", text), gazetteer=gaz) if t.target_name == "Eilat"]
    assert flight.launch_name == "Yemen" and 0 < flight.confidence <= 1
    assert math.isclose(flight.distance_km, 2100, rel_tol=0.2)
    assert places(text, gaz) == {"Eilat"}  # the interception is no event over the sea


def test_a_launch_site_told_later_pairs_with_the_strike_told_before(gaz):
    text = ("KHARTOUM, Sudan, May 6 (AP) - Drones struck Port Sudan for a third day on Tuesday. "
            "Smoke rose over the harbour. Officials counted the damage. "
            "The army said the drones were launched from Nyala airport in South Darfur.")
    assert flights(text, gaz) == {("Nyala", "Port Sudan")} or flights(text, gaz) == {("Nyala airport", "Port Sudan")}
    assert places(text, gaz) == {"Port Sudan"}  # neither the dateline nor the launch site is a scene


def test_a_new_strike_with_an_indefinite_subject_is_no_part_of_the_last_launch(gaz):
    text = ("The drones were launched from Nyala airport, the army said. "
            "Drones also hit a power station in the city of Kassala on Monday.")
    assert flights(text, gaz) == set()


@pytest.mark.parametrize("text, expected_places, expected_flights", [
    # "across the river from X": a reference, not a launch site
    ("Drones hit port facilities in Izmail, on the Danube across the river from Romania.", {"Izmail"}, set()),
    # a cargo's journey is no flight: neither where it came from nor where it went
    ("A tanker carrying diesel from India to Europe was hit by a missile in the Gulf of Aden.",
     {"Gulf of Aden"}, set()),
    # an event in a clause of its own lends the launch none of its places
    ("Rockets fired from Gaza hit Sderot as Israeli strikes killed dozens in Jabalia.",
     {"Sderot", "Jabalia"}, {("Gaza", "Sderot")}),
    # what a drill's scenario assumes did not happen
    ("The exercise scenario assumes that Iran launches missiles at Haifa.", set(), set()),
    # "on X's coast" after a named launch site only says where the site is
    ("The drones that hit Odesa were launched from Primorsko-Akhtarsk on Russia's Azov coast.",
     {"Odesa"}, {("Primorsko-Akhtarsk", "Odesa")}),
    # the ends of a road are references
    ("Artillery pounded Bartella, a town on the main road from Erbil to Mosul.", {"Bartella"}, set()),
    # a live blog's new entry starts a new story: the launch of the last one stays open
    ("09:10 - Russia launched 30 drones from Kursk overnight.\n\n11:45 - Drones hit Sumy and Konotop, officials said.",
     {"Sumy", "Konotop"}, set()),
    # a warship named after a town is no place: the strike is near Sevastopol
    ("A Ukrainian missile hit the submarine Rostov-on-Don in the port of Sevastopol.", {"Sevastopol"}, set()),
    ("Drones struck the frigate Novorossiysk near Sevastopol overnight.", {"Sevastopol"}, set()),
    ("Separately, the landing ship Yamal was hit at its berth in Sevastopol, the navy said.", {"Sevastopol"}, set()),
    ("Rebels said they had hit the cargo ship, the Baltic Star, off Mokha with two drones.", {"Mokha"}, set()),
    # a place after another and "in" says where that one is, however it was parsed
    ("A drone hit a clinic in the village of Kanbalu in Sagaing on Sunday, killing six.", {"Kanbalu"}, set()),
    ("Gunmen fired rockets at a checkpoint outside Turbat, in Kech district, wounding two guards.", {"Turbat"}, set()),
    # where the aircraft flew is its launch site, not the scene
    ("Cruise missiles launched from jets over the Kherson region hit an ammunition depot in Dzhankoi.",
     {"Dzhankoi"}, {("Kherson", "Dzhankoi")}),
    # a river after "on" says where the port is; a town after "on" is the target
    ("Drones hit the port of Reni on the Danube overnight, the governor said.", {"Reni"}, set()),
    ("The rebels claimed a drone attack from Yemen on Eilat on Sunday.", {"Eilat"}, {("Yemen", "Eilat")}),
    # the region a town is the capital of says where the town is
    ("The Guards fired 11 missiles from western Iran at targets in Erbil, the capital of Iraq's Kurdistan region.",
     {"Erbil"}, {("western Iran", "Erbil")}),
    # the end of a road that is only a landmark is no scene; a strike on a road is placed by its ends
    ("A second blast was heard on the edge of Homs, near the road to Tartus, where farmers said a missile had "
     "hit a barn.", {"Homs"}, set()),
    # where a downed weapon was heading is its target
    ("The army said it had shot down a drone launched from Lebanon as it approached the northern town of "
     "Kiryat Shmona on Sunday.",
     {"Kiryat Shmona"}, {("Lebanon", "Kiryat Shmona")}),
    # how the attacker names its motive places nothing
    ("The militia began attacking tankers in March in what it describes as solidarity with families in Tartus.",
     set(), set()),
    # a strike told as a habit is no event
    ("Kherson is shelled almost daily from the far bank of the river, officials say.", set(), set()),
    ("Troops keep shelling Vuhledar around the clock, the governor said.", set(), set()),
    ("Airfields such as Saky and Belbek have been hit again and again, an analyst said.", set(), set()),
    ("Russian artillery shelled Kherson on Monday, killing two people.", {"Kherson"}, set()),
    # a town named as the owner of one of its parts is the scene
    ("Hours later, a drone crashed into the courtyard of a hotel in Eilat's northern beach area, police said.",
     {"Eilat"}, set()),
    # a place inside the name of an armed group or a weapon names no place
    ("Gunmen from the Islamic Resistance in Iraq fired rockets at Ain al-Asad on Friday.", {"Ain al-Asad"}, set()),
    ("Fano militiamen attacked an army camp in Debre Markos, residents said.", {"Debre Markos"}, set()),
    ("A drone hit a Black Hawk at an airstrip in Tumaco, the police said.", {"Tumaco"}, set()),
    ("The rebels said they fired a Palestine-2 missile at Eilat overnight.", {"Eilat"}, set()),
    # a bulleted link to another story tells nothing of its own
    ("Drones struck an oil depot in Bryansk overnight, the governor said.\n\nRelated stories\n"
     "- Ukraine says it struck a radar station in Crimea\n- Kyiv hit by missiles again", {"Bryansk"}, set()),
    # a town told with a distance from another: the other is only a reference point
    ("Gunmen stormed a police station in Tikrit, about 170 km north of Baghdad, killing four officers.",
     {"Tikrit"}, set()),
    ("The district centre of Glushkovo, about 30 kilometres west of Rylsk, came under Ukrainian artillery "
     "fire, officials said.", {"Glushkovo"}, set()),
    ("Militiamen stormed farms east of the White Nile near the town of Kosti on Friday.", {"Kosti"}, set()),
    # where a ship's owner is, is no scene
    ("The tanker, which sails under a Maltese flag and is owned by a firm in Piraeus, was hit by a drone "
     "off Mokha.", {"Mokha"}, set()),
    # "came under artillery fire": the weapon that names the fire makes it an attack
    ("The front-line town of Vovchansk came under heavy artillery fire throughout Monday.", {"Vovchansk"}, set()),
    # where a ship was sailing is no scene, however the parser read "sailing"
    ("Separately, an LPG tanker sailing toward Djibouti came under fire from Houthi forces, "
     "the official said.", set(), set()),
    # verbs joined by "and" share their subject: the rockets exploded near the town
    ("Two rockets fired from southern Lebanon exploded in open fields near Shlomi; there were no injuries.",
     {"Shlomi"}, {("southern Lebanon", "Shlomi")}),
    # a live blog's present tense
    ("03:40 - A drone crashes into an apartment block in Podolsk, south of Moscow; a man is killed.",
     {"Podolsk"}, set()),
])
def test_references_journeys_and_other_events(text, expected_places, expected_flights, gaz):
    assert places(text, gaz) == expected_places
    assert flights(text, gaz) == expected_flights


@pytest.mark.parametrize("text, expected", [
    # a launching state gives way to the site a later sentence names for the same target
    ("Ukraine launched dozens of drones at Russia overnight, striking a refinery in Saratov. The drones "
     "that hit Saratov took off from the Sumy region, a source in Kyiv said.", {("Sumy", "Saratov")}),
    # a salvo "into" a country gives way to the town it hit
    ("The navy fired six cruise missiles from the Black Sea into Ukraine. Two of them struck a depot in "
     "Vinnytsia.", {("Black Sea", "Vinnytsia")}),
    # "the jet took off from X" refers to the jet's strike, not to the last strike told
    ("A military jet bombed a market in Kanbalu on Tuesday, killing 18 people. Rebels said they had shelled "
     "the airport in Naypyitaw the same night. The jet took off from the Meiktila air base, the rebels said.",
     {("Meiktila air base", "Kanbalu")}),
    # a sea that describes a town ("the Red Sea resort of Eilat") is no target
    ("The rebels fired a missile from Yemen toward the Red Sea resort of Eilat on Friday.", {("Yemen", "Eilat")}),
    # the strike a launch answers is no flight of that launch
    ("The Guards said the missiles had been launched from Iran at Israel in response to the strike on the "
     "Iranian consulate in Damascus.", {("Iran", "Israel")}),
    # "also" tells another story: the launch site told before is not its
    ("Drones launched from the Sumy region hit a fuel depot in Kursk overnight. The army said its drones had "
     "also struck a refinery in Ryazan.", {("Sumy", "Kursk")}),
    # an adjective naming an area is a launch site
    ("Israeli jets fired missiles from Iraqi airspace at a radar site in Tabriz, two officials said.",
     {("Iraq", "Tabriz")}),
])
def test_the_finest_flight_told_is_drawn(text, expected, gaz):
    assert flights(text, gaz) == expected


@pytest.mark.parametrize("text, town", [
    ("A Russian drone hit a bus in Kherson's Dniprovskyi district on Sunday, killing two.", (46.64, 32.61)),
    ("Drones struck Saratov overnight. The governor said a factory in the city's Zavodskoy district was damaged.",
     (51.54, 45.99)),
    ("In Kharkiv, a drone crashed into a warehouse in the Shevchenkivskyi district shortly after midnight.",
     (49.98, 36.25)),
    ("In Tehran, a drone crashed into an apartment block in the northwestern district of Saadat Abad.",
     (35.69, 51.42)),
])
def test_a_district_named_as_a_towns_is_in_that_town(text, town, gaz):
    found = events(text, gaz)
    assert found and all(great_circle_km((e.lat, e.lon), town) <= 30 for e in found)


def test_where_a_launch_was_stopped_is_no_target(gaz):
    text = ("The army said a missile launched from Yemen had been intercepted over the Red Sea before it "
            "reached Israeli territory.")
    assert flights(text, gaz) == set() and places(text, gaz) == set()


def test_a_town_across_the_river_is_a_reference(gaz):
    text = "In Omdurman, across the Nile from Khartoum, artillery shelled the Karari district, killing 12 people."
    assert flights(text, gaz) == set()
    assert "Karari" in places(text, gaz) and "Khartoum" not in places(text, gaz)


def test_a_strike_told_as_another_story_closes_no_launch(gaz):
    text = "Russia launched 40 drones from Kursk overnight. Drones also hit Sumy and Konotop."
    assert flights(text, gaz) == set()


def test_a_strike_told_as_the_reason_keeps_its_own_place(gaz):
    text = "Iran launched drones at Israel in response to an Israeli raid on a consulate in Damascus."
    assert flights(text, gaz) == {("Iran", "Israel")}
    assert places(text, gaz) == {"Israel", "Damascus"}  # both happened; the raid is its own event


@pytest.mark.parametrize("text", [
    "Iran threatened to fire missiles at Tel Aviv.",
    "The Ukrainian army said Russia shelled Kherson.",  # shelling is no flight
    "Russia's ambassador in London said drones had hit Kyiv.",
])
def test_no_trajectory_without_a_stated_launch(text, gaz):
    assert flights(text, gaz) == set()


def test_a_storm_is_a_disaster_but_storming_a_town_is_an_attack(gaz):
    assert places("Gunmen stormed a police station in Tikrit on Sunday.", gaz) == {"Tikrit"}
    assert places("A storm hit Tikrit on Sunday, flooding streets.", gaz) == set()


def test_a_raid_and_an_assault_on_one_market_are_one_event(gaz):
    text = ("Gunmen raided the weekly market in Ayorou on Tuesday, residents said.\n\n"
            "In Niger, fighters on motorbikes overran the market in Ayorou on Tuesday afternoon, an official said.")
    assert [e.location_name for e in events(text, gaz)] == ["Ayorou"]


def test_a_weapon_naming_the_fire_gives_the_category(gaz):
    (event,) = events("The village of Kozacha Lopan came under rocket fire from Russian troops on Monday.", gaz)
    assert event.category == "missile_strike"
    (event,) = events("The village of Kozacha Lopan came under fire from Russian troops on Monday.", gaz)
    assert event.category == "shelling"


def test_a_name_shared_with_a_bigger_place_abroad_is_read_where_the_article_is(gaz):
    text = ("Israeli jets struck Nabatieh and Tyre overnight, Lebanese officials in Beirut said. "
            "Hours later a drone hit a car in Tripoli, killing two men.")
    by_place = {e.location_name: e for e in events(text, gaz)}
    assert by_place["Tripoli"].place.country == "LB"  # not the Libyan capital
    assert 34.2 < by_place["Tripoli"].lat < 34.7


def test_a_capital_named_once_stays_in_its_country(gaz):
    text = ("Iran fired missiles at Nevatim and Tel Aviv after a strike on its embassy in Damascus, "
            "officials in Washington and Chicago said.")
    by_place = {e.location_name: e for e in events(text, gaz)}
    assert by_place["Damascus"].place.country == "SY"


@pytest.mark.parametrize("text", [
    "KHARTOUM, 3 May — Drones struck Kassala on Sunday, the army said.",
    "KYIV/MOSCOW, May 3 (Reuters) - Drones struck a fuel depot in Bryansk overnight, the governor said.",
])
def test_a_dateline_names_where_the_story_was_filed(text, gaz):
    from geomap.extraction.document import as_document

    document, _ = as_document(Article("t", text), gaz)
    (sentence,) = document.sentences
    filed = [t.text for t in sentence.toponyms if sentence.is_dateline(t)]
    assert filed and all(name.isupper() for name in filed)


def test_launch_sites_of_drones_shot_down_are_no_scene_and_no_earlier_target(gaz):
    text = ("A missile strike on Dnipro killed five people on Monday, officials said. "
            "The air force said Russia had launched 96 Shahed drones from Kursk, Oryol and Millerovo overnight, "
            "of which 70 were shot down.")
    assert places(text, gaz) == {"Dnipro"}
    assert flights(text, gaz) == set()


def test_a_launch_by_one_side_is_no_launch_of_the_others_strike(gaz):
    text = ("Russia launched 40 drones from Kursk overnight, the air force said. "
            "The Ukrainian navy said its drones had struck a fuel depot in the Russian port of Tuapse.")
    assert flights(text, gaz) == set()
    text = ("Russia launched 40 drones from Kursk overnight, the air force said. "
            "Drones hit a power plant in Sumy hours later, the governor said.")
    assert flights(text, gaz) == {("Kursk", "Sumy")}


def test_one_place_told_twice_is_one_strike_unless_two_weapons_are_named(gaz):
    once = ("Drones hit an oil depot in Feodosia overnight, the governor said. "
            "The bombing of Feodosia set two tanks on fire, he said.")
    assert [e.location_name for e in events(once, gaz)] == ["Feodosia"]
    twice = ("Artillery shelled the market in Feodosia on Monday. "
             "A drone hit a bus station in Feodosia on Monday, police said.")
    assert [e.location_name for e in events(twice, gaz)] == ["Feodosia", "Feodosia"]


@pytest.mark.parametrize("text, category", [
    # what a launch fires, not what fired it
    ("Tu-95 bombers launched cruise missiles at Lviv early on Friday.", "missile_strike"),
    # an aircraft type named in the news
    ("F-16s hit an ammunition depot in Tokmak on Sunday.", "air_strike"),
    ("Two Su-34s hit positions in Vovchansk overnight.", "air_strike"),
    # a weapon that names another event of the sentence is that event's, when told to say when
    ("The attack on Kherson came a day after a drone strike killed two in Mykolaiv.", None),
    ("Drone strikes hit the airport in Port Sudan on Sunday, the third day of attacks on the city.",
     "drone_strike"),
])
def test_the_weapon_of_an_event(text, category, gaz):
    by_place = {e.location_name: e for e in events(text, gaz)}
    if category is None:
        assert by_place["Mykolaiv"].category == "drone_strike"
        assert by_place["Kherson"].category != "drone_strike"
    else:
        assert {e.category for e in by_place.values()} == {category}


def test_a_weapon_that_only_describes_another_thing_is_none():
    from geomap.extraction.document import language
    from geomap.extraction.matcher import find_weapons

    doc = language()("The launches set off air raid sirens in Haifa while a missile factory burned.")
    assert find_weapons(doc) == []


def test_places_listed_with_including_take_the_role_of_the_list(gaz):
    text = "Russian troops shelled 27 settlements, including Beryslav, Antonivka and Bilozerka, over the past day."
    assert places(text, gaz) == {"Beryslav", "Antonivka", "Bilozerka"}


def test_a_township_named_with_its_region_is_one_event_at_the_township(gaz):
    (event,) = events("Military aircraft bombed a school in Sagaing Region's Sagaing Township on Friday.", gaz)
    assert event.precision == "point" and event.place.feature == "city"


def test_rockets_that_crossed_from_a_country_were_launched_from_it(gaz):
    text = ("Hezbollah said it fired rockets at an army base near Safed. "
            "The army said about 20 rockets crossed from Lebanon, most of which were intercepted.")
    assert ("Lebanon", "Safed") in flights(text, gaz)
    # jets crossing into a country's airspace fire nothing
    assert places("Russian jets crossed into Turkish airspace over Hatay twice, Ankara said.", gaz) == set()


@pytest.mark.parametrize("text, town", [
    ("About 20 rockets were fired at the Galilee on Sunday. "
     "One fell in an open area near Rosh Pinna, causing a fire, police said.", "Rosh Pinna"),
    ("Air defences downed 12 drones over the Kyiv region overnight. "
     "The last crashed into a warehouse in Obukhiv, the governor said.", "Obukhiv"),
])
def test_a_number_or_word_standing_for_the_weapons_told_before_is_a_weapon(text, town, gaz):
    assert town in places(text, gaz)


def test_a_strike_told_as_the_reason_lends_no_target_to_a_later_launch(gaz):
    text = ("Hezbollah fired rockets at an army base near Safed in response to Israeli strikes on villages in "
            "south Lebanon, including Aitaroun. The army said 20 rockets crossed from Lebanon.")
    assert flights(text, gaz) == {("Lebanon", "Safed")}
    # a base near a town and a village across the border 18 km away are two places
    assert places(text, gaz) == {"Safed", "Aitaroun"}


@pytest.mark.parametrize("text, expected", [
    # a weapon that killed is a strike where it killed; the town it is measured from is a reference
    ("A suicide bomber killed five people at a market in Konduga, about 35 kilometers from Maiduguri, "
     "police said.", {"Konduga"}),
    ("A shell killed two women in Kupiansk on Monday, the governor said.", {"Kupiansk"}),
    # fighters who killed with no weapon named: no strike is told
    ("Gunmen killed the village chief of Sake in front of his house, residents said.", set()),
])
def test_a_weapon_that_killed_places_a_strike(text, expected, gaz):
    assert places(text, gaz) == expected


def test_a_target_the_parser_hung_under_the_launch_site_is_still_the_target(gaz):
    text = "Officials said Indian jets fired missiles from inside Indian airspace at targets in Kotli."
    assert flights(text, gaz) == {("India", "Kotli")}


@pytest.mark.parametrize("text, expected", [
    # a pronoun for a speaker its state owns: the state launched
    ("Iran's Revolutionary Guards said they fired missiles at militant bases near Erbil.", {("Iran", "Erbil")}),
    # a place told about the speaker is not its state
    ("The Houthis, who control much of northern Yemen, say they fired missiles at Eilat.", set()),
    # "came from the direction of X", however the parser read the sentence
    ("Most of the 40 drones fired at Odesa overnight came from the direction of the Black Sea, the navy said.",
     {("Black Sea", "Odesa")}),
])
def test_launch_sites_told_through_the_speaker_or_a_flight_verb(text, expected, gaz):
    assert flights(text, gaz) == expected


@pytest.mark.parametrize("text, category", [
    ("Debris from a downed drone damaged a house in the village of Hlevakha, south of Kyiv.", "drone_strike"),
    ("A missile aimed at Haifa was shot down over the sea, the army said.", "missile_strike"),
])
def test_a_strike_and_its_interception_at_one_place_are_one_event(text, category, gaz):
    (event,) = events(text, gaz)
    assert event.category == category


def test_what_be_lists_among_the_sites_hit_is_struck(gaz):
    text = ("Russia launched 40 missiles at Ukraine overnight, the air force said. "
            "Among the sites hit were a power station in Burshtyn and a gas facility in Stryi.")
    assert {"Burshtyn", "Stryi"} <= places(text, gaz)


@pytest.mark.parametrize("text, expected", [
    # the parser made "shells fired" the main clause: "landed" still has the shells for subject
    ("In January, shells fired from Goma landed in the Rwandan town of Gisenyi, killing several people.",
     {"Gisenyi"}),
    # the blow that killed is where its own phrase says
    ("A truck bomb at a busy junction in Mogadishu killed more than 80 people in 2019.", {"Mogadishu"}),
])
def test_the_subject_of_a_weapon_verb_however_it_was_parsed(text, expected, gaz):
    assert places(text, gaz) == expected


def test_the_state_owning_the_phrase_before_a_launch_the_parser_left_without_subject(gaz):
    text = ("Late on Sunday, in a reprisal its planners called Operation Steadfast Shield, Iran's "
            "Revolutionary Guards launched ballistic missiles at the Nevatim air base.")
    assert flights(text, gaz) == {("Iran", "Nevatim air base")}
