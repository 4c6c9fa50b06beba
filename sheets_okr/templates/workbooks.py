"""Ready-to-use workbook templates (``templates/`` and ``init --template NAME``): the
standard tabs; objectives and key results in one table with dotted IDs; a KPI scorecard
with a band of Target | Actual columns per quarter. Each is read by sheets-okr as it is,
with no mapping."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..schema import TABS
from . import Rows, quarter_bounds

KINDS = "increase,decrease,milestone,keep-above,keep-below"
PACES = "linear,back-loaded,front-loaded,stepped,phased"
CONFIDENCE = "on track,at risk,off track"


@dataclass
class Template:
    """Rows per tab and what makes them easy to fill in: merged title and band cells,
    drop-down lists per header, number formats per header, column widths."""

    name: str
    description: str
    tables: dict[str, Rows]
    merges: dict[str, list[str]] = field(default_factory=dict)
    choices: dict[str, dict[str, str]] = field(default_factory=dict)
    formats: dict[str, dict[str, str]] = field(default_factory=dict)
    header_rows: dict[str, tuple[int, ...]] = field(default_factory=dict)


def standard(today: date) -> Template:
    """Every tab of the specification, headers only."""
    tables = {tab.title: [[c.header for c in tab.columns if c.key != "ignore"]]
              for tab in TABS}
    choices = {
        "Objectives": {"Type": "committed,aspirational", "Pace": PACES},
        "Key Results": {"Kind": KINDS, "Pace": PACES, "Confidence": CONFIDENCE},
        "KPIs": {"Direction": "higher is better,lower is better",
                 "Frequency": "daily,weekly,monthly,quarterly,yearly"},
    }
    formats = {
        "Objectives": {"Start": "yyyy-mm-dd", "End": "yyyy-mm-dd"},
        "Key Results": {"Start": "yyyy-mm-dd", "Due": "yyyy-mm-dd",
                        "Updated": "yyyy-mm-dd"},
        "Initiatives": {"Due": "yyyy-mm-dd", "Investment": "#,##0", "Return": "#,##0"},
        "KPI History": {"Date": "yyyy-mm-dd"},
        "ROI": {"Investment": "#,##0", "Return": "#,##0"},
    }
    return Template("standard", "the standard tabs, headers only, with drop-down lists",
                    tables, choices=choices, formats=formats)


def okrs_one_table(today: date) -> Template:
    """Objectives and key results in one table, told apart by dotted IDs (1, 1.1, 1.2)."""
    _, _, period = quarter_bounds(today)
    rows: Rows = [
        ["Team OKRs"],
        ["Team:", "Your team"],
        ["Period:", period],
        [],
        ["ID", "Objective / Key Result", "Owner", "Baseline", "Target", "Current",
         "Confidence", "Pace", "Notes"],
        ["1", "Write your first objective here", "Owner"],
        ["1.1", "Raise a number from 0 to 100", "Owner", 0, 100, 0, "on track"],
        ["1.2", "Cut a number from 50 to 20", "Owner", 50, 20, 50, "on track"],
        ["2", "Write your second objective here", "Owner"],
        ["2.1", "Win 10 new customers", "Owner", 0, 10, 0, "on track"],
        ["2.2", "Grow a share from 10% to 25%", "Owner", "10%", "25%", "10%", "on track"],
    ]
    return Template("okrs-one-table", "objectives and key results in one table, dotted IDs",
                    {"Team OKRs": rows}, merges={"Team OKRs": ["A1:I1"]},
                    choices={"Team OKRs": {"Confidence": CONFIDENCE, "Pace": PACES}},
                    header_rows={"Team OKRs": (5,)})


def kpi_scorecard(today: date) -> Template:
    """One row per KPI, with a Target | Actual band per quarter of the year."""
    year = today.year
    quarters = [f"Q{q}-{year}" for q in range(1, 5)]
    band: list[Any] = [None] * 6
    header: list[Any] = ["ID", "KPI", "Owner", "Unit", "Direction", "Baseline"]
    for q in quarters:
        band += [q, None]
        header += ["Target", "Actual"]
    kpis = [
        ["K1", "Monthly recurring revenue", "Owner", "USD", "higher is better", 100000,
         110000, None, 120000, None, 130000, None, 140000, None],
        ["K2", "Average reply time", "Owner", "min", "lower is better", 60, 50, None, 45,
         None, 40, None, 30, None],
        ["K3", "Customer churn", "Owner", "%", "lower is better", "5%", "4.5%", None, "4%",
         None, "3.5%", None, "3%", None],
    ]
    rows: Rows = [["KPI scorecard"], ["Team:", "Your team"], ["Period:", year], band, header,
                  *kpis]
    merges = ["A1:N1"] + [f"{_col(7 + 2 * i)}4:{_col(8 + 2 * i)}4" for i in range(4)]
    return Template("kpi-scorecard", "KPIs, one per row, a Target | Actual band per quarter",
                    {"Scorecard": rows}, merges={"Scorecard": merges},
                    choices={"Scorecard": {"Direction": "higher is better,lower is better"}},
                    header_rows={"Scorecard": (4, 5)})


def _col(n: int) -> str:
    from ..model import col_letter

    return col_letter(n)


TEMPLATES: dict[str, Callable[[date], Template]] = {
    "standard": standard,
    "okrs-one-table": okrs_one_table,
    "kpi-scorecard": kpi_scorecard,
}


def template(name: str, today: date | None = None) -> Template:
    """The template called ``name``, dated for the period holding ``today``."""
    try:
        make = TEMPLATES[name]
    except KeyError:
        raise UsageError(f"no template named '{name}' (templates: "
                         f"{', '.join(TEMPLATES)})") from None
    return make(today or date.today())


def write_template(tpl: Template, path: Path, force: bool = False,
                   stamp: datetime | None = None) -> None:
    """Write ``tpl`` as an .xlsx file (``stamp``: the creation time recorded in the file,
    fixed so that a rebuilt template equals the committed one)."""
    from openpyxl import load_workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..io.xlsx.create import create_workbook

    create_workbook(path, tpl.tables, force=force)
    wb = load_workbook(path)
    for title, ws in ((t, wb[t]) for t in tpl.tables):
        header_rows = tpl.header_rows.get(title) or (_header_row(tpl.tables[title]),)
        header = [c.value for c in ws[header_rows[-1]]]
        for rng in tpl.merges.get(title, []):
            if rng not in {str(m) for m in ws.merged_cells.ranges}:
                ws.merge_cells(rng)
        for name, options in tpl.choices.get(title, {}).items():
            if name not in header:
                continue
            letter = _col(header.index(name) + 1)
            rule = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True,
                                  showErrorMessage=False)
            rule.add(f"{letter}{header_rows[-1] + 1}:{letter}1000")
            ws.add_data_validation(rule)
        for name, fmt in tpl.formats.get(title, {}).items():
            if name in header:
                for r in range(header_rows[-1] + 1, 201):
                    ws.cell(row=r, column=header.index(name) + 1).number_format = fmt
    if stamp is not None:
        wb.properties.created = wb.properties.modified = stamp
    wb.save(path)


def _header_row(rows: Rows) -> int:
    return next(i for i, r in enumerate(rows, start=1) if len(r) > 1)
