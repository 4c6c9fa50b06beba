"""write_checked on a backend nobody edits meanwhile (a file): what one write puts where
is kept for planning again only when that write failed."""

from __future__ import annotations

from typing import Any

import pytest

from sheets_okr.changes import CellChange, ChangeSet
from sheets_okr.errors import UsageError, WriteUncertain
from sheets_okr.model import Grid, RawBook
from sheets_okr.ownership import Written
from sheets_okr.writeback import Attempt, write_checked


class LocalBook:
    """A backend without verify_rows whose first ``failures`` writes fail with ``error``."""

    def __init__(self, failures: int = 0, error: type[Exception] = WriteUncertain) -> None:
        self.failures, self.error = failures, error
        self.writes = 0

    def read(self) -> RawBook:
        return RawBook({"Key Results": Grid("Key Results", [["ID", "Score"], ["KR1", None]])})

    def write(self, changes: ChangeSet, book: RawBook) -> int:
        self.writes += 1
        if self.writes <= self.failures:
            if self.error is WriteUncertain:
                raise WriteUncertain("no answer", cells=len(changes.cells))
            raise self.error("refused")
        return len(changes.cells)


def planner(seen: list[Written | None]) -> Any:
    def plan(book: RawBook, written: Written | None) -> Attempt:
        seen.append(written)
        return Attempt(book, ChangeSet(cells=[CellChange("Key Results", 2, 2, 0.75)]))
    return plan


def test_a_write_that_succeeds_is_planned_once_with_nothing_remembered() -> None:
    seen: list[Written | None] = []
    attempt, written = write_checked(LocalBook(), planner(seen))
    assert seen == [None]
    assert written == 1
    assert attempt.anchors == {}


def test_a_write_whose_answer_was_lost_is_planned_again_knowing_what_it_wrote() -> None:
    seen: list[Written | None] = []
    backend = LocalBook(failures=1)
    _, written = write_checked(backend, planner(seen))
    assert backend.writes == 2
    assert seen[0] is None
    again = seen[1]
    assert again is not None
    assert again.cells == {("Key Results", 2, 2): 0.75}
    assert written == 1


def test_a_refusal_after_a_lost_answer_is_planned_again_with_the_record_kept() -> None:
    seen: list[Written | None] = []

    class Flaky(LocalBook):
        def write(self, changes: ChangeSet, book: RawBook) -> int:
            self.writes += 1
            if self.writes == 1:
                raise WriteUncertain("no answer", cells=1)
            if self.writes == 2:
                raise UsageError("refused")
            return 1

    backend = Flaky()
    write_checked(backend, planner(seen))
    assert backend.writes == 3
    assert seen[0] is None
    assert seen[1] is not None and seen[2] is seen[1]
    assert seen[2].cells == {("Key Results", 2, 2): 0.75}


def test_a_plain_refusal_is_raised_at_once() -> None:
    seen: list[Written | None] = []
    backend = LocalBook(failures=1, error=UsageError)
    with pytest.raises(UsageError):
        write_checked(backend, planner(seen))
    assert seen == [None]
