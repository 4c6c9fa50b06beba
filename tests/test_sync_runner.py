"""The unattended loop: rate limit, retries, locks, secrets in logs, dry run, new tabs."""

from __future__ import annotations

import io
import logging
import re
import threading
import time
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy.exc
from click.testing import CliRunner

from sheets_okr.cli import cli
from sheets_okr.io.filelock import hold_file_lock, hold_lock, lock_file_for_key
from sheets_okr.sync import runner as runner_module
from sheets_okr.sync.config import load_sync_config
from sheets_okr.sync.limits import Pacer, RateLimiter, with_retries
from sheets_okr.sync.logs import progress_bar, setup_logging, watching
from sheets_okr.sync.runner import LOG, Syncer, run_sync
from sheets_okr.sync.sources import Reading, is_transient
from tests.sync_helpers import (
    AS_OF,
    by_id,
    gsheet_rows,
    make_gsheet,
    make_xlsx,
    options,
    tabs,
    xlsx_rows,
)

D = date
NPS = "day,metric_id,amount\n2026-11-01,K1,52\n2026-11-14,K1,55\n"


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def workbook(name: str, source: str, uses: str = '"nps"') -> str:
    return (f'[[workbooks]]\nname = "{name}"\nsource = "{source}"\n'
            f"as_of = {AS_OF.isoformat()}\nuse = [{uses}]\n")


def config_file(tmp_path: Path, *books: str, **sync: Any) -> Path:
    (tmp_path / "nps.csv").write_text(NPS, encoding="utf-8")
    text = options(**sync) + ('[sources.nps]\ntype = "csv"\npath = "nps.csv"\n'
                              'kpi = "metric_id"\ndate = "day"\nvalue = "amount"\n')
    path = tmp_path / "sync.toml"
    path.write_text(text + "".join(books), encoding="utf-8")
    return path


@pytest.fixture
def google(sheets_api: Any, sheets_api_credentials: Path,
           monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("SHEETS_OKR_API_ENDPOINT", sheets_api.base_url)
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(sheets_api_credentials))
    return sheets_api


def test_rate_limiter_keeps_the_interval_with_a_fake_clock() -> None:
    clock = FakeClock()
    limiter = RateLimiter(1.1, clock=clock, sleep=clock.sleep)
    assert limiter.wait() == 0
    clock.now += 0.5
    assert limiter.wait() == pytest.approx(0.6)
    clock.now += 5
    assert limiter.wait() == 0
    limiter.wait()
    assert clock.slept == [0.6, 1.1]


def test_sixty_writes_take_at_least_a_minute() -> None:
    clock = FakeClock()
    pacer = Pacer(1.1, 1.1, clock=clock, sleep=clock.sleep)
    start = clock.now
    for _ in range(61):
        pacer("write")
        pacer("read")
    assert clock.now - start >= 60
    assert pacer.counts == {"read": 61, "write": 61}


def test_with_retries_backs_off_exponentially() -> None:
    calls: list[int] = []
    slept: list[float] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 4:
            raise sqlalchemy.exc.OperationalError("connect", {}, OSError("refused"))
        return "ok"

    assert with_retries(flaky, retries=3, base_delay=0.5, transient=is_transient,
                        sleep=slept.append) == "ok"
    assert slept == [0.5, 1.0, 2.0]
    calls.clear()
    with pytest.raises(sqlalchemy.exc.OperationalError):
        with_retries(flaky, retries=2, base_delay=0.5, transient=is_transient,
                     sleep=slept.append)
    with pytest.raises(ValueError):
        with_retries(lambda: int("x"), retries=5, base_delay=1, transient=is_transient,
                     sleep=pytest.fail)


