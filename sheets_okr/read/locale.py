"""Decimal comma and day-first dates, guessed from the text cells of a table: each cell's
vote worked out once per column of a grid, whichever table the column is read in."""

from __future__ import annotations

from collections.abc import Sequence

from .. import values as V
from ..model import Grid
from ..values.cells import VOTES
from ..values.dates import SLASHED_DATE
from ..values.numbers import COMMA_DECIMAL, DOT_DECIMAL, NUMBER_TOKEN

Vote = tuple[int, int]


def guess(grid: Grid, rows: Sequence[int], cols: Sequence[int]
          ) -> tuple[bool | None, bool | None]:
    """``V.guess_decimal_comma`` and ``V.guess_day_first`` of the cells of ``cols`` over
    ``rows``, taken row by row in that order."""
    where = dict(zip(rows, range(len(rows)), strict=True))
    if len(where) != len(rows):
        cells = [grid.value(r, c) for r in rows for c in cols]
        return V.guess_decimal_comma(cells), V.guess_day_first(cells)
    # Rows in sheet order (none twice: sorted is increasing): a column's votes come in
    # that order too, and no more than VOTES of any column can be among the first VOTES
    # counted.
    enough = VOTES if list(rows) == sorted(rows) else None
    decimal: list[tuple[int, int, Vote]] = []
    day: list[tuple[int, int, Vote]] = []
    for n, col in enumerate(cols):
        comma, slashed = _column_votes(grid, col)
        decimal += _first(comma, where, n, enough)
        day += _first(slashed, where, n, enough)
    return _count(decimal), _count(day)


def _first(votes: dict[int, Vote], where: dict[int, int], n: int, enough: int | None
           ) -> list[tuple[int, int, Vote]]:
    """The votes of column ``n`` on the rows of ``where``: all, or the first ``enough``."""
    out = []
    for r, v in votes.items():
        if r in where:
            out.append((where[r], n, v))
            if enough is not None and len(out) >= enough:
                break
    return out


def _count(votes: list[tuple[int, int, Vote]]) -> bool | None:
    """The first ``VOTES`` votes in cell order, for or against; None on a tie."""
    yes = no = 0
    for _, _, (a, b) in sorted(votes):
        if yes + no >= VOTES:
            break
        yes += a
        no += b
    return None if yes == no else yes > no


def _column_votes(grid: Grid, col: int) -> tuple[dict[int, Vote], dict[int, Vote]]:
    """Per row of column ``col``: its text's decimal vote (comma, dot) and day-first vote
    (day over 12 first, over 12 second)."""
    key = ("locale_votes", col)
    found = grid.memo.get(key)
    if found is not None:
        return found
    comma: dict[int, Vote] = {}
    day: dict[int, Vote] = {}
    at = col - 1
    # Each vote needs a separator: most text has none and is passed over quickly.
    texts = [(r, value) for r, line in enumerate(grid.rows, start=1)
             if len(line) > at and isinstance(value := line[at], str)
             and ("." in value or "," in value or "/" in value or "-" in value)
             ] if at >= 0 else []
    for r, value in texts:
        dotted = "." in value
        token = NUMBER_TOKEN.search(value) if dotted or "," in value else None
        if token is not None:
            text = token.group()
            if COMMA_DECIMAL.fullmatch(text):
                comma[r] = (1, 0)
            elif DOT_DECIMAL.fullmatch(text):
                comma[r] = (0, 1)
        m = SLASHED_DATE.match(value) if dotted or "/" in value or "-" in value \
            else None
        if m and (int(m[1]) > 12 or int(m[2]) > 12):
            day[r] = (int(int(m[1]) > 12), int(int(m[2]) > 12))
    found = grid.memo[key] = (comma, day)
    return found
