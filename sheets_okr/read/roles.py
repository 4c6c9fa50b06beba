"""The role a column plays in a table of a given kind, scored from three signals: the
header's words (exact names and aliases first, then the lexicon's words inside it), what
the cells hold, and the author's formulas."""

from __future__ import annotations

from dataclasses import dataclass

from ..schema import OBJECTIVES, TAB_BY_KEY, ValueType, column_index, normalize_name
from . import lexicon, vocab
from .profile import Profile

OBJECTIVE_OWN = ("score", "expected", "status")
SINGLE_FROM_OBJECTIVES = {"team": "team", "period": "period", "end": "due", "parent": "parent",
                          "type": "type", "kr_count": "kr_count", "objective": "objective"}

# Lexicon role -> column key, per kind (a role absent here plays no part in that kind).
_COMMON = {"id": "id", "owner": "owner", "team": "team", "note": None, "priority": None}
ROLE_KEYS: dict[str, dict[str, str | None]] = {
    "okr_single_table": {**_COMMON, "text": "text", "objective": "objective",
                         "key_result": "key_result", "period": "period", "start": "start",
                         "due": "due", "baseline": "baseline", "target": "target",
                         "current": "current", "unit": "unit", "weight": "weight",
                         "confidence": "confidence", "progress": "progress", "score": "score",
                         "status": "status", "gap": "gap"},
    "objectives": {**_COMMON, "objective": "objective", "period": "period", "start": "start",
                   "due": "end", "weight": "weight", "progress": "score", "score": "score",
                   "status": "status"},
    "key_results": {**_COMMON, "key_result": "key_result", "objective": "objective",
                    "text": "key_result",
                    "baseline": "baseline", "target": "target", "current": "current",
                    "unit": "unit", "weight": "weight", "start": "start", "due": "due",
                    "kpi": "kpi", "confidence": "confidence", "progress": "progress",
                    "score": "score", "status": "status", "gap": "gap"},
    "kpis": {**_COMMON, "kpi": "kpi", "unit": "unit", "direction": "direction",
             "target": "target", "warning": "warning", "frequency": "frequency",
             "baseline": "baseline", "current": "current", "status": "health",
             "progress": "progress", "gap": "gap", "forecast": "outlook"},
    "initiatives": {**_COMMON, "initiative": "initiative", "key_result": "kr", "due": "due",
                    "status": "status", "investment": "investment", "return": "return",
                    "roi": "roi"},
    "kpi_history": {"date": "date", "kpi": "kpi", "current": "value", "note": "note"},
    "roi": {"period": "period", "date": "period", "investment": "investment",
            "return": "return", "initiative": "initiative", "segment": "initiative",
            "kpi": "kpi", "net": "net", "roi": "roi"},
    "funnel": {"period": "period", "date": "period", "visits": "visits",
               "conversions": "conversions", "segment": "channel",
               "conversion_rate": "conversion_rate"},
}
# A header naming one text role may hold another: a "Goal" column of measurable goals,
# each with its own target, holds key results.
TEXT_INSTEAD = {("key_results", "objective"): "key_result", ("key_results", "kpi"): "key_result",
                ("kpis", "objective"): "kpi"}
TEXT_KEYS = {"text", "objective", "key_result", "kpi", "initiative"}
NAME_KEYS = {"owner", "team", "channel"}
RATIO_KEYS = {"progress", "score", "expected", "conversion_rate", "roi", "cumulative_roi",
              "objective_score", "objective_expected"}
ACCEPT = 0.45
LEXICON_MAX = 0.95
"""A header matched through the lexicon never claims as strongly as an exact name."""


@dataclass(frozen=True)
class Candidate:
    """A column's claim to a role: the header's strength, how well the cells fit, and
    the two combined."""

    key: str
    header: float
    fit: float

    @property
    def score(self) -> float:
        return round(self.header * (0.4 + 0.6 * self.fit), 4)


