"""Small file-system helpers shared by the stages that write files (render, export, build, import).

Temporary files made with :func:`tempfile.mkstemp` are private (0600); a map, an export or a
gazetteer import is meant to be read by others, so it gets the mode an ordinary new file would.
"""

from __future__ import annotations

import os

__all__ = ["SHARED_BITS", "shared_mode", "umask"]

#: The permission bits of an ordinary new file before the umask.
SHARED_BITS = 0o666


def umask() -> int:
    """The process's current umask (reading it means setting it and setting it back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def shared_mode() -> int:
    """The mode an ordinary new file gets here: ``0o666`` less the umask (0644 under the usual 022)."""
    return SHARED_BITS & ~umask()
