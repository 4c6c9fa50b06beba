"""Look-alikes of scorecards, KPI lists and ROI tables people keep (a quarterly scorecard,
a KPI framework, vendor ROI with a discount rate, a ratio column of the author's), built by
code with their own words and numbers and the results worked out by hand (the arithmetic
is written beside each number)."""

from __future__ import annotations

from typing import Any

from .layouts import Case, Formula, Sheet
from .lookalikes import Lookalike


def _status(r: int, shown: float | None) -> Formula:
    text = (f'=IF(E$4="Calculate",F{r}/D{r},IF(H$4="Calculate",I{r}/G{r},'
            f'IF(K$4="Calculate",L{r}/J{r},IF(N$4="Calculate",O{r}/M{r},""))))')
    return Formula(text, shown)


def quarterly_scorecard() -> Lookalike:
    """A quarterly scorecard: ``Goal / Fcst / Actual`` bands under ``Q1'26``..``Q4'26`` and a
    ``Full Year 2026`` band, the KPI under a ``Key Business Metrics`` header, a section row
    between KPIs, the author's status formulas (``Current``: the marked quarter's actual
    over its goal; ``FYF``: the full-year forecast over the full-year goal) and a
    ``Calculate`` marker above the current quarter."""
    band_row = ["Status", None, None, "Q1'26", None, None, "Q2'26", None, None, "Q3'26", None,
                None, "Q4'26", None, None, "Full Year 2026", None, None]
    head = ["Current", "FYF", "Key Business Metrics", *["Goal", "Fcst", "Actual"] * 5]
    rows: list[list[Any]] = [
        ["Harbour Foods — Scorecard"], [], [],
        [None] * 13 + ["Calculate"],
        band_row, head,
        [_status(7, 0.44 / 0.43), Formula("=Q7/P7", 0.41 / 0.415), "Gross margin %",
         0.40, 0.39, 0.38, 0.41, 0.40, 0.41, 0.42, 0.42, 0.43, 0.43, 0.43, 0.44,
         0.415, 0.41, None],
        [_status(8, 80 / 82), Formula("=Q8/P8", 80 / 81), "Customer satisfaction",
         80, 78, 77, 80, 79, 80, 82, 81, 79, 82, 82, 80, 81, 80, None],
        [_status(9, 12.35 / 19), Formula("=Q9/P9", 61.5 / 60), "Revenue ($M)",
         12, 11, 11.5, 14, 14, 13.2, 15, 16, 15.6, 19, 19, 12.35, 60, 61.5, None],
        [None, None, "Operating Metrics"],
        [_status(11, 0.985 / 0.98), Formula("=Q11/P11", 0.975 / 0.98), "On-time deliveries",
         0.98, 0.97, 0.96, 0.98, 0.97, 0.97, 0.98, 0.98, 0.97, 0.98, 0.98, 0.985,
         0.98, 0.975, None],
        [],
        ["Status rules: green at or above 100 % of goal, yellow from 95 %, red below 95 %."],
    ]
    merges = ("A1:R3", "A5:B5", "D5:F5", "G5:I5", "J5:L5", "M5:O5", "P5:R5", "A13:R13")
    # Scored: Q4'26 (marked "Calculate"; it also holds 2026-11-15). Progress = Q4 actual to
    # date / Q4 goal:
    #   Gross margin 0.44 / 0.43 = 1.0233; satisfaction 80 / 82 = 0.9756;
    #   revenue 12.35 / 19 = 0.65; on-time 0.985 / 0.98 = 1.0051.
    # Outlook progress = full-year forecast / full-year goal:
    #   0.41 / 0.415 = 0.9880; 80 / 81 = 0.9877; 61.5 / 60 = 1.025; 0.975 / 0.98 = 0.9949.
    # The author's Current and FYF columns hold the same ratios (no flag). Q1-Q3 actuals
    # are the KPIs' history (three readings each, at the quarters' ends) and Q4's is read
    # on 2026-11-15: 16 readings.
    # Health against the Q4 goal: gross margin and on-time deliveries reach it (healthy),
    # satisfaction and revenue do not (breach, flagged OKR109 as no key result addresses
    # them). Trends: each KPI's actuals rise from Q1 to Q4 (0.38 -> 0.44, 77 -> 80,
    # 11.5 -> 12.35, 0.96 -> 0.985) and the fitted slope is up.
    up = "up (improving)"
    names = ("Gross margin %", "Customer satisfaction", "Revenue ($M)", "On-time deliveries")
    flags = [("OKR107", "Scorecard", f"C{r}", n) for r, n in zip((7, 8, 9, 11), names,
                                                                 strict=True)]
    flags += [("OKR109", "Scorecard", "M8", names[1]), ("OKR109", "Scorecard", "M9", names[2])]
    return Lookalike(
        Case("quarterly_scorecard", {"Scorecard": Sheet(rows, merges)},
             kpis={names[0]: (0.44, "healthy", up), names[1]: (80.0, "breach", up),
                   names[2]: (12.35, "breach", up), names[3]: (0.985, "healthy", up)},
             flags=flags,
             written={"Scorecard": {"S6": "Latest", "U6": "Health", "S9": 12.35,
                                    "U8": "breach", "U11": "healthy",
                                    "V7": "up (improving)"}},
             map_lines=(
                 "Tab 'Scorecard': KPIs, one per row (detected)",
                 "  table A5:R11, header rows 5-6",
                 "      A  Current                         progress — the sheet's own "
                 "result, compared with ours and never written",
                 "      B  FYF                             outlook_progress — the sheet's "
                 "own result, compared with ours and never written",
                 "      C  Key Business Metrics            kpi",
                 "      M  [Q4'26] Goal                    target",
                 "      N  [Q4'26] Fcst                    outlook",
                 "      O  [Q4'26] Actual                  current",
                 "      F  [Q1'26] Actual                  current — earlier band, history",
                 "  bands: Q1'26, Q2'26, Q3'26, Q4'26, Full Year 2026; scored: Q4'26 (marked "
                 "as the current one in the sheet)",
                 "  rows: 7-9, 11 as KPIs",
                 "  readings: 16 (KPI History)")),
        values={("kpi", names[0]): {"progress": round(0.44 / 0.43, 6),
                                    "outlook_progress": round(0.41 / 0.415, 6)},
                ("kpi", names[1]): {"progress": round(80 / 82, 6),
                                    "outlook_progress": round(80 / 81, 6)},
                ("kpi", names[2]): {"progress": 0.65, "outlook_progress": 1.025},
                ("kpi", names[3]): {"progress": round(0.985 / 0.98, 6),
                                    "outlook_progress": round(0.975 / 0.98, 6)}},
        authors={("kpi", names[1]): {"progress": round(80 / 82, 6),
                                     "outlook_progress": round(80 / 81, 6)},
                 ("kpi", names[2]): {"progress": 0.65, "outlook_progress": 1.025}},
        inputs={("kpi", names[2]): {"target": 19, "current": 12.35}},
        writes=("Scorecard",))


