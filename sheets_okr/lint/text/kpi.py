"""Tell a KPI that names an action from one that names a metric (OKR103).

A KPI name names a metric when its head is a quantity — a rate, a count, a cost, a time,
an index ("Number of audits completed", "Tasa de cierre", "Tỷ lệ nợ xấu", "准时交付率") —
even when a task noun is inside it. It names an action when its head is a verb or noun
of doing, or a bucket of work, and no quantity is named ("Invoice reconciliation",
"Ejecución del plan anual", "Thực hiện nhiệm vụ", "Pengelolaan kas", "Growth projects",
"参与比赛"). The word lists are in ``data/kpi.toml``; the general classifier
(:mod:`.classify`) still decides everything these cues do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import cjk, vi
from . import cues as C
from .classify import analyse, explain, shape
from .feature_set import Features
from .kpi_counts import (
    CODE,
    COUNT_SIGN,
    counted_with_clause,
    counts_done,
    done_before,
    plural_noun,
)
from .kpi_words import KpiWords, kpi_words
from .tokens import _lemmas, tokens
from .words import ACTIVITY, NONE, PREPOSITIONS, Phrases, fold, is_cjk, words

# "Rooms *per* maid": a name counting things per something is a rate.
_PER = frozenset({"per", "por", "par", "pro", "je", "mỗi", "tiap", "setiap"})
# Words linking a head to what it applies to ("Costo *de* mantenimiento"): a name holding
# one is not read from its end.
LINKERS = frozenset({"of", "for", "de", "del", "da", "do", "dos", "das", "du", "des", "d",
                      "von", "der", "di", "della", "dei", "van", "voor", "của", "dari"})

# A word of work after a preposition is not a name's head ("Incidents *liés à* la
# maintenance", "Errors *in* reconciliation", "Usuarios *sin* formación").
_PREPOSITIONS = LINKERS | PREPOSITIONS

# A percentage right after the verb opening a name, of one or two words: "Hoàn thành 90%
# sprint commitments" (not "Increase ad budget 30%", a change decided).
_SHARE = re.compile(r"^\W*[^\W\d]+(?:\s[^\W\d]+)?\s+\d+(?:[.,]\d+)?\s?[%％]")

_SINGULAR = ((re.compile(r"ciones$"), "ción"), (re.compile(r"siones$"), "sión"),
             (re.compile(r"ções$"), "ção"), (re.compile(r"sões$"), "são"),
             (re.compile(r"tions$"), "tion"))


def _singular(word: str) -> str:
    for ending, repl in _SINGULAR:
        if ending.search(word):
            return ending.sub(repl, word)
    return word


@dataclass(frozen=True)
class KpiReading:
    """Whether a KPI name reads as an action, and why (a few words a flag can show)."""

    action: bool
    why: str


def quantity_word(k: KpiWords, word: str) -> bool:
    return k.measure.at([word], 0) is not None or k.quantity.at([word], 0) is not None or (
        len(word) > 6 and word.endswith(k.endings) and word not in k.compound_lookalikes)


def _phrase_in(phrases: Phrases, texts: list[str]) -> str:
    return next((" ".join(p) for i in phrases.starts(texts) if (p := phrases.at(texts, i))), "")


def _task_at_start(k: KpiWords, texts: list[str], at: int) -> tuple[str, bool]:
    """The word or phrase of doing that opens the name ("" if none), and whether it was
    recognised by its ending only (a weaker cue)."""
    phrase = k.task.at(texts, at)
    if phrase is not None:
        return " ".join(phrase), False
    phrase = k.bucket.at(texts, at)
    if phrase is not None:
        return " ".join(phrase), True  # a rate of them is a measure: "Visitas por semana"
    first = texts[at]
    if first in k.task_last and at + 1 < len(texts) and texts[at + 1] in ("of", "for"):
        return first, False
    if first in k.not_task or fold(first) in k.not_task:
        return "", False
    # German and Dutch write a bucket or a piece of work as one compound:
    # "Vertriebsaktionen", "Dokumentenpflege"
    bucket = k.compound_buckets.of_word(first, keep=4)
    if bucket:
        return first, True  # a rate of them is a measure: "Kundenbesuche pro Woche"
    if k.patterns.match(first) and C.from_task_verb(_singular(first)) is not False:
        return first, True
    nxt = texts[at + 1] if at + 1 < len(texts) else ""
    plural = k.plural_patterns.match(first) or (
        k.linked_plural_patterns.match(first) and nxt in ("de", "des", "du", "d"))
    if plural and _singular(first) not in k.not_task \
            and fold(_singular(first)) not in k.not_task \
            and C.from_task_verb(_singular(first)) is not False:
        return first, True
    return "", False


def _names_a_quality(k: KpiWords, texts: list[str], f: Features) -> bool:
    """A name of a few plain words closing on a quality or a quantity, opened by a word
    that is a noun as often as a verb: "Audit compliance", "Control chart stability"
    (not "Implement GDPR compliance", whose verb is only a verb)."""
    last = texts[-1]
    return _opens_with_a_noun(texts[0], f) and (
        last in words().state_nouns or quantity_word(k, last))


def _opens_with_a_noun(first: str, f: Features) -> bool:
    """Whether a name's first word is a noun, or a verb as often used as one ("audit",
    "training", "spend") — not a verb only ("track", "implement")."""
    w = words()
    return f.noun_phrase or f.task_noun or first.endswith("ing") \
        or bool(_lemmas(first) & w.nounlike_verbs) or first in w.metric_nouns


def _closes_on_a_quantity(k: KpiWords, texts: list[str], start: int, f: Features) -> bool:
    """An English compound of plain words whose head, its last word, is a quantity or a
    quality judged, opened by a noun (or a word as often a noun as a verb): "Inspection
    coverage", "Audit completion", "Review turnaround" — not "Improve accuracy"."""
    last = texts[-1]
    if len(texts) - start > 4 or not (last in k.quality_last or last in words().metric_nouns):
        return False
    first = texts[start]
    return first in k.noun_too or _opens_with_a_noun(first, f) or (
        f.lead_verb == NONE and first not in words().lang.activity_verbs)


