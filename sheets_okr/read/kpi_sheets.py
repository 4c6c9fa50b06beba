"""KPI sheets as people keep them: one row per KPI (with ``<year> Actual`` / ``<year>
Target`` bands feeding history), and logs with a date column and one column per KPI."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pandas as pd

from .. import values as V
from ..config import Settings
from ..model import CellProblem, Grid, Model, Table, history_frame
from ..schema import KPI_HISTORY, KPIS, normalize_name, result_keys
from . import lexicon, roles, vocab
from .bands import column_period
from .build import cell_values, make_table
from .detect import (
    SCAN_ROWS,
    HeaderRow,
    _data_rows,
    default_year,
    guess_locale,
    header_text,
    title_block,
)
from .profile import profile
from .shape import Layout

LOG_SPEC = replace(KPIS, computed=())
FALLBACK = ("target", "warning", "baseline")
Reading = tuple[date, str, Any, int, int]


def reading_day(value: Any, as_of: date, day_first: bool = False) -> date | None:
    """The date a reading stands for: a date as is; a period (month, week, quarter...) at its
    end, or at ``as_of`` while it is under way."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 20000:
            return V.parse_date(value)
        period = V.parse_period(value, day_first=day_first)
    except V.CellValueError:
        try:
            return V.parse_date(value, day_first=day_first)
        except V.CellValueError:
            return None
    if period is None:
        return None
    if period.start <= as_of < period.end:
        return as_of
    return period.end


def build_kpis(grid: Grid, layout: Layout, settings: Settings, model: Model,
               as_of: date) -> list[Table]:
    """The KPIs of a one-row-per-KPI table, and their readings from earlier bands."""
    cols = layout.columns(FALLBACK)
    rows, categories = _kpi_rows(grid, layout, cols)
    given: dict[str, list[Any]] = {}
    if "category" not in cols and any(categories):
        given["category"] = categories
    spanning = _spanning(layout)
    if spanning is not None:
        for col in spanning.columns:
            role = layout.roles.get(col)
            if role in ("target", "outlook"):
                key = "long_target" if role == "target" else "outlook"
                cols.pop(key, None)
                given[key] = cell_values(grid, col, rows)
    if "id" not in cols:
        given["id"] = [V.parse_id(grid.value(r, cols["kpi"])) for r in rows]
    for key in ("team", "owner"):
        if key not in cols and layout.defaults.get(key):
            given[key] = [layout.defaults[key]] * len(rows)
    inputs = {k: c for k, c in cols.items() if any(col.key == k for col in KPIS.columns)}
    computed = {k: c for k, c in cols.items() if k in result_keys(KPIS)}
    extra = {c: layout.headers[c] for c in layout.ignored if c in layout.headers}
    spec = vocab.localized(KPIS, layout.headers.values())
    kpis = make_table(grid, spec, header_row=layout.header_row, rows=rows, columns=inputs,
                      computed=computed, last_col=layout.last_col, settings=settings,
                      model=model, given=given, extra_headers=extra,
                      decimal_comma=layout.decimal_comma, day_first=layout.day_first)
    readings = _band_readings(grid, layout, kpis, as_of)
    if not readings:
        return [kpis]
    return [kpis, history_table(grid, layout, readings, model, as_of)]


def _kpi_rows(grid: Grid, layout: Layout, cols: dict[str, int]) -> tuple[list[int], list[Any]]:
    """The KPI rows, and the section each falls under: a row naming only a group of
    metrics (``Operating Metrics``) is a section label, not a KPI."""
    rows: list[int] = []
    categories: list[Any] = []
    section = None
    for r in layout.rows:
        name = grid.value(r, cols["kpi"])
        if V.is_blank(name):
            continue
        others = [c for c in layout.roles if c != cols["kpi"] and layout.active(c)
                  and not V.is_blank(grid.value(r, c))]
        named = {m.role for m in lexicon.header_roles(str(name)) if m.score >= 0.6}
        if not others and "kpi" in named:
            section = V.parse_text(name)
            continue
        rows.append(r)
        categories.append(section)
    return rows, categories


