"""The extraction vocabularies are data files, each read by one loader, listed and counted here."""

from __future__ import annotations

from importlib import resources

import pytest

from geomap.extraction.lexicons import FILES, lexicons, read_table
from geomap.model import kind_family

FOLDER = resources.files("geomap.extraction").joinpath("lexicons")


def test_every_vocabulary_file_is_listed_and_has_provenance():
    on_disk = {p.name for p in FOLDER.iterdir() if p.name.endswith(".tsv")}
    assert set(FILES.values()) <= on_disk
    for name in on_disk:
        lines = FOLDER.joinpath(name).read_text(encoding="utf-8").splitlines()
        comments = [line for line in lines[:next(i for i, line in enumerate(lines) if not line.startswith("#"))]]
        assert any("geomap" in line or "MIT" in line for line in comments), name


@pytest.mark.parametrize("name, minimum", [("triggers", 60), ("weapons", 100), ("hedges", 40),
                                           ("locatives", 20), ("place_nouns", 40), ("actors", 60),
                                           ("vetoes", 10), ("clauses", 30)])
def test_each_vocabulary_has_its_entries_once(name, minimum):
    rows = read_table(FILES[name])
    assert len(rows) >= minimum
    keys = [tuple(list(row.values())[:2]) if name in ("triggers", "clauses") else list(row.values())[0]
            for row in rows]
    assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1]
    assert all(value == value.strip() and value for row in rows for value in row.values())


def test_loaded_lexicons_agree_with_their_files():
    lex = lexicons()
    assert len(lex.weapons) == len(read_table(FILES["weapons"]))
    assert lex.weapons["cruise missiles"].category == "missile_strike"
    assert lex.locatives["from"] == "origin" and lex.locatives["near"] == "near"
    assert "report" in lex.clauses["say"] and "consequence" in lex.clauses["kill"]
    assert {"struck", "shelled", "intercepted", "fired"} <= lex.trigger_forms


def test_categories_named_by_the_vocabularies_are_the_taxonomy():
    from geomap.extraction.events import TAXONOMY

    lex = lexicons()
    named = {w.category for w in lex.triggers.values()} | {w.category for w in lex.weapons.values()}
    assert named - {"weapon"} <= set(TAXONOMY)
    assert {kind_family(c) for c in ("air_strike", "drone_strike", "missile_strike")} == {"strike"}


def test_a_malformed_row_names_the_file_and_line(tmp_path, monkeypatch):
    import geomap.extraction.lexicons as module

    bad = tmp_path / "lexicons"
    bad.mkdir()
    (bad / "weapons.tsv").write_text("# test\nphrase\tweapon\tcategory\nmissile\tmissile\n", encoding="utf-8")
    monkeypatch.setattr(module.resources, "files", lambda package: tmp_path)
    with pytest.raises(ValueError, match=r"weapons.tsv:3: 2 fields, expected 3"):
        read_table("weapons.tsv")
