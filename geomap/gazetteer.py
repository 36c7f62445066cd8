"""The bundled, offline gazetteer: names to places, places to shapes.

Data lives in the repository's ``gazetteer/`` folder (see ``gazetteer/SOURCES.md``):

``places.tsv.gz`` and every ``*.tsv`` under ``curated/``
    one place per line, tab-separated, with a header line::

        id  name  lat  lon  feature  feature_code  country  admin1  population  alternates  extent

    ``alternates`` is ``|``-separated. Empty fields are empty strings. ``extent`` is empty (a
    point), ``shape`` (its polygon is in ``shapes.geojson.gz``) or ``bbox:W,S,E,N`` (an inline
    lon/lat box, for curated areas such as a plain or a desert).
``airports.tsv.gz``
    named airports and air bases (``airportsdata``), read after ``curated/``, same format after
    its leading ``#`` comment lines plus a last ``codes`` column (ICAO/IATA) that is not indexed.
``demonyms.tsv``
    ``form<TAB>place_id``: adjectival and demonym forms ("Syrian", "Turkish") of a place.
``shapes.geojson.gz``
    polygons, one Feature per place, ``properties.id`` = the place id; read only on first
    :meth:`Gazetteer.shape` call.

User additions (``geomap gazetteer import``) are TSV files of the same format in
:func:`user_dir`, merged after the bundled ones: read in every process and laid over the cached
index (only the names they touch are ranked again), so an import never rebuilds the index.

Loading parses the TSVs once and caches the compact index as a pickle under :func:`cache_dir`,
keyed by a digest of the source files; later cold processes load the pickle (about half a second
for the bundled 240,000 places and 520,000 names). The polygons are likewise cached as WKB on the
first :meth:`Gazetteer.shape` call. Only the newest few caches are kept.

``lookup`` order: feature class first (country, region, sea, admin1, city, admin2, area, site,
river), then population, where a place's own name counts four times its population under an
alternate name.
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import hashlib
import logging
import os
import pickle
import unicodedata
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from .errors import GazetteerError
from .model import Place

__all__ = [
    "COLUMNS",
    "Gazetteer",
    "cache_dir",
    "data_dir",
    "default_gazetteer",
    "normalize",
    "user_dir",
]

log = logging.getLogger(__name__)

COLUMNS = ("id", "name", "lat", "lon", "feature", "feature_code", "country", "admin1", "population", "alternates",
           "extent")
_CACHE_VERSION = 3  # bump when the index layout or its ranking changes

# Characters that separate the words of a name; "Al-Ladhiqiyah", "Al Ladhiqiyah" and "Al‑Ladhiqiyah"
# must meet in one key. Apostrophes vanish so "Ma'arrat" and "Maarrat" meet too.
_SEPARATORS = dict.fromkeys(map(ord, "-‐‑‒–—_/.,"), " ")
_DROPPED = dict.fromkeys(map(ord, "'’‘`´ʼʻ\"()"), None)


def normalize(name: str) -> str:
    """The lookup key of a name: case-folded, without diacritics, punctuation collapsed.

    >>> normalize("  Al-Ladhiqīyah ")
    'al ladhiqiyah'
    >>> normalize("Ma'arrat al-Nu'man") == normalize("Maarrat al Numan")
    True
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = stripped.casefold().translate(_DROPPED).translate(_SEPARATORS)
    return " ".join(folded.split())


def data_dir() -> Path:
    """The bundled gazetteer folder: ``$GEOMAP_GAZETTEER`` or ``gazetteer/`` beside the package."""
    env = os.environ.get("GEOMAP_GAZETTEER")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "gazetteer"


def cache_dir() -> Path:
    """Where the compiled index is cached: ``$GEOMAP_CACHE`` or ``~/.cache/geomap``."""
    env = os.environ.get("GEOMAP_CACHE")
    return Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "geomap"


def user_dir() -> Path:
    """Where ``geomap gazetteer import`` writes: ``$GEOMAP_USER_GAZETTEER`` or ``~/.local/share/geomap``."""
    env = os.environ.get("GEOMAP_USER_GAZETTEER")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "geomap"


