"""Funnels of any number of stages: one stage per row (``page_view`` → ``view_item`` → …
→ ``purchase``) with a count per segment in columns (``Customers of US``, ``Customers of
India``), or one stage per column (``Visits | Sign-ups | Trials | Paid``) with a row per
segment. Each stage gets its step conversion (this stage / the one before) and overall
conversion (this stage / the first), per segment and, with several segments, in total.
The author's own conversion columns are read beside ours; nothing is written into the
tab."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .. import values as V
from ..calc.funnel import compute_stages
from ..config import Settings
from ..model import Grid, Model, Table, spans
from ..schema import FUNNEL_STAGES
from . import lexicon
from .author import agree
from .bands import band_period
from .build import make_table
from .detect import HeaderRow, _data_rows, title_block
from .shape import Layout

KIND = "funnel_stages"
ROLES = ("stage", "stage_order", "segment", "count", "step_conversion", "overall_conversion")
AUTHOR = ("step_conversion", "overall_conversion")
TOTAL = "total"
MAX_STAGES = 30
FALLING = 0.75
"""A count column falls from stage to stage in at least this share of its steps."""
HELPER_WORDS = frozenset({"helper", "aux"})
FUNNEL_WORDS = frozenset({"funnel", "funnels", "conversion", "conversions", "embudo", "funil",
                          "trichter", "entonnoir", "imbuto", "trechter", "huni", "lejek",
                          "воронка", "phễu", "漏斗", "ファネル", "corong", "tratt"})
STAGE_ROLES = frozenset({"stage", "stage_order", "visits", "conversions"})


def find(grid: Grid, header: HeaderRow, as_of: date) -> Layout | None:
    """A funnel with its header at ``header.row``: stages down the rows, or across the
    columns; None when the counts do not fall from stage to stage."""
    first, last = min(header.texts), max(header.texts)
    rows = _data_rows(grid, header.row, first, last, set(), limit=MAX_STAGES * 4)
    if not 1 <= len(rows) <= MAX_STAGES * 4:
        return None
    layout = Layout(grid.title, KIND, [header.row], first, last, rows=rows,
                    headers=dict(header.texts), defaults=title_block(grid, header.row - 1))
    found = _down(grid, layout) or _across(grid, layout)
    if found is None:
        return None
    found.score = 1.0 + sum(SCORE.get(r, 0.0) for r in found.roles.values())
    return found


SCORE = {"stage": 1.0, "stage_order": 0.5, "segment": 0.5, "count": 0.8,
         "step_conversion": 0.2, "overall_conversion": 0.2}


def is_helper(text: str) -> bool:
    """A column the sheet keeps for its own bookkeeping (``Helper_column1``, ``aux``)."""
    words = lexicon.tokens(text)
    return lexicon.in_list(text, "helpers") or bool(words) and (
        words[0] in HELPER_WORDS or words[0].rstrip("0123456789") in HELPER_WORDS)


def _numbers(grid: Grid, col: int, rows: list[int]) -> list[float | None] | None:
    """The numbers of a column (None for blanks), or None when a cell is not a number."""
    out: list[float | None] = []
    for r in rows:
        raw = grid.value(r, col)
        if V.is_blank(raw):
            out.append(None)
            continue
        if isinstance(raw, bool):
            return None
        try:
            out.append(V.parse_number(raw))
        except V.CellValueError:
            return None
    return out if any(v is not None for v in out) else None


def falls(values: list[float | None]) -> bool:
    """Whether counts fall from the first stage to the last: the first is the largest,
    the last is smaller, and most steps do not rise.

    >>> falls([100, 40, 30, 5]), falls([5, 40, 30]), falls([0.9, 0.5, 0.1])
    (True, False, True)
    """
    known = [v for v in values if v is not None]
    if len(known) < 2 or known[0] != max(known) or known[-1] >= known[0] or min(known) < 0:
        return False
    steps = list(zip(known, known[1:], strict=False))
    return sum(1 for a, b in steps if b <= a) >= FALLING * len(steps)


def _ratios(values: list[float | None]) -> bool:
    known = [v for v in values if v is not None]
    return len(known) >= 2 and all(0 <= v <= 1.0001 for v in known)


def _counts(values: list[float | None]) -> bool:
    known = [v for v in values if v is not None]
    return len(known) == len(values) and max(known) > 1 and falls(values)


def _named(text: str, floor: float = 0.7) -> set[str]:
    return {m.role for m in lexicon.header_roles(text) if m.score >= floor}


def _about_funnels(grid: Grid, layout: Layout) -> bool:
    """Whether the tab's name or caption says it holds a funnel."""
    text = f"{grid.title} {layout.defaults.get('caption', '')}"
    words = set(lexicon.tokens(text))
    return any(w in words or not w.isascii() and w in lexicon.fold(text)
               for w in map(lexicon.fold, FUNNEL_WORDS))


