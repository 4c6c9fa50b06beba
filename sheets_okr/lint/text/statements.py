"""Sentences that state something as there or not: a capability ("Users can export …"),
a product doing something in the present ("The gateway supports IPv6"), and the verbs of
a sentence that make the word before them its subject ("Benchmark shows …")."""

from __future__ import annotations

from functools import cache

from .tokens import _verb_class
from .words import ACTIVITY, words

_ABLE = (("can",), ("are", "able", "to"), ("is", "able", "to"))
_ABLE_FIRST = frozenset(able[0] for able in _ABLE)


def says(word: str) -> bool:
    """A verb of a sentence in the third person ("shows", "covers", "includes"): the word
    before it is its subject ("Benchmark shows …"), not a verb of a task."""
    if not word.endswith("s") or word.endswith("ss"):
        return False
    verbs = words().sentence_verbs
    return word[:-1] in verbs or (word.endswith("es") and word[:-2] in verbs)


def thing_does(texts: list[str], start: int) -> bool:
    """A product or a part of it doing something, in the present: "The gateway *supports*
    IPv6", "Connection manager *runs* on ARM" — there or not, like a milestone; not people
    outside the team doing it ("Customers use …": a result) nor a measure moving."""
    w = words()
    if start < len(texts) and texts[start] in w.quantifiers:
        return False  # "Each manager holds …": a share of people, a result
    for i in range(start + 1, min(start + 5, len(texts) - 1)):
        word, subject = texts[i], texts[i - 1]
        if subject in w.determiners or texts[i + 1] in w.noun_followers:
            continue
        if not (says(word) or _present(word)):
            continue
        people = counted_people()
        return not (subject in people or subject + "s" in people
                    or subject in w.metric_nouns)
    return False


def _present(word: str) -> bool:
    """A task verb in the third person: "supports", "runs", "manages"."""
    if not word.endswith("s") or word.endswith(("ss", "us", "is")) or len(word) < 4:
        return False
    return _verb_class(word[:-1]) == ACTIVITY or (
        word.endswith("es") and _verb_class(word[:-2]) == ACTIVITY)


def capability(texts: list[str]) -> bool:
    """A capability stated as there: "Users *can* export …", "The app *is able to* …" —
    done or not done, like a milestone."""
    if _ABLE_FIRST.isdisjoint(texts):
        return False
    for i in range(1, min(len(texts) - 1, 6)):
        for able in _ABLE:
            if tuple(texts[i:i + len(able)]) == able:
                return True
    return False


@cache
def counted_people() -> frozenset[str]:
    """Words of people, customers and things counted, a result when they do something."""
    w = words()
    return w.audience | w.people | w.count_nouns
