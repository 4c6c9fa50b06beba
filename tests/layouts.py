"""Workbooks as people really keep them, built by code: each imitates one real-world layout
of OKR or KPI sheets, with the scores, flags and written cells worked out by hand."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from sheets_okr.io.xlsx.parts import with_cached_values
from sheets_okr.model import Grid, RawBook, parse_a1

Rows = list[list[Any]]
AS_OF = date(2026, 11, 15)
Q4 = 45 / 91  # elapsed share of 2026-Q4 on 2026-11-15
YEAR = 318 / 364  # elapsed share of 2026 on 2026-11-15


@dataclass
class Sheet:
    rows: Rows
    merges: tuple[str, ...] = ()


@dataclass(frozen=True)
class Formula:
    """A formula as its author typed it, and the value the spreadsheet shows for it."""

    text: str
    value: Any = None


@dataclass
class Case:
    """A workbook and what sheets-okr must make of it on AS_OF."""

    name: str
    tabs: dict[str, Sheet]
    objectives: dict[str, tuple[float | None, str | None]] = field(default_factory=dict)
    key_results: dict[str, tuple[float | None, str | None, str | None]] = field(
        default_factory=dict)
    kpis: dict[str, tuple[float | None, str | None, str | None]] = field(default_factory=dict)
    flags: list[tuple[str, str, str, str]] = field(default_factory=list)
    written: dict[str, dict[str, Any]] = field(default_factory=dict)
    map_lines: tuple[str, ...] = ()
    mapping: str | None = None
    readable: bool = True

    @property
    def check_exit(self) -> int:
        return 1 if any(code in ERRORS for code, *_ in self.flags) else 0


ERRORS = {"OKR105", "OKR111", "OKR112", "OKR114", "OKR116"}


def write_xlsx(case: Case, path: Path) -> Path:
    """The case as an .xlsx file: text stays text (``"1.234,5"``), merges are merged, a
    formula keeps the value the spreadsheet showed for it (as Excel saves it)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    shown: dict[str, Grid] = {}
    for title, sheet in case.tabs.items():
        ws = wb.create_sheet(title)
        grid = shown[title] = Grid(title, [[v.value if isinstance(v, Formula) else v
                                            for v in line] for line in sheet.rows])
        for r, line in enumerate(sheet.rows, start=1):
            for c, value in enumerate(line, start=1):
                if value is None:
                    continue
                if isinstance(value, Formula):
                    ws.cell(row=r, column=c, value=value.text)
                    grid.formulas.add((r, c))
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
        for rng in sheet.merges:
            ws.merge_cells(rng)
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(with_cached_values(buffer.getvalue(), RawBook(shown), wb.epoch))
    return path


def merge_spec(rng: str) -> dict[str, int]:
    """An A1 range as a Sheets API GridRange (without the sheet ID)."""
    first, last = rng.split(":")
    (r1, c1), (r2, c2) = parse_a1(first), parse_a1(last)
    return {"startRowIndex": r1 - 1, "endRowIndex": r2, "startColumnIndex": c1 - 1,
            "endColumnIndex": c2}


# 1 -------------------------------------------------------------------------------------

