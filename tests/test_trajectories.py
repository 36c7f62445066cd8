"""Launch-to-target flights read from articles, and their geometry."""

from __future__ import annotations

import math

import pytest

from geomap.gazetteer import default_gazetteer
from geomap.geometry import shapely_point
from geomap.model import Article, Trajectory
from geomap.trajectories import extract_trajectories


@pytest.fixture(scope="module")
def gaz():
    return default_gazetteer()


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def flights(text: str, gaz) -> list[Trajectory]:
    return extract_trajectories(Article("doc", text), gazetteer=gaz)


def starts_near(t: Trajectory, lat, lon, radius=50.0) -> bool:
    return km(t.launch_lat, t.launch_lon, lat, lon) <= radius


def ends_near(t: Trajectory, lat, lon, radius=50.0) -> bool:
    return km(t.target_lat, t.target_lon, lat, lon) <= radius


def assert_well_formed(t: Trajectory) -> None:
    assert t.path[0] == (t.launch_lat, t.launch_lon) and t.path[-1] == (t.target_lat, t.target_lon)
    assert len(t.path) >= 16
    great_circle = km(t.launch_lat, t.launch_lon, t.target_lat, t.target_lon)
    assert t.distance_km == pytest.approx(great_circle, rel=0.05)


def test_cruise_missiles_from_the_black_sea_at_odesa(gaz):
    (t,) = flights("Russia fired Kalibr cruise missiles from warships in the Black Sea at Odesa overnight, "
                   "the regional governor said.", gaz)
    assert t.launch_precision == "sea" and t.weapon == "cruise missile"
    assert gaz.shape(t.launch_place).contains(shapely_point((t.launch_lat, t.launch_lon)))  # in the water
    assert ends_near(t, 46.48, 30.73) and t.target_precision == "point"
    assert "UA" in t.crosses
    assert_well_formed(t)


@pytest.mark.parametrize("preposition", ["at", "towards"])
def test_houthi_ballistic_missile_from_yemen_at_eilat(gaz, preposition):
    (t,) = flights(f"The Houthis launched a ballistic missile from Yemen {preposition} Eilat on Thursday, the Israeli "
                   "army said.", gaz)
    assert t.launch_place.country == "YE" and t.launch_precision == "country"
    assert ends_near(t, 29.56, 34.95)
    assert t.crosses[0] == "YE" and t.crosses[-1] == "IL" and "SA" in t.crosses
    assert t.weapon == "ballistic missile" and t.claimed_by == "the Israeli army"
    assert_well_formed(t)


def test_drones_from_iran_at_israel_with_details_in_the_next_sentence(gaz):
    text = ("The Revolutionary Guards said they had launched drones at Israel from Iran. Thirty drones flew more "
            "than 1,000 km across Iraq and Jordan before they were intercepted, the army said. The cabinet met "
            "in Jerusalem.")
    (t,) = flights(text, gaz)
    assert t.launch_place.country == "IR" and t.target_place.country == "IL"
    assert t.target_precision == "country"
    assert t.count == 30 and t.reported_distance_km == pytest.approx(1000)
    assert t.stated_crossings == ("IQ", "JO")
    assert {"IQ", "JO"} <= set(t.crosses)
    assert len(t.sources) == 2 and t.weapon == "drone"


def test_reported_distance_in_miles_and_crash_outcome(gaz):
    text = ("Warships in the Caspian Sea fired cruise missiles at targets in Iraq. The missiles flew nearly a thousand "
            "miles. But a US official said three of the missiles crashed in Iran, which was rejected by a "
            "spokesman.")
    main, crashed = flights(text, gaz)
    assert main.status == "launched" and main.target_precision == "country"
    assert main.reported_distance_km == pytest.approx(1609.3, abs=1)
    assert crashed.status == "crashed" and crashed.count == 3 and crashed.target_place.country == "IR"
    assert crashed.claim_status == "disputed" and crashed.claimed_by == "a US official"
    assert starts_near(crashed, main.launch_lat, main.launch_lon, 1)


def test_one_launch_at_two_cities_is_two_flights(gaz):
    out = flights("Russian bombers launched cruise missiles from over the Caspian Sea at Kyiv and Lviv early on "
                  "Friday.", gaz)
    assert len(out) == 2
    assert ends_near(out[0], 50.45, 30.52) and ends_near(out[1], 49.84, 24.03)
    assert all(t.launch_precision == "sea" for t in out)


