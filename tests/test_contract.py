"""One contract, two backends: the example workbook is scored, checked and written back the
same way in an Excel file and in a Google Sheet (the local Sheets API server, reached
through SHEETS_OKR_API_ENDPOINT and a service-account key file)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sheets_okr.io.gsheets import create_spreadsheet, spreadsheet_key
from sheets_okr.io.xlsx.create import create_workbook
from sheets_okr.schema import TABS
from sheets_okr.templates import example_tables
from tests.example_results import EXPECTED, FUNNEL, KEY_RESULTS, ROI
from tests.gsheets_helpers import (
    check_json,
    counts,
    read_tab,
    recompute_json,
    run_cli,
    set_cell,
    use_server,
)
from tests.sheets_api.server import SheetsApiServer

AS_OF = date(2026, 11, 15)
Rows = list[list[Any]]
HEADER_ROWS = {"Objectives": 3}
IMPORTXML = '=IMPORTXML("http://x","//a")'

OBJECTIVES = [
    {"id": "O1", "objective": "Deliver support our customers love", "score": 0.2222,
     "expected": 0.4945, "status": "off track"},
    {"id": "O2", "objective": "Grow new business revenue", "score": 0.575,
     "expected": 0.4945, "status": "on track"},
    {"id": "O3", "objective": "Make every marketing dollar count", "score": 0.725,
     "expected": 0.4945, "status": "on track"},
    {"id": "O4", "objective": "Blog articles published that month", "score": 0.375,
     "expected": 0.4945, "status": "at risk"},
]
FLAGS = [
    ("OKR106", "Objectives", "A7", "O4"),
    ("OKR104", "Objectives", "B7", "O4"),
    ("OKR101", "Key Results", "C6", "KR5"),
    ("OKR107", "Key Results", "D9", "KR8"),
    ("OKR102", "Initiatives", "B3", "I2"),
    ("OKR109", "KPIs", "G4", "K3"),
    ("OKR103", "KPIs", "B5", "K4"),
]
KPIS = {
    "K1": [36, date(2026, 11, 14), "warning", "down (improving)", 22.571428571428573, "KR1"],
    "K2": [70, date(2026, 11, 12), "breach", "flat", 70.96333333333332, "KR2"],
    "K3": [0.04, date(2026, 11, 12), "breach", "up (worsening)", 0.04332333333333334, None],
    "K4": [12500, date(2026, 11, 12), "healthy", "up (improving)", 13643.333333333332, None],
    "K5": [0.0195, date(2026, 11, 12), "breach", "up (improving)", 0.021096666666666666, "KR7"],
    "K6": [162000, date(2026, 11, 12), "warning", "up (improving)", 170056.66666666666, None],
}
@dataclass
class Book:
    """The example workbook in one backend: its SOURCE, a tab reader and a cell editor
    that stores what a person types (text stays text)."""

    kind: str
    source: str
    read_tab: Callable[[str], Rows]
    set_cell: Callable[[str, str, Any], None]
    server: SheetsApiServer | None = None

    @property
    def key(self) -> str:
        return spreadsheet_key(self.source)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date()
    return value


def _xlsx_rows(path: Path, title: str) -> Rows:
    ws = openpyxl.load_workbook(path)[title]
    rows = [[_plain(c.value) for c in line] for line in ws.iter_rows()]
    for line in rows:
        while line and line[-1] is None:
            line.pop()
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _xlsx_set(path: Path, tab: str, a1: str, value: Any) -> None:
    wb = openpyxl.load_workbook(path)
    cell = wb[tab][a1]
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    wb.save(path)


@pytest.fixture
def make_book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
              request: pytest.FixtureRequest) -> Callable[[str], Book]:
    def make(kind: str) -> Book:
        tables = example_tables(AS_OF)
        if kind == "xlsx":
            path = tmp_path / "example.xlsx"
            create_workbook(path, tables)
            return Book(kind, str(path), lambda t: _xlsx_rows(path, t),
                        lambda tab, a1, v: _xlsx_set(path, tab, a1, v))
        server: SheetsApiServer = request.getfixturevalue("sheets_api")
        use_server(monkeypatch, server, server.credentials_file(tmp_path / "sa.json"))
        url = create_spreadsheet("Example OKRs", tables)
        key = spreadsheet_key(url)
        server.clear_log()
        return Book(kind, url, lambda t: read_tab(server, key, t),
                    lambda tab, a1, v: set_cell(server, key, tab, a1, v), server)

    return make


@pytest.fixture(params=["xlsx", "gsheets"])
def book(request: pytest.FixtureRequest, make_book: Callable[[str], Book]) -> Book:
    return make_book(request.param)


def computed_columns(book: Book, tab: str) -> dict[Any, list[Any]]:
    """ID -> the tab's computed columns, in schema order, as read back."""
    spec = next(t for t in TABS if t.title == tab)
    header_row = HEADER_ROWS.get(tab, 1)
    rows = book.read_tab(tab)
    heads = rows[header_row - 1]
    cols = [heads.index(c.header) for c in spec.computed]
    return {line[0]: [line[c] if c < len(line) else None for c in cols]
            for line in rows[header_row:] if line and line[0] is not None}


