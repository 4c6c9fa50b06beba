"""Cues of Chinese and Japanese texts, which are written without spaces between words.

The word lists of ``data/lang/zh.toml`` and ``ja.toml`` are looked for anywhere in a
clause. A text is a measured result when it names a moving verb ("提升", "削減") and a
number; a task when it names a task verb ("编写", "開催"); a metric when its last clause
ends with a measure noun ("率", "満足度").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .words import ACTIVITY, NONE, OUTCOME, lang_file, words


@dataclass(frozen=True)
class ZhWords:
    """The lists of ``data/lang/zh.toml`` only this module reads."""

    staff: tuple[str, ...]
    leading_time: tuple[str, ...]
    adverbs: tuple[str, ...]
    ability: tuple[str, ...]
    not_ability_before: frozenset[str]
    not_ability_after: frozenset[str]
    automatic: tuple[str, ...]
    time_after: tuple[str, ...]
    work_nouns: tuple[str, ...]
    growth: tuple[str, ...]
    meeting: tuple[str, ...]
    none_words: tuple[str, ...]
    incidents: tuple[str, ...]
    targets: tuple[str, ...]
    quantity_endings: tuple[str, ...]
    not_quantity_endings: tuple[str, ...]
    ability_chars: frozenset[str]
    every_period: tuple[str, ...]
    succeeded: tuple[str, ...]


@cache
def zh_words() -> ZhWords:
    """The Chinese lists read here only (read once)."""
    data = lang_file("zh")

    def longest_first(key: str) -> tuple[str, ...]:
        return tuple(sorted(data[key], key=len, reverse=True))

    return ZhWords(
        staff=tuple(data["staff_nouns"]),
        leading_time=longest_first("leading_time"),
        adverbs=longest_first("lead_adverbs"),
        ability=tuple(data["ability_words"]),
        not_ability_before=frozenset(data["not_ability_before"]),
        not_ability_after=frozenset(data["not_ability_after"]),
        automatic=tuple(data["automatic"]),
        time_after=tuple(data["time_after"]),
        work_nouns=tuple(data["work_nouns"]),
        meeting=tuple(data["meeting_verbs"]),
        none_words=tuple(data["none_words"]),
        incidents=tuple(data["incident_nouns"]),
        targets=tuple(data["targets"]),
        growth=tuple(f"{v}{new}{o}" for v in data["growth_verbs"] for new in ("", "新")
                     for o in data["growth_objects"])
        + tuple(f"{o}{v}" for v in data["growth_verbs"] for o in data["growth_objects"]),
        quantity_endings=tuple(data["kpi_quantity_endings"]),
        not_quantity_endings=tuple(data["kpi_not_quantity_endings"]),
        ability_chars=frozenset("能可" + "".join(w[0] for w in (*data["ability_words"],
                                                                *data["automatic"]))),
        every_period=longest_first("every_period"),
        succeeded=longest_first("succeeded"),
    )

_FOUND: dict[int, tuple[tuple[str, ...], re.Pattern[str]]] = {}


def _any_of(items: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for all of ``items`` (a word list, kept for the life of the process),
    so that a clause is searched once rather than once a word."""
    known = _FOUND.get(id(items))
    if known is None or known[0] is not items:
        known = (items, re.compile(_trie(items) if items else "(?!)"))
        _FOUND[id(items)] = known
    return known[1]


def _trie(items: tuple[str, ...]) -> str:
    """A pattern that finds where any of ``items`` starts, its alternatives nested by
    their shared first characters (one branch tried a character, not one a word)."""
    root: dict[str, dict] = {}
    for item in items:
        node = root
        for char in item:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict[str, dict]) -> str:
        if "" in node:  # a whole word: whatever follows, it is there
            return ""
        alternatives = [re.escape(char) + branch(child) for char, child in node.items()]
        return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"

    return branch(root)


def holds(text: str, items: tuple[str, ...]) -> bool:
    """Whether any of ``items`` stands in ``text``."""
    return _any_of(items).search(text) is not None


def starting(text: str, items: tuple[str, ...]) -> str:
    """The first of ``items`` (in their order) that ``text`` starts with, or ""."""
    if not text.startswith(items):
        return ""
    return next(v for v in items if text.startswith(v))


def ending(text: str, items: tuple[str, ...]) -> str:
    """The first of ``items`` (in their order) that ``text`` ends with, or ""."""
    if not text.endswith(items):
        return ""
    return next(v for v in items if text.endswith(v))


def first_in(text: str, items: tuple[str, ...]) -> str:
    """The first of ``items`` (in their order) that stands in ``text``, or ""."""
    if _any_of(items).search(text) is None:
        return ""
    return next(v for v in items if v in text)


