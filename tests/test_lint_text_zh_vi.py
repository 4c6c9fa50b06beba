"""Chinese and Vietnamese key results and KPI names: common verbs of doing, and KPI
names closed by one."""

from __future__ import annotations

import pytest

from sheets_okr.lint import text as T


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a verb of doing with no measured change: a task …
        ("优化会员注册流程", "activity"),
        ("输出季度竞品分析报告", "activity"),
        ("拍摄3支门店宣传短片", "activity"),
        ("Hoàn thiện trang giới thiệu sản phẩm", "activity"),
        ("Khảo sát ý kiến của đại lý", "activity"),
        ("Nâng cấp phần mềm bán hàng", "activity"),
        # … a measure moved to a number: a result
        ("注册转化率提升至8%", "outcome"),
        ("优化注册流程，注册转化率提升至8%", "outcome"),
        ("Tăng số đại lý lên 40", "outcome"),
    ],
)
def test_verbs_of_doing_in_chinese_and_vietnamese(text: str, label: str) -> None:
    assert T.classify(text) == label


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("门店巡检", True),
        ("仓库盘点", True),
        ("往来对账", True),
        ("经销商考核", True),
        ("Chăm sóc đại lý", True),
        ("Gọi điện cho đại lý mới", True),
        # a rate or a count of the same work is a measure
        ("门店巡检完成率", False),
        ("盘点差异数", False),
        ("Tỷ lệ đại lý được chăm sóc", False),
        ("Số cuộc gọi cho đại lý mới", False),
    ],
)
def test_kpi_names_of_work_in_chinese_and_vietnamese(text: str, action: bool) -> None:
    assert T.is_action_kpi(text) is action


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a number of people, firms, money, time or a share, or a measure brought to a
        # number, is a result even when a task verb stands before it …
        ("完成 8 场门店培训，累计参与店员≥300 人", "outcome"),
        ("上線 自助退貨流程，人工處理次數降至 0", "outcome"),
        ("門市 POS 系統測試覆蓋率達 90%", "outcome"),
        ("每店平均使用次數 ≥ 4 次 / 週", "outcome"),
        # … a count of outputs is a task, also with a bar or a moving verb
        ("每月产出 ≥2 篇门店案例", "activity"),
        ("每月新增 FAQ 條目 ≥ 15 筆", "activity"),
        ("门店知识库积累 30 篇笔记", "activity"),
        # people or firms a task is done with, or hired, are not a result
        ("拜访5家供应商并整理报价单", "activity"),
        ("招聘3名店长", "activity"),
        # a Chinese numeral inside a word is no number
        ("推动 2 项门店流程改善（例：排班统一）", "activity"),
        # a text that closes with a measure's name names the measure
        ("门店开业日客流排名", "metric"),
        ("完善门店考勤制度", "activity"),
    ],
)
def test_chinese_results_and_counts_of_outputs(text: str, label: str) -> None:
    assert T.classify(text) == label


def test_a_count_of_outputs_says_why() -> None:
    assert T.explain("门店知识库积累 30 篇笔记") == 'counts outputs ("篇"), not a result'


def test_an_abbreviation_in_brackets_after_a_kpi_name() -> None:
    assert not T.is_action_kpi("订单准时交付率(OTD)")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Học thêm về kế toán quản trị", "activity"),
        ("Khám sức khỏe định kỳ cho nhân viên", "activity"),
        ("Tăng số học viên lên 200", "outcome"),
    ],
)
def test_vietnamese_learning_and_check_ups(text: str, label: str) -> None:
    assert T.classify(text) == label
