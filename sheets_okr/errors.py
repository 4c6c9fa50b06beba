"""Exceptions the library raises; the CLI maps each to an exit code."""

from __future__ import annotations


class SheetsOkrError(Exception):
    """Base of every error the library raises on purpose."""

    exit_code = 2


class UsageError(SheetsOkrError):
    """Bad usage or unreadable input as a whole (exit 2)."""


class InputError(UsageError):
    """The workbook cannot be read as OKRs (missing tab or required column)."""


class WorkbookLocked(UsageError):
    """The file is open in a spreadsheet app or held by another run."""


class WouldLoseData(UsageError):
    """Saving would drop parts of the workbook the tool does not understand."""


class RemoteError(SheetsOkrError):
    """A remote service failed after retries (exit 3)."""

    exit_code = 3


class WriteUncertain(RemoteError):
    """A write was sent but its answer was lost (connection reset, timeout): it may or may
    not have been applied. Read the workbook again before anything is sent again.
    ``cells`` is what the write would have written."""

    def __init__(self, message: str, cells: int = 0) -> None:
        super().__init__(message)
        self.cells = cells


class RowsMoved(SheetsOkrError):
    """Rows moved between read and write."""
