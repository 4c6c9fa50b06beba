"""The look-alikes of tests/lookalikes_okr.py, lookalikes_logs.py and lookalikes_kpi.py
through ``map``, ``check`` and ``recompute`` on Excel files, through the mapping ``map
--write`` saves and in Google Sheets, against the results worked out by hand: the author's
own columns are never written, read-only tables (trackers, logs, row groups) not at all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from sheets_okr.items import items
from sheets_okr.run import Analysis
from tests.sheets_api.server import SheetsApiServer

from . import lookalikes_kpi as kpi
from . import lookalikes_logs as logs
from . import lookalikes_okr as okr
from .layouts import Case, Sheet, write_xlsx
from .lookalikes import Lookalike
from .test_layouts import analyse, cells
from .test_layouts import test_map_check_recompute as through_the_cli
from .test_layouts import test_saved_mapping_reads_the_same as through_a_mapping
from .test_layouts_gsheets import test_layout_in_google_sheets as in_google_sheets

BUILDERS: tuple[Callable[[], Lookalike], ...] = (
    okr.yearly_goals, okr.self_scored, okr.company_and_department, logs.store_months,
    logs.weekly_pairs, logs.security_log, logs.kpi_master_monthly, logs.scorecard_rows,
    kpi.quarterly_scorecard, kpi.kpi_framework, kpi.vendor_roi, kpi.ratio_column)
IN_GOOGLE_SHEETS = (okr.yearly_goals, okr.company_and_department, logs.weekly_pairs,
                    logs.security_log, kpi.ratio_column)


def _ids(builder: Callable[[], Lookalike]) -> str:
    return builder.__name__


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _close(value: Any) -> Any:
    return pytest.approx(value, abs=1e-6) if isinstance(value, float) else value


def assert_items(look: Lookalike, analysis: Analysis) -> None:
    """The item values, the author's numbers and the inputs worked out by hand."""
    found = {(it["kind"], str(it["id"])): it for it in items(analysis)}
    for part, expected in (("values", look.values), ("author", look.authors),
                           ("inputs", look.inputs)):
        for key, wanted in expected.items():
            assert key in found, f"{key} not among {sorted(found)}"
            got = found[key].get(part, {})
            assert {k: got.get(k) for k in wanted} == {k: _close(v) for k, v in
                                                        wanted.items()}, (key, part)
    for key, missing in look.absent.items():
        assert not set(missing) & set(found[key].get("author", {})), key
    if look.owners:
        owners = {o for t in ("objectives", "key_results", "kpis")
                  if t in analysis.model.tables
                  for o in analysis.model.tables[t].frame.get("owner", []) if isinstance(o, str)}
        assert look.owners <= owners


def author_columns(analysis: Analysis) -> set[tuple[str, int]]:
    """(tab, column) of every column read as the author's own results."""
    return {(part.title, col) for whole in analysis.model for part, _ in whole.pieces()
            for col in part.author.values()}


def column(found: dict[str, dict[str, Any]], tab: str, col: int) -> dict[str, Any]:
    from sheets_okr.model import parse_a1

    return {a: v for a, v in found.get(tab, {}).items() if parse_a1(a)[1] == col}


@pytest.mark.parametrize("builder", BUILDERS, ids=_ids)
def test_read_scored_and_checked(builder: Callable[[], Lookalike], tmp_path: Path) -> None:
    look = builder()
    case = look.case
    through_the_cli(case, tmp_path)
    typed = write_xlsx(case, tmp_path / "as_typed.xlsx")
    before = analyse(typed)
    assert_items(look, before)
    done = tmp_path / f"{case.name}.xlsx"
    assert_items(look, analyse(done))
    was, now = cells(typed), cells(done)
    for tab, col in author_columns(before):
        assert column(now, tab, col) == column(was, tab, col), f"{tab}: column {col} written"
    for tab in case.tabs:
        if tab not in look.writes:
            assert now[tab] == was[tab], f"{tab}: a tab that is only read was written"


def _saved(builder: Callable[[], Lookalike]) -> Any:
    why = builder().saved_fails
    marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
    return pytest.param(builder, id=builder.__name__, marks=marks)


@pytest.mark.parametrize("builder", [_saved(b) for b in BUILDERS])
def test_saved_mapping_reads_the_same(builder: Callable[[], Lookalike], tmp_path: Path) -> None:
    look = builder()
    through_a_mapping(lambda: look.case, tmp_path)
    assert_items(look, analyse(tmp_path / f"{look.case.name}.xlsx"))


