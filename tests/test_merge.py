"""One event reported by several articles becomes one event with every source and figure."""

from __future__ import annotations

import datetime as dt

import pytest

from geomap.extraction.events import extract_events
from geomap.gazetteer import default_gazetteer
from geomap.merge import merge
from geomap.model import Article
from geomap.extraction.trajectories import extract_trajectories


@pytest.fixture(scope="module")
def gaz():
    return default_gazetteer()


def extract(gaz, *articles: Article):
    events, flights = [], []
    for article in articles:
        events += extract_events(article, gazetteer=gaz)
        flights += extract_trajectories(article, gazetteer=gaz)
    return merge(events, flights)


def test_same_strike_in_two_articles_is_one_event_with_both_sources(gaz):
    monday = dt.date(2024, 6, 10)
    a = Article("wire-a", "Russian missiles struck Odesa on Sunday, killing two people, the governor said.",
                published=monday)
    b = Article("wire-b", "Odesa was hit by Russian missiles on Sunday, Ukrainian officials said.", published=monday)
    events, _ = extract(gaz, a, b)
    (event,) = events
    assert event.documents == ("wire-a", "wire-b")
    assert len(event.sources) == 2 and event.fatalities == 2
    assert event.claimed_by == "the governor; Ukrainian officials"


def test_conflicting_missile_counts_are_kept_side_by_side(gaz):
    a = Article("a", "Warships in the Caspian Sea fired four cruise missiles at targets in Syria, the ministry said.")
    b = Article("b", "Russia fired 26 cruise missiles from the Caspian Sea at targets in Syria.")
    events, flights = extract(gaz, a, b)
    (flight,) = flights
    assert flight.count == 4 and flight.counts == (4, 26)
    assert flight.documents == ("a", "b")
    (syria,) = [e for e in events if e.place.country == "SY"]  # "targets in Syria": where strikes fell
    assert syria.precision == "country" and syria.counts == (4, 26)
    # a salvo at a country with no finer place is a country-level event at that country, and a flight
    salvo_events, salvo_flights = extract(gaz, Article("i", "Iran fired 180 ballistic missiles at Israel."))
    assert [(e.location_name, e.precision) for e in salvo_events] == [("Israel", "country")]
    assert [(t.launch_name, t.target_name) for t in salvo_flights] == [("Iran", "Israel")]
    c = Article("c", "Russian forces fired four missiles at Odesa on Monday.")
    d = Article("d", "Six missiles struck Odesa on Monday, officials said.")
    events, _ = extract(gaz, c, d)
    (event,) = events
    assert event.count == 4 and event.counts == (4, 6) and event.documents == ("c", "d")


def test_different_towns_and_different_days_stay_apart(gaz):
    text = ("Israeli air strikes hit Khan Younis on Monday. Another air strike hit a house in Rafah on Monday. "
            "Israeli jets struck Khan Younis again on Thursday.")
    events, _ = extract(gaz, Article("g", text, published=dt.date(2024, 1, 12)))
    assert len(events) == 3
    assert sorted(e.date.isoformat() for e in events) == ["2024-01-08", "2024-01-08", "2024-01-11"]


def test_province_reports_of_the_same_province_merge_and_a_denial_disputes(gaz):
    a = Article("a", "The army said its jets bombed militant positions in Idlib province.")
    b = Article("b", "Activists said warplanes bombed villages in the countryside of Idlib.")
    c = Article("c", "Jets bombed Hama province, the army said.")
    events, _ = extract(gaz, a, b, c)
    assert len(events) == 2
    idlib = next(e for e in events if "a" in e.documents)
    assert idlib.documents == ("a", "b") and idlib.precision == "province"
    claimed = Article("d", "Russia said its forces shot down a drone over Belgorod.")
    denied = Article("e", "Ukraine denied that its drone was shot down over Belgorod.")
    events, _ = extract(gaz, claimed, denied)
    assert len(events) == 1 and events[0].claim_status == "disputed"


def test_merging_nothing_and_merging_twice(gaz):
    assert merge([], []) == ([], [])
    article = Article("x", "Drones struck Sumy. Drones struck Sumy again.")
    events, flights = extract(gaz, article)
    assert merge(events, flights) == (events, flights)


