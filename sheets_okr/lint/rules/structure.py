"""Rules about the shape of the OKR tree: counts, owners, dates, references, IDs."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from ..registry import Context, Hit, rule

ID_TABS = ("objectives", "key_results", "initiatives", "kpis")


def _ids(frame: pd.DataFrame) -> set[str]:
    if frame.empty or "id" not in frame:
        return set()
    return set(frame["id"].dropna().astype(str))


@rule(
    "OKR106", "warning", "kr-count",
    "Objective {item} has {count} key result{s} (expected {low} to {high})",
    "Give each objective {low} to {high} measurable key results.",
)
def kr_count(ctx: Context) -> Iterator[Hit]:
    obj = ctx.frame("objectives")
    res = ctx.computed("objectives")
    low, high = ctx.settings.min_krs, ctx.settings.max_krs
    counts = dict(zip(res.index.tolist(), res["kr_count"].tolist(), strict=True)) \
        if "kr_count" in res else {}
    for row in obj.index:
        count = int(counts[row]) if row in counts else 0
        if count < low or count > high:
            yield Hit("objectives", row, "id", {"count": count, "s": "" if count == 1 else "s",
                                                "low": low, "high": high})


@rule(
    "OKR107", "warning", "no-owner",
    "{what} {item} has no owner",
    "Put a person's name in the Owner column; unowned goals drift.",
)
def no_owner(ctx: Context) -> Iterator[Hit]:
    for key, what in (("objectives", "Objective"), ("key_results", "Key result"),
                      ("kpis", "KPI")):
        frame = ctx.frame(key)
        if frame.empty:
            continue
        for row in frame.index[frame["owner"].isna()]:
            yield Hit(key, row, "owner", {"what": what})


@rule(
    "OKR108", "warning", "not-time-bound",
    "Objective {item} is not time-bound: no Period and no Start/End",
    "Fill in Period (e.g. 2026-Q4) or Start and End.",
)
def not_time_bound(ctx: Context) -> Iterator[Hit]:
    obj = ctx.frame("objectives")
    if obj.empty:
        return
    dated = obj["start"].notna() & obj["end"].notna()
    period = obj["period_start"].notna()
    for row in obj.index[~dated & ~period & ~obj["_error"]]:
        yield Hit("objectives", row, "period")


@rule(
    "OKR111", "error", "broken-reference",
    "{what}",
    "{hint}",
)
def broken_reference(ctx: Context) -> Iterator[Hit]:
    objectives = ctx.frame("objectives")
    obj_ids = _ids(objectives)
    krs = ctx.frame("key_results")
    kr_ids = _ids(krs)
    kpis = ctx.frame("kpis")
    kpi_ids = _ids(kpis)
    yield from _unknown(ctx, krs, "objective", obj_ids, "key_results",
                        "Key result {item} points at objective '{ref}', which does not exist",
                        "Use an ID from the Objectives tab.")
    yield from _unknown(ctx, ctx.frame("initiatives"), "kr", kr_ids, "initiatives",
                        "Initiative {item} points at key result '{ref}', which does not exist",
                        "Use an ID from the Key Results tab.")
    if ctx.table("kpis") is not None:
        yield from _unknown(ctx, krs, "kpi", kpi_ids, "key_results",
                            "Key result {item} links to KPI '{ref}', which does not exist",
                            "Use an ID from the KPIs tab.")
        yield from _unknown_history(ctx, kpi_ids)
    yield from _unknown(ctx, objectives, "parent", obj_ids, "objectives",
                        "Objective {item} aligns to parent '{ref}', which does not exist",
                        "Use an ID from the Objectives tab.")
    yield from _cycles(objectives)


def _unknown(ctx: Context, frame: pd.DataFrame, column: str, known: set[str], table: str,
             what: str, hint: str) -> Iterator[Hit]:
    if frame.empty or column not in frame:
        return
    refs = frame[column]
    bad = refs.notna() & ~refs.astype(str).isin(known)
    for row in frame.index[bad]:
        yield Hit(table, row, column, {
            "what": what.format(item=ctx.item(table, row), ref=refs[row]), "hint": hint})


def _unknown_history(ctx: Context, kpi_ids: set[str]) -> Iterator[Hit]:
    history = ctx.frame("kpi_history")
    if history.empty:
        return
    refs = history["kpi"]
    bad = refs.notna() & ~refs.astype(str).isin(kpi_ids)
    seen: set[str] = set()
    for row in history.index[bad]:
        ref = str(refs[row])
        if ref not in seen:
            seen.add(ref)
            yield Hit("kpi_history", row, "kpi", {
                "item": ref, "what": f"Readings of KPI '{ref}' have no KPI of that ID",
                "hint": "Add the KPI to the KPIs tab or fix the ID."})


def _cycles(objectives: pd.DataFrame) -> Iterator[Hit]:
    if objectives.empty:
        return
    parent = {}
    rows = {}
    for row, ident, par in zip(objectives.index.tolist(), objectives["id"].tolist(),
                               objectives["parent"].tolist(), strict=True):
        if pd.notna(ident) and ident not in parent:
            parent[ident] = par if pd.notna(par) else None
            rows[ident] = row
    order = {ident: i for i, ident in enumerate(parent)}
    state: dict[str, bool] = {}  # True while on the path being walked, False when done
    for start in parent:
        path: list[str] = []
        node = start
        while node is not None and node in parent and node not in state:
            state[node] = True
            path.append(node)
            node = parent[node]
        if node is not None and state.get(node):
            loop = path[path.index(node):]
            first = min(range(len(loop)), key=lambda i: order[loop[i]])
            loop = loop[first:] + loop[:first]
            yield Hit("objectives", rows[loop[0]], "parent", {
                "what": "Objectives align in a cycle: " + " → ".join([*loop, loop[0]]),
                "hint": "An objective cannot be its own ancestor; fix one Parent."})
        for walked in path:
            state[walked] = False


@rule(
    "OKR112", "error", "duplicate-id",
    "{tab}: ID '{item}' is used again (first at {first})",
    "Give every row its own ID; references to '{item}' are ambiguous.",
)
def duplicate_id(ctx: Context) -> Iterator[Hit]:
    for key in ID_TABS:
        table = ctx.table(key)
        if table is None or table.frame.empty:
            continue
        ids = table.frame["id"]
        dup = ids.notna() & ids.duplicated(keep="first")
        for row in table.frame.index[dup]:
            first = table.frame.index[ids == ids[row]][0]
            yield Hit(key, row, "id", {"first": table.cell(first, "id")})


@rule(
    "OKR118", "info", "kr-without-score",
    "Key result {item} has no current value yet; it is left out of its objective's score",
    "Fill in Current (or link the KR to a KPI that has readings).",
)
def kr_without_score(ctx: Context) -> Iterator[Hit]:
    krs = ctx.frame("key_results")
    res = ctx.computed("key_results")
    if krs.empty or res.empty:
        return
    blank = res["current_used"].isna() & krs["current_done"].isna() & ~krs["_error"]
    for row in krs.index[blank]:
        yield Hit("key_results", row, "current")
