"""Benchmark: recompute of a large workbook next to openpyxl's bare load+save.

Usage: python bench/bench.py [--scale N] [--keep DIR]

Generates a workbook of 500×N objectives × 4 KRs and 100×N KPIs × 365 daily readings,
then prints, measured in this run: openpyxl load+save (the floor), the calculation core
alone, a first recompute (adds computed columns, Flags), a steady-state recompute after
some Current values changed, a no-change recompute, and peak memory of each step.
"""

from __future__ import annotations

import argparse
import gc
import random
import shutil
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

AS_OF = date(2026, 11, 15)


def generate(path: Path, scale: int = 1, seed: int = 7) -> None:
    """Write the benchmark workbook with openpyxl's streaming writer."""
    from openpyxl import Workbook

    rnd = random.Random(seed)
    wb = Workbook(write_only=True)
    n_obj, n_kpi = 500 * scale, 100 * scale
    ws = wb.create_sheet("Objectives")
    ws.append(["ID", "Objective", "Owner", "Team", "Period", "Type"])
    for i in range(1, n_obj + 1):
        ws.append([f"O{i}", f"Improve area {i} for our customers", f"Owner {i % 40}",
                   f"Team {i % 25}", "2026-Q4", rnd.choice(["committed", "aspirational"])])
    ws = wb.create_sheet("Key Results")
    ws.append(["ID", "Objective", "Key Result", "Owner", "Baseline", "Target", "Current",
               "Unit", "KPI", "Updated"])
    for i in range(1, n_obj + 1):
        for k in range(1, 5):
            base = rnd.randint(0, 100)
            target = base + rnd.randint(-50, 100) or base + 10
            kpi = f"K{rnd.randint(1, n_kpi)}" if k == 4 else None
            current = None if kpi else base + (target - base) * rnd.random()
            ws.append([f"KR{i}.{k}", f"O{i}", f"Raise metric {k} of area {i} from {base} to "
                       f"{target}", f"Owner {i % 40}", base, target, current, "pts", kpi,
                       AS_OF - timedelta(days=rnd.randint(0, 40))])
    ws = wb.create_sheet("KPIs")
    ws.append(["ID", "KPI", "Owner", "Team", "Unit", "Direction", "Target", "Warning",
               "Frequency", "Baseline"])
    for k in range(1, n_kpi + 1):
        higher = k % 3 != 0
        ws.append([f"K{k}", f"Metric rate {k}", f"Owner {k % 40}", f"Team {k % 25}", "pts",
                   "higher" if higher else "lower", 80 if higher else 20,
                   70 if higher else 30, "daily", 50])
    ws = wb.create_sheet("KPI History")
    ws.append(["Date", "KPI", "Value", "Note"])
    start = AS_OF - timedelta(days=364)
    for k in range(1, n_kpi + 1):
        level = rnd.uniform(30, 90)
        for d in range(365):
            level += rnd.uniform(-1, 1.1)
            ws.append([start + timedelta(days=d), f"K{k}", round(level, 2), None])
    ws = wb.create_sheet("ROI")
    ws.append(["Period", "Investment", "Return"])
    for m in range(1, 13):
        ws.append([f"2026-{m:02d}", rnd.randint(1000, 5000), rnd.randint(800, 7000)])
    ws = wb.create_sheet("Funnel")
    ws.append(["Period", "Visits", "Conversions"])
    for m in range(1, 13):
        ws.append([f"2026-{m:02d}", rnd.randint(500, 900), rnd.randint(5, 30)])
    wb.save(path)


def measure(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs, and the last result."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def peak_memory(fn: Callable[[], Any]) -> float:
    """Peak Python heap (MiB) while ``fn`` runs, traced in a separate run."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def change_some_currents(path: Path, count: int = 25) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["Key Results"]
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, 7).value is not None][:count]
    for r in rows:
        ws.cell(r, 7).value = float(ws.cell(r, 7).value) + 1
    wb.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the generated workbooks here")
    args = parser.parse_args()

    from openpyxl import load_workbook

    from sheets_okr.calc import compute
    from sheets_okr.config import Settings
    from sheets_okr.io.xlsx import XlsxBackend
    from sheets_okr.reader import build_model
    from sheets_okr.run import recompute

    folder = Path(tempfile.mkdtemp(prefix="sheets-okr-bench-"))
    src = folder / "bench.xlsx"
    t0 = time.perf_counter()
    generate(src, args.scale)
    size = src.stat().st_size
    print(f"workbook: {500 * args.scale} objectives x 4 KRs, {100 * args.scale} KPIs x 365 "
          f"readings, {size / 1e6:.2f} MB (generated in {time.perf_counter() - t0:.1f} s)")

    floor_file = folder / "floor.xlsx"
    shutil.copy(src, floor_file)

    def load_save() -> None:
        load_workbook(floor_file).save(floor_file)

    floor, _ = measure(load_save, repeat=2)
    load_only, _ = measure(lambda: load_workbook(src), repeat=1)

    backend = XlsxBackend(src)
    book = backend.read()
    model = build_model(book, Settings())
    frames = model.frames()
    core, _ = measure(lambda: compute(frames, AS_OF, Settings()), repeat=5)
    read, _ = measure(lambda: XlsxBackend(src).read(), repeat=2)

    work = folder / "work.xlsx"
    shutil.copy(src, work)
    first, res1 = measure(lambda: recompute(XlsxBackend(work), AS_OF))
    again, res2 = measure(lambda: recompute(XlsxBackend(work), AS_OF))
    change_some_currents(work)
    steady_copy = folder / "steady.xlsx"
    shutil.copy(work, steady_copy)
    steady, res3 = measure(lambda: recompute(XlsxBackend(work), AS_OF))

    mem_floor = peak_memory(lambda: load_workbook(src))
    shutil.copy(steady_copy, work)
    mem_steady = peak_memory(lambda: recompute(XlsxBackend(work), AS_OF))

    rows = [
        ("openpyxl load+save (floor)", floor, ""),
        ("openpyxl load only", load_only, ""),
        ("read (values + formulas)", read, ""),
        ("calculation core", core, ""),
        ("first recompute", first, f"{res1.cells_written} cells written"),
        ("no-change recompute", again, f"{res2.cells_written} cells written"),
        ("steady-state recompute", steady, f"{res3.cells_written} cells written"),
    ]
    print(f"{'step':<30} {'seconds':>8} {'x floor':>8}")
    for name, secs, note in rows:
        print(f"{name:<30} {secs:8.3f} {secs / floor:8.2f}  {note}")
    print(f"peak Python heap: openpyxl load {mem_floor:.1f} MiB, steady-state recompute "
          f"{mem_steady:.1f} MiB ({mem_steady / mem_floor:.2f} x)")
    print("targets: first recompute <= 1.3 x floor; calculation core <= 0.2 s")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, args.keep / "bench.xlsx")
        shutil.copy(work, args.keep / "bench-recomputed.xlsx")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