def _down(grid: Grid, layout: Layout) -> Layout | None:
    """Stages down the rows: a column of stage names, perhaps their order, and count
    columns (one per segment) that fall from stage to stage."""
    rows = layout.rows
    if len(rows) < 3 or len(rows) > MAX_STAGES:
        return None
    headers = layout.headers
    helpers = {c for c, t in headers.items() if is_helper(t)}
    order_col = next((c for c, t in sorted(headers.items()) if c not in helpers
                      and "stage_order" in _named(t) and _sequence(grid, c, rows)), None)
    stage_col = _stage_column(grid, layout, helpers | {order_col})
    if stage_col is None:
        return None
    named = "stage" in _named(headers[stage_col]) or order_col is not None
    if not named and not _about_funnels(grid, layout):
        return None
    ordered = rows if order_col is None else sorted(
        rows, key=lambda r: V.parse_number(grid.value(r, order_col)) or 0.0)
    counts, ratios = [], []
    for col in sorted(headers):
        if col in helpers or col in (stage_col, order_col):
            continue
        values = _numbers(grid, col, ordered)
        if values is None:
            continue
        if _counts(values):
            counts.append(col)
        elif _ratios(values):
            ratios.append(col)
    if not counts:
        return None
    layout.rows = ordered
    layout.roles = {stage_col: "stage", **{c: "count" for c in counts}}
    if order_col is not None:
        layout.roles[order_col] = "stage_order"
    _settle_authors(grid, layout, ratios)
    _explain_ignored(layout, helpers)
    return layout


def _sequence(grid: Grid, col: int, rows: list[int]) -> bool:
    values = _numbers(grid, col, rows)
    return values is not None and None not in values and len(set(values)) == len(values)


def _stage_column(grid: Grid, layout: Layout, skip: set[int | None]) -> int | None:
    """The column naming the stages: distinct texts, its header naming a stage first."""
    found = []
    for col, text in sorted(layout.headers.items()):
        if col in skip:
            continue
        named = _named(text)
        if "stage" not in named and named & {"segment", "period", "date"}:
            continue
        cells = [grid.value(r, col) for r in layout.rows]
        names = [V.parse_text(v) for v in cells if isinstance(v, str) and not V.is_blank(v)]
        if len(names) == len(cells) and len(set(names)) == len(names):
            found.append((0 if "stage" in named else 1, col))
    return min(found)[1] if found else None


def _across(grid: Grid, layout: Layout) -> Layout | None:
    """Stages across the columns: a row per segment (channel, month, cohort...), count
    columns falling from left to right in (nearly) every row."""
    headers = layout.headers
    helpers = {c for c, t in headers.items() if is_helper(t)}
    numeric: dict[int, list[float | None]] = {}
    for col, text in sorted(headers.items()):
        if col in helpers or band_period(text) is not None:
            continue
        values = _numbers(grid, col, layout.rows)
        if values is not None:
            numeric[col] = values
    counts = [c for c, v in numeric.items() if None not in v and max(v) > 1]
    if len(counts) < 3:
        return None
    rows_falling = sum(1 for i in range(len(layout.rows))
                       if falls([numeric[c][i] for c in counts]))
    if rows_falling < FALLING * len(layout.rows):
        return None
    named = sum(1 for c in counts if _named(headers[c], 0.55) & STAGE_ROLES)
    if named < 2 and not _about_funnels(grid, layout):
        return None
    segment = next((c for c, t in sorted(headers.items()) if c not in numeric and c not in
                    helpers and c < counts[0] and _texts(grid, c, layout.rows)), None)
    layout.roles = {c: "count" for c in counts}
    if segment is not None:
        layout.roles[segment] = "segment"
    _settle_authors(grid, layout, [c for c, v in numeric.items()
                                   if c not in counts and _ratios(v) and c > counts[0]])
    _explain_ignored(layout, helpers)
    return layout


def _texts(grid: Grid, col: int, rows: list[int]) -> bool:
    cells = [grid.value(r, col) for r in rows]
    return sum(1 for v in cells if not V.is_blank(v)) >= 0.8 * len(cells)


def _explain_ignored(layout: Layout, helpers: set[int]) -> None:
    for col in layout.headers:
        if col in layout.roles:
            continue
        layout.ignored[col] = "a helper column" if col in helpers else "not a count of a stage"


