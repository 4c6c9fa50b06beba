#!/usr/bin/env python3
"""Read a folder of real OKR/KPI workbooks and print, per workbook, whether it was read or
refused, and the numbers its author worked out beside ours.

usage: scripts/measure_real.py DIR [--as-of 2026-03-31] [--verbose]

DIR holds the development set (copied out by the shared ``get.sh``). The expectations
below are the author's numbers listed with that set; a workbook that is refused is read
again through the mapping ``map --write`` saves, with at most three of its lines edited.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sheets_okr.config_file import load_settings
from sheets_okr.errors import SheetsOkrError
from sheets_okr.io.xlsx import XlsxBackend
from sheets_okr.items import items
from sheets_okr.read.mapping import save_mapping
from sheets_okr.read.pipeline import read_book
from sheets_okr.run import Analysis, analyse_book

Item = dict[str, Any]


@dataclass
class Expect:
    """One number to reproduce: which item, which value, what the author has."""

    label: str
    find: Callable[[list[Item]], Any]
    wanted: Any
    tolerance: float = 0.0015

    def judge(self, found: Any) -> bool:
        if isinstance(self.wanted, (int, float)) and isinstance(found, (int, float)):
            return abs(found - self.wanted) <= self.tolerance * max(1.0, abs(self.wanted))
        return found == self.wanted


@dataclass
class Workbook:
    name: str
    expects: list[Expect] = field(default_factory=list)
    edits: list[tuple[str, str]] = field(default_factory=list)
    as_of: date | None = None


def pick(kind: str, *, tab: str | None = None, title: str | None = None,
         id: str | None = None, segment: str | None = None) -> Callable[[list[Item]], Item]:
    def find(found: list[Item]) -> Item:
        for it in found:
            if it["kind"] != kind or (tab and it["tab"] != tab):
                continue
            if title and title.casefold() not in str(it.get("title") or "").casefold():
                continue
            if id and str(it.get("id")) != id:
                continue
            if segment and segment.casefold() not in str(it.get("segment") or "").casefold():
                continue
            return it
        return {}
    return find


def value(kind: str, field_: str, where: str = "values", **sel: str
          ) -> Callable[[list[Item]], Any]:
    finder = pick(kind, **sel)
    return lambda found: (finder(found).get(where) or {}).get(field_)


def count(kind: str, tab: str | None = None) -> Callable[[list[Item]], int]:
    return lambda found: sum(1 for it in found if it["kind"] == kind
                             and (tab is None or it["tab"] == tab))


def reading(found: list[Item], tab: str, cell: str, column: str = "progress") -> Any:
    """A KPI reading's value (our progress, or the author's column read beside it), found
    by the cell it was read from."""
    analysis = ANALYSIS.get("current")
    if analysis is None:
        return None
    table = analysis.model.tables.get("kpi_history")
    results = analysis.results.get("kpi_history")
    if table is None or results is None:
        return None
    for part, offset in table.pieces():
        if part.title != tab:
            continue
        for (index, key), _ in part.cells.items():
            if key in ("value", "progress") and part.cell(index, key) == cell:
                row = index + offset
                if column == "progress":
                    return float(results.at[row, "progress"])
                return table.frame.at[row, column]
    return None


ANALYSIS: dict[str, Any] = {}


def read_as(tab: str) -> str | None:
    """The kind a tab was read as."""
    layout = ANALYSIS["layouts"].get(tab) if "layouts" in ANALYSIS else None
    return layout.kind if layout is not None else None


def role(tab: str, col: int) -> str | None:
    """The role column ``col`` of a tab was read in."""
    layout = ANALYSIS["layouts"].get(tab) if "layouts" in ANALYSIS else None
    return layout.roles.get(col) if layout is not None else None


def titles(kind: str) -> Callable[[list[Item]], list[str]]:
    return lambda found: sorted({str(it["title"]) for it in found if it["kind"] == kind})


SET: list[Workbook] = [
    Workbook("smarketing_okr", [
        Expect("objectives of the sprint holding the day", count("objective", "Sprint 3"), 4),
        Expect("key results of that sprint", count("key_result", "Sprint 3"), 12),
        Expect("nothing from the other sprints", lambda f: sum(
            1 for it in f if it["tab"] in ("Sprint 1", "Sprint 2")), 0),
        Expect("key results with no value yet", lambda f: sorted({
            it["values"].get("status") for it in f if it["kind"] == "key_result"}),
            ["no data"]),
    ]),
    Workbook("ghj_okr", [
        Expect("completion row 3", value("key_result", "score", tab="Sheet2", id="1"), 1.0),
        Expect("completion row 6", value("key_result", "score", tab="Sheet2", id="4"), 0.7),
        Expect("author's grade row 4", value("key_result", "score", "author", id="2"), 0.5),
        Expect("author's grade row 6", value("key_result", "score", "author", id="4"), 0.9),
    ]),
    Workbook("solbug_okrs", [
        Expect("objectives of the appraisal form", lambda f: count("objective")(f) >= 1, True),
        Expect("no key result scored", lambda f: sum(
            1 for it in f if it["kind"] == "key_result"
            and (it["values"].get("score") is not None)), 0),
        Expect("objectives per form tab", lambda f: {
            t: count("objective", t)(f) for t in ("Template1", "Template2")},
            {"Template1": 2, "Template2": 1}),
    ]),
    Workbook("mrkoon_okrs_shell", [
        Expect("both tabs read as OKRs", lambda f: [read_as("Company OKRs"),
                                                    read_as("Department OKRs")],
               ["okr_single_table", "okr_single_table"]),
        Expect("'Objective ID' is the objective's ID", lambda f: role("Company OKRs", 1),
               "objective_id"),
        Expect("'KR Owner' is the owner", lambda f: role("Company OKRs", 4), "owner"),
    ]),
    Workbook("mrkoon_kpis_shell", [
        Expect("KPI Master read as KPIs", lambda f: read_as("KPI Master"), "kpis"),
        Expect("Threshold is the warning level", lambda f: role("KPI Master", 8), "warning"),
        Expect("Monthly Tracking read as KPI readings", lambda f: read_as("Monthly Tracking"),
               "kpi_wide"),
    ]),
    Workbook("truong_scorecard", [
        Expect("Cust. Sat. Q2 actual / goal",
               value("kpi", "progress", title="Customer Satisfaction"), 59 / 61),
        Expect("OWT full-year forecast / goal",
               value("kpi", "outlook_progress", title="OWT"), 63 / 60),
    ]),
    Workbook("mohanned_bsc", [
        Expect("No of Calls NY, year actual − plan",
               value("kpi", "ytd_variance", title="No of Calls", segment="NY"), -104.78, 0.001),
        Expect("Customers NY, year actual − plan",
               value("kpi", "ytd_variance", title="Customers", segment="NY"), 28, 0.001),
    ]),
    Workbook("xit_kpi_record", [
        Expect("row 2: boxes / boxes goal", lambda f: reading(f, "MD Wise - Store", "I2"),
               119 / 160.5416666),
        Expect("its attainment column read as the author's", lambda f: reading(
            f, "MD Wise - Store", "J2", "author_progress"), 0.7412405917466909),
    ]),
    Workbook("burhan_kpi", [
        Expect("item 3 gap", value("key_result", "gap", id="3"), 0.2),
        Expect("item 4 gap", value("key_result", "gap", id="4"), 10),
    ]),
    Workbook("leo_metas", [
        Expect("Dupla 1: received / weekly target",
               value("kpi", "progress", segment="Dupla 1"), 1420.89 / 10173.91),
    ]),
    Workbook("infosec_kpis", [
        Expect("KPIs named in column A", lambda f: len(titles("kpi")(f)), 11),
        Expect("no value column taken for a KPI", lambda f: [
            t for t in titles("kpi")(f) if t.lower().startswith("value")], []),
    ]),
    Workbook("justinas_funnel", [
        Expect("US purchase / page_view", value(
            "funnel_step", "overall_conversion", title="purchase", segment="US"),
            1942 / 118333),
        Expect("the author's US column, read as theirs", value(
            "funnel_step", "overall_conversion", "author", title="purchase", segment="US"),
            0.0164),
        Expect("all three countries: purchase / page_view (the author's J6)", value(
            "funnel_step", "overall_conversion", title="purchase", segment="total"), 0.0165),
        Expect("US purchase / begin_checkout (worked by hand)", value(
            "funnel_step", "step_conversion", title="purchase", segment="US"), 1942 / 4310),
    ]),
    Workbook("n1_goals", [
        Expect("Offsec done / max", value("key_result", "score", title="Offensive"), 10 / 60),
        Expect("Coding done / max", value("key_result", "score", title="Code"), 21 / 84),
    ], edits=[('"P" = "ignore"', '"P" = "current"'), ('"max" = "ignore"', '"max" = "target"'),
              ('"Percentage" = "progress"', '"Percentage" = "ignore"')]),
    Workbook("peter_kpi_framework", [
        Expect("New Customers baseline", value("kpi", "baseline", "inputs",
                                               title="New Customers"), 727200),
        Expect("New Customers target", value("kpi", "target", "inputs",
                                             title="New Customers"), 872640),
        Expect("Cart Abandonment target", value("kpi", "target", "inputs",
                                                title="Cart Abandonment"), 0.5432),
        Expect("Cart Abandonment: lower is better", value(
            "kpi", "direction_used", title="Cart Abandonment"), "lower is better"),
    ]),
    Workbook("peter_cpc_roi", [
        Expect("vendor 1 ROI", value("roi", "roi", id="1"), (832 - 698.88) / 698.88),
    ]),
]


@dataclass
class Outcome:
    read: bool
    note: str
    found: list[Item]
    analysis: Analysis | None = None


def analyse(path: Path, as_of: date) -> Outcome:
    settings = load_settings(start=path.parent)
    try:
        book = XlsxBackend(path).read()
        analysis = analyse_book(book, as_of, settings)
    except SheetsOkrError as exc:
        ANALYSIS.pop("current", None)
        return Outcome(False, str(exc).splitlines()[0], [])
    ANALYSIS["current"] = analysis
    ANALYSIS["layouts"] = read_book(book, settings, as_of).layouts
    return Outcome(True, "; ".join(analysis.model.notes[:2]), items(analysis), analysis)


def with_mapping(path: Path, wb: Workbook, as_of: date) -> tuple[Outcome, int]:
    """Save the mapping ``map`` suggests, apply the workbook's edits, read again."""
    folder = Path(tempfile.mkdtemp())
    copy = folder / path.name
    shutil.copy(path, copy)
    book = XlsxBackend(copy).read()
    reading = read_book(book, load_settings(start=folder), as_of, explain=True)
    config = folder / "sheets-okr.toml"
    save_mapping(reading.layouts, book, config)
    if not config.exists():
        return Outcome(False, "nothing to save", []), 0
    text = config.read_text(encoding="utf-8")
    edited = 0
    for old, new in wb.edits:
        if old in text:
            text = text.replace(old, new, 1)
            edited += 1
    config.write_text(text, encoding="utf-8")
    return analyse(copy, as_of), edited


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--as-of", default="2026-03-31", type=date.fromisoformat)
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()
    good = 0
    for wb in SET:
        path = args.folder / f"{wb.name}.xlsx"
        if not path.exists():
            print(f"{wb.name:<22} missing")
            continue
        outcome = analyse(path, wb.as_of or args.as_of)
        how = "read" if outcome.read else "refused"
        edited = 0
        if not outcome.read and wb.edits:
            outcome, edited = with_mapping(path, wb, wb.as_of or args.as_of)
            how = f"refused; read with a mapping, {edited} line(s) edited" if outcome.read \
                else "refused"
        results = []
        for expect in wb.expects:
            found = expect.find(outcome.found) if outcome.read else None
            results.append((expect, found, outcome.read and expect.judge(found)))
        ok = outcome.read and all(r[2] for r in results)
        good += ok
        print(f"{wb.name:<22} {how}{'' if ok else '  (not as the author has it)'}")
        for expect, found, right in results:
            mark = "=" if right else "≠"
            print(f"    {mark} {expect.label}: author {_show(expect.wanted)}, "
                  f"ours {_show(found)}")
        if args.verbose and outcome.note:
            print(f"    note: {outcome.note}")
    print(f"\n{good} of {len(SET)} read as their authors have them")
    return 0


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return "—" if value is None else str(value)


if __name__ == "__main__":
    sys.exit(main())
