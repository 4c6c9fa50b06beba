"""Rules about KPIs: breaches nobody works on, too many KPIs, stale numbers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import numpy as np
import pandas as pd

from ...calc.cadence import window_name
from ..registry import Context, Hit, rule, show


@rule(
    "OKR109", "warning", "unaddressed-breach",
    "KPI {item} is in breach ({latest} vs target {target}) and no key result addresses it",
    "Add a key result that links to {item} in its KPI column, under an objective that fixes it.",
)
def unaddressed_breach(ctx: Context) -> Iterator[Hit]:
    kpis = ctx.frame("kpis")
    res = ctx.computed("kpis")
    if kpis.empty or res.empty:
        return
    breach = (res["health"] == "breach").fillna(False) & res["linked_krs"].isna()
    for row in kpis.index[breach]:
        unit = kpis.at[row, "unit"]
        yield Hit("kpis", row, "target", {"latest": show(res.at[row, "latest"], unit),
                                          "target": show(kpis.at[row, "target"], unit)})


@rule(
    "OKR110", "info", "too-many-kpis",
    "Team {team} watches {count} KPIs (more than {limit})",
    "Keep the few KPIs that drive decisions; move the rest to a report.",
)
def too_many_kpis(ctx: Context) -> Iterator[Hit]:
    kpis = ctx.frame("kpis")
    if kpis.empty:
        return
    teams = kpis["team"].dropna()
    counts = teams.value_counts()
    for team, count in counts.items():
        if count > ctx.settings.max_kpis_per_team:
            first = teams.index[teams == team][0]
            yield Hit("kpis", first, "team", {"team": team, "count": int(count),
                                              "limit": ctx.settings.max_kpis_per_team,
                                              "item": team})


@rule(
    "OKR113", "warning", "stale",
    "{what}",
    "{hint}",
)
def stale(ctx: Context) -> Iterator[Hit]:
    krs = ctx.frame("key_results")
    kr_res = ctx.computed("key_results")
    if not krs.empty and not kr_res.empty:
        limit = pd.Timestamp(ctx.as_of) - timedelta(days=ctx.settings.kr_stale_days)
        open_kr = kr_res["status"].isin(["on track", "at risk", "off track", "no data"])
        old = (krs["updated"] < limit) & open_kr.fillna(False)
        now = pd.Timestamp(ctx.as_of)
        for row, updated in zip(krs.index[old], krs.loc[old, "updated"], strict=True):
            days = (now - updated).days
            yield Hit("key_results", row, "updated", {
                "what": f"Key result {ctx.item('key_results', row)} was last updated {days} "
                        "days ago",
                "hint": f"Update Current and Updated at least every "
                        f"{ctx.settings.kr_stale_days} days."})
    kpis = ctx.frame("kpis")
    res = ctx.computed("kpis")
    if not kpis.empty and not res.empty:
        rows = kpis.index[(res["health"] == "stale").fillna(False)]
        lasts = res["latest_date"].reindex(rows).tolist()
        freqs = kpis["frequency"].reindex(rows).tolist()
        for row, last, freq in zip(rows, lasts, freqs, strict=True):
            when = pd.Timestamp(last).date().isoformat() if pd.notna(last) else "never"
            kept = res.at[row, "window_used"] if "window_used" in res else np.nan
            if not isinstance(freq, str):
                freq = (f"{window_name(float(kept))} (as its readings come)"
                        if pd.notna(kept) else "monthly (default)")
            yield Hit("kpis", row, "frequency", {
                "what": f"KPI {ctx.item('kpis', row)} has no reading within its {freq} "
                        f"window (last: {when})",
                "hint": "Add a reading to KPI History, or correct the Frequency."})


@rule(
    "OKR115", "warning", "kr-kpi-mismatch",
    "Key result {item} says Current {current} but its KPI {kpi} last read {latest}",
    "Clear Current to take the KPI's latest reading, or update one of them.",
)
def kr_kpi_mismatch(ctx: Context) -> Iterator[Hit]:
    krs = ctx.frame("key_results")
    kpis = ctx.frame("kpis")
    res = ctx.computed("kpis")
    if krs.empty or kpis.empty or res.empty:
        return
    latest = pd.Series(res["latest"].to_numpy(), index=kpis["id"].astype(object))
    latest = latest[~latest.index.duplicated()]
    linked = krs["kpi"].notna() & krs["current"].notna() & ~krs["_error"]
    for row in krs.index[linked]:
        kpi = krs.at[row, "kpi"]
        value = latest.get(kpi, np.nan)
        current = krs.at[row, "current"]
        if pd.notna(value) and not np.isclose(current, value, rtol=1e-6, atol=1e-9):
            unit = krs.at[row, "unit"]
            yield Hit("key_results", row, "current", {
                "current": show(current, unit), "kpi": kpi, "latest": show(value, unit)})
