"""Tell activities, outcomes, metrics and aspirations apart in OKR and KPI texts.

The text rules (OKR101–OKR104) ask one question of a cell: what kind of statement is
it? The answer comes from a few linguistic cues — the leading verb, numbers and their
units, a from-X-to-Y change, comparators, the head noun of the phrase — read against
the word lists in ``data/words.toml``. Everything here is pure and uses the stdlib only.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

ACTIVITY = "activity"
OUTCOME = "outcome"
METRIC = "metric"
ASPIRATION = "aspiration"
LABELS = (ACTIVITY, OUTCOME, METRIC, ASPIRATION)

NONE = "none"
_MULTIPLIER = "multiplier"


# ---------------------------------------------------------------------------- word lists


Phrase = tuple[str, ...]


class Phrases:
    """Phrases as word tuples, looked up by their first word; the longest match wins."""

    def __init__(self, items: Iterable[str]) -> None:
        self._by_first: dict[str, list[Phrase]] = {}
        for phrase in sorted((tuple(s.split()) for s in items), key=len, reverse=True):
            if phrase:
                self._by_first.setdefault(phrase[0], []).append(phrase)

    def at(self, texts: list[str], at: int) -> Phrase | None:
        """The phrase that starts at ``texts[at]``, if any."""
        if at >= len(texts):
            return None
        for phrase in self._by_first.get(texts[at], ()):
            if tuple(texts[at:at + len(phrase)]) == phrase:
                return phrase
        return None


@dataclass(frozen=True)
class Words:
    """The word lists of ``words.toml``, split into single words and phrases."""

    activity_verbs: frozenset[str]
    outcome_verbs: frozenset[str]
    multiplier_verbs: frozenset[str]
    aspiration_verbs: frozenset[str]
    nounlike_verbs: frozenset[str]
    verb_phrases: tuple[tuple[Phrase, str], ...]
    fillers: Phrases
    irregular_participles: frozenset[str]
    not_participles: frozenset[str]
    metric_nouns: frozenset[str]
    metric_phrases: Phrases
    count_nouns: frozenset[str]
    activity_nouns: frozenset[str]
    effort_nouns: frozenset[str]
    milestones: Phrases
    aspiration_words: frozenset[str]
    number_words: frozenset[str]
    fractions: frozenset[str]
    fraction_periods: frozenset[str]
    magnitudes: frozenset[str]
    currencies: frozenset[str]
    units: frozenset[str]
    unit_modifiers: frozenset[str]
    ordinal_suffixes: frozenset[str]
    comparators_before: Phrases
    comparators_after: Phrases
    purpose: Phrases
    means: frozenset[str]
    determiners: frozenset[str]
    breakers: frozenset[str]
    per: frozenset[str]
    months: frozenset[str]
    stop_words: frozenset[str]
    abbreviations: dict[str, tuple[str, ...]]


@cache
def words() -> Words:
    """The packaged word lists (read once)."""
    source = resources.files("sheets_okr.lint.data").joinpath("words.toml")
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    verbs, nouns, numbers = data["verbs"], data["nouns"], data["numbers"]
    grammar, names = data["grammar"], data["names"]
    phrases = sorted(((tuple(item.split()), kind)
                      for kind in (ACTIVITY, OUTCOME, ASPIRATION)
                      for item in verbs[kind] if " " in item),
                     key=lambda pair: -len(pair[0]))

    def single(items: Iterable[str]) -> frozenset[str]:
        return frozenset(s for s in items if " " not in s)

    return Words(
        activity_verbs=single(verbs["activity"]),
        outcome_verbs=single(verbs["outcome"]),
        multiplier_verbs=frozenset(verbs["multiplier"]),
        aspiration_verbs=single(verbs["aspiration"]),
        nounlike_verbs=frozenset(verbs["nounlike"]),
        verb_phrases=tuple(phrases),
        fillers=Phrases(verbs["lead_fillers"]),
        irregular_participles=frozenset(verbs["irregular_participles"]),
        not_participles=frozenset(verbs["not_participles"]),
        metric_nouns=single(nouns["metric"]),
        metric_phrases=Phrases(list(nouns["metric_phrases"])
                                + [s for s in nouns["metric"] if " " in s]),
        count_nouns=frozenset(nouns["count"]),
        activity_nouns=frozenset(nouns["activity"]),
        effort_nouns=frozenset(nouns["effort"]),
        milestones=Phrases(nouns["milestones"]),
        aspiration_words=frozenset(data["aspiration"]["words"]),
        number_words=frozenset(numbers["words"]),
        fractions=frozenset(numbers["fractions"]),
        fraction_periods=frozenset(numbers["fraction_periods"]),
        magnitudes=frozenset(numbers["magnitudes"]),
        currencies=frozenset(numbers["currencies"]),
        units=frozenset(numbers["units"]),
        unit_modifiers=frozenset(numbers["unit_modifiers"]),
        ordinal_suffixes=frozenset(numbers["ordinal_suffixes"]),
        comparators_before=Phrases(data["comparators"]["before"]),
        comparators_after=Phrases(data["comparators"]["after"]),
        purpose=Phrases(data["clauses"]["purpose"]),
        means=frozenset(data["clauses"]["means"]),
        determiners=frozenset(grammar["determiners"]),
        breakers=frozenset(grammar["breakers"]),
        per=frozenset(grammar["per"]),
        months=frozenset(grammar["months"]),
        stop_words=frozenset(names["stop_words"]),
        abbreviations={k: tuple(v.split()) for k, v in names["abbreviations"].items()},
    )


# ---------------------------------------------------------------------------- tokens


_TOKEN = re.compile(
    r"\d+:\d+[a-z]*"
    r"|[$€£#]?\d+(?:[.,]\d+)*(?:[a-z]+|%|\+)?"
    r"|[a-z][a-z0-9]*(?:['&-][a-z0-9]+)*"
    r"|>=|<=|[<>=+]"
)
_NUMBER = re.compile(r"([$€£#]?)(\d+(?:[.,]\d+)*)([a-z]*|%|\+)$")


class Token(NamedTuple):
    """One word, number or symbol of a text. ``number`` is True for countable numbers."""

    text: str
    number: bool = False
    measure: bool = False

    @property
    def word(self) -> bool:
        return not self.number and self.text[:1].isalpha()


def _normalise(text: str) -> str:
    text = text.lower().replace("’", "'")
    for old, new in (("≥", " >= "), ("≤", " <= "), ("→", " to "), ("->", " to "),
                     ("–", "-"), ("—", " - ")):
        text = text.replace(old, new)
    return re.sub(r"(^|[\s(])%", r"\1percent ", text)


def tokens(text: str) -> list[Token]:
    """Words, numbers and comparison symbols of ``text``, lowercased.

    Years, days of a month, ordinals, ratios such as ``1:1`` and the denominator of a
    rate ("per 1,000 users") are words, not numbers; a number is a ``measure`` when it
    carries a currency, a percent or a unit.
    """
    w = words()
    raw = _TOKEN.findall(_normalise(text))
    out: list[Token] = []
    for i, item in enumerate(raw):
        match = _NUMBER.match(item)
        if match is None:
            fraction = item in w.fractions and not (i > 0 and raw[i - 1] in w.fraction_periods)
            out.append(Token(item, number=item in w.number_words or fraction,
                             measure=fraction))
            continue
        prefix, digits, suffix = match.groups()
        near = {raw[j] for j in (i - 1, i + 1) if 0 <= j < len(raw)}
        year = not prefix and not suffix and digits.isdigit() and 1990 <= int(digits) <= 2100
        denominator = i > 0 and raw[i - 1] in w.per
        if year or denominator or suffix in w.ordinal_suffixes or (
                not prefix and near & w.months):
            out.append(Token(item))
            continue
        if suffix and suffix not in ("%", "+") and suffix not in w.units and \
                suffix not in w.magnitudes:
            out.append(Token(item))
            continue
        out.append(Token(item, number=True, measure=_is_measure(raw, i, prefix, suffix)))
    return out


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


def _lemmas(word: str) -> set[str]:
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
    return out


def _verb_class(word: str) -> str:
    w = words()
    forms = _lemmas(word)
    if forms & w.multiplier_verbs:
        return _MULTIPLIER
    if forms & w.outcome_verbs:
        return OUTCOME
    if forms & w.activity_verbs:
        return ACTIVITY
    if forms & w.aspiration_verbs:
        return ASPIRATION
    if word.startswith("re") and len(word) > 4 and _verb_class(word[2:]) == ACTIVITY:
        return ACTIVITY
    return NONE


def _is_participle(word: str) -> bool:
    w = words()
    if word in w.irregular_participles:
        return True
    return len(word) > 4 and word.endswith("ed") and word not in w.not_participles


def _is_plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


# ---------------------------------------------------------------------------- features


@dataclass(frozen=True)
class Features:
    """The cues a text was classified by, so that a message can explain itself.

    ``lead_verb`` is the class of the verb the text starts with (after fillers such as
    "Ensure" or "Successfully"): "activity", "outcome", "aspiration" or "none".
    """

    lead_verb: str = NONE
    verb: str = ""
    has_change: bool = False
    has_number: bool = False
    has_measure: bool = False
    has_comparator: bool = False
    metric_noun: bool = False
    noun_phrase: bool = False
    head: str = ""
    metric_head: bool = False
    metric_in_phrase: bool = False
    milestone: bool = False
    counted: bool = False
    rate: bool = False
    result_clause: bool = False
    metric_compared: bool = False
    means_clause: bool = False
    aspirational: bool = False

    def describe(self) -> str:
        """The cues in a few words, e.g. ``leading activity verb "host"; a bare number``."""
        parts: list[str] = []
        if self.lead_verb != NONE:
            parts.append(f'leading {self.lead_verb} verb "{self.verb}"')
        elif self.noun_phrase:
            parts.append(f'noun phrase about "{self.head}"' if self.head else "noun phrase")
        if self.has_change:
            parts.append("a from-to change")
        if self.has_measure:
            parts.append("a number with a unit")
        elif self.has_number:
            parts.append("a bare number")
        if self.has_comparator:
            parts.append("a comparison")
        if self.metric_noun:
            parts.append("a metric noun")
        if self.result_clause:
            parts.append("a result clause")
        if self.aspirational:
            parts.append("qualitative wording")
        return "; ".join(parts) or "no cue"


def _skip_fillers(texts: list[str]) -> int:
    w = words()
    i = 0
    while i < len(texts):
        phrase = w.fillers.at(texts, i)
        if phrase is not None and i + len(phrase) < len(texts):
            i += len(phrase)
        elif (texts[i].endswith("ly") and len(texts[i]) > 4 and i + 1 < len(texts)
              and _verb_class(texts[i + 1]) != NONE):
            i += 1
        else:
            return i
    return i


@cache
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


def _verb_at(texts: list[str], at: int) -> tuple[str, str, int]:
    """(class, verb, index after it) of a verb starting at ``at``; class "none" if none."""
    w = words()
    if at >= len(texts):
        return NONE, "", at
    for phrase, kind in w.verb_phrases:
        if (texts[at] in _inflections(phrase[0])
                and tuple(texts[at + 1: at + len(phrase)]) == phrase[1:]):
            return kind, " ".join(phrase), at + len(phrase)
    kind = _verb_class(texts[at])
    return (NONE, "", at) if kind == NONE else (kind, texts[at], at + 1)


def _clause_verb(toks: list[Token], start: int) -> tuple[str, str, int]:
    """The verb of a clause after a filler: "Ensure all managers *complete* training".

    A clause whose subject is a measured share ("Ensure 90% of hires complete …")
    states a result and is read as a noun phrase instead.
    """
    texts = [t.text for t in toks]
    for i in range(start, len(toks)):
        if toks[i].measure:
            break
        if toks[i].word:
            kind, verb, end = _verb_at(texts, i)
            if kind in (ACTIVITY, OUTCOME, _MULTIPLIER):
                return kind, verb, end
    return NONE, "", start


def _chunk(toks: list[Token], at: int) -> tuple[int, int]:
    """Bounds of the noun phrase at ``at``: leading determiners, numbers and "of"
    skipped; it ends at a preposition, a number, a symbol or a participle."""
    w = words()
    i = at
    while i < len(toks) and (toks[i].text in w.determiners or toks[i].number
                             or (i > at and toks[i].text == "of")):
        i += 1
    j = i
    while j < len(toks):
        t = toks[j]
        if t.number or not t.word or (j > i and (t.text in w.breakers
                                                 or _is_participle(t.text))):
            break
        if j > i and t.text.endswith("ing") and _known_noun(toks[j - 1].text):
            break
        j += 1
    return i, j


def _known_noun(word: str) -> bool:
    w = words()
    return any(word in group for group in (w.activity_nouns, w.metric_nouns, w.count_nouns,
                                           w.effort_nouns))


def _head(toks: list[Token], at: int) -> tuple[str, int, int]:
    """(head noun, phrase start, phrase end) of the noun phrase at ``at``.

    "number of X" is headed by X's head.
    """
    start, end = _chunk(toks, at)
    if end == start:
        return "", start, end
    head = toks[end - 1].text
    if head in ("number", "count", "amount") and end < len(toks) and toks[end].text == "of":
        inner, _, inner_end = _head(toks, end + 1)
        if inner:
            return inner, start, inner_end
    return head, start, end


def _change(toks: list[Token]) -> bool:
    """A from-X-to-Y change, or "X to Y", between two numbers."""
    texts = [t.text for t in toks]
    for i, t in enumerate(toks):
        if t.text == "from" and any(x.number for x in toks[i + 1: i + 4]) \
                and "to" in texts[i + 1:]:
            k = texts.index("to", i + 1)
            if any(x.number for x in toks[k + 1: k + 4]):
                return True
        if t.number and i + 2 < len(toks) and texts[i + 1] == "to" and toks[i + 2].number:
            return True
    return False


def _comparisons(toks: list[Token]) -> list[int]:
    """Indexes of comparators bound to a number ("below 2%", "5 days or less")."""
    w = words()
    texts = [t.text for t in toks]
    found: list[int] = []
    for i in range(len(toks)):
        phrase = w.comparators_before.at(texts, i)
        if phrase is not None:
            nxt = i + len(phrase)
            if nxt < len(toks) and (toks[nxt].number or (
                    texts[nxt] == "+" and nxt + 1 < len(toks) and toks[nxt + 1].number)):
                found.append(i)
                continue
        phrase = w.comparators_after.at(texts, i)
        if phrase is not None and i > 0 and any(t.number for t in toks[max(0, i - 3): i]):
            found.append(i)
    return found


def _metric_positions(texts: list[str]) -> set[int]:
    w = words()
    found = {i for i, t in enumerate(texts) if t in w.metric_nouns
             or (t in w.abbreviations and w.abbreviations[t][-1] in w.metric_nouns)}
    for i in range(len(texts)):
        phrase = w.metric_phrases.at(texts, i)
        if phrase is not None:
            found.add(i + len(phrase) - 1)
    return found


def _reads_as_compound(toks: list[Token], start: int, after: int) -> bool:
    """Whether a leading verb is the first word of a measure's name ("win rate",
    "test coverage", "training hours per employee")."""
    w = words()
    texts = [t.text for t in toks]
    if after != start + 1 or after >= len(toks) or not _lemmas(texts[start]) & w.nounlike_verbs:
        return False
    nxt = toks[after]
    if nxt.number or not nxt.word or nxt.text in w.determiners or nxt.text in w.breakers:
        return False
    _, end = _chunk(toks, after)
    if end == after:
        return False
    head = texts[end - 1]
    return (head in w.metric_nouns or head in w.effort_nouns
            or (end < len(texts) and texts[end] in w.per))


def _result_clause(toks: list[Token], after: int) -> bool:
    """A later clause naming the result an activity should bring: "… that lift
    activation to 30%", "… so that 50% of accounts activate"."""
    w = words()
    texts = [t.text for t in toks]
    for i in range(after, len(toks)):
        rest = toks[i + 1:]
        if not any(t.number for t in rest):
            return False
        if w.purpose.at(texts, i) and any(t.measure for t in rest):
            return True
        if toks[i].word and _verb_class(texts[i]) in (OUTCOME, _MULTIPLIER):
            return True
    return False


