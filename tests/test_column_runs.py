"""Computed cells held as runs down a column: the same workbook as cell by cell, less held."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheets_okr.cell_changes import CellChange, CellChanges, ColumnRun, by_row
from sheets_okr.changes import ChangeSet
from sheets_okr.io.xlsx import XlsxBackend
from sheets_okr.io.xlsx.patch import PatchUnsupported, patch_package
from sheets_okr.plan import make_plan
from sheets_okr.run import analyse_book

from .conftest import write_rows
from .layouts import quarter_bands, single_dotted, write_xlsx

AS_OF = date(2026, 11, 16)


def book(path: Path) -> Path:
    """Two tabs with values, a date format and a header row (styles to derive from)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    write_rows(wb.create_sheet("Goals"), [["ID", "Name", "Score", "Due"],
                                          *[[f"G{r}", f"goal {r}", None, None]
                                            for r in range(2, 13)]])
    wb["Goals"]["A1"].font = openpyxl.styles.Font(bold=True)
    wb["Goals"]["D3"].number_format = "d mmm yyyy"
    write_rows(wb.create_sheet("Other"), [["x", 1], ["y", 2]])
    wb.save(path)
    return path


def package(src: Path, cells: CellChanges) -> dict[str, bytes]:
    out = io.BytesIO()
    patch_package(src, out, ChangeSet(cells=cells))
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


VALUES = st.one_of(st.none(), st.integers(-5, 5), st.sampled_from([0.25, 1.5, "on track", "",
                                                                 date(2026, 3, 1)]))
CHANGES = st.lists(st.tuples(
    st.booleans(),  # put (part of a run where it continues one) or a single change
    st.sampled_from(["Goals", "Other"]), st.integers(1, 14), st.integers(1, 6), VALUES,
    st.sampled_from([None, "0%", "0.0"])), max_size=40)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=CHANGES)
def test_runs_write_the_package_cell_by_cell_changes_write(tmp_path: Path,
                                                           changes: list[Any]) -> None:
    src = book(tmp_path / "book.xlsx")
    runs, singles = CellChanges(), CellChanges()
    for as_run, tab, row, col, value, fmt in changes:
        if as_run:
            runs.put(tab, row, col, value, fmt)
        else:
            runs.append(CellChange(tab, row, col, value, fmt))
        singles.append(CellChange(tab, row, col, value, fmt))
    assert list(runs) == list(singles) and len(runs) == len(singles)
    assert all(type(e) is CellChange for e in singles.entries)
    assert package(src, runs) == package(src, singles)


def test_a_row_met_first_outside_a_run_keeps_its_order(tmp_path: Path) -> None:
    src = book(tmp_path / "book.xlsx")
    runs = CellChanges([CellChange("Goals", 9, 3, date(2026, 1, 2))])
    for row in range(4, 12):
        runs.put("Goals", row, 3, row / 10, "0%")
    runs.append(CellChange("Goals", 3, 4, date(2026, 5, 6), "yyyy-mm-dd"))
    for row in range(2, 6):
        runs.put("Goals", row, 4, date(2026, 1, row))
    assert [type(e) for e in runs.entries] == [CellChange, ColumnRun, CellChange, ColumnRun]
    rows, _ = by_row(runs.entries)
    assert rows == [9, 4, 5, 6, 7, 8, 10, 11, 3, 2]
    assert package(src, runs) == package(src, CellChanges(list(runs)))


def test_a_run_of_one_cell_is_held_as_a_cell_change() -> None:
    cells = CellChanges()
    cells.put("T", 2, 3, 1.0)
    cells.put("T", 2, 4, 2.0)  # another column: the first run cannot go on
    cells.put("T", 3, 4, 3.0)
    assert [type(e) for e in cells.entries] == [CellChange, ColumnRun]
    cells.put("T", 1, 4, 4.0)  # above the run: a new one
    cells.append(CellChange("T", 9, 9, 0))
    assert [type(e) for e in cells.entries] == [CellChange, ColumnRun, CellChange, CellChange]
    assert [c.cell for c in cells] == ["C2", "D2", "D3", "D1", "I9"]


def test_extending_by_other_changes_keeps_their_runs_apart_from_them(tmp_path: Path) -> None:
    src = book(tmp_path / "book.xlsx")
    planned = CellChanges([CellChange("Goals", 1, 3, "Score")])
    for row in range(2, 8):
        planned.put("Goals", row, 3, row / 10, "0%")
    cells = CellChanges([CellChange("Other", 1, 2, 5)])
    cells.put("Goals", 3, 4, 1)  # a run of one, settled when the others come
    cells.extend(planned)
    assert [type(e) for e in cells.entries] == [CellChange, CellChange, CellChange, ColumnRun]
    assert len(cells) == 9 and list(cells)[2:] == list(planned)
    cells.put("Goals", 9, 3, 0.9)  # goes on with its copy of the last run only
    planned.put("Goals", 12, 3, 1.2)
    assert [c.row for c in cells][-2:] == [7, 9] and [c.row for c in planned][-2:] == [7, 12]
    assert len(cells) == 10 and len(planned) == 8
    assert package(src, cells) == package(src, CellChanges(list(cells)))


def test_a_run_into_a_table_header_is_refused_at_its_first_cell_there(tmp_path: Path) -> None:
    from .test_xlsx_patch import refused, rich_workbook

    src = rich_workbook(tmp_path / "rich.xlsx")
    cells = CellChanges()
    for row in (1, 2, 3):
        cells.put("Budget", row, 2, "x")
    assert "B1 on 'Budget' is a table header" in refused(src, ChangeSet(cells=cells))


def test_a_run_past_the_last_row_of_a_sheet_is_refused(tmp_path: Path) -> None:
    src = book(tmp_path / "book.xlsx")
    cells = CellChanges()
    for row in (5, 1_048_576, 1_048_577):
        cells.put("Goals", row, 3, 1)
    with pytest.raises(PatchUnsupported, match=r"\(1048577, 3\) is outside the sheet"):
        patch_package(src, io.BytesIO(), ChangeSet(cells=cells))


@pytest.mark.parametrize("case", [single_dotted, quarter_bands])
def test_a_plan_holds_computed_columns_as_runs(tmp_path: Path, case: Any) -> None:
    path = write_xlsx(case(), tmp_path / "case.xlsx")
    analysis = analyse_book(XlsxBackend(path).read(), AS_OF)
    cells = make_plan(analysis.model, analysis.results, analysis.flags, analysis.settings,
                      AS_OF, None, analysis.ownership).changes.cells
    runs = [e for e in cells.entries if type(e) is ColumnRun]
    assert runs and sum(map(len, runs)) > 2 * len(runs)
    assert len(cells) == sum(len(e) if type(e) is ColumnRun else 1 for e in cells.entries)
    tables = [t for whole in analysis.model for t, _ in whole.pieces()]
    for run in runs:  # each run down a computed column of a table, in its rows
        assert any(t.title == run.tab and run.col in t.computed.values()
                   and set(run.rows) <= set(t.frame.index) for t in tables)
