"""Words, numbers and symbols of a text, and the base forms of English verbs and nouns."""

from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from .words import ACTIVITY, ASPIRATION, MULTIPLIER, NONE, OUTCOME, words

_TOKEN = re.compile(
    r"\d+:\d+[a-z]*"
    r"|[$€£#]?\d+(?:[.,]\d+)*(?:[a-z]+|%|\+)?"
    r"|[^\W\d_][^\W_]*(?:['&-][^\W_]+)*"
    r"|>=|<=|[<>=+]"
)
_NUMBER = re.compile(r"([$€£#]?)(\d+(?:[.,]\d+)*)([a-z]*|%|\+)$")
_PERCENT = re.compile(r"(^|[\s(])%")
_SYMBOLS = (("≥", " >= "), ("≤", " <= "), ("→", " to "), ("->", " to "), ("–", "-"),
            ("—", " - "))


class Token(NamedTuple):
    """One word, number or symbol of a text. ``number`` is True for countable numbers."""

    text: str
    number: bool = False
    measure: bool = False

    @property
    def word(self) -> bool:
        return not self.number and self.text[:1].isalpha()


_NUMBER_OF = itemgetter(1)
_MEASURE_OF = itemgetter(2)


def numbered(toks: list[Token]) -> bool:
    """Whether any of ``toks`` is a number."""
    return any(map(_NUMBER_OF, toks))


def measured(toks: list[Token]) -> bool:
    """Whether any of ``toks`` is a number with a unit."""
    return any(map(_MEASURE_OF, toks))


def _normalise(text: str) -> str:
    text = text.lower().replace("’", "'")
    for old, new in _SYMBOLS:
        if old in text:
            text = text.replace(old, new)
    return _PERCENT.sub(r"\1percent ", text) if "%" in text else text


def tokens(text: str) -> list[Token]:
    """Words, numbers and comparison symbols of ``text``, lowercased.

    Years, days of a month, ordinals, ratios such as ``1:1`` and the denominator of a
    rate ("per 1,000 users") are words, not numbers; a number is a ``measure`` when it
    carries a currency, a percent or a unit.
    """
    raw = _TOKEN.findall(_normalise(text))
    out = list(map(_PLAIN.get, raw))  # a word seen before, whatever stands around it
    if None in out:
        for i, token in enumerate(out):
            if token is None:
                out[i] = _token(raw, i)
    return out


_PLAIN: dict[str, Token] = {}
"""The token of each plain word read so far: a word's token does not depend on the words
around it, unlike a number's, a fraction's or "one"'s."""
_PLAIN_KEPT = 50_000


def _token(raw: list[str], i: int) -> Token:
    """The token of ``raw[i]``."""
    w = words()
    item = raw[i]
    lead = item[0]
    match = _NUMBER.match(item) if lead.isdigit() or lead in "$€£#" else None
    if match is None:
        if item not in w.fractions and item != "one":
            token = Token(item, item in w.number_words, False)
            if len(_PLAIN) < _PLAIN_KEPT:
                _PLAIN[item] = token
            return token
        fraction = item in w.fractions and not (i > 0 and raw[i - 1] in w.fraction_periods)
        # "at least one", "more than one": a count bound to a threshold
        bound_one = item == "one" and i > 0 and raw[i - 1] in ("least", "than", "most")
        return Token(item, number=item in w.number_words or fraction or bound_one,
                     measure=fraction)
    prefix, digits, suffix = match.groups()
    near = {raw[j] for j in (i - 1, i + 1) if 0 <= j < len(raw)}
    year = not prefix and not suffix and digits.isdigit() and 1990 <= int(digits) <= 2100
    denominator = i > 0 and raw[i - 1] in w.per
    if year or denominator or suffix in w.ordinal_suffixes or (
            not prefix and near & w.months):
        return Token(item)
    if suffix and suffix not in ("%", "+") and suffix not in w.units and \
            suffix not in w.magnitudes:
        return Token(item)
    return Token(item, number=True, measure=_is_measure(raw, i, prefix, suffix))


def _is_measure(raw: list[str], i: int, prefix: str, suffix: str) -> bool:
    """Whether the number ``raw[i]`` carries a currency, a percent or a unit ("10k users"
    is a count, "$10k" a measure)."""
    w = words()
    if prefix in w.currencies or suffix == "%" or (suffix in w.units
                                                    and suffix not in w.magnitudes):
        return True
    after = raw[i + 1: i + 3]
    if after and after[0] in w.unit_modifiers:
        after = after[1:]
    before = raw[i - 1] if i > 0 else ""
    return bool(after and after[0] in w.units) or before in w.currencies


# ---------------------------------------------------------------------------- lemmas


@lru_cache(maxsize=65536)
def _lemmas(word: str) -> frozenset[str]:
    """Candidate base forms of an inflected verb or plural noun."""
    out = {word}
    if word.endswith("ies") or word.endswith("ied"):
        out.add(word[:-3] + "y")
    if word.endswith("es"):
        out.add(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        out.add(word[:-1])
    if word.endswith("ed"):
        out.update({word[:-2], word[:-1]})
        if len(word) > 4 and word[-3] == word[-4]:
            out.add(word[:-3])
    if word.endswith("ing"):
        out.update({word[:-3], word[:-3] + "e"})
        if len(word) > 5 and word[-4] == word[-5]:
            out.add(word[:-4])
    return frozenset(out)


@lru_cache(maxsize=65536)
def _verb_class(word: str) -> str:
    w = words()
    forms = _lemmas(word)
    if forms & w.multiplier_verbs:
        return MULTIPLIER
    if forms & w.outcome_verbs:
        return OUTCOME
    if forms & w.activity_verbs:
        return ACTIVITY
    if forms & w.aspiration_verbs:
        return ASPIRATION
    if word.startswith("re-") and len(word) > 5 and _verb_class(word[3:]) != NONE:
        return _verb_class(word[3:])
    if word.startswith("re") and len(word) > 4 and _verb_class(word[2:]) == ACTIVITY:
        return ACTIVITY
    if word in w.lang.outcome_verbs:
        return OUTCOME
    if word in w.lang.activity_verbs:
        return ACTIVITY
    return NONE


def _is_participle(word: str) -> bool:
    w = words()
    if word in w.irregular_participles:
        return True
    return len(word) > 4 and word.endswith("ed") and word not in w.not_participles


def is_done_word(word: str) -> bool:
    """A past participle in any of the languages: "documented", "geklärt", "lanzado"."""
    return _is_participle(word) or bool(words().lang.participle.match(word))


def _is_plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


