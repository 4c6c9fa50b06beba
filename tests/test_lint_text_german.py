"""German key results and KPI names: a task written as an infinitive at the end, and
buckets of work written as one compound."""

from __future__ import annotations

import pytest

from sheets_okr.lint import text as T
from sheets_okr.lint.text.infinitives import final_infinitive


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # an infinitive no list holds closes the text: a task …
        ("Neuen Onlineshop launchen", "activity"),
        ("Preisliste monatlich versenden", "activity"),
        ("Bestellprozess im ERP abbilden", "activity"),
        ("Quartalsplanung mit der Geschäftsleitung abstimmen", "activity"),
        # … but not a verb of a result, a purpose, a state or an ability
        ("Stammkundenbindung stärken", "aspiration"),
        ("Lieferzeiten im Versand beschleunigen", "aspiration"),
        ("Die Teams nutzen das Wiki, um Fragen zu beantworten", "aspiration"),
        ("Wir können neue Aufträge annehmen", "aspiration"),
        ("Kennzahlen für Filialen und -regionen", "aspiration"),
        # and a measured bar still makes the task a result
        ("Retouren von 12% auf 8% verringern", "outcome"),
    ],
)
def test_an_infinitive_at_the_end(text: str, label: str) -> None:
    assert T.classify(text) == label


def test_an_infinitive_at_the_end_says_why() -> None:
    assert T.explain("Neuen Onlineshop launchen") == (
        'names a task ("launchen") and no measurable change')


def test_an_english_text_ending_like_an_infinitive_is_not_german() -> None:
    assert final_infinitive("Neuen Onlineshop launchen") == "launchen"
    assert final_infinitive("Fewer tickets about passwords forgotten") == ""
    assert final_infinitive("Checkout flow that is never broken") == ""
    assert final_infinitive("neuen onlineshop launchen") == ""  # no noun to tell German by


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("Angebote nachfassen", True),
        ("Inventur", True),
        ("Händlerbesuche", True),
        ("Lieferantenaudits", True),
        # a count or a rate of the same work is a measure
        ("Anzahl Händlerbesuche", False),
        ("Händlerbesuche pro Woche", False),
        ("Inventurdifferenz", False),
    ],
)
def test_german_kpis_named_after_work(text: str, action: bool) -> None:
    assert T.is_action_kpi(text) is action


@pytest.mark.parametrize(
    "text",
    [
        "Anteil der Kunden, die ihre Rechnung online bezahlen konnten",  # a clause about a noun
        "Quote der Filialen, die den Abschluss rechtzeitig einreichen",
        "Bestellungen, die ohne Rückfrage versendet werden konnten",  # a modal at the end
    ],
)
def test_the_verb_of_a_clause_about_a_noun_is_not_the_task(text: str) -> None:
    assert not T.is_activity_kr(text)
