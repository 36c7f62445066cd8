"""``geomap build``: articles in, the map and its exports out, all or nothing per file.

:func:`build` reads the articles, extracts events and trajectories, and writes into ``out_dir``:

``conflict_map.html``  the interactive, offline map (:mod:`geomap.render`)
``events.geojson``     RFC 7946 FeatureCollection (:mod:`geomap.export`)
``events.gpkg``        GeoPackage, layers ``events``, ``trajectories``, ``areas``
``events.csv``         ACLED-style columns

Every file is first written into a staging folder inside ``out_dir`` and only renamed into place
once all four exist, so a failed or interrupted build never leaves a half-written file.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, RenderError
from .render import _umask

__all__ = ["OUTPUT_FILES", "BuildSummary", "build"]

log = logging.getLogger(__name__)

#: The files a build writes, in the order they are renamed into place (the map last).
OUTPUT_FILES = ("events.geojson", "events.gpkg", "events.csv", "conflict_map.html")


@dataclass(frozen=True, slots=True)
class BuildSummary:
    """What a build read and wrote.

    ``unresolved`` maps each name no gazetteer entry matched to the documents it appeared in;
    ``input_errors`` are the files or lines that could not be read as articles.
    """

    articles: int
    events: int
    trajectories: int
    out_dir: Path
    files: tuple[Path, ...]
    unresolved: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    input_errors: tuple[str, ...] = ()

    def report(self) -> str:
        """The summary the CLI prints: counts, where the files are, names it could not place."""
        lines = [f"{self.articles} articles, {self.events} events, {self.trajectories} trajectories",
                 f"map: {self.out_dir / 'conflict_map.html'}",
                 "exports: " + ", ".join(str(p) for p in self.files if p.name != "conflict_map.html")]
        if self.unresolved:
            names = sorted(self.unresolved)
            shown = ", ".join(names[:20]) + (f" and {len(names) - 20} more" if len(names) > 20 else "")
            lines.append(f"could not place {len(names)} names: {shown}")
        if self.input_errors:
            lines.append(f"{len(self.input_errors)} inputs could not be read:")
            lines.extend(f"  {problem}" for problem in self.input_errors)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"BuildSummary(articles={self.articles}, events={self.events}, trajectories={self.trajectories}, "
                f"unresolved={len(self.unresolved)}, out_dir={str(self.out_dir)!r})")


def build(paths: str | os.PathLike | Iterable[str | os.PathLike], *, out_dir: str | os.PathLike = "output",
          gazetteer=None, title: str | None = None, workers: int = 1, dask=None,
          progress=False) -> BuildSummary:
    """Build ``conflict_map.html`` and the exports in ``out_dir`` from the articles in ``paths``.

    ``paths`` are files (txt, html, jsonl) or folders; ``gazetteer`` defaults to the bundled one.
    ``workers``, ``dask`` and ``progress`` go to :func:`geomap.pipeline.extract` (the map does not
    depend on them).
    Returns a :class:`BuildSummary`. Raises :class:`~geomap.errors.RenderError` when the output
    cannot be written (nothing half-written is left) and :class:`~geomap.errors.InputError` when
    no input path exists.

    >>> summary = build(["seeds"], out_dir="output")          # doctest: +SKIP
    >>> print(summary.report())                                # doctest: +SKIP
    """
    from .export import write
    from .gazetteer import default_gazetteer
    from .ingest import read_articles
    from .pipeline import extract
    from .render import render_map, save_map

    given, gazetteer = gazetteer, gazetteer if gazetteer is not None else default_gazetteer()
    reader = read_articles(paths, on_error="warn")
    # one article the extractor trips on must not cost the whole map: it is named in the summary
    # the caller's gazetteer, or None: worker processes then load the bundled one themselves
    extraction = extract(reader, gazetteer=given, on_error="warn", workers=workers, dask=dask, progress=progress)
    if extraction.articles == 0 and reader.errors:
        # nothing readable at all (a mistyped path): keep the previous build rather than blank it
        raise InputError(", ".join(map(str, _as_list(paths))),
                         f"no article could be read ({reader.errors[0].problem}); nothing was written")
    events, trajectories = list(extraction.events), list(extraction.trajectories)
    log.info("building the map of %d events and %d trajectories", len(events), len(trajectories))

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".geomap-build-", dir=out))
    except OSError as err:
        raise RenderError(f"cannot create output folder {str(out)!r}: {err}; pick a writable folder with -o") from err
    try:
        for name in OUTPUT_FILES[:-1]:
            write(events, trajectories, staging / name, gazetteer=gazetteer)
        label = title or (f"{len(events)} events, {len(trajectories)} trajectories "
                          f"from {extraction.articles} articles")
        save_map(render_map(events, trajectories, gazetteer=gazetteer, title=label), staging / OUTPUT_FILES[-1])
        mode = 0o666 & ~_umask()   # temporary files are private (0600); the outputs are for sharing
        for name in OUTPUT_FILES:
            os.chmod(staging / name, mode)
            os.replace(staging / name, out / name)
    except RenderError:
        raise
    except OSError as err:
        raise RenderError(f"cannot write the build into {str(out)!r}: {err}") from err
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    return BuildSummary(
        articles=extraction.articles, events=len(events), trajectories=len(trajectories), out_dir=out,
        files=tuple(out / name for name in OUTPUT_FILES), unresolved=dict(extraction.unresolved),
        input_errors=tuple(str(err) for err in reader.errors)
        + tuple(f"{doc}: extraction failed (see the warning above)" for doc in extraction.failed))


def _as_list(paths) -> list:
    return [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
