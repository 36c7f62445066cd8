"""Every error geomap raises on purpose.

The hierarchy::

    GeomapError                       root: catch this to catch everything below
    ├── GazetteerError(OSError)       gazetteer data missing, unreadable or malformed
    ├── InputError(ValueError)        an article file or line that cannot be read
    │   └── InputLineError            one bad line of a JSONL file (file and line number)
    ├── GeocodeError                  a place name could not be resolved and the caller asked to raise
    └── RenderError                   the map or an export could not be written

Each subclass also inherits the built-in it resembles, so ``except OSError`` around a gazetteer
load or ``except ValueError`` around input parsing keeps working.
"""

from __future__ import annotations

__all__ = [
    "GazetteerError",
    "GeocodeError",
    "GeomapError",
    "InputError",
    "InputLineError",
    "RenderError",
]


class GeomapError(Exception):
    """Root of geomap's exceptions; the CLI turns it into a one-line message and exit code 1."""


class GazetteerError(GeomapError, OSError):
    """The gazetteer data is missing, unreadable or malformed."""


class InputError(GeomapError, ValueError):
    """An input file cannot be read as an article (empty, binary, too large, malformed)."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class InputLineError(InputError):
    """One line of a JSONL file is malformed; the rest of the file can still be read."""

    def __init__(self, path: str, line: int, problem: str):
        self.line = line
        super().__init__(f"{path}:{line}", problem)


class GeocodeError(GeomapError, LookupError):
    """A place name could not be resolved and ``on_unresolved="raise"`` was asked for."""


class RenderError(GeomapError, OSError):
    """The map or an export file could not be written."""
