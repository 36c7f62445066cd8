"""Export: events and trajectories to GeoJSON, GeoPackage, CSV and JSON Lines files."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os

import pyogrio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.errors import RenderError
from geomap.export import CSV_COLUMNS, dumps, to_geodataframe, to_geojson, write
from geomap.geometry import geodesic_path
from geomap.model import Event, Place, Source, Trajectory

KYIV = Place("t:kyiv", "Kyiv", 50.45, 30.52, "city", "PPLC", "UA", "12", 2900000)
BLACK_SEA = Place("t:bsea", "Black Sea", 43.0, 34.0, "sea", "SEA")
GHAB = Place("t:ghab", "Ghab plain", 35.68, 36.3, "area", "PLN", "SY", has_shape=True)

QUOTE = "Russian ships in the Black Sea fired six Kalibr cruise missiles at Kyiv overnight, officials said."


def strike(**changes) -> Event:
    fields = dict(
        id="ev-kyiv", category="missile_strike", event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack", location_name="Kyiv", lat=50.45, lon=30.52,
        precision="point", place=KYIV, actor="Russian forces", target="energy facilities",
        weapon="cruise missile", count=6, counts=(6, 8), fatalities=2, civilian_fatalities=None,
        date=dt.date(2024, 3, 21), date_text="overnight", claimed_by="Ukraine's air force",
        claim_status="claimed", sources=(Source("kyiv-1", QUOTE, 0, len(QUOTE)), Source("kyiv-2", QUOTE, 10, 20)),
    )
    fields.update(changes)
    return Event(**fields)


def launch(**changes) -> Trajectory:
    fields = dict(
        id="tr-bsea-kyiv", category="missile_strike", launch_name="Black Sea", launch_lat=43.0, launch_lon=34.0,
        launch_precision="sea", target_name="Kyiv", target_lat=50.45, target_lon=30.52, target_precision="point",
        path=((43.0, 34.0), (46.8, 32.4), (50.45, 30.52)), distance_km=873.4, launch_place=BLACK_SEA,
        target_place=KYIV, weapon="cruise missile", count=6, reported_distance_km=900 * 1.609344,
        stated_crossings=("UA",), crosses=("UA",), actor="Russian forces",
        sources=(Source("kyiv-1", QUOTE, 0, len(QUOTE)),),
    )
    fields.update(changes)
    return Trajectory(**fields)


def test_event_is_a_point_in_lon_lat_order_with_the_contract_properties():
    collection = to_geojson([strike()], [])
    assert collection["type"] == "FeatureCollection"
    (feature,) = collection["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [30.52, 50.45]}
    props = feature["properties"]
    assert props["kind"] == "event"
    for key in ("event_type", "sub_event_type", "category", "actor", "target", "weapon", "count", "counts",
                "fatalities", "civilian_fatalities", "date", "date_text", "location_name", "precision",
                "claimed_by", "claim_status", "documents", "quotes", "corroboration"):
        assert key in props, key
    assert props["date"] == "2024-03-21"
    assert props["counts"] == [6, 8]
    assert props["civilian_fatalities"] is None
    assert props["documents"] == ["kyiv-1", "kyiv-2"]
    assert props["corroboration"] == 2
    assert props["quotes"][0] == {"document": "kyiv-1", "sentence": QUOTE, "start": 0, "end": len(QUOTE)}


def test_trajectory_runs_from_launch_site_to_target():
    (feature,) = to_geojson([], [launch()])["features"]
    coords = feature["geometry"]["coordinates"]
    assert feature["geometry"]["type"] == "LineString"
    assert coords[0] == [34.0, 43.0] and coords[-1] == [30.52, 50.45]
    props = feature["properties"]
    assert props["kind"] == "trajectory"
    assert (props["launch_name"], props["target_name"], props["status"]) == ("Black Sea", "Kyiv", "launched")
    assert props["distance_km"] == 873.4
    assert props["reported_distance_km"] == 1448.4
    assert props["distance_difference_km"] == pytest.approx(873.4 - 1448.4, abs=0.11)
    assert props["crosses"] == ["UA"] and props["stated_crossings"] == ["UA"]
    assert props["event_type"] == "Explosions/Remote violence"


def test_trajectory_without_densified_path_still_has_both_ends():
    (feature,) = to_geojson([], [launch(path=())])["features"]
    assert feature["geometry"]["coordinates"] == [[34.0, 43.0], [30.52, 50.45]]


def test_path_across_the_antimeridian_is_cut_as_rfc7946_asks():
    tr = launch(launch_lat=-18.0, launch_lon=178.0, target_lat=-14.0, target_lon=-172.0,
                path=((-18.0, 178.0), (-16.0, -179.0), (-14.0, -172.0)))
    geometry = to_geojson([], [tr])["features"][0]["geometry"]
    assert geometry["type"] == "MultiLineString"
    first, second = geometry["coordinates"]
    assert first[0] == [178.0, -18.0] and first[-1][0] == 180.0
    assert second[0][0] == -180.0 and second[-1] == [-172.0, -14.0]
    assert all(-180 <= lon <= 180 for part in geometry["coordinates"] for lon, _ in part)


def test_no_events_give_an_empty_collection():
    assert to_geojson([], []) == {"type": "FeatureCollection", "features": []}
    assert json.loads(dumps([], [])) == {"type": "FeatureCollection", "features": []}


def test_output_is_byte_identical_whatever_the_input_order():
    events = [strike(id=f"ev-{i}", lat=50 + i / 10) for i in range(5)]
    trajectories = [launch(id=f"tr-{i}") for i in range(3)]
    once = dumps(events, trajectories)
    again = dumps(list(reversed(events)), list(reversed(trajectories)))
    assert once == again
    ids = [f["id"] for f in json.loads(once)["features"]]
    assert ids == ["ev-0", "ev-1", "ev-2", "ev-3", "ev-4", "tr-0", "tr-1", "tr-2"]


def test_repeated_ids_are_made_unique_and_order_stays_stable():
    twins = [strike(lat=50.1, sources=(Source("b", QUOTE, 0, 5),)), strike(lat=50.2, sources=(Source("a", QUOTE, 0, 5),))]
    once, again = dumps(twins, []), dumps(list(reversed(twins)), [])
    assert once == again
    assert [f["id"] for f in json.loads(once)["features"]] == ["ev-kyiv", "ev-kyiv-2"]


def test_non_finite_numbers_become_null_not_invalid_json():
    text = dumps([], [launch(distance_km=float("nan"), reported_distance_km=None)])
    assert "NaN" not in text
    assert json.loads(text)["features"][0]["properties"]["distance_km"] is None


def test_geodataframe_has_kind_column_wgs84_and_missing_counts_as_na():
    frame = to_geodataframe([strike(count=None), strike(id="ev-zz")], [launch()])
    assert frame.crs.to_epsg() == 4326
    assert list(frame["kind"]) == ["event", "event", "trajectory"]
    assert frame["count"].isna().tolist() == [True, False, False]
    assert frame.geometry.iloc[0].coords[0] == (30.52, 50.45)


def test_write_geojson_follows_the_extension(tmp_path):
    out = write([strike()], [launch()], tmp_path / "out.geojson")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [f["properties"]["kind"] for f in data["features"]] == ["event", "trajectory"]
    assert os.listdir(tmp_path) == ["out.geojson"]


def test_written_file_gets_the_usual_permissions_not_a_private_temp_file_mode(tmp_path):
    mask = os.umask(0o022)
    try:
        out = write([strike()], [], tmp_path / "shared.geojson")
    finally:
        os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o644


def test_write_jsonl_is_one_feature_per_line(tmp_path):
    out = write([strike()], [launch()], tmp_path / "out.jsonl")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["type"] for line in lines] == ["Feature", "Feature"]


def test_write_csv_has_acled_columns_and_the_quote_as_notes(tmp_path):
    out = write([strike()], [launch()], tmp_path / "events.csv")
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == CSV_COLUMNS
    event, trajectory = rows
    assert (event["event_date"], event["location"], event["country"]) == ("2024-03-21", "Kyiv", "UA")
    assert (float(event["latitude"]), float(event["longitude"])) == (50.45, 30.52)
    assert event["geo_precision"] == "1" and event["fatalities"] == "2"
    assert event["notes"].startswith("Russian ships in the Black Sea")
    assert event["source"] == "kyiv-1; kyiv-2"
    assert trajectory["kind"] == "trajectory"
    assert (trajectory["launch_name"], float(trajectory["launch_latitude"])) == ("Black Sea", 43.0)
    assert float(trajectory["latitude"]) == 50.45  # filed at its target


def test_write_gpkg_has_events_trajectories_and_areas_layers(tmp_path, tiny_gazetteer):
    region = strike(id="ev-ghab", location_name="al-Ghab", lat=35.68, lon=36.3, precision="region", place=GHAB)
    folder = tmp_path / "out"
    folder.mkdir()
    out = write([strike(), region], [launch()], folder / "map.gpkg", gazetteer=tiny_gazetteer)
    layers = {name: kind for name, kind in pyogrio.list_layers(out)}
    assert layers == {"events": "Point", "trajectories": "LineString", "areas": "MultiPolygon"}
    events = pyogrio.read_dataframe(out, layer="events")
    assert sorted(events["id"]) == ["ev-ghab", "ev-kyiv"]
    assert json.loads(events.set_index("id").loc["ev-kyiv", "documents"]) == ["kyiv-1", "kyiv-2"]
    areas = pyogrio.read_dataframe(out, layer="areas")
    assert areas.loc[0, "place_id"] == "t:ghab"
    assert areas.geometry.iloc[0].bounds == pytest.approx((36.2, 35.4, 36.4, 35.95))
    trajectories = pyogrio.read_dataframe(out, layer="trajectories")
    assert trajectories.geometry.iloc[0].coords[0] == (34.0, 43.0)
    assert [p.name for p in folder.iterdir()] == ["map.gpkg"]


def test_write_gpkg_without_events_keeps_empty_layers(tmp_path):
    out = write([], [], tmp_path / "empty.gpkg")
    assert sorted(name for name, _ in pyogrio.list_layers(out)) == ["events", "trajectories"]
    assert len(pyogrio.read_dataframe(out, layer="events")) == 0


def test_area_features_only_with_a_gazetteer_and_a_shape(tiny_gazetteer):
    region = strike(id="ev-ghab", location_name="al-Ghab", lat=35.68, lon=36.3, precision="region", place=GHAB)
    assert [f["properties"]["kind"] for f in to_geojson([region], [])["features"]] == ["event"]
    kinds = [f["properties"]["kind"] for f in to_geojson([region, strike()], [], gazetteer=tiny_gazetteer)["features"]]
    assert kinds == ["event", "event", "area"]


def test_unknown_extension_is_refused_with_the_known_ones(tmp_path):
    with pytest.raises(RenderError, match=r"\.geojson.*\.gpkg"):
        write([strike()], [], tmp_path / "out.shp")
    assert list(tmp_path.iterdir()) == []


def test_failed_write_leaves_no_partial_file(tmp_path):
    (tmp_path / "taken.geojson").mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(RenderError, match="taken.geojson"):
        write([strike()], [], tmp_path / "taken.geojson")
    assert [p.name for p in tmp_path.iterdir()] == ["taken.geojson"]
    assert list((tmp_path / "taken.geojson").iterdir()) == []


def test_missing_folder_is_reported(tmp_path):
    with pytest.raises(RenderError, match="does not exist"):
        write([strike()], [], tmp_path / "nope" / "out.geojson")


# -- properties: any place on Earth, any launch ------------------------------------------------
latitudes = st.floats(min_value=-89.0, max_value=89.0, allow_nan=False)
longitudes = st.floats(min_value=-180.0, max_value=180.0, allow_nan=False)


@given(latitudes, longitudes)
def test_any_event_point_is_lon_lat_rounded_to_six_decimals(lat, lon):
    (feature,) = to_geojson([strike(lat=lat, lon=lon)], [])["features"]
    assert feature["geometry"]["coordinates"] == [round(lon, 6), round(lat, 6)]


@settings(max_examples=60, deadline=None)
@given(latitudes, longitudes, latitudes, longitudes)
def test_any_geodesic_trajectory_keeps_its_ends_and_stays_on_the_map(lat1, lon1, lat2, lon2):
    path, km = geodesic_path((lat1, lon1), (lat2, lon2), min_points=16)
    tr = launch(launch_lat=lat1, launch_lon=lon1, target_lat=lat2, target_lon=lon2, path=path, distance_km=km)
    geometry = to_geojson([], [tr])["features"][0]["geometry"]
    parts = [geometry["coordinates"]] if geometry["type"] == "LineString" else geometry["coordinates"]
    assert parts[0][0] == [round(lon1, 6), round(lat1, 6)]
    assert parts[-1][-1] == [round(lon2, 6), round(lat2, 6)]
    for part in parts:
        assert len(part) >= 2
        for lon, lat in part:
            assert -180 <= lon <= 180 and -90 <= lat <= 90
        # no segment jumps across the map: consecutive points at most half the world apart (180: over a pole)
        assert all(abs(b[0] - a[0]) <= 180 for a, b in zip(part, part[1:]))
