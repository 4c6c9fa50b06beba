"""Many workbooks: synced several at a time under one shared per-minute rate limit, and
split into shards that scheduled jobs or hosts take one each."""

from __future__ import annotations

import itertools
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sheets_okr.cli import cli
from sheets_okr.errors import UsageError
from sheets_okr.sync import Shard, Syncer, load_sync_config
from sheets_okr.sync.limits import Pacer, RateLimiter
from tests.sync_helpers import AS_OF, make_gsheet, make_xlsx, options, tabs

NPS = "day,metric_id,amount\n2026-11-01,K1,52\n2026-11-14,K1,55\n"


class StillClock:
    """A clock that stands still; each sleep records when the sleeper would wake."""

    def __init__(self) -> None:
        self.now = 0.0
        self.wakes: list[float] = []
        self.lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.wakes.append(self.now + seconds)


def test_a_quota_is_never_exceeded_in_any_minute() -> None:
    clock = StillClock()
    limiter = RateLimiter(per_minute=54, clock=clock, sleep=clock.sleep)
    starts = [clock.now + limiter.wait() for _ in range(200)]
    assert starts[:54] == [0.0] * 54
    assert starts[54:108] == [RateLimiter.WINDOW] * 54
    assert RateLimiter.WINDOW > 60
    assert max(sum(1 for t in starts if s <= t < s + 60) for s in starts) == 54


def test_threads_share_one_limit_and_take_turns() -> None:
    clock = StillClock()
    pacer = Pacer(read_interval=0.5, read_quota=10, clock=clock, sleep=clock.sleep)
    limiter = pacer.limits["read"]
    starts: list[float] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(25):
            start = clock.now + limiter.wait()
            with lock:
                starts.append(start)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    starts.sort()
    assert len(starts) == 200
    assert all(b - a >= 0.5 - 1e-9 for a, b in itertools.pairwise(starts))
    assert max(sum(1 for t in starts if s <= t < s + 60) for s in starts) == 10


def config(tmp_path: Path, sources: list[str], **sync: Any) -> Path:
    (tmp_path / "nps.csv").write_text(NPS, encoding="utf-8")
    text = options(**sync) + ('[sources.nps]\ntype = "csv"\npath = "nps.csv"\n'
                              'kpi = "metric_id"\ndate = "day"\nvalue = "amount"\n')
    for n, source in enumerate(sources):
        text += (f'[[workbooks]]\nname = "team{n}"\nsource = "{source}"\n'
                 f'as_of = {AS_OF.isoformat()}\nuse = ["nps"]\n')
    path = tmp_path / "sync.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_workbooks_are_synced_several_at_a_time(tmp_path: Path, sheets_api: Any,
                                                sheets_api_credentials: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHEETS_OKR_API_ENDPOINT", sheets_api.base_url)
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(sheets_api_credentials))
    keys = [make_gsheet(sheets_api, tabs(), title=f"Team {n}") for n in range(6)]
    sheets_api.latency = 0.1
    busy, most = [0], [0]
    lock = threading.Lock()
    real = Syncer.sync_workbook

    def counted(self: Syncer, wb: Any) -> Any:
        with lock:
            busy[0] += 1
            most[0] = max(most[0], busy[0])
        try:
            return real(self, wb)
        finally:
            with lock:
                busy[0] -= 1

    monkeypatch.setattr(Syncer, "sync_workbook", counted)
    try:
        report = Syncer(load_sync_config(config(tmp_path, keys)), jobs=3).run()
    finally:
        sheets_api.latency = 0.0
    assert report.exit_code == 0
    assert [w.name for w in report.workbooks] == [f"team{n}" for n in range(6)]
    assert [w.added for w in report.workbooks] == [2] * 6
    assert most[0] == 3
    assert sheets_api.count("write") == 6


def test_shards_split_the_workbooks_the_same_way_every_time() -> None:
    names = [f"team-{n}" for n in range(40)]
    shards = [Shard(i, 3) for i in (1, 2, 3)]
    taken = [[n for n in names if shard.holds(n)] for shard in shards]
    assert sorted(sum(taken, [])) == sorted(names)
    assert all(taken) and taken == [[n for n in names if s.holds(n)] for s in shards]
    assert Shard.parse(" 2 / 3 ") == Shard(2, 3)
    for bad in ("3", "0/2", "3/2", "a/b"):
        with pytest.raises(UsageError, match="--shard"):
            Shard.parse(bad)


def test_cli_shard_and_jobs(tmp_path: Path) -> None:
    books = [make_xlsx(tmp_path / f"team{n}.xlsx", tabs()) for n in range(5)]
    path = config(tmp_path, [b.name for b in books])
    synced: set[str] = set()
    for index in (1, 2):
        before = {b.name: b.read_bytes() for b in books}
        result = CliRunner().invoke(cli, ["sync", str(path), "--shard", f"{index}/2",
                                          "--jobs", "2", "--as-of", AS_OF.isoformat()])
        assert result.exit_code == 0, result.output
        changed = {b.name for b in books if b.read_bytes() != before[b.name]}
        assert changed == {f"team{n}.xlsx" for n in range(5)
                           if Shard(index, 2).holds(f"team{n}")}
        assert not changed & synced
        synced |= changed
    assert synced == {b.name for b in books}
    bad = CliRunner().invoke(cli, ["sync", str(path), "--shard", "3/2"])
    assert bad.exit_code == 2 and "I must be between 1 and N" in bad.output


def test_one_job_keeps_the_order_and_the_thread(tmp_path: Path) -> None:
    books = [make_xlsx(tmp_path / f"team{n}.xlsx", tabs()) for n in range(3)]
    threads: list[str] = []
    real = Syncer.sync_workbook

    def recorded(self: Syncer, wb: Any) -> Any:
        threads.append(threading.current_thread().name)
        return real(self, wb)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Syncer, "sync_workbook", recorded)
        report = Syncer(load_sync_config(config(tmp_path, [b.name for b in books], jobs=1))
                        ).run()
    assert report.exit_code == 0
    assert threads == [threading.current_thread().name] * 3
