"""OKR102 on initiatives whose name closes on countable things after a linker: the work
opening the name is its head ("Proceso de … de leads"), and only a quantity opening it
makes the name a metric ("Número de leads")."""

from __future__ import annotations

import pytest

from sheets_okr.lint import text as T


@pytest.mark.parametrize(
    "text",
    [
        "Proceso de seguimiento de leads",
        "Rutina de cierre de tickets",
        "Processus de qualification des leads",
        "Scoring de leads",
    ],
)
def test_work_heading_a_name_of_countable_things_is_not_a_metric(text: str) -> None:
    assert T.classify(text) == "metric"  # the countable things alone read as a count
    assert not T.is_metric_name(text), text


@pytest.mark.parametrize(
    "text",
    ["Número de leads", "Tasa de conversión de leads", "Cost of refunds", "Share of renewals",
     "Monthly active users"],
)
def test_a_quantity_heading_such_a_name_is_still_a_metric(text: str) -> None:
    assert T.is_metric_name(text), text
