"""Pacing for unattended runs: a rate limit and retries with backoff."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
Clock = Callable[[], float]
Sleep = Callable[[float], None]


class RateLimiter:
    """Paces requests shared by threads: at most ``per_minute`` in any minute (the Sheets
    API allows 60 read and 60 write requests per minute per user) and, if asked,
    ``interval`` seconds between two. A request's slot is taken under a lock, so that
    threads are served in turn and the limits hold whatever the number of threads.

    The minute is counted as :data:`WINDOW` seconds, a little longer: a thread may send
    its request a moment after its slot (woken late, busy computing), and the server
    counts requests as they arrive."""

    WINDOW = 65.0

    def __init__(self, interval: float = 0.0, per_minute: int | None = None,
                 clock: Clock = time.monotonic, sleep: Sleep = time.sleep) -> None:
        self.interval = interval
        self.per_minute = per_minute
        self.clock = clock
        self.sleep = sleep
        self._last: float | None = None
        self._sent: deque[float] = deque(maxlen=per_minute or 1)
        self._lock = threading.Lock()
        self.waited = 0.0

    def wait(self) -> float:
        """Block until the next request may go; return the seconds slept."""
        with self._lock:
            now = self.clock()
            start = now if self._last is None else max(now, self._last + self.interval)
            if self.per_minute and len(self._sent) == self.per_minute:
                start = max(start, self._sent[0] + self.WINDOW)
            self._sent.append(start)
            self._last = start
            delay = start - now
            self.waited += max(delay, 0.0)
        if delay > 0:
            self.sleep(delay)
        return max(delay, 0.0)


class Pacer:
    """One rate limiter for reads and one for writes, shared by every workbook of a run
    (and every thread that syncs them)."""

    def __init__(self, read_interval: float = 0.0, write_interval: float = 0.0,
                 clock: Clock = time.monotonic, sleep: Sleep = time.sleep,
                 read_quota: int | None = None, write_quota: int | None = None) -> None:
        self.limits = {"read": RateLimiter(read_interval, read_quota, clock, sleep),
                       "write": RateLimiter(write_interval, write_quota, clock, sleep)}
        self.counts = {"read": 0, "write": 0}
        self._lock = threading.Lock()

    def __call__(self, kind: str) -> None:
        self.limits[kind].wait()
        with self._lock:
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
