"""The unattended sync: the workbooks of a config, several at a time, each on its own.

A failing source or workbook is logged and reported, and the others go on; the run's
exit code is 2 when something failed on input a person must fix (a bad line in an
export, a missing column or file, a workbook that cannot be read as OKRs), else 1 when
anything failed.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import SheetsOkrError, UsageError, WorkbookLocked
from ..io import OpenOptions, open_backend
from ..lint import count_by_severity
from ..run import rare_collections
from .config import SourceConfig, SyncConfig, WorkbookConfig
from .cycle import BookOutcome, sync_book
from .limits import Pacer, Sleep, with_retries
from .merge import cell_number
from .secrets import Redactor, expand_env
from .sources import Readings, fetch_readings, is_transient

LOG = logging.getLogger("sheets_okr.sync")
Progress = Callable[[str], None]


@dataclass
class WorkbookReport:
    """How one workbook's sync went."""

    name: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    unknown: dict[str, int] = field(default_factory=dict)
    cells_written: int = 0
    cells_changed: int = 0
    created_tab: bool = False
    flags: dict[str, int] = field(default_factory=dict)
    source_errors: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    skipped: bool = False
    bad_input: bool = False

    @property
    def failed(self) -> bool:
        return self.error is not None or bool(self.source_errors)


@dataclass
class SyncReport:
    workbooks: list[WorkbookReport]
    dry_run: bool = False

    @property
    def failed(self) -> list[WorkbookReport]:
        return [w for w in self.workbooks if w.failed]

    @property
    def exit_code(self) -> int:
        """0 when every workbook and source succeeded; 2 when a failure was bad input (to
        fix in a source or workbook, not to retry); 1 when anything else failed."""
        failed = self.failed
        if any(w.bad_input for w in failed):
            return 2
        return 1 if failed else 0