def _spanning(layout: Layout) -> Any:
    """The band that spans the one scored (a full year over its quarters), if any."""
    chosen = layout.band
    if chosen is None or chosen.period is None:
        return None
    longer = [b for b in layout.bands if b is not chosen and b.period is not None
              and b.period.start <= chosen.period.start and b.period.end >= chosen.period.end
              and (b.period.end - b.period.start) > (chosen.period.end - chosen.period.start)]
    return max(longer, key=lambda b: b.period.end - b.period.start) if longer else None


def _band_readings(grid: Grid, layout: Layout, kpis: Table, as_of: date) -> list[Reading]:
    """One reading per band (up to the chosen one) and KPI, at the band's end (or at
    ``as_of`` for the band under way); none unless an earlier band has values."""
    if layout.band is None or layout.band.period is None or not layout.earlier_bands():
        return []
    out: list[Reading] = []
    for band in [*layout.earlier_bands(), layout.band]:
        col = next((c for c in band.columns if layout.roles.get(c) == "current"), None)
        if col is None or band.period is None or band.period.start > as_of:
            continue
        day = min(band.period.end, as_of)
        for row, kpi in kpis.frame["id"].items():
            value = grid.value(int(row), col)
            if not V.is_blank(value) and isinstance(kpi, str):
                out.append((day, kpi, value, int(row), col))
    return out if any(r[0] < min(layout.band.period.end, as_of) for r in out) else []


def history_table(grid: Grid, layout: Layout, readings: list[Reading], model: Model,
                  as_of: date, extra_cells: dict[tuple[int, str], tuple[int, int]] | None = None
                  ) -> Table:
    """A KPI History table over cells of ``grid``: one reading per (date, KPI, cell)."""
    dates, kpis, values, flags = [], [], [], []
    cells: dict[tuple[int, str], tuple[int, int]] = dict(extra_cells or {})
    for i, (day, kpi, raw, row, col) in enumerate(readings):
        cells[(i, "value")] = cells[(i, "")] = (row, col)
        try:
            values.append(V.parse_number(raw, decimal_comma=layout.decimal_comma))
            flags.append(False)
        except V.CellValueError as exc:
            values.append(None)
            flags.append(True)
            model.problems.append(CellProblem("kpi_history", grid.title, row, col, "value",
                                              "Value", raw, exc.expected, kpi))
        dates.append(day)
        kpis.append(kpi)
    frame = history_frame(dates, kpis, values, flags)
    return Table(KPI_HISTORY, grid.title, layout.header_row, {}, {}, frame, layout.last_col,
                 cells=cells)


def find_log(grid: Grid, as_of: date) -> Layout | None:
    """A date column followed by one column per KPI (a ``<KPI> Target`` column pairs with
    the KPI of that name)."""
    for r in range(1, min(grid.height, SCAN_ROWS) + 1):
        texts = {c: t for c, v in enumerate(grid.rows[r - 1], start=1)
                 if isinstance(v, str) and (t := header_text(v))}
        date_col = next((c for c, t in texts.items() if vocab.is_date_header(t)), None)
        if date_col is None or len(texts) < 2 or _title_line(texts, date_col):
            continue
        rows = _data_rows(grid, r, min(texts), max(texts), set())
        if not rows or not _mostly_days(grid, rows, date_col, as_of):
            continue
        layout = Layout(grid.title, "kpi_log", [r], min(texts), max(texts), rows=rows,
                        headers=texts, defaults=title_block(grid, r - 1))
        layout.roles[date_col] = "date"
        for col in texts:
            if col == date_col or not _numeric(grid, rows, col):
                continue
            prof = profile(grid, col, rows)
            if lexicon.in_list(texts[col], "helpers") or prof.constant and prof.textual:
                layout.ignored[col] = "a helper column"
            else:
                layout.roles[col] = "metric"
        for col in [c for c, role in layout.roles.items() if role == "metric"]:
            if pair_of(layout, col) is not None:
                layout.roles[col] = "metric_target"
                continue
            named = {m.role for m in lexicon.header_roles(texts[col]) if m.score >= 0.55}
            if named & {"progress", "id", "priority"}:
                del layout.roles[col]
                layout.ignored[col] = "not a reading"
        for c in texts:
            if c not in layout.roles:
                layout.ignored.setdefault(c, "not a number column")
        if any(role == "metric" for role in layout.roles.values()):
            guess_locale(grid, layout)
            layout.score = 1.0 + sum(0.3 if role == "metric" else 0.8
                                     for role in layout.roles.values() if role != "date")
            return layout
    return None


