"""Live formulas of KPIs and of inputs typed as text: Latest and Latest Date by lookup into
the KPI History tab, Health from them; key results whose inputs are text (``$1,560``,
``45%``, ``✓``). LibreOffice's recalculated values equal the tool's for every formula
cell; a reading added to the history moves Latest, Health and the linked key result with
no run; what a formula cannot read as the tool does keeps a value; the local Sheets API
server stores the same formulas."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sheets_okr.changes import Formula
from sheets_okr.config import Settings
from sheets_okr.io import open_backend
from sheets_okr.run import RunResult, recompute
from sheets_okr.templates import quarter_bounds
from tests.gsheets_helpers import counts, put_tables, set_cell
from tests.sheets_api.server import SheetsApiServer
from tests.test_live_formulas import compare, recalculate, recompute_live, same

AS_OF = date(2026, 11, 15)
LIVE = Settings(formulas=True)
Rows = list[list[Any]]

KPI_ROWS = {f"T{i}": i + 1 for i in range(1, 10)}  # T1 on row 2 ... T9 on row 10
KR_ROWS = {f"KR{i}": i + 1 for i in range(1, 9)}
LOOKED_UP = {"T1", "T2", "T3", "T4", "T5", "T6", "T9"}  # T7: a reading typed as text,
# T8: a reading under "t8", which a formula would take for T8 and the tool does not


def tables(day: date) -> dict[str, Rows]:
    """A help desk's goals and KPIs, readings dated around ``day``."""
    _, _, period = quarter_bounds(day)

    def ago(days: int) -> date:
        return day - timedelta(days=days)

    kpis: Rows = [
        ["ID", "KPI", "Owner", "Direction", "Target", "Warning", "Frequency", "Current"],
        ["T1", "First reply time (min)", "Ivo", "lower is better", 30, 45, "weekly", None],
        ["T2", "Customer satisfaction", "Ivo", "higher is better", 0.9, 0.8, "monthly", None],
        ["T3", "Open tickets", "Rui", "lower is better", 50, None, "monthly", None],
        ["T4", "Uptime", "Rui", "higher is better", None, None, "monthly", None],
        ["T5", "Net promoter score", "Sol", "higher is better", 40, 30, "quarterly", 41],
        ["T6", "Churn", "Sol", "lower is better", 0.02, 0.03, "monthly", None],
        ["T7", "Escalations", "Ivo", "lower is better", 5, 8, "weekly", None],
        ["T8", "Renewals", "Rui", "higher is better", 20, 15, "monthly", None],
        ["T9", "Revenue per seat", "Sol", "higher is better", "$1,200", "$1,000", "monthly",
         None],
    ]
    history: Rows = [
        ["Date", "KPI", "Value", "Note"],
        [ago(21), "T1", 44, None], [ago(14), "T1", 41, None], [ago(7), "T1", 38, None],
        [ago(2), "T1", 36, "morning"], [ago(2), "T1", 35, "evening: the later row counts"],
        [day + timedelta(days=3), "T1", 20, "after the day: not yet"],
        [ago(1), "T1", None, "no value"],
        [ago(70), "T2", 0.85, None], [ago(40), "T2", 0.88, None],
        [ago(20), "T3", 61, None], [ago(5), "T3", 58, None],
        [ago(3), "T4", 0.999, None],
        [ago(9), "T7", 6, None], [ago(2), "T7", "7", "typed as text"],
        [ago(10), "T8", 18, None], [ago(3), "t8", 21, "lower-case ID"],
        [ago(6), "T9", 1250, None],
        [ago(4), "X1", 3, "a KPI not in the list"],
    ]
    return {
        "Objectives": [["ID", "Objective", "Owner", "Period"],
                       ["O1", "Keep support fast", "Ivo", period],
                       ["O2", "Ship the support basics", "Rui", period]],
        "Key Results": [
            ["ID", "Objective", "Key Result", "Owner", "Kind", "Baseline", "Target", "Current",
             "KPI"],
            ["KR1", "O1", "Answer first replies within 30 minutes", "Ivo", None, 48, 30, None,
             "T1"],
            ["KR2", "O1", "Grow revenue per seat to $2,000", "Sol", None, "$1,000", "$2,000",
             "$1,560", None],
            ["KR3", "O1", "Raise the self-service share to 60%", "Sol", None, "20%", "60%",
             "45%", None],
            ["KR4", "O2", "Publish the status page", "Rui", "milestone", None, "done", "✓",
             None],
            ["KR5", "O2", "Sign the support contract", "Rui", "milestone", None, "done",
             "not done", None],
            ["KR6", "O2", "Cut onboarding to 80 days", "Rui", None, 100, 80, "93 días", None],
            ["KR7", "O2", "Lift add-on revenue to 4,000", "Sol", None, 1000, 4000, "2.5k",
             None],
            ["KR8", "O2", "Raise trial conversion to 20%", "Sol", None, 0.1, 0.2, "—", None],
        ],
        "KPIs": kpis,
        "KPI History": history,
    }


