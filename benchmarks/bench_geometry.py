"""Cost of :func:`geomap.geometry.crossed_countries`, before and after simplified, prepared polygons.

    .venv/bin/python benchmarks/bench_geometry.py                     # per-call times, one core
    .venv/bin/python benchmarks/bench_geometry.py --profile FILE.jsonl  # + its share of `extract`
    PYTHONPATH=OLD_CHECKOUT .venv/bin/python benchmarks/bench_geometry.py --profile-only FILE.jsonl

"Before" is the computation geomap used until the geometry module (kept here to time it): every
segment of the path queried against an STRtree of the full-detail country polygons with
``predicate="intersects"``, nothing prepared or cached. "After" is the module's: country polygons
simplified to about 1 km and prepared once per gazetteer, candidates from the STRtree's bounding
boxes, then ``shapely.intersects`` on the prepared polygons; "cached" is a path seen before.

The flights are 24 named launch-site to target pairs of the kind the news reports, and 400 more
between random points of the Middle East and Eastern Europe (seeded), each a 16-point-minimum
geodesic as trajectories draw them. Both computations must give the same countries in the same
order; the script says how many differ. Times are CPU time of this process (``time.process_time``),
so other work on the machine does not count; the process is pinned to one core.
"""

from __future__ import annotations

import argparse
import os
import random
import time

import shapely

from geomap.gazetteer import default_gazetteer

NAMED = {
    "Tehran -> Tel Aviv": ((35.69, 51.39), (32.08, 34.78)),
    "Caspian Sea -> Aleppo": ((41.9, 50.5), (36.20, 37.13)),
    "Sanaa -> Eilat": ((15.37, 44.19), (29.56, 34.95)),
    "Hodeidah -> Jizan": ((14.80, 42.95), (16.89, 42.55)),
    "Kermanshah -> Erbil": ((34.31, 47.07), (36.19, 44.01)),
    "Tabriz -> Nevatim": ((38.08, 46.29), (31.21, 35.01)),
    "Gaza -> Tel Aviv": ((31.50, 34.47), (32.08, 34.78)),
    "South Lebanon -> Haifa": ((33.27, 35.40), (32.79, 34.99)),
    "Baghdad -> Riyadh": ((33.31, 44.36), (24.71, 46.68)),
    "Black Sea -> Odesa": ((43.4, 34.0), (46.48, 30.73)),
    "Crimea -> Odesa": ((45.0, 34.1), (46.48, 30.73)),
    "Kursk -> Kharkiv": ((51.73, 36.19), (49.99, 36.23)),
    "Belgorod -> Kharkiv": ((50.60, 36.59), (49.99, 36.23)),
    "Caspian Sea -> Lviv": ((42.5, 50.0), (49.84, 24.03)),
    "Engels -> Kyiv": ((51.48, 46.21), (50.45, 30.52)),
    "Kyiv -> Moscow": ((50.45, 30.52), (55.76, 37.62)),
    "Mediterranean -> Raqqa": ((34.5, 33.0), (35.95, 39.01)),
    "Baku -> Stepanakert": ((40.41, 49.87), (39.82, 46.75)),
    "Pyongyang -> Sea of Japan": ((39.03, 125.75), (40.0, 134.0)),
    "Missouri -> Fordow": ((38.73, -93.55), (34.88, 50.99)),
    "Diego Garcia -> Sanaa": ((-7.31, 72.41), (15.37, 44.19)),
    "Peshawar -> Kabul": ((34.01, 71.58), (34.53, 69.17)),
    "Lahore -> Amritsar": ((31.55, 74.34), (31.63, 74.87)),
    "Kamchatka -> Anchorage": ((56.0, 160.0), (61.22, -149.90)),  # over the antimeridian
}


def flights(n_random: int = 400, seed: int = 7) -> list[tuple[tuple[float, float], ...]]:
    from geomap.geometry import geodesic_path

    rng = random.Random(seed)
    pairs = list(NAMED.values())
    pairs += [((rng.uniform(12, 56), rng.uniform(22, 62)), (rng.uniform(12, 56), rng.uniform(22, 62)))
              for _ in range(n_random)]
    return [geodesic_path(a, b, min_points=16)[0] for a, b in pairs]


