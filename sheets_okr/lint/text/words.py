"""The word lists of ``data/words.toml`` and ``data/lang/*.toml``, read once."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

ACTIVITY = "activity"
OUTCOME = "outcome"
METRIC = "metric"
ASPIRATION = "aspiration"
MILESTONE = "milestone"
LABELS = (ACTIVITY, OUTCOME, METRIC, ASPIRATION, MILESTONE)

NONE = "none"
MULTIPLIER = "multiplier"


Phrase = tuple[str, ...]


class Phrases:
    """Phrases as word tuples, looked up by their first word; the longest match wins."""

    def __init__(self, items: Iterable[str]) -> None:
        self._by_first: dict[str, list[Phrase]] = {}
        for phrase in sorted((tuple(s.split()) for s in items), key=len, reverse=True):
            if phrase:
                self._by_first.setdefault(phrase[0], []).append(phrase)
        self._firsts = frozenset(self._by_first)

    def at(self, texts: list[str], at: int) -> Phrase | None:
        """The phrase that starts at ``texts[at]``, if any."""
        if at >= len(texts):
            return None
        for phrase in self._by_first.get(texts[at], ()):
            if tuple(texts[at:at + len(phrase)]) == phrase:
                return phrase
        return None

    def starts(self, texts: list[str]) -> list[int]:
        """The positions of ``texts`` where a phrase may start (its first word is there)."""
        first = self._firsts
        if first.isdisjoint(texts):
            return []
        return [i for i, t in enumerate(texts) if t in first]


@dataclass(frozen=True)
class Words:
    """The word lists of ``words.toml``, split into single words and phrases."""

    activity_verbs: frozenset[str]
    outcome_verbs: frozenset[str]
    multiplier_verbs: frozenset[str]
    aspiration_verbs: frozenset[str]
    nounlike_verbs: frozenset[str]
    improving_verbs: frozenset[str]
    meeting_verbs: frozenset[str]
    passing_verbs: frozenset[str]
    concluding_verbs: frozenset[str]
    spending_verbs: frozenset[str]
    verb_phrases: tuple[tuple[Phrase, str], ...]
    fillers: Phrases
    irregular_participles: frozenset[str]
    not_participles: frozenset[str]
    metric_nouns: frozenset[str]
    metric_phrases: Phrases
    count_nouns: frozenset[str]
    activity_nouns: frozenset[str]
    effort_nouns: frozenset[str]
    result_nouns: frozenset[str]
    targets: frozenset[str]
    milestones: Phrases
    copula_states: Phrases
    revised_states: frozenset[str]
    aspiration_words: frozenset[str]
    number_words: frozenset[str]
    zero_words: frozenset[str]
    fractions: frozenset[str]
    fraction_periods: frozenset[str]
    magnitudes: frozenset[str]
    currencies: frozenset[str]
    units: frozenset[str]
    effort_units: frozenset[str]
    percent: frozenset[str]
    unit_modifiers: frozenset[str]
    ordinal_suffixes: frozenset[str]
    comparators_before: Phrases
    change_from: frozenset[str]
    change_to: frozenset[str]
    comparators_after: Phrases
    relative: frozenset[str]
    upper_bounds: frozenset[tuple[str, ...]]
    purpose: Phrases
    means: frozenset[str]
    determiners: frozenset[str]
    breakers: frozenset[str]
    per: frozenset[str]
    periods: frozenset[str]
    audience: frozenset[str]
    negations: Phrases
    months: frozenset[str]
    stop_words: frozenset[str]
    abbreviations: dict[str, tuple[str, ...]]
    copulas: frozenset[str]
    perfect_auxiliaries: frozenset[str]
    people: frozenset[str]
    sentence_verbs: frozenset[str]
    perception_verbs: frozenset[str]
    modals: frozenset[str]
    noun_followers: frozenset[str]
    clause_openers: frozenset[str]
    comparatives: frozenset[str]
    quantifiers: frozenset[str]
    foreign_words: frozenset[str]
    foreign_endings: tuple[str, ...]
    english_en_words: frozenset[str]
    state_nouns: frozenset[str]
    prepositions: frozenset[str]
    not_adverbs: frozenset[str]
    qualities: frozenset[str]
    lang: Lexicon


@dataclass(frozen=True)
class Lexicon:
    """The other languages' word lists (``data/lang/*.toml``), merged."""

    activity_verbs: frozenset[str]
    outcome_verbs: frozenset[str]
    task_nouns: frozenset[str]
    outcome_nouns: frozenset[str]
    state_verbs: frozenset[str]
    auxiliaries: frozenset[str]
    future_auxiliaries: frozenset[str]
    state_words: Phrases
    participle: re.Pattern[str]
    infinitive: re.Pattern[str]
    not_infinitives: frozenset[str]
    final_infinitive: re.Pattern[str]
    infinitive_markers: frozenset[str]
    ability_modals: frozenset[str]
    fillers: Phrases
    metric_nouns: frozenset[str]
    task_suffixes: tuple[str, ...]
    task_stems: tuple[str, ...]
    outcome_stems: tuple[str, ...]
    verb_phrases: Phrases
    metric_phrases: Phrases
    cjk_activity: tuple[str, ...]
    cjk_outcome: tuple[str, ...]
    cjk_metric: tuple[str, ...]
    cjk_count: tuple[str, ...]
    cjk_done: tuple[str, ...]
    cjk_result_units: tuple[str, ...]
    cjk_output_units: tuple[str, ...]
    cjk_reach: tuple[str, ...]
    cjk_hiring: tuple[str, ...]
    nominals: tuple[tuple[tuple[str, ...], frozenset[str]], ...]
    nominal_not_tasks: tuple[str, ...]
    derivations: tuple[tuple[str, str], ...]
    participle_infinitives: tuple[tuple[str, str], ...]
    result_relatives: Phrases
    means: Phrases
    done_endings: tuple[str, ...]
    new_words: frozenset[str]


