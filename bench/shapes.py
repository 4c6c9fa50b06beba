"""The benchmark's workbooks: one generator per shape of OKR workbook people keep.

Each generator writes a workbook at ``path`` for ``scale`` (sizes grow linearly with it)
and returns the input cells a person would then edit (25 of them), so that a steady-state
run has something to recompute.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

AS_OF = date(2026, 11, 15)
Edit = tuple[str, int, int, Any]

WORDS = ("onboarding", "pipeline", "churn", "renewal", "billing", "search", "support",
         "mobile", "partner", "pricing", "trial", "referral", "checkout", "reporting",
         "security", "latency", "catalogue", "inventory", "shipping", "payroll", "hiring",
         "training", "community", "docs", "release", "quality", "uptime", "backlog",
         "forecast", "margin", "retention", "activation", "engagement", "compliance")
UNITS = ("%", "pts", "min", "days", "users", "EUR", "tickets", "ms")


@dataclass(frozen=True)
class Shape:
    """A benchmark shape: its name, what it holds, and how to write it."""

    name: str
    about: str
    write: Callable[[Path, int], list[Edit]]


def _book() -> Any:
    from openpyxl import Workbook

    return Workbook(write_only=True)


def _objectives(wb: Any, count: int, rnd: random.Random, team_count: int = 25) -> None:
    ws = wb.create_sheet("Objectives")
    ws.append(["ID", "Objective", "Owner", "Team", "Period", "Type"])
    for i in range(1, count + 1):
        ws.append([f"O{i}", f"Improve area {i} for our customers", f"Owner {i % 40}",
                   f"Team {i % team_count}", "2026-Q4",
                   rnd.choice(["committed", "aspirational"])])


def _key_results(wb: Any, objectives: int, rnd: random.Random, kpis: int = 0,
                 title: Callable[[int, int, int, int], str] | None = None) -> list[Edit]:
    """Four key results per objective; the fourth linked to a KPI when there are KPIs.
    Returns edits of 25 Current cells."""
    ws = wb.create_sheet("Key Results")
    ws.append(["ID", "Objective", "Key Result", "Owner", "Baseline", "Target", "Current",
               "Unit", "KPI", "Updated"])
    edits: list[Edit] = []
    row = 1
    for i in range(1, objectives + 1):
        for k in range(1, 5):
            row += 1
            base = rnd.randint(0, 100)
            target = base + rnd.randint(-50, 100) or base + 10
            kpi = f"K{rnd.randint(1, kpis)}" if kpis and k == 4 else None
            current = None if kpi else round(base + (target - base) * rnd.random(), 2)
            text = (title(i, k, base, target) if title else
                    f"Raise metric {k} of area {i} from {base} to {target}")
            ws.append([f"KR{i}.{k}", f"O{i}", text, f"Owner {i % 40}", base, target, current,
                       "pts", kpi, AS_OF - timedelta(days=rnd.randint(0, 40))])
            if current is not None and len(edits) < 25 and row % 7 == 0:
                edits.append(("Key Results", row, 7, current + 1))
    return edits


def _kpis(wb: Any, count: int, name: Callable[[int], str] | None = None,
          frequency: str = "daily") -> None:
    ws = wb.create_sheet("KPIs")
    ws.append(["ID", "KPI", "Owner", "Team", "Unit", "Direction", "Target", "Warning",
               "Frequency", "Baseline"])
    for k in range(1, count + 1):
        higher = k % 3 != 0
        ws.append([f"K{k}", name(k) if name else f"Metric rate {k}", f"Owner {k % 40}",
                   f"Team {k % 25}", "pts", "higher" if higher else "lower",
                   80 if higher else 20, 70 if higher else 30, frequency, 50])


def _history(wb: Any, kpis: int, days: int, rnd: random.Random, step: int = 1) -> None:
    ws = wb.create_sheet("KPI History")
    ws.append(["Date", "KPI", "Value", "Note"])
    start = AS_OF - timedelta(days=(days - 1) * step)
    for k in range(1, kpis + 1):
        level = rnd.uniform(30, 90)
        for d in range(days):
            level += rnd.uniform(-1, 1.1)
            ws.append([start + timedelta(days=d * step), f"K{k}", round(level, 2), None])


def _roi_funnel(wb: Any, rnd: random.Random) -> None:
    ws = wb.create_sheet("ROI")
    ws.append(["Period", "Investment", "Return"])
    for m in range(1, 13):
        ws.append([f"2026-{m:02d}", rnd.randint(1000, 5000), rnd.randint(800, 7000)])
    ws = wb.create_sheet("Funnel")
    ws.append(["Period", "Visits", "Conversions"])
    for m in range(1, 13):
        ws.append([f"2026-{m:02d}", rnd.randint(500, 900), rnd.randint(5, 30)])


def standard(path: Path, scale: int) -> list[Edit]:
    """500 objectives x 4 key results, 100 KPIs x 365 daily readings, ROI and Funnel."""
    rnd = random.Random(7)
    wb = _book()
    _objectives(wb, 500 * scale, rnd)
    edits = _key_results(wb, 500 * scale, rnd, kpis=100 * scale)
    _kpis(wb, 100 * scale)
    _history(wb, 100 * scale, 365, rnd)
    _roi_funnel(wb, rnd)
    wb.save(path)
    return edits


def _kpi_name(k: int) -> str:
    return f"{WORDS[k % len(WORDS)].title()} {WORDS[(k // len(WORDS)) % len(WORDS)]} rate {k}"


def initiatives(path: Path, scale: int) -> list[Edit]:
    """2,000 named initiatives ("Run campaign 4.2") on 500 key results, 100 named KPIs."""
    rnd = random.Random(11)
    wb = _book()
    _objectives(wb, 125 * scale, rnd)
    edits = _key_results(wb, 125 * scale, rnd, kpis=100 * scale)
    ws = wb.create_sheet("Initiatives")
    ws.append(["ID", "Initiative", "KR", "Owner", "Status", "Due", "Investment", "Return"])
    verbs = ("Run campaign", "Launch", "Build", "Host workshop", "Redesign", "Hire for",
             "Migrate", "Pilot")
    for i in range(1, 2000 * scale + 1):
        verb = verbs[i % len(verbs)]
        name = (f"{verb} {i // 10}.{i % 10}" if verb == "Run campaign" else
                f"{verb} {WORDS[i % len(WORDS)]} {WORDS[(i * 7) % len(WORDS)]} {i}")
        kr = f"KR{rnd.randint(1, 125 * scale)}.{rnd.randint(1, 4)}"
        ws.append([f"I{i}", name, kr, f"Owner {i % 40}", rnd.choice(["planned", "doing",
                   "done"]), AS_OF + timedelta(days=rnd.randint(-30, 60)),
                   rnd.randint(1000, 9000), rnd.randint(0, 12000)])
    _kpis(wb, 100 * scale, _kpi_name)
    _history(wb, 100 * scale, 30, rnd)
    wb.save(path)
    return edits


def _long_text(rnd: random.Random, i: int, k: int, base: int, target: int) -> str:
    words = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(6, 14)))
    unit = rnd.choice(UNITS)
    return (f"Move the {words} measure for region {i}-{k} from {base} {unit} to {target} "
            f"{unit} by the end of the quarter, as agreed in review {rnd.randint(1, 99999)}")


def long_texts(path: Path, scale: int) -> list[Edit]:
    """2,000 key results whose texts are all different and long."""
    rnd = random.Random(13)
    wb = _book()
    _objectives(wb, 500 * scale, rnd)
    edits = _key_results(wb, 500 * scale, rnd,
                         title=lambda i, k, b, t: _long_text(rnd, i, k, b, t))
    wb.save(path)
    return edits


def single_table(path: Path, scale: int) -> list[Edit]:
    """One tab, objectives and key results together, dotted IDs (1 / 1.1), title rows
    above the table; 400 objectives x 4 key results."""
    rnd = random.Random(17)
    wb = _book()
    ws = wb.create_sheet("Team OKRs")
    ws.append(["Marketing OKRs"])
    ws.append(["Period:", "2026-Q4"])
    ws.append([])
    ws.append(["ID", "Objective / Key Result", "Owner", "Baseline", "Target", "Current",
               "Progress", "Notes"])
    edits: list[Edit] = []
    row = 4
    for i in range(1, 400 * scale + 1):
        ws.append([i, f"Grow demand in market {i}", f"Owner {i % 40}"])
        row += 1
        for k in range(1, 5):
            base = rnd.randint(0, 100)
            target = base + rnd.randint(1, 100)
            current = round(base + (target - base) * rnd.random(), 2)
            ws.append([f"{i}.{k}", f"Raise signal {k} of market {i} from {base} to {target}",
                       f"Owner {i % 40}", base, target, current, None, None])
            row += 1
            if len(edits) < 25 and row % 11 == 0:
                edits.append(("Team OKRs", row, 6, current + 1))
    wb.save(path)
    return edits


QUARTERS = ("Q1-2026", "Q2-2026", "Q3-2026", "Q4-2026")
BAND = ["Baseline", "Actual", "Target", "% Progress", "Confidence"]


def quarter_bands(path: Path, scale: int) -> list[Edit]:
    """A team sheet with a Type column and one band of Baseline | Actual | Target |
    % Progress | Confidence per quarter; 250 objectives x 4 key results."""
    rnd = random.Random(19)
    wb = _book()
    ws = wb.create_sheet("Growth 2026")
    band_row: list[Any] = [None] * 4
    for q in QUARTERS:
        band_row += [q, None, None, None, None]
    ws.append(["Growth team OKRs"])
    ws.append(["Team:", "Growth"])
    ws.append(["Period:", 2026])
    ws.append(band_row)
    ws.append(["Type", "ID", "Objective / Key Result", "Owner", *BAND * 4])
    edits: list[Edit] = []
    row = 5
    for i in range(1, 250 * scale + 1):
        ws.append(["Objective", f"O{i}", f"Win segment {i}", f"Owner {i % 40}",
                   *[None] * 20])
        row += 1
        for k in range(1, 5):
            base = rnd.randint(100, 1000)
            target = base + rnd.randint(50, 500)
            cells: list[Any] = []
            for q in range(4):
                actual = round(base + (target - base) * (q + 1) / 5 * rnd.random(), 1)
                progress = None if q == 3 else round((actual - base) / (target - base), 3)
                cells += [base, actual, target, progress, rnd.choice(["🙂", "🤔", "😟"])]
            ws.append(["KR", f"O{i}.{k}", f"Grow line {k} of segment {i} from {base} to "
                       f"{target}", f"Owner {i % 40}", *cells])
            row += 1
            if len(edits) < 25 and row % 9 == 0:
                edits.append(("Growth 2026", row, 4 + 15 + 2, cells[16] + 1))
    _merge_bands(wb, path)
    return edits


def _merge_bands(wb: Any, path: Path) -> None:
    """Save ``wb`` with each quarter's label merged across its band (the write-only
    writer cannot merge, so the merges go in through a normal save)."""
    wb.save(path)
    from openpyxl import load_workbook

    book = load_workbook(path)
    ws = book["Growth 2026"]
    for q in range(4):
        first = 5 + q * 5
        ws.merge_cells(start_row=4, start_column=first, end_row=4, end_column=first + 4)
    book.save(path)


def many_kpis(path: Path, scale: int) -> list[Edit]:
    """50 objectives; 2,000 KPIs with 12 monthly readings each."""
    rnd = random.Random(23)
    wb = _book()
    _objectives(wb, 50, rnd)
    edits = _key_results(wb, 50, rnd, kpis=2000 * scale)
    _kpis(wb, 2000 * scale, _kpi_name, frequency="monthly")
    _history(wb, 2000 * scale, 12, rnd, step=30)
    wb.save(path)
    return edits


def long_history(path: Path, scale: int) -> list[Edit]:
    """50 objectives; 5 KPIs with 20 years of daily readings each (36,500 rows)."""
    rnd = random.Random(29)
    wb = _book()
    _objectives(wb, 50, rnd)
    edits = _key_results(wb, 50, rnd, kpis=5 * scale)
    _kpis(wb, 5 * scale)
    _history(wb, 5 * scale, 7300, rnd)
    wb.save(path)
    return edits


def unused_tab(path: Path, scale: int) -> list[Edit]:
    """50 objectives and 10 KPIs next to a 20,000-row export tab the tool never uses."""
    rnd = random.Random(31)
    wb = _book()
    _objectives(wb, 50, rnd)
    edits = _key_results(wb, 50, rnd, kpis=10)
    _kpis(wb, 10)
    _history(wb, 10, 30, rnd)
    ws = wb.create_sheet("Raw export")
    ws.append(["Order", "Customer", "Region", "Product", "Quantity", "Price", "Placed",
               "Channel"])
    for n in range(1, 20_000 * scale + 1):
        ws.append([n, f"Customer {rnd.randint(1, 5000)}", rnd.choice(WORDS),
                   f"SKU-{rnd.randint(1, 900)}", rnd.randint(1, 20),
                   round(rnd.uniform(3, 300), 2), AS_OF - timedelta(days=rnd.randint(0, 900)),
                   rnd.choice(["web", "store", "phone", "partner"])])
    wb.save(path)
    return edits


RECOMPUTE_SHAPES = (
    Shape("standard", "500 objectives x 4 KRs, 100 KPIs x 365 readings", standard),
    Shape("initiatives", "2,000 named initiatives, 100 named KPIs", initiatives),
    Shape("long-texts", "2,000 KRs with unique long texts", long_texts),
    Shape("single-table", "one tab, dotted IDs, 2,000 rows", single_table),
    Shape("quarter-bands", "1,250 rows x 4 quarter bands", quarter_bands),
    Shape("many-kpis", "2,000 KPIs x 12 monthly readings", many_kpis),
    Shape("long-history", "5 KPIs x 7,300 daily readings", long_history),
    Shape("unused-tab", "small OKRs + 20,000-row tab not used", unused_tab),
)


def sync_readings_csv(path: Path, scale: int, kpis: int) -> int:
    """A CSV export of 10,000 readings of ``kpis`` KPIs: nine in ten on days after the
    workbook's history (appended), one in ten correcting a reading it has. Returns the
    number of readings."""
    rnd = random.Random(37)
    count = 10_000 * scale
    lines = ["day,metric,amount"]
    start = AS_OF - timedelta(days=364)
    for n in range(count):
        kpi = n % kpis + 1
        if n % 10 == 0:
            day = start + timedelta(days=rnd.randint(0, 364))
        else:
            day = AS_OF + timedelta(days=1 + n // kpis)
        lines.append(f"{day.isoformat()},K{kpi},{rnd.uniform(20, 95):.2f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count