def write(path: Path, day: date) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in tables(day).items():
        ws = wb.create_sheet(title)
        for line in rows:
            ws.append(line)
    wb.save(path)
    return path


def formula_cells(result: RunResult, tab: str) -> dict[tuple[int, str], str]:
    """(row, column letter) of each formula written on ``tab``."""
    return {(c.row, c.cell.rstrip("0123456789")): c.value.text for c in result.changes.cells
            if c.tab == tab and isinstance(c.value, Formula)}


def column(result: RunResult, tab: str, header: str) -> str:
    heads = {c.value: c.cell.rstrip("0123456789") for c in result.changes.cells
             if c.tab == tab and c.header}
    return heads[header]


def shown(path: Path, tab: str, cell: str) -> Any:
    return openpyxl.load_workbook(path, data_only=True)[tab][cell].value


@pytest.mark.parametrize("day", [AS_OF, date.today()], ids=["as-of", "today"])
def test_kpi_and_text_input_formulas_equal_the_computed_values(tmp_path: Path,
                                                               day: date) -> None:
    path = write(tmp_path / "desk.xlsx", day)
    result = recompute(open_backend(str(path)), day, LIVE)
    check = compare(path, result, tmp_path)
    assert check.differences() == []
    assert set(check.tool) == set(check.formulas)

    latest, when, health = (column(result, "KPIs", h)
                            for h in ("Latest", "Latest Date", "Health"))
    kpi = formula_cells(result, "KPIs")
    assert {r for r, c in kpi if c == latest} == {KPI_ROWS[k] for k in LOOKED_UP}
    assert {r for r, c in kpi if c == when} == {KPI_ROWS[k] for k in LOOKED_UP}
    assert {r for r, c in kpi if c == health} == set(KPI_ROWS.values())
    now = "TODAY()" if day == date.today() else f"DATE({day.year},{day.month},{day.day})"
    assert now in kpi[(KPI_ROWS["T1"], when)] and now in kpi[(KPI_ROWS["T1"], health)]

    progress = column(result, "Key Results", "Progress")
    krs = formula_cells(result, "Key Results")
    assert {r for r, c in krs if c == progress} == {KR_ROWS[k] for k in
                                                    ("KR1", "KR2", "KR3", "KR4", "KR5")}

    lo = {(tab, cell): value for (tab, cell), value in check.libreoffice.items()}

    def at(tab: str, col: str, row: int) -> Any:
        return lo[(tab, f"{col}{row}")]

    rows = KPI_ROWS
    assert at("KPIs", latest, rows["T1"]) == 35  # the later of two readings that day
    assert same(at("KPIs", when, rows["T1"]), day - timedelta(days=2))
    assert [at("KPIs", health, rows[k]) for k in ("T1", "T2", "T3", "T5", "T6", "T7", "T8",
                                                 "T9")] == [
        "warning", "stale", "breach", "healthy", "no data", "warning", "warning", "healthy"]
    assert at("KPIs", health, rows["T4"]) in (None, "")  # no target
    assert at("KPIs", latest, rows["T5"]) == 41  # no reading: its Current
    assert [at("Key Results", progress, KR_ROWS[k]) for k in ("KR2", "KR3", "KR4", "KR5")] \
        == pytest.approx([0.56, 0.625, 1, 0])
    assert at("Key Results", progress, KR_ROWS["KR1"]) == pytest.approx(13 / 18)


