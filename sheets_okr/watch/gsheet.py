"""A Google Sheet under watch: one Drive modified-time probe per interval, a recompute
once the sheet has been quiet, the tool's own writes told apart from people's edits."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, NamedTuple

from ..config import Settings
from ..io.gsheets import GSheetsBackend, spreadsheet_key
from ..io.gsheets.client import error_detail
from .runs import HookedBackend, run_once

LOG = logging.getLogger("sheets_okr.watch")
QUOTA_STATUS = {408, 429, 500, 502, 503, 504}
MAX_BACKOFF = 600.0


class ProbeFailed(Exception):
    """The change probe could not be answered now (quota, server or network)."""


class ProbeRefused(Exception):
    """The change probe will never work for this sheet (not found, no permission)."""


class Stamp(NamedTuple):
    """What Drive says of a file's last change: its ``modifiedTime`` and its ``version``
    (a number that grows with every change; None where Drive gives none)."""

    modified: str
    version: int | None = None


def drive_probe(client: Any, key: str) -> Callable[[], Stamp]:
    """A function returning the sheet's :class:`Stamp`: one small Drive files.get request
    (what gspread's ``Spreadsheet.get_lastUpdateTime`` sends, asking for the version
    too)."""
    from gspread.exceptions import APIError
    from gspread.urls import DRIVE_FILES_API_V3_URL
    from requests import RequestException

    url = f"{DRIVE_FILES_API_V3_URL}/{key}"
    params = {"supportsAllDrives": True, "fields": "modifiedTime,version"}

    def probe() -> Stamp:
        try:
            answer = client.http_client.request("get", url, params=params).json()
        except APIError as err:
            code, message = error_detail(err)
            if code in QUOTA_STATUS:
                raise ProbeFailed(f"{code} {message}") from None
            raise ProbeRefused(f"{code} {message}") from None
        except RequestException as err:
            raise ProbeFailed(type(err).__name__) from None
        version = str(answer.get("version", ""))
        return Stamp(str(answer["modifiedTime"]), int(version) if version.isdigit() else None)

    return probe


def edited_meanwhile(before: Stamp | None, after: Stamp | None) -> bool:
    """Whether someone else changed the sheet between the probe just before one write of
    the tool and the probe just after it: the version moved by more than the one step
    the write makes. Without versions, nothing tells, and the write is taken as the only
    change.

    >>> edited_meanwhile(Stamp("t1", 7), Stamp("t2", 8)), edited_meanwhile(Stamp("t1", 7),
    ...                                                                   Stamp("t3", 9))
    (False, True)
    """
    if before is None or after is None:
        return True
    if before.version is None or after.version is None:
        return False
    return after.version - before.version > 1


class GSheetTarget:
    """The watch state of one Google Sheet.

    ``seen`` is the stamp the tool has caught up with; a different one is an edit,
    recomputed once it has stayed the same for ``quiet`` seconds. The stamp after the
    tool's own write becomes ``seen``, unless the sheet changed again after the probe
    that started the run: before the write (the stamp just before it differs) or while
    it was being sent (the version moved by more than the write's own step).
    """

    def __init__(self, name: str, source: str, settings: Settings,
                 probe: Callable[[], Stamp], client: Any = None, interval: float = 30.0,
                 quiet: float = 10.0, lock_timeout: float = 10.0) -> None:
        self.name = name
        self.source = source
        self.key = spreadsheet_key(source)
        self.settings = settings
        self.probe = probe
        self.client = client
        self.interval = interval
        self.quiet = quiet
        self.lock_timeout = lock_timeout
        self.seen: Stamp | None = None
        self.latest: Stamp | None = None
        self.changed_at = 0.0
        self.next_at = 0.0
        self.failures = 0
        self.runs = 0
        self.done = False
        self._dirty = False

    def due(self) -> float:
        """When the loop should call :meth:`tick` next (monotonic seconds)."""
        return float("inf") if self.done else self.next_at

    def tick(self, now: float) -> None:
        if self.done or now < self.next_at:
            return
        try:
            stamp = self.probe()
        except ProbeFailed as exc:
            self.failures += 1
            delay = min(MAX_BACKOFF, self.interval * 2 ** self.failures)
            LOG.warning("[%s] change probe failed (%s); next probe in %.0f s", self.name,
                        exc, delay)
            self.next_at = now + delay
            return
        except ProbeRefused as exc:
            LOG.error("[%s] cannot read the sheet's modified time (%s); no longer watched",
                      self.name, exc)
            self.done = True
            return
        self.failures = 0
        if stamp == self.seen:
            self.latest = stamp
            self.next_at = now + self.interval
            return
        if stamp != self.latest:
            self.latest = stamp
            self.changed_at = now
            if self.seen is not None and self.quiet > 0:
                self.next_at = now + min(self.quiet, self.interval)
                return
        if self.seen is not None and now - self.changed_at < self.quiet:
            self.next_at = min(self.changed_at + self.quiet, now + self.interval)
            return
        self._recompute(stamp, "start" if self.seen is None else "edited", now)
        backoff = self.interval * 2 ** self.failures if self.failures else self.interval
        self.next_at = now + min(MAX_BACKOFF, backoff)

    def _recompute(self, stamp: Stamp, why: str, now: float) -> None:
        self._dirty = False
        wrote: list[Stamp] = []
        writing: list[Stamp | None] = []

        def before() -> None:
            try:
                now_stamp: Stamp | None = self.probe()
            except (ProbeFailed, ProbeRefused):
                now_stamp = None
            writing.append(now_stamp)
            if now_stamp != (wrote[-1] if wrote else stamp):
                self._dirty = True  # changed since the run read it (or since its last write)

        def after() -> None:
            try:
                wrote.append(self.probe())
            except (ProbeFailed, ProbeRefused):
                self._dirty = True
                return
            if edited_meanwhile(writing[-1] if writing else None, wrote[-1]):
                self._dirty = True  # an edit landed between the check and the write

        backend = HookedBackend(GSheetsBackend(self.source, client=self.client,
                                               lock_timeout=self.lock_timeout), before, after)
        outcome = run_once(self.name, backend, self.settings, why)
        self.runs += 1
        if outcome.error is not None:
            self.failures += 1 if outcome.remote else 0
            return  # self.seen unchanged: the next probe finds the edit again
        if wrote and not self._dirty:
            self.seen = self.latest = wrote[-1]
        elif wrote:  # edited again meanwhile: recompute once more after a quiet period
            LOG.info("[%s] edited while sheets-okr was writing; recomputing once it is quiet",
                     self.name)
            self.latest = wrote[-1]
            self.changed_at = now
        else:
            self.seen = stamp
