"""Reading workbooks into the model: tabs, header rows, columns, cell problems."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sheets_okr.errors import InputError
from sheets_okr.io.xlsx import XlsxBackend
from sheets_okr.model import Model
from sheets_okr.read.pipeline import build_model

from .conftest import KEY_RESULTS, OBJECTIVES, xlsxwriter_book


def read(path: Path) -> Model:
    return build_model(XlsxBackend(path).read())


def ids(model: Model, key: str) -> list[str]:
    return list(model.tables[key].frame["id"])


@pytest.mark.parametrize(
    ("objectives", "key_results"),
    [
        ("objectives", "key_results"),
        ("OKRs", "KRs"),
        ("okrs", "Key-Results"),
        (" OBJECTIVES ", "key results"),
        ("Goals", "KEY_RESULTS"),
    ],
)
def test_tabs_found_by_name_and_alias(make_workbook, objectives, key_results):
    path = make_workbook({objectives: OBJECTIVES, key_results: KEY_RESULTS})
    model = read(path)
    assert model.tables["objectives"].title == objectives
    assert model.tables["key_results"].title == key_results
    assert ids(model, "objectives") == ["O1", "O2"]
    assert ids(model, "key_results") == ["KR1", "KR2", "KR3", "KR4"]


def test_exact_tab_name_wins_over_alias(make_workbook):
    other = [["ID", "Objective"], ["X1", "Old goals"]]
    path = make_workbook({"OKRs": other, "Objectives": OBJECTIVES, "Key Results": KEY_RESULTS})
    model = read(path)
    assert model.tables["objectives"].title == "Objectives"
    assert ids(model, "objectives") == ["O1", "O2"]


def test_headers_matched_ignoring_case_spaces_and_punctuation(make_workbook):
    krs = [["kr id", "OBJECTIVE_ID", "key-result", "  target ", "current value"],
           ["KR1", "O1", "Raise NPS", 60, 50]]
    model = read(make_workbook({"Objectives": OBJECTIVES, "Key Results": krs}))
    table = model.tables["key_results"]
    assert table.columns == {"id": 1, "objective": 2, "key_result": 3, "target": 4,
                             "current": 5}
    assert table.frame.loc[2, ["id", "objective", "target", "current"]].tolist() == [
        "KR1", "O1", 60.0, 50.0]


def test_title_rows_and_merged_title_above_header(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Objectives"
    ws["A1"] = "Team goals for the quarter"
    ws.merge_cells("A1:D1")
    ws["A2"] = "Owner: Ana"
    for r, line in enumerate(OBJECTIVES, start=4):
        for c, value in enumerate(line, start=1):
            ws.cell(row=r, column=c, value=value)
    krs = wb.create_sheet("Key Results")
    for line in KEY_RESULTS:
        krs.append(line)
    path = tmp_path / "titled.xlsx"
    wb.save(path)

    model = read(path)
    table = model.tables["objectives"]
    assert table.header_row == 4
    assert list(table.frame.index) == [5, 6]
    assert ids(model, "objectives") == ["O1", "O2"]
    assert model.book.grids["Objectives"].merged == [(1, 1, 1, 4)]
    assert table.cell(6, "objective") == "B6"


def test_blank_rows_inside_a_table_are_skipped(make_workbook):
    krs = [KEY_RESULTS[0], KEY_RESULTS[1], [], [None, None, "   "], KEY_RESULTS[2]]
    model = read(make_workbook({"Objectives": OBJECTIVES, "Key Results": krs}))
    frame = model.tables["key_results"].frame
    assert list(frame.index) == [2, 5]
    assert list(frame["id"]) == ["KR1", "KR2"]
    assert model.problems == []


def test_extra_user_columns_are_ignored_and_recorded(make_workbook):
    krs = [["ID", "Notes", "Objective", "Key Result", "Target", "My calc"],
           ["KR1", "ask Ana", "O1", "Raise NPS", 60, 1234]]
    model = read(make_workbook({"Objectives": OBJECTIVES, "Key Results": krs}))
    table = model.tables["key_results"]
    assert table.extra_headers == {2: "Notes", 6: "My calc"}
    assert table.last_col == 6
    assert "notes" not in table.frame and "my_calc" not in table.frame
    assert table.columns == {"id": 1, "objective": 3, "key_result": 4, "target": 5}


def test_column_order_does_not_matter(make_workbook):
    order = [6, 2, 0, 5, 1, 3, 4]
    shuffled = [[line[i] for i in order] for line in KEY_RESULTS]
    plain = read(make_workbook({"Objectives": OBJECTIVES, "Key Results": KEY_RESULTS},
                               name="plain.xlsx"))
    moved = read(make_workbook({"Objectives": OBJECTIVES, "Key Results": shuffled},
                               name="moved.xlsx"))
    columns = ["id", "objective", "key_result", "owner", "baseline", "target", "current"]
    pd.testing.assert_frame_equal(plain.tables["key_results"].frame[columns],
                                  moved.tables["key_results"].frame[columns])
    assert moved.tables["key_results"].columns["current"] == 1
    assert moved.tables["key_results"].columns["id"] == 3


def test_computed_columns_already_present_are_located(make_workbook):
    krs = [["ID", "Objective", "Score", "Key Result", "Target", "Status"],
           ["KR1", "O1", None, "Raise NPS", 60, None]]
    table = read(make_workbook({"Objectives": OBJECTIVES,
                                "Key Results": krs})).tables["key_results"]
    assert table.computed == {"score": 3, "status": 6}
    assert "score" not in table.frame


def test_kpi_history_long_format(make_workbook):
    history = [["Date", "KPI", "Value", "Note"],
               [date(2026, 10, 1), "K1", 40, "first"],
               ["2026-11-01", "K1", "38", None],
               [date(2026, 10, 1), "K2", "45%", None]]
    model = read(make_workbook({"Objectives": OBJECTIVES, "Key Results": KEY_RESULTS,
                                "Readings": history}))
    frame = model.tables["kpi_history"].frame
    assert list(frame.index) == [2, 3, 4]
    assert list(frame["kpi"]) == ["K1", "K1", "K2"]
    assert list(frame["value"]) == [40.0, 38.0, 0.45]
    assert list(frame["date"]) == [pd.Timestamp("2026-10-01"), pd.Timestamp("2026-11-01"),
                                   pd.Timestamp("2026-10-01")]
    assert list(frame["note"].fillna("")) == ["first", "", ""]


def test_kpi_history_wide_format(make_workbook):
    history = [["Monthly readings"],
               ["KPI ID", date(2026, 9, 1), date(2026, 10, 1), "2026-11-01"],
               ["K1", 48, 44, 40],
               ["K2", 70, None, "72"]]
    model = read(make_workbook({"Objectives": OBJECTIVES, "Key Results": KEY_RESULTS,
                                "KPI History": history}))
    table = model.tables["kpi_history"]
    frame = table.frame
    assert table.header_row == 2
    assert list(frame["kpi"]) == ["K1", "K1", "K1", "K2", "K2"]
    assert list(frame["value"]) == [48.0, 44.0, 40.0, 70.0, 72.0]
    assert [d.date() for d in frame["date"]] == [
        date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1), date(2026, 9, 1),
        date(2026, 11, 1)]
    assert not frame["_error"].any()
    assert table.cell(4, "value") == "D4"


def test_wide_history_unreadable_reading_names_its_cell(make_workbook):
    history = [["KPI", date(2026, 9, 1), date(2026, 10, 1)], ["K1", 48, "lots"]]
    model = read(make_workbook({"Objectives": OBJECTIVES, "Key Results": KEY_RESULTS,
                                "KPI History": history}))
    [problem] = model.problems
    assert (problem.tab, problem.cell, problem.item, problem.value) == (
        "KPI History", "C2", "K1", "lots")
    assert problem.expected == "a number"
    assert list(model.tables["kpi_history"].frame["_error"]) == [False, True]


def test_unreadable_cells_become_problems(make_workbook):
    krs = [line + [None] for line in KEY_RESULTS]
    krs[0][-1] = "Start"
    krs[2][5] = "abc"
    krs[4][-1] = "someday"
    model = read(make_workbook({"Objectives": OBJECTIVES, "Key Results": krs}))
    found = [(p.tab, p.cell, p.item, p.header, p.value, p.expected) for p in model.problems]
    assert found == [
        ("Key Results", "F3", "KR2", "Target", "abc", "a number or a done/not-done value"),
        ("Key Results", "H5", "KR4", "Start", "someday", "a date"),
    ]
    frame = model.tables["key_results"].frame
    assert frame["_error"].to_dict() == {2: False, 3: True, 4: False, 5: True}
    assert pd.isna(frame.at[3, "target"])
    assert frame.at[3, "current"] == 0.04


def test_a_start_column_of_values_is_the_baseline(make_workbook):
    krs = [list(r) for r in KEY_RESULTS]
    krs[0][4] = "Start"
    krs[2][4] = "5%"
    model = read(make_workbook({"Objectives": OBJECTIVES, "Key Results": krs}))
    table = model.tables["key_results"]
    assert table.columns["baseline"] == 5 and "start" not in table.columns
    assert table.frame["baseline"].tolist() == [40, 0.05, 100, 0]
    assert model.problems == []


def test_a_start_column_of_dates_stays_the_start_date(make_workbook):
    krs = [line + [None] for line in KEY_RESULTS]
    krs[0][-1] = "Start"
    krs[1][-1] = date(2026, 10, 1)
    krs[2][-1] = "2026-10-15"
    krs[3][-1] = 0
    model = read(make_workbook({"Objectives": OBJECTIVES, "Key Results": krs}))
    table = model.tables["key_results"]
    assert (table.columns["baseline"], table.columns["start"]) == (5, 8)
    assert [(p.cell, p.value) for p in model.problems] == [("H4", 0)]


def test_missing_id_with_text_is_a_problem(make_workbook):
    krs = [list(r) for r in KEY_RESULTS]
    krs[3][0] = None
    model = read(make_workbook({"Objectives": OBJECTIVES, "Key Results": krs}))
    [problem] = model.problems
    assert (problem.cell, problem.header, problem.expected, problem.item) == (
        "A4", "ID", "an ID", "row 4")
    assert model.tables["key_results"].frame.at[4, "_error"]


def test_missing_required_tab(make_workbook):
    path = make_workbook({"Objectives": OBJECTIVES, "Notes": [["anything"]]})
    with pytest.raises(InputError) as err:
        read(path)
    assert "no Key Results tab found" in str(err.value)
    assert "'Objectives', 'Notes'" in str(err.value)


def test_missing_required_column_names_tab_and_header(make_workbook):
    krs = [["ID", "Objective", "Remarks", "Target"], ["KR1", "O1", "Raise NPS", 60]]
    with pytest.raises(InputError) as err:
        read(make_workbook({"Objectives": OBJECTIVES, "Key Results": krs}))
    assert str(err.value) == (
        "Tab 'Key Results': missing required column Key Result (its header row, within the "
        "first 30 rows, needs ID, Objective, Key Result)")


def test_missing_several_required_columns(make_workbook):
    krs = [["Remarks", "Theme", "Key Result"], ["KR1", "O1", "Raise NPS"]]
    with pytest.raises(InputError) as err:
        read(make_workbook({"Objectives": OBJECTIVES, "Key Results": krs}))
    assert str(err.value).startswith(
        "Tab 'Key Results': missing required columns ID, Objective (")


def test_optional_tab_without_its_headers_is_a_note(make_workbook):
    model = read(make_workbook({"Objectives": OBJECTIVES, "Key Results": KEY_RESULTS,
                                "Funnel": [["Period", "Visits"], ["2026-11", 100]]}))
    assert "funnel" not in model.tables
    assert model.notes == ["Tab 'Funnel' was not read: missing required column Conversions"]


def test_tool_owned_tabs_are_not_read_as_input(make_workbook):
    flags = [["Code", "Severity", "Tab", "Cell", "Item", "Message", "Hint"]]
    model = read(make_workbook({"Objectives": OBJECTIVES, "Key Results": KEY_RESULTS,
                                "Flags": flags}))
    assert set(model.tables) == {"objectives", "key_results"}
    assert "Flags" in model.book.grids


def test_error_values_are_problems_not_blanks(tmp_path):
    def errors(wb):
        wb.get_worksheet_by_name("Key Results").write_formula("G3", "=1/0", None, "#DIV/0!")
        wb.get_worksheet_by_name("Key Results").write_formula("E5", "=NA()", None, "#N/A")

    model = read(xlsxwriter_book(tmp_path / "errors.xlsx", errors))
    found = [(p.cell, p.value, p.expected) for p in model.problems]
    assert found == [("G3", "#DIV/0!", "a number or a done/not-done value"),
                     ("E5", "#N/A", "a number or a done/not-done value")]
    assert model.book.grids["Key Results"].formulas == {(3, 7), (5, 5)}
    assert model.tables["key_results"].frame["_error"].tolist() == [False, True, False, True]


def test_formulas_are_cells_with_formula_elements_only(tmp_path):
    def formulas(wb):
        for ws in wb.worksheets():
            ws.conditional_format("A2:A9", {"type": "formula", "criteria": "=LEN(A2)>3",
                                            "format": wb.add_format({"bold": True})})
        wb.get_worksheet_by_name("Key Results").write_formula("F3", "=40+60", None, 100)

    model = read(xlsxwriter_book(tmp_path / "formulas.xlsx", formulas))
    assert model.book.grids["Objectives"].formulas == set()
    assert model.book.grids["Key Results"].formulas == {(3, 6)}
    assert model.book.grids["Key Results"].value(3, 6) == 100
