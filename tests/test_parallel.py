"""Every core, or a Dask cluster: the same results as one process, in the same order, start-up once per worker."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest

from geomap import parallel, pipeline
from geomap.errors import GeomapError
from geomap.model import Article
from scalefixtures import articles


# -- functions the workers run: module level, so they travel by name -------------------------------
def _made_once(tag):
    """A worker's state: which process made it, and a token unique to that making."""
    return os.getpid(), uuid.uuid4().hex, tag


def _tagged(item, state):
    return item, state


def _fails_on_seven(item, state):
    if item == 7:
        raise ValueError(f"item {item} is bad")
    return item


# -- ordered_map ----------------------------------------------------------------------------------
def test_answers_come_back_in_input_order_from_two_processes():
    answers = list(parallel.ordered_map(_tagged, range(200), setup=_made_once, setup_arg="t", workers=2,
                                        batch_size=3))
    assert [item for item, _ in answers] == list(range(200))
    pids = {state[0] for _, state in answers}
    assert os.getpid() not in pids  # the work ran in worker processes


def test_each_worker_makes_its_state_once_however_many_batches_it_runs():
    answers = list(parallel.ordered_map(_tagged, range(120), setup=_made_once, setup_arg="gaz", workers=2,
                                        batch_size=2))
    states = {state for _, state in answers}
    assert 1 <= len(states) <= 2                     # 60 batches, at most one start-up per worker
    assert len({pid for pid, _, _ in states}) == len(states)
    assert {tag for _, _, tag in states} == {"gaz"}  # setup_arg reached every worker


def test_one_worker_runs_here_and_sets_up_once():
    answers = list(parallel.ordered_map(_tagged, range(10), setup=_made_once, setup_arg=None, workers=1))
    assert {state[0] for _, state in answers} == {os.getpid()}
    assert len({state for _, state in answers}) == 1


def test_an_error_in_a_worker_is_raised_here():
    with pytest.raises(ValueError, match="item 7 is bad"):
        list(parallel.ordered_map(_fails_on_seven, range(50), setup=_made_once, workers=2, batch_size=4))


def test_batches_close_on_size_or_on_length():
    assert list(parallel.batches(range(7), size=3)) == [[0, 1, 2], [3, 4, 5], [6]]
    texts = ["a" * 10, "b" * 600, "c", "d", "e" * 2000, "f"]
    assert list(parallel.batches(texts, size=10, chars=500, length=len)) == [
        [texts[0], texts[1]], [texts[2], texts[3], texts[4]], [texts[5]]]


def test_workers_must_be_at_least_one():
    with pytest.raises(ValueError, match="workers=0"):
        list(parallel.ordered_map(_tagged, [1], setup=_made_once, workers=0))


# -- the pipeline on worker processes ------------------------------------------------------------------
def test_two_workers_yield_the_results_of_one_in_the_same_order(monkeypatch):
    monkeypatch.setattr(parallel, "BATCH_SIZE", 4)  # 40 articles: ten batches over two workers
    corpus = articles(copies=4)
    here = list(pipeline.pipe(corpus))
    there = list(pipeline.pipe(corpus, workers=2))
    assert [r.article_id for r in there] == [a.id for a in corpus]
    assert there == here
    assert sum(len(r.events) for r in there) >= 30


def test_two_workers_merge_exactly_as_one_process_does():
    corpus = articles(copies=3)
    one, two = pipeline.extract(corpus), pipeline.extract(corpus, workers=2)
    assert two == one
    odesa = next(e for e in two.events if e.location_name == "Odesa")
    assert len(odesa.documents) == 9  # three outlets, three copies each: one strike
    assert dict(two.unresolved) == {"Qqarbu": ("wire-008", "wire-008-1", "wire-008-2")}


def test_a_gazetteer_of_the_callers_own_reaches_the_workers(tiny_gazetteer):
    corpus = [Article(f"h{i}", "Government aircraft bombed Hama on Monday, activists said.\n") for i in range(6)]
    one = pipeline.extract(corpus, gazetteer=tiny_gazetteer)
    two = pipeline.extract(corpus, gazetteer=tiny_gazetteer, workers=2)
    assert two == one
    assert [e.place.id for e in two.events] == ["t:hama"]  # an id only the tiny gazetteer has


def test_nothing_from_dask_is_imported_without_an_address():
    code = ("import sys\nfrom geomap import pipeline\nfrom geomap.model import Article\n"
            "if __name__ == '__main__':\n"
            "    r = pipeline.extract([Article('a', 'Drones struck Kharkiv.')] * 3, workers=2)\n"
            "    print(r.articles, sorted(m for m in ('dask', 'distributed') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["3", "[]"]


# -- Dask ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def dask_cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", processes=True,
                      dashboard_address=None) as cluster:
        yield cluster


def test_a_dask_cluster_gives_the_local_result(dask_cluster, monkeypatch):
    monkeypatch.setattr(parallel, "BATCH_SIZE", 3)
    corpus = articles(copies=3)
    local = pipeline.extract(corpus)
    on_dask = pipeline.extract(corpus, dask=dask_cluster.scheduler_address)
    assert on_dask == local
    results = list(pipeline.pipe(corpus, dask=dask_cluster.scheduler_address))
    assert [r.article_id for r in results] == [a.id for a in corpus]


def test_a_dask_cluster_receives_the_callers_gazetteer(dask_cluster, tiny_gazetteer):
    from distributed import Client

    corpus = [Article(f"h{i}", "Government aircraft bombed Hama on Monday, activists said.\n") for i in range(4)]
    with Client(dask_cluster.scheduler_address) as client:  # a Client the caller made is used, not closed
        on_dask = pipeline.extract(corpus, gazetteer=tiny_gazetteer, dask=client)
        assert client.status == "running"
    assert on_dask == pipeline.extract(corpus, gazetteer=tiny_gazetteer)
    assert [e.place.id for e in on_dask.events] == ["t:hama"]


def test_an_unreachable_scheduler_is_one_clear_error():
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        with pytest.raises(GeomapError, match=r"cannot reach the Dask scheduler at 'tcp://127\.0\.0\.1:9'"):
            pipeline.extract(articles(), dask="tcp://127.0.0.1:9")


def _dies(item, state):
    if item == 5:
        os._exit(3)  # as the kernel's out-of-memory killer would end it
    return item


def test_a_worker_that_dies_is_one_clear_error():
    with pytest.raises(GeomapError, match="worker process died"):
        list(parallel.ordered_map(_dies, range(40), setup=_made_once, workers=2, batch_size=2))


def test_results_without_toponyms_keep_everything_else():
    corpus = articles()
    full = list(pipeline.pipe(corpus))
    lean = list(pipeline.pipe(corpus, workers=2, toponyms=False))
    assert all(r.toponyms == () for r in lean) and any(r.toponyms for r in full)
    assert [(r.article_id, r.events, r.trajectories, r.unresolved) for r in lean] == [
        (r.article_id, r.events, r.trajectories, r.unresolved) for r in full]
