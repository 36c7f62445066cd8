"""Run a command where file modes apply, even when the tests run as root.

Root reads a file whatever its mode, so "unreadable file" tests would pass vacuously under root
(CI containers often are root). :func:`run` starts the child with the two capabilities that let
root ignore file modes (``CAP_DAC_OVERRIDE``, ``CAP_DAC_READ_SEARCH``) dropped from its bounding
set, so a file of mode 000 is as unreadable to it as to anyone.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _drop_file_mode_capabilities() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) refused")


def run(args: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``python args...`` in a child process for which file modes hold; text output captured."""
    extra = {}
    if os.geteuid() == 0:
        extra = {"preexec_fn": _drop_file_mode_capabilities}
        try:
            subprocess.run([sys.executable, "-c", "pass"], check=True, **extra)
        except (OSError, subprocess.SubprocessError):
            pytest.skip("running as root without the right to drop capabilities: file modes cannot be tested")
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env={**os.environ, **(env or {})},
                          cwd=cwd, **extra)


def remove(folder: Path) -> None:
    """Delete ``folder`` even where a test took permissions away."""
    for root, dirs, files in os.walk(folder):     # top-down: a folder is opened up before it is entered
        for name in dirs + files:
            path = Path(root, name)
            if not path.is_symlink():
                path.chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)
