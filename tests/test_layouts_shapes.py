"""Funnels of stages, OKRs laid out sideways and forms (tests/layouts_shapes.py) through
``map``, ``check`` and ``recompute`` on Excel files and Google Sheets and through a saved
mapping, against the results worked out by hand; nothing is ever written into them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from sheets_okr.calc.funnel import compute_stages
from sheets_okr.items import items
from sheets_okr.model import Grid
from sheets_okr.read import funnel_stages, transposed
from sheets_okr.read.detect import header_rows
from sheets_okr.read.form import find as find_form
from sheets_okr.read.workbook import detect_tab
from sheets_okr.run import Analysis
from tests.sheets_api.server import SheetsApiServer

from .layouts import AS_OF, Q4, Case, Sheet, single_dotted, write_xlsx
from .layouts_shapes import CASES, FORM_TASKS, FUNNELS, H2
from .test_layouts import analyse, approx, cells, make, run
from .test_layouts import test_map_check_recompute as through_the_cli
from .test_layouts import test_saved_mapping_reads_the_same as through_a_mapping
from .test_layouts_gsheets import test_layout_in_google_sheets as in_google_sheets

BUILDERS: tuple[Callable[[], Case], ...] = (
    *CASES, *(lambda f=f: f().case for f in FUNNELS))
NAMES = [b().name for b in BUILDERS]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("builder", BUILDERS, ids=NAMES)
def test_read_scored_and_never_written(builder: Callable[[], Case], tmp_path: Path) -> None:
    case = builder()
    through_the_cli(case, tmp_path)
    typed = cells(write_xlsx(case, tmp_path / "as_typed.xlsx"))
    assert cells(tmp_path / f"{case.name}.xlsx") == typed


@pytest.mark.parametrize("builder", BUILDERS, ids=NAMES)
def test_saved_mapping_reads_the_same(builder: Callable[[], Case], tmp_path: Path) -> None:
    through_a_mapping(builder, tmp_path)
    kind = {"transposed_cycles": "okr_transposed", "form_blank": "okr_form",
            "form_filled": "okr_form"}.get(builder().name, "funnel_stages")
    assert f'kind = "{kind}"' in (tmp_path / "sheets-okr.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("builder", [CASES[0], CASES[2], BUILDERS[3]],
                         ids=["transposed_cycles", "form_filled", "funnel_down"])
def test_in_google_sheets(builder: Callable[[], Case], sheets_api: SheetsApiServer,
                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    in_google_sheets(builder, sheets_api, tmp_path, monkeypatch)


def _items(analysis: Analysis, kind: str) -> list[dict]:
    return [it for it in items(analysis) if it["kind"] == kind]


# Funnels ------------------------------------------------------------------------------

@pytest.mark.parametrize("builder", FUNNELS, ids=lambda b: b.__name__)
def test_funnel_step_and_overall_conversion(builder: Callable, tmp_path: Path) -> None:
    funnel = builder()
    analysis = analyse(make(funnel.case, tmp_path))
    steps = _items(analysis, "funnel_step")
    got = {(s["title"], s["segment"]): (s["values"]["step_conversion"],
                                        s["values"]["overall_conversion"]) for s in steps}
    assert got == {k: tuple(None if v is None else pytest.approx(v, abs=1e-6) for v in pair)
                   for k, pair in funnel.steps.items()}
    theirs = {(s["title"], s["segment"]): s["author"]["overall_conversion"] for s in steps
              if "overall_conversion" in s.get("author", {})}
    for key, value in funnel.author.items():
        assert theirs[key] == pytest.approx(value)


def test_funnel_flags_the_authors_mistyped_conversion(tmp_path: Path) -> None:
    funnel = FUNNELS[0]()
    result = run("check", make(funnel.case, tmp_path), "--as-of", AS_OF)
    assert "Journey!I6: the sheet's overall conversion of order (France) is 3%; " \
        "sheets-okr computes 2% (from count 100)" in result.stdout


def test_funnel_in_the_measure_scripts_terms(tmp_path: Path) -> None:
    analysis = analyse(make(FUNNELS[0]().case, tmp_path))
    order = next(s for s in _items(analysis, "funnel_step")
                 if s["title"] == "order" and s["segment"] == "Germany")
    assert order["tab"] == "Journey" and order["row"] == 6 and order["id"] == "order (Germany)"
    assert order["inputs"] == {"count": 200.0, "stage_order": 5.0}
    assert order["values"]["overall_conversion"] == pytest.approx(200 / 8000)


def test_stage_funnel_beside_a_period_funnel(tmp_path: Path) -> None:
    """A Funnel tab of the template's shape (Period, Visits, Conversions) is read and
    written as before when the workbook also holds a funnel of stages."""
    okrs = single_dotted().tabs
    period = Sheet([["Period", "Visits", "Conversions", "Channel"],
                    ["2026-09", 665, 13, "web"], ["2026-10", 800, 20, "web"]])
    plain = Case("plain", {**okrs, "Funnel": period})
    both = Case("both", {**okrs, "Funnel": period, **FUNNELS[0]().case.tabs})
    paths = [write_xlsx(c, tmp_path / f"{c.name}.xlsx") for c in (plain, both)]
    for path in paths:
        assert run("recompute", path, "--as-of", AS_OF).exit_code == 0
    written = [cells(p)["Funnel"] for p in paths]
    assert written[0] == written[1]
    assert written[1]["E1"] == "Conversion Rate"
    assert written[1]["E2"] == pytest.approx(13 / 665)
    assert cells(paths[1])["Journey"] == cells(write_xlsx(both, tmp_path / "t.xlsx"))["Journey"]
    steps = _items(analyse(paths[1]), "funnel_step")
    assert [s["id"] for s in steps[:2]] == ["2026-09", "2026-10"]
    assert len(steps) == 2 + 15


def _grid(rows: list[list]) -> Grid:
    return Grid("Sheet", [list(r) for r in rows])


def test_a_ranking_is_not_a_funnel() -> None:
    grid = _grid([["Name", "Sales", "Region"], ["Ana", 900, "North"], ["Ben", 700, "South"],
                  ["Caro", 400, "North"], ["Dev", 100, "East"]])
    assert all(funnel_stages.find(grid, h, AS_OF) is None for h in header_rows(grid))


def test_monthly_kpis_are_not_a_funnel() -> None:
    grid = _grid([["KPI", "Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026"],
                  ["Churn", 90, 80, 70, 60], ["Backlog", 400, 350, 300, 250]])
    assert all(funnel_stages.find(grid, h, AS_OF) is None for h in header_rows(grid))


def test_stages_reordered_by_their_order_column() -> None:
    grid = _grid([["Step order", "Stage", "Users"], [3, "pay", 50], [1, "visit", 1000],
                  [2, "cart", 200]])
    layout = next(x for h in header_rows(grid) if (x := funnel_stages.find(grid, h, AS_OF)))
    assert layout.rows == [3, 4, 2]
    steps = funnel_stages.stage_rows(grid, layout)
    frame = funnel_stages.ours(grid, steps)
    assert [s.stage for s in steps] == ["visit", "cart", "pay"]
    assert frame["step_conversion"].tolist()[1:] == pytest.approx([0.2, 0.25])


def test_a_period_funnel_with_a_third_count_stays_a_period_funnel() -> None:
    grid = _grid([["Period", "Visits", "Signups", "Conversions", "Channel"],
                  ["2026-09", 1000, 100, 20, "web"], ["2026-10", 1200, 150, 30, "web"],
                  ["2026-11", 900, 80, 10, "web"]])
    best = detect_tab(grid, AS_OF)
    assert best is not None and best.kind == "funnel"
    assert best.alternatives[0].kind == "funnel_stages"


# OKRs laid out sideways ---------------------------------------------------------------

@pytest.mark.parametrize(("label", "number"), [
    ("KEY RESULT 3", 3), ("KR1", 1), ("Resultado clave 2", 2), ("Résultat clé 1", 1),
    ("Kết quả then chốt 2", 2), ("关键结果 1", 1), ("Key result", 0), ("Objective 1", None),
    ("Revenue 2", None), ("Total", None), (12, None)])
def test_key_result_row_labels(label: object, number: int | None) -> None:
    assert transposed.row_label(label, "key_result") == number


def test_transposed_cycle_holding_the_day(tmp_path: Path) -> None:
    analysis = analyse(make(CASES[0](), tmp_path))
    objectives = _items(analysis, "objective")
    assert [(o["id"], o["title"], o["tab"], o["row"]) for o in objectives] == [
        ("1", "Make onboarding effortless", "Cycle 2", 4),
        ("2", "Grow our managers", "Cycle 2", 4), ("3", "Know how people feel", "Cycle 2", 4)]
    assert [o["values"]["expected"] for o in objectives] == [approx(round(Q4, 6))] * 3
    krs = _items(analysis, "key_result")
    assert {k["id"]: k["title"] for k in krs}["2.3"] == "Managers rate the coaching as useful"
    tables = analysis.model.tables
    assert set(tables["key_results"].frame["kind"]) == {"milestone"}
    assert set(tables["key_results"].frame["owner"]) == {"Noor"}
    assert tables["objectives"].read_only and tables["key_results"].read_only
    assert [str(d.date()) for d in tables["objectives"].frame["end"]] == ["2026-12-31"] * 3


def test_transposed_map_explains_the_other_cycle(tmp_path: Path) -> None:
    shown = run("map", make(CASES[0](), tmp_path), "--as-of", "2026-08-01")
    assert "  period: 01/07/2026 - 30/09/2026 (2026-07-01 to 2026-09-30)" in shown.stdout
    assert "not read: 'Cycle 1' already gives the Objectives table" in shown.stdout


def test_a_mapping_can_drop_an_objective_column(tmp_path: Path) -> None:
    path = make(CASES[0](), tmp_path)
    assert run("map", path, "--as-of", AS_OF, "--write").exit_code == 0
    config = tmp_path / "sheets-okr.toml"
    text = config.read_text(encoding="utf-8")
    assert '"D" = "objective"' in text and '"A" = "label"' in text
    config.write_text(text.replace('"D" = "objective"', '"D" = "ignore"'), encoding="utf-8")
    analysis = analyse(path)
    assert [o["id"] for o in _items(analysis, "objective")] == ["1", "2"]
    assert len(_items(analysis, "key_result")) == 6


def test_a_vertical_key_result_list_is_not_transposed() -> None:
    grid = _grid([["", "Key result", "Owner", "Target"],
                  ["KR 1", "Raise the survey score", "Noor", 80],
                  ["KR 2", "Cut the time to hire", "Tomás", 30]])
    assert transposed.find(grid, AS_OF) is None


# Forms --------------------------------------------------------------------------------

def test_filled_form_scores_and_reads_its_tasks(tmp_path: Path) -> None:
    analysis = analyse(make(CASES[2](), tmp_path))
    objectives = {o["id"]: o for o in _items(analysis, "objective")}
    assert objectives["A"]["title"] == "Close the books faster"
    assert objectives["A"]["values"]["expected"] == approx(round(H2, 6))
    krs = {k["id"]: k for k in _items(analysis, "key_result")}
    assert krs["A.1"]["inputs"] == {"baseline": 0.0, "target": 1.0, "current": 0.8}
    assert krs["B.1"]["values"]["progress"] == approx(0.5)
    tasks = {t["id"]: t["title"] for t in _items(analysis, "initiative")}
    assert tasks == FORM_TASKS
    frame = analysis.model.tables["objectives"].frame
    assert set(frame["owner"]) == {"Lucía Gómez"} and set(frame["team"]) == {"Finance"}


def test_blank_form_scores_nothing(tmp_path: Path) -> None:
    analysis = analyse(make(CASES[1](), tmp_path))
    assert _items(analysis, "key_result") == []
    assert [o["values"]["score"] for o in _items(analysis, "objective")] == [None] * 3
    assert "OKR104" not in {f.code for f in analysis.flags}


def test_a_team_sheet_with_labels_is_not_a_form() -> None:
    grid = _grid([["Team:", "Growth"], ["Period:", "2026-Q4"], [],
                  ["ID", "Objective / Key Result", "Target", "Current"],
                  [1, "Grow demand"], [1.1, "Raise sessions", 100, 60]])
    assert find_form(grid, AS_OF) is None


# The calculation ----------------------------------------------------------------------

def test_stage_conversions_per_segment_in_stage_order() -> None:
    frame = pd.DataFrame({
        "stage": ["cart", "visit", "buy", "visit", "cart", "buy", "visit", "cart"],
        "stage_order": [2.0, 1, 3, 1, 2, 3, 1, 2],
        "segment": ["web", "web", "web", "app", "app", "app", "shop", "shop"],
        "count": [50.0, 200, 10, 0, 5, 1, 40, None],
        "_error": [False, False, False, False, False, False, False, False]})
    out = compute_stages(frame)
    assert out["step_conversion"].tolist()[:3] == pytest.approx([0.25, np.nan, 0.2],
                                                                nan_ok=True)
    assert out["overall_conversion"].tolist()[:3] == pytest.approx([0.25, 1.0, 0.05])
    # a first stage of 0 leaves the segment's conversions blank, never a division error
    assert out.loc[3:5, "overall_conversion"].isna().all()
    assert out.at[5, "step_conversion"] == pytest.approx(0.2)
    assert np.isnan(out.at[7, "step_conversion"]) and np.isnan(out.at[7, "overall_conversion"])


def test_an_unreadable_count_leaves_its_stage_blank() -> None:
    frame = pd.DataFrame({"stage": ["a", "b", "c"], "count": [100.0, 40, 10],
                          "_error": [False, True, False]})
    out = compute_stages(frame)
    assert np.isnan(out.at[1, "step_conversion"]) and np.isnan(out.at[2, "step_conversion"])
    assert out.at[2, "overall_conversion"] == pytest.approx(0.1)


def test_a_mapping_gives_a_sideways_tab_its_period(tmp_path: Path) -> None:
    sheet = CASES[0]().tabs["Cycle 2"]
    rows = [list(r) for r in sheet.rows]
    rows[0] = ["PEOPLE TEAM — OKRS"]
    path = write_xlsx(Case("no_period", {"Cycle": Sheet(rows)}), tmp_path / "no_period.xlsx")
    assert analyse(path).model.tables["objectives"].frame["end"].isna().all()
    assert run("map", path, "--as-of", AS_OF, "--write").exit_code == 0
    config = tmp_path / "sheets-okr.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('header_rows = [4]',
                                   'header_rows = [4]\ndefaults = { period = "2026-Q4" }'),
                      encoding="utf-8")
    analysis = analyse(path)
    assert [o["values"]["expected"] for o in _items(analysis, "objective")] == [
        approx(round(Q4, 6))] * 3


def test_a_stage_counting_more_than_the_one_before_is_flagged(tmp_path: Path) -> None:
    rows = [list(r) for r in FUNNELS[0]().case.tabs["Journey"].rows]
    rows[4][3] = 500  # payment in Germany: 500 after a basket of 800, then an order of 200
    rows[3][3] = 450
    path = write_xlsx(Case("rising", {"Journey": Sheet(rows)}), tmp_path / "rising.xlsx")
    checked = run("check", path, "--as-of", AS_OF, "--format", "json")
    found = [(f["code"], f["cell"], f["item"]) for f in json.loads(checked.stdout)
             if f["code"] == "OKR117"]
    assert found == [("OKR117", "D5", "payment (Germany)")]
    assert "500 at this stage is more than at the stage before (450)" in run(
        "check", path, "--as-of", AS_OF).stdout


def test_an_unreadable_count_through_a_mapping_is_named(tmp_path: Path) -> None:
    case = FUNNELS[0]().case
    path = make(case, tmp_path)
    assert run("map", path, "--as-of", AS_OF, "--write").exit_code == 0
    wb = openpyxl.load_workbook(path)
    wb["Journey"]["F4"] = "lots"
    wb.save(path)
    checked = run("check", path, "--as-of", AS_OF)
    assert checked.exit_code == 1
    assert 'Journey!F4: Count of basket (France) is "lots", not a number' in checked.stdout
    steps = {(s["title"], s["segment"]): s["values"] for s in _items(analyse(path),
                                                                       "funnel_step")}
    assert steps[("basket", "France")]["overall_conversion"] is None
    assert steps[("basket", "total")]["overall_conversion"] is None
    assert steps[("basket", "Germany")]["overall_conversion"] == approx(0.1)
