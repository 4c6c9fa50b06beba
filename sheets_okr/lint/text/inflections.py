"""Verbs read by their endings: the inflected forms of English verb phrases, and the
participles and conjugated forms of the Spanish, Portuguese, French and Italian verbs
that move a measure."""

from __future__ import annotations

from functools import cache

from .words import words


@cache
def romance_outcome_participle(word: str) -> bool:
    """A participle of a verb that moves a measure in a Romance language: "signés" ←
    "signer", "conseguidos" ← "conseguir", "assinados" ← "assinar"."""
    lang = words().lang
    return any(word.endswith(end) and len(word) > len(end) + 2
               and word[: -len(end)] + inf in lang.outcome_verbs
               for end, inf in lang.participle_infinitives)


@cache
def _outcome_stems() -> frozenset[str]:
    lang = words().lang
    return frozenset(v[:-2] for v in lang.outcome_verbs
                     if len(v) > 5 and v.endswith(("ar", "er", "ir")))


@cache
def conjugated_outcome(word: str) -> bool:
    """A conjugated form of a Romance verb that moves a measure: "generen" ← "generar",
    "augmentent" ← "augmenter", "aumentem" ← "aumentar"."""
    stems = _outcome_stems()
    return any(word[:n] in stems for n in range(4, min(len(word), 10)))


def _inflections(base: str) -> frozenset[str]:
    """Inflected forms of a base verb, for the first word of a verb phrase."""
    forms = {base, base + "s", base + "es", base + "ed", base + "d", base + "ing"}
    if base.endswith("e"):
        forms.add(base[:-1] + "ing")
    if base.endswith("y"):
        forms.update({base[:-1] + "ies", base[:-1] + "ied"})
    if len(base) > 2 and base[-1] not in "aeiouwxy" and base[-2] in "aeiou":
        forms.update({base + base[-1] + "ed", base + base[-1] + "ing"})
    return frozenset(forms)


@cache
def verb_phrases_by_form() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """The verb phrases (longest first) by each inflected form of their first word."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, kind in words().verb_phrases:
        for form in _inflections(phrase[0]):
            index.setdefault(form, []).append((phrase, kind))
    return index
