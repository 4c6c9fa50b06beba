"""Recompute the example workbook and read the exact values back with openpyxl."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sheets_okr.io.xlsx import XlsxBackend
from sheets_okr.run import RunResult, recompute

from .conftest import KEY_RESULTS as KEY_RESULT_ROWS
from .conftest import OBJECTIVES
from .example_results import EXPECTED, FUNNEL, KEY_RESULTS, ROI


def approx(value: Any) -> Any:
    return pytest.approx(value, abs=1e-9) if isinstance(value, float) else value


def do_recompute(path: Path, as_of) -> RunResult:
    backend = XlsxBackend(path)
    with backend.session():
        return recompute(backend, as_of)


def columns(ws: Any, header_row: int, *headers: str) -> dict[str, list[Any]]:
    """Values under each header, keyed by the first column's value."""
    names = [c.value for c in ws[header_row]]
    cols = [names.index(h) for h in headers]
    out = {}
    for row in ws.iter_rows(min_row=header_row + 1, values_only=True):
        if row[0] is not None:
            out[row[0]] = [row[c] for c in cols]
    return out


@pytest.fixture
def scored(example_xlsx, as_of):
    do_recompute(example_xlsx, as_of)
    return openpyxl.load_workbook(example_xlsx)


def test_key_results(scored):
    got = columns(scored["Key Results"], 1, "Progress", "Score", "Expected", "Status", "Grade")
    assert got == {k: [approx(v) for v in vals] for k, vals in KEY_RESULTS.items()}


def test_objectives(scored):
    got = columns(scored["Objectives"], 3, "Score", "Expected", "Status", "KR Count")
    e = EXPECTED
    assert got == {
        "O1": [approx(2 / 9), approx(e), "off track", 3],
        "O2": [approx(2.3 / 4), approx(e), "on track", 4],
        "O3": [approx(1.45 / 2), approx(e), "on track", 2],
        "O4": [0.375, approx(e), "at risk", 1],
    }
    assert scored["Objectives"]["A1"].value == "Example OKRs (sheets-okr)"


def test_kpis(scored):
    got = columns(scored["KPIs"], 1, "Latest", "Latest Date", "Health", "Trend", "Linked KRs")
    assert got == {
        "K1": [36, datetime(2026, 11, 14), "warning", "down (improving)", "KR1"],
        "K2": [70, datetime(2026, 11, 12), "breach", "flat", "KR2"],
        "K3": [0.04, datetime(2026, 11, 12), "breach", "up (worsening)", None],
        "K4": [12500, datetime(2026, 11, 12), "healthy", "up (improving)", None],
        "K5": [0.0195, datetime(2026, 11, 12), "breach", "up (improving)", "KR7"],
        "K6": [162000, datetime(2026, 11, 12), "warning", "up (improving)", None],
    }


def test_roi_tab(scored):
    got = columns(scored["ROI"], 1, "Net", "ROI", "Cumulative Investment",
                  "Cumulative Return", "Cumulative ROI")
    assert got == {k: [approx(v) for v in vals] for k, vals in ROI.items()}
    assert scored["ROI"]["E2"].value == 300
    assert scored["ROI"]["F2"].value == pytest.approx(0.30, abs=1e-12)


def test_funnel_tab(scored):
    got = columns(scored["Funnel"], 1, "Conversion Rate")
    assert got == {k: [approx(v) for v in vals] for k, vals in FUNNEL.items()}
    assert round(scored["Funnel"]["E6"].value, 6) == 0.019549


def test_initiatives_roi(scored):
    got = columns(scored["Initiatives"], 1, "ROI")
    assert got == {"I1": [None], "I2": [None], "I3": [approx(0.3)],
                   "I4": [2]}


def test_number_formats_of_computed_cells(scored):
    def fmt(tab: str, cell: str) -> str:
        return scored[tab][cell].number_format

    percent = "0.0%"
    assert [fmt("Key Results", f"{c}2") for c in "LMNOP"] == [
        percent, percent, percent, "General", "General"]
    assert [fmt("Objectives", f"{c}4") for c in "GHIJ"] == [percent, percent, "General", "0"]
    assert [fmt("ROI", f"{c}2") for c in "EFGHI"] == [
        "#,##0.00", percent, "#,##0.00", "#,##0.00", percent]
    assert fmt("Funnel", "E6") == percent
    assert fmt("Initiatives", "I5") == percent
    assert [fmt("KPIs", f"{c}2") for c in "LMN"] == ["#,##0.00", "yyyy-mm-dd", "General"]


