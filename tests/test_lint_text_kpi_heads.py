"""OKR103 classes read from a KPI name's structure: the head a name is written around,
a duty and the bar it is judged by, things counted in a state, a share of work done."""

from __future__ import annotations

import pytest

from sheets_okr.lint.text import read_kpi


@pytest.mark.parametrize(("text", "head"), [
    # German compounds closing on a quantity, whatever work the words after them name
    ("Bearbeitungszeit im Kundenservice", "bearbeitungszeit"),
    ("Reklamationsquote der Filialen", "reklamationsquote"),
    ("Besucherzahlen der Messe", "besucherzahlen"),
    ("Abbruchrate im Checkout", "abbruchrate"),
    # qualities by their ending heading a name written head first
    ("Planungssicherheit Einkauf", "planungssicherheit"),
    ("Rentabilité des actions commerciales", "rentabilité"),
    ("Puntualidad de las capacitaciones", "puntualidad"),
])
def test_a_name_headed_by_a_quantity_is_a_measure(text: str, head: str) -> None:
    reading = read_kpi(text)
    assert not reading.action, text
    assert reading.why == f'names a quantity ("{head}"), its head'


@pytest.mark.parametrize("text", [
    "Vertriebsaktivitäten im Quartal",  # "-ität", but a bucket of work
    "Actividades de formación",
    "Corporate training programs",  # "-rate" closes English words too
    "Planification de la maintenance",
])
def test_a_head_of_work_is_not_read_as_a_quantity(text: str) -> None:
    reading = read_kpi(text)
    assert reading.action, text
    assert "its head" not in reading.why


def test_an_ambiguous_compound_ending_counts_only_in_a_german_text() -> None:
    assert read_kpi("Abbruchrate im Checkout").why.endswith("its head")
    # no German word of grammar: "-rate" may close an English verb, so not read as a head
    assert not read_kpi("Abbruchrate Checkout").why.endswith("its head")


@pytest.mark.parametrize(("text", "duty", "bar"), [
    ("Reconcile supplier statements on time", "reconcile", "on time"),
    ("Back up the servers on time", "back up", "on time"),
    ("Đối soát công nợ đúng hạn", "đối soát", "đúng hạn"),
    ("Sao lưu dữ liệu đầy đủ", "sao lưu", "đầy đủ"),
])
def test_a_duty_judged_on_time_is_an_action(text: str, duty: str, bar: str) -> None:
    reading = read_kpi(text)
    assert reading.action, text
    assert reading.why == (f'names a duty ("{duty}") and the bar it is judged by ("{bar}"),'
                           " not a quantity to measure")


@pytest.mark.parametrize("text", [
    "On-time reconciliation",  # the timeliness of a thing done: a measure
    "Issue resolution within SLA",  # "issue" as a noun, not a verb
    "Deliveries on time",
    "Delivery of statements on time",
])
def test_a_timeliness_measure_is_not_a_duty(text: str) -> None:
    reading = read_kpi(text)
    assert not reading.action, text
    assert "timeliness" in reading.why


@pytest.mark.parametrize(("text", "state"), [
    ("Dự án đang thi công", "đang thi công"),  # projects under construction
    ("Đơn hàng bị huỷ", "bị huỷ"),  # orders cancelled
    ("Sáng kiến đã áp dụng", "đã áp dụng"),  # ideas put in use
    ("Báo cáo nộp đúng hạn", "nộp đúng hạn"),  # reports handed in on time
])
def test_vietnamese_things_in_a_state_are_counted(text: str, state: str) -> None:
    reading = read_kpi(text)
    assert not reading.action, text
    assert reading.why == f'says what state the things it names are in ("{state}"), a count of them'


@pytest.mark.parametrize("text", [
    "Thực hiện các nhiệm vụ đã được giao",  # a task verb opens it: the state qualifies the object
    "Chuẩn bị hồ sơ đầy đủ",  # "bị" closes the verb "chuẩn bị", it is no aspect word
])
def test_a_vietnamese_task_is_not_a_count_of_things_in_a_state(text: str) -> None:
    reading = read_kpi(text)
    assert reading.action, text
    assert "what state" not in reading.why


def test_a_share_of_work_done_is_a_target() -> None:
    reading = read_kpi("Hoàn thành 95% kế hoạch kiểm kê")
    assert not reading.action
    assert reading.why == "names a share of what is done (a percentage), a measurable target"
    # a change decided on an input, with its percentage at the end, is still work
    assert read_kpi("Increase ad budget 30%").action


@pytest.mark.parametrize("text", [
    "Incidents liés à la maintenance",
    "Errors during onboarding",
    "Usuarios sin capacitación",
])
def test_work_after_a_preposition_does_not_head_the_name(text: str) -> None:
    assert not read_kpi(text).action, text


@pytest.mark.parametrize(("text", "why"), [
    ("Ranking de fornecedores por prazo", 'names a quantity ("ranking")'),  # a position
    ("Cumprimento de prazos", 'names a quantity ("cumprimento")'),  # as "Cumplimiento"
    ("Hợp đồng trễ hạn", 'counts things ("trễ hạn")'),  # contracts late, as "quá hạn"
])
def test_positions_fulfilment_and_late_things_are_measures(text: str, why: str) -> None:
    reading = read_kpi(text)
    assert not reading.action, text
    assert reading.why == why
