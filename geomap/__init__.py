"""geomap: news articles about armed conflict in, an honest offline map out.

The pipeline, one module per stage::

    ingest → toponyms → gazetteer / geocode → extraction (document → scene / claims / figures →
    events → trajectories) → merge → render / export

>>> import geomap
>>> [t.text for t in geomap.geoparse("Russian jets struck Idlib province.")]   # doctest: +SKIP
['Russian', 'Idlib']

Names whose modules pull in heavy libraries (geopy, folium, geopandas) are imported on first
use, so ``import geomap`` stays cheap.
"""

from __future__ import annotations

import importlib

from .errors import GeomapError
from .gazetteer import Gazetteer, default_gazetteer
from .model import Article, Event, Mention, Place, Source, Toponym, Trajectory

# public name -> module that defines it, imported on first attribute access
_LAZY = {
    "GazetteerGeocoder": "geocode",
    "build": "build",
    "extract": "pipeline",
    "annotate": "extraction.document",
    "extract_events": "extraction.events",
    "extract_trajectories": "extraction.trajectories",
    "geoparse": "toponyms",
    "geoparse_many": "toponyms",
    "merge": "merge",
    "pipe": "pipeline",
    "read_articles": "ingest",
    "render_map": "render",
    "save_map": "render",
    "to_geodataframe": "export",
    "to_geojson": "export",
}

__all__ = sorted([
    "Article",
    "Event",
    "Gazetteer",
    "GeomapError",
    "Mention",
    "Place",
    "Source",
    "Toponym",
    "Trajectory",
    "default_gazetteer",
    *_LAZY,
])


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'geomap' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
