"""Progress on a terminal while a long command works: the step it is on, a bar where it
can tell how far along it is, and the seconds so far.

Nothing is drawn unless stderr is a terminal (never into a log or a pipe), nothing with
``--quiet``, and nothing for work done within a moment. A drawn line is erased when the
work ends, so that the command's own output follows on a clean line.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

WIDTH = 24
DELAY = 0.8
TICK = 0.25


class Progress:
    """A status line redrawn a few times a second by a thread of its own while enabled."""

    def __init__(self, enabled: bool, stream: TextIO | None = None, delay: float = DELAY,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.delay, self.clock = delay, clock
        self.start = clock()
        self.label, self.fraction = "", None
        self._drawn = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if enabled:
            self._thread = threading.Thread(target=self._run, name="progress", daemon=True)
            self._thread.start()

    def step(self, label: str, done: int | None = None, total: int | None = None) -> None:
        """Now working on ``label``; ``done`` of ``total`` when that is known."""
        with self._lock:
            self.label = label
            self.fraction = done / total if done is not None and total else None

    def count(self, label: str) -> Callable[[int, int], None]:
        """A callback that reports ``done`` of ``total`` under ``label``."""
        return lambda done, total: self.step(label, done, total)

    def line(self) -> str:
        """The status line as it would be drawn now."""
        elapsed = self.clock() - self.start
        if self.fraction is None:
            at = int(elapsed / TICK) % (WIDTH - 3)
            bar = " " * at + "<=>" + " " * (WIDTH - 3 - at)
        else:
            filled = round(WIDTH * min(max(self.fraction, 0.0), 1.0))
            bar = "#" * filled + "-" * (WIDTH - filled)
        return f"{self.label} [{bar}] {elapsed:.0f}s"

    def _run(self) -> None:
        while not self._stop.wait(TICK):
            if self.clock() - self.start >= self.delay:
                self._draw()

    def _draw(self) -> None:
        with self._lock:
            text = self.line()
            pad = max(self._drawn - len(text), 0)
            self.stream.write("\r" + text + " " * pad)
            self.stream.flush()
            self._drawn = len(text)

    def close(self) -> None:
        """Stop drawing and erase the line."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        with self._lock:
            if self._drawn:
                self.stream.write("\r" + " " * self._drawn + "\r")
                self.stream.flush()
                self._drawn = 0


def on_terminal(quiet: bool, stream: TextIO | None = None) -> bool:
    """Whether to show progress: not ``quiet`` and ``stream`` (stderr) is a terminal."""
    stream = stream or sys.stderr
    try:
        return not quiet and stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def progress(quiet: bool) -> Iterator[Progress]:
    """A :class:`Progress` for a command, erased when the command's work ends."""
    shown = Progress(on_terminal(quiet))
    try:
        yield shown
    finally:
        shown.close()


class Watched:
    """A backend whose reads and writes show as steps of ``progress``; everything else
    is the backend's own."""

    def __init__(self, backend: Any, progress: Progress, after_read: str = "Scoring") -> None:
        self._backend, self._progress, self._after_read = backend, progress, after_read

    def read(self) -> Any:
        self._progress.step("Reading")
        book = self._backend.read()
        self._progress.step(self._after_read)
        return book

    def write(self, changes: Any, book: Any) -> int:
        self._progress.step("Writing")
        return self._backend.write(changes, book)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._backend, name)
