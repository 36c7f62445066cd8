"""Article metadata on its way to popups and exports: safe links, publication-date fallback, sources."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from geomap.export import dumps, to_geojson
from geomap.links import fallback_date, safe_url, source_records
from geomap.model import Article, Event, Source
from geomap.pipeline import with_article_metadata

SENTENCE = "Artillery hit the grain terminal in the port at dawn, the governor wrote."


def shelling(*, date=None, sources=None) -> Event:
    return Event(id="ev-port", category="shelling", event_type="Explosions/Remote violence",
                 sub_event_type="Shelling/artillery/missile attack", location_name="Izmail", lat=45.35, lon=28.84,
                 precision="point", date=date,
                 sources=sources or (Source("port-1", SENTENCE, 0, len(SENTENCE)),))


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>x</b>",
                                 "vbscript:msgbox", "//example.org/a", "https:no-host", "java\nscript:alert(1)",
                                 "ftp://example.org/file", "", None])
def test_only_http_and_https_addresses_become_links(url):
    assert safe_url(url) is None


@pytest.mark.parametrize("url", ["https://example.org/a?b=1&c=2", "http://example.org", "HTTPS://EXAMPLE.ORG/x"])
def test_http_addresses_stay_as_written(url):
    assert safe_url(url) == url


def test_article_metadata_reaches_the_sources_of_its_events_only():
    article = Article("port-1", "text", published=dt.date(2023, 8, 2), url="https://example.org/port",
                      title="Port hit overnight")
    other = Source("port-2", SENTENCE, 0, 5)
    [event] = with_article_metadata((shelling(sources=(Source("port-1", SENTENCE, 0, 5), other)),), article)
    mine, theirs = event.sources
    assert (mine.url, mine.title, mine.published) == ("https://example.org/port", "Port hit overnight",
                                                       dt.date(2023, 8, 2))
    assert theirs == other


def test_undated_event_takes_the_publication_date_and_says_so():
    published = Source("port-1", SENTENCE, 0, 5, published=dt.date(2023, 8, 2))
    assert fallback_date(shelling(sources=(published,))) == (dt.date(2023, 8, 2), True)
    assert fallback_date(shelling(date=dt.date(2023, 8, 1), sources=(published,))) == (dt.date(2023, 8, 1), False)
    assert fallback_date(shelling()) == (None, False)


def test_exports_list_sources_with_url_and_title_and_drop_unsafe_urls():
    sources = (Source("port-1", SENTENCE, 0, 5, url="https://example.org/port", title="Port hit",
                      published=dt.date(2023, 8, 2)),
               Source("port-1", SENTENCE, 10, 20, url="https://example.org/port", title="Port hit"),
               Source("port-2", SENTENCE, 0, 5, url="javascript:alert(1)", title="Second report"))
    event = shelling(sources=sources)
    [feature] = to_geojson([event], [])["features"]
    props = feature["properties"]
    assert props["sources"] == [
        {"document": "port-1", "url": "https://example.org/port", "title": "Port hit", "published": "2023-08-02"},
        {"document": "port-2", "url": None, "title": "Second report", "published": None}]
    assert props["date"] == "2023-08-02" and props["date_is_publication"] is True
    [row] = csv.DictReader(io.StringIO(dumps([event], [], format="csv")))
    assert row["source_url"] == "https://example.org/port; " and row["source_title"] == "Port hit; Second report"
    assert row["event_date"] == "2023-08-02" and row["date_is_publication"] == "yes"
    assert source_records(shelling()) == [{"document": "port-1", "url": None, "title": None, "published": None}]
