"""Tabs a first run creates (History, the state tab) are planned as packed rows, and the
Dashboard's percent formats as runs of rows: each says what the lists and the dict with a
key per cell said."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from sheets_okr.changes import ChangeSet
from sheets_okr.dashboard import build_dashboard
from sheets_okr.history import _read, check_ins, plan_history
from sheets_okr.io.xlsx import XlsxBackend
from sheets_okr.io.xlsx.create import create_workbook
from sheets_okr.model import Grid
from sheets_okr.owned import HISTORY_HEADERS
from sheets_okr.packed import PackedRows
from sheets_okr.run import analyse_book
from sheets_okr.schema import PERCENT
from sheets_okr.state import STATE_HEADERS, NewMarks, plan_state
from sheets_okr.templates import example_tables

AS_OF = date(2026, 11, 15)


def _analysis(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "book.xlsx"
    create_workbook(path, example_tables(AS_OF))
    return analyse_book(XlsxBackend(path).read(), AS_OF)


def test_a_new_history_tab_holds_this_runs_check_ins_packed(tmp_path: Path) -> None:
    analysis = _analysis(tmp_path)
    changes = ChangeSet()
    objectives = plan_history(analysis.model, analysis.results, AS_OF, "week", changes)
    (content,) = [s for s in changes.sheets if s.title == "History"]
    lines = [list(HISTORY_HEADERS)] + [c.line(AS_OF) for c in check_ins(analysis.model,
                                                                        analysis.results)]
    assert isinstance(content.rows, PackedRows)
    assert list(content.rows) == lines and len(lines) > 10
    whole = _read(Grid("", lines))
    expected = whole[whole["type"] == "objective"].reset_index(drop=True)
    assert len(expected) >= 3
    pd.testing.assert_frame_equal(objectives, expected)


def test_a_new_state_tab_holds_its_rows_packed() -> None:
    marks = NewMarks()
    marks[("objectives", "O2", "score")] = "11111111"
    marks[("key_results", "KR1", "status")] = "22222222"
    marks[("key_results", "KR1", "expected")] = "33333333"
    changes = ChangeSet()
    plan_state(None, marks, changes)
    (content,) = changes.sheets
    assert isinstance(content.rows, PackedRows) and content.hidden
    assert list(content.rows) == [STATE_HEADERS,
                                  ["key_results", "KR1", "expected=33333333;status=22222222"],
                                  ["objectives", "O2", "score=11111111"]]


def test_the_dashboards_percent_formats_are_those_of_its_percent_charts(tmp_path: Path
                                                                        ) -> None:
    analysis = _analysis(tmp_path)
    dash = build_dashboard(analysis.model, analysis.results, analysis.settings)
    expected: dict[tuple[int, int], str] = {}
    for chart in dash.charts:
        if chart.percent:
            for series in chart.series:
                expected.update({(r, series.col): PERCENT
                                 for r in range(chart.first_row, chart.last_row + 1)})
    assert expected and dict(dash.formats) == expected
    assert dash.formats == expected
    assert all(dash.formats.get(key) == PERCENT for key in expected)
    assert dash.formats.get((1, 1)) is None and (1, 1) not in dash.formats
