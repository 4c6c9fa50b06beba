"""What the cells of a column hold: numbers, 0-1 ratios, dates, names, long text, IDs,
words of confidence, and formulas the author wrote (a ratio of two other columns)."""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .. import values as V
from ..model import Grid

SAMPLE = 400
_REF = re.compile(r"(?<![A-Za-z_!'])\$?([A-Z]{1,3})\$?([0-9]+)(?![0-9(])")
_ID = re.compile(r"[A-Za-z]{0,4}[-_ #]?[0-9]+(?:\.[0-9]+)*\.?")
_WORDS = re.compile(r"[^\W\d_]{2,}\W+[^\W\d_]{2,}")
_SUM = re.compile(r"^\+?\s*(?:SUM|SUBTOTAL|AGGREGATE)\(", re.IGNORECASE)


@dataclass
class Profile:
    """Counts over the non-blank cells of one column (a sample of a long one)."""

    cells: int = 0
    numbers: int = 0
    integers: int = 0
    ratios: int = 0
    dates: int = 0
    texts: int = 0
    long_texts: int = 0
    ids: int = 0
    dotted: int = 0
    booleans: int = 0
    confidence: int = 0
    formulas: int = 0
    sums: int = 0
    distinct: int = 0
    median: float | None = None
    shape: tuple[str, tuple[tuple[int, int], ...]] | None = None
    referenced: set[int] = field(default_factory=set)

    def share(self, count: int) -> float:
        return count / self.cells if self.cells else 0.0

    @property
    def numeric(self) -> float:
        return self.share(self.numbers)

    @property
    def textual(self) -> float:
        return self.share(self.texts)

    @property
    def constant(self) -> bool:
        return self.cells >= 3 and self.distinct == 1

    @property
    def unique(self) -> float:
        return self.distinct / self.cells if self.cells else 0.0


def sample_rows(rows: Sequence[int]) -> list[int]:
    """At most SAMPLE rows spread over ``rows`` (all of them when fewer)."""
    if len(rows) <= SAMPLE:
        return list(rows)
    step = len(rows) / SAMPLE
    return [rows[int(i * step)] for i in range(SAMPLE)]


def profile(grid: Grid, col: int, rows: Sequence[int]) -> Profile:
    """The profile of column ``col`` over ``rows`` (worked out once per grid)."""
    key = ("profile", col, rows[0] if rows else 0, rows[-1] if rows else 0, len(rows))
    found = grid.memo.get(key)
    if found is None:
        found = grid.memo[key] = _profile(grid, col, rows)
    return found


def _profile(grid: Grid, col: int, rows: Sequence[int]) -> Profile:
    out = Profile()
    seen: set[Any] = set()
    magnitudes: list[float] = []
    formula_refs: list[str] = []
    once: set[str] = set()
    again: dict[str, tuple[tuple[tuple[str, int], ...], list[float]]] = {}
    for r in sample_rows(rows):
        value = grid.value(r, col)
        text = grid.formula_text.get((r, col)) if grid.formula_text else None
        if text is not None:
            out.formulas += 1
            if _SUM.match(text.strip().lstrip("=")):
                out.sums += 1
            elif len(formula_refs) < 12:
                formula_refs.append(text)
        if V.is_blank(value):
            continue
        out.cells += 1
        if len(seen) <= SAMPLE:
            seen.add(value if not isinstance(value, float) else round(value, 9))
        if type(value) is not str or value not in once:
            if type(value) is str:
                once.add(value)
            _count(out, value, magnitudes)
            continue
        # A text met again (a status, an owner, an emoji) counts as it did the first time.
        known = again.get(value)
        if known is None:
            known = again[value] = _text_counts(value)
        for name, n in known[0]:
            setattr(out, name, getattr(out, name) + n)
        magnitudes.extend(known[1])
    out.distinct = len(seen)
    if magnitudes:
        out.median = statistics.median(magnitudes)
    _formula_shape(out, formula_refs, rows)
    return out


_COUNTED = ("numbers", "integers", "ratios", "dates", "texts", "long_texts", "ids", "dotted",
            "booleans", "confidence")


def _text_counts(text: str) -> tuple[tuple[tuple[str, int], ...], list[float]]:
    """What one text cell adds to a profile: the counts it raises, and its magnitude
    when it reads as a number."""
    one, magnitudes = Profile(), []
    _count(one, text, magnitudes)
    return tuple((name, n) for name in _COUNTED if (n := getattr(one, name))), magnitudes


