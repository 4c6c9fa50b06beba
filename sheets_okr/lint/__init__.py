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
from .text.classify import forget as forget_texts
from .text.memory import TextMemory, remembering

__all__ = ["Flag", "Severity", "RULES", "run_lint", "count_by_severity", "sort_flags",
           "suppressed"]


def run_lint(model: Model, results: Results, settings: Settings, as_of: date,
             ownership: Ownership | None = None) -> list[Flag]:
    """Every flag of every selected rule, sorted, honouring each row's Ignore column
    (``ownership``: who owns each computed cell, judged here when not given)."""
    ctx = Context(model, results, settings, as_of, ownership)
    flags: list[Flag] = []
    with remembering(text_memory(model)):
        for code, rule in sorted(RULES.items()):
            if not is_selected(code, settings.select, settings.ignore):
                continue
            for hit in rule.check(ctx):
                if not suppressed(model, code, hit):
                    flags.append(make_flag(model, code, hit))
    forget_texts()
    return sort_flags(flags)


def text_memory(model: Model) -> TextMemory:
    """The classes of texts the state tab remembers, kept with the model for the plan to
    write back."""
    from ..state import read_marks, state_grid
    from .text.memory import TAB

    memory = model.memo.get("texts")
    if memory is None:
        rows = read_marks(state_grid(model.book)).items(TAB)
        memory = model.memo["texts"] = TextMemory.read((TAB, i, w) for i, w in rows)
    return memory


def suppressed(model: Model, code: str, hit: Hit) -> bool:
    """Whether the hit's row lists ``code`` (or a prefix of it) in its Ignore column."""
    table = model.tables.get(hit.table)
    codes = table.ignored.get(hit.row) if table is not None else None
    if codes is None:
        return False
    return not is_selected(code, ignore=codes.split(","))
