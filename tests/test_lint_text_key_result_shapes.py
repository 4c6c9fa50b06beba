"""Shapes of key results that hold in several languages: a measure named first, a count
held to a floor, a state word in the plural. Each with a text that has it and a near miss."""

from __future__ import annotations

import pytest

from sheets_okr.lint import text as T


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a text opening with a measure's name is a metric, whatever it counts …
        ("% weekly workspaces with a shared dashboard", "metric"),
        ("Number of monthly projects using the export plugin", "metric"),
        ("Percentage of invoices paid by card", "metric"),
        # … a count of the same things after a task verb is work to do
        ("Set up 3 projects using the export plugin", "activity"),
    ],
)
def test_a_measure_named_first(text: str, label: str) -> None:
    assert T.classify(text) == label


@pytest.mark.parametrize(
    ("text", "task"),
    [
        # a count held to a floor over a period, or a measure held to one, is a bar …
        ("Launch the beta with 5K+ sign-ups a month", False),
        ("Release the tablet app with a 4.2+ store rating", False),
        ("Procesar más de 20.000 pedidos cada mes", False),
        ("Processar pelo menos 20.000 pedidos por mês", False),
        # … a floor on outputs, on times, or a floor with no period is still work
        ("Host 6+ webinars a month", True),
        ("Publish at least 3 case studies a quarter", True),
        ("Launch the beta for 5K+ testers", True),
    ],
)
def test_a_count_held_to_a_floor(text: str, task: bool) -> None:
    assert T.is_activity_kr(text) is task


def test_a_count_held_to_a_floor_is_a_target() -> None:
    assert T.explain("Launch the beta with 5K+ sign-ups a month") == "names a measurable target"


@pytest.mark.parametrize(
    "text",
    [
        "Painéis de vendas operacionais",
        "Relatórios mensais disponíveis",
        "Paneles de control operativos",
        "Tableros de ventas disponibles",
        "Tableaux de bord disponibles",
        "Cruscotti di vendita disponibili",
        "Flussi di approvazione attivi",
    ],
)
def test_a_state_word_in_the_plural_is_a_milestone(text: str) -> None:
    assert T.is_milestone_kr(text)
    assert not T.is_activity_kr(text)


def test_a_state_word_in_the_plural_says_which() -> None:
    assert '("operacionais")' in T.explain("Painéis de vendas operacionais")
