"""Write a planned change set and make sure every result ends on its own row.

For a workbook others may edit while a run computes (a Google Sheet), the ID cells of
the rows about to be written are read just before the write and once more after it.
Rows moved before the write: read and plan again. Rows moved meanwhile, after the write
went out: read again and rewrite the results that landed on the wrong rows (recognised
as the run's own), in the same run. A write whose answer was lost is not sent again
blindly: the workbook is read again first, and a write that landed counts as done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .changes import ChangeSet, comparable, read_as
from .errors import RowsMoved, UsageError, WriteUncertain
from .io.base import Backend
from .model import RawBook
from .ownership import Written
from .schema import STATE_TAB

Anchors = dict[str, dict[tuple[int, int], Any]]
MOVES_BEFORE_WRITING = 2
ROUNDS = 5


@dataclass
class Attempt:
    """One reading and planning of the workbook: what to write and the ID cells the
    write relies on."""

    book: RawBook
    changes: ChangeSet
    anchors: Anchors = field(default_factory=dict)
    result: Any = None


Planner = Callable[[RawBook, Written | None], Attempt]


def write_checked(backend: Backend, plan: Planner, dry_run: bool = False,
                  what: str = "computing", first: RawBook | None = None
                  ) -> tuple[Attempt, int]:
    """Read (``first``: the workbook already read), plan and write until the results are
    in place; the last attempt and the cells written. RowsMoved when rows keep moving
    (saying whether anything was written)."""
    remote = hasattr(backend, "verify_rows")
    written = 0
    earlier: Written | None = None
    uncertain: tuple[ChangeSet, int] | None = None
    refusals_forgiven = 0
    moves = 0
    for _ in range(ROUNDS):
        book, first = first or backend.read(), None
        attempt = plan(book, earlier)
        if uncertain is not None and landed(uncertain[0], attempt.book):
            written += uncertain[1]
            uncertain = None
        if dry_run or not attempt.changes:
            return attempt, written
        if remote:
            try:
                backend.verify_rows(attempt.anchors)  # type: ignore[attr-defined]
            except RowsMoved:
                moves += 1
                if moves >= MOVES_BEFORE_WRITING and earlier is None:
                    raise RowsMoved(f"rows were moved or inserted while sheets-okr was {what}, "
                                    "twice; nothing was written. Run again when editing "
                                    "settles") from None
                continue
        # What this write puts where is kept for planning again; a file on disk, which
        # nobody edits meanwhile, is planned again only when the write failed.
        if remote:
            earlier = _remember(earlier, attempt)
        try:
            written += backend.write(attempt.changes, attempt.book)
        except WriteUncertain as exc:
            earlier = earlier if remote else _remember(earlier, attempt)
            uncertain = (attempt.changes, exc.cells)
            continue
        except UsageError:
            # Refused after a write whose answer was lost: that write may have landed
            # meanwhile (a sheet it adds now exists). Read again once before giving up.
            if uncertain is None or refusals_forgiven:
                raise
            earlier = earlier if remote else _remember(earlier, attempt)
            refusals_forgiven += 1
            continue
        uncertain = None
        if not remote:
            return attempt, written
        try:
            backend.verify_rows(attempt.anchors)  # type: ignore[attr-defined]
        except RowsMoved:
            continue
        return attempt, written
    if uncertain is not None:
        raise WriteUncertain("the Sheets API never confirmed the write, and reading the "
                             "spreadsheet again does not show it; run again")
    if earlier is None:
        raise RowsMoved(f"rows were moved or inserted while sheets-okr was {what}; nothing "
                        "was written. Run again when editing settles")
    raise RowsMoved(f"rows kept moving while sheets-okr was {what} and writing; some results "
                    "may sit on rows that moved. Run again when editing settles")


def _remember(earlier: Written | None, attempt: Attempt) -> Written:
    """``earlier`` (a new record when None) with what ``attempt`` writes added."""
    earlier = earlier or Written()
    earlier.add(attempt.changes, attempt.book.grids.get(STATE_TAB))
    return earlier


def landed(changes: ChangeSet, book: RawBook) -> bool:
    """Whether ``book`` (read after a write whose answer was lost) shows that write: its
    tool-owned sheets exist and its cells hold the values sent."""
    if any(content.title not in book.grids for content in changes.sheets):
        return False
    for change in changes.cells:
        grid = book.grids.get(change.tab)
        if grid is None:
            return False
        have = grid.value(change.row, change.col)
        if comparable(read_as(have, change.value)) != comparable(change.value):
            return False
    return True
