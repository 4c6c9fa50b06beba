"""Cues read off a tokenised text: its leading verb, its noun phrase, changes, comparisons."""

from __future__ import annotations

import re
from functools import cache

from .inflections import conjugated_outcome, romance_outcome_participle, verb_phrases_by_form
from .tokens import Token, _is_participle, _lemmas, _verb_class, is_done_word, numbered
from .words import ACTIVITY, MULTIPLIER, NONE, OUTCOME, words


def _skip_fillers(texts: list[str]) -> int:
    w = words()
    i = 0
    while i < len(texts):
        phrase = w.fillers.at(texts, i)
        if phrase is not None and i + len(phrase) < len(texts):
            i += len(phrase)
        elif (texts[i].endswith("ly") and len(texts[i]) > 4 and i + 1 < len(texts)
              and texts[i] not in w.not_adverbs and _verb_class(texts[i + 1]) != NONE):
            i += 1
        else:
            return i
    return i


def _verb_at(texts: list[str], at: int) -> tuple[str, str, int]:
    """(class, verb, index after it) of a verb starting at ``at``; class "none" if none."""
    if at >= len(texts):
        return NONE, "", at
    for phrase, kind in verb_phrases_by_form().get(texts[at], ()):
        if tuple(texts[at + 1: at + len(phrase)]) == phrase[1:]:
            return kind, " ".join(phrase), at + len(phrase)
    kind = _verb_class(texts[at])
    return (NONE, "", at) if kind == NONE else (kind, texts[at], at + 1)


def verb_or_infinitive(texts: list[str], at: int, raw: str = "") -> tuple[str, str, int]:
    """:func:`_verb_at`, or else a word shaped like an infinitive of another language
    ("Consolidar …", "Refatorar …", "Sécuriser …"): a task verb the lists do not hold.
    A word written in ``raw`` with a capital inside ("RevPAR") is a name, not a verb."""
    kind, verb, after = _verb_at(texts, at)
    if kind != NONE or at >= len(texts):
        return kind, verb, after
    w = words()
    lang = w.lang
    word = texts[at]
    if lang.infinitive.match(word) and word not in lang.not_infinitives \
            and word not in _mixed_case(raw):
        return ACTIVITY, word, at + 1
    if word in w.metric_nouns and at + 1 < len(texts) and (
            texts[at + 1] in w.determiners or texts[at + 1] in _camel_case(raw)):
        return ACTIVITY, word, at + 1  # "Load the fixtures", "Load LdapAdapter from …"
    return kind, verb, after


def _mixed_case(raw: str) -> set[str]:
    return {m.lower() for m in _MIXED.findall(raw)} if raw else set()


_MIXED = re.compile(r"\b\w+[A-Z]\w*")
_CAMEL = re.compile(r"\b(?:[A-Za-z]*[a-z][A-Z]|[A-Z]{2,}[a-z])\w*")


def _camel_case(raw: str) -> set[str]:
    """Names written in camel case in ``raw`` ("LdapAdapter", "HTTPClient"), lowercased."""
    return {m.lower() for m in _CAMEL.findall(raw)} if raw else set()


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
            if kind in (ACTIVITY, OUTCOME, MULTIPLIER):
                return kind, verb, end
    return NONE, "", start


_SUBJECT_LEAD = frozenset({"our", "the", "new", "some", "die", "der", "unsere", "los", "las",
                           "nuestros", "les", "nos", "os", "as", "nossos", "gli", "de"})
# "All managers hold …", "Each rep calls …": a share of people (all of them), a result.
_QUANTIFIERS = frozenset({"all", "every", "each", "both", "alle", "jede", "jeder", "jedes",
                          "todos", "todas", "cada", "tous", "toutes", "chaque", "tutti",
                          "ogni", "iedere", "elke"})


# "we" as a subject later in a text ("By the spring release we run …"), and the words
# of a future in between ("we will", "wir werden").
_PRONOUNS = frozenset({"we", "wir", "nous", "nosotros", "noi", "wij", "nós", "kami", "kita"})
_WILL = frozenset({"will", "'ll", "ll", "shall", "werden", "wollen", "vamos", "a", "allons",
                   "iremos", "van", "zullen", "gaan", "akan"})


