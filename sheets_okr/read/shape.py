"""What detection (or a saved mapping) says a tab holds: the table, its header rows, the
role of each column, the period bands and how rows split into objectives and KRs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..model import a1, col_letter
from ..values import Period

KINDS: dict[str, str] = {
    "okr_single_table": "objectives and key results in one table",
    "objectives": "objectives",
    "key_results": "key results",
    "kpis": "KPIs, one per row",
    "kpi_log": "a KPI log: a date column, then one column per KPI",
    "kpi_tracker": "a tracker: entities by period, each metric against its goal",
    "kpi_long": "a long KPI log: the KPI named on every row, its values and date",
    "kpi_wide": "KPI readings: a KPI per row, a column per month or date",
    "kpi_rows": "KPIs as groups of rows (<KPI> Plan / Act / PY), a column per month",
    "kpi_history": "KPI readings",
    "initiatives": "initiatives",
    "roi": "ROI by period",
    "funnel": "conversion funnel",
    "funnel_stages": "a funnel of stages, each converted from the one before and the first",
    "okr_transposed": "objectives across a row, their key results below each one",
    "okr_form": "a form: labels on top, objective blocks, an evaluation table",
    "ignore": "not read",
}
SPLITS: dict[str, str] = {
    "type": "by the row-type column",
    "dotted": "by dotted IDs (1 / 1.1)",
    "blank_id": "key results have no ID of their own",
    "indent": "key results are indented",
    "columns": "objective and key result in separate columns",
    "none": "no rows yet",
}


@dataclass
class Band:
    """A group of columns that repeats per period (``Q1-2026 | Baseline | Actual ...``)."""

    label: str
    period: Period | None
    columns: list[int] = field(default_factory=list)

    def holds(self, day: date) -> bool:
        return self.period is not None and self.period.start <= day <= self.period.end


@dataclass
class Layout:
    """A tab read as one table of a known kind."""

    title: str
    kind: str
    header_rows: list[int]
    first_col: int
    last_col: int
    rows: list[int] = field(default_factory=list)
    roles: dict[int, str] = field(default_factory=dict)
    headers: dict[int, str] = field(default_factory=dict)
    bands: list[Band] = field(default_factory=list)
    band: Band | None = None
    defaults: dict[str, str] = field(default_factory=dict)
    split: str | None = None
    objective_rows: list[int] = field(default_factory=list)
    decimal_comma: bool = False
    day_first: bool | None = None
    source: str = "detected"
    explicit: set[int] = field(default_factory=set)
    ignored: dict[int, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    score: float = 0.0
    period_known: bool = False
    period_holds: bool = False
    margin: float = 0.0
    alternatives: list[Layout] = field(default_factory=list)
    doubtful: set[int] = field(default_factory=set)
    strength: dict[int, float] = field(default_factory=dict)
    pairs: dict[int, int] = field(default_factory=dict)
    progress_of: dict[int, int] = field(default_factory=dict)
    periods: dict[int, str] = field(default_factory=dict)
    marked: bool = False
    doubt: str | None = None
    doubt_cell: str = ""
    doubt_columns: set[int] = field(default_factory=set)
    derived: str | None = None
    """The tabs this table is computed from, when it is not read for that reason."""

    @property
    def header_row(self) -> int:
        return self.header_rows[-1]

    @property
    def last_row(self) -> int:
        return max(self.rows, default=self.header_row)

    @property
    def range(self) -> str:
        top = a1(self.header_rows[0], self.first_col)
        return f"{top}:{col_letter(self.last_col)}{self.last_row}"

    def band_of(self, col: int) -> Band | None:
        return next((b for b in self.bands if col in b.columns), None)

    def active(self, col: int) -> bool:
        """Whether ``col`` is read: outside any band, or in the chosen band."""
        band = self.band_of(col)
        return band is None or band is self.band

    def columns(self, fallback: tuple[str, ...] = ()) -> dict[str, int]:
        """Role -> column of the columns read (the first of each role); roles in
        ``fallback`` missing from the chosen band come from the latest earlier band."""
        out: dict[str, int] = {}
        for col in sorted(self.roles):
            if self.active(col):
                out.setdefault(self.roles[col], col)
        if fallback and self.band is not None and self.band.period is not None:
            start = self.band.period.start
            earlier = [b for b in self.bands if b.period and b.period.start < start]
            for band in sorted(earlier, key=lambda b: b.period.start if b.period else start,
                               reverse=True):
                for col in band.columns:
                    role = self.roles.get(col)
                    if role in fallback:
                        out.setdefault(role, col)
        return out

    def earlier_bands(self) -> list[Band]:
        """Bands before the chosen one, oldest first."""
        if self.band is None or self.band.period is None:
            return []
        start = self.band.period.start
        return sorted((b for b in self.bands if b.period and b.period.end < start),
                      key=lambda b: b.period.start if b.period else start)
