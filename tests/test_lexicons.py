"""The extraction vocabularies are data files, each read by one loader, listed and counted here."""

from __future__ import annotations

from importlib import resources

import pytest

from geomap.extraction.lexicons import FILES, lexicons, lines, read_table, speech_verbs, terms
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
                                           ("vetoes", 10), ("clauses", 20)])
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
    assert "consequence" in lex.clauses["kill"] and "say" not in lex.clauses
    assert {"say", "deny", "accuse"} <= speech_verbs()
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


def test_each_word_is_defined_in_one_vocabulary():
    """Munitions and strike nouns live in weapons.tsv and triggers.tsv, armed groups in actors.tsv,
    verbs of saying in reporting_verbs.txt: the figures and claims vocabularies do not repeat them."""
    from geomap.extraction.figures import figure_words

    lex = lexicons()
    own = {}
    for _, (role, word) in lines("figure_words.tsv"):
        own.setdefault(role, set()).add(word)
    assert not own.get("munition", set()) & set(lex.weapons)
    assert "cruise missiles" in figure_words()["munition"]  # derived from weapons.tsv
    assert not terms("parties") & terms("actors.tsv")
    assert not speech_verbs() & set(lex.clauses)
