"""Vietnamese and Chinese texts read by their own signals: the leading verb phrase and
the shapes of a result in Vietnamese; times, adverbs, abilities, zero, hiring and growth
in Chinese; and the reasons the flags give."""

from __future__ import annotations

import pytest

from sheets_okr.lint import text as T
from sheets_okr.lint.text import vi

# ---------------------------------------------------------------------------- Vietnamese


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        # verbs of applying, producing, merging, arranging, receiving, handing over
        ("Áp dụng phần mềm chấm công mới", "áp dụng"),
        ("Sản xuất video giới thiệu sản phẩm", "sản xuất"),
        ("Sáp nhập hai phòng kinh doanh", "sáp nhập"),
        ("Sắp xếp lại kho lưu trữ hồ sơ", "sắp xếp"),
        ("Tiếp nhận hệ thống kế toán từ nhà cung cấp", "tiếp nhận"),
        ("Bàn giao tài liệu kỹ thuật cho khách hàng", "bàn giao"),
        # verbs of one syllable
        ("Gửi bản tin hàng tháng cho khách hàng", "gửi"),
        ("Mở thêm 2 cửa hàng tại Hà Nội", "mở"),
        # adverbs and times before the verb are skipped
        ("Định kỳ kiểm tra thiết bị phòng cháy", "kiểm tra"),
        ("Tự thiết kế bộ nhận diện thương hiệu", "thiết kế"),
        ("Tiếp tục hoàn thiện quy trình nhận việc", "hoàn thiện"),
    ],
)
def test_a_vietnamese_task_verb_opens_a_task(text: str, verb: str) -> None:
    assert T.classify(text) == "activity"
    assert T.explain(text).startswith(f'starts with the task verb "{verb}" and names no '
                                      "measurable change")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # the team's own people doing a task …
        ("Nhân viên kinh doanh gọi điện cho 50 khách hàng mỗi tuần", "activity"),
        ("Nhóm marketing thường xuyên đăng bài trên trang cộng đồng", "activity"),
        # … or reaching a result
        ("Đội kỹ thuật tăng tốc độ xử lý lên 30%", "outcome"),
        ("Team sales ký được 10 hợp đồng", "outcome"),
    ],
)
def test_a_vietnamese_subject_of_the_teams_own_people(text: str, label: str) -> None:
    assert T.classify(text) == label


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Quy trình tuyển dụng đã được chuẩn hóa", "đã được chuẩn hóa"),
        ("Hệ thống CRM được triển khai tại các chi nhánh", "được triển khai"),
        ("Nhân viên đã hoàn thành đào tạo", "đã hoàn thành"),
        ("Được giao thêm trách nhiệm mới", "được giao"),
    ],
)
def test_a_vietnamese_deliverable_stated_as_done(text: str, words: str) -> None:
    assert T.classify(text) == "milestone"
    assert T.explain(text) == (f'states a deliverable as done ("{words}") and names no '
                               "measurable change")


def test_a_share_stated_as_done_is_a_result() -> None:
    assert T.classify("90% học viên được cấp chứng chỉ") == "outcome"


def test_a_count_after_a_vietnamese_task_verb_counts_outputs() -> None:
    text = "Tổ chức 3 buổi đào tạo nội bộ"
    assert T.classify(text) == "activity"
    assert T.explain(text).endswith("(a count of outputs)")


@pytest.mark.parametrize(
    "text",
    [
        # a verb of a result with a number after it
        "Xây dựng kênh video đạt 50.000 người theo dõi",
        "Phát triển dòng sản phẩm chiếm 30% doanh thu",
        # a clause opened by a share
        "Ra mắt ứng dụng đặt lịch, 60% lượt đặt lịch qua ứng dụng",
        "Triển khai quy trình mới: 100% đơn hàng được kiểm tra trước khi giao",
        # a share the task covers
        "Chuẩn hóa quy trình nhập kho tại 100% chi nhánh",
        "Tích hợp thanh toán điện tử vào 80% cửa hàng",
        # a bar held to a measured number, a measure given a value
        "Hoàn thiện hệ thống báo cáo với thời gian tổng hợp tối đa 2 giờ",
        "Hoàn thiện sản phẩm mới với doanh thu tối thiểu 200 triệu/tháng",
        # contracts, orders and leads are results by themselves; "được": achieved
        "Ký kết 12 hợp đồng mới với khách hàng doanh nghiệp",
        "Ký được 8 hợp đồng đại lý",
    ],
)
def test_a_vietnamese_task_with_a_result_is_a_result(text: str) -> None:
    assert T.classify(text) == "outcome"
    assert T.explain(text) == "names a measurable target"