def single_dotted() -> Case:
    """Objectives and key results in one table, told apart by dotted IDs (1 / 1.1), under
    a title and a ``Period:`` line; the sheet's own empty Progress column gets the scores."""
    rows: Rows = [
        ["Marketing OKRs"],
        ["Period:", "2026-Q4"],
        [],
        ["ID", "Objective / Key Result", "Owner", "Baseline", "Target", "Current", "Progress",
         "Notes"],
        [1, "Grow organic demand", "Maya"],
        [1.1, "Raise organic sessions from 40k to 60k", "Maya", 40000, 60000, 52000, None,
         "from GA, weekly"],
        [1.2, "Increase newsletter subscribers from 2,000 to 5,000", "Leo", 2000, 5000, 2600],
        [2, "Make our brand memorable", "Ana"],
        [2.1, "Lift aided brand recall from 12% to 20%", "Ana", 0.12, 0.20, 0.18],
        [2.2, "Cut cost per lead from $80 to $50", "Ana", "$80", "$50", "$65"],
        [2.3, "Raise share of voice from 10% to 15%", "Ana", "10%", "15%", "n/a"],
    ]
    return Case(
        "single_dotted", {"Team OKRs": Sheet(rows)},
        objectives={"1": (0.4, "on track"), "2": (0.625, "on track")},
        key_results={"1.1": (0.6, "on track", "yellow"), "1.2": (0.2, "off track", "red"),
                     "2.1": (0.75, "on track", "green"), "2.2": (0.5, "on track", "yellow"),
                     "2.3": (None, "no data", None)},
        flags=[("OKR118", "Team OKRs", "F11", "2.3")],
        written={"Team OKRs": {"G5": 0.4, "G6": 0.6, "G7": 0.2, "G8": 0.625, "G9": 0.75,
                               "G10": 0.5, "I4": "Expected", "J4": "Status", "K4": "KR Count",
                               "L4": "Grade", "J5": "on track", "J7": "off track",
                               "K5": 2, "K8": 3, "L6": "yellow"}},
        map_lines=("Tab 'Team OKRs': objectives and key results in one table (detected)",
                   "  rows: objectives 5, 8 (by dotted IDs (1 / 1.1)); key results 6-7, 9-11"),
    )


# 2 -------------------------------------------------------------------------------------

QUARTERS = ("Q1-2026", "Q2-2026", "Q3-2026", "Q4-2026")
BAND = ["Baseline", "Actual", "Target", "% Progress", "Confidence"]


def quarter_bands() -> Case:
    """A team sheet with a title block (``Team:``, ``Period: 2026``), a Type column and one
    band of Baseline | Actual | Target | % Progress | Confidence per quarter under a merged
    ``Q1-2026`` ... header. Q4 is scored; the % Progress typed for Q1-Q3 stays as is."""
    band_row: list[Any] = [None] * 4
    for q in QUARTERS:
        band_row += [q, None, None, None, None]
    rows: Rows = [
        ["Growth team — OKRs"],
        ["Team:", "Growth"],
        ["Period:", 2026],
        band_row,
        ["Type", "ID", "Objective / Key Result", "Owner", *BAND * 4],
        ["Objective", "O1", "Win the mid-market", "Sam",
         *[None, None, None, 0.2, None], *[None, None, None, 0.35, None],
         *[None, None, None, 0.45, None], *[None] * 5],
        ["KR", "O1.1", "Grow mid-market ARR from $1.2M to $2M", "Sam",
         *[1200000, 1300000, 2000000, 0.125, "🙂"], *[1200000, 1450000, 2000000, 0.3125, "🙂"],
         *[1200000, 1520000, 2000000, 0.4, "🤔"], *[1200000, 1680000, 2000000, None, "🙂"]],
        ["KR", "O1.2", "Raise net revenue retention from 100% to 110%", "Sam",
         *[1.0, 1.01, 1.1, 0.1, "🤔"], *[1.0, 1.02, 1.1, 0.2, "🤔"],
         *[1.0, 1.03, 1.1, 0.3, "😀"], *[1.0, 1.04, 1.1, None, "🤔"]],
        ["Objective", "O2", "Make onboarding effortless", "Kim",
         *[None] * 15, *[None] * 5],
        ["KR", "O2.1", "Cut time to first value from 14 to 7 days", "Kim",
         *[None] * 15, *["14 days", "9 days", "7 days", None, "😀"]],
        ["KR", "O2.2", "Lift activation rate from 30% to 45%", None,
         *[None] * 15, *["30%", "33%", "45%", None, "😟"]],
    ]
    merges = ("E4:I4", "J4:N4", "O4:S4", "T4:X4")
    return Case(
        "quarter_bands", {"Growth 2026": Sheet(rows, merges)},
        objectives={"O1": (0.5, "on track"), "O2": ((5 / 7 + 0.2) / 2, "on track")},
        key_results={"O1.1": (0.6, "on track", "yellow"), "O1.2": (0.4, "on track", "yellow"),
                     "O2.1": (5 / 7, "on track", "green"), "O2.2": (0.2, "off track", "red")},
        flags=[("OKR107", "Growth 2026", "D11", "O2.2")],
        written={"Growth 2026": {"W6": 0.5, "W7": 0.6, "W8": 0.4, "W9": (5 / 7 + 0.2) / 2,
                                 "W10": 5 / 7, "W11": 0.2, "Y5": "Expected", "Z5": "Status",
                                 "AA5": "KR Count", "AB5": "Grade", "Z11": "off track",
                                 "AB10": "green",
                                 "H6": 0.2, "M6": 0.35, "R6": 0.45, "H7": 0.125, "R8": 0.3}},
        map_lines=(
            "  table A4:X11, header rows 4-5; title block: team = Growth, period = 2026",
            "  bands: Q1-2026, Q2-2026, Q3-2026, Q4-2026; scored: Q4-2026 (holds 2026-11-15)",
            "  rows: objectives 6, 9 (by the row-type column); key results 7-8, 10-11",
        ),
    )


