"""What sheets-okr computes for the example workbook on 2026-11-15, worked out by hand."""

from __future__ import annotations

# The share of Q4 2026 gone by 15 November (45 of its 91 days).
EXPECTED = 45 / 91
# Per key result: Progress, Score, Expected, Status, Grade.
KEY_RESULTS = {
    "KR1": [2 / 3, 2 / 3, EXPECTED, "on track", "yellow"],
    "KR2": [0, 0, EXPECTED, "off track", "red"],
    "KR3": [0, 0, EXPECTED, "off track", "red"],
    "KR4": [0.45, 0.45, EXPECTED, "on track", "yellow"],
    "KR5": [0.45, 0.45, EXPECTED, "on track", "yellow"],
    "KR6": [0.4, 0.4, EXPECTED, "on track", "yellow"],
    "KR7": [0.45, 0.45, EXPECTED, "on track", "yellow"],
    "KR8": [1, 1, EXPECTED, "achieved", "green"],
    "KR9": [1, 1, EXPECTED, "achieved", "green"],
    "KR10": [0.375, 0.375, EXPECTED, "at risk", "red"],
}
SCORES = {key: values[1] for key, values in KEY_RESULTS.items()}
# Per period: Net, ROI, Cumulative Investment, Cumulative Return, Cumulative ROI.
ROI = {
    "2026-07": [300, 0.3, 1000, 1300, 0.3],
    "2026-08": [100, 0.05, 3000, 3400, 0.4 / 3],
    "2026-09": [900, 0.6, 4500, 5800, 1300 / 4500],
    "2026-10": [600, 0.24, 7000, 8900, 1900 / 7000],
    "2026-11": [1200, 0.4, 10000, 13100, 0.31],
}
# Per period: Conversion Rate.
FUNNEL = {"2026-07": [8 / 540], "2026-08": [10 / 600], "2026-09": [11 / 610],
          "2026-10": [12 / 650], "2026-11": [13 / 665]}
