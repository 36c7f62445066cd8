"""Articles in: read ``.txt``, ``.html`` / ``.htm`` and ``.jsonl`` files, directories of them, or stdin.

The first stage of the pipeline. :func:`read_articles` streams :class:`~geomap.model.Article`
objects, one per text or HTML file and one per JSONL line, so a corpus of any size flows through
without being held in memory.

Formats
-------
``.txt``
    UTF-8 text (a UTF-8 or UTF-16 byte-order mark is honoured). The article id is the file name
    without its extension.
``.html`` / ``.htm``
    UTF-8, or the charset a ``<meta charset>`` declares when the page is not UTF-8. Tags are
    stripped with the standard library's :mod:`html.parser`; the contents of ``script``,
    ``style``, ``nav``, ``header``, ``footer``, ``aside``, forms, hidden elements and elements
    whose class or id marks them as sharing buttons, advertisements, breadcrumbs or cookie
    banners are dropped; entities are decoded; block elements become line breaks.
    ``<title>``, ``<link rel="canonical">`` and the usual ``<meta>`` tags
    (``og:title``, ``og:url``, ``article:published_time``) fill ``title``, ``url`` and
    ``published``. The article id is the file name without its extension.
``.jsonl``
    One JSON object per line: ``{"id": "a1", "text": "..."}`` plus optional ``"published"``
    (an ISO date such as ``"2015-10-08"`` or date-time such as ``"2015-10-08T14:05:00Z"``),
    ``"url"`` and ``"title"``. Blank lines are skipped. ``-`` reads JSONL from stdin.

Sidecar metadata
    A text or HTML file ``NAME.txt`` / ``NAME.html`` may have a file ``NAME.meta.json`` beside it:
    a JSON object with any of ``"published"`` (ISO date), ``"url"``, ``"title"`` and ``"id"``
    (overrides the id taken from the file name). Sidecar values win over what the HTML says::

        {"published": "2015-10-08", "url": "https://example.org/story", "title": "Strikes in Hama"}

Cleaning, and what offsets mean
-------------------------------
:func:`clean_text` removes page chrome: lines such as "Share/Save/Bookmark", "Advertisement",
"Last update 07:20:19 PM GMT", "You are here ..." breadcrumbs and lone date banners
("Tuesday, Jun 27th"); a paragraph repeated verbatim inside one article is kept once (the first
time); runs of blank lines collapse to one. **``Article.text`` is the cleaned text, and every
offset any later stage reports (mentions, toponyms, event sources) is an index into
``Article.text``, not into the file on disk.** Pass ``clean=False`` to keep the text exactly as
read (the ``geomap geoparse`` command does, so its offsets index the input ``text`` field).

Bad input
---------
Each problem is an :class:`~geomap.errors.InputError` (a whole file) or
:class:`~geomap.errors.InputLineError` (one JSONL line) whose message names the file (and line),
says what was wrong and how to fix it: a missing path, an unsupported extension, an empty file, a
binary file, a file or JSONL line larger than ``max_bytes`` (default :data:`DEFAULT_MAX_BYTES`,
64 MB: a news article is rarely over 100 kB, but a long report or a transcript of tens of megabytes
is read, and reading takes time proportional to its size), a malformed JSONL line (bad JSON,
nested too deeply, no ``"id"``, an empty ``"text"``). What is damaged but still text is read with
a warning naming the file: stray NUL bytes are dropped (only a really binary file is refused),
lone UTF-16 surrogates become U+FFFD, and an implausible publication date (year 0001 or 9999) is
dropped while the article is kept. A folder inside the input that cannot be listed is one problem.
``on_error`` decides what happens: ``"warn"`` (default)
logs one line and goes on, ``"ignore"`` goes on silently, ``"raise"`` stops at the first problem.
Either way the problems are collected in :attr:`ArticleReader.errors`, so a command can finish
the good input and still exit non-zero. Text that is not valid UTF-8 is not an error: it is
decoded with U+FFFD replacement characters and a warning naming the file is logged.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from .errors import InputError, InputLineError
from .model import Article

__all__ = [
    "DEFAULT_MAX_BYTES",
    "PLAUSIBLE_YEARS",
    "SUFFIXES",
    "ArticleReader",
    "JsonlRecord",
    "clean_text",
    "html_to_text",
    "iter_jsonl",
    "read_articles",
]

log = logging.getLogger(__name__)

#: The largest article (file, or JSONL line) read by default, in bytes.
DEFAULT_MAX_BYTES = 64_000_000

#: File extensions read as articles; anything else in a directory is skipped.
SUFFIXES = (".txt", ".html", ".htm", ".jsonl")

STDIN = "-"
_STDIN_NAME = "<stdin>"
_ON_ERROR = ("warn", "raise", "ignore")
_SNIFF_BYTES = 8192
_SIDECAR_SUFFIX = ".meta.json"


# -- cleaning -------------------------------------------------------------------------------
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_CLOCK = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*\(?(?:[a-z]{2,4}|utc|gmt)(?:\s*[+-]\s*\d{1,2})?\)?)?"
_DATE = (rf"(?:{_WEEKDAY},?\s*)?(?:{_MONTH}\s*{_DAY}|{_DAY}\s*(?:of\s+)?{_MONTH}|\d{{4}}-\d{{2}}-\d{{2}}"
         rf"|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})(?:,?\s*\d{{4}})?")
_SOCIAL = (r"(?:share(?:\s+(?:this|on\s+\w+))?|save|bookmark|print|e-?mail|tweet|like|pin(?:\s+it)?|whatsapp"
           r"|facebook|twitter|linkedin|reddit|comments?|copy\s+link|send)")

# Each pattern must match a whole (stripped) line. They describe kinds of page furniture, not
# any particular site, and are case-insensitive.
_CHROME_LINE = re.compile("|".join(f"(?:{p})" for p in [
    rf"{_SOCIAL}(?:\s*[/|,•·]\s*{_SOCIAL})*",                      # Share/Save/Bookmark
    r"(?:advertisement|advertising|sponsored(?:\s+content)?|ad|paid\s+content)",
    r"(?:story\s+)?continues?\s+(?:reading\s+)?below(?:\s+advertisement)?|continue\s+reading",
    r"skip\s+to\s+(?:main\s+)?content|back\s+to\s+top|loading\.*|buy\s+photo|read\s+more\.*",
    rf"(?:last\s*)?(?:updated?|published|posted)(?:\s*(?:on|at))?\s*:?\s*(?:{_DATE})?,?\s*(?:at\s*)?(?:{_CLOCK})?"
    rf"(?:,?\s*(?:{_DATE}))?",                                       # Last update07:20:19 PM GMT
    rf"{_DATE}(?:,?\s*(?:at\s*)?{_CLOCK})?",                        # Tuesday, Jun 27th
    r"you\s+are\s+here\b.{0,300}",                                  # You are here News > World
    r"[^>»›\n]{1,40}(?:\s[>»›]\s[^>»›\n]{1,60}){2,}",               # Home > News > Middle East
    r"(?:©|\(c\)\s*\d{4}|copyright\b).{0,120}|all\s+rights\s+reserved\.?",
    r"(?:sign\s+up|subscribe)(?:\s+(?:now|today|here|for\s+free))?(?:\s+(?:to|for)\s+(?:our|the)\s+[\w\s-]{0,40}?"
    r"(?:newsletter|e-?mail|update|alert|digest|briefing)s?)?[.!]?",
    r"follow\s+(?:us|@\w+)\b.{0,60}",
    r"image\s+(?:copyright|source)\b.{0,80}|media\s+playback\s+is\s+unsupported\s+on\s+your\s+device",
]), re.IGNORECASE)

# Lines shorter than this are never treated as repeats: "Yes." or "—" may well recur.
_MIN_REPEAT_CHARS = 30
_CONTROL = dict.fromkeys([c for c in range(32) if c not in (9, 10, 13)] + [127], " ")


def clean_text(text: str) -> str:
    """Drop page chrome and verbatim repeats from an article's text; returns the cleaned text.

    Works line by line: a line that is only page furniture is dropped, a line (paragraph) of at
    least 30 characters that already appeared is dropped, blank-line runs collapse to one, and
    control characters other than tab and line breaks become spaces.

    >>> clean_text("Advertisement\\n\\nStrikes hit Hama.\\nShare/Save/Bookmark\\n")
    'Strikes hit Hama.'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL)
    out: list[str] = []
    seen: set[str] = set()
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        if _CHROME_LINE.fullmatch(line):
            continue
        if len(line) >= _MIN_REPEAT_CHARS:
            key = " ".join(line.split())
            if key in seen:
                continue
            seen.add(key)
        out.append(line)
    return "\n".join(out).strip()