def _passive(k: KpiWords, texts: list[str], start: int) -> str:
    """The passive verb stating the thing a name opens with as done, its subject: "Báo
    cáo được nộp đúng hạn" (not "Thực hiện nhiệm vụ được giao", where a task verb opens
    the name and the passive only qualifies its object)."""
    at = next((i for i in range(start + 1, min(len(texts) - 1, start + 5))
               if texts[i] in k.passive), 0)
    if not at:
        return ""
    opener = k.task.at(texts, start)
    if opener is not None and " ".join(opener) not in k.noun_too:
        return ""
    return texts[at]


def head_measure(k: KpiWords, texts: list[str], start: int) -> str:
    """The first word of a name written head first when it is a quality by its ending
    ("Rentabilité des actions", "Entscheidungssicherheit Dashboard") or a German or Dutch
    compound closing on a quantity ("Reaktionszeit im Support", "Besucherzahlen der
    Website"); "" otherwise. An ending that closes English words too ("-rate", "-index")
    counts only in a German text."""
    first = texts[start]
    if first in k.head_qualities_not or first in k.compound_lookalikes \
            or not first.isalpha():
        return ""
    if k.head_qualities.of_word(first, keep=4):
        return first
    ending = k.head_quantities.of_word(first, keep=4)
    if not ending or first in k.head_qualities_not:
        return ""
    if ending in k.head_quantities_ambiguous and not (
            k.german_cues & set(texts) or any(c in "äöüß" for c in "".join(texts))):
        return ""
    return first


