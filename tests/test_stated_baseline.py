"""A key result whose Baseline cell is blank: the start its title states ("from 40 to 10")
is its baseline, in the computed value and in its live formula; a decrease with no start
written anywhere is left unscored and said, never scored as a climb from zero."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from sheets_okr.cli import cli
from sheets_okr.config import Settings
from sheets_okr.io import open_backend
from sheets_okr.run import recompute
from tests.conftest import build_workbook
from tests.test_live_formulas import TODAY, compare

TABS = {
    "Objectives": [["ID", "Objective", "Owner", "Period"],
                   ["O1", "Answer customers quickly", "Ana", "2026-Q4"]],
    "Key Results": [["ID", "Objective", "Key Result", "Owner", "Baseline", "Target",
                     "Current"],
                    ["KR1", "O1", "Cut abandoned calls from 40 to 10 a day", "Ana", None, 10,
                     25],
                    ["KR2", "O1", "Reduce churn to 2%", "Ana", None, 0.02, 0.03],
                    ["KR3", "O1", "Raise NPS from 40 to 60", "Ana", 50, 60, 55]],
}


def _progress(path: Path) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)["Key Results"]
    head = [c.value for c in ws[1]]
    col = head.index("Progress")
    return {row[0].value: row[col].value for row in ws.iter_rows(min_row=2)}


def test_recompute_scores_from_the_stated_start_and_leaves_the_unknown_one_blank(
        tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "book.xlsx", TABS)
    out = CliRunner().invoke(cli, ["recompute", str(path), "--as-of", "2026-11-15"])
    assert out.exit_code in (0, 1), out.output
    progress = _progress(path)
    assert progress["KR1"] == 0.5            # 40 -> 10, now 25
    assert progress["KR2"] in (None, "")     # not 1.5 from zero
    assert progress["KR3"] == 0.5            # the typed 50 wins over "from 40"
    flags = CliRunner().invoke(cli, ["check", str(path), "--as-of", "2026-11-15",
                                      "--all"]).output
    assert "Key Results!E3" in flags and "no Baseline" in flags
    assert "Key Results!E2" not in flags


def test_the_live_formula_starts_where_the_title_says(tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "book.xlsx", TABS)
    result = recompute(open_backend(str(path)), TODAY, Settings(formulas=True))
    check = compare(path, result, tmp_path)
    assert ("Key Results", "H2") in check.formulas
    assert "40" in check.formulas[("Key Results", "H2")]
    assert check.differences() == []