# -- HTML -----------------------------------------------------------------------------------
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_SKIP = frozenset("script style noscript template nav header footer aside form button select "
                  "textarea svg iframe object canvas menu dialog head".split())
_BLOCK = frozenset("address article blockquote body caption center dd details div dl dt fieldset "
                   "figcaption figure h1 h2 h3 h4 h5 h6 hgroup html li main ol p pre section summary "
                   "table tbody td tfoot th thead tr ul".split())
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "menu",
                           "dialog", "alert"})
_CHROME_WORDS = frozenset({"share", "sharing", "social", "ad", "ads", "advert", "advertisement", "cookie",
                           "cookies", "newsletter", "breadcrumb", "breadcrumbs", "promo", "sidebar",
                           "subscribe", "related", "comments", "paywall", "popup", "modal"})
_WORD_SPLIT = re.compile(r"[_\-]+")
# Class names that describe the page around an element, not the element ("has-sidebar", "ad-free").
_MODIFIER_PREFIXES = ("has", "with", "no", "is", "show", "free", "without")
# Containers are never dropped for their class: a wrapper named "article related-content" holds the story.
_CONTAINERS = frozenset({"html", "body", "main", "article"})
_PUBLISHED_META = ("article:published_time", "datepublished", "date", "pubdate", "publishdate",
                   "dc.date", "dc.date.issued", "sailthru.date", "og:published_time")