def test_a_source_is_retried_then_synced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         caplog: pytest.LogCaptureFixture) -> None:
    make_xlsx(tmp_path / "goals.xlsx", tabs())
    config = load_sync_config(config_file(tmp_path, workbook("goals", "goals.xlsx"),
                                          retries=3, retry_delay=2))
    attempts: list[int] = []

    def flaky(source: Any, settings: Any, redactor: Any = None, pace: Any = None) -> list[Any]:
        attempts.append(1)
        if len(attempts) < 3:
            raise OSError(5, "Input/output error", "/mnt/share/nps.csv")
        return [Reading(D(2026, 11, 1), "K1", 52.0)]

    monkeypatch.setattr(runner_module, "fetch_readings", flaky)
    slept: list[float] = []
    report = run_sync(config, sleep=slept.append)
    assert report.exit_code == 0
    assert slept == [2.0, 4.0]
    assert report.workbooks[0].added == 1
    assert "source 'nps': Input/output error: /mnt/share/nps.csv; retry 1 of 3 in 2.0 s" \
        in caplog.text


def test_a_shared_source_is_fetched_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_xlsx(tmp_path / "a.xlsx", tabs())
    make_xlsx(tmp_path / "b.xlsx", tabs())
    calls: list[str] = []
    real = runner_module.fetch_readings

    def counted(source: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(source.name)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(runner_module, "fetch_readings", counted)
    path = config_file(tmp_path, workbook("a", "a.xlsx"), workbook("b", "b.xlsx"))
    report = run_sync(load_sync_config(path))
    assert calls == ["nps"]
    assert [w.added for w in report.workbooks] == [2, 2]


def test_secrets_never_reach_the_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     caplog: pytest.LogCaptureFixture) -> None:
    password = "pa55-w0rd-xyz"
    monkeypatch.setenv("CRM_PASSWORD", password)
    make_xlsx(tmp_path / "goals.xlsx", tabs())
    path = config_file(
        tmp_path, workbook("goals", "goals.xlsx", '"crm", "echo"'), retries=1, retry_delay=0)
    with path.open("a", encoding="utf-8") as handle:
        handle.write('[sources.crm]\ntype = "sql"\nquery = "SELECT 1"\n'
                     'url = "postgresql+psycopg://okr:${CRM_PASSWORD}@127.0.0.1:1/crm"\n'
                     '[sources.echo]\ntype = "csv"\npath = "x.csv"\n')
    real = runner_module.fetch_readings

    def leaky(source: Any, *args: Any, **kwargs: Any) -> Any:
        if source.name == "echo":
            raise RuntimeError(f"driver said: cannot log in with {password} at db")
        return real(source, *args, **kwargs)

    monkeypatch.setattr(runner_module, "fetch_readings", leaky)
    caplog.set_level(logging.DEBUG, logger="sheets_okr.sync")
    report = run_sync(load_sync_config(path), sleep=lambda s: None)
    assert report.exit_code == 1
    assert "source 'crm' failed: OperationalError" in caplog.text
    assert "okr:***@127.0.0.1:1/crm" in caplog.text
    assert "cannot log in with *** at db" in caplog.text
    assert password not in caplog.text
    assert password not in "".join(r.getMessage() for r in caplog.records)


def test_a_held_excel_workbook_fails_cleanly_and_the_others_go_on(tmp_path: Path) -> None:
    held = make_xlsx(tmp_path / "held.xlsx", tabs())
    make_xlsx(tmp_path / "free.xlsx", tabs())
    path = config_file(tmp_path, workbook("held", "held.xlsx"), workbook("free", "free.xlsx"),
                       lock_timeout=0.2)
    before = held.read_bytes()
    with hold_lock(held):
        result = CliRunner().invoke(cli, ["sync", str(path)])
    assert result.exit_code == 1
    assert "[held] failed, workbook not changed:" in result.stderr
    assert "another sheets-okr run has held this workbook for 0.2 s" in result.stderr
    assert "[free] readings 2 added" in result.stderr
    assert held.read_bytes() == before


