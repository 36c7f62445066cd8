"""Events and trajectories out as GeoParquet, for results too big for GeoJSON.

Stage: merge → **export** (the columnar format beside :mod:`geomap.export`'s GeoJSON, GeoPackage
and CSV; the rows are :func:`geomap.export.to_geodataframe`'s, written by geopandas'
``to_parquet``, so lists stay lists and quotes stay ``{document, sentence, start, end}`` records).

When any row has a date, ``path`` becomes a folder partitioned by day the way Hive, Spark,
pyarrow, dask-geopandas and DuckDB all read::

    events.parquet/
        day=2024-03-01/part-0.parquet
        day=2024-03-02/part-0.parquet
        day=undated/part-0.parquet          (the rows with no date)

Each part is a GeoParquet file of its own (``geo`` metadata, WKB geometry, EPSG:4326), every part
with the same columns; the ``date`` column stays in the files (null when unknown) and readers add
``day`` from the folder names. With no date at all ``path`` is one GeoParquet file. Reading it back::

    geopandas.read_parquet("events.parquet")                 # file or folder
    dask_geopandas.read_parquet("events.parquet")            # one partition per day
    duckdb: SELECT * FROM read_parquet('events.parquet/**/*.parquet', hive_partitioning = true)

pyarrow must be installed (``pip install 'geomap[parquet]'``).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import RenderError
from .model import Event, Trajectory

__all__ = ["NO_DATE", "PARTITION", "write_parquet"]

log = logging.getLogger(__name__)

#: The partition key: the folder ``day=2024-03-01`` holds the rows of that date ...
PARTITION = "day"
#: ... and ``day=undated`` those with no date (their ``date`` column is null).
NO_DATE = "undated"


def write_parquet(events: Iterable[Event], trajectories: Iterable[Trajectory], path: str | os.PathLike, *,
                  partition: bool = True) -> Path:
    """Write the events and trajectories to ``path`` as GeoParquet; return ``path``.

    With ``partition`` (default) and at least one dated row, ``path`` is a folder with one
    ``day=YYYY-MM-DD`` sub-folder per day (see the module docstring); otherwise one file. The
    output is built beside ``path`` and renamed into place, replacing an earlier one, so a failure
    leaves no half-written result. Raises :class:`~geomap.errors.RenderError` when it cannot be
    written or pyarrow is missing.
    """
    from .export import to_geodataframe

    try:
        import pyarrow  # noqa: F401 - geopandas needs it for parquet; say so in one line
    except ImportError as err:
        raise RenderError(f"cannot write {str(path)!r}: GeoParquet needs pyarrow ({err}); "
                          "install it with: pip install 'geomap[parquet]'") from err
    path = Path(path)
    if not path.parent.is_dir():
        raise RenderError(f"cannot write {str(path)!r}: folder {str(path.parent)!r} does not exist; create it first")
    frame = to_geodataframe(events, trajectories)
    dated = partition and "date" in frame.columns and frame["date"].notna().any()
    staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        built = staging / path.name
        if dated:
            _write_partitioned(frame, built)
        else:
            frame.to_parquet(built, index=False)
        _replace(built, path)
    except OSError as err:
        raise RenderError(f"cannot write {str(path)!r}: {err}") from err
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info("wrote %s (GeoParquet, %d rows%s)", path, len(frame), ", partitioned by date" if dated else "")
    return path


def _write_partitioned(frame, folder: Path) -> None:
    """One GeoParquet part per day under ``folder``, every part with the same schema and ``geo`` metadata."""
    import io

    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    # geopandas makes the table (WKB geometry, "geo" metadata) once, so a column that is empty on
    # one day has the same type there as on the others; pyarrow then cuts it by day.
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    table = pq.read_table(io.BytesIO(buffer.getvalue()))
    days = pa.array(frame["date"].fillna(NO_DATE).tolist(), type=pa.string())
    table = table.append_column(PARTITION, days)
    ds.write_dataset(table, folder, format="parquet", basename_template="part-{i}.parquet",
                     partitioning=ds.partitioning(pa.schema([(PARTITION, pa.string())]), flavor="hive"),
                     preserve_order=True, use_threads=False)


def _replace(built: Path, path: Path) -> None:
    """Move ``built`` to ``path``, replacing what is there (a file or an earlier partitioned folder)."""
    if path.is_dir() and not path.is_symlink():
        old = path.with_name(f".{path.name}.old-{os.getpid()}")
        os.replace(path, old)
        try:
            os.replace(built, path)
        except OSError:
            os.replace(old, path)  # put the previous result back
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(built, path)
