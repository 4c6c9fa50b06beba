"""Look-alikes of KPI trackers and logs people keep (a store x month tracker, weekly sales
pairs, a long log with repeated headers, a KPI master beside wide monthly readings, KPIs
kept as groups of rows), built by code with their own words and numbers and the results
worked out by hand (the arithmetic is written beside each number)."""

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
    # People: RECEIVED (K) against TARGET; the median of 4.8 / 20,000 = 0.00024,
    # 6.1 / 20,000 = 0.000305, 2.2 / 10,000 = 0.00022 and 3.9 / 10,000 = 0.00039 is
    # (0.00024 + 0.000305) / 2 = 0.0002725, 1 / 3,670: far more than 100 times apart, so
    # the tab is not scored; row 2 is the one nearest the median.
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
        inputs={("kpi", f"{name} [total]"): {"target": 28000}})


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
    sums: list[Any] = []
    for c, letter in enumerate(LETTERS):
        months = [v[c] for v in (north, south) if c < len(v)]
        sums.append(Formula(f"={rule}({letter}{first}:{letter}{first + 2})",
                            sum(months) if rule == "SUM" else sum(months) / len(months))
                    if months else None)
    states = (out[0][-1].value, out[1][-1].value)
    out.append([label, "Total", *sums,
                Formula(f"={rule}(I{first}:I{first + 2})",
                        sum(states) if rule == "SUM" else sum(states) / 2)])
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
