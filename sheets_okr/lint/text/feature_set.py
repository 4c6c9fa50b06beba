"""The cues a text was classified by (see :mod:`.classify`), kept so that a flag can say
why it was raised."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from .words import NONE


@dataclass(frozen=True)
class Features:
    """The cues a text was classified by, so that a message can explain itself.

    ``lead_verb`` is the class of the verb the text starts with (after fillers such as
    "Ensure" or "Successfully"): "activity", "outcome", "aspiration" or "none".
    """

    lead_verb: str = NONE
    verb: str = ""
    has_change: bool = False
    has_number: bool = False
    has_measure: bool = False
    has_comparator: bool = False
    metric_noun: bool = False
    noun_phrase: bool = False
    head: str = ""
    metric_head: bool = False
    metric_in_phrase: bool = False
    milestone: str = ""
    counted: bool = False
    rate: bool = False
    result_clause: bool = False
    metric_compared: bool = False
    means_clause: bool = False
    aspirational: bool = False
    state: str = ""
    task_noun: bool = False
    lang_metric: bool = False
    metric_last: bool = False
    vague_work: bool = False
    head_task: bool = False
    meets_target: bool = False
    bar: bool = False
    aspirational_object: bool = False
    deliverable: bool = False
    noted_target: bool = False
    zero_count: bool = False
    opening_state: bool = False
    periodic: bool = False
    perceives: bool = False
    outputs_first: bool = False
    estimate: str = ""
    people_counted: bool = False
    tasks_counted: str = ""
    money_target: bool = False
    capped: bool = False
    spends: bool = False
    routine: str = ""
    repeats: bool = False
    heading: str = ""
    zero_after: bool = False
    share: bool = False
    held: bool = False
    forbids: str = ""

    def describe(self) -> str:
        """The cues in a few words, e.g. ``leading activity verb "host"; a bare number``."""
        parts: list[str] = []
        if self.lead_verb != NONE:
            parts.append(f'leading {self.lead_verb} verb "{self.verb}"')
        elif self.noun_phrase:
            parts.append(f'noun phrase about "{self.head}"' if self.head else "noun phrase")
        if self.has_change:
            parts.append("a from-to change")
        if self.has_measure:
            parts.append("a number with a unit")
        elif self.has_number:
            parts.append("a bare number")
        if self.has_comparator:
            parts.append("a comparison")
        if self.metric_noun:
            parts.append("a metric noun")
        if self.result_clause:
            parts.append("a result clause")
        if self.aspirational:
            parts.append("qualitative wording")
        return "; ".join(parts) or "no cue"


_DEFAULTS: dict[str, Any] = {f.name: f.default for f in fields(Features)}


def build(**values: Any) -> Features:
    """``Features(**values)``, made by filling its fields at once rather than one checked
    assignment at a time: a record is built for every text read."""
    made = object.__new__(Features)
    made.__dict__.update(_DEFAULTS)
    made.__dict__.update(values)
    return made


def amend(f: Features, **changes: Any) -> Features:
    """``dataclasses.replace(f, **changes)``, made the same way as :func:`build`."""
    made = object.__new__(Features)
    made.__dict__.update(f.__dict__)
    made.__dict__.update(changes)
    return made
