#!/usr/bin/env python3
"""Time the reading of one tab, in process, best of several runs: how long detection takes
on a single-table OKR tab (objectives and key results, dotted IDs) of N rows, and on the
other shapes the reader knows at the same size.

usage: python bench/bench_detect.py [--rows 5000] [--runs 5]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sheets_okr.model import Grid
from sheets_okr.read.workbook import detect_tab

AS_OF = date(2026, 11, 15)


def single_table(n: int) -> list[list[Any]]:
    rows: list[list[Any]] = [["ID", "Objective / Key Result", "Owner", "Baseline", "Target",
                              "Current", "Progress", "Notes"]]
    o = 0
    while len(rows) <= n:
        o += 1
        rows.append([str(o), f"Objective number {o} for the team", "Ana"])
        for k in range(1, 5):
            rows.append([f"{o}.{k}", f"Raise metric {k} of objective {o} from 10 to 20", "Bo",
                         10, 20, 10 + k, None, "note"])
    return rows[:n + 1]


def tracker(n: int) -> list[list[Any]]:
    rows: list[list[Any]] = [["MONTH", "REGION", "STORE", "SALES GOAL", "SALES",
                              "SALES % TARGET", "DAYS"]]
    for i in range(n):
        goal = 100 + i % 50
        sales = 80 + i % 40
        rows.append([date(2026, 1 + i % 10, 1), f"Region {i % 7}", f"Store {i % 300}", goal,
                     sales, sales / goal, 277])
    return rows


def kpi_log(n: int) -> list[list[Any]]:
    rows: list[list[Any]] = [["Date", "Signups", "Signups Target", "Churn %", "NPS"]]
    for i in range(n):
        rows.append([date(2020, 1, 1) + timedelta(days=i), 100 + i % 30, 120, 0.03, 40])
    return rows


SHAPES: dict[str, Callable[[int], list[list[Any]]]] = {
    "single table": single_table, "tracker": tracker, "KPI log": kpi_log}


def best(rows: list[list[Any]], runs: int) -> tuple[float, str]:
    times = []
    kind = ""
    for _ in range(runs):
        grid = Grid("Tab", [list(r) for r in rows])
        start = time.perf_counter()
        layout = detect_tab(grid, AS_OF)
        times.append(time.perf_counter() - start)
        kind = layout.kind if layout is not None else "nothing"
    return min(times), kind


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"detection of one tab of {args.rows:,} rows, best of {args.runs} runs")
    for name, make in SHAPES.items():
        seconds, kind = best(make(args.rows), args.runs)
        print(f"  {name:<14} {seconds:7.3f} s  read as {kind}")


if __name__ == "__main__":
    main()
