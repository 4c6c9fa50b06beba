"""Look-alikes of KPI, tracker, scorecard and ROI sheets people keep, built by code with
their own words and numbers and the results worked out by hand (the arithmetic is written
beside each number)."""

from __future__ import annotations

from datetime import date
from typing import Any

from .layouts import Case, Formula, Sheet
from .lookalikes import Lookalike

TRACKER = ["DAYS", "TODAY", "MONTH", "REGION", "STORE", "VISITS", "BIKES GOALS", "BIKES",
           "BIKES % TARGET", "REPAIR GOAL", "REPAIRS", "REPAIR % TARGET"]
SEP, OCT = date(2026, 9, 1), date(2026, 10, 1)


def _store_row(r: int, month: date, region: str, store: str, visits: int, bikes_goal: float,
               bikes: int, repair_goal: float, repairs: int,
               shown: float | None = None) -> list[Any]:
    """A store's month: the author's % TARGET columns divide each metric by its goal
    (``shown``: what the sheet shows for bikes, when the author typed over the formula)."""
    bikes_share = Formula(f"=IFERROR(H{r}/G{r},0)", bikes / bikes_goal) if shown is None \
        else shown
    return [30, Formula("=TODAY()", date(2026, 11, 15)), month, region, store, visits,
            bikes_goal, bikes, bikes_share, repair_goal, repairs,
            Formula(f"=IFERROR(K{r}/J{r},0)", repairs / repair_goal)]


def _subtotal(r: int, first: int, last: int, month: date, region: str,
              rows: list[list[Any]]) -> list[Any]:
    """A region's SUM row over rows ``first``..``last``."""
    def total(col: int, letter: str) -> Formula:
        return Formula(f"=SUM({letter}{first}:{letter}{last})",
                       sum(rows[i - 1][col] for i in range(first, last + 1)))
    line: list[Any] = [30, Formula("=TODAY()", date(2026, 11, 15)), month, region, None,
                       total(5, "F"), total(6, "G"), total(7, "H"), None, total(9, "J"),
                       total(10, "K"), None]
    line[8] = Formula(f"=IFERROR(H{r}/G{r},0)", line[7].value / line[6].value)
    line[11] = Formula(f"=IFERROR(K{r}/J{r},0)", line[10].value / line[9].value)
    return line