def exact_key(kind: str, text: str) -> str | None:
    """The column key a header names exactly (the template's names and aliases)."""
    if kind == "okr_single_table":
        role = vocab.layout_role(text)
        if role:
            return role
        folded = normalize_name(text)
        if folded != "id" and column_index(OBJECTIVES).get(text) == "id":
            return "objective_id"
        if folded.startswith("objective") and len(folded) > len("objective"):
            own = column_index(OBJECTIVES).get(folded[len("objective"):])
            if own in OBJECTIVE_OWN:
                return f"objective_{own}"
        role = vocab.tab_roles("key_results", text)
        if role:
            return role
        return SINGLE_FROM_OBJECTIVES.get(vocab.tab_roles("objectives", text) or "")
    if kind in TAB_BY_KEY:
        return vocab.tab_roles(kind, text)
    return None


def header_keys(kind: str, text: str) -> dict[str, float]:
    """Column keys ``text`` may name in a table of ``kind``, with the header's strength:
    1.0 for an exact name, else the lexicon's score."""
    out: dict[str, float] = {}
    exact = exact_key(kind, text)
    if exact:
        out[exact] = 1.0
    keys = ROLE_KEYS.get(kind, {})
    for match in lexicon.header_roles(text):
        key = keys.get(match.role, "")
        if key and key not in out:
            out[key] = min(match.score, LEXICON_MAX)
        stated = TEXT_INSTEAD.get((kind, match.role))
        if stated and stated not in out:
            out[stated] = min(match.score, LEXICON_MAX) * 0.9
    return out


def fit(kind: str, key: str, prof: Profile | None) -> float:
    """How well the cells of a column suit ``key`` (0-1); an empty column suits any key
    its header names."""
    if prof is None or prof.cells == 0:
        return 0.8
    kind_spec = TAB_BY_KEY.get(kind if kind in TAB_BY_KEY else "key_results")
    vtype = _value_type(kind_spec, key)
    numeric = prof.share(prof.numbers + prof.booleans)
    if key in RATIO_KEYS:
        if not prof.numbers and prof.textual >= 0.5:
            return 0.0  # sentences are never a ratio, whatever the header says
        return min(1.0, prof.share(prof.ratios) + 0.1) if prof.numbers else 0.1
    if vtype in (ValueType.NUMBER, ValueType.MEASURE):
        value = numeric if vtype is ValueType.MEASURE else prof.numeric
        return 0.05 if value < 0.3 else value
    if vtype is ValueType.DATE:
        return max(0.05, prof.share(prof.dates))
    if vtype is ValueType.PERIOD:
        return max(0.1, prof.share(prof.dates + prof.texts + prof.integers))
    if vtype is ValueType.ID:
        if key == "id":
            return max(0.1, prof.share(prof.ids) if prof.unique > 0.5 else 0.2)
        short = prof.share(prof.texts - prof.long_texts) + prof.share(prof.integers)
        return max(0.2, min(1.0, short))
    if key in TEXT_KEYS:
        if prof.numeric > 0.6:
            return 0.05
        return max(0.15, prof.textual)
    if key in NAME_KEYS:
        return max(0.1, prof.share(prof.texts) - prof.share(prof.long_texts) * 0.5)
    return 0.7


def _value_type(spec: object, key: str) -> ValueType | None:
    for col in getattr(spec, "columns", ()):
        if col.key == key:
            return col.type
    for comp in getattr(spec, "computed", ()):
        if comp.key == key and comp.number_format:
            return ValueType.DATE if "yy" in comp.number_format else ValueType.NUMBER
    if key in ("baseline", "target", "current"):
        return ValueType.MEASURE
    if key in ("start", "due", "end", "updated", "date"):
        return ValueType.DATE
    if key == "period":
        return ValueType.PERIOD
    return None


def candidates(kind: str, text: str, prof: Profile | None) -> list[Candidate]:
    """The keys a column may take in a table of ``kind``, best first."""
    out = [Candidate(key, strength, fit(kind, key, prof))
           for key, strength in header_keys(kind, text).items()]
    out = [c for c in out if c.fit > 0 and (c.score >= ACCEPT * 0.8 or c.header >= 1.0)]
    return sorted(out, key=lambda c: -c.score)
