"""Quality floor of `geomap extract` on our own annotated articles (tests/data/events_*.jsonl).

Runs the contract's scorer (``../shared/bench/score_events.py``) as a subprocess when it is there;
otherwise runs the command and scores it with the same matching, written below: a predicted event
Point matches a gold event within its radius, a trajectory when its first point is within the
launch site's radius and its last within the target's; greedy one-to-one by distance, per document.

The floors were set from measurement (see benchmarks/RESULTS-events.md), a little under what the
extractor reaches, so a regression fails this test. Raise them as extraction improves.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
GOLD = DATA / "events_gold.jsonl"
BLIND = DATA / "events_blind.jsonl"
FRESH_G = DATA / "events_fresh_g.jsonl"
FRESH_H = DATA / "events_fresh_h.jsonl"
FRESH_I = DATA / "events_fresh_i.jsonl"
FRESH_J = DATA / "events_fresh_j.jsonl"
SCORER = Path(__file__).resolve().parents[2] / "shared" / "bench" / "score_events.py"
COMMAND = [sys.executable, "-m", "geomap", "extract", "--format", "geojson"]

# (event F1, trajectory F1) floors, a little under what the parse-based extractor (geomap/extraction)
# measures: events_gold 0.840 / 0.774, events_blind 0.909 / 0.889 on 2026-12-07. Both sets were
# written for the regular-expression extractor before it and tuned on; they guard against
# regressions and estimate nothing (see benchmarks/RESULTS.md for the real-news scores). The
# trajectory floor of events_gold is lower because a launch told again ("shot down 38 of them over
# the Sumy, Poltava and Kyiv regions") now gives flights to those regions, which that set's gold
# leaves out and EVENTS.md counts ("intercepted and crashed launches are trajectories too").
# events_fresh_g (24 articles written blind on 2026-12-07, first scored 0.688 / 0.387, then read
# and tuned on: 0.749 / 0.625) guards the mechanisms added for it (launch sites told as "from X in
# Y", a launch closed by the next strike of its weapon, "the targets included").
# events_fresh_h (24 articles written blind, kept unread: first scored 0.697 / 0.500) only guards
# against regressions; read its misses and it estimates nothing any more. So does events_fresh_i
# (24 articles written blind, kept unread: first scored 0.740 / 0.588 by the extractor at the start
# of the session that received it, 0.748 / 0.680 by b440ff3). So does events_fresh_j (24 articles
# written blind, kept unread: first scored 0.805 / 0.688 by 861bd3f).
FLOORS = {GOLD: (0.80, 0.74), BLIND: (0.85, 0.80), FRESH_G: (0.70, 0.58), FRESH_H: (0.66, 0.60),
          FRESH_I: (0.70, 0.60), FRESH_J: (0.76, 0.62)}

DEFAULT_RADIUS = {"point": 25.0, "region": 100.0, "country": 500.0}
TRAJECTORY_RADIUS = 150.0


def _documents(gold: Path) -> list[dict]:
    return [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]


def _haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _greedy(candidates: list[tuple[float, int, int]]) -> int:
    used_gold, used_pred = set(), set()
    for _, g, p in sorted(candidates):
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
    return len(used_gold)


def _f1(tp: int, predicted: int, gold: int) -> float:
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _local_score(gold: Path, tmp_path: Path) -> dict:
    docs = _documents(gold)
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": d["id"], "text": d["text"]}) + "\n" for d in docs), encoding="utf-8")
    proc = subprocess.run([*COMMAND, str(source)], capture_output=True, text=True, check=True)
    features = json.loads(proc.stdout)["features"]
    counts = {"ev_tp": 0, "ev_pred": 0, "ev_gold": 0, "tr_tp": 0, "tr_pred": 0, "tr_gold": 0}
    for doc in docs:
        mine = [f for f in features if doc["id"] in f["properties"]["documents"]]
        points = [f["geometry"]["coordinates"] for f in mine if f["properties"]["kind"] == "event"]
        lines = [f["geometry"]["coordinates"] for f in mine if f["properties"]["kind"] == "trajectory"]
        events, trajectories = doc["events"], doc["trajectories"]
        candidates = []
        for g, ev in enumerate(events):
            radius = ev.get("radius_km") or DEFAULT_RADIUS.get(ev["precision"], 25.0)
            for p, (lon, lat) in enumerate(points):
                distance = _haversine(ev["lat"], ev["lon"], lat, lon)
                if distance <= radius:
                    candidates.append((distance, g, p))
        counts["ev_tp"] += _greedy(candidates)
        candidates = []
        for g, tr in enumerate(trajectories):
            for p, coords in enumerate(lines):
                (lon0, lat0), (lon1, lat1) = coords[0], coords[-1]
                d_from = _haversine(tr["from_lat"], tr["from_lon"], lat0, lon0)
                d_to = _haversine(tr["to_lat"], tr["to_lon"], lat1, lon1)
                if d_from <= (tr.get("from_radius_km") or TRAJECTORY_RADIUS) and \
                        d_to <= (tr.get("to_radius_km") or TRAJECTORY_RADIUS):
                    candidates.append((d_from + d_to, g, p))
        counts["tr_tp"] += _greedy(candidates)
        counts["ev_pred"] += len(points)
        counts["ev_gold"] += len(events)
        counts["tr_pred"] += len(lines)
        counts["tr_gold"] += len(trajectories)
    return {"events": {"f1": _f1(counts["ev_tp"], counts["ev_pred"], counts["ev_gold"])},
            "trajectories": {"f1": _f1(counts["tr_tp"], counts["tr_pred"], counts["tr_gold"])},
            "returncode": proc.returncode}


@pytest.fixture(scope="module", params=[GOLD, BLIND, FRESH_G, FRESH_H, FRESH_I, FRESH_J],
                ids=["gold", "blind", "fresh_g", "fresh_h", "fresh_i", "fresh_j"])
def scored(request, tmp_path_factory) -> tuple[Path, dict]:
    gold = request.param
    if SCORER.exists():
        proc = subprocess.run([sys.executable, str(SCORER), "--cmd", " ".join(COMMAND), str(gold)],
                              capture_output=True, text=True, check=True)
        return gold, json.loads(proc.stdout.strip().splitlines()[-1])
    return gold, _local_score(gold, tmp_path_factory.mktemp("quality"))


def test_the_command_succeeds_on_the_gold_articles(scored):
    assert scored[1]["returncode"] == 0


def test_event_f1_stays_above_the_measured_floor(scored):
    gold, summary = scored
    assert summary["events"]["f1"] >= FLOORS[gold][0], summary["events"]


def test_trajectory_f1_stays_above_the_measured_floor(scored):
    gold, summary = scored
    assert summary["trajectories"]["f1"] >= FLOORS[gold][1], summary["trajectories"]


# Known failure when written: a threat ("would strike any US warship in the Red Sea ... in a speech from
# Sanaa") still becomes a Sanaa -> Red Sea trajectory. Strict, so the mark must go once it is fixed.
_KNOWN: dict[str, str] = {}
_NEGATIVES = [d for gold in (GOLD, BLIND) for d in _documents(gold) if not d["events"] and not d["trajectories"]]


@pytest.mark.parametrize("doc", [pytest.param(d, id=d["id"], marks=[pytest.mark.xfail(strict=True, reason=_KNOWN[d["id"]])]
                                              if d["id"] in _KNOWN else []) for d in _NEGATIVES])
def test_meetings_threats_tests_and_visits_yield_nothing(doc, tmp_path):
    source = tmp_path / "negative.jsonl"
    source.write_text(json.dumps({"id": doc["id"], "text": doc["text"]}) + "\n", encoding="utf-8")
    proc = subprocess.run([*COMMAND, str(source)], capture_output=True, text=True, check=True)
    found = [(f["properties"]["kind"], f["properties"].get("location_name")) for f in json.loads(proc.stdout)["features"]]
    assert found == []


def test_there_are_negatives_to_test():
    assert len(_NEGATIVES) >= 8