@pytest.mark.parametrize(
    "text",
    [
        # a number after a word of scope says where, not how much
        "Xây dựng quy trình giảm chi phí cho 3 phòng ban",
        # the whole of the work done is no share of a result
        "Hoàn thành chuyển giao 100% tài liệu dự án",
        # a bar on a bare count is a count of outputs
        "Xây dựng tối thiểu 2 kênh bán hàng mới",
    ],
)
def test_a_vietnamese_task_without_a_result_stays_a_task(text: str) -> None:
    assert T.classify(text) == "activity"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Hoàn thành chỉ tiêu doanh số quý 3", "outcome"),  # a quota met
        ("Hoàn thành 100% chỉ tiêu doanh số", "outcome"),
        ("Hoàn thành kế hoạch đào tạo", "activity"),  # a plan of work done
        ("完成年度销售目标", "aspiration"),  # a target met, with no number
        ("完成目标客户拜访", "activity"),  # visits to the target customers
    ],
)
def test_completing_a_target_is_meeting_it(text: str, label: str) -> None:
    assert T.classify(text) == label


def test_improving_a_thing_is_work_and_improving_a_quality_is_a_result() -> None:
    assert T.classify("Cải thiện trang đăng nhập") == "activity"
    assert T.explain("Cải thiện trang đăng nhập") == (
        'starts with "cải thiện" and names work on a thing ("trang đăng nhập"), '
        "no measure to move and no number")
    assert T.classify("Cải thiện sự hài lòng của khách hàng") == "aspiration"
    assert T.classify("Tối ưu chi phí vận chuyển") == "aspiration"
    assert T.classify("Tối ưu chi phí vận chuyển: giảm 8% tổng chi phí") == "outcome"


@pytest.mark.parametrize(
    "text",
    [
        "Dịch vụ giao hàng tận nơi",  # a service, not "dịch" (to translate)
        "Cơ sở vật chất trường học",  # "trường học" (a school) closes it: no verb
    ],
)
def test_vietnamese_nouns_are_not_read_as_verbs(text: str) -> None:
    assert T.classify(text) != "activity"
    assert not T.is_action_kpi(text)


def test_growing_customers_is_growth_not_a_task() -> None:
    assert T.classify("Phát triển thêm 500 khách hàng mới") == "outcome"
    assert not T.is_action_kpi("Phát triển khách hàng cá nhân")
    assert T.is_action_kpi("Phát triển ứng dụng bán hàng")


@pytest.mark.parametrize("text", ["Tuân thủ quy trình an toàn", "Chấp hành nội quy cơ quan"])
def test_a_kpi_of_compliance_names_a_conduct(text: str) -> None:
    assert not T.is_action_kpi(text)
    assert T.explain_kpi(text).startswith("names a conduct kept or not")


def test_vietnamese_is_told_by_its_own_letters() -> None:
    assert vi.is_vietnamese("Tăng doanh thu")
    assert vi.is_vietnamese("Code coverage đạt 80%")
    assert not vi.is_vietnamese("Lançar o novo site, você")
    assert not vi.is_vietnamese("Réduire le délai de paiement")


# ---------------------------------------------------------------------------- Chinese


def test_a_leading_time_does_not_hide_the_task() -> None:
    text = "季度末完成 CRM 与 3 个业务系统对接"
    assert T.classify(text) == "activity"
    assert T.explain(text) == 'names a task ("完成") and no measurable change'


