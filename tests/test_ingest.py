"""Reading articles: every format, page-chrome cleaning, and every kind of bad input, on real files."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.errors import InputError, InputLineError
from geomap.ingest import clean_text, html_to_text, iter_jsonl, read_articles

STORY = "Drones struck the port of Odesa overnight, the regional governor said."
OTHER = "Air defences intercepted two missiles over Kharkiv on Tuesday morning."


def write(path, text, encoding="utf-8"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def jsonl(*objects):
    return "".join((o if isinstance(o, str) else json.dumps(o)) + "\n" for o in objects)


# -- formats --------------------------------------------------------------------------------
def test_text_file_id_is_the_file_name(tmp_path):
    write(tmp_path / "odesa-strike.txt", f"{STORY}\n\n{OTHER}\n")
    reader = read_articles(tmp_path / "odesa-strike.txt")
    [article] = list(reader)
    assert article.id == "odesa-strike"
    assert article.text == f"{STORY}\n\n{OTHER}"
    assert article.path == str(tmp_path / "odesa-strike.txt")
    assert reader.errors == []


def test_html_keeps_the_story_and_drops_scripts_navigation_and_attributes(tmp_path):
    page = """<!doctype html><html><head><title>Strikes on Odesa &amp; Kharkiv</title>
    <meta property="article:published_time" content="2023-07-20T06:15:00Z">
    <link rel="canonical" href="https://news.example/odesa">
    <style>p { color: red }</style><script>var tracking = "Moscow";</script></head>
    <body><header><a href="/">Home</a> World</header>
    <nav><ul><li>Politics</li><li>Sport in Lviv</li></ul></nav>
    <article><h1>Strikes on Odesa</h1>
    <p>Drones struck the port of <b>Odesa</b> overnight,&nbsp;the regional governor said &mdash; again.</p>
    <script>alert(1)</script>
    <img src="x.png" onerror="alert('Kherson')">
    <div class="social-share">Share on Facebook</div>
    <p>Air defences intercepted two missiles over Kharkiv&#8217;s outskirts.</p>
    <p hidden>Hidden text about Mariupol</p>
    </article>
    <aside>Most read: Kyiv weather</aside><footer>&copy; 2023 Example News</footer></body></html>"""
    write(tmp_path / "page.html", page)
    [article] = list(read_articles(tmp_path / "page.html"))
    assert article.text.splitlines()[0] == "Strikes on Odesa"
    assert "Drones struck the port of Odesa overnight, the regional governor said — again." in article.text
    assert "Air defences intercepted two missiles over Kharkiv’s outskirts." in article.text
    for chrome in ("alert", "tracking", "Moscow", "Kherson", "Politics", "Lviv", "Share", "Mariupol",
                   "Kyiv", "Example News", "color", "Home"):
        assert chrome not in article.text
    assert article.title == "Strikes on Odesa & Kharkiv"
    assert article.url == "https://news.example/odesa"
    assert article.published == dt.date(2023, 7, 20)
    assert article.id == "page"


def test_htm_and_unclosed_markup(tmp_path):
    write(tmp_path / "broken.htm", "<p>Shelling in <i>Kherson<p>More shelling in Zaporizhzhia<br>Nikopol too")
    [article] = list(read_articles(tmp_path / "broken.htm"))
    assert article.text.splitlines() == ["Shelling in Kherson", "More shelling in Zaporizhzhia", "Nikopol too"]


def test_jsonl_fields_and_order(tmp_path):
    path = write(tmp_path / "batch.jsonl", jsonl(
        {"id": "b", "text": STORY, "published": "2024-01-02", "url": "https://x.example/b", "title": "B"},
        "",
        {"id": "a", "text": OTHER},
        {"id": 7, "text": OTHER, "published": "2024-01-03T10:00:00+02:00"},
    ))
    articles = list(read_articles(path))
    assert [a.id for a in articles] == ["b", "a", "7"]
    assert articles[0].published == dt.date(2024, 1, 2)
    assert (articles[0].url, articles[0].title) == ("https://x.example/b", "B")
    assert articles[1].published is None
    assert articles[2].published == dt.date(2024, 1, 3)


def test_jsonl_with_a_byte_order_mark(tmp_path):
    path = write(tmp_path / "bom.jsonl", "\ufeff" + jsonl({"id": "a", "text": STORY}, {"id": "b", "text": OTHER}))
    assert [a.id for a in read_articles(path)] == ["a", "b"]


def test_directory_recurses_in_sorted_order_with_sidecars(tmp_path):
    write(tmp_path / "b" / "second.txt", OTHER)
    write(tmp_path / "a" / "first.txt", STORY)
    write(tmp_path / "a" / "first.meta.json", json.dumps(
        {"published": "2015-10-08", "url": "https://x.example/1", "title": "First"}))
    write(tmp_path / "c.jsonl", jsonl({"id": "third", "text": STORY}))
    write(tmp_path / "notes.md", "# not an article")
    write(tmp_path / ".hidden" / "skip.txt", STORY)
    reader = read_articles([tmp_path])
    articles = list(reader)
    assert [a.id for a in articles] == ["first", "second", "third"]
    assert articles[0].published == dt.date(2015, 10, 8)
    assert (articles[0].url, articles[0].title) == ("https://x.example/1", "First")
    assert reader.errors == []


def test_stdin_dash_is_jsonl(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(jsonl({"id": "s1", "text": STORY}).encode())))
    assert [a.id for a in read_articles("-")] == ["s1"]


def test_reading_is_lazy(tmp_path):
    write(tmp_path / "a.txt", STORY)
    reader = read_articles([tmp_path / "a.txt", tmp_path / "missing.txt"])
    assert next(reader).id == "a"
    assert reader.errors == []                   # the missing file is not looked at yet
    assert list(reader) == []
    assert len(reader.errors) == 1


# -- cleaning -------------------------------------------------------------------------------
def test_page_chrome_is_dropped_and_repeats_kept_once(tmp_path):
    repeated = "The ministry said the attack killed three people and damaged a grain terminal."
    raw = "\n\n".join([
        "Monday, Jul 24th", "Last update 07:20:19 PM GMT", "Updated: 10:05 am EST, July 24, 2023",
        "You are here News World Europe Drones hit Odesa port", "Home > World > Europe",
        STORY, "Advertisement", repeated, "Share/Save/Bookmark", OTHER, repeated, "Share | Tweet | Email",
        "Sign up for our daily briefing", "Subscribe", "(c) 2023 Example Media", "Copyright © Example News",
    ])
    write(tmp_path / "chrome.txt", raw)
    [article] = list(read_articles(tmp_path / "chrome.txt"))
    assert article.text == "\n\n".join([STORY, repeated, OTHER])


def test_ordinary_sentences_survive_cleaning():
    kept = ["Published reports said Russia fired 26 missiles.", "May", "Tuesday was quiet in Kherson.",
            "Ad hoc talks began in Ankara on June 3.", "Yes.", "Yes.", "(c) the depot near Kherson",
            "Sign up for the reserve began in Lviv on Monday."]
    assert clean_text("\n".join(kept)) == "\n".join(kept)


def test_clean_false_keeps_the_text_exactly(tmp_path):
    raw = "Advertisement\r\n" + STORY + "\r\n"
    write(tmp_path / "raw.jsonl", jsonl({"id": "r", "text": raw}))
    [article] = list(read_articles(tmp_path / "raw.jsonl", clean=False))
    assert article.text == raw


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_cleaning_is_idempotent_and_never_invents_text(text):
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    spaced = "".join(" " if (ord(c) < 32 and c not in "\t\n\r") or c == "\x7f" else c for c in text)
    for line in cleaned.split("\n"):
        assert line.strip() in spaced.replace("\r", "\n")


def test_html_to_text_alone():
    text, meta = html_to_text('<div role="navigation">Menu</div><p>A &lt;b&gt; tag</p>'
                              '<meta name="date" content="2020-05-06">')
    assert text == "A <b> tag"
    assert meta == {"published": "2020-05-06"}


# -- bad input ------------------------------------------------------------------------------
def test_each_bad_file_is_one_logged_line_and_the_rest_is_read(tmp_path, caplog):
    write(tmp_path / "1-empty.txt", "")
    write(tmp_path / "2-binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    write(tmp_path / "3-good.txt", STORY)
    write(tmp_path / "4-only-chrome.html", "<nav>Home</nav><p>Advertisement</p>")
    write(tmp_path / "5-bad.meta.json", "{not json")
    write(tmp_path / "5-bad.txt", OTHER)
    with caplog.at_level(logging.WARNING, logger="geomap.ingest"):
        reader = read_articles([tmp_path, tmp_path / "missing.txt"])
        ids = [a.id for a in reader]
    assert ids == ["3-good"]
    problems = [str(e) for e in reader.errors]
    assert len(problems) == 5
    assert problems[0] == f"{tmp_path / '1-empty.txt'}: empty file (0 bytes); expected an article"
    assert "2-binary.txt: binary data" in problems[1]
    assert "4-only-chrome.html: no article text" in problems[2]
    assert "5-bad.meta.json: cannot read sidecar metadata" in problems[3]
    assert problems[4].endswith("missing.txt: no such file or directory; check the path")
    warnings = [r.getMessage() for r in caplog.records]
    assert warnings == problems and all("\n" not in w for w in warnings)


def test_non_utf8_is_decoded_with_a_warning_naming_the_file(tmp_path, caplog):
    write(tmp_path / "latin.txt", "Frapp\u00e9 \u00e0 Kramatorsk, ville d\u00e9truite.", encoding="latin-1")
    with caplog.at_level(logging.WARNING, logger="geomap.ingest"):
        reader = read_articles(tmp_path / "latin.txt")
        [article] = list(reader)
    assert article.text == "Frapp\ufffd \ufffd Kramatorsk, ville d\ufffdtruite."
    assert reader.errors == []
    [warning] = caplog.records
    assert "latin.txt: not valid UTF-8" in warning.getMessage()


def test_utf16_with_bom_is_text(tmp_path):
    write(tmp_path / "wide.txt", "\ufeff" + STORY, encoding="utf-16-le")
    assert [a.text for a in read_articles(tmp_path / "wide.txt")] == [STORY]


def test_oversized_article_is_refused_with_its_size(tmp_path):
    write(tmp_path / "huge.txt", STORY * 100)
    write(tmp_path / "huge.jsonl", jsonl({"id": "big", "text": STORY * 100}, {"id": "small", "text": STORY}))
    reader = read_articles([tmp_path / "huge.txt", tmp_path / "huge.jsonl"], max_bytes=1000)
    assert [a.id for a in reader] == ["small"]
    first, second = map(str, reader.errors)
    assert f"huge.txt: {len(STORY) * 100:,} bytes, over the 1,000-byte limit for one article" in first
    assert "huge.jsonl:1: line is 7," in second and "max_bytes" in second
    assert isinstance(reader.errors[1], InputLineError) and reader.errors[1].line == 1


def test_malformed_jsonl_lines_name_file_and_line(tmp_path):
    path = write(tmp_path / "mixed.jsonl", jsonl(
        {"id": "ok1", "text": STORY},
        '{"id": "cut", "text": "Strikes on',
        ["not", "an", "object"],
        {"text": "no id"},
        {"id": "notext"},
        {"id": "ok2", "text": OTHER, "published": "last Tuesday"},
    ))
    reader = read_articles(path)
    assert [a.id for a in reader] == ["ok1", "ok2"]
    assert [(e.line, type(e)) for e in reader.errors] == [(n, InputLineError) for n in (2, 3, 4, 5)]
    assert str(reader.errors[0]).startswith(f"{path}:2: not valid JSON")
    assert "got a list" in str(reader.errors[1])
    assert '"id" should be a non-empty string' in str(reader.errors[2])
    assert 'got no "text"' in str(reader.errors[3])


def test_on_error_raise_stops_at_the_first_problem(tmp_path):
    write(tmp_path / "a.jsonl", jsonl({"id": "a", "text": STORY}, "{oops", {"id": "c", "text": STORY}))
    reader = read_articles(tmp_path / "a.jsonl", on_error="raise")
    assert next(reader).id == "a"
    with pytest.raises(InputLineError, match=r"a\.jsonl:2: not valid JSON"):
        next(reader)


def test_on_error_ignore_is_silent_but_still_counts(tmp_path, caplog):
    write(tmp_path / "e.txt", "")
    with caplog.at_level(logging.WARNING):
        reader = read_articles(tmp_path / "e.txt", on_error="ignore")
        assert list(reader) == []
    assert caplog.records == [] and len(reader.errors) == 1


def test_unknown_on_error_lists_the_choices():
    with pytest.raises(ValueError, match="'warn', 'raise', 'ignore'"):
        read_articles("x", on_error="skip")


def test_iter_jsonl_answers_every_line_and_keeps_ids_of_bad_ones(tmp_path):
    path = write(tmp_path / "in.jsonl", jsonl({"id": "a", "text": " x "}, {"id": "b", "text": None}, "[1"))
    records = list(iter_jsonl(path, clean=False))
    assert [(r.line, r.id, r.article is not None) for r in records] == [(1, "a", True), (2, "b", False),
                                                                         (3, None, False)]
    assert records[0].article.text == " x "
    with pytest.raises(InputError, match="empty input"):
        list(iter_jsonl(write(tmp_path / "blank.jsonl", "\n\n")))
    with pytest.raises(InputError, match="binary data"):
        list(iter_jsonl(write(tmp_path / "bin.jsonl", b"\x00\x01\x02{}")))
    with pytest.raises(InputError, match="is a directory; expected a JSONL file"):
        list(iter_jsonl(tmp_path))


def test_html_in_its_declared_charset(tmp_path):
    page = '<html><head><meta charset="windows-1252"></head><body><p>Frapp\u00e9s \u00e0 Kramatorsk</p></body></html>'
    write(tmp_path / "old.html", page, encoding="cp1252")
    [article] = list(read_articles(tmp_path / "old.html"))
    assert article.text == "Frapp\u00e9s \u00e0 Kramatorsk"


def test_unsupported_file_given_by_name_is_an_error(tmp_path):
    write(tmp_path / "scan.pdf", b"%PDF-1.4 ...")
    reader = read_articles(tmp_path / "scan.pdf")
    assert list(reader) == []
    assert "scan.pdf: unsupported file type '.pdf'; expected one of .txt, .html, .htm, .jsonl" in str(reader.errors[0])


@settings(max_examples=200, deadline=None)
@given(st.text(), st.booleans())
def test_jsonl_text_round_trips_exactly_when_not_cleaned(text, ascii_only):
    line = json.dumps({"id": "x", "text": text}, ensure_ascii=ascii_only).encode("utf-8") + b"\n"
    [record] = list(iter_jsonl(io.BytesIO(line), clean=False))
    if text.strip():
        assert record.article.text == text
    else:                                  # reported like an empty .txt file
        assert record.article is None and "no article text" in record.error.problem


def test_class_names_drop_widgets_but_never_the_story(tmp_path):
    story = " ".join([STORY, OTHER] * 3)
    page = (f'<body class="has-sidebar"><div class="content ad-free"><p>{story}</p></div>'
            f'<div class="share-buttons">Share this</div><div id="cookie-banner">We use cookies</div>'
            f'<ul class="related-links"><li>Drone hits Kyiv</li></ul></body>')
    assert html_to_text(page)[0] == story
    wrapper = f'<div class="social-story"><p>{story}</p></div>'     # a site that names its story oddly
    assert html_to_text(wrapper)[0] == story
