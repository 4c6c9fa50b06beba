"""Settings: thresholds, rule selection and reading options (read from a file by
:mod:`sheets_okr.config_file`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

FREQUENCY_DAYS: dict[str, int] = {
    "daily": 1,
    "day": 1,
    "weekly": 7,
    "week": 7,
    "biweekly": 14,
    "fortnightly": 14,
    "monthly": 31,
    "month": 31,
    "quarterly": 92,
    "quarter": 92,
    "yearly": 366,
    "annually": 366,
    "annual": 366,
    "year": 366,
}


CHECKIN_PERIODS = ("day", "week", "fortnight", "month")


@dataclass(frozen=True)
class Settings:
    """Every tunable number of the calculation core and the linter."""

    on_track_margin: float = 0.10
    at_risk_margin: float = 0.25
    grade_yellow: float = 0.4
    grade_green: float = 0.7
    trend_points: int = 5
    trend_flat_tolerance: float = 0.01
    stale_grace: float = 1.0
    default_frequency_days: int = 31
    kr_stale_days: int = 30
    min_krs: int = 2
    max_krs: int = 5
    max_kpis_per_team: int = 10
    day_first: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    charts: bool = True
    max_kpi_charts: int = 12
    pace: str = "linear"
    pace_steps: int = 3
    phases: tuple[str, ...] = ()
    history: bool = True
    formulas: bool = False
    checkin_period: str = "week"
    locale: str | None = None
    """Locale of numbers typed as text (``map --locale``); before the saved mapping's."""
    mapping: dict[str, Any] | None = field(default=None, compare=False)
    """The ``[mapping]`` table of the configuration: how each tab is read."""

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


SYNC_SECTIONS = ("workbooks", "sources", "sync")
"""Tables of a sync configuration, read by :mod:`sheets_okr.sync.config`."""
NOT_SETTINGS = ("locale",)
"""Fields set by the command line only (a locale is saved in the ``[mapping]`` table)."""
