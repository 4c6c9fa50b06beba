"""A task set on a schedule: a habit or a routine, what a team does rather than a result
it earns ("Review the pipeline every Monday", "Dormir al menos 7 horas cada noche",
"Einmal pro Quartal …").

A schedule is a count of times per period ("3 times a week", "2 veces por semana",
"einmal pro Quartal", "5 evenings a week"), a period after a word of every ("every
night", "chaque semaine", "todos los días") or an adverb of a schedule ("weekly",
"regularly", "mensual") — not an adjective that names a measure ("weekly active users").
The words are in the [routine] tables of ``data/words.toml`` and ``data/lang/*.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import compress

from .words import LANGUAGES, Phrases, lang_file, table


@dataclass(frozen=True)
class RoutineWords:
    """The words of a schedule, over all the languages."""

    every: Phrases
    times: frozenset[str]
    once: frozenset[str]
    links: Phrases
    periods: frozenset[str]
    adverbs: frozenset[str]
    not_after: frozenset[str]
    first: frozenset[str]


@cache
def routine_words() -> RoutineWords:
    """The [routine] tables, merged (read once)."""
    tables = [table("routine"), *(lang_file(code).get("routine", {}) for code in LANGUAGES)]

    def merged(key: str) -> list[str]:
        return [item for found in tables for item in found.get(key, ())]

    every = merged("every")
    times, once = frozenset(merged("times")), frozenset(merged("once"))
    adverbs = frozenset(merged("adverbs"))
    return RoutineWords(
        every=Phrases(every), times=times, once=once, links=Phrases(merged("links")),
        periods=frozenset(merged("periods")), adverbs=adverbs,
        not_after=frozenset(merged("not_after")),
        first=frozenset(e.split()[0] for e in every) | times | once | adverbs)


def schedule(texts: list[str], numbers: list[bool]) -> tuple[str, bool]:
    """(the words that set a task on a schedule, whether they count times per period) of
    a tokenised text, ``numbers`` marking its number tokens; ("", False) if none.

    >>> from sheets_okr.lint.text.tokens import tokens
    >>> toks = tokens("Hold friendly matches 2 times a week")
    >>> schedule([t.text for t in toks], [t.number for t in toks])
    ('2 times a week', True)
    """
    r = routine_words()
    if r.first.isdisjoint(texts) and r.periods.isdisjoint(texts) and not any(
            t.endswith("x") for t in compress(texts, numbers)):
        return "", False
    for i, word in enumerate(texts):
        if numbers[i] and i + 1 < len(texts) and texts[i + 1] in r.periods:
            period = _period_after(texts, i + 2)  # "5 evenings a week", "4 jours par semaine"
            if period:
                return " ".join(texts[i:period]), True
        if numbers[i] and word.endswith("x") and word[:1].isdigit():
            period = _period_after(texts, i + 1)  # "3x a week"
            if period:
                return " ".join(texts[i:period]), True
        if word in r.times and i > 0 and numbers[i - 1]:
            period = _period_after(texts, i + 1)
            if period:
                return " ".join(texts[i - 1:period]), True
        if word in r.once:
            period = _period_after(texts, i + 1)
            if period:
                return " ".join(texts[i:period]), True
        phrase = r.every.at(texts, i)
        if phrase is not None:
            j = i + len(phrase)
            j += j < len(texts) and numbers[j]  # "every 2 weeks", "alle 2 Wochen"
            if j < len(texts) and texts[j] in r.periods:
                return " ".join(texts[i:j + 1]), False
        if word in r.adverbs and (i + 1 >= len(texts) or texts[i + 1] not in r.not_after):
            return word, False
    return "", False


def _period_after(texts: list[str], at: int) -> int:
    """The index after a period that follows a link at ``at`` ("a week", "por semana",
    "pro Quartal"), or 0."""
    r = routine_words()
    phrase = r.links.at(texts, at)
    if phrase is None:
        return 0
    at += len(phrase)
    return at + 1 if at < len(texts) and texts[at] in r.periods else 0
