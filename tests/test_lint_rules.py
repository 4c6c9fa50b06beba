"""Every rule OKR101–OKR119 on a case it must flag and on a near miss it must not.

Workbooks are built in memory as grids (what a backend reads) and analysed as of
2026-11-15; each test compares the exact ``(code, cell)`` pairs of one rule.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from sheets_okr.config import Settings
from sheets_okr.io import open_backend
from sheets_okr.lint import Flag, Severity, sort_flags
from sheets_okr.model import Grid, RawBook
from sheets_okr.plan import make_plan
from sheets_okr.run import Analysis, analyse_book, check

from .conftest import AS_OF, Rows

OBJ_HEADER = ["ID", "Objective", "Owner", "Period", "Start", "End", "Parent", "Ignore"]
KR_HEADER = ["ID", "Objective", "Key Result", "Owner", "Kind", "Baseline", "Target", "Current",
             "KPI", "Updated", "Ignore"]
INI_HEADER = ["ID", "Initiative", "KR", "Owner", "Investment", "Return"]
KPI_HEADER = ["ID", "KPI", "Owner", "Team", "Unit", "Direction", "Target", "Warning",
              "Frequency"]
HISTORY_HEADER = ["Date", "KPI", "Value"]
ROI_HEADER = ["Period", "Investment", "Return"]
FUNNEL_HEADER = ["Period", "Visits", "Conversions", "Channel"]


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


def obj(ident: str, text: str = "Delight customers", owner: str | None = "Ana",
        period: str | None = "2026-Q4", start: Any = None, end: Any = None,
        parent: str | None = None, ignore: str | None = None) -> list[Any]:
    return [ident, text, owner, period, start, end, parent, ignore]


def kr(ident: str, objective: str, text: str, baseline: Any = None, target: Any = None,
       current: Any = None, *, owner: str | None = "Ana", kind: str | None = None,
       kpi: str | None = None, updated: Any = None, ignore: str | None = None) -> list[Any]:
    return [ident, objective, text, owner, kind, baseline, target, current, kpi, updated,
            ignore]


def kpi(ident: str, name: str, target: Any = None, warning: Any = None, *,
        owner: str | None = "Ana", team: str | None = "Support", unit: str | None = None,
        direction: str = "higher is better", frequency: str | None = "monthly") -> list[Any]:
    return [ident, name, owner, team, unit, direction, target, warning, frequency]


def ini(ident: str, text: str, key_result: str = "KR1", investment: Any = None,
        gain: Any = None) -> list[Any]:
    return [ident, text, key_result, "Ana", investment, gain]


OBJECTIVES = [obj("O1", "Delight customers"), obj("O2", "Grow revenue")]
KEY_RESULTS = [
    kr("KR1", "O1", "Raise NPS from 40 to 60", 40, 60, 50),
    kr("KR2", "O1", "Cut churn from 5% to 3%", 0.05, 0.03, 0.04),
    kr("KR3", "O2", "Reach 200 paying customers", 100, 200, 175),
    kr("KR4", "O2", "Sign 10 partners", 0, 10, 2),
]


def krs_with(**rows: list[Any]) -> list[list[Any]]:
    """The four default key results with the rows named by ID replaced."""
    return [rows.get(row[0], row) for row in KEY_RESULTS]


def book(objectives: list[list[Any]] | None = None,
         key_results: list[list[Any]] | None = None, *,
         initiatives: list[list[Any]] | None = None, kpis: list[list[Any]] | None = None,
         history: list[list[Any]] | None = None, roi: list[list[Any]] | None = None,
         funnel: list[list[Any]] | None = None) -> dict[str, Rows]:
    tabs: dict[str, Rows] = {
        "Objectives": [OBJ_HEADER, *(OBJECTIVES if objectives is None else objectives)],
        "Key Results": [KR_HEADER, *(KEY_RESULTS if key_results is None else key_results)],
    }
    for title, header, rows in (("Initiatives", INI_HEADER, initiatives),
                                ("KPIs", KPI_HEADER, kpis),
                                ("KPI History", HISTORY_HEADER, history),
                                ("ROI", ROI_HEADER, roi), ("Funnel", FUNNEL_HEADER, funnel)):
        if rows is not None:
            tabs[title] = [header, *rows]
    return tabs


def analyse(tabs: dict[str, Rows], settings: Settings | None = None,
            formulas: dict[str, set[tuple[int, int]]] | None = None) -> Analysis:
    grids = {title: Grid(title, [list(r) for r in rows], set((formulas or {}).get(title, ())))
             for title, rows in tabs.items()}
    return analyse_book(RawBook(grids, "test.xlsx"), AS_OF, settings or Settings())


def lint(tabs: dict[str, Rows], settings: Settings | None = None) -> list[Flag]:
    return analyse(tabs, settings).flags


def codes(flags: list[Flag], code: str) -> list[tuple[str, str]]:
    """``(code, cell)`` of the flags whose code starts with ``code``, in report order."""
    return [(f.code, f.cell) for f in flags if f.code.startswith(code)]


def messages(flags: list[Flag], code: str) -> list[str]:
    return [f.message for f in flags if f.code == code]


def test_the_default_workbook_is_clean() -> None:
    assert lint(book()) == []


# OKR101 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "why"), [
    ("Host 100 product demos",
     'starts with the task verb "host" and names no measurable change (a count of outputs)'),
    ("Launch the new pricing page",
     'starts with the task verb "launch" and names no measurable change'),
    ("Hire 3 support engineers",
     'starts with the task verb "hire" and names no measurable change (a count of outputs)'),
    ("Publish 12 blog posts",
     'starts with the task verb "publish" and names no measurable change (a count of outputs)'),
    ("Einführung eines Wochenend-Supports", 'names a task ("einführung") and no measurable change'),
    ("Lanzar el programa de referidos",
     'starts with the task verb "lanzar" and names no measurable change'),
])
def test_okr101_activity_as_key_result(text: str, why: str) -> None:
    flags = lint(book(key_results=krs_with(KR3=kr("KR3", "O2", text, 0, 100, 45))))
    assert codes(flags, "OKR101") == [("OKR101", "C4")]
    assert messages(flags, "OKR101") == [
        f'Key result KR3 reads as an initiative (an activity, not an outcome): "{text}"'
        f" — it {why}"]


@pytest.mark.parametrize("text", [
    "Cut average reply time from 48 to 30 minutes",
    "Raise win rate from 20% to 30%",
    "Run 12 experiments that lift activation to 30%",
    "Pass the SOC 2 Type II audit",
])
def test_okr101_outcomes_are_not_activities(text: str) -> None:
    flags = lint(book(key_results=krs_with(KR3=kr("KR3", "O2", text, 0, 100, 45))))
    assert codes(flags, "OKR101") == []


# OKR102 ---------------------------------------------------------------------------------


def test_okr102_initiative_names_a_metric() -> None:
    flags = lint(book(initiatives=[ini("I1", "Customer retention rate"),
                                   ini("I2", "Run a win-back email campaign")]))
    assert codes(flags, "OKR102") == [("OKR102", "B2")]
    assert messages(flags, "OKR102") == [
        'Initiative I1 names a metric, not an action: "Customer retention rate"'
        ' (it names a measure ("rate") and no action)']


def test_okr102_initiative_matches_a_kpi_name() -> None:
    kpis = [kpi("K1", "Landing-page conversion", 0.025, 0.02)]
    flags = lint(book(initiatives=[ini("I1", "Landing page conversions"),
                                   ini("I2", "Redesign the landing page")], kpis=kpis))
    assert codes(flags, "OKR102") == [("OKR102", "B2")]
    assert messages(flags, "OKR102") == [
        'Initiative I1 names a metric, not an action: "Landing page conversions"'
        " (it matches KPI K1)"]


def test_okr102_match_with_a_kpi_without_id_names_its_row() -> None:
    flags = lint(book(initiatives=[ini("I1", "Landing page conversions")],
                      kpis=[kpi(None, "Landing-page conversion")]))
    assert codes(flags, "OKR102") == [("OKR102", "B2")]
    assert messages(flags, "OKR102") == [
        'Initiative I1 names a metric, not an action: "Landing page conversions"'
        " (it matches KPI row 2)"]


def test_okr102_initiative_stating_targets_for_measures() -> None:
    flags = lint(book(initiatives=[ini("I1", "交付质量：返工率下降 20%，一次合格率达 97%"),
                                   ini("I2", "开展质量培训，一次合格率达 97%")]))
    assert codes(flags, "OKR102") == [("OKR102", "B2")]
    assert messages(flags, "OKR102") == [
        'Initiative I1 names a metric, not an action: "交付质量：返工率下降 20%，一次合格率达 97%"'
        ' (it states targets for measures ("返工率、一次合格率"), not an action)']


def test_okr102_the_same_words_without_a_kpi_are_not_a_metric() -> None:
    flags = lint(book(initiatives=[ini("I1", "Landing page conversions")]))
    assert codes(flags, "OKR102") == []


# OKR103 ---------------------------------------------------------------------------------


def test_okr103_kpi_reads_as_an_action() -> None:
    flags = lint(book(kpis=[kpi("K1", "Increase ad budget 30%", 12000),
                            kpi("K2", "Cost per click", 2.5, direction="lower is better"),
                            kpi("K3", "Launch a referral program")]))
    assert codes(flags, "OKR103") == [("OKR103", "B2"), ("OKR103", "B4")]
    assert messages(flags, "OKR103")[0] == (
        'KPI K1 reads as an action, not a metric: "Increase ad budget 30%"'
        ' — it moves an input ("budget"), not a result')


# OKR120 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "word"), [
    ("Single sign-on is enabled for every workspace", "enabled"),
    ("The public API is documented", "documented"),
    ("We have shipped the new onboarding flow", "shipped"),
    ("Der Wochenend-Support ist eingeführt", "eingeführt"),
    ("New pricing page live by end of May", "live"),
])
def test_okr120_key_result_is_a_milestone(text: str, word: str) -> None:
    flags = lint(book(key_results=krs_with(KR3=kr("KR3", "O2", text, 0, 1, 0))))
    assert codes(flags, "OKR120") == [("OKR120", "C4")]
    assert codes(flags, "OKR101") == []
    assert messages(flags, "OKR120") == [
        f'Key result KR3 is a done/not-done milestone: "{text}" — it states a deliverable'
        f' as done ("{word}") and names no measurable change']
    assert {f.severity for f in flags if f.code == "OKR120"} == {"info"}


@pytest.mark.parametrize("text", [
    "95% of tickets are answered within 1 hour",
    "Churn is reduced from 4% to 2%",
    "Launch the new pricing page",
])
def test_okr120_measurable_results_and_tasks_are_not_milestones(text: str) -> None:
    flags = lint(book(key_results=krs_with(KR3=kr("KR3", "O2", text, 0, 100, 45))))
    assert codes(flags, "OKR120") == []


# OKR104 ---------------------------------------------------------------------------------


def test_okr104_objective_reads_as_a_metric_or_a_number_target() -> None:
    objectives = [obj("O1", "Blog articles published that month"),
                  obj("O2", "Reach $2M in annual recurring revenue"),
                  obj("O3", "Become the default tool for small teams")]
    key_results = [*KEY_RESULTS, kr("KR5", "O3", "Sign 10 partners", 0, 10, 2),
                   kr("KR6", "O3", "Reach 200 paying customers", 100, 200, 175)]
    flags = lint(book(objectives, key_results))
    assert codes(flags, "OKR104") == [("OKR104", "B2"), ("OKR104", "B3")]
    assert messages(flags, "OKR104")[0] == (
        'Objective O1 reads as a metric or a number target: "Blog articles published that'
        ' month"')


# OKR105 ---------------------------------------------------------------------------------


def test_okr105_numeric_key_result_without_target() -> None:
    flags = lint(book(key_results=krs_with(
        KR2=kr("KR2", "O1", "Cut churn from 5% to 3%", 0.05, None, 0.04),
        KR4=kr("KR4", "O2", "Sign 10 partners"))))
    assert codes(flags, "OKR105") == [("OKR105", "G3"), ("OKR105", "G5")]
    assert messages(flags, "OKR105") == [
        "Key result KR2 is not measurable: it has no target",
        "Key result KR4 is not measurable: it has neither a target nor a done/not-done value",
    ]
    assert flags[0].severity is Severity.ERROR


def test_okr105_milestones_with_a_done_value_are_measurable() -> None:
    flags = lint(book(key_results=krs_with(
        KR2=kr("KR2", "O1", "Pass the SOC 2 Type II audit", None, None, "done"),
        KR4=kr("KR4", "O2", "Pass the SOC 2 Type II audit", None, "done", "not done",
               kind="milestone"))))
    assert codes(flags, "OKR105") == []


# OKR106 ---------------------------------------------------------------------------------


def _kr_counts_book() -> dict[str, Rows]:
    objectives = [obj("O1"), obj("O2"), obj("O3"), obj("O4")]
    counts = {"O1": 1, "O2": 2, "O3": 5, "O4": 6}
    key_results = [kr(f"{o}-{i}", o, "Sign 10 partners", 0, 10, 2)
                   for o, n in counts.items() for i in range(n)]
    return book(objectives, key_results)


def test_okr106_fewer_than_two_or_more_than_five_key_results() -> None:
    flags = lint(_kr_counts_book())
    assert codes(flags, "OKR106") == [("OKR106", "A2"), ("OKR106", "A5")]
    assert messages(flags, "OKR106") == [
        "Objective O1 has 1 key result (expected 2 to 5)",
        "Objective O4 has 6 key results (expected 2 to 5)",
    ]


@pytest.mark.parametrize(("low", "high", "cells"), [
    (1, 6, []),
    (3, 5, ["A2", "A3", "A5"]),
    (1, 4, ["A4", "A5"]),
    (2, 5, ["A2", "A5"]),
])
def test_okr106_limits_come_from_the_settings(low: int, high: int, cells: list[str]) -> None:
    flags = lint(_kr_counts_book(), Settings(min_krs=low, max_krs=high))
    assert codes(flags, "OKR106") == [("OKR106", c) for c in cells]


def test_okr106_objective_without_key_results() -> None:
    flags = lint(book([*OBJECTIVES, obj("O3")]))
    assert codes(flags, "OKR106") == [("OKR106", "A4")]
    assert messages(flags, "OKR106") == ["Objective O3 has 0 key results (expected 2 to 5)"]


# OKR107 ---------------------------------------------------------------------------------


def test_okr107_no_owner_on_each_tab() -> None:
    flags = lint(book(
        [obj("O1"), obj("O2", owner=None)],
        krs_with(KR3=kr("KR3", "O2", "Reach 200 paying customers", 100, 200, 175, owner=None)),
        kpis=[kpi("K1", "Net promoter score", owner=None), kpi("K2", "Average reply time")],
        initiatives=[[*ini("I1", "Run a win-back email campaign")[:3], None, None, None]]))
    assert codes(flags, "OKR107") == [("OKR107", "C3"), ("OKR107", "D4"), ("OKR107", "C2")]
    assert [(f.tab, f.item, f.message) for f in flags if f.code == "OKR107"] == [
        ("Objectives", "O2", "Objective O2 has no owner"),
        ("Key Results", "KR3", "Key result KR3 has no owner"),
        ("KPIs", "K1", "KPI K1 has no owner"),
    ]


def test_okr107_blank_looking_owner_counts_as_none() -> None:
    flags = lint(book([obj("O1", owner="  "), obj("O2")]))
    assert codes(flags, "OKR107") == [("OKR107", "C2")]


# OKR108 ---------------------------------------------------------------------------------


def test_okr108_objective_without_period_or_dates() -> None:
    objectives = [obj("O1", period=None), obj("O2", period=None, start="2026-10-01"),
                  obj("O3", period=None, start="2026-10-01", end="2026-12-31"),
                  obj("O4", period="2026-Q4")]
    key_results = [kr(f"{o}-{i}", o, "Sign 10 partners", 0, 10, 2)
                   for o in ("O1", "O2", "O3", "O4") for i in range(2)]
    flags = lint(book(objectives, key_results))
    assert codes(flags, "OKR108") == [("OKR108", "D2"), ("OKR108", "D3")]
    assert messages(flags, "OKR108")[0] == (
        "Objective O1 is not time-bound: no Period and no Start/End")


def test_okr108_an_unreadable_period_is_okr116_not_okr108() -> None:
    flags = lint(book([obj("O1", period="Q9 2026"), obj("O2")]))
    assert codes(flags, "OKR108") == []
    assert codes(flags, "OKR116") == [("OKR116", "D2")]


# OKR109 ---------------------------------------------------------------------------------


def test_okr109_breached_kpi_without_a_key_result() -> None:
    kpis = [kpi("K1", "Net promoter score", 75, 72),
            kpi("K2", "Average reply time", 30, 45, direction="lower is better"),
            kpi("K3", "Weekly active users", 1000, 900)]
    history = [[ago(3), "K1", 70], [ago(3), "K2", 50], [ago(3), "K3", 1200]]
    key_results = krs_with(KR1=kr("KR1", "O1", "Cut reply time from 60 to 30 minutes", 60, 30,
                                  kpi="K2"))
    flags = lint(book(key_results=key_results, kpis=kpis, history=history))
    assert codes(flags, "OKR109") == [("OKR109", "G2")]
    assert messages(flags, "OKR109") == [
        "KPI K1 is in breach (70 vs target 75) and no key result addresses it"]


def test_okr109_percent_values_are_shown_as_percent() -> None:
    kpis = [kpi("K1", "Customer churn rate", "2%", "3%", unit="%",
                direction="lower is better")]
    flags = lint(book(kpis=kpis, history=[[ago(3), "K1", "4%"]]))
    assert messages(flags, "OKR109") == [
        "KPI K1 is in breach (4% vs target 2%) and no key result addresses it"]


# OKR110 ---------------------------------------------------------------------------------


def _kpi_teams_book() -> dict[str, Rows]:
    kpis = [kpi(f"S{i}", f"Support metric {i} rate", team="Support") for i in range(11)]
    kpis += [kpi(f"M{i}", f"Sales metric {i} rate", team="Sales") for i in range(10)]
    return book(kpis=kpis)


def test_okr110_eleven_kpis_for_one_team() -> None:
    flags = lint(_kpi_teams_book())
    assert codes(flags, "OKR110") == [("OKR110", "D2")]
    assert [(f.item, f.message, f.severity) for f in flags if f.code == "OKR110"] == [
        ("Support", "Team Support watches 11 KPIs (more than 10)", Severity.INFO)]


@pytest.mark.parametrize(("limit", "cells"), [(11, []), (10, ["D2"]), (9, ["D2", "D13"])])
def test_okr110_limit_comes_from_the_settings(limit: int, cells: list[str]) -> None:
    flags = lint(_kpi_teams_book(), Settings(max_kpis_per_team=limit))
    assert codes(flags, "OKR110") == [("OKR110", c) for c in cells]


# OKR111 ---------------------------------------------------------------------------------


def test_okr111_every_kind_of_broken_reference() -> None:
    objectives = [obj("O1"), obj("O2", parent="O9"), obj("O3", parent="O1")]
    key_results = [*krs_with(KR4=kr("KR4", "O7", "Sign 10 partners", 0, 10, 2),
                             KR3=kr("KR3", "O2", "Reach 200 paying customers", 100, 200,
                                    kpi="K9")),
                   kr("KR5", "O3", "Sign 10 partners", 0, 10, 2),
                   kr("KR6", "O3", "Sign 10 partners", 0, 10, 2)]
    flags = lint(book(objectives, key_results,
                      initiatives=[ini("I1", "Run a win-back email campaign", "KR8"),
                                   ini("I2", "Run a win-back email campaign", "KR1")],
                      kpis=[kpi("K1", "Net promoter score", 75)],
                      history=[[ago(3), "K1", 80], [ago(3), "K7", 1], [ago(2), "K7", 2]]))
    assert [(f.code, f.tab, f.cell, f.item, f.message) for f in flags
            if f.code == "OKR111"] == [
        ("OKR111", "Objectives", "G3", "O2",
         "Objective O2 aligns to parent 'O9', which does not exist"),
        ("OKR111", "Key Results", "I4", "KR3",
         "Key result KR3 links to KPI 'K9', which does not exist"),
        ("OKR111", "Key Results", "B5", "KR4",
         "Key result KR4 points at objective 'O7', which does not exist"),
        ("OKR111", "Initiatives", "C2", "I1",
         "Initiative I1 points at key result 'KR8', which does not exist"),
        ("OKR111", "KPI History", "B3", "K7", "Readings of KPI 'K7' have no KPI of that ID"),
    ]


def test_okr111_alignment_cycle() -> None:
    objectives = [obj("O1", parent="O2"), obj("O2", parent="O1"), obj("O3", parent="O1")]
    key_results = [*KEY_RESULTS, kr("KR5", "O3", "Sign 10 partners", 0, 10, 2),
                   kr("KR6", "O3", "Sign 10 partners", 0, 10, 2)]
    flags = lint(book(objectives, key_results))
    assert codes(flags, "OKR111") == [("OKR111", "G2")]
    assert messages(flags, "OKR111") == ["Objectives align in a cycle: O1 → O2 → O1"]


def test_okr111_cycle_entered_from_outside_is_named_from_its_first_row() -> None:
    objectives = [obj("O1", parent="O3"), obj("O2", parent="O4"), obj("O3", parent="O4"),
                  obj("O4", parent="O3")]
    flags = lint(book(objectives))
    assert codes(flags, "OKR111") == [("OKR111", "G4")]
    assert messages(flags, "OKR111") == ["Objectives align in a cycle: O3 → O4 → O3"]


def test_okr111_objective_that_is_its_own_parent() -> None:
    flags = lint(book([obj("O1"), obj("O2", parent="O2")]))
    assert codes(flags, "OKR111") == [("OKR111", "G3")]
    assert messages(flags, "OKR111") == ["Objectives align in a cycle: O2 → O2"]


def test_okr111_valid_references_and_chains_are_fine() -> None:
    objectives = [obj("O1"), obj("O2", parent="O1"), obj("O3", parent="O2")]
    key_results = [*krs_with(KR1=kr("KR1", "O1", "Raise NPS from 40 to 60", 40, 60,
                                    kpi="K1")),
                   kr("KR5", "O3", "Sign 10 partners", 0, 10, 2),
                   kr("KR6", "O3", "Sign 10 partners", 0, 10, 2)]
    flags = lint(book(objectives, key_results,
                      initiatives=[ini("I1", "Run a win-back email campaign", "KR2")],
                      kpis=[kpi("K1", "Net promoter score", 75)],
                      history=[[ago(3), "K1", 50]]))
    assert codes(flags, "OKR111") == []


# OKR112 ---------------------------------------------------------------------------------


def test_okr112_duplicate_ids_in_every_id_tab() -> None:
    objectives = [*OBJECTIVES, obj("O1", "Win the market")]
    key_results = [*KEY_RESULTS, kr("KR2", "O2", "Sign 10 partners", 0, 10, 2)]
    flags = lint(book(objectives, key_results,
                      initiatives=[ini("I1", "Run a win-back email campaign"),
                                   ini("I1", "Implement in-app live chat")],
                      kpis=[kpi("K1", "Net promoter score"), kpi("K2", "Average reply time"),
                            kpi("K1", "Customer churn rate")]))
    assert [(f.code, f.tab, f.cell) for f in flags if f.code == "OKR112"] == [
        ("OKR112", "Objectives", "A4"), ("OKR112", "Key Results", "A6"),
        ("OKR112", "Initiatives", "A3"), ("OKR112", "KPIs", "A4")]
    assert messages(flags, "OKR112") == [
        "Objectives: ID 'O1' is used again (first at A2)",
        "Key Results: ID 'KR2' is used again (first at A3)",
        "Initiatives: ID 'I1' is used again (first at A2)",
        "KPIs: ID 'K1' is used again (first at A2)",
    ]


def test_okr112_the_same_id_in_different_tabs_is_fine() -> None:
    flags = lint(book(initiatives=[ini("O1", "Run a win-back email campaign")],
                      kpis=[kpi("KR1", "Net promoter score")]))
    assert codes(flags, "OKR112") == []


# OKR113 ---------------------------------------------------------------------------------


def _updated_book(days: dict[str, int]) -> dict[str, Rows]:
    rows = [[*row[:9], ago(days[row[0]]), None] for row in KEY_RESULTS]
    rows[3] = kr("KR4", "O2", "Sign 10 partners", 0, 10, 10, updated=ago(days["KR4"]))
    return book(key_results=rows)


def test_okr113_key_result_not_updated_within_kr_stale_days() -> None:
    flags = lint(_updated_book({"KR1": 31, "KR2": 30, "KR3": 1, "KR4": 90}))
    assert codes(flags, "OKR113") == [("OKR113", "J2")]
    assert messages(flags, "OKR113") == ["Key result KR1 was last updated 31 days ago"]
    assert [f.hint for f in flags if f.code == "OKR113"] == [
        "Update Current and Updated at least every 30 days."]


@pytest.mark.parametrize(("stale_days", "cells"), [
    (7, ["J2", "J3", "J4"]), (30, ["J2"]), (31, []),
])
def test_okr113_kr_stale_days_from_the_settings(stale_days: int, cells: list[str]) -> None:
    flags = lint(_updated_book({"KR1": 31, "KR2": 30, "KR3": 8, "KR4": 90}),
                 Settings(kr_stale_days=stale_days))
    assert codes(flags, "OKR113") == [("OKR113", c) for c in cells]


def test_okr113_kpi_without_a_reading_within_its_frequency() -> None:
    kpis = [kpi("K1", "Average reply time", 30, frequency="weekly",
                direction="lower is better"),
            kpi("K2", "First response time", 30, frequency="weekly",
                direction="lower is better"),
            kpi("K3", "Net promoter score", 75, frequency=None),
            kpi("K4", "Weekly active users", 1000, frequency="monthly")]
    history = [[ago(8), "K1", 20], [ago(7), "K2", 20], [ago(40), "K3", 80],
               [ago(20), "K4", 1200]]
    flags = lint(book(kpis=kpis, history=history))
    assert codes(flags, "OKR113") == [("OKR113", "I2"), ("OKR113", "I4")]
    assert messages(flags, "OKR113") == [
        "KPI K1 has no reading within its weekly window (last: 2026-11-07)",
        "KPI K3 has no reading within its monthly (default) window (last: 2026-10-06)",
    ]


# OKR114 ---------------------------------------------------------------------------------


def test_okr114_target_equal_to_baseline_or_on_the_wrong_side() -> None:
    flags = lint(book(key_results=krs_with(
        KR1=kr("KR1", "O1", "Raise NPS from 40 to 40", 40, 40, 45),
        KR2=kr("KR2", "O1", "Increase NPS from 50 to 30", 50, 30, 40, kind="increase"),
        KR3=kr("KR3", "O2", "Reduce churn from 100 to 200", 100, 200, 150, kind="decrease"),
        KR4=kr("KR4", "O2", "Cut reply time from 10 to 5 hours", 10, 5, 8))))
    assert codes(flags, "OKR114") == [("OKR114", "G2"), ("OKR114", "G3"), ("OKR114", "G4")]
    assert messages(flags, "OKR114") == [
        "Key result KR1: target equals baseline (40), so progress cannot be measured",
        "Key result KR2: target 30 is on the wrong side of baseline 50 for an increase key"
        " result",
        "Key result KR3: target 200 is on the wrong side of baseline 100 for a decrease key"
        " result",
    ]


def test_okr114_near_misses() -> None:
    flags = lint(book(key_results=krs_with(
        KR1=kr("KR1", "O1", "Keep NPS above 40", 40, 40, 45, kind="keep-above"),
        KR2=kr("KR2", "O1", "Reduce churn from 5% to 3%", 0.05, 0.03, 0.04, kind="decrease"),
        KR3=kr("KR3", "O2", "Grow customers from 100 to 200", 100, 200, 150, kind="increase"),
    )))
    assert codes(flags, "OKR114") == []


# OKR115 ---------------------------------------------------------------------------------


def test_okr115_key_result_current_differs_from_its_kpi() -> None:
    kpis = [kpi("K1", "Net promoter score", 75), kpi("K2", "Customer churn rate", "3%",
                                                      unit="%", direction="lower is better")]
    history = [[ago(10), "K1", 40], [ago(3), "K1", 55], [ago(3), "K2", "4%"]]
    key_results = krs_with(
        KR1=kr("KR1", "O1", "Raise NPS from 40 to 60", 40, 60, 50, kpi="K1"),
        KR2=kr("KR2", "O1", "Cut churn from 5% to 3%", "5%", "3%", "4%", kpi="K2"),
        KR3=kr("KR3", "O2", "Raise NPS from 40 to 60", 40, 60, None, kpi="K1"))
    flags = lint(book(key_results=key_results, kpis=kpis, history=history))
    assert codes(flags, "OKR115") == [("OKR115", "H2")]
    assert messages(flags, "OKR115") == [
        "Key result KR1 says Current 50 but its KPI K1 last read 55"]


def test_okr115_current_equal_to_the_kpi_latest_reading() -> None:
    kpis = [kpi("K1", "Net promoter score", 75)]
    key_results = krs_with(KR1=kr("KR1", "O1", "Raise NPS from 40 to 60", 40, 60, 55,
                                  kpi="K1"))
    flags = lint(book(key_results=key_results, kpis=kpis, history=[[ago(3), "K1", 55]]))
    assert codes(flags, "OKR115") == []


# OKR116 ---------------------------------------------------------------------------------


def test_okr116_unreadable_cells_name_the_exact_cell() -> None:
    analysis = analyse(book(
        [obj("O1"), obj("O2", start="soon", period=None, end="2026-12-31")],
        krs_with(KR2=kr("KR2", "O1", "Cut churn from 5% to 3%", 0.05, "abc", 0.04),
                 KR3=kr("KR3", "O2", "Reach 200 paying customers", 100, 200, 175,
                        updated="yesterday")),
        initiatives=[ini("I1", "Run a win-back email campaign", "KR1", "a lot", 1300)],
        kpis=[kpi("K1", "Net promoter score", 75)],
        history=[[ago(3), "K1", 70], [ago(2), "K1", "lots"]]))
    flags = analysis.flags
    assert [(f.code, f.tab, f.cell, f.item) for f in flags if f.code == "OKR116"] == [
        ("OKR116", "Objectives", "E3", "O2"),
        ("OKR116", "Key Results", "G3", "KR2"),
        ("OKR116", "Key Results", "J4", "KR3"),
        ("OKR116", "Initiatives", "E2", "I1"),
        ("OKR116", "KPI History", "C3", "row 3"),
    ]
    assert messages(flags, "OKR116") == [
        'Objectives!E3: Start of O2 is "soon", not a date',
        'Key Results!G3: Target of KR2 is "abc", not a number or a done/not-done value',
        'Key Results!J4: Updated of KR3 is "yesterday", not a date',
        'Initiatives!E2: Investment of I1 is "a lot", not a number',
        'KPI History!C3: Value of row 3 is "lots", not a number',
    ]
    assert [f.hint for f in flags if f.code == "OKR116"][1] == (
        "Type a number or a done/not-done value in G3; the row's computed cells stay blank"
        " until it can be read.")
    assert {f.severity for f in flags if f.code == "OKR116"} == {Severity.ERROR}


def test_okr116_shows_a_number_as_it_reads_in_the_sheet() -> None:
    analysis = analyse(book([obj("O1"), obj("O2", start=0.0, period=None, end="2026-12-31")]))
    assert messages(analysis.flags, "OKR116") == ['Objectives!E3: Start of O2 is "0", not a date']


def test_okr116_leaves_the_rows_computed_cells_blank() -> None:
    analysis = analyse(book(key_results=krs_with(
        KR2=kr("KR2", "O1", "Cut churn from 5% to 3%", 0.05, "abc", 0.04))))
    res = analysis.results.get("key_results")
    assert res.loc[3, ["progress", "score", "expected", "status", "grade"]].isna().all()
    assert res.loc[2, ["progress", "score", "status", "grade"]].tolist() == [
        0.5, 0.5, "on track", "yellow"]
    assert codes(analysis.flags, "OKR1") == [("OKR116", "G3")]


def test_okr116_readable_spellings_are_not_flagged() -> None:
    flags = lint(book(key_results=krs_with(
        KR2=kr("KR2", "O1", "Cut churn from 5% to 3%", "5%", "3%", "4%",
               updated="2026-11-01"),
        KR4=kr("KR4", "O2", "Reach $2M in new revenue", "$1,200,000", "$2,000,000",
               "(300)"))))
    assert codes(flags, "OKR116") == []


# OKR117 ---------------------------------------------------------------------------------


def test_okr117_invalid_roi_and_conversion_inputs() -> None:
    flags = lint(book(
        initiatives=[ini("I1", "Run a win-back email campaign", "KR1", 1000, 1300),
                     ini("I2", "Sponsor the regional SaaS meetup", "KR1", 0, 30),
                     ini("I3", "Implement in-app live chat", "KR2", None, 500),
                     ini("I4", "Implement in-app live chat", "KR2", 12000, None)],
        roi=[["2026-07", 1000, 1300], ["2026-08", 0, 100], ["2026-09", None, 50]],
        funnel=[["2026-07", 665, 13, "web"], ["2026-08", 0, 3, "web"],
                ["2026-09", 10, 12, "ads"], ["2026-10", 20, 20, "ads"]]))
    assert [(f.code, f.tab, f.cell, f.item) for f in flags if f.code == "OKR117"] == [
        ("OKR117", "Initiatives", "E3", "I2"),
        ("OKR117", "Initiatives", "E4", "I3"),
        ("OKR117", "ROI", "B3", "2026-08"),
        ("OKR117", "ROI", "B4", "2026-09"),
        ("OKR117", "Funnel", "B3", "2026-08 web"),
        ("OKR117", "Funnel", "C4", "2026-09 ads"),
    ]
    assert messages(flags, "OKR117") == [
        "Initiatives!E3 (I2): a return is given but the investment is zero or blank",
        "Initiatives!E4 (I3): a return is given but the investment is zero or blank",
        "ROI!B3 (2026-08): investment is zero or blank, so ROI cannot be computed",
        "ROI!B4 (2026-09): investment is zero or blank, so ROI cannot be computed",
        "Funnel!B3 (2026-08 web): visits are zero or blank, so the conversion rate cannot be"
        " computed",
        "Funnel!C4 (2026-09 ads): 12 conversions out of 10 visits is more than 100 %",
    ]


def test_okr117_valid_inputs() -> None:
    flags = lint(book(roi=[["2026-07", 1000, 1300], ["2026-08", 10, 0]],
                      funnel=[["2026-07", 665, 13, "web"], ["2026-08", 20, 20, "ads"],
                              ["2026-09", 0, None, "web"]]))
    assert codes(flags, "OKR117") == []


# OKR118 ---------------------------------------------------------------------------------


def test_okr118_key_result_without_current() -> None:
    key_results = krs_with(
        KR1=kr("KR1", "O1", "Raise NPS from 40 to 60", 40, 60, kpi="K1"),
        KR3=kr("KR3", "O2", "Reach 200 paying customers", 100, 200),
        KR4=kr("KR4", "O2", "Pass the SOC 2 Type II audit", None, "done", kind="milestone"))
    flags = lint(book(key_results=key_results, kpis=[kpi("K1", "Net promoter score", 75)],
                      history=[[ago(3), "K1", 55]]))
    assert codes(flags, "OKR118") == [("OKR118", "H4"), ("OKR118", "H5")]
    assert messages(flags, "OKR118")[0] == (
        "Key result KR3 has no current value yet; it is left out of its objective's score")
    assert {f.severity for f in flags if f.code == "OKR118"} == {Severity.INFO}


# OKR119 ---------------------------------------------------------------------------------


def test_okr119_value_typed_into_a_computed_column() -> None:
    tabs = book()
    tabs["Key Results"] = [[*row, value] for row, value in
                           zip(tabs["Key Results"], ["Score", 0.9, 0.5, None, "n/a"],
                               strict=True)]
    analysis = analyse(tabs)
    typed = [f for f in analysis.flags if f.code == "OKR119"]
    assert codes(typed, "OKR119") == [("OKR119", "L2"), ("OKR119", "L5")]
    assert [(f.item, f.message) for f in typed] == [
        ("KR1", 'Key Results!L2: Score of KR1 holds "0.9" typed by a person; it is left as is'),
        ("KR4", 'Key Results!L5: Score of KR4 holds "n/a" typed by a person; it is left as is'),
    ]
    assert typed[0].hint == (
        "Clear L2 to let sheets-okr fill it in, or rename the column if it is yours.")
    plan = make_plan(analysis.model, analysis.results, analysis.flags, analysis.settings)
    written = {(c.row, c.col): c.value for c in plan.changes.cells if c.tab == "Key Results"}
    assert (2, 12) not in written and (5, 12) not in written
    assert written[(4, 12)] == 0.75


def test_okr119_a_formula_in_a_computed_column() -> None:
    tabs = book()
    tabs["Objectives"] = [[*row, value] for row, value in
                          zip(tabs["Objectives"], ["Status", "on track", "on track"],
                              strict=True)]
    analysis = analyse(tabs, formulas={"Objectives": {(2, 9)}})
    typed = [f for f in analysis.flags if f.code == "OKR119"]
    assert codes(typed, "OKR119") == [("OKR119", "I2")]
    assert [f.message for f in typed] == [
        'Objectives!I2: Status of O1 holds a formula typed by a person; it is left as is']


def test_okr119_through_check_on_a_workbook(make_workbook) -> None:
    tabs = book()
    tabs["Objectives"] = [[*row, value] for row, value in
                          zip(tabs["Objectives"], ["Score", "great", 0.475], strict=True)]
    path = make_workbook(tabs)
    _, flags = check(open_backend(str(path)), AS_OF, Settings())
    assert [(f.code, f.tab, f.cell, f.item) for f in flags] == [
        ("OKR119", "Objectives", "I2", "O1")]
    _, flags = check(open_backend(str(path)), AS_OF, Settings(ignore=("OKR119",)))
    assert flags == []


# messages, suppression and order ---------------------------------------------------------


def _many_flags_book() -> dict[str, Rows]:
    return book(
        [obj("O1", owner=None), obj("O2", "Blog articles published that month", parent="O9"),
         obj("O2", period=None), obj("O3")],
        [*krs_with(KR1=kr("KR1", "O1", "Host 100 product demos", 0, 100, 45, owner=None,
                          kpi="K2", updated=ago(60)),
                   KR2=kr("KR2", "O1", "Cut churn from 5% to 3%", 0.05, "abc", 0.04),
                   KR3=kr("KR3", "O2", "Reach 200 paying customers", 100, 200),
                   KR4=kr("KR4", "O8", "Raise NPS from 40 to 40", 40, 40, 45)),
         kr("KR5", "O2", "Sign 10 partners", 0, None, 2)],
        initiatives=[ini("I1", "Customer retention rate", "KR7", None, 50)],
        kpis=[kpi("K1", "Increase ad budget 30%", 75, 72, owner=None),
              kpi("K2", "Net promoter score", 75, 72, frequency="weekly")],
        history=[[ago(3), "K1", 70], [ago(30), "K2", 60], [ago(3), "K5", 1]],
        roi=[["2026-07", 0, 100]],
        funnel=[["2026-07", 10, 20, "web"]],
    )


def test_flags_name_their_item_and_cell() -> None:
    flags = lint(_many_flags_book())
    assert {f.code for f in flags} == {f"OKR1{n:02d}" for n in range(1, 19)} - {"OKR110"}
    for flag in flags:
        assert flag.item and flag.item in flag.message, flag
        assert "{" not in flag.message + flag.hint and "?" not in flag.message, flag
        assert flag.cell[:1].isalpha() and flag.cell[-1].isdigit(), flag
        assert str(flag.row) == flag.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), flag


def test_flags_sorted_by_severity_then_tab_then_row_then_column() -> None:
    flags = lint(_many_flags_book())
    assert [(str(f.severity), f.tab, f.cell, f.code) for f in flags] == [
        ("error", "Objectives", "G3", "OKR111"),
        ("error", "Objectives", "A4", "OKR112"),
        ("error", "Key Results", "G3", "OKR116"),
        ("error", "Key Results", "B5", "OKR111"),
        ("error", "Key Results", "G5", "OKR114"),
        ("error", "Key Results", "G6", "OKR105"),
        ("error", "Initiatives", "C2", "OKR111"),
        ("error", "KPI History", "B4", "OKR111"),
        ("warning", "Objectives", "C2", "OKR107"),
        ("warning", "Objectives", "B3", "OKR104"),
        ("warning", "Objectives", "D4", "OKR108"),
        ("warning", "Objectives", "A5", "OKR106"),
        ("warning", "Key Results", "C2", "OKR101"),
        ("warning", "Key Results", "D2", "OKR107"),
        ("warning", "Key Results", "H2", "OKR115"),
        ("warning", "Key Results", "J2", "OKR113"),
        ("warning", "Initiatives", "B2", "OKR102"),
        ("warning", "Initiatives", "E2", "OKR117"),
        ("warning", "KPIs", "B2", "OKR103"),
        ("warning", "KPIs", "C2", "OKR107"),
        ("warning", "KPIs", "G2", "OKR109"),
        ("warning", "KPIs", "I3", "OKR113"),
        ("warning", "ROI", "B2", "OKR117"),
        ("warning", "Funnel", "C2", "OKR117"),
        ("info", "Key Results", "H4", "OKR118"),
    ]


def test_sort_flags_orders_columns_by_letters_then_length() -> None:
    def flag(cell: str, row: int, severity: str = "warning", tab_order: int = 1) -> Flag:
        return Flag("OKR107", Severity(severity), "Key Results", cell, "KR1", "m", "",
                    tab_order, row)

    shuffled = [flag("AA2", 2), flag("B10", 10), flag("Z2", 2), flag("B9", 9),
                flag("C1", 1, tab_order=0), flag("ZZ3", 3, "error"), flag("A2", 2, "info"),
                flag("B9", 9)]
    assert [f.cell for f in sort_flags(shuffled)] == ["ZZ3", "C1", "Z2", "AA2", "B9", "B10",
                                                      "A2"]


def test_flags_on_one_cell_are_in_a_stable_order() -> None:
    one = Flag("OKR111", Severity.ERROR, "Objectives", "G2", "O1", "b", "", 0, 2)
    two = Flag("OKR111", Severity.ERROR, "Objectives", "G2", "O1", "a", "", 0, 2)
    assert sort_flags([one, two]) == sort_flags([two, one]) == [two, one]


def test_ignore_column_silences_one_code_on_one_row() -> None:
    key_results = krs_with(
        KR1=kr("KR1", "O1", "Host 100 product demos", 0, 100, 45, owner=None,
               ignore="OKR107"),
        KR3=kr("KR3", "O2", "Host 100 product demos", 0, 100, 45, owner=None))
    flags = lint(book(key_results=key_results))
    assert codes(flags, "OKR1") == [("OKR101", "C2"), ("OKR101", "C4"), ("OKR107", "D4")]


def test_ignore_column_prefix_silences_every_matching_code_on_that_row() -> None:
    key_results = krs_with(
        KR1=kr("KR1", "O1", "Host 100 product demos", 0, 100, 45, owner=None, ignore="okr1"),
        KR2=kr("KR2", "O1", "Host 100 product demos", 0, 100, owner=None,
               ignore="OKR107, OKR118"),
        KR3=kr("KR3", "O2", "Host 100 product demos", 0, 100, 45, owner=None,
               ignore="OKR2"))
    flags = lint(book(key_results=key_results))
    assert codes(flags, "OKR1") == [("OKR101", "C3"), ("OKR101", "C4"), ("OKR107", "D4")]


def test_ignore_column_on_objectives_and_kpis() -> None:
    objectives = [obj("O1", owner=None, ignore="OKR107"), obj("O2", owner=None),
                  obj("O3", ignore="OKR106")]
    flags = lint(book(objectives, kpis=[kpi("K1", "Increase ad budget 30%")]))
    assert codes(flags, "OKR10") == [("OKR107", "C3"), ("OKR103", "B2")]


def test_settings_select_and_ignore_filter_rules() -> None:
    tabs = _many_flags_book()
    assert {f.code for f in lint(tabs, Settings(select=("OKR11",)))} == {
        "OKR111", "OKR112", "OKR113", "OKR114", "OKR115", "OKR116", "OKR117", "OKR118"}
    assert {f.code for f in lint(tabs, Settings(select=("OKR11",), ignore=("OKR111",)))} == {
        "OKR112", "OKR113", "OKR114", "OKR115", "OKR116", "OKR117", "OKR118"}
    assert codes(lint(tabs, Settings(select=("OKR107", "OKR104"))), "OKR") == [
        ("OKR107", "C2"), ("OKR104", "B3"), ("OKR107", "D2"), ("OKR107", "C2")]
    assert lint(tabs, Settings(ignore=("OKR",))) == []


def test_two_teams_over_the_limit_are_reported_in_row_order() -> None:
    kpis = [kpi(f"M{i}", f"Sales metric {i} rate", team="Sales") for i in range(3)]
    kpis += [kpi(f"S{i}", f"Support metric {i} rate", team="Support") for i in range(4)]
    flags = lint(book(kpis=kpis), Settings(max_kpis_per_team=2))
    assert [(f.cell, f.row, f.item) for f in flags if f.code == "OKR110"] == [
        ("D2", 2, "Sales"), ("D5", 5, "Support")]


# the author's own results ----------------------------------------------------------------


def test_okr130_author_progress_differs_from_ours() -> None:
    rows = [["Growth KRs"], [],
            ["Key Result", "Owner", "Target", "Actual", "Progress %"],
            ["Reach 40 partners", "Ana", 40, 10, 0.25],
            ["Sign 12 resellers", "Bo", 12, 6, 0.75],
            ["Raise NPS to 60", "Cy", 60, 45, 0.75]]
    analysis = analyse_book(RawBook({"Growth": Grid("Growth", rows)}), AS_OF, Settings())
    flags = [f for f in analysis.flags if f.code == "OKR130"]
    assert [(f.code, f.cell, f.item) for f in flags] == [("OKR130", "E5", "2")]
    assert flags[0].message == (
        "Growth!E5: the sheet's Progress % of 2 is 75%; sheets-okr computes 50% "
        "(from target 12, current 6)")
    table = analysis.model.tables["key_results"]
    assert table.author == {"progress": 5} and "progress" not in table.computed


def test_okr130_not_raised_when_the_sheet_agrees_up_to_rounding() -> None:
    rows = [["Key Result", "Owner", "Target", "Actual", "Progress %"],
            ["Reach 40 partners", "Ana", 40, 10, 0.25],
            ["Sign 12 resellers", "Bo", 12, 7, 0.58]]
    analysis = analyse_book(RawBook({"Growth": Grid("Growth", rows)}), AS_OF, Settings())
    assert [f for f in analysis.flags if f.code == "OKR130"] == []


def test_okr131_a_value_far_from_its_target_is_not_scored() -> None:
    rows = [["Seller", "Goal", "Received"],
            ["Ana", 26500, 1.62], ["Bo", 26500, 2.5], ["Cy", 12500, 8.4]]
    tabs = {name: Grid(name, grid) for name, grid in book().items()}
    analysis = analyse_book(RawBook({**tabs, "Sellers": Grid("Sellers", rows)}), AS_OF,
                            Settings())
    flags = [f for f in analysis.flags if f.code == "OKR131"]
    assert [(f.code, f.tab, f.cell) for f in flags] == [("OKR131", "Sellers", "C3")]
    assert flags[0].message == (
        "Tab 'Sellers' was not scored: 'Received' is about 10,600 times smaller than 'Goal' "
        "(row 3: 2.5 against 26,500); they do not read as a value and its target")
    assert "kpis" not in analysis.model.tables or analysis.model.tables["kpis"].frame.empty


def test_okr131_not_raised_for_values_near_their_targets() -> None:
    rows = [["Seller", "Goal", "Received"],
            ["Ana", 26500, 16200], ["Bo", 26500, 25000], ["Cy", 12500, 8400]]
    analysis = analyse_book(RawBook({"Sellers": Grid("Sellers", rows)}), AS_OF, Settings())
    assert [f for f in analysis.flags if f.code == "OKR131"] == []
    kpis = analysis.model.tables["kpis"]
    assert sorted(kpis.frame["segment"]) == ["Ana", "Bo", "Cy", "total"]


def test_okr132_a_header_typo_is_said_with_the_header_meant(make_workbook) -> None:
    tabs = book(kpis=[kpi("K1", "NPS", 60, 50)])
    tabs["KPIs"][0] = [h if h != "Direction" else "Direciton" for h in tabs["KPIs"][0]]
    path = make_workbook(tabs)
    _, flags = check(open_backend(str(path)), AS_OF, Settings())
    found = [(f.code, f.tab, f.cell, f.message) for f in flags if f.code == "OKR132"]
    assert found == [("OKR132", "KPIs", "F1", 'KPIs!F1: the header "Direciton" is not a '
                      'known column; was "Direction" meant?')]


def test_okr132_not_raised_for_headers_of_the_authors_own(make_workbook) -> None:
    tabs = book()
    tabs["Key Results"] = [[*row, value] for row, value in
                           zip(tabs["Key Results"], ["Comments", "a", "b", "c", "d"],
                               strict=True)]
    _, flags = check(open_backend(str(make_workbook(tabs))), AS_OF, Settings())
    assert [f for f in flags if f.code == "OKR132"] == []