# 3 -------------------------------------------------------------------------------------

def spanish_indented() -> Case:
    """A Spanish sheet: title block ``Equipo:`` / ``Periodo: T4 2026``, no ID column, key
    results indented under their objective, units typed in the text (``93 días``), ``N/D``
    for a missing value and confidence as words."""
    rows: Rows = [
        ["OKR del equipo comercial"],
        ["Equipo:", "Ventas"],
        ["Periodo:", "T4 2026"],
        [],
        ["Objetivo / Resultado Clave", "Responsable", "Línea base", "Meta", "Real", "% Avance",
         "Confianza"],
        ["Aumentar las ventas en LATAM", "Lucía"],
        ["    Subir los ingresos de 1.000.000 a 1.500.000", "Lucía", "1.000.000", "1.500.000",
         "1.150.000", None, "Media"],
        ["    Cerrar 40 clientes nuevos", "Marta", 0, 40, 22, None, "Alta"],
        ["Mejorar la experiencia de clientes", "Diego"],
        ["    Reducir el tiempo de respuesta de 93 días a 30 días", "Diego", "93 días",
         "30 días", "51 días", None, "Baja"],
        ["    Subir el NPS de 30 a 50", "Diego", 30, 50, "N/D", None, None],
    ]
    return Case(
        "spanish_indented", {"OKR T4": Sheet(rows)},
        objectives={"1": (0.425, "on track"), "2": (2 / 3, "on track")},
        key_results={"1.1": (0.3, "at risk", "red"), "1.2": (0.55, "on track", "yellow"),
                     "2.1": (2 / 3, "on track", "yellow"), "2.2": (None, "no data", None)},
        flags=[("OKR118", "OKR T4", "E11", "2.2"),  # "Baja" while on track:
               ("OKR140", "OKR T4", "G10", "2.1")],
        written={"OKR T4": {"F6": 0.425, "F7": 0.3, "F8": 0.55, "F9": 2 / 3, "F10": 2 / 3,
                            "H5": "Esperado", "I5": "Estado", "J5": "Nº de KR",
                            "K5": "Calificación", "I7": "at risk", "J6": 2}},
        map_lines=("  rows: objectives 6, 9 (key results are indented); key results 7-8, "
                   "10-11",),
    )


# 4 -------------------------------------------------------------------------------------

