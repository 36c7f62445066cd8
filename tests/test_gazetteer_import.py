"""`geomap gazetteer import`: GeoNames dumps and CSVs of the user's places become gazetteer TSVs."""

from __future__ import annotations

import zipfile

import pytest
from click.testing import CliRunner

from geomap.cli import cli
from geomap.errors import InputError, InputLineError
from geomap.gazetteer import COLUMNS, Gazetteer
from geomap.gazetteer_import import feature_of, good_alternate, import_places


def geonames_line(gid, name, lat, lon, fclass, code, cc, admin1="", alternates="", population=0):
    fields = [str(gid), name, name, alternates, str(lat), str(lon), fclass, code, cc, "", admin1, "", "", "",
              str(population), "", "", "Asia/Damascus", "2024-01-01"]
    assert len(fields) == 19
    return "\t".join(fields) + "\n"


DUMP = (geonames_line(9900001, "Kafr Nabl", 35.6136, 36.5611, "P", "PPL", "SY", "12", "Kafranbel,Kfar Nubl,KFN,كفرنبل")
        + geonames_line(9900002, "Tabqa Air Base", 35.7547, 38.5667, "S", "AIRB", "SY", "04", "Tabqa airfield")
        + geonames_line(9900003, "Sahl al Ghab", 35.6, 36.35, "T", "PLN", "SY", "10", "Ghab Plain")
        + geonames_line(9900004, "Nahr al Asi", 35.9, 36.4, "H", "STM", "SY", "", "Orontes"))


@pytest.fixture
def out_dir(tmp_path):
    return tmp_path / "user"


def load_with(tiny_gazetteer_dir, tsv, tmp_path, monkeypatch):
    monkeypatch.setenv("GEOMAP_CACHE", str(tmp_path / "cache"))
    return Gazetteer.load(tiny_gazetteer_dir, extra=[tsv])


def test_geonames_dump_becomes_places_the_gazetteer_finds(tmp_path, out_dir, tiny_gazetteer_dir, monkeypatch):
    dump = tmp_path / "SY.txt"
    dump.write_text(DUMP, encoding="utf-8")
    result = import_places(dump, directory=out_dir)
    assert (result.path, result.format, result.imported, result.skipped) == (out_dir / "SY.tsv", "geonames", 4, ())
    gaz = load_with(tiny_gazetteer_dir, result.path, tmp_path, monkeypatch)
    village = gaz.lookup("Kafranbel")[0]
    assert (village.id, village.feature, village.country, village.admin1) == ("gn:9900001", "city", "SY", "12")
    assert (village.lat, village.lon) == (35.6136, 36.5611)
    assert gaz.lookup("KFN") == [] and gaz.lookup("كفرنبل") == []  # codes and non-Latin script dropped
    assert gaz.lookup("Tabqa airfield")[0].feature == "site"
    assert gaz.lookup("Ghab Plain")[0].feature == "area"
    assert gaz.lookup("Orontes")[0].feature == "river"
    assert gaz.lookup("Hama")  # the bundled places are still there


def test_zipped_geonames_extract_is_read(tmp_path, out_dir):
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "GeoNames readme\n")
        zf.writestr("SY.txt", DUMP)
    assert import_places(archive, directory=out_dir).imported == 4


def test_csv_of_own_places_with_defaults(tmp_path, out_dir, tiny_gazetteer_dir, monkeypatch):
    table = tmp_path / "mine.csv"
    table.write_text("Name,Latitude,Lng,feature,country,alternates,population\n"
                     '"Checkpoint 7, north gate",35.51,36.72,site,sy,CP7 gate;Gate Seven,\n'
                     "Tel Qarah,35.2,36.9,,,,1200\n", encoding="utf-8")
    result = import_places(table, directory=out_dir)
    assert (result.format, result.imported) == ("csv", 2)
    lines = result.path.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == list(COLUMNS)
    gaz = load_with(tiny_gazetteer_dir, result.path, tmp_path, monkeypatch)
    gate = gaz.lookup("Gate Seven")[0]
    assert (gate.name, gate.feature, gate.country) == ("Checkpoint 7, north gate", "site", "SY")
    tel = gaz.lookup("Tel Qarah")[0]
    assert (tel.feature, tel.country, tel.population) == ("city", None, 1200)


def test_bad_rows_are_named_by_file_and_line_and_nothing_is_written(tmp_path, out_dir):
    table = tmp_path / "mine.csv"
    table.write_text("name,lat,lon,feature\nGood,1,2,city\nNorth,95,10,city\nOdd,1,2,spaceport\nShort,1\n")
    with pytest.raises(InputError) as caught:
        import_places(table, directory=out_dir)
    message = str(caught.value)
    assert "mine.csv:3: lat 95.0 is outside [-90, 90]" in message
    assert "mine.csv:4: feature 'spaceport' is not a kind of place geomap knows" in message
    assert "mine.csv:5: 2 fields, the header has 4" in message
    assert not (out_dir / "mine.tsv").exists()
    assert list(out_dir.glob("*")) == []  # no temporary file left behind


