"""The comparison of the text rules with a trained model: publishers, batches, how the
systems combine the rules' flags with the model's probabilities, and how thresholds are
chosen (scikit-learn itself is only needed to run the comparison)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "compare_text_model.py"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("compare_text_model", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_publisher_groups_a_repository_a_site_and_an_excerpt(script: ModuleType) -> None:
    assert script.publisher("github:acme/plans@9f:okr/2024.md") == "github:acme/plans"
    assert script.publisher("github:acme/plans@71:kpi.md") == "github:acme/plans"
    assert script.publisher("github:acme/other@71:kpi.md") != "github:acme/plans"
    assert script.publisher("https://www.example.org/a/b") == "example.org"
    assert script.publisher("example.org/c") == "example.org"
    assert script.publisher("code-search excerpt id 77 (a team's OKRs)") == "excerpt:77"
    assert script.batch_group("2") == script.batch_group("3") == "1-3"
    assert script.batch_group("11b") == "11b"


def test_the_systems_combine_rules_and_model_both_ways(script: ModuleType) -> None:
    rule = np.array([True, True, False, False])
    p = np.array([0.95, 0.05, 0.95, 0.05])
    t = (0.1, 0.9)
    assert script.decide("rules", rule, p, t).tolist() == [True, True, False, False]
    # the model adds what it is sure of, and withdraws nothing
    assert script.decide("rules|model", rule, p, t).tolist() == [True, True, True, False]
    # the model withdraws what it is sure is wrong, and adds nothing
    assert script.decide("rules&!model", rule, p, t).tolist() == [True, False, False, False]
    assert script.decide("both", rule, p, t).tolist() == [True, False, True, False]
    # between the thresholds the rules decide
    middle = np.full(4, 0.5)
    assert script.decide("both", rule, middle, t).tolist() == rule.tolist()


def test_thresholds_maximise_f1_and_ties_go_to_the_cautious_side(script: ModuleType) -> None:
    y = np.array([True, True, False, False])
    rule = np.array([True, False, False, False])
    p = np.array([0.9, 0.7, 0.3, 0.8])
    # any t_hi in (0.3, 0.7] adds the second text and the fourth: F1 0.8; the highest wins
    assert script.choose("rules|model", y, rule, p) == (0.0, 0.7)
    y = np.array([True, False, True, False])
    rule = np.array([True, True, True, False])
    p = np.array([0.6, 0.1, 0.3, 0.9])
    # withdrawing at p <= 0.1 drops the one false alarm; 0.3 would drop a true flag too
    assert script.choose("rules&!model", y, rule, p) == (0.1, 1.01)
