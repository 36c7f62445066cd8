"""Sentence splitting that keeps exact character offsets into the article text.

Every sentence is a :class:`~geomap.model.Mention` with ``text == article_text[start:end]``, so an
event's source can always point back at the words it was read from.

>>> [m.text for m in split_sentences("Gen. Ali said so. U.S. jets struck on Sept. 30. Then quiet.")]
['Gen. Ali said so.', 'U.S. jets struck on Sept. 30.', 'Then quiet.']
"""

from __future__ import annotations

import re

from .model import Mention

__all__ = ["MAX_SENTENCE", "split_sentences"]

# Words that end with a period without ending a sentence (titles, months, initialisms).
_ABBREVIATIONS = frozenset("""
    mr mrs ms dr prof gen lt col maj sgt capt cpt cmdr adm brig rep sen gov pres st mt ft jr sr
    no nos vs etc al approx dept est fig inc ltd co corp
    jan feb mar apr jun jul aug sep sept oct nov dec
    u.s u.k u.n e.u u.a.e d.c a.m p.m
""".split())

# A candidate break: terminal punctuation, optional closing quotes/brackets, then whitespace.
_BREAK = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def split_sentences(text: str) -> list[Mention]:
    """Split ``text`` into sentences; each is a Mention with offsets into ``text``.

    Lines are always boundaries (headlines and paragraphs rarely end in a period); inside a line
    a period ends a sentence unless it closes a known abbreviation or a single initial, or the
    next word starts in lower case.
    """
    out: list[Mention] = []
    pos = 0
    for para in _PARAGRAPH.finditer(text + "\n"):
        _split_line(text, pos, min(para.start(), len(text)), out)
        pos = para.end()
    return out


def _split_line(text: str, start: int, end: int, out: list[Mention]) -> None:
    begin = start
    for match in _BREAK.finditer(text, start, end):
        if match.group().startswith(".") and _is_abbreviation(text, begin, match.start()):
            continue
        following = text[match.end():end].lstrip()
        if following and following[0].islower():
            continue
        _emit(text, begin, match.end(), out)
        begin = match.end()
    _emit(text, begin, end, out)


def _is_abbreviation(text: str, begin: int, dot: int) -> bool:
    word = _WORD_BEFORE.search(text, begin, dot)
    if word is None:
        return False
    token = word.group(1).lower()
    if token in _ABBREVIATIONS or token.rstrip(".") in _ABBREVIATIONS:
        return True
    # A single capital initial ("George W. Bush") or an initialism with inner dots ("U.S").
    return (len(token) == 1 and token.isalpha()) or ("." in token and len(token) <= 6)


#: A "sentence" longer than this (text without stops) is cut at a comma or space, so no later
#: stage ever works on an unbounded span.
MAX_SENTENCE = 1000


def _emit(text: str, start: int, end: int, out: list[Mention]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = max(text.rfind(", ", start, start + MAX_SENTENCE), text.rfind("; ", start, start + MAX_SENTENCE))
        if cut <= start + MAX_SENTENCE // 2:
            cut = text.rfind(" ", start, start + MAX_SENTENCE)
        if cut <= start:
            cut = start + MAX_SENTENCE
        _emit(text, start, cut + (1 if text[cut] in ",;" else 0), out)
        start = cut + 1
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Mention(text[start:end], start, end))
