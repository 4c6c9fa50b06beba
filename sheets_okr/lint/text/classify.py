"""Tell activities, outcomes, milestones, metrics and aspirations apart in OKR and KPI texts.

The text rules (OKR101–OKR104, OKR120) ask one question of a cell: what kind of statement
is it? The answer comes from a few linguistic cues — the leading verb, numbers and their
units, a from-X-to-Y change, comparators, the head noun of the phrase, a done-state shape —
read against the word lists in ``data/``. Texts that differ only in their numbers, IDs
and names share one analysis (see :func:`shape`).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from . import cjk, vi
from . import cues as C
from .bars import held_count, measured_bar, money_after, relative_change
from .decide import decide
from .deliverable import names_deliverable, names_new_thing, opens_with_built_thing
from .feature_set import Features, amend, build
from .infinitives import SUBORDINATE, final_infinitive
from .memory import CURRENT
from .notes import CLOSING_NOTE, effort_estimate, noted_target, without_progress_note
from .outputs import counted_outputs
from .routine import schedule
from .statements import capability, says, thing_does
from .tokens import Token, _is_participle, _is_plural, _lemmas, is_done_word, measured, tokens
from .words import (
    ACTIVITY,
    ASPIRATION,
    METRIC,
    MILESTONE,
    MULTIPLIER,
    NONE,
    OUTCOME,
    fold,
    is_cjk,
    table,
    words,
)
from .zero import in_use, kept_at_zero, kept_at_zero_cjk, says_in_use

_DIGITS = re.compile(r"\d+")
_WORDS = re.compile(r"[^\W\d_][^\W_]*(?:['&-][^\W_]+)*")
_LEADING_WHEN = re.compile(
    r"^\s*(?:before|by|after|until|till|in|on|during|from|at|once|every|each|when|whenever|"
    r"if|starting|within|throughout|bis|vor|nach|ab|am|im|jeden|jede|jedes|einmal|wenn|"
    r"sobald|spätestens|antes|después|hasta|durante|cada|cuando|al|a partir|avant|après|"
    r"pendant|chaque|quand|lorsque|dès|d'ici|à|até|depois|ao|no|na|quando|todo|toda|"
    r"entro|prima|dopo|ogni|voor|na|binnen|elke|tegen)\b[^,;:%$€£]{0,60}[,;:]\s*(?=\S)",
    re.IGNORECASE)


_LABEL = re.compile(r"^\s*(?:\[[^\]\s]{1,24}\]\s*|(?:KR|OKR|KPI|O|I)\s?\d[\d.]*\s*[:.)–-]\s+)",
                    re.IGNORECASE)
_TICKET = re.compile(r"\b[A-Z][A-Z0-9]{1,9}-\d+\b")
_QUOTES = frozenset('"“«„`')
# A template's unknown number: X or Y after a word that leads to a number ("from X to
# Y", "de X para Y", "en X%", "at least X") or a currency, or before a percent sign.
_UNKNOWN_NUMBER = re.compile(
    r"(\b(?:from|to|at|by|of|least|than|de|para|a|en|al|von|auf|bis|à|van|naar|tot|da|"
    r"di|menos|mínimo|minimum)\s+|[$€£]\s?)?\b[XY]\b(\s?%)?(?!['’-])")


def _unknown_number(match: re.Match[str]) -> str:
    lead, percent = match.group(1), match.group(2)
    return f"{lead or ''}5{percent or ''}" if lead or percent else match.group(0)


_QUOTED = re.compile(r"\"[^\"]{1,40}\"|“[^”]{1,40}”|«[^»]{1,40}»|„[^“]{1,40}“|`[^`]{1,40}`")


def shape(text: str) -> str:
    """``text`` with what cannot change its class made uniform, so that texts that differ
    only in it share one analysis: a leading label ("KR 1.2:", "[ENG-42]") is dropped,
    ticket IDs ("ENG-142") and quoted names ("Project Falcon") become placeholders, a
    template's X or Y written where a number goes ("from X to Y", "en X%", "$Y") is one,
    and every run of digits becomes 5 (a year stays a year, and zero stays zero).

    >>> shape("Team 7: raise NPS from 31 to 40 by 2026")
    'Team 5: raise NPS from 5 to 5 by 2000'
    >>> shape("Raise NPS from X to Y for product X")
    'Raise NPS from 5 to 5 for product X'
    >>> shape('KR 1.2: Launch "Project Falcon" (ENG-142)') == shape('KR 3: Launch "Atlas" (OPS-7)')
    True
    """
    def one(match: re.Match[str]) -> str:
        digits = match.group(0)
        if digits == "0":
            return "0"  # a count kept at zero is not a count to reach
        return "2000" if len(digits) == 4 and 1990 <= int(digits) <= 2100 else "5"

    text = _LABEL.sub("", text.strip())
    if "-" in text:
        text = _TICKET.sub("ID-1", text)
    if not _QUOTES.isdisjoint(text):
        text = _QUOTED.sub('"Name"', text)
    if "X" in text or "Y" in text:
        text = _UNKNOWN_NUMBER.sub(_unknown_number, text)
    return _DIGITS.sub(one, text)


def features(text: str) -> Features:
    """The cues of ``text`` (see :class:`Features`)."""
    return analyse(text)[0]


def classify(text: str) -> str:
    """One of "activity", "outcome", "milestone", "metric" or "aspiration" (remembered from
    the last run when a text memory is in use, see :mod:`.memory`)."""
    memory = CURRENT.get()
    if memory is not None:
        return memory.classify(text, _label)
    return analyse(text)[1]


def _label(text: str) -> str:
    return analyse(text)[1]


def forget() -> None:
    """Let go of the readings kept of texts and their shapes: a run reads each text
    once or twice, and its text memory keeps their classes for the next run."""
    analyse.cache_clear()
    _analyse_shape.cache_clear()


READINGS_KEPT = 4096
"""Texts (and shapes) whose readings are kept: a run's text memory answers a text asked
again, and a flag explains a text just read."""


@lru_cache(maxsize=READINGS_KEPT)
def analyse(text: str) -> tuple[Features, str]:
    """(the cues, the class) of a text, by the shape of the text (read once per shape)."""
    return _analyse_shape(shape(text))


@lru_cache(maxsize=READINGS_KEPT)
def _analyse_shape(text: str) -> tuple[Features, str]:
    w = words()
    text = without_progress_note(text)
    stripped = _LEADING_WHEN.sub("", text)
    toks = tokens(stripped)
    texts = [t.text for t in toks]
    numbers = [t.number for t in toks]
    start = C.skip_lang_fillers(texts, C._skip_fillers(texts))
    # a schedule of the main clause, not of a clause about a noun ("…, where active
    # means posting once a month")
    main = len(texts) if _CLAUSES.isdisjoint(texts) else next(
        (i for i, t in enumerate(texts) if i and t in _CLAUSES), len(texts))
    routine, repeats = schedule(texts[:main], numbers[:main])
    if not routine and stripped != text:  # "Every Monday, review …"
        lead = tokens(text[:len(text) - len(stripped)])
        routine, repeats = schedule([t.text for t in lead], [t.number for t in lead])
    kind, verb, after = C.verb_or_infinitive(texts, start, text)
    # "Training developed and delivered to …", "Monitoring and alerting operational"
    gerund_subject = kind == ACTIVITY and verb.endswith("ing") and after < len(texts) \
        and (is_done_word(texts[after]) or (
            texts[after] in _AND and after + 1 < len(texts) and texts[after + 1].endswith("ing")
            and w.lang.state_words.at(texts, len(texts) - 1) is not None))
    if kind != NONE and (gerund_subject or C._reads_as_compound(toks, start, after) or (
            after < len(texts) and (texts[after] in w.copulas or texts[after] == "of"
                                    or (texts[after] == "for" and texts[start]
                                        in w.nounlike_verbs)
                                    or texts[after] in w.perfect_auxiliaries
                                    or says(texts[after])))):
        kind, verb, after = NONE, "", start
    if kind == NONE and start > 0:
        kind, verb, after = C._clause_verb(toks, start)
    if kind == NONE:
        kind, verb, after = C.subject_verb(toks, start)
    task_noun = False
    east_asian = is_cjk(text)
    if kind == NONE and not east_asian and not _forbidden(texts, start):
        rest = _after_lead_clause(text)
        if rest:
            return _analyse_shape(rest)
    # a closing note is not where a German or Dutch infinitive nor the object of the verb
    # stands: "Sign 5 partners (pilot)"
    core = CLOSING_NOTE.sub("", text)
    core_toks = toks if core == text else tokens(_LEADING_WHEN.sub("", core))
    if east_asian:
        kind, verb = cjk.lead(text)
        every = cjk.habit(text)
        if every:  # "每周健身4天": something to do on a schedule, whatever its number
            routine, repeats = every, True
            kind, verb = (kind, verb) if kind == ACTIVITY else (NONE, "")
        task_noun = kind == ACTIVITY
    elif kind == NONE:
        kind, verb = C.lead_task_word(
            texts if core == text else [t.text for t in core_toks], start)
        if kind == ACTIVITY and verb == texts[-1] and SUBORDINATE.search(core):
            kind, verb = NONE, ""  # "Kunden, die … abschließen": the verb of a clause
        if kind == NONE:
            found = final_infinitive(core)
            kind, verb = (ACTIVITY, found) if found else (kind, verb)
        if kind == ACTIVITY and texts[-1] in w.metric_nouns:
            kind, verb = NONE, ""
        task_noun = kind != NONE
        after = start + 1 if task_noun else after

    # a task named by a noun may be stated as done: "Control models updated"
    state = cjk.done_state(text) if east_asian else C.done_state(
        toks, start, NONE if task_noun else kind)
    share = not w.percent.isdisjoint(texts) or ("%" in text and any(t[-1:] == "%" for t in texts))
    if not state and kind == NONE and not east_asian and not share:
        state = in_use(texts, start)  # "Sales and marketing using one dashboard"
    # "30 demos held", "15 talleres realizados": a count of outputs
    counted_task = texts[start + 1] if start + 1 < len(toks) and toks[start].number and (
        fold(texts[start + 1]) in w.activity_nouns
        or texts[start + 1] in w.lang.task_nouns) else ""
    metric_at = C._metric_positions(texts)
    any_number = True in numbers
    compared = C._comparisons(toks)
    core_len = len(core_toks)
    head, phrase_start, head_end = C._head(toks[:core_len] if core_len > after else toks,
                                           after)
    follower = texts[head_end] if head_end < len(texts) else ""
    spends = kind == ACTIVITY and bool(_lemmas(verb.split()[0]) & w.spending_verbs)
    money = kind == ACTIVITY and money_after(toks, after)
    aspirational = _aspirational(text)
    feats = build(
        lead_verb=OUTCOME if kind == MULTIPLIER else kind,
        verb=verb,
        has_change=C._change(toks) or relative_change(toks),
        has_number=any_number or kind == MULTIPLIER or (
            east_asian and cjk.has_number(text)),
        has_measure=measured(toks) or (east_asian and "%" in text),
        has_comparator=bool(compared),
        metric_noun=bool(metric_at),
        noun_phrase=kind == NONE,
        head=head,
        metric_head=head_end - 1 in metric_at,
        metric_in_phrase=bool(metric_at) and any(phrase_start <= m < head_end
                                                  for m in metric_at),
        milestone=next((" ".join(p) for i in w.milestones.starts(texts)
                        if i >= after and (p := w.milestones.at(texts, i))), ""),
        counted=bool(follower) and _is_participle(follower),
        rate=follower in w.per and head_end + 1 < len(toks) and toks[head_end + 1].word,
        result_clause=kind in (ACTIVITY, ASPIRATION) and C._result_clause(toks, after, core_len),
        metric_compared=bool(compared) and bool(metric_at) and min(metric_at) < max(compared),
        means_clause=(not w.means.isdisjoint(texts) and any(
            texts[i] in w.means and texts[i + 1].endswith("ing")
            for i in range(after, len(texts) - 1))) or any(
            w.lang.means.at(texts, i) for i in w.lang.means.starts(texts)
            if after <= i < len(texts) - 1),
        aspirational=aspirational,
        state=state,
        opening_state=bool(state) and start == 0 and state == texts[0],
        task_noun=task_noun,
        metric_last=len(texts) - 1 in metric_at,
        head_task=head in w.activity_nouns or C.derived_task(head) or (
            # Romance languages put the head first: "Generar *reuniones* comerciales"
            verb in w.lang.outcome_verbs and phrase_start < len(texts)
            and texts[phrase_start] in w.lang.task_nouns),
        meets_target=bool(verb) and bool(_lemmas(verb.split()[0]) & w.meeting_verbs)
        and not w.targets.isdisjoint(texts[after:]),
        bar=measured_bar(toks),
        held=kind == ACTIVITY and any_number and held_count(toks),
        forbids="" if east_asian else _forbidden(texts, start),
        noted_target=noted_target(text),
        periodic=not w.periods.isdisjoint(texts),
        tasks_counted=counted_outputs(toks, start),
        share=share,
        # a cap on the first number: "Ship at most 1 …", not "Run ≥2 pilots (setup ≤4h)"
        capped=any(w.comparators_before.at(texts, i) in w.upper_bounds
                   and True not in numbers[:i] for i in compared),
        money_target=money and not spends,
        spends=spends,
        people_counted=not counted_task and start + 2 < len(toks) and toks[start].number and (
            texts[start + 1] in w.audience or texts[start + 2] in w.audience),
        outputs_first=start < len(toks) and toks[start].number and _is_plural(head)
        and head[:-1] in w.activity_nouns,
        perceives=any(map(_perceived, texts[start:start + 7])),
        zero_count=(start + 1 < len(toks) and texts[start] in w.zero_words
                    and toks[start + 1].word) or (east_asian and cjk.zero_count(text)),
        aspirational_object=aspirational and _aspiration_in_object(toks, after),
        lang_metric=(cjk.names_metric(text) if east_asian else start < len(texts) and (
            texts[start] in w.lang.metric_nouns or _measure_first(texts, start)
            or w.lang.metric_phrases.at(texts, start) is not None)),
        # a share on a schedule is a service level ("100% of PRs reviewed every day")
        routine="" if share else routine,
        # times per period of something not done by people outside the team nor by all
        # of a group ("Customers order twice a week", "All owners update it once a month")
        zero_after=bool(kept_at_zero_cjk(text) if east_asian else kept_at_zero(texts, start)),
        repeats=repeats and start < len(texts) and texts[start] not in w.quantifiers
        and w.audience.isdisjoint(texts) and w.count_nouns.isdisjoint(texts),
    )
    if not east_asian and vi.is_vietnamese(text):
        feats = vi.refine(feats, text)
    if _improves_a_thing(feats, texts):
        feats = amend(feats, vague_work=True)
    label = decide(feats)
    estimate = effort_estimate(text)
    if estimate and label == OUTCOME and not (feats.metric_noun or feats.lang_metric):
        return amend(feats, estimate=estimate), ACTIVITY
    if label in (ASPIRATION, METRIC) and not (feats.has_number or feats.has_change) \
            and not feats.perceives and (
                capability(texts) or (kind == NONE and thing_does(texts, start))):
        return amend(feats, state="can"), MILESTONE
    if label == ASPIRATION and kind == NONE and not east_asian and not (
            feats.has_number or feats.has_change or feats.has_comparator or feats.state
            or feats.metric_noun or feats.milestone):
        built = opens_with_built_thing(toks)  # "Guías de despliegue": the head comes first
        if built or names_deliverable(toks, text) or names_new_thing(toks):
            return amend(feats, deliverable=True, head=built or feats.head), ACTIVITY
    if label != ACTIVITY and not east_asian:
        parts = _heading(text)
        if parts is not None:
            rest_feats, rest_label = _analyse_shape(parts[1])
            if rest_label == ACTIVITY:
                return amend(rest_feats, heading=parts[0]), ACTIVITY
    return feats, label


def _forbidden(texts: list[str], start: int) -> str:
    """The task a text forbids, a rule of conduct: "push" in "Don't push code that fails
    tests", "salir" in "No salir la víspera de un partido"; "" when it forbids none (a
    count kept at zero: "No P1 incidents")."""
    w = words()
    negation = w.negations.at(texts, start)
    if negation is None:
        return ""
    at = start + len(negation)
    word = texts[at] if at < len(texts) else ""
    if word in _went_wrong_verbs():
        return ""  # a count kept at zero: "Never miss a renewal"
    if negation in _ENGLISH_NEGATIONS:  # a verb, whichever: "Never merge …"
        return word if word[:1].isalpha() and word not in w.determiners else ""
    # another language's "no" forbids an infinitive only ("No salir …"), never a noun
    # that an English verb is spelt like ("No releases …", "No change …")
    lang = w.lang
    return word if lang.infinitive.match(word) or word in lang.activity_verbs \
        or word in lang.outcome_verbs else ""


@cache
def _went_wrong_verbs() -> frozenset[str]:
    return frozenset(table("kept_at_zero")["went_wrong_verbs"])


_ENGLISH_NEGATIONS = frozenset({("don't",), ("dont",), ("do", "not"), ("never",)})


def _measure_first(texts: list[str], start: int) -> bool:
    """A text opening with the name of a measure: "% of …", "% monthly projects with …",
    "Number of …", "Share of …" — a metric, whatever it counts."""
    w = words()
    first = texts[start]
    return first in w.percent or (first in w.metric_nouns and start + 1 < len(texts)
                                  and texts[start + 1] == "of")


@lru_cache(maxsize=65536)
def _perceived(word: str) -> bool:
    return not _lemmas(word).isdisjoint(words().perception_verbs)


_SEPARATOR = re.compile(r"\s[-–—]\s|:\s")


def _heading(text: str) -> tuple[str, str] | None:
    """(heading, the work) of a key result that names a direction with no number before
    a colon or a dash and then the work itself: "Grow the community: host 6 meetups";
    None when it does not."""
    found = _SEPARATOR.search(text)
    if found is None or found.start() > 120:
        return None
    head, rest = text[:found.start()].strip(), text[found.end():].strip()
    if not rest or not head or _DIGITS.search(head):
        return None
    return (head, rest) if _analyse_shape(head)[1] == ASPIRATION else None


_AND = frozenset({"and", "et", "y", "e", "und", "en"})
# Opening a clause about a noun, in the languages of the word lists.
_CLAUSES = frozenset({"where", "which", "who", "whose", "donde", "cuyo", "cuya", "onde",
                      "cujo", "cuja", "où", "dont", "wo", "deren", "dessen", "dove", "waar"})

_TARGET_WORDS = frozenset({"to", "by", "at", "of"})


def _improves_a_thing(f: Features, texts: list[str]) -> bool:
    """"Improve", "optimise", "streamline"… with no measured target (a bare count at
    most) and an object that is neither a measure nor a result people feel: work on a
    thing ("Optimise the build scripts", "Improve 3 report templates"), not a result
    ("Improve customer satisfaction")."""
    w = words()
    if f.lead_verb == NONE or not f.verb or f.has_measure or f.has_comparator \
            or f.has_change or f.result_clause or f.metric_noun or f.lang_metric \
            or f.aspirational:
        return False
    if not _lemmas(f.verb.split()[0]) & w.improving_verbs:
        return False
    if f.has_number and any(a in _TARGET_WORDS and b[:1].isdigit()
                            for a, b in zip(texts, texts[1:], strict=False)):
        return False  # "to 4.3", "by 20": a target
    return f.head not in w.count_nouns and not any(t in w.result_nouns for t in texts)


_LEAD_CLAUSE = re.compile(r"^([^,;:()%$€£]{1,50}?)(?:[,;:]| [-–] )\s*(?=\S)")


def _after_lead_clause(text: str) -> str:
    """What follows a short leading clause when it starts with a verb: "Together with
    sales, run a pricing study" → "run a pricing study"; "" when nothing does."""
    w = words()
    found = _LEAD_CLAUSE.match(text)
    if found is None or len(found.group(1).split()) > 7:
        return ""
    lead = [t.text for t in tokens(found.group(1))]
    if any(t in w.copulas or t in w.perfect_auxiliaries or t in w.lang.auxiliaries
           or is_done_word(t) for t in lead):
        return ""  # a clause of its own: "The API is documented, …"
    rest = text[found.end():]
    toks = tokens(rest)
    texts = [t.text for t in toks]
    start = C.skip_lang_fillers(texts, C._skip_fillers(texts))
    kind, _, after = C.verb_or_infinitive(texts, start, rest)
    if kind == NONE or C._reads_as_compound(toks, start, after):
        return ""
    return rest


