"""Benchmark: sheets-okr on workbooks of many shapes, next to openpyxl's bare load+save.

Usage: python bench/bench.py [--scale 1 10] [--shapes NAME,...] [--runs N] [--timeout S]

For each recompute shape (bench/shapes.py), measured in this run: openpyxl load+save of
the same file (the floor), a first recompute (adds computed columns, Flags, Dashboard) and
a steady-state one after 25 inputs changed, in-process (best of --runs, split into read,
analysis and write); the steady-state recompute end to end as a fresh process
(``sheets-okr recompute``, interpreter start and imports included) against a fresh
process doing openpyxl's load+save, run in turn, median of the run-by-run ratios; and the
work memory of the first and the steady recompute next to openpyxl's load: each step's
peak resident memory in a fresh process above what that process held after its imports.

Then: ``sheets-okr report`` on the standard shape (fresh process: seconds, folder size);
``sheets-okr sync`` of 10,000 x scale readings into one workbook against the floor of that
workbook; and ``sheets-okr sync`` of 10 x scale Google Sheets on the local Sheets API
server (each request answered late, as a distant server does) one at a time and
eight at a time, with the default rate limit (one account's), and the busiest minute of
requests the server saw.

Each shape runs in a process of its own, bounded by --timeout; a shape that runs out of
time is reported as such with the figures it had.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import (  # noqa: E402
    best,
    cli,
    folder_size,
    openpyxl_load_save,
    paired,
    run_process,
    work_memory,
)
from shapes import AS_OF, RECOMPUTE_SHAPES, standard, sync_readings_csv  # noqa: E402

TARGETS = {"fresh": 0.35, "steady": 0.25, "memory": 0.6, "report_seconds": 10.0,
           "report_mb": 5.0, "sync": 0.5, "speedup": 4.0}
EXTRA_SHAPES = ("report", "sync-readings", "sync-workbooks")
LATENCY = 0.4
"""Seconds the local Sheets API server takes to answer: Google's own answers, in the
recorded gspread sessions (tests/ cassettes), come about 0.4 s apart."""
JOBS = 8
RAISED = 600
"""A raised per-minute quota (Google grants them on request), for runs past what one
account's default quota lets through in a minute."""


def generate(path: Path, scale: int = 1) -> None:
    """The standard shape's workbook (other tests build on it)."""
    standard(path, scale)


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


def apply_edits(path: Path, edits: list[tuple[str, int, int, Any]]) -> None:
    """Type the shape's edits into ``path`` (as a person editing inputs would)."""
    from sheets_okr.changes import CellChange, ChangeSet
    from sheets_okr.io.xlsx.patch import patch_package

    changes = ChangeSet(cells=[CellChange(tab, row, col, value) for tab, row, col, value
                               in edits])
    scratch = path.with_name("edit-" + path.name)
    with open(scratch, "wb") as handle:
        patch_package(path, handle, changes)
    scratch.replace(path)


