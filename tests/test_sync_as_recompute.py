"""A sync writes what a person would get by typing the readings into KPI History by hand
(changed values in place, new readings below the table in date then KPI order) and then
running ``recompute``: the two workbooks are compared cell by cell."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from sheets_okr.cli import cli
from tests.sync_helpers import AS_OF, KEY_RESULTS, OBJECTIVES, make_xlsx, options

D = date
KPIS = [["ID", "KPI", "Owner", "Unit", "Direction", "Target", "Warning", "Frequency"]] + [
    [f"K{k}", f"Metric {k}", "Ana", "pts", "higher" if k % 2 else "lower", 60, 50,
     "weekly" if k % 3 else "monthly"] for k in range(1, 7)]


def _history() -> list[list[Any]]:
    rows: list[list[Any]] = [["Date", "KPI", "Value", "Note"]]
    for day in range(1, 21):
        for k in range(1, 7):
            rows.append([D(2026, 10, day), f"K{k}", 40 + (day * k) % 17, None])
    rows.append([D(2026, 10, 20), "K3", 61.5, "typed twice"])
    rows.append([D(2026, 10, 21), "K1", "1,234.5", None])
    rows.append([D(2026, 10, 22), "K2", None, "value to come"])
    return rows


FIRST = """day,metric,amount,comment
2026-10-01,K1,41,
2026-10-02,K2,99.25,corrected
2026-10-20,K3,70,

2026-10-21,K1,1234.5,
2026-10-22,K2,33,arrived late
2026-11-03,K4,55,
2026-11-02,K9,10,unknown KPI
2026-11-02,K1,47.5,
2026-11-02,K1,48,second export wins
2026-11-01,K6,,no value
2026-11-05,K2,12.125,
"""
SECOND = """day,metric,amount,comment
2026-11-02,K1,49,later file wins
2026-11-04,K3,-3,
2026-10-05,K5,58,
"""


def _readings(folder: Path) -> dict[tuple[date, str], tuple[float, str | None]]:
    """The readings of the exports as a person reads them: one per (day, KPI), the last
    one (in file then line order) wins, rows without a value skipped."""
    out: dict[tuple[date, str], tuple[float, str | None]] = {}
    for path in sorted(folder.glob("exports/*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if not row["day"] or not row["amount"]:
                    continue
                out[(D.fromisoformat(row["day"]), row["metric"])] = (
                    float(row["amount"]), row["comment"] or None)
    return out


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def _by_hand(folder: Path, book: Path) -> None:
    """Type the readings into KPI History with openpyxl, then recompute."""
    wb = openpyxl.load_workbook(book)
    ws = wb["KPI History"]
    known = {row[0] for row in KPIS[1:]}
    rows: dict[tuple[date, str], int] = {}
    for r in range(2, ws.max_row + 1):
        day, kpi = ws.cell(r, 1).value, ws.cell(r, 2).value
        if day is not None and kpi is not None:
            rows[(day.date(), kpi)] = r
    last = max(r for r in range(1, ws.max_row + 1)
               if any(ws.cell(r, c).value is not None for c in range(1, 5)))
    for (day, kpi), (value, note) in sorted(_readings(folder).items()):
        if kpi not in known:
            continue
        row = rows.get((day, kpi))
        if row is not None:
            old = ws.cell(row, 3).value
            if isinstance(old, str):
                old = float(old.replace(",", ""))
            if old is None or float(old) != value:
                ws.cell(row, 3).value = _number(value)
            continue
        last += 1
        ws.cell(last, 1, day).number_format = "yyyy-mm-dd"
        ws.cell(last, 2, kpi)
        ws.cell(last, 3, _number(value))
        if note:
            ws.cell(last, 4, note)
    wb.save(book)
    result = CliRunner().invoke(cli, ["recompute", str(book), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output


def _cells(path: Path) -> dict[str, dict[str, tuple[Any, str, bool]]]:
    """Every non-empty cell of every tab: value, number format and bold."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        out[ws.title] = {
            cell.coordinate: (cell.value, cell.number_format, bool(cell.font.b))
            for line in ws.iter_rows() for cell in line if cell.value is not None}
    return out


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "a.csv").write_text(FIRST, encoding="utf-8")
    (exports / "b.csv").write_text(SECOND, encoding="utf-8")
    make_xlsx(tmp_path / "goals.xlsx", {"Objectives": OBJECTIVES, "Key Results": KEY_RESULTS,
                                        "KPIs": KPIS, "KPI History": _history()})
    shutil.copy(tmp_path / "goals.xlsx", tmp_path / "by-hand.xlsx")
    (tmp_path / "sync.toml").write_text(options() + """
[sources.exports]
type = "csv"
path = "exports/*.csv"
kpi = "metric"
date = "day"
value = "amount"
note = "comment"

[[workbooks]]
name = "goals"
source = "goals.xlsx"
use = ["exports"]
""", encoding="utf-8")
    return tmp_path


def test_a_sync_writes_the_cells_a_recompute_of_the_typed_readings_writes(
        folder: Path) -> None:
    result = CliRunner().invoke(cli, ["sync", str(folder / "sync.toml"), "--as-of",
                                      AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    assert "4 added, 4 updated, 2 already there" in result.output
    _by_hand(folder, folder / "by-hand.xlsx")
    synced, by_hand = _cells(folder / "goals.xlsx"), _cells(folder / "by-hand.xlsx")
    assert list(synced) == list(by_hand)
    for title in by_hand:
        assert synced[title] == by_hand[title], title
    history = synced["KPI History"]
    assert [history[f"C{r}"][0] for r in (2, 9, 30, 118, 122, 123, 124)] == [
        41, 99.25, 58, 49, 70, "1,234.5", 33]
    appended = [[history.get(f"{c}{r}", (None,))[0] for c in "ABCD"] for r in range(125, 130)]
    assert [line[1:] for line in appended] == [
        ["K1", 49, "later file wins"], ["K4", 55, None], ["K3", -3, None],
        ["K2", 12.125, None], [None, None, None]]
    assert history["A125"][1] == "yyyy-mm-dd"


def test_a_sync_recomputes_the_kpis_from_the_merged_history(folder: Path) -> None:
    result = CliRunner().invoke(cli, ["sync", str(folder / "sync.toml"), "--as-of",
                                      AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(folder / "goals.xlsx")
    kpis = wb["KPIs"]
    header = [c.value for c in kpis[1]]
    rows = {kpis.cell(r, 1).value: [kpis.cell(r, header.index(name) + 1).value
                                    for name in ("Latest", "Latest Date", "Health")]
            for r in range(2, 8)}
    assert {k: (v[0], v[1].date(), v[2]) for k, v in rows.items()} == {
        "K1": (49, D(2026, 11, 2), "stale"), "K2": (12.125, D(2026, 11, 5), "stale"),
        "K3": (-3, D(2026, 11, 4), "breach"), "K4": (55, D(2026, 11, 3), "stale"),
        "K5": (55, D(2026, 10, 20), "stale"), "K6": (41, D(2026, 10, 20), "healthy")}