def _open_text(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def _place_files(directory: Path) -> list[Path]:
    files = [directory / "places.tsv.gz"] if (directory / "places.tsv.gz").exists() else []
    files += sorted((directory / "curated").glob("*.tsv")) if (directory / "curated").is_dir() else []
    # After curated/: its rows with a curated id only add the dataset's names to that record.
    files += [directory / "airports.tsv.gz"] if (directory / "airports.tsv.gz").exists() else []
    return files


class Gazetteer:
    """An in-memory index of places, built from TSV files and cached on disk.

    >>> gaz = default_gazetteer()                      # doctest: +SKIP
    >>> gaz.lookup("Hama")[0]                          # doctest: +SKIP
    Place('Hama', city, SY.10,SY, (35.1312, 36.7578))
    """

    def __init__(self, columns: dict[str, list], names: dict[str, tuple[int, ...]],
                 demonyms: dict[str, tuple[int, ...]], shapes_path: Path | None = None):
        self._cols = columns
        self._names = names
        self._demonyms = demonyms
        self._id_index: dict[str, int] | None = None  # built on first use: most runs never need it
        self._shapes_path = shapes_path
        self._shapes: _ShapeStore | None = None
        self._places: dict[int, Place] = {}

    @property
    def _ids(self) -> dict[str, int]:
        if self._id_index is None:
            self._id_index = dict(zip(self._cols["id"], range(len(self._cols["id"]))))
        return self._id_index

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def load(cls, directory: str | os.PathLike | None = None, *, extra: Iterable[str | os.PathLike] = (),
             use_cache: bool = True) -> "Gazetteer":
        """Load the gazetteer in ``directory`` (default :func:`data_dir`) plus ``extra`` TSV files.

        Raises :class:`GazetteerError` when the folder holds no place file.
        """
        directory = Path(directory) if directory is not None else data_dir()
        place_files = _place_files(directory)
        if not place_files:
            raise GazetteerError(
                f"no gazetteer data in {str(directory)!r}: expected places.tsv.gz or curated/*.tsv; "
                "run `make gazetteer` or set GEOMAP_GAZETTEER to a gazetteer folder")
        extra = [Path(p) for p in extra]
        demonym_file = directory / "demonyms.tsv"
        shapes = directory / "shapes.geojson.gz"
        sources = place_files + ([demonym_file] if demonym_file.exists() else [])

        cache = None
        if use_cache:
            digest = hashlib.sha1(str(_CACHE_VERSION).encode())
            for path in sources:
                digest.update(str(path).encode())
                try:
                    digest.update(path.read_bytes())
                except OSError as err:
                    raise GazetteerError(f"cannot read gazetteer file {str(path)!r}: {err.strerror or err}; "
                                         "make it readable or remove it") from err
            cache = cache_dir() / f"gazetteer-{digest.hexdigest()[:16]}.pickle"
            try:
                with open(cache, "rb") as fh:
                    payload = fh.read()
            except OSError:
                payload = None
            if payload is not None:
                try:
                    columns, names, demonyms = _decode(payload)
                except (EOFError, pickle.UnpicklingError, ValueError, KeyError, TypeError) as err:
                    log.warning("ignoring unreadable gazetteer cache %s: %s", cache, err)
                else:
                    if extra:
                        columns, names = _read_places(extra, base=(columns, names))
                    return cls(columns, names, demonyms, shapes if shapes.exists() else None)

        columns, names = _read_places(place_files)
        demonyms = _read_demonyms(demonym_file, {pid: i for i, pid in enumerate(columns["id"])})
        if cache is not None:
            _write_cache(cache, _encode(columns, names, demonyms))
        if extra:  # the user's imports are read on top, never cached: an import costs no new index
            columns, names = _read_places(extra, base=(columns, names))
        return cls(columns, names, demonyms, shapes if shapes.exists() else None)

    # -- records --------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._cols["id"])

    def __iter__(self) -> Iterator[Place]:
        return (self.place(i) for i in range(len(self)))

    def place(self, index: int) -> Place:
        """The place at internal ``index`` (as found in :meth:`index_lookup`)."""
        place = self._places.get(index)
        if place is None:
            c = self._cols
            place = Place(
                id=c["id"][index], name=c["name"][index], lat=c["lat"][index], lon=c["lon"][index],
                feature=c["feature"][index], feature_code=c["feature_code"][index],
                country=c["country"][index] or None, admin1=c["admin1"][index] or None,
                population=c["population"][index], has_shape=bool(c["extent"][index]),
            )
            self._places[index] = place
        return place

    def get(self, place_id: str) -> Place | None:
        """The place with gazetteer id ``place_id``, or ``None``."""
        index = self._ids.get(place_id)
        return None if index is None else self.place(index)

    # -- names ----------------------------------------------------------------------------
    @property
    def names(self) -> dict[str, tuple[int, ...]]:
        """The name index: :func:`normalize`-d name → internal indexes of the places so named."""
        return self._names

    def index_lookup(self, key: str) -> tuple[int, ...]:
        """Internal indexes of the places whose normalized name is exactly ``key``."""
        return self._names.get(key, ())

    def lookup(self, name: str) -> list[Place]:
        """Places named ``name`` (any spelling the gazetteer knows), most prominent first."""
        return [self.place(i) for i in self._names.get(normalize(name), ())]

    def demonym(self, word: str) -> list[Place]:
        """Places of which ``word`` is an adjective or demonym ("Syrian" → Syria)."""
        return [self.place(i) for i in self._demonyms.get(normalize(word), ())]

    @property
    def demonyms(self) -> dict[str, tuple[int, ...]]:
        return self._demonyms

    def country(self, code: str) -> Place | None:
        """The country with ISO 3166-1 alpha-2 ``code``."""
        for place in self.lookup(code):
            if place.feature == "country" and place.country == code.upper():
                return place
        return self._country_by_code().get(code.upper())

    @lru_cache(maxsize=1)
    def _country_by_code(self) -> dict[str, Place]:
        c = self._cols
        return {c["country"][i]: self.place(i) for i in range(len(self)) if c["feature"][i] == "country"}

    def towns(self, min_population: int = 50_000) -> tuple[Place, ...]:
        """Every ``city`` of at least ``min_population`` people, most populous first (the map's
        reference towns). Cached per threshold."""
        return self._towns(min_population)

    @lru_cache(maxsize=4)
    def _towns(self, min_population: int) -> tuple[Place, ...]:
        c = self._cols
        feature, population = c["feature"], c["population"]
        found = [i for i in range(len(self)) if population[i] >= min_population and feature[i] == "city"]
        return tuple(sorted((self.place(i) for i in found), key=lambda p: (-p.population, p.id)))

    def admin1(self, country: str, code: str) -> Place | None:
        """The first-level division ``code`` of ``country`` (GeoNames admin-1 code)."""
        return self._admin1_by_code().get((country.upper(), code))

    @lru_cache(maxsize=1)
    def _admin1_by_code(self) -> dict[tuple[str, str], Place]:
        c = self._cols
        return {(c["country"][i], c["admin1"][i]): self.place(i)
                for i in range(len(self)) if c["feature"][i] == "admin1"}

    # -- shapes ---------------------------------------------------------------------------
    def shape(self, place: Place | str):
        """The polygon of ``place`` (a shapely geometry, lon/lat), or ``None`` when it has none."""
        place_id = place if isinstance(place, str) else place.id
        index = self._ids.get(place_id)
        extent = self._cols["extent"][index] if index is not None else ""
        if extent.startswith("bbox:"):
            from shapely.geometry import box

            west, south, east, north = map(float, extent[5:].split(","))
            return box(west, south, east, north)
        return self._shape_store().get(place_id)

    def shapes(self, feature: str | None = None) -> Iterator[tuple[Place, object]]:
        """Every ``(place, geometry)`` pair, optionally only of one ``feature`` class.

        Polygons from ``shapes.geojson.gz`` first, then the inline ``bbox:`` extents.
        """
        for place_id in self._shape_store().ids():
            place = self.get(place_id)
            if place is not None and (feature is None or place.feature == feature):
                yield place, self._shapes.get(place_id)
        extents, features = self._cols["extent"], self._cols["feature"]
        for i in range(len(self)):
            if extents[i].startswith("bbox:") and (feature is None or features[i] == feature):
                place = self.place(i)
                yield place, self.shape(place)

    def _shape_store(self) -> "_ShapeStore":
        if self._shapes is None:
            self._shapes = _ShapeStore.load(self._shapes_path)
        return self._shapes


def _read_places(files: list[Path], *, base: tuple[dict[str, Sequence], dict[str, tuple[int, ...]]] | None = None
                 ) -> tuple[dict[str, Sequence], dict[str, tuple[int, ...]]]:
    """Columns and ranked name index of the places in ``files``.

    With ``base`` (the columns and name index of files read before), the files are laid on top of
    it, as if read after them: new places are appended, a known id only adds its names, and only the
    names the files touch are ranked again. The result equals reading all the files at once, at a
    cost proportional to the new files (the user's imports over the bundled index).
    """
    if base is None:
        cols: dict[str, Sequence] = {name: [] for name in COLUMNS if name != "alternates"}
        known: dict[str, tuple[int, ...]] = {}
        seen: dict[str, int] = {}
    else:
        cols, known = base
        seen = dict(zip(cols["id"], range(len(cols["id"]))))
    names: dict[str, list[int]] = {}     # the keys these files touch, each with its whole bucket
    for path in files:
        try:
            fh = _open_text(path)
        except OSError as err:
            raise GazetteerError(f"cannot read gazetteer file {str(path)!r}: {err}") from err
        try:
            with fh:
                line = fh.readline()
                while line.startswith("#"):  # leading comment lines: where the file comes from
                    line = fh.readline()
                header = line.rstrip("\n").split("\t")
                if tuple(header[:len(COLUMNS)]) != COLUMNS:
                    raise GazetteerError(
                        f"{str(path)!r}: header {header!r} is not the gazetteer format; expected {COLUMNS!r}")
                for lineno, line in enumerate(fh, start=2):
                    row = line.rstrip("\n").split("\t")
                    if len(row) < len(COLUMNS) - 2:
                        raise GazetteerError(f"{str(path)!r}:{lineno}: {len(row)} fields, expected {len(COLUMNS)}")
                    row += [""] * (len(COLUMNS) - len(row))
                    pid, name, lat, lon, feature, code, country, admin1, pop, alternates, extent = row[:11]
                    try:
                        lat_f, lon_f = float(lat), float(lon)
                        population = int(float(pop)) if pop else 0
                    except ValueError as err:
                        raise GazetteerError(f"{str(path)!r}:{lineno}: {err}") from err
                    index = seen.get(pid)
                    if index is None:  # a later file may add names to an earlier record
                        index = seen[pid] = len(cols["id"])
                        for key, value in (("id", pid), ("name", name), ("lat", lat_f), ("lon", lon_f),
                                           ("feature", feature), ("feature_code", code), ("country", country),
                                           ("admin1", admin1), ("population", population), ("extent", extent)):
                            cols[key].append(value)
                    for alias in (name, *alternates.split("|")):
                        key = normalize(alias)
                        if key:
                            bucket = names.get(key)
                            if bucket is None:
                                bucket = names[key] = list(known.get(key, ()))
                            if index not in bucket:
                                bucket.append(index)
        except (EOFError, zlib.error, gzip.BadGzipFile, UnicodeDecodeError) as err:
            raise GazetteerError(
                f"gazetteer file {str(path)!r} is damaged ({type(err).__name__}: {err}); expected a complete "
                "UTF-8 TSV (gzip-compressed for .gz); rebuild it with `python gazetteer/build.py` or "
                "reinstall geomap") from err
    # Most prominent first: a stable order so ties resolve the same way every run. Within a feature
    # class, population ranks, and a place's own name counts as much as four times the population
    # under an alternate name: "Pokrovsk" is the Ukrainian town (60,000) before Engels (220,000,
    # once called Pokrovsk), yet "Jenin" stays the West Bank city (its GeoNames name is "Janin")
    # before a Polish village of 500 whose own name it is.
    feature, population, primary_names = cols["feature"], cols["population"], cols["name"]
    primary: dict[int, str] = {}

    def rank(key, i):
        own = primary.get(i)
        if own is None:
            own = primary[i] = normalize(primary_names[i])
        own = own == key
        return _FEATURE_RANK.get(feature[i], 9), -population[i] * (_OWN_NAME_WEIGHT if own else 1), not own

    ranked = {k: tuple(sorted(v, key=lambda i: rank(k, i))) if len(v) > 1 else tuple(v) for k, v in names.items()}
    if base is None:
        return cols, ranked
    known.update(ranked)
    return cols, known


_OWN_NAME_WEIGHT = 4
# A sea outranks the provinces named after it ("Red Sea" state of Sudan, governorate of Egypt).
_FEATURE_RANK = {"country": 0, "region": 1, "sea": 2, "admin1": 3, "city": 4, "admin2": 5,
                 "area": 6, "site": 7, "river": 8}


def _read_demonyms(path: Path, ids: dict[str, int]) -> dict[str, tuple[int, ...]]:
    if not path.exists():
        return {}
    out: dict[str, list[int]] = {}
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            form, _, pid = line.rstrip("\n").partition("\t")
            if pid not in ids:
                log.debug("%s:%d: demonym %r names unknown place %r", path, lineno, form, pid)
                continue
            bucket = out.setdefault(normalize(form), [])
            if ids[pid] not in bucket:
                bucket.append(ids[pid])
    return {k: tuple(v) for k, v in out.items()}


# --- the on-disk cache ------------------------------------------------------------------------
# Unpickling 250,000 rows and 700,000 names as Python objects takes most of a second. The cache
# therefore stores few, large objects: text columns and name keys as one newline-joined string
# each (``str.split`` is fast), numbers as arrays, low-cardinality columns (feature, country,
# admin-1 ...) as a list of values plus an array of codes.
_NUMERIC = {"lat": "d", "lon": "d", "population": "q"}
_CATEGORICAL = ("feature", "feature_code", "country", "admin1", "extent")


class _Categorical(Sequence):
    """A column stored as distinct ``values`` and one small integer ``code`` per row."""

    __slots__ = ("values", "codes", "_code_of")

    def __init__(self, values: list[str], codes: array):
        self.values = values
        self.codes = codes
        self._code_of: dict[str, int] | None = None

    def append(self, value: str) -> None:
        """Add a row (the user's imports are laid over the cached bundled columns)."""
        if self._code_of is None:
            self._code_of = {v: i for i, v in enumerate(self.values)}
        code = self._code_of.get(value)
        if code is None:
            code = self._code_of[value] = len(self.values)
            self.values.append(value)
        self.codes.append(code)

    @classmethod
    def of(cls, column: Sequence[str]) -> "_Categorical":
        values: dict[str, int] = {}
        codes = [values.setdefault(v, len(values)) for v in column]
        return cls(list(values), array("I", codes))

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.values[c] for c in self.codes[index]]
        return self.values[self.codes[index]]

    def __len__(self) -> int:
        return len(self.codes)


