"""How the state tab remembers a formula the tool wrote, so that the next run tells its
own formulas from a person's."""

from __future__ import annotations

import hashlib
from typing import Any

from ..changes import CellChange, ChangeSet, Formula
from ..model import Model


def formula_mark(formula: Formula) -> str:
    """``f`` and a short fingerprint of the formula's text (nine characters; a value's
    fingerprint has eight).

    >>> len(formula_mark(Formula("A1+1")))
    9
    """
    return "f" + hashlib.blake2s(formula.text.encode(), digest_size=4).hexdigest()


def is_formula_mark(mark: str | None) -> bool:
    return isinstance(mark, str) and len(mark) == 9 and mark.startswith("f")


class FormulaTexts:
    """The text of the formulas in a workbook's cells, as its backend read them."""

    def __init__(self, model: Model) -> None:
        self.model = model

    def get(self, title: str, row: int, col: int) -> str | None:
        grid = self.model.book.grids.get(title)
        text = grid.formula_text.get((row, col)) if grid is not None else None
        return None if text is None else text[1:] if text.startswith("=") else text


def ours(texts: FormulaTexts, where: tuple[str, int, int], mark: str | None) -> bool:
    """Whether the formula in a computed cell is the one the tool wrote there last."""
    if not is_formula_mark(mark):
        return False
    text = texts.get(*where)
    return text is not None and formula_mark(Formula(text)) == mark


def put(changes: ChangeSet, where: tuple[str, int, int], cell: Any, fmt: str | None,
        raw: Any, had_formula: bool, old_mark: str | None, value_mark: str | None) -> str | None:
    """Plan ``cell`` (a Formula or a value) into a computed cell the tool owns; the mark
    to remember. A formula already there as written last time is left alone."""
    tab, row, col = where
    if isinstance(cell, Formula):
        mark = formula_mark(cell)
        if not (had_formula and old_mark == mark):
            changes.cells.append(CellChange(tab, row, col, cell, fmt, old=raw))
        return mark
    changes.cells.append(CellChange(tab, row, col, cell, fmt, old=raw))
    return value_mark
