"""A map of thousands of events, read as an analyst reads it: the filters count exactly what they
should, the list holds every event though only the rows in view exist, and a row far down opens
its own popup. The events' properties travel as columns (geomap/columns.py), with tables for
repeated values: these tests are what checks the page reads them right."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from geomap.model import Event, Source
from geomap.render import CATEGORIES, render_map, save_map
from mapfixtures import write_gazetteer

pytestmark = pytest.mark.browser

N = 6000
ACTORS = ["Government forces", "Rebel brigade", None]
STATUSES = ["reported", "claimed", "disputed", "denied"]
DAYS = [dt.date(2023, 3, 1) + dt.timedelta(days=k) for k in range(12)]
SENTENCES = ["Shells landed near the grain silo.", "A drone hit a fuel truck at dawn.",
             "Artillery pounded the hills east of the river.", "Jets struck a warehouse by the station."]


def many_events() -> list[Event]:
    rng = random.Random(11)
    categories = ["air_strike", "shelling", "drone_strike"]
    events = []
    for k in range(N):
        doc = f"bulletin-{k % 40:02d}"
        sentence = rng.choice(SENTENCES)
        events.append(Event(
            id=f"ev{k:05d}", category=categories[k % 3], event_type="Explosions/Remote violence",
            sub_event_type="Shelling", location_name=f"Village {rng.randrange(60)}",
            lat=rng.uniform(33.0, 37.0), lon=rng.uniform(36.0, 41.0), precision="point",
            actor=rng.choice(ACTORS), claim_status=rng.choice(STATUSES), date=rng.choice(DAYS + [None]),
            fatalities=rng.choice([None, 0, 2]),
            sources=(Source(document=doc, sentence=sentence, start=0, end=len(sentence)),)))
    return events


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    gaz = write_gazetteer(tmp_path_factory.mktemp("gaz"))
    events = many_events()
    return events, save_map(render_map(events, [], gazetteer=gaz, title="Many"), tmp_path_factory.mktemp("m") / "map.html")


def shown(visit) -> int:
    return sum(visit.counts()["events"].values())


def list_count(visit) -> str:
    return visit.page.locator(".geomap-list-count").inner_text()


def test_filters_count_exactly_the_matching_events(visit, many):
    events, page = many
    visit.open(page)
    assert shown(visit) == N and list_count(visit) == f"{N} events and trajectories"
    assert visit.page.locator(".geomap-row").count() < 200                 # only the rows in view exist

    visit.page.locator(".geomap-filter-status input[value='claimed']").uncheck()
    expected = sum(e.claim_status != "claimed" for e in events)
    assert shown(visit) == expected and list_count(visit) == f"{expected} of {N} events and trajectories"

    visit.page.locator(".geomap-filter-actor").select_option(label="Rebel brigade")
    expected = sum(e.claim_status != "claimed" and e.actor == "Rebel brigade" for e in events)
    assert shown(visit) == expected

    visit.page.locator(".geomap-filter-actor").select_option(label="all")
    visit.page.locator(".geomap-filter-status input[value='claimed']").check()
    visit.page.locator(".geomap-time-to").fill("3")                       # the first four days; undated stay
    expected = sum(e.date is None or e.date <= DAYS[3] for e in events)
    assert shown(visit) == expected

    visit.page.locator(".geomap-time-to").fill(str(len(DAYS) - 1))
    visit.page.locator(".geomap-filter-text").fill("BULLETIN-07")          # a source document, any case
    assert shown(visit) == sum(e.sources[0].document == "bulletin-07" for e in events) == N // 40
    visit.page.locator(".geomap-filter-text").fill("village 5")            # a place: Village 5, 50..59
    assert shown(visit) == sum(e.location_name.lower().startswith("village 5") for e in events)
    visit.page.locator(".geomap-filter-text").fill("shelling")             # a category's name
    label = CATEGORIES["shelling"][0].lower()
    assert "shelling" in label and shown(visit) == sum(e.category == "shelling" for e in events)
    assert visit.page_errors == [] and visit.console_errors == []


def test_a_row_far_down_the_list_opens_its_own_popup(visit, many):
    events, page = many
    visit.open(page)
    visit.page.locator(".geomap-list-columns span[data-sort='place']").click()     # A to Z
    first = visit.page.locator(".geomap-row span:nth-child(3)").first.inner_text()
    assert first == min((e.location_name for e in events), key=str.lower)
    visit.page.locator(".geomap-list-body").evaluate("body => { body.scrollTop = body.scrollHeight; }")
    last = visit.page.locator(f".geomap-row[data-n='{N - 1}']")                 # drawn once scrolled to
    last.wait_for(timeout=3000)
    event_id = last.get_attribute("data-event-id")
    assert last.locator("span:nth-child(3)").inner_text() == max((e.location_name for e in events), key=str.lower)
    last.click()
    popup = visit.page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=3000)
    assert popup.locator("h3[data-event-id]").get_attribute("data-event-id") == event_id
    event = next(e for e in events if e.id == event_id)
    assert event.sources[0].sentence in popup.inner_text() and event.location_name in popup.inner_text()