def _encode(columns: dict[str, Sequence], names: dict[str, tuple[int, ...]],
            demonyms: dict[str, tuple[int, ...]]) -> dict:
    single = {k: v[0] for k, v in names.items() if len(v) == 1}
    multi = {k: v for k, v in names.items() if len(v) != 1}
    payload = {
        "version": _CACHE_VERSION,
        "id": "\n".join(columns["id"]),
        "name": "\n".join(columns["name"]),
        "single_keys": "\n".join(single),
        "single_values": array("I", single.values()).tobytes(),
        "multi": multi,
        "demonyms": demonyms,
    }
    for key, code in _NUMERIC.items():
        payload[key] = array(code, columns[key]).tobytes()
    for key in _CATEGORICAL:
        column = _Categorical.of(columns[key])
        payload[key] = (column.values, column.codes.tobytes())
    return payload


def _decode(data: bytes) -> tuple[dict[str, Sequence], dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    enabled = gc.isenabled()
    gc.disable()  # the collector would rescan the growing heap again and again for nothing
    try:
        payload = pickle.loads(data)
        if payload.get("version") != _CACHE_VERSION:
            raise ValueError(f"cache version {payload.get('version')!r}, expected {_CACHE_VERSION}")
        columns: dict[str, Sequence] = {"id": _split(payload["id"]), "name": _split(payload["name"])}
        for key, code in _NUMERIC.items():
            columns[key] = array(code, payload[key])
        for key in _CATEGORICAL:
            values, codes = payload[key]
            columns[key] = _Categorical(values, array("I", codes))
        names = dict(zip(_split(payload["single_keys"]), [(i,) for i in array("I", payload["single_values"])]))
        names.update(payload["multi"])
        return columns, names, payload["demonyms"]
    finally:
        if enabled:
            gc.enable()


def _split(joined: str) -> list[str]:
    return joined.split("\n") if joined else []


def _write_cache(path: Path, payload) -> None:
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        _prune(path)
    except OSError as err:  # a read-only home still works, only slower
        log.warning("cannot cache the gazetteer index in %s: %s", path.parent, err)
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)   # a full disk must not leave half a pickle behind