def _aspiration_in_object(toks: list[Token], after: int) -> bool:
    """Whether a qualitative word qualifies the object of the leading verb ("Build *a
    world-class team*", "Establish ourselves *as the trusted name*"), not a later clause
    ("Define the process to get the tests into a reliable state")."""
    w = words()
    _, start, end = C._head(toks, after)
    if end < len(toks) and toks[end].text == "as":
        _, _, end = C._head(toks, end + 1)
    return any(t.text in w.aspiration_words for t in toks[start:end])


def _aspirational(text: str) -> bool:
    """Qualitative wording ("a great culture"), not a capitalised name ("Great Place to
    Work") unless the whole text is capitalised."""
    found = _WORDS.findall(text)
    aspiration = words().aspiration_words
    if aspiration.isdisjoint([word.lower() for word in found]):
        return False
    names = any(word[:1].islower() for word in found)
    return any(word.lower() in aspiration and (i == 0 or not names or word[:1].islower())
               for i, word in enumerate(found))


# ---------------------------------------------------------------------------- predicates


def is_activity_kr(text: str) -> bool:
    """OKR101: a key result that reads as an initiative (an activity, no outcome)."""
    return classify(text) == ACTIVITY


def is_metric_name(text: str) -> bool:
    """OKR102: an initiative that names a metric instead of an action."""
    return classify(text) == METRIC