def features(text: str) -> Features:
    """The cues of ``text`` (see :class:`Features`)."""
    return _analyse(text)[0]


def classify(text: str) -> str:
    """One of "activity", "outcome", "metric" or "aspiration"."""
    return _analyse(text)[1]


@lru_cache(maxsize=4096)
def _analyse(text: str) -> tuple[Features, str]:
    w = words()
    toks = tokens(text)
    texts = [t.text for t in toks]
    start = _skip_fillers(texts)
    kind, verb, after = _verb_at(texts, start)
    if kind != NONE and _reads_as_compound(toks, start, after):
        kind, verb, after = NONE, "", start
    if kind == NONE and start > 0:
        kind, verb, after = _clause_verb(toks, start)

    metric_at = _metric_positions(texts)
    compared = _comparisons(toks)
    head, phrase_start, head_end = _head(toks, after)
    follower = texts[head_end] if head_end < len(texts) else ""
    feats = Features(
        lead_verb=OUTCOME if kind == _MULTIPLIER else kind,
        verb=verb,
        has_change=_change(toks),
        has_number=any(t.number for t in toks) or kind == _MULTIPLIER,
        has_measure=any(t.measure for t in toks),
        has_comparator=bool(compared),
        metric_noun=bool(metric_at),
        noun_phrase=kind == NONE,
        head=head,
        metric_head=head_end - 1 in metric_at,
        metric_in_phrase=any(phrase_start <= m < head_end for m in metric_at),
        milestone=any(w.milestones.at(texts, i) for i in range(after, len(texts))),
        counted=bool(follower) and _is_participle(follower),
        rate=follower in w.per and head_end + 1 < len(toks) and toks[head_end + 1].word,
        result_clause=kind in (ACTIVITY, ASPIRATION) and _result_clause(toks, after),
        metric_compared=any(m < c for c in compared for m in metric_at),
        means_clause=any(texts[i] in w.means and texts[i + 1].endswith("ing")
                         for i in range(after, len(texts) - 1)),
        aspirational=any(t in w.aspiration_words for t in texts),
    )
    return feats, _decide(feats)


