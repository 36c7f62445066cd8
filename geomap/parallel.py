"""Run one function over many items on every core, or on a Dask cluster, in input order.

Stage helper: ingest → **parallel** (the per-article stage of :mod:`geomap.pipeline`) → merge.

:func:`ordered_map` cuts a stream of items into batches, runs ``func(item, state)`` on each item
in worker processes, and yields the answers **in input order**, one at a time, so whatever comes
after (the cross-article merge) sees exactly what a run in one process sees. ``state`` is what
``setup(setup_arg)`` returned in that worker: it is made once per worker process (the gazetteer,
a language model) and reused for every batch that worker runs.

Two engines, one behaviour:

- ``workers=N``: a :class:`concurrent.futures.ProcessPoolExecutor` of ``N`` processes on this
  machine, forked when this process runs no other thread (the workers start at once and share
  the modules already loaded), else started by ``forkserver`` (``spawn`` where there is none):
  forking a process that runs threads is unsafe. ``setup`` runs in each process's initializer.
- ``dask=ADDRESS`` (or a ``distributed.Client``): the batches are tasks on a running Dask
  distributed cluster; ``setup`` runs on first use in each worker process. Dask is imported only
  on this path (``pip install 'geomap[dask]'``).

Only a bounded window of batches is in flight (:data:`BATCHES_PER_WORKER` per worker), so a
stream of a million items holds a few thousand of them at a time, whatever the engine. Because
functions and their arguments cross process boundaries, ``func`` and ``setup`` must be
module-level functions (or :func:`functools.partial` of them) and items and answers picklable.
As with any multiprocessing code, a script that calls this must guard its entry point with
``if __name__ == "__main__":``.

>>> list(ordered_map(pow, [1, 2, 3], setup=int, setup_arg=2, workers=1))
[1, 4, 9]
"""

from __future__ import annotations

import collections
import itertools
import logging
import multiprocessing
import os
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .errors import GeomapError

__all__ = ["BATCH_CHARS", "BATCH_SIZE", "BATCHES_PER_WORKER", "batches", "default_workers", "ordered_map"]

log = logging.getLogger(__name__)

#: At most this many items go to a worker in one batch ...
BATCH_SIZE = 32
#: ... and at most about this many characters of text (one long article is a batch of its own).
BATCH_CHARS = 1_000_000
#: Batches in flight per worker: enough that no worker waits for the next one, few enough that
#: memory stays bounded.
BATCHES_PER_WORKER = 3


