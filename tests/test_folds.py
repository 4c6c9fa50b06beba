"""Folding a name or a word for matching: plain ASCII text, which has no accents to take
off, folds as the full Unicode folding would fold it."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from sheets_okr.read import lexicon, vocab
from sheets_okr.schema import _SPACES, TABS, column_index, normalize_name
from sheets_okr.values.confidence import _fold_word, parse_confidence
from sheets_okr.values.dates import month_number

_TEXT = st.one_of(st.text(max_size=20),
                  st.text(st.characters(max_codepoint=127), max_size=20),
                  st.sampled_from(["Réel", "KR Count", "ＫＰＩ", "Kelvin \u212a", "À risque",
                                   "ﬁnal", "Öffnung", "OK ✔️", "Ağustos", "Mär.", "đ"]))


def _strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@given(_TEXT)
def test_names_fold_as_unicode_folding_does(text: str) -> None:
    assert normalize_name(text) == _SPACES.sub("", _strip_accents(text)).casefold()


@given(_TEXT)
def test_words_fold_as_unicode_folding_does(text: str) -> None:
    folded = _strip_accents(text.replace("\ufe0f", "").casefold())
    assert _fold_word(text) == " ".join(folded.replace("_", " ").split()).strip(" .!:;,")
    raw = text.replace("đ", "d").replace("Đ", "D").replace("ı", "i")
    assert lexicon.fold(text) == _strip_accents(raw).casefold()


def test_accented_and_plain_spellings_meet() -> None:
    assert normalize_name("Réel") == normalize_name("reel") == "reel"
    assert month_number("Mär.") == month_number("mar") == 3
    assert parse_confidence("Élevée") == parse_confidence("ELEVEE") == "on track"


@given(st.one_of(_TEXT, st.sampled_from(["Target", "Owner", "Objective / Key Result",
                                         "Key Result", "Date", "Notes", "Meta", ""])))
def test_any_role_is_a_role_of_some_tab(header: str) -> None:
    by_tab = any(column_index(tab).get(header) for tab in TABS)
    assert vocab.any_role(header) == bool(
        vocab.layout_role(header) or vocab.is_date_header(header) or by_tab)