def portuguese_tabs() -> Case:
    """Separate Portuguese tabs (Objetivos, Resultados-Chave) with Portuguese headers,
    percentages and money typed as text with decimal commas (``4,4%``, ``R$ 117.500,00``),
    day-first dates (``31/12/2026``) and confidence as ✅ ⚠️ ❌."""
    objectives: Rows = [
        ["ID", "Objetivo", "Responsável", "Período"],
        ["O1", "Encantar nossos clientes", "Ana", "2026-Q4"],
        ["O2", "Crescer a receita recorrente", "Bruno", "Q4 2026"],
    ]
    krs: Rows = [
        ["ID", "Objetivo", "Resultado-Chave", "Responsável", "Linha de base", "Meta", "Atual",
         "Confiança", "Prazo"],
        ["KR1", "O1", "Aumentar o NPS de 40 para 60", "Ana", 40, 60, 52, "✅", "31/12/2026"],
        ["KR2", "O1", "Reduzir o churn de 5,0% para 3,5%", "Ana", "5,0%", "3,5%", "4,4%", "⚠️",
         "31/12/2026"],
        ["KR3", "O2", "Elevar a receita mensal de R$ 100.000 para R$ 150.000", "Bruno",
         "R$ 100.000,00", "R$ 150.000,00", "R$ 117.500,00", "✅", "31/12/2026"],
        ["KR4", "O2", "Fechar 12 novos parceiros", None, 0, 12, 3, "❌", "31/12/2026"],
    ]
    return Case(
        "portuguese_tabs", {"Objetivos": Sheet(objectives), "Resultados-Chave": Sheet(krs)},
        objectives={"O1": (0.5, "on track"), "O2": (0.3, "at risk")},
        key_results={"KR1": (0.6, "on track", "yellow"), "KR2": (0.4, "on track", "yellow"),
                     "KR3": (0.35, "at risk", "red"), "KR4": (0.25, "at risk", "red")},
        flags=[("OKR107", "Resultados-Chave", "D5", "KR4")],
        written={"Resultados-Chave": {"J1": "% Progresso", "K1": "Pontuação", "L1":
                                      "Progresso esperado", "M1": "Situação",
                                      "N1": "Classificação", "K3": 0.4, "M5": "at risk"},
                 "Objetivos": {"E1": "Pontuação", "E3": 0.3}},
        map_lines=("Tab 'Resultados-Chave': key results (found by its tab name and headers)",),
    )


# 5 -------------------------------------------------------------------------------------

def german_kpis() -> Case:
    """A German KPI list and nothing else: no ID column, numbers typed with decimal commas
    (``231.500,50``, ``4,1 %``), direction in words or an arrow."""
    rows: Rows = [
        ["Kennzahlen Vertrieb"],
        ["Abteilung:", "Vertrieb"],
        [],
        ["Kennzahl", "Verantwortlich", "Einheit", "Richtung", "Zielwert", "Warnschwelle",
         "Istwert", "Häufigkeit"],
        ["Umsatz pro Monat", "Jonas", "EUR", "höher ist besser", "250.000", "200.000",
         "231.500,50", "monatlich"],
        ["Reklamationsquote", "Petra", "%", "niedriger ist besser", "2,0 %", "3,5 %", "4,1 %",
         "monatlich"],
        ["Lieferzeit", "Petra", "Tage", "↓", "3", "5", "4", "wöchentlich"],
        ["Kundenzufriedenheit", None, "Punkte", "Höher", "8,5", "7,5", "8,7", "quartalsweise"],
    ]
    return Case(
        "german_kpis", {"Kennzahlen": Sheet(rows)},
        kpis={"Umsatz pro Monat": (231500.5, "warning", None),
              "Reklamationsquote": (0.041, "breach", None),
              "Lieferzeit": (4.0, "warning", None),
              "Kundenzufriedenheit": (8.7, "healthy", None)},
        flags=[("OKR107", "Kennzahlen", "B8", "Kundenzufriedenheit"),
               ("OKR109", "Kennzahlen", "E6", "Reklamationsquote")],
        written={"Kennzahlen": {"I4": "Letzter Wert", "J4": "Datum letzter Wert",
                                "K4": "Ampel", "L4": "Trend", "M4": "Prognose",
                                "N4": "Verknüpfte KR", "I5": 231500.5, "K6": "breach",
                                "K8": "healthy"}},
        map_lines=("Tab 'Kennzahlen': KPIs, one per row (detected)",
                   "  rows: 5-8 as KPIs"),
    )


