"""A key result that names a thing to build, with no verb: "Dark mode for the mobile app",
"Streaming API", "Audit logging for admin actions".

An English noun phrase with no verb in its main clause, no number, no measure and no
wording of a result or a quality names a deliverable — the work of a project, not a
result it brings. A clause with a verb ("Peerpad runs on Chrome", "Users can export a
CSV") states a capability instead, and a text in another language is left to the cues of
that language.
"""

from __future__ import annotations

from functools import cache

from .tokens import Token, _lemmas, _verb_class, is_done_word
from .words import NONE, Phrases, table, words


@cache
def _english_verb(word: str) -> bool:
    w = words()
    forms = _lemmas(word)
    return _verb_class(word) != NONE or bool(forms & w.sentence_verbs) \
        or word in w.sentence_verbs


def _main_clause(toks: list[Token]) -> list[Token]:
    """The words before the first word that opens a clause ("alerts *when* …")."""
    w = words()
    for i, t in enumerate(toks):
        if i and t.text in w.clause_openers:
            return toks[:i]
    return toks


def _has_verb(toks: list[Token]) -> bool:
    """Whether the main clause holds a finite verb after its first word: a copula, a
    modal, a participle, a word in -s before a determiner ("Ansible *manages* our …"), or
    a known verb in its -s form ("Peerpad *runs* on …") or after a plural subject ("Users
    *understand* …")."""
    w = words()
    main = [t.text for t in _main_clause(toks)]
    for i in range(1, len(main)):
        word, prev = main[i], main[i - 1]
        nxt = main[i + 1] if i + 1 < len(main) else ""
        if word in w.copulas or word in w.perfect_auxiliaries or word in w.modals:
            return True
        if is_done_word(word) or (word.endswith("ed") and _english_verb(word)):
            return True
        plural = word.endswith("s") and not word.endswith("ss")
        if plural and nxt in w.determiners:
            return True
        if word.endswith("ing") and bool(_lemmas(word) & w.sentence_verbs):
            return True
        if not _english_verb(word) or prev in w.determiners:
            continue
        if plural and nxt not in w.noun_followers:
            return True
        if not plural and (nxt in w.determiners or (
                prev not in w.breakers and word in w.sentence_verbs)):
            return True
    return False


def _foreign(toks: list[Token], raw: str) -> bool:
    """Whether a word marks another language: one of its function words or auxiliaries, a
    word of its lists, a letter English does not write, a German infinitive at the end
    ("Wareneinsatz optimieren")."""
    w = words()
    lang = w.lang
    for t in toks:
        word = t.text
        if not word.isascii() or word in w.foreign_words or word in lang.auxiliaries \
                or word in lang.state_verbs or word in lang.future_auxiliaries:
            return True
        if word in lang.activity_verbs or word in lang.outcome_verbs \
                or word in lang.metric_nouns or word in lang.task_nouns:
            return True
        if word.endswith(w.foreign_endings) and len(word) > 6:
            return True
    last = raw.split()[-1].strip(".!") if raw.split() else ""
    return (last.islower() and len(last) >= 7 and last.endswith(("en", "ern", "eln"))
            and not last.endswith("teen") and last not in w.english_en_words)


def names_deliverable(toks: list[Token], raw: str) -> bool:
    """Whether an English text with no leading verb names a thing to build (see the
    module docstring); the caller has checked that it names no number nor measure."""
    w = words()
    found = [t.text for t in toks if t.word]
    if len(found) < 2 or len(found) > 12 or found[0] in w.quantifiers \
            or len(raw.split()) < 2:
        return False  # also a formula or an address: "=IMPORTXML(…)"
    if _english_verb(found[0]) and found[1] in ("of", "for"):
        return False  # "Support for SSO", "Set of checklists": what is offered, not built
    main = [t.text for t in _main_clause(toks)]
    head = next((main[i - 1] for i in range(1, len(main))
                 if main[i] in w.breakers or main[i] in w.prepositions), main[-1])
    if head in w.result_nouns or head in w.state_nouns or found[-1] in w.result_nouns:
        return False
    if any(word in w.aspiration_words or word in w.targets or word in w.comparatives
           or word in w.qualities or word.endswith(("able", "ible")) for word in found):
        return False
    if any(word.endswith("ly") and len(word) > 4 and word not in w.not_adverbs
           for word in found):
        return False  # an adverb qualifies a verb: "Reconcile bank accounts automatically"
    return not _foreign([t for t in toks if t.word], raw) and not _has_verb(toks)


@cache
def _head_first() -> Phrases:
    return Phrases(table("deliverable")["head_first"])


def opens_with_built_thing(toks: list[Token]) -> str:
    """The noun of a thing built that opens a text in a language that puts the head of a
    noun phrase first ("Guías de despliegue", "Relatório trimestral por componente"), or
    ""; the caller has checked that the text names no number, measure nor result."""
    texts = [t.text for t in toks if t.word]
    found = _head_first().at(texts, 0)
    return " ".join(found) if found else ""


def names_new_thing(toks: list[Token]) -> bool:
    """Whether a text of another language opens with "new" before a noun in the singular
    ("Nueva app para repartidores", "Novo portal do cliente"), a thing to build — not a
    count of new customers ("Nuevos clientes", "Neue Bewertungen")."""
    found = [t.text for t in toks if t.word]
    if len(found) < 2 or found[0] not in words().lang.new_words:
        return False
    lang = words().lang
    if any(is_done_word(word) or word in lang.outcome_verbs or word in lang.activity_verbs
           or word in lang.auxiliaries for word in found[1:]):
        return False  # a statement: "Neuer Auftrag gewonnen"
    head = found[1]
    return not head.endswith("s") and head not in lang.metric_nouns
