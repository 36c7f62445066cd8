"""Airports and air bases from airportsdata (gazetteer/airports.tsv.gz) in the real bundled gazetteer.

Named airfields resolve, their ICAO/IATA codes never turn words into places, towns keep their
names, and an airfield written by hand in curated/ is one record, not two.
"""

from __future__ import annotations

import gzip

import pytest

from geomap.gazetteer import data_dir, default_gazetteer, normalize
from geomap.geocode import GazetteerGeocoder
from geomap.geometry import great_circle_km
from geomap.toponyms import geoparse

AIRPORTS = data_dir() / "airports.tsv.gz"
AIRFIELD_CODES = ("AIRP", "AIRB")

pytestmark = pytest.mark.skipif(not AIRPORTS.exists(), reason="gazetteer/airports.tsv.gz is not built here")


def _rows():
    with gzip.open(AIRPORTS, "rt", encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    header = lines[0].rstrip("\n").split("\t")
    return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in lines[1:]]


@pytest.fixture(scope="module")
def gaz():
    return default_gazetteer()


@pytest.mark.parametrize("name, country, near", [
    ("Ben Gurion Airport", "IL", (32.01, 34.89)),
    ("Ben Gurion International Airport", "IL", (32.01, 34.89)),
    ("Mitiga Airport", "LY", (32.89, 13.28)),
    ("Boryspil International Airport", "UA", (50.35, 30.89)),
    ("Nur Khan Air Base", "PK", (33.62, 73.10)),
    ("Kharkiv International Airport", "UA", (49.92, 36.29)),
    ("Hartsfield-Jackson Atlanta International Airport", "US", (33.64, -84.43)),
])
def test_named_airfields_geocode_to_the_airfield(name, country, near):
    loc = GazetteerGeocoder().geocode(name)
    assert loc is not None, name
    assert loc.raw["feature"] == "site" and loc.raw["feature_code"] in AIRFIELD_CODES
    assert loc.raw["country"] == country
    assert great_circle_km((loc.latitude, loc.longitude), near) < 5


def test_an_airfield_in_a_sentence_is_the_airfield_and_the_town_stays_the_town():
    text = ("A drone struck near Boryspil airport on Tuesday, and shelling hit Kharkiv International Airport "
            "while sirens sounded across Kharkiv.")
    found = {t.text: t.place for t in geoparse(text)}
    assert found["Boryspil airport"].feature_code == "AIRP"
    assert found["Kharkiv International Airport"].feature_code == "AIRP"
    assert found["Kharkiv"].feature == "city" and found["Kharkiv"].country == "UA"


@pytest.mark.parametrize("city, country", [("Kharkiv", "UA"), ("Tripoli", "LY"), ("Atlanta", "US"),
                                           ("Rawalpindi", "PK")])
def test_a_town_is_still_the_town_not_its_airport(gaz, city, country):
    places = gaz.lookup(city)
    kinds = [p.feature for p in places]
    town = kinds.index("city")
    assert places[town].country == country
    assert "site" not in kinds[:town + 1]
    assert GazetteerGeocoder().geocode(city).raw["feature"] != "site"
    found = [t.place for t in geoparse(f"Missiles hit {city} overnight, officials said.") if t.text == city]
    assert found and found[0].feature == "city" and found[0].country == country


def test_airport_codes_are_not_names(gaz):
    rows = _rows()
    assert len(rows) > 20_000
    leaked = []
    for row in rows:
        names = {normalize(n) for n in [row["name"], *row["alternates"].split("|")]}
        for code in row["codes"].split():
            assert normalize(code.split(":", 1)[1]) not in names
            if row["id"].startswith("cur:"):
                continue  # a hand-written record may list a code news uses as a name ("JFK")
            key = normalize(code.split(":", 1)[1])
            if any(gaz.place(i).id == row["id"] for i in gaz.index_lookup(key)):
                leaked.append((row["id"], code))
    assert leaked == []


def test_codes_and_common_words_in_a_sentence_are_not_places():
    text = ("Flights from TLV and KBP were cancelled, said an ONE spokesman; the BAD weather over "
            "UKBB and LLBG kept the SEA crews grounded, and passengers at JFK waited.")
    sites = [(t.text, t.place.name) for t in geoparse(text) if t.place.feature == "site"]
    assert sites == []
    assert not {"TLV", "KBP", "ONE", "BAD", "UKBB", "LLBG", "SEA"} & {t.text for t in geoparse(text)}


def test_a_curated_airfield_is_one_record(gaz):
    """The dataset's rows for an airfield curated/ already has carry the curated id: one record,
    with the curated name first and the dataset's name as an alias."""
    ben_gurion = gaz.lookup("Ben Gurion International Airport")
    assert [p.id for p in ben_gurion] == ["cur:ben-gurion-airport"]
    assert ben_gurion[0].name == "Ben Gurion Airport"  # the curated record wins
    assert gaz.lookup("Natbag")[0].id == "cur:ben-gurion-airport"  # curated aliases kept
    curated = [p for p in gaz if p.id.startswith("cur:") and p.feature_code in AIRFIELD_CODES]
    dataset = [p for p in gaz if p.id.startswith("icao:")]
    assert len(curated) > 200 and len(dataset) > 20_000
    doubles = [(c.id, d.id) for c in curated for d in dataset
               if abs(c.lat - d.lat) < 0.05 and great_circle_km((c.lat, c.lon), (d.lat, d.lon)) <= 2]
    assert doubles == []


def test_no_two_airfield_records_of_one_name_within_5_km(gaz):
    doubles = []
    for key, indexes in gaz.names.items():
        fields = [gaz.place(i) for i in indexes if gaz.place(i).feature_code in AIRFIELD_CODES]
        for a_i, a in enumerate(fields):
            for b in fields[a_i + 1:]:
                if great_circle_km((a.lat, a.lon), (b.lat, b.lon)) <= 5:
                    doubles.append((key, a.id, b.id))
    assert doubles == []
