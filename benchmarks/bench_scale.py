"""Scale: articles per second and peak memory on 1 and 2 worker processes and a 2-worker Dask cluster;
merge time against the number of reports of one event; a projection for 10 million articles.

    .venv/bin/python benchmarks/bench_scale.py                     # 1k and 10k articles, merge to 16k
    .venv/bin/python benchmarks/bench_scale.py --sizes 1000 10000 100000
    .venv/bin/python benchmarks/bench_scale.py --only merge        # the merge series alone

The corpora are built at run time in a temporary folder, never committed: ``N`` articles drawn
(with a fixed seed, with replacement) from the texts of ``../shared/bench/dev/*.jsonl`` (news,
local news, tweets, conflict reporting), each under its own id with a publication date spread
over 60 days, one JSONL file. Each run is the real command, ``geomap extract FILE -q -o OUT
--workers N`` (or ``--dask ADDRESS``), timed from the shell's side (start-up included); the outputs
of all runs of one size must be byte-identical, or the benchmark stops.

Memory: in one extra run of each configuration (after the timed rounds, never timed) the
proportional set size (PSS: shared pages split between the processes sharing them) of the command
and all its worker processes is summed every 0.2 s; the peak is reported, with the peak RSS of the
main process, which holds the merge. For Dask the cluster's worker and nanny processes are added to
the command's. PSS is read from ``/proc/PID/smaps``, which costs enough CPU on a 2-core machine to
slow the timed run itself (``--workers 2`` measured 1.24x instead of 1.73x with it on), so the timed
rounds only read each process's CPU time (``/proc/PID/stat``, cheap).

Caches: the runs use a gazetteer cache of their own (``GEOMAP_CACHE`` in the temporary folder),
built once before the first timed run, so no run pays for building the gazetteer's index and a
cache shared with other checkouts cannot be evicted mid-run.

Load: this machine has 2 cores and other jobs may run beside the benchmark, so the 1-minute load
average is printed before and after every run; figures taken under a load well above 2 are slower
than the machine can do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "bench" / "dev"
GEOMAP = [sys.executable, "-m", "geomap"]


def load() -> float:
    return os.getloadavg()[0]


def build_corpus(n: int, folder: Path, *, seed: int = 8) -> Path:
    """``n`` articles drawn from the dev texts into ``folder/articles-N.jsonl``."""
    texts = []
    for path in sorted(DEV.glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    rnd = random.Random(seed)
    out = folder / f"articles-{n}.jsonl"
    start = dt.date(2024, 1, 1)
    with open(out, "w", encoding="utf-8") as fh:
        for i in range(n):
            day = start + dt.timedelta(days=rnd.randrange(60))
            fh.write(json.dumps({"id": f"art{i:07d}", "text": rnd.choice(texts), "published": day.isoformat()}) + "\n")
    return out


class Sampler:
    """Peak summed PSS of a process tree (plus ``extra`` processes), peak RSS of its root, and the
    last CPU time seen of every process in the tree (workers included)."""

    def __init__(self, root: psutil.Process, extra: list[psutil.Process] = (), *, memory: bool = True):
        self.root, self.extra, self.memory = root, list(extra), memory
        self.peak_pss = self.peak_root_rss = 0
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                tree = [self.root, *self.root.children(recursive=True)]
                total = 0
                for proc in [*tree, *self.extra]:
                    try:
                        if self.memory:
                            total += proc.memory_full_info().pss
                        if proc in tree:
                            times = proc.cpu_times()
                            self.cpu[proc.pid] = times.user + times.system
                    except (psutil.NoSuchProcess, psutil.AccessDenied):
                        pass
                self.peak_pss = max(self.peak_pss, total)
                if self.memory:
                    self.peak_root_rss = max(self.peak_root_rss, self.root.memory_info().rss)
            except psutil.NoSuchProcess:
                pass
            self._stop.wait(0.2)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def cpu_seconds(procs: list[psutil.Process]) -> float:
    total = 0.0
    for proc in procs:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def run_extract(corpus: Path, out: Path, args: list[str], extra: list[psutil.Process] = (), *,
                memory: bool = False) -> dict:
    """One ``geomap extract`` run: wall time and CPU time of every process it used; with ``memory``,
    peak memory instead (the sampling slows the run, so its times do not count)."""
    before = load()
    extra_cpu = cpu_seconds(extra)
    extra_each = {p.pid: cpu_seconds([p]) for p in extra}
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = psutil.Popen([*GEOMAP, "extract", str(corpus), "-q", "-o", str(out), *args],
                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = Sampler(proc, extra, memory=memory)
    _, stderr = proc.communicate()
    wall = time.perf_counter() - started
    sampler.stop()
    if proc.returncode != 0:
        raise SystemExit(f"geomap extract {' '.join(args)} failed ({proc.returncode}): {stderr.decode()[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and the workers it reaped
    cpu = (after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
           + cpu_seconds(extra) - extra_cpu)
    main_cpu = sampler.cpu.get(proc.pid, 0.0)
    busiest = max(sampler.cpu.values(), default=0.0)
    if extra:  # the Dask workers: each one's CPU during this run
        busiest = max(busiest, *(cpu_seconds([p]) - extra_each[p.pid] for p in extra))
    return {"wall": wall, "cpu": cpu, "main_cpu": main_cpu, "busiest": busiest, "pss": sampler.peak_pss,
            "root_rss": sampler.peak_root_rss, "load_before": before, "load_after": load()}


def speed(sizes: list[int], folder: Path, rounds: int, chosen: list[str]) -> list[dict]:
    """Each size: the three runs, ``rounds`` times over, interleaved; the best wall time of each counts."""
    from distributed import LocalCluster

    rows = []
    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", processes=True,
                      dashboard_address=None) as cluster:
        me = psutil.Process()
        dask_procs = [p for p in me.children(recursive=True)]
        runs = (("--workers 1", ["--workers", "1"], []), ("--workers 2", ["--workers", "2"], []),
                ("Dask, 2 workers", ["--dask", cluster.scheduler_address], dask_procs))
        runs = [run for run, key in zip(runs, ("1", "2", "dask")) if key in chosen]
        for n in sizes:
            corpus = build_corpus(n, folder)
            outputs, best = {}, {}
            for round_ in range(rounds):
                for label, args, extra in runs:
                    out = folder / f"out-{n}-{label[:3]}.geojson"
                    result = run_extract(corpus, out, args, extra)
                    outputs[label] = out.read_bytes()
                    print(f"{n:>7} {label:<16} round {round_ + 1}: {result['wall']:8.1f} s wall "
                          f"{n / result['wall']:8.1f} art/s, {result['cpu']:7.1f} s CPU (main "
                          f"{result['main_cpu']:.1f}, busiest {result['busiest']:.1f}), load {result['load_before']:.1f}->{result['load_after']:.1f}", flush=True)
                    if label not in best or result["wall"] < best[label]["wall"]:
                        best[label] = result
            for label, args, extra in runs:  # memory, in a run of its own (its sampling costs CPU)
                peak = run_extract(corpus, folder / f"mem-{n}.geojson", args, extra, memory=True)
                best[label] = {**best[label], "pss": peak["pss"], "root_rss": peak["root_rss"]}
                print(f"{n:>7} {label:<16} memory run: PSS {peak['pss'] / 2**20:5.0f} MB, main RSS "
                      f"{peak['root_rss'] / 2**20:4.0f} MB", flush=True)
            first, reference = next(iter(outputs.items()))
            for label, data in outputs.items():
                if data != reference:
                    raise SystemExit(f"{n} articles: the output of {label} differs from {first}")
            features = len(json.loads(reference)["features"])
            print(f"{n:>7} outputs byte-identical across the {len(outputs)} runs ({features} features)", flush=True)
            for label, result in best.items():
                rows.append({"articles": n, "run": label, **result, "rate": n / result["wall"], "features": features})
    print("\n| articles | run | best wall s | articles/s | x --workers 1 | CPU s, all processes | CPU s, busiest "
          "process | x --workers 1 on an idle machine | peak PSS MB, all processes | peak RSS MB, main | load (1 min) |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for row in rows:
        base = next((r for r in rows if r["articles"] == row["articles"] and r["run"] == "--workers 1"), None)
        if base is None:
            print(f"| {row['articles']:,} | {row['run']} | {row['wall']:.1f} | {row['rate']:.1f} | | "
                  f"{row['cpu']:.1f} | {row['busiest']:.1f} | | {row['pss'] / 2**20:.0f} | "
                  f"{row['root_rss'] / 2**20:.0f} | {row['load_before']:.1f} → {row['load_after']:.1f} |")
            continue
        print(f"| {row['articles']:,} | {row['run']} | {row['wall']:.1f} | {row['rate']:.1f} | "
              f"{row['rate'] / base['rate']:.2f} | {row['cpu']:.1f} | {row['busiest']:.1f} | "
              f"{base['busiest'] / row['busiest']:.2f} | {row['pss'] / 2**20:.0f} | "
              f"{row['root_rss'] / 2**20:.0f} | {row['load_before']:.1f} → {row['load_after']:.1f} |")
    return rows


# -- merge: the same event told by many articles ----------------------------------------------------
def same_event_reports(n: int):
    """``n`` reports of one missile strike on Odesa and of one launch at it, each from its own article."""
    from geomap.model import Event, Place, Source, Trajectory

    town = Place("m:odesa", "Odesa", 46.48, 30.73, "city", country="UA")
    launch = Place("m:sevastopol", "Sevastopol", 44.6, 33.5, "city", country="UA")
    events = [Event(id=f"e{i}", category="missile_strike", event_type="Explosions/Remote violence",
                    sub_event_type="Shelling/artillery/missile attack", location_name="Odesa", lat=46.48, lon=30.73,
                    precision="point", place=town, date=dt.date(2024, 3, 1 + i % 2), count=2 + i % 3,
                    counts=(2 + i % 3,), claimed_by=f"speaker {i % 9}",
                    sources=(Source(f"doc{i}", "A report of the strike.", 0, 24),)) for i in range(n)]
    flights = [Trajectory(id=f"t{i}", category="missile_strike", launch_name="Sevastopol", launch_lat=44.6,
                          launch_lon=33.5, launch_precision="point", target_name="Odesa", target_lat=46.48,
                          target_lon=30.73, target_precision="point", path=((44.6, 33.5), (46.48, 30.73)),
                          distance_km=300.0, launch_place=launch, target_place=town,
                          date=dt.date(2024, 3, 1 + i % 2), stated_crossings=("UA",),
                          sources=(Source(f"doc{i}", "A report of the launch.", 0, 23),)) for i in range(n)]
    return events, flights


def few_places_many_days(n: int):
    """``n`` strike reports on three towns over ``n // 20`` days: about 20 reports of each day's strike."""
    from geomap.model import Event, Place, Source

    towns = [Place("m:kharkiv", "Kharkiv", 49.99, 36.23, "city"), Place("m:odesa", "Odesa", 46.48, 30.73, "city"),
             Place("m:kherson", "Kherson", 46.64, 32.61, "city")]
    days = max(1, n // 20)
    rnd = random.Random(3)
    out = []
    for i in range(n):
        town = towns[i % 3]
        day = dt.date(2022, 1, 1) + dt.timedelta(days=3 * rnd.randrange(days))  # strikes 3 days apart
        out.append(Event(id=f"e{i}", category="drone_strike", event_type="Explosions/Remote violence",
                         sub_event_type="Air/drone strike", location_name=town.name, lat=town.lat, lon=town.lon,
                         precision="point", place=town, date=day, sources=(Source(f"doc{i}", "s", 0, 1),)))
    return out


def merge_growth(sizes=(1000, 2000, 4000, 8000, 16000), repeat: int = 3) -> list[dict]:
    from importlib import import_module

    merge = import_module("geomap.merge").merge
    rows = []
    for n in sizes:
        events, flights = same_event_reports(n)
        spread = few_places_many_days(n)
        one, many = [], []
        for _ in range(repeat):  # CPU time of this process: other jobs on the machine do not count
            started = time.process_time()
            merged_events, merged_flights = merge(events, flights)
            one.append(time.process_time() - started)
            started = time.process_time()
            spread_events, _ = merge(spread, [])
            many.append(time.process_time() - started)
        assert len(merged_events) == 1 and len(merged_events[0].documents) == n and len(merged_flights) == 1
        row = {"reports": n, "one_event": statistics.median(one), "spread": statistics.median(many),
               "spread_events": len(spread_events), "load": load()}
        rows.append(row)
        print(f"merge {n:>6} reports: one event + one launch {row['one_event']:.3f} s CPU "
              f"({row['one_event'] / n * 1e6:.1f} us/report); 3 towns x {n // 20} days -> "
              f"{row['spread_events']} events {row['spread']:.3f} s; load {row['load']:.1f}", flush=True)
    return rows


def consolidate_growth(sizes=(1000, 2000, 4000, 8000, 16000)) -> None:
    """One long article telling ``n`` strikes on ``n`` towns, and half of them again: consolidate()'s CPU time."""
    from importlib import import_module

    from geomap.model import Event, Place, Source

    consolidate = import_module("geomap.merge").consolidate
    for n in sizes:
        towns = [Place(f"m:t{i}", f"Town {i}", 30 + (i % 40) * 0.7, 20 + (i // 40) * 0.7, "city") for i in range(n)]
        told = [Event(id=f"e{i}", category="air_strike", event_type="Explosions/Remote violence",
                      sub_event_type="Air/drone strike", location_name=t.name, lat=t.lat, lon=t.lon,
                      precision="point", place=t, sources=(Source("long", f"s{i}", i * 10, i * 10 + 5),))
                for i, t in enumerate(towns + towns[: n // 2])]
        text = "\n".join(f"s{i}." for i in range(len(told)))
        started = time.process_time()
        kept = consolidate(told, text)
        print(f"consolidate one article of {len(told):>6} events on {n} towns -> {len(kept)}: "
              f"{time.process_time() - started:.2f} s CPU", flush=True)


def reading_rate(corpus: Path) -> float:
    """Articles per second the main process reads and parses from JSONL (the ceiling of a many-worker run)."""
    from geomap.ingest import read_articles

    started = time.perf_counter()
    count = sum(1 for _ in read_articles([corpus]))
    return count / (time.perf_counter() - started)


def project(rows: list[dict], folder: Path) -> None:
    """10 million articles on 1, 8 and 64 workers, from the largest size measured."""
    largest = max(r["articles"] for r in rows)
    by_run = {r["run"]: r for r in rows if r["articles"] == largest}
    one, two, dask = by_run["--workers 1"], by_run["--workers 2"], by_run["Dask, 2 workers"]
    per_article = one["cpu"] / largest                   # CPU seconds per article, start-up included
    # per worker, against one process, from the busiest process's CPU time: what an idle machine would
    # show (wall times on a machine shared with other jobs measure the share the scheduler gave us)
    efficiency = min(1.0, one["busiest"] / two["busiest"] / 2)
    dask_efficiency = min(1.0, one["busiest"] / dask["busiest"] / 2)
    read = reading_rate(folder / f"articles-{largest}.jsonl")
    # the main process reads, receives and merges every article: its CPU per article bounds any cluster
    driver = {"processes": two["main_cpu"] / largest, "Dask": dask["main_cpu"] / largest}
    print(f"\nprojection from the {largest:,}-article runs: {per_article * 1e3:.2f} ms CPU per article in one "
          f"process; per-worker efficiency {efficiency:.2f} (processes), {dask_efficiency:.2f} (Dask); the main "
          f"process spends {driver['processes'] * 1e3:.3f} ms (processes) / {driver['Dask'] * 1e3:.3f} ms (Dask) "
          f"per article, of which reading JSONL {1e3 / read:.3f} ms")
    for workers, eff, engine in ((1, 1.0, None), (8, efficiency, "processes"), (64, dask_efficiency, "Dask")):
        hours = 10_000_000 * per_article / (workers * eff) / 3600
        floor = 10_000_000 * driver[engine] / 3600 if engine else 0.0
        print(f"  10M articles on {workers:>2} workers: {max(hours, floor):6.2f} h "
              f"(workers {hours:.2f} h; main process {floor:.2f} h)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--only", choices=["speed", "merge"])
    parser.add_argument("--rounds", type=int, default=2, help="runs of each configuration; the best counts")
    parser.add_argument("--runs", nargs="+", choices=["1", "2", "dask"], default=["1", "2", "dask"],
                        help="which runs: --workers 1, --workers 2, the Dask cluster")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs; load average {load():.1f} at the start; {time.strftime('%Y-%m-%d %H:%M')}")
    if args.only != "speed":
        merge_growth()
        consolidate_growth()
    if args.only != "merge":
        with tempfile.TemporaryDirectory(prefix="geomap-bench-scale-") as tmp:
            os.environ["GEOMAP_CACHE"] = str(Path(tmp) / "cache")   # inherited by every run and Dask worker
            subprocess.run([*GEOMAP, "geocode", "Odesa"], check=True, stdout=subprocess.DEVNULL)  # builds it
            rows = speed(args.sizes, Path(tmp), args.rounds, args.runs)
            if set(args.runs) == {"1", "2", "dask"}:
                project(rows, Path(tmp))


if __name__ == "__main__":
    main()
