"""Layout detection piece by piece: values as typed in the wild, names in five languages,
period bands, single tables, and a property: detection never raises on any grid."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheets_okr import values as V
from sheets_okr.calc import compute
from sheets_okr.config import Settings
from sheets_okr.errors import InputError
from sheets_okr.lint import run_lint
from sheets_okr.model import Grid, RawBook
from sheets_okr.plan import make_plan
from sheets_okr.read.bands import band_labels, band_period, choose_band, split_header
from sheets_okr.read.explain import describe
from sheets_okr.read.pipeline import read_book
from sheets_okr.read.workbook import detect_tab
from sheets_okr.schema import TAB_BY_KEY, column_index, tab_index, vocabulary

from .layouts import AS_OF

# Values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "meant"), [
    ("🙂", "on track"), ("😀", "on track"), ("🤔", "at risk"), ("😟", "off track"),
    ("✅", "on track"), ("⚠️", "at risk"), ("⚠", "at risk"), ("❌", "off track"),
    ("Alta", "on track"), ("media", "at risk"), ("Baixa", "off track"), ("hoch", "on track"),
    ("Faible", "off track"), ("On track", "on track"), ("0.7", None), ("", None),
])
def test_confidence_as_words_or_emoji(typed: str, meant: str | None) -> None:
    assert V.parse_confidence(typed) == meant


@pytest.mark.parametrize(("typed", "meant"), [
    ("Lower is better", "lower is better"), ("↓", "lower is better"),
    ("menor es mejor", "lower is better"), ("Menor é melhor", "lower is better"),
    ("niedriger ist besser", "lower is better"), ("moins c'est mieux", "lower is better"),
    ("Higher is better", "higher is better"), ("mayor es mejor", "higher is better"),
    ("↑", "higher is better"), ("Höher", "higher is better"), ("sideways", None),
])
def test_direction_in_words(typed: str, meant: str | None) -> None:
    assert V.parse_direction(typed) == meant


@pytest.mark.parametrize("typed", ["—", "-", "n/a", "N/A", "N/D", "k.A.", "s/d", "  "])
def test_missing_markers(typed: str) -> None:
    assert V.is_blank(typed)
    assert V.parse_number(typed) is None
    assert V.parse_measure(typed) == (None, None)


def test_numbers_as_typed_in_the_wild() -> None:
    assert V.parse_number("0.468") == 0.468
    assert V.parse_number("1.234,5", decimal_comma=True) == 1234.5
    assert V.parse_number("1,500", decimal_comma=True) == 1.5
    assert V.parse_number("1,500") == 1500
    assert V.parse_number("93 días") == 93
    assert V.parse_number("48 days") == 48
    assert V.parse_number("12,5 %") == pytest.approx(0.125)
    with pytest.raises(V.CellValueError, match="spreadsheet error"):
        V.parse_number("#DIV/0!")


def test_locale_guesses() -> None:
    assert V.guess_decimal_comma(["1.234,5", "2,5", "17"]) is True
    assert V.guess_decimal_comma(["1,234.5", "0.468"]) is False
    assert V.guess_decimal_comma(["1,500", 3.5]) is None
    assert V.guess_day_first(["31/12/2026", "1/2/2026"]) is True
    assert [V.decimal_comma_locale(x) for x in ("de", "pt-BR", "fr_FR", "en-US", "es_MX")] == [
        True, True, True, False, False]


# Names ----------------------------------------------------------------------------------

ALIASES = [
    ("key_results", "Real", "current"), ("key_results", "Realizado", "current"),
    ("key_results", "Ist", "current"), ("key_results", "Réel", "current"),
    ("key_results", "Meta", "target"), ("key_results", "Ziel", "target"),
    ("key_results", "Cible", "target"), ("kpis", "Objetivo", "target"),
    ("key_results", "Objetivo", "objective"),
    ("key_results", "Responsable", "owner"), ("key_results", "Responsável", "owner"),
    ("key_results", "Verantwortlich", "owner"),
    ("key_results", "% Avance", "progress"), ("key_results", "% Progresso", "progress"),
    ("key_results", "Fortschritt", "progress"), ("key_results", "Avancement", "progress"),
    ("key_results", "Confianza", "confidence"), ("key_results", "Confiança", "confidence"),
    ("key_results", "Zuversicht", "confidence"), ("key_results", "Confiance", "confidence"),
    ("key_results", "Línea\nbase", "baseline"), ("key_results", "  AVANCE (%) ", "progress"),
    ("key_results", "CONFIANÇA:", "confidence"), ("kpis", "Kennzahl", "kpi"),
    ("kpis", "Häufigkeit", "frequency"), ("kpis", "Richtung", "direction"),
    ("kpi_history", "Fecha", "date"), ("funnel", "Visitas", "visits"),
    ("roi", "Inversión", "investment"), ("initiatives", "Iniciativa", "initiative"),
]


@pytest.mark.parametrize(("tab", "header", "key"), ALIASES)
def test_headers_in_five_languages(tab: str, header: str, key: str) -> None:
    assert column_index(TAB_BY_KEY[tab]).get(header) == key


@pytest.mark.parametrize(("title", "key"), [
    ("Objetivos", "objectives"), ("Resultados Clave", "key_results"),
    ("Resultados-Chave", "key_results"), ("Schlüsselergebnisse", "key_results"),
    ("Résultats clés", "key_results"), ("Kennzahlen", "kpis"), ("Indicateurs", "kpis"),
    ("Iniciativas", "initiatives"), ("Historique", "kpi_history"), ("Embudo", "funnel"),
])
def test_tab_names_in_five_languages(title: str, key: str) -> None:
    assert tab_index().get(title) == key


def test_every_written_header_is_found_again() -> None:
    for lang, data in vocabulary()["languages"].items():
        for key, header in data.get("headers", {}).items():
            for spec in TAB_BY_KEY.values():
                if any(c.key == key for c in spec.computed):
                    assert column_index(spec).get(header) == key, (lang, spec.key, header)


# Bands ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("label", "period"), [
    ("Q1-2026", "2026-Q1"), ("2026 Q1", "2026-Q1"), ("T1 2026", "2026-Q1"),
    ("Jan 2026", "2026-01"), ("Enero 2026", "2026-01"), ("2024", "2024"), (2025, "2025"),
    (date(2026, 3, 1), "2026-03"), ("Target", None), ("Q1", None), ("12", None),
])
def test_band_labels(label: Any, period: str | None) -> None:
    found = band_period(label)
    assert (found.label if found else None) == period


def test_year_in_a_header() -> None:
    assert [(p.label if p else None, rest) for p, _, rest in
            map(split_header, ["2024 Actual", "Meta 2026", "Q4 2026 % Progress", "Owner"])] == [
        ("2024", "Actual"), ("2026", "Meta"), ("2026-Q4", "% Progress"), (None, "Owner")]


def test_unmerged_bands_run_to_the_next_label() -> None:
    grid = Grid("t", [[None, "Q3 2026", None, "Q4 2026", None],
                      ["KR", "Actual", "Target", "Actual", "Target"]])
    bands = band_labels(grid, 1, 1, 5)
    assert [(b.label, b.columns) for b in bands] == [("Q3 2026", [2, 3]), ("Q4 2026", [4, 5])]
    assert choose_band(bands, AS_OF).label == "Q4 2026"
    assert choose_band(bands, date(2026, 8, 1)).label == "Q3 2026"
    assert choose_band(bands, date(2027, 3, 1)).label == "Q4 2026"


# Detection ------------------------------------------------------------------------------

SINGLE = [["ID", "Objective / Key Result", "Owner", "Target", "Actual"],
          ["1", "Grow", "Ana"], ["1.1", "Reach 10 clients", "Ana", 10, 4],
          ["1.2", "Reach 5 partners", "Ana", 5, 5]]


def test_two_okr_tabs_read_the_one_holding_as_of() -> None:
    q3 = [list(r) for r in SINGLE]
    book = RawBook({"Q3 2026": Grid("Q3 2026", q3), "Q4 2026": Grid("Q4 2026", SINGLE)})
    reading = read_book(book, Settings(), AS_OF)
    assert reading.model.tables["objectives"].title == "Q4 2026"
    assert reading.layouts["Q3 2026"].notes == [
        "not read: 'Q4 2026' already gives the Objectives table"]
    assert "note: not read" in describe(reading.model, book, reading.layouts, AS_OF)


def test_objective_on_the_same_row_as_its_key_results() -> None:
    rows = [["Objective", "Key Result", "Target", "Actual", "Score"],
            ["Grow", "Reach 10 clients", 10, 4, None],
            [None, "Reach 5 partners", 5, 5, None],
            ["Delight", "NPS 60", 60, 30, None],
            ["Delight", "CSAT 90%", 0.9, 0.45, None]]
    reading = read_book(RawBook({"Sheet1": Grid("Sheet1", rows)}), Settings(), AS_OF)
    objectives = reading.model.tables["objectives"]
    krs = reading.model.tables["key_results"]
    assert list(objectives.frame.index) == [2, 4]
    assert list(objectives.frame["objective"]) == ["Grow", "Delight"]
    assert list(krs.frame["objective"]) == ["1", "1", "2", "2"]
    assert krs.computed == {"score": 5}
    assert objectives.computed == {}
    assert [c.header for c in objectives.spec.computed][:3] == [
        "Objective Score", "Objective Expected", "Objective Status"]


def test_kpi_only_workbook_has_empty_okr_tables() -> None:
    rows = [["KPI", "Target", "Actual"], ["NPS", 60, 55]]
    model = read_book(RawBook({"KPIs 2026": Grid("KPIs 2026", rows)}), Settings(), AS_OF).model
    assert model.tables["objectives"].frame.empty
    assert model.tables["key_results"].frame.empty
    assert list(model.tables["kpis"].frame["id"]) == ["NPS"]


VOCAB = [w for names in vocabulary()["columns"]["key_results"].values() for w in names][:60]
WORDS = st.sampled_from([
    *VOCAB, "ID", "Objective / Key Result", "Type", "Objective", "KR", "Q1-2026", "2026 Q2",
    "T3 2026", "Jan 2026", "2025 Actual", "2026 Target", "Team: Growth", "Period:", "2026",
    "1", "1.1", "  indented", "- bullet", "1.234,5", "12,5 %", "93 días", "🙂", "❌", "—",
    "N/D", "#DIV/0!", "Date", "Week", "KPI", "Lower is better", "=SUM(A1)", "", " ",
])
CELLS = st.one_of(
    st.none(), WORDS, st.text(max_size=8), st.integers(-10**6, 10**6),
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.dates(date(1900, 1, 1), date(2100, 1, 1)),
    st.datetimes(datetime(1990, 1, 1), datetime(2040, 1, 1)),
)


@st.composite
def grids(draw: st.DrawFn) -> Grid:
    height = draw(st.integers(0, 9))
    width = draw(st.integers(0, 8))
    rows = [[draw(CELLS) for _ in range(draw(st.integers(0, width)))] for _ in range(height)]
    merged = []
    for _ in range(draw(st.integers(0, 3))):
        r1, c1 = draw(st.integers(1, 9)), draw(st.integers(1, 8))
        merged.append((r1, c1, r1 + draw(st.integers(0, 1)), c1 + draw(st.integers(0, 4))))
    return Grid(draw(st.sampled_from(["Sheet1", "OKRs", "Q4 2026", "KPIs", "Log"])), rows,
                merged=merged)


HEADERS = st.sampled_from([
    "ID", "Nº", "Objective / Key Result", "OKR", "Objective", "Key Result", "Type", "Tipo",
    "Owner", "Responsable", "Baseline", "Línea base", "Target", "Meta", "Actual", "Real",
    "% Progress", "Avance", "Confidence", "Score", "Status", "KPI", "Kennzahl", "Direction",
    "2025 Actual", "2026 Target", "2026 Actual", "Date", "Week", "Signups", "Signups Target",
    "Period", "Team", "Due", "Notes", "Initiative", "Visits", "Conversions", "Investment",
])
BAND_LABELS = st.sampled_from(["Q1-2026", "Q2-2026", "2026 Q3", "T4 2026", "Jan 2026", None])
VALUES = st.one_of(CELLS, st.sampled_from(
    ["Objective", "KR", "O1", "1", "1.1", "2.1", "   sub", "done", "45%", "1.234,5", "🤔"]))


@st.composite
def tables(draw: st.DrawFn) -> Grid:
    """Grids that look like tables: title lines, maybe a band row, known headers, rows."""
    rows: list[list[Any]] = [[draw(st.sampled_from(["Team: Growth", "Period: 2026", "x"]))]
                             for _ in range(draw(st.integers(0, 2)))]
    headers = draw(st.lists(HEADERS, min_size=2, max_size=9))
    if draw(st.booleans()):
        rows.append([draw(BAND_LABELS) for _ in headers])
    rows.append(list(headers))
    rows += [[draw(VALUES) for _ in headers] for _ in range(draw(st.integers(0, 6)))]
    merged = [(len(rows) - 1, 2, len(rows) - 1, 3)] if draw(st.booleans()) else []
    return Grid(draw(st.sampled_from(["Sheet1", "Q4 2026", "KPIs"])), rows, merged=merged)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(grids(), tables()), st.dates(date(2020, 1, 1), date(2030, 12, 31)))
def test_detection_never_raises(grid: Grid, day: date) -> None:
    detect_tab(grid, day)
    book = RawBook({grid.title: grid, "Other": Grid("Other", grid.rows[::-1])}, "book.xlsx")
    try:
        reading = read_book(book, Settings(), day)
    except InputError as exc:
        assert "Tabs seen" in str(exc) or "tab found" in str(exc) or "missing" in str(exc)
        return
    describe(reading.model, book, reading.layouts, day)
    results = compute(reading.model.frames(), day, Settings())
    make_plan(reading.model, results, run_lint(reading.model, results, Settings(), day),
              Settings(), day)


def test_read_book_needs_no_file(tmp_path: Path) -> None:
    book = RawBook({"OKRs": Grid("OKRs", SINGLE)}, str(tmp_path / "missing.xlsx"))
    model = read_book(book, Settings(), AS_OF).model
    assert list(model.tables["key_results"].frame["id"]) == ["1.1", "1.2"]


def test_other_tabs_of_a_template_workbook_stay_unread(small_tabs: dict[str, Any]) -> None:
    grids = {t: Grid(t, rows) for t, rows in small_tabs.items()}
    grids["Roster"] = Grid("Roster", [["Name", "Role", "Target"], ["Ana", "Lead", 3]])
    grids["Expenses"] = Grid("Expenses", [["Date", "Amount"], [date(2026, 11, 2), 120]])
    reading = read_book(RawBook(grids), Settings(), AS_OF)
    assert set(reading.model.tables) == {"objectives", "key_results"}
    assert reading.model.notes == []
    assert reading.layouts["Roster"] is None and reading.layouts["Expenses"] is None


def test_done_and_not_done_values_do_not_end_a_single_table() -> None:
    """A milestone row's ``done`` / ``not done`` and a confidence word are values, not a
    header that would start another table."""
    rows = [["ID", "Objective / Key Result", "Owner", "Baseline", "Target", "Current",
             "Confidence"],
            ["1", "Grow", "Ana"], ["1.1", "Reach 10 clients", "Ana", 0, 10, 4, "on track"],
            ["1.2", "Ship the partner portal", "Ana", None, "done", "not done", "at risk"],
            ["2", "Delight", "Bo"], ["2.1", "NPS 60", "Bo", 40, 60, 50, "high"]]
    reading = read_book(RawBook({"OKRs": Grid("OKRs", rows)}), Settings(), AS_OF)
    assert list(reading.model.tables["key_results"].frame["id"]) == ["1.1", "1.2", "2.1"]
    assert list(reading.model.tables["objectives"].frame["id"]) == ["1", "2"]


def test_a_title_line_is_not_a_readings_log_and_a_labelled_log_header_is() -> None:
    from sheets_okr.read.kpi_sheets import find_log

    table = [["ID", "Objective / Key Result", "Owner", "Target", "Current"]]
    for i in range(1, 40):
        table.append([i, f"Grow market {i}", "Ana"])
        table += [[f"{i}.{k}", f"Raise signal {k}", "Ana", 100, 40 + k] for k in (1, 2)]
    titled = Grid("Team OKRs", [["Marketing OKRs"], ["Period:", "2026-Q4"], [], *table])
    assert find_log(titled, AS_OF) is None
    assert detect_tab(titled, AS_OF).kind == "okr_single_table"
    log = Grid("Log", [["Date:", "Signups", "Churn"],
                       *[[date(2026, 10, d), 10 + d, 3] for d in range(1, 20)]])
    found = find_log(log, AS_OF)
    assert found is not None and found.roles == {1: "date", 2: "metric", 3: "metric"}


def test_the_locale_of_a_table_counts_its_first_votes_in_cell_order() -> None:
    from sheets_okr.read.locale import guess

    rows = [[f"{n}.5", f"{n},25", f"13/{1 + n % 12}/2026" if n % 3 else f"{1 + n % 12}/13/2026"]
            for n in range(600)]
    rows[:250] = [[f"{n},5", "1.25", f"{1 + n % 12}/14/2026"] for n in range(250)]
    grid = Grid("t", rows)
    for picked, cols in (([*range(1, 601)], [1, 2, 3]), ([*range(300, 601)], [2, 3]),
                         ([*range(1, 601, 2)], [3, 1]), ([*range(600, 0, -1)], [1, 3])):
        cells = [grid.value(r, c) for r in picked for c in cols]
        assert guess(grid, picked, cols) == (V.guess_decimal_comma(cells),
                                             V.guess_day_first(cells))
