"""GazetteerGeocoder: ranking, qualifiers, filters, geopandas, and the opt-in online fallback.

The gazetteer is a small one written here; the online fallback talks to a Nominatim look-alike
served from 127.0.0.1 in a thread, never to the internet.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from geopy.location import Location

from geomap.errors import GeocodeError
from geomap.gazetteer import COLUMNS, Gazetteer
from geomap.geocode import GazetteerGeocoder

PLACES = [
    # id, name, lat, lon, feature, feature_code, country, admin1, population, alternates, extent
    ("c:fr", "France", 46.0, 2.0, "country", "PCLI", "FR", "", 67000000, "French Republic|FR", ""),
    ("c:us", "United States", 39.8, -98.5, "country", "PCLI", "US", "", 330000000, "USA|US|America", ""),
    ("c:ge", "Georgia", 42.0, 43.5, "country", "PCLI", "GE", "", 3700000, "Sakartvelo|GE", ""),
    ("a:fr-11", "Île-de-France", 48.5, 2.5, "admin1", "ADM1", "FR", "11", 12000000, "Ile de France", ""),
    ("a:us-tx", "Texas", 31.0, -100.0, "admin1", "ADM1", "US", "TX", 29000000, "", ""),
    ("a:us-ga", "Georgia", 32.7, -83.4, "admin1", "ADM1", "US", "GA", 10700000, "", ""),
    ("a:us-il", "Illinois", 40.0, -89.2, "admin1", "ADM1", "US", "IL", 12600000, "", ""),
    ("p:paris", "Paris", 48.8534, 2.3488, "city", "PPLC", "FR", "11", 2138551, "Paree|Lutetia", ""),
    ("p:paris-tx", "Paris", 33.6609, -95.5555, "city", "PPL", "US", "TX", 24782, "", ""),
    ("p:paris-il", "Paris", 39.6112, -87.6961, "city", "PPL", "US", "IL", 8600, "", ""),
    ("p:springfield-il", "Springfield", 39.8017, -89.6437, "city", "PPLA", "US", "IL", 116250, "", ""),
    ("p:georgia-town", "Georgia", 44.7, -73.1, "city", "PPL", "US", "VT", 4500, "", ""),
    ("p:hama-city", "Hama", 35.1318, 36.7578, "city", "PPLA", "SY", "10", 696863, "Hamah", ""),
    ("a:sy-10", "Hama Governorate", 35.2, 37.2, "admin1", "ADM1", "SY", "10", 1600000, "Hama|Hamah", ""),
    ("c:sy", "Syria", 35.0, 38.0, "country", "PCLI", "SY", "", 22000000, "SY", ""),
    ("c:sd", "Sudan", 15.0, 30.0, "country", "PCLI", "SD", "", 45000000, "SD", ""),
    ("s:caspian", "Caspian Sea", 42.0, 50.5, "sea", "SEA", "", "", 0, "Caspian", ""),
    ("s:red", "Red Sea", 20.0, 38.5, "sea", "SEA", "", "", 0, "", ""),
    ("a:sd-36", "Red Sea", 19.5, 35.9, "admin1", "ADM1", "SD", "36", 646800, "", ""),
    ("a:ua-12", "Kyiv", 50.38, 30.53, "admin1", "ADM1", "UA", "12", 2900000, "Kiev", ""),
    ("p:kyiv", "Kyiv", 50.45, 30.52, "city", "PPLC", "UA", "12", 2952301, "Kiev|Kiyv", ""),
    ("a:us-wa", "Washington", 47.5, -120.4, "admin1", "ADM1", "US", "WA", 6500000, "", ""),
    ("p:washington-wa", "Washington", 47.0, -120.0, "city", "PPL", "US", "WA", 900, "", ""),
]


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gaz")
    (folder / "curated").mkdir()
    lines = ["\t".join(COLUMNS)] + ["\t".join(map(str, row)) for row in PLACES]
    (folder / "curated" / "places.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Gazetteer.load(folder, use_cache=False)


@pytest.fixture
def geocoder(gazetteer):
    return GazetteerGeocoder(gazetteer=gazetteer)


# -- offline --------------------------------------------------------------------------------
@pytest.mark.parametrize("query, expected_id", [
    ("Paris", "p:paris"),                      # the capital, not the Texas town
    ("paris", "p:paris"),
    ("Georgia", "c:ge"),                       # the country before the state and the town
    ("Hama", "p:hama-city"),                   # main name "Hama" before the governorate's alias
    ("Hamah", "p:hama-city"),                  # the governorate named after its city yields to it
    ("Kiev", "p:kyiv"),
    ("Washington", "a:us-wa"),                 # a hamlet does not displace the state
    ("Red Sea", "s:red"),                      # the sea before the Sudanese state
    ("Red Sea, Sudan", "a:sd-36"),
    ("Caspian", "s:caspian"),
    ("Paris, Texas", "p:paris-tx"),
    ("Paris, TX", "p:paris-tx"),
    ("Paris, Illinois, USA", "p:paris-il"),
    ("Springfield, IL", "p:springfield-il"),   # IL as a US state code, not Israel
    ("Paris, France", "p:paris"),
    ("Georgia, United States", "a:us-ga"),
])
def test_best_answer(geocoder, query, expected_id):
    location = geocoder.geocode(query)
    assert isinstance(location, Location)
    assert location.raw["id"] == expected_id


def test_location_carries_the_gazetteer_record(geocoder):
    paris = geocoder.geocode("Paris")
    assert (paris.latitude, paris.longitude) == pytest.approx((48.8534, 2.3488))
    assert paris.address == "Paris, Île-de-France, France"
    assert paris.raw["feature"] == "city"
    assert paris.raw["feature_code"] == "PPLC"
    assert paris.raw["country"] == "FR"
    assert paris.raw["admin1"] == "11"
    assert paris.raw["population"] == 2138551
    address, (lat, lon) = paris                # geopy's tuple protocol, which geopandas relies on
    assert address.startswith("Paris") and lat == pytest.approx(48.8534)


def test_unknown_place_is_none(geocoder):
    assert geocoder.geocode("Atlantis") is None
    assert geocoder.geocode("Atlantis", exactly_one=False) is None
    assert geocoder.geocode("Paris, Atlantis") is None
    assert geocoder.geocode("") is None


def test_all_answers_best_first(geocoder):
    found = geocoder.geocode("Paris", exactly_one=False)
    assert [loc.raw["id"] for loc in found] == ["p:paris", "p:paris-tx", "p:paris-il"]
    assert len(geocoder.geocode("Paris", exactly_one=False, limit=2)) == 2


def test_country_and_feature_filters(geocoder):
    assert geocoder.geocode("Paris", country_codes="us").raw["id"] == "p:paris-tx"
    assert geocoder.geocode("Paris", country_codes=["SY"]) is None
    assert geocoder.geocode("Georgia", feature_classes="admin1").raw["id"] == "a:us-ga"
    assert geocoder.geocode("Georgia", feature_classes=["city"]).raw["id"] == "p:georgia-town"


def test_bad_options_say_what_is_expected(geocoder):
    with pytest.raises(ValueError, match="expected any of 'country'"):
        geocoder.geocode("Paris", feature_classes="town")
    with pytest.raises(ValueError, match="alpha-2"):
        geocoder.geocode("Paris", country_codes="France")
    with pytest.raises(TypeError, match="place name"):
        geocoder.geocode({"city": "Paris"})


def test_reverse_finds_the_nearest_city(geocoder):
    near_hama = geocoder.reverse((35.2, 36.7))
    assert near_hama.raw["id"] == "p:hama-city"
    assert 0 < near_hama.raw["distance_km"] < 10
    two = geocoder.reverse("33.7, -95.6", exactly_one=False, limit=2)
    assert [loc.raw["id"] for loc in two] == ["p:paris-tx", "p:springfield-il"]


def test_inside_geopandas_geocode(gazetteer):
    geopandas = pytest.importorskip("geopandas")
    names = ["Paris", "Paris, Texas", "Atlantis"]
    for provider, kwargs in [(GazetteerGeocoder(gazetteer=gazetteer), {}),
                             (GazetteerGeocoder, {"gazetteer": gazetteer})]:
        frame = geopandas.tools.geocode(names, provider=provider, **kwargs)
        assert frame.crs == "EPSG:4326"
        assert (frame.geometry[0].x, frame.geometry[0].y) == pytest.approx((2.3488, 48.8534))  # lon, lat
        assert frame.geometry[1].x == pytest.approx(-95.5555)
        assert frame.address[1] == "Paris, Texas, United States"
        assert frame.geometry[2].is_empty and frame.address.isna()[2]


# -- online fallback, against a local Nominatim look-alike -----------------------------------
BAKHMUT = {"place_id": 1, "osm_type": "relation", "osm_id": 3082440, "lat": "48.5956", "lon": "37.9999",
           "display_name": "Bakhmut, Donetsk Oblast, Ukraine", "name": "Bakhmut", "class": "boundary",
           "type": "administrative", "addresstype": "town",
           "address": {"town": "Bakhmut", "country": "Ukraine", "country_code": "ua"}}


@pytest.fixture
def nominatim():
    """A Nominatim look-alike on 127.0.0.1: knows Bakhmut only; records every request."""
    requests: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            url = urlparse(self.path)
            params = {k: v[0] for k, v in parse_qs(url.query).items()}
            requests.append({"path": url.path, "user_agent": self.headers.get("User-Agent"), **params})
            body = json.dumps([BAKHMUT] if params.get("q") == "Bakhmut" else []).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


def _online(gazetteer, domain, tmp_path, **options):
    return GazetteerGeocoder(gazetteer=gazetteer, domain=domain, scheme="http", min_delay_seconds=0,
                             cache_path=tmp_path / "nominatim.json", **options)


def test_offline_by_default_makes_no_request(gazetteer, nominatim, tmp_path):
    domain, requests = nominatim
    assert _online(gazetteer, domain, tmp_path).geocode("Bakhmut") is None
    assert requests == []


def test_online_fallback_asks_once_and_caches_on_disk(gazetteer, nominatim, tmp_path):
    domain, requests = nominatim
    geocoder = _online(gazetteer, domain, tmp_path, online=True)
    bakhmut = geocoder.geocode("Bakhmut")
    assert (bakhmut.latitude, bakhmut.longitude) == pytest.approx((48.5956, 37.9999))
    assert bakhmut.raw["source"] == "nominatim"
    assert bakhmut.raw["country"] == "UA" and bakhmut.raw["feature"] == "city"
    assert len(requests) == 1
    assert requests[0]["path"] == "/search" and requests[0]["q"] == "Bakhmut"
    assert requests[0]["user_agent"].startswith("geomap")

    assert geocoder.geocode("Bakhmut").raw["id"] == bakhmut.raw["id"]
    again = _online(gazetteer, domain, tmp_path, online=True)        # a new process, same cache file
    assert again.geocode("Bakhmut").address == "Bakhmut, Donetsk Oblast, Ukraine"
    assert len(requests) == 1
    assert "Bakhmut" in (tmp_path / "nominatim.json").read_text(encoding="utf-8")


def test_online_asks_only_what_the_gazetteer_lacks(gazetteer, nominatim, tmp_path):
    domain, requests = nominatim
    geocoder = _online(gazetteer, domain, tmp_path, online=True)
    assert geocoder.geocode("Paris").raw["source"] == "gazetteer"
    assert requests == []
    assert geocoder.geocode("Atlantis") is None        # "nothing found" is cached too
    assert geocoder.geocode("Atlantis") is None
    assert len(requests) == 1


def test_online_failure_is_a_geocode_error(gazetteer, tmp_path):
    geocoder = _online(gazetteer, "127.0.0.1:9", tmp_path, online=True, timeout=2)   # nothing listens on port 9
    with pytest.raises(GeocodeError, match="online geocoding of 'Bakhmut' at http://127.0.0.1:9 failed"):
        geocoder.geocode("Bakhmut")


def test_default_gazetteer_is_not_loaded_by_the_constructor(monkeypatch, tmp_path):
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(tmp_path / "nowhere"))
    geocoder = GazetteerGeocoder()                   # must not touch the (missing) data
    assert "online" not in repr(geocoder)
