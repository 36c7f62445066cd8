"""A 20 MB article (a long report, a transcript) is read whole, in every format, and geoparsed.

Time is not asserted here (benchmarks/bench_large_article.py measures that reading and geoparsing
grow in proportion to the size). The full extraction is left out: today it grows faster than the
size (see benchmarks/RESULTS.md), and a 20 MB run would take many minutes.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.ingest import DEFAULT_MAX_BYTES, read_articles
from geomap.model import Toponym
from geomap.pipeline import unplaced_names
from longprose import long_article

SIZE = 20_000_000


@pytest.fixture(scope="module")
def report():
    return long_article(SIZE)


@pytest.fixture(scope="module")
def files(report, tmp_path_factory):
    folder = tmp_path_factory.mktemp("large")
    (folder / "report.txt").write_text(report, encoding="utf-8")
    (folder / "report.jsonl").write_text(json.dumps({"id": "report", "text": report}) + "\n", encoding="utf-8")
    (folder / "report.html").write_text(
        "<html><head><title>Report</title></head><body>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in report.split("\n\n")) + "</body></html>", encoding="utf-8")
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("name", ["report.txt", "report.jsonl", "report.html"])
def test_a_20_mb_article_is_read_whole(files, report, name):
    assert (files / name).stat().st_size > SIZE and SIZE < DEFAULT_MAX_BYTES
    reader = read_articles(files / name)
    [article] = list(reader)
    assert not reader.errors
    assert article.text == report.strip()           # every paragraph, none dropped as a repeat


@pytest.mark.slow
def test_a_20_mb_article_is_geoparsed(files):
    proc = subprocess.run([sys.executable, "-m", "geomap", "geoparse", str(files / "report.jsonl")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    [answer] = [json.loads(line) for line in proc.stdout.splitlines()]
    found = answer["toponyms"]
    assert len(found) > 200_000                      # about one place name per 80 characters of this prose
    assert {"Kharkiv", "Aleppo", "Khan Younis", "Zaporizhzhia"} <= {t["text"] for t in found}
    assert found[-1]["end"] > SIZE - 2_000           # the end of the article was reached


spans = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=8)


@given(spans)
def test_unplaced_names_skips_exactly_the_names_a_toponym_overlaps(taken):
    text = "Troops moved near Qqarbu and then into Zzorvan before dawn."
    toponyms = [Toponym(text[s:s + n], s, s + n, None) for s, n in taken]
    expected = [name for name, start in (("Qqarbu", 18), ("Zzorvan", 39))
                if not any(s < start + len(name) and start < s + n for s, n in taken)]
    assert unplaced_names(text, toponyms) == expected