@pytest.mark.parametrize(
    "text",
    ["报表平台可导出 PDF 与 Excel", "客服机器人能自动回答常见问题", "每次发版后自动生成变更日志",
     "审批流程具备完整的审计轨迹"],
)
def test_a_capability_after_a_subject_is_a_milestone(text: str) -> None:
    assert T.classify(text) == "milestone"
    assert T.explain(text) == ("states a capability as there or not and names no "
                               "measurable change")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("数据看板可用", "milestone"),  # usable: a state
        ("导出任务半自动流水线", "aspiration"),  # semi-automatic: a word of its own
        ("审批流程可配置的改进", "activity"),  # configurable: a word of its own
        ("与3位客户联系，确认样品可以使用", "activity"),  # the ability is what the task checks
    ],
)
def test_words_that_only_look_like_an_ability(text: str, label: str) -> None:
    assert T.classify(text) == label


@pytest.mark.parametrize("text", ["线上事故 0 起", "退款请求 0 次超时"])
def test_zero_is_a_bar_not_a_count_of_outputs(text: str) -> None:
    assert T.classify(text) == "outcome"


@pytest.mark.parametrize(
    "text",
    ["全年零重大安全事故", "全年无重大故障", "杜绝数据丢失事件",
     "Không để xảy ra sự cố mất dữ liệu", "Không có khiếu nại về hóa đơn trong quý"],
)
def test_incidents_kept_at_none(text: str) -> None:
    assert T.classify(text) == "outcome"
    assert T.explain(text) == "names a count to keep at zero"


@pytest.mark.parametrize("text", ["无循环依赖链", "零基础学员培训"])
def test_none_of_what_is_no_incident(text: str) -> None:
    assert T.explain(text) != "names a count to keep at zero"


@pytest.mark.parametrize("text", ["Lượng người dùng mới tăng gấp đôi",
                                  "Giảm một nửa thời gian chờ"])
def test_vietnamese_numbers_in_words(text: str) -> None:
    assert T.classify(text) == "outcome"


def test_zero_keeps_its_shape() -> None:
    assert T.shape("事故 0 起，损失 10 万") == "事故 0 起，损失 5 万"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # the team's own people gained are hiring
        ("开设2家新门店，门店员工新增12人", "activity"),
        # firms or people gained, won as partners or kept to a threshold are results
        ("新增付费会员不少于 300 人", "outcome"),
        ("与 6 家高校建立合作关系", "outcome"),
        ("开发新客户50家", "outcome"),
        # … a task done with them is not
        ("拜访重点客户30家", "activity"),
        ("与3家物流公司洽谈运费", "activity"),
    ],
)
def test_people_and_firms_counted(text: str, label: str) -> None:
    assert T.classify(text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a moving verb closing a sentence after its subject, or opening one: a direction
        ("数据处理能力提升", "aspiration"),
        ("提升品牌知名度", "aspiration"),
        # implementing a piece of work is a task, reaching a measure a result
        ("实现通用导出需求", "activity"),
        ("实现客户满意度 92%", "outcome"),
        # verbs of helping, solving, governing, strengthening
        ("帮助门店解决排班问题", "activity"),
        ("加强与物流商的协同", "activity"),
        ("农村河道垃圾治理", "activity"),
    ],
)
def test_chinese_verbs_of_change_and_of_work(text: str, label: str) -> None:
    assert T.classify(text) == label


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("持续加强饮用水水质监测", True),  # an adverb before the task verb
        ("加大执法检查力度", True),  # "力度" (effort) is no quantity
        ("认真学习数据分析方法，在日常工作中运用，降低报表差错率", True),
        ("客户回访完成情况", False),  # the state of the work, reported on
        ("订单准时交付率", False),
    ],
)
def test_chinese_kpi_names(text: str, action: bool) -> None:
    assert T.is_action_kpi(text) is action


def test_japanese_is_not_read_by_the_chinese_order_of_words() -> None:
    # Japanese closes a sentence with its verb, a task's too
    assert T.classify("新システムを導入し、業務効率を改善") == "activity"


def test_a_list_of_things_to_build_is_no_metric() -> None:
    assert T.classify("页面加载精度") == "metric"
    assert T.classify("重试按钮 + 加载精度") != "metric"