LANGUAGES = ("de", "es", "fr", "it", "id", "ja", "nl", "pl", "pt", "ru", "sv", "tr", "vi", "zh")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def is_cjk(text: str) -> bool:
    """Whether ``text`` holds Chinese or Japanese characters (written without spaces)."""
    return bool(_CJK.search(text))


def fold(word: str) -> str:
    """``word`` without its accents, as people type it on a keyboard without them:
    "lancar" for "lançar", "creer" for "créer"."""
    return "".join(c for c in unicodedata.normalize("NFKD", word)
                   if not unicodedata.combining(c))


def _with_folded(items: Iterable[str]) -> list[str]:
    items = list(items)
    return items + [f for f in map(fold, items) if f not in items]


def plurals(items: Iterable[str], endings: Iterable[list[str]]) -> list[str]:
    """The plural of each one-word item, by the first of ``endings`` (singular ending,
    plural ending) it ends with: "operacional" → "operacionais" with ("al", "ais").

    >>> plurals(["operacional", "ativo", "em uso"], [["al", "ais"], ["o", "os"]])
    ['operacionais', 'ativos']
    """
    items, endings = list(items), list(endings)
    out: list[str] = []
    for item in items:
        for singular, plural in endings:
            if " " not in item and item.endswith(singular):
                made = item[: len(item) - len(singular)] + plural
                if made not in items:
                    out.append(made)
                break
    return out


