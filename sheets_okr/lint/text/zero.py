"""A count of things that go wrong kept at zero, said after the task or the result it
comes with: "Pass the audit with zero major findings", "Lograr la auditoría con cero
desviaciones mayores", "升级过程中无生产级事故" — a bar the key result is held to, so a
result, not a task. (A text that opens with the count is read in :mod:`.classify`.)"""

from __future__ import annotations

import re
from functools import cache

from .cjk import zh_words
from .words import table, words


@cache
def _lists() -> tuple[frozenset[str], frozenset[str]]:
    """(words of none, incidents)."""
    found = table("kept_at_zero")
    return words().zero_words | frozenset(found["none"]), frozenset(found["went_wrong"])


def kept_at_zero(texts: list[str], start: int) -> str:
    """The word of none that keeps a count of incidents at zero after ``start`` in the
    words of a text ("zero" in "… with zero major findings"), or ""."""
    zero, incidents = _lists()
    for i in range(start + 1, len(texts) - 1):
        if texts[i] in zero and not incidents.isdisjoint(texts[i + 1:i + 4]):
            return texts[i]
    return ""


_CLAUSES = re.compile(r"[，,。；;、：:！!？?\s（）()]+")


def kept_at_zero_cjk(text: str) -> str:
    """The same for a Chinese text: the word of none before an incident noun in one of
    its clauses ("无" in "…，升级过程中无生产级事故"), or ""."""
    zh = zh_words()
    for clause in _CLAUSES.split(text):
        for none in zh.none_words:
            at = clause.find(none)
            if at >= 0 and any(n in clause[at + len(none):at + len(none) + 8]
                               for n in zh.incidents):
                return none
    return ""
