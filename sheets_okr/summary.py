"""Flags summarised for people: grouped by rule, with a count and the first few of each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .lint import Flag


@dataclass
class RuleGroup:
    """The flags of one rule: how many, and the first few in the order given."""

    code: str
    severity: str
    count: int
    examples: list[Flag]


def by_rule(flags: Sequence[Flag], examples: int = 3) -> list[RuleGroup]:
    """Flags grouped by rule code: errors' rules first, then warnings', then infos'; by
    code within a severity."""
    groups: dict[str, RuleGroup] = {}
    for flag in flags:
        group = groups.get(flag.code)
        if group is None:
            group = groups[flag.code] = RuleGroup(flag.code, str(flag.severity), 0, [])
        group.count += 1
        if len(group.examples) < examples:
            group.examples.append(flag)
    return sorted(groups.values(), key=lambda g: (_RANK.get(g.severity, 3), g.code))


_RANK = {"error": 0, "warning": 1, "info": 2}
