"""The same layouts as people keep them in Google Sheets (the local Sheets API server):
``map``, ``check`` and ``recompute`` read, score and write them like the Excel files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sheets_okr.model import a1
from tests.gsheets_helpers import URL, put_tables, read_tab, run_cli, use_server
from tests.sheets_api.server import SheetsApiServer

from .layouts import (
    AS_OF,
    Case,
    Formula,
    kpi_log,
    kpi_years,
    merge_spec,
    quarter_bands,
    single_dotted,
    spanish_indented,
)
from .test_layouts import approx

GSHEET_CASES = (single_dotted, quarter_bands, spanish_indented, kpi_years, kpi_log)


def put_case(server: SheetsApiServer, case: Case) -> str:
    """The case as a spreadsheet in the server, merges included; returns its URL."""
    key = put_tables(server, case.name, {t: [[v.text if isinstance(v, Formula) else v
                                             for v in line] for line in s.rows]
                                         for t, s in case.tabs.items()})
    store = server.store
    with store.lock:
        book = store.spreadsheet(key)
        for title, sheet in case.tabs.items():
            store.sheet(key, title).merges.extend(merge_spec(r) for r in sheet.merges)
        store.replace(book)
    return URL.format(key)


def cells(server: SheetsApiServer, key: str, tabs: list[str]) -> dict[str, dict[str, Any]]:
    out = {}
    for tab in tabs:
        rows = read_tab(server, key, tab)
        out[tab] = {a1(r, c): v for r, line in enumerate(rows, start=1)
                    for c, v in enumerate(line, start=1) if v is not None}
    return out


@pytest.mark.parametrize("builder", GSHEET_CASES, ids=lambda b: b.__name__)
def test_layout_in_google_sheets(builder: Callable[[], Case], sheets_api: SheetsApiServer,
                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_server(monkeypatch, sheets_api, sheets_api.credentials_file(tmp_path / "sa.json"))
    monkeypatch.chdir(tmp_path)
    case = builder()
    url = put_case(sheets_api, case)
    key = url.rsplit("/", 1)[1]
    tabs = list(case.tabs)
    before = cells(sheets_api, key, tabs)

    code, out, err = run_cli("map", url, "--as-of", AS_OF.isoformat())
    assert code == 0, err
    for line in case.map_lines:
        assert line in out

    code, out, err = run_cli("check", url, "--as-of", AS_OF.isoformat(), "--format", "json")
    assert code == case.check_exit, err
    flags = [(f["code"], f["tab"], f["cell"], f["item"]) for f in json.loads(out)]
    assert sorted(flags) == sorted(case.flags)

    code, out, err = run_cli("recompute", url, "--as-of", AS_OF.isoformat(), "--format", "json")
    assert code == 0, err
    summary = json.loads(out)
    assert {o["id"]: approx(o["score"]) for o in summary["objectives"]} == {
        k: approx(None if v[0] is None else round(v[0], 4)) for k, v in case.objectives.items()}
    after = cells(sheets_api, key, tabs)
    for tab, typed in before.items():
        assert {c: after[tab].get(c) for c in typed} == typed, f"{tab}: a typed cell changed"
    for tab, wanted in case.written.items():
        assert {c: after[tab].get(c) for c in wanted} == {c: approx(v) for c, v in
                                                          wanted.items()}
    code, out, err = run_cli("recompute", url, "--as-of", AS_OF.isoformat(), "--format", "json")
    assert json.loads(out)["cells_written"] == 0


def test_mapping_for_a_google_sheet_is_saved_in_the_working_folder(
        sheets_api: SheetsApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_server(monkeypatch, sheets_api, sheets_api.credentials_file(tmp_path / "sa.json"))
    monkeypatch.chdir(tmp_path)
    case = quarter_bands()
    url = put_case(sheets_api, case)
    code, out, err = run_cli("map", url, "--as-of", AS_OF.isoformat(), "--write")
    assert code == 0, err
    config = tmp_path / "sheets-okr.toml"
    assert f"saved to {config}" in out
    assert '[mapping."Growth 2026"]' in config.read_text(encoding="utf-8")
    code, out, err = run_cli("map", url, "--as-of", AS_OF.isoformat())
    assert "Tab 'Growth 2026': objectives and key results in one table (from the saved " \
           "mapping)" in out
    code, out, err = run_cli("recompute", url, "--as-of", AS_OF.isoformat(), "--format", "json")
    assert code == 0, err
    assert [o["score"] for o in json.loads(out)["objectives"]] == [0.5, 0.4571]