def _subject_state(k: KpiWords, texts: list[str], start: int) -> str:
    """The state a Vietnamese name says the things it opens with are in, its subject:
    "Dự án đang triển khai" (projects under way), "Cải tiến quy trình đã áp dụng", "Báo
    cáo nộp đúng hạn" (reports handed in on time) — a count of things in a state, not the
    work ("Thực hiện nhiệm vụ đã giao", where a task verb opens the name)."""
    opener = k.task.at(texts, start)
    if opener is not None and " ".join(opener) not in k.noun_too:
        return ""
    if k.measure.at(texts, start) or k.quantity.at(texts, start):
        return ""  # "Tỷ lệ hồ sơ đạt chuẩn": a rate, read as one
    at = next((i for i in range(start + 1, min(len(texts) - 1, start + 5))
               if texts[i] in k.subject_state
               and f"{texts[i - 1]} {texts[i]}" not in k.subject_state_not), 0)
    if at:
        return " ".join(texts[at:at + 3])
    after = start + len(opener) if opener else 0
    verb = k.duty_verbs.at(texts, after) if after else None
    judged = _phrase_in(k.done_well, texts[after:]) if verb else ""
    return f'{" ".join(verb)} {judged}' if verb and judged else ""


def _duty(k: KpiWords, texts: list[str], start: int) -> tuple[str, str]:
    """The verb of a duty opening a name and the bar it is judged by, when or how well it
    is done: ("đối soát", "đúng hạn"), ("reconcile", "on time"); ("", "") if none."""
    verb = k.duty_verbs.at(texts, start)
    if verb is None or start + len(verb) < len(texts) and texts[start + len(verb)] in LINKERS:
        return "", ""
    judged = _phrase_in(k.done_well, texts[start + len(verb):])
    return (" ".join(verb), judged) if judged else ("", "")


def _work_after_head(k: KpiWords, texts: list[str], start: int, work: str) -> bool:
    """Whether the word of work ``work`` a name closes on comes after a preposition, with
    no word of work before it: the name is headed by what comes first ("Usages
    impliquant des données sensibles sans validation", "Incidents during maintenance"),
    not by the work ("Planning of the audits" is headed by work)."""
    at = next((i for i in range(start + 1, len(texts)) if texts[i] in _PREPOSITIONS), 0)
    if not at or work not in texts[at + 1:]:
        return False
    before = texts[start:at]
    return not _task_at_start(k, texts, start)[0] and not any(
        w in k.task_last or w in k.plain_task_last or C.derived_task(w)
        or k.work_last.match(w) and w not in k.not_task for w in before)


def _visits_received(k: KpiWords, texts: list[str], start: int) -> str:
    """The place of one's own online whose visits a name counts ("sitio web" in "Visitas
    al sitio web", "website" in "Websitebezoeken"), or "": visits made ("Visitas a
    clientes") are work."""
    first = texts[start]
    if first in k.visits:
        return next((t for t in texts[start + 1:] if t in k.visited_places), "")
    visits = k.visit_endings.of_word(first, keep=2)
    return max((p for p in k.visited_places
                if len(first) > len(p) + len(visits) - 1 and first.startswith(p)),
               key=len, default="") if visits else ""


def _measured_shape(k: KpiWords, texts: list[str], start: int, f: Features,
                    lead_quantity: bool, plain: bool) -> str:
    """Why a name is shaped as a measure whatever task word it holds ("" if it is not):
    a count or a rate at its head, a state it closes on, work set against the plan, a
    judgement of timeliness, an English compound headed by a quantity, things said done."""
    first, last = texts[start], texts[-1]
    nxt = texts[start + 1] if start + 1 < len(texts) else ""
    measure_head = k.measure.at(texts, start)
    if measure_head and (nxt in LINKERS or first not in k.measure_verbs):
        # "Number of staff trained": the head is the count, the participle says what of
        return f'names a quantity ("{" ".join(measure_head)}")'
    per = next((i for i, t in enumerate(texts) if i > start and t in _PER
                and i + 1 < len(texts)), 0)
    if per and (lead_quantity or quantity_word(k, first)):
        return f'names a rate ("{texts[per]} {texts[per + 1]}")'
    if len(texts) > 1 and k.states.at(texts, len(texts) - 1) is not None \
            and (f.lead_verb != ACTIVITY or nxt in LINKERS):
        # "Plan de formation réalisé": the name closes on the state of what it counts
        return f'counts things ("{last}")'
    cued = not k.cue_firsts.isdisjoint(texts)
    planned = cued and _phrase_in(k.against_plan, texts)
    if planned:
        return f'sets what was done against the plan ("{planned}"), a ratio'
    timely = cued and _phrase_in(k.timely, texts)
    if timely and f.lead_verb != ACTIVITY:
        # "Delivery of reports on time" (not "Deliver reports on time", a task)
        return f'judges the timeliness ("{timely}") of what it names, a measure'
    if plain and len(texts) > 1 and _closes_on_a_quantity(k, texts, start, f):
        return f'names a quantity ("{last}"), its head'
    if counts_done(texts, start) or done_before(texts, start):
        return f'counts things done ("{first} {nxt}")'
    return ""


