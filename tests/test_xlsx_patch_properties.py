"""Property: a patched workbook reads back as the original overlaid by the change set."""

from __future__ import annotations

import re
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheets_okr.changes import CellChange, ChangeSet, comparable

from .conftest import write_rows
from .test_xlsx_patch import assert_untouched, calamine_grid, grid_value, patched

TITLES = ("Alpha", "Beta β", "Gamma 3")
ROWS, COLS = 12, 6
Cells = dict[tuple[int, int], Any]

_ESCAPE_LIKE = re.compile(r"_x[0-9A-Fa-f]{4}_")
texts = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"),
    max_size=12,
).filter(lambda t: not _ESCAPE_LIKE.search(t))
values = st.one_of(
    st.integers(-10**12, 10**12),
    st.floats(-1e300, 1e300, allow_nan=False),
    texts,
    st.booleans(),
    st.dates(date(1900, 3, 1), date(2100, 12, 31)),
    st.datetimes(datetime(1900, 3, 1), datetime(2100, 12, 31)).map(
        lambda d: d.replace(microsecond=0)),
)
cells = st.dictionaries(st.tuples(st.integers(1, ROWS), st.integers(1, COLS)), values,
                        max_size=25)
workbooks = st.lists(cells, min_size=1, max_size=len(TITLES)).map(
    lambda sheets: dict(zip(TITLES, sheets, strict=False)))


@st.composite
def change_sets(draw: st.DrawFn, book: dict[str, Cells]) -> ChangeSet:
    """Random changes; a plain number never goes into a cell formatted as a date, since
    it keeps that format (as with openpyxl) and would read back as a date."""
    dated = {(tab, *cell) for tab, content in book.items() for cell, value in content.items()
             if isinstance(value, date)}
    changes = []
    for _ in range(draw(st.integers(0, 20))):
        tab = draw(st.sampled_from(sorted(book)))
        row, col = draw(st.integers(1, ROWS + 8)), draw(st.integers(1, COLS + 4))
        value = draw(st.one_of(st.none(), values))
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        if numeric and (tab, row, col) in dated:
            continue
        if isinstance(value, date):
            dated.add((tab, row, col))
        fmt = draw(st.sampled_from([None, "0%", "0.00", "#,##0"])) if numeric else None
        header = isinstance(value, str) and draw(st.booleans())
        changes.append(CellChange(tab, row, col, value, fmt, header=header))
    return ChangeSet(cells=changes)


def write_book(path: Path, book: dict[str, Cells]) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, content in book.items():
        ws = wb.create_sheet(title)
        grid: list[list[Any]] = [[None] * COLS for _ in range(ROWS)]
        for (row, col), value in content.items():
            grid[row - 1][col - 1] = value
        write_rows(ws, grid)
    wb.save(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), book=workbooks)
def test_patched_workbook_reads_as_original_overlaid_by_changes(
        data: st.DataObject, book: dict[str, Cells]) -> None:
    changes = data.draw(change_sets(book))
    expected = {title: dict(content) for title, content in book.items()}
    for change in changes.cells:
        expected[change.tab][(change.row, change.col)] = change.value
    with tempfile.TemporaryDirectory() as folder:
        src = Path(folder) / "book.xlsx"
        write_book(src, book)
        out, written = patched(src, changes)
        assert written == len(changes.cells)
        touched = {"xl/workbook.xml", "xl/styles.xml"} | {
            f"xl/worksheets/sheet{TITLES.index(c.tab) + 1}.xml" for c in changes.cells}
        assert_untouched(src, out, touched)
        reread = openpyxl.load_workbook(out)
        for title, content in expected.items():
            grid = calamine_grid(out, title)
            for row in range(1, ROWS + 9):
                for col in range(1, COLS + 5):
                    want = comparable(content.get((row, col)))
                    got = reread[title].cell(row, col).value
                    assert comparable(got) == want, (title, row, col, got)
                    got = grid_value(grid, row, col)
                    assert comparable(got) == want, (title, row, col, got)
