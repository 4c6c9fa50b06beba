"""OKR102: an initiative that states targets for measures instead of an action."""

from __future__ import annotations

import pytest

from sheets_okr.lint.text import explain_initiative, is_metric_name
from sheets_okr.lint.text.initiative import measure_targets


@pytest.mark.parametrize(("text", "targets"), [
    ("交付质量：返工率下降 20%，一次合格率达 97%", "返工率、一次合格率"),
    ("客户满意度提升到 92%", "客户满意度"),
    ("平均交付周期降至 12 天", "平均交付周期"),
    ("Defect rate below 2%", "defect rate"),
    ("Tasa de reclamos por debajo del 3%", "tasa"),
    ("Reklamationsquote unter 1 %", "reklamationsquote"),
    ("Taux de réclamation à 2 %", "taux"),
])
def test_targets_for_measures_are_a_metric(text: str, targets: str) -> None:
    assert measure_targets(text) == targets
    assert is_metric_name(text)
    assert explain_initiative(text) == f'states targets for measures ("{targets}"), not an action'


@pytest.mark.parametrize("text", [
    "开展质量培训，一次合格率达 97%",  # a task opens it: the target is what the task aims at
    "新客户开发不少于 12 家",  # a count of work done, not a measure
    "Reduce the defect rate below 2% with peer reviews",  # a verb opens it
    "Aumento de personal en 20 tiendas",  # a change of staff, not a measure
    "Kundenworkshops im Frühjahr",
])
def test_work_with_a_number_is_not_a_target_statement(text: str) -> None:
    assert measure_targets(text) == ""
    assert not is_metric_name(text)
