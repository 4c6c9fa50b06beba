"""A bar a task is measured against: a threshold bound to a measured number, a share of
what the task covers ("in under 2 hours", "em 100% das páginas"), or an amount of money."""

from __future__ import annotations

from .cues import _head
from .routine import routine_words
from .tokens import Token
from .words import fold, words

# Comparators that bind a deadline or a part rather than a threshold: "within 2 months",
# "3 of 5", "at 4 sites".
_NOT_THRESHOLDS = frozenset({("within",), ("of",), ("at",), ("=",), ("up", "to")})
# Linking a share to what it is a share of: "80% *of* the pages", "100% *das* imagens".
_SHARE_OF = frozenset({"of", "de", "del", "das", "dos", "da", "do", "des", "du", "der",
                       "aller", "di", "dei", "delle", "van"})


# Opening a qualifier of a task's object: "a deal desk *for* discounts above 20%".
_QUALIFIERS = frozenset({"for", "with", "para", "con", "com", "pour", "avec", "mit", "für"})


def measured_bar(toks: list[Token]) -> bool:
    """A bar a task is measured against: a threshold bound to a measured number ("≥ 30
    days", "in under 2 hours", "al menos 95 %") or a share of what the task covers ("in
    80% of the user journeys", "em 100% das páginas") — not a deadline ("within 2
    months") nor a bare count ("at least 10 posts")."""
    w = words()
    texts = [t.text for t in toks]
    for i, t in enumerate(toks):
        if t.number and not t.measure:
            return False  # a count of outputs comes first: "Run ≥2 pilots (setup ≤4h)"
        if not t.measure:
            continue
        nxt = i + 1
        if nxt < len(texts) and texts[nxt] in w.percent:
            nxt += 1
        percent = nxt > i + 1 or t.text.endswith("%")
        if percent and nxt < len(texts) and texts[nxt] in _SHARE_OF:
            head, _, end = _head(toks, nxt + 1)
            # not "80% of the planned workshops", nor a move ("95% of the jobs from A to B")
            return head not in w.activity_nouns and "from" not in texts[end:]
        for j in range(max(0, i - 3), i):
            phrase = w.comparators_before.at(texts, j)
            if phrase is not None and j + len(phrase) == i and phrase not in _NOT_THRESHOLDS \
                    and not _QUALIFIERS & set(texts[max(0, j - 3):j]):
                return True
        while nxt < len(texts) and (texts[nxt] in w.units or texts[nxt] in w.unit_modifiers):
            nxt += 1
        if w.comparators_after.at(texts, nxt) not in (None, ("+",)):
            return True
    return False


# Words between a verb and an amount of money: "Aim *at* $2M", "Apuntar *a* USD 1,8k".
_BEFORE_AMOUNT = frozenset({"to", "at", "a", "of"})


def money_after(toks: list[Token], at: int) -> bool:
    """An amount of money right after a verb ("Book $2M in …", "Habilitar USD 1,5M …")."""
    w = words()
    at += at < len(toks) and toks[at].text in _BEFORE_AMOUNT
    if at < len(toks) and toks[at].text in w.currencies:
        at += 1
    return at < len(toks) and toks[at].measure and (
        toks[at].text[:1] in "$€£" or toks[at - 1].text in w.currencies)


def held_count(toks: list[Token]) -> bool:
    """A count held to a floor over a period or on a measure: "10K+ signups a month",
    "with a 4.5+ star rating", "al menos 30 renovaciones cada mes" — a bar, not a count of
    outputs to make ("10+ webinars a month"), of people to reach ("call 5+ clients a
    week") nor a number of times ("at least 3 times a week")."""
    w = words()
    r = routine_words()
    texts = [t.text for t in toks]
    for i, t in enumerate(toks):
        if not t.number or t.measure:
            continue
        floor = t.text.endswith("+") or texts[i + 1:i + 2] == ["+"] or any(
            (phrase := w.comparators_before.at(texts, j)) is not None
            and j + len(phrase) == i and phrase not in _NOT_THRESHOLDS
            and phrase not in w.upper_bounds for j in range(max(0, i - 3), i))
        if not floor:
            continue
        after = [x for x in texts[i + 1:i + 6] if x != "+"]
        counted = after[:3]
        if any(fold(x) in w.activity_nouns or x in w.lang.task_nouns or x in r.times
               or x in w.audience for x in counted):
            return False  # outputs, times or people reached: "10+ webinars", "5+ clients"
        if any(x in w.periods or x in r.periods or x in r.adverbs or x in w.metric_nouns
               for x in after):
            return True
    return False


def relative_change(toks: list[Token]) -> bool:
    """A share more or less than now, a change relative to it: "40% more requests",
    "un 40% más de", "40% mais", "40% mehr"."""
    w = words()
    texts = [t.text for t in toks]
    if w.relative.isdisjoint(texts):
        return False
    return any(t.measure and i + 1 < len(texts) and (texts[i + 1] in w.relative or (
        texts[i + 1] in w.percent and i + 2 < len(texts) and texts[i + 2] in w.relative))
        for i, t in enumerate(toks))
