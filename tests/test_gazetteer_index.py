"""The gazetteer loader and name index, on a tiny gazetteer written by the tests."""

from __future__ import annotations

import pytest

from geomap.errors import GazetteerError
from geomap.gazetteer import COLUMNS, Gazetteer, normalize


@pytest.mark.parametrize("a, b", [
    ("Al-Ladhiqiyah", "al ladhiqiyah"),
    ("Ma'arrat al-Nu'man", "Maarrat al Numan"),
    ("Hamā", "HAMA"),
    ("Idlib  province", "idlib province"),
])
def test_spellings_meet_in_one_key(a, b):
    assert normalize(a) == normalize(b)


def test_lookup_finds_every_spelling_most_prominent_first(tiny_gazetteer):
    assert [p.id for p in tiny_gazetteer.lookup("Hamah")] == ["t:sy-hama", "t:hama"]
    assert tiny_gazetteer.lookup("Hamā")[1].country == "SY"
    assert tiny_gazetteer.lookup("Atlantis") == []


def test_demonym_points_at_the_country(tiny_gazetteer):
    assert [p.name for p in tiny_gazetteer.demonym("syrian")] == ["Syria"]


def test_inline_extent_is_a_box(tiny_gazetteer):
    ghab = tiny_gazetteer.lookup("Sahl al-Ghab")[0]
    assert ghab.has_shape
    assert tiny_gazetteer.shape(ghab).contains(__import__("shapely").Point(36.3, 35.7))
    assert tiny_gazetteer.shape(tiny_gazetteer.lookup("Hama")[1]) is None


def test_second_load_reads_the_cache_and_agrees(tiny_gazetteer_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("GEOMAP_CACHE", str(tmp_path / "cache2"))
    first = Gazetteer.load(tiny_gazetteer_dir)
    assert list((tmp_path / "cache2").glob("*.pickle"))
    second = Gazetteer.load(tiny_gazetteer_dir)
    assert [p.id for p in second] == [p.id for p in first]


def test_missing_data_names_the_folder_and_the_fix(tmp_path):
    with pytest.raises(GazetteerError, match="no gazetteer data in .*make gazetteer"):
        Gazetteer.load(tmp_path)


def test_malformed_row_names_file_and_line(tiny_gazetteer_dir, tmp_path):
    bad = tiny_gazetteer_dir / "curated" / "tiny.tsv"
    bad.write_text(bad.read_text() + "t:x\tX\tnorth\t1\tcity\tPPL\tSY\t\t0\t\t\n")
    with pytest.raises(GazetteerError, match=r"tiny.tsv':6"):
        Gazetteer.load(tiny_gazetteer_dir, use_cache=False)


def test_own_name_ranks_before_an_old_alternate_of_a_bigger_place(tiny_gazetteer_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("GEOMAP_CACHE", str(tmp_path / "cache"))
    extra = tmp_path / "towns.tsv"
    extra.write_text("\t".join(COLUMNS) + "\n"
                     "t:engels\tEngels\t51.48\t46.1\tcity\tPPL\tRU\t67\t220000\tPokrovsk\t\n"
                     "t:pokrovsk\tPokrovsk\t48.28\t37.18\tcity\tPPL\tUA\t05\t60000\t\t\n", encoding="utf-8")
    gaz = Gazetteer.load(tiny_gazetteer_dir, extra=[extra])
    assert [p.id for p in gaz.lookup("Pokrovsk")] == ["t:pokrovsk", "t:engels"]


def test_old_caches_are_pruned(tiny_gazetteer_dir, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    for i in range(5):
        (cache / f"gazetteer-old{i}.pickle").write_bytes(b"stale")
    monkeypatch.setenv("GEOMAP_CACHE", str(cache))
    gaz = Gazetteer.load(tiny_gazetteer_dir)
    assert len(list(cache.glob("gazetteer-*.pickle"))) == 3
    assert [p.id for p in Gazetteer.load(tiny_gazetteer_dir)] == [p.id for p in gaz]  # the new one survived


def test_shapes_lists_inline_boxes(tiny_gazetteer):
    assert [(p.id, geom.bounds) for p, geom in tiny_gazetteer.shapes("area")] == [
        ("t:ghab", (36.2, 35.4, 36.4, 35.95))]


def _registry_file(folder, rows=2000):
    import gzip

    lines = ["\t".join(COLUMNS)] + [f"t:{i}\tPlace {i}\t1.0\t2.0\tcity\tPPL\tSY\t10\t{i}\t\t" for i in range(rows)]
    data = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"))
    return folder / "places.tsv.gz", data


@pytest.mark.parametrize("damage", ["truncated", "garbage", "corrupt"])
def test_a_damaged_places_file_is_a_gazetteer_error_naming_it(tmp_path, damage):
    path, data = _registry_file(tmp_path)
    if damage == "truncated":  # an interrupted write
        data = data[: len(data) // 2]
    elif damage == "garbage":  # not gzip at all
        data = b"\x1f\x8b\x08" + b"\x00" * 40
    else:  # a flipped byte inside the compressed stream
        data = data[:200] + bytes([data[200] ^ 0xFF]) + data[201:]
    path.write_bytes(data)
    with pytest.raises(GazetteerError, match="places.tsv.gz"):
        Gazetteer.load(tmp_path, use_cache=False)


def test_build_writes_replace_the_old_file_only_when_complete(tmp_path):
    import importlib.util

    from geomap.gazetteer import data_dir

    spec = importlib.util.spec_from_file_location("gazetteer_build", data_dir() / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    target = tmp_path / "demonyms.tsv"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        with build._replacing(target) as fh:
            fh.write(b"half of the new ")
            raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["demonyms.tsv"]  # no temporary file left behind
    build._write_gz(tmp_path / "places.tsv.gz", b"new\n")
    import gzip
    assert gzip.decompress((tmp_path / "places.tsv.gz").read_bytes()) == b"new\n"
