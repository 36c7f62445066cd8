"""The hand-curated gazetteer files (gazetteer/curated/*.tsv): well-formed, and right where it matters.

The curated rows cover what no registry list has: macro-regions, plains, valleys, deserts, mountain
ranges, air and naval bases, ports, border crossings, dams, rivers. A wrong hemisphere or swapped
latitude/longitude is the worst defect a hand-written row can have, so the known anchors below are
written here from independent knowledge and every sampled entry must sit near its anchor.
"""

from __future__ import annotations

import gzip
import math
import shutil
from pathlib import Path

import pytest
from shapely import Point

from geomap.gazetteer import COLUMNS, Gazetteer, normalize

CURATED = Path(__file__).resolve().parent.parent / "gazetteer" / "curated"
PLACES = CURATED.parent / "places.tsv.gz"
FEATURES = {"region", "area", "site", "river", "sea", "city"}


def _rows() -> list[tuple[str, int, dict[str, str]]]:
    out = []
    for path in sorted(CURATED.glob("*.tsv")):
        with open(path, encoding="utf-8") as fh:
            header = fh.readline().rstrip("\n").split("\t")
            assert tuple(header) == COLUMNS, f"{path.name}: header {header}"
            for lineno, line in enumerate(fh, start=2):
                fields = line.rstrip("\n").split("\t")
                assert len(fields) == len(COLUMNS), f"{path.name}:{lineno}: {len(fields)} fields"
                out.append((path.name, lineno, dict(zip(COLUMNS, fields))))
    return out


ROWS = _rows()


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def curated(tmp_path_factory) -> Gazetteer:
    """The curated files alone, loaded through the real loader from a folder holding only them."""
    folder = tmp_path_factory.mktemp("gaz")
    shutil.copytree(CURATED, folder / "curated")
    return Gazetteer.load(folder, use_cache=False)


def test_there_are_many_curated_rows_in_every_theme():
    by_file: dict[str, int] = {}
    for name, _, _ in ROWS:
        by_file[name] = by_file.get(name, 0) + 1
    assert len(ROWS) >= 600, by_file
    for theme in ("regions.tsv", "areas.tsv", "sites.tsv", "rivers.tsv"):
        assert by_file.get(theme, 0) >= 40, by_file


def test_every_file_loads_and_every_row_is_indexed(curated):
    assert len(curated) == len(ROWS)
    for _, _, row in ROWS:
        place = curated.get(row["id"])
        assert place is not None and place.name == row["name"]
        assert place in curated.lookup(row["name"])


# Rows that only add names (aliases) to a registry record carry that record's id.
REGISTRY_PREFIXES = ("gn:", "ne:sea:")


def test_ids_are_unique_and_prefixed():
    ids = [row["id"] for _, _, row in ROWS]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert all(i.startswith(("cur:", *REGISTRY_PREFIXES)) and i == i.strip() for i in ids)


def test_rows_with_a_registry_id_name_an_existing_record():
    if not PLACES.exists():
        pytest.skip("gazetteer/places.tsv.gz is not built here")
    wanted = {row["id"] for _, _, row in ROWS if not row["id"].startswith("cur:")}
    with gzip.open(PLACES, "rt", encoding="utf-8") as fh:
        found = {line.split("\t", 1)[0] for line in fh} & wanted
    assert wanted - found == set()


