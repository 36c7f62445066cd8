"""``geomap build``: articles in, the map and its exports out, as one consistent set.

:func:`build` reads the articles, extracts events and trajectories, and writes into ``out_dir``:

``conflict_map.html``  the interactive, offline map (:mod:`geomap.render`)
``events.geojson``     RFC 7946 FeatureCollection (:mod:`geomap.export`)
``events.gpkg``        GeoPackage, layers ``events``, ``trajectories``, ``areas``
``events.csv``         ACLED-style columns
``manifest.json``      the set: size and SHA-256 of each file above, written last

The four files are one set, never a mix of two builds:

1. all four are written into a staging folder ``.geomap-build-*`` inside ``out_dir`` (same disk,
   so the switch is a rename);
2. the old ``manifest.json`` is removed: from here on the folder says "not a complete set";
3. each file is renamed into place;
4. the new ``manifest.json`` is renamed into place.

A reader trusts the folder when ``manifest.json`` exists and every file matches it
(:func:`verify_build` checks that). A build killed before step 2 leaves the previous set intact; one
killed between 2 and 4 leaves no manifest, so nobody takes the folder for a set. Builds into one
folder take turns (an advisory lock on the folder), and each removes the staging folders that
killed builds left behind. Same input, byte-identical files, manifest included.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, RenderError
from .files import shared_mode

__all__ = ["MANIFEST", "OUTPUT_FILES", "BuildSummary", "build", "verify_build"]

log = logging.getLogger(__name__)

#: The files a build writes, in the order they are renamed into place (the map last).
OUTPUT_FILES = ("events.geojson", "events.gpkg", "events.csv", "conflict_map.html")

#: The file that vouches for the set: written last, removed first.
MANIFEST = "manifest.json"

_STAGING_PREFIX = ".geomap-build-"
# Without file locks (not POSIX), a staging folder this old is taken for a killed build's.
_STALE_SECONDS = 3600


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
    except OSError as err:
        raise RenderError(f"cannot create output folder {str(out)!r}: {err}; pick a writable folder with -o") from err
    label = title or (f"{len(events)} events, {len(trajectories)} trajectories "
                      f"from {extraction.articles} articles")
    counts = {"articles": extraction.articles, "events": len(events), "trajectories": len(trajectories)}
    with _one_build_at_a_time(out):
        _remove_leftovers(out)
        for name in (*OUTPUT_FILES, MANIFEST):
            if (out / name).is_dir():
                raise RenderError(f"cannot write {str(out / name)!r}: a folder of that name is in the way; "
                                  "move it or build into another folder with -o")
        try:
            staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=out))
        except OSError as err:
            raise RenderError(f"cannot write the build into {str(out)!r}: {err}") from err
        try:
            for name in OUTPUT_FILES[:-1]:
                write(events, trajectories, staging / name, gazetteer=gazetteer)
            save_map(render_map(events, trajectories, gazetteer=gazetteer, title=label), staging / OUTPUT_FILES[-1])
            _switch(staging, out, counts)
        except RenderError as err:
            # name the file the user knows, not the staging folder it was written in first
            raise RenderError(str(err).replace(str(staging), str(out))) from err
        except OSError as err:
            raise RenderError(f"cannot write the build into {str(out)!r}: {err}") from err
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    return BuildSummary(
        articles=extraction.articles, events=len(events), trajectories=len(trajectories), out_dir=out,
        files=tuple(out / name for name in OUTPUT_FILES), unresolved=dict(extraction.unresolved),
        input_errors=tuple(str(err) for err in reader.errors)
        + tuple(f"{doc}: extraction failed (see the warning above)" for doc in extraction.failed))


def verify_build(out_dir: str | os.PathLike) -> dict[str, Any]:
    """Check that ``out_dir`` holds one complete build; return its manifest.

    Raises :class:`~geomap.errors.InputError` naming the problem when there is no manifest (no build
    yet, or one was interrupted while switching files) or a file differs from it (a mix of builds).

    >>> verify_build("output")["events"]                    # doctest: +SKIP
    42
    """
    out = Path(out_dir)
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(out), f"no {MANIFEST}: not a complete build (none yet, or one was interrupted); "
                                   "run geomap build again") from None
    except (OSError, ValueError) as err:
        raise InputError(str(out / MANIFEST), f"cannot read the build manifest: {err}") from err
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict) or set(files) != set(OUTPUT_FILES):
        raise InputError(str(out / MANIFEST), f"expected the files {', '.join(OUTPUT_FILES)}, got {files!r:.200}")
    for name, expected in files.items():
        try:
            actual = _fingerprint(out / name)
        except OSError as err:
            raise InputError(str(out / name), f"cannot read: {err.strerror or err}; run geomap build again") from err
        if actual != expected:
            raise InputError(str(out / name), f"does not match {MANIFEST} (a mix of two builds); "
                                              "run geomap build again")
    return manifest


def _fingerprint(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return {"bytes": size, "sha256": digest.hexdigest()}


def _switch(staging: Path, out: Path, counts: dict[str, int]) -> None:
    """Move the staged files into ``out`` as one set: manifest out first, files, manifest in last."""
    mode = shared_mode()   # temporary files are private (0600); the outputs are for sharing
    manifest = {"files": {name: _fingerprint(staging / name) for name in OUTPUT_FILES}, **counts}
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for name in (*OUTPUT_FILES, MANIFEST):
        os.chmod(staging / name, mode)
        _fsync(staging / name)     # the data is on disk before any name points at it
    (out / MANIFEST).unlink(missing_ok=True)
    _fsync(out)
    for name in OUTPUT_FILES:
        os.replace(staging / name, out / name)
    _fsync(out)
    os.replace(staging / MANIFEST, out / MANIFEST)
    _fsync(out)


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:          # a folder cannot be opened on some systems; the rename is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def _one_build_at_a_time(out: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on the folder ``out`` (released by the kernel if we are killed)."""
    try:
        import fcntl
    except ImportError:       # not POSIX: no lock, and only old leftovers are removed
        yield
        return
    fd = os.open(out, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("another geomap build is writing into %s; waiting for it to finish", out)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _remove_leftovers(out: Path) -> None:
    """Delete the staging folders of builds that were killed (under the lock, no live build has one)."""
    try:
        import fcntl  # noqa: F401 - only whether locks exist matters
        locked = True
    except ImportError:
        locked = False
    for leftover in out.glob(_STAGING_PREFIX + "*"):
        try:
            if not leftover.is_dir() or (not locked and time.time() - leftover.stat().st_mtime < _STALE_SECONDS):
                continue
        except OSError:
            continue
        log.info("removing %s, left by an interrupted build", leftover)
        shutil.rmtree(leftover, ignore_errors=True)



def _as_list(paths) -> list:
    return [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
