"""Rules about the confidence people state on a key result: against the pace its numbers
show (OKR140) and falling from one check-in to the next (OKR141)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from ...confidence import confidence_level
from ..registry import Context, Hit, rule

OFF_PACE = {"off track", "missed"}
ON_PACE = {"on track", "achieved"}
HINTS = {
    "on track": "Say what it takes to get back on pace, or lower the confidence to what "
                "the numbers show.",
    "off track": "If the numbers are right, raise the confidence; if they hide a risk, "
                 "name it beside the key result.",
}


def _percent(value: object) -> str:
    return "blank" if value is None or pd.isna(value) else f"{float(value):.0%}"


def _stated(text: str, level: str) -> str:
    text = text.strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return level if text.lower() == level else f"{text} ({level})"


def _typed(ctx: Context, row: int) -> str | None:
    """The confidence as typed in its cell (the frame holds the word it stands for)."""
    table = ctx.table("key_results")
    col = table.columns.get("confidence") if table is not None else None
    if table is None or col is None:
        return None
    value = ctx.model.book.grids[table.title].value(row, col)
    return None if value is None else str(value)


@rule(
    "OKR140", "warning", "confidence-off-pace",
    "Key result {item}: stated confidence {said}, but the numbers are {status}: score "
    "{score} against {expected} expected",
    "{hint}",
)
def confidence_off_pace(ctx: Context) -> Iterator[Hit]:
    krs = ctx.frame("key_results")
    res = ctx.computed("key_results")
    if krs.empty or res.empty or "confidence" not in krs:
        return
    for row, said, status, score, expected in zip(
            krs.index, krs["confidence"].astype(object), res["status"], res["score"],
            res["expected"], strict=True):
        if not isinstance(said, str) or not isinstance(status, str):
            continue
        level = confidence_level(said)
        if not ((level == "on track" and status in OFF_PACE)
                or (level == "off track" and status in ON_PACE)):
            continue
        yield Hit("key_results", row, "confidence", {
            "said": _stated(_typed(ctx, row) or said, level), "status": status,
            "score": _percent(score), "expected": _percent(expected), "hint": HINTS[level]})


@rule(
    "OKR141", "warning", "confidence-falling",
    "Key result {item}: confidence fell at each of the last three check-ins ({steps})",
    "Ask the owner what changed, while there is time to act.",
)
def confidence_falling(ctx: Context) -> Iterator[Hit]:
    from ...confidence import confidence_score
    from ...history import history_grid, period_start, read_history

    krs = ctx.frame("key_results")
    if krs.empty or "confidence" not in krs:
        return
    said_now = {str(i) for i, s in zip(krs["id"].astype(object), krs["confidence"]
                                       .astype(object), strict=True) if isinstance(s, str)}
    if not said_now:
        return
    past = read_history(history_grid(ctx.model.book))
    if past.empty:
        return
    period = ctx.settings.checkin_period
    now = period_start(ctx.as_of, period)
    past = past[(past["type"] == "key result") & (past["date"] <= ctx.as_of)
                & past["item"].isin(said_now)]
    earlier = np.array([period_start(d, period) < now for d in past["date"]], dtype=bool)
    past = past.loc[earlier]
    by_item = {item: group.sort_values(["date", "row"], kind="stable")
               for item, group in past.groupby("item", sort=False)}
    for row, ident, said in zip(krs.index, krs["id"].astype(object),
                                krs["confidence"].astype(object), strict=True):
        group = by_item.get(str(ident))
        if group is None or not isinstance(said, str):
            continue
        points: dict[object, tuple[str, float]] = {}
        for day, text in zip(group["date"], group["confidence"], strict=True):
            score = confidence_score(text)
            if score is not None:
                points[period_start(day, period)] = (f"{_shown(text)} on {day.isoformat()}",
                                                     score)
        current = confidence_score(said)
        if current is None:
            continue
        steps = [*list(points.values())[-2:], (f"{_shown(_typed(ctx, row) or said)} now",
                                               current)]
        if len(steps) == 3 and steps[0][1] > steps[1][1] > steps[2][1]:
            yield Hit("key_results", row, "confidence",
                      {"steps": ", ".join(text for text, _ in steps)})


def _shown(value: object) -> str:
    text = str(value).strip()
    return text[:-2] if text.endswith(".0") and text[:-2].isdigit() else text