def test_a_bad_line_in_an_export_exits_2_and_the_other_workbooks_are_synced(
        tmp_path: Path) -> None:
    make_xlsx(tmp_path / "bad.xlsx", tabs())
    make_xlsx(tmp_path / "good.xlsx", tabs())
    path = config_file(tmp_path, workbook("bad", "bad.xlsx", '"nps", "typo"'),
                       workbook("good", "good.xlsx"))
    (tmp_path / "typo.csv").write_text("day,metric_id,amount\n2026-11-02,K1,52\n"
                                       "2026-11-03,K1,fifty\n", encoding="utf-8")
    with path.open("a", encoding="utf-8") as handle:
        handle.write('[sources.typo]\ntype = "csv"\npath = "typo.csv"\n'
                     'kpi = "metric_id"\ndate = "day"\nvalue = "amount"\n')
    bad_before = (tmp_path / "bad.xlsx").read_bytes()

    result = CliRunner().invoke(cli, ["sync", str(path)])

    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr
    failure = next(line for line in result.stderr.splitlines() if "'typo' failed" in line)
    assert "typo.csv" in failure and "line 3" in failure
    assert "[good] readings 2 added" in result.stderr
    # The failing workbook is still synced from the source that worked (policy "continue").
    assert (tmp_path / "bad.xlsx").read_bytes() != bad_before
    assert by_id(xlsx_rows(tmp_path / "bad.xlsx", "KPIs"), "Latest")["K1"] == 55


