"""Confidence typed as a word or an emoji, and a KPI's direction typed as words or an
arrow: both read against the words of ``data/aliases.toml`` in every language."""

from __future__ import annotations

import functools
import re
import unicodedata

from .cells import alias_words, is_blank


def _fold_word(text: str) -> str:
    text = text.casefold()
    if not text.isascii():  # ASCII has no accents or emoji variants to take off
        text = unicodedata.normalize("NFKD", text.replace("\ufe0f", ""))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.replace("_", " ").split()).strip(" .!:;,")


@functools.cache
def _word_table(section: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, words in alias_words()[section].items():
        for word in words:
            table.setdefault(_fold_word(str(word)), canonical)
    return table


def parse_confidence(value: object) -> str | None:
    """Confidence typed as a word or an emoji: ``on track``, ``at risk`` or ``off track``;
    None when blank or not one of the known words.

    >>> parse_confidence("🙂"), parse_confidence("⚠️"), parse_confidence("Baja")
    ('on track', 'at risk', 'off track')
    >>> parse_confidence("0.7") is None
    True
    """
    if not isinstance(value, str) or is_blank(value):
        return None
    return _word_table("confidence").get(_fold_word(value))


_DIRECTION_WORDS = {"lower": "lower is better", "higher": "higher is better"}


def parse_direction(value: object) -> str | None:
    """A KPI direction written as words or an arrow, in any of the five languages:
    ``lower is better`` or ``higher is better``; None when unclear.

    >>> parse_direction("menor es mejor"), parse_direction("↓"), parse_direction("Höher")
    ('lower is better', 'lower is better', 'higher is better')
    >>> parse_direction("Lower is better (days)"), parse_direction("sideways")
    ('lower is better', None)
    """
    if not isinstance(value, str) or is_blank(value):
        return None
    table = _word_table("direction")
    key = _fold_word(value)
    found = table.get(key)
    if found is None:
        phrases = sorted((w for w in table if len(w) > 3 or not w.isascii()),
                         key=len, reverse=True)
        found = next((table[w] for w in phrases
                      if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", key)), None)
    return _DIRECTION_WORDS.get(found or "")
