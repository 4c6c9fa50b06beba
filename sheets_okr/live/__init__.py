"""Live formulas (``recompute --formulas``): computed columns written as spreadsheet
formulas that give the tool's own results in Excel, LibreOffice and Google Sheets, so a
score moves as soon as someone types a Current value.

Only functions all three share are used (IF, OR, MAX, MIN, INT, TODAY, DATE, SUMPRODUCT,
COUNTIF, SUM, INDEX, MATCH, IFERROR). A cell whose inputs a formula cannot read the way
the tool does (text such as ``$1,200`` or ``✓``, an unreadable row, phased targets) gets
the value instead. Dates and kinds are written into the formulas and refreshed on every
run, as are the ranges when a table grows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..calc import Results
from ..changes import Formula
from ..config import Settings
from ..model import Model, Table
from .kpi import kpi_formulas
from .okr import key_result_formulas, objective_formulas
from .roi import funnel_formulas, roi_formulas

BUILDERS = {
    "key_results": key_result_formulas,
    "objectives": objective_formulas,
    "kpis": kpi_formulas,
    "roi": roi_formulas,
    "funnel": funnel_formulas,
}


class LiveFormulas:
    """The formulas of one run, built per table on first use."""

    def __init__(self, model: Model, results: Results, settings: Settings,
                 as_of: date) -> None:
        self.model, self.results, self.settings, self.as_of = model, results, settings, as_of
        self._tables: dict[str, dict[tuple[int, str], str]] = {}

    def cell(self, table: Table, key: str, row: int, value: Any) -> Any:
        """A :class:`Formula` for the cell (its cached result ``value``), or ``value``
        where no formula gives the tool's result."""
        build = BUILDERS.get(table.key)
        if build is None:
            return value
        if table.key not in self._tables:
            self._tables[table.key] = build(self.model, table, self.results, self.settings,
                                            self.as_of)
        text = self._tables[table.key].get((row, key))
        return value if text is None else Formula(text, value)


__all__ = ["LiveFormulas"]
