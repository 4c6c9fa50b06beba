"""Turn raw sheet grids into typed tables: find tabs, header rows and columns, parse cells.

A saved mapping (``[mapping."Tab"]`` in sheets-okr.toml) is used first; then tabs are
found by name and exact headers; the layout of any other tab is detected
(:mod:`sheets_okr.layout`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .. import values as V
from ..config import Settings
from ..errors import InputError
from ..history import is_history
from ..model import CellProblem, Grid, Model, RawBook, Table, col_letter, history_frame
from ..owned import OTHER
from ..schema import (
    DASHBOARD_TAB,
    FLAGS_TAB,
    REQUIRED_TABS,
    STATE_TAB,
    TAB_BY_KEY,
    TabSpec,
    column_index,
    normalize_name,
    tab_index,
)
from .author import claim
from .build import cell_values, make_table, parser
from .explain import nothing_readable
from .guess import guess_tab
from .mapping import layout_from_mapping, saved_mapping
from .shape import Layout
from .typos import Typo, meant
from .vocab import localized
from .workbook import add_placeholders, detect_tab, from_table, read_layouts, strong

HEADER_SCAN_ROWS = 30
OWNED_TABS = {normalize_name(t) for t in (FLAGS_TAB, DASHBOARD_TAB, STATE_TAB, *OTHER.values())}
DETECTED_AFTER_HEADERS = ("kpis", "kpi_log", "kpi_tracker", "kpi_long")
ADDED_SCOPES = ("kpi_tracker", "kpi_long")
"""KPI tables read beside a workbook's own KPIs tab, each as a scope of its own."""


@dataclass
class Reading:
    """A workbook read: the model, and how each tab (by title) was read (None: not at
    all). With nothing readable (when asked to explain rather than refuse), the model is
    None, ``refused`` says why and the layouts are best guesses."""

    model: Model | None
    layouts: dict[str, Layout | None]
    refused: str | None = None


def build_model(book: RawBook, settings: Settings | None = None,
                as_of: date | None = None) -> Model:
    """Read every recognised tab of ``book``; raise InputError when neither OKRs nor KPIs
    can be read. ``as_of`` picks the period band scored on tabs that have bands."""
    return read_book(book, settings or Settings(), as_of or date.today()).model


def read_book(book: RawBook, settings: Settings, as_of: date,
              explain: bool = False) -> Reading:
    """The model of ``book`` and the layout each tab was read with. When nothing can be
    read this raises InputError, unless ``explain``: then the best guess of each tab."""
    try:
        reading = _read_book(book, settings, as_of)
    except InputError as exc:
        if not explain:
            raise
        guesses: dict[str, Layout | None] = {
            title: guess_tab(book.grids[title], as_of) for title in _input_tabs(book)}
        return Reading(None, guesses, str(exc).splitlines()[0].removesuffix(" Tabs seen:"))
    claim(reading.model)
    forget_detection(book)
    return reading


DETECTION_MEMOS = frozenset({"data_rows", "data_rows_upto", "locale_votes", "split",
                             "profile", "title_block"})
"""What detection keeps with each grid while the tabs are read (see ``Grid.memo``)."""


def forget_detection(book: RawBook) -> None:
    """Let go of what detection kept with each grid once the model is read: rows, votes
    and splits of every reading tried, which can be as long as the tabs."""
    for grid in book.grids.values():
        for key in [k for k in grid.memo if isinstance(k, tuple) and k[0] in DETECTION_MEMOS]:
            del grid.memo[key]


def _read_book(book: RawBook, settings: Settings, as_of: date) -> Reading:
    saved, locale = saved_mapping(book, settings)
    mapping = {title: entry for title, entry in saved.items() if title in book.grids}
    comma = V.decimal_comma_locale(locale) if locale else None
    if not mapping:
        try:
            model = _read_by_headers(book, settings, comma)
        except InputError as exc:
            return _read_layouts(book, settings, as_of, {}, exc, comma)
        return Reading(model, _complete(model, settings, as_of, comma))
    return _read_layouts(book, settings, as_of, mapping, None, comma)


def _input_tabs(book: RawBook) -> list[str]:
    return [t for t in book.grids if normalize_name(t) not in OWNED_TABS
            and not is_history(book.grids[t])]


