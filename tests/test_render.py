"""The map page as a file: offline, escaped, deterministic, areas drawn as areas.

What the page does in a browser is tested in tests/browser/.
"""

from __future__ import annotations

import html
import json
import re

import pytest

from geomap.columns import decode_columns
from geomap.errors import RenderError
from geomap.render import render_map, save_map
from mapfixtures import HOSTILE, sample, write_gazetteer


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    return write_gazetteer(tmp_path_factory.mktemp("gaz"))


def render_html(gaz, *, text="", **options) -> str:
    events, trajectories = sample(gaz, text=text)
    return render_map(events, trajectories, gazetteer=gaz, **options).get_root().render()


def data_blocks(page: str) -> dict[str, object]:
    """The JSON blocks of the page, by the map.js function that reads them."""
    blocks = dict(re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>', page, re.S))
    calls = re.findall(r'geomap\.(\w+)\([^;]*?geomap\.data\("([^"]+)"\)', page)
    out: dict[str, list] = {}
    for function, block in calls:
        data = json.loads(blocks[block])
        if function == "addEvents":   # point events travel as columns; "p": one dict per event
            data["p"] = decode_columns(data["cols"], data["n"])
        out.setdefault(function, []).append(data)
    return out


def test_page_loads_nothing_from_the_network(gaz):
    page = render_html(gaz)
    assert not re.search(r'<script[^>]+src=|<link[^>]+href=', page)
    for cdn_asset in ("jsdelivr", "cdnjs", "jquery", "bootstrap", "fontawesome", "awesome-markers"):
        assert cdn_asset not in page
    assert "L.map(" in page and "geomap.finish" in page


def test_online_tiles_are_optional_base_layers(gaz):
    assert "tile.openstreetmap.org" not in render_html(gaz)
    page = render_html(gaz, online_tiles=True)
    assert "tile.openstreetmap.org" in page and "basemaps.cartocdn.com" in page


def test_same_input_gives_identical_html(gaz):
    assert render_html(gaz) == render_html(gaz)


def test_article_markup_never_reaches_the_page_as_markup(gaz):
    page = render_html(gaz, text=HOSTILE, title="War <script>alert(2)</script>")
    for needle in ("<script>alert", "<img src=x", "<svg onload", "alert(2)</script>"):
        assert needle not in page
    [lines] = re.findall(r'<script type="text/plain" id="geomap-quotes">(.*?)</script>', page, re.S)
    quotes = [html.unescape(line) for line in lines.split("\n")]
    assert len(quotes) == len(data_blocks(page)["setup"][0]["quoteDocs"])
    assert any(q.endswith(HOSTILE.strip()) for q in quotes)        # shown as written, "{{ 7*7 }}" too


def test_province_and_country_events_are_areas_not_points(gaz):
    blocks = data_blocks(render_html(gaz))
    places = {p["name"]: p for p in blocks["addAreas"][0]["places"]}
    assert places["Hama Governorate"]["level"] == "area"
    assert places["Turkey"]["level"] == "country"
    assert [e["k"] for e in places["Turkey"]["events"]] == ["airspace_violation"]
    point_names = [p["l"] for block in blocks["addEvents"] for p in block["p"]]
    assert sorted(point_names) == ["Hama", "Hama", "Idlib", "Raqqa"]


def test_trajectory_goes_from_launch_to_target_in_geojson_order(gaz):
    blocks = data_blocks(render_html(gaz))
    collection = blocks["addTrajectories"][0]
    first = collection["features"][0]
    assert first["geometry"]["coordinates"][0] == [50.5, 41.9]       # [lon, lat] of the Caspian launch
    assert first["geometry"]["coordinates"][-1] == [39.01, 35.95]    # Raqqa
    assert first["properties"]["x"] == ["Iran (IR)", "Iraq (IQ)", "Syria (SY)"]
    assert first["properties"]["sx"] == ["Iran (IR)", "Iraq (IQ)"] and first["properties"]["rkm"] == 1450
    assert [site["sea"] for site in collection["launches"]] == [True]


def test_basemap_has_countries_and_the_sea_near_the_data(gaz):
    basemap = data_blocks(render_html(gaz))["addBasemap"][0]
    assert len(basemap["country"]) == 4
    assert [s["name"] for s in basemap["sea"]] == ["Caspian Sea"]
    labels = {(label[0], label[3]) for label in basemap["labels"]}
    assert {("Caspian Sea", "sea"), ("Syria", "country"), ("Hama Governorate", "province")} <= labels
    assert sorted(p["name"] for p in basemap["province"]) == ["Hama Governorate", "Idlib Governorate"]


def test_empty_map_still_renders(gaz):
    page = render_map([], [], gazetteer=gaz).get_root().render()
    assert set(data_blocks(page)) == {"setup", "addBasemap"} and "geomap.finish(" in page


def test_save_map_is_atomic(gaz, tmp_path):
    m = render_map(*sample(gaz), gazetteer=gaz)
    target = save_map(m, tmp_path / "out" / "map.html")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(RenderError, match="cannot write"):
        save_map(m, blocker / "map.html")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["map.html"]   # no temp file left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "out"]


def test_trajectory_across_the_antimeridian_stays_continuous(gaz):
    from geomap.model import Trajectory

    path = ((60.0, 170.0), (61.0, 179.0), (62.0, -179.0), (63.0, -170.0))
    t = Trajectory(id="t", category="missile_strike", launch_name="A", launch_lat=60.0, launch_lon=170.0,
                   launch_precision="point", target_name="B", target_lat=63.0, target_lon=-170.0,
                   target_precision="point", path=path, distance_km=1200.0)
    page = render_map([], [t], gazetteer=gaz).get_root().render()
    coords = data_blocks(page)["addTrajectories"][0]["features"][0]["geometry"]["coordinates"]
    assert [lon for lon, _ in coords] == [170.0, 179.0, 181.0, 190.0]


def test_area_event_without_a_polygon_falls_back_to_a_point(gaz):
    from geomap.model import Event

    raqqa = gaz.get("m:raqqa")   # its province (admin1 "04") has no shape in this gazetteer
    event = Event(id="x", category="shelling", event_type="Explosions/Remote violence", sub_event_type="Shelling",
                  location_name="Raqqa province", lat=35.95, lon=39.01, precision="province", place=raqqa)
    blocks = data_blocks(render_map([event], [], gazetteer=gaz).get_root().render())
    assert "addAreas" not in blocks
    [props] = blocks["addEvents"][0]["p"]
    assert props["p"] == "province" and blocks["addEvents"][0]["xy"] == [39.01, 35.95]


def test_events_without_usable_coordinates_are_left_out_not_fatal(gaz):
    from geomap.model import Event

    good, = [e for e in sample(gaz)[0] if e.id == "e2"]
    bad = Event(id="nan", category="shelling", event_type="Explosions/Remote violence", sub_event_type="Shelling",
                location_name="Nowhere", lat=float("nan"), lon=36.0, precision="point")
    blocks = data_blocks(render_map([bad, good], [], gazetteer=gaz).get_root().render())
    assert [p["l"] for b in blocks["addEvents"] for p in b["p"]] == ["Idlib"]


def test_gazetteer_without_shapes_still_gives_a_map(tiny_gazetteer):
    from geomap.model import Event

    hama = tiny_gazetteer.lookup("Hama Governorate")[0]
    event = Event(id="p", category="shelling", event_type="Explosions/Remote violence", sub_event_type="Shelling",
                  location_name="Hama province", lat=hama.lat, lon=hama.lon, precision="province", place=hama)
    blocks = data_blocks(render_map([event], [], gazetteer=tiny_gazetteer).get_root().render())
    assert blocks["addBasemap"][0]["country"] == []
    assert [p["l"] for p in blocks["addEvents"][0]["p"]] == ["Hama province"]


def test_regions_are_member_polygons_or_circles_never_a_box():
    from geomap.gazetteer import default_gazetteer
    from geomap.regions import area_shape, is_box, region_members

    gaz = default_gazetteer()
    mideast = area_shape(gaz.get("cur:middle-east"), gaz)
    assert mideast.kind == "polygon" and not is_box(mideast.geometry)
    assert mideast.geometry.contains(gaz.shape(gaz.country("SY")).representative_point())
    assert not mideast.geometry.contains(gaz.shape(gaz.country("GR")).representative_point())  # a box would
    crimea = area_shape(gaz.get("cur:crimea-region"), gaz)
    sevastopol = gaz.shape(gaz.get("gn:694422"))
    assert crimea.kind == "polygon" and crimea.geometry.contains(sevastopol.representative_point())
    golan = area_shape(gaz.get("cur:golan-heights"), gaz)      # no polygon anywhere: about here, about this big
    assert golan.kind == "circle" and golan.center == (33.0, 35.75) and 15 < golan.radius_km < 35
    for region, members in region_members().items():    # every member of the table exists and has a shape
        assert gaz.get(region) is not None, region
        for member in members:
            place = gaz.country(member) if len(member) == 2 else gaz.get(member)
            assert place is not None and gaz.shape(place) is not None, (region, member)


def test_map_carries_confidence_ids_sources_and_reference_towns():
    from geomap.gazetteer import default_gazetteer
    from mapfixtures import world_sample

    gaz = default_gazetteer()
    blocks = data_blocks(render_map(*world_sample(gaz), gazetteer=gaz).get_root().render())
    props = {p["i"]: p for block in blocks["addEvents"] for p in block["p"]}
    assert props["faint"]["c"] == 0.3 and "c" not in props["kh-missile"]          # missing means certain
    assert props["undated"]["d"] == "2024-05-02" and props["undated"]["dp"] == 1
    setup = blocks["setup"][0]
    docs = {d[0]: d for d in setup["docs"]}
    assert docs["doc-web"][1:] == ["https://news.example.org/kharkiv-night", "A night of strikes on Kharkiv",
                                   "2024-05-02"]
    assert docs["doc-js"][1] is None and docs["doc-js"][2] == "Shelling report &lt;b&gt;bold&lt;/b&gt;"
    places = {p["name"]: p for p in blocks["addAreas"][0]["places"]}
    assert "circle" in places["Golan Heights"] and "geometry" not in places["Golan Heights"]
    assert places["Syria"]["level"] == "country"
    towns = [label[0] for label in blocks["addBasemap"][0]["labels"] if label[3] == "town"]
    assert "Kharkiv" in towns and "Belgorod" in towns