def kpi_framework() -> Lookalike:
    """A KPI framework: a section title on row 1, the header on row 2 (`` KPI`` with a
    leading space, Definition, Metric, Current Benchmark, Target, Segment(s)), a paragraph
    of reasons to the right past an empty column, the targets written as formulas on the
    benchmark, two of them lower than it (lower is better)."""
    rows: list[list[Any]] = [
        ["Part 1: KPI summary", None, None, None, None, None, None, "Part 2: Why these KPIs"],
        [" KPI", "Definition", "Metric", "Current Benchmark", "Target", "Segment(s)", None,
         "The four measures below were chosen with the shop team in spring; each ties to "
         "one stage of the buying journey and can be read from the web analytics."],
        ["1. Returning visitors", "Visitors seen before in the last 90 days",
         "Returning users", 48000, Formula("=D3*(1+0.25)", 60000.0), "Devices, Region"],
        ["2. Checkout drop-off rate", "Checkouts started and not finished",
         "Share of checkouts abandoned", 0.62, Formula("=D4*(1-0.15)", 0.527), "Devices"],
        ["3. Average basket value", "Revenue per order", "EUR per order", 64,
         Formula("=D5*(1+0.1)", 70.4), "Region, Brand"],
        ["4. Cost per new customer", "Marketing spend per first order", "EUR",
         22, Formula("=D6*(1-0.2)", 17.6), "Channel"],
    ]
    merges = ("A1:F1", "H2:K6")
    # Baseline = Current Benchmark, target = the formula's result; lower is better where the
    # target lies below the benchmark:
    #   Returning visitors 48,000 -> 48,000 x 1.25 = 60,000 (higher);
    #   Checkout drop-off rate 0.62 -> 0.62 x 0.85 = 0.527 (lower);
    #   Average basket value 64 -> 64 x 1.1 = 70.4 (higher);
    #   Cost per new customer 22 -> 22 x 0.8 = 17.6 (lower).
    # No current values yet: every KPI reads "no data"; none has an owner (OKR107).
    names = ("1. Returning visitors", "2. Checkout drop-off rate", "3. Average basket value",
             "4. Cost per new customer")
    return Lookalike(
        Case("kpi_framework", {"Framework": Sheet(rows, merges)},
             kpis={n: (None, "no data", None) for n in names},
             flags=[("OKR107", "Framework", f"A{r}", n) for r, n in enumerate(names, start=3)],
             written={"Framework": {"M2": "Health", "M3": "no data", "M6": "no data"}},
             map_lines=(
                 "Tab 'Framework': KPIs, one per row (detected)",
                 "  table A2:F6, header row 2",
                 "      A  KPI                          kpi",
                 "      D  Current Benchmark            baseline",
                 "      E  Target                       target",
                 "  rows: 3-6 as KPIs")),
        values={("kpi", names[0]): {"direction_used": "higher is better"},
                ("kpi", names[1]): {"direction_used": "lower is better"},
                ("kpi", names[2]): {"direction_used": "higher is better"},
                ("kpi", names[3]): {"direction_used": "lower is better"}},
        inputs={("kpi", names[0]): {"baseline": 48000, "target": 60000},
                ("kpi", names[1]): {"baseline": 0.62, "target": 0.527},
                ("kpi", names[2]): {"baseline": 64, "target": 70.4},
                ("kpi", names[3]): {"baseline": 22, "target": 17.6}},
        writes=("Framework",))