class _TextExtractor(HTMLParser):
    """Collects the visible article text of an HTML page, one line per block element."""

    def __init__(self, *, by_class: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.by_class = by_class
        self.lines: list[str] = []
        self.meta: dict[str, str] = {}
        self._buffer: list[str] = []
        self._skip: list[list] = []     # [tag, depth] of the element whose content is dropped
        self._title: list[str] | None = None

    def _break(self) -> None:
        line = " ".join("".join(self._buffer).split())
        self._buffer.clear()
        if line:
            self.lines.append(line)
        elif self.lines and self.lines[-1]:
            self.lines.append("")

    def _is_chrome(self, tag: str, attrs: dict[str, str | None]) -> bool:
        if tag in _SKIP or "hidden" in attrs or attrs.get("aria-hidden") == "true":
            return True
        if (attrs.get("role") or "").lower() in _CHROME_ROLES:
            return True
        style = (attrs.get("style") or "").replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style:
            return True
        if not self.by_class or tag in _CONTAINERS:
            return False
        for name in f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower().split():
            words = _WORD_SPLIT.split(name)
            if words[0] not in _MODIFIER_PREFIXES and words[-1] != "free" and not _CHROME_WORDS.isdisjoint(words):
                return True
        return False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag in _VOID:
            self._void(tag, named)
            return
        if tag == "title" and not self._skip_content():
            self._title = []
            return
        if self._skip:
            if tag == self._skip[-1][0]:
                self._skip[-1][1] += 1
            return
        if tag == "time" and named.get("datetime"):
            self.meta.setdefault("time", named["datetime"] or "")
        if tag == "head":      # the title and meta tags inside head are read, its text is not
            self._skip.append([tag, 1])
            return
        if self._is_chrome(tag, named):
            self._skip.append([tag, 1])
            return
        if tag in _BLOCK:
            self._break()

    def _skip_content(self) -> bool:
        return bool(self._skip) and self._skip[-1][0] != "head"

    def _void(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
            if key and attrs.get("content"):
                self.meta.setdefault(key, attrs["content"] or "")
        elif tag == "link" and "canonical" in (attrs.get("rel") or "").lower().split():
            self.meta.setdefault("canonical", attrs.get("href") or "")
        elif tag in ("br", "hr") and not self._skip:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self._void(tag, dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title is not None:
            self.meta.setdefault("title", " ".join("".join(self._title).split()))
            self._title = None
            return
        if self._skip:
            if tag == self._skip[-1][0]:
                self._skip[-1][1] -= 1
                if self._skip[-1][1] == 0:
                    self._skip.pop()
            return
        if tag in _BLOCK:
            self._break()

    def handle_data(self, data: str) -> None:
        if self._title is not None:
            self._title.append(data)
        elif not self._skip:
            self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._break()


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """The visible text of an HTML page and its metadata (``title``, ``url``, ``published`` strings).

    The text has one line per block element; it is not yet cleaned (see :func:`clean_text`).

    >>> html_to_text("<p>Strikes in <b>Hama</b></p><script>alert(1)</script>")[0]
    'Strikes in Hama'
    """
    parser = _parse_html(html, by_class=True)
    text = "\n".join(parser.lines).strip()
    # Class names are a guess; when they leave next to nothing of a page that has text, they hid
    # the story itself, and only the tags are trusted.
    if len(text) < 500:
        lenient = _parse_html(html, by_class=False)
        kept = "\n".join(lenient.lines).strip()
        if len(text) < 0.3 * len(kept):
            text = kept
    meta = parser.meta
    found = {
        "title": meta.get("og:title") or meta.get("title"),
        "url": meta.get("canonical") or meta.get("og:url"),
        "published": next((meta[k] for k in (*_PUBLISHED_META, "time") if meta.get(k)), None),
    }
    return text, {k: v for k, v in found.items() if v}


def _parse_html(html: str, *, by_class: bool) -> _TextExtractor:
    parser = _TextExtractor(by_class=by_class)
    parser.feed(html)
    parser.close()
    return parser


# -- decoding ------------------------------------------------------------------------------
# The first bytes of file formats that are never articles, however few NULs they happen to hold.
# Only signatures no article starts with: each holds a byte that is not text, or is unmistakable.
_BINARY_MAGIC = (b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"%PDF-", b"PK\x03\x04", b"\x1f\x8b",
                 b"\xfd7zXZ", b"7z\xbc\xaf", b"\x7fELF", b"SQLite format 3\x00", b"\xd0\xcf\x11\xe0",
                 b"\x00\x00\x00")


def _looks_binary(head: bytes) -> bool:
    """Whether the first bytes of a file are binary data rather than text with a few stray bytes.

    Scraped pages carry the odd NUL or control byte; those are text (the NULs are dropped with a
    warning). Binary means a known binary signature, more than 1 % NULs (and more than 8), more
    than 10 % control bytes, or invalid UTF-8 with more than 3 % control bytes (compressed data).
    """
    if not head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False                               # UTF-16 text has NULs but is text
    if head.startswith(_BINARY_MAGIC):
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if head.count(0) > max(8, len(head) / 100) or controls > len(head) / 10:
        return True
    if controls > len(head) * 0.03:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as err:
            return err.start < len(head) - 3       # not just a character cut at the end of the sample
    return False


def _drop_nuls(data: bytes, where: str) -> bytes:
    """``data`` without NUL bytes (a warning names ``where`` and the count); UTF-16 is left alone."""
    if b"\x00" not in data or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data
    log.warning("%s: %d NUL byte(s) dropped; the rest of the text is read", where, data.count(0))
    return data.replace(b"\x00", b"")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(where: str, **fields: str | None) -> dict[str, str | None]:
    """The ``fields`` with lone UTF-16 surrogates (``"\\ud800"`` escapes in JSON) replaced by U+FFFD.

    They cannot be written as UTF-8, so left in they would stop every output file later. One
    warning names ``where`` and the fields that had them.
    """
    bad = [name for name, value in fields.items() if value and _SURROGATE.search(value)]
    if not bad:
        return fields
    log.warning("%s: %s held characters that cannot be written as UTF-8 (lone UTF-16 surrogates, such as a "
                "JSON escape \\ud800 with no pair, or undecodable bytes in a file name); replaced with U+FFFD",
                where, ", ".join(bad))
    return {name: _SURROGATE.sub("\ufffd", value) if name in bad else value for name, value in fields.items()}


_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _decode(data: bytes, where: str, *, html: bool = False) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        declared = _DECLARED_CHARSET.search(data[:4096]) if html else None
        if declared:                 # an older page that says what it is: windows-1252, iso-8859-6 ...
            try:
                return data.decode(declared.group(1).decode("ascii"), errors="replace")
            except LookupError:
                pass
        log.warning("%s: not valid UTF-8 (first bad byte at offset %d); undecodable bytes were replaced "
                    "with U+FFFD; re-save the file as UTF-8 to keep them", where, err.start)
        return data.decode("utf-8-sig", errors="replace")


#: Publication dates outside these years are taken for a mistake (0001-01-01, 9999-12-31 placeholders).
PLAUSIBLE_YEARS = (1800, 2200)


def _parse_published(value: object, where: str) -> _dt.date | None:
    if value is None or value == "":
        return None
    date = None
    if isinstance(value, str):
        text = value.strip()
        try:
            date = _dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            try:
                date = _dt.date.fromisoformat(text[:10])
            except ValueError:
                pass
    if date is None:
        log.warning("%s: published %r is not an ISO date such as '2015-10-08'; the date is left empty",
                    where, value)
        return None
    if not PLAUSIBLE_YEARS[0] <= date.year <= PLAUSIBLE_YEARS[1]:
        log.warning("%s: published %r is not a plausible publication date (year outside %d-%d); the date is "
                    "left empty and the article is kept", where, value, *PLAUSIBLE_YEARS)
        return None
    return date


def _optional_str(value: object, key: str, where: str) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    log.warning("%s: %r should be a string, got %s %r; it is ignored", where, key, type(value).__name__, value)
    return None


# -- JSONL ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class JsonlRecord:
    """One non-blank line of a JSONL input: the article it holds, or the error that stops it.

    ``id`` is the line's ``"id"`` whenever it could be read, even if the line is otherwise bad,
    so a caller that answers line for line (``geomap geoparse``) can still name it.
    """

    line: int
    id: str | None
    article: Article | None
    error: InputLineError | None


def _readlines(fh: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | int]]:
    """``(line number, bytes)`` per line, or ``(line number, size)`` for a line over ``max_bytes``.

    Reads at most ``max_bytes + 1`` bytes at a time, so one enormous line cannot exhaust memory.
    """
    for number in range(1, sys.maxsize):
        chunk = fh.readline(max_bytes + 1)
        if not chunk:
            return
        if len(chunk) > max_bytes and not chunk.endswith(b"\n"):
            size = len(chunk)
            while chunk and not chunk.endswith(b"\n"):
                chunk = fh.readline(1 << 20)
                size += len(chunk)
            yield number, size
        else:
            yield number, chunk


_LEGIBLE_ID = re.compile(r'^\s*\{\s*"id"\s*:\s*"([^"\\]{1,200})"')


def _jsonl_record(raw: bytes, name: str, number: int, clean: bool) -> JsonlRecord:
    where = f"{name}:{number}"

    def bad(problem: str, doc_id: str | None = None) -> JsonlRecord:
        return JsonlRecord(number, doc_id, None, InputLineError(name, number, problem))

    raw = _drop_nuls(raw, where)
    try:
        line = raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        log.warning("%s: not valid UTF-8; undecodable bytes were replaced with U+FFFD", where)
        line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
    if number == 1:
        line = line.removeprefix("\ufeff")        # a byte-order mark some editors write
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        # Name the document when its id is still legible in the broken line.
        legible = _LEGIBLE_ID.search(line)
        return bad(f"not valid JSON ({err.msg} at column {err.colno}); "
                   'expected one object {"id": ..., "text": ...} per line', legible and legible.group(1))
    except RecursionError:
        legible = _LEGIBLE_ID.search(line)
        return bad('JSON nested too deeply to read (arrays or objects inside each other about a thousand times); '
                   'expected one flat object {"id": ..., "text": ...} per line', legible and legible.group(1))
    if not isinstance(obj, dict):
        return bad(f'expected a JSON object {{"id": ..., "text": ...}}, got a {type(obj).__name__}')
    doc_id = obj.get("id")
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id:
        return bad(f'"id" should be a non-empty string, got {doc_id!r:.80}; give every line a unique "id"')
    text = obj.get("text")
    if not isinstance(text, str):
        got = "no \"text\"" if "text" not in obj else f"{type(text).__name__} {str(text)[:40]!r}"
        return bad(f'"text" should be a string, got {got}', _no_surrogates(where, id=doc_id)["id"])
    url, title = (_optional_str(obj.get(key), key, where) for key in ("url", "title"))
    fields = _no_surrogates(where, id=doc_id, text=text, url=url, title=title)
    doc_id, text = fields["id"], fields["text"]
    if clean:
        text = clean_text(text)
    if not text.strip():
        return bad('no article text ("text" is empty or only whitespace or page chrome)', doc_id)
    article = Article(
        id=doc_id,
        text=text,
        path=name,
        published=_parse_published(obj.get("published"), where),
        url=fields["url"],
        title=fields["title"],
    )
    return JsonlRecord(number, doc_id, article, None)


def iter_jsonl(source: str | os.PathLike | BinaryIO, *, max_bytes: int = DEFAULT_MAX_BYTES,
               clean: bool = True, name: str | None = None) -> Iterator[JsonlRecord]:
    """Stream the records of a JSONL file, ``"-"`` (stdin) or an open binary stream, in line order.

    Every non-blank line yields one :class:`JsonlRecord`: its article, or the
    :class:`InputLineError` that says why it could not be read (bad JSON, no ``"id"`` or
    ``"text"``, over ``max_bytes``). A whole-file problem (missing, binary, empty) raises
    :class:`InputError`.
    """
    if isinstance(source, (str, os.PathLike)) and str(source) == STDIN:
        source = sys.stdin.buffer
        name = name or _STDIN_NAME
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if path.is_dir():
            raise InputError(str(path), "is a directory; expected a JSONL file (one {\"id\", \"text\"} per line)")
        _check_file(path, limit=None)
        try:
            fh = open(path, "rb")
        except OSError as err:
            raise InputError(str(path), f"cannot read: {err.strerror or err}") from err
        with fh:
            if _looks_binary(fh.read(_SNIFF_BYTES)):
                raise InputError(str(path), "binary data (NUL or control bytes), expected UTF-8 JSON lines")
            fh.seek(0)
            yield from iter_jsonl(fh, max_bytes=max_bytes, clean=clean, name=name or str(path))
        return
    name = name or getattr(source, "name", None) or "<stream>"
    any_line = False
    for number, raw in _readlines(source, max_bytes):
        if isinstance(raw, int):
            any_line = True
            yield JsonlRecord(number, None, None, InputLineError(
                name, number, f"line is {raw:,} bytes, over the {max_bytes:,}-byte limit for one article; "
                              "split the article or raise the limit (max_bytes=)"))
            continue
        if not raw.strip():
            continue
        any_line = True
        yield _jsonl_record(raw, name, number, clean)
    if not any_line:
        raise InputError(name, 'empty input: no JSON lines; expected one {"id": ..., "text": ...} per line')


# -- files and directories -----------------------------------------------------------------
def _check_file(path: Path, *, limit: int | None) -> int:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(str(path), "no such file or directory; check the path") from None
    except OSError as err:
        raise InputError(str(path), f"cannot read: {err.strerror or err}") from err
    if size == 0:
        raise InputError(str(path), "empty file (0 bytes); expected an article")
    if limit is not None and size > limit:
        raise InputError(str(path), f"{size:,} bytes, over the {limit:,}-byte limit for one article; "
                                    "split the article or raise the limit (max_bytes=)")
    return size


def _sidecar(path: Path) -> dict[str, object]:
    meta_path = path.with_name(path.name[: -len(path.suffix)] + _SIDECAR_SUFFIX)
    if not meta_path.is_file():
        return {}
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        raise InputError(str(meta_path), f"cannot read sidecar metadata ({err}); expected a JSON object "
                                         'such as {"published": "2015-10-08", "url": "...", "title": "..."}') from err
    if not isinstance(meta, dict):
        raise InputError(str(meta_path), f"sidecar metadata should be a JSON object, got a {type(meta).__name__}")
    return meta


def _read_document(path: Path, *, max_bytes: int, clean: bool) -> Article:
    """One ``.txt`` / ``.html`` file as an article (sidecar metadata applied)."""
    _check_file(path, limit=max_bytes)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(str(path), f"cannot read: {err.strerror or err}") from err
    if _looks_binary(data[:_SNIFF_BYTES]):
        raise InputError(str(path), "binary data (NUL or control bytes), expected UTF-8 text or HTML")
    data = _drop_nuls(data, str(path))
    is_html = path.suffix.lower() in (".html", ".htm")
    text = _decode(data, str(path), html=is_html)
    meta: dict[str, object] = {}
    if is_html:
        text, meta = html_to_text(text)
    meta.update(_sidecar(path))
    if clean:
        text = clean_text(text)
    if not text.strip():
        raise InputError(str(path), "no article text (only whitespace, markup or page chrome)")
    where = str(path)
    doc_id = meta.get("id")
    fields = _no_surrogates(
        where, id=doc_id if isinstance(doc_id, str) and doc_id else path.name[: -len(path.suffix)],
        url=_optional_str(meta.get("url"), "url", where), title=_optional_str(meta.get("title"), "title", where))
    return Article(
        id=fields["id"],
        text=text,
        path=where,
        published=_parse_published(meta.get("published"), where),
        url=fields["url"],
        title=fields["title"],
    )


def _expand(path: Path, on_error: Callable[[InputError], None]) -> Iterator[Path]:
    """The article files under ``path``, sorted, skipping hidden entries and sidecars.

    A folder that cannot be listed (no permission, removed meanwhile) is passed to ``on_error``
    as an :class:`InputError`; the rest of the tree is still read.
    """
    if not path.is_dir():
        yield path
        return

    def unreadable(err: OSError) -> None:
        on_error(InputError(err.filename or str(path),
                            f"cannot read folder: {err.strerror or err}; its articles are skipped"))

    found = []
    for root, dirs, files in os.walk(path, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for file in files:
            if file.startswith(".") or file.endswith(_SIDECAR_SUFFIX):
                continue
            if file.lower().endswith(SUFFIXES):
                found.append(Path(root, file))
            else:
                log.debug("skipping %s: not one of %s", Path(root, file), ", ".join(SUFFIXES))
    yield from sorted(found, key=lambda p: p.relative_to(path).parts)


class ArticleReader:
    """An iterator of articles from files, directories and stdin; problems land in :attr:`errors`.

    Made by :func:`read_articles`. After (or during) iteration, :attr:`errors` lists every
    :class:`InputError` met, in order, whatever ``on_error`` was.
    """

    def __init__(self, paths: str | os.PathLike | Iterable[str | os.PathLike], *, on_error: str = "warn",
                 max_bytes: int = DEFAULT_MAX_BYTES, clean: bool = True):
        if on_error not in _ON_ERROR:
            raise ValueError(f"on_error={on_error!r} is not one of {', '.join(map(repr, _ON_ERROR))}")
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        self.paths = [str(p) if str(p) == STDIN else Path(p) for p in paths]
        self.on_error = on_error
        self.max_bytes = max_bytes
        self.clean = clean
        self.errors: list[InputError] = []
        self._ids: set[str] = set()
        self._articles = self._generate()

    def __iter__(self) -> "ArticleReader":
        return self

    def __next__(self) -> Article:
        return next(self._articles)

    def _problem(self, err: InputError) -> None:
        self.errors.append(err)
        if self.on_error == "raise":
            raise err
        if self.on_error == "warn":
            log.warning("%s", err)

    def _generate(self) -> Iterator[Article]:
        for given in self.paths:
            if given == STDIN:
                yield from self._jsonl(STDIN)
                continue
            if not given.exists():
                self._problem(InputError(str(given), "no such file or directory; check the path"))
                continue
            for path in _expand(given, self._problem):
                suffix = path.suffix.lower()
                if suffix == ".jsonl":
                    yield from self._jsonl(path)
                elif suffix in SUFFIXES:
                    try:
                        yield self._seen(_read_document(path, max_bytes=self.max_bytes, clean=self.clean))
                    except InputError as err:
                        self._problem(err)
                else:
                    self._problem(InputError(str(path), f"unsupported file type {suffix or '(none)'!r}; "
                                                        f"expected one of {', '.join(SUFFIXES)}"))

    def _jsonl(self, source: str | Path) -> Iterator[Article]:
        try:
            for record in iter_jsonl(source, max_bytes=self.max_bytes, clean=self.clean):
                if record.error is not None:
                    self._problem(record.error)
                else:
                    yield self._seen(record.article)
        except InputLineError:
            raise
        except InputError as err:
            self._problem(err)

    def _seen(self, article: Article) -> Article:
        if article.id in self._ids:
            log.warning("%s: article id %r was already used by an earlier article; results will "
                        "merge under one id", article.path, article.id)
        self._ids.add(article.id)
        return article


def read_articles(paths: str | os.PathLike | Iterable[str | os.PathLike], *, on_error: str = "warn",
                  max_bytes: int = DEFAULT_MAX_BYTES, clean: bool = True) -> ArticleReader:
    """Stream the articles in ``paths`` (files, directories searched recursively, or ``"-"``).

    Returns an :class:`ArticleReader`: iterate it for :class:`~geomap.model.Article` objects, in
    the order given (directories in sorted order), then check its ``errors``. ``on_error`` is
    ``"warn"`` (log one line per problem and go on), ``"ignore"`` or ``"raise"``.

    >>> reader = read_articles(["news/", "extra.jsonl"])          # doctest: +SKIP
    >>> for article in reader: ...                                # doctest: +SKIP
    >>> if reader.errors: sys.exit(1)                             # doctest: +SKIP
    """
    return ArticleReader(paths, on_error=on_error, max_bytes=max_bytes, clean=clean)
