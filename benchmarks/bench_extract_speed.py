"""Speed of `geomap extract` on one core (issue 7): typical 3 KB news articles per second, and the
cost per MB of one long article of dense strike reporting (linear in length or not).

    .venv/bin/python benchmarks/bench_extract_speed.py            # pin to one CPU with taskset -c 0
    .venv/bin/python benchmarks/bench_extract_speed.py --articles 0 --megabytes 0.1 1 10

Articles are built at run time from the texts of ../shared/bench/dev/*.jsonl (never committed):
news texts cut or joined to about 3,000 characters, and the conflict excerpts repeated into one
article of 0.1, 0.3 and 1 MB (``--megabytes``). Times are CPU seconds of this process (``time.process_time``),
after a warm-up article has loaded the gazetteer and the parser.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from geomap.gazetteer import default_gazetteer
from geomap.model import Article
from geomap.pipeline import extract_article

DEV = Path(__file__).resolve().parents[2] / "shared" / "bench" / "dev"


def _texts(names: list[str]) -> list[str]:
    out = []
    for name in names:
        for line in (DEV / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["text"])
    return out


def _articles(texts: list[str], size: int, count: int) -> list[Article]:
    """``count`` articles of about ``size`` characters, each cut or joined from the texts in turn."""
    out, buffer, k = [], "", 0
    while len(out) < count:
        buffer += texts[k % len(texts)] + "\n\n"
        k += 1
        if len(buffer) >= size:
            out.append(Article(f"a{len(out)}", buffer[:size]))
            buffer = ""
    return out


def _cpu(articles: list[Article], gazetteer) -> float:
    start = time.process_time()
    for article in articles:
        extract_article(article, gazetteer=gazetteer)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="3 KB articles of each kind (0: none)")
    parser.add_argument("--megabytes", type=float, nargs="+", default=[0.1, 0.3, 1.0],
                        help="sizes of the long article, in MB")
    args = parser.parse_args()
    gazetteer = default_gazetteer()
    extract_article(Article("warm", "Russian jets struck Idlib province on Monday."), gazetteer=gazetteer)
    news = _articles(_texts(["gwn.jsonl", "lgl.jsonl", "trnews.jsonl", "geovirus.jsonl"]), 3000, args.articles)
    conflict_texts = _texts(["conflict_dev.jsonl"])
    conflict = _articles(conflict_texts, 3000, min(args.articles, 100))
    rows = []
    for label, batch in (("news mix, 3 KB", news), ("conflict reporting, 3 KB", conflict)):
        if not batch:
            continue
        cpu = _cpu(batch, gazetteer)
        rows.append((label, len(batch), cpu, len(batch) / cpu))
    print("| articles | n | CPU s | articles/s (one core) |\n|---|---:|---:|---:|")
    for label, n, cpu, rate in rows:
        print(f"| {label} | {n} | {cpu:.2f} | **{rate:.0f}** |")
    print("\n| one article of dense strike reporting | CPU s | s per MB |\n|---|---:|---:|")
    joined = "\n\n".join(conflict_texts)
    for megabytes in args.megabytes:
        size = int(megabytes * 1_000_000)
        text = (joined * (size // len(joined) + 1))[:size]
        cpu = _cpu([Article("long", text)], gazetteer)
        print(f"| {megabytes:g} MB | {cpu:.1f} | {cpu / megabytes:.1f} |")


if __name__ == "__main__":
    main()
