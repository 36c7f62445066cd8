"""Records as columns: how a map page carries a million point events compactly.

One JSON object per event repeats every key and every repeated value (an actor, a status, a date)
a million times, and the browser then builds a million objects before it can draw one mark.
:func:`encode_columns` turns a list of flat records (dicts of JSON values, a missing key meaning
"no value") into one column per key, each in the cheapest of four encodings:

``{"v": [1, null, 3]}``
    numbers (``null`` where missing);
``{"k": ["claimed", "disputed"], "v": [0, -1, 1]}``
    strings that repeat, as indexes into their own table (``-1`` where missing);
``{"s": ["e1", null, "e3"]}``
    strings that mostly do not repeat (ids, sentences), as they are;
``{"l": [4, [5, 6], null]}``
    lists of integers (quote indexes), a one-element list written as its element;
``{"a": [[1, 2], null, ...]}``
    anything else, as it is.

map.js decodes the columns into typed arrays and builds a record's object only when a popup or a
list row needs it; :func:`decode_columns` is the same decoding in Python (tests and tools read pages
with it). ``decode_columns(encode_columns(rows), len(rows)) == rows``.
"""

from __future__ import annotations

from itertools import chain

__all__ = ["decode_columns", "encode_column", "encode_columns"]

# A string column becomes a table when at most this share of its values are distinct.
_TABLE_SHARE = 0.5


def encode_columns(rows: list[dict]) -> dict[str, dict]:
    """One column per key of ``rows`` (in first-seen key order), each in its cheapest encoding.

    >>> encode_columns([{"i": "a", "cs": "claimed"}, {"i": "b", "n": 2}, {"i": "c", "cs": "claimed"}])
    {'i': {'s': ['a', 'b', 'c']}, 'cs': {'k': ['claimed'], 'v': [0, -1, 0]}, 'n': {'v': [None, 2, None]}}
    """
    keys = dict.fromkeys(chain.from_iterable(rows))
    return {key: encode_column([row.get(key) for row in rows]) for key in keys}


def decode_columns(columns: dict[str, dict], n: int) -> list[dict]:
    """The ``n`` records that :func:`encode_columns` turned into ``columns`` (missing values left out)."""
    rows: list[dict] = [{} for _ in range(n)]
    for key, column in columns.items():
        for row, value in zip(rows, _decode(column, n)):
            if value is not None:
                row[key] = value
    return rows


def encode_column(values: list) -> dict:
    """One column (``None`` where a record has no value) in its cheapest encoding (see above)."""
    present = [v for v in values if v is not None]
    types = set(map(type, present))
    if types <= {int, float}:
        return {"v": values}
    if types == {str}:
        table = {v: i for i, v in enumerate(dict.fromkeys(present))}
        if len(table) <= _TABLE_SHARE * len(present):
            return {"k": list(table), "v": [table.get(v, -1) for v in values]}
        return {"s": values}
    if types == {list} and all(present) and set(map(type, chain.from_iterable(present))) == {int}:
        return {"l": [v[0] if v is not None and len(v) == 1 else v for v in values]}
    return {"a": values}


def _decode(column: dict, n: int) -> list:
    if "k" in column:
        table = column["k"]
        return [None if i < 0 else table[i] for i in column["v"]]
    if "l" in column:
        return [[v] if isinstance(v, int) else v for v in column["l"]]
    for kind in ("v", "s", "a"):
        if kind in column:
            return list(column[kind])
    raise ValueError(f"unknown column encoding {sorted(column)!r}; expected one of k, l, v, s, a")