@pytest.mark.parametrize("builder", IN_GOOGLE_SHEETS, ids=_ids)
def test_in_google_sheets(builder: Callable[[], Lookalike], sheets_api: SheetsApiServer,
                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    look = builder()
    in_google_sheets(lambda: look.case, sheets_api, tmp_path, monkeypatch)


def test_one_lookalike_per_shape() -> None:
    names = [b().case.name for b in BUILDERS]
    assert len(set(names)) == len(names) == 12
    assert all(isinstance(b().case, Case) for b in BUILDERS)


# What the look-alikes show beyond the scores ----------------------------------------------

def _readings(analysis: Analysis, tab: str) -> list[tuple[Any, ...]]:
    """KPI readings of ``tab``: (cell, KPI, value, target, our progress, the author's)."""
    table = analysis.model.tables["kpi_history"]
    ours = analysis.results.tables["kpi_history"]
    out = []
    for part, offset in table.pieces():
        if part.title != tab:
            continue
        for (index, key), _ in part.cells.items():
            if key != "value":
                continue
            row = index + offset
            frame = table.frame
            theirs = frame.at[row, "author_progress"] if "author_progress" in frame else None
            out.append((part.cell(index, key), frame.at[row, "kpi"], frame.at[row, "value"],
                        frame.at[row, "target"], ours.at[row, "progress"],
                        None if pd.isna(theirs) else theirs))
    return out


def test_the_inferred_objective_is_named_by_the_title(tmp_path: Path) -> None:
    analysis = analyse(write_xlsx(okr.yearly_goals().case, tmp_path / "goals.xlsx"))
    objective = next(it for it in items(analysis) if it["kind"] == "objective")
    assert objective["title"] == "2026 — ANNUAL PERFORMANCE TABLE"
    frame = analysis.model.tables["objectives"].frame
    assert list(frame["owner"]) == ["Mira Kovač"] and list(frame["period"]) == ["2026"]
    assert set(analysis.model.tables["key_results"].frame["objective"]) == {"Goals 2026"}


def test_key_results_belong_to_the_objective_of_their_own_tab(tmp_path: Path) -> None:
    case = okr.company_and_department().case
    analysis = analyse(write_xlsx(case, tmp_path / "two.xlsx"))
    frame = analysis.model.tables["key_results"].frame
    linked = {str(i): str(o) for i, o in zip(frame["id"], frame["objective"], strict=True)}
    assert linked == {f"{tab}!O{o}.{k}": f"{tab}!O{o}" for tab in okr.TABS
                      for o in (1, 2) for k in (1, 2)}
    scopes = {it["id"]: it["scope"] for it in items(analysis) if it["kind"] == "objective"}
    assert scopes == {f"{tab}!O{o}": tab for tab in okr.TABS for o in (1, 2)}


def test_a_tracker_reads_each_month_against_its_goal_and_skips_the_sums(
        tmp_path: Path) -> None:
    analysis = analyse(write_xlsx(logs.store_months().case, tmp_path / "stores.xlsx"))
    readings = _readings(analysis, "Stores")
    # a reading per store and month, none from the SUM rows 4, 6, 9 and 11; the totals'
    # readings point at the header row
    stores = {r[0]: r[1:] for r in readings if r[0][1:] != "1"}
    assert {int(cell[1:]) for cell in stores} == {2, 3, 5, 7, 8, 10}
    assert stores["H7"] == ("Stores!BIKES [North · Elm Street]", 34, 40, pytest.approx(0.85),
                            0.9)
    assert stores["K3"] == ("Stores!REPAIRS [North · Harbour]", 88, 80, pytest.approx(1.1),
                            pytest.approx(1.1))
    totals = sorted((r[2], r[3]) for r in readings if r[0][1:] == "1")
    assert totals == [(71, 85), (77, 85), (222, 260), (241, 260)]
    dates = {str(d.date()) for d in analysis.model.tables["kpi_history"].frame["date"]}
    assert dates == {"2026-09-30", "2026-10-31"}  # a month's figures at the month's end


def test_a_table_far_from_its_target_is_not_scored_and_says_why(tmp_path: Path) -> None:
    from .test_layouts import run

    path = write_xlsx(logs.weekly_pairs().case, tmp_path / "pairs.xlsx")
    shown = run("check", path, "--as-of", "2026-11-15").stdout
    assert "Tab 'People' was not scored: 'RECEIVED (K)' is about 3,670 times smaller than " \
        "'TARGET' (row 2: 4.8 against 20,000)" in shown
    assert {it["tab"] for it in items(analyse(path))} == {"Pairs"}


def test_a_summary_computed_from_other_tabs_is_saved_as_not_read(tmp_path: Path) -> None:
    from .test_layouts import run

    path = write_xlsx(logs.scorecard_rows().case, tmp_path / "bsc.xlsx")
    assert run("map", path, "--as-of", "2026-11-15", "--write").exit_code == 0
    text = (tmp_path / "sheets-okr.toml").read_text(encoding="utf-8")
    assert '[mapping."Summary"]\n# computed from other tabs (Customers, Operations), which ' \
        'are read themselves\nkind = "ignore"' in text
    assert '[mapping."Customers".columns]' in text and '"2026-07-01" = "period"' in text


def test_a_variance_column_is_a_gap_the_other_way_round(tmp_path: Path) -> None:
    rows = [["KPI", "Owner", "Target", "Actual", "Variance"],
            ["Orders", "Ana", 100, 90, -10], ["Returns", "Ben", 50, 40, -10],
            ["Visits", "Cy", 200, 150, -40]]
    path = write_xlsx(Case("variance", {"KPIs list": Sheet(rows)}), tmp_path / "v.xlsx")
    found = {(f.code, f.cell) for f in analyse(path).flags if f.code == "OKR130"}
    assert found == {("OKR130", "E4")}  # 200 - 150 is 50, not the -40 typed


def test_a_threshold_above_the_target_means_lower_is_better() -> None:
    from sheets_okr.calc.kpi import lower_is_better

    direction = pd.Series([None, None, None, "higher is better"], dtype="string")
    lower = lower_is_better(direction, np.array([np.nan, np.nan, 5.0, np.nan]),
                            np.array([4.0, 5000.0, 4.0, 4.0]),
                            np.array([4.5, 4500.0, 4.5, 4.5]))
    assert lower.tolist() == [True, False, True, False]


def test_sentences_are_never_a_ratio_whatever_the_header() -> None:
    from sheets_okr.model import Grid
    from sheets_okr.read.profile import profile
    from sheets_okr.read.roles import candidates

    grid = Grid("Goals", [["Note"], ["done in March"], ["two regions left"], [0.4]])
    keys = [c.key for c in candidates("key_results", "Note", profile(grid, 1, [2, 3]))]
    assert "score" not in keys
    grades = Grid("Goals", [["Note"], [0.7], [0.5]])
    assert "score" in [c.key for c in candidates("key_results", "Note",
                                                 profile(grades, 1, [2, 3]))]
