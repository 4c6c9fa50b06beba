"""Match initiative names against KPI names without comparing every pair.

Each name is tokenised once (lowercase, stop words dropped, abbreviations spelled out,
lightly stemmed); an inverted index from word to names picks the few candidates that
share a word (or a close spelling of one), and only those are scored with rapidfuzz.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz, process

from .tokens import _normalise
from .words import words

WORD_MATCH = 85.0


def _stem(word: str) -> str:
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + repl
    return word


@lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    w = words()
    spelled: list[str] = []
    for raw in re.findall(r"[^\W_]+", _normalise(name).replace("%", " percent ")):
        spelled.extend(word for word in w.abbreviations.get(raw, (raw,))
                       if word not in w.stop_words)
    kept = [word for word in spelled if word not in w.units] or spelled
    return tuple(_stem(word) for word in kept)


def name_tokens(name: str) -> list[str]:
    """Normalised words of a name: lowercase, punctuation and stop words dropped,
    abbreviations expanded, lightly stemmed; units ("%", "(days)") dropped unless the
    name is nothing else."""
    return list(_name_tokens(name))


def _join_compounds(ta: Sequence[str], tb: Sequence[str]) -> list[str]:
    """``ta`` with two adjacent words merged where ``tb`` writes them as one ("up time")."""
    out: list[str] = []
    i = 0
    while i < len(ta):
        if i + 1 < len(ta) and ta[i] + ta[i + 1] in tb:
            out.append(ta[i] + ta[i + 1])
            i += 2
        else:
            out.append(ta[i])
            i += 1
    return out


def _score(ta: Sequence[str], tb: Sequence[str]) -> float:
    if not ta or not tb:
        return 0.0
    ta, tb = _join_compounds(ta, tb), _join_compounds(tb, ta)
    unmatched = list(tb)
    common = 0
    for word in ta:
        best = process.extractOne(word, unmatched, scorer=fuzz.ratio, score_cutoff=WORD_MATCH)
        if best is not None:
            unmatched.pop(best[2])
            common += 1
    overlap = 2 * common / (len(ta) + len(tb))
    ratio = fuzz.ratio(" ".join(sorted(ta)), " ".join(sorted(tb))) / 100
    return round(min(1.0, 0.6 * overlap + 0.4 * ratio), 3)


def similar_name(a: str, b: str) -> float:
    """Similarity of two names in 0..1, ignoring order, case, punctuation, units and
    stop words.

    Blends the share of words the two names have in common (a word matches a close
    spelling of itself) with the similarity of the sorted words.
    """
    return _score(_name_tokens(a), _name_tokens(b))


@dataclass
class NameIndex:
    """KPI names indexed by their words, to find the one an initiative name matches."""

    keys: list[object]
    names: list[tuple[str, ...]]
    postings: dict[str, list[int]]
    vocabulary: list[str]  # the names' single words, for close spellings
    near: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, items: Iterable[tuple[object, str]]) -> NameIndex:
        keys: list[object] = []
        names: list[tuple[str, ...]] = []
        postings: dict[str, list[int]] = defaultdict(list)
        singles: set[str] = set()
        for key, name in items:
            toks = _name_tokens(name)
            if not toks:
                continue
            at = len(names)
            keys.append(key)
            names.append(toks)
            singles.update(toks)
            for word in set(toks):
                postings[word].append(at)
            for a, b in pairwise(toks):
                postings[a + b].append(at)
        return cls(keys, names, dict(postings), sorted(singles))

    def _near(self, word: str) -> tuple[int, ...]:
        """Indexed names holding ``word``, a close spelling of one of their words, or
        ``word`` split in two ("up time"), each name once."""
        hits = self.near.get(word)
        if hits is None:
            found = {i for close, _, _ in process.extract(
                word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=WORD_MATCH,
                limit=None) for i in self.postings[close]}
            found.update(self.postings.get(word, ()))
            hits = self.near[word] = tuple(sorted(found))
        return hits

    def best(self, name: str, threshold: float) -> object | None:
        """Key of the first indexed name (in insertion order) scoring at least
        ``threshold`` against ``name``, or None.

        A name can only reach the threshold when enough of its words match: the words
        two names share bound the word overlap that :func:`similar_name` weighs at 0.6,
        so names sharing too few are never scored.
        """
        toks = _name_tokens(name)
        if not toks:
            return None
        hits: Counter[int] = Counter()
        for word in toks:
            hits.update(self._near(word))
        for a, b in pairwise(toks):
            hits.update(set(self.postings.get(a + b, ())))
        la = len(toks)
        for at in sorted(hits):
            lb = len(self.names[at])
            shared = min(hits[at], la, lb)
            bound = min(1.0, 2 * shared / (-(-la // 2) - (-lb // 2)))
            if 0.6 * bound + 0.4 < threshold:
                continue
            if _score(toks, self.names[at]) >= threshold:
                return self.keys[at]
        return None
