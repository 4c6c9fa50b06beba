"""The mapping a person can see and fix: ``[mapping."Tab"]`` sections of sheets-okr.toml,
read before any guessing, and written by ``sheets-okr map --write``."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import UsageError
from ..io.atomic import write_bytes_atomic
from ..model import Grid, RawBook, col_letter, parse_a1
from ..schema import KEY_RESULTS, TAB_BY_KEY, normalize_name, result_keys
from . import kpi_sheets, row_groups, shapes, tracker
from .bands import choose_band, column_period
from .detect import (
    SCAN_ROWS,
    HeaderRow,
    _data_rows,
    default_year,
    guess_locale,
    header_text,
    layout_at,
    title_block,
)
from .shape import KINDS, SPLITS, Layout

CONFIG_NAME = "sheets-okr.toml"
SINGLE_ROLES = (
    ("text", "row_type", "objective", "objective_id", "key_result", "team", "period", "parent",
     "type")
    + tuple(c.key for c in KEY_RESULTS.columns if c.key not in ("objective", "key_result"))
    + tuple(sorted(result_keys(KEY_RESULTS))) + ("kr_count", "objective_score",
                                                "objective_expected", "objective_status")
)
LOG_ROLES = ("date", "metric", "metric_target")
TRACKER_ROLES = ("date", "segment", "metric", "metric_target", "metric_progress")
FOUND_BY = {"kpi_tracker": tracker.find, "kpi_wide": kpi_sheets.find_wide,
            "kpi_long": kpi_sheets.find_long, "kpi_rows": row_groups.find}
"""Kinds whose layout is found again (the rows they read, the periods of their columns)
before the mapping's roles are applied."""
ENTRY_KEYS = {"kind", "header_rows", "columns", "rows", "band", "decimal_comma", "day_first",
              "doubt",
              "defaults"}
_SECTION = re.compile(r"^\s*\[\s*(?:\"?sheets-okr\"?\s*\.\s*)?\"?mapping\"?\s*[.\]]")
_HEADER = re.compile(r"^\s*\[")


def roles_for(kind: str) -> tuple[str, ...]:
    """The roles a column may take in a table of ``kind`` (plus ``ignore``)."""
    if kind == "okr_single_table":
        return (*dict.fromkeys(SINGLE_ROLES), "ignore")
    if kind == "kpi_log":
        return (*LOG_ROLES, "ignore")
    if kind == "kpi_tracker":
        return (*TRACKER_ROLES, "ignore")
    if kind == "kpi_long":
        return ("kpi", "date", "value", "ignore")
    if kind == "kpi_wide":
        return ("kpi", "period", "ignore")
    if kind == "kpi_rows":
        return ("label", "segment", "period", "total", "ignore")
    if kind in shapes.SHAPES:
        return (*shapes.SHAPES[kind].roles, "ignore")
    spec = TAB_BY_KEY[kind]
    return (*(c.key for c in spec.columns), *(c.key for c in spec.computed),
            *sorted(result_keys(spec) - {c.key for c in spec.computed}), "ignore")


def saved_mapping(book: RawBook, settings: Settings) -> tuple[dict[str, dict[str, Any]],
                                                               str | None]:
    """Mapping entries by tab title, and the workbook's locale (``[mapping] locale``):
    sheets-okr.toml next to the workbook, then the configuration in use (which wins)."""
    entries: dict[str, dict[str, Any]] = {}
    locale: str | None = None
    sources: list[tuple[Any, str]] = []
    beside = config_beside(book.source)
    if beside is not None and beside.is_file():
        try:
            data = tomllib.loads(beside.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"{beside}: cannot read configuration: {exc}") from None
        sources.append((data.get("sheets-okr", data).get("mapping"), str(beside)))
    sources.append((settings.mapping, "the configuration"))
    for raw, origin in sources:
        if isinstance(raw, dict) and isinstance(raw.get("locale"), str):
            raw = dict(raw)
            locale = raw.pop("locale")
        entries.update(_entries(raw, origin))
    return entries, settings.locale or locale


def config_beside(source: str) -> Path | None:
    path = Path(source) if source else None
    if path is None or path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    return path.with_name(CONFIG_NAME)


