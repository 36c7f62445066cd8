"""The whole chain for many articles: geoparse → events + trajectories → consolidate → merge.

:func:`pipe` streams: it takes any iterable of :class:`~geomap.model.Article` (a generator over
100,000 files is fine), holds one article at a time and yields one :class:`ArticleResult` per
article, its events consolidated (:func:`geomap.merge.consolidate`: one event per strike however
often the article tells it). :func:`extract` drains it and merges what several articles report
about the same strike (:func:`geomap.merge.merge`); only the extracted facts are kept, never the
article texts.

>>> from geomap.model import Article
>>> result = extract([Article("a1", "Houthi forces fired a ballistic missile at Eilat.")])  # doctest: +SKIP
>>> result.articles, len(result.trajectories)                                            # doctest: +SKIP
(1, 1)
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import partial

from .extraction.document import as_document
from .extraction.events import extract_events
from .extraction.trajectories import extract_trajectories
from .gazetteer import Gazetteer, default_gazetteer
from .merge import Merger, consolidate
from .model import Article, Event, Source, Toponym, Trajectory

__all__ = ["ArticleResult", "Extraction", "extract", "extract_article", "pipe", "unplaced_names",
           "with_article_metadata"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What one article yielded: its place names, events, trajectories and unresolved names."""

    article_id: str
    toponyms: tuple[Toponym, ...]
    events: tuple[Event, ...]
    trajectories: tuple[Trajectory, ...]
    unresolved: tuple[str, ...] = ()
    error: str | None = None  # why extraction failed (only with on_error="warn" or "ignore")

    def __repr__(self) -> str:
        if self.error is not None:
            return f"ArticleResult({self.article_id!r}, error={self.error!r})"
        return (f"ArticleResult({self.article_id!r}, toponyms={len(self.toponyms)}, events={len(self.events)}, "
                f"trajectories={len(self.trajectories)}, unresolved={len(self.unresolved)})")


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from a corpus, merged across articles.

    ``unresolved`` maps each place-like name no gazetteer entry matched to the ids of the
    documents it appeared in (candidates for ``geomap gazetteer import``). ``failed`` lists the
    articles whose extraction raised (only with ``on_error="warn"`` or ``"ignore"``).
    """

    events: tuple[Event, ...]
    trajectories: tuple[Trajectory, ...]
    articles: int
    unresolved: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    failed: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return (f"Extraction(articles={self.articles}, events={len(self.events)}, "
                f"trajectories={len(self.trajectories)}, unresolved={len(self.unresolved)}, failed={len(self.failed)})")


_ON_ERROR = ("raise", "warn", "ignore")


def pipe(articles: Iterable[Article], *, gazetteer: Gazetteer | None = None,
         on_error: str = "raise", workers: int = 1, dask=None, toponyms: bool = True) -> Iterator[ArticleResult]:
    """Yield one :class:`ArticleResult` per article, in input order, a bounded number in memory at a time.

    Each article is geoparsed once; both extractors read the same toponyms. ``gazetteer``
    defaults to the bundled one (:func:`~geomap.gazetteer.default_gazetteer`), loaded on the first
    article, not before. ``on_error`` says what an exception inside one article's extraction does:
    ``"raise"`` (default) stops; ``"warn"`` logs one line naming the article and yields a result
    with ``error`` set and nothing extracted, then goes on; ``"ignore"`` does the same silently.

    ``workers=N`` (N > 1) extracts in ``N`` worker processes, in batches, each worker loading the
    gazetteer and models once; ``dask`` (a scheduler address or a ``distributed.Client``) runs
    the extraction on a Dask cluster instead. Either way the results are those of ``workers=1``,
    in the same order (see :mod:`geomap.parallel`). ``toponyms=False`` leaves each result's
    ``toponyms`` empty (less to hold and, from workers, less to send back).
    """
    if on_error not in _ON_ERROR:
        raise ValueError(f"on_error={on_error!r} is not one of {', '.join(map(repr, _ON_ERROR))}")
    if workers == 1 and dask is None:
        for result in _pipe_here(articles, gazetteer, on_error):
            yield result if toponyms else replace(result, toponyms=())
        return
    from .parallel import ordered_map

    if gazetteer is None and dask is None:
        default_gazetteer()  # loaded once here: worker processes forked from this one share it
    for result in ordered_map(partial(_extract_guarded, on_error=on_error, toponyms=toponyms), articles,
                              setup=_worker_state,
                              setup_arg=gazetteer, workers=workers, dask=dask, length=_article_length):
        if result.error is not None and on_error == "warn":
            log.warning("%s: extraction failed (%s); article skipped", result.article_id, result.error)
        yield result


def _pipe_here(articles: Iterable[Article], gazetteer: Gazetteer | None, on_error: str) -> Iterator[ArticleResult]:
    for article in articles:
        if gazetteer is None:
            gazetteer = default_gazetteer()
        try:
            yield extract_article(article, gazetteer=gazetteer)
        except Exception as err:  # noqa: BLE001 - an extractor bug on one article; the caller chose to go on
            if on_error == "raise":
                raise
            if on_error == "warn":
                log.warning("%s: extraction failed (%s: %s); article skipped", article.id, type(err).__name__, err)
                log.debug("%s: extraction failed", article.id, exc_info=True)
            yield _failed(article, err)


def _failed(article: Article, err: Exception) -> ArticleResult:
    return ArticleResult(article.id, (), (), (), (), error=f"{type(err).__name__}: {err}")


def extract_article(article: Article, *, gazetteer: Gazetteer) -> ArticleResult:
    """Everything one article yields: geoparse once, then events (consolidated) and trajectories.

    This is the per-article stage that :func:`pipe` runs, here or in worker processes; it reads
    nothing but ``article`` and ``gazetteer``, so it can run anywhere.
    """
    document, _ = as_document(article, gazetteer)
    toponyms = document.toponyms
    events = tuple(consolidate(extract_events(document, gazetteer=gazetteer), article.text, gazetteer=gazetteer))
    trajectories = tuple(extract_trajectories(document, gazetteer=gazetteer))
    events, trajectories = with_article_metadata(events, article), with_article_metadata(trajectories, article)
    unresolved = tuple(dict.fromkeys([*(t.text for t in toponyms if t.place is None),
                                      *unplaced_names(article.text, toponyms)]))
    log.debug("%s: %d toponyms, %d events, %d trajectories", article.id, len(toponyms), len(events),
              len(trajectories))
    return ArticleResult(article.id, toponyms, events, trajectories, unresolved)


# -- in a worker process (geomap.parallel) ------------------------------------------------------------
# A sentence of our own: extracting it once loads whatever the extractors load lazily (the
# gazetteer's caches, language models, lexicons) before the first real batch.
_WARM_UP = Article("geomap-warm-up", "Two missiles struck the port of Odesa on Monday, the governor said.\n")


def _worker_state(gazetteer: Gazetteer | None) -> Gazetteer:
    """Once per worker process: the gazetteer to use, with the extractors warmed up on it."""
    gazetteer = gazetteer if gazetteer is not None else default_gazetteer()
    try:
        extract_article(_WARM_UP, gazetteer=gazetteer)
    except Exception:  # noqa: BLE001 - only a warm-up: a real article that trips the same way is reported
        log.debug("warm-up extraction failed", exc_info=True)
    return gazetteer


def _extract_guarded(article: Article, gazetteer: Gazetteer, *, on_error: str, toponyms: bool) -> ArticleResult:
    """:func:`extract_article` in a worker; a failure becomes an errored result unless ``on_error="raise"``."""
    try:
        result = extract_article(article, gazetteer=gazetteer)
    except Exception as err:  # noqa: BLE001 - reported by pipe() in the parent process
        if on_error == "raise":
            raise
        log.debug("%s: extraction failed", article.id, exc_info=True)
        return _failed(article, err)
    return result if toponyms else replace(result, toponyms=())


def _article_length(article: Article) -> int:
    return len(article.text)


def with_article_metadata(items: tuple, article: Article) -> tuple:
    """``items`` (events or trajectories) whose sources from ``article`` carry its url, title and
    publication date, so popups and exports can name and link the article."""
    if article.url is None and article.title is None and article.published is None:
        return items

    def fill(source: Source) -> Source:
        if source.document != article.id:
            return source
        return replace(source, url=source.url or article.url, title=source.title or article.title,
                       published=source.published or article.published)

    return tuple(replace(item, sources=tuple(fill(s) for s in item.sources)) for item in items)


# A capitalised name right after a locative word ("in Barsalogho", "near the village of Kfar X"):
# where a reader expects a place. Lower-case cue words only, so a sentence-initial "In" is no cue.
_PLACE_CUE = re.compile(
    r"\b(?:in|at|near|outside|into|towards?|(?:town|village|city|district|camp|province|region) of)"
    r"\s+((?:(?:al|el|Al|El)-)?[A-Z][\w’'-]*[a-z][\w’'-]*(?:\s+(?:(?:al|el)-)?[A-Z][\w’'-]*[a-z][\w’'-]*){0,3})")
_NOT_PLACE_WORDS = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday christmas easter ramadan eid".split())
# Last words that make a name an organisation or armed group ("at Islamic State targets").
_ORGANISATION_WORDS = frozenset(
    "state army front forces guard guards brigade brigades movement party council ministry department "
    "congress court university college school company group agency news post times analytics "
    "committee commission office union".split())


def unplaced_names(text: str, toponyms: Iterable[Toponym]) -> list[str]:
    """Names that stand where a place is expected but matched no gazetteer entry.

    They are reported, never drawn: the build summary lists them as candidates for
    ``geomap gazetteer import``.

    >>> unplaced_names("Gunmen attacked a convoy near Qqarbu.", [])
    ['Qqarbu']
    """
    # Spans sorted by start, with the furthest end reached so far: one bisection tells whether a
    # name overlaps any toponym, so a 20 MB article costs n log n, not names x toponyms.
    taken = sorted((t.start, t.end) for t in toponyms)
    starts = [s for s, _ in taken]
    reach = list(itertools.accumulate((e for _, e in taken), max))
    names = []
    for match in _PLACE_CUE.finditer(text):
        start, end = match.span(1)
        words = match.group(1).rstrip("’'").split()
        while words and words[-1].lower() in _NOT_PLACE_WORDS:  # "in Alexandria Friday"
            words.pop()
        if not words or words[0].lower() in _NOT_PLACE_WORDS or words[-1].lower() in _ORGANISATION_WORDS:
            continue
        name = " ".join(words)
        if name.endswith(("’s", "'s")):
            continue
        end = start + len(name)
        before = bisect.bisect_left(starts, end)      # the toponyms that start before the name ends
        if before and reach[before - 1] > start:
            continue
        names.append(name)
    return names


def extract(articles: Iterable[Article], *, gazetteer: Gazetteer | None = None,
            on_error: str = "raise", workers: int = 1, dask=None, progress=False) -> Extraction:
    """Run :func:`pipe` over ``articles`` and merge events and trajectories across them.

    Returns an :class:`Extraction` whose events and trajectories carry every source that
    reports them; conflicting figures stay side by side (see :func:`geomap.merge.merge`).
    ``on_error``, ``workers`` and ``dask`` are passed to :func:`pipe` (the result does not depend
    on ``workers`` or ``dask``); failed articles are listed in ``Extraction.failed``.
    ``progress`` is a :class:`geomap.progress.Progress` to count into, or ``True`` for a bar on
    stderr when it is a terminal.
    """
    from .progress import Progress

    bar = progress if isinstance(progress, Progress) else Progress(enabled=bool(progress))
    merger = Merger()  # folds each article's reports in as they come: only merged records are held
    reports = [0, 0]
    unresolved: dict[str, list[str]] = {}
    failed: list[str] = []
    count = 0
    with bar:
        for result in pipe(articles, gazetteer=gazetteer, on_error=on_error, workers=workers, dask=dask,
                           toponyms=False):  # only the events, trajectories and unresolved names are kept
            count += 1
            if result.error is not None:
                failed.append(result.article_id)
            merger.add(result.events, result.trajectories)
            reports[0] += len(result.events)
            reports[1] += len(result.trajectories)
            for name in result.unresolved:
                unresolved.setdefault(name, []).append(result.article_id)
            bar.update(events=len(result.events))
    merged_events, merged_trajectories = merger.result()
    log.info("%d articles: %d events, %d trajectories after merging (%d and %d before)", count,
             len(merged_events), len(merged_trajectories), *reports)
    return Extraction(tuple(merged_events), tuple(merged_trajectories), count,
                      {name: tuple(dict.fromkeys(docs)) for name, docs in unresolved.items()}, tuple(failed))