def _count(out: Profile, value: Any, magnitudes: list[float]) -> None:
    if isinstance(value, bool):
        out.booleans += 1
        return
    if isinstance(value, date):
        out.dates += 1
        return
    if isinstance(value, (int, float)):
        number = float(value)
        _number(out, number, magnitudes)
        if number.is_integer() and 0 < value < 10_000:  # its digits read as an ID
            out.ids += 1
        return
    text = str(value).strip()
    if V.parse_confidence(text) is not None:
        out.confidence += 1
    if V.bool_word(text):
        out.booleans += 1
        return
    try:
        number = None if _WORDS.search(text) else V.parse_number(text)
    except V.CellValueError:
        number = None
    if number is not None and not _is_id_text(text):
        _number(out, number, magnitudes)
        return
    try:
        if V.parse_date(text) is not None and any(ch.isdigit() for ch in text):
            out.dates += 1
            return
    except V.CellValueError:
        pass
    out.texts += 1
    if _ID.fullmatch(text):
        out.ids += 1
        out.dotted += "." in text.rstrip(".")
    if len(text) >= 40 or len(text.split()) >= 6:
        out.long_texts += 1


def _is_id_text(text: str) -> bool:
    return "." in text.rstrip(".") and text.count(".") >= 1 and bool(
        re.fullmatch(r"[0-9]+(?:\.[0-9]+){2,}|[0-9]+\.[0-9]+\.", text))


def _number(out: Profile, number: float, magnitudes: list[float]) -> None:
    out.numbers += 1
    if number.is_integer():
        out.integers += 1
    if 0 <= number <= 1.5:
        out.ratios += 1
    magnitudes.append(abs(number))


def _formula_shape(out: Profile, formulas: list[str], rows: Sequence[int]) -> None:
    """The columns an author's formula divides or subtracts, when most formulas agree:
    ``F7/D7`` divides F by D; ``(I6-J6)/J6`` is I relative to J; ``E3-F3`` a difference.
    A formula that picks one of several ratios (``IF(E$4="x",F7/D7,I7/G7)``) divides by
    each pair."""
    shapes: dict[tuple[str, tuple[tuple[int, int], ...]], int] = {}
    for text in formulas:
        out.referenced.update(_col(m.group(1)) for m in _REF.finditer(text))
        shape = formula_shape(text)
        if shape is not None:
            shapes[shape] = shapes.get(shape, 0) + 1
    if not shapes:
        return
    shape, count = max(shapes.items(), key=lambda item: item[1])
    if count * 2 >= len(formulas):
        out.shape = shape


_CELL = r"\$?[A-Z]{1,3}\$?[0-9]+"
_RELATIVE = re.compile(rf"\(({_CELL})-({_CELL})\)/({_CELL})")
_DIVIDE = re.compile(rf"({_CELL})/({_CELL})")
_DIFFERENCE = re.compile(rf"\(?({_CELL})-({_CELL})\)?")


def formula_shape(text: str) -> tuple[str, tuple[tuple[int, int], ...]] | None:
    """The columns a formula divides, relates or subtracts.

    >>> formula_shape("=(I6-J6)/J6"), formula_shape("+IFERROR(L11/K11,0)")
    (('relative', ((9, 10),)), ('divides', ((12, 11),)))
    >>> formula_shape("+C2-D2"), formula_shape("D3*(1+0.2)")
    (('differs', ((3, 4),)), None)
    """
    body = re.sub(r"\s+", "", text.lstrip("=+"))
    found = _RELATIVE.search(body)
    if found and _ref_col(found.group(2)) == _ref_col(found.group(3)):
        return "relative", ((_ref_col(found.group(1)), _ref_col(found.group(2))),)
    pairs = tuple(dict.fromkeys((_ref_col(a), _ref_col(b)) for a, b in _DIVIDE.findall(body)))
    if pairs and all(a != b for a, b in pairs):
        return "divides", pairs
    core = re.sub(r"^(?:IFERROR|SUM)\((.*?)(?:,[^,()]*)?\)$", r"\1", body, flags=re.I)
    found = _DIFFERENCE.fullmatch(core)
    if found:
        return "differs", ((_ref_col(found.group(1)), _ref_col(found.group(2))),)
    return None


def _ref_col(ref: str) -> int:
    return _col(re.sub(r"[^A-Z]", "", ref))


def _col(letters: str) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col
