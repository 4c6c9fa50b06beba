"""Benchmark: recompute of a large workbook next to openpyxl's bare load+save.

Usage: python bench/bench.py [--scale N] [--keep DIR]

Generates a workbook of 500×N objectives × 4 KRs and 100×N KPIs × 365 daily readings,
then prints, measured in this run: openpyxl load+save (the floor), a first recompute
(adds computed columns, Flags, Dashboard), a steady-state recompute after some Current
values changed and a no-change recompute, each split into read, analysis and write; then
the peak memory of the steady-state recompute next to openpyxl's load, each measured in a
fresh process: its peak resident set size, then (in a second, traced run) its peak Python
heap, which leaves out what C libraries (lxml, calamine) allocate.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

AS_OF = date(2026, 11, 15)
TARGETS = {"steady": 0.2, "first": 1.0, "memory": 0.5}


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


def change_some_currents(path: Path, count: int = 25) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["Key Results"]
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, 7).value is not None][:count]
    for r in rows:
        ws.cell(r, 7).value = float(ws.cell(r, 7).value) + 1
    wb.save(path)


def best(fn: Callable[[], Any], repeat: int, before: Callable[[], None] = lambda: None
         ) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs of ``fn`` (``before`` runs untimed first), and
    the result of the best run."""
    fastest, result = float("inf"), None
    for _ in range(repeat):
        before()
        gc.collect()
        start = time.perf_counter()
        value = fn()
        elapsed = time.perf_counter() - start
        if elapsed < fastest:
            fastest, result = elapsed, value
    return fastest, result


def timed_recompute(path: Path) -> dict[str, Any]:
    """One recompute of ``path``, with the time its backend spent reading and writing."""
    from sheets_okr.io.xlsx import XlsxBackend
    from sheets_okr.run import recompute

    spent = {"read": 0.0, "write": 0.0}

    class Timed(XlsxBackend):
        def read(self) -> Any:
            start = time.perf_counter()
            try:
                return super().read()
            finally:
                spent["read"] += time.perf_counter() - start

        def write(self, changes: Any, book: Any) -> int:
            start = time.perf_counter()
            try:
                return super().write(changes, book)
            finally:
                spent["write"] += time.perf_counter() - start

    backend = Timed(path)
    start = time.perf_counter()
    with backend.session():
        result = recompute(backend, AS_OF)
    total = time.perf_counter() - start
    return {"total": total, **spent, "analysis": total - spent["read"] - spent["write"],
            "cells": result.cells_written, "fallback": backend.fallback}


def child(kind: str, path: Path, warmup: Path) -> None:
    """Run one measured step in this (fresh) process and print its time and memory; a
    recompute works on a copy of ``path``, made anew before each run."""
    scratch = path.with_name(f"child-{path.name}")
    if kind == "openpyxl-load":
        from openpyxl import load_workbook

        load_workbook(warmup)

        def work() -> Any:
            return load_workbook(path)
    else:
        timed_recompute(warmup)

        def work() -> Any:
            return timed_recompute(scratch)
    shutil.copy(path, scratch)
    gc.collect()
    baseline = _memory("VmRSS")
    _reset_peak()
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    peak = _memory("VmHWM")
    shutil.copy(path, scratch)
    gc.collect()
    tracemalloc.start()
    work()
    heap = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    scratch.unlink()
    print(json.dumps({"seconds": seconds, "baseline": baseline, "peak": peak, "heap": heap}))