def test_bad_input_outranks_a_failure_a_later_run_may_not_meet(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_xlsx(tmp_path / "a.xlsx", tabs())
    make_xlsx(tmp_path / "held.xlsx", tabs())
    (tmp_path / "missing-col.csv").write_text("day,amount\n2026-11-02,3\n", encoding="utf-8")
    path = config_file(tmp_path, workbook("a", "a.xlsx", '"cols"'),
                       workbook("held", "held.xlsx"), lock_timeout=0.2)
    with path.open("a", encoding="utf-8") as handle:
        handle.write('[sources.cols]\ntype = "csv"\npath = "missing-col.csv"\n'
                     'kpi = "metric_id"\ndate = "day"\nvalue = "amount"\n')
    with hold_lock(tmp_path / "held.xlsx"):
        both = run_sync(load_sync_config(path))
        held_only = run_sync(load_sync_config(path), only=("held",))
    assert both.exit_code == 2
    assert [w.bad_input for w in both.workbooks] == [True, False]
    assert held_only.exit_code == 1


def test_which_failures_are_bad_input() -> None:
    from sheets_okr.errors import InputError, RemoteError, WorkbookLocked
    from sheets_okr.sync.runner import is_bad_input
    from sheets_okr.sync.sources import SourceError

    programming = sqlalchemy.exc.ProgrammingError("SELECT * FROM nope", {}, Exception("no"))
    operational = sqlalchemy.exc.OperationalError("SELECT 1", {}, Exception("timeout"))
    assert is_bad_input(SourceError("x.csv: line 3: 'fifty' is not a number"))
    assert is_bad_input(InputError("Tab 'KPIs': no column 'Target'"))
    assert is_bad_input(programming)
    assert not is_bad_input(WorkbookLocked("held"))
    assert not is_bad_input(RemoteError("503 after 3 retries"))
    assert not is_bad_input(operational)
    assert not is_bad_input(OSError(5, "Input/output error"))


def test_a_second_sync_waits_for_the_first(tmp_path: Path) -> None:
    held = make_xlsx(tmp_path / "goals.xlsx", tabs())
    path = config_file(tmp_path, workbook("goals", "goals.xlsx"), lock_timeout=10)
    ready, release = threading.Event(), threading.Event()

    def other_run() -> None:
        with hold_lock(held):
            ready.set()
            release.wait(5)

    thread = threading.Thread(target=other_run)
    thread.start()
    ready.wait(5)
    threading.Timer(0.3, release.set).start()
    started = time.monotonic()
    report = run_sync(load_sync_config(path))
    thread.join()
    assert report.exit_code == 0
    assert time.monotonic() - started >= 0.25
    assert report.workbooks[0].added == 2


def test_a_google_sheet_is_locked_by_its_key(tmp_path: Path, google: Any) -> None:
    key = make_gsheet(google, tabs())
    path = config_file(tmp_path, workbook("sheet", key), lock_timeout=0.2)
    with hold_file_lock(lock_file_for_key(key), 1, key):
        report = run_sync(load_sync_config(path))
    assert report.exit_code == 1
    assert "another sheets-okr run" in (report.workbooks[0].error or "")
    assert google.count("write") == 0


def test_writes_across_workbooks_are_paced(tmp_path: Path, google: Any) -> None:
    keys = [make_gsheet(google, tabs(), title=f"Goals {i}") for i in range(3)]
    path = config_file(tmp_path, *(workbook(f"s{i}", k) for i, k in enumerate(keys)), jobs=1)
    clock = FakeClock()
    writes: list[float] = []

    class Recording(Pacer):
        def __call__(self, kind: str) -> None:
            super().__call__(kind)
            if kind == "write":
                writes.append(clock.now)

    pacer = Recording(0.5, 1.1, clock=clock, sleep=clock.sleep)
    report = Syncer(load_sync_config(path), pacer=pacer).run()
    assert report.exit_code == 0
    assert pacer.counts["write"] == 3 == google.count("write")
    # Between two writes: the ID check after the first write, then the next workbook's
    # read and ID check, 0.5 s apart each; never closer than the 1.1 s write interval.
    assert [round(b - a, 6) for a, b in pairwise(writes)] == [1.5, 1.5]


def test_a_reading_typed_during_the_sync_is_not_overwritten(tmp_path: Path, google: Any) -> None:
    key = make_gsheet(google, tabs())
    path = config_file(tmp_path, workbook("sheet", key))

    def person_types(record: Any, store: Any) -> None:
        store.set_values(key, "KPI History", [["2026-11-05", "K2", 39, "typed"]], start="A4")

    google.on_request(person_types, match="values:batchGet", once=True)
    report = run_sync(load_sync_config(path))
    assert report.exit_code == 0
    assert gsheet_rows(google, key, "KPI History", date_cols=(1,))[3:] == [
        [D(2026, 11, 5), "K2", 39, "typed"], [D(2026, 11, 1), "K1", 52, None],
        [D(2026, 11, 14), "K1", 55, None]]
    assert google.count("write") == 1


def test_dry_run_writes_nothing(tmp_path: Path, google: Any) -> None:
    xlsx = make_xlsx(tmp_path / "goals.xlsx", tabs())
    key = make_gsheet(google, tabs(None))
    path = config_file(tmp_path, workbook("excel", "goals.xlsx"), workbook("sheet", key))
    before = xlsx.read_bytes()
    result = CliRunner().invoke(cli, ["sync", str(path), "--dry-run"])
    assert result.exit_code == 0, result.stderr
    assert "[excel] dry run: readings 2 to add, 0 to update" in result.stderr
    assert "[sheet] dry run: readings 2 to add" in result.stderr
    assert "cells would change" in result.stderr
    assert xlsx.read_bytes() == before
    assert google.count("write") == 0


def test_only_syncs_the_named_workbook(tmp_path: Path) -> None:
    a = make_xlsx(tmp_path / "a.xlsx", tabs())
    b = make_xlsx(tmp_path / "b.xlsx", tabs())
    path = config_file(tmp_path, workbook("a", "a.xlsx"), workbook("b", "b.xlsx"))
    before = b.read_bytes()
    result = CliRunner().invoke(cli, ["sync", str(path), "--only", "a"])
    assert result.exit_code == 0
    assert "[a] readings 2 added" in result.stderr and "[b]" not in result.stderr
    assert b.read_bytes() == before and len(xlsx_rows(a, "KPI History")) == 5


def test_a_missing_history_tab_is_created_in_excel(tmp_path: Path) -> None:
    xlsx = make_xlsx(tmp_path / "goals.xlsx", tabs(None))
    path = config_file(tmp_path, workbook("goals", "goals.xlsx"))
    first = CliRunner().invoke(cli, ["sync", str(path)])
    assert first.exit_code == 0, first.stderr
    assert "[goals] created the KPI History tab" in first.stderr
    assert xlsx_rows(xlsx, "KPI History") == [["Date", "KPI", "Value", "Note"],
                                              [D(2026, 11, 1), "K1", 52, None],
                                              [D(2026, 11, 14), "K1", 55, None]]
    assert by_id(xlsx_rows(xlsx, "KPIs"), "Latest")["K1"] == 55
    before = xlsx.read_bytes()
    second = CliRunner().invoke(cli, ["sync", str(path)])
    assert "0 cells written" in second.stderr and xlsx.read_bytes() == before


def test_a_missing_history_tab_is_created_in_a_google_sheet(tmp_path: Path, google: Any) -> None:
    key = make_gsheet(google, tabs(None))
    path = config_file(tmp_path, workbook("sheet", key))
    assert run_sync(load_sync_config(path)).exit_code == 0
    assert gsheet_rows(google, key, "KPI History", date_cols=(1,)) == [
        ["Date", "KPI", "Value", "Note"], [D(2026, 11, 1), "K1", 52, None],
        [D(2026, 11, 14), "K1", 55, None]]
    cell = google.store.get_cell(key, "KPI History", "A2")
    assert cell["userEnteredFormat"]["numberFormat"]["type"] == "DATE"
    google.clear_log()
    report = run_sync(load_sync_config(path))
    assert report.workbooks[0].cells_written == 0 and google.count("write") == 0


def test_unknown_kpis_are_reported(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    make_xlsx(tmp_path / "goals.xlsx", tabs())
    path = config_file(tmp_path, workbook("goals", "goals.xlsx"))
    (tmp_path / "nps.csv").write_text(NPS + "2026-11-02,K7,1\n", encoding="utf-8")
    config = load_sync_config(path)
    report = run_sync(config)
    assert report.exit_code == 0 and report.workbooks[0].unknown == {"K7": 1}
    assert "[goals] left out 1 reading of K7: not on the KPIs tab" in caplog.text


def test_log_lines_for_cron_and_journald(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.delenv("JOURNAL_STREAM", raising=False)
    handler = setup_logging(stream=stream)
    try:
        LOG.info("[goals] readings 1 added")
        LOG.debug("hidden")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} INFO \[goals\] readings 1 "
                            r"added\n", stream.getvalue())
        monkeypatch.setenv("JOURNAL_STREAM", "8:1234")
        quiet = io.StringIO()
        handler = setup_logging(quiet=True, stream=quiet)
        LOG.info("not shown")
        LOG.warning("shown")
        assert quiet.getvalue() == "WARNING shown\n"
        assert stream.getvalue().count("\n") == 1
    finally:
        LOG.removeHandler(handler)
        LOG.setLevel(logging.NOTSET)


def test_progress_bar_only_for_a_person_at_a_terminal(tmp_path: Path) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert watching(Tty()) and not watching(io.StringIO())
    with progress_bar(3, enabled=False) as advance:
        assert advance is None
    make_xlsx(tmp_path / "goals.xlsx", tabs())
    path = config_file(tmp_path, workbook("goals", "goals.xlsx"))
    result = CliRunner().invoke(cli, ["sync", str(path)])
    assert "Syncing" not in result.stderr and result.stdout == ""


def test_the_collector_runs_rarely_while_syncing_and_as_before_after(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    make_xlsx(tmp_path / "goals.xlsx", tabs())
    config = load_sync_config(config_file(tmp_path, workbook("goals", "goals.xlsx")))
    seen: list[int] = []
    real = runner_module.sync_book

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_threshold()[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(runner_module, "sync_book", watched)
    before = gc.get_threshold()
    assert run_sync(config).exit_code == 0
    assert seen and seen[0] >= 100_000 > before[0]
    assert gc.get_threshold() == before
