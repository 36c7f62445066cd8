"""Long articles of ordinary news prose, made up here from our own sentences (a report, a transcript).

:func:`long_article` gives a deterministic text of about the asked size: paragraphs of sentences
built from the templates below, with places, figures and days varied so no two paragraphs repeat
(the cleaner would otherwise keep each repeated paragraph once).
"""

from __future__ import annotations

import random

PLACES = ["Kharkiv", "Aleppo", "Odesa", "Idlib", "Khan Younis", "Mariupol", "Hama", "Kherson", "Sumy", "Homs",
          "Zaporizhzhia", "Deir ez-Zor", "Rafah", "Dnipro", "Latakia", "Mykolaiv", "Raqqa", "Avdiivka"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SENTENCES = [
    "Officials in {place} said {n} people were wounded when shells hit a market on {day}.",
    "The regional governor told reporters that power had been restored to {n} homes near {place}.",
    "Aid workers described long queues for bread and water in the centre of {place}.",
    "A spokesman for the army said its units had repelled an attack north of {place} overnight.",
    "Residents of {place} spent {n} hours in shelters as sirens sounded across the city.",
    "The council in {place} said schools would stay closed until at least {day}.",
    "Engineers worked through the night to repair a bridge damaged outside {place}.",
    "Monitors reported that {n} civilians had left {place} since the start of the month.",
    "Drones were seen over {place} on {day} evening, according to local media.",
    "The hospital in {place} said it had treated {n} patients, most of them elderly.",
    "Talks on a local ceasefire around {place} ended on {day} without an agreement.",
    "Farmers near {place} said they could not reach their fields because of mines.",
]


def long_article(size: int, *, seed: int = 1) -> str:
    """About ``size`` characters of news prose, in paragraphs of four to eight sentences."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    total = 0
    serial = 0
    while total < size:
        serial += 1
        sentences = [rng.choice(SENTENCES).format(place=rng.choice(PLACES), n=rng.randint(2, 900),
                                                  day=rng.choice(DAYS))
                     for _ in range(rng.randint(4, 8))]
        # a paragraph number keeps every paragraph distinct, as in a numbered report
        paragraph = f"{serial}. " + " ".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs) + "\n"
