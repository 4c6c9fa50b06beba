"""Workbooks as people really keep them, built by code: each imitates one real-world layout
of OKR or KPI sheets, with the scores, flags and written cells worked out by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from sheets_okr.model import parse_a1

Rows = list[list[Any]]
AS_OF = date(2026, 11, 15)
Q4 = 45 / 91  # elapsed share of 2026-Q4 on 2026-11-15
YEAR = 318 / 364  # elapsed share of 2026 on 2026-11-15


@dataclass
class Sheet:
    rows: Rows
    merges: tuple[str, ...] = ()


@dataclass
class Case:
    """A workbook and what sheets-okr must make of it on AS_OF."""

    name: str
    tabs: dict[str, Sheet]
    objectives: dict[str, tuple[float | None, str | None]] = field(default_factory=dict)
    key_results: dict[str, tuple[float | None, str | None, str | None]] = field(
        default_factory=dict)
    kpis: dict[str, tuple[float | None, str | None, str | None]] = field(default_factory=dict)
    flags: list[tuple[str, str, str, str]] = field(default_factory=list)
    written: dict[str, dict[str, Any]] = field(default_factory=dict)
    map_lines: tuple[str, ...] = ()
    mapping: str | None = None
    readable: bool = True

    @property
    def check_exit(self) -> int:
        return 1 if any(code in ERRORS for code, *_ in self.flags) else 0


ERRORS = {"OKR105", "OKR111", "OKR112", "OKR114", "OKR116"}


def write_xlsx(case: Case, path: Path) -> Path:
    """The case as an .xlsx file: text stays text (``"1.234,5"``), merges are merged."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, sheet in case.tabs.items():
        ws = wb.create_sheet(title)
        for r, line in enumerate(sheet.rows, start=1):
            for c, value in enumerate(line, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
        for rng in sheet.merges:
            ws.merge_cells(rng)
    wb.save(path)
    return path


def merge_spec(rng: str) -> dict[str, int]:
    """An A1 range as a Sheets API GridRange (without the sheet ID)."""
    first, last = rng.split(":")
    (r1, c1), (r2, c2) = parse_a1(first), parse_a1(last)
    return {"startRowIndex": r1 - 1, "endRowIndex": r2, "startColumnIndex": c1 - 1,
            "endColumnIndex": c2}


# 1 -------------------------------------------------------------------------------------

def single_dotted() -> Case:
    """Objectives and key results in one table, told apart by dotted IDs (1 / 1.1), under
    a title and a ``Period:`` line; the sheet's own empty Progress column gets the scores."""
    rows: Rows = [
        ["Marketing OKRs"],
        ["Period:", "2026-Q4"],
        [],
        ["ID", "Objective / Key Result", "Owner", "Baseline", "Target", "Current", "Progress",
         "Notes"],
        [1, "Grow organic demand", "Maya"],
        [1.1, "Raise organic sessions from 40k to 60k", "Maya", 40000, 60000, 52000, None,
         "from GA, weekly"],
        [1.2, "Increase newsletter subscribers from 2,000 to 5,000", "Leo", 2000, 5000, 2600],
        [2, "Make our brand memorable", "Ana"],
        [2.1, "Lift aided brand recall from 12% to 20%", "Ana", 0.12, 0.20, 0.18],
        [2.2, "Cut cost per lead from $80 to $50", "Ana", "$80", "$50", "$65"],
        [2.3, "Raise share of voice from 10% to 15%", "Ana", "10%", "15%", "n/a"],
    ]
    return Case(
        "single_dotted", {"Team OKRs": Sheet(rows)},
        objectives={"1": (0.4, "on track"), "2": (0.625, "on track")},
        key_results={"1.1": (0.6, "on track", "yellow"), "1.2": (0.2, "off track", "red"),
                     "2.1": (0.75, "on track", "green"), "2.2": (0.5, "on track", "yellow"),
                     "2.3": (None, "no data", None)},
        flags=[("OKR118", "Team OKRs", "F11", "2.3")],
        written={"Team OKRs": {"G5": 0.4, "G6": 0.6, "G7": 0.2, "G8": 0.625, "G9": 0.75,
                               "G10": 0.5, "I4": "Expected", "J4": "Status", "K4": "KR Count",
                               "L4": "Grade", "J5": "on track", "J7": "off track",
                               "K5": 2, "K8": 3, "L6": "yellow"}},
        map_lines=("Tab 'Team OKRs': objectives and key results in one table (detected)",
                   "  rows: objectives 5, 8 (by dotted IDs (1 / 1.1)); key results 6-7, 9-11"),
    )