_CLAUSES = re.compile(r"[，,。；;、：:！!？?\s（）()「」]+")
_DIGIT = re.compile(r"[0-9０-９一二三四五六七八九十百千万萬两兩]")


def split_clauses(text: str) -> list[str]:
    """The clauses of a Chinese text, split at its punctuation, brackets and spaces."""
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
        verb = first_in(sentence, lang.cjk_outcome)
        if verb and _result_number(sentence):
            return OUTCOME, verb
    clauses = split_clauses(text)
    for clause in reversed(clauses):
        counted = ending(clause, lang.cjk_count)
        if counted and _DIGIT.search(clause):
            # "新增200家合作用户": a clause closed by a number of customers is a result
            # (not "与3位客户联系", which closes with the task)
            return OUTCOME, counted
    if _strong_metric_ending(text) and not holds(text, lang.cjk_outcome):
        return NONE, ""  # "发布日排名": the name of a measure, whatever verb is inside
    changed = _changed_subject(text)
    if changed:
        return OUTCOME, changed
    zh = zh_words()
    for clause in clauses:
        head = strip_adverbs(clause)
        verb = starting(head, lang.cjk_outcome)
        if verb and head.endswith(zh.work_nouns):
            return ACTIVITY, verb  # "实现通用需求": a piece of work to deliver
        met = starting(head, zh.meeting)
        if met and head.endswith(zh.targets):
            return OUTCOME, met  # "完成年度销售目标": a target met
    for clause in clauses:
        found = [(at, v) for v in lang.cjk_activity
                 if v in clause and (at := _verb_in(clause, v)) >= 0] \
            if holds(clause, lang.cjk_activity) else []
        if found:
            return ACTIVITY, min(found)[1]
    outputs = output_count(text)
    if outputs:
        return ACTIVITY, outputs
    # "提升品牌知名度": a moving verb at the head moves the measure after it
    head = strip_adverbs(clauses[0]) if clauses and not _KANA.search(text) else ""
    verb = starting(head, lang.cjk_outcome)
    return (OUTCOME, verb) if verb else (NONE, "")


_SENTENCES = re.compile(r"[，,。；;！!？?]+")
_NUMBER = re.compile(r"[0-9０-９]+(?:[.,][0-9]+)*|[一二两兩三四五六七八九十百千]+")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCES.split(text) if s.strip()]


def _numbers(sentence: str, with_number: bool = False) -> list:
    """(what stands before, what follows) each number of a sentence, spaces and a "+"
    after it dropped, and the number itself when ``with_number``. A number in Chinese
    numerals counts only before a unit: "一" in "统一" is part of a word."""
    lang = words().lang
    units = (*lang.cjk_result_units, *lang.cjk_output_units, "个", "個")
    out: list = []
    for m in _NUMBER.finditer(sentence):
        after = sentence[m.end():].lstrip(" +").lstrip()
        if m.group(0)[0].isdigit() or after.startswith(units):
            found = (sentence[:m.start()], after)
            out.append((*found, m.group(0)) if with_number else found)
    return out


def _result_number(sentence: str) -> bool:
    """Whether a number of ``sentence`` counts something other than outputs or the
    team's own people ("销售人员新增100人": hiring)."""
    units = words().lang.cjk_output_units
    return any(not after.startswith(units) and not _staff(before, after)
               for before, after in _numbers(sentence))


def _staff(before: str, after: str) -> bool:
    """Whether a number of people counts the team's own ("销售人员新增100人")."""
    return after.startswith(tuple(_PEOPLE)) and any(n in before for n in zh_words().staff)


def measured(text: str) -> str:
    """The cue of a measured result, or "": a number of people, firms, money, time or a
    share ("≥2000 人", "40%"); a number a measure is brought to ("覆蓋率達 100%", "件數 ≤
    3", "降至 0") — not a count of outputs ("≥3 篇", "至少 2 場"), nor of people hired."""
    lang = words().lang
    hiring = holds(text, lang.cjk_hiring)
    for sentence in _sentences(text):
        for before, after, number in _numbers(sentence, with_number=True):
            if number.strip("0") == "" and not after.startswith("."):
                return number  # none at all ("0 次", "0 投诉"): a bar, never a count of outputs
            lead = before.rstrip()
            reach = ending(lead, lang.cjk_reach)
            if reach in _MOVED_TO:
                return reach
            if reach in _SYMBOLS and not after.startswith(lang.cjk_output_units):
                return reach  # "月活研究员 ≥ 100", "（≥10 试点租户）": a bar, not outputs
            lead = lead[: len(lead) - len(reach)].rstrip()
            metric = ending(lead, lang.cjk_metric)
            if metric:
                return metric  # "使用次數 ≥ 5 次": a measure kept above a bar
            unit = starting(after, lang.cjk_result_units)
            # people and firms are a result when reached or gained ("参与≥2000 人",
            # "新增100人"), not when a task is done with them ("與3位客戶聯繫", "对接三家公司")
            # the team's own people gained ("销售人员新增100人") are hiring
            hired = hiring or _staff(before, after)
            gained = reach or holds(sentence, lang.cjk_outcome) \
                or holds(sentence, zh_words().growth)
            people = unit in _PEOPLE and not (gained and not hired)
            if unit and not people:
                return unit
    return ""