class Before:
    """The crossing computation as it was: full polygons, STRtree predicate query, no cache."""

    def __init__(self, gazetteer):
        self.codes, geoms = [], []
        for place, geom in gazetteer.shapes("country"):
            self.codes.append(place.country)
            geoms.append(geom)
        self.tree = shapely.STRtree(geoms)

    def __call__(self, path) -> tuple[str, ...]:
        from geomap.geometry import split_antimeridian, to_lonlat

        segments = [shapely.LineString(part) for a, b in zip(path, path[1:])
                    for part in split_antimeridian([to_lonlat(a), to_lonlat(b)]) if len(part) == 2]
        seg_idx, geom_idx = self.tree.query(segments, predicate="intersects")
        first: dict[int, int] = {}
        for s, g in zip(seg_idx.tolist(), geom_idx.tolist()):
            first[g] = min(first.get(g, s), s)
        out: list[str] = []
        for g in sorted(first, key=first.get):
            if self.codes[g] and self.codes[g] not in out:
                out.append(self.codes[g])
        return tuple(out)


def per_call_ms(fn, paths, repeat: int = 3) -> float:
    """The best of ``repeat`` passes over ``paths``, in ms per call."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for p in paths:
            fn(p)
        best = min(best, time.process_time() - t0)
    return best / len(paths) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profile", metavar="JSONL", nargs="+", help="also profile `extract` on these articles")
    parser.add_argument("--profile-only", metavar="JSONL", nargs="+", help="only profile (works on a checkout before "
                        "geomap.geometry existed)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    gaz = default_gazetteer()
    if args.profile_only:
        profile(args.profile_only, gaz)
        return
    from geomap import geometry
    from geomap.geometry import crossed_countries

    list(gaz.shapes("country"))  # read the shapes file first: neither build below pays for it
    paths = flights()
    named = paths[:len(NAMED)]

    t0 = time.process_time()
    before = Before(gaz)
    build_before = time.process_time() - t0
    t0 = time.process_time()
    crossed_countries(paths[0], gaz)  # the STRtree, and the countries near the first flight
    first_call = time.process_time() - t0
    t0 = time.process_time()
    geometry.prepare_crossings(gaz)  # every other country
    prepare_rest = time.process_time() - t0

    def uncached(p):
        geometry.clear_crossing_cache()
        return crossed_countries(p, gaz)

    old = [before(p) for p in paths]
    new = [uncached(p) for p in paths]
    differ = sum(a != b for a, b in zip(old, new))

    rows = [
        ("STRtree, once per gazetteer (after: with the first call)", f"{build_before * 1000:.0f} ms",
         f"{first_call * 1000:.0f} ms"),
        ("simplify and prepare the other countries, once (`prepare_crossings`)", "-",
         f"{prepare_rest * 1000:.0f} ms"),
        (f"named flights ({len(named)}), per call", f"{per_call_ms(before, named):.2f} ms",
         f"{per_call_ms(uncached, named):.3f} ms"),
        (f"all flights ({len(paths)}), per call", f"{per_call_ms(before, paths, 1):.2f} ms",
         f"{per_call_ms(uncached, paths):.3f} ms"),
        ("a flight seen before (cached)", "(no cache)",
         f"{per_call_ms(lambda p: crossed_countries(p, gaz), paths) * 1000:.1f} µs"),
    ]
    print(f"{len(paths)} flights; results that differ between before and after: {differ}")
    for name, path in zip(NAMED, named):
        print(f"  {name}: {' '.join(crossed_countries(path, gaz))}")
    print("\n| crossed_countries | before | after |\n|---|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")

    if args.profile:
        profile(args.profile, gaz)


def profile(paths: list[str], gaz) -> None:
    """Extract every article of ``paths`` twice, the second time under cProfile (the gazetteer and
    models are loaded by then; the crossing cache is emptied), and print the share of
    `crossed_countries`."""
    import cProfile
    import pstats

    from geomap import extract, read_articles

    articles = list(read_articles(paths))
    extract(articles, gazetteer=gaz)  # loads the gazetteer's shapes and the models
    try:
        from geomap.geometry import clear_crossing_cache
    except ImportError:  # before geomap.geometry: nothing was cached
        pass
    else:
        clear_crossing_cache()  # every flight computed afresh, as in a new process
    prof = cProfile.Profile(time.process_time)  # CPU time: other work on the machine does not count
    prof.enable()
    extract(articles, gazetteer=gaz)
    prof.disable()
    stats = pstats.Stats(prof)
    total = stats.total_tt
    crossing = sum(v[3] for k, v in stats.stats.items() if k[2] == "crossed_countries")
    calls = sum(v[1] for k, v in stats.stats.items() if k[2] == "crossed_countries")
    print(f"\nextract on {len(articles)} articles: {total:.2f} s CPU under the profiler "
          f"({1000 * total / len(articles):.1f} ms an article); crossed_countries "
          f"{crossing:.3f} s in {calls} calls ({100 * crossing / total:.1f}%)")


if __name__ == "__main__":
    main()
