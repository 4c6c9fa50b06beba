"""How a workbook is opened: one typed set of options, and which backend honours each."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UsageError

if TYPE_CHECKING:
    from .gsheets.client import Patience
    from .xlsx.limits import PackageLimits


@dataclass(frozen=True)
class OpenOptions:
    """Options of :func:`sheets_okr.io.open_backend`. An option left at its default asks
    for nothing; one set for a backend that cannot honour it is refused."""

    output: Path | None = None
    """Write the results to this .xlsx file instead (either backend)."""
    force: bool = False
    """Replace ``output`` if it exists (either backend)."""
    lock_timeout: float | None = None
    """Seconds to wait for another run's lock (either backend)."""
    backup: bool = False
    """Keep the previous file as NAME.bak.xlsx (Excel)."""
    limits: PackageLimits | None = None
    """Size limits of the package read (Excel)."""
    retries: int | None = None
    """Retries of a failed Sheets API request (Google Sheets)."""
    base_delay: float | None = None
    """Seconds before the first retry, doubled at each (Google Sheets)."""
    client: Any = None
    """An authorised gspread client to use (Google Sheets)."""
    patience: Patience | None = None
    """Timeouts of the Sheets API requests (Google Sheets)."""

    def given(self) -> dict[str, Any]:
        """The options set to something other than their default."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) != f.default}

    def refuse(self, names: tuple[str, ...], backend: str) -> None:
        """UsageError when one of ``names`` is set: ``backend`` cannot honour it."""
        wrong = [name for name in names if name in self.given()]
        if wrong:
            raise UsageError(f"{wrong[0].replace('_', ' ')} is not an option of "
                             f"{backend}")


EXCEL_ONLY = ("backup", "limits")
SHEETS_ONLY = ("retries", "base_delay", "client", "patience")
