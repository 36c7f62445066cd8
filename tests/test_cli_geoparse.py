"""The `geomap geoparse` contract end to end: the installed command, JSONL in, JSONL out.

Runs the real console script in a subprocess on files written here, against the small gazetteer
of conftest.py (GEOMAP_GAZETTEER), so it checks what a user or a scorer sees: one output line per
input line, in order, offsets into the input text, clean one-line errors and the exit code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

GEOMAP = Path(sys.executable).with_name("geomap")
FIELDS = {"start", "end", "text", "name", "lat", "lon", "feature", "country", "id", "admin1", "role", "confidence"}


@pytest.fixture
def run(tiny_gazetteer_dir, tmp_path):
    env = {**os.environ, "GEOMAP_GAZETTEER": str(tiny_gazetteer_dir), "GEOMAP_CACHE": str(tmp_path / "cache"),
           "GEOMAP_USER_GAZETTEER": str(tmp_path / "user")}
    command = [str(GEOMAP)] if GEOMAP.exists() else [sys.executable, "-m", "geomap"]

    def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([*command, "geoparse", *args], input=stdin, capture_output=True, env=env,
                              timeout=120)
    return run


DOCS = [
    {"id": "d1", "text": "Ürgüp café — 🚀 Rockets hit Hama on Monday, activists said."},
    {"id": "d2", "text": "The minister spoke to reporters."},
    {"id": "d3", "text": "Fighting continued near Hama and across Syria."},
]


def jsonl(lines) -> bytes:
    return "".join((x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)) + "\n" for x in lines).encode()


def output(proc) -> list[dict]:
    return [json.loads(line) for line in proc.stdout.decode().splitlines()]


def check_contract(docs, answers):
    assert [a["id"] for a in answers] == [d["id"] for d in docs]
    for doc, answer in zip(docs, answers):
        for toponym in answer["toponyms"]:
            assert set(toponym) == FIELDS
            assert doc["text"][toponym["start"]:toponym["end"]] == toponym["text"]   # character offsets
            assert -90 <= toponym["lat"] <= 90 and -180 <= toponym["lon"] <= 180


def test_file_in_one_line_out_per_document(run, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl(DOCS))
    proc = run(str(path))
    assert proc.returncode == 0, proc.stderr.decode()
    answers = output(proc)
    check_contract(DOCS, answers)
    hama = [t for t in answers[0]["toponyms"] if t["text"] == "Hama"]
    assert hama and hama[0]["country"] == "SY" and hama[0]["start"] == DOCS[0]["text"].index("Hama")
    assert abs(hama[0]["lat"] - 35.1) < 0.5 and abs(hama[0]["lon"] - 36.9) < 0.5
    assert answers[1]["toponyms"] == []
    assert {t["text"] for t in answers[2]["toponyms"]} >= {"Hama", "Syria"}


def test_stdin_dash(run):
    lone_surrogate = '{"id": "s", "text": "\\ud800 Shelling hit Hama on Monday."}'   # valid JSON, not valid UTF-8 text
    proc = run("-", stdin=jsonl([*DOCS, lone_surrogate]))
    assert proc.returncode == 0, proc.stderr.decode()
    answers = output(proc)
    check_contract([*DOCS, json.loads(lone_surrogate)], answers)
    assert [t["text"] for t in answers[-1]["toponyms"]] == ["Hama"]


def test_oversized_article_is_refused_by_default_and_the_rest_processed(run, tmp_path):
    path = tmp_path / "big.jsonl"
    with open(path, "wb") as fh:
        fh.write(jsonl([{"id": "huge", "text": "Hama " * 13_000_000}, DOCS[2]]))     # a 65 MB line
    proc = run(str(path))
    assert proc.returncode == 1
    answers = output(proc)
    assert [a["id"] for a in answers] == [None, "d3"] and answers[1]["toponyms"]
    assert f"{path}:1: line is 65,000,0" in proc.stderr.decode()
    assert "over the 64,000,000-byte limit" in proc.stderr.decode()


def test_malformed_lines_are_named_answered_and_fail_the_run(run, tmp_path):
    path = tmp_path / "mixed.jsonl"
    lines = [DOCS[0], '{"id": "cut", "text": "Rockets hit', "", {"id": "no-text"}, DOCS[2]]
    path.write_bytes(jsonl(lines))
    proc = run(str(path))
    assert proc.returncode == 1
    answers = output(proc)
    assert [a["id"] for a in answers] == ["d1", "cut", "no-text", "d3"]      # the blank line is no document
    assert answers[1]["toponyms"] == [] and "not valid JSON" in answers[1]["error"]
    assert answers[3]["toponyms"]                                            # the rest still processed
    stderr = proc.stderr.decode().splitlines()
    assert any(f"{path}:2: not valid JSON" in line for line in stderr)
    assert any(f"{path}:4: " in line and '"text"' in line for line in stderr)
    assert stderr[-1].startswith("geomap: error: 2 of 4 input lines could not be read or geoparsed")
    assert "Traceback" not in proc.stderr.decode()


@pytest.mark.parametrize("content, message", [
    (None, "no such file or directory"),
    (b"", "empty file"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00", "binary data"),
])
def test_unreadable_input_is_one_line_and_exit_1(run, tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    if content is not None:
        path.write_bytes(content)
    proc = run(str(path))
    assert proc.returncode == 1
    assert proc.stdout == b""
    [line] = proc.stderr.decode().splitlines()
    assert line.startswith(f"geomap: error: {path}: ") and message in line


def test_non_utf8_line_is_read_with_a_warning(run, tmp_path):
    path = tmp_path / "latin.jsonl"
    latin1 = '{"id": "l1", "text": "Shelling hit Hama, café owners said."}\n'.encode("latin-1")
    path.write_bytes(jsonl([DOCS[1]]) + latin1)
    proc = run(str(path))
    assert proc.returncode == 0
    answers = output(proc)
    assert [a["id"] for a in answers] == ["d2", "l1"]
    assert any(t["text"] == "Hama" for t in answers[1]["toponyms"])
    assert f"{path}:2: not valid UTF-8" in proc.stderr.decode()


def test_geocode_command_prints_one_line_per_name_and_fails_on_unknown():
    import json
    import subprocess
    import sys
    from pathlib import Path

    geomap_bin = Path(sys.executable).with_name("geomap")
    proc = subprocess.run([str(geomap_bin), "geocode", "Idlib", "Qqzzxxyy"], capture_output=True, text=True)
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["Idlib", "Qqzzxxyy"]
    assert lines[0]["place"]["country"] == "SY"
    assert lines[1]["place"] is None
    assert proc.returncode == 1
    assert "Qqzzxxyy" in proc.stderr and "Traceback" not in proc.stderr