def test_launch_site_in_a_province_and_rockets_from_lebanon(gaz):
    (t,) = flights("Russia launched 47 Shahed drones at Ukraine overnight from Russia's Kursk region.", gaz)
    assert t.launch_precision == "province" and starts_near(t, 51.7, 36.2, 150)
    assert t.count == 47 and t.weapon == "drone"
    (r,) = flights("Hezbollah fired a salvo of rockets from southern Lebanon at Kiryat Shmona.", gaz)
    assert r.launch_place.country == "LB" and ends_near(r, 33.21, 35.57)


@pytest.mark.parametrize("text", [
    "Iran warned it could fire missiles at Israel from its western provinces.",
    "NATO ministers met in Brussels to discuss missiles fired at Ukraine.",
    "Pakistan test-fired a ballistic missile from a site in Balochistan.",
])
def test_no_flight_without_a_real_launch_origin_and_target(gaz, text):
    assert flights(text, gaz) == []


def test_parts_of_countries_are_drawn_in_that_part(gaz):
    (t,) = flights("Iran's Revolutionary Guards fired 11 ballistic missiles from western Iran at targets in Erbil.",
                   gaz)
    assert t.launch_name == "western Iran" and t.launch_precision == "region"
    iran = gaz.country("IR")
    assert t.launch_lon < iran.lon - 2  # west of the middle of Iran
    assert gaz.shape(iran).contains(shapely_point((t.launch_lat, t.launch_lon)))
    assert ends_near(t, 36.19, 44.01)


def test_intercepted_over_a_city_ends_there_and_a_later_target_wins(gaz):
    (t,) = flights("A ballistic missile fired from Yemen was intercepted over Jizan on Saturday.", gaz)
    assert t.status == "intercepted" and ends_near(t, 16.89, 42.55)
    (u,) = flights("Drones launched from Iran were intercepted over Iraq and Syria before reaching Israel.", gaz)
    assert u.status == "launched" and u.target_place.country == "IL"
    assert u.stated_crossings == ("IQ", "SY")


def test_launching_country_as_subject_is_the_origin_only_within_reach(gaz):
    (t,) = flights("Iran fired about 180 ballistic missiles at Israel on Tuesday evening.", gaz)
    assert t.launch_place.country == "IR" and t.launch_precision == "country"
    assert flights("The United States and Britain launched strikes on Houthi targets in Sanaa.", gaz) == []
    (d,) = flights("A drone launched by Yemen's Houthis struck a building in central Tel Aviv.", gaz)
    assert d.launch_place.country == "YE" and ends_near(d, 32.08, 34.78)


def test_a_new_story_in_the_next_sentence_is_not_the_target(gaz):
    out = flights("US warships in the Red Sea shot down 14 drones launched from Yemen. Turkish drones struck "
                  "militant positions in northern Iraq.", gaz)
    assert all(t.target_place.country != "IQ" for t in out)


@pytest.mark.parametrize("text, launch, target", [
    ("Odesa was targeted by Kalibr missiles fired from the Black Sea.", (43.5, 34.0, 400), (46.48, 30.73, 30)),
    ("A hypersonic Kinzhal missile launched from a MiG-31 over the Black Sea hit Kyiv.", (43.5, 34.0, 400),
     (50.45, 30.52, 30)),
    ("North Korea fired a ballistic missile into the Sea of Japan on Thursday.", (40.0, 127.0, 300),
     (40.0, 135.0, 700)),
    ("Two rockets fired from southern Lebanon landed in an open area near Kiryat Shmona.", (33.3, 35.5, 60),
     (33.21, 35.57, 30)),
    ("The IRGC said it fired missiles from Iranian territory at militant bases in Idlib, Syria.", (32.0, 54.0, 900),
     (35.93, 36.63, 30)),
])
def test_launch_phrasings(gaz, text, launch, target):
    (t,) = flights(text, gaz)
    assert starts_near(t, launch[0], launch[1], launch[2]) and ends_near(t, target[0], target[1], target[2])
    assert_well_formed(t)