def is_metric_objective(text: str) -> bool:
    """OKR104: an objective that reads as a metric or carries a number target."""
    return classify(text) in (METRIC, OUTCOME)


def is_milestone_kr(text: str) -> bool:
    """OKR120: a key result written as a done/not-done milestone."""
    return classify(text) == MILESTONE


def explain(text: str) -> str:
    """Why ``text`` got its class, in a few words a flag can show.

    >>> explain("Launch the referral program")
    'starts with the task verb "launch" and names no measurable change'
    >>> explain("SSO is enabled for every workspace")
    'states a deliverable as done ("enabled") and names no measurable change'
    """
    f, label = analyse(text)
    parts = _heading(text) if f.heading else None
    if parts is not None:
        return f'names a direction ("{parts[0]}"), then the work: {explain(parts[1])}'
    if label == MILESTONE and f.state == "can":
        return "states a capability as there or not and names no measurable change"
    if label == MILESTONE and f.lead_verb == OUTCOME and not f.opening_state:
        return f'names a check to pass ("{f.verb}") and no measurable change'
    if label == MILESTONE and says_in_use(f.state):
        return f'states a thing in place and in use ("{f.state}") and names no measurable change'
    if label == MILESTONE:
        word = f.state or f.milestone
        quoted = f' ("{word}")' if word else ""
        return f"states a deliverable as done{quoted} and names no measurable change"
    if label == ACTIVITY:
        if f.forbids and f.lead_verb == NONE:
            return f'forbids a task ("{f.forbids}"): a rule to keep, not a result'
        if f.routine and (f.lead_verb == ACTIVITY or f.repeats):
            what = (f'starts with the task verb "{f.verb}"' if f.lead_verb == ACTIVITY
                    else "names something to do")
            raw = tokens(text)  # the words as written, not as the shape of the text
            said = schedule([t.text for t in raw], [t.number for t in raw])[0]
            return f'{what} on a schedule ("{said or f.routine}"): a habit to keep, not a result'
        if f.vague_work:
            return (f'starts with "{f.verb}" and names work on a thing ("{f.head}"), '
                    "no measure to move and no number")
        if f.estimate:
            return f'names a piece of work with an effort estimate (in "{f.estimate}")'
        if f.deliverable:
            return f'names a thing to build ("{f.head}") and no measurable change'
        if f.verb in words().lang.cjk_output_units:
            return f'counts outputs ("{f.verb}"), not a result'
        if f.task_noun:
            return f'names a task ("{f.verb}") and no measurable change'
        if f.lead_verb == ACTIVITY:
            extra = ("" if not f.has_number else " (an amount to spend)" if f.spends
                     else " (a count of outputs)")
            return f'starts with the task verb "{f.verb}" and names no measurable change{extra}'
        if f.lead_verb == OUTCOME and _lemmas(f.verb.split()[0]) & words().concluding_verbs:
            return f'starts with "{f.verb}" and names one agreement to conclude, no number'
        if f.lead_verb == OUTCOME and f.head in words().effort_nouns:
            return f'moves an input ("{f.head}"), not a result'
        if f.lead_verb == OUTCOME and f.means_clause and not f.has_number:
            return (f'starts with "{f.verb}", then names the work that would bring it, '
                    "and no number to reach")
        if f.lead_verb == OUTCOME:
            return (f'starts with "{f.verb}" but names a thing ("{f.head}"), '
                    "not a result to measure")
        if f.has_number:
            return f'counts outputs ("{f.tasks_counted or f.head}"), not a result'
        return f'names a piece of work ("{f.head}"), not a measure'
    if label == METRIC:
        return f'names a measure ("{f.head}") and no action' if f.head else "names a measure"
    if label == OUTCOME and (f.zero_count or f.zero_after):
        return "names a count to keep at zero"
    if label == OUTCOME and f.people_counted:
        return "counts people who do something, a result"
    if label == OUTCOME:
        return "names a measurable target"
    return "names a direction without a number"
