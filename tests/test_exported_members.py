"""The public surface of ``import geomap`` is exactly this list, and every name resolves."""

from __future__ import annotations

import subprocess
import sys

import geomap

EXPORTED = [
    "Article", "Event", "Gazetteer", "annotate", "GazetteerGeocoder", "GeomapError", "Mention", "Place", "Source",
    "Toponym", "Trajectory", "build", "default_gazetteer", "extract", "extract_events",
    "extract_trajectories", "geoparse", "geoparse_many", "merge", "pipe", "read_articles", "render_map",
    "save_map", "to_geodataframe", "to_geojson",
]


def test_all_is_sorted_and_exact():
    assert geomap.__all__ == sorted(EXPORTED)


def test_every_exported_name_resolves():
    for name in geomap.__all__:
        assert getattr(geomap, name) is not None, name


def test_unknown_attribute_is_an_attribute_error():
    try:
        geomap.no_such_thing  # noqa: B018
    except AttributeError as err:
        assert "no_such_thing" in str(err)
    else:
        raise AssertionError("geomap.no_such_thing resolved")


def test_import_is_cheap_no_heavy_libraries():
    code = "import sys, geomap; print(sorted(m for m in ('folium', 'geopandas', 'geopy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