def vendor_roi() -> Lookalike:
    """Pay-per-click ROI per vendor: the header on row 5 from column D (Vendor, Click-through
    rate, Clicks, Profit per Click, Cost per Click, Profit from Sales, Click Costs, ROI), the
    author's own ROI formulas, and the profit per sale and a discount rate in labelled
    cells above the table."""
    rows: list[list[Any]] = [
        [],
        [None, None, None, "Profit per sale", 120],
        [None, None, None, "Discount rate", 0.1],
        [],
        [None, None, None, "Vendor", "Click-through rate", "Clicks", "Profit per Click",
         "Cost per Click", "Profit from Sales", "Click Costs", "ROI"],
    ]
    vendors = [(1, 0.05, 200, 4.5), (2, 0.04, 150, 3.2), (3, 0.02, 250, 2.6), (4, 0.03, 100, 2.0)]
    for r, (vendor, ctr, clicks, cpc) in enumerate(vendors, start=6):
        gain, cost = 120 * ctr * clicks, clicks * cpc
        rows.append([None, None, None, vendor, ctr, clicks,
                     Formula(f"=$E$2*E{r}", 120 * ctr), cpc,
                     Formula(f"=$E$2*E{r}*F{r}", gain), Formula(f"=F{r}*H{r}", cost),
                     Formula(f"=(I{r}-J{r})/J{r}", (gain - cost) / cost)])
    # Return = 120 x rate x clicks; investment = clicks x cost per click:
    #   1: 120 x 0.05 x 200 = 1,200 against 200 x 4.5 = 900: net 300, ROI 300 / 900 = 0.3333
    #   2: 120 x 0.04 x 150 = 720 against 150 x 3.2 = 480: net 240, ROI 0.5
    #   3: 120 x 0.02 x 250 = 600 against 250 x 2.6 = 650: net -50, ROI -50 / 650 = -0.0769
    #   4: 120 x 0.03 x 100 = 360 against 100 x 2.0 = 200: net 160, ROI 0.8
    # Present value at 10 % over one year (the rows have no period): return / 1.1, and the
    # ROI on it: 1: 1,090.91 -> (1,090.91 - 900) / 900 = 0.2121; 2: 654.55 -> 0.3636;
    # 3: 545.45 -> (545.45 - 650) / 650 = -0.1608; 4: 327.27 -> 0.6364.
    # Cumulative, in row order: investment 900, 1,380, 2,030, 2,230 against returns 1,200,
    # 1,920, 2,520, 2,880: ROI 0.3333, 0.3913, 0.2414, 0.2915; on the present values
    # (1,090.91, 1,745.45, 2,290.91, 2,618.18): 0.2121, 0.2648, 0.1285, 0.1741.
    # The author's ROI formulas agree with ours: theirs, read beside ours, no flag.
    pv = {1: 1200 / 1.1, 2: 720 / 1.1, 3: 600 / 1.1, 4: 360 / 1.1}
    spent = {1: 900, 2: 480, 3: 650, 4: 200}
    return Lookalike(
        Case("vendor_roi", {"PPC": Sheet(rows)},
             written={"PPC": {"L5": "Net", "O5": "Cumulative ROI", "L6": 300, "L8": -50,
                              "M9": 2230, "N9": 2880, "O7": 1920 / 1380 - 1}},
             map_lines=(
                 "Tab 'PPC': ROI by period (detected)",
                 "  table D5:K9, header row 5; title block: discount_rate = 0.1",
                 "      D  Vendor                        initiative",
                 "      I  Profit from Sales             return",
                 "      J  Click Costs                   investment",
                 "      K  ROI                           roi — the sheet's own result, "
                 "compared with ours and never written",
                 "  rows: 6-9 as ROI")),
        values={("roi", str(v)): {"roi": round(r, 6), "net": n,
                                  "pv_return": round(pv[v], 6),
                                  "pv_roi": round((pv[v] - spent[v]) / spent[v], 6)}
                for v, r, n in ((1, 300 / 900, 300), (2, 0.5, 240), (3, -50 / 650, -50),
                                (4, 0.8, 160))}
        | {("roi", "4"): {"cumulative_roi": round(650 / 2230, 6),
                          "pv_cumulative_roi": round((sum(pv.values()) - 2230) / 2230, 6),
                          "roi": 0.8}},
        authors={("roi", "1"): {"roi": round(300 / 900, 6)}, ("roi", "3"): {
            "roi": round(-50 / 650, 6)}},
        inputs={("roi", "1"): {"investment": 900, "return": 1200}},
        writes=("PPC",))


