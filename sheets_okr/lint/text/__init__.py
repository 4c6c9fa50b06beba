"""The text classifier behind the text rules, and name matching of initiatives and KPIs."""

from __future__ import annotations

from .classify import (
    Features,
    classify,
    explain,
    features,
    is_activity_kr,
    is_metric_objective,
    is_milestone_kr,
    shape,
)
from .initiative import explain_initiative, is_metric_name
from .kpi import explain_kpi, is_action_kpi, read_kpi
from .names import NameIndex, name_tokens, similar_name
from .tokens import Token, tokens
from .words import (
    ACTIVITY,
    ASPIRATION,
    LABELS,
    METRIC,
    MILESTONE,
    OUTCOME,
    Words,
    words,
)

__all__ = [
    "ACTIVITY", "ASPIRATION", "LABELS", "METRIC", "MILESTONE", "OUTCOME", "Features",
    "NameIndex", "Token", "Words", "classify", "features", "is_action_kpi", "is_activity_kr",
    "is_metric_name", "is_metric_objective", "is_milestone_kr", "name_tokens", "similar_name",
    "tokens", "words", "explain", "explain_initiative", "explain_kpi", "read_kpi", "shape",
]
