"""Rules about how a workbook was read: the author's own results set against ours."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from ...model import Table
from ...read import lexicon
from ...read.author import agree
from ..registry import Context, Hit, rule, show

NAMES = {"progress": "progress", "score": "score", "gap": "gap", "roi": "ROI", "net": "net",
         "conversion_rate": "conversion rate", "expected": "expected progress",
         "cumulative_roi": "cumulative ROI", "latest": "latest value",
         "step_conversion": "step conversion", "overall_conversion": "overall conversion"}
COMPARED = set(NAMES)
INPUTS = {"key_results": ("baseline", "target", "current"),
          "kpis": ("baseline", "target", "current"),
          "roi": ("investment", "return"), "initiatives": ("investment", "return"),
          "funnel": ("visits", "conversions"), "funnel_stages": ("count",)}


@rule(
    "OKR130", "warning", "author-result-differs",
    "{tab}!{cell}: the sheet's {what} of {item} is {theirs}; sheets-okr computes {ours}{inputs}",
    "The column is the sheet's own and is never written to; check its formula or the values "
    "it is computed from.",
)
def author_differs(ctx: Context) -> Iterator[Hit]:
    for table in ctx.model:
        computed = ctx.computed(table.key)
        columns = [c for c in table.frame.columns if c.startswith("author_")]
        for name in columns:
            key = name.removeprefix("author_")
            if key not in COMPARED or key not in computed:
                continue
            theirs = table.frame[name]
            ours = computed[key].reindex(table.frame.index)
            for row in table.frame.index[theirs.notna().to_numpy()]:
                a, b = theirs.at[row], ours.at[row]
                if pd.isna(b) or agree(a, b) or _judgement(ctx, table, row, key):
                    continue
                if key == "gap" and isinstance(b, (int, float)) and agree(a, -b):
                    continue  # a variance (actual - target) is a gap the other way round
                named = {"item": str(table.frame.at[row, "kpi"])} \
                    if table.key == "kpi_history" else {}
                yield Hit(table.key, row, key, {
                    **named, "what": _header(ctx, table, row, key) or NAMES[key],
                    "theirs": _number(a, key), "ours": _number(b, key),
                    "inputs": _inputs(table.frame, table.key, row)})


def _header(ctx: Context, table: Table, row: object, key: str) -> str:
    """The header of the author's column, as they wrote it."""
    part = table.part_of(row)
    col = part.author.get(key)
    if col is None:
        return ""
    value = ctx.model.book.grids[part.title].value(part.header_row, col)
    return " ".join(str(value or "").split())


def _judgement(ctx: Context, table: Table, row: object, key: str) -> bool:
    """Whether the author's column is a grade they give (``Score``, ``得分``), their own
    judgement rather than a computation, shown beside ours but not set against it."""
    found = lexicon.header_roles(_header(ctx, table, row, key))
    return bool(found) and found[0].role == "score"


def _number(value: object, key: str) -> str:
    if isinstance(value, (int, float)):
        if key in ("progress", "score", "roi", "conversion_rate", "expected", "cumulative_roi",
                   "step_conversion", "overall_conversion"):
            return f"{value * 100:.4g}%"
        return show(float(value))
    return str(value)


def _inputs(frame: pd.DataFrame, key: str, row: object) -> str:
    parts = []
    for column in INPUTS.get(key, ()):
        if column in frame and pd.notna(frame.at[row, column]):
            parts.append(f"{column} {show(float(frame.at[row, column]))}")
    return f" (from {', '.join(parts)})" if parts else ""


@rule(
    "OKR131", "warning", "reading-doubtful",
    "Tab '{tab}' was not scored: {why}",
    "`sheets-okr map` shows the best two readings; `sheets-okr map --write` saves the best one "
    "to sheets-okr.toml with the doubtful line marked: correct it and run again.",
)
def doubtful_reading(ctx: Context) -> Iterator[Hit]:
    for found in ctx.model.doubts:
        yield Hit("", None, None, {"tab": found.tab, "cell": found.cell, "why": found.why})


@rule(
    "OKR132", "warning", "header-typo",
    "{tab}!{cell}: the header \"{header}\" is not a known column; was \"{meant}\" meant?",
    "Correct the header, or give the column its role in sheets-okr.toml "
    "(`sheets-okr map --write`); until then it is left out.",
)
def header_typo(ctx: Context) -> Iterator[Hit]:
    for found in ctx.model.typos:
        yield Hit("", None, None, {"tab": found.tab, "cell": found.cell,
                                   "header": found.header, "meant": found.meant})