def _memory(field: str) -> float:
    """Resident memory in MiB: ``VmRSS`` now or ``VmHWM`` at its peak (Linux), else the
    process's peak as getrusage reports it (which on Linux survives exec from the parent)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 2**10
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def _reset_peak() -> None:
    """Start the peak resident memory (VmHWM) over from the current one, where Linux
    allows it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def in_fresh_process(kind: str, path: Path, warmup: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(path), str(warmup)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the generated workbooks here")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "PATH", "WARMUP"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, path, warmup = args.child
        child(kind, Path(path), Path(warmup))
        return

    from openpyxl import load_workbook

    from sheets_okr.io.xlsx_create import create_workbook
    from sheets_okr.templates import example_tables

    folder = Path(tempfile.mkdtemp(prefix="sheets-okr-bench-"))
    src, work = folder / "bench.xlsx", folder / "work.xlsx"
    warmup = folder / "warmup.xlsx"
    create_workbook(warmup, example_tables(AS_OF))
    start = time.perf_counter()
    generate(src, args.scale)
    print(f"workbook: {500 * args.scale} objectives x 4 KRs, {100 * args.scale} KPIs x 365 "
          f"readings, {src.stat().st_size / 1e6:.2f} MB (generated in "
          f"{time.perf_counter() - start:.1f} s)")

    floor_file = folder / "floor.xlsx"
    floor, _ = best(lambda: load_workbook(floor_file).save(floor_file), repeat=2,
                    before=lambda: shutil.copy(src, floor_file))
    first_copy, steady_copy = folder / "first.xlsx", folder / "steady.xlsx"
    _, first = best(lambda: timed_recompute(work), repeat=2,
                    before=lambda: shutil.copy(src, work))
    shutil.copy(work, first_copy)
    _, unchanged = best(lambda: timed_recompute(work), repeat=5)
    change_some_currents(work)
    shutil.copy(work, steady_copy)
    _, steady = best(lambda: timed_recompute(work), repeat=5,
                     before=lambda: shutil.copy(steady_copy, work))

    fresh = in_fresh_process("recompute", steady_copy, warmup)
    load = in_fresh_process("openpyxl-load", src, warmup)

    print(f"{'step':<34} {'seconds':>8} {'x floor':>8} {'read':>7} {'analyse':>8} "
          f"{'write':>7}  cells written")
    print(f"{'openpyxl load+save (floor)':<34} {floor:8.3f} {1:8.2f}")
    for name, run in (("first recompute", first), ("steady-state recompute", steady),
                      ("no-change recompute", unchanged)):
        note = f"  {run['cells']}" + (f" (fallback: {run['fallback']})" if run["fallback"]
                                      else "")
        print(f"{name:<34} {run['total']:8.3f} {run['total'] / floor:8.2f} {run['read']:7.3f} "
              f"{run['analysis']:8.3f} {run['write']:7.3f}{note}")
    print(f"{'steady-state, fresh process':<34} {fresh['seconds']:8.3f} "
          f"{fresh['seconds'] / floor:8.2f}")
    grown, loaded = fresh["peak"] - fresh["baseline"], load["peak"] - load["baseline"]
    print(f"peak memory (resident, fresh process): steady-state recompute {fresh['peak']:.0f} MiB"
          f" ({grown:.0f} MiB above its {fresh['baseline']:.0f} MiB after imports); openpyxl "
          f"load {load['peak']:.0f} MiB ({loaded:.0f} MiB above {load['baseline']:.0f} MiB); "
          f"work memory {grown / loaded:.2f} x openpyxl's")
    print(f"peak Python heap (tracemalloc, a second run): steady-state recompute "
          f"{fresh['heap']:.1f} MiB, openpyxl load {load['heap']:.1f} MiB "
          f"({fresh['heap'] / load['heap']:.2f} x)")
    checks = [
        ("steady state", steady["total"] / floor, TARGETS["steady"]),
        ("first run", first["total"] / floor, TARGETS["first"]),
        ("peak memory", grown / loaded, TARGETS["memory"]),
    ]
    print("targets: " + "; ".join(f"{name} {value:.2f} <= {limit} "
                                  f"{'met' if value <= limit else 'MISSED'}"
                                  for name, value, limit in checks))
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        for path in (src, first_copy, steady_copy):
            shutil.copy(path, args.keep / path.name)
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
