"""The infinitive a German or Dutch text closes with, the form a task is written in
("Neue Website launchen"), told from the plural noun a name closes on ("Werkloze
jongeren", "Inwoners met schulden"), which ends the same way."""

from __future__ import annotations

import re

from .tokens import is_done_word
from .words import PREPOSITIONS, words

SUBORDINATE = re.compile(r",\s*(?:die|der|das|den|dem|deren|dessen|welche[rsnm]?|dass|"
                          r"wenn|weil|ob|damit|sodass|die|dat|waarin|omdat)\b", re.IGNORECASE)
_RAW_WORD = re.compile(r"[^\W\d_][^\W_]*(?:['-][^\W_]+)*")


# The endings of German and Dutch adjectives before a noun ("Werkloze", "Zufriedene" is
# not one: it also ends a noun), which no infinitive's object ends with.
_ADJECTIVE_ENDINGS = ("ige", "lijke", "liche", "loze", "lose", "ische", "bare", "ieve",
                      "ende")
# A Dutch or German past participle before a noun: "(af)ge-…-de", "ge-…-te".
_PARTICIPLE_BEFORE = re.compile(r"^[a-zäöü]{0,5}ge[a-zäöüë]{3,}[dt]e$")
_AND_OR = frozenset({"en", "of", "und", "oder"})
# Pronouns opening a clause about a noun in German and Dutch ("Kinder, die …", written
# without its comma too).
_RELATIVES = frozenset({"die", "welke", "welche", "deren", "dessen"})


def final_infinitive(raw: str) -> str:
    """The infinitive a German or Dutch text closes with when no list holds it ("Neue
    Website launchen", "Angebote nachfassen"): a lowercase word of an infinitive's shape
    after a capitalised noun, not a verb of a result ("Kundenbindung stärken"); "" if
    none."""
    w = words()
    lang = w.lang
    matches = list(_RAW_WORD.finditer(raw))
    found = [m.group(0) for m in matches]
    if len(found) < 2 or not any(word[:1].isupper() for word in found[:-1]):
        return ""
    last = found[-1]
    if not last.islower() or not lang.final_infinitive.match(last) \
            or raw[matches[-1].start() - 1] == "-" or last in lang.auxiliaries \
            or last in lang.future_auxiliaries:
        return ""  # not the end of a compound ("Kundenbewertungen und -rückmeldungen")
    if last in lang.outcome_verbs or last in lang.not_infinitives \
            or last in w.english_en_words or last in lang.metric_nouns \
            or is_done_word(last) or lang.state_words.at([last], 0) is not None:
        return ""
    before = found[-2]
    if before.islower() and before.endswith("e") \
            or len(found) == 2 and (before.lower().endswith(_ADJECTIVE_ENDINGS)
                                    or _PARTICIPLE_BEFORE.match(before.lower())):
        # an adjective before a plural noun: "Aantal actieve klanten", "Werkloze jongeren",
        # "Afgehandelde klachten"
        return ""
    if before.lower() in PREPOSITIONS and before.lower() not in _AND_OR:
        return ""  # what a preposition takes is a noun: "Inwoners met schulden"
    if any(word.lower() in _RELATIVES for word in found[1:3]):
        return ""  # the verb of a clause about the noun opening the name: "Kinderen die
        # kunnen zwemmen"
    if before.lower() in _AND_OR and len(found) > 2 \
            and not found[-3].lower().endswith(("en", "ern", "eln")):
        return ""  # joined to a noun, a noun: "Security patching en incidenten"
    if found[0].lower() in lang.metric_nouns:
        return ""  # "Anzahl …", "Aantal …": a count
    lowered = {word.lower() for word in found[:-1]}
    if found[-2].lower() in lang.infinitive_markers or lowered & lang.auxiliaries \
            or lowered & lang.ability_modals or last in lang.ability_modals:
        return ""  # "… zu gestalten", "ist … beschrieben", "Wir können … tätigen"
    if SUBORDINATE.search(raw):
        return ""  # the verb of a clause about a noun: "Anteil der Kunden, die … nutzen"
    return last