def subject_verb(toks: list[Token], start: int) -> tuple[str, str, int]:
    """The task verb after a subject naming the team's own people: "Engineers *run* a
    weekly demo", "CEs *document* …", "Die Members *besuchen* …". A subject of customers
    or users ("Users create …") states a result, and so does a subject of all of them
    ("All managers finish the coaching track": a share of 100%); neither is read here."""
    w = words()
    texts = [t.text for t in toks]
    i = start
    while i < len(texts) and texts[i] in _SUBJECT_LEAD:
        i += 1
    if i < len(texts) and texts[i] in _QUANTIFIERS:
        return NONE, "", start
    for j in range(i, min(i + 10, len(texts) - 1)):
        if texts[j] in _PRONOUNS:
            k = j + 1
            while k < len(texts) - 1 and texts[k] in _WILL:
                k += 1
            kind, verb, end = _verb_at(texts, k)
            return (kind, verb, end) if kind != NONE else (NONE, "", start)
    for j in range(i, min(i + 3, len(texts) - 1)):
        if not toks[j].word:
            return NONE, "", start
        if texts[j] in w.people and texts[j] not in _SUBJECT_LEAD:
            k = j + 1
            if texts[k].endswith("ly") and k + 1 < len(texts):
                k += 1
            kind, verb, end = _verb_at(texts, k)
            if kind == ACTIVITY:
                return kind, verb, end
            return NONE, "", start
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
        if t.number or not t.text[:1].isalpha() or (j > i and (t.text in w.breakers
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
    """A from-X-to-Y change, or "X to Y", between two numbers, in any of the languages
    ("de 200 a 300", "von 12 auf 20")."""
    w = words()
    froms, tos = w.change_from, w.change_to
    texts = [t.text for t in toks]
    if tos.isdisjoint(texts):
        return False
    for i, t in enumerate(toks):
        if t.text in froms and numbered(toks[i + 1: i + 4]):
            k = next((k for k in range(i + 2, min(i + 6, len(texts))) if texts[k] in tos), 0)
            if k and numbered(toks[k + 1: k + 4]):
                return True
        if t.number and i + 2 < len(toks) and texts[i + 1] in tos and toks[i + 2].number:
            return True
    return False


def _comparisons(toks: list[Token]) -> list[int]:
    """Indexes of comparators bound to a number ("below 2%", "5 days or less")."""
    w = words()
    texts = [t.text for t in toks]
    found: list[int] = []
    for i in sorted({*w.comparators_before.starts(texts), *w.comparators_after.starts(texts)}):
        phrase = w.comparators_before.at(texts, i)
        if phrase is not None:
            nxt = i + len(phrase)
            if phrase == ("of",) and nxt + 1 < len(toks) and toks[nxt].number \
                    and texts[nxt + 1] in w.activity_nouns:
                continue
            if nxt < len(toks) and (toks[nxt].number or (
                    texts[nxt] == "+" and nxt + 1 < len(toks) and toks[nxt + 1].number)):
                found.append(i)
                continue
        phrase = w.comparators_after.at(texts, i)
        if phrase is not None and i > 0 and numbered(toks[max(0, i - 3): i]):
            found.append(i)
    return found


def _metric_positions(texts: list[str]) -> set[int]:
    w = words()
    found = {i for i, t in enumerate(texts) if t in w.metric_nouns
             or (t in w.abbreviations and w.abbreviations[t][-1] in w.metric_nouns)}
    for i in w.metric_phrases.starts(texts):
        phrase = w.metric_phrases.at(texts, i)
        if phrase is not None:
            found.add(i + len(phrase) - 1)
    return found


def _reads_as_compound(toks: list[Token], start: int, after: int) -> bool:
    """Whether a leading verb is the first word of a measure's name ("win rate",
    "test coverage", "training hours per employee")."""
    w = words()
    texts = [t.text for t in toks]
    lead = texts[start]
    forms = _lemmas(lead) | (_lemmas(lead[2:]) if lead.startswith("re") else set())
    gerund = lead.endswith("ing") and _verb_class(lead) == ACTIVITY
    if after != start + 1 or after >= len(toks) or not (forms & w.nounlike_verbs or gerund):
        return False
    nxt = toks[after]
    if nxt.number or not nxt.word or nxt.text in w.determiners or nxt.text in w.breakers:
        return False
    _, end = _chunk(toks, after)
    if end == after:
        return False
    head = texts[end - 1]
    # "w/" (with) shortens a name's qualifier ("Returns w/Refund"); orders spell "with" out
    counted = head in w.count_nouns and (end == len(texts) or texts[end] not in w.breakers
                                         or texts[end] == "w")
    return (head in w.metric_nouns or head in w.effort_nouns or counted
            or texts[after] in w.metric_nouns
            or (end < len(texts) and texts[end] in w.per))


# Endings of a Spanish, Portuguese or Italian gerund: "logrando", "atingindo", "riducendo".
_GERUNDS = ("ando", "endo", "indo")


def _result_clause(toks: list[Token], after: int, core_end: int | None = None) -> bool:
    """A later clause naming the result an activity should bring: "… that lift
    activation to 30%", "… so that 50% of accounts activate", "…, logrando un 90 % de
    …"."""
    w = words()
    texts = [t.text for t in toks]
    last_number = max((i for i, t in enumerate(toks) if t.number), default=-1)
    last_measure = max((i for i, t in enumerate(toks) if t.measure), default=-1)
    for i in range(after, len(toks)):
        if last_number <= i:  # no number after this word
            return False
        if last_measure > i and w.purpose.at(texts, i):
            return True
        if toks[i].word and _verb_class(texts[i]) in (OUTCOME, MULTIPLIER):
            return True
        if texts[i].endswith(_GERUNDS) and conjugated_outcome(texts[i]) and any(
                t.number for t in toks[i + 1:min(i + 8, core_end or len(toks))]):
            return True  # "…, logrando un 90 % de …": the result the work brings
        relative = w.lang.result_relatives.at(texts, i)
        verb_at = i + len(relative) if relative else len(texts)
        window = toks[verb_at + 1: min(verb_at + 6, core_end or len(toks))]
        if verb_at < len(texts) and conjugated_outcome(texts[verb_at]) \
                and any(t.number for t in window):
            return True  # "… que generen 50.000 visitas", not "… que generemos comunidad"
    return False


def skip_lang_fillers(texts: list[str], at: int) -> int:
    """``at`` moved past other languages' lead-ins ("Wir …", "Nous …")."""
    lang = words().lang
    phrase = lang.fillers.at(texts, at)
    while phrase is not None and at + len(phrase) < len(texts):
        at += len(phrase)
        phrase = lang.fillers.at(texts, at)
    return at


def lead_task_word(texts: list[str], at: int) -> tuple[str, str]:
    """(class, word) of a task or result named without an English verb: a leading task
    noun ("Einführung …", "Lancement …"), an infinitive at the end ("Ideen sammeln") or
    a verbal noun ("…raporların çıkarılması")."""
    lang = words().lang
    if at >= len(texts):
        return NONE, ""
    first = texts[at]
    phrase = lang.verb_phrases.at(texts, at)
    if phrase is not None:
        return ACTIVITY, " ".join(phrase)
    if first in lang.task_nouns:
        return ACTIVITY, first
    if first in lang.outcome_nouns:
        return OUTCOME, first
    if nominal_task(texts, at) or (at + 1 < len(texts) and texts[at + 1] == "of"
                                   and (derived_task(first) or _verbal_noun(first))):
        return ACTIVITY, first
    last = next((t for t in reversed(texts) if t[:1].isalpha()), "")
    if last in lang.activity_verbs and last != first:
        return ACTIVITY, last
    if lang.future_auxiliaries & set(texts) and lang.participle.match(last) \
            and last not in lang.outcome_verbs and first not in _QUANTIFIERS:
        # "Die Preisliste wird überarbeitet": a task; "Jede Anfrage wird … beantwortet":
        # what holds for all of them, a result
        return ACTIVITY, last
    if lang.task_suffixes and (last.endswith(lang.task_suffixes)
                               or last.startswith(lang.task_stems)) \
            and not last.startswith(lang.outcome_stems):
        before = texts[-2] if len(texts) > 1 else ""
        if not before.startswith(tuple(lang.metric_nouns)):
            return ACTIVITY, last
    return NONE, ""


def _verbal_noun(word: str) -> bool:
    """A task verb made a noun by "-ing" or a hyphen: "Refactoring (of …)", "Roll-out
    (of …)" — not its base form ("Set of checklists")."""
    return (word.endswith("ing") or "-" in word) and _verb_class(word) == ACTIVITY


# English nouns of doing and the endings of the verbs they come from:
# "curation" ← "curate", "definition" ← "define", "deployment" ← "deploy",
# "identification" ← "identify".
_DERIVATIONS = (("ification", ("ify",)), ("ation", ("ate", "e", "")),
                ("ition", ("e", "ite")), ("ment", ("",)),
                ("al", ("e",)))


@cache
def derived_task(word: str) -> bool:
    """An English noun made from a task verb: "curation", "deployment", "removal" (not a
    measure's name: "engagement")."""
    w = words()
    if word in w.metric_nouns or word in w.count_nouns:
        return False
    for suffix, endings in _DERIVATIONS:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            if any(_verb_class(stem + end) == ACTIVITY for end in endings):
                return True
    return False


@cache
def from_task_verb(word: str) -> bool | None:
    """Whether a noun of doing of another language comes from a listed task verb, also at
    the end of a compound: "Überarbeitung" ← "überarbeiten", "Rechnungsprüfung" ← "prüfen",
    "Implementación" ← "implementar" (not "Kundenbindung", "Movimentação"); None when no
    ending of the language files applies."""
    lang = words().lang
    for noun_end, verb_end in lang.derivations:
        if word.endswith(noun_end) and len(word) > len(noun_end) + 2:
            stem = word[: -len(noun_end)]
            if not verb_end:
                return True  # every verb of this ending is one of doing: "Digitalisierung"
            return any(stem[i:] + verb_end in lang.activity_verbs
                       for i in range(len(stem) - 2))
    return None


def nominal_task(texts: list[str], at: int) -> bool:
    """A leading noun of doing in another language: "Überarbeitung der Website",
    "Refonte du site", "Implementación de …" — unless it names a measure ("Auslastung",
    "Satisfacción del cliente") or a moved one."""
    lang = words().lang
    first = texts[at]
    nxt = texts[at + 1] if at + 1 < len(texts) else ""
    for suffixes, linkers in lang.nominals:
        if first.endswith(suffixes) and len(first) > 5 and (
                not linkers or nxt in linkers or nxt.startswith("d'") or not nxt):
            return not first.endswith(lang.nominal_not_tasks) \
                and first not in lang.metric_nouns and from_task_verb(first) is not False
    return False


def _outcome_participle(word: str) -> bool:
    w = words()
    return (bool(_lemmas(word) & _moving_verbs())
            or word in w.lang.outcome_verbs or romance_outcome_participle(word))


@cache
def _moving_verbs() -> frozenset[str]:
    w = words()
    return w.outcome_verbs | w.multiplier_verbs


@cache
def _linking_words() -> frozenset[str]:
    """The words after which :func:`done_state` looks for a done state."""
    w = words()
    return w.copulas | w.perfect_auxiliaries | w.lang.auxiliaries | w.lang.state_verbs


def _leading_participle(texts: list[str], lead: str) -> bool:
    """A text that opens with a past participle states a done deliverable: "Published at
    …", "Simplified and improved UX" (not "Run …", whose participle is its base form)."""
    w = words()
    first = texts[0] if texts else ""
    if first in w.revised_states and len(texts) > 1 and texts[1] not in w.determiners:
        return True  # "Updated TAM process in the handbook": a thing that was revised
    if not first.endswith("ed") or not _is_participle(first) or _outcome_participle(first):
        return False
    if len(texts) > 2 and texts[1] == "and" and is_done_word(texts[2]):
        return True
    if lead != ACTIVITY:
        return False
    # "Revamped the API and improved its docs": two verbs in the past, not an adjective
    # ("Automated tests for the API")
    if any(a == "and" and _is_participle(b)
           for a, b in zip(texts[2:], texts[3:], strict=False)):
        return True
    # "Automated deal routing launched": a noun phrase stated as done later on
    return (len(texts) == 1 or texts[1] in w.breakers
            or any(w.milestones.at(texts, i) for i in w.milestones.starts(texts) if i > 1))


_OWNING = frozenset({"has", "have", "gets"})


def _possession(texts: list[str], start: int) -> str:
    """The verb of a deliverable stated as owned or present: "the CLI *has* a plugin
    API", "*there is* a runbook for …", "the app *gets* a dark mode"."""
    if texts[start:start + 2] in (["there", "is"], ["there", "are"]):
        return "there is" if len(texts) > start + 2 and texts[start + 2] in ("a", "an") else ""
    if _OWNING.isdisjoint(texts):
        return ""
    for i in range(start + 1, len(texts) - 1):
        if texts[i] in _OWNING and texts[i + 1] in ("a", "an"):
            return texts[i]
    return ""


# Linking a noun to its complement ("Análisis *de* resultados"): a participle-shaped word
# after one is a noun.
_SHARE_OF = frozenset({"of", "de", "del", "das", "dos", "da", "do", "des", "du", "di", "dei"})


def done_state(toks: list[Token], start: int, lead: str) -> str:
    """The word that states a deliverable as done, or "": "SSO *is enabled*", "We have
    *shipped* …", "Plan *finalisiert*", "Der Prozess *ist etabliert*", "Wir *kennen* …"."""
    w = words()
    lang = w.lang
    texts = [t.text for t in toks]
    if not lang.future_auxiliaries.isdisjoint(texts):
        return ""
    if start < len(texts) and texts[start] in lang.state_verbs:
        return texts[start]
    first = texts[start] if start < len(texts) else ""
    if start == 0 and _leading_participle(texts, lead):
        return first
    if start == 1 and texts[0].endswith("ly") and first.endswith("ed") \
            and _is_participle(first) and not _outcome_participle(first):
        return first  # "Clearly defined process for …"
    if len(texts) > start + 2 and first in w.perfect_auxiliaries \
            and texts[start + 1] in ("a", "an") and not numbered(toks):
        return first
    owned = _possession(texts, start)
    if owned and start == 0 and lead == NONE and not numbered(toks):
        return owned
    if lead == ACTIVITY and not is_done_word(first) and first not in w.perfect_auxiliaries \
            and first not in lang.auxiliaries and not first.endswith("'ve"):
        return ""
    linked = not _linking_words().isdisjoint(texts) or "'ve " in " ".join(texts) + " "
    for i, word in enumerate(texts if linked else ()):
        if i == start and word in w.copulas:
            continue
        if word in w.copulas or word in w.perfect_auxiliaries or word.endswith("'ve") \
                or word in lang.auxiliaries:
            stop = i + 5 if word in w.copulas else len(texts)
            for j in range(i + 1, min(stop, len(texts))):
                later = texts[j]
                if is_done_word(later) and not _outcome_participle(later):
                    return later
                phrase = (w.milestones.at(texts, j) or lang.state_words.at(texts, j)
                          or (word in w.copulas and w.copula_states.at(texts, j)))
                if phrase:
                    return " ".join(phrase)
        if word in lang.state_verbs and i <= start + 1:
            return word
    last = next((t for t in reversed(texts) if t[:1].isalpha()), "")
    if lead == NONE and last and (is_done_word(last) or lang.state_words.at([last], 0)) \
            and not _outcome_participle(last) and len(texts) - start > 1:
        return last
    if lead == NONE and not numbered(toks):
        # "Proyectos piloto ejecutados con dos clientes": a participle of another language
        # after the leading noun phrase states it done
        for i in range(start + 1, min(start + 4, len(texts))):
            word = texts[i]
            if word.endswith(lang.done_endings) and lang.participle.match(word) \
                    and not _is_participle(word) \
                    and texts[i - 1] not in _SHARE_OF and not _outcome_participle(word):
                return word
    return ""
