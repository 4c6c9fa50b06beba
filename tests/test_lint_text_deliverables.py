"""Key results that name a thing to build with no verb, and their near misses."""

from __future__ import annotations

import pytest

from sheets_okr.lint import text as T


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a noun phrase naming a feature or a piece of work, nothing measured …
        ("Dark mode for the reader app", "activity"),
        ("Offline sync in the field app", "activity"),
        ("Audit logging for admin actions", "activity"),
        ("Webhooks for invoice events", "activity"),
        ("Multi-region support for enterprise tenants", "activity"),
        ("Streaming export API", "activity"),
        ("Weekly status digest for the board", "activity"),
        # … a statement with a verb is a capability or a result, not a thing to build
        ("The reader app supports dark mode", "milestone"),
        ("Field agents can sync offline", "milestone"),
        ("Ansible manages our deploy hosts", "aspiration"),
        ("Customers understand the new price tiers", "aspiration"),
        ("Admins see audit logs for every action", "aspiration"),
    ],
)
def test_a_thing_to_build_named_without_a_verb(text: str, label: str) -> None:
    assert T.classify(text) == label


@pytest.mark.parametrize(
    "text",
    [
        "Positive unit economics in the retail segment",  # a quality
        "SOC compliance for the hosted product",  # a state reached
        "Smooth handover between night shifts",  # a quality
        "All stores on the new till software",  # a share of them
        "Fewer manual steps in the payroll run",  # a comparison
        "Reports shareable with one click",  # a state after its noun
        "Brand recognition among hobby bakers",  # a result people feel
        "Rollen por cliente",  # a Spanish preposition
        "Mitarbeiterbindung im Lager stärken",  # another language
        "Wartezeiten im Callcenter minimieren",
        "Clientèle fidèle dans le quartier",
        "Tidy supplier invoices automatically",  # an adverb: a verb it qualifies
        '=IMPORTDATA("https://example.org/kr.csv")',  # a formula, not words
    ],
)
def test_near_misses_of_a_thing_to_build(text: str) -> None:
    assert not T.is_activity_kr(text)


def test_a_thing_to_build_with_a_number_is_left_to_the_number() -> None:
    assert T.classify("Status page with 99.9% uptime for the API") == "outcome"


def test_a_thing_to_build_says_why() -> None:
    assert T.explain("Dark mode for the reader app") == (
        'names a thing to build ("mode") and no measurable change')


def test_a_kpi_named_as_a_thing_is_not_read_as_a_thing_to_build() -> None:
    assert not T.is_action_kpi("Dark mode sessions")
    assert not T.is_action_kpi("Reader app crash-free users")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # "new" before a noun in the singular opens a thing to build …
        ("Nueva app para los repartidores", "activity"),
        ("Novo portal para revendedores", "activity"),
        ("Nouvelle boutique en ligne", "activity"),
        ("Neues Kassensystem für alle Filialen", "activity"),
        # … new people or things in the plural are a count, and a participle a statement
        ("Nuevos clientes en la región norte", "aspiration"),
        ("Novas avaliações no Google", "aspiration"),
        ("Neuer Großkunde gewonnen", "aspiration"),
    ],
)
def test_a_new_thing_in_other_languages(text: str, label: str) -> None:
    assert T.classify(text) == label
