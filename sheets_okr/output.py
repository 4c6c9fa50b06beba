"""How results and flags are printed: text for people (totals first, then what needs
attention, everything on request), JSON for scripts, GitHub annotations."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from .lint import RULES, Flag, count_by_severity
from .run import Analysis, RunResult
from .schema import STATE_TAB
from .summary import by_rule

URGENT = 10
"""Items ``recompute`` lists after its totals (``--verbose``: every objective and KPI)."""
PER_RULE = 5
"""Flags ``check`` shows of each rule (``--all``: every one)."""
CHANGES = 50
"""Changes a dry run lists (``--verbose``: every one)."""
OBJECTIVE_ORDER = ("achieved", "on track", "at risk", "off track", "missed", "no data")
HEALTH_ORDER = ("breach", "warning", "stale", "no data", "no target", "healthy")


def _pct(value: float | None) -> str:
    return "  —  " if value is None else f"{value * 100:5.1f}%"


def _plural(count: int, noun: str) -> str:
    """
    >>> _plural(1, "flag"), _plural(1200, "cell")
    ('1 flag', '1,200 cells')
    """
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _count_line(counts: dict[str, int]) -> str:
    parts = [f"{n:,} {sev}{'s' if n != 1 else ''}" for sev, n in counts.items()]
    return ", ".join(parts)


def _counts(labels: Sequence[str], order: Sequence[str]) -> str:
    counts = Counter(labels)
    known = [k for k in order if counts[k]] + sorted(k for k in counts if k not in order)
    return ", ".join(f"{counts[k]:,} {k}" for k in known)


# check ----------------------------------------------------------------------------------


def flags_text(flags: list[Flag], show_all: bool = False) -> str:
    """The totals, then the flags grouped by rule (errors' rules first): each rule's count
    and its first few flags in reading order, or every one with ``show_all``."""
    if not flags:
        return "No flags."
    lines = [_count_line(count_by_severity(flags))]
    ordered = sorted(flags, key=lambda f: (f.tab_order, f.tab, f.row, f.column_key,
                                           f.severity.rank, f.code))
    width = max(len(_where(f)) for f in ordered)
    left_out = 0
    for group in by_rule(ordered, examples=len(ordered) if show_all else PER_RULE):
        rule = RULES.get(group.code)
        name = f"  {rule.name}" if rule is not None else ""
        lines.append("")
        lines.append(f"{group.code} {group.severity:<7}  {_plural(group.count, 'flag')}{name}")
        for f in group.examples:
            lines.append(f"  {_where(f):<{width}}  {f.message}")
        more = group.count - len(group.examples)
        if more:
            lines.append(f"  ... and {more:,} more")
            left_out += more
    if left_out:
        lines.append("")
        lines.append(f"{_plural(left_out, 'flag')} not shown; --all lists every one.")
    return "\n".join(lines)


def _where(flag: Flag) -> str:
    return f"{flag.tab}!{flag.cell}" if flag.tab else flag.cell


def flags_json(flags: list[Flag]) -> str:
    return json.dumps([f.as_dict() for f in flags], indent=2, ensure_ascii=False)


def _escape_github(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _escape_github(text).replace(",", "%2C").replace(":", "%3A")


def flags_github(flags: list[Flag], source: str = "") -> str:
    """GitHub Actions workflow commands, one annotation per flag."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for f in flags:
        title = _github_property(f"{f.code} {f.tab}!{f.cell}")
        file_part = f"file={_github_property(source)}," if source else ""
        lines.append(f"::{level[str(f.severity)]} {file_part}title={title}::"
                     f"{_escape_github(f.message)}")
    return "\n".join(lines)


FLAG_FORMATS: dict[str, Callable[..., str]] = {
    "text": lambda flags, source: flags_text(flags),
    "json": lambda flags, source: flags_json(flags),
    "github": flags_github,
}


def check_text(analysis: Analysis, flags: list[Flag], show_all: bool = False) -> str:
    return f"{analysis.model.book.source} — as of {analysis.as_of.isoformat()}\n\n" + \
        flags_text(flags, show_all)


# recompute ------------------------------------------------------------------------------


def recompute_text(result: RunResult, verbose: bool = False) -> str:
    """Totals first (objectives by status, KPI health, flags by severity, cells written),
    then the most urgent objectives and KPIs; ``verbose`` lists every one, and every
    change of a dry run."""
    analysis = result.analysis
    objectives = analysis.objectives()
    kpis = kpi_rows(analysis)
    lines = [f"{analysis.model.book.source} — as of {analysis.as_of.isoformat()}", ""]
    lines.append(f"Objectives: {len(objectives):,}"
                 + (" — " + _counts([o["status"] or "no data" for o in objectives],
                                    OBJECTIVE_ORDER) if objectives else ""))
    if kpis:
        lines.append("KPI health: " + _counts([k["health"] for k in kpis], HEALTH_ORDER))
    lines.append("Flags: " + _count_line(count_by_severity(result.flags))
                 + (" (see the Flags tab)" if result.flags else ""))
    lines.extend(_written(result, verbose))
    for note in result.notes:
        lines.append(f"Note: {note}")
    if verbose:
        lines.extend(["", "Objectives"])
        lines.extend(_objective_line(o) for o in objectives)
        if kpis:
            lines.extend(["", "KPIs"])
            lines.extend(_kpi_line(k) for k in kpis)
    else:
        urgent = most_urgent(objectives, kpis)
        if urgent:
            lines.extend(["", f"Most urgent ({len(urgent)} of {len(objectives) + len(kpis):,}"
                          " objectives and KPIs; --verbose lists every one)"])
            lines.extend(urgent)
    if result.dry_run:
        lines.extend(_changes(result, verbose))
    return "\n".join(lines)


def _written(result: RunResult, verbose: bool) -> list[str]:
    if result.dry_run:
        visible = sum(1 for c in result.changes.cells if c.tab != STATE_TAB)
        sheets = ", ".join(s.title for s in result.changes.sheets)
        return [f"Dry run: {visible:,} cell(s) would change"
                + (f", and {sheets} would be rewritten" if sheets else "")
                + "; nothing was written."]
    if result.cells_written:
        return [f"Wrote {result.cells_written:,} cell(s)."]
    return ["Nothing changed; the workbook was not written."]


def _changes(result: RunResult, verbose: bool) -> list[str]:
    visible = [c for c in result.changes.cells if c.tab != STATE_TAB]
    shown = visible if verbose else visible[:CHANGES]
    lines = ["", "Changes"] if shown else []
    lines.extend(f"  {c.tab}!{c.cell}: {_show(c.old)} -> {_show(c.value)}" for c in shown)
    if len(visible) > len(shown):
        lines.append(f"  ... and {len(visible) - len(shown):,} more")
    return lines


def _objective_line(obj: dict[str, Any]) -> str:
    title = (obj["objective"] or "")[:48]
    return f"  {obj['id'] or '?':<6} {_pct(obj['score'])}  {obj['status'] or '':<10} {title}"


def _kpi_line(kpi: dict[str, Any]) -> str:
    reading = "" if kpi["latest"] is None else f"  latest {_amount(kpi['latest'])}"
    target = "" if kpi["target"] is None else f", target {_amount(kpi['target'])}"
    name = kpi["kpi"] or ""
    ident = "" if kpi["id"] == name else (kpi["id"] or "?")  # a KPI known by its name alone
    return (f"  {ident:<6} {'':6}  {kpi['health']:<10} "
            f"{(name or kpi['id'] or '?')[:48]}{reading}{target}")


def most_urgent(objectives: list[dict[str, Any]], kpis: list[dict[str, Any]],
                limit: int = URGENT) -> list[str]:
    """Lines for the objectives and KPIs most in need of attention: missed and off-track
    objectives and breached KPIs, then at-risk objectives and KPIs in warning, then stale
    KPIs; objectives furthest behind what was expected first."""
    rank = {"missed": 0, "off track": 0, "breach": 0, "at risk": 1, "warning": 1,
            "stale": 2}
    items: list[tuple[int, float, int, str]] = []
    for n, obj in enumerate(objectives):
        level = rank.get(obj["status"] or "")
        if level is not None:
            gap = (obj["score"] or 0.0) - (obj["expected"] or 0.0)
            items.append((level, gap, n, _objective_line(obj)))
    for n, kpi in enumerate(kpis):
        level = rank.get(kpi["health"])
        if level is not None:
            items.append((level, 0.0, len(objectives) + n, _kpi_line(kpi)))
    return [line for *_, line in sorted(items)[:limit]]


def kpi_rows(analysis: Analysis) -> list[dict[str, Any]]:
    """Each KPI's ID, name, health, latest reading and target, in sheet order."""
    table = analysis.model.tables.get("kpis")
    res = analysis.results.get("kpis")
    if table is None or res is None or res.empty:
        return []
    frame = table.frame.reindex(columns=["id", "kpi", "target"])
    res = res.reindex(index=table.frame.index, columns=["health", "latest"])
    health = res["health"].astype(object).where(res["health"].notna(), "no target")
    out = []
    for kpi_id, name, target, state, latest in zip(
            frame["id"], frame["kpi"], frame["target"], health, res["latest"], strict=True):
        out.append({"id": _plain(kpi_id), "kpi": _plain(name), "health": str(state),
                    "latest": _number(latest), "target": _number(target)})
    return out


def _plain(value: Any) -> str | None:
    if value is None or value != value:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def _amount(value: float) -> str:
    """
    >>> _amount(155000.0), _amount(0.0412), _amount(42.0)
    ('155,000', '0.0412', '42')
    """
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def _show(value: Any) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def recompute_json(result: RunResult) -> str:
    from .items import items

    data = result.summary()
    data["items"] = items(result.analysis)
    if result.dry_run:
        data["changes"] = [
            {"tab": c.tab, "cell": c.cell, "old": _jsonable(c.old), "new": _jsonable(c.value)}
            for c in result.changes.cells if c.tab != STATE_TAB
        ]
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def check_json_items(analysis: Analysis, flags: list[Flag]) -> str:
    """``check --format json --items``: the flags and every item with its results."""
    from .items import items

    data = {"as_of": analysis.as_of.isoformat(), "flags": [f.as_dict() for f in flags],
            "items": items(analysis)}
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)
