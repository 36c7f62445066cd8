"""How long is the first lookup after `geomap gazetteer import`?

Imports a CSV of made-up villages (1,000, 10,000 and 50,000 of them) into a fresh user gazetteer
folder, then times ``geomap geocode NAME`` in a new process, as a user runs it right after the
import: the bundled index comes from its disk cache and the imported places are laid over it.
Target (issue 10): under 2 s. Also counts the index files in the cache folder before and after.

    .venv/bin/python benchmarks/bench_user_import.py
"""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from geomap.gazetteer import cache_dir
from geomap.gazetteer_import import import_places

SYLLABLES = ["qa", "ry", "at", "zah", "ra", "tel", "kaf", "ru", "mi", "dar", "sul", "ban", "ho", "ze", "nik"]


def villages(count: int, seed: int = 3) -> list[list[str]]:
    rng = random.Random(seed)
    rows = [["name", "lat", "lon", "feature", "country"]]
    for i in range(count):
        name = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize() + f" {i}"
        rows.append([name, f"{rng.uniform(30, 40):.4f}", f"{rng.uniform(35, 45):.4f}", "village", "SY"])
    return rows


def main() -> None:
    print("| places imported | import | first `geocode` after it (new process) | index files in cache |")
    print("|---:|---:|---:|---:|")
    subprocess.run([sys.executable, "-m", "geomap", "geocode", "Hama"], capture_output=True)   # the bundled cache
    for count in (1_000, 10_000, 50_000):
        with tempfile.TemporaryDirectory() as tmp:
            table = Path(tmp) / "villages.csv"
            with open(table, "w", encoding="utf-8", newline="") as fh:
                csv.writer(fh).writerows(villages(count))
            before = len(list(cache_dir().glob("gazetteer-*.pickle")))
            start = time.perf_counter()
            import_places(table, directory=Path(tmp) / "user")
            imported = time.perf_counter() - start
            name = villages(count)[-1][0]
            env = {**os.environ, "GEOMAP_USER_GAZETTEER": str(Path(tmp) / "user")}
            start = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "geomap", "geocode", name], capture_output=True, text=True,
                                  env=env)
            lookup = time.perf_counter() - start
            assert proc.returncode == 0 and name in proc.stdout, proc.stderr
            after = len(list(cache_dir().glob("gazetteer-*.pickle")))
            print(f"| {count:,} | {imported:.2f} s | {lookup:.2f} s | {before} → {after} |", flush=True)


if __name__ == "__main__":
    main()
