"""A finding: one immutable record per flagged cell."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, order=False)
class Flag:
    """One flag, as written to the Flags tab and printed by ``check``."""

    code: str
    severity: Severity
    tab: str
    cell: str
    item: str
    message: str
    hint: str = ""
    tab_order: int = 99
    row: int = 0

    def as_dict(self) -> dict[str, str]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        for private in ("tab_order", "row"):
            data.pop(private)
        return data

    @property
    def column_key(self) -> str:
        """The cell's column letters, padded so that Z sorts before AA."""
        return "".join(ch for ch in self.cell if ch.isalpha()).rjust(3)

    def sort_key(self) -> tuple[int, int, str, int, str, str, str]:
        return (self.severity.rank, self.tab_order, self.tab, self.row,
                self.column_key, self.code, self.message)


def sort_flags(flags: list[Flag]) -> list[Flag]:
    """Flags by severity, then tab, row and column (then code and message, so that the
    order never depends on how a set was iterated)."""
    return sorted(set(flags), key=Flag.sort_key)


def count_by_severity(flags: list[Flag]) -> dict[str, int]:
    counts = {str(s): 0 for s in Severity}
    for flag in flags:
        counts[str(flag.severity)] += 1
    return counts
