"""What a report shows of a large workbook: the lowest and highest scores for a chart,
the most urgent KPIs, objectives grouped by team into pages.

Every function keeps the whole picture honest: it says how many items it left out, and
those items stay in the workbook, the distribution chart and the pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from .rows import KpiRow, ObjectiveRow

T = TypeVar("T")

MAX_BARS = 30
"""At most this many bars a chart: with more items, the lowest and highest half each."""
MAX_CARDS = 50
"""Up to this many objectives the page shows each with its key results; beyond, a table
per team (on pages of their own) and the objectives that need attention most."""
ATTENTION = 10
MAX_KPI_ROWS = 30
"""KPIs shown on the page (the most urgent first); all of them are on a page of their own."""
MAX_KPI_CHARTS = 8
MAX_FLAG_ROWS = 100
"""Up to this many flags the page lists each; beyond, a count per rule with examples."""
FLAG_EXAMPLES = 3
PAGE_SIZE = 250
"""Objectives on one page when the workbook names no teams."""
HEALTH_ORDER = ("breach", "warning", "stale", "no data", "no target", "healthy")
URGENT_STATUS = ("off track", "missed", "at risk")


@dataclass
class Chosen:
    """The items a chart draws: ``low`` (lowest first) and ``high`` (highest first), and
    how many lie between them, left out."""

    low: list
    high: list
    skipped: int

    @property
    def items(self) -> list:
        return [*self.low, *self.high]


def lowest_and_highest(items: Sequence[T], score: Callable[[T], float | None],
                       limit: int = MAX_BARS) -> Chosen:
    """All ``items`` in sheet order when they fit in ``limit`` bars; else the ``limit//2``
    with the lowest score (no score counts as lowest) and the ``limit//2`` with the highest.

    >>> chosen = lowest_and_highest(list(range(10)), lambda n: n % 7, limit=4)
    >>> chosen.low, chosen.high, chosen.skipped
    ([0, 7], [6, 5], 6)
    """
    if len(items) <= limit:
        return Chosen(list(items), [], 0)
    half = limit // 2
    ranked = sorted(range(len(items)), key=lambda n: (_rank(score(items[n])), n))
    low = [items[n] for n in ranked[:half]]
    high = [items[n] for n in sorted(ranked[half:], key=lambda n: (-_rank(score(items[n])),
                                                                   n))[:half]]
    return Chosen(low, high, len(items) - len(low) - len(high))


def _rank(value: float | None) -> float:
    return float("-inf") if value is None else value


def urgent_kpis(kpis: Sequence[KpiRow], limit: int) -> list[KpiRow]:
    """The ``limit`` KPIs most in need of attention: breached first, then warning, stale,
    no data, no target, healthy; sheet order within each."""
    order = {health: n for n, health in enumerate(HEALTH_ORDER)}
    ranked = sorted(range(len(kpis)), key=lambda n: (order.get(kpis[n].health, 1), n))
    return [kpis[n] for n in ranked[:limit]]


def needing_attention(objectives: Sequence[ObjectiveRow],
                      limit: int = ATTENTION) -> list[ObjectiveRow]:
    """Off-track, missed and at-risk objectives, furthest behind what was expected by
    today first."""
    behind = [o for o in objectives if not o.is_group and o.status in URGENT_STATUS]
    return sorted(behind, key=lambda o: (o.score or 0.0) - (o.expected or 0.0))[:limit]


@dataclass
class Page:
    """One page of objectives: its title, file name and objectives."""

    title: str
    file_name: str
    objectives: list[ObjectiveRow]


def pages(objectives: Sequence[ObjectiveRow], size: int = PAGE_SIZE) -> list[Page]:
    """The objectives on pages: one page per team when teams are named (objectives with
    none on a page of their own), else pages of ``size`` in sheet order."""
    teams: dict[str, list[ObjectiveRow]] = {}
    for obj in objectives:
        teams.setdefault(obj.team or "", []).append(obj)
    taken: set[str] = set()
    if len(teams) > 1 or "" not in teams:
        return [Page(team or "No team", page_name("objectives_" + (team or "no_team"), taken),
                     group) for team, group in teams.items()]
    everything = list(objectives)
    return [Page(f"Objectives {n + 1}–{min(n + size, len(everything))}",
                 page_name(f"objectives_{n // size + 1}", taken), everything[n:n + size])
            for n in range(0, len(everything), size)]


def page_name(stem: str, taken: set[str], suffix: str = ".html") -> str:
    """``stem`` reduced to safe characters, unique within ``taken`` (case-insensitively).

    >>> taken = set()
    >>> page_name("objectives_Sales / EMEA", taken), page_name("objectives_sales_emea", taken)
    ('objectives_Sales_EMEA.html', 'objectives_sales_emea_2.html')
    """
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_")[:60] or "page"
    name, n = f"{safe}{suffix}", 1
    while name.lower() in taken:
        n += 1
        name = f"{safe}_{n}{suffix}"
    taken.add(name.lower())
    return name


@dataclass
class View:
    """What the main page shows: its KPIs (all, or the most urgent) with their sparklines
    by position, the pages that hold the objectives when the page holds too many to show
    each (none: every objective is on the page), and the page of all KPIs, if any."""

    kpis: list[KpiRow]
    sparklines: dict[int, str]
    pages: list[Page]
    kpi_page: str | None = None
