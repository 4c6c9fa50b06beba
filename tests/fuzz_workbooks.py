"""Hypothesis strategies that build whole OKR workbooks out of anything a cell can hold."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from hypothesis import strategies as st

from sheets_okr.schema import TABS, TabSpec

NASTY_TEXT = [
    "nan", "NaN", "inf", "-inf", "Infinity", "45%", "12.5 %", "$1,000", "€ 2.5", "(300)",
    "1.234,5", "1 234,5", "2.5k", "3M", "—", "-", "n/a", "N/D", "TBD", "done", "not done", "✓",
    "✗", "yes", "no", "x", "=1+2", "+1-2", "-1+2", "@SUM(A1)", "=IMPORTXML(\"http://x\",\"//a\")",
    "2026-Q4", "Q4 2026", "2026-H1", "2026-11", "2026", "1/10/2026", "31/12/2026",
    "2026-02-30", "93 días", "48 days", "🙂", "😟", "✅", "⚠️", "❌", "שלום עולם", "مرحبا",
    "a" * 300, "\u202eevil", "line\nbreak", "tab\there", "  padded  ", "0.468", "1e308", "1e-308",
    "-0", "00012", "KR1", "O1", "K1",
]
ERRORS = ["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"]


def cell_values() -> st.SearchStrategy[Any]:
    """Anything a spreadsheet cell can hold."""
    return st.one_of(
        st.none(),
        st.integers(min_value=-10**12, max_value=10**12),
        st.floats(allow_nan=False, allow_infinity=False, width=64).filter(
            lambda x: abs(x) < 1e300),
        st.sampled_from([0.0, 1.0, 0.45, -0.0, 1e-300, 1e15, 45931.0, 2958465.0]),
        st.booleans(),
        st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 12, 31)),
        st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)),
        st.times().map(lambda t: time(t.hour, t.minute, t.second)),
        st.sampled_from(NASTY_TEXT),
        st.sampled_from(ERRORS),
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40).filter(
            lambda s: not s.startswith("=")),
    )


def header_spelling(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from([
        name, name.upper(), name.lower(), name.replace(" ", "_"), name.replace(" ", "-"),
        f" {name} ", name.title(),
    ])


@st.composite
def tab_rows(draw: st.DrawFn, tab: TabSpec) -> list[list[Any]]:
    """Rows of one tab: optional title rows, a header row, data rows with blanks."""
    columns = [c for c in tab.columns if c.required or draw(st.booleans())]
    columns = draw(st.permutations(columns))
    headers = [draw(header_spelling(draw(st.sampled_from((c.header, *c.aliases)))))
               for c in columns]
    if draw(st.booleans()):
        headers.append("My own notes")
    rows: list[list[Any]] = []
    for _ in range(draw(st.integers(0, 2))):
        rows.append([draw(st.sampled_from(["Team goals", "Q4 plan", "Owner: Ana"]))])
    rows.append(headers)
    ids = [f"{tab.key[:2].upper()}{i}" for i in range(1, 6)]
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.integers(0, 5)) == 0:
            rows.append([])
            continue
        line = []
        for col in columns:
            if col.key in ("id", "objective", "kr", "kpi", "parent") and draw(st.booleans()):
                line.append(draw(st.sampled_from(ids + ["O1", "O2", "KR1", "K1"])))
            else:
                line.append(draw(cell_values()))
        if len(headers) > len(columns):
            line.append(draw(cell_values()))
        rows.append(line)
    return rows


@st.composite
def workbooks(draw: st.DrawFn) -> dict[str, list[list[Any]]]:
    """Every required tab and a random subset of the optional ones."""
    book: dict[str, list[list[Any]]] = {}
    for tab in TABS:
        if tab.key in ("objectives", "key_results") or draw(st.booleans()):
            title = draw(header_spelling(draw(st.sampled_from((tab.title, *tab.aliases)))))
            if title.strip() and title.strip() not in book:
                book[title.strip()[:31]] = draw(tab_rows(tab))
    return book