def _decide(f: Features) -> str:
    w = words()
    if f.lead_verb == OUTCOME:
        if f.head in w.effort_nouns or (f.head in w.activity_nouns and not f.counted):
            return ACTIVITY
        if f.has_number or f.has_change:
            return OUTCOME
        return ACTIVITY if f.means_clause or f.milestone else ASPIRATION
    if f.lead_verb == ACTIVITY:
        if f.has_change or f.result_clause or f.metric_compared:
            return OUTCOME
        if f.aspirational and not f.has_number:
            return ASPIRATION
        return ACTIVITY
    if f.lead_verb == ASPIRATION:
        if f.head in w.activity_nouns and not f.aspirational:
            return ACTIVITY
        return OUTCOME if f.has_number else ASPIRATION
    return _decide_noun_phrase(f)


def _decide_noun_phrase(f: Features) -> str:
    w = words()
    if f.has_change or f.has_measure or f.has_comparator or (f.metric_noun and f.has_number):
        return OUTCOME
    measured = OUTCOME if f.has_number else METRIC
    if (f.counted and _is_plural(f.head)) or f.rate or f.metric_head:
        return measured
    if f.milestone or f.head in w.activity_nouns or f.counted:
        return ACTIVITY
    if f.metric_in_phrase or f.head in w.effort_nouns or f.head in w.count_nouns:
        return measured
    if f.has_number:
        return OUTCOME
    return ASPIRATION


