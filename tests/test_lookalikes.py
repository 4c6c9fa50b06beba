"""The look-alikes of tests/lookalikes_okr.py and tests/lookalikes_kpi.py through ``map``,
``check`` and ``recompute`` on Excel files, through the mapping ``map --write`` saves and in
Google Sheets, against the results worked out by hand: the author's own columns are never
written, read-only tables (trackers, logs, row groups) not at all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sheets_okr.items import items
from sheets_okr.run import Analysis
from tests.sheets_api.server import SheetsApiServer

from . import lookalikes_kpi as kpi
from . import lookalikes_okr as okr
from .layouts import Case, write_xlsx
from .lookalikes import Lookalike
from .test_layouts import analyse, cells
from .test_layouts import test_map_check_recompute as through_the_cli
from .test_layouts import test_saved_mapping_reads_the_same as through_a_mapping
from .test_layouts_gsheets import test_layout_in_google_sheets as in_google_sheets

BUILDERS: tuple[Callable[[], Lookalike], ...] = (
    okr.yearly_goals, okr.self_scored, okr.company_and_department, kpi.store_months,
    kpi.weekly_pairs, kpi.security_log, kpi.kpi_master_monthly, kpi.scorecard_rows,
    kpi.quarterly_scorecard, kpi.kpi_framework, kpi.vendor_roi, kpi.ratio_column)
IN_GOOGLE_SHEETS = (okr.yearly_goals, okr.company_and_department, kpi.weekly_pairs,
                    kpi.security_log, kpi.ratio_column)


def _ids(builder: Callable[[], Lookalike]) -> str:
    return builder.__name__


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _close(value: Any) -> Any:
    return pytest.approx(value, abs=1e-6) if isinstance(value, float) else value


def assert_items(look: Lookalike, analysis: Analysis) -> None:
    """The item values, the author's numbers and the inputs worked out by hand."""
    found = {(it["kind"], str(it["id"])): it for it in items(analysis)}
    for part, expected in (("values", look.values), ("author", look.authors),
                           ("inputs", look.inputs)):
        for key, wanted in expected.items():
            assert key in found, f"{key} not among {sorted(found)}"
            got = found[key].get(part, {})
            assert {k: got.get(k) for k in wanted} == {k: _close(v) for k, v in
                                                        wanted.items()}, (key, part)
    for key, missing in look.absent.items():
        assert not set(missing) & set(found[key].get("author", {})), key
    if look.owners:
        owners = {o for t in ("objectives", "key_results", "kpis")
                  if t in analysis.model.tables
                  for o in analysis.model.tables[t].frame.get("owner", []) if isinstance(o, str)}
        assert look.owners <= owners


def author_columns(analysis: Analysis) -> set[tuple[str, int]]:
    """(tab, column) of every column read as the author's own results."""
    return {(part.title, col) for whole in analysis.model for part, _ in whole.pieces()
            for col in part.author.values()}


def column(found: dict[str, dict[str, Any]], tab: str, col: int) -> dict[str, Any]:
    from sheets_okr.model import parse_a1

    return {a: v for a, v in found.get(tab, {}).items() if parse_a1(a)[1] == col}


@pytest.mark.parametrize("builder", BUILDERS, ids=_ids)
def test_read_scored_and_checked(builder: Callable[[], Lookalike], tmp_path: Path) -> None:
    look = builder()
    case = look.case
    through_the_cli(case, tmp_path)
    typed = write_xlsx(case, tmp_path / "as_typed.xlsx")
    before = analyse(typed)
    assert_items(look, before)
    done = tmp_path / f"{case.name}.xlsx"
    assert_items(look, analyse(done))
    was, now = cells(typed), cells(done)
    for tab, col in author_columns(before):
        assert column(now, tab, col) == column(was, tab, col), f"{tab}: column {col} written"
    for tab in case.tabs:
        if tab not in look.writes:
            assert now[tab] == was[tab], f"{tab}: a tab that is only read was written"


def _saved(builder: Callable[[], Lookalike]) -> Any:
    why = builder().saved_fails
    marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
    return pytest.param(builder, id=builder.__name__, marks=marks)


@pytest.mark.parametrize("builder", [_saved(b) for b in BUILDERS])
def test_saved_mapping_reads_the_same(builder: Callable[[], Lookalike], tmp_path: Path) -> None:
    look = builder()
    through_a_mapping(lambda: look.case, tmp_path)
    assert_items(look, analyse(tmp_path / f"{look.case.name}.xlsx"))


@pytest.mark.parametrize("builder", IN_GOOGLE_SHEETS, ids=_ids)
def test_in_google_sheets(builder: Callable[[], Lookalike], sheets_api: SheetsApiServer,
                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    look = builder()
    in_google_sheets(lambda: look.case, sheets_api, tmp_path, monkeypatch)


def test_one_lookalike_per_shape() -> None:
    names = [b().case.name for b in BUILDERS]
    assert len(set(names)) == len(names) == 12
    assert all(isinstance(b().case, Case) for b in BUILDERS)
