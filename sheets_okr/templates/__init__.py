"""Workbook templates: an empty one and a filled-in example, as rows per tab."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..schema import TABS

Rows = list[list[Any]]


def quarter_bounds(day: date) -> tuple[date, date, str]:
    """First and last day of the calendar quarter holding ``day``, and its label."""
    q = (day.month - 1) // 3
    start = date(day.year, 3 * q + 1, 1)
    nxt = date(day.year + (q == 3), (3 * q + 3) % 12 + 1, 1)
    return start, nxt - timedelta(days=1), f"{day.year}-Q{q + 1}"


def blank_tables() -> dict[str, Rows]:
    """Every tab of SPEC §3 with its input headers and no rows."""
    return {tab.title: [[c.header for c in tab.columns if c.key != "ignore" and c.template]]
            for tab in TABS}


def _months_back(day: date, count: int) -> list[str]:
    labels = []
    year, month = day.year, day.month
    for _ in range(count):
        labels.append(f"{year}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return labels[::-1]


def example_tables(today: date | None = None) -> dict[str, Rows]:
    """The example workbook: support, NPS, sales, marketing and ROI goals for the
    quarter holding ``today``, with a few misalignments planted on purpose."""
    today = today or date.today()
    start, end, period = quarter_bounds(today)
    months = _months_back(today, 5)

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    objectives: Rows = [
        ["ID", "Objective", "Owner", "Team", "Period", "Type"],
        ["O1", "Deliver support our customers love", "Ana Ruiz", "Support", period, "committed"],
        ["O2", "Grow new business revenue", "Ben Okafor", "Sales", period, "aspirational"],
        ["O3", "Make every marketing dollar count", "Cleo Park", "Marketing", period,
         "aspirational"],
        ["O4", "Blog articles published that month", "Dan Weiss", "Marketing", period,
         "aspirational"],
    ]
    key_results: Rows = [
        ["ID", "Objective", "Key Result", "Owner", "Kind", "Baseline", "Target", "Current",
         "Unit", "KPI", "Updated"],
        ["KR1", "O1", "Cut average reply time from 48 to 30 minutes", "Ana Ruiz", "", 48, 30,
         "", "min", "K1", ago(2)],
        ["KR2", "O1", "Increase NPS from 70 to 80", "Ana Ruiz", "", 70, 80, "", "points", "K2",
         ago(9)],
        ["KR3", "O1", "95% of tickets answered within 1 hour", "Eli Sato", "keep-above", "",
         "95%", "91%", "%", "", ago(3)],
        ["KR4", "O2", "Grow new-business revenue from $1.2M to $2M", "Ben Okafor", "",
         "$1,200,000", "$2,000,000", "$1,560,000", "USD", "", ago(5)],
        ["KR5", "O2", "Host 100 product demos", "Fay Chen", "", 0, 100, 45, "demos", "", ago(4)],
        ["KR6", "O2", "Raise win rate from 20% to 30%", "Ben Okafor", "", "20%", "30%", "24%",
         "%", "", ago(6)],
        ["KR7", "O3", "Lift landing-page conversion from 1.5% to 2.5%", "Cleo Park", "",
         "1.5%", "2.5%", "", "%", "K5", ago(1)],
        ["KR8", "O3", "Keep cost per acquisition below $50", "", "keep-below", "", "$50", "$46",
         "USD", "", ago(7)],
        ["KR9", "O2", "Pass the SOC 2 Type II audit", "Ben Okafor", "milestone", "", "done",
         "✓", "", "", ago(12)],
        ["KR10", "O4", "Reach 20,000 monthly blog readers", "Dan Weiss", "", 12000, 20000,
         15000, "readers", "", ago(8)],
    ]
    initiatives: Rows = [
        ["ID", "Initiative", "KR", "Owner", "Status", "Due", "Investment", "Return"],
        ["I1", "Implement in-app live chat", "KR1", "Eli Sato", "in progress", end, 12000, ""],
        ["I2", "Customer retention rate", "KR2", "Ana Ruiz", "planned", end, "", ""],
        ["I3", "Run a win-back email campaign", "KR4", "Ben Okafor", "done", ago(20), 1000, 1300],
        ["I4", "Sponsor the regional SaaS meetup", "KR4", "Fay Chen", "done", ago(30), 10, 30],
    ]
    kpis: Rows = [
        ["ID", "KPI", "Owner", "Team", "Unit", "Direction", "Target", "Warning", "Frequency",
         "Baseline", "Category"],
        ["K1", "Average reply time", "Ana Ruiz", "Support", "min", "lower is better", 30, 45,
         "weekly", 48, "process"],
        ["K2", "Net promoter score", "Ana Ruiz", "Support", "points", "higher is better", 75, 72,
         "monthly", 70, "customer"],
        ["K3", "Customer churn rate", "Ben Okafor", "Sales", "%", "lower is better", "2%", "3%",
         "monthly", "3.5%", "risk"],
        ["K4", "Increase ad budget 30%", "Cleo Park", "Marketing", "USD", "higher is better",
         12000, "", "monthly", 10000, "input"],
        ["K5", "Landing page conversion rate", "Cleo Park", "Marketing", "%", "higher is better",
         "2.5%", "2%", "monthly", "1.5%", "funnel"],
        ["K6", "Monthly recurring revenue", "Ben Okafor", "Sales", "USD", "higher is better",
         170000, 150000, "monthly", 140000, "finance"],
    ]
    history: Rows = [["Date", "KPI", "Value", "Note"]]
    for weeks, value in zip(range(7, -1, -1), (48, 47, 45, 44, 42, 40, 38, 36), strict=True):
        history.append([ago(7 * weeks + 1), "K1", value, ""])
    monthly = {
        "K2": (70, 71, 70, 72, 70),
        "K3": ("3.5%", "3.8%", "3.9%", "4.1%", "4.0%"),
        "K4": (10000, 10000, 11000, 12000, 12500),
        "K5": ("1.5%", "1.6%", "1.7%", "1.8%", "1.95%"),
        "K6": (140000, 146000, 151000, 155000, 162000),
    }
    for kpi, values in monthly.items():
        for back, value in zip(range(4, -1, -1), values, strict=True):
            history.append([ago(30 * back + 3), kpi, value, ""])
    roi: Rows = [["Period", "Investment", "Return", "Initiative"]]
    for label, (inv, ret) in zip(months, [(1000, 1300), (2000, 2100), (1500, 2400),
                                          (2500, 3100), (3000, 4200)], strict=True):
        roi.append([label, inv, ret, "I3"])
    funnel: Rows = [["Period", "Visits", "Conversions", "Channel"]]
    for label, (visits, conv) in zip(months, [(540, 8), (600, 10), (610, 11), (650, 12),
                                              (665, 13)], strict=True):
        funnel.append([label, visits, conv, "web"])
    title: Rows = [["Example OKRs (sheets-okr)"], []]
    return {
        "Objectives": title + objectives,
        "Key Results": key_results,
        "Initiatives": initiatives,
        "KPIs": kpis,
        "KPI History": history,
        "ROI": roi,
        "Funnel": funnel,
    }