# ---------------------------------------------------------------------------- predicates


def is_activity_kr(text: str) -> bool:
    """OKR101: a key result that reads as an initiative (an activity, no outcome)."""
    return classify(text) == ACTIVITY


def is_metric_name(text: str) -> bool:
    """OKR102: an initiative that names a metric instead of an action."""
    return classify(text) == METRIC


def is_action_kpi(text: str) -> bool:
    """OKR103: a KPI that reads as an action instead of a measure."""
    return classify(text) == ACTIVITY


def is_metric_objective(text: str) -> bool:
    """OKR104: an objective that reads as a metric or carries a number target."""
    return classify(text) in (METRIC, OUTCOME)


# ---------------------------------------------------------------------------- names


def _stem(word: str) -> str:
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + repl
    return word


def name_tokens(name: str) -> list[str]:
    """Normalised words of a name: lowercase, punctuation and stop words dropped,
    abbreviations expanded, lightly stemmed; units ("%", "(days)") dropped unless the
    name is nothing else."""
    w = words()
    spelled: list[str] = []
    for raw in re.findall(r"[a-z0-9]+", _normalise(name).replace("%", " percent ")):
        spelled.extend(word for word in w.abbreviations.get(raw, (raw,))
                       if word not in w.stop_words)
    kept = [word for word in spelled if word not in w.units] or spelled
    return [_stem(word) for word in kept]


