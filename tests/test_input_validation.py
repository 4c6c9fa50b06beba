"""Wrong input is refused, never silently taken: an unknown rule code, an empty or invalid
--as-of; rule codes read one way on the command line, in the config and in the Ignore
column; text dates read the same way on every tab, with a hint naming day_first."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from sheets_okr.cli import cli
from sheets_okr.io.xlsx.create import create_workbook
from sheets_okr.model import Grid, RawBook
from sheets_okr.run import analyse_book
from sheets_okr.templates import example_tables
from tests.conftest import AS_OF


def run(*args: object, **kwargs):
    return CliRunner().invoke(cli, [str(a) for a in args], **kwargs)


def broken_workbook(path: Path) -> Path:
    """The example with one error-severity flag: KR2's Target is unreadable."""
    tables = example_tables(AS_OF)
    kr = tables["Key Results"]
    kr[2][kr[0].index("Target")] = "lots"
    create_workbook(path, tables)
    return path


@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("code", ["OKR999", "FOO", "OKR2"])
def test_an_unknown_rule_code_is_exit_2(tmp_path: Path, option: str, code: str) -> None:
    book = broken_workbook(tmp_path / "goals.xlsx")
    result = run("check", book, option, code)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {option}: {code} is not a rule code (rules run "
                                    "from OKR101 to OKR")


def test_an_unknown_code_in_the_config_is_exit_2(tmp_path: Path) -> None:
    book = broken_workbook(tmp_path / "goals.xlsx")
    config = tmp_path / "sheets-okr.toml"
    config.write_text('ignore = ["OKR107", "OKR1O7"]\n', encoding="utf-8")
    result = run("check", book, "--config", config)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {config}: setting 'ignore': OKR1O7 is not a rule "
                                    "code")


@pytest.mark.parametrize("spelled", ["OKR116;OKR107", "OKR116, OKR107", "okr116 okr107",
                                     "OKR116,OKR107"])
def test_codes_are_read_the_same_on_the_command_line_in_config_and_in_the_ignore_column(
        tmp_path: Path, spelled: str) -> None:
    book = broken_workbook(tmp_path / "goals.xlsx")
    cli_codes = json.loads(run("check", book, "--as-of", "2026-11-15", "--format", "json",
                               "--select", spelled).stdout)
    assert {f["code"] for f in cli_codes} == {"OKR116", "OKR107"}

    config = tmp_path / "sheets-okr.toml"
    config.write_text(f'select = "{spelled}"\n', encoding="utf-8")
    from_config = json.loads(run("check", book, "--as-of", "2026-11-15", "--format", "json",
                                 "--config", config).stdout)
    assert from_config == cli_codes

    tables = example_tables(AS_OF)
    kr = tables["Key Results"]
    kr[0].append("Ignore")
    kr[2][kr[0].index("Target")] = "lots"
    kr[2] += [None] * (len(kr[0]) - 1 - len(kr[2])) + [spelled]
    silenced = tmp_path / "silenced.xlsx"
    create_workbook(silenced, tables)
    flags = json.loads(run("check", silenced, "--as-of", "2026-11-15", "--format",
                           "json").stdout)
    assert not [f for f in flags if f["item"] == "KR2" and f["code"] in ("OKR116", "OKR107")]
    assert [f for f in flags if f["code"] == "OKR107"]


@pytest.mark.parametrize("value", ["", "  ", "soon", "2026-13-45", "31/31/2026"])
def test_an_empty_or_invalid_as_of_is_exit_2(example_xlsx: Path, value: str) -> None:
    result = run("check", example_xlsx, "--as-of", value)
    assert result.exit_code == 2
    assert f"'{value}' is not a date (use YYYY-MM-DD)" in result.output
    assert "Traceback" not in result.output


def flags_of(tables: dict[str, list[list]]) -> list:
    book = RawBook({t: Grid(t, [list(r) for r in rows]) for t, rows in tables.items()},
                   source="test")
    return analyse_book(book, AS_OF)


def test_text_dates_read_the_same_way_on_every_tab() -> None:
    tables = example_tables(AS_OF)
    objectives = tables["Objectives"]
    header = next(i for i, r in enumerate(objectives) if "ID" in r)
    objectives[header].append("End")
    for row in objectives[header + 1:]:
        if row:
            row += [None] * (len(objectives[header]) - 1 - len(row)) + ["31/12/2026"]
    kr = tables["Key Results"]
    kr[0].append("Due")
    for i, row in enumerate(kr[1:]):
        # The tab alone ties (one date day-first, one month-first): read month-first,
        # 31/12/2026 was unreadable here while read on Objectives. The workbook says
        # day-first.
        due = {0: "31/12/2026", 1: "12/30/2026"}.get(i, "2026-12-15")
        row += [None] * (len(kr[0]) - 1 - len(row)) + [due]
    analysis = flags_of(tables)
    ends = analysis.model.tables["objectives"].frame["end"].dropna().dt.date.unique().tolist()
    dues = analysis.model.tables["key_results"].frame["due"].tolist()
    assert ends == [date(2026, 12, 31)]
    assert dues[0].date() == date(2026, 12, 31)
    assert dues[2].date() == date(2026, 12, 15)
    unreadable = [f for f in analysis.flags if f.code == "OKR116"]
    assert [(f.tab, f.item) for f in unreadable] == [("Key Results", "KR2")]
    assert "day_first" in unreadable[0].hint
    assert "31/12/2026" in unreadable[0].hint and "2026-12-31" in unreadable[0].hint


def test_an_unreadable_number_has_no_date_hint() -> None:
    tables = example_tables(AS_OF)
    kr = tables["Key Results"]
    kr[2][kr[0].index("Target")] = "lots"
    unreadable = [f for f in flags_of(tables).flags if f.code == "OKR116"]
    assert len(unreadable) == 1
    assert "day_first" not in unreadable[0].hint