def store_months() -> Lookalike:
    """A bike shop chain's tracker, one row per store and month, with helper columns (a
    day count, TODAY), ``BIKES GOALS`` beside ``BIKES`` and ``REPAIR GOAL`` beside
    ``REPAIRS`` (plural and singular), the author's ``% TARGET`` formulas and a SUM row per
    region and month. A second tab holds the same months by region. Each store and the
    chain in total get a KPI per metric, each month read against its own goal; the SUM
    rows are not readings; the author typed 0.90 over one % TARGET formula where the
    counts give 0.85 (flagged)."""
    rows: list[list[Any]] = [TRACKER]
    rows.append(_store_row(2, SEP, "North", "Elm Street", 900, 40, 36, 120, 108))
    rows.append(_store_row(3, SEP, "North", "Harbour", 600, 25, 20, 80, 88))
    rows.append(_subtotal(4, 2, 3, SEP, "North", rows))
    rows.append(_store_row(5, SEP, "South", "Mill Lane", 500, 20, 15, 60, 45))
    rows.append(_subtotal(6, 5, 5, SEP, "South", rows))
    rows.append(_store_row(7, OCT, "North", "Elm Street", 950, 40, 34, 120, 96, shown=0.9))
    rows.append(_store_row(8, OCT, "North", "Harbour", 640, 25, 25, 80, 72))
    rows.append(_subtotal(9, 7, 8, OCT, "North", rows))
    rows.append(_store_row(10, OCT, "South", "Mill Lane", 520, 20, 18, 60, 54))
    rows.append(_subtotal(11, 10, 10, OCT, "South", rows))
    by_region: list[list[Any]] = [["MONTH", "REGION", "BIKES GOALS", "BIKES", "REPAIR GOAL",
                                   "REPAIRS"],
                                  [SEP, "North", 65, 56, 200, 196],
                                  [SEP, "South", 20, 15, 60, 45],
                                  [OCT, "North", 65, 59, 200, 168],
                                  [OCT, "South", 20, 18, 60, 54]]
    # Readings (each month against its own goal), the latest (October) per store:
    #   BIKES  Elm Street 34 / 40 = 0.85 (the sheet shows 0.90: flagged), Harbour 25 / 25
    #          = 1.0, Mill Lane 18 / 20 = 0.9; in total 34 + 25 + 18 = 77 of 40 + 25 + 20 =
    #          85: 77 / 85 = 0.9059.
    #   REPAIRS Elm Street 96 / 120 = 0.8, Harbour 72 / 80 = 0.9, Mill Lane 54 / 60 = 0.9;
    #          in total 222 / 260 = 0.8538.
    # September in total: bikes 36 + 20 + 15 = 71 of 85 (0.8353), repairs 241 of 260.
    # Health against the goal (no warning level): at or above the goal is healthy, below
    # it a breach: only Harbour's bikes (25 of 25) are healthy in October.
    # Year to date (September and October): bikes Elm Street 36 + 34 = 70 of 40 + 40 = 80,
    # Harbour 20 + 25 = 45 of 50, Mill Lane 15 + 18 = 33 of 40, in total 148 of 170;
    # repairs Elm Street 108 + 96 = 204 of 240, Harbour 88 + 72 = 160 of 160, Mill Lane
    # 45 + 54 = 99 of 120, in total 463 of 520.
    # Trends over the two months: bikes Elm Street 36 -> 34 down, Harbour 20 -> 25 up, Mill
    # Lane 15 -> 18 up, in total 71 -> 77 up; repairs 108 -> 96 down, 88 -> 72 down,
    # 45 -> 54 up, in total 241 -> 222 down.
    # By region (the second tab, its own scope): North bikes 56 -> 59 of 65 = 0.9077,
    # repairs 196 -> 168 of 200 = 0.84; South as Mill Lane; in total as on the first tab.
    # Every KPI ID repeats on both tabs' totals, so all of them are shown as Tab!ID.
    # Health: only Harbour's bikes reach their goal (25 of 25); the totals in breach and
    # addressed by no key result are flagged (OKR109), the per-store KPIs are not linted.
    up, down = "up (improving)", "down (worsening)"
    kpis = {
        "Stores!BIKES [North · Elm Street]": (34.0, "breach", down),
        "Stores!REPAIRS [North · Elm Street]": (96.0, "breach", down),
        "Stores!BIKES [North · Harbour]": (25.0, "healthy", up),
        "Stores!REPAIRS [North · Harbour]": (72.0, "breach", down),
        "Stores!BIKES [South · Mill Lane]": (18.0, "breach", up),
        "Stores!REPAIRS [South · Mill Lane]": (54.0, "breach", up),
        "Stores!BIKES [total]": (77.0, "breach", up),
        "Stores!REPAIRS [total]": (222.0, "breach", down),
        "Regions!BIKES [North]": (59.0, "breach", up),
        "Regions!REPAIRS [North]": (168.0, "breach", down),
        "Regions!BIKES [South]": (18.0, "breach", up),
        "Regions!REPAIRS [South]": (54.0, "breach", up),
        "Regions!BIKES [total]": (77.0, "breach", up),
        "Regions!REPAIRS [total]": (222.0, "breach", down)}
    flags = [("OKR109", tab, cell, f"{tab}!{name} [total]") for tab, cell in
             (("Stores", "H1"), ("Regions", "D1")) for name in ("BIKES", "REPAIRS")]
    flags.append(("OKR130", "Stores", "I7", "Stores!BIKES [North · Elm Street]"))
    return Lookalike(
        Case("store_months", {"Stores": Sheet(rows), "Regions": Sheet(by_region)},
             kpis=kpis, flags=flags,
             map_lines=(
                 "Tab 'Stores': a tracker: entities by period, each metric against its goal "
                 "(detected)",
                 "      A  DAYS                       ignored: a helper column",
                 "      B  TODAY                      ignored: a helper column",
                 "      C  MONTH                      date",
                 "      E  STORE                      segment",
                 "      G  BIKES GOALS                metric_target",
                 "      H  BIKES                      metric",
                 "      I  BIKES % TARGET             metric_progress — the sheet's own "
                 "result, compared with ours and never written",
                 "      J  REPAIR GOAL                metric_target",
                 "      K  REPAIRS                    metric",
                 "  readings: 16 (KPI History)",
                 "Tab 'Regions': a tracker: entities by period, each metric against its goal "
                 "(detected)",
                 "  readings: 12 (KPI History)",
                 "Note: KPIs IDs repeat across tabs (Stores, Regions); they are shown as "
                 "Tab!ID")),
        values={("kpi", "Stores!BIKES [North · Elm Street]"): {
                    "progress": 0.85, "ytd_actual": 70, "ytd_target": 80, "ytd_variance": -10},
                ("kpi", "Stores!REPAIRS [North · Harbour]"): {
                    "progress": 0.9, "ytd_actual": 160, "ytd_variance": 0},
                ("kpi", "Stores!BIKES [total]"): {
                    "progress": round(77 / 85, 6), "ytd_actual": 148, "ytd_target": 170},
                ("kpi", "Stores!REPAIRS [total]"): {
                    "progress": round(222 / 260, 6), "ytd_actual": 463, "ytd_target": 520},
                ("kpi", "Regions!BIKES [North]"): {"progress": round(59 / 65, 6)}},
        inputs={("kpi", "Stores!BIKES [total]"): {"target": 85},
                ("kpi", "Stores!REPAIRS [South · Mill Lane]"): {"target": 60}})


