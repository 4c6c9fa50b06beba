"""Rules about cell values: unreadable, unmeasurable, impossible or invalid inputs."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from ... import values as V
from ..registry import Context, Hit, rule


def _shown(value: object) -> str:
    """A cell value as it reads in the sheet (0, not 0.0), cut to 40 characters."""
    text = V.parse_text(value) or ""
    return text if len(text) <= 40 else text[:37] + "..."


@rule(
    "OKR116", "error", "unreadable-value",
    "{tab}!{cell}: {header} of {item} is \"{value}\", not {expected}",
    "Type {expected} in {cell}; the row's computed cells stay blank until it can be read."
    "{dates}",
)
def unreadable(ctx: Context) -> Iterator[Hit]:
    for p in ctx.model.problems:
        yield Hit(p.tab_key, p.row if p.tab_key != "kpi_history" or p.column != "value"
                  else _history_index(ctx, p.row, p.col), p.column, {
            "header": p.header, "value": _shown(p.value if p.value is not None else ""),
            "expected": p.expected, "item": p.item,
            "dates": DATE_HINT if isinstance(p.value, str) and p.expected in DATED else "",
        })


DATED = {V.EXPECTED_DATE, V.EXPECTED_PERIOD}
DATE_HINT = (" Dates typed as text are read day-first (31/12/2026) or month-first "
             "(12/31/2026) as the workbook's own dates show, else by the day_first setting "
             "in sheets-okr.toml; 2026-12-31 always reads the same.")


def _history_index(ctx: Context, row: int, col: int) -> object:
    table = ctx.table("kpi_history")
    if table is not None:
        for (index, column), place in table.cells.items():
            if column == "value" and place == (row, col):
                return index
    return row


def _kr_rows(ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
    krs = ctx.frame("key_results")
    res = ctx.computed("key_results")
    if krs.empty or res.empty:
        return krs.iloc[0:0], res.iloc[0:0]
    ok = ~krs["_error"]
    return krs[ok], res[ok]


@rule(
    "OKR105", "error", "kr-not-measurable",
    "Key result {item} is not measurable: {why}",
    "Give it a numeric Target (with a Baseline), or make it a milestone with a done/not-done"
    " Current.",
)
def not_measurable(ctx: Context) -> Iterator[Hit]:
    krs, res = _kr_rows(ctx)
    numeric = res["kind_used"].isin(["increase", "decrease", "keep-above", "keep-below"])
    no_target = krs["target"].isna() & krs["target_done"].isna()
    for row in krs.index[numeric & no_target]:
        why = ("it has neither a target nor a done/not-done value"
               if pd.isna(krs.at[row, "current"]) else "it has no target")
        yield Hit("key_results", row, "target", {"why": why})


@rule(
    "OKR114", "error", "impossible-target",
    "Key result {item}: {why}",
    "Check Baseline and Target in {tab} row {row}; for a decrease, Target is below Baseline.",
)
def impossible_target(ctx: Context) -> Iterator[Hit]:
    krs, res = _kr_rows(ctx)
    kind = res["kind_used"]
    stated = res["baseline_used"] if "baseline_used" in res else krs["baseline"]
    target = krs["target"]
    ranged = kind.isin(["increase", "decrease"]) & target.notna()
    no_start = ranged & stated.isna() & (((kind == "decrease") & (target > 0))
                                         | ((kind == "increase") & (target < 0)))
    for row in krs.index[no_start]:
        yield Hit("key_results", row, "baseline",
                  {"why": f"it is {_article(kind[row])} {kind[row]} to {target[row]:g} but "
                          "no Baseline (and no \"from … to …\" in its title) says where it "
                          "starts, so its progress is left blank", "row": row})
    ranged &= ~no_start
    base = stated.fillna(0.0)
    for row in krs.index[ranged & np.isclose(target, base, rtol=0, atol=1e-12)]:
        yield Hit("key_results", row, "target",
                  {"why": f"target equals baseline ({target[row]:g}), so progress cannot be "
                          "measured", "row": row})
    wrong = ((kind == "increase") & (target < base)) | ((kind == "decrease") & (target > base))
    for row in krs.index[ranged & wrong]:
        yield Hit("key_results", row, "target",
                  {"why": f"target {target[row]:g} is on the wrong side of baseline "
                          f"{base[row]:g} for {_article(kind[row])} {kind[row]} key result",
                   "row": row})


def _article(word: str) -> str:
    """The indefinite article of ``word``.

    >>> _article("increase"), _article("decrease")
    ('an', 'a')
    """
    return "an" if word[:1] in "aeiou" else "a"


@rule(
    "OKR117", "warning", "invalid-roi-or-conversion-input",
    "{tab}!{cell} ({item}): {why}",
    "{hint}",
)
def invalid_ratio_inputs(ctx: Context) -> Iterator[Hit]:
    roi = ctx.frame("roi")
    if not roi.empty:
        ok = ~roi["_error"]
        for row in roi.index[ok & ~(roi["investment"].abs() > 0)]:
            yield Hit("roi", row, "investment", {
                "why": "investment is zero or blank, so ROI cannot be computed",
                "hint": "Enter the amount invested in that period; ROI is left blank."})
    ini = ctx.frame("initiatives")
    if not ini.empty:
        has_return = ini["return"].notna() & ~ini["_error"]
        for row in ini.index[has_return & ~(ini["investment"].abs() > 0)]:
            yield Hit("initiatives", row, "investment", {
                "why": "a return is given but the investment is zero or blank",
                "hint": "Enter the investment; ROI is left blank."})
    funnel = ctx.frame("funnel")
    if not funnel.empty:
        ok = ~funnel["_error"]
        no_visits = ok & ~(funnel["visits"] > 0) & funnel["conversions"].notna()
        for row in funnel.index[no_visits]:
            yield Hit("funnel", row, "visits", {
                "why": "visits are zero or blank, so the conversion rate cannot be computed",
                "hint": "Enter the visits of that period; Conversion Rate is left blank."})
        more = (funnel["visits"] > 0) & (funnel["conversions"] > funnel["visits"])
        for row in funnel.index[ok & more]:
            yield Hit("funnel", row, "conversions", {
                "why": f"{funnel.at[row, 'conversions']:g} conversions out of "
                       f"{funnel.at[row, 'visits']:g} visits is more than 100 %",
                "hint": "Conversions cannot exceed visits; check both columns."})
    yield from _stage_inputs(ctx)


def _stage_inputs(ctx: Context) -> Iterator[Hit]:
    """A funnel stage counting more than the stage before it, or a first stage of zero."""
    stages, res = ctx.frame("funnel_stages"), ctx.computed("funnel_stages")
    if stages.empty or res.empty:
        return
    first = stages["stage_order"] == stages.groupby(
        stages["segment"].fillna(""))["stage_order"].transform("min")
    for row in stages.index[(res["step_conversion"] > 1).to_numpy()]:
        yield Hit("funnel_stages", row, "count", {
            "why": f"{stages.at[row, 'count']:g} at this stage is more than at the stage "
                   f"before ({stages.at[row, 'count'] / res.at[row, 'step_conversion']:g})",
            "hint": "A funnel narrows from stage to stage; check the counts and their order."})
    for row in stages.index[(first & ~(stages["count"] > 0) & ~stages["_error"]).to_numpy()]:
        yield Hit("funnel_stages", row, "count", {
            "why": "the first stage counts zero or nothing, so no conversion can be computed",
            "hint": "Enter the count of the funnel's first stage; conversions are left blank."})


@rule(
    "OKR119", "warning", "typed-in-computed-column",
    "{tab}!{cell}: {header} of {item} holds {value} typed by a person; it is left as is",
    "Clear {cell} to let sheets-okr fill it in, or rename the column if it is yours.",
)
def typed_in_computed(ctx: Context) -> Iterator[Hit]:
    for typed in ctx.owned().typed:
        yield Hit(typed.table, typed.row, typed.column,
                  {"header": typed.header, "value": typed.value})
