"""Shared fixtures: a tiny gazetteer written here, so unit tests do not depend on the bundled data."""

from __future__ import annotations

import pytest

from geomap.gazetteer import COLUMNS, Gazetteer

TINY_PLACES = [
    # id, name, lat, lon, feature, feature_code, country, admin1, population, alternates, extent
    ("t:sy", "Syria", 35.0, 38.0, "country", "PCLI", "SY", "", 22000000, "Syrian Arab Republic|SY", ""),
    ("t:sy-hama", "Hama Governorate", 35.2, 37.2, "admin1", "ADM1", "SY", "10", 1600000, "Hama|Hamah", ""),
    ("t:hama", "Hama", 35.13, 36.76, "city", "PPLA", "SY", "10", 700000, "Hamah|Hamā", ""),
    ("t:ghab", "Ghab plain", 35.68, 36.3, "area", "PLN", "SY", "", 0, "al-Ghab|Sahl al-Ghab",
     "bbox:36.2,35.4,36.4,35.95"),
]


@pytest.fixture
def tiny_gazetteer_dir(tmp_path):
    folder = tmp_path / "gaz"
    (folder / "curated").mkdir(parents=True)
    lines = ["\t".join(COLUMNS)] + ["\t".join(map(str, row)) for row in TINY_PLACES]
    (folder / "curated" / "tiny.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "demonyms.tsv").write_text("Syrian\tt:sy\n", encoding="utf-8")
    return folder


@pytest.fixture
def tiny_gazetteer(tiny_gazetteer_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("GEOMAP_CACHE", str(tmp_path / "cache"))
    return Gazetteer.load(tiny_gazetteer_dir)