def _lexicon() -> Lexicon:
    merged: dict[str, list[str]] = {}
    nominals: list[tuple[tuple[str, ...], frozenset[str]]] = []
    for code in LANGUAGES:
        data = lang_file(code)
        for key, items in data.items():
            if isinstance(items, list):  # a table is read by the module it serves
                merged.setdefault(key, []).extend(items)
        merged.setdefault("state_words", []).extend(
            plurals(data.get("state_words", ()), data.get("state_plurals", ())))
        if data.get("nominal_suffixes"):
            nominals.append((tuple(data["nominal_suffixes"]),
                             frozenset(data.get("nominal_linkers", ()))))

    def get(key: str) -> list[str]:
        return merged.get(key, [])

    def single(items: Iterable[str]) -> frozenset[str]:
        return frozenset(s for s in items if " " not in s)

    patterns = get("participle_patterns") or ["(?!)"]
    return Lexicon(
        activity_verbs=single(_with_folded(get("activity_verbs"))),
        outcome_verbs=single(_with_folded(get("outcome_verbs"))),
        task_nouns=frozenset(_with_folded(get("task_nouns"))),
        outcome_nouns=frozenset(_with_folded(get("outcome_nouns"))),
        state_verbs=frozenset(get("state_verbs")),
        auxiliaries=frozenset(get("auxiliaries")),
        future_auxiliaries=frozenset(get("future_auxiliaries")),
        state_words=Phrases(_with_folded(get("state_words"))),
        participle=re.compile("|".join(f"(?:{p})" for p in patterns)),
        infinitive=re.compile("|".join(f"(?:{p})" for p in get("infinitive_patterns"))
                              or "(?!)"),
        not_infinitives=frozenset(get("not_infinitives")),
        infinitive_markers=frozenset(get("infinitive_markers")),
        ability_modals=frozenset(get("ability_modals")),
        final_infinitive=re.compile("|".join(f"(?:{p})" for p in get("final_infinitive_patterns"))
                                    or "(?!)"),
        fillers=Phrases(get("fillers")),
        metric_nouns=frozenset(get("metric_nouns")),
        task_suffixes=tuple(get("task_suffixes")),
        task_stems=tuple(get("task_stems")),
        outcome_stems=tuple(get("outcome_stems")),
        verb_phrases=Phrases(s for s in get("activity_verbs") if " " in s),
        metric_phrases=Phrases(get("metric_nouns")),
        cjk_activity=tuple(s for s in get("activity_verbs") if is_cjk(s)),
        cjk_outcome=tuple(s for s in get("outcome_verbs") if is_cjk(s)),
        cjk_metric=tuple(s for s in get("metric_nouns") if is_cjk(s)),
        cjk_count=tuple(get("count_nouns")),
        cjk_done=tuple(sorted(get("done_verbs"), key=len, reverse=True)),
        cjk_result_units=tuple(get("result_units")),
        cjk_output_units=tuple(get("output_units")),
        cjk_reach=tuple(sorted(get("reach_words"), key=len, reverse=True)),
        cjk_hiring=tuple(get("hiring_verbs")),
        nominals=tuple(nominals),
        nominal_not_tasks=tuple(get("nominal_not_tasks")),
        new_words=frozenset(get("new_words")),
        derivations=tuple(sorted(((a, b) for a, b in get("derivations")),
                                 key=lambda pair: -len(pair[0]))),
        participle_infinitives=tuple((a, b) for a, b in get("participle_infinitives")),
        result_relatives=Phrases(get("result_relatives")),
        means=Phrases(get("means")),
        done_endings=tuple(get("done_endings")),
    )


# Prepositions in the languages of the word lists: what follows one is about something
# else than the words before it ("Errors *in* reconciliation", "3 talks *at* meetups").
PREPOSITIONS = frozenset({
    "of", "for", "de", "del", "da", "do", "dos", "das", "du", "des", "d", "von", "der", "di",
    "della", "dei", "van", "voor", "của", "dari", "à", "au", "aux", "al", "ao", "aos", "en",
    "dans", "sans", "sin", "sem", "con", "com", "avec", "para", "pour", "sur", "sobre",
    "entre", "na", "nas", "nos", "nel", "nella", "nei", "per", "senza", "in", "on", "with",
    "without", "during", "about", "after", "im", "bei", "mit", "ohne", "durch", "für", "zur",
    "zum", "auf", "aan", "op", "met", "zonder", "bij", "naar", "uit", "ai", "agli", "alle",
    "sul", "sulla", "trong", "sau"})

@cache
def lang_file(code: str) -> dict[str, Any]:
    """One language's word lists, parsed once a run."""
    source = resources.files("sheets_okr.lint.data").joinpath(f"lang/{code}.toml")
    return tomllib.loads(source.read_text(encoding="utf-8"))


def _lang_list(key: str) -> list[str]:
    """The entries of ``key`` over all the language files."""
    out: list[str] = []
    for code in LANGUAGES:
        out.extend(lang_file(code).get(key, ()))
    return out


