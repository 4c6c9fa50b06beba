"""OKR103's reading of KPI names: a quantity at the head is a metric, a piece of work with
no quantity is an action — in every language the word lists cover."""

from __future__ import annotations

import pytest

from sheets_okr.lint import text as T


@pytest.mark.parametrize(
    "text",
    [
        "Durchführung der Lieferantenaudits",
        "Mise en place du tableau de bord qualité",
        "Réalisation des contrôles planifiés",
        "Implementação do novo sistema de estoque",
        "Ejecución del plan de mantenimiento",
        "Evaluación de proveedores críticos",
        "Attuazione del piano di sicurezza",
        "Uitvoering van het onderhoudsplan",
        "Thực hiện kiểm kê kho định kỳ",
        "Xây dựng quy trình tiếp nhận hồ sơ",
        "Pelaksanaan audit internal",
        "Pengelolaan kas kecil",
        "Denetimlerin yapılması",
        "开展安全培训",
        "参与社区活动",
        "供应商走访",
    ],
)
def test_a_name_opening_with_work_and_no_quantity_is_an_action(text: str) -> None:
    reading = T.read_kpi(text)
    assert reading.action, text
    assert "work" in reading.why or "task" in reading.why


@pytest.mark.parametrize(
    "text",
    ["Supplier onboarding", "Bank reconciliation", "Cost optimisation", "Growth projects",
     "Safety trainings"],
)
def test_an_english_name_ending_in_work_is_an_action(text: str) -> None:
    assert T.is_action_kpi(text)


@pytest.mark.parametrize(
    "text",
    ["Acciones de mejora", "Simulacros de evacuación", "Projekte zur Digitalisierung",
     "Campanhas de vacinação", "Kegiatan sosialisasi"],
)
def test_a_bucket_of_work_is_an_action(text: str) -> None:
    assert T.is_action_kpi(text)


@pytest.mark.parametrize(
    "text",
    [
        # a quantity at the head, a task noun inside
        "Number of audits completed",
        "Tasa de ejecución del presupuesto",
        "Anzahl durchgeführter Schulungen",
        "Taux de réalisation des contrôles",
        "Tỷ lệ hoàn thành kế hoạch",
        "Jumlah pelaksanaan audit",
        "Percentuale di progetti chiusi",
        "培训完成率",
        "项目开发周期",
        # a measured quality or a counted thing, not work
        "Reconciliation accuracy",
        "Onboarding time",
        "Costo de mantenimiento",
        "Precisión de entregas",
        "Penjualan bulanan",
        "Acciones correctivas abiertas",
        "Offene Maßnahmen",
        "Audit findings",
        "Schulungsquote",
        # a measure to move
        "Tăng lượt truy cập",
    ],
)
def test_a_quantity_or_a_counted_thing_is_a_metric(text: str) -> None:
    assert not T.is_action_kpi(text), text


def test_the_reason_names_the_cue() -> None:
    assert T.explain_kpi("Pencatatan piutang") == (
        'names a piece of work ("pencatatan") and no quantity to measure')
    assert T.explain_kpi("Tasa de ejecución del presupuesto") == 'names a quantity ("tasa")'
    assert T.explain_kpi("Acciones correctivas abiertas") == 'counts things ("abiertas")'
    assert T.explain_kpi("培训完成率") == 'names a quantity ("率")'


def test_a_target_with_a_percent_stays_a_metric() -> None:
    assert not T.is_action_kpi("Ejecución del plan al 95%")
    assert T.is_action_kpi("Ejecución del plan")


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Inspecciones de seguridad", True),
        ("Ações preventivas", True),
        ("Actions de prévention", True),
        ("Transacciones rechazadas", False),
        ("Conversiones", False),
        ("Applications received", False),
    ],
)
def test_a_plural_noun_of_doing_opens_a_bucket_of_work(text: str, flagged: bool) -> None:
    assert T.is_action_kpi(text) is flagged


def test_things_counted_per_something_are_a_rate() -> None:
    assert not T.is_action_kpi("Reservaciones por agente")
    assert T.is_action_kpi("Reservaciones de salas")


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # a noun of doing known only by its ending names a task when it comes from a
        # listed task verb, also at the end of a compound …
        ("Rechnungsprüfung", True),
        ("Überarbeitung der Preisliste", True),
        ("Digitalisierung der Ablage", True),
        ("Implementação do CRM", True),
        ("Conservación de documentos", True),
        ("Distribución de los pedidos urgentes", False),
        ("Evolución de las ventas en línea", False),
        # … not when it names what happens and is measured
        ("Kundenabwanderung", False),
        ("Lagerbewegung", False),
        ("Fluktuation", False),
        ("Movimentação de estoque", False),
        ("Renovações", False),
        ("Inscrições", False),
    ],
)
def test_a_noun_of_doing_comes_from_a_task_verb(text: str, flagged: bool) -> None:
    assert T.is_action_kpi(text) is flagged


