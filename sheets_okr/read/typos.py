"""Headers that miss a known column by a typo (``Direciton``, ``Traget``): said, with the
header meant, rather than left out quietly."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from ..model import a1
from ..schema import TAB_BY_KEY, normalize_name
from .shape import Layout


@dataclass(frozen=True)
class Typo:
    tab: str
    cell: str
    header: str
    meant: str


@functools.cache
def _names(kind: str) -> dict[str, str]:
    """Folded spelling -> the column's name as the template writes it, for a kind."""
    spec = TAB_BY_KEY.get(kind if kind in TAB_BY_KEY else "key_results")
    out: dict[str, str] = {}
    for col in spec.columns:
        for name in (col.header, *col.aliases):
            out.setdefault(normalize_name(name), col.header)
    for comp in spec.computed:
        out.setdefault(normalize_name(comp.header), comp.header)
    return out


def meant(kind: str, header: str) -> str | None:
    """The known header ``header`` is a typo of, or None.

    >>> meant("kpis", "Direciton"), meant("key_results", "Traget"), meant("kpis", "Notes")
    ('Direction', 'Target', None)
    """
    folded = normalize_name(header)
    names = _names(kind)
    if len(folded) < 4 or folded in names:
        return None
    allowed = 1 if len(folded) <= 6 else 2
    found = process.extractOne(folded, list(names), scorer=DamerauLevenshtein.distance,
                               score_cutoff=allowed)
    if found is None or len(found[0]) < 4:
        return None
    return names[found[0]]


def typos(layout: Layout) -> list[Typo]:
    """The headers of a layout that were left out and look like a typo of a known one."""
    out = []
    taken = set(layout.roles.values())
    for col, reason in sorted(layout.ignored.items()):
        if reason != "not a known column":
            continue
        header = layout.headers.get(col, "")
        known = meant(layout.kind, header)
        if known is not None and normalize_name(known) not in taken:
            out.append(Typo(layout.title, a1(layout.header_row, col), header, known))
    return out
