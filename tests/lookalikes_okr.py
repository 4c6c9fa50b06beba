"""Look-alikes of OKR sheets people keep, built by code with their own words and numbers and
the results worked out by hand (the arithmetic is written beside each number)."""

from __future__ import annotations

from .layouts import Q4, YEAR, Case, Sheet
from .lookalikes import Lookalike


def yearly_goals() -> Lookalike:
    """A person's goals for the year with no objective column: an item number, the goal,
    its priority, what was expected and achieved, the author's own GAP and a note; the
    year in a title line above, the person's name in a cell merged down beside the table.
    One objective is inferred, named by the title; the author's 4.2 gap for item 6 is a
    typo for 4.8 (flagged)."""
    rows = [
        [None, "2026 — ANNUAL PERFORMANCE TABLE"],
        ["Mira Kovač\nProcess analyst", "No.", "Goal", "Priority", "Expected", "Achieved",
         "GAP", "Note"],
        [None, 1, "Share of month-end steps automated", "High", 1, 1, 0,
         "live since March"],
        [None, 2, "Share of prices matching the vendor list", "Medium", 1, "?", "?",
         "waiting for the vendor"],
        [None, 3, "Share of supplier records in the new system", "High", 1, 0.6, 0.4,
         "two regions left"],
        [None, 4, "Teams using the sales dashboards", "Medium", 12, 9, 3],
        [None, 5, "Share of the team trained on the planning tool", "High", 1, 1, 0],
        [None, 6, "Hours saved per week by automation", "Medium", 8, 3.2, 4.2,
         "estimated"],
        [None, 7, "Data flows with written documentation", "Low", 4, "?", "?", "not measured yet"],
    ]
    # Key results scored as achieved / expected (no baseline: it is 0):
    #   1: 1 / 1 = 1.0   3: 0.6 / 1 = 0.6   4: 9 / 12 = 0.75   5: 1 / 1 = 1.0
    #   6: 3.2 / 8 = 0.4   2 and 7: "?" -> no data
    # Objective: mean of the five scored = (1 + 0.6 + 0.75 + 1 + 0.4) / 5 = 3.75 / 5 = 0.75
    # Gaps (expected - achieved): 1: 0, 3: 0.4, 4: 3, 5: 0, 6: 8 - 3.2 = 4.8 (the sheet: 4.2)
    # Expected on 2026-11-15 of the year 2026: 318 / 364 = 0.8736. On track from
    # 0.8736 - 0.10 = 0.7736, at risk from 0.8736 - 0.25 = 0.6236: 0.75 is at risk, 0.6 and
    # 0.4 are off track, 1.0 is achieved. Grades: red below 0.4, green from 0.7.
    krs = {"1": (1.0, "achieved", "green"), "2": (None, "no data", None),
           "3": (0.6, "off track", "yellow"), "4": (0.75, "at risk", "green"),
           "5": (1.0, "achieved", "green"), "6": (0.4, "off track", "yellow"),
           "7": (None, "no data", None)}
    title = "2026 — ANNUAL PERFORMANCE TABLE"
    return Lookalike(
        Case("yearly_goals", {"Goals 2026": Sheet(rows, ("B1:H1", "A2:A9"))},
             objectives={"Goals 2026": (0.75, "at risk")}, key_results=krs,
             flags=[("OKR130", "Goals 2026", "G8", "6"), ("OKR118", "Goals 2026", "F4", "2"),
                    ("OKR118", "Goals 2026", "F9", "7")],
             written={"Goals 2026": {"I2": "Progress", "J2": "Score", "L2": "Status",
                                     "M2": "Grade", "I6": 0.75, "J8": 0.4, "K3": YEAR,
                                     "L5": "off track", "M8": "yellow", "L9": "no data"}},
             map_lines=(
                 "Tab 'Goals 2026': key results (detected)",
                 "  table B2:H9, header row 2; title block: period = 2026, owner = Mira Kovač",
                 "      D  Priority            ignored: a priority",
                 "      E  Expected            target",
                 "      F  Achieved            current",
                 "      G  GAP                 gap — the sheet's own result, compared with "
                 "ours and never written",
                 "      H  Note                ignored: notes",
                 f"  objective: '{title}' (the table names none; its key results are scored "
                 "under it)")),
        values={("key_result", "6"): {"gap": 4.8, "progress": 0.4},
                ("key_result", "3"): {"gap": 0.4}, ("key_result", "4"): {"gap": 3.0},
                ("objective", "Goals 2026"): {"expected": round(YEAR, 6)}},
        authors={("key_result", "6"): {"gap": 4.2}, ("key_result", "4"): {"gap": 3}},
        owners={"Mira Kovač"}, writes=("Goals 2026",))