# 6 -------------------------------------------------------------------------------------

def kpi_years() -> Case:
    """The template's Objectives and Key Results tabs, plus a KPI scorecard kept one row
    per KPI with ``2025 Actual`` / ``2026 Target`` / ``2026 Actual`` columns and the
    direction in words (``Lower is better``, ``menor es mejor``, ``↓``). 2025 feeds
    history and trend; a key result takes its current value from its KPI."""
    objectives: Rows = [["ID", "Objective", "Owner", "Period"],
                        ["O1", "Keep customers happy", "Ana", "2026-Q4"]]
    krs: Rows = [
        ["ID", "Objective", "Key Result", "Owner", "Baseline", "Target", "Current", "KPI"],
        ["KR1", "O1", "Cut average reply time from 45 to 30 min", "Ana", 45, 30, None,
         "Reply time"],
        ["KR2", "O1", "Raise CSAT from 80% to 90%", "Ana", 0.8, 0.9, 0.86, None],
    ]
    scorecard: Rows = [
        ["KPI", "Owner", "Unit", "Direction", "Baseline", "2025 Actual", "2026 Target",
         "2026 Actual"],
        ["Reply time", "Ana", "min", "Lower is better", 60, 45, 30, 36],
        ["Churn", "Ben", "%", "menor es mejor", 0.06, 0.05, 0.03, 0.045],
        ["Defects per release", "Eva", "count", "↓", 12, 9, 5, 4],
        ["Net revenue retention", "Ben", "%", "Higher is better", 0.98, 1.02, 1.10, 1.05],
    ]
    return Case(
        "kpi_years",
        {"Objectives": Sheet(objectives), "Key Results": Sheet(krs),
         "Scorecard": Sheet(scorecard)},
        objectives={"O1": (0.6, "on track")},
        key_results={"KR1": (0.6, "on track", "yellow"), "KR2": (0.6, "on track", "yellow")},
        kpis={"Reply time": (36.0, "breach", "down (improving)"),
              "Churn": (0.045, "breach", "down (improving)"),
              "Defects per release": (4.0, "healthy", "down (improving)"),
              "Net revenue retention": (1.05, "breach", "up (improving)")},
        flags=[("OKR109", "Scorecard", "G3", "Churn"),
               ("OKR109", "Scorecard", "G5", "Net revenue retention")],
        written={"Scorecard": {"I1": "Latest", "K1": "Health", "L1": "Trend", "N1": "Linked KRs",
                               "I2": 36, "K2": "breach", "N2": "KR1", "L4": "down (improving)",
                               "J2": AS_OF}},
        map_lines=("Tab 'Scorecard': KPIs, one per row (detected)",
                   "  bands: 2025, 2026; scored: 2026 (holds 2026-11-15)",
                   "  readings: 8 (KPI History)"),
    )


# 7 -------------------------------------------------------------------------------------

def kpi_log() -> Case:
    """A weekly log: a date column, then one column per KPI, some with a paired
    ``<KPI> Target`` column; the direction sits in the header (``Churn % ↓``)."""
    rows: Rows = [
        ["Weekly KPI log"],
        ["Owner:", "Mia"],
        ["Week", "Signups", "Signups Target", "Churn % ↓", "Churn % ↓ Target", "NPS"],
        [date(2026, 10, 19), 120, 150, 0.031, 0.025, 41],
        [date(2026, 10, 26), 135, 150, 0.029, 0.025, 43],
        [date(2026, 11, 2), 150, 150, 0.030, 0.025, 44],
        [date(2026, 11, 9), 160, 150, 0.027, 0.025, 46],
    ]
    return Case(
        "kpi_log", {"Weekly log": Sheet(rows)},
        kpis={"Signups": (160.0, "healthy", "up (improving)"),
              "Churn % ↓": (0.027, "breach", "down (improving)"),
              "NPS": (46.0, None, "up (improving)")},
        flags=[("OKR109", "Weekly log", "E3", "Churn % ↓")],
        written={},
        map_lines=("Tab 'Weekly log': a KPI log: a date column, then one column per KPI "
                   "(detected)",
                   "  KPIs (one per column): Signups, Churn % ↓, NPS",
                   "  readings: 12 (KPI History)"),
    )


