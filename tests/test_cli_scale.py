"""`geomap extract` / `geomap build` with --workers, --format parquet and the progress bar, as a user runs them."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios

import pyogrio
import pytest
from click.testing import CliRunner

from geomap.cli import cli

from scalefixtures import STORIES, write_newsroom


def geomap(*args: str):
    """The command, run in this process by click's test runner (stderr captured: no terminal)."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def on_a_terminal(*args: str) -> tuple[int, str]:
    """Run with stderr on a pseudo-terminal, as in an interactive shell; return the exit code and what it showed."""
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # 24 rows, 120 columns
    proc = subprocess.Popen([sys.executable, "-m", "geomap", *args], stdout=subprocess.DEVNULL, stderr=child)
    os.close(child)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed: the command is done
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    return proc.wait(), shown.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    return write_newsroom(tmp_path_factory.mktemp("scale") / "news")


@pytest.mark.parametrize("suffix", [".geojson", ".csv", ".jsonl"])
def test_two_workers_write_the_same_bytes_as_one(newsroom, tmp_path, suffix):
    one, two = tmp_path / f"one{suffix}", tmp_path / f"two{suffix}"
    assert geomap("extract", str(newsroom), "--workers", "1", "-o", str(one)).exit_code == 0
    assert geomap("extract", str(newsroom), "--workers", "2", "-o", str(two)).exit_code == 0
    assert two.read_bytes() == one.read_bytes()
    assert b"Odesa" in one.read_bytes() and b"Bakhmut" in one.read_bytes()


def test_build_on_two_workers_gives_the_map_and_exports_of_one(newsroom, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    first = geomap("build", str(newsroom), "-o", str(one), "--workers", "1")
    second = geomap("build", str(newsroom), "-o", str(two), "--workers", "2")
    assert first.exit_code == second.exit_code == 0, second.output
    assert second.stdout.replace(str(two), str(one)) == first.stdout   # the same summary
    assert first.stdout.startswith(f"{len(STORIES)} articles, 7 events, 1 trajectories")
    for name in ("events.geojson", "events.csv", "conflict_map.html"):
        assert (two / name).read_bytes() == (one / name).read_bytes(), name
    for layer in ("events", "trajectories"):  # a GeoPackage stamps its write time: compare the rows
        assert pyogrio.read_dataframe(two / "events.gpkg", layer=layer).equals(
            pyogrio.read_dataframe(one / "events.gpkg", layer=layer))


def test_parquet_is_partitioned_by_day_and_reads_back_with_geopandas(newsroom, tmp_path):
    import geopandas

    out = tmp_path / "events.parquet"
    result = geomap("extract", str(newsroom), "--workers", "2", "-o", str(out))
    assert result.exit_code == 0, result.output
    reference = json.loads(geomap("extract", str(newsroom), "--workers", "1").stdout)["features"]
    days = sorted(p.name for p in out.iterdir())
    assert days == sorted({f"day={f['properties']['date'] or 'undated'}" for f in reference})
    assert "day=2024-03-04" in days and "day=undated" in days
    frame = geopandas.read_parquet(out)
    assert frame.crs.to_epsg() == 4326
    assert sorted(frame["id"]) == sorted(f["properties"]["id"] for f in reference)
    odesa = frame[frame["location_name"] == "Odesa"].iloc[0]
    assert (round(odesa.geometry.y, 1), round(odesa.geometry.x, 1)) == (46.5, 30.7)   # lat, lon of Odesa
    assert odesa["date"] == "2024-03-04" and list(odesa["documents"]) == ["wire-001", "wire-003", "wire-009"]
    assert odesa["quotes"][0]["document"] == "wire-001"
    bakhmut = frame[frame["location_name"] == "Bakhmut"].iloc[0]
    assert bakhmut.isna()["date"] and str(bakhmut["day"]) == "undated"
    flight = frame[frame["kind"] == "trajectory"].iloc[0]
    assert flight.geometry.geom_type == "LineString"


def test_parquet_without_dates_is_one_file(tmp_path):
    (tmp_path / "undated.txt").write_text("Artillery shelled the town of Bakhmut, local officials said.\n",
                                          encoding="utf-8")
    import geopandas

    out = tmp_path / "undated.parquet"
    assert geomap("extract", str(tmp_path / "undated.txt"), "--format", "parquet", "-o", str(out)).exit_code == 0
    assert out.is_file()
    assert list(geopandas.read_parquet(out)["location_name"]) == ["Bakhmut"]


def test_parquet_needs_an_output_path(newsroom):
    result = geomap("extract", str(newsroom), "--format", "parquet")
    assert result.exit_code == 2
    assert "give it a path with -o" in result.output


def test_no_progress_bar_when_stderr_is_not_a_terminal(newsroom, tmp_path):
    result = geomap("extract", str(newsroom), "--workers", "2", "-o", str(tmp_path / "out.geojson"))
    assert result.exit_code == 0
    assert result.stderr == ""  # not even an empty bar


def test_a_terminal_shows_articles_done_and_events_found(newsroom, tmp_path):
    code, shown = on_a_terminal("extract", str(newsroom), "--workers", "2", "-o", str(tmp_path / "out.geojson"))
    assert code == 0
    assert f"{len(STORIES)}/{len(STORIES)} articles" in shown
    assert "events" in shown and "articles/s" in shown


def test_quiet_silences_the_bar_on_a_terminal(newsroom, tmp_path):
    code, shown = on_a_terminal("build", str(newsroom), "-q", "--workers", "2", "-o", str(tmp_path / "map"))
    assert code == 0
    assert shown.strip() == ""
