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


@pytest.mark.parametrize(
    ("text", "action"),
    [
        # an amount taken in or put in is a quantity, not the work of it …
        ("Training investment", False),
        ("Course enrollment", False),
        # … a name closing on a quality, opened by a word that is a noun as often as a verb
        ("Release stability", False),
        ("Survey coverage", False),
        # … but a verb that is only a verb still opens a task
        ("Track attendance", True),
        ("Implement GDPR compliance", True),
        # a bucket of work closing a plain name
        ("Tenant support", True),
        ("Regional expansion plans", True),
        ("Reseller partnerships", True),
        ("Members active in support programs", False),
    ],
)
def test_kpi_names_of_amounts_qualities_and_buckets(text: str, action: bool) -> None:
    assert T.is_action_kpi(text) is action


def test_kpi_names_say_why() -> None:
    assert T.explain_kpi("Release stability") == 'names a quantity ("stability")'
    assert T.explain_kpi("Regional expansion plans") == (
        'names a piece of work ("plans") and no quantity to measure')


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        # a measure's name before a determiner or a name in camel case is a verb
        ("Load the seed fixtures from the staging dump", False),
        ("Load ReportBuilder from the shared package", False),
        ("Share the pricing memo with the field team", False),
        # … before anything else, the name of a measure
        ("Load time of the search page", True),
        ("Share of wallet", True),
        ("Tickets resolved per agent", True),
    ],
)
def test_a_measure_word_used_as_a_verb(text: str, metric: bool) -> None:
    assert T.is_metric_name(text) is metric


def test_a_measure_word_used_as_a_verb_says_why() -> None:
    assert T.explain("Load ReportBuilder from the shared package") == (
        'starts with the task verb "load" and names no measurable change')


@pytest.mark.parametrize(
    ("text", "milestone"),
    [
        # people who know, trust or recognise something are a result, not a capability
        ("Buyers can recognise the new brand without the logo", False),
        ("Every new hire knows where the onboarding checklist lives and it is up to date",
         False),
        ("Users can export an invoice as a PDF", True),
        ("The onboarding checklist is up to date", True),
        # agreements signed counted in other languages are results, as in English
        ("Distribuidores: 12 contratos firmados", False),
        ("Revendeurs : 12 contrats signés", False),
        ("Revendedores: 12 contratos assinados", False),
        ("12 contracts signed with resellers", False),
        ("Rapport annuel publié", True),
    ],
)
def test_milestones_and_results_stated_as_done(text: str, milestone: bool) -> None:
    assert T.is_milestone_kr(text) is milestone
    assert not T.is_activity_kr(text)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a task whose later clause, in another language, names the result it brings
        ("Publicar 20 guías que generen 8.000 visitas al mes", "outcome"),
        ("Publier 10 tutoriels qui augmentent les inscriptions de 15 %", "outcome"),
        ("Publicar 20 guias que aumentem os cadastros em 15%", "outcome"),
        # … not a clause naming what the outputs are about
        ("Publicar 20 guías que expliquen 6 casos de uso", "activity"),
        ("Redactar el plan de modo que generemos comunidad (al menos 1 evento)", "activity"),
    ],
)
def test_a_result_clause_in_other_languages(text: str, label: str) -> None:
    assert T.classify(text) == label


def test_code_names_in_backticks_are_names() -> None:
    # "`Select`" is a component, not the verb of a task
    text = "Nenhuma quebra em `Grid`, `Select` e `Modal` sem guia de migração"
    assert T.classify(text) == "outcome"
    assert T.shape("Fix `Select` focus") == T.shape("Fix `Modal` focus")


def test_a_verb_of_a_sentence_makes_the_word_before_it_a_subject() -> None:
    assert T.classify("Benchmark shows 30% fewer retries than the old client") == "outcome"
    assert T.classify("Benchmark the old client against the new one") == "activity"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a count opening a plural of outputs counts outputs, listed in the singular
        ("4 onboarding templates (sales and support)", "activity"),
        ("3 partner integrations (billing, chat, CRM)", "activity"),
        # … a count of results stays a result
        ("4 enterprise customers on the annual plan", "outcome"),
        ("Account managers use call scripts in 20+ demo calls", "outcome"),
    ],
)
def test_a_count_of_outputs_named_in_the_plural(text: str, label: str) -> None:
    assert T.classify(text) == label


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Wire the billing webhooks (30 hours)", "hours"),
        ("Cache layer for the search API (12h)", "h"),
        ("Rework the signup form (5 pts)", "pts"),
    ],
)
def test_an_effort_estimate_makes_a_text_a_task(text: str, unit: str) -> None:
    assert T.classify(text) == "activity"
    assert T.explain(text) == f'names a piece of work with an effort estimate (in "{unit}")'