def test_a_new_reading_moves_latest_health_and_the_key_result_with_no_run(
        tmp_path: Path) -> None:
    path = write(tmp_path / "desk.xlsx", AS_OF)
    result = recompute(open_backend(str(path)), AS_OF, LIVE)
    latest, health = column(result, "KPIs", "Latest"), column(result, "KPIs", "Health")
    score = column(result, "Key Results", "Score")
    wb = openpyxl.load_workbook(path)
    for kpi, value in (("T1", 29), ("T3", 45), ("T6", 0.025)):
        wb["KPI History"].append([AS_OF, kpi, value, "typed later"])
    wb.save(path)
    done = recalculate(path, tmp_path)

    def cell(tab: str, col: str, row: int) -> Any:
        return shown(done, tab, f"{col}{row}")

    assert [cell("KPIs", latest, KPI_ROWS[k]) for k in ("T1", "T3", "T6")] == \
        pytest.approx([29, 45, 0.025])
    assert [cell("KPIs", health, KPI_ROWS[k]) for k in ("T1", "T3", "T6")] == \
        ["healthy", "healthy", "warning"]
    assert cell("Key Results", score, KR_ROWS["KR1"]) == 1  # 29 min beats the 30 target
    again = recompute(open_backend(str(path)), AS_OF, Settings())
    values = again.analysis.results.tables["kpis"]
    assert [values["latest"].iloc[i] for i in (0, 2, 5)] == pytest.approx([29, 45, 0.025])


def test_the_sheets_api_server_stores_the_kpi_formulas(server: SheetsApiServer) -> None:
    key = put_tables(server, "Help desk", tables(AS_OF))
    set_cell(server, key, "Key Results", "H3", "$1,560")  # text, as typed after a quote
    result = recompute(open_backend(key), AS_OF, LIVE)
    sent = {(c.tab, c.cell): c.value.text for c in result.changes.cells
            if isinstance(c.value, Formula)}
    latest = column(result, "KPIs", "Latest")
    assert {f"{latest}{KPI_ROWS[k]}" for k in LOOKED_UP} <= {cell for tab, cell in sent
                                                            if tab == "KPIs"}
    assert ("Key Results", f"{column(result, 'Key Results', 'Progress')}3") in sent
    stored = {where: server.store.get_cell(key, *where).get("userEnteredValue", {})
              .get("formulaValue") for where in sent}
    assert stored == {where: "=" + text for where, text in sent.items()}
    server.clear_log()
    again = recompute(open_backend(key), AS_OF, LIVE)
    assert again.cells_written == 0 and counts(server)["batchUpdate"] == 0


def _case_of(builder: Any) -> Any:
    def case() -> Any:
        return builder().case

    case.__name__ = builder.__name__
    return case


def _kpi_cases() -> list[Any]:
    """The layout fixtures and look-alikes with a KPIs table."""
    from tests.layouts import CASES
    from tests.test_lookalikes import BUILDERS

    cases = [c for c in CASES if c().kpis] + [_case_of(b) for b in BUILDERS]
    return [c for c in cases if c().readable]


WITH_KPI_FORMULAS = {"german_kpis", "kpi_years", "kpi_master_monthly", "quarterly_scorecard",
                     "kpi_framework", "ratio_column"}


@pytest.mark.parametrize("case", _kpi_cases(), ids=lambda c: c.__name__)
def test_kpi_formulas_of_layout_fixtures_equal_the_computed_values(case: Any,
                                                                   tmp_path: Path) -> None:
    path, result = recompute_live(case(), tmp_path, AS_OF)
    kpis = result.analysis.model.tables.get("kpis")
    kpi_tabs = {part.title for part, _ in kpis.pieces()} if kpis is not None else set()
    written = {c.tab for c in result.changes.cells if isinstance(c.value, Formula)}
    assert bool(written & kpi_tabs) == (case.__name__ in WITH_KPI_FORMULAS)
    if not written:
        return
    check = compare(path, result, tmp_path)
    assert check.differences() == []