def self_scored() -> Lookalike:
    """An Italian key-results list the person scores themselves: the key result, the share
    completed, their own 0-1 grade and a comment, under a title naming the quarter. Our
    score is the share completed; their grade is theirs (shown beside ours, never set
    against it, even where it differs)."""
    rows = [
        [None, "I miei OKR — T4 2026"],
        [None, "Risultato chiave", "% completamento", "Voto (0-1)", "Commento"],
        [None, "Firmare 12 nuovi contratti quadro", 1, 0.6, "obiettivo troppo facile"],
        [None, "Portare il NPS dei clienti da 35 a 45", 0.8, 0.7, "manca l'ultima ondata"],
        [None, "Ridurre i resi sotto il 3 %", 0.5, 0.8, "mercato difficile, buon lavoro"],
        [None, "Aprire il portale per i rivenditori", 0.25, 0.3, "fornitore in ritardo"],
    ]
    # Scores = the share completed (reached of 100 %): 1.0, 0.8, 0.5, 0.25.
    # Objective (the title): (1.0 + 0.8 + 0.5 + 0.25) / 4 = 2.55 / 4 = 0.6375.
    # Expected on 2026-11-15 of 2026-Q4: 45 / 91 = 0.4945; on track from 0.3945, at risk
    # from 0.2445: 0.8, 0.5 and the objective on track, 0.25 at risk, 1.0 achieved.
    # Grades: 1.0 and 0.8 green (>= 0.7), 0.5 yellow, 0.25 red (< 0.4).
    return Lookalike(
        Case("self_scored", {"OKR": Sheet(rows)},
             objectives={"OKR": (0.6375, "on track")},
             key_results={"1": (1.0, "achieved", "green"), "2": (0.8, "on track", "green"),
                          "3": (0.5, "on track", "yellow"), "4": (0.25, "at risk", "red")},
             flags=[("OKR107", "OKR", f"B{r}", str(r - 2)) for r in range(3, 7)],
             written={"OKR": {"F2": "Expected", "G2": "Status", "H2": "Grade", "F3": Q4,
                              "G6": "at risk", "H5": "yellow"}},
             map_lines=(
                 "Tab 'OKR': key results (detected)",
                 "  table B2:E6, header row 2; title block: period = T4 2026",
                 "      C  % completamento             progress — the sheet's own result, "
                 "compared with ours and never written",
                 "      D  Voto (0-1)                  score — the sheet's own result, "
                 "compared with ours and never written",
                 "      E  Commento                    ignored: notes",
                 "  objective: 'I miei OKR — T4 2026' (the table names none; its key results "
                 "are scored under it)")),
        values={("key_result", "3"): {"progress": 0.5, "score": 0.5},
                ("objective", "OKR"): {"expected": round(Q4, 6)}},
        authors={("key_result", "1"): {"score": 0.6}, ("key_result", "3"): {"score": 0.8},
                 ("key_result", "4"): {"score": 0.3}},
        inputs={("key_result", "2"): {"baseline": None, "target": 1.0, "current": 0.8}},
        writes=("OKR",))


COMPANY = ["Objective ID", "Objective", "Key Result", "KR Owner", "Department", "Quarter",
           "Target", "Current", "Achievement %", "Status", "Notes"]
DEPARTMENT = ["Objective ID", "Objective", "Key Result", "Owner", "Quarter", "Target",
              "Current", "Achievement %", "Status"]


