"""Bring your own workbook: each layout of tests/layouts.py run through ``map``, ``check``
and ``recompute`` on an Excel file, against the scores and flags worked out by hand."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from sheets_okr.cli import cli
from sheets_okr.config_file import load_settings
from sheets_okr.history import HISTORY_TAB
from sheets_okr.io.xlsx import XlsxBackend
from sheets_okr.run import Analysis, check
from sheets_okr.schema import DASHBOARD_TAB, FLAGS_TAB, STATE_TAB

from .layouts import AS_OF, CASES, Case, write_xlsx

OWNED = {FLAGS_TAB, DASHBOARD_TAB, STATE_TAB, HISTORY_TAB}
Cells = dict[str, dict[str, Any]]


def run(*args: object) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def make(case: Case, folder: Path) -> Path:
    path = write_xlsx(case, folder / f"{case.name}.xlsx")
    if case.mapping:
        (folder / "sheets-okr.toml").write_text(case.mapping, encoding="utf-8")
    return path


def cells(path: Path) -> Cells:
    """Every non-empty cell of the input tabs, by tab and A1 address."""
    wb = openpyxl.load_workbook(path)
    return {ws.title: {c.coordinate: c.value for row in ws.iter_rows() for c in row
                       if c.value is not None}
            for ws in wb.worksheets if ws.title not in OWNED}


def approx(value: Any) -> Any:
    if isinstance(value, float):
        return pytest.approx(value, abs=1e-9)
    return value


def analyse(path: Path) -> Analysis:
    analysis, _ = check(XlsxBackend(path), AS_OF, load_settings(start=path.parent))
    return analysis


def results(analysis: Analysis, key: str, columns: tuple[str, ...]) -> dict[str, tuple]:
    table = analysis.model.tables.get(key)
    res = analysis.results.tables.get(key)
    if table is None or res is None:
        return {}
    out = {}
    for row, ident in table.frame["id"].items():
        values = [res.at[row, c] for c in columns]
        out[str(ident)] = tuple(None if pd.isna(v) else v for v in values)
    return out


def assert_results(analysis: Analysis, case: Case) -> None:
    objectives = results(analysis, "objectives", ("score", "status"))
    assert objectives == {k: tuple(approx(v) for v in t) for k, t in case.objectives.items()}
    krs = results(analysis, "key_results", ("score", "status", "grade"))
    assert krs == {k: tuple(approx(v) for v in t) for k, t in case.key_results.items()}
    if case.kpis:
        latest = results(analysis, "kpis", ("latest", "health", "trend"))
        assert latest == {k: tuple(approx(v) for v in t) for k, t in case.kpis.items()}


@pytest.fixture(params=CASES, ids=[c.__name__ for c in CASES])
def case(request: pytest.FixtureRequest) -> Case:
    return request.param()


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_map_check_recompute(case: Case, tmp_path: Path) -> None:
    path = make(case, tmp_path)
    before = cells(path)
    if not case.readable:
        shown = run("map", path, "--as-of", AS_OF)
        assert shown.exit_code == 0, shown.output
        assert "Tab 'Contacts': KPIs, one per row (not read; the best guess, for you to " \
            "check)" in shown.stdout
        assert "Tab 'Notes': ignored — no header row" in shown.stdout
        assert "Nothing was read" in shown.stdout
        for command in ("check", "recompute"):
            result = run(command, path, "--as-of", AS_OF)
            assert result.exit_code == 2
            assert result.stdout == ""
            assert "no table could be read as OKRs or KPIs" in result.stderr
            assert "'Contacts': row 1: Name, Address, Phone" in result.stderr
            assert "'Notes': no header row" in result.stderr
            assert f"sheets-okr map {path} --write" in result.stderr
            assert '[mapping."Contacts"]' in result.stderr
            assert "Traceback" not in result.output
        assert cells(path) == before
        return
    mapped = run("map", path, "--as-of", AS_OF)
    assert mapped.exit_code == 0, mapped.output
    for line in case.map_lines:
        assert line in mapped.stdout
    assert cells(path) == before

    checked = run("check", path, "--as-of", AS_OF, "--format", "json")
    assert checked.exit_code == case.check_exit, checked.output
    flags = [(f["code"], f["tab"], f["cell"], f["item"]) for f in json.loads(checked.stdout)]
    assert sorted(flags) == sorted(case.flags)
    assert_results(analyse(path), case)

    done = run("recompute", path, "--as-of", AS_OF, "--format", "json")
    assert done.exit_code == 0, done.output
    summary = json.loads(done.stdout)
    assert {o["id"]: approx(o["score"]) for o in summary["objectives"]} == {
        k: approx(None if v[0] is None else round(v[0], 4)) for k, v in case.objectives.items()}
    after = cells(path)
    for tab, typed in before.items():
        assert {a: after[tab].get(a) for a in typed} == typed, f"{tab}: a typed cell changed"
    for tab, wanted in case.written.items():
        got = {a: after[tab].get(a) for a in wanted}
        assert got == {a: approx(_as_cell(v)) for a, v in wanted.items()}
    assert_results(analyse(path), case)
    again = run("recompute", path, "--as-of", AS_OF, "--format", "json")
    assert json.loads(again.stdout)["cells_written"] == 0


def _as_cell(value: Any) -> Any:
    from datetime import date, datetime

    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def test_layouts_read_without_a_hand_written_mapping() -> None:
    auto = [c() for c in CASES if c().readable and c().mapping is None]
    assert len(CASES) >= 12
    assert len(auto) == 10


@pytest.mark.parametrize("builder", [c for c in CASES if c().readable and not c().mapping],
                         ids=lambda c: c.__name__)
def test_saved_mapping_reads_the_same(builder: Callable[[], Case], tmp_path: Path) -> None:
    """``map --write`` saves what detection found; reading through it gives the same."""
    case = builder()
    path = make(case, tmp_path)
    written = run("map", path, "--as-of", AS_OF, "--write")
    assert written.exit_code == 0, written.output
    config = tmp_path / "sheets-okr.toml"
    if all(x.source == "headers" for x in _layouts(path)):
        assert "Nothing to save" in written.stdout
        assert not config.exists()
        return
    assert f"saved to {config}" in written.stdout
    text = config.read_text(encoding="utf-8")
    assert "[mapping." in text and 'kind = "' in text
    again = run("map", path, "--as-of", AS_OF)
    assert "(from the saved mapping)" in again.stdout
    checked = run("check", path, "--as-of", AS_OF, "--format", "json")
    assert checked.exit_code == case.check_exit
    flags = [(f["code"], f["tab"], f["cell"], f["item"]) for f in json.loads(checked.stdout)]
    assert sorted(flags) == sorted(case.flags)
    assert_results(analyse(path), case)


def _layouts(path: Path) -> list[Any]:
    from sheets_okr.config import Settings
    from sheets_okr.read.pipeline import read_book

    reading = read_book(XlsxBackend(path).read(), Settings(), AS_OF)
    return [x for x in reading.layouts.values() if x is not None]