def weekly_pairs() -> Lookalike:
    """Sales pairs with a weekly target: one row per pair for the current week (the target,
    what was received, the author's % of target), and on another tab one row per person
    whose "received" column is in thousands while the target is not (about 1,000 times
    smaller): the first is scored, the second is not, and says why."""
    pairs = [
        ["PAIR", "SELLERS", "WEEKLY TARGET", "RECEIVED THIS WEEK", "% OF TARGET"],
        ["Pair A", "Nadia + Kofi", 8000, 2400, 0.3],
        ["Pair B", "Luis + Hana", 8000, 1000, 0.125],
        ["Pair C", "Ivo + Sara", 12000, 9000, 0.75],
    ]
    people = [
        ["PERSON ID", "NAME", "TARGET", "DAILY TARGET", "RECEIVED (K)"],
        [11, "Nadia", 20000, 909.09, 4.8],
        [12, "Kofi", 20000, 909.09, 6.1],
        [13, "Luis", 10000, 454.55, 2.2],
        [14, "Hana", 10000, 454.55, 3.9],
    ]
    # Pairs, each against its own weekly target: A 2,400 / 8,000 = 0.3, B 1,000 / 8,000 =
    # 0.125, C 9,000 / 12,000 = 0.75; all pairs 12,400 / 28,000 = 0.4429. The sheet's own
    # % OF TARGET agrees on every row (no flag).
    # People: RECEIVED (K) against TARGET: 4.8 / 20,000 = 0.00024 ... the median of
    # 4.8 / 20,000 = 0.00024, 6.1 / 20,000 = 0.000305, 2.2 / 10,000 = 0.00022 and
    # 3.9 / 10,000 = 0.00039 is (0.00024 + 0.000305) / 2 = 0.0002725, 1 / 3,670: far more
    # than 100 times apart, so the tab is not scored; row 2 is the one nearest the median.
    # Every pair and the total are below target (breach); only the total is linted
    # (OKR109). No period column: the readings are read on 2026-11-15.
    name = "RECEIVED THIS WEEK"
    return Lookalike(
        Case("weekly_pairs", {"Pairs": Sheet(pairs), "People": Sheet(people)},
             kpis={f"{name} [Pair A]": (2400.0, "breach", None),
                   f"{name} [Pair B]": (1000.0, "breach", None),
                   f"{name} [Pair C]": (9000.0, "breach", None),
                   f"{name} [total]": (12400.0, "breach", None)},
             flags=[("OKR109", "Pairs", "D1", f"{name} [total]"),
                    ("OKR131", "People", "E2", "")],
             map_lines=(
                 "Tab 'Pairs': a tracker: entities by period, each metric against its goal "
                 "(detected)",
                 "      A  PAIR                          segment",
                 "      C  WEEKLY TARGET                 metric_target",
                 "      D  RECEIVED THIS WEEK            metric",
                 "      E  % OF TARGET                   metric_progress — the sheet's own "
                 "result, compared with ours and never written",
                 "Tab 'People': KPIs, one per row (detected)",
                 "  not scored: 'RECEIVED (K)' is about 3,670 times smaller than 'TARGET' "
                 "(row 2: 4.8 against 20,000); they do not read as a value and its target")),
        values={("kpi", f"{name} [Pair A]"): {"progress": 0.3, "gap": 5600},
                ("kpi", f"{name} [Pair B]"): {"progress": 0.125},
                ("kpi", f"{name} [Pair C]"): {"progress": 0.75},
                ("kpi", f"{name} [total]"): {"progress": round(12400 / 28000, 6),
                                             "gap": 15600}},
        inputs={("kpi", f"{name} [total]"): {"target": 28000}},
        saved_fails="the mapping `map --write` saves for the doubtful People tab carries no "
                    "mark of the doubt, and a saved mapping is not checked for plausibility: "
                    "read back, People is scored (4.8 against 20,000) with no OKR131")


