"""Workbooks of three shapes that are not one header row over one row per item, built by
code with the results worked out by hand: funnels of stages (down the rows and across
the columns), OKRs laid out sideways (one tab per cycle) and forms (blank and filled in).
Each imitates a real-world layout in its own words and numbers."""

from __future__ import annotations

from dataclasses import dataclass, field

from .layouts import Case, Rows, Sheet

H2 = 137 / 183  # elapsed share of 2026-H2 on 2026-11-15


@dataclass
class FunnelCase:
    """A case whose funnel steps are checked too: (stage, segment) -> (step conversion,
    overall conversion), worked out by hand."""

    case: Case
    steps: dict[tuple[str, str | None], tuple[float | None, float | None]] = field(
        default_factory=dict)
    author: dict[tuple[str, str | None], float] = field(default_factory=dict)


# Funnels ------------------------------------------------------------------------------

def funnel_down() -> FunnelCase:
    """A shop's checkout funnel, one stage per row in the order of a ``Sequence`` column,
    shoppers counted per country in columns with helper columns between them, and the
    author's own "% of start" columns per country and in total (France's last one is
    mistyped: 3 % where the counts give 2 %)."""
    rows: Rows = [
        ["Sequence", "Step", "aux_a", "Users in Germany", "aux_b", "Users in France",
         "Total users % of start", "Germany users % of start", "France users % of start"],
        [1, "landing", 0, 8000, 0, 5000, 1, 1, 1],
        [2, "product page", 2400, 3200, 1250, 2500, 0.4385, 0.4, 0.5],
        [3, "basket", 3600, 800, 2250, 500, 0.1, 0.1, 0.1],
        [4, "payment", 3800, 400, 2375, 250, 0.05, 0.05, 0.05],
        [5, "order", 3900, 200, 2450, 100, 0.0231, 0.025, 0.03],
    ]
    total = [13000, 5700, 1300, 650, 300]
    stages = ["landing", "product page", "basket", "payment", "order"]
    germany = [8000, 3200, 800, 400, 200]
    france = [5000, 2500, 500, 250, 100]
    steps: dict[tuple[str, str | None], tuple[float | None, float | None]] = {}
    for segment, counts in (("Germany", germany), ("France", france), ("total", total)):
        for i, stage in enumerate(stages):
            step = None if i == 0 else counts[i] / counts[i - 1]
            steps[(stage, segment)] = (step, counts[i] / counts[0])
    assert steps[("order", "total")] == (300 / 650, 300 / 13000)
    return FunnelCase(
        Case("funnel_down", {"Journey": Sheet(rows)},
             flags=[("OKR130", "Journey", "I6", "order (France)")],
             map_lines=(
                 "Tab 'Journey': a funnel of stages, each converted from the one before and "
                 "the first (detected)",
                 "      A  Sequence                            stage_order",
                 "      C  aux_a                               ignored: a helper column",
                 "      I  France users % of start             overall_conversion — the "
                 "sheet's own result, compared with ours and never written",
                 "  stages (rows 2-6): landing → product page → basket → payment → order",
                 "  segments: Germany, France, total")),
        steps, author={("order", "France"): 0.03, ("product page", "total"): 0.4385})


def funnel_across() -> FunnelCase:
    """A sign-up funnel with one stage per column and a row per channel, under a caption;
    the author's last column is each channel's paying share of its visitors."""
    rows: Rows = [
        ["Sign-up funnel by channel"],
        [],
        ["Channel", "Visitors", "Sign-ups", "Activated", "Paying", "Paying % of visitors"],
        ["Search", 4000, 600, 240, 60, 0.015],
        ["Social", 2500, 500, 150, 25, 0.01],
        ["Email", 800, 240, 120, 48, 0.06],
    ]
    steps: dict[tuple[str, str | None], tuple[float | None, float | None]] = {}
    stages = ["Visitors", "Sign-ups", "Activated", "Paying"]
    by_row = {"Search": [4000, 600, 240, 60], "Social": [2500, 500, 150, 25],
              "Email": [800, 240, 120, 48], "total": [7300, 1340, 510, 133]}
    for segment, counts in by_row.items():
        for i, stage in enumerate(stages):
            step = None if i == 0 else counts[i] / counts[i - 1]
            steps[(stage, segment)] = (step, counts[i] / counts[0])
    return FunnelCase(
        Case("funnel_across", {"Acquisition": Sheet(rows)},
             map_lines=("  stages (one per column): Visitors → Sign-ups → Activated → Paying",
                        "  segments: Search, Social, Email, total",
                        "      A  Channel                         segment",
                        "      F  Paying % of visitors            overall_conversion — the "
                        "sheet's own result, compared with ours and never written")),
        steps, author={("Paying", "Search"): 0.015, ("Paying", "Email"): 0.06})


