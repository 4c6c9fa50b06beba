"""Check-in history across a simulated quarter: ``--as-of`` moving week by week gives one
History row per objective, key result and KPI per week, re-runs add nothing, and the
Dashboard (Excel and Google Sheets) and the report draw each objective's score against
its expected progress."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheets_okr.config import Settings
from sheets_okr.history import CheckIn, period_start
from sheets_okr.io import open_backend
from sheets_okr.report import write_report
from sheets_okr.run import check, recompute
from tests.gsheets_helpers import chart_titles, put_tables, read_tab, set_cell
from tests.sheets_api.server import SheetsApiServer
from tests.test_dashboard_xlsx import dashboard_charts

FIRST = date(2026, 10, 5)
WEEKS = [FIRST + timedelta(days=7 * w) for w in range(13)]
KPI_TABS = {
    "KPIs": [["ID", "KPI", "Owner", "Team", "Unit", "Direction", "Target", "Frequency"],
             ["K1", "Net promoter score", "Ana", "Support", "points", "higher is better", 60,
              "weekly"]],
    "KPI History": [["Date", "KPI", "Value"]],
}
ITEMS = {("objective", "O1"), ("objective", "O2"), ("key result", "KR1"),
         ("key result", "KR2"), ("key result", "KR3"), ("key result", "KR4"),
         ("KPI", "K1")}
BURNUP = "Score vs expected over the period: O1, O2"


def history_rows(rows: list[list[Any]]) -> list[list[Any]]:
    assert rows[0][:8] == ["Date", "Type", "Item", "Value", "Score", "Expected", "Status",
                           "Confidence"]
    return [r for r in rows[1:] if r and r[0] is not None]


def xlsx_rows(path: Path, title: str) -> list[list[Any]]:
    wb = openpyxl.load_workbook(path)
    rows = [list(r) for r in wb[title].iter_rows(values_only=True)]
    wb.close()
    return [[v.date() if hasattr(v, "date") and callable(v.date) else v for v in r]
            for r in rows]


def week_values(week: int) -> dict[str, float]:
    """KR currents and the KPI reading of week ``week``: steady progress."""
    return {"KR1": 40 + week, "KR2": 0.05 - 0.001 * week, "KR3": 100 + 6 * week,
            "KR4": min(10, week), "K1": 40 + week}


def edit_xlsx(path: Path, week: int) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Key Results"]
    values = week_values(week)
    for r in range(2, 6):
        ws.cell(row=r, column=7, value=values[ws.cell(row=r, column=1).value])
    wb["KPI History"].append([WEEKS[week], "K1", values["K1"]])
    wb.save(path)


@pytest.fixture
def quarter_book(tmp_path: Path, small_tabs: dict[str, list[list[Any]]]) -> Path:
    from tests.conftest import build_workbook

    return build_workbook(tmp_path / "quarter.xlsx", {**small_tabs, **KPI_TABS})


def test_a_quarter_of_weekly_runs_gives_one_row_per_item_per_week(quarter_book: Path,
                                                                    tmp_path: Path) -> None:
    for week, day in enumerate(WEEKS):
        edit_xlsx(quarter_book, week)
        result = recompute(open_backend(str(quarter_book)), day, Settings())
        assert result.cells_written > 0
        again = recompute(open_backend(str(quarter_book)), day, Settings())
        assert again.cells_written == 0  # a re-run the same week adds nothing
    rows = history_rows(xlsx_rows(quarter_book, "History"))
    assert len(rows) == 13 * len(ITEMS)
    assert {(r[1], r[2]) for r in rows} == ITEMS
    for item in ITEMS:
        days = [r[0] for r in rows if (r[1], r[2]) == item]
        assert days == WEEKS
        assert len({period_start(d, "week") for d in days}) == 13
    last = {(r[1], r[2]): r for r in rows if r[0] == WEEKS[-1]}
    # KR3 went from 100 to 172 of 200 by the last week: 0.72; Q4 is 88 of 91 days gone
    assert last[("key result", "KR3")][3:7] == [172, 0.72, pytest.approx(88 / 91),
                                                "at risk"]
    assert last[("KPI", "K1")][3] == 52 and last[("KPI", "K1")][6] == "breach"

    charts = {c.title: c for c in dashboard_charts(quarter_book)}
    burnup = charts[BURNUP]
    assert [n.split("!")[1] for n in burnup.names] == ["$B$9", "$C$9", "$D$9", "$E$9"]
    assert [v.split("!")[1] for v in burnup.values] == [
        "$B$10:$B$22", "$C$10:$C$22", "$D$10:$D$22", "$E$10:$E$22"]
    dash = xlsx_rows(quarter_book, "Dashboard")
    assert dash[8][:5] == ["Date", "O1 score", "O1 expected", "O2 score", "O2 expected"]
    assert [r[0] for r in dash[9:22]] == WEEKS  # one point per weekly check-in
    # O1's last point: KR1 0.6 and KR2 0.6 (0.05 -> 0.038 of the way to 0.03)
    assert dash[21][1:3] == [pytest.approx(0.6), pytest.approx(88 / 91)]

    analysis, _ = check(open_backend(str(quarter_book)), WEEKS[-1])
    paths = write_report(analysis, [], tmp_path / "report")
    html = paths[0].read_text(encoding="utf-8")
    assert html.count('alt="Trend of O') == 2


def test_an_edit_within_the_week_updates_that_weeks_rows(quarter_book: Path) -> None:
    edit_xlsx(quarter_book, 0)
    recompute(open_backend(str(quarter_book)), WEEKS[0], Settings())
    edit_xlsx(quarter_book, 3)  # a later reading, same week
    result = recompute(open_backend(str(quarter_book)), WEEKS[0] + timedelta(days=2),
                       Settings())
    assert result.cells_written > 0
    rows = history_rows(xlsx_rows(quarter_book, "History"))
    assert len(rows) == len(ITEMS)
    kr3 = next(r for r in rows if r[2] == "KR3")
    assert kr3[0] == WEEKS[0] + timedelta(days=2) and kr3[3] == 118


def test_history_can_be_turned_off_and_counted_by_month(quarter_book: Path) -> None:
    edit_xlsx(quarter_book, 0)
    recompute(open_backend(str(quarter_book)), WEEKS[0], Settings(history=False))
    assert "History" not in openpyxl.load_workbook(quarter_book).sheetnames
    for week in range(5):  # October: 5 weekly runs, one check-in per item for the month
        edit_xlsx(quarter_book, week)
        recompute(open_backend(str(quarter_book)), WEEKS[week],
                  Settings(checkin_period="month"))
    rows = history_rows(xlsx_rows(quarter_book, "History"))
    assert len(rows) == 2 * len(ITEMS)  # 5 October runs, then 2 November
    assert sorted({r[0] for r in rows}) == [WEEKS[3], WEEKS[4]]


def test_a_users_history_tab_of_readings_stays_theirs(make_workbook: Any,
                                                      small_tabs: dict[str, Any]) -> None:
    path = make_workbook({**small_tabs, "History": [["Date", "KPI", "Value"]]})
    recompute(open_backend(str(path)), WEEKS[0], Settings())
    wb = openpyxl.load_workbook(path)
    assert [c.value for c in wb["History"][1]] == ["Date", "KPI", "Value"]
    assert [c.value for c in wb["Check-ins"][1]][:3] == ["Date", "Type", "Item"]


def test_gsheets_weekly_runs_and_burnup(server: SheetsApiServer,
                                        small_tabs: dict[str, Any]) -> None:
    key = put_tables(server, "Quarter", {**small_tabs, **KPI_TABS})
    for week, day in enumerate(WEEKS[:4]):
        values = week_values(week)
        for r, kr in enumerate(("KR1", "KR2", "KR3", "KR4"), start=2):
            set_cell(server, key, "Key Results", f"G{r}", values[kr])
        set_cell(server, key, "KPI History", f"A{week + 2}", day)
        set_cell(server, key, "KPI History", f"B{week + 2}", "K1")
        set_cell(server, key, "KPI History", f"C{week + 2}", values["K1"])
        assert recompute(open_backend(key), day, Settings()).cells_written > 0
        assert recompute(open_backend(key), day, Settings()).cells_written == 0
    rows = history_rows(read_tab(server, key, "History"))
    assert len(rows) == 4 * len(ITEMS)
    assert sorted({r[0] for r in rows}) == WEEKS[:4]
    assert BURNUP in chart_titles(server, key)


def test_burnup_chart_caches_hold_the_dashboards_numbers(quarter_book: Path) -> None:
    import zipfile

    from lxml import etree

    from tests.test_dashboard_xlsx import C

    for week, day in enumerate(WEEKS[:3]):
        edit_xlsx(quarter_book, week)
        recompute(open_backend(str(quarter_book)), day, Settings())
    dash = xlsx_rows(quarter_book, "Dashboard")
    expected_o1 = [r[2] for r in dash[9:12]]
    with zipfile.ZipFile(quarter_book) as archive:
        for name in archive.namelist():
            if not name.startswith("xl/charts/chart"):
                continue
            root = etree.fromstring(archive.read(name))
            title = "".join(t.text or "" for t in root.iter(f"{{{A_NS}}}t"))
            points = [v.text for v in root.iterfind(f".//{{{C}}}numCache/{{{C}}}pt/{{{C}}}v")]
            bad = [p for p in points if not _is_number(p)]
            assert not bad, (name, title, bad[:3])
            if title.startswith("Score vs expected over the period"):
                sers = root.findall(f".//{{{C}}}ser")
                o1_expected = [float(v.text) for v in sers[1].iterfind(
                    f"{{{C}}}val/{{{C}}}numRef/{{{C}}}numCache/{{{C}}}pt/{{{C}}}v")]
                assert o1_expected == pytest.approx(expected_o1)


A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _is_number(text: str | None) -> bool:
    try:
        float(text or "")
    except ValueError:
        return False
    return True


def _record(r: int, line: list[Any]) -> list[Any] | None:
    """One History line as read a line at a time (the reading the frames keep to)."""
    from sheets_okr.history import _day, _number

    cells = [*line[:8], *([None] * 8)][:8]
    day = _day(cells[0])
    if day is None or cells[2] in (None, ""):
        return None
    return [r, day, str(cells[1] or ""), str(cells[2]), _number(cells[3]),
            _number(cells[4]), _number(cells[5]), cells[6], cells[7]]


_CELL = st.one_of(st.none(), st.integers(-5, 5), st.floats(allow_nan=True),
                  st.booleans(), st.text(max_size=3))


@given(st.dictionaries(st.integers(2, 40), st.builds(
    CheckIn, st.sampled_from(["objective", "key result", "KPI", ""]), st.text(max_size=3),
    _CELL, _CELL, _CELL, _CELL, _CELL), max_size=8), st.dates())
def test_check_ins_framed_directly_read_as_their_lines(checked: dict[int, Any],
                                                        day: date) -> None:
    import pandas as pd

    from sheets_okr.history import _checked_frame, _frame

    want = _frame(_record(r, checked[r].line(day)) for r in sorted(checked))
    pd.testing.assert_frame_equal(_checked_frame(checked, day), want)


def test_the_planned_history_is_the_objectives_rows_of_the_tab_as_written(
        quarter_book: Path) -> None:
    import pandas as pd

    from sheets_okr.changes import ChangeSet
    from sheets_okr.history import history_grid, plan_history, read_history
    from sheets_okr.run import analyse_book

    days = [WEEKS[0], WEEKS[1], WEEKS[1] + timedelta(days=2), WEEKS[1] + timedelta(days=2),
            WEEKS[2]]
    for week, day in enumerate(days):
        edit_xlsx(quarter_book, week)
        analysis = analyse_book(open_backend(str(quarter_book)).read(), day, Settings())
        planned = plan_history(analysis.model, analysis.results, day, "week", ChangeSet())
        recompute(open_backend(str(quarter_book)), day, Settings())
        written = read_history(history_grid(open_backend(str(quarter_book)).read()))
        written = written[written["type"] == "objective"].reset_index(drop=True)
        assert len(planned) == 2 * len({period_start(d, "week") for d in days[:week + 1]})
        columns = ["row", "date", "type", "item", "score", "expected", "status"]
        pd.testing.assert_frame_equal(planned[columns], written[columns])


@given(st.integers(0, 30), st.lists(st.integers(1, 40), unique=True, max_size=30),
       st.booleans())
def test_lines_are_given_in_the_order_asked_however_they_are_read(
        height: int, wanted: list[int], packed: bool) -> None:
    from sheets_okr.history import _lines
    from sheets_okr.packed import PackedRows

    plain = [[f"r{r}", r] for r in range(1, height + 1)]
    rows: Any = PackedRows(plain) if packed else plain
    assert list(_lines(rows, wanted)) == [plain[r - 1] for r in wanted if r <= height]
    ordered = sorted(wanted)
    assert list(_lines(rows, ordered)) == [plain[r - 1] for r in ordered if r <= height]


@given(st.lists(st.lists(st.one_of(
    _CELL, st.dates(), st.datetimes(), st.sampled_from(["objective", "KR1", "2026-11-09", ""]),
    st.integers(40000, 50000)), max_size=10), max_size=8))
def test_history_lines_are_read_as_each_line_recorded(lines: list[list[Any]]) -> None:
    import pandas as pd

    from sheets_okr.history import _frame, _history_frame

    want = _frame(_record(r, line) for r, line in enumerate(lines, start=2))
    pd.testing.assert_frame_equal(_history_frame([["Date"], *lines]), want)
