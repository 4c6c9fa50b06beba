"""The library entry points: analyse a workbook, check it, recompute it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from .calc import Results, compute
from .changes import ChangeSet
from .config import Settings
from .io.base import Backend
from .lint import Flag, count_by_severity, run_lint
from .model import Model, RawBook
from .plan import make_plan, to_cell_value
from .reader import build_model


@dataclass
class Analysis:
    """A workbook read, scored and linted, not yet written."""

    model: Model
    results: Results
    flags: list[Flag]
    as_of: date
    settings: Settings

    def objectives(self) -> list[dict[str, Any]]:
        table = self.model.tables["objectives"]
        res = self.results.tables["objectives"]
        out = []
        for row in table.frame.index:
            out.append({
                "id": to_cell_value(table.frame.at[row, "id"]),
                "objective": to_cell_value(table.frame.at[row, "objective"]),
                "score": _round(res.at[row, "score"]),
                "expected": _round(res.at[row, "expected"]),
                "status": to_cell_value(res.at[row, "status"]),
            })
        return out

    def kpi_health(self) -> dict[str, int]:
        res = self.results.get("kpis")
        if res is None or res.empty:
            return {}
        counts = res["health"].fillna("no target").value_counts()
        return {str(k): int(v) for k, v in counts.items()}


def _round(value: Any) -> float | None:
    value = to_cell_value(value)
    return None if value is None else round(float(value), 4)


@dataclass
class RunResult:
    """What a recompute did (or, with dry_run, would do)."""

    analysis: Analysis
    changes: ChangeSet
    cells_written: int
    dry_run: bool
    flags: list[Flag] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "as_of": self.analysis.as_of.isoformat(),
            "dry_run": self.dry_run,
            "cells_written": self.cells_written,
            "cells_changed": len(self.changes.cells),
            "sheets_written": [s.title for s in self.changes.sheets],
            "flags": count_by_severity(self.flags),
            "objectives": self.analysis.objectives(),
            "kpi_health": self.analysis.kpi_health(),
        }


def analyse_book(book: RawBook, as_of: date | None = None,
                 settings: Settings | None = None) -> Analysis:
    """Read, score and lint an already-read workbook."""
    settings = settings or Settings()
    as_of = as_of or date.today()
    model = build_model(book, settings)
    results = compute(model.frames(), as_of, settings)
    flags = run_lint(model, results, settings, as_of)
    return Analysis(model, results, flags, as_of, settings)


def check(backend: Backend, as_of: date | None = None,
          settings: Settings | None = None) -> tuple[Analysis, list[Flag]]:
    """Read and lint a workbook without writing anything; the flags a recompute
    would write."""
    settings = settings or Settings()
    analysis = analyse_book(backend.read(), as_of, settings)
    plan = make_plan(analysis.model, analysis.results, analysis.flags, settings)
    return analysis, sorted({*analysis.flags, *plan.typed_flags}, key=Flag.sort_key)


def recompute(backend: Backend, as_of: date | None = None, settings: Settings | None = None,
              dry_run: bool = False) -> RunResult:
    """Score the workbook and write back what changed."""
    settings = settings or Settings()
    book = backend.read()
    analysis = analyse_book(book, as_of, settings)
    plan = make_plan(analysis.model, analysis.results, analysis.flags, settings)
    flags = sorted({*analysis.flags, *plan.typed_flags}, key=Flag.sort_key)
    written = 0
    if plan.changes and not dry_run:
        written = backend.write(plan.changes, book)
    return RunResult(analysis, plan.changes, written, dry_run, flags,
                     list(analysis.model.notes))


def frame_of_flags(flags: list[Flag]) -> pd.DataFrame:
    return pd.DataFrame([f.as_dict() for f in flags])
