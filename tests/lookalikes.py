"""What a look-alike workbook must give besides the scores of tests/layouts.py: values of
items worked out by hand, the author's own numbers read beside ours, and whether anything
may be written into the tabs it was read from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .layouts import Case

ItemKey = tuple[str, str]
"""(kind, ID) of an item as ``items()`` gives it (``kpi``, ``Boxes [North · Elm St]``)."""


@dataclass
class Lookalike:
    """A case and the item values worked out by hand for it."""

    case: Case
    values: dict[ItemKey, dict[str, Any]] = field(default_factory=dict)
    authors: dict[ItemKey, dict[str, Any]] = field(default_factory=dict)
    inputs: dict[ItemKey, dict[str, Any]] = field(default_factory=dict)
    absent: dict[ItemKey, tuple[str, ...]] = field(default_factory=dict)
    owners: set[str] = field(default_factory=set)
    writes: tuple[str, ...] = ()
    """The tabs ``recompute`` may write into (never into the author's own columns); every
    other tab read stays as it was."""
    saved_fails: str | None = None
    """Why reading through the mapping ``map --write`` saves does not give the same results
    yet (its test is expected to fail), or None."""