def test_a_curated_row_with_a_registry_id_only_adds_names(tmp_path):
    """A strait Natural Earth draws keeps its polygon record and gains the curated aliases."""
    shutil.copytree(CURATED, tmp_path / "curated")
    registry = ["\t".join(COLUMNS),
                "ne:sea:bosporus\tBosporus\t41.12\t29.05\tsea\tSEA\t\t\t0\t\t",
                "gn:5815135\tWashington State\t47.49\t-120.36\tadmin1\tADM1\tUS\tWA\t6500000\tWash.\t"]
    with gzip.open(tmp_path / "places.tsv.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(registry) + "\n")
    gaz = Gazetteer.load(tmp_path, use_cache=False)
    straits = [p for p in gaz.lookup("Bosphorus") if p.feature == "sea"]
    assert [(p.id, p.name, p.feature_code) for p in straits] == [("ne:sea:bosporus", "Bosporus", "SEA")]
    assert gaz.get("ne:sea:bosporus") in gaz.lookup("Istanbul Strait")
    state = gaz.get("gn:5815135")
    assert state.population == 6500000 and state in gaz.lookup("Washington") and state in gaz.lookup("Wash.")


@pytest.mark.parametrize("where,lineno,row", ROWS, ids=[r[2]["id"] for r in ROWS])
def test_row_is_well_formed(where, lineno, row):
    lat, lon = float(row["lat"]), float(row["lon"])
    assert -90 <= lat <= 90 and -180 <= lon <= 180, f"{where}:{lineno}"
    registry = not row["id"].startswith("cur:")
    assert row["feature"] in FEATURES | ({"admin1"} if registry else set()), f"{where}:{lineno}: {row['feature']!r}"
    assert row["feature_code"].isupper() and row["feature_code"].isalnum()
    assert row["population"] == "0"
    assert row["country"] == "" or (len(row["country"]) == 2 and row["country"].isupper())
    aliases = [a for a in row["alternates"].split("|") if a]
    assert all(a == a.strip() and normalize(a) for a in aliases), f"{where}:{lineno}: empty alias"
    extent = row["extent"]
    if row["feature"] in {"region", "area", "river"} and not registry:
        assert extent.startswith("bbox:"), f"{where}:{lineno}: {row['name']} needs an extent"
    if extent:
        west, south, east, north = map(float, extent[5:].split(","))
        assert -180 <= west < east <= 180 and -90 <= south < north <= 90, f"{where}:{lineno}: {extent}"
        assert west <= lon <= east and south <= lat <= north, f"{where}:{lineno}: point outside {extent}"


# Aliases that are ordinary words would turn every "the base" or "the delta" in an article into a place.
GENERIC = {"the", "base", "air base", "airbase", "airport", "port", "the port", "camp", "the camp", "dam",
           "the dam", "plain", "the plain", "valley", "the valley", "desert", "the desert", "mountains",
           "the mountains", "delta", "the delta", "zone", "exclusion zone", "buffer zone", "the border",
           "border", "crossing", "the crossing", "the strait", "strait", "the canal", "the river", "river",
           "the south", "the north", "the east", "the west", "south", "north", "east", "west", "the region",
           "region", "the island", "island", "land bridge", "the coast", "coast", "headquarters", "the capital",
           "no 10", "base 1", "jfk", "lax", "air", "save", "awash", "atlas", "riff", "hula", "nova", "sadr", "prince sultan", "ben gurion", "the plains", "the sierra"}


def test_no_alias_is_an_ordinary_word():
    generic = {normalize(g) for g in GENERIC}
    offenders = [(row["id"], alias) for _, _, row in ROWS
                 for alias in [row["name"], *row["alternates"].split("|")] if normalize(alias) in generic]
    assert not offenders


def test_every_feature_code_is_documented_in_the_readme():
    readme = (CURATED / "README.md").read_text(encoding="utf-8")
    undocumented = sorted({row["feature_code"] for _, _, row in ROWS if f"`{row['feature_code']}`" not in readme})
    assert not undocumented


def test_country_codes_exist_in_the_bundled_country_list():
    if not PLACES.exists():
        pytest.skip("gazetteer/places.tsv.gz (the registry-built country list) is not built here")
    with gzip.open(PLACES, "rt", encoding="utf-8") as fh:
        codes = {fields[6] for fields in (line.split("\t") for line in fh) if fields[4] == "country"}
    unknown = sorted({row["country"] for _, _, row in ROWS if row["country"] and row["country"] not in codes})
    assert not unknown


# Offshore features that the bundled (simplified) country polygons do not reach.
OFFSHORE = {"cur:liancourt-rocks", "cur:matsu-islands", "cur:pratas-island", "cur:great-barrier-reef"}


def test_every_point_lies_in_or_next_to_its_country():
    """Catches swapped lat/lon, a wrong sign or a wrong country code on any row, not only the anchors."""
    shapes_file = CURATED.parent / "shapes.geojson.gz"
    if not (PLACES.exists() and shapes_file.exists()):
        pytest.skip("the registry-built places.tsv.gz and shapes.geojson.gz are not built here")
    import json

    from shapely.geometry import shape

    with gzip.open(PLACES, "rt", encoding="utf-8") as fh:
        country_of = {f[0]: f[6] for f in (line.split("\t") for line in fh) if f[4] == "country"}
    with gzip.open(shapes_file, "rt", encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    polygons = {country_of[f["properties"]["id"]]: shape(f["geometry"])
                for f in features if f["properties"]["id"] in country_of}
    far = []
    for _, _, row in ROWS:
        code = row["country"]
        if not code or row["id"] in OFFSHORE or code not in polygons:
            continue
        degrees = polygons[code].distance(Point(float(row["lon"]), float(row["lat"])))
        if degrees * 111 > 60:
            far.append((row["id"], code, round(degrees * 111)))
    assert not far


def test_extent_is_drawn_as_a_shape(curated):
    box = curated.shape("cur:ghab-plain")
    assert box is not None and box.contains(box.centroid)
    hama_lon, hama_lat = 36.75, 35.13
    assert box.distance(Point(hama_lon, hama_lat)) < 1.0


# name, expected country, anchor (lat, lon) written here, largest plausible distance in km
ANCHORS = [
    ("Hmeimim air base", "SY", (35.52, 35.78), 30),        # Latakia
    ("Khmeimim", "SY", (35.52, 35.78), 30),
    ("Tartus naval base", "SY", (34.89, 35.89), 10),        # Tartus
    ("Ghab plain", "SY", (35.13, 36.75), 80),               # Hama
    ("Sahl al-Ghab", "SY", (35.13, 36.75), 80),
    ("Al Asad air base", "IQ", (34.13, 42.38), 60),         # Haditha
    ("Ain al-Asad", "IQ", (34.13, 42.38), 60),
    ("Incirlik", "TR", (37.00, 35.32), 20),                 # Adana
    ("Al Udeid", "QA", (25.29, 51.53), 40),                 # Doha
    ("Camp Lemonnier", "DJ", (11.59, 43.15), 15),           # Djibouti city
    ("Bagram", "AF", (34.53, 69.17), 70),                   # Kabul
    ("Natanz", "IR", (33.51, 51.92), 40),                   # Natanz town
    ("Fordow", "IR", (34.64, 50.88), 40),                   # Qom
    ("Nevatim", "IL", (31.25, 34.79), 30),                  # Beersheba
    ("Zaporizhzhia nuclear power plant", "UA", (47.50, 34.65), 15),  # Enerhodar
    ("Kakhovka dam", "UA", (46.76, 33.37), 10),             # Nova Kakhovka
    ("Crimean Bridge", "", (45.36, 36.47), 25),             # Kerch
    ("Saky", "UA", (44.95, 34.10), 60),                     # Simferopol
    ("Engels air base", "RU", (51.53, 46.03), 30),          # Saratov
    ("Rafah crossing", "PS", (31.30, 34.25), 10),           # Rafah
    ("Hodeidah port", "YE", (14.80, 42.95), 10),            # Hodeidah
    ("Bab el-Mandeb", "", (12.60, 43.35), 40),
    ("Strait of Hormuz", "", (26.57, 56.25), 60),
    ("Port Sudan", "SD", (19.62, 37.22), 10),
    ("Grand Ethiopian Renaissance Dam", "ET", (11.21, 35.09), 20),
    ("Torkham", "", (34.12, 71.08), 15),
    ("Wagah", "", (31.60, 74.57), 10),
    ("Donbas", "UA", (48.02, 37.80), 150),                  # Donetsk
    ("Darfur", "SD", (13.63, 25.35), 300),                  # El Fasher
    ("Gaza Strip", "PS", (31.50, 34.47), 20),               # Gaza City
    ("West Bank", "PS", (31.90, 35.20), 50),                # Ramallah
    ("Golan Heights", "SY", (33.13, 35.82), 30),            # Quneitra
    ("Nagorno-Karabakh", "AZ", (39.82, 46.75), 40),         # Stepanakert / Khankendi
    ("Transnistria", "MD", (46.84, 29.63), 80),             # Tiraspol
    ("Sinjar mountains", "IQ", (36.32, 41.86), 30),         # Sinjar town
    ("Bekaa Valley", "LB", (34.00, 36.21), 50),             # Baalbek
    ("Euphrates", "", (35.33, 40.14), 300),                 # Deir ez-Zor
    ("Dnipro river", "", (46.64, 32.61), 400),              # Kherson
    ("Orontes", "", (35.13, 36.75), 80),                    # Hama
    ("Silicon Valley", "US", (37.34, -121.89), 40),         # San Jose
    ("Patagonia", "", (-41.13, -71.31), 700),               # Bariloche
    ("Korean Peninsula", "", (37.57, 126.98), 300),         # Seoul
    ("Martakert", "AZ", (39.82, 46.75), 50),                # Stepanakert / Khankendi
    ("Masisi", "CD", (-1.68, 29.22), 60),                   # Goma
    ("Zoobe junction", "SO", (2.04, 45.34), 10),            # Mogadishu
    ("Diboli", "ML", (14.45, -11.44), 100),                 # Kayes
    ("Olenivka prison", "UA", (48.02, 37.80), 40),          # Donetsk
]


@pytest.mark.parametrize("name,country,anchor,km", ANCHORS, ids=[a[0] for a in ANCHORS])
def test_well_known_entries_resolve_near_their_anchor(curated, name, country, anchor, km):
    places = curated.lookup(name)
    assert places, f"{name!r} is not in the curated gazetteer"
    best = min(places, key=lambda p: _km(p.lat, p.lon, *anchor))
    assert (best.country or "") == country
    assert _km(best.lat, best.lon, *anchor) <= km, best


def test_distinct_places_sharing_a_name_are_all_kept(curated):
    # The Jebel Akhdar of Libya and the one of Oman are both mountains news names.
    found = {(p.country, p.feature) for p in curated.lookup("Jebel Akhdar")}
    assert {("LY", "area"), ("OM", "area")} <= found


# Sentences written here about towns and sites the registry lacks or holds under another spelling:
# each must be found by the geoparser and placed in the right country (not at a namesake: Koya is
# also a village in Japan, Palma a city in Spain).
GEOPARSED = [
    ("Shelling hit Rajouri and Poonch overnight, officials in Jammu said.", "Rajouri", "IN"),
    ("A drone struck a camp of Kurdish exiles near Koya in Iraqi Kurdistan.", "Koya", "IQ"),
    ("Azerbaijani troops entered Martakert after the ceasefire.", "Martakert", "AZ"),
    ("M23 fighters took Masisi and advanced towards Minova on Lake Kivu.", "Masisi", "CD"),
    ("M23 fighters took Masisi and advanced towards Minova on Lake Kivu.", "Minova", "CD"),
    ("Militants attacked army posts in Diboli, near the border with Senegal.", "Diboli", "ML"),
    ("Families fled from Humera to Sudan.", "Humera", "ET"),
    ("Insurgents raided Namapa, in Nampula province.", "Namapa", "MZ"),
    ("A car bomb exploded at the Zoobe junction in Mogadishu.", "Zoobe", "SO"),
    ("Drones struck the Sudzha gas metering station in Russia's Kursk region.",
     "Sudzha gas metering station", "RU"),
    ("Fighting resumed in Maarat al-Numan and Jisr al-Shughur.", "Maarat al-Numan", "SY"),
    ("Villagers in Gurez and Dras reported shelling along the Line of Control.", "Dras", "IN"),
    ("Gunmen attacked Kolofata and Fotokol in Cameroon's Far North region.", "Fotokol", "CM"),
    ("Militia fighters attacked a displacement camp in Ituri.", "Ituri", "CD"),
    ("Residents of Deir al-Balah said the strike hit a school.", "Deir al-Balah", "PS"),
]


@pytest.mark.parametrize("sentence,name,country", GEOPARSED, ids=[g[1] for g in GEOPARSED])
def test_conflict_towns_are_geoparsed_in_the_right_country(sentence, name, country):
    from geomap import geoparse

    found = {t.text: t.place for t in geoparse(sentence)}
    assert name in found, sorted(found)
    assert found[name].country == country, found[name]
