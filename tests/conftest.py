"""Shared fixtures: a fixed date, the example workbook and a builder for ad-hoc workbooks."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import settings

from sheets_okr.io.xlsx.create import create_workbook
from sheets_okr.templates import example_tables

pytest_plugins = ["tests.conftest_sheets_api", "tests.conftest_postgres"]

AS_OF = date(2026, 11, 15)

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

Rows = list[list[Any]]
Builder = Callable[..., Path]


@pytest.fixture
def as_of() -> date:
    return AS_OF


@pytest.fixture
def example_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "example.xlsx"
    create_workbook(path, example_tables(AS_OF))
    return path


def write_rows(ws: Any, rows: Rows) -> None:
    """Put ``rows`` into ``ws`` as given: str stays text (even "=..."), None stays empty."""
    for r, line in enumerate(rows, start=1):
        for c, value in enumerate(line, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"


def build_workbook(path: Path, tabs: dict[str, Rows]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in tabs.items():
        write_rows(wb.create_sheet(title), rows)
    wb.save(path)
    return path


def xlsxwriter_book(path: Path, decorate: Callable[[Any], None] = lambda wb: None,
                    tabs: dict[str, Rows] | None = None) -> Path:
    """``tabs`` (the small Objectives and Key Results by default) written by XlsxWriter,
    which writes what openpyxl cannot (sparklines, text boxes, control characters as
    ``_xHHHH_``), then ``decorate``d with the open workbook."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(path)
    for title, rows in (tabs or {"Objectives": OBJECTIVES, "Key Results": KEY_RESULTS}).items():
        ws = wb.add_worksheet(title)
        for r, line in enumerate(rows):
            ws.write_row(r, 0, line)
    decorate(wb)
    wb.close()
    return path


@pytest.fixture
def make_workbook(tmp_path: Path) -> Builder:
    """``make_workbook({title: rows}, name="book.xlsx")`` -> the path of a new workbook."""

    def make(tabs: dict[str, Rows], name: str = "book.xlsx") -> Path:
        return build_workbook(tmp_path / name, tabs)

    return make


OBJECTIVES: Rows = [
    ["ID", "Objective", "Owner", "Period"],
    ["O1", "Delight customers", "Ana", "2026-Q4"],
    ["O2", "Grow revenue", "Ben", "2026-Q4"],
]
KEY_RESULTS: Rows = [
    ["ID", "Objective", "Key Result", "Owner", "Baseline", "Target", "Current"],
    ["KR1", "O1", "Raise NPS from 40 to 60", "Ana", 40, 60, 50],
    ["KR2", "O1", "Cut churn from 5% to 3%", "Ana", 0.05, 0.03, 0.04],
    ["KR3", "O2", "Reach 200 paying customers", "Ben", 100, 200, 175],
    ["KR4", "O2", "Sign 10 partners", "Ben", 0, 10, 2],
]


@pytest.fixture
def small_tabs() -> dict[str, Rows]:
    """Two objectives and four key results; copies, so tests may change them."""
    return {"Objectives": [list(r) for r in OBJECTIVES],
            "Key Results": [list(r) for r in KEY_RESULTS]}
