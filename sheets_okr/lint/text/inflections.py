"""Verbs of Spanish, Portuguese, French and Italian read by their endings: the
participles and conjugated forms of the verbs that move a measure."""

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
