"""A small formula evaluator: arithmetic, comparisons, cell/range references, a few functions.

Anything it cannot parse or does not know evaluates to a Sheets error value; the formula
text itself is always kept as the cell's userEnteredValue.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from .a1 import col_index, col_letters, parse_cells, quote_title, shift_index, split_sheet


class FormulaError(Exception):
    """An error value such as ``#DIV/0!``."""

    TYPES = {
        "#DIV/0!": "DIVIDE_BY_ZERO",
        "#VALUE!": "VALUE",
        "#REF!": "REF",
        "#NAME?": "NAME",
        "#N/A": "N_A",
        "#NUM!": "NUM",
        "#ERROR!": "ERROR",
    }

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def type(self) -> str:
        return self.TYPES.get(self.code, "ERROR")


Value = Any
RangeReader = Callable[[str | None, str], list[list[Value]]]

_TOKEN = re.compile(
    r"""\s*(?:
    (?P<num>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
    |(?P<str>"(?:[^"]|"")*")
    |(?P<ref>(?:'(?:[^']|'')+'!|[A-Za-z_][\w .]*!)?
        \$?[A-Za-z]{1,3}\$?\d*(?::\$?[A-Za-z]{0,3}\$?\d*)?(?![\w(]))
    |(?P<name>[A-Za-z_][A-Za-z0-9_.]*)
    |(?P<err>\#REF!)
    |(?P<op><>|<=|>=|[-+*/^&=<>(),%:])
    )""",
    re.VERBOSE,
)


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise FormulaError("#ERROR!", "Formula parse error.")
        kind = m.lastgroup or "op"
        value = m.group(kind)
        tokens.append((kind, value))
        pos = m.end()
    return tokens


def _num(v: Value) -> float:
    if isinstance(v, FormulaError):
        raise v
    if v is None or v == "":
        return 0.0
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return float(str(v).replace(",", ""))
    except ValueError:
        message = f"Function expects number values. But '{v}' is a text."
        raise FormulaError("#VALUE!", message) from None


def _text(v: Value) -> str:
    if isinstance(v, FormulaError):
        raise v
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _flatten(args: list[Value]) -> list[Value]:
    out: list[Value] = []
    for a in args:
        if isinstance(a, list):
            for row in a:
                out.extend(row)
        else:
            out.append(a)
    return out


def _numbers(args: list[Value]) -> list[float]:
    vals = []
    for v in _flatten(args):
        if isinstance(v, FormulaError):
            raise v
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            vals.append(float(v))
    return vals


def _average(args: list[Value]) -> float:
    nums = _numbers(args)
    if not nums:
        raise FormulaError("#DIV/0!", "Evaluation of function AVERAGE caused a divide by zero.")
    return sum(nums) / len(nums)


FUNCTIONS: dict[str, Callable[[list[Value]], Value]] = {
    "SUM": lambda a: sum(_numbers(a)),
    "AVERAGE": _average,
    "MIN": lambda a: min(_numbers(a), default=0.0),
    "MAX": lambda a: max(_numbers(a), default=0.0),
    "COUNT": lambda a: float(len(_numbers(a))),
    "COUNTA": lambda a: float(sum(1 for v in _flatten(a) if v not in (None, ""))),
    "ABS": lambda a: abs(_num(a[0])),
    "ROUND": lambda a: round(_num(a[0]), int(_num(a[1])) if len(a) > 1 else 0),
    "IF": lambda a: (a[1] if len(a) > 1 else True) if _num(a[0])
    else (a[2] if len(a) > 2 else False),
    "AND": lambda a: all(_num(v) for v in _flatten(a)),
    "OR": lambda a: any(_num(v) for v in _flatten(a)),
    "NOT": lambda a: not _num(a[0]),
    "CONCATENATE": lambda a: "".join(_text(v) for v in _flatten(a)),
    "LEN": lambda a: float(len(_text(a[0]))),
    "UPPER": lambda a: _text(a[0]).upper(),
    "LOWER": lambda a: _text(a[0]).lower(),
    "TRUE": lambda a: True,
    "FALSE": lambda a: False,
}


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], read: RangeReader) -> None:
        self.tokens = tokens
        self.pos = 0
        self.read = read

    def peek(self) -> str | None:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        if self.pos >= len(self.tokens):
            raise FormulaError("#ERROR!", "Formula parse error.")
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def expect(self, op: str) -> None:
        if self.take()[1] != op:
            raise FormulaError("#ERROR!", "Formula parse error.")

    def binary(self, level: int) -> Value:
        levels: list[tuple[str, ...]] = [("=", "<>", "<", ">", "<=", ">="), ("&",), ("+", "-"),
                                         ("*", "/"), ("^",)]
        if level == len(levels):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in levels[level]:
            op = self.take()[1]
            left = _apply(op, left, self.binary(level + 1))
        return left

    def unary(self) -> Value:
        if self.peek() in ("-", "+"):
            op = self.take()[1]
            value = _num(self.unary())
            return -value if op == "-" else value
        value = self.primary()
        while self.peek() == "%":
            self.take()
            value = _num(value) / 100
        return value

    def primary(self) -> Value:
        kind, text = self.take()
        if kind == "num":
            return float(text)
        if kind == "str":
            return text[1:-1].replace('""', '"')
        if kind == "ref":
            sheet, cells, _ = split_sheet(text)
            parse_cells(cells or "")
            rows = self.read(sheet, cells or "")
            if ":" not in (cells or ""):
                return rows[0][0] if rows and rows[0] else None
            return rows
        if kind == "err":
            raise FormulaError("#REF!", "Reference does not exist.")
        if kind == "name":
            name = text.upper()
            args: list[Value] = []
            if self.peek() == "(":
                self.take()
                while self.peek() != ")":
                    args.append(self.binary(0))
                    if self.peek() == ",":
                        self.take()
                self.expect(")")
            if name not in FUNCTIONS:
                raise FormulaError("#NAME?", f"Unknown function: '{text}'.")
            return FUNCTIONS[name](args)
        if text == "(":
            value = self.binary(0)
            self.expect(")")
            return value
        raise FormulaError("#ERROR!", "Formula parse error.")