def _complete(model: Model, settings: Settings, as_of: date,
              comma: bool | None) -> dict[str, Layout | None]:
    """Layouts of the tabs read by their headers; KPI sheets on the other tabs are
    detected when the workbook has no KPIs tab."""
    layouts: dict[str, Layout | None] = {}
    read = {t.title: t for t in model}
    named = {grid.title for grid in _match_tabs(model.book).values()}
    for title in _input_tabs(model.book):
        grid = model.book.grids[title]
        if title in read:
            layouts[title] = from_table(read[title], grid)
        elif title in named:
            layouts[title] = None
        else:
            kinds = DETECTED_AFTER_HEADERS if "kpis" not in model.tables else ADDED_SCOPES
            found = detect_tab(grid, as_of, kinds)
            found = found if found is not None and strong(found) else None
            layouts[title] = found
            if found is not None:
                _use_locale(found, comma, {})
                read_layouts(model, [found], settings, as_of)
                if any(t.title == title for t in model):
                    model.notes.append(f"Tab '{title}' was read as {found.kind} by its layout "
                                       f"(sheets-okr map shows how)")
    return layouts


def _use_locale(layout: Layout, comma: bool | None, entry: dict[str, Any]) -> None:
    if comma is not None and "decimal_comma" not in entry:
        layout.decimal_comma = comma


def _read_layouts(book: RawBook, settings: Settings, as_of: date,
                  mapping: dict[str, dict[str, Any]], error: InputError | None,
                  comma: bool | None) -> Reading:
    """Mapped tabs by their mapping, named tabs by their headers, the rest by detection."""
    model = Model(book=book, tables={})
    layouts: dict[str, Layout | None] = {}
    chosen = _match_tabs(book)
    named = {grid.title: key for key, grid in chosen.items()}
    day_first = _book_day_first(chosen.values())
    for title in _input_tabs(book):
        grid = book.grids[title]
        if title in mapping:
            layouts[title] = found = layout_from_mapping(grid, mapping[title], as_of)
            _use_locale(found, comma, mapping[title])
            continue
        key = named.get(title)
        if key is not None and key not in model.tables:
            table = _read_table(grid, TAB_BY_KEY[key], settings, model, comma, day_first)
            if table is not None:
                model.tables[key] = table
                layouts[title] = from_table(table, grid)
                continue
        layouts[title] = found = detect_tab(grid, as_of)
        if found is not None:
            _use_locale(found, comma, {})
    read_layouts(model, [x for x in layouts.values() if x is not None], settings, as_of)
    okrs = [k for k in REQUIRED_TABS if k in model.tables]
    if len(okrs) < len(REQUIRED_TABS):
        if error is not None and set(named.values()) & set(REQUIRED_TABS):
            raise error
        others = [k for k in model.tables if k not in REQUIRED_TABS and k != "kpi_history"]
        if okrs or not others:
            found = [model.tables[k] for k in okrs]
            raise InputError(nothing_readable(book, _input_tabs(book), found, model.doubts,
                                              as_of))
        add_placeholders(model)
    for key in REQUIRED_TABS:
        model.tables[key] = model.tables.pop(key)
    return Reading(model, layouts)


def _read_by_headers(book: RawBook, settings: Settings, comma: bool | None = None) -> Model:
    """Tabs found by name, tables by their exact headers (SPEC §3)."""
    chosen = _match_tabs(book)
    missing = [key for key in REQUIRED_TABS if key not in chosen]
    if missing:
        names = ", ".join(TAB_BY_KEY[k].title for k in missing)
        seen = ", ".join(f"'{t}'" for t in book.grids) or "none"
        raise InputError(f"{book.source}: no {names} tab found (tabs seen: {seen})")
    model = Model(book=book, tables={})
    day_first = _book_day_first(chosen.values())
    for key, grid in chosen.items():
        spec = TAB_BY_KEY[key]
        table = _read_table(grid, spec, settings, model, comma, day_first)
        if table is None:
            if key in REQUIRED_TABS:
                raise InputError(_missing_header_message(grid, spec))
            model.notes.append(f"Tab '{grid.title}' was not read: "
                               + _missing_header_message(grid, spec, short=True))
            continue
        model.tables[key] = table
    return model


