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
    """(class, word) of a Chinese or Japanese text: "outcome" when a moving verb and a
    number appear in the same clause, or a clause closes with a number of customers or
    users, else "activity" for the first task verb, else "none"."""
    lang = words().lang
    clauses = _clauses(text)
    for clause in reversed(clauses):
        verb = next((v for v in lang.cjk_outcome if v in clause), "")
        if verb and _DIGIT.search(clause):
            return OUTCOME, verb
        counted = next((n for n in lang.cjk_count if clause.endswith(n)), "")
        if counted and _DIGIT.search(clause):
            # "新增200家合作用户": a clause closed by a number of customers is a result
            # (not "与3位客户联系", which closes with the task)
            return OUTCOME, counted
    for clause in clauses:
        found = [(at, v) for v in lang.cjk_activity if (at := _verb_in(clause, v)) >= 0]
        if found:
            return ACTIVITY, min(found)[1]
    return NONE, ""


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
    """Whether the last clause ends with a measure noun ("转化率", "顧客満足度")."""
    clauses = _clauses(text)
    return bool(clauses) and clauses[-1].endswith(words().lang.cjk_metric)


def has_number(text: str) -> bool:
    """Whether ``text`` holds a number, in digits or in Chinese numerals."""
    return bool(_DIGIT.search(text))