# 8 -------------------------------------------------------------------------------------

def french_text_numbers() -> Case:
    """A French sheet with the objective and the key result in separate columns, every
    number typed as text in a comma-decimal locale (``1.234,5``, ``12,5 %``, ``0,78``), and
    a spreadsheet error (``#DIV/0!``) where a value should be."""
    rows: Rows = [
        ["Équipe : Finance"],
        ["Période : 2026"],
        [],
        ["Objectif", "Résultat clé", "Responsable", "Référence", "Cible", "Réel",
         "Avancement"],
        ["Maîtriser nos coûts", None, "Claire"],
        [None, "Réduire les frais de 1.234,5 k€ à 1.000,0 k€", "Claire", "1.234,5", "1.000,0",
         "1.117,25"],
        [None, "Baisser le coût d'acquisition de 12,5 % à 10 %", "Claire", "12,5 %", "10 %",
         "11,5 %"],
        ["Fiabiliser la trésorerie", None, "Hugo"],
        [None, "Porter la précision des prévisions de 0,6 à 0,9", "Hugo", "0,6", "0,9", "0,78"],
        [None, "Atteindre 2.500 factures automatisées", "Hugo", "0", "2.500", "#DIV/0!"],
    ]
    return Case(
        "french_text_numbers", {"OKR 2026": Sheet(rows)},
        objectives={"1": (0.45, "off track"), "2": (0.6, "off track")},
        key_results={"1.1": (0.5, "off track", "yellow"), "1.2": (0.4, "off track", "yellow"),
                     "2.1": (0.6, "off track", "yellow"), "2.2": (None, None, None)},
        flags=[("OKR116", "OKR 2026", "F10", "2.2")],
        written={"OKR 2026": {"G5": 0.45, "G6": 0.5, "G7": 0.4, "G8": 0.6, "G9": 0.6,
                              "H4": "Attendu", "I4": "Statut", "J4": "Nombre de RC",
                              "K4": "Appréciation", "H5": YEAR, "I5": "off track", "J8": 2}},
        map_lines=("  rows: objectives 5, 8 (objective and key result in separate columns); "
                   "key results 6-7, 9-10",),
    )


# 9 -------------------------------------------------------------------------------------

def emoji_confidence() -> Case:
    """Key results without an ID of their own under objectives that have one, confidence
    as emoji (🙂 😀 🤔 😟 ✅ ⚠️ ❌), a milestone key result and a comments column."""
    rows: Rows = [
        ["Period: Q4 2026"],
        ["ID", "OKR", "Owner", "Start value", "Target", "Actual", "Confidence", "Comments"],
        ["O-1", "Delight our customers", "Priya", None, None, None, "✅"],
        [None, "Raise CSAT from 82% to 90%", "Priya", 0.82, 0.90, 0.86, "🙂"],
        [None, "Reduce support backlog from 300 to 100 tickets", "Tom", 300, 100, 180, "😀",
         "needs 2 more agents"],
        [None, "Publish 20 help-center articles", "Tom", 0, 20, 8, "🤔"],
        ["O-2", "Build a reliable platform", "Omar"],
        [None, "Raise uptime from 99.0% to 99.9%", "Omar", "99.0%", "99.9%", "99.45%", "😟"],
        [None, "Cut p95 latency from 800 ms to 400 ms", "Omar", "800 ms", "400 ms", "520 ms",
         "⚠️"],
        [None, "Close every critical security finding", "Omar", None, None, "not done", "❌"],
    ]
    return Case(
        "emoji_confidence", {"Q4": Sheet(rows)},
        objectives={"O-1": (0.5, "on track"), "O-2": (0.4, "on track")},
        key_results={"O-1.1": (0.5, "on track", "yellow"), "O-1.2": (0.6, "on track", "yellow"),
                     "O-1.3": (0.4, "on track", "yellow"),
                     "O-2.1": (0.5, "on track", "yellow"), "O-2.2": (0.7, "on track", "green"),
                     "O-2.3": (0.0, "off track", "red")},
        flags=[("OKR101", "Q4", "B6", "O-1.3"),
               ("OKR140", "Q4", "G8", "O-2.1")],  # 😟 while on track
        written={"Q4": {"I2": "Score", "J2": "Expected", "K2": "Status", "L2": "KR Count",
                        "M2": "Progress", "N2": "Grade", "I3": 0.5, "I4": 0.5, "M5": 0.6,
                        "K10": "off track", "L7": 3}},
        map_lines=("  rows: objectives 3, 7 (key results have no ID of their own); "
                   "key results 4-6, 8-10",),
    )


