"""The ready-to-use templates: rebuilt from code as committed, each read by sheets-okr with
no mapping and scored, and ``init --template NAME`` (Excel and Google Sheets)."""

from __future__ import annotations

import importlib.util
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sheets_okr.config import Settings
from sheets_okr.io import open_backend
from sheets_okr.run import analyse_book, recompute
from sheets_okr.templates.workbooks import TEMPLATES
from tests.gsheets_helpers import read_tab, run_cli, tab_titles
from tests.sheets_api.server import SheetsApiServer

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "templates"
IN_Q1 = date(2027, 2, 15)
# what each template must read as: rows per table
READ = {
    "standard": {"objectives": 0, "key_results": 0, "initiatives": 0, "kpis": 0,
                 "kpi_history": 0, "roi": 0, "funnel": 0},
    "okrs-one-table": {"objectives": 2, "key_results": 4},
    "kpi-scorecard": {"kpis": 3},
}


def cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)]
            for ws in wb.worksheets}


def test_the_committed_templates_are_what_the_script_builds(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_templates",
                                                  ROOT / "scripts" / "make_templates.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert sorted(p.stem for p in FOLDER.glob("*.xlsx")) == sorted(TEMPLATES)
    from sheets_okr.templates.workbooks import template, write_template

    for name in TEMPLATES:
        rebuilt = tmp_path / f"{name}.xlsx"
        write_template(template(name, script.REFERENCE_DAY), rebuilt, stamp=script.STAMP)
        assert cells(rebuilt) == cells(FOLDER / f"{name}.xlsx"), name


@pytest.mark.parametrize("name", sorted(READ))
def test_each_template_is_read_with_no_mapping_and_scored(name: str, tmp_path: Path) -> None:
    path = shutil.copy(FOLDER / f"{name}.xlsx", tmp_path / f"{name}.xlsx")
    analysis = analyse_book(open_backend(str(path)).read(), IN_Q1, Settings())
    tables = analysis.model.tables
    for key, count in READ[name].items():
        assert key in tables and len(tables[key].frame) == count, (name, key)
    assert not [f for f in analysis.flags if str(f.severity) == "error"]
    assert not analysis.model.notes
    first = recompute(open_backend(str(path)), IN_Q1, Settings())
    assert first.cells_written > 0
    assert recompute(open_backend(str(path)), IN_Q1, Settings()).cells_written == 0


def test_one_table_template_scores_its_sample_rows(tmp_path: Path) -> None:
    path = shutil.copy(FOLDER / "okrs-one-table.xlsx", tmp_path / "t.xlsx")
    analysis = analyse_book(open_backend(str(path)).read(), IN_Q1, Settings())
    scores = analysis.results.tables["key_results"]["score"].tolist()
    assert scores == [0.0, 0.0, 0.0, 0.0]


def test_the_scorecard_scores_the_quarter_band_holding_as_of(tmp_path: Path) -> None:
    path = Path(shutil.copy(FOLDER / "kpi-scorecard.xlsx", tmp_path / "s.xlsx"))
    wb = openpyxl.load_workbook(path)
    wb["Scorecard"]["H6"] = 108000  # K1's Q1 actual, against a Q1 target of 110,000
    wb.save(path)
    analysis = analyse_book(open_backend(str(path)).read(), IN_Q1, Settings())
    kpis = analysis.results.tables["kpis"]
    assert kpis["latest"].iloc[0] == 108000


def test_init_template_writes_it_dated_for_today(tmp_path: Path) -> None:
    path = tmp_path / "team.xlsx"
    code, out, err = run_cli("init", str(path), "--template", "okrs-one-table")
    assert code == 0, err
    assert out == (f"Created {path} from the okrs-one-table template. "
                   f"Next: sheets-okr recompute {path}\n")
    rows = cells(path)["Team OKRs"]
    assert rows[2][0] == "Period:" and str(rows[2][1]).startswith(str(date.today().year))
    code, _, err = run_cli("init", str(tmp_path / "x.xlsx"), "--template", "nope")
    assert code == 2 and "'nope' is not one of" in err
    code, _, err = run_cli("init", str(tmp_path / "y.xlsx"), "--template", "standard",
                           "--example")
    assert code == 2 and err == "Error: give either --template or --example, not both\n"


def test_init_gsheet_from_a_template(server: SheetsApiServer) -> None:
    code, out, err = run_cli("init", "--gsheet", "Scorecard", "--template", "kpi-scorecard")
    assert code == 0, err
    key = out.strip().rsplit("/", 1)[-1]
    assert tab_titles(server, key) == ["Scorecard"]
    assert read_tab(server, key, "Scorecard")[4][:3] == ["ID", "KPI", "Owner"]
