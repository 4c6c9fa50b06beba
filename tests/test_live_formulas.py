"""Live formulas: the computed columns written as formulas give, once LibreOffice has
recalculated them, the values the tool computes; on the example and on every layout
fixture; a typed Current moves the scores with no run; the local Sheets API server
accepts the same formulas; the tool's own formulas are told from a person's."""

from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sheets_okr.changes import Formula
from sheets_okr.config import Settings
from sheets_okr.config_file import load_settings
from sheets_okr.io import open_backend
from sheets_okr.run import RunResult, recompute
from tests.gsheets_helpers import counts
from tests.layouts import CASES, write_xlsx
from tests.sheets_api.server import SheetsApiServer
from tests.test_dashboard_xlsx import require

TODAY = date.today()  # LibreOffice's TODAY() when it recalculates
LIVE = Settings(formulas=True)


@dataclass
class Recalculated:
    formulas: dict[tuple[str, str], str]
    libreoffice: dict[tuple[str, str], Any]
    tool: dict[tuple[str, str], Any]

    def differences(self) -> list[tuple[str, str, Any, Any]]:
        return [(tab, cell, self.libreoffice.get((tab, cell)), want)
                for (tab, cell), want in self.tool.items()
                if not same(self.libreoffice.get((tab, cell)), want)]


def same(got: Any, want: Any) -> bool:
    if got in (None, "") and want in (None, ""):
        return True
    if isinstance(got, datetime) and isinstance(want, date):
        return got == datetime.combine(want, datetime.min.time())
    if isinstance(got, (int, float)) and isinstance(want, (int, float)):
        return abs(got - want) < 1e-9
    return bool(got == want)


def without_cached_values(src: Path, dst: Path) -> Path:
    """A copy whose formula cells keep no result, so that LibreOffice must compute them."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"(</f>)<v>[^<]*</v>", rb"\1", data)
            out.writestr(item, data)
    return dst


def recalculate(path: Path, tmp_path: Path) -> Path:
    soffice = require("soffice", "libreoffice")
    bare = without_cached_values(path, tmp_path / f"bare-{path.name}")
    out = tmp_path / "recalculated"
    profile = f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}"
    subprocess.run([soffice, profile, "--headless", "--convert-to", "xlsx", "--outdir",
                    str(out), str(bare)], check=True, capture_output=True, timeout=300)
    return out / bare.name


def compare(path: Path, result: RunResult, tmp_path: Path) -> Recalculated:
    """Every formula cell of ``path``: its LibreOffice value and the tool's value."""
    wb = openpyxl.load_workbook(path)
    formulas = {(ws.title, c.coordinate): c.value for ws in wb.worksheets
                for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("=")}
    values = {(ch.tab, ch.cell): ch.value.value for ch in result.changes.cells
              if isinstance(ch.value, Formula)}
    done = openpyxl.load_workbook(recalculate(path, tmp_path), data_only=True)
    lo = {(tab, cell): done[tab][cell].value for tab, cell in formulas}
    return Recalculated(formulas, lo, {k: values[k] for k in formulas if k in values})


def test_example_formulas_equal_the_computed_values_in_libreoffice(example_xlsx: Path,
                                                                   tmp_path: Path) -> None:
    result = recompute(open_backend(str(example_xlsx)), TODAY, LIVE)
    check = compare(example_xlsx, result, tmp_path)
    assert len(check.formulas) >= 90
    assert set(check.tool) == set(check.formulas)  # each formula written this run
    assert check.differences() == []
    tabs = {tab for tab, _ in check.formulas}
    assert tabs == {"Objectives", "Key Results", "KPIs", "ROI", "Funnel"}
    kpi_cells = {cell for tab, cell in check.formulas if tab == "KPIs"}
    assert kpi_cells == {f"{col}{row}" for col in "LMN" for row in range(2, 8)}  # Latest,
    # Latest Date and Health of the six KPIs
    assert recompute(open_backend(str(example_xlsx)), TODAY, LIVE).cells_written == 0


def recompute_live(made: Any, tmp_path: Path, as_of: date) -> tuple[Path, RunResult]:
    """A layout fixture written to a workbook and recomputed with live formulas, through
    its mapping when it has one."""
    path = write_xlsx(made, tmp_path / "layout.xlsx")
    settings = LIVE
    if made.mapping:
        config = tmp_path / "sheets-okr.toml"
        config.write_text(made.mapping, encoding="utf-8")
        settings = load_settings(config).with_overrides(formulas=True)
    return path, recompute(open_backend(str(path)), as_of, settings)


@pytest.mark.parametrize("case", [c for c in CASES if c().readable],
                         ids=lambda c: c.__name__)
