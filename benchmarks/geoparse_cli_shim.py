"""A stand-in for ``geomap geoparse`` while the CLI command is being written: JSONL in, contract out.

    python benchmarks/geoparse_cli_shim.py IN.jsonl   (or - for stdin)
"""

from __future__ import annotations

import json
import sys

from geomap.toponyms import geoparse_many


def _records(path: str):
    fh = sys.stdin if path == "-" else open(path, encoding="utf-8")
    with fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def main(path: str) -> None:
    records = list(_records(path))
    out = sys.stdout
    for record, toponyms in zip(records, geoparse_many(r["text"] for r in records)):
        rows = [{"start": t.start, "end": t.end, "text": t.text, "name": t.place.name if t.place else None,
                 "lat": t.place.lat if t.place else None, "lon": t.place.lon if t.place else None,
                 "feature": t.place.feature if t.place else None,
                 "country": t.place.country if t.place else None, "role": t.role,
                 "confidence": t.confidence} for t in toponyms]
        out.write(json.dumps({"id": record["id"], "toponyms": rows}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