def security_log() -> Lookalike:
    """A long log of security measures: the measure named on every row, three readings
    (one per scanner) and the date; blocks appended below each repeat the header row."""
    header = ["Measure", "Scanner A", "Scanner B", "Scanner C", "Date"]
    rows = [
        ["Security measures"],
        ["Owner:", "Priya"],
        header,
        ["Open critical findings", 14, 12, 15, date(2026, 10, 5)],
        ["Days to patch", 21, 18, 25, date(2026, 10, 5)],
        ["Phishing clicks %", 0.08, 0.07, 0.09, date(2026, 10, 5)],
        [],
        header,
        ["Open critical findings", 10, 9, 12, date(2026, 10, 19)],
        ["Days to patch", 17, 16, 20, date(2026, 10, 19)],
        header,
        ["Open critical findings", 6, 8, 7, date(2026, 11, 2)],
        [],
        header,
        ["Days to patch", 12, 14, 13, date(2026, 11, 9)],
    ]
    # Nine KPIs: each measure per scanner (three measures x three scanners), owned by the
    # person named above the log; the header rows repeated at rows 8, 11 and 14 are not
    # readings. Latest readings:
    #   Open critical findings: A 6, B 8, C 7 (2026-11-02)
    #   Days to patch: A 12, B 14, C 13 (2026-11-09)
    #   Phishing clicks %: A 0.08, B 0.07, C 0.09 (2026-10-05)
    # Readings: findings 3 dates x 3 + days 3 x 3 + phishing 1 x 3 = 21.
    # Trends (each measure's readings over time): findings 14 -> 10 -> 6 (A), 12 -> 9 -> 8
    # (B), 15 -> 12 -> 7 (C) and days 21 -> 17 -> 12, 18 -> 16 -> 14, 25 -> 20 -> 13 all
    # fall; no direction is given, so higher counts as better and falling as worsening.
    # No targets: no health, except "stale" for the phishing readings of 2026-10-05,
    # older than the default monthly window on 2026-11-15 (flagged OKR113).
    down = "down (worsening)"
    kpis: dict[str, tuple[float | None, str | None, str | None]] = {}
    for measure, latest, health, trend in (
            ("Open critical findings", (6.0, 8.0, 7.0), None, down),
            ("Days to patch", (12.0, 14.0, 13.0), None, down),
            ("Phishing clicks %", (0.08, 0.07, 0.09), "stale", None)):
        for scanner, value in zip("ABC", latest, strict=True):
            kpis[f"{measure} [Scanner {scanner}]"] = (value, health, trend)
    return Lookalike(
        Case("security_log", {"Log": Sheet(rows)}, kpis=kpis,
             flags=[("OKR113", "Log", "A6", f"Phishing clicks % [Scanner {x}]")
                    for x in "ABC"],
             map_lines=(
                 "Tab 'Log': a long KPI log: the KPI named on every row, its values and date "
                 "(detected)",
                 "  table A3:E15, header row 3; title block: owner = Priya",
                 "      A  Measure              kpi",
                 "      B  Scanner A            value",
                 "      E  Date                 date",
                 "  readings: 21 (KPI History)")),
        values={("kpi", "Days to patch [Scanner B]"): {"latest_date": "2026-11-09"},
                ("kpi", "Open critical findings [Scanner C]"): {
                    "latest_date": "2026-11-02"}},
        owners={"Priya"})


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def kpi_master_monthly() -> Lookalike:
    """A KPI master list (ID, name, owner, target and a Threshold that is the warning
    level) beside the readings laid out wide: KPI ID, KPI name, a column per month by its
    bare name (Jan..Dec) and the author's YTD Avg and Status."""
    master = [
        ["KPI ID", "KPI Name", "Department", "Owner", "Frequency", "Unit", "Target",
         "Threshold", "Data Source"],
        ["K-01", "On-time deliveries", "Logistics", "Rui", "Monthly", "%", 0.95, 0.9,
         "carrier feed"],
        ["K-02", "Warehouse cost per order", "Logistics", "Rui", "Monthly", "EUR", 4.0, 4.5,
         "ledger"],
        ["K-03", "Orders shipped", "Logistics", "Ama", "Monthly", "count", 5000, 4500,
         "shop export"],
    ]
    tracking: list[list[Any]] = [["KPI ID", "KPI Name", *MONTHS, "YTD Avg", "Status"]]
    series = {"K-01": ("On-time deliveries", [0.91, 0.93, 0.92, 0.94, 0.96, 0.95, 0.93, 0.92,
                                                0.94, 0.96]),
              "K-02": ("Warehouse cost per order", [4.6, 4.5, 4.4, 4.4, 4.3, 4.2, 4.4, 4.6,
                                                     4.5, 4.7]),
              "K-03": ("Orders shipped", [4200, 4300, 4500, 4400, 4800, 4900, 5100, 5000,
                                          4700, 4300])}
    for ident, (name, values) in series.items():
        avg = round(sum(values) / len(values), 4)
        tracking.append([ident, name, *values, None, None, avg, "amber"])
    # Latest reading: October (November has no value yet): K-01 0.96, K-02 4.7, K-03 4,300.
    # Health against Target and Threshold (the warning level):
    #   K-01 0.96 >= 0.95: healthy.
    #   K-02 4.7: the target 4.0 is below the threshold 4.5, so lower is better; 4.7 is past
    #        the threshold: breach.
    #   K-03 4,300 < 4,500 (the threshold): breach.
    # Trends over the last five readings (June to October): K-01 0.95, 0.93, 0.92, 0.94,
    # 0.96: the least-squares slope is +0.91 / 9,425 per day, 0.0119 over the 123 days,
    # more than 1 % of the mean 0.94: up (improving). K-02 4.2, 4.4, 4.6, 4.5, 4.7: up, and
    # lower is better: worsening. K-03 4,900, 5,100, 5,000, 4,700, 4,300: down (worsening).
    # Progress to target: K-01 0.96 / 0.95 = 1.0105; K-02 (lower is better) 4.0 / 4.7 =
    # 0.8511; K-03 4,300 / 5,000 = 0.86.
    return Lookalike(
        Case("kpi_master_monthly",
             {"KPI Master": Sheet(master), "Monthly Tracking": Sheet(tracking)},
             kpis={"K-01": (0.96, "healthy", "up (improving)"),
                   "K-02": (4.7, "breach", "up (worsening)"),
                   "K-03": (4300.0, "breach", "down (worsening)")},
             flags=[("OKR109", "KPI Master", "G3", "K-02"),
                    ("OKR109", "KPI Master", "G4", "K-03")],
             written={"KPI Master": {"J1": "Latest", "L1": "Health", "J2": 0.96,
                                     "L3": "breach", "L4": "breach"}},
             map_lines=(
                 "Tab 'KPI Master': KPIs, one per row (detected)",
                 "      H  Threshold              warning",
                 "Tab 'Monthly Tracking': KPI readings: a KPI per row, a column per month or "
                 "date (detected)",
                 "      A  KPI ID              kpi",
                 "      C  Jan                 period",
                 "      N  Dec                 period",
                 "      O  YTD Avg             ignored: not a reading",
                 "      P  Status              ignored: not a reading",
                 "  readings: 30 (KPI History)")),
        values={("kpi", "K-01"): {"progress": round(0.96 / 0.95, 6),
                                  "latest_date": "2026-10-31"},
                ("kpi", "K-02"): {"progress": round(4.0 / 4.7, 6),
                                  "direction_used": "lower is better"},
                ("kpi", "K-03"): {"progress": 0.86, "direction_used": "higher is better"}},
        inputs={("kpi", "K-02"): {"target": 4.0, "warning": 4.5}}, writes=("KPI Master",))