_PEOPLE = frozenset({"人", "名", "位", "家"})  # people and firms
# A bar written as a symbol before a number: what the text holds something to.
_SYMBOLS = frozenset({"≥", "≤", ">=", "<=", ">", "<"})
_MOVED_TO = frozenset({"降至", "降到", "降低至", "降低到", "提升至", "提升到", "提高至", "提高到",
                       "增至", "增加至"})


def output_count(text: str) -> str:
    """A number of outputs ("50篇", "2 場"), or ""."""
    units = words().lang.cjk_output_units
    for sentence in _sentences(text):
        for _, after in _numbers(sentence):
            unit = starting(after, units)
            if unit:
                return unit
    return ""


# Endings that make a verb the name of a person or a firm: "开发者" (a developer).
_AGENTS = ("者", "人员", "人員", "师", "師", "商")
_KANA = re.compile(r"[\u3040-\u30ff]")


def _verb_in(clause: str, verb: str) -> int:
    """Where ``verb`` first stands in ``clause`` as a verb, or -1: not inside a person's
    name ("开发者"), a time ("執行後"), a word of what can be done ("可执行") or a thing
    done by itself ("自動產出")."""
    at = clause.find(verb)
    if at < 0:
        return at
    zh = zh_words()
    while at >= 0 and (clause.startswith(_AGENTS, at + len(verb))
                       or clause.startswith(zh.time_after, at + len(verb))
                       or clause[at - 1:at] == "可"
                       or clause.endswith(zh.automatic, 0, at)):
        at = clause.find(verb, at + 1)
    return at


def habit(text: str) -> str:
    """The word of every period that opens a Chinese text setting a task on a schedule
    ("每周" in "每周健身4天", "每天" in "每天背单词30个"), or "": not when the text moves
    a measure or names a share, a measure or the people or customers counted ("每周新增
    100 用户", "每天活跃率 ≥ 30%")."""
    if _KANA.search(text):
        return ""
    head = text.lstrip()
    found = starting(head, zh_words().every_period)
    if not found or "%" in text or "％" in text:
        return ""
    lang = words().lang
    if holds(text, lang.cjk_outcome) or holds(text, lang.cjk_count) \
            or holds(text, _strong_metrics()) \
            or holds(text, zh_words().growth):
        return ""
    return found


def _task_first(clause: str) -> bool:
    """Whether a task verb stands at the head of ``clause``."""
    verbs = words().lang.cjk_activity
    return clause.startswith(verbs) and any(_verb_in(clause, v) == 0 for v in verbs
                                            if clause.startswith(v))


def done_state(text: str) -> str:
    """The verb that closes a Chinese clause after its subject to state a deliverable as
    done ("支付系统正式上线", "迁移工作完成"), or "". Japanese closes every phrase with its
    verb ("セミナーを開催"), so it is not read this way."""
    if _KANA.search(text):
        return ""
    lang = words().lang
    for clause in split_clauses(text):
        clause = _after_time(clause)
        if _task_first(clause):
            return ""  # the task comes first: "完成 支付流程上线"
        done = ending(clause, lang.cjk_done)
        if done and len(clause) > len(done) + 1:
            return done
        went = first_in(clause, zh_words().succeeded)
        if went and not clause.startswith("率", clause.find(went) + len(went)) \
                and not _DIGIT.search(text):
            return went  # "成功编译 Rust", "dist 成功打包并部署"
    return "can" if _ability(_sentences(text)[0]) else ""


def _changed_subject(text: str) -> str:
    """The moving verb a text of one sentence closes with after its subject, not after a
    task verb: "数据处理能力提升" states a change of its subject (a result, measured or
    not), "" otherwise."""
    sentences = _sentences(text)
    if len(sentences) != 1 or _KANA.search(text):
        return ""  # Japanese closes every sentence with its verb, a task's too
    sentence = strip_adverbs(sentences[0].strip())
    verb = ending(sentence, words().lang.cjk_outcome)
    if not verb or len(sentence) <= len(verb) + 1 or _task_first(sentence):
        return ""
    return verb