@pytest.mark.parametrize(
    "text",
    [
        "First reply time (2 hours)",  # the name of a measure, with its target
        "Cut the release cycle to 5 days (30 hours of work)",  # a number before the note
        "Run the survey (round 2)",  # not an effort
    ],
)
def test_a_note_that_is_no_effort_estimate(text: str) -> None:
    assert not T.features(text).estimate


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Perform a quarterly access review", "activity"),
        ("Deduplicate the supplier records", "activity"),
        ("Calibrate the scoring rubric with the hiring panel", "activity"),
        ("Facturar 2 M EUR en nuevos contratos", "outcome"),
        ("Faturar R$ 500 mil com o novo plano", "outcome"),
        ("Franchir 10 000 abonnés payants", "outcome"),
        ("200.000 EUR Neuumsatz generieren", "outcome"),
    ],
)
def test_more_task_and_result_verbs(text: str, label: str) -> None:
    assert T.classify(text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # people outside the team, counted, doing something: a result
        ("40 customers renew on the annual plan", "outcome"),
        ("300 visitors have tried the new configurator", "outcome"),
        ("200 Besucher haben den Konfigurator ausprobiert", "outcome"),
        ("150 usuarios activos en la nueva app", "outcome"),
        # … the team's own people counted stay what they were
        ("6 recruiters hired and onboarded", "milestone"),
    ],
)
def test_people_counted_doing_something(text: str, label: str) -> None:
    assert T.classify(text) == label


def test_people_counted_say_why() -> None:
    assert T.explain("300 visitors have tried the new configurator") == (
        "counts people who do something, a result")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Gain 3 points of market share in the north", "outcome"),
        ("Land 12 enterprise deals", "outcome"),
        ("Attract 500 applicants to the graduate scheme", "outcome"),
        ("Eliminate P1 incidents in checkout", "aspiration"),
        ("Landing page conversion", "metric"),
    ],
)
def test_more_result_verbs(text: str, label: str) -> None:
    assert T.classify(text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a product or a part of it doing something in the present: there or not
        ("The export service supports scheduled runs", "milestone"),
        ("Mobile app runs on tablets", "milestone"),
        ("Billing engine exposes a public API", "milestone"),
        # … people outside the team doing it, or a measure moving, are results
        ("Customers use the export service weekly", "aspiration"),
        ("Team satisfaction increases from spring to autumn", "metric"),
        # … and a text opening with a verb is read by its verb
        ("Keep invoices organized in one shared folder", "aspiration"),
    ],
)
def test_a_product_doing_something(text: str, label: str) -> None:
    assert T.classify(text) == label


def test_a_product_doing_something_says_why() -> None:
    assert T.explain("Mobile app runs on tablets") == (
        "states a capability as there or not and names no measurable change")


@pytest.mark.parametrize(
    ("text", "outputs"),
    [
        # a count of outputs stated done is a count of outputs, in any language
        ("8 webinars réalisés", "webinars"),
        ("15 talleres realizados", "talleres"),
        ("20 démos clients réalisées", "démos"),
        ("12 workshops held", "workshops"),
    ],
)
def test_outputs_counted_as_done(text: str, outputs: str) -> None:
    assert T.classify(text) == "activity"
    assert T.explain(text) == f'counts outputs ("{outputs}"), not a result'


def test_things_set_up_counted_as_done_stay_a_milestone() -> None:
    assert T.classify("4 nouveaux serveurs provisionnés") == "milestone"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # an amount of money right after a task verb is a target …
        ("Book $2M in new annual contracts", "outcome"),
        ("Habilitar USD 1,5M en ventas cruzadas", "outcome"),
        # … after a verb of putting money in, an input
        ("Invest $20k in paid search", "activity"),
        ("Invertir USD 15k en anuncios", "activity"),
    ],
)
def test_an_amount_of_money_after_a_task_verb(text: str, label: str) -> None:
    assert T.classify(text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a cap on a count is a limit to keep, never outputs to make …
        ("Ship at most 1 breaking release a quarter", "outcome"),
        ("Publicar no máximo 2 versões com quebra por trimestre", "outcome"),
        ("Publier au plus 2 versions majeures par an", "outcome"),
        # … a floor on a count stays a count of outputs, and so does one capped in a note
        ("Run at least 10 user interviews", "activity"),
        ("Run 2 pilots with real customers (setup under 4 hours)", "activity"),
    ],
)
def test_a_cap_on_a_count(text: str, label: str) -> None:
    assert T.classify(text) == label


@pytest.mark.parametrize(
    ("text", "milestone"),
    [
        # a participle after the noun opening a text states it done, in Romance languages
        ("Procesos clave documentados y auditables", True),
        ("Guias de onboarding publicadas no portal", True),
        ("Processus de paie documentés et partagés", True),
        # … not a noun shaped like a participle after "de", nor a result verb's participle
        ("Análisis de resultados trimestrales", False),
        ("Contratos marco firmados con distribuidores", False),
    ],
)
def test_a_participle_after_the_opening_noun(text: str, milestone: bool) -> None:
    assert T.is_milestone_kr(text) is milestone
