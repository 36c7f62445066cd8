"""Geoparse quality and speed on the annotated dev corpora in ../shared/bench.

    .venv/bin/python benchmarks/bench_geoparse_quality.py [--corpora gwn,lgl,trnews,geovirus,geocorpora]

For each corpus it runs the scorer (``../shared/bench/score_geoparse.py``) on
``benchmarks/geoparse_cli_shim.py`` (the same JSON lines as ``geomap geoparse``) and prints overlap
P/R/F1, exact F1, acc@161 km and AUC; then it times :func:`geomap.toponyms.geoparse` in this
process over all dev texts: gazetteer load, first pass (with start-up caches) and steady state
(characters per second, one core).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"


def score(corpus: str) -> dict:
    cmd = f"{sys.executable} {ROOT / 'benchmarks' / 'geoparse_cli_shim.py'}"
    out = subprocess.run([sys.executable, str(BENCH / "score_geoparse.py"), "--cmd", cmd,
                          str(BENCH / "dev" / f"{corpus}.jsonl")], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])["all"]


def speed(corpora: list[str]) -> dict:
    from geomap.gazetteer import default_gazetteer
    from geomap.toponyms import geoparse

    texts = [json.loads(line)["text"] for c in corpora for line in open(BENCH / "dev" / f"{c}.jsonl")]
    chars = sum(map(len, texts))
    t0 = time.perf_counter()
    gaz = default_gazetteer()
    t1 = time.perf_counter()
    for text in texts:
        geoparse(text, gazetteer=gaz)
    t2 = time.perf_counter()
    runs = 3
    c2 = time.process_time()
    for _ in range(runs):
        for text in texts:
            geoparse(text, gazetteer=gaz)
    t3, c3 = time.perf_counter(), time.process_time()
    # CPU time is what one core spends; wall time also counts waiting for a busy machine.
    return {"chars": chars, "load_s": round(t1 - t0, 3), "first_pass_chars_per_s": round(chars / (t2 - t1)),
            "steady_chars_per_s_wall": round(runs * chars / (t3 - t2)),
            "steady_chars_per_s_cpu": round(runs * chars / (c3 - c2))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default="gwn,lgl,trnews,geovirus,geocorpora")
    parser.add_argument("--no-score", action="store_true", help="only time geoparse")
    args = parser.parse_args()
    corpora = args.corpora.split(",")
    if not args.no_score:
        print(f"{'corpus':<11} {'P':>6} {'R':>6} {'F1':>6} {'exF1':>6} {'acc161':>7} {'AUC':>6}")
        for corpus in corpora:
            a = score(corpus)
            o, g = a["overlap"], a["geo"]
            print(f"{corpus:<11} {o['p']:6.3f} {o['r']:6.3f} {o['f1']:6.3f} {a['exact']['f1']:6.3f} "
                  f"{g['acc161'] or 0:7.3f} {g['auc'] or 0:6.3f}")
    print(json.dumps(speed(corpora)))


if __name__ == "__main__":
    main()