def test_a_named_place_beats_a_nationality_as_target(gaz):
    (t,) = flights("Ukraine fired ATACMS missiles from Zaporizhzhia region at Russian positions in Crimea.", gaz)
    assert t.target_place.country == "UA" and ends_near(t, 45.2, 34.2, 150)
    (s,) = flights("The Caspian Sea fleet launched cruise missiles against Syrian rebels.", gaz)
    assert s.target_place.country == "SY" and s.target_precision == "country"


def test_model_numbers_are_not_counts(gaz):
    (t,) = flights("Russia launched Kh-101 cruise missiles from bombers over the Caspian Sea at Dnipro.", gaz)
    assert t.count is None and t.weapon == "cruise missile"


def test_two_launch_clauses_keep_their_own_origins_and_take_the_target_named_before(gaz):
    # Neither clause names a target: the strike on Ukraine was told in the sentence before.
    got = flights("Russia hammered Ukraine's railways overnight with 90 missiles. Kh-101 cruise missiles were "
                  "launched from Tu-95 bombers flying over the Caspian Sea, while Kalibr missiles came from "
                  "warships in the Black Sea.", gaz)
    assert len(got) == 2
    caspian, black_sea = sorted(got, key=lambda t: -t.launch_lon)
    assert starts_near(caspian, 41.9, 50.5, 300) and starts_near(black_sea, 43.4, 34.0, 400)
    assert all(t.target_precision == "country" and t.target_place.country == "UA" for t in got)


def test_an_origin_stated_later_replaces_the_launching_country(gaz):
    got = flights("Iran fired dozens of ballistic missiles at Israel on Tuesday, saying it had targeted the "
                  "Nevatim and Hatzerim air bases. Most of the missiles, launched from western Iran, were "
                  "intercepted, the Israeli military said.", gaz)
    assert len(got) == 2, got
    assert all(t.launch_name == "western Iran" and t.launch_lon < 50 for t in got)
    assert ends_near(got[0], 31.208, 35.012, 10) and ends_near(got[1], 31.233, 34.663, 10)


def test_a_country_target_gives_way_to_the_places_aimed_at_inside_it(gaz):
    (only,) = flights("The Houthis fired a ballistic missile from Yemen at Israel, targeting Haifa.", gaz)
    assert only.target_precision == "point" and ends_near(only, 32.79, 34.99, 30)


def test_vessels_after_towards_are_the_target_not_the_launch_platform(gaz):
    (only,) = flights("A US destroyer shot down three anti-ship cruise missiles fired from Yemen towards vessels in "
                      "the Red Sea, US Central Command said.", gaz)
    assert only.launch_place.country == "YE" and only.target_precision == "sea"
    assert only.target_name == "Red Sea"


def test_launched_from_a_countrys_regions_does_not_target_that_country(gaz):
    got = flights("Ukraine's air force said it shot down 38 of 45 drones launched overnight from Russia's Bryansk "
                  "and Kursk regions.", gaz)
    assert all(t.target_place is None or t.target_place.country != "RU" for t in got), got


def test_two_launch_sites_in_one_sentence_are_two_flights(gaz):
    got = flights("Russia launched four Kalibr cruise missiles from a submarine in the Black Sea and two Iskander "
                  "ballistic missiles from occupied Crimea toward the Odesa region.", gaz)
    assert len(got) == 2
    assert any(starts_near(t, 43.5, 34.0, 400) for t in got) and any(starts_near(t, 45.3, 34.3, 150) for t in got)
    assert all(ends_near(t, 46.5, 30.3, 150) for t in got)


def test_a_name_that_locates_the_launch_site_is_part_of_it(gaz):
    got = flights("Drones struck Izmail overnight. The drones had been launched from the Primorsko-Akhtarsk area "
                  "on Russia's Sea of Azov coast, the air force said.", gaz)
    assert [t.launch_name for t in got] == ["Primorsko-Akhtarsk"], got