def _match_tabs(book: RawBook) -> dict[str, Grid]:
    index = tab_index()
    chosen: dict[str, Grid] = {}
    exact: set[str] = set()
    for title, grid in book.grids.items():
        folded = normalize_name(title)
        if folded in OWNED_TABS or is_history(grid):
            continue
        key = index.get(title)
        if key is None:
            continue
        is_exact = folded == normalize_name(TAB_BY_KEY[key].title)
        if key not in chosen or (is_exact and key not in exact):
            chosen[key] = grid
            if is_exact:
                exact.add(key)
    return chosen


def _missing_header_message(grid: Grid, spec: TabSpec, short: bool = False) -> str:
    missing = _missing_headers(grid, spec)
    text = f"missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
    if short:
        return text
    required = ", ".join(c.header for c in spec.required)
    return (f"Tab '{grid.title}': {text} (its header row, within the first "
            f"{HEADER_SCAN_ROWS} rows, needs {required})")


def _missing_headers(grid: Grid, spec: TabSpec) -> list[str]:
    """The required headers absent from the row that holds most of them."""
    index = column_index(spec)
    best: set[str] = set()
    for line in grid.rows[:HEADER_SCAN_ROWS]:
        found = {index.get(v) for v in line if isinstance(v, str) and v.strip()}
        if len(found & {c.key for c in spec.required}) > len(best):
            best = found & {c.key for c in spec.required}
    return [c.header for c in spec.required if c.key not in best]


def find_header(grid: Grid, spec: TabSpec) -> tuple[int, dict[int, str]] | None:
    """The first row holding every required header, with its column keys by column."""
    index = column_index(spec)
    required = {c.key for c in spec.required}
    for r in range(1, min(grid.height, HEADER_SCAN_ROWS) + 1):
        found: dict[int, str] = {}
        for c, raw in enumerate(grid.rows[r - 1], start=1):
            if not isinstance(raw, str) or not raw.strip():
                continue
            key = index.get(raw)
            if key is not None and key not in found.values():
                found[c] = key
        if required <= set(found.values()):
            return r, found
    return None


def _book_day_first(grids: Iterable[Grid]) -> bool | None:
    """Whether the dates typed as text in these tabs are day-first, judged on all of them
    at once so that every tab reads ``1/10/2026`` the same way; None when nothing tells."""
    return V.guess_day_first(v for grid in grids for line in grid.rows for v in line
                             if isinstance(v, str) and v[:1].isdigit())


def _read_table(grid: Grid, spec: TabSpec, settings: Settings, model: Model,
                comma: bool | None = None, day_first: bool | None = None) -> Table | None:
    header = find_header(grid, spec)
    if header is None:
        if spec.key == "kpi_history":
            return _read_wide_history(grid, spec, settings, model)
        return None
    header_row, found = header
    found = _meant_instead(grid, spec, header_row, found, settings)
    inputs = {key: col for col, key in found.items() if _is_input(spec, key)}
    computed = {key: col for col, key in found.items() if not _is_input(spec, key)}
    header_cells = grid.rows[header_row - 1]
    extra = {
        c: str(v) for c, v in enumerate(header_cells, start=1)
        if c not in found and v not in (None, "")
    }
    last_col = max([*found, *extra, 0])
    taken = {TAB_BY_KEY[spec.key].column(k).header if any(c.key == k for c in spec.columns)
             else k for k in found.values()}
    for col, text in extra.items():
        known = meant(spec.key, text)
        if known is not None and known not in taken:
            model.typos.append(Typo(grid.title, col_letter(col) + str(header_row), text, known))
    data_rows, typed = _data_rows(grid, header_row + 1, sorted(inputs.values()))
    spec = localized(spec, header_cells)
    table = make_table(grid, spec, header_row=header_row, rows=data_rows, columns=inputs,
                       computed=computed, last_col=last_col, settings=settings, model=model,
                       extra_headers=extra,
                       decimal_comma=bool(V.guess_decimal_comma(typed) if comma is None
                                          else comma),
                       day_first=day_first or None)
    table.template = True
    return table