def _join_compounds(ta: list[str], tb: list[str]) -> list[str]:
    """``ta`` with two adjacent words merged where ``tb`` writes them as one ("up time")."""
    out: list[str] = []
    i = 0
    while i < len(ta):
        if i + 1 < len(ta) and ta[i] + ta[i + 1] in tb:
            out.append(ta[i] + ta[i + 1])
            i += 2
        else:
            out.append(ta[i])
            i += 1
    return out


def _word_match(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def similar_name(a: str, b: str) -> float:
    """Similarity of two names in 0..1, ignoring order, case, punctuation, units and
    stop words.

    Blends the share of words the two names have in common (a word matches a close
    spelling of itself) with difflib's ratio of the sorted words.
    """
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return 0.0
    ta, tb = _join_compounds(ta, tb), _join_compounds(tb, ta)
    unmatched = list(tb)
    common = 0
    for word in ta:
        best = max(unmatched, key=lambda other: _word_match(word, other), default=None)
        if best is not None and _word_match(word, best) >= 0.85:
            unmatched.remove(best)
            common += 1
    overlap = 2 * common / (len(ta) + len(tb))
    ratio = SequenceMatcher(None, " ".join(sorted(ta)), " ".join(sorted(tb))).ratio()
    return round(min(1.0, 0.6 * overlap + 0.4 * ratio), 3)


# ---------------------------------------------------------------------------- evaluation


def _objective_target(label: str) -> bool:
    return label in (METRIC, OUTCOME)


@dataclass(frozen=True)
class RuleSpec:
    """How a text rule is measured on a labelled corpus."""

    code: str
    role: str
    predict: Callable[[str], bool]
    positive: Callable[[str], bool]


RULE_SPECS: tuple[RuleSpec, ...] = (
    RuleSpec("OKR101", "key_result", is_activity_kr, lambda label: label == ACTIVITY),
    RuleSpec("OKR102", "initiative", is_metric_name, lambda label: label == METRIC),
    RuleSpec("OKR103", "kpi", is_action_kpi, lambda label: label == ACTIVITY),
    RuleSpec("OKR104", "objective", is_metric_objective, _objective_target),
)


@dataclass
class RuleScore:
    """Confusion counts of one rule over the rows of its role."""

    code: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Evaluation:
    """Per-rule scores and the overall accuracy of :func:`classify`."""

    rules: dict[str, RuleScore]
    correct: int
    total: int
    misclassified: list[tuple[str, str, str, str]]

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0


def evaluate(rows: Iterable[Mapping[str, str]]) -> Evaluation:
    """Score the text rules and :func:`classify` on rows with text, role and label.

    An objective row is a positive for OKR104 when labelled metric or outcome (an
    outcome is a measurable result, so it carries a number target).
    """
    scores = {spec.code: RuleScore(spec.code) for spec in RULE_SPECS}
    correct = total = 0
    wrong: list[tuple[str, str, str, str]] = []
    for row in rows:
        text, role, label = row["text"], row["role"], row["label"]
        predicted = classify(text)
        total += 1
        if predicted == label:
            correct += 1
        else:
            wrong.append((text, role, label, predicted))
        for spec in RULE_SPECS:
            if spec.role != role:
                continue
            score = scores[spec.code]
            hit, truth = spec.predict(text), spec.positive(label)
            if hit and truth:
                score.tp += 1
            elif hit:
                score.fp += 1
                score.wrong.append(f"FP {text!r} ({label})")
            elif truth:
                score.fn += 1
                score.wrong.append(f"FN {text!r} ({label})")
            else:
                score.tn += 1
    return Evaluation(scores, correct, total, wrong)
