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