_KEEP_CACHES = 3


def _prune(path: Path) -> None:
    """Delete all but the newest few caches of the same kind: each data change writes a new one."""
    kind = path.name.split("-", 1)[0]
    caches = []
    for cache in path.parent.glob(f"{kind}-*.pickle"):
        if cache == path:
            continue
        try:
            caches.append((cache.stat().st_mtime, cache))
        except OSError:  # another process pruned it first
            continue
    for _, old in sorted(caches, reverse=True)[_KEEP_CACHES - 1:]:
        old.unlink(missing_ok=True)


class _ShapeStore:
    """Polygons by place id, kept as WKB and turned into shapely geometries on first use.

    Parsing the GeoJSON takes seconds; the WKB is cached beside the name index, so later
    processes read it in milliseconds.
    """

    def __init__(self, wkb: dict[str, bytes]):
        self._wkb = wkb
        self._geoms: dict[str, object] = {}

    @classmethod
    def load(cls, path: Path | None) -> "_ShapeStore":
        if path is None:
            return cls({})
        try:
            data = path.read_bytes()
        except OSError as err:
            raise GazetteerError(f"cannot read gazetteer shapes {str(path)!r}: {err}") from err
        digest = hashlib.sha1(f"{_CACHE_VERSION}{path}".encode() + data).hexdigest()[:16]
        cache = cache_dir() / f"shapes-{digest}.pickle"
        try:
            with open(cache, "rb") as fh:
                return cls(pickle.load(fh))
        except (OSError, EOFError, pickle.UnpicklingError, ValueError):
            pass
        wkb = _parse_shapes(path, data)
        _write_cache(cache, wkb)
        return cls(wkb)

    def ids(self) -> list[str]:
        return list(self._wkb)

    def get(self, place_id: str):
        geom = self._geoms.get(place_id)
        if geom is None:
            data = self._wkb.get(place_id)
            if data is None:
                return None
            import shapely

            geom = self._geoms[place_id] = shapely.from_wkb(data)
        return geom


