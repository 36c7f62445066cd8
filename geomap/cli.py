"""The ``geomap`` command line: thin wrappers over the library.

Each command parses its arguments, calls public functions, and turns a :class:`GeomapError`
into a one-line message on stderr and exit code 1 (never a traceback).
"""

from __future__ import annotations

import logging
import sys

import click

from .errors import GeomapError
from .gazetteer_import import FEATURE_WORDS

log = logging.getLogger("geomap")


class _Group(click.Group):
    """A click group that reports GeomapError as one line instead of a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except GeomapError as err:
            click.echo(f"geomap: error: {err}", err=True)
            ctx.exit(1)


@click.group(cls=_Group)
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
@click.version_option(package_name="geomap")
def cli(verbose: int) -> None:
    """Turn news articles about armed conflict into an honest, offline map."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="geomap: %(levelname)s: %(message)s", stream=sys.stderr)


@cli.group()
def gazetteer() -> None:
    """Inspect or extend the bundled gazetteer."""


# --- geoparse (owner: geoparse CLI) -------------------------------------------------------
@cli.command()
@click.argument("source", type=click.Path(allow_dash=True))
def geoparse(source: str) -> None:
    """Find and resolve place names: JSONL lines {"id","text"} in, one JSON line per input out.

    SOURCE is a JSONL file or - for stdin. Each output line is {"id", "toponyms": [{"start",
    "end", "text", "name", "lat", "lon", "feature", "country", "id", "admin1", "role",
    "confidence"}]}, in input order; offsets index the input "text" exactly as given. A
    malformed input line is reported on stderr with its line number and answered with
    {"id": <its id or null>, "toponyms": [], "error": "..."}; the exit code is then 1.
    """
    import json
    import os

    from .gazetteer import default_gazetteer
    from .ingest import iter_jsonl
    from .toponyms import geoparse as find_toponyms

    gazetteer = default_gazetteer()          # once, before the first line
    lines = failed = 0
    try:
        for record in iter_jsonl(source, clean=False):
            lines += 1
            answer: dict = {"id": record.id, "toponyms": []}
            if record.error is not None:
                failed += 1
                log.error("%s", record.error)
                answer["error"] = record.error.problem
            else:
                try:
                    found = find_toponyms(record.article.text, gazetteer=gazetteer)
                except Exception as err:  # noqa: BLE001 - one document's failure must not lose the rest
                    failed += 1
                    log.error("%s:%d: geoparse failed on document %r: %s: %s", record.article.path,
                              record.line, record.id, type(err).__name__, err)
                    log.debug("traceback", exc_info=True)
                    answer["error"] = f"geoparse failed: {type(err).__name__}: {err}"
                    found = []
                answer["toponyms"] = [
                    {"start": t.start, "end": t.end, "text": t.text, "name": t.place.name,
                     "lat": t.place.lat, "lon": t.place.lon, "feature": t.place.feature,
                     "country": t.place.country, "id": t.place.id, "admin1": t.place.admin1,
                     "role": t.role, "confidence": round(t.confidence, 3)}
                    for t in found if t.place is not None]
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()
    except BrokenPipeError:                  # the reader went away (| head): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    if failed:
        raise GeomapError(f"{failed} of {lines} input lines could not be read or geoparsed (reported above); "
                          'each got an output line with "toponyms": [] and an "error"')


# --- geocode -------------------------------------------------------------------------------
@cli.command()
@click.argument("names", nargs=-1, required=True)
@click.option("--online", is_flag=True,
              help="Ask OpenStreetMap Nominatim (rate-limited, cached on disk) for names the gazetteer lacks.")
@click.option("--all", "show_all", is_flag=True,
              help="List every place the name may be, with the score geoparse starts from (before context).")
def geocode(names: tuple[str, ...], online: bool, show_all: bool) -> None:
    """Look up place names ("Hama", "Paris, Texas"): one JSON line per name."""
    import json

    from .geocode import GazetteerGeocoder

    if show_all:
        _all_candidates(names)
        return
    coder, missing = GazetteerGeocoder(online=online), 0
    for name in names:
        location = coder.geocode(name)
        if location is None:
            missing += 1
            log.error("no place named %r%s", name, "" if online else "; try --online")
        place = None if location is None else {"address": location.address, **location.raw}
        click.echo(json.dumps({"query": name, "place": place}, ensure_ascii=False))
    if missing:
        raise GeomapError(f"{missing} of {len(names)} names not found")


def _all_candidates(names: tuple[str, ...]) -> None:
    import json

    from .toponyms import candidates

    missing = 0
    for name in names:
        found = candidates(name)
        missing += not found
        if not found:
            log.error("no place named %r", name)
        click.echo(json.dumps({"query": name, "candidates": [
            {"score": round(score, 2), "name": p.name, "id": p.id, "feature": p.feature,
             "feature_code": p.feature_code, "country": p.country, "admin1": p.admin1,
             "population": p.population, "lat": p.lat, "lon": p.lon} for p, score in found]}, ensure_ascii=False))
    if missing:
        raise GeomapError(f"{missing} of {len(names)} names not found")


def _scale_options(command):
    """--workers, --dask and -q, shared by extract and build (see geomap.parallel)."""
    command = click.option("-q", "--quiet", is_flag=True, help="No progress bar (it is shown only on a terminal).")(command)
    command = click.option("--dask", metavar="ADDRESS", default=None,
                           help="Run the extraction on this Dask scheduler (tcp://host:8786); "
                                "needs pip install 'geomap[dask]'.")(command)
    return click.option("--workers", type=click.IntRange(min=1), default=None,
                        help="Worker processes for the extraction (default: all cores; 1: in this process).")(command)