# OKRs laid out sideways ---------------------------------------------------------------

def _cycle(period: str, objectives: list[str], descriptions: list[str],
           krs: list[list[str | None]]) -> Sheet:
    rows: Rows = [
        ["PEOPLE TEAM — OKRS", None, None, period],
        ["Where do we want the team to be at the end of this cycle?"],
        ["Owner:", "Noor"],
        [None, *objectives],
        [None, *descriptions],
    ]
    for n, line in enumerate(krs, start=1):
        rows.append([f"KEY RESULT {n}", *line])
    return Sheet(rows, merges=("A1:C1", "D1:E1", "A2:E2"))


def transposed_cycles() -> Case:
    """One tab per cycle (the cycle's dates in D1, day first), objectives across row 4,
    a description under each, ``KEY RESULT n`` rows with each objective's key result in
    its column (one left blank), and a roster tab that holds no OKRs. The cycle holding
    the day is read; its key results are milestones with no value yet."""
    roster = Sheet([["Name", "Role", "Office"], ["Noor", "People lead", "Lisbon"],
                    ["Tomás", "Recruiter", "Porto"], ["Ines", "Payroll", "Lisbon"]])
    earlier = _cycle("01/07/2026 - 30/09/2026",
                     ["Hire the summer cohort", "Refresh the handbook"],
                     ["Twelve new starters by August.", "One source of truth."],
                     [["Sign twelve offers", "Publish the new handbook"],
                      ["Run a welcome week", "Retire the old wiki pages"]])
    current = _cycle("01/10/2026 - 31/12/2026",
                     ["Make onboarding effortless", "Grow our managers",
                      "Know how people feel"],
                     ["New starters productive in their first month.",
                      "Every manager coached this quarter.",
                      "Listen before we act."],
                     [["Every starter has a buddy on day one",
                       "All managers finish the coaching track",
                       "Run the autumn engagement survey"],
                      ["Starter checklist done within the first week",
                       "Each manager holds monthly one-to-ones",
                       "Share the survey results with every team"],
                      ["First-month feedback collected from every starter",
                       "Managers rate the coaching as useful", None]])
    objectives = {str(n): (None, "no data") for n in (1, 2, 3)}
    krs = {ident: (None, "no data", None)
           for ident in ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2")}
    flags = [("OKR118", "Cycle 2", cell, ident)
             for cell, ident in (("B6", "1.1"), ("C6", "2.1"), ("D6", "3.1"), ("B7", "1.2"),
                                 ("C7", "2.2"), ("D7", "3.2"), ("B8", "1.3"), ("C8", "2.3"))]
    flags += [("OKR101", "Cycle 2", "D6", "3.1"),  # "Run the …": an activity
              ("OKR101", "Cycle 2", "D7", "3.2"),  # "Share the …": an activity
              ("OKR120", "Cycle 2", "B6", "1.1"),  # "Every starter has a buddy …": a state
              ("OKR120", "Cycle 2", "B7", "1.2"), ("OKR120", "Cycle 2", "B8", "1.3")]
    return Case(
        "transposed_cycles",
        {"Roster": roster, "Cycle 1": earlier, "Cycle 2": current},
        objectives=objectives, key_results=krs, flags=flags,
        map_lines=(
            "Tab 'Cycle 2': objectives across a row, their key results below each one "
            "(detected)",
            "  objectives: 3 across row 4 (one per column); key results: 8 in rows 6-8, "
            "done / not done, no value yet",
            "  period: 01/10/2026 - 31/12/2026 (2026-10-01 to 2026-12-31)",
            "  note: not read: 'Cycle 2' already gives the Objectives table",
            "Tab 'Roster': ignored"),
    )


# Forms --------------------------------------------------------------------------------

def _labels(name: str = "", role: str = "", team: str = "", period: str = "",
            period_label: str = "Kỳ đánh giá:") -> Rows:
    return [["Họ và tên:", name], ["Chức danh:", role], ["Phòng ban:", team],
            [period_label, period]]


def form_blank() -> Case:
    """A Vietnamese appraisal kit not filled in yet: a plan tab with label cells and two
    ``Mục tiêu n:`` blocks, each over a numbered task table, and an evaluation tab whose
    table (header merged over two rows) lists ``A | Mục tiêu 1`` and an empty line.
    Read as three objectives with no data; nothing is scored."""
    plan: Rows = [
        [None, "KẾ HOẠCH MỤC TIÊU NĂM"],
        [],
        *[[None, *line] for line in _labels(period_label="Thời gian thực hiện:")],
        [],
        [None, "Mục tiêu 1:"],
        [None, "Việc cần làm cho mục tiêu 1:"],
        ["STT", "Công việc", "Thời hạn", "Ghi chú"],
        [1], [2], [3, "…"],
        [],
        [None, "Mục tiêu 2:"],
        ["STT", "Công việc", "Thời hạn", "Ghi chú"],
        [1], [2],
    ]
    review: Rows = [
        [None, "BẢNG TỰ ĐÁNH GIÁ"],
        [],
        *[[None, *line] for line in _labels()],
        [],
        ["STT", "Mục tiêu", "Kết quả đạt được", "% hoàn thành", "Đánh giá", None],
        [None, None, None, None, "Cá nhân", "Quản lý"],
        ["A", "Mục tiêu 1"],
        [1],
        [2],
    ]
    merges = ("A8:A9", "B8:B9", "C8:C9", "D8:D9", "E8:F8")
    flags = []
    for tab, cell, ident in (("Kế hoạch", "B8", "1"), ("Kế hoạch", "B15", "2"),
                             ("Đánh giá", "A10", "A")):
        flags += [("OKR106", tab, cell, ident), ("OKR107", tab, cell, ident),
                  ("OKR108", tab, cell, ident)]
    return Case(
        "form_blank", {"Kế hoạch": Sheet(plan), "Đánh giá": Sheet(review, merges)},
        objectives={"1": (None, "no data"), "2": (None, "no data"), "A": (None, "no data")},
        flags=flags,
        map_lines=(
            "Tab 'Kế hoạch': a form: labels on top, objective blocks, an evaluation table "
            "(detected)",
            "  form labels: owner = (blank) (B3), role = (blank) (B4), team = (blank) (B5), "
            "period = (blank) (B6)",
            "  objectives: 1 'Mục tiêu 1', 2 'Mục tiêu 2' (rows 8, 15)",
            "  table A8:F12, header rows 8-9",
            "      F  Đánh giá / Quản lý            ignored: the author's own grade",
            "  objectives: A 'Mục tiêu 1' (rows 10)",
            "  key results: 0 (none filled in yet)"),
    )


def form_filled() -> Case:
    """An English appraisal form filled in: name, department and period labels, two
    ``Objective n:`` blocks with their tasks, and the evaluation table below them, whose
    sections (``A``, ``B``) are the same objectives; each key result is scored by the
    completion the person gives (``% complete``), ratings are theirs."""
    rows: Rows = [
        ["PERSONAL OBJECTIVES AND REVIEW"],
        [],
        ["Name:", "Lucía Gómez"],
        ["Role:", "Finance analyst"],
        ["Department:", "Finance"],
        ["Period:", "2026-H2"],
        [],
        ["Objective 1:", "Close the books faster"],
        ["No.", "Task", "Deadline", "Notes"],
        [1, "Map every month-end step", "2026-07-31"],
        [2, "Script the bank feed import", "2026-09-30"],
        [],
        ["Objective 2: Make forecasts people trust"],
        ["No.", "Task", "Deadline", "Notes"],
        [1, "Agree the driver list with sales", "2026-08-15"],
        [2, "..."],
        [],
        ["No.", "Objective", "Result achieved", "% complete", "Self rating",
         "Manager rating"],
        ["A", "Objective 1"],
        [1, "Close month-end in 5 working days", "6 days", "80%", "good", "good"],
        [2, "Reconcile bank accounts automatically", "done", "100%", "very good"],
        ["B", "Objective 2"],
        [1, "Forecast error below 5 %", "7 %", "50%", "fair", "fair"],
        [2, "Rolling forecast used in every budget review", None, None],
    ]
    return Case(
        "form_filled", {"My objectives": Sheet(rows)},
        objectives={"A": (0.9, "on track"), "B": (0.5, "at risk")},
        key_results={"A.1": (0.8, "on track", "green"), "A.2": (1.0, "achieved", "green"),
                     "B.1": (0.5, "at risk", "yellow"), "B.2": (None, "no data", None)},
        flags=[("OKR118", "My objectives", "D24", "B.2")],
        map_lines=(
            "Tab 'My objectives': a form: labels on top, objective blocks, an evaluation "
            "table (detected)",
            "  form labels: owner = Lucía Gómez (A3), role = Finance analyst (A4), "
            "team = Finance (A5), period = 2026-H2 (A6)",
            "  objectives: A 'Close the books faster', B 'Make forecasts people trust' "
            "(rows 19, 22)",
            "  key results: 4 (rows 20-21, 23-24)",
            "  tasks, read as initiatives: 3 (rows 10-11, 15)"),
    )


FORM_TASKS = {"A.1": "Map every month-end step", "A.2": "Script the bank feed import",
              "B.1": "Agree the driver list with sales"}
FUNNELS = (funnel_down, funnel_across)
CASES = (transposed_cycles, form_blank, form_filled)
