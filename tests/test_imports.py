"""The calculation core and the linter stand alone: no spreadsheet library is loaded."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["sheets_okr.calc", "sheets_okr.lint", "sheets_okr.run",
                                    "sheets_okr.report"])
def test_core_does_not_import_spreadsheet_libraries(module: str) -> None:
    code = (f"import sys, {module}; "
            "print(sorted(m for m in ('openpyxl', 'gspread', 'python_calamine', 'googleapiclient')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
