"""Names to places: a geopy geocoder over geomap's offline gazetteer.

:class:`GazetteerGeocoder` is a :class:`geopy.geocoders.base.Geocoder`, so it fits wherever geopy
geocoders go: ``geocode()`` returns ``None``, a :class:`geopy.location.Location` or a list of
them, and the gazetteer record (``id``, ``feature``, ``feature_code``, ``country``, ``admin1``,
``population``) is in ``Location.raw``. It works with geopandas::

    >>> import geopandas                                                     # doctest: +SKIP
    >>> geopandas.tools.geocode(["Hama", "Paris, Texas"], provider=GazetteerGeocoder())  # doctest: +SKIP

Everything is offline unless the caller asks for ``online=True``: then a query the gazetteer
cannot answer goes to a Nominatim server (geopy's :class:`~geopy.geocoders.Nominatim` behind its
:class:`~geopy.extra.rate_limiter.RateLimiter`, one request per second by default), and every
answer, including "nothing found", is cached in a JSON file under
:func:`geomap.gazetteer.cache_dir` so the same query never goes out twice.
"""

from __future__ import annotations

import json
import logging
import math
import os
from collections.abc import Iterable
from pathlib import Path

from geopy.exc import GeopyError
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from .errors import GeocodeError
from .gazetteer import Gazetteer, cache_dir, default_gazetteer, normalize
from .geometry import great_circle_km, great_circle_km_array
from .model import Place

__all__ = ["FEATURE_CLASSES", "GazetteerGeocoder"]

log = logging.getLogger(__name__)

#: The coarse feature classes of :class:`geomap.model.Place`.
FEATURE_CLASSES = ("country", "region", "sea", "admin1", "city", "admin2", "area", "site", "river")

NOMINATIM_DOMAIN = "nominatim.openstreetmap.org"
_ONLINE_LIMIT = 10

# Nominatim's "addresstype" / "type" → our feature class; anything else is a "site".
_NOMINATIM_FEATURES = {
    "country": "country",
    **dict.fromkeys(("state", "province", "region", "state_district"), "admin1"),
    **dict.fromkeys(("county", "district", "municipality"), "admin2"),
    **dict.fromkeys(("city", "town", "village", "hamlet", "suburb", "quarter", "neighbourhood",
                     "locality", "isolated_dwelling", "city_district"), "city"),
    **dict.fromkeys(("continent", "archipelago", "island"), "region"),
    **dict.fromkeys(("sea", "ocean", "bay", "strait", "water", "lake", "reservoir"), "sea"),
    **dict.fromkeys(("river", "stream", "canal"), "river"),
    **dict.fromkeys(("valley", "plain", "desert", "mountain_range", "ridge", "peak", "plateau"), "area"),
}