def _entries(raw: Any, origin: str) -> dict[str, dict[str, Any]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise UsageError(f"{origin}: [mapping] must hold one table per tab title")
    out = {}
    for title, entry in raw.items():
        where = f"{origin}: mapping for tab '{title}'"
        if not isinstance(entry, dict):
            raise UsageError(f"{where} must be a table")
        unknown = set(entry) - ENTRY_KEYS
        if unknown:
            raise UsageError(f"{where}: unknown key {', '.join(sorted(unknown))} "
                             f"(known: {', '.join(sorted(ENTRY_KEYS))})")
        kind = entry.get("kind")
        if kind not in KINDS:
            raise UsageError(f"{where}: kind must be one of {', '.join(KINDS)}")
        rows = entry.get("header_rows", [1])
        if not isinstance(rows, list) or not 1 <= len(rows) <= 2 or not all(
                isinstance(r, int) and not isinstance(r, bool) and r >= 1 for r in rows):
            raise UsageError(f"{where}: header_rows must be one or two row numbers, e.g. [3, 4]")
        if entry.get("rows") is not None and entry["rows"] not in SPLITS:
            raise UsageError(f"{where}: rows must be one of {', '.join(SPLITS)}")
        columns = entry.get("columns", {})
        if not isinstance(columns, dict) or kind == "ignore" and columns:
            raise UsageError(f"{where}: columns must map headers to roles")
        allowed = roles_for(kind) if kind != "ignore" else ()
        for header, role in columns.items():
            if role not in allowed:
                raise UsageError(f"{where}: '{header}' = '{role}' is not a role of "
                                 f"{kind} (roles: {', '.join(allowed)})")
        out[str(title)] = entry
    return out


def layout_from_mapping(grid: Grid, entry: dict[str, Any], as_of: date) -> Layout:
    """The layout a mapping entry describes; what it leaves out is detected."""
    kind = entry["kind"]
    if kind == "ignore":
        return Layout(grid.title, "ignore", [1], 1, 1, source="mapping")
    rows = entry.get("header_rows") or [_guess_header(grid, entry, as_of)]
    bottom = rows[-1]
    texts = {c: t for c, v in enumerate(grid.rows[bottom - 1] if bottom <= grid.height else [],
                                        start=1) if (t := header_text(v))}
    if not texts:
        texts = {1: ""}
    header = HeaderRow(bottom, texts, len(texts))
    if kind == "kpi_log":
        layout = Layout(grid.title, kind, [bottom], min(texts), max(texts), headers=texts,
                        rows=_data_rows(grid, bottom, min(texts), max(texts), set()),
                        defaults=title_block(grid, bottom - 1))
        found = kpi_sheets.find_log(grid, as_of)
        if found is not None and found.header_row == bottom:
            layout.roles = dict(found.roles)
    elif kind in shapes.SHAPES:
        layout = shapes.from_mapping(grid, header, as_of, kind)
        layout.header_rows = list(rows)
    elif kind in FOUND_BY:
        layout = FOUND_BY[kind](grid, header, as_of) or Layout(
            grid.title, kind, [bottom], min(texts), max(texts), headers=texts,
            rows=_data_rows(grid, bottom, min(texts), max(texts), set()),
            defaults=title_block(grid, bottom - 1))
    else:
        layout = layout_at(grid, header, kind, as_of, set(), band_row=len(rows) == 2)
        layout.header_rows = list(rows)
    layout.source = "mapping"
    _apply_columns(layout, entry.get("columns", {}))
    _keep_doubt(layout, entry.get("doubt"))
    if kind == "kpi_tracker":
        tracker.refresh(layout)
    if kind in ("kpi_wide", "kpi_rows"):
        _periods(grid, layout, as_of)
    layout.band = _band(layout, entry.get("band"), as_of)
    layout.split = entry.get("rows")
    layout.defaults.update({k: str(v) for k, v in entry.get("defaults", {}).items()})
    guess_locale(grid, layout)
    if "decimal_comma" in entry:
        layout.decimal_comma = bool(entry["decimal_comma"])
    if "day_first" in entry:
        layout.day_first = bool(entry["day_first"])
    if kind in shapes.SHAPES:
        shapes.refresh(grid, layout, as_of)
    return layout


def _periods(grid: Grid, layout: Layout, as_of: date) -> None:
    """The period each ``period`` column stands for, when the mapping set the roles."""
    year = default_year(layout.defaults, as_of)
    found = {}
    for col, role in layout.roles.items():
        period = column_period(grid.value(layout.header_row, col), year) \
            if role == "period" else None
        if period is not None:
            found[col] = period.label
    layout.periods = found


def _guess_header(grid: Grid, entry: dict[str, Any], as_of: date) -> int:
    """The row naming most of the mapped headers, else the one detection finds, else 1."""
    from .workbook import detect_tab

    wanted = {normalize_name(h) for h in entry.get("columns", {})}
    best, hits = 0, 0
    for r in range(1, min(grid.height, SCAN_ROWS) + 1):
        count = len(wanted & {normalize_name(v) for v in grid.rows[r - 1] if header_text(v)})
        if count > hits:
            best, hits = r, count
    if best:
        return best
    found = detect_tab(grid, as_of, (entry["kind"],))
    return found.header_row if found is not None else 1


def _apply_columns(layout: Layout, columns: dict[str, str]) -> None:
    """Roles named in the mapping win over detection, by header text or column letter."""
    by_text: dict[str, list[int]] = {}
    for col, text in layout.headers.items():
        by_text.setdefault(normalize_name(text), []).append(col)
    for key, role in columns.items():
        cols = by_text.get(normalize_name(key))
        if not cols and re.fullmatch(r"[A-Za-z]{1,3}", key.strip()):
            cols = [parse_a1(f"{key.strip()}1")[1]]
        for col in cols or []:
            layout.explicit.add(col)
            if role == "ignore":
                layout.roles.pop(col, None)
                layout.ignored[col] = "ignored in the mapping"
            else:
                _replace_role(layout, col, role)
                layout.ignored.pop(col, None)
                layout.first_col = min(layout.first_col, col)
                layout.last_col = max(layout.last_col, col)


def _keep_doubt(layout: Layout, doubt: Any) -> None:
    """A doubt saved by ``map --write`` holds while its column is still left out."""
    if not isinstance(doubt, dict):
        return
    wanted = normalize_name(doubt.get("column", ""))
    cols = [c for c, t in layout.headers.items() if normalize_name(t) == wanted]
    if cols and all(c not in layout.roles for c in cols):
        layout.doubt = str(doubt.get("why") or "a doubtful reading saved in sheets-okr.toml")
        layout.doubt_cell = str(doubt.get("cell") or "")
        layout.doubtful.update(cols)
        layout.doubt_columns.update(cols)


def _replace_role(layout: Layout, col: int, role: str) -> None:
    """Give ``col`` its mapped role; a detected column of the same band loses it."""
    band = layout.band_of(col)
    for other, had in list(layout.roles.items()):
        if had == role and other != col and other not in layout.explicit \
                and layout.band_of(other) is band:
            del layout.roles[other]
            layout.ignored[other] = f"column {col_letter(col)} has this role in the mapping"
    layout.roles[col] = role


def _band(layout: Layout, label: Any, as_of: date) -> Any:
    if label is not None:
        for band in layout.bands:
            if normalize_name(band.label) == normalize_name(label) or (
                    band.period is not None and band.period.label == str(label)):
                return band
        raise UsageError(f"mapping for tab '{layout.title}': no band '{label}' (bands: "
                         f"{', '.join(b.label for b in layout.bands) or 'none'})")
    return choose_band(layout.bands, as_of)


def mapping_entry(layout: Layout) -> dict[str, Any]:
    """A layout as a mapping entry: every header with its role (``ignore`` for the rest)."""
    entry: dict[str, Any] = {"kind": layout.kind}
    if layout.kind == "ignore":
        return entry
    if layout.derived:
        return {"kind": "ignore", "note": f"computed from other tabs ({layout.derived}), "
                                          "which are read themselves"}
    entry["header_rows"] = list(layout.header_rows)
    if layout.split and layout.split != "none":
        entry["rows"] = layout.split
    if layout.decimal_comma:
        entry["decimal_comma"] = True
    if layout.day_first is not None:
        entry["day_first"] = layout.day_first
    columns: dict[str, str] = {}
    doubtful: set[str] = set()
    for col in sorted(layout.headers):
        text = layout.headers[col]
        role = layout.roles.get(col, "ignore")
        if layout.doubt and col in layout.doubt_columns:
            role = "ignore"
        if not text.strip():
            continue
        if text in columns and columns[text] != role or text in columns and role == "ignore" \
                or layout.kind in shapes.SHAPES and shapes.SHAPES[layout.kind].by_letter:
            text = col_letter(col)
        columns.setdefault(text, role)
        if col in layout.doubtful:
            doubtful.add(text)
    entry["columns"] = columns
    if doubtful or layout.source == "guess":
        entry["doubtful"] = doubtful
    if layout.doubt:
        held = sorted(layout.headers[c] for c in layout.doubt_columns if c in layout.headers)
        entry["doubt"] = {"column": held[0] if held else "", "cell": layout.doubt_cell,
                          "why": layout.doubt}
    return entry


def entry_toml(title: str, entry: dict[str, Any], prefix: str = "mapping") -> str:
    """One mapping entry as TOML a person can edit."""
    head = f"[{prefix}.{_quote(title)}]"
    lines = [head, f"kind = {_quote(entry['kind'])}  # {KINDS[entry['kind']]}"]
    if entry.get("note"):
        lines.insert(1, f"# {entry['note']}")
    if "header_rows" in entry:
        lines.append(f"header_rows = {json.dumps(entry['header_rows'])}")
    if entry.get("rows"):
        lines.append(f"rows = {_quote(entry['rows'])}  # {SPLITS[entry['rows']]}")
    if entry.get("band"):
        lines.append(f"band = {_quote(str(entry['band']))}")
    for key in ("decimal_comma", "day_first"):
        if key in entry:
            lines.append(f"{key} = {'true' if entry[key] else 'false'}")
    if entry.get("defaults"):
        pairs = ", ".join(f"{k} = {_quote(str(v))}" for k, v in entry["defaults"].items())
        lines.append(f"defaults = {{ {pairs} }}")
    doubtful = entry.get("doubtful")
    if entry.get("doubt"):
        lines.insert(1, "# Not scored while the column marked 'check' is left out: give it its "
                        "role (or leave it out) and run again.")
        doubt = entry["doubt"]
        lines.append(f"doubt = {{ column = {_quote(doubt['column'])}, cell = "
                     f"{_quote(doubt['cell'])}, why = {_quote(doubt['why'])} }}")
    elif doubtful is not None:
        lines.insert(1, "# A guess: nothing on this tab could be read for sure. Check the kind "
                        "and the lines marked 'check'.")
    if entry.get("columns"):
        lines.append("")
        lines.append(f"[{prefix}.{_quote(title)}.columns]")
        lines.extend(f"{_quote(h)} = {_quote(r)}" + ("  # check" if h in (doubtful or ())
                                                     else "")
                     for h, r in entry["columns"].items())
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def write_mapping(path: Path, entries: dict[str, dict[str, Any]],
                  locale: str | None = None) -> None:
    """Replace the mapping sections of ``path`` (created if missing) with ``entries``;
    entries for tabs of other workbooks already there are kept."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: cannot read configuration: {exc}") from None
    nested = "sheets-okr" in data
    old = (data.get("sheets-okr", data) or {}).get("mapping") or {}
    kept = {t: e for t, e in old.items() if t not in entries and isinstance(e, dict)}
    locale = locale or (old.get("locale") if isinstance(old.get("locale"), str) else None)
    prefix = "sheets-okr.mapping" if nested else "mapping"
    out, skipping = [], False
    for line in text.splitlines():
        if _HEADER.match(line):
            skipping = bool(_SECTION.match(line))
        if not skipping:
            out.append(line)
    body = "\n".join(out).rstrip()
    sections = [entry_toml(t, e, prefix) for t, e in {**kept, **entries}.items()]
    if locale:
        sections.insert(0, f"[{prefix}]\nlocale = {_quote(locale)}  # numbers typed as text\n")
    header = ("# How sheets-okr reads each tab (written by `sheets-okr map --write`).\n"
              "# Change a column's role, or set it to \"ignore\"; explicit roles always win.\n")
    new = (body + "\n\n" if body else "") + header + "\n" + "\n".join(sections)
    tomllib.loads(new)
    write_bytes_atomic(path, new.encode("utf-8"))


def table_like(layout: Layout) -> tuple[bool, float]:
    """How much a guessed layout looks like a table to score: measures first."""
    measures = {"target", "current", "baseline", "progress"} & set(layout.roles.values())
    return bool(measures), layout.score


def save_mapping(layouts: dict[str, Layout | None], book: RawBook, config: Path | None,
                 locale: str | None = None) -> tuple[Path | None, int]:
    """Write the mapping of every tab read by detection or mapping to ``config``, else to
    sheets-okr.toml next to the workbook (or in the working folder for Google Sheets).
    Returns the file written (None when there was nothing to save) and the tab count."""
    entries = {t: mapping_entry(x) for t, x in layouts.items()
               if x is not None and x.source != "headers"}
    guesses = [x for x in layouts.values() if x is not None and x.source == "guess"]
    if guesses and len(guesses) == len([x for x in layouts.values() if x is not None]):
        keep = max(guesses, key=table_like)
        for layout in guesses:
            if layout is not keep:
                entries[layout.title] = {"kind": "ignore"}
    if not entries and not locale:
        return None, 0
    path = config or config_beside(book.source) or Path.cwd() / CONFIG_NAME
    if path.name == "pyproject.toml":
        raise UsageError(f"{path}: write the mapping to a {CONFIG_NAME} instead "
                         "(--config sheets-okr.toml)")
    write_mapping(path, entries, locale)
    return path, len(entries)


def example_toml(title: str, row: int, headers: list[str]) -> str:
    """The mapping shape shown when nothing could be read."""
    cols = {h: "ignore" for h in headers[:5]} or {"Your header": "ignore"}
    first = next(iter(cols))
    cols[first] = "text"
    entry = {"kind": "okr_single_table", "header_rows": [row], "columns": cols}
    return entry_toml(title, entry)
