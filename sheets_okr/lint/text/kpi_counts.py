"""KPI names shaped as a count of things, whatever verb or word of work they hold: things
and a participle saying them done ("Employees trained", "Trained staff", "Corsi erogati"),
things a clause describes ("Residents who feel safe"), a sign of a share or count opening
the name ("% …", "# …", "Nº …")."""

from __future__ import annotations

import re

from . import cues as C
from .kpi_words import KpiWords
from .words import NONE, PREPOSITIONS, words

# A plural past participle of Spanish, Portuguese, Italian or French, known by its
# ending: "agendadas", "atendidos", "erogati", "eseguite", "dispensées", "traités".
_ROMANCE_PARTICIPLE = re.compile(
    r"^[^\W\d_]{3,}(?:ad[oa]s|id[oa]s|[aiu]t[ie]|é(?:e)?s)$")
# Pronouns opening a clause about the noun before them.
_RELATIVES = frozenset({"who", "that", "which", "die", "dat", "welke", "welche",
                        "deren", "que", "qui", "che", "cui", "yang"})
# How the plurals of the languages read end: "residents", "inwoners", "kinderen",
# "Haushalte", "cittadini", "clientes".
_PLURAL_ENDINGS = ("s", "en", "e", "i", "er")
# A code in capitals opening a name, the scheme it is filed under ("BBV", "WMO").
CODE = re.compile(r"^\s*[A-Z]{2,6}\s")
# "% of …", "# of …", "Nº de …": a sign of a share or a count opening a name, in any language.
COUNT_SIGN = re.compile(r"^\W*?([%％#№]|n[º°]\.?(?=\s)|no\.(?=\s))", re.IGNORECASE)


def plural_noun(word: str) -> bool:
    """A plural read as a verb by its ending ("features", "testes"), not a verb's own form
    in a list ("Implementar")."""
    w = words()
    return (word.endswith("s") and not word.endswith(("ss", "is", "us"))
            and word not in w.activity_verbs
            and word not in w.lang.activity_verbs and len(word) > 3)


def counts_done(texts: list[str], start: int) -> bool:
    """Whether a name opens with things and a participle saying them done, a count:
    "Employees trained this quarter", "Suppliers onboarded", "Corsi erogati"."""
    if start + 1 >= len(texts):
        return False
    first, done = texts[start], texts[start + 1]
    if _ROMANCE_PARTICIPLE.match(done):
        # "Interventi effettuati", "Visitas agendadas", "Formations dispensées"
        return first.endswith(("s", "i")) and len(texts) - start <= 5 \
            and C.verb_or_infinitive(texts, start)[0] == NONE
    return plural_noun(first) and done.endswith("ed") and len(done) > 4


def done_before(texts: list[str], start: int) -> bool:
    """Whether an English name opens with a past participle saying the things after it
    done, a count: "Trained staff", "Hired engineers" — not "Deployed the fix" (an
    article after it) nor "Need analysis" (no participle)."""
    if start + 1 >= len(texts):
        return False
    done, what = texts[start], texts[start + 1]
    w = words()
    return len(done) > 4 and done.endswith("ed") and not done.endswith("eed") \
        and what.isalpha() and what not in w.determiners and what not in PREPOSITIONS \
        and what not in w.prepositions \
        and (plural_noun(what) or C.verb_or_infinitive(texts, start + 1)[0] == NONE)


def counted_with_clause(k: KpiWords, texts: list[str], start: int) -> str:
    """The things a name opens with when a clause about them follows, saying what they
    do or are ("Residents who feel safe", "Kinderen die kunnen zwemmen", "Clientes que
    repiten compra"): a count of them, whatever verb the clause holds; "" otherwise (not
    "Ensure that backups run", opened by a verb)."""
    at = next((i for i in range(start + 1, min(start + 3, len(texts) - 1))
               if texts[i] in _RELATIVES), 0)
    if not at or k.measure.at(texts, start) or k.quantity.at(texts, start):
        return ""  # "Percentage inwoners dat …": the share is the head, read as one
    w = words()
    before = texts[start:at]
    if texts[at] != "yang" and not before[-1].endswith(_PLURAL_ENDINGS):
        return ""  # "Check that …": no things counted (Indonesian marks no plural)
    if any(C.verb_or_infinitive(texts, i)[0] != NONE or t in w.lang.activity_verbs
           or w.lang.final_infinitive.match(t) and not t.endswith(("ers", "eren"))
           for i, t in zip(range(start, at), before, strict=True)):
        return ""
    return " ".join(before)
