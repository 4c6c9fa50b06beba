"""Tasks written as key results in shapes the verb lists alone do not catch — a habit or a
routine set on a schedule, a direction followed by the work, whole families of task verbs —
each with texts that have the shape and near misses, in the languages it covers."""

from __future__ import annotations

import pytest

from sheets_okr.lint import text as T


@pytest.mark.parametrize(
    "text",
    [
        # a task verb on a schedule is a habit, whatever amount of it is asked
        "Practise the cello for at least 30 minutes every morning",
        "Caminar al menos 30 minutos cada mañana",
        "Caminhar pelo menos 30 minutos todos os dias",
        "Écrire au moins 30 minutes chaque matin",
        "Jeden Morgen mindestens 30 Minuten am Roman schreiben",
        "Every Friday, review the open pull requests for at least 2 hours",
        "Call at least 5 former clients per week, 2 times a week",
        # a count of times per period, with no task verb in front
        "Team lunch 2 times a month",
        "Partidos de práctica 3 veces por semana",
        "Zweimal pro Monat bringt jemand Kuchen mit",
        "Pair programming 3x a week",
    ],
)
def test_a_habit_on_a_schedule_is_a_task(text: str) -> None:
    assert T.classify(text) == "activity"
    assert T.is_activity_kr(text)


@pytest.mark.parametrize(
    "text",
    [
        # a result clause, a from-to change or a measure moved keep the result
        "Publish 4 posts every week that drive 2,000 visits to the docs",
        "Publicar 4 artículos cada semana que generen 2.000 visitas",
        "Grow weekly active users from 300 to 900",
        # a share on a schedule is a service level, not a habit
        "Review 100% of pull requests within 24 hours every day",
        "Revisar el 100 % de las solicitudes cada semana en menos de 2 días",
        "Cut monthly churn below 2%",
        # people outside the team, or all of a group, doing it a number of times
        "Customers order 2 times a week",
        "All store managers log their stock at least once per week",
        # a schedule inside the definition of a count of people
        "There are 300 active writers, where active means posting at least once a month",
    ],
)
def test_a_schedule_does_not_make_a_result_a_task(text: str) -> None:
    assert not T.is_activity_kr(text)


def test_a_habit_says_its_schedule() -> None:
    assert T.explain("Practise the cello for at least 30 minutes every morning") == (
        'starts with the task verb "practise" on a schedule ("every morning"): '
        "a habit to keep, not a result")
    assert T.explain("Partidos de práctica 3 veces por semana") == (
        'names something to do on a schedule ("3 veces por semana"): '
        "a habit to keep, not a result")


@pytest.mark.parametrize(
    "text",
    [
        # a direction with no number, then the work that is the key result
        "Grow the community: host 6 local meetups",
        "Raise brand awareness - write 12 guest articles for trade magazines",
        "Fortalecer la comunidad: organizar 4 encuentros regionales",
        "Renforcer la communauté : animer 4 ateliers régionaux",
    ],
)
def test_a_heading_then_the_work_is_a_task(text: str) -> None:
    assert T.is_activity_kr(text)


@pytest.mark.parametrize(
    "text",
    [
        # the part after the heading is a result, or the heading itself is measured
        "Grow revenue: sign 20 new enterprise customers",
        "Improve onboarding: cut the time to first value from 14 to 7 days",
        "Raise NPS to 45: survey every account",
        # a label before a colon is not a direction
        "Q3: reach 5,000 paying subscribers",
    ],
)
def test_a_heading_before_a_result_is_a_result(text: str) -> None:
    assert not T.is_activity_kr(text)


def test_a_heading_says_the_work() -> None:
    assert T.explain("Grow the community: host 6 local meetups") == (
        'names a direction ("Grow the community"), then the work: starts with the task '
        'verb "host" and names no measurable change (a count of outputs)')


@pytest.mark.parametrize(
    "text",
    [
        # Chinese verbs of reading, watching, learning, contributing, submitting, defining,
        # deleting, cleaning up and testing together
        "重读《百年孤独》",
        "看完 三部 产品设计 公开课 视频",
        "给开源项目贡献 3 个补丁",
        "给 4 家 行业期刊投稿",
        "定义告警分级和升级规则",
        "删除过期的测试数据",
        "熟悉并掌握监控平台的日常操作",
        "支付接口与银行联调",
        # English verbs of finding candidates: a count of them is work, not hires
        "Source 40 candidates for the data team",
        "Screen 60 applicants for the support roles",
    ],
)
def test_verb_families_of_tasks(text: str) -> None:
    assert T.is_activity_kr(text)


@pytest.mark.parametrize(
    "text",
    [
        "阅读量提升至 5 万",  # a measure named after reading, raised
        "缓存读写能力可用且稳定",  # a capability, not a task
        "Source code coverage above 85%",  # a measure's name
    ],
)
def test_verb_families_leave_measures_alone(text: str) -> None:
    assert not T.is_activity_kr(text)


def test_a_task_verb_of_a_family_is_named() -> None:
    assert T.explain("删除过期的测试数据") == 'names a task ("删除") and no measurable change'
    assert T.explain("Source 40 candidates for the data team") == (
        'starts with the task verb "source" and names no measurable change '
        "(a count of outputs)")


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # a bar written as a symbol before a number holds a result to it …
        ("新版控制台上线，周活跃管理员 ≥ 200", False),
        ("完成数据平台建设（≥15 个业务方）", False),
        ("上线新版搜索，日均查询 > 5000", False),
        # … unless it counts outputs: articles, entries, sessions
        ("每月产出 ≥3 篇技术文章", True),
        ("每月新增知识库条目 ≥ 10 条", True),
    ],
)
def test_a_chinese_bar_written_as_a_symbol(text: str, flagged: bool) -> None:
    assert T.is_activity_kr(text) is flagged


def test_a_chinese_bar_is_a_measurable_target() -> None:
    assert T.explain("新版控制台上线，周活跃管理员 ≥ 200") == "names a measurable target"


@pytest.mark.parametrize(
    "text",
    [
        # a count of things that go wrong kept at zero, said after the task: a bar
        "Migrate the billing database with zero data incidents",
        "Upgrade every edge node without any outages",
        "Completar la migración del ERP sin incidencias críticas",
        "Concluir a auditoria interna com zero desvios graves",
        "Réaliser la bascule du datacenter sans aucune panne",
        "Das Rechenzentrum ohne Ausfälle umziehen",
        "完成网关迁移，迁移期间零重大故障",
    ],
)
def test_a_count_kept_at_zero_after_the_task_is_a_result(text: str) -> None:
    assert not T.is_activity_kr(text)
    assert T.classify(text) == "outcome"
    assert T.explain(text) == "names a count to keep at zero"


@pytest.mark.parametrize(
    "text",
    [
        # none of something that is not a count of incidents: still the task
        "Run the load tests with no manual steps",
        "Publicar el informe sin ayuda externa",
        "完成数据清理，删除无效的历史记录",
    ],
)
def test_none_of_something_else_leaves_the_task(text: str) -> None:
    assert T.is_activity_kr(text)
