"""OKR103 on KPI names that hold a task word yet name a measure: a count or share at the
head, a yes-or-no check, a quality judged — and the work names still flagged beside them."""

from __future__ import annotations

import pytest

from sheets_okr.lint import text as T


@pytest.mark.parametrize(
    ("text", "head"),
    [
        ("Number of staff trained", "number"),
        ("Share of suppliers onboarded", "share"),
        ("Percent of invoices reconciled", "percent"),
        ("% of tickets triaged within a day", "percent"),
        ("Rate of contracts renewed", "rate"),
        ("Count of sites inspected", "count"),
    ],
)
def test_a_count_or_share_heading_a_name_is_a_measure_whatever_verb_follows(
        text: str, head: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert f'names a quantity ("{head}' in reading.why


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("是否按时提交季度总结", "是否"),
        ("年度维修计划是否全部完成", "是否"),
        ("是否开展消防演练", "是否"),
        ("有无发生重大安全事故", "有无"),
        ("Whether the restore drill was run", "whether"),
        ("Backup tested (yes/no)", "yes no"),
        ("Auditoría externa realizada (Sí/No)", "sí no"),
    ],
)
def test_a_yes_or_no_question_is_a_check_that_is_measured(text: str, asks: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert "yes-or-no" in reading.why and f'"{asks}"' in reading.why


@pytest.mark.parametrize("text", ["预算支出进度(9月)", "培训计划执行进度（第三季度）"])
def test_a_period_noted_after_a_chinese_name_does_not_hide_its_quantity(text: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert '"度"' in reading.why


@pytest.mark.parametrize(
    "text", ["巡检及时性", "台账记录准确性", "归档资料完整性", "报销单据规范性"])
def test_a_chinese_name_judging_a_quality_is_a_measure(text: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert '"性"' in reading.why


@pytest.mark.parametrize(
    "text", ["组织消防演练", "设备巡检", "开展客户回访", "Supplier onboarding"])
def test_work_names_beside_these_measures_are_still_flagged(text: str) -> None:
    reading = T.read_kpi(text)
    assert reading.action, text
    assert "task" in reading.why or "work" in reading.why


@pytest.mark.parametrize(
    ("text", "head"),
    [
        ("Audit completion", "completion"),
        ("Schedule adherence", "adherence"),
        ("Review turnaround", "turnaround"),
        ("Inspection coverage", "coverage"),
        ("Planning accuracy", "accuracy"),
        ("Reporting timeliness", "timeliness"),
    ],
)
def test_an_english_compound_closing_on_a_quantity_is_a_measure(text: str, head: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert f'names a quantity ("{head}")' in reading.why


@pytest.mark.parametrize("text", ["Implement access compliance", "Track uptime weekly"])
def test_a_verb_opening_a_compound_on_a_quantity_still_reads_as_a_task(text: str) -> None:
    assert T.is_action_kpi(text), text


@pytest.mark.parametrize("text", ["On-time reconciliation", "Timely vendor payments",
                                  "Fristgerechte Abgabe der Meldungen"])
def test_a_name_opening_on_timeliness_is_a_measure(text: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert "timeliness" in reading.why


@pytest.mark.parametrize("text", ["Employees trained this quarter", "Suppliers onboarded",
                                  "Durchgeführte Lieferantenaudits"])
def test_things_said_done_are_counted(text: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert "counts things" in reading.why


def test_a_rate_headed_by_a_quantity_is_a_measure_even_with_work_at_the_end() -> None:
    reading = T.read_kpi("Cost per inspection")
    assert not reading.action
    assert 'names a rate ("per inspection")' in reading.why


@pytest.mark.parametrize("text", ["年度维修计划完成", "整改工作完成"])
def test_a_chinese_name_stating_a_thing_done_is_a_check(text: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert 'states a thing done ("完成")' in reading.why


@pytest.mark.parametrize("text", ["Clasificacion de incidencias", "Implantacao do portal"])
def test_a_noun_of_doing_typed_without_accents_still_opens_a_task(text: str) -> None:
    reading = T.read_kpi(text)
    assert reading.action, text
    assert text.split()[0].lower() in reading.why


@pytest.mark.parametrize(
    ("text", "head"),
    [
        ("Ejecución presupuestaria del área", "ejecución presupuestaria"),
        ("Execução orçamentária do programa", "execução orçamentária"),
        ("Exécution budgétaire du service", "exécution budgétaire"),
        ("Giải ngân vốn dự án", "giải ngân"),
        ("科室预算执行", "预算执行"),
    ],
)
def test_the_execution_of_a_budget_is_the_share_spent_a_measure(text: str, head: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert f'names a quantity ("{head}")' in reading.why


@pytest.mark.parametrize("text", ["Ejecución del plan de obras", "Execução do plano de compras"])
def test_the_execution_of_a_plan_is_still_work(text: str) -> None:
    reading = T.read_kpi(text)
    assert reading.action, text
    assert "work" in reading.why


@pytest.mark.parametrize(
    ("text", "judged"),
    [
        ("经费使用规范", "规范"),
        ("巡查问题整改到位", "到位"),
        ("维修记录齐全", "齐全"),
        ("实验设备满足教学需要", "满足教学需要"),
        ("台账管理符合上级要求", "符合上级要求"),
    ],
)
def test_a_chinese_name_closing_on_a_judgement_is_a_measured_check(
        text: str, judged: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert f'judges what it names ("{judged}")' in reading.why


@pytest.mark.parametrize("text", ["加强经费使用规范", "制定符合要求的值班制度"])
def test_a_chinese_task_opening_a_judged_name_is_still_a_task(text: str) -> None:
    reading = T.read_kpi(text)
    assert reading.action, text
    assert "task" in reading.why


@pytest.mark.parametrize(
    ("text", "passive"),
    [("Báo cáo tháng được gửi đúng hạn", "được"),
     ("Kế hoạch đào tạo được phê duyệt", "được"),
     ("Máy móc được bảo dưỡng định kỳ", "được")],
)
def test_a_vietnamese_passive_states_the_thing_named_done(text: str, passive: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert f'passive "{passive}"' in reading.why


def test_a_vietnamese_task_verb_before_a_passive_is_still_a_task() -> None:
    reading = T.read_kpi("Thực hiện các nhiệm vụ được phân công")
    assert reading.action
    assert "thực hiện" in reading.why


@pytest.mark.parametrize(
    ("text", "timely"),
    [("Delivery of monthly reports on time", "on time"),
     ("Entrega de informes a tiempo", "a tiempo"),
     ("Envio de relatórios no prazo", "no prazo"),
     ("Expédition des colis dans les délais", "dans les délais"),
     ("Penyampaian laporan tepat waktu", "tepat waktu")],
)
def test_a_noun_of_doing_judged_on_time_is_a_measure(text: str, timely: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert f'timeliness ("{timely}")' in reading.why


@pytest.mark.parametrize("text", ["Deliver monthly reports on time",
                                  "Entregar informes a tiempo", "Enviar relatórios no prazo"])
def test_a_verb_done_on_time_is_still_a_task(text: str) -> None:
    reading = T.read_kpi(text)
    assert reading.action, text
    assert "task verb" in reading.why


def test_an_amount_under_management_is_a_measure_and_managing_is_work() -> None:
    held = T.read_kpi("Contracts under management")
    assert not held.action
    assert '"under management"' in held.why
    assert T.read_kpi("Contract management").action


@pytest.mark.parametrize("text", ["Identifikasi risiko operasional", "Kalibrasi alat ukur"])
def test_an_indonesian_borrowed_noun_of_doing_opens_a_task(text: str) -> None:
    reading = T.read_kpi(text)
    assert reading.action, text
    assert text.split()[0].lower() in reading.why


@pytest.mark.parametrize(
    ("text", "unit"),
    [("组织消防培训（人次）", "人次"),
     ("巡查河道（次/年）", "次/年"),
     ("Capacitación del personal (horas)", "horas"),
     ("Supplier audits (#)", "#"),
     ("Staff training (hours/employee)", "hours/employee")],
)
def test_a_unit_noted_after_a_name_makes_it_a_count(text: str, unit: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert f'unit it is counted in ("{unit}")' in reading.why


@pytest.mark.parametrize("text", ["Implementation of the portal (phase 2)",
                                  "Visit key customer(s)"])
def test_a_note_that_is_no_unit_leaves_the_task(text: str) -> None:
    assert T.is_action_kpi(text), text


@pytest.mark.parametrize("text", ["消防培训人次", "开展普法宣讲场次"])
def test_a_chinese_name_closing_on_times_counted_is_a_measure(text: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert '"次"' in reading.why


@pytest.mark.parametrize("text", ["Stammdatenpflege", "Lagerabgleich", "Wettbewerbsanalyse",
                                  "Angebotserstellung für Bestandskunden"])
def test_a_german_compound_closing_on_a_noun_of_doing_is_work(text: str) -> None:
    reading = T.read_kpi(text)
    assert reading.action, text
    assert text.split()[0].lower() in reading.why


@pytest.mark.parametrize("text", ["Wettbewerbsanalysen pro Quartal", "Absatzentwicklung",
                                  "Temperaturkontrolle", "Angebotserstellungszeit"])
def test_a_german_compound_counted_or_trended_is_not_work(text: str) -> None:
    assert not T.is_action_kpi(text), text


@pytest.mark.parametrize(
    ("text", "planned"),
    [("Ejecución del plan de limpieza vs programado", "vs programado"),
     ("Execução das vistorias versus planejado", "versus planejado"),
     ("Réalisation des entretiens vs prévu", "vs prévu"),
     ("Durchführung der Begehungen Ist vs. Plan", "ist vs"),
     ("Trainings run against plan", "against plan")],
)
def test_work_done_set_against_the_plan_is_a_ratio(text: str, planned: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert f'against the plan ("{planned}")' in reading.why


@pytest.mark.parametrize("text", ["Mantenimiento correctivo ejecutado",
                                  "Plano de vistorias executado", "Plan de formation réalisé"])
def test_a_piece_of_work_said_done_in_the_singular_is_counted(text: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert "counts things" in reading.why


@pytest.mark.parametrize(("text", "ending"), [
    ("安全培训效果", "效果"), ("扶贫项目经济效益", "效益"), ("整改完成时限", "时限")])
def test_a_chinese_name_closing_on_an_effect_or_a_time_allowed_is_a_measure(
        text: str, ending: str) -> None:
    reading = T.read_kpi(text)
    assert not reading.action, text
    assert f'"{ending}"' in reading.why


@pytest.mark.parametrize("text", ["Survey staff on whether the tool helps",
                                  "Migrate the team wiki (40 hours)",
                                  "开展客户培训，确保操作规范",
                                  "Write and publish 3 guides to Definition of Done"])
def test_a_task_with_a_question_an_effort_note_or_an_aim_is_still_a_task(text: str) -> None:
    reading = T.read_kpi(text)
    assert reading.action, text
    assert "yes-or-no" not in reading.why and "unit" not in reading.why


def test_endings_are_found_by_length_and_leave_a_stem() -> None:
    from sheets_okr.lint.text.kpi_words import Endings

    endings = Endings.of(["pflege", "abgleich", "ege"])
    assert endings.of_word("dokumentenpflege", keep=4) == "pflege"
    assert endings.of_word("pflege", keep=4) == ""
    assert endings.of_word("lagerabgleich", keep=4) == "abgleich"


def test_a_french_resolution_at_first_contact_is_a_measure() -> None:
    assert not T.is_action_kpi("Résolution au premier appel")
