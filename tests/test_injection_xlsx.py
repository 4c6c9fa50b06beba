"""Text from the sheet is never written so that a spreadsheet would evaluate it."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl

from sheets_okr.io.xlsx import XlsxBackend
from sheets_okr.io.xlsx.create import create_workbook
from sheets_okr.io.xlsx.parts import sheet_parts
from sheets_okr.run import recompute
from sheets_okr.templates import example_tables

NASTY = ['=HYPERLINK("http://evil.example","x")', "+1-2", "-2+3", "@SUM(1,2)"]


def test_user_text_reaches_flags_and_dashboard_as_plain_text(tmp_path: Path) -> None:
    tables = example_tables(date(2026, 11, 15))
    objectives = tables["Objectives"]
    header = objectives.index(next(r for r in objectives if r and r[0] == "ID"))
    for offset, text in enumerate(NASTY[:3], start=1):
        objectives[header + offset][1] = text
    assert tables["Key Results"][8][0] == "KR8"
    tables["Key Results"][8][0] = NASTY[3]
    path = tmp_path / "nasty.xlsx"
    create_workbook(path, tables)

    recompute(XlsxBackend(path), date(2026, 11, 15))

    wb = openpyxl.load_workbook(path)
    flags_text = [c.value for row in wb["Flags"].iter_rows() for c in row
                  if isinstance(c.value, str)]
    dash = [c for row in wb["Dashboard"].iter_rows() for c in row if isinstance(c.value, str)]
    for text in NASTY[:3]:
        assert any(v.startswith(f"O{NASTY.index(text) + 1} {text}"[:20]) for v in
                   (c.value for c in dash))
    assert all(c.data_type == "s" for c in dash)
    assert NASTY[3] in flags_text
    with zipfile.ZipFile(path) as archive:
        for title in ("Flags", "Dashboard"):
            xml = archive.read(sheet_parts(archive)[title]).decode()
            assert not re.search(r"<(\w+:)?f[ >]", xml), title
