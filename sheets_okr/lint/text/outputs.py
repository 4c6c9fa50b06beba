"""A count of outputs at the head of a text: "12 webinars hosted", "24 articles de blog
publiés", "6 talleres realizados", "30 entrevistas com clientes". By the labelling
convention a count of outputs (meetings, posts, talks, trainings, hires) is work done —
an activity — whatever verb form carries it, unless the text also names a measure moved
by it. The words are in the [outputs] table of ``data/words.toml``.
"""

from __future__ import annotations

from functools import cache

from .cues import _comparisons
from .statements import counted_people
from .tokens import Token, _is_plural, _verb_class
from .words import ACTIVITY, PREPOSITIONS, fold, table, words

# How far after the number the counted noun may stand: "3 partner demand-gen activities".
_NOUN_WITHIN = 3
# Words that end the counted noun phrase: what follows them is about something else
# ("5 talks *at* meetups", "12 posts *by* partners").
_LINKS = PREPOSITIONS | frozenset({"at", "by", "to", "from", "an", "em", "no", "par", "por"})
# Endings of a masculine singular participle and the endings of its other forms (French é;
# Spanish, Portuguese and Italian -o; French -u, -t): "écrit" → "écrite", "écrits", "écrites".
_FORMS = (("é", ("ée", "és", "ées")), ("o", ("a", "os", "as", "i", "e")),
          ("u", ("ue", "us", "ues")), ("t", ("te", "ts", "tes")))


@cache
def _lists() -> tuple[frozenset[str], tuple[tuple[str, ...], ...], frozenset[str]]:
    """(single-word output nouns, output nouns of several words, participles of making)."""
    found = table("outputs")
    nouns = [*found["nouns"], *words().activity_nouns, *words().lang.task_nouns]
    single = {n for n in nouns if " " not in n}
    phrases = tuple(tuple(n.split()) for n in nouns if " " in n)
    made: set[str] = set()
    for item in found["participles"]:
        made.add(item)
        for ending, others in _FORMS:
            if item.endswith(ending) and not item.endswith("ed"):
                made.update(item[:-len(ending)] + o for o in others)
    return (frozenset(single | {fold(n) for n in single}), phrases,
            frozenset(made | {fold(m) for m in made}))


def _done_by_doing(word: str, noun: str) -> bool:
    """A plural noun named by the task done in it: "speaking engagements", "coaching
    calls", "planning sessions" — events of work, whatever the noun."""
    return word.endswith("ing") and _is_plural(noun) and _verb_class(word) == ACTIVITY


def counted_outputs(toks: list[Token], start: int) -> str:
    """The output noun (or the participle of making) of a text that opens at ``start``
    with a count of outputs, or "".

    >>> from sheets_okr.lint.text.tokens import tokens
    >>> counted_outputs(tokens("6 webinaires animés"), 0)
    'webinaires'
    >>> counted_outputs(tokens("4 white papers published"), 0)
    'published'
    >>> counted_outputs(tokens("at least 3 talks given"), 0)
    'talks'
    >>> counted_outputs(tokens("40 new customers signed"), 0)
    ''
    >>> counted_outputs(tokens("4 speaking engagements"), 0)
    'speaking engagements'
    """
    w = words()
    texts = [t.text for t in toks]
    bound = w.comparators_before.at(texts, start)  # "at least 6 webinars hosted"
    if bound is not None and bound not in w.upper_bounds:
        start += len(bound)
    if start >= len(toks) or not toks[start].number or toks[start].measure or any(
            i > start for i in _comparisons(toks)):
        return ""  # no count first, or a bar on something else: "… in under 2 weeks"
    single, phrases, made = _lists()
    others = counted_people()
    end = start + 1
    while end < len(toks) and end - start <= _NOUN_WITHIN and toks[end].word \
            and texts[end] not in _LINKS:
        end += 1
    phrase = texts[start + 1:end]
    if phrase and phrase[-1] in w.people:
        return ""  # people counted: "10 definition contributors"
    for i, word in enumerate(phrase):
        if word in others:
            return ""  # people or things counted: "5 customers in workshops"
        if word in single or fold(word) in single:
            return word
        if i + 1 < len(phrase) and _done_by_doing(word, phrase[i + 1]):
            return f"{word} {phrase[i + 1]}"
        found = next((p for p in phrases if tuple(phrase[i:i + len(p)]) == p), None)
        if found:
            return " ".join(found)
    # the things counted, then a participle of making them: "3 livres blancs publiés"
    for i in range(start + 1, min(len(toks), start + 6)):
        if not toks[i].word:
            break
        if texts[i] in made and i > start + 1 and others.isdisjoint(texts[start + 1:i]):
            return texts[i]
    return ""