def _title_line(texts: dict[int, str], date_col: int) -> bool:
    """Whether a row is a line of a title block (``Period:`` beside ``2026-Q4``): a label
    whose other cells all read as periods or dates, where a log's header names its KPIs."""
    if not texts[date_col].endswith(":"):
        return False
    for col, text in texts.items():
        if col == date_col:
            continue
        try:
            if V.parse_period(text) is None:
                return False
        except V.CellValueError:
            return False
    return True


def _mostly_days(grid: Grid, rows: list[int], col: int, as_of: date) -> bool:
    """Whether at least half the cells of ``col`` over ``rows`` read as a day (stops as
    soon as more than half do not)."""
    misses = 0
    for r in rows:
        if reading_day(grid.value(r, col), as_of) is None:
            misses += 1
            if misses * 2 > len(rows):
                return False
    return True


def find_long(grid: Grid, header: HeaderRow, as_of: date) -> Layout | None:
    """A long KPI log: a column naming the KPI on every row, one or more value columns and
    a date column; blocks appended below may repeat the header."""
    texts = header.texts
    named = [{m.role for m in lexicon.header_roles(t) if m.score >= 0.7}
             for t in texts.values()]
    if not any("kpi" in n for n in named) or not any("date" in n for n in named):
        return None
    rows = [r for r in _data_rows(grid, header.row, min(texts), max(texts), set())
            if not _repeats(grid, r, texts)]
    if len(rows) < 2:
        return None
    layout = Layout(grid.title, "kpi_long", [header.row], min(texts), max(texts), rows=rows,
                    headers=dict(texts), defaults=title_block(grid, header.row - 1))
    for col, text in sorted(texts.items()):
        prof = profile(grid, col, rows)
        named = {m.role: m.score for m in lexicon.header_roles(text) if m.score >= 0.7}
        if "kpi" in named and prof.textual >= 0.8 and prof.unique < 1.0 \
                and "kpi" not in layout.roles.values():
            layout.roles[col] = "kpi"
        elif named.keys() & {"date"} and prof.share(prof.dates) >= 0.8 \
                and "date" not in layout.roles.values():
            layout.roles[col] = "date"
        elif prof.numeric >= 0.8 and not lexicon.in_list(text, "helpers"):
            layout.roles[col] = "value"
        else:
            layout.ignored[col] = "not a reading"
    found = set(layout.roles.values())
    if not {"kpi", "date", "value"} <= found:
        return None
    guess_locale(grid, layout)
    layout.score = 2.0 + 0.5 * sum(1 for r in layout.roles.values() if r == "value")
    return layout


def _repeats(grid: Grid, row: int, texts: dict[int, str]) -> bool:
    """Whether ``row`` repeats the header (a block appended below with its own header)."""
    same = sum(1 for c, t in texts.items() if header_text(grid.value(row, c)) == t)
    return same >= max(2, len(texts) - 1)


def build_long(grid: Grid, layout: Layout, settings: Settings, model: Model,
               as_of: date) -> list[Table]:
    """A KPI per name (per name and value column when there are several) and a reading per
    row and value column."""
    name_col = next(c for c, r in layout.roles.items() if r == "kpi")
    date_col = next(c for c, r in layout.roles.items() if r == "date")
    values = sorted(c for c, r in layout.roles.items() if r == "value")
    readings = []
    first: dict[str, tuple[int, int]] = {}
    for r in layout.rows:
        name = V.parse_text(grid.value(r, name_col))
        day = reading_day(grid.value(r, date_col), as_of, bool(layout.day_first))
        if not name or day is None:
            continue
        for col in values:
            raw = grid.value(r, col)
            if V.is_blank(raw):
                continue
            kpi = name if len(values) == 1 else f"{name} [{layout.headers[col]}]"
            first.setdefault(kpi, (r, name_col))
            readings.append((day, kpi, raw, r, col))
    ids = list(first)
    given = {"id": ids, "kpi": [k.rsplit(" [", 1)[0] if len(values) > 1 else k for k in ids]}
    kpis = named_kpis(grid, layout, given, settings, model)
    if len(values) > 1:
        kpis.frame["segment"] = [k.rsplit(" [", 1)[1].rstrip("]") for k in ids]
    for i, kpi in enumerate(ids):
        kpis.cells[(i, "")] = first[kpi]
    kpis.read_only = True
    history = history_table(grid, layout, readings, model, as_of)
    history.read_only = True
    return [kpis, history]


