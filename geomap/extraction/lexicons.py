"""The extraction vocabularies: data files under ``geomap/extraction/lexicons/``, read once.

Every vocabulary is a tab-separated file with a header row; lines starting with ``#`` say what
the file holds and where it came from. :func:`lexicons` reads them all on first use and caches the
result; nothing is read at import.

>>> lex = lexicons()                          # doctest: +SKIP
>>> lex.locatives["from"], lex.weapons["cruise missiles"].category   # doctest: +SKIP
('origin', 'missile_strike')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["FILES", "Lexicons", "TriggerWord", "Weapon", "lexicons", "read_table"]

#: Every vocabulary file, by the attribute of :class:`Lexicons` it fills.
FILES = {
    "triggers": "triggers.tsv",
    "weapons": "weapons.tsv",
    "hedges": "hedges.tsv",
    "locatives": "locatives.tsv",
    "place_nouns": "place_nouns.tsv",
    "actors": "actors.tsv",
    "vetoes": "vetoes.tsv",
    "clauses": "clauses.tsv",
}


@dataclass(frozen=True, slots=True)
class TriggerWord:
    """A word that tells an event: its lemma, part of speech, category and kind (see triggers.tsv)."""

    lemma: str
    pos: str
    category: str
    kind: str
    needs: str = "-"  # "weapon", "force" or "-": what must stand with it (see triggers.tsv)


@dataclass(frozen=True, slots=True)
class Weapon:
    """A weapon phrase's canonical name and the category it gives a generic trigger."""

    name: str
    category: str


@dataclass(frozen=True, slots=True)
class Lexicons:
    """All vocabularies, keyed the way the matcher and the role functions look them up."""

    triggers: dict[tuple[str, str], TriggerWord]  # (lemma, pos) -> trigger word
    trigger_forms: frozenset[str]  # every inflected form, to find the sentences worth parsing
    weapons: dict[str, Weapon]  # lower-case phrase -> weapon
    hedges: dict[str, str]  # word -> how it hedges (aux, head, mark, near)
    locatives: dict[str, str]  # preposition -> role
    place_nouns: dict[str, str]  # noun -> kind (settlement, division, site)
    actors: dict[str, str]  # term -> kind (force, group)
    vetoes: dict[str, str]  # word -> why
    clauses: dict[str, frozenset[str]]  # verb lemma -> kinds (report, consequence, light)


def read_table(name: str) -> list[dict[str, str]]:
    """The rows of the vocabulary file ``name`` as dicts keyed by its header, comments skipped.

    Raises ``ValueError`` naming the file and line when a row has the wrong number of fields.
    """
    text = resources.files(__package__).joinpath("lexicons", name).read_text(encoding="utf-8")
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = fields
            continue
        if len(fields) != len(header):
            raise ValueError(f"{name}:{number}: {len(fields)} fields, expected {len(header)} ({', '.join(header)})")
        rows.append(dict(zip(header, fields)))
    return rows


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    """Every vocabulary, read from its file on the first call and cached."""
    triggers = {}
    forms: set[str] = set()
    for row in read_table(FILES["triggers"]):
        triggers[(row["lemma"], row["pos"])] = TriggerWord(row["lemma"], row["pos"], row["category"], row["kind"], row["needs"])
        forms.update(f.strip() for f in row["forms"].split(",") if f.strip())
    pairs = {name: {row[key]: row[value] for row in read_table(FILES[name])}
             for name, key, value in (("hedges", "word", "how"), ("locatives", "preposition", "role"),
                                      ("place_nouns", "noun", "kind"), ("actors", "term", "kind"),
                                      ("vetoes", "word", "why"))}
    clauses: dict[str, set[str]] = {}
    for row in read_table(FILES["clauses"]):
        clauses.setdefault(row["lemma"], set()).add(row["kind"])
    weapons = {row["phrase"]: Weapon(row["weapon"], row["category"]) for row in read_table(FILES["weapons"])}
    return Lexicons(triggers=triggers, trigger_forms=frozenset(forms), weapons=weapons,
                    clauses={k: frozenset(v) for k, v in clauses.items()}, **pairs)