def test_appended_headers_follow_the_header_row_and_style(scored):
    ws = scored["Key Results"]
    assert [c.value for c in ws[1]][10:] == ["Updated", "Progress", "Score", "Expected",
                                             "Status", "Grade"]
    style = ws["K1"]
    for cell in ws[1][11:]:
        assert cell.font.b is True
        assert cell.fill.fgColor.rgb == style.fill.fgColor.rgb == "00DDE7F3"
    obj = scored["Objectives"]
    assert [c.value for c in obj[3]][6:] == ["Score", "Expected", "Status", "KR Count"]
    assert all(obj.cell(row=2, column=c).value is None for c in range(7, 11))
    assert obj["G3"].font.b is True
    assert scored["Key Results"].column_dimensions["L"].width >= len("Progress")


def test_appended_columns_go_right_of_user_columns(make_workbook, as_of):
    krs = [line[:3] + ["Notes"] + line[3:] for line in KEY_RESULT_ROWS]
    for i, line in enumerate(krs[1:], start=1):
        line[3] = f"note {i}"
    krs[0].append(None)
    krs[0].append("Scratch")
    krs[1] += [None, "mine"]
    path = make_workbook({"Objectives": OBJECTIVES, "Key Results": krs})
    do_recompute(path, as_of)
    ws = openpyxl.load_workbook(path)["Key Results"]
    assert [c.value for c in ws[1]] == [
        "ID", "Objective", "Key Result", "Notes", "Owner", "Baseline", "Target", "Current",
        None, "Scratch", "Progress", "Score", "Expected", "Status", "Grade"]
    assert [ws.cell(row=r, column=4).value for r in range(2, 6)] == [
        "note 1", "note 2", "note 3", "note 4"]
    assert ws["J2"].value == "mine"
    assert [ws.cell(row=r, column=12).value for r in range(2, 6)] == [
        0.5, approx(0.5), 0.75, approx(0.2)]


def test_existing_computed_column_is_filled_in_place(make_workbook, as_of, tmp_path):
    krs = [line[:3] + ["Score"] + line[3:] + ["Status"] for line in KEY_RESULT_ROWS]
    for line in krs[1:]:
        line[3] = None
        line[-1] = None
    path = make_workbook({"Objectives": OBJECTIVES, "Key Results": krs})
    wb = openpyxl.load_workbook(path)
    wb["Key Results"]["D3"].number_format = "0.00"
    wb.save(path)

    do_recompute(path, as_of)
    ws = openpyxl.load_workbook(path)["Key Results"]
    header = [c.value for c in ws[1]]
    assert header == ["ID", "Objective", "Key Result", "Score", "Owner", "Baseline", "Target",
                      "Current", "Status", "Progress", "Expected", "Grade"]
    assert [ws.cell(row=r, column=4).value for r in range(2, 6)] == [
        0.5, approx(0.5), 0.75, approx(0.2)]
    assert [ws.cell(row=r, column=9).value for r in range(2, 6)] == [
        "on track", "on track", "on track", "off track"]
    assert ws["D2"].number_format == "0.0%"
    assert ws["D3"].number_format == "0.00"


def test_small_workbook_objectives(make_workbook, small_tabs, as_of):
    path = make_workbook(small_tabs)
    result = do_recompute(path, as_of)
    assert [(o["id"], o["score"], o["status"]) for o in result.analysis.objectives()] == [
        ("O1", 0.5, "on track"), ("O2", 0.475, "on track")]
    ws = openpyxl.load_workbook(path)["Objectives"]
    assert [c.value for c in ws[1]] == ["ID", "Objective", "Owner", "Period", "Score",
                                        "Expected", "Status", "KR Count"]
    assert [ws.cell(row=r, column=5).value for r in (2, 3)] == [approx(0.5), approx(0.475)]


def test_appended_columns_skip_columns_holding_formulas(make_workbook, small_tabs, as_of):
    path = make_workbook(small_tabs)
    wb = openpyxl.load_workbook(path)
    for r in range(2, 6):
        wb["Key Results"].cell(row=r, column=9, value=f"=G{r}*2")
    wb.save(path)
    do_recompute(path, as_of)
    ws = openpyxl.load_workbook(path)["Key Results"]
    assert [c.value for c in ws[1]] == [
        "ID", "Objective", "Key Result", "Owner", "Baseline", "Target", "Current", "Progress",
        None, "Score", "Expected", "Status", "Grade"]
    assert [ws.cell(row=r, column=9).value for r in range(2, 6)] == [
        "=G2*2", "=G3*2", "=G4*2", "=G5*2"]