class Syncer:
    """Runs a sync config once: its workbooks ``jobs`` at a time (in threads, every
    request paced by one shared :class:`Pacer`). Sources shared by several workbooks are
    fetched once."""

    def __init__(self, config: SyncConfig, *, dry_run: bool = False, as_of: date | None = None,
                 pacer: Pacer | None = None, sleep: Sleep = time.sleep,
                 redactor: Redactor | None = None, jobs: int | None = None,
                 shard: Shard | None = None) -> None:
        opts = config.options
        self.config = config
        self.dry_run = dry_run
        self.as_of = as_of
        self.pacer = pacer or Pacer(opts.read_interval, opts.write_interval, sleep=sleep,
                                    read_quota=opts.read_quota, write_quota=opts.write_quota)
        self.sleep = sleep
        self.redactor = redactor or Redactor()
        self.jobs = jobs or opts.jobs
        self.shard = shard
        self._cache: dict[str, Readings | Exception] = {}
        self._fetching: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self._turn = threading.Lock()
        self._client: Any = None

    def run(self, only: tuple[str, ...] | list[str] = (),
            progress: Progress | None = None) -> SyncReport:
        workbooks = self.config.select(only)
        if self.shard is not None:
            workbooks = tuple(wb for wb in workbooks if self.shard.holds(wb.name))
        self._register_secrets(workbooks)
        LOG.addFilter(self.redactor)
        try:
            with rare_collections():
                reports = self._sync_all(workbooks, progress)
            report = SyncReport(reports, self.dry_run)
            _log_summary(report)
            return report
        finally:
            LOG.removeFilter(self.redactor)

    def _sync_all(self, workbooks: tuple[WorkbookConfig, ...],
                  progress: Progress | None) -> list[WorkbookReport]:
        """Every workbook synced, one at a time or by a pool; reports in config order."""
        if self.jobs > 1 and len(workbooks) > 1:
            return self._run_pool(workbooks, progress)
        reports = []
        for wb in workbooks:
            reports.append(self.sync_workbook(wb))
            if progress is not None:
                progress(wb.name)
        return reports

    def _run_pool(self, workbooks: tuple[WorkbookConfig, ...],
                  progress: Progress | None) -> list[WorkbookReport]:
        """Every workbook synced by a pool of ``jobs`` threads; reports in config order."""
        done: dict[int, WorkbookReport] = {}
        with ThreadPoolExecutor(min(self.jobs, len(workbooks)),
                                thread_name_prefix="sync") as pool:
            futures = {pool.submit(self.sync_workbook, wb): n for n, wb in enumerate(workbooks)}
            for future in as_completed(futures):
                n = futures[future]
                done[n] = future.result()
                if progress is not None:
                    progress(workbooks[n].name)
        return [done[n] for n in range(len(workbooks))]

    def sync_workbook(self, wb: WorkbookConfig) -> WorkbookReport:
        report = WorkbookReport(wb.name)
        fetched: list[Readings] = []
        for source in wb.sources:
            try:
                fetched.append(self.fetch(source))
            except Exception as exc:
                report.source_errors[source.name] = self._describe(exc)
                report.bad_input |= is_bad_input(exc)
                LOG.error("[%s] %s failed: %s", wb.name, source.label,
                          report.source_errors[source.name], exc_info=_unexpected(exc))
        if report.source_errors and self.config.options.on_source_error == "skip-workbook":
            report.skipped = True
            LOG.error("[%s] left unchanged because a source failed (on_source_error = "
                      "\"skip-workbook\")", wb.name)
            return report
        readings = Readings.join(fetched)
        opts = self.config.options
        try:
            remote = ({"retries": opts.retries, "base_delay": opts.retry_delay,
                       "client": self.sheets_client()} if wb.is_gsheet else {})
            backend = open_backend(wb.source, OpenOptions(
                lock_timeout=opts.lock_timeout, backup=wb.backup, **remote))
            with backend.session(write=not self.dry_run):
                outcome = sync_book(backend, readings, self.as_of or wb.as_of,
                                    self.config.settings, self.dry_run, wb.unknown_kpis,
                                    pace=self.pacer, turn=self._turn)
        except Exception as exc:
            report.error = self._describe(exc)
            report.bad_input |= is_bad_input(exc)
            LOG.error("[%s] failed, workbook not changed: %s", wb.name, report.error,
                      exc_info=_unexpected(exc))
            return report
        _fill(report, outcome)
        self._log_workbook(wb, report, outcome)
        return report

    def sheets_client(self) -> Any:
        """The one Sheets API client of the run, made at first need: every workbook and
        thread shares its access token and its open connections."""
        with self._lock:
            if self._client is None:
                from ..io.gsheets.client import SHEETS_SCOPE, make_client

                opts = self.config.options
                self._client = make_client([SHEETS_SCOPE], opts.retries, opts.retry_delay,
                                           connections=max(self.jobs, 1))
            return self._client

    def fetch(self, source: SourceConfig) -> Readings:
        """The readings of ``source``, retried on transient errors; cached for the run
        (fetched once when several threads want it at the same time)."""
        with self._lock:
            lock = self._fetching.setdefault(source.where, threading.Lock())
        with lock:
            return self._fetch(source)

    def _fetch(self, source: SourceConfig) -> Readings:
        cached = self._cache.get(source.where)
        if isinstance(cached, Exception):
            raise cached
        if cached is not None:
            return cached
        opts = self.config.options

        def retry(attempt: int, delay: float, exc: BaseException) -> None:
            LOG.warning("%s: %s; retry %d of %d in %.1f s", source.label, self._describe(exc),
                        attempt, opts.retries, delay)

        try:
            readings = with_retries(
                lambda: fetch_readings(source, self.config.settings, self.redactor,
                                       self.pacer),
                retries=opts.retries, base_delay=opts.retry_delay, transient=is_transient,
                sleep=self.sleep, on_retry=retry)
        except Exception as exc:
            self._cache[source.where] = exc
            raise
        self._cache[source.where] = readings
        LOG.debug("%s: %d readings", source.label, len(readings))
        return readings

    def _register_secrets(self, workbooks: tuple[WorkbookConfig, ...]) -> None:
        for wb in workbooks:
            for source in wb.sources:
                if source.url_env and os.environ.get(source.url_env):
                    self.redactor.add_url(os.environ[source.url_env])
                if source.url:
                    try:
                        self.redactor.add_url(expand_env(source.url, source.label))
                    except SheetsOkrError:
                        pass

    def _describe(self, exc: BaseException) -> str:
        return self.redactor.redact(describe(exc))

    def _log_workbook(self, wb: WorkbookConfig, report: WorkbookReport,
                      outcome: BookOutcome) -> None:
        name = wb.name
        if report.created_tab:
            LOG.info("[%s] created the KPI History tab (Date, KPI, Value, Note)", name)
        if report.unknown:
            count = sum(report.unknown.values())
            LOG.warning("[%s] left out %s of %s: not on the KPIs tab (set unknown_kpis = "
                        "\"add\" to keep them)", name, _plural(count, "reading"),
                        ", ".join(sorted(report.unknown)))
        for note in outcome.result.notes:
            LOG.debug("[%s] %s", name, note)
        for reading, old in outcome.merge.updated:
            LOG.debug("[%s] %s on %s: %s -> %s (%s)", name, reading.kpi, reading.day, old,
                      cell_number(reading.value), reading.source)
        flags = ", ".join(_plural(n, sev) for sev, n in report.flags.items() if n)
        flags = f"; flags: {flags}" if flags else ""
        if self.dry_run:
            LOG.info("[%s] dry run: readings %d to add, %d to update, %d already there; "
                     "%s would change%s", name, report.added, report.updated,
                     report.unchanged, _plural(report.cells_changed, "cell"), flags)
        else:
            LOG.info("[%s] readings %d added, %d updated, %d already there; %s written%s",
                     name, report.added, report.updated, report.unchanged,
                     _plural(report.cells_written, "cell"), flags)