def _after_time(clause: str) -> str:
    """``clause`` without the time it opens with ("季度末完成 …" → "完成 …")."""
    zh = zh_words()
    if not clause.startswith(zh.leading_time):
        return clause
    found = starting(clause, zh.leading_time)
    rest = clause[len(found):]
    return rest if found and rest else clause


def strip_adverbs(clause: str) -> str:
    """``clause`` without the time and the adverbs before its verb ("持续加强 …" →
    "加强 …")."""
    zh = zh_words()
    clause = _after_time(clause)
    while clause.startswith(zh.adverbs) \
            and (found := starting(clause, zh.adverbs)) \
            and len(clause) > len(found):
        clause = clause[len(found):]
    return clause


def _ability(sentence: str) -> bool:
    """Whether a subject is said to be able to do a thing, to have it, or to do it by
    itself, before any task verb of the sentence: "网关可接入 …", "Agent 能驱动 …",
    "决策具备 …", "報告自動產出" (not "功能", "可视化", "自动化" or "半自动", words of
    their own)."""
    zh = zh_words()
    if not zh.ability_chars.intersection(sentence):
        return False
    lang = words().lang
    task = min((at for v in lang.cjk_activity
                if v in sentence and (at := _verb_in(sentence, v)) >= 0),
               default=len(sentence)) if holds(sentence, lang.cjk_activity) else len(sentence)
    head = sentence[:task]
    if any(head.find(word) > 0 for word in zh.ability):
        return True
    for at, char in enumerate(head):
        if at == 0 or at + 1 >= len(sentence) or not _CJK_CHAR.match(sentence[at + 1]):
            continue
        if char in "能可" and head[at - 1] not in zh.not_ability_before \
                and sentence[at + 1] not in zh.not_ability_after:
            return True
    for word in zh.automatic:
        at = head.find(word)
        if at > 0 and head[at - 1] not in "半全" and not sentence.startswith("化", at + len(word)):
            return True
    return False


def names_metric(text: str) -> bool:
    """Whether the last clause (of Chinese or Japanese, not an abbreviation in brackets)
    ends with a measure noun ("转化率", "顧客満足度", "准时交付率(OTD)")."""
    if "+" in text and not all(names_metric(part) for part in text.split("+")):
        return False  # a list of things to build: "失败重试 UI + 跳转精度"
    clauses = [c for c in split_clauses(text) if _CJK_CHAR.search(c)]
    return bool(clauses) and clauses[-1].endswith(words().lang.cjk_metric)


def quantity_ending(clause: str, endings: tuple[str, ...]) -> str:
    """The ending of ``clause`` that names a quantity ("率", "完成情况"), or "": not a
    word that only ends like one ("力度", "制度")."""
    zh = zh_words()
    if clause.endswith(zh.not_quantity_endings):
        return ""
    return next((e for e in (*endings, *zh.quantity_endings) if clause.endswith(e)), "")


def opens_with_task(clause: str) -> bool:
    """Whether ``clause`` opens with a task verb, after a time and adverbs ("持续加强 …")."""
    return _task_first(strip_adverbs(clause))


def _strong_metric_ending(text: str) -> bool:
    """:func:`names_metric` by a rate or a measure noun of two characters or more ("率",
    "排名"), not a character that also closes other words ("度" in "制度")."""
    clauses = [c for c in split_clauses(text) if _CJK_CHAR.search(c)]
    return bool(clauses) and clauses[-1].endswith(_strong_metrics())


@cache
def _strong_metrics() -> tuple[str, ...]:
    """The measure nouns of two characters or more, and "率"."""
    return tuple(m for m in words().lang.cjk_metric if len(m) > 1 or m == "率")


_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def zero_count(text: str) -> bool:
    """Whether a Chinese sentence opens with a count of incidents kept at zero: "零安全事故",
    "全年无重大故障", "杜绝数据丢失事件"."""
    if _KANA.search(text):
        return False
    zh = zh_words()
    sentence = strip_adverbs(_sentences(text)[0].strip()) if _sentences(text) else ""
    none = starting(sentence, zh.none_words)
    return bool(none) and any(n in sentence[len(none):len(none) + 10] for n in zh.incidents)


def has_number(text: str) -> bool:
    """Whether ``text`` holds a number, in digits or in Chinese numerals."""
    return bool(_DIGIT.search(text))
