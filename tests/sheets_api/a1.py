"""A1 notation: parsing cell references and formatting ranges the way Sheets answers them."""

from __future__ import annotations

import re

Bounds = tuple[int | None, int | None, int | None, int | None]
"""(startRow, endRow, startCol, endCol), zero-based, half open, ``None`` = unbounded."""

_CELL = re.compile(r"^\$?([A-Za-z]{0,3})\$?(\d*)$")
_PLAIN_TITLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CELL_LIKE = re.compile(r"^[A-Za-z]{1,3}\d+$")
_R1C1_LIKE = re.compile(r"^[Rr]\d*[Cc]\d*$")


def col_letters(index: int) -> str:
    """Zero-based column index to letters (0 -> A, 26 -> AA)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_index(letters: str) -> int:
    """Column letters to a zero-based index (A -> 0)."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def quote_title(title: str) -> str:
    """Sheet title as Sheets prints it in a range (quoted when it needs to be)."""
    plain = (
        _PLAIN_TITLE.match(title)
        and not _CELL_LIKE.match(title)
        and not _R1C1_LIKE.match(title)
        and title.upper() not in ("TRUE", "FALSE")
    )
    if plain:
        return title
    return "'" + title.replace("'", "''") + "'"


def split_sheet(text: str) -> tuple[str | None, str | None, bool]:
    """Split ``'Sheet'!A1:B2`` into (sheet, cells, quoted); either part may be missing."""
    text = text.strip()
    if text.startswith("'"):
        i = 1
        name = []
        while i < len(text):
            ch = text[i]
            if ch == "'":
                if i + 1 < len(text) and text[i + 1] == "'":
                    name.append("'")
                    i += 2
                    continue
                rest = text[i + 1 :]
                if not rest:
                    return "".join(name), None, True
                if rest.startswith("!"):
                    return "".join(name), rest[1:], True
                raise ValueError(text)
            name.append(ch)
            i += 1
        raise ValueError(text)
    if "!" in text:
        sheet, _, cells = text.rpartition("!")
        return sheet, cells, False
    return None, text, False


def _parse_cell(ref: str) -> tuple[int | None, int | None]:
    m = _CELL.match(ref.strip())
    if not m or not (m.group(1) or m.group(2)):
        raise ValueError(ref)
    letters, digits = m.group(1), m.group(2)
    col = col_index(letters) if letters else None
    row = int(digits) - 1 if digits else None
    if row is not None and row < 0:
        raise ValueError(ref)
    return row, col


def parse_cells(cells: str) -> Bounds:
    """Parse the cell part of an A1 range (``A1``, ``A1:B2``, ``A:B``, ``2:3``, ``A2:C``)."""
    if ":" not in cells:
        row, col = _parse_cell(cells)
        if row is None or col is None:
            raise ValueError(cells)
        return row, row + 1, col, col + 1
    left, _, right = cells.partition(":")
    r0, c0 = _parse_cell(left)
    r1, c1 = _parse_cell(right)
    if (r0 is None) != (r1 is None) and r0 is None:
        r0 = 0
    if (c0 is None) != (c1 is None) and c0 is None:
        c0 = 0
    if r0 is not None and r1 is not None and r1 < r0:
        r0, r1 = r1, r0
    if c0 is not None and c1 is not None and c1 < c0:
        c0, c1 = c1, c0
    return (
        r0,
        None if r1 is None else r1 + 1,
        c0,
        None if c1 is None else c1 + 1,
    )


def is_cells(text: str) -> bool:
    """True when ``text`` is a valid cell-reference part."""
    try:
        parse_cells(text)
    except ValueError:
        return False
    return True


def shift_index(value: int, at: int, delta: int, is_end: bool) -> int:
    """Where a start (or exclusive end) index lands after inserting ``delta`` lines at ``at``
    (or deleting ``-delta`` lines starting at ``at``)."""
    if delta > 0:
        return value + delta if (value > at or (value == at and not is_end)) else value
    gone = -delta
    if value >= at + gone:
        return value - gone
    return min(value, at)


def format_cells(r0: int, r1: int, c0: int, c1: int) -> str:
    """``A1`` or ``A1:B2`` for resolved bounds."""
    start = f"{col_letters(c0)}{r0 + 1}"
    if r1 - r0 == 1 and c1 - c0 == 1:
        return start
    return f"{start}:{col_letters(c1 - 1)}{r1}"


def format_range(title: str, r0: int, r1: int, c0: int, c1: int) -> str:
    """``Title!A1:B2`` with the title quoted as needed."""
    return f"{quote_title(title)}!{format_cells(r0, r1, c0, c1)}"
