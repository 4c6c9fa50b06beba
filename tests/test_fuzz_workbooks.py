"""Whole workbooks of arbitrary cell values: recompute and check never fail a user.

The bounded profile runs in CI; `scripts/fuzz` runs the long one.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from hypothesis import HealthCheck, given, settings

from sheets_okr.config import Settings
from sheets_okr.io.xlsx import XlsxBackend
from sheets_okr.run import check, recompute
from tests.fuzz_workbooks import workbooks

AS_OF = date(2026, 11, 15)
EXAMPLES = int(os.environ.get("SHEETS_OKR_FUZZ_EXAMPLES", "15"))
STATUSES = {"achieved", "on track", "at risk", "off track", "missed", "no data"}
HEALTH = {"healthy", "warning", "breach", "stale", "no data"}
OWNED = {"Flags", "Dashboard", "History", "_sheets_okr"}


def write(path: Path, book: dict[str, list[list[Any]]]) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in book.items():
        ws = wb.create_sheet(title)
        for r, line in enumerate(rows, start=1):
            for c, value in enumerate(line, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
    wb.save(path)


def cells(path: Path) -> dict[tuple[str, int, int], Any]:
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        if ws.title in OWNED:
            continue
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    out[(ws.title, cell.row, cell.column)] = cell.value
    return out


def in_unit_range(series: pd.Series) -> bool:
    values = pd.to_numeric(series, errors="coerce").dropna()
    return bool(((values >= 0) & (values <= 1)).all())


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(book=workbooks())
def test_recompute_and_check_never_fail_and_never_touch_input(book: dict[str, list[list[Any]]]
                                                              ) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.xlsx"
        write(path, book)
        before = cells(path)
        analysis, flags = check(XlsxBackend(path), AS_OF, Settings())
        problems = Counter((p.tab, p.cell) for p in analysis.model.problems)
        unreadable = Counter((f.tab, f.cell) for f in flags if f.code == "OKR116")
        assert unreadable == problems

        result = recompute(XlsxBackend(path), AS_OF, Settings())
        after = cells(path)
        changed = {k: (v, after.get(k)) for k, v in before.items() if after.get(k) != v}
        assert changed == {}

        res = result.analysis.results.tables
        assert in_unit_range(res["key_results"]["score"])
        assert in_unit_range(res["key_results"]["expected"])
        assert in_unit_range(res["objectives"]["score"])
        assert set(res["key_results"]["status"].dropna()) <= STATUSES
        assert set(res["objectives"]["status"].dropna()) <= STATUSES
        if "kpis" in res:
            assert set(res["kpis"]["health"].dropna()) <= HEALTH

        again = recompute(XlsxBackend(path), AS_OF, Settings())
        assert again.cells_written == 0
