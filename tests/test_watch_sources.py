"""What ``watch`` is given: a sync config's workbooks, settings and lock timeout are used;
a --lock-timeout given on the command line wins; plain workbooks keep the default."""

from __future__ import annotations

from pathlib import Path

from sheets_okr.config import Settings
from sheets_okr.watch.sources import DEFAULT_LOCK_TIMEOUT, watched

CONFIG = """
min_krs = 3

[sync]
lock_timeout = 600

[[workbooks]]
name = "support"
source = "support.xlsx"

[[workbooks]]
name = "sales"
source = "https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit"
"""


def test_a_sync_config_gives_its_workbooks_settings_and_lock_timeout(tmp_path: Path) -> None:
    config = tmp_path / "sync.toml"
    config.write_text(CONFIG, encoding="utf-8")
    plan = watched([str(config)], Settings())
    assert [name for name, _ in plan.named] == ["support", "sales"]
    assert plan.settings.min_krs == 3
    assert plan.lock_timeout == 600


def test_the_command_lines_lock_timeout_wins(tmp_path: Path) -> None:
    config = tmp_path / "sync.toml"
    config.write_text(CONFIG, encoding="utf-8")
    assert watched([str(config)], Settings(), lock_timeout=5).lock_timeout == 5


def test_a_plain_workbook_keeps_the_default(tmp_path: Path) -> None:
    plan = watched(["goals.xlsx"], Settings())
    assert plan.named == [("goals.xlsx", "goals.xlsx")]
    assert plan.lock_timeout == DEFAULT_LOCK_TIMEOUT
