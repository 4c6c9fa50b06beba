"""Counts of outputs, habits, study goals with a progress note and head-first deliverables:
work done (OKR101), in several languages, with their near misses and the explanations."""

from __future__ import annotations

import pytest

from sheets_okr.lint import text as T


@pytest.mark.parametrize(
    "text",
    [
        # a count of outputs with a participle of making or holding them …
        "8 webinars hosted for partner teams",
        "4 white papers published",
        "12 webinaires animés",
        "5 livres blancs techniques publiés",
        "40 entrevistas realizadas con usuarios",
        "10 oficinas ministradas em escolas",
        "3 Vorträge gehalten",
        # … in its feminine or plural forms, whatever the masculine form ends with
        "12 tribunes écrites",
        "6 fiches conduites",
        "3 réunions tenues",
        # … or a noun of outputs, however long each is or however often they come
        "20 articles de blog (rythme 2/mois)",
        "15 talleres con equipos de ventas",
        "6 palestras sobre segurança",
        "9 conversaciones de descubrimiento con prospectos",
        "2 recrutements d'ingénieurs confirmés",
    ],
)
def test_a_count_of_outputs_is_work_done(text: str) -> None:
    assert T.classify(text) == "activity"
    assert "counts outputs" in T.explain(text)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("40 new customers signed", "outcome"),  # customers gained: a result
        ("12 contrats signés avec des distributeurs", "outcome"),  # agreements won
        ("15 contributors in the plugin group", "outcome"),  # people counted
        ("24 articles publiés, réduisant les tickets de 30 %", "outcome"),  # a share moved
        ("300 asistentes en los talleres", "outcome"),  # people who came
    ],
)
def test_counts_that_are_not_outputs(text: str, label: str) -> None:
    assert T.classify(text) == label


@pytest.mark.parametrize(
    "text",
    [
        "Read 8 books this quarter",
        "Lire 4 romans dans le semestre",
        "Suivre 2 formations en ligne jusqu'au bout",
        "Estudiar 3 capítulos por semana",
    ],
)
def test_reading_and_studying_are_tasks(text: str) -> None:
    assert T.classify(text) == "activity"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("30 minutes of piano practice 4 evenings a week", "4 evenings a week"),
        ("15 minutes de méditation 6 jours par semaine", "6 jours par semaine"),
        ("每周跑步3天", "每周"),
        ("每天背单词20个", "每天"),
        ("每天2道算法题", "每天"),
    ],
)
def test_a_habit_without_a_verb_is_work_to_keep_up(text: str, said: str) -> None:
    assert T.classify(text) == "activity"
    assert f'on a schedule ("{said}"): a habit to keep' in T.explain(text)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Members active 5 days a week", "outcome"),  # people doing it: a result
        ("每周新增200用户", "outcome"),  # a count gained every week
        ("每天活跃率达到40%", "outcome"),  # a share reached
    ],
)
def test_schedules_of_a_result_are_not_habits(text: str, label: str) -> None:
    assert T.classify(text) == label


@pytest.mark.parametrize(
    "text",
    [
        "Complete 40 practice problems (0→40)",
        "Finish 12 chapters of the course (0 -> 12)",
        "完成 30 道练习题 (0→30)",
    ],
)
def test_a_progress_note_from_nothing_is_no_measured_change(text: str) -> None:
    assert T.classify(text) == "activity"


def test_a_change_from_a_baseline_is_still_measured() -> None:
    assert T.classify("Raise weekly active teams (12→30)") == "outcome"


@pytest.mark.parametrize(
    ("text", "head"),
    [
        ("Guías de instalación para los técnicos de campo", "guías"),
        ("Bitácora de decisiones del comité técnico", "bitácora"),
        ("Relatório mensal de incidentes por cliente", "relatório"),
        ("Tableau de bord des ventes par région", "tableau de bord"),
    ],
)
def test_a_head_first_deliverable_is_a_thing_to_build(text: str, head: str) -> None:
    assert T.classify(text) == "activity"
    assert T.explain(text) == f'names a thing to build ("{head}") and no measurable change'


@pytest.mark.parametrize(
    "text",
    [
        "Guía de bienvenida publicada para todos los equipos",  # stated done
        "Relatório mensal com 95% de entregas no prazo",  # a share to reach
    ],
)
def test_a_head_first_deliverable_with_a_state_or_a_share_is_not(text: str) -> None:
    assert T.classify(text) != "activity"


@pytest.mark.parametrize(
    "text",
    ["At least 5 meetups hosted", "Au moins 3 ateliers animés", "Pelo menos 4 palestras"],
)
def test_a_count_of_outputs_with_a_lower_bound_is_still_work_done(text: str) -> None:
    assert T.classify(text) == "activity"


@pytest.mark.parametrize(
    "text",
    [
        "At most 2 meetings a week",  # a cap: a limit to keep, not outputs to produce
        "6 webinars hosted in under 2 weeks",  # a bar on the time it takes
    ],
)
def test_a_cap_or_a_bar_elsewhere_is_not_a_count_of_outputs(text: str) -> None:
    assert T.classify(text) != "activity"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Ultrapassar 500 inscritos no encontro anual", "outcome"),  # passing a bar
        ("Surpasser 300 inscrits au salon", "outcome"),
    ],
)
def test_passing_a_bar_is_a_result(text: str, label: str) -> None:
    assert T.classify(text) == label


@pytest.mark.parametrize(
    "text",
    ["插件 成功打包并发布到内部仓库", "成功迁移日志服务到新集群", "与支付网关联调成功"],
)
def test_work_said_to_have_gone_through_is_a_milestone(text: str) -> None:
    assert T.classify(text) == "milestone"
    assert T.explain(text) == 'states a deliverable as done ("成功") and names no measurable change'


def test_a_success_rate_is_not_work_gone_through() -> None:
    assert T.classify("部署成功率达到99%") == "outcome"
