"""Configuration: where it is found, what it may hold, and what it changes."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from sheets_okr.cli import cli
from sheets_okr.config import Settings
from sheets_okr.config_file import load_settings
from sheets_okr.errors import UsageError

from .conftest import AS_OF

OBJECTIVES = [
    ["ID", "Objective", "Owner", "Period"],
    ["O1", "Delight customers", "Ana", "2026-Q4"],
    ["O2", "Grow revenue", "Ben", "2026-Q4"],
]
KEY_RESULTS = [
    ["ID", "Objective", "Key Result", "Owner", "Baseline", "Target", "Current", "Updated"],
    ["KR1", "O1", "Sign 10 partners", "Ana", 0, 10, 2, AS_OF - timedelta(days=20)],
    ["KR2", "O2", "Sign 10 partners", "Ben", 0, 10, 2, AS_OF - timedelta(days=1)],
    ["KR3", "O2", "Reach 200 paying customers", "Ben", 100, 200, 175,
     AS_OF - timedelta(days=1)],
    ["KR4", "O2", "Raise NPS from 40 to 60", None, 40, 60, 50, AS_OF - timedelta(days=1)],
]
KPIS = [
    ["ID", "KPI", "Owner", "Team"],
    ["K1", "Net promoter score", "Ana", "Support"],
    ["K2", "Average reply time", "Ana", "Support"],
    ["K3", "First response time", "Ana", "Support"],
]
THRESHOLDS = """\
min_krs = 1
max_krs = 2
max_kpis_per_team = 2
kr_stale_days = 10
"""


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def workbook(make_workbook) -> Path:
    return make_workbook({"Objectives": OBJECTIVES, "Key Results": KEY_RESULTS, "KPIs": KPIS})


def flagged(path: Path, *args: str) -> list[tuple[str, str]]:
    result = run("check", path, "--as-of", "2026-11-15", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return [(f["code"], f["cell"]) for f in json.loads(result.stdout)]


# where the configuration is found ---------------------------------------------------------


def test_no_configuration_gives_the_defaults(tmp_path: Path) -> None:
    assert load_settings(start=tmp_path) == Settings()


def test_sheets_okr_toml_found_from_a_subfolder(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sheets-okr.toml").write_text('min_krs = 3\nselect = ["OKR1"]\n')
    deep = tmp_path / "team" / "q4"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    settings = load_settings()
    assert (settings.min_krs, settings.max_krs, settings.select) == (3, 5, ("OKR1",))


def test_sheets_okr_table_inside_sheets_okr_toml(tmp_path: Path) -> None:
    (tmp_path / "sheets-okr.toml").write_text("[sheets-okr]\nmax_krs = 4\n")
    assert load_settings(start=tmp_path).max_krs == 4


def test_tool_table_in_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "goals"\n\n[tool.sheets-okr]\nmax-kpis-per-team = 3\n'
        'ignore = "OKR107, OKR110"\n')
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert (settings.max_kpis_per_team, settings.ignore) == (3, ("OKR107", "OKR110"))


def test_pyproject_without_the_table_is_passed_over(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sheets-okr.toml").write_text("kr_stale_days = 14\n")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "other"\n')
    monkeypatch.chdir(inner)
    assert load_settings().kr_stale_days == 14


def test_the_nearest_configuration_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sheets-okr.toml").write_text("min_krs = 1\n")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[tool.sheets-okr]\nmin_krs = 4\n")
    monkeypatch.chdir(inner)
    assert load_settings().min_krs == 4
    (inner / "sheets-okr.toml").write_text("min_krs = 3\n")
    assert load_settings().min_krs == 3


def test_explicit_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sheets-okr.toml").write_text("min_krs = 1\n")
    other = tmp_path / "elsewhere" / "strict.toml"
    other.parent.mkdir()
    other.write_text("min_krs = 4\nmax_krs = 4\n")
    monkeypatch.chdir(tmp_path)
    assert (load_settings(other).min_krs, load_settings(other).max_krs) == (4, 4)
    assert load_settings().min_krs == 1


def test_explicit_pyproject_reads_its_tool_table(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "goals"\n\n[tool.sheets-okr]\nmin_krs = 3\n')
    assert load_settings(pyproject).min_krs == 3
    pyproject.write_text('[project]\nname = "goals"\n')
    with pytest.raises(UsageError) as caught:
        load_settings(pyproject)
    assert str(caught.value) == f"{pyproject}: no [tool.sheets-okr] table"


# what it may hold -----------------------------------------------------------------------


def test_unknown_key_names_the_key_and_the_file(tmp_path: Path) -> None:
    (tmp_path / "sheets-okr.toml").write_text("min_krs = 2\nmax_kr = 4\n")
    with pytest.raises(UsageError) as caught:
        load_settings(start=tmp_path)
    assert str(caught.value) == f"{tmp_path.resolve() / 'sheets-okr.toml'}: unknown setting " \
                                "'max_kr'"


def test_unknown_key_in_pyproject_names_the_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.sheets-okr]\nstale_days = 4\n")
    with pytest.raises(UsageError) as caught:
        load_settings(start=tmp_path)
    assert str(caught.value) == (f"{tmp_path.resolve() / 'pyproject.toml'} [tool.sheets-okr]: "
                                 "unknown setting 'stale_days'")


@pytest.mark.parametrize(("line", "message"), [
    ('min_krs = "two"', "setting 'min_krs' must be a whole number, not 'two'"),
    ("max_krs = 4.5", "setting 'max_krs' must be a whole number, not 4.5"),
    ("kr_stale_days = true", "setting 'kr_stale_days' must be a whole number, not True"),
    ('at_risk_margin = "25%"', "setting 'at_risk_margin' must be a number, not '25%'"),
    ('day_first = "yes"', "setting 'day_first' must be true or false, not 'yes'"),
    ("select = 101", "setting 'select' must be a list of rule codes, not 101"),
    ("ignore = [107]", "setting 'ignore' must be a list of rule codes, not [107]"),
])
def test_wrong_types_are_usage_errors(tmp_path: Path, line: str, message: str) -> None:
    config = tmp_path / "sheets-okr.toml"
    config.write_text(line + "\n")
    with pytest.raises(UsageError) as caught:
        load_settings(config)
    assert str(caught.value) == f"{config}: {message}"


def test_values_are_read_in_their_types(tmp_path: Path) -> None:
    config = tmp_path / "sheets-okr.toml"
    config.write_text('on_track_margin = 0\nat-risk-margin = 0.3\nday_first = true\n'
                      'select = "okr1; OKR11"\nignore = ["okr107"]\nkpis-per-team = 4\n')
    settings = load_settings(config)
    assert (settings.on_track_margin, settings.at_risk_margin, settings.day_first) == (
        0.0, 0.3, True)
    assert isinstance(settings.on_track_margin, float)
    assert (settings.select, settings.ignore, settings.max_kpis_per_team) == (
        ("OKR1", "OKR11"), ("OKR107",), 4)


def test_broken_toml_is_a_usage_error(tmp_path: Path) -> None:
    config = tmp_path / "sheets-okr.toml"
    config.write_text("min_krs = \n")
    with pytest.raises(UsageError) as caught:
        load_settings(config)
    assert str(caught.value).startswith(f"{config}: cannot read configuration: ")


def test_cli_unknown_key_is_one_line_and_exit_2(workbook: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    config = workbook.parent / "sheets-okr.toml"
    config.write_text("max_kr = 4\n")
    monkeypatch.chdir(workbook.parent)
    result = run("check", workbook)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: {config.resolve()}: unknown setting 'max_kr'\n"


def test_cli_missing_config_file(workbook: Path) -> None:
    missing = workbook.parent / "nope.toml"
    result = run("check", workbook, "--config", missing)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {missing}: cannot read configuration: ")
    assert result.stderr.count("\n") == 1


# what it changes ------------------------------------------------------------------------


def test_thresholds_change_what_is_flagged(workbook: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workbook.parent)
    assert flagged(workbook) == [("OKR106", "A2"), ("OKR107", "D5")]
    (workbook.parent / "sheets-okr.toml").write_text(THRESHOLDS)
    assert flagged(workbook) == [("OKR106", "A3"), ("OKR113", "H2"), ("OKR107", "D5"),
                                 ("OKR110", "D2")]


def test_thresholds_from_an_explicit_config(workbook: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "elsewhere" / "strict.toml"
    config.parent.mkdir()
    config.write_text(THRESHOLDS)
    monkeypatch.chdir(workbook.parent)
    assert flagged(workbook, "--config", str(config)) == [
        ("OKR106", "A3"), ("OKR113", "H2"), ("OKR107", "D5"), ("OKR110", "D2")]
    assert flagged(workbook) == [("OKR106", "A2"), ("OKR107", "D5")]


def test_select_and_ignore_from_config_and_command_line(workbook: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workbook.parent)
    (workbook.parent / "sheets-okr.toml").write_text(
        THRESHOLDS + 'select = ["OKR11"]\nignore = ["OKR110"]\n')
    assert flagged(workbook) == [("OKR113", "H2")]
    assert flagged(workbook, "--ignore", "OKR113") == []
    assert flagged(workbook, "--select", "OKR10") == [("OKR106", "A3"), ("OKR107", "D5")]
    assert flagged(workbook, "--select", "OKR1", "--ignore", "OKR107") == [
        ("OKR106", "A3"), ("OKR113", "H2")]
    assert flagged(workbook, "--select", "OKR110") == []
