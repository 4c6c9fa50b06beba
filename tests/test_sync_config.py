"""The sync config file: parsing, defaults, and validation messages naming file and key."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from sheets_okr.cli import cli
from sheets_okr.errors import UsageError
from sheets_okr.sync.config import SyncOptions, load_sync_config

GOOD = """
min_krs = 1

[sync]
write_interval = 2
retries = 5
on_source_error = "skip-workbook"

[sources.crm]
type = "sql"
url = "postgresql+psycopg://app:${CRM_PASSWORD}@db.internal/crm"
query = "SELECT metric, day, amount FROM readings"
kpi = "metric"
date = "day"
value = "amount"

[[workbooks]]
name = "support"
source = "okrs/support.xlsx"
as_of = 2026-11-15
use = ["crm"]

[[workbooks.sources]]
type = "csv"
path = "exports/*.csv"
kpi_id = "K1"
date = "Day"
value = "NPS"
day_first = true

[[workbooks]]
name = "sales"
source = "https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit"
sources = ["crm", { type = "sheet", source = "targets.xlsx", range = "'Weekly KPIs'!A3:D" }]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sync.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_full_config_is_read(tmp_path: Path) -> None:
    config = load_sync_config(write(tmp_path, GOOD))

    support, sales = config.workbooks
    assert support.source == str(tmp_path / "okrs" / "support.xlsx")
    assert support.as_of == date(2026, 11, 15)
    assert [s.name for s in support.sources] == ["support#1", "crm"]
    csv_source = support.sources[0]
    assert (csv_source.type, csv_source.path, csv_source.kpi_id) == ("csv", "exports/*.csv", "K1")
    assert (csv_source.date, csv_source.value, csv_source.day_first) == ("Day", "NPS", True)
    assert csv_source.base_dir == tmp_path
    assert sales.is_gsheet and sales.as_of is None
    assert sales.sources[0] is config.workbooks[0].sources[1]
    assert sales.sources[1].range == "'Weekly KPIs'!A3:D"
    assert config.options == SyncOptions(write_interval=2.0, retries=5,
                                         on_source_error="skip-workbook")
    assert config.settings.min_krs == 1
    assert [w.name for w in config.select(["sales"])] == ["sales"]


def test_defaults(tmp_path: Path) -> None:
    config = load_sync_config(write(tmp_path, '[[workbooks]]\nname = "a"\nsource = "a.xlsx"\n'))
    options = config.options
    assert (options.read_quota, options.write_quota, options.jobs) == (54, 54, 4)
    assert (options.read_interval, options.write_interval) == (0.0, 0.0)
    assert options.on_source_error == "continue"
    assert config.workbooks[0].sources == ()
    assert config.workbooks[0].unknown_kpis == "skip"


