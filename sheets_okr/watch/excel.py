"""An Excel file under watch: file-system events (watchdog), a recompute once the file
has been saved and left quiet and no spreadsheet app holds it open."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from ..config import Settings
from ..io.xlsx import XlsxBackend
from .runs import HookedBackend, run_once

LOG = logging.getLogger("sheets_okr.watch")
Signature = tuple[int, int, int]


def lock_files(path: Path) -> list[Path]:
    """The files a spreadsheet app keeps beside a workbook while it is open: Excel's
    owner file (``~$`` before the name, or in place of its first two characters) and
    LibreOffice's ``.~lock.NAME#``.

    >>> [p.name for p in lock_files(Path("goals.xlsx"))]
    ['~$goals.xlsx', '~$als.xlsx', '.~lock.goals.xlsx#']
    """
    name = path.name
    names = [f"~${name}"]
    if len(name) > 2:
        names.append(f"~${name[2:]}")
    names.append(f".~lock.{name}#")
    return [path.with_name(n) for n in names]


def held_open(path: Path) -> Path | None:
    """The lock file of the app that has ``path`` open, or None."""
    return next((lock for lock in lock_files(path) if lock.exists()), None)


def signature(path: Path) -> Signature | None:
    """What tells one saved version of the file from another."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


class ExcelTarget:
    """The watch state of one Excel file. File-system events mark it changed; once no
    event has come for ``quiet`` seconds and no app holds it open, it is recomputed,
    unless the file is exactly as the tool's own last write left it."""

    def __init__(self, name: str, path: Path, settings: Settings, interval: float = 30.0,
                 quiet: float = 2.0, lock_timeout: float = 10.0) -> None:
        self.name = name
        self.path = Path(path).resolve()
        self.settings = settings
        self.interval = interval
        self.quiet = quiet
        self.lock_timeout = lock_timeout
        self.watched = {self.path, *(p.resolve() for p in lock_files(self.path))}
        self.own: Signature | None = None
        self.pending = True
        self.changed_at = float("-inf")
        self.next_at = 0.0
        self.runs = 0
        self.done = False
        self._lock = threading.Lock()
        self._first = True

    def concerns(self, path: str | bytes) -> bool:
        """Whether a file-system event on ``path`` is about this workbook."""
        text = os.fsdecode(path)
        return bool(text) and Path(text).resolve() in self.watched

    def notice(self, now: float) -> None:
        """A file-system event touched the workbook or one of its lock files."""
        with self._lock:
            self.pending = True
            self.changed_at = now
            self.next_at = now + self.quiet

    def due(self) -> float:
        if self.done:
            return float("inf")
        return self.next_at if self.pending else float("inf")

    def tick(self, now: float) -> None:
        with self._lock:
            if self.done or not self.pending or now < self.next_at:
                return
            if now - self.changed_at < self.quiet:
                self.next_at = self.changed_at + self.quiet
                return
            opened = held_open(self.path)
            if opened is not None:
                # The lock file's removal is an event too; look again meanwhile anyway.
                self.next_at = now + self.interval
                return
            current = signature(self.path)
            if current is None:
                self.next_at = now + self.interval
                return
            self.pending = False
            if current == self.own:
                LOG.debug("[%s] the change seen was sheets-okr's own write", self.name)
                return
        self._recompute(now, opened)

    def _recompute(self, now: float, _opened: Path | None) -> None:
        own: list[Signature | None] = []
        backend = HookedBackend(XlsxBackend(self.path, lock_timeout=self.lock_timeout),
                                after=lambda: own.append(signature(self.path)))
        why = "start" if self._first else "saved"
        outcome = run_once(self.name, backend, self.settings, why)
        self._first = False
        self.runs += 1
        with self._lock:
            if own and own[-1] is not None:
                self.own = own[-1]
            elif outcome.error is None:
                self.own = signature(self.path)
            if outcome.busy:
                self.pending = True
                self.next_at = now + self.interval


def start_observer(targets: list[ExcelTarget], wake: threading.Event, clock: Any,
                   poll: bool = False) -> Any:
    """A watchdog observer on the folders of ``targets`` that marks a target changed and
    wakes the loop; ``poll`` uses polling (for network drives without change events)."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: Any) -> None:
            if event.is_directory or event.event_type in ("opened", "closed_no_write"):
                return
            paths = [event.src_path, getattr(event, "dest_path", "")]
            hit = False
            for target in targets:
                if any(target.concerns(p) for p in paths if p):
                    target.notice(clock())
                    hit = True
            if hit:
                wake.set()

    observer = (PollingObserver(timeout=1.0) if poll else Observer())
    handler = Handler()
    for folder in sorted({str(t.path.parent) for t in targets}):
        observer.schedule(handler, folder, recursive=False)
    observer.start()
    return observer
