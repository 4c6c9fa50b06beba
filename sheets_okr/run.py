"""The library entry points: analyse a workbook, check it, recompute it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .calc import Results, compute
from .changes import ChangeSet, to_cell_value
from .config import Settings
from .io.base import Backend
from .lint import Flag, count_by_severity, run_lint
from .model import Model, RawBook
from .ownership import Ownership, Written, claim
from .phases import phase_frame
from .plan import make_plan
from .read.author import settle
from .read.pipeline import build_model
from .schema import STATE_TAB


@dataclass
class Analysis:
    """A workbook read, scored and linted, not yet written: ``ownership`` says which
    computed cells a recompute may write."""

    model: Model
    results: Results
    flags: list[Flag]
    as_of: date
    settings: Settings
    ownership: Ownership | None = None

    def objectives(self) -> list[dict[str, Any]]:
        table = self.model.tables["objectives"]
        res = self.results.tables["objectives"].reindex(table.frame.index)
        frame = table.frame
        return [
            {"id": to_cell_value(oid), "objective": to_cell_value(title),
             "score": _round(score), "expected": _round(expected),
             "status": to_cell_value(status)}
            for oid, title, score, expected, status in zip(
                frame["id"].tolist(), frame["objective"].tolist(), res["score"].tolist(),
                res["expected"].tolist(), res["status"].tolist(), strict=True)
        ]

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
            "cells_changed": self.changes.cells.count_outside(STATE_TAB),
            "sheets_written": [s.title for s in self.changes.sheets if not s.hidden],
            "flags": count_by_severity(self.flags),
            "objectives": self.analysis.objectives(),
            "kpi_health": self.analysis.kpi_health(),
        }


def analyse_book(book: RawBook, as_of: date | None = None,
                 settings: Settings | None = None, written: Written | None = None
                 ) -> Analysis:
    """Read, score, judge who owns each computed cell and lint an already-read workbook
    (``written``: what this run wrote before, when reading it again)."""
    settings = settings or Settings()
    as_of = as_of or date.today()
    return analyse_model(build_model(book, settings, as_of), as_of, settings, written)


def analyse_model(model: Model, as_of: date, settings: Settings,
                  written: Written | None = None) -> Analysis:
    """Score, judge who owns each computed cell and lint an already-built model (it is
    changed: the author's columns are settled)."""
    results = compute({**model.frames(), "kr_phases": phase_frame(model)}, as_of, settings)
    settle(model, results.tables)
    ownership = claim(model, results, written)
    flags = run_lint(model, results, settings, as_of, ownership)
    return Analysis(model, results, flags, as_of, settings, ownership)


def check(backend: Backend, as_of: date | None = None,
          settings: Settings | None = None) -> tuple[Analysis, list[Flag]]:
    """Read and lint a workbook without writing anything; the flags a recompute
    would write."""
    settings = settings or Settings()
    with rare_collections():
        analysis = analyse_book(backend.read(), as_of, settings)
    return analysis, analysis.flags


def recompute(backend: Backend, as_of: date | None = None, settings: Settings | None = None,
              dry_run: bool = False) -> RunResult:
    """Score the workbook and write back what changed.

    Backends that can be edited by others meanwhile (Google Sheets) check that every
    row still holds the ID it was read with, before the write and after it; rows moved
    meanwhile are read again and their results put right (see :mod:`.writeback`).
    """
    settings = settings or Settings()
    with rare_collections():
        return _recompute(backend, as_of, settings, dry_run)


@contextmanager
def rare_collections(threshold: int = 100_000) -> Iterator[None]:
    """Run the cyclic garbage collector less often meanwhile: reading a large sheet makes
    hundreds of thousands of row lists, none of them in a cycle, and at the default
    threshold the collector walks them all again every few hundred allocations."""
    before = gc.get_threshold()
    gc.set_threshold(max(threshold, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _recompute(backend: Backend, as_of: date | None, settings: Settings,
               dry_run: bool) -> RunResult:
    from .writeback import Attempt, write_checked

    def plan(book: RawBook, written: Written | None) -> Attempt:
        analysis = analyse_book(book, as_of, settings, written)
        planned = make_plan(analysis.model, analysis.results, analysis.flags, settings,
                            analysis.as_of, written, analysis.ownership)
        anchors = anchor_cells(analysis.model, planned.changes) if remote else {}
        return Attempt(book, planned.changes, anchors, analysis)

    remote = hasattr(backend, "verify_rows")  # the ID cells are checked around the write

    attempt, written = write_checked(backend, plan, dry_run)
    analysis = attempt.result
    return RunResult(analysis, attempt.changes, written, dry_run, analysis.flags,
                     list(analysis.model.notes))


def anchor_cells(model: Model, changes: ChangeSet) -> dict[str, dict[tuple[int, int], Any]]:
    """The ID cell (as read) of every row a change touches, per tab."""
    touched: dict[str, set[int]] = {}
    for change in changes.cells:
        touched.setdefault(change.tab, set()).add(change.row)
    anchors: dict[str, dict[tuple[int, int], Any]] = {}
    for whole in model:
        for table, _ in whole.pieces():
            rows = touched.get(table.title)
            id_key = table.spec.id_column
            if not rows or not id_key or id_key not in table.columns:
                continue
            col = table.columns[id_key]
            grid = model.book.grids[table.title]
            cells = {(r, col): grid.value(r, col) for r in rows if r in table.frame.index}
            cells[(table.header_row, col)] = grid.value(table.header_row, col)
            anchors.setdefault(table.title, {}).update(cells)
    return anchors