BSC_MONTHS = [date(2026, m, 1) for m in range(7, 13)]
BSC_HEADER = ["Table", "State", *BSC_MONTHS, "Total"]
LETTERS = "CDEFGH"


def _group(first: int, label: str, north: list[float], south: list[float],
           rule: str) -> list[list[Any]]:
    """A KPI group of one kind (``<KPI> PY``, ``Act`` or ``Plan``): a row per state with its
    ``Total`` formula (SUM or AVERAGE over the months), a blank row, a ``Total`` row of the
    same rule over the states, and a blank row; rows numbered from ``first``."""
    def total(values: list[float], r: int) -> Formula:
        shown = sum(values) if rule == "SUM" else sum(values) / len(values)
        return Formula(f"={rule}(C{r}:H{r})", shown)

    out: list[list[Any]] = []
    for i, (state, values) in enumerate((("North", north), ("South", south))):
        r = first + i
        out.append([label, state, *values, *[None] * (6 - len(values)), total(values, r)])
    out.append([])
    r = first + 3
    sums: list[Any] = []
    for c, letter in enumerate(LETTERS):
        months = [v[c] for v in (north, south) if c < len(v)]
        sums.append(Formula(f"={rule}({letter}{first}:{letter}{first + 2})",
                            sum(months) if rule == "SUM" else sum(months) / len(months))
                    if months else None)
    everything = [v for v in (*north, *south)]
    out.append([label, "Total", *sums,
                Formula(f"={rule}(I{first}:I{first + 2})",
                        sum(out[0][-1].value + out[1][-1].value for _ in [0]) if rule == "SUM"
                        else (out[0][-1].value + out[1][-1].value) / 2)])
    del everything
    out.append([])
    return out