def approx_rows(table: dict[Any, list[Any]]) -> dict[Any, list[Any]]:
    return {k: [pytest.approx(v, rel=1e-12, abs=1e-15)
                if isinstance(v, float) and not isinstance(v, bool) else v for v in row]
            for k, row in table.items()}


def flag_cells(flags: list[dict[str, str]]) -> list[tuple[str, str, str, str]]:
    return [(f["code"], f["tab"], f["cell"], f["item"]) for f in flags]


def test_recompute_reports_the_same_scores(book: Book) -> None:
    summary = recompute_json(book.source)
    assert summary["objectives"] == OBJECTIVES
    assert summary["flags"] == {"error": 0, "warning": 7, "info": 0}
    assert summary["kpi_health"] == {"breach": 3, "warning": 2, "healthy": 1}
    # 132 in History, 3 the state row naming the tool's tabs, 3 the one remembering texts
    assert summary["cells_written"] == 692
    assert summary["sheets_written"] == ["Flags", "History", "Dashboard"]


def test_check_reports_the_same_flags(book: Book) -> None:
    code, flags = check_json(book.source)
    assert code == 0
    assert flag_cells(flags) == FLAGS
    assert {f["severity"] for f in flags} == {"warning"}
    if book.server is not None:
        assert counts(book.server) == {"get": 1, "batchGet": 0, "batchUpdate": 0, "other": 0}
    with pytest.raises(KeyError):
        book.read_tab("Flags")


def test_computed_values_written_back(book: Book) -> None:
    recompute_json(book.source)
    assert computed_columns(book, "Key Results") == approx_rows(KEY_RESULTS)
    assert computed_columns(book, "KPIs") == approx_rows(KPIS)
    assert computed_columns(book, "ROI") == approx_rows(ROI)
    assert computed_columns(book, "Funnel") == approx_rows(FUNNEL)
    assert computed_columns(book, "Initiatives") == approx_rows(
        {"I1": [None], "I2": [None], "I3": [0.3], "I4": [2]})
    assert computed_columns(book, "Objectives") == approx_rows({
        o["id"]: [pytest.approx(o["score"], abs=5e-5), EXPECTED, o["status"], n]
        for o, n in zip(OBJECTIVES, (3, 4, 2, 1), strict=True)})
    flags = book.read_tab("Flags")
    assert flags[0] == ["Code", "Severity", "Tab", "Cell", "Item", "Message", "Hint"]
    assert [tuple(line[:5]) for line in flags[1:]] == [
        (code, "warning", tab, cell, item) for code, tab, cell, item in FLAGS]


def test_both_backends_write_the_same_cells(make_book: Callable[[str], Book]) -> None:
    xlsx, gsheets = make_book("xlsx"), make_book("gsheets")
    for book in (xlsx, gsheets):
        recompute_json(book.source)
    for tab in ("Objectives", "Key Results", "Initiatives", "KPIs", "ROI", "Funnel"):
        assert computed_columns(gsheets, tab) == approx_rows(computed_columns(xlsx, tab)), tab
    assert gsheets.read_tab("Flags") == xlsx.read_tab("Flags")
    dashboard = [approx_rows({i: line})[i] for i, line in enumerate(xlsx.read_tab("Dashboard"))]
    assert gsheets.read_tab("Dashboard") == dashboard


def test_second_recompute_writes_nothing(book: Book) -> None:
    first = recompute_json(book.source)
    assert first["cells_written"] == 692  # 132 in History, 6 in the state tab
    if book.server is not None:
        book.server.clear_log()
    second = recompute_json(book.source)
    assert second["cells_written"] == 0
    assert second["cells_changed"] == 0
    assert second["sheets_written"] == []
    assert second["objectives"] == OBJECTIVES
    if book.server is not None:
        assert counts(book.server) == {"get": 1, "batchGet": 0, "batchUpdate": 0, "other": 0}
        assert book.server.count(kind="write") == 0


def test_user_column_and_typed_value_are_kept(book: Book) -> None:
    recompute_json(book.source)
    header = book.read_tab("Key Results")[0]
    assert header[11:] == ["Progress", "Score", "Expected", "Status", "Grade"]
    book.set_cell("Key Results", "Q1", "Notes")
    book.set_cell("Key Results", "Q6", "ask Fay")
    book.set_cell("Key Results", "M6", 0.9)
    summary = recompute_json(book.source)
    assert summary["flags"] == {"error": 0, "warning": 8, "info": 0}
    assert summary["objectives"] == OBJECTIVES
    rows = book.read_tab("Key Results")
    assert rows[0][11:] == ["Progress", "Score", "Expected", "Status", "Grade", "Notes"]
    assert rows[5][:1] + rows[5][11:] == pytest.approx(
        ["KR5", 0.45, 0.9, EXPECTED, "on track", "yellow", "ask Fay"])
    assert len(rows[0]) == 17
    code, flags = check_json(book.source)
    typed = [f for f in flags if f["code"] == "OKR119"]
    assert flag_cells(typed) == [("OKR119", "Key Results", "M6", "KR5")]
    assert typed[0]["message"] == ('Key Results!M6: Score of KR5 holds "0.9" typed by a '
                                   "person; it is left as is")
    flags_tab = book.read_tab("Flags")
    assert ["OKR119", "warning", "Key Results", "M6", "KR5"] in [r[:5] for r in flags_tab]
    assert recompute_json(book.source)["cells_written"] == 0
    assert book.read_tab("Key Results")[5][12] == 0.9


