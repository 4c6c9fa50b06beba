"""The rows the report shows, as plain Python values (None for blank)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..lint import Flag


@dataclass
class KeyResultRow:
    id: str | None
    title: str | None
    owner: str | None
    kind: str | None
    baseline: float | None
    target: float | None
    current: float | None
    unit: str | None
    progress: float | None
    score: float | None
    expected: float | None
    status: str | None
    grade: str | None


@dataclass
class ObjectiveRow:
    id: str | None
    title: str | None
    owner: str | None
    period: str | None
    type: str | None
    score: float | None
    expected: float | None
    status: str | None
    key_results: list[KeyResultRow] = field(default_factory=list)
    is_group: bool = False
    team: str | None = None
    trend: list[tuple[date, float | None, float | None]] = field(default_factory=list)
    trend_png: bytes | None = None


@dataclass
class KpiRow:
    id: str | None
    name: str | None
    owner: str | None
    unit: str | None
    direction: str | None
    target: float | None
    warning: float | None
    latest: float | None
    latest_date: date | None
    health: str
    trend: str | None
    forecast: float | None
    series: tuple[Any, Any] | None = None
    file_name: str = ""

    @property
    def has_history(self) -> bool:
        return self.series is not None and len(self.series[0]) > 0

    @property
    def history(self) -> list[tuple[date, float]]:
        """The KPI's readings (day, value), oldest first."""
        if self.series is None:
            return []
        days, values = self.series
        return list(zip(days.tolist(), values.tolist(), strict=True))


@dataclass
class RoiRow:
    period: str
    investment: float | None
    returns: float | None
    net: float | None
    roi: float | None
    cumulative_roi: float | None


@dataclass
class FunnelRow:
    period: str
    channel: str | None
    visits: float | None
    conversions: float | None
    rate: float | None


@dataclass
class ReportData:
    """Everything the report shows, as plain Python values (None for blank)."""

    workbook: str
    as_of: date
    objectives: list[ObjectiveRow]
    kpis: list[KpiRow]
    roi: list[RoiRow] | None
    funnel: list[FunnelRow] | None
    flags: list[Flag]

    @property
    def key_results(self) -> list[KeyResultRow]:
        return [kr for obj in self.objectives for kr in obj.key_results]
