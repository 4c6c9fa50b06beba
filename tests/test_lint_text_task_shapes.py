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
        "Every Friday, review at least 90% of the open pull requests",
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