def _plural(count: int, noun: str) -> str:
    """
    >>> _plural(1, "cell"), _plural(0, "cell"), _plural(2, "warning")
    ('1 cell', '0 cells', '2 warnings')
    """
    return f"{count} {noun}{'' if count == 1 else 's'}"

def run_sync(config: SyncConfig, *, dry_run: bool = False, only: tuple[str, ...] = (),
             as_of: date | None = None, progress: Progress | None = None,
             pacer: Pacer | None = None, sleep: Sleep = time.sleep, jobs: int | None = None,
             shard: Shard | None = None) -> SyncReport:
    """Sync every workbook of ``config`` (or those named in ``only``, or those of
    ``shard``), ``jobs`` at a time (default: the config's)."""
    syncer = Syncer(config, dry_run=dry_run, as_of=as_of, pacer=pacer, sleep=sleep,
                    jobs=jobs, shard=shard)
    return syncer.run(only, progress)


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` of ``count`` (1-based): the workbooks whose name falls in it. A
    workbook falls in the same shard on every run and every host, so that each shard's
    account needs access to its own workbooks only."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """
        >>> Shard.parse("2/3")
        Shard(index=2, count=3)
        """
        first, _, second = text.partition("/")
        if not (first.strip().isdigit() and second.strip().isdigit()):
            raise UsageError(f"--shard {text}: give it as I/N, e.g. 1/4")
        index, count = int(first), int(second)
        if not 1 <= index <= count:
            raise UsageError(f"--shard {text}: I must be between 1 and N")
        return cls(index, count)

    def holds(self, name: str) -> bool:
        return zlib.crc32(name.encode("utf-8")) % self.count == self.index - 1


def describe(exc: BaseException) -> str:
    """One line saying what went wrong, without a traceback."""
    if isinstance(exc, SheetsOkrError):
        return str(exc)
    orig = getattr(exc, "orig", None)
    if orig is not None:
        first = (str(orig).strip().splitlines() or [""])[0]
        return f"{type(orig).__name__}: {first}"
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def is_bad_input(exc: BaseException) -> bool:
    """Whether a failure is in what a person gave (an export, a config, a workbook), so
    that running again will fail again until it is fixed: a bad line or column, a
    missing file, a SQL query naming what the database does not have. A workbook held
    by someone else or a server out of reach is not: the next run may succeed."""
    if isinstance(exc, UsageError):
        return not isinstance(exc, WorkbookLocked)
    try:
        from sqlalchemy.exc import ProgrammingError
    except ImportError:  # pragma: no cover
        return False
    return isinstance(exc, ProgrammingError)


def _unexpected(exc: BaseException) -> bool:
    """Whether a failure looks like a bug (worth a traceback in the log)."""
    if isinstance(exc, (SheetsOkrError, OSError)):
        return False
    try:
        from sqlalchemy.exc import SQLAlchemyError
    except ImportError:  # pragma: no cover
        return True
    return not isinstance(exc, SQLAlchemyError)


def _fill(report: WorkbookReport, outcome: BookOutcome) -> None:
    merge = outcome.merge
    report.added = len(merge.added)
    report.updated = len(merge.updated)
    report.unchanged = merge.unchanged
    report.unknown = dict(merge.unknown)
    report.cells_written = outcome.cells_written
    report.cells_changed = outcome.cells_changed
    report.created_tab = outcome.created_tab
    report.flags = {str(k): v for k, v in count_by_severity(outcome.result.flags).items()}


def _log_summary(report: SyncReport) -> None:
    total = len(report.workbooks)
    failed = report.failed
    if not failed:
        LOG.info("sync done: %d workbook%s up to date%s", total, "s" if total != 1 else "",
                 " (dry run, nothing written)" if report.dry_run else "")
        return
    parts = []
    for wb in failed:
        what = [f"source '{name}'" for name in wb.source_errors]
        if wb.error:
            what.append("workbook")
        parts.append(f"{wb.name} ({', '.join(what)})")
    LOG.error("sync done with failures: %d of %d workbooks had a failure: %s",
              len(failed), total, "; ".join(parts))
