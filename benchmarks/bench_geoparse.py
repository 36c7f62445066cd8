"""Speed of geomap's geoparsing: gazetteer load time and characters per second, on one core.

Reads the annotated dev corpora in ``../shared/bench/dev/*.jsonl`` (relative to the repository;
only their ``id`` and ``text``, never copied into the project), concatenated, and prints a
markdown table for ``benchmarks/RESULTS.md``:

- gazetteer load: building the index with no disk cache, a cold process with the cached index,
  and a second load in a warm process;
- start-up: a fresh process until its first ``geoparse()`` answer;
- throughput, steady state: ``geoparse()`` over every text in one warm process;
- throughput with start-up: the ``geomap geoparse`` command on the whole corpus, wall time.

Everything runs pinned to one CPU (child processes inherit the pinning).

Usage::

    .venv/bin/python benchmarks/bench_geoparse.py [--corpora DIR] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = REPO.parent / "shared" / "bench" / "dev"

_LOAD = """
import time
t = time.perf_counter()
from geomap.gazetteer import default_gazetteer
default_gazetteer()
print(time.perf_counter() - t)
"""
_FIRST_ANSWER = """
from geomap.toponyms import geoparse
geoparse("Shelling hit Hama and Idlib in Syria.")
"""


def pin_to_one_cpu() -> int:
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def read_corpora(folder: Path) -> list[dict]:
    docs = []
    for path in sorted(folder.glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            docs += [{"id": d["id"], "text": d["text"]} for d in map(json.loads, fh) if d.get("text")]
    if not docs:
        sys.exit(f"no JSONL documents in {folder}; pass --corpora DIR")
    return docs


def run_python(code: str, env: dict) -> tuple[float, str]:
    """Wall time of a fresh interpreter running ``code``, and what it printed."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"a geomap process failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    return time.perf_counter() - start, proc.stdout.strip()


def median_of(repeat: int, measure) -> float:
    return statistics.median(measure() for _ in range(repeat))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="folder of *.jsonl corpora")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median reported)")
    args = parser.parse_args(argv)

    cpu = pin_to_one_cpu()
    docs = read_corpora(args.corpora)
    chars = sum(len(d["text"]) for d in docs)
    rows: list[tuple[str, str]] = []

    with tempfile.TemporaryDirectory(prefix="geomap-bench-") as tmp:
        # Load times in fresh processes: first with an empty index cache, then with the cache built.
        fresh = {**os.environ, "GEOMAP_CACHE": str(Path(tmp) / "cache")}
        build = float(run_python(_LOAD, fresh)[1])
        cold = median_of(args.repeat, lambda: float(run_python(_LOAD, fresh)[1]))
        rows.append(("gazetteer load, building the index (no disk cache)", f"{build:.2f} s"))
        rows.append(("gazetteer load, cold process, cached index", f"{cold:.2f} s"))

        from geomap.gazetteer import Gazetteer, default_gazetteer
        from geomap.toponyms import geoparse

        gazetteer = default_gazetteer()

        def warm_load() -> float:
            start = time.perf_counter()
            Gazetteer.load(extra=[])
            return time.perf_counter() - start
        rows.append(("gazetteer load, warm process (second load)", f"{median_of(args.repeat, warm_load):.2f} s"))

        startup = median_of(args.repeat, lambda: run_python(_FIRST_ANSWER, os.environ)[0])
        rows.append(("fresh process to its first geoparse() answer", f"{startup:.2f} s"))

        # Steady state: every text once to warm caches, then timed passes.
        for doc in docs:
            geoparse(doc["text"], gazetteer=gazetteer)

        def steady() -> float:
            start = time.perf_counter()
            for doc in docs:
                geoparse(doc["text"], gazetteer=gazetteer)
            return time.perf_counter() - start
        seconds = median_of(args.repeat, steady)
        rows.append(("geoparse() steady state", f"{chars / seconds:,.0f} chars/s ({seconds:.2f} s)"))

        # The whole command, start-up included, as a scorer runs it.
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
        command = [str(Path(sys.executable).with_name("geomap")), "geoparse", str(corpus)]

        def whole() -> float:
            start = time.perf_counter()
            proc = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if proc.returncode:
                sys.exit(f"{' '.join(command)} failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
            return time.perf_counter() - start
        seconds = median_of(args.repeat, whole)
        rows.append(("`geomap geoparse` incl. start-up", f"{chars / seconds:,.0f} chars/s ({seconds:.2f} s)"))

    names = ", ".join(sorted(p.stem for p in args.corpora.glob("*.jsonl")))
    print(f"Corpus: {len(docs):,} documents, {chars:,} characters ({names}); "
          f"one CPU (#{cpu}), {platform.processor() or platform.machine()}, Python {platform.python_version()}; "
          f"median of {args.repeat} runs; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs.\n")
    print("| measurement | result |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
