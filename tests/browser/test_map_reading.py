"""Reading the map as an analyst: labels that leave the events visible, every mark reachable by a
click, sources traceable and safe, a list beside the map, filters that change what is counted.

One map on the real gazetteer (``world_sample``) and the small sample map; each test is one thing
a person does with the mouse and what they then see.
"""

from __future__ import annotations

import pytest

from geomap.gazetteer import default_gazetteer
from geomap.render import render_map, save_map
from mapfixtures import sample, world_sample, write_gazetteer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def world_map(tmp_path_factory):
    gaz = default_gazetteer()
    return save_map(render_map(*world_sample(gaz), gazetteer=gaz, title="Reading test"),
                    tmp_path_factory.mktemp("world") / "map.html")


@pytest.fixture(scope="module")
def sample_map(tmp_path_factory):
    gaz = write_gazetteer(tmp_path_factory.mktemp("gaz"))
    return save_map(render_map(*sample(gaz), gazetteer=gaz, title="Sample"),
                    tmp_path_factory.mktemp("map") / "map.html")


def screen_xy(visit, latlng) -> tuple[float, float]:
    """Page coordinates of a [lat, lon] at the current view."""
    return tuple(visit.page.evaluate("""(ll) => {
        const p = geomap.map.latLngToContainerPoint(ll);
        const box = geomap.map.getContainer().getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""", latlng))


def set_view(visit, latlng, zoom) -> None:
    visit.page.evaluate("([ll, z]) => { geomap.map.setView(ll, z, {animate: false}); }", [latlng, zoom])
    visit.page.wait_for_timeout(50)


def popup_ids(visit) -> list[str]:
    popup = visit.page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=3000)
    return popup.locator("h3[data-event-id]").evaluate_all("nodes => nodes.map(n => n.dataset.eventId)")


def point_of(visit, event_id: str) -> list[float]:
    return visit.page.evaluate("""(id) => {
        const P = geomap.points, i = P.findIndex(p => p.i === id), ll = P.latLng(i);
        return [ll.lat, ll.lng];
    }""", event_id)


def test_world_zoom_shows_few_labels_and_none_over_a_marker(visit, world_map):
    visit.open(world_map)
    set_view(visit, [30, 20], 2)
    labels = visit.page.evaluate("""() => {
        const box = geomap.map.getContainer().getBoundingClientRect();
        return Array.from(document.querySelectorAll(".geomap-label")).map(n => n.getBoundingClientRect())
            .filter(r => r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom)
            .map(r => [r.left, r.top, r.right, r.bottom]);
    }""")
    assert 5 <= len(labels) <= 40
    # no two labels overlap
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    # zoomed onto Kharkiv, where the markers are: town labels appear, none on a marker
    set_view(visit, point_of(visit, "kh-missile"), 8)
    names = [label["name"] for label in visit.page.evaluate("geomap.visibleLabels()")]
    assert any(label["kind"] == "town" for label in visit.page.evaluate("geomap.visibleLabels()")), names
    markers = [screen_xy(visit, point_of(visit, i)) for i in ("kh-missile", "faint", "undated")]
    rects = visit.page.locator(".geomap-label").evaluate_all(
        "nodes => nodes.map(n => { const r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })")
    for x, y in markers:
        assert not any(r[0] <= x <= r[2] and r[1] <= y <= r[3] for r in rects), (x, y)


def test_province_event_under_a_country_level_event_opens_by_click(visit, world_map):
    visit.open(world_map)
    hama = visit.page.evaluate("geomap.areas.places.find(e => e.place.events[0].i === 'hama-province').place.label")
    set_view(visit, hama, 8)
    visit.page.mouse.click(*screen_xy(visit, hama))
    # the province first; the Middle East region, which covers it too, below; the country not at all
    assert popup_ids(visit) == ["hama-province", "mideast"]
    # the country-level event is one click away, on its badge
    visit.page.keyboard.press("Escape")
    set_view(visit, hama, 6)
    visit.page.locator(".geomap-badge span").click()
    assert popup_ids(visit) == ["sy-country"]


def test_two_events_at_one_point_are_both_reachable(visit, world_map):
    visit.open(world_map)
    kharkiv = point_of(visit, "kh-missile")
    assert kharkiv == point_of(visit, "kh-shelling")
    set_view(visit, kharkiv, 10)
    visit.page.mouse.click(*screen_xy(visit, kharkiv))
    assert sorted(popup_ids(visit)) == ["kh-missile", "kh-shelling"]
    assert "2 events here" in visit.page.locator(".leaflet-popup-content").inner_text()


def test_javascript_url_in_metadata_never_becomes_a_link(visit, world_map):
    visit.open(world_map)
    visit.page.locator(".geomap-row[data-event-id='kh-shelling']").click()
    assert popup_ids(visit) == ["kh-shelling"]
    popup = visit.page.locator(".leaflet-popup-content")
    assert "Shelling report <b>bold</b>" in popup.inner_text()     # the title, shown as text
    assert popup.locator("a").count() == 0
    visit.page.locator(".geomap-row[data-event-id='kh-missile']").click()
    assert popup_ids(visit) == ["kh-missile"]
    link = visit.page.locator(".leaflet-popup-content a")
    assert link.inner_text() == "A night of strikes on Kharkiv"
    assert link.get_attribute("href") == "https://news.example.org/kharkiv-night"
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert visit.page.evaluate("document.querySelectorAll('a[href^=\"javascript\" i]').length") == 0
    assert visit.dialogs == [] and visit.page_errors == []


