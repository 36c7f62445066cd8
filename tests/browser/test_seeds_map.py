"""The committed seeds map (output/conflict_map.html) as a newcomer opens it: offline, complete."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from pageutil import pixel_stats

pytestmark = pytest.mark.browser

OUTPUT = Path(__file__).resolve().parents[2] / "output"


@pytest.fixture(scope="module")
def seeds_map():
    page = OUTPUT / "conflict_map.html"
    if not page.exists():
        pytest.fail("output/conflict_map.html is missing: run `make map` and commit output/")
    return page


@pytest.fixture(scope="module")
def exported():
    collection = json.loads((OUTPUT / "events.geojson").read_text(encoding="utf-8"))
    kinds = [f["properties"]["kind"] for f in collection["features"]]
    return {"events": kinds.count("event"), "trajectories": kinds.count("trajectory")}


def test_seeds_map_loads_offline_without_errors(visit, seeds_map):
    visit.open(seeds_map)
    assert visit.console_errors == [] and visit.page_errors == [] and visit.blocked == []


def test_seeds_map_draws_every_exported_event_and_trajectory(visit, seeds_map, exported):
    counts = visit.open(seeds_map).counts()
    drawn = sum(counts["events"].values()) + counts["areaEvents"]
    assert drawn == exported["events"]
    assert counts["trajectories"] == exported["trajectories"]
    if exported["trajectories"]:
        assert counts["launches"] >= 1
        assert visit.page.locator(".geomap-arrow").count() == 2 * exported["trajectories"]


def test_seeds_marker_popup_quotes_its_source(visit, seeds_map):
    visit.open(seeds_map)
    target = visit.page.evaluate("""() => {
        const P = geomap.points;
        if (!P.n) { return null; }
        geomap.map.setView(P.latLng(0), 12, {animate: false});
        const p = geomap.map.latLngToContainerPoint(P.latLng(0));
        const box = geomap.map.getContainer().getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y, quote: geomap.quoteText(P.prop(0).q[0])};
    }""")
    if target is None:
        pytest.skip("the seeds yield no point-level event to click")
    visit.page.wait_for_timeout(50)
    visit.page.mouse.click(target["x"], target["y"])
    popup = visit.page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=3000)
    assert html.unescape(target["quote"]) in popup.inner_text()


def test_seeds_screenshot_is_not_blank(visit, seeds_map):
    visit.open(seeds_map)
    stats = pixel_stats(visit.page, visit.page.screenshot())
    assert stats["variance"] > 100 and stats["colours"] > 20
