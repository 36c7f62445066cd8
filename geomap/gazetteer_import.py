"""Extend the gazetteer with the user's own places: ``geomap gazetteer import FILE``.

Two input formats are recognised from the content, not the file name:

GeoNames dump
    the standard tab-separated, 19-column format of ``download.geonames.org/export/dump``
    (``SY.txt``, ``cities500.txt``, ``allCountries.txt``), plain or as the ``.zip`` GeoNames
    distributes. Feature class and code map onto geomap's feature classes (see
    :func:`feature_of`); ids become ``gn:<geonameid>``, so a village the bundled cities500 lacks
    is added and a place it already has gains the dump's alternate names.
CSV of your own places
    a header line, then one place per line. Columns (order free, names case-insensitive)::

        name,lat,lon[,feature,country,admin1,population,alternates,id]

    ``lat``/``lon`` (or ``latitude``/``longitude``/``lng``) in decimal degrees (WGS 84); ``feature`` what kind
    of place it is, in the words people use (village, hamlet, neighbourhood, district, camp, base,
    air base, airport, checkpoint, ...: :data:`FEATURE_WORDS`), one of :data:`FEATURES`, or a GeoNames
    feature code (``PPLX``, ``S.AIRB``); default ``city``; ``country`` an ISO 3166-1 alpha-2 code; ``admin1`` a
    GeoNames admin-1 code; ``alternates`` separated by ``|`` or ``;``. Without ``id`` a stable id
    ``user:<name>@<lat>,<lon>`` is made.

The result is one TSV in :func:`geomap.gazetteer.user_dir` named after the input
(``SY.txt`` → ``SY.tsv``), written atomically: a failed import leaves the previous file intact.
:func:`geomap.gazetteer.default_gazetteer` merges it after the bundled data (its cache is keyed
by the files' contents, so the next load rebuilds the index once).

>>> import_places("my_villages.csv")                       # doctest: +SKIP
ImportResult(path=PosixPath('~/.local/share/geomap/my_villages.tsv'), format='csv', imported=12, skipped=())
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import GazetteerError, InputError, InputLineError
from .files import shared_mode
from .gazetteer import COLUMNS, user_dir

__all__ = ["FEATURES", "FEATURE_WORDS", "ImportResult", "ImportedFile", "feature_from_user", "feature_of",
           "good_alternate", "import_places", "imported", "remove_import"]

log = logging.getLogger(__name__)

#: The feature classes of :class:`geomap.model.Place`.
FEATURES = ("country", "admin1", "admin2", "city", "region", "sea", "river", "area", "site")

_GEONAMES_FIELDS = 19
_MAX_REPORTED = 10

# GeoNames feature codes (https://www.geonames.org/export/codes.html) that do not follow from
# their class alone.
_WATER = {"SEA", "GULF", "STRT", "STRTS", "BAY", "BAYS", "BGHT", "COVE", "OCN", "CHN", "CHNM", "CHNN", "SD", "LGN",
          "LGNS", "LK", "LKS", "LKI", "LKN", "LKSN", "LKX", "LKC", "RSV", "RSVI", "RSVT", "FJD", "INLT", "ESTY",
          "HBR", "LBED", "PND", "PNDS", "POOL"}
_RIVER = {"STM", "STMS", "STMI", "STMA", "STMB", "STMC", "STMD", "STMH", "STMM", "STMQ", "STMSB", "STMX", "WAD",
          "WADS", "WADB", "WADJ", "WADM", "WADX", "CNL", "CNLA", "CNLB", "CNLD", "CNLI", "CNLN", "CNLQ", "CNLSB",
          "CNLX", "TRB"}
_REGION = {"CONT", "RGN", "RGNE", "RGNH", "RGNL", "ZN", "ZNB", "TERR"}
_SITES_IN_L = {"MILB", "PRT", "PRK", "RES", "RESF", "RESN", "RESW", "CMN", "OILF", "GASF", "CST", "PRKGT"}


def feature_of(feature_class: str, feature_code: str) -> str:
    """geomap's feature class for a GeoNames feature class and code.

    >>> feature_of("P", "PPLA2"), feature_of("A", "ADM1"), feature_of("H", "STRT"), feature_of("S", "AIRB")
    ('city', 'admin1', 'sea', 'site')
    """
    code = feature_code.upper()
    if feature_class == "P" or code == "CMPRF":   # a refugee camp is reported like a town ("Jabalia camp")
        return "city"
    if feature_class == "A":
        if code.startswith("PCL"):
            return "country"
        if code.startswith("ADM1"):
            return "admin1"
        return "admin2" if code.startswith("ADM") else "region"
    if feature_class == "H":
        if code in _RIVER:
            return "river"
        return "sea" if code in _WATER else "site"
    if feature_class == "L":
        if code in _REGION:
            return "region"
        return "site" if code in _SITES_IN_L else "area"
    if feature_class in ("T", "V", "U"):
        return "area"
    return "site"  # S (spots, buildings, bases, dams), R (roads, railways)


#: What a CSV's ``feature`` column may say, beyond :data:`FEATURES`: the words people use, each
#: mapped to a feature class and the GeoNames feature code it stands for. A GeoNames code itself
#: (``PPL``, ``AIRB``, or with its class, ``S.AIRB``) is accepted too.
FEATURE_WORDS: dict[str, tuple[str, str]] = {
    "country": ("country", "PCLI"), "territory": ("country", "PCLD"),
    "province": ("admin1", "ADM1"), "governorate": ("admin1", "ADM1"), "state": ("admin1", "ADM1"),
    "oblast": ("admin1", "ADM1"), "admin1": ("admin1", "ADM1"),
    "district": ("admin2", "ADM2"), "county": ("admin2", "ADM2"), "raion": ("admin2", "ADM2"),
    "municipality": ("admin2", "ADM3"), "admin2": ("admin2", "ADM2"),
    "capital": ("city", "PPLC"), "city": ("city", "PPL"), "town": ("city", "PPL"), "village": ("city", "PPL"),
    "hamlet": ("city", "PPL"), "settlement": ("city", "PPL"), "locality": ("city", "PPLL"),
    "neighbourhood": ("city", "PPLX"), "neighborhood": ("city", "PPLX"), "quarter": ("city", "PPLX"),
    "suburb": ("city", "PPLX"), "camp": ("city", "CMPRF"), "refugee camp": ("city", "CMPRF"),
    "base": ("site", "MILB"), "military base": ("site", "MILB"), "air base": ("site", "AIRB"),
    "airbase": ("site", "AIRB"), "naval base": ("site", "NVB"), "airport": ("site", "AIRP"),
    "airfield": ("site", "AIRF"), "airstrip": ("site", "AIRF"), "checkpoint": ("site", "PSTB"),
    "border crossing": ("site", "PSTB"), "crossing": ("site", "PSTB"), "port": ("site", "PRT"),
    "harbour": ("site", "PRT"), "harbor": ("site", "PRT"), "dam": ("site", "DAM"), "bridge": ("site", "BDG"),
    "power plant": ("site", "PS"), "nuclear plant": ("site", "NPLT"), "hospital": ("site", "HSP"),
    "prison": ("site", "PRSN"), "school": ("site", "SCH"), "mosque": ("site", "MSQE"), "church": ("site", "CH"),
    "factory": ("site", "MFG"), "castle": ("site", "CSTL"), "fort": ("site", "FT"), "oil field": ("site", "OILF"),
    "site": ("site", ""), "building": ("site", "BLDG"),
    "region": ("region", "RGN"), "desert": ("region", "DSRT"), "peninsula": ("region", "PEN"),
    "area": ("area", "AREA"), "island": ("area", "ISL"), "islands": ("area", "ISLS"), "mountain": ("area", "MT"),
    "hill": ("area", "HLL"), "mountains": ("area", "MTS"), "valley": ("area", "VAL"), "plain": ("area", "PLN"),
    "plateau": ("area", "PLAT"), "forest": ("area", "FRST"), "pass": ("area", "PASS"),
    "sea": ("sea", "SEA"), "gulf": ("sea", "GULF"), "bay": ("sea", "BAY"), "strait": ("sea", "STRT"),
    "lake": ("sea", "LK"), "reservoir": ("sea", "RSV"),
    "river": ("river", "STM"), "stream": ("river", "STM"), "wadi": ("river", "WAD"), "canal": ("river", "CNL"),
}

# The GeoNames class of feature codes a user may give without it (https://www.geonames.org/export/codes.html).
_CODE_CLASS = {
    **dict.fromkeys(["PCL", "PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCLH", "TERR", "ADM1", "ADM1H", "ADM2",
                     "ADM2H", "ADM3", "ADM4", "ADM5", "ADMD", "ZN"], "A"),
    **dict.fromkeys(["PPL", "PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLC", "PPLX", "PPLL", "PPLF", "PPLR", "PPLS",
                     "PPLQ", "PPLW", "PPLH", "PPLG", "PPLCH", "STLMT"], "P"),
    **dict.fromkeys(["AIRB", "AIRP", "AIRF", "AIRH", "MILB", "NVB", "INSM", "CMP", "CMPRF", "CMPMN", "PSTB",
                     "PSTC", "CSTM", "PRT", "PIER", "DAM", "BDG", "PS", "PSH", "PSN", "NPLT", "HSP", "PRSN",
                     "SCH", "MSQE", "CH", "MFG", "OILT", "OILR", "BLDG", "GOVL", "INDS", "RSTN", "MKT", "FT",
                     "CSTL", "CTRA", "STDM", "HTL", "TOWR", "RUIN"], "S"),
    **dict.fromkeys(["RGN", "RGNE", "AREA", "DSRT", "PEN", "PRK", "RES", "MILB", "OILF", "GASF"], "L"),
    **dict.fromkeys(["ISL", "ISLS", "MT", "MTS", "HLL", "HLLS", "VAL", "PLN", "PLAT", "PASS", "CAPE", "DLTA",
                     "RDGE", "GRGE"], "T"),
    **dict.fromkeys(["FRST"], "V"),
    **{code: "H" for code in _WATER | _RIVER},
}
_CODE_CLASS["MILB"] = "S"     # a military base is a spot (S) in the newer GeoNames lists, an area (L) in older ones


def feature_from_user(value: str) -> tuple[str, str]:
    """The feature class and GeoNames code for a CSV's ``feature`` value; raises ``ValueError``.

    Accepts a word of :data:`FEATURE_WORDS` ("village", "air base", "checkpoint"; case, hyphens and
    underscores do not matter), a class of :data:`FEATURES`, or a GeoNames code (``PPLX``, ``S.AIRB``).
    An empty value is a ``city``.

    >>> feature_from_user("Village"), feature_from_user("air-base"), feature_from_user("S.MILB")
    (('city', 'PPL'), ('site', 'AIRB'), ('site', 'MILB'))
    """
    words = " ".join(value.replace("_", " ").replace("-", " ").split()).lower()
    if not words:
        return "city", ""
    if words in FEATURE_WORDS:
        return FEATURE_WORDS[words]
    if words in FEATURES:
        return words, ""
    code = value.strip().upper()
    feature_class, _, bare = code.rpartition(".")
    feature_class = feature_class or _CODE_CLASS.get(bare, "")
    if len(feature_class) == 1 and feature_class in "ADHLPRSTUV" and re.fullmatch(r"[A-Z0-9]{2,6}", bare):
        return feature_of(feature_class, bare), bare
    raise ValueError(f"feature {value!r} is not a kind of place geomap knows; use a word such as village, "
                     "neighbourhood, district, camp, base, air base, airport or checkpoint (all are listed by "
                     "`geomap gazetteer import --help`), or a GeoNames code such as PPL or S.AIRB")


# --- names ------------------------------------------------------------------------------------
_CODE_LIKE = re.compile(r"^[A-Z0-9]{1,4}$")


def _is_latin(name: str) -> bool:
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in name)


def good_alternate(name: str) -> bool:
    """Whether an alternate name is worth indexing for English news.

    Keeps Latin-script names with a capital letter; drops airport and ICAO codes ("DAM", "OSDI"),
    initials ("B.H."), digits, 1-2 letter strings, URLs and all-lowercase machine romanizations
    ("da ma shi ge").

    >>> [n for n in ["Dimashq", "DAM", "B.H.", "دمشق", "dmshq", "12", "al-Qusayr"] if good_alternate(n)]
    ['Dimashq', 'al-Qusayr']
    """
    name = name.strip()
    if len(name) <= 2 or not _is_latin(name) or not any(c.isalpha() for c in name):
        return False
    if _CODE_LIKE.match(name) or "http" in name or "\t" in name or "|" in name:
        return False
    initials = name.replace(".", "").replace(" ", "")
    if len(initials) <= 4 and initials.isupper():
        return False
    return any(c.isupper() for c in name)


def _unique(primary: str, names) -> list[str]:
    seen = {primary.casefold()}
    out = []
    for name in names:
        name = " ".join(name.split())
        if name and name.casefold() not in seen and good_alternate(name):
            seen.add(name.casefold())
            out.append(name)
    return out


# --- reading ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import wrote: the TSV ``path``, the input ``format`` (``"geonames"`` or ``"csv"``),
    the number of places ``imported`` and the ``skipped`` lines as ``"file:line: problem"``."""

    path: Path
    format: str
    imported: int
    skipped: tuple[str, ...] = ()


