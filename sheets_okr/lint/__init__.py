"""The misalignment linter: registered rules run over the shared model."""

from __future__ import annotations

from datetime import date

from ..calc import Results
from ..config import Settings
from ..model import Model
from ..ownership import Ownership
from . import rules as _rules  # noqa: F401  (registers the rules)
from .flag import Flag, Severity, count_by_severity, sort_flags
from .registry import RULES, Context, Hit, make_flag
from .selection import is_selected

__all__ = ["Flag", "Severity", "RULES", "run_lint", "count_by_severity", "sort_flags",
           "suppressed"]


def run_lint(model: Model, results: Results, settings: Settings, as_of: date,
             ownership: Ownership | None = None) -> list[Flag]:
    """Every flag of every selected rule, sorted, honouring each row's Ignore column
    (``ownership``: who owns each computed cell, judged here when not given)."""
    ctx = Context(model, results, settings, as_of, ownership)
    flags: list[Flag] = []
    for code, rule in sorted(RULES.items()):
        if not is_selected(code, settings.select, settings.ignore):
            continue
        for hit in rule.check(ctx):
            if not suppressed(model, code, hit):
                flags.append(make_flag(model, code, hit))
    return sort_flags(flags)


def suppressed(model: Model, code: str, hit: Hit) -> bool:
    """Whether the hit's row lists ``code`` (or a prefix of it) in its Ignore column."""
    table = model.tables.get(hit.table)
    codes = table.ignored.get(hit.row) if table is not None else None
    if codes is None:
        return False
    return not is_selected(code, ignore=codes.split(","))