def _meant_instead(grid: Grid, spec: TabSpec, header_row: int, found: dict[int, str],
                   settings: Settings) -> dict[int, str]:
    """The column keys, with a date column whose header also names a value column (a key
    result's "Start") read as that column when the table has none and its cells hold
    more values of that kind than dates."""
    out = dict(found)
    rows = range(header_row + 1, grid.height + 1)
    for col, key in found.items():
        other = next((c.or_else for c in spec.columns if c.key == key), None)
        if other is None or other in found.values():
            continue
        cells = [v for v in cell_values(grid, col, rows) if not V.is_blank(v)]
        dates = sum(1 for v in cells if _reads_as_date(v))
        read = parser(spec.column(other).type, settings)
        if sum(1 for v in cells if not _reads_as_date(v) and _reads(read, v)) > dates:
            out[col] = other
    return out


def _reads(parse: Callable[[Any], Any], value: Any) -> bool:
    try:
        parse(value)
    except V.CellValueError:
        return False
    return True


def _reads_as_date(value: Any) -> bool:
    if isinstance(value, date):
        return True
    try:
        return isinstance(value, str) and V.parse_date(value) is not None
    except V.CellValueError:
        return False


def _is_input(spec: TabSpec, key: str) -> bool:
    return any(c.key == key for c in spec.columns)


def _data_rows(grid: Grid, first: int, cols: list[int]) -> tuple[list[int], list[str]]:
    """The rows from ``first`` on with a value in any of ``cols``, and the distinct texts
    of those columns (for guessing how numbers and dates are typed)."""
    body = grid.rows[first - 1:]
    filled: set[int] = set()
    texts: dict[str, None] = {}
    for c in cols:
        column = [line[c - 1] if c <= len(line) else None for line in body]
        distinct = set(column)
        strings = sorted(v for v in distinct if type(v) is str)
        texts.update(dict.fromkeys(strings))
        if len(filled) == len(body):
            continue
        blank = {v for v in strings if V.is_blank(v)}
        blank.add(None)
        if distinct.isdisjoint(blank) and not any(v != v for v in distinct):
            filled = set(range(len(body)))
        else:
            filled.update(i for i, v in enumerate(column) if v not in blank and v == v)
    return [first + i for i in sorted(filled)], list(texts)


def _read_wide_history(
    grid: Grid, spec: TabSpec, settings: Settings, model: Model
) -> Table | None:
    """KPI History as one row per KPI and one column per date."""
    index = column_index(TAB_BY_KEY["kpis"])
    for r in range(1, min(grid.height, HEADER_SCAN_ROWS) + 1):
        cells = grid.rows[r - 1]
        id_col = next(
            (c for c, v in enumerate(cells, start=1)
             if isinstance(v, str) and index.get(v) in ("id", "kpi")),
            None,
        )
        if id_col is None:
            continue
        date_cols = {}
        for c, v in enumerate(cells, start=1):
            if c == id_col or V.is_blank(v) or isinstance(v, bool):
                continue
            if isinstance(v, (int, float)) and not isinstance(v, bool) and v < 20000:
                continue
            try:
                date_cols[c] = V.parse_date(v, day_first=settings.day_first)
            except V.CellValueError:
                continue
        if not date_cols:
            continue
        return _wide_table(grid, spec, r, id_col, date_cols, model)
    return None


def _wide_table(
    grid: Grid,
    spec: TabSpec,
    header_row: int,
    id_col: int,
    date_cols: dict[int, date | datetime | None],
    model: Model,
) -> Table:
    dates: list[Any] = []
    kpis: list[str | None] = []
    values: list[float | None] = []
    flags: list[bool] = []
    cells: dict[tuple[int, str], tuple[int, int]] = {}
    for r in range(header_row + 1, grid.height + 1):
        kpi = V.parse_id(grid.value(r, id_col))
        if kpi is None:
            continue
        for c, day in date_cols.items():
            raw = grid.value(r, c)
            if V.is_blank(raw):
                continue
            i = len(values)
            cells[(i, "value")] = (r, c)
            cells[(i, "")] = (r, c)
            try:
                values.append(V.parse_number(raw))
                flags.append(False)
            except V.CellValueError as exc:
                values.append(None)
                flags.append(True)
                model.problems.append(CellProblem(
                    spec.key, grid.title, r, c, "value", f"Value {col_letter(c)}",
                    raw, exc.expected, kpi,
                ))
            dates.append(day)
            kpis.append(kpi)
    frame = history_frame(dates, kpis, values, flags)
    return Table(spec, grid.title, header_row, {"kpi": id_col}, {}, frame,
                 max(date_cols), cells=cells)