def _numeric(grid: Grid, rows: list[int], col: int) -> bool:
    """Whether most of the filled cells of ``col`` are numbers (stops once they cannot be)."""
    good = bad = 0
    for n, r in enumerate(rows, start=1):
        value = grid.value(r, col)
        if V.is_blank(value):
            continue
        try:
            V.parse_number(value)
            good += 1
        except V.CellValueError:
            bad += 1
            if bad > good + len(rows) - n:
                return False
    return good > 0 and good >= bad


def pair_of(layout: Layout, col: int) -> int | None:
    """The metric column a ``<metric> Target`` (or ``Target <metric>``) column belongs to."""
    text = normalize_name(layout.headers.get(col, ""))
    names = {normalize_name(layout.headers[c]): c for c, role in layout.roles.items()
             if role == "metric" and c != col}
    for suffix in vocab.target_suffixes():
        for name in (text[: -len(suffix)] if text.endswith(suffix) else None,
                     text[len(suffix):] if text.startswith(suffix) else None):
            if name and name in names:
                return names[name]
    return None


def build_log(grid: Grid, layout: Layout, settings: Settings, model: Model,
              as_of: date) -> list[Table]:
    """A KPI per metric column (its target from the paired column) and its readings."""
    date_col = next(c for c, role in layout.roles.items() if role == "date")
    metrics = sorted(c for c, role in layout.roles.items() if role == "metric")
    targets = {pair_of(layout, c): c for c, role in layout.roles.items()
               if role == "metric_target"}
    days = {r: reading_day(grid.value(r, date_col), as_of, bool(layout.day_first))
            for r in layout.rows}
    readings: list[Reading] = []
    names, target_values, extra = [], [], {}
    index = 0
    for col in metrics:
        name = layout.headers[col]
        names.append(name)
        for r in layout.rows:
            value = grid.value(r, col)
            if days[r] is not None and not V.is_blank(value):
                readings.append((days[r], name, value, r, col))
        target = None
        for r in sorted(layout.rows, key=lambda x: days[x] or date.min):
            raw = grid.value(r, targets[col]) if col in targets else None
            if V.is_blank(raw) or (days[r] and days[r] > as_of):
                continue
            try:
                target = V.parse_number(raw, decimal_comma=layout.decimal_comma)
            except V.CellValueError as exc:
                index -= 1
                extra[(index, "value")] = (r, targets[col])
                model.problems.append(CellProblem("kpi_history", grid.title, r, targets[col],
                                                  "value", "Target", raw, exc.expected, name))
        target_values.append(target)
    cells: dict[tuple[int, str], tuple[int, int]] = {}
    for i, col in enumerate(metrics):
        for key in ("", "id", "kpi", "owner", "team", "frequency", "target"):
            place = targets.get(col, col) if key == "target" else col
            cells[(i, key)] = (layout.header_row, place)
    given = {"id": names, "kpi": names, "target": target_values,
             "direction": [V.parse_direction(n) for n in names]}
    kpis = named_kpis(grid, layout, given, settings, model)
    kpis.cells.update(cells)
    return [kpis, history_table(grid, layout, readings, model, as_of, extra)]


