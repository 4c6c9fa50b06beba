"""What ``sheets-okr map`` prints, and the message for a workbook with nothing to read."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..model import Grid, Model, RawBook, Table, col_letter, spans
from ..schema import TAB_BY_KEY
from . import shapes
from .detect import header_text
from .guess import guess_tab
from .mapping import entry_toml, example_toml, mapping_entry, table_like
from .shape import KINDS, SPLITS, Layout

SOURCES = {"mapping": "from the saved mapping", "headers": "found by its tab name and headers",
           "detected": "detected", "guess": "not read; the best guess, for you to check"}


def describe(model: Model | None, book: RawBook, layouts: dict[str, Layout | None],
             as_of: date) -> str:
    """Per tab: the table, its header rows, each column's role, the band scored, the rows
    read and what was ignored."""
    lines = [f"{book.source} — as of {as_of.isoformat()}"]
    for title, layout in layouts.items():
        lines.append("")
        if layout is None:
            lines.append(f"Tab '{title}': ignored — {seen_headers(book.grids[title])}")
            continue
        lines.extend(_tab(model, book.grids[title], layout, as_of))
    if model is not None and model.notes:
        lines.append("")
        lines.extend(f"Note: {note}" for note in model.notes)
    return "\n".join(lines)


def _tab(model: Model | None, grid: Grid, layout: Layout, as_of: date) -> list[str]:
    if layout.kind == "ignore":
        return [f"Tab '{layout.title}': ignored (the mapping says so)"]
    lines = [f"Tab '{layout.title}': {KINDS[layout.kind]} ({SOURCES[layout.source]})"]
    rows = "-".join(str(r) for r in dict.fromkeys([layout.header_rows[0], layout.header_row]))
    head = f"  table {layout.range}, header row{'s' if len(layout.header_rows) > 1 else ''} " \
           f"{rows}"
    shown = {k: v for k, v in layout.defaults.items() if k != "caption"}
    if shown:
        head += "; title block: " + ", ".join(f"{k} = {v}" for k, v in shown.items())
    lines.append(head)
    if layout.headers or layout.roles:
        lines.append("  columns:")
    width = max((len(layout.headers.get(c, "")) for c in layout.headers), default=0)
    for col in sorted(set(layout.headers) | set(layout.roles)):
        lines.append(f"    {col_letter(col):>3}  {_header(layout, col):<{min(width + 10, 42)}}"
                     f"  {_role(model, layout, col)}")
    if layout.bands:
        bands = ", ".join(b.label for b in layout.bands)
        chosen = layout.band
        why = ""
        if chosen is not None:
            why = " (holds " + as_of.isoformat() + ")" if chosen.holds(as_of) else \
                " (latest band before " + as_of.isoformat() + ")"
            if layout.marked:
                why = " (marked as the current one in the sheet)"
        lines.append(f"  bands: {bands}; scored: {chosen.label if chosen else 'none'}{why}")
    lines.extend(_rows(model, layout))
    if layout.doubt:
        lines.append(f"  not scored: {layout.doubt}")
    for other in layout.alternatives[:1]:
        lines.append(f"  next reading: {KINDS[other.kind]} with header row {other.header_row} "
                     f"(claims {other.score:.1f} against {layout.score:.1f})")
    for note in layout.notes:
        lines.append(f"  note: {note}")
    return lines


def _header(layout: Layout, col: int) -> str:
    text = " ".join((layout.headers.get(col) or "").split())
    band = layout.band_of(col)
    if band is not None and band.label not in text:
        text = f"[{band.label}] {text}"
    return text or "(no header)"


def _tables(model: Model | None, layout: Layout) -> list[Table]:
    return [t for whole in (model.tables.values() if model else [])
            for t, _ in whole.pieces()
            if t.title == layout.title and t.header_row == layout.header_row]


def _role(model: Model | None, layout: Layout, col: int) -> str:
    role = layout.roles.get(col)
    if role is None:
        return f"ignored: {layout.ignored.get(col, 'not a known column')}"
    mark = " (set in the mapping)" if col in layout.explicit else ""
    if col in layout.doubtful:
        mark += " (a guess: check it)"
    if not layout.active(col):
        band = layout.band_of(col)
        if band in layout.earlier_bands():
            use = "history" if layout.kind == "kpis" and role == "current" else "not scored"
            return f"{role} — earlier band, {use}{mark}"
        return f"{role} — not the band scored{mark}"
    if layout.kind in shapes.SHAPES:
        return f"{role}{shapes.role_note(role)}{mark}"
    if any(col in t.author.values() for t in _tables(model, layout)) or (
            layout.kind == "kpi_tracker" and col in layout.progress_of.values()):
        return f"{role} — the sheet's own result, compared with ours and never written{mark}"
    spec = TAB_BY_KEY.get(layout.kind if layout.kind in TAB_BY_KEY else "key_results")
    computed = {c.key for c in spec.computed} | {"kr_count", "objective_score",
                                                 "objective_status", "objective_expected"}
    if layout.kind == "kpi_log":
        computed = set()
    return f"{role}{' (computed: written by sheets-okr)' if role in computed else ''}{mark}"


def _rows(model: Model | None, layout: Layout) -> list[str]:
    tables = _tables(model, layout)
    if layout.kind in shapes.SHAPES:
        return shapes.describe(tables, layout)
    if layout.kind == "okr_single_table":
        split = f" ({SPLITS.get(layout.split or 'none', layout.split)})"
        objectives = next((t for t in tables if t.key == "objectives"), None)
        krs = next((t for t in tables if t.key == "key_results"), None)
        if objectives is None or krs is None:
            return [f"  rows: objectives {spans(layout.objective_rows)}{split}"]
        return [f"  rows: objectives {spans(list(objectives.frame.index))}{split}; "
                f"key results {spans(list(krs.frame.index))}"]
    out = []
    for table in tables:
        if table.key == "objectives" and table.read_only and len(table.frame) == 1:
            title = table.frame["objective"].iloc[0]
            out.append(f"  objective: '{title}' (the table names none; its key results are "
                       "scored under it)")
            continue
        if table.key == "kpi_history" and table.cells:
            out.append(f"  readings: {len(table.frame)} (KPI History)")
        elif table.key == "kpis" and layout.kind == "kpi_log":
            names = ", ".join(str(n) for n in table.frame["kpi"])
            out.append(f"  KPIs (one per column): {names}")
        elif table.key == "kpis" and table.cells:
            names = list(dict.fromkeys(str(n) for n in table.frame["kpi"]))
            found = set(table.frame["segment"].dropna()) if "segment" in table.frame else set()
            segments = len(found - {"total"})
            per = f" for {segments} segments and in total" if segments > 1 else ""
            shown = ", ".join(names[:6]) + (", ..." if len(names) > 6 else "")
            out.append(f"  KPIs: {len(table.frame)} ({shown}{per}); read only, nothing is "
                       "written here")
        elif not table.frame.empty or table.key == layout.kind:
            out.append(f"  rows: {spans([int(r) for r in table.frame.index])} as "
                       f"{table.spec.title}")
    return out


def seen_headers(grid: Grid) -> str:
    row, texts = best_text_row(grid)
    if not texts:
        return "no header row (no row with two labels)"
    return f"row {row}: " + ", ".join(texts[:12])


def best_text_row(grid: Grid) -> tuple[int, list[str]]:
    """The row (within the first 30) with the most text cells, and those texts."""
    best: tuple[int, list[str]] = (0, [])
    for r in range(1, min(grid.height, 30) + 1):
        texts = [t for v in grid.rows[r - 1] if isinstance(v, str) and (t := header_text(v))]
        if len(texts) >= 2 and len(texts) > len(best[1]):
            best = (r, texts)
    return best


def nothing_readable(book: RawBook, titles: list[str], found: list[Table] | None = None,
                     doubts: list[Any] | None = None, as_of: date | None = None) -> str:
    """The exit-2 message: the tabs and headers seen, and how to map them."""
    if found:
        have = found[0]
        lines = [f"{book.source}: {have.spec.title} were read on '{have.title}', but no "
                 f"{'Key Results' if have.key == 'objectives' else 'Objectives'}. Tabs seen:"]
    else:
        lines = [f"{book.source}: no table could be read as OKRs or KPIs. Tabs seen:"]
    doubted = {d.tab: d.why for d in doubts or []}
    for title in titles:
        if title in doubted:
            lines.append(f"  '{title}': read but not scored: {doubted[title]}")
            continue
        lines.append(f"  '{title}': {seen_headers(book.grids[title])}")
    lines.append(f"See what is recognised with `sheets-okr map {book.source}`, save it with "
                 f"`sheets-okr map {book.source} --write`, then set each column's role in "
                 "sheets-okr.toml, e.g.:")
    example = best_guess(book, titles, as_of) if as_of is not None else None
    if example is None:
        first = next((t for t in titles if best_text_row(book.grids[t])[1]), None)
        row, headers = best_text_row(book.grids[first]) if first else (1, [])
        example = example_toml(first or "Sheet1", row or 1, headers)
    lines.extend("  " + line if line else "" for line in example.splitlines())
    kinds = ", ".join(k for k in KINDS if k != "ignore")
    lines.append(f"(kinds: {kinds}; roles per kind are listed in docs/layouts.md)")
    return "\n".join(lines)


def best_guess(book: RawBook, titles: list[str], as_of: date) -> str | None:
    """The mapping ``map --write`` would save for the most table-like tab, as TOML."""
    guesses = [g for t in titles if (g := guess_tab(book.grids[t], as_of)) is not None]
    if not guesses:
        return None
    best = max(guesses, key=table_like)
    return entry_toml(best.title, mapping_entry(best))
