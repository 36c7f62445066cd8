"""A small newsroom of articles written for the scale tests: strikes told by several outlets, launches,
a day with nothing, a name no gazetteer knows. Every sentence here was written for these tests."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from geomap.model import Article

# (id, published, text)
STORIES = [
    ("wire-001", "2024-03-04", "Russian missiles struck the port of Odesa on Monday, killing two people, the regional "
                               "governor said.\nFirefighters worked through the night at a grain terminal.\n"),
    ("wire-002", "2024-03-04", "Two drones hit an energy facility in Kharkiv overnight, the mayor said on Monday.\n"),
    ("wire-003", "2024-03-05", "Odesa came under missile attack again on Tuesday; the governor said three people "
                               "were wounded.\n"),
    ("wire-004", "2024-03-05", "NATO defence ministers met in Brussels on Tuesday to discuss air defence.\n"),
    ("wire-005", "2024-03-06", "Houthi forces fired a ballistic missile from Yemen at Eilat on Wednesday, the "
                               "Israeli military said, adding that it was intercepted.\n"),
    ("wire-006", "2024-03-06", "Israeli warplanes struck targets in Rafah on Wednesday, health officials said, "
                               "and at least four people were killed.\n"),
    ("wire-007", "2024-03-07", "Shelling hit the centre of Kherson on Thursday, damaging a hospital, the "
                               "regional administration said.\n"),
    ("wire-008", None, "Gunmen attacked a convoy near Qqarbu, residents said.\nArtillery shelled the town of "
                       "Bakhmut, local officials said.\n"),
    ("wire-009", "2024-03-07", "Russian missiles struck the port of Odesa on Monday, the governor said on "
                               "Thursday, adding that repairs had begun.\n"),
    ("wire-010", "2024-03-08", "A drone struck an oil depot in Novorossiysk on Friday, Russian officials said.\n"),
]


def articles(copies: int = 1) -> list[Article]:
    """The stories as Articles; with ``copies`` > 1, each told again under new ids (more reports of each)."""
    out = []
    for n in range(copies):
        for doc, published, text in STORIES:
            out.append(Article(doc if n == 0 else f"{doc}-{n}", text,
                               published=dt.date.fromisoformat(published) if published else None))
    return out


def write_newsroom(folder: Path) -> Path:
    """Half the stories as .txt files, the rest (with dates) as one JSONL file, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for i, (doc, published, text) in enumerate(STORIES):
        if i % 2:
            (folder / f"{doc}.txt").write_text(text, encoding="utf-8")
        else:
            lines.append(json.dumps({"id": doc, "text": text, "published": published}))
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
