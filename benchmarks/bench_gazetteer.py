"""How long the bundled gazetteer takes to become ready.

    python benchmarks/bench_gazetteer.py [--repeat 5]

Reports, for the bundled data plus the user's imports:

build   parsing the TSV files and building the index, no cache (what the first run ever pays)
cold    a fresh process, index cache on disk: ``python -c "from geomap.gazetteer import
        default_gazetteer; default_gazetteer()"``, wall clock including interpreter start-up
warm    ``Gazetteer.load()`` again inside a process that has already loaded it once (modules
        imported, files in the OS page cache); ``default_gazetteer()`` itself returns the loaded
        index at once after its first call
shapes  the first ``Gazetteer.shape()`` call in a fresh process (polygon cache on disk)

A temporary ``GEOMAP_CACHE`` keeps the numbers independent of the user's own cache.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

COLD = "from geomap.gazetteer import default_gazetteer; default_gazetteer()"
SHAPE = ("import time; from geomap.gazetteer import default_gazetteer; g = default_gazetteer(); "
         "t = time.perf_counter(); g.shape(g.country('SY')); print(time.perf_counter() - t)")


def _wall(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median reported)")
    args = parser.parse_args(argv)

    from geomap.gazetteer import Gazetteer, default_gazetteer, user_dir

    with tempfile.TemporaryDirectory(prefix="geomap-bench-") as cache:
        env = {**os.environ, "GEOMAP_CACHE": cache}
        os.environ["GEOMAP_CACHE"] = cache
        extra = sorted(user_dir().glob("*.tsv")) if user_dir().is_dir() else []

        start = time.perf_counter()
        gazetteer = Gazetteer.load(extra=extra, use_cache=False)
        build = time.perf_counter() - start
        default_gazetteer()  # writes the cache the cold runs read

        cold = [_wall(COLD, env) for _ in range(args.repeat)]
        warm = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            loaded = Gazetteer.load(extra=extra)
            warm.append(time.perf_counter() - start)
            del loaded  # freeing the previous index is not part of loading the next
        subprocess.run([sys.executable, "-c", SHAPE], env=env, check=True, capture_output=True)  # fill shape cache
        shapes = [float(subprocess.run([sys.executable, "-c", SHAPE], env=env, check=True, capture_output=True,
                                       text=True).stdout) for _ in range(args.repeat)]
        startup = [_wall("pass", env) for _ in range(args.repeat)]

    print(f"gazetteer: {len(gazetteer):,} places, {len(gazetteer.names):,} names, "
          f"{len(gazetteer.demonyms):,} demonym forms, {len(extra)} user file(s)")
    print(f"{'measure':<8} {'median s':>9} {'min s':>7}  what")
    for label, runs, what in [
        ("build", [build], "parse TSVs, build index, no cache"),
        ("cold", cold, "fresh process to ready, cache on disk (incl. interpreter start)"),
        ("warm", warm, "Gazetteer.load() again in a warm process"),
        ("shapes", shapes, "first shape() in a fresh process, polygon cache on disk"),
        ("python", startup, "bare interpreter start, for reference"),
    ]:
        print(f"{label:<8} {statistics.median(runs):>9.3f} {min(runs):>7.3f}  {what}")


if __name__ == "__main__":
    main()