def _parse_shapes(path: Path, data: bytes) -> dict[str, bytes]:
    import json

    import shapely
    from shapely.geometry import shape

    try:
        collection = json.loads(gzip.decompress(data))
        return {f["properties"]["id"]: shapely.to_wkb(shape(f["geometry"])) for f in collection["features"]}
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise GazetteerError(
            f"cannot read gazetteer shapes {str(path)!r}: {err}; expected a gzipped GeoJSON FeatureCollection "
            "whose features carry properties.id") from err


_default: Gazetteer | None = None


def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer plus the user's imports, loaded once per process."""
    global _default
    if _default is None:
        _default = Gazetteer.load(extra=_readable_user_files())
    return _default


def _readable_user_files() -> list[Path]:
    """The user's imported TSVs; one that cannot be read is named in one warning and left out."""
    folder = user_dir()
    try:
        files = sorted(folder.glob("*.tsv")) if folder.is_dir() else []
    except OSError as err:
        log.warning("cannot list the user gazetteer folder %s (%s); imported places are not used",
                    folder, err.strerror or err)
        return []
    readable = []
    for path in files:
        try:
            with open(path, "rb") as fh:
                fh.read(1)
        except OSError as err:
            log.warning("%s: cannot read this imported gazetteer file (%s); its places are not used until it "
                        "is readable again (chmod a+r) or removed", path, err.strerror or err)
            continue
        readable.append(path)
    return readable
