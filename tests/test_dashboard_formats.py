"""Dashboard tables show their shares as percentages, like the columns they come from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from sheets_okr.io.xlsx import XlsxBackend
from sheets_okr.run import recompute


def test_dashboard_scores_and_rates_are_percent_formatted(example_xlsx: Path,
                                                          as_of: date) -> None:
    recompute(XlsxBackend(example_xlsx), as_of)
    ws = openpyxl.load_workbook(example_xlsx)["Dashboard"]
    rows = [[c for c in row] for row in ws.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[0].value == "Objective")
    first = rows[header + 1]
    assert first[0].value.startswith("O1 ")
    assert round(first[1].value, 4) == round(2 / 9, 4)
    assert first[1].number_format == "0.0%"
    assert first[2].value == 0.7 and first[2].number_format == "0.0%"
    kpi = next(i for i, r in enumerate(rows) if str(r[0].value).startswith("KPI K1"))
    reading = rows[kpi + 2]
    assert isinstance(reading[1].value, (int, float))
    assert reading[1].number_format == "General"
    assert reading[0].number_format == "yyyy-mm-dd"
