"""`ordered_map`: a function applied to a stream of items by forked worker processes, results in
input order (so what the caller does with them is the same however many processes ran).

The items are produced and the results consumed in the calling thread (a SQLite connection may
feed it); at most IN_FLIGHT_PER_WORKER items per worker are handed out ahead of the one being
consumed, which bounds memory. The workers inherit the caller's memory when they start: data
they all need can be put in a module global before the call instead of being sent with every item.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from typing import Callable, Iterable, Iterator, TypeVar

IN_FLIGHT_PER_WORKER = 3

T = TypeVar("T")
R = TypeVar("R")


def fork_workers(most: int = 2) -> int:
    """How many worker processes to use: `most`, at most the CPUs this process may use; 1 where
    processes cannot be forked."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(most, cpus))


def ordered_map(func: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """func(item) for every item, in order; computed by `workers` forked processes when above 1
    (func must be a module-level function). Closing the iterator early stops the workers."""
    if workers <= 1:
        yield from map(func, items)
        return
    with multiprocessing.get_context("fork").Pool(workers, _ignore_interrupts) as pool:  # leaving it ends them
        pending: deque = deque()
        for item in items:
            pending.append(pool.apply_async(func, (item,)))
            if len(pending) >= IN_FLIGHT_PER_WORKER * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the calling process's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