def company_and_department() -> Lookalike:
    """Two OKR tabs of one shape, the company's and a department's, each numbering its
    objectives from O1: both are read, each a scope of its own, the repeated IDs shown as
    ``Tab!ID`` and every key result linked to the objective of its own tab. The author's
    Achievement % and Status columns are empty: sheets-okr fills them."""
    company = [
        COMPANY,
        ["O1", "Grow recurring revenue", "Reach 120 paying customers", "Ines", "Sales",
         "Q4 2026", 120, 84],
        ["O1", "Grow recurring revenue", "Sign 6 reseller agreements", "Ines", "Sales",
         "Q4 2026", 6, 3],
        ["O2", "Be known for fast support", "Answer 90% of tickets within 4 hours", "Tariq",
         "Support", "Q4 2026", 0.9, 0.81],
        ["O2", "Be known for fast support", "Publish 30 help articles", "Tariq", "Support",
         "Q4 2026", 30, 12],
    ]
    department = [
        DEPARTMENT,
        ["O1", "Make onboarding self-serve", "New customers set up without a call", "Lena",
         "Q4 2026", 40, 30],
        ["O1", "Make onboarding self-serve", "Launch the setup wizard", "Lena", "Q4 2026",
         1, 1],
        ["O2", "Keep the product reliable", "Hold uptime at 99.9% or above", "Omar",
         "Q4 2026", 0.999, 0.9995],
        ["O2", "Keep the product reliable", "Close 50 open defects", "Omar", "Q4 2026", 50,
         20],
    ]
    # Company key results (no baseline: from 0): 84 / 120 = 0.7, 3 / 6 = 0.5,
    # 0.81 / 0.9 = 0.9, 12 / 30 = 0.4. O1 = (0.7 + 0.5) / 2 = 0.6; O2 = (0.9 + 0.4) / 2 = 0.65.
    # Department: 30 / 40 = 0.75; the wizard is done (1 of 1) = 1.0; uptime
    # 0.9995 / 0.999 = 1.0005, capped at 1.0; defects 20 / 50 = 0.4.
    # O1 = (0.75 + 1.0) / 2 = 0.875; O2 = (1.0 + 0.4) / 2 = 0.7.
    # Expected on 2026-11-15 of 2026-Q4: 45 / 91 = 0.4945 (on track from 0.3945); every key
    # result is on track or achieved. Grades: green from 0.7, yellow from 0.4.
    return Lookalike(
        Case("company_and_department",
             {"Company OKRs": Sheet(company), "Department OKRs": Sheet(department)},
             objectives={"Company OKRs!O1": (0.6, "on track"),
                         "Company OKRs!O2": (0.65, "on track"),
                         "Department OKRs!O1": (0.875, "on track"),
                         "Department OKRs!O2": (0.7, "on track")},
             key_results={"Company OKRs!O1.1": (0.7, "on track", "green"),
                          "Company OKRs!O1.2": (0.5, "on track", "yellow"),
                          "Company OKRs!O2.1": (0.9, "on track", "green"),
                          "Company OKRs!O2.2": (0.4, "on track", "yellow"),
                          "Department OKRs!O1.1": (0.75, "on track", "green"),
                          "Department OKRs!O1.2": (1.0, "achieved", "green"),
                          "Department OKRs!O2.1": (1.0, "achieved", "green"),
                          "Department OKRs!O2.2": (0.4, "on track", "yellow")},
             flags=[("OKR107", tab, cell, f"{tab}!{ident}") for tab in TABS
                    for cell, ident in (("B2", "O1"), ("B4", "O2"))]
             + [("OKR101", "Company OKRs", "C5", "Company OKRs!O2.2"),
                ("OKR101", "Department OKRs", "C3", "Department OKRs!O1.2")],
             written={"Company OKRs": {"I2": 0.7, "J2": "on track", "I5": 0.4, "L2": 0.6,
                                       "L4": 0.65},
                      "Department OKRs": {"H2": 0.75, "I3": "achieved", "H5": 0.4,
                                          "J2": 0.875, "J4": 0.7}},
             map_lines=(
                 "Tab 'Company OKRs': objectives and key results in one table (detected)",
                 "Tab 'Department OKRs': objectives and key results in one table (detected)",
                 "      A  Objective ID             objective_id",
                 "      I  Achievement %            progress (computed: written by sheets-okr)",
                 "  rows: objectives 2, 4 (objective and key result in separate columns); "
                 "key results 2-5",
                 "Note: Objectives IDs repeat across tabs (Company OKRs, Department OKRs); "
                 "they are shown as Tab!ID")),
        values={("objective", "Company OKRs!O1"): {"expected": round(Q4, 6)}},
        writes=TABS)


TABS = ("Company OKRs", "Department OKRs")