def _number(value: Any) -> float | None:
    try:
        return V.parse_number(value)
    except V.CellValueError:
        return None


def _settle_authors(grid: Grid, layout: Layout, columns: list[int]) -> None:
    """Give each of the author's percentage columns the conversion its values agree with
    most (overall on a tie); one that belongs to no segment or stage here is left out."""
    for col in columns:
        layout.roles[col] = "overall_conversion"
    steps = stage_rows(grid, layout)
    mine = ours(grid, steps)
    for col in columns:
        at = [(i, s.row) for i, s in enumerate(steps) if col in s.authors.values()]
        if not at:
            del layout.roles[col]
            layout.ignored[col] = "a percentage of no segment here"
            continue
        hits = {key: sum(1 for i, r in at if _number(grid.value(r, col)) is not None
                         and agree(_number(grid.value(r, col)), mine.at[i, key]))
                for key in AUTHOR}
        if hits["step_conversion"] > hits["overall_conversion"]:
            layout.roles[col] = "step_conversion"


class Step(NamedTuple):
    """A stage of one segment: where its count is (the stage's cell, for the total of the
    segments) and the author's conversion columns beside it, by key."""

    segment: str | None
    stage: str
    order: float
    row: int
    col: int
    authors: dict[str, int]
    count: float | None
    raw: Any = None
    """The count as typed (the total's is the sum)."""


def segment_names(texts: list[str]) -> list[str]:
    """Segment names from the headers of count columns: the words they do not share.

    >>> segment_names(["Customers of US", "Customers of India"])
    ['US', 'India']
    >>> segment_names(["Overall Customer % Change", "US Customer % Change"])
    ['Overall', 'US']
    """
    words = [t.split() for t in texts]
    common = set.intersection(*[{w.casefold() for w in ws} for ws in words]) if words else set()
    out = []
    for ws, text in zip(words, texts, strict=True):
        kept = [w for w in ws if w.casefold() not in common]
        out.append(" ".join(kept) or text)
    return out


def stage_rows(grid: Grid, layout: Layout) -> list[Step]:
    """Every stage of every segment the layout reads, in stage order, and with several
    segments the stages of their total (the counts summed)."""
    roles = layout.roles
    stage_col = next((c for c, r in roles.items() if r == "stage"), None)
    counts = sorted(c for c, r in roles.items() if r == "count")
    authors = sorted(c for c, r in roles.items() if r in AUTHOR)
    if not counts:
        return []
    steps = _down_steps(grid, layout, stage_col, counts, authors) if stage_col is not None \
        else _across_steps(grid, layout, counts, authors)
    segments = list(dict.fromkeys(s.segment for s in steps))
    if len(segments) < 2:
        return steps
    owner = _owners(layout, authors, segments) if stage_col is not None else {}
    mine = {layout.roles[c]: c for c, name in owner.items() if name == TOTAL}
    base = list(steps)
    first = [s for s in base if s.segment == segments[0]]
    for i, step in enumerate(first):
        parts = [s.count for s in base[i::len(first)]]
        total = float(np.sum(parts)) if None not in parts else None
        row, col = (step.row, stage_col) if stage_col is not None else \
            (layout.header_row, step.col)
        steps.append(Step(TOTAL, step.stage, step.order, row, col or 0, mine, total, total))
    return steps


def _owners(layout: Layout, authors: list[int], segments: list[str | None]
            ) -> dict[int, str | None]:
    """The segment (or the total) each of the author's columns belongs to, by the words
    its header does not share with the others."""
    names = segment_names([layout.headers.get(c, "") for c in authors])
    owner: dict[int, str | None] = {}
    for col, name in zip(authors, names, strict=True):
        match = next((s for s in segments if s and s.casefold() == name.casefold()), None)
        if match is not None:
            owner[col] = match
        elif len(segments) == 1 and len(authors) == 1:
            owner[col] = segments[0]
        elif len(segments) > 1 and _is_total(name):
            owner[col] = TOTAL
    return owner


def _down_steps(grid: Grid, layout: Layout, stage_col: int, counts: list[int],
                authors: list[int]) -> list[Step]:
    order_col = next((c for c, r in layout.roles.items() if r == "stage_order"), None)
    names: list[str | None] = list(segment_names([layout.headers.get(c, "") for c in counts])) \
        if len(counts) > 1 else [None]
    owner = _owners(layout, authors, names)
    out: list[Step] = []
    for count_col, segment in zip(counts, names, strict=True):
        mine = {layout.roles[c]: c for c, name in owner.items() if name == segment}
        for i, r in enumerate(layout.rows):
            order = _number(grid.value(r, order_col)) if order_col else None
            stage = V.parse_text(grid.value(r, stage_col)) or f"stage {i + 1}"
            raw = grid.value(r, count_col)
            out.append(Step(segment, stage, order if order is not None else float(i + 1), r,
                            count_col, mine, _number(raw), raw))
    return out