def _read_words(text: str) -> KpiReading:
    if vi.is_vietnamese(text) and (verb := vi.conduct(text)):
        return KpiReading(False, f'names a conduct kept or not ("{verb}"), a measure')
    k = kpi_words()
    f, label = analyse(text)
    texts = [t.text for t in tokens(text) if t.word]
    if not texts:
        return KpiReading(False, "names no action")
    lead = k.yes_no_lead.at(texts, 0)
    asks = " ".join(lead) if lead else (
        not k.cue_firsts.isdisjoint(texts) and _phrase_in(k.yes_no, texts))
    if asks:
        return KpiReading(False, f'asks a yes-or-no question ("{asks}"): a check that is '
                                 "measured")
    start = C.skip_lang_fillers(texts, C._skip_fillers(texts))
    start = start if start < len(texts) else 0
    if start == 0 and len(texts) > 2 and CODE.match(text) and k.measure.at(texts, 1):
        start = 1  # "BBV Percentage …": a code filed before the count or share named
    done = _passive(k, texts, start)
    if done:
        return KpiReading(False, f'says the thing it names is done (passive "{done}"), '
                                 "a state that is measured")
    state = _subject_state(k, texts, start) if vi.is_vietnamese(text) else ""
    if state:
        return KpiReading(False, f'says what state the things it names are in ("{state}"), '
                                 "a count of them")
    headed = head_measure(k, texts, start)
    if headed:
        return KpiReading(False, f'names a quantity ("{headed}"), its head')
    counted = counted_with_clause(k, texts, start)
    if counted:
        return KpiReading(False, f'counts the {counted} a clause about them describes, '
                                 "a measure")
    head = k.measure.at(texts, start) or k.quantity.at(texts, start)
    lead_quantity = " ".join(head) if head else ""
    last = texts[-1]
    plain = not LINKERS & set(texts) and not words().breakers & set(texts)
    work_last = (last in k.task_last and not _PREPOSITIONS & set(texts)) or (
        plain and len(texts) > 1 and (bool(k.work_last.match(last)) or C.derived_task(last)
                                      or last in k.plain_task_last)
        and last not in k.not_task and last not in k.count_nouns
        and last not in words().metric_nouns
        and not _work_after_head(k, texts, start, last))
    if label == ACTIVITY and f.lead_verb == NONE and f.head_task \
            and _work_after_head(k, texts, start, f.head):
        label = ""  # "Usages … sans validation": things counted, the work only qualifies them
    if label == ACTIVITY and f.deliverable:
        label = ""  # a KPI's name is a noun phrase: it is read by the cues below
    if label == ACTIVITY and plain and len(texts) > 1 and last in k.not_task \
            and _opens_with_a_noun(texts[0], f):
        label = ""  # "Safety investment", "Training enrollment": an amount, not work
    if label == ACTIVITY and plain and len(texts) > 1 and _names_a_quality(k, texts, f):
        return KpiReading(False, f'names a quantity ("{last}")')
    first = texts[start]
    nxt = texts[start + 1] if start + 1 < len(texts) else ""
    w = words()
    read_as_verb = label == ACTIVITY and f.lead_verb == ACTIVITY and not f.task_noun \
        and f.verb == first and nxt not in w.determiners
    if read_as_verb and (plural_noun(first) or first in w.metric_nouns):
        label = ""  # "Features completed per sprint", "Spend under management": a noun
    if first in w.lang.outcome_nouns:
        return KpiReading(False, "names a measure to move")
    duty, judged = _duty(k, texts, start)
    if duty and f.lead_verb != ACTIVITY and not (f.has_measure or f.has_change
                                                  or f.has_comparator):
        return KpiReading(True, f'names a duty ("{duty}") and the bar it is judged by '
                                f'("{judged}"), not a quantity to measure')
    place = _visits_received(k, texts, start)
    if place:
        return KpiReading(False, f'counts visits to a place of its own ("{place}"), '
                                 "traffic received")
    shaped = _measured_shape(k, texts, start, f, bool(lead_quantity), plain)
    if shaped:
        return KpiReading(False, shaped)
    sign = COUNT_SIGN.match(text)
    if sign:
        return KpiReading(False, f'opens with "{sign.group(1)}", a share or a count of what '
                                 "it names")
    per = next((i for i, t in enumerate(texts) if i > start and t in _PER
                and i + 1 < len(texts)), 0)
    if label == ACTIVITY and per and f.lead_verb == NONE and nxt not in LINKERS:
        return KpiReading(False, f'names a rate ("{texts[per]} {texts[per + 1]}")')
    if label == ACTIVITY and _SHARE.search(text):
        # "Hoàn thành 90% sprint commitments": the share of the work done is what is measured
        return KpiReading(False, "names a share of what is done (a percentage), "
                                 "a measurable target")
    if label == ACTIVITY:
        if lead_quantity and not work_last and (f.lead_verb == NONE or f.task_noun):
            return KpiReading(False, f'names a quantity ("{lead_quantity}")')
        return KpiReading(True, explain(text))
    if f.has_measure or f.has_change or f.has_comparator:
        return KpiReading(False, "names a measurable target")
    if k.moving.at(texts, start) is not None:
        return KpiReading(False, "names a measure to move")
    measure = _phrase_in(k.measure, texts)
    if measure:
        return KpiReading(False, f'names a quantity ("{measure}")')
    state = _phrase_in(k.states, texts)
    if state or (len(texts) > 1 and last in k.count_nouns):
        return KpiReading(False, f'counts things ("{state or last}")')
    if work_last:
        return KpiReading(True, f'names a piece of work ("{last}") and no quantity to measure')
    if lead_quantity or quantity_word(k, texts[start]):
        return KpiReading(False, f'names a quantity ("{lead_quantity or texts[start]}")')
    task, weak = _task_at_start(k, texts, start)
    per = _PER & set(texts) or words().per & set(texts)
    if task and not (weak and (per or len(texts) > 1 and quantity_word(k, last))):
        return KpiReading(True, f'names a piece of work ("{task}") and no quantity to measure')
    return KpiReading(False, "names a measure")