@pytest.mark.parametrize(("text", "message"), [
    ("", "workbooks: list at least one workbook"),
    ('[[workbooks]]\nname = "a"\n', "workbooks[0] ('a').source: is required"),
    ('[[workbooks]]\nname = "a"\nsource = "a.xlsx"\ncolour = 1\n',
     "workbooks[0]: unknown key 'colour'"),
    ('[[workbooks]]\nname = "a"\nsource = "a.csv"\n',
     "workbooks[0] ('a').source: 'a.csv' is neither an Excel workbook"),
    ('[[workbooks]]\nname = "a"\nsource = "a.xlsx"\n[[workbooks]]\nname = "a"\n'
     'source = "b.xlsx"\n', "two workbooks are named 'a'"),
    ('[[workbooks]]\nname = "a"\nsource = "a.xlsx"\nuse = ["nope"]\n',
     "workbooks[0] ('a').use: no source named 'nope'"),
    ('[[workbooks]]\nname = "a"\nsource = "a.xlsx"\nas_of = "soon"\n',
     "workbooks[0] ('a').as_of: must be a date"),
    ('[[workbooks]]\nname = "a"\nsource = "a.xlsx"\n[[workbooks.sources]]\ntype = "cvs"\n',
     "workbooks[0] ('a').sources[0].type: 'cvs' is not one of csv, excel, sheet, sql"),
    ('[[workbooks]]\nname = "a"\nsource = "a.xlsx"\n[[workbooks.sources]]\ntype = "csv"\n',
     "sources[0].path: a csv source needs path"),
    ('[[workbooks]]\nname = "a"\nsource = "a.xlsx"\n[[workbooks.sources]]\ntype = "csv"\n'
     'path = "x.csv"\nkpi = "metric"\nkpi_id = "K1"\n', "either kpi"),
    ('[[workbooks]]\nname = "a"\nsource = "a.xlsx"\n[[workbooks.sources]]\ntype = "sql"\n'
     'path = "x.db"\n', "sources[0].query: a sql source needs a query"),
    ('[[workbooks]]\nname = "a"\nsource = "a.xlsx"\n[[workbooks.sources]]\ntype = "sql"\n'
     'query = "select 1"\n', "needs exactly one of url"),
    ('[[workbooks]]\nname = "a"\nsource = "a.xlsx"\n[[workbooks.sources]]\ntype = "sheet"\n'
     'source = "b.xlsx"\nrange = "A1:"\n', "sources[0].range: 'A1:' is not a range"),
    ('[sync]\nretries = -1\n[[workbooks]]\nname = "a"\nsource = "a.xlsx"\n',
     "sync.retries: must be a whole number >= 0"),
    ('[sync]\njobs = 0\n[[workbooks]]\nname = "a"\nsource = "a.xlsx"\n',
     "sync.jobs: must be a whole number >= 1"),
    ('[sync]\nread_quota = 2.5\n[[workbooks]]\nname = "a"\nsource = "a.xlsx"\n',
     "sync.read_quota: must be a whole number >= 1"),
    ('[sync]\nwrite_interval = "fast"\n[[workbooks]]\nname = "a"\nsource = "a.xlsx"\n',
     "sync.write_interval: must be a number of seconds"),
    ('[sync]\non_source_error = "panic"\n[[workbooks]]\nname = "a"\nsource = "a.xlsx"\n',
     "sync.on_source_error: 'panic' is not one of continue, skip-workbook"),
    ('min_kr = 3\n[[workbooks]]\nname = "a"\nsource = "a.xlsx"\n',
     "unknown setting 'min_kr'"),
    ("[[workbooks]\n", "not valid TOML"),
])
def test_mistakes_name_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(UsageError) as err:
        load_sync_config(path)
    assert str(path) in str(err.value)
    assert message in str(err.value)


@pytest.mark.parametrize("url", [
    "postgresql://app:hunter2@db/kpi",
    "postgresql://app:hunter2${SUFFIX}@db/kpi",
    "mysql+pymysql://app@db/kpi?password=hunter2",
])
def test_a_password_in_clear_text_is_refused(tmp_path: Path, url: str) -> None:
    path = write(tmp_path, f'[sources.db]\ntype = "sql"\nurl = "{url}"\nquery = "select 1"\n'
                           '[[workbooks]]\nname = "a"\nsource = "a.xlsx"\nuse = ["db"]\n')
    with pytest.raises(UsageError) as err:
        load_sync_config(path)
    assert "sources.db.url: holds a password in clear text" in str(err.value)
    assert "hunter2" not in str(err.value)


def test_passwords_from_the_environment_are_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, '[sources.db]\ntype = "sql"\nurl_env = "KPI_DB_URL"\n'
                           'query = "select 1"\n[sources.pg]\ntype = "sql"\nquery = "select 1"\n'
                           'url = "postgresql://app:${PGPASSWORD}@db/kpi"\n'
                           '[[workbooks]]\nname = "a"\nsource = "a.xlsx"\nuse = ["db", "pg"]\n')
    assert [s.name for s in load_sync_config(path).workbooks[0].sources] == ["db", "pg"]


def test_settings_can_live_in_another_file(tmp_path: Path) -> None:
    (tmp_path / "sheets-okr.toml").write_text("max_krs = 7\n", encoding="utf-8")
    path = write(tmp_path, '[sync]\nsettings = "sheets-okr.toml"\n'
                           '[[workbooks]]\nname = "a"\nsource = "a.xlsx"\n')
    assert load_sync_config(path).settings.max_krs == 7


def test_unknown_only_name_is_a_usage_error(tmp_path: Path) -> None:
    config = load_sync_config(write(tmp_path, GOOD))
    with pytest.raises(UsageError, match="no workbook named 'ops'"):
        config.select(["ops"])


def test_cli_exits_2_with_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[[workbooks]]\nname = "a"\n')
    result = CliRunner().invoke(cli, ["sync", str(path)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"Error: {path}: workbooks[0] ('a').source: is required"]
    missing = CliRunner().invoke(cli, ["sync", str(tmp_path / "nope.toml")])
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    only = CliRunner().invoke(cli, ["sync", str(write(tmp_path, GOOD)), "--only", "ops"])
    assert only.exit_code == 2 and "no workbook named 'ops'" in only.stderr