def _is_total(name: str) -> bool:
    return lexicon.in_list(name, "subtotals") or lexicon.tokens(name) == ("all",)


def _across_steps(grid: Grid, layout: Layout, counts: list[int],
                  authors: list[int]) -> list[Step]:
    segment_col = next((c for c, r in layout.roles.items() if r == "segment"), None)
    after = {c: max((k for k in counts if k < c), default=None) for c in authors}
    out: list[Step] = []
    for r in layout.rows:
        segment = V.parse_text(grid.value(r, segment_col)) if segment_col else None
        if segment is not None and _is_total(segment):
            continue
        segment = segment or (f"row {r}" if len(layout.rows) > 1 else None)
        for n, col in enumerate(counts, start=1):
            mine = {layout.roles[a]: a for a, c in after.items() if c == col}
            stage = " ".join(str(layout.headers.get(col, f"stage {n}")).split())
            raw = grid.value(r, col)
            out.append(Step(segment, stage, float(n), r, col, mine, _number(raw), raw))
    return out


def build(grid: Grid, layout: Layout, settings: Settings, model: Model,
          as_of: date) -> list[Table]:
    """The funnel_stages table: a row per stage and segment, read-only."""
    steps = stage_rows(grid, layout)
    given: dict[str, list[Any]] = {
        "id": [f"{s.stage} ({s.segment})" if s.segment else s.stage for s in steps],
        "stage": [s.stage for s in steps], "stage_order": [s.order for s in steps],
        "segment": [s.segment for s in steps], "count": [s.raw for s in steps]}
    table = make_table(grid, FUNNEL_STAGES, header_row=layout.header_row,
                       rows=list(range(len(steps))), columns={}, computed={},
                       last_col=layout.last_col, settings=settings, model=model, given=given,
                       decimal_comma=layout.decimal_comma)
    table.read_only = True
    for i, step in enumerate(steps):
        for key in ("", "id", "stage", "count", "segment", "stage_order"):
            table.cells[(i, key)] = (step.row, step.col)
        for key, col in step.authors.items():
            table.cells[(i, key)] = (step.row, col)
    for key in AUTHOR:
        values = [_number(grid.value(s.row, s.authors[key])) if key in s.authors else None
                  for s in steps]
        if any(v is not None for v in values):
            table.frame[f"author_{key}"] = pd.Series(values, index=table.frame.index,
                                                      dtype="object")
    return [table]


def ours(grid: Grid, steps: list[Step]) -> pd.DataFrame:
    """Our conversions of ``steps`` (to tell which conversion an author's column holds),
    on a position index."""
    frame = pd.DataFrame({"stage": [s.stage for s in steps],
                          "stage_order": [s.order for s in steps],
                          "segment": [s.segment for s in steps],
                          "count": [np.nan if s.count is None else s.count for s in steps]})
    return compute_stages(frame)


def refresh(grid: Grid, layout: Layout) -> None:
    """After a mapping: stages in their order when a column gives it."""
    order_col = next((c for c, r in layout.roles.items() if r == "stage_order"), None)
    if order_col is not None and any(r == "stage" for r in layout.roles.values()):
        layout.rows = sorted(layout.rows, key=lambda r: _number(grid.value(r, order_col))
                             or 0.0)


def role_note(role: str) -> str:
    """What ``map`` adds after a column's role."""
    if role in AUTHOR:
        return " — the sheet's own result, compared with ours and never written"
    return ""


def describe(tables: list[Table], layout: Layout) -> list[str]:
    """What ``map`` says was read."""
    table = next((t for t in tables if t.key == KIND), None)
    if table is None:
        return ["  not read"]
    frame = table.frame
    stages = list(dict.fromkeys(str(s) for s in frame["stage"]))
    segments = [str(s) for s in dict.fromkeys(frame["segment"]) if isinstance(s, str)]
    where = (f"rows {spans(layout.rows)}" if any(r == "stage" for r in layout.roles.values())
             else "one per column")
    lines = [f"  stages ({where}): {' → '.join(stages)}"]
    if segments:
        lines.append(f"  segments: {', '.join(segments)}")
    lines.append("  step conversion (this stage / the one before) and overall conversion "
                 "(this stage / the first) per segment; nothing is written into this tab")
    return lines
