"""Find the table on a tab: its header row (past title blocks and label/value rows), a
band row above it, the role of every column and the kind of table it is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .. import values as V
from ..model import Grid, col_letter
from . import lexicon, roles, vocab
from .bands import band_labels, band_period, choose_band, marked_band, split_header
from .locale import guess
from .profile import profile
from .shape import Band, Layout

SCAN_ROWS = 40
GAP_ROWS = 3
FLAT_KINDS = ("key_results", "objectives", "kpis", "initiatives", "kpi_history", "roi", "funnel")
MEASURES = {"baseline", "target", "current", "progress", "score"}


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
    if vocab.any_role(text) or _named(text):
        return True
    period, _, rest = split_header(text, year)
    return period is not None and bool(rest) and vocab.any_role(rest)


OUR_WORDS = frozenset({"achieved", "on track", "at risk", "off track", "missed", "no data",
                       "red", "yellow", "green", "healthy", "warning", "breach", "stale",
                       "flat", "up", "down"})


def _named(text: str) -> bool:
    """Whether the lexicon knows a header: a role covering most of it (values such as
    ``n/a`` or a status sheets-okr writes are not headers)."""
    if len(text) > 60 or V.is_blank(text) or text.strip().casefold() in OUR_WORDS \
            or V.bool_word(text) or V.parse_confidence(text) is not None:
        return False
    return any(m.score >= 0.75 for m in lexicon.header_roles(text))


def header_rows(grid: Grid, year: int | None = None) -> list[HeaderRow]:
    """Rows that name two or more known columns, most first."""
    found = []
    said: dict[str, bool] = {}  # texts repeat down the rows (statuses, owners, marks)

    def is_known(text: str) -> bool:
        answer = said.get(text)
        if answer is None:
            answer = said[text] = _known(text, year)
        return answer

    for r in range(1, min(grid.height, SCAN_ROWS) + 1):
        texts = {c: t for c, v in enumerate(grid.rows[r - 1], start=1)
                 if isinstance(v, str) and (t := header_text(v))}
        known = sum(1 for t in texts.values() if is_known(t))
        periods = _period_cells(grid.rows[r - 1], year)
        if periods >= 3:
            known += 1
        if known >= 2:
            found.append(HeaderRow(r, _without_prose(texts, is_known), known))
    return sorted(found, key=lambda h: (-h.known, h.row))


def _period_cells(line: list[Any], year: int | None) -> int:
    """How many cells of a row name a month, a quarter or a date (a column per period)."""
    from .bands import column_period

    count = 0
    for value in line:
        if isinstance(value, (date, str)) and not V.is_blank(value) and column_period(
                value, year or date.today().year) is not None:
            count += 1
    return count


def _without_prose(texts: dict[int, str], is_known: Callable[[str], bool]) -> dict[int, str]:
    """A header row without the paragraphs written beside the table (past an empty
    column, a long text that names no column)."""
    known = [c for c, t in texts.items() if is_known(t)]
    if not known:
        return texts
    last = max(known)
    out = {}
    for col in sorted(texts):
        text = texts[col]
        prose = len(text) > 60 or len(text.split()) >= 8
        if col > last and prose and (col - 1) not in texts:
            break
        out[col] = text
    return out


def title_block(grid: Grid, last_row: int) -> dict[str, str]:
    """``Team: Growth`` / ``Period | 2026`` rows above a table, by label key, and the
    first line of text that is not a label (the table's ``caption``); worked out once
    per grid and row (every reading under a header asks), a copy given each time."""
    key = ("title_block", last_row)
    found = grid.memo.get(key)
    if found is None:
        found = grid.memo[key] = _title_block(grid, last_row)
    return dict(found)


def _title_block(grid: Grid, last_row: int) -> dict[str, str]:
    found: dict[str, str] = {}
    for r in range(1, min(last_row, grid.height) + 1):
        cells = [header_text(v) for v in grid.rows[r - 1]]
        for i, text in enumerate(cells):
            if not text:
                continue
            label, sep, value = text.partition(":")
            key = vocab.label_key(label) or lexicon.label_of(label) or _rate_label(label)
            if key is None:
                if not sep and len(text) > 2 and not any(cells[:i]):
                    found.setdefault("caption", " ".join(text.split()))
                continue
            if sep and value.strip():
                found.setdefault(key, value.strip())
            else:
                after = next((t for t in cells[i + 1:] if t), None)
                if after and lexicon.label_of(after.rstrip(":")) is None:
                    found.setdefault(key, after)
    if "period" not in found and "caption" in found:
        period, label, _ = split_header(found["caption"])
        if period is not None:
            found["period"] = label
    return found


def _rate_label(label: str) -> str | None:
    """``discount_rate`` for a label such as ``Discount rate`` or ``WACC``."""
    found = lexicon.header_roles(label)
    return "discount_rate" if found and found[0].role == "discount_rate" and \
        found[0].score >= 0.9 else None


def side_labels(grid: Grid, header: HeaderRow) -> dict[int, str]:
    """Header cells that are the top of a merge running down beside the table (a person's
    name in A2, merged to the last row): not columns, but the table's owner."""
    found = {}
    for r1, c1, r2, c2 in grid.merged:
        if r1 == header.row and r2 > r1 + 1 and c1 in header.texts and c2 == c1:
            found[c1] = header.texts[c1]
    return found


def default_year(defaults: dict[str, str], as_of: date) -> int:
    period = band_period(defaults.get("period"))
    return period.start.year if period else as_of.year


def role_of(kind: str, text: str) -> str | None:
    """The role a header plays in a table of ``kind``, from its words alone."""
    found = roles.candidates(kind, text, None)
    return found[0].key if found and found[0].score >= roles.ACCEPT else None


def assign_roles(layout: Layout, year: int, grid: Grid | None = None) -> None:
    """Fill ``layout.roles`` (and embedded-period bands) for the whole table at once: every
    column's claims (header words, then what its cells hold) are ranked and each role is
    given once per band to the column with the strongest claim."""
    embedded: dict[str, Band] = {}
    claims: list[tuple[float, int, str, int]] = []
    strength: dict[tuple[int, str], float] = {}
    bands: dict[int, Band | None] = {}
    for col in sorted(layout.headers):
        text = layout.headers[col]
        band = layout.band_of(col)
        if band is None:
            period, label, rest = split_header(text, year)
            if period is not None and rest and role_of(layout.kind, rest):
                band = embedded.setdefault(period.label, Band(label, period))
                band.columns.append(col)
                text = rest
        bands[col] = band
        prof = profile(grid, col, layout.rows) if grid is not None and layout.rows else None
        for cand in roles.candidates(layout.kind, text, prof):
            if cand.score >= roles.ACCEPT or cand.header >= 1.0:
                claims.append((cand.score, col, cand.key, id(band) if band else 0))
                strength[(col, cand.key)] = cand.header
    taken: dict[tuple[int, str], int] = {}
    wanted: dict[int, str] = {}
    total = 0.0
    for score, col, key, slot in sorted(claims, key=lambda c: (-c[0], c[1])):
        wanted.setdefault(col, key)
        if col in layout.roles or (slot, key) in taken:
            continue
        taken[(slot, key)] = col
        layout.roles[col] = key
        layout.strength[col] = strength[(col, key)]
        total += score
    for col in layout.headers:
        if col in layout.roles:
            continue
        key = wanted.get(col)
        other = taken.get((id(bands[col]) if bands[col] else 0, key or ""))
        layout.ignored.setdefault(
            col, f"same role as column {other}" if key and other else _unused(layout.headers[col]))
    layout.score = total
    layout.bands.extend(embedded.values())


UNUSED = {"note": "notes", "priority": "a priority", "name": "names", "segment": "a dimension",
          "stage_order": "an order", "definition": "a definition"}


def _unused(header: str) -> str:
    """Why a column takes no part: what its header says it holds, when the lexicon knows."""
    if lexicon.in_list(header, "helpers"):
        return "a helper column"
    for match in lexicon.header_roles(header):
        if match.role in UNUSED and match.score >= 0.7:
            return UNUSED[match.role]
    return "not a known column"


def _data_rows(grid: Grid, header: int, first: int, last: int, stop: set[int],
               limit: int | None = None) -> list[int]:
    """The rows of a table below its header: up to three blank rows in a row, a row that
    starts another table or, past a blank row, a title standing alone in its row (worked
    out once per grid). With ``limit``, the scan may stop at the first ``limit + 1`` rows:
    enough to tell a table longer than ``limit`` rows."""
    key = ("data_rows", header, first, last, frozenset(r for r in stop if r > header))
    found = grid.memo.get(key)
    if found is not None:
        return list(found)
    if limit is not None:
        short = ("data_rows_upto", limit, *key[1:])
        found = grid.memo.get(short)
        if found is None:
            found = grid.memo[short] = _find_data_rows(grid, header, first, last, stop, limit)
        return list(found)
    found = grid.memo[key] = _find_data_rows(grid, header, first, last, stop)
    return list(found)


def _find_data_rows(grid: Grid, header: int, first: int, last: int, stop: set[int],
                    limit: int | None = None) -> list[int]:
    rows: list[int] = []
    blank = 0
    not_blank, any_filled = V.not_blank, V.any_filled
    for r in range(header + 1, grid.height + 1):
        if r in stop:
            break
        line = grid.rows[r - 1][first - 1:last]
        if rows and blank and last > first:
            filled = not_blank(line)
            if len(filled) == 1 and isinstance(filled[0], str) and not V.is_blank(line[0]):
                break  # past a blank row, a title standing alone in its row
            kept = bool(filled)
        else:
            kept = any_filled(line)
        if kept:
            rows.append(r)
            blank = 0
            if limit is not None and len(rows) > limit:
                break
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
    texts = dict(header.texts)
    for col, text in side_labels(grid, header).items():
        del texts[col]
        defaults.setdefault("owner", text.splitlines()[0].strip())
        if texts:
            first = min(texts)
    layout = Layout(grid.title, kind, list(range(top, header.row + 1)), first, last,
                    headers=texts, bands=bands, defaults=defaults)
    layout.rows = _data_rows(grid, header.row, first, last, {r for r in others if r > top})
    assign_roles(layout, year, grid)
    ratios(layout, grid)
    marked = marked_band(grid, layout.bands, top - 1) if bands else None
    layout.band = choose_band(layout.bands, as_of, marked)
    layout.marked = marked is not None
    guess_locale(grid, layout)
    return layout


RATIOS = {("current", "target"): "progress", ("outlook", "target"): "outlook_progress",
          ("outlook", "long_target"): "outlook_progress", ("return", "investment"): "roi",
          ("current", "long_target"): "long_progress"}


def ratios(layout: Layout, grid: Grid) -> None:
    """A column whose formulas divide two of the table's columns is the author's result:
    an actual over its goal is their progress, a forecast over its goal their outlook,
    whatever its header says."""
    if not grid.formula_text or not layout.rows:
        return
    for col in sorted(layout.headers):
        shape = profile(grid, col, layout.rows).shape
        if shape is None or shape[0] not in ("divides", "relative"):
            continue
        found = {RATIOS.get((layout.roles.get(a), layout.roles.get(b))) for a, b in shape[1]}
        found.discard(None)
        if len(found) != 1:
            continue
        role = found.pop()
        if shape[0] == "relative" and role != "roi":
            continue
        old = layout.roles.get(col)
        if old == role:
            continue
        layout.roles[col] = role
        layout.ignored.pop(col, None)
        layout.strength[col] = 0.9
        layout.notes.append(f"column {col_letter(col)} divides two of the table's columns: "
                            f"read as the sheet's own {role.replace('_', ' ')}")


def guess_locale(grid: Grid, layout: Layout) -> None:
    """Decimal comma and day-first dates, from the text cells of the table."""
    comma, layout.day_first = guess(grid, layout.rows, list(layout.roles))
    if comma is not None:
        layout.decimal_comma = comma
