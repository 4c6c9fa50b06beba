"""Pacing for unattended runs: a rate limit and retries with backoff."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
Clock = Callable[[], float]
Sleep = Callable[[float], None]


class RateLimiter:
    """At most one request per ``interval`` seconds. The Sheets API allows 60 read and 60
    write requests per minute per user; 1.1 s between requests stays under both."""

    def __init__(self, interval: float, clock: Clock = time.monotonic,
                 sleep: Sleep = time.sleep) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._last: float | None = None
        self.waited = 0.0

    def wait(self) -> float:
        """Block until the next request may go; return the seconds slept."""
        now = self.clock()
        start = now if self._last is None else max(now, self._last + self.interval)
        delay = start - now
        if delay > 0:
            self.sleep(delay)
            self.waited += delay
        self._last = start
        return delay


class Pacer:
    """One rate limiter for reads and one for writes, shared by every workbook of a run."""

    def __init__(self, read_interval: float, write_interval: float,
                 clock: Clock = time.monotonic, sleep: Sleep = time.sleep) -> None:
        self.limits = {"read": RateLimiter(read_interval, clock, sleep),
                       "write": RateLimiter(write_interval, clock, sleep)}
        self.counts = {"read": 0, "write": 0}

    def __call__(self, kind: str) -> None:
        self.limits[kind].wait()
        self.counts[kind] += 1


def with_retries(fn: Callable[[], T], *, retries: int, base_delay: float,
                 transient: Callable[[BaseException], bool], sleep: Sleep = time.sleep,
                 on_retry: Callable[[int, float, BaseException], None] | None = None) -> T:
    """Call ``fn``; on a transient error wait ``base_delay * 2**n`` seconds and try again,
    at most ``retries`` more times."""
    attempt = 0
    while True:
        try:
            return fn()
        except Exception as exc:
            if attempt >= retries or not transient(exc):
                raise
            delay = base_delay * 2 ** attempt
            attempt += 1
            if on_retry is not None:
                on_retry(attempt, delay, exc)
            sleep(delay)
