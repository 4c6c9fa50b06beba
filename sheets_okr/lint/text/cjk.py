"""Cues of Chinese and Japanese texts, which are written without spaces between words.

The word lists of ``data/lang/zh.toml`` and ``ja.toml`` are looked for anywhere in a
clause. A text is a measured result when it names a moving verb ("提升", "削減") and a
number; a task when it names a task verb ("编写", "開催"); a metric when its last clause
ends with a measure noun ("率", "満足度").
"""

from __future__ import annotations

import re

from .words import ACTIVITY, NONE, OUTCOME, words

_CLAUSES = re.compile(r"[，,。；;、：:！!？?\s（）()「」]+")
_DIGIT = re.compile(r"[0-9０-９一二三四五六七八九十百千万萬两兩]")


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSES.split(text) if c]


def lead(text: str) -> tuple[str, str]:
    """(class, word) of a Chinese or Japanese text: "outcome" when a number is a measured
    result (see :func:`measured`), when a moving verb and a number that counts no output
    appear in the same sentence, or a clause closes with a number of customers or users;
    else "activity" for the first task verb or a count of outputs ("发表50篇文章"); "none"
    when the text ends with a measure's name ("发布日排名") or names nothing of these."""
    lang = words().lang
    cue = measured(text)
    if cue:
        return OUTCOME, cue
    for sentence in reversed(_sentences(text)):
        verb = next((v for v in lang.cjk_outcome if v in sentence), "")
        if verb and _result_number(sentence):
            return OUTCOME, verb
    clauses = _clauses(text)
    for clause in reversed(clauses):
        counted = next((n for n in lang.cjk_count if clause.endswith(n)), "")
        if counted and _DIGIT.search(clause):
            # "新增200家合作用户": a clause closed by a number of customers is a result
            # (not "与3位客户联系", which closes with the task)
            return OUTCOME, counted
    if _strong_metric_ending(text) and not any(v in text for v in lang.cjk_outcome):
        return NONE, ""  # "发布日排名": the name of a measure, whatever verb is inside
    for clause in clauses:
        found = [(at, v) for v in lang.cjk_activity if (at := _verb_in(clause, v)) >= 0]
        if found:
            return ACTIVITY, min(found)[1]
    outputs = output_count(text)
    return (ACTIVITY, outputs) if outputs else (NONE, "")


_SENTENCES = re.compile(r"[，,。；;！!？?]+")
_NUMBER = re.compile(r"[0-9０-９]+(?:[.,][0-9]+)*|[一二两兩三四五六七八九十百千]+")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCES.split(text) if s.strip()]


def _numbers(sentence: str) -> list[tuple[str, str]]:
    """(what stands before, what follows) each number of a sentence, spaces and a "+"
    after it dropped. A number in Chinese numerals counts only before a unit: "一" in
    "统一" is part of a word."""
    lang = words().lang
    units = (*lang.cjk_result_units, *lang.cjk_output_units, "个", "個")
    out: list[tuple[str, str]] = []
    for m in _NUMBER.finditer(sentence):
        after = sentence[m.end():].lstrip(" +").lstrip()
        if m.group(0)[0].isdigit() or after.startswith(units):
            out.append((sentence[:m.start()], after))
    return out


def _result_number(sentence: str) -> bool:
    """Whether a number of ``sentence`` counts something other than outputs."""
    units = words().lang.cjk_output_units
    return any(not after.startswith(units) for _, after in _numbers(sentence))


def measured(text: str) -> str:
    """The cue of a measured result, or "": a number of people, firms, money, time or a
    share ("≥2000 人", "40%"); a number a measure is brought to ("覆蓋率達 100%", "件數 ≤
    3", "降至 0") — not a count of outputs ("≥3 篇", "至少 2 場"), nor of people hired."""
    lang = words().lang
    hiring = any(v in text for v in lang.cjk_hiring)
    for sentence in _sentences(text):
        for before, after in _numbers(sentence):
            lead = before.rstrip()
            reach = next((r for r in lang.cjk_reach if lead.endswith(r)), "")
            if reach in _MOVED_TO:
                return reach
            lead = lead[: len(lead) - len(reach)].rstrip()
            metric = next((m for m in lang.cjk_metric if lead.endswith(m)), "")
            if metric:
                return metric  # "使用次數 ≥ 5 次": a measure kept above a bar
            unit = next((u for u in lang.cjk_result_units if after.startswith(u)), "")
            # people and firms are a result when reached or gained ("参与≥2000 人",
            # "新增100人"), not when a task is done with them ("與3位客戶聯繫", "对接三家公司")
            people = unit in _PEOPLE and not (
                (reach or any(v in sentence for v in lang.cjk_outcome)) and not hiring)
            if unit and not people:
                return unit
    return ""


_PEOPLE = frozenset({"人", "名", "位", "家"})  # people and firms
_MOVED_TO = frozenset({"降至", "降到", "降低至", "降低到", "提升至", "提升到", "提高至", "提高到",
                       "增至", "增加至"})


def output_count(text: str) -> str:
    """A number of outputs ("50篇", "2 場"), or ""."""
    units = words().lang.cjk_output_units
    for sentence in _sentences(text):
        for _, after in _numbers(sentence):
            unit = next((u for u in units if after.startswith(u)), "")
            if unit:
                return unit
    return ""


# Endings that make a verb the name of a person or a firm: "开发者" (a developer).
_AGENTS = ("者", "人员", "人員", "师", "師", "商")
_KANA = re.compile(r"[\u3040-\u30ff]")


def _verb_in(clause: str, verb: str) -> int:
    """Where ``verb`` first stands in ``clause`` as a verb (not inside "开发者"), or -1."""
    at = clause.find(verb)
    while at >= 0 and clause.startswith(_AGENTS, at + len(verb)):
        at = clause.find(verb, at + 1)
    return at


def done_state(text: str) -> str:
    """The verb that closes a Chinese clause after its subject to state a deliverable as
    done ("支付系统正式上线", "迁移工作完成"), or "". Japanese closes every phrase with its
    verb ("セミナーを開催"), so it is not read this way."""
    if _KANA.search(text):
        return ""
    lang = words().lang
    for clause in _clauses(text):
        if any(_verb_in(clause, v) == 0 for v in lang.cjk_activity):
            return ""  # the task comes first: "完成 支付流程上线"
        done = next((v for v in lang.cjk_done if clause.endswith(v)), "")
        if done and len(clause) > len(done) + 1:
            return done
    return ""


def names_metric(text: str) -> bool:
    """Whether the last clause (of Chinese or Japanese, not an abbreviation in brackets)
    ends with a measure noun ("转化率", "顧客満足度", "准时交付率(OTD)")."""
    clauses = [c for c in _clauses(text) if _CJK_CHAR.search(c)]
    return bool(clauses) and clauses[-1].endswith(words().lang.cjk_metric)


def _strong_metric_ending(text: str) -> bool:
    """:func:`names_metric` by a rate or a measure noun of two characters or more ("率",
    "排名"), not a character that also closes other words ("度" in "制度")."""
    clauses = [c for c in _clauses(text) if _CJK_CHAR.search(c)]
    return bool(clauses) and any(clauses[-1].endswith(m) for m in words().lang.cjk_metric
                                 if len(m) > 1 or m == "率")


_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def has_number(text: str) -> bool:
    """Whether ``text`` holds a number, in digits or in Chinese numerals."""
    return bool(_DIGIT.search(text))
