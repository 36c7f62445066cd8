"""`geomap extract`: articles in, one GeoJSON FeatureCollection (or a file) out; bad input named, exit 1."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pyogrio
import pytest
from click.testing import CliRunner

from geomap.cli import cli

STRIKE = "Russian missiles struck the port of Odesa on Monday, killing two people, the regional governor said.\n"
MEETING = "NATO defence ministers met in Brussels on Thursday to discuss air defence for Ukraine.\n"
ODESA = (46.48, 30.73)


def run(*args: str) -> subprocess.CompletedProcess:
    """The installed command, as a user runs it: its own process, real stdout and stderr."""
    return subprocess.run([sys.executable, "-m", "geomap", "extract", *args], capture_output=True, text=True)


def invoke(*args: str):
    result = CliRunner().invoke(cli, ["extract", *args], catch_exceptions=False)
    return result


def _near(coords: list[float], lat_lon: tuple[float, float], km_deg: float = 0.2) -> bool:
    lon, lat = coords
    return abs(lat - lat_lon[0]) < km_deg and abs(lon - lat_lon[1]) < km_deg


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "odesa-strike.txt").write_text(STRIKE, encoding="utf-8")
    (folder / "brussels-meeting.txt").write_text(MEETING, encoding="utf-8")
    return folder


def test_prints_a_feature_collection_with_the_strike_and_its_document(corpus):
    result = invoke(str(corpus))
    assert result.exit_code == 0, result.output
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection"
    events = [f for f in collection["features"] if f["properties"]["kind"] == "event"]
    assert [f["properties"]["documents"] for f in events] == [["odesa-strike"]]
    assert _near(events[0]["geometry"]["coordinates"], ODESA)
    assert events[0]["properties"]["quotes"][0]["sentence"] == STRIKE.strip()


def test_article_without_events_gives_an_empty_collection(tmp_path):
    (tmp_path / "meeting.txt").write_text(MEETING, encoding="utf-8")
    result = invoke(str(tmp_path / "meeting.txt"))
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"type": "FeatureCollection", "features": []}


def test_same_input_gives_byte_identical_output(corpus):
    assert invoke(str(corpus)).stdout == invoke(str(corpus)).stdout


def test_jsonl_input_uses_the_line_ids(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "wire:42", "text": STRIKE}) + "\n" + json.dumps({"id": "m", "text": MEETING})
                      + "\n", encoding="utf-8")
    collection = json.loads(invoke(str(source)).stdout)
    assert [f["properties"]["documents"] for f in collection["features"]] == [["wire:42"]]


def test_output_file_format_follows_its_extension(corpus, tmp_path):
    gpkg, table = tmp_path / "out.gpkg", tmp_path / "out.csv"
    assert invoke(str(corpus), "-o", str(gpkg)).exit_code == 0
    assert {name for name, _ in pyogrio.list_layers(gpkg)} >= {"events", "trajectories"}
    assert pyogrio.read_dataframe(gpkg, layer="events")["location_name"].tolist() == ["Odesa"]
    assert invoke(str(corpus), "-o", str(table)).exit_code == 0
    with open(table, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["location"], r["event_type"], r["source"]) for r in rows] == [
        ("Odesa", "Explosions/Remote violence", "odesa-strike")]


def test_explicit_format_wins_over_the_extension(corpus, tmp_path):
    out = tmp_path / "events.txt"
    assert invoke(str(corpus), "--format", "jsonl", "-o", str(out)).exit_code == 0
    (line,) = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["properties"]["documents"] == ["odesa-strike"]


def test_bad_files_and_lines_are_named_the_rest_processed_and_exit_is_1(corpus, tmp_path):
    (corpus / "broken.bin.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    lines = tmp_path / "wire.jsonl"
    lines.write_text(json.dumps({"id": "w1", "text": STRIKE}) + "\n{not json\n", encoding="utf-8")
    proc = run(str(corpus), str(lines), str(tmp_path / "missing.txt"))
    assert proc.returncode == 1
    documents = sorted(d for f in json.loads(proc.stdout)["features"] for d in f["properties"]["documents"])
    assert documents == ["odesa-strike", "w1"]
    messages = [line for line in proc.stderr.splitlines() if line.strip()]
    assert any("broken.bin.txt" in m for m in messages)
    assert any("wire.jsonl:2" in m for m in messages)
    assert any("missing.txt" in m for m in messages)
    assert "Traceback" not in proc.stderr


def test_unwritable_output_is_one_clean_message(corpus, tmp_path):
    proc = run(str(corpus), "-o", str(tmp_path / "no" / "such" / "folder" / "out.geojson"))
    assert proc.returncode == 1
    assert "does not exist" in proc.stderr and "Traceback" not in proc.stderr


def test_csv_on_stdout_has_the_acled_header_and_one_row_per_event(corpus):
    result = invoke(str(corpus), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert [(r["location"], r["kind"], r["event_date"] == "") for r in rows] == [("Odesa", "event", True)]
    assert result.stdout.splitlines()[0].startswith("event_id_cnty,event_date,event_type,sub_event_type,actor1")
