"""Timing and memory measurement for the benchmark: in-process best-of runs, whole fresh
processes (wall time and peak resident memory from the kernel's accounting of the child),
and the work memory of one step above what its imports hold."""

from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CLI = ("import sys; from sheets_okr.cli import main; sys.argv[0] = 'sheets-okr'; main()")
OPENPYXL_LOAD_SAVE = ("import sys; from openpyxl import load_workbook; "
                      "load_workbook(sys.argv[1]).save(sys.argv[1])")


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


@dataclass
class Run:
    """One finished fresh process: wall seconds, peak resident MiB, exit code."""

    seconds: float
    peak: float
    code: int


def run_process(args: Sequence[str], timeout: float | None = None,
                env: dict[str, str] | None = None) -> Run:
    """Run ``args`` as a new process (output discarded) and reap it with its resource
    usage; a run past ``timeout`` seconds is killed and reported with code -9."""
    start = time.perf_counter()
    child = subprocess.Popen(list(args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env=env)
    deadline = None if timeout is None else start + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if deadline is not None and time.perf_counter() > deadline:
            child.kill()
            pid, status, usage = os.wait4(child.pid, 0)
            break
        time.sleep(0.005)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    if child.returncode not in (0, 1, -9):
        raise RuntimeError(f"{' '.join(args[:4])}... failed ({child.returncode}): {err[-800:]}")
    return Run(seconds, usage.ru_maxrss / 1024, child.returncode)


def cli(*args: str) -> list[str]:
    """The ``sheets-okr`` command line, run by this interpreter."""
    return [sys.executable, "-c", CLI, *args]


def openpyxl_load_save(path: Path) -> list[str]:
    return [sys.executable, "-c", OPENPYXL_LOAD_SAVE, str(path)]


@dataclass
class Paired:
    """Fresh-process runs of a command and of its floor, taken in turn."""

    a: list[Run]
    b: list[Run]

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.a)

    @property
    def floor(self) -> float:
        return statistics.median(r.seconds for r in self.b)

    @property
    def ratio(self) -> float:
        """The median of the run-by-run ratios (robust to the machine's drift)."""
        return statistics.median(x.seconds / y.seconds for x, y in zip(self.a, self.b,
                                                                      strict=True))

    @property
    def peak(self) -> float:
        return statistics.median(r.peak for r in self.a)

    @property
    def killed(self) -> bool:
        return any(r.code == -9 for r in self.a)


def paired(a: Sequence[str], b: Sequence[str], runs: int, before_a: Callable[[], None],
           before_b: Callable[[], None], timeout: float | None = None) -> Paired:
    """``runs`` fresh runs of ``a`` and of ``b``, alternating, after one untimed warm-up
    of each (which fills the page cache)."""
    out = Paired([], [])
    for n in range(runs + 1):
        before_a()
        first = run_process(a, timeout)
        before_b()
        second = run_process(b, timeout)
        if n:
            out.a.append(first)
            out.b.append(second)
        elif first.code == -9:
            return Paired([first], [second])
    return out


def work_memory(kind: str, *args: str) -> dict[str, float]:
    """Run one step in a fresh process (``python bench/child.py KIND ARGS``): its resident
    memory after its imports and a warm-up, and at its peak, in MiB."""
    out = subprocess.run([sys.executable, str(HERE / "child.py"), kind, *args],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def rss(field: str) -> float:
    """Resident memory in MiB: ``VmRSS`` now or ``VmHWM`` at its peak (Linux), else the
    process's peak as getrusage reports it."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 2**10
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def reset_peak() -> None:
    """Start the peak resident memory (VmHWM) over from the current one, where Linux
    allows it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
