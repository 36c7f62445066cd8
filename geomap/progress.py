"""A progress bar on stderr for long runs: articles done, articles per second, events so far, time left.

Shown only when stderr is a terminal (a log file or a pipe gets nothing) and the caller asked for
it (the CLI unless ``-q``). The bar is tqdm's; it is imported only when a bar is shown.

>>> with Progress(enabled=False) as bar:
...     bar.update(events=2)
>>> bar.articles, bar.events
(1, 2)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

__all__ = ["Progress", "count_articles", "for_inputs"]


class Progress:
    """Counts articles and events; draws a tqdm bar on ``stream`` when it is a terminal and ``enabled``.

    ``total`` (articles expected, or ``None`` when unknown) lets the bar show time left.
    """

    def __init__(self, *, enabled: bool = True, total: int | None = None, stream: TextIO | None = None):
        self.articles = 0
        self.events = 0
        self._bar = None
        stream = stream if stream is not None else sys.stderr
        if enabled and _is_terminal(stream):
            self._bar = _bar_class()(total=total, unit=" articles", file=stream, dynamic_ncols=True, smoothing=0.1,
                             mininterval=0.25, miniters=1, bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} articles "
                             "[{elapsed}<{remaining}, {rate_fmt}{postfix}]" if total else None)
            self._bar.set_postfix_str("0 events", refresh=False)

    @property
    def shown(self) -> bool:
        """Whether a bar is being drawn."""
        return self._bar is not None

    def update(self, *, events: int = 0) -> None:
        """One more article done, which yielded ``events`` events."""
        self.articles += 1
        self.events += events
        if self._bar is not None:
            if events:
                self._bar.set_postfix_str(f"{self.events:,} events", refresh=False)
            self._bar.update(1)

    def close(self) -> None:
        """Remove the bar (the caller prints its own summary)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _bar_class():
    from tqdm import tqdm

    class Bar(tqdm):
        # No monitor thread: the bar is redrawn from update() (miniters=1), and a process that
        # runs no thread can fork its worker processes safely (see geomap.parallel).
        monitor_interval = 0

    return Bar


def for_inputs(paths: Iterable[str | os.PathLike], *, quiet: bool = False) -> Progress:
    """The CLI's progress: a bar on stderr unless ``quiet`` or stderr is no terminal; its total counted from ``paths``."""
    if quiet or not _is_terminal(sys.stderr):
        return Progress(enabled=False)
    from .ingest import SUFFIXES

    return Progress(enabled=True, total=count_articles(paths, suffixes=SUFFIXES))


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a real file
        return False


def count_articles(paths: Iterable[str | os.PathLike], *, suffixes: tuple[str, ...]) -> int | None:
    """About how many articles ``paths`` hold: one per file with one of ``suffixes``, one per JSONL line.

    Cheap: files are listed, JSONL files are scanned for newlines, nothing is parsed. ``None`` when
    any input is stdin (``-``) or cannot be read; the bar then shows no time left.
    """
    total = 0
    for given in paths:
        if str(given) == "-":
            return None
        path = Path(given)
        files = [path] if not path.is_dir() else [
            Path(root, name) for root, dirs, names in os.walk(path)
            if not any(part.startswith(".") for part in Path(root).relative_to(path).parts)
            for name in names if not name.startswith(".") and name.lower().endswith(suffixes)]
        for file in files:
            if file.suffix.lower() == ".jsonl":
                try:
                    total += _lines(file)
                except OSError:
                    return None
            else:
                total += 1
    return total


def _lines(path: Path) -> int:
    count, last = 0, b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")
