"""How results and flags are printed: text for people, JSON for scripts, GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import groupby
from typing import Any

from .lint import Flag, count_by_severity
from .run import Analysis, RunResult
from .schema import STATE_TAB


def _pct(value: float | None) -> str:
    return "  —  " if value is None else f"{value * 100:5.1f}%"


def flags_text(flags: list[Flag]) -> str:
    """Flags grouped by tab, one line each with its cell, in reading order."""
    if not flags:
        return "No flags."
    lines: list[str] = []
    ordered = sorted(flags, key=lambda f: (f.tab_order, f.tab, f.row, f.column_key,
                                           f.severity.rank, f.code))
    for tab, group in groupby(ordered, key=lambda f: f.tab):
        lines.append(f"{tab or 'Workbook'}")
        for f in group:
            lines.append(f"  {f.cell:>6}  {f.code} {f.severity:<7}  {f.message}")
    counts = count_by_severity(flags)
    lines.append("")
    lines.append(_count_line(counts))
    return "\n".join(lines)


def _count_line(counts: dict[str, int]) -> str:
    parts = [f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in counts.items()]
    return ", ".join(parts)


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


def recompute_text(result: RunResult) -> str:
    """The short summary a person reads after ``recompute``."""
    analysis = result.analysis
    lines = [f"{analysis.model.book.source} — as of {analysis.as_of.isoformat()}", ""]
    lines.append("Objectives")
    for obj in analysis.objectives():
        title = (obj["objective"] or "")[:48]
        lines.append(f"  {obj['id'] or '?':<6} {_pct(obj['score'])}  "
                     f"{obj['status'] or '':<10} {title}")
    health = analysis.kpi_health()
    if health:
        lines.append("")
        lines.append("KPI health: " + ", ".join(f"{n} {k}" for k, n in health.items()))
    lines.append("")
    lines.append("Flags: " + _count_line(count_by_severity(result.flags))
                 + (" (see the Flags tab)" if result.flags else ""))
    for note in result.notes:
        lines.append(f"Note: {note}")
    if result.dry_run:
        visible = [c for c in result.changes.cells if c.tab != STATE_TAB]
        lines.append("")
        lines.append(f"Dry run: {len(visible)} cell(s) would change"
                     + (", and " + ", ".join(s.title for s in result.changes.sheets)
                        + " would be rewritten" if result.changes.sheets else "")
                     + "; nothing was written.")
        for change in visible[:50]:
            lines.append(f"  {change.tab}!{change.cell}: {_show(change.old)} -> "
                         f"{_show(change.value)}")
        if len(visible) > 50:
            lines.append(f"  ... and {len(visible) - 50} more")
    elif result.cells_written:
        lines.append(f"Wrote {result.cells_written} cell(s).")
    else:
        lines.append("Nothing changed; the workbook was not written.")
    return "\n".join(lines)


def _show(value: Any) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def recompute_json(result: RunResult) -> str:
    data = result.summary()
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


def check_text(analysis: Analysis, flags: list[Flag]) -> str:
    return f"{analysis.model.book.source} — as of {analysis.as_of.isoformat()}\n\n" + \
        flags_text(flags)
