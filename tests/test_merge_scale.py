"""The cross-article merge as a keyed reduce: fed article by article, blocked by place and day, every source once."""

from __future__ import annotations

import datetime as dt

from geomap.merge import Merger, merge
from geomap.model import Event, Place, Source, Trajectory
from geomap.pipeline import pipe
from scalefixtures import articles

KYIV = Place("m:kyiv", "Kyiv", 50.45, 30.52, "city", country="UA")
IRPIN = Place("m:irpin", "Irpin", 50.52, 30.25, "city", country="UA")


def strike(doc: str, day: dt.date | None, *, place: Place = KYIV, count: int | None = None,
           category: str = "drone_strike") -> Event:
    return Event(id=f"{doc}-{place.id}", category=category, event_type="Explosions/Remote violence",
                 sub_event_type="Air/drone strike", location_name=place.name, lat=place.lat, lon=place.lon,
                 precision="point", place=place, date=day, count=count, counts=(count,) if count else (),
                 sources=(Source(doc, f"Drones struck {place.name}.", 0, 20),))


def test_fed_one_article_at_a_time_it_equals_merging_everything_at_once():
    results = list(pipe(articles(copies=3)))
    merger = Merger()
    for result in results:
        merger.add(result.events, result.trajectories)
    everything = merge([e for r in results for e in r.events], [t for r in results for t in r.trajectories])
    assert merger.result() == everything
    assert len(everything[0]) == 7


def test_thousands_of_reports_of_one_strike_keep_every_source_once_and_every_figure():
    reports = [strike(f"doc{i}", dt.date(2024, 5, 1 + i % 2), count=1 + i % 4) for i in range(4000)]
    reports += reports[:100]  # the same reports read twice: no source twice
    (event,), _ = merge(reports, [])
    assert len(event.sources) == 4000 and event.documents == tuple(f"doc{i}" for i in range(4000))
    assert event.counts == (1, 2, 3, 4) and event.count == 1


def test_an_undated_report_joins_the_first_dated_record_of_its_place_and_days_two_apart_stay_apart():
    first = strike("a", dt.date(2024, 5, 1))
    later = strike("b", dt.date(2024, 5, 3))      # two days on: another strike
    undated = strike("c", None)                   # compatible with any day: the first record
    next_day = strike("d", dt.date(2024, 5, 2))   # one day from both: the first record, seen first
    events, _ = merge([first, later, undated, next_day], [])
    assert [e.documents for e in events] == [("a", "c", "d"), ("b",)]


def test_a_dated_report_finds_a_record_that_was_undated_when_filed():
    events, _ = merge([strike("a", None), strike("b", dt.date(2024, 5, 9)), strike("c", dt.date(2024, 5, 12))], [])
    # the undated record takes its date from "b"; "c", three days later, is another strike
    assert [(e.documents, e.date) for e in events] == [(("a", "b"), dt.date(2024, 5, 9)),
                                                       (("c",), dt.date(2024, 5, 12))]


def test_an_interception_folds_into_a_strike_only_when_one_article_tells_both():
    day = dt.date(2024, 5, 1)
    events, _ = merge([strike("a", day), strike("a", day, place=IRPIN), strike("b", day, category="interception"),
                       strike("c", day), strike("c", day, category="interception")], [])
    # Irpin, 20 km away, is another town; "b" tells only an interception over Kyiv; "c" tells both
    assert [(e.location_name, e.category, e.documents) for e in events] == [
        ("Kyiv", "drone_strike", ("a", "c")), ("Irpin", "drone_strike", ("a",)), ("Kyiv", "interception", ("b",))]


def test_one_launch_reported_by_many_keeps_each_stated_crossing_once():
    def launch(doc: str, crossings: tuple[str, ...]) -> Trajectory:
        return Trajectory(id=doc, category="missile_strike", launch_name="Irpin", launch_lat=IRPIN.lat,
                          launch_lon=IRPIN.lon, launch_precision="point", target_name="Kyiv", target_lat=KYIV.lat,
                          target_lon=KYIV.lon, target_precision="point", path=((IRPIN.lat, IRPIN.lon),
                                                                                (KYIV.lat, KYIV.lon)),
                          distance_km=21.0, launch_place=IRPIN, target_place=KYIV, date=dt.date(2024, 5, 1),
                          stated_crossings=crossings, sources=(Source(doc, "s", 0, 1),))

    _, (flight,) = merge([], [launch(f"d{i}", ("UA",) if i % 2 else ("UA", "BY")) for i in range(500)])
    assert flight.stated_crossings == ("UA", "BY") and len(flight.documents) == 500


def test_a_long_article_telling_two_thousand_strikes_twice_keeps_each_once():
    from geomap.merge import consolidate

    towns = [Place(f"m:t{i}", f"Town {i}", 30 + (i % 40) * 0.7, 20 + (i // 40) * 0.7, "city") for i in range(2000)]
    lines = [f"Drones struck {t.name}." for t in towns]
    text = "\n".join(lines + lines) + "\n"
    offset, told = 0, []
    for line in lines + lines:
        town = towns[int(line.split()[3].rstrip("."))]
        told.append(Event(id=f"e{len(told)}", category="drone_strike", event_type="Explosions/Remote violence",
                          sub_event_type="Air/drone strike", location_name=town.name, lat=town.lat, lon=town.lon,
                          precision="point", place=town, sources=(Source("long", line, offset, offset + len(line)),)))
        offset += len(line) + 1
    kept = consolidate(told, text)
    assert [e.location_name for e in kept] == [t.name for t in towns]
    assert all(len(e.sources) == 2 for e in kept)
