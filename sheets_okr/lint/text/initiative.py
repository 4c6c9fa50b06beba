"""Tell an initiative that is really a metric (OKR102).

An initiative names something to do. One that states targets for measures instead —
each clause a quantity given the value it should reach ("降本增效：采购成本下降 5%，库存
周转率提升 15%", "Churn rate below 3%", "Fehlerquote unter 2 %") — is a key result or a
KPI with its target, whatever heading opens it. The general classifier
(:mod:`.classify`) decides the rest: a bare metric name ("Monthly active users").
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import cjk
from .classify import analyse, classify, explain
from .kpi import LINKERS, head_measure, quantity_word
from .kpi_words import kpi_words
from .tokens import tokens
from .words import METRIC, NONE, OUTCOME, is_cjk, words

# A heading before the targets: "降本增效：", "Quality:".
_HEADING = re.compile(r"^[^:：]{1,24}[:：]\s*")
_CJK_CLAUSES = re.compile(r"[，,；;。、]")


def _cjk_targets(text: str) -> str:
    """The measures a Chinese or Japanese text gives targets to, one per clause ("采购成本、
    库存周转率"), or "" when a clause is anything else (a task, a count of work)."""
    k = kpi_words()
    found: list[str] = []
    for clause in filter(str.strip, _CJK_CLAUSES.split(_HEADING.sub("", text))):
        target = k.cjk_targets.search(clause)
        subject = clause[:target.start()].strip() if target else ""
        if not subject or cjk.opens_with_task(subject) \
                or not cjk.quantity_ending(subject, k.cjk_endings):
            return ""
        found.append(subject)
    return "、".join(found)


def _word_targets(text: str) -> str:
    """The measure a text of words opens with and gives a value to ("churn rate below
    3%"), or "" when it opens with a verb or with anything but a quantity."""
    body = _HEADING.sub("", text) or text
    f, label = analyse(body)
    if label != OUTCOME or f.lead_verb != NONE:
        return ""
    texts = [t.text for t in tokens(body) if t.word]
    if not texts:
        return ""
    k = kpi_words()
    head = k.measure.at(texts, 0) or k.quantity.at(texts, 0)
    if head:
        return " ".join(head)
    if head_measure(k, texts, 0) or quantity_word(k, texts[0]):
        return texts[0]
    if f.metric_head and f.head in texts[:4]:
        return " ".join(texts[:texts.index(f.head) + 1])  # "defect rate": up to its head
    return ""


@lru_cache(maxsize=16384)
def measure_targets(text: str) -> str:
    """The measures ``text`` states targets for, or "" when it does not read so.

    >>> measure_targets("品质管理：投诉率下降 20%，良品率达 98%")
    '投诉率、良品率'
    >>> measure_targets("Churn rate below 3%")
    'churn'
    >>> measure_targets("Reduce churn below 3% with a win-back series")
    ''
    """
    return _cjk_targets(text) if is_cjk(text) else _word_targets(text)


def _object_counted(text: str) -> str:
    """The countable things a name closes on after a linker when what opens it is no
    quantity ("Proceso de calificación de *leads*", "Strategy for *referrals*"): the
    object of the work the name is headed by, not a count ("Número de leads",
    "Quality of leads"); "" otherwise."""
    f, _ = analyse(text)
    w = words()
    if f.head not in w.count_nouns or f.has_number or f.lang_metric or f.metric_in_phrase \
            or f.metric_noun:
        return ""
    texts = [t.text for t in tokens(text) if t.word]
    if len(texts) < 3 or texts[-1] != f.head or texts[-2] not in LINKERS:
        return ""
    k = kpi_words()
    first = texts[0]
    if k.measure.at(texts, 0) or k.quantity.at(texts, 0) or quantity_word(k, first) \
            or head_measure(k, texts, 0) or first in w.metric_nouns \
            or first in w.lang.metric_nouns or first in w.count_nouns \
            or first in w.state_nouns or first in k.quality_last:
        return ""
    return f.head


def is_metric_name(text: str) -> bool:
    """OKR102: an initiative that names a metric, or states targets for measures,
    instead of an action."""
    return (classify(text) == METRIC and not _object_counted(text)) \
        or bool(measure_targets(text))


def explain_initiative(text: str) -> str:
    """Why the initiative ``text`` reads as a metric (or as what it is)."""
    targets = measure_targets(text)
    if targets and classify(text) != METRIC:
        return f'states targets for measures ("{targets}"), not an action'
    return explain(text)