def measure_recompute(name: str, scale: int, runs: int, folder: Path, warmup: Path,
                      out: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    shape = next(s for s in RECOMPUTE_SHAPES if s.name == name)
    src, work = folder / "src.xlsx", folder / "work.xlsx"
    start = time.perf_counter()
    edits = shape.write(src, scale)
    out.update(about=shape.about, size_mb=src.stat().st_size / 1e6,
               generated=time.perf_counter() - start)
    _emit(out)
    floor_file = folder / "floor.xlsx"
    out["floor"], _ = best(lambda: load_workbook(floor_file).save(floor_file), repeat=2,
                           before=lambda: shutil.copy(src, floor_file))
    _emit(out)
    shutil.copy(src, work)
    out["first"] = timed_recompute(work)
    _emit(out)
    first_copy, steady_copy = folder / "first.xlsx", folder / "steady.xlsx"
    shutil.copy(work, first_copy)
    apply_edits(work, edits)
    shutil.copy(work, steady_copy)
    _, out["steady"] = best(lambda: timed_recompute(work), repeat=runs,
                            before=lambda: shutil.copy(steady_copy, work))
    _emit(out)
    pair = paired(cli("recompute", str(work), "--as-of", AS_OF.isoformat()),
                  openpyxl_load_save(floor_file), runs,
                  lambda: shutil.copy(steady_copy, work), lambda: shutil.copy(src, floor_file))
    out["fresh"] = {"seconds": pair.seconds, "floor": pair.floor, "ratio": pair.ratio,
                    "peak": pair.peak}
    _emit(out)
    load = work_memory("openpyxl-load", str(src), str(warmup))
    first = work_memory("recompute", str(src), str(warmup))
    steady = work_memory("recompute", str(steady_copy), str(warmup))
    out["memory"] = {"load": load["peak"] - load["baseline"],
                     "first": first["peak"] - first["baseline"],
                     "steady": steady["peak"] - steady["baseline"]}


def measure_report(scale: int, runs: int, folder: Path, warmup: Path,
                   out: dict[str, Any]) -> None:
    src = folder / "src.xlsx"
    standard(src, scale)
    report_dir = folder / "report"
    out["about"] = f"report on {2000 * scale:,} KRs, {100 * scale:,} KPIs"

    def clear() -> None:
        shutil.rmtree(report_dir, ignore_errors=True)

    clear()
    run = run_process(cli("report", str(src), "--out", str(report_dir), "--as-of",
                          AS_OF.isoformat()), timeout=out["timeout"])
    out["killed"] = run.code == -9
    _emit(out)
    if out["killed"]:
        out["report"] = {"seconds": run.seconds, "peak": run.peak}
        return
    times = [run]
    for _ in range(runs - 1):
        clear()
        times.append(run_process(cli("report", str(src), "--out", str(report_dir),
                                     "--as-of", AS_OF.isoformat())))
    files = list(report_dir.iterdir())
    out["report"] = {"seconds": sorted(r.seconds for r in times)[len(times) // 2],
                     "peak": max(r.peak for r in times), "mb": folder_size(report_dir) / 1e6,
                     "files": len(files),
                     "largest_mb": max(p.stat().st_size for p in files) / 1e6}
    memory = work_memory("report", str(src), str(warmup), str(folder / "report-child"))
    out["report"]["work_memory"] = memory["peak"] - memory["baseline"]


def _sync_config(folder: Path, workbooks: list[tuple[str, str]], csv: str,
                 options: dict[str, float] | None = None) -> Path:
    """A sync config: ``options`` in its [sync] table (none: the defaults, which pace
    Google Sheets requests as for one account)."""
    lines = ["[sync]", *(f"{k} = {v}" for k, v in (options or {}).items()), "retries = 1",
             "retry_delay = 0.1", "", "[sources.export]", 'type = "csv"', f'path = "{csv}"',
             'kpi = "metric"', 'date = "day"', 'value = "amount"', ""]
    for name, source in workbooks:
        lines += ["[[workbooks]]", f'name = "{name}"', f'source = "{source}"',
                  'use = ["export"]', ""]
    path = folder / "sync.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def measure_sync_readings(scale: int, runs: int, folder: Path, warmup: Path,
                          out: dict[str, Any]) -> None:
    original, book = folder / "original.xlsx", folder / "goals.xlsx"
    standard(original, 1)
    count = sync_readings_csv(folder / "readings.csv", scale, kpis=100)
    out["about"] = f"sync of {count:,} readings into the standard workbook"
    config = _sync_config(folder, [("goals", str(book))], "readings.csv",
                          {"read_interval": 0, "write_interval": 0})
    floor_file = folder / "floor.xlsx"
    pair = paired(cli("sync", str(config), "--as-of", AS_OF.isoformat()),
                  openpyxl_load_save(floor_file), runs,
                  lambda: shutil.copy(original, book),
                  lambda: shutil.copy(original, floor_file), timeout=out["timeout"])
    out["sync"] = {"seconds": pair.seconds, "floor": pair.floor, "ratio": pair.ratio,
                   "peak": pair.peak, "killed": pair.killed}
    _emit(out)
    if pair.killed:
        return
    after = run_process(openpyxl_load_save(book))
    out["sync"]["floor_after"] = after.seconds
    memory = work_memory("sync", str(config), str(warmup), str(book), str(original))
    load = work_memory("openpyxl-load", str(original), str(warmup))
    out["sync"]["memory"] = memory["peak"] - memory["baseline"]
    out["sync"]["load_memory"] = load["peak"] - load["baseline"]


def measure_sync_workbooks(scale: int, runs: int, folder: Path, out: dict[str, Any]) -> None:
    count = 10 * scale
    out["about"] = (f"sync of {count} Google Sheets (local server answering in "
                    f"{LATENCY:.1f} s, the default rate limit)")
    lines = ["day,metric,amount"]
    for day in range(1, 15):
        for kpi in range(1, 7):
            lines.append(f"2026-11-{day:02d},K{kpi},{40 + kpi + day * 0.5:.1f}")
    (folder / "readings.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    jobs = "--jobs" in subprocess.run(cli("sync", "--help"), capture_output=True,
                                      text=True).stdout
    results: dict[str, Any] = {}
    runs: list[tuple[str, list[str] | None, dict[str, float] | None]] = [
        ("one at a time", ["--jobs", "1"] if jobs else [], None),
        (f"{JOBS} at a time", ["--jobs", str(JOBS)] if jobs else None, None)]
    if count > 54 and jobs:
        runs.append((f"{JOBS} at a time, quota {RAISED}", ["--jobs", str(JOBS)],
                     {"read_quota": RAISED, "write_quota": RAISED}))
    for label, extra, quota in runs:
        if extra is None:
            results[label] = None
            continue
        stats = folder / f"stats-{len(results)}.json"
        credentials = folder / "sa.json"
        server = subprocess.Popen(
            [sys.executable, str(Path(__file__).parent / "sheets_server.py"), str(count),
             str(LATENCY), str(credentials), str(stats)], stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            info = json.loads(server.stdout.readline())
            config = _sync_config(folder, [(f"team{n}", key) for n, key in
                                           enumerate(info["keys"])], "readings.csv", quota)
            env = {**os.environ, "SHEETS_OKR_API_ENDPOINT": info["url"],
                   "GOOGLE_APPLICATION_CREDENTIALS": str(credentials)}
            run = run_process(cli("sync", str(config), "--as-of", AS_OF.isoformat(), *extra),
                              out["timeout"], env=env)
        finally:
            server.terminate()
            server.wait()
        results[label] = {"seconds": run.seconds, "code": run.code,
                          "requests": json.loads(stats.read_text())}
        _emit({**out, "sync_workbooks": results})
    out["sync_workbooks"] = results


def _emit(out: dict[str, Any]) -> None:
    """Print the figures so far (the parent keeps the last line if time runs out)."""
    print(json.dumps(out, default=str), flush=True)


def worker(name: str, scale: int, runs: int, timeout: float) -> None:
    from sheets_okr.io.xlsx.create import create_workbook
    from sheets_okr.templates import example_tables

    folder = Path(tempfile.mkdtemp(prefix=f"sheets-okr-bench-{name}-"))
    try:
        warmup = folder / "warmup.xlsx"
        create_workbook(warmup, example_tables(AS_OF))
        out: dict[str, Any] = {"shape": name, "scale": scale, "timeout": timeout}
        if name == "report":
            measure_report(scale, runs, folder, warmup, out)
        elif name == "sync-readings":
            measure_sync_readings(scale, runs, folder, warmup, out)
        elif name == "sync-workbooks":
            measure_sync_workbooks(scale, runs, folder, out)
        else:
            measure_recompute(name, scale, runs, folder, warmup, out)
        out["done"] = True
        _emit(out)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_shape(name: str, scale: int, runs: int, timeout: float) -> dict[str, Any]:
    """Measure one shape in a process of its own; its last figures if it runs out of
    time."""
    args = [sys.executable, __file__, "--worker", name, "--scale", str(scale), "--runs",
            str(runs), "--timeout", str(timeout)]
    last: dict[str, Any] = {"shape": name, "scale": scale}
    with subprocess.Popen(args, stdout=subprocess.PIPE, text=True) as child:
        try:
            stdout, _ = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            stdout, _ = child.communicate()
            last["timed_out"] = True
    for line in stdout.splitlines():
        if line.startswith("{"):
            last.update(json.loads(line))
    return last


def _x(value: float | None, limit: float | None = None, above: bool = False) -> str:
    if value is None:
        return "—"
    mark = "" if limit is None else ("" if (value >= limit if above else value <= limit)
                                     else "!")
    return f"{value:.2f}{mark}"


def print_table(results: list[dict[str, Any]]) -> None:
    """The figures, one line per shape; ``!`` marks a figure that misses its target."""
    print(f"\n{'shape':<15}{'scale':>5} {'floor s':>8} {'first x':>8} {'steady x':>9} "
          f"{'read':>6} {'anal.':>6} {'write':>6} {'fresh s':>8} {'fresh x':>8} "
          f"{'mem 1st':>8} {'mem st.':>8} {'load MiB':>9}")
    for r in results:
        if "floor" not in r or r["shape"] in EXTRA_SHAPES:
            continue
        floor = r["floor"]
        first, steady = r.get("first"), r.get("steady")
        fresh, memory = r.get("fresh"), r.get("memory")
        note = " (timed out)" if r.get("timed_out") else ""
        print(f"{r['shape']:<15}{r['scale']:>5} {floor:8.2f} "
              f"{_x(first and first['total'] / floor):>8} "
              f"{_x(steady and steady['total'] / floor, TARGETS['steady']):>9} "
              f"{_x(steady and steady['read']):>6} {_x(steady and steady['analysis']):>6} "
              f"{_x(steady and steady['write']):>6} {_x(fresh and fresh['seconds']):>8} "
              f"{_x(fresh and fresh['ratio'], TARGETS['fresh']):>8} "
              f"{_x(memory and memory['first'] / memory['load'], TARGETS['memory']):>8} "
              f"{_x(memory and memory['steady'] / memory['load'], TARGETS['memory']):>8} "
              f"{_x(memory and memory['load']):>9}{note}")
    for r in results:
        if r["shape"] == "report":
            rep = r.get("report", {})
            killed = " KILLED at the time limit" if r.get("killed") or r.get("timed_out") \
                else ""
            print(f"report   scale {r['scale']:>2}: {r.get('about', '')}: "
                  f"{_x(rep.get('seconds'), TARGETS['report_seconds'])} s, "
                  f"{_x(rep.get('mb'), TARGETS['report_mb'])} MB in {rep.get('files', '?')} "
                  f"files (largest {_x(rep.get('largest_mb'))} MB), peak "
                  f"{_x(rep.get('peak'))} MiB, work memory {_x(rep.get('work_memory'))} "
                  f"MiB{killed}")
        elif r["shape"] == "sync-readings":
            s = r.get("sync", {})
            killed = " KILLED at the time limit" if s.get("killed") or r.get("timed_out") \
                else ""
            print(f"sync     scale {r['scale']:>2}: {r.get('about', '')}: "
                  f"{_x(s.get('seconds'))} s = {_x(s.get('ratio'), TARGETS['sync'])} x the "
                  f"floor ({_x(s.get('floor'))} s; {_x(s.get('floor_after'))} s for the "
                  f"synced file), peak {_x(s.get('peak'))} MiB, work memory "
                  f"{_x(s.get('memory'))} MiB vs {_x(s.get('load_memory'))} MiB for "
                  f"openpyxl's load{killed}")
        elif r["shape"] == "sync-workbooks":
            runs = r.get("sync_workbooks") or {}
            one, many = runs.get("one at a time"), runs.get(f"{JOBS} at a time")
            if one is None and many is None:
                continue
            parts = []
            raised = runs.get(f"{JOBS} at a time, quota {RAISED}")
            for label, run in (("one at a time", one), (f"{JOBS} at a time", many),
                               *([(f"{JOBS} at a time, quota {RAISED}/min", raised)]
                                 if raised else [])):
                if run is None:
                    parts.append(f"{label}: not available")
                    continue
                req = run["requests"]
                parts.append(f"{label} {run['seconds']:.1f} s (exit {run['code']}; reads "
                              f"{req['read']['requests']}, busiest minute "
                              f"{req['read']['per_minute']}; writes "
                              f"{req['write']['requests']}, busiest minute "
                              f"{req['write']['per_minute']})")
            speed = (one["seconds"] / many["seconds"] if one and many else None)
            extra = (f", {_x(one['seconds'] / raised['seconds'], TARGETS['speedup'], True)} "
                     f"with the raised quota" if one and raised else "")
            print(f"sync-many scale {r['scale']:>2}: {r.get('about', '')}: "
                  + "; ".join(parts) + f"; speed-up {_x(speed, TARGETS['speedup'], True)}"
                  + extra)
    print(f"targets: steady x <= {TARGETS['steady']}, fresh x <= {TARGETS['fresh']}, work "
          f"memory <= {TARGETS['memory']} x openpyxl's load, report <= "
          f"{TARGETS['report_seconds']:.0f} s and <= {TARGETS['report_mb']:.0f} MB (20,000 "
          f"KRs), sync <= {TARGETS['sync']} x floor, sync of many >= {TARGETS['speedup']:.0f}"
          f" x faster; ! = missed")


def compile_package() -> None:
    """Compile the package's bytecode once, as an installation has it, so that no fresh
    process timed here spends its time compiling sources (PYTHONDONTWRITEBYTECODE, or a
    read-only source tree, would otherwise make every run compile them again)."""
    import compileall

    import sheets_okr

    compileall.compile_dir(Path(sheets_okr.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, nargs="+", default=[1])
    parser.add_argument("--shapes", help="comma-separated shape names (default: all)")
    parser.add_argument("--runs", type=int, default=3, help="runs per timed step")
    parser.add_argument("--timeout", type=float, default=900.0,
                        help="seconds one shape may take at one scale")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.scale[0], args.runs, args.timeout)
        return
    names = [s.name for s in RECOMPUTE_SHAPES] + list(EXTRA_SHAPES)
    chosen = args.shapes.split(",") if args.shapes else names
    unknown = sorted(set(chosen) - set(names))
    if unknown:
        parser.error(f"unknown shape {', '.join(unknown)} (shapes: {', '.join(names)})")
    compile_package()
    results = []
    for scale in args.scale:
        for name in chosen:
            start = time.perf_counter()
            result = run_shape(name, scale, args.runs, args.timeout)
            print(f"  {name} at scale {scale}: {time.perf_counter() - start:.0f} s",
                  file=sys.stderr, flush=True)
            results.append(result)
            if args.json:
                args.json.write_text(json.dumps(results, indent=1, default=str))
    print_table(results)


if __name__ == "__main__":
    main()