def test_skip_mode_imports_the_good_rows_and_lists_the_bad(tmp_path, out_dir):
    table = tmp_path / "mine.csv"
    table.write_text("name,lat,lon\nGood,1,2\nBad,north,2\n")
    result = import_places(table, directory=out_dir, on_error="skip")
    assert result.imported == 1
    assert result.skipped == (f"{table}:3: lat 'north' is not a number",)


def test_failed_reimport_keeps_the_previous_file(tmp_path, out_dir):
    table = tmp_path / "mine.csv"
    table.write_text("name,lat,lon\nGood,1,2\n")
    first = import_places(table, directory=out_dir).path.read_text()
    table.write_text("name,lat,lon\nGood,1,2\nBad,1,999\n")
    with pytest.raises(InputError):
        import_places(table, directory=out_dir)
    assert (out_dir / "mine.tsv").read_text() == first


def test_geonames_line_with_wrong_field_count_names_the_line(tmp_path, out_dir):
    dump = tmp_path / "SY.txt"
    dump.write_text(DUMP + "9900009\tBroken\t35\n")
    with pytest.raises(InputError, match=r"SY.txt:5: 3 tab-separated fields, expected 19"):
        import_places(dump, directory=out_dir)


@pytest.mark.parametrize("content, problem", [
    (b"", "empty file"),
    (b"\x00\x01\x02binary", "binary file"),
    (b"place,latitude,longitude\nX,1,2\n", "lacks \\['name'\\]"),
])
def test_unusable_files_get_one_clear_message(tmp_path, out_dir, content, problem):
    path = tmp_path / "input.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=problem):
        import_places(path, directory=out_dir)


def test_missing_header_columns_point_at_line_one(tmp_path, out_dir):
    path = tmp_path / "x.csv"
    path.write_text("place,lat\nX,1\n")
    with pytest.raises(InputLineError) as caught:
        import_places(path, directory=out_dir)
    assert caught.value.line == 1 and "name,lat,lon" in str(caught.value)


@pytest.mark.parametrize("fclass, code, feature", [
    ("P", "PPLA", "city"), ("P", "PPLX", "city"), ("A", "ADM1", "admin1"), ("A", "ADM2", "admin2"),
    ("A", "ADM3", "admin2"), ("A", "PCLI", "country"), ("H", "SEA", "sea"), ("H", "STRT", "sea"),
    ("H", "LK", "sea"), ("H", "STM", "river"), ("H", "WAD", "river"), ("H", "WLL", "site"),
    ("L", "RGN", "region"), ("L", "MILB", "site"), ("L", "AREA", "area"), ("T", "MT", "area"),
    ("T", "VAL", "area"), ("S", "AIRB", "site"), ("S", "DAM", "site"), ("R", "RD", "site"),
])
def test_geonames_feature_codes_map_to_feature_classes(fclass, code, feature):
    assert feature_of(fclass, code) == feature


@pytest.mark.parametrize("name, keep", [("Dimashq", True), ("al-Qusayr", True), ("DAM", False), ("OSDI", False),
                                        ("B.H.", False), ("دمشق", False), ("dmshq", False), ("12", False),
                                        ("Al", False)])
def test_alternate_filter(name, keep):
    assert good_alternate(name) is keep


def test_cli_imports_and_reports(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOMAP_USER_GAZETTEER", str(tmp_path / "user"))
    table = tmp_path / "mine.csv"
    table.write_text("name,lat,lon\nGood,1,2\n")
    result = CliRunner().invoke(cli, ["gazetteer", "import", str(table)])
    assert result.exit_code == 0, result.output
    assert "imported 1 places (csv)" in result.output
    assert (tmp_path / "user" / "mine.tsv").exists()


def test_cli_bad_line_is_one_message_and_exit_code_one(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOMAP_USER_GAZETTEER", str(tmp_path / "user"))
    table = tmp_path / "mine.csv"
    table.write_text("name,lat,lon\nGood,1,2\nBad,x,2\n")
    result = CliRunner().invoke(cli, ["gazetteer", "import", str(table)])
    assert result.exit_code == 1
    assert "mine.csv:3: lat 'x' is not a number" in result.output
    assert "Traceback" not in result.output
    skipped = CliRunner().invoke(cli, ["gazetteer", "import", "--skip-bad", str(table)])
    assert skipped.exit_code == 1 and "imported 1 places" in skipped.output


def test_dump_rows_for_places_already_bundled_add_their_names(tmp_path, out_dir, monkeypatch):
    monkeypatch.setenv("GEOMAP_CACHE", str(tmp_path / "cache"))
    bundled = tmp_path / "gaz" / "curated"
    bundled.mkdir(parents=True)
    (bundled / "base.tsv").write_text("\t".join(COLUMNS) + "\n"
                                      "gn:170063\tAleppo\t36.2\t37.16\tcity\tPPLA\tSY\t09\t1602264\tHalab\t\n",
                                      encoding="utf-8")
    dump = tmp_path / "SY.txt"
    dump.write_text(geonames_line(170063, "Aleppo", 36.20124, 37.16117, "P", "PPLA", "SY", "09", "Haleb,Beroea"))
    gaz = Gazetteer.load(tmp_path / "gaz", extra=[import_places(dump, directory=out_dir).path])
    assert len(gaz) == 1
    assert [p.id for p in gaz.lookup("Beroea")] == [p.id for p in gaz.lookup("Halab")] == ["gn:170063"]
