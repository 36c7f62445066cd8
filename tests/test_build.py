"""``geomap build``: the four outputs, all-or-nothing writes, determinism, and a fresh output/."""

from __future__ import annotations

import json
from pathlib import Path

import pyogrio
import pytest
from click.testing import CliRunner

from geomap.build import MANIFEST, OUTPUT_FILES, build, verify_build
from geomap.cli import cli
from geomap.errors import RenderError
from geomap.gazetteer import default_gazetteer

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = """Russian drones struck Kharkiv overnight on Monday, killing three civilians, regional officials said.

Ukrainian forces shelled positions near Donetsk, the Russian defence ministry claimed.
"""


@pytest.fixture(scope="module")
def gazetteer():
    return default_gazetteer()


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    (folder / "kharkiv.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(articles, gazetteer, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    return build([articles], out_dir=out, gazetteer=gazetteer), out


def test_build_writes_the_map_and_every_export(built):
    summary, out = built
    assert sorted(p.name for p in out.iterdir()) == sorted((*OUTPUT_FILES, MANIFEST))
    assert verify_build(out)["events"] == summary.events
    assert summary.articles == 1 and summary.events >= 1
    collection = json.loads((out / "events.geojson").read_text(encoding="utf-8"))
    kinds = [f["properties"]["kind"] for f in collection["features"]]
    assert kinds.count("event") == summary.events and kinds.count("trajectory") == summary.trajectories
    layers = {name for name, _ in pyogrio.list_layers(out / "events.gpkg")}
    assert {"events", "trajectories"} <= layers    # "areas" only when there are area-level events
    assert len(pyogrio.read_dataframe(out / "events.gpkg", layer="events")) == summary.events
    header = (out / "events.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "event_type" in header
    page = (out / "conflict_map.html").read_text(encoding="utf-8")
    assert "Kharkiv" in page and "<script src=" not in page
    assert f"{summary.events} events" in summary.report()


def test_same_articles_give_identical_map_and_geojson(built, articles, gazetteer, tmp_path):
    _, first = built
    build([articles], out_dir=tmp_path, gazetteer=gazetteer)
    differ = [name for name in ("conflict_map.html", "events.geojson")
              if (tmp_path / name).read_bytes() != (first / name).read_bytes()]
    assert not differ, f"a second build of the same articles changed {differ}"


def test_failed_build_leaves_no_half_written_file(articles, gazetteer, tmp_path):
    (tmp_path / "conflict_map.html").mkdir()          # the map cannot be renamed onto a folder
    with pytest.raises(RenderError, match="cannot write .*conflict_map.html': a folder of that name is in the way"):
        build([articles], out_dir=tmp_path, gazetteer=gazetteer)
    assert [p.name for p in tmp_path.iterdir()] == ["conflict_map.html"]   # nothing else was touched


def test_unreadable_input_keeps_the_previous_build(built, tmp_path):
    _, out = built
    before = {name: (out / name).read_bytes() for name in OUTPUT_FILES}
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "no-such-folder"), "-o", str(out)])
    assert result.exit_code == 1 and "nothing was written" in result.output
    assert {name: (out / name).read_bytes() for name in OUTPUT_FILES} == before


def test_cli_build_prints_the_summary(articles, tmp_path):
    result = CliRunner().invoke(cli, ["build", str(articles), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "1 articles" in result.output and "conflict_map.html" in result.output
    assert (tmp_path / "out" / "conflict_map.html").exists()


def test_committed_output_is_fresh(gazetteer, tmp_path):
    """output/ must be what `make map` builds from seeds/ now; rebuild and commit it when this fails."""
    committed = ROOT / "output"
    if not (committed / "conflict_map.html").exists():
        pytest.fail("output/ has no conflict_map.html: run `make map` and commit output/")
    build([ROOT / "seeds"], out_dir=tmp_path, gazetteer=gazetteer)
    # Compare as one boolean: pytest's diff of two multi-megabyte byte strings takes minutes.
    stale = [name for name in ("conflict_map.html", "events.geojson")
             if (tmp_path / name).read_bytes() != (committed / name).read_bytes()]
    assert not stale, f"output/{', '.join(stale)} stale: run `make map` and commit output/"
