"""The rule registry: every rule declares its code, severity, message and hint here."""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from ..calc import Results
from ..config import Settings
from ..model import Model, Table
from ..ownership import Ownership, claim
from ..schema import TABS
from .flag import Flag, Severity

CODE_PATTERN = re.compile(r"^OKR\d{3}$")
TAB_ORDER = {t.key: i for i, t in enumerate(TABS)}


@dataclass(frozen=True)
class Hit:
    """Where a rule fired: a table key, the row (index label) and the column key."""

    table: str
    row: Any
    column: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    """What rules look at: the model, the computed results, the settings and who owns
    each computed cell."""

    model: Model
    results: Results
    settings: Settings
    as_of: date
    ownership: Ownership | None = None

    def owned(self) -> Ownership:
        """Who owns each computed cell (judged now when the caller did not)."""
        if self.ownership is None:
            self.ownership = claim(self.model, self.results)
        return self.ownership

    def table(self, key: str) -> Table | None:
        return self.model.tables.get(key)

    def frame(self, key: str) -> pd.DataFrame:
        table = self.model.tables.get(key)
        return table.frame if table is not None else pd.DataFrame()

    def computed(self, key: str) -> pd.DataFrame:
        found = self.results.get(key)
        return found if found is not None else pd.DataFrame()

    def item(self, key: str, row: Any) -> str:
        """How a flag names ``row`` of table ``key``: its ID, its period or "row N"."""
        table = self.model.tables.get(key)
        return str(item_labels(self.model, table).get(row, "")) if table is not None else ""


def item_labels(model: Model, table: Table) -> dict[Any, Any]:
    """``table.items()`` as a dict by row (worked out once per table)."""
    key = ("item_labels", id(table))
    found = model.memo.get(key)
    if found is None or found[0] is not table:
        items = table.items()
        found = model.memo[key] = (table, dict(zip(items.index.tolist(), items.tolist(),
                                                   strict=True)))
    return found[1]


Check = Callable[[Context], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    name: str
    template: str
    hint: str
    check: Check


RULES: dict[str, Rule] = {}


def rule(code: str, severity: str, name: str, template: str, hint: str) -> Callable[[Check], Check]:
    """Register a check function under ``code``."""
    if not CODE_PATTERN.match(code):
        raise ValueError(f"bad rule code {code!r}")

    def register(check: Check) -> Check:
        if code in RULES and RULES[code].check is not None:
            raise ValueError(f"rule {code} registered twice")
        RULES[code] = Rule(code, Severity(severity), name, template, hint, check)
        return check

    return register


def make_flag(model: Model, code: str, hit: Hit) -> Flag:
    """Turn a hit into a flag with the rule's message, naming the item and cell."""
    spec = RULES[code]
    table = model.tables.get(hit.table)
    if table is not None:
        part = table.part_of(hit.row)
        local = table.sheet_row(hit.row)
        tab = part.title
        cell = part.cell(local, hit.column) if hit.row is not None else part.cell(
            part.header_row, hit.column)
        item = str(item_labels(model, table).get(hit.row, "")) if hit.row is not None \
            else ""
        row = int(local) if isinstance(local, numbers.Integral) else 0
        if (local, hit.column or "") in part.cells:
            row = part.cells[(local, hit.column or "")][0]
    else:
        tab, cell, item, row = hit.params.get("tab", ""), hit.params.get("cell", ""), "", 0
    params = {"item": item, "cell": cell, "tab": tab, **hit.params}
    message = spec.template.format_map(_Defaults(params))
    hint = spec.hint.format_map(_Defaults(params))
    item = str(params.get("item", item))
    return Flag(code, spec.severity, tab, cell, item, message, hint,
                TAB_ORDER.get(hit.table, 50), row)


def show(value: Any, unit: Any = None) -> str:
    """A number for a message, as a percent when its unit is %.

    >>> show(0.04, "%"), show(12500.0, "USD"), show(36.0)
    ('4%', '12,500 USD', '36')
    """
    if value is None or (isinstance(value, float) and value != value):
        return "blank"
    unit = unit if isinstance(unit, str) and unit.strip() else ""
    if unit.strip() == "%":
        return f"{value * 100:.4g}%"
    number = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    return f"{number} {unit}".strip()


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return "?"
