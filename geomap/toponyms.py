"""Toponym recognition and in-context resolution: find place names in text, put them on Earth.

The pipeline for one text, all in one pass of compiled regular expressions plus dictionary look-ups:

1. **Candidate runs.** A regex finds runs of capitalised tokens joined by spaces, hyphens and the
   lowercase particles names contain ("Sahl al-Ghab", "Gulf of Aden", "Rio de Janeiro"), dotted
   abbreviations ("U.S.", "W.Va.") and all-caps datelines ("COLUMBUS, Ohio").
2. **Longest match.** Inside each run, the longest n-gram (up to :data:`MAX_TOKENS` tokens) whose
   :func:`~geomap.gazetteer.normalize`-d form is a gazetteer name or a demonym wins; a following
   feature word extends it when the gazetteer knows the longer name ("the Ghab plain").
3. **Filters.** People ("President Assad", "Jimmy Carter", and later "Carter said"), organisations
   and media ("Sky News", "the Washington Post"), month and day names, and capitalised common words
   at the start of a sentence or in an all-caps headline are dropped.
4. **Resolution.** Every place a name may be gets a prior (feature class, population, capital,
   its own name or an alternate) plus document context: the countries and states the text names,
   a "City, State" neighbour, a "province"/"governorate" after the name. A second pass adds where
   the first put the other names and lets every name vote for the states it could lie in, so
   small towns of one county pull each other there. Each distinct name is resolved once and never
   counts as evidence for itself.
5. **Plausibility.** A one-word name that is also a common word, a given name or a surname, or a
   small town abroad the text gives no reason for, is kept only with that context.
6. **Roles.** Demonyms and adjectives are ``"adjectival"``; a country or capital that is the
   subject of a speech or decision verb ("Moscow denied") is ``"metonym"``.

What depends only on the gazetteer (priors per name, abbreviation checks, a spelling-blind index
of Arabic names) is computed on first use and cached per gazetteer.

Example::

    >>> [(t.text, t.place.country, t.role) for t in geoparse("Syrian jets hit Hama; Moscow denied it.")]
    [('Syrian', 'SY', 'adjectival'), ('Hama', 'SY', 'literal'), ('Moscow', 'RU', 'metonym')]
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .gazetteer import Gazetteer, default_gazetteer, normalize
from .model import Place, Toponym

__all__ = ["MAX_TOKENS", "ROLES", "candidates", "geoparse", "geoparse_many"]

log = logging.getLogger(__name__)

#: Longest place name, in tokens, that is looked up ("Democratic Republic of the Congo" is 5).
MAX_TOKENS = 6

#: The roles a returned toponym can have.
ROLES = ("literal", "adjectival", "metonym")

# ----------------------------------------------------------------------------------------------
# Regular expressions (compiled on first use)

# Lowercase particles that may sit between the capitalised words of one name. Arabic sun-letter
# articles (ar-, as-, at-, an-) only count hyphenated: "Yemen at Eilat" is two names.
_CONNECTORS = ("of the", "of", "de la", "de los", "de las", "del", "de", "da", "do", "dos", "das", "du", "des",
               "di", "la", "le", "les", "el", "al", "ul", "ibn", "bin",
               "upon", "on", "sur", "en", "y", "am", "im", "an der", "van", "von", "der", "den", "and")
# Arabic articles glued to the next word with a hyphen: "al-Ghab", "el-Arish", "ash-Sham".
_ARTICLES = r"(?:al|el|ad|ar|as|ash|at|az|an|ul|ed|es|et|er|en|ez|esh|ech)[-‐‑]"


@lru_cache(maxsize=1)
def _regexes() -> tuple[re.Pattern, re.Pattern]:
    # Latin, Greek and Cyrillic capitals, and (cheaply) the lowercase letters interleaved with them
    # in Latin Extended; runs that start lowercase are dropped in Python. A class of every Unicode
    # capital is exact but makes the scan twice as slow.
    upper = r"A-Z\u00C0-\u00D6\u00D8-\u00DE\u0100-\u024F\u0370-\u03FF\u0400-\u042F\u0460-\u052F\u1E00-\u1EFF"
    word = rf"[{upper}](?:[^\W_]|['’](?=[^\W\d_]))*"
    dotted = rf"(?:[{upper}]\.){{2,}}|[{upper}][a-z]{{0,4}}\.(?:[{upper}][a-z]{{0,3}}\.)?(?=[\s,;:)\]”\"'’-]|$)"
    token = rf"(?:{_ARTICLES})?(?:{dotted}|{word})"
    connector = "|".join(sorted(_CONNECTORS, key=len, reverse=True))
    separator = rf"(?:[ \u00a0]|[-‐‑]|[ \u00a0](?:{connector})[ \u00a0]|[-‐‑](?:{connector})[-‐‑])"
    run = re.compile(rf"(?<![\w.@/])(?:{token})(?:{separator}(?:{token}))*")
    # Inside a run: the capitalised tokens and the particles, each with its offsets.
    part = re.compile(rf"(?:{token})|(?<![^\s\-‐‑])(?:{connector.replace(' ', '[ ]')})(?=[\s\-‐‑])")
    return run, part


_SENTENCE_END = frozenset(".!?:;\n\r\"“”'‘’(—–|•*#>[")
_FEATURE_WORDS = frozenset({  # lowercase word after a name → the gazetteer may know "<name> <word>"
    "plain", "plains", "valley", "desert", "mountains", "mountain", "mount", "hills", "river", "sea", "lake",
    "gulf", "strait", "straits", "bay", "peninsula", "island", "islands", "base", "airbase", "airport",
    "crossing", "dam", "canal", "corridor", "strip", "heights", "basin", "delta", "oasis", "pass", "port",
    "harbour", "harbor", "coast",
})
_ADMIN_WORDS = frozenset({"province", "governorate", "oblast", "region", "district", "state", "prefecture",
                          "county", "muhafazah", "wilayat", "krai", "raion", "municipality", "department",
                          "provinces", "governorates", "countryside"})
_MONTHS_DAYS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas",
    "easter", "ramadan", "eid",
})
_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "gen", "general",
    "lt", "lieutenant", "col", "colonel", "maj", "major", "capt", "captain", "sgt", "sergeant", "cpl",
    "corporal", "pvt", "private", "adm", "admiral", "cmdr", "commander", "president", "vice", "premier",
    "minister", "secretary", "senator", "sen", "rep", "representative", "gov", "governor", "mayor",
    "king", "queen", "prince", "princess", "sheikh", "sheik", "emir", "sultan", "pope", "saint", "rev",
    "reverend", "father", "bishop", "archbishop", "cardinal", "imam", "ayatollah", "judge", "justice",
    "officer", "detective", "deputy", "sheriff", "chief", "coach", "chairman", "spokesman",
    "spokeswoman", "spokesperson", "ambassador", "envoy", "councilman", "councilwoman", "commissioner",
    "trooper", "agent", "inspector", "superintendent", "dean", "chancellor", "director", "attorney",
    "jr", "sr", "brother", "sister", "uncle", "aunt", "mufti", "mullah", "hajji", "haji",
})
# Verbs that make a capital or country the voice of its government ("Moscow denied ...").
_METONYM_VERB = re.compile(
    r"[ \u00a0](?:has |have |had |would |will |also |later |then |quickly |strongly |has also |did not |"
    r"does not |has not )?(?:said|says|say|denied|denies|deny|warned|warns|accused|accuses|announced|"
    r"announces|claimed|claims|insisted|insists|rejected|rejects|condemned|condemns|responded|responds|"
    r"stated|states|urged|urges|demanded|demands|threatened|threatens|vowed|vows|agreed|agrees|refused|"
    r"refuses|argued|argues|believes|wants|wanted|blamed|blames|protested|protests|retaliated|"
    r"retaliates|summoned|summons|sanctioned|imposed|expelled|recalled|confirmed|confirms|"
    r"acknowledged|admitted|dismissed|welcomed|praised|criticized|criticised|called|calls|signed|"
    r"pledged|promised|decided|approved|backed|supports|supported|denounced|hit back|sent|sends)\b")
# "... condemned by Moscow", "Washington accused Moscow of ...", "urged Tehran to ...".
_METONYM_BEFORE = re.compile(
    r"(?:\b(?:said|announced|claimed|condemned|denied|imposed|rejected|critici[sz]ed|backed|supported|"
    r"ordered|approved|sanctioned|demanded) by|\b(?:accused|accuses|urged|urges|warned|warns|"
    r"called on|calls on|pressed|presses|asked|asks|told|tells|blamed|blames|criticized|criticised|"
    r"condemned|condemns|sanctioned|sanctions|persuade|persuaded|pressure|pressured|allowed)|"
    r"\b(?:relations|talks|tensions|ties|deal|agreement|dispute|rift|war of words) (?:with|between))[ \u00a0]$")
_COORDINATED = re.compile(r"[ \u00a0](?:and|&)[ \u00a0]")

# ----------------------------------------------------------------------------------------------
# Word lists shipped in geomap/data (see geomap/data/README.md for their origin)

def _read_list(name: str) -> frozenset[str]:
    try:
        text = resources.files("geomap").joinpath("data", name).read_text(encoding="utf-8")
    except OSError as err:
        log.warning("word list geomap/data/%s is missing (%s): geoparse will report more false places; "
                    "reinstall geomap with its package data", name, err)
        return frozenset()
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


# Function words that the census lists also carry as given names ("In", "Will", "An").
_FUNCTION_WORDS = frozenset(
    "a an and as at but by for from if in into it its no nor not of on or so than that the then this to "
    "up upon we what when where which while who will with yet".split())


@dataclass(frozen=True, slots=True)
class _Lists:
    first_names: frozenset[str]
    world_names: frozenset[str]    # given names of world news that no place shares in a reader's mind
    surnames: frozenset[str]
    common: frozenset[str]
    never: frozenset[str]


@lru_cache(maxsize=1)
def _lists() -> _Lists:
    return _Lists(
        first_names=frozenset(w.lower() for w in _read_list("first_names.txt") | _read_list("given_names_world.txt"))
        - _FUNCTION_WORDS,
        world_names=frozenset(w.lower() for w in _read_list("given_names_world.txt")),
        surnames=frozenset(w.lower() for w in _read_list("surnames.txt")),
        common=_read_list("common_words.txt"),
        never=frozenset(normalize(w) for w in _read_list("not_places.txt")),
    )


# ----------------------------------------------------------------------------------------------
# Per-gazetteer precomputation

_MAJOR_FEATURES = frozenset({"country", "admin1", "region", "sea"})


@dataclass(slots=True)
class _Index:
    """What geoparse needs from one gazetteer, computed lazily once per name."""

    gazetteer: Gazetteer
    names: dict[str, tuple[int, ...]]
    demonyms: dict[str, tuple[int, ...]]
    primary: dict[int, str] = field(default_factory=dict)   # index → normalized primary name
    major: dict[str, bool] = field(default_factory=dict)    # key → names a country, state, region, sea
    options: dict[str, tuple] = field(default_factory=dict)  # key → (indexes, [(index, place, prior)])
    dots: dict[str, bool] = field(default_factory=dict)      # "Calif." → the period is part of it
    skeletons: dict[str, tuple[int, ...]] | None = None      # spelling-blind Arabic names, on first use
    empty_lands: dict[str, bool] = field(default_factory=dict)  # country code → (nearly) nobody lives there

    def place(self, index: int) -> Place:
        return self.gazetteer.place(index)

    def primary_key(self, index: int) -> str:
        key = self.primary.get(index)
        if key is None:
            key = self.primary[index] = normalize(self.gazetteer.place(index).name)
        return key

    def uninhabited(self, code: str | None) -> bool:
        """Whether country ``code`` is a territory almost nobody lives in (Antarctica, the US Minor
        Outlying Islands, Bouvet Island): its atolls and stations are rarely what news means."""
        if not code:
            return False
        answer = self.empty_lands.get(code)
        if answer is None:
            owner = self.gazetteer.country(code)
            answer = self.empty_lands[code] = owner is not None and owner.population < 500
        return answer

    def is_major(self, key: str) -> bool:
        """Whether ``key`` is a country's name, the own name of a sizeable state, region or sea, or a
        city of a million: a name too prominent to be taken for a person's or a word.

        A parish of Bermuda called Hamilton or Babylon as an alias of Babil province are not.
        """
        answer = self.major.get(key)
        if answer is None:
            answer = False
            for i in self.names.get(key, ())[:10]:
                place = self.place(i)
                if place.feature == "country" or place.population >= 1_000_000 or (
                        place.feature in _MAJOR_FEATURES and _primary_match(self.primary_key(i), key)
                        and (place.population >= 300_000 or place.population == 0)):
                    answer = True
                    break
            self.major[key] = answer
        return answer


def _index(gazetteer: Gazetteer) -> _Index:
    """The geoparse caches of ``gazetteer``, kept on the gazetteer so they live and die with it."""
    index = getattr(gazetteer, "_toponym_index", None)
    if index is None:
        index = _Index(gazetteer, gazetteer.names, gazetteer.demonyms)
        gazetteer._toponym_index = index
    return index


# ----------------------------------------------------------------------------------------------
# Recognition

@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    key: str
    indexes: tuple[int, ...]
    adjectival: bool = False
    tokens: int = 1
    run_words: int = 1                 # capitalised words in the run it was found in
    sentence_initial: bool = False
    all_caps: bool = False
    admin_word: bool = False           # "X province" / "X governorate" follows
    state_after: tuple[int, ...] = ()  # "Pineville, La.": the places the following name may be
    after_comma: bool = False          # this is the "La." of "Pineville, La."
    state_before: tuple[int, ...] = ()  # after a comma: the places the preceding name may be
    after_the: bool = False            # "the Dnipro": a river or an area, rarely a city
    nationality: tuple[int, ...] = ()  # "Indian Punjab": the countries the adjective before may be
    place: Place | None = None
    role: str = "literal"
    confidence: float = 1.0
    supported: bool = False            # document context points at the chosen place
    country_named: bool = False        # the text names the chosen place's country elsewhere


def _token_key(token: str) -> str:
    """The normalized key of one token, fast for plain ASCII."""
    if token.isascii():
        key = token.lower()
        if "'" in key or "." in key or "-" in key:
            return normalize(key)
        return key
    return normalize(token)


def _strip_possessive(text: str, start: int, end: int) -> int:
    """The end of a token without a trailing possessive ("Syria's" → "Syria")."""
    if end - start > 2 and text[end - 2] in "'’" and text[end - 1] in "sS":
        return end - 2
    if end - start > 1 and text[end - 1] in "'’":
        return end - 1
    return end


def _is_sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


_CONNECTOR_SET = frozenset(_CONNECTORS)
_DOTTED_RE = re.compile(r"^(?:[^\W\d_]\.){2,}$")
# Abbreviations that start multiword names or titles: "St. Louis", "Ft. Worth", "Gen. Smith".
_ABBREVIATED_WORDS = frozenset({"st", "ste", "ft", "mt", "pt", "sen", "gen", "lt", "col", "gov", "rep", "dr",
                                "mr", "mrs", "ms", "sgt", "capt", "maj", "adm", "jr", "sr", "rev", "prof",
                                "cpl", "pvt", "cmdr", "supt", "det", "insp"})
_STREET_WORDS = frozenset(
    "street st avenue ave road rd boulevard blvd drive dr lane ln way place square park bridge station "
    "highway hwy parkway pkwy court ct circle terrace trail pike route center centre mall school college "
    "university hospital church club hotel stadium arena hall building tower airport falls "
    # institutions named after a place: "Columbus Council", "Georgia Environmental Protection"
    "council board committee commission association society department police fire sheriff township "
    "town village city high middle elementary academy library museum theatre theater zoo county "
    "state national regional municipal federal public".split())


def _keeps_dot(token: str, idx: _Index) -> bool:
    """Whether a token's final period belongs to it ("U.S.", "Calif.", "St.") or ends a sentence.

    An abbreviation is never a place's primary name: "Calif." is kept whole, "Rome." is not.
    """
    answer = idx.dots.get(token)
    if answer is None:
        if len(idx.dots) > 50_000:  # words from texts, not from the gazetteer: keep the cache bounded
            idx.dots.clear()
        answer = idx.dots[token] = _abbreviation(token, idx)
    return answer


def _abbreviation(token: str, idx: _Index) -> bool:
    """The uncached answer of :func:`_keeps_dot`."""
    if _DOTTED_RE.match(token):
        return True
    if len(token) > 7:
        return False
    key = _token_key(token)
    if key in _ABBREVIATED_WORDS:
        return True
    hit = idx.names.get(key)
    if not hit or len(key) > 5:
        return False
    own_names = [i for i in hit[:10] if _primary_match(idx.primary_key(i), key)]
    if not own_names:
        return True
    # "Ga." is Georgia's abbreviation even though a village somewhere is called Ga; "Hama." is Hama.
    return all(idx.place(i).population < 100_000 and idx.place(i).feature == "city" for i in own_names) \
        and any(idx.place(i).feature in ("admin1", "country") for i in hit[:10])


def _recognise(text: str, idx: _Index) -> tuple[list[_Candidate], set[str]]:
    """Candidate place names in ``text`` (in order, not overlapping) and the surnames of its people.

    Each run of capitalised tokens is cut into tokens with exact offsets (possessives and
    sentence-final periods left out) and handed to :func:`_match_run`.
    """
    run_re, part_re = _regexes()
    lists = _lists()
    out: list[_Candidate] = []
    persons: set[str] = set()
    names, demonyms, never = idx.names, idx.demonyms, lists.never
    for run in run_re.finditer(text):
        run_start = run.start()
        parts = []  # (start, end, key, is_connector)
        group = run.group()
        if group[0].islower() and not _ARTICLE_START.match(group):
            continue
        if group.isalnum():
            # One plain word, the most common run: skip it early unless the gazetteer knows it.
            key = group.lower() if group.isascii() else normalize(group)
            if key not in names and key not in demonyms and key not in never \
                    and not (len(key) == 2 and group.isupper() and f"{key[0]} {key[1]}" in names) \
                    and not (len(key) >= 5 and key not in lists.common and _arabic_ending(names, key, idx)):
                # "the Ghab plain", "Hmeimim air base": only the longer name is known
                tail = _NEXT_WORD.match(text, run.end())
                if not tail or tail.group(1) not in _TAIL_STARTS or _tail_name(text, run.end(), key, names) is None:
                    continue
            pieces = ((0, len(group), group),)
        else:
            pieces = ((p.start(), p.end(), p.group()) for p in part_re.finditer(group))
        for p_start, p_end, tok in pieces:
            s, e = run_start + p_start, run_start + p_end
            is_conn = tok[0].islower() and tok in _CONNECTOR_SET
            sentence_end = False
            if not is_conn:
                e = _strip_possessive(text, s, e)
                # A period ends the sentence unless it closes an initial ("W. Va.", "D. Bassett") or
                # an abbreviation that starts a name ("Calif.", "U.S.", "and St. Louis") or follows
                # an initial; "New York City." ends a sentence.
                if text[e - 1] == "." and e - s > 2 and not (
                        (not parts or parts[-1][3] or _INITIAL.match(text, parts[-1][0], parts[-1][1])
                         or tok.count(".") > 1)
                        and _keeps_dot(text[s:e], idx)):
                    e -= 1
                    sentence_end = True
            parts.append((s, e, _token_key(text[s:e]), is_conn))
            if sentence_end:  # "... in Syria. Shelling resumed": two sentences, two runs
                _match_run(text, parts, idx, lists, persons, out)
                parts = []
        if parts:
            _match_run(text, parts, idx, lists, persons, out)
    if "counties" in text or "Counties" in text:
        out = _county_lists(text, idx, out)
    return out, persons


_COUNTIES = re.compile(r" (?:counties|Counties)\b")
# A list of one- or two-word names that ends where the window ends (just before " counties").
_COUNTY_LIST = re.compile(
    r"(?:[A-Z][\w'’.]*(?: [A-Z][\w'’.]*)?(?:, (?:and )?| and | & ))+[A-Z][\w'’.]*(?: [A-Z][\w'’.]*)?\Z")
_LIST_ITEM = re.compile(r"[A-Z][\w'’.]*(?: [A-Z][\w'’.]*)?")


def _county_lists(text: str, idx: _Index, cands: list[_Candidate]) -> list[_Candidate]:
    """"Jackson and Barrow counties": each listed name is a county, not the town or the person."""
    by_start = {c.start: c for c in cands}
    for counties in _COUNTIES.finditer(text):
        # Look back a bounded window only: a regex over the whole text backtracks quadratically
        # on a long comma-separated list.
        window = max(0, counties.start() - 200)
        m = _COUNTY_LIST.search(text, window, counties.start())
        if m is None:
            continue
        for item in _LIST_ITEM.finditer(text, m.start(), m.end()):
            key = f"{_token_key(item.group())} county"
            hit = idx.names.get(key)
            if not hit:
                continue
            cand = by_start.get(item.start())
            if cand is None or cand.end > item.end():
                cand = by_start[item.start()] = _Candidate(item.start(), item.end(), key, hit)
            cand.end, cand.key, cand.indexes, cand.tokens, cand.run_words = item.end(), key, hit, 2, 2
    return sorted(by_start.values(), key=lambda c: c.start)


def _person_tokens(text: str, parts: list, idx: _Index, lists: _Lists, persons: set[str]) -> list[bool]:
    """Which tokens of a run belong to a person's name; their surnames are added to ``persons``.

    A person starts at a title ("President", "Gen.", or one just before the run: "spokesman John
    Kirby") or at a given name followed by another capitalised word that does not make a place
    name with it ("Jimmy Carter", but not "Charlotte Amalie", "Jordan Valley", "Austin Texas").
    """
    n = len(parts)
    keys = [p[2] for p in parts]
    names = idx.names
    person = [False] * n
    before = text[max(0, parts[0][0] - 16):parts[0][0]].rstrip(" \u00a0,").rsplit(None, 1)
    title = before[-1].lower() if before else ""
    if title.endswith(".") and title[:-1] not in _ABBREVIATED_WORDS:
        title = ""  # "... said the Judge. Columbus attorney ...": a sentence ended there
    inside = title.rstrip(".") in _TITLES and not names.get(" ".join(keys))
    tail = _NEXT_WORD.match(text, parts[-1][1])

    def in_a_name(i: int) -> bool:
        """Whether token ``i`` and the next stand in a place name of three words or more, perhaps with
        the lowercase words after the run ("Ben Gurion airport", "King Khalid International Airport")."""
        for s in range(max(0, i - MAX_TOKENS + 2), i + 1):
            if any(names.get(" ".join(keys[s:e])) for e in range(max(i + 2, s + 3), min(n, s + MAX_TOKENS) + 1)):
                return True
            if tail is not None and tail.group(1) in _TAIL_STARTS and n - s < MAX_TOKENS \
                    and _tail_name(text, parts[-1][1], " ".join(keys[s:]), names) is not None:
                return True
        return False

    for i in range(n):
        start, end, key, is_conn = parts[i]
        if is_conn:
            inside = False
            continue
        if key in _TITLES and i + 1 < n and not parts[i + 1][3] and not names.get(f"{key} {keys[i + 1]}") \
                and not (i > 0 and names.get(f"{keys[i - 1]} {key}")) and not in_a_name(i):
            # "President Putin", but not "Saint Louis", "General Santos", "Sharm el-Sheikh"
            person[i] = inside = True
            continue
        if not inside and key in lists.first_names and i + 1 < n and not parts[i + 1][3] \
                and key not in idx.demonyms and keys[i + 1] not in idx.demonyms \
                and not any(names.get(" ".join(keys[s:e])) for s in range(max(0, i - 3), i)
                            for e in (i + 1, i + 2)):  # "SAN ANTONIO Turner Sports", "Dera Ismail Khan"
            nxt = keys[i + 1]
            if parts[i + 1][0] - end <= 1 and not names.get(f"{key} {nxt}") and not in_a_name(i) \
                    and nxt not in _FEATURE_WORDS \
                    and nxt not in _ADMIN_WORDS and nxt not in _STREET_WORDS and not idx.is_major(nxt) \
                    and (not idx.is_major(key) or nxt in lists.surnames or key in lists.world_names):
                person[i] = inside = True
                continue
        if inside:
            person[i] = True
            if not idx.is_major(key) and key not in idx.demonyms:
                persons.add(key)
            if text.startswith(("'s", "’s"), end):
                inside = False  # "Xavier Dolan's Canadian drama": the name ends at the possessive
    return person


def _match_run(text: str, parts: list, idx: _Index, lists: _Lists, persons: set[str],
               out: list[_Candidate]) -> None:
    """Append to ``out`` the longest gazetteer names and demonyms among the tokens of one run.

    ``parts`` are ``(start, end, key, is_connector)``; people's names, not-place names, months,
    titles, languages, currencies and diseases are skipped.
    """
    names, demonyms = idx.names, idx.demonyms
    n = len(parts)
    keys = [p[2] for p in parts]
    person = _person_tokens(text, parts, idx, lists, persons) if n > 1 or parts[0][0] > 0 else [False]
    # Capitalised words of the run that are not a person's name: "Sen. Max Baucus of Montana"
    # leaves "Montana" alone, "Chamber of Commerce and Industry" does not leave "Commerce" alone.
    # "Kupiansk on Monday" is one run (as "Rostov on Don" is) but one name: days and months don't count.
    words = sum(1 for p, is_person in zip(parts, person)
                if not p[3] and not is_person and p[2] != "the" and p[2] not in _MONTHS_DAYS)
    tail = _NEXT_WORD.match(text, parts[-1][1])
    tail_word = tail.group(1) if tail else ""
    arabic = n > 1 and any(k.split(" ", 1)[0] in _ARABIC_ARTICLES or _FUSED_ARTICLE.match(k) for k in keys)
    i = 0
    while i < n:
        if parts[i][3] or person[i]:
            i += 1
            continue
        best = None
        for j in range(min(n, i + MAX_TOKENS), i, -1):
            if parts[j - 1][3] or person[j - 1]:
                continue
            key = " ".join(keys[i:j])
            if j == n and tail_word in _TAIL_STARTS:
                longer = _tail_name(text, parts[-1][1], key, names)
                if longer is not None:  # "the Ghab plain", "Engels air base", "the Rafah border crossing"
                    best = (j, longer[0], names[longer[0]], False, longer[1])
                    break
            if key in lists.never:  # "Notre Dame", "African-American": not a place, nor are its parts
                best = (j, key, (), False, False)
                break
            hit = names.get(key)
            if not hit and len(key) >= 5 and key not in lists.common and key.isalpha() \
                    and text[parts[i][0]:parts[i][0] + 1].isupper():
                hit = _arabic_ending(names, key, idx)
            adjective = demonyms.get(key)
            if adjective and not (hit and idx.is_major(key)):  # "Canadian" the adjective, not the Texas town
                best = (j, key, adjective, True, False)
                break
            if hit:
                best = (j, key, hit, False, False)
                break
            if j - i == 1 and len(key) == 2 and key.upper() not in _NOT_INITIALS \
                    and text[parts[i][0]:parts[i][1]].isupper():
                hit = tuple(k for k in names.get(f"{key[0]} {key[1]}", ())[:5]
                            if idx.place(k).feature in ("admin1", "country"))
                if hit:  # "BC" for "B.C.", British Columbia
                    best = (j, key, hit, False, False)
                    break
            if j - i > 1 and arabic and (_ARTICLE_WORD.search(key) or _FUSED_ARTICLE.search(key, 1)):
                hit = _transliterated(idx, key)
                if hit:  # "Ras al-Ain" for the gazetteer's "Ra's al 'Ayn"
                    best = (j, key, hit, False, False)
                    break
        if best is None:
            i += 1
            continue
        j, key, hit, adjectival, extended = best
        state_team = j - i > 1 and keys[j - 1] == "state" and not extended and " ".join(keys[i:j - 1]) in names \
            and any(idx.place(k).country == "US" for k in hit[:3])
        if state_team:
            j -= 1  # "Ohio State", "Mississippi State": a US university or team; "Lagos State" is the state
            key = " ".join(keys[i:j])
            hit = names[key]
        if j == n and tail_word == "state" and not extended and key not in lists.common \
                and set(hit).intersection(names.get(f"{key} state", ())):
            hit = names[f"{key} state"]  # "Washington state": the state, though the span stays "Washington"
        if keys[i] == "the" and j - i > 1 and not extended:
            rest = " ".join(keys[i + 1:j])  # "The Pentagon said": the name is "Pentagon"
            if rest in names or rest in demonyms:
                i += 1
                key, hit = rest, names.get(rest) or demonyms[rest]
                adjectival = rest not in names
        start, end = parts[i][0], parts[j - 1][1]
        if not hit or key in _MONTHS_DAYS or key in _TITLES:
            i = j
            continue
        span = text[start:end]
        if _CONTRACTION.search(span) or (len(key) <= 2 and not span.isupper() and "." not in span) \
                or (len(span) <= 4 and _CAMEL.search(span)):
            i = j  # "I'll", "We've", "MoD"; "Us", "La", "Mo" are words, only "US", "LA" or "Mo." name places
            continue
        if adjectival and _LANGUAGE_BEFORE.search(text, max(0, start - 24), start) \
                and not _NOUN_AFTER.match(text, end):
            i = j  # "she spoke French": a language, not a place
            continue
        if _MEDIA_AFTER.match(text, end):  # "the Washington Post", "Sky News Arabia"
            i = n
            continue
        if j < n and keys[j] in _ROAD_WORDS and not parts[j][3]:
            i = j + 1  # "Swan Street", "Oxford Road": a street, wherever the town of that name is
            continue
        if key.startswith(("st ", "saint ", "ste ")) and _SAINTS_DAY.match(text, end):
            i = j  # "St. John's Lutheran School", "St. Patrick's Day": a saint, not a town
            continue
        if text.startswith("$", end) or (keys[j] if j < n else tail_word) in _DISEASE_WORDS:
            i = j  # "US$10", "A$"; "West Nile virus", "Rift Valley fever", "Marburg Virus": money, diseases
            continue
        if extended:
            end = extended
        cand = _Candidate(start, end, key, hit, adjectival=adjectival, tokens=j - i,
                          run_words=j - i if state_team else words)
        if j == n and tail_word in _ADMIN_WORDS:
            cand.admin_word = True
        out.append(cand)
        i = j


_ARABIC_ARTICLES = frozenset("al el ad ar as ash at az an ul ed es et er en ez esh ech".split())
_ARTICLE_START = re.compile(_ARTICLES)
_ARTICLE_WORD = re.compile(r"(?:^| )(?:%s) " % "|".join(sorted(_ARABIC_ARTICLES)))
# A word after the first that begins with an article fused to the sun letter it doubles: "Ezzor"
# in "Deir Ezzor" (Deir ez-Zor).
_FUSED_ARTICLE = re.compile(r"(?:^| )[ae]([dnrstz])\1")
def _arabic_ending(names: dict, key: str, idx: _Index) -> tuple[int, ...] | None:
    """Towns of the Arab world whose final -ah or article the text spells otherwise: "Hawija" for
    "Hawijah", "Hawijah" for "Hawija", "Qaim" for "Al Qaim". Only cities, and only in Arabic-speaking
    countries, so an English word never turns into a town this way."""
    variants = [key + "h"] if key.endswith("a") else [key[:-1]] if key.endswith("ah") else []
    variants += [f"{article} {key}" for article in ("al", "ar", "as", "ash", "at", "ad", "an", "az")]
    for variant in variants:
        found = tuple(i for i in names.get(variant, ())[:5]
                      if idx.place(i).feature == "city" and idx.place(i).country in _ARABIC_COUNTRIES)
        if found:
            return found
    return None


_ARABIC_COUNTRIES = frozenset("DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE EH TD".split())
_VOWELS = str.maketrans("", "", "aeiouyhw' ")


def _skeleton(key: str) -> str:
    """A spelling-blind key for Arabic names: articles, vowels, h, w, y and doubled letters gone.

    "ras al ain" and "ras al ayn" → "rs n"; "deir ez zor" and "dayr az zawr" → "dr zr".
    """
    out = []
    for word in key.split():
        if word in _ARABIC_ARTICLES:
            continue
        bare = word.translate(_VOWELS)
        out.append("".join(c for k, c in enumerate(bare) if k == 0 or c != bare[k - 1]))
    return " ".join(w for w in out if w)


def _transliterated(idx: _Index, key: str) -> tuple[int, ...]:
    """Places whose Arabic name is spelled differently from ``key`` but has the same skeleton.

    Only names with an article are indexed (built on first use, once per gazetteer), and only
    skeletons of two words and three consonants or more; context then chooses among the places.
    """
    if idx.skeletons is None:
        index: dict[str, set[int]] = {}
        has_article = _ARTICLE_WORD.search
        for name, places in idx.names.items():
            if " " in name and has_article(name):
                index.setdefault(_skeleton(name), set()).update(places[:5])
        idx.skeletons = {k: tuple(sorted(v)) for k, v in index.items()
                         if " " in k and len(k.replace(" ", "")) >= 3}
    return idx.skeletons.get(_skeleton(key), ())


_NEXT_WORD = re.compile(r"[ \u00a0]([a-z]+)\b")
# Up to three lowercase words after a name: "air base", "nuclear power plant", "border crossing".
_NEXT_WORDS = re.compile(r"[ \u00a0]([a-z]+)\b(?:[ \u00a0]([a-z]+)\b)?(?:[ \u00a0]([a-z]+)\b)?")
# First words of the lowercase tails that site, area and water names carry.
_TAIL_STARTS = _FEATURE_WORDS | frozenset({
    "air", "naval", "navy", "military", "army", "nuclear", "power", "thermal", "hydroelectric", "border",
    "refugee", "camp", "oil", "gas", "grain", "sea", "river", "international", "plant", "terminal",
    "barracks", "prison", "bridge", "reservoir", "checkpoint", "garrison", "fortress", "station",
})


def _tail_name(text: str, end: int, key: str, names: dict) -> tuple[str, int] | None:
    """The longest gazetteer name made of ``key`` and the lowercase words after ``end``, with its end.

    "Engels air base" is the base and "Zaporizhzhia nuclear power plant" the plant, not the city:
    the full name is tried before shorter ones, and the bare name is the caller's fallback.
    """
    tail = _NEXT_WORDS.match(text, end)
    if tail is None or tail.group(1) not in _TAIL_STARTS:
        return None
    words = [w for w in tail.groups() if w]
    for k in range(len(words), 0, -1):
        longer = f"{key} {' '.join(words[:k])}"
        if longer in names:
            return longer, tail.end(k)
    return None
# Two capitals that are not a place's initials even where a gazetteer has the dotted form.
_NOT_INITIALS = frozenset("AP MP PM UP IT TV PC ID OK AM AD CO IS ON OR IN AT AS BE BY DO GO HE IF ME MY NO OF "
                          "OH SO TO WE HQ UN".split())
# A place name followed by one of these names a disease or its agent, not the place.
_DISEASE_WORDS = frozenset("virus viruses fever disease diseases encephalitis hemorrhagic haemorrhagic "
                           "vaccine vaccines strain".split())  # "a UK outbreak" is in the UK
_ROAD_WORDS = frozenset("street st avenue ave road rd boulevard blvd lane ln drive dr parkway pkwy terrace "
                        "pike circle court ct way".split())
_SAINTS_DAY = re.compile(r"['’]s[ \u00a0][A-Z]")
_CAMEL = re.compile(r"[a-z][A-Z]")  # "MoD", "DoD", "MoU": acronyms, not names
_INITIAL = re.compile(r"[^\W\d_]\.$")
_CONTRACTION = re.compile(r"['’](?:ll|ve|re|m|d|t)$", re.IGNORECASE)
_LANGUAGE_BEFORE = re.compile(
    r"\b(?:speak|speaks|spoke|spoken|speaking|learn|learns|learned|learning|taught|teach|teaches|"
    r"translated into|fluent in|in)[ \u00a0](?:only |mostly |little |some |good |fluent |broken |no )?$")
_NOUN_AFTER = re.compile(r"[ \u00a0](?!(?:and|or|at|in|with|to|as|but|on|for|well|fluently|only|too|instead)\b)[a-z]")
_MEDIA_AFTER = re.compile(
    r"[ \u00a0-](?:Post|Times|Herald|Tribune|Journal|Gazette|Chronicle|Observer|Telegraph|Inquirer|"
    r"Courier|Examiner|Star-Tribune|Star-Advertiser|Free Press|Daily News)\b")


def _headline_line(text: str, start: int, end: int, cache: dict[int, bool]) -> bool:
    """Whether the line around ``start`` is a Title Case Headline (most words capitalised).

    Only lines of up to 300 characters are headlines; the search never looks further, so a
    50 MB article on one line costs no more than a short one.
    """
    newline = text.rfind("\n", max(0, start - 300), start)
    if newline < 0 and start > 300:
        return False
    line_start = newline + 1
    answer = cache.get(line_start)
    if answer is None:
        line_end = text.find("\n", end, line_start + 301)
        if line_end < 0 and len(text) > line_start + 300:
            answer = cache[line_start] = False
            return answer
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        words = [w for w in line.split() if w[:1].isalpha()]
        capitalised = sum(1 for w in words if w[0].isupper())
        answer = cache[line_start] = len(words) >= 3 and capitalised >= 0.75 * len(words)
    return answer


_DATELINE_AFTER = re.compile(r",[ \u00a0]+[A-Z]|[ \u00a0]*[-–—]|[ \u00a0]\(")


def _shouted(text: str, start: int, end: int, idx: _Index, key: str) -> bool:
    """Whether an all-caps word in mixed-case text is an acronym rather than the place it spells.

    "SWAT team", "the ICE raid": the capitals mark an acronym, and a valley or village of that name
    is not meant. A dateline ("PESHAWAR, Pakistan"), a line in capitals (a headline), a country
    or a well-known place ("DPRK", "UAE", "BAGHDAD") keeps its reading.
    """
    if _is_sentence_initial(text, start) or _DATELINE_AFTER.match(text, end):
        return False  # a dateline ("... 2009 NEWARK --", "COLUMBUS, Ohio") or a line that starts with it
    line_start = text.rfind("\n", max(0, start - 300), start) + 1
    line_end = text.find("\n", end, end + 300)
    line = text[max(line_start, start - 300):line_end if line_end >= 0 else end + 300]
    letters = [c for c in line if c.isalpha()]
    if sum(c.isupper() for c in letters) >= 0.6 * len(letters):
        return False  # a headline or a tweet in capitals
    return not idx.is_major(key) and all(idx.place(i).population < 500_000 for i in idx.names.get(key, ())[:10])


def _flag_context(text: str, cands: list[_Candidate], persons: set[str], idx: _Index) -> list[_Candidate]:
    """Drop what the surroundings say is not a place; note "X province" and "City, State"."""
    common = _lists().common
    midsentence: set[str] = set()
    headlines: dict[int, bool] = {}
    for c in cands:
        c.sentence_initial = _is_sentence_initial(text, c.start)
        c.after_the = c.start >= 4 and text[c.start - 4:c.start - 1] == "the" and text[c.start - 1] in " \u00a0"
        span = text[c.start:c.end]
        c.all_caps = span.isupper() and len(span) > 3 and "." not in span
        if not c.sentence_initial and not c.all_caps:
            midsentence.add(c.key)
    kept = []
    for c in cands:
        if c.key in persons and c.tokens == 1 and not c.adjectival:
            continue
        if c.key in common and c.tokens == 1 and c.key not in midsentence and not idx.is_major(c.key) \
                and (c.sentence_initial or c.all_caps or _headline_line(text, c.start, c.end, headlines)):
            continue
        if c.all_caps and c.tokens == 1 and not c.adjectival and _shouted(text, c.start, c.end, idx, c.key):
            continue
        kept.append(c)
    for a, b in zip(kept, kept[1:]):
        if b.start == a.end + 2 and text.startswith(", ", a.end) and _nested(idx, a.indexes, b.indexes):
            a.state_after = b.indexes  # "Pineville, La.", not the list "Homs, Hama and Raqqa"
            b.after_comma, b.state_before = True, a.indexes
        elif a.adjectival and not b.adjectival and b.start == a.end + 1 and text[a.end] == " ":
            b.nationality = a.indexes  # "Indian Punjab", "Iranian Kurdistan": that country's
        elif not a.adjectival and not b.adjectival and b.start == a.end + 3 and text[a.end:a.end + 3] in ("'s ", "’s ") \
                and a.indexes and idx.place(a.indexes[0]).feature == "country":
            b.nationality = a.indexes[:1]  # "Iraq's Kurdistan region", "Iran's Sistan and Baluchestan"
    listed = False
    for k, c in enumerate(kept):
        # "the provinces of Homs, Hama and Raqqa": each listed name is the province
        if _PROVINCES_OF.search(text, max(0, c.start - 30), c.start):
            listed = True
        elif not (listed and k and _LIST_JOIN.fullmatch(text, kept[k - 1].end, c.start)):
            listed = False
        if listed:
            c.admin_word = True
    return kept


_PROVINCES_OF = re.compile(r"\b(?:provinces?|governorates?|oblasts?|regions?|districts?|prefectures?) of[ \u00a0]$")
_LIST_JOIN = re.compile(r",[ \u00a0]|,?[ \u00a0]and[ \u00a0]")


def _nested(idx: _Index, inner: tuple[int, ...], outer: tuple[int, ...]) -> bool:
    """Whether one of the places ``inner`` may be lies in one of the states or countries ``outer`` may be."""
    containers = set()
    for i in outer[:20]:
        place = idx.place(i)
        if place.feature == "country":
            containers.add((place.country, None))
        elif place.feature == "admin1":
            containers.add((place.country, place.admin1))
    if not containers:
        return False
    for i in inner[:40]:
        place = idx.place(i)
        if (place.country, None) in containers or (place.country, place.admin1) in containers:
            return True
    return False


# ----------------------------------------------------------------------------------------------
# Resolution

_FEATURE_PRIOR = {"country": 11.0, "admin1": 7.0, "region": 7.0, "sea": 6.5, "area": 6.0, "site": 6.0,
                  "river": 5.0, "admin2": 4.5, "city": 0.0}
_CODE_BONUS = {"PPLC": 4.0, "PPLA": 1.5, "PPLG": 2.0, "PPLA2": 0.5}


def _options(idx: _Index, key: str, indexes: tuple[int, ...]) -> list[tuple[int, Place, float, float]]:
    """The places a name may be: (index, place, context-free prior, weight of context); per name.

    A hamlet that only an alternate name links to the text gets half the weight of context: a
    Ukrainian village once called Novorossiysk must not beat the Russian port in a war report.
    """
    cached = idx.options.get(key)
    if cached is None or cached[0] is not indexes:
        rows = []
        for i in indexes[:60]:
            place = idx.place(i)
            hamlet = place.feature == "city" and place.population < 5000 \
                and not _primary_match(idx.primary_key(i), key)
            rows.append((i, place, _prior(idx, i, key), 0.5 if hamlet else 1.0))
        cached = idx.options[key] = (indexes, rows)
    return cached[1]


def _prior(idx: _Index, index: int, key: str) -> float:
    place = idx.place(index)
    score = _FEATURE_PRIOR.get(place.feature, 2.0)
    if place.feature == "city":
        score += 0.9 * math.log10(place.population + 10)
        if place.population >= 5000:  # a "capital" of 656 people is a stale record, not a capital
            score += _CODE_BONUS.get(place.feature_code, 0.0)
    if _primary_match(idx.primary_key(index), key):
        score += 2.0
    elif place.feature == "city":
        score -= 1.0  # an alternate name: often historical or foreign ("Salisbury" for Harare)
    if place.feature != "country" and idx.uninhabited(place.country):
        score -= 8.0  # "Palmyra" is not Palmyra Atoll, "Johnston" not Johnston Atoll, unless nothing else is
    return score


def _primary_match(primary: str, key: str) -> bool:
    """Whether ``key`` is the place's own name, allowing transliteration slack ("hama"/"hamah")."""
    if primary == key:
        return True
    if primary.startswith(("al ", "el ", "ar ", "as ", "ad ", "an ", "at ", "az ", "ash ")):
        primary = primary.split(" ", 1)[1]  # "ar raqqah" is Raqqa's own name
        if primary == key:
            return True
    return abs(len(primary) - len(key)) <= 2 and len(key) >= 4 and primary[:4] == key[:4] \
        and (primary.startswith(key) or key.startswith(primary))


@dataclass(slots=True)
class _Context:
    """The countries and first-level divisions a document names, with how often."""

    countries: Counter
    admin1s: Counter
    total: int = 0
    votes: Counter | None = None

    def country_share(self, code: str | None, exclude: Counter) -> float:
        if not code:
            return 0.0
        own = self.countries[code] - exclude[code]
        if own <= 0:
            return 0.0
        return own / (self.total - sum(exclude.values()))


def _evidence(idx: _Index, cand: _Candidate) -> tuple[Counter, Counter]:
    """Which countries and admin1s this mention, read on its own, points to."""
    countries: Counter = Counter()
    admin1s: Counter = Counter()
    # The reading the name has on its own: "Washington" states DC, not Washington State, which
    # holds the name only as an alternate (and so is not counted as a state the text names).
    options = _options(idx, cand.key, cand.indexes)
    top = max(options, key=lambda row: row[2])[1]
    if top.feature in _MAJOR_FEATURES or cand.adjectival:
        if top.country:
            countries[top.country] += 1
        if top.feature == "admin1" and top.admin1:
            admin1s[(top.country, top.admin1)] += 2  # a state named outright outweighs a small town
    elif len(cand.indexes) == 1 and top.country and (top.population >= 5000 or top.feature != "city") \
            and _primary_match(idx.primary_key(cand.indexes[0]), cand.key):
        # a name only one place has, unless that place is a hamlet (its uniqueness proves little)
        countries[top.country] += 1
        if top.admin1:
            admin1s[(top.country, top.admin1)] += 1
    return countries, admin1s


def _resolve(idx: _Index, cands: list[_Candidate]) -> None:
    """Choose each candidate's place in two passes.

    Pass one uses what the text states outright (countries, states, demonyms, names with a single
    place). Pass two adds where pass one put everything else, and lets every name vote for the
    states it could lie in, so a cluster of small places that agree on one state ("Gainesville",
    "Hall County", "Lake Lanier") pulls each of them there. Each distinct name counts once, and its
    own contribution is left out of the context it is judged by: a name repeated ten times does
    not vouch for itself.
    """
    groups: dict[tuple, list[_Candidate]] = {}
    for cand in cands:
        signature = (cand.key, cand.adjectival, cand.state_after, cand.admin_word, cand.after_comma, cand.after_the,
                     cand.nationality)
        groups.setdefault(signature, []).append(cand)
    evidence: dict[str, tuple[Counter, Counter]] = {}
    for cand in cands:
        if cand.key not in evidence:
            evidence[cand.key] = _evidence(idx, cand)
    ctx = _Context(Counter(), Counter())
    for countries, admin1s in evidence.values():
        ctx.countries.update(countries)
        ctx.admin1s.update(admin1s)
    ctx.total = sum(ctx.countries.values())
    for (key, *_), members in groups.items():
        _choose(idx, members[0], ctx, evidence[key])
    resolved: dict[str, tuple[Counter, Counter]] = {}
    for members in groups.values():
        cand = members[0]
        if cand.key in resolved:
            continue
        countries, admin1s = Counter(), Counter()
        place = cand.place
        if place.country and cand.confidence >= 0.6:
            countries[place.country] += 1
            if place.admin1 and place.feature != "country":
                admin1s[(place.country, place.admin1)] += 1
        resolved[cand.key] = (countries, admin1s)
    ctx2 = _Context(ctx.countries.copy(), ctx.admin1s.copy())
    for countries, admin1s in resolved.values():
        ctx2.countries.update(countries)
        ctx2.admin1s.update(admin1s)
    ctx2.total = sum(ctx2.countries.values())
    # Every name votes for the states it could lie in: one vote, split over its states.
    votes: Counter = Counter()
    ballots: dict[str, dict[tuple, float]] = {}
    for cand in cands:
        if cand.key in ballots or cand.adjectival:
            continue
        states = {(place.country, place.admin1) for _, place, _, _ in _options(idx, cand.key, cand.indexes)
                  if place.admin1 and place.feature != "country"}
        weight = 1.0 / len(states) if states else 0.0
        ballots[cand.key] = dict.fromkeys(states, weight)
        for state in states:
            votes[state] += weight
    ctx2.votes = votes
    for (key, *_), members in groups.items():
        cand = members[0]
        (own_c, own_a), (res_c, res_a) = evidence[key], resolved[key]
        _choose(idx, cand, ctx2, (own_c + res_c, own_a + res_a), ballots.get(key, {}))
        # Whether to believe a doubtful name at all is judged on what the text states outright.
        place = cand.place
        code = (place.country, place.admin1)
        stated = place.admin1 and place.feature != "country" and ctx.admin1s[code] - own_a[code] > 0
        cand.supported = bool(stated) or cand.admin_word or (cand.supported and bool(cand.state_after))
        cand.country_named = ctx2.country_share(place.country, own_c + res_c) > 0
        for other in members[1:]:
            other.place, other.confidence = cand.place, cand.confidence
            other.supported, other.country_named = cand.supported, cand.country_named


_NATURAL_FEATURES = frozenset({"river", "sea", "area"})
_WATER_WORDS = frozenset({"sea", "ocean", "gulf", "strait", "straits", "bay", "lake", "channel", "sound"})


def _choose(idx: _Index, cand: _Candidate, ctx: _Context, own: tuple[Counter, Counter],
            own_ballot: dict[tuple, float] | None = None) -> None:
    own_countries, own_admin1s = own
    scores = []
    neighbours = [idx.place(i) for i in cand.state_after[:20]]
    state_codes = {(p.country, p.admin1) for p in neighbours if p.feature == "admin1"}
    state_countries = {p.country for p in neighbours if p.feature == "country"}
    nationality = {p.country for p in map(idx.place, cand.nationality[:5]) if p.feature == "country"}
    # "Spokane, Washington": the state that holds the town before the comma, not DC.
    holds = {(p.country, p.admin1) for p in map(idx.place, cand.state_before[:40]) if p.feature != "admin1"}
    own_total = sum(own_countries.values())
    others = ctx.total - own_total
    options = _options(idx, cand.key, cand.indexes)
    top = options[0][1]
    country_name = top.feature == "country" and idx.primary_key(options[0][0]) == cand.key
    # "the Red Sea" is the sea, not Sudan's Red Sea state, whatever else the text names in Sudan.
    water = cand.key.rsplit(" ", 1)[-1] in _WATER_WORDS and not cand.admin_word \
        and any(place.feature == "sea" for _, place, _, _ in options)
    # "crossed the Dnipro", "the Euphrates", "east of the Blue Nile": a river or an area that shares
    # the name of a city or of a state ("Blue Nile state", "in Blue Nile" are the state).
    natural = cand.after_the and not cand.admin_word \
        and any(place.feature in _NATURAL_FEATURES for _, place, _, _ in options)
    for index, place, prior, weight in options:
        if country_name and place.country == top.country and place.feature != "country":
            continue  # "Mexico" is the country, not Mexico City or México state
        if water and place.feature != "sea":
            continue
        if natural and place.feature in ("city", "admin1", "admin2"):
            continue  # "across the Nile": the river, not Sudan's River Nile state
        score = prior
        support = 0.0
        if others > 0 and place.country:
            mentions = ctx.countries[place.country] - own_countries[place.country]
            if mentions > 0:
                score += 5.0 * weight * mentions / others
        elif others > 0 and not place.country and place.feature != "river":
            # An ocean or a continent belongs to no country and fits any text's context; a river
            # runs through some, and "in Dnipro" is the city unless the text says "the Dnipro".
            score += 5.0
        code = (place.country, place.admin1)
        if place.admin1 and place.feature != "country":
            mentions = ctx.admin1s[code] - own_admin1s[code]
            if mentions > 0:
                support += 2.0 + min(mentions, 3) * 0.5
        if ctx.votes and place.admin1 and place.feature != "country":
            others_vote = ctx.votes[code] - own_ballot.get(code, 0.0)
            support += 2.0 * min(others_vote, 1.0)
        if state_codes and code in state_codes:
            support += 6.0
        elif state_countries and place.country in state_countries:
            support += 4.0
        support *= weight
        if place.country in nationality:
            score += 10.0  # the adjective says whose: stronger than the other names of the text
        elif nationality and place.country:
            score -= 10.0  # "Iraq's Kurdistan region" is not Iran's Kurdistan province
        if cand.admin_word and place.feature in ("admin1", "admin2"):
            score += 4.0
        if cand.after_comma and place.feature in ("admin1", "country"):
            score += 2.0
            if place.feature == "admin1" and code in holds:
                score += 3.0
        scores.append((score + support, support, index))
    scores.sort(key=lambda entry: -entry[0])  # stable: ties go to the more prominent place
    best_score, support, best = scores[0]
    top = idx.place(best)
    if top.feature == "admin1" and not cand.admin_word and not cand.after_comma:
        # "New York", "Hama": the state or province and its main city share the name; a
        # reader means the city unless the text says "province"/"state".
        for score, city_support, index in scores[1:8]:
            city = idx.place(index)
            if city.feature == "city" and city.country == top.country and city.admin1 == top.admin1 \
                    and (city.population >= 100_000 or city.feature_code in ("PPLA", "PPLC")):
                best_score, support, best = score, city_support, index
                break
    # The province a city gave its name to is the same reading, not a rival, for the confidence.
    rivals = (s for s, _, i in scores if i != best and not (i == scores[0][2] and top.feature == "admin1"))
    margin = best_score - max(rivals, default=best_score - 5.0)
    cand.place = idx.place(best)
    cand.supported = support >= 2.5 or cand.admin_word
    cand.country_named = ctx.country_share(cand.place.country, own_countries) > 0
    cand.confidence = round(1.0 / (1.0 + math.exp(-margin)), 3)


_LOCATIVE_BEFORE = re.compile(r"\b(?:in|near|outside|across|around|into|throughout|towards?|of|from)[ \u00a0]$")
# "the port of Mocha", "the village of Reading": only a place can follow.
_PLACE_OF_BEFORE = re.compile(
    r"\b(?:(?:port|city|town|village|villages|towns|province|governorate|region|district|outskirts|"
    r"suburbs?|countryside) of|(?:north|south|east|west|northeast|northwest|southeast|southwest) of)[ \u00a0]$")


# A strike verb right before a name, or a passive one right after it, says the name is a place.
_STRUCK_BEFORE = re.compile(
    r"\b(?:hit|hits|struck|strikes?|shelled|shells|shelling|bombed|bombs|bombing|pounded|pounds|targeted|targets|"
    r"stormed|captured|recaptured|besieged|attacked|seized|overran|raided|took control of|"
    r"(?:strikes?|attacks?|raids?|assault|offensive|shelling|bombardment) "
    r"(?:on|of|against))[ \u00a0]$")
_STRUCK_AFTER = re.compile(r"\s+(?:was|were|has been|had been|came)\s+(?:\w+\s+)?(?:hit|struck|shelled|bombed|"
                           r"attacked|targeted|pounded|under (?:fire|attack))\b")


def _plausible(text: str, cand: _Candidate, idx: _Index, lists: _Lists) -> bool:
    """Whether a resolved one-word name is likely a place, not a person, a word or a code.

    Small towns share their names with surnames, given names and common words ("Baker",
    "Donald", "Police"); only document context (a state named nearby) keeps those.
    """
    place = cand.place
    if cand.tokens > 1 or cand.adjectival or place is None or place.feature == "country":
        return True
    span = text[cand.start:cand.end]
    key = cand.key
    if place.feature in _MAJOR_FEATURES:
        # A province, region or sea whose name is also an ordinary word ("Interior" for Ad
        # Dakhiliyah, "Federal", "Lot", "Pacific Decadal Oscillation") must stand on its own, and a
        # province needs its country in the text.
        if key not in lists.common or span.isupper() or cand.after_comma:
            return True
        if cand.run_words > cand.tokens and place.feature == "admin1":
            return False
        if any(_primary_match(idx.primary_key(i), key) for i in cand.indexes[:10]):
            return True
        if cand.run_words > cand.tokens or cand.sentence_initial:
            return False
        return place.feature != "admin1" or cand.country_named or cand.supported
    if place.feature != "city":
        # A mountain range, base or river called by one ordinary word ("Air" for the Aïr
        # mountains in "Air France") needs the word to stand on its own.
        return not (key in lists.common and (cand.run_words > cand.tokens or cand.sentence_initial))
    if (span.isupper() and len(span) <= 4 or len(key) <= 2) and "." not in span:
        return place.population >= 1_000_000
    if cand.state_after and cand.supported:
        return True
    if key in lists.common and cand.run_words > cand.tokens and place.population < 1_000_000:
        return False  # one ordinary word of a longer capitalised name: "Gulf War", "Young Man of"
    if cand.supported and place.population >= 1000:
        return True
    if cand.run_words == 1 and _PLACE_OF_BEFORE.search(text, max(0, cand.start - 24), cand.start):
        return True
    if place.population < 100_000 and key in lists.common:
        return False
    if cand.run_words == 1 and _LOCATIVE_BEFORE.search(text, max(0, cand.start - 12), cand.start):
        return True  # "lives in Hopkinton", "near Worthington": the sentence says it is a place
    if place.population < 100_000 and key in lists.first_names:
        return False
    if place.population < 15_000 and key in lists.surnames:
        return False
    if cand.run_words == 1 and (_STRUCK_BEFORE.search(text, max(0, cand.start - 24), cand.start)
                                or _STRUCK_AFTER.match(text, cand.end)):
        return True  # "shelling hit Kupiansk", "Vovchansk was shelled": only a place is struck there
    if place.population < 50_000 and not cand.country_named:
        return False  # a small town abroad that nothing else in the text points to ("Obama", Japan)
    if place.population < 20_000 and idx.primary_key(idx.names.get(key, cand.indexes)[0]) != key \
            and all(idx.primary_key(i) != key for i in cand.indexes[:20]):
        return False
    return True


def _assign_roles(text: str, cands: list[_Candidate]) -> None:
    """Adjectives; and countries or capitals that stand for their government.

    A government speaks, decides, is urged or accused ("Moscow denied", "condemned by Tehran",
    "Washington urged Kyiv to", "Russia and Turkey agreed"); such a name is not the scene of
    anything, and the event extractor must not put a strike there.
    """
    for k, c in enumerate(cands):
        if c.adjectival:
            c.role = "adjectival"
            continue
        if c.place is None or not (c.place.feature in ("country", "site") or c.place.feature_code == "PPLC"):
            continue  # a government speaks through its capital or its seat ("the Kremlin said")
        end = c.end
        if k + 1 < len(cands) and _COORDINATED.fullmatch(text, end, cands[k + 1].start):
            end = cands[k + 1].end  # "Russia and Turkey agreed": both speak
        if _METONYM_VERB.match(text, end) or _METONYM_BEFORE.search(text, max(0, c.start - 40), c.start):
            c.role = "metonym"
    for a, b in zip(cands, cands[1:]):
        if b.role == "metonym" and a.role == "literal" and _COORDINATED.fullmatch(text, a.end, b.start) \
                and a.place is not None and (a.place.feature == "country" or a.place.feature_code == "PPLC"):
            a.role = "metonym"


# ----------------------------------------------------------------------------------------------
# Public API

def geoparse(text: str, *, gazetteer: Gazetteer | None = None) -> list[Toponym]:
    """The toponyms of ``text``, sorted by start, non-overlapping, each resolved to a place.

    ``text[t.start:t.end] == t.text`` for every toponym ``t``. ``role`` is ``"literal"``,
    ``"adjectival"`` ("Turkish airspace") or ``"metonym"`` ("Moscow denied"); ``confidence`` is
    in (0, 1]: how clearly the chosen place beat the other places of that name.

    >>> [t.text for t in geoparse("Jets struck Idlib province.")]  # doctest: +SKIP
    ['Idlib']
    """
    if not isinstance(text, str):
        raise TypeError(f"geoparse() expects the article text as str, got {type(text).__name__}; "
                        "decode bytes first (text = data.decode('utf-8', errors='replace'))")
    idx = _index(gazetteer if gazetteer is not None else default_gazetteer())
    cands, persons = _recognise(text, idx)
    cands = _flag_context(text, cands, persons, idx)
    if not cands:
        return []
    _resolve(idx, cands)
    lists = _lists()
    cands = [c for c in cands if _plausible(text, c, idx, lists)]
    _assign_roles(text, cands)
    return [Toponym(text[c.start:c.end], c.start, c.end, c.place, c.role, c.confidence) for c in cands]


def geoparse_many(texts: Iterable[str], *, gazetteer: Gazetteer | None = None) -> Iterator[list[Toponym]]:
    """Stream :func:`geoparse` over ``texts``: one list of toponyms per text, in order, lazily."""
    for text in texts:
        if gazetteer is None:  # loaded on the first text, not when the generator is made
            gazetteer = default_gazetteer()
        yield geoparse(text, gazetteer=gazetteer)


def candidates(name: str, *, gazetteer: Gazetteer | None = None) -> list[tuple[Place, float]]:
    """The places ``name`` may stand for, each with the score geoparse starts from, best first.

    The score is the context-free prior: the kind of place (a country outweighs a city), the
    population, whether ``name`` is the place's own name or only an alternate one. In an article,
    the countries and provinces it names add to these scores, so the chosen place may differ.
    Only the 60 most prominent places of a name are considered, as in :func:`geoparse`.

    >>> [(p.name, round(s, 1)) for p, s in candidates("Hama")][:1]       # doctest: +SKIP
    [('Hama', 7.9)]
    """
    idx = _index(gazetteer if gazetteer is not None else default_gazetteer())
    key = normalize(name)
    rows = _options(idx, key, idx.names.get(key, ()))
    return sorted(((place, prior) for _, place, prior, _ in rows), key=lambda row: -row[1])
