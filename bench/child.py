"""One measured step in a fresh process: the work memory of a recompute, a report, a sync
or openpyxl's load, above what the process holds after its imports and a warm-up on a
small workbook. Prints one JSON line: ``baseline`` and ``peak`` resident MiB, ``seconds``.

Usage (from bench.py): python bench/child.py KIND ARGS...
  openpyxl-load BOOK WARMUP
  recompute BOOK WARMUP          (works on a copy of BOOK)
  report BOOK WARMUP OUT_DIR
  sync CONFIG WARMUP BOOK ORIGINAL   (BOOK is restored from ORIGINAL first)
"""

from __future__ import annotations

import gc
import json
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import reset_peak, rss  # noqa: E402
from shapes import AS_OF  # noqa: E402


def recompute(path: Path) -> Any:
    from sheets_okr.io.xlsx import XlsxBackend
    from sheets_okr.run import recompute as run

    backend = XlsxBackend(path)
    with backend.session():
        return run(backend, AS_OF)


def report(path: Path, out: Path) -> Any:
    from sheets_okr.io.xlsx import XlsxBackend
    from sheets_okr.report import write_report
    from sheets_okr.run import check

    analysis, flags = check(XlsxBackend(path), AS_OF)
    return write_report(analysis, flags, out)


def main() -> None:
    kind, first, warmup, *rest = sys.argv[1:]
    path = Path(first)
    work: Callable[[], Any]
    if kind == "openpyxl-load":
        from openpyxl import load_workbook

        load_workbook(warmup)

        def work() -> Any:
            return load_workbook(path)
    elif kind == "recompute":
        scratch = path.with_name(f"child-{path.name}")
        recompute(Path(warmup))
        shutil.copy(path, scratch)

        def work() -> Any:
            return recompute(scratch)
    elif kind == "report":
        out = Path(rest[0])
        report(Path(warmup), out)

        def work() -> Any:
            return report(path, out)
    elif kind == "sync":
        from sheets_okr.sync import load_sync_config, run_sync

        book, original = Path(rest[0]), Path(rest[1])
        recompute(Path(warmup))
        shutil.copy(original, book)
        config = load_sync_config(path)

        def work() -> Any:
            return run_sync(config, as_of=AS_OF)
    else:
        raise SystemExit(f"unknown kind {kind}")
    gc.collect()
    baseline = rss("VmRSS")
    reset_peak()
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    print(json.dumps({"baseline": baseline, "peak": rss("VmHWM"), "seconds": seconds}))


if __name__ == "__main__":
    main()