def test_an_average_is_a_quantity() -> None:
    assert not T.is_action_kpi("Avaliação média dos atendimentos")
    assert T.explain_kpi("Avaliação média dos atendimentos") == 'names a quantity ("média")'
    assert T.is_action_kpi("Avaliação dos fornecedores")


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Sửa chữa thiết bị đúng hạn", True),
        ("Nghiên cứu nhu cầu khách hàng", True),
        ("Tỷ lệ thiết bị được sửa chữa đúng hạn", False),
        ("Số lượng hồ sơ được kiểm định", False),
        ("Chi phí bảo trì", False),
    ],
)
def test_vietnamese_task_verbs_open_an_action(text: str, flagged: bool) -> None:
    assert T.is_action_kpi(text) is flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # a noun of doing in -ing, or a kind of management, closing a plain name is work …
        ("Payroll processing", True),
        ("Backlog grooming", True),
        ("Patch management", True),
        # … not what is spent, priced or rated, nor a name that links its words
        ("Cloud spending", False),
        ("Security rating", False),
        ("Error rate in invoice processing", False),
        ("Cost of hiring", False),
    ],
)
def test_a_name_closed_by_a_noun_of_doing(text: str, flagged: bool) -> None:
    assert T.is_action_kpi(text) is flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Vertriebsaktionen", True),
        ("Wartungsarbeiten", True),
        ("Marketingmaßnahmen im Quartal", True),
        ("Anzahl Vertriebsaktionen", False),
        ("Projektkosten", False),
    ],
)
def test_a_german_compound_closed_by_a_bucket_of_work(text: str, flagged: bool) -> None:
    assert T.is_action_kpi(text) is flagged


@pytest.mark.parametrize(
    ("text", "action"),
    [
        # visits, calls, posts and cleaning are work when they open a name …
        ("Visitas a distribuidores", True),
        ("Llamadas a clientes inactivos", True),
        ("Limpieza de almacén", True),
        ("Ligações para revendedores", True),
        ("Postagens no blog da loja", True),
        ("Limpeza da cozinha", True),
        ("Supplier research", True),
        ("Safety assessment", True),
        # … and a rate of them, or a distribution, is a measure
        ("Visitas a distribuidores por mes", False),
        ("Ligações para revendedores por semana", False),
        ("Order value distribution", False),
    ],
)
def test_kpis_named_after_visits_calls_and_upkeep(text: str, action: bool) -> None:
    assert T.is_action_kpi(text) is action


def test_an_english_noun_of_doing_closing_a_kpi_name() -> None:
    assert T.is_action_kpi("Defect identification")
    assert not T.is_action_kpi("Defect identification rate")


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("Relances fournisseurs", True),
        ("Nettoyage de l'atelier", True),
        ("Visite ai fornitori", True),
        ("Pulizia del magazzino", True),
        ("Leveranciersbezoeken", True),
        ("Schoonmaak van het magazijn", True),
        ("Kunjungan ke toko mitra", True),
        ("Nombre de relances fournisseurs", False),
        ("Aantal leveranciersbezoeken", False),
        ("Jumlah kunjungan ke toko mitra", False),
    ],
)
def test_kpis_named_after_follow_ups_visits_and_cleaning(text: str, action: bool) -> None:
    assert T.is_action_kpi(text) is action


@pytest.mark.parametrize(
    ("text", "action"),
    [
        # a rate per sprint, per week or per person is a measure …
        ("Story points por sprint", False),
        ("Pedidos entregues por semana", False),
        # … a plural that only looks like a verb opens a count, not a task
        ("Features entregues", False),
        ("Reviews completed on time", False),
        # a moved measure named by its noun is a measure
        ("Reduktion von Rückfragen", False),
        # the verb of a clause about people is not the work
        ("Kunden, die ein Angebot anfragen, aber nicht bestellen", False),
        # near misses: the work itself, and a noun of doing of a rate
        ("Analysis of spend per vendor", True),
        ("Offertes opvolgen", True),
    ],
)
def test_rates_plurals_and_moved_measures_in_kpi_names(text: str, action: bool) -> None:
    assert T.is_action_kpi(text) is action


def test_a_noun_made_from_a_task_verb_that_counts_things_is_no_work() -> None:
    assert not T.is_action_kpi("Waktu penyelesaian proposal")
    assert not T.is_action_kpi("Contract renewal")


@pytest.mark.parametrize(
    ("text", "action"),
    [
        # a KPI named after a document to produce names a piece of work …
        ("Vendor scorecards", True),
        ("Store opening checklists", True),
        ("Rapport de suivi des ventes", True),
        ("Aperfeiçoamento do atendimento", True),
        # … the measure of one is a measure
        ("Vendor scorecard average", False),
        ("Taux de rapports remis à temps", False),
    ],
)
def test_kpis_named_after_a_document_to_produce(text: str, action: bool) -> None:
    assert T.is_action_kpi(text) is action
