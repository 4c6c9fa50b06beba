"""Two states said after the thing they are about: a count of things that go wrong kept
at zero ("Pass the audit with zero major findings", "Lograr la auditoría con cero
desviaciones mayores", "升级过程中无生产级事故") — a bar, so a result, not a task (a text
that opens with the count is read in :mod:`.classify`); and a thing in place and in use
("Sales and marketing using one pipeline dashboard") — there or not, like a milestone."""

from __future__ import annotations

from functools import cache

from .cjk import split_clauses, zh_words
from .tokens import _is_plural
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


def kept_at_zero_cjk(text: str) -> str:
    """The same for a Chinese text: the word of none before an incident noun in one of
    its clauses ("无" in "…，升级过程中无生产级事故"), or ""."""
    zh = zh_words()
    for clause in split_clauses(text):
        for none in zh.none_words:
            at = clause.find(none)
            if at >= 0 and any(n in clause[at + len(none):at + len(none) + 8]
                               for n in zh.incidents):
                return none
    return ""


@cache
def _in_use() -> tuple[frozenset[str], frozenset[str]]:
    found = table("in_use")
    return frozenset(found["words"]), frozenset(found["not_after"])


def in_use(texts: list[str], start: int) -> str:
    """The word that states a thing in place and in use after it ("using", "running",
    "funcionando"), or "": not after a preposition ("ways of using …"), nor after people
    outside the team ("Customers using …", a result), nor after a plural, which names a
    count of them ("Teams using the dashboards": how many do)."""
    verbs, not_after = _in_use()
    w = words()
    for i in range(start + 1, len(texts)):
        if texts[i] in verbs:
            before = texts[i - 1]
            if before in not_after or before in w.audience or before in w.count_nouns \
                    or _is_plural(before):
                return ""
            return texts[i]
    return ""


def says_in_use(word: str) -> bool:
    """Whether ``word`` is one that states a thing in place and in use."""
    return word in _in_use()[0]