# Launch sites told after the target, or in other words; each case with how close the start must be.
@pytest.mark.parametrize("text, launch, target, within_km", [
    ("Its defence ministry said the drones that struck Khost had been launched from Pakistan's Kurram district.",
     (33.8, 70.1), (33.34, 69.92), 120),
    ("A source said the drones that hit the Saratov refinery had taken off from sites in Ukraine's Sumy region.",
     (50.8, 34.3), (51.54, 45.99), 120),
    ("India's missiles struck a seminary near Bhimber, and the missiles had been fired by Indian aircraft flying "
     "over Indian Punjab, Pakistan's army said.", (31.0, 75.4), (32.97, 74.08), 120),
    ("The Israeli military said about 35 projectiles were launched from the area around Naqoura, on the Lebanese "
     "coast, toward Nahariya.", (33.12, 35.14), (33.01, 35.10), 60),
    ("Syria's news agency said Israel carried out an aerial aggression with a barrage of missiles from the direction "
     "of the occupied Syrian Golan at Damascus.", (33.0, 35.8), (33.51, 36.29), 60),
    ("Drones struck a fuel depot in Port Sudan on Sunday. A military source said the drones had taken off from Nyala "
     "airport in South Darfur.", (12.05, 24.88), (19.62, 37.22), 60),
])
def test_launch_sites_after_the_target_or_in_other_words(gaz, text, launch, target, within_km):
    got = flights(text, gaz)
    assert len(got) == 1 and starts_near(got[0], *launch, within_km) and ends_near(got[0], *target, 30), got


def test_aircraft_over_a_region_of_a_country_take_the_target_told_before_a_quote(gaz):
    text = ("Two guided bombs hit a residential block in Kharkiv on Saturday. \"We have no time to run,\" a resident "
            "said. \"The siren came first.\" The bombs were dropped by Su-34 aircraft flying over the Belgorod "
            "region of Russia, the governor said.")
    (t,) = flights(text, gaz)
    assert t.launch_name == "Belgorod" and t.target_name == "Kharkiv"


def test_a_finer_launch_site_replaces_the_whole_launching_country(gaz):
    got = flights("Iran fired dozens of ballistic missiles at Israel overnight. The Revolutionary Guards said the "
                  "missiles were launched from Kermanshah province at Israel.", gaz)
    assert [t.launch_precision for t in got] == ["province"], got


def test_shelling_from_across_the_river_is_a_flight(gaz):
    (t,) = flights("Sudan's army shelled positions of the Rapid Support Forces in Khartoum North from Omdurman on "
                   "Wednesday, residents said.", gaz)
    assert t.launch_name == "Omdurman" and t.target_name == "Khartoum North"


def test_a_threat_and_a_speech_venue_make_no_flight(gaz):
    assert flights("The Houthi leader warned that the group would strike any US warship in the Red Sea if Washington "
                   "joined the war, in a televised speech from Sanaa.", gaz) == []


def test_a_launch_from_a_sea_starts_in_the_part_facing_the_target(gaz):
    (t,) = flights("A Russian submarine fired Kalibr cruise missiles from the Mediterranean at Raqqa.", gaz)
    assert t.launch_precision == "sea" and 30 <= t.launch_lon <= 36 and t.distance_km < 700, t


def test_a_country_target_gives_way_to_the_same_sites_finer_targets(gaz):
    got = flights("Russian warships in the Caspian Sea fired cruise missiles at Syria. The missiles from the Caspian "
                  "Sea hit targets in Raqqa province.", gaz)
    assert [t.target_precision for t in got] == ["province"], got


def test_a_reference_point_and_a_charge_are_not_targets(gaz):
    got = flights("The gunship had taken off from the Bagram air base, north of Kabul, and struck the hospital in "
                  "Kunduz.", gaz)
    assert [t.target_name for t in got] == ["Kunduz"], got
    assert flights("Baku said the missile had been fired from the Vardenis area, a charge that, if true, would widen "
                   "the war beyond Nagorno-Karabakh.", gaz) == []


def test_troops_advancing_along_a_road_from_a_town_are_no_launch(gaz):
    assert flights("The army said its artillery had pounded RSF positions on the outskirts of Wad Madani as troops "
                   "advanced from the south along the road from Sennar.", gaz) == []


def test_a_long_launch_phrase_still_sees_a_distance_before_from(gaz):
    got = flights("Artillery struck Nikopol from positions some 30 kilometres from the occupied southern coastal "
                  "town of Enerhodar.", gaz)
    assert not [t for t in got if t.launch_name == "Enerhodar"], got