# 10 ------------------------------------------------------------------------------------

def empty_template() -> Case:
    """A template downloaded and not filled in yet: title, headers, no rows."""
    rows: Rows = [
        ["Team OKRs — template"],
        ["Team:", None],
        ["ID", "Objective / Key Result", "Owner", "Baseline", "Target", "Current",
         "% Progress", "Confidence"],
    ]
    return Case(
        "empty_template", {"OKRs": Sheet(rows)},
        written={"OKRs": {"I3": "Expected", "J3": "Status", "K3": "KR Count", "L3": "Grade"}},
        map_lines=("  rows: objectives none (no rows yet); key results none",),
    )


# 11 ------------------------------------------------------------------------------------

def nothing_to_read() -> Case:
    """A workbook with no OKRs or KPIs in it: an address list and free notes."""
    return Case(
        "nothing_to_read",
        {"Contacts": Sheet([["Name", "Address", "Phone"], ["Ana", "Main St 1", "555-0101"]]),
         "Notes": Sheet([["Remember to send the invoices"], ["and call Ben"]])},
        readable=False,
    )


# 12 ------------------------------------------------------------------------------------

MAPPING_12 = '''
[mapping."Metas"]
kind = "okr_single_table"
header_rows = [1]
rows = "type"

[mapping."Metas".columns]
"Nivel" = "row_type"
"Qué" = "text"
"Quién" = "owner"
"Desde" = "baseline"
"Hasta" = "target"
"Hoy" = "current"
"Hecho" = "progress"
"Notas" = "ignore"
'''


def hand_mapped() -> Case:
    """Colloquial headers no alias covers (``Qué``, ``Desde``, ``Hasta``, ``Hoy``): read
    through a mapping written by hand in sheets-okr.toml."""
    rows: Rows = [
        ["Nivel", "Qué", "Quién", "Desde", "Hasta", "Hoy", "Hecho", "Notas"],
        ["Objetivo", "Ser la tienda preferida del barrio", "Rosa", None, None, None, None,
         "T4 2026"],
        ["KR", "Pasar de 200 a 300 clientes fieles", "Rosa", 200, 300, 260],
        ["KR", "Subir el ticket medio de 20 a 25", "Rosa", 20, 25, 21],
    ]
    return Case(
        "hand_mapped", {"Metas": Sheet(rows)},
        objectives={"1": (0.4, None)},
        key_results={"1.1": (0.6, None, "yellow"), "1.2": (0.2, None, "red")},
        flags=[("OKR108", "Metas", "B2", "1")],
        written={"Metas": {"G2": 0.4, "G3": 0.6, "G4": 0.2}},
        map_lines=("Tab 'Metas': objectives and key results in one table (from the saved "
                   "mapping)",
                   "progress (computed: written by sheets-okr) (set in the mapping)"),
        mapping=MAPPING_12,
    )


CASES = (single_dotted, quarter_bands, spanish_indented, portuguese_tabs, german_kpis,
         kpi_years, kpi_log, french_text_numbers, emoji_confidence, empty_template,
         nothing_to_read, hand_mapped)
