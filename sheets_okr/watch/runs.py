"""One recompute of a watched workbook: under its lock, one log line, errors kept."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..changes import ChangeSet
from ..config import Settings
from ..errors import RemoteError, SheetsOkrError, WorkbookLocked
from ..io.base import Backend
from ..lint import count_by_severity
from ..model import RawBook
from ..run import recompute

LOG = logging.getLogger("sheets_okr.watch")
Hook = Callable[[], None]


@dataclass
class RunOutcome:
    """How one watched recompute went."""

    cells_written: int = 0
    wrote: bool = False
    busy: bool = False
    remote: bool = False
    error: str | None = None


class HookedBackend:
    """A backend whose write is bracketed by two callbacks (to tell the watcher which
    change of the workbook is its own)."""

    def __init__(self, backend: Backend, before: Hook | None = None,
                 after: Hook | None = None) -> None:
        self._backend = backend
        self._before = before
        self._after = after
        self.name = backend.name

    def __getattr__(self, name: str) -> Any:
        return getattr(self._backend, name)

    def read(self) -> RawBook:
        return self._backend.read()

    def session(self, write: bool = True) -> Any:
        return self._backend.session(write)

    def write(self, changes: ChangeSet, book: RawBook) -> int:
        if self._before is not None:
            self._before()
        try:
            return self._backend.write(changes, book)
        finally:
            if self._after is not None:
                self._after()


def run_once(name: str, backend: Backend, settings: Settings, why: str) -> RunOutcome:
    """Recompute ``backend`` under its workbook lock (the backend's lock timeout) and log
    one line about it."""
    started = time.monotonic()
    outcome = RunOutcome()
    try:
        with backend.session():
            result = recompute(backend, None, settings)
    except WorkbookLocked as exc:
        outcome.busy = True
        outcome.error = str(exc)
        LOG.warning("[%s] busy, will try again: %s", name, exc)
        return outcome
    except RemoteError as exc:
        outcome.remote = True
        outcome.error = str(exc)
        LOG.error("[%s] failed: %s", name, exc)
        return outcome
    except SheetsOkrError as exc:
        outcome.error = str(exc)
        LOG.error("[%s] failed, workbook not changed: %s", name, exc)
        return outcome
    except Exception as exc:  # a bug must not stop the other workbooks
        outcome.error = f"{type(exc).__name__}: {exc}"
        LOG.error("[%s] failed, workbook not changed: %s", name, outcome.error,
                  exc_info=True)
        return outcome
    outcome.cells_written = result.cells_written
    outcome.wrote = result.cells_written > 0
    flags = ", ".join(f"{n} {sev}{'s' if n != 1 else ''}"
                      for sev, n in count_by_severity(result.flags).items() if n)
    LOG.info("[%s] recomputed (%s): %d cell%s written%s in %.1f s", name, why,
             result.cells_written, "" if result.cells_written == 1 else "s",
             f"; flags: {flags}" if flags else "", time.monotonic() - started)
    return outcome


def setup_logging(quiet: bool = False, verbose: bool = False) -> None:
    """The watch log on stderr, one line per run (journald stamps lines itself)."""
    import os
    import sys

    for handler in list(LOG.handlers):
        LOG.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    fmt = "%(levelname)s %(message)s" if os.environ.get("JOURNAL_STREAM") else \
        "%(asctime)s %(levelname)s %(message)s"
    handler.setFormatter(logging.Formatter(fmt, "%Y-%m-%dT%H:%M:%S%z"))
    LOG.addHandler(handler)
    LOG.setLevel(logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO)
