"""Find the table on a tab: its header row (past title blocks and label/value rows), a
band row above it, the role of every column and the kind of table it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .. import values as V
from ..model import Grid
from ..schema import OBJECTIVES, TAB_BY_KEY, column_index, normalize_name
from . import vocab
from .bands import band_labels, band_period, choose_band, split_header
from .shape import Band, Layout

SCAN_ROWS = 40
GAP_ROWS = 3
FLAT_KINDS = ("key_results", "objectives", "kpis", "initiatives", "kpi_history", "roi", "funnel")
MEASURES = {"baseline", "target", "current", "progress", "score"}
SINGLE_FROM_OBJECTIVES = {"team": "team", "period": "period", "end": "due", "parent": "parent",
                          "type": "type", "kr_count": "kr_count", "objective": "objective"}
OBJECTIVE_OWN = ("score", "expected", "status")


@dataclass
class HeaderRow:
    row: int
    texts: dict[int, str]
    known: int


def header_text(value: Any) -> str | None:
    """A cell as header text: strings stripped, years and dates as they read."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    return V.parse_text(value)


def _known(text: str, year: int | None) -> bool:
    if vocab.any_role(text):
        return True
    period, _, rest = split_header(text, year)
    return period is not None and bool(rest) and vocab.any_role(rest)


def header_rows(grid: Grid, year: int | None = None) -> list[HeaderRow]:
    """Rows that name two or more known columns, most first."""
    found = []
    for r in range(1, min(grid.height, SCAN_ROWS) + 1):
        texts = {c: t for c, v in enumerate(grid.rows[r - 1], start=1)
                 if isinstance(v, str) and (t := header_text(v))}
        known = sum(1 for t in texts.values() if _known(t, year))
        if known >= 2:
            found.append(HeaderRow(r, texts, known))
    return sorted(found, key=lambda h: (-h.known, h.row))


def title_block(grid: Grid, last_row: int) -> dict[str, str]:
    """``Team: Growth`` / ``Period | 2026`` rows above a table, by label key."""
    found: dict[str, str] = {}
    for r in range(1, min(last_row, grid.height) + 1):
        cells = [header_text(v) for v in grid.rows[r - 1]]
        for i, text in enumerate(cells):
            if not text:
                continue
            label, sep, value = text.partition(":")
            key = vocab.label_key(label)
            if key is None:
                continue
            if sep and value.strip():
                found.setdefault(key, value.strip())
            else:
                after = next((t for t in cells[i + 1:] if t), None)
                if after:
                    found.setdefault(key, after)
    return found


def default_year(defaults: dict[str, str], as_of: date) -> int:
    period = band_period(defaults.get("period"))
    return period.start.year if period else as_of.year


def role_of(kind: str, text: str) -> str | None:
    """The role a header plays in a table of ``kind``."""
    if kind == "okr_single_table":
        role = vocab.layout_role(text)
        if role:
            return role
        folded = normalize_name(text)
        if folded.startswith("objective") and len(folded) > len("objective"):
            own = column_index(OBJECTIVES).get(folded[len("objective"):])
            if own in OBJECTIVE_OWN:
                return f"objective_{own}"
        role = vocab.tab_roles("key_results", text)
        if role:
            return role
        return SINGLE_FROM_OBJECTIVES.get(vocab.tab_roles("objectives", text) or "")
    if kind in TAB_BY_KEY:
        return vocab.tab_roles(kind, text)
    return None


def assign_roles(layout: Layout, year: int) -> None:
    """Fill ``layout.roles`` (and embedded-period bands) from its headers."""
    embedded: dict[str, Band] = {}
    taken: dict[tuple[int, str], int] = {}
    for col in sorted(layout.headers):
        text = layout.headers[col]
        band = layout.band_of(col)
        if band is None:
            period, label, rest = split_header(text, year)
            if period is not None and rest and role_of(layout.kind, rest):
                band = embedded.setdefault(period.label, Band(label, period))
                band.columns.append(col)
                text = rest
        role = role_of(layout.kind, text)
        if role is None:
            layout.ignored.setdefault(col, "not a known column")
            continue
        slot = (id(band) if band else 0, role)
        if slot in taken:
            layout.ignored[col] = f"same role as column {taken[slot]}"
            continue
        taken[slot] = col
        layout.roles[col] = role
    layout.bands.extend(embedded.values())


def _data_rows(grid: Grid, header: int, first: int, last: int, stop: set[int]) -> list[int]:
    rows: list[int] = []
    blank = 0
    for r in range(header + 1, grid.height + 1):
        if r in stop:
            break
        line = grid.rows[r - 1][first - 1:last]
        if any(not V.is_blank(v) for v in line):
            rows.append(r)
            blank = 0
        else:
            blank += 1
            if rows and blank >= GAP_ROWS:
                break
    return rows


def layout_at(grid: Grid, header: HeaderRow, kind: str, as_of: date,
              others: set[int], band_row: bool | None = None) -> Layout:
    """A layout of ``kind`` with its header at ``header.row`` (and period bands named in
    the row above, unless ``band_row`` is False)."""
    first, last = min(header.texts), max(header.texts)
    top = header.row
    defaults = title_block(grid, header.row - 1)
    year = default_year(defaults, as_of)
    bands = band_labels(grid, header.row - 1, first, last, year) \
        if header.row > 1 and band_row is not False else []
    if bands:
        top = header.row - 1
        defaults = title_block(grid, top - 1)
        first = min(first, bands[0].columns[0])
        last = max(last, bands[-1].columns[-1])
    layout = Layout(grid.title, kind, list(range(top, header.row + 1)), first, last,
                    headers=dict(header.texts), bands=bands, defaults=defaults)
    assign_roles(layout, year)
    layout.band = choose_band(layout.bands, as_of)
    layout.rows = _data_rows(grid, header.row, first, last, {r for r in others if r > top})
    guess_locale(grid, layout)
    return layout


def guess_locale(grid: Grid, layout: Layout) -> None:
    """Decimal comma and day-first dates, from the text cells of the table."""
    cells = [grid.value(r, c) for r in layout.rows for c in layout.roles]
    comma = V.guess_decimal_comma(cells)
    if comma is not None:
        layout.decimal_comma = comma
    layout.day_first = V.guess_day_first(cells)
