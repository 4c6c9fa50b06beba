"""What every backend offers: read a workbook's grids, apply a change set."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from ..changes import ChangeSet
from ..model import RawBook


class Backend(Protocol):
    """A workbook somewhere: an Excel file or a Google Sheet."""

    name: str

    def read(self) -> RawBook:
        """Every sheet's values, formulas and merged ranges."""
        ...

    def write(self, changes: ChangeSet, book: RawBook) -> int:
        """Apply ``changes`` read against ``book``; return the number of cells written."""
        ...

    def session(self, write: bool = True) -> AbstractContextManager[None]:
        """Hold the workbook for one read-compute-write cycle: locked against other runs
        when the cycle writes it (``write``), nothing to hold for a run that only reads."""
        ...