def test_undated_event_falls_back_to_its_publication_date_and_says_so(visit, world_map):
    visit.open(world_map)
    visit.page.locator(".geomap-row[data-event-id='undated']").click()
    assert "2024-05-02 (publication date: the text gives none)" in \
        visit.page.locator(".leaflet-popup-content").inner_text()


def test_list_has_one_row_per_feature_and_a_row_opens_its_popup(visit, sample_map):
    visit.open(sample_map)
    ids = visit.page.locator(".geomap-row").evaluate_all("nodes => nodes.map(n => n.dataset.eventId)")
    assert sorted(ids) == ["e1", "e2", "e3", "e4", "e5", "e6", "t1", "t2"]
    visit.page.locator(".geomap-row[data-event-id='e3']").click()
    assert popup_ids(visit) == ["e3"]
    assert "Twenty-six cruise missiles hit targets in Raqqa." in visit.page.locator(".leaflet-popup-content").inner_text()
    visit.page.locator(".geomap-row[data-event-id='e5']").click()     # a province-level event
    assert popup_ids(visit) == ["e5"]
    visit.page.locator(".geomap-list-columns span[data-sort='place']").click()   # sorted by place, A to Z
    places = visit.page.locator(".geomap-row span:nth-child(3)").all_inner_texts()
    assert places == sorted(places, key=str.lower) and places[0].startswith("Caspian Sea")


def counts_shown(visit) -> dict:
    return visit.page.evaluate("""() => ({
        control: Object.fromEntries(Array.from(document.querySelectorAll(".geomap-count"))
            .map(n => [n.dataset.key, +n.textContent])),
        rows: document.querySelectorAll(".geomap-row").length,
        list: document.querySelector(".geomap-list-count").textContent,
        title: document.querySelector(".geomap-shown").textContent
    })""")


def test_filters_change_the_counts(visit, sample_map):
    visit.open(sample_map)
    before = counts_shown(visit)
    assert before["control"] == {"_trajectories": 2, "air_strike": 2, "missile_strike": 1, "shootdown": 1}
    assert before["rows"] == 8 and before["list"] == "8 events and trajectories" and before["title"] == "all shown"
    visit.page.locator(".geomap-filter-status input[value='claimed']").uncheck()   # Hama (claimed), the shoot-down, t1
    after = counts_shown(visit)
    assert after["control"] == {"_trajectories": 1, "air_strike": 1, "missile_strike": 1, "shootdown": 0}
    assert after["rows"] == 5 and after["list"] == "5 of 8 events and trajectories"
    assert after["title"] == "shown: 4 of 6 events, 1 of 2 trajectories"
    assert visit.counts()["events"] == {"air_strike": 1, "missile_strike": 1, "shootdown": 0}
    visit.page.locator(".geomap-filter-text").fill("raqqa")
    assert counts_shown(visit)["rows"] == 1
    visit.page.locator(".geomap-filter-text").fill("")
    visit.page.locator(".geomap-filter-status input[value='claimed']").check()
    visit.page.locator(".geomap-filter-actor").select_option(label="Russia")      # Hama, Idlib, Turkey
    assert counts_shown(visit)["rows"] == 3 and visit.counts()["countryAreas"] == 1


def test_confidence_slider_hides_uncertain_events(visit, world_map):
    visit.open(world_map)
    assert visit.counts()["events"]["drone_strike"] == 2
    visit.page.locator(".geomap-filter-confidence").fill("0.5")
    assert visit.counts()["events"]["drone_strike"] == 1
    assert visit.page.locator(".geomap-row[data-event-id='faint']").count() == 0


def test_trajectory_popup_stays_clear_of_the_layer_control(visit, sample_map):
    visit.open(sample_map)
    # a point on the arc close to its launch, which the page shows right under the layer control
    target = visit.page.evaluate("""() => {
        const item = geomap.trajectories.items.find(i => i.properties.i === "t1");
        const ll = item.latlngs[1];
        const control = document.querySelector(".leaflet-control-layers").getBoundingClientRect();
        const p = geomap.map.latLngToContainerPoint(ll), box = geomap.map.getContainer().getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y, controlLeft: control.left};
    }""")
    assert target["x"] > target["controlLeft"] - 150      # the popup would otherwise reach under the control
    visit.page.mouse.click(target["x"], target["y"])
    assert popup_ids(visit) == ["t1"]
    visit.page.wait_for_timeout(600)                       # the map pans the popup into view
    overlap = visit.page.evaluate("""() => {
        const a = document.querySelector(".leaflet-popup").getBoundingClientRect();
        const b = document.querySelector(".leaflet-control-layers").getBoundingClientRect();
        return !(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top);
    }""")
    assert not overlap
