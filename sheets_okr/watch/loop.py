"""The watch loop: many workbooks in one process, each looked at when it is due."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..config import Settings
from ..errors import UsageError
from ..io import EXCEL_SUFFIXES, is_gsheet
from .excel import ExcelTarget, start_observer
from .gsheet import GSheetTarget, drive_probe

LOG = logging.getLogger("sheets_okr.watch")
DRIVE_METADATA_SCOPE = "https://www.googleapis.com/auth/drive.metadata.readonly"


class Target(Protocol):
    name: str
    runs: int

    def due(self) -> float: ...

    def tick(self, now: float) -> None: ...


@dataclass(frozen=True)
class WatchOptions:
    """How often to look and how long to wait.

    ``interval``: seconds between two change probes of a Google Sheet (and between two
    looks at an Excel file held open by an app). ``quiet``: seconds a workbook must stay
    unchanged before it is recomputed, so that an edit in progress is waited out.
    """

    interval: float = 30.0
    quiet: float = 10.0
    lock_timeout: float = 10.0
    poll: bool = False


def targets_for(sources: Sequence[tuple[str, str]], settings: Settings,
                options: WatchOptions, clients: tuple[Any, Any] | None = None
                ) -> list[Target]:
    """A target per (name, source): a Google Sheet URL or key, or an .xlsx/.xlsm path.

    ``clients`` are the gspread clients for the change probes (no retries: the watcher
    backs off itself) and for the recomputes; made from the usual credentials when None.
    """
    targets: list[Target] = []
    sheets = [(n, s) for n, s in sources if is_gsheet(s)]
    if sheets and clients is None:
        from ..io.gsheets.client import SHEETS_SCOPE, make_client

        scopes = [SHEETS_SCOPE, DRIVE_METADATA_SCOPE]
        clients = (make_client(scopes, retries=0), make_client(scopes))
    for name, source in sources:
        if is_gsheet(source):
            assert clients is not None
            from ..io.gsheets import spreadsheet_key

            probe = drive_probe(clients[0], spreadsheet_key(source))
            targets.append(GSheetTarget(name, source, settings, probe, clients[1],
                                        options.interval, options.quiet,
                                        options.lock_timeout))
            continue
        path = Path(source)
        if path.suffix.lower() not in EXCEL_SUFFIXES:
            raise UsageError(f"{source}: not an Excel workbook (.xlsx or .xlsm) nor a "
                             "Google Sheets URL or key")
        if not path.is_file():
            raise UsageError(f"{source}: no such file")
        targets.append(ExcelTarget(name, path, settings, options.interval, options.quiet,
                                   options.lock_timeout))
    names = [t.name for t in targets]
    for name in names:
        if names.count(name) > 1:
            raise UsageError(f"{name} is listed twice")
    return targets


class Watcher:
    """Runs the targets until :meth:`stop` (safe from a signal handler or another
    thread); a recompute under way is finished first, never cut short."""

    def __init__(self, targets: Sequence[Target], options: WatchOptions = WatchOptions(),
                 clock: Callable[[], float] = time.monotonic) -> None:
        if not targets:
            raise UsageError("nothing to watch: give at least one workbook")
        self.targets = list(targets)
        self.options = options
        self.clock = clock
        self.wake = threading.Event()
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()
        self.wake.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        """Watch until stopped."""
        excel = [t for t in self.targets if isinstance(t, ExcelTarget)]
        observer = start_observer(excel, self.wake, self.clock, self.options.poll) \
            if excel else None
        LOG.info("watching %d workbook%s: %s", len(self.targets),
                 "" if len(self.targets) == 1 else "s",
                 ", ".join(t.name for t in self.targets))
        try:
            while not self._stop.is_set():
                self.wake.clear()
                for target in self.targets:
                    if self._stop.is_set():
                        break
                    target.tick(self.clock())
                due = min((t.due() for t in self.targets), default=float("inf"))
                if due == float("inf") and all(getattr(t, "done", False)
                                               for t in self.targets):
                    LOG.error("no workbook left to watch")
                    break
                wait = max(0.0, min(due - self.clock(), 3600.0))
                if wait > 0:
                    self.wake.wait(wait)
        finally:
            if observer is not None:
                observer.stop()
                observer.join(timeout=5)
            LOG.info("stopped watching")