# Commas and stops between the clauses of a Chinese text (not "、", which lists items).
_SENTENCE_BREAK = re.compile(r"[，,；;。]")
# A period noted after a name, "(7月)", "（第三季度）": not part of what is named.
_CJK_PERIOD = re.compile(r"^(?:[0-9０-９一二三四五六七八九十]+(?:月|年|月份|日|号|號)|"
                         r"第?[一二三四1-4１-４]季度|上半年|下半年|全年|年度)$")


def _judged(k: KpiWords, text: str, clauses: list[str]) -> str:
    """The judgement a Chinese name of one sentence closes on, an item of an evaluation
    table: "资金使用规范", "整改落实到位", "设备满足检测需要" — not a task opening the name
    ("确保信息准确"), unless the word opening it is a noun of work as subject ("审计整改到位");
    not the aim closing a task said before it ("做好翻译工作，确保信息准确")."""
    if _SENTENCE_BREAK.search(text):
        return ""
    last = clauses[-1]
    found = k.cjk_judged.of_word(last, keep=2)
    if not found and (meets := k.cjk_meets.search(last)):
        found = meets.group(0)
    if not found:
        return ""
    if cjk.opens_with_task(clauses[0]) \
            and not cjk.strip_adverbs(clauses[0]).startswith(k.cjk_task_last):
        return ""
    return found


