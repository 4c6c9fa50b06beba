"""Several Google Sheets synced at once, over real HTTP against the local Sheets API
server: the same workbooks as one at a time, every request paced within the quotas the
server sees, one access token for the whole run, and the planning done in turns."""

from __future__ import annotations

import itertools
import logging
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from sheets_okr.io.gsheets import client as client_module
from sheets_okr.sync import Syncer, cycle, load_sync_config
from sheets_okr.sync.limits import RateLimiter
from tests.sync_helpers import AS_OF, make_gsheet, options, tabs

READINGS = ("day,metric_id,amount\n2026-10-01,K1,46\n2026-11-01,K1,52\n"
            "2026-11-14,K1,55\n2026-11-14,K2,33\n")


def sync_config(folder: Path, keys: list[str], **sync: Any) -> Path:
    """A config syncing ``keys`` (named team0, team1, ...) from one CSV export."""
    folder.mkdir(exist_ok=True)
    (folder / "readings.csv").write_text(READINGS, encoding="utf-8")
    text = options(**sync) + ('[sources.export]\ntype = "csv"\npath = "readings.csv"\n'
                              'kpi = "metric_id"\ndate = "day"\nvalue = "amount"\n')
    for n, key in enumerate(keys):
        text += (f'[[workbooks]]\nname = "team{n}"\nsource = "{key}"\n'
                 f'as_of = {AS_OF.isoformat()}\nuse = ["export"]\n')
    path = folder / "sync.toml"
    path.write_text(text, encoding="utf-8")
    return path


def busiest(times: list[float], window: float) -> int:
    """The most of ``times`` within any ``window`` seconds."""
    times = sorted(times)
    return max((sum(1 for t in times if s <= t < s + window) for s in times), default=0)


def contents(server: Any, key: str) -> dict[str, list[list[Any]]]:
    """Every tab's values, by title."""
    sheets = server.store.spreadsheet(key).sheets
    return {s.properties["title"]: server.store.get_values(key, s.properties["title"])
            for s in sheets}


def test_eight_at_a_time_write_what_one_at_a_time_writes(tmp_path: Path,
                                                         server: Any) -> None:
    alone = [make_gsheet(server, tabs(), title=f"Alone {n}") for n in range(10)]
    pooled = [make_gsheet(server, tabs(), title=f"Pooled {n}") for n in range(10)]
    server.latency = 0.02
    try:
        one = Syncer(load_sync_config(sync_config(tmp_path / "one", alone)), jobs=1).run()
        eight = Syncer(load_sync_config(sync_config(tmp_path / "eight", pooled)),
                       jobs=8).run()
    finally:
        server.latency = 0.0
    assert one.exit_code == eight.exit_code == 0
    assert [w.name for w in eight.workbooks] == [f"team{n}" for n in range(10)]
    assert [asdict(w) for w in eight.workbooks] == [asdict(w) for w in one.workbooks]
    assert [(w.added, w.updated) for w in eight.workbooks] == [(3, 1)] * 10
    first = contents(server, alone[0])
    assert len(first["KPI History"]) == 6 and "Flags" in first
    for a, b in zip(alone, pooled, strict=True):
        assert contents(server, b) == contents(server, a)


def test_a_pool_keeps_to_the_quotas_the_server_counts(tmp_path: Path, server: Any,
                                                      monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    # The quota's minute shortened to a second, so that the run spans several of them.
    monkeypatch.setattr(RateLimiter, "WINDOW", 1.0)
    client_module._credentials.cache_clear()  # a run starting with no access token
    keys = [make_gsheet(server, tabs(), title=f"Team {n}") for n in range(4)]
    server.clear_log()
    server.latency = 0.02
    try:
        syncer = Syncer(load_sync_config(sync_config(tmp_path, keys, read_quota=4,
                                                     write_quota=3)), jobs=4)
        start = time.monotonic()
        report = syncer.run()
        took = time.monotonic() - start
    finally:
        server.latency = 0.0
    assert report.exit_code == 0
    reads = [r.at for r in server.requests_log if r.kind == "read"]
    writes = [r.at for r in server.requests_log if r.kind == "write"]
    assert (len(reads), len(writes)) == (12, 4)
    assert syncer.pacer.counts == {"read": 12, "write": 4}
    # Unpaced, the four workbooks' 12 reads would all come within a fraction of a second.
    assert busiest(reads, 0.6) <= 4 and busiest(writes, 0.6) <= 3
    assert took >= 2.0
    assert server.count("auth") == 1


def test_workbooks_are_planned_in_turns(tmp_path: Path, server: Any,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    keys = [make_gsheet(server, tabs(), title=f"Team {n}") for n in range(4)]
    spans: list[tuple[float, float, str]] = []
    real = cycle.analyse_model

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            spans.append((start, time.perf_counter(), threading.current_thread().name))

    monkeypatch.setattr(cycle, "analyse_model", timed)
    server.latency = 0.05
    try:
        report = Syncer(load_sync_config(sync_config(tmp_path, keys)), jobs=4).run()
    finally:
        server.latency = 0.0
    assert report.exit_code == 0
    assert len(spans) == 4 and len({name for _, _, name in spans}) == 4
    spans.sort()
    assert all(end <= later for (_, end, _), (later, _, _) in itertools.pairwise(spans))


def test_more_jobs_than_ten_keep_their_connections(tmp_path: Path, server: Any,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    keys = [make_gsheet(server, tabs(), title=f"Team {n}") for n in range(12)]
    server.latency = 0.1
    try:
        with caplog.at_level(logging.WARNING, logger="urllib3"):
            report = Syncer(load_sync_config(sync_config(tmp_path, keys)), jobs=12).run()
    finally:
        server.latency = 0.0
    assert report.exit_code == 0 and len(report.workbooks) == 12
    assert not [r for r in caplog.records if "pool is full" in r.getMessage()]
