"""OKR103 on KPI names shaped as a count or a share whatever word closes them: the plural
of a noun made with a suffix is not an infinitive, a sign of a share or count opens the
name, a rate is noted at its end, or things are counted with a qualifier after them."""

from __future__ import annotations

import pytest

from sheets_okr.lint import text as T
from sheets_okr.lint.text.infinitives import final_infinitive


@pytest.mark.parametrize(
    "text",
    [
        "Afgeronde aanvragen en metingen",
        "Stand van de bouwvergunningen en woningen",
        "Nieuwe mogelijkheden",
        "Sportieve activiteiten",
        "Open Abweichungen",
    ],
)
def test_the_plural_of_a_noun_made_with_a_suffix_is_not_an_infinitive(text: str) -> None:
    assert final_infinitive(text) == "", text


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("Klachten beoordelen en reageren", "reageren"),
        ("Meldingen registreren en evalueren", "evalueren"),
        ("Signalen analyseren en interveniëren", "interveniëren"),  # a Dutch diaeresis
        ("Nieuwe klanten afdwingen", "afdwingen"),  # a consonant pair before "-ingen"
    ],
)
def test_a_dutch_infinitive_still_closes_a_task(text: str, verb: str) -> None:
    assert final_infinitive(text) == verb


@pytest.mark.parametrize(
    "text",
    [
        "Realisatie huurwoningen",
        "Opkomst bij vergaderingen",
        "Nieuwbouw woningen",
    ],
)
def test_a_kpi_closing_on_such_a_plural_is_not_an_action(text: str) -> None:
    assert not T.is_action_kpi(text), text


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("# and % of weekly accounts with a connector switched on", "#"),
        ("# despliegues con reversión", "#"),
        ("Nº de visitas al mes", "Nº"),
        ("No. of tickets reopened", "No."),
    ],
)
def test_a_sign_of_a_share_or_a_count_opening_a_kpi_makes_it_a_measure(
        text: str, sign: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert f'opens with "{sign}"' in reading.why


def test_no_opening_a_name_is_not_a_sign_of_a_count() -> None:
    assert "opens with" not in T.explain_kpi("No manual invoicing")


@pytest.mark.parametrize(
    "text",
    [
        "Inzet (fte per 1.000 inwoners)",
        "Werving (kosten per aanstelling)",
        "Onboarding (hours per hire)",
    ],
)
def test_a_rate_noted_at_the_end_of_a_kpi_makes_it_a_measure(text: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert "per" in reading.why


def test_effort_noted_before_the_per_word_is_not_a_rate_of_the_kpi() -> None:
    # "(2 hours per week)": the time given to the task, not what is counted
    assert T.is_action_kpi("Review code (2 hours per week)")


@pytest.mark.parametrize(
    "text",
    [
        "Leerlingen met schoolbegeleiding",
        "Employees without onboarding",
        "Clientes sin facturación",
    ],
)
def test_things_counted_with_the_work_they_have_or_lack_are_a_count(text: str) -> None:
    assert not T.is_action_kpi(text), text


@pytest.mark.parametrize(
    "text",
    ["Planning of the audits", "Invoice reconciliation", "Begeleiding van leerlingen"],
)
def test_work_heading_a_kpi_is_still_an_action(text: str) -> None:
    assert T.is_action_kpi(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Werkloze jongeren",  # an adjective by its ending, capitalised as the first word
        "Afgehandelde klachten",  # a participle by its shape, "(af)ge-…-de"
        "Zwevende projecten",
        "Zelfstandige ondernemers",
        "Uptime en incidenten",  # joined to a noun by "en": a noun too
        "Klanttevredenheid en klachten",
    ],
)
def test_a_plural_after_an_adjective_or_joined_to_a_noun_is_not_an_infinitive(
        text: str) -> None:
    assert final_infinitive(text) == "", text
    assert not T.is_action_kpi(text), text


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("Offertes maken en versturen", "versturen"),  # joined to an infinitive
        ("Offerte versturen", "versturen"),  # a noun ending in "-e" is no adjective
    ],
)
def test_infinitives_joined_or_after_a_noun_in_e_are_still_read(text: str, verb: str) -> None:
    assert final_infinitive(text) == verb


def test_a_code_filed_before_a_share_does_not_hide_it() -> None:
    text = "WMO Percentage cliënten dat zelf de zorg moet regelen"
    reading = T.read_kpi(text)
    assert not reading.action
    assert 'names a quantity ("percentage")' in reading.why
    assert T.is_action_kpi("CRM Migratie uitvoeren")  # no share after the code


def test_a_measure_joined_to_a_plural_is_a_metric_initiative() -> None:
    assert T.is_metric_name("Uptime en incidenten")


@pytest.mark.parametrize(
    ("text", "things"),
    [
        ("Residents who feel safe in their street", "residents"),
        ("Kinderen die kunnen zwemmen", "kinderen"),
        ("Haushalte die Wohngeld beziehen", "haushalte"),
        ("Clientes que repiten compra", "clientes"),
        ("Persone che usano il servizio online", "persone"),
        ("Pelanggan yang puas", "pelanggan"),
    ],
)
def test_things_a_clause_describes_are_counted_whatever_verb_it_holds(
        text: str, things: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert f"counts the {things} a clause" in reading.why


@pytest.mark.parametrize(
    "text",
    ["Ensure that backups run", "Audit which vendors are compliant",
     "Vérifier que les sauvegardes tournent"],
)
def test_a_verb_before_the_clause_is_still_a_task(text: str) -> None:
    assert T.is_action_kpi(text), text


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("Inwoners met schulden", ""),  # what a preposition takes is a noun
        ("Kinderen die kunnen zwemmen", ""),  # the verb of a clause about the children
        ("Vergadering met partners plannen", "plannen"),
    ],
)
def test_a_final_word_after_a_preposition_or_in_a_clause_is_no_task(
        text: str, verb: str) -> None:
    assert final_infinitive(text) == verb


@pytest.mark.parametrize(
    "text",
    ["Trained staff", "Hired engineers", "Onboarded customers", "Deployed fixes",
     "Shipped releases"],
)
def test_a_participle_before_the_things_it_says_done_is_a_count(text: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert "counts things done" in reading.why


@pytest.mark.parametrize("text", ["Deployed the fix", "Need analysis"])
def test_a_participle_before_an_article_or_no_participle_is_not_that_count(text: str) -> None:
    assert "counts things done" not in T.explain_kpi(text)


@pytest.mark.parametrize(
    "text",
    ["Corsi erogati", "Visitas agendadas", "Treinamentos ministrados",
     "Formations dispensées", "Riunioni organizzate con i fornitori"],
)
def test_things_and_a_romance_plural_participle_saying_them_done_are_a_count(
        text: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert "counts things done" in reading.why


@pytest.mark.parametrize(
    "text", ["Revisar contratos firmados", "Organizzare riunioni", "Analisi dati"])
def test_a_verb_or_a_noun_of_work_opening_the_name_is_still_a_task(text: str) -> None:
    assert T.is_action_kpi(text), text