def ratio_column() -> Lookalike:
    """A KPI list whose ``Current`` column is the author's formula dividing Actual by Goal:
    it is the sheet's own progress, not the current value."""
    rows: list[list[Any]] = [
        ["Metric", "Owner", "Goal", "Actual", "Current"],
        ["Trial sign-ups", "Zoe", 400, 300, Formula("=D2/C2", 0.75)],
        ["Paid conversions", "Zoe", 80, 88, Formula("=D3/C3", 1.1)],
        ["Demo requests", "Ravi", 120, 54, Formula("=D4/C4", 0.45)],
    ]
    # Current value = Actual; progress = Actual / Goal: 300 / 400 = 0.75, 88 / 80 = 1.1,
    # 54 / 120 = 0.45 (the author's column agrees). Health: 88 >= 80 healthy; 300 < 400 and
    # 54 < 120 breach (no warning level).
    return Lookalike(
        Case("ratio_column", {"Funnel KPIs": Sheet(rows)},
             kpis={"Trial sign-ups": (300.0, "breach", None),
                   "Paid conversions": (88.0, "healthy", None),
                   "Demo requests": (54.0, "breach", None)},
             flags=[("OKR109", "Funnel KPIs", "C2", "Trial sign-ups"),
                    ("OKR109", "Funnel KPIs", "C4", "Demo requests")],
             written={"Funnel KPIs": {"F1": "Latest", "H1": "Health", "F2": 300, "F3": 88,
                                      "H3": "healthy", "H4": "breach"}},
             map_lines=(
                 "      C  Goal               target",
                 "      D  Actual             current",
                 "      E  Current            progress — the sheet's own result, compared "
                 "with ours and never written",
                 "  note: column E divides two of the table's columns: read as the sheet's "
                 "own progress")),
        values={("kpi", "Trial sign-ups"): {"progress": 0.75},
                ("kpi", "Paid conversions"): {"progress": 1.1},
                ("kpi", "Demo requests"): {"progress": 0.45}},
        authors={("kpi", "Trial sign-ups"): {"progress": 0.75},
                 ("kpi", "Demo requests"): {"progress": 0.45}},
        inputs={("kpi", "Paid conversions"): {"current": 88, "target": 80}},
        writes=("Funnel KPIs",))
