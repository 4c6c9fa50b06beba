"""A Google Sheet under watch: one Drive modified-time probe per interval, a recompute
once the sheet has been quiet, the tool's own writes told apart from people's edits."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ..config import Settings
from ..io.gsheets import GSheetsBackend, spreadsheet_key
from ..io.gsheets_client import error_detail
from .runs import HookedBackend, run_once

LOG = logging.getLogger("sheets_okr.watch")
QUOTA_STATUS = {408, 429, 500, 502, 503, 504}
MAX_BACKOFF = 600.0


class ProbeFailed(Exception):
    """The change probe could not be answered now (quota, server or network)."""


class ProbeRefused(Exception):
    """The change probe will never work for this sheet (not found, no permission)."""


def drive_probe(client: Any, key: str) -> Callable[[], str]:
    """A function returning the sheet's Drive ``modifiedTime``: one small files.get
    request (what gspread's ``Spreadsheet.get_lastUpdateTime`` sends)."""
    from gspread.exceptions import APIError
    from requests import RequestException

    def probe() -> str:
        try:
            return str(client.http_client.get_file_drive_metadata(key)["modifiedTime"])
        except APIError as err:
            code, message = error_detail(err)
            if code in QUOTA_STATUS:
                raise ProbeFailed(f"{code} {message}") from None
            raise ProbeRefused(f"{code} {message}") from None
        except RequestException as err:
            raise ProbeFailed(type(err).__name__) from None

    return probe


class GSheetTarget:
    """The watch state of one Google Sheet.

    ``seen`` is the modified time the tool has caught up with; a different one is an
    edit, recomputed once it has stayed the same for ``quiet`` seconds. The modified time
    after the tool's own write becomes ``seen``, unless the sheet had changed again
    between the probe that started the run and the write.
    """

    def __init__(self, name: str, source: str, settings: Settings, probe: Callable[[], str],
                 client: Any = None, interval: float = 30.0, quiet: float = 10.0,
                 lock_timeout: float = 10.0) -> None:
        self.name = name
        self.source = source
        self.key = spreadsheet_key(source)
        self.settings = settings
        self.probe = probe
        self.client = client
        self.interval = interval
        self.quiet = quiet
        self.lock_timeout = lock_timeout
        self.seen: str | None = None
        self.latest: str | None = None
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

    def _recompute(self, stamp: str, why: str, now: float) -> None:
        self._dirty = False
        wrote: list[str] = []

        def before() -> None:
            try:
                now_stamp = self.probe()
            except (ProbeFailed, ProbeRefused):
                now_stamp = None
            self._dirty = now_stamp != stamp

        def after() -> None:
            try:
                wrote.append(self.probe())
            except (ProbeFailed, ProbeRefused):
                self._dirty = True

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
            self.latest = wrote[-1]
            self.changed_at = now
        else:
            self.seen = stamp
