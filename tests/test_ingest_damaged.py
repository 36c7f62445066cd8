"""One bad input never sinks the rest: deep JSON, lone surrogates, stray NULs, impossible dates, empty
texts, unreadable folders and gazetteer files each cost one line of warning, never the run."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import random
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner

from geomap import pipeline
from geomap.cli import cli
from geomap.gazetteer_import import import_places
from geomap.ingest import iter_jsonl, read_articles

import unprivileged

STRIKE = "Russian jets struck the city of Aleppo on Monday, killing four people, a monitoring group said."
OTHER = "Israeli aircraft bombed targets near Khan Younis on Tuesday, medics said."


def line(**fields) -> str:
    return json.dumps(fields) + "\n"


def nested(depth: int) -> str:
    return '{"id": "deep", "text": ' + "[" * depth + "]" * depth + "}\n"


# -- JSON nested a thousand deep ------------------------------------------------------------
@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_line_is_one_error_and_the_next_line_is_read(tmp_path, caplog, depth):
    path = tmp_path / "deep.jsonl"
    path.write_text(nested(depth) + line(id="good", text=STRIKE), encoding="utf-8")
    reader = read_articles(path)
    assert [a.id for a in reader] == ["good"]
    [error] = reader.errors
    assert str(error).startswith(f"{path}:1: JSON nested too deeply")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [str(error)]


def test_geoparse_answers_the_nested_line_and_goes_on(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text(nested(1_000) + line(id="good", text=STRIKE), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "geomap", "geoparse", str(path)], capture_output=True, text=True)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    answers = [json.loads(out) for out in proc.stdout.splitlines()]
    assert [a["id"] for a in answers] == ["deep", "good"]
    assert "nested too deeply" in answers[0]["error"] and "Aleppo" in [t["text"] for t in answers[1]["toponyms"]]
    assert f"{path}:1: JSON nested too deeply" in proc.stderr


# -- lone surrogates ------------------------------------------------------------------------
SURROGATE_LINE = ('{"id": "s\\ud800", "title": "\\udfff", "text": "\\ud800 ' + STRIKE + '"}\n')


@pytest.mark.parametrize("fmt", ["geojson", "csv", "jsonl"])
def test_lone_surrogates_are_replaced_and_extract_writes_its_output(tmp_path, caplog, fmt):
    path = tmp_path / "s.jsonl"
    path.write_text(SURROGATE_LINE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", "--format", fmt, str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Aleppo" in result.stdout and "s\ufffd" in result.stdout
    [warning] = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warning.startswith(f"{path}:1: id, text, title held characters that cannot be written as UTF-8")
    out = tmp_path / f"events.{fmt}"
    assert CliRunner().invoke(cli, ["extract", "-o", str(out), str(path)]).exit_code == 0
    assert "Aleppo" in out.read_text(encoding="utf-8")


def test_lone_surrogates_do_not_stop_a_build(tmp_path):
    path = tmp_path / "in" / "s.jsonl"
    path.parent.mkdir()
    path.write_text(SURROGATE_LINE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(path.parent), "-o", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for name in ("conflict_map.html", "events.geojson", "events.gpkg", "events.csv"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    assert "Aleppo" in (tmp_path / "out" / "events.csv").read_text(encoding="utf-8")


def test_a_file_name_that_is_not_utf8_gives_an_id_every_output_can_write(tmp_path, caplog):
    path = os.fsdecode(os.fsencode(tmp_path) + b"/\xff-aleppo.txt")      # "\udcff-aleppo.txt" in Python
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(STRIKE)
    [article] = read_articles(tmp_path)
    assert article.id == "\ufffd-aleppo"
    assert "id held characters that cannot be written as UTF-8" in caplog.text
    result = CliRunner().invoke(cli, ["extract", "--format", "csv", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0 and "\ufffd-aleppo" in result.stdout


# -- stray NUL bytes ------------------------------------------------------------------------
def test_text_file_with_a_bom_and_a_nul_is_read_with_a_warning(tmp_path, caplog):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff".encode() + STRIKE.replace("city of", "city\x00 of").encode())
    [article] = read_articles(path)
    assert article.text == STRIKE
    assert f"{path}: 1 NUL byte(s) dropped" in caplog.text


def test_jsonl_with_a_nul_in_its_first_bytes_keeps_every_line(tmp_path, caplog):
    path = tmp_path / "nul.jsonl"
    first = line(id="a", text=STRIKE).replace("Aleppo", "Ale\x00ppo").encode()
    assert b"\x00" in first[:8192]
    path.write_bytes(first + line(id="b", text=OTHER).encode())
    reader = read_articles(path)
    assert [(a.id, a.text) for a in reader] == [("a", STRIKE), ("b", OTHER)] and not reader.errors
    assert f"{path}:1: 1 NUL byte(s) dropped" in caplog.text


@pytest.mark.parametrize("content", [
    random.Random(10).randbytes(20_000),                                   # compressed or encrypted data
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,        # an image
    b"\x7fELF\x02\x01\x01" + b"\x00" * 64 + b"Russian jets struck Aleppo",  # a program
    "Hama".encode("utf-16-le") * 50,                                       # UTF-16 without its mark
], ids=["random", "png", "elf", "utf16-no-bom"])
def test_really_binary_files_are_still_refused(tmp_path, content):
    for name in ("blob.txt", "blob.jsonl"):
        (tmp_path / name).write_bytes(content)
        reader = read_articles(tmp_path / name)
        assert list(reader) == []
        assert "binary data" in str(reader.errors[0])


# -- publication dates ----------------------------------------------------------------------
@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31", "0001-01-01T00:00:00Z"])
def test_impossible_publication_date_is_dropped_with_a_warning_and_the_article_kept(tmp_path, caplog, published):
    path = tmp_path / "dated.jsonl"
    path.write_text(line(id="d", text=STRIKE, published=published), encoding="utf-8")
    (tmp_path / "side.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / "side.meta.json").write_text(json.dumps({"published": published}), encoding="utf-8")
    reader = read_articles([path, tmp_path / "side.txt"])
    articles = list(reader)
    assert [(a.id, a.published) for a in articles] == [("d", None), ("side", None)] and not reader.errors
    assert caplog.text.count("not a plausible publication date") == 2
    result = pipeline.extract(articles)              # "on Monday" resolves against no date, without overflow
    assert not result.failed and {e.location_name for e in result.events} >= {"Aleppo"}


# -- empty texts ----------------------------------------------------------------------------
def test_empty_jsonl_text_is_reported_like_an_empty_text_file(tmp_path):
    (tmp_path / "blank.txt").write_text("  \n\n", encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text(line(id="e", text="") + line(id="w", text=" \n ") + line(id="ok", text=STRIKE),
                                          encoding="utf-8")
    reader = read_articles(tmp_path)
    assert [a.id for a in reader] == ["ok"]
    problems = [str(err) for err in reader.errors]
    assert problems[0] == f"{tmp_path / 'blank.txt'}: no article text (only whitespace, markup or page chrome)"
    assert problems[1].startswith(f"{tmp_path / 'lines.jsonl'}:1: no article text")
    assert problems[2].startswith(f"{tmp_path / 'lines.jsonl'}:2: no article text")
    records = list(iter_jsonl(io.BytesIO(line(id="e", text="").encode()), clean=False))
    assert records[0].id == "e" and "no article text" in records[0].error.problem
    result = CliRunner().invoke(cli, ["extract", str(tmp_path)])
    assert result.exit_code == 1 and "3 input problem(s)" in result.stderr


# -- permissions: run as a user the modes apply to --------------------------------------------
@pytest.fixture
def open_dir(tmp_path):
    yield tmp_path
    unprivileged.remove(tmp_path)             # pytest could not clean a folder of mode 000 itself


def test_unreadable_folder_and_file_inside_the_input_are_named_and_the_rest_read(open_dir):
    news = open_dir / "news"
    (news / "locked").mkdir(parents=True)
    (news / "good.txt").write_text(STRIKE, encoding="utf-8")
    (news / "locked" / "hidden.txt").write_text(OTHER, encoding="utf-8")
    (news / "secret.txt").write_text(OTHER, encoding="utf-8")
    (news / "locked").chmod(0)
    (news / "secret.txt").chmod(0)
    code = ("import sys; from geomap.ingest import read_articles\n"
            "reader = read_articles(sys.argv[1:])\n"
            "print([a.id for a in reader]); print(*reader.errors, sep='\\n', file=sys.stderr)")
    proc = unprivileged.run(["-c", code, str(news)], cwd=open_dir)
    assert proc.stdout.strip() == "['good']", proc.stderr
    errors = proc.stderr.strip().splitlines()
    assert f"{news / 'locked'}: cannot read folder: Permission denied; its articles are skipped" in errors
    assert f"{news / 'secret.txt'}: cannot read: Permission denied" in errors
    assert "Traceback" not in proc.stderr


def test_unreadable_user_gazetteer_file_is_one_warning_not_a_traceback(open_dir, tiny_gazetteer_dir):
    gazetteer = tiny_gazetteer_dir
    user = open_dir / "user"
    user.mkdir()
    (user / "mine.tsv").write_text("whatever\n", encoding="utf-8")
    (user / "mine.tsv").chmod(0)
    env = {"GEOMAP_GAZETTEER": str(gazetteer), "GEOMAP_USER_GAZETTEER": str(user),
           "GEOMAP_CACHE": str(open_dir / "cache")}
    for _ in range(2):                              # every command, not just the first
        proc = unprivileged.run(["-m", "geomap", "geocode", "Hama"], env=env, cwd=open_dir)
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["place"]["name"] == "Hama"
        assert proc.stderr.splitlines() == [
            f"geomap: WARNING: {user / 'mine.tsv'}: cannot read this imported gazetteer file (Permission denied); "
            "its places are not used until it is readable again (chmod a+r) or removed"]


def test_imported_gazetteer_file_gets_the_usual_permissions(tmp_path):
    places = tmp_path / "villages.csv"
    with open(places, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["name", "lat", "lon"], ["Tell Zahra", "35.41", "36.39"]])
    old = os.umask(0o022)
    try:
        result = import_places(places, directory=tmp_path / "user")
    finally:
        os.umask(old)
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o644     # readable by all, like any file the user saves


def test_import_of_a_file_that_is_not_utf8_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOMAP_USER_GAZETTEER", str(tmp_path / "user"))
    places = tmp_path / "latin1.csv"
    places.write_bytes("name,lat,lon\nCafé Zahra,35.1,36.2\n".encode("latin-1"))
    result = CliRunner().invoke(cli, ["gazetteer", "import", str(places)])
    assert result.exit_code == 1 and not isinstance(result.exception, UnicodeDecodeError)
    assert result.output.strip() == (f"geomap: error: {places}: not UTF-8 text (it holds the byte b'\\xe9'); "
                                     "save the file as UTF-8 and import it again")