class _BadRow(ValueError):
    """One input line that cannot become a place (message says why)."""


def _open_lines(path: Path) -> io.TextIOBase:
    """The text of ``path``; a GeoNames ``.zip`` yields its one data file."""
    try:
        if zipfile.is_zipfile(path):
            archive = zipfile.ZipFile(path)
            members = [m for m in archive.namelist() if m.endswith(".txt") and "readme" not in m.lower()]
            if len(members) != 1:
                raise InputError(str(path), f"a zip archive with one GeoNames .txt file was expected, found {members!r}")
            return io.TextIOWrapper(archive.open(members[0]), encoding="utf-8", newline="")
        raw = path.read_bytes()[:4096]
        if b"\0" in raw:
            raise InputError(str(path), "binary file; expected a GeoNames dump (tab-separated text) or a CSV")
        return open(path, encoding="utf-8-sig", newline="")
    except OSError as err:
        raise InputError(str(path), f"cannot read: {err}") from err


def _sniff(first_line: str) -> str:
    fields = first_line.rstrip("\r\n").split("\t")
    if len(fields) == _GEONAMES_FIELDS and fields[0].strip().isdigit():
        return "geonames"
    return "csv"


def _number(value: str, what: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise _BadRow(f"{what} {value!r} is not a number") from None
    if not low <= number <= high:
        raise _BadRow(f"{what} {number} is outside [{low:g}, {high:g}]")
    return number


def _population(value: str) -> int:
    value = value.strip()
    if not value:
        return 0
    try:
        population = int(float(value))
    except ValueError:
        raise _BadRow(f"population {value!r} is not a number") from None
    if population < 0:
        raise _BadRow(f"population {population} is negative")
    return population


def _country(value: str) -> str:
    value = value.strip().upper()
    if value and not re.fullmatch(r"[A-Z]{2}", value):
        raise _BadRow(f"country {value!r} is not an ISO 3166-1 alpha-2 code such as 'SY'")
    return value


def _geonames_rows(lines) -> Iterator[tuple[int, list[str]]]:
    for lineno, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\r\n").split("\t")
        try:
            if len(fields) != _GEONAMES_FIELDS:
                raise _BadRow(f"{len(fields)} tab-separated fields, expected {_GEONAMES_FIELDS} (GeoNames dump format)")
            gid, name, ascii_name, alternates = fields[0].strip(), fields[1].strip(), fields[2], fields[3]
            if not gid.isdigit():
                raise _BadRow(f"geonameid {gid!r} is not a number")
            if not name:
                raise _BadRow("empty name")
            lat = _number(fields[4], "latitude", -90, 90)
            lon = _number(fields[5], "longitude", -180, 180)
            feature_class, code = fields[6].strip(), fields[7].strip()
            row = [f"gn:{gid}", name, f"{lat:.5f}", f"{lon:.5f}", feature_of(feature_class, code), code,
                   _country(fields[8]), fields[10].strip(), str(_population(fields[14])),
                   "|".join(_unique(name, [ascii_name, *alternates.split(",")])), ""]
        except _BadRow as err:
            yield lineno, err
            continue
        yield lineno, row


_CSV_REQUIRED = ("name", "lat", "lon")
_CSV_OPTIONAL = ("feature", "country", "admin1", "population", "alternates", "id")
_CSV_ALIASES = {"latitude": "lat", "longitude": "lon", "lng": "lon", "long": "lon"}


def _csv_rows(lines, path: Path) -> Iterator[tuple[int, list[str] | _BadRow]]:
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        raise InputError(str(path), "empty file; expected a GeoNames dump or a CSV with a header line name,lat,lon")
    columns = [_CSV_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
    missing = [c for c in _CSV_REQUIRED if c not in columns]
    if missing:
        raise InputLineError(
            str(path), 1, f"header {header!r} lacks {missing!r}; a CSV needs the columns "
            f"name,lat,lon[,{','.join(_CSV_OPTIONAL)}] (or give a 19-column GeoNames dump)")
    unknown = [c for c in columns if c not in _CSV_REQUIRED + _CSV_OPTIONAL]
    if unknown:
        log.warning("%s: ignoring unknown columns %s", path, unknown)
    for record in reader:
        lineno = reader.line_num
        if not any(field.strip() for field in record):
            continue
        try:
            if len(record) != len(columns):
                raise _BadRow(f"{len(record)} fields, the header has {len(columns)}")
            value = dict(zip(columns, (field.strip() for field in record)))
            name = " ".join(value["name"].split())
            if not name:
                raise _BadRow("empty name")
            lat = _number(value["lat"], "lat", -90, 90)
            lon = _number(value["lon"], "lon", -180, 180)
            try:
                feature, code = feature_from_user(value.get("feature") or "")
            except ValueError as err:
                raise _BadRow(str(err)) from None
            pid = value.get("id") or f"user:{name}@{lat:.4f},{lon:.4f}"
            if "\t" in pid or "|" in name:
                raise _BadRow("tab or '|' inside id or name")
            alternates = re.split(r"[|;]", value.get("alternates") or "")
            row = [pid, name, f"{lat:.5f}", f"{lon:.5f}", feature, code, _country(value.get("country") or ""),
                   value.get("admin1") or "", str(_population(value.get("population") or "")),
                   "|".join(a for a in (" ".join(a.split()) for a in alternates) if a and a != name), ""]
        except _BadRow as err:
            yield lineno, err
            continue
        yield lineno, row


# --- writing ----------------------------------------------------------------------------------
def import_places(path: str | os.PathLike, *, directory: str | os.PathLike | None = None,
                  on_error: str = "raise") -> ImportResult:
    """Convert a GeoNames dump or a CSV of places into a gazetteer TSV in ``directory``.

    ``directory`` defaults to :func:`geomap.gazetteer.user_dir`. ``on_error="raise"`` (default)
    writes nothing when any line is bad and raises :class:`~geomap.errors.InputError` naming the
    file and line of each (up to ten); ``on_error="skip"`` writes the good lines, logs a warning
    per bad one and lists them in :attr:`ImportResult.skipped`.
    """
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error={on_error!r}; expected 'raise' or 'skip'")
    path = Path(path)
    out_dir = Path(directory) if directory is not None else user_dir()
    try:
        with _open_lines(path) as fh:
            first = fh.readline()
            if not first.strip():
                raise InputError(str(path),
                                 "empty file; expected a GeoNames dump or a CSV with a header line name,lat,lon")
            fmt = _sniff(first)
            lines = _chain(first, fh)
            rows = _geonames_rows(lines) if fmt == "geonames" else _csv_rows(lines, path)
            try:
                out_dir.mkdir(parents=True, exist_ok=True)
                fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=out_dir)
            except OSError as err:
                raise InputError(str(out_dir), f"cannot write the imported places there: {err}") from err
            tmp = Path(tmp_name)
            try:
                try:
                    count, problems = _write_rows(fd, rows, path)
                except OSError as err:
                    raise GazetteerError(f"cannot write the imported places into {str(out_dir)!r}: "
                                         f"{err.strerror or err}; nothing was imported") from err
                if problems and on_error == "raise":
                    shown = "; ".join(problems[:_MAX_REPORTED])
                    more = f" (and {len(problems) - _MAX_REPORTED} more)" if len(problems) > _MAX_REPORTED else ""
                    raise InputError(str(path), f"{len(problems)} bad line(s), nothing imported: {shown}{more}; "
                                                "fix them or pass --skip-bad to import the rest")
                if count == 0:
                    raise InputError(str(path), "no places found")
                target = out_dir / f"{path.stem}.tsv"
                os.chmod(tmp, shared_mode())  # mkstemp makes it private (0600); the gazetteer is read by all
                os.replace(tmp, target)
            finally:
                tmp.unlink(missing_ok=True)
    except UnicodeDecodeError as err:
        raise InputError(str(path), f"not UTF-8 text (it holds the byte {err.object[err.start:err.start + 1]!r}); "
                                    "save the file as UTF-8 and import it again") from err
    for problem in problems:
        log.warning("skipped %s", problem)
    log.info("imported %d places from %s into %s", count, path, target)
    return ImportResult(target, fmt, count, tuple(problems))



def _chain(first: str, rest) -> Iterator[str]:
    yield first
    yield from rest


def _write_rows(fd: int, rows, path: Path) -> tuple[int, list[str]]:
    count = 0
    problems: list[str] = []
    with open(fd, "w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(COLUMNS) + "\n")
        for lineno, row in rows:
            if isinstance(row, _BadRow):
                problems.append(f"{path}:{lineno}: {row}")
                continue
            out.write("\t".join(row) + "\n")
            count += 1
    return count, problems


# --- what was imported ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ImportedFile:
    """One imported place file in the user gazetteer folder: its ``name`` (the file name without
    ``.tsv``, as ``geomap gazetteer remove`` takes it), ``path`` and number of ``places``."""

    name: str
    path: Path
    places: int


def imported(*, directory: str | os.PathLike | None = None) -> list[ImportedFile]:
    """The place files imported so far (``directory`` defaults to :func:`geomap.gazetteer.user_dir`), by name.

    A file that cannot be read is listed with ``places=-1`` rather than left out.
    """
    folder = Path(directory) if directory is not None else user_dir()
    out = []
    for path in sorted(folder.glob("*.tsv")) if folder.is_dir() else []:
        try:
            with open(path, "rb") as fh:
                places = max(sum(1 for line in fh if line.strip()) - 1, 0)   # less the header line
        except OSError as err:
            log.warning("%s: cannot read (%s)", path, err.strerror or err)
            places = -1
        out.append(ImportedFile(path.stem, path, places))
    return out


def remove_import(name: str, *, directory: str | os.PathLike | None = None) -> Path:
    """Delete the imported place file ``name`` (``SY`` or ``SY.tsv``); return its path.

    Its places are gone from the next run on. Raises :class:`~geomap.errors.InputError` naming the
    files there are when there is no such file.
    """
    folder = Path(directory) if directory is not None else user_dir()
    stem = name.removesuffix(".tsv")
    if not stem or "/" in stem or "\\" in stem or stem.startswith("."):
        raise InputError(name, "not the name of an imported place file; `geomap gazetteer list` shows them")
    path = folder / f"{stem}.tsv"
    try:
        path.unlink()
    except FileNotFoundError:
        there = ", ".join(f.name for f in imported(directory=folder)) or "none"
        raise InputError(name, f"no imported place file of that name in {str(folder)!r} (imported: {there})") from None
    except OSError as err:
        raise GazetteerError(f"cannot remove {str(path)!r}: {err.strerror or err}") from err
    log.info("removed %s", path)
    return path
