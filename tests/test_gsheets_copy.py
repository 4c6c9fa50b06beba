"""``recompute SHEET --output copy.xlsx``: the results go into an Excel copy of the sheet,
the live sheet is only read."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.example_results import SCORES
from tests.gsheets_helpers import api_requests, read_tab, run_cli, tab_titles
from tests.sheets_api.server import SheetsApiServer

EXAMPLE_TABS = ["Objectives", "Key Results", "Initiatives", "KPIs", "KPI History", "ROI",
                "Funnel"]


def test_an_output_file_takes_the_results_and_the_sheet_is_left_alone(
        server: SheetsApiServer, example: str, tmp_path: Path) -> None:
    before = {t: read_tab(server, example, t) for t in EXAMPLE_TABS}
    out = tmp_path / "copy.xlsx"
    code, stdout, err = run_cli("recompute", example, "--as-of", "2026-11-15", "--output",
                                str(out))
    assert code == 0, err
    assert api_requests(server) == ["get"]
    assert server.count(kind="write") == 0
    assert tab_titles(server, example) == EXAMPLE_TABS
    assert {t: read_tab(server, example, t) for t in EXAMPLE_TABS} == before
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:7] == EXAMPLE_TABS
    assert {"Flags", "Dashboard"} <= set(wb.sheetnames)
    rows = list(wb["Key Results"].iter_rows(values_only=True))
    score = rows[0].index("Score")
    assert {r[0]: r[score] for r in rows[1:] if r[0]} == pytest.approx(SCORES)
    assert rows[1][:3] == tuple(before["Key Results"][1][:3])


def test_an_existing_output_file_needs_force(server: SheetsApiServer, example: str,
                                             tmp_path: Path) -> None:
    out = tmp_path / "copy.xlsx"
    out.write_bytes(b"someone's file")
    code, _, err = run_cli("recompute", example, "--as-of", "2026-11-15", "--output", str(out))
    assert code == 2
    assert "Add --force to replace it" in err
    assert out.read_bytes() == b"someone's file"
    assert server.count(kind="write") == 0
    code, _, err = run_cli("recompute", example, "--as-of", "2026-11-15", "--output", str(out),
                           "--force")
    assert code == 0, err
    assert "Flags" in openpyxl.load_workbook(out).sheetnames


def test_backup_of_a_google_sheet_is_refused(server: SheetsApiServer, example: str) -> None:
    code, _, err = run_cli("recompute", example, "--backup")
    assert code == 2
    assert err == ("Error: --backup keeps a copy of an Excel file; a Google Sheet keeps its "
                   "own version history\n")
    assert server.count(kind="write") == 0