def _read_east_asian(text: str) -> KpiReading:
    k = kpi_words()
    clauses = [c for c in (c.strip("/") for c in cjk.split_clauses(text)) if c and is_cjk(c)]
    while len(clauses) > 1 and _CJK_PERIOD.match(clauses[-1]):
        clauses.pop()
    if not clauses:
        return KpiReading(False, "names a measure")
    asks = next((q for q in k.cjk_yes_no if q in text), "")
    if asks:
        return KpiReading(False, f'asks a yes-or-no question ("{asks}"): a check that is '
                                 "measured")
    last = clauses[-1].rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    ending = cjk.quantity_ending(clauses[-1], k.cjk_endings) \
        or cjk.quantity_ending(last, k.cjk_endings)
    # a task opening a name of several clauses is not undone by the measure it aims at
    # ("深入学习 TS，…，减少出错的几率")
    if ending and not (len(clauses) > 1 and cjk.opens_with_task(clauses[0])):
        return KpiReading(False, f'names a quantity ("{ending}")')
    judged = _judged(k, text, clauses)
    if judged:
        return KpiReading(False, f'judges what it names ("{judged}"), a check that is measured')
    done = cjk.done_state(text)
    if done and done != "can":
        return KpiReading(False, f'states a thing done ("{done}"), a check that is measured')
    _, label = analyse(text)
    if label == ACTIVITY:
        return KpiReading(True, explain(text))
    opener = next((v for v in k.cjk_task if cjk.strip_adverbs(clauses[0]).startswith(v)), "")
    if opener:
        return KpiReading(True, f'starts with the task verb "{opener}" and names no quantity')
    work = next((n for n in k.cjk_task_last + k.cjk_task if len(n) > 1 and last.endswith(n)),
                "")
    if work:
        return KpiReading(True, f'names a piece of work ("{work}") and no quantity to measure')
    return KpiReading(False, "names a measure")


def read_kpi(text: str) -> KpiReading:
    """How the KPI name ``text`` reads: an action (and why) or a metric. Names that
    differ only in their numbers, IDs and quoted names share one reading.

    >>> read_kpi("Invoice reconciliation").action
    True
    >>> read_kpi("Reconciliation accuracy").action
    False
    """
    return _read_shape(shape(text))


# A note closing a name, "(hours)", "（人次）", "(次/年)": the unit it is counted in.
_NOTE = re.compile(r"[(（]\s*([^()（）]{1,30}?)\s*[)）]\s*$")


def _unit_noted(k: KpiWords, text: str) -> str:
    """The unit a name notes at its end ("Capacitación (horas)", "组织培训（人次）"), or ""
    when it notes none (not "(Q3)", "(7月)")."""
    note = _NOTE.search(text)
    if not note:
        return ""
    inner = note.group(1).strip().lower()
    noted = tokens(inner)
    per = next((i for i, t in enumerate(noted) if 0 < i < len(noted) - 1 and t.text in _PER), 0)
    if 0 < per < 3 and all(t.word for t in noted[:per]):
        # "(fte per 1.000 inwoners)", "(cost per hire)": a rate
        return " ".join(t.text for t in noted if t.word)
    if any(c.isdigit() for c in inner):
        return ""  # "(20 hours)": the effort given to a task, not the unit it is counted in
    if not is_cjk(text) and not text[:note.start()].endswith(" "):
        return ""  # "Visit customer(s)": a plural, not a unit
    units = words().units
    part = re.split(r"\s*[/／]\s*", inner)[0]  # "(hours/employee)": hours per employee
    if part in k.units or (len(part) > 1 and part in units):
        return inner
    found = [t.text for t in tokens(part) if t.word]
    return inner if found and all(len(w) > 1 and (w in units or w in k.units)
                                  for w in found) else ""


@lru_cache(maxsize=65536)
def _read_shape(text: str) -> KpiReading:
    unit = _unit_noted(kpi_words(), text)
    if unit:
        return KpiReading(False, f'notes the unit it is counted in ("{unit}"), a measure')
    return _read_east_asian(text) if is_cjk(text) else _read_words(text)


def is_action_kpi(text: str) -> bool:
    """OKR103: a KPI that reads as an action instead of a measure."""
    return read_kpi(text).action


def explain_kpi(text: str) -> str:
    """Why the KPI name ``text`` reads as it does."""
    return read_kpi(text).why
