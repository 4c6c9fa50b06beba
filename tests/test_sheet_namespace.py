"""A sheet the tool adds names its relationship the same way whatever else the process
has imported: ``r:id``, declared where it is used when the workbook does not declare it."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook

RUN = """
import sys
from sheets_okr.cli import main
sys.argv = ["sheets-okr", "recompute", sys.argv[1], "--as-of", "2026-11-15", "--quiet"]
try:
    main()
finally:
    assert "openpyxl" not in sys.modules, "this run was to be made without openpyxl"
"""


def _goals(path: Path) -> None:
    book = Workbook()
    objectives = book.active
    objectives.title = "Objectives"
    objectives.append(["ID", "Objective", "Owner"])
    objectives.append(["O1", "Customers love the new onboarding", "Ana"])
    results = book.create_sheet("Key Results")
    results.append(["ID", "Objective ID", "Key Result", "Baseline", "Target", "Current"])
    results.append(["KR1", "O1", "Raise activation from 20% to 40%", 0.2, 0.4, 0.3])
    book.save(path)


def test_added_sheets_name_their_relationship_r_without_openpyxl(tmp_path: Path) -> None:
    path = tmp_path / "goals.xlsx"
    _goals(path)
    with zipfile.ZipFile(path) as archive:
        before = archive.read("xl/workbook.xml").decode()
    assert 'xmlns:r="' not in before.split("<sheets>")[0]  # declared per sheet, not above

    run = subprocess.run([sys.executable, "-c", RUN, str(path)], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr

    with zipfile.ZipFile(path) as archive:
        after = archive.read("xl/workbook.xml").decode()
    sheets = re.findall(r"<sheet [^>]*>", after)
    assert len(sheets) > 2  # the tool's own tabs were added
    for sheet in sheets:
        assert ' r:id="rId' in sheet, sheet
    assert not re.search(r"\bns\d+:", after)
