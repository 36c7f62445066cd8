"""A gazetteer users can extend: the feature words they use, GeoNames codes, bad lines named,
`geomap gazetteer list` / `remove`, and `geomap geocode --all` showing every candidate and its score."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import cli
from geomap.errors import InputError
from geomap.gazetteer import COLUMNS, Gazetteer
from geomap.gazetteer_import import FEATURE_WORDS, imported, import_places, remove_import

ROOT = Path(__file__).resolve().parent.parent


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


@pytest.mark.parametrize("value, feature, code", [
    ("village", "city", "PPL"), ("Hamlet", "city", "PPL"), ("district", "admin2", "ADM2"),
    ("neighbourhood", "city", "PPLX"), ("neighborhood", "city", "PPLX"), ("camp", "city", "CMPRF"),
    ("base", "site", "MILB"), ("air base", "site", "AIRB"), ("air_base", "site", "AIRB"), ("airport", "site", "AIRP"),
    ("checkpoint", "site", "PSTB"), ("border-crossing", "site", "PSTB"), ("wadi", "river", "WAD"),
    ("PPLX", "city", "PPLX"), ("S.AIRB", "site", "AIRB"), ("H.STRT", "sea", "STRT"), ("ADM2", "admin2", "ADM2"),
    ("", "city", ""), ("site", "site", ""),
])
def test_each_feature_value_becomes_a_place_the_gazetteer_finds(tmp_path, tiny_gazetteer_dir, monkeypatch,
                                                                 value, feature, code):
    monkeypatch.setenv("GEOMAP_CACHE", str(tmp_path / "cache"))
    table = write_csv(tmp_path / "mine.csv", [["name", "lat", "lon", "feature", "country"],
                                              ["Tell Qirmiz", "35.41", "36.39", value, "SY"]])
    result = import_places(table, directory=tmp_path / "user")
    assert result.imported == 1
    [place] = Gazetteer.load(tiny_gazetteer_dir, extra=[result.path]).lookup("Tell Qirmiz")
    assert (place.feature, place.feature_code, place.country) == (feature, code, "SY")


def test_every_feature_word_is_listed_in_the_help_and_the_readme():
    help_text = " ".join(CliRunner().invoke(cli, ["gazetteer", "import", "--help"]).output.split())
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    for word in FEATURE_WORDS:
        assert word in help_text, f"{word!r} missing from `geomap gazetteer import --help`"
        assert word in readme, f"{word!r} missing from README.md"


def test_unknown_feature_says_what_would_do(tmp_path):
    table = write_csv(tmp_path / "mine.csv", [["name", "lat", "lon", "feature"], ["Alpha", "1", "2", "spaceport"]])
    with pytest.raises(InputError, match=r"mine.csv:2: feature 'spaceport' is not a kind of place geomap knows; "
                                         r"use a word such as village"):
        import_places(table, directory=tmp_path / "user")


def test_skip_bad_names_each_bad_line_and_imports_the_rest(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("GEOMAP_USER_GAZETTEER", str(tmp_path / "user"))
    table = write_csv(tmp_path / "mine.csv", [["name", "lat", "lon", "feature"], ["Alpha", "35.1", "36.2", "village"],
                                              ["Beta", "95", "36.2", "city"], ["Gamma", "35", "36", "spaceport"],
                                              ["Delta", "35.2", "36.3", "checkpoint"]])
    result = CliRunner().invoke(cli, ["gazetteer", "import", "--skip-bad", str(table)])
    assert result.exit_code == 1
    assert "imported 2 places (csv)" in result.output and "skipped 2 bad line(s), named above" in result.output
    named = [r.getMessage() for r in caplog.records if r.getMessage().startswith("skipped ")]
    assert [m.split(": ")[0] for m in named] == [f"skipped {table}:3", f"skipped {table}:4"]


def test_list_and_remove_what_was_imported(tmp_path, monkeypatch):
    user = tmp_path / "user"
    monkeypatch.setenv("GEOMAP_USER_GAZETTEER", str(user))
    runner = CliRunner()
    assert runner.invoke(cli, ["gazetteer", "list"]).stdout == ""
    for name in ("villages", "bases"):
        table = write_csv(tmp_path / f"{name}.csv", [["name", "lat", "lon"], ["Alpha", "1", "2"], ["Beta", "3", "4"]])
        assert runner.invoke(cli, ["gazetteer", "import", str(table)]).exit_code == 0
    listing = runner.invoke(cli, ["gazetteer", "list"])
    assert listing.stdout.splitlines() == [f"bases\t2 places\t{user / 'bases.tsv'}",
                                           f"villages\t2 places\t{user / 'villages.tsv'}"]
    removed = runner.invoke(cli, ["gazetteer", "remove", "villages"])
    assert removed.exit_code == 0 and removed.stdout == f"removed {user / 'villages.tsv'}\n"
    assert [f.name for f in imported(directory=user)] == ["bases"]
    missing = runner.invoke(cli, ["gazetteer", "remove", "hamlets"])
    assert missing.exit_code == 1
    assert missing.output == f"geomap: error: hamlets: no imported place file of that name in {str(user)!r} " \
                             "(imported: bases)\n"
    with pytest.raises(InputError, match="not the name of an imported place file"):
        remove_import("../bases", directory=user)
    assert (user / "bases.tsv").exists()


def test_geocode_all_lists_every_candidate_with_its_score():
    result = CliRunner().invoke(cli, ["geocode", "--all", "Tripoli", "Qqarbuzzz"])
    assert result.exit_code == 1                        # the made-up name is not found
    tripoli, nothing = (json.loads(line) for line in result.stdout.splitlines())
    countries = [c["country"] for c in tripoli["candidates"]]
    assert countries[:2] == ["LY", "LB"]                # the capital first, the Lebanese city next
    scores = [c["score"] for c in tripoli["candidates"]]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[1]
    assert nothing == {"query": "Qqarbuzzz", "candidates": []}
    assert "1 of 2 names not found" in result.output


# -- the user's places are an overlay: no new index per import, same answers as a full rebuild --
OVERLAY = [
    ("user:qirmiz", "Tell Qirmiz", 35.41, 36.39, "city", "PPL", "SY", "10", 120, "Qirmiz", ""),
    ("t:hama", "Hama", 35.13, 36.76, "city", "PPLA", "SY", "10", 700000, "Hamath|Epiphania", ""),   # known id
    ("user:hama-big", "Hama", 10.0, 20.0, "city", "PPL", "TD", "", 5000000, "", ""),   # outranks the bundled Hama
    ("user:ghab", "Ghab", 35.6, 36.3, "area", "PLN", "SY", "", 0, "al-Ghab", ""),         # shares an alias
]


def tsv(path: Path, rows) -> Path:
    lines = ["\t".join(COLUMNS)] + ["\t".join(map(str, row)) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def answers(gazetteer: Gazetteer) -> dict[str, list[str]]:
    return {key: [gazetteer.place(i).id for i in gazetteer.index_lookup(key)] for key in gazetteer.names}


def test_imports_lie_over_the_cached_index_and_answer_as_a_full_rebuild(tmp_path, tiny_gazetteer_dir, monkeypatch):
    monkeypatch.setenv("GEOMAP_CACHE", str(tmp_path / "cache"))
    mine = tsv(tmp_path / "mine.tsv", OVERLAY)
    fresh = Gazetteer.load(tiny_gazetteer_dir, extra=[mine])          # builds the cache of the bundled files
    cached = Gazetteer.load(tiny_gazetteer_dir, extra=[mine])         # reads it, then the overlay
    bundled = tmp_path / "all-in-one"
    shutil.copytree(tiny_gazetteer_dir, bundled)
    shutil.copy(mine, bundled / "curated" / "zz-mine.tsv")            # the same places, read in one go
    rebuilt = Gazetteer.load(bundled, use_cache=False)
    assert answers(fresh) == answers(cached) == answers(rebuilt)
    assert [p.id for p in cached.lookup("Hama")] == ["t:sy-hama", "user:hama-big", "t:hama"]   # province first
    assert [p.id for p in cached.lookup("Hamath")] == ["t:hama"] and cached.lookup("Qirmiz")[0].population == 120
    assert list(cached) == list(rebuilt)

    other = tsv(tmp_path / "other.tsv", OVERLAY[:1])
    Gazetteer.load(tiny_gazetteer_dir, extra=[mine, other])
    assert len(list((tmp_path / "cache").glob("gazetteer-*.pickle"))) == 1   # an import adds no index
