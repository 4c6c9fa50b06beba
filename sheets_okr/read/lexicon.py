"""Header words by role (``data/lexicon.toml``): which roles a header names, matched as
whole words inside it, in fifteen languages."""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources

_TOKEN = re.compile(r"%|[^\W_]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
LANGUAGES = ("en", "es", "pt", "de", "fr", "it", "nl", "tr", "pl", "ru", "vi", "zh", "ja", "id",
             "sv")


def fold(text: object) -> str:
    """Lower case without accents (``Đ`` as ``d``), spaces kept.

    >>> fold("Gerçekleşen"), fold("Kết quả"), fold("% META")
    ('gerceklesen', 'ket qua', '% meta')
    """
    raw = str(text or "")
    if raw.isascii():  # nothing to take off
        return raw.casefold()
    raw = raw.replace("đ", "d").replace("Đ", "D").replace("ı", "i")
    decomposed = unicodedata.normalize("NFKD", raw)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def tokens(text: object) -> tuple[str, ...]:
    """The words of a header (``%`` is a word of its own).

    >>> tokens("BOXES % TARGET"), tokens("Profit per Click")
    (('boxes', '%', 'target'), ('profit', 'per', 'click'))
    """
    return tuple(_TOKEN.findall(fold(text)))


@dataclass(frozen=True)
class Match:
    """A role a header names: how much of the header the phrase covers (0-1], the phrase
    and its language."""

    role: str
    score: float
    phrase: str
    language: str


@dataclass(frozen=True)
class Lexicon:
    phrases: dict[tuple[str, ...], tuple[tuple[str, str], ...]]
    cjk: tuple[tuple[str, str, str], ...]
    longest: int
    lists: dict[str, frozenset[tuple[str, ...]]]
    labels: dict[str, frozenset[tuple[str, ...]]]
    suffixes: dict[str, frozenset[tuple[str, ...]]]


@functools.cache
def data() -> dict:
    text = resources.files("sheets_okr").joinpath("data/lexicon.toml").read_text("utf-8")
    return tomllib.loads(text)


@functools.cache
def lexicon() -> Lexicon:
    raw = data()
    phrases: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    cjk: list[tuple[str, str, str]] = []
    for role, by_lang in raw["roles"].items():
        for lang, words in by_lang.items():
            for word in words:
                if _CJK.search(word):
                    cjk.append((fold(word), role, lang))
                    continue
                key = tokens(word)
                if len(key) == 1 and len(key[0]) == 1 and key[0] != "#":
                    continue
                if key and (role, lang) not in phrases.setdefault(key, []):
                    phrases[key].append((role, lang))
    cjk.sort(key=lambda item: -len(item[0]))

    def sets(section: dict[str, list[str]]) -> dict[str, frozenset[tuple[str, ...]]]:
        return {k: frozenset(tokens(w) for w in v) for k, v in section.items()}

    return Lexicon(
        phrases={k: tuple(v) for k, v in phrases.items()},
        cjk=tuple(cjk),
        longest=max(len(k) for k in phrases),
        lists={"helpers": frozenset(tokens(w) for w in raw["helpers"]["words"]),
               "subtotals": frozenset(tokens(w) for w in raw["subtotals"]["words"]),
               "band_markers": frozenset(tokens(w) for w in raw["band_markers"]["words"])},
        labels=sets(raw["form_labels"]),
        suffixes=sets(raw["row_suffixes"]),
    )


@functools.lru_cache(maxsize=8192)
def header_roles(text: str) -> tuple[Match, ...]:
    """Every role ``text`` names, best first: a phrase covering the whole header scores
    1.0, one covering part of it less (``META SEMANA`` names a target and a week).

    >>> sorted(m.role for m in header_roles("META SEMANA"))
    ['date', 'target']
    >>> header_roles("Current Benchmark")[0].role, header_roles("BOXES % TARGET")[0].role
    ('baseline', 'progress')
    >>> header_roles("得分（0-1 分）")[0].role, header_roles("Gerçekleşen")[0].role
    ('score', 'current')
    """
    words = tokens(text)
    best: dict[str, Match] = {}

    def offer(role: str, covered: float, phrase: str, lang: str) -> None:
        score = round(0.4 + 0.6 * min(covered, 1.0), 4)
        old = best.get(role)
        if old is None or score > old.score or (score == old.score
                                                and len(phrase) > len(old.phrase)):
            best[role] = Match(role, score, phrase, lang)

    lex = lexicon()
    if words:
        weight = sum(len(w) for w in words) or 1
        for size in range(min(lex.longest, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                key = words[i:i + size]
                for role, lang in lex.phrases.get(key, ()):
                    covered = size / len(words) if size == len(words) else \
                        0.5 * size / len(words) + 0.5 * sum(len(w) for w in key) / weight
                    offer(role, covered, " ".join(key), lang)
    folded = fold(text)
    if _CJK.search(folded):
        letters = len(_CJK.findall(folded)) or 1
        for phrase, role, lang in lex.cjk:
            if phrase in folded:
                offer(role, len(phrase) / letters, phrase, lang)
    return tuple(sorted(best.values(), key=lambda m: (-m.score, -len(m.phrase))))


def role_score(text: str, role: str) -> float:
    """How strongly ``text`` names ``role`` (0 when it does not)."""
    return next((m.score for m in header_roles(text) if m.role == role), 0.0)


def in_list(text: object, name: str) -> bool:
    """Whether ``text`` is one of the words of a list (``helpers``, ``subtotals``,
    ``band_markers``), as a whole.

    >>> in_list("Grand Total", "subtotals"), in_list("TIME FRAME", "helpers")
    (True, True)
    """
    words = tokens(text)
    if words:
        return words in lexicon().lists[name]
    symbol = str(text or "").strip()
    return bool(symbol) and symbol in data()[name]["words"]


def label_of(text: object) -> str | None:
    """The key (``owner``, ``team``, ``period``, ``role``) of a form label such as
    ``Họ và tên:``."""
    words = tokens(text)
    if not words:
        return None
    return next((k for k, v in lexicon().labels.items() if words in v), None)


def split_suffix(text: object) -> tuple[str, str] | None:
    """A row label ending in a measure word: ``("No of Calls", "current")`` for
    ``No of Calls Act``.

    >>> split_suffix("Customers PY"), split_suffix("No of sales")
    (('Customers', 'baseline'), None)
    """
    raw = str(text or "").strip()
    words = tokens(raw)
    if len(words) < 2:
        return None
    for size in (3, 2, 1):
        if len(words) <= size:
            continue
        tail = words[-size:]
        for key, options in lexicon().suffixes.items():
            if tail in options:
                parts = raw.split()
                return " ".join(parts[:len(parts) - size]).strip(" -–:·"), key
    return None


def languages_of(texts: list[str]) -> dict[str, int]:
    """How many of ``texts`` name a role in each language."""
    counts: dict[str, int] = {}
    for text in texts:
        for lang in {m.language for m in header_roles(text) if m.score >= 0.7}:
            counts[lang] = counts.get(lang, 0) + 1
    return counts
