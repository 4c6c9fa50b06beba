"""One workbook's sync: read once, merge readings into KPI History, recompute, write once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..cell_changes import CellChanges
from ..changes import ChangeSet
from ..config import Settings
from ..io.base import Backend
from ..model import RawBook
from ..ownership import Written
from ..plan import make_plan
from ..read.pipeline import build_model
from ..run import RunResult, analyse_model, anchor_cells
from ..schema import STATE_TAB
from ..writeback import Attempt, write_checked
from .merge import MergePlan, apply_merge, history_tab_content, plan_merge, with_history_tab
from .remodel import merged_model
from .sources import Reading

Pace = Callable[[str], None]


@dataclass
class BookOutcome:
    """What a sync did to one workbook (or, with dry_run, would do)."""

    merge: MergePlan
    result: RunResult
    created_tab: bool = False

    @property
    def cells_written(self) -> int:
        return self.result.cells_written

    @property
    def cells_changed(self) -> int:
        """Cells the write changes (the tool's hidden state tab left out)."""
        changes = self.result.changes
        return changes.cells.count_outside(STATE_TAB) + sum(
            sum(v not in (None, "") for line in s.rows for v in line)
            for s in changes.sheets if not s.hidden) + sum(
            sum(len(values) - list(values).count(None) for values in block.by_column())
            for block in changes.appended)


def sync_book(backend: Backend, readings: Sequence[Reading], as_of: date | None = None,
              settings: Settings | None = None, dry_run: bool = False,
              unknown_kpis: str = "skip", pace: Pace | None = None,
              turn: AbstractContextManager[Any] | None = None) -> BookOutcome:
    """Merge ``readings`` into the workbook's KPI History and recompute it, writing the
    new readings (appended below the history, placed when written) and the computed
    cells in one write, checked as :func:`~sheets_okr.writeback.write_checked` does.

    Without a KPI History tab one is created first (its header row only, a write of its
    own) when there are readings to add. ``pace("read"|"write")`` is called before each
    Google Sheets request. ``turn`` (a lock shared by the threads syncing other
    workbooks) is held while the workbook is modelled and planned, never while waiting
    on a request: threads then take the computing in turns, each back to its requests
    as soon as its own planning is done, rather than all finishing together.
    """
    settings = settings or Settings()
    turn = turn or nullcontext()
    day = as_of or date.today()
    if hasattr(backend, "verify_rows") and pace is not None:
        backend = Paced(backend, pace)
    created_tab, header_cells = False, 0
    first: RawBook | None = backend.read()
    with turn:
        models = {id(first): build_model(first, settings, day)}
        opening = plan_merge(models[id(first)], readings, unknown_kpis)
    if opening.missing_tab and opening.pending and not dry_run:
        header_cells = backend.write(ChangeSet(sheets=[history_tab_content(opening.title)]),
                                     first)
        created_tab, first, models = True, None, {}
    merges: list[MergePlan] = []

    def plan(book: RawBook, written: Written | None) -> Attempt:
        with turn:
            return planned_attempt(book, written)

    def planned_attempt(book: RawBook, written: Written | None) -> Attempt:
        model = models.pop(id(book), None)
        if model is not None and not opening.missing_tab:
            merge = opening
        else:
            model = model or build_model(book, settings, day)
            merge = plan_merge(model, readings, unknown_kpis)
        if merge.missing_tab and merge.pending:
            book = with_history_tab(book, merge.title)
            model = build_model(book, settings, day)
            merge = plan_merge(model, readings, unknown_kpis)
        merges.append(merge)
        merged = apply_merge(book, merge)
        model = merged_model(model, merge, merged) or build_model(merged, settings, day)
        analysis = analyse_model(model, day, settings, written)
        planned = make_plan(analysis.model, analysis.results, analysis.flags, settings,
                            analysis.as_of, written, analysis.ownership)
        flags = analysis.flags
        cells = CellChanges(merge.changes)
        cells.extend(planned.changes.cells)  # its column runs kept as runs
        changes = ChangeSet(cells=cells,
                            sheets=planned.changes.sheets,
                            conditional=planned.changes.conditional,
                            charts=planned.changes.charts,
                            appended=[merge.appended] if merge.appended else [],
                            dashboard=planned.changes.dashboard)
        anchors: dict[str, dict[tuple[int, int], Any]] = {}
        if hasattr(backend, "verify_rows"):  # the ID cells are checked around the write
            anchors = anchor_cells(analysis.model, planned.changes)
            for title, cells in merge.anchors.items():
                anchors.setdefault(title, {}).update(cells)
        return Attempt(book, changes, anchors, (analysis, flags))

    attempt, written = write_checked(backend, plan, dry_run, what="syncing", first=first)
    analysis, flags = attempt.result
    result = RunResult(analysis, attempt.changes, written + header_cells, dry_run, flags,
                       list(analysis.model.notes))
    # The first merge planned says what this run brought (a later one, after a write
    # whose answer was lost, finds the readings already there).
    return BookOutcome(merges[0], result, created_tab)


class Paced:
    """A backend whose every request waits for the rate limiter first."""

    def __init__(self, backend: Any, pace: Pace) -> None:
        self._backend = backend
        self._pace = pace
        self.name = backend.name

    def __getattr__(self, name: str) -> Any:
        return getattr(self._backend, name)

    def read(self) -> RawBook:
        self._pace("read")
        return self._backend.read()

    def verify_rows(self, anchors: Any) -> None:
        if anchors:
            self._pace("read")
        self._backend.verify_rows(anchors)

    def write(self, changes: ChangeSet, book: RawBook) -> int:
        self._pace("write")
        return self._backend.write(changes, book)
