"""Does time grow in proportion to an article's size?

Makes long articles of ordinary news prose (``tests/longprose.py``: our own sentences, places and
figures varied) and times, in this process:

- reading one article from ``.txt``, ``.jsonl`` and ``.html`` (``geomap.ingest.read_articles``,
  cleaning included) at 5, 10, 20 and 40 MB;
- geoparsing it (``geomap.toponyms.geoparse``) at 1, 2, 4 and 8 MB;
- the whole extraction (``geomap.pipeline.extract``: geoparse, events, trajectories) at 100, 200
  and 400 kB.

Each row gives seconds and MB/s; linear growth shows as a steady MB/s.

    .venv/bin/python benchmarks/bench_large_article.py
    .venv/bin/python benchmarks/bench_large_article.py --quick      # the smaller half of each series
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from longprose import long_article  # noqa: E402

from geomap import pipeline  # noqa: E402
from geomap.gazetteer import default_gazetteer  # noqa: E402
from geomap.ingest import read_articles  # noqa: E402
from geomap.model import Article  # noqa: E402
from geomap.toponyms import geoparse  # noqa: E402

MB = 1_000_000


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _row(what: str, size: int, seconds: float) -> str:
    return f"| {what} | {size / MB:g} MB | {seconds:.2f} s | {size / MB / seconds:.2f} MB/s |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the smaller half of each series")
    args = parser.parse_args()
    half = (lambda sizes: sizes[: len(sizes) // 2]) if args.quick else (lambda sizes: sizes)
    rows = ["| stage | article | time | rate |", "|---|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size in half([5 * MB, 10 * MB, 20 * MB, 40 * MB]):
            text = long_article(size)
            (folder / "a.txt").write_text(text, encoding="utf-8")
            (folder / "a.jsonl").write_text(json.dumps({"id": "a", "text": text}) + "\n", encoding="utf-8")
            (folder / "a.html").write_text("<html><body>" + "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
                                           + "</body></html>", encoding="utf-8")
            for suffix in ("txt", "jsonl", "html"):
                seconds, articles = _timed(lambda: list(read_articles(folder / f"a.{suffix}")))
                assert len(articles) == 1
                rows.append(_row(f"read .{suffix}", size, seconds))
                print(rows[-1], flush=True)
    gazetteer = default_gazetteer()
    geoparse(long_article(10_000), gazetteer=gazetteer)      # warm caches
    for size in half([1 * MB, 2 * MB, 4 * MB, 8 * MB]):
        text = long_article(size)
        seconds, _ = _timed(lambda: geoparse(text, gazetteer=gazetteer))
        rows.append(_row("geoparse", size, seconds))
        print(rows[-1], flush=True)
    for size in half([100_000, 200_000, 400_000]):
        article = Article("a", long_article(size))
        seconds, _ = _timed(lambda: pipeline.extract([article], gazetteer=gazetteer))
        rows.append(_row("extract (all stages)", size, seconds))
        print(rows[-1], flush=True)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
