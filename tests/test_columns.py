"""Point events travel to the page as columns: the encoding is compact and loses nothing."""

from __future__ import annotations

import json
import random

import pytest

from geomap.columns import decode_columns, encode_columns


def test_round_trip_keeps_every_value_and_every_gap():
    rows = [{"i": "a1", "cs": "claimed", "n": 3, "q": [0]},
            {"i": "a2", "c": 0.3, "q": [1, 2], "ns": [1, 4]},
            {},
            {"i": "a4", "cs": "claimed", "d": "2024-05-02", "f": 0}]
    assert decode_columns(encode_columns(rows), len(rows)) == rows


def test_repeated_strings_become_a_table_and_unique_ones_stay_as_they_are():
    rows = [{"i": f"e{k}", "a": ["Army", "Rebels"][k % 2], "q": [k]} for k in range(10)]
    columns = encode_columns(rows)
    assert columns["a"] == {"k": ["Army", "Rebels"], "v": [0, 1] * 5}
    assert columns["i"] == {"s": [f"e{k}" for k in range(10)]}
    assert columns["q"] == {"l": list(range(10))}          # one-element lists written as their element


def test_columns_are_smaller_than_one_object_per_event():
    rng = random.Random(7)
    rows = [{"i": f"e{k}", "a": rng.choice(["Army", "Rebels"]), "cs": rng.choice(["claimed", "disputed"]),
             "d": f"2024-01-{rng.randrange(1, 29):02d}", "l": f"Place {k % 50}", "q": [k]} for k in range(2000)]
    columns = encode_columns(rows)
    assert decode_columns(columns, len(rows)) == rows
    assert len(json.dumps(columns)) < 0.6 * len(json.dumps(rows))


@pytest.mark.parametrize("rows", [[], [{}], [{"x": None}], [{"flag": True}, {"flag": False}]])
def test_edge_cases_round_trip(rows):
    expected = [{k: v for k, v in row.items() if v is not None} for row in rows]
    assert decode_columns(encode_columns(rows), len(rows)) == expected


def test_unknown_encoding_is_named():
    with pytest.raises(ValueError, match="unknown column encoding"):
        decode_columns({"x": {"z": [1]}}, 1)
