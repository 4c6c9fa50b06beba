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
        found = [(clause.find(v), v) for v in lang.cjk_activity if v in clause]
        if found:
            return ACTIVITY, min(found)[1]
    return NONE, ""


def names_metric(text: str) -> bool:
    """Whether the last clause ends with a measure noun ("转化率", "顧客満足度")."""
    clauses = _clauses(text)
    return bool(clauses) and clauses[-1].endswith(words().lang.cjk_metric)


def has_number(text: str) -> bool:
    """Whether ``text`` holds a number, in digits or in Chinese numerals."""
    return bool(_DIGIT.search(text))