class GazetteerGeocoder(Geocoder):
    """A geopy geocoder answering from the offline gazetteer, optionally backed by Nominatim.

    :param gazetteer: the :class:`~geomap.gazetteer.Gazetteer` to search; by default the bundled
        one (:func:`~geomap.gazetteer.default_gazetteer`), loaded on the first query, not here.
    :param online: when true, a query the gazetteer cannot answer is sent to Nominatim at
        ``scheme://domain``. Off by default: without it no network connection is ever made.
    :param domain, scheme: where the Nominatim server is (``nominatim.openstreetmap.org``, https).
    :param user_agent: sent to Nominatim, whose usage policy requires one that names the app.
    :param min_delay_seconds: the RateLimiter's pause between two online requests (policy: 1 s).
    :param cache_path: the JSON file that caches online answers
        (default ``cache_dir() / "nominatim.json"``).

    Bare names rank an exact match of a place's main name first, then the gazetteer's prominence
    (countries, regions and seas, first-level divisions, then cities; population within a class):
    ``"Paris"`` is the French capital, not the Texas town; ``"Georgia"`` the country. A division
    named after its main city yields to the city (``"Aleppo"`` is the city). ``"Name, Qualifier"``
    keeps only the places inside the qualifying country or first-level division
    (``"Paris, Texas"``, ``"Springfield, IL"``, ``"Moscow, Idaho"``).
    """

    def __init__(self, *, gazetteer: Gazetteer | None = None, online: bool = False,
                 domain: str = NOMINATIM_DOMAIN, scheme: str | None = "https", user_agent: str | None = None,
                 min_delay_seconds: float = 1.0, cache_path: str | os.PathLike | None = None,
                 timeout=DEFAULT_SENTINEL, proxies=DEFAULT_SENTINEL, ssl_context=DEFAULT_SENTINEL,
                 adapter_factory=None):
        user_agent = user_agent or _default_user_agent()
        super().__init__(scheme=scheme, timeout=timeout, proxies=proxies, user_agent=user_agent,
                         ssl_context=ssl_context, adapter_factory=adapter_factory)
        self._options = dict(gazetteer=gazetteer, online=online, domain=domain, scheme=scheme,
                             user_agent=user_agent, min_delay_seconds=min_delay_seconds,
                             cache_path=cache_path, timeout=timeout, proxies=proxies,
                             ssl_context=ssl_context, adapter_factory=adapter_factory)
        self._gazetteer = gazetteer
        self.online = online
        self.domain = domain.strip("/")
        self.min_delay_seconds = min_delay_seconds
        self._cache_path = Path(cache_path) if cache_path is not None else None
        self._cache: dict[str, list[dict]] | None = None
        self._nominatim = None
        self._reverse_index = None

    def __call__(self, **options) -> "GazetteerGeocoder":
        """This geocoder, or a copy with other ``options``.

        ``geopandas.tools.geocode(names, provider=...)`` builds its geocoder by calling
        ``provider(**kwargs)``; calling an instance makes passing one work as well as passing the
        class.
        """
        if not options:
            return self
        return type(self)(**{**self._options, **options})

    def __repr__(self) -> str:
        where = f", online={self.scheme}://{self.domain}" if self.online else ""
        return f"{type(self).__name__}(gazetteer={self._gazetteer!r}{where})"

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer searched (the bundled one is loaded on first use)."""
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    # -- forward -------------------------------------------------------------------------
    def geocode(self, query: str, *, exactly_one: bool = True, country_codes: str | Iterable[str] | None = None,
                feature_classes: str | Iterable[str] | None = None, limit: int | None = None,
                timeout=DEFAULT_SENTINEL) -> Location | list[Location] | None:
        """Places named ``query``, best first.

        :param query: a place name, optionally qualified: ``"Hama"``, ``"Paris, Texas"``,
            ``"Springfield, Illinois, US"``.
        :param exactly_one: return the best :class:`~geopy.location.Location` (default), or a list.
        :param country_codes: keep only places in these ISO 3166-1 alpha-2 countries.
        :param feature_classes: keep only these :data:`FEATURE_CLASSES` (``"city"``, ``"sea"`` ...).
        :param limit: with ``exactly_one=False``, at most this many results.
        :param timeout: passed to Nominatim when the online fallback runs; unused offline.
        :returns: ``None`` when nothing matches, else a ``Location`` or a list of them.
        """
        if query is None or (isinstance(query, float) and math.isnan(query)):
            return None              # a missing value in a pandas Series of names
        if not isinstance(query, str):
            raise TypeError(f"query should be a place name (str), got {type(query).__name__} {query!r}")
        countries = _codes(country_codes)
        features = _feature_classes(feature_classes)
        places = [p for p in self._rank(query)
                  if (countries is None or p.country in countries) and (features is None or p.feature in features)]
        wanted = 1 if exactly_one else limit or None
        if places:
            locations = [self._location(p) for p in places[:wanted]]
        elif self.online and query.strip():
            locations = self._geocode_online(query, countries=countries, features=features, timeout=timeout)[:wanted]
        else:
            locations = []
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def _rank(self, query: str) -> list[Place]:
        name, *qualifiers = (part.strip() for part in query.split(","))
        places: list[Place] = []
        if qualifiers and name:
            tests = [self._qualifier(q) for q in qualifiers if q]
            if all(tests):
                places = [p for p in self.gazetteer.lookup(name) if all(test(p) for test in tests)]
        if not places:       # not qualified, or a name with a comma in it ("Washington, D.C.")
            name = query
            places = self.gazetteer.lookup(query)
        key = normalize(name)
        # lookup() is ordered by prominence (feature class, then population); a stable sort puts the
        # places whose main name is the query first and keeps that order within each group.
        return _seat_first(sorted(places, key=lambda p: normalize(p.name) != key))

    def _qualifier(self, text: str):
        """A test "is this place inside ``text``?", or ``None`` when ``text`` names no country or division."""
        areas = {(p.country, p.admin1 if p.feature == "admin1" else None)
                 for p in self.gazetteer.lookup(text) if p.feature in ("country", "admin1") and p.country}
        areas |= {(p.country, None) for p in self.gazetteer.demonym(text) if p.feature == "country"}
        code = text.replace(".", "").upper()
        by_code = len(code) == 2 and code.isalpha()
        if not areas and not by_code:
            return None

        def inside(place: Place) -> bool:
            if by_code and code in (place.country, place.admin1):
                return True
            return ((place.country, None) in areas or (place.country, place.admin1) in areas)
        return inside

    def _location(self, place: Place, **extra) -> Location:
        raw = {
            "id": place.id, "name": place.name, "feature": place.feature, "feature_code": place.feature_code,
            "country": place.country, "admin1": place.admin1, "population": place.population,
            "lat": place.lat, "lon": place.lon, "source": "gazetteer", **extra,
        }
        return Location(self._address(place), (place.lat, place.lon), raw)

    def _address(self, place: Place) -> str:
        parts = [place.name]
        if place.feature != "country" and place.country:
            if place.admin1 and place.feature != "admin1":
                division = self.gazetteer.admin1(place.country, place.admin1)
                if division is not None and division.name != place.name:
                    parts.append(division.name)
            country = self.gazetteer.country(place.country)
            parts.append(country.name if country is not None else place.country)
        return ", ".join(parts)

    # -- online fallback -----------------------------------------------------------------
    def _geocode_online(self, query: str, *, countries: set[str] | None, features: set[str] | None,
                        timeout) -> list[Location]:
        key = json.dumps([f"{self.scheme}://{self.domain}", query.strip(), sorted(countries or ())])
        cache = self._online_cache()
        if key in cache:
            raws = cache[key]
        else:
            raws = self._ask_nominatim(query.strip(), countries=countries, timeout=timeout)
            cache[key] = raws
            self._save_cache()
        locations = []
        for raw in raws:
            location = _nominatim_location(raw)
            if features is None or location.raw["feature"] in features:
                locations.append(location)
        return locations

    def _ask_nominatim(self, query: str, *, countries: set[str] | None, timeout) -> list[dict]:
        if self._nominatim is None:
            from geopy.extra.rate_limiter import RateLimiter
            from geopy.geocoders import Nominatim

            o = self._options
            nominatim = Nominatim(domain=self.domain, scheme=self.scheme, user_agent=o["user_agent"],
                                  timeout=o["timeout"], proxies=o["proxies"], ssl_context=o["ssl_context"],
                                  adapter_factory=o["adapter_factory"])
            self._nominatim = RateLimiter(nominatim.geocode, min_delay_seconds=self.min_delay_seconds,
                                          error_wait_seconds=5 * self.min_delay_seconds, swallow_exceptions=False)
        log.info("asking %s://%s for %r (not in the offline gazetteer)", self.scheme, self.domain, query)
        try:
            found = self._nominatim(query, exactly_one=False, limit=_ONLINE_LIMIT, addressdetails=True,
                                    country_codes=sorted(countries) if countries else None, timeout=timeout)
        except GeopyError as err:
            raise GeocodeError(f"online geocoding of {query!r} at {self.scheme}://{self.domain} failed: {err}; "
                               "check the network, or geocode offline (online=False)") from err
        return [location.raw for location in found or ()]

    @property
    def cache_path(self) -> Path:
        """The JSON file where online answers are cached."""
        return self._cache_path if self._cache_path is not None else cache_dir() / "nominatim.json"

    def _online_cache(self) -> dict[str, list[dict]]:
        if self._cache is None:
            self._cache = {}
            try:
                with open(self.cache_path, encoding="utf-8") as fh:
                    loaded = json.load(fh)
                if isinstance(loaded, dict):
                    self._cache = loaded
            except FileNotFoundError:
                pass
            except (OSError, ValueError) as err:
                log.warning("ignoring the unreadable online-geocoding cache %s: %s", self.cache_path, err)
        return self._cache

    def _save_cache(self) -> None:
        path = self.cache_path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(self._cache, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except OSError as err:   # the answer is still used, only not remembered
            log.warning("cannot write the online-geocoding cache %s: %s", path, err)

    # -- reverse -------------------------------------------------------------------------
    def reverse(self, query, *, exactly_one: bool = True, feature_classes: str | Iterable[str] | None = ("city",),
                limit: int | None = None, timeout=DEFAULT_SENTINEL) -> Location | list[Location] | None:
        """The gazetteer places nearest to ``query`` (``(lat, lon)``, ``"lat, lon"`` or a geopy Point).

        Searches the ``feature_classes`` given (default: populated places). ``Location.raw``
        carries ``distance_km``. Offline only; ``timeout`` is accepted for geopy compatibility.
        The first call builds a coordinate table of the gazetteer (seconds on the full one).
        """
        import numpy as np

        point = query if isinstance(query, Point) else Point(query)
        features = _feature_classes(feature_classes)
        indexes, lats, lons = self._reverse_arrays(tuple(sorted(features)) if features else None)
        if not len(indexes):
            return None
        km = great_circle_km_array((point.latitude, point.longitude), lats, lons)
        count = 1 if exactly_one else min(limit or 10, len(km))
        nearest = np.argsort(km)[:count] if count > 1 else [int(np.argmin(km))]
        locations = [self._location(self.gazetteer.place(int(indexes[i])), distance_km=round(float(km[i]), 3))
                     for i in nearest]
        return locations[0] if exactly_one else locations

    def _reverse_arrays(self, features: tuple[str, ...] | None):
        import numpy as np

        if self._reverse_index is None or self._reverse_index[0] != features:
            gaz = self.gazetteer
            rows = [(i, p.lat, p.lon) for i, p in enumerate(gaz) if features is None or p.feature in features]
            table = np.array(rows, dtype=float).reshape(-1, 3)
            self._reverse_index = (features, table[:, 0].astype(int), table[:, 1], table[:, 2])
        return self._reverse_index[1:]


def _seat_first(places: list[Place]) -> list[Place]:
    """Put first the main city of a first-level division named after it ("Aleppo", "Kyiv", "Hama").

    A division and its namesake city are the same answer to a geocoder, and the city is the one a
    point should mark. The city must lie in that division (same admin-1 code, or within 100 km of
    its point) and be its seat or hold a tenth of its people, so a hamlet named "Washington" does
    not displace Washington state.
    """
    if not places or places[0].feature != "admin1":
        return places
    division = places[0]
    for i, city in enumerate(places[1:], start=1):
        if (city.feature == "city" and city.country == division.country
                and (city.admin1 == division.admin1
                     or great_circle_km((city.lat, city.lon), (division.lat, division.lon)) < 100)
                and (city.feature_code in ("PPLA", "PPLC") or 10 * city.population >= division.population)):
            return [city, *places[:i], *places[i + 1:]]
    return places


def _default_user_agent() -> str:
    try:
        from importlib.metadata import version

        return f"geomap/{version('geomap')}"
    except Exception:  # noqa: BLE001 - not installed as a distribution: any name will do
        return "geomap"


def _codes(country_codes: str | Iterable[str] | None) -> set[str] | None:
    if country_codes is None:
        return None
    codes = [country_codes] if isinstance(country_codes, str) else list(country_codes)
    bad = [c for c in codes if not (isinstance(c, str) and len(c) == 2 and c.isalpha())]
    if bad:
        raise ValueError(f"country_codes should be ISO 3166-1 alpha-2 codes such as 'SY' or ['SY', 'IQ'], "
                         f"got {bad!r}")
    return {c.upper() for c in codes}


def _feature_classes(feature_classes: str | Iterable[str] | None) -> set[str] | None:
    if feature_classes is None:
        return None
    wanted = {feature_classes} if isinstance(feature_classes, str) else set(feature_classes)
    unknown = sorted(map(repr, wanted - set(FEATURE_CLASSES)))
    if unknown:
        raise ValueError(f"feature_classes {', '.join(unknown)} not known; "
                         f"expected any of {', '.join(map(repr, FEATURE_CLASSES))}")
    return wanted


def _nominatim_location(raw: dict) -> Location:
    """A Location from one cached Nominatim answer, with our gazetteer fields added to ``raw``."""
    kind = raw.get("addresstype") or raw.get("type") or ""
    country = (raw.get("address") or {}).get("country_code")
    ours = {
        "id": f"osm:{raw.get('osm_type', '?')}/{raw.get('osm_id', '?')}",
        "name": raw.get("name") or str(raw.get("display_name", "")).split(",")[0],
        "feature": _NOMINATIM_FEATURES.get(kind, "site"),
        "feature_code": kind,
        "country": country.upper() if country else None,
        "admin1": None,
        "population": 0,
        "source": "nominatim",
    }
    lat, lon = float(raw["lat"]), float(raw["lon"])
    return Location(raw.get("display_name") or ours["name"], (lat, lon), {**raw, **ours, "lat": lat, "lon": lon})