def default_workers() -> int:
    """The number of CPU cores this process may run on (at least 1): ``--workers``' default."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def batches(items: Iterable, *, size: int = BATCH_SIZE, chars: int = BATCH_CHARS,
            length: Callable[[Any], int] | None = None) -> Iterator[list]:
    """Cut ``items`` into lists of at most ``size`` items and about ``chars`` units of ``length``.

    A batch closes when it holds ``size`` items or when ``length`` (e.g. the length of an
    article's text) adds up to ``chars`` or more; without ``length`` only ``size`` counts.

    >>> list(batches(range(5), size=2))
    [[0, 1], [2, 3], [4]]
    """
    if size < 1:
        raise ValueError(f"size={size!r}: a batch holds at least one item")
    batch: list = []
    total = 0
    for item in items:
        batch.append(item)
        total += length(item) if length is not None else 0
        if len(batch) >= size or total >= chars:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


def ordered_map(func: Callable[[Any, Any], Any], items: Iterable, *, setup: Callable[[Any], Any],
                setup_arg: Any = None, workers: int = 1, dask: Any = None,
                batch_size: int | None = None, batch_chars: int | None = None,
                length: Callable[[Any], int] | None = None) -> Iterator:
    """Yield ``func(item, state)`` for every item, in the order of ``items``.

    ``state = setup(setup_arg)`` is computed once per worker process. ``workers=1`` with no
    ``dask`` runs everything here, in this process (``setup`` once); ``workers > 1`` runs that many
    worker processes; ``dask`` (a scheduler address such as ``"tcp://10.0.0.5:8786"``, or a
    ``distributed.Client``) runs on that cluster and ignores ``workers``. An exception raised by
    ``func`` stops the map and is raised here; batches not yet run are cancelled. Raises
    :class:`~geomap.errors.GeomapError` when Dask is asked for but not installed or the scheduler
    cannot be reached. Batches hold at most ``batch_size`` items (default :data:`BATCH_SIZE`) and
    about ``batch_chars`` units of ``length(item)`` (default :data:`BATCH_CHARS`).
    """
    if workers < 1:
        raise ValueError(f"workers={workers!r}: expected 1 or more")
    chunks = batches(items, size=batch_size or BATCH_SIZE, chars=batch_chars or BATCH_CHARS, length=length)
    if dask is not None:
        yield from _on_dask(func, chunks, setup, setup_arg, dask)
    elif workers == 1:
        state = setup(setup_arg)
        for chunk in chunks:
            for item in chunk:
                yield func(item, state)
    else:
        yield from _on_processes(func, chunks, setup, setup_arg, workers)


# -- the worker side: state made once per process ---------------------------------------------------
_STATES: dict[str, Any] = {}


def _init_worker(token: str, setup: Callable[[Any], Any], setup_arg: Any, log_level: int) -> None:
    """Process-pool initializer: log like the parent, then make this worker's state once."""
    logging.basicConfig(level=log_level, format=f"geomap[{os.getpid()}]: %(levelname)s: %(message)s")
    _STATES[token] = setup(setup_arg)


def _run_batch(token: str, func: Callable[[Any, Any], Any], batch: list, setup: Callable[[Any], Any] | None = None,
               setup_arg: Any = None) -> list:
    """Run ``func`` over one batch with this worker's state (made here on first use under Dask)."""
    state = _STATES.get(token, _STATES)
    if state is _STATES:
        if setup is None:
            raise RuntimeError("worker state missing: the pool initializer did not run")
        state = _STATES[token] = setup(setup_arg)
    return [func(item, state) for item in batch]


# -- engines ----------------------------------------------------------------------------------------
def _drain(submit: Callable[[list], Any], result: Callable[[Any], list], chunks: Iterator[list],
           window: int) -> Iterator:
    """Keep ``window`` batches submitted; yield their answers in submission order."""
    pending: collections.deque = collections.deque()
    for chunk in itertools.islice(chunks, window):
        pending.append(submit(chunk))
    while pending:
        answers = result(pending.popleft())
        for chunk in itertools.islice(chunks, 1):
            pending.append(submit(chunk))
        yield from answers


def _mp_context():
    """``fork`` from a single-threaded process (workers start at once, sharing what is loaded);
    ``forkserver`` (or ``spawn``) when threads run here, since forking them is unsafe."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        # the fork server imports the pipeline once; each worker forked from it starts warm
        context.set_forkserver_preload(["geomap.pipeline"])
    return context


def _on_processes(func, chunks, setup, setup_arg, workers: int) -> Iterator:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    token = uuid.uuid4().hex
    level = logging.getLogger("geomap").getEffectiveLevel()
    context = _mp_context()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                               initargs=(token, setup, setup_arg, level))
    log.info("running on %d worker processes (%s)", workers, context.get_start_method())
    try:
        yield from _drain(lambda chunk: pool.submit(_run_batch, token, func, chunk),
                          lambda future: future.result(), chunks, workers * BATCHES_PER_WORKER)
    except BrokenProcessPool as err:
        raise GeomapError(f"a worker process died before finishing its batch ({err}); the machine may be "
                          "out of memory: try fewer --workers") from err
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _dask_client(address: Any):
    """A ``distributed.Client`` for ``address`` (returned as is when it already is one), and whether we made it."""
    try:
        from distributed import Client
    except ImportError as err:
        raise GeomapError(f"--dask needs Dask's distributed scheduler, which is not installed ({err}); "
                          "install it with: pip install 'geomap[dask]'") from err
    if isinstance(address, Client):
        return address, False
    try:
        return Client(address), True
    except (OSError, TimeoutError, ValueError) as err:
        raise GeomapError(f"cannot reach the Dask scheduler at {address!r}: {err}; start one with "
                          "`dask scheduler` and `dask worker ADDRESS`, or check the address") from err


def _on_dask(func, chunks, setup, setup_arg, address) -> Iterator:
    client, ours = _dask_client(address)
    token = uuid.uuid4().hex
    pending: set = set()
    try:
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()) or 1
        log.info("running on the Dask cluster at %s (%d worker threads)", client.scheduler.address, threads)
        # a gazetteer of the caller's own goes to every worker once, not with every batch
        arg = client.scatter(setup_arg, broadcast=True) if setup_arg is not None else None
        numbers = itertools.count()

        def submit(chunk: list):
            future = client.submit(_run_batch, token, func, chunk, setup, arg, key=f"geomap-{token}-{next(numbers)}")
            pending.add(future)
            return future

        def result(future) -> list:
            answers = future.result()
            pending.discard(future)
            future.release()
            return answers

        yield from _drain(submit, result, chunks, threads * BATCHES_PER_WORKER)
    finally:
        if pending:
            client.cancel(list(pending))
        if ours:
            client.close()