def add_injection_rows(book: Book) -> None:
    for a1, value in (("A8", "+1-2"), ("B8", "+1-2"), ("E8", "2026-Q4")):
        book.set_cell("Objectives", a1, value)
    for a1, value in (("A12", IMPORTXML), ("B12", "+1-2"), ("C12", IMPORTXML),
                      ("F12", 0), ("G12", 10), ("H12", 5)):
        book.set_cell("Key Results", a1, value)


INJECTION_FLAGS = [
    ("OKR106", "Objectives", "A8", "+1-2"),
    ("OKR104", "Objectives", "B8", "+1-2"),
    ("OKR107", "Objectives", "C8", "+1-2"),
    ("OKR107", "Key Results", "D12", IMPORTXML),
]


def test_text_from_cells_is_written_as_text(book: Book) -> None:
    add_injection_rows(book)
    summary = recompute_json(book.source)
    assert summary["objectives"][-1] == {"id": "+1-2", "objective": "+1-2", "score": 0.5,
                                         "expected": 0.4945, "status": "on track"}
    flags = book.read_tab("Flags")
    assert [tuple(line[:5]) for line in flags[1:] if line[4] in ("+1-2", IMPORTXML)] == [
        (code, "warning", tab, cell, item) for code, tab, cell, item in INJECTION_FLAGS]
    assert [line[5] for line in flags[1:] if line[4] == IMPORTXML] == [
        f"Key result {IMPORTXML} has no owner"]
    texts = {(r, c): v for r, line in enumerate(flags, start=1)
             for c, v in enumerate(line, start=1) if v in (IMPORTXML, "+1-2")}
    assert sorted(set(texts.values())) == ["+1-2", IMPORTXML]
    dashboard = book.read_tab("Dashboard")
    assert IMPORTXML in [line[0] for line in dashboard if line]
    assert "+1-2 +1-2" in [line[0] for line in dashboard if line]
    if book.server is not None:
        store = book.server.store
        for (r, c), text in texts.items():
            cell = store.get_cell(book.key, "Flags", f"{chr(64 + c)}{r}")
            assert cell["userEnteredValue"] == {"stringValue": text}
            assert cell["effectiveValue"] == {"stringValue": text}
        for tab in ("Flags", "Dashboard"):
            sheet = store.sheet(book.key, tab)
            assert not [k for k, cell in sheet.cells.items()
                        if "formulaValue" in (cell.get("userEnteredValue") or {})]
    else:
        wb = openpyxl.load_workbook(book.source)
        for (r, c), text in texts.items():
            cell = wb["Flags"].cell(row=r, column=c)
            assert (cell.value, cell.data_type) == (text, "s")
        for tab in ("Flags", "Dashboard"):
            assert not [c.coordinate for line in wb[tab].iter_rows() for c in line
                        if c.data_type == "f"]
    assert recompute_json(book.source)["cells_written"] == 0


def test_unreadable_cell_is_flagged_at_the_same_cell(book: Book) -> None:
    book.set_cell("Key Results", "G6", "abc")
    code, flags = check_json(book.source)
    assert code == 1
    unreadable = [f for f in flags if f["code"] == "OKR116"]
    assert flag_cells(unreadable) == [("OKR116", "Key Results", "G6", "KR5")]
    assert unreadable[0]["severity"] == "error"
    assert unreadable[0]["message"].startswith('Key Results!G6: Target of KR5 is "abc"')
    exit_code, out, err = run_cli("recompute", book.source, "--as-of", "2026-11-15")
    assert (exit_code, err) == (0, "")
    assert computed_columns(book, "Key Results")["KR5"] == [None] * 5
    assert computed_columns(book, "Key Results")["KR4"] == pytest.approx(KEY_RESULTS["KR4"])


def test_no_flags_writes_the_same_cells(book: Book, tmp_path: Path) -> None:
    config = tmp_path / "quiet.toml"
    config.write_text('ignore = ["OKR"]\n', encoding="utf-8")
    summary = recompute_json(book.source, "--config", str(config))
    assert summary["flags"] == {"error": 0, "warning": 0, "info": 0}
    assert summary["cells_written"] == 641  # 132 in History
    assert book.read_tab("Flags") == [
        ["Code", "Severity", "Tab", "Cell", "Item", "Message", "Hint"],
        [None, None, None, None, None, "No flags: nothing to fix."]]
    assert recompute_json(book.source, "--config", str(config))["cells_written"] == 0
