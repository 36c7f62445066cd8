"""The map page in headless chromium: loads offline, draws everything, popups, layers, escaping."""

from __future__ import annotations


import pytest

from pageutil import open_visit, pixel_stats
from geomap.render import render_map, save_map
from mapfixtures import HOSTILE, sample, write_gazetteer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    return write_gazetteer(tmp_path_factory.mktemp("gaz"))


@pytest.fixture(scope="module")
def sample_map(gaz, tmp_path_factory):
    return save_map(render_map(*sample(gaz), gazetteer=gaz, title="Sample"),
                    tmp_path_factory.mktemp("map") / "map.html")


@pytest.fixture(scope="module")
def hostile_map(gaz, tmp_path_factory):
    return save_map(render_map(*sample(gaz, text=HOSTILE), gazetteer=gaz, title="Hostile" + HOSTILE),
                    tmp_path_factory.mktemp("hostile") / "map.html")


def click_marker(visit, category: str, location: str) -> None:
    """Zoom onto the first ``category`` marker whose place name starts with ``location``; click it."""
    x, y = visit.page.evaluate("""([category, location]) => {
        const P = geomap.points;
        const i = P.findIndex((p, k) => P.catKeys[P.cat[k]] === category && p.l.startsWith(location));
        geomap.map.setView(P.latLng(i), 11, {animate: false});
        const p = geomap.map.latLngToContainerPoint(P.latLng(i));
        const box = geomap.map.getContainer().getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""", [category, location])
    visit.page.wait_for_timeout(50)  # one frame for the canvas to redraw at the new view
    visit.page.mouse.click(x, y)


def test_loads_offline_without_errors(visit, sample_map):
    visit.open(sample_map)
    assert visit.console_errors == [] and visit.page_errors == []
    assert visit.blocked == []            # it did not even try the network


def test_every_feature_is_drawn(visit, sample_map):
    counts = visit.open(sample_map).counts()
    assert counts == {"events": {"air_strike": 2, "missile_strike": 1, "shootdown": 1},
                      "areas": 1, "countryAreas": 1, "areaEvents": 2, "trajectories": 2, "launches": 1}
    # arrowheads and the ship are real DOM nodes
    assert visit.page.locator(".geomap-arrow").count() == 4
    assert visit.page.locator(".geomap-launch svg").count() == 1


def test_clicking_a_marker_opens_its_popup_with_the_quote(visit, sample_map):
    visit.open(sample_map)
    click_marker(visit, "air_strike", "Hama")
    popup = visit.page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=3000)
    text = popup.inner_text()
    assert "Russian jets bombed Hama killing seven." in text
    assert "doc-a" in text and "Russian defence ministry" in text and "claimed" in text
    assert "2015-10-07" in text


def test_clicking_an_area_lists_its_events(visit, sample_map):
    visit.open(sample_map)
    x, y = visit.page.evaluate("""() => {
        const entry = geomap.areas.places.find(e => e.place.level === "area");
        geomap.map.fitBounds(entry.shape.getBounds(), {animate: false});
        const p = geomap.map.latLngToContainerPoint(entry.shape.getBounds().getCenter());
        const box = geomap.map.getContainer().getBoundingClientRect();
        return [box.left + p.x + 40, box.top + p.y + 40];
    }""")
    visit.page.wait_for_timeout(50)
    visit.page.mouse.click(x, y)
    popup = visit.page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=3000)
    assert "Artillery fired in the Hama region." in popup.inner_text()


def test_trajectory_popup_compares_computed_and_reported(visit, sample_map):
    visit.open(sample_map)
    x, y = visit.page.evaluate("""() => {
        const item = geomap.trajectories.items.find(i => i.properties.rkm !== undefined);
        const coords = item.layers[0].getLayers()[0].getLatLngs();
        const middle = coords[Math.floor(coords.length / 2)];
        geomap.map.setView(middle, 7, {animate: false});
        const p = geomap.map.latLngToContainerPoint(middle);
        const box = geomap.map.getContainer().getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""")
    visit.page.wait_for_timeout(50)
    visit.page.mouse.click(x, y)
    popup = visit.page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=3000)
    text = popup.inner_text()
    assert "1240 km computed; 1450 km reported" in text
    assert "Iran (IR), Iraq (IQ), Syria (SY)" in text and "26" in text
    assert "Twenty-six cruise missiles flew 900 miles" in text


def test_unticking_a_layer_hides_its_features(visit, sample_map):
    visit.open(sample_map)
    visit.page.locator(".leaflet-control-layers-overlays label", has_text="Air strike").locator("input").click()
    counts = visit.counts()
    assert counts["events"]["air_strike"] == 0 and counts["events"]["missile_strike"] == 1
    visit.page.locator(".leaflet-control-layers-overlays label", has_text="trajectories").locator("input").click()
    assert visit.counts()["trajectories"] == 0
    assert visit.page.locator(".geomap-arrow").count() == 0


def test_time_filter_hides_events_of_other_days(visit, sample_map):
    visit.open(sample_map)
    slider = visit.page.locator(".geomap-time-to")
    slider.fill("0")                      # up to the first day only
    counts = visit.counts()
    # Idlib (day 2) and the Hama province shelling (day 2) go; undated events stay
    assert counts["events"] == {"air_strike": 1, "missile_strike": 1, "shootdown": 1}
    assert counts["areas"] == 0 and counts["countryAreas"] == 1 and counts["trajectories"] == 1
    assert "2015-10-07 – 2015-10-07" in visit.page.locator(".geomap-time span").inner_text()


def test_hostile_article_text_runs_nothing(browser, hostile_map):
    visit = open_visit(browser)
    try:
        visit.open(hostile_map)
        scripts_at_load = visit.page.evaluate("document.scripts.length")
        click_marker(visit, "air_strike", "Hama")
        popup = visit.page.locator(".leaflet-popup-content")
        popup.wait_for(timeout=3000)
        assert "<script>alert(1)</script>" in popup.inner_text()    # shown as text
        visit.page.evaluate("""() => {
            geomap.trajectories.launches.forEach(marker => marker.openTooltip());
        }""")
        visit.page.locator(".geomap-row[data-event-id='t1']").click()
        assert "cruise missile <script>" in visit.page.locator(".leaflet-popup-content").inner_text()
        assert "Caspian Sea" + HOSTILE in visit.page.locator(".leaflet-tooltip", has_text="Launch site").first.inner_text()
        injected = visit.page.evaluate("""() => ({
            img: document.querySelectorAll('img[src="x"], img[onerror]').length,
            svg: document.querySelectorAll('svg[onload]').length,
            script: Array.from(document.scripts).filter(s => s.textContent.trim() === 'alert(1)').length,
            scripts: document.scripts.length
        })""")
        assert injected == {"img": 0, "svg": 0, "script": 0, "scripts": scripts_at_load}
        assert visit.dialogs == [] and visit.page_errors == []
    finally:
        visit.page.context.close()


def test_screenshot_is_not_blank(visit, sample_map):
    visit.open(sample_map)
    stats = pixel_stats(visit.page, visit.page.screenshot())
    assert stats["variance"] > 100 and stats["colours"] > 20
