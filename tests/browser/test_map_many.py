"""A map of thousands of events, read as an analyst reads it: the filters count exactly what they
should, the list holds every event though only the rows in view exist, and a row far down opens
its own popup. The events' properties travel as columns (geomap/columns.py), with tables for
repeated values: these tests are what checks the page reads them right."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from geomap.model import Event, Source, Trajectory
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
            sub_event_type="Shelling", location_name=f"Village {rng.randrange(60)}-{k % 1500}",
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
    newest = max(e.date for e in events if e.date).isoformat()               # newest first, at first
    assert visit.page.locator(".geomap-row span:nth-child(1)").first.inner_text() == newest

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
    visit.page.locator(".geomap-filter-text").fill("village 5")            # a place: Village 5-.., 50..59
    assert shown(visit) == sum(e.location_name.lower().startswith("village 5") for e in events)
    visit.page.locator(".geomap-filter-text").fill("brigade")              # an actor
    assert shown(visit) == sum(e.actor == "Rebel brigade" for e in events)
    visit.page.locator(".geomap-filter-text").fill("shelling")             # a category's name
    label = CATEGORIES["shelling"][0].lower()
    assert "shelling" in label and shown(visit) == sum(e.category == "shelling" for e in events)
    assert visit.page_errors == [] and visit.console_errors == []


def test_a_row_far_down_the_list_opens_its_own_popup(visit, many):
    events, page = many
    visit.open(page)
    visit.page.locator(".geomap-list-columns span[data-sort='place']").click()     # A to Z (6,000 names)
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


# --- many trajectories: their arrowheads and launch sites drawn on the canvas -------------------
N_TRAJECTORIES = 400


def many_trajectories() -> list[Trajectory]:
    rng = random.Random(5)
    out = []
    for k in range(N_TRAJECTORIES):
        launch = (rng.uniform(30.0, 34.0), rng.uniform(44.0, 50.0))
        target = (rng.uniform(33.0, 37.0), rng.uniform(36.0, 41.0))
        sentence = f"Salvo {k} was fired at the depot, the ministry said."
        out.append(Trajectory(
            id=f"tr{k:03d}", category="missile_strike", launch_name=f"Launch field {k}", launch_lat=launch[0],
            launch_lon=launch[1], launch_precision="point", target_name=f"Depot {k}", target_lat=target[0],
            target_lon=target[1], target_precision="point", path=(launch, target), distance_km=800.0,
            count=2, claim_status=rng.choice(["reported", "claimed"]), weapon="missile",
            sources=(Source(document="salvo-log", sentence=sentence, start=0, end=len(sentence)),)))
    return out


@pytest.fixture(scope="module")
def salvos(tmp_path_factory):
    gaz = write_gazetteer(tmp_path_factory.mktemp("gaz"))
    trajectories = many_trajectories()
    return trajectories, save_map(render_map([], trajectories, gazetteer=gaz, title="Salvos"),
                                  tmp_path_factory.mktemp("t") / "map.html")


def arrow_pixel(visit, index: int) -> list[int]:
    """Zoom onto the arrowhead at the target of trajectory ``index``; the points canvas' pixel there."""
    return visit.page.evaluate("""async (index) => {
        const a = geomap.trajectories.items[index].arrows[1];
        const ll = L.CRS.EPSG3857.pointToLatLng(L.point(a.X, a.Y), 0);
        geomap.map.setView(ll, 9, {animate: false});
        await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
        const canvas = document.querySelector("canvas.geomap-points"), box = canvas.getBoundingClientRect();
        const p = geomap.map.latLngToContainerPoint(ll), map = geomap.map.getContainer().getBoundingClientRect();
        const ratio = canvas.width / box.width;
        const x = Math.round((map.left + p.x - box.left) * ratio), y = Math.round((map.top + p.y - box.top) * ratio);
        return Array.from(canvas.getContext("2d").getImageData(x, y, 1, 1).data);
    }""", index)


def test_many_trajectories_keep_arrowheads_and_named_launch_sites(visit, salvos):
    trajectories, page = salvos
    visit.open(page)
    assert visit.counts()["trajectories"] == N_TRAJECTORIES
    assert visit.page.locator(".geomap-arrow, .geomap-launch").count() == 0       # no DOM marker each
    r, g, b, alpha = arrow_pixel(visit, 0)
    assert alpha > 200 and (r, g, b) == (0xb2, 0x18, 0x2b)                         # the arrowhead, drawn

    # hovering a launch site names it
    site = visit.page.evaluate("""() => {
        const site = geomap.trajectories.launches[7];
        geomap.map.setView(site.latlng, 9, {animate: false});
        const p = geomap.map.latLngToContainerPoint(site.latlng), box = geomap.map.getContainer().getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y, name: site.name};
    }""")
    visit.page.wait_for_timeout(50)
    visit.page.mouse.move(site["x"] - 30, site["y"] - 30)
    visit.page.wait_for_timeout(100)      # Leaflet's canvas passes on one mouse move per 32 ms
    visit.page.mouse.move(site["x"], site["y"])
    tooltip = visit.page.locator(".leaflet-tooltip", has_text="Launch site")
    tooltip.wait_for(timeout=3000)
    assert tooltip.inner_text() == "Launch site: " + site["name"]

    # filtered out, a trajectory's arrowhead goes with its line; unticked, all of them go
    claimed = next(k for k, t in enumerate(trajectories) if t.claim_status == "claimed")
    visit.page.locator(".geomap-filter-status input[value='claimed']").uncheck()
    assert visit.counts()["trajectories"] == sum(t.claim_status != "claimed" for t in trajectories)
    assert arrow_pixel(visit, claimed)[3] == 0
    visit.page.locator(".geomap-filter-status input[value='claimed']").check()
    assert arrow_pixel(visit, claimed)[3] > 200
    visit.page.locator(".leaflet-control-layers-overlays label", has_text="trajectories").locator("input").click()
    assert arrow_pixel(visit, claimed)[3] == 0
    assert visit.page_errors == [] and visit.console_errors == []
