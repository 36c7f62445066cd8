"""Nothing half-done: a build's four files are one set (manifest.json vouches for it), a killed build
leaves the previous set or an unvouched folder and its leftovers go with the next build, a full disk
is one line, and the same input gives the same bytes, GeoPackage included."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geomap.build import MANIFEST, OUTPUT_FILES, build, verify_build
from geomap.errors import InputError
from geomap.gazetteer import default_gazetteer

FIRST = "Russian drones struck Kharkiv overnight on Monday, killing three civilians, regional officials said.\n"
SECOND = ("Israeli aircraft bombed targets near Khan Younis on Tuesday, medics said.\n\n"
          "Houthi forces fired a ballistic missile at Eilat on Friday, the Israeli army said.\n")
EVERY_FILE = sorted((*OUTPUT_FILES, MANIFEST))


@pytest.fixture(scope="module")
def gazetteer():
    return default_gazetteer()


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    """Two different inputs, so a mix of their builds would show."""
    old, new = tmp_path_factory.mktemp("old"), tmp_path_factory.mktemp("new")
    (old / "kharkiv.txt").write_text(FIRST, encoding="utf-8")
    (new / "kharkiv.txt").write_text(FIRST, encoding="utf-8")
    (new / "gaza.txt").write_text(SECOND, encoding="utf-8")
    return old, new


def test_two_builds_of_the_same_input_are_byte_identical_geopackage_included(corpora, gazetteer, tmp_path):
    _, new = corpora
    build([new], out_dir=tmp_path / "a", gazetteer=gazetteer)
    build([new], out_dir=tmp_path / "b", gazetteer=gazetteer)
    for name in EVERY_FILE:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), f"{name} differs"
    manifest = json.loads((tmp_path / "a" / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(OUTPUT_FILES) and manifest["articles"] == 2


def test_verify_build_names_a_mix_and_a_missing_manifest(corpora, gazetteer, tmp_path):
    old, new = corpora
    build([old], out_dir=tmp_path / "old", gazetteer=gazetteer)
    build([new], out_dir=tmp_path / "new", gazetteer=gazetteer)
    assert verify_build(tmp_path / "new")["articles"] == 2
    shutil.copy(tmp_path / "old" / "events.geojson", tmp_path / "new" / "events.geojson")   # new map, old GeoJSON
    with pytest.raises(InputError, match=r"events.geojson: does not match manifest.json \(a mix of two builds\)"):
        verify_build(tmp_path / "new")
    (tmp_path / "new" / MANIFEST).unlink()
    with pytest.raises(InputError, match="no manifest.json: not a complete build"):
        verify_build(tmp_path / "new")


def test_committed_output_is_one_set():
    """output/ is committed: its manifest must vouch for its files (rebuild with `make map` when not)."""
    root = Path(__file__).resolve().parent.parent
    assert verify_build(root / "output")["articles"] >= 1


# -- kill -9 at several points ---------------------------------------------------------------
def staging(out: Path) -> list[Path]:
    return sorted(out.glob(".geomap-build-*"))


def staged(name: str):
    return lambda out: any((s / name).exists() for s in staging(out))


def gpkg_in_progress(out: Path) -> bool:
    return any(s.glob(".events.gpkg.*") for s in staging(out))


# Points in a build, as they show in the output folder.
KILL_POINTS = {
    "staging folder made": lambda out: bool(staging(out)),
    "GeoPackage being written": gpkg_in_progress,
    "map staged, switching": staged("conflict_map.html"),
}


def build_command(corpus: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "geomap", "build", str(corpus), "-o", str(out)]


def kill_when(command: list[str], out: Path, condition) -> bool:
    """Start a build, SIGKILL it as soon as ``condition(out)`` holds; True if it was killed."""
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while proc.poll() is None:
            if condition(out):
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                return True
            time.sleep(0.002)
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def assert_one_set_or_none(out: Path, sets: dict[int, dict]) -> None:
    """A reader sees either a complete set (old or new, not a mix) or a folder with no manifest."""
    if not (out / MANIFEST).exists():
        return
    manifest = verify_build(out)
    assert manifest in sets.values(), "the manifest is neither the old build's nor the new one's"


def test_a_killed_build_leaves_one_set_and_the_next_build_cleans_up(corpora, gazetteer, tmp_path):
    old, new = corpora
    out = tmp_path / "out"
    reference = tmp_path / "reference"
    build([old], out_dir=out, gazetteer=gazetteer)
    build([new], out_dir=reference, gazetteer=gazetteer)
    sets = {1: verify_build(out), 2: verify_build(reference)}
    assert sets[1] != sets[2]

    killed, left_behind = [], 0
    for name, condition in KILL_POINTS.items():
        if kill_when(build_command(new, out), out, condition):
            killed.append(name)
        left_behind += bool(staging(out))
        assert_one_set_or_none(out, sets)
    assert len(killed) >= 2, f"only killed at {killed}: the builds ended before the kill points"
    assert left_behind, "no kill left a staging folder: the clean-up was not exercised"

    proc = subprocess.run(build_command(new, out), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == EVERY_FILE          # no leftovers, no temp files
    assert verify_build(out) == sets[2]
    for name in EVERY_FILE:                                               # and the very bytes of a clean build
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name


def test_two_builds_into_one_folder_at_once_take_turns(corpora, gazetteer, tmp_path):
    old, new = corpora
    out = tmp_path / "out"
    build([old], out_dir=out, gazetteer=gazetteer)
    procs = [subprocess.Popen(build_command(corpus, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for corpus in (old, new)]
    results = [(proc.returncode, err) for proc, (_, err) in ((proc, proc.communicate()) for proc in procs)]
    assert [code for code, _ in results] == [0, 0], results     # neither removed the other's staging folder
    assert sorted(p.name for p in out.iterdir()) == EVERY_FILE
    assert verify_build(out)["articles"] in (1, 2)


# -- a full disk -----------------------------------------------------------------------------
# Python writes a truncated .pyc when a file size limit cuts its write short: no bytecode in those runs.
NO_BYTECODE = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}


def _file_size_limit(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)      # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_no_room_for_the_geopackage_is_one_line_and_keeps_the_previous_set(corpora, gazetteer, tmp_path):
    old, new = corpora
    out = tmp_path / "out"
    build([old], out_dir=out, gazetteer=gazetteer)
    before = {name: (out / name).read_bytes() for name in EVERY_FILE}
    # No file may grow past 50 kB: the GeoJSON and CSV fit, the GeoPackage (over 100 kB) does not.
    proc = subprocess.run(build_command(new, out), capture_output=True, text=True, env=NO_BYTECODE,
                          preexec_fn=_file_size_limit(50_000))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and errors[0].startswith(f"geomap: error: cannot write '{out / 'events.gpkg'}': ")
    assert {name: (out / name).read_bytes() for name in EVERY_FILE} == before
    assert sorted(p.name for p in out.iterdir()) == EVERY_FILE


def test_a_really_full_disk_is_one_line(corpora, tmp_path):
    """On a 96 kB tmpfs, in a mount namespace of its own (needs root; skipped where mounting is not allowed)."""
    _, new = corpora
    disk = tmp_path / "disk"
    disk.mkdir()
    script = (f'mount -t tmpfs -o size=96k tmpfs "{disk}" || exit 99; '
              f'"{sys.executable}" -m geomap build "{new}" -o "{disk}/out"; echo "exit=$?"; ls -A "{disk}/out"')
    if shutil.which("unshare") is None:
        pytest.skip("no unshare(1) to make a private mount namespace")
    proc = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()[:120]}")
    exit_line, *listing = proc.stdout.splitlines()
    assert exit_line == "exit=1" and "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and "the disk is full" in errors[0], proc.stderr
    assert listing == []                                               # nothing half-written, no staging folder


@pytest.mark.parametrize("name", ["events.geojson", "events.csv", "events.jsonl"])
def test_no_room_for_a_plain_export_is_one_line_and_no_partial_file(corpora, tmp_path, name):
    _, new = corpora
    out = tmp_path / name
    proc = subprocess.run([sys.executable, "-m", "geomap", "extract", "-o", str(out), str(new)],
                          capture_output=True, text=True, env=NO_BYTECODE, preexec_fn=_file_size_limit(300))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and errors[0].startswith(f"geomap: error: cannot write '{out}': "), proc.stderr
    assert list(tmp_path.iterdir()) == []                   # no partial file, no temporary file
