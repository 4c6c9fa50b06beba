"""Expected and Status under each pace and under phased targets, worked by hand.

Q4 2026 runs from 1 October to 31 December: 91 days between its first and last day.
On 15 November 45 of them have passed, so the elapsed share is t = 45/91 = 0.494505.
A key result going from 0 to 100 that stands at 30 scores 0.30. Status: on track when
the score is at least Expected − 0.10, at risk at least Expected − 0.25, else off track.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from sheets_okr.calc.okr import compute_key_results, compute_objectives
from sheets_okr.config import Settings
from sheets_okr.config_file import settings_from_mapping
from sheets_okr.errors import UsageError
from sheets_okr.io import open_backend
from sheets_okr.run import analyse_book
from tests import frames as f

AS_OF = pd.Timestamp("2026-11-15")
T = 45 / 91

# pace, Expected by hand, Status of a score of 0.30
PRESETS = [
    ("linear", T, "at risk"),                         # 0.4945: 0.30 >= 0.2445
    ("back-loaded", T ** 2, "on track"),              # 0.2445: 0.30 >= 0.1445
    ("front-loaded", 1 - (1 - T) ** 2, "off track"),  # 0.7445: 0.30 <  0.4945
    ("stepped", 1 / 3, "on track"),                   # floor(3t)/3 = 1/3: 0.30 >= 0.2333
    ("stepped 4", 1 / 4, "on track"),                 # floor(4t)/4 = 1/4
    ("Back loaded", T ** 2, "on track"),              # spelled as people do
]


def kr_rows(*rows: dict[str, Any], settings: Settings | None = None,
            objectives: pd.DataFrame | None = None, phases: pd.DataFrame | None = None,
            as_of: pd.Timestamp = AS_OF) -> pd.DataFrame:
    objectives = objectives if objectives is not None else f.objectives(
        {"id": "O1", "period": "2026-Q4"})
    frame = f.key_results(*({"objective": "O1", "baseline": 0, "target": 100, **r}
                            for r in rows))
    return compute_key_results(frame, objectives, None, as_of, settings or Settings(),
                               phases)


@pytest.mark.parametrize(("pace", "expected", "status"), PRESETS)
def test_pace_column_sets_expected_and_status(pace: str, expected: float,
                                              status: str) -> None:
    row = kr_rows({"id": "K1", "current": 30, "pace": pace}).iloc[0]
    assert row["expected"] == pytest.approx(expected, abs=1e-9)
    assert row["status"] == status


@pytest.mark.parametrize(("pace", "expected", "status"), PRESETS[:4])
def test_config_default_pace(pace: str, expected: float, status: str) -> None:
    row = kr_rows({"id": "K1", "current": 30}, settings=Settings(pace=pace)).iloc[0]
    assert (row["expected"], row["status"], row["pace_used"]) == (
        pytest.approx(expected, abs=1e-9), status, pace)


def test_key_result_pace_wins_over_objective_pace_over_setting() -> None:
    objectives = f.objectives({"id": "O1", "period": "2026-Q4", "pace": "front-loaded"})
    out = kr_rows({"id": "K1", "current": 30, "pace": "back-loaded"},
                  {"id": "K2", "current": 30}, objectives=objectives,
                  settings=Settings(pace="stepped"))
    assert out["expected"].tolist() == pytest.approx([T ** 2, 1 - (1 - T) ** 2])


def test_presets_meet_at_the_ends_of_the_period() -> None:
    for day, want in ((pd.Timestamp("2026-10-01"), 0.0), (pd.Timestamp("2026-12-31"), 1.0)):
        out = kr_rows(*({"id": p, "current": 30, "pace": p} for p, _, _ in PRESETS[:4]),
                      as_of=day)
        assert out["expected"].tolist() == pytest.approx([want] * 4)


def test_phased_targets_of_a_key_result() -> None:
    # A yearly key result 0 -> 100 with quarter targets 10, 30, 60, 100. On 15 August
    # Expected lies between the Q2 point (30 June, 0.30) and the Q3 point (30 September,
    # 0.60): 46 of those 92 days have passed, 0.30 + 0.30 * 46/92 = 0.45.
    objectives = f.objectives({"id": "O1", "period": "2026"})
    phases = pd.DataFrame({"row": [2] * 4, "anchor": ["q1", "q2", "q3", "q4"],
                           "value": [10.0, 30.0, 60.0, 100.0]})
    out = kr_rows({"id": "K1", "current": 40}, {"id": "K2", "current": 40},
                  objectives=objectives, phases=phases, as_of=pd.Timestamp("2026-08-15"))
    assert out["expected"].tolist() == pytest.approx([0.45, 226 / 364])
    assert out["status"].tolist() == ["on track", "at risk"]  # 0.40 vs 0.35 / 0.3709
    assert out["pace_used"].tolist() == ["phased", "linear"]


def test_phases_setting_for_key_results_paced_phased() -> None:
    # 20% by end of October, 50% by end of November, 100% by end of December. On
    # 15 November: 0.20 + 0.30 * 15/30 = 0.35, so 30 of 100 is on track (>= 0.25).
    settings = Settings(phases=("20% by end of October", "50 % by end of November",
                                "100% by end of December"))
    out = kr_rows({"id": "K1", "current": 30, "pace": "phased"},
                  {"id": "K2", "current": 30}, settings=settings)
    assert out["expected"].tolist() == pytest.approx([0.35, T])
    assert out["status"].tolist() == ["on track", "at risk"]


def test_phased_without_any_phases_is_linear() -> None:
    row = kr_rows({"id": "K1", "current": 30, "pace": "phased"}).iloc[0]
    assert row["expected"] == pytest.approx(T) and row["pace_used"] == "linear"


def test_objective_follows_its_own_pace_or_its_key_results() -> None:
    objectives = f.objectives({"id": "O1", "period": "2026-Q4", "pace": "back-loaded"},
                              {"id": "O2", "period": "2026-Q4"},
                              {"id": "O3", "period": "2026-Q4"})
    frame = f.key_results(
        {"id": "K1", "objective": "O1", "baseline": 0, "target": 100, "current": 30},
        {"id": "K2", "objective": "O2", "baseline": 0, "target": 100, "current": 30,
         "pace": "front-loaded"},
        {"id": "K3", "objective": "O2", "baseline": 0, "target": 100, "current": 30},
        {"id": "K4", "objective": "O3", "baseline": 0, "target": 100, "current": 30},
    )
    settings = Settings()
    kr = compute_key_results(frame, objectives, None, AS_OF, settings)
    out = compute_objectives(objectives, frame, kr, AS_OF, settings)
    # O1 its own back-loaded pace; O2 the mean of front-loaded K2 and linear K3; O3 linear
    assert out["expected"].tolist() == pytest.approx(
        [T ** 2, ((1 - (1 - T) ** 2) + T) / 2, T])
    assert out["status"].tolist() == ["on track", "off track", "at risk"]


def test_settings_reject_an_unknown_pace_and_an_unreadable_phase() -> None:
    assert settings_from_mapping({"pace": "back-loaded"}, "x.toml").pace == "back-loaded"
    with pytest.raises(UsageError, match="'pace' must be one of linear, back-loaded"):
        settings_from_mapping({"pace": "sideways"}, "x.toml")
    with pytest.raises(UsageError, match="'phases': 'half by spring' is not a phase"):
        settings_from_mapping({"phases": ["half by spring"]}, "x.toml")


def test_phase_columns_and_pace_column_in_a_workbook(make_workbook: Any) -> None:
    path: Path = make_workbook({
        "Objectives": [["ID", "Objective", "Owner", "Period"],
                       ["O1", "Grow the partner channel", "Ana", "2026"]],
        "Key Results": [
            ["ID", "Objective", "Key Result", "Owner", "Baseline", "Target", "Current",
             "Q1 Target", "Q2 Target", "Q3 Target", "Q4 Target", "Pace"],
            ["KR1", "O1", "Sign 100 partners", "Ana", 0, 100, 40, 10, 30, 60, 100, ""],
            ["KR2", "O1", "Reach 100 partner deals", "Ana", 0, 100, 40, "", "", "", "",
             "back-loaded"],
            ["KR3", "O1", "Train 100 partner staff", "Ana", 0, 100, 40, "ten", "", "", "",
             ""],
        ],
    })
    analysis = analyse_book(open_backend(str(path)).read(), pd.Timestamp("2026-08-15").date())
    res = analysis.results.tables["key_results"]
    assert res["expected"].tolist() == pytest.approx([0.45, (226 / 364) ** 2, 226 / 364])
    assert res["status"].tolist() == ["on track", "on track", "at risk"]
    unreadable = [(fl.code, fl.cell) for fl in analysis.flags if fl.code == "OKR116"]
    assert unreadable == [("OKR116", "H4")]
