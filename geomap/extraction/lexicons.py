"""The extraction vocabularies: data files under ``geomap/extraction/lexicons/``, read here only.

Every vocabulary is a text file: one term a line (``*.txt``), or tab-separated columns under a
header row (``*.tsv``, and the two-column ``*.txt`` files); lines starting with ``#`` say what the
file holds and where it came from. This module is the one reader: :func:`lines` (with line
numbers, for messages), :func:`rows`, :func:`terms` and :func:`read_table`, and :func:`lexicons`
for the vocabularies of the matcher and the scene rules. Each is read on first use and cached;
nothing is read at import. The claims and figures modules read their own files through it.

>>> lex = lexicons()                          # doctest: +SKIP
>>> lex.locatives["from"], lex.weapons["cruise missiles"].category   # doctest: +SKIP
('origin', 'missile_strike')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["FILES", "Lexicons", "TriggerWord", "Weapon", "lexicons", "lines", "read_table", "rows", "speech_verbs",
           "terms"]

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
    needs: str = "-"  # "weapon", "munition", "force", "listing" or "-": what must stand with it (triggers.tsv)


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
    clauses: dict[str, frozenset[str]]  # verb lemma -> kinds (consequence, light)


def lines(name: str):
    """``(line number, cells)`` for every row of the vocabulary file ``name``, comments and blank
    lines skipped (the header row of a table included). Raises ``ValueError`` naming the folder's
    files when there is no such vocabulary."""
    folder = resources.files(__package__).joinpath("lexicons")
    file_name = name if name.endswith((".txt", ".tsv")) else name + ".txt"
    try:
        text = folder.joinpath(file_name).read_text(encoding="utf-8")
    except FileNotFoundError as err:
        known = sorted(p.name for p in folder.iterdir() if p.name.endswith((".txt", ".tsv")))
        raise ValueError(f"geomap/extraction/lexicons/{file_name}: no such vocabulary; expected one of "
                         f"{', '.join(known)}") from err
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, [cell.strip() for cell in line.split("\t")]


@lru_cache(maxsize=None)
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of vocabulary ``name`` as tuples; a table's header row (a first row with several
    columns) left out."""
    out = [tuple(cells) for _, cells in lines(name)]
    if out and len(out[0]) > 1:
        out = out[1:]
    return tuple(out)


def terms(name: str) -> frozenset[str]:
    """The terms of vocabulary ``name`` (``"media"`` or ``"media.txt"``): its first column.

    >>> "reuters" in terms("media")
    True
    """
    return frozenset(row[0] for row in rows(name))


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    """Every verb whose subject is a speaker, not a scene: saying, denying, disputing, accusing,
    citing (the vocabularies of :mod:`geomap.extraction.claims`)."""
    return frozenset().union(*(terms(name) for name in ("reporting_verbs", "deny_verbs", "dispute_verbs",
                                                         "accuse_verbs", "source_verbs")))


def read_table(name: str) -> list[dict[str, str]]:
    """The rows of the vocabulary file ``name`` as dicts keyed by its header, comments skipped.

    Raises ``ValueError`` naming the file and line when a row has the wrong number of fields.
    """
    table: list[dict[str, str]] = []
    header: list[str] | None = None
    for number, cells in lines(name):
        if header is None:
            header = cells
            continue
        if len(cells) != len(header):
            raise ValueError(f"{name}:{number}: {len(cells)} fields, expected {len(header)} ({', '.join(header)})")
        table.append(dict(zip(header, cells)))
    return table


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
