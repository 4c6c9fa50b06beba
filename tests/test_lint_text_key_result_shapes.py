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


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # forbidding a task is a rule of conduct to keep, in any of the languages …
        ("Don't merge a branch whose checks are red", "activity"),
        ("Never deploy on a Friday afternoon", "activity"),
        ("Do not reply to a complaint by email", "activity"),
        ("No publicar ofertas sin la firma del director", "activity"),
        ("Não publicar preços sem aprovação", "activity"),
        ("Non pubblicare prezzi senza approvazione", "activity"),
        ("Ne pas livrer le vendredi soir", "activity"),
        # … a word of none before a noun, or a thing going wrong forbidden, is a count
        # kept at zero
        ("No releases without a signed change request", "outcome"),
        ("No increase in refund requests", "outcome"),
        ("No perder ningún cliente por una renovación olvidada", "outcome"),
    ],
)
def test_a_forbidden_task(text: str, label: str) -> None:
    assert T.classify(text) == label


def test_a_forbidden_task_says_which() -> None:
    assert T.explain("Never deploy on a Friday afternoon") == (
        'forbids a task ("deploy"): a rule to keep, not a result')


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a template's X and Y where numbers go are numbers …
        ("Raise weekly engagement from X to Y members who post", "outcome"),
        ("Reduzir o tempo de resposta de X% para Y%", "outcome"),
        ("Subir el margen bruto en X%", "outcome"),
        # … and a name elsewhere
        ("Ship product X", "activity"),
    ],
)
def test_a_templates_unknown_numbers(text: str, label: str) -> None:
    assert T.classify(text) == label


@pytest.mark.parametrize(
    ("text", "task"),
    [
        # a passive said of every one of a set holds for all of them: a result …
        ("Jede Kundenanfrage wird innerhalb von 4 Stunden beantwortet.", False),
        ("Alle Rechnungen werden digital versendet.", False),
        # … said of one thing, it is work to do
        ("Die Preisliste wird überarbeitet.", True),
    ],
)
def test_a_passive_of_every_one(text: str, task: bool) -> None:
    assert T.is_activity_kr(text) is task


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a unit written in kana after a number is a measured result …
        ("一次選考の通過率を30パーセント以上に", "outcome"),
        ("顧客満足度を10ポイント改善", "outcome"),
        # … a count of outputs is not
        ("ブログ記事を月4本公開", "activity"),
    ],
)
def test_japanese_units_in_kana(text: str, label: str) -> None:
    assert T.classify(text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a change with no number, then the work that would bring it: a plan of work …
        ("Aumentare le iscrizioni attraverso eventi nelle scuole", "activity"),
        ("Aumentar las reservas a través de alianzas con hoteles", "activity"),
        ("Aumentar as reservas por meio de parcerias com hotéis", "activity"),
        ("Augmenter les adhésions au moyen de salons professionnels", "activity"),
        # … with a number to reach, a result whatever brings it
        ("Aumentar las reservas un 15% a través de alianzas con hoteles", "outcome"),
    ],
)
def test_a_change_by_a_means(text: str, label: str) -> None:
    assert T.classify(text) == label


def test_a_change_by_a_means_says_so() -> None:
    assert T.explain("Aumentare le iscrizioni attraverso eventi nelle scuole") == (
        'starts with "aumentare", then names the work that would bring it, '
        "and no number to reach")


@pytest.mark.parametrize(
    ("text", "task"),
    [
        # events named by the task done in them are outputs …
        ("5 speaking slots at regional meetups", True),
        ("8 mentoring sessions for new managers", True),
        # … people named by what they do are not
        ("300 paying subscribers", False),
    ],
)
def test_events_named_by_their_task(text: str, task: bool) -> None:
    assert T.is_activity_kr(text) is task


@pytest.mark.parametrize(
    ("text", "task"),
    [
        # an infinitive with a pronoun written onto it leads a task …
        ("Mostrarti chiaramente come si scrive un risultato chiave", True),
        ("Explicarles qué cambia en el contrato", True),
        ("Enseñarte a usar el tablero", True),
        ("Ensiná-lo a usar o painel", True),
        # … an adjective or a noun of the same ending does not
        ("Esperti disponibili in ogni sede", False),
        ("Modernos y eficientes", False),
    ],
)
def test_an_infinitive_with_a_pronoun(text: str, task: bool) -> None:
    assert T.is_activity_kr(text) is task


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a later gerund of a verb that moves a measure, with a number, is the result …
        ("Completar al menos 3 sesiones de prueba con usuarios durante el piloto, logrando "
         "una opinión favorable en un 85% de las pantallas revisadas.", "outcome"),
        # … without it, the count is of outputs
        ("Realizar 4 talleres con clientes", "activity"),
    ],
)
def test_a_gerund_naming_the_result(text: str, label: str) -> None:
    assert T.classify(text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a share more or less than now is a change, whatever verb leads …
        ("Processar 30% mais pedidos com a mesma equipe", "outcome"),
        ("Gestionar un 25% más de pedidos con el mismo equipo", "outcome"),
        ("20% mehr Anfragen bearbeiten", "outcome"),
        # … a count of more outputs is not
        ("Publish 3 more case studies", "activity"),
    ],
)
def test_a_share_more_than_now(text: str, label: str) -> None:
    assert T.classify(text) == label