def _perspective(groups: list[tuple[str, list[float], list[float], str]]) -> list[list[Any]]:
    rows: list[list[Any]] = [BSC_HEADER]
    for label, north, south, rule in groups:
        rows.extend(_group(len(rows) + 1, label, north, south, rule))
    return rows


def scorecard_rows() -> Lookalike:
    """A balanced scorecard kept as groups of rows on one tab per perspective: ``<KPI> PY``,
    ``<KPI> Act`` and ``<KPI> Plan`` rows per state, the months as date-typed header cells
    (July to December 2026, actuals through October), the author's ``Total`` column (a SUM,
    or an AVERAGE for a percentage) and a ``Total`` row per group; a summary tab computes
    its figures from the perspective tabs with SUMIFS and is not read again."""
    customers = _perspective([
        ("New customers PY", [40, 42, 45, 44, 46, 50], [30, 31, 29, 33, 35, 36], "SUM"),
        ("New customers Act", [44, 47, 49, 52], [28, 30, 33, 31], "SUM"),
        ("New customers Plan", [45, 46, 48, 50, 52, 55], [32, 33, 33, 35, 36, 38], "SUM"),
        ("Satisfaction % PY", [0.80, 0.82, 0.81, 0.83, 0.84, 0.85],
         [0.78, 0.77, 0.79, 0.80, 0.80, 0.81], "AVERAGE"),
        ("Satisfaction % Act", [0.84, 0.85, 0.83, 0.86], [0.79, 0.81, 0.82, 0.80], "AVERAGE"),
        ("Satisfaction % Plan", [0.85, 0.85, 0.86, 0.86, 0.87, 0.87],
         [0.80, 0.80, 0.81, 0.81, 0.82, 0.82], "AVERAGE"),
    ])
    operations = _perspective([
        ("Orders delivered PY", [500, 520, 510, 530, 540, 560], [300, 310, 305, 320, 330, 340],
         "SUM"),
        ("Orders delivered Act", [510, 540, 525, 560], [290, 300, 315, 310], "SUM"),
        ("Orders delivered Plan", [520, 530, 530, 550, 560, 580], [310, 320, 315, 330, 340, 350],
         "SUM"),
    ])

    def sumifs(tab: str, label: str, shown: float) -> Formula:
        return Formula(f"=SUMIFS({tab}!$I$2:$I$40,{tab}!$A$2:$A$40,\"{label}\","
                       f"{tab}!$B$2:$B$40,$B$1)", shown)

    summary = [
        ["State:", "North"],
        [],
        ["Perspective", "KPI", "PY", "Act", "Plan", "Variance"],
        ["Customers", "New customers", sumifs("Customers", "New customers PY", 267),
         sumifs("Customers", "New customers Act", 192),
         sumifs("Customers", "New customers Plan", 296), Formula("=D4-E4", -104)],
        ["Customers", "Satisfaction %", sumifs("Customers", "Satisfaction % PY", 0.825),
         sumifs("Customers", "Satisfaction % Act", 0.845),
         sumifs("Customers", "Satisfaction % Plan", 0.86), Formula("=D5-E5", -0.015)],
        ["Operations", "Orders delivered", sumifs("Operations", "Orders delivered PY", 3160),
         sumifs("Operations", "Orders delivered Act", 2135),
         sumifs("Operations", "Orders delivered Plan", 3270), Formula("=D6-E6", -1135)],
    ]
    # Year to date (July to October, the months with actuals), each month against its plan:
    #   New customers North: actual 44 + 47 + 49 + 52 = 192, plan 45 + 46 + 48 + 50 = 189,
    #     variance +3.  South: 28 + 30 + 33 + 31 = 122 against 32 + 33 + 33 + 35 = 133: -11.
    #   Satisfaction % (its Total is an AVERAGE, so the year is a mean): North actual
    #     (0.84 + 0.85 + 0.83 + 0.86) / 4 = 0.845, plan (0.85 + 0.85 + 0.86 + 0.86) / 4 =
    #     0.855, variance -0.01; South (0.79 + 0.81 + 0.82 + 0.80) / 4 = 0.805 against
    #     (0.80 + 0.80 + 0.81 + 0.81) / 4 = 0.805: 0.
    #   Orders delivered North: 510 + 540 + 525 + 560 = 2,135 against 520 + 530 + 530 + 550 =
    #     2,130: +5.  South: 290 + 300 + 315 + 310 = 1,215 against 310 + 320 + 315 + 330 =
    #     1,275: -60.
    # Latest (October) against October's plan, the prior year's October as the baseline:
    #   New customers North 52 vs 50 healthy, progress (52 - 44) / (50 - 44) = 1.3333;
    #   South 31 vs 35 breach, (31 - 33) / (35 - 33) = -1.0.
    #   Satisfaction North 0.86 vs 0.86 healthy; South 0.80 vs 0.81 breach.
    #   Orders delivered North 560 vs 550 healthy; South 310 vs 330 breach.
    # Trends: every actual series rises from July to October (44 -> 52, 28 -> 31,
    # 0.84 -> 0.86, 0.79 -> 0.80, 510 -> 560, 290 -> 310) and its fitted slope is up.
    up = "up (improving)"
    return Lookalike(
        Case("scorecard_rows", {"Customers": Sheet(customers), "Operations": Sheet(operations),
                                "Summary": Sheet(summary)},
             kpis={"New customers [North]": (52.0, "healthy", up),
                   "New customers [South]": (31.0, "breach", up),
                   "Satisfaction % [North]": (0.86, "healthy", up),
                   "Satisfaction % [South]": (0.80, "breach", up),
                   "Orders delivered [North]": (560.0, "healthy", up),
                   "Orders delivered [South]": (310.0, "breach", up)},
             map_lines=(
                 "Tab 'Customers': KPIs as groups of rows (<KPI> Plan / Act / PY), a column "
                 "per month (detected)",
                 "      A  Table                 label",
                 "      B  State                 segment",
                 "      C  2026-07-01            period",
                 "      I  Total                 total",
                 "  readings: 16 (KPI History)",
                 "Tab 'Operations': KPIs as groups of rows (<KPI> Plan / Act / PY), a column "
                 "per month (detected)",
                 "  readings: 8 (KPI History)",
                 "  note: not read: computed from other tabs (Customers, Operations), which "
                 "are read themselves")),
        values={("kpi", "New customers [North]"): {
                    "ytd_actual": 192, "ytd_target": 189, "ytd_variance": 3,
                    "progress": round(8 / 6, 6)},
                ("kpi", "New customers [South]"): {
                    "ytd_actual": 122, "ytd_target": 133, "ytd_variance": -11, "progress": -1.0},
                ("kpi", "Satisfaction % [North]"): {
                    "ytd_actual": 0.845, "ytd_target": 0.855, "ytd_variance": -0.01},
                ("kpi", "Satisfaction % [South]"): {
                    "ytd_actual": 0.805, "ytd_target": 0.805, "ytd_variance": 0.0},
                ("kpi", "Orders delivered [North]"): {
                    "ytd_actual": 2135, "ytd_target": 2130, "ytd_variance": 5},
                ("kpi", "Orders delivered [South]"): {
                    "ytd_actual": 1215, "ytd_target": 1275, "ytd_variance": -60}},
        inputs={("kpi", "New customers [North]"): {"baseline": 44, "target": 50},
                ("kpi", "Orders delivered [South]"): {"baseline": 320, "target": 330}})


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
