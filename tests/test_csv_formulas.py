"""No spreadsheet formula in events.csv: every path that writes it, with hostile ids, texts, file names
and imported place names (OWASP "CSV Injection": a text cell starting =, +, -, @, tab or CR gets a ')."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from click.testing import CliRunner

from geomap.build import build
from geomap.cli import cli
from geomap.export import CSV_COLUMNS, dumps, spreadsheet_safe, write
from geomap.gazetteer import Gazetteer
from geomap.gazetteer_import import import_places
from geomap.model import Event, Place, Source, Trajectory

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Columns a spreadsheet must read as numbers: they are written as numbers, never quoted.
NUMERIC = {"latitude", "longitude", "launch_latitude", "launch_longitude", "geo_precision", "fatalities", "count",
           "civilian_fatalities", "corroboration", "distance_km", "reported_distance_km"}
HYPERLINK = '=HYPERLINK("http://evil.invalid","open")'


def rows_of(text: str) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows, "the CSV has no data row"
    return rows


def assert_no_formula(rows: list[dict[str, str]]) -> None:
    for row in rows:
        assert tuple(row) == CSV_COLUMNS
        for column, cell in row.items():
            if column in NUMERIC and cell:
                float(cell)                   # a number, negative or not, is written as a number
            else:
                assert not cell.startswith(FORMULA_STARTS), f"{column} = {cell!r} is a live formula"


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_text_field_of_an_event_and_a_trajectory_is_neutralised(start):
    bad = f"{start}cmd|' /C calc'!A0"
    place = Place("t:x", bad, -33.9, -70.6, "city", "PPL", "CL")
    quote = f"{start}1+1 Rebels shelled the town, officials said."
    sources = (Source(bad, quote, 0, len(quote)),)
    event = Event(id=bad, category="shelling", event_type=bad, sub_event_type=bad, location_name=bad,
                  lat=-33.9, lon=-70.6, precision="point", place=place, actor=bad, target=bad, weapon=bad,
                  count=3, counts=(3,), fatalities=2, date=dt.date(2024, 5, 1), date_text=bad, claimed_by=bad,
                  claim_status="claimed", sources=sources)
    trajectory = Trajectory(id=bad, category="missile_strike", launch_name=bad, launch_lat=-20.0, launch_lon=-70.0,
                            launch_precision="point", target_name=bad, target_lat=-33.9, target_lon=-70.6,
                            target_precision="point", path=(), distance_km=1550.0, target_place=place, actor=bad,
                            weapon=bad, crosses=(bad,), stated_crossings=(bad,), sources=sources)
    rows = rows_of(dumps([event], [trajectory], format="csv"))
    assert_no_formula(rows)
    event_row, trajectory_row = rows
    assert event_row["actor1"] == "'" + bad.replace("\r", "\n") and event_row["notes"] == "'" + quote.replace("\r", "\n")
    assert event_row["event_id_cnty"] == event_row["source"] == event_row["actor1"]
    # real numbers stay numbers, negative ones included: no quote in front of -33.9
    assert (float(event_row["latitude"]), float(event_row["longitude"])) == (-33.9, -70.6)
    assert float(trajectory_row["launch_longitude"]) == -70.0 and float(trajectory_row["distance_km"]) == 1550.0
    assert event_row["fatalities"] == "2" and event_row["count"] == "3"


def test_plain_text_and_numbers_are_left_alone():
    assert spreadsheet_safe("Hama") == "Hama"
    assert spreadsheet_safe("Kfar-Nabl") == "Kfar-Nabl"     # a dash inside is no formula
    assert spreadsheet_safe(-12.5) == -12.5 and spreadsheet_safe(0) == 0 and spreadsheet_safe(None) is None
    assert spreadsheet_safe("@home") == "'@home" and spreadsheet_safe("\tx") == "'\tx"


# -- end to end: the real pipeline, the real gazetteer ---------------------------------------
HOSTILE_LINES = [
    {"id": HYPERLINK, "text": "=1+1 Russian jets struck the city of Aleppo on Monday, killing four people, "
                              "a monitoring group said."},
    {"id": "@SUM(1+1)", "text": "-2+3 Israeli aircraft bombed targets near Khan Younis on Tuesday, medics said."},
]


@pytest.fixture
def hostile_corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "lines.jsonl").write_text("".join(json.dumps(line) + "\n" for line in HOSTILE_LINES), encoding="utf-8")
    # a file name is an article id
    (folder / "+cmd.txt").write_text("Russian drones hit Kharkiv overnight, officials said.\n", encoding="utf-8")
    (folder / "\tTab.txt").write_text("Houthi forces fired a drone at Eilat on Friday, the army said.\n",
                                      encoding="utf-8")
    return folder


def check_hostile_csv(text: str) -> None:
    rows = rows_of(text)
    assert_no_formula(rows)
    sources = {row["source"] for row in rows}
    assert "'" + HYPERLINK in sources and "'@SUM(1+1)" in sources and "'+cmd" in sources
    assert any(row["notes"].startswith("'=1+1 Russian jets") for row in rows)
    assert any(row["notes"].startswith("'-2+3 Israeli aircraft") for row in rows)
    assert all(isinstance(float(row["latitude"]), float) for row in rows)


def test_extract_format_csv_to_stdout(hostile_corpus):
    result = CliRunner().invoke(cli, ["extract", "--format", "csv", str(hostile_corpus)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    check_hostile_csv(result.stdout)


def test_extract_to_a_csv_file(hostile_corpus, tmp_path):
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(cli, ["extract", "-o", str(out), str(hostile_corpus)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    check_hostile_csv(out.read_text(encoding="utf-8"))


def test_build_events_csv(hostile_corpus, tmp_path):
    build([hostile_corpus], out_dir=tmp_path / "out")
    check_hostile_csv((tmp_path / "out" / "events.csv").read_text(encoding="utf-8"))


def test_imported_place_names_reach_the_csv_neutralised(tmp_path, tiny_gazetteer_dir, monkeypatch):
    monkeypatch.setenv("GEOMAP_CACHE", str(tmp_path / "cache"))
    places = tmp_path / "mine.csv"
    with open(places, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["name", "lat", "lon", "country", "alternates", "feature", "admin1"],
                                  [HYPERLINK, "35.41", "36.39", "SY", "Zahra", "admin1", "77"]])
    tsv = import_places(places, directory=tmp_path / "user").path
    gazetteer = Gazetteer.load(tiny_gazetteer_dir, extra=[tsv])
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "zahra.txt").write_text("Syrian government aircraft bombed rebel positions in Zahra province on Sunday, "
                                        "activists said.\n",
                                        encoding="utf-8")
    build([articles], out_dir=tmp_path / "out", gazetteer=gazetteer)
    rows = rows_of((tmp_path / "out" / "events.csv").read_text(encoding="utf-8"))
    assert_no_formula(rows)
    assert [row["location"] for row in rows] == ["'" + HYPERLINK]
    # the library's write() to .csv takes the same path
    out = write([], [], tmp_path / "empty.csv")
    assert out.read_text(encoding="utf-8").strip() == ",".join(CSV_COLUMNS)
