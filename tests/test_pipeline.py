"""The pipeline: many articles in, one result per article streamed, events merged across articles."""

from __future__ import annotations

import pytest

from geomap.gazetteer import COLUMNS, Gazetteer
from geomap.model import Article
from geomap.pipeline import ArticleResult, Extraction, extract, pipe

STRIKE = "Russian missiles struck the port of Odesa on Monday, killing two people, the regional governor said."
MEETING = "NATO defence ministers met in Brussels on Thursday to discuss air defence for Ukraine."


def test_pipe_yields_one_result_per_article_in_order():
    results = list(pipe([Article("a", STRIKE), Article("b", MEETING)]))
    assert [r.article_id for r in results] == ["a", "b"]
    assert all(isinstance(r, ArticleResult) for r in results)
    strike, meeting = results
    assert [e.location_name for e in strike.events] == ["Odesa"]
    assert "Odesa" in {t.text.rstrip(".") for t in strike.toponyms}
    assert meeting.events == () and meeting.trajectories == ()


def test_pipe_streams_one_article_at_a_time():
    pulled = []

    def articles():
        for i in range(1000):
            pulled.append(i)
            yield Article(f"a{i}", STRIKE)

    results = pipe(articles())
    first = next(results)
    assert first.article_id == "a0"
    assert pulled == [0]  # the second article is not read before the first result is out


def test_events_carry_their_document_and_sentence():
    (event,) = pipe([Article("wire-7", "Officials said so. " + STRIKE)]).__next__().events
    (source,) = event.sources
    assert source.document == "wire-7"
    assert source.sentence == STRIKE
    assert ("Officials said so. " + STRIKE)[source.start:source.end] == STRIKE


def test_extract_merges_the_same_strike_reported_by_two_articles():
    result = extract([Article("first", STRIKE), Article("second", STRIKE), Article("third", MEETING)])
    assert isinstance(result, Extraction)
    assert result.articles == 3
    (event,) = result.events
    assert event.documents == ("first", "second")


def test_extract_of_nothing_is_empty():
    result = extract([])
    assert (result.events, result.trajectories, result.articles, dict(result.unresolved)) == ((), (), 0, {})


@pytest.fixture
def invented_gazetteer(tmp_path, monkeypatch):
    """A gazetteer with one invented town far from any real one: events must land on it."""
    monkeypatch.setenv("GEOMAP_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "gaz" / "curated"
    folder.mkdir(parents=True)
    rows = [("x:vel", "Velmoria", -40.0, -120.0, "city", "PPL", "XX", "", 50000, "", ""),
            ("x:xx", "Xandaria", -41.0, -121.0, "country", "PCLI", "XX", "", 900000, "", "")]
    folder.joinpath("places.tsv").write_text(
        "\n".join(["\t".join(COLUMNS)] + ["\t".join(map(str, r)) for r in rows]) + "\n", encoding="utf-8")
    return Gazetteer.load(folder.parent)


def test_the_given_gazetteer_is_used_by_every_stage(invented_gazetteer):
    text = "Artillery shelled Velmoria on Monday, killing three civilians, officials said."
    (result,) = pipe([Article("v", text)], gazetteer=invented_gazetteer)
    assert [t.place.id for t in result.toponyms if t.place] == ["x:vel"]
    (event,) = result.events
    assert (event.lat, event.lon) == (-40.0, -120.0)


def test_a_failing_article_stops_the_run_unless_asked_to_go_on(caplog):
    broken = Article("broken", None)  # a text that is not a string: the geoparser cannot read it
    with pytest.raises(TypeError):
        list(pipe([Article("ok", STRIKE), broken]))
    results = list(pipe([Article("ok", STRIKE), broken, Article("ok2", STRIKE)], on_error="warn"))
    assert [(r.article_id, r.error is None) for r in results] == [("ok", True), ("broken", False), ("ok2", True)]
    assert "broken: extraction failed" in caplog.text
    result = extract([Article("ok", STRIKE), broken], on_error="ignore")
    assert result.failed == ("broken",) and result.articles == 2 and len(result.events) == 1


def test_unknown_on_error_is_refused():
    with pytest.raises(ValueError, match="'raise', 'warn', 'ignore'"):
        list(pipe([], on_error="skip"))


def test_names_where_a_place_is_expected_but_unknown_are_reported_not_drawn():
    from geomap.model import Article
    from geomap.pipeline import extract

    article = Article("sahel", "Gunmen attacked a convoy near Qqarbu on Tuesday. Jets struck Islamic State "
                               "targets in Mali, the army said in January.")
    result = extract([article])
    assert result.unresolved == {"Qqarbu": ("sahel",)}
    assert all(e.location_name != "Qqarbu" for e in result.events)