def _apply(op: str, a: Value, b: Value) -> Value:
    for v in (a, b):
        if isinstance(v, FormulaError):
            raise v
    if op == "&":
        return _text(a) + _text(b)
    if op in ("=", "<>", "<", ">", "<=", ">="):
        x, y = (a.lower(), b.lower()) if isinstance(a, str) and isinstance(b, str) else (a, b)
        if not (isinstance(x, str) and isinstance(y, str)):
            x, y = _num(x), _num(y)
        return {"=": x == y, "<>": x != y, "<": x < y, ">": x > y, "<=": x <= y, ">=": x >= y}[op]
    x, y = _num(a), _num(b)
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    if op == "/":
        if y == 0:
            raise FormulaError("#DIV/0!", "Function DIVIDE parameter 2 cannot be zero.")
        return x / y
    try:
        return math.pow(x, y)
    except (OverflowError, ValueError):
        raise FormulaError("#NUM!", "Invalid exponentiation.") from None


def evaluate(formula: str, read: RangeReader) -> Value:
    """Evaluate ``=...``; returns a float, str, bool, ``None`` or a :class:`FormulaError`."""
    try:
        parser = _Parser(_tokenize(formula.lstrip()[1:]), read)
        value = parser.binary(0)
        if parser.pos != len(parser.tokens):
            raise FormulaError("#ERROR!", "Formula parse error.")
        if isinstance(value, list):
            value = value[0][0] if value and value[0] else None
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            raise FormulaError("#NUM!", "Invalid number.")
        return value
    except FormulaError as err:
        return err
    except (ValueError, IndexError, RecursionError):
        return FormulaError("#ERROR!", "Formula parse error.")


_ENDPOINT = re.compile(r"^(\$?)([A-Za-z]{0,3})(\$?)(\d*)$")


def rewrite_refs(formula: str, rewrite: Callable[[str | None, str], str | None]) -> str:
    """Rebuild ``formula`` passing each cell reference through ``rewrite(sheet, cells)``,
    which returns replacement text for the whole reference or None to keep it."""
    lead = len(formula) - len(formula.lstrip())
    text = formula[lead:]
    if not text.startswith("="):
        return formula
    out, pos = ["="], 1
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            return formula
        if m.lastgroup == "ref":
            sheet, cells, _ = split_sheet(m.group("ref"))
            new = rewrite(sheet, cells or "")
            out.append(text[pos:m.start("ref")] + (m.group("ref") if new is None else new))
        else:
            out.append(text[pos:m.end()])
        pos = m.end()
    return formula[:lead] + "".join(out) + text[pos:]


def _shift_cells(cells: str, dim: str, at: int, delta: int) -> str | None:
    ends = [_ENDPOINT.match(part) for part in cells.split(":")]
    if not all(ends) or len(ends) > 2:
        return cells
    use_rows = dim == "ROWS"
    indexes = []
    for m in ends:
        assert m is not None
        if use_rows:
            indexes.append(int(m.group(4)) - 1 if m.group(4) else None)
        else:
            indexes.append(col_index(m.group(2)) if m.group(2) else None)
    if any(i is None for i in indexes):
        return cells
    first = int(indexes[0])  # type: ignore[arg-type]
    last = int(indexes[-1])  # type: ignore[arg-type]
    start = shift_index(first, at, delta, False)
    end = shift_index(last + 1, at, delta, True)
    if end <= start or (delta < 0 and len(ends) == 1 and at <= first < at - delta):
        return None
    moved = [start] if len(ends) == 1 else [start, end - 1]
    parts = []
    for m, index in zip(ends, moved, strict=True):
        assert m is not None
        if use_rows:
            parts.append(f"{m.group(1)}{m.group(2)}{m.group(3)}{index + 1}")
        else:
            parts.append(f"{m.group(1)}{col_letters(index)}{m.group(3)}{m.group(4)}")
    return ":".join(parts)


def shift_references(formula: str, own_title: str, target_title: str, dim: str, at: int,
                     delta: int) -> str:
    """Adjust references into ``target_title`` after inserting/deleting rows or columns."""

    def rewrite(sheet: str | None, cells: str) -> str | None:
        name = own_title if sheet is None else sheet
        if not cells or name.lower() != target_title.lower():
            return None
        shifted = _shift_cells(cells, dim, at, delta)
        if shifted is None:
            return "#REF!"
        return shifted if sheet is None else f"{quote_title(sheet)}!{shifted}"

    return rewrite_refs(formula, rewrite)


def rename_sheet_refs(formula: str, old_title: str, new_title: str) -> str:
    """Follow a sheet rename in references that name the sheet explicitly."""

    def rewrite(sheet: str | None, cells: str) -> str | None:
        if sheet is None or sheet.lower() != old_title.lower():
            return None
        return f"{quote_title(new_title)}!{cells}"

    return rewrite_refs(formula, rewrite)