# --- extract (owner: extract CLI) ---------------------------------------------------------
@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["geojson", "csv", "jsonl", "parquet"]), default="geojson",
              show_default=True, help="Output format (parquet: GeoParquet, needs -o).")
@click.option("-o", "--output", type=click.Path(), default="-", help="Output file (default: stdout).")
@_scale_options
def extract(paths: tuple[str, ...], fmt: str, output: str, workers: int | None, dask: str | None,
            quiet: bool) -> None:
    """Extract strike events and missile trajectories from articles (files, directories, JSONL).

    Prints one GeoJSON FeatureCollection by default. With -o FILE and no --format, the format
    follows the extension (.geojson, .json, .gpkg, .csv, .jsonl, .parquet). A bad file or line gets a
    one-line message; the others are still processed and the exit code is 1 at the end.
    """
    from pathlib import PurePath

    from click.core import ParameterSource

    from . import export, pipeline
    from .gazetteer import default_gazetteer
    from .ingest import read_articles
    from .parallel import default_workers
    from .progress import for_inputs

    ctx = click.get_current_context()
    if fmt == "parquet" and output == "-":
        raise click.UsageError("--format parquet writes a file or folder: give it a path with -o")
    reader = read_articles(paths, on_error="warn")
    result = pipeline.extract(reader, on_error="warn",  # one article's failure must not cost the others
                              workers=workers or default_workers(), dask=dask, progress=for_inputs(paths, quiet=quiet))
    if fmt == "parquet" or (output.lower().endswith(".parquet")
                            and ctx.get_parameter_source("fmt") is ParameterSource.DEFAULT):
        from .geoparquet import write_parquet

        write_parquet(result.events, result.trajectories, output)
    elif output == "-":
        click.echo(export.dumps(result.events, result.trajectories, format=fmt), nl=False)
    else:
        if ctx.get_parameter_source("fmt") is not ParameterSource.DEFAULT:
            chosen = fmt
        else:  # the extension decides; an unknown one gets the default
            chosen = export.FORMATS.get(PurePath(output).suffix.lower(), fmt)
        areas = default_gazetteer() if chosen == "gpkg" else None
        export.write(result.events, result.trajectories, output, format=chosen, gazetteer=areas)
    log.info("%d articles: %d events, %d trajectories", result.articles, len(result.events),
             len(result.trajectories))
    if reader.errors or result.failed:
        problems = [f"{len(reader.errors)} input problem(s)"] if reader.errors else []
        problems += [f"extraction failed on {len(result.failed)} article(s)"] if result.failed else []
        click.echo(f"geomap: {'; '.join(problems)}; the rest was processed", err=True)
        ctx.exit(1)


# --- build (owner: map) -------------------------------------------------------------------
@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), default="output",
              show_default=True, help="Folder for conflict_map.html and the exports.")
@_scale_options
def build(paths: tuple[str, ...], out_dir: str, workers: int | None, dask: str | None, quiet: bool) -> None:
    """Build the interactive map and exports from articles (default: seeds/ into output/)."""
    from .build import build as build_map
    from .parallel import default_workers
    from .progress import for_inputs

    paths = paths or ("seeds",)
    summary = build_map(list(paths), out_dir=out_dir, workers=workers or default_workers(), dask=dask,
                        progress=for_inputs(paths, quiet=quiet))
    click.echo(summary.report())
    if summary.input_errors:
        sys.exit(1)


# --- gazetteer import, list, remove (owner: gazetteer) ------------------------------------
@gazetteer.command("import", epilog="FEATURE may be: " + ", ".join(FEATURE_WORDS)
                   + "; or a GeoNames feature code such as PPL, PPLX, ADM2 or S.AIRB (mapped to a kind of place).")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--skip-bad", is_flag=True,
              help="Import the good lines and name each bad one (default: import nothing if any is bad).")
def gazetteer_import(file: str, skip_bad: bool) -> None:
    """Add places from a GeoNames dump (tab-separated) or a CSV of your own places.

    A CSV needs a header line with name,lat,lon and may add feature,country,admin1,population,
    alternates,id; FEATURE is what kind of place it is, in your own words (listed below). The places
    go to a TSV in the user gazetteer folder and are used from the next run.
    """
    from .gazetteer_import import import_places

    result = import_places(file, on_error="skip" if skip_bad else "raise")  # logs each skipped line
    skipped = f"; skipped {len(result.skipped)} bad line(s), named above" if result.skipped else ""
    click.echo(f"imported {result.imported} places ({result.format}) from {file} into {result.path}{skipped}")
    if result.skipped:
        click.get_current_context().exit(1)


@gazetteer.command("list")
def gazetteer_list() -> None:
    """List the place files you imported: name, number of places, path."""
    from .gazetteer import user_dir
    from .gazetteer_import import imported

    files = imported()
    for file in files:
        count = "unreadable" if file.places < 0 else f"{file.places} places"
        click.echo(f"{file.name}\t{count}\t{file.path}")
    if not files:
        click.echo(f"no imported places in {user_dir()}", err=True)


@gazetteer.command("remove")
@click.argument("names", nargs=-1, required=True)
def gazetteer_remove(names: tuple[str, ...]) -> None:
    """Remove imported place files by name (as `geomap gazetteer list` shows them)."""
    from .gazetteer_import import remove_import

    for name in names:
        click.echo(f"removed {remove_import(name)}")


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    cli.main(args=argv, prog_name="geomap")
