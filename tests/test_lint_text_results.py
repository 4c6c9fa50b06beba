"""Results written with the shape of a task, and tasks written with the verb of a result:
each signal with a text that has it and a near miss, in the languages it covers."""

from __future__ import annotations

import pytest

from sheets_okr.lint import text as T


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # acquiring, signing, accelerating move a measure, as their English verbs do
        ("Adquirir 40 nuevas cuentas corporativas", "outcome"),
        ("Adquirir 40 novas contas corporativas", "outcome"),
        ("Acquérir 40 nouveaux comptes entreprises", "outcome"),
        ("Acelerar el cierre mensual de 9 a 5 días", "outcome"),
        ("Accélérer les revues de code", "aspiration"),
        # a task verb with a count of outputs stays a task
        ("Publicar 12 vídeos de producto", "activity"),
        ("Publier 12 vidéos produit", "activity"),
    ],
)
def test_result_verbs_of_other_languages(text: str, label: str) -> None:
    assert T.classify(text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # with a number, signing counts results …
        ("Sign 6 new reseller agreements", "outcome"),
        ("Firmar 6 nuevos acuerdos con distribuidores", "outcome"),
        ("Signer 6 nouveaux contrats de revendeurs", "outcome"),
        # … without one, it is the task of concluding one agreement
        ("Sign the hosting contract with the new data centre", "activity"),
        ("Firmar el convenio con la universidad", "activity"),
        ("Assinar o contrato com o fornecedor de pagamentos", "activity"),
        ("Signer la convention avec la mairie", "activity"),
    ],
)
def test_concluding_an_agreement(text: str, label: str) -> None:
    assert T.classify(text) == label


def test_concluding_an_agreement_says_why() -> None:
    assert T.explain("Sign the hosting contract with the new data centre") == (
        'starts with "sign" and names one agreement to conclude, no number')


def test_a_closing_note_is_not_the_object_of_the_verb() -> None:
    # "(pilot)" is a note on the count, not a pilot to run
    assert T.classify("Sign 4 regional resellers (pilot)") == "outcome"
    assert T.features("Sign 4 regional resellers (pilot)").head == "resellers"


@pytest.mark.parametrize(
    "text",
    [
        "No P1 incidents caused by a release",
        "Zero failed payroll runs",
        "0 accessibility regressions shipped",
        "Ningún pedido perdido en el traspaso a logística",
        "Nenhuma fatura emitida em duplicado",
        "Aucune régression de performance non expliquée",
        "Keine Tickets älter als ein Quartal",
    ],
)
def test_a_count_kept_at_zero_is_a_result(text: str) -> None:
    assert T.classify(text) == "outcome"
    assert T.explain(text) == "names a count to keep at zero"
    assert not T.is_milestone_kr(text) and not T.is_activity_kr(text)


def test_a_zero_inside_a_text_is_not_a_zero_count() -> None:
    assert T.classify("Runbook for zero-downtime deploys published") == "milestone"
    assert T.shape("0 failed runs") == "0 failed runs"
    assert T.shape("10 failed runs") == "5 failed runs"


def test_at_least_one_is_a_bar() -> None:
    assert T.features("At least one partner resells the add-on").has_comparator
    assert not T.features("Write one clear overview of the budget").has_number


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a text opening with a participle states what was done, whatever it names …
        ("Formalised review process for 3 regional teams", "milestone"),
        ("Improved expense rules documented for the finance team", "milestone"),
        # … plural things followed by a participle are stated done …
        ("Pricing models updated", "milestone"),
        ("Supplier contracts renegotiated and filed", "milestone"),
        # … unless they are outputs counted, counted over a period or a number of them
        ("Demos booked", "metric"),
        ("Bugs fixed per sprint", "metric"),
        ("Blog articles published that month", "metric"),
        ("Number of invoices checked", "metric"),
        ("Hosted 4 customer workshops", "activity"),
    ],
)
def test_things_stated_done(text: str, label: str) -> None:
    assert T.classify(text) == label


def test_things_stated_done_say_why() -> None:
    assert T.explain("Improved expense rules documented for the finance team") == (
        'states a deliverable as done ("improved") and names no measurable change')
    assert T.explain("Pricing models updated") == (
        'states a deliverable as done ("updated") and names no measurable change')