def history_frame_with(grid: Grid, layout: Layout, readings: list[Any]) -> Table:
    """A KPI History table of readings that each carry their own target, and the author's
    attainment where the sheet gives one: (date, KPI, value, target, row, column, the
    author's column or None, unreadable)."""
    dates, kpis, values, flags, targets, authors = [], [], [], [], [], []
    cells: dict[tuple[int, str], tuple[int, int]] = {}
    author_cols: dict[str, int] = {}
    for i, (day, kpi, value, target, row, col, author, bad) in enumerate(readings):
        cells[(i, "value")] = cells[(i, "")] = (row, col)
        dates.append(day)
        kpis.append(kpi)
        values.append(value)
        flags.append(bad)
        targets.append(target)
        theirs = None
        if author is not None:
            cells[(i, "progress")] = (row, author)
            author_cols.setdefault("progress", author)
            try:
                theirs = V.parse_number(grid.value(row, author),
                                        decimal_comma=layout.decimal_comma)
            except V.CellValueError:
                theirs = None
        authors.append(theirs)
    frame = history_frame(dates, kpis, values, flags)
    frame["target"] = pd.Series(targets, dtype="float64").to_numpy()
    if author_cols:
        frame["author_progress"] = pd.Series(authors, dtype="object").to_numpy()
    table = Table(KPI_HISTORY, grid.title, layout.header_row, {}, {}, frame,
                  layout.last_col, cells=cells, author=author_cols)
    table.read_only = True
    return table


def find_wide(grid: Grid, header: HeaderRow, as_of: date) -> Layout | None:
    """KPI readings laid out wide: a KPI (ID or name) per row, then one column per month,
    quarter or date (a bare month takes the year of the title block, else of ``as_of``)."""
    texts = header.texts
    year = default_year(title_block(grid, header.row - 1), as_of)
    periods = {c: p for c, v in enumerate(grid.rows[header.row - 1], start=1)
               if (p := column_period(v, year)) is not None}
    if len(periods) < 3:
        return None
    first = min(periods)
    names = {c: t for c, t in texts.items() if c < first}
    key = next((c for c, t in names.items() if roles.exact_key("kpis", t) == "id"), None)
    key = key or next((c for c, t in names.items() if roles.exact_key("kpis", t) == "kpi"),
                      None)
    if key is None:
        return None
    last = max(max(periods), max(texts))
    rows = _data_rows(grid, header.row, min(texts), last, set())
    layout = Layout(grid.title, "kpi_wide", [header.row], min(texts), last, rows=rows,
                    headers={c: header_text(v) or "" for c, v in enumerate(
                        grid.rows[header.row - 1], start=1) if not V.is_blank(v)},
                    defaults=title_block(grid, header.row - 1))
    layout.roles[key] = "kpi"
    for col in periods:
        layout.roles[col] = "period"
    layout.periods = {c: p.label for c, p in periods.items()}
    for col in layout.headers:
        if col not in layout.roles:
            layout.ignored[col] = "not a reading"
    layout.score = 1.0 + 0.3 * len(periods)
    return layout


def build_wide(grid: Grid, layout: Layout, settings: Settings, model: Model,
               as_of: date) -> list[Table]:
    """A reading per KPI and period column, dated at the period's end (at ``as_of`` for
    the period under way; none for a period not begun)."""
    key = next(c for c, r in layout.roles.items() if r == "kpi")
    readings = []
    for r in layout.rows:
        kpi = V.parse_id(grid.value(r, key))
        if kpi is None:
            continue
        for col, label in sorted(layout.periods.items()):
            raw = grid.value(r, col)
            if V.is_blank(raw):
                continue
            day = reading_day(label, as_of)
            if day is None or day > as_of:
                continue
            readings.append((day, kpi, raw, r, col))
    history = history_table(grid, layout, readings, model, as_of)
    history.read_only = True
    return [history]


def named_kpis(grid: Grid, layout: Layout, given: dict[str, list[Any]], settings: Settings,
               model: Model) -> Table:
    """The KPIs a log or a wide table names (one per ``given["id"]``), with the owner and
    team its title block gives."""
    n = len(given["id"])
    for key in ("owner", "team"):
        if layout.defaults.get(key):
            given[key] = [layout.defaults[key]] * n
    return make_table(grid, LOG_SPEC, header_row=layout.header_row, rows=list(range(n)),
                      columns={}, computed={}, last_col=layout.last_col, settings=settings,
                      model=model, given=given)
