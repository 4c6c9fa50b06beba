"""One workbook's sync: read once, merge readings into KPI History, recompute, write once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..changes import ChangeSet
from ..config import Settings
from ..errors import RowsMoved
from ..io.base import Backend
from ..lint import Flag
from ..model import RawBook
from ..plan import make_plan
from ..read.pipeline import build_model
from ..run import RunResult, analyse_book, anchor_cells
from ..schema import STATE_TAB
from .merge import MergePlan, apply_merge, history_tab_content, plan_merge, with_history_tab
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
        return sum(1 for c in changes.cells if c.tab != STATE_TAB) + sum(
            sum(v not in (None, "") for line in s.rows for v in line)
            for s in changes.sheets if not s.hidden)


def sync_book(backend: Backend, readings: Sequence[Reading], as_of: date | None = None,
              settings: Settings | None = None, dry_run: bool = False,
              unknown_kpis: str = "skip", pace: Pace | None = None) -> BookOutcome:
    """Merge ``readings`` into the workbook's KPI History and recompute it, writing the
    merged readings and the computed cells in one write.

    Without a KPI History tab one is created first (its header row only, a write of its
    own) when there are readings to add. ``pace("read"|"write")`` is called before each
    Google Sheets request.
    """
    settings = settings or Settings()
    remote = hasattr(backend, "verify_rows")

    def paced(kind: str) -> None:
        if remote and pace is not None:
            pace(kind)

    created_tab, header_cells = False, 0
    for attempt in range(2):
        paced("read")
        book = backend.read()
        merge = plan_merge(build_model(book, settings), readings, unknown_kpis)
        if merge.missing_tab and merge.pending:
            if dry_run:
                book = with_history_tab(book, merge.title)
            else:
                paced("write")
                header_cells = backend.write(
                    ChangeSet(sheets=[history_tab_content(merge.title)]), book)
                created_tab = True
                paced("read")
                book = backend.read()
            merge = plan_merge(build_model(book, settings), readings, unknown_kpis)
        analysis = analyse_book(apply_merge(book, merge), as_of, settings)
        plan = make_plan(analysis.model, analysis.results, analysis.flags, settings,
                         analysis.as_of)
        flags = sorted({*analysis.flags, *plan.typed_flags}, key=Flag.sort_key)
        changes = ChangeSet(cells=[*merge.changes, *plan.changes.cells],
                            sheets=plan.changes.sheets, conditional=plan.changes.conditional,
                            charts=plan.changes.charts)
        written = header_cells
        if not changes or dry_run:
            break
        try:
            if remote:
                anchors = anchor_cells(analysis.model, plan.changes)
                for title, cells in _in_grid(backend, book, merge.anchors).items():
                    anchors.setdefault(title, {}).update(cells)
                paced("read")
                backend.verify_rows(anchors)  # type: ignore[attr-defined]
            paced("write")
            written += backend.write(changes, book)
            break
        except RowsMoved:
            if attempt == 1:
                raise RowsMoved("rows were moved or inserted while sheets-okr was syncing, "
                                "twice; nothing was written. The next run will try again"
                                ) from None
    result = RunResult(analysis, changes, written, dry_run, flags, list(analysis.model.notes))
    return BookOutcome(merge, result, created_tab)


def _in_grid(backend: Any, book: RawBook, anchors: dict[str, dict[tuple[int, int], Any]]
             ) -> dict[str, dict[tuple[int, int], Any]]:
    """The anchors that lie inside each sheet's current grid (rows appended past its end
    cannot be read back before the write that adds them)."""
    meta = backend.sheet_meta() if hasattr(backend, "sheet_meta") else {}
    out: dict[str, dict[tuple[int, int], Any]] = {}
    for title, cells in anchors.items():
        grid = (meta.get(title) or {}).get("properties", {}).get("gridProperties", {})
        rows = int(grid.get("rowCount", 0) or book.grids[title].height)
        cols = int(grid.get("columnCount", 0) or book.grids[title].width)
        kept = {(r, c): v for (r, c), v in cells.items() if r <= rows and c <= cols}
        if kept:
            out[title] = kept
    return out
