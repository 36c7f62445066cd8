"""Check hand-written curated rows against the country polygons and the registry.

Run ``python gazetteer/check_curated.py [FILE.tsv ...]`` (default: every ``curated/*.tsv``). For each
row with a country it prints the rows whose point lies outside that country's polygon in
``shapes.geojson.gz`` (with the distance in km: a few km is Natural Earth's coarse border or coast,
tens of km is a wrong sign, swapped lat/lon or a wrong country code). With ``--near KM`` it also
lists, for each new ``cur:`` locality, registry towns of the same country within KM km, so that a
place the registry already holds under another spelling gets an alias row instead of a duplicate.

A maintenance tool for whoever edits ``curated/``; nothing in the package imports it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
from pathlib import Path

from shapely import Point
from shapely.geometry import shape

HERE = Path(__file__).resolve().parent


def country_polygons(folder: Path = HERE) -> dict:
    """Map ISO country code to its (simplified) polygon from ``shapes.geojson.gz``."""
    with gzip.open(folder / "places.tsv.gz", "rt", encoding="utf-8") as fh:
        country_of = {f[0]: f[6] for f in (line.split("\t") for line in fh) if f[4] == "country"}
    with gzip.open(folder / "shapes.geojson.gz", "rt", encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    return {country_of[f["properties"]["id"]]: shape(f["geometry"])
            for f in features if f["properties"]["id"] in country_of}


def registry_towns(folder: Path = HERE) -> dict[str, list[tuple[str, str, float, float]]]:
    """Registry localities (feature ``city``) by country: (id, name, lat, lon)."""
    towns: dict[str, list] = {}
    with gzip.open(folder / "places.tsv.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            f = line.split("\t")
            if f[4] == "city":
                towns.setdefault(f[6], []).append((f[0], f[1], float(f[2]), float(f[3])))
    return towns


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def main(argv: list[str] | None = None) -> int:
    """Print the rows outside their country (and registry neighbours); return 1 if any is > 25 km out."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--near", type=float, default=0.0, help="list registry towns this close (km)")
    args = parser.parse_args(argv)
    files = args.files or sorted((HERE / "curated").glob("*.tsv"))
    polygons = country_polygons()
    towns = registry_towns() if args.near else {}
    bad = 0
    for path in files:
        with open(path, encoding="utf-8") as fh:
            header = fh.readline().rstrip("\n").split("\t")
            for lineno, line in enumerate(fh, start=2):
                row = dict(zip(header, line.rstrip("\n").split("\t")))
                lat, lon, code = float(row["lat"]), float(row["lon"]), row["country"]
                if code and code in polygons:
                    out = polygons[code].distance(Point(lon, lat)) * 111
                    if out > 0:
                        print(f"{path.name}:{lineno}: {row['name']} ({code}) lies {out:.1f} km outside")
                        bad += out > 25
                if args.near and row["id"].startswith("cur:") and row["feature"] == "city":
                    close = [(round(km(lat, lon, t[2], t[3]), 1), t[1], t[0]) for t in towns.get(code, ())
                             if abs(t[2] - lat) < 0.2 and abs(t[3] - lon) < 0.2]
                    close = sorted(c for c in close if c[0] <= args.near)
                    if close:
                        print(f"{path.name}:{lineno}: {row['name']} near {close[:4]}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