@cache
def _words_file() -> dict[str, Any]:
    source = resources.files("sheets_okr.lint.data").joinpath("words.toml")
    return tomllib.loads(source.read_text(encoding="utf-8"))


def table(name: str) -> dict[str, Any]:
    """One table of ``words.toml`` that a module reads for itself ("routine", …)."""
    return _words_file()[name]


@cache
def words() -> Words:
    """The packaged word lists (read once)."""
    data = _words_file()
    verbs, nouns, numbers = data["verbs"], data["nouns"], data["numbers"]
    grammar, names = data["grammar"], data["names"]
    deliverable = data["deliverable"]
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
        improving_verbs=frozenset(verbs["improving"]),
        meeting_verbs=frozenset(verbs["meet_target"]),
        passing_verbs=frozenset(verbs["passing"]),
        concluding_verbs=frozenset(verbs["concluding"]),
        spending_verbs=frozenset(verbs["spending"]),
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
        result_nouns=frozenset(nouns["result"]),
        targets=frozenset(nouns["targets"]),
        milestones=Phrases(nouns["milestones"]),
        copula_states=Phrases(nouns["copula_states"]),
        revised_states=frozenset(nouns["revised_states"]),
        aspiration_words=frozenset(data["aspiration"]["words"]),
        number_words=frozenset(numbers["words"]),
        zero_words=frozenset(numbers["zero"]),
        fractions=frozenset(numbers["fractions"]),
        fraction_periods=frozenset(numbers["fraction_periods"]),
        magnitudes=frozenset(numbers["magnitudes"]),
        currencies=frozenset(numbers["currencies"]),
        percent=frozenset(numbers["share_units"]),
        effort_units=frozenset(numbers["effort_units"]),
        units=frozenset(numbers["units"]) | frozenset(_with_folded(_lang_list("units"))),
        unit_modifiers=frozenset(numbers["unit_modifiers"]),
        ordinal_suffixes=frozenset(numbers["ordinal_suffixes"]),
        comparators_before=Phrases(data["comparators"]["before"]
                                   + _with_folded(_lang_list("comparators"))),
        comparators_after=Phrases(data["comparators"]["after"]),
        relative=frozenset(data["comparators"]["relative"]),
        upper_bounds=frozenset(tuple(p.split()) for p in data["comparators"]["upper"]),
        change_from=frozenset(["from", *_lang_list("change_from")]),
        change_to=frozenset(["to", *_lang_list("change_to")]),
        purpose=Phrases(data["clauses"]["purpose"]),
        means=frozenset(data["clauses"]["means"]),
        determiners=frozenset(grammar["determiners"]),
        breakers=frozenset(grammar["breakers"]),
        per=frozenset(grammar["per"]),
        periods=frozenset(grammar["periods"]),
        audience=frozenset(grammar["audience"]),
        negations=Phrases(grammar["negations"] + _lang_list("negations")),
        months=frozenset(grammar["months"]),
        stop_words=frozenset(names["stop_words"]),
        abbreviations={k: tuple(v.split()) for k, v in names["abbreviations"].items()},
        copulas=frozenset(grammar["copulas"]),
        perfect_auxiliaries=frozenset(grammar["perfect_auxiliaries"]),
        people=frozenset(grammar["people"]) | frozenset(_lang_list("people")),
        sentence_verbs=frozenset(deliverable["sentence_verbs"]),
        perception_verbs=frozenset(deliverable["perception"]),
        modals=frozenset(deliverable["modals"]),
        noun_followers=frozenset(deliverable["noun_followers"]),
        clause_openers=frozenset(deliverable["clause_openers"]),
        comparatives=frozenset(deliverable["comparatives"]),
        quantifiers=frozenset(deliverable["quantifiers"]),
        foreign_words=frozenset(deliverable["foreign_words"]),
        foreign_endings=tuple(deliverable["foreign_endings"]),
        english_en_words=frozenset(deliverable["english_en_words"]),
        state_nouns=frozenset(deliverable["state_nouns"]),
        prepositions=frozenset(deliverable["prepositions"]),
        not_adverbs=frozenset(deliverable["not_adverbs"]),
        qualities=frozenset(deliverable["qualities"]),
        lang=_lexicon(),
    )


