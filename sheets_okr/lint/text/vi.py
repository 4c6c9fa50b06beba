"""Cues of Vietnamese texts.

Vietnamese writes a word as syllables set apart ("xây dựng", to build), puts the verb of a
task first ("Xây dựng quy trình tuyển dụng") and never last, and names a result by a verb
that moves or reaches a measure ("Tăng doanh thu lên 20%", "… đạt 150k lượt xem"), by a
share of the people or things it covers ("100% nhân sự …", "… trên 100% nội dung"), by a
bar ("tối đa 3 ngày") or by a measure given a value ("doanh thu 1,5k$"). The word lists
are in ``data/lang/vi.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from .feature_set import amend
from .words import ACTIVITY, NONE, OUTCOME, Phrases, lang_file

_Features = TypeVar("_Features", bound=Any)
"""The cues of a text (``classify.Features``, which imports this module)."""

_LETTERS = re.compile(r"[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|>=|<=|[≥≤<>%$]|[^\W\d_]+|[,;:.()\[\]|/–—+]| - ")


def is_vietnamese(text: str) -> bool:
    """Whether ``text`` is written in Vietnamese: it holds a letter only Vietnamese uses
    ("ă", "đ", "ơ", "ư" or a vowel with a tone mark below or a hook)."""
    return bool(_LETTERS.search(text))


def _phrases(items: list[str]) -> Phrases:
    return Phrases(item.lower() for item in items)


@dataclass(frozen=True)
class ViWords:
    """The Vietnamese word lists, as phrases looked up by their first syllable."""

    task: Phrases
    result: Phrases
    result_things: Phrases
    improving: Phrases
    growth: Phrases
    growth_objects: Phrases
    measures: Phrases
    qualities: Phrases
    not_task: Phrases
    compliance: Phrases
    subjects: Phrases
    meeting: frozenset[str]
    zero: Phrases
    done: Phrases
    number_words: Phrases
    targets: Phrases
    adverbs: Phrases
    bars: Phrases
    scope: frozenset[str]
    units: frozenset[str]
    achieved: frozenset[str]


@cache
def vi_words() -> ViWords:
    """The packaged Vietnamese word lists (read once)."""
    data = lang_file("vi")
    return ViWords(
        task=_phrases(data["activity_verbs"] + data["single_task_verbs"]),
        result=_phrases(data["result_verbs"]),
        result_things=_phrases(data["result_things"]),
        improving=_phrases(data["improving_verbs"]),
        growth=_phrases(data["growth_verbs"]),
        growth_objects=_phrases(data["growth_objects"]),
        measures=_phrases(data["measure_nouns"]),
        qualities=_phrases(data["quality_nouns"] + data["measure_nouns"]),
        not_task=_phrases(data["not_task_phrases"]),
        compliance=_phrases(data["compliance_verbs"]),
        subjects=_phrases(data["team_subjects"]),
        meeting=frozenset(data["meeting_verbs"]),
        zero=_phrases(data["zero_leads"]),
        done=_phrases(data["done_markers"]),
        number_words=_phrases(data["number_words"]),
        targets=_phrases(data["targets"]),
        adverbs=_phrases(data["lead_adverbs"]),
        bars=_phrases(data["bar_words"]),
        scope=frozenset(data["scope_words"]),
        units=frozenset(data["measure_units"]),
        achieved=frozenset(data["achieved"]),
    )


def _tokens(text: str) -> list[str]:
    return [t.strip() or t for t in _TOKEN.findall(text.lower())]


def _number(token: str) -> bool:
    return token[:1].isdigit()


_BREAKS = frozenset(",;:.()[]|/–—+-")


@dataclass(frozen=True)
class Reading:
    """How a Vietnamese text reads: its leading verb (class and words), the cue of a
    result it names ("" if none), what the verb acts on, and whether a number carries a
    unit (``measure``) or is held to a bar (``bar``)."""

    kind: str
    verb: str
    result: str
    object: str
    measure: bool
    bar: bool
    zero: bool
    number_word: bool
    done: str


def read(text: str) -> Reading:
    """The leading verb of ``text`` and the cue of a result in it."""
    v = vi_words()
    toks = _tokens(text)
    start = _skip_adverbs(v, toks, 0)
    kind, verb, after = _lead(v, toks, start)
    if kind == NONE:
        kind, verb, after = _subject_verb(v, toks, start)
    measured = [i for i, t in enumerate(toks) if _number(t) and _measured(v, toks, i)]
    result = _result(v, toks, after)
    if not result and verb in v.meeting:
        # "Hoàn thành (100%) chỉ tiêu …": the target met
        at = after + 2 if after + 1 < len(toks) and toks[after + 1] == "%" else after
        target = v.targets.at(toks, at)
        result = " ".join(target) if target else ""
    return Reading(kind, verb, result, _object(toks, after),
                   measure=bool(measured),
                   bar=any(_bar_before(v, toks, i) for i in measured),
                   zero=v.zero.at(toks, start) is not None,
                   number_word=bool(v.number_words.starts(toks)) and any(
                       v.number_words.at(toks, i) for i in range(len(toks))),
                   done=_done(v, toks, start) if kind == NONE else "")


def _skip_adverbs(v: ViWords, toks: list[str], i: int) -> int:
    while (phrase := v.adverbs.at(toks, i)) is not None and i + len(phrase) < len(toks):
        i += len(phrase)
    return i


def _lead(v: ViWords, toks: list[str], i: int) -> tuple[str, str, int]:
    """(class, verb, index after it) of the verb at ``toks[i]``: "activity" for a task
    verb, "outcome" for a verb of a result or of growing customers or a market,
    "improving" for a verb of improving; "none" when no listed verb opens the text."""
    found = [(p, kind) for kind, phrases in ((OUTCOME, v.result), (ACTIVITY, v.task),
                                             (_IMPROVING, v.improving))
             if (p := phrases.at(toks, i)) is not None]
    if not found:
        return NONE, "", i
    phrase, kind = max(found, key=lambda pair: len(pair[0]))
    noun = v.not_task.at(toks, i)
    if noun is not None and len(noun) > len(phrase):
        return NONE, "", i  # "Dịch vụ …", "Học sinh …": a noun, not the verb it opens with
    after = i + len(phrase)
    if kind == ACTIVITY and v.growth.at(toks, i) == phrase \
            and v.growth_objects.at(toks, after) is not None:
        kind = OUTCOME  # "Phát triển khách hàng doanh nghiệp": growing the customers
    return kind, " ".join(phrase), after


_IMPROVING = "improving"


def _done(v: ViWords, toks: list[str], start: int) -> str:
    """The words stating a deliverable as done after its subject ("… đã được chuẩn hóa",
    "… được đưa vào sử dụng"), or a thing given at the head ("Được giao …"); "" if none.
    A text with a number is not read so: "90% học sinh được hỗ trợ" is a share."""
    if any(_number(t) for t in toks):
        return ""
    marker = v.done.at(toks, start)
    if marker == ("được",):
        return " ".join(toks[start:start + 2])
    for i in range(start + 1, min(start + 8, len(toks))):
        if toks[i] in _BREAKS:
            return ""
        marker = v.done.at(toks, i)
        if marker is not None:
            kind, verb, _ = _lead(v, toks, i + len(marker))
            if kind == ACTIVITY:
                return " ".join((*marker, verb))
    return ""


def _subject_verb(v: ViWords, toks: list[str], i: int) -> tuple[str, str, int]:
    """The task verb after a subject naming the team's own people, within a few words
    that name them ("Nhân viên kinh doanh *gọi điện* cho …"); "none" otherwise."""
    subject = v.subjects.at(toks, i)
    if subject is None:
        return NONE, "", i
    for j in range(i + len(subject), min(i + len(subject) + 4, len(toks))):
        if toks[j] in _BREAKS or _number(toks[j]) or v.done.at(toks, j) is not None:
            break  # "Nhân viên đã hoàn thành …": done, not to do
        kind, verb, after = _lead(v, toks, _skip_adverbs(v, toks, j))
        if kind == ACTIVITY:
            return kind, verb, after
        if kind != NONE:
            break
    return NONE, "", i


def _measured(v: ViWords, toks: list[str], i: int) -> bool:
    """Whether the number at ``toks[i]`` carries a unit of money, time, a share or a large
    amount ("40%", "500$", "150k", "3 ngày"), or a currency before it."""
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    return nxt in v.units or (i > 0 and toks[i - 1] == "$")


def _result(v: ViWords, toks: list[str], after: int) -> str:
    """The cue of a result named after the leading verb, or "":

    - a verb of a result with a number after it ("… đạt 150k lượt xem", "chiếm 56%");
    - a clause opened by a share ("…, 100% sản phẩm được review");
    - a share a task is measured on ("trên 100% nội dung");
    - a bar held to a measured number ("tối đa 3 ngày", "tối thiểu 500$");
    - a measure given a measured value ("doanh thu 1,5k$", "ROI >0%");
    - a count of what the leading verb achieved ("Ký được 5 hợp đồng");
    - a count of things that are results by themselves ("30 hợp đồng", "50 lead").
    """
    numbers = [i for i, t in enumerate(toks) if _number(t)]
    if not numbers:
        return ""
    last_number = numbers[-1]
    if after < len(toks) and toks[after] in v.achieved and after + 1 in numbers:
        return toks[after]
    for i in range(after, last_number):
        phrase = v.result.at(toks, i)
        if phrase is not None and _number_follows(v, toks, i + len(phrase)):
            return " ".join(phrase)
    for i in numbers:
        if v.result_things.at(toks, i + 1) is not None:
            return " ".join(v.result_things.at(toks, i + 1) or ())
        share = i + 1 < len(toks) and toks[i + 1] == "%"
        before = toks[i - 1] if i > 0 else ""
        if share and i > after and (before in _BREAKS or before in v.scope):
            return f"{before} {toks[i]}%" if before in v.scope else f"{toks[i]}%"
        if _measured(v, toks, i) and _bar_before(v, toks, i):
            return f"{_bar_before(v, toks, i)} {toks[i]}"
        if _measured(v, toks, i):
            measure = _measure_before(v, toks, i, after)
            if measure:
                return measure
    return ""


def _number_follows(v: ViWords, toks: list[str], i: int) -> bool:
    """Whether a number follows ``toks[i]`` within six words of the same clause, with no
    word of scope before it ("giảm chi phí *cho* 3 phòng ban": where, not how much)."""
    for t in toks[i:i + 6]:
        if _number(t):
            return True
        if t in _BREAKS or t in v.scope:
            return False
    return False


def _bar_before(v: ViWords, toks: list[str], i: int) -> str:
    for j in range(max(0, i - 3), i):
        phrase = v.bars.at(toks, j)
        if phrase is not None and j + len(phrase) in (i, i - 1):
            return " ".join(phrase)
    return ""


def _measure_before(v: ViWords, toks: list[str], i: int, after: int) -> str:
    """A measure named up to four words before the number at ``toks[i]``."""
    for j in range(max(after, i - 5), i):
        phrase = v.measures.at(toks, j)
        if phrase is not None and not any(t in _BREAKS - {"(", "/"} for t in toks[j:i]):
            return " ".join(phrase)
    return ""


def _object(toks: list[str], after: int) -> str:
    """The first words after the leading verb, up to a break or a number: what it acts
    on."""
    words: list[str] = []
    for t in toks[after:]:
        if t in _BREAKS or _number(t) or len(words) == 3:
            break
        words.append(t)
    return " ".join(words)


def refine(f: _Features, text: str) -> _Features:
    """``f`` read again the Vietnamese way: the leading verb and a result (see
    :func:`read`). A task verb of another language the text opens with ("Fix 5 bug") is
    kept; a verb only found at the end of the text ("… trường học") is no lead."""
    v = vi_words()
    r = read(text)
    f = amend(f, has_measure=f.has_measure or r.measure,
                has_comparator=f.has_comparator or r.bar, zero_count=f.zero_count or r.zero,
                has_number=f.has_number or r.number_word)
    if r.done and not f.state:
        f = amend(f, state=r.done)
    if r.kind == NONE:
        if f.task_noun and f.verb and text.lower().rstrip(" .").endswith(f.verb):
            return amend(f, lead_verb=NONE, verb="", task_noun=False, noun_phrase=True)
        return amend(f, result_clause=f.result_clause or bool(r.result)) \
            if f.lead_verb == ACTIVITY else f
    if r.kind == _IMPROVING:
        quality = v.qualities.at(_tokens(r.object), 0) is not None
        work = not (quality or f.has_number or r.result)
        return amend(f, lead_verb=OUTCOME, verb=r.verb, task_noun=False, noun_phrase=False,
                       vague_work=work, head=r.object or f.head)
    return amend(f, lead_verb=r.kind, verb=r.verb, task_noun=False, noun_phrase=False,
                   result_clause=r.kind == ACTIVITY and bool(r.result),
                   head=r.object or f.head)


def conduct(text: str) -> str:
    """The verb of compliance a KPI name opens with ("Chấp hành nội quy": abiding by the
    rules, a conduct rated as kept or not), or ""."""
    v = vi_words()
    toks = _tokens(text)
    phrase = v.compliance.at(toks, _skip_adverbs(v, toks, 0))
    return " ".join(phrase) if phrase else ""