def test_a_large_corpus_merges_by_place_and_day():
    from geomap.model import Event, Place, Source

    towns = [Place(f"t{i}", f"Town {i}", 40 + (i % 50) * 0.5, 20 + (i // 50) * 0.5, "city") for i in range(500)]
    events = []
    for day in range(4):
        for repeat in range(2):  # every strike reported twice
            for i, town in enumerate(towns):
                events.append(Event(
                    id=f"{day}-{repeat}-{i}", category="air_strike", event_type="Explosions/Remote violence",
                    sub_event_type="Air/drone strike", location_name=town.name, lat=town.lat, lon=town.lon,
                    precision="point", place=town, date=dt.date(2024, 1, 1 + 3 * day), count=repeat + 1,
                    counts=(repeat + 1,), sources=(Source(f"doc{repeat}", "s", 0, 1),)))
    merged, _ = merge(events, [])
    assert len(merged) == 500 * 4
    assert all(e.documents == ("doc0", "doc1") and e.counts == (1, 2) and e.count == 1 for e in merged)


def test_the_two_seed_articles_yield_what_the_issue_lists(gaz):
    from pathlib import Path

    seeds = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    assert len(seeds) == 2
    events, flights = extract(gaz, *(Article(p.stem, p.read_text(encoding="utf-8")) for p in seeds))

    def find(category, country=None, precision=None, name=None):
        return [e for e in events if e.category == category and (country is None or e.place.country == country)
                and (precision is None or e.precision == precision)
                and (name is None or name.lower() in e.location_name.lower())]

    for name in ("Hama", "Idlib"):
        assert find("air_strike", "SY", "province", name), name
    assert find("ground_offensive", "SY", "region", "Ghab")
    # "hit 27 Islamic State targets overnight in the Syrian provinces of Homs, Hama and Raqqa": three
    # provinces (27 is a number of targets, not of munitions or strikes: no count)
    for name in ("Homs", "Hama", "Raqqa"):
        assert find("air_strike", "SY", "province", name), name
    assert find("ground_offensive", "SY", "province", "Latakia")
    assert [e for e in find("air_strike", "SY", name="Idlib") if e.civilian_fatalities == 7]
    (down,) = find("shootdown", "SY", "province", "Hama")
    assert down.claim_status == "claimed"
    assert find("airspace_violation", "TR", "country")

    (flight,) = [t for t in flights if t.status == "launched"]
    assert flight.launch_precision == "sea" and flight.target_place.country == "SY"
    assert flight.target_precision == "country"
    assert 26 in flight.counts and 4 in flight.counts and len(flight.documents) == 2
    assert flight.reported_distance_km in (1609.3, 1448.4)  # "nearly a thousand miles", "900 miles"
    assert flight.stated_crossings == ("IR", "IQ")
    (crash,) = [t for t in flights if t.status == "crashed"]
    assert crash.count == 4 and crash.target_place.country == "IR" and crash.claim_status == "disputed"

    for city in ("Brussels", "London", "Moscow", "Washington"):
        place = next(p for p in gaz.lookup(city) if p.feature == "city")
        assert all(abs(e.lat - place.lat) + abs(e.lon - place.lon) > 1 for e in events), city


def test_many_reports_keep_every_source_and_name_a_few_speakers(gaz):
    speakers = ["the governor", "the mayor", "the police", "the army", "medics", "residents", "witnesses",
                "local officials", "rescuers", "the ministry"]
    articles = [Article(f"wire-{i}", f"Russian missiles struck Odesa on Monday, {who} said.")
                for i, who in enumerate(speakers)]
    (event,) = extract(gaz, *articles)[0]
    assert len(event.documents) == 10
    assert event.claimed_by.count(";") == 5  # six speakers named, every document kept


# -- one article, told several times ---------------------------------------------------------------
def consolidated(gaz, text: str):
    from geomap.merge import consolidate

    return consolidate(extract_events(Article("page", text), gazetteer=gaz), text)


def test_a_headline_adds_no_second_event_where_the_body_tells_the_strike(gaz):
    text = ("Drones hit Izmail port on the Danube\n\n"
            "A swarm of Shahed drones struck port facilities in Izmail overnight, officials said.\n")
    (event,) = consolidated(gaz, text)
    assert event.location_name == "Izmail" and event.category == "drone_strike"
    assert len(event.sources) == 2  # the headline still leads back to the page


def test_a_headline_province_folds_into_the_town_the_body_names_inside_it(gaz):
    text = ("Train bombed in Balochistan\n\n"
            "A bomb exploded on the railway line near Mastung on Tuesday, killing four passengers, police said.\n")
    (event,) = consolidated(gaz, text)
    assert event.location_name == "Mastung"


def test_a_headline_that_the_body_does_not_repeat_is_kept(gaz):
    text = "Shelling hits Kupiansk\n\nThe mayor of Kharkiv met aid workers on Monday.\n"
    assert [e.location_name for e in consolidated(gaz, text)] == ["Kupiansk"]


def test_a_country_wide_strike_folds_into_the_named_strikes_of_that_country(gaz):
    text = ("Israeli warplanes struck targets near Isfahan before dawn on Saturday, Iranian media said. "
            "The Israeli military said it had conducted air strikes on military targets in Iran.")
    (event,) = consolidated(gaz, text)
    assert event.location_name == "Isfahan" and len(event.sources) == 2


def test_a_country_wide_strike_of_another_kind_stays(gaz):
    text = ("Russian jets bombed towns in Hama province on Wednesday. "
            "Warships fired four cruise missiles at Islamic State targets in Syria.")
    names = {(e.category, e.precision) for e in consolidated(gaz, text)}
    assert ("missile_strike", "country") in names and ("air_strike", "province") in names


def test_a_sea_wide_lede_folds_into_the_ship_named_in_that_sea(gaz):
    from geomap.merge import consolidate

    text = ("The Houthis attacked merchant vessels in the Red Sea on Saturday, agencies said. A bulk carrier was "
            "struck by a missile about 57 nautical miles west of Hodeidah, the UKMTO agency said.")
    events = consolidate(extract_events(Article("page", text), gazetteer=gaz), text, gazetteer=gaz)
    assert [e.precision for e in events] == ["near"] and len(events[0].sources) == 2, events
