"""Trigger words and weapons in a parsed sentence, found from the vocabularies in one place.

A :class:`Trigger` is a token whose lemma and part of speech are in ``lexicons/triggers.tsv``
("struck", "air strike", "was shelled", "shot down"); a :class:`WeaponMention` a phrase of
``lexicons/weapons.tsv`` ("ballistic missiles", "Shahed drones"), longest match first.

>>> from geomap.extraction.document import language
>>> doc = language()("Russian jets struck the town with guided bombs.")     # doctest: +SKIP
>>> [(t.token.text, t.category) for t in find_triggers(doc)]                # doctest: +SKIP
[('struck', 'weapon')]
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicons import TriggerWord, lexicons

__all__ = ["MAX_WEAPON_WORDS", "Trigger", "WeaponMention", "find_triggers", "find_weapons"]

#: The longest weapon phrase in words.
MAX_WEAPON_WORDS = 4


@dataclass(frozen=True, slots=True)
class Trigger:
    """A token that tells an event: the token, and the lexicon entry it matched."""

    token: object
    word: TriggerWord

    @property
    def category(self) -> str:
        """The category the word gives, or ``"weapon"`` when the weapon decides."""
        return self.word.category

    @property
    def kind(self) -> str:
        """How places relate to it: strike, launch, intercept, blast, crash, ground, airspace."""
        return self.word.kind


@dataclass(frozen=True, slots=True)
class WeaponMention:
    """A weapon phrase: its first and last token indexes (inclusive), the weapon and its category."""

    start: int
    end: int
    name: str
    category: str

    def head(self, doc):
        """The token that heads the phrase (its last word: "cruise missiles" → "missiles")."""
        return doc[self.end]


def _pos(token) -> str | None:
    tag = token.tag_
    if tag.startswith("VB"):
        return "VERB"
    if tag.startswith("NN"):
        return "NOUN"
    return None


def _has_particle(token, word: str) -> bool:
    return any(c.dep_ in ("prt", "advmod", "prep") and c.lower_ == word for c in token.children)


def find_triggers(doc) -> list[Trigger]:
    """Every trigger token of a parsed sentence, in order.

    "shot" is a trigger only with "down" ("shot down two drones", not "shot a man"), "took" only
    with "off" (aircraft that took off from a base: a launch site); a noun that
    only modifies another noun of the vocabulary ("air raid sirens", "strike groups") is not.
    """
    lex = lexicons()
    out = []
    for token in doc:
        pos = _pos(token)
        if pos is None:
            continue
        lemma = token.lemma_.lower()
        word = lex.triggers.get((lemma, pos)) or lex.triggers.get((token.lower_, pos))
        if word is None and token.tag_ == "VBG" and token.dep_ in ("nsubj", "aux", "csubj", "nsubjpass", "amod"):
            word = lex.triggers.get((token.lower_, "NOUN"))  # "Shelling hit the town": a gerund as a noun
            pos = "NOUN"
        if word is None:
            continue
        if (lemma == "shoot" and not _has_particle(token, "down")) or (lemma == "take" and not _has_particle(
                token, "off")):
            continue
        if pos == "NOUN" and token.dep_ == "compound" and token.head.lower_ not in lex.weapons \
                and (token.head.lemma_.lower(), "NOUN") not in lex.triggers:
            continue  # "air raid sirens", "strike group": not an event
        out.append(Trigger(token, word))
    return out


def _names_another_thing(token, lex) -> bool:
    """Whether a weapon word only modifies a noun that is neither a weapon nor an event ("air raid
    sirens", "missile factory"): it names no weapon that was used."""
    head = token.head
    return token.dep_ == "compound" and head.i != token.i and head.tag_.startswith("NN") \
        and head.lower_ not in lex.weapons and (head.lemma_.lower(), "NOUN") not in lex.triggers


def find_weapons(doc) -> list[WeaponMention]:
    """Every weapon phrase of a parsed sentence, longest match first at each position, in order;
    not one that only describes another thing ("air raid sirens")."""
    lex = lexicons()
    weapons = lex.weapons
    out = []
    i = 0
    words = [t.lower_ for t in doc]
    while i < len(words):
        for n in range(min(MAX_WEAPON_WORDS, len(words) - i), 0, -1):
            phrase = " ".join(words[i:i + n])
            weapon = weapons.get(phrase) or weapons.get(phrase.replace(" - ", "-"))
            if weapon is not None:
                if not _names_another_thing(doc[i + n - 1], lex):
                    out.append(WeaponMention(i, i + n - 1, weapon.name, weapon.category))
                i += n
                break
        else:
            i += 1
    return out