def test_layout_fixture_formulas_equal_the_computed_values(case: Any, tmp_path: Path) -> None:
    path, result = recompute_live(case(), tmp_path, TODAY)
    check = compare(path, result, tmp_path)
    assert check.differences() == []


def test_formulas_follow_the_tables_when_they_grow(example_xlsx: Path,
                                                  tmp_path: Path) -> None:
    recompute(open_backend(str(example_xlsx)), TODAY, LIVE)
    wb = openpyxl.load_workbook(example_xlsx)
    ws = wb["Key Results"]
    header = [c.value for c in ws[1]]
    for n in range(11, 711):  # 700 more key results of O3
        row: list[Any] = [None] * len(header)
        for key, value in (("ID", f"KR{n}"), ("Objective", "O3"), ("Owner", "Lee"),
                           ("Key Result", f"Ship part {n}"), ("Baseline", 0),
                           ("Target", 10), ("Current", n % 11)):
            row[header.index(key)] = value
        ws.append(row)
    history = wb["KPI History"]
    for n in range(1100):  # K6 read every day for three years, the last today
        history.append([datetime.combine(TODAY, datetime.min.time()) - timedelta(days=n),
                        "K6", 150000 + n])
    wb.save(example_xlsx)
    result = recompute(open_backend(str(example_xlsx)), TODAY, LIVE)
    check = compare(example_xlsx, result, tmp_path)
    assert check.differences() == []
    assert ("Key Results", f"M{len(ws['A'])}") in check.formulas  # the last row scored
    objective_score = check.formulas[("Objectives", "G6")]
    assert "$B$2:$B$2000" in objective_score and "$B$2:$B$1000" not in objective_score
    kpis = openpyxl.load_workbook(example_xlsx)["KPIs"]
    k6 = next(r for r in range(2, 8) if kpis.cell(row=r, column=1).value == "K6")
    assert "$C$2:$C$2000" in check.formulas[("KPIs", f"L{k6}")]
    assert check.libreoffice[("KPIs", f"L{k6}")] == 150000  # today's reading, row 1100+


def test_a_typed_current_moves_the_scores_with_no_run(example_xlsx: Path,
                                                      tmp_path: Path) -> None:
    recompute(open_backend(str(example_xlsx)), TODAY, LIVE)
    wb = openpyxl.load_workbook(example_xlsx)
    wb["Key Results"]["H6"] = 90  # KR5: 45 -> 90 of 100
    wb.save(example_xlsx)
    done = openpyxl.load_workbook(recalculate(example_xlsx, tmp_path), data_only=True)
    header = [c.value for c in done["Key Results"][1]]
    assert done["Key Results"].cell(row=6, column=header.index("Score") + 1).value == \
        pytest.approx(0.9)
    after = recompute(open_backend(str(example_xlsx)), TODAY, Settings())  # values again
    objectives = after.analysis.results.tables["objectives"]
    o2 = done["Objectives"].cell(row=5, column=7).value
    assert o2 == pytest.approx(objectives["score"].iloc[1])


def test_formulas_off_writes_values_and_a_persons_formula_stays(example_xlsx: Path) -> None:
    recompute(open_backend(str(example_xlsx)), TODAY, LIVE)
    wb = openpyxl.load_workbook(example_xlsx)
    wb["Key Results"]["N3"] = "=0.5"  # a person's formula in KR2's Expected
    wb.save(example_xlsx)
    back = recompute(open_backend(str(example_xlsx)), TODAY, Settings())
    assert [(f.code, f.cell) for f in back.flags if f.code == "OKR119"] == [("OKR119", "N3")]
    wb = openpyxl.load_workbook(example_xlsx)
    assert wb["Key Results"]["N3"].value == "=0.5"
    assert not any(isinstance(c.value, str) and c.value.startswith("=")
                   for row in wb["Key Results"].iter_rows(min_row=2) for c in row
                   if c.coordinate != "N3")


def test_the_sheets_api_server_accepts_the_same_formulas(server: SheetsApiServer,
                                                         example: str) -> None:
    result = recompute(open_backend(example), TODAY, LIVE)
    sent = {(c.tab, c.cell): str(c.value) for c in result.changes.cells
            if isinstance(c.value, Formula)}
    assert len(sent) >= 90
    stored = {}
    for tab, cell in sent:
        entered = server.store.get_cell(example, tab, cell).get("userEnteredValue", {})
        stored[(tab, cell)] = entered.get("formulaValue")
    assert stored == sent
    server.clear_log()
    again = recompute(open_backend(example), TODAY, LIVE)
    assert again.cells_written == 0 and counts(server)["batchUpdate"] == 0
